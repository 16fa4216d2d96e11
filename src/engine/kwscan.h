/*
 * kwscan: finds which of many keywords occur in a text, in one pass (Aho-Corasick).
 *
 * The intents' keyword prefilter: rather than one strstr per keyword per intent per message, the
 * normalised message is read once and every keyword in it is marked. Keywords are byte strings
 * matched anywhere (as substrings), like strstr. Read-only after kwscan_finish; no globals.
 */
#ifndef CAREERBOT_KWSCAN_H
#define CAREERBOT_KWSCAN_H

#include <stddef.h>
#include <stdint.h>

typedef struct kwscan kwscan;

kwscan *kwscan_new(void);
void kwscan_free(kwscan *k);

/* Adds a keyword (NUL-terminated, non-empty); returns its id (0, 1, ...). The same keyword added
 * twice gets the same id. */
int kwscan_add(kwscan *k, const char *kw);

/* Builds the automaton; call once after the last kwscan_add. */
void kwscan_finish(kwscan *k);

size_t kwscan_count(const kwscan *k);

/* Keyword id as added (borrowed from k). */
const char *kwscan_keyword(const kwscan *k, int id);

/* The length of keyword id. */
size_t kwscan_len(const kwscan *k, int id);

/* Sets seen[id] to 1 for every keyword that occurs in text[0..len); seen has kwscan_count bytes,
 * cleared by the caller. When found is not NULL, the id of each keyword newly seen is appended to
 * it (at most max; *n_found counts them), so the caller can clear seen again in O(found). */
void kwscan_run(const kwscan *k, const char *text, size_t len, uint8_t *seen, int *found, size_t *n_found, size_t max);

/* Lists every occurrence in text[0..len) of a keyword (as a substring, a keyword occurring twice is
 * listed twice): writes at most max ids into found; returns how many occurrences there are (more
 * than max: some not listed). Needs no scratch, unlike kwscan_run. */
size_t kwscan_all(const kwscan *k, const char *text, size_t len, int *found, size_t max);

/* Lists every occurrence in text[0..len) of a keyword as whole words: not preceded and not followed
 * by a lower-case ASCII letter or a digit (normalised text is lower case; any other byte, '_' and
 * the bytes of multi-byte characters included, counts as no word character, so this is never
 * stricter than PCRE2's \b). A keyword occurring twice is listed twice, in the order the
 * occurrences end. Writes at most max ids into found, and where each starts into start (when not
 * NULL); returns how many occurrences there are (more than max: some not listed). */
size_t kwscan_words(const kwscan *k, const char *text, size_t len, int *found, size_t *start, size_t max);

#endif
