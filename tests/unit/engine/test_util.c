/* Unit tests for src/engine/util.c: the allocators, sbuf (growth, binary safety, steal), JSON string
 * escaping, strmap (growth, replacement, colliding keys), the *.json listing and diagnostics. */
#include "hash.h"
#include "testutil.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <limits.h>

/* s as sbuf_json_str writes it, in a static buffer. */
static const char *json(const char *s)
{
    static char out[1024];
    sbuf b = SBUF_INIT;
    sbuf_json_str(&b, s);
    snprintf(out, sizeof out, "%s", sbuf_str(&b));
    sbuf_free(&b);
    return out;
}

/* ===================== Allocators ===================== */

static void test_alloc(void **state)
{
    (void)state;
    void *p = xmalloc(0); /* never NULL, even for 0 bytes */
    assert_non_null(p);
    free(p);
    p = xcalloc(0, 0);
    assert_non_null(p);
    free(p);
    unsigned char *z = xcalloc(16, 4);
    for (size_t i = 0; i < 64; i++)
        assert_int_equal(z[i], 0);
    z = xrealloc(z, 4096);
    assert_int_equal(z[63], 0); /* realloc keeps what was there */
    free(z);
    p = xrealloc(NULL, 10);
    assert_non_null(p);
    p = xrealloc(p, 0);
    assert_non_null(p);
    free(p);

    char *s = xstrndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    s = xstrndup("ab\0cd", 5); /* n bytes exactly, NUL included, then a NUL */
    assert_memory_equal(s, "ab\0cd\0", 6);
    free(s);
    s = xstrndup("", 0);
    assert_string_equal(s, "");
    free(s);
    s = xstrdup("careerbot");
    assert_string_equal(s, "careerbot");
    free(s);
}

/* ===================== sbuf ===================== */

static void test_sbuf_basics(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_string_equal(sbuf_str(&b), "");

    sbuf_puts(&b, "nurse");
    sbuf_putc(&b, ' ');
    sbuf_append(&b, "pilot!!", 5); /* n bytes, not the whole string */
    sbuf_printf(&b, " %d-%s-%05.1f", 42, "x", 3.14159);
    assert_string_equal(sbuf_str(&b), "nurse pilot 42-x-003.1");
    assert_int_equal(b.len, 22);
    assert_true(b.cap > b.len);

    /* sbuf_reset empties it and keeps the memory. */
    char *p = b.p;
    size_t cap = b.cap;
    sbuf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(sbuf_str(&b), "");
    assert_ptr_equal(b.p, p);
    assert_int_equal(b.cap, cap);
    sbuf_puts(&b, "again");
    assert_string_equal(sbuf_str(&b), "again");

    sbuf_free(&b);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    sbuf_free(&b);  /* twice is fine */
    sbuf_reset(&b); /* and so is resetting an empty one */
    assert_string_equal(sbuf_str(&b), "");
}

static void test_sbuf_binary(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    sbuf_append(&b, "", 0); /* nothing appended, but the buffer now exists and is a string */
    assert_non_null(b.p);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.p, "");

    sbuf_append(&b, "a\0b", 3);
    sbuf_putc(&b, '\0');
    sbuf_putc(&b, 'c');
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.p, "a\0b\0c\0", 6); /* len counts every byte; a NUL follows */

    /* A printf that writes nothing changes nothing (the buffer of an empty sbuf stays NULL). */
    sbuf e = SBUF_INIT;
    sbuf_printf(&e, "%s", "");
    assert_null(e.p);
    assert_int_equal(e.len, 0);
    sbuf_printf(&b, "%s", "");
    assert_int_equal(b.len, 5);
    sbuf_free(&b);
}

static void test_sbuf_growth(void **state)
{
    (void)state;
    enum { N = 100000 };
    sbuf b = SBUF_INIT;
    int cap_changes = 0;
    size_t last_cap = 0;
    for (size_t i = 0; i < N; i++) {
        sbuf_putc(&b, (char)('a' + i % 26));
        assert_int_equal(b.len, i + 1);
        assert_true(b.cap > b.len); /* room for the NUL */
        assert_int_equal(b.p[b.len], '\0');
        if (b.cap != last_cap) {
            cap_changes++;
            last_cap = b.cap;
        }
    }
    for (size_t i = 0; i < N; i++)
        if (b.p[i] != (char)('a' + i % 26))
            fail_msg("byte %zu is %c", i, b.p[i]);
    /* Doubling: about log2(N) reallocations, not one per append. */
    assert_in_range(cap_changes, 1, 20);

    /* One large printf into a non-empty buffer. */
    char big[3001];
    memset(big, 'x', 3000);
    big[3000] = '\0';
    sbuf_reset(&b);
    sbuf_puts(&b, "<");
    sbuf_printf(&b, "%s>%d", big, 7);
    assert_int_equal(b.len, 3003);
    assert_int_equal(b.p[0], '<');
    assert_int_equal(b.p[3000], 'x');
    assert_string_equal(b.p + 3001, ">7");
    sbuf_free(&b);
}

