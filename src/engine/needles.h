/*
 * needles: the literal strings a pattern cannot match without, read from its source.
 *
 * needles_of gives a set of strings such that every match of the pattern contains at least one of
 * them (a disjunction: "kill", "suicid" or "die"), or no set when it cannot tell. The engine finds
 * every pattern's needles in one Aho-Corasick pass over a message (kwscan) and tries a pattern only
 * when one of its needles occurs, so a pattern costs nothing on the messages it cannot match, however
 * many patterns there are. The set is computed, never written by hand: it cannot fall out of step
 * with the pattern.
 *
 * The reading is conservative. Only what is certain to be consumed counts: literals, small classes
 * of literal characters ("[ -]"), groups and alternatives; optional parts, lookarounds and anchors
 * add nothing; a construct it does not know (backreferences, recursion, conditionals, \Q..\E,
 * (*ACCEPT), extended mode) gives no set at all. Patterns are compiled caseless (pattern.h) and
 * matched against normalised, lower-case text, so needles are lower case; the two non-ASCII
 * characters that PCRE2 folds onto ASCII letters (U+017F, U+212A) are the caller's to check
 * (needles_fold_trap). No globals, no allocation: the caller passes the storage.
 */
#ifndef CAREERBOT_NEEDLES_H
#define CAREERBOT_NEEDLES_H

#include <stdbool.h>
#include <stddef.h>

#define NEEDLES_MAX 128  /* strings in one set; more and the set is given up */
#define NEEDLE_BYTES 24  /* longest needle kept */
#define NEEDLE_MIN_LEN 2 /* a set whose shortest string is shorter filters nothing worth a check */

typedef struct needles {
    char v[NEEDLES_MAX][NEEDLE_BYTES + 1]; /* the strings, NUL-terminated, lower case */
    size_t n;                              /* how many; 0: no set (try the pattern on every text) */
} needles;

/* Reads the pattern src (NUL-terminated, as written in an intents file) into out. Returns out->n:
 * 0 when the pattern has no needles worth checking, or could not be read. */
size_t needles_of(const char *src, needles *out);

/* Whether text[0..len) holds a character that a caseless pattern matches as an ASCII letter while
 * no needle would see it (the long s and the Kelvin sign): then every pattern must be tried. */
bool needles_fold_trap(const char *text, size_t len);

#endif
