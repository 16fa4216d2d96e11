/*
 * The Redis session store (see store.h): SET with EX on every put, so idle sessions expire in Redis
 * itself, GET on resume, DEL to forget. Calls are synchronous with a short timeout (a loopback or
 * LAN round trip is a fraction of a millisecond). When the connection breaks, the store reports the
 * failure and reconnects on a later call, at most once a second.
 *
 * "Forget me" leaves a tombstone key beside the session's, for the session TTL (a day without one):
 * every put checks it in the same script that writes, so no instance can write a forgotten session
 * back. Unanswered texts are a sorted set of counts and one of when each was last seen; the note's
 * script drops the texts not seen for STORE_UNANSWERED_AGE and the least recent beyond
 * STORE_UNANSWERED_MAX, and both keys expire, so under volatile-ttl they are evicted like sessions.
 *
 * In a batch (store_batch_begin) the puts are only appended to the connection's output buffer, and
 * sent together, their answers read in order, when the batch ends or when any other call needs the
 * connection (so a read after a write in the same batch sees it).
 */
#include "store_impl.h"

#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_PREFIX "careerbot:session:"
#define FORGOTTEN_PREFIX "careerbot:forgotten:"

/* KEYS: session, tombstone; ARGV: blob, ttl (0: none). Returns 0 when the id was forgotten. */
static const char put_script[] = "if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end "
                                 "if ARGV[2] == '0' then redis.call('SET', KEYS[1], ARGV[1]) "
                                 "else redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end return 1";
/* KEYS: session, tombstone; ARGV: seconds the tombstone lives. */
static const char forget_script[] =
    "redis.call('DEL', KEYS[1]) redis.call('SET', KEYS[2], '1', 'EX', ARGV[1]) return 1";
/* KEYS: counts, last seen; ARGV: text, now, oldest kept, most kept, seconds the keys live. */
static const char note_script[] =
    "redis.call('ZINCRBY', KEYS[1], 1, ARGV[1]) redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) "
    "local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[3]) "
    "local over = redis.call('ZCARD', KEYS[2]) - #old - tonumber(ARGV[4]) "
    "if over > 0 then for _, t in ipairs(redis.call('ZRANGE', KEYS[2], #old, #old + over - 1)) do "
    "table.insert(old, t) end end "
    "for _, t in ipairs(old) do redis.call('ZREM', KEYS[1], t) redis.call('ZREM', KEYS[2], t) end "
    "redis.call('EXPIRE', KEYS[1], ARGV[5]) redis.call('EXPIRE', KEYS[2], ARGV[5]) return 1";
#define TIMEOUT_MS 500

typedef struct redisstore {
    store base;
    redisContext *rc;
    char host[256];
    int port;
    int db;
    char password[256];
    unsigned ttl;
    time_t last_try; /* last connection attempt */
    bool batching;   /* between batch_begin and batch_end */
    bool batch_lost; /* a put of the batch failed (found when its answers were read) */
    char **pending;  /* ids of the puts sent but not answered yet, in order (owned) */
    size_t n_pending, cap_pending;
} redisstore;

static void drop(redisstore *s)
{
    if (s->rc)
        redisFree(s->rc);
    s->rc = NULL;
}

/* Returns the connection, connecting when needed; NULL (with the failure recorded) when down. */
static redisContext *conn(redisstore *s)
{
    if (s->rc && !s->rc->err)
        return s->rc;
    drop(s);
    time_t now = time(NULL);
    if (now == s->last_try && s->base.failing)
        return NULL; /* do not hammer a server that is down */
    s->last_try = now;
    struct timeval tv = {0, TIMEOUT_MS * 1000};
    s->rc = redisConnectWithTimeout(s->host, s->port, tv);
    if (!s->rc || s->rc->err) {
        store__fail(&s->base, "redis %s:%d: %s", s->host, s->port, s->rc ? s->rc->errstr : "cannot connect");
        drop(s);
        return NULL;
    }
    redisSetTimeout(s->rc, tv);
    redisReply *r;
    if (s->password[0]) {
        r = redisCommand(s->rc, "AUTH %s", s->password);
        bool ok = r && r->type != REDIS_REPLY_ERROR;
        if (r)
            freeReplyObject(r);
        if (!ok) {
            store__fail(&s->base, "redis %s:%d: authentication failed", s->host, s->port);
            drop(s);
            return NULL;
        }
    }
    if (s->db) {
        r = redisCommand(s->rc, "SELECT %d", s->db);
        bool ok = r && r->type != REDIS_REPLY_ERROR;
        if (r)
            freeReplyObject(r);
        if (!ok) {
            store__fail(&s->base, "redis %s:%d: cannot select database %d", s->host, s->port, s->db);
            drop(s);
            return NULL;
        }
    }
    return s->rc;
}

