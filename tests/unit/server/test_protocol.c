/* Unit tests for src/server/protocol.c: parsing requests and rendering replies. */
#include "protocol.h"
#include "testutil.h"
#include <cjson/cJSON.h>

/* True when code is one of the protocol's error codes (each has its sentence in the data). */
static bool listed_code(const char *code)
{
    for (size_t i = 0; i < proto_error_count(); i++)
        if (!strcmp(proto_error_code(i), code))
            return true;
    return false;
}

static void expect_error(const char *json, const char *code)
{
    proto_request req;
    proto_error err = {NULL};
    if (proto_parse(json, strlen(json), &req, &err) != -1 || !err.code || strcmp(err.code, code))
        fail_msg("%s: expected %s, got %s", json, code, err.code ? err.code : "success");
    assert_true(listed_code(err.code));
}

/* The codes: parse errors and the server's own, each once; two of them are size caps. */
static void test_error_codes(void **state)
{
    (void)state;
    static const char *const want[] = {"too_deep",      "bad_json",   "not_object", "unknown_type", "missing_text",
                                       "text_too_long", "empty_text", "internal",   "rate_limited", "binary_frame"};
    assert_int_equal(proto_error_count(), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(proto_error_code(i), want[i]);
    assert_null(proto_error_code(proto_error_count()));
    assert_true(proto_error_is_limit("too_deep"));
    assert_true(proto_error_is_limit("text_too_long"));
    assert_false(proto_error_is_limit("bad_json"));
    assert_false(proto_error_is_limit("rate_limited"));
    assert_false(proto_error_is_limit("no_such_code"));
}

/* Each request type by its name on the wire; names are case-sensitive and nothing else is a type. */
static void test_request_types(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int type; /* -1: refused as unknown_type */
    } cases[] = {
        {"{\"type\":\"hello\"}", PROTO_HELLO},
        {"{\"type\":\"message\",\"text\":\"hi\"}", PROTO_MESSAGE},
        {"{\"type\":\"forget\"}", PROTO_FORGET},
        {"{\"type\":\"forget\",\"text\":\"ignored\"}", PROTO_FORGET},
        {"{\"type\":\"Hello\"}", -1},
        {"{\"type\":\"forgetme\"}", -1},
        {"{\"type\":\"\"}", -1},
        {"{\"type\":null}", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        proto_request req;
        proto_error err = {NULL};
        int rc = proto_parse(cases[i].json, strlen(cases[i].json), &req, &err);
        if (cases[i].type < 0) {
            assert_int_equal(rc, -1);
            assert_string_equal(err.code, "unknown_type");
            continue;
        }
        assert_int_equal(rc, 0);
        assert_int_equal(req.type, cases[i].type);
        assert_int_equal(req.text != NULL, cases[i].type == PROTO_MESSAGE);
        proto_request_clear(&req);
    }
}

static void test_parse_errors(void **state)
{
    (void)state;
    expect_error("", "bad_json");
    expect_error("not json", "bad_json");
    expect_error("{\"type\":\"message\",\"text\":\"hi\"} trailing", "bad_json");
    expect_error("{\"type\":\"message\",", "bad_json");
    expect_error("[1,2]", "not_object");
    expect_error("\"text\"", "not_object");
    expect_error("42", "not_object");
    expect_error("{}", "unknown_type");
    expect_error("{\"type\":\"shout\"}", "unknown_type");
    expect_error("{\"type\":7}", "unknown_type");
    expect_error("{\"TYPE\":\"message\",\"text\":\"hi\"}", "unknown_type");
    expect_error("{\"type\":\"message\"}", "missing_text");
    expect_error("{\"type\":\"message\",\"text\":5}", "missing_text");
    expect_error("{\"type\":\"message\",\"text\":null}", "missing_text");
    expect_error("{\"type\":\"message\",\"text\":\"  \\n \"}", "empty_text");
    expect_error("{\"type\":\"message\",\"text\":\"\"}", "empty_text");
}

static void test_text_cap(void **state)
{
    (void)state;
    char json[2100];
    proto_request req;
    proto_error err;
    for (int n = PROTO_MAX_TEXT; n <= PROTO_MAX_TEXT + 1; n++) {
        int k = snprintf(json, sizeof json, "{\"type\":\"message\",\"text\":\"");
        memset(json + k, 'x', (size_t)n);
        strcpy(json + k + n, "\"}");
        int rc = proto_parse(json, strlen(json), &req, &err);
        if (n == PROTO_MAX_TEXT) {
            assert_int_equal(rc, 0);
            assert_int_equal(req.text_len, PROTO_MAX_TEXT);
            proto_request_clear(&req);
        } else {
            assert_int_equal(rc, -1);
            assert_string_equal(err.code, "text_too_long");
        }
    }
}

static void test_parse_ok(void **state)
{
    (void)state;
    proto_request req;
    proto_error err;
    const char *m = "{\"type\":\"message\",\"text\":\"Qu\\u00e9 hace? \xf0\x9f\xa4\x96\"}";
    assert_int_equal(proto_parse(m, strlen(m), &req, &err), 0);
    assert_int_equal(req.type, PROTO_MESSAGE);
    assert_string_equal(req.text, "Qu\xc3\xa9 hace? \xf0\x9f\xa4\x96");
    proto_request_clear(&req);

    const char *h = "{\"type\":\"hello\",\"session\":\"0123456789abcdef0123456789abcdef\"}";
    assert_int_equal(proto_parse(h, strlen(h), &req, &err), 0);
    assert_int_equal(req.type, PROTO_HELLO);
    assert_string_equal(req.session, "0123456789abcdef0123456789abcdef");
    /* Malformed ids are dropped, not errors: the client gets a fresh session. */
    static const char *const bad_ids[] = {
        "{\"type\":\"hello\",\"session\":\"../etc/passwd\"}",
        "{\"type\":\"hello\",\"session\":\"0123456789ABCDEF0123456789ABCDEF\"}",
        "{\"type\":\"hello\",\"session\":\"0123456789abcdef0123456789abcdef0\"}",
        "{\"type\":\"hello\",\"session\":12}",
        "{\"type\":\"hello\"}",
    };
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        assert_int_equal(proto_parse(bad_ids[i], strlen(bad_ids[i]), &req, &err), 0);
        assert_string_equal(req.session, "");
    }
    /* Not NUL-terminated: the parser must stop at len. */
    const char buf[] = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', 'h', 'e', 'l', 'l', 'o', '"', '}', 'X', 'X'};
    assert_int_equal(proto_parse(buf, 16, &req, &err), 0);
}

