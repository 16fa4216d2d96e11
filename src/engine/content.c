/* content: see content.h. */
#include "content.h"
#include "jsondoc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTENT_MAX_NAME_WORDS 8 /* longest name, in words, the alias index will look for */

struct career {
    const cJSON *rec;  /* borrowed from doc */
    const char *id;    /* borrowed from rec */
    const char *title; /* borrowed from rec */
    jsondoc *doc;      /* owned */
};

struct content {
    struct career *careers;
    size_t n, cap;
    strmap by_id;   /* id → index */
    strmap by_name; /* normalised name key → index */
    text_abbrev *abbrevs;
    size_t n_abbrevs;
    jsondoc *abbrev_doc; /* owns the abbreviation strings */
};

/* ===================== The schema of a career record ===================== */

struct field_rule {
    const char *name;
    content_kind kind;
    bool required;
    int min, max; /* item count for lists, value range for ints; 0,0 = no bound */
};

static const struct field_rule career_fields[] = {
    {"id", CK_STRING, true, 0, 0},
    {"title", CK_STRING, true, 0, 0},
    {"other_names", CK_STRLIST, false, 0, 20},
    {"summary", CK_TEXT, true, 0, 0},
    {"duties", CK_ITEMS, true, 4, 8},
    {"specialisations", CK_ITEMS, false, 1, 12},
    {"workplace", CK_TEXT, true, 0, 0},
    {"education", CK_TEXT, false, 0, 0},
    {"skills", CK_STRLIST, false, 1, 30},
    {"related", CK_REFS, false, 1, 10},
    {"soc", CK_STRING, false, 0, 0},
    {"profile_from", CK_STRING, false, 0, 0},
    {"job_zone", CK_INT, false, 1, 5},
    {"riasec", CK_STRING, false, 0, 0},
    {"interests", CK_SCORES, false, 1, 7},
};

#define N_FIELDS (sizeof career_fields / sizeof career_fields[0])

int content_field_kind(const char *field)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strcmp(career_fields[i].name, field) == 0)
            return (int)career_fields[i].kind;
    return -1;
}

static bool nonblank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n')
            return true;
    return false;
}

static bool is_slug(const char *s)
{
    if (!*s || *s == '-')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return s[-1] != '-';
}

