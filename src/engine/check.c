/*
 * check: what `careerbot check` adds to loading: patterns that do not JIT-compile, patterns that
 * hit a PCRE2 limit on adversarial strings, intent examples that a "prefilter" would skip
 * (prefilter.c), intent examples answered by another intent, and quick replies whose text is not
 * answered by the intent they are meant for. Uses only the engine's own answering path, so what it
 * proves is what users get.
 */
#include "engine_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1. Patterns that do not JIT-compile. */
static int check_jit(const engine *e, engine_diag_fn report, void *ud)
{
    int problems = 0;
    char msg[512], err[160];
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        for (size_t p = 0; p < in->n_pats; p++) {
            if (!in->pat_jit[p])
                continue;
            snprintf(msg, sizeof msg, "intent %s, pattern %zu: JIT compilation failed: %s", in->id, p + 1,
                     pattern_strerror(in->pat_jit[p], err, sizeof err));
            report(ud, in->file, in->pat_lines[p], msg);
            problems++;
        }
    }
    return problems;
}

/* 2. Patterns that hit the match, depth or heap limits on adversarial strings. */
static int check_limits(const engine *e, engine_diag_fn report, void *ud)
{
    int problems = 0;
    char msg[512], err[160];
    pcre2_match_data *md = pcre2_match_data_create(e->max_captures + 1, NULL);
    if (!md)
        util_oom("match data", 0);
    for (size_t k = 0; k < pattern_adversarial_count(); k++) {
        sbuf norm = SBUF_INIT;
        pattern_adversarial(k, ENGINE_MAX_INPUT, &norm);
        for (size_t i = 0; i < e->n_intents; i++) {
            const intent *in = &e->intents[i];
            for (size_t p = 0; p < in->n_pats; p++) {
                int rc = pattern_match(in->pats[p], norm.p, norm.len, md, e->mctx);
                if (!pattern_failed(rc))
                    continue;
                snprintf(msg, sizeof msg, "intent %s, pattern %zu: %s on adversarial string %zu (%.40s...)", in->id,
                         p + 1, pattern_strerror(rc, err, sizeof err), k + 1, norm.p);
                report(ud, in->file, in->pat_lines[p], msg);
                problems++;
            }
        }
        sbuf_free(&norm);
    }
    pcre2_match_data_free(md);
    return problems;
}

/* The intent a reply answered as: an intent that needs a career, asked without one, asks which
 * and answers after, so matched names it then. */
static const char *answered(const engine_reply *r)
{
    return r->matched ? r->matched : r->intent;
}

/* The intent whose quick reply made button b (the one that owns its declared target), and the line
 * where that quick reply is written. */
static const intent *button_source(const engine *e, const engine_quick *b, int *line)
{
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        for (size_t k = 0; k < in->n_quick; k++)
            if (b->intent == in->quick[k].target) {
                *line = in->quick[k].line;
                return in;
            }
        if (b->intent == in->list_target) {
            *line = in->list_line;
            return in;
        }
    }
    return NULL;
}

/* 4. The buttons of the reply r0 to an example of intent in: each one's text, sent in the session
 * as it was after r0 (blob), must be answered by the intent it declares. */
static int check_buttons(const engine *e, const intent *in, const char *example, const char *blob,
                         const engine_reply *r0, engine_diag_fn report, void *ud)
{
    int problems = 0;
    char msg[768];
    for (size_t b = 0; b < r0->n_quick; b++) {
        const engine_quick *q = &r0->quick[b];
        if (!q->intent)
            continue; /* not from an intent's data (the next question of a message, the test's) */
        engine_session *s = engine_session_load(e, blob, strlen(blob));
        engine_reply r;
        engine_respond(e, s, q->text, strlen(q->text), &r);
        const char *want = strcmp(q->intent, "pending") ? q->intent : answered(r0);
        int line = 0;
        const intent *src = button_source(e, q, &line);
        if (src && strcmp(answered(&r), want)) {
            snprintf(msg, sizeof msg,
                     "quick reply \"%s\" (\"%s\") of intent %s, shown after \"%s\" (%s), is answered by %s, not %s",
                     q->label, q->text, src->id, example, in->id, answered(&r), want);
            report(ud, src->file, line, msg);
            problems++;
        }
        engine_reply_clear(&r);
        engine_session_free(s);
    }
    return problems;
}

