/*
 * engine_int: the engine's private types, shared by its files and by nothing outside src/engine/.
 *
 * Map of the engine (engine.h is the contract):
 *   engine.c       the public API: engine_new/free, lookups, engine_respond, engine_greet
 *   intents.c      reading and validating intents/ (format: intents/README.md), dispatch order
 *   intents_index.c the keyword index, intents by id
 *   prefilter.c    "prefilter" word clauses: reading them, their index, and the intents worth
 *                  trying for a message (keywords and clauses, one pass each)
 *   session.c      sessions: context, the blob they leave and enter as
 *   turn.c         one message: prefilter, matching, which career, which intent answers
 *   reply.c        rendering an intent (or the career test's output) into an engine_reply
 *   spelling.c     misspelled pattern words, read a second time corrected
 *   questions.c    several questions in one message, the question at the end of a story
 *   check.c        what `careerbot check` adds to loading
 * Matching goes through pattern.h, careers through content.h, the test through quiz.h.
 */
#ifndef CAREERBOT_ENGINE_INT_H
#define CAREERBOT_ENGINE_INT_H

#include "advice.h"
#include "content.h"
#include "engine.h"
#include "jsondoc.h"
#include "kwscan.h"
#include "names.h"
#include "pattern.h"
#include "quiz.h"
#include "template.h"
#include "text.h"
#include "util.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

/* An invariant of the engine's own indexes: asserted in debug (and sanitizer) builds, and still
 * evaluated in release builds, where the caller defends itself when it does not hold:
 * if (!INVARIANT(i < n)) return; */
#define INVARIANT(cond) (assert(cond), (cond) ? true : false)

#define MAX_SLOTS 8      /* named groups remembered per match */
#define SLOT_ECHO_MAX 80 /* bytes of what the user typed that a reply echoes, at most */

/* ===================== Types ===================== */

typedef enum career_mode { CM_NONE, CM_OPTIONAL, CM_REQUIRED } career_mode;

/* Intents with a role are the ones the engine turns to in set situations. */
typedef enum intent_role {
    ROLE_NONE,
    ROLE_FALLBACK,       /* nothing matched */
    ROLE_START,          /* the greeting of a new session */
    ROLE_RESUME,         /* the greeting of a resumed session (optional; START otherwise) */
    ROLE_ASK_CAREER,     /* a career is needed and neither the text nor the context has one */
    ROLE_UNKNOWN_CAREER, /* the text names something that is not a career we know */
    ROLE_CAREER_ONLY,    /* no pattern matched, but the text names a career */
    ROLE_CLARIFY,        /* the name fits several careers about equally: "did you mean X or Y?" */
    ROLE_NEAREST,        /* the name is narrower than the career it contains ("court reporter"): "the
                            nearest I know is Journalist" (optional; CLARIFY otherwise) */
    ROLE_COUNT
} intent_role;

typedef struct cond_tpl {
    tpl t;
    char *if_field;     /* used only when this career field is present (owned, may be NULL) */
    char *unless_field; /* used only when it is absent (owned, may be NULL) */
} cond_tpl;

typedef struct quick_tpl {
    tpl label, text;
    char *if_field; /* owned, may be NULL */
    char *target;   /* the intent the text is meant to reach, or "pending" (owned) */
    int line;       /* where it is written */
} quick_tpl;

/* Commands of the career test that an intent can run (see intents/test.json). */
typedef enum test_cmd {
    TC_NONE,
    TC_START,
    TC_START_FULL,
    TC_RESUME,
    TC_PAUSE,
    TC_BACK,
    TC_RESTART,
    TC_RESULTS,
    TC_STRETCH,
    TC_STEPDOWN,
    TC_WHY,
    TC_GOTO,
    TC_COUNT
} test_cmd;

/* An intent's "advice" command (advice.c). */
typedef enum advice_cmd {
    AC_NONE,
    AC_RECOMMEND,    /* "I like math and art": careers for what the message says */
    AC_REFINE,       /* after a list: "without a degree", "better paid", "not in healthcare" */
    AC_DEGREE,       /* "what can I do with a history degree?" */
    AC_CHANGE,       /* "I'm a retail manager, what else could I do?" (needs the career) */
    AC_MORE,         /* after a list: the next careers */
    AC_WHY,          /* "why that one?", "why not nurse?" (needs the career) */
    AC_GUIDE,        /* "I don't know where to start": the guided questions */
    AC_GUIDE_ANSWER, /* the answer to a guided question */
    AC_SITUATION,    /* "I'm 40 and want to switch careers": a kind word and the first guided question */
} advice_cmd;

