/*
 * prefilter: which intents are worth trying for a message, before any pattern runs. Two filters,
 * each one pass over the normalised text whatever the number of intents:
 *   "keywords"  substrings, any one of which must occur (kwscan_run over every intent's keywords);
 *   "prefilter" clauses of words, one of which must hold: at least "min" occurrences of its words
 *               as whole words (kwscan_words over every intent's clause words).
 * An intent with both needs both. The clauses let an intent without a single telling keyword (a
 * message in Spanish: "two of these 150 words") cost nothing on the messages that cannot match
 * it. The data is the intents' own (intents/README.md); nothing here knows an intent by name.
 * Then, inside an intent, each pattern is tried only when one of its needles occurs (needles.h):
 * strings read from the pattern itself, found for every pattern in one more pass.
 */
#include "engine_int.h"
#include "needles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PF_SCAN_MAX 256 /* occurrences listed per message; past that every prefilter counts as held */

/* ===================== Loading ===================== */

/* A clause word must be written as the normalised text has it, or it could never occur. */
static bool word_ok(const jsondoc *doc, diag *d, const cJSON *w)
{
    const char *v = cJSON_IsString(w) ? w->valuestring : NULL;
    if (!v || !v[0] || v[0] == ' ' || v[strlen(v) - 1] == ' ') {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, w),
                    "prefilter words are non-empty strings without spaces around them");
        return false;
    }
    sbuf norm = SBUF_INIT;
    text_normalise(v, strlen(v), &norm);
    bool same = norm.len == strlen(v) && !memcmp(norm.p, v, norm.len);
    if (!same)
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, w),
                    "prefilter word \"%s\" is written \"%.*s\" in a normalised message (lower case, accents folded, "
                    "one space between words): it could never occur",
                    v, (int)norm.len, norm.p);
    sbuf_free(&norm);
    return same;
}

static void load_clause(const jsondoc *doc, diag *d, intent *in, const cJSON *c)
{
    static const char *const keys[] = {"words", "min", "comment"};
    const char *file = jsondoc_path(doc);
    if (!cJSON_IsObject(c)) {
        diag_report(d, file, jsondoc_line(doc, c), "a prefilter clause is {\"words\": [...], \"min\": N}");
        return;
    }
    jsondoc_check_keys(doc, d, c, keys, 3, "a prefilter clause");
    const cJSON *words = cJSON_GetObjectItemCaseSensitive(c, "words");
    const cJSON *min = cJSON_GetObjectItemCaseSensitive(c, "min");
    if (!cJSON_IsArray(words) || cJSON_GetArraySize(words) == 0) {
        diag_report(d, file, jsondoc_line(doc, words ? words : c),
                    "a prefilter clause needs a non-empty \"words\" array");
        return;
    }
    if (min && (!cJSON_IsNumber(min) || min->valuedouble != (double)min->valueint || min->valueint < 1 ||
                min->valueint > PF_MAX_MIN)) {
        diag_report(d, file, jsondoc_line(doc, min), "prefilter \"min\" must be a whole number from 1 to %d",
                    PF_MAX_MIN);
        return;
    }
    pf_clause *pc = &in->pf[in->n_pf];
    memset(pc, 0, sizeof *pc);
    pc->min = min ? min->valueint : 1;
    pc->line = jsondoc_line(doc, c);
    pc->words = xcalloc((size_t)cJSON_GetArraySize(words), sizeof *pc->words);
    strmap seen = {0};
    const cJSON *w;
    cJSON_ArrayForEach(w, words)
    {
        if (!word_ok(doc, d, w))
            continue;
        size_t len = strlen(w->valuestring);
        if (strmap_get(&seen, w->valuestring, len) >= 0) {
            diag_report(d, file, jsondoc_line(doc, w), "prefilter word \"%s\" is listed twice in its clause",
                        w->valuestring);
            continue;
        }
        pc->words[pc->n_words] = xstrdup(w->valuestring);
        strmap_put(&seen, pc->words[pc->n_words], len, 1);
        pc->n_words++;
    }
    strmap_free(&seen);
    in->n_pf++;
}

