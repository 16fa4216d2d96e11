/*
 * advice: the replies for what someone says about themselves (the ranking is advice_rank.c's): a list with a reason per
 * career, "why that one?", the next careers, and the guided questions for someone who does not know where to start. The
 * lexicon and the data are advice_load.c's; advice.h says how they fit together.
 */
#include "engine_int.h"
#include "riasec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const advice_messages[] = {"advice.intro",
                                       "advice.intro_degree",
                                       "advice.intro_change",
                                       "advice.considered",
                                       "advice.none",
                                       "advice.no_more",
                                       "advice.guide1",
                                       "advice.guide2",
                                       "advice.guide3",
                                       "advice.why",
                                       "advice.why_not",
                                       "advice.carries",
                                       "advice.new_skills",
                                       "advice.more_school",
                                       "advice.no_more_school",
                                       "advice.intro_nearest",
                                       NULL};

/* ===================== Replies ===================== */

static void part(sbuf *b, size_t *n, const char *s)
{
    if (!s || !*s)
        return;
    sbuf_puts(b, (*n)++ ? "; " : "");
    sbuf_puts(b, s);
}

/* An O*NET element's name for a reader: "K:Customer and Personal Service" -> lower case. */
static void elem_words(const advice *a, int elem, sbuf *b)
{
    const char *name = a->elem_name[elem] + 2;
    for (const char *p = name; *p; p++) /* lower case, but for "English" */
        sbuf_putc(b, *p >= 'A' && *p <= 'Z' && strncmp(p, "English", 7) ? (char)(*p - 'A' + 'a') : *p);
}

/* What carries over from career `from` to k, and what is new: the shared elements, most important
 * first, and those k needs that `from` does not. */
static void change_reason(const engine *e, int from, size_t k, sbuf *b, size_t *n)
{
    const advice *a = e->adv;
    sbuf carry = SBUF_INIT, fresh = SBUF_INIT;
    size_t nc = 0, nf = 0;
    for (int lvl = 50; lvl >= 35; lvl--) {
        for (size_t i = 0; i < a->n_elem; i++) {
            int u = a->imp[(size_t)from * a->n_elem + i], v = a->imp[k * a->n_elem + i];
            if (u >= 35 && v == lvl && nc < 3) {
                sbuf_puts(&carry, nc++ ? ", " : "");
                elem_words(a, (int)i, &carry);
            } else if (u < 35 && v == lvl && v >= 38 && nf < 2) {
                sbuf_puts(&fresh, nf++ ? ", " : "");
                elem_words(a, (int)i, &fresh);
            }
        }
    }
    sbuf msg = SBUF_INIT;
    if (nc) {
        reply_message(e, "advice.carries", sbuf_str(&carry), &msg);
        part(b, n, sbuf_str(&msg));
        msg.len = 0;
    }
    if (nf) {
        reply_message(e, "advice.new_skills", sbuf_str(&fresh), &msg);
        part(b, n, sbuf_str(&msg));
    }
    sbuf_free(&msg);
    sbuf_free(&carry);
    sbuf_free(&fresh);
}

/* Why career k suits p, from the data: the conditions and likes it meets, what it takes, its pay. */
/* A message of intents' "messages" as one part of a reason. */
static void part_msg(const engine *e, sbuf *b, size_t *n, const char *key, const char *arg)
{
    sbuf msg = SBUF_INIT;
    reply_message(e, key, arg, &msg);
    part(b, n, sbuf_str(&msg));
    sbuf_free(&msg);
}

