/*
 * server: careerbot over HTTP and WebSocket, on libwebsockets 4.1 (one thread, one event loop).
 *
 * Serves the widget and page from a web folder at "/", GET /healthz (JSON), /embed-check (may the
 * asking page's origin chat here? over HTTP as JSON readable from any origin, or as a WebSocket
 * that any origin may open, which sends one answer and closes), and the chat socket at /chat,
 * where each text frame is one protocol message (protocol.h). A handshake from a page whose
 * origin is not allowed (origin.h) is refused with 403. Static files carry the headers other sites
 * need to load the widget (CORS, cross-origin resource policy, ETag) and our own pages a strict CSP.
 * The server owns connections and the byte-level limits (message size, binary frames, UTF-8 is
 * checked by lws); the engine answers; the store keeps each session between turns and across
 * reconnects. Nothing here knows an intent or a career, and no sentence a person reads is written
 * here: error replies and refusal bodies are the engine's messages (texts.h, intents/server.json).
 */
#ifndef CAREERBOT_SERVER_H
#define CAREERBOT_SERVER_H

#include "engine.h"
#include "origin.h"
#include "ratelimit.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>

#define SERVER_DEFAULT_MAX_MESSAGE 16384 /* bytes of one WebSocket message, all fragments together */

typedef struct server_opts {
    const char *listen;         /* address to bind, e.g. "127.0.0.1" */
    int port;                   /* 0 picks a free port (printed when listening) */
    const char *web_dir;        /* static files */
    size_t max_message;         /* larger messages close the connection with 1009 */
    const origin_list *origins; /* pages that may open /chat (borrowed for the run); NULL: defaults */
    bool keep_unanswered;       /* keep the text of messages nothing understood (else only count them) */
    /* SIGHUP: a new engine from the data files, or NULL to keep the running one (the callback has
     * reported why, with file and line). May be NULL: SIGHUP is then ignored. */
    engine *(*reload)(void *ud);
    void *reload_ud;
    /* Limits (0: none). Over a rate: an error reply; more than `strikes` in a row: close 1008. */
    unsigned max_connections;        /* open chats in total (503 at the handshake beyond) */
    bool max_connections_default;    /* not chosen by the operator: lowered to fit the descriptor limit
                                        rather than refusing to start */
    unsigned max_connections_per_ip; /* open chats per client address (429 beyond) */
    unsigned new_sessions_per_ip;    /* new sessions per client address per minute (rate_limited beyond) */
    double msg_rate, msg_burst;      /* messages per second per connection, and the burst */
    double ip_rate, ip_burst;        /* messages per second per client address, and the burst */
    unsigned strikes;
    unsigned idle_timeout;                    /* seconds without a message before a chat is closed */
    unsigned ping_interval;                   /* seconds of silence before a ping; no pong for twice that: closed */
    const char *metrics_token;                /* GET /metrics from other than loopback needs "Bearer TOKEN" */
    const ratelimit_proxies *trusted_proxies; /* whose X-Forwarded-For names the client (NULL: none) */
    const unsigned long *regex_limit_hits;    /* counted by the engine's log callback; may be NULL */
    const char *tls_cert, *tls_key;           /* PEM files: serve HTTPS and WSS (both or neither) */
    bool limit_loopback;                      /* apply the rate and per-address limits to loopback clients too
                                                 (by default they are the operator's tools; a local proxy
                                                 is named by trusted_proxies, and never exempt) */
    const char *texts_file;                   /* named when a text the server needs is missing from the data
                                                 (the intents folder's server.json); NULL: "server.json" */
    /* One of several workers (workers.h; all NULL or 0 for a single process): */
    struct workers_board *board; /* every worker's line, shared; this worker's is board->slot[worker] */
    int worker;                  /* this worker's index */
    int ready_fd;                /* > 0: one byte written here once listening (no line printed) */
} server_opts;

/* The defaults of the limits above, for the command line's help. */
#define SERVER_DEFAULT_MAX_CONNECTIONS 10000
#define SERVER_DEFAULT_MAX_CONNECTIONS_PER_IP 200
#define SERVER_DEFAULT_NEW_SESSIONS_PER_IP 60 /* a minute; a class starting together fits */
#define SERVER_DEFAULT_MSG_RATE 20            /* far above any person typing; a flood is cut */
#define SERVER_DEFAULT_MSG_BURST 40
#define SERVER_DEFAULT_IP_RATE 200 /* a school or office behind one address */
#define SERVER_DEFAULT_IP_BURST 400
#define SERVER_DEFAULT_STRIKES 10
#define SERVER_DEFAULT_IDLE_TIMEOUT 900
#define SERVER_DEFAULT_PING_INTERVAL 30

struct workers_board;

/* Runs until SIGINT or SIGTERM (then it takes no new chats, closes the open ones with 1001 after
 * writing their sessions, and exits within a few seconds). Prints "careerbot: listening on http://ADDR:PORT/" on stdout
 * once it accepts connections. On SIGHUP it calls opts->reload and, when that gives a new engine that defines every
 * text the server needs (texts_check), moves every open conversation onto it (through engine_session_save and _load, so
 * context survives), frees the engine it replaced and answers with the new one; connections stay open. *e is the engine
 * in use: the caller frees it after the run. Returns 0 after a clean stop, 1 when it could not start (a missing text is
 * one reason: each is reported as "FILE:0: ..." on stderr). */
int server_run(engine **e, store *st, const server_opts *opts);

#endif
