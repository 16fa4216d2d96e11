/*
 * The in-memory session store (see store.h): a chained hash table keyed by session id, each entry
 * with the time of its last use.
 */
#include "store.h"

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

struct store {
    struct entry **buckets;
    size_t n_buckets; /* a power of two */
    size_t count;
    size_t max;
    unsigned ttl;
};

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static char *dup_bytes(const char *p, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

store *store_mem_new(size_t max_entries, unsigned ttl_secs)
{
    store *s = calloc(1, sizeof *s);
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
    s->max = max_entries;
    s->ttl = ttl_secs;
    return s;
}

static struct entry **find(store *s, const char *id)
{
    struct entry **pp = &s->buckets[hash_id(id) & (s->n_buckets - 1)];
    while (*pp && strcmp((*pp)->id, id))
        pp = &(*pp)->next;
    return pp;
}

static void unlink_free(store *s, struct entry **pp)
{
    struct entry *e = *pp;
    *pp = e->next;
    free(e->id);
    free(e->blob);
    free(e);
    s->count--;
}

static int expired(const store *s, const struct entry *e, time_t now)
{
    return s->ttl && now - e->used > (time_t)s->ttl;
}

int store_put(store *s, const char *id, const char *blob, size_t len, time_t now)
{
    struct entry **pp = find(s, id);
    char *copy = dup_bytes(blob, len);
    if (!copy)
        return -1;
    if (*pp) {
        free((*pp)->blob);
        (*pp)->blob = copy;
        (*pp)->len = len;
        (*pp)->used = now;
        return 0;
    }
    if (s->count >= s->max && (store_sweep(s, now) == 0 || s->count >= s->max)) {
        free(copy);
        return -1;
    }
    struct entry *e = calloc(1, sizeof *e);
    if (!e || !(e->id = dup_bytes(id, strlen(id)))) {
        free(e);
        free(copy);
        return -1;
    }
    e->blob = copy;
    e->len = len;
    e->used = now;
    pp = find(s, id);
    *pp = e;
    s->count++;
    return 0;
}

char *store_get(store *s, const char *id, size_t *len, time_t now)
{
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

int store_del(store *s, const char *id)
{
    struct entry **pp = find(s, id);
    if (!*pp)
        return -1;
    unlink_free(s, pp);
    return 0;
}

size_t store_sweep(store *s, time_t now)
{
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

size_t store_count(const store *s)
{
    return s->count;
}

void store_free(store *s)
{
    if (!s)
        return;
    for (size_t b = 0; b < s->n_buckets; b++)
        while (s->buckets[b])
            unlink_free(s, &s->buckets[b]);
    free(s->buckets);
    free(s);
}
