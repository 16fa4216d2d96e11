/* Unit tests for the id set behind the cached store's dirty, delete and batch lists. */
#include "idset.h"
#include "testutil.h"

#include <stdio.h>
#include <string.h>

/* Adds, finds and removes against a plain array: every operation is checked against the model,
 * across growth, clears that drop a large table and removals that shift probe runs back. */
static void test_idset_model(void **state)
{
    (void)state;
    enum { IDS = 3000 };
    static bool in[IDS];
    memset(in, 0, sizeof in);
    idset s = {0};
    unsigned r = 12345;
    char id[32];
    for (int step = 0; step < 200000; step++) {
        r = r * 1103515245u + 12345u;
        unsigned k = (r >> 8) % IDS, op = (r >> 20) % 16;
        snprintf(id, sizeof id, "session-%u", k);
        if (op < 8) {
            assert_true(idset_add(&s, id));
            in[k] = true;
        } else if (op < 14) {
            idset_remove(&s, id);
            in[k] = false;
        } else if (op == 14 && s.n) {
            size_t at = (r >> 4) % s.n;
            unsigned gone;
            assert_int_equal(sscanf(s.v[at], "session-%u", &gone), 1);
            idset_remove_at(&s, at);
            in[gone] = false;
        } else if (step % 50000 == 0) {
            idset_clear(&s);
            memset(in, 0, sizeof in);
        }
        assert_int_equal(idset_has(&s, id), in[k]);
    }
    size_t n = 0;
    for (unsigned k = 0; k < IDS; k++) {
        snprintf(id, sizeof id, "session-%u", k);
        assert_int_equal(idset_has(&s, id), in[k]);
        n += in[k];
    }
    assert_int_equal(s.n, n);
    idset_free(&s);
    assert_false(idset_has(&s, "session-1"));
}

/* A batch of 10,000 then batches of one: they find nothing of the first, and the table is small
 * again after the first of them. */
static void test_idset_clear_shrinks(void **state)
{
    (void)state;
    idset s = {0};
    char id[32];
    for (int k = 0; k < 10000; k++) {
        snprintf(id, sizeof id, "%d", k);
        assert_true(idset_add(&s, id));
    }
    assert_true(idset_add(&s, "7"));
    assert_int_equal(s.n, 10000);
    idset_clear(&s);
    assert_int_equal(s.n, 0);
    assert_false(idset_has(&s, "7"));
    assert_true(idset_add(&s, "7"));
    assert_true(idset_has(&s, "7"));
    idset_clear(&s); /* a batch of one in the large table: the table goes */
    assert_true(idset_add(&s, "8"));
    assert_true(idset_has(&s, "8"));
    assert_false(idset_has(&s, "7"));
    assert_true(s.mask + 1 <= 64);
    idset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idset_model),
        cmocka_unit_test(test_idset_clear_shrinks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
