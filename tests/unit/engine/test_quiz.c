/* Unit tests for src/engine/quiz*.c: the career test's scoring, early stop, top-up, saved state
 * (the position bound, ids that no longer exist, the round trip), its words from test.json, and
 * quiz_check. Runs on the real content/ (the test's data and the curated careers). */
#include "content.h"
#include "engine.h"
#include "quiz.h"
#include "quiz_int.h"
#include "riasec.h"
#include "testutil.h"

#define CONTENT CAREERBOT_SOURCE_DIR "/content"

static quiz *q;
static content *c;
static pcre2_match_data *md;

static int setup(void **state)
{
    (void)state;
    diag d = {NULL, NULL, 0, 0};
    q = quiz_load(CONTENT, &d);
    c = content_load(CONTENT, NULL, NULL, &d);
    md = pcre2_match_data_create(8, NULL);
    return q && c && md && d.errors == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    quiz_free(q);
    content_free(c);
    pcre2_match_data_free(md);
    return 0;
}

/* Answers every question while the test asks, with value[type of the item]; returns how many. */
static int answer_by_type(quiz_state *s, const int value[6], quiz_out *o)
{
    int asked = 0;
    while (s->phase == QP_ASKING) {
        int type = quiz__item_type(q, s->seq[s->pos]);
        assert_true(type >= 0 && type < 6);
        quiz_out_reset(o);
        quiz_answer(q, c, s, value[type], o);
        asked++;
    }
    return asked;
}

/* ===================== Scoring ===================== */

static void test_scores_exact(void **state)
{
    (void)state;
    quiz_state s;
    quiz_state_init(&s);
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q, &s, false, &o);
    assert_int_equal(s.n_seq, 30);
    assert_int_equal(o.n_quick, 6); /* the five answers and skip */
    assert_string_equal(o.quick[0][0], "Love it");
    /* R love it, I like it, A not sure, S dislike it, E hate it, C love it. */
    const int value[6] = {4, 3, 2, 1, 0, 4};
    assert_int_equal(answer_by_type(&s, value, &o), 30);
    assert_int_equal(s.phase, QP_EDUCATION);
    assert_int_equal(o.n_quick, 5); /* the five levels of education */
    double sc[6];
    assert_true(quiz_scores(q, &s, sc));
    const double want[6] = {40, 30, 20, 10, 0, 40};
    for (int t = 0; t < 6; t++)
        assert_float_equal(sc[t], want[t], 1e-9);

    quiz_out_reset(&o);
    quiz_zone(q, c, &s, 4, &o);
    assert_int_equal(s.phase, QP_DONE);
    assert_true(o.chart);
    assert_int_equal(o.answered, 30);
    for (int t = 0; t < 6; t++)
        assert_float_equal(o.scores[t], want[t], 1e-9);
    /* Ties keep RIASEC order: R before C at 40. */
    assert_non_null(strstr(o.text.p, "**Your interest profile: R-C-I**"));
    assert_non_null(strstr(o.text.p, "(Realistic, Conventional and Investigative: hands-on work"));
    /* The results' buttons, from test.json, in order. */
    assert_int_equal(o.n_careers, QUIZ_TOP);
    const char *first = content_title(c, (size_t)content_find_id(c, o.career_ids[0]));
    const char *second = content_title(c, (size_t)content_find_id(c, o.career_ids[1]));
    char want_why[256], want_tell1[256], want_tell2[256];
    snprintf(want_why, sizeof want_why, "Why %s?", first);
    snprintf(want_tell1, sizeof want_tell1, "Tell me about %s", first);
    snprintf(want_tell2, sizeof want_tell2, "Tell me about %s", second);
    const char *labels[6][2] = {{want_why, want_why},
                                {want_tell1, want_tell1},
                                {want_tell2, want_tell2},
                                {"Stretch options", "Show stretch options"},
                                {"Step-down options", "Show step-down options"},
                                {"Retake the test", "Restart the test"}};
    assert_int_equal(o.n_quick, 6);
    for (int i = 0; i < 6; i++) {
        assert_string_equal(o.quick[i][0], labels[i][0]);
        assert_string_equal(o.quick[i][1], labels[i][1]);
    }
    quiz_out_free(&o);
}

