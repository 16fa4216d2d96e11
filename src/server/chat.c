/*
 * chat: the chat socket at /chat, and the /embed-check socket (see server.h and server_int.h).
 *
 * Sections: the connection's outgoing queue; its session (made, resumed, saved, forgotten); the
 * requests, dispatched through a table by type; the rate limits per message; the handshake (the
 * origin allow-list and the connection caps); and the protocol callback, one helper per reason.
 * Never serves HTTP (http.c) and never owns the loop (server.c). Every sentence a client reads comes
 * from texts.h; what reaches the log is key=value without user text.
 */
#include "log.h"
#include "server_int.h"
#include "texts.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

/* ===================== The outgoing queue ===================== */

/* Queues json (takes ownership) for writing. Returns -1 when the queue is full. */
static int enqueue(struct conn *c, char *json, size_t len)
{
    if (c->q_n == OUTQ_MAX) {
        c->app->m.limits[LIMIT_QUEUE]++; /* a client that does not read its replies loses them */
        free(json);
        return -1;
    }
    unsigned char *buf = malloc(LWS_PRE + len);
    if (!buf) {
        free(json);
        return -1;
    }
    memcpy(buf + LWS_PRE, json, len);
    free(json);
    struct outmsg *m = &c->q[(c->q_head + c->q_n) % OUTQ_MAX];
    m->buf = buf;
    m->len = len;
    c->q_n++;
    /* Back-pressure: a client that sends faster than it reads stops being read. */
    if (c->q_n >= OUTQ_MAX - 2 && !c->flow_off) {
        lws_rx_flow_control(c->wsi, 0);
        c->flow_off = 1;
    }
    chat_hold(c);
    return 0;
}

/* Group commit: a reply may tell of a turn whose session write is still in the pass's open batch,
 * so nothing queued in a pass is written before the pass's commit (server__commit_pass); a kill -9
 * then never loses a turn that was answered. */
void chat_hold(struct conn *c)
{
    if (c->held)
        return;
    c->held = true;
    c->held_prev = NULL;
    c->held_next = c->app->held;
    if (c->app->held)
        c->app->held->held_prev = c;
    c->app->held = c;
}

static void unhold(struct conn *c)
{
    if (!c->held)
        return;
    if (c->held_prev)
        c->held_prev->held_next = c->held_next;
    else
        c->app->held = c->held_next;
    if (c->held_next)
        c->held_next->held_prev = c->held_prev;
    c->held = false;
    c->held_next = c->held_prev = NULL;
}

void chat_release_held(struct app *a)
{
    while (a->held) {
        struct conn *c = a->held;
        unhold(c);
        c->q_ready = c->q_n;
        lws_callback_on_writable(c->wsi);
    }
}

/* An error reply: code, and its sentence from the data. */
static int send_error(struct conn *c, const char *code)
{
    size_t len;
    char *json = proto_error_json(code, texts_error(c->app->e, code), &len);
    metrics_count(c->app->m.errors, &c->app->m.n_errors, code);
    return enqueue(c, json, len);
}

static int send_reply(struct conn *c, const engine_reply *r)
{
    size_t len;
    char *json = proto_reply(r, &len);
    return enqueue(c, json, len);
}

void chat_close_after_queue(struct conn *c, unsigned short code)
{
    c->closing = true;
    c->close_code = code;
    lws_callback_on_writable(c->wsi);
}

/* ===================== The session ===================== */

static int new_session_id(char out[PROTO_SESSION_HEX + 1])
{
    unsigned char r[PROTO_SESSION_HEX / 2];
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = getrandom(r + got, sizeof r - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof r; i++) {
        out[2 * i] = hex[r[i] >> 4];
        out[2 * i + 1] = hex[r[i] & 15];
    }
    out[PROTO_SESSION_HEX] = '\0';
    return 0;
}

/* Unbinds the connection from its session (nothing is saved). */
static void drop_session(struct conn *c)
{
    engine_session_free(c->sess);
    c->sess = NULL;
    c->id[0] = '\0';
    c->unsaved = false;
    c->fresh = false;
}

