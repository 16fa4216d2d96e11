/*
 * config (see config.h): the serve options read from a file, key = value a line.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct entry {
    char *opt;   /* "--key" */
    char *value; /* the value, unquoted */
    int line;
} entry;

struct config {
    char *path;
    entry *e;
    size_t n, cap;
    bool readable_by_others; /* group or other may read the file */
};

static const char *const secret_keys[] = {"metrics-token", "redis", NULL};

/* Trims spaces and tabs at both ends of s, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Unquotes "..." in place (\" and \\ are the only escapes). Returns NULL when the quote is not closed
 * or something follows it. */
static char *unquote(char *v)
{
    if (*v != '"')
        return v;
    char *out = v, *p = v + 1;
    for (; *p && *p != '"'; p++) {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
            p++;
        *out++ = *p;
    }
    if (*p != '"' || p[1])
        return NULL;
    *out = '\0';
    return v;
}

static int bad(const char *path, int line, const char *what, const char *key)
{
    fprintf(stderr, "%s:%d: %s%s%s\n", path, line, what, key ? key : "", key ? "\"" : "");
    return -1;
}

/* Parses one line (already without its newline) into c. Returns 0, or -1 after reporting. */
static int parse_line(config *c, char *text, int line)
{
    char *s = trim(text);
    if (!*s || *s == '#' || *s == ';')
        return 0;
    char *eq = strchr(s, '=');
    if (!eq)
        return bad(c->path, line, "expected \"key = value\", not \"", s);
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    if (!*key)
        return bad(c->path, line, "no key before \"=\"", NULL);
    if (!strncmp(key, "--", 2))
        return bad(c->path, line, "write the option without its dashes: \"", key + 2);
    for (const char *k = key; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '-'))
            return bad(c->path, line, "a key is an option's name (lower case, digits, '-'), not \"", key);
    if (!strcmp(key, "config"))
        return bad(c->path, line, "a config file cannot name another one", NULL);
    bool quoted = *value == '"';
    if (!(value = unquote(value)))
        return bad(c->path, line, "the quoted value is not closed (or text follows it) for \"", key);
    if (!*value && !quoted)
        return bad(c->path, line, "no value for \"", key);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        entry *e = realloc(c->e, cap * sizeof *e);
        if (!e)
            return bad(c->path, line, "out of memory", NULL);
        c->e = e, c->cap = cap;
    }
    entry *e = &c->e[c->n];
    size_t kn = strlen(key);
    if (!(e->opt = malloc(kn + 3)) || !(e->value = strdup(value))) {
        free(e->opt);
        return bad(c->path, line, "out of memory", NULL);
    }
    memcpy(e->opt, "--", 2);
    memcpy(e->opt + 2, key, kn + 1);
    e->line = line;
    c->n++;
    return 0;
}

config *config_read(const char *path)
{
    config *c = calloc(1, sizeof *c);
    FILE *f = NULL;
    if (!c || !(c->path = strdup(path))) {
        fprintf(stderr, "careerbot serve: out of memory\n");
        goto fail;
    }
    if (!(f = fopen(path, "r"))) {
        fprintf(stderr, "careerbot serve: --config %s: %s\n", path, strerror(errno));
        goto fail;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "careerbot serve: --config %s: is a folder, not a file\n", path);
        goto fail;
    }
    c->readable_by_others = (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
    char *text = NULL;
    size_t cap = 0;
    int line = 0, problems = 0;
    while (getline(&text, &cap, f) >= 0)
        problems += parse_line(c, text, ++line) < 0;
    free(text);
    if (ferror(f)) {
        fprintf(stderr, "careerbot serve: --config %s: %s\n", path, strerror(errno));
        problems++;
    }
    fclose(f);
    f = NULL;
    if (problems)
        goto fail;
    return c;
fail:
    if (f)
        fclose(f);
    config_free(c);
    return NULL;
}

void config_free(config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->e[i].opt);
        free(c->e[i].value);
    }
    free(c->e);
    free(c->path);
    free(c);
}

static bool in_list(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (!strcmp(*list, s))
            return true;
    return false;
}

