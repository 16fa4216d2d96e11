/*
 * server: the run of the libwebsockets server (see server.h); the chat socket is chat.c, the HTTP
 * side http.c, what they share server_int.h.
 *
 * Sections: the store's health; group commit; signals and timers (the session sweep, the signal poll); SIGHUP
 * reload; setup, the service loop and the graceful stop. Answers no request itself.
 */
/* realpath() is X/Open and accept4() GNU, beyond the project-wide _POSIX_C_SOURCE. */
#define _GNU_SOURCE
#include "log.h"
#include "notify.h"
#include "server_int.h"
#include "texts.h"
#include "workers.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define SWEEP_US (60 * LWS_US_PER_SEC)
#define SWEEP_FAILING_US (2 * LWS_US_PER_SEC) /* retry a failing store this often */
#define STORE_LOG_EVERY 60                    /* seconds between two logs of a failing store */
#define STOP_POLL_US (200 * LWS_US_PER_MS)
#define STOP_GRACE_US (3 * LWS_US_PER_SEC) /* SIGTERM: time for open chats to close before the exit */
#define FORWARDED_LOG_EVERY 60             /* seconds between two logs of a proxy without X-Forwarded-For */
/* Descriptors: lws's table holds the chats plus FD_HTTP (the listener, its wake-up pipe, HTTP requests
 * and handshakes being refused); FD_OUTSIDE more stay free beyond it for what lws does not count
 * (stdio, the store's files and sockets, static files being sent, data files on reload). */
#define FD_HTTP 64
#define FD_OUTSIDE 64
#define LWS_LOG_BURST 20 /* lws log lines per LWS_LOG_WINDOW seconds; more are counted, not printed */
#define LWS_LOG_WINDOW 10
/* TLS 1.2: forward secrecy (ECDHE) and AEAD ciphers only; TLS 1.3 suites are all of that kind. */
#define TLS12_CIPHERS                                                                                                  \
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"                         \
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"

/* ===================== The store's health ===================== */

static void sweep_cb(lws_sorted_usec_list_t *sul);

void server__watch_store(struct app *a)
{
    time_t now = time(NULL);
    if (store_failing(a->st) && !a->sweep_fast && a->cx) {
        /* Retry the store soon rather than at the next minute's sweep. */
        a->sweep_fast = true;
        lws_sul_schedule(a->cx, 0, &a->sweep_sul, sweep_cb, SWEEP_FAILING_US);
    }
    if (store_failing(a->st)) {
        if (now - a->store_logged >= STORE_LOG_EVERY) {
            log_event(LOG_ERROR,
                      "event=store_failing store=%s error=\"%s\" (answering from memory; will write through)",
                      store_kind(a->st), store_error(a->st));
            a->store_logged = now;
        }
    } else if (a->store_logged) {
        log_event(LOG_INFO, "event=store_recovered store=%s", store_kind(a->st));
        a->store_logged = 0;
    }
}

/* ===================== Signals and timers ===================== */

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        reload_requested = 1;
    else
        stop_requested = 1;
}

/* Counting a large store takes milliseconds, so it is done here (at start and by the sweep), never
 * per request. A SQLite store that cannot count its own table is damaged: /healthz says so. */
static void count_sessions(struct app *a)
{
    a->sessions = store_count(a->st);
    a->count_failed = a->sessions < 0 && strstr(store_kind(a->st), "sqlite") && !store_failing(a->st);
}

static void sweep_cb(lws_sorted_usec_list_t *sul)
{
    struct app *a = lws_container_of(sul, struct app, sweep_sul);
    size_t n = store_sweep(a->st, time(NULL));
    if (n)
        log_event(LOG_INFO, "event=sessions_expired count=%zu", n);
    count_sessions(a);
    a->sweep_fast = store_failing(a->st);
    lws_sul_schedule(a->cx, 0, &a->sweep_sul, sweep_cb, a->sweep_fast ? SWEEP_FAILING_US : SWEEP_US);
    server__watch_store(a);
}

/* ===================== Group commit ===================== */

