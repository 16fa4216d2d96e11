/* Unit tests for src/engine/template.c. */
#include "template.h"
#include "testutil.h"

static content *fixture(void)
{
    diag d = {NULL, NULL, 0};
    content *c = content_load(FIXTURES "/content", NULL, NULL, &d);
    assert_non_null(c);
    return c;
}

static const char *slot_fn(void *ud, const char *name, size_t *len)
{
    (void)ud;
    if (strcmp(name, "career"))
        return NULL;
    *len = 7;
    return "plumber and more";
}

static char *render(const content *c, const char *src, const char *career)
{
    static char out[2048];
    tpl t;
    char err[128];
    if (tpl_compile(src, &t, err, sizeof err) < 0)
        fail_msg("compile failed: %s", err);
    tpl_ctx ctx = {c, career ? content_find_id(c, career) : -1, -1, -1, slot_fn, NULL};
    sbuf b = SBUF_INIT;
    tpl_render(&t, &ctx, &b);
    snprintf(out, sizeof out, "%s", sbuf_str(&b));
    sbuf_free(&b);
    tpl_free(&t);
    return out;
}

static void test_render(void **state)
{
    (void)state;
    content *c = fixture();
    assert_string_equal(render(c, "{career.title|a} and {career.title}", "test-pilot"), "a Test Pilot and Test Pilot");
    assert_string_equal(render(c, "{career.title|a}", "ai-flight-engineer"), "an AI Flight Engineer");
    assert_string_equal(render(c, "{career.other_names|comma}.", "test-pilot"),
                        "Experimental Test Pilot and Flight Test Pilot.");
    assert_string_equal(render(c, "{career.duties|names}", "test-pilot"),
                        "Plan flights, Fly the aircraft, Record data, and Debrief");
    assert_string_equal(render(c, "{career.duties|count}", "test-pilot"), "4");
    assert_string_equal(render(c, "{career.skills|list}", "ai-flight-engineer"), "- C\n- control theory");
    assert_string_equal(render(c, "{career.related}", "test-pilot"), "AI Flight Engineer");
    assert_string_equal(
        render(c, "{career.specialisations}", "test-pilot"),
        "- **Rotorcraft Test Pilot**: Tests helicopters.\n- **AI Flight Engineer**: Tests autonomous flight software.");
    assert_string_equal(render(c, "zone {career.job_zone}", "test-pilot"), "zone 4");
    assert_string_equal(render(c, "[{slot.career}] {{x}}", NULL), "[plumber] {x}");
    assert_string_equal(render(c, "no career: {career.title}.", NULL), "no career: .");
    assert_true(tpl_field_present(c, content_find_id(c, "test-pilot"), "specialisations"));
    assert_false(tpl_field_present(c, content_find_id(c, "test-pilot"), "skills"));
    content_free(c);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    static const struct {
        const char *src, *expect;
    } cases[] = {
        {"hello {career.title", "unclosed '{'"},
        {"oops }", "unmatched '}'"},
        {"{title}", "must be career.FIELD"},
        {"{person.title}", "unknown namespace \"person\""},
        {"{career.title|upper}", "unknown filter \"upper\""},
        {"{career.}", "empty field name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tpl t;
        char err[128] = "";
        assert_int_equal(tpl_compile(cases[i].src, &t, err, sizeof err), -1);
        if (!strstr(err, cases[i].expect))
            fail_msg("\"%s\": expected \"%s\", got \"%s\"", cases[i].src, cases[i].expect, err);
    }
}

/* A record that lacks a field: the paragraph, the "(...)" or the line left empty by it goes. */
static void test_render_missing(void **state)
{
    (void)state;
    content *c = fixture();
    assert_string_equal(
        render(c, "Intro {career.title}.\n\nSkills:\n{career.skills|list}\n\n(Career data)", "test-pilot"),
        "Intro Test Pilot.\n\n(Career data)");
    assert_string_equal(render(c, "Intro {career.title}.\n\nSkills:\n{career.skills|list}", "test-pilot"),
                        "Intro Test Pilot.");
    assert_string_equal(
        render(c, "**{career.title}** (interests {career.skills}, zone {career.skills} of 5): x", "test-pilot"),
        "**Test Pilot**: x");
    assert_string_equal(render(c, "(zone {career.job_zone}, {career.skills})", "test-pilot"), "(zone 4, )");
    assert_string_equal(
        render(c, "A\n- {career.title}: {career.skills}\n- {career.title}: {career.job_zone}", "test-pilot"),
        "A\n- Test Pilot: 4");
    assert_string_equal(render(c, "**Education**\n- {career.title}: {career.skills}\n\nEnd", "test-pilot"),
                        "**Education**\n\nEnd");
    content_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_render_missing),
        cmocka_unit_test(test_syntax_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