/* A type's score is the mean of its answers times ten: 4, 3, 2, 1, 0 gives 20. */
static void test_scores_mean(void **state)
{
    (void)state;
    quiz_state s;
    quiz_state_init(&s);
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q, &s, false, &o);
    int seen[6] = {0};
    while (s.phase == QP_ASKING) {
        int type = quiz__item_type(q, s.seq[s.pos]);
        int v = type == 0 ? 4 - seen[0] : type == 1 ? 4 : 1;
        seen[type]++;
        quiz_out_reset(&o);
        quiz_answer(q, c, &s, v, &o);
    }
    double sc[6];
    assert_true(quiz_scores(q, &s, sc));
    assert_float_equal(sc[0], 20, 1e-9);
    assert_float_equal(sc[1], 40, 1e-9);
    assert_float_equal(sc[2], 10, 1e-9);
    quiz_out_free(&o);
}

/* ===================== The early stop and the top-up ===================== */

static void test_early_stop(void **state)
{
    (void)state;
    quiz_state s;
    quiz_state_init(&s);
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q, &s, true, &o);
    assert_int_equal(s.n_seq, QUIZ_ITEMS);
    /* Top two far ahead of the third: the full mode stops at the first point it may, 30. */
    const int clear[6] = {4, 4, 0, 0, 0, 0};
    assert_int_equal(answer_by_type(&s, clear, &o), 30);
    assert_int_equal(s.phase, QP_EDUCATION);
    assert_int_equal(s.n_seq, 30);
    assert_int_equal(s.pos, 30);

    /* Nothing stands out: all 60 are asked. */
    quiz_out_reset(&o);
    quiz_start(q, &s, true, &o);
    const int flat[6] = {2, 2, 2, 2, 2, 2};
    assert_int_equal(answer_by_type(&s, flat, &o), QUIZ_ITEMS);
    assert_int_equal(s.phase, QP_EDUCATION);
    /* A flat profile is not ranked. */
    quiz_out_reset(&o);
    quiz_zone(q, c, &s, 3, &o);
    assert_int_equal(o.n_careers, 0);
    assert_int_equal(o.n_quick, 1); /* the full test was taken: only browsing is offered */
    assert_string_equal(o.quick[0][1], "What can I ask?");

    /* One clear interest stops early too: the top one far ahead of the second. */
    quiz_out_reset(&o);
    quiz_start(q, &s, true, &o);
    const int one[6] = {0, 4, 0, 0, 0, 0};
    assert_int_equal(answer_by_type(&s, one, &o), 30);
    quiz_out_free(&o);

    /* The quick mode never stops early. */
    quiz_state_init(&s);
    quiz_out_init(&o);
    quiz_start(q, &s, false, &o);
    assert_int_equal(answer_by_type(&s, clear, &o), 30);
    quiz_out_free(&o);
}

static void test_top_up(void **state)
{
    (void)state;
    quiz_state s;
    quiz_state_init(&s);
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q, &s, false, &o);
    /* Skip every R item of the quick 30: four unasked R items are added after the 30th. */
    while (s.pos < 30) {
        int type = quiz__item_type(q, s.seq[s.pos]);
        quiz_out_reset(&o);
        quiz_answer(q, c, &s, type == 0 ? -1 : 3, &o);
    }
    assert_int_equal(s.phase, QP_ASKING);
    assert_int_equal(s.n_seq, 34);
    for (int i = 30; i < 34; i++)
        assert_int_equal(quiz__item_type(q, s.seq[i]), 0);
    assert_int_equal(o.total, 34);
    /* A skip of a top-up item tops up again, once the list is done. */
    quiz_out_reset(&o);
    quiz_answer(q, c, &s, -1, &o);
    assert_int_equal(s.n_seq, 34);
    for (int i = 0; i < 3; i++) {
        quiz_out_reset(&o);
        quiz_answer(q, c, &s, 3, &o);
    }
    assert_int_equal(s.phase, QP_ASKING);
    assert_int_equal(s.pos, 34);
    assert_int_equal(s.n_seq, 35);
    assert_int_equal(quiz__item_type(q, s.seq[34]), 0);
    quiz_out_reset(&o);
    quiz_answer(q, c, &s, 3, &o);
    assert_int_equal(s.phase, QP_EDUCATION);
    double sc[6];
    assert_true(quiz_scores(q, &s, sc));
    assert_float_equal(sc[0], 30, 1e-9);
    quiz_out_free(&o);
}

