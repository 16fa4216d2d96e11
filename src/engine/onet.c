/* onet: see onet.h. */
#include "onet.h"
#include "riasec.h"
#include "text.h"
#include "tsv.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DUTIES 8
#define MAX_SKILLS 10
#define MAX_OTHER_NAMES 8
#define MAX_RELATED 10
#define SHOWN_WEIGHT 100 /* a reported title shown in My Next Move, until even_shared_titles */

/* ===================== Occupations ===================== */

struct occ {
    char code[11];
    cJSON *rec; /* the record being built (owned by the array) */
    int n_duties, n_other, n_related;
    double edu_best; /* highest share of a required-education category so far */
    int edu_cat;
    double scores[RIASEC_TYPES];
    int have_scores;
    int zone;
};

struct loader {
    const char *dir;
    diag *d;
    cJSON *arr;
    struct occ *occ;
    size_t n;
    strmap by_code;
    char *edu_names[16]; /* required-level-of-education category names, 1..12 */
    char *zone_names[6];
};

bool onet_is_code(const char *s)
{
    static const char shape[] = "99-9999.99";
    if (strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == '9' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
            return false;
    return true;
}

static struct occ *find_occ(struct loader *L, const char *code)
{
    int i = strmap_get(&L->by_code, code, strlen(code));
    return i < 0 ? NULL : &L->occ[i];
}

/* Looks up the occupation of a row; a malformed code is an error, an unknown one is skipped. */
static struct occ *row_occ(struct loader *L, tsv *t, int col)
{
    const char *code = t->f[col];
    if (!onet_is_code(code)) {
        diag_report(L->d, t->path, t->line, "\"%s\" is not an O*NET-SOC code", code);
        return NULL;
    }
    return find_occ(L, code);
}

static bool parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v)) /* "nan" and "inf" are no O*NET figures */
        return false;
    *out = v;
    return true;
}

/* Whether the word that ends at p is the head of a noun phrase with a complement after it: "of"
 * ("Supervisors of Retail Sales Workers") or "--" ("Helpers--Carpenters"). */
static bool head_before(const char *p)
{
    return !strncmp(p, " of ", 4) || !strncmp(p, "--", 2);
}

void onet_singular_title(const char *title, sbuf *out)
{
    /* Singular form of the last word of each listed noun phrase: a word followed by the end, a
     * comma, " and " or " or ". "Judges, Magistrate Judges, and Magistrates" → "Judge, Magistrate
     * Judge, and Magistrate". A head noun with a complement is the one made singular, and the
     * complement stays as it is: "First-Line Supervisor of Retail Sales Workers", "Helper--
     * Carpenters". */
    const char *p = title;
    bool frozen = false; /* after "of" or "--": the complement keeps its plurals */
    while (*p) {
        const char *s = p;
        while (*p && *p != ' ' && *p != ',' && *p != '/' && strncmp(p, "--", 2))
            p++;
        size_t n = (size_t)(p - s);
        bool head = !frozen && head_before(p);
        bool last = !frozen && (!*p || *p == ',' || *p == '/' || !strncmp(p, " and ", 5) || !strncmp(p, " or ", 4));
        if ((last || head) && n > 3 && s[n - 1] == 's' && s[n - 2] != 's' && s[n - 2] != 'u' && s[n - 2] != '\'' &&
            !(s[n - 2] == 'c' && s[n - 3] == 'i')) {
            if (n > 4 && !strncmp(s + n - 3, "ies", 3)) {
                sbuf_append(out, s, n - 3);
                sbuf_putc(out, 'y');
            } else if (n > 4 && (!strncmp(s + n - 4, "sses", 4) || !strncmp(s + n - 4, "ches", 4) ||
                                 !strncmp(s + n - 4, "shes", 4) || !strncmp(s + n - 3, "xes", 3))) {
                sbuf_append(out, s, n - 2);
            } else {
                sbuf_append(out, s, n - 1);
            }
        } else {
            sbuf_append(out, s, n);
        }
        frozen = frozen || head;
        while (*p == ' ' || *p == ',' || *p == '/' || *p == '-')
            sbuf_putc(out, *p++);
    }
    if (!out->p)
        sbuf_append(out, "", 0);
}

