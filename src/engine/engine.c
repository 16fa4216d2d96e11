/*
 * engine: loading intents/, and answering a message (see engine.h for the contract, and
 * intents/README.md for the format this file parses).
 */
#include "engine.h"
#include "pattern.h"
#include "content.h"
#include "names.h"
#include "jsondoc.h"
#include "kwscan.h"
#include "quiz.h"
#include "template.h"
#include "text.h"
#include "util.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SLOTS 8            /* named groups remembered per match */
#define SLOT_ECHO_MAX 80       /* bytes of what the user typed that a reply echoes, at most */

/* ===================== Types ===================== */

typedef enum career_mode { CM_NONE, CM_OPTIONAL, CM_REQUIRED } career_mode;

/* Intents with a role are the ones the engine turns to in set situations. */
typedef enum intent_role {
    ROLE_NONE,
    ROLE_FALLBACK,       /* nothing matched */
    ROLE_START,          /* the greeting of a new session */
    ROLE_RESUME,         /* the greeting of a resumed session (optional; START otherwise) */
    ROLE_ASK_CAREER,     /* a career is needed and neither the text nor the context has one */
    ROLE_UNKNOWN_CAREER, /* the text names something that is not a career we know */
    ROLE_CAREER_ONLY,    /* no pattern matched, but the text names a career */
    ROLE_CLARIFY,        /* the name fits several careers about equally: "did you mean X or Y?" */
    ROLE_COUNT
} intent_role;

static const char *const role_names[ROLE_COUNT] = {
    "", "fallback", "start", "resume", "ask_career", "unknown_career", "career_only", "clarify_career",
};

typedef struct cond_tpl {
    tpl t;
    char *if_field;     /* used only when this career field is present (owned, may be NULL) */
    char *unless_field; /* used only when it is absent (owned, may be NULL) */
} cond_tpl;

typedef struct quick_tpl {
    tpl label, text;
    char *if_field; /* owned, may be NULL */
} quick_tpl;

/* Commands of the career test that an intent can run (see intents/test.json). */
typedef enum test_cmd {
    TC_NONE, TC_START, TC_START_FULL, TC_RESUME, TC_PAUSE, TC_BACK, TC_RESTART, TC_RESULTS, TC_STRETCH, TC_STEPDOWN,
    TC_WHY, TC_COUNT
} test_cmd;

static const char *const test_names[TC_COUNT] = {
    "", "start", "start_full", "resume", "pause", "back", "restart", "results", "stretch", "stepdown", "why",
};

typedef enum list_from { LF_NONE, LF_RELATED, LF_SPECIALISATIONS, LF_RECENT, LF_CANDIDATES } list_from;

typedef struct intent {
    char *id;
    char *file;
    int line;
    int priority;
    career_mode career;
    bool sets_topic;     /* remember as the session's topic */
    bool repeat_topic;   /* answer the session's topic about the named career */
    intent_role role;
    pcre2_code **pats;
    size_t n_pats;
    char **keywords;     /* prefilter: at least one must occur in the normalised text */
    size_t n_keywords;
    int *kw_ids;         /* the keywords' ids in the engine's scanner */
    size_t min_len;      /* shortest text any pattern can match */
    cond_tpl *resp;
    size_t n_resp;
    quick_tpl *quick;
    size_t n_quick;
    char *action;        /* passed to the client of the engine with the reply (e.g. "forget"), or NULL */
    char **examples;     /* messages this intent must answer (checked by engine_check) */
    int *example_lines;
    size_t n_examples;
    int *pat_lines;      /* line of each pattern */
    int *pat_jit;        /* pcre2_jit_compile's result for each pattern (0: compiled) */
    test_cmd test;       /* a command of the career test, or TC_NONE */
    bool compare;        /* needs two careers: {career.*} and {other.*} */
    bool compare_named;  /* "compare": "named": only when the message itself names both */
    char **next;         /* "next_topic": intent ids; answer the one after the session's topic */
    int *next_idx;       /* next resolved to intent indexes, after sorting */
    size_t n_next;
    bool browse;         /* lists the careers of a field (content/fields.json) named in the message */
    bool unless_career;  /* not when the message names a career ("I've no idea what to do, but what
                            does an electrician do?") */
    bool when_test;      /* only while the career test is running */
    list_from list;      /* quick replies generated from careers */
    tpl list_label, list_text;
    size_t list_max;
} intent;

struct engine {
    content *c;
    quiz *quiz;               /* the career test, or NULL when content/test is missing */
    intent *intents;          /* in dispatch order: priority, then file order */
    size_t n_intents;
    int roles[ROLE_COUNT];    /* intent index per role, or -1 */
    char **refs;              /* words that point back at the last career: it, they, that job */
    names *vocab;             /* words the patterns rely on, for spelling correction; or NULL */
    kwscan *kw;               /* every intent's keywords, found in one pass over a message */
    int **kw_intents;         /* per keyword id: the intents that list it, -1 ended */
    int *free_intents;        /* intents without keywords (always tried), -1 ended */
    char **job_words;         /* endings of job titles ("er", "ist", "nurse"), for unknown careers */
    size_t n_job_words;
    size_t n_refs;
    pcre2_match_context *mctx;
    uint32_t max_captures;
    strmap msg_ids;           /* message key -> index in msgs */
    char **msgs;              /* the texts of intents files' "messages" (owned) */
    size_t n_msgs;
    engine_log_fn log;
    void *log_ud;
};

struct engine_session {
    int career;               /* the last career talked about, or -1 */
    int recent[ENGINE_RECENT];/* most recent first */
    size_t n_recent;
    int topic;                /* intent of the last career question, or -1 */
    int pending;              /* intent waiting for the user to name a career, or -1 */
    unsigned turns;
    quiz_state qs;            /* the career test */
    pcre2_match_data *md;     /* reused for every pattern of this session */
    uint8_t *kw_seen;         /* scratch of the keyword scan (kwscan_count bytes, kept zero) */
    uint8_t *cand;            /* scratch: intents already listed this turn (n_intents bytes, kept zero) */
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
    "id", "priority", "keywords", "patterns", "career", "topic", "repeat_topic", "role",
    "responses", "quick_replies", "quick_list", "comment", "action", "test", "when", "compare", "browse",
    "next_topic", "unless_career", "examples",
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
            bool engine_slot = (in->role == ROLE_CLARIFY && !strcmp(s->text, "options")) ||
                               (in->browse && (!strcmp(s->text, "field") || !strcmp(s->text, "count") || !strcmp(s->text, "list")));
            if (!found && in->role != ROLE_UNKNOWN_CAREER && !engine_slot)
                diag_report(L->d, file, line, "{slot.%s}: no pattern of this intent has a group (?<%s>...)",
                            s->text, s->text);
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
        static const char *const keys[] = {"label", "text", "if"};
        if (!cJSON_IsObject(q)) {
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, q), "a quick reply is {\"label\", \"text\"}");
            continue;
        }
        check_keys(L, q, keys, 3, "a quick reply");
        quick_tpl *qt = &in->quick[in->n_quick];
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(q, "label");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(q, "text");
        if (!label || !text) {
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, q), "a quick reply needs \"label\" and \"text\"");
            continue;
        }
        bool ok = compile_tpl(L, in, label, &qt->label, false);
        ok = compile_tpl(L, in, text, &qt->text, false) && ok;
        qt->if_field = field_name(L, q, "if");
        if (ok)
            in->n_quick++;
        else {
            tpl_free(&qt->label);
            tpl_free(&qt->text);
            free(qt->if_field);
            qt->if_field = NULL;
        }
    }
}