/* One clause of an intent's "prefilter" (prefilter.c): it holds when its words occur, as whole
 * words, at least min times in the normalised text (a word occurring twice counts twice). */
typedef struct pf_clause {
    char **words; /* lower case, as the normalised text has them (owned) */
    size_t n_words;
    int min;  /* occurrences needed, 1 to PF_MAX_MIN */
    int line; /* where the clause is written */
} pf_clause;

#define PF_MAX_MIN 32 /* the largest "min" of a prefilter clause */

typedef enum list_from { LF_NONE, LF_RELATED, LF_SPECIALISATIONS, LF_RECENT, LF_CANDIDATES } list_from;

typedef struct intent {
    char *id;
    char *file;
    int line;
    int priority;
    career_mode career;
    bool sets_topic;   /* remember as the session's topic */
    bool repeat_topic; /* answer the session's topic about the named career */
    intent_role role;
    pcre2_code **pats;
    size_t n_pats;
    char **keywords; /* prefilter: at least one must occur in the normalised text */
    size_t n_keywords;
    int *kw_ids;    /* the keywords' ids in the engine's scanner */
    size_t min_len; /* shortest text any pattern can match */
    pf_clause *pf;  /* "prefilter": the patterns are tried only when one of these holds */
    size_t n_pf;
    cond_tpl *resp;
    size_t n_resp;
    quick_tpl *quick;
    size_t n_quick;
    char *action;    /* passed to the client of the engine with the reply (e.g. "forget"), or NULL */
    char **examples; /* messages this intent must answer (checked by engine_check) */
    int *example_lines;
    size_t n_examples;
    int *pat_lines;      /* line of each pattern */
    int *pat_jit;        /* pcre2_jit_compile's result for each pattern (0: compiled) */
    char ***pat_needles; /* per pattern: its needles (needles.h), NULL-ended, or NULL; freed by the index */
    size_t pat_base;     /* the number of its first pattern among all intents' (e->pat_always) */
    test_cmd test;       /* a command of the career test, or TC_NONE */
    bool compare;        /* needs two careers: {career.*} and {other.*} */
    bool compare_named;  /* "compare": "named": only when the message itself names both */
    char **next;         /* "next_topic": intent ids; answer the one after the session's topic */
    int *next_idx;       /* next resolved to intent indexes, after sorting */
    size_t n_next;
    char **after;   /* "after_topic": intent ids; tried only when the session's topic is one of them */
    int *after_idx; /* after resolved to intent indexes, after sorting */
    size_t n_after;
    bool browse;       /* lists the careers of a field (content/fields.json) named in the message */
    advice_cmd advice; /* careers for what someone says about themselves (advice.c) */
    char sort;         /* browse: 'p' by BLS median pay, 'g' by projected growth, 0 the field's order */
    char **backoff;    /* "backoff": words that say this topic when no pattern understood a message */
    size_t n_backoff;
    bool unless_career; /* not when the message names a career ("I've no idea what to do, but what
                           does an electrician do?") */
    bool when_test;     /* only while the career test is running */
    bool when_results;  /* only while the test is running or its results are the last thing it said */
    bool when_compared; /* only when the session's topic is a comparison ("and pay?" after "X vs Y") */
    bool pauses_test;   /* read before the test's answers; pauses a running test, no way back to it */
    list_from list;     /* quick replies generated from careers */
    tpl list_label, list_text;
    char *list_target; /* the intent the list's texts are meant to reach (owned) */
    int list_line;
    size_t list_max;
} intent;

