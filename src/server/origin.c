/*
 * origin: the allow-list of web origins for the chat socket (see origin.h).
 */
#include "origin.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ORIGIN_LIST_MAX 64 /* origins (and names) an operator may list; more is surely a mistake */

struct origin_list {
    char (*o)[ORIGIN_MAX]; /* normalised origins */
    size_t n;
    bool require;              /* refuse handshakes without an Origin header */
    char (*hosts)[ORIGIN_MAX]; /* --public-host names, lower case, without port */
    size_t n_hosts;
};

origin_list *origin_list_new(void)
{
    origin_list *l = calloc(1, sizeof *l);
    if (l &&
        (!(l->o = calloc(ORIGIN_LIST_MAX, sizeof *l->o)) || !(l->hosts = calloc(ORIGIN_LIST_MAX, sizeof *l->hosts)))) {
        free(l->o);
        free(l);
        return NULL;
    }
    return l;
}

void origin_list_free(origin_list *l)
{
    if (!l)
        return;
    free(l->o);
    free(l->hosts);
    free(l);
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

int origin_normalize(const char *in, size_t len, char out[ORIGIN_MAX])
{
    size_t k = 0, i;
    const char *scheme;
    unsigned default_port;
    if (len >= 7 && !strncasecmp(in, "http://", 7)) {
        scheme = "http://", default_port = 80, i = 7;
    } else if (len >= 8 && !strncasecmp(in, "https://", 8)) {
        scheme = "https://", default_port = 443, i = 8;
    } else {
        return -1;
    }
    if (len > 0 && in[len - 1] == '/')
        len--; /* "https://example.org/" names the same origin */
    k = strlen(scheme);
    memcpy(out, scheme, k);
    size_t host_start = i;
    if (i < len && in[i] == '[') { /* an IPv6 literal */
        while (i < len && in[i] != ']') {
            char c = lower(in[i]);
            if (!(c == '[' || c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                return -1;
            i++;
        }
        if (i == len)
            return -1;
        i++;
    } else {
        while (i < len && host_char(lower(in[i])))
            i++;
    }
    size_t host_len = i - host_start;
    if (host_len == 0 || k + host_len + 7 > ORIGIN_MAX)
        return -1;
    for (size_t j = host_start; j < i; j++)
        out[k++] = lower(in[j]);
    if (i < len) {
        if (in[i] != ':' || i + 1 == len || len - i - 1 > 5)
            return -1;
        unsigned port = 0;
        for (size_t j = i + 1; j < len; j++) {
            if (in[j] < '0' || in[j] > '9')
                return -1;
            port = port * 10 + (unsigned)(in[j] - '0');
        }
        if (port == 0 || port > 65535)
            return -1;
        if (port != default_port)
            k += (size_t)snprintf(out + k, ORIGIN_MAX - k, ":%u", port);
    }
    out[k] = '\0';
    return 0;
}

int origin_list_add(origin_list *l, const char *origin, char *err, size_t errlen)
{
    if (l->n == ORIGIN_LIST_MAX) {
        snprintf(err, errlen, "at most %d origins may be allowed", ORIGIN_LIST_MAX);
        return -1;
    }
    if (origin_normalize(origin, strlen(origin), l->o[l->n]) < 0) {
        snprintf(err, errlen, "\"%.80s\" is not an origin like https://www.example.org or http://localhost:3000",
                 origin);
        return -1;
    }
    l->n++;
    return 0;
}

void origin_list_require(origin_list *l, bool require)
{
    l->require = require;
}

size_t origin_list_count(const origin_list *l)
{
    return l->n;
}

/* The host of a normalised origin, without scheme or port, into out. */
static void origin_host(const char *o, char *out, size_t cap)
{
    const char *h = strstr(o, "://") + 3;
    size_t n = 0;
    if (*h == '[') {
        while (h[n] && h[n] != ']')
            n++;
        if (h[n])
            n++;
    } else {
        while (h[n] && h[n] != ':')
            n++;
    }
    if (n >= cap)
        n = cap - 1;
    memcpy(out, h, n);
    out[n] = '\0';
}

bool origin_allowed(const origin_list *l, const char *origin, const char *host)
{
    if (!origin || !*origin)
        return !l->require;
    char o[ORIGIN_MAX];
    if (origin_normalize(origin, strlen(origin), o) < 0)
        return false; /* "null" (sandboxed frames, files) and anything odd */
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(o, l->o[i]))
            return true;
    /* The server's own page: the same scheme, host and port as the Host it was reached at. */
    if (host && *host) {
        char self[ORIGIN_MAX], given[ORIGIN_MAX];
        const char *scheme = !strncmp(o, "https://", 8) ? "https://" : "http://";
        int n = snprintf(given, sizeof given, "%s%s", scheme, host);
        if (n > 0 && (size_t)n < sizeof given && origin_normalize(given, (size_t)n, self) == 0 && !strcmp(o, self))
            return true;
    }
    if (l->n == 0) {
        char h[ORIGIN_MAX];
        origin_host(o, h, sizeof h);
        if (!strcmp(h, "localhost") || !strcmp(h, "127.0.0.1") || !strcmp(h, "[::1]"))
            return true;
    }
    return false;
}

/* The name part of a Host value (no port, no trailing dot), lower case, into out. -1 when it does
 * not fit or is empty. An IPv6 literal keeps its brackets. */
static int host_name(const char *host, char out[ORIGIN_MAX])
{
    size_t n = 0;
    if (host[0] == '[') {
        while (host[n] && host[n] != ']')
            n++;
        if (host[n])
            n++;
    } else {
        while (host[n] && host[n] != ':')
            n++;
    }
    if (n && host[0] != '[' && host[n - 1] == '.')
        n--; /* "localhost." names localhost */
    if (n == 0 || n >= ORIGIN_MAX)
        return -1;
    for (size_t i = 0; i < n; i++)
        out[i] = lower(host[i]);
    out[n] = '\0';
    return 0;
}

static bool is_address(const char *name)
{
    unsigned char a[16];
    char v6[ORIGIN_MAX];
    size_t n = strlen(name);
    if (inet_pton(AF_INET, name, a) == 1)
        return true;
    if (n < 3 || name[0] != '[' || name[n - 1] != ']')
        return false;
    memcpy(v6, name + 1, n - 2);
    v6[n - 2] = '\0';
    return inet_pton(AF_INET6, v6, a) == 1;
}

int origin_list_add_host(origin_list *l, const char *name, char *err, size_t errlen)
{
    char h[ORIGIN_MAX];
    bool ok = l->n_hosts < ORIGIN_LIST_MAX && host_name(name, h) == 0;
    for (size_t i = 0; ok && h[i]; i++)
        ok = host_char(h[i]) || (h[0] == '[' && (h[i] == '[' || h[i] == ']' || h[i] == ':'));
    if (!ok) {
        snprintf(err, errlen, "\"%.80s\" is not a host name like chat.example.org (at most %d)", name, ORIGIN_LIST_MAX);
        return -1;
    }
    memcpy(l->hosts[l->n_hosts++], h, sizeof h);
    return 0;
}

bool origin_host_allowed(const origin_list *l, const char *host)
{
    char h[ORIGIN_MAX];
    if (!host || !*host)
        return true;
    if (host_name(host, h) < 0)
        return false;
    if (is_address(h))
        return true;
    for (size_t i = 0; i < l->n_hosts; i++)
        if (!strcmp(h, l->hosts[i]))
            return true;
    return l->n_hosts == 0 && !strcmp(h, "localhost");
}
