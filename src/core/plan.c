#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan.h"

static enum plan_urgency
urgency_of(const struct plan_candidate *c)
{
	if (!c->due.due)
		return PLAN_NOT_DUE;
	if (c->interval <= PLAN_VULNERABLE_DAYS)
		return PLAN_VULNERABLE;
	if (c->due.reason == DUE_FOLLOW_UP)
		return PLAN_FOLLOW_UP;
	if (c->due.days_overdue > 0)
		return PLAN_OVERDUE;
	return PLAN_ROUND;
}

static int
walk_cmp(const void *a, const void *b)
{
	const struct plan_candidate *x = a, *y = b;
	int c = visit_walk_cmp(&x->where, &y->where);

	return c ? c : (x->household_id > y->household_id) - (x->household_id < y->household_id);
}

/* Most urgent first; within a class the most overdue, then walking order. */
static int
urgency_cmp(const void *a, const void *b)
{
	const struct plan_candidate *x = a, *y = b;

	if (x->urgency != y->urgency)
		return (int)x->urgency - (int)y->urgency;
	if (x->due.days_overdue != y->due.days_overdue)
		return y->due.days_overdue - x->due.days_overdue;
	return walk_cmp(a, b);
}

/* Today's walk first (by walk), then the rest by urgency. */
static int
final_cmp(const void *a, const void *b)
{
	const struct plan_candidate *x = a, *y = b;

	if ((x->walk > 0) != (y->walk > 0))
		return x->walk > 0 ? -1 : 1;
	if (x->walk > 0)
		return x->walk - y->walk;
	return urgency_cmp(a, b);
}

static bool
same_building(const struct walk_key *a, const struct walk_key *b)
{
	return strcmp(a->compound, b->compound) == 0 && strcmp(a->building, b->building) == 0;
}

/* Whether c's building has a household already chosen for today. */
static bool
building_on_walk(const struct plan_candidate *c, const struct plan_candidate *all, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (all[i].walk > 0 && same_building(&all[i].where, &c->where))
			return true;
	return false;
}

size_t
plan_day(struct plan_candidate *c, size_t n, int capacity, int workdays_left)
{
	size_t i, k = 0, rounds = 0, round_share, round_taken = 0, first_round = n;

	if (capacity < 1)
		capacity = 1;
	if (workdays_left < 1)
		workdays_left = 1;
	for (i = 0; i < n; i++) {
		c[i].urgency = urgency_of(&c[i]);
		c[i].walk = 0;
		rounds += c[i].urgency == PLAN_ROUND;
	}
	if (n > 1)
		qsort(c, n, sizeof(*c), urgency_cmp);
	/* The urgent ones, as many as the day holds. */
	for (i = 0; i < n && c[i].urgency < PLAN_ROUND && k < (size_t)capacity; i++)
		c[i].walk = (int)++k;
	/* The round's share of the rest of the week, so that it ends even:
	 * those in a building already on the walk first (no extra stairs). */
	round_share = (rounds + (size_t)workdays_left - 1) / (size_t)workdays_left;
	for (i = 0; i < n; i++)
		if (c[i].urgency == PLAN_ROUND) {
			first_round = i;
			break;
		}
	for (int pass = 0; pass < 2; pass++)
		for (i = first_round; i < n && c[i].urgency == PLAN_ROUND; i++) {
			if (k >= (size_t)capacity || round_taken >= round_share)
				break;
			if (c[i].walk > 0 || (pass == 0 && !building_on_walk(&c[i], c, n)))
				continue;
			c[i].walk = (int)++k;
			round_taken++;
		}
	/* Walking order within the day. */
	if (n > 1)
		qsort(c, n, sizeof(*c), final_cmp);
	if (k > 1)
		qsort(c, k, sizeof(*c), walk_cmp);
	for (i = 0; i < k; i++)
		c[i].walk = (int)i + 1;
	return k;
}

/* How far floor f is from `from` going up first: the floors above (and the
 * same floor) by distance, then those below after all of them, nearest
 * first; an unknown floor last. */
static long
floor_distance(int from, int f)
{
	if (f == INT_MIN || from == INT_MIN)
		return LONG_MAX / 2;
	if (f >= from)
		return (long)f - from;
	return 1000L + ((long)from - f);
}

long
plan_next(const struct plan_candidate *walk, size_t k, int64_t at_id, const struct walk_key *at)
{
	long best = -1, best_d = LONG_MAX;
	size_t i;

	for (i = 0; i < k; i++) {
		long d;

		if (walk[i].household_id == at_id || !same_building(&walk[i].where, at))
			continue;
		d = floor_distance(at->floor, walk[i].where.floor);
		if (d < best_d ||
		    (d == best_d && best >= 0 &&
		     visit_natural_cmp(walk[i].where.room, walk[best].where.room) < 0)) {
			best = (long)i;
			best_d = d;
		}
	}
	if (best >= 0)
		return best;
	for (i = 0; i < k; i++)
		if (walk[i].household_id != at_id && visit_walk_cmp(&walk[i].where, at) > 0)
			return (long)i;
	for (i = 0; i < k; i++)
		if (walk[i].household_id != at_id)
			return (long)i;
	return -1;
}
