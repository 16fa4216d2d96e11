/* content: see content.h. */
#include "content.h"
#include "jsondoc.h"
#include "names.h"
#include "onet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Strength of a name in the index: a curated name hides an O*NET title, which hides an O*NET
 * alternate title. */
enum { NAME_DISCIPLINE = CONTENT_NAME_DISCIPLINE, NAME_ONET_ALIAS = 1, NAME_ONET_TITLE = 2, NAME_CURATED = 3 };

#define N_CAREER_FIELDS 17 /* career_fields below */

struct career {
    const cJSON *rec;  /* borrowed from doc, or owned (O*NET) */
    const cJSON *field[N_CAREER_FIELDS]; /* rec's fields by career_fields index, once loading is done */
    const char *id;    /* borrowed from rec */
    const char *title; /* borrowed from rec */
    jsondoc *doc;      /* owned; NULL for an O*NET occupation */
    cJSON *own;        /* an O*NET record, owned */
};

#define FIELD_TOP 64 /* careers of a field kept in order; lists show fewer */

static void rank_fields(content *c);

struct field {
    const char *title;     /* borrowed from fields_doc */
    const char **names;    /* lower-case names, borrowed */
    size_t n_names;
    const cJSON *careers;  /* ids, or NULL */
    const cJSON *soc;      /* code prefixes, or NULL */
    const cJSON *id_contains;
    char riasec;           /* first letter of the interest code, or 0 */
    int zone_max;          /* highest job zone, or 0 */
    int top[FIELD_TOP];    /* its best careers in order, worked out once when everything is loaded */
    size_t n_top;
    size_t total;          /* careers in the field */
};

struct content {
    struct field *fields;
    size_t n_fields;
    jsondoc *fields_doc;
    struct career *careers;
    size_t n, cap;
    size_t n_curated;   /* careers[0..n_curated) come from content/, the rest from O*NET */
    strmap by_id;       /* id → index */
    strmap by_soc;      /* O*NET-SOC code of a curated career ("soc") → index */
    names *names;       /* every title and other name → career */
    text_abbrev *abbrevs;
    size_t n_abbrevs;
    jsondoc *abbrev_doc; /* owns the abbreviation strings */
    jsondoc *stop_doc;   /* the stop words */
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
    {"shared_names", CK_STRLIST, false, 1, 20}, /* names other careers may have too: "did you mean" */
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
    {"source", CK_STRING, false, 0, 0}, /* "onet" on O*NET occupations; not for content/ */
};

#define N_FIELDS (sizeof career_fields / sizeof career_fields[0])
_Static_assert(N_FIELDS == N_CAREER_FIELDS, "N_CAREER_FIELDS must count career_fields");

/* The index of a field in career_fields, or -1; the first letter is compared first, since this
 * runs for every field a reply shows. */
static int field_index(const char *field)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (career_fields[i].name[0] == field[0] && strcmp(career_fields[i].name, field) == 0)
            return (int)i;
    return -1;
}

int content_field_kind(const char *field)
{
    int i = field_index(field);
    return i < 0 ? -1 : (int)career_fields[i].kind;
}

