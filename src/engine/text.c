/* text: see text.h. */
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ===================== UTF-8 ===================== */

/* Decodes one code point at s (n bytes available). Returns its length, or 0 when the bytes are not
 * a valid sequence (the caller then treats one byte as U+FFFD). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool text_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    uint32_t cp;
    while (i < len) {
        size_t k = utf8_decode(p + i, len - i, &cp);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

size_t text_utf8_trim(const char *s, size_t len)
{
    size_t n = len;
    /* Step back over at most 3 continuation bytes to the lead byte of the last sequence. */
    size_t back = 0;
    while (back < 4 && n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80) {
        n--;
        back++;
    }
    if (n == 0)
        return 0;
    unsigned char lead = (unsigned char)s[n - 1];
    size_t want = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : 4;
    return back + 1 >= want ? len : n - 1;
}

static void put_utf8(sbuf *out, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) {
        b[0] = (char)cp;
        sbuf_append(out, b, 1);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        sbuf_append(out, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        sbuf_append(out, b, 3);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        sbuf_append(out, b, 4);
    }
}

/* ===================== Normalising a message ===================== */

/* Latin-1 letters U+00C0..U+00FF folded to lower-case ASCII; '\0' keeps the character. */
static const char latin1_fold[64] = {
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* C0-CF */
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   0,   /* D0-DF */
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i', /* E0-EF */
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y', /* F0-FF */
};

/* Maps one code point to its normalised ASCII text, or NULL to keep it (as UTF-8). */
static const char *fold_cp(uint32_t cp, char one[2])
{
    if (cp >= 0xC0 && cp <= 0xFF && latin1_fold[cp - 0xC0]) {
        one[0] = latin1_fold[cp - 0xC0];
        one[1] = '\0';
        return one;
    }
    switch (cp) {
    case 0xC6:
    case 0xE6:
        return "ae";
    case 0xDF:
        return "ss";
    case 0x152:
    case 0x153:
        return "oe";
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
        return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x2033:
    case 0xAB:
    case 0xBB:
        return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
        return "-";
    case 0x2026:
        return ".";
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return " ";
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
    case 0xAD:
        return "";
    default:
        break;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return " ";
    return NULL;
}

void text_normalise(const char *in, size_t len, sbuf *out)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t start = out->len;
    bool space = true; /* true at start: drops leading spaces */
    char last_punct = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, len - i, &cp);
        if (!k) {
            cp = 0xFFFD;
            k = 1;
        }
        i += k;
        char one[2];
        const char *rep = NULL;
        if (cp < 0x80) {
            one[0] = (char)cp;
            one[1] = '\0';
            if (cp >= 'A' && cp <= 'Z')
                one[0] = (char)(cp + 32);
            else if (cp < 0x20 || cp == 0x7F)
                one[0] = ' ';
            rep = one;
        } else {
            rep = fold_cp(cp, one);
        }
        if (!rep) {
            put_utf8(out, cp);
            space = false;
            last_punct = 0;
            continue;
        }
        for (const char *r = rep; *r; r++) {
            char c = *r;
            if (c == ' ' || c == '\t') {
                if (!space)
                    sbuf_putc(out, ' ');
                space = true;
                continue;
            }
            if (c == '?' || c == '!' || c == '.') {
                /* "???" → "?", "?!?!" → "?", "...." → "." */
                if (last_punct && !space) {
                    if (c == '?' && last_punct == '!')
                        out->p[out->len - 1] = '?', last_punct = '?';
                    continue;
                }
                if (last_punct && space) {
                    /* "what ? ?" : drop the space-separated repeat too */
                    continue;
                }
                last_punct = c;
                sbuf_putc(out, c);
                space = false;
                continue;
            }
            sbuf_putc(out, c);
            space = false;
            last_punct = 0;
        }
    }
    /* Trim a trailing space. */
    if (out->len > start && out->p[out->len - 1] == ' ')
        out->p[--out->len] = '\0';
    if (!out->p)
        sbuf_append(out, "", 0);
}

/* ===================== Name words ===================== */

static bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool is_article(const char *w, size_t n)
{
    return (n == 1 && w[0] == 'a') || (n == 2 && memcmp(w, "an", 2) == 0) || (n == 3 && memcmp(w, "the", 3) == 0);
}

/* English plural to singular, for ASCII words of four letters or more. It only has to be
 * consistent, since names and messages go through the same rule. */
size_t text_singular(char *w, size_t n)
{
    if (n < 4)
        return n;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)w[i] >= 0x80)
            return n;
    if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0) {
        w[n - 3] = 'y';
        return n - 2;
    }
    if (memcmp(w + n - 4, "sses", 4) == 0 || memcmp(w + n - 4, "ches", 4) == 0 || memcmp(w + n - 4, "shes", 4) == 0 ||
        (n > 4 && memcmp(w + n - 3, "xes", 3) == 0))
        return n - 2;
    if (w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
        return n - 1;
    return n;
}

static int cmp_abbrev(const void *k, const void *e)
{
    return strcmp(k, ((const text_abbrev *)e)->key);
}

