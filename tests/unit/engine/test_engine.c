/* Unit tests for src/engine/engine.c: loading intents, dispatch, context and sessions. */
#include "engine.h"
#include "roles_json.h"
#include "testutil.h"

static engine *load(const char *intents, const char *content, collected *got)
{
    engine_opts o = {0};
    o.intents_dir = intents;
    o.content_dir = content;
    o.diag = collect_diag;
    o.diag_ud = got;
    return engine_new(&o);
}

static engine *fixture_engine(void)
{
    collected got = {"", 0};
    engine *e = load(REPO_INTENTS, FIXTURES "/content", &got);
    if (!e)
        fail_msg("engine did not load:\n%s", got.text);
    return e;
}

/* Answers text and checks the intent and career of the reply. */
static void say(const engine *e, engine_session *s, const char *text, const char *intent, const char *career)
{
    engine_reply r;
    engine_respond(e, s, text, strlen(text), &r);
    assert_non_null(r.text);
    assert_true(r.text[0] != '\0');
    if (!r.intent || strcmp(r.intent, intent))
        fail_msg("\"%s\": intent %s, expected %s", text, r.intent ? r.intent : "-", intent);
    if (career ? !r.career_id || strcmp(r.career_id, career) : r.career_id != NULL)
        fail_msg("\"%s\": career %s, expected %s", text, r.career_id ? r.career_id : "-", career ? career : "-");
    engine_reply_clear(&r);
}

static void test_context_carries(void **state)
{
    (void)state;
    engine *e = fixture_engine();
    engine_session *s = engine_session_new(e);
    say(e, s, "What does a test pilot do?", "career.describe", "test-pilot");
    say(e, s, "what's their workplace like?", "career.workplace", "test-pilot");
    say(e, s, "what are other names for it?", "career.other_names", "test-pilot");
    say(e, s, "what careers are related?", "career.related", "test-pilot");
    say(e, s, "what about AI flight engineers?", "career.related", "ai-flight-engineer");
    say(e, s, "and the workplace?", "career.workplace", "ai-flight-engineer");
    say(e, s, "tell me about that job", "career.describe", "ai-flight-engineer");
    say(e, s, "thanks!", "chat.thanks", NULL);
    assert_int_equal(engine_session_turns(s), 8);
    engine_session_free(s);
    engine_free(e);
}

static void test_asks_for_a_career(void **state)
{
    (void)state;
    engine *e = fixture_engine();
    engine_session *s = engine_session_new(e);
    say(e, s, "what do they do?", "chat.ask_career", NULL);
    /* The answer to "which career?" gets the question that was asked. */
    say(e, s, "test pilots", "career.describe", "test-pilot");
    say(e, s, "what is the workplace like?", "career.workplace", "test-pilot");
    engine_session_free(s);

    s = engine_session_new(e);
    say(e, s, "where do they work?", "chat.ask_career", NULL);
    say(e, s, "AI flight engineer", "career.workplace", "ai-flight-engineer");
    /* A bare name without a pending question describes the career. */
    say(e, s, "test pilot", "career.describe", "test-pilot");
    engine_session_free(s);
    engine_free(e);
}

static void test_unknown_and_fallback(void **state)
{
    (void)state;
    engine *e = fixture_engine();
    engine_session *s = engine_session_new(e);
    engine_reply r;
    const char *q = "What does a plumber do?";
    engine_respond(e, s, q, strlen(q), &r);
    assert_string_equal(r.intent, "chat.unknown_career");
    assert_non_null(strstr(r.text, "\"plumber\""));
    engine_reply_clear(&r);

    engine_respond(e, s, "asdfgh", 6, &r);
    assert_string_equal(r.intent, "chat.fallback");
    assert_int_equal(r.n_quick, 2);
    assert_null(r.career_id);
    engine_reply_clear(&r);
    say(e, s, "hello", "chat.greeting", NULL);
    say(e, s, "what can I ask?", "chat.help", NULL);
    say(e, s, "bye", "chat.bye", NULL);
    engine_session_free(s);
    engine_free(e);
}

/* What the user typed is echoed as typed, with a word joiner (U+2060) splitting each markdown pair
 * the widget would act on: no link, no bold, no bare link (issue 14). */
static void test_echo_is_not_markdown(void **state)
{
    (void)state;
    engine *e = fixture_engine();
    engine_session *s = engine_session_new(e);
    engine_reply r;
    const char *q = "What does a [win](https://evil.example) do?";
    engine_respond(e, s, q, strlen(q), &r);
    assert_string_equal(r.intent, "chat.unknown_career");
    assert_non_null(strstr(r.text, "\"[\xe2\x81\xa0win]\xe2\x81\xa0(\xe2\x81\xa0https:\xe2\x81\xa0//evil.example)"
                                   "\xe2\x81\xa0\""));
    engine_reply_clear(&r);
    q = "What does a **boss** do?";
    engine_respond(e, s, q, strlen(q), &r);
    assert_non_null(strstr(r.text, "\"\xe2\x81\xa0*\xe2\x81\xa0*\xe2\x81\xa0"
                                   "boss*\xe2\x81\xa0*\xe2\x81\xa0\""));
    engine_reply_clear(&r);
    engine_session_free(s);
    engine_free(e);
}

