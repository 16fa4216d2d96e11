/*
 * content: the career store (see content.h). Map: loading the small tables (abbreviations, stop
 * words, interest type names); the name index; loading careers/ and merging O*NET; lookups. The
 * record schema and its checks are in schema.c, the browse areas of fields.json in areas.c, the
 * disciplines of disciplines.json in disciplines.c (content_int.h is what they share). No sockets,
 * no globals; read-only after load.
 */
#include "content_int.h"
#include "names.h"
#include "onet.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Strength of a name in the index: a curated name hides an O*NET title, which hides an O*NET
 * alternate title. */
/* How strongly a name names its career: a stronger name wins, equal ones are ambiguous. An O*NET
 * alternate title is NAME_ONET_ALIAS plus its weight (1 to 9: how many sources report it). */
enum { NAME_DISCIPLINE = CONTENT_NAME_DISCIPLINE, NAME_ONET_ALIAS = 1, NAME_ONET_TITLE = 20, NAME_CURATED = 30 };

/* The strength of the k-th alias of an O*NET record (0: its title). */
static int alias_strength(const cJSON *rec, int k)
{
    if (!k)
        return NAME_ONET_TITLE;
    const cJSON *w = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rec, "alias_weights"), k);
    int v = cJSON_IsNumber(w) ? w->valueint : 1;
    return NAME_ONET_ALIAS + (v < 1 ? 1 : v > 9 ? 9 : v);
}

/* ===================== Loading the small tables ===================== */