static void send_forgotten(struct conn *c);

/* Saves the session. One that was forgotten meanwhile (another tab, another instance) is refused by
 * the store, dropped here too and the client told: forget wins. */
static void save_session(struct conn *c)
{
    if (!c->sess)
        return;
    char *blob = engine_session_save(c->app->e, c->sess);
    c->unsaved = false;
    c->fresh = false;
    int rc = store_put(c->app->st, c->id, blob, strlen(blob), time(NULL));
    free(blob);
    if (rc == STORE_E_FORGOTTEN) {
        log_event(LOG_INFO, "event=forgotten_session_not_saved");
        drop_session(c);
        send_forgotten(c);
        return;
    }
    if (rc < 0)
        log_event(LOG_ERROR, "event=session_not_saved store=%s error=\"%s\"", store_kind(c->app->st),
                  store_error(c->app->st));
    server__watch_store(c->app);
}

/* Binds the connection to session id (resumed from the store when it is there), or to a new one,
 * which is saved only after its first message (a hello alone stores nothing). Queues the welcome.
 * Returns 1 when resumed, 0 when new, -1 on failure. */
static int open_session(struct conn *c, const char *want)
{
    struct app *a = c->app;
    if (c->sess) {
        save_session(c);
        engine_session_free(c->sess);
        c->sess = NULL;
    }
    int resumed = 0;
    if (want && *want) {
        size_t len = 0;
        char *blob = store_get(a->st, want, &len, time(NULL));
        if (blob) {
            c->sess = engine_session_load(a->e, blob, len);
            free(blob);
            if (c->sess) {
                memcpy(c->id, want, sizeof c->id);
                resumed = 1;
            }
        }
    }
    if (!c->sess) {
        if (new_session_id(c->id) < 0) {
            log_event(LOG_ERROR, "event=no_random");
            return -1;
        }
        c->sess = engine_session_new(a->e);
        c->fresh = true;
    }
    size_t len;
    char *json = proto_welcome(c->id, resumed, &len);
    if (enqueue(c, json, len) < 0)
        return -1;
    return resumed;
}

static void send_forgotten(struct conn *c)
{
    size_t len;
    char *json = proto_forgotten(&len);
    enqueue(c, json, len);
}

/* "Forget me": the session and its data are deleted at once, and the store refuses to write it
 * again; every other connection bound to it (another tab) drops it and is told, so none can write
 * it back. The next message starts afresh. */
static void forget_session(struct conn *c)
{
    if (c->sess) {
        char id[sizeof c->id];
        memcpy(id, c->id, sizeof id);
        store_forget(c->app->st, id, time(NULL));
        drop_session(c);
        for (struct conn *o = c->app->conns; o; o = o->next) {
            if (o != c && o->sess && !strcmp(o->id, id)) {
                drop_session(o);
                send_forgotten(o);
            }
        }
        log_event(LOG_INFO, "event=session_forgotten");
    }
    send_forgotten(c);
}

void chat_refused(void *ud, const char *id)
{
    struct app *a = ud;
    log_event(LOG_INFO, "event=forgotten_session_not_saved");
    for (struct conn *o = a->conns; o; o = o->next) {
        if (o->sess && !strcmp(o->id, id)) {
            drop_session(o);
            send_forgotten(o);
        }
    }
}

/* Counts a message nothing understood, and keeps its text (case and spaces folded, at most 200
 * bytes) when the operator asked for it; a store that fails only loses the statistic. */
static void note_unanswered(struct app *a, const char *text, size_t len)
{
    a->m.fallbacks++;
    char fold[201];
    size_t n = 0;
    for (size_t i = 0; a->o.keep_unanswered && i < len && n < sizeof fold - 1; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            if (n && fold[n - 1] != ' ')
                fold[n++] = ' ';
            continue;
        }
        fold[n++] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
    }
    while (n && fold[n - 1] == ' ')
        n--;
    if (n == sizeof fold - 1)
        while (n && ((unsigned char)fold[n] & 0xC0) == 0x80)
            n--; /* cut on a character */
    fold[n] = '\0';
    store_note_unanswered(a->st, fold, n, time(NULL));
}

