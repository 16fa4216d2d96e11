/* template: see template.h. */
#include "template.h"
#include "riasec.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    tpl_filter f;
} filters[] = {{"list", TF_LIST}, {"comma", TF_COMMA}, {"names", TF_NAMES},
               {"a", TF_A},       {"count", TF_COUNT}, {"first", TF_FIRST}};

static void push_seg(tpl *t, tpl_ns ns, const char *s, size_t n, tpl_filter f)
{
    t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
    t->v[t->n].ns = ns;
    t->v[t->n].text = xstrndup(s, n);
    t->v[t->n].filter = f;
    t->n++;
}

int tpl_compile(const char *src, tpl *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    sbuf lit = SBUF_INIT;
    const char *p = src;
    while (*p) {
        if (p[0] == '{' && p[1] == '{') {
            sbuf_putc(&lit, '{');
            p += 2;
            continue;
        }
        if (p[0] == '}' && p[1] == '}') {
            sbuf_putc(&lit, '}');
            p += 2;
            continue;
        }
        if (*p == '}') {
            snprintf(err, errlen, "unmatched '}' at offset %zu (write }} for a brace)", (size_t)(p - src));
            goto fail;
        }
        if (*p != '{') {
            sbuf_putc(&lit, *p++);
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close) {
            snprintf(err, errlen, "unclosed '{' at offset %zu", (size_t)(p - src));
            goto fail;
        }
        const char *dot = memchr(p, '.', (size_t)(close - p));
        const char *bar = memchr(p, '|', (size_t)(close - p));
        if (!dot || (bar && bar < dot)) {
            snprintf(err, errlen, "variable {%.*s} must be career.FIELD, other.FIELD, item.FIELD or slot.NAME",
                     (int)(close - p - 1), p + 1);
            goto fail;
        }
        size_t nslen = (size_t)(dot - p - 1);
        tpl_ns ns;
        if (nslen == 6 && !memcmp(p + 1, "career", 6))
            ns = TPL_CAREER;
        else if (nslen == 4 && !memcmp(p + 1, "item", 4))
            ns = TPL_ITEM;
        else if (nslen == 4 && !memcmp(p + 1, "slot", 4))
            ns = TPL_SLOT;
        else if (nslen == 5 && !memcmp(p + 1, "other", 5))
            ns = TPL_OTHER;
        else {
            snprintf(err, errlen, "unknown namespace \"%.*s\" (career, other, item or slot)", (int)nslen, p + 1);
            goto fail;
        }
        const char *fend = bar ? bar : close;
        tpl_filter f = TF_NONE;
        if (bar) {
            size_t flen = (size_t)(close - bar - 1);
            size_t i;
            for (i = 0; i < sizeof filters / sizeof filters[0]; i++)
                if (strlen(filters[i].name) == flen && !memcmp(filters[i].name, bar + 1, flen))
                    break;
            if (i == sizeof filters / sizeof filters[0]) {
                snprintf(err, errlen, "unknown filter \"%.*s\" (list, comma, names, a, count)", (int)flen, bar + 1);
                goto fail;
            }
            f = filters[i].f;
        }
        if (fend == dot + 1) {
            snprintf(err, errlen, "empty field name in {%.*s}", (int)(close - p - 1), p + 1);
            goto fail;
        }
        if (lit.len) {
            push_seg(out, TPL_LITERAL, lit.p, lit.len, TF_NONE);
            sbuf_reset(&lit);
        }
        push_seg(out, ns, dot + 1, (size_t)(fend - dot - 1), f);
        p = close + 1;
    }
    if (lit.len)
        push_seg(out, TPL_LITERAL, lit.p, lit.len, TF_NONE);
    sbuf_free(&lit);
    return 0;
fail:
    sbuf_free(&lit);
    tpl_free(out);
    return -1;
}

void tpl_free(tpl *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].text);
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

/* ===================== Rendering ===================== */

