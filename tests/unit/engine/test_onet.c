/* Unit tests for src/engine/onet.c and the O*NET merge in content.c. */
#include "content.h"
#include "onet.h"
#include "testutil.h"

#define SHARED_ONET CAREERBOT_SOURCE_DIR "/../shared/data/onet"

static void test_singular_titles(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"Chief Executives", "Chief Executive"},
        {"Judges, Magistrate Judges, and Magistrates", "Judge, Magistrate Judge, and Magistrate"},
        {"Secretaries and Administrative Assistants, Except Legal, Medical, and Executive",
         "Secretary and Administrative Assistant, Except Legal, Medical, and Executive"},
        {"Waiters and Waitresses", "Waiter and Waitress"},
        {"Police and Sheriff's Patrol Officers", "Police and Sheriff's Patrol Officer"},
        {"Computer Systems Engineers/Architects", "Computer Systems Engineer/Architect"},
        {"Coaches and Scouts", "Coach and Scout"},
        {"Infantry", "Infantry"},
        {"Physicists", "Physicist"},
        {"Economics Teachers, Postsecondary", "Economics Teacher, Postsecondary"},
        {"Helpers--Carpenters", "Helper--Carpenters"},
        {"First-Line Supervisors of Retail Sales Workers", "First-Line Supervisor of Retail Sales Workers"},
        {"Agents and Business Managers of Artists, Performers, and Athletes",
         "Agent and Business Manager of Artists, Performers, and Athletes"},
        {"Helpers--Brickmasons, Blockmasons, Stonemasons, and Tile and Marble Setters",
         "Helper--Brickmasons, Blockmasons, Stonemasons, and Tile and Marble Setters"},
        {"Self-Enrichment Teachers", "Self-Enrichment Teacher"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sbuf b = SBUF_INIT;
        onet_singular_title(cases[i].in, &b);
        assert_string_equal(b.p, cases[i].out);
        sbuf_free(&b);
    }
}

static const char occupations[] = "O*NET-SOC Code\tTitle\tDescription\r\n"
                                  "11-1011.00\tChief Executives\tRun things.\r\n"
                                  "15-2051.00\tData Scientists\tFind things in data.\r\n"
                                  "29-1141.00\tRegistered Nurses\tCare for patients.\r\n";

static void test_small_folder(void **state)
{
    (void)state;
    char dir[64];
    temp_dir(dir, sizeof dir);
    write_file(dir, "Occupation Data.txt", occupations);
    write_file(dir, "Alternate Titles.txt",
               "O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)\r\n"
               "11-1011.00\tChief Executive Officer (CEO)\tCEO\t01\r\n"
               "29-1141.00\tStaff Nurse\tn/a\t01\r\n"
               "29-1141.00\tCharge Nurse\r\n"
               "bad-code\tSomething\tn/a\t01\r\n");
    write_file(dir, "Job Zones.txt",
               "O*NET-SOC Code\tTitle\tJob Zone\tDate\tDomain Source\n"
               "29-1141.00\tRegistered Nurses\t3\t08/2023\tAnalyst\n"
               "11-1011.00\tChief Executives\t9\t08/2023\tAnalyst\n"
               "11-1011.00\tChief Executives\tnan\t08/2023\tAnalyst\n");
    collected got = {"", 0};
    diag d = {collect_diag, &got, 0, 0};
    cJSON *arr = onet_load(dir, NULL, &d);
    assert_non_null(arr);
    assert_int_equal(cJSON_GetArraySize(arr), 3);
    /* Problems name file and line; a missing optional file is only a warning. */
    assert_non_null(strstr(got.text, "Alternate Titles.txt:4: 2 fields where the header has 4"));
    assert_non_null(strstr(got.text, "Alternate Titles.txt:5: \"bad-code\" is not an O*NET-SOC code"));
    assert_non_null(strstr(got.text, "Job Zones.txt:3: \"9\" is not a job zone"));
    assert_non_null(strstr(got.text, "Job Zones.txt:4: \"nan\" is not a job zone")); /* found by fuzzing */
    assert_non_null(strstr(got.text, "Task Statements.txt:0: warning: missing; loading the rest without it"));
    assert_int_equal(d.errors, 4);
    assert_true(d.warnings >= 5);
    const cJSON *rn = cJSON_GetArrayItem(arr, 2);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(rn, "title")->valuestring, "Registered Nurse");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(rn, "job_zone")->valueint, 3);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(rn, "source")->valuestring, "onet");
    cJSON_Delete(arr);

    /* Without Occupation Data.txt the folder cannot be used. */
    char empty[64];
    temp_dir(empty, sizeof empty);
    collected got2 = {"", 0};
    diag d2 = {collect_diag, &got2, 0, 0};
    assert_null(onet_load(empty, NULL, &d2));
    assert_non_null(strstr(got2.text, "Occupation Data.txt:0: missing"));
    remove_tree(empty);
    remove_tree(dir);
}

