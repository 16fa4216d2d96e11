/* names: see names.h. */
#include "names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NO_KEY UINT64_MAX

struct node {
    int career; /* -1: no name ends here */
    int amb;    /* index into ambs, or -1 */
    int strength;
    unsigned char frame; /* NAMES_ANYWHERE, or where else the name counts (names_add_framed) */
};

struct amb {
    int v[NAMES_MAX_ALTS];
    size_t n;
};

/* (parent node << 32 | word id) → child node, open addressing. */
struct edges {
    uint64_t *keys;
    int *vals;
    size_t n, cap;
};

struct list {
    int *v;
    size_t n, cap;
};

struct names {
    strmap words;   /* word → id */
    char **word;    /* id → word (owned by words' keys is not stable, so copies) */
    unsigned *freq; /* id → how many names use it */
    size_t n_words, cap_words;
    struct node *nodes;
    size_t n_nodes, cap_nodes;
    struct edges edges;
    struct amb *ambs;
    size_t n_ambs, cap_ambs;
    strmap stop;    /* words never corrected */
    strmap common;  /* frequent English words: spelled right, so never corrected either */
    strmap deletes; /* a word, or the word with one letter deleted → index into lists */
    strmap sounds;  /* how a word sounds (sound_key) → index into lists */
    struct list *lists;
    size_t n_lists, cap_lists;
    size_t count;
};

/* ===================== Small tables ===================== */

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static int edge_get(const struct edges *e, uint64_t key)
{
    if (!e->cap)
        return -1;
    size_t mask = e->cap - 1;
    for (size_t i = (size_t)mix(key) & mask;; i = (i + 1) & mask) {
        if (e->keys[i] == key)
            return e->vals[i];
        if (e->keys[i] == NO_KEY)
            return -1;
    }
}

static void edge_put(struct edges *e, uint64_t key, int val)
{
    if ((e->n + 1) * 2 > e->cap) {
        struct edges old = *e;
        e->cap = old.cap ? old.cap * 2 : 1024;
        e->keys = xmalloc(e->cap * sizeof *e->keys);
        e->vals = xmalloc(e->cap * sizeof *e->vals);
        for (size_t i = 0; i < e->cap; i++)
            e->keys[i] = NO_KEY;
        e->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i] != NO_KEY)
                edge_put(e, old.keys[i], old.vals[i]);
        free(old.keys);
        free(old.vals);
    }
    size_t mask = e->cap - 1;
    size_t i = (size_t)mix(key) & mask;
    while (e->keys[i] != NO_KEY && e->keys[i] != key)
        i = (i + 1) & mask;
    if (e->keys[i] == NO_KEY)
        e->n++;
    e->keys[i] = key;
    e->vals[i] = val;
}

static void list_push(struct list *l, int v)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i] == v)
            return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = v;
}

/* ===================== Building ===================== */

names *names_new(void)
{
    names *n = xcalloc(1, sizeof *n);
    n->nodes = xcalloc(64, sizeof *n->nodes);
    n->cap_nodes = 64;
    n->n_nodes = 1;
    n->nodes[0].career = -1;
    n->nodes[0].amb = -1;
    return n;
}

void names_free(names *n)
{
    if (!n)
        return;
    strmap_free(&n->words);
    for (size_t i = 0; i < n->n_words; i++)
        free(n->word[i]);
    free(n->word);
    free(n->freq);
    free(n->nodes);
    free(n->edges.keys);
    free(n->edges.vals);
    free(n->ambs);
    strmap_free(&n->stop);
    strmap_free(&n->common);
    strmap_free(&n->deletes);
    strmap_free(&n->sounds);
    for (size_t i = 0; i < n->n_lists; i++)
        free(n->lists[i].v);
    free(n->lists);
    free(n);
}

