/* quiz: see quiz.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "quiz.h"
#include "jsondoc.h"
#include "template.h"
#include "text.h"

#include <math.h>
#include <stdint.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define N_ANSWERS 6 /* love, like, not sure, dislike, hate, skip */
#define N_ZONES 5
#define FULL_EARLY_FROM 30
#define EARLY_STOP_Z 2.0

static const char LETTERS[] = "RIASEC";

struct item {
    char id[16];
    int type;       /* 0..5, index into RIASEC */
    char *text;
    bool quick;
};

struct pats {
    pcre2_code **v;
    size_t n;
};

enum msg {
    M_START_QUICK, M_START_FULL, M_QUESTION, M_REASK, M_BACK_TO_TEST, M_WENT_BACK, M_NOTHING_TO_UNDO, M_PAUSED,
    M_RESUMED, M_NO_TEST, M_EDUCATION, M_EDUCATION_REASK, M_FLAT, M_RESULTS, M_WHY, M_NEED_TEST, M_RESTARTED, M_COUNT
};

static const char *const msg_names[M_COUNT] = {
    "start_quick", "start_full", "question", "reask", "back_to_test", "went_back", "nothing_to_undo", "paused",
    "resumed", "no_test", "education", "education_reask", "flat", "results", "why", "need_test", "restarted",
};

struct quiz {
    struct item items[QUIZ_ITEMS];
    int n_items;
    int answer_value[N_ANSWERS];
    char *answer_label[N_ANSWERS];
    struct pats answer_pats[N_ANSWERS];
    char *zone_label[N_ZONES + 1];
    char *zone_text[N_ZONES + 1];
    struct pats zone_pats[N_ZONES + 1];
    char *type_name[6];
    char *type_plain[6];
    tpl msgs[M_COUNT];
    pcre2_match_data *md; /* used only at load; matching makes its own */
};

/* ===================== Loading ===================== */

static jsondoc *load_doc(const char *dir, const char *name, diag *d, char *path, size_t plen)
{
    snprintf(path, plen, "%s/test/%s", dir, name);
    char err[512];
    jsondoc *doc = jsondoc_load(path, err, sizeof err);
    if (!doc)
        diag_report(d, path, 0, "%s", err);
    return doc;
}

static void compile_pats(const jsondoc *doc, const cJSON *arr, struct pats *out, diag *d)
{
    if (!cJSON_IsArray(arr) || !cJSON_GetArraySize(arr)) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, arr), "\"patterns\" must be a non-empty array");
        return;
    }
    out->v = xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *out->v);
    const cJSON *p;
    cJSON_ArrayForEach(p, arr)
    {
        if (!cJSON_IsString(p)) {
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, p), "a pattern must be a string");
            continue;
        }
        /* The whole message must be the answer: "yes" is an answer, "yes, but what do nurses do?" is not. */
        sbuf full = SBUF_INIT;
        sbuf_printf(&full, "^(?:%s)$", p->valuestring);
        int code;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)full.p, full.len, PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &off, NULL);
        sbuf_free(&full);
        if (!re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(code, msg, sizeof msg);
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, p), "pattern error: %s", (const char *)msg);
            continue;
        }
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        out->v[out->n++] = re;
    }
}

static void free_pats(struct pats *p)
{
    for (size_t i = 0; i < p->n; i++)
        pcre2_code_free(p->v[i]);
    free(p->v);
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

static void load_items(quiz *q, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = load_doc(dir, "items.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(jsondoc_root(doc), "items");
    int per_type[6] = {0}, quick_per_type[6] = {0};
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        int line = jsondoc_line(doc, it);
        const char *id = str_field(doc, it, "id", d), *type = str_field(doc, it, "type", d),
                   *text = str_field(doc, it, "text", d);
        if (!id || !type || !text)
            continue;
        const char *t = strchr(LETTERS, type[0]);
        if (!t || type[1]) {
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
        struct item *m = &q->items[q->n_items++];
        snprintf(m->id, sizeof m->id, "%s", id);
        m->type = (int)(t - LETTERS);
        m->text = xstrdup(text);
        m->quick = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "quick"));
        per_type[m->type]++;
        quick_per_type[m->type] += m->quick;
    }
    for (int t = 0; t < 6; t++)
        if (per_type[t] != QUIZ_ITEMS / 6 || quick_per_type[t] != QUIZ_ITEMS / 12)
            diag_report(d, path, 1, "type %c has %d items (%d quick); the test needs %d (%d quick)", LETTERS[t],
                        per_type[t], quick_per_type[t], QUIZ_ITEMS / 6, QUIZ_ITEMS / 12);
    jsondoc_free(doc);
}

