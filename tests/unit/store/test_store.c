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
    assert_int_equal(sqlite3_column_int(st, 0), 3);
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
    bool commit_fails; /* batch_end reports the batch lost */
    int batches;       /* batches begun */
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

static void fl_batch_begin(store *st)
{
    ((flaky *)st)->batches++;
}

static int fl_batch_end(store *st, time_t now, store_refused_fn refused, void *ud)
{
    (void)now;
    (void)refused;
    (void)ud;
    if (((flaky *)st)->commit_fails) {
        store__fail(st, "commit lost");
        return -1;
    }
    return 0;
}

static const struct store_ops flaky_ops = {"flaky", fl_put, fl_get, fl_del, fl_sweep,       fl_count,
                                           fl_free, NULL,   NULL,   NULL,   fl_batch_begin, fl_batch_end};

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

/* Group commit in SQLite: the writes of a batch are one transaction, seen by the store that made
 * them at once and by another connection to the file only once the batch ends. */
static void test_sqlite_batch(void **state)
{
    (void)state;
    char dir[64], path[128], err[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/batch.db", dir);
    store *s = store_sqlite_new(path, 0, err, sizeof err);
    store *other = store_sqlite_new(path, 0, err, sizeof err);
    if (!s || !other)
        fail_msg("open: %s", err);
    assert_int_equal(store_put(s, "gone", "x", 1, 1), 0);
    store_batch_begin(s);
    assert_int_equal(store_put(s, "a", "1", 1, 10), 0);
    assert_int_equal(store_put(s, "b", "2", 1, 10), 0);
    assert_int_equal(store_put(s, "a", "3", 1, 11), 0);
    assert_int_equal(store_forget(s, "gone", 11), 0);
    size_t len;
    assert_null(store_get(other, "a", &len, 12)); /* not written yet */
    char *b = store_get(other, "gone", &len, 12);
    assert_string_equal(b, "x");
    free(b);
    b = store_get(s, "a", &len, 12);
    assert_string_equal(b, "3"); /* a read in the batch sees the batch's writes before it */
    free(b);
    assert_int_equal(store_put(s, "b", "4", 1, 12), 0);
    assert_int_equal(store_batch_end(s, 12, NULL, NULL), 0);
    b = store_get(other, "b", &len, 13);
    assert_string_equal(b, "4");
    free(b);
    b = store_get(other, "a", &len, 13);
    assert_string_equal(b, "3");
    free(b);
    assert_null(store_get(other, "gone", &len, 13));
    assert_int_equal(store_count(other), 2);
    /* A batch with no write commits nothing and succeeds; outside a batch every put is immediate. */
    store_batch_begin(s);
    assert_int_equal(store_batch_end(s, 14, NULL, NULL), 0);
    assert_int_equal(store_put(s, "c", "4", 1, 15), 0);
    b = store_get(other, "c", &len, 16);
    assert_string_equal(b, "4");
    free(b);
    /* A batch still open when the store closes is written, not dropped. */
    store_batch_begin(s);
    assert_int_equal(store_put(s, "d", "5", 1, 17), 0);
    store_free(s);
    b = store_get(other, "d", &len, 18);
    assert_string_equal(b, "5");
    free(b);
    store_free(other);
    remove_tree(dir);
}

/* A batch the durable store loses: a cached store keeps its sessions and deletes, says it is
 * failing, and writes them through at the next sweep. */
static void test_cached_batch_lost(void **state)
{
    (void)state;
    flaky *f = calloc(1, sizeof *f);
    f->base.ops = &flaky_ops;
    f->inner = store_mem_new(100, 0);
    store *s = store_cached_new(&f->base, 100, 0);
    store_put(s, "old", "0", 1, 0);
    store_batch_begin(s);
    assert_int_equal(f->batches, 1);
    assert_int_equal(store_put(s, "a", "1", 1, 1), 0);
    assert_int_equal(store_put(s, "b", "2", 1, 1), 0);
    assert_int_equal(store_del(s, "b"), 0);
    assert_int_equal(store_del(s, "old"), 0);
    f->commit_fails = true;
    assert_int_equal(store_batch_end(s, 2, NULL, NULL), -1);
    assert_true(store_failing(s));
    assert_string_equal(store_error(s), "commit lost");
    /* What the lost commit held is gone from the durable store; the cache still answers. */
    store_del(f->inner, "a");
    store_put(f->inner, "old", "0", 1, 0);
    f->commit_fails = false;
    f->base.failing = false;
    assert_true(store_failing(s)); /* 2 sessions waiting to be written */
    store_sweep(s, 3);
    assert_false(store_failing(s));
    size_t len;
    char *b = store_get(f->inner, "a", &len, 4);
    assert_string_equal(b, "1");
    free(b);
    assert_null(store_get(f->inner, "b", &len, 4)); /* put then deleted in the batch: deleted */
    assert_null(store_get(f->inner, "old", &len, 4));
    /* A batch that commits leaves nothing waiting. */
    store_batch_begin(s);
    store_put(s, "c", "3", 1, 5);
    assert_int_equal(store_batch_end(s, 5, NULL, NULL), 0);
    assert_false(store_failing(s));
    store_free(s);
}

static void count_refused(void *ud, const char *id)
{
    assert_string_equal(id, "tab");
    (*(int *)ud)++;
}

/* serve --workers: two processes on one file. A session forgotten through one is refused by the
 * other (the tombstone is in the file, and holds no id), until the tombstone expires. */
static void test_sqlite_forget_across_processes(void **state)
{
    (void)state;
    char dir[64], path[128], err[256];
    temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/shared.db", dir);
    store *one = store_sqlite_new(path, 60, err, sizeof err);
    store *two = store_sqlite_new(path, 60, err, sizeof err);
    if (!one || !two)
        fail_msg("open: %s", err);
    assert_int_equal(store_put(one, "tab", "x", 1, 100), 0);
    assert_int_equal(store_forget(one, "tab", 100), 0);
    assert_int_equal(store_put(two, "tab", "y", 1, 101), STORE_E_FORGOTTEN);
    store *three = store_sqlite_new(path, 60, err, sizeof err);
    store_batch_begin(three);
    assert_int_equal(store_put(three, "tab", "z", 1, 102), 0); /* taken; refused when the batch ends */
    assert_int_equal(store_put(three, "other", "w", 1, 102), 0);
    int refused = 0;
    assert_int_equal(store_batch_end(three, 102, count_refused, &refused), 0);
    assert_int_equal(refused, 1);
    assert_int_equal(store_put(three, "tab", "u", 1, 103), STORE_E_FORGOTTEN); /* refused from then on */
    store_free(three);
    size_t len;
    assert_null(store_get(one, "tab", &len, 103));
    assert_int_equal(store_count(one), 1);
    /* The tombstone lives the session TTL, then the sweep drops it and the id is free again. */
    store_sweep(two, 200);
    three = store_sqlite_new(path, 60, err, sizeof err);
    assert_int_equal(store_put(three, "tab", "v", 1, 201), 0);
    store_free(three);
    store_free(one);
    store_free(two);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite),
        cmocka_unit_test(test_unanswered),
        cmocka_unit_test(test_cached_survives_failure),
        cmocka_unit_test(test_cached_reads_durable_first),
        cmocka_unit_test(test_sqlite_batch),
        cmocka_unit_test(test_cached_batch_lost),
        cmocka_unit_test(test_sqlite_forget_across_processes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