static void test_hostile_input(void **state)
{
    (void)state;
    engine *e = fixture_engine();
    engine_session *s = engine_session_new(e);
    char big[10000];
    memset(big, 'a', sizeof big);
    memcpy(big, "tell me about test pilots ", 26);
    engine_reply r;
    engine_respond(e, s, big, sizeof big, &r);
    assert_non_null(r.text);
    engine_reply_clear(&r);
    const char bad[] = "what does a test \xff\xfe pilot do? \xc0";
    engine_respond(e, s, bad, sizeof bad - 1, &r);
    assert_non_null(r.text);
    engine_reply_clear(&r);
    engine_respond(e, s, "", 0, &r);
    assert_string_equal(r.intent, "chat.fallback");
    engine_reply_clear(&r);
    /* An echoed slot is capped. */
    char longname[600] = "what does a ";
    memset(longname + 12, 'z', 500);
    strcpy(longname + 512, " do?");
    engine_respond(e, s, longname, strlen(longname), &r);
    assert_string_equal(r.intent, "chat.unknown_career");
    assert_true(strlen(r.text) < 400);
    engine_reply_clear(&r);
    engine_session_free(s);
    engine_free(e);
}

/* engine_respond reads len bytes, not a C string: messages in buffers of exactly their length
 * (as a fuzzer passes them) are read to their end and no further. Under ASan (scripts/test) a
 * read past the end fails. Found by tests/fuzz/fuzz_engine: a message ending in part of " and ". */
static void test_unterminated_input(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "what's up?", "what does a test pilot do an", "what is it, an", "what is it, and",
        "how is it.", "what do they do and how",      "what",           "?"};
    engine *e = fixture_engine();
    engine_session *s = engine_session_new(e);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t len = strlen(texts[i]);
        char *exact = malloc(len);
        assert_non_null(exact);
        memcpy(exact, texts[i], len);
        engine_reply r;
        engine_respond(e, s, exact, len, &r);
        assert_non_null(r.text);
        engine_reply_clear(&r);
        free(exact);
    }
    engine_session_free(s);
    engine_free(e);
}

static void test_greet_and_sessions(void **state)
{
    (void)state;
    engine *e = fixture_engine();
    engine_session *s = engine_session_new(e);
    engine_reply r;
    engine_greet(e, s, false, &r);
    assert_string_equal(r.intent, "chat.start");
    assert_true(r.n_quick >= 2);
    engine_reply_clear(&r);
    say(e, s, "what types of test pilots are there?", "career.specialisations", "test-pilot");

    char *blob = engine_session_save(e, s);
    engine_session *back = engine_session_load(e, blob, strlen(blob));
    assert_non_null(back);
    assert_int_equal(engine_session_turns(back), 1);
    engine_greet(e, back, true, &r);
    assert_string_equal(r.intent, "chat.resume");
    assert_non_null(strstr(r.text, "Test Pilot"));
    engine_reply_clear(&r);
    /* The topic came back too: "what about X" answers the same question. */
    say(e, back, "what about ai flight engineers?", "career.specialisations", "ai-flight-engineer");
    free(blob);
    engine_session_free(back);

    assert_null(engine_session_load(e, "not json", 8));
    assert_null(engine_session_load(e, "{\"v\":99}", 8));
    const char *stale =
        "{\"v\":1,\"career\":\"gone\",\"recent\":[\"gone\",\"test-pilot\"],\"topic\":\"no.such\",\"turns\":3}";
    back = engine_session_load(e, stale, strlen(stale));
    assert_non_null(back);
    say(e, back, "where do they work?", "chat.ask_career", NULL);
    engine_session_free(back);
    engine_session_free(s);
    engine_free(e);
}

/* ------------------------------------------------------------------ broken intents */

