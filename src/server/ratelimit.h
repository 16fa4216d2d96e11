/*
 * ratelimit: the bookkeeping behind the server's limits, without sockets: token buckets (messages per
 * second) and a table of client addresses (connections and a message bucket per address). Times
 * are seconds on the caller's clock (the server's is CLOCK_MONOTONIC); nothing here sleeps or logs.
 * Also who is counted: the client's address behind the proxies the operator trusts (X-Forwarded-For).
 */
#ifndef CAREERBOT_RATELIMIT_H
#define CAREERBOT_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>

/* A token bucket: up to burst tokens, refilled at rate per second. Zeroed: never used (starts full). */
typedef struct ratelimit_bucket {
    double tokens;
    double last; /* seconds; 0: never used (starts full) */
} ratelimit_bucket;

/* Takes one token at time now (seconds). Returns false when the bucket is empty. */
bool ratelimit_bucket_take(ratelimit_bucket *b, double now, double rate, double burst);

#define RATELIMIT_IP_MAX 64 /* bytes of an address as text, with the NUL */

typedef struct ratelimit_table ratelimit_table;

/* An empty table (caller frees with ratelimit_table_free); NULL when out of memory. */
ratelimit_table *ratelimit_table_new(void);
void ratelimit_table_free(ratelimit_table *t);

/* Counts a new connection from ip unless it already has max (0: no limit). Returns 0, or -1 when
 * refused (the count is then unchanged). */
int ratelimit_table_connect(ratelimit_table *t, const char *ip, unsigned max);
void ratelimit_table_disconnect(ratelimit_table *t, const char *ip);
unsigned ratelimit_table_connections(const ratelimit_table *t, const char *ip);

/* Takes a message token of ip's bucket (rate and burst as ratelimit_bucket_take). True when the
 * table is full and out of memory: a client is never refused for our lack of room. */
bool ratelimit_table_take(ratelimit_table *t, const char *ip, double now, double rate, double burst);

/* Addresses tracked (with a connection open, or a bucket still refilling). An address without a
 * connection whose bucket has been idle for over 60 s (CLOCK_MONOTONIC) is dropped when the table
 * next grows. */
size_t ratelimit_table_size(const ratelimit_table *t);

/* The proxies whose X-Forwarded-For is believed (--trusted-proxy): addresses, or networks written
 * ADDR/BITS, IPv4 or IPv6 (an IPv4 address also matches its ::ffff: form). */
typedef struct ratelimit_proxies ratelimit_proxies;

#define RATELIMIT_PROXIES_MAX 64 /* more is surely a mistake */

/* An empty list (caller frees with ratelimit_proxies_free); NULL when out of memory. */
ratelimit_proxies *ratelimit_proxies_new(void);
void ratelimit_proxies_free(ratelimit_proxies *p);

/* Adds addr ("10.0.0.7", "10.0.0.0/8", "::1"). Returns 0, or -1 with a sentence in err. */
int ratelimit_proxies_add(ratelimit_proxies *p, const char *addr, char *err, size_t errlen);

/* Is ip (an address as text) one of the trusted proxies? False for NULL p or an unparsable ip. */
bool ratelimit_proxies_has(const ratelimit_proxies *p, const char *ip);

/* The client behind trusted proxies: the right-most entry of the X-Forwarded-For value xff that is
 * not a trusted proxy (entries to its left may be anything the client wrote). Returns 0 with the
 * address in out (cap bytes, normal text form), or -1 when xff is NULL, empty, or its tail up to
 * that entry holds something that is not an address (out untouched). */
int ratelimit_forwarded_client(const ratelimit_proxies *p, const char *xff, char *out, size_t cap);

#endif
