/*
 * server: the libwebsockets side of careerbot (see server.h).
 *
 * Layout: logging; the connection (per-session data) and its outgoing queue; the chat protocol
 * callback, with the origin check at the handshake and the /embed-check socket; the HTTP callback
 * for static files (with the headers other sites need), /healthz and /embed-check; setup and the
 * service loop.
 */
/* realpath() is X/Open, beyond the project-wide _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700
#include "server.h"
#include "ratelimit.h"
#include "metrics.h"
#include "protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <libwebsockets.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OUTQ_MAX 8            /* replies waiting to be written, per connection */
#define RX_CHUNK 4096         /* lws receive buffer per connection */
#define SWEEP_US (60 * LWS_US_PER_SEC)
#define SWEEP_FAILING_US (2 * LWS_US_PER_SEC) /* retry a failing store this often */
#define STORE_LOG_EVERY 60                      /* seconds between two logs of a failing store */
#define STOP_POLL_US (200 * LWS_US_PER_MS)
#define STOP_GRACE_US (3 * LWS_US_PER_SEC) /* SIGTERM: time for open chats to close before the exit */

/* ===================== Logging ===================== */

/* One line per event, key=value, never any user text. */
static void logf_(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(const char *level, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "careerbot: level=%s %s\n", level, msg);
}

/* ===================== Application state ===================== */

struct app {
    char webroot[PATH_MAX]; /* absolute path of the web folder */
    engine *e;                  /* replaced on SIGHUP */
    struct conn *conns;         /* open chat connections, for reloads */
    unsigned long reloads;      /* successful reloads */
    unsigned long fallbacks;    /* messages nothing understood */
    metrics m;                  /* what /metrics shows */
    iptable *ips;               /* connections and message buckets per client address */
    bool stopping;              /* SIGTERM: closing chats, accepting none */
    store *st;
    server_opts o;
    struct lws_context *cx;
    lws_sorted_usec_list_t sweep_sul;
    lws_sorted_usec_list_t stop_sul;
    time_t started;
    unsigned long connections;  /* open chat connections */
    unsigned long messages;     /* messages answered */
    unsigned long errors;       /* protocol errors answered */
    unsigned long refused;      /* handshakes refused for their origin */
    const origin_list *origins; /* the allow-list; a default one when none was given */
    time_t store_logged;        /* when the store's failure was last logged */
    bool sweep_fast;            /* the sweep runs every SWEEP_FAILING_US while the store fails */
};

static void sweep_cb(lws_sorted_usec_list_t *sul);

/* Logs a failing store at most once a minute, and its recovery once. */
static void watch_store(struct app *a)
{
    time_t now = time(NULL);
    if (store_failing(a->st) && !a->sweep_fast && a->cx) {
        /* Retry the store soon rather than at the next minute's sweep. */
        a->sweep_fast = true;
        lws_sul_schedule(a->cx, 0, &a->sweep_sul, sweep_cb, SWEEP_FAILING_US);
    }
    if (store_failing(a->st)) {
        if (now - a->store_logged >= STORE_LOG_EVERY) {
            logf_("error", "event=store_failing store=%s error=\"%s\" (answering from memory; will write through)",
                  store_kind(a->st), store_error(a->st));
            a->store_logged = now;
        }
    } else if (a->store_logged) {
        logf_("info", "event=store_recovered store=%s", store_kind(a->st));
        a->store_logged = 0;
    }
}

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        reload_requested = 1;
    else
        stop_requested = 1;
}

/* ===================== Connections ===================== */

struct outmsg {
    unsigned char *buf; /* LWS_PRE bytes of headroom, then the JSON */
    size_t len;
};

struct conn {
    struct lws *wsi;
    struct app *app;
    char ip[IP_MAX];                   /* the client's address ("" for probes) */
    bucket rate;                       /* messages per second of this connection */
    unsigned strikes;                  /* messages over a rate limit in a row */
    bool closing;                      /* close (1001 or 1008) once the queue is written */
    bool close_sent;                   /* the close has been started */
    bool unsaved;                      /* the session changed since it was last saved */
    double active;                     /* when it last sent a message (monotonic seconds) */
    unsigned short close_code;
    struct conn *next, *prev;          /* the app's list of open connections */
    engine_session *sess;              /* NULL until hello or the first message */
    char id[PROTO_SESSION_HEX + 1];
    char *rx;                          /* the message being received */
    size_t rx_len, rx_cap;
    int in_message;                    /* between the first and the final fragment */
    int rx_binary;                     /* the message being received is binary */
    struct outmsg q[OUTQ_MAX];
    size_t q_head, q_n;
    int flow_off;                      /* receiving paused until the queue drains */
    int probe;                         /* an /embed-check socket: one answer, then closed */
};

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
    lws_callback_on_writable(c->wsi);
    return 0;
}

