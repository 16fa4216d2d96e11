/*
 * metrics (see metrics.h): plain counters and one histogram, printed in the Prometheus text format
 * (version 0.0.4): a HELP and a TYPE line per family, labels for intents, error codes and limits.
 */
#include "metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double bucket_s[METRICS_BUCKETS] = {
    0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
};

static const char *const limit_names[LIMIT_COUNT] = {
    "message_size", "rate_connection", "rate_ip", "connections", "connections_ip",
    "idle",         "queue",           "json",    "strikes",     "sessions_ip",
};

const char *metrics_limit_name(limit_kind k)
{
    return k < LIMIT_COUNT ? limit_names[k] : "unknown";
}

void metrics_count(metrics_label *v, size_t *n, const char *name)
{
    size_t i = 0;
    while (i < *n && strcmp(v[i].name, name))
        i++;
    if (i == *n) {
        if (*n == METRICS_LABELS) {
            name = "other";
            for (i = 0; i < *n && strcmp(v[i].name, name); i++)
                ;
            if (i == *n)
                i = *n - 1; /* the last slot becomes "other" */
        } else {
            (*n)++;
        }
        snprintf(v[i].name, sizeof v[i].name, "%s", name);
    }
    v[i].n++;
}

void metrics_reply_time(metrics *m, double seconds)
{
    size_t b = 0;
    while (b < METRICS_BUCKETS && seconds > bucket_s[b])
        b++;
    m->hist[b]++;
    m->hist_sum_s += seconds;
    m->hist_count++;
}

struct out {
    char *p;
    size_t len, cap;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = o->p ? vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap) : -1;
        va_end(ap);
        if (n >= 0 && (size_t)n < o->cap - o->len) {
            o->len += (size_t)n;
            return;
        }
        size_t cap = o->cap ? o->cap * 2 : 4096;
        char *p = realloc(o->p, cap);
        if (!p)
            return;
        o->p = p;
        o->cap = cap;
    }
}

