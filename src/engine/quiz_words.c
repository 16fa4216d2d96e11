/*
 * quiz_words: what the career test says about a person's results (see quiz.h). Map: small pieces
 * (lists of types, numbers, a career's training and typical task); the code and its ties; each
 * career's reason; the results; "why X?". Every word comes from content/test/test.json; the
 * numbers come from quiz_rank.c and the career records.
 */
#include "quiz_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TASK_MAX 110 /* a typical task longer than this is cut at a clause, or left out */

/* ===================== Pieces ===================== */

/* "A", "A and B", "A, B and C": the names of types[0..n) into out, joined with test.json's words. */
static void join_types(const quiz *q, const int *types, int n, sbuf *out)
{
    for (int i = 0; i < n; i++) {
        if (i)
            quiz__render(q, i + 1 == n ? M_AND : M_COMMA, NULL, out);
        sbuf_puts(out, q->type_name[types[i]]);
    }
}

/* "Investigative (38/40)" or "Investigative (7.0 of 7)". */
static void type_score(const quiz *q, int t, double score, bool of_40, sbuf *out)
{
    char num[16];
    snprintf(num, sizeof num, of_40 ? "%.0f" : "%.1f", score);
    struct kv vars[] = {{"type", q->type_name[t]}, {"score", num}, {NULL, NULL}};
    quiz__render(q, of_40 ? M_SCORE_OF_40 : M_SCORE_OF_7, vars, out);
}

/* "Investigative (38/40) and Conventional (30/40)": the types of order[0..n) with their scores. */
static void scored_types(const quiz *q, const int *order, int n, const double *scores, bool of_40, sbuf *out)
{
    for (int i = 0; i < n; i++) {
        if (i)
            quiz__render(q, i + 1 == n ? M_AND : M_COMMA, NULL, out);
        type_score(q, order[i], scores[order[i]], of_40, out);
    }
}

/* What a career of career's zone needs ("a bachelor's degree"), or NULL when it has no zone. */
static const char *career_needs(const quiz *q, const content *c, int career)
{
    int z = quiz__career_zone(c, career);
    return z >= 1 && z <= N_ZONES ? q->zone_needs[z] : NULL;
}

/* The first duty of a career as a short phrase ("frame the problem", "analyze data to ..."), into
 * out; false when it has none short enough to read in a list. */
static bool typical_task(const content *c, int career, sbuf *out)
{
    const cJSON *duty =
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)career), "duties"), 0);
    const char *t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(duty, "name"));
    if (!t)
        t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(duty, "text"));
    if (!t || !*t)
        return false;
    size_t n = strlen(t);
    while (n && strchr(" .;:", t[n - 1]))
        n--;
    if (n > TASK_MAX) { /* a long task statement: up to its first clause, if that says enough */
        const char *cut = strpbrk(t, ";,(");
        if (!cut || cut - t < 24 || cut - t > TASK_MAX)
            return false;
        n = (size_t)(cut - t);
    }
    size_t at = out->len;
    sbuf_append(out, t, n);
    /* "Analyze data" reads "analyze data" mid-sentence; "SQL queries" keeps its capitals. */
    if (n > 1 && out->p[at] >= 'A' && out->p[at] <= 'Z' && out->p[at + 1] >= 'a' && out->p[at + 1] <= 'z')
        out->p[at] = (char)(out->p[at] + 32);
    return true;
}

/* ===================== The code ===================== */

/* "I-C": the k letters of order that stand clear. */
static void code_str(const int *order, int k, char out[2 * RIASEC_TYPES])
{
    size_t at = 0;
    for (int i = 0; i < k && i < QUIZ_MAX_LETTERS; i++) {
        if (i)
            out[at++] = '-';
        out[at++] = riasec_letter(order[i]);
    }
    out[at] = '\0';
}

/* Scores that tie among the person's top three, above their middle: "Artistic and Conventional
 * are tied at 30/40, ...", each group once, into out. */
