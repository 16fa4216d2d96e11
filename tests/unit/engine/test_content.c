/* Unit tests for src/engine/content.c: the career store, its validation and the alias index. */
#include "content.h"
#include "riasec.h"
#include "template.h"
#include "testutil.h"

static int find(const content *c, const char *text)
{
    sbuf norm = SBUF_INIT;
    text_normalise(text, strlen(text), &norm);
    size_t na;
    const text_abbrev *ab = content_abbrevs(c, &na);
    text_words w = {0};
    text_words_split(norm.p, norm.len, ab, na, &w);
    names_hit hit;
    int k = content_find_name(c, &w, 0, w.n, &hit) ? hit.career : -1;
    text_words_free(&w);
    sbuf_free(&norm);
    return k;
}

static void test_load_fixture(void **state)
{
    (void)state;
    collected got = {"", 0};
    diag d = {collect_diag, &got, 0};
    content *c = content_load(FIXTURES "/content", NULL, NULL, &d);
    assert_non_null(c);
    assert_int_equal(got.count, 0);
    assert_int_equal(content_count(c), 2);
    int pilot = content_find_id(c, "test-pilot");
    int ai = content_find_id(c, "ai-flight-engineer");
    assert_true(pilot >= 0 && ai >= 0);
    assert_string_equal(content_title(c, (size_t)pilot), "Test Pilot");
    assert_int_equal(content_find_id(c, "nope"), -1);

    assert_int_equal(find(c, "what does a test pilot do"), pilot);
    assert_int_equal(find(c, "Test Pilots?"), pilot);
    assert_int_equal(find(c, "experimental test-pilots"), pilot);
    assert_int_equal(find(c, "tell me about AI flight engineers"), ai);
    assert_int_equal(find(c, "the artificial intelligence flight engineer's day"), ai);
    assert_int_equal(find(c, "a pilot"), -1);
    assert_int_equal(find(c, "flight engineer"), -1);
    /* The longest name wins when two careers are named; then the leftmost. */
    assert_int_equal(find(c, "test pilot or ai flight engineer"), ai);
    assert_int_equal(find(c, "test pilot or flight test pilot"), pilot);
    /* Misspelled words are corrected to the closest word of a name. */
    assert_int_equal(find(c, "what does a tset pilott do"), pilot);
    assert_int_equal(find(c, "experimantal test pilots"), pilot);
    assert_int_equal(find(c, "ai flite engineer"), -1); /* "flite" is two edits from "flight": too short for that */
    assert_int_equal(find(c, "ai fligth enginer"), ai);
    content_free(c);
}

static void test_field_kinds(void **state)
{
    (void)state;
    assert_int_equal(content_field_kind("duties"), CK_ITEMS);
    assert_int_equal(content_field_kind("related"), CK_REFS);
    assert_int_equal(content_field_kind("summary"), CK_TEXT);
    assert_int_equal(content_field_kind("job_zone"), CK_INT);
    assert_int_equal(content_field_kind("salary"), -1);
}

