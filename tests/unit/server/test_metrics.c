/* Unit tests for src/server/metrics.c: counters by label, the histogram, and the Prometheus text. */
#include "metrics.h"
#include "testutil.h"

/* Label values print as [A-Za-z0-9._-], anything else as "_": a backslash, a quote or a newline
 * can never end the label or the line. */
static void test_label_escaping(void **state)
{
    (void)state;
    static const struct {
        const char *name, *printed;
    } cases[] = {
        {"career.describe", "career.describe"},
        {"a\\b", "a_b"},
        {"say \"hi\"", "say__hi_"},
        {"two\nlines", "two_lines"},
        {"tab\there\r", "tab_here_"},
        {"caf\xc3\xa9", "caf__"},
        {"x}{y=\"", "x__y__"},
        {"A-Z_0-9.ok", "A-Z_0-9.ok"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        static metrics m;
        memset(&m, 0, sizeof m);
        metrics_count(m.errors, &m.n_errors, cases[i].name);
        metrics_gauges g = {0, 0, 1, 0, 0, 0};
        size_t len;
        char *text = metrics_render(&m, &g, &len);
        assert_non_null(text);
        assert_int_equal(strlen(text), len);
        char want[128];
        snprintf(want, sizeof want, "\ncareerbot_errors_total{code=\"%s\"} 1\n", cases[i].printed);
        if (!strstr(text, want))
            fail_msg("label %zu: no line %s", i, want + 1);
        free(text);
    }
}

/* Names longer than a label slot are cut to 47 bytes; past 256 distinct names, the last slot
 * becomes "other" and counts every new one. */
static void test_count_labels(void **state)
{
    (void)state;
    static metrics m;
    memset(&m, 0, sizeof m);
    char name[80];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    metrics_count(m.intents, &m.n_intents, name);
    metrics_count(m.intents, &m.n_intents, "x");
    metrics_count(m.intents, &m.n_intents, "x");
    assert_int_equal(m.n_intents, 2);
    assert_int_equal(strlen(m.intents[0].name), 47);
    assert_int_equal(m.intents[0].n, 1);
    assert_string_equal(m.intents[1].name, "x");
    assert_int_equal(m.intents[1].n, 2);

    memset(&m, 0, sizeof m);
    for (int i = 0; i < METRICS_LABELS; i++) {
        snprintf(name, sizeof name, "intent%d", i);
        metrics_count(m.intents, &m.n_intents, name);
    }
    assert_int_equal(m.n_intents, METRICS_LABELS);
    metrics_count(m.intents, &m.n_intents, "one.more");
    metrics_count(m.intents, &m.n_intents, "and.another");
    metrics_count(m.intents, &m.n_intents, "intent7");
    assert_int_equal(m.n_intents, METRICS_LABELS);
    assert_string_equal(m.intents[METRICS_LABELS - 1].name, "other");
    assert_int_equal(m.intents[METRICS_LABELS - 1].n, 3); /* intent255's 1, and the two new names */
    assert_int_equal(m.intents[7].n, 2);
}

static void test_limit_names(void **state)
{
    (void)state;
    static const char *const want[LIMIT_COUNT] = {
        "message_size", "rate_connection", "rate_ip", "connections", "connections_ip",
        "idle",         "queue",           "json",    "strikes",     "sessions_ip"};
    for (int k = 0; k < LIMIT_COUNT; k++)
        assert_string_equal(metrics_limit_name((limit_kind)k), want[k]);
    assert_string_equal(metrics_limit_name(LIMIT_COUNT), "unknown");
}

/* The whole exposition, in the Prometheus text format 0.0.4: HELP and TYPE before each family, a
 * cumulative histogram, gauges as given. */
static const char expected[] =
    "# HELP careerbot_connections Open chat connections.\n"
    "# TYPE careerbot_connections gauge\n"
    "careerbot_connections 2\n"
    "# HELP careerbot_connections_total Chat connections accepted.\n"
    "# TYPE careerbot_connections_total counter\n"
    "careerbot_connections_total 3\n"
    "# HELP careerbot_sessions Sessions held by the store (-1: the store cannot count them).\n"
    "# TYPE careerbot_sessions gauge\n"
    "careerbot_sessions 11\n"
    "# HELP careerbot_messages_total Chat messages answered.\n"
    "# TYPE careerbot_messages_total counter\n"
    "careerbot_messages_total 7\n"
    "# HELP careerbot_replies_total Replies by the intent that answered.\n"
    "# TYPE careerbot_replies_total counter\n"
    "careerbot_replies_total{intent=\"career.describe\"} 2\n"
    "careerbot_replies_total{intent=\"a_b_c_d\"} 1\n"
    "# HELP careerbot_fallbacks_total Messages nothing understood.\n"
    "# TYPE careerbot_fallbacks_total counter\n"
    "careerbot_fallbacks_total 1\n"
    "# HELP careerbot_errors_total Error replies by code.\n"
    "# TYPE careerbot_errors_total counter\n"
    "careerbot_errors_total{code=\"rate_limited\"} 1\n"
    "# HELP careerbot_limit_hits_total Times a limit was hit, by limit.\n"
    "# TYPE careerbot_limit_hits_total counter\n"
    "careerbot_limit_hits_total{limit=\"message_size\"} 0\n"
    "careerbot_limit_hits_total{limit=\"rate_connection\"} 0\n"
    "careerbot_limit_hits_total{limit=\"rate_ip\"} 0\n"
    "careerbot_limit_hits_total{limit=\"connections\"} 0\n"
    "careerbot_limit_hits_total{limit=\"connections_ip\"} 0\n"
    "careerbot_limit_hits_total{limit=\"idle\"} 0\n"
    "careerbot_limit_hits_total{limit=\"queue\"} 9\n"
    "careerbot_limit_hits_total{limit=\"json\"} 0\n"
    "careerbot_limit_hits_total{limit=\"strikes\"} 0\n"
    "careerbot_limit_hits_total{limit=\"sessions_ip\"} 0\n"
    "# HELP careerbot_regex_limit_hits_total Patterns that hit a PCRE2 match, depth or heap limit (counted as no "
    "match).\n"
    "# TYPE careerbot_regex_limit_hits_total counter\n"
    "careerbot_regex_limit_hits_total 5\n"
    "# HELP careerbot_refused_origins_total Handshakes refused for their Origin.\n"
    "# TYPE careerbot_refused_origins_total counter\n"
    "careerbot_refused_origins_total 4\n"
    "# HELP careerbot_store_failures_total Session store operations that failed.\n"
    "# TYPE careerbot_store_failures_total counter\n"
    "careerbot_store_failures_total 6\n"
    "# HELP careerbot_store_up 1 while the session store works.\n"
    "# TYPE careerbot_store_up gauge\n"
    "careerbot_store_up 1\n"
    "# HELP careerbot_reloads_total Successful reloads of intents and content (SIGHUP).\n"
    "# TYPE careerbot_reloads_total counter\n"
    "careerbot_reloads_total 2\n"
    "# HELP careerbot_reply_seconds Time to answer a chat message, from its last byte to the reply queued.\n"
    "# TYPE careerbot_reply_seconds histogram\n"
    "careerbot_reply_seconds_bucket{le=\"2.5e-05\"} 0\n"
    "careerbot_reply_seconds_bucket{le=\"5e-05\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.0001\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.00025\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.0005\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.001\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.0025\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.005\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.01\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.025\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.05\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"0.1\"} 1\n"
    "careerbot_reply_seconds_bucket{le=\"+Inf\"} 2\n"
    "careerbot_reply_seconds_sum 0.200030000\n"
    "careerbot_reply_seconds_count 2\n"
    "# HELP careerbot_data Careers and intents loaded.\n"
    "# TYPE careerbot_data gauge\n"
    "careerbot_data{kind=\"careers\"} 332\n"
    "careerbot_data{kind=\"intents\"} 44\n"
    "# HELP careerbot_uptime_seconds Seconds since the server started.\n"
    "# TYPE careerbot_uptime_seconds gauge\n"
    "careerbot_uptime_seconds 42\n";

static void test_text_format(void **state)
{
    (void)state;
    static metrics m;
    memset(&m, 0, sizeof m);
    metrics_count(m.intents, &m.n_intents, "career.describe");
    metrics_count(m.intents, &m.n_intents, "career.describe");
    metrics_count(m.intents, &m.n_intents, "a\\b\"c\nd");
    metrics_count(m.errors, &m.n_errors, "rate_limited");
    m.connections_total = 3;
    m.messages = 7;
    m.fallbacks = 1;
    m.reloads = 2;
    m.refused_origins = 4;
    m.regex_limit_hits = 5;
    m.store_failures = 6;
    m.limits[LIMIT_QUEUE] = 9;
    metrics_reply_time(&m, 0.00003); /* the 5e-05 bucket */
    metrics_reply_time(&m, 0.2);     /* past the last bucket: +Inf only */
    metrics_gauges g = {2, 11, 1, 42.4, 332, 44};
    size_t len;
    char *text = metrics_render(&m, &g, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(expected));
    assert_string_equal(text, expected);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_escaping),
        cmocka_unit_test(test_count_labels),
        cmocka_unit_test(test_limit_names),
        cmocka_unit_test(test_text_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
