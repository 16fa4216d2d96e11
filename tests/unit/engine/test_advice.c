/* Advice (issue 18): one test per kind of limit and preference. Each sends what a person might say to
 * the engine with the repository's intents and content, takes the careers the reply lists
 * (engine_reply.list), and checks every one against the data files read here with cJSON, not
 * through the engine: BLS entry education and median pay (content/pay.json, or the job zone for
 * careers BLS does not cover), the facets of content/facets.json, the knowledge areas of
 * content/knowledge.json and the fields of content/fields.json. */
#include "engine.h"
#include "testutil.h"

#include <cjson/cJSON.h>

static cJSON *pay, *facets, *knowledge, *fields;
static cJSON *docs[4]; /* the files' roots, freed by teardown */
static engine *eng;

static cJSON *read_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    cJSON *j = cJSON_Parse(buf);
    free(buf);
    assert_non_null(j);
    return j;
}

static cJSON *record(const char *id)
{
    char path[512];
    snprintf(path, sizeof path, "%s/content/careers/%s.json", CAREERBOT_SOURCE_DIR, id);
    return read_json(path);
}

static int setup(void **state)
{
    (void)state;
    pay = cJSON_GetObjectItem(docs[0] = read_json(CAREERBOT_SOURCE_DIR "/content/pay.json"), "careers");
    facets = cJSON_GetObjectItem(docs[1] = read_json(CAREERBOT_SOURCE_DIR "/content/facets.json"), "facets");
    knowledge = cJSON_GetObjectItem(docs[2] = read_json(CAREERBOT_SOURCE_DIR "/content/knowledge.json"), "careers");
    fields = cJSON_GetObjectItem(docs[3] = read_json(CAREERBOT_SOURCE_DIR "/content/fields.json"), "fields");
    static collected got = {"", 0};
    engine_opts o = {0};
    o.intents_dir = REPO_INTENTS;
    o.content_dir = CAREERBOT_SOURCE_DIR "/content";
    o.diag = collect_diag;
    o.diag_ud = &got;
    eng = engine_new(&o);
    if (!eng)
        fail_msg("engine did not load:\n%s", got.text);
    return 0;
}

/* BLS's typical entry education as a level (0 none ... 7 doctoral), or from the job zone. */
static int entry_level(const char *id)
{
    static const char *const starts[] = {"No formal", "High school", "Some college", "Postsecondary",
                                         "Associate", "Bachelor",    "Master",       "Doctoral"};
    const char *ed = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(pay, id), "education"));
    for (int k = 0; ed && k < 8; k++)
        if (!strncmp(ed, starts[k], strlen(starts[k])))
            return k;
    cJSON *r = record(id);
    int z = cJSON_GetObjectItem(r, "job_zone") ? cJSON_GetObjectItem(r, "job_zone")->valueint : 0;
    cJSON_Delete(r);
    static const int zone_entry[] = {-1, 1, 1, 3, 5, 6};
    return z >= 1 && z <= 5 ? zone_entry[z] : -1;
}

static double median(const char *id)
{
    const cJSON *m = cJSON_GetObjectItem(cJSON_GetObjectItem(pay, id), "median");
    return cJSON_IsNumber(m) ? m->valuedouble : -1;
}

static bool has_facet(const char *id, const char *facet)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(cJSON_GetObjectItem(facets, facet),
                                               "careers")) if (!strcmp(it->valuestring, id)) return true;
    return false;
}

static double importance(const char *id, const char *area)
{
    const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(knowledge, id), "knowledge"), area);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static bool in_soc(const char *id, const char *prefix)
{
    cJSON *r = record(id);
    const char *code = cJSON_GetStringValue(cJSON_GetObjectItem(r, "soc"));
    if (!code)
        code = cJSON_GetStringValue(cJSON_GetObjectItem(r, "profile_from"));
    bool hit = code && !strncmp(code, prefix, strlen(prefix));
    cJSON_Delete(r);
    return hit;
}

/* Sends the messages in one session; returns the last reply (caller clears it). */
static engine_reply say(engine_session *s, const char *const *msgs)
{
    engine_reply r = {0};
    for (; *msgs; msgs++) {
        engine_reply_clear(&r);
        engine_respond(eng, s, *msgs, strlen(*msgs), &r);
    }
    return r;
}

static engine_reply ask(const char *msg)
{
    engine_session *s = engine_session_new(eng);
    const char *m[] = {msg, NULL};
    engine_reply r = say(s, m);
    engine_session_free(s);
    return r;
}

static void assert_listed(const engine_reply *r, const char *intent)
{
    if (strcmp(r->intent, intent) || r->n_list < 3)
        fail_msg("expected %s with at least 3 careers, got %s with %zu:\n%s", intent, r->intent, r->n_list, r->text);
}

