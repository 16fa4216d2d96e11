/*
 * bls: U.S. Bureau of Labor Statistics pay (Occupational Employment and Wage Statistics) and
 * outlook (Employment Projections) for careers. The curated careers' figures come from
 * content/pay.json (written by scripts/bls-table); with --bls DIR the BLS files themselves are read
 * and every career with an O*NET-SOC code gets its figures, over the table's. Figures become the text
 * fields replies show ("pay", "pay_short", "pay_start", "outlook"; "pay_none" says why there is no
 * pay) and the numbers lists sort by. Every figure is said with its source and release, and as U.S.
 * national. Map: numbers as people read them; one career's texts; the table; the BLS files.
 */
#include "content_int.h"
#include "jsondoc.h"
#include "tsv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_PAY_RELEASE "May 2025"
#define DEFAULT_OUTLOOK_RELEASE "2024-34"

/* ===================== Numbers as people read them ===================== */

/* A whole number with thousands separators: "3,379,720". */
static void thousands(sbuf *out, double v)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits);
    if (v < 0)
        sbuf_putc(out, '-');
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            sbuf_putc(out, ',');
        sbuf_putc(out, digits[i]);
    }
}

void content_money(sbuf *out, double v, bool hourly)
{
    sbuf_putc(out, '$');
    if (hourly)
        sbuf_printf(out, "%.2f", v);
    else
        thousands(out, v);
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* BLS's words for projected growth over ten years, as the Occupational Outlook Handbook bands the
 * change rounded to a whole percent (2024-34: all occupations grow about 3%). */
static const char *growth_words(double pct)
{
    pct = round(pct);
    return pct >= 7   ? "growth much faster than average"
           : pct >= 5 ? "growth faster than average"
           : pct >= 3 ? "growth about as fast as average"
           : pct >= 1 ? "growth slower than average"
           : pct > -1 ? "little or no change"
                      : "a decline";
}

/* BLS's category in the middle of a sentence: "a bachelor's degree", "no formal educational credential". */
static void category(sbuf *out, const char *s)
{
    if (!strncmp(s, "Bachelor", 8) || !strncmp(s, "Master", 6) || !strncmp(s, "Associate", 9))
        sbuf_puts(out, !strncmp(s, "Associate", 9) ? "an " : "a ");
    if (!strncmp(s, "Doctoral", 8) || !strncmp(s, "High school", 11) || !strncmp(s, "Postsecondary", 13))
        sbuf_puts(out, "a ");
    sbuf_putc(out, (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s));
    sbuf_puts(out, s + 1);
}

/* ===================== One career's texts ===================== */

struct release {
    const char *pay;     /* "May 2025" */
    const char *outlook; /* "2024-34" */
};

/* " These figures are for the wider BLS group ..." when the career is not alone in its BLS row. */
static void group_note(sbuf *b, const cJSON *fig)
{
    const char *match = str(fig, "match"), *title = str(fig, "bls_title"), *soc = str(fig, "soc");
    size_t n = soc ? strlen(soc) : 0;
    bool finer = n > 3 && strcmp(soc + n - 3, ".00"); /* "29-1141.01" is a part of BLS's 29-1141 */
    if (title && ((match && strcmp(match, "direct")) || finer))
        sbuf_printf(b, " The figures are for the BLS occupation \"%s\", which this career is part of.", title);
}

static void pay_texts(cJSON *rec, const cJSON *fig, const struct release *r)
{
    double med = num(fig, "median"), hour = num(fig, "hourly"), p10 = num(fig, "p10"), p25 = num(fig, "p25"),
           p90 = num(fig, "p90"), emp = num(fig, "employment");
    bool top = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(fig, "top"));
    bool hourly_only = isnan(med) && !isnan(hour);
    if (isnan(med) && isnan(hour)) {
        const char *why = str(fig, "why");
        cJSON_AddStringToObject(rec, "pay_none", why ? why : "BLS publishes no wage estimate for this occupation");
        return;
    }
    sbuf b = SBUF_INIT, s = SBUF_INIT;
    sbuf_puts(&b, "The median pay is ");
    content_money(&b, hourly_only ? hour : med, hourly_only);
    sbuf_puts(&b, hourly_only ? " an hour" : top ? " a year or more" : " a year");
    if (!hourly_only && !isnan(hour)) {
        sbuf_puts(&b, " (");
        content_money(&b, hour, true);
        sbuf_puts(&b, " an hour)");
    }
    sbuf_puts(&b, ": half of the people in it earn more, half less.");
    double lo = hourly_only ? num(fig, "hp10") : p10, hi = hourly_only ? num(fig, "hp90") : p90;
    if (!isnan(lo) && !isnan(hi)) {
        sbuf_puts(&b, " Most earn between ");
        content_money(&b, lo, hourly_only);
        sbuf_puts(&b, " and ");
        content_money(&b, hi, hourly_only);
        sbuf_puts(&b, hourly_only ? " an hour" : " a year");
        sbuf_puts(&b, " (the 10th to 90th percentiles).");
    }
    if (!isnan(emp)) {
        sbuf_puts(&b, " About ");
        thousands(&b, emp);
        sbuf_puts(&b, " people are employed in it, not counting the self-employed.");
    }
    group_note(&b, fig);
    sbuf_printf(&b, "\n\n(U.S. national figures, %s, U.S. Bureau of Labor Statistics)", r->pay);
    cJSON_AddStringToObject(rec, "pay", b.p);

    content_money(&s, hourly_only ? hour : med, hourly_only);
    sbuf_printf(&s, "%s (U.S. median, %s, BLS)",
                hourly_only ? " an hour"
                : top       ? " a year or more"
                            : " a year",
                r->pay);
    cJSON_AddStringToObject(rec, "pay_short", s.p);

    sbuf_free(&b);
    if (!isnan(p10) && !isnan(p25) && !hourly_only) {
        sbuf_puts(&b, "Starting pay is usually near the bottom of the range: the lowest-paid 10% earn under ");
        content_money(&b, p10, false);
        sbuf_puts(&b, " a year and the lowest-paid quarter under ");
        content_money(&b, p25, false);
        sbuf_puts(&b, ", against a median of ");
        content_money(&b, med, false);
        sbuf_printf(&b, ".\n\n(U.S. national figures, %s, U.S. Bureau of Labor Statistics)", r->pay);
        cJSON_AddStringToObject(rec, "pay_start", b.p);
    }
    sbuf_free(&b);
    sbuf_free(&s);
}

