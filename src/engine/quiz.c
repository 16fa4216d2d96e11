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
    sbuf_printf(b, "],\"pos\":%d,\"zone\":%d}", s->pos, s->zone);
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
    for (int i = s->pos; i < s->n_seq; i++)
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

static void say(const quiz *q, quiz_out *o, enum msg m, const struct kv *vars)
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
static void button(const quiz *q, quiz_out *o, enum button b, const char *career)
{
    struct kv vars[] = {{"career", career ? career : ""}, {NULL, NULL}};
    sbuf label = SBUF_INIT, text = SBUF_INIT;
    render_tpl(&q->buttons[b][0], vars, &label);
    render_tpl(&q->buttons[b][1], vars, &text);
    quick(o, sbuf_str(&label), sbuf_str(&text), q->button_intent[b]);
    sbuf_free(&label);
    sbuf_free(&text);
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

/* A state that broke its invariants (it cannot come from quiz_state_load): start afresh rather than
 * read out of bounds. Debug builds stop at the assert before this. */
static void bail(const quiz *q, quiz_state *s, quiz_out *o)
{
    quiz_state_init(s);
    say(q, o, M_NO_TEST, NULL);
    button(q, o, B_START, NULL);
}

/* The current question, with the five answers and skip as buttons. */
static void ask(const quiz *q, quiz_state *s, quiz_out *o, enum msg m)
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
    say(q, o, m, vars);
    for (int i = 0; i < N_ANSWERS; i++)
        quick(o, q->answer_label[i], q->answer_label[i], QUIZ_ANSWER_INTENT);
    o->answered = answered_count(s);
    o->total = total_for(s);
}

static void ask_zone(const quiz *q, quiz_state *s, quiz_out *o, enum msg m)
{
    say(q, o, m, NULL);
    for (int z = 1; z <= N_ZONES; z++)
        quick(o, q->zone_label[z], q->zone_label[z], QUIZ_ANSWER_INTENT);
    o->answered = answered_count(s);
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

/* ===================== The words of the results ===================== */

/* "I-C-A": the first three types of order. */
static void code_str(const int order[3], char out[8])
{
    snprintf(out, 8, "%c-%c-%c", riasec_letter(order[0]), riasec_letter(order[1]), riasec_letter(order[2]));
}

/* What a career shares with the person's top two types (user: the person's types in order). */
static void reason_tail(const quiz *q, const int code[3], const int user[RIASEC_TYPES], sbuf *why)
{
    struct kv vars[] = {{"type", q->type_name[code[0]]}, {"shared", ""}, {NULL, NULL}};
    if (code[0] == user[0] || code[0] == user[1]) {
        quiz__render(q, M_REASON_LEAD, vars, why);
        return;
    }
    /* Say honestly what it shares and what it adds. */
    int shared = -1;
    for (int i = 0; i < 3 && shared < 0; i++)
        if (code[i] == user[0] || code[i] == user[1])
            shared = code[i];
    if (shared >= 0) {
        vars[1].v = q->type_name[shared];
        quiz__render(q, M_REASON_SHARES, vars, why);
    } else {
        quiz__render(q, M_REASON_OTHER, vars, why);
    }
}

/* "a strong match" into fitword, and "You scored highest on Investigative and Conventional; Data
 * Scientist is I-C-A: ..." into why (brief: from the code on). */
static void reason(const quiz *q, const content *c, int career, const double scores[6], sbuf *fitword, sbuf *why,
                   bool brief)
{
    double f = quiz_fit(c, career, scores);
    double oi[RIASEC_TYPES];
    int code[3], user[RIASEC_TYPES];
    riasec_order(scores, user);
    const char *title = content_title(c, (size_t)career);
    if (!quiz__career_profile(c, career, oi, code)) {
        struct kv vars[] = {{"career", title}, {NULL, NULL}};
        quiz__render(q, M_NO_PROFILE, NULL, fitword);
        quiz__render(q, M_NO_SCORES, vars, why);
        return;
    }
    quiz__render(q,
                 f >= 0.75   ? M_FIT_STRONG
                 : f >= 0.5  ? M_FIT_GOOD
                 : f >= 0.25 ? M_FIT_PARTIAL
                             : M_FIT_WEAK,
                 NULL, fitword);
    char cc[8];
    code_str(code, cc);
    if (brief) {
        sbuf_puts(why, cc);
    } else {
        struct kv vars[] = {{"first", q->type_name[user[0]]},
                            {"second", q->type_name[user[1]]},
                            {"career", title},
                            {"code", cc},
                            {NULL, NULL}};
        quiz__render(q, M_REASON, vars, why);
    }
    reason_tail(q, code, user, why);
}

static void score_bars(const quiz *q, const double scores[6], sbuf *out)
{
    int order[RIASEC_TYPES];
    riasec_order(scores, order);
    for (int i = 0; i < RIASEC_TYPES; i++) {
        int t = order[i];
        int filled = (int)(scores[t] / 2 + 0.5);
        sbuf_printf(out, "%s- %-13s ", i ? "\n" : "", q->type_name[t]);
        for (int k = 0; k < 20; k++)
            sbuf_puts(out, k < filled ? "\xe2\x96\x88" : "\xe2\x96\x91");
        sbuf_printf(out, " %2.0f/40", scores[t]);
    }
}

/* "Investigative, Conventional and Artistic: finding things out ...; organising ..." */
static void type_summary(const quiz *q, const int order[RIASEC_TYPES], sbuf *out)
{
    struct kv vars[] = {{"first", q->type_name[order[0]]},         {"second", q->type_name[order[1]]},
                        {"third", q->type_name[order[2]]},         {"first_plain", q->type_plain[order[0]]},
                        {"second_plain", q->type_plain[order[1]]}, {NULL, NULL}};
    quiz__render(q, M_TYPE_SUMMARY, vars, out);
}

/* The list of careers of the results, one line each; their ids go to o. */
static void career_list(const quiz *q, const content *c, const double scores[6], const int *top, int n, quiz_out *o,
                        sbuf *list)
{
    for (int i = 0; i < n; i++) {
        sbuf fitword = SBUF_INIT, why = SBUF_INIT;
        reason(q, c, top[i], scores, &fitword, &why, true);
        sbuf_printf(list, "%s- **%s**, %s: %s", i ? "\n" : "", content_title(c, (size_t)top[i]), fitword.p, why.p);
        const char *pay =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)top[i]), "pay_short"));
        if (pay) { /* the median beside each career (BLS) */
            struct kv vars[] = {{"pay", pay}, {NULL, NULL}};
            quiz__render(q, M_PAY_NOTE, vars, list);
        }
        snprintf(o->career_ids[i], sizeof o->career_ids[i], "%s", content_id(c, (size_t)top[i]));
        sbuf_free(&fitword);
        sbuf_free(&why);
    }
    o->n_careers = n;
    if (!n)
        quiz__render(q, M_NO_CAREERS, NULL, list);
}

