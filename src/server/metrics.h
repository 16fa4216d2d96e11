/*
 * metrics: the server's counters, and their Prometheus text rendering for GET /metrics. No sockets;
 * the server counts, this keeps and prints.
 */
#ifndef CAREERBOT_METRICS_H
#define CAREERBOT_METRICS_H

#include <stddef.h>

#define METRICS_LABELS 256 /* distinct intents or error codes kept; more are counted as "other" */
#define METRICS_BUCKETS 12 /* reply-time histogram buckets, plus +Inf */

typedef enum limit_kind {
    LIMIT_MESSAGE_SIZE,    /* a message over --max-message (closed with 1009) */
    LIMIT_RATE_CONNECTION, /* messages per second of one connection */
    LIMIT_RATE_IP,         /* messages (or HTTP requests) per second of one address */
    LIMIT_CONNECTIONS,     /* connections in total */
    LIMIT_CONNECTIONS_IP,  /* connections of one address */
    LIMIT_IDLE,            /* closed after --idle-timeout without a message */
    LIMIT_QUEUE,           /* replies waiting for a client that does not read */
    LIMIT_JSON,            /* JSON too deep, or a field too long */
    LIMIT_STRIKES,         /* closed with 1008 after going on over a rate limit */
    LIMIT_SESSIONS_IP,     /* new sessions of one address in a minute */
    LIMIT_COUNT
} limit_kind;

typedef struct metrics_label {
    char name[48];
    unsigned long n;
} metrics_label;

typedef struct metrics {
    unsigned long connections_total, messages, fallbacks, store_failures, reloads, refused_origins;
    unsigned long regex_limit_hits;
    unsigned long limits[LIMIT_COUNT];
    metrics_label intents[METRICS_LABELS];
    size_t n_intents;
    metrics_label errors[METRICS_LABELS];
    size_t n_errors;
    unsigned long hist[METRICS_BUCKETS + 1]; /* reply time, cumulative at render */
    double hist_sum_s;
    unsigned long hist_count;
} metrics;

void metrics_count(metrics_label *v, size_t *n, const char *name); /* +1 for name */
void metrics_reply_time(metrics *m, double seconds);

/* One worker of serve --workers, as the shared board shows it. */
typedef struct metrics_worker {
    long pid;
    int up;
    unsigned long restarts, connections, messages;
} metrics_worker;

/* Gauges read at render time. */
typedef struct metrics_gauges {
    unsigned long connections;
    long sessions; /* -1: unknown */
    int store_ok;
    double uptime_s;
    size_t careers, intents;
    const metrics_worker *workers; /* every worker (NULL: one process); the other figures are this worker's */
    size_t n_workers;
    int worker; /* the worker answering */
} metrics_gauges;

/* The Prometheus text exposition of m (caller frees); *len gets its length. */
char *metrics_render(const metrics *m, const metrics_gauges *g, size_t *len);

const char *metrics_limit_name(limit_kind k);

#endif
