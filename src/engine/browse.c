/*
 * browse: lists of careers a message asks for: the careers of a field ("careers in healthcare", in
 * the field's own order), or the careers ranked by BLS median pay or projected growth ("best-paid
 * jobs in healthcare", "fastest-growing careers", "jobs that pay over $80k without a degree"), of a
 * field or of all careers, each with its figure.
 */
#include "engine_int.h"

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

/* "over $80k", "more than 60,000", "above 100 thousand": the least median pay asked for, or 0. */
double browse_pay_floor(const char *norm)
{
    static const char *const over[] = {"over ", "above ", "more than ", "at least ", "upwards of ", "min "};
    for (size_t i = 0; i < sizeof over / sizeof over[0]; i++) {
        for (const char *p = strstr(norm, over[i]); p; p = strstr(p + 1, over[i])) {
            const char *q = p + strlen(over[i]);
            if (*q == '$')
                q++;
            if (*q < '0' || *q > '9')
                continue;
            char digits[16];
            size_t n = 0;
            for (; (*q >= '0' && *q <= '9') || *q == ','; q++)
                if (*q != ',' && n + 1 < sizeof digits)
                    digits[n++] = *q;
            digits[n] = '\0';
            double v = atof(digits);
            if (*q == 'k' || !strncmp(q, " k", 2) || !strncmp(q, " thousand", 9) || !strncmp(q, "thousand", 8))
                v *= 1000;
            if (v >= 1000)
                return v;
        }
    }
    return 0;
}

/* Lists the careers of t->field (-1: all) ranked by sort, each with its figure. */
static void list_ranked(const engine *e, struct turn *t, char sort)
{
    int top[LIST_SHOWN];
    int max_entry = entry_limit(t->norm);
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
