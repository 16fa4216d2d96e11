/*
 * session: a conversation's state (the last careers, the topic, the question waiting for a
 * career, the career test) and the JSON blob it leaves and enters as. Nothing here matches text.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

engine_session *engine_session_new(const engine *e)
{
    engine_session *s = xcalloc(1, sizeof *s);
    s->career = s->topic = s->pending = -1;
    quiz_state_init(&s->qs);
    advice_state_init(&s->adv);
    s->md = pcre2_match_data_create(e->max_captures + 1, NULL);
    s->kw_seen = xcalloc(kwscan_count(e->kw) + 1, 1);
    s->cand = xcalloc(e->n_intents + 1, 1);
    s->pf_count = xcalloc(e->n_pf_clauses + 1, 1);
    if (!s->md)
        util_oom("match data", 0);
    return s;
}

void engine_session_free(engine_session *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    free(s->kw_seen);
    free(s->cand);
    free(s->pf_count);
    free(s);
}

unsigned engine_session_turns(const engine_session *s)
{
    return s->turns;
}

/* Written straight into a buffer (no cJSON tree): the server saves a session after every turn. */
char *engine_session_save(const engine *e, const engine_session *s)
{
    sbuf b = SBUF_INIT;
    sbuf_puts(&b, "{\"v\":1");
    if (s->career >= 0) {
        sbuf_puts(&b, ",\"career\":");
        sbuf_json_str(&b, content_id(e->c, (size_t)s->career));
    }
    sbuf_puts(&b, ",\"recent\":[");
    for (size_t i = 0; i < s->n_recent; i++) {
        if (i)
            sbuf_putc(&b, ',');
        sbuf_json_str(&b, content_id(e->c, (size_t)s->recent[i]));
    }
    sbuf_putc(&b, ']');
    if (s->n_list) {
        sbuf_puts(&b, ",\"list\":[");
        for (size_t i = 0; i < s->n_list; i++) {
            if (i)
                sbuf_putc(&b, ',');
            sbuf_json_str(&b, content_id(e->c, (size_t)s->list[i]));
        }
        sbuf_putc(&b, ']');
    }
    if (s->choosing)
        sbuf_puts(&b, ",\"choosing\":true");
    if (s->topic >= 0) {
        sbuf_puts(&b, ",\"topic\":");
        sbuf_json_str(&b, e->intents[s->topic].id);
    }
    if (s->pending >= 0) {
        sbuf_puts(&b, ",\"pending\":");
        sbuf_json_str(&b, e->intents[s->pending].id);
    }
    sbuf_printf(&b, ",\"turns\":%u", s->turns);
    if (e->quiz && s->qs.phase != QP_OFF) {
        sbuf_puts(&b, ",\"test\":");
        quiz_state_write(e->quiz, &s->qs, &b);
    }
    advice_state_write(e->adv, e->c, &s->adv, &b);
    sbuf_putc(&b, '}');
    return sbuf_steal(&b);
}

engine_session *engine_session_load(const engine *e, const char *blob, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(blob, len);
    if (!cJSON_IsObject(o) || cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "v")) != 1) {
        cJSON_Delete(o);
        return NULL;
    }
    engine_session *s = engine_session_new(e);
    const char *v;
    if ((v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "career"))))
        s->career = content_find_id(e->c, v);
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "recent"))
    {
        int k = cJSON_IsString(it) ? content_find_id(e->c, it->valuestring) : -1;
        if (k >= 0 && s->n_recent < ENGINE_RECENT)
            s->recent[s->n_recent++] = k;
    }
    s->choosing = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "choosing"));
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "list"))
    {
        int k = cJSON_IsString(it) ? content_find_id(e->c, it->valuestring) : -1;
        if (k >= 0 && s->n_list < ENGINE_LIST)
            s->list[s->n_list++] = k;
    }
    if ((v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "topic"))))
        s->topic = intents_find(e, v);
    if ((v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "pending"))))
        s->pending = intents_find(e, v);
    double t = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "turns"));
    if (t >= 0 && t < 4e9)
        s->turns = (unsigned)t;
    if (e->quiz)
        quiz_state_load(e->quiz, &s->qs, cJSON_GetObjectItemCaseSensitive(o, "test"));
    advice_state_load(e->adv, e->c, &s->adv, cJSON_GetObjectItemCaseSensitive(o, "advice"));
    cJSON_Delete(o);
    return s;
}

void session_remember(engine_session *s, int career)
{
    if (!INVARIANT(career >= 0))
        return;
    s->career = career;
    size_t i;
    for (i = 0; i < s->n_recent && s->recent[i] != career; i++)
        ;
    if (i == s->n_recent && s->n_recent < ENGINE_RECENT)
        s->n_recent++;
    if (i == ENGINE_RECENT)
        i = ENGINE_RECENT - 1;
    memmove(&s->recent[1], &s->recent[0], i * sizeof s->recent[0]);
    s->recent[0] = career;
}

void session_reset(engine_session *s)
{
    unsigned turns = s->turns;
    pcre2_match_data *md = s->md;
    uint8_t *kw_seen = s->kw_seen, *cand = s->cand, *pf_count = s->pf_count;
    memset(s, 0, sizeof *s);
    s->md = md;
    s->kw_seen = kw_seen;
    s->cand = cand;
    s->pf_count = pf_count;
    s->career = s->topic = s->pending = -1;
    quiz_state_init(&s->qs);
    advice_state_init(&s->adv);
    s->turns = turns;
}
