/* Every one of the 1,016 O*NET occupations can be asked about by its title, with the repository's
 * intents and careers and the O*NET database of ../shared loaded: "what does a <title> do?" is
 * answered about that occupation, or about the curated career that has its code. */
#include "engine.h"
#include "testutil.h"

#define SHARED_ONET CAREERBOT_SOURCE_DIR "/../shared/data/onet"

static void test_every_title(void **state)
{
    (void)state;
    collected got = {"", 0};
    engine_opts o = {0};
    o.intents_dir = REPO_INTENTS;
    o.content_dir = CAREERBOT_SOURCE_DIR "/content";
    o.onet_dir = SHARED_ONET;
    o.diag = collect_diag;
    o.diag_ud = &got;
    engine *e = engine_new(&o);
    if (!e)
        fail_msg("engine did not load:\n%s", got.text);
    /* The occupations and their titles, straight from the file. */
    FILE *f = fopen(SHARED_ONET "/Occupation Data.txt", "r");
    assert_non_null(f);
    char line[8192];
    int n = 0, ok = 0;
    char misses[4096] = "";
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        char *code = strtok(line, "\t");
        char *title = strtok(NULL, "\t");
        if (!code || !title)
            continue;
        n++;
        char q[1024];
        snprintf(q, sizeof q, "what does a %s do?", title);
        engine_session *s = engine_session_new(e);
        engine_reply r;
        engine_respond(e, s, q, strlen(q), &r);
        /* The occupation itself, the curated career with its code, or a curated career that has
         * this exact title among its own names (a curated name wins over an O*NET title). */
        bool right = r.career_id && (!strcmp(r.career_id, code) || engine_career_soc(e, r.career_id, code) ||
                                     engine_career_named(e, r.career_id, title));
        if (right && !strcmp(r.intent, "career.describe"))
            ok++;
        else if (strlen(misses) < sizeof misses - 200)
            snprintf(misses + strlen(misses), sizeof misses - strlen(misses), "  %s %s -> %s (%s)\n", code, title,
                     r.career_id ? r.career_id : "-", r.intent);
        engine_reply_clear(&r);
        engine_session_free(s);
    }
    fclose(f);
    printf("%d of %d O*NET titles answered about their occupation\n", ok, n);
    if (ok != n || n != 1016)
        fail_msg("%d of %d answered right:\n%s", ok, n, misses);
    engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_title),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
