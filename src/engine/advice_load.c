/*
 * advice_load: reads content/advice.json (the lexicon), content/facets.json (which working
 * conditions hold for which curated careers) and content/knowledge.json (the O*NET knowledge areas
 * and skills each curated career draws on), checking each against the others and the careers, with
 * file and line for every problem.
 */
#include "advice.h"

#include "riasec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct loader {
    advice *a;
    const content *c;
    const jsondoc *doc;
    diag *d;
};

static int line_of(const struct loader *L, const cJSON *node)
{
    return jsondoc_line(L->doc, node);
}

static int facet_find(const advice *a, const char *name)
{
    for (size_t i = 0; i < a->n_facets; i++)
        if (!strcmp(a->facet_name[i], name))
            return (int)i;
    return -1;
}

/* The index of element name ("K:Biology") in a->elem_name, added when add is set; -1 if absent. */
static int elem_find(advice *a, const char *ns, const char *name, bool add)
{
    char key[96];
    snprintf(key, sizeof key, "%s:%s", ns, name);
    for (size_t i = 0; i < a->n_elem; i++)
        if (!strcmp(a->elem_name[i], key))
            return (int)i;
    if (!add)
        return -1;
    a->elem_name = xrealloc(a->elem_name, (a->n_elem + 1) * sizeof *a->elem_name);
    a->elem_name[a->n_elem] = xstrdup(key);
    return (int)a->n_elem++;
}

/* One phrase of the lexicon: lower-case words, one space apart. */
static void add_phrase(struct loader *L, const cJSON *p, enum advice_kind kind, int idx)
{
    advice *a = L->a;
    const char *s = cJSON_GetStringValue(p);
    if (!s || !s[0] || s[0] == ' ' || s[strlen(s) - 1] == ' ' || strstr(s, "  ")) {
        diag_report(L->d, jsondoc_path(L->doc), line_of(L, p), "a phrase is lower-case words, one space apart");
        return;
    }
    for (const char *q = s; *q; q++)
        if (*q >= 'A' && *q <= 'Z') {
            diag_report(L->d, jsondoc_path(L->doc), line_of(L, p), "phrase \"%s\" has capitals", s);
            return;
        }
    size_t n = 1;
    for (const char *q = s; *q; q++)
        n += *q == ' ';
    a->ph = xrealloc(a->ph, (a->n_ph + 1) * sizeof *a->ph);
    a->ph[a->n_ph++] = (struct advice_phrase){s, n, kind, idx, -1};
}

static void add_phrases(struct loader *L, const cJSON *arr, enum advice_kind kind, int idx, const char *what)
{
    if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)) {
        diag_report(L->d, jsondoc_path(L->doc), line_of(L, arr), "%s needs \"phrases\": a non-empty array", what);
        return;
    }
    const cJSON *p;
    cJSON_ArrayForEach(p, arr) add_phrase(L, p, kind, idx);
}

/* "knowledge" and "skills" of a like or degree, checked against the names O*NET uses. */
static void read_elems(struct loader *L, const cJSON *o, struct advice_like *out)
{
    static const char *const keys[2] = {"knowledge", "skills"};
    static const char *const ns[2] = {"K", "S"};
    for (int k = 0; k < 2; k++) {
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, keys[k]))
        {
            int e = cJSON_IsString(it) ? elem_find(L->a, ns[k], it->valuestring, false) : -1;
            if (e < 0)
                diag_report(L->d, jsondoc_path(L->doc), line_of(L, it),
                            "\"%s\" is not an O*NET %s name of content/knowledge.json",
                            cJSON_IsString(it) ? it->valuestring : "?", keys[k]);
            else if (out->n_elem < ADVICE_MAX_ELEMS)
                out->elem[out->n_elem++] = e;
        }
    }
}

