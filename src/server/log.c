/*
 * log (see log.h): event lines and data-file diagnostics on stderr, as text or JSON. Its only state
 * is the format chosen at start and whether stderr is the journal; never reads user text except
 * through log_sample.
 */
#include "log.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const level_names[] = {"error", "warn", "info"};
static const int level_syslog[] = {3, 4, 6}; /* err, warning, info: the journal's priorities */

static log_format format = LOG_FORMAT_TEXT;

void log_set_format(log_format f)
{
    format = f;
}

int log_format_parse(const char *name, log_format *out)
{
    if (!strcmp(name, "text"))
        *out = LOG_FORMAT_TEXT;
    else if (!strcmp(name, "json"))
        *out = LOG_FORMAT_JSON;
    else
        return -1;
    return 0;
}

/* Whether stderr is systemd's journal ($JOURNAL_STREAM names its device and inode): then each line
 * starts with "<N>", its priority, which the journal reads and strips (journalctl -p warning). */
static bool to_journal(void)
{
    static int known = -1;
    if (known < 0) {
        const char *js = getenv("JOURNAL_STREAM");
        unsigned long long dev, ino;
        struct stat st;
        known = js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 && fstat(2, &st) == 0 &&
                (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
    }
    return known;
}

static void json_string(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* Whether v[0..n) is a JSON number as log lines hold them: -?(0|[1-9][0-9]*)(.[0-9]+)?, short. */
static bool is_number(const char *v, size_t n)
{
    size_t i = v[0] == '-', start = i;
    while (i < n && isdigit((unsigned char)v[i]))
        i++;
    if (i == start || (v[start] == '0' && i - start > 1) || n >= 20)
        return false;
    if (i < n && v[i] == '.') {
        size_t frac = ++i;
        while (i < n && isdigit((unsigned char)v[i]))
            i++;
        if (i == frac)
            return false;
    }
    return i == n;
}

/* A value as a JSON number when it is one, else as a string. */
static void json_value(FILE *f, const char *v, size_t n)
{
    if (is_number(v, n))
        fwrite(v, 1, n, f);
    else
        json_string(f, v, n);
}

/* The "time" of a JSON line: UTC, milliseconds (log shippers order lines by it). */
static void json_time(FILE *f)
{
    struct timespec ts;
    struct tm tm;
    char buf[32];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(f, "{\"time\":\"%s.%03ldZ\"", buf, ts.tv_nsec / 1000000);
}

/* Writes msg, a line of key=value pairs (values plain or "quoted") that may end in free text, as
 * one JSON object: the pairs as fields, the free text as "msg" (without its parentheses). */
static void json_line(FILE *f, log_level level, const char *msg)
{
    json_time(f);
    fprintf(f, ",\"level\":\"%s\"", level_names[level]);
    const char *p = msg;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t k = 0;
        while (p[k] == '_' || islower((unsigned char)p[k]) || isdigit((unsigned char)p[k]))
            k++;
        if (!*p || !k || p[k] != '=')
            break;
        const char *v = p + k + 1, *end;
        fputc(',', f);
        json_string(f, p, k);
        fputc(':', f);
        if (*v == '"' && (end = strchr(v + 1, '"'))) {
            json_string(f, v + 1, (size_t)(end - v - 1));
            end++;
        } else {
            end = v + strcspn(v, " ");
            json_value(f, v, (size_t)(end - v));
        }
        p = end;
    }
    size_t n = strlen(p);
    while (n && (p[n - 1] == '\n' || p[n - 1] == ' '))
        n--;
    if (n >= 2 && p[0] == '(' && p[n - 1] == ')')
        p++, n -= 2;
    if (n) {
        fputs(",\"msg\":", f);
        json_string(f, p, n);
    }
    fputs("}\n", f);
}

/* One line on stderr in the chosen format, written at once (stderr is unbuffered: one write each
 * would interleave with other writers, so the line is put together first). */
static void emit(log_level level, const char *msg)
{
    level = level <= LOG_INFO ? level : LOG_ERROR;
    char *line = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&line, &len);
    if (!f)
        return;
    if (to_journal())
        fprintf(f, "<%d>", level_syslog[level]);
    if (format == LOG_FORMAT_JSON)
        json_line(f, level, msg);
    else
        fprintf(f, "careerbot: level=%s %s\n", level_names[level], msg);
    if (fclose(f) == 0)
        fwrite(line, 1, len, stderr);
    free(line);
}

void log_event(log_level level, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    emit(level, msg);
}

void log_lws(const char *line)
{
    char msg[600];
    size_t n = strcspn(line, "\n");
    if (format == LOG_FORMAT_JSON) {
        snprintf(msg, sizeof msg, "event=lws (%.*s)", (int)(n < 500 ? n : 500), line);
        emit(LOG_WARN, msg);
    } else {
        fprintf(stderr, "%scareerbot: lws: %.*s\n", to_journal() ? "<4>" : "", (int)n, line);
    }
}

void log_sample(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    for (; *in && k + 1 < cap && k < 80; in++)
        out[k++] = (*in > 0x20 && *in < 0x7f && *in != '"' && *in != '\\') ? *in : '?';
    out[k] = '\0';
}

void log_diag(void *ud, const char *file, int line, const char *msg)
{
    if (ud)
        ++*(int *)ud;
    /* Messages from the loaders may already carry "file:line:"; do not repeat it. */
    size_t fl = strlen(file);
    bool has_place = !strncmp(msg, file, fl) && msg[fl] == ':';
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        return;
    if (to_journal())
        fputs("<3>", f);
    if (format == LOG_FORMAT_JSON) {
        json_time(f);
        fputs(",\"level\":\"error\",\"event\":\"data_problem\",\"file\":", f);
        json_string(f, file, fl);
        fprintf(f, ",\"line\":%d,\"msg\":", has_place ? atoi(msg + fl + 1) : line);
        const char *text = has_place ? strchr(msg + fl + 1, ':') : NULL;
        text = text ? text + 1 + (text[1] == ' ') : msg;
        json_string(f, text, strlen(text));
        fputs("}\n", f);
    } else if (has_place) {
        fprintf(f, "%s\n", msg);
    } else {
        fprintf(f, "%s:%d: %s\n", file, line, msg);
    }
    if (fclose(f) == 0)
        fwrite(out, 1, len, stderr);
    free(out);
}

void log_engine(void *ud, int level, const char *msg)
{
    if (ud && strstr(msg, "treated as no match"))
        ++*(unsigned long *)ud;
    log_event(level == 0 ? LOG_ERROR : LOG_WARN, "%s", msg);
}
