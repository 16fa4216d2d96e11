/*
 * quiz: careerbot's career interest test (RIASEC), given one question per turn in the chat.
 *
 * The data lives in content/test/: items.json (60 work activities, 10 per interest type, 30 of them
 * marked for the quick mode) and test.json (how free-text answers are read, the education question,
 * the six types in plain words, every message and button the test shows). This module holds the
 * test's state machine (quiz.c), its loading and checks (quiz_load.c) and its scoring and ranking
 * (quiz_rank.c); the engine decides when a message goes to it. No word shown to users is in code.
 *
 * Scoring: each answer is 0 (hate it) to 4 (love it); a type's score is the mean of its answered
 * items times 10 (0 to 40), and needs at least QUIZ_MIN_PER_TYPE answers: skipped items are
 * replaced by unasked items of the same type. The full mode may stop early: after the quick 30,
 * it stops once the top two types are ahead of the third by two standard errors (item SD taken as
 * one answer step), at the latest after all 60. A profile whose six scores span less than
 * QUIZ_FLAT_RANGE is flat and is not ranked.
 *
 * Matching: a career's fit is 0.75 x the correlation of the person's six scores with the career's
 * six O*NET interest scores, plus 0.25 x the Brown-Gore congruence of the two three-letter codes
 * (out of 18). Careers at the chosen job zone come first; at most three from one SOC minor group
 * make the top ten. No globals; the state is plain data that survives a save and load, and a
 * loaded state is checked (its items must still exist, its position must be inside the list).
 */
#ifndef CAREERBOT_QUIZ_H
#define CAREERBOT_QUIZ_H

#include "content.h"
#include "util.h"

#include <cjson/cJSON.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>

#define QUIZ_ITEMS 60
#define QUIZ_MIN_PER_TYPE 4
#define QUIZ_FLAT_RANGE 6.0
#define QUIZ_TOP 10
#define QUIZ_MAX_QUICK 8
/* The fit bands the results show (a strong, good, partial or weak match) and the least correlation
 * of a listed career's profile with the person's: none that runs against it. */
#define QUIZ_FIT_STRONG 0.75
#define QUIZ_FIT_GOOD 0.5
#define QUIZ_FIT_PARTIAL 0.25
#define QUIZ_MIN_R 0.5
/* The standard error of a score (out of 40) with five answers a type, an answer's SD taken as one
 * step; a listed career still correlates at least QUIZ_MIN_ROBUST_R with the person's scores moved
 * by it against the career. */
#define QUIZ_SCORE_SE 4.5
#define QUIZ_MIN_ROBUST_R 0.4
/* The lift in ranking, within a band, of a career led by an interest the person has. */
#define QUIZ_LEAD_LIFT 0.3
/* Careers whose ranking keys are this close take turns across people (see quiz_rank.c). */
#define QUIZ_ROTATE 0.03
/* At most this many careers in the labelled block from the next zone. */
#define QUIZ_OTHER_MAX 5
/* At most this many careers of one SOC minor group in a list. */
#define QUIZ_PER_GROUP 3
/* How far (out of 40) a letter of the code must stand above the next score to be shown. */
#define QUIZ_CLEAR_GAP 5.0
/* At most this many letters in a code: four interests ahead of two dislikes still rank careers,
 * five ahead of one do not. */
#define QUIZ_MAX_LETTERS 4
/* Identical answers in a row that make the results warn about answering on autopilot. */
#define QUIZ_STRAIGHT_RUN 15

typedef struct quiz quiz;

typedef enum quiz_phase { QP_OFF, QP_ASKING, QP_EDUCATION, QP_PAUSED, QP_DONE } quiz_phase;

typedef struct quiz_state {
    quiz_phase phase;
    bool full;                      /* full mode (up to 60) rather than quick (30) */
    signed char answer[QUIZ_ITEMS]; /* -1 not asked, -2 skipped, 0..4 */
    unsigned char seq[QUIZ_ITEMS];  /* items in the order they are asked */
    int n_seq;                      /* items in seq */
    int pos;                        /* index into seq of the current item */
    int zone;                       /* chosen job zone 1..5, 0 before the question */
    int reasks;                     /* unclear answers in a row for the current question */
    int ret; /* revisiting an earlier question: 1 + the position to return to after it; 0 otherwise */
} quiz_state;

/* Loads content_dir/test/. Problems go to d (file and line), including any message or button the
 * code needs that test.json lacks; returns NULL on any. Caller frees with quiz_free (NULL: no-op). */
quiz *quiz_load(const char *content_dir, diag *d);
void quiz_free(quiz *q);
/* Matches the answers under match_limit (engine_opts.match_limit; 0: PATTERN_MATCH_LIMIT), like the
 * intents' patterns. */
void quiz_set_match_limit(quiz *q, unsigned match_limit);

/* For `careerbot check`: reports to d, with file and line, every answer pattern (the six answers
 * and the five education answers) that did not JIT-compile or that hits a PCRE2 limit on one of
 * pattern_adversarial's strings cut to max_input bytes (ENGINE_MAX_INPUT). Returns the number of
 * problems. */
int quiz_check(const quiz *q, size_t max_input, diag *d);

/* The intent name the engine gives an answer to the test's question (intents/README.md). */
#define QUIZ_ANSWER_INTENT "test.answer"

/* Calls fn for every button of test.json with the intent it names and where, so the engine can
 * check that the intent exists. */
void quiz_button_intents(const quiz *q, void (*fn)(void *ud, const char *intent, const char *file, int line), void *ud);

