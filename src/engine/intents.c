/*
 * intents: reading intents/ into an engine (the format is intents/README.md): every intents
 * file, its intents, word lists and messages, validated with file:line for every problem; then the
 * dispatch order and the keyword index. Runs once per engine_new; nothing here answers messages.
 */
#include "engine_int.h"
#include "jsondoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
    "",
    "fallback",
    "start",
    "resume",
    "ask_career",
    "unknown_career",
    "career_only",
    "clarify_career",
    "nearest_career",
};

static const char *const test_names[TC_COUNT] = {
    "", "start", "start_full", "resume", "pause", "back", "restart", "results", "stretch", "stepdown", "why", "goto",
};

/* ===================== Loading intents ===================== */

struct loader {
    engine *e;
    diag *d;
    jsondoc *doc;
    strmap ids;
    size_t order; /* file order, the tie-breaker of priorities */
};

static const char *const intent_keys[] = {
    "id",   "priority",  "keywords",      "patterns",   "career",        "topic",    "repeat_topic",
    "role", "responses", "quick_replies", "quick_list", "comment",       "action",   "test",
    "when", "compare",   "browse",        "next_topic", "unless_career", "examples", "pauses_test",
    "sort", "backoff",   "advice",        "prefilter",  "after_topic",
};

static void check_keys(struct loader *L, const cJSON *obj, const char *const *keys, size_t n, const char *what)
{
    jsondoc_check_keys(L->doc, L->d, obj, keys, n, what);
}

static const char *get_string(struct loader *L, const cJSON *obj, const char *key, bool required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) {
        if (required)
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, obj), "missing \"%s\"", key);
        return NULL;
    }
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, v), "\"%s\" must be a non-empty string", key);
        return NULL;
    }
    return v->valuestring;
}

/* Checks that every variable of t names something that exists where t is used. */
static void check_tpl_names(struct loader *L, const intent *in, const tpl *t, const cJSON *node, bool item_ok)
{
    for (size_t i = 0; i < t->n; i++) {
        const tpl_seg *s = &t->v[i];
        const char *file = jsondoc_path(L->doc);
        int line = jsondoc_line(L->doc, node);
        if (s->ns == TPL_CAREER || s->ns == TPL_ITEM) {
            if (content_field_kind(s->text) < 0)
                diag_report(L->d, file, line, "no career field \"%s\" (see content/README.md)", s->text);
            if (s->ns == TPL_CAREER && in->career == CM_NONE && in->role != ROLE_CAREER_ONLY)
                diag_report(L->d, file, line, "{career.%s} in an intent without \"career\"", s->text);
            if (s->ns == TPL_ITEM && !item_ok)
                diag_report(L->d, file, line, "{item.%s} is only for \"quick_list\"", s->text);
        } else if (s->ns == TPL_OTHER) {
            if (content_field_kind(s->text) < 0)
                diag_report(L->d, file, line, "no career field \"%s\" (see content/README.md)", s->text);
            if (!in->compare)
                diag_report(L->d, file, line, "{other.%s} is only for intents with \"compare\"", s->text);
        } else if (s->ns == TPL_SLOT) {
            bool found = false;
            for (size_t p = 0; p < in->n_pats && !found; p++)
                found = pcre2_substring_number_from_name(in->pats[p], (PCRE2_SPTR)s->text) >= 0;
            bool engine_slot =
                (in->role == ROLE_CLARIFY && !strcmp(s->text, "options")) ||
                (in->role == ROLE_NEAREST && (!strcmp(s->text, "options") || !strcmp(s->text, "asked"))) ||
                (in->role == ROLE_ASK_CAREER && !strcmp(s->text, "recent")) ||
                (in->compare && !strcmp(s->text, "higher")) ||
                ((in->browse || in->advice) &&
                 (!strcmp(s->text, "field") || !strcmp(s->text, "count") || !strcmp(s->text, "list")));
            if (!found && in->role != ROLE_UNKNOWN_CAREER && !engine_slot)
                diag_report(L->d, file, line, "{slot.%s}: no pattern of this intent has a group (?<%s>...)", s->text,
                            s->text);
        }
    }
}

static bool compile_tpl(struct loader *L, intent *in, const cJSON *node, tpl *out, bool item_ok)
{
    char err[256];
    if (!cJSON_IsString(node)) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, node), "expected a template string");
        memset(out, 0, sizeof *out);
        return false;
    }
    if (tpl_compile(node->valuestring, out, err, sizeof err) < 0) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, node), "template: %s", err);
        return false;
    }
    check_tpl_names(L, in, out, node, item_ok);
    return true;
}

