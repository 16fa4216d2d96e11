/* Unit tests for src/engine/text.c: the normaliser and name words. */
#include "testutil.h"
#include "text.h"

static char *norm(const char *in)
{
    static char out[1024];
    sbuf b = SBUF_INIT;
    text_normalise(in, strlen(in), &b);
    snprintf(out, sizeof out, "%s", sbuf_str(&b));
    sbuf_free(&b);
    return out;
}

static void test_normalise_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"What Does An ML Engineer Do?", "what does an ml engineer do?"},
        {"  lots   of\t\tspace  ", "lots of space"},
        {"what\xe2\x80\x99s their workplace like???", "what's their workplace like?"},
        {"\xe2\x80\x9cquoted\xe2\x80\x9d", "\"quoted\""},
        {"machine\xe2\x80\x93learning \xe2\x80\x94 engineer", "machine-learning - engineer"},
        {"really?!?!", "really?"},
        {"wow!!!", "wow!"},
        {"wait....", "wait."},
        {"what ? ?", "what ?"},
        {"Caf\xc3\xa9 ing\xc3\xa9nieur \xc3\x9c", "cafe ingenieur u"},
        {"stra\xc3\x9f"
         "e",
         "strasse"},
        {"zero\xe2\x80\x8bwidth", "zerowidth"},
        {"nbsp\xc2\xa0here", "nbsp here"},
        {"bad \xff byte", "bad \xef\xbf\xbd byte"},
        {"overlong \xc0\xaf", "overlong \xef\xbf\xbd\xef\xbf\xbd"},
        {"ctrl\x01\x02"
         "chars",
         "ctrl chars"},
        {"\xf0\x9f\xa4\x96 robot", "\xf0\x9f\xa4\x96 robot"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(norm(cases[i].in), cases[i].out);
}

static void test_utf8(void **state)
{
    (void)state;
    assert_true(text_valid_utf8("plain", 5));
    assert_true(text_valid_utf8("\xc3\xa9\xf0\x9f\xa4\x96", 6));
    assert_false(text_valid_utf8("\xc3", 1));
    assert_false(text_valid_utf8("\xed\xa0\x80", 3));     /* a surrogate */
    assert_false(text_valid_utf8("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
    /* "é" is two bytes: cutting at 1 must step back to 0. */
    assert_int_equal(text_utf8_trim("\xc3\xa9", 1), 0);
    assert_int_equal(text_utf8_trim("a\xc3\xa9", 3), 3);
    assert_int_equal(text_utf8_trim("a\xf0\x9f\xa4\x96", 4), 1);
    assert_int_equal(text_utf8_trim("abc", 2), 2);
}

/* Sorted by key, as text_words_split needs (text_abbrev_sort). */
static const text_abbrev abbrevs[] = {
    {"ai", "artificial intelligence"}, {"llm", "large language model"}, {"ml", "machine learning"}};

static char *key(const char *name)
{
    static char out[256];
    sbuf b = SBUF_INIT;
    text_name_key(name, abbrevs, 3, &b);
    snprintf(out, sizeof out, "%s", sbuf_str(&b));
    sbuf_free(&b);
    return out;
}

static void test_name_keys(void **state)
{
    (void)state;
    assert_string_equal(key("Machine Learning Engineer"), "machine learning engineer");
    assert_string_equal(key("ML Engineers"), "machine learning engineer");
    assert_string_equal(key("a machine-learning engineer"), "machine learning engineer");
    assert_string_equal(key("The AI engineer's"), "artificial intelligence engineer");
    assert_string_equal(key("LLMs"), "large language model");
    assert_string_equal(key("Technologies"), "technology");
    assert_string_equal(key("Business Analysts"), "business analyst");
    assert_string_equal(key("Coaches"), "coach");
    assert_string_equal(key("boss"), "boss");
    assert_string_equal(key("Research & Development"), "research and development");
    assert_string_equal(key("!!!"), "");
}

static void test_word_spans(void **state)
{
    (void)state;
    const char *s = "tell me about ml engineers";
    text_words w = {0};
    text_words_split(s, strlen(s), abbrevs, 3, &w);
    assert_int_equal(w.n, 6);
    assert_string_equal(w.v[3].w, "machine");
    assert_string_equal(w.v[4].w, "learning");
    /* Both expansion words carry the span of "ml". */
    assert_int_equal(w.v[3].start, 14);
    assert_int_equal(w.v[4].end, 16);
    assert_string_equal(w.v[5].w, "engineer");
    text_words_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise_table),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_name_keys),
        cmocka_unit_test(test_word_spans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
