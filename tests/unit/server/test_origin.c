/* Unit tests for src/server/origin.c: the normal form of an origin, and who may open the chat. */
#include "origin.h"
#include "testutil.h"

/* origin_normalize: input, and the normal form ("" when refused). */
static const struct {
    const char *in;
    const char *want;
} normal_cases[] = {
    /* exact and case */
    {"http://example.org", "http://example.org"},
    {"https://example.org", "https://example.org"},
    {"HTTPS://Example.ORG", "https://example.org"},
    {"hTTp://LOCALHOST", "http://localhost"},
    {"https://example.org.", "https://example.org."},
    /* ports: the scheme's default is dropped, others kept */
    {"https://example.org:443", "https://example.org"},
    {"http://example.org:80", "http://example.org"},
    {"http://example.org:443", "http://example.org:443"},
    {"https://example.org:80", "https://example.org:80"},
    {"http://localhost:3000", "http://localhost:3000"},
    {"http://example.org:65535", "http://example.org:65535"},
    {"http://example.org:08080", "http://example.org:8080"},
    {"http://example.org:0", ""},
    {"http://example.org:65536", ""},
    {"http://example.org:123456", ""},
    {"http://example.org:", ""},
    {"http://example.org:8a", ""},
    {"http://example.org:-1", ""},
    /* schemes */
    {"ftp://example.org", ""},
    {"ws://example.org", ""},
    {"//example.org", ""},
    {"example.org", ""},
    {"https:/example.org", ""},
    /* one trailing slash names the same origin; anything more is junk */
    {"https://example.org/", "https://example.org"},
    {"https://example.org:8443/", "https://example.org:8443"},
    {"https://example.org//", ""},
    {"https://example.org/path", ""},
    {"https://example.org?q=1", ""},
    {"https://example.org#x", ""},
    {"https://user@example.org", ""},
    {"https://exa mple.org", ""},
    {"https://exa_mple.org", ""},
    {"https://example.org ", ""},
    /* what browsers send for sandboxed frames and files, and nothing */
    {"null", ""},
    {"", ""},
    {"http://", ""},
    {"https://", ""},
    {"https://:443", ""},
    /* IPv6 literals */
    {"http://[::1]", "http://[::1]"},
    {"http://[::1]:8080", "http://[::1]:8080"},
    {"https://[2001:DB8::1]:443", "https://[2001:db8::1]"},
    {"http://[::ffff:127.0.0.1]", "http://[::ffff:127.0.0.1]"},
    {"http://[::1", ""},
    {"http://[::g]", ""},
    {"http://[::1]x", ""},
    {"http://[::1]:", ""},
    {"http://::1", ""},
};

static void test_normalize(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof normal_cases / sizeof normal_cases[0]; i++) {
        char out[ORIGIN_MAX] = "untouched";
        int rc = origin_normalize(normal_cases[i].in, strlen(normal_cases[i].in), out);
        const char *got = rc == 0 ? out : "";
        if (rc != (normal_cases[i].want[0] ? 0 : -1) || strcmp(got, normal_cases[i].want))
            fail_msg("origin_normalize(\"%s\"): rc %d, \"%s\"; expected \"%s\"", normal_cases[i].in, rc, got,
                     normal_cases[i].want);
    }
}

/* The length is the input's end: bytes past it are not read. */
static void test_normalize_length(void **state)
{
    (void)state;
    char out[ORIGIN_MAX];
    const char *in = "http://example.org:8080garbage";
    assert_int_equal(origin_normalize(in, 23, out), 0);
    assert_string_equal(out, "http://example.org:8080");
    assert_int_equal(origin_normalize(in, 19, out), -1); /* "http://example.org:" */
    assert_int_equal(origin_normalize(in, 0, out), -1);
}

/* Overlong hosts: the normal form with a port must fit in ORIGIN_MAX bytes. */
static void test_normalize_overlong(void **state)
{
    (void)state;
    char in[600], out[ORIGIN_MAX];
    for (size_t host = 240; host <= 245; host++) {
        int n = snprintf(in, sizeof in, "http://%0*d", (int)host, 0);
        int rc = origin_normalize(in, (size_t)n, out);
        assert_int_equal(rc, host <= 242 ? 0 : -1); /* 7 + host + 7 (":65535" and the NUL) <= 256 */
        if (rc == 0)
            assert_int_equal(strlen(out), 7 + host);
    }
    memset(in, 'a', sizeof in);
    memcpy(in, "https://", 8);
    assert_int_equal(origin_normalize(in, sizeof in, out), -1);
}

enum { ANY_LIST, DEFAULTS, REQUIRED };