static void load_test(quiz *q, const char *dir, diag *d)
{
    char path[4096];
    jsondoc *doc = load_doc(dir, "test.json", d, path, sizeof path);
    if (!doc)
        return;
    const cJSON *root = jsondoc_root(doc);
    const cJSON *answers = cJSON_GetObjectItemCaseSensitive(root, "answers");
    if (cJSON_GetArraySize(answers) != N_ANSWERS)
        diag_report(d, path, jsondoc_line(doc, answers ? answers : root), "\"answers\" needs %d entries: values 4 to 0 and -1 (skip)", N_ANSWERS);
    int i = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, answers)
    {
        if (i >= N_ANSWERS)
            break;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "value");
        int want = i == 5 ? -1 : 4 - i;
        if (!cJSON_IsNumber(v) || v->valueint != want)
            diag_report(d, path, jsondoc_line(doc, a), "answers go from value 4 (love it) down to 0, then -1 (skip)");
        q->answer_value[i] = want;
        const char *label = str_field(doc, a, "label", d);
        q->answer_label[i] = xstrdup(label ? label : "?");
        compile_pats(doc, cJSON_GetObjectItemCaseSensitive(a, "patterns"), &q->answer_pats[i], d);
        i++;
    }
    const cJSON *zones = cJSON_GetObjectItemCaseSensitive(root, "zones");
    if (cJSON_GetArraySize(zones) != N_ZONES)
        diag_report(d, path, jsondoc_line(doc, zones ? zones : root), "\"zones\" needs %d entries, job zones 1 to 5", N_ZONES);
    const cJSON *z;
    i = 1;
    cJSON_ArrayForEach(z, zones)
    {
        if (i > N_ZONES)
            break;
        const char *label = str_field(doc, z, "label", d), *text = str_field(doc, z, "text", d);
        q->zone_label[i] = xstrdup(label ? label : "?");
        q->zone_text[i] = xstrdup(text ? text : "?");
        compile_pats(doc, cJSON_GetObjectItemCaseSensitive(z, "patterns"), &q->zone_pats[i], d);
        i++;
    }
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(root, "types");
    i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, types)
    {
        const char *letter = str_field(doc, t, "letter", d);
        if (i >= 6 || !letter || letter[0] != LETTERS[i]) {
            diag_report(d, path, jsondoc_line(doc, t), "\"types\" must list R, I, A, S, E, C in that order");
            break;
        }
        const char *name = str_field(doc, t, "name", d), *plain = str_field(doc, t, "plain", d);
        q->type_name[i] = xstrdup(name ? name : "?");
        q->type_plain[i] = xstrdup(plain ? plain : "?");
        i++;
    }
    if (i != 6)
        diag_report(d, path, jsondoc_line(doc, types ? types : root), "\"types\" must describe all six interest types");
    const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(root, "messages");
    for (int m = 0; m < M_COUNT; m++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(msgs, msg_names[m]);
        char err[256];
        if (!cJSON_IsString(v)) {
            diag_report(d, path, jsondoc_line(doc, msgs ? msgs : root), "missing message \"%s\"", msg_names[m]);
            continue;
        }
        if (tpl_compile(v->valuestring, &q->msgs[m], err, sizeof err) < 0)
            diag_report(d, path, jsondoc_line(doc, v), "message \"%s\": %s", msg_names[m], err);
    }
    jsondoc_free(doc);
}

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
        free_pats(&q->zone_pats[i]);
    }
    for (int i = 0; i < 6; i++) {
        free(q->type_name[i]);
        free(q->type_plain[i]);
    }
    for (int m = 0; m < M_COUNT; m++)
        tpl_free(&q->msgs[m]);
    free(q);
}

/* ===================== State ===================== */

void quiz_state_init(quiz_state *s)
{
    memset(s, 0, sizeof *s);
    memset(s->answer, -1, sizeof s->answer);
}

bool quiz_active(const quiz_state *s)
{
    return s->phase == QP_ASKING || s->phase == QP_EDUCATION;
}

static const char *const phase_names[] = {"off", "asking", "education", "paused", "done"};

