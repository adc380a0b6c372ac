/* A plan a person can walk (src/core/plan.c): the day's share of the
 * households due by urgency, the round spread over the week, the walking
 * order, and "next household" continuing in the same building.  The
 * households are made by hand; their due state comes from visit_due. */

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/plan.h"

#define TODAY "2026-11-23" /* a Monday */

/* A household: id, compound, building, floor, room, strictest interval,
 * last visit (NULL: never), follow-up (NULL: none). */
static struct plan_candidate
hh(int64_t id, const char *compound, const char *building, int floor, const char *room,
   int interval, const char *last, const char *follow_up)
{
	struct plan_candidate c;

	memset(&c, 0, sizeof(c));
	c.household_id = id;
	c.where.compound = compound;
	c.where.building = building;
	c.where.floor = floor;
	c.where.room = room;
	c.interval = interval;
	c.due = visit_due(interval, last, follow_up, TODAY);
	return c;
}

static bool
has(const struct plan_candidate *c, size_t k, int64_t id)
{
	for (size_t i = 0; i < k; i++)
		if (c[i].household_id == id)
			return true;
	return false;
}

static void
expect_ids(const struct plan_candidate *c, size_t k, const int64_t *want, size_t nwant,
	   const char *what)
{
	cr_assert_eq(k, nwant, "%s: %zu households, want %zu", what, k, nwant);
	for (size_t i = 0; i < k; i++) {
		cr_expect_eq(c[i].household_id, want[i], "%s: place %zu is %lld, want %lld", what,
			     i + 1, (long long)c[i].household_id, (long long)want[i]);
		cr_expect_eq(c[i].walk, (int)i + 1, "%s: walk of place %zu", what, i + 1);
	}
}

Test(plan_day, the_lonely_elder_comes_before_the_yearly_round)
{
	/* The complaint: the 独居老人 was 7th among yearly visits.
	 * Capacity 3; five yearly households long overdue, the elder 2 days
	 * overdue on a 7-day interval. */
	struct plan_candidate c[] = {
		hh(1, "普雄2村", "2号", 1, "101", 365, "2025-10-01", NULL),
		hh(2, "普雄2村", "2号", 2, "201", 365, "2025-09-01", NULL),
		hh(3, "普雄2村", "2号", 3, "301", 365, "2025-08-01", NULL),
		hh(4, "普雄2村", "2号", 4, "401", 365, "2025-07-01", NULL),
		hh(5, "普雄2村", "2号", 5, "501", 365, "2025-06-01", NULL),
		hh(6, "普雄2村", "10号", 6, "601", 7, "2026-11-14", NULL),
	};
	size_t k = plan_day(c, 6, 3, 5);

	cr_assert_eq(k, 3);
	cr_assert(has(c, k, 6), "the 独居老人 is in today's walk");
	cr_assert(has(c, k, 5) && has(c, k, 4), "then the two most overdue");
	cr_expect_eq(c[3].urgency, PLAN_OVERDUE);
	cr_expect_eq(c[3].household_id, 3, "the first left out is the next most overdue");
	cr_expect_eq(c[3].walk, 0);
}

Test(plan_day, urgency_classes_in_order_and_walking_order_within_the_day)
{
	struct plan_candidate c[] = {
		/* yearly, overdue by many days */
		hh(10, "A村", "1号", 1, "101", 365, "2025-01-01", NULL),
		/* 老党员 (90) with a follow-up reached: follow-up */
		hh(11, "A村", "3号", 2, "201", 90, "2026-11-01", "2026-11-20"),
		/* 困难家庭 (30), due today exactly: vulnerable */
		hh(12, "A村", "2号", 5, "501", 30, "2026-10-24", NULL),
		/* not due yet */
		hh(13, "A村", "1号", 2, "201", 365, "2026-06-01", NULL),
		/* never visited: the round */
		hh(14, "A村", "1号", 3, "301", 365, NULL, NULL),
	};
	size_t k = plan_day(c, 5, 3, 1);

	/* vulnerable, follow-up, overdue fill the 3 places; walked in order */
	const int64_t want[] = {10, 12, 11};
	expect_ids(c, k, want, 3, "capacity 3");
	cr_expect_eq(c[0].urgency, PLAN_OVERDUE);
	cr_expect_eq(c[1].urgency, PLAN_VULNERABLE);
	cr_expect_eq(c[2].urgency, PLAN_FOLLOW_UP);
	/* what does not fit comes next, most urgent first; not due last */
	cr_expect_eq(c[3].household_id, 14);
	cr_expect_eq(c[3].urgency, PLAN_ROUND);
	cr_expect_eq(c[4].household_id, 13);
	cr_expect_eq(c[4].urgency, PLAN_NOT_DUE);
}

