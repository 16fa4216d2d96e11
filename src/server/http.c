/*
 * http: everything over plain HTTP (see server.h): the web folder's files with the headers other
 * sites need to load the widget, GET /healthz (JSON status), GET /metrics (Prometheus text, for
 * loopback or a token) and GET /embed-check (may the asking page chat here?).
 *
 * Sections: the one response-head writer; the small answers (/healthz, /embed-check, /metrics),
 * queued for HTTP_WRITEABLE; static files; the callback. Never touches a chat connection (chat.c).
 */
/* realpath() is X/Open, beyond the project-wide _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700
#include "server_int.h"
#include "texts.h"
#include "workers.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* ===================== The response head ===================== */

enum {
    HEAD_CORS = 1,    /* access-control-allow-origin: * (any site may read it) */
    HEAD_NOSNIFF = 2, /* x-content-type-options: nosniff */
    HEAD_HSTS = 4,    /* strict-transport-security (the server speaks TLS) */
};

#define HSTS_VALUE "max-age=31536000"

/* Over TLS every answer tells the browser to come back over TLS only. */
static int tls_flag(struct lws *wsi)
{
    const struct app *a = lws_context_user(lws_get_context(wsi));
    return a->o.tls_cert ? HEAD_HSTS : 0;
}

/* What goes in a response head besides the status. */
struct head {
    unsigned status;
    const char *type;  /* content-type, or NULL */
    size_t len;        /* content-length */
    const char *cache; /* cache-control, or NULL */
    const char *etag;  /* or NULL */
    int flags;         /* HEAD_ */
};

static int add_name(struct lws *wsi, const char *name, const char *value, unsigned char **p, unsigned char *end)
{
    return lws_add_http_header_by_name(wsi, (const unsigned char *)name, (const unsigned char *)value,
                                       (int)strlen(value), p, end);
}

/* Writes the status line and headers of h. Returns 0, or -1 when they could not be written. */
static int write_head(struct lws *wsi, const struct head *h)
{
    unsigned char hdr[LWS_PRE + 1024], *start = hdr + LWS_PRE, *p = start, *end = hdr + sizeof hdr - 1;
    if (lws_add_http_header_status(wsi, h->status, &p, end) ||
        (h->type && lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE, (const unsigned char *)h->type,
                                                 (int)strlen(h->type), &p, end)) ||
        lws_add_http_header_content_length(wsi, h->len, &p, end) ||
        (h->etag && add_name(wsi, "etag:", h->etag, &p, end)) ||
        (h->cache && lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL, (const unsigned char *)h->cache,
                                                  (int)strlen(h->cache), &p, end)) ||
        ((h->flags & HEAD_CORS) && add_name(wsi, "access-control-allow-origin:", "*", &p, end)) ||
        ((h->flags & HEAD_NOSNIFF) && add_name(wsi, "x-content-type-options:", "nosniff", &p, end)) ||
        ((h->flags & HEAD_HSTS) && add_name(wsi, "strict-transport-security:", HSTS_VALUE, &p, end)) ||
        lws_finalize_write_http_header(wsi, start, &p, end))
        return -1;
    return 0;
}

static int http_done(struct lws *wsi)
{
    return lws_http_transaction_completed(wsi) ? -1 : 0;
}

static int http_status(struct lws *wsi, unsigned int code)
{
    lws_return_http_status(wsi, code, NULL);
    return http_done(wsi);
}

/* ===================== Small answers ===================== */

/* Answers 200 with body[0..len) of type, not to be cached: the head now, the body when writable. */
static int answer(struct lws *wsi, struct http_req *h, const char *type, int flags, const char *body, size_t len)
{
    struct head head = {HTTP_STATUS_OK, type, len, "no-store", NULL, flags | tls_flag(wsi)};
    if (h->head) /* HEAD: the same head, no body */
        return write_head(wsi, &head) < 0 ? -1 : http_done(wsi);
    if (!(h->body = malloc(LWS_PRE + len)))
        return http_status(wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR);
    memcpy(h->body + LWS_PRE, body, len);
    h->body_len = len;
    if (write_head(wsi, &head) < 0)
        return -1;
    lws_callback_on_writable(wsi);
    return 0;
}

/* A refusal with a body from the data (texts.h). */
static int refuse(struct lws *wsi, unsigned int code, const struct app *a, texts_http which)
{
    lws_return_http_status(wsi, code, texts_http_body(a->e, which));
    return http_done(wsi);
}

/* With workers: every worker's line from the shared board (this one's own counters as of now), as
 * ,"worker":I,"workers":[...] appended to out (cap bytes), and the totals over the workers that run
 * in *conns, *msgs and *falls. Returns the bytes written. */
