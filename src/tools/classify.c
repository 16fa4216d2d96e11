/*
 * careerbot classify: plain and --expect modes (classify.h).
 */
#include "classify.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define MAX_TALLY 128 /* distinct intents counted; more are counted as one "other" row */

struct tally {
    const char *intent; /* borrowed from the engine, or a label's own copy */
    unsigned n, right;
};

struct tallies {
    struct tally t[MAX_TALLY];
    size_t n;
    char owned[MAX_TALLY][48]; /* expect mode keys by the label's first intent */
};

static struct tally *tally_of(struct tallies *ts, const char *intent)
{
    for (size_t k = 0; k < ts->n; k++)
        if (!strcmp(ts->t[k].intent, intent))
            return &ts->t[k];
    if (ts->n == MAX_TALLY)
        return &ts->t[MAX_TALLY - 1];
    snprintf(ts->owned[ts->n], sizeof ts->owned[ts->n], "%s", intent);
    ts->t[ts->n].intent = ts->owned[ts->n];
    return &ts->t[ts->n++];
}

static int by_count(const void *a, const void *b)
{
    const struct tally *x = a, *y = b;
    return x->n != y->n ? (x->n < y->n ? 1 : -1) : strcmp(x->intent, y->intent);
}

/* Reads one line into *line without its end of line; returns its length, or -1 at the end. */
static ssize_t read_line(FILE *f, char **line, size_t *cap)
{
    ssize_t n = getline(line, cap, f);
    while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
        (*line)[--n] = '\0';
    return n;
}

int classify_lines(const engine *e, FILE *f, const classify_opts *o)
{
    struct tallies *ts = calloc(1, sizeof *ts);
    if (!ts)
        return 1;
    unsigned lines = 0, fallbacks = 0;
    engine_session *s = o->one_session ? engine_session_new(e) : NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = read_line(f, &line, &cap)) >= 0) {
        if (n == 0 || line[0] == '#')
            continue;
        engine_session *one = s ? s : engine_session_new(e);
        engine_reply r;
        engine_respond(e, one, line, (size_t)n, &r);
        lines++;
        fallbacks += r.fallback;
        if (!o->only_fallbacks || r.fallback) {
            if (r.matched && strcmp(r.matched, r.intent))
                printf("%s (asked by %s)\t%s\t%s", r.intent, r.matched, r.career_id ? r.career_id : "-", line);
            else
                printf("%s\t%s\t%s", r.intent, r.career_id ? r.career_id : "-", line);
            if (o->lists)
                fputs(r.n_list ? "\t" : "\t-", stdout); /* "-": it lists none */
            for (size_t k = 0; o->lists && k < r.n_list; k++)
                printf("%s%s", k ? "," : "", r.list[k]);
            putchar('\n');
        }
        tally_of(ts, r.intent)->n++;
        engine_reply_clear(&r);
        if (!s)
            engine_session_free(one);
    }
    qsort(ts->t, ts->n, sizeof ts->t[0], by_count);
    printf("\n%u lines; answered by intent:\n", lines);
    for (size_t k = 0; k < ts->n; k++)
        printf("  %-28s %5u  %5.1f%%\n", ts->t[k].intent, ts->t[k].n, lines ? 100.0 * ts->t[k].n / lines : 0.0);
    printf("fallbacks: %u of %u (%.1f%%)\n", fallbacks, lines, lines ? 100.0 * fallbacks / lines : 0.0);
    free(line);
    free(ts);
    engine_session_free(s);
    return 0;
}

/* ------------------------------------------------------------------ expect mode */

#define MAX_ALTS 4

/* One labelled turn: text, the intents that may answer it, and the career it must be about. */
struct label {
    const char *text;
    const char *intents[MAX_ALTS];
    size_t n_intents;
    const char *career; /* "-", a career id, or an O*NET-SOC code */
    bool soc;           /* career is an O*NET-SOC code */
    bool doubt;         /* the career meant is not loaded: an honest doubt is the right answer */
};

struct score {
    unsigned turns, right, wrong, fallback, doubts, conversations, multi;
    unsigned *len; /* each reply's length in characters, for the size figures */
    size_t n_len, cap_len;
};

static int cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return (x > y) - (x < y);
}

