/*
 * refs: which career a message means when it does not simply name one: a name narrower than the
 * career it contains ("court reporter"), a place in the last list ("the second one"), or a word of
 * one candidate of "did you mean A, B or C?" ("the high school ones").
 */
#include "engine_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A word that ends as only job titles do: -ist, -ician ("anesthetist", "orthotist"), and is no
 * common word or modifier. */
static bool clear_title(const engine *e, const char *w)
{
    size_t n = strlen(w);
    bool ends =
        (n >= 7 && !strcmp(w + n - 3, "ist") && strcmp(w + n - 4, "sist")) || (n >= 7 && !strcmp(w + n - 5, "ician"));
    return ends && !content_is_common(e->c, w) && !content_is_modifier(e->c, w);
}

/* Whether the words around hit h, inside words [lo, hi), make the name narrower than the career it
 * finds: "court reporter" is not a journalist, "vet tech" not a vet. A word right before the name
 * that is neither a modifier (content/modifiers.json, stop words) nor a word of the patterns, or a
 * job word right after it. Short words and numbers ("my", "3") never do. */
bool refs_narrower(const engine *e, const struct turn *t, const names_hit *h, size_t lo, size_t hi, bool slot)
{
    (void)slot; /* the question's own words before a name ("how much does", "which is better") are modifiers */
    if (h->from > lo) {
        const char *w = t->words.v[h->from - 1].w;
        size_t n = strlen(w);
        bool letters = n >= 3;
        for (const char *p = w; letters && *p; p++)
            letters = *p >= 'a' && *p <= 'z';
        /* A short word nobody knows is a typo of the question ("becom a nurse"), not a kind of job. */
        bool typo = n <= 6 && !content_is_common(e->c, w) && !content_knows_word(e->c, w);
        if (letters && !typo && !content_is_modifier(e->c, w))
            return true;
    }
    if (h->to < hi && clear_title(e, t->words.v[h->to].w))
        return true; /* "nurse anesthetist" is not a nurse */
    if (h->to >= hi || !content_is_head(e->c, t->words.v[h->to].w))
        return false;
    /* "hvac tech" is the HVAC Technician: a head that begins a word of the title is the title's own. */
    const char *head = t->words.v[h->to].w, *title = content_title(e->c, (size_t)h->career);
    size_t n = strlen(head);
    for (const char *p = title; *p; p++)
        if ((p == title || p[-1] == ' ') && !strncasecmp(p, head, n))
            return false;
    return true;
}

/* "the second one", "the 2nd", "the latter" (articles are not words here): the career at that place
 * in the last list the bot showed (s->list), or -1; *at gets the word. Not "my first job", "at first". */
bool refs_ordinal_word(const char *w)
{
    static const char *const words[] = {"first", "second", "third", "fourth", "fifth",  "last",
                                        "other", "1st",    "2nd",   "3rd",    "latter", "former"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(w, words[i]))
            return true;
    return false;
}

int refs_ordinal(const engine_session *s, const text_words *w, size_t from, size_t to, size_t *at)
{
    static const char *const nth[][2] = {{"first", "1st"}, {"second", "2nd"}, {"third", "3rd"},   {"fourth", "4th"},
                                         {"fifth", "5th"}, {"sixth", "6th"},  {"seventh", "7th"}, {"eighth", "8th"}};
    static const char *const after[] = {"one", "option", "choice", "career", "role", "job", "it", "please"};
    static const char *const not_before[] = {"my", "at", "your", "his", "her", "our", "their", "its"};
    for (size_t i = from; i < to && s->n_list; i++) {
        const char *x = w->v[i].w;
        int k = -1;
        for (int j = 0; j < (int)(sizeof nth / sizeof nth[0]) && k < 0; j++)
            if (!strcmp(x, nth[j][0]) || !strcmp(x, nth[j][1]))
                k = j;
        if (!strcmp(x, "former"))
            k = 0;
        if (!strcmp(x, "last") && (i + 1 == to || !strcmp(w->v[i + 1].w, "one") || !strcmp(w->v[i + 1].w, "option")))
            k = (int)s->n_list - 1; /* "the last one", not "my last job" */
        if (!strcmp(x, "latter"))
            k = (int)s->n_list - 1;
        if (k < 0 || (size_t)k >= s->n_list)
            continue;
        bool ok = i + 1 == to;
        for (size_t j = 0; j < sizeof after / sizeof after[0] && !ok; j++)
            ok = !strcmp(w->v[i + 1].w, after[j]);
        for (size_t j = 0; j < sizeof not_before / sizeof not_before[0] && ok && i > 0; j++)
            ok = strcmp(w->v[i - 1].w, not_before[j]) != 0;
        if (ok) {
            *at = i;
            return s->list[k];
        }
    }
    return -1;
}

