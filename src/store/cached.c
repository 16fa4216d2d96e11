/*
 * The cached store (see store.h): a memory store in front of a durable one.
 *
 * Writes go to both. When the durable store fails, the session stays in memory, its id is kept in
 * a dirty list, and the store reports failing; each sweep retries the dirty writes (and deletes that
 * failed) until the durable store takes them, so nothing a user said is lost while it was down.
 * Reads ask the durable store first (with several instances it is the truth) and fall back to
 * memory while it fails, or for a session whose latest write has not reached it yet.
 *
 * In a batch (store_batch_begin), the durable store only takes the writes; the ids written and
 * deleted are kept until the batch ends, and when it fails they go to the dirty and delete lists,
 * as a write that failed at once would.
 */
#include "idset.h"
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cached {
    store base;
    store *mem;
    store *dur;
    idset dirty;   /* written to memory, not yet to the durable store */
    idset deletes; /* deletes the durable store has not taken yet */
    bool batching; /* between batch_begin and batch_end */
    idset bputs;   /* written to the durable store in this batch, not yet committed */
    idset bdels;   /* deleted from it in this batch, not yet committed */
} cached;

/* Inside a batch: the durable store took a write (or a delete) of id, not yet committed; the last
 * of the two for an id is the one that counts. */
static void batch_note(cached *c, idset *l, const char *id)
{
    if (!c->batching)
        return;
    idset_remove(l == &c->bputs ? &c->bdels : &c->bputs, id);
    idset_add(l, id);
}

static void sync_status(cached *c)
{
    c->base.failing = c->dur->failing || c->dirty.n || c->deletes.n;
    if (c->dur->failing)
        snprintf(c->base.error, sizeof c->base.error, "%s", c->dur->error);
    else if (c->base.failing)
        snprintf(c->base.error, sizeof c->base.error, "%zu sessions waiting to be written", c->dirty.n + c->deletes.n);
}

static int ca_put(store *st, const char *id, const char *blob, size_t len, time_t now)
{
    cached *c = (cached *)st;
    int mem = store_put(c->mem, id, blob, len, now);
    int dur = store_put(c->dur, id, blob, len, now);
    if (dur == STORE_E_FORGOTTEN) { /* forgotten through another instance: not here either */
        store_del(c->mem, id);
        idset_remove(&c->dirty, id);
        sync_status(c);
        return STORE_E_FORGOTTEN;
    }
    if (dur < 0) {
        idset_add(&c->dirty, id);
    } else {
        idset_remove(&c->dirty, id);
        batch_note(c, &c->bputs, id);
    }
    idset_remove(&c->deletes, id);
    sync_status(c);
    return mem < 0 && idset_has(&c->dirty, id) ? -1 : 0;
}

static char *ca_get(store *st, const char *id, size_t *len, time_t now)
{
    cached *c = (cached *)st;
    char *blob = NULL;
    if (!idset_has(&c->dirty, id) && !idset_has(&c->deletes, id)) {
        blob = store_get(c->dur, id, len, now);
        if (blob) {
            store_put(c->mem, id, blob, *len, now);
            sync_status(c);
            return blob;
        }
        if (!c->dur->failing) {
            sync_status(c);
            return NULL; /* the durable store says there is no such session */
        }
    }
    sync_status(c);
    return idset_has(&c->deletes, id) ? NULL : store_get(c->mem, id, len, now);
}

static int ca_del(store *st, const char *id)
{
    cached *c = (cached *)st;
    store_del(c->mem, id);
    idset_remove(&c->dirty, id);
    if (store_del(c->dur, id) < 0)
        idset_add(&c->deletes, id);
    else
        batch_note(c, &c->bdels, id);
    sync_status(c);
    return 0;
}

/* The durable store forgets too (in Redis, for every instance); until it can, the forget waits in
 * the deletes list like a failed delete. */
static int ca_forget(store *st, const char *id, time_t now)
{
    cached *c = (cached *)st;
    store_del(c->mem, id);
    idset_remove(&c->dirty, id);
    if (store__forget_here(c->dur, id, now) < 0) {
        idset_add(&c->deletes, id);
    } else {
        idset_remove(&c->deletes, id);
        batch_note(c, &c->bdels, id);
    }
    sync_status(c);
    return 0;
}