struct engine {
    content *c;
    quiz *quiz;      /* the career test, or NULL when content/test is missing */
    advice *adv;     /* advice (content/advice.json), or NULL without it */
    intent *intents; /* in dispatch order: priority, then file order */
    size_t n_intents;
    int roles[ROLE_COUNT]; /* intent index per role, or -1 */
    char **refs;           /* words that point back at the last career: it, they, that job */
    names *vocab;          /* words the patterns rely on, for spelling correction; or NULL */
    kwscan *kw;            /* every intent's keywords, found in one pass over a message */
    int **kw_intents;      /* per keyword id: the intents that list it, -1 ended */
    int *free_intents;     /* intents without keywords or prefilter (always tried), -1 ended */
    kwscan *pf_words;      /* every prefilter word, found as whole words in one pass */
    int **pf_word_clauses; /* per prefilter word id: the clauses that list it, -1 ended */
    int *pf_clause_intent; /* per clause (numbered over all intents): its intent */
    int *pf_clause_min;    /* per clause: its min */
    size_t n_pf_clauses;
    int *pf_intents;      /* intents with a prefilter, -1 ended */
    kwscan *needles;      /* every pattern's needles, found as substrings in one pass (needles.h) */
    int **needle_pats;    /* per needle id: the patterns (numbered over all intents) it lets through, -1 ended */
    uint64_t *pat_always; /* a bit per pattern (numbered over all intents): set when it has no needles */
    size_t n_pats_all;
    char **job_words; /* endings of job titles ("er", "ist", "nurse"), for unknown careers */
    size_t n_job_words;
    size_t n_refs;
    pcre2_match_context *mctx;
    uint32_t max_captures;
    strmap msg_ids; /* message key -> index in msgs */
    char **msgs;    /* the texts of intents files' "messages" (owned) */
    tpl *msg_tpls;  /* the same, compiled as templates */
    size_t n_msgs;
    engine_log_fn log;
    void *log_ud;
};

struct engine_session {
    int career;                /* the last career talked about, or -1 */
    int recent[ENGINE_RECENT]; /* most recent first */
    size_t n_recent;
    int list[ENGINE_LIST]; /* the careers of the last reply that listed some, in its order */
    size_t n_list;
    bool choosing; /* the last reply asked "did you mean" one of list */
    int topic;     /* intent of the last career question, or -1 */
    int pending;   /* intent waiting for the user to name a career, or -1 */
    unsigned turns;
    quiz_state qs;        /* the career test */
    advice_state adv;     /* what someone said about themselves */
    pcre2_match_data *md; /* reused for every pattern of this session */
    uint8_t *kw_seen;     /* scratch of the keyword scan (kwscan_count bytes, kept zero) */
    uint8_t *cand;        /* scratch: intents already listed this turn (n_intents bytes, kept zero) */
    uint8_t *pf_count;    /* scratch: occurrences per prefilter clause (n_pf_clauses bytes, kept zero) */
};
struct slot {
    const char *name; /* borrowed from the pattern's name table */
    size_t start, end;
};

/* What one message turned into: the intent, the career, and the slots of the match. */
struct turn {
    const char *norm;
    size_t norm_len;
    text_words words;
    struct slot slots[MAX_SLOTS];
    size_t n_slots;
    size_t name_start, name_end; /* bytes of the career name found in the message (0, 0: none) */
    int other;                   /* the second career of a comparison, or -1 */
    int context;                 /* the session's career before this turn, or -1 */
    bool loose;                  /* the matching pattern said (*MARK:loose) */
    bool other_first;            /* the second career of a comparison was named before the first */
    const int *order;            /* the intents worth trying, in dispatch order (keyword prefilter) */
    const uint64_t *may;         /* the patterns whose needles occur (prefilter_needles), NULL: all */
    size_t n_order;
    int field;               /* the field being browsed, or -1 */
    bool listing;            /* field_title, count and list hold a list of careers (browse.c) */
    sbuf list;               /* the careers of the field, one "- " line each */
    char count[16];          /* how many careers the field has */
    const char *field_title; /* borrowed from the content */
    int shown[ENGINE_LIST];  /* the careers a list shows, in order (browse.c, advice.c) */
    size_t n_shown;
    int candidates[NAMES_MAX_ALTS]; /* careers a name could mean, for "did you mean" */
    size_t n_candidates;
    sbuf options;                  /* "X or Y", the candidates' titles */
    sbuf recent;                   /* "X or Y": careers talked about lately, when asking which career */
    sbuf higher;                   /* a comparison: which pays more, by how much (BLS medians) */
    names_hit mention_hit;         /* the career the whole message names, if any */
    const names_hit *mention;      /* &mention_hit, or NULL when it names none */
    bool nearest;                  /* the name is narrower than candidates[0] (turn.c, narrower()) */
    size_t asked_start, asked_end; /* its bytes in norm, for {slot.asked} */
    bool testing;                  /* the career test is running */
    bool kind;                     /* the message only names a kind of the last career ("civil", after engineers) */
};