/* Whether word w is a word of one of career k's names (title or other names), other than a stop word. */
static bool name_has_word(const engine *e, int k, const char *w)
{
    if (content_is_modifier(e->c, w))
        return false;
    size_t na = 0;
    const text_abbrev *ab = content_abbrevs(e->c, &na);
    const cJSON *rec = content_record(e->c, (size_t)k), *it = NULL;
    const char *name = content_title(e->c, (size_t)k);
    const cJSON *others = cJSON_GetObjectItemCaseSensitive(rec, "other_names");
    bool found = false;
    for (it = others ? others->child : NULL; name && !found;
         name = it ? cJSON_GetStringValue(it) : NULL, it = it ? it->next : NULL) {
        sbuf norm = SBUF_INIT;
        text_words nw = {0};
        text_normalise(name, strlen(name), &norm);
        text_words_split(norm.p, norm.len, ab, na, &nw);
        for (size_t i = 0; i < nw.n && !found; i++)
            found = !strcmp(nw.v[i].w, w);
        text_words_free(&nw);
        sbuf_free(&norm);
    }
    return found;
}

bool refs_has(const int *v, size_t n, int career)
{
    for (size_t i = 0; career >= 0 && i < n; i++)
        if (v[i] == career)
            return true;
    return false;
}

/* See engine_int.h. */
int refs_pick_number(const engine_session *s, const text_words *w, size_t *at, size_t *to)
{
    static const char *const before[] = {"number", "no", "option", "choice", "#"};
    size_t i = 0, n = w->n;
    if (n > 1 && !strcmp(w->v[n - 1].w, "please"))
        n--;
    for (size_t j = 0; j < sizeof before / sizeof before[0] && n == 2; j++)
        i = !strcmp(w->v[0].w, before[j]) ? 1 : i;
    const char *x = n ? w->v[i].w : "";
    if (i + 1 != n || x[0] < '1' || x[0] > '9' || x[1] || (size_t)(x[0] - '1') >= s->n_list)
        return -1;
    *at = 0;
    *to = w->n;
    return s->list[x[0] - '1'];
}

/* Whether the whole message leaves the choice to the bot ("whichever", "any of them"). */
static bool any_of_them(const struct turn *t)
{
    static const char *const v[] = {
        "whichever",      "whichever one", "any",        "any of them", "any one",    "either",     "either one",
        "either is fine", "dont mind",     "don't mind", "you pick",    "you choose", "surprise me"};
    sbuf key = SBUF_INIT;
    text_words_key(&t->words, 0, t->words.n, &key);
    bool any = false;
    for (size_t i = 0; i < sizeof v / sizeof v[0] && key.p && !any; i++)
        any = !strcmp(key.p, v[i]);
    sbuf_free(&key);
    return any;
}

/* An answer to "did you mean A, B or C?" that names none of them whole ("high school ones"): the one
 * candidate of the last list that a word of the message belongs to, and no other; or -1. [*at, *to)
 * are the words of its name around that word ("high school"), so that none of them is read as a
 * topic ("school" is no question about education). */
