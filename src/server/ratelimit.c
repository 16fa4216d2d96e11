/*
 * ratelimit (see ratelimit.h). The address table is open addressing with linear probing, keyed by the
 * address text. An entry with no connection is dropped once its bucket would be full again, so a
 * flood of addresses that come and go does not grow the table without end.
 */
#include "ratelimit.h"
#include "hash.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
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

/* ===================== Trusted proxies ===================== */

struct net {
    unsigned char a[16]; /* IPv6, IPv4 as ::ffff:a.b.c.d */
    unsigned bits;       /* prefix length over the 128 bits */
};

struct ratelimit_proxies {
    struct net v[RATELIMIT_PROXIES_MAX];
    size_t n;
};

ratelimit_proxies *ratelimit_proxies_new(void)
{
    return calloc(1, sizeof(ratelimit_proxies));
}

void ratelimit_proxies_free(ratelimit_proxies *p)
{
    free(p);
}

/* Parses an address (IPv4, IPv6, or IPv6 in brackets) of s[0..len) into a. Returns 0, or -1. */
static int parse_addr(const char *s, size_t len, unsigned char a[16], bool *v4)
{
    char buf[64];
    if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
        s++, len -= 2;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    unsigned char four[4];
    if (inet_pton(AF_INET, buf, four) == 1) {
        memset(a, 0, 10);
        a[10] = a[11] = 0xff;
        memcpy(a + 12, four, 4);
        *v4 = true;
        return 0;
    }
    *v4 = false;
    return inet_pton(AF_INET6, buf, a) == 1 ? 0 : -1;
}

static bool net_has(const struct net *n, const unsigned char a[16])
{
    unsigned full = n->bits / 8, rest = n->bits % 8;
    if (memcmp(n->a, a, full))
        return false;
    return !rest || ((n->a[full] ^ a[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

int ratelimit_proxies_add(ratelimit_proxies *p, const char *addr, char *err, size_t errlen)
{
    if (p->n == RATELIMIT_PROXIES_MAX) {
        snprintf(err, errlen, "at most %d trusted proxies", RATELIMIT_PROXIES_MAX);
        return -1;
    }
    const char *slash = strchr(addr, '/');
    size_t len = slash ? (size_t)(slash - addr) : strlen(addr);
    struct net *n = &p->v[p->n];
    bool v4;
    unsigned long bits = 0;
    char *end = NULL;
    if (parse_addr(addr, len, n->a, &v4) < 0 ||
        (slash && (!slash[1] || (bits = strtoul(slash + 1, &end, 10), *end) || bits > (v4 ? 32u : 128u)))) {
        snprintf(err, errlen, "\"%.80s\" is not an address like 127.0.0.1, 10.0.0.0/8 or ::1", addr);
        return -1;
    }
    n->bits = slash ? (unsigned)bits + (v4 ? 96 : 0) : 128;
    p->n++;
    return 0;
}

static bool proxies_has(const ratelimit_proxies *p, const unsigned char a[16])
{
    for (size_t i = 0; p && i < p->n; i++)
        if (net_has(&p->v[i], a))
            return true;
    return false;
}

bool ratelimit_proxies_has(const ratelimit_proxies *p, const char *ip)
{
    unsigned char a[16];
    bool v4;
    return p && ip && parse_addr(ip, strlen(ip), a, &v4) == 0 && proxies_has(p, a);
}

int ratelimit_forwarded_client(const ratelimit_proxies *p, const char *xff, char *out, size_t cap)
{
    if (!xff)
        return -1;
    size_t end = strlen(xff);
    for (;;) {
        size_t stop = end, start;
        while (stop > 0 && (xff[stop - 1] == ' ' || xff[stop - 1] == '\t'))
            stop--;
        start = stop;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        size_t from = start;
        while (from < stop && (xff[from] == ' ' || xff[from] == '\t'))
            from++;
        unsigned char a[16];
        bool v4;
        if (parse_addr(xff + from, stop - from, a, &v4) < 0)
            return -1; /* empty, a name, "unknown", a port ...: not an address we can count */
        if (!proxies_has(p, a) || start == 0) {
            char text[INET6_ADDRSTRLEN];
            if (!inet_ntop(v4 ? AF_INET : AF_INET6, v4 ? a + 12 : a, text, sizeof text) || strlen(text) >= cap)
                return -1;
            memcpy(out, text, strlen(text) + 1);
            return 0;
        }
        end = start - 1; /* the entry before the comma */
    }
}