enum career_outcome { CO_FOUND, CO_NONE, CO_UNKNOWN, CO_AMBIGUOUS };

/* The messages the engine itself renders (intents/README.md, "Messages"): every intents folder
 * must define them. */
#define ENGINE_MESSAGES                                                                                                \
    {                                                                                                                  \
        "list.more", "list.or", "list.comma", "list.all_careers", "list.none"                                          \
    }

/* The intent names the engine gives replies of the career test itself (intents/README.md). */
#define INTENT_TEST_ANSWER QUIZ_ANSWER_INTENT /* an answer to the test's question */
#define INTENT_TEST_REASK "test.reask"        /* mid-test, neither an answer nor a question */
#define INTENT_TEST_RESUME "test.resume"      /* a resumed session greeted mid-test */

/* intents.c, intents_index.c */
/* Reads every intents file of opts->intents_dir into e, reporting problems to d; then sorts the
 * intents into dispatch order and resolves their references. Returns 0, or -1 after errors. */
int intents_load(engine *e, const engine_opts *opts, diag *d);
/* Builds the keyword index of the loaded intents (and finishes the vocabulary). */
/* Sorts e->intents into dispatch order (priority, then load order) and finds the roles. */
void intents_sort(engine *e);
void intents_index(engine *e);
void intents_free(engine *e);

/* prefilter.c */
/* Reads an intent's "prefilter" (pf: NULL when absent) into in, reporting problems to d. */
void prefilter_load(const jsondoc *doc, diag *d, intent *in, const cJSON *pf);
/* Builds the index of every intent's prefilter words (after intents_sort); prefilter_free frees
 * it and the intents' clauses. */
void prefilter_index(engine *e);
void prefilter_free(engine *e);
/* The intents worth trying for the normalised text[0..len): those with no keywords or whose
 * keywords occur, and with no prefilter or one of whose clauses holds, in dispatch order, into
 * order (room for every intent). Returns how many. */
size_t prefilter_candidates(const engine *e, engine_session *s, const char *text, size_t len, int *order);
/* Whether a clause of in's prefilter holds for text[0..len) (true without a prefilter). */
bool prefilter_holds(const engine *e, const intent *in, const char *text, size_t len);
/* `careerbot check`: each example of an intent with a prefilter that one of its patterns matches
 * but that no clause lets through (a word missing from the clauses). Returns the problems. */
int prefilter_check(const engine *e, engine_diag_fn report, void *ud);

/* The needles of a pattern's source (needles_of) as a NULL-ended list the caller frees (each string
 * and the list), or NULL when it has none. */
char **prefilter_needles_of(const char *src);

/* Which patterns may match text[0..len), by their needles: a bit per pattern (numbered over all
 * intents) in stack (cap words) when it fits, else allocated into *heap (caller frees *heap, NULL
 * when unused). NULL when every pattern must be tried (needles_fold_trap, a text with more needles
 * than one pass lists). */
const uint64_t *prefilter_needles(const engine *e, const char *text, size_t len, uint64_t *stack, size_t cap,
                                  uint64_t **heap);

/* Whether pattern p of in may match, by the bits of prefilter_needles. */
static inline bool prefilter_may_match(const intent *in, size_t p, const uint64_t *may)
{
    size_t g = in->pat_base + p;
    return !may || (may[g / 64] >> (g % 64) & 1u);
}
/* Whether id is one of the intent names the engine gives itself (INTENT_TEST_*). */
bool intents_engine_made(const char *id);
/* The index of intent id, or -1. */
int intents_find(const engine *e, const char *id);
/* Whether intent in may be tried with the session's topic (an intent index, or -1): always when it
 * has no "after_topic", else only when the topic is one of those listed. */
bool intents_after_ok(const intent *in, int topic);

/* refs.c */
/* Whether the words around hit h, inside words [lo, hi) (slot: a career slot, else the message),
 * make the name narrower than the career it finds. */