/* "a" or "an" before a title. Acronyms go by their spoken first letter (an ML engineer). */
static const char *article_for(const char *s)
{
    char c0 = s[0], c1 = s[1];
    bool acronym = c0 >= 'A' && c0 <= 'Z' && c1 >= 'A' && c1 <= 'Z';
    if (acronym)
        return strchr("AEFHILMNORSX", c0) ? "an" : "a";
    return strchr("AEIOUaeiou", c0) ? "an" : "a";
}

static void join_entry(sbuf *out, size_t i, size_t n)
{
    if (i == 0)
        return;
    sbuf_puts(out, i + 1 == n ? (n > 2 ? ", and " : " and ") : ", ");
}

static const char *entry_string(const content *c, const cJSON *it, content_kind kind, bool name_only)
{
    if (kind == CK_REFS) {
        int k = cJSON_IsString(it) ? content_find_id(c, it->valuestring) : -1;
        return k >= 0 ? content_title(c, (size_t)k) : "";
    }
    if (kind == CK_ITEMS) {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
        (void)name_only;
        return cJSON_IsString(nm) ? nm->valuestring : "";
    }
    return cJSON_IsString(it) ? it->valuestring : "";
}

static void render_field(const content *c, int career, const char *field, tpl_filter f, sbuf *out)
{
    if (career < 0)
        return;
    const cJSON *v = content_get(c, (size_t)career, field);
    int kind = content_field_kind(field);
    if (!v || kind < 0)
        return;
    if (kind == CK_INT) {
        sbuf_printf(out, "%d", v->valueint);
        return;
    }
    if (kind == CK_SCORES) {
        /* "Investigative 7.0, Conventional 5.4, ..." from the highest score down; the names come
         * from the content (the career test's types). */
        double sc[RIASEC_TYPES];
        int order[RIASEC_TYPES];
        riasec_read(v, sc);
        riasec_order(sc, order);
        for (int i = 0; i < RIASEC_TYPES; i++)
            sbuf_printf(out, "%s%s %.1f", i ? ", " : "", content_interest_name(c, order[i]), sc[order[i]]);
        return;
    }
    if (kind == CK_STRING || kind == CK_TEXT) {
        if (f == TF_A) {
            sbuf_puts(out, article_for(v->valuestring));
            sbuf_putc(out, ' ');
        }
        if (f == TF_FIRST) { /* the first sentence: up to ". ", "! " or "? " */
            const char *s = v->valuestring, *end = s;
            while (*end && !(strchr(".!?", *end) && (end[1] == ' ' || end[1] == '\0')))
                end++;
            sbuf_append(out, s, (size_t)(end - s) + (*end ? 1 : 0));
            return;
        }
        sbuf_puts(out, v->valuestring);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(v);
    if (f == TF_COUNT) {
        sbuf_printf(out, "%zu", n);
        return;
    }
    bool bullets = f == TF_LIST || (f == TF_NONE && kind == CK_ITEMS);
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        if (bullets) {
            if (i)
                sbuf_putc(out, '\n');
            sbuf_puts(out, "- ");
            if (kind == CK_ITEMS) {
                /* O*NET tasks have a text and no name. */
                const cJSON *tx = cJSON_GetObjectItemCaseSensitive(it, "text");
                const char *name = entry_string(c, it, kind, false);
                if (*name)
                    sbuf_printf(out, "**%s**: ", name);
                sbuf_puts(out, cJSON_IsString(tx) ? tx->valuestring : "");
            } else {
                sbuf_puts(out, entry_string(c, it, (content_kind)kind, false));
            }
        } else {
            join_entry(out, i, n);
            sbuf_puts(out, entry_string(c, it, (content_kind)kind, true));
        }
        i++;
    }
}

/* Where the paragraph and the parenthesis being rendered start, and how many of their variables
 * rendered something: a paragraph or a "(...)" whose variables all rendered empty is left out, so
 * a record that lacks a field gets no empty heading ("Typical tasks:") nor "(interests , ...)". */
