#include "CFuretSQLite.h"
#include <poll.h>
#include <stdlib.h>
#include <time.h>

/// How often, at most, the client's socket is polled for hang-up: a `poll` costs a system
/// call, a clock read only a few nanoseconds.
static const int64_t hangup_poll_interval_ns = 20 * 1000 * 1000;

struct furet_search_guard {
    int64_t deadline_ns;
    int client_descriptor;
    int64_t next_poll_ns;
    int reason;
};

/// Now, in nanoseconds of `CLOCK_MONOTONIC`.
static int64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

furet_search_guard *furet_search_guard_new(int64_t timeout_ns, int client_descriptor) {
    furet_search_guard *guard = calloc(1, sizeof(furet_search_guard));
    if (guard == NULL) return NULL;
    int64_t now = monotonic_ns();
    guard->deadline_ns = timeout_ns > INT64_MAX - now ? INT64_MAX : now + timeout_ns;
    guard->client_descriptor = client_descriptor;
    guard->next_poll_ns = now;
    return guard;
}

void furet_search_guard_free(furet_search_guard *guard) {
    free(guard);
}

int64_t furet_search_guard_remaining_ns(const furet_search_guard *guard) {
    int64_t remaining = guard->deadline_ns - monotonic_ns();
    return remaining > 0 ? remaining : 0;
}

/// Whether the peer of `descriptor` closed its end. `POLLHUP`, not `POLLRDHUP`: a client
/// that shut down only its writing side (`socat`, a shell pipe) still reads its replies.
static int client_hung_up(int descriptor) {
    struct pollfd watched = {descriptor, 0, 0};
    return poll(&watched, 1, 0) > 0 && (watched.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

int furet_search_guard_check(furet_search_guard *guard) {
    if (guard == NULL) return SQLITE_OK;
    if (guard->reason != FURET_SEARCH_GOES_ON) return SQLITE_INTERRUPT;
    int64_t now = monotonic_ns();
    if (now >= guard->deadline_ns) {
        guard->reason = FURET_SEARCH_TIMED_OUT;
    } else if (guard->client_descriptor >= 0 && now >= guard->next_poll_ns) {
        guard->next_poll_ns = now + hangup_poll_interval_ns;
        if (client_hung_up(guard->client_descriptor)) guard->reason = FURET_SEARCH_CLIENT_GONE;
    }
    return guard->reason == FURET_SEARCH_GOES_ON ? SQLITE_OK : SQLITE_INTERRUPT;
}

int furet_search_guard_reason(const furet_search_guard *guard) {
    return guard->reason;
}

/// SQLite's progress handler: a non-zero result interrupts the statement being stepped.
static int progress(void *guard) {
    return furet_search_guard_check(guard) != SQLITE_OK;
}

void furet_search_guard_attach(sqlite3 *db, furet_search_guard *guard) {
    if (guard == NULL) {
        sqlite3_progress_handler(db, 0, NULL, NULL);
    } else {
        sqlite3_progress_handler(db, 1000, progress, guard);
    }
}
