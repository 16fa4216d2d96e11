/*
 * text: the normaliser every message and every career name goes through.
 *
 * text_normalise makes a message easy to match: valid UTF-8 (bad bytes become U+FFFD), ASCII lower
 * case, accents of Latin letters folded (é → e), typographic quotes, dashes and spaces made ASCII,
 * control characters as spaces, runs of spaces collapsed, runs of ?, ! and . shortened to one, ends
 * trimmed. Done once per message; the intent patterns run on its output.
 *
 * text_words splits normalised text into name words for the alias index: letters and digits only,
 * articles dropped, each word made singular, short forms expanded (ml → machine learning). Each
 * word remembers the byte span it came from, so a regex slot can be mapped back onto words.
 * Pure functions: no globals, no I/O.
 */
#ifndef CAREERBOT_TEXT_H
#define CAREERBOT_TEXT_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

/* Appends the normalised form of in[0..len) to out. */
void text_normalise(const char *in, size_t len, sbuf *out);

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
bool text_valid_utf8(const char *s, size_t len);

/* Largest n <= len such that s[0..n) does not end inside a UTF-8 sequence. */
size_t text_utf8_trim(const char *s, size_t len);

typedef struct text_abbrev {
    const char *key;   /* one lower-case word, e.g. "ml" */
    const char *value; /* what it stands for, e.g. "machine learning" */
} text_abbrev;

typedef struct text_word {
    char w[48];        /* the word, singular, lower case (longer words are cut) */
    size_t start, end; /* byte span in the normalised text it came from */
    bool caps;         /* typed in capitals ("DO", "RN"): see text_words_mark_caps */
} text_word;

typedef struct text_words {
    text_word *v; /* owned */
    size_t n, cap;
} text_words;

/* Sorts abbreviations by key, as text_words_split and text_name_key need them. */
void text_abbrev_sort(text_abbrev *abbrevs, size_t n);

/* Splits norm[0..len) (output of text_normalise) into words, appending to out. abbrevs (sorted by
 * key, see text_abbrev_sort) may be NULL. */
void text_words_split(const char *norm, size_t len, const text_abbrev *abbrevs, size_t n_abbrevs, text_words *out);
void text_words_free(text_words *w); /* frees the words; w itself is the caller's */

/* Marks the words of w that raw[0..len) (the message before text_normalise) has in capitals: a
 * whole token of two to five letters A to Z ("DO", "EMT"), so that a short form that is also a
 * common word ("do", "pa") can be told apart from it. */
void text_words_mark_caps(const char *raw, size_t len, text_words *w);

/* English plural to singular in place ("nurses" -> "nurse", "salaries" -> "salary"), for ASCII words
 * of four letters or more; returns the new length. The rule that names and messages share. */
size_t text_singular(char *w, size_t n);

/* Writes the words v[from..to) joined by single spaces into key (cleared first). */
void text_words_key(const text_words *w, size_t from, size_t to, sbuf *key);

/* The normalised name key of a career title or other name ("ML Engineers" → "machine learning
 * engineer"). Appends to key. */
void text_name_key(const char *name, const text_abbrev *abbrevs, size_t n_abbrevs, sbuf *key);

#endif