static int send_error(struct conn *c, const char *code, const char *message)
{
    size_t len;
    char *json = proto_error_json(code, message, &len);
    c->app->errors++;
    metrics_count(c->app->m.errors, &c->app->m.n_errors, code);
    return enqueue(c, json, len);
}

static int send_reply(struct conn *c, const engine_reply *r)
{
    size_t len;
    char *json = proto_reply(r, &len);
    return enqueue(c, json, len);
}

static void save_session(struct conn *c)
{
    if (!c->sess)
        return;
    char *blob = engine_session_save(c->app->e, c->sess);
    c->unsaved = false;
    if (store_put(c->app->st, c->id, blob, strlen(blob), time(NULL)) < 0)
        logf_("error", "event=session_not_saved store=%s error=\"%s\"", store_kind(c->app->st), store_error(c->app->st));
    free(blob);
    watch_store(c->app);
}

/* Binds the connection to session id (resumed from the store when it is there), or to a new one.
 * Queues the welcome. Returns 1 when resumed, 0 when new, -1 on failure. */
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
            logf_("error", "event=no_random");
            return -1;
        }
        c->sess = engine_session_new(a->e);
        save_session(c);
    }
    size_t len;
    char *json = proto_welcome(c->id, resumed, &len);
    if (enqueue(c, json, len) < 0)
        return -1;
    return resumed;
}

/* "Forget me": the session and its data are deleted at once; the next message starts afresh. */
static void forget_session(struct conn *c)
{
    if (c->sess) {
        store_del(c->app->st, c->id);
        engine_session_free(c->sess);
        c->sess = NULL;
        c->id[0] = '\0';
        logf_("info", "event=session_forgotten");
    }
    size_t len;
    char *json = proto_forgotten(&len);
    enqueue(c, json, len);
}

/* Counts a message nothing understood, and keeps its text (case and spaces folded, at most 200
 * bytes) when the operator asked for it; a store that fails only loses the statistic. */
