/*
 * Fuzz target: the chat message parser (proto_parse), on any bytes a WebSocket text message could
 * carry. A request that parses must be well formed (a message has non-blank text of at most
 * PROTO_MAX_TEXT bytes; a hello's session is "" or a valid id); a refusal must name its code. The
 * text of an accepted message then goes out through proto_reply and must come back unchanged
 * when the client parses the reply.
 */
#include "protocol.h"

#include "fuzz_util.h"

#include <cjson/cJSON.h>

static void check_reply_round_trip(const char *text)
{
    engine_reply r;
    memset(&r, 0, sizeof r);
    r.text = (char *)text;
    r.intent = "fuzz";
    size_t len;
    char *json = proto_reply(&r, &len);
    FUZZ_CHECK(json && strlen(json) == len);
    cJSON *o = cJSON_ParseWithLength(json, len);
    FUZZ_CHECK(o);
    const char *back = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "text"));
    FUZZ_CHECK(back && !strcmp(back, text));
    cJSON_Delete(o);
    free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    proto_request req;
    proto_error err;
    if (proto_parse((const char *)data, size, &req, &err) == 0) {
        switch (req.type) {
        case PROTO_HELLO:
            FUZZ_CHECK(req.session[0] == '\0' || proto_session_valid(req.session));
            FUZZ_CHECK(!req.text);
            break;
        case PROTO_MESSAGE:
            FUZZ_CHECK(req.text && strlen(req.text) == req.text_len);
            FUZZ_CHECK(req.text_len > 0 && req.text_len <= PROTO_MAX_TEXT);
            FUZZ_CHECK(strspn(req.text, " \t\r\n") < req.text_len);
            check_reply_round_trip(req.text);
            break;
        case PROTO_FORGET:
            FUZZ_CHECK(!req.text);
            break;
        default:
            FUZZ_CHECK(!"unknown request type");
        }
        proto_request_clear(&req);
    } else {
        FUZZ_CHECK(err.code);
        size_t len;
        char *json = proto_error_json(err.code, err.code, &len);
        FUZZ_CHECK(json && strlen(json) == len);
        free(json);
    }
    return 0;
}
