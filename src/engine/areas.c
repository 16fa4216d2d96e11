/*
 * areas: the browse areas of content/fields.json ("careers in healthcare", "jobs without a
 * degree"): loading them, checking the careers they list, ranking each area's careers once after
 * everything is loaded, and the lookups of content.h (content_area_*). An area is what people call a
 * "field" of work; the word field is kept for the fields of a career record (schema.c). Never
 * touches a career record's validation or the name index.
 */
#include "content_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ===================== Loading ===================== */

/* The area names in one scanner, so that content_area_find reads a text once, not once per name. */
static void index_names(content *c)
{
    c->area_kw = kwscan_new();
    size_t ord = 0;
    for (size_t i = 0; i < c->n_areas; i++)
        for (size_t k = 0; k < c->areas[i].n_names; k++, ord++) {
            if (!c->areas[i].names[k][0])
                continue; /* an empty name never wins */
            size_t id = (size_t)kwscan_add(c->area_kw, c->areas[i].names[k]);
            if (id < kwscan_count(c->area_kw) - 1)
                continue; /* the same name in an earlier place: that one wins ties */
            c->area_ord = xrealloc(c->area_ord, (id + 1) * sizeof *c->area_ord);
            c->area_of = xrealloc(c->area_of, (id + 1) * sizeof *c->area_of);
            c->area_ord[id] = (int)ord;
            c->area_of[id] = (int)i;
        }
    kwscan_finish(c->area_kw);
}

void areas_load(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = content__load_optional(dir, "fields.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "fields");
    if (!cJSON_IsArray(list)) {
        diag_report(d, path, 1, "expected {\"fields\": [...]}");
        jsondoc_free(doc);
        return;
    }
    static const char *const top_keys[] = {"comment", "fields"};
    static const char *const area_keys[] = {"id",  "comment",     "title",  "names",       "careers",
                                            "soc", "id_contains", "riasec", "job_zone_max"};
    jsondoc_check_keys(doc, d, jsondoc_root(doc), top_keys, sizeof top_keys / sizeof *top_keys, "fields.json");
    c->areas = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *c->areas);
    const cJSON *f;
    cJSON_ArrayForEach(f, list)
    {
        struct area *fl = &c->areas[c->n_areas];
        int line = jsondoc_line(doc, f);
        if (cJSON_IsObject(f))
            jsondoc_check_keys(doc, d, f, area_keys, sizeof area_keys / sizeof *area_keys, "a field of fields.json");
        const cJSON *title = cJSON_GetObjectItemCaseSensitive(f, "title");
        const cJSON *fnames = cJSON_GetObjectItemCaseSensitive(f, "names");
        if (!cJSON_IsString(title) || !cJSON_IsArray(fnames) || !cJSON_GetArraySize(fnames)) {
            diag_report(d, path, line, "a field needs a \"title\" and \"names\"");
            continue;
        }
        fl->title = title->valuestring;
        fl->names = xcalloc((size_t)cJSON_GetArraySize(fnames), sizeof *fl->names);
        const cJSON *n;
        cJSON_ArrayForEach(n, fnames)
        {
            bool lower = cJSON_IsString(n) && n->valuestring[0];
            for (const char *p = lower ? n->valuestring : ""; *p; p++)
                lower = lower && !(*p >= 'A' && *p <= 'Z');
            if (!lower)
                diag_report(d, path, jsondoc_line(doc, n), "field names are non-empty lower-case strings");
            else
                fl->names[fl->n_names++] = n->valuestring;
            if (lower && !strchr(n->valuestring, ' '))
                names_add_common(c->names, n->valuestring); /* a field's word is spelled right: "clerical" */
        }
        fl->careers = cJSON_GetObjectItemCaseSensitive(f, "careers");
        fl->soc = cJSON_GetObjectItemCaseSensitive(f, "soc");
        fl->id_contains = cJSON_GetObjectItemCaseSensitive(f, "id_contains");
        const char *r = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "riasec"));
        if (r && (strlen(r) != 1 || riasec_index(r[0]) < 0))
            diag_report(d, path, line, "\"riasec\" is one letter of RIASEC");
        fl->riasec = r ? r[0] : 0;
        const cJSON *z = cJSON_GetObjectItemCaseSensitive(f, "job_zone_max");
        fl->zone_max = cJSON_IsNumber(z) ? z->valueint : 0;
        c->n_areas++;
    }
    c->areas_doc = doc;
    index_names(c);
}