static void outlook_text(cJSON *rec, const cJSON *fig, const struct release *r)
{
    double change = num(fig, "change"), open = num(fig, "openings");
    const char *edu = str(fig, "education"), *exp = str(fig, "experience"), *train = str(fig, "training");
    if (isnan(change))
        return;
    sbuf b = SBUF_INIT;
    sbuf_printf(&b, "From 2024 to 2034, BLS projects %s (%s%.1f%% jobs)", growth_words(change), change > 0 ? "+" : "",
                change);
    if (!isnan(open)) {
        sbuf_puts(&b, ", with about ");
        thousands(&b, open);
        sbuf_puts(&b, " openings a year (new jobs and people leaving)");
    }
    sbuf_puts(&b, ".");
    if (edu) {
        sbuf_puts(&b, " Typical entry: ");
        category(&b, edu);
        if (exp && strcmp(exp, "None")) {
            sbuf_puts(&b, ", with ");
            category(&b, exp);
            sbuf_puts(&b, " of work experience in a related job");
        }
        if (train && strcmp(train, "None")) {
            sbuf_puts(&b, ", then ");
            category(&b, train);
        }
        sbuf_puts(&b, ".");
    }
    group_note(&b, fig);
    sbuf_printf(&b, "\n\n(U.S. Bureau of Labor Statistics, Employment Projections %s)", r->outlook);
    cJSON_AddStringToObject(rec, "outlook", b.p);
    sbuf_free(&b);
    sbuf_printf(&b, "%s%.1f%% jobs by 2034: %s (BLS projections %s)", change > 0 ? "+" : "", change,
                growth_words(change), r->outlook);
    cJSON_AddStringToObject(rec, "outlook_short", b.p);
    sbuf_free(&b);
}

/* BLS's typical entry education as a level: 0 no formal credential, 1 high school, 2 some college,
 * 3 postsecondary nondegree award, 4 associate's, 5 bachelor's, 6 master's, 7 doctoral; -1 unknown. */
static int entry_level(const char *edu)
{
    static const char *const starts[] = {"No formal", "High school", "Some college", "Postsecondary",
                                         "Associate", "Bachelor",    "Master",       "Doctoral"};
    for (int i = 0; edu && i < 8; i++)
        if (!strncmp(edu, starts[i], strlen(starts[i])))
            return i;
    return -1;
}