/* ===================== Requests ===================== */

static void on_forget(struct conn *c, const proto_request *req)
{
    (void)req;
    forget_session(c);
}

static void on_hello(struct conn *c, const proto_request *req)
{
    int resumed = open_session(c, req->session);
    if (resumed < 0)
        return;
    engine_reply r;
    engine_greet(c->app->e, c->sess, resumed == 1, &r);
    c->unsaved = resumed == 1; /* a greeting may move the session on (a test resumed) */
    send_reply(c, &r);
    engine_reply_clear(&r);
}

/* New sessions per client address and minute (--max-new-sessions-per-ip): a bucket of their own in
 * the address table, under the address with a prefix no address has. True when c may start one. */
static bool new_session_allowed(struct conn *c)
{
    struct app *a = c->app;
    if (!a->o.new_sessions_per_ip || (c->local && !a->o.limit_loopback))
        return true;
    char key[RATELIMIT_IP_MAX + 8];
    snprintf(key, sizeof key, "new/%s", c->ip);
    double per_min = a->o.new_sessions_per_ip;
    if (ratelimit_table_take(a->ips, key, server__mono_s(), per_min / 60.0, per_min))
        return true;
    a->m.limits[LIMIT_SESSIONS_IP]++;
    log_event(LOG_WARN, "event=session_refused limit=sessions_ip max=%u", a->o.new_sessions_per_ip);
    return false;
}