/* ===================== The saved state ===================== */

/* The ids of the quick items in order, as a JSON array; and of every item. */
static void ids_json(bool full, int n, sbuf *b)
{
    quiz_state s;
    quiz_state_init(&s);
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q, &s, full, &o);
    quiz_out_free(&o);
    sbuf state = SBUF_INIT;
    quiz_state_write(q, &s, &state);
    cJSON *j = cJSON_Parse(state.p);
    cJSON *asked = cJSON_GetObjectItemCaseSensitive(j, "asked");
    while (cJSON_GetArraySize(asked) > n)
        cJSON_DeleteItemFromArray(asked, n);
    char *text = cJSON_PrintUnformatted(asked);
    sbuf_puts(b, text);
    free(text);
    cJSON_Delete(j);
    sbuf_free(&state);
}

/* Loads a state still asking, in mode, with answers (a JSON object), asked and pos. */
static void load_blob(quiz_state *s, const char *mode, const char *answers, const char *asked, int pos)
{
    char blob[4096];
    snprintf(blob, sizeof blob,
             "{\"phase\":\"asking\",\"mode\":\"%s\",\"answers\":%s,\"asked\":%s,\"pos\":%d,\"zone\":0}", mode, answers,
             asked, pos);
    cJSON *j = cJSON_Parse(blob);
    assert_non_null(j);
    quiz_state_load(q, s, j);
    cJSON_Delete(j);
}

/* The bug of issue 13: a state still asking whose position equals the number of questions. */
static void test_position_bound(void **state)
{
    (void)state;
    sbuf quick = SBUF_INIT, all = SBUF_INIT;
    ids_json(false, 30, &quick);
    ids_json(true, 60, &all);
    quiz_state s;
    quiz_out o;
    quiz_out_init(&o);

    load_blob(&s, "full", "{}", all.p, 60); /* pos == n_seq == QUIZ_ITEMS: seq[60] would be out of bounds */
    assert_int_equal(s.phase, QP_ASKING);
    assert_int_equal(s.n_seq, 60);
    assert_int_equal(s.pos, 59); /* the last question is asked again */
    quiz_back_to_test(q, &s, &o);
    assert_non_null(strstr(o.text.p, "question 60 of 60"));
    quiz_out_reset(&o);
    quiz_answer(q, c, &s, 4, &o);
    assert_int_equal(s.pos, 60);
    assert_int_equal(s.phase, QP_EDUCATION);

    /* Quick mode: a position at the end must not write the answer of item 0 (seq[30] is 0). */
    load_blob(&s, "quick", "{\"r1\":0}", quick.p, 30);
    assert_int_equal(s.pos, 29);
    quiz_out_reset(&o);
    quiz_answer(q, c, &s, 4, &o);
    assert_int_equal(s.answer[0], 0); /* r1 keeps its answer */

    /* Positions outside the list, and damaged ones: a fresh state. */
    const int bad[] = {31, -1, 1000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        load_blob(&s, "quick", "{\"r1\":0}", quick.p, bad[i]);
        assert_int_equal(s.phase, QP_OFF);
        assert_int_equal(s.n_seq, 0);
        assert_int_equal(s.pos, 0);
    }
    quiz_out_free(&o);
    sbuf_free(&quick);
    sbuf_free(&all);
}

