/*
 * turn: one message, read once: the keyword prefilter, the patterns in dispatch order, which
 * career the message is about (named, referred to, or from context), which intent answers, and
 * what that does to the session. Rendering is reply.c's; several questions are questions.c's.
 */
#include "engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *turn_slot(void *ud, const char *name, size_t *len)
{
    const struct turn *t = ud;
    if (!strcmp(name, "asked") && t->nearest) {
        *len = t->asked_end - t->asked_start;
        return t->norm + t->asked_start;
    }
    if (!strcmp(name, "higher")) {
        *len = t->higher.len;
        return t->higher.len ? t->higher.p : "";
    }
    if (!strcmp(name, "recent")) {
        *len = t->recent.len;
        return t->recent.len ? t->recent.p : "";
    }
    if (!strcmp(name, "options") && t->options.len) {
        *len = t->options.len;
        return t->options.p;
    }
    if (t->listing) {
        const char *v = !strcmp(name, "field")   ? t->field_title
                        : !strcmp(name, "count") ? t->count
                        : !strcmp(name, "list")  ? sbuf_str(&t->list)
                                                 : NULL;
        if (v) {
            *len = strlen(v);
            return v;
        }
    }
    for (size_t i = 0; i < t->n_slots; i++) {
        if (!strcmp(t->slots[i].name, name)) {
            /* Echo at most SLOT_ECHO_MAX bytes of what the user typed, cut on a character. */
            const char *v = t->norm + t->slots[i].start;
            size_t n = t->slots[i].end - t->slots[i].start;
            *len = n > SLOT_ECHO_MAX ? text_utf8_trim(v, SLOT_ECHO_MAX) : n;
            return v;
        }
    }
    return NULL;
}

/* Remembers the named groups set by the last match. */
static void capture_slots(const pcre2_code *re, pcre2_match_data *md, struct turn *t)
{
    uint32_t count = 0, esize = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &esize);
    pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    t->n_slots = 0;
    for (uint32_t i = 0; i < count && t->n_slots < MAX_SLOTS; i++) {
        const unsigned char *entry = table + i * esize;
        uint32_t group = ((uint32_t)entry[0] << 8) | entry[1];
        if (group >= pairs || ov[2 * group] == PCRE2_UNSET || ov[2 * group + 1] <= ov[2 * group])
            continue;
        t->slots[t->n_slots].name = (const char *)(entry + 2);
        t->slots[t->n_slots].start = ov[2 * group];
        t->slots[t->n_slots].end = ov[2 * group + 1];
        t->n_slots++;
    }
}

/* Where intent_matches goes on: the pattern, and the byte of the message to match from. */
struct pat_pos {
    size_t pat, at;
};

/* Whether a pattern of in matches, from pos on: on a match, its slots are in t and pos is where a
 * later match would start (the same pattern after its first slot, then the next patterns). */
static bool intent_matches(const engine *e, const intent *in, engine_session *s, struct turn *t, struct pat_pos *pos)
{
    if (t->norm_len < in->min_len)
        return false;
    for (; pos->pat < in->n_pats; pos->pat++, pos->at = 0) {
        size_t p = pos->pat;
        if (!prefilter_may_match(in, p, t->may))
            continue;
        int rc = pattern_match_from(in->pats[p], t->norm, t->norm_len, pos->at, s->md, e->mctx);
        if (rc >= 0) {
            capture_slots(in->pats[p], s->md, t);
            pos->at = t->n_slots ? t->slots[0].end : t->norm_len + 1;
            /* (*MARK:loose): the slot may be anything ("what is the weather like?"), so it is an
             * unknown career only when it reads like a job title. */
            PCRE2_SPTR mark = pcre2_get_mark(s->md);
            t->loose = mark && !strcmp((const char *)mark, "loose");
            /* A topic word inside a career's title is part of it ("what does an education
             * administrator do?"), not inside the name of what a career does ("get a CDL"). */
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
            bool discipline = t->mention && t->mention->strength == CONTENT_NAME_DISCIPLINE;
            if (!t->n_slots && !discipline && t->name_end > t->name_start && ov[0] >= t->name_start &&
                ov[1] <= t->name_end)
                continue;
            return true;
        }
        if (rc != PCRE2_ERROR_NOMATCH && e->log) {
            /* A limit hit counts as no match; say which pattern so it can be fixed. */
            PCRE2_UCHAR msg[128];
            pcre2_get_error_message(rc, msg, sizeof msg);
            char line[320];
            snprintf(line, sizeof line, "intent %s pattern %zu (%s:%d): %s; treated as no match", in->id, p + 1,
                     in->file, in->line, (const char *)msg);
            e->log(e->log_ud, 1, line);
        }
    }
    return false;
}

