/* Free-text answers to the career test (issue 19): the team's seventy answers in
 * tests/utterances/test_answers.tsv, each said to the first question of a fresh test through the
 * whole engine (real intents and content). Each is understood (recorded as one of the meanings its
 * line allows), asked again (nothing recorded, the same question shown again) or misrouted (another
 * answer recorded, or the message taken for something else). At least 65 of 70 understood or asked
 * again; none misrouted. Also the education question in words, and "back" after the results. */
#include "engine.h"
#include "testutil.h"

#include <cjson/cJSON.h>

#define ANSWERS CAREERBOT_SOURCE_DIR "/tests/utterances/test_answers.tsv"
#define HELDOUT CAREERBOT_SOURCE_DIR "/tests/utterances/test_answers_heldout.tsv"
#define CONTENT CAREERBOT_SOURCE_DIR "/content"
/* The held-out answers' figures when first measured, not to slip. */
#define HELDOUT_MISROUTED_MAX 3
#define HELDOUT_UNDERSTOOD_MIN 23

static engine *e;

static int setup(void **state)
{
    (void)state;
    engine_opts o = {0};
    o.intents_dir = REPO_INTENTS;
    o.content_dir = CONTENT;
    e = engine_new(&o);
    return e ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    engine_free(e);
    return 0;
}

/* Says text; returns the reply's intent (a static copy) and its text in reply. */
static const char *say(engine_session *s, const char *text, char *reply, size_t cap)
{
    static char intent[64];
    engine_reply r;
    engine_respond(e, s, text, strlen(text), &r);
    snprintf(intent, sizeof intent, "%s", r.intent ? r.intent : "-");
    snprintf(reply, cap, "%s", r.text ? r.text : "");
    engine_reply_clear(&r);
    return intent;
}

/* The answers the session's test holds: how many, and the value of the last one (-1 a skip). */
static int recorded(engine_session *s, int *value)
{
    char *blob = engine_session_save(e, s);
    cJSON *o = cJSON_Parse(blob);
    free(blob);
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "test"), "answers");
    int n = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, answers)
    {
        *value = a->valueint;
        n++;
    }
    cJSON_Delete(o);
    return n;
}

static int meaning_value(const char *m, size_t len)
{
    static const char *names[] = {"hate", "dislike", "unsure", "like", "love"};
    for (int v = 0; v < 5; v++)
        if (strlen(names[v]) == len && !strncmp(m, names[v], len))
            return v;
    return len == 4 && !strncmp(m, "skip", 4) ? -1 : -9;
}

/* Whether value is one of the meanings "like|love". */
static bool allowed(const char *meanings, int value)
{
    for (const char *p = meanings; *p;) {
        size_t len = strcspn(p, "|");
        int v = meaning_value(p, len);
        assert_true(v != -9); /* a meaning the file may use */
        if (v == value)
            return true;
        p += len + (p[len] == '|');
    }
    return false;
}

struct tally {
    int total, understood, again, misrouted;
};

/* Says every answer of file to the first question of a fresh test, into t. */
static void run_answers(const char *file, struct tally *t)
{
    FILE *f = fopen(file, "r");
    assert_non_null(f);
    char line[512], reply[4096];
    memset(t, 0, sizeof *t);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        const char *answer = line, *meanings = tab + 1;
        engine_session *s = engine_session_new(e);
        assert_string_equal(say(s, "take the career test", reply, sizeof reply), "test.start");
        const char *intent = say(s, answer, reply, sizeof reply);
        int value = -9, n = recorded(s, &value);
        t->total++;
        if (n == 1 && allowed(meanings, value))
            t->understood++;
        else if (n == 0 && strstr(reply, "Question 1 of 30")) {
            t->again++;
            print_message("asked again: \"%s\" (%s)\n", answer, meanings);
        } else {
            t->misrouted++;
            print_message("misrouted: \"%s\" (%s): intent %s, %d recorded (last %d)\n", answer, meanings, intent, n,
                          value);
        }
        engine_session_free(s);
    }
    fclose(f);
    print_message("%s: %d answers, %d understood, %d asked again, %d misrouted\n", strrchr(file, '/') + 1, t->total,
                  t->understood, t->again, t->misrouted);
}

static void test_seventy_answers(void **state)
{
    (void)state;
    struct tally t;
    run_answers(ANSWERS, &t);
    assert_int_equal(t.total, 70);
    assert_int_equal(t.misrouted, 0);
    assert_true(t.understood + t.again >= 65);
    assert_true(t.understood >= 60); /* asking again is the honest fallback, not the way to pass */
}

/* The thirty kept out of the pattern work: held to the figures first measured on them. */
static void test_heldout_answers(void **state)
{
    (void)state;
    struct tally t;
    run_answers(HELDOUT, &t);
    assert_int_equal(t.total, 30);
    assert_true(t.misrouted <= HELDOUT_MISROUTED_MAX);
    assert_true(t.understood >= HELDOUT_UNDERSTOOD_MIN);
}

/* Answers the quick test's 30 questions as the browser test does: a clear profile. */
static void answer_all(engine_session *s, char *reply, size_t cap)
{
    for (int i = 0; i < 30; i++)
        say(s, i % 6 == 1 ? "love it" : i % 6 == 5 ? "like it" : "dislike it", reply, cap);
}

static void test_education_in_words(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int zone; /* the job zone it chooses */
    } cases[] = {
        {"college", 4}, {"2 years", 3}, {"I don't want more school", 1}, {"no more school", 1}, {"a masters", 5},
    };
    char reply[8192];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        engine_session *s = engine_session_new(e);
        say(s, "take the career test", reply, sizeof reply);
        answer_all(s, reply, sizeof reply);
        assert_non_null(strstr(reply, "education"));
        const char *intent = say(s, cases[i].text, reply, sizeof reply);
        if (strcmp(intent, "test.answer") || !strstr(reply, "Your interest profile"))
            fail_msg("education \"%s\": intent %s: %.200s", cases[i].text, intent, reply);
        char *blob = engine_session_save(e, s);
        cJSON *o = cJSON_Parse(blob);
        free(blob);
        int zone = (int)cJSON_GetNumberValue(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "test"), "zone"));
        cJSON_Delete(o);
        if (zone != cases[i].zone)
            fail_msg("education \"%s\": zone %d, expected %d", cases[i].text, zone, cases[i].zone);
        engine_session_free(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seventy_answers),
        cmocka_unit_test(test_heldout_answers),
        cmocka_unit_test(test_education_in_words),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
