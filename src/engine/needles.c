/*
 * needles: the literal strings a pattern cannot match without (needles.h).
 *
 * A recursive reading of the pattern's syntax. Each piece gets two sets:
 *   exact  every string the piece can match, when they are few and short (else "top": unknown);
 *   req    strings one of which every match of the piece contains (else "top": no constraint).
 * A sequence multiplies the exact sets of consecutive pieces while they stay small ("end " x
 * "my life"), and keeps the most telling run as its req; alternatives unite their sets; a piece
 * that may be absent (?, *, {0,n}) requires nothing. Every rule keeps the invariant "every match
 * contains one string of req", which is all the filter relies on.
 */
#include "needles.h"

#include <string.h>

#define PRODUCT_MAX 32 /* strings in a run's exact set: past that, a new run starts */

typedef struct nset {
    char v[NEEDLES_MAX][NEEDLE_BYTES + 1];
    size_t n;
    bool top; /* unknown (exact) or no constraint (req) */
} nset;

struct info {
    nset exact;
    nset req;
    bool rep; /* repeated (x+, x{2,}): exact is the strings of one copy, the match several in a row */
};

struct rd {
    const char *s;
    size_t i, n;
    bool bail; /* a construct this reading does not know: no needles */
    int depth;
};

/* ===================== Sets ===================== */

static void set_top(nset *x)
{
    x->n = 0;
    x->top = true;
}

static void set_word(nset *x, const char *w, size_t len)
{
    x->top = false;
    x->n = 1;
    memcpy(x->v[0], w, len);
    x->v[0][len] = '\0';
}

static bool set_has(const nset *x, const char *w)
{
    for (size_t k = 0; k < x->n; k++)
        if (!strcmp(x->v[k], w))
            return true;
    return false;
}

/* dst |= src; top when either is, or when the union is too large. */
static void set_union(nset *dst, const nset *src)
{
    if (dst->top || src->top) {
        set_top(dst);
        return;
    }
    for (size_t k = 0; k < src->n; k++) {
        if (set_has(dst, src->v[k]))
            continue;
        if (dst->n == NEEDLES_MAX) {
            set_top(dst);
            return;
        }
        strcpy(dst->v[dst->n++], src->v[k]);
    }
}

/* dst = dst x b (every string of dst followed by every string of b). False, dst unchanged, when the
 * product would be too large or a string too long: the caller starts a new run. */