static void ties(const quiz *q, const double scores[6], const int order[6], sbuf *out)
{
    double mid = quiz_midpoint(scores);
    for (int i = 0; i < QUIZ_MAX_LETTERS; i++) {
        if (i && scores[order[i]] == scores[order[i - 1]])
            continue; /* inside a group already said */
        int n = 1;
        while (i + n < RIASEC_TYPES && scores[order[i + n]] == scores[order[i]])
            n++;
        if (n < 2 || scores[order[i]] <= mid)
            continue;
        sbuf joined = SBUF_INIT;
        join_types(q, order + i, n, &joined);
        char num[16];
        snprintf(num, sizeof num, "%.0f", scores[order[i]]);
        struct kv vars[] = {{"types", joined.p}, {"score", num}, {NULL, NULL}};
        sbuf_putc(out, ' ');
        quiz__render(q, M_TIE, vars, out);
        sbuf_free(&joined);
    }
}

/* "Investigative and Conventional: finding things out ...; organising ...", for the k clear types. */
static void type_summary(const quiz *q, const int order[RIASEC_TYPES], int k, sbuf *out)
{
    struct kv vars[] = {{"first", q->type_name[order[0]]},
                        {"second", q->type_name[order[1]]},
                        {"third", q->type_name[order[2]]},
                        {"first_plain", q->type_plain[order[0]]},
                        {"second_plain", q->type_plain[order[1]]},
                        {"fourth", q->type_name[order[3]]},
                        {NULL, NULL}};
    static const enum msg by_k[] = {M_TYPE_SUMMARY_1, M_TYPE_SUMMARY_1, M_TYPE_SUMMARY_2, M_TYPE_SUMMARY,
                                    M_TYPE_SUMMARY_4};
    quiz__render(q, by_k[k >= 0 && k <= 4 ? k : 4], vars, out);
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

/* ===================== A career's reason ===================== */

/* "draws on your Investigative and Conventional interests, with Artistic work besides": which of
 * the person's clear interests (order[0..k)) the career's profile is high on (above its own
 * middle, among its three highest), and what it leads with besides. */
static void uses(const quiz *q, const double oi[6], const int code[3], const int *order, int k, sbuf *out)
{
    double lo = oi[0], hi = oi[0];
    for (int t = 1; t < RIASEC_TYPES; t++) {
        lo = oi[t] < lo ? oi[t] : lo;
        hi = oi[t] > hi ? oi[t] : hi;
    }
    int used[QUIZ_MAX_LETTERS], n = 0;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < 3; j++)
            if (code[j] == order[i] && oi[code[j]] > (lo + hi) / 2)
                used[n++] = order[i];
    if (!n) {
        quiz__render(q, M_REASON_NONE, NULL, out);
        return;
    }
    sbuf joined = SBUF_INIT;
    join_types(q, used, n, &joined);
    struct kv vars[] = {{"uses", joined.p}, {"type", q->type_name[code[0]]}, {NULL, NULL}};
    quiz__render(q, n == 1 ? M_REASON_USES_ONE : M_REASON_USES_MANY, vars, out);
    bool leads = false;
    for (int i = 0; i < n; i++)
        leads = leads || used[i] == code[0];
    if (!leads)
        quiz__render(q, M_REASON_ADDS, vars, out);
    sbuf_free(&joined);
}

/* The fit word of career for scores ("a strong match") into fitword; false when it has no profile. */
static bool fit_word(const quiz *q, const content *c, int career, const double scores[6], sbuf *fitword)
{
    double f = quiz_fit(c, career, scores);
    if (f < -1.5) {
        quiz__render(q, M_NO_PROFILE, NULL, fitword);
        return false;
    }
    static const enum msg words[4] = {M_FIT_WEAK, M_FIT_PARTIAL, M_FIT_GOOD, M_FIT_STRONG};
    quiz__render(q, words[quiz_band(f)], NULL, fitword);
    return true;
}

