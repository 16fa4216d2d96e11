/*
 * quiz_eval: the career test's evaluation harness. Simulated people with known interest profiles
 * take the test (answering with noise), and the figures say how well the test and the matching
 * recover what is true:
 *   (a) how often the top two interest letters are recovered
 *   (b) the share of the top 10 whose first letter is among the person's true top two (target 0.90)
 *   (c) how many questions the test took, quick and full mode
 *   (d) coverage: the share of careers in some top 10, over a grid of profiles and job zones (0.98)
 *   (e) self-retrieval: a career's own profile puts it in its own top 10 (0.95)
 *   (f) exposure: the most frequent career across realistic lists (no more than 5%)
 *   (g) honest lists, over the same simulated people: lists holding a career whose profile runs
 *       against the person's true one (negative correlation), a career of another zone outside the
 *       labelled block, two careers of one interest profile, or a weak match above a strong one
 *       (all targets 0); the people whose profile was too flat to rank; the mean correlation of the
 *       listed careers with the true profile
 *   (h) codes: people whose shown code orders two letters that tie (the results then say they
 *       tie), and how often each type leads the shown code against how often it leads the truth
 *       (ties broken in RIASEC order would favour R)
 *   (i) the full test for people with one clear interest: how many items they answer of 60
 *
 * usage: quiz_eval CONTENT_DIR [ONET_DIR|-] [--people N] [--check] [--no-grid]
 * --no-grid leaves out (d), the slowest figure, for a quick look at the others.
 * With --check it exits non-zero when a figure is below its floor (set a little under the target),
 * which is how ctest runs it. Everything is seeded: the same build gives the same figures.
 */
#include "content.h"
#include "quiz.h"
#include "riasec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;
static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static double gauss(double sd)
{
    double u = uniform(), v = uniform();
    if (u < 1e-12)
        u = 1e-12;
    return sd * sqrt(-2 * log(u)) * cos(2 * 3.14159265358979323846 * v);
}

static int first_letter(const content *c, int career)
{
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)career), "riasec");
    const char *s = cJSON_GetStringValue(code);
    return s ? riasec_index(s[0]) : -1;
}

/* One simulated person takes the test; returns the number of questions asked. */
static int take(const quiz *q, const content *c, const double truth[6], int zone, bool full, double noise,
                quiz_state *s)
{
    quiz_out o;
    quiz_out_init(&o);
    quiz_start(q, s, full, &o);
    double acq = gauss(0.4);
    int asked = 0;
    double offset[QUIZ_ITEMS];
    for (int i = 0; i < QUIZ_ITEMS; i++)
        offset[i] = gauss(0.5);
    while (s->phase == QP_ASKING) {
        int type = quiz__item_type(q, s->seq[s->pos]);
        double mu = (truth[type] - 1) * 4.0 / 6.0;
        int v = (int)lround(mu + offset[s->seq[s->pos]] + acq + gauss(noise));
        v = v < 0 ? 0 : v > 4 ? 4 : v;
        quiz_out_reset(&o);
        quiz_answer(q, c, s, v, &o);
        asked++;
    }
    if (s->phase == QP_EDUCATION) {
        quiz_out_reset(&o);
        quiz_zone(q, c, s, zone, &o);
    }
    quiz_out_free(&o);
    return asked;
}

/* Whether the results rank careers for these scores (not flat, some interests stand clear). */
static bool rankable(const double est[6])
{
    double lo = 40, hi = 0;
    for (int t = 0; t < 6; t++) {
        lo = est[t] < lo ? est[t] : lo;
        hi = est[t] > hi ? est[t] : hi;
    }
    int order[6];
    return hi - lo >= QUIZ_FLAT_RANGE && quiz_clear_letters(est, order) > 0;
}

/* (h): the shown code of one person against the true leading type. */
struct code_stats {
    int tied;         /* people whose shown code orders two tied letters */
    int shown;        /* people with a code shown */
    int lead_est[6];  /* the shown code's first letter */
    int lead_true[6]; /* the true first letter of the same people */
};

static void codes(const double est[6], int true_lead, struct code_stats *cs)
{
    int order[6];
    int k = quiz_clear_letters(est, order);
    if (k == 0)
        return;
    cs->shown++;
    cs->lead_est[order[0]]++;
    cs->lead_true[true_lead]++;
    for (int j = 0; j + 1 < k; j++)
        if (est[order[j]] == est[order[j + 1]]) {
            cs->tied++;
            break;
        }
}