/* Written straight into b as a JSON object (the session is saved after every turn). Answers by
 * item id, so a reordered item file still reads old sessions right. */
void quiz_state_write(const quiz *q, const quiz_state *s, sbuf *b)
{
    sbuf_printf(b, "{\"phase\":\"%s\",\"mode\":\"%s\",\"answers\":{", phase_names[s->phase], s->full ? "full" : "quick");
    bool first = true;
    for (int i = 0; i < s->n_seq; i++) {
        int k = s->seq[i];
        if (s->answer[k] < -2 || s->answer[k] == -1 || s->answer[k] > 4)
            continue;
        if (!first)
            sbuf_putc(b, ',');
        first = false;
        sbuf_json_str(b, q->items[k].id);
        /* -1 (skipped) or 0..4: no printf for one digit, this runs for every answer of every save */
        sbuf_puts(b, s->answer[k] == -2 ? ":-1" : (const char *[]){":0", ":1", ":2", ":3", ":4"}[s->answer[k]]);
    }
    sbuf_puts(b, "},\"asked\":[");
    for (int i = 0; i < s->n_seq; i++) {
        if (i)
            sbuf_putc(b, ',');
        sbuf_json_str(b, q->items[s->seq[i]].id);
    }
    sbuf_printf(b, "],\"pos\":%d,\"zone\":%d}", s->pos, s->zone);
}

static int item_index(const quiz *q, const char *id)
{
    for (int i = 0; i < q->n_items; i++)
        if (!strcmp(q->items[i].id, id))
            return i;
    return -1;
}

void quiz_state_load(const quiz *q, quiz_state *s, const cJSON *from)
{
    quiz_state_init(s);
    if (!cJSON_IsObject(from))
        return;
    const char *phase = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(from, "phase"));
    for (int p = 0; phase && p < 5; p++)
        if (!strcmp(phase, phase_names[p]))
            s->phase = (quiz_phase)p;
    const char *mode = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(from, "mode"));
    s->full = mode && !strcmp(mode, "full");
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(from, "asked"))
    {
        int k = cJSON_IsString(it) ? item_index(q, it->valuestring) : -1;
        if (k >= 0 && s->n_seq < QUIZ_ITEMS)
            s->seq[s->n_seq++] = (unsigned char)k;
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(from, "answers"))
    {
        int k = item_index(q, it->string);
        if (k >= 0 && cJSON_IsNumber(it) && it->valueint >= -1 && it->valueint <= 4)
            s->answer[k] = (signed char)(it->valueint == -1 ? -2 : it->valueint);
    }
    double pos = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(from, "pos"));
    s->pos = pos >= 0 && pos <= s->n_seq ? (int)pos : 0;
    double zone = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(from, "zone"));
    s->zone = zone >= 1 && zone <= 5 ? (int)zone : 0;
    if (s->phase != QP_OFF && !s->n_seq)
        quiz_state_init(s);
}

/* ===================== Output ===================== */

void quiz_out_init(quiz_out *o)
{
    memset(o, 0, sizeof *o);
}

void quiz_out_free(quiz_out *o)
{
    sbuf_free(&o->text);
}

struct kv {
    const char *k;
    const char *v;
};

static const char *kv_lookup(void *ud, const char *name, size_t *len)
{
    for (const struct kv *p = ud; p->k; p++)
        if (!strcmp(p->k, name)) {
            *len = strlen(p->v);
            return p->v;
        }
    return NULL;
}

static void say(const quiz *q, quiz_out *o, enum msg m, const struct kv *vars)
{
    static const struct kv none[] = {{NULL, NULL}};
    tpl_ctx ctx = {NULL, -1, -1, -1, kv_lookup, (void *)(vars ? vars : none)};
    if (o->text.len)
        sbuf_puts(&o->text, "\n\n");
    tpl_render(&q->msgs[m], &ctx, &o->text);
}

static void quick(quiz_out *o, const char *label, const char *text)
{
    if (o->n_quick < 8) {
        o->quick[o->n_quick][0] = label;
        o->quick[o->n_quick][1] = text;
        o->n_quick++;
    }
}

static int answered_count(const quiz_state *s)
{
    int n = 0;
    for (int i = 0; i < s->n_seq && i < s->pos; i++)
        n += s->answer[s->seq[i]] >= 0;
    return n;
}

