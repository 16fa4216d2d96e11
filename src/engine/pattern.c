/*
 * pattern: compile and match with the project's flags and limits, and the adversarial strings of
 * `careerbot check` (see pattern.h).
 */
#include "pattern.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

int pattern_compile(const char *src, pcre2_code **out, int *jit_rc, char *err, size_t errlen)
{
    *out = NULL;
    *jit_rc = 0;
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (!cc) {
        snprintf(err, errlen, "out of memory");
        return PCRE2_ERROR_NOMEMORY;
    }
    pcre2_set_max_pattern_length(cc, PATTERN_MAX_BYTES);
    pcre2_set_parens_nest_limit(cc, 50);
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_NEVER_BACKSLASH_C, &code, &off, cc);
    pcre2_compile_context_free(cc);
    if (!re) {
        char msg[256];
        snprintf(err, errlen, "error at offset %zu: %s", (size_t)off, pattern_strerror(code, msg, sizeof msg));
        return code < 0 ? code : -code;
    }
    *jit_rc = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    *out = re;
    return 0;
}

pcre2_match_context *pattern_context_new(unsigned match_limit)
{
    pcre2_match_context *m = pcre2_match_context_create(NULL);
    if (!m)
        return NULL;
    pcre2_set_match_limit(m, match_limit ? match_limit : PATTERN_MATCH_LIMIT);
    pcre2_set_depth_limit(m, PATTERN_DEPTH_LIMIT);
    pcre2_set_heap_limit(m, PATTERN_HEAP_LIMIT_KIB);
    return m;
}

int pattern_match(const pcre2_code *re, const char *text, size_t len, pcre2_match_data *md, pcre2_match_context *mctx)
{
    return pcre2_match(re, (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK, md, mctx);
}

int pattern_match_from(const pcre2_code *re, const char *text, size_t len, size_t start, pcre2_match_data *md,
                       pcre2_match_context *mctx)
{
    if (start > len)
        return PCRE2_ERROR_NOMATCH;
    return pcre2_match(re, (PCRE2_SPTR)text, len, start, PCRE2_NO_UTF_CHECK, md, mctx);
}

bool pattern_failed(int rc)
{
    return rc < 0 && rc != PCRE2_ERROR_NOMATCH;
}

const char *pattern_strerror(int rc, char *buf, size_t cap)
{
    if (pcre2_get_error_message(rc, (PCRE2_UCHAR *)buf, cap) < 0 && cap)
        snprintf(buf, cap, "PCRE2 error %d", rc);
    return buf;
}

/* Strings that make careless patterns backtrack: long runs of the words and separators patterns
 * look for, and of a two-byte character. */
static const struct {
    const char *head, *unit, *tail;
    int times;
} adversarial[] = {
    {"", "a", "", 4000},
    {"", "what ", "", 800},
    {"", "what does a ", "do", 330},
    {"tell me about ", "x ", "", 1900},
    {"", "? ", "", 2000},
    {"", "\xc3\xa9", "", 2000},
    {"careers in ", "and ", "", 950},
    {"is ", "is ", "for me", 1300},
    {"how much do ", "nurses and ", "make", 360},
    {"", "vs ", "", 1300},
    {"", "or ", "", 1300},
    {"", "a-b_c.d,e! ", "", 360},
    {"", "become a ", "", 440},
    {"what is ", "the job of ", "", 360},
    {"", "data scientist ", "", 270},
    {"", "i really love ", "", 300},
    {"", "not sure maybe ", "", 280},
};

size_t pattern_adversarial_count(void)
{
    return sizeof adversarial / sizeof adversarial[0];
}

void pattern_adversarial(size_t k, size_t max, sbuf *out)
{
    sbuf raw = SBUF_INIT;
    sbuf_puts(&raw, adversarial[k].head);
    for (int i = 0; i < adversarial[k].times; i++)
        sbuf_puts(&raw, adversarial[k].unit);
    sbuf_puts(&raw, adversarial[k].tail);
    size_t len = raw.len > max ? text_utf8_trim(raw.p, max) : raw.len;
    text_normalise(raw.p, len, out);
    sbuf_free(&raw);
}
