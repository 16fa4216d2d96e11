/*
 * quiz: the career test's state machine (see quiz.h). Map: the saved state (init, write, load and
 * its checks); the reply (messages and buttons from test.json); reading answers; the words of the
 * results and of "why"; the commands. Loading is quiz_load.c's, the numbers quiz_rank.c's. Every
 * word the test says comes from content/test/test.json; none is written here.
 */
#include "pattern.h"
#include "quiz_int.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FULL_EARLY_FROM 30

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
#define N_PHASES (int)(sizeof phase_names / sizeof phase_names[0])

/* Written straight into b as a JSON object (the session is saved after every turn). Answers by
 * item id, so a reordered item file still reads old sessions right. */
void quiz_state_write(const quiz *q, const quiz_state *s, sbuf *b)
{
    assert(s->phase >= QP_OFF && (int)s->phase < N_PHASES && s->n_seq <= QUIZ_ITEMS);
    int phase = s->phase >= QP_OFF && (int)s->phase < N_PHASES ? (int)s->phase : QP_OFF;
    int n_seq = s->n_seq <= QUIZ_ITEMS ? s->n_seq : 0;
    sbuf_printf(b, "{\"phase\":\"%s\",\"mode\":\"%s\",\"answers\":{", phase_names[phase], s->full ? "full" : "quick");
    bool first = true;
    for (int i = 0; i < n_seq; i++) {
        int k = s->seq[i];
        if (k >= q->n_items || s->answer[k] < -2 || s->answer[k] == -1 || s->answer[k] > 4)
            continue;
        if (!first)
            sbuf_putc(b, ',');
        first = false;
        sbuf_json_str(b, q->items[k].id);
        /* -1 (skipped) or 0..4: no printf for one digit, this runs for every answer of every save */
        sbuf_puts(b, s->answer[k] == -2 ? ":-1" : (const char *[]){":0", ":1", ":2", ":3", ":4"}[s->answer[k]]);
    }
    sbuf_puts(b, "},\"asked\":[");
    first = true;
    for (int i = 0; i < n_seq; i++) {
        if (s->seq[i] >= q->n_items)
            continue;
        if (!first)
            sbuf_putc(b, ',');
        first = false;
        sbuf_json_str(b, q->items[s->seq[i]].id);
    }
    sbuf_printf(b, "],\"pos\":%d,\"zone\":%d", s->pos, s->zone);
    if (s->ret > 0 && s->ret - 1 > s->pos && s->ret - 1 <= n_seq)
        sbuf_printf(b, ",\"return\":%d", s->ret - 1);
    sbuf_putc(b, '}');
}

static int item_index(const quiz *q, const char *id)
{
    for (int i = 0; i < q->n_items; i++)
        if (!strcmp(q->items[i].id, id))
            return i;
    return -1;
}

/* Reads "asked" and "answers". Returns false when something no longer maps to an item (an item
 * file whose ids changed since the save, or a damaged blob): the positions cannot be trusted. */
static bool load_items_of(const quiz *q, quiz_state *s, const cJSON *from)
{
    bool in_seq[QUIZ_ITEMS] = {false};
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(from, "asked"))
    {
        int k = cJSON_IsString(it) ? item_index(q, it->valuestring) : -1;
        if (k < 0 || in_seq[k] || s->n_seq >= QUIZ_ITEMS)
            return false;
        in_seq[k] = true;
        s->seq[s->n_seq++] = (unsigned char)k;
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(from, "answers"))
    {
        int k = item_index(q, it->string);
        if (k < 0 || !in_seq[k])
            return false;
        if (cJSON_IsNumber(it) && it->valueint >= -1 && it->valueint <= 4)
            s->answer[k] = (signed char)(it->valueint == -1 ? -2 : it->valueint);
    }
    return true;
}

/* A saved state is trusted only as far as it holds together: items that still exist, each asked
 * once, answers only to asked items, and a position inside the list. Anything else starts afresh;
 * a test still asking with every question behind it asks the last one again. */
void quiz_state_load(const quiz *q, quiz_state *s, const cJSON *from)
{
    quiz_state_init(s);
    if (!cJSON_IsObject(from))
        return;
    const char *phase = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(from, "phase"));
    for (int p = 0; phase && p < N_PHASES; p++)
        if (!strcmp(phase, phase_names[p]))
            s->phase = (quiz_phase)p;
    const char *mode = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(from, "mode"));
    s->full = mode && !strcmp(mode, "full");
    double zone = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(from, "zone"));
    s->zone = zone >= 1 && zone <= 5 ? (int)zone : 0;
    double pos = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(from, "pos"));
    if (!load_items_of(q, s, from) || !(pos >= 0 && pos <= s->n_seq) || (s->phase != QP_OFF && !s->n_seq)) {
        quiz_state_init(s);
        return;
    }
    s->pos = (int)pos;
    if (s->phase == QP_ASKING && s->pos == s->n_seq)
        s->pos--;
    /* Revisiting an earlier question: the answers up to where the test was stay. */
    double ret = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(from, "return"));
    if (s->phase == QP_ASKING && ret > s->pos && ret <= s->n_seq)
        s->ret = (int)ret + 1;
    for (int i = s->ret ? s->ret - 1 : s->pos; i < s->n_seq; i++)
        s->answer[s->seq[i]] = -1; /* nothing at or after the current question is answered yet */
}

