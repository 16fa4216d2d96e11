/*
 * ratelimit: the bookkeeping behind the server's limits, without sockets: token buckets (messages per
 * second) and a table of client addresses (connections and a message bucket per address).
 */
#ifndef CAREERBOT_RATELIMIT_H
#define CAREERBOT_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>

/* A token bucket: up to burst tokens, refilled at rate per second. */
typedef struct bucket {
    double tokens;
    double last; /* seconds; 0: never used (starts full) */
} bucket;

/* Takes one token at time now (seconds). Returns false when the bucket is empty. */
bool bucket_take(bucket *b, double now, double rate, double burst);

#define IP_MAX 64 /* bytes of an address as text, with the NUL */

typedef struct iptable iptable;

iptable *iptable_new(void);
void iptable_free(iptable *t);

/* Counts a new connection from ip unless it already has max (0: no limit). Returns 0, or -1 when
 * refused (the count is then unchanged). */
int iptable_connect(iptable *t, const char *ip, unsigned max);
void iptable_disconnect(iptable *t, const char *ip);
unsigned iptable_connections(const iptable *t, const char *ip);

/* Takes a message token of ip's bucket (rate and burst as bucket_take). */
bool iptable_take(iptable *t, const char *ip, double now, double rate, double burst);

/* Addresses tracked (with a connection open, or a bucket still refilling). */
size_t iptable_size(const iptable *t);

#endif
