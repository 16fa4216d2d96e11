/* util: see util.h. */
#include "util.h"
#include "hash.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void util_oom(const char *what, size_t n)
{
    fprintf(stderr, "careerbot: out of memory (%s, %zu bytes)\n", what, n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        util_oom("malloc", n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        util_oom("calloc", count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        util_oom("realloc", n);
    return q;
}

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

static void sbuf_grow(sbuf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

void sbuf_append(sbuf *b, const char *s, size_t n)
{
    sbuf_grow(b, n);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sbuf_puts(sbuf *b, const char *s)
{
    sbuf_append(b, s, strlen(s));
}

void sbuf_putc(sbuf *b, char c)
{
    sbuf_append(b, &c, 1);
}

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    sbuf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sbuf_json_str(sbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    sbuf_putc(b, '"');
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        sbuf_append(b, run, (size_t)((const char *)p - run));
        switch (*p) {
        case '"':
            sbuf_puts(b, "\\\"");
            break;
        case '\\':
            sbuf_puts(b, "\\\\");
            break;
        case '\n':
            sbuf_puts(b, "\\n");
            break;
        case '\r':
            sbuf_puts(b, "\\r");
            break;
        case '\t':
            sbuf_puts(b, "\\t");
            break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], 0};
            sbuf_puts(b, u);
        }
        }
        run = (const char *)p + 1;
    }
    sbuf_puts(b, run);
    sbuf_putc(b, '"');
}

void sbuf_reset(sbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

char *sbuf_steal(sbuf *b)
{
    char *p = b->p ? b->p : xstrdup("");
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void sbuf_free(sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

const char *sbuf_str(const sbuf *b)
{
    return b->p ? b->p : "";
}

static size_t strmap_slot(const strmap *m, const char *key, size_t keylen)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)hash_bytes(HASH_SEED, key, keylen) & mask;
    while (m->keys[i] && !(strlen(m->keys[i]) == keylen && memcmp(m->keys[i], key, keylen) == 0))
        i = (i + 1) & mask;
    return i;
}

void strmap_put(strmap *m, const char *key, size_t keylen, int val)
{
    if ((m->n + 1) * 2 > m->cap) {
        strmap old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->keys = xcalloc(m->cap, sizeof *m->keys);
        m->vals = xcalloc(m->cap, sizeof *m->vals);
        m->n = 0;
        for (size_t i = 0; i < old.cap; i++) {
            if (old.keys[i]) {
                size_t s = strmap_slot(m, old.keys[i], strlen(old.keys[i]));
                m->keys[s] = old.keys[i];
                m->vals[s] = old.vals[i];
                m->n++;
            }
        }
        free(old.keys);
        free(old.vals);
    }
    size_t s = strmap_slot(m, key, keylen);
    if (!m->keys[s]) {
        m->keys[s] = xstrndup(key, keylen);
        m->n++;
    }
    m->vals[s] = val;
}

int strmap_get(const strmap *m, const char *key, size_t keylen)
{
    if (!m->cap)
        return -1;
    size_t s = strmap_slot(m, key, keylen);
    return m->keys[s] ? m->vals[s] : -1;
}

void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

void diag_report(diag *d, const char *file, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    d->errors++;
    if (d->fn)
        d->fn(d->ud, file, line, msg);
}

void diag_warn(diag *d, const char *file, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(msg, sizeof msg, "warning: ");
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    d->warnings++;
    if (d->fn)
        d->fn(d->ud, file, line, msg);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int util_list_json(const char *dir, char ***names)
{
    *names = NULL;
    DIR *dh = opendir(dir);
    if (!dh)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dh))) {
        size_t l = strlen(de->d_name);
        if (l > 5 && !strcmp(de->d_name + l - 5, ".json") && de->d_name[0] != '.') {
            *names = xrealloc(*names, (size_t)(n + 1) * sizeof **names);
            (*names)[n++] = xstrdup(de->d_name);
        }
    }
    closedir(dh);
    if (n)
        qsort(*names, (size_t)n, sizeof **names, cmp_names);
    return n;
}

void util_free_list(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