static bool is_soc(const char *s)
{
    /* NN-NNNN.NN */
    static const char shape[] = "99-9999.99";
    if (strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == '9' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
            return false;
    return true;
}

static bool is_riasec(const char *s)
{
    if (strlen(s) != 3)
        return false;
    for (int i = 0; i < 3; i++) {
        if (!strchr("RIASEC", s[i]))
            return false;
        for (int j = 0; j < i; j++)
            if (s[j] == s[i])
                return false;
    }
    return true;
}

/* Checks one field's value against its rule. */
static void check_field(const struct field_rule *r, const cJSON *v, const jsondoc *doc, diag *d)
{
    const char *file = jsondoc_path(doc);
    int line = jsondoc_line(doc, v);
    switch (r->kind) {
    case CK_STRING:
    case CK_TEXT:
        if (!cJSON_IsString(v) || !nonblank(v->valuestring)) {
            diag_report(d, file, line, "\"%s\" must be a non-empty string", r->name);
            return;
        }
        if (strchr(v->valuestring, '<'))
            diag_report(d, file, line, "\"%s\" contains '<': content is plain text, not HTML", r->name);
        if (!strcmp(r->name, "soc") || !strcmp(r->name, "profile_from")) {
            if (!is_soc(v->valuestring))
                diag_report(d, file, line, "\"%s\" must look like 15-2051.00, not \"%s\"", r->name,
                            v->valuestring);
        } else if (!strcmp(r->name, "riasec") && !is_riasec(v->valuestring)) {
            diag_report(d, file, line, "\"riasec\" must be three different letters of RIASEC, not \"%s\"",
                        v->valuestring);
        }
        return;
    case CK_INT:
        if (!cJSON_IsNumber(v) || v->valuedouble != (double)v->valueint || v->valueint < r->min ||
            v->valueint > r->max)
            diag_report(d, file, line, "\"%s\" must be a whole number from %d to %d", r->name, r->min,
                        r->max);
        return;
    case CK_SCORES: {
        bool ok = cJSON_IsObject(v) && cJSON_GetArraySize(v) == 6;
        for (const char *k = "RIASEC"; ok && *k; k++) {
            char key[2] = {*k, 0};
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(v, key);
            ok = cJSON_IsNumber(x) && x->valuedouble >= r->min && x->valuedouble <= r->max;
        }
        if (!ok)
            diag_report(d, file, line, "\"%s\" must be {\"R\", \"I\", \"A\", \"S\", \"E\", \"C\"} with scores from %d to %d",
                        r->name, r->min, r->max);
        return;
    }
    case CK_STRLIST:
    case CK_ITEMS:
    case CK_REFS:
        break;
    }
    if (!cJSON_IsArray(v)) {
        diag_report(d, file, line, "\"%s\" must be an array", r->name);
        return;
    }
    int n = cJSON_GetArraySize(v);
    if (r->max && (n < r->min || n > r->max))
        diag_report(d, file, line, "\"%s\" must have %d to %d entries, not %d", r->name, r->min, r->max, n);
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        int iline = jsondoc_line(doc, it);
        if (r->kind == CK_STRLIST || r->kind == CK_REFS) {
            if (!cJSON_IsString(it) || !nonblank(it->valuestring))
                diag_report(d, file, iline, "entries of \"%s\" must be non-empty strings", r->name);
            else if (r->kind == CK_REFS && !is_slug(it->valuestring))
                diag_report(d, file, iline, "\"%s\" entry \"%s\" is not a career id", r->name, it->valuestring);
            continue;
        }
        if (!cJSON_IsObject(it)) {
            diag_report(d, file, iline, "entries of \"%s\" must be objects with \"name\" and \"text\"", r->name);
            continue;
        }
        const cJSON *f;
        cJSON_ArrayForEach(f, it)
        {
            if (strcmp(f->string, "name") && strcmp(f->string, "text") && strcmp(f->string, "career"))
                diag_report(d, file, jsondoc_line(doc, f), "unknown field \"%s\" in an entry of \"%s\"",
                            f->string, r->name);
            else if (!cJSON_IsString(f) || !nonblank(f->valuestring))
                diag_report(d, file, jsondoc_line(doc, f), "\"%s\" must be a non-empty string", f->string);
        }
        if (!cJSON_GetObjectItemCaseSensitive(it, "name") || !cJSON_GetObjectItemCaseSensitive(it, "text"))
            diag_report(d, file, iline, "each entry of \"%s\" needs \"name\" and \"text\"", r->name);
    }
}

/* The interest code names the three highest scores, highest first (ties in either order). */
static void check_riasec_order(const cJSON *rec, const jsondoc *doc, diag *d)
{
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(rec, "riasec");
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(rec, "interests");
    if (!cJSON_IsString(code) || !is_riasec(code->valuestring) || !cJSON_IsObject(sc))
        return;
    double v[3];
    for (int i = 0; i < 3; i++) {
        char key[2] = {code->valuestring[i], 0};
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(sc, key);
        if (!cJSON_IsNumber(x))
            return;
        v[i] = x->valuedouble;
    }
    bool ok = v[0] >= v[1] && v[1] >= v[2];
    const cJSON *x;
    cJSON_ArrayForEach(x, sc)
    {
        if (cJSON_IsNumber(x) && x->string && !strchr(code->valuestring, x->string[0]) && x->valuedouble > v[2])
            ok = false;
    }
    if (!ok)
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, code),
                    "\"riasec\" \"%s\" is not the three highest \"interests\", highest first", code->valuestring);
}

/* Validates a record; returns true when it can be used. */
static bool check_record(const jsondoc *doc, const char *fname, diag *d)
{
    const cJSON *rec = jsondoc_root(doc);
    const char *file = jsondoc_path(doc);
    int before = d->errors;
    if (!cJSON_IsObject(rec)) {
        diag_report(d, file, jsondoc_line(doc, rec), "a career record must be a JSON object");
        return false;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, rec)
    {
        const struct field_rule *r = NULL;
        for (size_t i = 0; i < N_FIELDS; i++)
            if (strcmp(career_fields[i].name, f->string) == 0)
                r = &career_fields[i];
        if (!r) {
            diag_report(d, file, jsondoc_line(doc, f), "unknown field \"%s\"", f->string);
            continue;
        }
        /* cJSON keeps duplicate keys and finds the first: a second one would be silently ignored. */
        for (const cJSON *g = rec->child; g != f; g = g->next)
            if (strcmp(g->string, f->string) == 0)
                diag_report(d, file, jsondoc_line(doc, f), "field \"%s\" appears twice", f->string);
        check_field(r, f, doc, d);
    }
    for (size_t i = 0; i < N_FIELDS; i++)
        if (career_fields[i].required && !cJSON_GetObjectItemCaseSensitive(rec, career_fields[i].name))
            diag_report(d, file, jsondoc_line(doc, rec), "missing required field \"%s\"", career_fields[i].name);
    check_riasec_order(rec, doc, d);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
    if (cJSON_IsString(id)) {
        size_t n = strlen(fname) - 5; /* without ".json" */
        if (!is_slug(id->valuestring))
            diag_report(d, file, jsondoc_line(doc, id), "id \"%s\" must be a slug: a-z, 0-9 and '-'", id->valuestring);
        else if (strlen(id->valuestring) != n || strncmp(id->valuestring, fname, n) != 0)
            diag_report(d, file, jsondoc_line(doc, id), "id \"%s\" must match the file name \"%s\"", id->valuestring, fname);
    }
    return d->errors == before;
}

