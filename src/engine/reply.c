/*
 * reply: an intent's reply about a career (its responses, quick replies and generated lists,
 * rendered from templates), and the career test's output as a reply. Nothing here decides which
 * intent answers.
 */
#include "engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool cond_ok(const content *c, int career, const char *if_field, const char *unless_field)
{
    if (if_field && !tpl_field_present(c, career, if_field))
        return false;
    if (unless_field && tpl_field_present(c, career, unless_field))
        return false;
    return true;
}

static void add_quick(engine_reply *out, sbuf *label, sbuf *text, const char *target)
{
    if (out->n_quick >= ENGINE_MAX_QUICK || !label->len || !text->len)
        return;
    for (size_t i = 0; i < out->n_quick; i++)
        if (!strcmp(out->quick[i].text, text->p))
            return; /* no duplicate buttons */
    out->quick[out->n_quick].label = xstrdup(label->p);
    out->quick[out->n_quick].text = xstrdup(text->p);
    out->quick[out->n_quick].intent = target;
    out->n_quick++;
}

/* What the user typed, echoed in a reply's text ({slot.NAME}), must show as typed and never become
 * markdown: a word joiner (U+2060, invisible) after each character the widget's markdown subset
 * gives meaning to ("**" bold, "[label](url)", "http://", "name@host") splits every such pair, and
 * one before a value that could open a list line ("- ", "* ", "1. "). Quick replies are not markdown
 * and are rendered as typed. */
#define WORD_JOINER "\xE2\x81\xA0"
#define ECHO_MAX (SLOT_ECHO_MAX * 4 + 8)

struct echo {
    struct turn *t;
    char buf[ECHO_MAX];
};

static size_t markdown_inert(const char *v, size_t n, char *out)
{
    size_t o = 0;
    if (n && strchr("-*+#>0123456789", v[0])) {
        memcpy(out, WORD_JOINER, 3);
        o = 3;
    }
    for (size_t i = 0; i < n && o + 5 < ECHO_MAX; i++) {
        out[o++] = v[i];
        if (v[i] && strchr("*_`~[]()<>@:!#\\", v[i])) {
            memcpy(out + o, WORD_JOINER, 3);
            o += 3;
        }
    }
    return o;
}

static const char *echo_slot(void *ud, const char *name, size_t *len)
{
    struct echo *x = ud;
    const char *v = turn_slot(x->t, name, len);
    if (!v || v < x->t->norm || v >= x->t->norm + x->t->norm_len)
        return v; /* the engine's own words (a list, a count): its markdown is meant */
    size_t room = (size_t)(x->t->norm + x->t->norm_len - v);
    *len = markdown_inert(v, *len < room ? *len : room, x->buf);
    return x->buf;
}

