/*
 * util: allocation that never returns NULL, and a growable string buffer.
 *
 * The engine treats running out of memory as fatal (as Redis and h2o do): the x* allocators print a
 * message and abort, so callers never check for NULL. sbuf is a NUL-terminated byte buffer that
 * grows by doubling; it is binary safe (len counts bytes, the trailing NUL is not counted).
 * No globals, no I/O besides the abort message.
 */
#ifndef CAREERBOT_UTIL_H
#define CAREERBOT_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* The one out-of-memory policy of careerbot: print what could not be allocated, and abort. Every
 * allocation failure in src/ ends here (the x* allocators, and libraries' own allocators such as
 * PCRE2's match data). */
void util_oom(const char *what, size_t n) __attribute__((noreturn));

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* caller frees */
char *xstrndup(const char *s, size_t n); /* caller frees; always NUL-terminated */

typedef struct sbuf {
    char *p;    /* bytes, always NUL-terminated once anything was appended */
    size_t len; /* bytes used, not counting the NUL */
    size_t cap; /* bytes allocated */
} sbuf;

/* clang-format off */
#define SBUF_INIT {NULL, 0, 0}
/* clang-format on */

void sbuf_append(sbuf *b, const char *s, size_t n);
void sbuf_puts(sbuf *b, const char *s);
void sbuf_putc(sbuf *b, char c);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_reset(sbuf *b); /* empties it, keeps the memory */
/* Appends s as a JSON string, quotes included: ", \ and control characters escaped, UTF-8 as is. */
void sbuf_json_str(sbuf *b, const char *s);
char *sbuf_steal(sbuf *b); /* returns the bytes (caller frees; never NULL) and empties b */
void sbuf_free(sbuf *b);
const char *sbuf_str(const sbuf *b); /* borrowed; "" when empty */

/* A string → int map (open addressing, FNV-1a). Keys are copied. Used for ids and name keys. */
typedef struct strmap {
    char **keys; /* owned; NULL marks an empty slot */
    int *vals;
    size_t n, cap;
} strmap;

void strmap_put(strmap *m, const char *key, size_t keylen, int val); /* replaces an existing value */
int strmap_get(const strmap *m, const char *key, size_t keylen);     /* -1 when absent */
void strmap_free(strmap *m);

/* The names of the *.json files in dir (not hidden ones), sorted, in *names (caller frees each and
 * the array with util_free_list). Returns how many, or -1 when dir cannot be opened. */
int util_list_json(const char *dir, char ***names);
void util_free_list(char **names, int n);

/* Problems found while loading data files: each has a file and a line. The callback sees every
 * one (careerbot check prints them all); errors counts them. */
typedef void (*diag_fn)(void *ud, const char *file, int line, const char *msg);
typedef struct diag {
    diag_fn fn; /* may be NULL: problems are only counted */
    void *ud;
    int errors;
    int warnings;
} diag;

void diag_report(diag *d, const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Like diag_report, but a warning: the message starts with "warning: " and is not an error. */
void diag_warn(diag *d, const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