static int total_for(const quiz_state *s)
{
    return s->full ? QUIZ_ITEMS : (s->n_seq > QUIZ_ITEMS / 2 ? s->n_seq : QUIZ_ITEMS / 2);
}

/* The current question, with the five answers and skip as buttons. */
static void ask(const quiz *q, quiz_state *s, quiz_out *o, enum msg m)
{
    char n[16], total[16];
    snprintf(n, sizeof n, "%d", s->pos + 1);
    snprintf(total, sizeof total, "%d", total_for(s));
    struct kv vars[] = {{"n", n}, {"total", total}, {"activity", q->items[s->seq[s->pos]].text}, {NULL, NULL}};
    say(q, o, m, vars);
    for (int i = 0; i < N_ANSWERS; i++)
        quick(o, q->answer_label[i], q->answer_label[i]);
    o->answered = answered_count(s);
    o->total = total_for(s);
}

static void ask_zone(const quiz *q, quiz_state *s, quiz_out *o, enum msg m)
{
    say(q, o, m, NULL);
    for (int z = 1; z <= N_ZONES; z++)
        quick(o, q->zone_label[z], q->zone_label[z]);
    o->answered = answered_count(s);
    o->total = total_for(s);
}

/* ===================== Parsing answers ===================== */

static bool any_match(const struct pats *p, const char *text, size_t len, pcre2_match_data *md)
{
    for (size_t i = 0; i < p->n; i++)
        if (pcre2_match(p->v[i], (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK, md, NULL) >= 0)
            return true;
    return false;
}

/* Drops trailing spaces and punctuation: "yes!" and "yes" are the same answer. */
static size_t trim_end(const char *text, size_t len)
{
    while (len && strchr(" .!?,;:)", text[len - 1]))
        len--;
    return len;
}

/* True when text is the button label (the buttons send their label). */
static bool is_label(const char *label, const char *text, size_t len)
{
    return strlen(label) == len && !strncasecmp(label, text, len);
}

int quiz_parse_answer(const quiz *q, const char *text, size_t len, pcre2_match_data *md)
{
    len = trim_end(text, len);
    if (!len)
        return -2;
    for (int i = 0; i < N_ANSWERS; i++)
        if (is_label(q->answer_label[i], text, len) || any_match(&q->answer_pats[i], text, len, md))
            return q->answer_value[i];
    return -2;
}

int quiz_parse_zone(const quiz *q, const char *text, size_t len, pcre2_match_data *md)
{
    len = trim_end(text, len);
    for (int z = 1; z <= N_ZONES; z++)
        if (is_label(q->zone_label[z], text, len) || any_match(&q->zone_pats[z], text, len, md))
            return z;
    return 0;
}

/* ===================== Scoring ===================== */

/* Answers counted and summed per interest type. */
static void tally(const quiz *q, const quiz_state *s, int n[6], double sum[6])
{
    for (int t = 0; t < 6; t++) {
        n[t] = 0;
        sum[t] = 0;
    }
    for (int i = 0; i < QUIZ_ITEMS; i++)
        if (s->answer[i] >= 0) {
            n[q->items[i].type]++;
            sum[q->items[i].type] += s->answer[i];
        }
}

bool quiz_scores(const quiz *q, const quiz_state *s, double scores[6])
{
    int n[6];
    double sum[6];
    tally(q, s, n, sum);
    bool ok = true;
    for (int t = 0; t < 6; t++) {
        scores[t] = n[t] ? sum[t] / n[t] * 10.0 : 0;
        ok = ok && n[t] >= QUIZ_MIN_PER_TYPE;
    }
    return ok;
}

/* Types ordered by score, highest first (ties in RIASEC order). */
static void order_types(const double scores[6], int order[6])
{
    for (int i = 0; i < 6; i++)
        order[i] = i;
    for (int i = 1; i < 6; i++)
        for (int j = i; j > 0 && scores[order[j]] > scores[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

/* Early stop of the full mode: the top two types are ahead of the third by EARLY_STOP_Z standard
 * errors of the difference of means, with each item's SD taken as one answer step. */
static bool clear_enough(const quiz *q, const quiz_state *s)
{
    int n[6];
    double sum[6];
    tally(q, s, n, sum);
    double mean[6];
    for (int t = 0; t < 6; t++) {
        if (n[t] < QUIZ_MIN_PER_TYPE)
            return false;
        mean[t] = sum[t] / n[t];
    }
    int order[6];
    order_types(mean, order);
    double se = sqrt(1.0 / n[order[1]] + 1.0 / n[order[2]]);
    return (mean[order[1]] - mean[order[2]]) / se >= EARLY_STOP_Z;
}

/* Hexagon distance of two types: 0 same, 1 adjacent, 2 alternate, 3 opposite. */
static int hex(int a, int b)
{
    int d = a > b ? a - b : b - a;
    return d > 3 ? 6 - d : d;
}

static bool career_profile(const content *c, int career, double oi[6], int code[3])
{
    const cJSON *rec = content_record(c, (size_t)career);
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(rec, "interests");
    if (!cJSON_IsObject(in))
        return false;
    for (int t = 0; t < 6; t++) {
        char key[2] = {LETTERS[t], 0};
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(in, key);
        if (!cJSON_IsNumber(v))
            return false;
        oi[t] = v->valuedouble;
    }
    int order[6];
    order_types(oi, order);
    for (int i = 0; i < 3; i++)
        code[i] = order[i];
    return true;
}

double quiz_fit(const content *c, int career, const double scores[6])
{
    double oi[6];
    int code[3];
    if (!career_profile(c, career, oi, code))
        return -2;
    double mx = 0, my = 0;
    for (int t = 0; t < 6; t++) {
        mx += scores[t] / 6;
        my += oi[t] / 6;
    }
    double sxy = 0, sxx = 0, syy = 0;
    for (int t = 0; t < 6; t++) {
        sxy += (scores[t] - mx) * (oi[t] - my);
        sxx += (scores[t] - mx) * (scores[t] - mx);
        syy += (oi[t] - my) * (oi[t] - my);
    }
    double r = sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
    int user[6];
    order_types(scores, user);
    /* Brown and Gore's C index: 3, 2, 1 times the closeness of each position's letters. */
    int cidx = 0;
    for (int i = 0; i < 3; i++)
        cidx += (3 - i) * (3 - hex(user[i], code[i]));
    return 0.75 * r + 0.25 * cidx / 18.0;
}

static int career_zone(const content *c, int career)
{
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)career), "job_zone");
    return cJSON_IsNumber(z) ? z->valueint : 0;
}

/* The SOC minor group ("15-12") of a career, from soc or profile_from. */
static void career_group(const content *c, int career, char out[8])
{
    const cJSON *rec = content_record(c, (size_t)career);
    const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "soc"));
    if (!code)
        code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "profile_from"));
    snprintf(out, 8, "%.5s", code ? code : "?");
}

