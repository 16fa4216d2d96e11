/*
 * onet: the O*NET text database, read at run time from a folder laid out as the official download
 * (Occupation Data.txt, Alternate Titles.txt, Task Statements.txt, Interests.txt, ...).
 *
 * Each occupation becomes a career record in the content schema (content/README.md), so the rest
 * of the engine treats it like a curated one: id and soc are the O*NET-SOC code, title a singular
 * form of the O*NET title, summary the O*NET description, duties its core tasks, skills its
 * technology examples (hot technologies first), education a sentence built from the most common
 * required level of education and the job zone, interests and riasec from the OI scores, related
 * from Related Occupations (as O*NET-SOC codes). Two fields exist only on these records: "aliases"
 * (every alternate and reported title, for the name index) and "source": "onet".
 *
 * Only Occupation Data.txt is required; a missing optional file is a warning and the rest loads. A
 * malformed row (wrong number of fields, a bad code or number) is an error naming file and line.
 * Columns are found by header name; CR line ends are stripped. No globals.
 */
#ifndef CAREERBOT_ONET_H
#define CAREERBOT_ONET_H

#include "template.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

/* The sentences of an O*NET record's "education", from content/onet.json (the words are data):
 * templates with {slot.level} and {slot.percent} (the most common required level of education,
 * and the share of workers who reported it), and {slot.zone} and {slot.zone_name} (the job zone). */
typedef struct onet_texts {
    const tpl *education; /* borrowed; NULL: no sentence */
    const tpl *zone;      /* borrowed; NULL: no sentence */
} onet_texts;

/* Returns a cJSON array of records (caller frees with cJSON_Delete), or NULL when the folder
 * cannot be used; problems go to d (warnings through diag_warn). texts may be NULL (no education
 * sentences). */
cJSON *onet_load(const char *dir, const onet_texts *texts, diag *d);

/* True when s looks like an O*NET-SOC code: NN-NNNN.NN. */
bool onet_is_code(const char *s);

/* Writes the singular display form of an O*NET title ("Chief Executives" → "Chief Executive"). */
void onet_singular_title(const char *title, sbuf *out);

#endif