/* The buttons of the results: ask about the best match, or see the other levels. */
static void results_buttons(const quiz *q, const content *c, const int *top, int n, quiz_out *o)
{
    if (!n)
        return;
    const char *first = content_title(c, (size_t)top[0]);
    button(q, o, B_WHY, first);
    button(q, o, B_TELL, first);
    if (n > 1)
        button(q, o, B_TELL, content_title(c, (size_t)top[1]));
    button(q, o, B_STRETCH, NULL);
    button(q, o, B_STEP_DOWN, NULL);
    button(q, o, B_RETAKE, NULL);
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
        say(q, o, M_RESTARTED, NULL);
    say(q, o, full ? M_START_FULL : M_START_QUICK, vars);
    ask(q, s, o, M_QUESTION);
}

/* After the last asked item: replace skipped items so each type has enough answers. */
static void top_up(const quiz *q, quiz_state *s)
{
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
    s->pos++;
    s->reasks = 0;
    bool stop_early = s->full && s->pos >= FULL_EARLY_FROM && quiz__clear_enough(q, s);
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
    assert(s->pos > 0 && s->pos <= s->n_seq);
    if (s->pos > s->n_seq) {
        bail(q, s, o);
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
    button(q, o, B_CONTINUE, NULL);
}

void quiz_resume(const quiz *q, const content *c, quiz_state *s, quiz_out *o)
{
    if (s->phase == QP_OFF) {
        say(q, o, M_NO_TEST, NULL);
        button(q, o, B_START, NULL);
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
        button(q, o, B_START, NULL);
        return;
    }
    if (s->phase != QP_DONE) {
        quiz_resume(q, c, s, o);
        return;
    }
    double scores[RIASEC_TYPES];
    quiz_scores(q, s, scores);
    double lo = 40, hi = 0;
    for (int t = 0; t < RIASEC_TYPES; t++) {
        lo = scores[t] < lo ? scores[t] : lo;
        hi = scores[t] > hi ? scores[t] : hi;
    }
    memcpy(o->scores, scores, sizeof o->scores);
    o->chart = true;
    o->answered = answered_count(s);
    o->total = o->answered;
    if (hi - lo < QUIZ_FLAT_RANGE) {
        say(q, o, M_FLAT, NULL);
        button(q, o, B_FULL_TEST, NULL);
        button(q, o, B_BROWSE, NULL);
        return;
    }
    int top[QUIZ_TOP];
    int n = quiz_rank(c, scores, s->zone, top, QUIZ_TOP);
    char code[8];
    int order[RIASEC_TYPES];
    riasec_order(scores, order);
    code_str(order, code);
    sbuf types = SBUF_INIT, bars = SBUF_INIT, list = SBUF_INIT, some = SBUF_INIT;
    type_summary(q, order, &types);
    score_bars(q, scores, &bars);
    career_list(q, c, scores, top, n, o, &list);
    if (!n)
        quiz__render(q, M_SOME_CAREER, NULL, &some);
    struct kv vars[] = {{"code", code},      {"types", types.p},
                        {"scores", bars.p},  {"zone", q->zone_text[s->zone >= 1 && s->zone <= N_ZONES ? s->zone : 3]},
                        {"careers", list.p}, {"career", n ? content_title(c, (size_t)top[0]) : sbuf_str(&some)},
                        {NULL, NULL}};
    say(q, o, M_RESULTS, vars);
    results_buttons(q, c, top, n, o);
    sbuf_free(&types);
    sbuf_free(&bars);
    sbuf_free(&list);
    sbuf_free(&some);
}

void quiz_why(const quiz *q, const content *c, const quiz_state *s, int career, quiz_out *o)
{
    double scores[RIASEC_TYPES];
    if (s->phase != QP_DONE || !quiz_scores(q, s, scores)) {
        say(q, o, M_NEED_TEST, NULL);
        button(q, o, B_TAKE_TEST, NULL);
        return;
    }
    sbuf fitword = SBUF_INIT, why = SBUF_INIT;
    reason(q, c, career, scores, &fitword, &why, false);
    /* "a strong match" reads better capitalised at the start of a sentence. */
    if (fitword.len && fitword.p[0] >= 'a' && fitword.p[0] <= 'z')
        fitword.p[0] = (char)(fitword.p[0] - 32);
    struct kv vars[] = {
        {"career", content_title(c, (size_t)career)}, {"fit", fitword.p}, {"reason", why.p}, {NULL, NULL}};
    say(q, o, M_WHY, vars);
    sbuf_free(&fitword);
    sbuf_free(&why);
}