int quiz_rank(const content *c, const double scores[6], int zone, int *out, int n)
{
    size_t total = content_count(c);
    double *fit = xcalloc(total, sizeof *fit);
    int *idx = xcalloc(total, sizeof *idx);
    size_t m = 0;
    int user[6];
    order_types(scores, user);
    for (size_t i = 0; i < total; i++) {
        int cz = career_zone(c, (int)i);
        int dz = zone ? abs(cz - zone) : 0;
        if (dz > 1)
            continue;
        double f = quiz_fit(c, (int)i, scores);
        if (f < -1.5)
            continue;
        /* Careers led by one of the person's two strongest interests come first: "you scored
         * highest on I and C; this career is I-C-R" is the promise of the list. Careers one job
         * zone away come in only where the chosen zone runs short of such careers. */
        double oi[6];
        int code[3];
        career_profile(c, (int)i, oi, code);
        bool lead = code[0] == user[0] || code[0] == user[1];
        if (dz && !lead)
            continue;
        f += (lead ? 1.0 : 0.0) - (dz ? 0.6 : 0.0);
        fit[i] = f;
        idx[m++] = (int)i;
    }
    /* Best fit first. Careers that share an interest profile (a role that borrows its profile from
     * an O*NET occupation, and that occupation) tie exactly; the tie is broken by a hash of the
     * person's scores and the career, so each gets its turn across people while one person's
     * results stay the same every time. */
    uint64_t seed = 1469598103934665603ULL;
    for (int t = 0; t < 6; t++) {
        seed ^= (uint64_t)(scores[t] * 1000.0 + 0.5);
        seed *= 1099511628211ULL;
    }
    uint64_t *tie = xcalloc(total ? total : 1, sizeof *tie);
    for (size_t i = 0; i < m; i++) {
        uint64_t h = seed;
        for (const char *p = content_id(c, (size_t)idx[i]); *p; p++) {
            h ^= (unsigned char)*p;
            h *= 1099511628211ULL;
        }
        tie[idx[i]] = h;
    }
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && (fit[idx[j]] > fit[idx[j - 1]] ||
                                     (fit[idx[j]] == fit[idx[j - 1]] && tie[idx[j]] > tie[idx[j - 1]]));
             j--) {
            int t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    free(tie);
    int got = 0;
    char groups[QUIZ_TOP * 4][8];
    int gcount[QUIZ_TOP * 4];
    int ng = 0;
    for (size_t i = 0; i < m && got < n; i++) {
        char g[8];
        career_group(c, idx[i], g);
        int k;
        for (k = 0; k < ng && strcmp(groups[k], g); k++)
            ;
        if (k < ng && gcount[k] >= 3)
            continue; /* at most three from one occupational group */
        if (k == ng && ng < QUIZ_TOP * 4) {
            snprintf(groups[ng], 8, "%s", g);
            gcount[ng++] = 0;
        }
        if (k < ng)
            gcount[k]++;
        out[got++] = idx[i];
    }
    free(fit);
    free(idx);
    return got;
}