/* One broken record per case: each must be reported with its file and the line of the problem. */
static void test_broken_records(void **state)
{
    (void)state;
    static const struct {
        const char *file, *text, *expect;
    } cases[] = {
        {"x.json", "{\n\"id\": \"x\",\n\"title\": \"X\",\n\"summary\": \"s\",\n\"workplace\": \"w\"\n}\n",
         "x.json:1: missing required field \"duties\""},
        {"x.json",
         "{\"id\": \"x\", \"title\": \"X\", \"summary\": \"s\", \"workplace\": \"w\",\n\"salary\": 5,\n\"duties\": "
         "[]}\n",
         "x.json:2: unknown field \"salary\""},
        {"x.json",
         "{\"id\": \"x\", \"title\": \"X\", \"summary\": \"s\", \"workplace\": \"w\",\n\"duties\": [{\"name\": \"a\", "
         "\"text\": \"b\"}]}\n",
         "x.json:2: \"duties\" must have 4 to 8 entries, not 1"},
        {"y.json", "{\"id\": \"x\"}\n", "y.json:1: id \"x\" must match the file name"},
        {"x.json", "{\"id\": \"x\",\n \"title\": \"X\",\n \"title\": \"Y\"}\n",
         "x.json:3: field \"title\" appears twice"},
        {"x.json", "{\n\n\"id\": \"x\" \"title\"}\n", "x.json:3: invalid JSON"},
        {"x.json", "{\"id\": \"x\", \"job_zone\": 9}\n", "\"job_zone\" must be a whole number from 1 to 5"},
        {"x.json", "{\"id\": \"x\", \"riasec\": \"IIX\"}\n", "\"riasec\" must be three different letters"},
        {"x.json", "{\"id\": \"x\", \"soc\": \"15-2051\"}\n", "\"soc\" must look like 15-2051.00"},
        {"x.json",
         "{\"id\": \"x\",\n\"riasec\": \"RIA\", \"interests\": {\"R\": 1, \"I\": 7, \"A\": 3, \"S\": 1, \"E\": 5, "
         "\"C\": 1}}\n",
         "x.json:2: \"riasec\" \"RIA\" is not the three highest"},
        {"x.json", "{\"id\": \"x\", \"interests\": {\"R\": 1, \"I\": 9}}\n",
         "\"interests\" must be {\"R\", \"I\", \"A\", \"S\", \"E\", \"C\"}"},
        {"x.json", "{\"id\": \"x\", \"summary\": \"<b>hi</b>\"}\n", "content is plain text, not HTML"},
        {"x.json", "[1, 2]\n", "x.json:1: a career record must be a JSON object"},
        /* Names that are not strings, in a record that is kept while loading (found by fuzz_content). */
        {"x.json", "{\"id\": \"x\", \"title\": \"X\",\n\"other_names\": [\"Y\", 1.5],\n\"shared_names\": [null]}\n",
         "x.json:2: entries of \"other_names\" must be non-empty strings"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[64], sub[128];
        temp_dir(dir, sizeof dir);
        snprintf(sub, sizeof sub, "%s/careers", dir);
        mkdir(sub, 0700);
        write_file(sub, cases[i].file, cases[i].text);
        collected got = {"", 0};
        diag d = {collect_diag, &got, 0};
        content *c = content_load(dir, NULL, NULL, &d);
        if (c || !strstr(got.text, cases[i].expect))
            fail_msg("case %zu: expected \"%s\" in:\n%s", i, cases[i].expect, got.text);
        content_free(c);
        remove_tree(dir);
    }
}

#define GOOD_RECORD                                                                                                    \
    "{\"id\": \"%s\", \"title\": \"%s\", \"summary\": \"s\", \"workplace\": \"w\",\n"                                  \
    "\"duties\": [{\"name\": \"a\", \"text\": \"b\"}, {\"name\": \"a\", \"text\": \"b\"},\n"                           \
    "{\"name\": \"a\", \"text\": \"b\"}, {\"name\": \"a\", \"text\": \"b\"}],\n"                                       \
    "\"related\": [\"%s\"]}\n"

static void test_cross_references(void **state)
{
    (void)state;
    char dir[64], sub[128], text[1024];
    temp_dir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/careers", dir);
    mkdir(sub, 0700);
    snprintf(text, sizeof text, GOOD_RECORD, "aa", "Data Engineer", "missing");
    write_file(sub, "aa.json", text);
    snprintf(text, sizeof text, GOOD_RECORD, "bb", "Data Engineers", "aa");
    write_file(sub, "bb.json", text);
    collected got = {"", 0};
    diag d = {collect_diag, &got, 0};
    assert_null(content_load(dir, NULL, NULL, &d));
    assert_non_null(strstr(got.text, "aa.json:4: related career \"missing\" does not exist"));
    assert_non_null(strstr(got.text, "bb.json:1: name \"Data Engineers\" (\"data engineer\") is already a name of aa"));
    remove_tree(dir);
}

/* The browse areas of the real content/fields.json: found as whole words, longest name first, with
 * their careers in the area's order. */
static void test_areas(void **state)
{
    (void)state;
    diag d = {NULL, NULL, 0, 0};
    content *c = content_load(CAREERBOT_SOURCE_DIR "/content", NULL, NULL, &d);
    assert_non_null(c);
    const char *text = "what are some careers in machine learning";
    size_t at = 99, len = 99;
    int ai = content_area_find(c, text, &at, &len);
    assert_true(ai >= 0);
    assert_string_equal(content_area_title(c, ai), "careers in AI and data");
    assert_int_equal(at, strlen("what are some careers in "));
    assert_int_equal(len, strlen("machine learning"));
    int out[3] = {-1, -1, -1};
    size_t total = content_area_careers(c, ai, out, 3);
    assert_int_equal(total, 55);
    /* An area that lists its careers shows them in its own order. */
    assert_string_equal(content_id(c, (size_t)out[0]), "machine-learning-engineer");
    assert_string_equal(content_id(c, (size_t)out[1]), "data-scientist");
    assert_string_equal(content_id(c, (size_t)out[2]), "artificial-intelligence-engineer");
    int health = content_area_find(c, "jobs in health care", NULL, NULL);
    assert_true(health >= 0);
    assert_string_equal(content_area_title(c, health), "careers in health care");
    assert_int_equal(content_area_find(c, "she said the paint was fine", NULL, NULL), -1); /* "ai" inside words */
    content_free(c);
}

/* fields.json is checked with file and line: unknown keys, a career that does not exist, a bad
 * interest letter. */
static void test_areas_broken(void **state)
{
    (void)state;
    char dir[64], sub[128], text[1024];
    temp_dir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/careers", dir);
    mkdir(sub, 0700);
    snprintf(text, sizeof text, GOOD_RECORD, "aa", "Data Engineer", "bb");
    write_file(sub, "aa.json", text);
    snprintf(text, sizeof text, GOOD_RECORD, "bb", "Data Scientist", "aa");
    write_file(sub, "bb.json", text);
    write_file(dir, "fields.json",
               "{\"fields\": [\n"
               "{\"title\": \"data\", \"names\": [\"data\"], \"careers\": [\"aa\", \"zz\"]},\n"
               "{\"title\": \"x\", \"names\": [\"x\"], \"riasec\": \"Q\", \"colour\": 1}\n"
               "], \"extra\": 1}\n");
    collected got = {"", 0};
    diag d = {collect_diag, &got, 0, 0};
    assert_null(content_load(dir, NULL, NULL, &d));
    assert_non_null(strstr(got.text, "fields.json:2: field career \"zz\" does not exist"));
    assert_non_null(strstr(got.text, "fields.json:3: \"riasec\" is one letter of RIASEC"));
    assert_non_null(strstr(got.text, "fields.json:3: unknown field \"colour\" in a field of fields.json"));
    assert_non_null(strstr(got.text, "fields.json:4: unknown field \"extra\" in fields.json"));
    assert_int_equal(got.count, 4);
    remove_tree(dir);
}

/* The names of the interest types users see come from the career test's test.json; the fixture
 * links content/test. {career.interests} lists them from the highest score down, ties in RIASEC
 * order. */
static void test_interest_names(void **state)
{
    (void)state;
    diag d = {NULL, NULL, 0, 0};
    content *c = content_load(CAREERBOT_SOURCE_DIR "/content", NULL, NULL, &d);
    assert_non_null(c);
    assert_string_equal(content_interest_name(c, 0), "Realistic");
    assert_string_equal(content_interest_name(c, 5), "Conventional");
    int k = content_find_id(c, "data-scientist");
    assert_true(k >= 0);
    double sc[6];
    assert_true(riasec_read(content_get(c, (size_t)k, "interests"), sc));
    int order[6];
    riasec_order(sc, order);
    tpl t;
    char err[128];
    assert_int_equal(tpl_compile("{career.interests}", &t, err, sizeof err), 0);
    tpl_ctx ctx = {c, k, -1, -1, NULL, NULL};
    sbuf out = SBUF_INIT, want = SBUF_INIT;
    tpl_render(&t, &ctx, &out);
    for (int i = 0; i < 6; i++)
        sbuf_printf(&want, "%s%s %.1f", i ? ", " : "", content_interest_name(c, order[i]), sc[order[i]]);
    assert_string_equal(out.p, want.p);
    assert_non_null(strstr(out.p, "Investigative 7.0"));
    tpl_free(&t);
    sbuf_free(&out);
    sbuf_free(&want);
    content_free(c);

    /* Without the test's data: the letters. */
    char dir[64], sub[128], text[1024];
    temp_dir(dir, sizeof dir);
    snprintf(sub, sizeof sub, "%s/careers", dir);
    mkdir(sub, 0700);
    snprintf(text, sizeof text, GOOD_RECORD, "aa", "Data Engineer", "bb");
    write_file(sub, "aa.json", text);
    snprintf(text, sizeof text, GOOD_RECORD, "bb", "Data Scientist", "aa");
    write_file(sub, "bb.json", text);
    c = content_load(dir, NULL, NULL, &d);
    assert_non_null(c);
    assert_string_equal(content_interest_name(c, 1), "I");
    content_free(c);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_fixture),   cmocka_unit_test(test_field_kinds),
        cmocka_unit_test(test_broken_records), cmocka_unit_test(test_cross_references),
        cmocka_unit_test(test_areas),          cmocka_unit_test(test_areas_broken),
        cmocka_unit_test(test_interest_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
