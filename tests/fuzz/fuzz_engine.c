/*
 * Fuzz target: the engine's reply path. Loads the repository's intents/ and content/ once; each
 * input is one user message (any bytes) answered in ONE session that lives for the whole run, so
 * the fuzzer also walks through context, pending questions and the career test across inputs.
 *
 * After each reply: the reply is well formed and renders through proto_reply, and the session
 * survives a save/load round trip unchanged (save(load(save(s))) == save(s)).
 *
 * Because the session carries over, a crash may depend on the inputs before it. The session as it
 * stood before the input is kept; on an ASan report it is written to $FUZZ_ENGINE_STATE (default
 * ./fuzz_engine-session.json), and FUZZ_ENGINE_SESSION=<that file> starts a replay from it.
 */
#include "engine.h"
#include "protocol.h"

#include "fuzz_util.h"

static engine *eng;
static engine_session *sess;
static char *before; /* the session blob before the current input */

static void load_session(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        abort();
    }
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    engine_session *s = engine_session_load(eng, buf, n);
    if (!s) {
        fprintf(stderr, "%s: not a session blob\n", path);
        abort();
    }
    engine_session_free(sess);
    sess = s;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void __asan_on_error(void);

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
        fprintf(stderr, "fuzz_engine: intents/ or content/ did not load (run careerbot check)\n");
        abort();
    }
    sess = engine_session_new(eng);
    const char *replay = getenv("FUZZ_ENGINE_SESSION");
    if (replay && *replay)
        load_session(replay);
    before = engine_session_save(eng, sess);
    return 0;
}

/* Called by AddressSanitizer before it reports: keep the state that led here. */
void __asan_on_error(void)
{
    if (!before)
        return;
    const char *path = getenv("FUZZ_ENGINE_STATE");
    FILE *f = fopen(path && *path ? path : "fuzz_engine-session.json", "wb");
    if (f) {
        fputs(before, f);
        fclose(f);
    }
}

static void check_reply(const engine_reply *r)
{
    FUZZ_CHECK(r->text);
    FUZZ_CHECK(r->intent);
    FUZZ_CHECK(r->n_quick <= ENGINE_MAX_QUICK);
    for (size_t i = 0; i < r->n_quick; i++)
        FUZZ_CHECK(r->quick[i].label && r->quick[i].text);
    FUZZ_CHECK(!r->career_id == !r->career_title);
    FUZZ_CHECK(r->total >= 0 && r->answered >= 0);
    size_t len;
    char *json = proto_reply(r, &len);
    FUZZ_CHECK(json && strlen(json) == len);
    free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    engine_reply r;
    engine_respond(eng, sess, (const char *)data, size, &r);
    check_reply(&r);
    engine_reply_clear(&r);

    char *blob = engine_session_save(eng, sess);
    engine_session *copy = engine_session_load(eng, blob, strlen(blob));
    FUZZ_CHECK(copy);
    char *again = engine_session_save(eng, copy);
    if (strcmp(blob, again)) {
        fprintf(stderr, "saved:    %s\nreloaded: %s\n", blob, again);
        FUZZ_CHECK(!"a session changed in a save/load round trip");
    }
    free(again);
    engine_session_free(copy);
    free(before);
    before = blob;
    return 0;
}