jsondoc *content__load_optional(const char *dir, const char *name, diag *d, char *path, size_t plen)
{
    snprintf(path, plen, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fclose(f);
    return jsondoc_open(path, d);
}

static void load_abbrevs(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = content__load_optional(dir, "abbreviations.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *root = jsondoc_root(doc);
    const cJSON *tab = cJSON_GetObjectItemCaseSensitive(root, "abbreviations");
    if (!cJSON_IsObject(root) || !cJSON_IsObject(tab) || cJSON_GetArraySize(root) != 1) {
        diag_report(d, path, 1, "expected {\"abbreviations\": {\"short\": \"long form\", ...}}");
        jsondoc_free(doc);
        return;
    }
    c->abbrevs = xcalloc((size_t)cJSON_GetArraySize(tab) + 1, sizeof *c->abbrevs);
    const cJSON *e;
    cJSON_ArrayForEach(e, tab)
    {
        bool ok = cJSON_IsString(e) && schema_nonblank(e->valuestring) && *e->string;
        for (const char *k = e->string; ok && *k; k++)
            ok = (*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9');
        if (!ok) {
            diag_report(d, path, jsondoc_line(doc, e),
                        "abbreviation \"%s\" must be one lower-case word mapped to a non-empty string", e->string);
            continue;
        }
        c->abbrevs[c->n_abbrevs].key = e->string;
        c->abbrevs[c->n_abbrevs].value = e->valuestring;
        c->n_abbrevs++;
    }
    text_abbrev_sort(c->abbrevs, c->n_abbrevs);
    c->abbrev_doc = doc;
}

/* Puts word into m as messages' words are kept: singular ("techs" is read "tech"). False when the
 * word is too long to be one. */
static bool put_singular(strmap *m, const char *word)
{
    char one[48];
    size_t n = strlen(word);
    if (n >= sizeof one)
        return false;
    memcpy(one, word, n + 1);
    strmap_put(m, one, text_singular(one, n), 1);
    return true;
}

static void load_stopwords(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = content__load_optional(dir, "stopwords.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "stopwords");
    if (!cJSON_IsArray(list))
        diag_report(d, path, 1, "expected {\"stopwords\": [\"word\", ...]}");
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        if (!cJSON_IsString(it) || !it->valuestring[0] || strchr(it->valuestring, ' '))
            diag_report(d, path, jsondoc_line(doc, it), "a stop word is one lower-case word");
        else {
            names_add_stopword(c->names, it->valuestring);
            put_singular(&c->modifiers, it->valuestring); /* "does" is read "doe": never a modifier of a name */
        }
    }
    c->stop_doc = doc;
}

/* content/common_words.json (scripts/common-words): the frequent English words. */
static void load_common_words(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = content__load_optional(dir, "common_words.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "words");
    if (!cJSON_IsArray(list))
        diag_report(d, path, 1, "expected {\"words\": [\"word\", ...]}");
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const char *w = cJSON_GetStringValue(it);
        size_t k = 0;
        while (w && w[k] >= 'a' && w[k] <= 'z')
            k++;
        if (!w || !k || w[k])
            diag_report(d, path, jsondoc_line(doc, it), "a common word is one word in lower-case letters a to z");
        else
            names_add_common(c->names, w);
    }
    c->common_doc = doc;
}

/* content/modifiers.json: the words that do not, and those that do, make a name narrower. */
static void load_modifiers(content *c, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = content__load_optional(dir, "modifiers.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "title_endings"))
    {
        const char *w = cJSON_GetStringValue(it);
        if (!w || !*w || strchr(w, ' ') || c->n_endings == CONTENT_MAX_ENDINGS) {
            diag_report(d, path, jsondoc_line(doc, it), "a title ending is one lower-case word ending (at most %d)",
                        CONTENT_MAX_ENDINGS);
            continue;
        }
        c->endings[c->n_endings++] = xstrdup(w);
    }
    static const char *const keys[] = {"modifiers", "heads", "in_slot"};
    strmap *maps[] = {&c->modifiers, &c->heads, &c->in_slot};
    for (int k = 0; k < 3; k++) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), keys[k]);
        if (!cJSON_IsArray(list))
            diag_report(d, path, 1, "expected \"%s\": [\"word\", ...]", keys[k]);
        cJSON_ArrayForEach(it, list)
        {
            const char *w = cJSON_GetStringValue(it);
            if (!w || !*w || strchr(w, ' ') || !put_singular(maps[k], w))
                diag_report(d, path, jsondoc_line(doc, it), "a %s entry is one lower-case word", keys[k]);
        }
    }
    jsondoc_free(doc);
}

bool content_is_modifier(const content *c, const char *word)
{
    return strmap_get(&c->modifiers, word, strlen(word)) >= 0 || names_is_stopword(c->names, word);
}

bool content_is_common(const content *c, const char *word)
{
    return names_is_common(c->names, word);
}

bool content_is_head(const content *c, const char *word)
{
    return strmap_get(&c->heads, word, strlen(word)) >= 0;
}

/* The interest types' names for users, from the career test's test/test.json "types" (the test
 * itself reports any problem in that file, so none is reported here). Without it, the letters. */
static void load_type_names(content *c, const char *dir)
{
    diag quiet = {NULL, NULL, 0, 0};
    char path[4096];
    jsondoc *doc = content__load_optional(dir, "test/test.json", &quiet, path, sizeof path);
    if (!doc)
        return;
    const char *name[RIASEC_TYPES], *plain[RIASEC_TYPES];
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "types");
    if (riasec_types_read(doc, types, name, plain, &quiet) == 0)
        for (int t = 0; t < RIASEC_TYPES; t++)
            c->type_name[t] = xstrdup(name[t]);
    jsondoc_free(doc);
}

/* ===================== The name index ===================== */

/* Whether word ends like a job title (content/modifiers.json "title_endings": "florist",
 * "locksmith", not "maker" itself), so that a common word can still be a name; common words ending
 * in -er or -or ("register", "order", "builder") are not. */
static bool title_ending(const content *c, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < c->n_endings; i++) {
        size_t k = strlen(c->endings[i]);
        if (k < n && !strcmp(word + n - k, c->endings[i]))
            return true;
    }
    return false;
}

/* An O*NET alternate title that is a common word: one word of three letters or fewer ("DO", "IT",
 * "US") or among the frequent English words ("register", "model"), a bare job word that any job
 * could be called ("Technician", content/modifiers.json "heads"), or only stop words of
 * content/stopwords.json. Matching it would take over ordinary sentences ("how do I become
 * one?"), so it is not indexed. */