/* Asks msg and checks that intent lists careers that all have facet (wanted) or all lack it. */
static void assert_facet(const char *msg, const char *intent, const char *facet, bool wanted)
{
    engine_reply r = ask(msg);
    assert_listed(&r, intent);
    for (size_t i = 0; i < r.n_list; i++)
        if (has_facet(r.list[i], facet) != wanted)
            fail_msg("\"%s\": %s %s %s", msg, r.list[i], wanted ? "is not" : "is", facet);
    engine_reply_clear(&r);
}

static void limit_entry(void **state)
{
    (void)state;
    static const struct {
        const char *msg;
        int max;
    } cases[] = {
        {"I like helping people but I don't have a degree", 3},
        {"I like computers, two years of school at most", 4},
        {"I love animals and want to start working right away", 1},
        {"I enjoy writing, no grad school for me", 5},
        {"what jobs can I get with just a high school diploma", 1},
        {"I like art, a short course but nothing longer", 3},
        {"I like computers and I'm not transferring to a four-year college", 4},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        engine_reply r = ask(cases[c].msg);
        assert_listed(&r, "advice.recommend");
        for (size_t i = 0; i < r.n_list; i++)
            if (entry_level(r.list[i]) < 0 || entry_level(r.list[i]) > cases[c].max)
                fail_msg("\"%s\": %s has entry level %d, above %d", cases[c].msg, r.list[i], entry_level(r.list[i]),
                         cases[c].max);
        engine_reply_clear(&r);
    }
}

static void limit_pay(void **state)
{
    (void)state;
    engine_reply r = ask("I like building things and I need to make at least $60k");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (median(r.list[i]) < 60000)
            fail_msg("%s has a median of %.0f", r.list[i], median(r.list[i]));
    engine_reply_clear(&r);
}

