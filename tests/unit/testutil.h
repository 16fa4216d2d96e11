/*
 * Helpers shared by the unit tests: temporary data folders and a diagnostics collector.
 * Header-only, included by each test file (each test is its own executable).
 */
#ifndef CAREERBOT_TESTUTIL_H
#define CAREERBOT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#define FIXTURES CAREERBOT_SOURCE_DIR "/tests/unit/fixtures"
#define REPO_INTENTS CAREERBOT_SOURCE_DIR "/intents"

/* Collects "file:line: message" lines reported by loaders. */
typedef struct collected {
    char text[16384];
    int count;
} collected;

static inline void collect_diag(void *ud, const char *file, int line, const char *msg)
{
    collected *c = ud;
    size_t used = strlen(c->text);
    snprintf(c->text + used, sizeof c->text - used, "%s:%d: %s\n", file, line, msg);
    c->count++;
}

/* Makes a fresh temporary folder; returns it in buf. */
static inline const char *temp_dir(char *buf, size_t len)
{
    snprintf(buf, len, "/tmp/careerbot-test-XXXXXX");
    if (!mkdtemp(buf))
        fail_msg("mkdtemp failed");
    return buf;
}

static inline void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

static inline void remove_tree(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

#endif
