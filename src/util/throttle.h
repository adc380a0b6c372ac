#ifndef SB_THROTTLE_H
#define SB_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Failures per client address, in memory (issue 17: the residents' pages
 * that need no login).  An address with THROTTLE_MAX failures in the last
 * THROTTLE_WINDOW_S seconds is refused until the window that holds them
 * ends.  A restart forgets them: a guesser gains THROTTLE_MAX tries per
 * restart, not a way around the limit.  Thread-safe.
 */
#define THROTTLE_MAX 10
#define THROTTLE_WINDOW_S (15 * 60)

/* Whether ADDRESS may try now; when not, *retry_after is in seconds. */
bool throttle_allowed(const char *address, int64_t now, int64_t *retry_after);
/* Counts a failure of ADDRESS. */
void throttle_fail(const char *address, int64_t now);

#endif
