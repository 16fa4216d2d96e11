/*
 * The chats' clock: the idle timeout and the liveness pings of every open chat, kept by one timer.
 *
 * lws 4.1.6 keeps every timer in one list sorted by deadline and walks it from its head to insert,
 * so a timer per chat (its own idle timer, or lws's ping validity under a retry policy) costs a walk
 * of every open chat each time one is set: with 10,000 chats, most of the server's time, and with
 * 10,000 chats per worker, the pings of chats connected together swamped the loop for seconds
 * (bench/RESULTS.md, issue 20). Here each chat sits in two lists in the order it was last heard
 * from (any frame: a message, a pong) and last sent a message; moving a chat to the tail costs the
 * same with 10,000 chats as with one, and both lists stay sorted because every chat's deadline is
 * the same span after that moment. One beat, CLOCK_BEAT_US apart, reads their heads:
 *   - silent for the ping interval: pinged (at most a share of the open chats per beat, so that
 *     chats that connected together are not all pinged in the same pass);
 *   - silent for twice the ping interval (not even a pong): closed;
 *   - no message for the idle timeout: closed (on_closed counts it).
 */
#include "server_int.h"

#define CLOCK_BEAT_US (250 * LWS_US_PER_MS)

static void unlink_from(struct clock_list *l, struct conn *c, int k)
{
    struct clock_link *n = &c->clk[k];
    if (n->prev)
        n->prev->clk[k].next = n->next;
    else
        l->head = n->next;
    if (n->next)
        n->next->clk[k].prev = n->prev;
    else
        l->tail = n->prev;
    n->prev = n->next = NULL;
}

static void append(struct clock_list *l, struct conn *c, int k)
{
    struct clock_link *n = &c->clk[k];
    n->prev = l->tail;
    n->next = NULL;
    if (l->tail)
        l->tail->clk[k].next = c;
    else
        l->head = c;
    l->tail = c;
}

void clock_add(struct app *a, struct conn *c)
{
    c->heard = c->active = server__mono_s();
    c->clocked = true;
    append(&a->heard, c, CLOCK_HEARD);
    append(&a->idle, c, CLOCK_IDLE);
}

void clock_heard(struct app *a, struct conn *c)
{
    if (!c->clocked)
        return;
    c->heard = server__mono_s();
    c->pinged = false;
    unlink_from(&a->heard, c, CLOCK_HEARD);
    append(&a->heard, c, CLOCK_HEARD);
}

void clock_active(struct app *a, struct conn *c)
{
    if (!c->clocked)
        return;
    c->active = server__mono_s();
    unlink_from(&a->idle, c, CLOCK_IDLE);
    append(&a->idle, c, CLOCK_IDLE);
}

void clock_remove(struct app *a, struct conn *c)
{
    if (!c->clocked)
        return;
    unlink_from(&a->heard, c, CLOCK_HEARD);
    unlink_from(&a->idle, c, CLOCK_IDLE);
    c->clocked = false;
}

/* Closes a chat from the loop (lws calls CLOSED, where it leaves the lists). */
static void close_soon(struct app *a, struct conn *c)
{
    clock_remove(a, c);
    lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
}

/* Pings and hang-ups: the chats at the head of the heard list. A pinged chat stays where it is
 * until it answers (then it moves to the tail) or its time is up. */
static void beat_heard(struct app *a, double now)
{
    double every = (double)a->o.ping_interval;
    /* Chats that connected in one burst are pinged over a few beats, not in one pass. */
    unsigned long room = 2 * a->connections * CLOCK_BEAT_US / ((unsigned long)a->o.ping_interval * LWS_US_PER_SEC);
    room = room < 64 ? 64 : room;
    struct conn *c = a->heard.head;
    while (c && now - c->heard >= every) {
        struct conn *next = c->clk[CLOCK_HEARD].next;
        if (now - c->heard >= 2 * every) {
            close_soon(a, c); /* nothing, not even a pong, for twice the interval */
        } else if (!c->pinged && !c->closing) {
            if (!room--)
                break;
            c->pinged = true;
            c->ping_due = true;
            lws_callback_on_writable(c->wsi);
        }
        c = next;
    }
}

static void beat(lws_sorted_usec_list_t *sul)
{
    struct app *a = lws_container_of(sul, struct app, clock_sul);
    double now = server__mono_s();
    if (a->o.ping_interval)
        beat_heard(a, now);
    if (a->o.idle_timeout) {
        struct conn *c;
        while ((c = a->idle.head) && now - c->active >= (double)a->o.idle_timeout)
            close_soon(a, c);
    }
    lws_sul_schedule(a->cx, 0, &a->clock_sul, beat, CLOCK_BEAT_US);
}

void clock_start(struct app *a)
{
    if (a->o.ping_interval || a->o.idle_timeout)
        lws_sul_schedule(a->cx, 0, &a->clock_sul, beat, CLOCK_BEAT_US);
}

void clock_stop(struct app *a)
{
    lws_sul_cancel(&a->clock_sul);
}
