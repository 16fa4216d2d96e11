/* Unit tests for src/engine/riasec.c: letters, the one ordering of six scores (ties in RIASEC
 * order), interest codes, reading scores, and test.json's "types". */
#include "riasec.h"
#include "testutil.h"

#include <math.h>

static void test_letters(void **state)
{
    (void)state;
    static const char letters[] = "RIASEC";
    for (int t = 0; t < RIASEC_TYPES; t++) {
        assert_int_equal(riasec_letter(t), letters[t]);
        assert_int_equal(riasec_index(letters[t]), t);
    }
    assert_int_equal(riasec_letter(6), '?');
    assert_int_equal(riasec_letter(-1), '?');
    assert_int_equal(riasec_index('r'), -1);
    assert_int_equal(riasec_index('X'), -1);
    assert_int_equal(riasec_index('\0'), -1);
    assert_string_equal(riasec_onet_name(0), "Realistic");
    assert_string_equal(riasec_onet_name(5), "Conventional");
    assert_null(riasec_onet_name(6));
}

/* A table of scores and the order they must give; equal scores keep R, I, A, S, E, C order. */
static void test_order(void **state)
{
    (void)state;
    static const struct {
        double s[6];
        int want[6];
    } cases[] = {
        {{1, 2, 3, 4, 5, 6}, {5, 4, 3, 2, 1, 0}},
        {{0, 0, 0, 0, 0, 0}, {0, 1, 2, 3, 4, 5}},
        {{1, 3, 3, 2, 3, 0}, {1, 2, 4, 3, 0, 5}},
        {{40, 30, 20, 10, 0, 40}, {0, 5, 1, 2, 3, 4}},
        {{7.0, 1.5, 1.5, 6.9, 7.0, 1.5}, {0, 4, 3, 1, 2, 5}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int order[6];
        riasec_order(cases[i].s, order);
        for (int k = 0; k < 6; k++)
            if (order[k] != cases[i].want[k])
                fail_msg("case %zu, position %d: %d, not %d", i, k, order[k], cases[i].want[k]);
    }
}

static void test_codes_and_scores(void **state)
{
    (void)state;
    assert_true(riasec_is_code("ICA"));
    assert_true(riasec_is_code("CER"));
    assert_false(riasec_is_code("IIC"));
    assert_false(riasec_is_code("IC"));
    assert_false(riasec_is_code("ICAS"));
    assert_false(riasec_is_code("icA"));
    assert_false(riasec_is_code("IXA"));

    cJSON *j = cJSON_Parse("{\"R\": 1.5, \"I\": 7, \"A\": 3, \"S\": 2, \"E\": 4.25, \"C\": 1}");
    double v[6];
    assert_true(riasec_read(j, v));
    const double want[6] = {1.5, 7, 3, 2, 4.25, 1};
    for (int t = 0; t < 6; t++)
        assert_true(v[t] == want[t]);
    cJSON_Delete(j);
    j = cJSON_Parse("{\"R\": 1.5, \"I\": \"7\", \"A\": 3}");
    assert_false(riasec_read(j, v));
    assert_true(v[0] == 1.5 && isnan(v[1]) && v[2] == 3 && isnan(v[5]));
    cJSON_Delete(j);
}

static void test_types(void **state)
{
    (void)state;
    static const struct {
        const char *json, *expect;
    } cases[] = {
        {"{\"types\": [{\"letter\": \"R\", \"name\": \"Realistic\", \"plain\": \"p\"}]}",
         "t.json:1: \"types\" must describe all six interest types"},
        {"{\"types\": [\n{\"letter\": \"I\", \"name\": \"x\", \"plain\": \"p\"}]}",
         "t.json:2: \"types\" must list R, I, A, S, E, C in that order"},
        {"{}", "t.json:1: \"types\" must describe all six interest types"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256];
        jsondoc *doc = jsondoc_parse("t.json", cases[i].json, strlen(cases[i].json), err, sizeof err);
        assert_non_null(doc);
        collected got = {"", 0};
        diag d = {collect_diag, &got, 0, 0};
        const char *name[6], *plain[6];
        assert_int_equal(
            riasec_types_read(doc, cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "types"), name, plain, &d), -1);
        if (!strstr(got.text, cases[i].expect))
            fail_msg("case %zu: expected \"%s\" in:\n%s", i, cases[i].expect, got.text);
        jsondoc_free(doc);
    }
    sbuf all = SBUF_INIT;
    sbuf_puts(&all, "{\"types\": [");
    for (int t = 0; t < 6; t++)
        sbuf_printf(&all, "%s{\"letter\": \"%c\", \"name\": \"N%d\", \"plain\": \"P%d\"}", t ? ", " : "",
                    riasec_letter(t), t, t);
    sbuf_puts(&all, "]}");
    char err[256];
    jsondoc *doc = jsondoc_parse("t.json", all.p, all.len, err, sizeof err);
    diag d = {NULL, NULL, 0, 0};
    const char *name[6], *plain[6];
    assert_int_equal(
        riasec_types_read(doc, cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "types"), name, plain, &d), 0);
    assert_string_equal(name[2], "N2");
    assert_string_equal(plain[5], "P5");
    assert_int_equal(d.errors, 0);
    jsondoc_free(doc);
    sbuf_free(&all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_letters),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_codes_and_scores),
        cmocka_unit_test(test_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
