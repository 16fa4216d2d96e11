/*
 * careerbot classify: what the engine makes of a file of messages, as the people who write the
 * intents need to see it. Two modes:
 *
 *   plain     one message a line; prints the intent and career each one reaches, and the
 *             fallback rate (which cannot see a wrong answer);
 *   --expect  a labelled corpus (tests/corpus/README.md): conversations of turns, each with the
 *             intent and career it should get; prints accuracy, the wrong-career rate and the
 *             fallback rate, and fails when accuracy or the wrong rate crosses a given bound.
 *
 * A client of the engine's public API only.
 */
#ifndef CAREERBOT_CLASSIFY_H
#define CAREERBOT_CLASSIFY_H

#include "engine.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct classify_opts {
    bool one_session;    /* plain: every line in one session, so follow-ups carry */
    bool only_fallbacks; /* plain: print only the lines that fell back */
    bool lists;          /* plain: a fourth column, the ids of the careers each reply lists */
    bool quiet;          /* expect: print the summary only, not every miss */
    double min_accuracy; /* expect: exit 1 when accuracy (percent) is below; negative: no bound */
    double max_wrong;    /* expect: exit 1 when the wrong-career rate (percent) is above; negative: no bound */
} classify_opts;

/* Plain mode over f. Returns the exit status. */
int classify_lines(const engine *e, FILE *f, const classify_opts *o);

/* Expect mode over f, read as the file name (for file:line errors). Returns 0, 1 when a bound is
 * crossed, 2 when the corpus has a problem (each printed as name:line: message). */
int classify_expect(const engine *e, FILE *f, const char *name, const classify_opts *o);

#endif
