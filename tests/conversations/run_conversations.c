/*
 * Runs conversation files (format in README.md beside this file) against the engine.
 * usage: run_conversations [--onet DIR] INTENTS_DIR CONTENT_DIR FILE.conv...
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "engine.h"

#include <pcre2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

static void diag(void *ud, const char *file, int line, const char *msg)
{
    (void)ud;
    fprintf(stderr, "%s:%d: %s\n", file, line, msg);
}

static bool matches(const char *pattern, const char *subject, const char *file, int line)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_CASELESS, &code, &off, NULL);
    if (!re) {
        fprintf(stderr, "%s:%d: bad regex at offset %zu\n", file, line, (size_t)off);
        failed++;
        return false;
    }
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0;
}

static void check(bool ok, const char *file, int line, const char *what, const char *said, const engine_reply *r)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "%s:%d: FAILED %s\n  user:   %s\n  reply:  %s\n  intent: %s, career: %s\n", file, line, what, said,
            r->text ? r->text : "(none)", r->intent ? r->intent : "-", r->career_id ? r->career_id : "-");
}

static void run_file(const engine *e, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", file);
        failed++;
        return;
    }
    engine_session *s = engine_session_new(e);
    engine_reply r = {0};
    char said[4096] = "";
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    bool have_reply = false;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        if (!strcmp(line, "---")) {
            engine_session_free(s);
            s = engine_session_new(e);
            continue;
        }
        const char *arg = line + 2;
        if (!strncmp(line, "?! ", 3))
            arg = line + 3;
        if (line[0] == '>') {
            engine_reply_clear(&r);
            snprintf(said, sizeof said, "%s", arg);
            engine_respond(e, s, arg, strlen(arg), &r);
            have_reply = true;
            continue;
        }
        if (!have_reply) {
            fprintf(stderr, "%s:%d: a check before any '>' line\n", file, lineno);
            failed++;
            continue;
        }
        if (line[0] == '<') {
            check(matches(arg, r.text, file, lineno), file, lineno, line, said, &r);
        } else if (line[0] == '!') {
            check(!matches(arg, r.text, file, lineno), file, lineno, line, said, &r);
        } else if (line[0] == '=') {
            check(r.intent && !strcmp(r.intent, arg), file, lineno, line, said, &r);
        } else if (line[0] == '@') {
            bool ok = !strcmp(arg, "-") ? r.career_id == NULL : (r.career_id && !strcmp(r.career_id, arg));
            check(ok, file, lineno, line, said, &r);
        } else if (line[0] == '?') {
            bool any = false;
            for (size_t i = 0; i < r.n_quick; i++)
                any =
                    any || matches(arg, r.quick[i].label, file, lineno) || matches(arg, r.quick[i].text, file, lineno);
            check(line[1] == '!' ? !any : any, file, lineno, line, said, &r);
        } else {
            fprintf(stderr, "%s:%d: unknown line \"%s\"\n", file, lineno, line);
            failed++;
        }
    }
    free(line);
    engine_reply_clear(&r);
    engine_session_free(s);
    fclose(f);
}

int main(int argc, char **argv)
{
    const char *onet = NULL;
    if (argc > 2 && !strcmp(argv[1], "--onet")) {
        onet = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc < 4) {
        fprintf(stderr, "usage: run_conversations [--onet DIR] INTENTS_DIR CONTENT_DIR FILE.conv...\n");
        return 2;
    }
    engine_opts o = {0};
    o.intents_dir = argv[1];
    o.content_dir = argv[2];
    o.onet_dir = onet;
    o.diag = diag;
    engine *e = engine_new(&o);
    if (!e) {
        fprintf(stderr, "could not load the engine\n");
        return 1;
    }
    for (int i = 3; i < argc; i++)
        run_file(e, argv[i]);
    engine_free(e);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
