/*
 * questions: where one question ends and the next starts in a message ("how much do nurses make
 * and how long is the training?"), and where the question at the end of a long story starts.
 * Only byte positions: no matching, no session.
 */
#include "engine_int.h"

#include <string.h>
#include <strings.h>

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
}

/* Whether text[at..] starts with a question word followed by a space. */
static bool question_word_at(const char *text, size_t len, size_t at)
{
    static const char *const qw[] = {"how", "what", "what's", "whats", "where", "which",  "who",   "why",  "when", "is",
                                     "are", "do",   "does",   "can",   "could", "should", "would", "will", "any"};
    for (size_t k = 0; k < sizeof qw / sizeof qw[0]; k++) {
        size_t n = strlen(qw[k]);
        if (at + n < len && !strncasecmp(text + at, qw[k], n) && text[at + n] == ' ')
            return true;
    }
    return false;
}

static size_t count_words(const char *p, size_t n)
{
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        if (is_letter(p[i]) && (i == 0 || !is_letter(p[i - 1])))
            words++;
    return words;
}

/* Finds where a second question starts: after a "?" followed by more words, or at " and " / ". "
 * followed by a question word ("how much do nurses make and how long is the training?"). The first
 * part must be a question itself (start with a question word, or end with "?"), and each part must
 * have two words or more. Sets *cut (end of the first) and *next (start of the second). */
bool questions_split(const char *text, size_t len, size_t *cut, size_t *next)
{
    size_t start = 0;
    while (start < len && !is_letter(text[start]))
        start++;
    bool first_asks = question_word_at(text, len, start);
    for (size_t i = start; i < len; i++) {
        size_t c = 0, n = 0;
        if (text[i] == '?') {
            c = i + 1;
            n = c;
            while (n < len && (text[n] == ' ' || text[n] == '?' || text[n] == '!' || text[n] == '.' || text[n] == ','))
                n++;
        } else if (first_asks && ((len - i >= 5 && !strncasecmp(text + i, " and ", 5)) ||
                                  (len - i >= 6 && !strncasecmp(text + i, ", and ", 6)) ||
                                  (len - i >= 2 && !strncmp(text + i, ". ", 2)))) {
            /* text is len bytes, not a C string: never compare past its end. */
            c = i;
            n = i + (text[i] == ',' ? 6 : text[i] == '.' ? 2 : 5);
            if (!question_word_at(text, len, n))
                continue;
        } else {
            continue;
        }
        if (count_words(text + start, c - start) >= 2 && count_words(text + n, len - n) >= 2) {
            *cut = c;
            *next = n;
            return true;
        }
        if (text[i] == '?')
            return false; /* "...?" followed by little: one question */
    }
    return false;
}

/* In a long message the question is usually the last clause ("... so I was wondering, what does an
 * electrician do?"): where it starts, when the message ends with "?" and it has three words or more. */
bool questions_last(const char *text, size_t len, size_t *from)
{
    size_t end = len;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r'))
        end--;
    if (!end || text[end - 1] != '?')
        return false;
    for (size_t i = end - 1; i > 0; i--) {
        char c = text[i - 1];
        if ((c == ',' || c == '.' || c == ';' || c == '!' || c == '?') && count_words(text + i, end - i) >= 3) {
            while (i < len && text[i] == ' ')
                i++;
            *from = i;
            return true;
        }
    }
    return false;
}
