/*
 * intents_index: finding intents fast once they are loaded (intents.c): the keyword index that
 * gives, in one pass over a message, the intents worth trying, and lookups by id.
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
        if (!in->n_keywords && in->n_pats)
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
}

int intents_find(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->n_intents; i++)
        if (!strcmp(e->intents[i].id, id))
            return (int)i;
    return -1;
}
