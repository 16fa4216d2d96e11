/*
 * protocol (see protocol.h). Sections: the table of error codes; parsing, with the table of request
 * types; rendering. Knows codes and type names, never a sentence for people.
 */
#include "protocol.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every error code a client can receive, and whether it reports a size cap (counted as a limit).
 * Their sentences are data: "error.<code>" in intents/server.json. */
static const struct {
    const char *code;
    bool limit;
} error_codes[] = {
    {"too_deep", true},
    {"bad_json", false},
    {"not_object", false},
    {"unknown_type", false},
    {"missing_text", false},
    {"text_too_long", true},
    {"empty_text", false},
    {PROTO_ERR_INTERNAL, false},
    {PROTO_ERR_RATE_LIMITED, false},
    {PROTO_ERR_BINARY_FRAME, false},
};

size_t proto_error_count(void)
{
    return sizeof error_codes / sizeof error_codes[0];
}

const char *proto_error_code(size_t i)
{
    return i < proto_error_count() ? error_codes[i].code : NULL;
}

bool proto_error_is_limit(const char *code)
{
    for (size_t i = 0; i < proto_error_count(); i++)
        if (!strcmp(error_codes[i].code, code))
            return error_codes[i].limit;
    return false;
}

static int fail(proto_error *err, const char *code)
{
    err->code = code;
    return -1;
}

bool proto_session_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')) || n >= PROTO_SESSION_HEX)
            return false;
    return n == PROTO_SESSION_HEX;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!strchr(" \t\r\n", *s))
            return false;
    return true;
}

/* The deepest nesting of [ and { in buf, outside strings: checked before cJSON recurses into it. */
static int json_depth(const char *buf, size_t len)
{
    int depth = 0, max = 0;
    bool str = false;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                str = false;
        } else if (c == '"') {
            str = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max)
                max = depth;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return max;
}

/* hello: a missing or malformed session id is not an error: the client simply gets a fresh session. */
static int parse_hello(const cJSON *root, proto_request *req, proto_error *err)
{
    (void)err;
    const char *sid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "session"));
    if (sid && proto_session_valid(sid))
        memcpy(req->session, sid, PROTO_SESSION_HEX + 1);
    return 0;
}

/* message: a non-blank "text" of at most PROTO_MAX_TEXT bytes. */
static int parse_message(const cJSON *root, proto_request *req, proto_error *err)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
    if (!cJSON_IsString(text) || !text->valuestring)
        return fail(err, "missing_text");
    size_t tl = strlen(text->valuestring);
    if (tl > PROTO_MAX_TEXT)
        return fail(err, "text_too_long");
    if (blank(text->valuestring))
        return fail(err, "empty_text");
    req->text = xstrndup(text->valuestring, tl);
    req->text_len = tl;
    return 0;
}

/* The request types by proto_type: the only place that knows their names. fields reads the rest of
 * the object (NULL: the type needs nothing more). */
static const struct {
    const char *name;
    int (*fields)(const cJSON *root, proto_request *req, proto_error *err);
} request_types[PROTO_TYPE_COUNT] = {
    [PROTO_HELLO] = {"hello", parse_hello},
    [PROTO_MESSAGE] = {"message", parse_message},
    [PROTO_FORGET] = {"forget", NULL},
};

/* An object: its "type" names the request (case-sensitive), whose fields are then read. */
static int parse_request(const cJSON *root, proto_request *req, proto_error *err)
{
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "type"));
    for (size_t i = 0; type && i < PROTO_TYPE_COUNT; i++) {
        if (strcmp(type, request_types[i].name))
            continue;
        req->type = (proto_type)i;
        return request_types[i].fields ? request_types[i].fields(root, req, err) : 0;
    }
    return fail(err, "unknown_type");
}

int proto_parse(const char *buf, size_t len, proto_request *req, proto_error *err)
{
    memset(req, 0, sizeof *req);
    if (json_depth(buf, len) > PROTO_MAX_DEPTH)
        return fail(err, "too_deep");
    /* Network bytes are not NUL-terminated; cJSON needs the NUL inside the length to refuse
     * trailing garbage (see docs/c-notes.md §6). */
    char *copy = xstrndup(buf, len);
    cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, NULL, 1);
    free(copy);
    if (!root)
        return fail(err, "bad_json");
    int rc = cJSON_IsObject(root) ? parse_request(root, req, err) : fail(err, "not_object");
    cJSON_Delete(root);
    return rc;
}

void proto_request_clear(proto_request *req)
{
    free(req->text);
    memset(req, 0, sizeof *req);
}

static char *print(cJSON *o, size_t *len)
{
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s)
        util_oom("rendering JSON", 0);
    char *copy = xstrdup(s); /* callers free with free() */
    cJSON_free(s);
    *len = strlen(copy);
    return copy;
}

char *proto_welcome(const char *session, bool resumed, size_t *len)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "welcome");
    cJSON_AddStringToObject(o, "session", session);
    cJSON_AddBoolToObject(o, "resumed", resumed);
    return print(o, len);
}

/* Replies are written straight into one buffer (no cJSON tree): they are the hot path. */
char *proto_reply(const engine_reply *r, size_t *len)
{
    sbuf b = SBUF_INIT;
    sbuf_puts(&b, "{\"type\":\"reply\",\"text\":");
    sbuf_json_str(&b, r->text ? r->text : "");
    sbuf_puts(&b, ",\"quick_replies\":[");
    for (size_t i = 0; i < r->n_quick; i++) {
        sbuf_puts(&b, i ? ",{\"label\":" : "{\"label\":");
        sbuf_json_str(&b, r->quick[i].label);
        sbuf_puts(&b, ",\"text\":");
        sbuf_json_str(&b, r->quick[i].text);
        sbuf_putc(&b, '}');
    }
    sbuf_putc(&b, ']');
    if (r->intent) {
        sbuf_puts(&b, ",\"intent\":");
        sbuf_json_str(&b, r->intent);
    }
    if (r->action) {
        sbuf_puts(&b, ",\"action\":");
        sbuf_json_str(&b, r->action);
    }
    if (r->total > 0)
        sbuf_printf(&b, ",\"progress\":{\"answered\":%d,\"total\":%d}", r->answered, r->total);
    if (r->chart) {
        /* The six interest scores, 0 to 40, for the widget's chart. */
        static const char *const keys[6] = {"R", "I", "A", "S", "E", "C"};
        sbuf_puts(&b, ",\"chart\":{");
        for (int i = 0; i < 6; i++)
            sbuf_printf(&b, "%s\"%s\":%d", i ? "," : "", keys[i], (int)(r->scores[i] + 0.5));
        sbuf_putc(&b, '}');
    }
    if (r->career_id) {
        sbuf_puts(&b, ",\"career\":{\"id\":");
        sbuf_json_str(&b, r->career_id);
        sbuf_puts(&b, ",\"title\":");
        sbuf_json_str(&b, r->career_title ? r->career_title : "");
        sbuf_putc(&b, '}');
    }
    sbuf_putc(&b, '}');
    *len = b.len;
    return sbuf_steal(&b);
}

char *proto_error_json(const char *code, const char *message, size_t *len)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "error");
    cJSON_AddStringToObject(o, "code", code);
    cJSON_AddStringToObject(o, "message", message);
    return print(o, len);
}

char *proto_forgotten(size_t *len)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "forgotten");
    return print(o, len);
}