static void on_message(struct conn *c, const proto_request *req)
{
    struct app *a = c->app;
    if (!c->sess && open_session(c, NULL) < 0) {
        send_error(c, PROTO_ERR_INTERNAL);
        return;
    }
    if (c->fresh && !new_session_allowed(c)) {
        send_error(c, PROTO_ERR_RATE_LIMITED); /* the session stays new: it may start in a minute */
        return;
    }
    engine_reply r;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    engine_respond(a->e, c->sess, req->text, req->text_len, &r);
    if (r.fallback)
        note_unanswered(a, req->text, req->text_len);
    send_reply(c, &r);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    metrics_reply_time(&a->m, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    metrics_count(a->m.intents, &a->m.n_intents, r.intent);
    bool forget = r.action && !strcmp(r.action, "forget");
    engine_reply_clear(&r);
    if (forget)
        forget_session(c);
    else
        save_session(c);
    a->m.messages++;
}

/* What each request type does: the dispatch knows types only through this table. */
static void (*const handlers[PROTO_TYPE_COUNT])(struct conn *c, const proto_request *req) = {
    [PROTO_HELLO] = on_hello,
    [PROTO_MESSAGE] = on_message,
    [PROTO_FORGET] = on_forget,
};

static void handle_message(struct conn *c)
{
    proto_request req;
    proto_error err;
    if (proto_parse(c->rx, c->rx_len, &req, &err) < 0) {
        if (proto_error_is_limit(err.code))
            c->app->m.limits[LIMIT_JSON]++;
        send_error(c, err.code);
        return;
    }
    handlers[req.type](c, &req);
    proto_request_clear(&req);
}

/* ===================== Rate limits ===================== */

/* Rate and per-address limits apply to clients, not to the operator's own tools on this machine
 * (benchmarks, probes) unless --limit-loopback; who is which is server__client's to say (a proxy
 * named by --trusted-proxy stands for the client it forwards for). */
static bool limited(const struct app *a, const struct conn *c)
{
    return !c->local || a->o.limit_loopback;
}

/* A complete message (a binary one too): within the rate limits (per connection and per address),
 * answered; over them, an error reply, and after too many in a row, a close with 1008. */
static void admit_message(struct conn *c, bool binary)
{
    struct app *a = c->app;
    double now = server__mono_s();
    limit_kind hit = LIMIT_COUNT;
    if (a->o.msg_rate > 0 && limited(a, c) &&
        !ratelimit_bucket_take(&c->rate, now, a->o.msg_rate, a->o.msg_burst < 1 ? 1 : a->o.msg_burst))
        hit = LIMIT_RATE_CONNECTION;
    else if (a->o.ip_rate > 0 && limited(a, c) &&
             !ratelimit_table_take(a->ips, c->ip, now, a->o.ip_rate, a->o.ip_burst < 1 ? 1 : a->o.ip_burst))
        hit = LIMIT_RATE_IP;
    if (hit == LIMIT_COUNT && binary) {
        send_error(c, PROTO_ERR_BINARY_FRAME); /* not a message: answered, but no sign of life */
        return;
    }
    if (hit == LIMIT_COUNT) {
        c->strikes = 0;
        clock_active(a, c); /* no timer is moved per message (clock.c) */
        handle_message(c);
        return;
    }
    a->m.limits[hit]++;
    if (++c->strikes > a->o.strikes) {
        a->m.limits[LIMIT_STRIKES]++;
        log_event(LOG_WARN, "event=rate_limit_close limit=%s", metrics_limit_name(hit));
        chat_close_after_queue(c, LWS_CLOSE_STATUS_POLICY_VIOLATION); /* the replies so far go first */
        return;
    }
    send_error(c, PROTO_ERR_RATE_LIMITED);
}

static void conn_free(struct conn *c)
{
    if (c->unsaved)
        save_session(c); /* every turn is saved as it is answered; only a greeting may be left */
    engine_session_free(c->sess);
    c->sess = NULL;
    free(c->rx);
    c->rx = NULL;
    while (c->q_n) {
        free(c->q[c->q_head].buf);
        c->q_head = (c->q_head + 1) % OUTQ_MAX;
        c->q_n--;
    }
    c->q_ready = 0;
}

/* ===================== The handshake ===================== */

static int path_is(struct lws *wsi, const char *want)
{
    char uri[256];
    int n = lws_hdr_copy(wsi, uri, sizeof uri, WSI_TOKEN_GET_URI);
    if (n <= 0)
        return 0;
    char *q = strchr(uri, '?');
    if (q)
        *q = '\0';
    return !strcmp(uri, want);
}

/* Connection caps at the handshake: in total, and per client address (503 and 429 otherwise). A
 * stopping server takes no new chats. */
static int check_capacity(struct lws *wsi, struct app *a)
{
    if (a->stopping) {
        lws_return_http_status(wsi, HTTP_STATUS_SERVICE_UNAVAILABLE, texts_http_body(a->e, TEXTS_HTTP_RESTARTING));
        return 1;
    }
    if (a->o.max_connections && a->connections >= a->o.max_connections) {
        a->m.limits[LIMIT_CONNECTIONS]++;
        log_event(LOG_WARN, "event=connection_refused limit=connections max=%u", a->o.max_connections);
        lws_return_http_status(wsi, HTTP_STATUS_SERVICE_UNAVAILABLE, texts_http_body(a->e, TEXTS_HTTP_TOO_MANY));
        return 1;
    }
    struct client_addr who;
    server__client(wsi, a, &who);
    if (a->o.max_connections_per_ip && server__limited(a, &who) &&
        ratelimit_table_connections(a->ips, who.ip) >= a->o.max_connections_per_ip) {
        a->m.limits[LIMIT_CONNECTIONS_IP]++;
        log_event(LOG_WARN, "event=connection_refused limit=connections_ip max=%u", a->o.max_connections_per_ip);
        lws_return_http_status(wsi, 429, texts_http_body(a->e, TEXTS_HTTP_TOO_MANY_IP));
        return 1;
    }
    return 0;
}

/* Checks the handshake's Origin against the allow-list; a refused one gets 403 and no socket. */
static int check_origin(struct lws *wsi, struct app *a)
{
    char origin[ORIGIN_MAX + 64], host[ORIGIN_MAX];
    const char *o = server__header(wsi, WSI_TOKEN_ORIGIN, origin, sizeof origin);
    const char *h = server__header(wsi, WSI_TOKEN_HOST, host, sizeof host);
    if (origin_allowed(a->origins, o, h))
        return 0;
    char sample[96];
    log_sample(o ? o : "(none)", sample, sizeof sample);
    a->m.refused_origins++;
    log_event(LOG_WARN, "event=origin_refused origin=\"%s\" refused=%lu", sample, a->m.refused_origins);
    lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, texts_http_body(a->e, TEXTS_HTTP_ORIGIN));
    return 1;
}

