/*
 * Fuzz target: the content loader (careers, abbreviations, stop words, disciplines, fields and the
 * career test's items and settings).
 *
 * A copy of the tiny fixture content (tests/unit/fixtures/content, two careers) is made once in a
 * temporary folder; the career test's files are added only for inputs that replace one of them,
 * since loading the test doubles the time of a run. The first byte of an input picks the file the rest of it becomes
 * (table below); the file is put back as it was after each input. A new career record is named after its "id" when that
 * is a plain slug, so well-formed records are accepted rather than refused for their file name. engine_new loads it
 * with a small intents/ (fuzz_util.h); an engine that loads answers a few questions about the fuzzed careers, which
 * renders their fields.
 */
#include "engine.h"

#include "fuzz_util.h"

#include <cjson/cJSON.h>
#include <ctype.h>

#define FIXTURE FUZZ_SOURCE "/tests/unit/fixtures/content"
#define TEST_DATA FUZZ_SOURCE "/content/test"

static const struct {
    const char *name;     /* under the content folder; NULL: careers/<the record's id>.json */
    const char *original; /* the file put back afterwards, or NULL when there is none */
    bool test;            /* a file of the career test: only then is the test loaded (it is slow) */
} targets[] = {
    {NULL, NULL, false},
    {"careers/test-pilot.json", FIXTURE "/careers/test-pilot.json", false},
    {"abbreviations.json", FIXTURE "/abbreviations.json", false},
    {"stopwords.json", NULL, false},
    {"disciplines.json", NULL, false},
    {"fields.json", NULL, false},
    {"test/items.json", TEST_DATA "/items.json", true},
    {"test/test.json", TEST_DATA "/test.json", true},
};
#define N_TARGETS (sizeof targets / sizeof targets[0])

static const char *const messages[] = {
    "what does a test pilot do?",
    "what about their education?",
    "compare with ai flight engineers",
    "tell me about x",
    "recent",
    "careers in aviation",
    "career test",
    "love it",
};

static char content_dir[512];
static char intents_dir[512];      /* the small intents */
static char intents_test_dir[512]; /* the same with an intent that starts the career test */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_dir("intents", intents_dir, sizeof intents_dir);
    fuzz_write_small_intents(intents_dir, 0);
    fuzz_dir("intents-test", intents_test_dir, sizeof intents_test_dir);
    fuzz_write_small_intents(intents_test_dir, 1);
    char dir[512];
    fuzz_dir("content", content_dir, sizeof content_dir);
    fuzz_dir("content/careers", dir, sizeof dir);
    fuzz_dir("content/test", dir, sizeof dir);
    fuzz_copy(FIXTURE "/careers/ai-flight-engineer.json", content_dir, "careers/ai-flight-engineer.json");
    for (size_t i = 0; i < N_TARGETS; i++)
        if (targets[i].original && !targets[i].test)
            fuzz_copy(targets[i].original, content_dir, targets[i].name);
    return 0;
}

/* careers/<id>.json for a record whose "id" is a short slug, else careers/x.json. */
static void new_career_name(const uint8_t *data, size_t size, char *out, size_t len)
{
    snprintf(out, len, "careers/x.json");
    cJSON *o = cJSON_ParseWithLength((const char *)data, size);
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id"));
    size_t n = id ? strlen(id) : 0;
    bool slug = n > 0 && n < 64;
    for (size_t i = 0; slug && i < n; i++)
        slug = islower((unsigned char)id[i]) || isdigit((unsigned char)id[i]) || id[i] == '-';
    if (slug && strcmp(id, "test-pilot") && strcmp(id, "ai-flight-engineer"))
        snprintf(out, len, "careers/%s.json", id);
    cJSON_Delete(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t t = data[0] % N_TARGETS;
    data++;
    size--;
    char name[128];
    if (targets[t].name)
        snprintf(name, sizeof name, "%s", targets[t].name);
    else
        new_career_name(data, size, name, sizeof name);
    if (targets[t].test)
        for (size_t i = 0; i < N_TARGETS; i++)
            if (targets[i].test)
                fuzz_copy(targets[i].original, content_dir, targets[i].name);
    fuzz_write(content_dir, name, data, size);

    int problems = 0;
    engine_opts o;
    memset(&o, 0, sizeof o);
    o.intents_dir = targets[t].test ? intents_test_dir : intents_dir;
    o.content_dir = content_dir;
    o.diag = fuzz_count_diag;
    o.diag_ud = &problems;
    engine *e = engine_new(&o);
    if (!e) {
        FUZZ_CHECK(problems > 0);
    } else {
        engine_session *s = engine_session_new(e);
        for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
            engine_reply r;
            engine_respond(e, s, messages[i], strlen(messages[i]), &r);
            FUZZ_CHECK(r.text && r.intent);
            engine_reply_clear(&r);
        }
        engine_session_free(s);
        engine_free(e);
    }

    if (targets[t].test) {
        for (size_t i = 0; i < N_TARGETS; i++)
            if (targets[i].test)
                fuzz_unlink(content_dir, targets[i].name);
    } else if (targets[t].original) {
        fuzz_copy(targets[t].original, content_dir, name);
    } else {
        fuzz_unlink(content_dir, name);
    }
    return 0;
}
