/*
 * spelling: misspelled pattern words ("salery" -> "salary"), corrected as a second reading only
 * when the message as written gives a weak answer. Career names have their own correction
 * (names.c); this is for the words the patterns rely on (intents' "vocabulary").
 */
#include "engine_int.h"

#include <string.h>

/* Corrects misspelled pattern words ("salery" -> "salary") in the normalised text, in place. Words
 * of career names and stop words are left alone (career names have their own correction), and so are
 * words shorter than five letters. */
bool spelling_fix(const engine *e, sbuf *norm)
{
    if (!e->vocab || !norm->len)
        return false;
    sbuf out = SBUF_INIT;
    size_t copied = 0;
    char w[40];
    for (size_t i = 0; i < norm->len;) {
        if (!(norm->p[i] >= 'a' && norm->p[i] <= 'z')) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < norm->len && norm->p[j] >= 'a' && norm->p[j] <= 'z')
            j++;
        bool whole =
            (i == 0 || (unsigned char)norm->p[i - 1] < 0x80) && (j == norm->len || (unsigned char)norm->p[j] < 0x80);
        if (whole && j - i >= 5 && j - i < sizeof w) { /* four-letter words have too many neighbours */
            memcpy(w, norm->p + i, j - i);
            w[j - i] = '\0';
            char one[40]; /* singular, as names are kept */
            memcpy(one, w, j - i + 1);
            one[text_singular(one, j - i)] = '\0';
            const char *fix = NULL;
            size_t wl = j - i;
            if (wl > 3 && w[wl - 2] == 'y' && w[wl - 1] == 's' && strchr("aeiou", w[wl - 3]) == NULL &&
                names_knows(e->vocab, one) && !content_knows_word(e->c, w))
                fix = one; /* "dutys", "salarys": the plural misspelt; the singular is the word */
            else if (!names_knows(e->vocab, w) && !names_knows(e->vocab, one) && !content_knows_word(e->c, w) &&
                     !content_knows_word(e->c, one))
                fix = names_correct(e->vocab, w);
            if (fix) {
                sbuf_append(&out, norm->p + copied, i - copied);
                sbuf_puts(&out, fix);
                copied = j;
            }
        }
        i = j;
    }
    if (!copied) {
        sbuf_free(&out);
        return false;
    }
    sbuf_append(&out, norm->p + copied, norm->len - copied);
    sbuf_free(norm);
    *norm = out;
    return true;
}

/* An answer that only guessed: nothing understood, just a career name described, or a question
 * about no career. */
static bool weak(const engine *e, const engine_reply *r)
{
    return r->fallback || r->name_only || r->intent == e->intents[e->roles[ROLE_ASK_CAREER]].id;
}

static bool spelling_would_change(const engine *e, const char *text, size_t len)
{
    sbuf norm = SBUF_INIT;
    text_normalise(text, len, &norm);
    bool changed = spelling_fix(e, &norm);
    sbuf_free(&norm);
    return changed;
}

/* Reads the text as written; when that gives only a weak answer and correcting misspelled pattern
 * words ("salery" -> "salary") changes it, reads it again corrected, and keeps the corrected
 * answer only if it is not weak too. So a correction never turns an ordinary English word into a
 * keyword ("monkey" is not "money") unless that is the only sense the message makes. */
int spelling_respond(const engine *e, engine_session *s, const char *text, size_t len, engine_reply *out)
{
    if (len > ENGINE_MAX_INPUT)
        len = text_utf8_trim(text, ENGINE_MAX_INPUT);
    if (!e->vocab || (e->quiz && quiz_active(&s->qs)))
        return turn_respond(e, s, text, len, out, false);
    engine_session before = *s;
    turn_respond(e, s, text, len, out, false);
    if (!weak(e, out) || !spelling_would_change(e, text, len))
        return 0;
    engine_session after = *s;
    *s = before;
    engine_reply second;
    turn_respond(e, s, text, len, &second, true);
    if (weak(e, &second)) {
        engine_reply_clear(&second);
        *s = after;
        return 0;
    }
    engine_reply_clear(out);
    *out = second;
    return 0;
}
