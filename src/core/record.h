#ifndef SB_RECORD_H
#define SB_RECORD_H

/*
 * The worker's record (驾照式积分): points from what the platform knows —
 * visits on time under the policy, issues taken in and resolved, residents'
 * satisfaction, campaign tasks done, training hours — under the district's
 * weights; and the staffing quota (社工额度).  Pure functions over plain
 * structs (docs/campaigns.md, "The worker's record").
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/campaigns.h"

/* enum record_kind, struct record_weights and struct record_source are the
 * store's (store/campaigns.h): it reads and writes them. */

/* "visit", "issue_taken", "issue_resolved", "satisfaction", "campaign_task", "training". */
const char *record_kind_name(enum record_kind k);

struct record_total {
	int count[RK_COUNT];
	int points[RK_COUNT];
	int total;
};

/* Whether a visit on date was on time: the household (strictest interval
 * interval days) was not overdue that day, given its visit before (prev,
 * NULL: none) and that visit's follow-up date (visits.c, visit_due). */
bool record_visit_on_time(int interval, const char *prev, const char *prev_follow_up,
			  const char *date);
/* The points of one source under weights. */
int record_points(const struct record_weights *w, const struct record_source *s);
/* Sums sources into *t; points[i] (when not NULL) gets each source's points. */
void record_sum(const struct record_weights *w, const struct record_source *s, size_t n,
		struct record_total *t, int *points);
/* The same per month of the dates' year: months[0] is January. */
void record_by_month(const struct record_weights *w, const struct record_source *s, size_t n,
		     struct record_total months[12]);

/* The staffing quota: workers needed for households at one worker per
 * per_worker households (rounded up; 0 households need 0). */
int record_quota_needed(int64_t households, int per_worker);

#endif
