/*
 * browse: lists of careers a message asks for: the careers of a field ("careers in healthcare", in
 * the field's own order), or the careers ranked by BLS median pay or projected growth ("best-paid
 * jobs in healthcare", "fastest-growing careers", "jobs that pay over $80k without a degree"), of a
 * field or of all careers, each with its figure.
 */
#include "engine_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_SHOWN 8

/* The careers of the field being browsed: the first eight as lines, the first four as buttons. */
static void list_field(const engine *e, struct turn *t)
{
    int top[8];
    size_t total = content_area_careers(e->c, t->field, top, 8);
    size_t shown = total < 8 ? total : 8;
    t->field_title = content_area_title(e->c, t->field);
    snprintf(t->count, sizeof t->count, "%zu", total);
    for (size_t i = 0; i < shown; i++)
        sbuf_printf(&t->list, "%s- %s", i ? "\n" : "", content_title(e->c, (size_t)top[i]));
    if (total > shown) {
        char more[24];
        snprintf(more, sizeof more, "%zu", total - shown);
        sbuf_putc(&t->list, '\n');
        reply_message(e, "list.more", more, &t->list);
    }
    t->n_candidates = shown < NAMES_MAX_ALTS ? shown : NAMES_MAX_ALTS;
    for (size_t i = 0; i < t->n_candidates; i++)
        t->candidates[i] = top[i];
    t->n_shown = shown < ENGINE_LIST ? shown : ENGINE_LIST;
    memcpy(t->shown, top, t->n_shown * sizeof *top);
}

/* "without a degree": the highest BLS entry level allowed (3: a postsecondary award, no degree), or -1. */
static int entry_limit(const char *norm)
{
    static const char *const no_degree[] = {
        "without a degree",   "without degree",    "no degree",          "without college", "don't need a degree",
        "dont need a degree", "without a college", "without university", "no college",      "without going to college"};
    for (size_t i = 0; i < sizeof no_degree / sizeof no_degree[0]; i++)
        if (strstr(norm, no_degree[i]))
            return 3;
    if (strstr(norm, "little training") || strstr(norm, "no training") || strstr(norm, "without training") ||
        strstr(norm, "no qualifications") || strstr(norm, "without qualifications"))
        return 1;
    return -1;
}

/* A sum of money at p: "$55k", "55,000", "40 grand", "forty thousand", "100k"; its value in
 * dollars (0 when there is none), and *end just after it. */
static double money_at(const char *p, const char **end)
{
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    bool dollar = *p == '$';
    double v = -1;
    const char *q = p + dollar;
    if (*q >= '0' && *q <= '9') {
        char digits[16];
        size_t n = 0;
        for (; (*q >= '0' && *q <= '9') || (*q == ',' && q[1] >= '0' && q[1] <= '9'); q++)
            if (*q != ',' && n + 1 < sizeof digits)
                digits[n++] = *q;
        digits[n] = '\0';
        v = atof(digits);
        if (*q == '.' && q[1] >= '0' && q[1] <= '9') /* "1.5k" */
            for (double f = 0.1; *++q >= '0' && *q <= '9'; f /= 10)
                v += (*q - '0') * f;
    } else if (!dollar) {
        for (size_t i = 0; i < sizeof tens / sizeof tens[0] && v < 0; i++)
            if (!strncmp(q, tens[i], strlen(tens[i]))) {
                v = 20 + 10 * (double)i;
                q += strlen(tens[i]);
            }
        if (v < 0 && (!strncmp(q, "a hundred", 9) || !strncmp(q, "one hundred", 11))) {
            v = 100;
            q = strstr(q, "hundred") + 7;
        }
        if (v < 0)
            return 0;
        if (strncmp(q, " grand", 6) && strncmp(q, " thousand", 9) && strncmp(q, "k", 1) && strncmp(q, " k", 2))
            return 0; /* "forty" alone is an age, not pay */
    } else {
        return 0;
    }
    static const char *const thousand[] = {"k", " k", " grand", "grand", " thousand", "thousand"};
    for (size_t i = 0; i < sizeof thousand / sizeof thousand[0]; i++)
        if (!strncmp(q, thousand[i], strlen(thousand[i])) && !isalpha((unsigned char)q[strlen(thousand[i])])) {
            v *= 1000;
            q += strlen(thousand[i]);
            break;
        }
    static const char *const unit[] = {" dollars", " bucks", " usd", " pounds", " quid", " euros"};
    const char *after = q; /* "18 dollars an hour": the per after the currency's name */
    for (size_t i = 0; i < sizeof unit / sizeof unit[0]; i++)
        if (!strncmp(q, unit[i], strlen(unit[i])) && !isalpha((unsigned char)q[strlen(unit[i])]))
            after = q + strlen(unit[i]);
    /* "$20/hr", "3k a month", "1000 a week": a full-time year, 40 hours for 52 weeks, as BLS annualises */
    static const struct {
        const char *s;
        double times, least, most; /* the year's multiple, and the sums per that unit that can be pay */
    } per[] = {{"/hr", 2080, 5, 300},         {"/hour", 2080, 5, 300},        {"/h", 2080, 5, 300},
               {" an hour", 2080, 5, 300},    {" an hr", 2080, 5, 300},       {" a hour", 2080, 5, 300},
               {" per hour", 2080, 5, 300},   {" per hr", 2080, 5, 300},      {" p/h", 2080, 5, 300},
               {" a month", 12, 300, 50000},  {" per month", 12, 300, 50000}, {"/month", 12, 300, 50000},
               {"/mo", 12, 300, 50000},       {" monthly", 12, 300, 50000},   {" a week", 52, 100, 10000},
               {" per week", 52, 100, 10000}, {"/week", 52, 100, 10000},      {"/wk", 52, 100, 10000},
               {" weekly", 52, 100, 10000}};
    for (size_t i = 0; i < sizeof per / sizeof per[0]; i++)
        if (v >= per[i].least && v < per[i].most && !strncmp(after, per[i].s, strlen(per[i].s)) &&
            !isalpha((unsigned char)after[strlen(per[i].s)])) {
            v *= per[i].times;
            q = after + strlen(per[i].s);
            break;
        }
    *end = q;
    return round(v); /* whole dollars: "1.5k" is 1500, and a session saves it exactly */
}