const cJSON *content_get(const content *c, size_t career, const char *field)
{
    int i = field_index(field);
    return i < 0 ? NULL : c->careers[career].field[i];
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
            if (!onet_is_code(v->valuestring))
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
        if (!r || !strcmp(r->name, "source")) {
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

/* Loads dir/name when it exists (path gets its full name). NULL when it is missing (fine: these
 * files are optional) or broken (reported). */
static jsondoc *load_optional(const char *dir, const char *name, diag *d, char *path, size_t plen)
{
    snprintf(path, plen, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fclose(f);
    char err[512];
    jsondoc *doc = jsondoc_load(path, err, sizeof err);
    if (!doc)
        diag_report(d, path, 0, "%s", err);
    return doc;
}

static void load_abbrevs(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = load_optional(dir, "abbreviations.json", d, path, sizeof path);
    if (!doc)
        return;
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
    text_abbrev_sort(c->abbrevs, c->n_abbrevs);
    c->abbrev_doc = doc;
}

/* Adds one name (words) of career idx; returns the career it clashes with at equal strength. */
static int add_words(content *c, const char *name, size_t len, size_t idx, int strength)
{
    sbuf norm = SBUF_INIT;
    text_normalise(name, len, &norm);
    text_words w = {0};
    text_words_split(norm.p, norm.len, c->abbrevs, c->n_abbrevs, &w);
    int clash = -1;
    if (w.n && w.n <= NAMES_MAX_WORDS)
        clash = names_add(c->names, &w, 0, w.n, (int)idx, strength);
    text_words_free(&w);
    sbuf_free(&norm);
    return clash;
}

/* Adds a name of career idx to the index: the name as written, and for an O*NET title such as
 * "Chief Executive Officer (CEO)" also "Chief Executive Officer" and "CEO". Curated names that
 * clash are reported. */
static void index_name(content *c, size_t idx, const char *name, int strength, const jsondoc *doc, const cJSON *node,
                       diag *d)
{
    int clash = add_words(c, name, strlen(name), idx, strength);
    /* O*NET titles carry short forms in parentheses; curated records list theirs as names. */
    const char *open = strength < NAME_CURATED ? strchr(name, '(') : NULL;
    const char *close = open ? strchr(open, ')') : NULL;
    if (open && close) {
        sbuf outer = SBUF_INIT;
        sbuf_append(&outer, name, (size_t)(open - name));
        sbuf_puts(&outer, close + 1);
        int c2 = add_words(c, outer.p, outer.len, idx, strength);
        int c3 = add_words(c, open + 1, (size_t)(close - open - 1), idx, strength);
        if (clash < 0)
            clash = c2 >= 0 ? c2 : c3;
        sbuf_free(&outer);
    }
    if (clash >= 0 && strength == NAME_CURATED && doc) {
        sbuf key = SBUF_INIT;
        text_name_key(name, c->abbrevs, c->n_abbrevs, &key);
        if (!key.len)
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, node), "name \"%s\" has no letters to match", name);
        else
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, node), "name \"%s\" (\"%s\") is already a name of %s",
                        name, key.p, c->careers[clash].id);
        sbuf_free(&key);
    }
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
        const cJSON *soc = cJSON_GetObjectItemCaseSensitive(k->rec, "soc");
        if (cJSON_IsString(soc)) {
            int other = strmap_get(&c->by_soc, soc->valuestring, strlen(soc->valuestring));
            if (other >= 0 && (size_t)other != i)
                diag_report(d, jsondoc_path(k->doc), jsondoc_line(k->doc, soc),
                            "soc %s is already the soc of %s (use \"profile_from\" for a role that only borrows its facts)",
                            soc->valuestring, c->careers[other].id);
            else
                strmap_put(&c->by_soc, soc->valuestring, strlen(soc->valuestring), (int)i);
        }
    }
}

static void load_stopwords(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = load_optional(dir, "stopwords.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "stopwords");
    if (!cJSON_IsArray(list))
        diag_report(d, path, 1, "expected {\"stopwords\": [\"word\", ...]}");
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        if (!cJSON_IsString(it) || !it->valuestring[0] || strchr(it->valuestring, ' '))
            diag_report(d, path, jsondoc_line(doc, it), "a stop word is one lower-case word");
        else
            names_add_stopword(c->names, it->valuestring);
    }
    c->stop_doc = doc;
}

/* The name of what a career does, derived from its names: "Graphic Designer" gives "graphic design",
 * "Nurse" gives "nursing" (content/disciplines.json "endings"), plus names listed outright ("names").
 * They are the weakest names: any title or other name of a career wins over them. */
static void add_discipline(content *c, const text_words *w, const char *ending, size_t idx)
{
    sbuf phrase = SBUF_INIT;
    for (size_t i = 0; i + 1 < w->n; i++)
        sbuf_printf(&phrase, "%s ", w->v[i].w);
    sbuf_puts(&phrase, ending);
    add_words(c, phrase.p, phrase.len, idx, NAME_DISCIPLINE);
    sbuf_free(&phrase);
}

static void derive_disciplines(content *c, size_t idx, const char *name, const cJSON *endings)
{
    sbuf norm = SBUF_INIT;
    text_normalise(name, strlen(name), &norm);
    text_words w = {0};
    text_words_split(norm.p, norm.len, c->abbrevs, c->n_abbrevs, &w);
    const cJSON *e = w.n ? cJSON_GetObjectItemCaseSensitive(endings, w.v[w.n - 1].w) : NULL;
    if (cJSON_IsString(e))
        add_discipline(c, &w, e->valuestring, idx);
    text_words_free(&w);
    sbuf_free(&norm);
}