static void test_render(void **state)
{
    (void)state;
    size_t len;
    engine_reply r = {0};
    char text[] = "Line \"one\"\n- two <b>", label[] = "A", qtext[] = "Ask A";
    r.text = text;
    r.quick[0].label = label;
    r.quick[0].text = qtext;
    r.n_quick = 1;
    r.intent = "career.describe";
    r.career_id = "x";
    r.career_title = "X";
    char *s = proto_reply(&r, &len);
    assert_string_equal(s, "{\"type\":\"reply\",\"text\":\"Line \\\"one\\\"\\n- two "
                           "<b>\",\"quick_replies\":[{\"label\":\"A\",\"text\":\"Ask A\"}],"
                           "\"intent\":\"career.describe\",\"career\":{\"id\":\"x\",\"title\":\"X\"}}");
    assert_int_equal(len, strlen(s));
    free(s);
    s = proto_welcome("abc", true, &len);
    assert_string_equal(s, "{\"type\":\"welcome\",\"session\":\"abc\",\"resumed\":true}");
    free(s);
    s = proto_error_json("bad_json", "Nope.", &len);
    assert_string_equal(s, "{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"Nope.\"}");
    free(s);
}

/* The reply writer escapes what JSON needs and keeps UTF-8: parsed back, every string is the same. */
static void test_render_round_trip(void **state)
{
    (void)state;
    engine_reply r;
    memset(&r, 0, sizeof r);
    char text[64];
    snprintf(text, sizeof text, "tab\there \x01\x1f quote\" back\\ caf\xc3\xa9 \xe2\x80\x94 end");
    r.text = text;
    char label[] = "\"L\"", qtext[] = "a\nb";
    r.quick[0].label = label;
    r.quick[0].text = qtext;
    r.n_quick = 1;
    r.intent = "i.d";
    r.total = 30;
    r.answered = 7;
    r.chart = true;
    r.scores[2] = 39.6;
    size_t len;
    char *s = proto_reply(&r, &len);
    cJSON *o = cJSON_ParseWithLength(s, len);
    assert_non_null(o);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "text")), text);
    const cJSON *q = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "quick_replies"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(q, "label")), "\"L\"");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(q, "text")), "a\nb");
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "progress"), "answered")), 7);
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "chart"), "A")), 40);
    cJSON_Delete(o);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_errors),      cmocka_unit_test(test_error_codes),
        cmocka_unit_test(test_request_types),     cmocka_unit_test(test_text_cap),
        cmocka_unit_test(test_parse_ok),          cmocka_unit_test(test_render),
        cmocka_unit_test(test_render_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
