/*
 * origin: which web pages may open the chat socket. No sockets here, and no libwebsockets.
 *
 * Browsers do not apply CORS to WebSockets, so a page on any site can open ws://HOST/chat in its
 * visitor's browser. The server defends against that by checking the handshake's Origin header
 * against an exact allow-list of origins (scheme, host and port). The server's own origin (the
 * Origin's host equals the request's Host) is always allowed, so its own page works. With no list
 * configured, pages on localhost, 127.0.0.1 and [::1] (any port) are allowed as well, for
 * development. A handshake without an Origin header comes from a program, not a browser page, and
 * is allowed unless the list says origins are required.
 *
 * Origins are compared in a normal form: lower-case scheme and host, no default port (80 for http,
 * 443 for https), no trailing slash.
 *
 * The list also holds the names the server is reached at (--public-host). A request whose Host
 * header names something else is refused, so a page whose DNS name is rebound to this server's
 * address cannot read it or count as its own origin. With no names given, only loopback names
 * (localhost) are accepted; a Host that is an IP address is always accepted (it cannot be rebound).
 */
#ifndef CAREERBOT_ORIGIN_H
#define CAREERBOT_ORIGIN_H

#include <stdbool.h>
#include <stddef.h>

#define ORIGIN_MAX 256 /* bytes of one normalised origin, NUL included */

typedef struct origin_list origin_list;

/* A new, empty list (the defaults apply). Caller frees with origin_list_free. NULL when out of memory. */
origin_list *origin_list_new(void);
void origin_list_free(origin_list *l);

/* Adds one origin given by an operator, e.g. "https://www.example.org". Returns 0, or -1 with a
 * sentence in err when it is not http(s)://host[:port]. */
int origin_list_add(origin_list *l, const char *origin, char *err, size_t errlen);

/* Origins must be present: a handshake with no Origin header is refused. */
void origin_list_require(origin_list *l, bool require);

/* Adds a name the server is reached at ("chat.example.org"; a ":PORT" is ignored). Returns 0, or -1
 * with a sentence in err when it is not a host name. */
int origin_list_add_host(origin_list *l, const char *name, char *err, size_t errlen);

/* May a request with this Host header (NULL or "" when absent: a program, allowed) be answered? */
bool origin_host_allowed(const origin_list *l, const char *host);

/* Number of origins added (not counting the defaults). */
size_t origin_list_count(const origin_list *l);

/* Writes the normal form of in[0..len) to out (ORIGIN_MAX bytes). Returns 0, or -1 when in is not
 * an http or https origin. */
int origin_normalize(const char *in, size_t len, char out[ORIGIN_MAX]);

/* May a page from origin (the Origin header, NULL when absent) open the socket of the server
 * reached as host (the Host header, NULL when absent)? */
bool origin_allowed(const origin_list *l, const char *origin, const char *host);

#endif
