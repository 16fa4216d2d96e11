/*
 * quiz_rank: the career test's numbers. Map: scoring (answers to six scores, the early stop of the
 * full mode); a career's interest profile and its fit to a person; ranking the careers for the
 * results. Says nothing to users: the words of the results and of "why" are quiz.c's.
 */
#include "quiz_int.h"

#include "hash.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EARLY_STOP_Z 2.0

/* ===================== Scoring ===================== */

/* Answers counted and summed per interest type. */
static void tally(const quiz *q, const quiz_state *s, int n[RIASEC_TYPES], double sum[RIASEC_TYPES])
{
    for (int t = 0; t < RIASEC_TYPES; t++) {
        n[t] = 0;
        sum[t] = 0;
    }
    for (int i = 0; i < QUIZ_ITEMS && i < q->n_items; i++)
        if (s->answer[i] >= 0) {
            int t = q->items[i].type;
            assert(t >= 0 && t < RIASEC_TYPES);
            if (t < 0 || t >= RIASEC_TYPES)
                continue;
            n[t]++;
            sum[t] += s->answer[i];
        }
}

bool quiz_scores(const quiz *q, const quiz_state *s, double scores[6])
{
    int n[RIASEC_TYPES];
    double sum[RIASEC_TYPES];
    tally(q, s, n, sum);
    bool ok = true;
    for (int t = 0; t < RIASEC_TYPES; t++) {
        scores[t] = n[t] ? sum[t] / n[t] * 10.0 : 0;
        ok = ok && n[t] >= QUIZ_MIN_PER_TYPE;
    }
    return ok;
}

/* Early stop of the full mode: the top two types are ahead of the third by EARLY_STOP_Z standard
 * errors of the difference of means, with each item's SD taken as one answer step. */
bool quiz__clear_enough(const quiz *q, const quiz_state *s)
{
    int n[RIASEC_TYPES];
    double sum[RIASEC_TYPES];
    tally(q, s, n, sum);
    double mean[RIASEC_TYPES];
    for (int t = 0; t < RIASEC_TYPES; t++) {
        if (n[t] < QUIZ_MIN_PER_TYPE)
            return false;
        mean[t] = sum[t] / n[t];
    }
    int order[RIASEC_TYPES];
    riasec_order(mean, order);
    double se = sqrt(1.0 / n[order[1]] + 1.0 / n[order[2]]);
    return (mean[order[1]] - mean[order[2]]) / se >= EARLY_STOP_Z;
}

/* ===================== Fit ===================== */

/* Hexagon distance of two types: 0 same, 1 adjacent, 2 alternate, 3 opposite. */
static int hex(int a, int b)
{
    int d = a > b ? a - b : b - a;
    return d > 3 ? 6 - d : d;
}

bool quiz__career_profile(const content *c, int career, double oi[RIASEC_TYPES], int code[3])
{
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)career), "interests");
    if (!cJSON_IsObject(in) || !riasec_read(in, oi))
        return false;
    int order[RIASEC_TYPES];
    riasec_order(oi, order);
    for (int i = 0; i < 3; i++)
        code[i] = order[i];
    return true;
}

double quiz_fit(const content *c, int career, const double scores[6])
{
    double oi[RIASEC_TYPES];
    int code[3];
    if (!quiz__career_profile(c, career, oi, code))
        return -2;
    double mx = 0, my = 0;
    for (int t = 0; t < RIASEC_TYPES; t++) {
        mx += scores[t] / 6;
        my += oi[t] / 6;
    }
    double sxy = 0, sxx = 0, syy = 0;
    for (int t = 0; t < RIASEC_TYPES; t++) {
        sxy += (scores[t] - mx) * (oi[t] - my);
        sxx += (scores[t] - mx) * (scores[t] - mx);
        syy += (oi[t] - my) * (oi[t] - my);
    }
    double r = sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
    int user[RIASEC_TYPES];
    riasec_order(scores, user);
    /* Brown and Gore's C index: 3, 2, 1 times the closeness of each position's letters. */
    int cidx = 0;
    for (int i = 0; i < 3; i++)
        cidx += (3 - i) * (3 - hex(user[i], code[i]));
    return 0.75 * r + 0.25 * cidx / 18.0;
}

/* ===================== Ranking ===================== */