/* The invariant of the hot indexes: the current question is an item of the list. */
static bool at_question(const quiz *q, const quiz_state *s)
{
    return s->n_seq <= QUIZ_ITEMS && s->pos >= 0 && s->pos < s->n_seq && s->seq[s->pos] < q->n_items;
}

/* ===================== The reply ===================== */

void quiz_out_init(quiz_out *o)
{
    memset(o, 0, sizeof *o);
}

void quiz_out_reset(quiz_out *o)
{
    for (int i = 0; i < o->n_quick; i++) {
        free(o->quick[i][0]);
        free(o->quick[i][1]);
    }
    sbuf_reset(&o->text);
    sbuf text = o->text;
    quiz_out_init(o);
    o->text = text;
}

void quiz_out_free(quiz_out *o)
{
    quiz_out_reset(o);
    sbuf_free(&o->text);
}

static const char *kv_lookup(void *ud, const char *name, size_t *len)
{
    for (const struct kv *p = ud; p->k; p++)
        if (!strcmp(p->k, name)) {
            *len = strlen(p->v);
            return p->v;
        }
    return NULL;
}

static void render_tpl(const tpl *t, const struct kv *vars, sbuf *out)
{
    static const struct kv none[] = {{NULL, NULL}};
    tpl_ctx ctx = {NULL, -1, -1, -1, kv_lookup, (void *)(vars ? vars : none)};
    tpl_render(t, &ctx, out);
}

void quiz__render(const quiz *q, enum msg m, const struct kv *vars, sbuf *out)
{
    assert(m >= 0 && m < M_COUNT);
    render_tpl(&q->msgs[m], vars, out);
}

void quiz__say(const quiz *q, quiz_out *o, enum msg m, const struct kv *vars)
{
    if (o->text.len)
        sbuf_puts(&o->text, "\n\n");
    quiz__render(q, m, vars, &o->text);
}

static void quick(quiz_out *o, const char *label, const char *text, const char *intent)
{
    if (o->n_quick < QUIZ_MAX_QUICK) {
        o->quick[o->n_quick][0] = xstrdup(label);
        o->quick[o->n_quick][1] = xstrdup(text);
        o->quick_intent[o->n_quick] = intent;
        o->n_quick++;
    }
}

/* A button of test.json, with career (may be NULL) as {slot.career}. */
void quiz__button(const quiz *q, quiz_out *o, enum button b, const char *career)
{
    struct kv vars[] = {{"career", career ? career : ""}, {NULL, NULL}};
    sbuf label = SBUF_INIT, text = SBUF_INIT;
    render_tpl(&q->buttons[b][0], vars, &label);
    render_tpl(&q->buttons[b][1], vars, &text);
    quick(o, sbuf_str(&label), sbuf_str(&text), q->button_intent[b]);
    sbuf_free(&label);
    sbuf_free(&text);
}

int quiz__answered(const quiz_state *s)
{
    int n = 0;
    int upto = s->ret ? s->ret - 1 : s->pos; /* a revisited question does not hide the ones after it */
    for (int i = 0; i < s->n_seq && i < upto; i++)
        n += s->answer[s->seq[i]] >= 0;
    return n;
}

static int total_for(const quiz_state *s)
{
    return s->full ? QUIZ_ITEMS : (s->n_seq > QUIZ_ITEMS / 2 ? s->n_seq : QUIZ_ITEMS / 2);
}

/* A state that broke its invariants (it cannot come from quiz_state_load): start afresh rather than
 * read out of bounds. Debug builds stop at the assert before this. */
static void bail(const quiz *q, quiz_state *s, quiz_out *o)
{
    quiz_state_init(s);
    quiz__say(q, o, M_NO_TEST, NULL);
    quiz__button(q, o, B_START, NULL);
}

