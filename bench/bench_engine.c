/*
 * bench_engine: careerbot's dialogue engine in-process on a workload of user lines, one core.
 *
 * usage: bench_engine CONTENT_DIR INTENTS_DIR INPUTS_FILE [--onet DIR] [--n N] [--sessions S]
 * Answers N messages (default 100,000), cycling through the lines of INPUTS_FILE, each line going to
 * the next of S sessions in turn (default 1). Prints one JSON line: replies/s, mean, p50, p99 and
 * p99.9 in microseconds, resident memory. Asserts nothing.
 */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6))
            kib = atol(line + 6);
    if (f)
        fclose(f);
    return kib;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s CONTENT_DIR INTENTS_DIR INPUTS_FILE [--onet DIR] [--n N] [--sessions S]\n", argv[0]);
        return 2;
    }
    const char *onet = NULL;
    long n = 100000, sessions = 1;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--onet"))
            onet = argv[i + 1];
        else if (!strcmp(argv[i], "--n"))
            n = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--sessions"))
            sessions = atol(argv[i + 1]);
    }
    FILE *f = fopen(argv[3], "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", argv[3]);
        return 1;
    }
    char **lines = NULL;
    size_t n_lines = 0;
    char buf[4096];
    while (fgets(buf, sizeof buf, f)) {
        size_t l = strcspn(buf, "\r\n");
        buf[l] = '\0';
        if (!l)
            continue;
        lines = realloc(lines, (n_lines + 1) * sizeof *lines);
        lines[n_lines++] = strdup(buf);
    }
    fclose(f);
    double t0 = now_us();
    engine_opts o = {0};
    o.content_dir = argv[1];
    o.intents_dir = argv[2];
    o.onet_dir = onet;
    engine *e = engine_new(&o);
    double load_ms = (now_us() - t0) / 1e3;
    if (!e || !n_lines) {
        fprintf(stderr, "could not load the engine or no inputs; run careerbot check\n");
        return 1;
    }
    engine_session **s = calloc((size_t)sessions, sizeof *s);
    for (long i = 0; i < sessions; i++)
        s[i] = engine_session_new(e);
    double *lat = malloc((size_t)n * sizeof *lat);
    engine_reply r;
    double start = now_us();
    for (long i = 0; i < n; i++) {
        const char *line = lines[i % (long)n_lines];
        engine_session *ss = s[i % sessions];
        double a = now_us();
        engine_respond(e, ss, line, strlen(line), &r);
        lat[i] = now_us() - a;
        engine_reply_clear(&r);
    }
    double total = now_us() - start;
    double mean = 0;
    for (long i = 0; i < n; i++)
        mean += lat[i];
    mean /= (double)n;
    qsort(lat, (size_t)n, sizeof *lat, cmp_double);
    printf("{\"engine\":\"careerbot\",\"inputs\":\"%s\",\"onet\":%s,\"n\":%ld,\"sessions\":%ld,\"replies_per_s\":%.0f,"
           "\"mean_us\":%.2f,\"p50_us\":%.2f,\"p99_us\":%.2f,\"p999_us\":%.2f,\"load_ms\":%.1f,\"rss_mb\":%.1f}\n",
           argv[3], onet ? "true" : "false", n, sessions, n / (total / 1e6), mean, lat[n / 2], lat[(long)(n * 0.99)],
           lat[(long)(n * 0.999)], load_ms, rss_kib() / 1024.0);
    for (long i = 0; i < sessions; i++)
        engine_session_free(s[i]);
    free(s);
    free(lat);
    for (size_t i = 0; i < n_lines; i++)
        free(lines[i]);
    free(lines);
    engine_free(e);
    return 0;
}
