/* Unit tests for src/server/ratelimit.c: token buckets on a fake clock, and the address table. */
#include "ratelimit.h"
#include "testutil.h"

#include <time.h>

/* One step of a bucket's life: at time now, take a token; expect ok and the tokens left after. */
struct step {
    double now;
    bool ok;
    double left;
};

/* 2 tokens a second, a burst of 3, from t = 100 s. */
static const struct step steps[] = {
    {100.0, true, 2.0},                                            /* a new bucket starts full */
    {100.0, true, 1.0},   {100.0, true, 0.0}, {100.0, false, 0.0}, /* the burst is spent */
    {100.25, false, 0.5},                                          /* half a token refilled is not enough */
    {100.5, true, 0.0},                                            /* a quarter second more: one token */
    {100.5, false, 0.0},  {110.0, true, 2.0},                      /* a long pause refills to the burst, never beyond */
    {110.0, true, 1.0},   {110.0, true, 0.0}, {110.0, false, 0.0},
};

static void test_bucket_refill_and_burst(void **state)
{
    (void)state;
    ratelimit_bucket b = {0};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        bool ok = ratelimit_bucket_take(&b, steps[i].now, 2.0, 3.0);
        if (ok != steps[i].ok || b.tokens < steps[i].left - 1e-9 || b.tokens > steps[i].left + 1e-9)
            fail_msg("step %zu at %.2f: %s with %.3f left; expected %s with %.3f", i, steps[i].now,
                     ok ? "taken" : "refused", b.tokens, steps[i].ok ? "taken" : "refused", steps[i].left);
        assert_true(b.last == steps[i].now);
    }
}

/* A burst of 1 at 1 a second: exactly one message per second, whatever the pattern. */
static void test_bucket_steady(void **state)
{
    (void)state;
    ratelimit_bucket b = {0};
    int taken = 0;
    for (int i = 0; i < 100; i++) /* ten tries a second for ten seconds */
        taken += ratelimit_bucket_take(&b, 50.0 + i * 0.1, 1.0, 1.0);
    assert_int_equal(taken, 10);
    /* A rate of 0 never refills. */
    ratelimit_bucket z = {0};
    assert_true(ratelimit_bucket_take(&z, 1.0, 0.0, 2.0));
    assert_true(ratelimit_bucket_take(&z, 2.0, 0.0, 2.0));
    assert_false(ratelimit_bucket_take(&z, 1000.0, 0.0, 2.0));
}

static void test_table_connections(void **state)
{
    (void)state;
    ratelimit_table *t = ratelimit_table_new();
    assert_non_null(t);
    assert_int_equal(ratelimit_table_size(t), 0);
    assert_int_equal(ratelimit_table_connections(t, "192.0.2.1"), 0);
    assert_int_equal(ratelimit_table_size(t), 0); /* asking adds nothing */
    assert_int_equal(ratelimit_table_connect(t, "192.0.2.1", 2), 0);
    assert_int_equal(ratelimit_table_connect(t, "192.0.2.1", 2), 0);
    assert_int_equal(ratelimit_table_connect(t, "192.0.2.1", 2), -1); /* over max: refused, unchanged */
    assert_int_equal(ratelimit_table_connections(t, "192.0.2.1"), 2);
    assert_int_equal(ratelimit_table_connect(t, "192.0.2.1", 0), 0); /* 0: no limit */
    assert_int_equal(ratelimit_table_connections(t, "192.0.2.1"), 3);
    assert_int_equal(ratelimit_table_connect(t, "2001:db8::1", 1), 0);
    assert_int_equal(ratelimit_table_connections(t, "2001:db8::1"), 1);
    assert_int_equal(ratelimit_table_connections(t, "192.0.2.10"), 0);
    assert_int_equal(ratelimit_table_size(t), 2);
    ratelimit_table_disconnect(t, "192.0.2.1");
    assert_int_equal(ratelimit_table_connections(t, "192.0.2.1"), 2);
    ratelimit_table_disconnect(t, "2001:db8::1");
    ratelimit_table_disconnect(t, "2001:db8::1");  /* never below 0 */
    ratelimit_table_disconnect(t, "198.51.100.7"); /* unknown: nothing happens */
    assert_int_equal(ratelimit_table_connections(t, "2001:db8::1"), 0);
    assert_int_equal(ratelimit_table_size(t), 2);
    /* Addresses are compared on their first RATELIMIT_IP_MAX - 1 bytes. */
    char long_ip[100];
    memset(long_ip, '7', sizeof long_ip - 1);
    long_ip[sizeof long_ip - 1] = '\0';
    assert_int_equal(ratelimit_table_connect(t, long_ip, 0), 0);
    assert_int_equal(ratelimit_table_connections(t, long_ip), 1);
    ratelimit_table_free(t);
    ratelimit_table_free(NULL);
}

