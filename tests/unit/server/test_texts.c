/* Unit tests for src/server/texts.c: the server's sentences come from intents/ (server.json), and a
 * missing one is reported with its file. */
#include "protocol.h"
#include "testutil.h"
#include "texts.h"

static engine *load(const char *intents, collected *got)
{
    engine_opts o = {0};
    o.intents_dir = intents;
    o.content_dir = FIXTURES "/content";
    o.diag = collect_diag;
    o.diag_ud = got;
    return engine_new(&o);
}

/* The repository's data defines every key, with the sentences clients and tests rely on. */
static void test_repository_texts(void **state)
{
    (void)state;
    collected got = {"", 0};
    engine *e = load(REPO_INTENTS, &got);
    if (!e)
        fail_msg("the repository's intents do not load:\n%s", got.text);
    assert_int_equal(texts_check(e, "server.json", collect_diag, &got), 0);
    assert_int_equal(got.count, 0);
    for (size_t i = 0; i < proto_error_count(); i++)
        assert_string_not_equal(texts_error(e, proto_error_code(i)), proto_error_code(i));
    assert_string_equal(texts_error(e, PROTO_ERR_RATE_LIMITED),
                        "You are sending messages faster than I can answer. Please wait a moment.");
    assert_string_equal(texts_error(e, "unknown_type"),
                        "Unknown message type. Use \"hello\", \"message\" or \"forget\".");
    assert_string_equal(texts_http_body(e, TEXTS_HTTP_TOO_MANY_IP), "Too many chats from this address.");
    assert_string_equal(texts_http_body(e, TEXTS_HTTP_ORIGIN), "This site may not open the careerbot chat.");
    assert_string_equal(texts_error(e, "no_such_code"), "no_such_code"); /* never NULL */
    engine_free(e);
}

/* A copy of intents/ whose server.json lacks two keys: both are reported against the file named,
 * and lookups fall back to the key rather than NULL. */
static void test_missing_texts(void **state)
{
    (void)state;
    char dir[64], cmd[256];
    temp_dir(dir, sizeof dir);
    snprintf(cmd, sizeof cmd, "cp '%s'/*.json '%s'/", REPO_INTENTS, dir);
    assert_int_equal(system(cmd), 0);
    write_file(dir, "server.json",
               "{\"messages\": {\"error.too_deep\": \"a\", \"error.bad_json\": \"b\", \"error.not_object\": \"c\",\n"
               " \"error.unknown_type\": \"d\", \"error.missing_text\": \"e\", \"error.text_too_long\": \"f\",\n"
               " \"error.empty_text\": \"g\", \"error.internal\": \"h\", \"error.binary_frame\": \"i\",\n"
               " \"http.restarting\": \"j\", \"http.too_many_chats\": \"k\", \"http.too_many_chats_ip\": \"l\",\n"
               " \"http.host_refused\": \"m\", \"http.too_many_requests\": \"n\"}}\n");
    collected got = {"", 0};
    engine *e = load(dir, &got);
    if (!e)
        fail_msg("the copy does not load:\n%s", got.text);
    assert_int_equal(texts_check(e, "intents/server.json", collect_diag, &got), -1);
    assert_int_equal(got.count, 2);
    assert_string_equal(got.text,
                        "intents/server.json:0: message \"error.rate_limited\" is missing: the server needs it (a "
                        "\"messages\" entry of an intents file)\n"
                        "intents/server.json:0: message \"http.origin_refused\" is missing: the server needs it (a "
                        "\"messages\" entry of an intents file)\n");
    assert_int_equal(texts_check(e, "x", NULL, NULL), -1); /* no callback: the answer alone */
    assert_string_equal(texts_error(e, PROTO_ERR_RATE_LIMITED), "rate_limited");
    assert_string_equal(texts_error(e, PROTO_ERR_BINARY_FRAME), "i");
    assert_string_equal(texts_http_body(e, TEXTS_HTTP_ORIGIN), "http.origin_refused");
    assert_string_equal(texts_http_body(e, TEXTS_HTTP_RESTARTING), "j");
    engine_free(e);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repository_texts),
        cmocka_unit_test(test_missing_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
