/* store: the dispatch shared by every store (see store.h). */
#include "store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int store_put(store *s, const char *id, const char *blob, size_t len, time_t now)
{
    return s->ops->put(s, id, blob, len, now);
}

char *store_get(store *s, const char *id, size_t *len, time_t now)
{
    return s->ops->get(s, id, len, now);
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

int store_note_unanswered(store *s, const char *text, size_t len, time_t now)
{
    return s->ops->note ? s->ops->note(s, text, len, now) : -1;
}

int store_unanswered(store *s, size_t max, store_tally_fn fn, void *ud)
{
    return s->ops->tally ? s->ops->tally(s, max, fn, ud) : -1;
}

void store_free(store *s)
{
    if (s)
        s->ops->free(s);
}
