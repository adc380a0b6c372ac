#ifndef SB_REPORT_DAY_H
#define SB_REPORT_DAY_H

/*
 * The report of a committee's day (GET /reports/day): its daily duties
 * (core/duties.h), how many of each kind are done, and per person the time
 * on duty, the checklists completed and the visits made.
 */

#include <stddef.h>
#include <stdint.h>

#include "store/campaigns.h"

/* The duty kinds the report counts, in the order it shows them. */
#define REPORT_DAY_KINDS 6
extern const char *const report_day_kinds[REPORT_DAY_KINDS];

struct day_kind_count {
	int duties, done;
};

struct day_worker {
	int64_t user_id;
	const char *username, *name; /* never NULL ("" when unknown) */
	int duty_minutes, entries_done, visits;
};

struct day_report {
	struct duty_list duties;
	int done;
	struct day_kind_count by_kind[REPORT_DAY_KINDS]; /* as report_day_kinds */
	struct day_worker *workers;
	size_t nworkers;
};

/* The day date of committee (a committee in sc, checked by the caller), in
 * the arena. */
int report_day(struct store *st, const struct scope *sc, const char *committee, const char *date,
	       struct arena *ar, struct day_report *out);

#endif