static bool is_reference(const engine *e, const text_words *w, size_t from, size_t to)
{
    if (from >= to)
        return true;
    for (size_t i = from; i < to; i++) {
        bool ref = false;
        for (size_t r = 0; r < e->n_refs && !ref; r++)
            ref = !strcmp(w->v[i].w, e->refs[r]);
        if (!ref)
            return false;
    }
    return true;
}

/* The words that lie inside bytes [start, end) of the normalised text. */
static void words_in_span(const text_words *w, size_t start, size_t end, size_t *from, size_t *to)
{
    size_t i = 0;
    while (i < w->n && w->v[i].start < start)
        i++;
    size_t j = i;
    while (j < w->n && w->v[j].end <= end)
        j++;
    *from = i;
    *to = j;
}

/* Only the nearest career to the words [from, to) asked about (t->nearest, with their bytes for the reply). */
static enum career_outcome nearest(struct turn *t, int career, size_t from, size_t to)
{
    t->nearest = true;
    t->asked_start = t->words.v[from].start;
    t->asked_end = t->words.v[to - 1].end;
    t->candidates[0] = career;
    t->n_candidates = 1;
    return CO_AMBIGUOUS;
}

/* The career of hit h (found in words [lo, hi), a career slot or the whole message): found, one of several, or only the
 * nearest to a narrower name (t->nearest, with the name's bytes for the reply). */
static enum career_outcome take_hit(const engine *e, const names_hit *h, struct turn *t, size_t lo, size_t hi,
                                    bool slot, int *career)
{
    *career = h->career;
    if (h->n_alts < 2 && refs_narrower(e, t, h, lo, hi, slot)) {
        bool before = h->from > lo && !content_is_head(e->c, t->words.v[h->from - 1].w);
        size_t from = before ? h->from - 1 : h->from, to = before ? h->to : h->to + 1;
        if (h->from > lo && h->to < hi && content_is_head(e->c, t->words.v[h->to].w))
            to = h->to + 1;
        if (to > hi) /* the word before it was a job word too ("nurse machine-learning engineer") */
            to = h->to;
        return nearest(t, h->career, from < lo ? lo : from, to);
    }
    if (h->n_alts < 2)
        return CO_FOUND;
    if (refs_has(h->alts, h->n_alts, t->context)) { /* "mechanics", just after the car mechanic */
        *career = t->context;
        return CO_FOUND;
    }
    int same_head = refs_same_head(e, t, h->alts, h->n_alts, h->from, h->to, t->context);
    if (same_head >= 0) { /* "what about mechanical", just after the civil engineer */
        *career = same_head;
        return CO_FOUND;
    }
    memcpy(t->candidates, h->alts, h->n_alts * sizeof *h->alts);
    t->n_candidates = h->n_alts;
    return CO_AMBIGUOUS;
}

/* The words [*from, *to) of the match's first "career" slot. Returns false when it has none. */
static bool career_slot(const struct turn *t, size_t *from, size_t *to)
{
    for (size_t i = 0; i < t->n_slots; i++) {
        if (!strcmp(t->slots[i].name, "career")) {
            words_in_span(&t->words, t->slots[i].start, t->slots[i].end, from, to);
            return true;
        }
    }
    return false;
}

/* Whether a (*MARK:loose) pattern's career slot holds more than the career's name ("what is the
 * salery of a nurse": the slot is "salery of a nurse"): the pattern then only guessed the topic. */
static bool loose_slot_guessed(const engine *e, struct turn *t)
{
    if (!t->loose)
        return false;
    size_t from, to;
    names_hit h;
    return career_slot(t, &from, &to) && from < to && content_find_name(e->c, &t->words, from, to, &h) &&
           (h.from > from || h.to < to);
}

/* Which career a matched intent is about: the one its career slot names, else one named anywhere
 * in the message (unless, for a question about one career, it refers back to the last one before
 * naming another), else the last one of the session. */