static char *field_name(struct loader *L, const cJSON *obj, const char *key)
{
    const char *f = get_string(L, obj, key, false);
    if (!f)
        return NULL;
    if (content_field_kind(f) < 0)
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, cJSON_GetObjectItemCaseSensitive(obj, key)),
                    "\"%s\": no career field \"%s\"", key, f);
    return xstrdup(f);
}

static void load_patterns(struct loader *L, intent *in, const cJSON *pats)
{
    if (!cJSON_IsArray(pats) || cJSON_GetArraySize(pats) == 0) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, pats), "\"patterns\" must be a non-empty array");
        return;
    }
    in->pats = xcalloc((size_t)cJSON_GetArraySize(pats), sizeof *in->pats);
    in->pat_lines = xcalloc((size_t)cJSON_GetArraySize(pats), sizeof *in->pat_lines);
    in->pat_jit = xcalloc((size_t)cJSON_GetArraySize(pats), sizeof *in->pat_jit);
    in->pat_needles = xcalloc((size_t)cJSON_GetArraySize(pats), sizeof *in->pat_needles);
    in->min_len = SIZE_MAX;
    const cJSON *p;
    cJSON_ArrayForEach(p, pats)
    {
        int line = jsondoc_line(L->doc, p);
        if (!cJSON_IsString(p) || !p->valuestring[0]) {
            diag_report(L->d, jsondoc_path(L->doc), line, "a pattern must be a non-empty string");
            continue;
        }
        char err[300];
        pcre2_code *re;
        int jit;
        if (pattern_compile(p->valuestring, &re, &jit, err, sizeof err) < 0) {
            diag_report(L->d, jsondoc_path(L->doc), line, "pattern %s", err);
            continue;
        }
        in->pat_jit[in->n_pats] = jit;
        in->pat_needles[in->n_pats] = prefilter_needles_of(p->valuestring);
        in->pat_lines[in->n_pats] = line;
        uint32_t caps = 0, minlen = 0;
        pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &caps);
        pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen);
        if (caps > L->e->max_captures)
            L->e->max_captures = caps;
        if (minlen < in->min_len)
            in->min_len = minlen;
        in->pats[in->n_pats++] = re;
    }
    if (in->min_len == SIZE_MAX)
        in->min_len = 0;
}

static void load_keywords(struct loader *L, intent *in, const cJSON *kw)
{
    if (!kw)
        return;
    if (!cJSON_IsArray(kw) || cJSON_GetArraySize(kw) == 0) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, kw), "\"keywords\" must be a non-empty array");
        return;
    }
    in->keywords = xcalloc((size_t)cJSON_GetArraySize(kw), sizeof *in->keywords);
    const cJSON *k;
    cJSON_ArrayForEach(k, kw)
    {
        bool ok = cJSON_IsString(k) && k->valuestring[0];
        for (const char *c = ok ? k->valuestring : ""; *c && ok; c++)
            ok = !(*c >= 'A' && *c <= 'Z');
        if (!ok) {
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, k),
                        "keywords are non-empty lower-case strings (messages are lower-cased before the prefilter)");
            continue;
        }
        in->keywords[in->n_keywords++] = xstrdup(k->valuestring);
    }
}

static void load_responses(struct loader *L, intent *in, const cJSON *rs)
{
    if (!cJSON_IsArray(rs) || cJSON_GetArraySize(rs) == 0) {
        diag_report(L->d, jsondoc_path(L->doc), rs ? jsondoc_line(L->doc, rs) : in->line,
                    "\"responses\" must be a non-empty array");
        return;
    }
    in->resp = xcalloc((size_t)cJSON_GetArraySize(rs), sizeof *in->resp);
    bool unconditional = false;
    const cJSON *r;
    cJSON_ArrayForEach(r, rs)
    {
        cond_tpl *ct = &in->resp[in->n_resp];
        const cJSON *text = r;
        if (cJSON_IsObject(r)) {
            static const char *const keys[] = {"text", "if", "unless"};
            check_keys(L, r, keys, 3, "a response");
            text = cJSON_GetObjectItemCaseSensitive(r, "text");
            if (!text) {
                diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, r), "a response needs \"text\"");
                continue;
            }
            ct->if_field = field_name(L, r, "if");
            ct->unless_field = field_name(L, r, "unless");
        }
        if (!ct->if_field && !ct->unless_field)
            unconditional = true;
        if (compile_tpl(L, in, text, &ct->t, false))
            in->n_resp++;
        else {
            free(ct->if_field);
            free(ct->unless_field);
            ct->if_field = ct->unless_field = NULL;
        }
    }
    /* Every career must get some answer: a set of only conditional responses could leave none. */
    if (!unconditional) {
        bool paired = false;
        for (size_t i = 0; i < in->n_resp && !paired; i++)
            for (size_t j = 0; j < in->n_resp && !paired; j++)
                paired = in->resp[i].if_field && in->resp[j].unless_field &&
                         !strcmp(in->resp[i].if_field, in->resp[j].unless_field);
        if (!paired)
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, rs),
                        "responses need one without \"if\"/\"unless\", or an \"if\" and \"unless\" pair on one field");
    }
}

