/*
 * quiz_int.h: what the files of the career test share, and nobody else includes.
 *
 *   quiz.c       the test's state machine (start, answer, back, pause, resume, results, why), its
 *                saved state, reading answers, and the words of its replies
 *   quiz_load.c  loading content/test/items.json and test.json, and quiz_check
 *   quiz_words.c the words of the results and of "why": the code, the ties, each career's reason
 *   quiz_rank.c  scoring, the early stop, a career's fit, and ranking careers for the results
 *
 * Other modules use quiz.h only.
 */
#ifndef CAREERBOT_QUIZ_INT_H
#define CAREERBOT_QUIZ_INT_H

#include "quiz.h"
#include "riasec.h"
#include "template.h"

#define N_ANSWERS 6 /* love, like, not sure, dislike, hate, skip */
#define N_ZONES 5

struct item {
    char id[16];
    int type;   /* 0..5, index into RIASEC */
    char *text; /* owned */
    bool quick; /* part of the quick mode */
};

/* The compiled patterns of one answer, each with its line in test.json and its JIT result. */
struct pats {
    pcre2_code **v; /* owned */
    int *line;
    int *jit; /* pcre2_jit_compile's result: 0 compiled */
    /* What PCRE2 knows before it runs a pattern, checked without the cost of a call: the shortest
     * text it can match (PCRE2_INFO_MINLENGTH), and the bytes a match can start with
     * (PCRE2_INFO_FIRSTBITMAP, borrowed from the code; NULL when any). Outside them, no match. */
    uint32_t *minlen;
    const uint8_t **first;
    size_t n;
};

/* The messages of test.json's "messages": every sentence the test says. */
enum msg {
    M_START_QUICK,
    M_START_FULL,
    M_QUESTION,
    M_REASK,
    M_BACK_TO_TEST,
    M_WENT_BACK,
    M_NOTHING_TO_UNDO,
    M_PAUSED,
    M_RESUMED,
    M_NO_TEST,
    M_EDUCATION,
    M_EDUCATION_REASK,
    M_FLAT,
    M_RESULTS,
    M_WHY,
    M_NEED_TEST,
    M_RESTARTED,
    M_FIT_STRONG,
    M_FIT_GOOD,
    M_FIT_PARTIAL,
    M_FIT_WEAK,
    M_NO_PROFILE,
    M_NO_SCORES,
    M_REASON,
    M_REASON_USES_ONE,
    M_REASON_USES_MANY,
    M_REASON_ADDS,
    M_REASON_NONE,
    M_REASON_TRAINING,
    M_REASON_TASK,
    M_SCORE_OF_40,
    M_SCORE_OF_7,
    M_WHY_SAME_ZONE,
    M_WHY_MORE_ZONE,
    M_WHY_LESS_ZONE,
    M_WHY_LATER,
    M_WHY_TASK,
    M_TYPE_SUMMARY,
    M_TYPE_SUMMARY_1,
    M_TYPE_SUMMARY_2,
    M_TYPE_SUMMARY_4,
    M_TIE,
    M_NEAR_FLAT,
    M_TOO_FEW,
    M_STRAIGHT,
    M_LIST_ITEM,
    M_OTHER_ZONE_UP,
    M_OTHER_ZONE_DOWN,
    M_AND,
    M_COMMA,
    M_NO_CAREERS,
    M_SOME_CAREER,
    M_PAY_NOTE,
    M_REVISIT,
    M_NO_SUCH_QUESTION,
    M_BACK_TO_EDUCATION,
    M_CRISIS_ASIDE,
    M_REASON_AGAINST,
    M_REASON_UNLIKE,
    M_COUNT
};

/* The quick replies of test.json's "buttons", each a label and the text it sends. */
enum button {
    B_CONTINUE,
    B_START,
    B_FULL_TEST,
    B_BROWSE,
    B_TAKE_TEST,
    B_WHY,
    B_TELL,
    B_STRETCH,
    B_STEP_DOWN,
    B_RETAKE,
    B_COUNT
};

struct quiz {
    struct item items[QUIZ_ITEMS];
    int n_items;
    int answer_value[N_ANSWERS];
    char *answer_label[N_ANSWERS];
    size_t answer_label_len[N_ANSWERS];
    struct pats answer_pats[N_ANSWERS];
    char *zone_label[N_ZONES + 1]; /* [1..N_ZONES] */
    size_t zone_label_len[N_ZONES + 1];
    char *zone_text[N_ZONES + 1];
    char *zone_needs[N_ZONES + 1]; /* "a bachelor's degree": what a career of the zone needs */
    struct pats zone_pats[N_ZONES + 1];
    char *type_name[RIASEC_TYPES]; /* "Realistic": for users, from test.json */
    char *type_plain[RIASEC_TYPES];
    tpl msgs[M_COUNT];
    tpl buttons[B_COUNT][2];      /* label, text */
    char *button_intent[B_COUNT]; /* the intent each button's text is meant to reach */
    int button_line[B_COUNT];
    char *test_path;           /* test.json, for quiz_check's reports */
    pcre2_match_context *mctx; /* the limits of every answer match */
};

/* A named value for the templates' {slot.NAME}; arrays of them end with {NULL, NULL}. */
struct kv {
    const char *k;
    const char *v;
};

/* quiz_load.c: the names of the messages and buttons, in enum order. */
extern const char *const quiz__msg_names[M_COUNT];
extern const char *const quiz__button_names[B_COUNT];

/* quiz.c: the length of text without trailing spaces and punctuation ("yes!" is "yes"). */
size_t quiz__trim_end(const char *text, size_t len);
/* quiz.c: renders message m with vars (may be NULL) and appends it to out. */
void quiz__render(const quiz *q, enum msg m, const struct kv *vars, sbuf *out);

/* quiz.c: the pieces of a reply, shared with quiz_words.c. */
void quiz__say(const quiz *q, quiz_out *o, enum msg m, const struct kv *vars); /* a paragraph */
void quiz__button(const quiz *q, quiz_out *o, enum button b, const char *career);
void quiz__ask(const quiz *q, quiz_state *s, quiz_out *o, enum msg m); /* the current question */
int quiz__answered(const quiz_state *s); /* answers before the current question, skips not counted */

/* quiz_rank.c */
/* Whether the full mode may stop: the top two types are clearly ahead of the third. */
bool quiz__clear_enough(const quiz *q, const quiz_state *s);
/* A career's six interest scores and its three-letter code (types); false when it has none. */
bool quiz__career_profile(const content *c, int career, double oi[RIASEC_TYPES], int code[3]);
/* The longest run of identical answers, in the order asked (skips do not count). */
int quiz__straight_run(const quiz *q, const quiz_state *s);
/* A career's job zone, or 0 when it has none. */
int quiz__career_zone(const content *c, int career);

#endif