static enum career_outcome resolve_career(const engine *e, const engine_session *s, struct turn *t,
                                          const names_hit *mention, bool allow_context, bool one_career, int *career)
{
    size_t from, to;
    if (career_slot(t, &from, &to)) {
        names_hit h;
        if (content_find_name_framed(e->c, &t->words, from, to, &h) && h.to - h.from < to - from &&
            (t->n_candidates = refs_common_kinds(e, t, from, to, t->candidates, 3)) > 0)
            return CO_AMBIGUOUS; /* "engineering technicians": which kind, not the Engineer */
        if (content_find_name_framed(e->c, &t->words, from, to, &h))
            return take_hit(e, &h, t, from, to, true, career);
        size_t at;
        int nth = refs_ordinal(s, &t->words, from, to, &at);
        if (nth >= 0) {
            *career = nth;
            return CO_FOUND;
        }
        int part[NAMES_MAX_ALTS];
        size_t n_part = to - from <= 3 ? content_partial(e->c, &t->words, from, to, part, 3) : 0;
        if (n_part == 1 && to - from == 1 && refs_partial_doubt(e, part[0], t->words.v[from].w))
            return nearest(t, part[0], from, to); /* "curator": the AI Data Curator is only the nearest */
        if (n_part == 1) {                        /* "what about diesel": part of one career's name */
            *career = part[0];
            return CO_FOUND;
        }
        if (n_part >= 2 && n_part <= 3 && refs_has(part, n_part, s->career)) { /* "elementary", of a list */
            *career = s->career;
            return CO_FOUND;
        }
        int same_head = n_part >= 2 && n_part <= 3 ? refs_same_head(e, t, part, n_part, from, to, s->career) : -1;
        if (same_head >= 0) { /* "what about mechanical", just after the civil engineer */
            *career = same_head;
            return CO_FOUND;
        }
        if (n_part >= 2 && n_part <= 3) {
            memcpy(t->candidates, part, n_part * sizeof *part);
            t->n_candidates = n_part;
            return CO_AMBIGUOUS;
        }
        if (n_part > 3 && (t->n_candidates = refs_common_kinds(e, t, from, to, t->candidates, 3)) > 0)
            return CO_AMBIGUOUS; /* "is designer a good job?": which kind */
        if (is_reference(e, &t->words, from, to)) {
            names_hit last; /* "...I watch the hygienists every day... how do I become one?" */
            if (mention && refs_last_named(e, t, from, &last))
                return take_hit(e, &last, t, 0, t->words.n, false, career);
            if (mention) /* "data engineers, what do they do?" */
                return take_hit(e, mention, t, 0, t->words.n, false, career);
            *career = s->career;
            return s->career >= 0 ? CO_FOUND : CO_NONE;
        }
        return CO_UNKNOWN;
    }
    if (one_career && mention && s->career >= 0 && mention->career != s->career && refs_back(e, t, mention)) {
        *career = s->career; /* "can you do it without being a nurse first?": "it" is the career talked about */
        return CO_FOUND;
    }
    int recent = mention ? refs_the_head(e, s, t, mention) : -1;
    if (recent >= 0) { /* "the engineer", just after the electrical engineer */
        *career = recent;
        return CO_FOUND;
    }
    names_hit framed; /* a question's pattern matched: "is nursing stressful?" names a career too */
    if (mention || content_find_name_framed(e->c, &t->words, 0, t->words.n, &framed))
        return take_hit(e, mention ? mention : &framed, t, 0, t->words.n, false, career);
    if (!allow_context)
        return CO_UNKNOWN;
    if (!t->n_slots && (refs_unknown_title(e, t) || refs_unknown_field(e, t))) { /* "a boilermaker", not the last one */
        /* "what do designers earn": which kind */
        bool kinds =
            career_slot(t, &from, &to) && (t->n_candidates = refs_common_kinds(e, t, from, to, t->candidates, 3));
        return kinds ? CO_AMBIGUOUS : CO_UNKNOWN;
    }
    *career = s->career;
    return *career >= 0 ? CO_FOUND : CO_NONE;
}

/* Whether the career slot of this turn reads like a job title ("data analyst", "beekeepers"), by the
 * endings of intents' "job_words": asked of slots of patterns marked (*MARK:loose), where "what's the
 * weather like" is no career we lack, just off topic. Without job_words, any slot counts. */
static bool looks_like_career(const engine *e, const struct turn *t)
{
    if (!e->n_job_words)
        return true;
    size_t from, to;
    if (!career_slot(t, &from, &to) || from >= to || to - from > 5)
        return false;
    const char *w = t->words.v[to - 1].w;
    size_t wl = strlen(w);
    for (size_t k = 0; k < e->n_job_words; k++) {
        size_t kl = strlen(e->job_words[k]);
        if (kl <= wl && !strcmp(w + wl - kl, e->job_words[k]))
            return true;
    }
    return false;
}

/* The career named in the slot "other" ("X or (?<other>Y)"), if it is not first; else -1. */
static int named_other(const engine *e, const struct turn *t, int first)
{
    for (size_t i = 0; i < t->n_slots; i++) {
        if (strcmp(t->slots[i].name, "other"))
            continue;
        size_t from, to;
        words_in_span(&t->words, t->slots[i].start, t->slots[i].end, &from, &to);
        names_hit h;
        if (from < to && content_find_name(e->c, &t->words, from, to, &h) && h.n_alts == 1 && h.career != first)
            return h.career;
    }
    return -1;
}

