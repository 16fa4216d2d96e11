/*
 * advice_rank: the curated careers for a profile: the limits that filter, the scores of likes,
 * preferences, a field of study, a career change (similarity over O*NET knowledge and skills) and
 * the career test, and the careers that plainly draw on what was said put first.
 */
#include "engine_int.h"
#include "riasec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Career k's entry level: BLS's, else from its job zone. */
int advice_entry_of(const engine *e, size_t k)
{
    int v = content_entry(e->c, k);
    if (v >= 0)
        return v;
    const cJSON *z = content_get(e->c, k, "job_zone");
    return cJSON_IsNumber(z) && z->valueint >= 1 && z->valueint <= 5 ? e->adv->zone_entry[z->valueint] : -1;
}

static double imp(const advice *a, size_t k, int elem)
{
    return a->imp[k * a->n_elem + (size_t)elem] / 10.0;
}

/* How much career k draws on the elements of lk: 0 to 1 for the strongest one. */
double advice_elem_fit(const advice *a, size_t k, const struct advice_like *lk)
{
    double best = 0; /* the first element is what the like is about; the others count half */
    for (size_t i = 0; i < lk->n_elem; i++) {
        double v = imp(a, k, lk->elem[i]), f = v >= 3.5 ? (v - 3) / 2 * (i ? 0.5 : 1) : 0;
        if (f > best)
            best = f;
    }
    return best;
}

/* Whether career k is one the team lists as centred on lk. */
bool advice_listed(const struct advice_like *lk, size_t k)
{
    for (size_t i = 0; i < lk->n_careers; i++)
        if ((size_t)lk->careers[i] == k)
            return true;
    return false;
}

/* Whether career k plainly draws on lk: one of its knowledge areas or skills rated 3.5 or more (with
 * primary, the first only), one of its facets, or listed under it. */
static bool draws_on(const advice *a, size_t k, const struct advice_like *lk, bool primary)
{
    if (primary && lk->n_careers) /* a like the ratings cannot tell apart (animals): its careers and its facets */
        return advice_listed(lk, k) || (a->career_facets[k] & lk->facets);
    for (size_t i = 0; i < lk->n_elem && (!primary || i == 0); i++)
        if (imp(a, k, lk->elem[i]) >= 3.5)
            return true;
    return (!primary && (a->career_facets[k] & lk->facets)) || advice_listed(lk, k);
}

/* Whether career k reflects something p says the person likes or studied (true when p says nothing
 * of the kind): the degree's own subject when strict, else any part of a like or the degree, or a
 * condition they want ("outdoors"). */
static bool reflects(const advice *a, const advice_profile *p, size_t k, bool strict)
{
    if (!p->likes && p->degree < 0)
        return true;
    if ((p->degree >= 0 && draws_on(a, k, &a->degrees[p->degree], strict)) ||
        (!strict && (a->career_facets[k] & p->want)))
        return true;
    for (size_t i = 0; i < a->n_likes; i++)
        if (((p->likes >> i) & 1) && draws_on(a, k, &a->likes[i], strict))
            return true;
    return false;
}

static double like_fit(const engine *e, size_t k, const struct advice_like *lk)
{
    const advice *a = e->adv;
    double s = (lk->facets ? 0.75 : 1.5) * advice_elem_fit(a, k, lk);
    size_t nl = strlen(lk->letters);
    if (nl && a->has_interests[k]) {
        const double *sc = &a->interests[k * RIASEC_TYPES];
        double sum = 0;
        for (size_t i = 0; i < nl; i++)
            sum += sc[riasec_index(lk->letters[i])];
        double v = (sum / (double)nl - 3.5) / 3.5;
        s += v < -0.5 ? -0.5 : v;
    }
    if (a->career_facets[k] & lk->facets)
        s += 1;
    if (advice_listed(lk, k))
        s += 2;
    return s;
}

/* How alike careers x and y are: the cosine of their whole O*NET profiles, each less the typical job's, else of
 * the knowledge and skills rated 3.5 or more, each weighted by its rarity (0 when either has none). */
static double similarity(const advice *a, size_t x, size_t y)
{
    if (a->has_full[x] && a->has_full[y]) { /* the whole profiles, each less the typical job's */
        double xy = 0, xx = 0, yy = 0;
        for (size_t i = 0; i < a->n_full; i++) {
            double u = a->full[x * a->n_full + i], v = a->full[y * a->n_full + i];
            xy += u * v;
            xx += u * u;
            yy += v * v;
        }
        return xx > 0 && yy > 0 ? xy / sqrt(xx * yy) : 0;
    }
    if (!a->has_imp[x] || !a->has_imp[y])
        return 0;
    double xy = 0, xx = 0, yy = 0;
    for (size_t i = 0; i < a->n_elem; i++) {
        double u = imp(a, x, (int)i) * a->elem_weight[i], v = imp(a, y, (int)i) * a->elem_weight[i];
        xy += u * v;
        xx += u * u;
        yy += v * v;
    }
    return xx > 0 && yy > 0 ? xy / sqrt(xx * yy) : 0;
}