/* 3. Examples: each must be answered by its own intent; one answered by another intent shows
 * patterns that can never win for it, because an earlier intent always matches first. Then 4, the
 * buttons of each example's reply. */
static int check_examples(const engine *e, engine_diag_fn report, void *ud)
{
    int problems = 0;
    char msg[512];
    for (size_t i = 0; i < e->n_intents; i++) {
        const intent *in = &e->intents[i];
        for (size_t x = 0; x < in->n_examples; x++) {
            engine_session *s = engine_session_new(e);
            engine_reply r;
            engine_respond(e, s, in->examples[x], strlen(in->examples[x]), &r);
            /* A role's intent is reached by what happens, not by a pattern: it answers itself. */
            const char *got = in->role != ROLE_NONE ? r.intent : answered(&r);
            if (strcmp(got, in->id)) {
                int w = intents_find(e, got);
                if (w >= 0 && (size_t)w < i)
                    snprintf(msg, sizeof msg,
                             "example \"%s\" of intent %s is answered by %s, which comes first (priority %d): "
                             "%s can never win for it",
                             in->examples[x], in->id, got, e->intents[w].priority, in->id);
                else
                    snprintf(msg, sizeof msg, "example \"%s\" of intent %s is answered by %s", in->examples[x], in->id,
                             got);
                report(ud, in->file, in->example_lines[x], msg);
                problems++;
            } else {
                char *blob = engine_session_save(e, s);
                problems += check_buttons(e, in, in->examples[x], blob, &r, report, ud);
                free(blob);
            }
            engine_reply_clear(&r);
            engine_session_free(s);
        }
    }
    return problems;
}

/* 4 for the greetings: the buttons of a new session's greeting, and of a resumed one's. */
static int check_greetings(const engine *e, engine_diag_fn report, void *ud)
{
    int problems = 0;
    for (int resumed = 0; resumed < 2; resumed++) {
        int idx = resumed && e->roles[ROLE_RESUME] >= 0 ? e->roles[ROLE_RESUME] : e->roles[ROLE_START];
        if (resumed && idx == e->roles[ROLE_START])
            break;
        engine_session *s = engine_session_new(e);
        engine_reply r;
        /* A resumed session has talked about a career: the first example answered about one. */
        for (size_t i = 0; resumed && i < e->n_intents && s->career < 0; i++) {
            if (e->intents[i].test || e->intents[i].career == CM_NONE)
                continue;
            for (size_t x = 0; x < e->intents[i].n_examples && s->career < 0; x++) {
                engine_respond(e, s, e->intents[i].examples[x], strlen(e->intents[i].examples[x]), &r);
                engine_reply_clear(&r);
            }
        }
        engine_greet(e, s, resumed, &r);
        char *blob = engine_session_save(e, s);
        problems +=
            check_buttons(e, &e->intents[idx], resumed ? "a resumed session" : "a new session", blob, &r, report, ud);
        free(blob);
        engine_reply_clear(&r);
        engine_session_free(s);
    }
    return problems;
}

struct button_check {
    const engine *e;
    engine_diag_fn report;
    void *ud;
    int problems;
};

/* A button of the career test must be meant for an intent that exists. */
static void check_quiz_button(void *ud, const char *target, const char *file, int line)
{
    struct button_check *b = ud;
    if (strcmp(target, "pending") && !intents_engine_made(target) && intents_find(b->e, target) < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "a button is meant for \"%s\", which is no intent", target);
        b->report(b->ud, file, line, msg);
        b->problems++;
    }
}

int engine_check(const engine *e, engine_diag_fn report, void *ud)
{
    int problems = check_jit(e, report, ud);
    if (e->quiz) {
        /* The career test's answer patterns: JIT and the same adversarial strings. */
        diag d = {report, ud, 0, 0};
        problems += quiz_check(e->quiz, ENGINE_MAX_INPUT, &d);
        struct button_check b = {e, report, ud, 0};
        quiz_button_intents(e->quiz, check_quiz_button, &b);
        problems += b.problems;
    }
    problems += check_limits(e, report, ud);
    diag lint = {report, ud, 0, 0};
    problems += content_lint(e->c, &lint);
    problems += prefilter_check(e, report, ud);
    problems += check_examples(e, report, ud);
    problems += check_greetings(e, report, ud);
    return problems;
}