static void load_quick_list(struct loader *L, intent *in, const cJSON *ql)
{
    if (!ql)
        return;
    static const char *const keys[] = {"from", "label", "text", "max"};
    if (!cJSON_IsObject(ql)) {
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, ql), "\"quick_list\" must be an object");
        return;
    }
    check_keys(L, ql, keys, 4, "\"quick_list\"");
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
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, ql), "\"quick_list\" needs \"label\" and \"text\"");
        in->list = LF_NONE;
        return;
    }
    compile_tpl(L, in, label, &in->list_label, true);
    compile_tpl(L, in, text, &in->list_text, true);
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(ql, "max");
    in->list_max = ENGINE_MAX_QUICK;
    if (max) {
        if (!cJSON_IsNumber(max) || max->valueint < 1 || max->valueint > ENGINE_MAX_QUICK)
            diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, max), "\"max\" must be 1 to %d", ENGINE_MAX_QUICK);
        else
            in->list_max = (size_t)max->valueint;
    }
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
                        "unknown role \"%s\" (fallback, start, resume, ask_career, unknown_career, career_only, clarify_career)", role);
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
        if (strcmp(when, "test"))
            diag_report(L->d, file, jsondoc_line(L->doc, cJSON_GetObjectItemCaseSensitive(obj, "when")),
                        "\"when\" can only be \"test\", not \"%s\"", when);
        in->when_test = true;
    }
    const cJSON *cmp = cJSON_GetObjectItemCaseSensitive(obj, "compare");
    in->compare = cJSON_IsTrue(cmp) || (cJSON_IsString(cmp) && !strcmp(cmp->valuestring, "named"));
    in->compare_named = cJSON_IsString(cmp) && !strcmp(cmp->valuestring, "named");
    if (cmp && !cJSON_IsBool(cmp) && !in->compare_named)
        diag_report(L->d, file, jsondoc_line(L->doc, cmp), "\"compare\" is true, false or \"named\"");
    const cJSON *next = cJSON_GetObjectItemCaseSensitive(obj, "next_topic");
    if (next && (!cJSON_IsArray(next) || !cJSON_GetArraySize(next)))
        diag_report(L->d, file, jsondoc_line(L->doc, next), "\"next_topic\" must be a non-empty array of intent ids");
    const cJSON *nid;
    cJSON_ArrayForEach(nid, next)
    {
        if (!cJSON_IsString(nid)) {
            diag_report(L->d, file, jsondoc_line(L->doc, nid), "\"next_topic\" lists intent ids (strings)");
            continue;
        }
        in->next = xrealloc(in->next, (in->n_next + 1) * sizeof *in->next);
        in->next[in->n_next++] = xstrdup(nid->valuestring);
    }
    in->browse = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "browse"));
    in->unless_career = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, "unless_career"));
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

    const cJSON *pats = cJSON_GetObjectItemCaseSensitive(obj, "patterns");
    if (pats)
        load_patterns(L, in, pats);
    else if (in->role == ROLE_NONE)
        diag_report(L->d, file, in->line, "intent \"%s\" has no \"patterns\" and no \"role\"", in->id);
    load_keywords(L, in, cJSON_GetObjectItemCaseSensitive(obj, "keywords"));
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
        diag_report(L->d, jsondoc_path(L->doc), jsondoc_line(L->doc, vocab), "\"vocabulary\" must be an array of words");
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
        e->msgs = xrealloc(e->msgs, (e->n_msgs + 1) * sizeof *e->msgs);
        e->msgs[e->n_msgs] = xstrdup(m->valuestring);
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
        cJSON_ArrayForEach(it, list)
            load_intent(L, it);
    }
    jsondoc_free(L->doc);
    L->doc = NULL;
}

static void free_intent(intent *in)
{
    free(in->kw_ids);
    for (size_t i = 0; i < in->n_examples; i++)
        free(in->examples[i]);
    free(in->examples);
    free(in->example_lines);
    free(in->pat_lines);
    free(in->pat_jit);
    for (size_t i = 0; i < in->n_next; i++)
        free(in->next[i]);
    free(in->next);
    free(in->next_idx);
    free(in->id);
    free(in->action);
    free(in->file);
    for (size_t i = 0; i < in->n_pats; i++)
        pcre2_code_free(in->pats[i]);
    free(in->pats);
    for (size_t i = 0; i < in->n_keywords; i++)
        free(in->keywords[i]);
    free(in->keywords);
    for (size_t i = 0; i < in->n_resp; i++) {
        tpl_free(&in->resp[i].t);
        free(in->resp[i].if_field);
        free(in->resp[i].unless_field);
    }
    free(in->resp);
    for (size_t i = 0; i < in->n_quick; i++) {
        tpl_free(&in->quick[i].label);
        tpl_free(&in->quick[i].text);
        free(in->quick[i].if_field);
    }
    free(in->quick);
    tpl_free(&in->list_label);
    tpl_free(&in->list_text);
}

/* Dispatch order: higher priority first; equal priorities keep file order (qsort is not stable,
 * so the load position is the tie-breaker). */
struct ordered {
    intent in;
    size_t pos;
};

static int cmp_intent(const void *a, const void *b)
{
    const struct ordered *x = a, *y = b;
    if (x->in.priority != y->in.priority)
        return x->in.priority > y->in.priority ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void sort_intents(engine *e)
{
    struct ordered *o = xcalloc(e->n_intents ? e->n_intents : 1, sizeof *o);
    for (size_t i = 0; i < e->n_intents; i++)
        o[i].in = e->intents[i], o[i].pos = i;
    qsort(o, e->n_intents, sizeof *o, cmp_intent);
    for (int r = 0; r < ROLE_COUNT; r++)
        e->roles[r] = -1;
    for (size_t i = 0; i < e->n_intents; i++) {
        e->intents[i] = o[i].in;
        if (e->intents[i].role != ROLE_NONE)
            e->roles[e->intents[i].role] = (int)i;
    }
    free(o);
}

engine *engine_new(const engine_opts *opts)
{
    diag d = {opts->diag, opts->diag_ud, 0};
    engine *e = xcalloc(1, sizeof *e);
    e->log = opts->log;
    e->log_ud = opts->log_ud;
    for (int r = 0; r < ROLE_COUNT; r++)
        e->roles[r] = -1;
    e->c = content_load(opts->content_dir, opts->onet_dir, &d);
    if (!e->c) {
        /* Intents are still checked, so `careerbot check` reports every problem at once; their
         * career field names do not depend on the content. */
    }
    char items[4096];
    snprintf(items, sizeof items, "%s/test/items.json", opts->content_dir);
    FILE *qf = fopen(items, "rb");
    if (qf) {
        fclose(qf);
        e->quiz = quiz_load(opts->content_dir, &d);
    }
    struct loader L = {e, &d, NULL, {0}, 0};
    char **files = NULL;
    int n_files = util_list_json(opts->intents_dir, &files);
    if (n_files < 0) {
        diag_report(&d, opts->intents_dir, 0, "cannot open the intents folder");
    } else {
        for (int i = 0; i < n_files; i++) {
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", opts->intents_dir, files[i]);
            load_intent_file(&L, path);
        }
        util_free_list(files, n_files);
        if (n_files == 0)
            diag_report(&d, opts->intents_dir, 0, "no intent files (*.json) found");
    }
    strmap_free(&L.ids);
    static const intent_role needed[] = {ROLE_FALLBACK, ROLE_START, ROLE_ASK_CAREER, ROLE_UNKNOWN_CAREER,
                                         ROLE_CAREER_ONLY, ROLE_CLARIFY};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (e->roles[needed[i]] < 0 && n_files >= 0)
            diag_report(&d, opts->intents_dir, 0, "no intent has \"role\": \"%s\"", role_names[needed[i]]);
    for (size_t i = 0; i < e->n_intents && !e->quiz; i++)
        if (e->intents[i].test)
            diag_report(&d, e->intents[i].file, e->intents[i].line,
                        "intent \"%s\" runs the career test, but %s/test/items.json is missing", e->intents[i].id,
                        opts->content_dir);
    if (e->roles[ROLE_CAREER_ONLY] >= 0 && e->intents[e->roles[ROLE_CAREER_ONLY]].career == CM_NONE)
        diag_report(&d, e->intents[e->roles[ROLE_CAREER_ONLY]].file, e->intents[e->roles[ROLE_CAREER_ONLY]].line,
                    "the career_only intent must take a career (\"career\": \"required\")");
    if (d.errors) {
        engine_free(e);
        return NULL;
    }
    sort_intents(e);
    for (size_t i = 0; i < e->n_intents; i++) {
        intent *in = &e->intents[i];
        in->next_idx = in->n_next ? xcalloc(in->n_next, sizeof *in->next_idx) : NULL;
        for (size_t k = 0; k < in->n_next; k++) {
            size_t j = 0;
            while (j < e->n_intents && strcmp(e->intents[j].id, in->next[k]))
                j++;
            in->next_idx[k] = j < e->n_intents ? (int)j : -1;
            if (j == e->n_intents || e->intents[j].career == CM_NONE || e->intents[j].n_next)
                diag_report(&d, in->file, in->line, "next_topic \"%s\" is not an intent that answers about a career",
                            in->next[k]);
        }
    }
    if (d.errors) {
        engine_free(e);
        return NULL;
    }
    if (e->vocab)
        names_finish(e->vocab);
    e->kw = kwscan_new();
    for (size_t i = 0; i < e->n_intents; i++) {
        intent *in = &e->intents[i];
        in->kw_ids = in->n_keywords ? xcalloc(in->n_keywords, sizeof *in->kw_ids) : NULL;
        for (size_t k = 0; k < in->n_keywords; k++)
            in->kw_ids[k] = kwscan_add(e->kw, in->keywords[k]);
    }
    kwscan_finish(e->kw);
    size_t n_kw = kwscan_count(e->kw);
    e->kw_intents = xcalloc(n_kw ? n_kw : 1, sizeof *e->kw_intents);
    size_t *fill = xcalloc(n_kw ? n_kw : 1, sizeof *fill);
    e->free_intents = xcalloc(e->n_intents + 1, sizeof *e->free_intents);
    size_t n_free = 0;
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        if (!in->n_keywords && in->n_pats)
            e->free_intents[n_free++] = (int)i;
        for (size_t k = 0; k < in->n_keywords; k++) {
            size_t id = (size_t)in->kw_ids[k];
            if (fill[id] && e->kw_intents[id][fill[id] - 1] == (int)i)
                continue; /* the same keyword twice in one intent */
            e->kw_intents[id] = xrealloc(e->kw_intents[id], (fill[id] + 2) * sizeof **e->kw_intents);
            e->kw_intents[id][fill[id]++] = (int)i;
            e->kw_intents[id][fill[id]] = -1;
        }
    }
    e->free_intents[n_free] = -1;
    free(fill);
    e->mctx = pattern_context_new(opts->match_limit);
    if (!e->mctx)
        util_oom("match context", 0);
    return e;
}