static bool positive(const advice_profile *p)
{
    return p->likes || p->want || p->degree >= 0 || p->from >= 0;
}

/* Whether career k passes every limit of p. */
bool advice_passes(const engine *e, const advice_profile *p, size_t k)
{
    if ((int)k == p->from || (e->adv->career_facets[k] & p->avoid))
        return false;
    int entry = advice_entry_of(e, k);
    if (p->max_entry >= 0 && (entry < 0 || entry > p->max_entry))
        return false;
    double med = -1, change;
    content_pay(e->c, k, &med, &change);
    if (p->min_pay > 0 && !(med >= p->min_pay)) /* no BLS median (NaN): no proof it pays enough */
        return false;
    for (int f = 0; f < 64 && p->avoid_areas >> f; f++)
        if (((p->avoid_areas >> f) & 1) && content_in_area(e->c, f, k))
            return false;
    bool in_wanted = !p->want_areas;
    for (int f = 0; f < 64 && !in_wanted && p->want_areas >> f; f++)
        in_wanted = ((p->want_areas >> f) & 1) && content_in_area(e->c, f, k);
    return in_wanted;
}

static double score(const engine *e, const engine_session *s, const advice_profile *p, size_t k, const double *test)
{
    const advice *a = e->adv;
    double v = 0;
    for (size_t i = 0; i < a->n_likes; i++) {
        if ((p->likes >> i) & 1)
            v += like_fit(e, k, &a->likes[i]);
        else if ((p->dislikes >> i) & 1)
            v -= 0.7 * like_fit(e, k, &a->likes[i]);
    }
    for (uint32_t w = p->want & a->career_facets[k]; w; w &= w - 1)
        v += 1.5;
    if (p->degree >= 0)
        v += 2.5 * advice_elem_fit(a, k, &a->degrees[p->degree]);
    if (p->from >= 0)
        v += 4 * similarity(a, (size_t)p->from, k);
    if (test) {
        double fit = quiz_fit(e->c, (int)k, test);
        v += fit > -2 ? 2 * fit : 0;
    }
    (void)s;
    return v;
}

static int cmp_ranked(const void *x, const void *y)
{
    const struct advice_ranked *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->pay != b->pay) /* a tie: the better-paid first (careers without figures last) */
        return a->pay > b->pay ? -1 : 1;
    return a->k - b->k;
}

static int cmp_pay(const void *x, const void *y)
{
    const struct advice_ranked *a = x, *b = y;
    if (a->pay != b->pay)
        return a->pay > b->pay ? -1 : 1;
    return cmp_ranked(x, y);
}

/* The scores of the session's finished career test into test; false without one. */
bool advice_test_scores(const engine *e, const engine_session *s, double *test)
{
    return e->quiz && s->qs.phase == QP_DONE && quiz_scores(e->quiz, &s->qs, test);
}

/* Moves the careers of r that reflect what p says ahead of the rest, in order, when at least `least`
 * do; returns how many do when it did, else 0. */
static size_t reflecting_first(const advice *a, const advice_profile *p, struct advice_ranked *r, size_t n, bool strict,
                               size_t least)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        m += reflects(a, p, (size_t)r[i].k, strict);
    if (m < least || m == n)
        return m >= least ? m : 0;
    struct advice_ranked *tmp = xmalloc(n * sizeof *tmp);
    size_t x = 0, y = m;
    for (size_t i = 0; i < n; i++)
        tmp[reflects(a, p, (size_t)r[i].k, strict) ? x++ : y++] = r[i];
    memcpy(r, tmp, n * sizeof *tmp);
    free(tmp);
    return m;
}

/* The careers for p in order into out (caller frees); returns how many fit. *within: how many pass
 * the limits; *first: how many the first page shows (fewer than a page when only those plainly use a
 * rare subject: "a philosophy degree"). */
/* The knowledge areas (O*NET "K:" elements, rated 3.5 or more) of career `from` that a career change should carry
 * over: the one that sets it most apart, weighed by rarity, with the next when it does nearly as much ("food
 * production" for a chef); when none is rare (a bank teller's customer service), all of them but those far more
 * common than the rarest (English). Returns how many. */
static size_t signature(const advice *a, int from, int sig[ADVICE_MAX_ELEMS])
{
    size_t n = 0;
    int best = -1, second = -1;
    double vb = 0, vs = 0;
    for (size_t i = 0; i < a->n_elem; i++) {
        if (imp(a, (size_t)from, (int)i) < 3.5 || strncmp(a->elem_name[i], "K:", 2))
            continue;
        double v = imp(a, (size_t)from, (int)i) * a->elem_weight[i];
        if (n < ADVICE_MAX_ELEMS)
            sig[n++] = (int)i;
        if (v > vb)
            second = best, vs = vb, best = (int)i, vb = v;
        else if (v > vs)
            second = (int)i, vs = v;
    }
    if (best < 0 || a->elem_weight[best] < 1) { /* none rare: all but those nearly every career rates */
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (best >= 0 && a->elem_weight[sig[j]] >= 0.5 * a->elem_weight[best])
                sig[m++] = sig[j];
        return m;
    }
    sig[0] = best;
    sig[1] = second;
    return second >= 0 && vs >= 0.8 * vb ? 2 : 1;
}

