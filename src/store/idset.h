/*
 * A set of session ids: an array (for walking and for taking the entries out one by one) indexed
 * by a hash table, so that adding, finding and removing cost the same with 10,000 ids in a batch
 * as with one. Ids are copied in; the set owns them.
 */
#ifndef CAREERBOT_IDSET_H
#define CAREERBOT_IDSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct idset {
    char **v;      /* the ids, in no particular order */
    size_t n, cap; /* used and allocated entries of v */
    size_t *slot;  /* hash table of 1 + an index into v; 0 is an empty slot */
    size_t mask;   /* the table's size minus one (a power of two), 0 before the first add */
} idset;

bool idset_has(const idset *s, const char *id);
/* Adds a copy of id unless it is there; false only when memory ran out (the set is unchanged). */
bool idset_add(idset *s, const char *id);
void idset_remove(idset *s, const char *id);
/* Removes v[i]; the last entry takes its place, so a walk that removes stays at i. */
void idset_remove_at(idset *s, size_t i);
void idset_clear(idset *s);
void idset_free(idset *s);

#endif
