/* Pay for every career (issue 16): "how much does a <title> earn?" for every curated career with an
 * O*NET-SOC code and every O*NET occupation with a BLS row, with the repository's data, the O*NET
 * database and the BLS files of ../shared loaded (--onet, --bls). Each reply must hold that
 * occupation's median as the BLS file has it ("$97,550", or "$24.50 an hour" where BLS publishes
 * hourly pay only), read here straight from the files, not through the engine. */
#include "engine.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>

#define SHARED_ONET CAREERBOT_SOURCE_DIR "/../shared/data/onet"
#define SHARED_BLS CAREERBOT_SOURCE_DIR "/../shared/data/bls"
#define MAX_ROWS 2048

struct row {
    char key[16], value[256], hourly[16];
};

/* Reads columns a and b (and c, or -1) of a TSV file by header name into rows; returns the count. */
static size_t read_tsv(const char *path, const char *ka, const char *kb, const char *kc, struct row *rows)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    int ia = -1, ib = -1, ic = -1;
    size_t n = 0;
    for (int lineno = 0; fgets(line, sizeof line, f); lineno++) {
        line[strcspn(line, "\r\n")] = '\0';
        char *field[64];
        int nf = 0;
        for (char *p = line, *tab; nf < 64; p = tab + 1) {
            field[nf++] = p;
            if (!(tab = strchr(p, '\t')))
                break;
            *tab = '\0';
        }
        if (lineno == 0) {
            for (int i = 0; i < nf; i++) {
                ia = strcmp(field[i], ka) ? ia : i;
                ib = strcmp(field[i], kb) ? ib : i;
                ic = kc && !strcmp(field[i], kc) ? i : ic;
            }
            assert_true(ia >= 0 && ib >= 0);
            continue;
        }
        if (ia >= nf || ib >= nf || n == MAX_ROWS)
            continue;
        snprintf(rows[n].key, sizeof rows[n].key, "%s", field[ia]);
        snprintf(rows[n].value, sizeof rows[n].value, "%s", field[ib]);
        snprintf(rows[n].hourly, sizeof rows[n].hourly, "%s", ic >= 0 && ic < nf ? field[ic] : "");
        n++;
    }
    fclose(f);
    return n;
}

static const struct row *find(const struct row *rows, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i].key, key))
            return &rows[i];
    return NULL;
}

/* What the reply must hold for BLS code bls: "$97,550" or "$24.50 an hour"; false when BLS
 * publishes no wage for it. */
static bool expected(const struct row *pay, size_t n_pay, const char *bls, char *out, size_t len)
{
    const struct row *r = find(pay, n_pay, bls);
    if (!r)
        return false;
    char *end;
    double v = strtod(r->value, &end);
    if (end != r->value && !*end) {
        char digits[32];
        snprintf(digits, sizeof digits, "%.0f", v);
        size_t k = 0, nd = strlen(digits);
        out[k++] = '$';
        for (size_t i = 0; i < nd && k + 2 < len; i++) {
            if (i && (nd - i) % 3 == 0)
                out[k++] = ',';
            out[k++] = digits[i];
        }
        out[k] = '\0';
        return true;
    }
    v = strtod(r->hourly, &end);
    if (end != r->hourly && !*end) {
        snprintf(out, len, "$%.2f an hour", v);
        return true;
    }
    return false;
}

/* The repository's intents and careers with the O*NET database and the BLS files of ../shared. */
static engine *load_engine(void)
{
    static collected got = {"", 0};
    engine_opts o = {0};
    o.intents_dir = REPO_INTENTS;
    o.content_dir = CAREERBOT_SOURCE_DIR "/content";
    o.onet_dir = SHARED_ONET;
    o.bls_dir = SHARED_BLS;
    o.diag = collect_diag;
    o.diag_ud = &got;
    engine *e = engine_new(&o);
    if (!e)
        fail_msg("engine did not load:\n%s", got.text);
    return e;
}

struct tally {
    int asked, ok;
    char misses[8192];
};

