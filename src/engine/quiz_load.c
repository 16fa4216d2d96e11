/*
 * quiz_load: loading the career test's data, content/test/items.json (the 60 activities) and
 * test.json (answers and their patterns, the education question, the six types, the messages and
 * the buttons), refusing with file and line anything the test needs that is missing or wrong; and
 * quiz_check, the deeper checks `careerbot check` adds. Map: patterns; items.json; test.json;
 * quiz_load and quiz_free; quiz_check. Never runs the test: quiz.c does.
 */
#include "jsondoc.h"
#include "pattern.h"
#include "quiz_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const quiz__msg_names[M_COUNT] = {
    "start_quick",
    "start_full",
    "question",
    "reask",
    "back_to_test",
    "went_back",
    "nothing_to_undo",
    "paused",
    "resumed",
    "no_test",
    "education",
    "education_reask",
    "flat",
    "results",
    "why",
    "need_test",
    "restarted",
    "fit_strong",
    "fit_good",
    "fit_partial",
    "fit_weak",
    "no_profile",
    "no_scores",
    "reason",
    "reason_uses_one",
    "reason_uses_many",
    "reason_adds",
    "reason_none",
    "reason_training",
    "reason_task",
    "score_of_40",
    "score_of_7",
    "why_same_zone",
    "why_more_zone",
    "why_less_zone",
    "why_later",
    "why_task",
    "type_summary",
    "type_summary_1",
    "type_summary_2",
    "type_summary_4",
    "tie",
    "near_flat",
    "too_few",
    "straight_lining",
    "list_item",
    "other_zone_up",
    "other_zone_down",
    "and",
    "comma",
    "no_careers",
    "some_career",
    "pay_note",
    "revisit",
    "no_such_question",
    "back_to_education",
    "crisis_aside",
    "reason_against",
    "reason_unlike",
};

const char *const quiz__button_names[B_COUNT] = {
    "continue", "start", "full_test", "browse", "take_test", "why", "tell", "stretch", "step_down", "retake",
};

/* ===================== Patterns ===================== */

/* Compiles the "patterns" of one answer. Each must match the whole message: "yes" is an answer,
 * "yes, but what do nurses do?" is not. */
static void compile_pats(const jsondoc *doc, const cJSON *arr, struct pats *out, diag *d)
{
    if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, arr), "\"patterns\" must be a non-empty array");
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    out->v = xcalloc(n, sizeof *out->v);
    out->line = xcalloc(n, sizeof *out->line);
    out->jit = xcalloc(n, sizeof *out->jit);
    out->minlen = xcalloc(n, sizeof *out->minlen);
    out->first = xcalloc(n, sizeof *out->first);
    const cJSON *p;
    cJSON_ArrayForEach(p, arr)
    {
        int line = jsondoc_line(doc, p);
        if (!cJSON_IsString(p)) {
            diag_report(d, jsondoc_path(doc), line, "a pattern must be a string");
            continue;
        }
        sbuf full = SBUF_INIT;
        sbuf_printf(&full, "^(?:%s)$", p->valuestring);
        pcre2_code *re;
        int jit;
        char err[256];
        int rc = pattern_compile(full.p, &re, &jit, err, sizeof err);
        sbuf_free(&full);
        if (rc < 0) {
            /* The error of the pattern as written, so that its offset is right (the wrapper adds 4). */
            if (pattern_compile(p->valuestring, &re, &jit, err, sizeof err) == 0)
                pcre2_code_free(re);
            diag_report(d, jsondoc_path(doc), line, "pattern %s", err);
            continue;
        }
        out->v[out->n] = re;
        out->line[out->n] = line;
        out->jit[out->n] = jit;
        pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &out->minlen[out->n]);
        pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &out->first[out->n]);
        out->n++;
    }
}

static void free_pats(struct pats *p)
{
    for (size_t i = 0; i < p->n; i++)
        pcre2_code_free(p->v[i]);
    free(p->v);
    free(p->line);
    free(p->jit);
    free(p->minlen);
    free(p->first);
}

static const char *str_field(const jsondoc *doc, const cJSON *obj, const char *key, diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, v ? v : obj), "\"%s\" must be a non-empty string", key);
        return NULL;
    }
    return v->valuestring;
}

static jsondoc *load_doc(const char *dir, const char *name, diag *d, char *path, size_t plen)
{
    snprintf(path, plen, "%s/test/%s", dir, name);
    return jsondoc_open(path, d);
}

