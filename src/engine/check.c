/*
 * check: what `careerbot check` adds to loading: patterns that do not JIT-compile, patterns that
 * hit a PCRE2 limit on adversarial strings, and intent examples answered by another intent.
 */
#include "engine_int.h"

#include <stdio.h>
#include <string.h>

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