/* Gives career k the texts and numbers of fig (a content/pay.json entry), replacing earlier ones. */
static void attach(content *c, size_t k, const cJSON *fig, const struct release *r)
{
    cJSON *rec = (cJSON *)c->careers[k].rec; /* owned by the content (its document or the O*NET array) */
    static const char *const fields[] = {"pay", "pay_short", "pay_start", "pay_none", "outlook", "outlook_short"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        cJSON_DeleteItemFromObjectCaseSensitive(rec, fields[i]);
    pay_texts(rec, fig, r);
    outlook_text(rec, fig, r);
    double med = num(fig, "median");
    c->careers[k].median = isnan(med) ? -1 : med;
    c->careers[k].entry = entry_level(str(fig, "education"));
    c->careers[k].has_pay = cJSON_GetObjectItemCaseSensitive(rec, "pay") != NULL;
    double change = num(fig, "change");
    c->careers[k].change = isnan(change) ? NAN : change;
}

/* ===================== The table: content/pay.json ===================== */

static void load_table(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = content__load_optional(dir, "pay.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *root = jsondoc_root(doc);
    struct release r = {str(root, "pay_release"), str(root, "outlook_release")};
    if (!r.pay)
        r.pay = DEFAULT_PAY_RELEASE;
    if (!r.outlook)
        r.outlook = DEFAULT_OUTLOOK_RELEASE;
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "careers"))
    {
        int k = content_find_id(c, it->string);
        if (k < 0) {
            diag_report(d, path, jsondoc_line(doc, it), "\"%s\" is no career of content/careers", it->string);
            continue;
        }
        attach(c, (size_t)k, it, &r);
    }
    jsondoc_free(doc);
}

/* ===================== The BLS files ===================== */

/* The first column whose name starts with prefix ("Employment change, percent" in any release). */
static int column_starting(const tsv *t, const char *prefix)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (!strncmp(t->head[i], prefix, strlen(prefix)))
            return (int)i;
    return -1;
}

/* A BLS figure: a number, "*" or "—" (not published: nothing added), "#" or ">=$239,200" (top-coded). */
static void add_figure(cJSON *o, const char *key, const char *v, double scale)
{
    if (!v || !*v)
        return;
    if (!strcmp(v, "#") || !strncmp(v, ">=", 2)) {
        cJSON_AddNumberToObject(o, key, 239200);
        cJSON_ReplaceItemInObjectCaseSensitive(o, "top", cJSON_CreateTrue());
        return;
    }
    char *end;
    double x = strtod(v, &end);
    if (end != v && !*end && isfinite(x))
        cJSON_AddNumberToObject(o, key, x * scale);
}

static cJSON *figure_of(cJSON *by, const char *code)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(by, code);
    if (!o) {
        o = cJSON_AddObjectToObject(by, code);
        cJSON_AddStringToObject(o, "bls", code);
        cJSON_AddFalseToObject(o, "top");
    }
    return o;
}

/* oews_national.tsv: pay by BLS code, into by. */
static void read_pay(const char *dir, cJSON *by, diag *d)
{
    tsv t;
    static const char *const cols[] = {"OCC_CODE", "OCC_TITLE"};
    int c[2];
    if (tsv_open(&t, dir, "oews_national.tsv", d) != 0 || tsv_columns(&t, cols, c, 2, d) < 0) {
        diag_warn(d, t.path, 0, "no BLS pay: the rest loads without it");
        tsv_close(&t);
        return;
    }
    static const char *const nums[][2] = {{"A_MEDIAN", "median"}, {"H_MEDIAN", "hourly"}, {"A_PCT10", "p10"},
                                          {"A_PCT25", "p25"},     {"A_PCT75", "p75"},     {"A_PCT90", "p90"},
                                          {"H_PCT10", "hp10"},    {"H_PCT90", "hp90"},    {"TOT_EMP", "employment"}};
    int at[sizeof nums / sizeof nums[0]];
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        at[i] = tsv_column(&t, nums[i][0]);
    while (tsv_next(&t, d)) {
        cJSON *o = figure_of(by, t.f[c[0]]);
        cJSON_AddStringToObject(o, "bls_title", t.f[c[1]]);
        for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
            add_figure(o, nums[i][1], at[i] >= 0 ? t.f[at[i]] : NULL, 1);
    }
    tsv_close(&t);
}