/* Runs a command; returns the reply (caller frees) or NULL with the failure recorded. */
static redisReply *command_result(redisstore *s, redisReply *r)
{
    if (!r || r->type == REDIS_REPLY_ERROR) {
        store__fail(&s->base, "redis %s:%d: %s", s->host, s->port,
                    r ? r->str : (s->rc && s->rc->err ? s->rc->errstr : "no reply"));
        if (r)
            freeReplyObject(r);
        else
            drop(s);
        return NULL;
    }
    s->base.failing = false;
    return r;
}

/* Sends the batch's pending puts and reads their answers. A put answered "forgotten" refuses its id
 * from then on; one that failed, or a connection that broke, marks the batch lost. */
static void flush_pending(redisstore *s, time_t now, store_refused_fn refused, void *ud)
{
    bool broken = false;
    for (size_t i = 0; i < s->n_pending; i++) {
        void *v = NULL;
        if (!broken && s->rc && redisGetReply(s->rc, &v) != REDIS_OK)
            v = NULL;
        redisReply *r = v ? command_result(s, v) : NULL;
        if (!v && !broken) {
            store__fail(&s->base, "redis %s:%d: %s", s->host, s->port,
                        s->rc && s->rc->err ? s->rc->errstr : "no reply");
            drop(s);
            broken = true;
        }
        if (!r)
            s->batch_lost = true;
        else if (r->type == REDIS_REPLY_INTEGER && r->integer == 0) {
            store__refuse(&s->base, s->pending[i], now);
            if (refused)
                refused(ud, s->pending[i]);
        }
        if (r)
            freeReplyObject(r);
        free(s->pending[i]);
    }
    s->n_pending = 0;
}

/* Inside a batch: appends the put to the pipeline. Returns 0 when it was taken, -1 when it could
 * not be (no connection, out of memory). */
static int put_pipelined(redisstore *s, redisContext *c, const char *id, const char *blob, size_t len)
{
    if (s->n_pending == s->cap_pending) {
        size_t cap = s->cap_pending ? 2 * s->cap_pending : 64;
        char **v = realloc(s->pending, cap * sizeof *v);
        if (!v)
            return -1;
        s->pending = v;
        s->cap_pending = cap;
    }
    char *copy = store__dup(id, strlen(id));
    if (!copy || redisAppendCommand(c, "EVAL %s 2 " KEY_PREFIX "%s " FORGOTTEN_PREFIX "%s %b %u", put_script, id, id,
                                    blob, len, s->ttl) != REDIS_OK) {
        free(copy);
        return -1;
    }
    s->pending[s->n_pending++] = copy;
    return 0;
}

/* The connection for a call that is not a put: what the batch has pipelined goes first (a put
 * refused there is refused from then on, and its holder learns it at its next put). */
static redisContext *conn_flushed(redisstore *s)
{
    if (s->n_pending)
        flush_pending(s, time(NULL), NULL, NULL);
    return conn(s);
}

static void rd_batch_begin(store *st)
{
    ((redisstore *)st)->batching = true;
}

static int rd_batch_end(store *st, time_t now, store_refused_fn refused, void *ud)
{
    redisstore *s = (redisstore *)st;
    flush_pending(s, now, refused, ud);
    int rc = s->batch_lost ? -1 : 0;
    s->batching = s->batch_lost = false;
    return rc;
}

static int rd_put(store *st, const char *id, const char *blob, size_t len, time_t now)
{
    (void)now;
    redisstore *s = (redisstore *)st;
    redisContext *c = s->n_pending ? s->rc : conn(s);
    if (!c)
        return -1;
    if (s->batching)
        return put_pipelined(s, c, id, blob, len);
    redisReply *r = command_result(s, redisCommand(c, "EVAL %s 2 " KEY_PREFIX "%s " FORGOTTEN_PREFIX "%s %b %u",
                                                   put_script, id, id, blob, len, s->ttl));
    if (!r)
        return -1;
    bool forgotten = r->type == REDIS_REPLY_INTEGER && r->integer == 0;
    freeReplyObject(r);
    return forgotten ? STORE_E_FORGOTTEN : 0;
}

static char *rd_get(store *st, const char *id, size_t *len, time_t now)
{
    (void)now;
    redisstore *s = (redisstore *)st;
    redisContext *c = conn_flushed(s);
    if (!c)
        return NULL;
    redisReply *r = command_result(s, redisCommand(c, "GET " KEY_PREFIX "%s", id));
    if (!r)
        return NULL;
    char *out = NULL;
    if (r->type == REDIS_REPLY_STRING) {
        out = store__dup(r->str, r->len);
        *len = r->len;
        /* Reading counts as use: keep the session alive as long as a put would. */
        if (s->ttl) {
            redisReply *e = redisCommand(c, "EXPIRE " KEY_PREFIX "%s %u", id, s->ttl);
            if (e)
                freeReplyObject(e);
        }
    }
    freeReplyObject(r);
    return out;
}

static int rd_del(store *st, const char *id)
{
    redisstore *s = (redisstore *)st;
    redisContext *c = conn_flushed(s);
    if (!c)
        return -1;
    redisReply *r = command_result(s, redisCommand(c, "DEL " KEY_PREFIX "%s", id));
    if (!r)
        return -1;
    freeReplyObject(r);
    return 0;
}

