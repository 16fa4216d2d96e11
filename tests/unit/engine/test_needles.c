/* Unit tests for src/engine/needles.c and the needle filter in prefilter.c: each pattern is tried
 * only when one of the strings read from it occurs in the message. The reading of pattern syntax
 * (a table of patterns and the needles they must give, or none); the filter is never stricter than
 * the patterns on every turn of the tuning corpora and every intent's examples; random sentences of
 * the needles and of English words; the characters PCRE2 folds onto ASCII letters turn the filter
 * off. */
#include "engine_int.h"
#include "needles.h"
#include "testutil.h"

#include <dirent.h>

/* ------------------------------------------------------------------ reading patterns */

static void test_reading(void **state)
{
    (void)state;
    static const struct {
        const char *pattern;
        const char *want; /* the needles, "|" between them, in the order given; "" none */
    } cases[] = {
        {"salary", "salary"},
        {"\\bhow much do (?:they|you) make\\b", "how much do they make|how much do you make"},
        {"(?:kill|hurt) my ?self", "kill my self|kill myself|hurt my self|hurt myself"},
        {"\\bkms\\b|\\bsuicidal\\b", "kms|suicidal"},
        {"pay(?:ing)?s?", "payings|paying|pays|pay"}, /* few: every string it can match */
        {"(?:a|b)x", "ax|bx"},
        {"wages?", "wages|wage"},
        {"nurs(?:e|ing)+ jobs", "e jobs|ing jobs"}, /* a repeat starts and ends with one whole copy */
        {"h+i+", "hi"},
        {"x(?:ab)+cd", "abcd"},
        {"SALARY", "salary"}, /* caseless: lower case, as normalised text is */
        {"self[ -]harm", "self harm|self-harm"},
        {"[^x]yz\\w+abc", "abc"},      /* a class of unknown size ends a run */
        {"(?=job)\\w+ing", "ing"},     /* a lookahead consumes nothing */
        {"(?<!not )happy", "happy"},   /* nor does a lookbehind */
        {"(?:)x", ""},                 /* "x": too short to filter */
        {"(?:abc|)def", "abcdef|def"}, /* one branch empty */
        {"a{2}bc", "abc"},             /* a counted repeat ends with one whole copy */
        {"x{0,3}yyy", "yyy"},
        {"ab{,3}", ""}, /* {,3}: read as a quantifier, never as required text */
        {"ab{,3}cd", "cd"},
        {"x{abc", "x{abc"}, /* not a quantifier: a literal brace */
        {"a\\.b\\-c", "a.b-c"},
        {"(?i)nurse", "nurse"},
        {"(?<name>nurse) pay", "nurse pay"},
        {"(*MARK:loose)^what is (?<career>.+)", "what is "},
        {"(a)\\1", ""},          /* backreferences: not read */
        {"(?x) a b", ""},        /* extended mode: not read */
        {"(?(1)a|b)", ""},       /* conditionals: not read */
        {"abc(*ACCEPT)def", ""}, /* (*ACCEPT) ends a match early */
        {"\\Qa.b\\E", ""},
        {"caf\xc3\xa9 work", " work"},                                     /* a non-ASCII character is no literal */
        {"(?:a|b|c|d|e|f|g|h)(?:i|j|k|l|m|n|o|p)(?:q|r|s|t|u|v|w|x)", ""}, /* the product grows too large */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        needles nd;
        size_t n = needles_of(cases[c].pattern, &nd);
        char got[2048] = "";
        for (size_t k = 0; k < n; k++)
            strcat(strcat(got, k ? "|" : ""), nd.v[k]);
        if (strcmp(got, cases[c].want))
            fail_msg("needles of \"%s\": \"%s\", expected \"%s\"", cases[c].pattern, got, cases[c].want);
    }
}

/* ------------------------------------------------------------------ never stricter than the patterns */

static engine *repo_engine(void)
{
    collected got = {"", 0};
    engine_opts o = {0};
    o.intents_dir = REPO_INTENTS;
    o.content_dir = CAREERBOT_SOURCE_DIR "/content";
    o.diag = collect_diag;
    o.diag_ud = &got;
    engine *e = engine_new(&o);
    if (!e)
        fail_msg("engine did not load:\n%s", got.text);
    return e;
}

/* Every pattern that matches text must be let through by the filter. Returns how many patterns
 * with needles matched (the others are always tried). */
static size_t check_text(const engine *e, pcre2_match_data *md, const char *text)
{
    sbuf norm = SBUF_INIT;
    text_normalise(text, strlen(text), &norm);
    uint64_t stack[64], *heap;
    const uint64_t *may = prefilter_needles(e, norm.p, norm.len, stack, 64, &heap);
    size_t matched = 0;
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        for (size_t p = 0; p < in->n_pats; p++) {
            if (pattern_match(in->pats[p], norm.p, norm.len, md, e->mctx) < 0)
                continue;
            size_t g = in->pat_base + p;
            matched += !(e->pat_always[g / 64] >> (g % 64) & 1u);
            if (!prefilter_may_match(in, p, may))
                fail_msg("\"%s\" matches pattern %zu of %s (%s:%d), but none of its needles was found", norm.p, p + 1,
                         in->id, in->file, in->pat_lines[p]);
        }
    }
    free(heap);
    sbuf_free(&norm);
    return matched;
}