static int word_id(names *n, const char *w, bool add)
{
    size_t len = strlen(w);
    int id = strmap_get(&n->words, w, len);
    if (id >= 0 || !add)
        return id;
    if (n->n_words == n->cap_words) {
        n->cap_words = n->cap_words ? n->cap_words * 2 : 1024;
        n->word = xrealloc(n->word, n->cap_words * sizeof *n->word);
        n->freq = xrealloc(n->freq, n->cap_words * sizeof *n->freq);
    }
    id = (int)n->n_words++;
    n->word[id] = xstrdup(w);
    n->freq[id] = 0;
    strmap_put(&n->words, w, len, id);
    return id;
}

int names_add(names *n, const text_words *w, size_t from, size_t to, int career, int strength)
{
    if (from >= to || to - from > NAMES_MAX_WORDS)
        return -1;
    int node = 0;
    for (size_t i = from; i < to; i++) {
        int id = word_id(n, w->v[i].w, true);
        n->freq[id]++;
        uint64_t key = ((uint64_t)node << 32) | (uint32_t)id;
        int child = edge_get(&n->edges, key);
        if (child < 0) {
            if (n->n_nodes == n->cap_nodes) {
                n->cap_nodes *= 2;
                n->nodes = xrealloc(n->nodes, n->cap_nodes * sizeof *n->nodes);
            }
            child = (int)n->n_nodes++;
            n->nodes[child].career = -1;
            n->nodes[child].amb = -1;
            n->nodes[child].strength = 0;
            n->nodes[child].frame = NAMES_ANYWHERE;
            edge_put(&n->edges, key, child);
        }
        node = child;
    }
    struct node *nd = &n->nodes[node];
    n->count++;
    nd->frame = NAMES_ANYWHERE; /* an ordinary name of the same words: it counts anywhere */
    if (nd->career < 0 || strength > nd->strength) {
        nd->career = career;
        nd->strength = strength;
        nd->amb = -1;
        return -1;
    }
    if (strength < nd->strength || nd->career == career)
        return -1;
    /* Same strength, another career: the name is ambiguous. */
    int clash = nd->career;
    if (nd->amb < 0) {
        if (n->n_ambs == n->cap_ambs) {
            n->cap_ambs = n->cap_ambs ? n->cap_ambs * 2 : 64;
            n->ambs = xrealloc(n->ambs, n->cap_ambs * sizeof *n->ambs);
        }
        nd->amb = (int)n->n_ambs++;
        n->ambs[nd->amb].v[0] = nd->career;
        n->ambs[nd->amb].n = 1;
    }
    struct amb *a = &n->ambs[nd->amb];
    bool have = false;
    for (size_t i = 0; i < a->n; i++)
        have = have || a->v[i] == career;
    if (!have && a->n < NAMES_MAX_ALTS)
        a->v[a->n++] = career;
    return clash;
}

void names_add_stopword(names *n, const char *word)
{
    strmap_put(&n->stop, word, strlen(word), 1);
}

int names_add_framed(names *n, const text_word *word, int career, int strength, int frame)
{
    text_words one = {(text_word *)word, 1, 1};
    int node = 0, id = word_id(n, word->w, false);
    /* A short form again (another career's "PA") stays one; an ordinary name of the word does not. */
    bool had = id >= 0 && (node = edge_get(&n->edges, (uint32_t)id)) >= 0 && n->nodes[node].career >= 0;
    int was = had ? n->nodes[node].frame : frame, before = had ? n->nodes[node].career : -1;
    int strong = had ? n->nodes[node].strength : 0;
    int clash = names_add(n, &one, 0, 1, career, strength);
    /* A weaker name of the word that wins nothing leaves the frame alone: O*NET's "EMT" for the curated EMT. */
    bool kept = had && strong > strength && n->nodes[node].career == before && n->nodes[node].amb < 0;
    if (was != NAMES_ANYWHERE && (id = word_id(n, word->w, false)) >= 0 &&
        (node = edge_get(&n->edges, (uint32_t)id)) >= 0)
        n->nodes[node].frame = (unsigned char)(kept || was > frame ? was : frame); /* the stricter */
    return clash;
}