void prefilter_load(const jsondoc *doc, diag *d, intent *in, const cJSON *pf)
{
    if (!pf)
        return;
    if (!cJSON_IsArray(pf) || cJSON_GetArraySize(pf) == 0) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, pf), "\"prefilter\" must be a non-empty array of clauses");
        return;
    }
    in->pf = xcalloc((size_t)cJSON_GetArraySize(pf), sizeof *in->pf);
    const cJSON *c;
    cJSON_ArrayForEach(c, pf) load_clause(doc, d, in, c);
}

/* ===================== The index ===================== */

char **prefilter_needles_of(const char *src)
{
    needles nd;
    if (!needles_of(src, &nd))
        return NULL;
    char **v = xcalloc(nd.n + 1, sizeof *v);
    for (size_t k = 0; k < nd.n; k++)
        v[k] = xstrdup(nd.v[k]);
    return v;
}

/* Every pattern's needles into one scanner, each listing the patterns it lets through. */
static void needles_index(engine *e)
{
    e->needles = kwscan_new();
    size_t g = 0;
    for (size_t i = 0; i < e->n_intents; i++) {
        e->intents[i].pat_base = g;
        g += e->intents[i].n_pats;
    }
    e->n_pats_all = g;
    e->pat_always = xcalloc(g / 64 + 1, sizeof *e->pat_always);
    size_t cap = 0, *fill = NULL;
    for (size_t i = 0; i < e->n_intents; i++) {
        intent *in = &e->intents[i];
        for (size_t p = 0; p < in->n_pats; p++) {
            size_t at = in->pat_base + p;
            char **v = in->pat_needles ? in->pat_needles[p] : NULL;
            if (!v)
                e->pat_always[at / 64] |= (uint64_t)1 << (at % 64);
            for (size_t k = 0; v && v[k]; k++) {
                size_t id = (size_t)kwscan_add(e->needles, v[k]); /* copies it */
                free(v[k]);
                if (id >= cap) {
                    size_t ncap = cap ? cap * 2 : 256;
                    while (ncap <= id)
                        ncap *= 2;
                    e->needle_pats = xrealloc(e->needle_pats, ncap * sizeof *e->needle_pats);
                    fill = xrealloc(fill, ncap * sizeof *fill);
                    memset(e->needle_pats + cap, 0, (ncap - cap) * sizeof *e->needle_pats);
                    memset(fill + cap, 0, (ncap - cap) * sizeof *fill);
                    cap = ncap;
                }
                if (fill[id] && e->needle_pats[id][fill[id] - 1] == (int)at)
                    continue; /* the same needle twice in one pattern */
                e->needle_pats[id] = xrealloc(e->needle_pats[id], (fill[id] + 2) * sizeof **e->needle_pats);
                e->needle_pats[id][fill[id]++] = (int)at;
                e->needle_pats[id][fill[id]] = -1;
            }
            free(v);
        }
        free(in->pat_needles);
        in->pat_needles = NULL;
    }
    free(fill);
    kwscan_finish(e->needles);
}

void prefilter_index(engine *e)
{
    e->pf_words = kwscan_new();
    size_t n_clauses = 0, n_with = 0;
    for (size_t i = 0; i < e->n_intents; i++) {
        n_clauses += e->intents[i].n_pf;
        n_with += e->intents[i].n_pf > 0;
        for (size_t c = 0; c < e->intents[i].n_pf; c++)
            for (size_t w = 0; w < e->intents[i].pf[c].n_words; w++)
                kwscan_add(e->pf_words, e->intents[i].pf[c].words[w]);
    }
    kwscan_finish(e->pf_words);
    size_t n_words = kwscan_count(e->pf_words);
    e->n_pf_clauses = n_clauses;
    e->pf_clause_intent = xcalloc(n_clauses + 1, sizeof *e->pf_clause_intent);
    e->pf_clause_min = xcalloc(n_clauses + 1, sizeof *e->pf_clause_min);
    e->pf_word_clauses = xcalloc(n_words + 1, sizeof *e->pf_word_clauses);
    e->pf_intents = xcalloc(n_with + 1, sizeof *e->pf_intents);
    size_t *fill = xcalloc(n_words + 1, sizeof *fill);
    size_t at = 0, n_in = 0;
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        if (in->n_pf)
            e->pf_intents[n_in++] = (int)i;
        for (size_t c = 0; c < in->n_pf; c++, at++) {
            e->pf_clause_intent[at] = (int)i;
            e->pf_clause_min[at] = in->pf[c].min;
            for (size_t w = 0; w < in->pf[c].n_words; w++) {
                size_t id = (size_t)kwscan_add(e->pf_words, in->pf[c].words[w]);
                e->pf_word_clauses[id] = xrealloc(e->pf_word_clauses[id], (fill[id] + 2) * sizeof(int));
                e->pf_word_clauses[id][fill[id]++] = (int)at;
                e->pf_word_clauses[id][fill[id]] = -1;
            }
        }
    }
    e->pf_intents[n_in] = -1;
    free(fill);
    needles_index(e);
}

