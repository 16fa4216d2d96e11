/* Unit tests for what the stores do for privacy and bounds (issue 14): forgotten ids refused,
 * eviction of the least recently used session, the unanswered texts capped, aged and cleaned, and
 * a forgotten session gone from SQLite's files. */
#include "store.h"
#include "testutil.h"

#include <time.h>

/* A forgotten id is refused (STORE_E_FORGOTTEN) for the session TTL, then may be used again. */
static void forget_refuses(store *s)
{
    size_t len;
    assert_int_equal(store_put(s, "tab", "1", 1, 100), 0);
    assert_int_equal(store_forget(s, "tab", 101), 0);
    assert_null(store_get(s, "tab", &len, 102));
    assert_int_equal(store_put(s, "tab", "2", 1, 103), STORE_E_FORGOTTEN); /* the second tab */
    assert_null(store_get(s, "tab", &len, 104));
    assert_false(store_failing(s));
    assert_int_equal(store_put(s, "other", "3", 1, 105), 0);
    assert_int_equal(store_put(s, "tab", "4", 1, 101 + 60 + 1), 0); /* the TTL is over */
}

static void test_forget_memory(void **state)
{
    (void)state;
    store *s = store_mem_new(10, 60);
    forget_refuses(s);
    store_free(s);
}

static void test_forget_cached_sqlite(void **state)
{
    (void)state;
    char dir[64], path[128], err[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/s.db", dir);
    store *s = store_cached_new(store_sqlite_new(path, 60, err, sizeof err), 10, 60);
    assert_non_null(s);
    forget_refuses(s);
    store_free(s);
}

/* Full: the least recently used session makes room; a new one is never refused. */
static void test_memory_evicts_least_recent(void **state)
{
    (void)state;
    store *s = store_mem_new(3, 0);
    size_t len;
    assert_int_equal(store_put(s, "a", "1", 1, 0), 0);
    assert_int_equal(store_put(s, "b", "2", 1, 1), 0);
    assert_int_equal(store_put(s, "c", "3", 1, 2), 0);
    free(store_get(s, "a", &len, 3)); /* "a" is used again: "b" is now the least recent */
    assert_int_equal(store_put(s, "d", "4", 1, 4), 0);
    assert_int_equal(store_count(s), 3);
    assert_null(store_get(s, "b", &len, 5));
    char *v = store_get(s, "a", &len, 6);
    assert_string_equal(v, "1");
    free(v);
    for (int i = 0; i < 100; i++) {
        char id[16];
        snprintf(id, sizeof id, "n%d", i);
        assert_int_equal(store_put(s, id, id, strlen(id), 10 + i), 0);
    }
    assert_int_equal(store_count(s), 3);
    store_free(s);
}

struct seen {
    long texts, count;
    bool first, last, fresh;
};

static void seen_fn(void *ud, const char *text, long count)
{
    struct seen *w = ud;
    w->texts++;
    w->count += count;
    w->first |= !strcmp(text, "text 0");
    w->last |= !strcmp(text, "text 2004");
    w->fresh |= !strcmp(text, "fresh");
}

/* At most STORE_UNANSWERED_MAX texts (the least recently seen go first), and none older than
 * STORE_UNANSWERED_AGE after a sweep. */
static void unanswered_bounded(store *s)
{
    char text[32];
    for (int i = 0; i < STORE_UNANSWERED_MAX + 5; i++) {
        int n = snprintf(text, sizeof text, "text %d", i);
        assert_int_equal(store_note_unanswered(s, text, (size_t)n, 1000 + i), 0);
    }
    struct seen w = {0};
    assert_int_equal(store_unanswered(s, 100000, seen_fn, &w), STORE_UNANSWERED_MAX);
    assert_false(w.first);
    assert_true(w.last);
    time_t later = 1000 + STORE_UNANSWERED_MAX + 5 + STORE_UNANSWERED_AGE / 2;
    assert_int_equal(store_note_unanswered(s, "fresh", 5, later), 0);
    store_sweep(s, later + STORE_UNANSWERED_AGE / 2 + 3000);
    memset(&w, 0, sizeof w);
    assert_int_equal(store_unanswered(s, 100000, seen_fn, &w), 1);
    assert_true(w.fresh);
}

static void test_unanswered_bounded_memory(void **state)
{
    (void)state;
    store *s = store_mem_new(10, 60);
    unanswered_bounded(s);
    store_free(s);
}

static void test_unanswered_bounded_sqlite(void **state)
{
    (void)state;
    char dir[64], path[128], err[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/u.db", dir);
    store *s = store_cached_new(store_sqlite_new(path, 60, err, sizeof err), 10, 60);
    assert_non_null(s);
    unanswered_bounded(s);
    store_free(s);
}

static void first_text(void *ud, const char *text, long count)
{
    (void)count;
    snprintf(ud, 128, "%s", text);
}

/* What a terminal would act on is made inert (U+FFFD) before it is kept. */
static void test_text_clean(void **state)
{
    (void)state;
    static const char hostile[] = "\x1b[31mred\xe2\x80\xae!\x07\xc2\x9b\xff\xe2\x81\xa6ok \xc3\xa9";
    static const char want[] =
        "\xef\xbf\xbd[31mred\xef\xbf\xbd!\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdok \xc3\xa9";
    char out[128];
    assert_int_equal(store_text_clean(hostile, sizeof hostile - 1, out, sizeof out), sizeof want - 1);
    assert_string_equal(out, want);
    /* Cut on a character when out is small. */
    assert_int_equal(store_text_clean("ab\x1b", 3, out, 5), 2);
    assert_string_equal(out, "ab");
    store *s = store_mem_new(10, 60);
    assert_int_equal(store_note_unanswered(s, hostile, sizeof hostile - 1, 1), 0);
    char got[128] = "";
    assert_int_equal(store_unanswered(s, 1, first_text, got), 1);
    assert_string_equal(got, want);
    store_free(s);
}

/* True when the file at path holds needle. */
static bool file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(buf + i, needle, k))
            return true;
    return false;
}