/* The first column of every line of a corpus file. Returns how many lines matched a pattern. */
static size_t check_file(const engine *e, pcre2_match_data *md, const char *path, size_t *lines)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[4096];
    size_t matched = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\t\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        (*lines)++;
        matched += check_text(e, md, line) > 0;
    }
    fclose(f);
    return matched;
}

static void test_corpora(void **state)
{
    (void)state;
    engine *e = repo_engine();
    pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
    size_t lines = 0, matched = 0;
    const char *corpus = CAREERBOT_SOURCE_DIR "/tests/corpus";
    DIR *d = opendir(corpus);
    assert_non_null(d);
    for (struct dirent *de; (de = readdir(d));) {
        if (strncmp(de->d_name, "tune", 4))
            continue; /* never heldout/ */
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", corpus, de->d_name);
        DIR *sub = opendir(dir);
        assert_non_null(sub);
        for (struct dirent *fe; (fe = readdir(sub));) {
            char path[2048];
            snprintf(path, sizeof path, "%s/%s", dir, fe->d_name);
            if (strstr(fe->d_name, ".tsv"))
                matched += check_file(e, md, path, &lines);
        }
        closedir(sub);
    }
    closedir(d);
    for (int k = 1; k <= 30; k++) {
        char path[1024], num[16] = ""; /* tune.tsv, tune2.tsv, ... */
        if (k > 1)
            snprintf(num, sizeof num, "%d", k);
        snprintf(path, sizeof path, CAREERBOT_SOURCE_DIR "/tests/advice/tune%s.tsv", num);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        fclose(f);
        matched += check_file(e, md, path, &lines);
    }
    for (size_t i = 0; i < e->n_intents; i++)
        for (size_t x = 0; x < e->intents[i].n_examples; x++, lines++)
            matched += check_text(e, md, e->intents[i].examples[x]) > 0;
    print_message("needles: %zu texts, %zu matched a pattern with needles, none filtered out\n", lines, matched);
    assert_true(lines > 3000);
    assert_true(matched > 2000);
    pcre2_match_data_free(md);
    engine_free(e);
}

/* Random sentences of the patterns' own needles and some English words: whatever they match, the
 * filter lets through. */
static void test_random_sentences(void **state)
{
    (void)state;
    engine *e = repo_engine();
    pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
    static const char *const extra[] = {"i",    "a",  "the",  "my",  "job", "nurse", "do",  "to",
                                        "what", "is", "?",    "!",   "'",   "-",     "and", "you",
                                        "it",   "me", "want", "how", "not", "can't", "1",   "$"};
    size_t n_needles = kwscan_count(e->needles), matched = 0;
    assert_true(n_needles > 500);
    unsigned seed = 7;
    for (int round = 0; round < 40000; round++) {
        char text[300] = "";
        seed = seed * 1103515245u + 12345u;
        int words = 1 + (int)((seed >> 16) % 5);
        for (int w = 0; w < words; w++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            char buf[64];
            const char *word = extra[r % (sizeof extra / sizeof extra[0])];
            if (r % 3) { /* a needle, with any letter dropped now and then */
                snprintf(buf, sizeof buf, "%s", kwscan_keyword(e->needles, (int)(r % n_needles)));
                if (r % 7 == 0 && strlen(buf) > 2)
                    memmove(buf + 1, buf + 2, strlen(buf + 1));
                word = buf;
            }
            if (strlen(text) + strlen(word) + 2 < sizeof text)
                strcat(strcat(text, w && (r & 16) ? " " : ""), word);
        }
        matched += check_text(e, md, text) > 0;
    }
    print_message("needles: %zu of 40000 random sentences matched a pattern with needles\n", matched);
    assert_true(matched > 4000);
    pcre2_match_data_free(md);
    engine_free(e);
}

/* U+017F (long s) matches "s" and U+212A (Kelvin) "k" in a caseless pattern: no needle sees them. */
static void test_fold_trap(void **state)
{
    (void)state;
    engine *e = repo_engine();
    uint64_t stack[64], *heap;
    const char *longs = "i feel \xc5\xbfuicidal", *kelvin = "i want to \xe2\x84\xaaill myself";
    assert_true(needles_fold_trap(longs, strlen(longs)));
    assert_true(needles_fold_trap(kelvin, strlen(kelvin)));
    assert_false(needles_fold_trap("suicidal", 8));
    assert_null(prefilter_needles(e, longs, strlen(longs), stack, 64, &heap));
    assert_non_null(prefilter_needles(e, "suicidal", 8, stack, 64, &heap));
    free(heap);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reading),
        cmocka_unit_test(test_corpora),
        cmocka_unit_test(test_random_sentences),
        cmocka_unit_test(test_fold_trap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
