/*
 * The id set (see idset.h): open addressing with linear probing; removal shifts the entries of the
 * probe run back, so no tombstones build up in a set filled and emptied once per event-loop pass.
 */
#include "idset.h"

#include "hash.h"
#include "store_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *id)
{
    return (size_t)hash_str(HASH_SEED, id);
}

/* The slot holding id, or the empty slot where it would go. */
static size_t find(const idset *s, const char *id)
{
    size_t i = hash(id) & s->mask;
    while (s->slot[i] && strcmp(s->v[s->slot[i] - 1], id))
        i = (i + 1) & s->mask;
    return i;
}

bool idset_has(const idset *s, const char *id)
{
    return s->mask && s->slot[find(s, id)];
}

/* Keeps the table at most half full. */
static bool grow(idset *s)
{
    if (s->mask && 2 * (s->n + 1) <= s->mask + 1)
        return true;
    size_t size = s->mask ? 2 * (s->mask + 1) : 32;
    size_t *slot = calloc(size, sizeof *slot);
    if (!slot)
        return false;
    free(s->slot);
    s->slot = slot;
    s->mask = size - 1;
    for (size_t k = 0; k < s->n; k++)
        s->slot[find(s, s->v[k])] = k + 1;
    return true;
}

bool idset_add(idset *s, const char *id)
{
    if (idset_has(s, id))
        return true;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return false;
        s->v = v;
        s->cap = cap;
    }
    if (!grow(s))
        return false;
    char *copy = store__dup(id, strlen(id));
    if (!copy)
        return false;
    s->v[s->n++] = copy;
    s->slot[find(s, copy)] = s->n;
    return true;
}

/* Empties slot i and moves back the entries after it that would no longer be found. */
static void unslot(idset *s, size_t i)
{
    size_t j = i;
    s->slot[i] = 0;
    for (;;) {
        j = (j + 1) & s->mask;
        if (!s->slot[j])
            return;
        size_t home = hash(s->v[s->slot[j] - 1]) & s->mask;
        /* The entry at j stays unless its home lies cyclically outside (i, j]. */
        if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
            continue;
        s->slot[i] = s->slot[j];
        s->slot[j] = 0;
        i = j;
    }
}

void idset_remove_at(idset *s, size_t i)
{
    unslot(s, find(s, s->v[i]));
    free(s->v[i]);
    if (i != --s->n) {
        s->v[i] = s->v[s->n];
        s->slot[find(s, s->v[i])] = i + 1;
    }
}

void idset_remove(idset *s, const char *id)
{
    if (!s->mask)
        return;
    size_t k = s->slot[find(s, id)];
    if (k)
        idset_remove_at(s, k - 1);
}

/* A table grown for one large batch is dropped rather than zeroed, so that the small batches of the
 * passes after it cost what they cost before it. */
void idset_clear(idset *s)
{
    if (!s->n)
        return;
    size_t used = s->n;
    for (size_t k = 0; k < s->n; k++)
        free(s->v[k]);
    s->n = 0;
    if (s->mask + 1 > 64 && s->mask + 1 > 8 * used) {
        free(s->slot);
        s->slot = NULL;
        s->mask = 0;
    } else {
        memset(s->slot, 0, (s->mask + 1) * sizeof *s->slot);
    }
}

void idset_free(idset *s)
{
    for (size_t k = 0; k < s->n; k++)
        free(s->v[k]);
    free(s->v);
    free(s->slot);
    memset(s, 0, sizeof *s);
}