/* A worker's counters on the shared board, for /healthz and /metrics answered by any worker. */
static void publish(const struct app *a)
{
    workers_slot *s = &a->o.board->slot[a->o.worker];
    __atomic_store_n(&s->connections, a->connections, __ATOMIC_RELAXED);
    __atomic_store_n(&s->messages, a->m.messages, __ATOMIC_RELAXED);
    __atomic_store_n(&s->fallbacks, a->m.fallbacks, __ATOMIC_RELAXED);
}

void server__commit_pass(struct app *a)
{
    if (a->o.board)
        publish(a);
    if (a->batch_open && store_batch_end(a->st, time(NULL), chat_refused, a) < 0) {
        log_event(LOG_ERROR, "event=commit_failed store=%s error=\"%s\" (kept to write through)", store_kind(a->st),
                  store_error(a->st));
        server__watch_store(a);
    }
    chat_release_held(a);
    store_batch_begin(a->st);
    a->batch_open = true;
}

/* The file named when one of the server's texts is missing. */
static const char *texts_file(const struct app *a)
{
    return a->o.texts_file ? a->o.texts_file : TEXTS_FILE;
}

/* SIGHUP: load the data again; on success move every open conversation onto the new engine. One
 * thread runs the loop, so no message is answered half by the old engine and half by the new. */
static void reload(struct app *a)
{
    if (!a->o.reload) {
        log_event(LOG_WARN, "event=reload_ignored (no reload configured)");
        return;
    }
    engine *ne = a->o.reload(a->o.reload_ud);
    if (ne && texts_check(ne, texts_file(a), log_diag, NULL) < 0) {
        engine_free(ne); /* a sentence the server needs is missing: keep the data that has it */
        ne = NULL;
    }
    if (!ne) {
        log_event(LOG_ERROR, "event=reload_failed (the problems are listed above with file:line; still answering "
                             "with the data loaded before)");
        return;
    }
    size_t moved = 0;
    for (struct conn *c = a->conns; c; c = c->next) {
        if (!c->sess)
            continue;
        char *blob = engine_session_save(a->e, c->sess);
        engine_session_free(c->sess);
        c->sess = blob ? engine_session_load(ne, blob, strlen(blob)) : NULL;
        if (!c->sess)
            c->sess = engine_session_new(ne); /* cannot happen with our own blob; never leave it NULL */
        free(blob);
        moved++;
    }
    engine_free(a->e);
    a->e = ne;
    a->m.reloads++;
    log_event(LOG_INFO, "event=reloaded careers=%zu intents=%zu conversations=%zu", engine_career_count(ne),
              engine_intent_count(ne), moved);
}

