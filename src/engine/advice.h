/*
 * advice: careers for what people say about themselves (issue 18). content/advice.json maps
 * phrases to what the data knows: interests and subjects ("likes": O*NET knowledge areas and skills
 * of content/knowledge.json, interest letters, facets), working conditions (facets of
 * content/facets.json), limits (the most education someone will take on, as BLS's entry level),
 * situations (laid off, changing careers) and fields of study ("what can I do with a history
 * degree"). A message is read into a profile; the session keeps the profile, so follow-ups refine
 * it ("without a degree", "not in healthcare", "better paid"); careers are filtered by the limits,
 * scored by the rest, and each is shown with a reason built from the data.
 *
 *   advice_load.c  loading and checking the three files
 *   advice_read.c  reading a message into a profile
 *   advice_rank.c  filtering and ranking the careers for a profile
 *   advice.c       the reasons and the replies
 */
#ifndef CAREERBOT_ADVICE_H
#define CAREERBOT_ADVICE_H

#include "content.h"
#include "engine.h"
#include "jsondoc.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>

#define ADVICE_MAX_FACETS 32
#define ADVICE_MAX_LIKES 64
#define ADVICE_MAX_DEGREES 64
#define ADVICE_MAX_SITUATIONS 24
#define ADVICE_NO_LIMIT 8 /* a max_entry that allows every level */
#define ADVICE_PAGE 5     /* careers per reply */

typedef struct advice advice;

/* What a phrase of advice.json is. */
enum advice_kind {
    AK_LIKE,
    AK_PREFER,
    AK_LIMIT,
    AK_SORT_PAY,
    AK_SITUATION,
    AK_DEGREE,
    AK_NEGATION,
    AK_AFFIRM,
    AK_NOT_AFTER,
    AK_SKIP,
    AK_DEFER,
    AK_ADDITIVE,
    AK_POSTNEG,   /* after what it rules out: "blood makes me queasy" */
    AK_CAP,       /* "at most", "max" */
    AK_LEVEL,     /* schooling named: idx is the BLS entry level */
    AK_SELF,      /* the message is about the person, or asks for careers */
    AK_CONTEXT,   /* a word pointing back at a career discussed */
    AK_TEST,      /* asks for the career test */
    AK_QUESTION,  /* a question word, counted only first in the message */
    AK_ASKS,      /* asks for careers ("other jobs") */
    AK_WANT,      /* a word of wanting or liking: about the person, and what follows it is wanted */
    AK_OTHERS,    /* someone else opening a clause: what they say or want is not the person's ("my mum thinks") */
    AK_SAYS,      /* a verb of saying or wishing after AK_OTHERS ("thinks", "wants me to") */
    AK_HOBBY,     /* right before a job title, makes it a pastime ("a keen photographer") */
    AK_LEAVE,     /* leaving the old job's line of work, not only its conditions ("I want out") */
    AK_WORKPLACE, /* a workplace worked in ("laid off from the factory"): idx is the career standing for the job */
    AK_FORMAT,    /* right after a like, how the person follows it, not a second interest ("true crime podcasts") */
    AK_ASIDE,     /* asks for something else entirely ("my chemistry homework"): the message is not advice */
    AK_NOT_LIKE,  /* holds a like's word but says nothing about the person ("holland code", "zip code") */
    AK_KINDS
};

struct advice_phrase {
    const char *text; /* lower-case words, one space apart; borrowed from the lexicon */
    size_t n_words;
    enum advice_kind kind;
    int idx;     /* the entry of its kind */
    int next;    /* the next phrase with the same first word (longest first), or -1 */
    size_t len0; /* bytes of its first word */
};

#define ADVICE_MAX_ELEMS 8 /* knowledge areas and skills per like or degree */

struct advice_like {
    const char *name, *reason;
    int elem[ADVICE_MAX_ELEMS]; /* indices into advice.elem_name */
    size_t n_elem;
    char letters[7]; /* interest letters (RIASEC) */
    uint32_t facets;
    int careers[ADVICE_MAX_ELEMS * 2]; /* curated careers centred on it ("careers"), or none */
    size_t n_careers;
};

