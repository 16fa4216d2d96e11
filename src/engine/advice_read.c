/*
 * advice_read: a message read with the lexicon of content/advice.json into a profile: the phrases
 * found as whole words (longest first), negations reaching forward within their clause ("I can't
 * code", "no nights or weekends") and undone ("I don't mind blood"), limits that describe the past
 * ("for two years") left out, and fields ruled out ("not in healthcare").
 */
#include "engine_int.h"

#include <string.h>

#define MAX_TOKS 256
#define MAX_MATCHES 96
#define NEG_REACH 4 /* words a negation reaches forward */
/* The kinds of phrase read in one pass (the others are read apart, or only where they stand) */
#define READ_KINDS                                                                                                     \
    (~0u & ~(1u << AK_DEGREE) & ~(1u << AK_QUESTION) & ~(1u << AK_SKIP) & ~(1u << AK_OTHERS) & ~(1u << AK_SAYS) &      \
     ~(1u << AK_HOBBY) & ~(1u << AK_LEAVE) & ~(1u << AK_WORKPLACE) & ~(1u << AK_FORMAT))

struct tok {
    size_t start, len;
    bool stop;     /* a clause ends before it (",", ".", "but") */
    const char *w; /* the word as the lexicon spells it ("wiv": "with", "talkin": "talking"); borrowed */
    size_t wl;
};

struct match {
    const struct advice_phrase *ph;
    size_t at, n; /* tokens */
};

/* The word at s (n bytes) as the lexicon spells it: "spellings", or a dropped g ("talkin") of a word of its phrases. */
static void respell(const advice *a, const char *s, size_t n, struct tok *t)
{
    char buf[64];
    int k = a ? strmap_get(&a->spell, s, n) : -1;
    t->w = s;
    t->wl = n;
    if (k >= 0) {
        t->w = a->spell_to[k];
        t->wl = strlen(t->w);
    } else if (a && n >= 4 && n < sizeof buf - 1 && !strncmp(s + n - 2, "in", 2) && strmap_get(&a->words, s, n) < 0) {
        memcpy(buf, s, n);
        buf[n] = 'g';
        if ((k = strmap_get(&a->words, buf, n + 1)) >= 0)
            t->w = a->word_text[k], t->wl = n + 1;
    }
}

static size_t tokenise(const advice *a, const char *norm, struct tok *t)
{
    size_t n = 0;
    bool stop = false;
    for (const char *p = norm; *p && n < MAX_TOKS;) {
        unsigned char ch = (unsigned char)*p;
        bool word =
            (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '\'' || ch == '-' || ch == '$' || ch >= 0x80;
        if (!word) {
            stop = stop || strchr(",.;:!?()", ch);
            p++;
            continue;
        }
        const char *s = p;
        while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '\'' || *p == '-' || *p == '$' ||
                      (unsigned char)*p >= 0x80))
            p++;
        t[n] = (struct tok){(size_t)(s - norm), (size_t)(p - s), stop, s, (size_t)(p - s)};
        respell(a, s, (size_t)(p - s), &t[n]);
        stop = t[n].len == 3 && !strncmp(s, "but", 3);
        n++;
    }
    t[n] = (struct tok){0}; /* not the whole array: zeroing 256 tokens was a sixth of a reply's time */
    return n;
}

static bool tok_is(const char *norm, const struct tok *t, const char *w, size_t wl)
{
    (void)norm;
    return t->wl == wl && !strncmp(t->w, w, wl);
}

/* Whether phrase ph's words are the tokens from i on, within one clause. Its first word is token i's:
 * find_phrases found ph in that word's chain. */
static bool phrase_at(const char *norm, const struct tok *t, size_t nt, size_t i, const struct advice_phrase *ph)
{
    const char *w = ph->text + ph->len0;
    for (size_t k = 1; k < ph->n_words; k++) {
        w++; /* the space before the word */
        if (i + k >= nt || t[i + k].stop || t[i + k].w[0] != w[0])
            return false;
        size_t wl = strcspn(w, " ");
        if (!tok_is(norm, &t[i + k], w, wl))
            return false;
        w += wl;
    }
    return true;
}