static void reason(const engine *e, const advice_profile *p, size_t k, const double *test, sbuf *b)
{
    const advice *a = e->adv;
    size_t n = 0;
    if (test && quiz_fit(e->c, (int)k, test) >= 0.5)
        part_msg(e, b, &n, "advice.test_fit", NULL);
    for (size_t f = 0; f < a->n_facets && n < 2; f++)
        if (((p->want & a->career_facets[k]) >> f) & 1)
            part(b, &n, a->facet_label[f]);
    for (size_t i = 0; i < a->n_likes && n < 3; i++) {
        const struct advice_like *lk = &a->likes[i];
        bool met = lk->n_careers ? advice_listed(lk, k)
                   : lk->facets  ? (a->career_facets[k] & lk->facets & ~p->want) != 0
                                 : advice_elem_fit(a, k, lk) >= 0.5;
        if (((p->likes >> i) & 1) && met)
            part(b, &n, lk->reason);
    }
    if (p->from >= 0)
        change_reason(e, p->from, k, b, &n);
    int entry = advice_entry_of(e, k);
    if (entry >= 0 && entry < 8) {
        if (p->degree >= 0) {
            sbuf msg = SBUF_INIT;
            reply_message(e, entry <= 5 ? "advice.no_more_school" : "advice.more_school", a->entry_words[entry], &msg);
            part(b, &n, sbuf_str(&msg));
            sbuf_free(&msg);
        } else {
            part(b, &n, a->entry_words[entry]);
        }
    }
    double med = -1, change;
    if (content_pay(e->c, k, &med, &change) && med > 0) {
        sbuf_puts(b, n++ ? "; median " : "median ");
        content_money(b, med, false);
    }
}

/* "you like math and art; no degree needed; not careers in healthcare": what the list is built on. */
static void basis(const engine *e, const advice_profile *p, bool tested, sbuf *b)
{
    const advice *a = e->adv;
    size_t n = 0, nl = 0;
    if (tested)
        part_msg(e, b, &n, "advice.test_basis", NULL);
    for (size_t i = 0; i < a->n_likes; i++)
        if ((p->likes >> i) & 1) {
            sbuf_puts(b, nl ? ", " : (n++ ? "; you like " : "you like "));
            sbuf_puts(b, a->likes[i].name);
            nl++;
        }
    for (size_t i = 0; i < a->n_likes; i++)
        if ((p->dislikes >> i) & 1) {
            sbuf_puts(b, n++ ? "; not " : "not ");
            sbuf_puts(b, a->likes[i].name);
        }
    for (size_t f = 0; f < a->n_facets; f++)
        if ((p->want >> f) & 1)
            part(b, &n, a->facet_label[f]);
    uint32_t said = 0; /* facets of the dislikes, said already */
    for (size_t i = 0; i < a->n_likes; i++)
        if ((p->dislikes >> i) & 1)
            said |= a->likes[i].facets;
    for (size_t f = 0; f < a->n_facets; f++)
        if (((p->avoid & ~said) >> f) & 1) {
            sbuf_puts(b, n++ ? "; no " : "no ");
            sbuf_puts(b, a->facet_label[f]);
        }
    if (p->max_entry >= 0 && p->max_entry < 8) {
        sbuf_puts(b, n++ ? "; at most " : "at most ");
        sbuf_puts(b, a->entry_words[p->max_entry]);
    }
    if (p->min_pay > 0) {
        sbuf_puts(b, n++ ? "; a median of at least " : "a median of at least ");
        content_money(b, p->min_pay, false);
    }
    for (int f = 0; f < 64; f++)
        if ((p->avoid_areas >> f) & 1) {
            sbuf_puts(b, n++ ? "; not " : "not ");
            sbuf_puts(b, content_area_title(e->c, f));
        }
    for (int f = 0; f < 64; f++)
        if ((p->want_areas >> f) & 1) {
            sbuf_puts(b, n++ ? "; " : "");
            sbuf_puts(b, content_area_title(e->c, f));
        }
    if (p->by_pay)
        part(b, &n, "best paid first");
}

