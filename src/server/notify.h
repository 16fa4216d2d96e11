/*
 * notify: tells the service manager how the server is doing (systemd's sd_notify protocol), so that
 * a Type=notify unit is "started" only once the server accepts connections.
 *
 * A datagram "READY=1", "STOPPING=1" or "STATUS=..." goes to the socket named by $NOTIFY_SOCKET (a
 * path, or "@name" in the abstract namespace). Without $NOTIFY_SOCKET (not under systemd) every call
 * does nothing. No libsystemd: the protocol is one sendto. No state.
 */
#ifndef CAREERBOT_NOTIFY_H
#define CAREERBOT_NOTIFY_H

/* Sends state (newline-separated KEY=VALUE lines). Returns 0 (also when there is no manager), or
 * -1 when the socket named cannot be reached (the server runs on; systemd will time it out). */
int notify_send(const char *state);

#endif