static bool common_alias(const content *c, const text_words *w)
{
    if (w->n == 1 && (strlen(w->v[0].w) <= 3 || content_is_head(c, w->v[0].w) ||
                      (names_is_common(c->names, w->v[0].w) && !title_ending(c, w->v[0].w))))
        return true;
    for (size_t i = 0; i < w->n; i++) /* "I-Man": words of three letters or fewer, or stop words */
        if (strlen(w->v[i].w) > 3 && !names_is_stopword(c->names, w->v[i].w))
            return false;
    return true;
}

/* True for an O*NET catch-all title such as "Physicians, All Other". */
static bool all_other(const char *title)
{
    size_t n = strlen(title);
    return n >= 9 && strcmp(title + n - 9, "All Other") == 0;
}

/* Whether name[0..len) is one short form in capitals, two to five letters A to Z ("DO", "EMT"). */
static bool caps_token(const char *name, size_t len)
{
    while (len && name[0] == ' ')
        name++, len--;
    while (len && name[len - 1] == ' ')
        len--;
    if (len < 2 || len > 5)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!(name[i] >= 'A' && name[i] <= 'Z'))
            return false;
    return true;
}

/* Records that a title or curated name of career idx has word (for content_partial). */
static void post_word(content *c, const char *word, int idx)
{
    size_t n = strlen(word);
    if (n < 3 || content_is_modifier(c, word))
        return;
    int li = strmap_get(&c->word_lists, word, n);
    if (li < 0) {
        if (c->n_lists == c->cap_lists) {
            c->cap_lists = c->cap_lists ? c->cap_lists * 2 : 1024;
            c->lists = xrealloc(c->lists, c->cap_lists * sizeof *c->lists);
        }
        li = (int)c->n_lists++;
        c->lists[li] = (struct career_list){NULL, 0, 0};
        strmap_put(&c->word_lists, word, n, li);
    }
    struct career_list *l = &c->lists[li];
    if (l->n && l->v[l->n - 1] == idx)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = idx;
}

size_t content_partial(const content *c, const text_words *w, size_t from, size_t to, int *out, size_t max)
{
    const struct career_list *use[4];
    size_t n_use = 0;
    for (size_t i = from; i < to; i++) {
        const char *word = w->v[i].w;
        if (content_is_modifier(c, word))
            continue;
        int li = strmap_get(&c->word_lists, word, strlen(word));
        if (li < 0 || n_use == 4)
            return 0; /* a word no name has, or too many: not a part of a name */
        use[n_use++] = &c->lists[li];
    }
    size_t n = 0;
    for (size_t k = 0; n_use && k < use[0]->n; k++) {
        int cand = use[0]->v[k];
        bool all = true;
        for (size_t u = 1; u < n_use && all; u++) {
            all = false;
            for (size_t j = 0; j < use[u]->n && !all; j++)
                all = use[u]->v[j] == cand;
        }
        if (all && (!n || out[n - 1] != cand)) {
            if (n == max)
                return max + 1;
            out[n++] = cand;
        }
    }
    return n;
}

/* Adds one name (words) of career idx; returns the career it clashes with at equal strength. */
static int add_words(content *c, const char *name, size_t len, size_t idx, int strength)
{
    sbuf norm = SBUF_INIT;
    text_normalise(name, len, &norm);
    text_words w = {0};
    text_words_split(norm.p, norm.len, c->abbrevs, c->n_abbrevs, &w);
    int clash = -1;
    bool short_form = w.n == 1 && caps_token(name, len);
    bool common = w.n == 1 && names_is_common(c->names, w.v[0].w);
    if (short_form && (strength != NAME_CURATED || strlen(w.v[0].w) <= 3 || common))
        clash = names_add_framed(c->names, &w.v[0], (int)idx, strength, /* "DO", "PA"; "EMT", "CNA" */
                                 common || strength != NAME_CURATED ? NAMES_WHOLE_SLOT : NAMES_IN_SLOT);
    else if (w.n == 1 && (strength == NAME_DISCIPLINE || strmap_get(&c->in_slot, w.v[0].w, strlen(w.v[0].w)) >= 0))
        clash = names_add_framed(c->names, &w.v[0], (int)idx, strength, NAMES_IN_SLOT); /* "nursing", "server" */
    else if (strength > NAME_ONET_ALIAS && strength < NAME_ONET_TITLE && common_alias(c, &w))
        c->n_common_aliases++;
    else if (w.n && w.n <= NAMES_MAX_WORDS)
        clash = names_add(c->names, &w, 0, w.n, (int)idx, strength);
    for (size_t i = 0; w.n > 1 && strength >= NAME_ONET_TITLE && i < w.n; i++)
        post_word(c, w.v[i].w, (int)idx);
    text_words_free(&w);
    sbuf_free(&norm);
    return clash;
}

