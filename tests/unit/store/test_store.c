/* Unit tests for the SQLite and cached stores (src/store). */
#include "store.h"
#include "store_impl.h"
#include "testutil.h"

#include <sqlite3.h>

static void test_sqlite(void **state)
{
    (void)state;
    char dir[64], path[128], err[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/sub/sessions.db", dir);
    store *s = store_sqlite_new(path, 60, err, sizeof err);
    if (!s)
        fail_msg("open: %s", err);
    assert_string_equal(store_kind(s), "sqlite");
    size_t len;
    assert_null(store_get(s, "a", &len, 100));
    assert_false(store_failing(s));
    assert_int_equal(store_put(s, "a", "{\"v\":1}", 7, 100), 0);
    assert_int_equal(store_put(s, "b", "two", 3, 100), 0);
    assert_int_equal(store_put(s, "a", "{\"v\":2}", 7, 120), 0);
    char *b = store_get(s, "a", &len, 121);
    assert_string_equal(b, "{\"v\":2}");
    assert_int_equal(len, 7);
    free(b);
    assert_int_equal(store_count(s), 2);
    /* "b" was last written at 100: expired at 161, swept at 170. */
    assert_null(store_get(s, "b", &len, 161));
    assert_int_equal(store_sweep(s, 170), 1);
    assert_int_equal(store_del(s, "a"), 0);
    assert_int_equal(store_del(s, "never"), 0);
    assert_int_equal(store_count(s), 0);
    assert_int_equal(store_put(s, "c", "kept", 4, 200), 0);
    store_free(s);

    /* Reopening keeps the data and the schema version. */
    s = store_sqlite_new(path, 60, err, sizeof err);
    assert_non_null(s);
    b = store_get(s, "c", &len, 201);
    assert_string_equal(b, "kept");
    free(b);
    store_free(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    /* A database from a newer careerbot is refused, not damaged. */
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_null(store_sqlite_new(path, 60, err, sizeof err));
    assert_non_null(strstr(err, "schema version 99"));
    /* A path that cannot be a database is an error with the path in it. */
    assert_null(store_sqlite_new("/proc/no/such/dir/x.db", 60, err, sizeof err));
    assert_non_null(strstr(err, "/proc/no/such/dir/x.db"));
    remove_tree(dir);
}

/* ---- a durable store that fails on demand ---- */

typedef struct flaky {
    store base;
    store *inner;
    bool down;
} flaky;

static int fl_put(store *st, const char *id, const char *blob, size_t len, time_t now)
{
    flaky *f = (flaky *)st;
    if (f->down) {
        store__fail(st, "down");
        return -1;
    }
    st->failing = false;
    return store_put(f->inner, id, blob, len, now);
}

static char *fl_get(store *st, const char *id, size_t *len, time_t now)
{
    flaky *f = (flaky *)st;
    if (f->down) {
        store__fail(st, "down");
        return NULL;
    }
    st->failing = false;
    return store_get(f->inner, id, len, now);
}

static int fl_del(store *st, const char *id)
{
    flaky *f = (flaky *)st;
    if (f->down) {
        store__fail(st, "down");
        return -1;
    }
    return store_del(f->inner, id);
}

static size_t fl_sweep(store *st, time_t now)
{
    flaky *f = (flaky *)st;
    st->failing = f->down;
    return f->down ? 0 : store_sweep(f->inner, now);
}

static long fl_count(store *st)
{
    return store_count(((flaky *)st)->inner);
}

static void fl_free(store *st)
{
    store_free(((flaky *)st)->inner);
    free(st);
}

static const struct store_ops flaky_ops = {"flaky", fl_put, fl_get, fl_del, fl_sweep, fl_count, fl_free};

struct tally {
    char text[4][64];
    long count[4];
    int n;
};

static void collect(void *ud, const char *text, long count)
{
    struct tally *t = ud;
    if (t->n < 4) {
        snprintf(t->text[t->n], sizeof t->text[0], "%s", text);
        t->count[t->n++] = count;
    }
}

/* Unanswered questions are tallied by text, most frequent first, in memory and in SQLite (and a
 * schema-1 database is migrated to hold them). */
static void tally_checks(store *s)
{
    assert_int_equal(store_note_unanswered(s, "tea or coffee", 13, 10), 0);
    assert_int_equal(store_note_unanswered(s, "what is love", 12, 11), 0);
    assert_int_equal(store_note_unanswered(s, "tea or coffee", 13, 12), 0);
    assert_int_equal(store_note_unanswered(s, "", 0, 13), 0);
    struct tally t = {0};
    assert_int_equal(store_unanswered(s, 2, collect, &t), 2);
    assert_string_equal(t.text[0], "tea or coffee");
    assert_int_equal(t.count[0], 2);
    assert_int_equal(t.count[1], 1);
    assert_string_equal(t.text[1], ""); /* the most recent of the equal counts first */
}

static void test_unanswered(void **state)
{
    (void)state;
    store *m = store_mem_new(10, 60);
    tally_checks(m);
    store_free(m);
    char dir[64], path[128], err[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/old.db", dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL, updated "
                                  "INTEGER NOT NULL); PRAGMA user_version = 1;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    store *s = store_sqlite_new(path, 60, err, sizeof err);
    if (!s)
        fail_msg("open: %s", err);
    tally_checks(s);
    store_free(s);
    s = store_cached_new(store_sqlite_new(path, 60, err, sizeof err), 10, 60);
    struct tally t = {0};
    assert_int_equal(store_unanswered(s, 4, collect, &t), 3); /* through the cache, from the file */
    store_free(s);
}

static void test_cached_survives_failure(void **state)
{
    (void)state;
    flaky *f = calloc(1, sizeof *f);
    f->base.ops = &flaky_ops;
    f->inner = store_mem_new(100, 0);
    store *s = store_cached_new(&f->base, 100, 0);
    size_t len;
    assert_int_equal(store_put(s, "a", "1", 1, 0), 0);
    assert_false(store_failing(s));

    /* Down: writes still succeed (memory), the store says it is failing, reads come from memory. */
    f->down = true;
    assert_int_equal(store_put(s, "a", "2", 1, 1), 0);
    assert_int_equal(store_put(s, "b", "3", 1, 1), 0);
    assert_true(store_failing(s));
    assert_string_equal(store_error(s), "down");
    char *b = store_get(s, "a", &len, 2);
    assert_string_equal(b, "2");
    free(b);
    assert_int_equal(store_del(s, "b"), 0);
    assert_int_equal(store_sweep(s, 3), 0);
    assert_true(store_failing(s));

    /* Back: the next sweep writes through, and the durable store has the latest state. */
    f->down = false;
    store_sweep(s, 4);
    assert_false(store_failing(s));
    b = store_get(f->inner, "a", &len, 5);
    assert_string_equal(b, "2");
    free(b);
    assert_null(store_get(f->inner, "b", &len, 5));
    store_free(s);
}

/* With several instances the durable store is the truth: a write by another instance wins over
 * this instance's memory. */
static void test_cached_reads_durable_first(void **state)
{
    (void)state;
    flaky *f = calloc(1, sizeof *f);
    f->base.ops = &flaky_ops;
    f->inner = store_mem_new(100, 0);
    store *s = store_cached_new(&f->base, 100, 0);
    store_put(s, "a", "mine", 4, 0);
    store_put(f->inner, "a", "theirs", 6, 1);
    size_t len;
    char *b = store_get(s, "a", &len, 2);
    assert_string_equal(b, "theirs");
    free(b);
    store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite),
        cmocka_unit_test(test_unanswered),
        cmocka_unit_test(test_cached_survives_failure),
        cmocka_unit_test(test_cached_reads_durable_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