/* The phrases of the kinds in mask, longest first at each word, left to right. */
static size_t find_phrases(const advice *a, const char *norm, const struct tok *t, size_t nt, unsigned mask,
                           struct match *m)
{
    size_t n = 0;
    for (size_t i = 0; i < nt && n < MAX_MATCHES;) {
        int j = strmap_get(&a->first, t[i].w, t[i].wl);
        for (; j >= 0; j = a->ph[j].next)
            if ((mask & (1u << a->ph[j].kind)) && phrase_at(norm, t, nt, i, &a->ph[j]))
                break;
        if (j < 0) {
            i++;
            continue;
        }
        m[n++] = (struct match){&a->ph[j], i, a->ph[j].n_words};
        i += a->ph[j].n_words;
    }
    return n;
}

/* Whether a clause ends before one of the tokens from x to y (inclusive). */
static bool in_clause_gap(const struct tok *t, size_t x, size_t y)
{
    for (; x <= y; x++)
        if (t[x].stop)
            return true;
    return false;
}

/* Whether a new subject ("i", "we") stands among the tokens from x to before y. */
static bool new_subject(const char *norm, const struct tok *t, size_t x, size_t y)
{
    for (; x < y; x++)
        if (tok_is(norm, &t[x], "i", 1) || tok_is(norm, &t[x], "i'm", 3) || tok_is(norm, &t[x], "im", 2) ||
            tok_is(norm, &t[x], "we", 2))
            return true;
    return false;
}

/* +1 when match k is said plainly, -1 when a negation reaches it ("I can't code"), 0 when a
 * negation is undone ("I don't mind blood"). A negation reaches NEG_REACH words forward (3 more past
 * an "or"), within its clause, and not past a new subject ("no, I like art"). */
static int polarity(const char *norm, const struct tok *t, const struct match *m, size_t k)
{
    for (size_t j = k; j-- > 0;) {
        enum advice_kind kind = m[j].ph->kind;
        if (kind != AK_NEGATION && kind != AK_AFFIRM)
            continue;
        size_t end = m[j].at + m[j].n, reach = NEG_REACH;
        for (size_t x = end; x < m[k].at && reach == NEG_REACH; x++) /* "can't drive ... or work anywhere risky" */
            reach += tok_is(norm, &t[x], "or", 2) || tok_is(norm, &t[x], "nor", 3) ? 3 : 0;
        if (m[k].at < end || m[k].at - end > reach)
            return 1;
        if (in_clause_gap(t, end, m[k].at) || new_subject(norm, t, end, m[k].at))
            return 1;
        return kind == AK_NEGATION ? -1 : 0;
    }
    return 1;
}

/* Whether match k follows match j with only "or", "and", "nor" or "," between them. */
static bool listed_after(const char *norm, const struct tok *t, const struct match *m, size_t j, size_t k)
{
    size_t end = m[j].at + m[j].n;
    if (m[k].at != end + 1 && !(m[k].at == end && t[end].stop))
        return false;
    return m[k].at == end || tok_is(norm, &t[end], "or", 2) || tok_is(norm, &t[end], "and", 3) ||
           tok_is(norm, &t[end], "nor", 3);
}

/* Whether the word before token x says work the person does, with its subject before it ("I do nights", "I've been
 * working weekends"), not work wished for ("could only do evenings", "want to work nights"). */
static bool doing_now(const char *norm, const struct tok *t, size_t x)
{
    static const char *const doing[] = {"do", "doing", "did", "work", "working", "worked"};
    static const char *const who[] = {"i", "i'm", "im", "i've", "ive", "been", "currently", "still", "we"};
    bool done = false, said = false;
    for (size_t i = 0; x >= 2 && i < sizeof doing / sizeof doing[0]; i++)
        done = done || tok_is(norm, &t[x - 1], doing[i], strlen(doing[i]));
    for (size_t i = 0; done && i < sizeof who / sizeof who[0]; i++)
        said = said || tok_is(norm, &t[x - 2], who[i], strlen(who[i]));
    return said && !t[x].stop && !t[x - 1].stop;
}