/* See engine_int.h. */
bool browse_pay_unit(const char *norm, size_t at)
{
    static const char *const per[] = {"/", " per ", " an ", " a ", " p/"};
    for (size_t i = 0; i < sizeof per / sizeof per[0]; i++) {
        size_t n = strlen(per[i]);
        if (at > n && !strncmp(norm + at - n, per[i], n) && isdigit((unsigned char)norm[at - n - 1]))
            return true;
    }
    return false;
}

/* Whether one of words ends within the 24 characters before at (on a word boundary). */
static bool said_before(const char *norm, const char *at, const char *const *words, size_t n)
{
    const char *from = at - norm > 24 ? at - 24 : norm;
    for (size_t i = 0; i < n; i++)
        for (const char *w = strstr(from, words[i]); w && w < at; w = strstr(w + 1, words[i]))
            if ((w == norm || !isalpha((unsigned char)w[-1])) && w + strlen(words[i]) <= at)
                return true;
    return false;
}

/* "over $80k", "more than 60,000", "at least forty grand", "I'd need like 50 grand a year",
 * "paying $55,000+", "I want to earn 100k": the least median pay asked for, or 0. A sum after "under"
 * or "less than" is no floor, nor one with nothing about pay near it ("I have $20,000 saved"). */
double browse_pay_floor(const char *norm)
{
    static const char *const ceiling[] = {"under", "below", "less than", "up to", "no more than", "at most", "max"};
    static const char *const floor_words[] = {"over", "above",   "more than",   "at least", "upwards of",
                                              "min",  "minimum", "starting at", "north of", "plus"};
    static const char *const pay_words[] = {"pay",    "earn",     "make",   "making",  "salary",
                                            "income", "wage",     "need",   "keep",    "grand",
                                            "a year", "per year", "annual", "minimum", "at least"};
    double best = strstr(norm, "six figures") || strstr(norm, "6 figures") || strstr(norm, "six figure") ? 100000 : 0;
    for (const char *p = norm; *p; p++) {
        if (p > norm && (isalnum((unsigned char)p[-1]) || p[-1] == '$' || p[-1] == ',' || p[-1] == '.'))
            continue;
        const char *end;
        double v = money_at(p, &end);
        if (v < 1000 || v > 1e7 || said_before(norm, p, ceiling, sizeof ceiling / sizeof ceiling[0]))
            continue;
        bool floor = said_before(norm, p, floor_words, sizeof floor_words / sizeof floor_words[0]) || *end == '+' ||
                     !strncmp(end, " or more", 8) || !strncmp(end, " minimum", 8) || !strncmp(end, " plus", 5) ||
                     !strncmp(end, " at least", 9);
        for (size_t i = 0; i < sizeof pay_words / sizeof pay_words[0] && !floor && v >= 15000; i++)
            floor = strstr(norm, pay_words[i]) != NULL;
        if (floor && v > best)
            best = v;
        p = end > p ? end - 1 : p;
    }
    return best;
}