static void note_unanswered(struct app *a, const char *text, size_t len)
{
    a->fallbacks++;
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

static void handle_message(struct conn *c)
{
    struct app *a = c->app;
    proto_request req;
    proto_error err;
    if (proto_parse(c->rx, c->rx_len, &req, &err) < 0) {
        if (!strcmp(err.code, "too_deep") || !strcmp(err.code, "text_too_long"))
            a->m.limits[LIMIT_JSON]++;
        send_error(c, err.code, err.message);
        return;
    }
    engine_reply r;
    if (req.type == PROTO_FORGET) {
        forget_session(c);
    } else if (req.type == PROTO_HELLO) {
        int resumed = open_session(c, req.session);
        if (resumed >= 0) {
            engine_greet(a->e, c->sess, resumed == 1, &r);
            c->unsaved = true; /* a greeting may move the session on (a test resumed) */
            send_reply(c, &r);
            engine_reply_clear(&r);
        }
    } else {
        if (!c->sess && open_session(c, NULL) < 0) {
            send_error(c, "internal", "The server could not start a session. Please try again.");
            proto_request_clear(&req);
            return;
        }
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        engine_respond(a->e, c->sess, req.text, req.text_len, &r);
        if (r.fallback)
            note_unanswered(a, req.text, req.text_len);
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
        a->messages++;
        a->m.messages++;
    }
    proto_request_clear(&req);
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool is_loopback(const char *ip)
{
    return !strncmp(ip, "127.", 4) || !strcmp(ip, "::1") || !strncmp(ip, "::ffff:127.", 11);
}

/* Rate and per-address limits apply to clients, not to the operator's own tools on this machine
 * (benchmarks, probes) unless --limit-loopback. A proxy on this machine (nginx) is loopback too,
 * but it says whom it forwards for (X-Forwarded-For), and that address is the client's. */
static bool limited(const struct app *a, const char *ip)
{
    return !is_loopback(ip) || a->o.limit_loopback;
}

/* Marks c to be closed with code once what is queued has been written. */
static void close_after_queue(struct conn *c, unsigned short code)
{
    c->closing = true;
    c->close_code = code;
    lws_callback_on_writable(c->wsi);
}

/* A complete message: within the rate limits (per connection and per address), answered; over
 * them, an error reply, and after too many in a row, a close with 1008. */
static void admit_message(struct conn *c)
{
    struct app *a = c->app;
    double now = mono_s();
    limit_kind hit = LIMIT_COUNT;
    if (a->o.msg_rate > 0 && limited(a, c->ip) && !bucket_take(&c->rate, now, a->o.msg_rate, a->o.msg_burst < 1 ? 1 : a->o.msg_burst))
        hit = LIMIT_RATE_CONNECTION;
    else if (a->o.ip_rate > 0 && limited(a, c->ip) && !iptable_take(a->ips, c->ip, now, a->o.ip_rate, a->o.ip_burst < 1 ? 1 : a->o.ip_burst))
        hit = LIMIT_RATE_IP;
    if (hit == LIMIT_COUNT) {
        c->strikes = 0;
        c->active = now;
        handle_message(c);
        if (a->o.idle_timeout)
            lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, (int)a->o.idle_timeout);
        return;
    }
    a->m.limits[hit]++;
    if (++c->strikes > a->o.strikes) {
        a->m.limits[LIMIT_STRIKES]++;
        logf_("warn", "event=rate_limit_close limit=%s", metrics_limit_name(hit));
        close_after_queue(c, LWS_CLOSE_STATUS_POLICY_VIOLATION); /* the replies so far go first */
        return;
    }
    send_error(c, "rate_limited", "You are sending messages faster than I can answer. Please wait a moment.");
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
}

/* ===================== The chat protocol callback ===================== */

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

/* Copies header tok into buf (cap bytes); "" when absent or too long. Returns buf, or NULL when absent. */
static const char *header(struct lws *wsi, enum lws_token_indexes tok, char *buf, int cap)
{
    buf[0] = '\0';
    if (lws_hdr_total_length(wsi, tok) <= 0)
        return NULL;
    if (lws_hdr_copy(wsi, buf, cap, tok) < 0)
        buf[0] = '\0';
    return buf;
}

/* The origin, escaped for a log line: printable ASCII without quotes, at most 80 bytes. */
static void log_sample(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    for (; *in && k + 1 < cap && k < 80; in++)
        out[k++] = (*in > 0x20 && *in < 0x7f && *in != '"' && *in != '\\') ? *in : '?';
    out[k] = '\0';
}

/* Checks the handshake's Origin against the allow-list; a refused one gets 403 and no socket. */
/* Connection caps at the handshake: in total, and per client address (503 and 429 otherwise). A
 * stopping server takes no new chats. */
/* The client's address: the peer's, or, when the peer is a proxy on this machine, the first address
 * of its X-Forwarded-For. */
static void client_address(struct lws *wsi, char *ip, size_t cap)
{
    lws_get_peer_simple(wsi, ip, cap);
    char fwd[256];
    if (!is_loopback(ip) || lws_hdr_copy(wsi, fwd, sizeof fwd, WSI_TOKEN_X_FORWARDED_FOR) <= 0)
        return;
    size_t i = 0, n = 0;
    while (fwd[i] == ' ')
        i++;
    while (fwd[i] && fwd[i] != ',' && fwd[i] != ' ' && n + 1 < cap)
        ip[n++] = fwd[i++];
    if (n)
        ip[n] = '\0';
}

static int check_capacity(struct lws *wsi, struct app *a)
{
    if (a->stopping) {
        lws_return_http_status(wsi, HTTP_STATUS_SERVICE_UNAVAILABLE, "The server is restarting. Please try again.");
        return 1;
    }
    if (a->o.max_connections && a->connections >= a->o.max_connections) {
        a->m.limits[LIMIT_CONNECTIONS]++;
        logf_("warn", "event=connection_refused limit=connections max=%u", a->o.max_connections);
        lws_return_http_status(wsi, HTTP_STATUS_SERVICE_UNAVAILABLE, "Too many chats are open. Please try again soon.");
        return 1;
    }
    char ip[IP_MAX];
    client_address(wsi, ip, sizeof ip);
    if (a->o.max_connections_per_ip && limited(a, ip) &&
        iptable_connections(a->ips, ip) >= a->o.max_connections_per_ip) {
        a->m.limits[LIMIT_CONNECTIONS_IP]++;
        logf_("warn", "event=connection_refused limit=connections_ip max=%u", a->o.max_connections_per_ip);
        lws_return_http_status(wsi, 429, "Too many chats from this address.");
        return 1;
    }
    return 0;
}

static int check_origin(struct lws *wsi, struct app *a)
{
    char origin[ORIGIN_MAX + 64], host[ORIGIN_MAX];
    const char *o = header(wsi, WSI_TOKEN_ORIGIN, origin, sizeof origin);
    const char *h = header(wsi, WSI_TOKEN_HOST, host, sizeof host);
    if (origin_allowed(a->origins, o, h))
        return 0;
    char sample[96];
    log_sample(o ? o : "(none)", sample, sizeof sample);
    a->refused++;
    a->m.refused_origins++;
    logf_("warn", "event=origin_refused origin=\"%s\" refused=%lu", sample, a->refused);
    lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, "This site may not open the careerbot chat.");
    return 1;
}

