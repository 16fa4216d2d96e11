/*
 * paths: where the careerbot binary finds its data (web/, intents/, content/) and keeps its
 * sessions by default, so that the same binary works from the build tree and installed.
 *
 *   run from the build tree (build/careerbot)  the source tree, as always (data/sessions.db there)
 *   installed (PREFIX/bin/careerbot)            PREFIX/share/careerbot, found from the binary's own
 *                                               place, so an extracted package works where it lies;
 *                                               sessions in $STATE_DIRECTORY (set by systemd's
 *                                               StateDirectory=) or LOCALSTATEDIR/lib/careerbot
 * The answers are computed once and kept in static buffers: borrowed for the whole run.
 */
#ifndef CAREERBOT_PATHS_H
#define CAREERBOT_PATHS_H

/* The folder holding web/, intents/ and content/. Never NULL. */
const char *paths_data_dir(void);

/* The default SQLite file of serve, report and backup. Never NULL. */
const char *paths_default_db(void);

/* paths_data_dir() + "/" + name, in one of a few static buffers (web, intents, content). */
const char *paths_data(const char *name);

#endif
