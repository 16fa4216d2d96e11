/*
 * riasec: the facts of Holland's six interest types (RIASEC) that code relies on, in one place.
 *
 * A type is an index 0..5 in the order R, I, A, S, E, C (Realistic, Investigative, Artistic,
 * Social, Enterprising, Conventional); that order is also the order of ties. Six scores are kept
 * as double[6] in that order, and as {"R": x, "I": x, ...} in career records. This module holds
 * the letters, the names as O*NET's files spell them (a file format fact: words shown to users come
 * from content/test/test.json's "types"), the one ordering of six scores, and the reader of
 * test.json's "types". No state, no I/O besides the diagnostics it is handed.
 */
#ifndef CAREERBOT_RIASEC_H
#define CAREERBOT_RIASEC_H

#include "jsondoc.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

#define RIASEC_TYPES 6
#define RIASEC_LETTERS "RIASEC" /* letter of type t: RIASEC_LETTERS[t] */

/* The letter of type t (0..5), or '?' when t is out of range. */
char riasec_letter(int t);
/* The type of letter c ('R' ... 'C', upper case only), or -1. */
int riasec_index(char c);
/* The name of type t as O*NET's Interests.txt writes it ("Realistic", ...), or NULL when t is out
 * of range. Borrowed, static. Not for users: their words come from test.json. */
const char *riasec_onet_name(int t);

/* Orders the six types by score, highest first; ties keep RIASEC order. order[0] is the top type.
 * NaN scores never move (they compare false). */
void riasec_order(const double scores[RIASEC_TYPES], int order[RIASEC_TYPES]);

/* The Pearson correlation of two six-score profiles, or 0 when either is flat (no variance). */
double riasec_correlation(const double a[RIASEC_TYPES], const double b[RIASEC_TYPES]);

/* True when s is an interest code: three different letters of RIASEC ("ICA"). */
bool riasec_is_code(const char *s);

/* Reads {"R": x, "I": x, ...} (a career's "interests") into out; a missing or non-number score is
 * NAN. Returns true when all six are numbers. */
bool riasec_read(const cJSON *obj, double out[RIASEC_TYPES]);

/* Reads test.json's "types" (an array of {"letter", "name", "plain"} in R, I, A, S, E, C order) of
 * doc into name[] and plain[] (borrowed from doc; NULL where missing). Problems go to d with the
 * file and line. Returns 0, or -1 when it reported a problem. */
int riasec_types_read(const jsondoc *doc, const cJSON *types, const char *name[RIASEC_TYPES],
                      const char *plain[RIASEC_TYPES], diag *d);

#endif
