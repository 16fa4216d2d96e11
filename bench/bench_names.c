/*
 * bench_names: how long careerbot takes to load its careers (curated, plus the full O*NET folder),
 * how much memory that takes, and how fast career names resolve in what people type.
 *
 * usage: bench_names CONTENT_DIR ONET_DIR [N]
 * The names are N (default 10,000) realistic queries made from O*NET titles and alternate titles
 * and from the curated titles: lower- and mixed-case, plural, with an article, and one in three
 * with a typo (a dropped, doubled, swapped or replaced letter). Prints figures; asserts nothing.
 */
#include "content.h"
#include "jsondoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
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

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A query for a title: maybe an article, maybe a typo in one word of five letters or more. */
static void make_query(const char *title, char *out, size_t cap)
{
    static const char *const starts[] = {"", "a ", "the ", "what does a ", "tell me about "};
    snprintf(out, cap, "%s%s", starts[rnd(5)], title);
    for (char *p = out; *p; p++)
        if (rnd(2) && *p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    if (rnd(3))
        return;
    size_t len = strlen(out);
    size_t tries = 0, i;
    do {
        i = rnd((unsigned)len);
    } while (++tries < 20 && !(i > 2 && out[i] >= 'a' && out[i] <= 'z' && out[i - 1] >= 'a' && out[i + 1] >= 'a'));
    if (tries >= 20)
        return;
    switch (rnd(4)) {
    case 0:
        memmove(out + i, out + i + 1, len - i);
        break; /* drop */
    case 1:
        if (len + 1 < cap) {
            memmove(out + i + 1, out + i, len - i + 1);
        }
        break; /* double */
    case 2: {
        char t = out[i];
        out[i] = out[i + 1];
        out[i + 1] = t;
    } break; /* swap */
    default:
        out[i] = (char)('a' + rnd(26));
        break; /* replace */
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s CONTENT_DIR ONET_DIR [N]\n", argv[0]);
        return 2;
    }
    size_t n = argc > 3 ? (size_t)atol(argv[3]) : 10000;
    long rss0 = rss_kib();
    double t0 = now_ms();
    diag d = {NULL, NULL, 0, 0};
    content *curated = content_load(argv[1], NULL, NULL, &d);
    double t1 = now_ms();
    content *c = content_load(argv[1], argv[2], NULL, &d);
    double t2 = now_ms();
    if (!curated || !c) {
        fprintf(stderr, "load failed (%d errors); run careerbot check\n", d.errors);
        return 1;
    }
    long rss1 = rss_kib();

    /* Queries from career titles and other names, cycling through the store. */
    char **queries = calloc(n, sizeof *queries);
    size_t total = content_count(c);
    for (size_t i = 0; i < n; i++) {
        size_t k = rnd((unsigned)total);
        const cJSON *rec = content_record(c, k);
        const cJSON *others = cJSON_GetObjectItemCaseSensitive(rec, "other_names");
        const char *title = content_title(c, k);
        if (cJSON_GetArraySize(others) > 0 && rnd(2))
            title = cJSON_GetArrayItem(others, (int)rnd((unsigned)cJSON_GetArraySize(others)))->valuestring;
        char buf[256];
        make_query(title, buf, sizeof buf);
        queries[i] = strdup(buf);
    }
    size_t na;
    const text_abbrev *ab = content_abbrevs(c, &na);
    size_t found = 0, exact = 0;
    sbuf norm = SBUF_INIT;
    text_words w = {0};
    double t3 = now_ms();
    for (size_t i = 0; i < n; i++) {
        sbuf_reset(&norm);
        w.n = 0;
        text_normalise(queries[i], strlen(queries[i]), &norm);
        text_words_split(norm.p, norm.len, ab, na, &w);
        names_hit hit;
        if (content_find_name(c, &w, 0, w.n, &hit)) {
            found++;
            exact += hit.corrections == 0;
        }
    }
    double t4 = now_ms();
    printf("careerbot names benchmark (%s)\n", argv[2]);
    printf("  load curated content:         %8.1f ms  (%zu careers)\n", t1 - t0, content_count(curated));
    printf("  load curated + O*NET:         %8.1f ms  (%zu careers)\n", t2 - t1, total);
    printf("  resident memory after load:   %8.1f MB  (%.1f MB before)\n", rss1 / 1024.0, rss0 / 1024.0);
    printf("  names resolved:               %8zu of %zu queries (%zu without correction)\n", found, n, exact);
    printf("  resolution speed:             %8.0f names/s  (%.2f us each, one core)\n", n / ((t4 - t3) / 1e3),
           (t4 - t3) * 1e3 / (double)n);
    for (size_t i = 0; i < n; i++)
        free(queries[i]);
    free(queries);
    sbuf_free(&norm);
    text_words_free(&w);
    content_free(curated);
    content_free(c);
    return 0;
}
