/*
 * engine: the public API of the dialogue engine (engine.h is the contract): making and freeing an
 * engine, lookups, and the entry points that answer a message or greet. The work is done by the
 * files named in engine_int.h.
 */
#include "engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

engine *engine_new(const engine_opts *opts)
{
    diag d = {opts->diag, opts->diag_ud, 0};
    engine *e = xcalloc(1, sizeof *e);
    e->log = opts->log;
    e->log_ud = opts->log_ud;
    for (int r = 0; r < ROLE_COUNT; r++)
        e->roles[r] = -1;
    e->c = content_load(opts->content_dir, opts->onet_dir, opts->bls_dir, &d);
    if (!e->c) {
        /* Intents are still checked, so `careerbot check` reports every problem at once; their
         * career field names do not depend on the content. */
    }
    char items[4096];
    snprintf(items, sizeof items, "%s/test/items.json", opts->content_dir);
    FILE *qf = fopen(items, "rb");
    if (qf) {
        fclose(qf);
        e->quiz = quiz_load(opts->content_dir, &d);
        if (e->quiz)
            quiz_set_match_limit(e->quiz, opts->match_limit);
    }
    if (e->c)
        e->adv = advice_load(opts->content_dir, e->c, &d);
    if (intents_load(e, opts, &d) < 0) {
        engine_free(e);
        return NULL;
    }
    intents_index(e);
    e->mctx = pattern_context_new(opts->match_limit);
    if (!e->mctx)
        util_oom("match context", 0);
    return e;
}

void engine_free(engine *e)
{
    if (!e)
        return;
    intents_free(e);
    content_free(e->c);
    quiz_free(e->quiz);
    advice_free(e->adv);
    pcre2_match_context_free(e->mctx);
    free(e);
}

size_t engine_career_count(const engine *e)
{
    return content_count(e->c);
}

bool engine_career_soc(const engine *e, const char *id, const char *code)
{
    int k = content_find_id(e->c, id);
    const char *soc =
        k < 0 ? NULL : cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(content_record(e->c, (size_t)k), "soc"));
    return soc && !strcmp(soc, code);
}

bool engine_career_pay(const engine *e, size_t i, engine_pay_info *out)
{
    const cJSON *rec = content_record(e->c, i);
    double change;
    out->id = content_id(e->c, i);
    out->soc = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "soc"));
    out->why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "pay_none"));
    out->curated = !content_is_onet(e->c, i);
    return content_pay(e->c, i, &out->median, &change);
}

bool engine_intent_known(const engine *e, const char *id)
{
    if (intents_find(e, id) >= 0 || !strcmp(id, QUIZ_ANSWER_INTENT))
        return true;
    size_t n = strlen(id);
    for (size_t i = 0; i < e->n_intents; i++)
        if (!strncmp(e->intents[i].id, id, n) && e->intents[i].id[n] == '.')
            return true;
    return false;
}

bool engine_career_known(const engine *e, const char *id)
{
    return content_find_id(e->c, id) >= 0;
}

bool engine_soc_known(const engine *e, const char *code)
{
    for (size_t k = 0; k < content_count(e->c); k++) {
        const char *soc = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(content_record(e->c, k), "soc"));
        if (soc && !strcmp(soc, code))
            return true;
    }
    return false;
}

bool engine_career_named(const engine *e, const char *id, const char *name)
{
    int k = content_find_id(e->c, id);
    if (k < 0)
        return false;
    size_t na;
    const text_abbrev *ab = content_abbrevs(e->c, &na);
    sbuf want = SBUF_INIT, have = SBUF_INIT;
    text_name_key(name, ab, na, &want);
    const cJSON *rec = content_record(e->c, (size_t)k);
    bool found = false;
    text_name_key(content_title(e->c, (size_t)k), ab, na, &have);
    found = !strcmp(sbuf_str(&want), sbuf_str(&have));
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "other_names"))
    {
        sbuf_reset(&have);
        text_name_key(it->valuestring, ab, na, &have);
        found = found || !strcmp(sbuf_str(&want), sbuf_str(&have));
    }
    sbuf_free(&want);
    sbuf_free(&have);
    return found;
}

size_t engine_intent_count(const engine *e)
{
    return e->n_intents;
}

