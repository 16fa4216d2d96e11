/*
 * server: the run of the libwebsockets server (see server.h); the chat socket is chat.c, the HTTP
 * side http.c, what they share server_int.h.
 *
 * Sections: the store's health; signals and timers (the session sweep, the signal poll); SIGHUP
 * reload; setup, the service loop and the graceful stop. Answers no request itself.
 */
/* realpath() is X/Open, beyond the project-wide _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700
#include "log.h"
#include "server_int.h"
#include "texts.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#define SWEEP_US (60 * LWS_US_PER_SEC)
#define SWEEP_FAILING_US (2 * LWS_US_PER_SEC) /* retry a failing store this often */
#define STORE_LOG_EVERY 60                    /* seconds between two logs of a failing store */
#define STOP_POLL_US (200 * LWS_US_PER_MS)
#define STOP_GRACE_US (3 * LWS_US_PER_SEC) /* SIGTERM: time for open chats to close before the exit */

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

static void sweep_cb(lws_sorted_usec_list_t *sul)
{
    struct app *a = lws_container_of(sul, struct app, sweep_sul);
    size_t n = store_sweep(a->st, time(NULL));
    if (n)
        log_event(LOG_INFO, "event=sessions_expired count=%zu", n);
    a->sweep_fast = store_failing(a->st);
    lws_sul_schedule(a->cx, 0, &a->sweep_sul, sweep_cb, a->sweep_fast ? SWEEP_FAILING_US : SWEEP_US);
    server__watch_store(a);
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
}

/* ===================== Setup, the loop and the stop ===================== */

static const struct lws_protocols protocols[] = {
    {"http", http_callback, sizeof(struct http_req), 0, 0, NULL, 0},
    {"careerbot-chat", chat_callback, sizeof(struct conn), RX_CHUNK, 0, NULL, 0},
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
    if ((!opts->origins && !(*defaults = origin_list_new())) || !(a->ips = ratelimit_table_new())) {
        log_event(LOG_ERROR, "event=start_failed reason=out_of_memory");
        origin_list_free(*defaults);
        *defaults = NULL;
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
    /* Liveness: a ping after ping_interval of silence, closed when nothing (not even a pong) comes
     * back for twice that. */
    memset(retry, 0, sizeof *retry);
    if (opts->ping_interval) {
        retry->secs_since_valid_ping = (uint16_t)opts->ping_interval;
        retry->secs_since_valid_hangup = (uint16_t)(2 * opts->ping_interval);
        info->retry_and_idle_policy = retry;
    }
    if (opts->tls_cert && opts->tls_key) {
        info->options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
        info->ssl_cert_filepath = opts->tls_cert;
        info->ssl_private_key_filepath = opts->tls_key;
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
    }
}

int server_run(engine **ep, store *st, const server_opts *opts)
{
    static struct app a; /* holds a path buffer; lives for the whole run anyway */
    origin_list *defaults;
    if (app_init(&a, *ep, st, opts, &defaults) < 0)
        return 1;
    lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
    struct lws_context_creation_info info;
    lws_retry_bo_t retry;
    context_info(&a, &info, &retry);
    catch_signals();

    a.cx = lws_create_context(&info);
    if (!a.cx) {
        log_event(LOG_ERROR, "event=start_failed reason=listen address=%s port=%d (is the port in use%s?)",
                  opts->listen, opts->port, opts->tls_cert ? ", or are the TLS files unreadable" : "");
        origin_list_free(defaults);
        ratelimit_table_free(a.ips);
        return 1;
    }
    struct lws_vhost *vh = lws_get_vhost_by_name(a.cx, "default");
    int port = vh ? lws_get_vhost_listen_port(vh) : opts->port;
    printf("careerbot: listening on %s://%s:%d/\n", opts->tls_cert ? "https" : "http", opts->listen, port);
    fflush(stdout);
    log_event(LOG_INFO, "event=start port=%d careers=%zu intents=%zu store=%s", port, engine_career_count(a.e),
              engine_intent_count(a.e), store_kind(st));

    lws_sul_schedule(a.cx, 0, &a.sweep_sul, sweep_cb, SWEEP_US);
    lws_sul_schedule(a.cx, 0, &a.stop_sul, stop_cb, STOP_POLL_US);
    server__watch_store(&a);
    while (!stop_requested && lws_service(a.cx, 0) >= 0)
        ;
    drain(&a);
    log_event(LOG_INFO, "event=stop");
    lws_sul_cancel(&a.sweep_sul);
    lws_sul_cancel(&a.stop_sul);
    lws_context_destroy(a.cx);
    origin_list_free(defaults);
    ratelimit_table_free(a.ips);
    *ep = a.e;
    return 0;
}