static void read_like(struct loader *L, const cJSON *o, struct advice_like *lk, enum advice_kind kind, int idx)
{
    static const char *const keys[] = {"name",   "reason", "phrases", "knowledge",
                                       "skills", "riasec", "facets",  "careers"};
    jsondoc_check_keys(L->doc, L->d, o, keys, sizeof keys / sizeof keys[0], "an entry of the advice lexicon");
    lk->name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "name"));
    lk->reason = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "reason"));
    if (!lk->name || (kind == AK_LIKE && !lk->reason))
        diag_report(L->d, jsondoc_path(L->doc), line_of(L, o), "an entry needs \"name\"%s",
                    kind == AK_LIKE ? " and \"reason\"" : "");
    read_elems(L, o, lk);
    const char *letters = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "riasec"));
    if (letters && (strlen(letters) >= sizeof lk->letters || strspn(letters, "RIASEC") != strlen(letters)))
        diag_report(L->d, jsondoc_path(L->doc), line_of(L, o), "\"riasec\" is up to six of the letters RIASEC");
    else if (letters)
        snprintf(lk->letters, sizeof lk->letters, "%s", letters);
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(o, "facets"))
    {
        int k = cJSON_IsString(f) ? facet_find(L->a, f->valuestring) : -1;
        if (k < 0)
            diag_report(L->d, jsondoc_path(L->doc), line_of(L, f), "no facet \"%s\" in content/facets.json",
                        cJSON_IsString(f) ? f->valuestring : "?");
        else
            lk->facets |= 1u << k;
    }
    const cJSON *id;
    cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(o, "careers"))
    {
        int k = cJSON_IsString(id) ? content_find_id(L->c, id->valuestring) : -1;
        if (k < 0 || (size_t)k >= L->a->n_careers || lk->n_careers == sizeof lk->careers / sizeof lk->careers[0])
            diag_report(L->d, jsondoc_path(L->doc), line_of(L, id), "no career \"%s\" in content/careers (or too many)",
                        cJSON_IsString(id) ? id->valuestring : "?");
        else
            lk->careers[lk->n_careers++] = k;
    }
    add_phrases(L, cJSON_GetObjectItemCaseSensitive(o, "phrases"), kind, idx, "an entry");
}

/* A list of single phrases ("negations", "affirm", ...). */
static void read_words(struct loader *L, const cJSON *root, const char *key, enum advice_kind kind)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key), *p;
    if (!cJSON_IsArray(arr)) {
        diag_report(L->d, jsondoc_path(L->doc), 1, "\"%s\" must be an array of phrases", key);
        return;
    }
    cJSON_ArrayForEach(p, arr) add_phrase(L, p, kind, 0);
}

/* A situation's optional "leaves_field" (a fields.json title word: "military"), "stands_for" (a
 * curated career id whose profile stands for the situation when no job is named), "lists" (true: a
 * request for careers with it lists them at once, no guided question first) and "suits" (facets of
 * facets.json that suit it: wanted when it is said, so that careers that suit it rank first, not the
 * best paid). */
static void situation_extras(struct loader *L, const cJSON *it, size_t k)
{
    const char *file = jsondoc_path(L->doc);
    const char *leaves = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "leaves_field"));
    const char *from = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "stands_for"));
    L->a->sit_leaves[k] = leaves ? content_area_find(L->c, leaves, NULL, NULL) : -1;
    L->a->sit_from[k] = from ? content_find_id(L->c, from) : -1;
    L->a->sit_lists[k] = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "lists"));
    if (leaves && L->a->sit_leaves[k] < 0)
        diag_report(L->d, file, line_of(L, it), "no field \"%s\" in content/fields.json", leaves);
    if (from && L->a->sit_from[k] < 0)
        diag_report(L->d, file, line_of(L, it), "no career \"%s\" in content/careers", from);
    const cJSON *f;
    L->a->sit_suits[k] = 0;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(it, "suits"))
    {
        int x = cJSON_IsString(f) ? facet_find(L->a, f->valuestring) : -1;
        if (x < 0)
            diag_report(L->d, file, line_of(L, f), "no facet \"%s\" in content/facets.json",
                        cJSON_IsString(f) ? f->valuestring : "?");
        else
            L->a->sit_suits[k] |= 1u << x;
    }
}

