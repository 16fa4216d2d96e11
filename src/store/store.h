/*
 * store: where session state lives between turns. A store keeps opaque blobs (the engine's
 * serialised sessions) by session id and knows nothing of what is inside them, nor of the engine
 * or the server.
 *
 * Every store has the same small interface, so the server can be given any of them. This slice has
 * the in-memory store: sessions survive reconnects and page reloads for as long as the process
 * runs, bounded in count and expired when idle. Not thread-safe: the server calls it from its one
 * service thread.
 */
#ifndef CAREERBOT_STORE_H
#define CAREERBOT_STORE_H

#include <stddef.h>
#include <time.h>

typedef struct store store;

/* An in-memory store of at most max_entries sessions, each dropped ttl_secs after its last use.
 * Caller frees with store_free. */
store *store_mem_new(size_t max_entries, unsigned ttl_secs);

/* Saves a copy of blob[0..len) under id, replacing what was there. Returns 0, or -1 when the store
 * is full even after dropping expired sessions. */
int store_put(store *s, const char *id, const char *blob, size_t len, time_t now);

/* Returns a copy of the blob under id (caller frees; NUL-terminated, *len without the NUL), or NULL
 * when there is none or it has expired. A get counts as use. */
char *store_get(store *s, const char *id, size_t *len, time_t now);

/* Forgets id at once. Returns 0, or -1 when there was nothing to forget. */
int store_del(store *s, const char *id);

/* Drops every session idle for longer than the TTL; returns how many. */
size_t store_sweep(store *s, time_t now);

size_t store_count(const store *s);
void store_free(store *s);

#endif
