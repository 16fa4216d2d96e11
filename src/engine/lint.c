/*
 * lint: the writing standard of the curated careers (content/README.md, "Writing a record"), checked
 * by careerbot check: lengths of the summary, duties, workplace and education; no sentence in more
 * than two records; acronyms explained; the education paragraph against the BLS entry level. Every
 * finding names the file and line of the field. Lengths and shared sentences are errors (every record
 * meets them); an acronym left unexplained and an education paragraph that reads against BLS are
 * warnings, since a word list cannot be sure of either.
 */
#include "content_int.h"
#include "jsondoc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lint {
    const content *c;
    diag *d;
    strmap seen;  /* a sentence (folded) -> how many records have it */
    strmap first; /* a sentence -> the index of the first record with it */
    int found;
};

static void finding(struct lint *L, bool error, size_t k, const cJSON *node, const char *msg)
{
    const struct career *ca = &L->c->careers[k];
    if (error) {
        diag_report(L->d, jsondoc_path(ca->doc), jsondoc_line(ca->doc, node), "%s", msg);
        L->found++;
    } else {
        diag_warn(L->d, jsondoc_path(ca->doc), jsondoc_line(ca->doc, node), "%s", msg);
    }
}

static long words(const char *s)
{
    long n = 0;
    for (bool in = false; *s; s++) {
        bool w = !isspace((unsigned char)*s);
        n += w && !in;
        in = w;
    }
    return n;
}

/* The length of a text field in words, against [lo, hi]. */
static void length(struct lint *L, size_t k, const char *field, long lo, long hi)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(L->c->careers[k].rec, field);
    const char *s = cJSON_GetStringValue(f);
    if (!s)
        return;
    long n = words(s);
    char msg[160];
    snprintf(msg, sizeof msg, "%s has %ld words; the standard is %ld to %ld", field, n, lo, hi);
    if (n < lo || n > hi)
        finding(L, true, k, f, msg);
}

/* Calls fn for each sentence of six words or more of text, folded to lower case. */
static void sentences(const char *text, void (*fn)(struct lint *, size_t, const cJSON *, const char *), struct lint *L,
                      size_t k, const cJSON *node)
{
    char buf[1024];
    size_t n = 0;
    for (const char *p = text;; p++) {
        bool end = !*p || ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || !p[1]));
        if (*p && n + 1 < sizeof buf && !(end && *p != '.' && *p != '!' && *p != '?'))
            buf[n++] = (char)tolower((unsigned char)*p);
        if (end) {
            buf[n] = '\0';
            char *s = buf;
            while (*s == ' ')
                s++;
            if (words(s) >= 6)
                fn(L, k, node, s);
            n = 0;
        }
        if (!*p)
            break;
    }
}

static void count_sentence(struct lint *L, size_t k, const cJSON *node, const char *s)
{
    (void)node;
    int n = strmap_get(&L->seen, s, strlen(s));
    int first = strmap_get(&L->first, s, strlen(s));
    if (first == (int)k)
        return; /* a record may repeat itself; it counts once */
    strmap_put(&L->seen, s, strlen(s), n < 0 ? 1 : n + 1);
    if (first < 0)
        strmap_put(&L->first, s, strlen(s), (int)k);
}

static void report_shared(struct lint *L, size_t k, const cJSON *node, const char *s)
{
    int n = strmap_get(&L->seen, s, strlen(s));
    if (n > 2 && strmap_get(&L->first, s, strlen(s)) != (int)k) {
        char msg[1200];
        snprintf(msg, sizeof msg, "a sentence %d records share (at most two may): \"%.900s\"", n, s);
        finding(L, true, k, node, msg);
    }
}

/* Runs fn over every sentence of career k's prose fields. */
static void each_text(struct lint *L, size_t k, void (*fn)(struct lint *, size_t, const cJSON *, const char *))
{
    static const char *const prose[] = {"summary", "workplace", "education"};
    const cJSON *rec = L->c->careers[k].rec, *it;
    for (size_t i = 0; i < sizeof prose / sizeof prose[0]; i++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(rec, prose[i]);
        if (cJSON_GetStringValue(f))
            sentences(f->valuestring, fn, L, k, f);
    }
    static const char *const lists[] = {"duties", "specialisations"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, lists[i]))
        {
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "text");
            if (cJSON_GetStringValue(t))
                sentences(t->valuestring, fn, L, k, t);
        }
}