static void read_lists(struct loader *L, const cJSON *root)
{
    advice *a = L->a;
    const char *file = jsondoc_path(L->doc);
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "likes"))
    {
        if (a->n_likes < ADVICE_MAX_LIKES)
            read_like(L, it, &a->likes[a->n_likes], AK_LIKE, (int)a->n_likes), a->n_likes++;
        else
            diag_report(L->d, file, line_of(L, it), "more than %d likes", ADVICE_MAX_LIKES);
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "degrees"))
    {
        if (a->n_degrees < ADVICE_MAX_DEGREES)
            read_like(L, it, &a->degrees[a->n_degrees], AK_DEGREE, (int)a->n_degrees), a->n_degrees++;
        else
            diag_report(L->d, file, line_of(L, it), "more than %d degrees", ADVICE_MAX_DEGREES);
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "prefer"))
    {
        const char *f = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "facet"));
        int k = f ? facet_find(a, f) : -1;
        if (k < 0)
            diag_report(L->d, file, line_of(L, it), "no facet \"%s\" in content/facets.json", f ? f : "?");
        else /* "avoid": the phrases say the facet is ruled out ("I use a wheelchair") */
            add_phrases(L, cJSON_GetObjectItemCaseSensitive(it, "phrases"), AK_PREFER,
                        k + (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "avoid")) ? ADVICE_MAX_FACETS : 0),
                        "a preference");
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "levels"))
    {
        const cJSON *lv = cJSON_GetObjectItemCaseSensitive(it, "level");
        if (!cJSON_IsNumber(lv) || lv->valueint < 0 || lv->valueint > 7)
            diag_report(L->d, file, line_of(L, it), "a level needs \"level\": 0 to 7 (BLS entry levels)");
        else
            add_phrases(L, cJSON_GetObjectItemCaseSensitive(it, "phrases"), AK_LEVEL, lv->valueint, "a level");
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "limits"))
    {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, "max_entry");
        if (!cJSON_IsNumber(m) || m->valueint < 0 || m->valueint > ADVICE_NO_LIMIT || a->n_limits >= ADVICE_MAX_LIKES) {
            diag_report(L->d, file, line_of(L, it), "a limit needs \"max_entry\": 0 to %d", ADVICE_NO_LIMIT);
            continue;
        }
        a->limit_entry[a->n_limits] = m->valueint;
        a->limit_reason[a->n_limits] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "reason"));
        add_phrases(L, cJSON_GetObjectItemCaseSensitive(it, "phrases"), AK_LIMIT, (int)a->n_limits++, "a limit");
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "situations"))
    {
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "message"));
        if (!msg || a->n_sits >= ADVICE_MAX_SITUATIONS) {
            diag_report(L->d, file, line_of(L, it), "a situation needs \"message\" (at most %d situations)",
                        ADVICE_MAX_SITUATIONS);
            continue;
        }
        a->sit_message[a->n_sits] = msg;
        situation_extras(L, it, a->n_sits);
        add_phrases(L, cJSON_GetObjectItemCaseSensitive(it, "phrases"), AK_SITUATION, (int)a->n_sits++, "a situation");
    }
    read_words(L, root, "negations", AK_NEGATION);
    read_words(L, root, "affirm", AK_AFFIRM);
    read_words(L, root, "not_after", AK_NOT_AFTER);
    read_words(L, root, "sort_pay", AK_SORT_PAY);
    read_words(L, root, "guide_skip", AK_SKIP);
    read_words(L, root, "defer", AK_DEFER);
    read_words(L, root, "additive", AK_ADDITIVE);
    read_words(L, root, "postneg", AK_POSTNEG);
    read_words(L, root, "caps", AK_CAP);
    read_words(L, root, "self", AK_SELF);
    read_words(L, root, "wants", AK_WANT);
    read_words(L, root, "context", AK_CONTEXT);
    read_words(L, root, "test_words", AK_TEST);
    read_words(L, root, "questions", AK_QUESTION);
    read_words(L, root, "asks_careers", AK_ASKS);
    read_words(L, root, "others", AK_OTHERS);
    read_words(L, root, "others_say", AK_SAYS);
    read_words(L, root, "hobby_marks", AK_HOBBY);
    read_words(L, root, "formats", AK_FORMAT);
    read_words(L, root, "leave_job", AK_LEAVE);
    read_words(L, root, "asides", AK_ASIDE);
    read_words(L, root, "not_likes", AK_NOT_LIKE);
}

/* "workplaces": {"career": id, "phrases": [...]}, the career whose profile stands for work done there. */
static void read_workplaces(struct loader *L, const cJSON *root)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "workplaces"))
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "career"));
        int k = id ? content_find_id(L->c, id) : -1;
        if (k < 0)
            diag_report(L->d, jsondoc_path(L->doc), line_of(L, it), "a workplace needs \"career\": a career id");
        else
            add_phrases(L, cJSON_GetObjectItemCaseSensitive(it, "phrases"), AK_WORKPLACE, k, "a workplace");
    }
}

