/*
 * cli_usage: the help texts of careerbot and its commands (careerbot --help, careerbot CMD --help).
 */
#include "cli_usage.h"
#include "paths.h"
#include "server.h"

#include <stdio.h>
#include <string.h>

static const char usage_main[] =
    "usage: careerbot <command> [options]\n"
    "\n"
    "A career-advisor chatbot: ask about careers, their duties, workplaces, specialisations\n"
    "and related roles.\n"
    "\n"
    "commands:\n"
    "  serve    serve the web page, the widget and the chat socket (default http://127.0.0.1:8080)\n"
    "  chat     chat in the terminal: one reply per line of input (scriptable)\n"
    "  check    validate intents and content; prints file:line for every problem\n"
    "  classify print the intent and career each line of a file hits, and the fallback rate\n"
    "  report   list the questions nothing understood, most common first (from the store)\n"
    "  backup   copy the SQLite session store while serve runs (careerbot backup --db PATH OUT)\n"
    "\n"
    "careerbot <command> --help explains each command's options. careerbot --version prints the version.\n";

/* The data options, with their defaults (the repository when run from the build, else the installed
 * data: paths.h). */
static const char *usage_data(void)
{
    static char buf[2048];
    snprintf(buf, sizeof buf,
             "  --intents DIR        intent files (*.json)       [default: %s]\n"
             "  --content DIR        careers and abbreviations   [default: %s]\n"
             "%s",
             paths_data("intents"), paths_data("content"),
             "  --onet DIR           also load the O*NET text database from DIR (the official\n"
             "                       download layout; scripts/fetch-onet gets it): every O*NET\n"
             "                       occupation becomes a career; curated careers win on the same code\n"
             "  --bls DIR            U.S. Bureau of Labor Statistics pay and outlook from DIR (the layout\n"
             "                       of ../shared/data/bls: oews_national.tsv, projections.tsv,\n"
             "                       onet_to_bls.tsv) over content/pay.json, for every career with a code\n");
    return buf;
}

void cli_usage_to(FILE *f)
{
    fputs(usage_main, f);
}

