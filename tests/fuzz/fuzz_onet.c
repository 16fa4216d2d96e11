/*
 * Fuzz target: the O*NET text-database loader (src/engine/onet.c) and its merge into the content.
 *
 * A temporary O*NET folder holds small synthetic files in the official layout (made-up
 * occupations written for this driver, not O*NET data). The first byte of an input picks one of
 * those files and the rest of the input replaces it; the file is put back after each input.
 * engine_new loads the fixture careers of the unit tests with that folder merged in, and an engine
 * that loads (with the small intents/ of fuzz_util.h) answers a few questions about the
 * occupations, which renders the merged records.
 */
#include "engine.h"

#include "fuzz_util.h"

#define FIXTURE FUZZ_SOURCE "/tests/unit/fixtures/content"

/* Synthetic rows: three made-up occupations, every file the loader reads. */
static const struct {
    const char *name;
    const char *text;
} files[] = {
    {"Occupation Data.txt",
     "O*NET-SOC Code\tTitle\tDescription\n"
     "99-9001.00\tLantern Keepers\tLight and tend the lanterns of a harbour.\n"
     "99-9001.01\tChief Lantern Inspectors\tInspect lanterns, wicks and glass; write reports.\n"
     "99-9002.00\tCloud Shepherds, Sky Herders, and Fog Wranglers\tGuide clouds across the valley.\r\n"},
    {"Alternate Titles.txt", "O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)\n"
                             "99-9001.00\tLamplighter\tn/a\t08\n"
                             "99-9001.00\tHarbour Light Technician (HLT)\tHLT\t10\n"
                             "99-9002.00\tNephelologist\tn/a\t08\n"},
    {"Sample of Reported Titles.txt",
     "O*NET-SOC Code\tTitle\tReported Job Title\tShown in My Next Move\n"
     "99-9001.00\tLantern Keepers\tWick Trimmer\tY\n"
     "99-9002.00\tCloud Shepherds, Sky Herders, and Fog Wranglers\tWeather Herder\tN\n"},
    {"Task Statements.txt", "O*NET-SOC Code\tTask ID\tTask\tTask Type\tIncumbents Responding\tDate\tDomain Source\n"
                            "99-9001.00\t1\tTrim wicks before dusk.\tCore\t90\t01/2026\tAnalyst\n"
                            "99-9001.00\t2\tPolish the glass.\tSupplemental\t40\t01/2026\tAnalyst\n"
                            "99-9002.00\t3\tCount the clouds each morning.\tCore\t80\t01/2026\tAnalyst\n"},
    {"Technology Skills.txt", "O*NET-SOC Code\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn Demand\n"
                              "99-9001.00\tWick calendar software\t1\tScheduling software\tY\tN\n"
                              "99-9001.00\tSpreadsheet software\t2\tSpreadsheet software\tN\tN\n"
                              "99-9002.00\tBarometer logger\t3\tData software\tN\tY\n"},
    {"Interests.txt", "O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tData Value\tDate\tDomain Source\n"
                      "99-9001.00\t1.B.1.a\tRealistic\tOI\t6.10\t01/2026\tAnalyst\n"
                      "99-9001.00\t1.B.1.b\tInvestigative\tOI\t2.00\t01/2026\tAnalyst\n"
                      "99-9001.00\t1.B.1.c\tArtistic\tOI\t1.50\t01/2026\tAnalyst\n"
                      "99-9001.00\t1.B.1.d\tSocial\tOI\t3.00\t01/2026\tAnalyst\n"
                      "99-9001.00\t1.B.1.e\tEnterprising\tOI\t1.00\t01/2026\tAnalyst\n"
                      "99-9001.00\t1.B.1.f\tConventional\tOI\t4.25\t01/2026\tAnalyst\n"
                      "99-9001.00\t1.B.1.g\tFirst Interest High-Point\tIH\t1.00\t01/2026\tAnalyst\n"},
    {"Job Zone Reference.txt", "Job Zone\tName\tExperience\n"
                               "1\tJob Zone One: Little or No Preparation Needed\tNone.\n"
                               "2\tJob Zone Two: Some Preparation Needed\tSome.\n"
                               "4\tJob Zone Four: Considerable Preparation Needed\tA lot.\n"},
    {"Job Zones.txt", "O*NET-SOC Code\tTitle\tJob Zone\tDate\tDomain Source\n"
                      "99-9001.00\tLantern Keepers\t2\t01/2026\tAnalyst\n"
                      "99-9002.00\tCloud Shepherds, Sky Herders, and Fog Wranglers\t4\t01/2026\tAnalyst\n"},
    {"Education, Training, and Experience Categories.txt",
     "Element ID\tElement Name\tScale ID\tScale Name\tCategory\tCategory Description\n"
     "2.D.1\tRequired Level of Education\tRL\tRequired Level Of Education\t2\tHigh School Diploma - or the equivalent\n"
     "2.D.1\tRequired Level of Education\tRL\tRequired Level Of Education\t6\tBachelor's Degree (four years)\n"},
    {"Education, Training, and Experience.txt",
     "O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tCategory\tData Value\n"
     "99-9001.00\t2.D.1\tRequired Level of Education\tRL\t2\t71.5\n"
     "99-9001.00\t2.D.1\tRequired Level of Education\tRL\t6\t10.0\n"
     "99-9002.00\t2.D.1\tRequired Level of Education\tRL\t6\t55.0\n"},
    {"Related Occupations.txt", "O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\n"
                                "99-9001.00\t99-9002.00\tPrimary-Short\t1\n"
                                "99-9002.00\t99-9001.00\tPrimary-Short\t1\n"
                                "99-9002.00\t99-9002.00\tPrimary-Long\t2\n"},
};
#define N_FILES (sizeof files / sizeof files[0])