static void family(struct out *o, const char *name, const char *type, const char *help)
{
    put(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Label values are ids and codes of our own, [a-z0-9._-]; anything else is printed as "_". */
static void label(struct out *o, const char *v)
{
    char clean[sizeof((metrics_label *)0)->name];
    size_t i = 0;
    for (; v[i] && i + 1 < sizeof clean; i++) {
        char c = v[i];
        clean[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                           c == '-'
                       ? c
                       : '_';
    }
    clean[i] = '\0';
    put(o, "%s", clean);
}

/* serve --workers: every worker's line; the figures above are those of the worker that answered. */
static void render_workers(struct out *o, const metrics_gauges *g)
{
    family(o, "careerbot_worker", "gauge", "The worker that answered this request (its index).");
    put(o, "careerbot_worker %d\n", g->worker);
    family(o, "careerbot_worker_up", "gauge", "1 while the worker runs.");
    for (size_t i = 0; i < g->n_workers; i++)
        put(o, "careerbot_worker_up{worker=\"%zu\",pid=\"%ld\"} %d\n", i, g->workers[i].pid, g->workers[i].up);
    family(o, "careerbot_worker_restarts_total", "counter", "Times the worker was started again after it died.");
    for (size_t i = 0; i < g->n_workers; i++)
        put(o, "careerbot_worker_restarts_total{worker=\"%zu\"} %lu\n", i, g->workers[i].restarts);
    family(o, "careerbot_worker_connections", "gauge", "Open chat connections of the worker.");
    for (size_t i = 0; i < g->n_workers; i++)
        put(o, "careerbot_worker_connections{worker=\"%zu\"} %lu\n", i,
            g->workers[i].up ? g->workers[i].connections : 0);
    family(o, "careerbot_worker_messages_total", "counter",
           "Chat messages answered by the worker since its last start.");
    for (size_t i = 0; i < g->n_workers; i++)
        put(o, "careerbot_worker_messages_total{worker=\"%zu\"} %lu\n", i, g->workers[i].messages);
}

char *metrics_render(const metrics *m, const metrics_gauges *g, size_t *len)
{
    struct out o = {0};
    family(&o, "careerbot_connections", "gauge", "Open chat connections.");
    put(&o, "careerbot_connections %lu\n", g->connections);
    family(&o, "careerbot_connections_total", "counter", "Chat connections accepted.");
    put(&o, "careerbot_connections_total %lu\n", m->connections_total);
    family(&o, "careerbot_sessions", "gauge", "Sessions held by the store (-1: the store cannot count them).");
    put(&o, "careerbot_sessions %ld\n", g->sessions);
    family(&o, "careerbot_messages_total", "counter", "Chat messages answered.");
    put(&o, "careerbot_messages_total %lu\n", m->messages);
    family(&o, "careerbot_replies_total", "counter", "Replies by the intent that answered.");
    for (size_t i = 0; i < m->n_intents; i++) {
        put(&o, "careerbot_replies_total{intent=\"");
        label(&o, m->intents[i].name);
        put(&o, "\"} %lu\n", m->intents[i].n);
    }
    family(&o, "careerbot_fallbacks_total", "counter", "Messages nothing understood.");
    put(&o, "careerbot_fallbacks_total %lu\n", m->fallbacks);
    family(&o, "careerbot_errors_total", "counter", "Error replies by code.");
    for (size_t i = 0; i < m->n_errors; i++) {
        put(&o, "careerbot_errors_total{code=\"");
        label(&o, m->errors[i].name);
        put(&o, "\"} %lu\n", m->errors[i].n);
    }
    family(&o, "careerbot_limit_hits_total", "counter", "Times a limit was hit, by limit.");
    for (int k = 0; k < LIMIT_COUNT; k++)
        put(&o, "careerbot_limit_hits_total{limit=\"%s\"} %lu\n", limit_names[k], m->limits[k]);
    family(&o, "careerbot_regex_limit_hits_total", "counter",
           "Patterns that hit a PCRE2 match, depth or heap limit (counted as no match).");
    put(&o, "careerbot_regex_limit_hits_total %lu\n", m->regex_limit_hits);
    family(&o, "careerbot_refused_origins_total", "counter", "Handshakes refused for their Origin.");
    put(&o, "careerbot_refused_origins_total %lu\n", m->refused_origins);
    family(&o, "careerbot_store_failures_total", "counter", "Session store operations that failed.");
    put(&o, "careerbot_store_failures_total %lu\n", m->store_failures);
    family(&o, "careerbot_store_up", "gauge", "1 while the session store works.");
    put(&o, "careerbot_store_up %d\n", g->store_ok);
    family(&o, "careerbot_reloads_total", "counter", "Successful reloads of intents and content (SIGHUP).");
    put(&o, "careerbot_reloads_total %lu\n", m->reloads);
    family(&o, "careerbot_reply_seconds", "histogram",
           "Time to answer a chat message, from its last byte to the reply queued.");
    unsigned long cum = 0;
    for (int b = 0; b < METRICS_BUCKETS; b++) {
        cum += m->hist[b];
        put(&o, "careerbot_reply_seconds_bucket{le=\"%g\"} %lu\n", bucket_s[b], cum);
    }
    cum += m->hist[METRICS_BUCKETS];
    put(&o, "careerbot_reply_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    put(&o, "careerbot_reply_seconds_sum %.9f\n", m->hist_sum_s);
    put(&o, "careerbot_reply_seconds_count %lu\n", m->hist_count);
    family(&o, "careerbot_data", "gauge", "Careers and intents loaded.");
    put(&o, "careerbot_data{kind=\"careers\"} %zu\n", g->careers);
    put(&o, "careerbot_data{kind=\"intents\"} %zu\n", g->intents);
    family(&o, "careerbot_uptime_seconds", "gauge", "Seconds since the server started.");
    put(&o, "careerbot_uptime_seconds %.0f\n", g->uptime_s);
    if (g->workers)
        render_workers(&o, g);
    *len = o.len;
    return o.p;
}
