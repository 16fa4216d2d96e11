/* Unit tests for src/engine/names.c: the name index. Adding names (strength, ambiguity, the caps
 * NAMES_MAX_WORDS and NAMES_MAX_ALTS), finding the best name in a run of words (the longest, then
 * the one with fewer corrections, then the leftmost: what names_find does, see test_find_table),
 * spelling correction (edit distance 1 for 4 to 6 letters, 2 for longer words, keeping the first
 * letter (the first two for two edits), then words that sound alike, stop words never corrected,
 * frequency breaks ties) and names_knows.
 *
 * The index sees words only, so the tests build text_words directly from space-separated
 * lower-case words (what text_words_split gives for such text), without the normaliser. */
#include "names.h"
#include "testutil.h"

/* Splits s on spaces into words; each word is cut to fit text_word.w, as text_words_split does. */
static text_words words(const char *s)
{
    text_words w = {0};
    const char *p = s;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, " ");
        if (w.n == w.cap) {
            w.cap = w.cap ? w.cap * 2 : 8;
            w.v = xrealloc(w.v, w.cap * sizeof *w.v);
        }
        text_word *t = &w.v[w.n++];
        size_t keep = len < sizeof t->w - 1 ? len : sizeof t->w - 1;
        memcpy(t->w, p, keep);
        t->w[keep] = '\0';
        t->start = (size_t)(p - s);
        t->end = t->start + len;
        p += len;
    }
    return w;
}

/* names_add for the whole of s. */
static int add(names *n, const char *s, int career, int strength)
{
    text_words w = words(s);
    int r = names_add(n, &w, 0, w.n, career, strength);
    text_words_free(&w);
    return r;
}

/* names_find over words [from, to) of s (to == SIZE_MAX: to the end). */
static int find_in(const names *n, const char *s, size_t from, size_t to, names_hit *hit)
{
    text_words w = words(s);
    int r = names_find(n, &w, from, to == SIZE_MAX ? w.n : to, hit);
    text_words_free(&w);
    return r;
}

static const char *correct(const names *n, const char *word)
{
    const char *c = names_correct(n, word);
    return c ? c : "(null)";
}

/* A misspelling and what names_correct should make of it ("(null)": no correction). */
struct correction {
    const char *word, *fix;
};

static void check_corrections(const names *n, const struct correction *cases, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(correct(n, cases[i].word), cases[i].fix) != 0)
            fail_msg("names_correct(\"%s\") = %s, expected %s", cases[i].word, correct(n, cases[i].word), cases[i].fix);
}

/* ===================== The fixture index ===================== */

#define STRONG 3

static const struct {
    const char *name;
    int career;
} fixture_names[] = {
    {"nurse", 0},
    {"registered nurse", 1},
    {"nurse practitioner", 2},
    {"software engineer", 3},
    {"senior software engineer", 4},
    {"engineer", 5},
    {"pilot", 6},
    {"test pilot", 7},
    {"x ray technician", 8},
    {"data scientist", 9},
    {"plumber", 10},
    {"analyst", 11},
    {"analyst", 12}, /* the same name for another career: ambiguous */
    {"data analyst", 13},
    {"purse maker", 14},
    {"teacher", 15},
    {"vet", 16},
};

static names *fixture(void)
{
    names *n = names_new();
    for (size_t i = 0; i < sizeof fixture_names / sizeof fixture_names[0]; i++)
        add(n, fixture_names[i].name, fixture_names[i].career, STRONG);
    names_add_stopword(n, "teaches");
    names_add_stopword(n, "what");
    names_finish(n);
    return n;
}

/* ===================== Adding ===================== */

static void test_empty_index(void **state)
{
    (void)state;
    names_free(NULL); /* a no-op */
    names *n = names_new();
    assert_int_equal(names_count(n), 0);
    names_hit hit;
    assert_int_equal(find_in(n, "nurse", 0, SIZE_MAX, &hit), 0);
    assert_null(names_correct(n, "nurse"));
    assert_false(names_knows(n, "nurse"));
    names_finish(n);
    assert_int_equal(find_in(n, "nurse", 0, SIZE_MAX, &hit), 0);
    assert_null(names_correct(n, "nusre"));
    assert_false(names_knows(n, ""));
    names_free(n);
}