/* 1 for yes/true/on/1, 0 for no/false/off/0, -1 for anything else. */
static int yes_no(const char *v)
{
    static const char *const yes[] = {"yes", "true", "on", "1", NULL}, *const no[] = {"no", "false", "off", "0", NULL};
    return in_list(yes, v) ? 1 : in_list(no, v) ? 0 : -1;
}

/* Prints what the command line's parser said (msg) as FILE:LINE: lines: without its "careerbot CMD: "
 * lead, and with "--key" shortened to the key as written in the file. */
static void report_as_file_line(const config *c, const entry *e, const char *msg)
{
    const char *key = e->opt + 2;
    size_t kn = strlen(e->opt);
    for (const char *line = msg; *line;) {
        size_t len = strcspn(line, "\n");
        const char *p = line, *end = line + len;
        if (!strncmp(p, "careerbot ", 10)) {
            const char *colon = strstr(p, ": ");
            if (colon && colon < end)
                p = colon + 2;
        }
        const char *dash = strstr(p, e->opt);
        if (dash && dash < end && (dash[kn] == ' ' || dash[kn] == '"' || dash[kn] == ':' || dash + kn == end))
            fprintf(stderr, "%s:%d: %.*s%s%.*s\n", c->path, e->line, (int)(dash - p), p, key, (int)(end - dash - kn),
                    dash + kn);
        else
            fprintf(stderr, "%s:%d: %.*s\n", c->path, e->line, (int)(end - p), p);
        line = *end ? end + 1 : end;
    }
}

/* Runs fn on one option with stderr caught, so that what the command line's parser says about a
 * wrong value comes out with the file and line. (glibc lets stderr be reassigned; nothing else
 * writes to it meanwhile: the parser is synchronous and no thread runs yet.) */
static int apply_caught(const config *c, const entry *e, int argc, char **argv, config_apply_fn fn, void *ud)
{
    char *msg = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&msg, &len);
    if (!mem)
        return fn(ud, argc, argv);
    FILE *saved = stderr;
    stderr = mem;
    int rc = fn(ud, argc, argv);
    stderr = saved;
    fclose(mem);
    if (rc && msg && *msg)
        report_as_file_line(c, e, msg);
    else if (rc)
        fprintf(stderr, "%s:%d: bad value for \"%s\"\n", c->path, e->line, e->opt + 2);
    free(msg);
    return rc;
}

int config_apply(const config *c, const char *const *switches, config_apply_fn fn, void *ud)
{
    bool secret = false;
    for (size_t i = 0; i < c->n; i++) {
        const entry *e = &c->e[i];
        char *argv[2] = {e->opt, e->value};
        int argc = 2;
        if (in_list(switches, e->opt + 2)) {
            int yes = yes_no(e->value);
            if (yes < 0) {
                fprintf(stderr, "%s:%d: %s is a switch: write yes or no, not \"%s\"\n", c->path, e->line, e->opt + 2,
                        e->value);
                return -1;
            }
            if (!yes)
                continue;
            argc = 1;
        }
        if (apply_caught(c, e, argc, argv, fn, ud))
            return -1;
        if (in_list(secret_keys, e->opt + 2) && (strcmp(e->opt + 2, "redis") || strchr(e->value, '@')))
            secret = true;
    }
    if (secret && c->readable_by_others)
        fprintf(stderr,
                "careerbot serve: warning: %s holds a secret (a metrics token or a Redis password) and other users "
                "may read it: chmod 600 it, or pass the secret in the environment (CAREERBOT_METRICS_TOKEN, "
                "CAREERBOT_REDIS_URL)\n",
                c->path);
    return 0;
}

int config_take_option(const char *cmd, int *argc, char **argv, const char **path)
{
    *path = NULL;
    for (int i = 0; i < *argc; i++) {
        int take;
        const char *v;
        if (!strcmp(argv[i], "--config")) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "careerbot %s: --config needs a value\n", cmd);
                return -1;
            }
            v = argv[i + 1], take = 2;
        } else if (!strncmp(argv[i], "--config=", 9)) {
            v = argv[i] + 9, take = 1;
        } else {
            continue;
        }
        if (*path) {
            fprintf(stderr, "careerbot %s: --config comes once\n", cmd);
            return -1;
        }
        *path = v;
        memmove(argv + i, argv + i + take, (size_t)(*argc - i - take) * sizeof *argv);
        *argc -= take;
        i--;
    }
    return 0;
}
