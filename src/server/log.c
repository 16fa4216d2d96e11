/*
 * log (see log.h): event lines and data-file diagnostics on stderr. Holds no state; never reads
 * user text except through log_sample.
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const level_names[] = {"error", "warn", "info"};

void log_event(log_level level, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "careerbot: level=%s %s\n", level_names[level <= LOG_INFO ? level : LOG_ERROR], msg);
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
    if (!strncmp(msg, file, fl) && msg[fl] == ':')
        fprintf(stderr, "%s\n", msg);
    else
        fprintf(stderr, "%s:%d: %s\n", file, line, msg);
}

void log_engine(void *ud, int level, const char *msg)
{
    if (ud && strstr(msg, "treated as no match"))
        ++*(unsigned long *)ud;
    log_event(level == 0 ? LOG_ERROR : LOG_WARN, "%s", msg);
}
