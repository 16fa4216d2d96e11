/* Unit tests for src/engine/prefilter.c: an intent's "prefilter" clauses let its patterns run only
 * when the message can match. A message in another language still reaches its intent; English
 * messages skip the language intents without running a pattern; the clauses are never stricter
 * than the patterns (random sentences of the patterns' own words); bad clauses are reported with
 * file and line. Also kwscan_words, the whole-word scanner under them. */
#include "engine_int.h"
#include "roles_json.h"
#include "testutil.h"

static engine *load(const char *intents, const char *content_dir, collected *got)
{
    engine_opts o = {0};
    o.intents_dir = intents;
    o.content_dir = content_dir;
    o.diag = collect_diag;
    o.diag_ud = got;
    return engine_new(&o);
}

static engine *repo_engine(void)
{
    collected got = {"", 0};
    engine *e = load(REPO_INTENTS, FIXTURES "/content", &got);
    if (!e)
        fail_msg("engine did not load:\n%s", got.text);
    return e;
}

/* ------------------------------------------------------------------ kwscan_words */

static void test_whole_words(void **state)
{
    (void)state;
    kwscan *k = kwscan_new();
    int hola = kwscan_add(k, "hola"), como = kwscan_add(k, "como"), cp = kwscan_add(k, "como puedo");
    int puedo = kwscan_add(k, "puedo");
    kwscan_finish(k);
    static const struct {
        const char *text;
        int n;           /* occurrences */
        int first, last; /* ids of the first and last listed */
    } cases[] = {
        {"hola", 1, 0, 0},          {"holas", 0, -1, -1}, /* inside a word */
        {"xhola", 0, -1, -1},                             /* inside a word */
        {"hola hola", 2, 0, 0},                           /* a repeat counts */
        {"\xc2\xbfhola!", 1, 0, 0},                       /* "¿hola!": a multi-byte character is no word character */
        {"hola_mundo", 1, 0, 0},                          /* '_' is none either: never stricter than \b */
        {"como puedo", 3, 1, 3},                          /* como, como puedo, puedo: overlapping phrases all count */
        {"comopuedo", 0, -1, -1},   {"", 0, -1, -1},      {"2hola 3", 0, -1, -1}, /* a digit is a word character */
    };
    (void)hola, (void)como, (void)cp, (void)puedo;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int found[8];
        size_t start[8];
        size_t n = kwscan_words(k, cases[i].text, strlen(cases[i].text), found, start, 8);
        if ((int)n != cases[i].n)
            fail_msg("\"%s\": %zu occurrences, expected %d", cases[i].text, n, cases[i].n);
        if (n && (found[0] != cases[i].first || found[n - 1] != cases[i].last))
            fail_msg("\"%s\": ids %d..%d, expected %d..%d", cases[i].text, found[0], found[n - 1], cases[i].first,
                     cases[i].last);
    }
    /* More occurrences than room: all are counted, max are listed, with where they start. */
    int found[2];
    size_t start[2];
    assert_int_equal(kwscan_words(k, "hola como hola", 14, found, start, 2), 3);
    assert_int_equal(found[1], como);
    assert_int_equal(start[1], 5);
    kwscan_free(k);
}

/* ------------------------------------------------------------------ the intents' clauses */

static const intent *intent_named(const engine *e, const char *id)
{
    int i = intents_find(e, id);
    if (i < 0)
        fail_msg("no intent %s", id);
    return &e->intents[i];
}

/* Whether intent id is among the candidates prefilter_candidates lists for text. */
static bool candidate(const engine *e, engine_session *s, const char *id, const char *text)
{
    sbuf norm = SBUF_INIT;
    text_normalise(text, strlen(text), &norm);
    int *order = xcalloc(e->n_intents + 1, sizeof *order);
    size_t n = prefilter_candidates(e, s, norm.p, norm.len, order);
    bool in = false;
    for (size_t k = 0; k < n; k++) {
        in = in || !strcmp(e->intents[order[k]].id, id);
        if (k && order[k] <= order[k - 1])
            fail_msg("\"%s\": candidates out of dispatch order", text);
    }
    free(order);
    sbuf_free(&norm);
    return in;
}

