/*
 * workers: the parent of `serve --workers N` (see workers.h).
 *
 * Sections: the port (reserved by the parent so that every worker binds the same one); starting a
 * worker; the supervisor loop (signals taken with sigtimedwait, so nothing runs in a handler).
 */
#define _GNU_SOURCE /* SO_REUSEPORT, sigtimedwait, prctl */
#include "workers.h"

#include "log.h"
#include "notify.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define START_WAIT_MS 120000 /* a worker loading O*NET under load still listens well within this */
#define CRASH_LOOP_S 1       /* a worker that dies sooner than this after its start is restarted a second later */
#define STOP_WAIT_S 15       /* after SIGTERM, workers still running this long after are killed */

int workers_default(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > WORKERS_MAX ? WORKERS_MAX : (int)n;
}

/* ===================== The port ===================== */

/* Binds (without listening) a socket with SO_REUSEPORT on listen:port, so that the port is this
 * service's while the parent lives: the workers bind it too, and only their listening sockets take
 * connections. *chosen gets the port (the one the kernel picked when port is 0). Returns the
 * descriptor, or -1 with the reason on stderr. */
static int reserve_port(const char *listen, int port, int *chosen)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, listen, &sa.sin_addr) != 1) {
        fprintf(stderr, "careerbot serve: --workers needs an IPv4 --listen address, not \"%s\"\n", listen);
        return -1;
    }
    /* SO_REUSEPORT would let this service share a port another service of the same user already
     * holds: a plain bind first says whether it is free. */
    int probe = port ? socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0) : -1;
    if (probe >= 0) {
        int taken = bind(probe, (struct sockaddr *)&sa, sizeof sa) < 0 ? errno : 0;
        close(probe);
        if (taken) {
            fprintf(stderr, "careerbot serve: cannot use %s:%d: %s\n", listen, port, strerror(taken));
            return -1;
        }
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    socklen_t len = sizeof sa;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
        fprintf(stderr, "careerbot serve: cannot use %s:%d: %s\n", listen, port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *chosen = ntohs(sa.sin_port);
    return fd;
}

/* ===================== Starting a worker ===================== */

struct parent {
    int n;
    workers_board *board;
    workers_self self;              /* the template: index set per worker */
    int reserve_fd;                 /* the bound port (the parent's only) */
    int ready_rd;                   /* the workers' "listening" bytes */
    sigset_t old_mask;              /* the mask before, given back when workers_run returns */
    double next_start[WORKERS_MAX]; /* a dead worker's restart time (monotonic s), 0: running or none due */
    int (*serve)(void *ud, const workers_self *self);
    void *ud;
};

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Forks worker i. Returns 1 in the worker (p->self describes it), 0 in the parent, -1 when fork
 * failed. */
static int start_worker(struct parent *p, int i)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        log_event(LOG_ERROR, "event=worker_not_started worker=%d error=\"%s\"", i, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* the service is one unit: a killed parent takes its workers */
        if (getppid() != parent)
            _exit(1); /* the parent died before the line above */
        /* The signals stay blocked until server_run has its handlers (it unblocks them): one sent
         * while the worker loads its data is then handled, not fatal. */
        close(p->reserve_fd);
        close(p->ready_rd);
        p->self.index = i;
        return 1;
    }
    workers_slot *s = &p->board->slot[i];
    __atomic_store_n(&s->pid, (long)pid, __ATOMIC_RELAXED);
    __atomic_store_n(&s->started, (long)time(NULL), __ATOMIC_RELAXED);
    __atomic_store_n(&s->messages, 0UL, __ATOMIC_RELAXED); /* counted since this start */
    __atomic_store_n(&s->fallbacks, 0UL, __ATOMIC_RELAXED);
    __atomic_store_n(&s->up, 1, __ATOMIC_RELAXED);
    p->next_start[i] = 0;
    return 0;
}

static int worker_of(const struct parent *p, pid_t pid)
{
    for (int i = 0; i < p->n; i++)
        if (p->board->slot[i].pid == (long)pid && p->board->slot[i].up)
            return i;
    return -1;
}

static void signal_all(const struct parent *p, int sig)
{
    for (int i = 0; i < p->n; i++)
        if (p->board->slot[i].up)
            kill((pid_t)p->board->slot[i].pid, sig);
}

static int running(const struct parent *p)
{
    int k = 0;
    for (int i = 0; i < p->n; i++)
        k += p->board->slot[i].up;
    return k;
}

/* Collects the workers that ended; while serving, each is due to start again (at once, or a second
 * later when it died right after its start). */
static void reap(struct parent *p, bool stopping)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        int i = worker_of(p, pid);
        if (i < 0)
            continue;
        workers_slot *s = &p->board->slot[i];
        __atomic_store_n(&s->up, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&s->connections, 0UL, __ATOMIC_RELAXED);
        if (stopping)
            continue;
        bool quick = time(NULL) - s->started < CRASH_LOOP_S;
        if (WIFSIGNALED(status))
            log_event(LOG_ERROR, "event=worker_died worker=%d pid=%ld signal=%d (restarting)", i, (long)pid,
                      WTERMSIG(status));
        else
            log_event(LOG_ERROR, "event=worker_died worker=%d pid=%ld status=%d (restarting)", i, (long)pid,
                      WEXITSTATUS(status));
        p->next_start[i] = mono_s() + (quick ? CRASH_LOOP_S : 0);
    }
}

