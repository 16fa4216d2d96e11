/*
 * paths (see paths.h): the data folder and default store, from where the binary itself lies.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CAREERBOT_SOURCE_TREE
#define CAREERBOT_SOURCE_TREE "."
#endif
#ifndef CAREERBOT_BUILD_TREE
#define CAREERBOT_BUILD_TREE "."
#endif
#ifndef CAREERBOT_BIN_TO_DATA
#define CAREERBOT_BIN_TO_DATA "../share/careerbot"
#endif
#ifndef CAREERBOT_INSTALL_DATA
#define CAREERBOT_INSTALL_DATA "/usr/local/share/careerbot"
#endif
#ifndef CAREERBOT_INSTALL_STATE
#define CAREERBOT_INSTALL_STATE "/usr/local/var/lib/careerbot"
#endif

/* Copies src into dst (cap bytes); a path too long for PATH_MAX is cut (it would not open anyway). */
static void set(char *dst, size_t cap, const char *src)
{
    if (snprintf(dst, cap, "%s", src) >= (int)cap)
        dst[cap - 1] = '\0';
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running binary (realpath'd), or "" when /proc is not there. */
static void exe_dir(char *out, size_t cap)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    out[0] = '\0';
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    set(out, cap, exe[0] ? exe : "/");
}

/* Whether the two paths name the same existing folder. */
static bool same_dir(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static bool installed_layout;

const char *paths_data_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    char bin[PATH_MAX], beside[PATH_MAX + 64];
    exe_dir(bin, sizeof bin);
    snprintf(beside, sizeof beside, "%s/%s", bin, CAREERBOT_BIN_TO_DATA);
    if (bin[0] && same_dir(bin, CAREERBOT_BUILD_TREE) && is_dir(CAREERBOT_SOURCE_TREE)) {
        set(dir, sizeof dir, CAREERBOT_SOURCE_TREE); /* run from the build: the repository */
    } else if (bin[0] && is_dir(beside)) {
        char *real = realpath(beside, NULL); /* installed, or a package extracted anywhere */
        set(dir, sizeof dir, real ? real : beside);
        free(real);
        installed_layout = true;
    } else if (is_dir(CAREERBOT_INSTALL_DATA)) {
        set(dir, sizeof dir, CAREERBOT_INSTALL_DATA);
        installed_layout = true;
    } else if (is_dir(CAREERBOT_SOURCE_TREE)) {
        set(dir, sizeof dir, CAREERBOT_SOURCE_TREE); /* a copy of the built binary */
    } else {
        set(dir, sizeof dir, CAREERBOT_INSTALL_DATA); /* missing: errors name where it belongs */
        installed_layout = true;
    }
    return dir;
}

const char *paths_default_db(void)
{
    static char db[PATH_MAX + 32];
    if (db[0])
        return db;
    const char *data = paths_data_dir();
    const char *state = getenv("STATE_DIRECTORY"); /* systemd: StateDirectory= (the first, if several) */
    if (state && *state) {
        size_t n = strcspn(state, ":");
        snprintf(db, sizeof db, "%.*s/sessions.db", (int)n, state);
    } else if (installed_layout) {
        snprintf(db, sizeof db, "%s/sessions.db", CAREERBOT_INSTALL_STATE);
    } else {
        snprintf(db, sizeof db, "%s/data/sessions.db", data);
    }
    return db;
}

const char *paths_data(const char *name)
{
    static char bufs[4][PATH_MAX + 32];
    static const char *names[4];
    for (size_t i = 0; i < 4; i++) {
        if (names[i] && !strcmp(names[i], name))
            return bufs[i];
        if (!names[i]) {
            names[i] = name;
            snprintf(bufs[i], sizeof bufs[i], "%s/%s", paths_data_dir(), name);
            return bufs[i];
        }
    }
    return CAREERBOT_INSTALL_DATA; /* more than four names: a programming error, never reached */
}