/* Every career an area lists by id must exist. */
void areas_check(const content *c, diag *d)
{
    for (size_t i = 0; i < c->n_areas; i++) {
        const cJSON *id;
        cJSON_ArrayForEach(id, c->areas[i].careers)
        {
            if (!cJSON_IsString(id) || content_find_id(c, id->valuestring) < 0)
                diag_report(d, jsondoc_path(c->areas_doc), jsondoc_line(c->areas_doc, id),
                            "field career \"%s\" does not exist", cJSON_IsString(id) ? id->valuestring : "?");
        }
    }
}

void areas_free(content *c)
{
    for (size_t i = 0; i < c->n_areas; i++)
        free(c->areas[i].names);
    free(c->areas);
    jsondoc_free(c->areas_doc);
    kwscan_free(c->area_kw);
    free(c->area_ord);
    free(c->area_of);
}

/* ===================== Ranking ===================== */

static bool in_area(const content *c, const struct area *f, size_t k)
{
    const cJSON *rec = c->careers[k].rec;
    const cJSON *it;
    if (f->careers) {
        bool listed = false;
        cJSON_ArrayForEach(it, f->careers) listed =
            listed || (cJSON_IsString(it) && !strcmp(it->valuestring, c->careers[k].id));
        if (!listed)
            return false;
    }
    if (f->soc) {
        const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "soc"));
        if (!code)
            code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "profile_from"));
        bool hit = false;
        cJSON_ArrayForEach(it, f->soc) hit =
            hit || (code && cJSON_IsString(it) && !strncmp(code, it->valuestring, strlen(it->valuestring)));
        if (!hit)
            return false;
    }
    if (f->id_contains) {
        bool hit = false;
        cJSON_ArrayForEach(it, f->id_contains) hit =
            hit || (cJSON_IsString(it) && strstr(c->careers[k].id, it->valuestring));
        if (!hit)
            return false;
    }
    if (f->riasec) {
        const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "riasec"));
        if (!code || code[0] != f->riasec)
            return false;
    }
    if (f->zone_max) {
        const cJSON *z = cJSON_GetObjectItemCaseSensitive(rec, "job_zone");
        if (!cJSON_IsNumber(z) || z->valueint > f->zone_max)
            return false;
    }
    return true;
}

/* How well career k represents area f, for the order of the list: the score of the area's interest
 * when it has one; the area's own order when it lists careers; otherwise curated careers before
 * O*NET occupations, and the AI family (a large group of similar names) after the rest unless the
 * area is about AI. */
static double area_rank(const content *c, const struct area *f, size_t k)
{
    double r = content_is_onet(c, k) ? 0 : 10;
    if (f->riasec) {
        char letter[2] = {f->riasec, 0};
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(c->careers[k].rec, "interests");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, letter);
        if (cJSON_IsNumber(v))
            r += v->valuedouble;
    } else if (f->careers) {
        int pos = 0; /* an area that lists its careers shows them in its own order */
        const cJSON *it;
        cJSON_ArrayForEach(it, f->careers)
        {
            if (cJSON_IsString(it) && !strcmp(it->valuestring, c->careers[k].id))
                break;
            pos++;
        }
        r -= pos;
    } else if (!strncmp(c->careers[k].id, "ai-", 3)) {
        r -= 5;
    }
    return r;
}

/* Ranks the careers of every area once, after all careers (O*NET too) are loaded, so that
 * browsing costs a copy per message. */
void areas_rank(content *c)
{
    for (size_t fi = 0; fi < c->n_areas; fi++) {
        struct area *f = &c->areas[fi];
        double rank[AREA_TOP];
        size_t got = 0;
        f->total = 0;
        /* Insertion into the best AREA_TOP, by rank; equal ranks keep load order (curated by id,
         * then O*NET by code), so the list is the same every time. */
        for (size_t k = 0; k < c->n; k++) {
            if (!in_area(c, f, k))
                continue;
            f->total++;
            double r = area_rank(c, f, k);
            size_t at = got;
            while (at > 0 && rank[at - 1] < r)
                at--;
            if (at >= AREA_TOP)
                continue;
            size_t last = got < AREA_TOP ? got : AREA_TOP - 1;
            for (size_t j = last; j > at; j--) {
                f->top[j] = f->top[j - 1];
                rank[j] = rank[j - 1];
            }
            f->top[at] = (int)k;
            rank[at] = r;
            if (got < AREA_TOP)
                got++;
        }
        f->n_top = got;
    }
}