/* Waits until every worker has written its "listening" byte. Returns 0, or -1 when one ended first
 * or the wait ran out. */
static int wait_ready(struct parent *p)
{
    int ready = 0;
    double until = mono_s() + START_WAIT_MS / 1000.0;
    while (ready < p->n && mono_s() < until) {
        struct pollfd pf = {p->ready_rd, POLLIN, 0};
        if (poll(&pf, 1, 100) > 0) {
            char buf[WORKERS_MAX];
            ssize_t got = read(p->ready_rd, buf, sizeof buf);
            if (got > 0)
                ready += (int)got;
        }
        int status;
        pid_t dead = waitpid(-1, &status, WNOHANG);
        if (dead > 0) {
            int i = worker_of(p, dead);
            if (i >= 0)
                p->board->slot[i].up = 0;
            return -1;
        }
    }
    return ready >= p->n ? 0 : -1;
}

/* ===================== The supervisor ===================== */

/* SIGTERM or SIGINT: passed on; every worker has STOP_WAIT_S to finish its chats, then is killed. */
static void stop_all(struct parent *p, int sig)
{
    log_event(LOG_INFO, "event=stopping workers=%d", running(p));
    notify_send("STOPPING=1");
    signal_all(p, sig);
    double until = mono_s() + STOP_WAIT_S;
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    while (running(p) && mono_s() < until) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        sigtimedwait(&chld, NULL, &ts);
        reap(p, true);
    }
    if (running(p)) {
        signal_all(p, SIGKILL);
        while (running(p) && waitpid(-1, NULL, 0) > 0)
            reap(p, true);
        for (int i = 0; i < p->n; i++)
            p->board->slot[i].up = 0;
    }
}

/* Returns 1 in a worker started again, 0 once stopped. */
static int supervise(struct parent *p, const sigset_t *sigs)
{
    for (;;) {
        char drain[WORKERS_MAX];
        while (read(p->ready_rd, drain, sizeof drain) > 0)
            ; /* restarted workers' "listening" bytes */
        struct timespec ts = {0, 200 * 1000 * 1000};
        int sig = sigtimedwait(sigs, NULL, &ts);
        if (sig == SIGTERM || sig == SIGINT) {
            stop_all(p, sig);
            log_event(LOG_INFO, "event=stop");
            return 0;
        }
        if (sig == SIGHUP) {
            log_event(LOG_INFO, "event=reload_forwarded workers=%d", running(p));
            signal_all(p, SIGHUP);
        }
        reap(p, false);
        double now = mono_s();
        for (int i = 0; i < p->n; i++) {
            if (p->board->slot[i].up || !p->next_start[i] || p->next_start[i] > now)
                continue;
            p->board->slot[i].restarts++;
            int rc = start_worker(p, i);
            if (rc == 1)
                return 1;
            if (rc < 0)
                p->next_start[i] = now + CRASH_LOOP_S;
            else
                log_event(LOG_INFO, "event=worker_restarted worker=%d pid=%ld restarts=%lu", i, p->board->slot[i].pid,
                          p->board->slot[i].restarts);
        }
    }
}

int workers_run(int n, const char *listen, int port, const char *scheme,
                int (*serve)(void *ud, const workers_self *self), void *ud, bool *is_worker)
{
    struct parent p;
    memset(&p, 0, sizeof p);
    *is_worker = false;
    p.n = n;
    p.serve = serve;
    p.ud = ud;
    p.board = mmap(NULL, sizeof *p.board, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p.board == MAP_FAILED) {
        fprintf(stderr, "careerbot serve: cannot share memory among workers: %s\n", strerror(errno));
        return 1;
    }
    p.board->n = n;
    int pipefd[2] = {-1, -1};
    if ((p.reserve_fd = reserve_port(listen, port, &p.self.port)) < 0 || pipe2(pipefd, O_CLOEXEC) < 0) {
        if (p.reserve_fd >= 0)
            close(p.reserve_fd);
        munmap(p.board, sizeof *p.board);
        return 1;
    }
    p.ready_rd = pipefd[0];
    fcntl(p.ready_rd, F_SETFL, O_NONBLOCK);
    p.self.ready_fd = pipefd[1];
    p.self.board = p.board;
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGCHLD);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGHUP);
    sigprocmask(SIG_BLOCK, &sigs, &p.old_mask);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = start_worker(&p, i);
    if (rc == 0 && wait_ready(&p) == 0) {
        printf("careerbot: listening on %s://%s:%d/ (%d workers)\n", scheme, listen, p.self.port, n);
        fflush(stdout);
        log_event(LOG_INFO, "event=workers_started workers=%d port=%d", n, p.self.port);
        notify_send("READY=1\nSTATUS=serving");
        rc = supervise(&p, &sigs);
    } else if (rc <= 0) {
        fprintf(stderr, "careerbot serve: the workers did not start (their reasons are above)\n");
        stop_all(&p, SIGTERM);
        rc = -1;
    }
    if (rc == 1) { /* in a worker */
        *is_worker = true;
        return p.serve(p.ud, &p.self);
    }
    close(p.reserve_fd);
    close(p.ready_rd);
    close(p.self.ready_fd);
    sigprocmask(SIG_SETMASK, &p.old_mask, NULL);
    munmap(p.board, sizeof *p.board);
    return rc < 0 ? 1 : 0;
}
