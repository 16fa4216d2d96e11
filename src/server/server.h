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
 * reconnects. Nothing here knows an intent or a career.
 */
#ifndef CAREERBOT_SERVER_H
#define CAREERBOT_SERVER_H

#include "engine.h"
#include "origin.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>

#define SERVER_DEFAULT_MAX_MESSAGE 16384 /* bytes of one WebSocket message, all fragments together */

typedef struct server_opts {
    const char *listen;     /* address to bind, e.g. "127.0.0.1" */
    int port;               /* 0 picks a free port (printed when listening) */
    const char *web_dir;    /* static files */
    size_t max_message;     /* larger messages close the connection with 1009 */
    const origin_list *origins; /* pages that may open /chat (borrowed for the run); NULL: defaults */
    bool keep_unanswered;   /* keep the text of messages nothing understood (else only count them) */
    /* SIGHUP: a new engine from the data files, or NULL to keep the running one (the callback has
     * reported why, with file and line). May be NULL: SIGHUP is then ignored. */
    engine *(*reload)(void *ud);
    void *reload_ud;
} server_opts;

/* Runs until SIGINT or SIGTERM. Prints "careerbot: listening on http://ADDR:PORT/" on stdout once
 * it accepts connections. On SIGHUP it calls opts->reload and, when that gives a new engine,
 * moves every open conversation onto it (through engine_session_save and _load, so context
 * survives), frees the engine it replaced and answers with the new one; connections stay open.
 * *e is the engine in use: the caller frees it after the run. Returns 0 after a clean stop, 1
 * when it could not start. */
int server_run(engine **e, store *st, const server_opts *opts);

#endif