/* Whether match k is a condition of work done ("worked in an office all my life", "I work in a hospital", "I do
 * nights"), not a wish ("I want to work in an office"). */
static bool worked_in(const char *norm, const struct tok *t, const struct match *m, size_t k)
{
    size_t x = m[k].at;
    if (doing_now(norm, t, x))
        return true;
    if (x >= 1 && (tok_is(norm, &t[x - 1], "in", 2) || tok_is(norm, &t[x - 1], "at", 2)))
        x--;
    else if (!(m[k].ph->text[0] == 'i' && m[k].ph->text[1] == 'n' && m[k].ph->text[2] == ' '))
        return false; /* "in an office", or "in" before the phrase */
    if (x < 1)
        return false;
    const struct tok *w = &t[x - 1];
    return tok_is(norm, w, "worked", 6) || tok_is(norm, w, "working", 7) || tok_is(norm, w, "been", 4) ||
           (tok_is(norm, w, "work", 4) && !(x >= 2 && tok_is(norm, &t[x - 2], "to", 2)));
}

/* Whether like k is a format of the like before it ("true crime podcasts and documentaries"): right after it, or
 * listed after a format that is. *prev: whether match k-1 was one (updated). */
static bool format_of_like(const advice *a, const char *norm, const struct tok *t, const struct match *m, size_t k,
                           bool *prev)
{
    struct match f[1];
    bool after =
        k > 0 && m[k - 1].ph->kind == AK_LIKE &&
        ((m[k - 1].at + m[k - 1].n == m[k].at && !t[m[k].at].stop) || (*prev && listed_after(norm, t, m, k - 1, k)));
    *prev = after && m[k].ph->kind == AK_LIKE && find_phrases(a, norm, t + m[k].at, m[k].n, 1u << AK_FORMAT, f) &&
            f[0].n == m[k].n;
    return *prev;
}

/* Fields of fields.json named in the clause after a negation ("not in healthcare"), or before a
 * negation said after ("being in the police makes me feel ill"). */
static uint64_t negated_areas(const engine *e, const char *norm, const struct tok *t, size_t nt, const struct match *m,
                              size_t nm)
{
    uint64_t out = 0;
    for (size_t k = 0; k < nm; k++) {
        if (m[k].ph->kind != AK_NEGATION && m[k].ph->kind != AK_POSTNEG)
            continue;
        size_t from = m[k].at + m[k].n, to = from;
        if (m[k].ph->kind == AK_POSTNEG) /* back to the clause's start */
            for (to = from = m[k].at; from > 0 && !t[from].stop && to - from < NEG_REACH + 2;)
                from--;
        else
            while (to < nt && to < from + NEG_REACH + 2 && !t[to].stop)
                to++;
        bool schooling = false; /* "not transferring to a 4-year school": a limit, not a field */
        for (size_t j = k + 1; j < nm && m[j].at < to; j++)
            schooling = schooling || m[j].ph->kind == AK_LEVEL || m[j].ph->kind == AK_LIMIT;
        if (to == from || schooling)
            continue;
        char clause[256];
        size_t len = t[to - 1].start + t[to - 1].len - t[from].start;
        if (len >= sizeof clause)
            continue;
        memcpy(clause, norm + t[from].start, len);
        clause[len] = '\0';
        int area = content_area_find(e->c, clause, NULL, NULL);
        if (area >= 0 && area < 64)
            out |= 1ull << area;
    }
    return out;
}