/* ===================== items.json ===================== */

static void load_items(quiz *q, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = load_doc(dir, "items.json", d, path, sizeof path);
    if (!doc)
        return;
    static const char *const top_keys[] = {"comment", "items"};
    jsondoc_check_keys(doc, d, jsondoc_root(doc), top_keys, 2, "items.json");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "items");
    int per_type[RIASEC_TYPES] = {0}, quick_per_type[RIASEC_TYPES] = {0};
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        int line = jsondoc_line(doc, it);
        const char *id = str_field(doc, it, "id", d), *type = str_field(doc, it, "type", d),
                   *text = str_field(doc, it, "text", d);
        if (!id || !type || !text)
            continue;
        int t = riasec_index(type[0]);
        if (t < 0 || type[1]) {
            diag_report(d, path, line, "\"type\" must be one of R, I, A, S, E, C");
            continue;
        }
        if (q->n_items == QUIZ_ITEMS) {
            diag_report(d, path, line, "more than %d items", QUIZ_ITEMS);
            break;
        }
        for (int i = 0; i < q->n_items; i++)
            if (!strcmp(q->items[i].id, id))
                diag_report(d, path, line, "item id \"%s\" is used twice", id);
        if (strlen(id) >= sizeof q->items[0].id)
            diag_report(d, path, line, "item id \"%s\" is longer than %zu bytes", id, sizeof q->items[0].id - 1);
        struct item *m = &q->items[q->n_items++];
        snprintf(m->id, sizeof m->id, "%s", id);
        m->type = t;
        m->text = xstrdup(text);
        m->quick = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "quick"));
        per_type[m->type]++;
        quick_per_type[m->type] += m->quick;
    }
    for (int t = 0; t < RIASEC_TYPES; t++)
        if (per_type[t] != QUIZ_ITEMS / 6 || quick_per_type[t] != QUIZ_ITEMS / 12)
            diag_report(d, path, 1, "type %c has %d items (%d quick); the test needs %d (%d quick)", riasec_letter(t),
                        per_type[t], quick_per_type[t], QUIZ_ITEMS / 6, QUIZ_ITEMS / 12);
    jsondoc_free(doc);
}

/* ===================== test.json ===================== */

static void load_answers(quiz *q, const jsondoc *doc, diag *d)
{
    const cJSON *root = jsondoc_root(doc);
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(root, "answers");
    if (cJSON_GetArraySize(answers) != N_ANSWERS)
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, answers ? answers : root),
                    "\"answers\" needs %d entries: values 4 to 0 and -1 (skip)", N_ANSWERS);
    int i = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, answers)
    {
        if (i >= N_ANSWERS)
            break;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "value");
        int want = i == 5 ? -1 : 4 - i;
        if (!cJSON_IsNumber(v) || v->valueint != want)
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, a),
                        "answers go from value 4 (love it) down to 0, then -1 (skip)");
        q->answer_value[i] = want;
        const char *label = str_field(doc, a, "label", d);
        q->answer_label[i] = xstrdup(label ? label : "?");
        q->answer_label_len[i] = strlen(q->answer_label[i]);
        compile_pats(doc, cJSON_GetObjectItemCaseSensitive(a, "patterns"), &q->answer_pats[i], d);
        i++;
    }
}

static void load_zones(quiz *q, const jsondoc *doc, diag *d)
{
    const cJSON *root = jsondoc_root(doc);
    const cJSON *zones = cJSON_GetObjectItemCaseSensitive(root, "zones");
    if (cJSON_GetArraySize(zones) != N_ZONES)
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, zones ? zones : root),
                    "\"zones\" needs %d entries, job zones 1 to 5", N_ZONES);
    const cJSON *z;
    int i = 1;
    cJSON_ArrayForEach(z, zones)
    {
        if (i > N_ZONES)
            break;
        const char *label = str_field(doc, z, "label", d), *text = str_field(doc, z, "text", d);
        const char *needs = str_field(doc, z, "needs", d);
        q->zone_needs[i] = xstrdup(needs ? needs : "?");
        q->zone_label[i] = xstrdup(label ? label : "?");
        q->zone_label_len[i] = strlen(q->zone_label[i]);
        q->zone_text[i] = xstrdup(text ? text : "?");
        compile_pats(doc, cJSON_GetObjectItemCaseSensitive(z, "patterns"), &q->zone_pats[i], d);
        i++;
    }
}