/* ===================== Loading ===================== */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_abbrevs(content *c, const char *dir, diag *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/abbreviations.json", dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return; /* optional */
    fclose(f);
    char err[512];
    jsondoc *doc = jsondoc_load(path, err, sizeof err);
    if (!doc) {
        diag_report(d, path, 0, "%s", err);
        return;
    }
    const cJSON *root = jsondoc_root(doc);
    const cJSON *tab = cJSON_GetObjectItemCaseSensitive(root, "abbreviations");
    if (!cJSON_IsObject(root) || !cJSON_IsObject(tab) || cJSON_GetArraySize(root) != 1) {
        diag_report(d, path, 1, "expected {\"abbreviations\": {\"short\": \"long form\", ...}}");
        jsondoc_free(doc);
        return;
    }
    c->abbrevs = xcalloc((size_t)cJSON_GetArraySize(tab) + 1, sizeof *c->abbrevs);
    const cJSON *e;
    cJSON_ArrayForEach(e, tab)
    {
        bool ok = cJSON_IsString(e) && nonblank(e->valuestring) && *e->string;
        for (const char *k = e->string; ok && *k; k++)
            ok = (*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9');
        if (!ok) {
            diag_report(d, path, jsondoc_line(doc, e),
                        "abbreviation \"%s\" must be one lower-case word mapped to a non-empty string", e->string);
            continue;
        }
        c->abbrevs[c->n_abbrevs].key = e->string;
        c->abbrevs[c->n_abbrevs].value = e->valuestring;
        c->n_abbrevs++;
    }
    c->abbrev_doc = doc;
}

/* Adds one name of career idx to the alias index, reporting clashes. */
static void index_name(content *c, size_t idx, const char *name, const jsondoc *doc, const cJSON *node, diag *d)
{
    sbuf key = SBUF_INIT;
    text_name_key(name, c->abbrevs, c->n_abbrevs, &key);
    size_t words = key.len ? 1 : 0;
    for (size_t i = 0; i < key.len; i++)
        words += key.p[i] == ' ';
    if (!key.len) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, node), "name \"%s\" has no letters to match", name);
    } else if (words > CONTENT_MAX_NAME_WORDS) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, node), "name \"%s\" is longer than %d words", name,
                    CONTENT_MAX_NAME_WORDS);
    } else {
        int other = strmap_get(&c->by_name, key.p, key.len);
        if (other >= 0 && (size_t)other != idx)
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, node),
                        "name \"%s\" (\"%s\") is already a name of %s", name, key.p, c->careers[other].id);
        else
            strmap_put(&c->by_name, key.p, key.len, (int)idx);
    }
    sbuf_free(&key);
}

/* Every career id a record refers to must exist. */
static void check_refs(content *c, diag *d)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct career *k = &c->careers[i];
        const cJSON *rel = cJSON_GetObjectItemCaseSensitive(k->rec, "related");
        const cJSON *it;
        cJSON_ArrayForEach(it, rel)
        {
            if (!cJSON_IsString(it))
                continue;
            if (content_find_id(c, it->valuestring) < 0)
                diag_report(d, jsondoc_path(k->doc), jsondoc_line(k->doc, it),
                            "related career \"%s\" does not exist", it->valuestring);
            else if (strcmp(it->valuestring, k->id) == 0)
                diag_report(d, jsondoc_path(k->doc), jsondoc_line(k->doc, it), "a career cannot relate to itself");
        }
        const cJSON *specs = cJSON_GetObjectItemCaseSensitive(k->rec, "specialisations");
        cJSON_ArrayForEach(it, specs)
        {
            const cJSON *ref = cJSON_GetObjectItemCaseSensitive(it, "career");
            if (cJSON_IsString(ref) && content_find_id(c, ref->valuestring) < 0)
                diag_report(d, jsondoc_path(k->doc), jsondoc_line(k->doc, ref),
                            "specialisation career \"%s\" does not exist", ref->valuestring);
        }
    }
}