/* "X or Y" (or "X, Y or Z") from the candidates' titles. */
static void candidate_titles(const engine *e, struct turn *t)
{
    if (t->n_candidates > 3)
        t->n_candidates = 3; /* a question a person can answer at a glance */
    for (size_t i = 0; i < t->n_candidates; i++) {
        if (i)
            reply_message(e, i + 1 == t->n_candidates ? "list.or" : "list.comma", NULL, &t->options);
        sbuf_puts(&t->options, content_title(e->c, (size_t)t->candidates[i]));
    }
}

/* Reads the normalised text into t: its words and the career it names, if any. */
static void read_text(const engine *e, const char *text, size_t len, const sbuf *norm, struct turn *t)
{
    t->other = -1;
    t->field = -1;
    t->norm = norm->p;
    t->norm_len = norm->len;
    size_t na = 0;
    const text_abbrev *ab = content_abbrevs(e->c, &na);
    text_words_split(norm->p, norm->len, ab, na, &t->words);
    text_words_mark_caps(text, len, &t->words);
    if (content_find_name(e->c, &t->words, 0, t->words.n, &t->mention_hit) && !refs_compound(e, t, &t->mention_hit) &&
        !browse_pay_unit(t->norm, t->words.v[t->mention_hit.from].start)) { /* "$20/hr": pay, not human resources */
        t->mention = &t->mention_hit;
        t->name_start = t->words.v[t->mention->from].start;
        t->name_end = t->words.v[t->mention->to - 1].end;
    }
}

/* During the career test, an answer to the question comes before any intent. Returns whether the
 * text was one (and out holds the test's next step). With aside, the crisis resources come first:
 * "I'd rather die" said to "Fix a car engine?" is read as "hate it", and said once more in case it
 * was meant. */
static bool test_answer(const engine *e, engine_session *s, const struct turn *t, quiz_out *qo, engine_reply *out,
                        bool aside)
{
    int v = -2, z = 0;
    if (s->qs.phase == QP_ASKING && (v = quiz_parse_answer(e->quiz, t->norm, t->norm_len, s->md)) != -2) {
        if (aside)
            quiz_crisis_aside(e->quiz, qo);
        quiz_answer(e->quiz, e->c, &s->qs, v, qo);
    } else if (s->qs.phase == QP_EDUCATION && (z = quiz_parse_zone(e->quiz, t->norm, t->norm_len, s->md)) > 0)
        quiz_zone(e->quiz, e->c, &s->qs, z, qo);
    if (v == -2 && z <= 0)
        return false;
    reply_from_quiz(qo, out, INTENT_TEST_ANSWER);
    return true;
}

/* Whether a message that would pause the test (a crisis) is, said to the test's question, its
 * strongest "no" ("I'd rather die", "kill me"): then it is recorded, with the resources first. */
static bool crisis_as_answer(const engine *e, engine_session *s, const struct turn *t)
{
    return s->qs.phase == QP_ASKING && quiz_parse_answer(e->quiz, t->norm, t->norm_len, s->md) == 0;
}

/* Which intent a turn chose, about which career, and whose responses answer. */
struct choice {
    int chosen;    /* the intent that answers (a role's intent when asking back), or -1 */
    int career;    /* the career it is about, or -1 */
    int answer_as; /* the intent whose responses are rendered */
    int unknown;   /* the first intent that matched with a career we do not know, or -1 */
    struct slot unknown_slots[MAX_SLOTS];
    size_t n_unknown;
};

/* Whether intent i, whose patterns matched and which takes a career, answers: sets ch->chosen
 * (itself, or the role that asks which career) and ch->career. Returns false to try the next. */