static void test_sbuf_steal(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    char *s = sbuf_steal(&b); /* never NULL, even when nothing was appended */
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);

    sbuf_puts(&b, "software engineer");
    char *want = b.p;
    s = sbuf_steal(&b);
    assert_ptr_equal(s, want); /* the bytes themselves, not a copy */
    assert_string_equal(s, "software engineer");
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_string_equal(sbuf_str(&b), "");
    free(s);

    sbuf_puts(&b, "reused"); /* b works again after a steal */
    s = sbuf_steal(&b);
    assert_string_equal(s, "reused");
    free(s);
}

/* ===================== JSON strings ===================== */

static void test_json_str_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", "\"\""},
        {"plain text", "\"plain text\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"\"\"", "\"\\\"\\\"\""},
        {"a\\b", "\"a\\\\b\""},
        {"end\\", "\"end\\\\\""},
        {"\\\"", "\"\\\\\\\"\""},
        {"line\nnext\r\ttab", "\"line\\nnext\\r\\ttab\""},
        {"\x01", "\"\\u0001\""},
        {"\b\f", "\"\\u0008\\u000c\""}, /* no short forms for backspace and form feed */
        {"\x1b[0m", "\"\\u001b[0m\""},
        {"\x1f", "\"\\u001f\""},
        {" ", "\" \""},                     /* 0x20: the first byte that is not escaped */
        {"\x7f", "\"\x7f\""},               /* DEL is not a JSON control character */
        {"/ </script>", "\"/ </script>\""}, /* the slash is not escaped */
        {"caf\xc3\xa9 \xf0\x9f\xa4\x96", "\"caf\xc3\xa9 \xf0\x9f\xa4\x96\""}, /* UTF-8 as is */
        {"\xe2\x80\xa8", "\"\xe2\x80\xa8\""},                                 /* U+2028 too */
        {"bad \xff\xfe \xc3 byte", "\"bad \xff\xfe \xc3 byte\""},             /* not validated */
        {"ab\0cd", "\"ab\""},                                                 /* a C string: it ends at the first NUL */
        {"\t\"\\\n", "\"\\t\\\"\\\\\\n\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(json(cases[i].in), cases[i].out);
}