static void load_quick(struct loader *L, intent *in, const cJSON *qs)
{
    if (!qs)
        return;
    if (!cJSON_IsArray(qs)) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, qs), "\"quick_replies\" must be an array");
        return;
    }
    in->quick = xcalloc((size_t)cJSON_GetArraySize(qs) + 1, sizeof *in->quick);
    const cJSON *q;
    cJSON_ArrayForEach(q, qs)
    {
        static const char *const keys[] = {"label", "text", "if", "intent"};
        if (!cJSON_IsObject(q)) {
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, q), "a quick reply is {\"label\", \"text\"}");
            continue;
        }
        check_keys(L, q, keys, 4, "a quick reply");
        quick_tpl *qt = &in->quick[in->n_quick];
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(q, "label");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(q, "text");
        if (!label || !text) {
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, q),
                        "a quick reply needs \"label\" and \"text\"");
            continue;
        }
        bool ok = compile_tpl(L, in, label, &qt->label, false);
        ok = compile_tpl(L, in, text, &qt->text, false) && ok;
        qt->if_field = field_name(L, q, "if");
        const char *target = get_string(L, q, "intent", true);
        qt->target = target ? xstrdup(target) : NULL;
        qt->line = jsondoc_line(L->doc, q);
        if (ok && target)
            in->n_quick++;
        else {
            tpl_free(&qt->label);
            tpl_free(&qt->text);
            free(qt->if_field);
            free(qt->target);
            qt->if_field = qt->target = NULL;
        }
    }
}

static void load_quick_list(struct loader *L, intent *in, const cJSON *ql)
{
    if (!ql)
        return;
    static const char *const keys[] = {"from", "label", "text", "max", "intent"};
    if (!cJSON_IsObject(ql)) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, ql), "\"quick_list\" must be an object");
        return;
    }
    check_keys(L, ql, keys, 5, "\"quick_list\"");
    const char *target = get_string(L, ql, "intent", true);
    in->list_target = target ? xstrdup(target) : NULL;
    in->list_line = jsondoc_line(L->doc, ql);
    const char *from = get_string(L, ql, "from", true);
    if (from) {
        if (!strcmp(from, "related"))
            in->list = LF_RELATED;
        else if (!strcmp(from, "specialisations"))
            in->list = LF_SPECIALISATIONS;
        else if (!strcmp(from, "recent"))
            in->list = LF_RECENT;
        else if (!strcmp(from, "candidates"))
            in->list = LF_CANDIDATES;
        else
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, cJSON_GetObjectItemCaseSensitive(ql, "from")),
                        "\"from\" is related, specialisations, recent or candidates, not \"%s\"", from);
    }
    const cJSON *label = cJSON_GetObjectItemCaseSensitive(ql, "label");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(ql, "text");
    if (!label || !text) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, ql),
                    "\"quick_list\" needs \"label\" and \"text\"");
        in->list = LF_NONE;
        return;
    }
    compile_tpl(L, in, label, &in->list_label, true);
    compile_tpl(L, in, text, &in->list_text, true);
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(ql, "max");
    in->list_max = ENGINE_MAX_QUICK;
    if (max) {
        if (!cJSON_IsNumber(max) || max->valueint < 1 || max->valueint > ENGINE_MAX_QUICK)
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, max), "\"max\" must be 1 to %d",
                        ENGINE_MAX_QUICK);
        else
            in->list_max = (size_t)max->valueint;
    }
}