static int load_occupations(struct loader *L)
{
    tsv t;
    int rc = tsv_open(&t, L->dir, "Occupation Data.txt", L->d);
    if (rc) {
        if (rc > 0)
            diag_report(L->d, t.path, 0, "missing: the O*NET folder needs at least Occupation Data.txt");
        return -1;
    }
    static const char *const cols[] = {"O*NET-SOC Code", "Title", "Description"};
    int c[3];
    if (tsv_columns(&t, cols, c, 3, L->d) < 0) {
        tsv_close(&t);
        return -1;
    }
    size_t cap = 0;
    while (tsv_next(&t, L->d)) {
        const char *code = t.f[c[0]], *title = t.f[c[1]], *desc = t.f[c[2]];
        if (!onet_is_code(code) || !*title) {
            diag_report(L->d, t.path, t.line, "malformed occupation row (code \"%s\")", code);
            continue;
        }
        if (find_occ(L, code)) {
            diag_report(L->d, t.path, t.line, "occupation %s appears twice", code);
            continue;
        }
        if (L->n == cap) {
            cap = cap ? cap * 2 : 1024;
            L->occ = xrealloc(L->occ, cap * sizeof *L->occ);
        }
        struct occ *o = &L->occ[L->n];
        memset(o, 0, sizeof *o);
        memcpy(o->code, code, sizeof o->code);
        o->rec = cJSON_CreateObject();
        sbuf st = SBUF_INIT;
        onet_singular_title(title, &st);
        cJSON_AddStringToObject(o->rec, "id", code);
        cJSON_AddStringToObject(o->rec, "title", st.p);
        cJSON_AddStringToObject(o->rec, "soc", code);
        cJSON_AddStringToObject(o->rec, "source", "onet");
        if (*desc)
            cJSON_AddStringToObject(o->rec, "summary", desc);
        cJSON *aliases = cJSON_AddArrayToObject(o->rec, "aliases");
        cJSON_AddItemToArray(aliases, cJSON_CreateString(title));
        cJSON_AddItemToArray(cJSON_AddArrayToObject(o->rec, "alias_weights"), cJSON_CreateNumber(0));
        sbuf_free(&st);
        cJSON_AddItemToArray(L->arr, o->rec);
        strmap_put(&L->by_code, code, strlen(code), (int)L->n);
        L->n++;
    }
    tsv_close(&t);
    if (!L->n)
        diag_report(L->d, t.path, 0, "no occupations");
    return L->n ? 0 : -1;
}

/* Opens an optional file and its columns. Returns 0 when rows can be read. */
static int open_optional(struct loader *L, tsv *t, const char *name, const char *const *cols, int *idx, size_t n)
{
    int rc = tsv_open(t, L->dir, name, L->d);
    if (rc > 0) {
        diag_warn(L->d, t->path, 0, "missing; loading the rest without it");
        return -1;
    }
    if (rc < 0)
        return -1;
    if (tsv_columns(t, cols, idx, n, L->d) < 0) {
        tsv_close(t);
        return -1;
    }
    return 0;
}

static cJSON *array_of(cJSON *rec, const char *name)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(rec, name);
    return a ? a : cJSON_AddArrayToObject(rec, name);
}

/* How strongly a title names its occupation, 1 to 9: the number of sources that report it
 * ("Source(s)": "02,04,10" is 3), or 2 for a reported title shown in My Next Move ("Y"). When two
 * occupations share an alternate title, the one more sources give it to is the one meant. */
static int title_weight(const tsv *t, int col)
{
    const char *v = col >= 0 ? t->f[col] : "";
    if (!strcmp(v, "Y"))
        return SHOWN_WEIGHT;
    int n = *v && strcmp(v, "N") ? 1 : 0;
    for (; *v; v++)
        n += *v == ',';
    return n < 1 ? 1 : n > 9 ? 9 : n;
}

static void load_titles(struct loader *L, const char *file, const char *col, const char *weight_col)
{
    tsv t;
    const char *const cols[] = {"O*NET-SOC Code", col};
    int c[2];
    if (open_optional(L, &t, file, cols, c, 2) < 0)
        return;
    int wc = tsv_column(&t, weight_col);
    while (tsv_next(&t, L->d)) {
        struct occ *o = row_occ(L, &t, c[0]);
        const char *title = t.f[c[1]];
        if (!o || !*title)
            continue;
        cJSON_AddItemToArray(array_of(o->rec, "aliases"), cJSON_CreateString(title));
        cJSON_AddItemToArray(array_of(o->rec, "alias_weights"), cJSON_CreateNumber(title_weight(&t, wc)));
        /* The first few titles that read as job titles are shown as other names. */
        if (o->n_other < MAX_OTHER_NAMES && strlen(title) < 48 && !strchr(title, '(')) {
            cJSON_AddItemToArray(array_of(o->rec, "other_names"), cJSON_CreateString(title));
            o->n_other++;
        }
    }
    tsv_close(&t);
}

