/*
 * jsondoc: a JSON data file parsed with cJSON, plus the line on which each value starts.
 *
 * cJSON keeps no positions, yet every error in intents/ and content/ must name its file and line.
 * jsondoc parses the file with cJSON (which validates the syntax), then walks the same text once
 * more with a tiny scanner that records the line of every value in document order, and pairs those
 * lines with the cJSON nodes in the same (pre-)order. For a member of an object the recorded line
 * is the line of its key. Files are capped at JSONDOC_MAX_BYTES.
 */
#ifndef CAREERBOT_JSONDOC_H
#define CAREERBOT_JSONDOC_H

#include "util.h"

#include <cjson/cJSON.h>
#include <stddef.h>

#define JSONDOC_MAX_BYTES (4u * 1024u * 1024u) /* data files are small; refuse anything bigger */

typedef struct jsondoc jsondoc;

/* Loads and parses path. On failure returns NULL and writes "path:line: reason" into err.
 * Caller frees with jsondoc_free. */
jsondoc *jsondoc_load(const char *path, char *err, size_t errlen);

/* Parses text held in memory (len bytes, need not be NUL-terminated); name is used in errors. */
jsondoc *jsondoc_parse(const char *name, const char *text, size_t len, char *err, size_t errlen);

const cJSON *jsondoc_root(const jsondoc *d);           /* borrowed, valid until jsondoc_free */
const char *jsondoc_path(const jsondoc *d);            /* borrowed */
int jsondoc_line(const jsondoc *d, const cJSON *node); /* 1-based; 0 when node is not from d */
void jsondoc_free(jsondoc *d);

/* The one loader of careerbot's JSON data files (intents, careers, fields, the career test): loads
 * path, or reports why it cannot to d (file and line) and returns NULL. Caller frees. */
jsondoc *jsondoc_open(const char *path, diag *d);

/* Reports to d, with its line, every member of obj whose key is not one of keys[0..n):
 * "unknown field "K" in WHAT". Returns 0, or -1 when there was one. */
int jsondoc_check_keys(const jsondoc *doc, diag *d, const cJSON *obj, const char *const *keys, size_t n,
                       const char *what);

#endif