Test(plan_day, the_round_is_spread_over_the_rest_of_the_week)
{
	struct plan_candidate c[10];
	char rooms[10][16];

	for (int i = 0; i < 10; i++) {
		snprintf(rooms[i], sizeof(rooms[i]), "%d01", i + 1);
		c[i] = hh(20 + i, "B村", "5号", i + 1, rooms[i], 365, NULL, NULL);
	}
	/* Monday, five working days left: 10 households of the round, 2 a day,
	 * though capacity would take 12 */
	cr_expect_eq(plan_day(c, 10, 12, 5), 2);
	/* Thursday, two days left: 5 a day */
	cr_expect_eq(plan_day(c, 10, 12, 2), 5);
	/* the last working day: all that capacity holds */
	cr_expect_eq(plan_day(c, 10, 4, 1), 4);
	/* nothing left of the week (a Saturday): as the last day */
	cr_expect_eq(plan_day(c, 10, 12, 0), 10);
}

Test(plan_day, the_round_prefers_buildings_already_on_the_walk)
{
	struct plan_candidate c[] = {
		hh(30, "C村", "1号", 1, "101", 365, NULL, NULL),
		hh(31, "C村", "1号", 2, "201", 365, NULL, NULL),
		hh(32, "C村", "9号", 1, "101", 365, NULL, NULL),
		hh(33, "C村", "9号", 4, "401", 7, "2026-11-01", NULL), /* vulnerable */
	};
	/* round share ceil(3/3) = 1: the one in 9号, where the walk goes anyway */
	size_t k = plan_day(c, 4, 12, 3);
	const int64_t want[] = {32, 33};

	expect_ids(c, k, want, 2, "one of the round, in 9号");
}

Test(plan_day, nothing_due_is_an_empty_day)
{
	struct plan_candidate c[] = {
		hh(40, "D村", "1号", 1, "101", 365, "2026-11-01", NULL),
	};

	cr_expect_eq(plan_day(c, 1, 12, 5), 0);
	cr_expect_eq(c[0].walk, 0);
	cr_expect_eq(plan_day(c, 0, 12, 5), 0);
}

Test(plan_next, continues_up_the_same_building_then_down_then_the_next)
{
	struct plan_candidate w[] = {
		hh(50, "E村", "2号", 1, "101", 365, NULL, NULL),
		hh(51, "E村", "2号", 3, "301", 365, NULL, NULL),
		hh(52, "E村", "2号", 5, "501", 365, NULL, NULL),
		hh(53, "E村", "2号", 6, "602", 365, NULL, NULL),
		hh(54, "E村", "10号", 1, "101", 365, NULL, NULL),
	};
	struct walk_key at = {"E村", "2号", 4, "401"};
	size_t k = plan_day(w, 5, 12, 1);

	cr_assert_eq(k, 5);
	/* just visited 401 (not on the walk): up to 501, not back to 101 */
	cr_expect_eq(w[plan_next(w, k, 99, &at)].household_id, 52);
	/* at 602, the top: down to the nearest floor below, 501 */
	at = w[3].where;
	cr_expect_eq(w[plan_next(w, k, 53, &at)].household_id, 52);
	/* a building with nothing else left: the next building in order */
	struct walk_key other = {"E村", "3号", 1, "101"};
	cr_expect_eq(w[plan_next(w, k, 0, &other)].household_id, 54);
	/* past the last building: back to the first of the walk */
	struct walk_key last = {"E村", "99号", 1, "101"};
	cr_expect_eq(w[plan_next(w, k, 0, &last)].household_id, 50);
	/* a walk of only where I stand: nowhere to go */
	cr_expect_eq(plan_next(w + 4, 1, 54, &w[4].where), -1);
}

Test(plan_next, an_unknown_floor_comes_after_the_known_ones)
{
	struct plan_candidate w[] = {
		hh(60, "F村", "3号楼", INT_MIN, "地下室", 365, NULL, NULL),
		hh(61, "F村", "3号楼", 2, "201", 365, NULL, NULL),
	};
	struct walk_key at = {"F村", "3号楼", 6, "601"};

	cr_expect_eq(w[plan_next(w, 2, 0, &at)].household_id, 61);
}
