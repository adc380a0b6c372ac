#ifndef SB_ICAL_H
#define SB_ICAL_H

/*
 * An iCalendar writer (RFC 5545), pure: content lines folded and escaped,
 * all-day events.  The plan's feed (core/plan.c) is written with it.
 */

#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

/* Appends a content line, folded at 75 octets (RFC 5545 3.1), never inside
 * a UTF-8 sequence, with CRLF. */
void ical_line(struct buf *b, const char *line);

/* s (NULL: "") escaped as TEXT (RFC 5545 3.3.11), in the arena. */
const char *ical_text(struct arena *ar, const char *s);

/* Opens a calendar named name (TEXT, escaped here) in Asia/Shanghai. */
void ical_begin(struct buf *b, struct arena *ar, const char *name);
/* Closes it. */
void ical_end(struct buf *b);

/* An all-day event on date (YYYY-MM-DD) stamped at now (unix seconds),
 * transparent (it does not block time): uid is written as it is (the
 * caller's, of safe characters); summary and description are escaped here. */
struct ical_event {
	const char *uid, *date, *summary, *description;
};
void ical_event(struct buf *b, struct arena *ar, int64_t now, const struct ical_event *e);

#endif