void names_add_common(names *n, const char *word)
{
    size_t len = strlen(word);
    strmap_put(&n->common, word, len, 1);
    char one[48]; /* and as messages' words are kept: singular ("wales" is read "wale") */
    if (len < sizeof one) {
        memcpy(one, word, len + 1);
        strmap_put(&n->common, one, text_singular(one, len), 1);
    }
}

bool names_is_common(const names *n, const char *word)
{
    return strmap_get(&n->common, word, strlen(word)) >= 0;
}

static size_t word_len(const char *w)
{
    return strlen(w);
}

static bool correctable(const char *w)
{
    size_t len = word_len(w);
    if (len < 4)
        return false;
    for (const char *p = w; *p; p++)
        if (!(*p >= 'a' && *p <= 'z'))
            return false; /* digits and non-ASCII words are taken as typed */
    return true;
}

static void index_into(names *n, strmap *m, const char *s, size_t len, int id)
{
    int li = strmap_get(m, s, len);
    if (li < 0) {
        if (n->n_lists == n->cap_lists) { /* doubling: one realloc per element is quadratic */
            n->cap_lists = n->cap_lists ? n->cap_lists * 2 : 1024;
            n->lists = xrealloc(n->lists, n->cap_lists * sizeof *n->lists);
        }
        memset(&n->lists[n->n_lists], 0, sizeof *n->lists);
        li = (int)n->n_lists++;
        strmap_put(m, s, len, li);
    }
    list_push(&n->lists[li], id);
}

static void index_delete(names *n, const char *s, size_t len, int id)
{
    index_into(n, &n->deletes, s, len, id);
}

static bool vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* How a word sounds, roughly, for misspellings that are several letters from the word but sound
 * alike ("farmacist", "electrition", "becum"): "ph" is "f", a hard "c", "ch", "ck" and "q" are
 * "k", a soft "c" and "z" are "s", "sh" and "ti"/"ci"/"si" before a vowel are one sound, a soft "g"
 * is "j", "h" after a consonant and a final "e" are silent, every vowel is one sound and doubled
 * sounds are one. Writes the key to out (cap bytes) and returns its length, 0 when it does not fit. */
static size_t sound_key(const char *w, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; w[i]; i++) {
        char c = w[i], nx = w[i + 1], o = c;
        if (c == 'p' && nx == 'h')
            o = 'f', i++;
        else if ((c == 's' && nx == 'h') || ((c == 't' || c == 'c' || c == 's') && nx == 'i' && vowel(w[i + 2]) && i))
            o = 'x', i++;
        else if (c == 'c' && (nx == 'h' || nx == 'k'))
            o = 'k', i++;
        else if (c == 'c')
            o = nx == 'e' || nx == 'i' || nx == 'y' ? 's' : 'k';
        else if (c == 'q')
            o = 'k';
        else if (c == 'z')
            o = 's';
        else if (c == 'g' && (nx == 'e' || nx == 'i' || nx == 'y'))
            o = 'j';
        else if (c == 'e' && !nx && i > 1)
            o = 0; /* silent: "becum" is "become" */
        else if (vowel(c))
            o = 'a';
        else if (c == 'h' && i && !vowel(w[i - 1]))
            o = 0;
        if (!o || (k && out[k - 1] == o))
            continue;
        if (k + 1 >= cap)
            return 0;
        out[k++] = o;
    }
    out[k] = '\0';
    return k;
}

void names_finish(names *n)
{
    char buf[64];
    for (size_t id = 0; id < n->n_words; id++) {
        const char *w = n->word[id];
        if (!correctable(w))
            continue;
        size_t len = word_len(w);
        if (len >= sizeof buf)
            continue;
        index_delete(n, w, len, (int)id);
        char key[64];
        size_t kl = len >= 5 ? sound_key(w, key, sizeof key) : 0;
        if (kl >= 3)
            index_into(n, &n->sounds, key, kl, (int)id);
        for (size_t i = 0; i < len; i++) {
            memcpy(buf, w, i);
            memcpy(buf + i, w + i + 1, len - i - 1);
            index_delete(n, buf, len - 1, (int)id);
        }
    }
}

