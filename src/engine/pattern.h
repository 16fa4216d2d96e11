/*
 * pattern: the one way careerbot compiles and runs the PCRE2 patterns written in its data (the
 * intents' patterns and the career test's answer patterns), with one set of flags and limits.
 *
 * Patterns are written by people, compiled once at load (UTF, Unicode properties, caseless, no \C,
 * at most PATTERN_MAX_BYTES, parentheses nested at most 50 deep) and matched against normalised
 * text (valid UTF-8, lower case) under a match context that bounds the work of one match: a pattern
 * that hits a limit counts as no match. pattern_adversarial gives the strings `careerbot check`
 * tries every pattern on, so a pattern that would hit a limit on real input is caught before it
 * ships. No state of its own: compiled patterns and contexts belong to their callers.
 */
#ifndef CAREERBOT_PATTERN_H
#define CAREERBOT_PATTERN_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include "util.h"

#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#define PATTERN_MAX_BYTES 2000      /* longer than any sensible pattern: a mistake */
#define PATTERN_MATCH_LIMIT 100000u /* default match limit (engine_opts.match_limit overrides) */
#define PATTERN_DEPTH_LIMIT 5000u
#define PATTERN_HEAP_LIMIT_KIB (20u * 1024u)

/* Compiles src (NUL-terminated). Returns 0 and sets *out (caller frees with pcre2_code_free), or
 * a negative PCRE2 error code with "error at offset N: reason" in err. JIT compilation is tried;
 * its result (0: compiled) goes to *jit_rc: without JIT the interpreter still matches, and
 * `careerbot check` reports it. */
int pattern_compile(const char *src, pcre2_code **out, int *jit_rc, char *err, size_t errlen);

/* A match context with the limits above; match_limit 0 means PATTERN_MATCH_LIMIT. Caller frees
 * with pcre2_match_context_free. Returns NULL when out of memory. */
pcre2_match_context *pattern_context_new(unsigned match_limit);

/* Matches re against text[0..len) (valid UTF-8: it is not checked again). Returns what pcre2_match
 * returns: >= 0 a match, PCRE2_ERROR_NOMATCH, or another negative code (a limit was hit). */
int pattern_match(const pcre2_code *re, const char *text, size_t len, pcre2_match_data *md, pcre2_match_context *mctx);

/* As pattern_match, from byte start of text (lookbehinds still see what comes before); no match
 * when start is past len. */
int pattern_match_from(const pcre2_code *re, const char *text, size_t len, size_t start, pcre2_match_data *md,
                       pcre2_match_context *mctx);

/* Whether rc from pattern_match is a limit hit or another error rather than a match or no match. */
bool pattern_failed(int rc);

/* The message for a PCRE2 error code, into buf. Returns buf. */
const char *pattern_strerror(int rc, char *buf, size_t cap);

/* The adversarial strings: long runs of the words and separators patterns look for, each
 * normalised as a message would be and cut to max bytes. k < pattern_adversarial_count(). */
size_t pattern_adversarial_count(void);
void pattern_adversarial(size_t k, size_t max, sbuf *out);

#endif