/* ===================== Lookups ===================== */

/* content_area_find name by name (a strstr each): for a text with more occurrences than the scanner
 * lists. Same answer. */
static int area_find_slow(const content *c, const char *norm, size_t *best_at, size_t *best_len)
{
    int best = -1;
    for (size_t i = 0; i < c->n_areas; i++) {
        for (size_t k = 0; k < c->areas[i].n_names; k++) {
            const char *name = c->areas[i].names[k];
            size_t nl = strlen(name);
            for (const char *p = strstr(norm, name); p; p = strstr(p + 1, name)) {
                bool start = p == norm || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));
                char after = p[nl];
                bool end = !((after >= 'a' && after <= 'z') || (after >= '0' && after <= '9'));
                if (start && end && nl > *best_len) {
                    best = (int)i;
                    *best_len = nl;
                    *best_at = (size_t)(p - norm);
                }
            }
        }
    }
    return best;
}

/* The longest name as whole words; of equally long ones the first in load order, at its first
 * place in the text. */
int content_area_find(const content *c, const char *norm, size_t *at, size_t *len)
{
    int best = -1;
    size_t best_len = 0, best_at = 0;
    int id[64];
    size_t from[64];
    size_t n = c->area_kw ? kwscan_words(c->area_kw, norm, strlen(norm), id, from, 64) : 0;
    if (n > 64) {
        best = area_find_slow(c, norm, &best_at, &best_len);
        n = 0;
    }
    for (size_t k = 0, best_id = 0; k < n; k++) {
        size_t nl = kwscan_len(c->area_kw, id[k]);
        if (best < 0 || nl > best_len ||
            (nl == best_len &&
             (c->area_ord[id[k]] < c->area_ord[best_id] || (id[k] == (int)best_id && from[k] < best_at)))) {
            best = c->area_of[id[k]];
            best_id = (size_t)id[k];
            best_len = nl;
            best_at = from[k];
        }
    }
    if (at)
        *at = best_at;
    if (len)
        *len = best_len;
    return best;
}

const char *content_area_title(const content *c, int area)
{
    return c->areas[area].title;
}

size_t content_area_careers(const content *c, int area, int *out, size_t max)
{
    const struct area *f = &c->areas[area];
    size_t n = f->n_top < max ? f->n_top : max;
    memcpy(out, f->top, n * sizeof *out);
    return f->total;
}

/* Career k's sort key for sort ('p' median pay, 'g' projected growth), or NAN without one. */
static double sort_key(const content *c, size_t k, char sort)
{
    if (sort == 'p')
        return c->careers[k].median >= 0 ? c->careers[k].median : NAN;
    return c->careers[k].change;
}

size_t content_ranked(const content *c, int area, char sort, int max_entry, double min_pay, int *out, size_t max)
{
    size_t total = 0, got = 0;
    for (size_t k = 0; k < c->n; k++) {
        double key = sort_key(c, k, sort);
        if (isnan(key) || (area >= 0 && !in_area(c, &c->areas[area], k)))
            continue;
        if ((max_entry >= 0 && (c->careers[k].entry < 0 || c->careers[k].entry > max_entry)) ||
            (min_pay > 0 && c->careers[k].median < min_pay))
            continue;
        total++;
        size_t at = got;
        while (at > 0 && sort_key(c, (size_t)out[at - 1], sort) < key)
            at--;
        if (at >= max)
            continue;
        size_t last = got < max ? got : max - 1;
        for (size_t j = last; j > at; j--)
            out[j] = out[j - 1];
        out[at] = (int)k;
        if (got < max)
            got++;
    }
    return total;
}

bool content_in_area(const content *c, int area, size_t k)
{
    return area >= 0 && (size_t)area < c->n_areas && in_area(c, &c->areas[area], k);
}

int content_entry(const content *c, size_t k)
{
    return c->careers[k].entry;
}