struct advice {
    jsondoc *lex, *facets_doc, *know_doc;
    const char *facet_name[ADVICE_MAX_FACETS], *facet_label[ADVICE_MAX_FACETS];
    size_t n_facets;
    uint32_t opposite[ADVICE_MAX_FACETS]; /* per facet: the facets wanted when it is ruled out ("opposites") */
    size_t n_careers;                     /* the curated careers */
    uint32_t *career_facets;              /* per curated career */
    double *interests;                    /* per curated career, its RIASEC_TYPES scores, read once at load */
    bool *has_interests;                  /* per curated career: all its interest scores are there */
    char **elem_name;                     /* "K:Mathematics", "S:Writing" (owned) */
    size_t n_elem;
    unsigned char *imp;  /* n_careers x n_elem: O*NET importance x 10, 0 when below 3.5 or unknown */
    bool *has_imp;       /* per curated career: knowledge.json has it */
    double *elem_weight; /* per element: how rare it is among the careers (log N / careers rating it) */
    size_t n_full;       /* knowledge.json "elements": every knowledge area and skill, or 0 */
    float *full;         /* n_careers x n_full: every importance less the careers' mean ("profile") */
    bool *has_full;      /* per curated career: knowledge.json gives its whole profile */
    struct advice_like likes[ADVICE_MAX_LIKES];
    size_t n_likes;
    int limit_entry[ADVICE_MAX_LIKES];
    const char *limit_reason[ADVICE_MAX_LIKES];
    size_t n_limits;
    const char *sit_message[ADVICE_MAX_SITUATIONS];
    int sit_leaves[ADVICE_MAX_SITUATIONS];     /* the field a situation leaves ("veteran": military), or -1 */
    int sit_from[ADVICE_MAX_SITUATIONS];       /* the career whose profile stands for it with no job named, or -1 */
    bool sit_lists[ADVICE_MAX_SITUATIONS];     /* asked for careers, it lists them at once ("I'm deaf, what jobs?") */
    uint32_t sit_suits[ADVICE_MAX_SITUATIONS]; /* facets that suit it, wanted when it is said ("blind": with people) */
    size_t n_sits;
    struct advice_like degrees[ADVICE_MAX_DEGREES];
    size_t n_degrees;
    const char *entry_words[8];
    int zone_entry[6];
    struct advice_phrase *ph;
    size_t n_ph;
    strmap first;           /* first word of a phrase -> the longest such phrase */
    strmap words;           /* every word of a phrase -> its index in word_text */
    const char **word_text; /* the words of the phrases, borrowed from them (not terminated: the key's length) */
    strmap spell;           /* "spellings": a way people type a word -> its index in spell_to */
    const char **spell_to;  /* the word as the lexicon spells it ("wiv": "with"); borrowed from the lexicon */
};

/* What someone has said about themselves in a session. */
typedef struct advice_profile {
    uint64_t likes, dislikes; /* bits of advice.json "likes" */
    uint32_t want, avoid;     /* bits of facets.json "facets" */
    uint64_t avoid_areas;     /* bits of fields.json fields */
    uint64_t want_areas;      /* fields asked for ("jobs in healthcare"), or 0 */
    int max_entry;            /* highest BLS entry level allowed (0 none ... 7 doctoral), or -1 */
    int degree;               /* a field of study of "degrees", or -1 */
    int from;                 /* the career someone wants to leave, or -1 */
    int situation;            /* of "situations", or -1 */
    bool by_pay;              /* better-paid first */
    double min_pay;           /* least BLS median pay asked for, or 0 */
    int page;                 /* pages of ADVICE_PAGE already shown */
} advice_profile;

/* The advice part of a session. */
typedef struct advice_state {
    advice_profile p;
    bool active;         /* p holds something said */
    int guide;           /* the guided path's question asked last (1 to 3), or 0 */
    unsigned guide_turn; /* the turn that asked it: only the next message answers it */
    unsigned shown_turn; /* the turn of the last list of careers (+1; 0: none) */
} advice_state;