/* Lists the careers of t->field (-1: all) ranked by sort, each with its figure. */
static void list_ranked(const engine *e, struct turn *t, char sort)
{
    int top[LIST_SHOWN];
    int max_entry = entry_limit(t->norm);
    if (e->adv) { /* the advice lexicon knows more ways to say it ("jobs that dont need college") */
        advice_profile p = {.max_entry = -1, .degree = -1, .from = -1, .situation = -1};
        advice_read(e, t->norm, &p, 0, NULL);
        if (p.max_entry >= 0 && (max_entry < 0 || p.max_entry < max_entry))
            max_entry = p.max_entry;
    }
    double floor_pay = sort == 'p' ? browse_pay_floor(t->norm) : 0;
    size_t total = content_ranked(e->c, t->field, sort, max_entry, floor_pay, top, LIST_SHOWN);
    size_t shown = total < LIST_SHOWN ? total : LIST_SHOWN;
    t->field_title = t->field >= 0 ? content_area_title(e->c, t->field) : engine_message(e, "list.all_careers");
    if (!t->field_title)
        t->field_title = "careers";
    snprintf(t->count, sizeof t->count, "%zu", total);
    for (size_t i = 0; i < shown; i++) {
        double med, change;
        content_pay(e->c, (size_t)top[i], &med, &change);
        sbuf_printf(&t->list, "%s- %s: ", i ? "\n" : "", content_title(e->c, (size_t)top[i]));
        if (sort == 'p') {
            content_money(&t->list, med, false);
        } else {
            sbuf_printf(&t->list, "%s%.1f%%", change > 0 ? "+" : "", change);
        }
    }
    if (!shown)
        reply_message(e, "list.none", NULL, &t->list);
    t->n_candidates = shown < NAMES_MAX_ALTS ? shown : NAMES_MAX_ALTS;
    for (size_t i = 0; i < t->n_candidates; i++)
        t->candidates[i] = top[i];
    t->n_shown = shown < ENGINE_LIST ? shown : ENGINE_LIST;
    memcpy(t->shown, top, t->n_shown * sizeof *top);
}

/* A browsing intent matched: it counts only when the message names a field (an area of work), or a
 * ranking of every career, and no career. Returns whether it does (and lists the careers). */
bool browse_fits(const engine *e, struct turn *t, const intent *in)
{
    /* A field only counts when no career is named: "jobs like a nurse" is not browsing; but "careers
     * in nursing" is, though "nursing" names the nurse's discipline, when the field's name covers
     * the discipline's ("careers like prompt engineering" is not). */
    const names_hit *mention = t->mention;
    size_t fat, flen;
    t->field = content_area_find(e->c, t->norm, &fat, &flen);
    if ((mention && mention->strength != CONTENT_NAME_DISCIPLINE) || (t->field < 0 && !in->sort) ||
        (mention && (t->field < 0 || fat > t->name_start || fat + flen < t->name_end))) {
        t->field = -1;
        return false;
    }
    if (in->sort) /* ranked by a BLS figure: of the field named, or of every career */
        list_ranked(e, t, in->sort);
    else
        list_field(e, t);
    t->listing = true;
    return true;
}

/* "Registered Nurse pays more: a median of $97,550 a year against $56,000, about 74% more." into
 * out, when both careers have a BLS median. */
void browse_which_pays_more(const engine *e, int a, int b, sbuf *out)
{
    double ma, mb, ca, cb;
    if (!content_pay(e->c, (size_t)a, &ma, &ca) || !content_pay(e->c, (size_t)b, &mb, &cb) || ma < 0 || mb < 0)
        return;
    if (ma < mb) {
        int k = a;
        a = b;
        b = k;
        double m = ma;
        ma = mb;
        mb = m;
    }
    if (ma - mb < 0.02 * mb) {
        sbuf_printf(out, "They pay about the same: the medians are within 2%% of each other.");
        return;
    }
    sbuf_printf(out, "**%s** pays more: its median is about %.0f%% higher than %s's.", content_title(e->c, (size_t)a),
                100.0 * (ma - mb) / mb, content_title(e->c, (size_t)b));
}