static void load_tasks(struct loader *L)
{
    tsv t;
    static const char *const cols[] = {"O*NET-SOC Code", "Task", "Task Type"};
    int c[3];
    if (open_optional(L, &t, "Task Statements.txt", cols, c, 3) < 0)
        return;
    while (tsv_next(&t, L->d)) {
        struct occ *o = row_occ(L, &t, c[0]);
        if (!o || o->n_duties >= MAX_DUTIES || !*t.f[c[1]])
            continue;
        /* Core tasks come first in the file for each occupation; supplemental ones only fill up. */
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "text", t.f[c[1]]);
        cJSON_AddItemToArray(array_of(o->rec, "duties"), item);
        o->n_duties++;
    }
    tsv_close(&t);
}

static void load_skills(struct loader *L)
{
    tsv t;
    static const char *const cols[] = {"O*NET-SOC Code", "Example", "Hot Technology"};
    int c[3];
    if (open_optional(L, &t, "Technology Skills.txt", cols, c, 3) < 0)
        return;
    /* Hot technologies first, then the others, MAX_SKILLS in all. */
    cJSON **hot = xcalloc(L->n ? L->n : 1, sizeof *hot);
    cJSON **other = xcalloc(L->n ? L->n : 1, sizeof *other);
    while (tsv_next(&t, L->d)) {
        struct occ *o = row_occ(L, &t, c[0]);
        if (!o || !*t.f[c[1]])
            continue;
        size_t k = (size_t)(o - L->occ);
        cJSON **list = !strcmp(t.f[c[2]], "Y") ? &hot[k] : &other[k];
        if (!*list)
            *list = cJSON_CreateArray();
        if (cJSON_GetArraySize(*list) < MAX_SKILLS)
            cJSON_AddItemToArray(*list, cJSON_CreateString(t.f[c[1]]));
    }
    tsv_close(&t);
    for (size_t k = 0; k < L->n; k++) {
        if (!hot[k] && !other[k])
            continue;
        cJSON *skills = array_of(L->occ[k].rec, "skills");
        for (int pass = 0; pass < 2; pass++) {
            cJSON *from = pass ? other[k] : hot[k];
            cJSON *it;
            while (from && cJSON_GetArraySize(skills) < MAX_SKILLS && (it = cJSON_DetachItemFromArray(from, 0)))
                cJSON_AddItemToArray(skills, it);
            cJSON_Delete(from);
        }
    }
    free(hot);
    free(other);
}

static void load_interests(struct loader *L)
{
    tsv t;
    static const char *const cols[] = {"O*NET-SOC Code", "Element Name", "Scale ID", "Data Value"};
    int c[4];
    if (open_optional(L, &t, "Interests.txt", cols, c, 4) < 0)
        return;
    while (tsv_next(&t, L->d)) {
        struct occ *o = row_occ(L, &t, c[0]);
        if (!o || strcmp(t.f[c[2]], "OI"))
            continue;
        double v;
        if (!parse_number(t.f[c[3]], &v) || v < 0 || v > 7) {
            diag_report(L->d, t.path, t.line, "\"%s\" is not an interest score", t.f[c[3]]);
            continue;
        }
        for (int i = 0; i < RIASEC_TYPES; i++)
            if (!strcmp(t.f[c[1]], riasec_onet_name(i))) {
                o->scores[i] = v;
                o->have_scores |= 1 << i;
            }
    }
    tsv_close(&t);
    for (size_t i = 0; i < L->n; i++) {
        struct occ *o = &L->occ[i];
        if (o->have_scores != 63)
            continue;
        cJSON *sc = cJSON_AddObjectToObject(o->rec, "interests");
        int order[RIASEC_TYPES];
        for (int k = 0; k < RIASEC_TYPES; k++) {
            char key[2] = {riasec_letter(k), 0};
            cJSON_AddNumberToObject(sc, key, o->scores[k]);
        }
        riasec_order(o->scores, order);
        char code[4] = {riasec_letter(order[0]), riasec_letter(order[1]), riasec_letter(order[2]), 0};
        cJSON_AddStringToObject(o->rec, "riasec", code);
    }
}