int refs_pick_candidate(const engine *e, const engine_session *s, const struct turn *t, size_t *at, size_t *to)
{
    int pick = refs_pick_number(s, &t->words, at, to);
    if (pick < 0 && any_of_them(t)) { /* "whichever": the first is as good as any */
        *at = 0;
        *to = t->words.n;
        return s->list[0];
    }
    if (pick < 0) /* "little kids, like kindergarten": a kind named whole beats a word of a candidate */
        pick = refs_pick_kind(e, s, t, at, to);
    if (pick >= 0)
        return pick;
    for (size_t i = 0; i < t->words.n && i < 12; i++) {
        int hit = -1, hits = 0;
        for (size_t k = 0; k < s->n_list; k++)
            if (name_has_word(e, s->list[k], t->words.v[i].w)) {
                hit = s->list[k];
                hits++;
            }
        if (hits == 1 && pick >= 0 && pick != hit)
            return -1; /* words of two candidates: no answer */
        if (hits == 1) {
            pick = hit;
            *at = i;
        }
    }
    if (pick < 0)
        return -1;
    size_t from = *at, end = *at + 1;
    while (from > 0 && name_has_word(e, pick, t->words.v[from - 1].w))
        from--;
    while (end < t->words.n && name_has_word(e, pick, t->words.v[end].w))
        end++;
    *at = from;
    *to = end;
    return pick;
}

/* Whether the whole message is a job title we do not know ("watchmaker", "dog trainer",
 * "audiologist?"): up to four words, the last one a job word (content/modifiers.json "heads"), or
 * ending like one (intents' "job_words": -ist, -ician, -maker) when it is not a common word;
 * common words ending in -er or -or ("computer", "water") are not titles. */
/* Whether word w reads as a job title: a job word (content/modifiers.json "heads"), or ending like one
 * (intents' "job_words": -ist, -ician, -maker) when it is not a common word; of common words only
 * long ones in -ist ("florist", not "exist" or "insist"), since "computer" and "water" end in -er. */
static bool title_word(const engine *e, const char *w)
{
    size_t wl = strlen(w);
    if (content_is_head(e->c, w))
        return true;
    bool common = content_is_common(e->c, w);
    if (common && wl >= 7 && !strcmp(w + wl - 3, "ist") && strcmp(w + wl - 4, "sist"))
        return true;
    for (size_t k = 0; k < e->n_job_words; k++) {
        const char *j = e->job_words[k];
        size_t kl = strlen(j);
        bool weak = kl <= 3; /* -er, -or, -ist, -man: only for words that are not common */
        if (kl < wl && !strcmp(w + wl - kl, j) && (!common || !weak))
            return true;
    }
    return false;
}

bool refs_bare_title(const engine *e, const struct turn *t)
{
    if (!t->words.n || t->words.n > 4 || !e->n_job_words)
        return false;
    for (size_t i = 0; i + 1 < t->words.n; i++)
        if (content_is_modifier(e->c, t->words.v[i].w) && strlen(t->words.v[i].w) > 3)
            return false; /* "what about", "tell me": a question, not a title */
    return title_word(e, t->words.v[t->words.n - 1].w);
}

bool refs_title_in(const engine *e, const struct turn *t, size_t *from, size_t *to)
{
    if (!e->n_job_words || t->words.n > 16)
        return false;
    for (size_t i = 0; i < t->words.n; i++) {
        const char *w = t->words.v[i].w;
        size_t wl = strlen(w);
        bool er = wl > 2 && (!strcmp(w + wl - 2, "er") || !strcmp(w + wl - 2, "or")) && !strstr(w, "grapher");
        if (wl < 5 || content_is_modifier(e->c, w) || !title_word(e, w) || content_is_head(e->c, w) ||
            (er && (wl < 7 || content_is_common(e->c, w) || content_knows_word(e->c, w))))
            continue; /* inside a sentence clear endings (-ist, -ician, -grapher, -maker) or a rare -er */
        *from = i > 0 && !content_is_modifier(e->c, t->words.v[i - 1].w) ? i - 1 : i;
        *to = i + 1;
        return true;
    }
    return false;
}