struct part {
    size_t para, paren, line;
    bool last_empty; /* the line so far ends with a variable that rendered empty */
    int para_vars, para_full, paren_vars, paren_full;
    bool in_paren;
};

static void cut(sbuf *out, size_t at)
{
    out->len = at;
    if (out->p)
        out->p[at] = '\0';
}

/* A line that ends with a variable that rendered empty ("- Nurse: ") is left out. */
static void end_line(sbuf *out, struct part *pt)
{
    if (pt->last_empty) {
        cut(out, pt->line);
        while (out->len > pt->para && out->p[out->len - 1] == '\n')
            cut(out, out->len - 1);
    }
    pt->last_empty = false;
}

static void put_literal(sbuf *out, const char *s, struct part *pt)
{
    for (; *s; s++) {
        bool dropped = pt->last_empty;
        if (*s == '\n')
            end_line(out, pt);
        if (s[0] == '\n' && s[1] != '\n') {
            if (!dropped || out->len > pt->para)
                sbuf_putc(out, '\n');
            pt->line = out->len;
            continue;
        }
        if (s[0] == '\n' && s[1] == '\n') {
            if (pt->para_vars && !pt->para_full) {
                cut(out, pt->para);
            } else {
                sbuf_puts(out, "\n\n");
            }
            s++;
            pt->para = pt->line = out->len;
            pt->para_vars = pt->para_full = 0;
            pt->in_paren = false;
            continue;
        }
        if (*s == '(') {
            pt->in_paren = true;
            pt->paren = out->len;
            pt->paren_vars = pt->paren_full = 0;
        }
        sbuf_putc(out, *s);
        pt->last_empty = false;
        if (*s == ')' && pt->in_paren) {
            pt->in_paren = false;
            if (pt->paren_vars && !pt->paren_full) {
                size_t at = pt->paren;
                if (at > pt->para && out->p[at - 1] == ' ')
                    at--;
                cut(out, at);
            }
        }
    }
}

/* Counts a variable that rendered out[before..]. */
static void count_var(const sbuf *out, size_t before, struct part *pt)
{
    int full = out->len > before;
    pt->last_empty = !full;
    pt->para_vars++;
    pt->para_full += full;
    pt->paren_vars++;
    pt->paren_full += full;
}

void tpl_render(const tpl *t, const tpl_ctx *ctx, sbuf *out)
{
    struct part pt = {out->len, out->len, out->len, false, 0, 0, 0, 0, false};
    size_t base = out->len;
    for (size_t i = 0; i < t->n; i++) {
        const tpl_seg *s = &t->v[i];
        size_t before = out->len;
        switch (s->ns) {
        case TPL_LITERAL:
            put_literal(out, s->text, &pt);
            continue;
        case TPL_CAREER:
            render_field(ctx->c, ctx->career, s->text, s->filter, out);
            break;
        case TPL_ITEM:
            render_field(ctx->c, ctx->item, s->text, s->filter, out);
            break;
        case TPL_OTHER:
            render_field(ctx->c, ctx->other, s->text, s->filter, out);
            break;
        case TPL_SLOT: {
            size_t len = 0;
            const char *v = ctx->slot ? ctx->slot(ctx->slot_ud, s->text, &len) : NULL;
            if (v)
                sbuf_append(out, v, len);
            break;
        }
        }
        count_var(out, before, &pt);
    }
    end_line(out, &pt);
    if (pt.para_vars && !pt.para_full && pt.para > base) {
        size_t at = pt.para;
        while (at > base && out->p[at - 1] == '\n')
            at--;
        cut(out, at);
    }
    if (!out->p)
        sbuf_append(out, "", 0);
}

bool tpl_field_present(const content *c, int career, const char *field)
{
    if (career < 0)
        return false;
    const cJSON *v = content_get(c, (size_t)career, field);
    if (!v)
        return false;
    if (cJSON_IsArray(v))
        return cJSON_GetArraySize(v) > 0;
    return true;
}