static bool career_intent_fits(const engine *e, engine_session *s, struct turn *t, size_t i, struct choice *ch)
{
    const intent *in = &e->intents[i];
    /* Once the message has named a career we do not know ("become a data analyst"), a later
     * intent must not answer about the previous career instead. */
    enum career_outcome co = resolve_career(e, s, t, t->mention, ch->unknown < 0, !in->compare, &ch->career);
    if (co == CO_UNKNOWN) {
        if (ch->unknown < 0 && (!t->loose || looks_like_career(e, t))) {
            ch->unknown = (int)i;
            memcpy(ch->unknown_slots, t->slots, sizeof t->slots);
            ch->n_unknown = t->n_slots;
        }
        ch->career = -1;
        return false;
    }
    if (in->compare_named && (co != CO_FOUND || (t->other = named_other(e, t, ch->career)) < 0)) {
        ch->career = -1; /* "X or Y?" compares only when both are careers */
        t->other = -1;
        return false;
    }
    if (co == CO_FOUND && in->compare && refs_names_twice(e, t, t->mention, ch->career)) {
        ch->career = -1; /* one career by two of its names: what it is, not a comparison */
        return false;
    }
    if (co == CO_FOUND && in->compare && (t->other = refs_second_career(e, s, t, t->mention, ch->career)) < 0)
        co = CO_NONE; /* a comparison needs two careers: ask for one */
    if (in->advice) { /* "why that one?", "I'm a nurse, what else?": only about a career found */
        /* "I was a legal secretary": the nearest; "teacher of 15 years": the first it may mean, named in the reply */
        if (co == CO_AMBIGUOUS && t->n_candidates && in->advice == AC_CHANGE)
            co = CO_FOUND, ch->career = t->candidates[0];
        bool fits = co == CO_FOUND && advice_fits(e, s, t, in, ch->career);
        ch->chosen = fits ? (int)i : -1;
        ch->career = fits ? ch->career : -1;
        return fits;
    }
    if (co == CO_AMBIGUOUS || (co == CO_NONE && in->career == CM_REQUIRED)) {
        /* Ask which career (or which of these), and answer this question once the user says. */
        s->pending = in->repeat_topic ? s->topic : (int)i;
        ch->chosen = e->roles[co == CO_AMBIGUOUS ? ROLE_CLARIFY : ROLE_ASK_CAREER];
        if (co == CO_AMBIGUOUS && t->nearest && e->roles[ROLE_NEAREST] >= 0)
            ch->chosen = e->roles[ROLE_NEAREST];
        ch->career = -1;
        return true;
    }
    ch->chosen = (int)i;
    return true;
}

/* A message of a word or two that no pattern understood and that names no career as such: a field
 * to browse ("healthcare", "trades"), else a career named as only a question would name it (a
 * discipline, "welding"; a short form, "cna"). Sets ch->chosen and returns true, or false. */
static bool short_message(const engine *e, struct turn *t, struct choice *ch)
{
    if (t->mention || !t->words.n || t->words.n > 2)
        return false;
    for (size_t i = e->n_intents; i-- > 0;) { /* the last browsing intent: the plain list */
        if (e->intents[i].browse) {
            if (!browse_fits(e, t, &e->intents[i]))
                break;
            ch->chosen = (int)i;
            return true;
        }
    }
    names_hit *h = &t->mention_hit; /* a common word alone is no frame: "marketing", "pa" */
    if (!content_find_name_framed(e->c, &t->words, 0, t->words.n, h) ||
        (h->to - h->from == 1 && !t->words.v[h->from].caps && content_is_common(e->c, t->words.v[h->from].w)))
        return false;
    t->mention = h;
    if (take_hit(e, t->mention, t, 0, t->words.n, false, &ch->career) == CO_AMBIGUOUS) {
        ch->chosen = e->roles[ROLE_CLARIFY];
        ch->career = -1;
        return true;
    }
    ch->chosen = e->roles[ROLE_CAREER_ONLY];
    return true;
}

/* The first intent in dispatch order whose patterns match and whose conditions hold; failing
 * that, the unknown career, the career named alone, or the fallback. */