/* A question's own word, never part of a job title before it ("what do designers earn"). */
static bool question_word(const char *w)
{
    static const char *const v[] = {"do",    "does",  "did",    "are",  "is",  "were", "was",  "can",
                                    "could", "would", "should", "will", "how", "what", "much", "many"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!strcmp(w, v[i]))
            return true;
    return false;
}

bool refs_unknown_title(const engine *e, struct turn *t)
{
    for (size_t i = 0; i < t->words.n && i < 16; i++) {
        const char *w = t->words.v[i].w;
        size_t n = strlen(w);
        bool agent = n >= 6 && (!strcmp(w + n - 2, "er") || !strcmp(w + n - 2, "or")) && !content_is_common(e->c, w) &&
                     !(e->vocab && names_is_name_word(e->vocab, w)); /* "career" is a word of the questions */
        bool head = content_is_head(e->c, w);                        /* "worker" is both */
        if (n < 4 || (content_is_modifier(e->c, w) && !head) || !(head || clear_title(e, w) || agent))
            continue;
        for (size_t k = i + 1; k-- > 0 && i - k < 3;) { /* "a boilermaker", "a tower crane operator" */
            size_t at = t->words.v[k].start;
            const char *p = t->norm;
            bool a = at >= 2 && !strncmp(p + at - 2, "a ", 2) && (at == 2 || p[at - 3] == ' ');
            bool an = at >= 3 && !strncmp(p + at - 3, "an ", 3) && (at == 3 || p[at - 4] == ' ');
            const char *w0 = t->words.v[0].w; /* not "is officer training", "what careers" */
            bool opens = k == 0 && !content_is_modifier(e->c, w0) && !(e->vocab && names_is_name_word(e->vocab, w0));
            if (opens || a || an) {
                t->slots[0] = (struct slot){"career", t->words.v[k].start, t->words.v[i].end};
                t->n_slots = 1;
                return true;
            }
        }
        bool clear = clear_title(e, w);
        if (t->norm[t->words.v[i].end - 1] != 's' || !(head || clear))
            continue;
        size_t from = i; /* a plural needs no article: "how much do oil rig workers make?" */
        while (from > 0 && i - from < 2 && !content_is_modifier(e->c, t->words.v[from - 1].w) &&
               !question_word(t->words.v[from - 1].w) && /* "what do designers earn": not "do designers" */
               !(e->vocab && names_is_name_word(e->vocab, t->words.v[from - 1].w)))
            from--;
        bool asked = head && i > 0 && question_word(t->words.v[i - 1].w); /* "what do designers earn" */
        if (from < i || clear || asked) { /* "what degree do archivists need": the ending says it */
            t->slots[0] = (struct slot){"career", t->words.v[from].start, t->words.v[i].end};
            t->n_slots = 1;
            return true;
        }
    }
    return false;
}

/* Whether the message refers to the career talked about before it names another: a reference word
 * ("it", "they", "one") before the name ("can you do it without being a nurse first?"), or anywhere
 * when the name is only a discipline ("what programming languages should I know for it?"). */
/* Whether the text of field of career k ("title": its title) has word (its first six letters, any case). */
static bool career_mentions(const engine *e, int k, const char *field, const char *word)
{
    const char *s = k < 0                     ? NULL
                    : !strcmp(field, "title") ? content_title(e->c, (size_t)k)
                                              : cJSON_GetStringValue(content_get(e->c, (size_t)k, field));
    for (; s && *s; s++)
        if (!strncasecmp(s, word, 6))
            return true;
    return false;
}

/* A word nobody knows as the field of an education question: "podiatry school", "get into
 * boilermaking" (six letters or more, no common word nor word of the patterns, naming no career
 * on its own), when it is not one the career talked about mentions ("culinary school", just after
 * the chef): then the question is not about that career. */
