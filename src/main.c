/*
 * careerbot: the one binary. It wires the engine (src/engine), a session store (src/store) and the
 * server (src/server) together; nothing else calls across those boundaries.
 *
 *   careerbot serve   the web page, widget and chat socket
 *   careerbot chat    the same engine on stdin/stdout
 *   careerbot check   validate intents/ and content/, with file:line errors
 *   careerbot classify  the intent and career each line of a file hits, and the fallback rate
 *   careerbot report  the most common unanswered questions, from the session store
 *   careerbot backup  a consistent copy of the SQLite session store, while serve runs
 */
#include "backup.h"
#include "classify.h"
#include "cli_usage.h"
#include "config.h"
#include "engine.h"
#include "log.h"
#include "paths.h"
#include "server.h"
#include "store.h"
#include "texts.h"
#include "workers.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CAREERBOT_VERSION
#define CAREERBOT_VERSION "unknown" /* CMake passes the project's version */
#endif

#define DEFAULT_MAX_SESSIONS 100000u

struct cli {
    const char *listen;
    int port;
    const char *web;
    const char *intents;
    const char *content;
    const char *onet; /* O*NET text database folder, or NULL */
    const char *bls;  /* BLS pay and projections folder, or NULL */
    size_t max_message;
    unsigned session_ttl;
    const char *db;             /* SQLite file */
    const char *redis;          /* Redis URL, or NULL */
    bool memory_only;           /* keep sessions in memory only */
    origin_list *origins;       /* serve: --allow-origin, --require-origin, --public-host; NULL: the defaults */
    ratelimit_proxies *proxies; /* serve: --trusted-proxy; NULL: none */
    char *token_file;           /* serve: the metrics token read from --metrics-token-file (owned) */
    const char *file;           /* classify: the utterances ("-": stdin) */
    bool expect;                /* classify: file is a labelled corpus */
    classify_opts classify;     /* classify: the mode's options */
    bool keep_unanswered;       /* serve: keep the text of messages nothing understood */
    server_opts limits;         /* serve: the limits, metrics token and TLS files (other fields unused) */
    unsigned long top;          /* report: how many questions to list */
    int workers;                /* serve: processes sharing the port (0: the default, workers_default) */
};

/* Reads "--name value" or "--name=value". Returns the value, or NULL when argv[*i] is not --name. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n))
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n])
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v > max)
        return false;
    *out = v;
    return true;
}

/* A percentage from 0 to 100, reported on stderr when it is not one. */
static bool parse_percent(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0 && v <= 100)) {
        fprintf(stderr, "careerbot classify: \"%s\" is not a percentage from 0 to 100\n", s);
        return false;
    }
    *out = v;
    return true;
}

/* The numeric limits of serve: --NAME N. Returns true when argv[*i] is one (bad: a wrong value,
 * reported). */
static bool limit_option(int argc, char **argv, int *i, struct cli *o, bool *missing, bool *bad)
{
    static const struct {
        const char *name;
        unsigned long max;
        size_t field; /* offset in server_opts */
        bool real;    /* the field is a double (a rate or a burst), else an unsigned */
    } lim[] = {
        {"--max-connections", 1000000, offsetof(server_opts, max_connections), false},
        {"--max-connections-per-ip", 1000000, offsetof(server_opts, max_connections_per_ip), false},
        {"--max-new-sessions-per-ip", 1000000, offsetof(server_opts, new_sessions_per_ip), false},
        {"--rate", 100000, offsetof(server_opts, msg_rate), true},
        {"--burst", 100000, offsetof(server_opts, msg_burst), true},
        {"--ip-rate", 1000000, offsetof(server_opts, ip_rate), true},
        {"--ip-burst", 1000000, offsetof(server_opts, ip_burst), true},
        {"--strikes", 1000000, offsetof(server_opts, strikes), false},
        {"--idle-timeout", 7 * 24 * 3600, offsetof(server_opts, idle_timeout), false},
        {"--ping-interval", 3600, offsetof(server_opts, ping_interval), false},
    };
    for (size_t k = 0; k < sizeof lim / sizeof lim[0]; k++) {
        const char *v = opt_value(argc, argv, i, lim[k].name, missing);
        if (!v)
            continue;
        unsigned long u;
        if (!parse_uint(v, lim[k].max, &u)) {
            fprintf(stderr, "careerbot serve: %s must be a number from 0 to %lu, not \"%s\"\n", lim[k].name, lim[k].max,
                    v);
            *bad = true;
            return true;
        }
        char *field = (char *)&o->limits + lim[k].field;
        if (lim[k].field == offsetof(server_opts, max_connections))
            o->limits.max_connections_default = false; /* chosen: refused, not lowered, when it cannot fit */
        if (lim[k].real)
            *(double *)field = (double)u;
        else
            *(unsigned *)field = (unsigned)u;
        return true;
    }
    return false;
}