static void choose(const engine *e, engine_session *s, struct turn *t, struct choice *ch, engine_reply *out)
{
    size_t from, to;
    int topic;
    ch->chosen = ch->career = ch->unknown = -1;
    ch->n_unknown = 0;
    for (size_t k = 0; k < t->n_order && ch->chosen < 0; k++) {
        size_t i = (size_t)t->order[k];
        struct pat_pos next = {0, 0};
        const intent *in = &e->intents[i];
        if (!in->n_pats || (in->when_test && !t->testing) ||
            (in->when_results && !t->testing && s->qs.phase != QP_DONE) || (in->unless_career && t->mention) ||
            (in->when_compared && (s->topic < 0 || !e->intents[s->topic].compare)) || !intents_after_ok(in, s->topic) ||
            !intent_matches(e, in, s, t, &next))
            continue;
        if (in->browse || (in->advice && in->career == CM_NONE)) {
            if (in->browse ? browse_fits(e, t, in) : advice_fits(e, s, t, in, -1))
                ch->chosen = (int)i;
        } else if (in->career == CM_NONE) {
            ch->chosen = (int)i;
        } else {
            /* A career change read from a later match when the first one's career is not one ("stay
             * at home mum for 12 yrs, before that I was a legal secretary"). */
            while (!career_intent_fits(e, s, t, i, ch) && ch->chosen < 0 && in->advice == AC_CHANGE &&
                   intent_matches(e, in, s, t, &next))
                ;
        }
    }
    if (ch->chosen < 0 && ch->unknown >= 0) { /* "what about X?" next asks the same question of X */
        ch->chosen = e->roles[ROLE_UNKNOWN_CAREER];
        s->pending = ch->unknown;
        memcpy(t->slots, ch->unknown_slots, sizeof t->slots);
        t->n_slots = ch->n_unknown;
    } else if (ch->chosen < 0 && t->mention) {
        /* Just a career name ("nurse", "data engineers?"): answer what was asked before, if the
         * bot had asked which career, else describe it. */
        t->n_slots = 0;
        if (take_hit(e, t->mention, t, 0, t->words.n, false, &ch->career) == CO_AMBIGUOUS) {
            ch->chosen = e->roles[t->nearest && e->roles[ROLE_NEAREST] >= 0 ? ROLE_NEAREST : ROLE_CLARIFY];
            ch->career = -1;
            if (s->pending < 0)
                s->pending = e->roles[ROLE_CAREER_ONLY];
        } else {
            out->name_only = s->pending < 0 && !(t->kind && s->topic >= 0);
            /* "civil", after "how do I become an engineer?": the same question about that kind */
            ch->chosen = s->pending >= 0            ? s->pending
                         : t->kind && s->topic >= 0 ? s->topic
                                                    : e->roles[ROLE_CAREER_ONLY];
        }
    } else if (ch->chosen < 0 && !t->testing && short_message(e, t, ch)) {
        /* "nursing", "trades", "cna": a field, or a career named the way a question would */
    } else if (ch->chosen < 0 && !t->testing && refs_bare_title(e, t)) {
        ch->chosen = e->roles[ROLE_UNKNOWN_CAREER]; /* "watchmaker": a title we do not know */
        t->slots[0] = (struct slot){"career", t->words.v[0].start, t->words.v[t->words.n - 1].end};
        t->n_slots = 1;
    } else if (ch->chosen < 0 && !t->testing && !t->mention && refs_title_in(e, t, &from, &to)) {
        ch->chosen = e->roles[ROLE_UNKNOWN_CAREER]; /* "do cartographers still exist?", not the last career's */
        t->slots[0] = (struct slot){"career", t->words.v[from].start, t->words.v[to - 1].end};
        t->n_slots = 1;
    } else if (ch->chosen < 0 && !t->testing && (topic = refs_backoff(e, s, t, &ch->career)) >= 0) {
        ch->chosen = topic; /* "nurse hours??": the topic its words name, about that career */
        t->n_slots = 0;
    } else if (ch->chosen < 0 && s->choosing && s->pending >= 0 && refs_none_of_them(t)) {
        ch->chosen = e->roles[ROLE_ASK_CAREER]; /* "neither": which one, then, for the question asked */
    } else if (ch->chosen < 0) {
        ch->chosen = e->roles[ROLE_FALLBACK];
    }
    if (!INVARIANT(ch->chosen >= 0 && (size_t)ch->chosen < e->n_intents))
        ch->chosen = e->roles[ROLE_FALLBACK];
    ch->answer_as = ch->chosen;
    if (loose_slot_guessed(e, t))
        out->name_only = true;
}

/* Intents that answer as another: the session's topic about the named career ("what about
 * nurses?"), or the topic after the last one ("tell me more"); a comparison short of a career asks
 * for one. */
static void redirect(const engine *e, engine_session *s, struct turn *t, struct choice *ch)
{
    const intent *in = &e->intents[ch->chosen];
    if (in->repeat_topic) { /* the question waiting for a career, else the last topic */
        ch->answer_as = s->pending >= 0 && e->intents[s->pending].career != CM_NONE ? s->pending
                        : s->topic >= 0                                             ? s->topic
                                                                                    : e->roles[ROLE_CAREER_ONLY];
        t->n_slots = 0;
    } else if (in->n_next) {
        size_t k = 0;
        while (k < in->n_next && in->next_idx[k] != s->topic)
            k++;
        ch->answer_as = in->next_idx[k < in->n_next ? (k + 1) % in->n_next : 0];
        t->n_slots = 0;
    }
    if (e->intents[ch->answer_as].career == CM_NONE)
        ch->career = -1;
    if (ch->career >= 0 && e->intents[ch->answer_as].compare && t->other < 0 &&
        (t->other = refs_second_career(e, s, t, t->mention, ch->career)) < 0) {
        /* "compare" answered with one career: keep it, and ask for the other. */
        session_remember(s, ch->career);
        s->pending = ch->answer_as;
        ch->chosen = ch->answer_as = e->roles[ROLE_ASK_CAREER];
        ch->career = -1;
    }
    bool clarify = ch->chosen == e->roles[ROLE_CLARIFY] || (ch->chosen >= 0 && ch->chosen == e->roles[ROLE_NEAREST]);
    if (ch->chosen != e->roles[ROLE_ASK_CAREER] && !clarify && !(ch->unknown >= 0 && s->pending == ch->unknown))
        s->pending = -1;
    if (clarify)
        candidate_titles(e, t);
    size_t n_recent = s->n_recent < 3 ? s->n_recent : 3; /* "which career?": the ones just talked about */
    for (size_t i = 0; ch->chosen == e->roles[ROLE_ASK_CAREER] && i < n_recent; i++) {
        if (i)
            reply_message(e, i + 1 == n_recent ? "list.or" : "list.comma", NULL, &t->recent);
        sbuf_puts(&t->recent, content_title(e->c, (size_t)s->recent[i]));
    }
    if (t->other_first && t->other >= 0 && ch->career >= 0) {
        int first = t->other;
        t->other = ch->career;
        ch->career = first;
    }
}