/* Whether a cap word ("at most", "max") stands within NEG_REACH words of match k, in its clause. */
static bool capped(const struct tok *t, const struct match *m, size_t nm, size_t k)
{
    for (size_t j = 0; j < nm; j++) {
        if (m[j].ph->kind != AK_CAP)
            continue;
        size_t a = j < k ? m[j].at + m[j].n : m[k].at + m[k].n, b = j < k ? m[k].at : m[j].at;
        if (b < a || b - a > NEG_REACH)
            continue;
        bool stop = false; /* a cap may open the next clause: "a short course, but nothing longer" */
        for (size_t x = a + 1; x < b + (j < k) && !stop; x++)
            stop = t[x].stop;
        if (!stop)
            return true;
    }
    return false;
}

/* The polarity of every like, preference and level: +1 said plainly, -1 ruled out ("I can't code",
 * "no nights or weekends", "blood makes me queasy"), 0 a negation undone ("I don't mind blood"). */
static void polarities(const char *norm, const struct tok *t, const struct match *m, size_t nm, int *pol)
{
    int last = -1;
    for (size_t k = 0; k < nm; k++) {
        enum advice_kind kind = m[k].ph->kind;
        pol[k] = 1;
        if (kind != AK_LIKE && kind != AK_PREFER && kind != AK_LEVEL)
            continue;
        pol[k] = polarity(norm, t, m, k);
        if (pol[k] > 0 && last >= 0 && listed_after(norm, t, m, (size_t)last, k))
            pol[k] = pol[last]; /* "no nights or weekends": the list shares its negation */
        last = (int)k;
    }
    for (size_t k = 0; k < nm; k++) { /* "blood and needles make me queasy": back to the clause's start */
        if (m[k].ph->kind != AK_POSTNEG)
            continue;
        bool before = false;
        for (size_t j = k; j-- > 0 && !in_clause_gap(t, m[j].at + 1, m[k].at);) {
            enum advice_kind kind = m[j].ph->kind;
            if (kind == AK_LIKE || kind == AK_PREFER || kind == AK_LEVEL) /* "a PhD makes me want to cry" */
                pol[j] = -1, before = true;
            if (t[m[j].at].stop)
                break;
        }
        for (size_t j = k + 1;
             !before && j < nm && m[j].ph->kind != AK_WANT && m[j].at - (m[k].at + m[k].n) <= NEG_REACH &&
             !in_clause_gap(t, m[k].at + m[k].n, m[j].at);
             j++) /* nothing before it in its clause: "I can't handle the pressure" reaches forward */
            if ((m[j].ph->kind == AK_LIKE || m[j].ph->kind == AK_PREFER) &&
                !new_subject(norm, t, m[k].at + m[k].n, m[j].at))
                pol[j] = -1;
    }
}

/* The limit on schooling that match k (a level) sets, or -1: with a cap word, that level ("two years
 * max"); ruled out, the level below ("not doing a PhD", "no degree"); in answer to the question on
 * school, the level itself. */
static int level_limit(const struct tok *t, const struct match *m, size_t nm, size_t k, int pol, unsigned flags)
{
    int level = m[k].ph->idx;
    if (capped(t, m, nm, k) || (pol > 0 && (flags & ADVICE_READ_SCHOOL)))
        return level;
    if (pol < 0)
        return level == 4 ? 3 : level - 1; /* "no degree": a certificate at most */
    return -1;
}

/* Whether defer match m is a feeling's "like a" ("I feel like a failure"), not "jobs like a nurse". */
static bool simile(const char *norm, const struct tok *t, const struct match *m)
{
    static const char *const verbs[] = {"feel", "feels", "felt", "feeling", "look", "looks", "sound", "sounds"};
    if (!m->at || strncmp(m->ph->text, "like ", 5))
        return false;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (tok_is(norm, &t[m->at - 1], verbs[i], strlen(verbs[i])))
            return true;
    return false;
}

/* Whether match m opens a clause: first, after a clause break, or after "and" ("I'm 17 and my parents"). */
static bool opens_clause(const char *norm, const struct tok *t, const struct match *m)
{
    return !m->at || t[m->at].stop || tok_is(norm, &t[m->at - 1], "and", 3) || tok_is(norm, &t[m->at - 1], "so", 2);
}