/* The list of careers for the session's profile, a page at a time, into t->list. */
static void recommend(const engine *e, engine_session *s, struct turn *t, const char *intro_key)
{
    const advice *a = e->adv;
    advice_profile *p = &s->adv.p;
    double scores[RIASEC_TYPES];
    struct advice_ranked *r;
    size_t within, first, n = advice_rank(e, s, p, &r, &within, &first);
    sbuf *b = &t->list, tmp = SBUF_INIT;
    if (p->situation >= 0 && !p->page) {
        reply_message(e, a->sit_message[p->situation], NULL, b);
        sbuf_puts(b, "\n\n");
    }
    size_t from = p->page ? first + (size_t)(p->page - 1) * ADVICE_PAGE : 0, to = p->page ? from + ADVICE_PAGE : first;
    if (!n || from >= n) {
        reply_message(e, n ? "advice.no_more" : "advice.none", NULL, b);
        free(r);
        t->listing = true;
        return;
    }
    if (!strcmp(intro_key, "advice.intro_degree"))
        sbuf_puts(&tmp, a->degrees[p->degree].name);
    else if (!strcmp(intro_key, "advice.intro_change") || !strcmp(intro_key, "advice.intro_nearest"))
        sbuf_puts(&tmp, content_title(e->c, (size_t)p->from));
    else
        basis(e, p, advice_test_scores(e, s, scores), &tmp);
    reply_message(e, intro_key, sbuf_str(&tmp), b);
    sbuf_puts(b, "\n\n");
    t->n_candidates = 0;
    for (size_t i = from; i < n && i < to; i++) {
        sbuf_printf(b, "- **%s**: ", content_title(e->c, (size_t)r[i].k));
        reason(e, p, (size_t)r[i].k, advice_test_scores(e, s, scores) ? scores : NULL, b);
        sbuf_putc(b, '\n');
        if (t->n_candidates < NAMES_MAX_ALTS)
            t->candidates[t->n_candidates++] = r[i].k;
        if (t->n_shown < ENGINE_LIST)
            t->shown[t->n_shown++] = r[i].k;
    }
    tmp.len = 0;
    sbuf_printf(&tmp, "the %zu careers I know in depth", a->n_careers);
    if (p->max_entry >= 0 || p->min_pay > 0 || p->avoid || p->avoid_areas)
        sbuf_printf(&tmp, ", %zu of them within your limits", within);
    sbuf_putc(b, '\n');
    reply_message(e, "advice.considered", sbuf_str(&tmp), b);
    snprintf(t->count, sizeof t->count, "%u", (unsigned)(n % 100000));
    t->listing = true;
    s->adv.shown_turn = s->turns + 1;
    sbuf_free(&tmp);
    free(r);
}

/* "why X?" / "why not X?": X against the session's profile. */
static void why(const engine *e, engine_session *s, struct turn *t, int career)
{
    const advice_profile *p = &s->adv.p;
    double scores[RIASEC_TYPES];
    sbuf tmp = SBUF_INIT;
    sbuf_puts(&tmp, content_title(e->c, (size_t)career));
    sbuf_puts(&tmp, ": ");
    if (advice_passes(e, p, (size_t)career)) {
        reason(e, p, (size_t)career, advice_test_scores(e, s, scores) ? scores : NULL, &tmp);
        reply_message(e, "advice.why", sbuf_str(&tmp), &t->list);
    } else {
        advice_profile one = *p; /* which limit it fails */
        one.likes = one.dislikes = one.want = 0;
        one.degree = -1;
        reason(e, &one, (size_t)career, NULL, &tmp);
        reply_message(e, "advice.why_not", sbuf_str(&tmp), &t->list);
    }
    t->listing = true;
    s->adv.shown_turn = s->turns + 1; /* a follow-up ("better paid") still refines the list */
    sbuf_free(&tmp);
}

/* The guided path: ask question step (1 to 3). */
static void guide_ask(const engine *e, engine_session *s, struct turn *t, int step)
{
    static const char *const keys[] = {"advice.guide1", "advice.guide2", "advice.guide3"};
    if (s->adv.p.situation >= 0 && step == 1) {
        reply_message(e, e->adv->sit_message[s->adv.p.situation], NULL, &t->list);
        sbuf_puts(&t->list, "\n\n");
    }
    reply_message(e, keys[step - 1], NULL, &t->list);
    s->adv.guide = step;
    s->adv.guide_turn = s->turns + 1;
    t->listing = true;
}

