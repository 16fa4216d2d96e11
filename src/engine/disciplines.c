/*
 * disciplines: the names of what careers do (content/disciplines.json), the weakest names of the
 * index. "endings" turn the last word of a title into its discipline ("Graphic Designer" gives
 * "graphic design", "Nurse" gives "nursing"): for every curated title and other name, and for the
 * titles of the O*NET occupations that no curated career covers ("Radiation Therapists" gives
 * "radiation therapy") when that is no name already; "names" lists disciplines that no ending
 * derives. Any title or other name of a career wins over them. No globals; part of content loading.
 */
#include "content_int.h"
#include "names.h"

#include <string.h>

/* The discipline of a name (its words, normalised), into phrase; false when its last word has no ending. */
static bool discipline_of(const content *c, const char *name, const cJSON *endings, sbuf *phrase, text_words *w)
{
    sbuf norm = SBUF_INIT;
    text_normalise(name, strlen(name), &norm);
    text_words_split(norm.p, norm.len, c->abbrevs, c->n_abbrevs, w);
    sbuf_free(&norm);
    const cJSON *e = w->n ? cJSON_GetObjectItemCaseSensitive(endings, w->v[w->n - 1].w) : NULL;
    if (!cJSON_IsString(e))
        return false;
    for (size_t i = 0; i + 1 < w->n; i++)
        sbuf_printf(phrase, "%s ", w->v[i].w);
    sbuf_puts(phrase, e->valuestring);
    return true;
}

/* Adds the discipline of name for career idx; with only_new, not when the discipline already names a
 * career (a title, an other name or another discipline). */
static void derive(content *c, size_t idx, const char *name, const cJSON *endings, bool only_new)
{
    sbuf phrase = SBUF_INIT;
    text_words w = {0}, pw = {0};
    if (discipline_of(c, name, endings, &phrase, &w)) {
        text_words_split(phrase.p, phrase.len, c->abbrevs, c->n_abbrevs, &pw);
        names_hit h;
        bool known = only_new && content_find_name(c, &pw, 0, pw.n, &h) && h.from == 0 && h.to == pw.n;
        if (!known)
            content__add_discipline(c, phrase.p, phrase.len, idx);
    }
    text_words_free(&pw);
    text_words_free(&w);
    sbuf_free(&phrase);
}

/* Opens content/disciplines.json and checks its shape; NULL when it is missing or broken. */
static jsondoc *open_disciplines(const char *dir, diag *d, const cJSON **endings, const cJSON **listed, char *path,
                                 size_t plen)
{
    jsondoc *doc = content__load_optional(dir, "disciplines.json", d, path, plen);
    if (!doc)
        return NULL;
    const cJSON *root = jsondoc_root(doc);
    *endings = cJSON_GetObjectItemCaseSensitive(root, "endings");
    *listed = cJSON_GetObjectItemCaseSensitive(root, "names");
    return doc;
}

void content__load_disciplines(content *c, const char *dir, diag *d)
{
    char path[4096];
    const cJSON *endings = NULL, *listed = NULL;
    jsondoc *doc = open_disciplines(dir, d, &endings, &listed, path, sizeof path);
    if (!doc)
        return;
    if ((endings && !cJSON_IsObject(endings)) || (listed && !cJSON_IsObject(listed)))
        diag_report(
            d, path, 1,
            "expected {\"endings\": {\"designer\": \"design\", ...}, \"names\": {\"medicine\": \"career-id\", ...}}");
    const cJSON *it;
    cJSON_ArrayForEach(it, endings)
    {
        if (!cJSON_IsString(it) || !schema_nonblank(it->valuestring) || strchr(it->string, ' '))
            diag_report(d, path, jsondoc_line(doc, it),
                        "an ending is one lower-case word mapped to a non-empty string");
    }
    for (size_t i = 0; i < c->n_curated && cJSON_IsObject(endings); i++) {
        const struct career *k = &c->careers[i];
        derive(c, i, k->title, endings, false);
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(k->rec, "other_names")) if (cJSON_IsString(it))
            derive(c, i, it->valuestring, endings, false);
    }
    cJSON_ArrayForEach(it, listed)
    {
        int idx = cJSON_IsString(it) ? content_find_id(c, it->valuestring) : -1;
        if (idx < 0)
            diag_report(d, path, jsondoc_line(doc, it), "\"%s\": career \"%s\" does not exist", it->string,
                        cJSON_IsString(it) ? it->valuestring : "?");
        else
            content__add_discipline(c, it->string, strlen(it->string), (size_t)idx);
    }
    jsondoc_free(doc);
}

void content__onet_disciplines(content *c, const char *dir, diag *d)
{
    char path[4096];
    const cJSON *endings = NULL, *listed = NULL;
    jsondoc *doc = open_disciplines(dir, d, &endings, &listed, path, sizeof path);
    if (!doc)
        return;
    for (size_t i = c->n_curated; i < c->n && cJSON_IsObject(endings); i++)
        if (!strstr(c->careers[i].title, "All Other")) /* unlike jobs gathered: reached by their own title only */
            derive(c, i, c->careers[i].title, endings, true);
    jsondoc_free(doc);
}