/* The WebSocket form of GET /embed-check: a page whose CSP allows only the chat server's ws: origin
 * in connect-src cannot fetch over http, but it can open this socket, which any origin may, and
 * which answers {"type":"origin","allowed":true|false} and closes. */
static int answer_probe(struct conn *c)
{
    char origin[ORIGIN_MAX + 64], host[ORIGIN_MAX];
    const char *o = header(c->wsi, WSI_TOKEN_ORIGIN, origin, sizeof origin);
    const char *h = header(c->wsi, WSI_TOKEN_HOST, host, sizeof host);
    c->probe = 1;
    char *json = strdup(origin_allowed(c->app->origins, o, h) ? "{\"type\":\"origin\",\"allowed\":true}"
                                                               : "{\"type\":\"origin\",\"allowed\":false}");
    if (!json)
        return -1;
    return enqueue(c, json, strlen(json));
}

static int chat_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    struct conn *c = user;
    struct app *a = lws_context_user(lws_get_context(wsi));

    switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
        if (path_is(wsi, "/embed-check"))
            return 0; /* any page may ask whether it may chat */
        if (!path_is(wsi, "/chat"))
            return 1; /* refuse upgrades anywhere but /chat */
        if (check_origin(wsi, a))
            return 1;
        return check_capacity(wsi, a);

    case LWS_CALLBACK_ESTABLISHED:
        memset(c, 0, sizeof *c);
        c->wsi = wsi;
        c->app = a;
        c->next = a->conns;
        if (a->conns)
            a->conns->prev = c;
        a->conns = c;
        if (path_is(wsi, "/embed-check"))
            return answer_probe(c);
        client_address(wsi, c->ip, sizeof c->ip);
        iptable_connect(a->ips, c->ip, 0);
        c->active = mono_s();
        a->connections++;
        a->m.connections_total++;
        if (a->o.idle_timeout)
            lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, (int)a->o.idle_timeout);
        break;

    case LWS_CALLBACK_RECEIVE:
        if (c->probe)
            return -1; /* a probe has nothing to say */
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
            logf_("warn", "event=message_too_large limit=%zu", a->o.max_message);
            lws_close_reason(wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, (unsigned char *)"message too large", 17);
            return -1;
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
            break;
        c->in_message = 0;
        if (c->rx_binary)
            send_error(c, "binary_frame", "Binary frames are not understood: send JSON as text.");
        else
            admit_message(c);
        break;

    case LWS_CALLBACK_SERVER_WRITEABLE: {
        if (!c->q_n && c->closing) {
            if (c->close_sent)
                return 0; /* lws is closing it: a second -1 would drop the close handshake */
            c->close_sent = true;
            if (c->close_code == LWS_CLOSE_STATUS_GOINGAWAY)
                lws_close_reason(wsi, LWS_CLOSE_STATUS_GOINGAWAY, (unsigned char *)"server stopping", 15);
            else
                lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION, (unsigned char *)"too many messages", 17);
            return -1;
        }
        if (!c->q_n)
            break;
        struct outmsg *m = &c->q[c->q_head];
        int n = lws_write(wsi, m->buf + LWS_PRE, m->len, LWS_WRITE_TEXT);
        free(m->buf);
        m->buf = NULL;
        c->q_head = (c->q_head + 1) % OUTQ_MAX;
        c->q_n--;
        if (n < (int)m->len)
            return -1;
        if (c->flow_off && c->q_n <= OUTQ_MAX / 2) {
            lws_rx_flow_control(wsi, 1);
            c->flow_off = 0;
        }
        if (c->q_n || c->closing)
            lws_callback_on_writable(wsi);
        else if (c->probe) {
            lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, (unsigned char *)"checked", 7);
            return -1;
        }
        break;
    }

    case LWS_CALLBACK_CLOSED:
        if (c->prev)
            c->prev->next = c->next;
        else if (a->conns == c)
            a->conns = c->next;
        if (c->next)
            c->next->prev = c->prev;
        conn_free(c);
        if (a->connections && !c->probe) {
            a->connections--;
            iptable_disconnect(a->ips, c->ip);
            if (a->o.idle_timeout && !c->closing && !a->stopping && mono_s() - c->active >= a->o.idle_timeout - 0.5)
                a->m.limits[LIMIT_IDLE]++;
        }
        break;

    case LWS_CALLBACK_TIMER:
        break;

    default:
        break;
    }
    return 0;
}