/* The current question, with the five answers and skip as buttons. */
void quiz__ask(const quiz *q, quiz_state *s, quiz_out *o, enum msg m)
{
    assert(at_question(q, s));
    if (!at_question(q, s)) {
        bail(q, s, o);
        return;
    }
    char n[16], total[16];
    snprintf(n, sizeof n, "%d", s->pos + 1);
    snprintf(total, sizeof total, "%d", total_for(s));
    struct kv vars[] = {{"n", n}, {"total", total}, {"activity", q->items[s->seq[s->pos]].text}, {NULL, NULL}};
    quiz__say(q, o, m, vars);
    for (int i = 0; i < N_ANSWERS; i++)
        quick(o, q->answer_label[i], q->answer_label[i], QUIZ_ANSWER_INTENT);
    o->answered = quiz__answered(s);
    o->total = total_for(s);
}

static void ask_zone(const quiz *q, quiz_state *s, quiz_out *o, enum msg m)
{
    quiz__say(q, o, m, NULL);
    for (int z = 1; z <= N_ZONES; z++)
        quick(o, q->zone_label[z], q->zone_label[z], QUIZ_ANSWER_INTENT);
    o->answered = quiz__answered(s);
    o->total = total_for(s);
}

/* ===================== Reading answers ===================== */

/* Whether one of the patterns p matches the whole of text (len > 0). Patterns that cannot match by
 * their length or first byte are not run: most are not, for a short answer. */
static bool any_match(const quiz *q, const struct pats *p, const char *text, size_t len, pcre2_match_data *md)
{
    unsigned char c0 = (unsigned char)text[0];
    for (size_t i = 0; i < p->n; i++) {
        if (len < p->minlen[i] || (p->first[i] && !(p->first[i][c0 / 8] & (1u << (c0 % 8)))))
            continue;
        if (pattern_match(p->v[i], text, len, md, q->mctx) >= 0)
            return true;
    }
    return false;
}

size_t quiz__trim_end(const char *text, size_t len)
{
    while (len && strchr(" .!?,;:)", text[len - 1]))
        len--;
    return len;
}

/* True when text is the button label (the buttons send their label). */
static bool is_label(const char *label, size_t label_len, const char *text, size_t len)
{
    return label_len == len && !strncasecmp(label, text, len);
}

int quiz_parse_answer(const quiz *q, const char *text, size_t len, pcre2_match_data *md)
{
    len = quiz__trim_end(text, len);
    if (!len)
        return -2;
    for (int i = 0; i < N_ANSWERS; i++)
        if (is_label(q->answer_label[i], q->answer_label_len[i], text, len) ||
            any_match(q, &q->answer_pats[i], text, len, md))
            return q->answer_value[i];
    return -2;
}

int quiz_parse_zone(const quiz *q, const char *text, size_t len, pcre2_match_data *md)
{
    len = quiz__trim_end(text, len);
    for (int z = 1; z <= N_ZONES; z++)
        if (is_label(q->zone_label[z], q->zone_label_len[z], text, len) ||
            any_match(q, &q->zone_pats[z], text, len, md))
            return z;
    return 0;
}

/* ===================== Commands ===================== */

static void set_sequence(const quiz *q, quiz_state *s)
{
    s->n_seq = 0;
    for (int i = 0; i < q->n_items && i < QUIZ_ITEMS; i++)
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
        quiz__say(q, o, M_RESTARTED, NULL);
    quiz__say(q, o, full ? M_START_FULL : M_START_QUICK, vars);
    quiz__ask(q, s, o, M_QUESTION);
}

