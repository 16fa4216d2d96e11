/* jsondoc: see jsondoc.h. */
#include "jsondoc.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct nodeline {
    const cJSON *node;
    int line;
};

struct jsondoc {
    char *path;             /* as given, for messages */
    cJSON *root;            /* owned */
    struct nodeline *lines; /* sorted by node pointer, for bsearch */
    size_t n_lines;
};

/* ===================== The line scanner ===================== */

/* The scanner only runs on text cJSON accepted, so it can be lenient: it needs to find where each
 * value starts, in the order cJSON creates nodes (a container before its children). */
struct scan {
    const char *p, *end;
    int line;
    int *out; /* line of each value, in pre-order */
    size_t n, cap;
};

/* Whitespace as cJSON skips it: every byte up to 32, not only the four JSON names. A byte cJSON
 * skipped and the scanner did not would put the two out of step. */
static bool is_ws(char c)
{
    return (unsigned char)c <= 32;
}

static void scan_ws(struct scan *s)
{
    while (s->p < s->end && is_ws(*s->p)) {
        if (*s->p == '\n')
            s->line++;
        s->p++;
    }
}

static void scan_string(struct scan *s)
{
    s->p++; /* opening quote */
    while (s->p < s->end && *s->p != '"') {
        if (*s->p == '\\' && s->p + 1 < s->end)
            s->p++;
        s->p++;
    }
    if (s->p < s->end)
        s->p++;
}

static void scan_record(struct scan *s, int line)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->out = xrealloc(s->out, s->cap * sizeof *s->out);
    }
    s->out[s->n++] = line;
}

static void scan_value(struct scan *s, int line)
{
    scan_ws(s);
    if (s->p >= s->end)
        return;
    scan_record(s, line ? line : s->line);
    char c = *s->p;
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        s->p++;
        for (;;) {
            scan_ws(s);
            if (s->p >= s->end)
                return;
            if (*s->p == close) {
                s->p++;
                return;
            }
            if (*s->p == ',') {
                s->p++;
                continue;
            }
            const char *before = s->p;
            if (c == '{') {
                int keyline = s->line;
                scan_string(s); /* key */
                scan_ws(s);
                if (s->p < s->end && *s->p == ':')
                    s->p++;
                scan_value(s, keyline);
            } else {
                scan_value(s, 0);
            }
            /* Each turn must move on, so a byte the scanner does not expect (a close of the other
             * kind) can cost a wrong line, never a loop without end. */
            if (s->p == before)
                s->p++;
        }
    } else if (c == '"') {
        scan_string(s);
    } else {
        while (s->p < s->end && !is_ws(*s->p) && *s->p != ',' && *s->p != ']' && *s->p != '}')
            s->p++;
    }
}

/* Pairs cJSON nodes, visited in pre-order, with the scanned lines. */
static void pair_nodes(jsondoc *d, const cJSON *node, const int *lines, size_t n, size_t *i)
{
    for (; node; node = node->next) {
        if (*i < n) {
            d->lines[d->n_lines].node = node;
            d->lines[d->n_lines].line = lines[*i];
            d->n_lines++;
        }
        (*i)++;
        if (node->child)
            pair_nodes(d, node->child, lines, n, i);
    }
}

static int cmp_nodeline(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const struct nodeline *)a)->node;
    uintptr_t y = (uintptr_t)((const struct nodeline *)b)->node;
    return x < y ? -1 : x > y;
}

/* ===================== Loading ===================== */

static int line_at(const char *text, size_t upto)
{
    int line = 1;
    for (size_t i = 0; i < upto; i++)
        if (text[i] == '\n')
            line++;
    return line;
}

jsondoc *jsondoc_parse(const char *name, const char *text, size_t len, char *err, size_t errlen)
{
    /* cJSON wants the NUL inside the length when require_null_terminated is set (c-notes §6). */
    char *copy = xstrndup(text, len);
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s:%d: NUL byte in file", name,
                 line_at(text, (size_t)((const char *)memchr(text, '\0', len) - text)));
        free(copy);
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
    if (!root) {
        size_t at = end && end >= copy && end <= copy + len ? (size_t)(end - copy) : len;
        snprintf(err, errlen, "%s:%d: invalid JSON near \"%.20s\"", name, line_at(copy, at), copy + at);
        free(copy);
        return NULL;
    }
    struct scan s = {copy, copy + len, 1, NULL, 0, 0};
    if (len >= 3 && !memcmp(copy, "\xef\xbb\xbf", 3))
        s.p += 3; /* cJSON skips a UTF-8 byte order mark too */
    scan_value(&s, 0);

    jsondoc *d = xcalloc(1, sizeof *d);
    d->path = xstrdup(name);
    d->root = root;
    d->lines = xcalloc(s.n ? s.n : 1, sizeof *d->lines);
    size_t i = 0;
    pair_nodes(d, root, s.out, s.n, &i);
    qsort(d->lines, d->n_lines, sizeof *d->lines, cmp_nodeline);
    free(s.out);
    free(copy);
    return d;
}

jsondoc *jsondoc_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s:0: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    sbuf b = SBUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        sbuf_append(&b, chunk, n);
        if (b.len > JSONDOC_MAX_BYTES)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        snprintf(err, errlen, "%s:0: read error", path);
        sbuf_free(&b);
        return NULL;
    }
    if (b.len > JSONDOC_MAX_BYTES) {
        snprintf(err, errlen, "%s:0: file larger than %u bytes", path, JSONDOC_MAX_BYTES);
        sbuf_free(&b);
        return NULL;
    }
    jsondoc *d = jsondoc_parse(path, sbuf_str(&b), b.len, err, errlen);
    sbuf_free(&b);
    return d;
}

const cJSON *jsondoc_root(const jsondoc *d)
{
    return d->root;
}

const char *jsondoc_path(const jsondoc *d)
{
    return d->path;
}

int jsondoc_line(const jsondoc *d, const cJSON *node)
{
    struct nodeline key = {node, 0};
    const struct nodeline *hit = bsearch(&key, d->lines, d->n_lines, sizeof *d->lines, cmp_nodeline);
    return hit ? hit->line : 0;
}

void jsondoc_free(jsondoc *d)
{
    if (!d)
        return;
    cJSON_Delete(d->root);
    free(d->lines);
    free(d->path);
    free(d);
}

jsondoc *jsondoc_open(const char *path, diag *d)
{
    char err[512];
    jsondoc *doc = jsondoc_load(path, err, sizeof err);
    if (!doc)
        diag_report(d, path, 0, "%s", err);
    return doc;
}

int jsondoc_check_keys(const jsondoc *doc, diag *d, const cJSON *obj, const char *const *keys, size_t n,
                       const char *what)
{
    int rc = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, obj)
    {
        size_t i = 0;
        while (i < n && strcmp(f->string, keys[i]))
            i++;
        if (i == n) {
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, f), "unknown field \"%s\" in %s", f->string, what);
            rc = -1;
        }
    }
    return rc;
}