bool refs_unknown_field(const engine *e, struct turn *t)
{
    for (size_t i = 0; i < t->words.n && i < 16; i++) {
        const char *w = t->words.v[i].w;
        bool before_school = i + 1 < t->words.n && !strcmp(t->words.v[i + 1].w, "school");
        bool after_into = i > 0 && !strcmp(t->words.v[i - 1].w, "into");
        if (t->context < 0 || !(before_school || after_into) || strlen(w) < 6 || content_is_common(e->c, w) ||
            (e->vocab && names_knows(e->vocab, w)))
            continue;
        bool letters = true;
        for (const char *p = w; letters && *p; p++)
            letters = *p >= 'a' && *p <= 'z';
        if (!letters || career_mentions(e, t->context, "education", w) ||
            career_mentions(e, t->context, "summary", w) || career_mentions(e, t->context, "title", w))
            continue;
        t->slots[0] = (struct slot){"career", t->words.v[i].start, t->words.v[i].end};
        t->n_slots = 1;
        return true;
    }
    return false;
}

/* Whether "it" at word i stands for what a "to" after it says, before the name at word end: "how
 * long does it take to be a dental hygienist", "how hard is it to get into med school". */
static bool dummy_it(const struct turn *t, size_t i, size_t end)
{
    for (size_t j = i + 1; j < end && j <= i + 3; j++)
        if (!strcmp(t->words.v[j].w, "to"))
            return true;
    return false;
}

/* Whether the career named is one to be first, on the way to the one talked about: "do you have to be
 * a nurse first?", "must I work as a paralegal beforehand". */
static bool named_first(const struct turn *t, const names_hit *mention)
{
    if (mention->to >= t->words.n || mention->from < 2)
        return false;
    const char *after = t->words.v[mention->to].w;
    if (strcmp(after, "first") && strcmp(after, "beforehand") && strcmp(after, "before"))
        return false;
    for (size_t i = mention->from - 1; i + 3 >= mention->from && i > 0; i--) {
        const char *w = t->words.v[i].w;
        if (!strcmp(w, "be") || !strcmp(w, "become") || !strcmp(w, "as"))
            return true;
    }
    return false;
}

bool refs_back(const engine *e, const struct turn *t, const names_hit *mention)
{
    if (named_first(t, mention))
        return true;
    size_t end = mention->strength == CONTENT_NAME_DISCIPLINE ? t->words.n : mention->from;
    for (size_t i = 0; i < end; i++) {
        if (i >= mention->from && i < mention->to)
            continue;
        const char *w = t->words.v[i].w;
        if (!strcmp(w, "it") && dummy_it(t, i, mention->from))
            continue;
        if (!strcmp(w, "it") || !strcmp(w, "they") || !strcmp(w, "them") || !strcmp(w, "one"))
            return !(i > 0 && refs_ordinal_word(t->words.v[i - 1].w)); /* not "the second one" */
    }
    (void)e;
    return false;
}

/* The last career named before word `before` ("one" in "...the hygienists... how do I become
 * one?"): a reference means the career named nearest before it. */
bool refs_last_named(const engine *e, const struct turn *t, size_t before, names_hit *last)
{
    bool found = false;
    names_hit h;
    for (size_t from = 0; from < before && content_find_name(e->c, &t->words, from, before, &h); from = h.to) {
        *last = h;
        found = true;
    }
    return found;
}

bool refs_compound(const engine *e, const struct turn *t, const names_hit *h)
{
    if (h->to >= t->words.n || h->to - h->from != 1)
        return false;
    const char *w = t->words.v[h->to].w;
    if (strlen(w) < 3 || !content_is_common(e->c, w) || content_is_modifier(e->c, w) || content_is_head(e->c, w) ||
        content_knows_name_word(e->c, w) || (e->vocab && names_is_name_word(e->vocab, w)))
        return false;
    return true;
}