static size_t ca_sweep(store *st, time_t now)
{
    cached *c = (cached *)st;
    size_t dropped = store_sweep(c->dur, now);
    store_sweep(c->mem, now);
    /* Write through what failed before, oldest first. */
    for (size_t i = 0; i < c->dirty.n;) {
        size_t len;
        char *blob = store_get(c->mem, c->dirty.v[i], &len, now);
        if (!blob) {
            idset_remove_at(&c->dirty, i);
            continue;
        }
        int rc = store_put(c->dur, c->dirty.v[i], blob, len, now);
        free(blob);
        if (rc == STORE_E_FORGOTTEN)
            store_del(c->mem, c->dirty.v[i]);
        else if (rc < 0)
            break; /* still down; try again next sweep */
        else
            batch_note(c, &c->bputs, c->dirty.v[i]);
        idset_remove_at(&c->dirty, i);
    }
    for (size_t i = 0; i < c->deletes.n;) {
        if (store__forget_here(c->dur, c->deletes.v[i], now) < 0)
            break;
        batch_note(c, &c->bdels, c->deletes.v[i]);
        idset_remove_at(&c->deletes, i);
    }
    sync_status(c);
    return dropped;
}

static void ca_batch_begin(store *st)
{
    cached *c = (cached *)st;
    c->batching = true;
    store_batch_begin(c->dur);
}

/* A batch the durable store could not commit: its sessions are written through later, from memory,
 * and its deletes done again. */
struct refusal {
    cached *c;
    store_refused_fn fn;
    void *ud;
};

/* A put the durable store refused at the batch's end (forgotten through another instance): not kept
 * here either, then passed on. */
static void ca_refused(void *ud, const char *id)
{
    struct refusal *r = ud;
    store_del(r->c->mem, id);
    idset_remove(&r->c->dirty, id);
    idset_remove(&r->c->bputs, id);
    if (r->fn)
        r->fn(r->ud, id);
}

static int ca_batch_end(store *st, time_t now, store_refused_fn refused, void *ud)
{
    cached *c = (cached *)st;
    c->batching = false;
    struct refusal r = {c, refused, ud};
    int rc = store_batch_end(c->dur, now, ca_refused, &r);
    if (rc < 0) {
        for (size_t i = 0; i < c->bputs.n; i++)
            idset_add(&c->dirty, c->bputs.v[i]);
        for (size_t i = 0; i < c->bdels.n; i++)
            idset_add(&c->deletes, c->bdels.v[i]);
    }
    idset_clear(&c->bputs);
    idset_clear(&c->bdels);
    sync_status(c);
    return rc;
}

static long ca_count(store *st)
{
    cached *c = (cached *)st;
    /* While the durable store fails, memory holds what there is to count. */
    return c->dur->failing ? store_count(c->mem) : store_count(c->dur);
}

static void ca_free(store *st)
{
    cached *c = (cached *)st;
    store_free(c->mem);
    store_free(c->dur);
    idset_free(&c->dirty);
    idset_free(&c->deletes);
    idset_free(&c->bputs);
    idset_free(&c->bdels);
    free(c);
}

/* Unanswered questions are statistics, not sessions: they go to the durable store, and while it
 * fails they are only counted by the server. */
static int ca_note(store *st, const char *text, size_t len, time_t now)
{
    return store_note_unanswered(((cached *)st)->dur, text, len, now);
}

static int ca_tally(store *st, size_t max, store_tally_fn fn, void *ud)
{
    return store_unanswered(((cached *)st)->dur, max, fn, ud);
}

static const struct store_ops cached_ops = {"cached", ca_put,  ca_get,   ca_del,    ca_sweep,       ca_count,
                                            ca_free,  ca_note, ca_tally, ca_forget, ca_batch_begin, ca_batch_end};

store *store_cached_new(store *durable, size_t max_entries, unsigned ttl_secs)
{
    cached *c = calloc(1, sizeof *c);
    store *mem = store_mem_new(max_entries, ttl_secs);
    if (!c || !mem) {
        free(c);
        store_free(mem);
        store_free(durable);
        return NULL;
    }
    c->base.ops = &cached_ops;
    c->mem = mem;
    c->dur = durable;
    c->base.tomb_ttl = ttl_secs;
    snprintf(c->base.kind, sizeof c->base.kind, "%s", store_kind(durable));
    sync_status(c);
    return &c->base;
}