/* The tokens [*from, *to) of the first clause someone else opens with a word of saying or wishing ("my parents
 * want me to do medicine"): what is liked there is theirs. */
static void others_clause(const advice *a, const char *norm, const struct tok *t, size_t nt, size_t *from, size_t *to)
{
    struct match m[MAX_MATCHES];
    size_t nm = find_phrases(a, norm, t, nt, (1u << AK_OTHERS) | (1u << AK_SAYS), m);
    *from = *to = 0;
    for (size_t j = 0; j + 1 < nm; j++) {
        if (m[j].ph->kind != AK_OTHERS || !opens_clause(norm, t, &m[j]) || m[j + 1].ph->kind != AK_SAYS ||
            in_clause_gap(t, m[j].at + 1, m[j + 1].at))
            continue;
        *from = m[j].at;
        for (*to = m[j + 1].at + 1; *to < nt && !t[*to].stop;)
            (*to)++;
        return;
    }
}

/* Whether the tokens from x to before y only qualify what comes before a "that": an amount or a verb
 * in -ing ("anything paying 60k that"). */
static bool qualifiers(const char *norm, const struct tok *t, size_t x, size_t y)
{
    for (; x < y; x++) {
        const char *w = norm + t[x].start;
        size_t len = t[x].len, d = 0;
        while (d < len && !(w[d] >= '0' && w[d] <= '9'))
            d++;
        if (t[x].stop || (d == len && !(len > 4 && !strncmp(w + len - 3, "ing", 3))))
            return false;
    }
    return true;
}

/* Whether context match k ("it", "that", "this") points at something the person has just said they like, in
 * the first person ("I do a lot of gardening and I love it, jobs like that?"), not at a career discussed
 * ("what tools do they need", "do you need a computer science degree for that"). */
static bool own_thing(const char *norm, const struct tok *t, const struct match *m, size_t k, unsigned what)
{
    static const char *const me[] = {"i", "i'm", "im", "i've", "ive", "my", "me"};
    const struct tok *c = &t[m[k].at];
    if (!(what & W_LIKE) || !(tok_is(norm, c, "it", 2) || tok_is(norm, c, "that", 4) || tok_is(norm, c, "this", 4)))
        return false;
    for (size_t x = 0; x < m[k].at; x++)
        for (size_t i = 0; i < sizeof me / sizeof me[0]; i++)
            if (tok_is(norm, &t[x], me[i], strlen(me[i])))
                return true;
    return false;
}

/* Whether context match k is "that" opening a clause about what comes right before it ("anything creative that
 * pays", "jobs that don't need college"), not a pointer back at a career. */
static bool relative(const char *norm, const struct tok *t, const struct match *m, size_t k)
{
    if (!k || m[k - 1].at + m[k - 1].n > m[k].at || m[k].at - (m[k - 1].at + m[k - 1].n) > 2 ||
        !qualifiers(norm, t, m[k - 1].at + m[k - 1].n, m[k].at) || !tok_is(norm, &t[m[k].at], "that", 4) ||
        t[m[k].at].stop)
        return false;
    enum advice_kind kind = m[k - 1].ph->kind;
    return kind == AK_LIKE || kind == AK_PREFER || kind == AK_SELF || kind == AK_ASKS || kind == AK_LIMIT;
}

/* Whether a word of wanting stands before match k in its clause ("I'd still like to be creative"). */
static bool wanted_before(const struct tok *t, const struct match *m, size_t k)
{
    for (size_t j = k; j-- > 0 && !in_clause_gap(t, m[j].at + 1, m[k].at);)
        if (m[j].ph->kind == AK_WANT)
            return true;
    return false;
}

