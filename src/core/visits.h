#ifndef SB_VISITS_H
#define SB_VISITS_H

/*
 * Visits (走百家门): when a household is due under the visit policy, the
 * walking order of a day's plan, and whether a period's visits kept to the
 * policy.  Pure functions over dates written YYYY-MM-DD.
 */

#include <stdbool.h>
#include <stddef.h>

#define VISIT_DEFAULT_INTERVAL 365 /* everyone at least once a year */

enum due_reason {
	DUE_NEVER,     /* never visited: due at once */
	DUE_INTERVAL,  /* the interval has passed since the last visit */
	DUE_FOLLOW_UP, /* an explicit follow-up date comes first */
};

struct due {
	char due_on[11];  /* the first day it is due ("" when never visited) */
	bool due;	  /* due on the day asked about */
	int days_overdue; /* days past due_on (0 on the day) */
	enum due_reason reason;
};

/* When a household whose strictest interval is interval days, last visited on
 * last (NULL: never) with an optional follow-up date, is due, seen on today. */
struct due visit_due(int interval, const char *last, const char *follow_up, const char *today);

/* A date "YYYY-MM-DD" as days since 2000-01-01, or -1 when not such a date
 * or outside 2000-01-01 .. 2179-06-06 (it must fit 16 bits). */
int visit_day(const char *date);

/* A household's visits over a period [from, to] (visit_day() numbers), from
 * every visit it has (days: n numbers, ascending, each 2 bytes little-endian,
 * as household_cov.days holds them): whether it was visited in the period,
 * and whether it was visited on time: every gap within interval days, from
 * the visit before the period (or its first day) to the first visit in it,
 * between visits, and from the last to its last day. */
struct visit_period {
	bool visited;
	bool on_time;
};
struct visit_period visit_period(const unsigned char *days, size_t n, int from, int to,
				 int interval);

/* The walking order: compound, building, floor, room; labels compare
 * naturally ("2号" before "10号"). */
struct walk_key {
	const char *compound;
	const char *building;
	int floor; /* INT_MIN when unknown: last */
	const char *room;
};
int visit_walk_cmp(const struct walk_key *a, const struct walk_key *b);
/* Natural comparison of labels: runs of digits by value. */
int visit_natural_cmp(const char *a, const char *b);

#endif
