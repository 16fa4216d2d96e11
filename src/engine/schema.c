/*
 * schema: the fields a career record (content/careers/<id>.json) may have, their kinds and bounds,
 * and the validation of one record against them, with file and line for every problem. Map:
 * the field table; field lookups; checks of one value; checks of a whole record. Never keeps a
 * record, never loads a file: content.c does that and calls schema_check_record.
 */
#include "content_int.h"
#include "onet.h"

#include <stdio.h>
#include <string.h>

/* ===================== The fields ===================== */

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
    /* Written by bls.c from BLS figures (content/pay.json, --bls); not for content/careers. */
    {"pay", CK_TEXT, false, 0, 0},
    {"pay_short", CK_STRING, false, 0, 0},
    {"pay_start", CK_TEXT, false, 0, 0},
    {"pay_none", CK_STRING, false, 0, 0},
    {"outlook", CK_TEXT, false, 0, 0},
    {"outlook_short", CK_STRING, false, 0, 0},
};

#define N_FIELDS (sizeof career_fields / sizeof career_fields[0])
_Static_assert(N_FIELDS == CONTENT_N_FIELDS, "CONTENT_N_FIELDS must count career_fields");

/* The index of a field in career_fields, or -1; the first letter is compared first, since this
 * runs for every field a reply shows. */
int schema_field_index(const char *field)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (career_fields[i].name[0] == field[0] && strcmp(career_fields[i].name, field) == 0)
            return (int)i;
    return -1;
}

int content_field_kind(const char *field)
{
    int i = schema_field_index(field);
    return i < 0 ? -1 : (int)career_fields[i].kind;
}

const char *schema_field_name(size_t i)
{
    return career_fields[i].name;
}

/* ===================== Checks of one value ===================== */

bool schema_nonblank(const char *s)
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

/* Checks one field's value against its rule. */
static void check_field(const struct field_rule *r, const cJSON *v, const jsondoc *doc, diag *d)
{
    const char *file = jsondoc_path(doc);
    int line = jsondoc_line(doc, v);
    switch (r->kind) {
    case CK_STRING:
    case CK_TEXT:
        if (!cJSON_IsString(v) || !schema_nonblank(v->valuestring)) {
            diag_report(d, file, line, "\"%s\" must be a non-empty string", r->name);
            return;
        }
        if (strchr(v->valuestring, '<'))
            diag_report(d, file, line, "\"%s\" contains '<': content is plain text, not HTML", r->name);
        if (!strcmp(r->name, "soc") || !strcmp(r->name, "profile_from")) {
            if (!onet_is_code(v->valuestring))
                diag_report(d, file, line, "\"%s\" must look like 15-2051.00, not \"%s\"", r->name, v->valuestring);
        } else if (!strcmp(r->name, "riasec") && !riasec_is_code(v->valuestring)) {
            diag_report(d, file, line, "\"riasec\" must be three different letters of RIASEC, not \"%s\"",
                        v->valuestring);
        }
        return;
    case CK_INT:
        if (!cJSON_IsNumber(v) || v->valuedouble != (double)v->valueint || v->valueint < r->min || v->valueint > r->max)
            diag_report(d, file, line, "\"%s\" must be a whole number from %d to %d", r->name, r->min, r->max);
        return;
    case CK_SCORES: {
        double sc[RIASEC_TYPES];
        bool ok = cJSON_IsObject(v) && cJSON_GetArraySize(v) == RIASEC_TYPES && riasec_read(v, sc);
        for (int t = 0; ok && t < RIASEC_TYPES; t++)
            ok = sc[t] >= r->min && sc[t] <= r->max;
        if (!ok)
            diag_report(d, file, line,
                        "\"%s\" must be {\"R\", \"I\", \"A\", \"S\", \"E\", \"C\"} with scores from %d to %d", r->name,
                        r->min, r->max);
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
            if (!cJSON_IsString(it) || !schema_nonblank(it->valuestring))
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
                diag_report(d, file, jsondoc_line(doc, f), "unknown field \"%s\" in an entry of \"%s\"", f->string,
                            r->name);
            else if (!cJSON_IsString(f) || !schema_nonblank(f->valuestring))
                diag_report(d, file, jsondoc_line(doc, f), "\"%s\" must be a non-empty string", f->string);
        }
        if (!cJSON_GetObjectItemCaseSensitive(it, "name") || !cJSON_GetObjectItemCaseSensitive(it, "text"))
            diag_report(d, file, iline, "each entry of \"%s\" needs \"name\" and \"text\"", r->name);
    }
}

/* ===================== Checks of a record ===================== */

/* The interest code names the three highest scores, highest first (ties in either order). */
static void check_riasec_order(const cJSON *rec, const jsondoc *doc, diag *d)
{
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(rec, "riasec");
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(rec, "interests");
    if (!cJSON_IsString(code) || !riasec_is_code(code->valuestring) || !cJSON_IsObject(sc))
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
bool schema_check_record(const jsondoc *doc, const char *fname, diag *d)
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
        if (!r || !strcmp(r->name, "source") || !strncmp(r->name, "pay", 3) || !strcmp(r->name, "outlook")) {
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
            diag_report(d, file, jsondoc_line(doc, id), "id \"%s\" must match the file name \"%s\"", id->valuestring,
                        fname);
    }
    return d->errors == before;
}