/* "opposites": pairs of facets, each wanted when the other is ruled out. */
static void read_opposites(struct loader *L, const cJSON *root)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(root, "opposites"))
    {
        const char *x = cJSON_GetStringValue(cJSON_GetArrayItem(it, 0)),
                   *y = cJSON_GetStringValue(cJSON_GetArrayItem(it, 1));
        int i = x ? facet_find(L->a, x) : -1, j = y ? facet_find(L->a, y) : -1;
        if (i < 0 || j < 0 || i == j || cJSON_GetArraySize(it) != 2) {
            diag_report(L->d, jsondoc_path(L->doc), line_of(L, it), "an opposite is two facets of content/facets.json");
            continue;
        }
        L->a->opposite[i] |= 1u << j;
        L->a->opposite[j] |= 1u << i;
    }
}

static void read_entry_words(struct loader *L, const cJSON *root)
{
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "entry_words");
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(root, "zone_entry");
    if (cJSON_GetArraySize(w) != 8 || cJSON_GetArraySize(z) != 6) {
        diag_report(L->d, jsondoc_path(L->doc), 1,
                    "\"entry_words\" needs 8 texts (BLS entry levels) and \"zone_entry\" 6 levels (job zones 0 to 5)");
        return;
    }
    for (int i = 0; i < 8; i++)
        L->a->entry_words[i] = cJSON_GetStringValue(cJSON_GetArrayItem(w, i));
    for (int i = 0; i < 6; i++)
        L->a->zone_entry[i] = cJSON_GetArrayItem(z, i)->valueint;
}

/* content/facets.json: {"facets": {"name": {"label", "careers": [ids]}}}. */
static void read_facets(struct loader *L)
{
    advice *a = L->a;
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(jsondoc_root(L->doc), "facets"))
    {
        const char *label = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "label"));
        if (a->n_facets >= ADVICE_MAX_FACETS || !label) {
            diag_report(L->d, jsondoc_path(L->doc), line_of(L, f), "a facet needs \"label\" (at most %d facets)",
                        ADVICE_MAX_FACETS);
            continue;
        }
        a->facet_name[a->n_facets] = f->string;
        a->facet_label[a->n_facets] = label;
        const cJSON *id;
        cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(f, "careers"))
        {
            int k = cJSON_IsString(id) ? content_find_id(L->c, id->valuestring) : -1;
            if (k < 0 || (size_t)k >= a->n_careers)
                diag_report(L->d, jsondoc_path(L->doc), line_of(L, id), "no career \"%s\" in content/careers",
                            cJSON_IsString(id) ? id->valuestring : "?");
            else
                a->career_facets[k] |= 1u << a->n_facets;
        }
        a->n_facets++;
    }
}

/* The weight of each element in comparing careers: log(N / careers that rate it), so that two
 * careers are alike for what sets them apart, not for the skills every job rates (listening). */
static void elem_weights(advice *a)
{
    size_t n = 0;
    a->elem_weight = xcalloc(a->n_elem + 1, sizeof *a->elem_weight);
    for (size_t k = 0; k < a->n_careers; k++) {
        if (!a->has_imp[k])
            continue;
        n++;
        for (size_t i = 0; i < a->n_elem; i++)
            a->elem_weight[i] += a->imp[k * a->n_elem + i] > 0;
    }
    for (size_t i = 0; i < a->n_elem; i++)
        a->elem_weight[i] = log(((double)n + 1) / (a->elem_weight[i] + 1));
}

/* Each career's "profile" (every importance, in the order of the top-level "elements"), less the mean of the
 * careers that have one: careers compare on how they differ from the typical job. */
