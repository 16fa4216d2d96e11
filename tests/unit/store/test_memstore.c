/* Unit tests for src/store/memstore.c. */
#include "store.h"
#include "testutil.h"

static void test_put_get_del(void **state)
{
    (void)state;
    store *s = store_mem_new(10, 60);
    size_t len = 0;
    assert_null(store_get(s, "a", &len, 100));
    assert_int_equal(store_put(s, "a", "{\"x\":1}", 7, 100), 0);
    char *b = store_get(s, "a", &len, 101);
    assert_string_equal(b, "{\"x\":1}");
    assert_int_equal(len, 7);
    free(b);
    assert_int_equal(store_put(s, "a", "new", 3, 102), 0);
    b = store_get(s, "a", &len, 103);
    assert_string_equal(b, "new");
    free(b);
    assert_int_equal(store_count(s), 1);
    assert_int_equal(store_del(s, "a"), 0);
    assert_int_equal(store_del(s, "a"), 0); /* forgetting an unknown id is fine */
    assert_int_equal(store_count(s), 0);
    store_free(s);
    store_free(NULL);
}

static void test_expiry_and_cap(void **state)
{
    (void)state;
    store *s = store_mem_new(3, 60);
    assert_int_equal(store_put(s, "a", "1", 1, 0), 0);
    assert_int_equal(store_put(s, "b", "2", 1, 30), 0);
    assert_int_equal(store_put(s, "c", "3", 1, 50), 0);
    /* Full, and nothing has expired yet: the least recently used ("a") makes room. */
    assert_int_equal(store_put(s, "d", "4", 1, 55), 0);
    size_t len;
    assert_null(store_get(s, "a", &len, 61));
    assert_int_equal(store_count(s), 3);
    /* A get counts as use and keeps "b" alive. */
    char *b = store_get(s, "b", &len, 80);
    free(b);
    assert_int_equal(store_sweep(s, 115), 1); /* "c" (last used at 50) */
    assert_int_equal(store_count(s), 2);
    assert_int_equal(store_sweep(s, 1000), 2);
    store_free(s);
}

static void test_many(void **state)
{
    (void)state;
    store *s = store_mem_new(5000, 0);
    char id[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof id, "id%d", i);
        assert_int_equal(store_put(s, id, id, strlen(id), 0), 0);
    }
    for (int i = 0; i < 5000; i += 7) {
        snprintf(id, sizeof id, "id%d", i);
        size_t len;
        char *b = store_get(s, id, &len, 1000000);
        assert_string_equal(b, id);
        free(b);
    }
    store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get_del),
        cmocka_unit_test(test_expiry_and_cap),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