/* "career", "role", "action", "test" and "when": how an intent takes part in a turn. */
static void load_modes(struct loader *L, intent *in, const cJSON *obj)
{
    const char *file = jsondoc_path(L->doc);
    engine *e = L->e;
    const char *mode = get_string(L, obj, "career", false);
    if (mode) {
        if (!strcmp(mode, "none"))
            in->career = CM_NONE;
        else if (!strcmp(mode, "optional"))
            in->career = CM_OPTIONAL;
        else if (!strcmp(mode, "required"))
            in->career = CM_REQUIRED;
        else
            diag_report(L->d, file, jsondoc_line(L->doc, cJSON_GetObjectItemCaseSensitive(obj, "career")),
                        "\"career\" is none, optional or required, not \"%s\"", mode);
    }
    const char *role = get_string(L, obj, "role", false);
    if (role) {
        int r;
        for (r = 1; r < ROLE_COUNT; r++)
            if (!strcmp(role, role_names[r]))
                break;
        if (r == ROLE_COUNT)
            diag_report(L->d, file, jsondoc_line(L->doc, cJSON_GetObjectItemCaseSensitive(obj, "role")),
                        "unknown role \"%s\" (fallback, start, resume, ask_career, unknown_career, career_only, "
                        "clarify_career)",
                        role);
        else if (e->roles[r] >= 0)
            diag_report(L->d, file, in->line, "role \"%s\" is already taken by intent \"%s\"", role,
                        e->intents[e->roles[r]].id);
        else {
            in->role = (intent_role)r;
            e->roles[r] = (int)e->n_intents;
        }
    }
    const char *action = get_string(L, obj, "action", false);
    if (action)
        in->action = xstrdup(action);
    const char *test = get_string(L, obj, "test", false);
    if (test) {
        int t;
        for (t = 1; t < TC_COUNT && strcmp(test, test_names[t]); t++)
            ;
        if (t == TC_COUNT)
            diag_report(L->d, file, jsondoc_line(L->doc, cJSON_GetObjectItemCaseSensitive(obj, "test")),
                        "unknown test command \"%s\"", test);
        else
            in->test = (test_cmd)t;
        if (in->test == TC_WHY && in->career == CM_NONE)
            diag_report(L->d, file, in->line, "the test command \"why\" needs \"career\": \"required\"");
    }
    const char *when = get_string(L, obj, "when", false);
    if (when) {
        if (strcmp(when, "test") && strcmp(when, "results") && strcmp(when, "compared"))
            diag_report(L->d, file, jsondoc_line(L->doc, cJSON_GetObjectItemCaseSensitive(obj, "when")),
                        "\"when\" can only be \"test\", \"results\" or \"compared\", not \"%s\"", when);
        in->when_test = !strcmp(when, "test");
        in->when_results = !strcmp(when, "results");
        in->when_compared = !strcmp(when, "compared");
    }
    const cJSON *pt = cJSON_GetObjectItemCaseSensitive(obj, "pauses_test");
    in->pauses_test = cJSON_IsTrue(pt);
    if (pt && (!cJSON_IsBool(pt) || (in->pauses_test && (in->test || in->career != CM_NONE))))
        diag_report(L->d, file, jsondoc_line(L->doc, pt),
                    "\"pauses_test\" is true or false, and only for an intent with no career and no test command");
}

/* A field that lists intent ids ("next_topic", "after_topic"): a non-empty array of strings, copied
 * into *ids (owned by the intent, freed with it). */
static void load_ids(struct loader *L, const cJSON *obj, const char *key, char ***ids, size_t *n)
{
    const char *file = jsondoc_path(L->doc);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *id;
    if (arr && (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)))
        diag_report(L->d, file, jsondoc_line(L->doc, arr), "\"%s\" must be a non-empty array of intent ids", key);
    cJSON_ArrayForEach(id, arr)
    {
        if (!cJSON_IsString(id)) {
            diag_report(L->d, file, jsondoc_line(L->doc, id), "\"%s\" lists intent ids (strings)", key);
            continue;
        }
        *ids = xrealloc(*ids, (*n + 1) * sizeof **ids);
        (*ids)[(*n)++] = xstrdup(id->valuestring);
    }
}

/* "backoff": words (as text_words keeps them: lower case, singular) that name this intent's topic
 * when no pattern understood a message about a career ("nurse hours??"). */