void advice_rule_out(const advice *a, advice_profile *p, uint32_t mask)
{
    p->avoid |= mask;
    p->want &= ~mask;
    if (p->likes || p->want || p->degree >= 0 || p->from >= 0)
        return; /* the opposites only give a list of things ruled out something to go by */
    for (size_t f = 0; f < a->n_facets; f++)
        if ((mask >> f) & 1)
            p->want |= a->opposite[f] & ~p->avoid;
}

/* See advice.h. */
unsigned advice_read(const engine *e, const char *norm, advice_profile *p, unsigned flags, struct advice_span *sp)
{
    const advice *a = e->adv;
    struct tok t[MAX_TOKS + 1]; /* tokenise fills what it uses, and one empty token after */
    struct match m[MAX_MATCHES];
    size_t nt = tokenise(e->adv, norm, t);
    unsigned what = 0;
    size_t nm;
    if (flags & ADVICE_READ_DEGREE) { /* a field of study first: "psychology" is also something one likes */
        nm = find_phrases(a, norm, t, nt, 1u << AK_DEGREE, m);
        if (nm) {
            p->degree = m[0].ph->idx;
            what |= W_DEGREE;
        }
    }
    struct match q[2];
    if (nt <= 4 && find_phrases(a, norm, t, nt, 1u << AK_SKIP, q))
        what |= W_SKIP; /* "nothing", "skip": a short answer that skips a guided question */
    nm = find_phrases(a, norm, t, nt, READ_KINDS, m);
    int limit = -1, pols[MAX_MATCHES];
    uint32_t ruled_out = 0, suits = 0; /* facets this message rules out; that suit its situations */
    size_t theirs_from, theirs_to;
    others_clause(a, norm, t, nt, &theirs_from, &theirs_to);
    polarities(norm, t, m, nm, pols);
    bool fmt = false; /* match k-1 was a like's format */
    for (size_t k = 0; k < nm; k++) {
        const struct advice_phrase *ph = m[k].ph;
        int pol = pols[k];
        if (format_of_like(a, norm, t, m, k, &fmt) || (ph->kind == AK_PREFER && pol > 0 && worked_in(norm, t, m, k)))
            continue; /* "true crime podcasts": how they follow it; "worked in an office": where, not a wish */
        if ((ph->kind == AK_LIKE || ph->kind == AK_PREFER) && m[k].at >= theirs_from && m[k].at < theirs_to)
            continue; /* "my parents want me to do medicine": their wish */
        size_t end = t[m[k].at + m[k].n - 1].start + t[m[k].at + m[k].n - 1].len; /* "school hours": not a field */
        if (sp && (ph->kind == AK_LIKE || ph->kind == AK_PREFER) &&
            (t[m[k].at].start < sp->at || t[m[k].at].start >= sp->at + sp->len || end > sp->at + sp->len))
            sp->outside++;
        if ((ph->kind == AK_LIKE || ph->kind == AK_PREFER) &&
            (!strncmp(ph->text, "i'm ", 4) || !strncmp(ph->text, "im ", 3) || !strncmp(ph->text, "i ", 2)))
            what |= W_SELF; /* "i'm strong": about the person, as "i'm" alone is */
        if (ph->kind == AK_LIKE) {
            uint64_t bit = 1ull << ph->idx;
            p->likes = pol > 0 ? p->likes | bit : p->likes & ~bit;
            p->dislikes = pol < 0 ? p->dislikes | bit : p->dislikes & ~bit;
            if (pol < 0)
                p->avoid |= a->likes[ph->idx].facets;
            what |= pol ? W_LIKE : 0;
        } else if (ph->kind == AK_PREFER) {
            bool inverted = ph->idx >= ADVICE_MAX_FACETS; /* "squeamish": an avoidance said plainly */
            uint32_t bit = 1u << (ph->idx % ADVICE_MAX_FACETS);
            if (inverted)
                pol = -pol;
            if (pol < 0 || !(ruled_out & bit)) { /* "blood makes me faint ... blood": ruled out stays */
                p->want = pol > 0 ? p->want | bit : pol < 0 ? p->want & ~bit : p->want; /* "don't mind": as it was */
                p->avoid = pol < 0 ? p->avoid | bit : p->avoid & ~bit;
            }
            ruled_out |= pol < 0 ? bit : 0;
            if (sp && pol > 0 && !inverted && !wanted_before(t, m, k))
                sp->plain |= bit;
            what |= W_PREF;
        } else if (ph->kind == AK_LIMIT) {
            bool past = m[k].at > 0 && k > 0 && m[k - 1].ph->kind == AK_NOT_AFTER && m[k - 1].at + 1 == m[k].at;
            int v = a->limit_entry[ph->idx];
            if (!past && (limit < 0 || v < limit))
                limit = v;
        } else if (ph->kind == AK_LEVEL) {
            bool past = k > 0 && m[k - 1].ph->kind == AK_NOT_AFTER && m[k - 1].at + 1 == m[k].at &&
                        (strstr(ph->text, "year") || strstr(ph->text, "month")) && !strstr(ph->text, "degree");
            int v = past ? -1 : level_limit(t, m, nm, k, pol, flags);
            if (v >= 0 && (limit < 0 || v < limit))
                limit = v;
        } else if (ph->kind == AK_SORT_PAY) {
            p->by_pay = true;
            what |= W_PAY;
        } else if (ph->kind == AK_SITUATION) {
            p->situation = ph->idx;
            if (a->sit_leaves[ph->idx] >= 0) /* "civilian jobs": not back into the military */
                p->avoid_areas |= 1ull << a->sit_leaves[ph->idx];
            suits |= a->sit_suits[ph->idx];
            what |= W_SIT;
        } else if (ph->kind == AK_DEFER) {
            bool wished = k > 0 && m[k - 1].ph->kind == AK_WANT && m[k - 1].at + m[k - 1].n == m[k].at;
            if (!simile(norm, t, &m[k]) &&
                !wished) /* "I like a problem to solve": not homework; "want a real career" */
                what |= what & (W_LIKE | W_PREF) ? 0 : W_DEFER;
        } else if (ph->kind == AK_ADDITIVE) {
            what |= W_ADD;
        } else if (ph->kind == AK_SELF || ph->kind == AK_WANT) {
            what |= W_SELF;
        } else if (ph->kind == AK_CONTEXT) {
            /* "that opens a clause; "I love gardening, jobs like that?": what the message itself likes */
            what |= relative(norm, t, m, k) || own_thing(norm, t, m, k, what) ? 0 : W_CONTEXT;
        } else if (ph->kind == AK_TEST || ph->kind == AK_ASIDE) {
            what |= ph->kind == AK_TEST ? W_TEST : W_ASIDE; /* "test me"; "my chemistry homework" */
        } else if (ph->kind == AK_ASKS) {
            what |= W_ASKS | W_SELF; /* asking for careers is asking for oneself */
        }
    }
    advice_rule_out(a, p, ruled_out & p->avoid); /* "no nights": regular hours wanted */
    if (!p->want && !(what & W_LIKE))            /* "I'm blind" and nothing more: what suits it, not the best paid */
        p->want = suits & ~p->avoid;
    if (limit >= 0) {
        p->max_entry = limit >= ADVICE_NO_LIMIT ? -1 : limit;
        what |= W_LIMIT;
    }
    double floor_pay = browse_pay_floor(norm);
    if (floor_pay > 0) {
        p->min_pay = floor_pay;
        what |= W_PAY;
    }
    if (find_phrases(a, norm, t, nt < 1 ? 0 : 1, 1u << AK_QUESTION, q) && q[0].at == 0)
        what |= W_QUESTION; /* "could i work from home?" */
    uint64_t areas = negated_areas(e, norm, t, nt, m, nm);
    if (areas) {
        p->avoid_areas |= areas;
        what |= W_AREA;
    }
    if (find_phrases(a, norm, t, nt, 1u << AK_LEAVE, m)) /* read apart: "want out" is also a situation */
        what |= W_LEAVE;
    return what;
}

