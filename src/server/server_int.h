/*
 * server_int: what the server's own files share; nothing outside src/server includes it.
 *
 *   server.c  setup, the service loop, signals, timers, SIGHUP reload, the store's health
 *   chat.c    the chat connection and its outgoing queue, the chat protocol callback (origin and
 *             capacity checks at the handshake, the /embed-check socket)
 *   http.c    the HTTP callback: static files, /healthz, /metrics, /embed-check
 *
 * Holds the application state (one per run), the per-connection data of both protocols, and the
 * few helpers every file uses. One thread runs the loop: nothing here is locked.
 */
#ifndef CAREERBOT_SERVER_INT_H
#define CAREERBOT_SERVER_INT_H

#include "metrics.h"
#include "protocol.h"
#include "ratelimit.h"
#include "server.h"

#include <libwebsockets.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#define OUTQ_MAX 8    /* replies waiting to be written, per connection */
#define RX_CHUNK 4096 /* lws receive buffer per connection */

/* ===================== Application state ===================== */

struct conn;

/* The chats' clock (clock.c): two lists of the open chats, oldest first. */
enum { CLOCK_HEARD, CLOCK_IDLE, CLOCK_LISTS };
struct clock_link {
    struct conn *prev, *next;
};
struct clock_list {
    struct conn *head, *tail;
};

/* The one set of counters is m: /healthz and /metrics both read it. */
struct app {
    char webroot[PATH_MAX];    /* absolute path of the web folder */
    engine *e;                 /* replaced on SIGHUP */
    struct conn *conns;        /* open chat connections, for reloads */
    metrics m;                 /* the counters (messages, fallbacks, reloads, refused origins, limits ...) */
    ratelimit_table *ips;      /* connections and message buckets per client address */
    ratelimit_table *http_ips; /* HTTP requests per client address */
    bool stopping;             /* SIGTERM: closing chats, accepting none */
    store *st;
    server_opts o;
    struct lws_context *cx;
    lws_sorted_usec_list_t sweep_sul;
    lws_sorted_usec_list_t stop_sul;
    time_t started;
    unsigned long connections;         /* open chat connections (a gauge, not a counter) */
    const origin_list *origins;        /* the allow-list; a default one when none was given */
    time_t store_logged;               /* when the store's failure was last logged */
    bool sweep_fast;                   /* the sweep runs every SWEEP_FAILING_US while the store fails */
    long sessions;                     /* the store's count, taken at start and by the sweep (-1: unknown),
                                          so /healthz and /metrics never count on the loop */
    bool count_failed;                 /* the store could not count the sessions it should count (sqlite) */
    time_t forwarded_logged;           /* when a trusted proxy without a usable X-Forwarded-For was last logged */
    struct conn *held;                 /* connections with replies queued in this loop pass: released once the
                                          pass's session writes are committed (server__commit_pass) */
    bool batch_open;                   /* a store batch is open (store_batch_begin) for this pass */
    struct lws *listener;              /* a worker's own listening socket, watched by lws (NULL: lws's listener) */
    lws_sorted_usec_list_t listen_sul; /* takes the listener back after a pause (descriptors ran out) */
    struct clock_list heard;           /* chats by when anything last came from them (pings, hang-ups) */
    struct clock_list idle;            /* chats by when they last sent a message (the idle timeout) */
    lws_sorted_usec_list_t clock_sul;  /* the one beat that reads both (clock.c) */
    unsigned long listen_pauses;       /* times accepting paused because descriptors ran out */
};

/* ===================== Connections ===================== */

struct outmsg {
    unsigned char *buf; /* LWS_PRE bytes of headroom, then the JSON */
    size_t len;
};

/* A chat socket's per-session data (lws owns the memory; it is valid until LWS_CALLBACK_CLOSED). */
struct conn {
    struct lws *wsi;
    struct app *app;
    char ip[RATELIMIT_IP_MAX]; /* the client's address ("" for probes) */
    bool local;                /* the operator's own tool on this machine (server__client) */
    ratelimit_bucket rate;     /* messages per second of this connection */
    unsigned strikes;          /* messages over a rate limit in a row */
    bool closing;              /* close (1001 or 1008) once the queue is written */
    bool close_sent;           /* the close has been started */
    bool unsaved;              /* the session changed since it was last saved */
    bool fresh;                /* the session is new and not saved yet (saved after its first message) */
    double active;             /* when it last sent a message (monotonic seconds) */
    double heard;              /* when anything (a message, a pong) last came from it */
    bool clocked;              /* in the clock's lists (a chat, not a probe) */
    bool pinged;               /* pinged since it was last heard from */
    bool ping_due;             /* a ping to write at the next writeable callback */
    struct clock_link clk[CLOCK_LISTS];
    unsigned short close_code;
    struct conn *next, *prev; /* the app's list of open connections */
    engine_session *sess;     /* NULL until hello or the first message */
    char id[PROTO_SESSION_HEX + 1];
    char *rx; /* the message being received */
    size_t rx_len, rx_cap;
    int in_message; /* between the first and the final fragment */
    int rx_binary;  /* the message being received is binary */
    struct outmsg q[OUTQ_MAX];
    size_t q_head, q_n;
    size_t q_ready;                     /* of the q_n, how many may be written (their turn is committed) */
    bool held;                          /* in the app's held list */
    struct conn *held_next, *held_prev; /* the app's held list */
    int flow_off;                       /* receiving paused until the queue drains */
    int probe;                          /* an /embed-check socket: one answer, then closed */
};