/* A side question during the test: answer it, then come back to the question. */
static void back_to_test(const engine *e, engine_session *s, quiz_out *qo, engine_reply *out)
{
    quiz_back_to_test(e->quiz, &s->qs, qo);
    sbuf both = SBUF_INIT;
    sbuf_puts(&both, out->text);
    sbuf_puts(&both, "\n\n");
    sbuf_puts(&both, qo->text.p);
    free(out->text);
    out->text = sbuf_steal(&both);
    for (size_t i = 0; i < out->n_quick; i++) {
        free(out->quick[i].label);
        free(out->quick[i].text);
    }
    out->n_quick = 0;
    for (int i = 0; i < qo->n_quick; i++)
        reply_add_quick(out, qo->quick[i][0], qo->quick[i][1], qo->quick_intent[i]);
    out->answered = qo->answered;
    out->total = qo->total;
}

/* Keeps the careers a reply listed, in its order, for "the second one": the two of a comparison,
 * a field's careers, or the candidates of "did you mean". */
static void remember_list(const engine *e, engine_session *s, const struct turn *t, const struct choice *ch)
{
    const int *v = NULL;
    size_t n = 0;
    int two[2];
    s->choosing = ch->chosen == e->roles[ROLE_CLARIFY] && t->n_candidates > 1;
    if (t->other >= 0 && ch->career >= 0) {
        two[0] = ch->career;
        two[1] = t->other;
        v = two;
        n = 2;
    } else if (t->n_shown) { /* a list: all of it ("the fifth one") */
        v = t->shown;
        n = t->n_shown;
    } else if (t->n_candidates > 1 && (t->listing || ch->chosen == e->roles[ROLE_CLARIFY])) {
        v = t->candidates;
        n = t->n_candidates;
    }
    if (!n)
        return;
    s->n_list = n < ENGINE_LIST ? n : ENGINE_LIST;
    memcpy(s->list, v, s->n_list * sizeof *v);
}

/* Answers with the chosen intent and updates the session: context, topic, forgetting. */
static void answer(const engine *e, engine_session *s, struct turn *t, struct choice *ch, quiz_out *qo,
                   engine_reply *out)
{
    const intent *in = &e->intents[ch->chosen];
    redirect(e, s, t, ch);
    if (e->intents[ch->answer_as].compare && ch->career >= 0 && t->other >= 0)
        browse_which_pays_more(e, ch->career, t->other, &t->higher);
    reply_render(e, s, ch->answer_as, ch->career, t, out);
    out->fallback = ch->chosen == e->roles[ROLE_FALLBACK];
    bool forgot = in->action && !strcmp(in->action, "forget");
    if (forgot) {
        /* The client deletes what it stored; the engine forgets the conversation too. */
        session_reset(s);
        ch->career = -1;
        t->other = -1;
    }
    /* The intent that was asked: when the bot asks which career, the question waiting for it. */
    bool asking = ch->chosen == e->roles[ROLE_ASK_CAREER] || ch->chosen == e->roles[ROLE_CLARIFY] ||
                  (ch->chosen >= 0 && ch->chosen == e->roles[ROLE_NEAREST]);
    out->matched = asking && s->pending >= 0 ? e->intents[s->pending].id : e->intents[ch->chosen].id;
    remember_list(e, s, t, ch);
    for (size_t i = 0; i < t->n_shown && out->n_list < ENGINE_LIST; i++)
        out->list[out->n_list++] = content_id(e->c, (size_t)t->shown[i]);
    if (t->other >= 0 && ch->career >= 0)
        session_remember(s, t->other); /* both are recent now; the first stays "they" */
    if (ch->career >= 0) {
        session_remember(s, ch->career);
        if (e->intents[ch->answer_as].sets_topic)
            s->topic = ch->answer_as;
    }
    if (t->testing && in->pauses_test)
        quiz_pause(e->quiz, &s->qs, qo); /* no question after it: "continue the test" resumes */
    else if (t->testing && !forgot)
        back_to_test(e, s, qo, out); /* a forgotten test is gone: nothing to go back to */
}