/* Whether the message speaks of the person ("I", "me", "my"). */
static bool first_person(const struct turn *t)
{
    static const char *const words[] = {"i", "i'm", "im", "i've", "ive", "i'd", "id", "me", "my", "myself"};
    for (size_t k = 0; k < t->words.n; k++)
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            if (!strcmp(t->words.v[k].w, words[i]))
                return true;
    return false;
}

/* Whether the message asks for work for the person writing: in the first person, or "need something
 * paying $55,000+", "is there anything that pays over forty grand", "what would suit someone who loves animals",
 * or the person's own story told without "I" ("finished a coding bootcamp", "did english at uni"). */
static bool for_self(const struct turn *t)
{
    static const char *const starts[] = {"need ",     "want ",   "looking for ", "after ",       "seeking ",
                                         "finished ", "did ",    "done ",        "dropped out ", "studied ",
                                         "studying ", "worked ", "spent ",       "graduated "};
    static const char *const asks[] = {
        "is there anything",  "is there something",  "anything that",  "anything where",    "anything with",
        "anything involving", "something involving", "something that", "something where",   "something paying",
        "something with",     "anything paying",     "suit someone",   "suits someone",     "suit somebody",
        "suits somebody",     "suit a person",       "suits a person", "suited to someone", "someone like me",
        "somebody like me"};
    if (first_person(t))
        return true;
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        if (!strncmp(t->norm, starts[i], strlen(starts[i])))
            return true;
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++)
        if (strstr(t->norm, asks[i]))
            return true;
    return false;
}

/* Whether the career named is set aside, not asked about: ruled out ("so not a vet", "I don't want to be a
 * therapist"), someone in the person's life ("my doctor says"), a verb ("I cook for the family"), someone
 * else's wish ("my mum thinks I should be a nurse") or a situation ("a Marine Corps vet"). */
static bool set_aside(const engine *e, const struct turn *t)
{
    size_t k = t->mention->from;
    if (k >= t->words.n)
        return false;
    const char *before = k > 0 ? t->words.v[k - 1].w : ""; /* "my doctor says"; "I cook for the family": a verb */
    return !strcmp(before, "my") || !strcmp(before, "i") || !strcmp(before, "we") ||
           advice_negated(e, t->norm, t->words.v[k].start) || advice_set_aside_at(e, t->norm, t->words.v[k].start);
}

/* The narrowest field career is in (a vet's health care, not all hands-on work), as a bit, or 0. */
static uint64_t narrowest_field(const engine *e, int career)
{
    uint64_t out = 0;
    size_t least = 0;
    for (int f = 0; career >= 0 && f < 64; f++) {
        size_t n = 0;
        for (size_t k = 0; k < e->adv->n_careers && content_in_area(e->c, f, (size_t)career); k++)
            n += content_in_area(e->c, f, k);
        if (n && (!least || n < least))
            least = n, out = 1ull << f;
    }
    return out;
}

/* The field of a career the message rules out ("that isn't being a cop", "not as a teacher"), or 0. */
static uint64_t ruled_out_fields(const engine *e, const struct turn *t)
{
    if (!t->mention || t->mention->from >= t->words.n || t->mention->career < 0 ||
        !advice_negated(e, t->norm, t->words.v[t->mention->from].start))
        return 0;
    return narrowest_field(e, t->mention->career);
}

/* Whether the message names a career as such (a discipline, "design", is something one likes). */
static bool names_career(const engine *e, const struct turn *t)
{
    names_hit h;
    if (t->mention)
        return t->mention->strength != CONTENT_NAME_DISCIPLINE && !set_aside(e, t);
    if (!content_find_name(e->c, &t->words, 0, t->words.n, &h) || h.strength == CONTENT_NAME_DISCIPLINE)
        return false;
    /* "I'm a keen photographer, mostly landscapes": a pastime, as a mention would be; "$20/hr": pay */
    return h.from >= t->words.n || !(advice_set_aside_at(e, t->norm, t->words.v[h.from].start) ||
                                     browse_pay_unit(t->norm, t->words.v[h.from].start));
}

