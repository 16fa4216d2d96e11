/*
 * log: careerbot's one stderr logger, for the server and the command line.
 *
 * Two kinds of line, both on stderr:
 *   careerbot: level=LEVEL event=NAME key=value ...   one line per event (log_event)
 *   FILE:LINE: message                                a problem in a data file (log_diag)
 * or, with log_set_format(LOG_FORMAT_JSON) (serve --log-format json), one JSON object a line for
 * log shippers: {"time":"...Z","level":"info","event":"start","port":8080,...}, the key=value
 * pairs as fields (numbers as numbers), trailing free text as "msg", and a data problem as
 * {"event":"data_problem","file":...,"line":...,"msg":...}. When stderr is systemd's journal
 * ($JOURNAL_STREAM), each line starts with its priority ("<3>" error, "<4>" warning, "<6>" info),
 * which the journal takes off and keeps as the priority.
 * An event line never holds user text: an origin or another client-given value goes through
 * log_sample first. The integration tests read both forms (event=reload_failed, file:line), so
 * their shape is part of the contract. No sockets here; the only state is the format.
 */
#ifndef CAREERBOT_LOG_H
#define CAREERBOT_LOG_H

#include <stddef.h>

typedef enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO } log_level;
typedef enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON } log_format;

/* Chooses the format of every later line (the one global setting; text until called). */
void log_set_format(log_format f);

/* "text" or "json" into *out. Returns 0, or -1 for another name. */
int log_format_parse(const char *name, log_format *out);

/* A line libwebsockets logged (its own newline optional), as "careerbot: lws: ..." or an event. */
void log_lws(const char *line);

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