static void test_language_messages_still_match(void **state)
{
    (void)state;
    engine *e = repo_engine();
    engine_session *s = engine_session_new(e);
    static const struct {
        const char *text, *intent;
    } cases[] = {
        {"hola", "chat.language.es"},
        {"¿Cuánto gana un maestro?", "chat.language.es"},
        {"necesito trabajo, tengo 30 años", "chat.language.es"}, /* two words of the list, nothing else */
        {"gracias gracias", "chat.language.es"},                 /* the same word twice counts twice */
        {"Bonjour !", "chat.language.fr"},
        {"combien gagne un plombier", "chat.language.fr"},
        {"Wie werde ich Elektriker?", "chat.language.de"},
        {"obrigada pela ajuda", "chat.language.pt"},
        {"come si diventa infermiere?", "chat.language.it"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (!candidate(e, s, cases[i].intent, cases[i].text))
            fail_msg("\"%s\": %s not tried", cases[i].text, cases[i].intent);
        engine_session *fresh = engine_session_new(e);
        engine_reply r;
        engine_respond(e, fresh, cases[i].text, strlen(cases[i].text), &r);
        if (!r.intent || strcmp(r.intent, cases[i].intent))
            fail_msg("\"%s\": answered by %s, expected %s", cases[i].text, r.intent ? r.intent : "-", cases[i].intent);
        engine_reply_clear(&r);
        engine_session_free(fresh);
    }
    engine_session_free(s);
    engine_free(e);
}

static void test_english_skips_the_patterns(void **state)
{
    (void)state;
    engine *e = repo_engine();
    engine_session *s = engine_session_new(e);
    static const char *const langs[] = {"chat.language.es", "chat.language.fr", "chat.language.de", "chat.language.pt",
                                        "chat.language.it"};
    static const char *const texts[] = {
        "what does a nurse do?",
        "how much does an electrician make",
        "I like working with my hands and I hate sitting at a desk",
        "is the pay better as a plumber or an electrician?",
        "operator salary", /* "pero" inside a word is no word */
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
            if (candidate(e, s, langs[l], texts[t]))
                fail_msg("\"%s\": %s is tried: its prefilter should skip it", texts[t], langs[l]);
            assert_true(intent_named(e, langs[l])->n_pf > 0);
        }
    /* The scratch counts are back to zero after every message. */
    for (size_t c = 0; c < e->n_pf_clauses; c++)
        assert_int_equal(s->pf_count[c], 0);
    engine_session_free(s);
    engine_free(e);
}

/* The literal fragments of intent in's patterns, read back from its file: the pieces between
 * regex syntax ("voy a", "ser", "que estudiar"), per pattern; n_frags[p] of them for pattern p. */
#define MAX_FRAGS 600
static size_t pattern_fragments(const intent *in, char frags[][64], size_t *pat_of)
{
    char err[256];
    jsondoc *doc = jsondoc_load(in->file, err, sizeof err);
    if (!doc)
        fail_msg("%s", err);
    const cJSON *it, *list = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "intents");
    size_t n = 0, p = 0;
    cJSON_ArrayForEach(it, list)
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id")), in->id))
            continue;
        const cJSON *pat;
        cJSON_ArrayForEach(pat, cJSON_GetObjectItemCaseSensitive(it, "patterns"))
        {
            const char *c = pat->valuestring;
            while (*c && n < MAX_FRAGS) {
                if (*c == '\\' && c[1]) { /* \b, \w: syntax */
                    c += 2;
                    continue;
                }
                size_t len = strspn(c, "abcdefghijklmnopqrstuvwxyz' -");
                if (len && len < 64 && (c[len] != '?' || len > 1)) {
                    /* "hablas?" reads "habla" and "hablas"; "trabajar(?: como" reads "trabajar", " como" */
                    memcpy(frags[n], c, len - (c[len] == '?'));
                    frags[n][len - (c[len] == '?')] = '\0';
                    pat_of[n++] = p;
                    if (c[len] == '?' && n < MAX_FRAGS) {
                        memcpy(frags[n], c, len);
                        frags[n][len] = '\0';
                        pat_of[n++] = p;
                    }
                }
                c += len ? len : 1;
            }
            p++;
        }
    }
    jsondoc_free(doc);
    return n;
}

