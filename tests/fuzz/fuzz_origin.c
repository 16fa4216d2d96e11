/*
 * Fuzz target: the Origin parser (origin_normalize) and the allow-list check (origin_allowed), on
 * any bytes a handshake's Origin and Host headers could carry. One input is the Origin, then,
 * after the first newline, the Host (none without a newline).
 *
 * Checked besides the sanitizers: a normal form fits ORIGIN_MAX, is lower case http(s)://host
 * with no default port and no trailing slash, and is its own normal form; an origin and its
 * normal form get the same answer from every list; an origin the operator could list
 * (origin_list_add) is allowed by that list exactly when it normalises; a list with origins never
 * lets through an origin that does not normalise.
 */
#include "origin.h"

#include "fuzz_util.h"

#include <stdbool.h>

static origin_list *defaults, *listed, *required;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[200];
    defaults = origin_list_new();
    listed = origin_list_new();
    required = origin_list_new();
    FUZZ_CHECK(defaults && listed && required);
    FUZZ_CHECK(origin_list_add(listed, "https://www.example.org", err, sizeof err) == 0);
    FUZZ_CHECK(origin_list_add(listed, "http://localhost:3000", err, sizeof err) == 0);
    FUZZ_CHECK(origin_list_add(listed, "http://[::1]:8080", err, sizeof err) == 0);
    origin_list_require(required, true);
    return 0;
}

static bool ends_with(const char *s, size_t len, const char *end)
{
    size_t n = strlen(end);
    return len >= n && !memcmp(s + len - n, end, n);
}

/* The shape of a normal form, beyond "it parses again to itself". */
static void check_normal_form(const char *n)
{
    size_t len = strlen(n);
    bool https = !strncmp(n, "https://", 8);
    FUZZ_CHECK(len < ORIGIN_MAX);
    FUZZ_CHECK(https || !strncmp(n, "http://", 7));
    FUZZ_CHECK(len > (https ? 8u : 7u) && n[len - 1] != '/');
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(!(n[i] >= 'A' && n[i] <= 'Z'));
    FUZZ_CHECK(!ends_with(n, len, https ? ":443" : ":80")); /* the default port is never written */
    char again[ORIGIN_MAX];
    FUZZ_CHECK(origin_normalize(n, len, again) == 0);
    FUZZ_CHECK(!strcmp(again, n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The whole input, as the parser sees bytes (no NUL needed). */
    char out[ORIGIN_MAX];
    if (origin_normalize((const char *)data, size, out) == 0)
        check_normal_form(out);

    /* Origin and Host as the server holds them: NUL-terminated copies of header text. */
    char *copy = malloc(size + 1);
    FUZZ_CHECK(copy);
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *nl = memchr(copy, '\n', size);
    const char *host = NULL;
    if (nl) {
        *nl = '\0';
        host = nl + 1;
    }
    const char *origin = copy;
    char norm[ORIGIN_MAX];
    bool normal = origin_normalize(origin, strlen(origin), norm) == 0;
    if (normal)
        check_normal_form(norm);

    origin_list *lists[] = {defaults, listed, required};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        bool ok = origin_allowed(lists[i], origin, host);
        if (normal)
            FUZZ_CHECK(ok == origin_allowed(lists[i], norm, host));
        else if (*origin)
            FUZZ_CHECK(!ok); /* what does not parse is never let through ("null" included) */
    }
    FUZZ_CHECK(origin_allowed(defaults, NULL, host) && !origin_allowed(required, NULL, host));

    /* The operator's side: listing an origin works exactly when it normalises, and then lets it in. */
    origin_list *mine = origin_list_new();
    FUZZ_CHECK(mine);
    char err[200] = "";
    int added = origin_list_add(mine, origin, err, sizeof err);
    FUZZ_CHECK((added == 0) == normal);
    FUZZ_CHECK(added == 0 || err[0]);
    FUZZ_CHECK(origin_list_count(mine) == (normal ? 1u : 0u));
    if (normal)
        FUZZ_CHECK(origin_allowed(mine, origin, NULL) && origin_allowed(mine, norm, host));
    origin_list_free(mine);
    free(copy);
    return 0;
}