static void read_profiles(struct loader *L, const cJSON *all)
{
    advice *a = L->a;
    const cJSON *car;
    a->n_full = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(jsondoc_root(L->doc), "elements"));
    a->full = xcalloc(a->n_careers * a->n_full + 1, sizeof *a->full);
    a->has_full = xcalloc(a->n_careers + 1, sizeof *a->has_full);
    double *mean = xcalloc(a->n_full + 1, sizeof *mean);
    size_t n = 0;
    cJSON_ArrayForEach(car, all)
    {
        const cJSON *prof = cJSON_GetObjectItemCaseSensitive(car, "profile"), *v;
        int k = content_find_id(L->c, car->string);
        if (!prof || k < 0 || (size_t)k >= a->n_careers || !a->n_full)
            continue;
        if ((size_t)cJSON_GetArraySize(prof) != a->n_full) {
            diag_report(L->d, jsondoc_path(L->doc), line_of(L, prof), "a profile has one figure per element (%zu)",
                        a->n_full);
            continue;
        }
        size_t i = 0;
        cJSON_ArrayForEach(v, prof)
        {
            a->full[(size_t)k * a->n_full + i] = (float)(cJSON_IsNumber(v) ? v->valuedouble : 1);
            mean[i++] += cJSON_IsNumber(v) ? v->valuedouble : 1;
        }
        a->has_full[k] = true;
        n++;
    }
    for (size_t k = 0; k < a->n_careers && n; k++)
        for (size_t i = 0; i < a->n_full && a->has_full[k]; i++)
            a->full[k * a->n_full + i] -= (float)(mean[i] / (double)n);
    free(mean);
}

/* content/knowledge.json: {"careers": {"id": {"knowledge": {"name": x}, "skills": {...}}}}. */
static void read_knowledge(struct loader *L)
{
    advice *a = L->a;
    const cJSON *car;
    static const char *const keys[2] = {"knowledge", "skills"}, *const ns[2] = {"K", "S"};
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(jsondoc_root(L->doc), "careers");
    for (int pass = 0; pass < 2; pass++) { /* first the names, then the table */
        if (pass)
            a->imp = xcalloc(a->n_careers * a->n_elem + 1, 1);
        cJSON_ArrayForEach(car, all)
        {
            int k = content_find_id(L->c, car->string);
            if (k < 0 || (size_t)k >= a->n_careers) {
                if (pass)
                    diag_report(L->d, jsondoc_path(L->doc), line_of(L, car), "no career \"%s\" in content/careers",
                                car->string);
                continue;
            }
            for (int s = 0; s < 2; s++) {
                const cJSON *it;
                cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(car, keys[s]))
                {
                    int e = elem_find(a, ns[s], it->string, !pass);
                    if (pass && e >= 0 && cJSON_IsNumber(it) && it->valuedouble >= 1 && it->valuedouble <= 5) {
                        a->imp[(size_t)k * a->n_elem + (size_t)e] = (unsigned char)(it->valuedouble * 10 + 0.5);
                        a->has_imp[k] = true;
                    }
                }
            }
        }
    }
    elem_weights(a);
    read_profiles(L, all);
}

static int cmp_phrase(const void *x, const void *y)
{
    const struct advice_phrase *a = x, *b = y;
    size_t la = strcspn(a->text, " "), lb = strcspn(b->text, " ");
    int c = strncmp(a->text, b->text, la < lb ? la : lb);
    if (c || la != lb)
        return c ? c : (la < lb ? -1 : 1);
    if (a->n_words != b->n_words)
        return a->n_words > b->n_words ? -1 : 1; /* longest first */
    return a->kind - b->kind;
}

/* Chains the phrases by first word, longest first; indexes every word of them (for "talkin": "talking"). */
static void index_phrases(advice *a)
{
    qsort(a->ph, a->n_ph, sizeof *a->ph, cmp_phrase);
    size_t n_words = 0, k = 0;
    for (size_t i = a->n_ph; i-- > 0;) {
        size_t w = a->ph[i].len0 = strcspn(a->ph[i].text, " ");
        int head = strmap_get(&a->first, a->ph[i].text, w);
        a->ph[i].next = head;
        strmap_put(&a->first, a->ph[i].text, w, (int)i);
        n_words += a->ph[i].n_words;
    }
    a->word_text = xcalloc(n_words + 1, sizeof *a->word_text);
    for (size_t i = 0; i < a->n_ph; i++)
        for (const char *w = a->ph[i].text; *w; w += strcspn(w, " "), w += *w == ' ')
            if (strmap_get(&a->words, w, strcspn(w, " ")) < 0) {
                a->word_text[k] = w;
                strmap_put(&a->words, w, strcspn(w, " "), (int)k++);
            }
}