/* ===================== HTTP: static files and /healthz ===================== */

struct http_req {
    char body[1024]; /* the /healthz answer, waiting for HTTP_WRITEABLE */
    size_t len;
    unsigned char *big; /* a longer answer (/metrics): LWS_PRE bytes, then big_len bytes */
    size_t big_len;
};

static const struct {
    const char *ext, *type;
} mime_types[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},   {".svg", "image/svg+xml"},
    {".png", "image/png"},                 {".ico", "image/x-icon"},
    {".json", "application/json"},        {".txt", "text/plain; charset=utf-8"},
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

static int http_done(struct lws *wsi)
{
    return lws_http_transaction_completed(wsi) ? -1 : 0;
}

static int http_status(struct lws *wsi, unsigned int code)
{
    lws_return_http_status(wsi, code, NULL);
    return http_done(wsi);
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
    int n = snprintf(h->body, sizeof h->body,
                     "{\"status\":\"%s\",\"careers\":%zu,\"intents\":%zu,\"connections\":%lu,"
                     "\"sessions\":%s,\"messages\":%lu,\"fallbacks\":%lu,\"reloads\":%lu,\"refused_origins\":%lu,\"uptime_s\":%ld,"
                     "\"store\":{\"kind\":\"%s\",\"ok\":%s,\"error\":\"%s\"}}\n",
                     store_failing(a->st) ? "degraded" : "ok", engine_career_count(a->e), engine_intent_count(a->e),
                     a->connections, count, a->messages, a->fallbacks, a->reloads, a->refused, (long)(time(NULL) - a->started), store_kind(a->st),
                     store_failing(a->st) ? "false" : "true", esc);
    h->len = n > 0 && (size_t)n < sizeof h->body ? (size_t)n : 0;
    unsigned char hdr[LWS_PRE + 512], *start = hdr + LWS_PRE, *p = start, *end = hdr + sizeof hdr - 1;
    if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, "application/json", h->len, &p, end) ||
        lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL, (unsigned char *)"no-store", 8, &p, end) ||
        lws_finalize_write_http_header(wsi, start, &p, end))
        return -1;
    lws_callback_on_writable(wsi);
    return 0;
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
    unsigned char hdr[LWS_PRE + 1024], *start = hdr + LWS_PRE, *p = start, *end = hdr + sizeof hdr - 1;
    const char *cache = page ? "no-cache" : "public, max-age=300";
    if (lws_add_http_header_status(wsi, HTTP_STATUS_NOT_MODIFIED, &p, end) ||
        lws_add_http_header_by_name(wsi, (const unsigned char *)"etag:", (const unsigned char *)etag, (int)strlen(etag),
                                    &p, end) ||
        lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL, (const unsigned char *)cache,
                                     (int)strlen(cache), &p, end) ||
        (!page && lws_add_http_header_by_name(wsi, (const unsigned char *)"access-control-allow-origin:",
                                              (const unsigned char *)"*", 1, &p, end)) ||
        lws_add_http_header_content_length(wsi, 0, &p, end) || lws_finalize_write_http_header(wsi, start, &p, end))
        return -1;
    return http_done(wsi);
}