/* One career's line of the results: what it uses of the person's interests, its training, a task. */
static void list_reason(const quiz *q, const content *c, int career, const int *order, int k, sbuf *why)
{
    double oi[RIASEC_TYPES];
    int code[3];
    if (!quiz__career_profile(c, career, oi, code))
        return;
    uses(q, oi, code, order, k, why);
    const char *needs = career_needs(q, c, career);
    if (needs) {
        struct kv vars[] = {{"needs", needs}, {NULL, NULL}};
        quiz__render(q, M_REASON_TRAINING, vars, why);
    }
    sbuf task = SBUF_INIT;
    if (typical_task(c, career, &task)) {
        struct kv vars[] = {{"task", task.p}, {NULL, NULL}};
        quiz__render(q, M_REASON_TASK, vars, why);
    }
    sbuf_free(&task);
}

/* The careers top[from..to) of the results, one line each, into list; their ids go to o. */
static void career_lines(const quiz *q, const content *c, const double scores[6], const int *top, int from, int to,
                         quiz_out *o, sbuf *list)
{
    int order[RIASEC_TYPES];
    int k = quiz_clear_letters(scores, order);
    for (int i = from; i < to; i++) {
        sbuf fitword = SBUF_INIT, why = SBUF_INIT, pay = SBUF_INIT;
        fit_word(q, c, top[i], scores, &fitword);
        list_reason(q, c, top[i], order, k, &why);
        const char *median =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(content_record(c, (size_t)top[i]), "pay_short"));
        if (median) { /* the median beside each career (BLS) */
            struct kv vars[] = {{"pay", median}, {NULL, NULL}};
            quiz__render(q, M_PAY_NOTE, vars, &pay);
        }
        struct kv vars[] = {{"career", content_title(c, (size_t)top[i])},
                            {"fit", sbuf_str(&fitword)},
                            {"reason", sbuf_str(&why)},
                            {"pay", sbuf_str(&pay)},
                            {NULL, NULL}};
        if (list->len)
            sbuf_putc(list, '\n');
        quiz__render(q, M_LIST_ITEM, vars, list);
        snprintf(o->career_ids[i], sizeof o->career_ids[i], "%s", content_id(c, (size_t)top[i]));
        sbuf_free(&fitword);
        sbuf_free(&why);
        sbuf_free(&pay);
    }
}

/* The list of the results: the chosen zone's careers, then (when it ran short) the other zone's,
 * under their own label. */
static void career_list(const quiz *q, const content *c, const double scores[6], int zone, const int *top, int n,
                        int n_zone, quiz_out *o, sbuf *list)
{
    if (!n_zone)
        quiz__render(q, M_NO_CAREERS, NULL, list);
    career_lines(q, c, scores, top, 0, n_zone, o, list);
    int other = quiz_other_zone(zone);
    if (n > n_zone && other) {
        struct kv vars[] = {{"zone", q->zone_text[other]}, {NULL, NULL}};
        sbuf_puts(list, "\n\n");
        quiz__render(q, other > zone ? M_OTHER_ZONE_UP : M_OTHER_ZONE_DOWN, vars, list);
        sbuf part = SBUF_INIT;
        career_lines(q, c, scores, top, n_zone, n, o, &part);
        sbuf_putc(list, '\n');
        sbuf_puts(list, sbuf_str(&part));
        sbuf_free(&part);
    }
    o->n_careers = n;
}

/* The buttons of the results: ask about the best match, or see the other levels. */
static void results_buttons(const quiz *q, const content *c, const int *top, int n, quiz_out *o)
{
    if (!n)
        return;
    const char *first = content_title(c, (size_t)top[0]);
    quiz__button(q, o, B_WHY, first);
    quiz__button(q, o, B_TELL, first);
    if (n > 1)
        quiz__button(q, o, B_TELL, content_title(c, (size_t)top[1]));
    quiz__button(q, o, B_STRETCH, NULL);
    quiz__button(q, o, B_STEP_DOWN, NULL);
    quiz__button(q, o, B_RETAKE, NULL);
}

/* ===================== The results ===================== */

/* Results that cannot be ranked honestly: too few answers, a flat or a near-flat profile. Returns
 * whether it said so. */
