/*
 * Fuzz target: the intent loader. Each input is written as intents/x.json beside a fixed
 * roles.json (the six role intents, so a valid input gives a working engine), and engine_new loads
 * them with the tiny fixture content of the unit tests (tests/unit/fixtures/content), so one run
 * takes milliseconds.
 *
 * A refused file must have been reported through diag. An engine that loads then runs what
 * `careerbot check` runs (engine_check) and answers a few messages, which exercises the patterns,
 * keywords, templates and quick replies the input declared.
 */
#include "engine.h"

#include "../unit/roles_json.h"
#include "fuzz_util.h"

static const char *const messages[] = {
    "hello",
    "what does a test pilot do?",
    "and the workplace?",
    "tell me about ai flight engineers and test pilots",
    "start the career test",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
};

static char intents_dir[512];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_dir("intents", intents_dir, sizeof intents_dir);
    fuzz_write(intents_dir, "roles.json", roles_json, sizeof roles_json - 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(intents_dir, "x.json", data, size);
    int problems = 0;
    engine_opts o;
    memset(&o, 0, sizeof o);
    o.intents_dir = intents_dir;
    o.content_dir = FUZZ_SOURCE "/tests/unit/fixtures/content";
    o.diag = fuzz_count_diag;
    o.diag_ud = &problems;
    o.match_limit = 10000;
    engine *e = engine_new(&o);
    if (!e) {
        FUZZ_CHECK(problems > 0);
        return 0;
    }
    int checked = 0;
    engine_check(e, fuzz_count_diag, &checked);
    engine_session *s = engine_session_new(e);
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
        engine_reply r;
        engine_respond(e, s, messages[i], strlen(messages[i]), &r);
        FUZZ_CHECK(r.text && r.intent);
        engine_reply_clear(&r);
    }
    char *blob = engine_session_save(e, s);
    engine_session *copy = engine_session_load(e, blob, strlen(blob));
    FUZZ_CHECK(copy);
    engine_session_free(copy);
    free(blob);
    engine_session_free(s);
    engine_free(e);
    return 0;
}