int refs_backoff(const engine *e, const engine_session *s, const struct turn *t, int *career)
{
    *career = t->mention && t->mention->n_alts == 1 ? t->mention->career : t->mention ? -1 : s->career;
    if (*career < 0)
        return -1;
    for (size_t w = 0; w < t->words.n; w++)
        for (size_t i = 0; i < e->n_intents; i++)
            for (size_t k = 0; k < e->intents[i].n_backoff; k++)
                if (!strcmp(t->words.v[w].w, e->intents[i].backoff[k]))
                    return (int)i;
    return -1;
}

/* The second career of a comparison: another one named in the message, else the most recent other
 * career of the session (s NULL: none). Returns -1 when there is none. A comparison is a career
 * frame, so a short form counts there as typed in lower case ("an emt and a paramedic"). */
int refs_second_career(const engine *e, const engine_session *s, struct turn *t, const names_hit *mention, int first)
{
    names_hit h, f;
    if (!mention && content_find_name_framed(e->c, &t->words, 0, t->words.n, &f) && f.career == first)
        mention = &f; /* "lpn vs rn": the first is named as only a question names it */
    if (mention) {
        if (content_find_name_framed(e->c, &t->words, mention->to, t->words.n, &h) && h.career != first)
            return h.career;
        if (content_find_name_framed(e->c, &t->words, 0, mention->from, &h) && h.career != first) {
            t->other_first = true; /* named before the first: they are compared in the order asked */
            return h.career;
        }
    }
    for (size_t i = 0; s && i < s->n_recent; i++) {
        if (s->recent[i] != first) {
            t->other_first = mention != NULL; /* "how's that different from X": the one talked about first */
            return s->recent[i];
        }
    }
    return -1;
}

bool refs_names_twice(const engine *e, const struct turn *t, const names_hit *mention, int first)
{
    names_hit after, before;
    if (!mention)
        return false;
    bool a = content_find_name_framed(e->c, &t->words, mention->to, t->words.n, &after);
    bool b = content_find_name_framed(e->c, &t->words, 0, mention->from, &before);
    if (!(a || b) || (a && after.career != first) || (b && before.career != first))
        return false;
    /* "commercial pilot and airline pilot": two kinds of one job word may be two jobs, not one */
    const names_hit *o = a ? &after : &before;
    return strcmp(t->words.v[o->to - 1].w, t->words.v[mention->to - 1].w) != 0;
}

/* The last word of a title ("Engineer" of "Civil Engineer"), as a pointer into it, and its length. */
static const char *title_head(const char *title, size_t *len)
{
    const char *sp = strrchr(title, ' ');
    const char *head = sp ? sp + 1 : title;
    *len = strlen(head);
    return head;
}

int refs_same_head(const engine *e, const struct turn *t, const int *ids, size_t n, size_t from, size_t to, int context)
{
    if (context < 0 || from >= to)
        return -1;
    size_t clen;
    const char *chead = title_head(content_title(e->c, (size_t)context), &clen);
    char typed[128];
    size_t len_typed = 0;
    for (size_t w = from; w < to && len_typed < sizeof typed - 1; w++)
        len_typed +=
            (size_t)snprintf(typed + len_typed, sizeof typed - len_typed, "%s%s", w > from ? " " : "", t->words.v[w].w);
    len_typed = strlen(typed);
    int found = -1, exact = -1, count = 0;
    for (size_t i = 0; i < n; i++) {
        const char *title = content_title(e->c, (size_t)ids[i]);
        size_t len;
        const char *head = title_head(title, &len);
        if (len != clen || strncasecmp(head, chead, len))
            continue;
        found = ids[i];
        count++;
        if (head > title && (size_t)(head - 1 - title) == len_typed && !strncasecmp(title, typed, len_typed))
            exact = ids[i];
    }
    return exact >= 0 ? exact : count == 1 ? found : -1;
}

