/*
 * cli_usage: the help texts of careerbot and its commands.
 */
#ifndef CAREERBOT_CLI_USAGE_H
#define CAREERBOT_CLI_USAGE_H

#include <stdio.h>

#define DEFAULT_SESSION_TTL (24u * 3600u) /* serve --session-ttl, seconds */

/* Prints the help of command cmd ("serve", "chat", ...), or careerbot's own help when cmd is NULL
 * or not a command. */
void cli_usage(const char *cmd);
/* careerbot's own help, to f (stderr when no command is given). */
void cli_usage_to(FILE *f);

#endif