/* The WebSocket form of GET /embed-check: a page whose CSP allows only the chat server's ws: origin
 * in connect-src cannot fetch over http, but it can open this socket, which any origin may, and
 * which answers {"type":"origin","allowed":true|false} and closes. */
static int answer_probe(struct conn *c)
{
    char origin[ORIGIN_MAX + 64], host[ORIGIN_MAX];
    const char *o = server__header(c->wsi, WSI_TOKEN_ORIGIN, origin, sizeof origin);
    const char *h = server__header(c->wsi, WSI_TOKEN_HOST, host, sizeof host);
    c->probe = 1;
    char *json = strdup(origin_allowed(c->app->origins, o, h) ? "{\"type\":\"origin\",\"allowed\":true}"
                                                              : "{\"type\":\"origin\",\"allowed\":false}");
    if (!json)
        return -1;
    return enqueue(c, json, strlen(json));
}

/* ===================== The protocol callback, by reason ===================== */

static int on_filter(struct lws *wsi, struct app *a)
{
    if (!server__host_allowed(wsi, a)) {
        lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, texts_http_body(a->e, TEXTS_HTTP_HOST));
        return 1; /* DNS rebinding: a page on another name may not reach this server */
    }
    if (path_is(wsi, "/embed-check"))
        return 0; /* any page may ask whether it may chat */
    if (!path_is(wsi, "/chat"))
        return 1; /* refuse upgrades anywhere but /chat */
    if (check_origin(wsi, a))
        return 1;
    return check_capacity(wsi, a);
}

static int on_established(struct lws *wsi, struct conn *c, struct app *a)
{
    memset(c, 0, sizeof *c);
    c->wsi = wsi;
    c->app = a;
    c->next = a->conns;
    if (a->conns)
        a->conns->prev = c;
    a->conns = c;
    if (path_is(wsi, "/embed-check"))
        return answer_probe(c);
    struct client_addr who;
    server__client(wsi, a, &who);
    memcpy(c->ip, who.ip, sizeof c->ip);
    c->local = who.local;
    ratelimit_table_connect(a->ips, c->ip, 0);
    clock_add(a, c);
    a->connections++;
    a->m.connections_total++;
    return 0;
}

/* A fragment of a message: kept (text) or counted (binary) until the final one, under the size cap. */
static int on_receive(struct lws *wsi, struct conn *c, struct app *a, const void *in, size_t len)
{
    if (c->probe)
        return -1; /* a probe has nothing to say */
    clock_heard(a, c);
    if (!c->in_message) {
        c->in_message = 1;
        c->rx_len = 0;
        c->rx_binary = lws_frame_is_binary(wsi);
    }
    if (c->closing)
        return 0; /* closing: nothing more is read */
    /* The frame's announced length counts too: a frame that says it is 2^63 bytes long is
     * refused at its first bytes, not after waiting for the rest. */
    if (c->rx_len + len > a->o.max_message || lws_remaining_packet_payload(wsi) > a->o.max_message - c->rx_len - len) {
        a->m.limits[LIMIT_MESSAGE_SIZE]++;
        log_event(LOG_WARN, "event=message_too_large limit=%zu", a->o.max_message);
        /* Closed from the writeable callback, not here: the rest of what the client already sent
         * is read (and dropped) meanwhile, so the close frame is not lost to a reset connection. */
        chat_close_after_queue(c, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE);
        return 0;
    }
    if (!c->rx_binary) {
        if (c->rx_len + len + 1 > c->rx_cap) {
            size_t cap = c->rx_cap ? c->rx_cap : 1024;
            while (cap < c->rx_len + len + 1)
                cap *= 2;
            char *p = realloc(c->rx, cap);
            if (!p)
                return -1;
            c->rx = p;
            c->rx_cap = cap;
        }
        memcpy(c->rx + c->rx_len, in, len);
    }
    c->rx_len += len; /* binary bytes are counted against the cap, not kept */
    if (!lws_is_final_fragment(wsi))
        return 0;
    c->in_message = 0;
    admit_message(c, c->rx_binary);
    return 0;
}

