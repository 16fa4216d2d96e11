/*
 * protocol: careerbot's chat protocol, JSON in and out (documented in README.md, "The protocol").
 *
 * Parsing takes one complete WebSocket text message and either returns a request or names what
 * was wrong with it (an error code). The sentence a person reads for a code is data, not code:
 * the server looks up "error.<code>" in the engine's messages (intents/server.json). The request
 * types are one table in protocol.c: nothing else knows a type by its name. Rendering turns engine
 * replies and errors into the JSON the client receives. No sockets here, and no libwebsockets:
 * the server calls this, and the unit tests call it directly.
 */
#ifndef CAREERBOT_PROTOCOL_H
#define CAREERBOT_PROTOCOL_H

#include "engine.h"

#include <stdbool.h>
#include <stddef.h>

#define PROTO_MAX_TEXT 2000  /* bytes of "text" in a message */
#define PROTO_MAX_DEPTH 8    /* nesting of objects and arrays in a message (ours is 1) */
#define PROTO_SESSION_HEX 32 /* a session id: 128 random bits as lower-case hex */

/* The request types; their names on the wire are in protocol.c's table. */
typedef enum proto_type { PROTO_HELLO, PROTO_MESSAGE, PROTO_FORGET, PROTO_TYPE_COUNT } proto_type;

typedef struct proto_request {
    proto_type type;
    char session[PROTO_SESSION_HEX + 1]; /* hello: a well-formed id, or "" when none was given */
    char *text;                          /* message: the text (owned), NUL-terminated */
    size_t text_len;
} proto_request;

typedef struct proto_error {
    const char *code; /* static: too_deep, bad_json, not_object, unknown_type, missing_text, text_too_long,
                         empty_text */
} proto_error;

/* Error codes the server sends on its own (proto_parse never gives them). */
#define PROTO_ERR_INTERNAL "internal"         /* no session could be made */
#define PROTO_ERR_RATE_LIMITED "rate_limited" /* over a message rate */
#define PROTO_ERR_BINARY_FRAME "binary_frame" /* a binary WebSocket message */

/* Parses buf[0..len). Returns 0 and fills req (free with proto_request_clear), or -1 and fills err. */
int proto_parse(const char *buf, size_t len, proto_request *req, proto_error *err);
void proto_request_clear(proto_request *req);

/* Every error code a client can receive: proto_parse's and the PROTO_ERR_ ones. i < proto_error_count();
 * the strings are static. */
size_t proto_error_count(void);
const char *proto_error_code(size_t i);
/* True when code reports a size cap of the protocol (too deep, text too long), counted as a limit. */
bool proto_error_is_limit(const char *code);

/* True when s is a well-formed session id. */
bool proto_session_valid(const char *s);

/* Renderers: each returns a NUL-terminated JSON text (caller frees) and its length in *len. */
char *proto_welcome(const char *session, bool resumed, size_t *len);
char *proto_reply(const engine_reply *r, size_t *len);
char *proto_error_json(const char *code, const char *message, size_t *len);
/* {"type":"forgotten"}: the session and its data are gone. */
char *proto_forgotten(size_t *len);

#endif