static void test_json_str_controls(void **state)
{
    (void)state;
    for (int c = 1; c < 0x20; c++) {
        char in[2] = {(char)c, '\0'};
        char want[16];
        if (c == '\n')
            snprintf(want, sizeof want, "\"\\n\"");
        else if (c == '\r')
            snprintf(want, sizeof want, "\"\\r\"");
        else if (c == '\t')
            snprintf(want, sizeof want, "\"\\t\"");
        else
            snprintf(want, sizeof want, "\"\\u00%c%c\"", "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15]);
        assert_string_equal(json(in), want);
    }
}

/* Whatever ASCII goes in, a JSON parser reads back exactly the same string. */
static void test_json_str_round_trip(void **state)
{
    (void)state;
    char in[130];
    size_t n = 0;
    for (int c = 127; c >= 1; c--)
        in[n++] = (char)c;
    in[n] = '\0';
    const char *samples[] = {in, "caf\xc3\xa9 \xf0\x9f\xa4\x96 \"q\" \\ \n", "", "\x01\x02\x03"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        sbuf b = SBUF_INIT;
        sbuf_puts(&b, "{\"k\": ");
        sbuf_json_str(&b, samples[i]); /* appends to what is there */
        sbuf_putc(&b, '}');
        cJSON *doc = cJSON_Parse(sbuf_str(&b));
        assert_non_null(doc);
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(doc, "k");
        assert_true(cJSON_IsString(k));
        assert_string_equal(k->valuestring, samples[i]);
        cJSON_Delete(doc);
        sbuf_free(&b);
    }
}

/* ===================== strmap ===================== */

static void test_strmap_basics(void **state)
{
    (void)state;
    strmap m = {0};
    assert_int_equal(strmap_get(&m, "nurse", 5), -1); /* an empty map has no table yet */

    strmap_put(&m, "nurse", 5, 1);
    strmap_put(&m, "pilot", 5, 2);
    assert_int_equal(strmap_get(&m, "nurse", 5), 1);
    assert_int_equal(strmap_get(&m, "pilot", 5), 2);
    assert_int_equal(strmap_get(&m, "plumber", 7), -1);
    strmap_put(&m, "nurse", 5, 7); /* replaces */
    assert_int_equal(strmap_get(&m, "nurse", 5), 7);
    assert_int_equal(m.n, 2);

    /* The key is key[0..keylen), not the whole string. */
    strmap_put(&m, "abcdef", 3, 5);
    assert_int_equal(strmap_get(&m, "abc", 3), 5);
    assert_int_equal(strmap_get(&m, "abcxyz", 3), 5);
    assert_int_equal(strmap_get(&m, "abcdef", 6), -1);
    assert_int_equal(strmap_get(&m, "ab", 2), -1);

    /* Prefixes are different keys; so is the empty key. */
    strmap_put(&m, "", 0, 10);
    strmap_put(&m, "a", 1, 11);
    strmap_put(&m, "ab", 2, 12);
    assert_int_equal(strmap_get(&m, "", 0), 10);
    assert_int_equal(strmap_get(&m, "a", 1), 11);
    assert_int_equal(strmap_get(&m, "ab", 2), 12);
    assert_int_equal(strmap_get(&m, "abc", 3), 5);
    assert_int_equal(m.n, 6);

    /* Any int is a value, and UTF-8 keys are bytes like any other. */
    strmap_put(&m, "neg", 3, -5);
    strmap_put(&m, "max", 3, INT_MAX);
    strmap_put(&m, "caf\xc3\xa9", 5, 3);
    assert_int_equal(strmap_get(&m, "neg", 3), -5);
    assert_int_equal(strmap_get(&m, "max", 3), INT_MAX);
    assert_int_equal(strmap_get(&m, "caf\xc3\xa9", 5), 3);
    assert_int_equal(strmap_get(&m, "cafe", 4), -1);

    /* Keys are copied. */
    char key[] = "temporary";
    strmap_put(&m, key, strlen(key), 42);
    memset(key, 'z', strlen(key));
    assert_int_equal(strmap_get(&m, "temporary", 9), 42);
    assert_int_equal(strmap_get(&m, key, strlen(key)), -1);

    strmap_free(&m);
    assert_null(m.keys);
    assert_int_equal(m.n, 0);
    assert_int_equal(m.cap, 0);
    assert_int_equal(strmap_get(&m, "nurse", 5), -1);
    strmap_put(&m, "again", 5, 1); /* usable after strmap_free */
    assert_int_equal(strmap_get(&m, "again", 5), 1);
    strmap_free(&m);
    strmap_free(&m); /* and freeing an empty map is fine */
}

static void test_strmap_growth(void **state)
{
    (void)state;
    enum { N = 5000 };
    strmap m = {0};
    char key[32];
    for (int i = 0; i < N; i++) {
        int len = snprintf(key, sizeof key, "key%d", i);
        strmap_put(&m, key, (size_t)len, i);
        assert_int_equal(m.n, (size_t)i + 1);
    }
    assert_int_equal(m.cap & (m.cap - 1), 0); /* a power of two, at most half full */
    assert_true(m.cap >= 2 * m.n);
    for (int i = 0; i < N; i++) {
        int len = snprintf(key, sizeof key, "key%d", i);
        assert_int_equal(strmap_get(&m, key, (size_t)len), i);
        len = snprintf(key, sizeof key, "yek%d", i);
        assert_int_equal(strmap_get(&m, key, (size_t)len), -1);
    }
    for (int i = 0; i < N; i++) { /* replacing after the growth: no new entries */
        int len = snprintf(key, sizeof key, "key%d", i);
        strmap_put(&m, key, (size_t)len, -i);
    }
    assert_int_equal(m.n, N);
    for (int i = 0; i < N; i++) {
        int len = snprintf(key, sizeof key, "key%d", i);
        assert_int_equal(strmap_get(&m, key, (size_t)len), -i);
    }
    strmap_free(&m);
}

/* Keys chosen to share the low 12 bits of their hash (src/common/hash.h), so they share a home slot
 * in any table of up to 4096 slots: each put and get must probe past the others. */
static void test_strmap_collisions(void **state)
{
    (void)state;
    enum { K = 10 };
    char keys[K + 1][16];
    int found = 0;
    uint64_t home = 0;
    for (int i = 0; found < K + 1 && i < 10000000; i++) {
        char k[16];
        snprintf(k, sizeof k, "c%d", i);
        uint64_t h = hash_bytes(HASH_SEED, k, strlen(k)) & 4095;
        if (found == 0)
            home = h;
        if (h == home)
            snprintf(keys[found++], sizeof keys[0], "%s", k);
    }
    assert_int_equal(found, K + 1);

    strmap m = {0};
    for (int i = 0; i < K; i++) /* keys[K] is never added */
        strmap_put(&m, keys[i], strlen(keys[i]), 100 + i);
    assert_int_equal(m.n, K);
    for (int i = 0; i < K; i++)
        assert_int_equal(strmap_get(&m, keys[i], strlen(keys[i])), 100 + i);
    assert_int_equal(strmap_get(&m, keys[K], strlen(keys[K])), -1);
    strmap_put(&m, keys[K / 2], strlen(keys[K / 2]), 7); /* replacing in the middle of the run */
    assert_int_equal(m.n, K);
    assert_int_equal(strmap_get(&m, keys[K / 2], strlen(keys[K / 2])), 7);
    assert_int_equal(strmap_get(&m, keys[K - 1], strlen(keys[K - 1])), 100 + K - 1);
    strmap_free(&m);
}

/* ===================== Listing *.json ===================== */

static void test_list_json(void **state)
{
    (void)state;
    char dir[64];
    temp_dir(dir, sizeof dir);
    static const char *const files[] = {"b.json", "a.json", "aa.json", "a-b.json",   "C.json", ".hidden.json",
                                        ".json",  "x.txt",  "y.JSON",  "z.json.bak", "json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        write_file(dir, files[i], "{}");
    char **names = NULL;
    int n = util_list_json(dir, &names);
    static const char *const want[] = {"C.json", "a-b.json", "a.json", "aa.json", "b.json"}; /* strcmp order */
    assert_int_equal(n, 5);
    for (int i = 0; i < n; i++)
        assert_string_equal(names[i], want[i]);
    util_free_list(names, n);
    remove_tree(dir);

    temp_dir(dir, sizeof dir); /* an empty folder */
    names = (char **)1;
    assert_int_equal(util_list_json(dir, &names), 0);
    assert_null(names);
    util_free_list(names, 0);
    remove_tree(dir);

    names = (char **)1;
    assert_int_equal(util_list_json("/nonexistent/careerbot-test", &names), -1);
    assert_null(names);
}

/* ===================== Diagnostics ===================== */

static size_t last_len;
static void measure(void *ud, const char *file, int line, const char *msg)
{
    (void)ud;
    (void)file;
    (void)line;
    last_len = strlen(msg);
}

static void test_diag(void **state)
{
    (void)state;
    collected got = {"", 0};
    diag d = {collect_diag, &got, 0, 0};
    diag_report(&d, "careers/x.json", 3, "bad %s %d", "thing", 7);
    diag_warn(&d, "intents/y.json", 0, "odd %s", "key");
    diag_report(&d, "z", -1, "%s", "");
    assert_int_equal(d.errors, 2);
    assert_int_equal(d.warnings, 1);
    assert_int_equal(got.count, 3);
    assert_string_equal(got.text, "careers/x.json:3: bad thing 7\nintents/y.json:0: warning: odd key\nz:-1: \n");

    diag quiet = {NULL, NULL, 0, 0}; /* no callback: only counted */
    diag_report(&quiet, "f", 1, "x");
    diag_warn(&quiet, "f", 2, "y");
    diag_warn(&quiet, "f", 3, "z");
    assert_int_equal(quiet.errors, 1);
    assert_int_equal(quiet.warnings, 2);

    /* Long messages are cut to 511 bytes, warning prefix included. */
    char big[2000];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    diag m = {measure, NULL, 0, 0};
    diag_report(&m, "f", 1, "%s", big);
    assert_int_equal(last_len, 511);
    diag_warn(&m, "f", 1, "%s", big);
    assert_int_equal(last_len, 511);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc),
        cmocka_unit_test(test_sbuf_basics),
        cmocka_unit_test(test_sbuf_binary),
        cmocka_unit_test(test_sbuf_growth),
        cmocka_unit_test(test_sbuf_steal),
        cmocka_unit_test(test_json_str_table),
        cmocka_unit_test(test_json_str_controls),
        cmocka_unit_test(test_json_str_round_trip),
        cmocka_unit_test(test_strmap_basics),
        cmocka_unit_test(test_strmap_growth),
        cmocka_unit_test(test_strmap_collisions),
        cmocka_unit_test(test_list_json),
        cmocka_unit_test(test_diag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