/* (i): people with one clear interest (one type near the top of the scale, the rest low) take the
 * full test; the mean and the most items they answer. */
static void one_interest(const quiz *q, const content *c, int people, double *mean, int *max)
{
    long sum = 0;
    *max = 0;
    for (int p = 0; p < people; p++) {
        double truth[6];
        int lead = p % 6;
        for (int t = 0; t < 6; t++)
            truth[t] = t == lead ? 6.0 + uniform() : 1.0 + 1.5 * uniform();
        quiz_state s;
        int asked = take(q, c, truth, 3, true, 0.8, &s);
        sum += asked;
        *max = asked > *max ? asked : *max;
    }
    *mean = people ? (double)sum / people : 0;
}

/* (g): what is wrong with one list, counted per list. */
struct honest {
    int negative;     /* lists with a career of negative correlation with the true profile */
    int unlabelled;   /* lists with another zone's career outside the labelled block */
    int same_profile; /* lists with two careers of one interest profile */
    int weak_above;   /* lists with a weak match above a strong one */
    int unranked;     /* people whose estimated profile was too flat to rank */
    int blocks;       /* lists with a labelled block from another zone */
    double r_sum;     /* correlation of listed careers with the true profile */
    int r_n;
};

static bool profile_of(const content *c, int career, double oi[6])
{
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)career), "interests");
    return cJSON_IsObject(in) && riasec_read(in, oi);
}

static int zone_of(const content *c, int career)
{
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)career), "job_zone");
    return cJSON_IsNumber(z) ? z->valueint : 0;
}

