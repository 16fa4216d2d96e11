/*
 * intents_index: finding intents fast once they are loaded (intents.c): the dispatch order, the
 * keyword index that gives, in one pass over a message, the intents worth trying, lookups by id,
 * and freeing them.
 */
#include "engine_int.h"

#include <stdlib.h>
#include <string.h>

void intents_index(engine *e)
{
    if (e->vocab)
        names_finish(e->vocab);
    e->kw = kwscan_new();
    for (size_t i = 0; i < e->n_intents; i++) {
        intent *in = &e->intents[i];
        in->kw_ids = in->n_keywords ? xcalloc(in->n_keywords, sizeof *in->kw_ids) : NULL;
        for (size_t k = 0; k < in->n_keywords; k++)
            in->kw_ids[k] = kwscan_add(e->kw, in->keywords[k]);
    }
    kwscan_finish(e->kw);
    size_t n_kw = kwscan_count(e->kw);
    e->kw_intents = xcalloc(n_kw ? n_kw : 1, sizeof *e->kw_intents);
    size_t *fill = xcalloc(n_kw ? n_kw : 1, sizeof *fill);
    e->free_intents = xcalloc(e->n_intents + 1, sizeof *e->free_intents);
    size_t n_free = 0;
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        if (!in->n_keywords && !in->n_pf && in->n_pats)
            e->free_intents[n_free++] = (int)i;
        for (size_t k = 0; k < in->n_keywords; k++) {
            size_t id = (size_t)in->kw_ids[k];
            if (fill[id] && e->kw_intents[id][fill[id] - 1] == (int)i)
                continue; /* the same keyword twice in one intent */
            e->kw_intents[id] = xrealloc(e->kw_intents[id], (fill[id] + 2) * sizeof **e->kw_intents);
            e->kw_intents[id][fill[id]++] = (int)i;
            e->kw_intents[id][fill[id]] = -1;
        }
    }
    e->free_intents[n_free] = -1;
    free(fill);
    prefilter_index(e);
}

int intents_find(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->n_intents; i++)
        if (!strcmp(e->intents[i].id, id))
            return (int)i;
    return -1;
}

bool intents_after_ok(const intent *in, int topic)
{
    for (size_t k = 0; k < in->n_after; k++)
        if (in->after_idx[k] == topic)
            return true;
    return !in->n_after;
}

static void intent_free(intent *in)
{
    for (size_t i = 0; i < in->n_backoff; i++)
        free(in->backoff[i]);
    free(in->backoff);
    free(in->kw_ids);
    for (size_t i = 0; i < in->n_examples; i++)
        free(in->examples[i]);
    free(in->examples);
    free(in->example_lines);
    free(in->pat_lines);
    free(in->pat_jit);
    for (size_t p = 0; in->pat_needles && p < in->n_pats; p++) { /* loaded, never indexed */
        for (char **v = in->pat_needles[p]; v && *v; v++)
            free(*v);
        free(in->pat_needles[p]);
    }
    free(in->pat_needles);
    for (size_t i = 0; i < in->n_next; i++)
        free(in->next[i]);
    free(in->next);
    free(in->next_idx);
    for (size_t i = 0; i < in->n_after; i++)
        free(in->after[i]);
    free(in->after);
    free(in->after_idx);
    free(in->id);
    free(in->action);
    free(in->file);
    for (size_t i = 0; i < in->n_pats; i++)
        pcre2_code_free(in->pats[i]);
    free(in->pats);
    for (size_t i = 0; i < in->n_keywords; i++)
        free(in->keywords[i]);
    free(in->keywords);
    for (size_t i = 0; i < in->n_resp; i++) {
        tpl_free(&in->resp[i].t);
        free(in->resp[i].if_field);
        free(in->resp[i].unless_field);
    }
    free(in->resp);
    for (size_t i = 0; i < in->n_quick; i++) {
        tpl_free(&in->quick[i].label);
        tpl_free(&in->quick[i].text);
        free(in->quick[i].if_field);
        free(in->quick[i].target);
    }
    free(in->quick);
    tpl_free(&in->list_label);
    tpl_free(&in->list_text);
    free(in->list_target);
}

/* Dispatch order: higher priority first; equal priorities keep file order (qsort is not stable,
 * so the load position is the tie-breaker). */
struct ordered {
    intent in;
    size_t pos;
};

static int cmp_intent(const void *a, const void *b)
{
    const struct ordered *x = a, *y = b;
    if (x->in.priority != y->in.priority)
        return x->in.priority > y->in.priority ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void intents_sort(engine *e)
{
    struct ordered *o = xcalloc(e->n_intents ? e->n_intents : 1, sizeof *o);
    for (size_t i = 0; i < e->n_intents; i++)
        o[i].in = e->intents[i], o[i].pos = i;
    qsort(o, e->n_intents, sizeof *o, cmp_intent);
    for (int r = 0; r < ROLE_COUNT; r++)
        e->roles[r] = -1;
    for (size_t i = 0; i < e->n_intents; i++) {
        e->intents[i] = o[i].in;
        if (e->intents[i].role != ROLE_NONE)
            e->roles[e->intents[i].role] = (int)i;
    }
    free(o);
}

void intents_free(engine *e)
{
    prefilter_free(e);
    for (size_t i = 0; i < e->n_intents; i++)
        intent_free(&e->intents[i]);
    free(e->intents);
    for (size_t i = 0; i < e->n_refs; i++)
        free(e->refs[i]);
    free(e->refs);
    names_free(e->vocab);
    for (size_t i = 0; e->kw_intents && i < kwscan_count(e->kw); i++)
        free(e->kw_intents[i]);
    free(e->kw_intents);
    free(e->free_intents);
    kwscan_free(e->kw);
    for (size_t i = 0; i < e->n_job_words; i++)
        free(e->job_words[i]);
    free(e->job_words);
    for (size_t i = 0; i < e->n_msgs; i++) {
        free(e->msgs[i]);
        tpl_free(&e->msg_tpls[i]);
    }
    free(e->msgs);
    free(e->msg_tpls);
    strmap_free(&e->msg_ids);
}