static void load_backoff(struct loader *L, intent *in, const cJSON *obj)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(obj, "backoff"), *w;
    if (b && (!cJSON_IsArray(b) || in->career == CM_NONE))
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, b),
                    "\"backoff\" is an array of words, for an intent that takes a career");
    cJSON_ArrayForEach(w, b)
    {
        const char *s = cJSON_GetStringValue(w);
        bool ok = s && *s;
        for (const char *p = s; ok && *p; p++)
            ok = *p >= 'a' && *p <= 'z';
        if (!ok) {
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, w), "a backoff word is one lower-case word");
            continue;
        }
        in->backoff = xrealloc(in->backoff, (in->n_backoff + 1) * sizeof *in->backoff);
        in->backoff[in->n_backoff++] = xstrdup(s);
    }
}

/* "compare", "next_topic", "after_topic", "browse", "unless_career", "examples", "repeat_topic" and "topic", with
 * the rules that tie them to "career". */
static void load_links(struct loader *L, intent *in, const cJSON *obj)
{
    const char *file = jsondoc_path(L->doc);
    const cJSON *cmp = cJSON_GetObjectItemCaseSensitive(obj, "compare");
    in->compare = cJSON_IsTrue(cmp) || (cJSON_IsString(cmp) && !strcmp(cmp->valuestring, "named"));
    in->compare_named = cJSON_IsString(cmp) && !strcmp(cmp->valuestring, "named");
    if (cmp && !cJSON_IsBool(cmp) && !in->compare_named)
        diag_report(L->d, file, jsondoc_line(L->doc, cmp), "\"compare\" is true, false or \"named\"");
    load_ids(L, obj, "next_topic", &in->next, &in->n_next);
    load_ids(L, obj, "after_topic", &in->after, &in->n_after);
    in->browse = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "browse"));
    const char *sort = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, "sort"));
    in->sort = sort && !strcmp(sort, "pay") ? 'p' : sort && !strcmp(sort, "growth") ? 'g' : 0;
    if (sort && !in->sort)
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, cJSON_GetObjectItemCaseSensitive(obj, "sort")),
                    "\"sort\" is \"pay\" or \"growth\", not \"%s\"", sort);
    in->unless_career = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "unless_career"));
    static const char *const adv[] = {"",     "recommend", "refine", "degree",       "change",
                                      "more", "why",       "guide",  "guide_answer", "situation"};
    const cJSON *av = cJSON_GetObjectItemCaseSensitive(obj, "advice");
    for (size_t k = 1; av && k < sizeof adv / sizeof adv[0]; k++)
        if (cJSON_IsString(av) && !strcmp(av->valuestring, adv[k]))
            in->advice = (advice_cmd)k;
    if (av && !in->advice)
        diag_report(L->d, file, jsondoc_line(L->doc, av),
                    "\"advice\" is recommend, refine, degree, change, more, why, guide, guide_answer or situation");
    if ((in->advice == AC_CHANGE || in->advice == AC_WHY) && in->career != CM_REQUIRED)
        diag_report(L->d, file, in->line, "\"advice\": \"%s\" needs \"career\": \"required\"", av->valuestring);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(obj, "examples"), *x;
    if (ex && !cJSON_IsArray(ex))
        diag_report(L->d, file, jsondoc_line(L->doc, ex), "\"examples\" must be an array of messages");
    cJSON_ArrayForEach(x, ex)
    {
        if (!cJSON_IsString(x) || !x->valuestring[0]) {
            diag_report(L->d, file, jsondoc_line(L->doc, x), "an example is a non-empty message");
            continue;
        }
        in->examples = xrealloc(in->examples, (in->n_examples + 1) * sizeof *in->examples);
        in->example_lines = xrealloc(in->example_lines, (in->n_examples + 1) * sizeof *in->example_lines);
        in->examples[in->n_examples] = xstrdup(x->valuestring);
        in->example_lines[in->n_examples++] = jsondoc_line(L->doc, x);
    }
    if (in->compare && in->career != CM_REQUIRED)
        diag_report(L->d, file, in->line, "\"compare\" needs \"career\": \"required\"");
    const cJSON *rt = cJSON_GetObjectItemCaseSensitive(obj, "repeat_topic");
    in->repeat_topic = cJSON_IsTrue(rt);
    if ((in->repeat_topic || in->n_next) && in->career == CM_NONE)
        diag_report(L->d, file, in->line, "\"%s\" needs \"career\": \"required\"",
                    in->repeat_topic ? "repeat_topic" : "next_topic");
    const cJSON *topic = cJSON_GetObjectItemCaseSensitive(obj, "topic");
    in->sets_topic = topic ? cJSON_IsTrue(topic) : (in->career != CM_NONE && !in->repeat_topic);
}

