/*
 * texts: the sentences the server shows people, taken from data. Error replies on the chat socket
 * ("error.<code>", one per protocol error code) and the bodies of refused handshakes ("http.*")
 * are the engine's messages (engine_message), defined in intents/server.json. No sentence a user
 * reads is written in src/.
 *
 * texts_check says whether every key the server can use is defined; the server refuses to start,
 * and keeps its running engine on SIGHUP, when one is missing, and `careerbot check` reports it.
 * After a successful check every lookup finds its text. No sockets here.
 */
#ifndef CAREERBOT_TEXTS_H
#define CAREERBOT_TEXTS_H

#include "engine.h"

#define TEXTS_FILE "server.json" /* the intents file that holds the server's texts */

/* The bodies of refused handshakes. */
typedef enum texts_http {
    TEXTS_HTTP_RESTARTING,  /* 503: the server is stopping */
    TEXTS_HTTP_TOO_MANY,    /* 503: --max-connections reached */
    TEXTS_HTTP_TOO_MANY_IP, /* 429: --max-connections-per-ip reached */
    TEXTS_HTTP_ORIGIN,      /* 403: the page's origin may not chat */
    TEXTS_HTTP_HOST,        /* 403: the Host header names neither --public-host nor loopback */
    TEXTS_HTTP_TOO_FAST,    /* 429: HTTP requests from one address over --ip-rate */
    TEXTS_HTTP_COUNT
} texts_http;

/* Reports, through diag as "file:0: ...", every key the server uses that e does not define (file
 * names where they belong: the intents folder's TEXTS_FILE). Returns 0, or -1 when one is missing. */
int texts_check(const engine *e, const char *file, engine_diag_fn diag, void *ud);

/* The text of error code (a protocol error code); borrowed from e. The code itself when e does not
 * define it (texts_check prevents that). */
const char *texts_error(const engine *e, const char *code);

/* The body of a refused handshake; borrowed from e (the key itself when undefined). */
const char *texts_http_body(const engine *e, texts_http which);

#endif
