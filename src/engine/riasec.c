/*
 * riasec: the six interest types' letters, O*NET names, ordering and test.json reader (see
 * riasec.h). Holds no words shown to users and no state.
 */
#include "riasec.h"

#include <math.h>
#include <string.h>

static const char *const onet_names[RIASEC_TYPES] = {"Realistic", "Investigative", "Artistic",
                                                     "Social",    "Enterprising",  "Conventional"};

char riasec_letter(int t)
{
    return t >= 0 && t < RIASEC_TYPES ? RIASEC_LETTERS[t] : '?';
}

int riasec_index(char c)
{
    for (int t = 0; t < RIASEC_TYPES; t++)
        if (RIASEC_LETTERS[t] == c)
            return t;
    return -1;
}

const char *riasec_onet_name(int t)
{
    return t >= 0 && t < RIASEC_TYPES ? onet_names[t] : NULL;
}

/* An insertion sort on a strict "greater than": stable, so equal scores keep RIASEC order. */
void riasec_order(const double scores[RIASEC_TYPES], int order[RIASEC_TYPES])
{
    for (int i = 0; i < RIASEC_TYPES; i++)
        order[i] = i;
    for (int i = 1; i < RIASEC_TYPES; i++)
        for (int j = i; j > 0 && scores[order[j]] > scores[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

double riasec_correlation(const double a[RIASEC_TYPES], const double b[RIASEC_TYPES])
{
    double ma = 0, mb = 0;
    for (int t = 0; t < RIASEC_TYPES; t++) {
        ma += a[t] / RIASEC_TYPES;
        mb += b[t] / RIASEC_TYPES;
    }
    double sab = 0, saa = 0, sbb = 0;
    for (int t = 0; t < RIASEC_TYPES; t++) {
        sab += (a[t] - ma) * (b[t] - mb);
        saa += (a[t] - ma) * (a[t] - ma);
        sbb += (b[t] - mb) * (b[t] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / sqrt(saa * sbb) : 0;
}

bool riasec_is_code(const char *s)
{
    if (strlen(s) != 3)
        return false;
    for (int i = 0; i < 3; i++) {
        if (riasec_index(s[i]) < 0)
            return false;
        for (int j = 0; j < i; j++)
            if (s[j] == s[i])
                return false;
    }
    return true;
}

bool riasec_read(const cJSON *obj, double out[RIASEC_TYPES])
{
    bool all = true;
    for (int t = 0; t < RIASEC_TYPES; t++) {
        char key[2] = {RIASEC_LETTERS[t], 0};
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
        out[t] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
        all = all && cJSON_IsNumber(v);
    }
    return all;
}

static const char *str_member(const jsondoc *doc, const cJSON *obj, const char *key, diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, v ? v : obj), "\"%s\" must be a non-empty string", key);
        return NULL;
    }
    return v->valuestring;
}

int riasec_types_read(const jsondoc *doc, const cJSON *types, const char *name[RIASEC_TYPES],
                      const char *plain[RIASEC_TYPES], diag *d)
{
    int i = 0, before = d->errors;
    const cJSON *t;
    for (int k = 0; k < RIASEC_TYPES; k++)
        name[k] = plain[k] = NULL;
    cJSON_ArrayForEach(t, types)
    {
        const char *letter = str_member(doc, t, "letter", d);
        if (i >= RIASEC_TYPES || !letter || letter[0] != RIASEC_LETTERS[i]) {
            diag_report(d, jsondoc_path(doc), jsondoc_line(doc, t),
                        "\"types\" must list R, I, A, S, E, C in that order");
            break;
        }
        name[i] = str_member(doc, t, "name", d);
        plain[i] = str_member(doc, t, "plain", d);
        i++;
    }
    if (i != RIASEC_TYPES)
        diag_report(d, jsondoc_path(doc), jsondoc_line(doc, types ? types : jsondoc_root(doc)),
                    "\"types\" must describe all six interest types");
    return d->errors == before ? 0 : -1;
}
