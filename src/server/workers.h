/*
 * workers: `serve --workers N`, N processes answering on one port. The parent process answers
 * nothing: it reserves the port, starts the workers, restarts one that dies, passes SIGHUP, SIGTERM
 * and SIGINT on to them, and stops once they have all stopped. Each worker is a whole server (its
 * own event loop, engine and store connection) on the same address and port, the kernel spreading
 * new connections among them (SO_REUSEPORT); the sessions they share live in the durable store
 * (SQLite in WAL mode, or Redis), which any worker can resume.
 *
 * What the workers tell each other goes through a board in memory shared by all the processes
 * (made before the first fork): for each worker its process id, whether it is up, its restarts and
 * its counters, so that /healthz and /metrics answered by any worker can report every worker. One
 * writer per field (the parent writes pid, up and restarts; the worker its counters), read without
 * locks: a figure may be a pass old, never torn (each field is one aligned word).
 *
 * A worker dies with its parent (PR_SET_PDEATHSIG): kill -9 of the parent stops the service as it
 * would a single process. Limits per address and connection caps are each worker's own.
 */
#ifndef CAREERBOT_WORKERS_H
#define CAREERBOT_WORKERS_H

#include <stdbool.h>
#include <stddef.h>

#define WORKERS_MAX 64 /* workers one parent runs at most */

/* One worker's line on the board. */
typedef struct workers_slot {
    long pid;                  /* its process (parent writes) */
    int up;                    /* 1 while it runs (parent writes) */
    unsigned long restarts;    /* times it was started again after dying (parent writes) */
    long started;              /* when its current process started, epoch seconds (parent writes) */
    unsigned long connections; /* open chats (worker writes) */
    unsigned long messages;    /* chat messages answered by this process (worker writes) */
    unsigned long fallbacks;   /* of which nothing understood (worker writes) */
} workers_slot;

typedef struct workers_board {
    int n; /* workers */
    workers_slot slot[WORKERS_MAX];
} workers_board;

/* What a worker is told about itself. */
typedef struct workers_self {
    int index;            /* 0 .. n-1 */
    int port;             /* the port every worker listens on (chosen by the parent when 0 was asked) */
    workers_board *board; /* shared (borrowed for the process's life) */
    int ready_fd;         /* write one byte here once listening (server_opts.ready_fd) */
} workers_self;

/* Runs n workers (1 .. WORKERS_MAX) listening on listen:port. In the parent: returns 0 after every
 * worker stopped on SIGTERM or SIGINT, or 1 when they could not start (the reason on stderr); prints
 * "careerbot: listening on SCHEME://ADDR:PORT/ (N workers)" once all listen. In each worker process:
 * calls serve(ud, self) and returns what it returns, with *is_worker set; the caller then cleans up
 * and exits as after a single server's run. */
int workers_run(int n, const char *listen, int port, const char *scheme,
                int (*serve)(void *ud, const workers_self *self), void *ud, bool *is_worker);

/* The number of online processors (1 when unknown): the default number of workers. */
int workers_default(void);

#endif
