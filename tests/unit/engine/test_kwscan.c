/* Unit tests for the one-pass keyword scanner (src/engine/kwscan): it must find exactly what
 * strstr finds, for overlapping keywords, keywords inside keywords, and any bytes. */
#include "kwscan.h"
#include "testutil.h"

static void compare(const char *const *kw, size_t n, const char *text)
{
    kwscan *k = kwscan_new();
    for (size_t i = 0; i < n; i++)
        kwscan_add(k, kw[i]);
    kwscan_finish(k);
    uint8_t seen[64] = {0};
    kwscan_run(k, text, strlen(text), seen, NULL, NULL, 0);
    for (size_t i = 0; i < n; i++) {
        int id = kwscan_add(k, kw[i]); /* the same keyword: the same id */
        if ((seen[id] != 0) != (strstr(text, kw[i]) != NULL))
            fail_msg("\"%s\" in \"%s\": scanner says %d", kw[i], text, seen[id]);
    }
    kwscan_free(k);
}

static void test_classic(void **state)
{
    (void)state;
    static const char *const kw[] = {"he", "she", "his", "hers", "a", "aa", "how much", "much"};
    compare(kw, 8, "ushers");
    compare(kw, 8, "how much do they earn");
    compare(kw, 8, "");
    compare(kw, 8, "ahishe");
    compare(kw, 8, "xyz \xc3\xa9 123");
}

static void test_random(void **state)
{
    (void)state;
    static const char *const kw[] = {"ab", "abc", "bca", "caa", "b", "aaaa", "cab", "bb", "c a", "a c"};
    unsigned seed = 7;
    char text[40];
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(seed % 39);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = "abc "[(seed >> 16) % 4];
        }
        text[len] = '\0';
        seed = seed * 1103515245u + 12345u;
        compare(kw, 10, text);
    }
}

static void test_duplicates(void **state)
{
    (void)state;
    kwscan *k = kwscan_new();
    assert_int_equal(kwscan_add(k, "salar"), 0);
    assert_int_equal(kwscan_add(k, "pay"), 1);
    assert_int_equal(kwscan_add(k, "salar"), 0);
    assert_int_equal(kwscan_count(k), 2);
    kwscan_finish(k);
    uint8_t seen[2] = {0};
    int found[4];
    size_t n_found = 0;
    kwscan_run(k, "what salary, salary", 19, seen, found, &n_found, 4);
    assert_int_equal(seen[0], 1);
    assert_int_equal(seen[1], 0);
    assert_int_equal(n_found, 1); /* each keyword once */
    assert_int_equal(found[0], 0);
    kwscan_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classic),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_duplicates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