static const char *const messages[] = {
    "what does a lantern keeper do?",
    "and the education?",
    "compare with cloud shepherds",
    "tell me about a lamplighter",
    "recent",
};

static char onet_dir[512];
static char intents_dir[512];
static char content_dir[512];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_dir("intents", intents_dir, sizeof intents_dir);
    fuzz_write_small_intents(intents_dir, 0);
    /* The fixture careers without the career test, which O*NET does not feed and which would
     * double the time of each run. */
    char dir[512];
    fuzz_dir("content", content_dir, sizeof content_dir);
    fuzz_dir("content/careers", dir, sizeof dir);
    fuzz_copy(FIXTURE "/abbreviations.json", content_dir, "abbreviations.json");
    fuzz_copy(FIXTURE "/careers/test-pilot.json", content_dir, "careers/test-pilot.json");
    fuzz_copy(FIXTURE "/careers/ai-flight-engineer.json", content_dir, "careers/ai-flight-engineer.json");
    fuzz_dir("onet", onet_dir, sizeof onet_dir);
    for (size_t i = 0; i < N_FILES; i++)
        fuzz_write(onet_dir, files[i].name, files[i].text, strlen(files[i].text));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t f = data[0] % N_FILES;
    fuzz_write(onet_dir, files[f].name, data + 1, size - 1);

    int problems = 0;
    engine_opts o;
    memset(&o, 0, sizeof o);
    o.intents_dir = intents_dir;
    o.content_dir = content_dir;
    o.onet_dir = onet_dir;
    o.diag = fuzz_count_diag;
    o.diag_ud = &problems;
    engine *e = engine_new(&o);
    if (!e) {
        FUZZ_CHECK(problems > 0);
    } else {
        engine_session *s = engine_session_new(e);
        for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++) {
            engine_reply r;
            engine_respond(e, s, messages[i], strlen(messages[i]), &r);
            FUZZ_CHECK(r.text && r.intent);
            engine_reply_clear(&r);
        }
        char *blob = engine_session_save(e, s);
        engine_session *copy = engine_session_load(e, blob, strlen(blob));
        FUZZ_CHECK(copy);
        engine_session_free(copy);
        free(blob);
        engine_session_free(s);
        engine_free(e);
    }

    fuzz_write(onet_dir, files[f].name, files[f].text, strlen(files[f].text));
    return 0;
}