static void load_disciplines(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = load_optional(dir, "disciplines.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *root = jsondoc_root(doc);
    const cJSON *endings = cJSON_GetObjectItemCaseSensitive(root, "endings");
    const cJSON *listed = cJSON_GetObjectItemCaseSensitive(root, "names");
    if ((endings && !cJSON_IsObject(endings)) || (listed && !cJSON_IsObject(listed)))
        diag_report(d, path, 1, "expected {\"endings\": {\"designer\": \"design\", ...}, \"names\": {\"medicine\": \"career-id\", ...}}");
    const cJSON *it;
    cJSON_ArrayForEach(it, endings)
    {
        if (!cJSON_IsString(it) || !nonblank(it->valuestring) || strchr(it->string, ' '))
            diag_report(d, path, jsondoc_line(doc, it), "an ending is one lower-case word mapped to a non-empty string");
    }
    for (size_t i = 0; i < c->n_curated && cJSON_IsObject(endings); i++) {
        const struct career *k = &c->careers[i];
        derive_disciplines(c, i, k->title, endings);
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(k->rec, "other_names"))
            if (cJSON_IsString(it))
                derive_disciplines(c, i, it->valuestring, endings);
    }
    cJSON_ArrayForEach(it, listed)
    {
        int idx = cJSON_IsString(it) ? content_find_id(c, it->valuestring) : -1;
        if (idx < 0)
            diag_report(d, path, jsondoc_line(doc, it), "\"%s\": career \"%s\" does not exist", it->string,
                        cJSON_IsString(it) ? it->valuestring : "?");
        else
            add_words(c, it->string, strlen(it->string), (size_t)idx, NAME_DISCIPLINE);
    }
    jsondoc_free(doc);
}

static void load_fields(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = load_optional(dir, "fields.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "fields");
    if (!cJSON_IsArray(list)) {
        diag_report(d, path, 1, "expected {\"fields\": [...]}");
        jsondoc_free(doc);
        return;
    }
    c->fields = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *c->fields);
    const cJSON *f;
    cJSON_ArrayForEach(f, list)
    {
        struct field *fl = &c->fields[c->n_fields];
        int line = jsondoc_line(doc, f);
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
        }
        fl->careers = cJSON_GetObjectItemCaseSensitive(f, "careers");
        fl->soc = cJSON_GetObjectItemCaseSensitive(f, "soc");
        fl->id_contains = cJSON_GetObjectItemCaseSensitive(f, "id_contains");
        const char *r = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "riasec"));
        if (r && (strlen(r) != 1 || !strchr("RIASEC", r[0])))
            diag_report(d, path, line, "\"riasec\" is one letter of RIASEC");
        fl->riasec = r ? r[0] : 0;
        const cJSON *z = cJSON_GetObjectItemCaseSensitive(f, "job_zone_max");
        fl->zone_max = cJSON_IsNumber(z) ? z->valueint : 0;
        c->n_fields++;
    }
    c->fields_doc = doc;
}

/* Every career a field lists by id must exist. */
static void check_fields(content *c, diag *d)
{
    for (size_t i = 0; i < c->n_fields; i++) {
        const cJSON *id;
        cJSON_ArrayForEach(id, c->fields[i].careers)
        {
            if (!cJSON_IsString(id) || content_find_id(c, id->valuestring) < 0)
                diag_report(d, jsondoc_path(c->fields_doc), jsondoc_line(c->fields_doc, id),
                            "field career \"%s\" does not exist", cJSON_IsString(id) ? id->valuestring : "?");
        }
    }
}

static void push_career(content *c, const cJSON *rec, jsondoc *doc, cJSON *own)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->careers = xrealloc(c->careers, c->cap * sizeof *c->careers);
    }
    struct career *k = &c->careers[c->n];
    k->doc = doc;
    k->own = own;
    k->rec = rec;
    k->id = cJSON_GetObjectItemCaseSensitive(rec, "id")->valuestring;
    k->title = cJSON_GetObjectItemCaseSensitive(rec, "title")->valuestring;
    strmap_put(&c->by_id, k->id, strlen(k->id), (int)c->n);
    c->n++;
}

/* Merges the O*NET occupations: a curated career with the same soc keeps its record and gains the
 * O*NET titles as names; every other occupation becomes a career of its own, id = its code. */