static void ask(engine *e, const char *title, const char *code, const char *want, struct tally *t)
{
    char q[1024];
    snprintf(q, sizeof q, "how much does a %s earn?", title);
    engine_session *s = engine_session_new(e);
    engine_reply r;
    engine_respond(e, s, q, strlen(q), &r);
    t->asked++;
    /* The occupation, the curated career with its code, or one that has this exact title among its
     * own names (a curated name wins over an O*NET title): with this occupation's median all the same. */
    bool about = r.career_id && (!strcmp(r.career_id, code) || engine_career_soc(e, r.career_id, code) ||
                                 engine_career_named(e, r.career_id, title));
    bool pay = !strcmp(r.intent, "career.pay") || !strcmp(r.intent, "career.pay_start"); /* "a new accounts clerk" */
    if (about && pay && strstr(r.text, want) && strstr(r.text, "Bureau of Labor Statistics"))
        t->ok++;
    else if (strlen(t->misses) < sizeof t->misses - 300)
        snprintf(t->misses + strlen(t->misses), sizeof t->misses - strlen(t->misses), "  %s %s (want %s) -> %s %s\n",
                 code, title, want, r.career_id ? r.career_id : "-", r.intent);
    engine_reply_clear(&r);
    engine_session_free(s);
}

static void test_every_median(void **state)
{
    (void)state;
    static struct row map[MAX_ROWS], pay[MAX_ROWS], occ[MAX_ROWS];
    size_t n_map = read_tsv(SHARED_BLS "/onet_to_bls.tsv", "O*NET-SOC Code", "BLS_SOC_CODE", NULL, map);
    size_t n_pay = read_tsv(SHARED_BLS "/oews_national.tsv", "OCC_CODE", "A_MEDIAN", "H_MEDIAN", pay);
    size_t n_occ = read_tsv(SHARED_ONET "/Occupation Data.txt", "O*NET-SOC Code", "Title", NULL, occ);
    assert_true(n_map > 1000 && n_pay > 800 && n_occ > 1000);

    engine *e = load_engine();

    struct tally onet = {0, 0, ""}, curated = {0, 0, ""};
    char want[48];
    for (size_t i = 0; i < n_occ; i++) { /* every O*NET occupation with a BLS wage */
        const struct row *m = find(map, n_map, occ[i].key);
        if (m && expected(pay, n_pay, m->value, want, sizeof want))
            ask(e, occ[i].value, occ[i].key, want, &onet);
    }
    DIR *dir = opendir(CAREERBOT_SOURCE_DIR "/content/careers");
    assert_non_null(dir);
    for (struct dirent *de; (de = readdir(dir));) { /* every curated career with a code and a BLS wage */
        if (!strstr(de->d_name, ".json"))
            continue;
        char path[1024], *text = NULL;
        snprintf(path, sizeof path, "%s/content/careers/%s", CAREERBOT_SOURCE_DIR, de->d_name);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        size_t cap = 0;
        ssize_t len = getdelim(&text, &cap, '\0', f);
        fclose(f);
        cJSON *rec = cJSON_ParseWithLength(text, (size_t)len);
        const char *soc = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "soc"));
        const char *title = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "title"));
        const struct row *m = soc ? find(map, n_map, soc) : NULL;
        if (m && title && expected(pay, n_pay, m->value, want, sizeof want))
            ask(e, title, soc, want, &curated);
        cJSON_Delete(rec);
        free(text);
    }
    closedir(dir);
    printf("O*NET occupations: %d of %d replies hold the BLS median; curated careers: %d of %d\n", onet.ok, onet.asked,
           curated.ok, curated.asked);
    if (onet.ok != onet.asked || curated.ok != curated.asked || onet.asked < 990 || curated.asked < 200)
        fail_msg("O*NET %d of %d, curated %d of %d:\n%s%s", onet.ok, onet.asked, curated.ok, curated.asked, onet.misses,
                 curated.misses);
    engine_free(e);
}

static int by_value_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