void engine_free(engine *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n_intents; i++)
        free_intent(&e->intents[i]);
    free(e->intents);
    for (size_t i = 0; i < e->n_refs; i++)
        free(e->refs[i]);
    free(e->refs);
    content_free(e->c);
    names_free(e->vocab);
    for (size_t i = 0; e->kw_intents && i < kwscan_count(e->kw); i++)
        free(e->kw_intents[i]);
    free(e->kw_intents);
    free(e->free_intents);
    kwscan_free(e->kw);
    for (size_t i = 0; i < e->n_job_words; i++)
        free(e->job_words[i]);
    free(e->job_words);
    quiz_free(e->quiz);
    pcre2_match_context_free(e->mctx);
    for (size_t i = 0; i < e->n_msgs; i++)
        free(e->msgs[i]);
    free(e->msgs);
    strmap_free(&e->msg_ids);
    free(e);
}

size_t engine_career_count(const engine *e)
{
    return content_count(e->c);
}

bool engine_career_soc(const engine *e, const char *id, const char *code)
{
    int k = content_find_id(e->c, id);
    const char *soc = k < 0 ? NULL : cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(content_record(e->c, (size_t)k), "soc"));
    return soc && !strcmp(soc, code);
}

bool engine_career_named(const engine *e, const char *id, const char *name)
{
    int k = content_find_id(e->c, id);
    if (k < 0)
        return false;
    size_t na;
    const text_abbrev *ab = content_abbrevs(e->c, &na);
    sbuf want = SBUF_INIT, have = SBUF_INIT;
    text_name_key(name, ab, na, &want);
    const cJSON *rec = content_record(e->c, (size_t)k);
    bool found = false;
    text_name_key(content_title(e->c, (size_t)k), ab, na, &have);
    found = !strcmp(sbuf_str(&want), sbuf_str(&have));
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "other_names"))
    {
        sbuf_reset(&have);
        text_name_key(it->valuestring, ab, na, &have);
        found = found || !strcmp(sbuf_str(&want), sbuf_str(&have));
    }
    sbuf_free(&want);
    sbuf_free(&have);
    return found;
}

size_t engine_intent_count(const engine *e)
{
    return e->n_intents;
}

const char *engine_message(const engine *e, const char *key)
{
    int k = strmap_get(&e->msg_ids, key, strlen(key));
    return k < 0 ? NULL : e->msgs[k];
}

/* ===================== Sessions ===================== */

engine_session *engine_session_new(const engine *e)
{
    engine_session *s = xcalloc(1, sizeof *s);
    s->career = s->topic = s->pending = -1;
    quiz_state_init(&s->qs);
    s->md = pcre2_match_data_create(e->max_captures + 1, NULL);
    s->kw_seen = xcalloc(kwscan_count(e->kw) + 1, 1);
    s->cand = xcalloc(e->n_intents + 1, 1);
    if (!s->md)
        util_oom("match data", 0);
    return s;
}

void engine_session_free(engine_session *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    free(s->kw_seen);
    free(s->cand);
    free(s);
}

unsigned engine_session_turns(const engine_session *s)
{
    return s->turns;
}

static int intent_by_id(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->n_intents; i++)
        if (!strcmp(e->intents[i].id, id))
            return (int)i;
    return -1;
}

/* Written straight into a buffer (no cJSON tree): the server saves a session after every turn. */
char *engine_session_save(const engine *e, const engine_session *s)
{
    sbuf b = SBUF_INIT;
    sbuf_puts(&b, "{\"v\":1");
    if (s->career >= 0) {
        sbuf_puts(&b, ",\"career\":");
        sbuf_json_str(&b, content_id(e->c, (size_t)s->career));
    }
    sbuf_puts(&b, ",\"recent\":[");
    for (size_t i = 0; i < s->n_recent; i++) {
        if (i)
            sbuf_putc(&b, ',');
        sbuf_json_str(&b, content_id(e->c, (size_t)s->recent[i]));
    }
    sbuf_putc(&b, ']');
    if (s->topic >= 0) {
        sbuf_puts(&b, ",\"topic\":");
        sbuf_json_str(&b, e->intents[s->topic].id);
    }
    if (s->pending >= 0) {
        sbuf_puts(&b, ",\"pending\":");
        sbuf_json_str(&b, e->intents[s->pending].id);
    }
    sbuf_printf(&b, ",\"turns\":%u", s->turns);
    if (e->quiz && s->qs.phase != QP_OFF) {
        sbuf_puts(&b, ",\"test\":");
        quiz_state_write(e->quiz, &s->qs, &b);
    }
    sbuf_putc(&b, '}');
    return sbuf_steal(&b);
}

engine_session *engine_session_load(const engine *e, const char *blob, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(blob, len);
    if (!cJSON_IsObject(o) || cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "v")) != 1) {
        cJSON_Delete(o);
        return NULL;
    }
    engine_session *s = engine_session_new(e);
    const char *v;
    if ((v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "career"))))
        s->career = content_find_id(e->c, v);
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "recent"))
    {
        int k = cJSON_IsString(it) ? content_find_id(e->c, it->valuestring) : -1;
        if (k >= 0 && s->n_recent < ENGINE_RECENT)
            s->recent[s->n_recent++] = k;
    }
    if ((v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "topic"))))
        s->topic = intent_by_id(e, v);
    if ((v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "pending"))))
        s->pending = intent_by_id(e, v);
    double t = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "turns"));
    if (t >= 0 && t < 4e9)
        s->turns = (unsigned)t;
    if (e->quiz)
        quiz_state_load(e->quiz, &s->qs, cJSON_GetObjectItemCaseSensitive(o, "test"));
    cJSON_Delete(o);
    return s;
}

/* ===================== Answering ===================== */

struct slot {
    const char *name; /* borrowed from the pattern's name table */
    size_t start, end;
};

/* What one message turned into: the intent, the career, and the slots of the match. */
struct turn {
    const char *norm;
    size_t norm_len;
    text_words words;
    struct slot slots[MAX_SLOTS];
    size_t n_slots;
    size_t name_start, name_end;    /* bytes of the career name found in the message (0, 0: none) */
    int other;                      /* the second career of a comparison, or -1 */
    bool loose;                     /* the matching pattern said (*MARK:loose) */
    bool other_first;               /* the second career of a comparison was named before the first */
    const int *order;               /* the intents worth trying, in dispatch order (keyword prefilter) */
    size_t n_order;
    int field;                      /* the field being browsed, or -1 */
    sbuf list;                      /* the careers of the field, one "- " line each */
    char count[16];                 /* how many careers the field has */
    const char *field_title;        /* borrowed from the content */
    int candidates[NAMES_MAX_ALTS]; /* careers a name could mean, for "did you mean" */
    size_t n_candidates;
    sbuf options;                   /* "X or Y", the candidates' titles */
};

