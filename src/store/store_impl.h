/*
 * store_impl: what each store implementation provides (see store.h for the contract). Only the
 * files of src/store include this.
 */
#ifndef CAREERBOT_STORE_IMPL_H
#define CAREERBOT_STORE_IMPL_H

#include "store.h"

struct store_ops {
    const char *kind;
    int (*put)(store *s, const char *id, const char *blob, size_t len, time_t now);
    char *(*get)(store *s, const char *id, size_t *len, time_t now); /* sets s->failing on errors */
    int (*del)(store *s, const char *id);
    size_t (*sweep)(store *s, time_t now);
    long (*count)(store *s);
    void (*free)(store *s);
    int (*note)(store *s, const char *text, size_t len, time_t now); /* NULL: not kept */
    int (*tally)(store *s, size_t max, store_tally_fn fn, void *ud);
    int (*forget)(store *s, const char *id, time_t now); /* NULL: del */
    void (*batch_begin)(store *s);                       /* NULL: every write is immediate */
    int (*batch_end)(store *s, time_t now, store_refused_fn refused, void *ud);
};

struct store_tombs; /* store.c: ids forgotten, refused until their time is up */

struct store {
    const struct store_ops *ops;
    bool failing;              /* the last operation failed */
    char error[256];           /* why */
    char kind[48];             /* for store_kind */
    unsigned tomb_ttl;         /* seconds a forgotten id stays refused (each store's session TTL) */
    struct store_tombs *tombs; /* NULL until the first forget */
};

/* The store's own forget (ops->forget, else del) without the tombstone in memory: for a store that
 * forwards to another (cached). */
int store__forget_here(store *s, const char *id, time_t now);

/* Refuses every later put of id, as a forget here would (a Redis put answered "forgotten" at the end
 * of a batch). */
void store__refuse(store *s, const char *id, time_t now);

/* Records a failure: sets failing and formats the reason. */
void store__fail(store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

char *store__dup(const char *p, size_t n); /* NUL-terminated copy, or NULL when out of memory */

#endif