static size_t health_workers(const struct app *a, char *out, size_t cap, unsigned long *conns, unsigned long *msgs,
                             unsigned long *falls)
{
    const workers_board *b = a->o.board;
    size_t k = (size_t)snprintf(out, cap, ",\"worker\":%d,\"workers\":[", a->o.worker);
    *conns = *msgs = *falls = 0;
    for (int i = 0; i < b->n && k < cap; i++) {
        const workers_slot *s = &b->slot[i];
        bool self = i == a->o.worker;
        unsigned long c = self ? a->connections : __atomic_load_n(&s->connections, __ATOMIC_RELAXED);
        unsigned long m = self ? a->m.messages : __atomic_load_n(&s->messages, __ATOMIC_RELAXED);
        unsigned long f = self ? a->m.fallbacks : __atomic_load_n(&s->fallbacks, __ATOMIC_RELAXED);
        int up = __atomic_load_n(&s->up, __ATOMIC_RELAXED);
        *conns += up ? c : 0;
        *msgs += m;
        *falls += f;
        k += (size_t)snprintf(out + k, cap - k,
                              "%s{\"worker\":%d,\"pid\":%ld,\"up\":%s,\"restarts\":%lu,\"connections\":%lu,"
                              "\"messages\":%lu}",
                              i ? "," : "", i, __atomic_load_n(&s->pid, __ATOMIC_RELAXED), up ? "true" : "false",
                              __atomic_load_n(&s->restarts, __ATOMIC_RELAXED), up ? c : 0, m);
    }
    if (k < cap)
        k += (size_t)snprintf(out + k, cap - k, "]");
    return k < cap ? k : 0;
}

/* GET /healthz: counters in memory only (the session count is taken by the sweep, never here), and
 * the store's state without its error text, which names hosts and ports (the log has it). With
 * workers, the counters are the totals of every worker (a worker's are kept since its last start),
 * and each worker has its line. */
static int serve_health(struct lws *wsi, struct app *a, struct http_req *h)
{
    char count[32] = "null";
    if (a->sessions >= 0)
        snprintf(count, sizeof count, "%ld", a->sessions);
    bool ok = !store_failing(a->st) && !a->count_failed;
    char workers[WORKERS_MAX * 128 + 64] = "";
    unsigned long conns = a->connections, msgs = a->m.messages, falls = a->m.fallbacks;
    if (a->o.board)
        health_workers(a, workers, sizeof workers, &conns, &msgs, &falls);
    char body[sizeof workers + 1024];
    int n = snprintf(
        body, sizeof body,
        "{\"status\":\"%s\",\"careers\":%zu,\"intents\":%zu,\"connections\":%lu,"
        "\"sessions\":%s,\"messages\":%lu,\"fallbacks\":%lu,\"reloads\":%lu,\"refused_origins\":%lu,\"uptime_s\":%ld,"
        "\"store\":{\"kind\":\"%s\",\"ok\":%s}%s}\n",
        ok ? "ok" : "degraded", engine_career_count(a->e), engine_intent_count(a->e), conns, count, msgs, falls,
        a->m.reloads, a->m.refused_origins, (long)(time(NULL) - a->started), store_kind(a->st), ok ? "true" : "false",
        workers);
    return answer(wsi, h, "application/json", 0, body, n > 0 && (size_t)n < sizeof body ? (size_t)n : 0);
}

/* GET /embed-check: may the page asking (its Origin header) open the chat socket? The widget asks
 * after a handshake fails, because a browser hides a 403 from scripts, and shows "not allowed on
 * this site" rather than retrying forever. Any origin may read the answer. */
static int serve_embed_check(struct lws *wsi, struct app *a, struct http_req *h)
{
    char origin[ORIGIN_MAX + 64], host[ORIGIN_MAX];
    const char *o = server__header(wsi, WSI_TOKEN_ORIGIN, origin, sizeof origin);
    const char *hh = server__header(wsi, WSI_TOKEN_HOST, host, sizeof host);
    const char *body = origin_allowed(a->origins, o, hh) ? "{\"allowed\":true}\n" : "{\"allowed\":false}\n";
    return answer(wsi, h, "application/json", HEAD_CORS | HEAD_NOSNIFF, body, strlen(body));
}

/* Compares a secret with what a client gave, in a time that depends on the given length only. */
static bool same_secret(const char *secret, const char *given, size_t given_len)
{
    size_t n = strlen(secret);
    unsigned char diff = (unsigned char)(n != given_len);
    for (size_t i = 0; i < given_len; i++)
        diff |= (unsigned char)(given[i] ^ (i < n ? secret[i] : 0));
    return diff == 0;
}