/* Signals only set a flag; this timer notices it, so nothing unsafe runs in the handler. */
static void stop_cb(lws_sorted_usec_list_t *sul)
{
    struct app *a = lws_container_of(sul, struct app, stop_sul);
    if (reload_requested) {
        reload_requested = 0;
        reload(a);
    }
    if (!stop_requested)
        lws_sul_schedule(a->cx, 0, &a->stop_sul, stop_cb, STOP_POLL_US);
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    /* A worker of serve --workers starts with these blocked (workers.c), so that a SIGHUP or SIGTERM
     * sent while it loads is kept for the handlers above, not taken by the default action. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* ===================== Clients and hosts ===================== */

void server__client(struct lws *wsi, struct app *a, struct client_addr *out)
{
    lws_get_peer_simple(wsi, out->ip, sizeof out->ip);
    if (ratelimit_proxies_has(a->o.trusted_proxies, out->ip)) {
        out->local = false;
        char fwd[4096]; /* lws keeps at most 4096 bytes of headers, so it always fits */
        int n = lws_hdr_total_length(wsi, WSI_TOKEN_X_FORWARDED_FOR);
        if (n > 0 && n < (int)sizeof fwd && lws_hdr_copy(wsi, fwd, sizeof fwd, WSI_TOKEN_X_FORWARDED_FOR) > 0 &&
            ratelimit_forwarded_client(a->o.trusted_proxies, fwd, out->ip, sizeof out->ip) == 0)
            return; /* never local, even a client on the proxy's machine: /metrics needs the token */
        time_t now = time(NULL);
        if (now - a->forwarded_logged >= FORWARDED_LOG_EVERY) {
            a->forwarded_logged = now;
            log_event(LOG_WARN,
                      "event=forwarded_unusable proxy=%s (no usable X-Forwarded-For: counted as the proxy "
                      "itself, with the normal limits)",
                      out->ip);
        }
        return;
    }
    /* Forwarding headers from a peer not named by --trusted-proxy: a proxy we do not believe, whose
     * clients must not inherit the loopback exemption. The address stays the peer's. */
    bool forwarded = lws_hdr_total_length(wsi, WSI_TOKEN_X_FORWARDED_FOR) > 0 ||
                     lws_hdr_custom_length(wsi, "forwarded:", 10) > 0 ||
                     lws_hdr_custom_length(wsi, "x-real-ip:", 10) > 0;
    out->local = server__is_loopback(out->ip) && !forwarded;
}

bool server__host_allowed(struct lws *wsi, const struct app *a)
{
    char host[ORIGIN_MAX];
    if (lws_hdr_total_length(wsi, WSI_TOKEN_HOST) >= (int)sizeof host)
        return false;
    return origin_host_allowed(a->origins, server__header(wsi, WSI_TOKEN_HOST, host, sizeof host));
}

/* lws logs an error per failed accept or adoption; when descriptors run out under a flood of
 * connections that could be thousands a second. At most LWS_LOG_BURST lines per window reach stderr;
 * the rest are counted in one line. */
static void lws_log(int level, const char *line)
{
    static time_t window;
    static unsigned printed, dropped;
    (void)level;
    time_t now = time(NULL);
    if (now - window >= LWS_LOG_WINDOW) {
        if (dropped)
            log_event(LOG_WARN, "event=lws_log_suppressed lines=%u seconds=%d", dropped, LWS_LOG_WINDOW);
        window = now;
        printed = dropped = 0;
    }
    if (printed >= LWS_LOG_BURST) {
        dropped++;
        return;
    }
    printed++;
    log_lws(line);
}

/* Makes room for the chats in the descriptor limit. lws sizes its table from the soft limit when the
 * context is made and stops accepting (it leaves the listener alone) once the table is full; the soft
 * limit is then raised by FD_OUTSIDE so that what lws does not count never meets EMFILE, on which
 * lws would log and retry the accept without end. *table gets the soft limit to create the context
 * with, *after the one to set afterwards. Returns 0, or -1 after saying why the server cannot start. */
static int fit_descriptors(struct app *a, rlim_t *table, rlim_t *after)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return *table = *after = 0, 0; /* unknown: leave it to lws */
    rlim_t hard = rl.rlim_max, need = (rlim_t)a->o.max_connections + FD_HTTP;
    if (hard != RLIM_INFINITY && need + FD_OUTSIDE > hard) {
        if (!a->o.max_connections_default || hard < 2 * FD_HTTP + FD_OUTSIDE) {
            fprintf(stderr,
                    "careerbot serve: --max-connections %u needs %llu file descriptors, but this process may open "
                    "at most %llu (ulimit -Hn); lower --max-connections to %lld or raise the limit\n",
                    a->o.max_connections, (unsigned long long)(need + FD_OUTSIDE), (unsigned long long)hard,
                    (long long)hard - FD_HTTP - FD_OUTSIDE);
            return -1;
        }
        a->o.max_connections = (unsigned)(hard - FD_HTTP - FD_OUTSIDE);
        log_event(LOG_WARN, "event=max_connections_lowered max=%u (the descriptor limit, ulimit -Hn, is %llu)",
                  a->o.max_connections, (unsigned long long)hard);
        need = (rlim_t)a->o.max_connections + FD_HTTP;
    }
    /* Never shrink lws's table below what the soft limit already allows, beyond the outside reserve. */
    rlim_t have = rl.rlim_cur;
    if (have != RLIM_INFINITY && have > need)
        need = have;
    if (hard != RLIM_INFINITY && need + FD_OUTSIDE > hard)
        need = hard - FD_OUTSIDE;
    *table = need;
    *after = need + FD_OUTSIDE;
    return 0;
}

