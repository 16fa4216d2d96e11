/*
 * The SQLite session store (see store.h). Sessions in sessions(id, data, updated), unanswered
 * questions in unanswered(text, count, last), in WAL mode:
 * every put outside a batch is its own transaction, so a kill -9 loses nothing that was put. Inside a
 * batch (store_batch_begin) the writes are only taken, in order, and store_batch_end runs them all in
 * one transaction: a loop pass pays for one commit however many sessions it wrote, and the write
 * lock, which the other processes on the file wait for, is held only while they run, never while
 * the loop answers. A read inside a batch runs what was taken first. The schema version
 * is PRAGMA user_version; store_sqlite_new runs the migrations from the file's version up to
 * SCHEMA_VERSION in one transaction.
 *
 * Checkpoints (copying the WAL into the database, with fsync) are what take milliseconds; run
 * inline they would stall the server's one event loop now and then. So the connection that serves
 * the chat never checkpoints (wal_autocheckpoint = 0): a thread with a connection of its own does,
 * once a second. Commits themselves do not fsync (synchronous = NORMAL in WAL mode), and a commit in
 * the WAL survives kill -9.
 *
 * Several processes may write the file (serve --workers): a forget leaves a tombstone (the id's hash,
 * not the id) in the file itself, which every put checks, so no process writes the session back.
 * A forgotten session must not stay readable in the files: secure_delete overwrites what a delete
 * frees, and after a forget the thread copies the WAL into the database and truncates it at once.
 * Unanswered texts are capped (the least recently seen go) and aged out by the sweep (store.h).
 */
#include "hash.h"
#include "store_impl.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCHEMA_VERSION 3
#define WAL_RESTART_FRAMES 4096 /* pages in the WAL (16 MiB of 4 KiB pages) before it is made to start over */

/* Migration i takes the schema from version i to i + 1. Append, never edit. */
static const char *const migrations[SCHEMA_VERSION] = {
    "CREATE TABLE sessions ("
    "  id TEXT PRIMARY KEY,"
    "  data TEXT NOT NULL,"
    "  updated INTEGER NOT NULL"
    ");"
    "CREATE INDEX sessions_updated ON sessions(updated);",
    "CREATE TABLE unanswered ("
    "  text TEXT PRIMARY KEY,"
    "  count INTEGER NOT NULL,"
    "  last INTEGER NOT NULL"
    ");",
    /* Forgotten ids, refused by every process writing this file (serve --workers), until a time. The
     * id itself is not kept (a forgotten session leaves no trace of it): its 64-bit hash is. */
    "CREATE TABLE forgotten ("
    "  hash INTEGER PRIMARY KEY,"
    "  until INTEGER NOT NULL"
    ");",
};

typedef struct sqlstore {
    store base;
    char *path;
    pthread_t checkpointer;
    bool thread_started;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    bool truncate;   /* a forget happened: truncate the WAL on the next round (under lock) */
    bool batching;   /* between batch_begin and batch_end */
    bool batch_lost; /* a write of the batch failed (found when it was flushed) */
    struct op *ops;  /* the batch's writes, in order, not yet run (owned) */
    size_t n_ops, cap_ops;
    sqlite3 *db;
    sqlite3_stmt *put, *get, *del, *sweep, *count, *note, *tally, *trim, *age, *tomb, *tombs_age;
    unsigned ttl;
} sqlstore;

/* A write taken inside a batch. */
enum op_kind { OP_PUT, OP_DEL, OP_FORGET, OP_NOTE };
struct op {
    enum op_kind kind;
    char *key;  /* the session id, or the unanswered text (owned) */
    size_t len; /* of key for a note, of blob for a put */
    char *blob; /* a put's (owned) */
    time_t now;
};

static sqlite3_int64 id_hash(const char *id)
{
    return (sqlite3_int64)hash_str(HASH_SEED, id);
}