/* ===================== Explanations ===================== */

static void code_of(const double scores[6], char code[8])
{
    int order[6];
    order_types(scores, order);
    snprintf(code, 8, "%c-%c-%c", LETTERS[order[0]], LETTERS[order[1]], LETTERS[order[2]]);
}

/* "a strong match: you scored highest on Investigative and Conventional; Data Scientist is I-C-A" */
static void reason(const quiz *q, const content *c, int career, const double scores[6], sbuf *fitword, sbuf *why,
                   bool brief)
{
    double f = quiz_fit(c, career, scores);
    double oi[6];
    int code[3];
    int user[6];
    order_types(scores, user);
    const char *title = content_title(c, (size_t)career);
    if (!career_profile(c, career, oi, code)) {
        sbuf_puts(fitword, "no interest profile on record");
        sbuf_printf(why, "I have no interest scores for %s, so I can't say how it fits.", title);
        return;
    }
    sbuf_puts(fitword, f >= 0.75 ? "a strong match" : f >= 0.5 ? "a good match" : f >= 0.25 ? "a partial match" : "a weak match");
    if (brief)
        sbuf_printf(why, "%c-%c-%c", LETTERS[code[0]], LETTERS[code[1]], LETTERS[code[2]]);
    else
        sbuf_printf(why, "You scored highest on %s and %s; %s is %c-%c-%c", q->type_name[user[0]], q->type_name[user[1]],
                    title, LETTERS[code[0]], LETTERS[code[1]], LETTERS[code[2]]);
    bool first_in = code[0] == user[0] || code[0] == user[1];
    if (first_in) {
        sbuf_printf(why, ": mostly %s, like you.", q->type_name[code[0]]);
    } else {
        /* Say honestly what it shares and what it adds. */
        int shared = -1;
        for (int i = 0; i < 3 && shared < 0; i++)
            if (code[i] == user[0] || code[i] == user[1])
                shared = code[i];
        if (shared >= 0)
            sbuf_printf(why, ": it shares your %s side and adds %s.", q->type_name[shared], q->type_name[code[0]]);
        else
            sbuf_printf(why, ": mostly %s, which is not among your top interests.", q->type_name[code[0]]);
    }
}

static void score_bars(const quiz *q, const double scores[6], sbuf *out)
{
    int order[6];
    order_types(scores, order);
    for (int i = 0; i < 6; i++) {
        int t = order[i];
        int filled = (int)(scores[t] / 2 + 0.5);
        sbuf_printf(out, "%s- %-13s ", i ? "\n" : "", q->type_name[t]);
        for (int k = 0; k < 20; k++)
            sbuf_puts(out, k < filled ? "\xe2\x96\x88" : "\xe2\x96\x91");
        sbuf_printf(out, " %2.0f/40", scores[t]);
    }
}

/* ===================== Commands ===================== */

static void set_sequence(const quiz *q, quiz_state *s)
{
    s->n_seq = 0;
    for (int i = 0; i < q->n_items; i++)
        if (s->full || q->items[i].quick)
            s->seq[s->n_seq++] = (unsigned char)i;
}