/* Whether the career the message names is what it asks about: "specialisations for civil engineers",
 * "to become a nurse", not "being in the police makes me ill". */
static bool asks_about_career(const engine *e, const struct turn *t)
{
    static const char *const frames[] = {"for", "about", "become", "becoming", "be", "as", "of", "are", "do"};
    if (!names_career(e, t) || !t->mention || t->name_end <= t->name_start)
        return false;
    size_t k = t->mention->from;
    while (k > 0 && (!strcmp(t->words.v[k - 1].w, "a") || !strcmp(t->words.v[k - 1].w, "an") ||
                     !strcmp(t->words.v[k - 1].w, "the")))
        k--;
    for (size_t i = 0; k > 0 && i < sizeof frames / sizeof frames[0]; i++)
        if (!strcmp(t->words.v[k - 1].w, frames[i]))
            return true;
    return false;
}

/* Whether a message with no word about the person still says what they want: limits and things to
 * avoid stated, not asked ("No weekends. No nights. No exceptions."). */
static bool said_plainly(const struct turn *t, unsigned what, const advice_profile *p)
{
    return ((what & W_LIMIT) || p->avoid) && !(what & (W_CONTEXT | W_QUESTION)) && !strchr(t->norm, '?') &&
           t->words.n >= 2;
}

/* Whether the field named at byte at of norm follows "in" ("a career in construction"), and not as a school
 * subject someone did well in ("my best grades were in art", "top marks in science"). */
static bool field_framed(const char *norm, size_t at)
{
    static const char *const marks[] = {"grades were ", "grade was ", "grades ",    "grade ",    "marks ",
                                        "results ",     "best ",      "strongest ", "did well ", "classes ",
                                        "a levels ",    "gcses ",     "an a "};
    size_t in = at >= 3 && !strncmp(norm + at - 3, "in ", 3)       ? at - 3
                : at >= 7 && !strncmp(norm + at - 7, "in the ", 7) ? at - 7
                                                                   : SIZE_MAX;
    if (in == SIZE_MAX)
        return false;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t n = strlen(marks[i]);
        if (in >= n && !strncmp(norm + in - n, marks[i], n) && (in == n || norm[in - n - 1] == ' '))
            return false;
    }
    return true;
}

/* Whether the message is a question about the career being discussed ("is burnout common?") rather
 * than a request for careers. */
static bool career_question(const engine_session *s, const struct turn *t, unsigned what)
{
    /* "it" with no career discussed or named points at none ("college wasn't for me ... what would you recommend?") */
    return (s->career >= 0 || ((what & W_CONTEXT) && t->mention)) && ((what & W_QUESTION) || strchr(t->norm, '?')) &&
           !(what & W_ASKS);
}

/* Whether the name at byte at of norm is denied: "not" or "never" opens it or stands (with an article) before it. */
static bool denied_at(const char *norm, size_t at)
{
    static const char *const words[] = {"not ", "never ", "not a ", "not an ", "never a ", "never an "};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);
        if ((i < 2 && !strncmp(norm + at, words[i], n)) ||
            (at >= n && !strncmp(norm + at - n, words[i], n) && (at == n || norm[at - n - 1] == ' ')))
            return true;
    }
    return false;
}

/* Whether the career the message names is the person's own job, not a situation's words ("a Marine Corps vet"),
 * someone else's wish ("my mum thinks I should be a nurse") or denied ("I'm not academic"). */
static bool own_job(const engine *e, const struct turn *t)
{
    if (t->nearest && denied_at(t->norm, t->asked_start)) /* "I'm not academic": "not academic" is no job */
        return false;
    for (size_t i = 0; i < t->n_slots; i++)
        if (!strcmp(t->slots[i].name, "career") && denied_at(t->norm, t->slots[i].start))
            return false;
    if (!t->mention || t->mention->from >= t->words.n)
        return true;
    return !denied_at(t->norm, t->words.v[t->mention->from].start) &&
           !advice_set_aside_at(e, t->norm, t->words.v[t->mention->from].start);
}