/* The put writes nothing when the id was forgotten by any process on this file (no row changed). */
static int put_now(sqlstore *s, const char *id, const char *blob, size_t len, time_t now)
{
    store *st = &s->base;
    sqlite3_bind_text(s->put, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->put, 2, blob, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(s->put, 3, (sqlite3_int64)now);
    sqlite3_bind_int64(s->put, 4, id_hash(id));
    int rc = sqlite3_step(s->put);
    sqlite3_reset(s->put);
    sqlite3_clear_bindings(s->put);
    if (rc != SQLITE_DONE) {
        store__fail(st, "sqlite write: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    st->failing = false;
    return sqlite3_changes(s->db) ? 0 : STORE_E_FORGOTTEN;
}

static int flush_ops(sqlstore *s, store_refused_fn refused, void *ud);

static char *sq_get(store *st, const char *id, size_t *len, time_t now)
{
    sqlstore *s = (sqlstore *)st;
    flush_ops(s, NULL, NULL); /* a resume reads what this process wrote before it */
    sqlite3_bind_text(s->get, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->get, 2, s->ttl ? (sqlite3_int64)(now - (time_t)s->ttl) : INT64_MIN);
    int rc = sqlite3_step(s->get);
    char *out = NULL;
    if (rc == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_text(s->get, 0);
        int n = sqlite3_column_bytes(s->get, 0);
        out = store__dup((const char *)p, (size_t)n);
        *len = (size_t)n;
        st->failing = false;
    } else if (rc == SQLITE_DONE) {
        st->failing = false;
    } else {
        store__fail(st, "sqlite read: %s", sqlite3_errmsg(s->db));
    }
    sqlite3_reset(s->get);
    sqlite3_clear_bindings(s->get);
    return out;
}

static int del_now(sqlstore *s, const char *id)
{
    store *st = &s->base;
    sqlite3_bind_text(s->del, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->del);
    sqlite3_reset(s->del);
    sqlite3_clear_bindings(s->del);
    if (rc != SQLITE_DONE) {
        store__fail(st, "sqlite delete: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

/* Asks the checkpoint thread to copy the WAL into the database and truncate it. */
static void ask_truncate(sqlstore *s)
{
    pthread_mutex_lock(&s->lock);
    s->truncate = true;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

/* Deletes and leaves the tombstone; the caller then has the checkpoint thread copy the WAL into the
 * database and truncate it (once committed), so the session's old pages are gone from both files
 * within a second. */
static int forget_now(sqlstore *s, const char *id, time_t now)
{
    store *st = &s->base;
    int rc = del_now(s, id);
    sqlite3_bind_int64(s->tomb, 1, id_hash(id));
    sqlite3_bind_int64(s->tomb, 2, (sqlite3_int64)now + (s->ttl ? s->ttl : 24 * 3600));
    int trc = sqlite3_step(s->tomb);
    sqlite3_reset(s->tomb);
    if (trc != SQLITE_DONE) {
        store__fail(st, "sqlite forget: %s", sqlite3_errmsg(s->db));
        rc = -1;
    }
    return rc;
}

/* Runs a statement that takes one integer and returns no rows. */
static int run_int(sqlstore *s, sqlite3_stmt *q, sqlite3_int64 v, const char *what)
{
    sqlite3_bind_int64(q, 1, v);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
        store__fail(&s->base, "sqlite %s: %s", what, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

static int flush_ops(sqlstore *s, store_refused_fn refused, void *ud);

static size_t sq_sweep(store *st, time_t now)
{
    sqlstore *s = (sqlstore *)st;
    flush_ops(s, NULL, NULL);
    run_int(s, s->age, (sqlite3_int64)(now - (time_t)STORE_UNANSWERED_AGE), "sweep");
    run_int(s, s->tombs_age, (sqlite3_int64)now, "sweep");
    if (!s->ttl)
        return 0;
    sqlite3_bind_int64(s->sweep, 1, (sqlite3_int64)(now - (time_t)s->ttl));
    int rc = sqlite3_step(s->sweep);
    sqlite3_reset(s->sweep);
    if (rc != SQLITE_DONE) {
        store__fail(st, "sqlite sweep: %s", sqlite3_errmsg(s->db));
        return 0;
    }
    return (size_t)sqlite3_changes(s->db);
}

static long sq_count(store *st)
{
    sqlstore *s = (sqlstore *)st;
    flush_ops(s, NULL, NULL);
    long n = -1;
    if (sqlite3_step(s->count) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(s->count, 0);
    sqlite3_reset(s->count);
    return n;
}

static int note_now(sqlstore *s, const char *text, size_t len, time_t now)
{
    store *st = &s->base;
    sqlite3_bind_text(s->note, 1, text, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(s->note, 2, (sqlite3_int64)now);
    int rc = sqlite3_step(s->note);
    sqlite3_reset(s->note);
    sqlite3_clear_bindings(s->note);
    if (rc != SQLITE_DONE) {
        store__fail(st, "sqlite write: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    return run_int(s, s->trim, STORE_UNANSWERED_MAX, "write");
}

static int sq_tally(store *st, size_t max, store_tally_fn fn, void *ud)
{
    sqlstore *s = (sqlstore *)st;
    flush_ops(s, NULL, NULL);
    sqlite3_bind_int64(s->tally, 1, (sqlite3_int64)max);
    int n = 0, rc;
    while ((rc = sqlite3_step(s->tally)) == SQLITE_ROW) {
        fn(ud, (const char *)sqlite3_column_text(s->tally, 0), (long)sqlite3_column_int64(s->tally, 1));
        n++;
    }
    sqlite3_reset(s->tally);
    if (rc != SQLITE_DONE) {
        store__fail(st, "sqlite read: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    return n;
}

/* ===================== Group commit ===================== */

/* Takes a write into the batch. Returns 0, or -1 when out of memory (the write is then lost, and
 * reported as such). */
static int take(sqlstore *s, enum op_kind kind, const char *key, size_t klen, const char *blob, size_t len, time_t now)
{
    if (s->n_ops == s->cap_ops) {
        size_t cap = s->cap_ops ? 2 * s->cap_ops : 64;
        struct op *v = realloc(s->ops, cap * sizeof *v);
        if (!v)
            goto oom;
        s->ops = v;
        s->cap_ops = cap;
    }
    struct op *o = &s->ops[s->n_ops];
    o->kind = kind;
    o->now = now;
    o->len = kind == OP_NOTE ? klen : len;
    o->key = store__dup(key, klen);
    o->blob = blob ? store__dup(blob, len) : NULL;
    if (!o->key || (blob && !o->blob)) {
        free(o->key);
        free(o->blob);
        goto oom;
    }
    s->n_ops++;
    return 0;
oom:
    store__fail(&s->base, "sqlite write: out of memory");
    return -1;
}

/* Runs the batch's writes in one transaction (IMMEDIATE: the write lock is taken once, held only
 * while they run, never while the loop answers). A put refused because its id was forgotten (by any
 * process on the file) refuses the id here from then on and is passed to refused. On a failure the
 * whole transaction is rolled back and the batch is lost (the caller writes its sessions again).
 * Returns 0 or -1. */
static int flush_ops(sqlstore *s, store_refused_fn refused, void *ud)
{
    if (!s->n_ops)
        return 0;
    bool ok = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK, forgot = false;
    if (!ok)
        store__fail(&s->base, "sqlite begin: %s", sqlite3_errmsg(s->db));
    for (size_t i = 0; i < s->n_ops; i++) {
        struct op *o = &s->ops[i];
        int rc = 0;
        if (ok && o->kind == OP_PUT)
            rc = put_now(s, o->key, o->blob, o->len, o->now);
        else if (ok && o->kind == OP_DEL)
            rc = del_now(s, o->key);
        else if (ok && o->kind == OP_FORGET)
            rc = forget_now(s, o->key, o->now), forgot = true;
        else if (ok)
            rc = note_now(s, o->key, o->len, o->now);
        if (rc == STORE_E_FORGOTTEN) {
            store__refuse(&s->base, o->key, o->now);
            if (refused)
                refused(ud, o->key);
        } else if (rc < 0) {
            ok = false;
        }
        free(o->key);
        free(o->blob);
    }
    s->n_ops = 0;
    if (ok && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        store__fail(&s->base, "sqlite commit: %s", sqlite3_errmsg(s->db));
        ok = false;
    }
    if (!ok && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    if (ok && forgot)
        ask_truncate(s);
    if (!ok)
        s->batch_lost = true;
    else
        s->base.failing = false;
    return ok ? 0 : -1;
}

static void sq_batch_begin(store *st)
{
    ((sqlstore *)st)->batching = true;
}

static int sq_batch_end(store *st, time_t now, store_refused_fn refused, void *ud)
{
    (void)now;
    sqlstore *s = (sqlstore *)st;
    flush_ops(s, refused, ud);
    int rc = s->batch_lost ? -1 : 0;
    s->batching = s->batch_lost = false;
    return rc;
}

static int sq_put(store *st, const char *id, const char *blob, size_t len, time_t now)
{
    sqlstore *s = (sqlstore *)st;
    if (s->batching)
        return take(s, OP_PUT, id, strlen(id), blob, len, now);
    return put_now(s, id, blob, len, now);
}

static int sq_del(store *st, const char *id)
{
    sqlstore *s = (sqlstore *)st;
    return s->batching ? take(s, OP_DEL, id, strlen(id), NULL, 0, 0) : del_now(s, id);
}

static int sq_forget(store *st, const char *id, time_t now)
{
    sqlstore *s = (sqlstore *)st;
    if (s->batching)
        return take(s, OP_FORGET, id, strlen(id), NULL, 0, now);
    int rc = forget_now(s, id, now);
    ask_truncate(s);
    return rc;
}

static int sq_note(store *st, const char *text, size_t len, time_t now)
{
    sqlstore *s = (sqlstore *)st;
    return s->batching ? take(s, OP_NOTE, text, len, NULL, 0, now) : note_now(s, text, len, now);
}

/* The checkpoint thread: a PASSIVE checkpoint (never waits for, never blocks, the chat's
 * connection) once a second, and a last one when the store closes. */
static void *checkpoint_loop(void *arg)
{
    sqlstore *s = arg;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 100);
    /* A connection that has never read the database checkpoints nothing (SQLite 3.40 returns OK
     * with no frames done): read once first. */
    sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    pthread_mutex_lock(&s->lock);
    while (!s->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&s->wake, &s->lock, &until);
        pthread_mutex_unlock(&s->lock);
        pthread_mutex_lock(&s->lock);
        bool forgot = s->truncate;
        s->truncate = false;
        pthread_mutex_unlock(&s->lock);
        if (forgot && sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK) {
            pthread_mutex_lock(&s->lock);
            s->truncate = true; /* busy: again on the next round */
            pthread_mutex_unlock(&s->lock);
        }
        int log = 0, done = 0;
        sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
        /* Under a steady stream of writes a passive checkpoint never catches up, so the WAL would
         * never start over; past WAL_RESTART_FRAMES, make it: wait for the writer's current
         * commit, copy the rest and truncate the WAL (a pause of milliseconds, now and then). */
        if (log > WAL_RESTART_FRAMES)
            sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    sqlite3_close(db);
    return NULL;
}

static void sq_free(store *st)
{
    sqlstore *s = (sqlstore *)st;
    flush_ops(s, NULL, NULL); /* what a batch took is written */
    free(s->ops);
    if (s->thread_started) {
        pthread_mutex_lock(&s->lock);
        s->stop = true;
        pthread_cond_signal(&s->wake);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->checkpointer, NULL);
    }
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    free(s->path);
    sqlite3_finalize(s->note);
    sqlite3_finalize(s->tally);
    sqlite3_finalize(s->put);
    sqlite3_finalize(s->get);
    sqlite3_finalize(s->del);
    sqlite3_finalize(s->sweep);
    sqlite3_finalize(s->count);
    sqlite3_finalize(s->trim);
    sqlite3_finalize(s->age);
    sqlite3_finalize(s->tomb);
    sqlite3_finalize(s->tombs_age);
    sqlite3_close(s->db);
    free(s);
}

static const struct store_ops sqlite_ops = {"sqlite", sq_put,  sq_get,   sq_del,    sq_sweep,       sq_count,
                                            sq_free,  sq_note, sq_tally, sq_forget, sq_batch_begin, sq_batch_end};

/* Creates the folder of path, one level deep, when it is missing. */
static void make_parent(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = '\0';
    mkdir(dir, 0700);
}

static int migrate(sqlstore *s, char *err, size_t errlen)
{
    sqlite3_stmt *v;
    int version = 0;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &v, NULL) == SQLITE_OK && sqlite3_step(v) == SQLITE_ROW)
        version = sqlite3_column_int(v, 0);
    sqlite3_finalize(v);
    if (version > SCHEMA_VERSION) {
        snprintf(err, errlen, "the database has schema version %d; this careerbot knows up to %d", version,
                 SCHEMA_VERSION);
        return -1;
    }
    if (version == SCHEMA_VERSION)
        return 0;
    char *msg = NULL;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    /* Another process (a worker starting beside this one) may have migrated while this one waited. */
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &v, NULL) == SQLITE_OK && sqlite3_step(v) == SQLITE_ROW)
        version = sqlite3_column_int(v, 0);
    sqlite3_finalize(v);
    if (version >= SCHEMA_VERSION)
        return sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg) == SQLITE_OK ? 0 : (sqlite3_free(msg), -1);
    for (int i = version; i < SCHEMA_VERSION; i++)
        if (sqlite3_exec(s->db, migrations[i], NULL, NULL, &msg) != SQLITE_OK)
            goto fail;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", SCHEMA_VERSION);
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(s->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
        goto fail;
    return 0;
fail:
    snprintf(err, errlen, "migrating the schema from version %d: %s", version, msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

store *store_sqlite_new(const char *path, unsigned ttl_secs, char *err, size_t errlen)
{
    sqlstore *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->base.ops = &sqlite_ops;
    s->ttl = ttl_secs;
    s->base.tomb_ttl = ttl_secs;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    s->path = store__dup(path, strlen(path));
    make_parent(path);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 2000);
    /* WAL with synchronous=NORMAL: a committed put survives the process being killed; only a crash
     * of the whole machine can lose the last few. */
    if (sqlite3_exec(s->db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; PRAGMA "
                     "journal_size_limit=8388608; PRAGMA secure_delete=ON;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
        goto fail;
    }
    if (migrate(s, err, errlen) < 0)
        goto fail;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO sessions(id, data, updated) SELECT ?1, ?2, ?3 WHERE NOT EXISTS "
                           "(SELECT 1 FROM forgotten WHERE hash = ?4 AND until >= ?3) "
                           "ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated = excluded.updated",
                           -1, &s->put, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT data FROM sessions WHERE id = ?1 AND updated >= ?2", -1, &s->get, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "DELETE FROM sessions WHERE id = ?1", -1, &s->del, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "DELETE FROM sessions WHERE updated < ?1", -1, &s->sweep, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sessions", -1, &s->count, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO unanswered(text, count, last) VALUES(?1, 1, ?2) "
                           "ON CONFLICT(text) DO UPDATE SET count = count + 1, last = excluded.last",
                           -1, &s->note, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT text, count FROM unanswered ORDER BY count DESC, last DESC LIMIT ?1", -1,
                           &s->tally, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "DELETE FROM unanswered WHERE rowid IN (SELECT rowid FROM unanswered ORDER BY last, count "
                           "LIMIT max(0, (SELECT count(*) FROM unanswered) - ?1))",
                           -1, &s->trim, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "DELETE FROM unanswered WHERE last < ?1", -1, &s->age, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO forgotten(hash, until) VALUES(?1, ?2)", -1, &s->tomb, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "DELETE FROM forgotten WHERE until < ?1", -1, &s->tombs_age, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->db));
        goto fail;
    }
    if (!s->path || pthread_create(&s->checkpointer, NULL, checkpoint_loop, s) != 0) {
        snprintf(err, errlen, "%s: cannot start the checkpoint thread", path);
        goto fail;
    }
    s->thread_started = true;
    return &s->base;
fail:
    sq_free(&s->base);
    return NULL;
}
