/*
 * bench_echo: a bare libwebsockets echo server, the floor for bench/load.js.
 *
 * usage: bench_echo [PORT] [--libev|--libuv]   (binds 127.0.0.1; 0 or no PORT picks a free one)
 * Prints "bench_echo: listening on http://127.0.0.1:PORT/" and sends every text message back on
 * the same connection, in order, until SIGINT or SIGTERM. Same lws options as careerbot's server
 * (one thread, UTF-8 validated, no IPv6), no JSON, no engine, no store: what is left is the cost of
 * the WebSocket itself. Up to ECHO_Q messages wait per connection; beyond that reading pauses.
 * --libev / --libuv run lws on that event library (epoll) instead of its own poll() loop, to show
 * what the choice costs with thousands of connections (bench/scale.js --echo-arg).
 */
#include <libwebsockets.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ECHO_Q 8       /* messages waiting to be written, per connection */
#define ECHO_MAX 16384 /* bytes of one message */

struct echo_conn {
    unsigned char *q[ECHO_Q]; /* LWS_PRE bytes of headroom, then the message */
    size_t len[ECHO_Q];       /* bytes of each queued message */
    size_t head, n;           /* ring of queued messages */
    unsigned char *rx;        /* the message being received (fragments joined) */
    size_t rx_len;
    int paused; /* reading paused until the queue drains */
};

static volatile sig_atomic_t stop;
static int evlib; /* an event library runs the loop: lws_service does not return to check stop */

static void on_signal(int sig)
{
    (void)sig;
    if (evlib)
        _exit(0); /* nothing to flush: a benchmark floor */
    stop = 1;
}

static int echo_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
    struct echo_conn *c = user;
    switch (reason) {
    case LWS_CALLBACK_ESTABLISHED:
        memset(c, 0, sizeof *c);
        break;
    case LWS_CALLBACK_RECEIVE: {
        if (c->rx_len + len > ECHO_MAX)
            return -1;
        if (!c->rx && !(c->rx = malloc(LWS_PRE + ECHO_MAX)))
            return -1;
        memcpy(c->rx + LWS_PRE + c->rx_len, in, len);
        c->rx_len += len;
        if (!lws_is_final_fragment(wsi))
            break;
        if (c->n == ECHO_Q)
            return -1; /* cannot happen: reading pauses before the ring fills */
        size_t slot = (c->head + c->n++) % ECHO_Q;
        c->q[slot] = c->rx;
        c->len[slot] = c->rx_len;
        c->rx = NULL;
        c->rx_len = 0;
        if (c->n >= ECHO_Q - 2 && !c->paused) {
            lws_rx_flow_control(wsi, 0);
            c->paused = 1;
        }
        lws_callback_on_writable(wsi);
        break;
    }
    case LWS_CALLBACK_SERVER_WRITEABLE: {
        if (!c->n)
            break;
        unsigned char *m = c->q[c->head];
        size_t n = c->len[c->head];
        int w = lws_write(wsi, m + LWS_PRE, n, LWS_WRITE_TEXT);
        free(m);
        c->q[c->head] = NULL;
        c->head = (c->head + 1) % ECHO_Q;
        c->n--;
        if (w < (int)n)
            return -1;
        if (c->paused && c->n <= ECHO_Q / 2) {
            lws_rx_flow_control(wsi, 1);
            c->paused = 0;
        }
        if (c->n)
            lws_callback_on_writable(wsi);
        break;
    }
    case LWS_CALLBACK_CLOSED:
        for (; c->n; c->n--, c->head = (c->head + 1) % ECHO_Q)
            free(c->q[c->head]);
        free(c->rx);
        c->rx = NULL;
        break;
    default:
        break;
    }
    return 0;
}

static const struct lws_protocols protocols[] = {
    {"echo", echo_cb, sizeof(struct echo_conn), 4096, 0, NULL, 0},
    {NULL, NULL, 0, 0, 0, NULL, 0},
};

int main(int argc, char **argv)
{
    struct lws_context_creation_info info;
    memset(&info, 0, sizeof info);
    info.port = argc > 1 ? atoi(argv[1]) : 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--libev"))
            info.options |= LWS_SERVER_OPTION_LIBEV;
        else if (!strcmp(argv[i], "--libuv"))
            info.options |= LWS_SERVER_OPTION_LIBUV;
        else
            continue;
        evlib = 1;
    }
    info.iface = "127.0.0.1";
    info.protocols = protocols;
    info.options |= LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
    info.timeout_secs = 10;
    lws_set_log_level(LLL_ERR, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct lws_context *cx = lws_create_context(&info);
    if (!cx) {
        fprintf(stderr, "bench_echo: could not listen on 127.0.0.1:%d\n", info.port);
        return 1;
    }
    signal(SIGINT, on_signal); /* after lws, whose event-library glue installs handlers of its own */
    signal(SIGTERM, on_signal);
    struct lws_vhost *vh = lws_get_vhost_by_name(cx, "default");
    printf("bench_echo: listening on http://127.0.0.1:%d/\n", vh ? lws_get_vhost_listen_port(vh) : info.port);
    fflush(stdout);
    while (!stop && lws_service(cx, 0) >= 0)
        ;
    lws_context_destroy(cx);
    return 0;
}
