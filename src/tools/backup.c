/*
 * backup (see backup.h): the online copy of a SQLite session store.
 */
#include "backup.h"
#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUSY_MS 5000   /* how long to wait for a lock the server holds (a checkpoint) */
#define BUSY_TRIES 100 /* backup steps that found the source busy, 100 ms apart, before giving up */

static const char usage[] =
    "usage: careerbot backup [--db PATH] OUT\n\n"
    "Copies the SQLite session store at PATH to OUT while careerbot serve keeps running, with\n"
    "SQLite's online backup API: one consistent snapshot, which never blocks the server's writes.\n"
    "The copy is checked, synced and then renamed over OUT (mode 0600: sessions are private), and\n"
    "its sessions are counted. To restore, stop the server and put the copy in place of PATH\n"
    "(README: \"Install on a server\").\n\n"
    "  --db PATH            the store                        [default: %s]\n";

static int fail(const char *what, const char *path, const char *why)
{
    fprintf(stderr, "careerbot backup: %s%s%s: %s\n", what, *what ? " " : "", path, why);
    return 1;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Syncs the file or folder at path to disk. */
static int sync_path(const char *path, bool dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* The backup proper: every page of src into dst, in one step (one read transaction, so one
 * snapshot); the source being busy (the server checkpointing) is waited out. */
static int copy_pages(sqlite3 *src, sqlite3 *dst)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b)
        return sqlite3_errcode(dst);
    int rc, tries = 0;
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (++tries > BUSY_TRIES)
            break;
        sqlite3_sleep(100);
    }
    int fin = sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? fin : rc;
}

/* Checks the copy and counts its sessions. Returns the count, or -1 with the reason in why. */
static long check_copy(sqlite3 *db, char *why, size_t cap)
{
    sqlite3_stmt *st;
    long n = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(why, cap, "%s", sqlite3_errmsg(db));
        return -1;
    }
    bool ok = sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
    if (!ok)
        snprintf(why, cap, "the copy fails its check: %s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!ok)
        return -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sessions", -1, &st, NULL) != SQLITE_OK) {
        snprintf(why, cap, "not a careerbot session store (%s)", sqlite3_errmsg(db));
        return -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    else
        snprintf(why, cap, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return n;
}

/* Copies db to tmp and checks it. Returns the number of sessions, or -1 after reporting. */
static long backup_to(const char *db, const char *tmp)
{
    sqlite3 *src = NULL, *dst = NULL;
    long n = -1;
    char why[512];
    if (sqlite3_open_v2(db, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fail("", db, src ? sqlite3_errmsg(src) : "out of memory");
        goto done;
    }
    sqlite3_busy_timeout(src, BUSY_MS);
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        fail("", tmp, dst ? sqlite3_errmsg(dst) : "out of memory");
        goto done;
    }
    int rc = copy_pages(src, dst);
    if (rc != SQLITE_OK) {
        fail("copying", db, rc == SQLITE_BUSY ? "the store stayed busy; try again" : sqlite3_errstr(rc));
        goto done;
    }
    if ((n = check_copy(dst, why, sizeof why)) < 0)
        fail("", db, why);
done:
    sqlite3_close(dst);
    sqlite3_close(src);
    return n;
}

/* Refuses an OUT that is the store itself, or a database some program has open (its -wal or -shm
 * would be read with the new file). */
static int check_out(const char *db, const char *out)
{
    struct stat a, b;
    if (stat(db, &a) == 0 && stat(out, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        return fail("", out, "is the store itself; name another file");
    char side[PATH_MAX];
    for (const char *suffix = "-wal"; suffix; suffix = strcmp(suffix, "-wal") ? NULL : "-shm") {
        snprintf(side, sizeof side, "%s%s", out, suffix);
        if (exists(side))
            return fail("", out, "has a -wal or -shm file beside it (a program has it open); name another file");
    }
    return 0;
}

static int parse_args(int argc, char **argv, const char **db, const char **out)
{
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf(usage, paths_default_db());
            return 1;
        } else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            *db = argv[++i];
        } else if (!strncmp(argv[i], "--db=", 5)) {
            *db = argv[i] + 5;
        } else if (!strcmp(argv[i], "--db")) {
            fprintf(stderr, "careerbot backup: --db needs a value\n");
            return 2;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "careerbot backup: unknown option \"%s\" (try careerbot backup --help)\n", argv[i]);
            return 2;
        } else if (*out) {
            fprintf(stderr, "careerbot backup: one OUT file only (\"%s\" and \"%s\")\n", *out, argv[i]);
            return 2;
        } else {
            *out = argv[i];
        }
    }
    if (!*out) {
        fprintf(stderr, "careerbot backup: name the file to write (careerbot backup [--db PATH] OUT)\n");
        return 2;
    }
    return 0;
}

int backup_main(int argc, char **argv)
{
    const char *db = paths_default_db(), *out = NULL;
    int rc = parse_args(argc, argv, &db, &out);
    if (rc)
        return rc == 1 ? 0 : rc;
    if (!exists(db))
        return fail("", db, "no such file (has careerbot serve run with this --db?)");
    if (check_out(db, out))
        return 1;
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid()) >= (int)sizeof tmp)
        return fail("", out, "name too long");
    umask(077);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    long n = backup_to(db, tmp);
    if (n < 0 || sync_path(tmp, false) < 0 || rename(tmp, out) < 0) {
        if (n >= 0)
            fail("writing", out, strerror(errno));
        unlink(tmp);
        return 1;
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", out);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash == dir ? (void)(slash[1] = '\0') : (void)(*slash = '\0');
    sync_path(slash ? dir : ".", true); /* the rename itself */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct stat st;
    long long bytes = stat(out, &st) == 0 ? (long long)st.st_size : 0;
    printf("careerbot backup: %ld session%s from %s to %s (%lld KiB, %.0f ms)\n", n, n == 1 ? "" : "s", db, out,
           (bytes + 1023) / 1024, (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    return 0;
}