/* "spellings": {"wiv": "with", ...}: ways people type a word, read as the lexicon spells it. */
static void read_spellings(struct loader *L, const cJSON *root)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "spellings"), *it;
    L->a->spell_to = xcalloc((size_t)cJSON_GetArraySize(o) + 1, sizeof *L->a->spell_to);
    int k = 0;
    cJSON_ArrayForEach(it, o)
    {
        if (!cJSON_IsString(it) || !*it->valuestring || strchr(it->valuestring, ' ') || strchr(it->string, ' ')) {
            diag_report(L->d, jsondoc_path(L->doc), line_of(L, it), "a spelling maps one word to one word");
            continue;
        }
        L->a->spell_to[k] = it->valuestring;
        strmap_put(&L->a->spell, it->string, strlen(it->string), k++);
    }
    for (size_t i = 0; i < L->a->n_ph; i++) /* a phrase with a word read as another could never match */
        for (const char *w = L->a->ph[i].text; *w; w += strcspn(w, " "), w += *w == ' ')
            if (strmap_get(&L->a->spell, w, strcspn(w, " ")) >= 0)
                diag_report(L->d, jsondoc_path(L->doc), 1, "phrase \"%s\" has a word \"spellings\" reads as another",
                            L->a->ph[i].text);
}

static jsondoc *open_in(const char *dir, const char *name, diag *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return jsondoc_open(path, d);
}

advice *advice_load(const char *content_dir, const content *c, diag *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/advice.json", content_dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fclose(f);
    advice *a = xcalloc(1, sizeof *a);
    int errors = d->errors;
    a->n_careers = content_curated_count(c);
    a->career_facets = xcalloc(a->n_careers + 1, sizeof *a->career_facets);
    a->has_imp = xcalloc(a->n_careers + 1, sizeof *a->has_imp);
    a->interests = xcalloc((a->n_careers + 1) * RIASEC_TYPES, sizeof *a->interests);
    a->has_interests = xcalloc(a->n_careers + 1, sizeof *a->has_interests);
    for (size_t k = 0; k < a->n_careers; k++) /* ranking reads them for every career and like of a message */
        a->has_interests[k] = riasec_read(content_get(c, k, "interests"), &a->interests[k * RIASEC_TYPES]);
    struct loader L = {a, c, NULL, d};
    if ((a->facets_doc = open_in(content_dir, "facets.json", d))) {
        L.doc = a->facets_doc;
        read_facets(&L);
    }
    if ((a->know_doc = open_in(content_dir, "knowledge.json", d))) {
        L.doc = a->know_doc;
        read_knowledge(&L);
    }
    if ((a->lex = open_in(content_dir, "advice.json", d))) {
        L.doc = a->lex;
        static const char *const keys[] = {"comment",    "negations",
                                           "affirm",     "not_after",
                                           "likes",      "prefer",
                                           "limits",     "postneg",
                                           "caps",       "levels",
                                           "sort_pay",   "situations",
                                           "degrees",    "guide_skip",
                                           "defer",      "self",
                                           "context",    "test_words",
                                           "questions",  "asks_careers",
                                           "additive",   "entry_words",
                                           "zone_entry", "comment_zone_entry",
                                           "opposites",  "comment_opposites",
                                           "wants",      "comment_wants",
                                           "others",     "comment_others",
                                           "others_say", "hobby_marks",
                                           "formats",    "comment_formats",
                                           "leave_job",  "comment_leave_job",
                                           "workplaces", "comment_workplaces",
                                           "spellings",  "comment_spellings",
                                           "asides",     "comment_asides",
                                           "not_likes"};
        jsondoc_check_keys(a->lex, d, jsondoc_root(a->lex), keys, sizeof keys / sizeof keys[0], "advice.json");
        read_lists(&L, jsondoc_root(a->lex));
        read_entry_words(&L, jsondoc_root(a->lex));
        read_opposites(&L, jsondoc_root(a->lex));
        read_workplaces(&L, jsondoc_root(a->lex));
        read_spellings(&L, jsondoc_root(a->lex));
        index_phrases(a);
    }
    if (d->errors > errors || !a->lex || !a->facets_doc || !a->know_doc) {
        advice_free(a);
        return NULL;
    }
    return a;
}

