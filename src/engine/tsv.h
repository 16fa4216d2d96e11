/*
 * tsv: the tab-separated text files of the O*NET and BLS databases, read whole and cut into fields
 * in place: a header row names the columns, no quoting, CRLF or LF, a UTF-8 byte order mark skipped.
 */
#ifndef CAREERBOT_TSV_H
#define CAREERBOT_TSV_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

#define TSV_MAX_COLS 32
#define TSV_MAX_FILE (64u * 1024u * 1024u) /* the largest official file is a few MB */

typedef struct tsv {
    char path[4096];
    char *text; /* the whole file, cut into fields in place */
    char *next; /* the next row to read */
    int line;   /* line number of the row just read */
    size_t n_cols;
    char *head[TSV_MAX_COLS]; /* column names */
    char *f[TSV_MAX_COLS];    /* fields of the row just read */
} tsv;

/* Opens dir/name. Returns 0, 1 when the file does not exist, -1 on an error (reported). */
int tsv_open(tsv *t, const char *dir, const char *name, diag *d);
/* Reads the header and finds each wanted column. Returns 0, or -1 (reported) when one is missing. */
int tsv_columns(tsv *t, const char *const *want, int *idx, size_t n_want, diag *d);
/* The column named name of the header, or -1. */
int tsv_column(const tsv *t, const char *name);
/* The next row, checked to have as many fields as the header. Returns false at the end; a bad row
 * is reported and skipped. */
bool tsv_next(tsv *t, diag *d);
void tsv_close(tsv *t);

#endif