/* Runs the career test's command of the chosen intent, or asks the test's question again when the
 * text made no sense mid-test. Returns whether it did (out holds the reply). */
static bool test_command(const engine *e, engine_session *s, const struct turn *t, const struct choice *ch,
                         quiz_out *qo, engine_reply *out)
{
    const intent *in = &e->intents[ch->chosen];
    if (in->test && e->quiz) {
        turn_run_test(e, s, in->test, ch->career, t->norm, qo);
        reply_from_quiz(qo, out, in->id);
        s->pending = -1;
        if (ch->career >= 0) { /* "would I make a good nurse?" is about the nurse */
            session_remember(s, ch->career);
            out->career_id = content_id(e->c, (size_t)ch->career);
            out->career_title = content_title(e->c, (size_t)ch->career);
        }
        return true;
    }
    if (t->testing && ch->chosen == e->roles[ROLE_FALLBACK]) {
        /* Not an answer and not a question: ask again; never guess. */
        quiz_reask(e->quiz, &s->qs, qo);
        reply_from_quiz(qo, out, INTENT_TEST_REASK);
        return true;
    }
    return false;
}

/* Whether an intent that pauses the test ("pauses_test") matches: then the message is not read as
 * an answer to the test's question. */
static bool pauses_test(const engine *e, engine_session *s, struct turn *t)
{
    bool hit = false;
    for (size_t k = 0; k < t->n_order && !hit; k++) {
        const intent *in = &e->intents[t->order[k]];
        struct pat_pos next = {0, 0};
        hit = in->pauses_test && in->n_pats && intent_matches(e, in, s, t, &next);
    }
    t->n_slots = 0; /* choose() reads the message afresh */
    t->loose = false;
    return hit;
}

int turn_respond(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out, bool spell)
{
    memset(out, 0, sizeof *out);
    if (len > ENGINE_MAX_INPUT)
        len = text_utf8_trim(text, ENGINE_MAX_INPUT);
    sbuf norm = SBUF_INIT;
    text_normalise(text, len, &norm);
    if (spell)
        spelling_fix(e, &norm);
    struct turn t;
    memset(&t, 0, sizeof t);
    t.context = s->career;
    int order_stack[256];
    int *order = e->n_intents <= 256 ? order_stack : xmalloc(e->n_intents * sizeof *order);
    t.order = order;
    t.n_order = prefilter_candidates(e, s, norm.p, norm.len, order);
    uint64_t may_stack[64], *may_heap;
    t.may = prefilter_needles(e, norm.p, norm.len, may_stack, sizeof may_stack / sizeof *may_stack, &may_heap);
    read_text(e, text, len, &norm, &t);
    size_t at, to = 0;
    int nth = t.mention ? -1 : refs_ordinal(s, &t.words, 0, t.words.n, &at);
    if (nth < 0 && s->choosing && s->pending >= 0 && s->n_list > 1) /* "number 2" may hold a name */
        nth = t.mention && t.mention->n_alts < 2 ? refs_pick_number(s, &t.words, &at, &to)
                                                 : refs_pick_candidate(e, s, &t, &at, &to);
    if (nth < 0 && !t.mention)
        t.kind = (nth = refs_pick_kind(e, s, &t, &at, &to)) >= 0;
    if (nth >= 0) { /* "the second one" names a career of the last list */
        to = to > at ? to : at + 1;
        t.mention_hit = (names_hit){.career = nth, .alts = {nth}, .n_alts = 1, .from = at, .to = to, .strength = 100};
        t.mention = &t.mention_hit;
        t.name_start = t.words.v[at].start;
        t.name_end = t.words.v[to - 1].end;
    }
    t.testing = e->quiz && quiz_active(&s->qs);
    quiz_out qo;
    quiz_out_init(&qo);
    bool paused = t.testing && pauses_test(e, s, &t);
    bool aside = paused && crisis_as_answer(e, s, &t);
    if (!t.testing || (paused && !aside) || !test_answer(e, s, &t, &qo, out, aside)) {
        struct choice ch;
        choose(e, s, &t, &ch, out);
        if (!test_command(e, s, &t, &ch, &qo, out))
            answer(e, s, &t, &ch, &qo, out);
    }
    s->turns++;
    quiz_out_free(&qo);
    text_words_free(&t.words);
    sbuf_free(&t.options);
    sbuf_free(&t.recent);
    sbuf_free(&t.higher);
    sbuf_free(&t.list);
    sbuf_free(&norm);
    if (order != order_stack)
        free(order);
    free(may_heap);
    return 0;
}
