/*
 * log: careerbot's one stderr logger, for the server and the command line.
 *
 * Two kinds of line, both on stderr:
 *   careerbot: level=LEVEL event=NAME key=value ...   one line per event (log_event)
 *   FILE:LINE: message                                a problem in a data file (log_diag)
 * An event line never holds user text: an origin or another client-given value goes through
 * log_sample first. The integration tests read both forms (event=reload_failed, file:line), so
 * their shape is part of the contract. No sockets here, and no state but what the caller passes.
 */
#ifndef CAREERBOT_LOG_H
#define CAREERBOT_LOG_H

#include <stddef.h>

typedef enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO } log_level;

/* Writes "careerbot: level=LEVEL " and the formatted rest (key=value pairs) as one line. */
void log_event(log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes in (a value a client chose, such as an Origin header) to out (cap bytes) as printable
 * ASCII without quotes or backslashes, at most 80 bytes: safe inside key="..." of an event. */
void log_sample(const char *in, char *out, size_t cap);

/* An engine_diag_fn: prints "file:line: msg" (msg alone when it already starts with "file:") and
 * adds one to the int at ud (may be NULL). */
void log_diag(void *ud, const char *file, int line, const char *msg);

/* An engine_log_fn: level 0 is an error, anything else a warning. A pattern that hit a PCRE2 limit
 * ("... treated as no match") adds one to the unsigned long at ud, for /metrics (ud may be NULL). */
void log_engine(void *ud, int level, const char *msg);

#endif