static int career_zone(const content *c, int career)
{
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)career), "job_zone");
    return cJSON_IsNumber(z) ? z->valueint : 0;
}

/* The SOC minor group ("15-12") of a career, from soc or profile_from. */
static void career_group(const content *c, int career, char out[8])
{
    const cJSON *rec = content_record(c, (size_t)career);
    const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "soc"));
    if (!code)
        code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "profile_from"));
    snprintf(out, 8, "%.5s", code ? code : "?");
}

/* The careers that may be listed for scores and zone, into idx with their fit in fit[career];
 * returns how many. */
static size_t candidates(const content *c, const double scores[6], int zone, double *fit, int *idx)
{
    size_t total = content_count(c), m = 0;
    int user[RIASEC_TYPES];
    riasec_order(scores, user);
    for (size_t i = 0; i < total; i++) {
        int cz = career_zone(c, (int)i);
        int dz = zone ? abs(cz - zone) : 0;
        if (dz > 1)
            continue;
        double f = quiz_fit(c, (int)i, scores);
        if (f < -1.5)
            continue;
        /* Careers led by one of the person's two strongest interests come first: "you scored
         * highest on I and C; this career is I-C-R" is the promise of the list. Careers one job
         * zone away come in only where the chosen zone runs short of such careers. */
        double oi[RIASEC_TYPES];
        int code[3];
        quiz__career_profile(c, (int)i, oi, code);
        bool lead = code[0] == user[0] || code[0] == user[1];
        if (dz && !lead)
            continue;
        f += (lead ? 1.0 : 0.0) - (dz ? 0.6 : 0.0);
        fit[i] = f;
        idx[m++] = (int)i;
    }
    return m;
}

/* One FNV-1a step on a whole 64-bit value: xor it in, then multiply by the prime (which is what
 * folding one zero byte does). */
static uint64_t mix_value(uint64_t h, uint64_t v)
{
    static const unsigned char zero = 0;
    return hash_bytes(h ^ v, &zero, 1);
}

/* Best fit first. Careers that share an interest profile (a role that borrows its profile from an
 * O*NET occupation, and that occupation) tie exactly; the tie is broken by a hash of the person's
 * scores and the career, so each gets its turn across people while one person's results stay the
 * same every time. */
static void sort_by_fit(const content *c, const double scores[6], const double *fit, int *idx, size_t m)
{
    uint64_t seed = HASH_SEED;
    for (int t = 0; t < RIASEC_TYPES; t++)
        seed = mix_value(seed, (uint64_t)(scores[t] * 1000.0 + 0.5));
    size_t total = content_count(c);
    uint64_t *tie = xcalloc(total ? total : 1, sizeof *tie);
    for (size_t i = 0; i < m; i++)
        tie[idx[i]] = hash_str(seed, content_id(c, (size_t)idx[i]));
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && (fit[idx[j]] > fit[idx[j - 1]] ||
                                     (fit[idx[j]] == fit[idx[j - 1]] && tie[idx[j]] > tie[idx[j - 1]]));
             j--) {
            int t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    free(tie);
}

int quiz_rank(const content *c, const double scores[6], int zone, int *out, int n)
{
    size_t total = content_count(c);
    double *fit = xcalloc(total ? total : 1, sizeof *fit);
    int *idx = xcalloc(total ? total : 1, sizeof *idx);
    size_t m = candidates(c, scores, zone, fit, idx);
    sort_by_fit(c, scores, fit, idx, m);
    int got = 0;
    char groups[QUIZ_TOP * 4][8];
    int gcount[QUIZ_TOP * 4];
    int ng = 0;
    for (size_t i = 0; i < m && got < n; i++) {
        char g[8];
        career_group(c, idx[i], g);
        int k;
        for (k = 0; k < ng && strcmp(groups[k], g); k++)
            ;
        if (k < ng && gcount[k] >= 3)
            continue; /* at most three from one occupational group */
        if (k == ng && ng < QUIZ_TOP * 4) {
            snprintf(groups[ng], 8, "%s", g);
            gcount[ng++] = 0;
        }
        if (k < ng)
            gcount[k]++;
        out[got++] = idx[i];
    }
    free(fit);
    free(idx);
    return got;
}

int quiz__item_type(const quiz *q, int item)
{
    assert(item >= 0 && item < q->n_items);
    return item >= 0 && item < q->n_items ? q->items[item].type : -1;
}