static const char *slot_lookup(void *ud, const char *name, size_t *len)
{
    const struct turn *t = ud;
    if (!strcmp(name, "options") && t->options.len) {
        *len = t->options.len;
        return t->options.p;
    }
    if (t->field >= 0) {
        const char *v = !strcmp(name, "field") ? t->field_title : !strcmp(name, "count") ? t->count
                        : !strcmp(name, "list")  ? sbuf_str(&t->list)
                                                 : NULL;
        if (v) {
            *len = strlen(v);
            return v;
        }
    }
    for (size_t i = 0; i < t->n_slots; i++) {
        if (!strcmp(t->slots[i].name, name)) {
            /* Echo at most SLOT_ECHO_MAX bytes of what the user typed, cut on a character. */
            const char *v = t->norm + t->slots[i].start;
            size_t n = t->slots[i].end - t->slots[i].start;
            *len = n > SLOT_ECHO_MAX ? text_utf8_trim(v, SLOT_ECHO_MAX) : n;
            return v;
        }
    }
    return NULL;
}

/* Remembers the named groups set by the last match. */
static void capture_slots(const pcre2_code *re, pcre2_match_data *md, struct turn *t)
{
    uint32_t count = 0, esize = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &esize);
    pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    t->n_slots = 0;
    for (uint32_t i = 0; i < count && t->n_slots < MAX_SLOTS; i++) {
        const unsigned char *entry = table + i * esize;
        uint32_t group = ((uint32_t)entry[0] << 8) | entry[1];
        if (group >= pairs || ov[2 * group] == PCRE2_UNSET || ov[2 * group + 1] <= ov[2 * group])
            continue;
        t->slots[t->n_slots].name = (const char *)(entry + 2);
        t->slots[t->n_slots].start = ov[2 * group];
        t->slots[t->n_slots].end = ov[2 * group + 1];
        t->n_slots++;
    }
}

static bool intent_matches(const engine *e, const intent *in, engine_session *s, struct turn *t)
{
    if (t->norm_len < in->min_len)
        return false;
    for (size_t p = 0; p < in->n_pats; p++) {
        int rc = pattern_match(in->pats[p], t->norm, t->norm_len, s->md, e->mctx);
        if (rc >= 0) {
            capture_slots(in->pats[p], s->md, t);
            /* (*MARK:loose): the slot may be anything ("what is the weather like?"), so it is an
             * unknown career only when it reads like a job title. */
            PCRE2_SPTR mark = pcre2_get_mark(s->md);
            t->loose = mark && !strcmp((const char *)mark, "loose");
            /* A topic word inside a career's name is part of the name, not the topic: "what does
             * an education administrator do?" is not a question about education. */
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
            if (!t->n_slots && t->name_end > t->name_start && ov[0] >= t->name_start && ov[1] <= t->name_end)
                continue;
            return true;
        }
        if (rc != PCRE2_ERROR_NOMATCH && e->log) {
            /* A limit hit counts as no match; say which pattern so it can be fixed. */
            PCRE2_UCHAR msg[128];
            pcre2_get_error_message(rc, msg, sizeof msg);
            char line[320];
            snprintf(line, sizeof line, "intent %s pattern %zu (%s:%d): %s; treated as no match", in->id, p + 1,
                     in->file, in->line, (const char *)msg);
            e->log(e->log_ud, 1, line);
        }
    }
    return false;
}

static bool is_reference(const engine *e, const text_words *w, size_t from, size_t to)
{
    if (from >= to)
        return true;
    for (size_t i = from; i < to; i++) {
        bool ref = false;
        for (size_t r = 0; r < e->n_refs && !ref; r++)
            ref = !strcmp(w->v[i].w, e->refs[r]);
        if (!ref)
            return false;
    }
    return true;
}

/* The words that lie inside bytes [start, end) of the normalised text. */
static void words_in_span(const text_words *w, size_t start, size_t end, size_t *from, size_t *to)
{
    size_t i = 0;
    while (i < w->n && w->v[i].start < start)
        i++;
    size_t j = i;
    while (j < w->n && w->v[j].end <= end)
        j++;
    *from = i;
    *to = j;
}

enum career_outcome { CO_FOUND, CO_NONE, CO_UNKNOWN, CO_AMBIGUOUS };

/* A name that fits several careers: remember them for "did you mean". */
static enum career_outcome take_hit(const names_hit *h, struct turn *t, int *career)
{
    *career = h->career;
    if (h->n_alts < 2)
        return CO_FOUND;
    memcpy(t->candidates, h->alts, h->n_alts * sizeof *h->alts);
    t->n_candidates = h->n_alts;
    return CO_AMBIGUOUS;
}

/* Whether a (*MARK:loose) pattern's career slot holds more than the career's name ("what is the
 * salery of a nurse": the slot is "salery of a nurse"): the pattern then only guessed the topic. */
static bool loose_slot_guessed(const engine *e, struct turn *t)
{
    if (!t->loose)
        return false;
    for (size_t i = 0; i < t->n_slots; i++) {
        if (strcmp(t->slots[i].name, "career"))
            continue;
        size_t from, to;
        words_in_span(&t->words, t->slots[i].start, t->slots[i].end, &from, &to);
        names_hit h;
        return from < to && content_find_name(e->c, &t->words, from, to, &h) && (h.from > from || h.to < to);
    }
    return false;
}

/* Which career a matched intent is about: the one its career slot names, else one named anywhere
 * in the message, else the last one of the session. */
static enum career_outcome resolve_career(const engine *e, const engine_session *s, struct turn *t,
                                          const names_hit *mention, bool allow_context, int *career)
{
    for (size_t i = 0; i < t->n_slots; i++) {
        if (strcmp(t->slots[i].name, "career"))
            continue;
        size_t from, to;
        words_in_span(&t->words, t->slots[i].start, t->slots[i].end, &from, &to);
        names_hit h;
        if (content_find_name(e->c, &t->words, from, to, &h))
            return take_hit(&h, t, career);
        if (is_reference(e, &t->words, from, to)) {
            if (mention) /* "data engineers, what do they do?" */
                return take_hit(mention, t, career);
            *career = s->career;
            return s->career >= 0 ? CO_FOUND : CO_NONE;
        }
        return CO_UNKNOWN;
    }
    if (mention)
        return take_hit(mention, t, career);
    if (!allow_context)
        return CO_UNKNOWN;
    *career = s->career;
    return *career >= 0 ? CO_FOUND : CO_NONE;
}

/* Whether the career slot of this turn reads like a job title ("data analyst", "beekeepers"), by the
 * endings of intents' "job_words": asked of slots of patterns marked (*MARK:loose), where "what's the
 * weather like" is no career we lack, just off topic. Without job_words, any slot counts. */
static bool looks_like_career(const engine *e, const struct turn *t)
{
    if (!e->n_job_words)
        return true;
    for (size_t i = 0; i < t->n_slots; i++) {
        if (strcmp(t->slots[i].name, "career"))
            continue;
        size_t from, to;
        words_in_span(&t->words, t->slots[i].start, t->slots[i].end, &from, &to);
        if (from >= to || to - from > 5)
            return false;
        const char *w = t->words.v[to - 1].w;
        size_t wl = strlen(w);
        for (size_t k = 0; k < e->n_job_words; k++) {
            size_t kl = strlen(e->job_words[k]);
            if (kl <= wl && !strcmp(w + wl - kl, e->job_words[k]))
                return true;
        }
        return false;
    }
    return false;
}

static void remember_career(engine_session *s, int career)
{
    s->career = career;
    size_t i;
    for (i = 0; i < s->n_recent && s->recent[i] != career; i++)
        ;
    if (i == s->n_recent && s->n_recent < ENGINE_RECENT)
        s->n_recent++;
    if (i == ENGINE_RECENT)
        i = ENGINE_RECENT - 1;
    memmove(&s->recent[1], &s->recent[0], i * sizeof s->recent[0]);
    s->recent[0] = career;
}

static bool cond_ok(const content *c, int career, const char *if_field, const char *unless_field)
{
    if (if_field && !tpl_field_present(c, career, if_field))
        return false;
    if (unless_field && tpl_field_present(c, career, unless_field))
        return false;
    return true;
}