size_t names_count(const names *n)
{
    return n->count;
}

/* ===================== Spelling ===================== */

/* Optimal string alignment distance (Damerau-Levenshtein without repeated edits), capped. */
static int distance(const char *a, size_t la, const char *b, size_t lb, int cap)
{
    if ((la > lb ? la - lb : lb - la) > (size_t)cap)
        return cap + 1;
    int d[3][40];
    if (la >= 39 || lb >= 39)
        return cap + 1;
    int *prev2 = d[0], *prev = d[1], *cur = d[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int rowmin = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > cap)
            return cap + 1;
        int *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

struct best {
    int id, dist;
    bool whole; /* the word is a name on its own ("electrician", not "electrical") */
    unsigned freq;
};

static bool whole_name(const names *n, int id)
{
    int node = edge_get(&n->edges, (uint32_t)id);
    return node >= 0 && n->nodes[node].career >= 0;
}

static void consider(const names *n, const char *w, size_t len, const char *s, size_t slen, int cap, struct best *b)
{
    int li = strmap_get(&n->deletes, s, slen);
    if (li < 0)
        return;
    const struct list *l = &n->lists[li];
    for (size_t i = 0; i < l->n; i++) {
        const char *cand = n->word[l->v[i]];
        int dd = distance(w, len, cand, word_len(cand), cap);
        /* Typos keep a word's start: "mediator" is not "editor", "ergonomist" not "economist". */
        if (dd > cap || cand[0] != w[0] || (dd == 2 && cand[1] != w[1]))
            continue;
        unsigned f = n->freq[l->v[i]];
        bool whole = whole_name(n, l->v[i]);
        /* At the same distance a name on its own beats a word of longer names, then the more used. */
        if (dd < b->dist || (dd == b->dist && (whole > b->whole || (whole == b->whole && f > b->freq)))) {
            b->id = l->v[i];
            b->dist = dd;
            b->whole = whole;
            b->freq = f;
        }
    }
}

/* A word that sounds like w ("farmacist": "pharmacist") and is at most three edits from it, when
 * no word is within the usual distance: the most used, names on their own first. */
static int sounds_like(const names *n, const char *w, size_t len)
{
    char key[64];
    size_t kl = sound_key(w, key, sizeof key);
    int li = kl >= 3 ? strmap_get(&n->sounds, key, kl) : -1;
    if (li < 0)
        return -1;
    struct best b = {-1, 4, false, 0};
    const struct list *l = &n->lists[li];
    for (size_t i = 0; i < l->n; i++) {
        const char *cand = n->word[l->v[i]];
        int dd = distance(w, len, cand, word_len(cand), 3);
        bool whole = whole_name(n, l->v[i]);
        unsigned f = n->freq[l->v[i]];
        if (dd <= 3 && (b.id < 0 || whole > b.whole || (whole == b.whole && f > b.freq))) {
            b.id = l->v[i];
            b.whole = whole;
            b.freq = f;
        }
    }
    return b.id;
}

static int correct_id(const names *n, const char *w)
{
    size_t len = word_len(w);
    if (!correctable(w) || strmap_get(&n->stop, w, len) >= 0 || strmap_get(&n->common, w, len) >= 0 || !n->n_lists ||
        len >= 40)
        return -1;
    int cap = len >= 7 ? 2 : 1;
    struct best b = {-1, cap + 1, false, 0};
    char buf[64], buf2[64];
    consider(n, w, len, w, len, cap, &b);
    for (size_t i = 0; i < len; i++) {
        memcpy(buf, w, i);
        memcpy(buf + i, w + i + 1, len - i - 1);
        consider(n, w, len, buf, len - 1, cap, &b);
        if (cap < 2)
            continue;
        for (size_t j = i; j < len - 1; j++) {
            memcpy(buf2, buf, j);
            memcpy(buf2 + j, buf + j + 1, len - 2 - j);
            consider(n, w, len, buf2, len - 2, cap, &b);
        }
    }
    return b.id >= 0 || len < 5 ? b.id : sounds_like(n, w, len);
}

bool names_is_stopword(const names *n, const char *word)
{
    return strmap_get(&n->stop, word, word_len(word)) >= 0;
}

bool names_is_name_word(const names *n, const char *word)
{
    return strmap_get(&n->words, word, strlen(word)) >= 0;
}

bool names_knows(const names *n, const char *word)
{
    size_t len = word_len(word);
    return strmap_get(&n->words, word, len) >= 0 || strmap_get(&n->stop, word, len) >= 0 ||
           strmap_get(&n->common, word, len) >= 0;
}

const char *names_correct(const names *n, const char *word)
{
    if (strmap_get(&n->words, word, word_len(word)) >= 0)
        return NULL;
    int id = correct_id(n, word);
    return id >= 0 ? n->word[id] : NULL;
}

/* ===================== Finding names ===================== */

static bool find(const names *n, const text_words *w, size_t from, size_t to, bool framed, names_hit *hit)
{
    int ids[128];
    signed char fixed[128]; /* 1: the id is a correction */
    if (to - from > 128)
        to = from + 128;
    for (size_t i = from; i < to; i++) {
        int id = strmap_get(&n->words, w->v[i].w, word_len(w->v[i].w));
        fixed[i - from] = 0;
        if (id < 0) {
            id = correct_id(n, w->v[i].w);
            fixed[i - from] = id >= 0;
        }
        ids[i - from] = id;
    }
    bool found = false;
    size_t best_len = 0;
    int best_fix = 0;
    for (size_t i = from; i < to; i++) {
        int node = 0, fixes = 0;
        for (size_t j = i; j < to; j++) {
            int id = ids[j - from];
            if (id < 0)
                break;
            node = edge_get(&n->edges, ((uint64_t)node << 32) | (uint32_t)id);
            if (node < 0)
                break;
            fixes += fixed[j - from];
            const struct node *nd = &n->nodes[node];
            bool counts = nd->frame == NAMES_ANYWHERE || (nd->frame == NAMES_IN_SLOT && framed) || w->v[i].caps ||
                          (framed && i == from && j + 1 == to);
            if (nd->career < 0 || !counts)
                continue;
            size_t len = j + 1 - i;
            /* A name made only of corrected words is too much of a guess when it is one word. */
            if (fixes == (int)len && len == 1 && found)
                continue;
            /* a name of strength 0 (a discipline) after a stronger one does not hide it: "a lawyer without
             * law school" is about the lawyer; one before it may open an unknown title ("real estate broker") */
            bool weaker = found && nd->strength == 0 && hit->strength > 0 && i >= hit->to;
            if (!weaker && (!found || len > best_len || (len == best_len && fixes < best_fix))) {
                found = true;
                best_len = len;
                best_fix = fixes;
                hit->from = i;
                hit->to = j + 1;
                hit->corrections = fixes;
                hit->career = nd->career;
                hit->strength = nd->strength;
                if (nd->amb >= 0) {
                    const struct amb *a = &n->ambs[nd->amb];
                    memcpy(hit->alts, a->v, a->n * sizeof *a->v);
                    hit->n_alts = a->n;
                } else {
                    hit->alts[0] = nd->career;
                    hit->n_alts = 1;
                }
            }
        }
    }
    return found;
}

bool names_find(const names *n, const text_words *w, size_t from, size_t to, names_hit *hit)
{
    return find(n, w, from, to, false, hit);
}

bool names_find_framed(const names *n, const text_words *w, size_t from, size_t to, names_hit *hit)
{
    return find(n, w, from, to, true, hit);
}