static void test_add_ranges(void **state)
{
    (void)state;
    names *n = names_new();
    text_words w = words("one two three");
    assert_int_equal(names_add(n, &w, 1, 1, 0, STRONG), -1); /* no words: refused */
    assert_int_equal(names_add(n, &w, 2, 1, 0, STRONG), -1);
    assert_int_equal(names_count(n), 0);
    assert_int_equal(names_add(n, &w, 1, 3, 5, STRONG), -1); /* "two three" */
    assert_int_equal(names_count(n), 1);
    text_words_free(&w);
    names_finish(n);

    names_hit hit;
    assert_int_equal(find_in(n, "one two three", 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.career, 5);
    assert_int_equal(hit.from, 1);
    assert_int_equal(hit.to, 3);
    assert_int_equal(find_in(n, "one two", 0, SIZE_MAX, &hit), 0);
    assert_true(names_knows(n, "two"));
    assert_false(names_knows(n, "one")); /* outside the range that was added */
    names_free(n);
}

/* NAMES_MAX_WORDS words make a name; one more does not. */
static void test_max_words(void **state)
{
    (void)state;
    char longest[512] = "", too_long[512] = "";
    for (int i = 0; i < NAMES_MAX_WORDS; i++)
        snprintf(longest + strlen(longest), sizeof longest - strlen(longest), "%sw%d", i ? " " : "", i);
    snprintf(too_long, sizeof too_long, "%s w%d", longest, NAMES_MAX_WORDS);

    names *n = names_new();
    assert_int_equal(add(n, too_long, 2, STRONG), -1);
    assert_int_equal(names_count(n), 0);
    assert_false(names_knows(n, "w0")); /* nothing of it was kept */
    assert_int_equal(add(n, longest, 1, STRONG), -1);
    assert_int_equal(names_count(n), 1);
    names_finish(n);

    names_hit hit;
    assert_int_equal(find_in(n, too_long, 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.career, 1);
    assert_int_equal(hit.from, 0);
    assert_int_equal(hit.to, NAMES_MAX_WORDS);
    assert_int_equal(find_in(n, too_long, 1, SIZE_MAX, &hit), 0); /* w1 .. w24 is no name */
    names_free(n);
}

static void test_strength(void **state)
{
    (void)state;
    names *n = names_new();
    names_hit hit;
    assert_int_equal(add(n, "counsellor", 1, 2), -1);
    assert_int_equal(add(n, "counsellor", 2, 1), -1); /* weaker: ignored */
    assert_int_equal(add(n, "counsellor", 1, 2), -1); /* the same career again: no clash */
    assert_int_equal(find_in(n, "counsellor", 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.career, 1);
    assert_int_equal(hit.strength, 2);
    assert_int_equal(hit.n_alts, 1);
    assert_int_equal(hit.alts[0], 1);

    assert_int_equal(add(n, "counsellor", 3, 5), -1); /* stronger: replaces */
    assert_int_equal(find_in(n, "counsellor", 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.career, 3);
    assert_int_equal(hit.strength, 5);
    assert_int_equal(hit.n_alts, 1);

    /* Every names_add that was not refused counts, even one that changed nothing. */
    assert_int_equal(names_count(n), 4);
    names_free(n);
}

/* A name of strength 0 (a discipline) said after a stronger one does not hide it, though longer; one
 * said before it still wins by length ("real estate broker" is not the realtor). */
static void test_discipline_after(void **state)
{
    (void)state;
    names *n = names_new();
    names_hit hit;
    assert_int_equal(add(n, "lawyer", 1, 30), -1);
    assert_int_equal(add(n, "law school", 1, 0), -1);
    assert_int_equal(add(n, "realtor", 2, 30), -1);
    assert_int_equal(add(n, "real estate", 2, 0), -1);
    assert_int_equal(find_in(n, "be a lawyer without law school", 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.strength, 30);
    assert_int_equal(hit.from, 2);
    assert_int_equal(find_in(n, "law school to be a lawyer", 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.strength, 0); /* before it: the longest still wins */
    assert_int_equal(find_in(n, "real estate broker or a realtor", 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.strength, 0);
    assert_int_equal(hit.from, 0);
    names_free(n);
}

static void assert_alts(const names *n, const char *name, int career, size_t n_alts, const int *alts, int strength)
{
    names_hit hit;
    assert_int_equal(find_in(n, name, 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.career, career);
    assert_int_equal(hit.strength, strength);
    assert_int_equal(hit.n_alts, n_alts);
    for (size_t i = 0; i < n_alts; i++)
        assert_int_equal(hit.alts[i], alts[i]);
}

/* Equal strength, several careers: ambiguous, with at most NAMES_MAX_ALTS of them kept. */
static void test_ambiguity(void **state)
{
    (void)state;
    assert_int_equal(NAMES_MAX_ALTS, 4); /* the expected values below are written for 4 */
    names *n = names_new();
    assert_int_equal(add(n, "designer", 10, 2), -1);
    assert_int_equal(add(n, "designer", 11, 2), 10); /* returns the career that held the name */
    assert_alts(n, "designer", 10, 2, (const int[]){10, 11}, 2);
    assert_int_equal(add(n, "designer", 12, 2), 10);
    assert_int_equal(add(n, "designer", 13, 2), 10);
    assert_alts(n, "designer", 10, 4, (const int[]){10, 11, 12, 13}, 2);
    assert_int_equal(add(n, "designer", 14, 2), 10); /* a fifth: still a clash, but not kept */
    assert_int_equal(add(n, "designer", 12, 2), 10); /* one already there: not kept twice */
    assert_int_equal(add(n, "designer", 10, 2), -1); /* the first one again: no clash */
    assert_int_equal(add(n, "designer", 15, 1), -1); /* weaker: ignored */
    assert_alts(n, "designer", 10, 4, (const int[]){10, 11, 12, 13}, 2);

    /* A stronger name ends the ambiguity; a new clash at that strength starts a new one. */
    assert_int_equal(add(n, "designer", 20, 3), -1);
    assert_alts(n, "designer", 20, 1, (const int[]){20}, 3);
    assert_int_equal(add(n, "designer", 21, 3), 20);
    assert_alts(n, "designer", 20, 2, (const int[]){20, 21}, 3);
    assert_int_equal(names_count(n), 10);

    /* Ambiguity belongs to the name, not to its words. */
    assert_int_equal(add(n, "graphic designer", 30, 2), -1);
    assert_alts(n, "graphic designer", 30, 1, (const int[]){30}, 2);
    names_free(n);
}

/* ===================== Finding ===================== */

static void test_find_table(void **state)
{
    (void)state;
    static const struct {
        const char *msg;
        int career; /* -1: no name */
        size_t from, to;
        int corrections;
        size_t n_alts;
    } cases[] = {
        {"nurse", 0, 0, 1, 0, 1},
        {"i am a registered nurse", 1, 3, 5, 0, 1},
        {"registered", -1, 0, 0, 0, 0}, /* the start of a name is no name */
        {"senior software engineer", 4, 0, 3, 0, 1},
        {"software engineer", 3, 0, 2, 0, 1},
        {"a senior engineer", 5, 2, 3, 0, 1},
        {"nurse or pilot", 0, 0, 1, 0, 1},      /* equal length: the leftmost */
        {"pilot or test pilot", 7, 2, 4, 0, 1}, /* the longest */
        {"test pilot nurse practitioner", 7, 0, 2, 0, 1},
        {"x ray technician", 8, 0, 3, 0, 1}, /* one-letter and three-letter words match as typed */
        {"x ray", -1, 0, 0, 0, 0},
        {"x", -1, 0, 0, 0, 0},
        {"", -1, 0, 0, 0, 0},
        {"vet", 16, 0, 1, 0, 1},
        {"vett", -1, 0, 0, 0, 0}, /* words under 4 letters are never suggested */
        {"analyst", 11, 0, 1, 0, 2},
        {"data analyst", 13, 0, 2, 0, 1},
        {"data", -1, 0, 0, 0, 0},
        /* Spelling. */
        {"nusre", 0, 0, 1, 1, 1},
        {"nusre pilot", 6, 1, 2, 0, 1}, /* equal length: fewer corrections beats leftmost */
        {"pilot nusre", 6, 0, 1, 0, 1},
        {"nusre pilto", 0, 0, 1, 1, 1},      /* equal length and corrections: the leftmost */
        {"softwre engineer", 3, 0, 2, 1, 1}, /* longer beats exact */
        {"softwre enginer", 3, 0, 2, 2, 1},
        {"registred nurse", 1, 0, 2, 1, 1},
        {"senior sofware enginer", 4, 0, 3, 2, 1},
        {"teachr", 15, 0, 1, 1, 1},
        {"teaches", -1, 0, 0, 0, 0}, /* a stop word: never corrected to "teacher" */
        {"nurses", 0, 0, 1, 1, 1},
        {"nurs", 0, 0, 1, 1, 1},
        {"nrs", -1, 0, 0, 0, 0},
        {"nursexy", 0, 0, 1, 1, 1}, /* 7 letters: two edits allowed */
        {"nursxy", -1, 0, 0, 0, 0}, /* 6 letters: one */
        {"Nurse", -1, 0, 0, 0, 0},  /* not a-z: taken as typed (the normaliser lower-cases first) */
        {"nurse1", -1, 0, 0, 0, 0},
        {"n\xc3\xbcrse", -1, 0, 0, 0, 0},
        {"analysts", 11, 0, 1, 1, 2},
    };
    names *n = fixture();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        names_hit hit;
        memset(&hit, 0xAB, sizeof hit);
        int found = find_in(n, cases[i].msg, 0, SIZE_MAX, &hit);
        if (cases[i].career < 0) {
            if (found)
                fail_msg("\"%s\": found career %d, expected none", cases[i].msg, hit.career);
            continue;
        }
        if (!found)
            fail_msg("\"%s\": no name found, expected career %d", cases[i].msg, cases[i].career);
        if (hit.career != cases[i].career || hit.from != cases[i].from || hit.to != cases[i].to ||
            hit.corrections != cases[i].corrections || hit.n_alts != cases[i].n_alts || hit.strength != STRONG ||
            hit.alts[0] != cases[i].career)
            fail_msg("\"%s\": career %d [%zu,%zu) corrections %d alts %zu strength %d; expected %d [%zu,%zu) %d %zu",
                     cases[i].msg, hit.career, hit.from, hit.to, hit.corrections, hit.n_alts, hit.strength,
                     cases[i].career, cases[i].from, cases[i].to, cases[i].corrections, cases[i].n_alts);
    }
    names_hit hit;
    assert_int_equal(find_in(n, "analyst", 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.alts[0], 11);
    assert_int_equal(hit.alts[1], 12);
    names_free(n);
}

/* The range [from, to) bounds the search; the hit's span is in the caller's word indexes. */
static void test_find_range(void **state)
{
    (void)state;
    names *n = fixture();
    names_hit hit;
    const char *s = "nurse test pilot engineer";
    assert_int_equal(find_in(n, s, 0, SIZE_MAX, &hit), 1);
    assert_int_equal(hit.career, 7);
    assert_int_equal(find_in(n, s, 0, 1, &hit), 1);
    assert_int_equal(hit.career, 0);
    assert_int_equal(find_in(n, s, 2, SIZE_MAX, &hit), 1); /* "pilot engineer" */
    assert_int_equal(hit.career, 6);
    assert_int_equal(hit.from, 2);
    assert_int_equal(hit.to, 3);
    assert_int_equal(find_in(n, s, 1, 2, &hit), 0); /* "test" alone */
    assert_int_equal(find_in(n, s, 3, 4, &hit), 1);
    assert_int_equal(hit.career, 5);
    assert_int_equal(hit.from, 3);
    assert_int_equal(find_in(n, s, 2, 2, &hit), 0); /* empty */
    assert_int_equal(find_in(n, s, 4, 4, &hit), 0);

    /* An empty run of words. */
    text_words none = {0};
    assert_int_equal(names_find(n, &none, 0, 0, &hit), 0);
    names_free(n);
}

/* names_find reads at most 128 words from `from`. */
static void test_find_long_run(void **state)
{
    (void)state;
    names *n = fixture();
    char msg[2048];
    for (size_t at = 126; at <= 129; at++) {
        msg[0] = '\0';
        for (size_t i = 0; i < 140; i++)
            snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%s%s", i ? " " : "", i == at ? "pilot" : "zzzz");
        names_hit hit;
        int found = find_in(n, msg, 0, SIZE_MAX, &hit);
        assert_int_equal(found, at < 128);
        if (found) {
            assert_int_equal(hit.from, at);
            assert_int_equal(hit.career, 6);
        }
        assert_int_equal(find_in(n, msg, 100, SIZE_MAX, &hit), 1);
        assert_int_equal(hit.from, at);
    }
    names_free(n);
}

/* ===================== Spelling ===================== */

static void test_correct_table(void **state)
{
    (void)state;
    static const struct correction cases[] = {
        {"nurse", "(null)"}, /* known */
        {"x", "(null)"},
        {"", "(null)"},
        {"nusre", "nurse"},  /* a transposition is one edit */
        {"murse", "(null)"}, /* a typo keeps a word's first letter: not "nurse" (nor "purse") */
        {"nurze", "nurse"},
        {"nurs", "nurse"}, /* 4 letters: corrected */
        {"nrs", "(null)"}, /* 3: not */
        {"nurses", "nurse"},
        {"nursxy", "(null)"}, /* 6 letters: one edit only */
        {"nursexy", "nurse"}, /* 7: two */
        {"pilto", "pilot"},
        {"teachr", "teacher"},
        {"teaches", "(null)"}, /* a stop word */
        {"what", "(null)"},
        {"enginer", "engineer"},
        {"sofware", "software"},
        {"softwre", "software"},
        {"registred", "registered"},
        {"plumbre", "plumber"},
        {"analysts", "analyst"},
        {"scientst", "scientist"},
        {"vett", "(null)"},  /* "vet" is too short to be suggested */
        {"Nurse", "(null)"}, /* only a-z words are corrected */
        {"nurse1", "(null)"},
        {"n\xc3\xbcrse", "(null)"},
        {"zzzzzzzz", "(null)"},
        /* Two edits are found when the typo reaches the known word by deleting up to two letters
         * of the typo and at most one of the known word; "enginir" (a letter missing and one
         * wrong) is two edits from "engineer" and not found that way, but sounds like it. */
        {"enginir", "engineer"},
        {"engineeer", "engineer"},
        {"enginieer", "engineer"},
    };
    names *n = fixture();
    check_corrections(n, cases, sizeof cases / sizeof cases[0]);
    names_free(n);
}

/* Words that sound like a name word but are more than the usual edits from it (sound_key): "ph"
 * written "f", "ti" for "ci", a hard "c" for "k", a silent "e" left out; and what stays uncorrected:
 * a different vowel sound, short words, more than three edits, common words. */
static void test_correct_sounds(void **state)
{
    (void)state;
    names *n = names_new();
    add(n, "pharmacist", 0, STRONG);
    add(n, "electrician", 1, STRONG);
    add(n, "electrical engineer", 2, STRONG);
    add(n, "electrical drafter", 3, STRONG);
    add(n, "sonographer", 4, STRONG);
    add(n, "become", 5, STRONG);
    add(n, "tutoring coordinator", 6, STRONG);
    add(n, "physicist", 7, STRONG);
    names_add_common(n, "fizzy");
    names_finish(n);
    static const struct correction cases[] = {
        {"farmacist", "pharmacist"},    /* ph/f and a letter left out: three edits, one sound */
        {"farmasist", "pharmacist"},    /* soft c written s */
        {"electrition", "electrician"}, /* "ti" for "ci", "o" for "a" */
        {"sonografer", "sonographer"},
        {"becum", "become"},           /* hard c, silent final e */
        {"electrican", "electrician"}, /* one edit from "electrical" too: a name on its own wins */
        {"tiring", "(null)"},          /* "tutoring" has more vowel sounds */
        {"fisisist", "(null)"},        /* sounds like "physicist" but four edits from it */
        {"fizzy", "(null)"},           /* a common word */
        {"becm", "(null)"},            /* under five letters: by edits only */
    };
    check_corrections(n, cases, sizeof cases / sizeof cases[0]);
    names_free(n);
}

/* Closer beats more frequent; among equally close words, the one in more names wins. */
static void test_correct_ties(void **state)
{
    (void)state;
    names *n = names_new();
    add(n, "parse tree", 0, STRONG);
    add(n, "purse maker", 1, STRONG);
    add(n, "purse seller", 2, STRONG);
    add(n, "plumb line", 3, STRONG);
    add(n, "plumb bob", 4, STRONG);
    names_finish(n);
    assert_string_equal(correct(n, "pirse"), "purse");   /* purse is in two names, parse in one */
    assert_string_equal(correct(n, "plumbre"), "plumb"); /* two letters too many */
    names_free(n);

    n = names_new();
    add(n, "plumb line", 3, STRONG);
    add(n, "plumb bob", 4, STRONG);
    add(n, "plumb", 5, STRONG);
    add(n, "plumber", 6, STRONG);
    names_finish(n);
    assert_string_equal(correct(n, "plumbre"), "plumber"); /* one edit beats two, however frequent */
    names_free(n);
}

/* Nothing is corrected before names_finish; exact names are found all the same. */
static void test_before_finish(void **state)
{
    (void)state;
    names *n = names_new();
    add(n, "nurse", 0, STRONG);
    names_hit hit;
    assert_null(names_correct(n, "nusre"));
    assert_int_equal(find_in(n, "nusre", 0, SIZE_MAX, &hit), 0);
    assert_int_equal(find_in(n, "nurse", 0, SIZE_MAX, &hit), 1);
    names_finish(n);
    assert_string_equal(correct(n, "nusre"), "nurse");
    names_free(n);
}

/* A word of `len` letters, cycling through the alphabet from `first`. */
static void long_word(char *buf, size_t len, char first)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = (char)('a' + (first - 'a' + (int)i) % 26);
    buf[len] = '\0';
}

/* Words of 39 letters and more are matched exactly but never corrected; 47 is the longest word a
 * text_word holds. */
static void test_long_words(void **state)
{
    (void)state;
    static const struct {
        size_t len;
        bool corrected;
    } cases[] = {{38, true}, {39, false}, {40, false}, {47, false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char word[64], typo[64];
        long_word(word, cases[i].len, 'a');
        memcpy(typo, word, cases[i].len + 1);
        typo[cases[i].len / 2] = typo[cases[i].len / 2] == 'q' ? 'r' : 'q'; /* one letter wrong */
        names *n = names_new();
        assert_int_equal(add(n, word, 1, STRONG), -1);
        names_finish(n);
        assert_true(names_knows(n, word));
        assert_false(names_knows(n, typo));
        assert_null(names_correct(n, word));
        assert_string_equal(correct(n, typo), cases[i].corrected ? word : "(null)");
        names_hit hit;
        assert_int_equal(find_in(n, word, 0, SIZE_MAX, &hit), 1);
        assert_int_equal(hit.career, 1);
        assert_int_equal(find_in(n, typo, 0, SIZE_MAX, &hit), cases[i].corrected);
        names_free(n);
    }
}

static void test_knows(void **state)
{
    (void)state;
    static const struct {
        const char *word;
        bool known;
    } cases[] = {
        {"nurse", true},   {"registered", true}, {"practitioner", true}, {"x", true},    {"ray", true},
        {"teaches", true}, {"what", true},       {"nusre", false},       {"", false},    {"Nurse", false},
        {"nurse ", false}, {"engineers", false}, {"maker", true},        {"data", true}, {"scientists", false},
    };
    names *n = fixture();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (names_knows(n, cases[i].word) != cases[i].known)
            fail_msg("names_knows(\"%s\") = %d", cases[i].word, !cases[i].known);
    assert_int_equal(names_count(n), sizeof fixture_names / sizeof fixture_names[0]);
    names_free(n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_index),      cmocka_unit_test(test_add_ranges),
        cmocka_unit_test(test_max_words),        cmocka_unit_test(test_strength),
        cmocka_unit_test(test_ambiguity),        cmocka_unit_test(test_find_table),
        cmocka_unit_test(test_find_range),       cmocka_unit_test(test_find_long_run),
        cmocka_unit_test(test_correct_table),    cmocka_unit_test(test_correct_ties),
        cmocka_unit_test(test_correct_sounds),   cmocka_unit_test(test_before_finish),
        cmocka_unit_test(test_long_words),       cmocka_unit_test(test_knows),
        cmocka_unit_test(test_discipline_after),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