/* Reads a career change from `career` into p: the working conditions of the old job named with no word of wanting
 * are what the person leaves ("the late nights especially"). False when the career has no O*NET ratings. */
static bool change_profile(const engine *e, const struct turn *t, advice_profile *p, int career)
{
    struct advice_span sp = {0, 0, 0, 0};
    if (career < 0 || (size_t)career >= e->adv->n_careers || !(e->adv->has_imp[career] || e->adv->has_full[career]))
        return false;
    if (advice_read(e, t->norm, p, 0, &sp) & W_LEAVE) /* "I want out": not the same line of work */
        p->avoid_areas |= narrowest_field(e, career);
    p->from = career;
    p->degree = -1;
    advice_rule_out(e->adv, p, sp.plain & e->adv->career_facets[career]);
    return true;
}

/* Whether what p says rules out career k as it is: a condition of it ruled out ("a bad knee": physical), its field
 * left ("my eyesight is going": transport), a condition it lacks wanted ("want to work from home"), or better pay. */
static bool job_ruled_out(const engine *e, const advice_profile *p, size_t k)
{
    uint32_t has = e->adv->career_facets[k], opposed = 0;
    for (size_t f = 0; f < e->adv->n_facets; f++)
        opposed |= (has >> f & 1) ? e->adv->opposite[f] : 0; /* a chef's shifts: "weekends off" wants the opposite */
    for (int f = 0; f < 64 && p->avoid_areas >> f; f++)
        if ((p->avoid_areas >> f & 1) && content_in_area(e->c, f, k))
            return true;
    return (p->avoid & has) || (p->want & opposed) || (p->want & ~has) || p->by_pay || p->min_pay > 0;
}

/* "I'm a carpenter with a bad knee now", "I'm a nurse and want to work from home": the person's own job (named after
 * "I'm a", "I was a", "I work as a") and something that rules it out as it is (job_ruled_out) is a career change from
 * it; true when it read one into p. A question ("I'm a nurse, can I work from home?", "can I earn good money as
 * an electrician", with or without "?") is about the job. */
static bool own_job_ruled_out(const engine *e, const struct turn *t, advice_profile *p, unsigned what)
{
    static const char *const own[] = {"m", "im", "am", "was", "as", "been"}; /* "i'm" is "i", "m" */
    if (!t->mention || t->mention->career < 0 || (size_t)t->mention->career >= e->adv->n_careers ||
        t->mention->strength == CONTENT_NAME_DISCIPLINE || set_aside(e, t) || strchr(t->norm, '?') ||
        (what & W_QUESTION) || !job_ruled_out(e, p, (size_t)t->mention->career))
        return false;
    size_t k = t->mention->from;
    while (k > 0 && (!strcmp(t->words.v[k - 1].w, "a") || !strcmp(t->words.v[k - 1].w, "an")))
        k--;
    for (size_t i = 0; k > 0 && i < sizeof own / sizeof own[0]; i++)
        if (!strcmp(t->words.v[k - 1].w, own[i]))
            return change_profile(e, t, p, t->mention->career);
    return false;
}

/* "got laid off from the factory, what else can I do": a career change from the job that stands for a workplace
 * worked in, when the message asks for work and says nothing else the lexicon knows but conditions of that job it
 * rules out ("I work in a shop and hate weekends"). */
