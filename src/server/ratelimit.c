/*
 * ratelimit (see ratelimit.h). The address table is open addressing with linear probing, keyed by the
 * address text. An entry with no connection is dropped once its bucket would be full again, so a
 * flood of addresses that come and go does not grow the table without end.
 */
#include "ratelimit.h"
#include "hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool ratelimit_bucket_take(ratelimit_bucket *b, double now, double rate, double burst)
{
    if (b->last == 0) {
        b->tokens = burst;
        b->last = now;
    }
    b->tokens += (now - b->last) * rate;
    if (b->tokens > burst)
        b->tokens = burst;
    b->last = now;
    if (b->tokens < 1)
        return false;
    b->tokens -= 1;
    return true;
}

struct ipentry {
    char ip[RATELIMIT_IP_MAX]; /* "" : free */
    unsigned conns;
    ratelimit_bucket b;
};

struct ratelimit_table {
    struct ipentry *v;
    size_t cap; /* a power of two */
    size_t n;
};

ratelimit_table *ratelimit_table_new(void)
{
    ratelimit_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cap = 1024;
    t->v = calloc(t->cap, sizeof *t->v);
    if (!t->v) {
        free(t);
        return NULL;
    }
    return t;
}

void ratelimit_table_free(ratelimit_table *t)
{
    if (t)
        free(t->v);
    free(t);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* An entry nobody needs: no connection, and its bucket has been idle long enough to be full. */
static bool stale(const struct ipentry *e, double now)
{
    return e->ip[0] && !e->conns && (e->b.last == 0 || now - e->b.last > 60);
}

static void rebuild(ratelimit_table *t, size_t cap)
{
    struct ipentry *old = t->v;
    size_t oldcap = t->cap;
    struct ipentry *v = calloc(cap, sizeof *v);
    if (!v)
        return; /* keep the old table; it still works, only fuller */
    double now = now_s();
    t->v = v;
    t->cap = cap;
    t->n = 0;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].ip[0] || stale(&old[i], now))
            continue;
        size_t j = hash_str(HASH_SEED, old[i].ip) & (cap - 1);
        while (v[j].ip[0])
            j = (j + 1) & (cap - 1);
        v[j] = old[i];
        t->n++;
    }
    free(old);
}

/* The entry of ip, created when add is true (NULL when absent and not added, or out of memory). */
static struct ipentry *find(ratelimit_table *t, const char *ip, bool add)
{
    if (add && (t->n + 1) * 2 > t->cap) {
        rebuild(t, t->cap); /* drops stale entries */
        if ((t->n + 1) * 2 > t->cap)
            rebuild(t, t->cap * 2);
        if ((t->n + 1) * 4 > t->cap * 3)
            return NULL; /* out of memory: no room to add */
    }
    size_t j = hash_str(HASH_SEED, ip) & (t->cap - 1);
    while (t->v[j].ip[0]) {
        if (!strncmp(t->v[j].ip, ip, RATELIMIT_IP_MAX - 1))
            return &t->v[j];
        j = (j + 1) & (t->cap - 1);
    }
    if (!add)
        return NULL;
    memset(&t->v[j], 0, sizeof t->v[j]);
    strncpy(t->v[j].ip, ip, RATELIMIT_IP_MAX - 1);
    t->n++;
    return &t->v[j];
}

int ratelimit_table_connect(ratelimit_table *t, const char *ip, unsigned max)
{
    struct ipentry *e = find(t, ip, true);
    if (!e)
        return max ? -1 : 0;
    if (max && e->conns >= max)
        return -1;
    e->conns++;
    return 0;
}

void ratelimit_table_disconnect(ratelimit_table *t, const char *ip)
{
    struct ipentry *e = find(t, ip, false);
    if (e && e->conns)
        e->conns--;
}

unsigned ratelimit_table_connections(const ratelimit_table *t, const char *ip)
{
    struct ipentry *e = find((ratelimit_table *)t, ip, false);
    return e ? e->conns : 0;
}

bool ratelimit_table_take(ratelimit_table *t, const char *ip, double now, double rate, double burst)
{
    struct ipentry *e = find(t, ip, true);
    return e ? ratelimit_bucket_take(&e->b, now, rate, burst) : true;
}

size_t ratelimit_table_size(const ratelimit_table *t)
{
    return t->n;
}