/* Fills out from intent idx about career (or -1). */
void reply_render(const engine *e, engine_session *s, int idx, int career, struct turn *t, engine_reply *out)
{
    if (!INVARIANT(idx >= 0 && (size_t)idx < e->n_intents))
        idx = e->roles[ROLE_FALLBACK];
    if (!INVARIANT(career < (int)content_count(e->c)))
        career = -1;
    const intent *in = &e->intents[idx];
    tpl_ctx ctx = {e->c, career, -1, t->other, turn_slot, t};
    struct echo echo = {.t = t};
    tpl_ctx text_ctx = {e->c, career, -1, t->other, echo_slot, &echo};
    /* Pick among the responses that suit this career, turning through them as the session goes on
     * so a repeated question does not get the very same words. */
    size_t fit[64], n_fit = 0;
    for (size_t i = 0; i < in->n_resp && n_fit < 64; i++)
        if (cond_ok(e->c, career, in->resp[i].if_field, in->resp[i].unless_field))
            fit[n_fit++] = i;
    sbuf text = SBUF_INIT;
    if (n_fit)
        tpl_render(&in->resp[fit[s->turns % n_fit]].t, &text_ctx, &text);
    out->text = sbuf_steal(&text);

    sbuf label = SBUF_INIT, qtext = SBUF_INIT;
    for (size_t i = 0; i < in->n_quick; i++) {
        if (!cond_ok(e->c, career, in->quick[i].if_field, NULL))
            continue;
        sbuf_reset(&label);
        sbuf_reset(&qtext);
        tpl_render(&in->quick[i].label, &ctx, &label);
        tpl_render(&in->quick[i].text, &ctx, &qtext);
        add_quick(out, &label, &qtext, in->quick[i].target);
    }
    if (in->list != LF_NONE) {
        int items[ENGINE_MAX_QUICK * 2];
        size_t n_items = 0;
        const cJSON *it;
        if (in->list == LF_RECENT) {
            for (size_t i = 0; i < s->n_recent; i++)
                items[n_items++] = s->recent[i];
        } else if (in->list == LF_CANDIDATES) {
            for (size_t i = 0; i < t->n_candidates; i++)
                items[n_items++] = t->candidates[i];
        } else if (career >= 0) {
            const cJSON *arr =
                content_get(e->c, (size_t)career, in->list == LF_RELATED ? "related" : "specialisations");
            cJSON_ArrayForEach(it, arr)
            {
                const cJSON *ref = in->list == LF_RELATED ? it : cJSON_GetObjectItemCaseSensitive(it, "career");
                int k = cJSON_IsString(ref) ? content_find_id(e->c, ref->valuestring) : -1;
                if (k >= 0 && n_items < sizeof items / sizeof items[0])
                    items[n_items++] = k;
            }
        }
        size_t added = 0;
        for (size_t i = 0; i < n_items && added < in->list_max; i++) {
            if (items[i] == career)
                continue;
            ctx.item = items[i];
            sbuf_reset(&label);
            sbuf_reset(&qtext);
            tpl_render(&in->list_label, &ctx, &label);
            tpl_render(&in->list_text, &ctx, &qtext);
            size_t before = out->n_quick;
            add_quick(out, &label, &qtext, in->list_target);
            added += out->n_quick > before;
        }
    }
    sbuf_free(&label);
    sbuf_free(&qtext);
    out->intent = in->id;
    out->action = in->action;
    if (career >= 0) {
        out->career_id = content_id(e->c, (size_t)career);
        out->career_title = content_title(e->c, (size_t)career);
    }
    if (in->compare && t->other >= 0)
        out->other_id = content_id(e->c, (size_t)t->other);
}

void reply_add_quick(engine_reply *out, const char *label, const char *text, const char *target)
{
    sbuf l = SBUF_INIT, t = SBUF_INIT;
    sbuf_puts(&l, label);
    sbuf_puts(&t, text);
    add_quick(out, &l, &t, target);
    sbuf_free(&l);
    sbuf_free(&t);
}

/* Turns what the test said into the reply. */
void reply_from_quiz(const quiz_out *qo, engine_reply *out, const char *intent_id)
{
    out->text = xstrdup(qo->text.p ? qo->text.p : "");
    for (int i = 0; i < qo->n_quick; i++)
        reply_add_quick(out, qo->quick[i][0], qo->quick[i][1], qo->quick_intent[i]);
    out->intent = intent_id;
    out->answered = qo->answered;
    out->total = qo->total;
    out->chart = qo->chart;
    memcpy(out->scores, qo->scores, sizeof out->scores);
}

/* The value of {slot.count} in a message. */
static const char *message_slot(void *ud, const char *name, size_t *len)
{
    if (!ud || strcmp(name, "count"))
        return NULL;
    *len = strlen(ud);
    return ud;
}

void reply_message(const engine *e, const char *key, const char *count, sbuf *out)
{
    int k = strmap_get(&e->msg_ids, key, strlen(key));
    if (!INVARIANT(k >= 0)) /* intents_load refuses data without the engine's messages */
        return;
    tpl_ctx ctx = {e->c, -1, -1, -1, message_slot, (void *)count};
    tpl_render(&e->msg_tpls[k], &ctx, out);
}