int refs_the_head(const engine *e, const engine_session *s, const struct turn *t, const names_hit *mention)
{
    size_t at = mention->from < t->words.n ? t->words.v[mention->from].start : 0; /* articles are no words */
    if (!s || mention->n_alts != 1 || mention->to - mention->from != 1 || at < 4 ||
        strncmp(t->norm + at - 4, "the ", 4) || (at > 4 && t->norm[at - 5] != ' '))
        return -1;
    const char *w = t->words.v[mention->from].w; /* singular, as words are kept */
    size_t wl = strlen(w);
    int found = -1;
    for (size_t i = 0; i < s->n_recent && i < 3; i++) {
        if (s->recent[i] == mention->career)
            return -1; /* the career itself was talked about */
        size_t len;
        const char *title = content_title(e->c, (size_t)s->recent[i]);
        const char *head = title_head(title, &len);
        if (head == title || wl != len || strncasecmp(head, w, len))
            continue;
        if (found >= 0)
            return -1; /* "the engineer" after two kinds of engineer: which one is not clear */
        found = s->recent[i];
    }
    return found;
}

size_t refs_common_kinds(const engine *e, const struct turn *t, size_t from, size_t to, int *out, size_t max)
{
    if (to <= from || to > from + 2 || !content_is_head(e->c, t->words.v[to - 1].w))
        return 0;
    sbuf key = SBUF_INIT; /* "designer", "engineering technician" */
    text_words_key(&t->words, from, to, &key);
    const char *word = key.p ? key.p : "";
    size_t wl = strlen(word);
    int all[64];
    size_t n_all = content_partial(e->c, &t->words, from, to, all, sizeof all / sizeof all[0]);
    size_t n = 0;
    for (size_t i = 0; i < n_all && i < sizeof all / sizeof all[0] && n < max; i++) {
        const char *title = content_title(e->c, (size_t)all[i]);
        const char *sp = strchr(title, ' ');
        double median, change;
        size_t hl = sp ? strlen(sp + 1) : 0;
        bool same = hl && (hl == wl || hl + 1 == wl) && !strncasecmp(sp + 1, word, hl); /* "designers" */
        if (same && content_pay(e->c, (size_t)all[i], &median, &change))
            out[n++] = all[i]; /* "Graphic Designer": a kind with official figures, not "AI UX Designer" */
    }
    bool too_many = n_all > sizeof all / sizeof all[0];
    sbuf_free(&key);
    return n >= 2 && !too_many ? n : 0;
}

/* Whether w is one of the words around a "which kind?" answer that name no kind. */
static bool kind_filler(const char *w, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w, v[i]))
            return true;
    return false;
}

/* See engine_int.h. */
int refs_pick_kind(const engine *e, const engine_session *s, const struct turn *t, size_t *at, size_t *to)
{
    static const char *const lead[] = {"neither", "no",   "nope", "nah", "i", "meant",
                                       "mean",    "just", "like", "um",  "uh"};
    static const char *const tail[] = {"kind",  "type",   "sort", "one",    "i",     "guess",  "think", "probably",
                                       "maybe", "please", "pls",  "thanks", "field", "branch", "route", "side"};
    int base = s->choosing && s->n_list ? s->list[0] : s->career;
    size_t from = 0, end = t->words.n;
    while (from < end && kind_filler(t->words.v[from].w, lead, sizeof lead / sizeof lead[0]))
        from++;
    while (end > from && kind_filler(t->words.v[end - 1].w, tail, sizeof tail / sizeof tail[0]))
        end--;
    /* "civil", just after the Engineer: a word or two that make a one-word title a kind of it */
    bool bare = base >= 0 && t->words.n <= 2 && !strchr(content_title(e->c, (size_t)base), ' ');
    if (base < 0 || end == from || (!s->choosing && !bare && ((from == 0 && end == t->words.n) || end - from > 3)))
        return -1; /* no word around it says it answers "which kind?" */
    size_t na = 0;
    const text_abbrev *ab = content_abbrevs(e->c, &na);
    sbuf key = SBUF_INIT;
    text_name_key(content_title(e->c, (size_t)base), ab, na, &key);
    const char *head = strrchr(key.p ? key.p : "", ' ');
    head = head ? head + 1 : key.p ? key.p : "";
    int pick = -1;
    for (size_t f = end > 3 && end - 3 > from ? end - 3 : from; *head && f < end && pick < 0; f++) {
        text_words w = {0}; /* the words before the end, longest first: "little kids, like kindergarten" */
        sbuf phrase = SBUF_INIT;
        text_words_key(&t->words, f, end, &phrase);
        sbuf_puts(&phrase, " ");
        sbuf_puts(&phrase, head);
        text_words_split(phrase.p, phrase.len, ab, na, &w);
        names_hit h;
        if (content_find_name(e->c, &w, 0, w.n, &h) && h.from == 0 && h.to == w.n && h.n_alts == 1 &&
            (h.career != base || !s->choosing) && !h.corrections) {
            pick = h.career;
            *at = f;
            *to = end;
        }
        text_words_free(&w);
        sbuf_free(&phrase);
    }
    sbuf_free(&key);
    return pick;
}