/* Reads a secret from the first line of path (caller frees). NULL with errno set on failure. */
static char *read_secret(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, f);
    fclose(f);
    if (n <= 0) {
        free(line);
        errno = EINVAL;
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

/* The network-edge options of serve: --trusted-proxy, --public-host, --metrics-token-file. Returns
 * true when argv[*i] is one (bad: a wrong value, reported). */
static bool edge_option(int argc, char **argv, int *i, struct cli *o, bool *missing, bool *bad)
{
    const char *v;
    char err[200];
    if ((v = opt_value(argc, argv, i, "--trusted-proxy", missing))) {
        if ((!o->proxies && !(o->proxies = ratelimit_proxies_new())) ||
            ratelimit_proxies_add(o->proxies, v, err, sizeof err) < 0) {
            fprintf(stderr, "careerbot serve: --trusted-proxy: %s\n", o->proxies ? err : "out of memory");
            *bad = true;
        }
    } else if ((v = opt_value(argc, argv, i, "--public-host", missing))) {
        if (!o->origins && !(o->origins = origin_list_new())) {
            fprintf(stderr, "careerbot serve: out of memory\n");
            *bad = true;
            return true;
        }
        char names[1024];
        snprintf(names, sizeof names, "%s", v);
        for (char *save = NULL, *name = strtok_r(names, ", ", &save); name && !*bad; name = strtok_r(NULL, ", ", &save))
            if (origin_list_add_host(o->origins, name, err, sizeof err) < 0) {
                fprintf(stderr, "careerbot serve: --public-host: %s\n", err);
                *bad = true;
            }
    } else if ((v = opt_value(argc, argv, i, "--metrics-token-file", missing))) {
        free(o->token_file);
        if (!(o->token_file = read_secret(v))) {
            fprintf(stderr, "careerbot serve: --metrics-token-file %s: %s\n", v, strerror(errno));
            *bad = true;
        }
        o->limits.metrics_token = o->token_file;
    } else {
        return false;
    }
    return true;
}

/* Parses the options of cmd. Returns 0, 1 when help was printed, or 2 on a usage error. */
/* classify's switches: --session, --fallbacks, --lists, --expect, --quiet. Returns whether arg is one. */
static bool classify_flag(const char *arg, struct cli *o)
{
    bool *flag = !strcmp(arg, "--session")     ? &o->classify.one_session
                 : !strcmp(arg, "--fallbacks") ? &o->classify.only_fallbacks
                 : !strcmp(arg, "--lists")     ? &o->classify.lists
                 : !strcmp(arg, "--expect")    ? &o->expect
                 : !strcmp(arg, "--quiet")     ? &o->classify.quiet
                                               : NULL;
    if (flag)
        *flag = true;
    return flag != NULL;
}

static int parse_options(const char *cmd, int argc, char **argv, struct cli *o)
{
    bool serve = !strcmp(cmd, "serve");
    bool report = !strcmp(cmd, "report");
    bool bad = false;
    bool classify = !strcmp(cmd, "classify");
    for (int i = 0; i < argc; i++) {
        bool missing = false;
        const char *v;
        unsigned long u;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            cli_usage(cmd);
            return 1;
        } else if ((v = opt_value(argc, argv, &i, "--intents", &missing))) {
            o->intents = v;
        } else if ((v = opt_value(argc, argv, &i, "--content", &missing))) {
            o->content = v;
        } else if ((v = opt_value(argc, argv, &i, "--onet", &missing))) {
            o->onet = v;
        } else if ((v = opt_value(argc, argv, &i, "--bls", &missing))) {
            o->bls = v;
        } else if (classify && classify_flag(argv[i], o)) {
            /* --session, --fallbacks, --lists, --expect, --quiet */
        } else if (classify && (v = opt_value(argc, argv, &i, "--min-accuracy", &missing))) {
            if (!parse_percent(v, &o->classify.min_accuracy))
                return 2;
        } else if (classify && (v = opt_value(argc, argv, &i, "--max-wrong", &missing))) {
            if (!parse_percent(v, &o->classify.max_wrong))
                return 2;
        } else if (classify && !o->file && (argv[i][0] != '-' || !strcmp(argv[i], "-"))) {
            o->file = argv[i];
        } else if (serve && (v = opt_value(argc, argv, &i, "--listen", &missing))) {
            o->listen = v;
        } else if (serve && (v = opt_value(argc, argv, &i, "--web", &missing))) {
            o->web = v;
        } else if (serve && (v = opt_value(argc, argv, &i, "--port", &missing))) {
            if (!parse_uint(v, 65535, &u)) {
                fprintf(stderr, "careerbot serve: --port must be a number from 0 to 65535, not \"%s\"\n", v);
                return 2;
            }
            o->port = (int)u;
        } else if (serve && (v = opt_value(argc, argv, &i, "--workers", &missing))) {
            if (!parse_uint(v, WORKERS_MAX, &u) || u == 0) {
                fprintf(stderr, "careerbot serve: --workers must be a number from 1 to %d, not \"%s\"\n", WORKERS_MAX,
                        v);
                return 2;
            }
            o->workers = (int)u;
        } else if (serve && (v = opt_value(argc, argv, &i, "--max-message", &missing))) {
            if (!parse_uint(v, 16u * 1024 * 1024, &u) || u < 8192) {
                fprintf(stderr, "careerbot serve: --max-message must be 8192 to 16777216 bytes, not \"%s\"\n", v);
                return 2;
            }
            o->max_message = u;
        } else if ((serve || report) && (v = opt_value(argc, argv, &i, "--db", &missing))) {
            o->db = v;
        } else if ((serve || report) && (v = opt_value(argc, argv, &i, "--redis", &missing))) {
            o->redis = v;
        } else if (serve && !strcmp(argv[i], "--keep-unanswered")) {
            o->keep_unanswered = true;
        } else if (serve && !strcmp(argv[i], "--limit-loopback")) {
            o->limits.limit_loopback = true;
        } else if (serve && (v = opt_value(argc, argv, &i, "--metrics-token", &missing))) {
            o->limits.metrics_token = v;
        } else if (serve && (v = opt_value(argc, argv, &i, "--tls-cert", &missing))) {
            o->limits.tls_cert = v;
        } else if (serve && (v = opt_value(argc, argv, &i, "--tls-key", &missing))) {
            o->limits.tls_key = v;
        } else if (serve && (v = opt_value(argc, argv, &i, "--log-format", &missing))) {
            log_format f;
            if (log_format_parse(v, &f) < 0) {
                fprintf(stderr, "careerbot serve: --log-format must be text or json, not \"%s\"\n", v);
                return 2;
            }
            log_set_format(f);
        } else if (serve && argv[i][0] == '-' && argv[i][1] == '-' &&
                   (limit_option(argc, argv, &i, o, &missing, &bad) ||
                    edge_option(argc, argv, &i, o, &missing, &bad))) {
            if (bad)
                return 2;
        } else if (report && (v = opt_value(argc, argv, &i, "--top", &missing))) {
            if (!parse_uint(v, 100000, &u) || u == 0) {
                fprintf(stderr, "careerbot report: --top must be 1 to 100000, not \"%s\"\n", v);
                return 2;
            }
            o->top = u;
        } else if (serve && !strcmp(argv[i], "--memory-only")) {
            o->memory_only = true;
        } else if (serve && ((v = opt_value(argc, argv, &i, "--allow-origin", &missing)) ||
                             !strcmp(argv[i], "--require-origin"))) {
            char err[200];
            if (!o->origins && !(o->origins = origin_list_new())) {
                fprintf(stderr, "careerbot serve: out of memory\n");
                return 2;
            }
            if (!v) {
                origin_list_require(o->origins, true);
            } else if (origin_list_add(o->origins, v, err, sizeof err) < 0) {
                fprintf(stderr, "careerbot serve: --allow-origin: %s\n", err);
                return 2;
            }
        } else if (serve && (v = opt_value(argc, argv, &i, "--session-ttl", &missing))) {
            if (!parse_uint(v, 365u * 24 * 3600, &u) || u == 0) {
                fprintf(stderr, "careerbot serve: --session-ttl must be 1 to 31536000 seconds, not \"%s\"\n", v);
                return 2;
            }
            o->session_ttl = (unsigned)u;
        } else {
            if (missing)
                fprintf(stderr, "careerbot %s: %s needs a value\n", cmd, argv[i]);
            else
                fprintf(stderr, "careerbot %s: unknown option \"%s\" (try careerbot %s --help)\n", cmd, argv[i], cmd);
            return 2;
        }
        if (missing) {
            fprintf(stderr, "careerbot %s: %s needs a value\n", cmd, argv[i]);
            return 2;
        }
    }
    return 0;
}