void advice_free(advice *a)
{
    if (!a)
        return;
    jsondoc_free(a->lex);
    jsondoc_free(a->facets_doc);
    jsondoc_free(a->know_doc);
    for (size_t i = 0; i < a->n_elem; i++)
        free(a->elem_name[i]);
    free(a->elem_name);
    free(a->imp);
    free(a->has_imp);
    free(a->elem_weight);
    free(a->full);
    free(a->has_full);
    free(a->career_facets);
    free(a->interests);
    free(a->has_interests);
    free(a->ph);
    strmap_free(&a->first);
    strmap_free(&a->words);
    strmap_free(&a->spell);
    free(a->word_text);
    free(a->spell_to);
    free(a);
}

void advice_state_init(advice_state *st)
{
    memset(st, 0, sizeof *st);
    st->p.max_entry = st->p.degree = st->p.from = st->p.situation = -1;
}

void advice_state_write(const advice *a, const content *c, const advice_state *st, sbuf *b)
{
    if (!a || (!st->active && !st->guide))
        return;
    const advice_profile *p = &st->p;
    sbuf_printf(
        b,
        ",\"advice\":{\"likes\":%llu,\"dislikes\":%llu,\"want\":%lu,\"avoid\":%lu,\"areas\":%llu,\"want_areas\":%llu,"
        "\"max_entry\":%d,\"degree\":%d,\"situation\":%d,\"by_pay\":%s,\"min_pay\":%.0f,\"page\":%d,"
        "\"active\":%s,\"guide\":%d,\"guide_turn\":%u,\"shown_turn\":%u",
        (unsigned long long)p->likes, (unsigned long long)p->dislikes, (unsigned long)p->want, (unsigned long)p->avoid,
        (unsigned long long)p->avoid_areas, (unsigned long long)p->want_areas, p->max_entry, p->degree, p->situation,
        p->by_pay ? "true" : "false", p->min_pay, p->page, st->active ? "true" : "false", st->guide, st->guide_turn,
        st->shown_turn);
    if (p->from >= 0) {
        sbuf_puts(b, ",\"from\":");
        sbuf_json_str(b, content_id(c, (size_t)p->from));
    }
    sbuf_putc(b, '}');
}

/* A number member of o between lo and hi, or dflt. */
static double num(const cJSON *o, const char *key, double lo, double hi, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) && v->valuedouble >= lo && v->valuedouble <= hi ? v->valuedouble : dflt;
}

void advice_state_load(const advice *a, const content *c, advice_state *st, const cJSON *o)
{
    advice_state_init(st);
    if (!a || !cJSON_IsObject(o))
        return;
    advice_profile *p = &st->p;
    p->likes = (uint64_t)num(o, "likes", 0, 1.8e19, 0) & ((a->n_likes < 64 ? (1ull << a->n_likes) : 0) - 1);
    p->dislikes = (uint64_t)num(o, "dislikes", 0, 1.8e19, 0) & ((a->n_likes < 64 ? (1ull << a->n_likes) : 0) - 1);
    p->want = (uint32_t)num(o, "want", 0, 4294967295.0, 0) & (uint32_t)((1ull << a->n_facets) - 1);
    p->avoid = (uint32_t)num(o, "avoid", 0, 4294967295.0, 0) & (uint32_t)((1ull << a->n_facets) - 1);
    p->avoid_areas = (uint64_t)num(o, "areas", 0, 1.8e19, 0);
    p->want_areas = (uint64_t)num(o, "want_areas", 0, 1.8e19, 0);
    p->max_entry = (int)num(o, "max_entry", -1, ADVICE_NO_LIMIT, -1);
    p->degree = (int)num(o, "degree", -1, (double)a->n_degrees - 1, -1);
    p->situation = (int)num(o, "situation", -1, (double)a->n_sits - 1, -1);
    p->by_pay = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "by_pay"));
    p->min_pay = num(o, "min_pay", 0, 1e7, 0);
    p->page = (int)num(o, "page", 0, 1000, 0);
    const char *from = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "from"));
    p->from = from ? content_find_id(c, from) : -1;
    st->active = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "active"));
    st->guide = (int)num(o, "guide", 0, 3, 0);
    st->guide_turn = (unsigned)num(o, "guide_turn", 0, 4e9, 0);
    st->shown_turn = (unsigned)num(o, "shown_turn", 0, 4e9, 0);
}