static bool from_workplace(const engine *e, const struct turn *t, advice_profile *p, unsigned what)
{
    if ((what & (W_LIKE | W_AREA | W_PAY | W_DEFER | W_TEST | W_ASIDE)) || !(what & W_SELF))
        return false;
    advice_profile q = {.max_entry = -1, .degree = -1, .from = -1, .situation = -1};
    advice_read(e, t->norm, &q, 0, NULL);
    /* an ask, or one implied: a condition of the work ruled out ("waited tables for years, tired of being on my
     * feet"), or a situation with a limit ("laid off from a call center, only have a GED") */
    if (!strchr(t->norm, '?') && !(what & W_ASKS) && !strstr(t->norm, "what") && !q.avoid &&
        !((what & W_SIT) && (what & W_LIMIT)))
        return false;
    int k = advice_workplace(e, t->norm, what);
    uint32_t opposites = 0; /* "hate weekends": regular hours wanted only as the opposite of what is ruled out */
    for (size_t f = 0; f < e->adv->n_facets; f++)
        opposites |= (q.avoid >> f & 1) ? e->adv->opposite[f] : 0;
    if (k >= 0 && (what & W_PREF) && (q.want & ~opposites))
        return false; /* "I worked in a shop, I'd like to be outdoors": what they want, not the shop's likes */
    return change_profile(e, t, p, k); /* with "and hate weekends": the shop's work without them */
}

/* The message that opens a list: by field of study, from an old job (or what stands for one), or by what was said. */
static const char *intro_key(const intent *in, const struct turn *t, bool from_job)
{
    if (in->advice == AC_DEGREE)
        return "advice.intro_degree";
    if (in->advice == AC_CHANGE)
        return t->nearest ? "advice.intro_nearest" : "advice.intro_change";
    return from_job ? "advice.intro_change" : "advice.intro";
}