/* Characters (not bytes) of UTF-8 text s. */
static unsigned chars(const char *s)
{
    unsigned n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool is_soc(const char *s)
{
    static const char shape[] = "99-9999.99";
    for (size_t k = 0; shape[k]; k++)
        if (shape[k] == '9' ? !isdigit((unsigned char)s[k]) : s[k] != shape[k])
            return false;
    return s[sizeof shape - 1] == '\0';
}

/* Splits a corpus line in place into *l. Returns NULL, or what is wrong with the line. */
static const char *parse_label(const engine *e, char *line, struct label *l)
{
    char *tab1 = strchr(line, '\t');
    char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    if (!tab2 || strchr(tab2 + 1, '\t'))
        return "expected three fields separated by tabs: text, intent, career";
    *tab1 = *tab2 = '\0';
    memset(l, 0, sizeof *l);
    l->text = line;
    l->career = tab2 + 1;
    if (!*l->text)
        return "the text is empty";
    for (char *save = NULL, *tok = strtok_r(tab1 + 1, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
        if (l->n_intents == MAX_ALTS)
            return "more than four intents";
        if (!engine_intent_known(e, tok))
            return "an intent that intents/ does not define";
        l->intents[l->n_intents++] = tok;
    }
    if (!l->n_intents)
        return "no intent";
    if (!strcmp(l->career, "-"))
        return NULL;
    l->soc = is_soc(l->career);
    if (l->soc)
        l->doubt = !engine_soc_known(e, l->career);
    else if (!engine_career_known(e, l->career))
        return "a career id that content/ does not have (an O*NET-SOC code looks like 29-1141.00)";
    return NULL;
}

/* An honest doubt: "I don't know that career", "did you mean X or Y?", "the nearest I know is X",
 * or "which career?". */
static bool is_doubt(const char *intent)
{
    return !strcmp(intent, "chat.unknown_career") || !strcmp(intent, "chat.clarify_career") ||
           !strcmp(intent, "chat.nearest_career") || !strcmp(intent, "chat.ask_career");
}

/* The reply gives facts about one career (not a doubt, not chat that merely keeps the context). */
static bool about_career(const engine_reply *r)
{
    return r->career_id && (!strncmp(r->intent, "career.", 7) || !strcmp(r->intent, "test.why"));
}

static bool career_is(const engine *e, const struct label *l, const char *id)
{
    if (!id || !strcmp(l->career, "-"))
        return false;
    return l->soc ? engine_career_soc(e, id, l->career) : !strcmp(id, l->career);
}

/* Whether a reply by intent got answers a question labelled want: the same intent, one of a family
 * ("chat.language" is each of chat.language.*), or an intent whose reply holds the answer: a career's
 * description opens with what the career does (career.duties), and a comparison answers "X or Y,
 * which is better for me?" (career.compare_or) as well as "compare X and Y". */
static bool answers(const char *want, const char *got)
{
    static const char *const same[][2] = {{"career.duties", "career.describe"},
                                          {"career.compare_or", "career.compare"},
                                          {"career.browse", "advice.recommend"}};
    size_t n = strlen(want);
    if (!strncmp(got, want, n) && (got[n] == '\0' || got[n] == '.'))
        return true;
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        if ((!strcmp(want, same[i][0]) && !strcmp(got, same[i][1])) ||
            (!strcmp(want, same[i][1]) && !strcmp(got, same[i][0])))
            return true;
    return false;
}

/* Scores reply r against l: 1 right, 0 missed, -1 a wrong career. */
static int judge(const engine *e, const struct label *l, const engine_reply *r)
{
    bool intent_ok = false;
    /* "tell me more" and "what about X" answer as another topic (r->matched understood them). */
    bool answered_as = r->matched && !strncmp(r->intent, "career.", 7);
    for (size_t k = 0; k < l->n_intents; k++)
        intent_ok |= answers(l->intents[k], r->intent) || (answered_as && answers(l->intents[k], r->matched));
    if (l->doubt)
        return is_doubt(r->intent) ? 1 : about_career(r) ? -1 : 0;
    /* "The nearest I know is X: is that what you mean?" is the doubt an unknown or unclear name asks for. */
    if (!strcmp(r->intent, "chat.nearest_career"))
        for (size_t k = 0; k < l->n_intents; k++)
            intent_ok |= !strcmp(l->intents[k], "chat.unknown_career") || !strcmp(l->intents[k], "chat.clarify_career");
    bool wants_career = strcmp(l->career, "-") != 0;
    /* A comparison is about both careers: "which one pays more?" after X and Y may be labelled with
     * either, and the reply compares the two whichever it names first. */
    bool is_career = career_is(e, l, r->career_id) || (r->other_id && career_is(e, l, r->other_id));
    bool career_ok = wants_career ? is_career : !about_career(r);
    if (about_career(r) && !is_career)
        return -1;
    return intent_ok && career_ok ? 1 : 0;
}

static void print_miss(const char *name, unsigned lineno, const struct label *l, const engine_reply *r, int verdict)
{
    printf("%s:%u: %s expected %s", name, lineno, verdict < 0 ? "WRONG" : "miss ", l->intents[0]);
    for (size_t k = 1; k < l->n_intents; k++)
        printf("|%s", l->intents[k]);
    printf(" %s%s, got %s %s: %s\n", l->career, l->doubt ? " (not loaded: a doubt)" : "", r->intent,
           r->career_id ? r->career_id : "-", l->text);
}

static void print_summary(const char *name, const struct score *sc, struct tallies *ts)
{
    double n = sc->turns ? sc->turns : 1;
    printf("\n%s: %u turns in %u conversations (%u of several turns); %u ask about careers not loaded\n", name,
           sc->turns, sc->conversations, sc->multi, sc->doubts);
    qsort(ts->t, ts->n, sizeof ts->t[0], by_count);
    printf("by expected intent:            turns   right\n");
    for (size_t k = 0; k < ts->n; k++)
        printf("  %-28s %5u  %5.1f%%\n", ts->t[k].intent, ts->t[k].n,
               ts->t[k].n ? 100.0 * ts->t[k].right / ts->t[k].n : 0.0);
    printf("accuracy: %u of %u (%.1f%%)\n", sc->right, sc->turns, 100.0 * sc->right / n);
    printf("wrong career: %u of %u (%.1f%%)\n", sc->wrong, sc->turns, 100.0 * sc->wrong / n);
    printf("fallbacks: %u of %u (%.1f%%)\n", sc->fallback, sc->turns, 100.0 * sc->fallback / n);
    if (sc->n_len) {
        qsort(sc->len, sc->n_len, sizeof *sc->len, cmp_uint);
        size_t over = 0;
        for (size_t i = 0; i < sc->n_len; i++)
            over += sc->len[i] > 600;
        printf("reply length: median %u characters, 90%% under %u, longest %u; over 600: %zu (%.1f%%)\n",
               sc->len[sc->n_len / 2], sc->len[sc->n_len * 9 / 10], sc->len[sc->n_len - 1], over,
               100.0 * over / sc->n_len);
    }
}

/* Applies the bounds of o to sc; returns the exit status. */
static int bounds(const struct score *sc, const classify_opts *o)
{
    double n = sc->turns ? sc->turns : 1;
    double acc = 100.0 * sc->right / n, wrong = 100.0 * sc->wrong / n;
    int status = 0;
    if (o->min_accuracy >= 0 && acc < o->min_accuracy) {
        fprintf(stderr, "careerbot classify: accuracy %.1f%% is below --min-accuracy %.1f\n", acc, o->min_accuracy);
        status = 1;
    }
    if (o->max_wrong >= 0 && wrong > o->max_wrong) {
        fprintf(stderr, "careerbot classify: wrong careers %.1f%% are above --max-wrong %.1f\n", wrong, o->max_wrong);
        status = 1;
    }
    return status;
}

int classify_expect(const engine *e, FILE *f, const char *name, const classify_opts *o)
{
    struct tallies *ts = calloc(1, sizeof *ts);
    if (!ts)
        return 2;
    struct score sc = {0};
    int problems = 0;
    engine_session *s = NULL;
    unsigned lineno = 0, in_conversation = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = read_line(f, &line, &cap)) >= 0) {
        lineno++;
        if (n == 0) { /* a blank line ends the conversation */
            engine_session_free(s);
            s = NULL;
            in_conversation = 0;
            continue;
        }
        if (line[0] == '#')
            continue;
        struct label l;
        const char *bad = parse_label(e, line, &l);
        if (bad) {
            fprintf(stderr, "%s:%u: %s\n", name, lineno, bad);
            problems++;
            continue;
        }
        if (!s) {
            s = engine_session_new(e);
            sc.conversations++;
        }
        if (++in_conversation == 2)
            sc.multi++;
        engine_reply r;
        engine_respond(e, s, l.text, strlen(l.text), &r);
        int verdict = judge(e, &l, &r);
        sc.turns++;
        sc.right += verdict > 0;
        sc.wrong += verdict < 0;
        sc.fallback += r.fallback;
        if (sc.n_len == sc.cap_len) {
            unsigned *grown = realloc(sc.len, (sc.cap_len = sc.cap_len ? sc.cap_len * 2 : 1024) * sizeof *grown);
            if (!grown) {
                engine_reply_clear(&r);
                break;
            }
            sc.len = grown;
        }
        sc.len[sc.n_len++] = chars(r.text);
        sc.doubts += l.doubt;
        struct tally *t = tally_of(ts, l.doubt ? "(a career not loaded)" : l.intents[0]);
        t->n++;
        t->right += verdict > 0;
        if (verdict <= 0 && !o->quiet)
            print_miss(name, lineno, &l, &r, verdict);
        engine_reply_clear(&r);
    }
    engine_session_free(s);
    free(line);
    if (problems) {
        free(sc.len);
        fprintf(stderr, "%s: %d problem%s in the corpus\n", name, problems, problems == 1 ? "" : "s");
        free(ts);
        return 2;
    }
    print_summary(name, &sc, ts);
    free(sc.len);
    free(ts);
    return bounds(&sc, o);
}