/* Serves a file of the web folder. Paths with "..", hidden files, folders and unknown types are
 * not served. lws 4.1's own file mount leaves a request for a missing file hanging until its
 * timeout, so files are served from this callback, which answers 404 at once. */
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
    if (header(wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH, inm, sizeof inm) && strstr(inm, etag))
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

/* GET /embed-check: may the page asking (its Origin header) open the chat socket? The widget asks
 * after a handshake fails, because a browser hides a 403 from scripts, and shows "not allowed on
 * this site" rather than retrying forever. Any origin may read the answer. */
static int serve_embed_check(struct lws *wsi, struct app *a, struct http_req *h)
{
    char origin[ORIGIN_MAX + 64], host[ORIGIN_MAX];
    const char *o = header(wsi, WSI_TOKEN_ORIGIN, origin, sizeof origin);
    const char *hh = header(wsi, WSI_TOKEN_HOST, host, sizeof host);
    bool ok = origin_allowed(a->origins, o, hh);
    int n = snprintf(h->body, sizeof h->body, "{\"allowed\":%s}\n", ok ? "true" : "false");
    h->len = n > 0 && (size_t)n < sizeof h->body ? (size_t)n : 0;
    unsigned char hdr[LWS_PRE + 512], *start = hdr + LWS_PRE, *p = start, *end = hdr + sizeof hdr - 1;
    if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, "application/json", h->len, &p, end) ||
        lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL, (const unsigned char *)"no-store", 8, &p, end) ||
        lws_add_http_header_by_name(wsi, (const unsigned char *)"access-control-allow-origin:",
                                    (const unsigned char *)"*", 1, &p, end) ||
        lws_add_http_header_by_name(wsi, (const unsigned char *)"x-content-type-options:",
                                    (const unsigned char *)"nosniff", 7, &p, end) ||
        lws_finalize_write_http_header(wsi, start, &p, end))
        return -1;
    lws_callback_on_writable(wsi);
    return 0;
}

/* GET /metrics: Prometheus text, for loopback clients, or others with the --metrics-token. */
static int serve_metrics(struct lws *wsi, struct app *a, struct http_req *h)
{
    char ip[IP_MAX], auth[256];
    lws_get_peer_simple(wsi, ip, sizeof ip);
    bool local = is_loopback(ip);
    const char *given = header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION, auth, sizeof auth);
    bool token = a->o.metrics_token && a->o.metrics_token[0] && given && !strncmp(given, "Bearer ", 7) &&
                 !strcmp(given + 7, a->o.metrics_token);
    if (!local && !token)
        return http_status(wsi, HTTP_STATUS_FORBIDDEN);
    long sessions = store_count(a->st);
    metrics_gauges g = {a->connections, sessions, !store_failing(a->st), difftime(time(NULL), a->started),
                        engine_career_count(a->e), engine_intent_count(a->e)};
    a->m.regex_limit_hits = a->o.regex_limit_hits ? *a->o.regex_limit_hits : 0;
    size_t n;
    char *text = metrics_render(&a->m, &g, &n);
    if (!text || !(h->big = malloc(LWS_PRE + n))) {
        free(text);
        return http_status(wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR);
    }
    memcpy(h->big + LWS_PRE, text, n);
    h->big_len = n;
    free(text);
    unsigned char hdr[LWS_PRE + 512], *start = hdr + LWS_PRE, *p = start, *end = hdr + sizeof hdr - 1;
    if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8", n, &p, end) ||
        lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL, (unsigned char *)"no-store", 8, &p, end) ||
        lws_finalize_write_http_header(wsi, start, &p, end))
        return -1;
    lws_callback_on_writable(wsi);
    return 0;
}

