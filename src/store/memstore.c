/*
 * The in-memory session store (see store.h): a chained hash table keyed by session id, each entry
 * with the time of its last use, and every entry in one list from the least to the most recently
 * used. Expired sessions are at the old end of that list, so a sweep stops at the first live one;
 * when the store is full the least recently used session makes room for a new one (new users are
 * never refused for old ones).
 */
#include "hash.h"
#include "store_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    struct entry *next;          /* in its bucket */
    struct entry *older, *newer; /* in the order of use */
    char *id;
    char *blob;
    size_t len;
    time_t used;
};

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
    struct entry *oldest, *newest;
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

static const struct store_ops mem_ops = {"memory",  mem_put,  mem_get,  mem_del,   mem_sweep,
                                         mem_count, mem_free, mem_note, mem_tally, NULL};

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
    s->base.tomb_ttl = ttl_secs;
    return &s->base;
}

static struct entry **find(memstore *s, const char *id)
{
    struct entry **pp = &s->buckets[hash_str(HASH_SEED, id) & (s->n_buckets - 1)];
    while (*pp && strcmp((*pp)->id, id))
        pp = &(*pp)->next;
    return pp;
}

static void lru_unlink(memstore *s, struct entry *e)
{
    if (e->older)
        e->older->newer = e->newer;
    else
        s->oldest = e->newer;
    if (e->newer)
        e->newer->older = e->older;
    else
        s->newest = e->older;
    e->older = e->newer = NULL;
}

/* Marks e the most recently used, at time now. */
static void touch(memstore *s, struct entry *e, time_t now)
{
    if (s->newest != e) {
        if (e->older || e->newer || s->oldest == e)
            lru_unlink(s, e);
        e->older = s->newest;
        if (s->newest)
            s->newest->newer = e;
        else
            s->oldest = e;
        s->newest = e;
    }
    e->used = now;
}

static void unlink_free(memstore *s, struct entry **pp)
{
    struct entry *e = *pp;
    *pp = e->next;
    lru_unlink(s, e);
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
        touch(s, *pp, now);
        return 0;
    }
    if (s->count >= s->max)
        mem_sweep(st, now);
    while (s->count && s->count >= s->max) /* still full: the least recently used goes */
        unlink_free(s, find(s, s->oldest->id));
    if (!s->max) {
        free(copy);
        store__fail(st, "full: room for no session");
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
    touch(s, e, now);
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
    touch(s, *pp, now);
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

static void unanswered_age(memstore *s, time_t now);

static size_t mem_sweep(store *st, time_t now)
{
    memstore *s = (memstore *)st;
    size_t dropped = 0;
    while (s->oldest && expired(s, s->oldest, now)) {
        unlink_free(s, find(s, s->oldest->id));
        dropped++;
    }
    unanswered_age(s, now);
    return dropped;
}

static long mem_count(store *st)
{
    return (long)((memstore *)st)->count;
}

/* Drops the unanswered texts not seen for STORE_UNANSWERED_AGE. */
static void unanswered_age(memstore *s, time_t now)
{
    for (size_t i = 0; i < s->n_un;) {
        if (now - s->un[i].last > (time_t)STORE_UNANSWERED_AGE) {
            free(s->un[i].text);
            s->un[i] = s->un[--s->n_un];
        } else {
            i++;
        }
    }
}

static int mem_note(store *st, const char *text, size_t len, time_t now)
{
    memstore *s = (memstore *)st;
    if (!s->un && !(s->un = calloc(STORE_UNANSWERED_MAX, sizeof *s->un)))
        return -1;
    size_t i = 0;
    while (i < s->n_un && !(strlen(s->un[i].text) == len && !memcmp(s->un[i].text, text, len)))
        i++;
    if (i == s->n_un) {
        char *copy = dup_bytes(text, len);
        if (!copy)
            return -1;
        if (s->n_un == STORE_UNANSWERED_MAX) { /* full: the least recently seen text goes */
            size_t old = 0;
            for (size_t k = 1; k < s->n_un; k++)
                if (s->un[k].last < s->un[old].last)
                    old = k;
            free(s->un[old].text);
            s->un[old] = s->un[--s->n_un];
            i = s->n_un;
        }
        s->un[i].text = copy;
        s->un[i].count = 0;
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
