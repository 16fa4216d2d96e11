/*
 * Fuzz target: session blobs from a store (engine_session_load) that may be corrupt, truncated,
 * from an older data set or hostile, followed by a few messages in that session.
 *
 * Input: the blob, then up to 8 messages, separated by NUL bytes (blob\0msg\0msg...). Loads the
 * repository's intents/ and content/ once. A blob the engine accepts must survive a round trip
 * (save(load(save(s))) == save(s)); one it refuses gives NULL, and the messages then go to a fresh
 * session. After each message the round trip must still hold. Unlike fuzz_engine, every input is
 * self-contained, so each crash file replays alone.
 */
#include "engine.h"

#include "fuzz_util.h"

#define MAX_MESSAGES 8

static engine *eng;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    engine_opts o;
    memset(&o, 0, sizeof o);
    o.intents_dir = FUZZ_SOURCE "/intents";
    o.content_dir = FUZZ_SOURCE "/content";
    eng = engine_new(&o);
    if (!eng) {
        fprintf(stderr, "fuzz_session: intents/ or content/ did not load (run careerbot check)\n");
        abort();
    }
    return 0;
}

static void check_round_trip(const engine_session *s)
{
    char *blob = engine_session_save(eng, s);
    FUZZ_CHECK(blob);
    engine_session *copy = engine_session_load(eng, blob, strlen(blob));
    FUZZ_CHECK(copy);
    FUZZ_CHECK(engine_session_turns(copy) == engine_session_turns(s));
    char *again = engine_session_save(eng, copy);
    if (strcmp(blob, again)) {
        fprintf(stderr, "saved:    %s\nreloaded: %s\n", blob, again);
        FUZZ_CHECK(!"a session changed in a save/load round trip");
    }
    free(again);
    free(blob);
    engine_session_free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    const char *nul = memchr(p, '\0', size);
    size_t blob_len = nul ? (size_t)(nul - p) : size;
    engine_session *s = engine_session_load(eng, p, blob_len);
    if (s)
        check_round_trip(s);
    else
        s = engine_session_new(eng);
    p = nul ? nul + 1 : end;
    for (int i = 0; i < MAX_MESSAGES && p < end; i++) {
        const char *next = memchr(p, '\0', (size_t)(end - p));
        size_t len = next ? (size_t)(next - p) : (size_t)(end - p);
        engine_reply r;
        engine_respond(eng, s, p, len, &r);
        FUZZ_CHECK(r.text && r.intent && r.n_quick <= ENGINE_MAX_QUICK);
        engine_reply_clear(&r);
        check_round_trip(s);
        p = next ? next + 1 : end;
    }
    engine_session_free(s);
    return 0;
}