static int http_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    struct http_req *h = user;
    struct app *a = lws_context_user(lws_get_context(wsi));

    switch (reason) {
    case LWS_CALLBACK_HTTP: {
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
    case LWS_CALLBACK_HTTP_WRITEABLE: {
        if (h && h->big) {
            int n = lws_write(wsi, h->big + LWS_PRE, h->big_len, LWS_WRITE_HTTP_FINAL);
            free(h->big);
            h->big = NULL;
            if (n < 0)
                return -1;
            return http_done(wsi);
        }
        if (!h || !h->len)
            break;
        unsigned char buf[LWS_PRE + sizeof h->body];
        memcpy(buf + LWS_PRE, h->body, h->len);
        int n = lws_write(wsi, buf + LWS_PRE, h->len, LWS_WRITE_HTTP_FINAL);
        h->len = 0;
        if (n < 0)
            return -1;
        return http_done(wsi);
    }
    case LWS_CALLBACK_HTTP_FILE_COMPLETION:
        return http_done(wsi);
    case LWS_CALLBACK_CLOSED_HTTP:
        if (h) {
            free(h->big);
            h->big = NULL;
        }
        break;
    default:
        break;
    }
    return lws_callback_http_dummy(wsi, reason, user, in, len);
}

/* ===================== Timers ===================== */

static void sweep_cb(lws_sorted_usec_list_t *sul)
{
    struct app *a = lws_container_of(sul, struct app, sweep_sul);
    size_t n = store_sweep(a->st, time(NULL));
    if (n)
        logf_("info", "event=sessions_expired count=%zu", n);
    a->sweep_fast = store_failing(a->st);
    lws_sul_schedule(a->cx, 0, &a->sweep_sul, sweep_cb, a->sweep_fast ? SWEEP_FAILING_US : SWEEP_US);
    watch_store(a);
}

/* SIGHUP: load the data again; on success move every open conversation onto the new engine. One
 * thread runs the loop, so no message is answered half by the old engine and half by the new. */
static void reload(struct app *a)
{
    if (!a->o.reload) {
        logf_("warn", "event=reload_ignored (no reload configured)");
        return;
    }
    engine *ne = a->o.reload(a->o.reload_ud);
    if (!ne) {
        logf_("error", "event=reload_failed (the problems are listed above with file:line; still answering "
                       "with the data loaded before)");
        return;
    }
    size_t moved = 0;
    for (struct conn *c = a->conns; c; c = c->next) {
        if (!c->sess)
            continue;
        char *blob = engine_session_save(a->e, c->sess);
        engine_session_free(c->sess);
        c->sess = blob ? engine_session_load(ne, blob, strlen(blob)) : NULL;
        if (!c->sess)
            c->sess = engine_session_new(ne); /* cannot happen with our own blob; never leave it NULL */
        free(blob);
        moved++;
    }
    engine_free(a->e);
    a->e = ne;
    a->reloads++;
    a->m.reloads++;
    logf_("info", "event=reloaded careers=%zu intents=%zu conversations=%zu", engine_career_count(ne),
          engine_intent_count(ne), moved);
}

/* Signals only set a flag; this timer notices it, so nothing unsafe runs in the handler. */
static void stop_cb(lws_sorted_usec_list_t *sul)
{
    struct app *a = lws_container_of(sul, struct app, stop_sul);
    if (reload_requested) {
        reload_requested = 0;
        reload(a);
    }
    if (!stop_requested)
        lws_sul_schedule(a->cx, 0, &a->stop_sul, stop_cb, STOP_POLL_US);
}

/* ===================== Setup and the loop ===================== */

