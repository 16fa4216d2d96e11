/* tsv: see tsv.h. */
#include "tsv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Opens dir/name. Returns 0, 1 when the file does not exist, -1 on an error (reported). */
int tsv_open(tsv *t, const char *dir, const char *name, diag *d)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s/%s", dir, name);
    FILE *fp = fopen(t->path, "rb");
    if (!fp)
        return errno == ENOENT ? 1 : (diag_report(d, t->path, 0, "cannot open: %s", strerror(errno)), -1);
    sbuf b = SBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b.len <= TSV_MAX_FILE)
        sbuf_append(&b, chunk, n);
    fclose(fp);
    if (b.len > TSV_MAX_FILE) {
        diag_report(d, t->path, 0, "larger than %u bytes", TSV_MAX_FILE);
        sbuf_free(&b);
        return -1;
    }
    t->text = sbuf_steal(&b);
    t->next = t->text;
    /* A UTF-8 byte order mark is harmless; skip it. */
    if (!strncmp(t->next, "\xef\xbb\xbf", 3))
        t->next += 3;
    return 0;
}

/* Cuts the next line into fields. Returns the number of fields, or -1 at the end of the file. */
static int tsv_row(tsv *t)
{
    while (*t->next) {
        char *line = t->next;
        char *nl = strchr(line, '\n');
        t->next = nl ? nl + 1 : line + strlen(line);
        t->line++;
        if (nl)
            *nl = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        if (!len)
            continue;
        int n = 0;
        char *p = line;
        for (;;) {
            char *tab = strchr(p, '\t');
            if (n < TSV_MAX_COLS)
                t->f[n] = p;
            n++;
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        return n;
    }
    return -1;
}

/* Reads the header and finds each wanted column. Returns 0, or -1 (reported) when one is missing. */
int tsv_columns(tsv *t, const char *const *want, int *idx, size_t n_want, diag *d)
{
    int n = tsv_row(t);
    if (n <= 0 || n > TSV_MAX_COLS) {
        diag_report(d, t->path, t->line ? t->line : 1, "no header row");
        return -1;
    }
    t->n_cols = (size_t)n;
    for (size_t i = 0; i < (size_t)n; i++)
        t->head[i] = t->f[i];
    for (size_t w = 0; w < n_want; w++) {
        idx[w] = -1;
        for (size_t i = 0; i < (size_t)n; i++)
            if (!strcmp(t->head[i], want[w]))
                idx[w] = (int)i;
        if (idx[w] < 0) {
            diag_report(d, t->path, t->line, "no column \"%s\"", want[w]);
            return -1;
        }
    }
    return 0;
}

/* The next row, checked to have as many fields as the header. Returns false at the end. A bad
 * row is reported and skipped. */
bool tsv_next(tsv *t, diag *d)
{
    int n;
    while ((n = tsv_row(t)) >= 0) {
        if ((size_t)n == t->n_cols)
            return true;
        diag_report(d, t->path, t->line, "%d fields where the header has %zu", n, t->n_cols);
    }
    return false;
}

void tsv_close(tsv *t)
{
    free(t->text);
    t->text = NULL;
}

/* The column named name of t's header, or -1. */
int tsv_column(const tsv *t, const char *name)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (!strcmp(t->head[i], name))
            return (int)i;
    return -1;
}