bool advice_fits(const engine *e, engine_session *s, struct turn *t, const intent *in, int career)
{
    advice_state *st = &s->adv;
    if (!e->adv)
        return false;
    bool after_list = st->active && st->shown_turn == s->turns;
    bool guiding = st->guide && st->guide_turn == s->turns;
    advice_profile p = st->p;
    unsigned what;
    bool stand_in = false; /* "laid off from the factory": the workplace's job stands for the old one */
    struct advice_span sp = {0, 0, 0, 0};
    switch (in->advice) {
    case AC_GUIDE:
        if (names_career(e, t) || (advice_read(e, t->norm, &p, 0, NULL) & (W_TEST | W_ASIDE)))
            return false; /* "I'm stuck, test me": the test */
        advice_state_init(st);
        advice_read(e, t->norm, &st->p, 0, NULL);
        guide_ask(e, s, t, 1);
        return true;
    case AC_GUIDE_ANSWER:
        if (!guiding || names_career(e, t))
            return false;
        what = advice_read(e, t->norm, &p, st->guide == 2 ? ADVICE_READ_SCHOOL : 0, NULL);
        if (!(what & W_SUBSTANCE) || (what & (W_DEFER | W_TEST | W_ASIDE))) /* "take the career test": no answer */
            return false;
        st->p = p;
        st->active = st->active || (what & ~(unsigned)W_SKIP);
        if (st->guide < 3) {
            guide_ask(e, s, t, st->guide + 1);
            return true;
        }
        st->guide = 0;
        st->active = true;
        st->p.page = 0;
        recommend(e, s, t, "advice.intro");
        return true;
    case AC_RECOMMEND:
    case AC_REFINE:
        content_area_find(e->c, t->norm, &sp.at, &sp.len);
        what = advice_read(e, t->norm, &p, 0, &sp) & ~(unsigned)W_SKIP;
        if (in->advice == AC_RECOMMEND &&
            (stand_in = (!t->mention && from_workplace(e, t, &p, what)) || own_job_ruled_out(e, t, &p, what)))
            break; /* "laid off from the warehouse, what else?"; "I'm a carpenter with a bad knee": from that job */
        if (names_career(e, t) || (in->advice == AC_REFINE && !after_list))
            return false;
        if (!(what & W_SUBSTANCE) || (what & (W_DEFER | W_TEST | W_ASIDE))) /* "similar jobs where ...", "test me" */
            return false;
        if (sp.len && !sp.outside && (!for_self(t) || field_framed(t->norm, sp.at)) &&
            !(what & (W_LIMIT | W_SIT | W_PAY | W_AREA)))
            return false; /* "science jobs", "a career in construction": a field to browse */
        if (in->advice == AC_RECOMMEND && !(what & (W_LIKE | W_PREF | W_SIT | W_AREA)) && (p.by_pay || p.min_pay > 0) &&
            !for_self(t))
            return false; /* "best paid jobs without a degree": a ranking (browse.c) */
        if (t->mention && (strchr(t->norm, '?') || (what & W_QUESTION)) && !set_aside(e, t))
            return false; /* "is social work the right path for me?" (with or without "?"): about the career */
        if (in->advice == AC_RECOMMEND && career_question(s, t, what))
            return false; /* "could i work freelance from home?": about the career discussed */
        if ((what & W_SIT) && !(what & (W_PREF | W_LIMIT | W_AREA | W_PAY)) && !(p.likes & ~st->p.likes))
            return false; /* "teaching is killing me": distress, not a list ("a dead end job, want more pay": one) */
        if (sp.len && field_framed(t->norm, sp.at) &&
            !(p.avoid_areas >> content_area_find(e->c, t->norm, NULL, NULL) & 1))
            p.want_areas |= 1ull << content_area_find(e->c, t->norm, NULL, NULL); /* "jobs in healthcare that ..." */
        if (in->advice == AC_RECOMMEND &&
            ((!(what & W_SELF) && !said_plainly(t, what, &p)) || ((what & W_CONTEXT) && !for_self(t))))
            return false; /* "who won the game?"; "is that job done from home?": about the career discussed */
        if (in->advice == AC_RECOMMEND && !(what & (W_LIKE | W_PREF | W_SIT | W_AREA)) && !for_self(t))
            return false;                                            /* "jobs without a degree": a field to browse */
        if ((what & W_LIKE) && !(what & W_ADD) && first_person(t)) { /* "I love drawing": afresh */
            p = (advice_profile){.max_entry = -1, .degree = -1, .from = -1, .situation = -1};
            advice_read(e, t->norm, &p, 0, NULL);
        }
        if (!(what & (W_LIKE | W_PREF | W_LIMIT | W_AREA | W_PAY)))
            return false; /* a situation alone: safety.distress, or advice.situation */
        break;
    case AC_SITUATION: /* "I'm 40 and want to switch careers": ask what they enjoy */
        what = advice_read(e, t->norm, &p, 0, NULL);
        if (names_career(e, t) || !(what & W_SIT) || career_question(s, t, what))
            return false;
        if ((what & (W_ASKS | W_SELF)) &&
            ((e->adv->sit_from[p.situation] >= 0 && change_profile(e, t, &p, e->adv->sit_from[p.situation])) ||
             e->adv->sit_lists[p.situation]))
            break; /* "a Marine Corps vet, what jobs would suit me": from the service; "I'm deaf, which careers": now */
        st->p = p;
        guide_ask(e, s, t, 1);
        return true;
    case AC_DEGREE:
        if (asks_about_career(e, t) || (names_career(e, t) && !first_person(t)))
            return false; /* "specialisations for civil engineers?", "AI scientist or ML engineer after a CS degree?" */
        p.degree = -1;
        if (!(advice_read(e, t->norm, &p, ADVICE_READ_DEGREE, NULL) & W_DEGREE))
            return false;
        p.from = -1;
        p.likes = 0;
        break;
    case AC_CHANGE:
        if (!own_job(e, t) || !change_profile(e, t, &p, career))
            return false;
        break;
    case AC_MORE:
        if (!after_list)
            return false;
        st->p.page++;
        recommend(e, s, t, "advice.intro");
        return true;
    case AC_WHY:
        if (!st->active || career < 0 || (size_t)career >= e->adv->n_careers)
            return false;
        why(e, s, t, career);
        return true;
    default:
        return false;
    }
    if (in->advice != AC_CHANGE)
        p.avoid_areas |= ruled_out_fields(e, t);
    p.page = 0;
    st->p = p;
    st->active = true;
    st->guide = 0;
    recommend(e, s, t, intro_key(in, t, stand_in || (in->advice == AC_SITUATION && p.from >= 0)));
    return true;
}