static void add_quick(engine_reply *out, sbuf *label, sbuf *text)
{
    if (out->n_quick >= ENGINE_MAX_QUICK || !label->len || !text->len)
        return;
    for (size_t i = 0; i < out->n_quick; i++)
        if (!strcmp(out->quick[i].text, text->p))
            return; /* no duplicate buttons */
    out->quick[out->n_quick].label = xstrdup(label->p);
    out->quick[out->n_quick].text = xstrdup(text->p);
    out->n_quick++;
}

/* Fills out from intent idx about career (or -1). */
static void render_reply(const engine *e, engine_session *s, int idx, int career, struct turn *t, engine_reply *out)
{
    const intent *in = &e->intents[idx];
    tpl_ctx ctx = {e->c, career, -1, t->other, slot_lookup, t};
    /* Pick among the responses that suit this career, turning through them as the session goes on
     * so a repeated question does not get the very same words. */
    size_t fit[64], n_fit = 0;
    for (size_t i = 0; i < in->n_resp && n_fit < 64; i++)
        if (cond_ok(e->c, career, in->resp[i].if_field, in->resp[i].unless_field))
            fit[n_fit++] = i;
    sbuf text = SBUF_INIT;
    if (n_fit)
        tpl_render(&in->resp[fit[s->turns % n_fit]].t, &ctx, &text);
    out->text = sbuf_steal(&text);

    sbuf label = SBUF_INIT, qtext = SBUF_INIT;
    for (size_t i = 0; i < in->n_quick; i++) {
        if (!cond_ok(e->c, career, in->quick[i].if_field, NULL))
            continue;
        sbuf_reset(&label);
        sbuf_reset(&qtext);
        tpl_render(&in->quick[i].label, &ctx, &label);
        tpl_render(&in->quick[i].text, &ctx, &qtext);
        add_quick(out, &label, &qtext);
    }
    if (in->list != LF_NONE) {
        int items[ENGINE_MAX_QUICK * 2];
        size_t n_items = 0;
        const cJSON *it;
        if (in->list == LF_RECENT) {
            for (size_t i = 0; i < s->n_recent; i++)
                items[n_items++] = s->recent[i];
        } else if (in->list == LF_CANDIDATES) {
            for (size_t i = 0; i < t->n_candidates; i++)
                items[n_items++] = t->candidates[i];
        } else if (career >= 0) {
            const cJSON *arr = content_get(e->c, (size_t)career, in->list == LF_RELATED ? "related" : "specialisations");
            cJSON_ArrayForEach(it, arr)
            {
                const cJSON *ref = in->list == LF_RELATED ? it : cJSON_GetObjectItemCaseSensitive(it, "career");
                int k = cJSON_IsString(ref) ? content_find_id(e->c, ref->valuestring) : -1;
                if (k >= 0 && n_items < sizeof items / sizeof items[0])
                    items[n_items++] = k;
            }
        }
        size_t added = 0;
        for (size_t i = 0; i < n_items && added < in->list_max; i++) {
            if (items[i] == career)
                continue;
            ctx.item = items[i];
            sbuf_reset(&label);
            sbuf_reset(&qtext);
            tpl_render(&in->list_label, &ctx, &label);
            tpl_render(&in->list_text, &ctx, &qtext);
            size_t before = out->n_quick;
            add_quick(out, &label, &qtext);
            added += out->n_quick > before;
        }
    }
    sbuf_free(&label);
    sbuf_free(&qtext);
    out->intent = in->id;
    out->action = in->action;
    if (career >= 0) {
        out->career_id = content_id(e->c, (size_t)career);
        out->career_title = content_title(e->c, (size_t)career);
    }
}

/* ===================== The career test ===================== */

static void add_quick_str(engine_reply *out, const char *label, const char *text)
{
    sbuf l = SBUF_INIT, t = SBUF_INIT;
    sbuf_puts(&l, label);
    sbuf_puts(&t, text);
    add_quick(out, &l, &t);
    sbuf_free(&l);
    sbuf_free(&t);
}

/* Turns what the test said into the reply. */
static void quiz_reply(const engine *e, const quiz_out *qo, engine_reply *out, const char *intent_id)
{
    out->text = xstrdup(qo->text.p ? qo->text.p : "");
    for (int i = 0; i < qo->n_quick; i++)
        add_quick_str(out, qo->quick[i][0], qo->quick[i][1]);
    if (qo->n_careers) {
        /* Results: ask about the best match, or see the other levels. */
        char buf[256];
        const char *title = content_title(e->c, (size_t)content_find_id(e->c, qo->career_ids[0]));
        snprintf(buf, sizeof buf, "Why %s?", title);
        add_quick_str(out, buf, buf);
        snprintf(buf, sizeof buf, "Tell me about %s", title);
        add_quick_str(out, buf, buf);
        if (qo->n_careers > 1) {
            title = content_title(e->c, (size_t)content_find_id(e->c, qo->career_ids[1]));
            snprintf(buf, sizeof buf, "Tell me about %s", title);
            add_quick_str(out, buf, buf);
        }
        add_quick_str(out, "Stretch options", "Show stretch options");
        add_quick_str(out, "Step-down options", "Show step-down options");
        add_quick_str(out, "Retake the test", "Restart the test");
    }
    out->intent = intent_id;
    out->answered = qo->answered;
    out->total = qo->total;
    out->chart = qo->chart;
    memcpy(out->scores, qo->scores, sizeof out->scores);
}

/* Runs a test command of an intent. */
static void run_test(const engine *e, engine_session *s, test_cmd cmd, int career, quiz_out *qo)
{
    quiz_state tmp;
    switch (cmd) {
    case TC_START:
        /* Asking to take the test while it is paused picks it up again. */
        if (s->qs.phase == QP_PAUSED || quiz_active(&s->qs))
            quiz_resume(e->quiz, e->c, &s->qs, qo);
        else
            quiz_start(e->quiz, &s->qs, false, qo);
        break;
    case TC_START_FULL:
        quiz_start(e->quiz, &s->qs, true, qo);
        break;
    case TC_RESTART:
        quiz_start(e->quiz, &s->qs, s->qs.full, qo);
        break;
    case TC_RESUME:
        quiz_resume(e->quiz, e->c, &s->qs, qo);
        break;
    case TC_PAUSE:
        quiz_pause(e->quiz, &s->qs, qo);
        break;
    case TC_BACK:
        quiz_back(e->quiz, &s->qs, qo);
        break;
    case TC_RESULTS:
        quiz_results(e->quiz, e->c, &s->qs, qo);
        break;
    case TC_STRETCH:
    case TC_STEPDOWN:
        /* The same results one job zone up or down; the chosen zone stays as it was. */
        tmp = s->qs;
        if (tmp.phase == QP_DONE) {
            tmp.zone += cmd == TC_STRETCH ? 1 : -1;
            tmp.zone = tmp.zone < 1 ? 1 : tmp.zone > 5 ? 5 : tmp.zone;
        }
        quiz_results(e->quiz, e->c, &tmp, qo);
        break;
    case TC_WHY:
        quiz_why(e->quiz, e->c, &s->qs, career, qo);
        break;
    case TC_NONE:
    case TC_COUNT:
        break;
    }
}

/* The careers of the field being browsed: the first eight as lines, the first four as buttons. */
static void list_field(const engine *e, struct turn *t)
{
    int top[8];
    size_t total = content_field_careers(e->c, t->field, top, 8);
    size_t shown = total < 8 ? total : 8;
    t->field_title = content_field_title(e->c, t->field);
    snprintf(t->count, sizeof t->count, "%zu", total);
    for (size_t i = 0; i < shown; i++)
        sbuf_printf(&t->list, "%s- %s", i ? "\n" : "", content_title(e->c, (size_t)top[i]));
    if (total > shown)
        sbuf_printf(&t->list, "\n- ... and %zu more", total - shown);
    t->n_candidates = shown < NAMES_MAX_ALTS ? shown : NAMES_MAX_ALTS;
    for (size_t i = 0; i < t->n_candidates; i++)
        t->candidates[i] = top[i];
}

/* The second career of a comparison: another one named in the message, else the most recent other
 * career of the session (s NULL: none). Returns -1 when there is none. */
static int second_career(const engine *e, const engine_session *s, struct turn *t, const names_hit *mention,
                         int first)
{
    names_hit h;
    if (mention) {
        if (content_find_name(e->c, &t->words, mention->to, t->words.n, &h) && h.career != first)
            return h.career;
        if (content_find_name(e->c, &t->words, 0, mention->from, &h) && h.career != first) {
            t->other_first = true; /* named before the first: they are compared in the order asked */
            return h.career;
        }
    }
    for (size_t i = 0; s && i < s->n_recent; i++)
        if (s->recent[i] != first)
            return s->recent[i];
    return -1;
}