static bool unrankable(const quiz *q, const quiz_state *s, const double scores[6], bool enough, quiz_out *o)
{
    double lo = 40, hi = 0;
    for (int t = 0; t < RIASEC_TYPES; t++) {
        lo = scores[t] < lo ? scores[t] : lo;
        hi = scores[t] > hi ? scores[t] : hi;
    }
    int order[RIASEC_TYPES];
    if (!enough) { /* everything skipped is no profile, not an even one */
        o->chart = false;
        quiz__say(q, o, M_TOO_FEW, NULL);
        quiz__button(q, o, B_RETAKE, NULL);
        quiz__button(q, o, B_BROWSE, NULL);
        return true;
    }
    if (hi - lo < QUIZ_FLAT_RANGE) {
        quiz__say(q, o, M_FLAT, NULL);
    } else if (!quiz_clear_letters(scores, order)) {
        sbuf bars = SBUF_INIT;
        score_bars(q, scores, &bars);
        struct kv vars[] = {{"scores", bars.p}, {NULL, NULL}};
        quiz__say(q, o, M_NEAR_FLAT, vars);
        sbuf_free(&bars);
    } else {
        return false;
    }
    if (!s->full)
        quiz__button(q, o, B_FULL_TEST, NULL);
    quiz__button(q, o, B_BROWSE, NULL);
    return true;
}

void quiz_results(const quiz *q, const content *c, quiz_state *s, quiz_out *o)
{
    if (s->phase == QP_OFF) {
        quiz__say(q, o, M_NO_TEST, NULL);
        quiz__button(q, o, B_START, NULL);
        return;
    }
    if (s->phase != QP_DONE) {
        quiz_resume(q, c, s, o);
        return;
    }
    double scores[RIASEC_TYPES];
    bool enough = quiz_scores(q, s, scores);
    memcpy(o->scores, scores, sizeof o->scores);
    o->chart = true;
    o->answered = quiz__answered(s);
    o->total = o->answered;
    int run = quiz__straight_run(q, s);
    if (run >= QUIZ_STRAIGHT_RUN) {
        char num[16];
        snprintf(num, sizeof num, "%d", run);
        struct kv vars[] = {{"run", num}, {NULL, NULL}};
        quiz__say(q, o, M_STRAIGHT, vars);
    }
    if (unrankable(q, s, scores, enough, o))
        return;
    int top[QUIZ_TOP], n_zone = 0;
    int zone = s->zone >= 1 && s->zone <= N_ZONES ? s->zone : 3;
    int n = quiz_rank(c, scores, zone, top, QUIZ_TOP, &n_zone);
    int order[RIASEC_TYPES];
    int k = quiz_clear_letters(scores, order);
    char code[2 * RIASEC_TYPES];
    code_str(order, k, code);
    sbuf types = SBUF_INIT, bars = SBUF_INIT, list = SBUF_INIT, some = SBUF_INIT;
    type_summary(q, order, k, &types);
    ties(q, scores, order, &types);
    score_bars(q, scores, &bars);
    career_list(q, c, scores, zone, top, n, n_zone, o, &list);
    if (!n)
        quiz__render(q, M_SOME_CAREER, NULL, &some);
    struct kv vars[] = {{"code", code},      {"types", types.p},
                        {"scores", bars.p},  {"zone", q->zone_text[zone]},
                        {"careers", list.p}, {"career", n ? content_title(c, (size_t)top[0]) : sbuf_str(&some)},
                        {NULL, NULL}};
    quiz__say(q, o, M_RESULTS, vars);
    results_buttons(q, c, top, n, o);
    sbuf_free(&types);
    sbuf_free(&bars);
    sbuf_free(&list);
    sbuf_free(&some);
}

/* ===================== Why ===================== */

/* "Your clearest interests: ... correlate at 0.86. It draws on ...", then the training against the
 * level chosen, then a typical task. */