/* Never stricter than the patterns: random sentences of the literal fragments of each pattern of an
 * intent with a prefilter (in order or not), with English words and punctuation; whenever a pattern
 * matches, one of the intent's clauses must hold. */
static void test_never_stricter_than_patterns(void **state)
{
    (void)state;
    engine *e = repo_engine();
    static const char *const extra[] = {"the", "a", "job", "nurse", "?", "!", ",", "¿", "ok", "si", "hi", "un"};
    static char frags[MAX_FRAGS][64];
    static size_t pat_of[MAX_FRAGS];
    pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
    unsigned seed = 20;
    size_t matched = 0, intents = 0;
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        if (!in->n_pf)
            continue;
        intents++;
        size_t nf = pattern_fragments(in, frags, pat_of);
        assert_true(nf > 10);
        for (int round = 0; round < 150000; round++) {
            char text[400] = "";
            seed = seed * 1103515245u + 12345u;
            size_t pat = (seed >> 16) % in->n_pats; /* one pattern's fragments, mostly */
            int words = 1 + (int)((seed >> 8) % 3);
            bool ordered = seed & 1; /* fragments in the pattern's order, as a match has them */
            size_t f = 0;
            for (int w = 0; w < words; w++) {
                seed = seed * 1103515245u + 12345u;
                unsigned r = (seed >> 16);
                const char *word = extra[r % (sizeof extra / sizeof extra[0])];
                size_t left = nf;
                f = ordered && w ? f + 1 + (r / 5) % 8 : (r / 5) % nf;
                for (f %= nf; pat_of[f] != pat && left; left--)
                    f = (f + 1) % nf;
                if ((r % 5 || ordered) && left) /* a fragment of the same pattern */
                    word = frags[f];
                if (strlen(text) + strlen(word) + 2 < sizeof text)
                    strcat(strcat(text, w && word[0] != ' ' ? " " : ""), word);
            }
            sbuf norm = SBUF_INIT;
            text_normalise(text, strlen(text), &norm);
            size_t p = 0;
            while (p < in->n_pats && pattern_match(in->pats[p], norm.p, norm.len, md, e->mctx) < 0)
                p++;
            if (p < in->n_pats) {
                matched++;
                if (!prefilter_holds(e, in, norm.p, norm.len))
                    fail_msg("\"%s\" matches pattern %zu of %s, but no clause of its prefilter holds", norm.p, p + 1,
                             in->id);
            }
            sbuf_free(&norm);
        }
    }
    assert_true(intents >= 5);
    assert_true(matched > 20000); /* the sentences did reach the patterns */
    pcre2_match_data_free(md);
    engine_free(e);
}

/* ------------------------------------------------------------------ careerbot check */