void quiz_start(const quiz *q, quiz_state *s, bool full, quiz_out *o)
{
    bool restart = s->phase != QP_OFF;
    quiz_state_init(s);
    s->full = full;
    s->phase = QP_ASKING;
    set_sequence(q, s);
    char total[16];
    snprintf(total, sizeof total, "%d", total_for(s));
    struct kv vars[] = {{"total", total}, {NULL, NULL}};
    if (restart)
        say(q, o, M_RESTARTED, NULL);
    say(q, o, full ? M_START_FULL : M_START_QUICK, vars);
    ask(q, s, o, M_QUESTION);
}

/* After the last asked item: replace skipped items so each type has enough answers. */
static void top_up(const quiz *q, quiz_state *s)
{
    for (int t = 0; t < 6; t++) {
        int answered = 0;
        for (int i = 0; i < s->n_seq; i++)
            if (q->items[s->seq[i]].type == t && s->answer[s->seq[i]] >= 0)
                answered++;
        for (int k = 0; k < q->n_items && answered < QUIZ_MIN_PER_TYPE; k++) {
            bool asked = false;
            for (int i = 0; i < s->n_seq; i++)
                asked = asked || s->seq[i] == k;
            if (!asked && q->items[k].type == t && s->n_seq < QUIZ_ITEMS) {
                s->seq[s->n_seq++] = (unsigned char)k;
                answered++; /* counted as coming; a skip of it tops up again */
            }
        }
    }
}

void quiz_answer(const quiz *q, const content *c, quiz_state *s, int value, quiz_out *o)
{
    s->answer[s->seq[s->pos]] = (signed char)(value < 0 ? -2 : value);
    s->pos++;
    s->reasks = 0;
    bool stop_early = s->full && s->pos >= FULL_EARLY_FROM && clear_enough(q, s);
    if (s->pos >= s->n_seq && !stop_early)
        top_up(q, s);
    if (s->pos < s->n_seq && !stop_early) {
        ask(q, s, o, M_QUESTION);
        return;
    }
    if (stop_early)
        s->n_seq = s->pos; /* the rest is not needed */
    if (!s->zone) {
        s->phase = QP_EDUCATION;
        ask_zone(q, s, o, M_EDUCATION);
        return;
    }
    s->phase = QP_DONE;
    quiz_results(q, c, s, o);
}

void quiz_zone(const quiz *q, const content *c, quiz_state *s, int zone, quiz_out *o)
{
    if (zone < 1 || zone > 5) {
        ask_zone(q, s, o, M_EDUCATION_REASK);
        return;
    }
    s->zone = zone;
    s->phase = QP_DONE;
    quiz_results(q, c, s, o);
}

void quiz_back(const quiz *q, quiz_state *s, quiz_out *o)
{
    if (s->phase == QP_EDUCATION || s->phase == QP_DONE)
        s->phase = QP_ASKING; /* back to the last activity; a chosen zone is kept */
    if (s->pos == 0) {
        say(q, o, M_NOTHING_TO_UNDO, NULL);
        ask(q, s, o, M_QUESTION);
        return;
    }
    s->pos--;
    s->answer[s->seq[s->pos]] = -1;
    s->reasks = 0;
    say(q, o, M_WENT_BACK, NULL);
    ask(q, s, o, M_QUESTION);
}

void quiz_pause(const quiz *q, quiz_state *s, quiz_out *o)
{
    char n[16];
    snprintf(n, sizeof n, "%d", answered_count(s));
    struct kv vars[] = {{"answered", n}, {NULL, NULL}};
    if (quiz_active(s))
        s->phase = QP_PAUSED;
    say(q, o, M_PAUSED, vars);
    quick(o, "Continue the test", "Continue the test");
}

void quiz_resume(const quiz *q, const content *c, quiz_state *s, quiz_out *o)
{
    if (s->phase == QP_OFF) {
        say(q, o, M_NO_TEST, NULL);
        quick(o, "Start the test", "Take the career test");
        return;
    }
    if (s->phase == QP_DONE) {
        quiz_results(q, c, s, o);
        return;
    }
    char n[16];
    snprintf(n, sizeof n, "%d", answered_count(s));
    struct kv vars[] = {{"answered", n}, {NULL, NULL}};
    say(q, o, M_RESUMED, vars);
    if (s->pos >= s->n_seq) {
        s->phase = QP_EDUCATION;
        ask_zone(q, s, o, M_EDUCATION);
    } else {
        s->phase = QP_ASKING;
        ask(q, s, o, M_QUESTION);
    }
}