int content__add_discipline(content *c, const char *name, size_t len, size_t idx)
{
    return add_words(c, name, len, idx, NAME_DISCIPLINE);
}

/* "Veterinary Assistants and Laboratory Animal Caretakers" names two jobs, each a name of the
 * occupation: both halves are added when each is two words or more ending in a plural. A bare word
 * is no job on its own ("Power-Line Installers and Repairers", "Film and Video Editors", "Customs
 * and Border Protection Officers" are one job each); titles with commas are left whole. */
static void index_title_parts(content *c, size_t idx, size_t len, const char *name)
{
    sbuf t = SBUF_INIT;
    sbuf_append(&t, name, len);
    const char *mid = strstr(t.p, " and ");
    const char *r = mid ? mid + 5 : NULL;
    size_t left = mid ? (size_t)(mid - t.p) : 0, right = r ? strlen(r) : 0;
    size_t left_words = 1, right_words = 1;
    for (size_t i = 0; i < left; i++)
        left_words += t.p[i] == ' ';
    for (size_t i = 0; i < right; i++)
        right_words += r[i] == ' ';
    if (left && right && !strchr(t.p, ',') && !strstr(r, " and ") && t.p[left - 1] == 's' && r[right - 1] == 's' &&
        left_words >= 2 && right_words >= 2) {
        add_words(c, t.p, left, idx, NAME_ONET_TITLE);
        add_words(c, r, right, idx, NAME_ONET_TITLE);
    }
    sbuf_free(&t);
}

/* Adds a name of career idx to the index: the name as written, and for an O*NET title such as
 * "Chief Executive Officer (CEO)" also "Chief Executive Officer" and "CEO". Curated names that
 * clash are reported. */
static void index_name(content *c, size_t idx, const char *name, int strength, const jsondoc *doc, const cJSON *node,
                       diag *d)
{
    int clash = add_words(c, name, strlen(name), idx, strength);
    /* "Middle School Teachers, Except Special and Career/Technical Education" is a middle school teacher. */
    const char *except = strength == NAME_ONET_TITLE ? strstr(name, ", Except") : NULL;
    if (except)
        add_words(c, name, (size_t)(except - name), idx, strength);
    if (strength == NAME_ONET_TITLE)
        index_title_parts(c, idx, except ? (size_t)(except - name) : strlen(name), name);
    /* O*NET titles carry short forms in parentheses; curated records list theirs as names. */
    const char *open = strength < NAME_CURATED ? strchr(name, '(') : NULL;
    const char *close = open ? strchr(open, ')') : NULL;
    if (open && close) {
        sbuf outer = SBUF_INIT;
        sbuf_append(&outer, name, (size_t)(open - name));
        sbuf_puts(&outer, close + 1);
        int c2 = add_words(c, outer.p, outer.len, idx, strength);
        int c3 = add_words(c, open + 1, (size_t)(close - open - 1), idx, strength);
        if (clash < 0)
            clash = c2 >= 0 ? c2 : c3;
        sbuf_free(&outer);
    }
    if (clash >= 0 && strength == NAME_CURATED && doc) {
        sbuf key = SBUF_INIT;
        text_name_key(name, c->abbrevs, c->n_abbrevs, &key);
        if (!key.len)
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, node), "name \"%s\" has no letters to match", name);
        else
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, node), "name \"%s\" (\"%s\") is already a name of %s",
                        name, key.p, c->careers[clash].id);
        sbuf_free(&key);
    }
}

/* ===================== Loading careers ===================== */