/* Item ids that no longer exist (an item file renamed them), an item asked twice, or an answer to
 * an item never asked: the positions cannot be trusted, so the state starts afresh. */
static void test_ids_that_do_not_map(void **state)
{
    (void)state;
    const char *blobs[] = {
        "{\"phase\":\"asking\",\"mode\":\"quick\",\"answers\":{\"r1\":4},\"asked\":[\"r1\",\"gone\",\"a1\"],\"pos\":2}",
        "{\"phase\":\"asking\",\"mode\":\"quick\",\"answers\":{\"r1\":4},\"asked\":[\"r1\",\"r1\",\"a1\"],\"pos\":2}",
        "{\"phase\":\"asking\",\"mode\":\"quick\",\"answers\":{\"s1\":4},\"asked\":[\"r1\",\"i1\",\"a1\"],\"pos\":2}",
        "{\"phase\":\"asking\",\"mode\":\"quick\",\"answers\":{\"gone\":4},\"asked\":[\"r1\",\"i1\",\"a1\"],\"pos\":2}",
        "{\"phase\":\"done\",\"mode\":\"quick\",\"answers\":{},\"asked\":[],\"pos\":0}",
    };
    for (size_t i = 0; i < sizeof blobs / sizeof blobs[0]; i++) {
        cJSON *j = cJSON_Parse(blobs[i]);
        quiz_state s;
        memset(&s, 0x55, sizeof s);
        quiz_state_load(q, &s, j);
        assert_int_equal(s.phase, QP_OFF);
        assert_int_equal(s.n_seq, 0);
        for (int k = 0; k < QUIZ_ITEMS; k++)
            assert_int_equal(s.answer[k], -1);
        cJSON_Delete(j);
    }
    /* The same blob with every id known loads as written; an answer at or after the position is
     * not kept (it cannot have been given). */
    cJSON *j = cJSON_Parse("{\"phase\":\"paused\",\"mode\":\"quick\",\"answers\":{\"r1\":4,\"i1\":-1,\"a1\":2},"
                           "\"asked\":[\"r1\",\"i1\",\"a1\"],"
                           "\"pos\":2,\"zone\":3}");
    quiz_state s;
    quiz_state_load(q, &s, j);
    assert_int_equal(s.phase, QP_PAUSED);
    assert_int_equal(s.n_seq, 3);
    assert_int_equal(s.pos, 2);
    assert_int_equal(s.zone, 3);
    assert_int_equal(s.answer[s.seq[0]], 4);
    assert_int_equal(s.answer[s.seq[1]], -2);
    assert_int_equal(s.answer[s.seq[2]], -1);
    cJSON_Delete(j);
}

static void test_round_trip(void **state)
{
    (void)state;
    quiz_state s;
    quiz_state_init(&s);
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q, &s, true, &o);
    const int v[] = {4, 3, -1, 0, 2, 1, 4, 4, -1, 3, 2};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        quiz_answer(q, c, &s, v[i], &o);
    quiz_back(q, &s, &o);
    s.zone = 2;
    quiz_out_free(&o);

    sbuf a = SBUF_INIT, b = SBUF_INIT;
    quiz_state_write(q, &s, &a);
    cJSON *j = cJSON_Parse(a.p);
    assert_non_null(j);
    quiz_state t;
    quiz_state_load(q, &t, j);
    cJSON_Delete(j);
    quiz_state_write(q, &t, &b);
    assert_string_equal(a.p, b.p);
    assert_int_equal(t.phase, QP_ASKING);
    assert_true(t.full);
    assert_int_equal(t.n_seq, s.n_seq);
    assert_int_equal(t.pos, 10);
    assert_int_equal(t.zone, 2);
    assert_memory_equal(t.seq, s.seq, (size_t)s.n_seq);
    assert_memory_equal(t.answer, s.answer, sizeof s.answer);
    sbuf_free(&a);
    sbuf_free(&b);
}