void prefilter_free(engine *e)
{
    for (size_t i = 0; i < e->n_intents; i++) {
        intent *in = &e->intents[i];
        for (size_t c = 0; c < in->n_pf; c++) {
            for (size_t w = 0; w < in->pf[c].n_words; w++)
                free(in->pf[c].words[w]);
            free(in->pf[c].words);
        }
        free(in->pf);
    }
    for (size_t id = 0; e->pf_word_clauses && id < kwscan_count(e->pf_words); id++)
        free(e->pf_word_clauses[id]);
    free(e->pf_word_clauses);
    free(e->pf_clause_intent);
    free(e->pf_clause_min);
    free(e->pf_intents);
    kwscan_free(e->pf_words);
    for (size_t id = 0; e->needle_pats && id < kwscan_count(e->needles); id++)
        free(e->needle_pats[id]);
    free(e->needle_pats);
    free(e->pat_always);
    kwscan_free(e->needles);
}

/* ===================== One message ===================== */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

#define PASSED_KEYWORDS 1u
#define PASSED_PREFILTER 2u

/* Lists intent i in order once (s->cand remembers it) and records which filter it passed. */
static void touch(engine_session *s, int i, unsigned passed, int *order, size_t *n)
{
    if (!s->cand[i])
        order[(*n)++] = i;
    s->cand[i] |= (uint8_t)passed;
}

/* The clauses that hold: every occurrence adds one to each clause listing its word. */
static void clauses_held(const engine *e, engine_session *s, const char *text, size_t len, int *order, size_t *n)
{
    int occ[PF_SCAN_MAX];
    size_t n_occ = kwscan_words(e->pf_words, text, len, occ, NULL, PF_SCAN_MAX);
    if (n_occ > PF_SCAN_MAX) { /* not all listed: let every prefilter through, the patterns decide */
        for (const int *i = e->pf_intents; *i >= 0; i++)
            touch(s, *i, PASSED_PREFILTER, order, n);
        n_occ = PF_SCAN_MAX;
    } else {
        for (size_t k = 0; k < n_occ; k++)
            for (const int *c = e->pf_word_clauses[occ[k]]; *c >= 0; c++)
                if (s->pf_count[*c] < UINT8_MAX && ++s->pf_count[*c] == e->pf_clause_min[*c])
                    touch(s, e->pf_clause_intent[*c], PASSED_PREFILTER, order, n);
    }
    for (size_t k = 0; k < n_occ; k++)
        for (const int *c = e->pf_word_clauses[occ[k]]; *c >= 0; c++)
            s->pf_count[*c] = 0;
}

size_t prefilter_candidates(const engine *e, engine_session *s, const char *text, size_t len, int *order)
{
    size_t n = 0;
    for (const int *f = e->free_intents; *f >= 0; f++)
        order[n++] = *f; /* no keywords, no prefilter: nothing below lists them */
    size_t first = n;
    int found[256];
    size_t n_found = 0;
    kwscan_run(e->kw, text, len, s->kw_seen, found, &n_found, sizeof found / sizeof found[0]);
    for (size_t k = 0; k < n_found; k++) {
        for (const int *i = e->kw_intents[found[k]]; i && *i >= 0; i++)
            touch(s, *i, PASSED_KEYWORDS, order, &n);
        s->kw_seen[found[k]] = 0;
    }
    if (n_found == sizeof found / sizeof found[0])
        memset(s->kw_seen, 0, kwscan_count(e->kw)); /* more than we listed: clear it all */
    if (e->n_pf_clauses)
        clauses_held(e, s, text, len, order, &n);
    /* Keep those that passed every filter they have. */
    size_t kept = first;
    for (size_t k = first; k < n; k++) {
        const intent *in = &e->intents[order[k]];
        unsigned need = (in->n_keywords ? PASSED_KEYWORDS : 0) | (in->n_pf ? PASSED_PREFILTER : 0);
        if ((s->cand[order[k]] & need) == need)
            order[kept++] = order[k];
        s->cand[in - e->intents] = 0;
    }
    qsort(order, kept, sizeof *order, cmp_int);
    return kept;
}