static void load_intent(struct loader *L, const cJSON *obj)
{
    const char *file = jsondoc_path(L->doc);
    if (!cJSON_IsObject(obj)) {
        diag_report(L->d, file, jsondoc_line(L->doc, obj), "an intent must be an object");
        return;
    }
    check_keys(L, obj, intent_keys, sizeof intent_keys / sizeof intent_keys[0], "an intent");
    engine *e = L->e;
    e->intents = xrealloc(e->intents, (e->n_intents + 1) * sizeof *e->intents);
    intent *in = &e->intents[e->n_intents];
    memset(in, 0, sizeof *in);
    in->file = xstrdup(file);
    in->line = jsondoc_line(L->doc, obj);
    const char *id = get_string(L, obj, "id", true);
    in->id = xstrdup(id ? id : "?");
    if (id) {
        if (strmap_get(&L->ids, id, strlen(id)) >= 0)
            diag_report(L->d, file, in->line, "intent id \"%s\" is used twice", id);
        strmap_put(&L->ids, id, strlen(id), 1);
    }
    const cJSON *prio = cJSON_GetObjectItemCaseSensitive(obj, "priority");
    if (prio && (!cJSON_IsNumber(prio) || prio->valueint < -1000 || prio->valueint > 1000))
        diag_report(L->d, file, jsondoc_line(L->doc, prio), "\"priority\" must be a number from -1000 to 1000");
    else if (prio)
        in->priority = prio->valueint;
    load_modes(L, in, obj);
    load_links(L, in, obj);
    load_backoff(L, in, obj);
    const cJSON *pats = cJSON_GetObjectItemCaseSensitive(obj, "patterns");
    if (pats)
        load_patterns(L, in, pats);
    else if (in->role == ROLE_NONE)
        diag_report(L->d, file, in->line, "intent \"%s\" has no \"patterns\" and no \"role\"", in->id);
    load_keywords(L, in, cJSON_GetObjectItemCaseSensitive(obj, "keywords"));
    prefilter_load(L->doc, L->d, in, cJSON_GetObjectItemCaseSensitive(obj, "prefilter"));
    /* A repeat_topic or next_topic intent answers with another intent's responses. */
    const cJSON *resp = cJSON_GetObjectItemCaseSensitive(obj, "responses");
    if (resp || (!in->repeat_topic && !in->n_next && !in->test))
        load_responses(L, in, resp);
    load_quick(L, in, cJSON_GetObjectItemCaseSensitive(obj, "quick_replies"));
    load_quick_list(L, in, cJSON_GetObjectItemCaseSensitive(obj, "quick_list"));
    e->n_intents++;
}

/* A top-level list of single words (references, job_words) appended to *words; what is wrong is
 * reported with the list's own wording (what_list: the array; what_item: one entry). */
static void load_word_list(struct loader *L, const cJSON *list, const char *what_list, const char *what_item,
                           char ***words, size_t *n)
{
    if (!list)
        return;
    if (!cJSON_IsArray(list)) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, list), "%s", what_list);
        return;
    }
    const cJSON *w;
    cJSON_ArrayForEach(w, list)
    {
        if (!cJSON_IsString(w) || !w->valuestring[0] || strchr(w->valuestring, ' ')) {
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, w), "%s", what_item);
            continue;
        }
        *words = xrealloc(*words, (*n + 1) * sizeof **words);
        (*words)[(*n)++] = xstrdup(w->valuestring);
    }
}

/* Words the patterns rely on ("salary", "qualifications"): a misspelling of one of them ("salery") is
 * corrected before the patterns run, unless it is a word of a career name or a stop word. */
static void load_vocabulary(struct loader *L, const cJSON *vocab)
{
    if (!cJSON_IsArray(vocab)) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, vocab),
                    "\"vocabulary\" must be an array of words");
        return;
    }
    if (!L->e->vocab)
        L->e->vocab = names_new();
    const cJSON *v;
    cJSON_ArrayForEach(v, vocab)
    {
        const char *w = cJSON_GetStringValue(v);
        bool ok = w && strlen(w) >= 4;
        for (const char *p = w; ok && *p; p++)
            ok = *p >= 'a' && *p <= 'z';
        if (!ok) {
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, v),
                        "a vocabulary entry is one lower-case word of at least 4 letters (a to z)");
            continue;
        }
        text_words tw = {0};
        text_words_split(w, strlen(w), NULL, 0, &tw);
        if (tw.n == 1)
            names_add(L->e->vocab, &tw, 0, 1, 0, 1);
        text_words_free(&tw);
    }
}

