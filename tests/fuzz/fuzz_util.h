/*
 * Helpers shared by the libFuzzer drivers in tests/fuzz/: a private temporary data folder per
 * fuzzing process, files written into it, and a hard stop when an invariant breaks.
 *
 * Header-only (each driver is its own executable). Each process makes its folder once, under
 * $TMPDIR (or /tmp), and removes it at exit; drivers rewrite files in it for every input, so a run
 * leaves nothing behind. No driver keeps anything between inputs but what it says it keeps.
 */
#ifndef CAREERBOT_FUZZ_UTIL_H
#define CAREERBOT_FUZZ_UTIL_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FUZZ_SOURCE CAREERBOT_SOURCE_DIR /* the repository, for intents/, content/ and fixtures */

/* Stops the run with a message: libFuzzer records the input as a crash. */
#define FUZZ_CHECK(cond)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                               \
            abort();                                                                                                   \
        }                                                                                                              \
    } while (0)

static char fuzz_root[256]; /* this process's temporary folder */

/* An engine_diag_fn that counts the problems in the int at ud (their text does not matter here). */
static inline void fuzz_count_diag(void *ud, const char *file, int line, const char *msg)
{
    (void)file;
    (void)line;
    (void)msg;
    (*(int *)ud)++;
}

static inline void fuzz_remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
            struct stat st;
            if (!lstat(sub, &st) && S_ISDIR(st.st_mode))
                fuzz_remove_tree(sub);
            else
                unlink(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

static inline void fuzz_cleanup(void)
{
    if (fuzz_root[0])
        fuzz_remove_tree(fuzz_root);
}

/* Makes this process's folder (once) and returns it. */
static inline const char *fuzz_temp_root(void)
{
    if (!fuzz_root[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(fuzz_root, sizeof fuzz_root, "%s/careerbot-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(fuzz_root)) {
            perror("careerbot fuzz: mkdtemp");
            abort();
        }
        atexit(fuzz_cleanup);
    }
    return fuzz_root;
}

/* root/sub as a folder (made when missing); the path goes to out. */
static inline const char *fuzz_dir(const char *sub, char *out, size_t len)
{
    snprintf(out, len, "%s/%s", fuzz_temp_root(), sub);
    mkdir(out, 0700);
    return out;
}

/* Writes len bytes to dir/name, replacing the file. */
static inline void fuzz_write(const char *dir, const char *name, const void *data, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f)) {
        perror(path);
        abort();
    }
}

/* Copies the file at from to dir/name. */
static inline void fuzz_copy(const char *from, const char *dir, const char *name)
{
    FILE *f = fopen(from, "rb");
    if (!f) {
        perror(from);
        abort();
    }
    char buf[1 << 16];
    size_t n, total = 0;
    char *all = NULL;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        all = realloc(all, total + n);
        if (!all)
            abort();
        memcpy(all + total, buf, n);
        total += n;
    }
    fclose(f);
    fuzz_write(dir, name, all, total);
    free(all);
}

static inline void fuzz_unlink(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

/* A small intents/ for the loaders' drivers: the six roles, plus intents that render every career
 * field with each filter, compare two careers, list related careers and specialisations, browse a
 * field and (with_test) start the career test, which needs content/test/. Loads in about a
 * millisecond, where the real intents/ take 30. */
static inline void fuzz_write_small_intents(const char *dir, int with_test)
{
    static const char text[] =
        "{\"references\": [\"it\", \"they\", \"that\", \"job\"],\n"
        " \"intents\": [\n"
        "{\"id\": \"f\", \"role\": \"fallback\", \"responses\": [\"?\"]},\n"
        "{\"id\": \"s\", \"role\": \"start\", \"responses\": [\"hi\"]},\n"
        "{\"id\": \"a\", \"role\": \"ask_career\", \"responses\": [\"which?\"]},\n"
        "{\"id\": \"u\", \"role\": \"unknown_career\", \"responses\": [\"no {slot.career}\"]},\n"
        "{\"id\": \"d\", \"role\": \"career_only\", \"career\": \"required\", \"responses\": [\"{career.summary}\"]},\n"
        "{\"id\": \"c\", \"role\": \"clarify_career\", \"responses\": [\"{slot.options}?\"]},\n"
        "{\"id\": \"all\", \"career\": \"required\", \"patterns\": [\"\\\\b(?:what does|tell me about) "
        "(?<career>.+?)(?: do)?\\\\??$\"],\n"
        "  \"responses\": [\"{career.title|a}: {career.summary}\\n{career.duties}\\n{career.duties|names}\\n"
        "{career.duties|list}\\n{career.specialisations}\\n{career.other_names|comma}\\n{career.related}\\n"
        "{career.workplace}\\n{career.skills|list}\\n{career.soc} {career.job_zone} {career.riasec} "
        "{career.duties|count}\"],\n"
        "  \"quick_replies\": [{\"label\": \"Skills\", \"text\": \"skills of {career.title|a}\", \"if\": "
        "\"skills\"}],\n"
        "  \"quick_list\": {\"from\": \"related\", \"label\": \"{item.title}\", \"text\": \"tell me about "
        "{item.title|a}\", \"max\": 3}},\n"
        "{\"id\": \"more\", \"career\": \"required\", \"patterns\": "
        "[\"\\\\b(?:education|study|names|related|skills)\\\\b\"],\n"
        "  \"responses\": [{\"if\": \"education\", \"text\": \"{career.education}\"}, {\"unless\": \"education\", "
        "\"text\": \"{career.title}\"}],\n"
        "  \"quick_list\": {\"from\": \"specialisations\", \"label\": \"{item.title}\", \"text\": \"tell me about "
        "{item.title|a}\", \"max\": 3}},\n"
        "{\"id\": \"cmp\", \"priority\": 5, \"career\": \"required\", \"compare\": true, \"patterns\": "
        "[\"\\\\b(?:compare|versus|vs)\\\\b\"],\n"
        "  \"responses\": [\"{career.title} or {other.title|a}: {other.summary} {other.job_zone} {other.riasec}\"]},\n"
        "{\"id\": \"recent\", \"patterns\": [\"\\\\brecent\\\\b\"], \"responses\": [\"recent\"],\n"
        "  \"quick_list\": {\"from\": \"recent\", \"label\": \"{item.title}\", \"text\": \"{item.title}\", \"max\": "
        "3}},\n"
        "{\"id\": \"browse\", \"priority\": 4, \"browse\": true, \"patterns\": [\"\\\\b(?:careers|jobs) in\\\\b\"],\n"
        "  \"responses\": [\"{slot.field} ({slot.count}):\\n{slot.list}\"]}\n"
        "]}\n";
    static const char test[] = "{\"intents\": [{\"id\": \"test\", \"priority\": 6, \"test\": \"start\", \"patterns\": "
                               "[\"\\\\bcareer test\\\\b\"]}]}\n";
    fuzz_write(dir, "small.json", text, sizeof text - 1);
    if (with_test)
        fuzz_write(dir, "test.json", test, sizeof test - 1);
}

#endif
