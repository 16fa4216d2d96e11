/*
 * content_int.h: what the files of the content store share, and nobody else includes.
 *
 *   content.c  the store: loading careers/ (and O*NET), the name index, the small tables
 *              (abbreviations, stop words, disciplines, interest type names) and the lookups
 *   schema.c   the fields of a career record, their kinds, and the validation of one record
 *   areas.c    the browse areas of content/fields.json and their ranked careers
 *
 * Other modules use content.h only.
 */
#ifndef CAREERBOT_CONTENT_INT_H
#define CAREERBOT_CONTENT_INT_H

#include "content.h"
#include "jsondoc.h"
#include "kwscan.h"
#include "riasec.h"

#define CONTENT_N_FIELDS 23 /* the fields of a career record (schema.c's table) */
#define AREA_TOP 64         /* careers of an area kept in order; lists show fewer */

struct career {
    const cJSON *rec;                     /* borrowed from doc, or owned (O*NET) */
    const cJSON *field[CONTENT_N_FIELDS]; /* rec's fields by schema index, once loading is done */
    const char *id;                       /* borrowed from rec */
    const char *title;                    /* borrowed from rec */
    jsondoc *doc;                         /* owned; NULL for an O*NET occupation */
    cJSON *own;                           /* an O*NET record, owned */
    double median;                        /* BLS median annual pay (bls.c), or -1 */
    bool has_pay;                         /* BLS publishes a wage for it (annual, or hourly only) */
    double change;                        /* BLS projected change 2024-34 in percent, or NAN */
    int entry; /* BLS typical entry education: 0 none ... 8 doctoral (bls.c), or -1 unknown */
};

/* A browse area of fields.json ("careers in healthcare"): its names and the filters a career must
 * pass to be in it. */
struct area {
    const char *title;  /* borrowed from areas_doc */
    const char **names; /* lower-case names, borrowed */
    size_t n_names;
    const cJSON *careers; /* ids, or NULL */
    const cJSON *soc;     /* code prefixes, or NULL */
    const cJSON *id_contains;
    char riasec;       /* first letter of the interest code, or 0 */
    int zone_max;      /* highest job zone, or 0 */
    int top[AREA_TOP]; /* its best careers in order, worked out once when everything is loaded */
    size_t n_top;
    size_t total; /* careers in the area */
};

#define CONTENT_MAX_ENDINGS 32

struct content {
    struct area *areas;
    size_t n_areas;
    jsondoc *areas_doc; /* owns the areas' strings */
    kwscan *area_kw;    /* every area name, found as whole words in one pass (content_area_find) */
    int *area_ord;      /* by name id: the first (area, name) position that has it, in load order */
    int *area_of;       /* by name id: that area */
    struct career *careers;
    size_t n, cap;
    size_t n_curated;        /* careers[0..n_curated) come from content/, the rest from O*NET */
    size_t n_common_aliases; /* O*NET alternate titles of common words only, left out of the index */
    strmap by_id;            /* id → index */
    strmap by_soc;           /* O*NET-SOC code of a curated career ("soc") → index */
    names *names;            /* every title and other name → career */
    text_abbrev *abbrevs;
    size_t n_abbrevs;
    jsondoc *abbrev_doc;                /* owns the abbreviation strings */
    jsondoc *stop_doc;                  /* the stop words */
    jsondoc *common_doc;                /* the frequent English words */
    strmap modifiers;                   /* content/modifiers.json "modifiers", singular */
    strmap heads;                       /* content/modifiers.json "heads", singular */
    strmap in_slot;                     /* content/modifiers.json "in_slot": names only inside a career frame */
    char *endings[CONTENT_MAX_ENDINGS]; /* content/modifiers.json "title_endings" (owned) */
    strmap word_lists;                  /* a word of titles and curated names → index into lists */
    struct career_list {
        int *v;
        size_t n, cap;
    } * lists; /* careers whose titles or curated names have the word, ascending */
    size_t n_lists, cap_lists;
    size_t n_endings;
    char *type_name[RIASEC_TYPES]; /* interest type names for users (test/test.json), owned; NULL: none */
};

/* content.c: loads dir/name when it exists (path gets its full name). NULL when it is missing
 * (fine: these files are optional) or broken (reported). Caller frees. */
jsondoc *content__load_optional(const char *dir, const char *name, diag *d, char *path, size_t plen);

/* content.c: adds name (len bytes) as a discipline of career idx, the weakest kind of name; returns
 * the career it clashes with at that strength, or -1. */
int content__add_discipline(content *c, const char *name, size_t len, size_t idx);

/* disciplines.c: the disciplines of content/disciplines.json for the curated careers (before O*NET
 * is merged), then those of the O*NET titles no curated career covers (after). */
void content__load_disciplines(content *c, const char *dir, diag *d);
void content__onet_disciplines(content *c, const char *dir, diag *d);

/* bls.c: BLS pay and outlook from content/pay.json and, with bls_dir, the BLS files (bls.h). */
void bls_attach(content *c, const char *content_dir, const char *bls_dir, diag *d);

/* schema.c */
int schema_field_index(const char *field); /* index in the schema, or -1 */
const char *schema_field_name(size_t i);   /* i < CONTENT_N_FIELDS; static */
bool schema_nonblank(const char *s);       /* some character other than a space, tab or newline */
/* Validates a career record (fname: its file name, which must be its id); returns true when it can
 * be used. Every problem goes to d with file and line. */
bool schema_check_record(const jsondoc *doc, const char *fname, diag *d);

/* areas.c */
void areas_load(content *c, const char *dir, diag *d); /* content/fields.json, when it exists */
void areas_check(const content *c, diag *d);           /* the careers areas list by id exist */
void areas_rank(content *c);                           /* once every career is loaded */
void areas_free(content *c);

#endif