const char *engine_message(const engine *e, const char *key)
{
    int k = strmap_get(&e->msg_ids, key, strlen(key));
    return k < 0 ? NULL : e->msgs[k];
}

#define LONG_MESSAGE 160 /* bytes; longer messages are read for their last question first */
#define MULTI_MAX 3      /* questions answered in one reply after the first */
#define MULTI_CAP 1200   /* bytes: a reply of several answers stays about this size */

/* The last career the story text[0..len) names, or -1: what "one" means in the question after it. */
static int last_career(const engine *e, const char *text, size_t len)
{
    sbuf norm = SBUF_INIT;
    text_normalise(text, len, &norm);
    size_t na = 0;
    const text_abbrev *ab = content_abbrevs(e->c, &na);
    text_words w = {0};
    text_words_split(norm.p, norm.len, ab, na, &w);
    int last = -1;
    names_hit h;
    for (size_t from = 0; from < w.n && content_find_name(e->c, &w, from, w.n, &h); from = h.to)
        last = h.n_alts == 1 ? h.career : -1;
    text_words_free(&w);
    sbuf_free(&norm);
    return last;
}

/* Offers text[0..len) (a question the reply did not answer) as the reply's first quick reply. */
static void offer_next(engine_reply *out, const char *text, size_t len)
{
    sbuf label = SBUF_INIT, ask = SBUF_INIT;
    sbuf_append(&ask, text, len);
    size_t n = len > 60 ? text_utf8_trim(text, 57) : len;
    sbuf_append(&label, text, n);
    if (n < len)
        sbuf_puts(&label, "...");
    if (out->n_quick == ENGINE_MAX_QUICK) {
        out->n_quick--;
        free(out->quick[out->n_quick].label);
        free(out->quick[out->n_quick].text);
    }
    memmove(&out->quick[1], &out->quick[0], out->n_quick * sizeof out->quick[0]);
    out->quick[0].label = sbuf_steal(&label);
    out->quick[0].text = sbuf_steal(&ask);
    out->quick[0].intent = NULL;
    out->n_quick++;
}

/* Answers the question text[0..len) too and appends its answer to out, when it was understood and
 * the whole stays within MULTI_CAP; its buttons replace out's. Returns false (the session as it
 * was) otherwise. */
static bool answer_also(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out)
{
    engine_session before = *s;
    engine_reply r;
    spelling_respond(e, s, text, len, &r);
    bool weak = r.fallback || r.intent == e->intents[e->roles[ROLE_ASK_CAREER]].id ||
                r.intent == e->intents[e->roles[ROLE_CLARIFY]].id;
    if (weak || strlen(out->text) + strlen(r.text) + 2 > MULTI_CAP) {
        engine_reply_clear(&r);
        *s = before; /* scratch buffers are shared; the rest is values */
        return false;
    }
    sbuf both = SBUF_INIT;
    sbuf_puts(&both, out->text);
    sbuf_puts(&both, "\n\n");
    sbuf_puts(&both, r.text);
    free(out->text);
    out->text = sbuf_steal(&both);
    for (size_t i = 0; i < out->n_quick; i++) {
        free(out->quick[i].label);
        free(out->quick[i].text);
    }
    memcpy(out->quick, r.quick, sizeof r.quick);
    out->n_quick = r.n_quick;
    r.n_quick = 0;
    engine_reply_clear(&r);
    return true;
}

/* Whether r lists careers for what someone says about themselves (an advice list or question). */
static bool answered_by_advice(const engine *e, const engine_reply *r)
{
    for (size_t i = 0; r->intent && !r->fallback && i < e->n_intents; i++)
        if (!strcmp(r->intent, e->intents[i].id))
            return e->intents[i].advice != AC_NONE && e->intents[i].advice != AC_MORE && e->intents[i].advice != AC_WHY;
    return false;
}

/* out answered part of the message with careers for the person: the rest of what they say about themselves
 * counts too ("...what can I do with just that? I'm not transferring to a 4-year school"). Answers the whole text
 * from the session as it was (*before) and keeps that answer when it is advice too; returns whether it did. */
static bool advice_whole(const engine *e, engine_session *s, const engine_session *before, const char *text, size_t len,
                         engine_reply *out)
{
    engine_session asked = *s;
    engine_reply whole;
    *s = *before;
    spelling_respond(e, s, text, len, &whole);
    if (!answered_by_advice(e, &whole)) { /* the whole reads as something else: the part's answer stands */
        engine_reply_clear(&whole);
        *s = asked;
        return false;
    }
    engine_reply_clear(out);
    *out = whole;
    return true;
}