/* The checks across options, once the config file and the command line are both read. Returns 0,
 * or 2 on a usage error. */
static int check_options(const char *cmd, const struct cli *o)
{
    bool serve = !strcmp(cmd, "serve"), classify = !strcmp(cmd, "classify");
    if (serve && !o->limits.tls_cert != !o->limits.tls_key) {
        fprintf(stderr, "careerbot serve: --tls-cert and --tls-key go together\n");
        return 2;
    }
    if (serve && o->workers > 1 && o->memory_only) {
        fprintf(stderr, "careerbot serve: sessions kept in memory are one process's own: --memory-only runs one "
                        "worker (--workers 1)\n");
        return 2;
    }
    if (classify && !o->file) {
        fprintf(stderr, "careerbot classify: name a file of utterances, one per line (\"-\" for stdin)\n");
        return 2;
    }
    return 0;
}

/* Problems in the data go to stderr as file:line (log_diag), counted in *problems; run-time
 * problems as events (log_engine), with PCRE2 limit hits counted in *regex_hits for /metrics. */
static engine *load_engine_logging(const struct cli *o, int *problems, unsigned long *regex_hits)
{
    engine_opts eo = {0};
    eo.log_ud = regex_hits;
    eo.intents_dir = o->intents;
    eo.content_dir = o->content;
    eo.onet_dir = o->onet;
    eo.bls_dir = o->bls;
    eo.diag = log_diag;
    eo.diag_ud = problems;
    eo.log = log_engine;
    return engine_new(&eo);
}