static void load_zones(struct loader *L)
{
    tsv t;
    static const char *const rcols[] = {"Job Zone", "Name"};
    int c[2];
    if (open_optional(L, &t, "Job Zone Reference.txt", rcols, c, 2) == 0) {
        while (tsv_next(&t, L->d)) {
            int z = atoi(t.f[c[0]]);
            const char *name = strstr(t.f[c[1]], ": ");
            if (z >= 1 && z <= 5 && !L->zone_names[z])
                L->zone_names[z] = xstrdup(name ? name + 2 : t.f[c[1]]);
        }
        tsv_close(&t);
    }
    static const char *const cols[] = {"O*NET-SOC Code", "Job Zone"};
    if (open_optional(L, &t, "Job Zones.txt", cols, c, 2) < 0)
        return;
    while (tsv_next(&t, L->d)) {
        struct occ *o = row_occ(L, &t, c[0]);
        double z;
        if (!parse_number(t.f[c[1]], &z) || z < 1 || z > 5 || z != (int)z) {
            diag_report(L->d, t.path, t.line, "\"%s\" is not a job zone (1 to 5)", t.f[c[1]]);
            continue;
        }
        if (o) {
            o->zone = (int)z;
            cJSON_AddNumberToObject(o->rec, "job_zone", z);
        }
    }
    tsv_close(&t);
}

static void load_education(struct loader *L)
{
    tsv t;
    static const char *const ccols[] = {"Scale ID", "Category", "Category Description"};
    int c[4];
    if (open_optional(L, &t, "Education, Training, and Experience Categories.txt", ccols, c, 3) == 0) {
        while (tsv_next(&t, L->d)) {
            int cat = atoi(t.f[c[1]]);
            if (strcmp(t.f[c[0]], "RL") || cat < 1 || cat > 12 || L->edu_names[cat])
                continue;
            /* "Bachelor's Degree", not the long explanation after " - " or " (". */
            char *desc = t.f[c[2]];
            char *cut = strstr(desc, " - ");
            if (cut)
                *cut = '\0';
            if ((cut = strstr(desc, " (")))
                *cut = '\0';
            L->edu_names[cat] = xstrdup(desc);
        }
        tsv_close(&t);
    }
    static const char *const cols[] = {"O*NET-SOC Code", "Scale ID", "Category", "Data Value"};
    if (open_optional(L, &t, "Education, Training, and Experience.txt", cols, c, 4) < 0)
        return;
    while (tsv_next(&t, L->d)) {
        struct occ *o = row_occ(L, &t, c[0]);
        if (!o || strcmp(t.f[c[1]], "RL"))
            continue;
        double v;
        int cat = atoi(t.f[c[2]]);
        if (!parse_number(t.f[c[3]], &v) || cat < 1 || cat > 12) {
            diag_report(L->d, t.path, t.line, "malformed education row");
            continue;
        }
        if (v > o->edu_best) {
            o->edu_best = v;
            o->edu_cat = cat;
        }
    }
    tsv_close(&t);
}

static void load_related(struct loader *L)
{
    tsv t;
    static const char *const cols[] = {"O*NET-SOC Code", "Related O*NET-SOC Code"};
    int c[2];
    if (open_optional(L, &t, "Related Occupations.txt", cols, c, 2) < 0)
        return;
    while (tsv_next(&t, L->d)) {
        struct occ *o = row_occ(L, &t, c[0]);
        const char *rel = t.f[c[1]];
        if (!onet_is_code(rel)) {
            diag_report(L->d, t.path, t.line, "\"%s\" is not an O*NET-SOC code", rel);
            continue;
        }
        if (!o || o->n_related >= MAX_RELATED || !find_occ(L, rel) || !strcmp(rel, o->code))
            continue;
        cJSON_AddItemToArray(array_of(o->rec, "related"), cJSON_CreateString(rel));
        o->n_related++;
    }
    tsv_close(&t);
}

/* The values of an education sentence's slots. */
struct edu_slots {
    const char *level, *zone_name;
    char percent[16], zone[4];
};