/* The career named in the slot "other" ("X or (?<other>Y)"), if it is not first; else -1. */
static int named_other(const engine *e, const struct turn *t, int first)
{
    for (size_t i = 0; i < t->n_slots; i++) {
        if (strcmp(t->slots[i].name, "other"))
            continue;
        size_t from, to;
        words_in_span(&t->words, t->slots[i].start, t->slots[i].end, &from, &to);
        names_hit h;
        if (from < to && content_find_name(e->c, &t->words, from, to, &h) && h.n_alts == 1 && h.career != first)
            return h.career;
    }
    return -1;
}

/* "X or Y" (or "X, Y or Z") from the candidates' titles. */
static void candidate_titles(const engine *e, struct turn *t)
{
    if (t->n_candidates > 3)
        t->n_candidates = 3; /* a question a person can answer at a glance */
    for (size_t i = 0; i < t->n_candidates; i++) {
        if (i)
            sbuf_puts(&t->options, i + 1 == t->n_candidates ? " or " : ", ");
        sbuf_puts(&t->options, content_title(e->c, (size_t)t->candidates[i]));
    }
}

/* Corrects misspelled pattern words ("salery" -> "salary") in the normalised text, in place. Words
 * of career names and stop words are left alone (career names have their own correction), and so are
 * words shorter than five letters. */
static bool fix_spelling(const engine *e, sbuf *norm)
{
    if (!e->vocab || !norm->len)
        return false;
    sbuf out = SBUF_INIT;
    size_t copied = 0;
    char w[40];
    for (size_t i = 0; i < norm->len;) {
        if (!(norm->p[i] >= 'a' && norm->p[i] <= 'z')) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < norm->len && norm->p[j] >= 'a' && norm->p[j] <= 'z')
            j++;
        bool whole = (i == 0 || (unsigned char)norm->p[i - 1] < 0x80) && (j == norm->len || (unsigned char)norm->p[j] < 0x80);
        if (whole && j - i >= 5 && j - i < sizeof w) { /* four-letter words have too many neighbours */
            memcpy(w, norm->p + i, j - i);
            w[j - i] = '\0';
            char one[40]; /* singular, as names are kept */
            memcpy(one, w, j - i + 1);
            one[text_singular(one, j - i)] = '\0';
            const char *fix = NULL;
            size_t wl = j - i;
            if (wl > 3 && w[wl - 2] == 'y' && w[wl - 1] == 's' && strchr("aeiou", w[wl - 3]) == NULL &&
                names_knows(e->vocab, one) && !content_knows_word(e->c, w))
                fix = one; /* "dutys", "salarys": the plural misspelt; the singular is the word */
            else if (!names_knows(e->vocab, w) && !names_knows(e->vocab, one) && !content_knows_word(e->c, one))
                fix = names_correct(e->vocab, w);
            if (fix) {
                sbuf_append(&out, norm->p + copied, i - copied);
                sbuf_puts(&out, fix);
                copied = j;
            }
        }
        i = j;
    }
    if (!copied) {
        sbuf_free(&out);
        return false;
    }
    sbuf_append(&out, norm->p + copied, norm->len - copied);
    sbuf_free(norm);
    *norm = out;
    return true;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int respond_one(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out,
                       bool spell)
{
    memset(out, 0, sizeof *out);
    if (len > ENGINE_MAX_INPUT)
        len = text_utf8_trim(text, ENGINE_MAX_INPUT);
    sbuf norm = SBUF_INIT;
    text_normalise(text, len, &norm);
    if (spell)
        fix_spelling(e, &norm);
    struct turn t;
    memset(&t, 0, sizeof t);
    /* The keyword prefilter, one pass: the keywords in the text give the intents worth trying. */
    int found[256];
    size_t n_found = 0;
    kwscan_run(e->kw, norm.p, norm.len, s->kw_seen, found, &n_found, sizeof found / sizeof found[0]);
    int order_stack[256];
    int *order = e->n_intents <= 256 ? order_stack : xmalloc(e->n_intents * sizeof *order);
    size_t n_order = 0;
    for (const int *f = e->free_intents; *f >= 0; f++)
        s->cand[*f] = 1, order[n_order++] = *f;
    for (size_t k = 0; k < n_found; k++) {
        for (const int *i = e->kw_intents[found[k]]; i && *i >= 0; i++)
            if (!s->cand[*i])
                s->cand[*i] = 1, order[n_order++] = *i;
        s->kw_seen[found[k]] = 0;
    }
    if (n_found == sizeof found / sizeof found[0])
        memset(s->kw_seen, 0, kwscan_count(e->kw)); /* more than we listed: clear it all */
    for (size_t k = 0; k < n_order; k++)
        s->cand[order[k]] = 0;
    qsort(order, n_order, sizeof *order, cmp_int);
    t.order = order;
    t.n_order = n_order;
    t.other = -1;
    t.field = -1;
    t.norm = norm.p;
    t.norm_len = norm.len;
    size_t na = 0;
    const text_abbrev *ab = content_abbrevs(e->c, &na);
    text_words_split(norm.p, norm.len, ab, na, &t.words);
    names_hit mention_hit;
    const names_hit *mention = content_find_name(e->c, &t.words, 0, t.words.n, &mention_hit) ? &mention_hit : NULL;
    if (mention) {
        t.name_start = t.words.v[mention->from].start;
        t.name_end = t.words.v[mention->to - 1].end;
    }

    /* During the career test, an answer to the question comes before any intent. */
    bool testing = e->quiz && quiz_active(&s->qs);
    quiz_out qo;
    quiz_out_init(&qo);
    if (testing) {
        int v = -2, z = 0;
        if (s->qs.phase == QP_ASKING && (v = quiz_parse_answer(e->quiz, norm.p, norm.len, s->md)) != -2)
            quiz_answer(e->quiz, e->c, &s->qs, v, &qo);
        else if (s->qs.phase == QP_EDUCATION && (z = quiz_parse_zone(e->quiz, norm.p, norm.len, s->md)) > 0)
            quiz_zone(e->quiz, e->c, &s->qs, z, &qo);
        if (v != -2 || z > 0) {
            quiz_reply(e, &qo, out, "test.answer");
            goto done;
        }
    }

    int chosen = -1, career = -1, answer_as = -1;
    struct slot unknown_slots[MAX_SLOTS];
    size_t n_unknown = 0;
    int unknown_idx = -1;
    for (size_t k = 0; k < t.n_order && chosen < 0; k++) {
        size_t i = (size_t)t.order[k];
        const intent *in = &e->intents[i];
        if (!in->n_pats || (in->when_test && !testing) || (in->unless_career && mention) ||
            !intent_matches(e, in, s, &t))
            continue;
        if (in->browse) {
            /* A field only counts when no career is named: "jobs like a nurse" is not browsing; but
             * "careers in nursing" is, though "nursing" names the nurse's discipline, when the
             * field's name covers the discipline's ("careers like prompt engineering" is not). */
            size_t fat, flen;
            if ((mention && mention->strength != CONTENT_NAME_DISCIPLINE) ||
                (t.field = content_field_find(e->c, t.norm, &fat, &flen)) < 0 ||
                (mention && (fat > t.name_start || fat + flen < t.name_end))) {
                t.field = -1;
                continue;
            }
            list_field(e, &t);
            chosen = (int)i;
            break;
        }
        if (in->career == CM_NONE) {
            chosen = (int)i;
            break;
        }
        /* Once the message has named a career we do not know ("become a data analyst"), a later
         * intent must not answer about the previous career instead. */
        enum career_outcome co = resolve_career(e, s, &t, mention, unknown_idx < 0, &career);
        if (co == CO_UNKNOWN) {
            if (unknown_idx < 0 && (!t.loose || looks_like_career(e, &t))) {
                unknown_idx = (int)i;
                memcpy(unknown_slots, t.slots, sizeof t.slots);
                n_unknown = t.n_slots;
            }
            career = -1;
            continue;
        }
        if (in->compare_named && (co != CO_FOUND || (t.other = named_other(e, &t, career)) < 0)) {
            career = -1; /* "X or Y?" compares only when both are careers */
            t.other = -1;
            continue;
        }
        if (co == CO_FOUND && in->compare && (t.other = second_career(e, s, &t, mention, career)) < 0)
            co = CO_NONE; /* a comparison needs two careers: ask for one */
        if (co == CO_AMBIGUOUS || (co == CO_NONE && in->career == CM_REQUIRED)) {
            /* Ask which career (or which of these), and answer this question once the user says. */
            s->pending = in->repeat_topic ? s->topic : (int)i;
            chosen = e->roles[co == CO_AMBIGUOUS ? ROLE_CLARIFY : ROLE_ASK_CAREER];
            career = -1;
            break;
        }
        chosen = (int)i;
    }
    if (chosen < 0 && unknown_idx >= 0) {
        chosen = e->roles[ROLE_UNKNOWN_CAREER];
        memcpy(t.slots, unknown_slots, sizeof t.slots);
        t.n_slots = n_unknown;
    } else if (chosen < 0 && mention) {
        /* Just a career name ("nurse", "data engineers?"): answer what was asked before, if the
         * bot had asked which career, else describe it. */
        t.n_slots = 0;
        if (take_hit(mention, &t, &career) == CO_AMBIGUOUS) {
            chosen = e->roles[ROLE_CLARIFY];
            career = -1;
            if (s->pending < 0)
                s->pending = e->roles[ROLE_CAREER_ONLY];
        } else {
            out->name_only = s->pending < 0;
            chosen = s->pending >= 0 ? s->pending : e->roles[ROLE_CAREER_ONLY];
        }
    } else if (chosen < 0) {
        chosen = e->roles[ROLE_FALLBACK];
    }
    answer_as = chosen;
    if (loose_slot_guessed(e, &t))
        out->name_only = true;
    const intent *in = &e->intents[chosen];
    if (in->test && e->quiz) {
        run_test(e, s, in->test, career, &qo);
        quiz_reply(e, &qo, out, in->id);
        s->pending = -1;
        if (career >= 0)
            remember_career(s, career);
        goto done;
    }
    if (testing && chosen == e->roles[ROLE_FALLBACK]) {
        /* Not an answer and not a question: ask again; never guess. */
        quiz_reask(e->quiz, &s->qs, &qo);
        quiz_reply(e, &qo, out, "test.reask");
        goto done;
    }
    if (in->repeat_topic) {
        answer_as = s->topic >= 0 ? s->topic : e->roles[ROLE_CAREER_ONLY];
        t.n_slots = 0;
    } else if (in->n_next) {
        /* "Tell me more": the topic after the last one, in the intent's order. */
        size_t k = 0;
        while (k < in->n_next && in->next_idx[k] != s->topic)
            k++;
        answer_as = in->next_idx[k < in->n_next ? (k + 1) % in->n_next : 0];
        t.n_slots = 0;
    }
    if (e->intents[answer_as].career == CM_NONE)
        career = -1;
    if (career >= 0 && e->intents[answer_as].compare && t.other < 0 &&
        (t.other = second_career(e, s, &t, mention, career)) < 0) {
        /* "compare" answered with one career: keep it, and ask for the other. */
        remember_career(s, career);
        s->pending = answer_as;
        chosen = answer_as = e->roles[ROLE_ASK_CAREER];
        career = -1;
    }
    if (chosen != e->roles[ROLE_ASK_CAREER] && chosen != e->roles[ROLE_CLARIFY])
        s->pending = -1;
    if (chosen == e->roles[ROLE_CLARIFY])
        candidate_titles(e, &t);
    if (t.other_first && t.other >= 0 && career >= 0) {
        int first = t.other;
        t.other = career;
        career = first;
    }
    render_reply(e, s, answer_as, career, &t, out);
    out->fallback = chosen == e->roles[ROLE_FALLBACK];
    if (in->action && !strcmp(in->action, "forget")) {
        /* The client deletes what it stored; the engine forgets the conversation too. */
        unsigned turns = s->turns;
        pcre2_match_data *md = s->md;
        uint8_t *kw_seen = s->kw_seen, *cand = s->cand;
        memset(s, 0, sizeof *s);
        s->md = md;
        s->kw_seen = kw_seen;
        s->cand = cand;
        s->career = s->topic = s->pending = -1;
        quiz_state_init(&s->qs);
        s->turns = turns;
        career = -1;
        t.other = -1;
    }
    /* The intent that was asked: when the bot asks which career, the question waiting for it. */
    out->matched = (chosen == e->roles[ROLE_ASK_CAREER] || chosen == e->roles[ROLE_CLARIFY]) && s->pending >= 0
                       ? e->intents[s->pending].id
                       : e->intents[chosen].id;
    if (t.other >= 0 && career >= 0)
        remember_career(s, t.other); /* both are recent now; the first stays "they" */
    if (career >= 0) {
        remember_career(s, career);
        if (e->intents[answer_as].sets_topic)
            s->topic = answer_as;
    }
    if (testing) {
        /* A side question during the test: answer it, then come back to the question. */
        quiz_back_to_test(e->quiz, &s->qs, &qo);
        sbuf both = SBUF_INIT;
        sbuf_puts(&both, out->text);
        sbuf_puts(&both, "\n\n");
        sbuf_puts(&both, qo.text.p);
        free(out->text);
        out->text = sbuf_steal(&both);
        for (size_t i = 0; i < out->n_quick; i++) {
            free(out->quick[i].label);
            free(out->quick[i].text);
        }
        out->n_quick = 0;
        for (int i = 0; i < qo.n_quick; i++)
            add_quick_str(out, qo.quick[i][0], qo.quick[i][1]);
        out->answered = qo.answered;
        out->total = qo.total;
    }
done:
    s->turns++;
    quiz_out_free(&qo);
    text_words_free(&t.words);
    sbuf_free(&t.options);
    sbuf_free(&t.list);
    sbuf_free(&norm);
    if (order != order_stack)
        free(order);
    return 0;
}

