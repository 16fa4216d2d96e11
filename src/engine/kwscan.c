/*
 * kwscan (see kwscan.h): an Aho-Corasick automaton over byte classes. Every byte that occurs in
 * some keyword has a class of its own; all other bytes share class 0, which leads back to the root.
 * The goto function is completed into a dense table (states x classes), so a text costs one table
 * step per byte, plus a walk along the output links at states that end keywords.
 */
#include "kwscan.h"
#include "util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct kwscan {
    strmap ids;  /* keyword -> id */
    char **kw;   /* by id */
    size_t *len; /* by id: strlen(kw[id]) */
    size_t n_kw;
    uint8_t cls[256]; /* byte -> class (0: no keyword has it) */
    int n_cls;
    int *next; /* n_states x n_cls; during building, -1 = no edge */
    int *fail;
    int *out;      /* keyword id ending at this state, or -1 */
    int *out_link; /* nearest state on the fail chain with out >= 0, or -1 */
    size_t n_states, cap;
    int finished;
};

kwscan *kwscan_new(void)
{
    kwscan *k = xcalloc(1, sizeof *k);
    k->n_cls = 1;
    return k;
}

void kwscan_free(kwscan *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->n_kw; i++)
        free(k->kw[i]);
    free(k->kw);
    free(k->len);
    strmap_free(&k->ids);
    free(k->next);
    free(k->fail);
    free(k->out);
    free(k->out_link);
    free(k);
}

int kwscan_add(kwscan *k, const char *kw)
{
    size_t len = strlen(kw);
    int id = strmap_get(&k->ids, kw, len);
    if (id >= 0)
        return id;
    k->kw = xrealloc(k->kw, (k->n_kw + 1) * sizeof *k->kw);
    k->kw[k->n_kw] = xstrdup(kw);
    k->len = xrealloc(k->len, (k->n_kw + 1) * sizeof *k->len);
    k->len[k->n_kw] = len;
    id = (int)k->n_kw++;
    strmap_put(&k->ids, k->kw[id], len, id);
    for (const unsigned char *p = (const unsigned char *)kw; *p; p++)
        if (!k->cls[*p])
            k->cls[*p] = (uint8_t)k->n_cls++;
    return id;
}

size_t kwscan_count(const kwscan *k)
{
    return k->n_kw;
}

const char *kwscan_keyword(const kwscan *k, int id)
{
    return k->kw[id];
}

size_t kwscan_len(const kwscan *k, int id)
{
    return k->len[id];
}

static int new_state(kwscan *k)
{
    if (k->n_states == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 64;
        k->next = xrealloc(k->next, k->cap * (size_t)k->n_cls * sizeof *k->next);
        k->fail = xrealloc(k->fail, k->cap * sizeof *k->fail);
        k->out = xrealloc(k->out, k->cap * sizeof *k->out);
        k->out_link = xrealloc(k->out_link, k->cap * sizeof *k->out_link);
    }
    int s = (int)k->n_states++;
    for (int c = 0; c < k->n_cls; c++)
        k->next[(size_t)s * (size_t)k->n_cls + (size_t)c] = -1;
    k->fail[s] = 0;
    k->out[s] = -1;
    k->out_link[s] = -1;
    return s;
}

void kwscan_finish(kwscan *k)
{
    new_state(k); /* the root */
    for (size_t i = 0; i < k->n_kw; i++) {
        int s = 0;
        for (const unsigned char *p = (const unsigned char *)k->kw[i]; *p; p++) {
            size_t at = (size_t)s * (size_t)k->n_cls + k->cls[*p];
            if (k->next[at] < 0) {
                int t = new_state(k); /* may move k->next */
                k->next[at] = t;
            }
            s = k->next[at];
        }
        k->out[s] = (int)i;
    }
    /* Breadth first: fail links, output links, and the missing edges filled in. */
    int *queue = xcalloc(k->n_states, sizeof *queue);
    size_t head = 0, tail = 0;
    for (int c = 0; c < k->n_cls; c++) {
        int *t = &k->next[c];
        if (*t < 0) {
            *t = 0;
        } else {
            k->fail[*t] = 0;
            queue[tail++] = *t;
        }
    }
    while (head < tail) {
        int s = queue[head++];
        int f = k->fail[s];
        k->out_link[s] = k->out[f] >= 0 ? f : k->out_link[f];
        for (int c = 0; c < k->n_cls; c++) {
            int *t = &k->next[(size_t)s * (size_t)k->n_cls + (size_t)c];
            int via = k->next[(size_t)f * (size_t)k->n_cls + (size_t)c];
            if (*t < 0) {
                *t = via;
            } else {
                k->fail[*t] = via;
                queue[tail++] = *t;
            }
        }
    }
    free(queue);
    k->finished = 1;
}

/* The automaton's move from state s on byte c. */
static int step(const kwscan *k, int s, unsigned char c)
{
    return k->next[(size_t)s * (size_t)k->n_cls + k->cls[c]];
}

/* The first state on s's output chain (s itself when a keyword ends there), or -1: each keyword ending
 * at this byte is out[] of one state of the chain, followed through out_link. */
static int first_out(const kwscan *k, int s)
{
    return k->out[s] >= 0 ? s : k->out_link[s];
}

void kwscan_run(const kwscan *k, const char *text, size_t len, uint8_t *seen, int *found, size_t *n_found, size_t max)
{
    if (!k->finished || !k->n_kw)
        return;
    int s = 0;
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        s = step(k, s, p[i]);
        for (int o = first_out(k, s); o >= 0; o = k->out_link[o]) {
            int id = k->out[o];
            if (seen[id])
                continue;
            seen[id] = 1;
            if (found && *n_found < max)
                found[(*n_found)++] = id;
        }
    }
}

size_t kwscan_all(const kwscan *k, const char *text, size_t len, int *found, size_t max)
{
    if (!k->finished || !k->n_kw)
        return 0;
    size_t n = 0;
    int s = 0;
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        s = step(k, s, p[i]);
        for (int o = first_out(k, s); o >= 0; o = k->out_link[o]) {
            if (n < max)
                found[n] = k->out[o];
            n++;
        }
    }
    return n;
}

static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

size_t kwscan_words(const kwscan *k, const char *text, size_t len, int *found, size_t *start, size_t max)
{
    if (!k->finished || !k->n_kw)
        return 0;
    size_t n = 0;
    int s = 0;
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        s = step(k, s, p[i]);
        int o = first_out(k, s);
        if (o < 0 || (i + 1 < len && word_byte(p[i + 1])))
            continue; /* no keyword ends here, or it ends inside a word */
        for (; o >= 0; o = k->out_link[o]) {
            int id = k->out[o];
            size_t from = i + 1 - k->len[id];
            if (from > 0 && word_byte(p[from - 1]))
                continue;
            if (n < max) {
                found[n] = id;
                if (start)
                    start[n] = from;
            }
            n++;
        }
    }
    return n;
}