/* Does the request carry "Authorization: Bearer TOKEN" with the --metrics-token (of any length)? */
static bool has_token(struct lws *wsi, const struct app *a)
{
    int len = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_AUTHORIZATION);
    if (!a->o.metrics_token || !a->o.metrics_token[0] || len <= 7)
        return false;
    char *auth = malloc((size_t)len + 1);
    bool ok = auth && lws_hdr_copy(wsi, auth, len + 1, WSI_TOKEN_HTTP_AUTHORIZATION) == len &&
              !strncmp(auth, "Bearer ", 7) && same_secret(a->o.metrics_token, auth + 7, (size_t)len - 7);
    free(auth);
    return ok;
}

/* GET /metrics: Prometheus text, for programs on this machine, or others (a trusted proxy's clients
 * too) with the --metrics-token. */
static int serve_metrics(struct lws *wsi, struct app *a, struct http_req *h, const struct client_addr *who)
{
    if (!who->local && !has_token(wsi, a))
        return http_status(wsi, HTTP_STATUS_FORBIDDEN);
    metrics_gauges g = {a->connections,
                        a->sessions,
                        !store_failing(a->st) && !a->count_failed,
                        difftime(time(NULL), a->started),
                        engine_career_count(a->e),
                        engine_intent_count(a->e)};
    a->m.regex_limit_hits = a->o.regex_limit_hits ? *a->o.regex_limit_hits : 0;
    metrics_worker w[WORKERS_MAX];
    if (a->o.board) {
        const workers_board *b = a->o.board;
        for (int i = 0; i < b->n; i++) {
            const workers_slot *s = &b->slot[i];
            w[i].pid = __atomic_load_n(&s->pid, __ATOMIC_RELAXED);
            w[i].up = __atomic_load_n(&s->up, __ATOMIC_RELAXED);
            w[i].restarts = __atomic_load_n(&s->restarts, __ATOMIC_RELAXED);
            w[i].connections = i == a->o.worker ? a->connections : __atomic_load_n(&s->connections, __ATOMIC_RELAXED);
            w[i].messages = i == a->o.worker ? a->m.messages : __atomic_load_n(&s->messages, __ATOMIC_RELAXED);
        }
        g.workers = w;
        g.n_workers = (size_t)b->n;
        g.worker = a->o.worker;
    }
    size_t n;
    char *text = metrics_render(&a->m, &g, &n);
    if (!text)
        return http_status(wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR);
    int rc = answer(wsi, h, "text/plain; version=0.0.4; charset=utf-8", 0, text, n);
    free(text);
    return rc;
}

/* ===================== Static files ===================== */

static const struct {
    const char *ext, *type;
} mime_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".json", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

static const char *mime_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof mime_types / sizeof mime_types[0]; i++)
        if (!strcmp(dot, mime_types[i].ext))
            return mime_types[i].type;
    return NULL;
}

/* Headers of our own pages: a strict CSP (the widget needs nothing more), and no framing by others. */
static const char page_headers[] =
    "content-security-policy: default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'\r\n"
    "x-frame-options: SAMEORIGIN\r\n"
    "referrer-policy: no-referrer\r\n"
    "cache-control: no-cache\r\n";

/* Headers of everything else (widget.js above all): any site may load it with a plain <script src>,
 * or with crossorigin and from a page with COEP; a short cache lets a fix reach every embedding
 * page within minutes, and the ETag makes the revalidation after that a 304. */
static const char asset_headers[] = "access-control-allow-origin: *\r\n"
                                    "cross-origin-resource-policy: cross-origin\r\n"
                                    "timing-allow-origin: *\r\n"
                                    "cache-control: public, max-age=300\r\n";

/* Answers 304 Not Modified with the validators and caching headers again. */
static int not_modified(struct lws *wsi, const char *etag, bool page)
{
    struct head head = {HTTP_STATUS_NOT_MODIFIED,
                        NULL,
                        0,
                        page ? "no-cache" : "public, max-age=300",
                        etag,
                        (page ? 0 : HEAD_CORS) | tls_flag(wsi)};
    if (write_head(wsi, &head) < 0)
        return -1;
    return http_done(wsi);
}

/* Is path, with every symbolic link resolved, still inside the web folder? A link may point
 * elsewhere inside it, never out of it. */
static bool inside_webroot(const struct app *a, const char *path)
{
    char real[PATH_MAX];
    size_t n = strlen(a->webroot);
    return realpath(path, real) && !strncmp(real, a->webroot, n) && (real[n] == '/' || (n == 1 && real[0] == '/'));
}

/* Serves a file of the web folder. Paths with "..", hidden files, folders and unknown types are
 * not served. lws 4.1's own file mount leaves a request for a missing file hanging until its
 * timeout, so files are served from this callback, which answers 404 at once. lws writes the
 * file's own head, with the extra headers given here. */