static void merge_onet(content *c, const char *onet_dir, diag *d)
{
    cJSON *arr = onet_load(onet_dir, d);
    if (!arr)
        return;
    cJSON *rec;
    while ((rec = cJSON_DetachItemFromArray(arr, 0))) {
        const char *code = cJSON_GetObjectItemCaseSensitive(rec, "soc")->valuestring;
        int cur = strmap_get(&c->by_soc, code, strlen(code));
        const cJSON *al = cJSON_GetObjectItemCaseSensitive(rec, "aliases");
        const cJSON *it;
        if (cur >= 0) {
            /* The first alias is the O*NET title itself. */
            int k = 0;
            cJSON_ArrayForEach(it, al)
                index_name(c, (size_t)cur, it->valuestring, k++ ? NAME_ONET_ALIAS : NAME_ONET_TITLE, NULL, NULL, d);
            cJSON_Delete(rec);
            continue;
        }
        if (content_find_id(c, code) >= 0) {
            cJSON_Delete(rec); /* a curated id equal to a code: the curated one stays */
            continue;
        }
        push_career(c, rec, NULL, rec);
        size_t idx = c->n - 1;
        index_name(c, idx, c->careers[idx].title, NAME_ONET_TITLE, NULL, NULL, d);
        int i = 0;
        cJSON_ArrayForEach(it, al)
            index_name(c, idx, it->valuestring, i++ ? NAME_ONET_ALIAS : NAME_ONET_TITLE, NULL, NULL, d);
    }
    cJSON_Delete(arr);
    /* Related occupations that are curated careers point at the curated id. */
    for (size_t i = c->n_curated; i < c->n; i++) {
        cJSON *rel = cJSON_GetObjectItemCaseSensitive(c->careers[i].own, "related");
        cJSON *it;
        cJSON_ArrayForEach(it, rel)
        {
            int cur = strmap_get(&c->by_soc, it->valuestring, strlen(it->valuestring));
            if (cur >= 0)
                cJSON_SetValuestring(it, c->careers[cur].id);
        }
    }
}

content *content_load(const char *dir, const char *onet_dir, diag *d)
{
    content *c = xcalloc(1, sizeof *c);
    c->names = names_new();
    int before = d->errors;
    load_abbrevs(c, dir, d);
    load_stopwords(c, dir, d);
    load_fields(c, dir, d);

    char cdir[4096];
    snprintf(cdir, sizeof cdir, "%s/careers", dir);
    char **files = NULL;
    int n_names = util_list_json(cdir, &files);
    if (n_names < 0) {
        diag_report(d, cdir, 0, "cannot open the careers folder");
        content_free(c);
        return NULL;
    }
    for (int i = 0; i < n_names; i++) {
        char path[8192];
        char err[512];
        snprintf(path, sizeof path, "%s/%s", cdir, files[i]);
        jsondoc *doc = jsondoc_load(path, err, sizeof err);
        if (!doc) {
            diag_report(d, path, 0, "%s", err);
        } else if (!check_record(doc, files[i], d) &&
                   !(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "id")) &&
                     cJSON_IsString(cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "title")))) {
            jsondoc_free(doc);
        } else {
            /* A record with problems is kept while loading (the load fails anyway), so that other
             * records that refer to it do not report it missing as well. */
            push_career(c, jsondoc_root(doc), doc, NULL);
        }
    }
    util_free_list(files, n_names);
    if (c->n == 0 && d->errors == before)
        diag_report(d, cdir, 0, "no career records (*.json) found");

    c->n_curated = c->n;
    for (size_t i = 0; i < c->n; i++) {
        struct career *k = &c->careers[i];
        index_name(c, i, k->title, NAME_CURATED, k->doc, cJSON_GetObjectItemCaseSensitive(k->rec, "title"), d);
        /* A record with errors is kept too, so a name may be of any type: its error is reported. */
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(k->rec, "other_names"))
            if (cJSON_IsString(it))
                index_name(c, i, it->valuestring, NAME_CURATED, k->doc, it, d);
        /* Shared names are ambiguous on purpose; a clash with them is no error. */
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(k->rec, "shared_names"))
            if (cJSON_IsString(it))
                index_name(c, i, it->valuestring, NAME_CURATED, NULL, it, d);
    }
    load_disciplines(c, dir, d);
    check_refs(c, d);
    check_fields(c, d);
    if (onet_dir && d->errors == before)
        merge_onet(c, onet_dir, d);
    names_finish(c->names);
    for (size_t k = 0; k < c->n; k++)
        for (size_t i = 0; i < N_FIELDS; i++)
            c->careers[k].field[i] = cJSON_GetObjectItemCaseSensitive(c->careers[k].rec, career_fields[i].name);
    rank_fields(c);
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
    for (size_t i = 0; i < c->n; i++) {
        jsondoc_free(c->careers[i].doc);
        cJSON_Delete(c->careers[i].own);
    }
    free(c->careers);
    strmap_free(&c->by_id);
    strmap_free(&c->by_soc);
    names_free(c->names);
    jsondoc_free(c->stop_doc);
    for (size_t i = 0; i < c->n_fields; i++)
        free(c->fields[i].names);
    free(c->fields);
    jsondoc_free(c->fields_doc);
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

int content_find_name(const content *c, const text_words *w, size_t from, size_t to, names_hit *hit)
{
    return names_find(c->names, w, from, to, hit);
}

