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

/* Early stop of the full mode: the leading interests stand clear of the rest. Either the top two
 * are ahead of the third, or (someone with one clear interest) the top one is ahead of the second,
 * by EARLY_STOP_Z standard errors of the difference of means, with each item's SD taken as one
 * answer step. */
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
    int o[RIASEC_TYPES];
    riasec_order(mean, o);
    double se12 = sqrt(1.0 / n[o[0]] + 1.0 / n[o[1]]), se23 = sqrt(1.0 / n[o[1]] + 1.0 / n[o[2]]);
    return (mean[o[1]] - mean[o[2]]) / se23 >= EARLY_STOP_Z || (mean[o[0]] - mean[o[1]]) / se12 >= EARLY_STOP_Z;
}

int quiz_clear_letters(const double scores[6], int order[6])
{
    riasec_order(scores, order);
    double mid = quiz_midpoint(scores);
    for (int k = QUIZ_MAX_LETTERS; k >= 1; k--)
        if (scores[order[k - 1]] - scores[order[k]] >= QUIZ_CLEAR_GAP && scores[order[k - 1]] > mid)
            return k;
    return 0;
}

int quiz__straight_run(const quiz *q, const quiz_state *s)
{
    int best = 0, run = 0, last = -1;
    for (int i = 0; i < s->n_seq && i < QUIZ_ITEMS; i++) {
        int k = s->seq[i];
        if (k >= q->n_items || s->answer[k] < 0)
            continue; /* a skip neither breaks nor extends a run */
        run = s->answer[k] == last ? run + 1 : 1;
        last = s->answer[k];
        best = run > best ? run : best;
    }
    return best;
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
    double r = riasec_correlation(scores, oi);
    int user[RIASEC_TYPES];
    riasec_order(scores, user);
    /* Brown and Gore's C index: 3, 2, 1 times the closeness of each position's letters. */
    int cidx = 0;
    for (int i = 0; i < 3; i++)
        cidx += (3 - i) * (3 - hex(user[i], code[i]));
    return 0.75 * r + 0.25 * cidx / 18.0;
}

int quiz_band(double fit)
{
    return fit >= QUIZ_FIT_STRONG ? 3 : fit >= QUIZ_FIT_GOOD ? 2 : fit >= QUIZ_FIT_PARTIAL ? 1 : 0;
}

double quiz_midpoint(const double scores[6])
{
    double lo = scores[0], hi = scores[0];
    for (int t = 1; t < RIASEC_TYPES; t++) {
        lo = scores[t] < lo ? scores[t] : lo;
        hi = scores[t] > hi ? scores[t] : hi;
    }
    return (lo + hi) / 2;
}

/* ===================== Ranking ===================== */

int quiz__career_zone(const content *c, int career)
{
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)career), "job_zone");
    return cJSON_IsNumber(z) ? z->valueint : 0;
}

