#ifndef SB_PLAN_H
#define SB_PLAN_H

/*
 * A plan a person can walk (docs/visits.md, "A day a person can walk"): of
 * the households due, the day's share by urgency, walked in order, and where
 * to go next.  Pure functions over candidates made by the caller.
 */

#include <stddef.h>
#include <stdint.h>

#include "core/visits.h"

#define PLAN_DEFAULT_CAPACITY 12 /* households a day: see docs/visits.md */
#define PLAN_CAPACITY_MAX 60
/* A household whose strictest interval is at most this many days is
 * vulnerable (独居老人 and 孤寡老人 7, 困难家庭 and 空巢老人 30); 老党员 (90) and
 * the yearly round are not. */
#define PLAN_VULNERABLE_DAYS 30

enum plan_urgency {
	PLAN_VULNERABLE, /* a vulnerable household due */
	PLAN_FOLLOW_UP,	 /* a follow-up date reached */
	PLAN_OVERDUE,	 /* past due, most overdue first */
	PLAN_ROUND,	 /* the yearly round: never visited, or due from today */
	PLAN_NOT_DUE,
};

struct plan_candidate {
	int64_t household_id;
	struct walk_key where;
	int interval; /* the strictest interval of its tags */
	struct due due;
	/* set by plan_day */
	enum plan_urgency urgency;
	int walk; /* 1, 2, … its place in today's walk; 0: not today */
};

/* Chooses today's households among c (the due ones: due.due) and reorders c:
 * first today's walk in walking order (walk 1…k), then the households due
 * that do not fit, most urgent first, then those not due.  Today takes, up
 * to capacity, the vulnerable households due, then the follow-ups due, then
 * the most overdue, then of the round its share for the rest of the week,
 * ceil(round / workdays_left), those in a building already on the walk
 * first.  Returns k. */
size_t plan_day(struct plan_candidate *c, size_t n, int capacity, int workdays_left);

/* Where to go after the household at `at` (which need not be in the walk):
 * the index among walk[0..k) of the nearest one in the same building — the
 * floors above first, nearest first, then those below, nearest first — else
 * the first after `at` in walking order, else the first of the walk; -1 when
 * the walk holds nothing but `at`. */
long plan_next(const struct plan_candidate *walk, size_t k, int64_t at_id,
	       const struct walk_key *at);

#endif
