/*
 * store: where session state lives between turns. A store keeps opaque blobs (the engine's
 * serialised sessions) by session id and knows nothing of what is inside them, nor of the engine
 * or the server.
 *
 * Every store has the same small interface, so the server can be given any of them:
 *   memory  bounded in count (the least recently used session makes room for a new one), idle
 *           sessions expire; gone when the process ends
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
 * (0: never); when full, the least recently used is dropped to make room. Returns NULL when out of
 * memory. Caller frees with store_free. */
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

#define STORE_E_FORGOTTEN (-2) /* store_put: the id was forgotten ("forget me"); nothing was written */

/* Deletes id at once. Returns 0, or -1 when the store failed. Deleting an unknown id is fine. */
int store_del(store *s, const char *id);

/* "Forget me": deletes id and refuses every later store_put of it (STORE_E_FORGOTTEN) for at least
 * the session TTL (a day when sessions never expire), so a second tab or another instance cannot
 * write it back. The refusal is kept in memory, and in Redis itself for the instances that share it;
 * SQLite also overwrites what it deleted and truncates its WAL soon after. Returns 0, or -1 when the
 * store failed (the id is refused here all the same). */
int store_forget(store *s, const char *id, time_t now);

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

#define STORE_UNANSWERED_MAX 2000             /* distinct texts kept; the least recent go first */
#define STORE_UNANSWERED_AGE (30 * 24 * 3600) /* seconds a text is kept after it was last seen */

/* Unanswered questions: the messages nothing understood, counted by text so that the intents can
 * be improved where people need it (careerbot report). text is what the user wrote (the server
 * folds case and spaces first), or "" when the operator keeps no text, only a count. Control
 * characters, escape sequences and bidirectional overrides are neutralised (store_text_clean)
 * before the text is kept. Every store keeps at most STORE_UNANSWERED_MAX texts, dropping the least
 * recently seen, and store_sweep drops those not seen for STORE_UNANSWERED_AGE. Returns 0, or -1
 * when the store failed or keeps no tally. */
int store_note_unanswered(store *s, const char *text, size_t len, time_t now);

typedef void (*store_tally_fn)(void *ud, const char *text, long count);
/* Calls fn for the max most frequent unanswered texts, most frequent first. Returns how many, or
 * -1 when the store failed or keeps no tally. */
int store_unanswered(store *s, size_t max, store_tally_fn fn, void *ud);

/* Writes text[0..len) into out (cap bytes, NUL-terminated, cut on a character) with what a terminal
 * would act on made visible and inert: C0 and C1 controls, DEL, bidirectional embeddings, overrides
 * and isolates, line and paragraph separators, and bytes that are not UTF-8, each become U+FFFD.
 * Returns the bytes written, without the NUL. */
size_t store_text_clean(const char *text, size_t len, char *out, size_t cap);

/* Group commit. Between store_batch_begin and store_batch_end, puts, deletes and forgets go into
 * one write: one SQLite transaction (begun at the first write, so an idle pass costs nothing), one
 * Redis pipeline (sent and read at the end; any other call sends it first, so reads see the writes
 * before them). A put inside a batch returns 0 when it was taken; whether it reached the disk is
 * known only from store_batch_end, so nothing that promises durability (a reply) may leave before
 * that returns. A Redis put refused because the id was forgotten elsewhere is learnt at the end too
 * (store_refused_fn), and the id is refused here from then on (STORE_E_FORGOTTEN on its next put). The memory store
 * writes at once and ignores both; a cached store passes them to its durable store, and when the
 * batch fails it keeps every session of the batch to write through (see store_cached_new). Batches
 * do not nest. */
void store_batch_begin(store *s);

/* Called by store_batch_end for each id whose put was refused because another instance forgot it
 * (Redis): the id is refused from then on, and whoever holds the session drops it. id is borrowed. */
typedef void (*store_refused_fn)(void *ud, const char *id);

/* Ends the batch begun by store_batch_begin: commits it (SQLite) or sends it and reads every answer
 * (Redis), calling refused (may be NULL) for each put refused as forgotten. Returns 0, or -1 when
 * some of it could not be written (the reason in store_error). */
int store_batch_end(store *s, time_t now, store_refused_fn refused, void *ud);

void store_free(store *s);

#endif