/* Every career id a record refers to must exist. */
static void check_refs(content *c, diag *d)
{
    for (size_t i = 0; i < c->n; i++) {
        const struct career *k = &c->careers[i];
        const cJSON *rel = cJSON_GetObjectItemCaseSensitive(k->rec, "related");
        const cJSON *it;
        cJSON_ArrayForEach(it, rel)
        {
            if (!cJSON_IsString(it))
                continue;
            if (content_find_id(c, it->valuestring) < 0)
                diag_report(d, jsondoc_path(k->doc), jsondoc_line(k->doc, it), "related career \"%s\" does not exist",
                            it->valuestring);
            else if (strcmp(it->valuestring, k->id) == 0)
                diag_report(d, jsondoc_path(k->doc), jsondoc_line(k->doc, it), "a career cannot relate to itself");
        }
        const cJSON *specs = cJSON_GetObjectItemCaseSensitive(k->rec, "specialisations");
        cJSON_ArrayForEach(it, specs)
        {
            const cJSON *ref = cJSON_GetObjectItemCaseSensitive(it, "career");
            if (cJSON_IsString(ref) && content_find_id(c, ref->valuestring) < 0)
                diag_report(d, jsondoc_path(k->doc), jsondoc_line(k->doc, ref),
                            "specialisation career \"%s\" does not exist", ref->valuestring);
        }
        const cJSON *soc = cJSON_GetObjectItemCaseSensitive(k->rec, "soc");
        if (cJSON_IsString(soc)) {
            int other = strmap_get(&c->by_soc, soc->valuestring, strlen(soc->valuestring));
            if (other >= 0 && (size_t)other != i)
                diag_report(
                    d, jsondoc_path(k->doc), jsondoc_line(k->doc, soc),
                    "soc %s is already the soc of %s (use \"profile_from\" for a role that only borrows its facts)",
                    soc->valuestring, c->careers[other].id);
            else
                strmap_put(&c->by_soc, soc->valuestring, strlen(soc->valuestring), (int)i);
        }
    }
}

static void push_career(content *c, const cJSON *rec, jsondoc *doc, cJSON *own)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->careers = xrealloc(c->careers, c->cap * sizeof *c->careers);
    }
    struct career *k = &c->careers[c->n];
    k->doc = doc;
    k->own = own;
    k->rec = rec;
    k->id = cJSON_GetObjectItemCaseSensitive(rec, "id")->valuestring;
    k->title = cJSON_GetObjectItemCaseSensitive(rec, "title")->valuestring;
    strmap_put(&c->by_id, k->id, strlen(k->id), (int)c->n);
    c->n++;
}

/* One sentence of content/onet.json: a template of the given slots (NULL-ended) only. */
static void onet_text(const jsondoc *doc, const char *key, const char *const *slots, tpl *out, diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), key);
    char err[256];
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        diag_report(d, jsondoc_path(doc), v ? jsondoc_line(doc, v) : 1, "\"%s\" must be a non-empty template", key);
        return;
    }
    if (tpl_compile(v->valuestring, out, err, sizeof err) < 0) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, v), "\"%s\": %s", key, err);
        return;
    }
    for (size_t i = 0; i < out->n; i++) {
        size_t k = 0;
        while (slots[k] && (out->v[i].ns != TPL_SLOT || strcmp(out->v[i].text, slots[k])))
            k++;
        if (out->v[i].ns != TPL_LITERAL && !slots[k])
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, v), "\"%s\": {%s} is not one of its slots", key,
                        out->v[i].text);
    }
}

/* Merges the O*NET occupations: a curated career with the same soc keeps its record and gains the
 * O*NET titles as names; every other occupation becomes a career of its own, id = its code. Their
 * education sentences are written with content/onet.json. */