static const char *edu_slot(void *ud, const char *name, size_t *len)
{
    const struct edu_slots *v = ud;
    const char *r = !strcmp(name, "level")       ? v->level
                    : !strcmp(name, "percent")   ? v->percent
                    : !strcmp(name, "zone")      ? v->zone
                    : !strcmp(name, "zone_name") ? v->zone_name
                                                 : NULL;
    if (r)
        *len = strlen(r);
    return r;
}

/* Education in our own words (content/onet.json), from the facts: the most common required level
 * and the job zone. */
static void write_education(struct loader *L, const onet_texts *texts)
{
    for (size_t i = 0; i < L->n && texts; i++) {
        struct occ *o = &L->occ[i];
        sbuf b = SBUF_INIT;
        struct edu_slots v = {NULL, NULL, "", ""};
        tpl_ctx ctx = {NULL, -1, -1, -1, edu_slot, &v};
        if (texts->education && o->edu_cat && L->edu_names[o->edu_cat]) {
            v.level = L->edu_names[o->edu_cat];
            snprintf(v.percent, sizeof v.percent, "%.0f", o->edu_best);
            tpl_render(texts->education, &ctx, &b);
        }
        if (texts->zone && o->zone && L->zone_names[o->zone]) {
            v.zone_name = L->zone_names[o->zone];
            snprintf(v.zone, sizeof v.zone, "%d", o->zone);
            if (b.len)
                sbuf_putc(&b, ' ');
            tpl_render(texts->zone, &ctx, &b);
        }
        if (b.len)
            cJSON_AddStringToObject(o->rec, "education", b.p);
        sbuf_free(&b);
    }
}

/* Lower-cases title into buf (size n). */
static const char *title_key(const char *title, char *buf, size_t n)
{
    size_t k = 0;
    for (; title[k] && k + 1 < n; k++)
        buf[k] = (char)(title[k] >= 'A' && title[k] <= 'Z' ? title[k] + 32 : title[k]);
    buf[k] = '\0';
    return buf;
}

/* A title that My Next Move shows for two occupations or more ("Conductor": music and railroad) is
 * truly shared, however many sources give it to one of them: every alias with that title gets the
 * same weight, so the name asks which is meant. Reported titles shown there carry SHOWN_WEIGHT
 * until now; afterwards 2. */
static void even_shared_titles(struct loader *L)
{
    strmap shown = {0};
    char key[256];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < L->n; i++) {
            const cJSON *al = cJSON_GetObjectItemCaseSensitive(L->occ[i].rec, "aliases");
            cJSON *w = cJSON_GetObjectItemCaseSensitive(L->occ[i].rec, "alias_weights");
            for (int k = 1; k < cJSON_GetArraySize(al) && k < cJSON_GetArraySize(w); k++) {
                cJSON *wk = cJSON_GetArrayItem(w, k);
                title_key(cJSON_GetStringValue(cJSON_GetArrayItem(al, k)), key, sizeof key);
                int seen = strmap_get(&shown, key, strlen(key));
                if (pass == 0 && wk->valueint == SHOWN_WEIGHT)
                    strmap_put(&shown, key, strlen(key), seen < 0 ? 1 : seen + 1);
                else if (pass == 1)
                    cJSON_SetNumberValue(wk, seen >= 2 ? 1 : wk->valueint == SHOWN_WEIGHT ? 2 : wk->valueint);
            }
        }
    }
    strmap_free(&shown);
}

cJSON *onet_load(const char *dir, const onet_texts *texts, diag *d)
{
    struct loader L;
    memset(&L, 0, sizeof L);
    L.dir = dir;
    L.d = d;
    L.arr = cJSON_CreateArray();
    if (load_occupations(&L) < 0) {
        cJSON_Delete(L.arr);
        L.arr = NULL;
        goto out;
    }
    load_titles(&L, "Alternate Titles.txt", "Alternate Title", "Source(s)");
    load_titles(&L, "Sample of Reported Titles.txt", "Reported Job Title", "Shown in My Next Move");
    even_shared_titles(&L);
    load_tasks(&L);
    load_skills(&L);
    load_interests(&L);
    load_zones(&L);
    load_education(&L);
    load_related(&L);
    write_education(&L, texts);
out:
    free(L.occ);
    strmap_free(&L.by_code);
    for (int i = 0; i < 16; i++)
        free(L.edu_names[i]);
    for (int i = 0; i < 6; i++)
        free(L.zone_names[i]);
    return L.arr;
}