/* A forgotten session is gone from the database file and from its WAL (truncated within seconds). */
static void test_sqlite_forget_leaves_nothing(void **state)
{
    (void)state;
    char dir[64], path[128], wal[160], err[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/f.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    store *s = store_sqlite_new(path, 3600, err, sizeof err);
    assert_non_null(s);
    const char *id = "5ec7e7a1d0000000000000000000beef";
    const char *blob = "{\"secret\":\"my-private-story-4711\"}";
    assert_int_equal(store_put(s, "keep", "{}", 2, time(NULL)), 0);
    assert_int_equal(store_put(s, id, blob, strlen(blob), time(NULL)), 0);
    struct timespec pause = {1, 200000000};
    nanosleep(&pause, NULL); /* a checkpoint copies it into the database too */
    assert_true(file_has(path, "my-private-story-4711") || file_has(wal, "my-private-story-4711"));
    assert_int_equal(store_forget(s, id, time(NULL)), 0);
    bool gone = false;
    for (int i = 0; i < 50 && !gone; i++) {
        struct timespec tick = {0, 100000000};
        nanosleep(&tick, NULL);
        gone = !file_has(path, "my-private-story-4711") && !file_has(wal, "my-private-story-4711") &&
               !file_has(path, id) && !file_has(wal, id);
    }
    assert_true(gone);
    size_t len;
    char *v = store_get(s, "keep", &len, time(NULL));
    assert_string_equal(v, "{}");
    free(v);
    store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forget_memory),
        cmocka_unit_test(test_forget_cached_sqlite),
        cmocka_unit_test(test_memory_evicts_least_recent),
        cmocka_unit_test(test_unanswered_bounded_memory),
        cmocka_unit_test(test_unanswered_bounded_sqlite),
        cmocka_unit_test(test_text_clean),
        cmocka_unit_test(test_sqlite_forget_leaves_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