static bool set_product(nset *dst, const nset *b)
{
    if (dst->top || b->top || dst->n * b->n > PRODUCT_MAX)
        return false;
    for (size_t i = 0; i < dst->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (strlen(dst->v[i]) + strlen(b->v[j]) > NEEDLE_BYTES)
                return false;
    nset out = {.n = 0, .top = false};
    for (size_t i = 0; i < dst->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            char w[2 * NEEDLE_BYTES + 1];
            strcpy(w, dst->v[i]);
            strcat(w, b->v[j]);
            if (!set_has(&out, w))
                strcpy(out.v[out.n++], w);
        }
    *dst = out;
    return true;
}

static size_t shortest(const nset *x)
{
    size_t min = NEEDLE_BYTES;
    for (size_t k = 0; k < x->n; k++)
        if (strlen(x->v[k]) < min)
            min = strlen(x->v[k]);
    return x->top || !x->n ? 0 : min;
}

/* How telling a req set is: none at all, then by its shortest string (up to 6 bytes), then the fewer
 * strings the better. */
static int score(const nset *x)
{
    size_t min = shortest(x);
    if (min == 0)
        return -1;
    return (int)(min < 6 ? min : 6) * (NEEDLES_MAX + 1) - (int)x->n;
}

static void consider(nset *best, const nset *cand)
{
    if (score(cand) > score(best))
        *best = *cand;
}

/* A piece that consumes nothing (an anchor, a lookaround): exactly "", requires nothing. */
static void info_empty(struct info *a)
{
    set_word(&a->exact, "", 0);
    set_top(&a->req);
}

/* A piece that consumes something unknown (".", "\w", a large class). */
static void info_any(struct info *a)
{
    set_top(&a->exact);
    set_top(&a->req);
}

static void info_char(struct info *a, char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    set_word(&a->exact, &c, 1);
    a->req = a->exact;
}

/* ===================== Reading ===================== */

static void read_alt(struct rd *r, struct info *out);

static bool at(const struct rd *r, const char *lit)
{
    size_t len = strlen(lit);
    return r->i + len <= r->n && !memcmp(r->s + r->i, lit, len);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Skips to just past the next close (a "}" or ">"); bails when there is none. */
static void skip_past(struct rd *r, char close)
{
    while (r->i < r->n && r->s[r->i] != close)
        r->i++;
    if (r->i >= r->n)
        r->bail = true;
    else
        r->i++;
}

/* After a backslash outside a class. */
static void read_escape(struct rd *r, struct info *a)
{
    if (r->i >= r->n) {
        r->bail = true;
        return;
    }
    char c = r->s[r->i++];
    if (strchr("bBAZzGKE", c)) {
        info_empty(a);
    } else if (strchr("dDwWsShHvVRX", c)) {
        info_any(a);
    } else if (c == 'x' || c == 'o' || c == 'p' || c == 'P') {
        if (r->i < r->n && r->s[r->i] == '{')
            skip_past(r, '}');
        else if (c == 'x')
            for (int k = 0; k < 2 && r->i < r->n && r->s[r->i] && strchr("0123456789abcdefABCDEF", r->s[r->i]); k++)
                r->i++;
        else if (c == 'p' || c == 'P')
            r->i++;
        info_any(a);
    } else if (c == 'n' || c == 't' || c == 'r' || c == 'f' || c == 'e' || c == 'a') {
        info_any(a);
    } else if (is_alnum(c) || (unsigned char)c >= 0x80) {
        r->bail = true; /* backreferences (\1, \g, \k), \Q, \N, \c, octal: not read */
    } else {
        info_char(a, c); /* "\." "\-" "\'" "\ ": the character itself */
    }
}

/* After "[": a class. Exact when it lists a few plain ASCII characters ("[ -]", "[1!]"). */
static void read_class(struct rd *r, struct info *a)
{
    bool negated = at(r, "^"), plain = true;
    if (negated)
        r->i++;
    nset chars = {.n = 0, .top = false};
    bool first = true;
    while (r->i < r->n && (r->s[r->i] != ']' || first)) {
        first = false;
        char c = r->s[r->i++];
        if (c == '[' && r->i < r->n && r->s[r->i] == ':') {
            plain = false;
            while (r->i + 1 < r->n && !(r->s[r->i] == ':' && r->s[r->i + 1] == ']'))
                r->i++;
            r->i += 2;
            continue;
        }
        if (c == '\\') {
            if (r->i >= r->n)
                break;
            c = r->s[r->i++];
            if (is_alnum(c) || (unsigned char)c >= 0x80) {
                plain = false; /* \w, \d, \x{..}: not listed */
                if ((c == 'x' || c == 'p' || c == 'P' || c == 'o') && r->i < r->n && r->s[r->i] == '{')
                    skip_past(r, '}');
                continue;
            }
        } else if ((unsigned char)c >= 0x80) {
            plain = false;
            continue;
        }
        if (r->i + 1 < r->n && r->s[r->i] == '-' && r->s[r->i + 1] != ']') {
            plain = false; /* a range */
            r->i += 2;
            if (r->s[r->i - 1] == '\\' && r->i < r->n)
                r->i++;
            continue;
        }
        char w[2] = {c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c, '\0'};
        if (!set_has(&chars, w) && chars.n < NEEDLES_MAX)
            strcpy(chars.v[chars.n++], w);
        else if (!set_has(&chars, w))
            plain = false;
    }
    if (r->i >= r->n) {
        r->bail = true;
        return;
    }
    r->i++; /* "]" */
    if (negated || !plain || chars.n == 0 || chars.n > 8) {
        info_any(a);
        return;
    }
    a->exact = chars;
    a->req = chars;
}

/* After "(": the group's kind, then its inside. */
static void read_group(struct rd *r, struct info *a)
{
    bool assertion = false;
    if (at(r, "*")) { /* (*MARK:x), (*SKIP), ...: nothing consumed; (*ACCEPT) ends a match early */
        if (at(r, "*ACCEPT") || at(r, "*ACCEPT:"))
            r->bail = true;
        skip_past(r, ')');
        info_empty(a);
        return;
    }
    if (at(r, "?#")) {
        skip_past(r, ')');
        info_empty(a);
        return;
    }
    if (at(r, "?")) {
        r->i++;
        char c = r->i < r->n ? r->s[r->i] : '\0';
        if (c == ':' || c == '>' || c == '|') {
            r->i++;
        } else if (c == '=' || c == '!' || at(r, "<=") || at(r, "<!")) {
            assertion = true;
            r->i += c == '<' ? 2 : 1;
        } else if (c == '<' || c == '\'' || at(r, "P<")) { /* a named group: (?<n>, (?'n', (?P<n> */
            r->i++;
            skip_past(r, c == '\'' ? '\'' : '>');
        } else {
            /* Option letters: (?i), (?-i), (?i:...); extended mode changes what spaces mean. */
            size_t from = r->i;
            while (r->i < r->n && (strchr("imnsxJU^-", r->s[r->i]) && r->s[r->i]))
                r->i++;
            if (r->i == from || r->i >= r->n || (r->s[r->i] != ')' && r->s[r->i] != ':') ||
                memchr(r->s + from, 'x', r->i - from)) {
                r->bail = true; /* recursion, conditionals, callouts, (?x) */
                return;
            }
            if (r->s[r->i++] == ')') {
                info_empty(a);
                return;
            }
        }
    }
    if (++r->depth > 60) {
        r->bail = true;
        return;
    }
    read_alt(r, a);
    r->depth--;
    if (!at(r, ")")) {
        r->bail = true;
        return;
    }
    r->i++;
    if (assertion)
        info_empty(a);
}

static void read_atom(struct rd *r, struct info *a)
{
    char c = r->s[r->i++];
    if (c == '(')
        read_group(r, a);
    else if (c == '[')
        read_class(r, a);
    else if (c == '\\')
        read_escape(r, a);
    else if (c == '.')
        info_any(a);
    else if (c == '^' || c == '$')
        info_empty(a);
    else if (c == '*' || c == '+' || c == '?')
        r->bail = true; /* a quantifier with nothing before it: the pattern would not compile */
    else if ((unsigned char)c >= 0x80) {
        while (r->i < r->n && ((unsigned char)r->s[r->i] & 0xC0) == 0x80)
            r->i++; /* one character, whole */
        info_any(a);
    } else
        info_char(a, c);
}

/* "{n}", "{n,}", "{n,m}" at r->i: true and the bounds (max -1: none). Anything else is a literal
 * "{" in PCRE2 10.42, except "{,m}", which later versions read as {0,m}: taken as that, which
 * requires less, so it is safe either way. */
static bool read_braces(struct rd *r, long *min, long *max)
{
    size_t j = r->i + 1;
    long lo = 0, hi = -1;
    bool digits = false;
    while (j < r->n && is_digit(r->s[j]) && lo < 100000)
        lo = lo * 10 + (r->s[j++] - '0'), digits = true;
    if (j < r->n && r->s[j] == '}' && digits) {
        hi = lo;
    } else if (j < r->n && r->s[j] == ',') {
        j++;
        bool hd = false;
        long h = 0;
        while (j < r->n && is_digit(r->s[j]) && h < 100000)
            h = h * 10 + (r->s[j++] - '0'), hd = true;
        if (j >= r->n || r->s[j] != '}' || (!digits && !hd))
            return false;
        hi = hd ? h : -1;
    } else {
        return false;
    }
    *min = lo;
    *max = hi;
    r->i = j + 1;
    return true;
}

/* A quantifier after an atom, applied to it. */
static void read_quantifier(struct rd *r, struct info *a)
{
    long min = 1, max = 1;
    if (at(r, "?"))
        min = 0, r->i++;
    else if (at(r, "*"))
        min = 0, max = -1, r->i++;
    else if (at(r, "+"))
        max = -1, r->i++;
    else if (!(at(r, "{") && read_braces(r, &min, &max)))
        return;
    if (at(r, "?") || at(r, "+"))
        r->i++; /* lazy or possessive: the same strings */
    if (min == 0) {
        if (max == 1 && !a->exact.top) {
            nset empty;
            set_word(&empty, "", 0);
            set_union(&a->exact, &empty);
        } else {
            set_top(&a->exact);
        }
        set_top(&a->req);
    } else if (!(min == 1 && max == 1)) {
        a->rep = !a->exact.top; /* repeated: a match starts and ends with one whole copy */
    }
}

/* A run of atoms up to "|", ")" or the end. */
static void read_seq(struct rd *r, struct info *out)
{
    nset cur, best;
    set_word(&cur, "", 0);
    set_top(&best);
    bool whole = true; /* cur is still the exact set of the whole run */
    while (r->i < r->n && !r->bail && r->s[r->i] != '|' && r->s[r->i] != ')') {
        struct info a;
        a.rep = false;
        read_atom(r, &a);
        if (r->bail)
            break;
        read_quantifier(r, &a);
        consider(&a.req, &a.exact);
        consider(&best, &a.req);
        if (a.exact.top) {
            consider(&best, &cur);
            set_word(&cur, "", 0);
            whole = false;
        } else if (a.rep) { /* "h+i+": the run so far ends at the first copy, the next starts at the last */
            set_product(&cur, &a.exact); /* or, too large, the run before it alone */
            consider(&best, &cur);
            cur = a.exact;
            whole = false;
        } else if (!set_product(&cur, &a.exact)) {
            consider(&best, &cur);
            cur = a.exact;
            whole = false;
        }
    }
    consider(&best, &cur);
    out->exact = cur;
    if (!whole)
        set_top(&out->exact);
    out->req = best;
}

/* Alternatives separated by "|", up to ")" or the end. */
static void read_alt(struct rd *r, struct info *out)
{
    read_seq(r, out);
    while (!r->bail && at(r, "|")) {
        r->i++;
        struct info b;
        read_seq(r, &b);
        set_union(&out->exact, &b.exact);
        set_union(&out->req, &b.req);
    }
    if (!out->exact.top)
        consider(&out->req, &out->exact);
}

size_t needles_of(const char *src, needles *out)
{
    out->n = 0;
    struct rd r = {.s = src, .i = 0, .n = strlen(src), .bail = false, .depth = 0};
    static const char *const head[] = {"(*UTF)", "(*UCP)", "(*NO_JIT)", "(*NO_START_OPT)"};
    for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
        if (at(&r, head[k]))
            r.i += strlen(head[k]);
    struct info whole;
    read_alt(&r, &whole);
    if (r.bail || r.i != r.n)
        return 0; /* not read to the end: an unbalanced ")" or an unknown construct */
    const nset *req = &whole.req;
    if (shortest(req) < NEEDLE_MIN_LEN)
        return 0;
    for (size_t k = 0; k < req->n; k++)
        strcpy(out->v[k], req->v[k]);
    out->n = req->n;
    return out->n;
}

bool needles_fold_trap(const char *text, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        const unsigned char *p = (const unsigned char *)text + i;
        if (p[0] == 0xC5 && p[1] == 0xBF) /* U+017F long s */
            return true;
        if (i + 2 < len && p[0] == 0xE2 && p[1] == 0x84 && p[2] == 0xAA) /* U+212A Kelvin sign */
            return true;
    }
    return false;
}