static int find(const content *c, const char *text, size_t *n_alts)
{
    sbuf norm = SBUF_INIT;
    text_normalise(text, strlen(text), &norm);
    size_t na;
    const text_abbrev *ab = content_abbrevs(c, &na);
    text_words w = {0};
    text_words_split(norm.p, norm.len, ab, na, &w);
    names_hit hit;
    int k = content_find_name(c, &w, 0, w.n, &hit) ? hit.career : -1;
    if (n_alts)
        *n_alts = k >= 0 ? hit.n_alts : 0;
    text_words_free(&w);
    sbuf_free(&norm);
    return k;
}

/* The full database from ../shared: every occupation loads, and curated careers win on their code. */
static void test_full_database(void **state)
{
    (void)state;
    collected got = {"", 0};
    diag d = {collect_diag, &got, 0, 0};
    content *c = content_load(FIXTURES "/content", SHARED_ONET, NULL, &d);
    if (!c)
        fail_msg("could not load %s:\n%s", SHARED_ONET, got.text);
    assert_int_equal(d.errors, 0);
    /* 1,016 occupations plus two curated careers; ai-flight-engineer takes 17-2011.00's place. */
    assert_int_equal(content_count(c), 1016 + 2 - 1);
    assert_int_equal(content_curated_count(c), 2);
    assert_int_equal(content_find_id(c, "17-2011.00"), -1);
    int rn = content_find_id(c, "29-1141.00");
    assert_true(rn >= 2);
    assert_true(content_is_onet(c, (size_t)rn));
    assert_string_equal(content_title(c, (size_t)rn), "Registered Nurse");
    assert_int_equal(find(c, "what do registered nurses do", NULL), rn);
    assert_int_equal(find(c, "staff nurse", NULL), rn);
    /* O*NET alternate titles of three letters or fewer ("RN", "DO") are not names: they would match
     * ordinary words. The curated registered-nurse record lists "RN" itself. */
    assert_int_equal(find(c, "an RN", NULL), -1);
    assert_int_equal(find(c, "how do I become one", NULL), -1);
    /* "CEO" likewise (content/careers/chief-executive.json lists it); the full title still answers. */
    int ceo = content_find_id(c, "11-1011.00");
    assert_int_equal(find(c, "what does a CEO do", NULL), -1);
    assert_int_equal(find(c, "what does a chief executive officer do", NULL), ceo);
    assert_int_equal(find(c, "elektrician", NULL), content_find_id(c, "47-2111.00"));
    assert_int_equal(find(c, "dental hygenists", NULL), content_find_id(c, "29-1292.00"));
    /* O*NET's title for the curated career's code now names the curated career. */
    assert_int_equal(find(c, "aerospace engineers", NULL), content_find_id(c, "ai-flight-engineer"));
    const cJSON *rec = content_record(c, (size_t)rn);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "duties")) >= 4);
    assert_non_null(cJSON_GetObjectItemCaseSensitive(rec, "interests"));
    const char *edu = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(rec, "education"));
    assert_non_null(edu);
    /* Written with the fixture's content/onet.json: both sentences, their slots filled. */
    assert_non_null(strstr(edu, "The most common level of education in this occupation is: "));
    assert_non_null(strstr(edu, "% of workers surveyed by O*NET). It is in job zone "));
    assert_null(strstr(edu, "{slot."));
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "related")) >= 5);
    content_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_singular_titles),
        cmocka_unit_test(test_small_folder),
        cmocka_unit_test(test_full_database),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
