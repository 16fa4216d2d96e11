/*
 * http: everything over plain HTTP (see server.h): the web folder's files with the headers other
 * sites need to load the widget, GET /healthz (JSON status), GET /metrics (Prometheus text, for
 * loopback or a token) and GET /embed-check (may the asking page chat here?).
 *
 * Sections: the one response-head writer; the small answers (/healthz, /embed-check, /metrics),
 * queued for HTTP_WRITEABLE; static files; the callback. Never touches a chat connection (chat.c).
 */
#include "server_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* ===================== The response head ===================== */

enum {
    HEAD_CORS = 1,    /* access-control-allow-origin: * (any site may read it) */
    HEAD_NOSNIFF = 2, /* x-content-type-options: nosniff */
};

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
    if (!(h->body = malloc(LWS_PRE + len)))
        return http_status(wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR);
    memcpy(h->body + LWS_PRE, body, len);
    h->body_len = len;
    struct head head = {HTTP_STATUS_OK, type, len, "no-store", NULL, flags};
    if (write_head(wsi, &head) < 0)
        return -1;
    lws_callback_on_writable(wsi);
    return 0;
}

static int serve_health(struct lws *wsi, struct app *a, struct http_req *h)
{
    long sessions = store_count(a->st);
    char count[32] = "null";
    if (sessions >= 0)
        snprintf(count, sizeof count, "%ld", sessions);
    /* The store's error is our own text (paths, hosts); escape it for JSON anyway. */
    char esc[300];
    size_t k = 0;
    for (const char *p = store_error(a->st); *p && k + 2 < sizeof esc; p++) {
        if (*p == '"' || *p == '\\')
            esc[k++] = '\\';
        esc[k++] = (*p >= 0x20 && *p < 0x7f) ? *p : ' ';
    }
    esc[k] = '\0';
    char body[1024];
    int n = snprintf(
        body, sizeof body,
        "{\"status\":\"%s\",\"careers\":%zu,\"intents\":%zu,\"connections\":%lu,"
        "\"sessions\":%s,\"messages\":%lu,\"fallbacks\":%lu,\"reloads\":%lu,\"refused_origins\":%lu,\"uptime_s\":%ld,"
        "\"store\":{\"kind\":\"%s\",\"ok\":%s,\"error\":\"%s\"}}\n",
        store_failing(a->st) ? "degraded" : "ok", engine_career_count(a->e), engine_intent_count(a->e), a->connections,
        count, a->m.messages, a->m.fallbacks, a->m.reloads, a->m.refused_origins, (long)(time(NULL) - a->started),
        store_kind(a->st), store_failing(a->st) ? "false" : "true", esc);
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

/* GET /metrics: Prometheus text, for loopback clients, or others with the --metrics-token. */
static int serve_metrics(struct lws *wsi, struct app *a, struct http_req *h)
{
    char ip[RATELIMIT_IP_MAX], auth[256];
    lws_get_peer_simple(wsi, ip, sizeof ip);
    bool local = server__is_loopback(ip);
    const char *given = server__header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION, auth, sizeof auth);
    bool token = a->o.metrics_token && a->o.metrics_token[0] && given && !strncmp(given, "Bearer ", 7) &&
                 !strcmp(given + 7, a->o.metrics_token);
    if (!local && !token)
        return http_status(wsi, HTTP_STATUS_FORBIDDEN);
    long sessions = store_count(a->st);
    metrics_gauges g = {a->connections,
                        sessions,
                        !store_failing(a->st),
                        difftime(time(NULL), a->started),
                        engine_career_count(a->e),
                        engine_intent_count(a->e)};
    a->m.regex_limit_hits = a->o.regex_limit_hits ? *a->o.regex_limit_hits : 0;
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
    struct head head = {HTTP_STATUS_NOT_MODIFIED, NULL, 0, page ? "no-cache" : "public, max-age=300", etag,
                        page ? 0 : HEAD_CORS};
    if (write_head(wsi, &head) < 0)
        return -1;
    return http_done(wsi);
}

/* Serves a file of the web folder. Paths with "..", hidden files, folders and unknown types are
 * not served. lws 4.1's own file mount leaves a request for a missing file hanging until its
 * timeout, so files are served from this callback, which answers 404 at once. lws writes the
 * file's own head, with the extra headers given here. */
static int serve_file(struct lws *wsi, struct app *a, const char *uri)
{
    if (uri[0] != '/' || strstr(uri, "..") || strstr(uri, "/."))
        return http_status(wsi, HTTP_STATUS_NOT_FOUND);
    char path[PATH_MAX + 600];
    size_t n = strlen(uri);
    snprintf(path, sizeof path, "%s%s%s", a->webroot, uri, uri[n - 1] == '/' ? "index.html" : "");
    struct stat st;
    const char *type = mime_for(path);
    if (!type || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return http_status(wsi, HTTP_STATUS_NOT_FOUND);
    bool page = !strncmp(type, "text/html", 9);
    char etag[64];
    snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size, (unsigned long long)st.st_mtime);
    char inm[256];
    if (server__header(wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH, inm, sizeof inm) && strstr(inm, etag))
        return not_modified(wsi, etag, page);
    char extra[1024];
    int len = snprintf(extra, sizeof extra, "x-content-type-options: nosniff\r\netag: %s\r\n%s", etag,
                       page ? page_headers : asset_headers);
    if (len < 0 || (size_t)len >= sizeof extra)
        return http_status(wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR);
    int rc = lws_serve_http_file(wsi, path, type, extra, len);
    if (rc < 0)
        return -1;
    return rc > 0 ? http_done(wsi) : 0;
}

/* ===================== The callback ===================== */

static int on_request(struct lws *wsi, struct app *a, struct http_req *h)
{
    char uri[512];
    if (lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI) <= 0)
        return http_status(wsi, HTTP_STATUS_METHOD_NOT_ALLOWED); /* not a GET, or a URI too long */
    char *q = strchr(uri, '?');
    if (q)
        *q = '\0';
    if (!strcmp(uri, "/healthz"))
        return serve_health(wsi, a, h);
    if (!strcmp(uri, "/metrics"))
        return serve_metrics(wsi, a, h);
    if (!strcmp(uri, "/embed-check"))
        return serve_embed_check(wsi, a, h);
    return serve_file(wsi, a, uri);
}

int http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    struct http_req *h = user;

    switch (reason) {
    case LWS_CALLBACK_HTTP:
        return on_request(wsi, lws_context_user(lws_get_context(wsi)), h);
    case LWS_CALLBACK_HTTP_WRITEABLE: {
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
        if (h) {
            free(h->body);
            h->body = NULL;
        }
        break;
    default:
        break;
    }
    return lws_callback_http_dummy(wsi, reason, user, in, len);
}
