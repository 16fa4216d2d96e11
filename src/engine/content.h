/*
 * content: the career store, loaded from content/ (format in content/README.md).
 *
 * Each career is one JSON record in content/careers/<id>.json, validated field by field against
 * the schema (schema.c: unknown fields, missing fields, wrong types and dangling references are
 * errors with file and line). The store keeps the parsed records and answers two questions fast:
 * which career has this id, and which career is named in these words (the alias index: every
 * title and other name under its normalised key, see text.h). It also holds the browse areas of
 * content/fields.json (areas.c): "field" in this header means a field of a career record, "area" a
 * field of work people browse by. Read-only after load; no globals, no sockets.
 */
#ifndef CAREERBOT_CONTENT_H
#define CAREERBOT_CONTENT_H

#include "names.h"
#include "text.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* The kinds of field a career record has; templates render each kind its own way. */
typedef enum content_kind {
    CK_STRING,  /* a short string (title, codes) */
    CK_TEXT,    /* a paragraph */
    CK_STRLIST, /* an array of short strings */
    CK_ITEMS,   /* an array of {name, text[, career]} */
    CK_REFS,    /* an array of career ids */
    CK_INT,     /* a small integer */
    CK_SCORES,  /* the six RIASEC interest scores, {"R": 1.0-7.0, ...} */
} content_kind;

typedef struct content content;

/* Loads every career under dir, and when onet_dir is not NULL merges the O*NET occupations found
 * there (see onet.h): a curated career with the same "soc" wins. Every problem goes to d; returns
 * NULL when there was any error. Caller frees with content_free. */
content *content_load(const char *dir, const char *onet_dir, const char *bls_dir, diag *d);
void content_free(content *c);

size_t content_count(const content *c);
const cJSON *content_record(const content *c, size_t i); /* borrowed, valid until content_free */
const char *content_id(const content *c, size_t i);      /* borrowed */
const char *content_title(const content *c, size_t i);   /* borrowed */
int content_find_id(const content *c, const char *id);   /* index, or -1 */

/* The field's kind, or -1 when career records have no such field. */
int content_field_kind(const char *field);
/* A field of career i's record ("summary", "related", ...), or NULL when absent or unknown; a
 * lookup in a table made at load, for the hot path of replies. Borrowed. */
const cJSON *content_get(const content *c, size_t i, const char *field);

/* Finds the best career name among w->v[from..to) (see names_find). Returns true and fills hit. */
/* content/modifiers.json: a word that may stand before a career's name without making it another
 * job ("senior", or any stop word); a job word that after one does ("tech", "manager"). Words are
 * as text_words keeps them (singular). */
bool content_is_modifier(const content *c, const char *word);
bool content_is_head(const content *c, const char *word);
/* A frequent English word (content/common_words.json), as text_words keeps it. */
bool content_is_common(const content *c, const char *word);
/* Careers with a title or curated name that holds every word of words [from, to) other than
 * modifiers ("diesel" is a part of "Diesel Mechanic"), into out; returns how many (max + 1: more). */
size_t content_partial(const content *c, const text_words *w, size_t from, size_t to, int *out, size_t max);
bool content_find_name(const content *c, const text_words *w, size_t from, size_t to, names_hit *hit);
/* The same over a career frame's slot: a short form that is a common word counts there (names.h). */
bool content_find_name_framed(const content *c, const text_words *w, size_t from, size_t to, names_hit *hit);

/* "$97,550" (whole dollars with thousands separators) or, hourly, "$46.90": BLS figures as read. */
void content_money(sbuf *out, double v, bool hourly);

/* Career i's BLS median annual pay (-1 without, or when BLS publishes hourly pay only) and
 * projected change in percent (NAN without); returns whether BLS publishes a wage for it. */
bool content_pay(const content *c, size_t i, double *median, double *change);

/* The writing standard of the curated careers (lint.c): lengths, sentences shared by more than
 * two records, acronyms, education against BLS; returns the errors (warnings go to d too). */
int content_lint(const content *c, diag *d);

/* True when career i comes from O*NET rather than content/. */
bool content_is_onet(const content *c, size_t i);
/* names_hit.strength of a discipline name ("graphic design" for a graphic designer), the weakest kind. */
#define CONTENT_NAME_DISCIPLINE 0

/* True when word (normalised) is a word of some career's name (stop and common words aside). */
bool content_knows_name_word(const content *c, const char *word);
/* True when word (normalised) is a word of some career name, or a stop word. */
bool content_knows_word(const content *c, const char *word);
size_t content_curated_count(const content *c);

/* Areas people browse by (content/fields.json): the area whose name occurs, as whole words, in
 * the normalised text norm (the longest name wins), or -1. *at and *len (may be NULL) get the bytes
 * of norm that the name spans. */
int content_area_find(const content *c, const char *norm, size_t *at, size_t *len);
const char *content_area_title(const content *c, int area); /* borrowed */
/* Whether career k is in area. */
bool content_in_area(const content *c, int area, size_t k);
/* Career k's BLS typical entry education: 0 no formal credential ... 7 doctoral, or -1 unknown. */
int content_entry(const content *c, size_t k);
/* The careers of an area, curated ones first: fills out[0..max) and returns how many there are
 * in all. */
size_t content_area_careers(const content *c, int area, int *out, size_t max);
/* The careers of area (-1: all) with a BLS figure to sort by (sort 'p': median pay, 'g': projected
 * growth), highest first, whose typical entry education is at most max_entry (-1: any; 3: no degree)
 * and whose median is at least min_pay (0: any): the first max into out; returns how many qualify. */
size_t content_ranked(const content *c, int area, char sort, int max_entry, double min_pay, int *out, size_t max);

/* The name users see of interest type t (0 = R ... 5 = C; riasec.h), from the career test's
 * content/test/test.json "types"; the letter when there is no such file. Borrowed. */
const char *content_interest_name(const content *c, int type);

/* The abbreviation table, for text_words_split. Borrowed. */
const text_abbrev *content_abbrevs(const content *c, size_t *n);

#endif