#define NEEDLE_SCAN_MAX 1024 /* needle occurrences listed per message; past that every pattern is tried */

const uint64_t *prefilter_needles(const engine *e, const char *text, size_t len, uint64_t *stack, size_t cap,
                                  uint64_t **heap)
{
    *heap = NULL;
    if (!e->needles || needles_fold_trap(text, len))
        return NULL;
    int found[NEEDLE_SCAN_MAX];
    size_t n_found = kwscan_all(e->needles, text, len, found, NEEDLE_SCAN_MAX);
    if (n_found > NEEDLE_SCAN_MAX)
        return NULL;
    size_t words = e->n_pats_all / 64 + 1;
    uint64_t *may = words <= cap ? stack : (*heap = xmalloc(words * sizeof *may));
    memcpy(may, e->pat_always, words * sizeof *may);
    for (size_t k = 0; k < n_found; k++)
        for (const int *g = e->needle_pats[found[k]]; *g >= 0; g++)
            may[*g / 64] |= (uint64_t)1 << (*g % 64);
    return may;
}

bool prefilter_holds(const engine *e, const intent *in, const char *text, size_t len)
{
    if (!in->n_pf)
        return true;
    int occ[PF_SCAN_MAX];
    size_t n_occ = kwscan_words(e->pf_words, text, len, occ, NULL, PF_SCAN_MAX);
    if (n_occ > PF_SCAN_MAX)
        return true;
    size_t first = 0; /* the intent's first clause, in the engine's numbering */
    while (first < e->n_pf_clauses && &e->intents[e->pf_clause_intent[first]] != in)
        first++;
    for (size_t c = 0; c < in->n_pf; c++) {
        int count = 0;
        for (size_t k = 0; k < n_occ; k++)
            for (const int *x = e->pf_word_clauses[occ[k]]; *x >= 0; x++)
                count += (size_t)*x == first + c;
        if (count >= in->pf[c].min)
            return true;
    }
    return false;
}

/* ===================== careerbot check ===================== */

/* Whether a pattern of in matches text[0..len) while no clause holds; *pat is the pattern. */
static bool skipped(const engine *e, const intent *in, const sbuf *norm, pcre2_match_data *md, size_t *pat)
{
    for (*pat = 0; *pat < in->n_pats; (*pat)++)
        if (pattern_match(in->pats[*pat], norm->p, norm->len, md, e->mctx) >= 0)
            return !prefilter_holds(e, in, norm->p, norm->len);
    return false;
}

int prefilter_check(const engine *e, engine_diag_fn report, void *ud)
{
    int problems = 0;
    pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
    if (!md)
        util_oom("match data", 0);
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        for (size_t x = 0; in->n_pf && x < in->n_examples; x++) {
            /* Both readings of the engine: as written, then with pattern words' spelling corrected. */
            sbuf norm = SBUF_INIT;
            text_normalise(in->examples[x], strlen(in->examples[x]), &norm);
            size_t p = 0;
            bool bad = skipped(e, in, &norm, md, &p) || (spelling_fix(e, &norm) && skipped(e, in, &norm, md, &p));
            if (bad) {
                char msg[512];
                snprintf(msg, sizeof msg,
                         "example \"%s\" of intent %s matches its pattern %zu, but no \"prefilter\" clause holds for "
                         "\"%.*s\", so the pattern never runs: a word is missing from the clauses",
                         in->examples[x], in->id, p + 1, (int)norm.len, norm.p);
                report(ud, in->file, in->example_lines[x], msg);
                problems++;
            }
            sbuf_free(&norm);
        }
    }
    pcre2_match_data_free(md);
    return problems;
}