static void test_broken_intents(void **state)
{
    (void)state;
    static const struct {
        const char *text, *expect;
    } cases[] = {
        {"{\"intents\": [\n{\"id\": \"x\",\n \"patterns\": [\"a(b\"], \"responses\": [\"r\"]}]}",
         "x.json:3: pattern error at offset 3"},
        {"{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"a\"], \"responses\": [\"r\"],\n \"colour\": 1}]}",
         "x.json:3: unknown field \"colour\" in an intent"},
        {"{\"intents\": [\n{\"id\": \"x\", \"career\": \"required\", \"patterns\": [\"a\"],\n \"responses\": "
         "[\"{career.salary}\"]}]}",
         "x.json:3: no career field \"salary\""},
        {"{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"a\"],\n \"responses\": [\"{career.title}\"]}]}",
         "x.json:3: {career.title} in an intent without \"career\""},
        {"{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"a\"],\n \"responses\": [\"{slot.job}\"]}]}",
         "x.json:3: {slot.job}: no pattern of this intent has a group"},
        {"{\"intents\": [\n{\"id\": \"f\", \"patterns\": [\"a\"], \"responses\": [\"r\"]}]}",
         "intent id \"f\" is used twice"},
        {"{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"a\"],\n \"keywords\": [\"Hello\"], \"responses\": "
         "[\"r\"]}]}",
         "x.json:3: keywords are non-empty lower-case"},
        {"{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"a\"]}]}",
         "x.json:2: \"responses\" must be a non-empty array"},
        {"{\"intents\": [\n{\"id\": \"x\", \"career\": \"required\", \"patterns\": [\"a\"],\n \"responses\": [{\"if\": "
         "\"skills\", \"text\": \"s\"}]}]}",
         "responses need one without"},
        {"{\"intents\": [\n{\"id\": \"x\", \"role\": \"fallback\", \"responses\": [\"r\"]}]}",
         "role \"fallback\" is already taken"},
        {"{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"a\"], \"responses\": [\"r {oops\"]}]}",
         "x.json:2: template: unclosed"},
        {"{\"intents\": [\n{\"id\": \"x\", \"responses\": [\"r\"]}]}",
         "intent \"x\" has no \"patterns\" and no \"role\""},
        {"{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"a\"], \"responses\": [\"r\"],\n\"quick_list\": {\"from\": "
         "\"friends\", \"label\": \"l\", \"text\": \"t\"}}]}",
         "\"from\" is related, specialisations, recent or candidates"},
        {"{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"a\"], \"responses\": [\"r\"]},\n]}",
         "x.json:3: invalid JSON"},
        {"{\"messages\": {\n\"list.or\": \"again\"}}", "x.json:2: message \"list.or\" is defined twice"},
        {"{\"messages\": {\n\"x.y\": 3}}", "x.json:2: message \"x.y\" must be a non-empty string"},
        {"{\"messages\": [\"a\"]}", "x.json:1: \"messages\" must be an object of texts"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[64];
        temp_dir(dir, sizeof dir);
        write_file(dir, "roles.json", roles_json);
        write_file(dir, "x.json", cases[i].text);
        collected got = {"", 0};
        engine *e = load(dir, FIXTURES "/content", &got);
        if (e || !strstr(got.text, cases[i].expect))
            fail_msg("case %zu: expected \"%s\" in:\n%s", i, cases[i].expect, got.text);
        engine_free(e);
        remove_tree(dir);
    }
    /* Without the role intents, each missing role is named. */
    char dir[64];
    temp_dir(dir, sizeof dir);
    write_file(dir, "x.json", "{\"intents\": []}");
    collected got = {"", 0};
    assert_null(load(dir, FIXTURES "/content", &got));
    assert_non_null(strstr(got.text, "no intent has \"role\": \"fallback\""));
    assert_non_null(strstr(got.text, "no intent has \"role\": \"career_only\""));
    assert_non_null(strstr(got.text, "no intents file defines the message \"list.more\""));
    remove_tree(dir);
}

struct logs {
    int count;
    char last[512];
};

static void collect_log(void *ud, int level, const char *msg)
{
    struct logs *l = ud;
    (void)level;
    l->count++;
    snprintf(l->last, sizeof l->last, "%s", msg);
}

/* A pattern that backtracks without end hits the match limit: no match, and a log line naming it. */
static void test_match_limit(void **state)
{
    (void)state;
    char dir[64];
    temp_dir(dir, sizeof dir);
    write_file(dir, "roles.json", roles_json);
    write_file(dir, "slow.json",
               "{\"intents\": [{\"id\": \"slow\", \"patterns\": [\"^(a+)+$\"], \"responses\": [\"matched\"]}]}");
    collected got = {"", 0};
    struct logs logs = {0, ""};
    engine_opts o = {0};
    o.intents_dir = dir;
    o.content_dir = FIXTURES "/content";
    o.diag = collect_diag;
    o.diag_ud = &got;
    o.log = collect_log;
    o.log_ud = &logs;
    o.match_limit = 10000;
    engine *e = engine_new(&o);
    assert_non_null(e);
    engine_session *s = engine_session_new(e);
    engine_reply r;
    const char *evil = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";
    engine_respond(e, s, evil, strlen(evil), &r);
    assert_string_equal(r.intent, "f");
    engine_reply_clear(&r);
    assert_int_equal(logs.count, 1);
    assert_non_null(strstr(logs.last, "intent slow pattern 1"));
    engine_respond(e, s, "aaaa", 4, &r);
    assert_string_equal(r.intent, "slow");
    engine_reply_clear(&r);
    engine_session_free(s);
    engine_free(e);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_context_carries),      cmocka_unit_test(test_asks_for_a_career),
        cmocka_unit_test(test_unknown_and_fallback), cmocka_unit_test(test_hostile_input),
        cmocka_unit_test(test_unterminated_input),   cmocka_unit_test(test_greet_and_sessions),
        cmocka_unit_test(test_broken_intents),       cmocka_unit_test(test_match_limit),
        cmocka_unit_test(test_echo_is_not_markdown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