content *content_load(const char *dir, diag *d)
{
    content *c = xcalloc(1, sizeof *c);
    int before = d->errors;
    load_abbrevs(c, dir, d);

    char cdir[4096];
    snprintf(cdir, sizeof cdir, "%s/careers", dir);
    DIR *dh = opendir(cdir);
    if (!dh) {
        diag_report(d, cdir, 0, "cannot open the careers folder");
        content_free(c);
        return NULL;
    }
    char **names = NULL;
    size_t n_names = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0 && de->d_name[0] != '.') {
            names = xrealloc(names, (n_names + 1) * sizeof *names);
            names[n_names++] = xstrdup(de->d_name);
        }
    }
    closedir(dh);
    qsort(names, n_names, sizeof *names, cmp_str);

    for (size_t i = 0; i < n_names; i++) {
        char path[8192];
        char err[512];
        snprintf(path, sizeof path, "%s/%s", cdir, names[i]);
        jsondoc *doc = jsondoc_load(path, err, sizeof err);
        if (!doc) {
            diag_report(d, path, 0, "%s", err);
        } else if (!check_record(doc, names[i], d)) {
            jsondoc_free(doc);
        } else {
            if (c->n == c->cap) {
                c->cap = c->cap ? c->cap * 2 : 64;
                c->careers = xrealloc(c->careers, c->cap * sizeof *c->careers);
            }
            struct career *k = &c->careers[c->n];
            k->doc = doc;
            k->rec = jsondoc_root(doc);
            k->id = cJSON_GetObjectItemCaseSensitive(k->rec, "id")->valuestring;
            k->title = cJSON_GetObjectItemCaseSensitive(k->rec, "title")->valuestring;
            strmap_put(&c->by_id, k->id, strlen(k->id), (int)c->n);
            c->n++;
        }
        free(names[i]);
    }
    free(names);
    if (c->n == 0 && d->errors == before)
        diag_report(d, cdir, 0, "no career records (*.json) found");

    for (size_t i = 0; i < c->n; i++) {
        struct career *k = &c->careers[i];
        index_name(c, i, k->title, k->doc, cJSON_GetObjectItemCaseSensitive(k->rec, "title"), d);
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(k->rec, "other_names"))
            index_name(c, i, it->valuestring, k->doc, it, d);
    }
    check_refs(c, d);
    if (d->errors != before) {
        content_free(c);
        return NULL;
    }
    return c;
}

void content_free(content *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        jsondoc_free(c->careers[i].doc);
    free(c->careers);
    strmap_free(&c->by_id);
    strmap_free(&c->by_name);
    free(c->abbrevs);
    jsondoc_free(c->abbrev_doc);
    free(c);
}

/* ===================== Lookups ===================== */

size_t content_count(const content *c)
{
    return c->n;
}

const cJSON *content_record(const content *c, size_t i)
{
    return c->careers[i].rec;
}

const char *content_id(const content *c, size_t i)
{
    return c->careers[i].id;
}

const char *content_title(const content *c, size_t i)
{
    return c->careers[i].title;
}

int content_find_id(const content *c, const char *id)
{
    return strmap_get(&c->by_id, id, strlen(id));
}

int content_find_name(const content *c, const text_words *w, size_t from, size_t to, size_t *wfrom, size_t *wto)
{
    sbuf key = SBUF_INIT;
    int found = -1;
    for (size_t i = from; i < to && found < 0; i++) {
        size_t longest = to - i < CONTENT_MAX_NAME_WORDS ? to - i : CONTENT_MAX_NAME_WORDS;
        for (size_t n = longest; n >= 1; n--) {
            text_words_key(w, i, i + n, &key);
            int k = strmap_get(&c->by_name, key.p, key.len);
            if (k >= 0) {
                found = k;
                *wfrom = i;
                *wto = i + n;
                break;
            }
        }
    }
    sbuf_free(&key);
    return found;
}

const text_abbrev *content_abbrevs(const content *c, size_t *n)
{
    *n = c->n_abbrevs;
    return c->abbrevs;
}