static int serve_file(struct lws *wsi, struct app *a, struct http_req *h, const char *uri)
{
    if (uri[0] != '/' || strstr(uri, "..") || strstr(uri, "/."))
        return http_status(wsi, HTTP_STATUS_NOT_FOUND);
    char path[PATH_MAX + 600];
    size_t n = strlen(uri);
    snprintf(path, sizeof path, "%s%s%s", a->webroot, uri, uri[n - 1] == '/' ? "index.html" : "");
    struct stat st;
    const char *type = mime_for(path);
    if (!type || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !inside_webroot(a, path))
        return http_status(wsi, HTTP_STATUS_NOT_FOUND);
    bool page = !strncmp(type, "text/html", 9);
    char etag[64];
    snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size, (unsigned long long)st.st_mtime);
    char inm[256];
    if (server__header(wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH, inm, sizeof inm) && strstr(inm, etag))
        return not_modified(wsi, etag, page);
    char extra[1024];
    int len = snprintf(extra, sizeof extra, "x-content-type-options: nosniff\r\netag: %s\r\n%s%s", etag,
                       page ? page_headers : asset_headers,
                       tls_flag(wsi) ? "strict-transport-security: " HSTS_VALUE "\r\n" : "");
    if (len < 0 || (size_t)len >= sizeof extra)
        return http_status(wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR);
    if (!(h->file = strdup(path)) || !(h->file_headers = strdup(extra)))
        return http_status(wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR);
    h->file_type = type;
    lws_callback_on_writable(wsi);
    return 0;
}

/* Writes the file queued by serve_file: lws writes its head (with our headers) and its body. */
static int send_file(struct lws *wsi, struct http_req *h)
{
    int rc = lws_serve_http_file(wsi, h->file, h->file_type, h->file_headers, (int)strlen(h->file_headers));
    free(h->file);
    free(h->file_headers);
    h->file = h->file_headers = NULL;
    if (rc < 0)
        return -1;
    return rc > 0 ? http_done(wsi) : 0;
}

static void http_req_clear(struct http_req *h)
{
    free(h->body);
    free(h->file);
    free(h->file_headers);
    h->body = NULL;
    h->file = h->file_headers = NULL;
}

/* ===================== The callback ===================== */

static int on_request(struct lws *wsi, struct app *a, struct http_req *h)
{
    char uri[512];
    h->head = false;
    if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0) {
        if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_HEAD_URI) <= 0)
            return http_status(wsi, HTTP_STATUS_METHOD_NOT_ALLOWED); /* not GET or HEAD, or a URI too long */
        h->head = true;
    }
    if (!server__host_allowed(wsi, a))
        return refuse(wsi, HTTP_STATUS_FORBIDDEN, a, TEXTS_HTTP_HOST); /* DNS rebinding */
    struct client_addr who;
    server__client(wsi, a, &who);
    /* Requests per address, as for chat messages, with the same rate (--ip-rate, --ip-burst). */
    if (a->o.ip_rate > 0 && server__limited(a, &who) &&
        !ratelimit_table_take(a->http_ips, who.ip, server__mono_s(), a->o.ip_rate,
                              a->o.ip_burst < 1 ? 1 : a->o.ip_burst)) {
        a->m.limits[LIMIT_RATE_IP]++;
        return refuse(wsi, 429, a, TEXTS_HTTP_TOO_FAST);
    }
    char *q = strchr(uri, '?');
    if (q)
        *q = '\0';
    if (!strcmp(uri, "/healthz"))
        return serve_health(wsi, a, h);
    if (!strcmp(uri, "/metrics"))
        return serve_metrics(wsi, a, h, &who);
    if (!strcmp(uri, "/embed-check"))
        return serve_embed_check(wsi, a, h);
    return serve_file(wsi, a, h, uri);
}

int http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    struct http_req *h = user;

    switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        /* A WebSocket upgrade that asks for this protocol by name ("http"): it would skip the chat's
         * origin check, caps and timeouts. Refused here, before any reply, never in CONFIRM_UPGRADE
         * (CVE-2025-11677 in lws <= 4.4). */
        lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, NULL);
        return 1;
    case LWS_CALLBACK_HTTP:
        return on_request(wsi, lws_context_user(lws_get_context(wsi)), h);
    case LWS_CALLBACK_HTTP_WRITEABLE: {
        if (h && h->file)
            return send_file(wsi, h);
        if (!h || !h->body)
            break;
        int n = lws_write(wsi, h->body + LWS_PRE, h->body_len, LWS_WRITE_HTTP_FINAL);
        free(h->body);
        h->body = NULL;
        if (n < 0)
            return -1;
        return http_done(wsi);
    }
    case LWS_CALLBACK_HTTP_FILE_COMPLETION:
        return http_done(wsi);
    case LWS_CALLBACK_CLOSED_HTTP:
        if (h)
            http_req_clear(h);
        break;
    default:
        break;
    }
    return lws_callback_http_dummy(wsi, reason, user, in, len);
}