void quiz_state_init(quiz_state *s);
void quiz_state_write(const quiz *q, const quiz_state *s, sbuf *b); /* as a JSON object */
/* Reads a state written by quiz_state_write. Data that does not hold together (an item id that no
 * longer exists, an item asked twice, an answer to an item not asked, a position outside the list)
 * gives a fresh state; a test still asking with no question left asks the last one again. */
void quiz_state_load(const quiz *q, quiz_state *s, const cJSON *from);

/* What a turn of the test produced. */
typedef struct quiz_out {
    sbuf text;
    char *quick[QUIZ_MAX_QUICK][2];           /* label, text: owned, freed by quiz_out_reset and quiz_out_free */
    const char *quick_intent[QUIZ_MAX_QUICK]; /* the intent each is meant to reach (test.json's
                                                 "intent", QUIZ_ANSWER_INTENT for answers); borrowed */
    int n_quick;
    int answered, total; /* progress, or total 0 when none */
    bool chart;          /* scores are valid: a results reply */
    double scores[6];
    char career_ids[QUIZ_TOP][64]; /* the results, for quick replies */
    int n_careers;
} quiz_out;

void quiz_out_init(quiz_out *o);
void quiz_out_reset(quiz_out *o); /* empties it for another turn, keeping the text's memory */
void quiz_out_free(quiz_out *o);

/* Reads text (normalised, without trailing punctuation) as an answer to the current question.
 * Returns 4..0, -1 for a skip, or -2 when it is not an answer. md is the caller's match data (the
 * session's, reused every turn); the patterns run under the limits of pattern.h, and one that hits
 * a limit does not match. */
int quiz_parse_answer(const quiz *q, const char *text, size_t len, pcre2_match_data *md);
/* Reads text as an answer to the education question: 1..5, or 0. */
int quiz_parse_zone(const quiz *q, const char *text, size_t len, pcre2_match_data *md);

bool quiz_active(const quiz_state *s); /* asking or on the education question */

/* The commands of the test. Each writes its reply into o. */
void quiz_start(const quiz *q, quiz_state *s, bool full, quiz_out *o);
void quiz_answer(const quiz *q, const content *c, quiz_state *s, int value, quiz_out *o);
void quiz_zone(const quiz *q, const content *c, quiz_state *s, int zone, quiz_out *o);
void quiz_back(const quiz *q, quiz_state *s, quiz_out *o);
/* Before an answer that could also be a crisis ("I'd rather die"): the crisis resources, once more
 * in case it was meant. */
void quiz_crisis_aside(const quiz *q, quiz_out *o);
/* "change my answer to question 5": asks question number (1-based) again, then goes on where the
 * test was (the next question, the education question or the results). */
void quiz_goto(const quiz *q, quiz_state *s, int number, quiz_out *o);
void quiz_pause(const quiz *q, quiz_state *s, quiz_out *o);
void quiz_resume(const quiz *q, const content *c, quiz_state *s, quiz_out *o);
/* The results, with their buttons (why and tell me about the best match, tell me about the second,
 * stretch, step-down, retake), in that order. */
void quiz_results(const quiz *q, const content *c, quiz_state *s, quiz_out *o);
void quiz_reask(const quiz *q, quiz_state *s, quiz_out *o);
/* "Back to the test: question n of m" after a side question. */
void quiz_back_to_test(const quiz *q, quiz_state *s, quiz_out *o);
/* How well career fits the person: "why X?" and "would I make a good X?", with the data behind it.
 * Mid-test, the question is parked and the test's current question shown again. */
void quiz_why(const quiz *q, const content *c, quiz_state *s, int career, quiz_out *o);

/* Scores of a finished or partial test; returns false when some type has too few answers. */
bool quiz_scores(const quiz *q, const quiz_state *s, double scores[6]);

/* The fit of a career for six scores (see the header), or -2 when the career has no interests. */
double quiz_fit(const content *c, int career, const double scores[6]);

/* The letters of the code that stand clear of the rest: orders the six types into order (ties in
 * RIASEC order) and returns k, 1 to QUIZ_MAX_LETTERS (the largest such), when the first k are each above the person's
 * middle and the k-th is QUIZ_CLEAR_GAP above the next; 0 when no such leading group exists (a near-flat profile, which
 * is not ranked). */
int quiz_clear_letters(const double scores[6], int order[6]);

/* The band of a fit: 3 strong, 2 good, 1 partial, 0 weak. */
int quiz_band(double fit);
/* The middle of a person's own scores (halfway between their lowest and highest): an interest above
 * it is one they have. */
double quiz_midpoint(const double scores[6]);

/* Ranks careers for scores and zone into out (indices), at most n (and at most 2 x QUIZ_TOP);
 * returns how many. The first *n_zone (n_zone may be NULL) are at zone itself, by fit band, then
 * fit; when the zone runs short, the rest are good fits from quiz_other_zone(zone), to be shown
 * apart under their own label. No career whose profile correlates below QUIZ_MIN_R with the
 * person's, one place per interest profile, at most three per occupational group. zone 0: any. */
int quiz_rank(const content *c, const double scores[6], int zone, int *out, int n, int *n_zone);
/* The zone the results top up from: the next one up (train a little longer), or 4 for zone 5. */
int quiz_other_zone(int zone);

/* For the evaluation harness: the interest type (0 = R ... 5 = C) of item number item, or -1. */
int quiz__item_type(const quiz *q, int item);

#endif
