#ifndef SB_REPORT_PLAN_H
#define SB_REPORT_PLAN_H

/*
 * The plans of a committee's workers on a day (GET /reports/plan): each
 * worker's capacity, the households due, in today's walk and behind (due
 * and not in today's walk), most behind first (core/plan.h).
 */

#include <stddef.h>

#include "core/plan.h"

struct plan_report_row {
	const struct user *worker;
	struct plan_walk day;
};

struct plan_report {
	struct plan_report_row *rows; /* most behind first, then by login */
	size_t n;
};

/* The day date of the active workers of committee (in sc, checked by the
 * caller), in the arena. */
int report_plan(struct store *st, const struct scope *sc, const char *committee, const char *date,
		struct arena *ar, struct plan_report *out);

#endif