bool refs_narrower(const engine *e, const struct turn *t, const names_hit *h, size_t lo, size_t hi, bool slot);
/* An answer to "did you mean A, B or C?" by its place: "2", "number 2", "option 3" (the message is only
 * that, "please" aside): the career at that place of the last list, or -1; [*at, *to) get the whole message. */
int refs_pick_number(const engine_session *s, const text_words *w, size_t *at, size_t *to);
/* Whether a one-word part w of career's names is only the nearest to what was asked: a job word
 * found only in other names ("optician": Ophthalmic Optician, the Optometrist; "hydrologist":
 * Hydrologist Engineer), or the head of a title of no O*NET occupation ("curator": AI Data Curator). */
bool refs_partial_doubt(const engine *e, int career, const char *w);
/* Whether the whole message turns down the careers offered ("neither", "none of those", "idk"). */
bool refs_none_of_them(const struct turn *t);
/* An answer to "which kind?" that names a kind of the career asked about ("civil i guess", "the
 * mechanical kind", "neither, i meant software" after engineers; "special ed" when asked which
 * teacher): the one career its words name with the title's head word after them, or -1. Words around
 * them must say it is such an answer, unless a "did you mean" is pending. [*at, *to): the kind's words. */
int refs_pick_kind(const engine *e, const engine_session *s, const struct turn *t, size_t *at, size_t *to);
/* "the second one": the career at that place of the session's last list, or -1 (*at: the word). */
bool refs_ordinal_word(const char *w); /* "second", "latter": "one" after it is no reference */
int refs_ordinal(const engine_session *s, const text_words *w, size_t from, size_t to, size_t *at);
/* Whether career is one of v[0..n) (career -1: never). */
bool refs_has(const int *v, size_t n, int career);
/* The one candidate of "did you mean" that a word of the message belongs to, or -1 ([*at, *to): the
 * words of its name there). */
int refs_pick_candidate(const engine *e, const engine_session *s, const struct turn *t, size_t *at, size_t *to);

/* Whether the whole message is a job title we do not know ("watchmaker", "dog trainer"). */
bool refs_bare_title(const engine *e, const struct turn *t);
/* A word of a short message that no pattern understood which reads as a job title ("are there still
 * cinema projectionists"), with the word before it when that is no question word: [*from, *to). */
bool refs_title_in(const engine *e, const struct turn *t, size_t *from, size_t *to);
/* Whether a job title after "a" or "an", or opening the message, names no career we know ("a boilermaker", "a tower
 * crane operator"): the message is about it, not the career talked about before. It becomes t's slot. */
bool refs_unknown_title(const engine *e, struct turn *t);
/* Whether an education question names a field nobody knows ("podiatry school"); sets the slot to it. */
bool refs_unknown_field(const engine *e, struct turn *t);
/* The second career of a comparison with first: another one named in the message, else the most
 * recent other career of the session (s NULL: none); -1 when there is none. */
/* A job head alone that many careers end with ("designer", "technician"), or a head with the word
 * before it ("engineering technician"): up to max of its common kinds (titles of one more word, with
 * BLS figures) into out, for "which kind?"; 0 when it is no such head or fewer than two kinds qualify. */
size_t refs_common_kinds(const engine *e, const struct turn *t, size_t from, size_t to, int *out, size_t max);
/* Of the careers ids[0..n) that words [from, to) may mean, the one whose title ends with the same
 * word as career context ("mechanical" after Civil Engineer: Mechanical Engineer, not Mechanical
 * Drafter), and of several such, the one titled by those words and that word (not Electromechanical
 * Engineer); -1 when none is sure. */
int refs_same_head(const engine *e, const struct turn *t, const int *ids, size_t n, size_t from, size_t to,
                   int context);
int refs_second_career(const engine *e, const engine_session *s, struct turn *t, const names_hit *mention, int first);
/* "the engineer" just after the electrical engineer: the one recent career (of the last three) whose
 * title ends in the one word named after "the", when the career that word names was not talked
 * about; else -1. */
int refs_the_head(const engine *e, const engine_session *s, const struct turn *t, const names_hit *mention);
/* Whether the message names career first a second time, by another of its names, and no other career
 * ("is a dietitian the same as a nutritionist?"): no comparison, and none with a career of the session. */
bool refs_names_twice(const engine *e, const struct turn *t, const names_hit *mention, int first);