static int set_soft_limit(rlim_t n)
{
    struct rlimit rl;
    if (!n || getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return 0;
    rl.rlim_cur = n;
    return setrlimit(RLIMIT_NOFILE, &rl);
}

/* ===================== A worker's listener ===================== */

/* With workers, each worker listens on a socket of its own bound with SO_REUSEPORT to the same port
 * (lws 4.1 as Debian builds it does not set SO_REUSEPORT on its listener), so the kernel spreads the
 * connections among the workers. lws watches that socket as a raw descriptor; each connection
 * accepted is handed to lws as if its own listener had taken it. */
#define LISTEN_PAUSE_US (100 * LWS_US_PER_MS) /* no accepting for this long once descriptors run out */

static void listen_resume(lws_sorted_usec_list_t *sul)
{
    struct app *a = lws_container_of(sul, struct app, listen_sul);
    if (a->listener)
        lws_rx_flow_control(a->listener, 1);
}

/* Descriptors ran out (or lws's table is full): the socket would stay readable and be polled in a
 * loop, so it is left alone for LISTEN_PAUSE_US, as lws does with its own listener. */
static void listen_pause(struct app *a)
{
    if (a->listen_pauses++ % 1000 == 0)
        log_event(LOG_WARN, "event=accept_paused pauses=%lu (descriptors or the connection table ran out)",
                  a->listen_pauses);
    lws_rx_flow_control(a->listener, 0);
    lws_sul_schedule(a->cx, 0, &a->listen_sul, listen_resume, LISTEN_PAUSE_US);
}

static int listen_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    (void)user;
    (void)in;
    (void)len;
    struct app *a = lws_context_user(lws_get_context(wsi));
    if (reason == LWS_CALLBACK_RAW_CLOSE_FILE && a->listener == wsi) {
        lws_sul_cancel(&a->listen_sul);
        a->listener = NULL;
    }
    if (reason != LWS_CALLBACK_RAW_RX_FILE)
        return 0;
    int lfd = lws_get_socket_fd(wsi);
    for (int k = 0; k < 64; k++) { /* then the others' turn; the socket stays readable */
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                listen_pause(a);
            break;
        }
        lws_sock_file_fd_type sfd;
        sfd.sockfd = fd;
        int type = LWS_ADOPT_SOCKET | LWS_ADOPT_HTTP | (a->o.tls_cert ? LWS_ADOPT_ALLOW_SSL : 0);
        if (!lws_adopt_descriptor_vhost(lws_get_vhost(wsi), (lws_adoption_type)type, sfd, NULL, NULL)) {
            listen_pause(a); /* lws closed it: its table is full */
            break;
        }
    }
    return 0;
}