void cli_usage(const char *cmd)
{
    if (!cmd) {
        fputs(usage_main, stdout);
    } else if (!strcmp(cmd, "serve")) {
        printf("usage: careerbot serve [options]\n\n"
               "Serves the web folder at /, GET /healthz (JSON status) and the chat WebSocket at /chat.\n"
               "Stops cleanly on SIGINT or SIGTERM; reloads its data on SIGHUP.\n\n"
               "  --listen ADDR        address to bind                  [default: 127.0.0.1]\n"
               "  --port N             port; 0 picks a free one          [default: 8080]\n"
               "  --web DIR            static files                      [default: %s/web]\n"
               "  --workers N          processes answering on the port, restarted when one dies;\n"
               "                       the limits below are each worker's [default: one per core;\n"
               "                       1 with --memory-only]\n"
               "%s"
               "  --max-message BYTES  largest WebSocket message; larger ones close the\n"
               "                       connection with status 1009 (8192 or more) [default: %d]\n"
               "  --session-ttl SECS   forget sessions idle this long     [default: %u]\n"
               "  --db PATH            keep sessions in this SQLite file  [default: %s]\n"
               "  --redis URL          keep sessions in Redis instead (redis://[:password@]host[:port][/db]),\n"
               "                       shared by every instance behind a load balancer (or $CAREERBOT_REDIS_URL)\n"
               "  --memory-only        keep sessions in memory only (lost when the server stops)\n"
               "  --allow-origin ORIGIN\n"
               "                       pages from ORIGIN (https://www.example.org) may chat;\n"
               "                       repeatable. The server's own origin is always allowed;\n"
               "                       with none given, localhost pages (any port) are too.\n"
               "                       Other pages are refused at the handshake with 403\n"
               "  --require-origin     refuse handshakes without an Origin header (non-browser\n"
               "                       clients; allowed by default)\n"
               "  --public-host NAME   the name(s) this server is reached at (repeatable, or a comma list);\n"
               "                       other Hosts are refused. None: localhost and IP addresses only\n"
               "  --keep-unanswered    keep the text of messages nothing understood, for careerbot\n"
               "                       report (off: they are only counted; the text may be personal)\n"
               "\nLimits (0 turns one off); each has a counter on GET /metrics:\n"
               "  --max-connections N      open chats in all, 503 beyond          [default: %d]\n"
               "  --max-connections-per-ip N  open chats per address, 429 beyond [default: %d]\n"
               "  --max-new-sessions-per-ip N  new conversations per address a minute [default: %d]\n"
               "  --rate N                 messages per second per chat           [default: %d]\n"
               "  --burst N                messages a chat may send at once       [default: %d]\n"
               "  --ip-rate N              messages per second per address        [default: %d]\n"
               "  --ip-burst N             messages an address may send at once   [default: %d]\n"
               "  --strikes N              messages over a rate in a row before a\n"
               "                           close with 1008 (each gets an error)  [default: %d]\n"
               "  --idle-timeout SECS      close a chat silent this long          [default: %d]\n"
               "  --ping-interval SECS     ping a quiet chat; no answer for twice\n"
               "                           this closes it                        [default: %d]\n"
               "  --limit-loopback         apply the rate and per-address limits to clients on this\n"
               "                           machine too (off: they are the operator's own tools)\n"
               "  --trusted-proxy ADDR     a proxy (ADDR or ADDR/BITS, repeatable) whose X-Forwarded-For\n"
               "                           names the client: its right-most address not a trusted proxy\n"
               "  --metrics-token TOKEN    GET /metrics from other than loopback with\n"
               "                           \"Authorization: Bearer TOKEN\" (loopback needs none); or keep\n"
               "                           it out of ps: --metrics-token-file PATH, $CAREERBOT_METRICS_TOKEN\n"
               "  --tls-cert PEM --tls-key PEM  serve HTTPS and WSS with this certificate\n"
               "\n  --config FILE        read these options from FILE, one \"key = value\" a line (the\n"
               "                       name without --; # comments; switches take yes or no);\n"
               "                       the command line overrides it. Errors are FILE:LINE\n"
               "  --log-format FORMAT  text (one \"careerbot: level=... event=...\" line per event)\n"
               "                       or json (one object a line, for log shippers) [default: text]\n"
               "\nSIGHUP reloads intents and content: open chats continue on the new data; when a file\n"
               "has a problem, it is logged with file:line and the running data stays.\n",
               paths_data_dir(), usage_data(), SERVER_DEFAULT_MAX_MESSAGE, DEFAULT_SESSION_TTL, paths_default_db(),
               SERVER_DEFAULT_MAX_CONNECTIONS, SERVER_DEFAULT_MAX_CONNECTIONS_PER_IP,
               SERVER_DEFAULT_NEW_SESSIONS_PER_IP, SERVER_DEFAULT_MSG_RATE, SERVER_DEFAULT_MSG_BURST,
               SERVER_DEFAULT_IP_RATE, SERVER_DEFAULT_IP_BURST, SERVER_DEFAULT_STRIKES, SERVER_DEFAULT_IDLE_TIMEOUT,
               SERVER_DEFAULT_PING_INTERVAL);
    } else if (!strcmp(cmd, "chat")) {
        printf("usage: careerbot chat [options]\n\n"
               "Reads one message per line from stdin and prints each reply, then its quick replies\n"
               "as lines starting with \"  > \", then a blank line. On a terminal it greets you first.\n"
               "Example: printf 'hello\\nwhat does an ML engineer do?\\n' | careerbot chat\n\n%s",
               usage_data());
    } else if (!strcmp(cmd, "check")) {
        printf("usage: careerbot check [options]\n\n"
               "Loads every intent and career and reports each problem as FILE:LINE: message.\n"
               "Exits 0 when all is well, 1 otherwise.\n\n%s",
               usage_data());
    } else if (!strcmp(cmd, "report")) {
        printf("usage: careerbot report [options]\n\n"
               "Lists the messages that nothing understood, most common first, with their counts, from\n"
               "the store that careerbot serve used (texts are kept only with serve --keep-unanswered;\n"
               "otherwise they are counted as \"(text not kept)\"). The loop by which the intents improve.\n\n"
               "  --db PATH            the SQLite file                   [default: %s]\n"
               "  --redis URL          the Redis server instead\n"
               "  --top N              how many to list                  [default: 50]\n",
               paths_default_db());
    } else if (!strcmp(cmd, "classify")) {
        printf("usage: careerbot classify [options] FILE\n\n"
               "Answers each line of FILE (\"-\": stdin; blank lines and lines starting with # are\n"
               "skipped), each in a new session, and prints INTENT<TAB>CAREER<TAB>LINE for each, then a\n"
               "summary: how many lines each intent answered and the fallback rate. Shows at a glance\n"
               "which questions the intents miss.\n\n"
               "  --session            one session for the whole file, so follow-ups carry context\n"
               "  --fallbacks          print only the lines that nothing answered\n"
               "  --lists              add a column: the ids of the careers each reply lists\n"
               "  --expect             FILE is a labelled corpus (tests/corpus/README.md): conversations\n"
               "                       of TEXT<TAB>INTENT<TAB>CAREER turns; prints every miss, then the\n"
               "                       accuracy, the wrong-career rate and the fallback rate\n"
               "  --quiet              with --expect, the summary only\n"
               "  --min-accuracy PCT   with --expect, exit 1 when accuracy is below PCT\n"
               "  --max-wrong PCT      with --expect, exit 1 when wrong careers are above PCT\n%s",
               usage_data());
    }
}