static void merge_onet(content *c, const char *dir, const char *onet_dir, diag *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/onet.json", dir);
    jsondoc *doc = jsondoc_open(path, d);
    if (!doc)
        return;
    static const char *const keys[] = {"comment", "education", "zone"};
    static const char *const edu_slots[] = {"level", "percent", NULL}, *const zone_slots[] = {"zone", "zone_name",
                                                                                              NULL};
    tpl edu = {NULL, 0}, zone = {NULL, 0};
    jsondoc_check_keys(doc, d, jsondoc_root(doc), keys, 3, "content/onet.json");
    onet_text(doc, "education", edu_slots, &edu, d);
    onet_text(doc, "zone", zone_slots, &zone, d);
    jsondoc_free(doc);
    onet_texts texts = {&edu, &zone};
    cJSON *arr = onet_load(onet_dir, &texts, d);
    tpl_free(&edu);
    tpl_free(&zone);
    if (!arr)
        return;
    cJSON *rec;
    while ((rec = cJSON_DetachItemFromArray(arr, 0))) {
        const char *code = cJSON_GetObjectItemCaseSensitive(rec, "soc")->valuestring;
        int cur = strmap_get(&c->by_soc, code, strlen(code));
        const cJSON *al = cJSON_GetObjectItemCaseSensitive(rec, "aliases");
        const cJSON *it;
        if (cur >= 0) {
            /* The first alias is the O*NET title itself. */
            int k = 0;
            cJSON_ArrayForEach(it, al)
            {
                index_name(c, (size_t)cur, it->valuestring, alias_strength(rec, k), NULL, NULL, d);
                k++;
            }
            cJSON_Delete(rec);
            continue;
        }
        if (content_find_id(c, code) >= 0) {
            cJSON_Delete(rec); /* a curated id equal to a code: the curated one stays */
            continue;
        }
        push_career(c, rec, NULL, rec);
        size_t idx = c->n - 1;
        index_name(c, idx, c->careers[idx].title, NAME_ONET_TITLE, NULL, NULL, d);
        int i = 0;
        /* An "All Other" occupation gathers unlike jobs: it is reached by its own title only. */
        bool own_only = all_other(c->careers[idx].title);
        cJSON_ArrayForEach(it, al)
        {
            if (!i || !own_only)
                index_name(c, idx, it->valuestring, alias_strength(c->careers[idx].own, i), NULL, NULL, d);
            i++;
        }
    }
    cJSON_Delete(arr);
    /* Related occupations that are curated careers point at the curated id. */
    for (size_t i = c->n_curated; i < c->n; i++) {
        cJSON *rel = cJSON_GetObjectItemCaseSensitive(c->careers[i].own, "related");
        cJSON *it;
        cJSON_ArrayForEach(it, rel)
        {
            int cur = strmap_get(&c->by_soc, it->valuestring, strlen(it->valuestring));
            if (cur >= 0)
                cJSON_SetValuestring(it, c->careers[cur].id);
        }
    }
}

content *content_load(const char *dir, const char *onet_dir, const char *bls_dir, diag *d)
{
    content *c = xcalloc(1, sizeof *c);
    c->names = names_new();
    int before = d->errors;
    load_abbrevs(c, dir, d);
    load_stopwords(c, dir, d);
    load_common_words(c, dir, d);
    load_modifiers(c, dir, d);
    areas_load(c, dir, d);
    load_type_names(c, dir);

    char cdir[4096];
    snprintf(cdir, sizeof cdir, "%s/careers", dir);
    char **files = NULL;
    int n_names = util_list_json(cdir, &files);
    if (n_names < 0) {
        diag_report(d, cdir, 0, "cannot open the careers folder");
        content_free(c);
        return NULL;
    }
    for (int i = 0; i < n_names; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", cdir, files[i]);
        jsondoc *doc = jsondoc_open(path, d);
        if (!doc) {
            /* reported */
        } else if (!schema_check_record(doc, files[i], d) &&
                   !(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "id")) &&
                     cJSON_IsString(cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "title")))) {
            jsondoc_free(doc);
        } else {
            /* A record with problems is kept while loading (the load fails anyway), so that other
             * records that refer to it do not report it missing as well. */
            push_career(c, jsondoc_root(doc), doc, NULL);
        }
    }
    util_free_list(files, n_names);
    if (c->n == 0 && d->errors == before)
        diag_report(d, cdir, 0, "no career records (*.json) found");

    c->n_curated = c->n;
    for (size_t i = 0; i < c->n; i++) {
        struct career *k = &c->careers[i];
        index_name(c, i, k->title, NAME_CURATED, k->doc, cJSON_GetObjectItemCaseSensitive(k->rec, "title"), d);
        /* A record with errors is kept too, so a name may be of any type: its error is reported. */
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(k->rec, "other_names")) if (cJSON_IsString(it))
            index_name(c, i, it->valuestring, NAME_CURATED, k->doc, it, d);
        /* Shared names are ambiguous on purpose; a clash with them is no error. */
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(k->rec, "shared_names")) if (cJSON_IsString(it))
            index_name(c, i, it->valuestring, NAME_CURATED, NULL, it, d);
    }
    content__load_disciplines(c, dir, d);
    check_refs(c, d);
    areas_check(c, d);
    if (onet_dir && d->errors == before) {
        merge_onet(c, dir, onet_dir, d);
        content__onet_disciplines(c, dir, d);
    }
    if (d->errors == before)
        bls_attach(c, dir, bls_dir, d);
    names_finish(c->names);
    for (size_t k = 0; k < c->n; k++)
        for (size_t i = 0; i < CONTENT_N_FIELDS; i++)
            c->careers[k].field[i] = cJSON_GetObjectItemCaseSensitive(c->careers[k].rec, schema_field_name(i));
    areas_rank(c);
    if (d->errors != before) {
        content_free(c);
        return NULL;
    }
    return c;
}