/* See advice.h. */
bool advice_negated(const engine *e, const char *norm, size_t at)
{
    struct tok t[MAX_TOKS + 1]; /* tokenise fills what it uses, and one empty token after */
    struct match m[MAX_MATCHES];
    size_t nt = tokenise(e->adv, norm, t), nm = find_phrases(e->adv, norm, t, nt, 1u << AK_NEGATION, m), i = 0;
    while (i < nt && t[i].start < at)
        i++;
    for (size_t j = nm; j-- > 0;) {
        size_t end = m[j].at + m[j].n;
        if (end <= i)
            return i - end <= NEG_REACH && !in_clause_gap(t, end, i) && !new_subject(norm, t, end, i);
    }
    return false;
}

/* See advice.h. */
bool advice_set_aside_at(const engine *e, const char *norm, size_t at)
{
    struct tok t[MAX_TOKS + 1]; /* tokenise fills what it uses, and one empty token after */
    struct match m[MAX_MATCHES];
    size_t nt = tokenise(e->adv, norm, t), i = 0;
    size_t nm = find_phrases(e->adv, norm, t, nt,
                             (1u << AK_SITUATION) | (1u << AK_OTHERS) | (1u << AK_SAYS) | (1u << AK_HOBBY), m);
    while (i < nt && t[i].start + t[i].len <= at)
        i++;
    for (size_t j = 0; j < nm && m[j].at <= i; j++) {
        if (m[j].ph->kind == AK_SITUATION && i < m[j].at + m[j].n)
            return true; /* "marine corps vet" */
        if (m[j].ph->kind == AK_HOBBY && (m[j].at + m[j].n == i || m[j].at == i))
            return true; /* "a keen photographer"; "a keen gardener" read as one name */
        if (m[j].ph->kind != AK_OTHERS || !opens_clause(norm, t, &m[j]) || in_clause_gap(t, m[j].at + 1, i))
            continue;
        for (size_t k = j + 1; k < nm && m[k].at + m[k].n <= i; k++)
            if (m[k].ph->kind == AK_SAYS)
                return true; /* "my mum thinks I should be a nurse", not "my sister is a nurse" */
    }
    return false;
}

