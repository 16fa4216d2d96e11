/*
 * names: the index from career names to careers, with spelling tolerance.
 *
 * A name is a sequence of normalised words (see text.h); names are kept in a trie over word ids, so
 * finding every name in a message costs a hash lookup or two per word, however many names there
 * are (about 60,000 with O*NET loaded). Each name has a strength: a stronger name for one career
 * hides a weaker one for another (a curated title beats an O*NET alternate title); names of equal
 * strength shared by several careers are ambiguous, and a lookup returns all of them.
 *
 * Words the index does not know are corrected to the closest known word within edit distance 1
 * (words of 4 to 6 letters) or 2 (longer words), by the symmetric-delete method; words listed as
 * stop words are never corrected. No globals; read-only after names_finish.
 */
#ifndef CAREERBOT_NAMES_H
#define CAREERBOT_NAMES_H

#include "text.h"

#include <stdbool.h>
#include <stddef.h>

#define NAMES_MAX_WORDS 24 /* longest name, in words */
#define NAMES_MAX_ALTS 4   /* careers returned for an ambiguous name */

typedef struct names names;

names *names_new(void);
void names_free(names *n);

/* Adds the name made of w->v[from..to) for career, with strength. Returns -1, or the career that
 * already holds exactly this name at the same strength (the name is then ambiguous). */
int names_add(names *n, const text_words *w, size_t from, size_t to, int career, int strength);

/* A word that is never corrected ("what", "does", ...). */
void names_add_stopword(names *n, const char *word);

/* Builds the spelling index; call once after the last names_add. */
void names_finish(names *n);

typedef struct names_hit {
    int career;               /* the career, or the first of alts when ambiguous */
    int alts[NAMES_MAX_ALTS]; /* every career of an ambiguous name */
    size_t n_alts;            /* 1 when the name is not ambiguous */
    size_t from, to;          /* the words it spans */
    int corrections;          /* words that were corrected to match */
    int strength;             /* the strength the name was added with */
} names_hit;

/* Finds the best name among w->v[from..to): the longest, then the one with fewer corrections, then
 * the leftmost; but a name of strength 0 (the weakest, a discipline) never wins over a stronger one
 * named before it ("lawyer" in "a lawyer without law school"). Returns true and fills hit, or false
 * when there is none. */
bool names_find(const names *n, const text_words *w, size_t from, size_t to, names_hit *hit);
/* names_find where words [from, to) are a career frame's slot ("what does a DO do?"): a short form
 * added with names_add_caps matches there when it is the whole slot, in any case. */
bool names_find_framed(const names *n, const text_words *w, size_t from, size_t to, names_hit *hit);
/* Where a one-word name counts besides typed in capitals (text_words_mark_caps). */
enum {
    NAMES_ANYWHERE,   /* an ordinary name */
    NAMES_IN_SLOT,    /* inside a career frame's slot (names_find_framed): "server", "nursing" */
    NAMES_WHOLE_SLOT, /* only as the whole slot: a short form that is a word ("DO", "PA") */
};
/* Adds the one-word name word of career that counts only in capitals or in frame (NAMES_IN_SLOT,
 * NAMES_WHOLE_SLOT), unless the same word is also an ordinary name. Returns as names_add. */
int names_add_framed(names *n, const text_word *word, int career, int strength, int frame);

/* The corrected form of one word, or NULL when it is known, a stop word, or has no close word. */
const char *names_correct(const names *n, const char *word);

size_t names_count(const names *n); /* names added */
/* True when word is listed as a stop word. */
bool names_is_stopword(const names *n, const char *word);
/* True when word is a word of some name added. */
bool names_is_name_word(const names *n, const char *word);
/* Frequent English words (content/common_words.json): never corrected, not an alias on their own.
 * word is borrowed until names_free. */
void names_add_common(names *n, const char *word);
bool names_is_common(const names *n, const char *word);
/* True when word is a word of some name, or a stop word. */
bool names_knows(const names *n, const char *word);

#endif