/* "change my answer to question 3" mid-test: that question, then back where the test was; the
 * answers after it survive a save and load in between. */
static void test_revisit(void **state)
{
    (void)state;
    quiz_state s;
    quiz_state_init(&s);
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q, &s, false, &o);
    const int v[] = {4, 3, 1, 0, 2, 1};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        quiz_answer(q, c, &s, v[i], &o);
    assert_int_equal(s.pos, 6);
    quiz_out_reset(&o);
    quiz_goto(q, &s, 9, &o); /* not answered yet: refused, nothing moves */
    assert_int_equal(s.pos, 6);
    assert_int_equal(s.ret, 0);
    quiz_goto(q, &s, 3, &o);
    assert_int_equal(s.pos, 2);
    assert_int_equal(s.ret, 7);
    assert_int_equal(quiz__answered(&s), 6);

    sbuf a = SBUF_INIT;
    quiz_state_write(q, &s, &a);
    cJSON *j = cJSON_Parse(a.p);
    assert_non_null(j);
    quiz_state t;
    quiz_state_load(q, &t, j);
    cJSON_Delete(j);
    assert_int_equal(t.pos, 2);
    assert_int_equal(t.ret, 7);
    assert_memory_equal(t.answer, s.answer, sizeof s.answer);

    quiz_out_reset(&o);
    quiz_answer(q, c, &t, 4, &o);
    assert_int_equal(t.pos, 6); /* back to the seventh question */
    assert_int_equal(t.ret, 0);
    assert_int_equal(t.answer[t.seq[2]], 4);
    assert_int_equal(t.answer[t.seq[5]], 1);
    assert_int_equal(quiz__answered(&t), 6);
    quiz_out_free(&o);
    sbuf_free(&a);
}

/* ===================== Reading answers ===================== */

static void test_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int want;
    } answers[] = {{"love it", 4}, {"yes!", 4},  {"5", 4},
                   {"like it", 3}, {"meh", 2},   {"no way", 0},
                   {"nah", 1},     {"skip", -1}, {"what is that?", -1},
                   {"Hate it", 0}, {"", -2},     {"yes, but what do nurses do", -2}};
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
        assert_int_equal(quiz_parse_answer(q, answers[i].text, strlen(answers[i].text), md), answers[i].want);
    assert_int_equal(quiz_parse_zone(q, "a bachelor's degree", 19, md), 4);
    assert_int_equal(quiz_parse_zone(q, "phd", 3, md), 5);
    assert_int_equal(quiz_parse_zone(q, "pizza", 5, md), 0);
}

/* ===================== test.json: the words, and what the loader refuses ===================== */

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    sbuf b = SBUF_INIT;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sbuf_append(&b, buf, n);
    fclose(f);
    return sbuf_steal(&b);
}

/* A copy of content/test/ in a temporary folder whose test.json has from replaced by to. */
static void test_copy(char *dir, size_t len, const char *from, const char *to)
{
    temp_dir(dir, len);
    char sub[256];
    snprintf(sub, sizeof sub, "%s/test", dir);
    mkdir(sub, 0700);
    char *items = read_all(CONTENT "/test/items.json");
    char *test = read_all(CONTENT "/test/test.json");
    write_file(sub, "items.json", items);
    char *at = strstr(test, from);
    if (!at)
        fail_msg("\"%s\" is not in test.json", from);
    sbuf out = SBUF_INIT;
    sbuf_append(&out, test, (size_t)(at - test));
    sbuf_puts(&out, to);
    sbuf_puts(&out, at + strlen(from));
    write_file(sub, "test.json", out.p);
    sbuf_free(&out);
    free(items);
    free(test);
}