/* ===================== Misspelled pattern words: a second reading ===================== */

/* An answer that only guessed: nothing understood, just a career name described, or a question
 * about no career. */
static bool weak(const engine *e, const engine_reply *r)
{
    return r->fallback || r->name_only || r->intent == e->intents[e->roles[ROLE_ASK_CAREER]].id;
}

static bool spelling_would_change(const engine *e, const char *text, size_t len)
{
    sbuf norm = SBUF_INIT;
    text_normalise(text, len, &norm);
    bool changed = fix_spelling(e, &norm);
    sbuf_free(&norm);
    return changed;
}

/* Reads the text as written; when that gives only a weak answer and correcting misspelled pattern
 * words ("salery" -> "salary") changes it, reads it again corrected, and keeps the corrected
 * answer only if it is not weak too. So a correction never turns an ordinary English word into a
 * keyword ("monkey" is not "money") unless that is the only sense the message makes. */
static int respond_checked(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out)
{
    if (len > ENGINE_MAX_INPUT)
        len = text_utf8_trim(text, ENGINE_MAX_INPUT);
    if (!e->vocab || (e->quiz && quiz_active(&s->qs)))
        return respond_one(e, s, text, len, out, false);
    engine_session before = *s;
    respond_one(e, s, text, len, out, false);
    if (!weak(e, out) || !spelling_would_change(e, text, len))
        return 0;
    engine_session after = *s;
    *s = before;
    engine_reply second;
    respond_one(e, s, text, len, &second, true);
    if (weak(e, &second)) {
        engine_reply_clear(&second);
        *s = after;
        return 0;
    }
    engine_reply_clear(out);
    *out = second;
    return 0;
}

/* ===================== Several questions in one message ===================== */

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

/* Whether text[at..] starts with a question word followed by a space. */
static bool question_word_at(const char *text, size_t len, size_t at)
{
    static const char *const qw[] = {"how", "what", "what's", "whats", "where", "which", "who", "why", "when",
                                     "is", "are", "do", "does", "can", "could", "should", "would", "will", "any"};
    for (size_t k = 0; k < sizeof qw / sizeof qw[0]; k++) {
        size_t n = strlen(qw[k]);
        if (at + n < len && !strncasecmp(text + at, qw[k], n) && text[at + n] == ' ')
            return true;
    }
    return false;
}

static size_t count_words(const char *p, size_t n)
{
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        if (is_letter(p[i]) && (i == 0 || !is_letter(p[i - 1])))
            words++;
    return words;
}