static const struct lws_protocols protocols[] = {
    {"http", http_cb, sizeof(struct http_req), 0, 0, NULL, 0},
    {"careerbot-chat", chat_cb, sizeof(struct conn), RX_CHUNK, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

/* A client that names no subprotocol (plain `new WebSocket(url)`) gets the chat protocol. */
static const struct lws_protocol_vhost_options pvo_default = {NULL, NULL, "default", "1"};
static const struct lws_protocol_vhost_options pvo_chat = {NULL, &pvo_default, "careerbot-chat", ""};

int server_run(engine **ep, store *st, const server_opts *opts)
{
    static struct app a; /* holds a path buffer; lives for the whole run anyway */
    memset(&a, 0, sizeof a);
    if (!realpath(opts->web_dir, a.webroot)) {
        fprintf(stderr, "careerbot: web folder %s: %s\n", opts->web_dir, strerror(errno));
        return 1;
    }
    a.e = *ep;
    engine *e = *ep;
    a.st = st;
    a.o = *opts;
    origin_list *defaults = NULL;
    if (!opts->origins && !(defaults = origin_list_new())) {
        fprintf(stderr, "careerbot: out of memory\n");
        return 1;
    }
    a.origins = opts->origins ? opts->origins : defaults;
    a.started = time(NULL);
    if (!(a.ips = iptable_new())) {
        fprintf(stderr, "careerbot: out of memory\n");
        origin_list_free(defaults);
        return 1;
    }

    /* Everything over HTTP goes to http_cb: static files and /healthz. */
    struct lws_http_mount root = {
        .mountpoint = "/",
        .mountpoint_len = 1,
        .protocol = "http",
        .origin_protocol = LWSMPRO_CALLBACK,
    };

    lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = opts->port;
    info.iface = opts->listen;
    info.protocols = protocols;
    info.pvo = &pvo_chat;
    info.mounts = &root;
    info.user = &a;
    info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
    /* Liveness: a ping after ping_interval of silence, closed when nothing (not even a pong) comes
     * back for twice that. */
    lws_retry_bo_t retry = {0};
    if (opts->ping_interval) {
        retry.secs_since_valid_ping = (uint16_t)opts->ping_interval;
        retry.secs_since_valid_hangup = (uint16_t)(2 * opts->ping_interval);
        info.retry_and_idle_policy = &retry;
    }
    if (opts->tls_cert && opts->tls_key) {
        info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
        info.ssl_cert_filepath = opts->tls_cert;
        info.ssl_private_key_filepath = opts->tls_key;
    }
    info.timeout_secs = 10;
    info.max_http_header_data = 4096;
    info.vhost_name = "default";

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    a.cx = lws_create_context(&info);
    if (!a.cx) {
        fprintf(stderr, "careerbot: could not listen on %s:%d (is the port in use%s?)\n", opts->listen, opts->port,
                opts->tls_cert ? ", or are the TLS files unreadable" : "");
        origin_list_free(defaults);
        iptable_free(a.ips);
        return 1;
    }
    struct lws_vhost *vh = lws_get_vhost_by_name(a.cx, "default");
    int port = vh ? lws_get_vhost_listen_port(vh) : opts->port;
    printf("careerbot: listening on %s://%s:%d/\n", opts->tls_cert ? "https" : "http", opts->listen, port);
    fflush(stdout);
    logf_("info", "event=start port=%d careers=%zu intents=%zu store=%s", port, engine_career_count(e),
          engine_intent_count(e), store_kind(st));

    lws_sul_schedule(a.cx, 0, &a.sweep_sul, sweep_cb, SWEEP_US);
    lws_sul_schedule(a.cx, 0, &a.stop_sul, stop_cb, STOP_POLL_US);
    watch_store(&a);
    while (!stop_requested && lws_service(a.cx, 0) >= 0)
        ;
    /* Stopping: no new chats; every open one is told the server is going away (1001) once its
     * replies are written, and its session is written through as it closes. */
    a.stopping = true;
    size_t open_chats = 0;
    for (struct conn *c = a.conns; c; c = c->next)
        if (!c->probe) {
            close_after_queue(c, LWS_CLOSE_STATUS_GOINGAWAY);
            open_chats++;
        }
    logf_("info", "event=stopping chats=%zu", open_chats);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (!a.conns || (t.tv_sec - t0.tv_sec) * LWS_US_PER_SEC + (t.tv_nsec - t0.tv_nsec) / 1000 > STOP_GRACE_US)
            break;
        lws_sul_schedule(a.cx, 0, &a.stop_sul, stop_cb, STOP_POLL_US); /* wakes the loop */
        if (lws_service(a.cx, 0) < 0)
            break;
    }
    logf_("info", "event=stop");
    lws_sul_cancel(&a.sweep_sul);
    lws_sul_cancel(&a.stop_sul);
    lws_context_destroy(a.cx);
    origin_list_free(defaults);
    iptable_free(a.ips);
    *ep = a.e;
    return 0;
}