int quiz_other_zone(int zone)
{
    return zone >= 1 && zone < 5 ? zone + 1 : zone == 5 ? 4 : 0;
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

/* Whether a career's profile oi still goes with the person's when each of their scores is moved by
 * one standard error of measurement against it (down where the career is high, up where it is low):
 * the answers are noisy, and a career should not be listed that a slightly different set of answers
 * would show running against the person. */
static bool robust(const double scores[6], const double oi[RIASEC_TYPES])
{
    double m = 0, moved[RIASEC_TYPES];
    for (int t = 0; t < RIASEC_TYPES; t++)
        m += oi[t] / RIASEC_TYPES;
    for (int t = 0; t < RIASEC_TYPES; t++)
        moved[t] = scores[t] + (oi[t] > m ? -QUIZ_SCORE_SE : QUIZ_SCORE_SE);
    return riasec_correlation(moved, oi) >= QUIZ_MIN_ROBUST_R;
}

/* The careers of one zone (0: any) that may be listed for scores, into idx with their sort key in
 * key[career]; returns how many. A career is listed only when its profile goes with the person's
 * (a correlation of at least QUIZ_MIN_R: never one that runs against it, and led by an interest
 * the person has: above their own middle) and, from another zone
 * than the chosen one, only when it fits well. The key sorts by the fit the list shows (its band:
 * a weak match never above a strong one), then by fit, with a small lift for careers led by an
 * interest the person has (one of their top two, and above their own middle): "you like
 * Investigative work; this career is mostly Investigative" is the promise of the list, but never
 * for a second interest that is really a dislike. */
static size_t candidates(const content *c, const double scores[6], int zone, int min_band, double *key, int *idx)
{
    size_t total = content_count(c), m = 0;
    int user[RIASEC_TYPES];
    riasec_order(scores, user);
    double mid = quiz_midpoint(scores);
    for (size_t i = 0; i < total; i++) {
        if (zone && quiz__career_zone(c, (int)i) != zone)
            continue;
        double oi[RIASEC_TYPES];
        int code[3];
        if (!quiz__career_profile(c, (int)i, oi, code) || riasec_correlation(scores, oi) < QUIZ_MIN_R ||
            !robust(scores, oi))
            continue;
        double f = quiz_fit(c, (int)i, scores);
        int band = quiz_band(f);
        if (band < min_band)
            continue;
        if (scores[code[0]] <= mid)
            continue; /* led by an interest the person does not have */
        bool lead = code[0] == user[0] || code[0] == user[1];
        key[i] = band * 10.0 + f + (lead ? QUIZ_LEAD_LIFT : 0.0);
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

/* Best key first. Careers whose keys are near (within QUIZ_ROTATE, inside one band) take turns
 * across people: a hash of the person's scores and the career is added to the key, so one person's
 * results stay the same every time while the many near-ties of 900 occupations (and careers that
 * share one profile) do not always fall the same way, and no one career is in everyone's list. */
static void sort_by_key(const content *c, const double scores[6], double *key, int *idx, size_t m)
{
    uint64_t seed = HASH_SEED;
    for (int t = 0; t < RIASEC_TYPES; t++)
        seed = mix_value(seed, (uint64_t)(scores[t] * 1000.0 + 0.5));
    for (size_t i = 0; i < m; i++)
        key[idx[i]] += QUIZ_ROTATE * (double)(hash_str(seed, content_id(c, (size_t)idx[i])) >> 11) / 9007199254740992.0;
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && key[idx[j]] > key[idx[j - 1]]; j--) {
            int t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
}

/* What the list holds so far, to keep it varied: at most three careers of one occupational group,
 * and one place per interest profile (a curated role and the occupation it borrows from show the
 * same six scores; two places for one profile say the same thing twice). */
struct picked {
    char group[QUIZ_TOP * 2][8];
    int group_n[QUIZ_TOP * 2];
    int ng;
    double oi[QUIZ_TOP * 2][RIASEC_TYPES];
    int n;
};

static bool same_profile(const double a[RIASEC_TYPES], const double b[RIASEC_TYPES])
{
    for (int t = 0; t < RIASEC_TYPES; t++)
        if (fabs(a[t] - b[t]) > 1e-9)
            return false;
    return true;
}

/* Takes career into the list when it keeps the list varied; returns whether it did. */
static bool pick(const content *c, struct picked *p, int career)
{
    double oi[RIASEC_TYPES];
    int code[3];
    if (p->n >= QUIZ_TOP * 2 || !quiz__career_profile(c, career, oi, code))
        return false;
    for (int i = 0; i < p->n; i++)
        if (same_profile(p->oi[i], oi))
            return false;
    char g[8];
    career_group(c, career, g);
    int k;
    for (k = 0; k < p->ng && strcmp(p->group[k], g); k++)
        ;
    if (k < p->ng && p->group_n[k] >= QUIZ_PER_GROUP)
        return false;
    if (k == p->ng) {
        snprintf(p->group[p->ng], 8, "%s", g);
        p->group_n[p->ng++] = 0;
    }
    p->group_n[k]++;
    memcpy(p->oi[p->n++], oi, sizeof oi);
    return true;
}

/* Fills out[got..n) from one zone's candidates; returns the new count. */
static int fill(const content *c, const double scores[6], int zone, int min_band, struct picked *p, int *out, int got,
                int n)
{
    size_t total = content_count(c);
    double *key = xcalloc(total ? total : 1, sizeof *key);
    int *idx = xcalloc(total ? total : 1, sizeof *idx);
    size_t m = candidates(c, scores, zone, min_band, key, idx);
    sort_by_key(c, scores, key, idx, m);
    for (size_t i = 0; i < m && got < n; i++)
        if (pick(c, p, idx[i]))
            out[got++] = idx[i];
    free(key);
    free(idx);
    return got;
}

int quiz_rank(const content *c, const double scores[6], int zone, int *out, int n, int *n_zone)
{
    struct picked p;
    memset(&p, 0, sizeof p);
    if (n > QUIZ_TOP * 2)
        n = QUIZ_TOP * 2;
    int got = fill(c, scores, zone, 0, &p, out, 0, n);
    if (n_zone)
        *n_zone = got;
    int other = quiz_other_zone(zone);
    if (zone && other && got < n) /* the zone runs short: good fits a step away, shown apart */
        got = fill(c, scores, other, 2, &p, out, got, got + QUIZ_OTHER_MAX < n ? got + QUIZ_OTHER_MAX : n);
    return got;
}

int quiz__item_type(const quiz *q, int item)
{
    assert(item >= 0 && item < q->n_items);
    return item >= 0 && item < q->n_items ? q->items[item].type : -1;
}
