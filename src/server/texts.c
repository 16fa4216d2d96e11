/*
 * texts (see texts.h): the table of the server's message keys, their lookup and their check. Knows
 * keys, never sentences.
 */
#include "texts.h"
#include "protocol.h"

#include <stdio.h>

static const char *const http_keys[TEXTS_HTTP_COUNT] = {
    [TEXTS_HTTP_RESTARTING] = "http.restarting",
    [TEXTS_HTTP_TOO_MANY] = "http.too_many_chats",
    [TEXTS_HTTP_TOO_MANY_IP] = "http.too_many_chats_ip",
    [TEXTS_HTTP_ORIGIN] = "http.origin_refused",
    [TEXTS_HTTP_HOST] = "http.host_refused",
    [TEXTS_HTTP_TOO_FAST] = "http.too_many_requests",
};

static const char *error_key(const char *code, char *buf, size_t cap)
{
    snprintf(buf, cap, "error.%s", code);
    return buf;
}

static int check_key(const engine *e, const char *key, const char *file, engine_diag_fn diag, void *ud)
{
    if (engine_message(e, key))
        return 0;
    char msg[200];
    snprintf(msg, sizeof msg,
             "message \"%s\" is missing: the server needs it (a \"messages\" entry of an intents file)", key);
    if (diag)
        diag(ud, file, 0, msg);
    return -1;
}

int texts_check(const engine *e, const char *file, engine_diag_fn diag, void *ud)
{
    int rc = 0;
    char key[64];
    for (size_t i = 0; i < proto_error_count(); i++)
        if (check_key(e, error_key(proto_error_code(i), key, sizeof key), file, diag, ud) < 0)
            rc = -1;
    for (size_t i = 0; i < TEXTS_HTTP_COUNT; i++)
        if (check_key(e, http_keys[i], file, diag, ud) < 0)
            rc = -1;
    return rc;
}

const char *texts_error(const engine *e, const char *code)
{
    char key[64];
    const char *t = engine_message(e, error_key(code, key, sizeof key));
    return t ? t : code;
}

const char *texts_http_body(const engine *e, texts_http which)
{
    const char *t = engine_message(e, http_keys[which]);
    return t ? t : http_keys[which];
}