static void judge(const content *c, const double truth[6], const double est[6], int zone, const int *top, int k,
                  int n_zone, struct honest *h)
{
    bool neg = false, unl = false, same = false, weak = false;
    for (int i = 0; i < k; i++) {
        double oi[6], oj[6];
        if (!profile_of(c, top[i], oi))
            continue;
        double r = riasec_correlation(truth, oi);
        h->r_sum += r;
        h->r_n++;
        neg = neg || r < 0;
        if (r < 0 && getenv("QE_DEBUG"))
            fprintf(stderr,
                    "against: %s (r %.2f with the truth, %.2f with the estimate, place %d of %d, zone part %d)\n",
                    content_title(c, (size_t)top[i]), r, riasec_correlation(est, oi), i + 1, k, i < n_zone);
        unl = unl || (i < n_zone && zone_of(c, top[i]) != zone);
        int bi = quiz_band(quiz_fit(c, top[i], est));
        for (int j = i + 1; j < k; j++) {
            if (profile_of(c, top[j], oj) && !memcmp(oi, oj, sizeof oi))
                same = true;
            bool same_part = (i < n_zone) == (j < n_zone);
            if (same_part && bi < quiz_band(quiz_fit(c, top[j], est)))
                weak = true;
        }
    }
    h->negative += neg;
    h->unlabelled += unl;
    h->same_profile += same;
    h->weak_above += weak;
    h->blocks += k > n_zone;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CONTENT_DIR [ONET_DIR|-] [--people N] [--check] [--no-grid]\n", argv[0]);
        return 2;
    }
    const char *onet = argc > 2 && strcmp(argv[2], "-") && strncmp(argv[2], "--", 2) ? argv[2] : NULL;
    int people = 2000;
    bool check = false, grid_on = true;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--people") && i + 1 < argc)
            people = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--check"))
            check = true;
        else if (!strcmp(argv[i], "--no-grid"))
            grid_on = false;
    }
    diag d = {NULL, NULL, 0, 0};
    content *c = content_load(argv[1], onet, NULL, &d);
    quiz *q = quiz_load(argv[1], &d);
    if (!c || !q) {
        fprintf(stderr, "could not load %s (%d errors); run careerbot check\n", argv[1], d.errors);
        return 1;
    }
    size_t n = content_count(c);
    int with_profile = 0;
    for (size_t i = 0; i < n; i++)
        with_profile += first_letter(c, (int)i) >= 0;

    /* (a), (b), (c), (g): simulated people, quick and full mode, two noise levels. */
    double top2_rate[2] = {0}, first_in_top2[2] = {0};
    int items_sum[2] = {0}, items_max[2] = {0};
    int *exposure = calloc(n, sizeof *exposure);
    int lists = 0;
    struct honest h = {0};
    struct code_stats cs = {0};
    for (int mode = 0; mode < 2; mode++) {
        int ok2 = 0, hits = 0, listed = 0;
        for (int p = 0; p < people; p++) {
            double truth[6];
            for (int t = 0; t < 6; t++)
                truth[t] = 1 + 6 * uniform();
            int zone = 1 + (int)(uniform() * 5);
            quiz_state s;
            int asked = take(q, c, truth, zone, mode == 1, 0.8, &s);
            items_sum[mode] += asked;
            items_max[mode] = asked > items_max[mode] ? asked : items_max[mode];
            double est[6];
            quiz_scores(q, &s, est);
            int to[6], eo[6];
            riasec_order(truth, to);
            riasec_order(est, eo);
            ok2 += (eo[0] == to[0] || eo[0] == to[1]) && (eo[1] == to[0] || eo[1] == to[1]);
            codes(est, to[0], &cs);
            if (!rankable(est)) {
                h.unranked++;
                continue; /* the results say the profile is too even: no list */
            }
            int top[QUIZ_TOP], n_zone = 0;
            int k = quiz_rank(c, est, zone, top, QUIZ_TOP, &n_zone);
            judge(c, truth, est, zone, top, k, n_zone, &h);
            for (int i = 0; i < k; i++) {
                int f = first_letter(c, top[i]);
                hits += f == to[0] || f == to[1];
                listed++;
                exposure[top[i]]++;
            }
            lists++;
        }
        top2_rate[mode] = (double)ok2 / people;
        first_in_top2[mode] = listed ? (double)hits / listed : 0;
    }
    int most = 0, listed_all = 0;
    for (size_t i = 0; i < n; i++) {
        most = exposure[i] > exposure[most] ? (int)i : most;
        listed_all += exposure[i];
    }
    if (getenv("QE_DEBUG"))
        for (size_t i = 0; i < n; i++)
            if (exposure[i] * 25 > lists)
                fprintf(stderr, "exposed: %s zone %d %.1f%%\n", content_title(c, i), zone_of(c, (int)i),
                        100.0 * exposure[i] / lists);
    double most_share = lists ? (double)exposure[most] / lists : 0;

    /* (d) coverage over a grid of profiles (each score 0, 8, ... 40) and the five job zones. */
    char *seen = calloc(n, 1);
    /* Six levels per score in a benchmark run (46,656 profiles); four under --check, for speed. */
    int nl = check ? 4 : 6;
    int cells = 1;
    for (int t = 0; t < 6 && grid_on; t++)
        cells *= nl;
    cells = grid_on ? cells : 0;
    long grid = 0;
    for (int a = 0; a < cells; a++) {
        double sc[6];
        int x = a;
        double lo = 40, hi = 0;
        for (int t = 0; t < 6; t++) {
            sc[t] = 40.0 * (x % nl) / (nl - 1);
            x /= nl;
            lo = sc[t] < lo ? sc[t] : lo;
            hi = sc[t] > hi ? sc[t] : hi;
        }
        if (hi - lo < QUIZ_FLAT_RANGE)
            continue; /* flat profiles are not ranked */
        for (int zone = 1; zone <= 5; zone++) {
            int top[QUIZ_TOP];
            int k = quiz_rank(c, sc, zone, top, QUIZ_TOP, NULL);
            for (int i = 0; i < k; i++)
                seen[top[i]] = 1;
            grid++;
        }
    }
    int covered = 0;
    for (size_t i = 0; i < n; i++)
        covered += seen[i] && first_letter(c, (int)i) >= 0;

    /* (e) self-retrieval: a career's own interest scores (rescaled to 0..40) and its own zone. */
    int self_ok = 0, self_n = 0;
    for (size_t i = 0; i < n; i++) {
        const cJSON *rec = content_record(c, i);
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(rec, "interests");
        const cJSON *z = cJSON_GetObjectItemCaseSensitive(rec, "job_zone");
        if (!cJSON_IsObject(in) || !cJSON_IsNumber(z))
            continue;
        double sc[6];
        riasec_read(in, sc);
        for (int t = 0; t < 6; t++)
            sc[t] = (sc[t] - 1) * 40.0 / 6.0;
        int top[QUIZ_TOP];
        int k = quiz_rank(c, sc, z->valueint, top, QUIZ_TOP, NULL);
        /* Found when it is listed, or a career of the very same profile is (one place per profile). */
        bool found = false;
        for (int j = 0; j < k; j++) {
            double oj[6], own[6];
            found = found || top[j] == (int)i ||
                    (profile_of(c, top[j], oj) && profile_of(c, (int)i, own) && !memcmp(oj, own, sizeof oj));
        }
        self_ok += found;
        self_n++;
    }

    double one_mean;
    int one_max;
    one_interest(q, c, 600, &one_mean, &one_max);

    double coverage = with_profile ? (double)covered / with_profile : 0;
    double self_rate = self_n ? (double)self_ok / self_n : 0;
    printf("careerbot career-test evaluation (%s%s%s; %zu careers, %d with interest profiles; %d people per mode)\n",
           argv[1], onet ? " + " : "", onet ? onet : "", n, with_profile, people);
    printf("  (a) top two letters recovered:        quick %.3f   full %.3f\n", top2_rate[0], top2_rate[1]);
    printf("  (b) top-10 first letter in true top 2: quick %.3f   full %.3f   (target 0.90)\n", first_in_top2[0],
           first_in_top2[1]);
    printf("  (c) questions asked:                  quick mean %.1f max %d   full mean %.1f max %d\n",
           (double)items_sum[0] / people, items_max[0], (double)items_sum[1] / people, items_max[1]);
    printf("  (d) coverage over %ld profile x zone cells: %.3f of careers in some top 10   (target 0.98)\n", grid,
           coverage);
    printf("  (e) self-retrieval in own top 10:     %.3f of %d   (target 0.95)\n", self_rate, self_n);
    printf("  (f) most exposed career:              %s in %.1f%% of %d lists   (target at most 5%%)\n",
           content_title(c, (size_t)most), 100 * most_share, lists);
    printf("  (g) lists with a career against the true profile: %d   unlabelled other zone: %d   two of one profile: "
           "%d   weak above strong: %d   (targets 0, of %d lists)\n",
           h.negative, h.unlabelled, h.same_profile, h.weak_above, lists);
    printf("      labelled blocks from the next zone: %d lists   too even to rank: %d people   mean correlation of "
           "listed careers with the true profile: %.3f   careers per list: %.1f\n",
           h.blocks, h.unranked, h.r_n ? h.r_sum / h.r_n : 0, lists ? (double)listed_all / lists : 0);
    static const char letters[] = "RIASEC";
    printf(
        "  (h) codes shown: %d people; two tied letters in a shown code: %d (said as a tie)\n      first letter, shown "
        "against true:",
        cs.shown, cs.tied);
    for (int t = 0; t < 6; t++)
        printf(" %c %.1f%%/%.1f%%", letters[t], cs.shown ? 100.0 * cs.lead_est[t] / cs.shown : 0,
               cs.shown ? 100.0 * cs.lead_true[t] / cs.shown : 0);
    printf("\n  (i) full test, 600 people with one clear interest: mean %.1f items, max %d of %d\n", one_mean, one_max,
           QUIZ_ITEMS);
    int rc = 0;
    if (check) {
        if (h.negative || h.unlabelled || h.same_profile || h.weak_above)
            fprintf(stderr, "FAIL (g) a list is not honest\n"), rc = 1;
        /* Floors a little under the targets; the closing note quotes the figures. */
        if (first_in_top2[0] < 0.85 || first_in_top2[1] < 0.85)
            fprintf(stderr, "FAIL (b) below 0.85\n"), rc = 1;
        if (grid_on && coverage < 0.95)
            fprintf(stderr, "FAIL (d) coverage below 0.95\n"), rc = 1;
        if (self_rate < 0.90)
            fprintf(stderr, "FAIL (e) self-retrieval below 0.90\n"), rc = 1;
        if (most_share > 0.12)
            fprintf(stderr, "FAIL (f) one career in more than 12%% of lists\n"), rc = 1;
        if (items_max[0] > 32 || items_max[1] > QUIZ_ITEMS)
            fprintf(stderr, "FAIL (c) too many questions\n"), rc = 1;
        printf("%d passed, %d failed\n", rc ? 0 : 1, rc);
    }
    free(seen);
    free(exposure);
    quiz_free(q);
    content_free(c);
    return rc;
}