/* The expansion of w, from abbrevs sorted by key (text_abbrev_sort), or NULL. */
static const char *abbrev_of(const text_abbrev *abbrevs, size_t n, const char *w)
{
    const text_abbrev *a = n ? bsearch(w, abbrevs, n, sizeof *abbrevs, cmp_abbrev) : NULL;
    return a ? a->value : NULL;
}

static int cmp_abbrevs(const void *x, const void *y)
{
    return strcmp(((const text_abbrev *)x)->key, ((const text_abbrev *)y)->key);
}

void text_abbrev_sort(text_abbrev *abbrevs, size_t n)
{
    if (n)
        qsort(abbrevs, n, sizeof *abbrevs, cmp_abbrevs);
}

static void push_word(text_words *out, const char *w, size_t n, size_t start, size_t end)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        out->v = xrealloc(out->v, out->cap * sizeof *out->v);
    }
    text_word *tw = &out->v[out->n++];
    if (n >= sizeof tw->w)
        n = sizeof tw->w - 1;
    memcpy(tw->w, w, n);
    tw->w[n] = '\0';
    tw->start = start;
    tw->end = end;
    tw->caps = false;
}

void text_words_split(const char *norm, size_t len, const text_abbrev *abbrevs, size_t n_abbrevs, text_words *out)
{
    const unsigned char *p = (const unsigned char *)norm;
    size_t i = 0;
    while (i < len) {
        if (p[i] == '&') {
            push_word(out, "and", 3, i, i + 1);
            i++;
            continue;
        }
        if (!is_word_byte(p[i])) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < len && is_word_byte(p[i]))
            i++;
        size_t e = i;
        /* "engineer's" → "engineer": skip a possessive 's. */
        if (i + 1 < len && p[i] == '\'' && p[i + 1] == 's' && (i + 2 >= len || !is_word_byte(p[i + 2])))
            i += 2;
        char w[48];
        size_t n = e - s < sizeof w - 1 ? e - s : sizeof w - 1;
        for (size_t k = 0; k < n; k++)
            w[k] = (char)(p[s + k] >= 'A' && p[s + k] <= 'Z' ? p[s + k] + 32 : p[s + k]);
        w[n] = '\0';
        if (is_article(w, n))
            continue;
        const char *exp = abbrev_of(abbrevs, n_abbrevs, w);
        if (!exp) {
            /* Plural short forms: "mles" is not a thing, but "llms" is; try the singular too. */
            n = text_singular(w, n);
            w[n] = '\0';
            exp = abbrev_of(abbrevs, n_abbrevs, w);
        }
        if (exp) {
            /* Expansion words share the span of the short form. */
            const char *q = exp;
            while (*q) {
                while (*q == ' ')
                    q++;
                const char *qs = q;
                while (*q && *q != ' ')
                    q++;
                if (q > qs) {
                    char ew[48];
                    size_t en = (size_t)(q - qs) < sizeof ew - 1 ? (size_t)(q - qs) : sizeof ew - 1;
                    memcpy(ew, qs, en);
                    en = text_singular(ew, en);
                    push_word(out, ew, en, s, e);
                }
            }
            continue;
        }
        push_word(out, w, n, s, e);
    }
}

void text_words_mark_caps(const char *raw, size_t len, text_words *w)
{
    for (size_t i = 0; i < len;) {
        if (!(raw[i] >= 'A' && raw[i] <= 'Z')) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && raw[j] >= 'A' && raw[j] <= 'Z')
            j++;
        bool whole = (i == 0 || !isalnum((unsigned char)raw[i - 1])) && (j == len || !isalnum((unsigned char)raw[j]));
        if (whole && j - i >= 2 && j - i <= 5) {
            char low[6];
            for (size_t k = i; k < j; k++)
                low[k - i] = (char)(raw[k] + 32);
            low[j - i] = '\0';
            for (size_t k = 0; k < w->n; k++)
                if (!strcmp(w->v[k].w, low))
                    w->v[k].caps = true;
        }
        i = j;
    }
}

void text_words_free(text_words *w)
{
    free(w->v);
    w->v = NULL;
    w->n = w->cap = 0;
}

void text_words_key(const text_words *w, size_t from, size_t to, sbuf *key)
{
    sbuf_reset(key);
    for (size_t i = from; i < to; i++) {
        if (i > from)
            sbuf_putc(key, ' ');
        sbuf_puts(key, w->v[i].w);
    }
    if (!key->p)
        sbuf_append(key, "", 0);
}

void text_name_key(const char *name, const text_abbrev *abbrevs, size_t n_abbrevs, sbuf *key)
{
    sbuf norm = SBUF_INIT;
    text_normalise(name, strlen(name), &norm);
    text_words w = {0};
    text_words_split(norm.p, norm.len, abbrevs, n_abbrevs, &w);
    sbuf tmp = SBUF_INIT;
    text_words_key(&w, 0, w.n, &tmp);
    sbuf_append(key, tmp.p, tmp.len);
    sbuf_free(&tmp);
    text_words_free(&w);
    sbuf_free(&norm);
}