static void limit_facets(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *facet;
    } cases[] = {
        {"I want to work in tech but I can't code", "coding"},
        {"I like biology but no blood please", "blood"},
        {"I love animals but can't stand blood", "blood"},
        {"I like helping people but I don't want to work nights or weekends", "shifts"},
        {"I'm good with people but I hate selling", "selling"},
        {"I like science but I don't want a desk job", "desk"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        assert_facet(cases[c].msg, "advice.recommend", cases[c].facet, false);
}

static void limit_field(void **state)
{
    (void)state;
    engine_session *s = engine_session_new(eng);
    const char *m[] = {"I like biology and helping people", "not in healthcare", NULL};
    engine_reply r = say(s, m);
    assert_listed(&r, "advice.refine");
    for (size_t i = 0; i < r.n_list; i++)
        if (in_soc(r.list[i], "29") || in_soc(r.list[i], "31"))
            fail_msg("%s is in health care", r.list[i]);
    engine_reply_clear(&r);
    engine_session_free(s);
    (void)fields;
}

static void prefer_facets(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *facet;
    } cases[] = {
        {"I want to work outdoors", "outdoors"},
        {"I'd love a job where I can travel", "travel"},
        {"I want to work from home", "remote"},
        {"I like working with animals", "animals"},
        {"I'm creative and want to express myself", "creative"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        assert_facet(cases[c].msg, "advice.recommend", cases[c].facet, true);
}

static void likes_knowledge(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *area, *area2;
    } cases[] = {
        {"I love math", "Mathematics", NULL},
        {"I'm really into biology", "Biology", "Medicine and Dentistry"},
        {"I like fixing engines and machines", "Mechanical", NULL},
        {"I enjoy law and politics", "Law and Government", NULL},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        engine_reply r = ask(cases[c].msg);
        assert_listed(&r, "advice.recommend");
        for (size_t i = 0; i < r.n_list; i++)
            if (importance(r.list[i], cases[c].area) < 3.5 &&
                (!cases[c].area2 || importance(r.list[i], cases[c].area2) < 3.5))
                fail_msg("\"%s\": %s rates %s %.1f", cases[c].msg, r.list[i], cases[c].area,
                         importance(r.list[i], cases[c].area));
        engine_reply_clear(&r);
    }
}

static void degree(void **state)
{
    (void)state;
    engine_reply r = ask("what can I do with a history degree?");
    assert_listed(&r, "advice.degree");
    for (size_t i = 0; i < r.n_list; i++)
        if (importance(r.list[i], "History and Archeology") < 3.5 && importance(r.list[i], "English Language") < 3.5 &&
            importance(r.list[i], "Sociology and Anthropology") < 3.5)
            fail_msg("%s draws on none of a history degree's areas", r.list[i]);
    engine_reply_clear(&r);
}

static void change(void **state)
{
    (void)state;
    engine_reply r = ask("I'm a cashier, what else could I do?");
    assert_listed(&r, "advice.change");
    assert_string_equal(r.career_id, "cashier");
    assert_non_null(strstr(r.text, "carries over"));
    for (size_t i = 0; i < r.n_list; i++)
        assert_string_not_equal(r.list[i], "cashier");
    engine_reply_clear(&r);
}

/* What someone complains about is ruled out ("I can't handle the pressure", "the weekends are wrecking my
 * family life"), and so, in a career change, are the old job's conditions named with no word of wanting. */
static void complaints(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *intent, *facet;
    } cases[] = {
        {"I like cooking but I can't handle the pressure", "advice.recommend", "fast_paced"},
        {"I like building things, but the weekends are wrecking my family life", "advice.recommend", "shifts"},
        {"paramedic for 8 years, the nights and weekends have worn me down. what else could I do", "advice.change",
         "shifts"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        assert_facet(cases[c].msg, cases[c].intent, cases[c].facet, false);
}

/* Ruling out one side of a pair of advice.json's "opposites" wants the other when nothing else is wanted. */
static void opposites(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *facet;
    } cases[] = {
        {"I don't want to deal with people much", "alone"},
        {"no nights, no weekends", "regular_hours"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        assert_facet(cases[c].msg, "advice.recommend", cases[c].facet, true);
}

/* A subject few careers rate lists only those careers first (fewer than five); a career change lists first the
 * careers that use what sets the old job apart (food production for a chef). */
static void rare_subjects(void **state)
{
    (void)state;
    engine_reply r = ask("what can I do with a degree in languages");
    assert_string_equal(r.intent, "advice.degree");
    assert_true(r.n_list >= 1 && r.n_list < 5);
    for (size_t i = 0; i < r.n_list; i++)
        if (importance(r.list[i], "Foreign Language") < 3.5)
            fail_msg("%s rates Foreign Language %.1f", r.list[i], importance(r.list[i], "Foreign Language"));
    engine_reply_clear(&r);
    r = ask("I've been a chef for years, what else could I do");
    assert_listed(&r, "advice.change");
    for (size_t i = 0; i < 3; i++)
        if (importance(r.list[i], "Food Production") < 3.5)
            fail_msg("%s rates Food Production %.1f", r.list[i], importance(r.list[i], "Food Production"));
    engine_reply_clear(&r);
}

/* A job known only by a nearer name still gets a career change, which says so; a ranking by pay reads limits with
 * the advice lexicon ("jobs that don't need college"). */
static void nearest_and_browse(void **state)
{
    (void)state;
    engine_reply r = ask("I was a legal secretary for years, what else could I do?");
    assert_listed(&r, "advice.change");
    assert_non_null(strstr(r.text, "nearest"));
    engine_reply_clear(&r);
    r = ask("best paid jobs that don't need college");
    assert_true(r.n_list >= 3);
    for (size_t i = 0; i < r.n_list; i++)
        if (entry_level(r.list[i]) < 0 || entry_level(r.list[i]) > 3)
            fail_msg("%s has entry level %d", r.list[i], entry_level(r.list[i]));
    engine_reply_clear(&r);
}

/* "better paid" re-orders the same kind of careers by median, highest first. */
static void better_paid(void **state)
{
    (void)state;
    engine_session *s = engine_session_new(eng);
    const char *m[] = {"I like working outdoors", "better paid", NULL};
    engine_reply r = say(s, m);
    assert_listed(&r, "advice.refine");
    for (size_t i = 1; i < r.n_list; i++)
        if (median(r.list[i]) > 0 && median(r.list[i]) > median(r.list[i - 1]) + 0.5)
            fail_msg("%s (%.0f) after %s (%.0f)", r.list[i], median(r.list[i]), r.list[i - 1], median(r.list[i - 1]));
    engine_reply_clear(&r);
    engine_session_free(s);
}

/* The profile survives a save and load; "more" gives careers not shown yet; "forget me" drops it. */
static void session_keeps_profile(void **state)
{
    (void)state;
    engine_session *s = engine_session_new(eng);
    const char *m[] = {"I like working outdoors but no degree", NULL};
    engine_reply r = say(s, m);
    assert_listed(&r, "advice.recommend");
    char first[ENGINE_LIST][96];
    size_t n = r.n_list;
    for (size_t i = 0; i < n; i++)
        snprintf(first[i], sizeof first[i], "%s", r.list[i]);
    engine_reply_clear(&r);
    char *blob = engine_session_save(eng, s);
    engine_session_free(s);
    s = engine_session_load(eng, blob, strlen(blob));
    free(blob);
    assert_non_null(s);
    const char *more[] = {"more", NULL};
    r = say(s, more);
    assert_listed(&r, "advice.more");
    for (size_t i = 0; i < r.n_list; i++) {
        for (size_t k = 0; k < n; k++)
            assert_string_not_equal(r.list[i], first[k]);
        if (!has_facet(r.list[i], "outdoors") || entry_level(r.list[i]) > 3)
            fail_msg("%s after reload: not outdoors or needs a degree", r.list[i]);
    }
    engine_reply_clear(&r);
    const char *forget[] = {"forget me", "more", NULL};
    r = say(s, forget);
    assert_string_not_equal(r.intent, "advice.more");
    engine_reply_clear(&r);
    engine_session_free(s);
}

/* A message about a career the person named is answered about that career, not as advice. */
static void career_questions_stay(void **state)
{
    (void)state;
    static const char *const msgs[] = {"do electricians work outdoors?", "can nurses work from home?",
                                       "is a plumber's job physical?"};
    for (size_t c = 0; c < sizeof msgs / sizeof msgs[0]; c++) {
        engine_reply r = ask(msgs[c]);
        if (!strncmp(r.intent, "advice.", 7))
            fail_msg("\"%s\" answered by %s", msgs[c], r.intent);
        engine_reply_clear(&r);
    }
}

/* Someone else's wish or view is theirs: "my parents want me to be a doctor" names no career the person
 * asks about and likes nothing for them; "my sister is a physical therapist" still asks about the career. */
static void others_wishes(void **state)
{
    (void)state;
    engine_reply r = ask("my parents want me to be a doctor but I want to do something creative");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (!has_facet(r.list[i], "creative") || in_soc(r.list[i], "29"))
            fail_msg("%s is not creative, or is in healthcare", r.list[i]);
    engine_reply_clear(&r);
    r = ask("I'm 17 and my parents want me to do medicine but I really don't want to. I like drawing buildings");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (in_soc(r.list[i], "29"))
            fail_msg("%s: medicine was the parents' wish", r.list[i]);
    engine_reply_clear(&r);
    r = ask("my sister is a physical therapist");
    assert_string_equal(r.career_id, "physical-therapist");
    engine_reply_clear(&r);
}

/* A veteran ("a Marine Corps vet") is not a veterinarian, and is offered civilian careers only (no SOC 55). */
static void veterans(void **state)
{
    (void)state;
    static const char *const msgs[] = {"I'm a Marine Corps vet, what jobs would suit me",
                                       "Navy veteran, did 6 years as an electrician's mate. what civilian careers",
                                       "ex-soldier, 8 years in the army. what civilian jobs could I do"};
    for (size_t c = 0; c < sizeof msgs / sizeof msgs[0]; c++) {
        engine_reply r = ask(msgs[c]);
        if (r.n_list < 3 || strncmp(r.intent, "advice.", 7))
            fail_msg("\"%s\": %s with %zu careers", msgs[c], r.intent, r.n_list);
        if (r.career_id && !strcmp(r.career_id, "veterinarian"))
            fail_msg("\"%s\" read as a veterinarian", msgs[c]);
        for (size_t i = 0; i < r.n_list; i++)
            if (in_soc(r.list[i], "55"))
                fail_msg("\"%s\": %s is military", msgs[c], r.list[i]);
        engine_reply_clear(&r);
    }
}

/* A pastime is something liked, not a job held: "a keen photographer", "I love gardening, jobs like that?"
 * (the "that" is the gardening), "I bake every weekend, could that be a job?". */
static void hobbies(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *facet, *area;
    } cases[] = {
        {"I'm a keen photographer, can I make a career out of it?", "creative", "Communications and Media"},
        {"I do a lot of gardening and I love it, jobs like that?", "nature", "Biology"},
        {"I bake every weekend, could that be a job?", "hands_on", "Food Production"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        engine_reply r = ask(cases[c].msg);
        assert_listed(&r, "advice.recommend");
        for (size_t i = 0; i < r.n_list; i++)
            if (!has_facet(r.list[i], cases[c].facet) && importance(r.list[i], cases[c].area) < 3.5)
                fail_msg("\"%s\": %s is neither %s nor uses %s", cases[c].msg, r.list[i], cases[c].facet,
                         cases[c].area);
        engine_reply_clear(&r);
    }
}

/* Distress that also asks for careers gets the kind word and the careers ("feel like a failure" is no
 * "a job like a ..."); an amount before "that" does not make it point back at a career. */
static void distress_and_wish(void **state)
{
    (void)state;
    engine_reply r = ask("just got fired and feel like a failure. I need a job that doesn't need a degree");
    assert_listed(&r, "advice.recommend");
    assert_non_null(strstr(r.text, "sorry"));
    for (size_t i = 0; i < r.n_list; i++)
        if (entry_level(r.list[i]) < 0 || entry_level(r.list[i]) > 3)
            fail_msg("%s has entry level %d", r.list[i], entry_level(r.list[i]));
    engine_reply_clear(&r);
    r = ask("anything paying 60k that I could train for?");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (median(r.list[i]) < 60000)
            fail_msg("%s has a median of %.0f", r.list[i], median(r.list[i]));
    engine_reply_clear(&r);
}

/* A career change whose first reading is no job ("stay at home mum for 12 yrs") reads the next ("before
 * that I was a legal secretary"); a title that may mean several careers starts from the first. */
static void change_later_job(void **state)
{
    (void)state;
    static const char *const msgs[] = {
        "stay at home mum for 12 yrs, before that I was a legal secretary. what could I do now",
        "I've been a stay at home dad for 8 years, before that I was an accountant. how do I get back in",
        "teacher of 15 years, I can't do the classroom anymore. what jobs use my skills"};
    for (size_t c = 0; c < sizeof msgs / sizeof msgs[0]; c++) {
        engine_reply r = ask(msgs[c]);
        assert_listed(&r, "advice.change");
        assert_non_null(r.career_id);
        for (size_t i = 0; i < r.n_list; i++)
            assert_string_not_equal(r.list[i], r.career_id);
        engine_reply_clear(&r);
    }
}

/* Leaving the old job's line of work ("want out") rules out its narrowest field (police: protective service,
 * SOC 33); "can't do the classroom anymore" rules out teaching; a burnt-out nurse who still wants to help is
 * not sent out of health care. */
static void leaving_the_field(void **state)
{
    (void)state;
    engine_reply r = ask("I've been a police officer for 12 years and want out, what next");
    assert_listed(&r, "advice.change");
    for (size_t i = 0; i < r.n_list; i++)
        if (in_soc(r.list[i], "33"))
            fail_msg("%s is protective service", r.list[i]);
    engine_reply_clear(&r);
    r = ask("teacher of 15 years, I can't do the classroom anymore. what jobs use my skills");
    assert_listed(&r, "advice.change");
    for (size_t i = 0; i < r.n_list; i++)
        if (has_facet(r.list[i], "teaching"))
            fail_msg("%s is teaching", r.list[i]);
    engine_reply_clear(&r);
    r = ask("nurse for 12 years, I'm burnt out on the wards but I still want to help people");
    assert_listed(&r, "advice.change");
    size_t health = 0;
    for (size_t i = 0; i < r.n_list; i++)
        health += in_soc(r.list[i], "29");
    assert_true(health > 0);
    engine_reply_clear(&r);
}

/* A workplace worked in stands for the old job when none is named ("laid off from the factory": content/advice.json
 * "workplaces" gives assembler), and the reply says which career it started from; wanting to work there is not
 * a change ("I want to work in construction"). */
static void workplaces(void **state)
{
    (void)state;
    engine_reply r = ask("got laid off from the factory last month, what else can I do with my skills");
    assert_listed(&r, "advice.recommend");
    assert_non_null(strstr(r.text, "Assembler"));
    for (size_t i = 0; i < r.n_list; i++)
        assert_string_not_equal(r.list[i], "assembler");
    engine_reply_clear(&r);
    r = ask("I want to work in construction");
    assert_null(strstr(r.text, "share the most knowledge"));
    engine_reply_clear(&r);
}

/* Pay said by the hour ("$22 an hour": a full-time year, 2,080 hours, also "22 dollars an hour"), the month, the
 * week or as "six figures"; a career BLS has no median for is not shown under a pay floor. */
static void pay_formats(void **state)
{
    (void)state;
    static const struct {
        const char *msg;
        double floor;
    } cases[] = {{"I need to make at least $22 an hour", 22 * 2080.0},
                 {"I want a job that pays 30/hr or more", 30 * 2080.0},
                 {"looking for a career where I can earn six figures", 100000},
                 {"anything that pays 24 bucks an hour? I like being outdoors", 24 * 2080.0},
                 {"I have to bring home at least 5000 a month, I'm good with numbers", 5000 * 12.0},
                 {"need to earn 1200 per week minimum", 1200 * 52.0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        engine_reply r = ask(cases[c].msg);
        assert_listed(&r, "advice.recommend");
        for (size_t i = 0; i < r.n_list; i++)
            if (median(r.list[i]) < cases[c].floor)
                fail_msg("\"%s\": %s has a median of %.0f", cases[c].msg, r.list[i], median(r.list[i]));
        engine_reply_clear(&r);
    }
}

/* A field named before a negation said after it ("the police make me feel ill") is ruled out, as is driving
 * ("I can't drive": transport, SOC 53). */
static void fields_ruled_out_after(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *soc;
    } cases[] = {{"I like helping people, but working for the police makes me sick", "33"},
                 {"I can't drive because of my eyesight, what jobs could suit me", "53"}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        engine_reply r = ask(cases[c].msg);
        assert_listed(&r, "advice.recommend");
        for (size_t i = 0; i < r.n_list; i++)
            if (in_soc(r.list[i], cases[c].soc))
                fail_msg("\"%s\": %s is in SOC %s", cases[c].msg, r.list[i], cases[c].soc);
        engine_reply_clear(&r);
    }
}

/* A workplace whose job has no knowledge rated 3.5 or more (the warehouse's stocker) still stands for the old
 * job, by its whole O*NET profile, rather than leaving a layoff with a kind word and no careers. */
static void workplace_by_profile(void **state)
{
    (void)state;
    engine_reply r = ask("I was let go from the warehouse, what else could I do?");
    assert_listed(&r, "advice.recommend");
    assert_non_null(strstr(r.text, "Stocker"));
    for (size_t i = 0; i < r.n_list; i++)
        assert_string_not_equal(r.list[i], "stocker");
    engine_reply_clear(&r);
}

/* Personality and health said about oneself: getting bored easily wants a fast pace, shyness work done alone
 * (content/facets.json), a bad knee rules out physical work. */
static void personality(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *facet;
        bool wanted;
    } cases[] = {{"I'm easily bored, what jobs would suit me", "fast_paced", true},
                 {"I'm quite shy, which careers could I look at", "alone", true},
                 {"I've got a bad knee, what work could I do", "physical", false}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        assert_facet(cases[c].msg, "advice.recommend", cases[c].facet, cases[c].wanted);
}

/* A disability or condition named with a request for careers lists them at once, with the kind word
 * (content/advice.json "lists"); one that stops driving leaves out transport (SOC 53). */
static void conditions_list(void **state)
{
    (void)state;
    engine_reply r = ask("I'm hard of hearing, what careers could I look at");
    assert_listed(&r, "advice.situation");
    assert_non_null(strstr(r.text, "disability"));
    engine_reply_clear(&r);
    r = ask("I'm partially sighted, what jobs are there for me");
    assert_listed(&r, "advice.situation");
    for (size_t i = 0; i < r.n_list; i++)
        if (in_soc(r.list[i], "53"))
            fail_msg("%s is transport", r.list[i]);
    engine_reply_clear(&r);
}

/* A condition said alone ranks the careers that suit it (content/advice.json situations' "suits"), not the best paid:
 * each listed career has one of the facets that suit it; "my mental health" is the person's, not an interest in
 * psychology. */
static void conditions_suit(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *suits[3];
    } cases[] = {{"I'm blind, are there careers I could do", {"people", "helping", "teaching"}},
                 {"I'm partially deaf, what jobs are good for me", {"hands_on", "creative", NULL}},
                 {"my mental health isn't great, what jobs would suit me", {"calm", "regular_hours", NULL}}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        engine_reply r = ask(cases[c].msg);
        if (r.n_list < 3)
            fail_msg("\"%s\": %zu careers (%s)", cases[c].msg, r.n_list, r.intent);
        for (size_t i = 0; i < r.n_list; i++) {
            bool suits = false;
            for (size_t f = 0; f < 3 && cases[c].suits[f]; f++)
                suits = suits || has_facet(r.list[i], cases[c].suits[f]);
            if (!suits)
                fail_msg("\"%s\": %s has none of the facets that suit it", cases[c].msg, r.list[i]);
        }
        assert_null(strstr(r.text, "psychology"));
        engine_reply_clear(&r);
    }
}

/* A pay rate's unit is no career ("$20/hr" is not human resources); a situation with a wish for pay or prospects
 * lists careers rather than only a kind word ("a dead end job ... something with a future"). */
static void pay_unit_and_prospects(void **state)
{
    (void)state;
    engine_reply r = ask("anything paying $20/hr or more");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (median(r.list[i]) < 20 * 2080.0)
            fail_msg("%s has a median of %.0f", r.list[i], median(r.list[i]));
    engine_reply_clear(&r);
    r = ask("I feel stuck in a dead end job and want something with a future");
    assert_listed(&r, "advice.recommend");
    engine_reply_clear(&r);
}

/* The person's own job with a condition of it now ruled out is a change from it ("I'm a carpenter with a bad knee
 * now": careers like a carpenter's, none physical), as is a workplace or the work itself ("I work in a shop and
 * hate weekends", "I've waited tables for ten years"). */
static void own_job_ruled_out(void **state)
{
    (void)state;
    static const struct {
        const char *msg, *from, *title, *facet;
    } cases[] = {{"I'm a carpenter with a bad knee now", "carpenter", "Carpenter", "physical"},
                 {"I'm a nurse but I can't do night shifts anymore", "registered-nurse", "Registered Nurse", "shifts"},
                 {"I work in a shop and hate weekends, what else is there", "retail-salesperson", "Retail Salesperson",
                  "shifts"},
                 {"I've waited tables for ten years and want a proper career", "waiter", "Waiter", NULL},
                 {"im a chef but i want weekends off", "chef", "Chef", "shifts"}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        engine_reply r = ask(cases[c].msg);
        if (r.n_list < 3 || !strstr(r.text, cases[c].title))
            fail_msg("\"%s\": expected careers from %s, got %s:\n%s", cases[c].msg, cases[c].title, r.intent, r.text);
        for (size_t i = 0; i < r.n_list; i++) {
            assert_string_not_equal(r.list[i], cases[c].from);
            if (cases[c].facet && has_facet(r.list[i], cases[c].facet))
                fail_msg("\"%s\": %s is %s", cases[c].msg, r.list[i], cases[c].facet);
        }
        engine_reply_clear(&r);
    }
}

/* Words as people type them (content/advice.json "spellings", and a dropped g): "im gud wiv ppl n i luv animals" is
 * read as "good with people ... love animals", "talkin n sellin" as "talking and selling". */
static void spellings(void **state)
{
    (void)state;
    assert_facet("im gud wiv ppl n i luv animals", "advice.recommend", "animals", true);
    assert_facet("im good at talkin n sellin, wat jobs r there", "advice.recommend", "selling", true);
}

/* A condition the old job lacks, asked for, comes first in a career change ("a hairdresser who wants to do something
 * with animals": careers with animals, not the hairdresser's nearest); the opposite of what is ruled out does not
 * ("sick of staring at screens" keeps a designer's nearest careers). */
static void change_with_wish(void **state)
{
    (void)state;
    engine_reply r = ask("im a hairdresser but wanna do something with animals");
    if (r.n_list < 1 || !has_facet(r.list[0], "animals"))
        fail_msg("expected careers with animals first, got %s:\n%s", r.intent, r.text);
    engine_reply_clear(&r);
    r = ask("I'm a nurse and want to work from home");
    if (r.n_list < 1 || !has_facet(r.list[0], "remote") || !strstr(r.text, "Registered Nurse"))
        fail_msg("expected remote careers from a nurse's first, got %s:\n%s", r.intent, r.text);
    engine_reply_clear(&r);
}

/* A pastime named as a job title stays a pastime past a following clause ("a keen photographer, mostly
 * landscapes"); how someone follows an interest is not a second one ("true crime podcasts and documentaries":
 * no media careers); "don't mind" keeps a condition wanted ("I'm strong and don't mind heavy lifting"). */
static void pastimes_and_formats(void **state)
{
    (void)state;
    engine_reply r = ask("I'm a keen photographer, mostly landscapes");
    assert_listed(&r, "advice.recommend");
    engine_reply_clear(&r);
    r = ask("I love true crime podcasts and documentaries");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (importance(r.list[i], "Public Safety and Security") < 3.5 && !has_facet(r.list[i], "danger"))
            fail_msg("%s is neither public safety nor danger", r.list[i]);
    engine_reply_clear(&r);
    assert_facet("I'm strong and don't mind heavy lifting", "advice.recommend", "physical", true);
}

/* Limits and interests in everyday words: "can't afford uni" and "not academic" (at most a postsecondary
 * certificate), "good with my hands", a school subject ("my best subject was maths"). */
static void everyday_words(void **state)
{
    (void)state;
    static const char *const msgs[] = {"can't afford uni, I like building stuff",
                                       "I'm not academic at all, what could I do",
                                       "I've always liked drawing and tattoos, no money for uni though, what would you "
                                       "suggest"};
    for (size_t c = 0; c < sizeof msgs / sizeof msgs[0]; c++) {
        engine_reply r = ask(msgs[c]);
        assert_listed(&r, "advice.recommend");
        for (size_t i = 0; i < r.n_list; i++)
            if (entry_level(r.list[i]) < 0 || entry_level(r.list[i]) > 3)
                fail_msg("\"%s\": %s has entry level %d", msgs[c], r.list[i], entry_level(r.list[i]));
        engine_reply_clear(&r);
    }
    engine_reply r = ask("my best subject at school was maths");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (importance(r.list[i], "Mathematics") < 3.5 && !has_facet(r.list[i], "numbers"))
            fail_msg("%s does not use maths", r.list[i]);
    engine_reply_clear(&r);
}

/* What the whole message says counts when its first question alone asks for nothing in particular ("any ideas? love
 * cooking, hate maths"; a story that ends "What would you recommend?", where "it" points at no career), and a
 * condition of work done is no wish ("worked in an office all my life, I want something outdoors"). */
static void whole_message(void **state)
{
    (void)state;
    engine_reply r = ask("any ideas? love cooking, hate maths");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (importance(r.list[i], "Food Production") < 3.5 || has_facet(r.list[i], "numbers"))
            fail_msg("%s does not use food production, or uses numbers", r.list[i]);
    engine_reply_clear(&r);
    r = ask("Hey, so I'm 19, dropped out of college because it wasn't for me. I've been working at a supermarket but "
            "I want more. I'm really good with people and I like fixing things. What would you recommend?");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (entry_level(r.list[i]) < 0 || entry_level(r.list[i]) > 3)
            fail_msg("%s has entry level %d", r.list[i], entry_level(r.list[i]));
    engine_reply_clear(&r);
    assert_facet("I'm 50 and worked in an office all my life, I want something outdoors", "advice.recommend",
                 "outdoors", true);
}

/* Schooling and circumstances in other words: a level ruled out by what follows it ("the idea of a PhD makes me want
 * to cry": a master's at most); a school subject done well in is no field to browse ("my best grades were in art"); a
 * field of study with a dislike and no question ("my degree is in accounting but I find it dull"); "a year of nursing
 * school before dropping out" (a certificate at most); no car (no transport careers); an old job with an implicit ask
 * ("the paper shut down", or only the years in it), a condition of it ruled out ("waited tables for years, tired of
 * being on my feet") or a situation with a limit ("laid off from a call center, only have a GED"). */
static void schooling_and_circumstances(void **state)
{
    (void)state;
    engine_reply r = ask("I enjoy science but the idea of a PhD makes me want to cry");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (entry_level(r.list[i]) < 0 || entry_level(r.list[i]) > 6)
            fail_msg("%s has entry level %d", r.list[i], entry_level(r.list[i]));
    engine_reply_clear(&r);
    r = ask("my best grades were in art");
    assert_listed(&r, "advice.recommend");
    engine_reply_clear(&r);
    r = ask("my degree is in accounting but I find it dull");
    assert_listed(&r, "advice.degree");
    for (size_t i = 0; i < r.n_list; i++)
        if (importance(r.list[i], "Economics and Accounting") < 3.5)
            fail_msg("%s does not use economics and accounting", r.list[i]);
    engine_reply_clear(&r);
    r = ask("I did a year of nursing school before dropping out");
    assert_listed(&r, "advice.degree");
    for (size_t i = 0; i < r.n_list; i++)
        if (entry_level(r.list[i]) < 0 || entry_level(r.list[i]) > 3 ||
            importance(r.list[i], "Medicine and Dentistry") < 3.5)
            fail_msg("%s has entry level %d or does not use medicine", r.list[i], entry_level(r.list[i]));
    engine_reply_clear(&r);
    r = ask("I don't have a car, what jobs could I do");
    if (!r.n_list)
        fail_msg("expected careers, got %s:\n%s", r.intent, r.text);
    for (size_t i = 0; i < r.n_list; i++)
        if (in_soc(r.list[i], "53") || in_soc(r.list[i], "13-1081"))
            fail_msg("%s is in transport", r.list[i]);
    engine_reply_clear(&r);
    r = ask("been a receptionist at a dentist for years");
    assert_listed(&r, "advice.change");
    for (size_t i = 0; i < r.n_list; i++)
        assert_string_not_equal(r.list[i], "receptionist");
    engine_reply_clear(&r);
    r = ask("former journalist, the paper shut down");
    assert_listed(&r, "advice.change");
    for (size_t i = 0; i < r.n_list; i++)
        assert_string_not_equal(r.list[i], "journalist");
    engine_reply_clear(&r);
    assert_facet("I've waited tables for years and I'm tired of being on my feet", "advice.recommend", "physical",
                 false);
    r = ask("laid off from my job in a call center, only have a GED");
    assert_listed(&r, "advice.recommend");
    for (size_t i = 0; i < r.n_list; i++)
        if (entry_level(r.list[i]) < 0 || entry_level(r.list[i]) > 1 ||
            (importance(r.list[i], "Customer and Personal Service") < 3.5 && !has_facet(r.list[i], "people")))
            fail_msg("%s has entry level %d or shares nothing with a call center", r.list[i], entry_level(r.list[i]));
    engine_reply_clear(&r);
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < 4; i++)
        cJSON_Delete(docs[i]);
    engine_free(eng);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(limit_entry),
        cmocka_unit_test(limit_pay),
        cmocka_unit_test(limit_facets),
        cmocka_unit_test(limit_field),
        cmocka_unit_test(prefer_facets),
        cmocka_unit_test(likes_knowledge),
        cmocka_unit_test(degree),
        cmocka_unit_test(change),
        cmocka_unit_test(better_paid),
        cmocka_unit_test(complaints),
        cmocka_unit_test(opposites),
        cmocka_unit_test(rare_subjects),
        cmocka_unit_test(nearest_and_browse),
        cmocka_unit_test(session_keeps_profile),
        cmocka_unit_test(career_questions_stay),
        cmocka_unit_test(others_wishes),
        cmocka_unit_test(veterans),
        cmocka_unit_test(hobbies),
        cmocka_unit_test(distress_and_wish),
        cmocka_unit_test(change_later_job),
        cmocka_unit_test(leaving_the_field),
        cmocka_unit_test(workplaces),
        cmocka_unit_test(pay_formats),
        cmocka_unit_test(fields_ruled_out_after),
        cmocka_unit_test(workplace_by_profile),
        cmocka_unit_test(personality),
        cmocka_unit_test(conditions_list),
        cmocka_unit_test(conditions_suit),
        cmocka_unit_test(pay_unit_and_prospects),
        cmocka_unit_test(own_job_ruled_out),
        cmocka_unit_test(pastimes_and_formats),
        cmocka_unit_test(everyday_words),
        cmocka_unit_test(whole_message),
        cmocka_unit_test(change_with_wish),
        cmocka_unit_test(spellings),
        cmocka_unit_test(schooling_and_circumstances),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