static void load_types(quiz *q, const jsondoc *doc, diag *d)
{
    const char *name[RIASEC_TYPES], *plain[RIASEC_TYPES];
    riasec_types_read(doc, cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "types"), name, plain, d);
    for (int t = 0; t < RIASEC_TYPES; t++) {
        q->type_name[t] = xstrdup(name[t] ? name[t] : "?");
        q->type_plain[t] = xstrdup(plain[t] ? plain[t] : "?");
    }
}

/* One template of test.json; a missing or broken one is refused with its line. */
static void load_tpl(const jsondoc *doc, const cJSON *parent, const char *key, const char *what, tpl *out, diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(parent, key);
    char err[256];
    if (!cJSON_IsString(v)) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, parent ? parent : jsondoc_root(doc)), "missing %s", what);
        return;
    }
    if (tpl_compile(v->valuestring, out, err, sizeof err) < 0)
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, v), "%s: %s", what, err);
}

/* "messages": every sentence the test says; "buttons": every quick reply, a label and a text. */
static void load_words(quiz *q, const jsondoc *doc, diag *d)
{
    const cJSON *root = jsondoc_root(doc);
    const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(root, "messages");
    char what[96];
    for (int m = 0; m < M_COUNT; m++) {
        snprintf(what, sizeof what, "message \"%s\"", quiz__msg_names[m]);
        load_tpl(doc, msgs, quiz__msg_names[m], what, &q->msgs[m], d);
    }
    if (cJSON_IsObject(msgs))
        jsondoc_check_keys(doc, d, msgs, quiz__msg_names, M_COUNT, "\"messages\"");
    const cJSON *buttons = cJSON_GetObjectItemCaseSensitive(root, "buttons");
    static const char *const parts[2] = {"label", "text"};
    for (int b = 0; b < B_COUNT; b++) {
        const cJSON *btn = cJSON_GetObjectItemCaseSensitive(buttons, quiz__button_names[b]);
        if (!cJSON_IsObject(btn)) {
            diag_report(d, jsondoc_path(doc),
                        jsondoc_line(doc, btn       ? btn
                                          : buttons ? buttons
                                                    : root),
                        "missing button \"%s\" ({\"label\": ..., \"text\": ...})", quiz__button_names[b]);
            continue;
        }
        for (int k = 0; k < 2; k++) {
            snprintf(what, sizeof what, "button \"%s\" %s", quiz__button_names[b], parts[k]);
            load_tpl(doc, btn, parts[k], what, &q->buttons[b][k], d);
        }
        const char *intent = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(btn, "intent"));
        if (!intent || !intent[0])
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, btn),
                        "button \"%s\" needs \"intent\": the intent its text is meant to reach", quiz__button_names[b]);
        q->button_intent[b] = xstrdup(intent ? intent : "");
        q->button_line[b] = jsondoc_line(doc, btn);
        static const char *const keys[] = {"label", "text", "intent"};
        jsondoc_check_keys(doc, d, btn, keys, 3, "a button");
    }
    if (cJSON_IsObject(buttons))
        jsondoc_check_keys(doc, d, buttons, quiz__button_names, B_COUNT, "\"buttons\"");
}

static void load_test(quiz *q, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = load_doc(dir, "test.json", d, path, sizeof path);
    if (!doc)
        return;
    static const char *const top_keys[] = {"comment", "answers", "zones", "types", "messages", "buttons"};
    jsondoc_check_keys(doc, d, jsondoc_root(doc), top_keys, sizeof top_keys / sizeof *top_keys, "test.json");
    q->test_path = xstrdup(path);
    load_answers(q, doc, d);
    load_zones(q, doc, d);
    load_types(q, doc, d);
    load_words(q, doc, d);
    jsondoc_free(doc);
}

/* ===================== Loading and freeing ===================== */

quiz *quiz_load(const char *content_dir, diag *d)
{
    quiz *q = xcalloc(1, sizeof *q);
    int before = d->errors;
    load_items(q, content_dir, d);
    load_test(q, content_dir, d);
    if (d->errors != before || q->n_items != QUIZ_ITEMS) {
        quiz_free(q);
        return NULL;
    }
    q->mctx = pattern_context_new(0);
    if (!q->mctx)
        util_oom("match context", 0);
    return q;
}

