/*
 * backup: `careerbot backup [--db PATH] OUT`, a consistent copy of a SQLite session store, taken with
 * SQLite's online backup API while the server keeps writing to it.
 *
 * The copy is one snapshot (one read transaction: in WAL mode it never blocks the server's writes),
 * written to a temporary file beside OUT, checked (quick_check, sessions counted), synced and then
 * renamed over OUT, so OUT is either the old file or the whole new copy. It is created mode 0600:
 * sessions are private. No engine, no server here.
 */
#ifndef CAREERBOT_BACKUP_H
#define CAREERBOT_BACKUP_H

/* The command: argv holds the options after "backup". Returns the exit status (0, 1 on failure,
 * 2 on a usage error); messages go to stderr, the summary line to stdout. */
int backup_main(int argc, char **argv);

#endif
