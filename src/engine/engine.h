/*
 * engine: careerbot's dialogue engine. Load intents and content once; then, for a session state and
 * a user text, produce a reply.
 *
 * The engine knows no intent by name: intents/ (JSON, format in intents/README.md) says which
 * patterns lead to which responses, and content/ (content/README.md) says what is known about each
 * career. A reply is text (a small markdown subset: "- " bullet lines, **bold**), quick replies,
 * the intent that answered, and the career it is about.
 *
 * No sockets, no files after load, no globals: the server, the terminal chat, the tests and the
 * benchmarks are all thin clients. An engine is read-only after engine_new, so sessions of one
 * engine may be served from one thread each; a session must not be used by two threads at once.
 * Session state leaves and enters as a JSON blob (engine_session_save / _load) so stores can keep
 * it without knowing what is inside.
 */
#ifndef CAREERBOT_ENGINE_H
#define CAREERBOT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#define ENGINE_MAX_INPUT 4096 /* bytes of a message the engine reads; longer input is cut */
#define ENGINE_MAX_QUICK 6    /* quick replies per reply, at most */
#define ENGINE_RECENT 5       /* careers remembered per session */
#define ENGINE_LIST 8         /* careers of the last list shown, for "the second one" */

typedef struct engine engine;
typedef struct engine_session engine_session;

/* Called for every problem found in intents/ or content/, with its file and line. */
typedef void (*engine_diag_fn)(void *ud, const char *file, int line, const char *msg);

/* Called for problems at run time (e.g. a pattern that hit its match limit). level: 0 error, 1 warn. */
typedef void (*engine_log_fn)(void *ud, int level, const char *msg);

typedef struct engine_opts {
    const char *intents_dir; /* folder of *.json intent files */
    const char *content_dir; /* folder with careers/ and abbreviations.json */
    const char *onet_dir;    /* O*NET text database to merge, or NULL */
    const char *bls_dir;     /* BLS pay and projections files (as ../shared/data/bls), or NULL */
    engine_diag_fn diag;     /* may be NULL */
    void *diag_ud;
    engine_log_fn log; /* may be NULL */
    void *log_ud;
    unsigned match_limit; /* PCRE2 match limit per pattern; 0 = the default (100000) */
} engine_opts;

/* Loads and validates everything. Returns NULL when any file has a problem (each one reported
 * through opts->diag). Caller frees with engine_free. */
engine *engine_new(const engine_opts *opts);
void engine_free(engine *e);

size_t engine_career_count(const engine *e);
/* True when career id exists and its O*NET-SOC code ("soc") is code. */
bool engine_career_soc(const engine *e, const char *id, const char *code);
/* True when a career with id exists. */
bool engine_career_known(const engine *e, const char *id);
/* True when some career has the O*NET-SOC code code ("29-1141.00"). */
bool engine_soc_known(const engine *e, const char *code);
/* True when career id exists and name is its title or one of its other names (as normalised). */
bool engine_career_named(const engine *e, const char *id, const char *name);
size_t engine_intent_count(const engine *e);

/* BLS pay coverage of career i (0 <= i < engine_career_count): its id, whether it is curated
 * (content/careers), its O*NET-SOC code (or NULL), and either its median annual pay (true) or why
 * there is none (false; *why may be NULL when no BLS row was looked up). */
typedef struct engine_pay_info {
    const char *id, *soc, *why;
    bool curated;
    double median;
} engine_pay_info;
bool engine_career_pay(const engine *e, size_t i, engine_pay_info *out);
/* True when id names an intent of intents/, the career test's answers ("test.answer"), or a family
 * of intents ("chat.language" for chat.language.fr, chat.language.de ...). */
bool engine_intent_known(const engine *e, const char *id);

/* The text that intents/ gives for a message key (an intents file's top-level "messages":
 * {"key": "text"}), such as the server's error texts: every sentence a user sees comes from data.
 * Borrowed from the engine; NULL when no file defines key. */
const char *engine_message(const engine *e, const char *key);

/* What `careerbot check` adds to loading: reports, through diag with file and line, every pattern
 * that does not JIT-compile, every pattern that hits a match, depth or heap limit on a set of
 * adversarial strings, every intent example ("examples") answered by another intent (an earlier
 * intent that always matches first, so the example's intent can never win), and every quick reply,
 * shown after an example, whose text is not answered by the intent it declares. Returns the number
 * of problems. */
int engine_check(const engine *e, engine_diag_fn diag, void *ud);

/* A fresh session, with no context. Caller frees with engine_session_free. */
engine_session *engine_session_new(const engine *e);
void engine_session_free(engine_session *s);

/* The session as a JSON object (caller frees). Careers and topics are kept by id, so a blob
 * survives a reload of changed data; ids that no longer exist are dropped on load. */
char *engine_session_save(const engine *e, const engine_session *s);
/* A session from a blob of engine_session_save. Returns NULL when the blob is not one. */
engine_session *engine_session_load(const engine *e, const char *blob, size_t len);
/* Turns answered in this session so far. */
unsigned engine_session_turns(const engine_session *s);

typedef struct engine_quick {
    char *label;        /* what the button shows (owned) */
    char *text;         /* what it sends (owned) */
    const char *intent; /* the intent its text is meant to reach, as intents/ declares it ("pending":
                           the question the bot asked), or NULL; borrowed from the engine */
} engine_quick;

typedef struct engine_reply {
    char *text; /* owned; never NULL after a reply */
    engine_quick quick[ENGINE_MAX_QUICK];
    size_t n_quick;
    const char *intent;            /* id of the intent that answered; borrowed from the engine */
    const char *matched;           /* id of the intent whose pattern matched (it may answer as another:
                                      "what about nurses?" answers the last topic), or NULL; borrowed */
    const char *action;            /* what the intent asks the client to do ("forget"), or NULL; borrowed */
    const char *career_id;         /* the career the reply is about, or NULL; borrowed */
    const char *career_title;      /* borrowed, NULL with career_id */
    const char *other_id;          /* a comparison's second career, or NULL; borrowed */
    const char *list[ENGINE_LIST]; /* ids of the careers the reply lists, in its order (borrowed) */
    size_t n_list;
    bool fallback;       /* nothing understood the text (the fallback intent answered) */
    bool name_only;      /* no pattern understood the question itself, only the career it names
                            (described, or asked about with "did you mean") */
    int answered, total; /* career test progress; total is 0 outside the test */
    bool chart;          /* scores holds the six interest scores (R, I, A, S, E, C; 0 to 40) */
    double scores[6];
} engine_reply;

/* Answers text (len bytes, any bytes: invalid UTF-8 is replaced, input past ENGINE_MAX_INPUT is
 * ignored) in session s, updating its context. out is overwritten: clear it with
 * engine_reply_clear before reuse. Returns 0. */
int engine_respond(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out);

/* The opening message of a session: the greeting, or a welcome back when resumed is true. */
int engine_greet(const engine *e, engine_session *s, bool resumed, engine_reply *out);

void engine_reply_clear(engine_reply *r);

#endif