/* After the last asked item: replace skipped items so each type has enough answers. */
static void top_up(const quiz *q, quiz_state *s)
{
    int given = 0;
    for (int i = 0; i < s->n_seq; i++)
        given += s->answer[s->seq[i]] >= 0;
    if (given * 2 < s->n_seq)
        return; /* most were skipped: more questions would be skipped too; the results say so */
    for (int t = 0; t < RIASEC_TYPES; t++) {
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
    assert(at_question(q, s) && value >= -1 && value <= 4);
    if (!at_question(q, s)) {
        bail(q, s, o);
        return;
    }
    s->answer[s->seq[s->pos]] = (signed char)(value < 0 ? -2 : value > 4 ? 4 : value);
    s->pos = s->ret ? s->ret - 1 : s->pos + 1; /* after a revisited question, back where the test was */
    s->ret = 0;
    s->reasks = 0;
    bool stop_early = s->full && s->pos >= FULL_EARLY_FROM && quiz__clear_enough(q, s);
    if (s->pos >= s->n_seq && !stop_early)
        top_up(q, s);
    if (s->pos < s->n_seq && !stop_early) {
        quiz__ask(q, s, o, M_QUESTION);
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
    if (s->phase == QP_OFF || !s->n_seq) {
        quiz__say(q, o, M_NO_TEST, NULL);
        quiz__button(q, o, B_START, NULL);
        return;
    }
    if (s->ret) { /* back from a revisited question: where the test was, then one step back */
        s->pos = s->ret - 1;
        s->ret = 0;
    }
    if (s->phase == QP_PAUSED)
        s->phase = s->pos >= s->n_seq ? QP_EDUCATION : QP_ASKING;
    if (s->phase == QP_DONE && s->zone) { /* after the results: the last question was the education one */
        s->phase = QP_EDUCATION;
        ask_zone(q, s, o, M_BACK_TO_EDUCATION);
        return;
    }
    if (s->phase == QP_EDUCATION || s->phase == QP_DONE)
        s->phase = QP_ASKING; /* back to the last activity; a chosen zone is kept */
    if (s->pos == 0) {
        quiz__say(q, o, M_NOTHING_TO_UNDO, NULL);
        quiz__ask(q, s, o, M_QUESTION);
        return;
    }
    assert(s->pos > 0 && s->pos <= s->n_seq);
    if (s->pos > s->n_seq) {
        bail(q, s, o);
        return;
    }
    s->pos--;
    s->answer[s->seq[s->pos]] = -1;
    s->reasks = 0;
    quiz__say(q, o, M_WENT_BACK, NULL);
    quiz__ask(q, s, o, M_QUESTION);
}

void quiz_crisis_aside(const quiz *q, quiz_out *o)
{
    quiz__say(q, o, M_CRISIS_ASIDE, NULL);
}

void quiz_goto(const quiz *q, quiz_state *s, int number, quiz_out *o)
{
    char num[16], answered[16];
    snprintf(num, sizeof num, "%d", number);
    snprintf(answered, sizeof answered, "%d", quiz__answered(s));
    /* Only a question already behind the person: answered or skipped, before where the test is. */
    int behind = s->phase == QP_ASKING ? s->pos : s->phase == QP_OFF ? 0 : s->n_seq;
    if (s->ret)
        behind = s->ret - 1;
    if (number < 1 || number > behind || number > s->n_seq) {
        struct kv vars[] = {{"number", num}, {"answered", answered}, {NULL, NULL}};
        quiz__say(q, o, M_NO_SUCH_QUESTION, vars);
        if (quiz_active(s))
            quiz_back_to_test(q, s, o);
        else if (s->phase == QP_OFF)
            quiz__button(q, o, B_START, NULL);
        return;
    }
    int k = s->seq[number - 1];
    int was = s->answer[k];
    s->ret = behind + 1;
    s->pos = number - 1;
    s->phase = QP_ASKING;
    s->reasks = 0;
    const char *said = was >= 0 && was <= 4 ? q->answer_label[4 - was] : q->answer_label[N_ANSWERS - 1];
    struct kv vars[] = {{"number", num}, {"was", said}, {NULL, NULL}};
    quiz__say(q, o, M_REVISIT, vars);
    quiz__ask(q, s, o, M_QUESTION);
}

void quiz_pause(const quiz *q, quiz_state *s, quiz_out *o)
{
    char n[16];
    snprintf(n, sizeof n, "%d", quiz__answered(s));
    struct kv vars[] = {{"answered", n}, {NULL, NULL}};
    if (quiz_active(s))
        s->phase = QP_PAUSED;
    quiz__say(q, o, M_PAUSED, vars);
    quiz__button(q, o, B_CONTINUE, NULL);
}

void quiz_resume(const quiz *q, const content *c, quiz_state *s, quiz_out *o)
{
    if (s->phase == QP_OFF) {
        quiz__say(q, o, M_NO_TEST, NULL);
        quiz__button(q, o, B_START, NULL);
        return;
    }
    if (s->phase == QP_DONE) {
        quiz_results(q, c, s, o);
        return;
    }
    char n[16];
    snprintf(n, sizeof n, "%d", quiz__answered(s));
    struct kv vars[] = {{"answered", n}, {NULL, NULL}};
    quiz__say(q, o, M_RESUMED, vars);
    if (s->pos >= s->n_seq) {
        s->phase = QP_EDUCATION;
        ask_zone(q, s, o, M_EDUCATION);
    } else {
        s->phase = QP_ASKING;
        quiz__ask(q, s, o, M_QUESTION);
    }
}

void quiz_reask(const quiz *q, quiz_state *s, quiz_out *o)
{
    s->reasks++;
    if (s->phase == QP_EDUCATION)
        ask_zone(q, s, o, M_EDUCATION_REASK);
    else
        quiz__ask(q, s, o, M_REASK);
}

void quiz_back_to_test(const quiz *q, quiz_state *s, quiz_out *o)
{
    if (s->phase == QP_EDUCATION)
        ask_zone(q, s, o, M_EDUCATION);
    else
        quiz__ask(q, s, o, M_BACK_TO_TEST);
}