/* Writes one queued reply (one lws_write per callback), or starts the close once the queue is empty. */
static int on_writeable(struct lws *wsi, struct conn *c)
{
    if (c->ping_due && !c->close_sent) { /* the clock's liveness ping (clock.c), before any reply */
        unsigned char ping[LWS_PRE + 1];
        ping[LWS_PRE] = 'p'; /* with an empty payload, no RECEIVE_PONG came back here (integration.limits) */
        c->ping_due = false;
        if (lws_write(wsi, ping + LWS_PRE, 1, LWS_WRITE_PING) < 1)
            return -1;
        if (c->q_ready || c->closing)
            lws_callback_on_writable(wsi);
        return 0;
    }
    if (!c->q_n && c->closing) {
        if (c->close_sent)
            return 0; /* lws is closing it: a second -1 would drop the close handshake */
        c->close_sent = true;
        if (c->close_code == LWS_CLOSE_STATUS_GOINGAWAY)
            lws_close_reason(wsi, LWS_CLOSE_STATUS_GOINGAWAY, (unsigned char *)"server stopping", 15);
        else if (c->close_code == LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE)
            lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, (unsigned char *)"message too large", 17);
        else
            lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION, (unsigned char *)"too many messages", 17);
        return -1;
    }
    if (!c->q_ready)
        return 0; /* nothing, or only replies waiting for their commit (which asks again) */
    struct outmsg *m = &c->q[c->q_head];
    int n = lws_write(wsi, m->buf + LWS_PRE, m->len, LWS_WRITE_TEXT);
    free(m->buf);
    m->buf = NULL;
    c->q_head = (c->q_head + 1) % OUTQ_MAX;
    c->q_n--;
    c->q_ready--;
    if (n < (int)m->len)
        return -1;
    if (c->flow_off && c->q_n <= OUTQ_MAX / 2) {
        lws_rx_flow_control(wsi, 1);
        c->flow_off = 0;
    }
    if (c->q_ready || (c->closing && !c->q_n))
        lws_callback_on_writable(wsi);
    else if (c->probe && !c->q_n) {
        lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, (unsigned char *)"checked", 7);
        return -1;
    }
    return 0;
}

static void on_closed(struct conn *c, struct app *a)
{
    if (c->prev)
        c->prev->next = c->next;
    else if (a->conns == c)
        a->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    clock_remove(a, c);
    conn_free(c);
    unhold(c); /* after conn_free: saving may have queued a reply (forgotten) */
    if (a->connections && !c->probe) {
        a->connections--;
        ratelimit_table_disconnect(a->ips, c->ip);
        if (a->o.idle_timeout && !c->closing && !a->stopping && server__mono_s() - c->active >= a->o.idle_timeout - 0.5)
            a->m.limits[LIMIT_IDLE]++;
    }
}

int chat_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    struct conn *c = user;
    struct app *a = lws_context_user(lws_get_context(wsi));

    switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        return on_filter(wsi, a);
    case LWS_CALLBACK_ESTABLISHED:
        return on_established(wsi, c, a);
    case LWS_CALLBACK_RECEIVE:
        return on_receive(wsi, c, a, in, len);
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return on_writeable(wsi, c);
    case LWS_CALLBACK_RECEIVE_PONG:
        clock_heard(a, c);
        break;
    case LWS_CALLBACK_CLOSED:
        on_closed(c, a);
        break;
    default:
        break;
    }
    return 0;
}