/* Where the server's texts belong (named when one is missing): the intents folder's server.json. */
static const char *texts_path(const struct cli *o, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", o->intents, TEXTS_FILE);
    return buf;
}

static engine *load_engine(const struct cli *o, int *problems)
{
    return load_engine_logging(o, problems, NULL);
}

/* Prints a reply for a terminal: **bold** markers dropped, quick replies after it. */
static void print_reply(const engine_reply *r)
{
    for (const char *p = r->text; *p; p++) {
        if (p[0] == '*' && p[1] == '*') {
            p++;
            continue;
        }
        putchar(*p);
    }
    putchar('\n');
    for (size_t i = 0; i < r->n_quick; i++)
        printf("  > %s\n", r->quick[i].label);
    putchar('\n');
    fflush(stdout);
}

static int cmd_chat(const struct cli *o)
{
    int problems = 0;
    engine *e = load_engine(o, &problems);
    if (!e) {
        fprintf(stderr, "careerbot chat: %d problem%s in the data; run careerbot check\n", problems,
                problems == 1 ? "" : "s");
        return 1;
    }
    engine_session *s = engine_session_new(e);
    bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    engine_reply r;
    if (tty) {
        engine_greet(e, s, false, &r);
        print_reply(&r);
        engine_reply_clear(&r);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    for (;;) {
        if (tty) {
            fputs("you> ", stdout);
            fflush(stdout);
        }
        if ((n = getline(&line, &cap, stdin)) < 0)
            break;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        engine_respond(e, s, line, (size_t)n, &r);
        print_reply(&r);
        engine_reply_clear(&r);
    }
    free(line);
    engine_session_free(s);
    engine_free(e);
    return 0;
}

/* BLS pay coverage: how many careers have a median, and each curated career with an O*NET code
 * but no BLS pay, and why. */
static void report_pay(const engine *e)
{
    size_t with = 0, curated = 0, curated_with = 0;
    engine_pay_info p;
    for (size_t i = 0; i < engine_career_count(e); i++) {
        bool has = engine_career_pay(e, i, &p);
        with += has;
        curated += p.curated;
        curated_with += p.curated && has;
        if (p.curated && p.soc && !has)
            printf("careerbot check: note: %s (%s) has no BLS pay: %s\n", p.id, p.soc,
                   p.why ? p.why : "its code has no BLS row");
    }
    printf("careerbot check: BLS pay for %zu of %zu careers (%zu of %zu curated; the others have no O*NET code)\n",
           with, engine_career_count(e), curated_with, curated);
}

static int cmd_check(const struct cli *o)
{
    int problems = 0;
    engine *e = load_engine(o, &problems);
    if (!e) {
        fprintf(stderr, "careerbot check: %d problem%s found\n", problems, problems == 1 ? "" : "s");
        return 1;
    }
    int found = engine_check(e, log_diag, &problems);
    /* The sentences the server shows must be in the data too (a missing one stops serve). */
    char texts[4096];
    int missing = 0;
    texts_check(e, texts_path(o, texts, sizeof texts), log_diag, &missing);
    found += missing;
    if (found) {
        fprintf(stderr, "careerbot check: %d problem%s found\n", found, found == 1 ? "" : "s");
        engine_free(e);
        return 1;
    }
    printf("careerbot check: %zu careers, %zu intents: all valid\n", engine_career_count(e), engine_intent_count(e));
    report_pay(e);
    engine_free(e);
    return 0;
}

static int cmd_classify(const struct cli *o)
{
    FILE *f = strcmp(o->file, "-") ? fopen(o->file, "r") : stdin;
    if (!f) {
        fprintf(stderr, "careerbot classify: %s: %s\n", o->file, strerror(errno));
        return 1;
    }
    int problems = 0;
    engine *e = load_engine(o, &problems);
    if (!e) {
        fprintf(stderr, "careerbot classify: %d problem%s in the data; run careerbot check\n", problems,
                problems == 1 ? "" : "s");
        if (f != stdin)
            fclose(f);
        return 1;
    }
    int status = o->expect ? classify_expect(e, f, o->file, &o->classify) : classify_lines(e, f, &o->classify);
    engine_free(e);
    if (f != stdin)
        fclose(f);
    return status;
}

struct serving {
    const struct cli *o;
    unsigned long regex_hits; /* patterns that hit a PCRE2 limit, for /metrics */
};

/* SIGHUP: the data files again; problems go to stderr with file:line, and NULL keeps the old set. */
static engine *reload_engine(void *ud)
{
    struct serving *sv = ud;
    int problems = 0;
    engine *e = load_engine_logging(sv->o, &problems, &sv->regex_hits);
    if (!e)
        log_event(LOG_ERROR, "event=reload_problems problems=%d", problems);
    return e;
}

/* Rewrites err (errlen bytes) so that the user and password of url ("redis://:PASSWORD@host") appear
 * in it as "***": a start-up error must not print a secret to a terminal or a log. */
static void redact_url(char *err, size_t errlen, const char *url)
{
    const char *at = url ? strrchr(url, '@') : NULL;
    const char *from = url ? strstr(url, "//") : NULL;
    from = from ? from + 2 : url;
    if (!at || at < from)
        return;
    char out[512] = "";
    size_t k = 0, n = (size_t)(at - from);
    for (const char *p = err; n && *p && k + 4 < sizeof out; out[k] = '\0')
        if (!strncmp(p, from, n))
            k += (size_t)snprintf(out + k, 4, "***"), p += n;
        else
            out[k++] = *p++;
    if (n)
        snprintf(err, errlen, "%s", out);
}

struct report {
    long listed, total;
};

static void print_tally(void *ud, const char *text, long count)
{
    struct report *r = ud;
    char clean[1024]; /* kept by an older careerbot, a text may hold what a terminal acts on */
    store_text_clean(text, strlen(text), clean, sizeof clean);
    printf("%7ld  %s\n", count, clean[0] ? clean : "(text not kept)");
    r->listed++;
    r->total += count;
}

static int cmd_report(const struct cli *o)
{
    char err[512] = "out of memory";
    if (!o->redis && access(o->db, F_OK) != 0) {
        fprintf(stderr, "careerbot report: %s: %s (has careerbot serve run with this --db?)\n", o->db, strerror(errno));
        return 1;
    }
    store *st = o->redis ? store_redis_new(o->redis, 0, err, sizeof err) : store_sqlite_new(o->db, 0, err, sizeof err);
    if (!st) {
        redact_url(err, sizeof err, o->redis);
        fprintf(stderr, "careerbot report: %s\n", err);
        return 1;
    }
    struct report r = {0, 0};
    printf("Questions nothing understood, most common first:\n");
    int n = store_unanswered(st, o->top ? o->top : 50, print_tally, &r);
    if (n < 0) {
        fprintf(stderr, "careerbot report: %s\n", store_error(st));
        store_free(st);
        return 1;
    }
    if (!n)
        printf("  (none yet)\n");
    else
        printf("%ld unanswered message%s in the %ld most common; texts are kept only with serve "
               "--keep-unanswered.\n",
               r.total, r.total == 1 ? "" : "s", r.listed);
    store_free(st);
    return 0;
}

/* One server process: the whole service, or one of its workers (self not NULL). */
static int serve_one(const struct cli *o, const workers_self *self)
{
    int problems = 0;
    struct serving sv = {o, 0};
    engine *e = load_engine_logging(o, &problems, &sv.regex_hits);
    if (!e) {
        fprintf(stderr, "careerbot serve: %d problem%s in the data; not starting\n", problems,
                problems == 1 ? "" : "s");
        return 1;
    }
    char err[512] = "out of memory";
    store *st;
    if (o->memory_only) {
        st = store_mem_new(DEFAULT_MAX_SESSIONS, o->session_ttl);
    } else {
        store *durable = o->redis ? store_redis_new(o->redis, o->session_ttl, err, sizeof err)
                                  : store_sqlite_new(o->db, o->session_ttl, err, sizeof err);
        st = durable ? store_cached_new(durable, DEFAULT_MAX_SESSIONS, o->session_ttl) : NULL;
    }
    if (!st) {
        redact_url(err, sizeof err, o->redis);
        fprintf(stderr, "careerbot serve: session store: %s\n", err);
        engine_free(e);
        return 1;
    }
    server_opts so = o->limits;
    so.listen = o->listen;
    so.port = o->port;
    so.web_dir = o->web;
    so.max_message = o->max_message;
    so.origins = o->origins;
    so.trusted_proxies = o->proxies;
    so.keep_unanswered = o->keep_unanswered;
    so.reload = reload_engine;
    so.reload_ud = &sv;
    so.regex_limit_hits = &sv.regex_hits;
    char texts[4096];
    so.texts_file = texts_path(o, texts, sizeof texts);
    if (self) {
        so.port = self->port;
        so.board = self->board;
        so.worker = self->index;
        so.ready_fd = self->ready_fd;
    }
    int rc = server_run(&e, st, &so);
    store_free(st);
    engine_free(e);
    return rc;
}

static int serve_worker(void *ud, const workers_self *self)
{
    return serve_one(ud, self);
}

/* serve: one process, or --workers N of them on one port (default: one per core; sessions only in
 * memory cannot be shared, so --memory-only runs one). */
static int cmd_serve(const struct cli *o)
{
    int n = o->workers ? o->workers : o->memory_only ? 1 : workers_default();
    if (n == 1)
        return serve_one(o, NULL);
    bool worker;
    return workers_run(n, o->listen, o->port, o->limits.tls_cert ? "https" : "http", serve_worker, (void *)o, &worker);
}

struct config_target {
    const char *cmd;
    struct cli *o;
};

static int apply_config_option(void *ud, int argc, char **argv)
{
    struct config_target *t = ud;
    return parse_options(t->cmd, argc, argv, t->o);
}

/* The options of cmd: serve's --config FILE first (*cf keeps its strings), then the command line,
 * which overrides the file; then the checks across options. Returns 0, 1 when help was printed, or
 * 2 on a usage error. */
static int read_options(const char *cmd, int argc, char **argv, struct cli *o, config **cf)
{
    /* The options that take no value, written "key = yes" in the file. */
    static const char *const switches[] = {"keep-unanswered", "limit-loopback", "memory-only", "require-origin", NULL};
    if (!strcmp(cmd, "serve")) {
        const char *path;
        if (config_take_option(cmd, &argc, argv, &path) < 0)
            return 2;
        struct config_target t = {cmd, o};
        if (path && (!(*cf = config_read(path)) || config_apply(*cf, switches, apply_config_option, &t) < 0))
            return 2;
    }
    int rc = parse_options(cmd, argc, argv, o);
    return rc ? rc : check_options(cmd, o);
}

int main(int argc, char **argv)
{
    struct cli o = {
        "127.0.0.1", 8080,  paths_data("web"),          paths_data("intents"), paths_data("content"),
        NULL,        NULL,  SERVER_DEFAULT_MAX_MESSAGE, DEFAULT_SESSION_TTL,   paths_default_db(),
        NULL,        false,
    };
    o.classify.min_accuracy = o.classify.max_wrong = -1;
    o.limits.max_connections = SERVER_DEFAULT_MAX_CONNECTIONS;
    o.limits.max_connections_default = true;
    /* Secrets from the environment: not in the process list. Options given later win. */
    o.limits.metrics_token = getenv("CAREERBOT_METRICS_TOKEN");
    const char *default_db = o.db;
    o.limits.max_connections_per_ip = SERVER_DEFAULT_MAX_CONNECTIONS_PER_IP;
    o.limits.new_sessions_per_ip = SERVER_DEFAULT_NEW_SESSIONS_PER_IP;
    o.limits.msg_rate = SERVER_DEFAULT_MSG_RATE;
    o.limits.msg_burst = SERVER_DEFAULT_MSG_BURST;
    o.limits.ip_rate = SERVER_DEFAULT_IP_RATE;
    o.limits.ip_burst = SERVER_DEFAULT_IP_BURST;
    o.limits.strikes = SERVER_DEFAULT_STRIKES;
    o.limits.idle_timeout = SERVER_DEFAULT_IDLE_TIMEOUT;
    o.limits.ping_interval = SERVER_DEFAULT_PING_INTERVAL;
    if (argc < 2) {
        cli_usage_to(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        cli_usage(argc > 2 ? argv[2] : NULL);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("careerbot %s\n", CAREERBOT_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "backup"))
        return backup_main(argc - 2, argv + 2);
    int (*run)(const struct cli *) = NULL;
    if (!strcmp(cmd, "serve"))
        run = cmd_serve;
    else if (!strcmp(cmd, "chat"))
        run = cmd_chat;
    else if (!strcmp(cmd, "check"))
        run = cmd_check;
    else if (!strcmp(cmd, "classify"))
        run = cmd_classify;
    else if (!strcmp(cmd, "report"))
        run = cmd_report;
    if (!run) {
        fprintf(stderr,
                "careerbot: unknown command \"%s\" (commands: serve, chat, check, classify, report, backup; try "
                "careerbot --help)\n",
                cmd);
        return 2;
    }
    config *cf = NULL;
    int rc = read_options(cmd, argc - 2, argv + 2, &o, &cf);
    const char *redis_env = getenv("CAREERBOT_REDIS_URL");
    if (!o.redis && !o.memory_only && o.db == default_db && redis_env && *redis_env)
        o.redis = redis_env; /* the URL (and its password) from the environment, not argv */
    if (rc) {
        rc = rc == 1 ? 0 : rc;
    } else if (o.redis && o.memory_only) {
        fprintf(stderr, "careerbot serve: --redis and --memory-only do not go together\n");
        rc = 2;
    } else {
        rc = run(&o);
    }
    origin_list_free(o.origins);
    ratelimit_proxies_free(o.proxies);
    free(o.token_file);
    config_free(cf);
    return rc;
}
