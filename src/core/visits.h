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

/* Whether visits on the given dates (sorted, inside [from, to]) kept every gap
 * within interval days: from the visit before the period (prev, or from when
 * NULL) to the first, between visits, and from the last to "to". */
bool visit_on_time(const char *const *dates, size_t n, const char *prev, const char *from,
		   const char *to, int interval);

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