static int rd_forget(store *st, const char *id, time_t now)
{
    (void)now;
    redisstore *s = (redisstore *)st;
    redisContext *c = conn_flushed(s);
    if (!c)
        return -1;
    redisReply *r = command_result(s, redisCommand(c, "EVAL %s 2 " KEY_PREFIX "%s " FORGOTTEN_PREFIX "%s %u",
                                                   forget_script, id, id, s->ttl ? s->ttl : 24u * 3600u));
    if (!r)
        return -1;
    freeReplyObject(r);
    return 0;
}

static size_t rd_sweep(store *st, time_t now)
{
    (void)now;
    redisstore *s = (redisstore *)st;
    /* Redis expires keys itself; a sweep only checks that the server is reachable again. */
    redisContext *c = conn_flushed(s);
    if (c) {
        redisReply *r = command_result(s, redisCommand(c, "PING"));
        if (r)
            freeReplyObject(r);
    }
    return 0;
}

static long rd_count(store *st)
{
    (void)st;
    return -1; /* counting keys by prefix means a SCAN of the whole server: not on a health check */
}

static void rd_free(store *st)
{
    redisstore *s = (redisstore *)st;
    flush_pending(s, time(NULL), NULL, NULL);
    drop(s);
    free(s->pending);
    free(s);
}

#define UNANSWERED_KEY "careerbot:unanswered"
#define UNANSWERED_SEEN_KEY "careerbot:unanswered:seen"

static int rd_note(store *st, const char *text, size_t len, time_t now)
{
    redisstore *s = (redisstore *)st;
    redisContext *c = conn_flushed(s);
    if (!c)
        return -1;
    redisReply *r =
        command_result(s, redisCommand(c, "EVAL %s 2 " UNANSWERED_KEY " " UNANSWERED_SEEN_KEY " %b %lld %lld %d %d",
                                       note_script, text, len, (long long)now, (long long)now - STORE_UNANSWERED_AGE,
                                       STORE_UNANSWERED_MAX, STORE_UNANSWERED_AGE));
    if (!r)
        return -1;
    freeReplyObject(r);
    return 0;
}

static int rd_tally(store *st, size_t max, store_tally_fn fn, void *ud)
{
    redisstore *s = (redisstore *)st;
    redisContext *c = conn_flushed(s);
    if (!c || !max)
        return c ? 0 : -1;
    redisReply *r = command_result(
        s, redisCommand(c, "ZREVRANGE " UNANSWERED_KEY " 0 %d WITHSCORES", max > 100000 ? 99999 : (int)max - 1));
    if (!r)
        return -1;
    int n = 0;
    for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i + 1 < r->elements; i += 2) {
        fn(ud, r->element[i]->str ? r->element[i]->str : "", r->element[i + 1]->str ? atol(r->element[i + 1]->str) : 0);
        n++;
    }
    freeReplyObject(r);
    return n;
}

static const struct store_ops redis_ops = {"redis", rd_put,  rd_get,   rd_del,    rd_sweep,       rd_count,
                                           rd_free, rd_note, rd_tally, rd_forget, rd_batch_begin, rd_batch_end};

store *store_redis_new(const char *url, unsigned ttl_secs, char *err, size_t errlen)
{
    if (strncmp(url, "redis://", 8)) {
        snprintf(err, errlen, "a Redis URL starts with redis://, not \"%s\"", url);
        return NULL;
    }
    redisstore *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->base.ops = &redis_ops;
    s->ttl = ttl_secs;
    s->base.tomb_ttl = ttl_secs;
    s->port = 6379;
    const char *p = url + 8;
    const char *at = strchr(p, '@');
    if (at) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        const char *pw = colon ? colon + 1 : p;
        snprintf(s->password, sizeof s->password, "%.*s", (int)(at - pw), pw);
        p = at + 1;
    }
    size_t hl = strcspn(p, ":/");
    if (!hl || hl >= sizeof s->host) {
        snprintf(err, errlen, "no host in \"%s\"", url);
        free(s);
        return NULL;
    }
    memcpy(s->host, p, hl);
    p += hl;
    if (*p == ':') {
        char *end;
        long port = strtol(p + 1, &end, 10);
        if (port <= 0 || port > 65535 || (*end && *end != '/')) {
            snprintf(err, errlen, "bad port in \"%s\"", url);
            free(s);
            return NULL;
        }
        s->port = (int)port;
        p = end;
    }
    if (*p == '/' && p[1]) {
        char *end;
        long db = strtol(p + 1, &end, 10);
        if (db < 0 || db > 1000 || *end) {
            snprintf(err, errlen, "bad database number in \"%s\"", url);
            free(s);
            return NULL;
        }
        s->db = (int)db;
    }
    conn(s); /* connect now when it can; a failure is reported, not fatal */
    return &s->base;
}