static void test_refuses_missing_words(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to, *expect;
    } cases[] = {
        {"\"fit_weak\": \"a weak match\",", "", "missing message \"fit_weak\""},
        {"\"fit_weak\": \"a weak match\",", "\"fit_wek\": \"a weak match\",",
         "unknown field \"fit_wek\" in \"messages\""},
        {"\"no_scores\": \"I have", "\"no_scores\": \"} I have", "message \"no_scores\": unmatched '}'"},
        {"\"retake\": {", "\"retaken\": {", "missing button \"retake\""},
        {"\"label\": \"Stretch options\",", "", "button \"stretch\" label"},
        {"\"types\": [", "\"kinds\": [], \"typos\": [", "\"types\" must describe all six interest types"},
        {"\"patterns\": [\n        \"skip", "\"patterns\": [\n        \"(skip", "pattern error at offset"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[64];
        test_copy(dir, sizeof dir, cases[i].from, cases[i].to);
        collected got = {"", 0};
        diag d = {collect_diag, &got, 0, 0};
        quiz *loaded = quiz_load(dir, &d);
        if (loaded)
            fail_msg("case %zu: loaded", i);
        if (!strstr(got.text, cases[i].expect) || !strstr(got.text, "/test/test.json:"))
            fail_msg("case %zu: expected \"%s\" in:\n%s", i, cases[i].expect, got.text);
        remove_tree(dir);
    }
}

/* Every word comes from test.json: a changed fit word and button show up as written. */
static void test_words_from_data(void **state)
{
    (void)state;
    char dir[64];
    test_copy(dir, sizeof dir, "\"label\": \"Why {slot.career}?\"", "\"label\": \"How about {slot.career}?\"");
    diag d = {NULL, NULL, 0, 0};
    quiz *q2 = quiz_load(dir, &d);
    assert_non_null(q2);
    quiz_state s;
    quiz_state_init(&s);
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q2, &s, false, &o);
    while (s.phase == QP_ASKING) {
        quiz_out_reset(&o);
        quiz_answer(q2, c, &s, quiz__item_type(q2, s.seq[s.pos]) == 1 ? 4 : 1, &o);
    }
    quiz_out_reset(&o);
    quiz_zone(q2, c, &s, 4, &o);
    assert_int_equal(o.n_quick, 6);
    assert_int_equal(strncmp(o.quick[0][0], "How about ", 10), 0);
    assert_int_equal(strncmp(o.quick[0][1], "Why ", 4), 0);
    quiz_out_free(&o);
    quiz_free(q2);
    remove_tree(dir);
}

/* ===================== quiz_check ===================== */

static void test_check(void **state)
{
    (void)state;
    collected got = {"", 0};
    diag d = {collect_diag, &got, 0, 0};
    assert_int_equal(quiz_check(q, ENGINE_MAX_INPUT, &d), 0);
    assert_int_equal(got.count, 0);

    /* A pattern that backtracks without end on long input is reported with its line. */
    char dir[64];
    test_copy(dir, sizeof dir, "\"3|three|3/5\"", "\"3|three|3/5\",\n        \"(\\\\w+\\\\s*)*\\\\d\"");
    diag d2 = {NULL, NULL, 0, 0};
    quiz *bad = quiz_load(dir, &d2);
    assert_non_null(bad);
    int problems = quiz_check(bad, ENGINE_MAX_INPUT, &d);
    assert_true(problems > 0);
    assert_int_equal(got.count, problems);
    char want[128];
    snprintf(want, sizeof want, "%s/test/test.json:", dir);
    assert_non_null(strstr(got.text, want));
    assert_non_null(strstr(got.text, "answer \"Not sure\", pattern 3: "));
    assert_non_null(strstr(got.text, "on adversarial string 1 ("));
    /* It still answers what it should, within the limits. */
    assert_int_equal(quiz_parse_answer(bad, "meh", 3, md), 2);
    quiz_free(bad);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores_exact),    cmocka_unit_test(test_scores_mean),
        cmocka_unit_test(test_early_stop),      cmocka_unit_test(test_top_up),
        cmocka_unit_test(test_position_bound),  cmocka_unit_test(test_ids_that_do_not_map),
        cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_revisit),
        cmocka_unit_test(test_parse),           cmocka_unit_test(test_refuses_missing_words),
        cmocka_unit_test(test_words_from_data), cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
