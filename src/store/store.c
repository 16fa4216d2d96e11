/* store: the dispatch shared by every store (see store.h), the tombstones of forgotten ids, and the
 * cleaning of unanswered texts. No store of its own here. */
#include "hash.h"
#include "store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STORE_NOTE_MAX 1024 /* bytes of an unanswered text once cleaned (the server sends at most 200) */

void store__fail(store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
    s->failing = true;
}

char *store__dup(const char *p, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

/* ===================== Tombstones ===================== */

/* Forgotten ids in a hash table, and in the order they were forgotten: all live as long, so the
 * oldest is always the first to go. Bounded: past TOMBS_MAX the oldest goes early. */
#define TOMBS_BUCKETS 4096 /* a power of two */
#define TOMBS_MAX 200000

struct tomb {
    struct tomb *next;  /* in its bucket */
    struct tomb *later; /* the one forgotten after it */
    time_t until;       /* refused until then */
    char id[];
};

struct store_tombs {
    struct tomb *buckets[TOMBS_BUCKETS];
    struct tomb *first, *last; /* oldest, newest */
    size_t n;
};

static struct tomb **tomb_find(struct store_tombs *t, const char *id)
{
    struct tomb **pp = &t->buckets[hash_str(HASH_SEED, id) & (TOMBS_BUCKETS - 1)];
    while (*pp && strcmp((*pp)->id, id))
        pp = &(*pp)->next;
    return pp;
}

/* Drops the oldest tombstones while they have expired, or while there are more than keep. */
static void tombs_trim(struct store_tombs *t, time_t now, size_t keep)
{
    while (t->first && (t->first->until < now || t->n > keep)) {
        struct tomb *old = t->first;
        struct tomb **pp = tomb_find(t, old->id);
        *pp = old->next;
        t->first = old->later;
        if (!t->first)
            t->last = NULL;
        free(old);
        t->n--;
    }
}

static void tombs_add(store *s, const char *id, time_t now)
{
    if (!s->tombs && !(s->tombs = calloc(1, sizeof *s->tombs)))
        return;
    struct store_tombs *t = s->tombs;
    tombs_trim(t, now, TOMBS_MAX - 1);
    if (*tomb_find(t, id))
        return; /* forgotten already; the first time counts */
    size_t n = strlen(id);
    struct tomb *b = calloc(1, sizeof *b + n + 1);
    if (!b)
        return;
    memcpy(b->id, id, n + 1);
    b->until = now + (time_t)(s->tomb_ttl ? s->tomb_ttl : 24 * 3600);
    struct tomb **pp = tomb_find(t, id);
    *pp = b;
    if (t->last)
        t->last->later = b;
    else
        t->first = b;
    t->last = b;
    t->n++;
}

static bool tombs_has(store *s, const char *id, time_t now)
{
    if (!s->tombs)
        return false;
    tombs_trim(s->tombs, now, TOMBS_MAX);
    return *tomb_find(s->tombs, id) != NULL;
}

static void tombs_free(struct store_tombs *t)
{
    while (t && t->first) {
        struct tomb *next = t->first->later;
        free(t->first);
        t->first = next;
    }
    free(t);
}

/* ===================== Dispatch ===================== */

int store_put(store *s, const char *id, const char *blob, size_t len, time_t now)
{
    if (tombs_has(s, id, now))
        return STORE_E_FORGOTTEN;
    int rc = s->ops->put(s, id, blob, len, now);
    if (rc == STORE_E_FORGOTTEN)
        tombs_add(s, id, now); /* forgotten by another instance: refuse it here too from now on */
    return rc;
}

char *store_get(store *s, const char *id, size_t *len, time_t now)
{
    if (tombs_has(s, id, now))
        return NULL;
    return s->ops->get(s, id, len, now);
}

int store__forget_here(store *s, const char *id, time_t now)
{
    return s->ops->forget ? s->ops->forget(s, id, now) : s->ops->del(s, id);
}

int store_forget(store *s, const char *id, time_t now)
{
    tombs_add(s, id, now);
    return store__forget_here(s, id, now);
}

void store__refuse(store *s, const char *id, time_t now)
{
    tombs_add(s, id, now);
}

void store_batch_begin(store *s)
{
    if (s->ops->batch_begin)
        s->ops->batch_begin(s);
}

int store_batch_end(store *s, time_t now, store_refused_fn refused, void *ud)
{
    return s->ops->batch_end ? s->ops->batch_end(s, now, refused, ud) : 0;
}

int store_del(store *s, const char *id)
{
    return s->ops->del(s, id);
}

size_t store_sweep(store *s, time_t now)
{
    return s->ops->sweep(s, now);
}

long store_count(store *s)
{
    return s->ops->count(s);
}

bool store_failing(const store *s)
{
    return s->failing;
}

const char *store_error(const store *s)
{
    return s->failing ? s->error : "";
}

const char *store_kind(const store *s)
{
    return s->kind[0] ? s->kind : s->ops->kind;
}

/* The code point at p (n bytes left) and its length in *used, or -1 (with *used 1) when the bytes
 * there are not well-formed UTF-8 (overlong forms and surrogates included). */
static long utf8_next(const unsigned char *p, size_t n, size_t *used)
{
    *used = 1;
    if (p[0] < 0x80)
        return p[0];
    size_t k = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : 0;
    if (!k || k > n || p[0] > 0xF4)
        return -1;
    long cp = p[0] & (0x7F >> k);
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    static const long least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *used = k;
    return cp;
}

/* Code points a terminal acts on, or that reorder what follows. */
static bool acts_on_terminal(long cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t store_text_clean(const char *text, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    if (!cap)
        return 0;
    for (size_t i = 0; i < len;) {
        size_t used;
        long cp = utf8_next((const unsigned char *)text + i, len - i, &used);
        bool bad = cp < 0 || acts_on_terminal(cp);
        size_t need = bad ? 3 : used;
        if (o + need >= cap)
            break;
        if (bad)
            memcpy(out + o, "\xEF\xBF\xBD", 3); /* U+FFFD */
        else
            memcpy(out + o, text + i, used);
        o += need;
        i += used;
    }
    out[o] = '\0';
    return o;
}

int store_note_unanswered(store *s, const char *text, size_t len, time_t now)
{
    if (!s->ops->note)
        return -1;
    char clean[STORE_NOTE_MAX];
    size_t n = store_text_clean(text, len, clean, sizeof clean);
    return s->ops->note(s, clean, n, now);
}

int store_unanswered(store *s, size_t max, store_tally_fn fn, void *ud)
{
    return s->ops->tally ? s->ops->tally(s, max, fn, ud) : -1;
}

void store_free(store *s)
{
    if (s) {
        tombs_free(s->tombs);
        s->ops->free(s);
    }
}