void quiz_free(quiz *q)
{
    if (!q)
        return;
    for (int i = 0; i < q->n_items; i++)
        free(q->items[i].text);
    for (int i = 0; i < N_ANSWERS; i++) {
        free(q->answer_label[i]);
        free_pats(&q->answer_pats[i]);
    }
    for (int i = 0; i <= N_ZONES; i++) {
        free(q->zone_label[i]);
        free(q->zone_text[i]);
        free(q->zone_needs[i]);
        free_pats(&q->zone_pats[i]);
    }
    for (int i = 0; i < RIASEC_TYPES; i++) {
        free(q->type_name[i]);
        free(q->type_plain[i]);
    }
    for (int m = 0; m < M_COUNT; m++)
        tpl_free(&q->msgs[m]);
    for (int b = 0; b < B_COUNT; b++) {
        free(q->button_intent[b]);
        tpl_free(&q->buttons[b][0]);
        tpl_free(&q->buttons[b][1]);
    }
    free(q->test_path);
    pcre2_match_context_free(q->mctx);
    free(q);
}

/* ===================== quiz_check ===================== */

/* Calls fn for every answer pattern set: the six answers, then the five zones, with a name for
 * reports. Returns the sum of what fn returns. */
typedef int (*pats_fn)(const quiz *q, const struct pats *p, const char *what, void *ud, diag *d);

static int each_pats(const quiz *q, pats_fn fn, void *ud, diag *d)
{
    int problems = 0;
    char what[96];
    for (int i = 0; i < N_ANSWERS; i++) {
        snprintf(what, sizeof what, "answer \"%s\"", q->answer_label[i]);
        problems += fn(q, &q->answer_pats[i], what, ud, d);
    }
    for (int z = 1; z <= N_ZONES; z++) {
        snprintf(what, sizeof what, "education answer %d (\"%s\")", z, q->zone_label[z]);
        problems += fn(q, &q->zone_pats[z], what, ud, d);
    }
    return problems;
}

/* Patterns that did not JIT-compile. */
static int check_jit(const quiz *q, const struct pats *p, const char *what, void *ud, diag *d)
{
    (void)ud;
    int problems = 0;
    char err[160];
    for (size_t i = 0; i < p->n; i++) {
        if (!p->jit[i])
            continue;
        diag_report(d, q->test_path, p->line[i], "%s, pattern %zu: JIT compilation failed: %s", what, i + 1,
                    pattern_strerror(p->jit[i], err, sizeof err));
        problems++;
    }
    return problems;
}

struct adversary {
    const char *text; /* normalised, trailing punctuation dropped as an answer's is */
    size_t len;
    size_t k; /* which adversarial string */
    pcre2_match_data *md;
};

/* Patterns that hit the match, depth or heap limit on one adversarial string. */
static int check_limits(const quiz *q, const struct pats *p, const char *what, void *ud, diag *d)
{
    const struct adversary *a = ud;
    int problems = 0;
    char err[160];
    for (size_t i = 0; i < p->n; i++) {
        int rc = pattern_match(p->v[i], a->text, a->len, a->md, q->mctx);
        if (!pattern_failed(rc))
            continue;
        diag_report(d, q->test_path, p->line[i], "%s, pattern %zu: %s on adversarial string %zu (%.40s...)", what,
                    i + 1, pattern_strerror(rc, err, sizeof err), a->k + 1, a->text);
        problems++;
    }
    return problems;
}

int quiz_check(const quiz *q, size_t max_input, diag *d)
{
    int problems = each_pats(q, check_jit, NULL, d);
    struct adversary a = {NULL, 0, 0, pcre2_match_data_create(1, NULL)};
    if (!a.md)
        util_oom("match data", 0);
    for (a.k = 0; a.k < pattern_adversarial_count(); a.k++) {
        sbuf norm = SBUF_INIT;
        pattern_adversarial(a.k, max_input, &norm);
        a.text = sbuf_str(&norm);
        a.len = quiz__trim_end(a.text, norm.len);
        problems += each_pats(q, check_limits, &a, d);
        sbuf_free(&norm);
    }
    pcre2_match_data_free(a.md);
    return problems;
}

void quiz_button_intents(const quiz *q, void (*fn)(void *ud, const char *intent, const char *file, int line), void *ud)
{
    for (int b = 0; b < B_COUNT; b++)
        if (q->button_intent[b])
            fn(ud, q->button_intent[b], q->test_path, q->button_line[b]);
}

void quiz_set_match_limit(quiz *q, unsigned match_limit)
{
    pcre2_match_context *m = pattern_context_new(match_limit);
    if (!m)
        util_oom("match context", 0);
    pcre2_match_context_free(q->mctx);
    q->mctx = m;
}