/* origin_allowed: which list, the Origin header (NULL: none), the Host header, and the answer. */
static const struct {
    int list;
    const char *origin, *host;
    bool want;
} allowed_cases[] = {
    /* no Origin: a program, not a page; allowed unless required */
    {DEFAULTS, NULL, "127.0.0.1:8080", true},
    {DEFAULTS, "", "127.0.0.1:8080", true},
    {REQUIRED, NULL, "127.0.0.1:8080", false},
    {REQUIRED, "", "127.0.0.1:8080", false},
    {DEFAULTS, "null", "127.0.0.1:8080", false},
    {DEFAULTS, "not an origin", "127.0.0.1:8080", false},
    /* defaults: local pages on any port */
    {DEFAULTS, "http://localhost:3000", "127.0.0.1:8080", true},
    {DEFAULTS, "http://127.0.0.1:5555", "127.0.0.1:8080", true},
    {DEFAULTS, "https://LOCALHOST", NULL, true},
    {DEFAULTS, "http://[::1]:9", "127.0.0.1:8080", true},
    {DEFAULTS, "http://localhost.evil.example", "127.0.0.1:8080", false},
    {DEFAULTS, "http://127.0.0.2", "127.0.0.1:8080", false},
    {DEFAULTS, "https://evil.example", "127.0.0.1:8080", false},
    /* the server's own page: same scheme, host and port as the Host header */
    {DEFAULTS, "http://chat.example.org:8080", "chat.example.org:8080", true},
    {DEFAULTS, "HTTP://Chat.Example.ORG:8080/", "chat.example.org:8080", true},
    {DEFAULTS, "https://chat.example.org", "chat.example.org", true},
    {DEFAULTS, "https://chat.example.org", "chat.example.org:443", true},
    {DEFAULTS, "http://chat.example.org", "chat.example.org:8080", false},
    {DEFAULTS, "http://chat.example.org:8081", "chat.example.org:8080", false},
    {DEFAULTS, "http://chat.example.org", NULL, false},
    {DEFAULTS, "http://chat.example.org", "", false},
    {DEFAULTS, "http://chat.example.org", "chat.example.org/x", false},
    /* a list: exact origins, in normal form; the defaults no longer apply */
    {ANY_LIST, "https://www.example.org", "chat.example.org", true},
    {ANY_LIST, "https://WWW.example.org:443/", "chat.example.org", true},
    {ANY_LIST, "http://www.example.org", "chat.example.org", false},
    {ANY_LIST, "https://www.example.org:8443", "chat.example.org", false},
    {ANY_LIST, "https://example.org", "chat.example.org", false},
    {ANY_LIST, "https://www.example.org.evil.example", "chat.example.org", false},
    {ANY_LIST, "http://localhost:3000", "chat.example.org", true}, /* listed below */
    {ANY_LIST, "http://localhost:3001", "chat.example.org", false},
    {ANY_LIST, "http://[::1]:8080", "chat.example.org", true},
    {ANY_LIST, "http://[::1]", "chat.example.org", false},
    {ANY_LIST, "https://chat.example.org", "chat.example.org", true},
};

static void test_allowed(void **state)
{
    (void)state;
    origin_list *lists[3];
    char err[200];
    for (int i = 0; i < 3; i++)
        assert_non_null(lists[i] = origin_list_new());
    assert_int_equal(origin_list_add(lists[ANY_LIST], "https://www.example.org", err, sizeof err), 0);
    assert_int_equal(origin_list_add(lists[ANY_LIST], "http://localhost:3000", err, sizeof err), 0);
    assert_int_equal(origin_list_add(lists[ANY_LIST], "http://[::1]:8080/", err, sizeof err), 0);
    assert_int_equal(origin_list_count(lists[ANY_LIST]), 3);
    assert_int_equal(origin_list_count(lists[DEFAULTS]), 0);
    origin_list_require(lists[REQUIRED], true);
    for (size_t i = 0; i < sizeof allowed_cases / sizeof allowed_cases[0]; i++) {
        bool got = origin_allowed(lists[allowed_cases[i].list], allowed_cases[i].origin, allowed_cases[i].host);
        if (got != allowed_cases[i].want)
            fail_msg("case %zu: origin %s, host %s: %s, expected %s", i,
                     allowed_cases[i].origin ? allowed_cases[i].origin : "(none)",
                     allowed_cases[i].host ? allowed_cases[i].host : "(none)", got ? "allowed" : "refused",
                     allowed_cases[i].want ? "allowed" : "refused");
    }
    for (int i = 0; i < 3; i++)
        origin_list_free(lists[i]);
    origin_list_free(NULL);
}

static void test_list_add(void **state)
{
    (void)state;
    origin_list *l = origin_list_new();
    char err[200] = "";
    assert_int_equal(origin_list_add(l, "www.example.org", err, sizeof err), -1);
    assert_string_equal(err,
                        "\"www.example.org\" is not an origin like https://www.example.org or http://localhost:3000");
    assert_int_equal(origin_list_add(l, "https://www.example.org/app", err, sizeof err), -1);
    assert_int_equal(origin_list_count(l), 0);
    char o[64];
    for (int i = 0; i < 64; i++) {
        snprintf(o, sizeof o, "https://site%d.example.org", i);
        assert_int_equal(origin_list_add(l, o, err, sizeof err), 0);
    }
    assert_int_equal(origin_list_add(l, "https://one-too-many.example.org", err, sizeof err), -1);
    assert_string_equal(err, "at most 64 origins may be allowed");
    assert_int_equal(origin_list_count(l), 64);
    assert_true(origin_allowed(l, "https://site63.example.org", NULL));
    assert_false(origin_allowed(l, "https://one-too-many.example.org", NULL));
    origin_list_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize),          cmocka_unit_test(test_normalize_length),
        cmocka_unit_test(test_normalize_overlong), cmocka_unit_test(test_allowed),
        cmocka_unit_test(test_list_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
