/*
 * config: the file of `careerbot serve --config FILE`, holding the same options as the command line.
 *
 *   # a comment (a '#' or ';' starts one only at the start of a line: a token may contain '#')
 *   port = 8080
 *   allow-origin = https://www.example.org      repeatable options add up, as on the command line
 *   keep-unanswered = yes                       switches take yes/no, true/false, on/off, 1/0
 *   metrics-token = "a token with spaces"       a value may be quoted ("..." with \" and \\)
 *
 * Each key is an option's long name without "--"; the file is applied first and the command line
 * after, so flags override the file. Every problem is reported as FILE:LINE: message on stderr,
 * including a wrong value, which the command line's own parser judges (one validation for both).
 * No globals; the parsed entries are owned by the config until config_free.
 */
#ifndef CAREERBOT_CONFIG_H
#define CAREERBOT_CONFIG_H

#include <stdbool.h>

typedef struct config config;

/* Reads and parses path. Returns NULL after reporting each problem (FILE:LINE: message, or the
 * reason the file cannot be read) on stderr. Caller frees with config_free. */
config *config_read(const char *path);

void config_free(config *c);

/* Applies one option: argv[0] is "--name", argv[1] its value when argc is 2. Returns 0, or non-zero
 * after printing the problem on stderr (it is then rewritten as FILE:LINE:). */
typedef int (*config_apply_fn)(void *ud, int argc, char **argv);

/* Applies every entry in file order through fn. switches (NULL-terminated) names the options that
 * take no value. Returns 0, or -1 after reporting the first problem as FILE:LINE: message. The
 * strings handed to fn are owned by c: they live until config_free. */
int config_apply(const config *c, const char *const *switches, config_apply_fn fn, void *ud);

/* Finds "--config FILE" or "--config=FILE" among argv[0..*argc), removes it from argv and puts FILE
 * in *path (NULL when absent). Returns 0, or -1 when --config has no value or comes twice (reported
 * on stderr with cmd's name). */
int config_take_option(const char *cmd, int *argc, char **argv, const char **path);

#endif