/* An HTTP request's per-session data: the answer waiting for HTTP_WRITEABLE. */
struct http_req {
    unsigned char *body; /* LWS_PRE bytes, then body_len bytes (owned; freed once written or closed) */
    size_t body_len;
    bool head; /* a HEAD request: the head of the GET answer, no body */
    /* A static file waiting for HTTP_WRITEABLE (owned; NULL when none): served from there rather than
     * from the request's callback, so that a request pipelined behind it is parsed afterwards. */
    char *file, *file_headers;
    const char *file_type; /* a constant */
};

/* Whom a request comes from. */
struct client_addr {
    char ip[RATELIMIT_IP_MAX]; /* the peer, or the client a trusted proxy forwards for */
    bool local;                /* a program on this machine that no proxy stands in for: exempt from the
                                  rate and per-address limits (unless --limit-loopback), and may read
                                  /metrics without the token */
};

/* ===================== Across the server's files ===================== */

/* server.c: logs a failing store at most once a minute, and its recovery once. */
void server__watch_store(struct app *a);

/* server.c: whom the request on wsi comes from. A peer among --trusted-proxy is a proxy: the client
 * is the right-most untrusted address of its X-Forwarded-For, or, when that header is missing or
 * unusable, the proxy's own address; either way never local. Any other peer is the client; a
 * loopback peer is local unless it carries forwarding headers (then it is an untrusted proxy's). */
void server__client(struct lws *wsi, struct app *a, struct client_addr *out);

/* server.c: may the request on wsi be answered under its Host header (--public-host, or loopback
 * names and addresses)? Refuses DNS rebinding: a page on another name reaching this server. */
bool server__host_allowed(struct lws *wsi, const struct app *a);

/* server.c: are client c's requests subject to the rate and per-address limits? */
static inline bool server__limited(const struct app *a, const struct client_addr *c)
{
    return !c->local || a->o.limit_loopback;
}

/* chat.c: marks c's queued replies as written once the loop pass's writes are committed. */
void chat_hold(struct conn *c);
/* chat.c: the pass's writes are committed: every held reply may be written now. */
void chat_release_held(struct app *a);

/* server.c: ends the loop pass's store batch (the commit), releases the replies held for it and
 * begins the next batch. Called after every lws_service. */
void server__commit_pass(struct app *a);

/* chat.c: a store_refused_fn (ud is the app): the session id was forgotten through another
 * instance, so every connection bound to it drops it and is told, as when a put is refused at once. */
void chat_refused(void *ud, const char *id);

/* chat.c: the chat protocol's callback. */
int chat_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len);
/* chat.c: marks c to be closed with code once what is queued has been written. */
void chat_close_after_queue(struct conn *c, unsigned short code);

/* clock.c: the idle timeout and liveness pings of every chat, one timer for all (see there). A chat
 * joins at ESTABLISHED, is heard on every frame, active on every message, and leaves at CLOSED. */
void clock_add(struct app *a, struct conn *c);
void clock_heard(struct app *a, struct conn *c);
void clock_active(struct app *a, struct conn *c);
void clock_remove(struct app *a, struct conn *c);
void clock_start(struct app *a);
void clock_stop(struct app *a);

/* http.c: the HTTP protocol's callback. */
int http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len);

/* Loopback addresses: the operator's own tools, or a proxy on this machine. */
static inline bool server__is_loopback(const char *ip)
{
    return !strncmp(ip, "127.", 4) || !strcmp(ip, "::1") || !strncmp(ip, "::ffff:127.", 11);
}

/* Copies header tok into buf (cap bytes); "" when absent or too long. Returns buf, or NULL when absent. */
static inline const char *server__header(struct lws *wsi, enum lws_token_indexes tok, char *buf, int cap)
{
    buf[0] = '\0';
    if (lws_hdr_total_length(wsi, tok) <= 0)
        return NULL;
    if (lws_hdr_copy(wsi, buf, cap, tok) < 0)
        buf[0] = '\0';
    return buf;
}

/* Seconds on CLOCK_MONOTONIC. */
static inline double server__mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
