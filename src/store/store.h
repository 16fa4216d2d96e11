/*
 * store: where session state lives between turns. A store keeps opaque blobs (the engine's
 * serialised sessions) by session id and knows nothing of what is inside them, nor of the engine
 * or the server.
 *
 * Every store has the same small interface, so the server can be given any of them:
 *   memory  bounded in count, idle sessions expire; gone when the process ends
 *   sqlite  a SQLite file in WAL mode, schema versioned and migrated on open; survives kill -9
 *   redis   a Redis server, shared by several careerbot instances behind a load balancer
 *   cached  a memory store in front of a durable one (sqlite or redis): the chat keeps working
 *           from memory while the durable store fails, and writes through when it is back
 * Not thread-safe: the server calls stores from its one service thread.
 */
#ifndef CAREERBOT_STORE_H
#define CAREERBOT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct store store;

/* An in-memory store of at most max_entries sessions, each dropped ttl_secs after its last use
 * (0: never). Returns NULL when out of memory. Caller frees with store_free. */
store *store_mem_new(size_t max_entries, unsigned ttl_secs);

/* A SQLite store in the file path (created, with its folder, when missing). Returns NULL and
 * writes the reason into err when the file cannot be opened or migrated. */
store *store_sqlite_new(const char *path, unsigned ttl_secs, char *err, size_t errlen);

/* A Redis store at url (redis://[:password@]host[:port][/db]). Keys are "careerbot:session:<id>"
 * and expire after ttl_secs. Returns NULL with the reason in err when the url is malformed; a
 * server that is down is not an error here (the store reconnects when asked). */
store *store_redis_new(const char *url, unsigned ttl_secs, char *err, size_t errlen);

/* A memory store in front of durable (which it takes over). See the paragraph above. */
store *store_cached_new(store *durable, size_t max_entries, unsigned ttl_secs);

/* Saves a copy of blob[0..len) under id, replacing what was there. Returns 0, or -1 when it could
 * not be saved (the reason is in store_error). */
int store_put(store *s, const char *id, const char *blob, size_t len, time_t now);

/* Returns a copy of the blob under id (caller frees; NUL-terminated, *len without the NUL), or NULL
 * when there is none, it expired, or the store failed (store_failing then says so). */
char *store_get(store *s, const char *id, size_t *len, time_t now);

/* Forgets id at once. Returns 0, or -1 when the store failed. Forgetting an unknown id is fine. */
int store_del(store *s, const char *id);

/* Drops sessions idle for longer than the TTL; retries writes that failed (cached). Returns how
 * many sessions were dropped. Call about once a minute, or more often while failing. */
size_t store_sweep(store *s, time_t now);

/* Sessions held, or -1 when the store cannot count them cheaply (redis). */
long store_count(store *s);

/* True while the store (or the durable store behind a cache) is failing. */
bool store_failing(const store *s);

/* The last failure, for logs and /healthz ("" when none). Borrowed. */
const char *store_error(const store *s);

/* "memory", "sqlite", "redis", or "sqlite (cached)" ... Borrowed. */
const char *store_kind(const store *s);

/* Unanswered questions: the messages nothing understood, counted by text so that the intents can
 * be improved where people need it (careerbot report). text is what the user wrote (the server
 * folds case and spaces first), or "" when the operator keeps no text, only a count. Returns 0, or
 * -1 when the store failed or keeps no tally. */
int store_note_unanswered(store *s, const char *text, size_t len, time_t now);

typedef void (*store_tally_fn)(void *ud, const char *text, long count);
/* Calls fn for the max most frequent unanswered texts, most frequent first. Returns how many, or
 * -1 when the store failed or keeps no tally. */
int store_unanswered(store *s, size_t max, store_tally_fn fn, void *ud);

void store_free(store *s);

#endif