bool content_knows_word(const content *c, const char *word)
{
    return names_knows(c->names, word);
}

bool content_is_onet(const content *c, size_t i)
{
    return i >= c->n_curated;
}

size_t content_curated_count(const content *c)
{
    return c->n_curated;
}

int content_field_find(const content *c, const char *norm, size_t *at, size_t *len)
{
    int best = -1;
    size_t best_len = 0, best_at = 0;
    for (size_t i = 0; i < c->n_fields; i++) {
        for (size_t k = 0; k < c->fields[i].n_names; k++) {
            const char *name = c->fields[i].names[k];
            size_t nl = strlen(name);
            for (const char *p = strstr(norm, name); p; p = strstr(p + 1, name)) {
                bool start = p == norm || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));
                char after = p[nl];
                bool end = !((after >= 'a' && after <= 'z') || (after >= '0' && after <= '9'));
                if (start && end && nl > best_len) {
                    best = (int)i;
                    best_len = nl;
                    best_at = (size_t)(p - norm);
                }
            }
        }
    }
    if (at)
        *at = best_at;
    if (len)
        *len = best_len;
    return best;
}

const char *content_field_title(const content *c, int field)
{
    return c->fields[field].title;
}

static bool in_field(const content *c, const struct field *f, size_t k)
{
    const cJSON *rec = c->careers[k].rec;
    const cJSON *it;
    if (f->careers) {
        bool listed = false;
        cJSON_ArrayForEach(it, f->careers)
            listed = listed || (cJSON_IsString(it) && !strcmp(it->valuestring, c->careers[k].id));
        if (!listed)
            return false;
    }
    if (f->soc) {
        const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "soc"));
        if (!code)
            code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "profile_from"));
        bool hit = false;
        cJSON_ArrayForEach(it, f->soc)
            hit = hit || (code && cJSON_IsString(it) && !strncmp(code, it->valuestring, strlen(it->valuestring)));
        if (!hit)
            return false;
    }
    if (f->id_contains) {
        bool hit = false;
        cJSON_ArrayForEach(it, f->id_contains)
            hit = hit || (cJSON_IsString(it) && strstr(c->careers[k].id, it->valuestring));
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

/* How well career k represents field f, for the order of the list: the score of the field's interest
 * when it has one; the field's own order when it lists careers; otherwise curated careers before O*NET occupations, and the AI family (a large
 * group of similar names) after the rest unless the field is about AI. */
static double field_rank(const content *c, const struct field *f, size_t k)
{
    double r = content_is_onet(c, k) ? 0 : 10;
    if (f->riasec) {
        char letter[2] = {f->riasec, 0};
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(c->careers[k].rec, "interests");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, letter);
        if (cJSON_IsNumber(v))
            r += v->valuedouble;
    } else if (f->careers) {
        int pos = 0; /* a field that lists its careers shows them in its own order */
        const cJSON *it;
        cJSON_ArrayForEach(it, f->careers) {
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

/* Ranks the careers of every field once, after all careers (O*NET too) are loaded, so that
 * browsing costs a copy per message. */
static void rank_fields(content *c)
{
    for (size_t fi = 0; fi < c->n_fields; fi++) {
        struct field *f = &c->fields[fi];
        double rank[FIELD_TOP];
        size_t got = 0;
        f->total = 0;
        /* Insertion into the best FIELD_TOP, by rank; equal ranks keep load order (curated by id,
         * then O*NET by code), so the list is the same every time. */
        for (size_t k = 0; k < c->n; k++) {
            if (!in_field(c, f, k))
                continue;
            f->total++;
            double r = field_rank(c, f, k);
            size_t at = got;
            while (at > 0 && rank[at - 1] < r)
                at--;
            if (at >= FIELD_TOP)
                continue;
            size_t last = got < FIELD_TOP ? got : FIELD_TOP - 1;
            for (size_t j = last; j > at; j--) {
                f->top[j] = f->top[j - 1];
                rank[j] = rank[j - 1];
            }
            f->top[at] = (int)k;
            rank[at] = r;
            if (got < FIELD_TOP)
                got++;
        }
        f->n_top = got;
    }
}

size_t content_field_careers(const content *c, int field, int *out, size_t max)
{
    const struct field *f = &c->fields[field];
    size_t n = f->n_top < max ? f->n_top : max;
    memcpy(out, f->top, n * sizeof *out);
    return f->total;
}

const text_abbrev *content_abbrevs(const content *c, size_t *n)
{
    *n = c->n_abbrevs;
    return c->abbrevs;
}