/* Makes the worker's listening socket and has lws watch it. Returns 0, or -1 after logging why. */
static int listen_shared(struct app *a)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)a->o.port);
    int one = 1, fd = -1;
    struct lws_vhost *vh = lws_get_vhost_by_name(a->cx, "default");
    if (!vh || inet_pton(AF_INET, a->o.listen, &sa.sin_addr) != 1 ||
        (fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, SOMAXCONN) < 0) {
        log_event(LOG_ERROR, "event=start_failed reason=listen address=%s port=%d error=\"%s\"", a->o.listen, a->o.port,
                  strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    lws_sock_file_fd_type lfd;
    lfd.filefd = fd;
    if (!(a->listener = lws_adopt_descriptor_vhost(vh, LWS_ADOPT_RAW_FILE_DESC, lfd, "careerbot-listen", NULL))) {
        log_event(LOG_ERROR, "event=start_failed reason=listen_adopt port=%d", a->o.port);
        return -1;
    }
    return 0;
}

/* ===================== Setup, the loop and the stop ===================== */

static const struct lws_protocols protocols[] = {
    {"http", http_callback, sizeof(struct http_req), 0, 0, NULL, 0},
    {"careerbot-chat", chat_callback, sizeof(struct conn), RX_CHUNK, 0, NULL, 0},
    {"careerbot-listen", listen_callback, 0, 0, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

/* A client that names no subprotocol (plain `new WebSocket(url)`) gets the chat protocol. */
static const struct lws_protocol_vhost_options pvo_default = {NULL, NULL, "default", "1"};
static const struct lws_protocol_vhost_options pvo_chat = {NULL, &pvo_default, "careerbot-chat", ""};

/* Everything over HTTP goes to http_callback: static files, /healthz, /metrics, /embed-check. */
static const struct lws_http_mount root_mount = {
    .mountpoint = "/",
    .mountpoint_len = 1,
    .protocol = "http",
    .origin_protocol = LWSMPRO_CALLBACK,
};

/* Fills a from the options. *defaults gets the default origin list when none was given (the caller
 * frees it). Returns 0, or -1 after logging why the server cannot start. */
static int app_init(struct app *a, engine *e, store *st, const server_opts *opts, origin_list **defaults)
{
    memset(a, 0, sizeof *a);
    *defaults = NULL;
    if (!realpath(opts->web_dir, a->webroot)) {
        log_event(LOG_ERROR, "event=start_failed reason=web_folder path=\"%s\" error=\"%s\"", opts->web_dir,
                  strerror(errno));
        return -1;
    }
    a->e = e;
    a->st = st;
    a->o = *opts;
    if (texts_check(e, texts_file(a), log_diag, NULL) < 0) {
        log_event(LOG_ERROR, "event=start_failed reason=texts_missing (listed above with their file)");
        return -1;
    }
    if ((!opts->origins && !(*defaults = origin_list_new())) || !(a->ips = ratelimit_table_new()) ||
        !(a->http_ips = ratelimit_table_new())) {
        log_event(LOG_ERROR, "event=start_failed reason=out_of_memory");
        origin_list_free(*defaults);
        *defaults = NULL;
        ratelimit_table_free(a->ips);
        return -1;
    }
    a->origins = opts->origins ? opts->origins : *defaults;
    a->started = time(NULL);
    return 0;
}

/* The context's settings; retry must outlive the context's creation. */
static void context_info(struct app *a, struct lws_context_creation_info *info, lws_retry_bo_t *retry)
{
    const server_opts *opts = &a->o;
    memset(info, 0, sizeof *info);
    info->port = opts->port;
    info->iface = opts->listen;
    info->protocols = protocols;
    info->pvo = &pvo_chat;
    info->mounts = &root_mount;
    info->user = a;
    info->options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
    if (opts->board)
        info->port = CONTEXT_PORT_NO_LISTEN_SERVER; /* a worker: its own listener (listen_shared) */
    /* Liveness (a ping after ping_interval of silence, closed when nothing, not even a pong, comes
     * back for twice that) is the chats' clock's (clock.c), not lws's: a policy without validity
     * times keeps lws from giving each connection a timer of its own. */
    memset(retry, 0, sizeof *retry);
    info->retry_and_idle_policy = retry;
    if (opts->tls_cert && opts->tls_key) {
        info->options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
        info->ssl_cert_filepath = opts->tls_cert;
        info->ssl_private_key_filepath = opts->tls_key;
        /* HTTP/1.1 only: lws 4.1's HTTP/2 breaks our own response heads and refuses WebSocket over h2. */
        info->alpn = "http/1.1";
        info->ssl_cipher_list = TLS12_CIPHERS;
        info->ssl_options_set = SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1 | SSL_OP_NO_COMPRESSION |
                                SSL_OP_CIPHER_SERVER_PREFERENCE;
    }
    info->timeout_secs = 10;
    info->max_http_header_data = 4096;
    info->vhost_name = "default";
}

/* Stopping: no new chats; every open one is told the server is going away (1001) once its replies
 * are written, and its session is written through as it closes. Waits STOP_GRACE_US at most. */
static void drain(struct app *a)
{
    a->stopping = true;
    size_t open_chats = 0;
    for (struct conn *c = a->conns; c; c = c->next)
        if (!c->probe) {
            chat_close_after_queue(c, LWS_CLOSE_STATUS_GOINGAWAY);
            open_chats++;
        }
    log_event(LOG_INFO, "event=stopping chats=%zu", open_chats);
    if (!a->o.board)
        notify_send("STOPPING=1");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (!a->conns || (t.tv_sec - t0.tv_sec) * LWS_US_PER_SEC + (t.tv_nsec - t0.tv_nsec) / 1000 > STOP_GRACE_US)
            break;
        lws_sul_schedule(a->cx, 0, &a->stop_sul, stop_cb, STOP_POLL_US); /* wakes the loop */
        if (lws_service(a->cx, 0) < 0)
            break;
        server__commit_pass(a);
    }
}

int server_run(engine **ep, store *st, const server_opts *opts)
{
    static struct app a; /* holds a path buffer; lives for the whole run anyway */
    origin_list *defaults;
    if (app_init(&a, *ep, st, opts, &defaults) < 0)
        return 1;
    rlim_t table = 0, after = 0;
    int fit = fit_descriptors(&a, &table, &after);
    if (fit == 0 && set_soft_limit(table) < 0) {
        log_event(LOG_ERROR, "event=start_failed reason=descriptor_limit error=\"%s\"", strerror(errno));
        fit = -1;
    }
    if (fit < 0) {
        origin_list_free(defaults);
        ratelimit_table_free(a.ips);
        ratelimit_table_free(a.http_ips);
        return 1;
    }
    lws_set_log_level(LLL_ERR | LLL_WARN, lws_log);
    struct lws_context_creation_info info;
    lws_retry_bo_t retry;
    context_info(&a, &info, &retry);
    catch_signals();

    a.cx = lws_create_context(&info);
    set_soft_limit(after);
    if (!a.cx) {
        log_event(LOG_ERROR, "event=start_failed reason=listen address=%s port=%d (is the port in use%s?)",
                  opts->listen, opts->port, opts->tls_cert ? ", or are the TLS files unreadable" : "");
        origin_list_free(defaults);
        ratelimit_table_free(a.ips);
        ratelimit_table_free(a.http_ips);
        return 1;
    }
    if (opts->board && listen_shared(&a) < 0) {
        lws_context_destroy(a.cx);
        origin_list_free(defaults);
        ratelimit_table_free(a.ips);
        ratelimit_table_free(a.http_ips);
        return 1;
    }
    count_sessions(&a);
    struct lws_vhost *vh = lws_get_vhost_by_name(a.cx, "default");
    int port = opts->board ? opts->port : vh ? lws_get_vhost_listen_port(vh) : opts->port;
    if (opts->ready_fd > 0) {
        if (write(opts->ready_fd, "r", 1) != 1)
            log_event(LOG_WARN, "event=ready_not_told error=\"%s\"", strerror(errno));
    } else {
        printf("careerbot: listening on %s://%s:%d/\n", opts->tls_cert ? "https" : "http", opts->listen, port);
        fflush(stdout);
    }
    log_event(LOG_INFO, "event=start port=%d careers=%zu intents=%zu store=%s", port, engine_career_count(a.e),
              engine_intent_count(a.e), store_kind(st));
    if (!opts->board)
        notify_send("READY=1\nSTATUS=serving"); /* systemd (Type=notify): started (the parent's, with workers) */

    lws_sul_schedule(a.cx, 0, &a.sweep_sul, sweep_cb, SWEEP_US);
    lws_sul_schedule(a.cx, 0, &a.stop_sul, stop_cb, STOP_POLL_US);
    clock_start(&a);
    server__watch_store(&a);
    server__commit_pass(&a);
    while (!stop_requested && lws_service(a.cx, 0) >= 0)
        server__commit_pass(&a);
    drain(&a);
    log_event(LOG_INFO, "event=stop");
    lws_sul_cancel(&a.sweep_sul);
    lws_sul_cancel(&a.stop_sul);
    lws_sul_cancel(&a.listen_sul);
    clock_stop(&a);
    lws_context_destroy(a.cx); /* the chats still open save their sessions as they close */
    a.held = NULL;             /* their replies went with them */
    if (store_batch_end(a.st, time(NULL), NULL, NULL) < 0)
        log_event(LOG_ERROR, "event=commit_failed store=%s error=\"%s\"", store_kind(a.st), store_error(a.st));
    a.batch_open = false;
    origin_list_free(defaults);
    ratelimit_table_free(a.ips);
    ratelimit_table_free(a.http_ips);
    *ep = a.e;
    return 0;
}