/* The intent names the engine gives replies of the career test (intents/README.md). */
bool intents_engine_made(const char *id)
{
    return !strcmp(id, INTENT_TEST_ANSWER) || !strcmp(id, INTENT_TEST_REASK) || !strcmp(id, INTENT_TEST_RESUME);
}

static bool is_engine_message(const char *key)
{
    static const char *const messages[] = ENGINE_MESSAGES;
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (!strcmp(key, messages[i]))
            return true;
    return !strncmp(key, "advice.", 7); /* advice.c's sentences */
}

/* "messages": {"key": "text"}: sentences the engine's clients show (the server's error texts). */
static void load_messages(struct loader *L, const cJSON *msgs)
{
    if (!msgs)
        return;
    if (!cJSON_IsObject(msgs)) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, msgs), "\"messages\" must be an object of texts");
        return;
    }
    engine *e = L->e;
    const cJSON *m;
    cJSON_ArrayForEach(m, msgs)
    {
        int line = jsondoc_line(L->doc, m);
        if (!cJSON_IsString(m) || !m->valuestring[0]) {
            diag_report(L->d, jsondoc_path(L->doc), line, "message \"%s\" must be a non-empty string", m->string);
            continue;
        }
        if (strmap_get(&e->msg_ids, m->string, strlen(m->string)) >= 0) {
            diag_report(L->d, jsondoc_path(L->doc), line, "message \"%s\" is defined twice", m->string);
            continue;
        }
        /* The engine's own messages are templates; others (the server's) are plain text. */
        char err[256];
        tpl t = {NULL, 0};
        if (is_engine_message(m->string) && tpl_compile(m->valuestring, &t, err, sizeof err) < 0) {
            diag_report(L->d, jsondoc_path(L->doc), line, "message \"%s\": %s", m->string, err);
            continue;
        }
        e->msgs = xrealloc(e->msgs, (e->n_msgs + 1) * sizeof *e->msgs);
        e->msg_tpls = xrealloc(e->msg_tpls, (e->n_msgs + 1) * sizeof *e->msg_tpls);
        e->msgs[e->n_msgs] = xstrdup(m->valuestring);
        e->msg_tpls[e->n_msgs] = t;
        strmap_put(&e->msg_ids, m->string, strlen(m->string), (int)e->n_msgs++);
    }
}

static void load_intent_file(struct loader *L, const char *path)
{
    L->doc = jsondoc_open(path, L->d);
    if (!L->doc)
        return;
    const cJSON *root = jsondoc_root(L->doc);
    if (!cJSON_IsObject(root)) {
        diag_report(L->d, path, 1, "an intents file is an object: {\"intents\": [...]}");
    } else {
        static const char *const keys[] = {"intents", "references", "vocabulary", "job_words", "messages", "comment"};
        check_keys(L, root, keys, 6, "an intents file");
        load_messages(L, cJSON_GetObjectItemCaseSensitive(root, "messages"));
        load_word_list(L, cJSON_GetObjectItemCaseSensitive(root, "job_words"),
                       "\"job_words\" must be an array of word endings", "a job word is one lower-case word ending",
                       &L->e->job_words, &L->e->n_job_words);
        const cJSON *vocab = cJSON_GetObjectItemCaseSensitive(root, "vocabulary");
        if (vocab)
            load_vocabulary(L, vocab);
        load_word_list(L, cJSON_GetObjectItemCaseSensitive(root, "references"),
                       "\"references\" must be an array of words", "a reference is one lower-case word", &L->e->refs,
                       &L->e->n_refs);
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "intents");
        if (list && !cJSON_IsArray(list))
            diag_report(L->d, path, jsondoc_line(L->doc, list), "\"intents\" must be an array");
        const cJSON *it;
        cJSON_ArrayForEach(it, list) load_intent(L, it);
    }
    jsondoc_free(L->doc);
    L->doc = NULL;
}