static void test_bad_clauses(void **state)
{
    (void)state;
    static const struct {
        const char *prefilter, *expect;
    } cases[] = {
        {"{\"words\": [\"hola\"]}", "x.json:3: \"prefilter\" must be a non-empty array of clauses"},
        {"[]", "x.json:3: \"prefilter\" must be a non-empty array of clauses"},
        {"[\n\"hola\"]", "x.json:4: a prefilter clause is {\"words\": [...], \"min\": N}"},
        {"[\n{\"words\": []}]", "x.json:4: a prefilter clause needs a non-empty \"words\" array"},
        {"[{\"words\": [\"hola\"],\n \"min\": 0}]", "x.json:4: prefilter \"min\" must be a whole number from 1 to 32"},
        {"[{\"words\": [\"hola\"],\n \"min\": 1.5}]", "x.json:4: prefilter \"min\" must be a whole number"},
        {"[{\"words\": [\"hola\"], \"min\": 2,\n \"max\": 3}]",
         "x.json:4: unknown field \"max\" in a prefilter clause"},
        {"[{\"words\": [\n\"Hola\"]}]", "x.json:4: prefilter word \"Hola\" is written \"hola\""},
        {"[{\"words\": [\n\"qué\"]}]", "x.json:4: prefilter word \"qué\" is written \"que\""},
        {"[{\"words\": [\n\"buenos  dias\"]}]", "x.json:4: prefilter word \"buenos  dias\" is written \"buenos dias\""},
        {"[{\"words\": [\n\" hola\"]}]", "x.json:4: prefilter words are non-empty strings without spaces"},
        {"[{\"words\": [\"hola\",\n\"hola\"]}]", "x.json:4: prefilter word \"hola\" is listed twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[64], text[512];
        temp_dir(dir, sizeof dir);
        write_file(dir, "roles.json", roles_json);
        snprintf(text, sizeof text,
                 "{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"\\\\bhola\\\\b\"], \"responses\": [\"r\"],\n"
                 "\"prefilter\": %s}]}",
                 cases[i].prefilter);
        write_file(dir, "x.json", text);
        collected got = {"", 0};
        engine *e = load(dir, FIXTURES "/content", &got);
        if (e || !strstr(got.text, cases[i].expect))
            fail_msg("case %zu: expected \"%s\" in:\n%s", i, cases[i].expect, got.text);
        engine_free(e);
        remove_tree(dir);
    }
}

static void report_to(void *ud, const char *file, int line, const char *msg)
{
    collect_diag(ud, file, line, msg);
}

/* `careerbot check`: an example that a pattern matches but no clause lets through is reported on
 * the example's line, and the message still falls back (the clause, not the pattern, decides). */
static void test_check_finds_a_missing_word(void **state)
{
    (void)state;
    char dir[64];
    temp_dir(dir, sizeof dir);
    write_file(dir, "roles.json", roles_json);
    write_file(dir, "x.json",
               "{\"intents\": [\n{\"id\": \"x\", \"patterns\": [\"\\\\b(?:hola|buenas)\\\\b\"], \"responses\": "
               "[\"r\"],\n\"prefilter\": [{\"words\": [\"hola\"]}],\n\"examples\": [\"hola\",\n\"buenas\"]}]}");
    collected got = {"", 0};
    engine *e = load(dir, FIXTURES "/content", &got);
    if (!e)
        fail_msg("did not load:\n%s", got.text);
    engine_session *s = engine_session_new(e);
    engine_reply r;
    engine_respond(e, s, "hola", 4, &r);
    assert_string_equal(r.intent, "x");
    engine_reply_clear(&r);
    engine_respond(e, s, "buenas", 6, &r);
    assert_string_equal(r.intent, "f");
    engine_reply_clear(&r);
    engine_session_free(s);
    collected problems = {"", 0};
    assert_true(engine_check(e, report_to, &problems) > 0);
    if (!strstr(problems.text, "x.json:5: example \"buenas\" of intent x matches its pattern 1, but no \"prefilter\""))
        fail_msg("expected the missing word reported, got:\n%s", problems.text);
    assert_null(strstr(problems.text, "example \"hola\" of intent x matches"));
    engine_free(e);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_words),
        cmocka_unit_test(test_language_messages_still_match),
        cmocka_unit_test(test_english_skips_the_patterns),
        cmocka_unit_test(test_never_stricter_than_patterns),
        cmocka_unit_test(test_bad_clauses),
        cmocka_unit_test(test_check_finds_a_missing_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