/* projections.tsv: outlook by BLS code, into by. */
static void read_outlook(const char *dir, cJSON *by, diag *d)
{
    tsv t;
    int c[1];
    static const char *const cols[] = {"Typical education needed for entry"};
    if (tsv_open(&t, dir, "projections.tsv", d) != 0 || tsv_columns(&t, cols, c, 1, d) < 0) {
        diag_warn(d, t.path, 0, "no BLS outlook: the rest loads without it");
        tsv_close(&t);
        return;
    }
    int code = column_starting(&t, "2024 National Employment Matrix code");
    if (code < 0)
        code = 0; /* the code comes first in every release */
    int change = column_starting(&t, "Employment change, percent"), open = column_starting(&t, "Occupational openings");
    int exp = column_starting(&t, "Work experience"), train = column_starting(&t, "Typical on-the-job training");
    while (tsv_next(&t, d)) {
        cJSON *o = figure_of(by, t.f[code]);
        add_figure(o, "change", change >= 0 ? t.f[change] : NULL, 1);
        add_figure(o, "openings", open >= 0 ? t.f[open] : NULL, 1000);
        static const char *const none = "\xe2\x80\x94"; /* "—": not available */
        if (strcmp(t.f[c[0]], none))
            cJSON_AddStringToObject(o, "education", t.f[c[0]]);
        if (exp >= 0 && strcmp(t.f[exp], none))
            cJSON_AddStringToObject(o, "experience", t.f[exp]);
        if (train >= 0 && strcmp(t.f[train], none))
            cJSON_AddStringToObject(o, "training", t.f[train]);
    }
    tsv_close(&t);
}

/* The release names of DIR/release.json ({"pay": "May 2026", "outlook": "2025-35"}), else the
 * defaults: the files of ../shared/data/bls. */
static struct release read_release(const char *dir, jsondoc **doc, diag *d)
{
    struct release r = {DEFAULT_PAY_RELEASE, DEFAULT_OUTLOOK_RELEASE};
    char path[4096];
    *doc = content__load_optional(dir, "release.json", d, path, sizeof path);
    if (*doc) {
        const char *p = str(jsondoc_root(*doc), "pay"), *o = str(jsondoc_root(*doc), "outlook");
        r.pay = p ? p : r.pay;
        r.outlook = o ? o : r.outlook;
    }
    return r;
}

static void load_files(content *c, const char *dir, diag *d)
{
    tsv t;
    static const char *const cols[] = {"O*NET-SOC Code", "BLS_SOC_CODE", "MATCH"};
    int m[3];
    if (tsv_open(&t, dir, "onet_to_bls.tsv", d) != 0 || tsv_columns(&t, cols, m, 3, d) < 0) {
        diag_report(d, t.path, 0, "missing: --bls needs onet_to_bls.tsv to find careers' BLS codes");
        tsv_close(&t);
        return;
    }
    cJSON *by = cJSON_CreateObject(), *map = cJSON_CreateObject(), *shares = cJSON_CreateObject();
    read_pay(dir, by, d);
    read_outlook(dir, by, d);
    while (tsv_next(&t, d)) {
        cJSON *e = cJSON_AddObjectToObject(map, t.f[m[0]]);
        cJSON_AddStringToObject(e, "bls", t.f[m[1]]);
        cJSON_AddStringToObject(e, "match", t.f[m[2]]);
        cJSON *n = cJSON_GetObjectItemCaseSensitive(shares, t.f[m[1]]);
        if (n)
            cJSON_SetNumberValue(n, n->valuedouble + 1);
        else if (*t.f[m[1]])
            cJSON_AddNumberToObject(shares, t.f[m[1]], 1);
    }
    tsv_close(&t);
    jsondoc *rdoc;
    struct release r = read_release(dir, &rdoc, d);
    for (size_t k = 0; k < c->n; k++) {
        const char *soc = str(c->careers[k].rec, "soc");
        const cJSON *e = soc ? cJSON_GetObjectItemCaseSensitive(map, soc) : NULL;
        if (!e)
            continue;
        const char *code = str(e, "bls");
        cJSON *fig = code && *code ? cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(by, code), true) : NULL;
        if (!fig)
            fig = cJSON_CreateObject();
        cJSON_AddStringToObject(fig, "match", str(e, "match"));
        cJSON_AddStringToObject(fig, "soc", soc);
        cJSON_AddNumberToObject(fig, "shares", num(shares, code ? code : ""));
        if (!strncmp(soc, "55-", 3))
            cJSON_AddStringToObject(fig, "why", "BLS publishes no pay or outlook for military occupations");
        attach(c, k, fig, &r);
        cJSON_Delete(fig);
    }
    jsondoc_free(rdoc);
    cJSON_Delete(by);
    cJSON_Delete(map);
    cJSON_Delete(shares);
}

void bls_attach(content *c, const char *content_dir, const char *bls_dir, diag *d)
{
    for (size_t k = 0; k < c->n; k++) {
        c->careers[k].median = -1;
        c->careers[k].change = NAN;
        c->careers[k].entry = -1;
        c->careers[k].has_pay = false;
    }
    load_table(c, content_dir, d);
    if (bls_dir)
        load_files(c, bls_dir, d);
}

bool content_pay(const content *c, size_t i, double *median, double *change)
{
    *median = c->careers[i].median;
    *change = c->careers[i].change;
    return c->careers[i].has_pay;
}