int engine_respond(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out)
{
    if (len > ENGINE_MAX_INPUT)
        len = text_utf8_trim(text, ENGINE_MAX_INPUT);
    bool testing = e->quiz && quiz_active(&s->qs);
    size_t cut, next, from;
    if (!testing && len > LONG_MESSAGE && questions_last(text, len, &from)) {
        /* The story before it mentions many things; the question says what is wanted. When the
         * question alone is not enough (no career, nothing understood), read the whole message. */
        int pending = s->pending;
        unsigned turns = s->turns;
        engine_session before = *s;
        spelling_respond(e, s, text + from, len - from, out);
        if (answered_by_advice(e, out) || (!out->fallback && !out->career_id && !out->n_list)) {
            /* "...I like fixing things. What would you recommend?": the story is what is wanted */
            if (advice_whole(e, s, &before, text, len, out) || answered_by_advice(e, out))
                return 0;
        }
        if (!out->fallback && out->intent != e->intents[e->roles[ROLE_ASK_CAREER]].id)
            return 0;
        int told = last_career(e, text, from); /* "...the hygienists... how do I become one?" */
        if (out->intent == e->intents[e->roles[ROLE_ASK_CAREER]].id && told >= 0) {
            engine_reply_clear(out);
            *s = before;
            session_remember(s, told);
            spelling_respond(e, s, text + from, len - from, out);
            if (!out->fallback && out->intent != e->intents[e->roles[ROLE_ASK_CAREER]].id)
                return 0;
            *s = before;
        }
        engine_reply_clear(out);
        s->pending = pending;
        s->turns = turns;
    }
    if (testing || !questions_split(text, len, &cut, &next))
        return spelling_respond(e, s, text, len, out);
    /* Answer the first question, then the next ones in order in the same reply while it stays
     * chat-sized; a question that does not fit (or is not understood) is offered as a quick reply. */
    engine_session before = *s;
    spelling_respond(e, s, text, cut, out);
    if ((answered_by_advice(e, out) || (!out->career_id && !out->n_list)) &&
        advice_whole(e, s, &before, text, len, out))
        return 0; /* "any ideas? love cooking, hate maths": the whole says what is wanted */
    if (out->fallback) {
        engine_reply_clear(out);
        return spelling_respond(e, s, text + next, len - next, out);
    }
    const char *rest = text + next;
    size_t rest_len = len - next;
    for (int k = 0; k < MULTI_MAX && rest_len; k++) {
        size_t c2 = rest_len, n2 = rest_len;
        if (!questions_split(rest, rest_len, &c2, &n2))
            c2 = n2 = rest_len;
        if (!answer_also(e, s, rest, c2, out))
            break;
        rest += n2;
        rest_len -= n2;
    }
    if (rest_len)
        offer_next(out, rest, rest_len);
    return 0;
}

int engine_greet(const engine *e, engine_session *s, bool resumed, engine_reply *out)
{
    memset(out, 0, sizeof *out);
    if (resumed && e->quiz && quiz_active(&s->qs)) {
        /* Back in the middle of the career test: carry on at the same question, and say so. */
        quiz_out qo;
        quiz_out_init(&qo);
        quiz_resume(e->quiz, e->c, &s->qs, &qo);
        reply_from_quiz(&qo, out, INTENT_TEST_RESUME);
        quiz_out_free(&qo);
        return 0;
    }
    int idx = resumed && e->roles[ROLE_RESUME] >= 0 ? e->roles[ROLE_RESUME] : e->roles[ROLE_START];
    struct turn t;
    memset(&t, 0, sizeof t);
    t.other = -1;
    t.field = -1;
    t.context = -1;
    t.norm = "";
    int career = e->intents[idx].career != CM_NONE ? s->career : -1;
    reply_render(e, s, idx, career, &t, out);
    return 0;
}

void engine_reply_clear(engine_reply *r)
{
    free(r->text);
    for (size_t i = 0; i < r->n_quick; i++) {
        free(r->quick[i].label);
        free(r->quick[i].text);
    }
    memset(r, 0, sizeof *r);
}