/* Acronyms of two to five capitals that the record never spells out ("CNA (certified nursing
 * assistant)" or "certified nursing assistant (CNA)"); a few everyone knows are fine. */
static void acronyms(struct lint *L, size_t k, const cJSON *node, const char *text)
{
    static const char *const known[] = {"US", "UK", "AI",  "IT", "TV", "CEO", "PhD",
                                        "OK", "PC", "USA", "EU", "ID", "GPS"};
    char *all = cJSON_PrintUnformatted(L->c->careers[k].rec);
    for (const char *p = text; *p; p++) {
        if (!isupper((unsigned char)*p) || (p > text && isalnum((unsigned char)p[-1])))
            continue;
        size_t n = 0;
        while (isupper((unsigned char)p[n]))
            n++;
        bool plural = p[n] == 's' && !isalnum((unsigned char)p[n + 1]); /* "EMTs" */
        if (n < 2 || n > 5 || (isalnum((unsigned char)p[n]) && !plural)) {
            p += n ? n - 1 : 0;
            continue;
        }
        char acr[8], a[12], b[12];
        memcpy(acr, p, n);
        acr[n] = '\0';
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0] && !ok; i++)
            ok = !strcmp(acr, known[i]);
        snprintf(a, sizeof a, "(%s)", acr);
        snprintf(b, sizeof b, "%s (", acr);
        if (!ok && !strstr(all, a) && !strstr(all, b)) {
            char msg[96];
            snprintf(msg, sizeof msg, "acronym %s is not spelled out in the record", acr);
            finding(L, false, k, node, msg);
        }
        p += n - 1;
    }
    free(all);
}

static void acronyms_of(struct lint *L, size_t k)
{
    static const char *const prose[] = {"summary", "workplace", "education"};
    for (size_t i = 0; i < sizeof prose / sizeof prose[0]; i++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(L->c->careers[k].rec, prose[i]);
        if (cJSON_GetStringValue(f))
            acronyms(L, k, f, f->valuestring);
    }
}

/* The education paragraph against BLS's typical entry level. */
static void entry_level(struct lint *L, size_t k)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(L->c->careers[k].rec, "education");
    const char *s = cJSON_GetStringValue(f);
    int entry = L->c->careers[k].entry;
    if (!s || entry < 0)
        return;
    char low[4096];
    size_t n = 0;
    for (; s[n] && n + 1 < sizeof low; n++)
        low[n] = (char)tolower((unsigned char)s[n]);
    low[n] = '\0';
    bool says_none = strstr(low, "no degree") || strstr(low, "without a degree") || strstr(low, "no formal");
    const char *req = strstr(low, "degree is required");
    bool says_degree = (req && (req - low < 3 || strncmp(req - 3, "no ", 3))) || /* not "no degree is required" */
                       strstr(low, "degree is always required") || strstr(low, "require a bachelor") ||
                       strstr(low, "requires a bachelor");
    if (entry >= 5 && says_none)
        finding(L, false, k, f,
                "education says no degree is needed; BLS's typical entry is a bachelor's degree or more");
    if (entry <= 2 && says_degree)
        finding(L, false, k, f, "education says a degree is required; BLS's typical entry is below a degree");
}

int content_lint(const content *c, diag *d)
{
    struct lint L = {c, d, {0}, {0}, 0};
    for (size_t k = 0; k < c->n_curated; k++)
        each_text(&L, k, count_sentence);
    for (size_t k = 0; k < c->n_curated; k++) {
        length(&L, k, "summary", 60, 120);
        length(&L, k, "workplace", 80, 150);
        length(&L, k, "education", 50, 120);
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(c->careers[k].rec, "duties"))
        {
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "text");
            if (cJSON_GetStringValue(t) && words(t->valuestring) < 8) {
                char msg[96];
                snprintf(msg, sizeof msg, "a duty of %ld words: the standard is a sentence or two",
                         words(t->valuestring));
                finding(&L, true, k, t, msg);
            }
        }
        each_text(&L, k, report_shared);
        acronyms_of(&L, k);
        entry_level(&L, k);
    }
    strmap_free(&L.seen);
    strmap_free(&L.first);
    return L.found;
}
