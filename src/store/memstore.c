/*
 * The in-memory session store (see store.h): a chained hash table keyed by session id, each entry
 * with the time of its last use.
 */
#include "hash.h"
#include "store_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    struct entry *next;
    char *id;
    char *blob;
    size_t len;
    time_t used;
};

#define MEM_UNANSWERED_MAX 2000 /* distinct texts; beyond this they are counted under "" */

struct unanswered {
    char *text;
    long count;
    time_t last;
};

typedef struct memstore {
    store base;
    struct unanswered *un;
    size_t n_un;
    struct entry **buckets;
    size_t n_buckets; /* a power of two */
    size_t count;
    size_t max;
    unsigned ttl;
} memstore;

#define dup_bytes store__dup

static int mem_put(store *st, const char *id, const char *blob, size_t len, time_t now);
static char *mem_get(store *st, const char *id, size_t *len, time_t now);
static int mem_del(store *st, const char *id);
static size_t mem_sweep(store *st, time_t now);
static long mem_count(store *st);
static void mem_free(store *st);
static int mem_note(store *st, const char *text, size_t len, time_t now);
static int mem_tally(store *st, size_t max, store_tally_fn fn, void *ud);

static const struct store_ops mem_ops = {"memory",  mem_put,  mem_get,  mem_del,  mem_sweep,
                                         mem_count, mem_free, mem_note, mem_tally};

store *store_mem_new(size_t max_entries, unsigned ttl_secs)
{
    memstore *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->n_buckets = 1024;
    while (s->n_buckets < max_entries / 2 && s->n_buckets < (1u << 20))
        s->n_buckets *= 2;
    s->buckets = calloc(s->n_buckets, sizeof *s->buckets);
    if (!s->buckets) {
        free(s);
        return NULL;
    }
    s->base.ops = &mem_ops;
    s->max = max_entries;
    s->ttl = ttl_secs;
    return &s->base;
}

static struct entry **find(memstore *s, const char *id)
{
    struct entry **pp = &s->buckets[hash_str(HASH_SEED, id) & (s->n_buckets - 1)];
    while (*pp && strcmp((*pp)->id, id))
        pp = &(*pp)->next;
    return pp;
}

static void unlink_free(memstore *s, struct entry **pp)
{
    struct entry *e = *pp;
    *pp = e->next;
    free(e->id);
    free(e->blob);
    free(e);
    s->count--;
}

static bool expired(const memstore *s, const struct entry *e, time_t now)
{
    return s->ttl && now - e->used > (time_t)s->ttl;
}

static int mem_put(store *st, const char *id, const char *blob, size_t len, time_t now)
{
    memstore *s = (memstore *)st;
    struct entry **pp = find(s, id);
    char *copy = dup_bytes(blob, len);
    if (!copy) {
        store__fail(st, "out of memory");
        return -1;
    }
    if (*pp) {
        free((*pp)->blob);
        (*pp)->blob = copy;
        (*pp)->len = len;
        (*pp)->used = now;
        return 0;
    }
    if (s->count >= s->max && (mem_sweep(st, now) == 0 || s->count >= s->max)) {
        free(copy);
        store__fail(st, "full: %zu sessions", s->count);
        return -1;
    }
    struct entry *e = calloc(1, sizeof *e);
    if (!e || !(e->id = dup_bytes(id, strlen(id)))) {
        free(e);
        free(copy);
        store__fail(st, "out of memory");
        return -1;
    }
    e->blob = copy;
    e->len = len;
    e->used = now;
    pp = find(s, id);
    *pp = e;
    s->count++;
    st->failing = false;
    return 0;
}

static char *mem_get(store *st, const char *id, size_t *len, time_t now)
{
    memstore *s = (memstore *)st;
    struct entry **pp = find(s, id);
    if (!*pp)
        return NULL;
    if (expired(s, *pp, now)) {
        unlink_free(s, pp);
        return NULL;
    }
    (*pp)->used = now;
    *len = (*pp)->len;
    return dup_bytes((*pp)->blob, (*pp)->len);
}

static int mem_del(store *st, const char *id)
{
    memstore *s = (memstore *)st;
    struct entry **pp = find(s, id);
    if (*pp)
        unlink_free(s, pp);
    return 0;
}

static size_t mem_sweep(store *st, time_t now)
{
    memstore *s = (memstore *)st;
    size_t dropped = 0;
    for (size_t b = 0; b < s->n_buckets; b++) {
        struct entry **pp = &s->buckets[b];
        while (*pp) {
            if (expired(s, *pp, now)) {
                unlink_free(s, pp);
                dropped++;
            } else {
                pp = &(*pp)->next;
            }
        }
    }
    return dropped;
}

static long mem_count(store *st)
{
    return (long)((memstore *)st)->count;
}

static int mem_note(store *st, const char *text, size_t len, time_t now)
{
    memstore *s = (memstore *)st;
    if (!s->un && !(s->un = calloc(MEM_UNANSWERED_MAX + 1, sizeof *s->un)))
        return -1;
    size_t i = 0;
    if (s->n_un == MEM_UNANSWERED_MAX)
        len = 0; /* full: count it as text not kept */
    while (i < s->n_un && !(strlen(s->un[i].text) == len && !memcmp(s->un[i].text, text, len)))
        i++;
    if (i == s->n_un) {
        if (!(s->un[i].text = dup_bytes(text, len)))
            return -1;
        s->n_un++;
    }
    s->un[i].count++;
    s->un[i].last = now;
    return 0;
}

static int by_count(const void *a, const void *b)
{
    const struct unanswered *x = *(const struct unanswered *const *)a, *y = *(const struct unanswered *const *)b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return x->last < y->last ? 1 : x->last > y->last ? -1 : 0;
}

static int mem_tally(store *st, size_t max, store_tally_fn fn, void *ud)
{
    memstore *s = (memstore *)st;
    const struct unanswered **v = calloc(s->n_un + 1, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < s->n_un; i++)
        v[i] = &s->un[i];
    qsort(v, s->n_un, sizeof *v, by_count);
    size_t n = s->n_un < max ? s->n_un : max;
    for (size_t i = 0; i < n; i++)
        fn(ud, v[i]->text, v[i]->count);
    free(v);
    return (int)n;
}

static void mem_free(store *st)
{
    memstore *s = (memstore *)st;
    for (size_t i = 0; i < s->n_un; i++)
        free(s->un[i].text);
    free(s->un);
    for (size_t b = 0; b < s->n_buckets; b++)
        while (s->buckets[b])
            unlink_free(s, &s->buckets[b]);
    free(s->buckets);
    free(s);
}