static void why_reason(const quiz *q, const content *c, const quiz_state *s, int career, const double scores[6],
                       sbuf *why)
{
    double oi[RIASEC_TYPES];
    int code[3], order[RIASEC_TYPES], corder[RIASEC_TYPES];
    int k = quiz_clear_letters(scores, order);
    quiz__career_profile(c, career, oi, code);
    riasec_order(oi, corder);
    sbuf yours = SBUF_INIT, theirs = SBUF_INIT, used = SBUF_INIT;
    scored_types(q, order, k ? k : 2, scores, true, &yours);
    scored_types(q, corder, 3, oi, false, &theirs);
    /* Why not: a career whose profile goes against the person's, or too loosely to be listed. */
    struct kv lead[] = {{"type", q->type_name[code[0]]}, {NULL, NULL}};
    if (riasec_correlation(scores, oi) < 0)
        quiz__render(q, M_REASON_AGAINST, lead, &used);
    else
        uses(q, oi, code, order, k ? k : 2, &used);
    if (riasec_correlation(scores, oi) >= 0 && riasec_correlation(scores, oi) < QUIZ_MIN_R)
        quiz__render(q, M_REASON_UNLIKE, lead, &used);
    char r[16];
    snprintf(r, sizeof r, "%.2f", riasec_correlation(scores, oi));
    struct kv vars[] = {{"yours", yours.p},   {"career", content_title(c, (size_t)career)},
                        {"theirs", theirs.p}, {"r", r},
                        {"uses", used.p},     {NULL, NULL}};
    quiz__render(q, M_REASON, vars, why);
    const char *needs = career_needs(q, c, career);
    int cz = quiz__career_zone(c, career);
    if (needs && s->zone >= 1 && s->zone <= N_ZONES) {
        struct kv zv[] = {{"needs", needs}, {"chosen", q->zone_needs[s->zone]}, {NULL, NULL}};
        sbuf_putc(why, ' ');
        quiz__render(q, cz == s->zone ? M_WHY_SAME_ZONE : cz > s->zone ? M_WHY_MORE_ZONE : M_WHY_LESS_ZONE, zv, why);
    }
    sbuf task = SBUF_INIT;
    if (typical_task(c, career, &task)) {
        struct kv tv[] = {{"task", task.p}, {NULL, NULL}};
        sbuf_putc(why, ' ');
        quiz__render(q, M_WHY_TASK, tv, why);
    }
    sbuf_free(&task);
    sbuf_free(&yours);
    sbuf_free(&theirs);
    sbuf_free(&used);
}

void quiz_why(const quiz *q, const content *c, quiz_state *s, int career, quiz_out *o)
{
    double scores[RIASEC_TYPES];
    const char *title = content_title(c, (size_t)career);
    if (quiz_active(s) && s->phase == QP_ASKING) {
        /* Mid-test: park the question and show the test's own again, so the next answer is for it. */
        char left[16];
        snprintf(left, sizeof left, "%d", s->n_seq - s->pos);
        struct kv vars[] = {{"career", title}, {"left", left}, {NULL, NULL}};
        quiz__say(q, o, M_WHY_LATER, vars);
        quiz__ask(q, s, o, M_BACK_TO_TEST);
        return;
    }
    if (s->phase != QP_DONE || !quiz_scores(q, s, scores)) {
        quiz__say(q, o, M_NEED_TEST, NULL);
        quiz__button(q, o, B_TAKE_TEST, NULL);
        return;
    }
    sbuf fitword = SBUF_INIT, why = SBUF_INIT;
    if (fit_word(q, c, career, scores, &fitword)) {
        why_reason(q, c, s, career, scores, &why);
    } else {
        struct kv vars[] = {{"career", title}, {NULL, NULL}};
        quiz__render(q, M_NO_SCORES, vars, &why);
    }
    /* "a strong match" reads better capitalised at the start of a sentence. */
    if (fitword.len && fitword.p[0] >= 'a' && fitword.p[0] <= 'z')
        fitword.p[0] = (char)(fitword.p[0] - 32);
    struct kv vars[] = {{"career", title}, {"fit", fitword.p}, {"reason", why.p}, {NULL, NULL}};
    quiz__say(q, o, M_WHY, vars);
    sbuf_free(&fitword);
    sbuf_free(&why);
}
