/*
 * template: the response templates of intents/, compiled once at load and rendered per reply.
 *
 * A template is text with variables in braces: {career.summary}, {career.duties|list},
 * {career.title|a}, {slot.career}, {item.title}, {other.title}. The namespace says where the value
 * comes from (career: the career the reply is about; other: the second career of a comparison;
 * item: a career in a generated quick-reply list; slot: a named group of the pattern that matched), the field names a
 * career field (content.h) or a slot, and the optional filter says how to render it: (none)  strings as they are; lists
 * of strings and career references joined with commas and "and"; lists of {name, text} as bullet lines "- **name**:
 * text" list    one bullet line per entry        comma  entries (or item names) joined with commas names   the names of
 * {name, text} items, joined with commas a       a string with "a" or "an" before it           count  how many entries
 * first   a string's first sentence (chat-sized replies: the rest is a button away)
 * "{{" and "}}" stand for literal braces. What a missing field leaves empty goes: a paragraph (text between
 * blank lines) or a "(...)" whose variables all render empty, and a line that ends with an empty variable. Compiling
 * checks the syntax only; the intent loader checks that every name exists. No globals.
 */
#ifndef CAREERBOT_TEMPLATE_H
#define CAREERBOT_TEMPLATE_H

#include "content.h"
#include "util.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum tpl_ns { TPL_LITERAL, TPL_CAREER, TPL_ITEM, TPL_SLOT, TPL_OTHER } tpl_ns;
typedef enum tpl_filter { TF_NONE, TF_LIST, TF_COMMA, TF_NAMES, TF_A, TF_COUNT, TF_FIRST } tpl_filter;

typedef struct tpl_seg {
    tpl_ns ns;
    char *text; /* literal text, or the field / slot name (owned) */
    tpl_filter filter;
} tpl_seg;

typedef struct tpl {
    tpl_seg *v; /* owned */
    size_t n;
} tpl;

/* Compiles src. On a syntax error returns -1 with the reason in err. Free with tpl_free. */
int tpl_compile(const char *src, tpl *out, char *err, size_t errlen);
void tpl_free(tpl *t);

/* Where rendering finds its values. */
typedef struct tpl_ctx {
    const content *c;
    int career; /* index for career.*, or -1 */
    int item;   /* index for item.*, or -1 */
    int other;  /* index for other.* (the second career of a comparison), or -1 */
    /* Returns the text of slot name (len bytes; not NUL-terminated), or NULL when unset. */
    const char *(*slot)(void *ud, const char *name, size_t *len);
    void *slot_ud;
} tpl_ctx;

/* Appends the rendering of t to out. */
void tpl_render(const tpl *t, const tpl_ctx *ctx, sbuf *out);

/* True when career field is present and non-empty on career idx (for "if"/"unless" in intents). */
bool tpl_field_present(const content *c, int career, const char *field);

#endif