/* Each address has its own bucket. */
static void test_table_buckets(void **state)
{
    (void)state;
    ratelimit_table *t = ratelimit_table_new();
    int a = 0, b = 0;
    for (int i = 0; i < 10; i++) {
        a += ratelimit_table_take(t, "192.0.2.1", 100.0, 1.0, 4.0);
        b += ratelimit_table_take(t, "192.0.2.2", 100.0, 1.0, 2.0);
    }
    assert_int_equal(a, 4);
    assert_int_equal(b, 2);
    assert_true(ratelimit_table_take(t, "192.0.2.2", 101.0, 1.0, 2.0)); /* refilled a second later */
    assert_false(ratelimit_table_take(t, "192.0.2.2", 101.0, 1.0, 2.0));
    assert_int_equal(ratelimit_table_size(t), 2);
    ratelimit_table_free(t);
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The table grows past its first 1,024 slots while every entry is in use, and keeps them all. */
static void test_table_growth(void **state)
{
    (void)state;
    ratelimit_table *t = ratelimit_table_new();
    char ip[RATELIMIT_IP_MAX];
    for (int i = 0; i < 5000; i++) {
        snprintf(ip, sizeof ip, "10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
        assert_int_equal(ratelimit_table_connect(t, ip, 1), 0);
    }
    assert_int_equal(ratelimit_table_size(t), 5000);
    for (int i = 0; i < 5000; i += 499) {
        snprintf(ip, sizeof ip, "10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
        assert_int_equal(ratelimit_table_connections(t, ip), 1);
        assert_int_equal(ratelimit_table_connect(t, ip, 1), -1);
    }
    ratelimit_table_free(t);
}

/* Entries with no connection whose bucket has been idle for a minute (on the monotonic clock) are
 * dropped when the table would grow: at the 513th address of 1,024 slots. Fresh ones are kept. */
static void test_table_drops_stale(void **state)
{
    (void)state;
    double now = mono();
    assert_true(now > 120); /* the monotonic clock counts from boot */
    ratelimit_table *t = ratelimit_table_new();
    char ip[RATELIMIT_IP_MAX];
    for (int i = 0; i < 600; i++) {
        snprintf(ip, sizeof ip, "172.16.%d.%d", i >> 8, i & 255);
        assert_true(ratelimit_table_take(t, ip, now - 120, 1.0, 1.0));
    }
    assert_int_equal(ratelimit_table_size(t), 600 - 512);
    ratelimit_table_free(t);

    t = ratelimit_table_new();
    for (int i = 0; i < 600; i++) {
        snprintf(ip, sizeof ip, "172.16.%d.%d", i >> 8, i & 255);
        assert_true(ratelimit_table_take(t, ip, now, 1.0, 1.0));
    }
    assert_int_equal(ratelimit_table_size(t), 600);
    snprintf(ip, sizeof ip, "172.16.%d.%d", 0, 5);
    assert_false(ratelimit_table_take(t, ip, now, 1.0, 1.0)); /* its bucket was kept, and is empty */
    ratelimit_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bucket_refill_and_burst),
        cmocka_unit_test(test_bucket_steady),
        cmocka_unit_test(test_table_connections),
        cmocka_unit_test(test_table_buckets),
        cmocka_unit_test(test_table_growth),
        cmocka_unit_test(test_table_drops_stale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