/* Where word w stands in name: 0 not there, 1 as the last word of a longer name ("curator" of "AI
 * Data Curator"), 2 as a title-like word before another ("hydrologist" of "Hydrologist Engineer"),
 * 3 anywhere else or as the whole name. */
static int word_place(const engine *e, const char *name, const char *w)
{
    size_t na = 0;
    const text_abbrev *ab = content_abbrevs(e->c, &na);
    sbuf norm = SBUF_INIT;
    text_words nw = {0};
    text_normalise(name, strlen(name), &norm);
    text_words_split(norm.p, norm.len, ab, na, &nw);
    int place = 0;
    for (size_t i = 0; i < nw.n && place < 3; i++)
        if (!strcmp(nw.v[i].w, w))
            place = nw.n > 1 && i + 1 == nw.n ? 1 : nw.n > 1 && clear_title(e, w) ? 2 : 3;
    text_words_free(&nw);
    sbuf_free(&norm);
    return place;
}

/* See engine_int.h. */
bool refs_partial_doubt(const engine *e, int career, const char *w)
{
    const cJSON *rec = content_record(e->c, (size_t)career);
    const cJSON *others = cJSON_GetObjectItemCaseSensitive(rec, "other_names"), *it;
    int in_title = word_place(e, content_title(e->c, (size_t)career), w), elsewhere = 0;
    cJSON_ArrayForEach(it, others)
    {
        int p = cJSON_IsString(it) ? word_place(e, it->valuestring, w) : 0;
        elsewhere = p > elsewhere ? p : elsewhere;
    }
    if (in_title == 3 || (!in_title && elsewhere == 3))
        return false; /* "diesel" of "Diesel Mechanic": a kind named by its own word */
    if (!in_title)    /* "optician" only as "Ophthalmic Optician", another name of the Optometrist */
        return elsewhere > 0;
    return !cJSON_IsString(
        cJSON_GetObjectItemCaseSensitive(rec, "soc")); /* "curator": AI Data Curator, no occupation */
}

/* See engine_int.h. */
bool refs_none_of_them(const struct turn *t)
{
    static const char *const v[] = {"neither",     "none",  "none of them", "none of those",  "neither of them",
                                    "neither one", "nope",  "no",           "something else", "not those",
                                    "idk",         "dunno", "not sure",     "i dont know",    "i don't know"};
    sbuf key = SBUF_INIT;
    text_words_key(&t->words, 0, t->words.n, &key);
    bool none = false;
    for (size_t i = 0; i < sizeof v / sizeof v[0] && key.p && !none; i++)
        none = !strcmp(key.p, v[i]);
    sbuf_free(&key);
    return none;
}