void quiz_reask(const quiz *q, quiz_state *s, quiz_out *o)
{
    s->reasks++;
    if (s->phase == QP_EDUCATION)
        ask_zone(q, s, o, M_EDUCATION_REASK);
    else
        ask(q, s, o, M_REASK);
}

void quiz_back_to_test(const quiz *q, quiz_state *s, quiz_out *o)
{
    if (s->phase == QP_EDUCATION)
        ask_zone(q, s, o, M_EDUCATION);
    else
        ask(q, s, o, M_BACK_TO_TEST);
}

void quiz_results(const quiz *q, const content *c, quiz_state *s, quiz_out *o)
{
    if (s->phase == QP_OFF) {
        say(q, o, M_NO_TEST, NULL);
        quick(o, "Start the test", "Take the career test");
        return;
    }
    if (s->phase != QP_DONE) {
        quiz_resume(q, c, s, o);
        return;
    }
    double scores[6];
    quiz_scores(q, s, scores);
    double lo = 40, hi = 0;
    for (int t = 0; t < 6; t++) {
        lo = scores[t] < lo ? scores[t] : lo;
        hi = scores[t] > hi ? scores[t] : hi;
    }
    memcpy(o->scores, scores, sizeof o->scores);
    o->chart = true;
    o->answered = answered_count(s);
    o->total = o->answered;
    if (hi - lo < QUIZ_FLAT_RANGE) {
        say(q, o, M_FLAT, NULL);
        quick(o, "Take the full test", "Take the full career test");
        quick(o, "Browse careers", "What can I ask?");
        return;
    }
    int top[QUIZ_TOP];
    int n = quiz_rank(c, scores, s->zone, top, QUIZ_TOP);
    char code[8];
    code_of(scores, code);
    int order[6];
    order_types(scores, order);
    sbuf types = SBUF_INIT, bars = SBUF_INIT, list = SBUF_INIT;
    sbuf_printf(&types, "%s, %s and %s: %s; %s", q->type_name[order[0]], q->type_name[order[1]], q->type_name[order[2]],
                q->type_plain[order[0]], q->type_plain[order[1]]);
    score_bars(q, scores, &bars);
    for (int i = 0; i < n; i++) {
        sbuf fitword = SBUF_INIT, why = SBUF_INIT;
        reason(q, c, top[i], scores, &fitword, &why, true);
        sbuf_printf(&list, "%s- **%s**, %s: %s", i ? "\n" : "", content_title(c, (size_t)top[i]), fitword.p, why.p);
        snprintf(o->career_ids[i], sizeof o->career_ids[i], "%s", content_id(c, (size_t)top[i]));
        sbuf_free(&fitword);
        sbuf_free(&why);
    }
    o->n_careers = n;
    if (!n)
        sbuf_puts(&list, "- I have no careers with interest scores at that level yet.");
    char zone[160];
    snprintf(zone, sizeof zone, "%s", q->zone_text[s->zone ? s->zone : 3]);
    struct kv vars[] = {{"code", code}, {"types", types.p}, {"scores", bars.p}, {"zone", zone}, {"careers", list.p},
                        {"career", n ? content_title(c, (size_t)top[0]) : "a career"}, {NULL, NULL}};
    say(q, o, M_RESULTS, vars);
    sbuf_free(&types);
    sbuf_free(&bars);
    sbuf_free(&list);
}

void quiz_why(const quiz *q, const content *c, const quiz_state *s, int career, quiz_out *o)
{
    double scores[6];
    if (s->phase != QP_DONE || !quiz_scores(q, s, scores)) {
        say(q, o, M_NEED_TEST, NULL);
        quick(o, "Take the test", "Take the career test");
        return;
    }
    sbuf fitword = SBUF_INIT, why = SBUF_INIT;
    reason(q, c, career, scores, &fitword, &why, false);
    /* "a strong match" reads better capitalised at the start of a sentence. */
    if (fitword.len && fitword.p[0] >= 'a' && fitword.p[0] <= 'z')
        fitword.p[0] = (char)(fitword.p[0] - 32);
    struct kv vars[] = {{"career", content_title(c, (size_t)career)}, {"fit", fitword.p}, {"reason", why.p}, {NULL, NULL}};
    say(q, o, M_WHY, vars);
    sbuf_free(&fitword);
    sbuf_free(&why);
}

int quiz__item_type(const quiz *q, int item)
{
    return q->items[item].type;
}