/* See advice.h. */
int advice_workplace(const engine *e, const char *norm, unsigned what)
{
    struct tok t[MAX_TOKS + 1]; /* tokenise fills what it uses, and one empty token after */
    struct match m[MAX_MATCHES];
    size_t nt = tokenise(e->adv, norm, t), nm = find_phrases(e->adv, norm, t, nt, 1u << AK_WORKPLACE, m);
    for (size_t j = 0; j < nm; j++) {
        size_t x = m[j].at, w = strcspn(m[j].ph->text, " ");
        /* the work itself ("waited tables", "stacking shelves") stands alone, or after "a job" */
        bool activity =
            (w > 3 && !strncmp(m[j].ph->text + w - 3, "ing", 3)) || (w > 2 && !strncmp(m[j].ph->text + w - 2, "ed", 2));
        if (activity && (what & W_SIT || (x >= 1 && !tok_is(norm, &t[x - 1], "like", 4))))
            return m[j].ph->idx;
        if (x < 1 || !(tok_is(norm, &t[x - 1], "in", 2) || tok_is(norm, &t[x - 1], "at", 2) ||
                       tok_is(norm, &t[x - 1], "from", 4)))
            continue;
        bool worked = x >= 2 && (tok_is(norm, &t[x - 2], "worked", 6) || tok_is(norm, &t[x - 2], "working", 7) ||
                                 tok_is(norm, &t[x - 2], "been", 4) ||
                                 (x >= 3 && tok_is(norm, &t[x - 2], "work", 4) && tok_is(norm, &t[x - 3], "i", 1)));
        if (worked || (what & W_SIT))
            return m[j].ph->idx;
    }
    return -1;
}
