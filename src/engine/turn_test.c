/*
 * The career test's commands as intents run them ("take the test", "back", "change my answer to
 * question 5", "why X?"): from an intent's "test" to the quiz's functions, on the session's test.
 */
#include "engine_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The question number a message names ("question 5", "q12", "number three"): the first number in
 * it, in digits or as a word up to ten; 0 when none. */
static int question_number(const char *norm)
{
    static const char *const words[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
    for (const char *p = norm; *p; p++) {
        if (isdigit((unsigned char)*p) && (p == norm || !isdigit((unsigned char)p[-1])))
            return (int)strtol(p, NULL, 10) % 1000;
        if (p != norm && isalnum((unsigned char)p[-1]))
            continue;
        for (int w = 0; w < 10; w++) {
            size_t n = strlen(words[w]);
            if (!strncmp(p, words[w], n) && !isalnum((unsigned char)p[n]))
                return w + 1;
        }
    }
    return 0;
}

void turn_run_test(const engine *e, engine_session *s, test_cmd cmd, int career, const char *norm, quiz_out *qo)
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
    case TC_GOTO:
        quiz_goto(e->quiz, &s->qs, question_number(norm), qo);
        break;
    case TC_NONE:
    case TC_COUNT:
        break;
    }
}