/* Whether career k draws on one of the ns elements of sig (rated 3.5 or more). */
static bool carries(const advice *a, size_t k, const int *sig, size_t ns)
{
    for (size_t j = 0; j < ns; j++)
        if (imp(a, k, sig[j]) >= 3.5)
            return true;
    return false;
}

/* Moves the careers of r that have a condition p asks for ahead of the rest, in order; returns how many have one.
 * Conditions wanted only as the opposites of those ruled out ("no screens": physical work) do not move them. */
static size_t wanted_first(const advice *a, const advice_profile *p, struct advice_ranked *r, size_t n)
{
    uint32_t asked = p->want;
    for (size_t f = 0; f < a->n_facets; f++)
        asked &= (p->avoid >> f & 1) ? ~a->opposite[f] : ~0u;
    struct advice_ranked *tmp = xmalloc((n + 1) * sizeof *tmp);
    size_t m = 0;
    for (size_t i = 0; i < n && asked; i++)
        if (a->career_facets[r[i].k] & asked)
            tmp[m++] = r[i];
    size_t first = m;
    for (size_t i = 0; i < n && first; i++)
        if (!(a->career_facets[r[i].k] & asked))
            tmp[m++] = r[i];
    if (first)
        memcpy(r, tmp, n * sizeof *tmp);
    free(tmp);
    return first;
}

/* Moves the careers of r that draw on what sets p's old career apart ahead of the rest; returns how many do. */
static size_t carrying_first(const advice *a, const advice_profile *p, struct advice_ranked *r, size_t n)
{
    int sig[ADVICE_MAX_ELEMS];
    size_t ns = signature(a, p->from, sig), m = 0;
    struct advice_ranked *tmp = xmalloc((n + 1) * sizeof *tmp);
    for (size_t i = 0; i < n; i++)
        if (carries(a, (size_t)r[i].k, sig, ns))
            tmp[m++] = r[i];
    size_t first = m;
    for (size_t i = 0; i < n; i++)
        if (!carries(a, (size_t)r[i].k, sig, ns))
            tmp[m++] = r[i];
    memcpy(r, tmp, n * sizeof *tmp);
    free(tmp);
    return first;
}

size_t advice_rank(const engine *e, const engine_session *s, const advice_profile *p, struct advice_ranked **out,
                   size_t *within, size_t *first)
{
    const advice *a = e->adv;
    double test[RIASEC_TYPES];
    bool tested = advice_test_scores(e, s, test);
    struct advice_ranked *r = xmalloc((a->n_careers + 1) * sizeof *r);
    size_t n = 0;
    double best = 0;
    for (size_t k = 0; k < a->n_careers; k++) {
        if (!advice_passes(e, p, k))
            continue;
        double med = -1, change;
        content_pay(e->c, k, &med, &change);
        r[n] = (struct advice_ranked){(int)k, score(e, s, p, k, tested ? test : NULL), med};
        if (r[n].score > best)
            best = r[n].score;
        n++;
    }
    *within = n;
    qsort(r, n, sizeof *r, cmp_ranked);
    *first = ADVICE_PAGE;
    if (p->degree >= 0 || p->likes) { /* careers that plainly use the subject or the likes first */
        size_t m = reflecting_first(a, p, r, n, true, 1);
        if (m && m < ADVICE_PAGE)
            *first = m; /* a rare subject: only the careers that use it, the rest after "more" */
        else if (!m)
            reflecting_first(a, p, r, n, false, 3);
    } else if (p->from >= 0) { /* a career change: careers that use what sets the old job apart first */
        size_t m = carrying_first(a, p, r, n);
        if (m && m < ADVICE_PAGE)
            *first = m;
        if (p->want && wanted_first(a, p, r, n)) /* "a hairdresser who wants to work with animals": that first */
            *first = ADVICE_PAGE;
    }
    if (positive(p) || tested) { /* keep the careers that fit what was said */
        size_t keep = 0;
        while (keep < n && ((keep < *first && *first < ADVICE_PAGE) || r[keep].score > 0.3) &&
               (r[keep].score >= fmin(1.0, 0.45 * best) || keep < ADVICE_PAGE))
            keep++;
        n = keep;
    }
    if ((p->by_pay || !(positive(p) || tested)) && *first < ADVICE_PAGE && *first < n) {
        qsort(r, *first, sizeof *r, cmp_pay); /* the careers that use a rare subject stay first */
        qsort(r + *first, n - *first, sizeof *r, cmp_pay);
    } else if (p->by_pay || !(positive(p) || tested)) {
        qsort(r, n, sizeof *r, cmp_pay);
    }
    *out = r;
    return n;
}
