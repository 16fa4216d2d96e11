/*
 * hash: the one string hash of careerbot (64-bit FNV-1a), for hash tables and deterministic
 * tie-breaks. Header only, no state: the engine, the stores and the server all use it, and none
 * of them reaches into another for it.
 *
 * Not a cryptographic hash: tables keyed by client input (addresses, session ids) must not rely
 * on it to resist chosen collisions beyond what their size caps already bound.
 */
#ifndef CAREERBOT_HASH_H
#define CAREERBOT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_SEED 1469598103934665603ULL /* FNV-1a offset basis */

/* Folds n bytes of p into h (start with HASH_SEED); returns the new hash. */
static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Folds the NUL-terminated string s into h. */
static inline uint64_t hash_str(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

#endif