/* The numbers of the list lines of a reply ("- Surgeon: $414,010", "- Wind Turbine Technician: +49.9%"). */
static size_t listed(const char *text, double *out, size_t max)
{
    size_t n = 0;
    for (const char *p = strstr(text, "\n- "); p && n < max; p = strstr(p + 1, "\n- ")) {
        const char *colon = strchr(p + 3, ':');
        const char *nl = strchr(p + 1, '\n');
        if (!colon || (nl && colon > nl))
            continue;
        char digits[32];
        size_t k = 0;
        for (const char *q = colon + 1; *q && *q != '\n' && k + 1 < sizeof digits; q++)
            if ((*q >= '0' && *q <= '9') || *q == '.' || *q == '-')
                digits[k++] = *q;
        digits[k] = '\0';
        out[n++] = atof(digits);
    }
    return n;
}

/* "What are the highest paying careers?", "... with little training", "fastest-growing careers": the
 * figures listed are the top ones computed from the files over every O*NET occupation (each career
 * is one, or a curated career in its place with the same figures). */
static void test_rankings(void **state)
{
    (void)state;
    static struct row map[MAX_ROWS], pay[MAX_ROWS], growth[MAX_ROWS], edu[MAX_ROWS], occ[MAX_ROWS];
    size_t n_map = read_tsv(SHARED_BLS "/onet_to_bls.tsv", "O*NET-SOC Code", "BLS_SOC_CODE", NULL, map);
    size_t n_pay = read_tsv(SHARED_BLS "/oews_national.tsv", "OCC_CODE", "A_MEDIAN", NULL, pay);
    size_t n_growth = read_tsv(SHARED_BLS "/projections.tsv", "2024 National Employment Matrix code",
                               "Employment change, percent, 2024\xe2\x80\x93"
                               "34",
                               NULL, growth);
    size_t n_edu = read_tsv(SHARED_BLS "/projections.tsv", "2024 National Employment Matrix code",
                            "Typical education needed for entry", NULL, edu);
    size_t n_occ = read_tsv(SHARED_ONET "/Occupation Data.txt", "O*NET-SOC Code", "Title", NULL, occ);
    static double top_pay[MAX_ROWS], top_nodeg[MAX_ROWS], top_growth[MAX_ROWS];
    size_t np = 0, nd = 0, ng = 0;
    for (size_t i = 0; i < n_occ; i++) {
        const struct row *m = find(map, n_map, occ[i].key);
        const struct row *p = m ? find(pay, n_pay, m->value) : NULL;
        const struct row *g = m ? find(growth, n_growth, m->value) : NULL;
        const struct row *ed = m ? find(edu, n_edu, m->value) : NULL;
        char *end;
        double v = p ? strtod(p->value, &end) : 0;
        if (p && end != p->value && !*end) {
            top_pay[np++] = v;
            bool little = ed && (!strncmp(ed->value, "No formal", 9) || !strncmp(ed->value, "High school", 11));
            if (little) /* "with little training": no formal credential or high school */
                top_nodeg[nd++] = v;
        }
        v = g ? strtod(g->value, &end) : 0;
        if (g && end != g->value && !*end)
            top_growth[ng++] = v;
    }
    qsort(top_pay, np, sizeof *top_pay, by_value_desc);
    qsort(top_nodeg, nd, sizeof *top_nodeg, by_value_desc);
    qsort(top_growth, ng, sizeof *top_growth, by_value_desc);

    engine *e = load_engine();
    static const struct {
        const char *q;
        const double *want;
    } cases[] = {{"what are the highest paying careers?", top_pay},
                 {"best paid jobs with little training", top_nodeg},
                 {"what are the fastest growing careers?", top_growth}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        engine_session *s = engine_session_new(e);
        engine_reply r;
        engine_respond(e, s, cases[c].q, strlen(cases[c].q), &r);
        double shown[16];
        size_t n = listed(r.text, shown, 16);
        if (n != 8)
            fail_msg("\"%s\": %zu figures listed, not 8:\n%s", cases[c].q, n, r.text);
        for (size_t i = 0; i < n; i++)
            if (fabs(shown[i] - cases[c].want[i]) > 0.05)
                fail_msg("\"%s\": line %zu shows %.1f where the files rank %.1f:\n%s", cases[c].q, i + 1, shown[i],
                         cases[c].want[i], r.text);
        engine_reply_clear(&r);
        engine_session_free(s);
    }
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_median),
        cmocka_unit_test(test_rankings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