/* Whether the message refers back to the last career before it names another (mention), or names
 * that one as a step on the way ("do you have to be a nurse first?"). */
bool refs_back(const engine *e, const struct turn *t, const names_hit *mention);
/* The last career named before word `before`, into *last; false when none is. */
bool refs_last_named(const engine *e, const struct turn *t, size_t before, names_hit *last);

/* Whether a one-word name is the first half of a compound noun ("pilot pens", "baker's dozen",
 * "nurse shark"): followed by a common word that is no question word, job word or word of a name. */
bool refs_compound(const engine *e, const struct turn *t, const names_hit *h);

/* browse.c */
/* Whether browsing intent in answers this turn (a field named, or a ranking, and no career); lists
 * the careers into t (field_title, count, list, candidates) when it does. */
bool browse_fits(const engine *e, struct turn *t, const intent *in);
/* "over $80k", "more than 60,000", "above 100 thousand": the least median pay asked for, or 0. */
double browse_pay_floor(const char *norm);
/* Whether the word at byte at of norm is the unit of a pay rate ("$20/hr", "15 an hr", "18 per hour"): no career's
 * name there ("hr" is also human resources). */
bool browse_pay_unit(const char *norm, size_t at);
/* "Registered Nurse pays more: its median is about 74% higher than ..." into out, when careers a and
 * b both have a BLS median. */
void browse_which_pays_more(const engine *e, int a, int b, sbuf *out);

/* advice.c */
/* An advice intent matched (its "advice" command): whether it answers this message, having put its
 * reply's body in t->list (and the careers shown in t->candidates). career: the career the message
 * names or refers to, or -1. */
bool advice_fits(const engine *e, engine_session *s, struct turn *t, const intent *in, int career);
/* The names of the messages advice replies use, for the check that intents define them. */
extern const char *const advice_messages[];

/* No pattern understood the message, but it is about a career (named once, or the one talked about)
 * and a word of it names a topic ("backoff": "nurse hours??"): that intent, with *career; or -1. */
int refs_backoff(const engine *e, const engine_session *s, const struct turn *t, int *career);

/* session.c */
/* Makes career the session's last career and the first of its recent ones. */
void session_remember(engine_session *s, int career);
/* Forgets the conversation, keeping the session's scratch memory and its turn count. */
void session_reset(engine_session *s);

/* turn.c */
/* Answers one message (no splitting, no second reading); spell corrects pattern words first. */
int turn_respond(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out, bool spell);
/* The template lookup of slot values ({slot.NAME}) of a turn (ud: struct turn *). */
const char *turn_slot(void *ud, const char *name, size_t *len);

/* reply.c */
/* Fills out from intent idx about career (or -1). */
void reply_render(const engine *e, engine_session *s, int idx, int career, struct turn *t, engine_reply *out);
/* Turns what the career test said into the reply, answered as intent_id. */
void reply_from_quiz(const quiz_out *qo, engine_reply *out, const char *intent_id);
/* Appends message key (intents' "messages", one of ENGINE_MESSAGES) to out; {slot.count} in it is
 * count (may be NULL). */
void reply_message(const engine *e, const char *key, const char *count, sbuf *out);
/* Adds a quick reply meant to reach intent target (borrowed, may be NULL), unless it is a duplicate or
 * there are ENGINE_MAX_QUICK already. */
void reply_add_quick(engine_reply *out, const char *label, const char *text, const char *target);

/* turn_test.c */
/* Runs test command cmd of an intent on s's test: career for "why X?", norm (the normalised
 * message) for the question number of "change my answer to question 5". */
void turn_run_test(const engine *e, engine_session *s, test_cmd cmd, int career, const char *norm, quiz_out *qo);

/* spelling.c */
/* Corrects misspelled pattern words in norm, in place. Returns whether it changed anything. */
bool spelling_fix(const engine *e, sbuf *norm);
/* turn_respond, and a second reading with misspellings corrected when the first is weak. */
int spelling_respond(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out);

/* questions.c */
/* Where a second question starts in text: *cut ends the first, *next starts the second. */
bool questions_split(const char *text, size_t len, size_t *cut, size_t *next);
/* Where the last question of a long message starts. */
bool questions_last(const char *text, size_t len, size_t *from);

#endif