int intents_load(engine *e, const engine_opts *opts, diag *d)
{
    struct loader L = {e, d, NULL, {0}, 0};
    char **files = NULL;
    int n_files = util_list_json(opts->intents_dir, &files);
    if (n_files < 0) {
        diag_report(d, opts->intents_dir, 0, "cannot open the intents folder");
    } else {
        for (int i = 0; i < n_files; i++) {
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", opts->intents_dir, files[i]);
            load_intent_file(&L, path);
        }
        util_free_list(files, n_files);
        if (n_files == 0)
            diag_report(d, opts->intents_dir, 0, "no intent files (*.json) found");
    }
    strmap_free(&L.ids);
    static const intent_role needed[] = {ROLE_FALLBACK,       ROLE_START,       ROLE_ASK_CAREER,
                                         ROLE_UNKNOWN_CAREER, ROLE_CAREER_ONLY, ROLE_CLARIFY};
    static const char *const messages[] = ENGINE_MESSAGES;
    for (size_t i = 0; i < sizeof messages / sizeof messages[0] && n_files >= 0; i++)
        if (strmap_get(&e->msg_ids, messages[i], strlen(messages[i])) < 0)
            diag_report(d, opts->intents_dir, 0, "no intents file defines the message \"%s\" (see intents/README.md)",
                        messages[i]);
    for (size_t i = 0; e->adv && advice_messages[i]; i++)
        if (strmap_get(&e->msg_ids, advice_messages[i], strlen(advice_messages[i])) < 0)
            diag_report(d, opts->intents_dir, 0, "no intents file defines the message \"%s\" (content/advice.json)",
                        advice_messages[i]);
    for (size_t i = 0; e->adv && i < e->adv->n_sits; i++)
        if (strmap_get(&e->msg_ids, e->adv->sit_message[i], strlen(e->adv->sit_message[i])) < 0)
            diag_report(d, opts->intents_dir, 0, "no intents file defines the message \"%s\" (content/advice.json)",
                        e->adv->sit_message[i]);
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (e->roles[needed[i]] < 0 && n_files >= 0)
            diag_report(d, opts->intents_dir, 0, "no intent has \"role\": \"%s\"", role_names[needed[i]]);
    for (size_t i = 0; i < e->n_intents && !e->quiz; i++)
        if (e->intents[i].test)
            diag_report(d, e->intents[i].file, e->intents[i].line,
                        "intent \"%s\" runs the career test, but %s/test/items.json is missing", e->intents[i].id,
                        opts->content_dir);
    if (e->roles[ROLE_CAREER_ONLY] >= 0 && e->intents[e->roles[ROLE_CAREER_ONLY]].career == CM_NONE)
        diag_report(d, e->intents[e->roles[ROLE_CAREER_ONLY]].file, e->intents[e->roles[ROLE_CAREER_ONLY]].line,
                    "the career_only intent must take a career (\"career\": \"required\")");
    if (d->errors)
        return -1;
    intents_sort(e);
    for (size_t i = 0; i < e->n_intents; i++) {
        intent *in = &e->intents[i];
        for (size_t k = 0; k <= in->n_quick; k++) {
            const char *target = k < in->n_quick ? in->quick[k].target : in->list_target;
            if (target && strcmp(target, "pending") && !intents_engine_made(target) && intents_find(e, target) < 0)
                diag_report(d, in->file, in->line,
                            "a quick reply of intent \"%s\" is meant for \"%s\", which is no intent", in->id, target);
        }
        in->next_idx = in->n_next ? xcalloc(in->n_next, sizeof *in->next_idx) : NULL;
        for (size_t k = 0; k < in->n_next; k++) {
            size_t j = 0;
            while (j < e->n_intents && strcmp(e->intents[j].id, in->next[k]))
                j++;
            in->next_idx[k] = j < e->n_intents ? (int)j : -1;
            if (j == e->n_intents || e->intents[j].career == CM_NONE || e->intents[j].n_next)
                diag_report(d, in->file, in->line, "next_topic \"%s\" is not an intent that answers about a career",
                            in->next[k]);
        }
        in->after_idx = in->n_after ? xcalloc(in->n_after, sizeof *in->after_idx) : NULL;
        for (size_t k = 0; k < in->n_after; k++)
            if ((in->after_idx[k] = intents_find(e, in->after[k])) < 0)
                diag_report(d, in->file, in->line, "after_topic \"%s\" is no intent", in->after[k]);
    }
    if (d->errors)
        return -1;
    return 0;
}