void content_free(content *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        jsondoc_free(c->careers[i].doc);
        cJSON_Delete(c->careers[i].own);
    }
    free(c->careers);
    strmap_free(&c->by_id);
    strmap_free(&c->modifiers);
    strmap_free(&c->heads);
    strmap_free(&c->in_slot);
    strmap_free(&c->word_lists);
    for (size_t i = 0; i < c->n_lists; i++)
        free(c->lists[i].v);
    free(c->lists);
    for (size_t i = 0; i < c->n_endings; i++)
        free(c->endings[i]);
    strmap_free(&c->by_soc);
    names_free(c->names);
    jsondoc_free(c->stop_doc);
    jsondoc_free(c->common_doc);
    areas_free(c);
    for (int t = 0; t < RIASEC_TYPES; t++)
        free(c->type_name[t]);
    free(c->abbrevs);
    jsondoc_free(c->abbrev_doc);
    free(c);
}

/* ===================== Lookups ===================== */

size_t content_count(const content *c)
{
    return c->n;
}

const cJSON *content_record(const content *c, size_t i)
{
    return c->careers[i].rec;
}

const char *content_id(const content *c, size_t i)
{
    return c->careers[i].id;
}

const char *content_title(const content *c, size_t i)
{
    return c->careers[i].title;
}

int content_find_id(const content *c, const char *id)
{
    return strmap_get(&c->by_id, id, strlen(id));
}

bool content_find_name(const content *c, const text_words *w, size_t from, size_t to, names_hit *hit)
{
    return names_find(c->names, w, from, to, hit);
}

bool content_find_name_framed(const content *c, const text_words *w, size_t from, size_t to, names_hit *hit)
{
    return names_find_framed(c->names, w, from, to, hit);
}

bool content_knows_name_word(const content *c, const char *word)
{
    return names_is_name_word(c->names, word);
}

bool content_knows_word(const content *c, const char *word)
{
    return names_knows(c->names, word);
}

bool content_is_onet(const content *c, size_t i)
{
    return i >= c->n_curated;
}

size_t content_curated_count(const content *c)
{
    return c->n_curated;
}

const char *content_interest_name(const content *c, int type)
{
    assert(type >= 0 && type < RIASEC_TYPES);
    if (type < 0 || type >= RIASEC_TYPES)
        return "?";
    if (c->type_name[type])
        return c->type_name[type];
    static const char *const letters[RIASEC_TYPES] = {"R", "I", "A", "S", "E", "C"};
    return letters[type];
}

const cJSON *content_get(const content *c, size_t career, const char *field)
{
    int i = schema_field_index(field);
    return i < 0 ? NULL : c->careers[career].field[i];
}

const text_abbrev *content_abbrevs(const content *c, size_t *n)
{
    *n = c->n_abbrevs;
    return c->abbrevs;
}