/* What a message said, beyond the profile it updates. */
enum {
    W_LIKE = 1,
    W_PREF = 2,
    W_LIMIT = 4,
    W_SIT = 8,
    W_PAY = 16,
    W_DEGREE = 32,
    W_SKIP = 64,
    W_AREA = 128,
    W_DEFER = 256,
    W_ADD = 512,
    W_SELF = 1024,
    W_CONTEXT = 2048,
    W_TEST = 4096,
    W_QUESTION = 8192,
    W_ASKS = 16384,
    W_LEAVE = 32768, /* leaving the line of work ("I want out") */
    W_ASIDE = 65536  /* asks for something else entirely ("write my essay"): never advice */
};
/* What says something about the person (the rest only frames a message). */
#define W_SUBSTANCE (W_LIKE | W_PREF | W_LIMIT | W_SIT | W_PAY | W_DEGREE | W_SKIP | W_AREA)

/* A field's name in a message, and what was said outside it. */
struct advice_span {
    size_t at, len;   /* bytes of a field's name in the message (len 0: none) */
    unsigned outside; /* out: likes and preferences said outside it */
    uint32_t plain;   /* out: facets named as conditions with no word of wanting before them in their clause */
};

#define ADVICE_READ_DEGREE 1 /* read a field of study first */
#define ADVICE_READ_SCHOOL 2 /* the answer to "how much more school?": schooling named is the limit */

/* Reads norm into p (merging: what is said now wins); returns what it found (W_*). flags:
 * ADVICE_READ_*. sp (may be NULL): counts the likes and preferences said outside its span. */
unsigned advice_read(const engine *e, const char *norm, advice_profile *p, unsigned flags, struct advice_span *sp);

/* Whether a negation of the lexicon reaches byte at of norm ("so not a vet", "I don't want to be a therapist"). */
bool advice_negated(const engine *e, const char *norm, size_t at);

/* Whether the words at byte at of norm are not the person's own wish or job: inside a situation's phrase
 * ("a Marine Corps vet": a veteran, not a vet), or in a clause someone else opens ("my parents want me
 * to be a doctor", "everyone tells me to be a lawyer"). */
bool advice_set_aside_at(const engine *e, const char *norm, size_t at);

/* The career standing for the job of a workplace the person has worked in ("laid off from the factory",
 * "10 years in a warehouse"), or -1: a workplace after "in", "at" or "from", in a message with a situation
 * (what has W_SIT) or after "worked", "working" or "been"; or the work itself ("I've waited tables for ten
 * years", "a dead-end job stacking shelves"): a phrase opening with a verb, not after "like". */
int advice_workplace(const engine *e, const char *norm, unsigned what);

/* Rules out the facets of mask in p; when p wants nothing else, wants their opposites ("no nights": regular
 * hours) unless those are ruled out too. */
void advice_rule_out(const advice *a, advice_profile *p, uint32_t mask);

/* Internal to advice*.c: the ranking (advice_rank.c). */
struct advice_ranked {
    int k;
    double score, pay;
};
/* Career k's entry level: BLS's, else from its job zone. */
int advice_entry_of(const engine *e, size_t k);
/* How much career k draws on the elements of lk: 0 to 1 for the strongest one. */
double advice_elem_fit(const advice *a, size_t k, const struct advice_like *lk);
/* Whether career k is one the team lists as centred on lk. */
bool advice_listed(const struct advice_like *lk, size_t k);
/* Whether career k passes every limit of p. */
bool advice_passes(const engine *e, const advice_profile *p, size_t k);
/* The scores of the session's finished career test into test (RIASEC_TYPES of them); false without one. */
bool advice_test_scores(const engine *e, const engine_session *s, double *test);
/* The careers for p in order into out (caller frees); returns how many fit. *within: how many pass the limits;
 * *first: how many the first page shows (fewer than a page when only those plainly use a rare subject). */
size_t advice_rank(const engine *e, const engine_session *s, const advice_profile *p, struct advice_ranked **out,
                   size_t *within, size_t *first);

/* Loads content_dir/advice.json, facets.json and knowledge.json for the careers of c; problems go
 * to d with file and line. Returns NULL when advice.json is missing (no advice) or on a problem
 * (then d->errors is raised). */
advice *advice_load(const char *content_dir, const content *c, diag *d);
void advice_free(advice *a);

void advice_state_init(advice_state *st);
/* As a JSON object's members (",\"advice\":{...}") for the session blob; nothing when inactive. */
void advice_state_write(const advice *a, const content *c, const advice_state *st, sbuf *b);
void advice_state_load(const advice *a, const content *c, advice_state *st, const cJSON *obj);

#endif