/* Finds where a second question starts: after a "?" followed by more words, or at " and " / ". "
 * followed by a question word ("how much do nurses make and how long is the training?"). The first
 * part must be a question itself (start with a question word, or end with "?"), and each part must
 * have two words or more. Sets *cut (end of the first) and *next (start of the second). */
static bool split_questions(const char *text, size_t len, size_t *cut, size_t *next)
{
    size_t start = 0;
    while (start < len && !is_letter(text[start]))
        start++;
    bool first_asks = question_word_at(text, len, start);
    for (size_t i = start; i < len; i++) {
        size_t c = 0, n = 0;
        if (text[i] == '?') {
            c = i + 1;
            n = c;
            while (n < len && (text[n] == ' ' || text[n] == '?' || text[n] == '!' || text[n] == '.' || text[n] == ','))
                n++;
        } else if (first_asks && ((len - i >= 5 && !strncasecmp(text + i, " and ", 5)) ||
                                  (len - i >= 6 && !strncasecmp(text + i, ", and ", 6)) ||
                                  (len - i >= 2 && !strncmp(text + i, ". ", 2)))) {
            /* text is len bytes, not a C string: never compare past its end. */
            c = i;
            n = i + (text[i] == ',' ? 6 : text[i] == '.' ? 2 : 5);
            if (!question_word_at(text, len, n))
                continue;
        } else {
            continue;
        }
        if (count_words(text + start, c - start) >= 2 && count_words(text + n, len - n) >= 2) {
            *cut = c;
            *next = n;
            return true;
        }
        if (text[i] == '?')
            return false; /* "...?" followed by little: one question */
    }
    return false;
}

/* In a long message the question is usually the last clause ("... so I was wondering, what does an
 * electrician do?"): where it starts, when the message ends with "?" and it has three words or more. */
static bool last_question(const char *text, size_t len, size_t *from)
{
    size_t end = len;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r'))
        end--;
    if (!end || text[end - 1] != '?')
        return false;
    for (size_t i = end - 1; i > 0; i--) {
        char c = text[i - 1];
        if ((c == ',' || c == '.' || c == ';' || c == '!' || c == '?') && count_words(text + i, end - i) >= 3) {
            while (i < len && text[i] == ' ')
                i++;
            *from = i;
            return true;
        }
    }
    return false;
}

#define LONG_MESSAGE 160 /* bytes; longer messages are read for their last question first */

int engine_respond(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out)
{
    if (len > ENGINE_MAX_INPUT)
        len = text_utf8_trim(text, ENGINE_MAX_INPUT);
    bool testing = e->quiz && quiz_active(&s->qs);
    size_t cut, next, from;
    if (!testing && len > LONG_MESSAGE && last_question(text, len, &from)) {
        /* The story before it mentions many things; the question says what is wanted. When the
         * question alone is not enough (no career, nothing understood), read the whole message. */
        int pending = s->pending;
        unsigned turns = s->turns;
        respond_checked(e, s, text + from, len - from, out);
        if (!out->fallback && out->intent != e->intents[e->roles[ROLE_ASK_CAREER]].id)
            return 0;
        engine_reply_clear(out);
        s->pending = pending;
        s->turns = turns;
    }
    if (testing || !split_questions(text, len, &cut, &next))
        return respond_checked(e, s, text, len, out);
    /* Answer the first question; offer the next as the first quick reply. */
    respond_checked(e, s, text, cut, out);
    if (out->fallback) {
        engine_reply_clear(out);
        return respond_checked(e, s, text + next, len - next, out);
    }
    sbuf label = SBUF_INIT, ask = SBUF_INIT;
    sbuf_append(&ask, text + next, len - next);
    size_t n = len - next > 60 ? text_utf8_trim(text + next, 57) : len - next;
    sbuf_append(&label, text + next, n);
    if (n < len - next)
        sbuf_puts(&label, "...");
    if (out->n_quick == ENGINE_MAX_QUICK) {
        out->n_quick--;
        free(out->quick[out->n_quick].label);
        free(out->quick[out->n_quick].text);
    }
    memmove(&out->quick[1], &out->quick[0], out->n_quick * sizeof out->quick[0]);
    out->quick[0].label = sbuf_steal(&label);
    out->quick[0].text = sbuf_steal(&ask);
    out->n_quick++;
    return 0;
}

int engine_greet(const engine *e, engine_session *s, bool resumed, engine_reply *out)
{
    memset(out, 0, sizeof *out);
    if (resumed && e->quiz && quiz_active(&s->qs)) {
        /* Back in the middle of the career test: carry on at the same question, and say so. */
        quiz_out qo;
        quiz_out_init(&qo);
        quiz_resume(e->quiz, e->c, &s->qs, &qo);
        quiz_reply(e, &qo, out, "test.resume");
        quiz_out_free(&qo);
        return 0;
    }
    int idx = resumed && e->roles[ROLE_RESUME] >= 0 ? e->roles[ROLE_RESUME] : e->roles[ROLE_START];
    struct turn t;
    memset(&t, 0, sizeof t);
    t.other = -1;
    t.field = -1;
    t.norm = "";
    int career = e->intents[idx].career != CM_NONE ? s->career : -1;
    render_reply(e, s, idx, career, &t, out);
    return 0;
}

void engine_reply_clear(engine_reply *r)
{
    free(r->text);
    for (size_t i = 0; i < r->n_quick; i++) {
        free(r->quick[i].label);
        free(r->quick[i].text);
    }
    memset(r, 0, sizeof *r);
}

/* ===================== engine_check: what `careerbot check` adds to loading ===================== */


int engine_check(const engine *e, engine_diag_fn report, void *ud)
{
    int problems = 0;
    char msg[512];
    /* 1. Patterns that do not JIT-compile. */
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        for (size_t p = 0; p < in->n_pats; p++) {
            if (!in->pat_jit[p])
                continue;
            PCRE2_UCHAR err[160];
            pcre2_get_error_message(in->pat_jit[p], err, sizeof err);
            snprintf(msg, sizeof msg, "intent %s, pattern %zu: JIT compilation failed: %s", in->id, p + 1,
                     (const char *)err);
            report(ud, in->file, in->pat_lines[p], msg);
            problems++;
        }
    }
    /* 2. Patterns that hit the match, depth or heap limits on adversarial strings. */
    pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
    for (size_t k = 0; k < pattern_adversarial_count(); k++) {
        sbuf norm = SBUF_INIT;
        pattern_adversarial(k, ENGINE_MAX_INPUT, &norm);
        for (size_t i = 0; i < e->n_intents; i++) {
            const intent *in = &e->intents[i];
            for (size_t p = 0; p < in->n_pats; p++) {
                int rc = pattern_match(in->pats[p], norm.p, norm.len, md, e->mctx);
                if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)
                    continue;
                PCRE2_UCHAR err[160];
                pcre2_get_error_message(rc, err, sizeof err);
                snprintf(msg, sizeof msg, "intent %s, pattern %zu: %s on adversarial string %zu (%.40s...)", in->id,
                         p + 1, (const char *)err, k + 1, norm.p);
                report(ud, in->file, in->pat_lines[p], msg);
                problems++;
            }
        }
        sbuf_free(&norm);
    }
    pcre2_match_data_free(md);
    /* 3. Examples: each must be answered by its own intent; one answered by another intent shows
     * patterns that can never win for it, because an earlier intent always matches first. */
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        for (size_t x = 0; x < in->n_examples; x++) {
            engine_session *s = engine_session_new(e);
            engine_reply r;
            engine_respond(e, s, in->examples[x], strlen(in->examples[x]), &r);
            /* An intent that needs a career, asked without one, asks which and answers after:
             * matched names it then. */
            const char *got = r.matched ? r.matched : r.intent;
            if (strcmp(got, in->id)) {
                r.intent = got;
                size_t w = 0;
                while (w < e->n_intents && strcmp(e->intents[w].id, r.intent))
                    w++;
                if (w < i)
                    snprintf(msg, sizeof msg,
                             "example \"%s\" of intent %s is answered by %s, which comes first (priority %d): "
                             "%s can never win for it",
                             in->examples[x], in->id, r.intent, e->intents[w].priority, in->id);
                else
                    snprintf(msg, sizeof msg, "example \"%s\" of intent %s is answered by %s", in->examples[x],
                             in->id, r.intent);
                report(ud, in->file, in->example_lines[x], msg);
                problems++;
            }
            engine_reply_clear(&r);
            engine_session_free(s);
        }
    }
    return problems;
}
