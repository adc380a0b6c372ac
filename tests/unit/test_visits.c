/* Visits (src/core/visits.c) and the working-day calendar (src/core/calendar.c):
 * when a household is due under the visit policy, whether a period's visits
 * kept to it, the walking order of a plan, and Mainland China's working days
 * against a migrated database (the 2026 holidays ship in 0003_calendar.sql). */

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/calendar.h"
#include "core/visits.h"
#include "testdb.h"

/* visit_due */

struct due_case {
	const char *what;
	int interval;
	const char *last, *follow_up, *today;
	bool due;
	const char *due_on;
	int days_overdue;
	enum due_reason reason;
};

static const struct due_case due_cases[] = {
	/* never visited: due at once, whatever the interval */
	{"never visited", 7, NULL, NULL, "2026-11-23", true, "", 0, DUE_NEVER},
	{"never visited (empty last)", 365, "", NULL, "2026-11-23", true, "", 0, DUE_NEVER},
	/* the interval has passed */
	{"interval passed", 7, "2026-11-10", NULL, "2026-11-23", true, "2026-11-17", 6,
	 DUE_INTERVAL},
	{"due on the exact day", 7, "2026-11-16", NULL, "2026-11-23", true, "2026-11-23", 0,
	 DUE_INTERVAL},
	{"one day before due", 7, "2026-11-17", NULL, "2026-11-23", false, "2026-11-24", 0,
	 DUE_INTERVAL},
	{"visited today", 7, "2026-11-23", NULL, "2026-11-23", false, "2026-11-30", 0,
	 DUE_INTERVAL},
	{"a year: due on the anniversary", 365, "2025-11-23", NULL, "2026-11-23", true,
	 "2026-11-23", 0, DUE_INTERVAL},
	{"a year: long overdue", 365, "2024-11-23", NULL, "2026-11-23", true, "2025-11-23", 365,
	 DUE_INTERVAL},
	{"across the year end", 7, "2025-12-28", NULL, "2026-01-05", true, "2026-01-04", 1,
	 DUE_INTERVAL},
	{"across 29 February", 7, "2028-02-25", NULL, "2028-03-03", true, "2028-03-03", 0,
	 DUE_INTERVAL},
	/* an explicit follow-up date that comes first */
	{"follow-up first, passed", 90, "2026-10-01", "2026-11-20", "2026-11-23", true,
	 "2026-11-20", 3, DUE_FOLLOW_UP},
	{"follow-up first, today", 30, "2026-11-01", "2026-11-23", "2026-11-23", true, "2026-11-23",
	 0, DUE_FOLLOW_UP},
	{"follow-up first, not yet", 30, "2026-11-20", "2026-11-25", "2026-11-23", false,
	 "2026-11-25", 0, DUE_FOLLOW_UP},
	/* a follow-up after the interval: the interval wins */
	{"follow-up after the interval", 7, "2026-11-01", "2026-12-01", "2026-11-23", true,
	 "2026-11-08", 15, DUE_INTERVAL},
	{"follow-up after the interval, not yet", 30, "2026-11-20", "2027-01-01", "2026-11-23",
	 false, "2026-12-20", 0, DUE_INTERVAL},
};

Test(visit_due, table)
{
	size_t i;

	for (i = 0; i < sizeof(due_cases) / sizeof(due_cases[0]); i++) {
		const struct due_case *c = &due_cases[i];
		struct due d = visit_due(c->interval, c->last, c->follow_up, c->today);

		cr_expect_eq(d.due, c->due, "%s: due %d, want %d", c->what, d.due, c->due);
		cr_expect_str_eq(d.due_on, c->due_on, "%s: due_on %s, want %s", c->what, d.due_on,
				 c->due_on);
		cr_expect_eq(d.days_overdue, c->days_overdue, "%s: days_overdue %d, want %d",
			     c->what, d.days_overdue, c->days_overdue);
		cr_expect_eq(d.reason, c->reason, "%s: reason %d, want %d", c->what, d.reason,
			     c->reason);
	}
}

/* The strictest interval over a household's tags: the caller passes the min. */
static int
strictest(const int *intervals, size_t n)
{
	int m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (intervals[i] > 0 && (m == 0 || intervals[i] < m))
			m = intervals[i];
	return m ? m : VISIT_DEFAULT_INTERVAL;
}

Test(visit_due, several_tags_take_the_strictest)
{
	/* 老党员 90, 独居老人 7, 困难家庭 30 in one household */
	const int tags[] = {90, 7, 30};
	const int none[] = {0};
	struct due d;

	cr_assert_eq(strictest(tags, 3), 7);
	d = visit_due(strictest(tags, 3), "2026-11-10", NULL, "2026-11-23");
	cr_expect(d.due);
	cr_expect_str_eq(d.due_on, "2026-11-17");
	cr_expect_eq(d.days_overdue, 6);
	/* the same visit under the 90-day tag alone is not due */
	d = visit_due(90, "2026-11-10", NULL, "2026-11-23");
	cr_expect_not(d.due);
	cr_expect_str_eq(d.due_on, "2027-02-08");
	/* no interval tag at all: everyone else, 365 days */
	cr_expect_eq(strictest(none, 1), 365);
	d = visit_due(strictest(none, 1), "2025-11-24", NULL, "2026-11-23");
	cr_expect_not(d.due);
	cr_expect_str_eq(d.due_on, "2026-11-24");
}

Test(visit_due, no_interval_means_a_year)
{
	struct due d = visit_due(0, "2025-11-23", NULL, "2026-11-23");

	cr_expect(d.due);
	cr_expect_str_eq(d.due_on, "2026-11-23");
	d = visit_due(-5, "2025-11-24", NULL, "2026-11-23");
	cr_expect_not(d.due);
	cr_expect_str_eq(d.due_on, "2026-11-24");
}

/* visit_period: whether every gap kept within the interval */

struct on_time_case {
	const char *what;
	const char *dates[8]; /* in the period */
	size_t n;
	const char *prev, *from, *to;
	int interval;
	bool on_time;
};

static const struct on_time_case on_time_cases[] = {
	{"weekly, every gap exactly 7",
	 {"2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29"},
	 4,
	 NULL,
	 "2026-10-01",
	 "2026-11-05",
	 7,
	 true},
	{"one gap of 8",
	 {"2026-10-08", "2026-10-15", "2026-10-23", "2026-10-29"},
	 4,
	 NULL,
	 "2026-10-01",
	 "2026-11-05",
	 7,
	 false},
	{"a 10-day gap",
	 {"2026-10-05", "2026-10-15", "2026-10-22"},
	 3,
	 NULL,
	 "2026-10-01",
	 "2026-10-25",
	 7,
	 false},
	{"period start to the first visit: 8 days",
	 {"2026-10-09"},
	 1,
	 NULL,
	 "2026-10-01",
	 "2026-10-10",
	 7,
	 false},
	{"last visit to the period end: exactly 7",
	 {"2026-10-05"},
	 1,
	 NULL,
	 "2026-10-01",
	 "2026-10-12",
	 7,
	 true},
	{"last visit to the period end: 8",
	 {"2026-10-05"},
	 1,
	 NULL,
	 "2026-10-01",
	 "2026-10-13",
	 7,
	 false},
	{"the visit before the period counts: 7 to the first",
	 {"2026-10-04"},
	 1,
	 "2026-09-27",
	 "2026-10-01",
	 "2026-10-08",
	 7,
	 true},
	{"the visit before the period counts: 8 to the first",
	 {"2026-10-05"},
	 1,
	 "2026-09-27",
	 "2026-10-01",
	 "2026-10-08",
	 7,
	 false},
	{"no visits, a period as long as the interval",
	 {NULL},
	 0,
	 NULL,
	 "2026-10-01",
	 "2026-10-08",
	 7,
	 true},
	{"no visits, a day longer", {NULL}, 0, NULL, "2026-10-01", "2026-10-09", 7, false},
	{"no visits in the period, the one before it in reach",
	 {NULL},
	 0,
	 "2026-09-30",
	 "2026-10-01",
	 "2026-10-07",
	 7,
	 true},
	{"no visits in the period, the one before it too old",
	 {NULL},
	 0,
	 "2026-09-20",
	 "2026-10-01",
	 "2026-10-07",
	 7,
	 false},
	{"two visits on one day",
	 {"2026-10-07", "2026-10-07", "2026-10-14"},
	 3,
	 NULL,
	 "2026-10-01",
	 "2026-10-20",
	 7,
	 true},
	{"yearly across the year end",
	 {"2026-06-30"},
	 1,
	 "2025-07-01",
	 "2026-01-01",
	 "2026-12-31",
	 365,
	 true},
};

/* The days of a household as household_cov holds them (2 bytes each). */
static size_t
pack(unsigned char *out, const char *const *dates, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int d = visit_day(dates[i]);

		cr_assert_geq(d, 0, "%s", dates[i]);
		out[2 * i] = (unsigned char)(d & 0xff);
		out[2 * i + 1] = (unsigned char)(d >> 8);
	}
	return n;
}

/* Every case, with the household's whole history as the summary holds it:
 * a visit older than prev and a visit after the period must change
 * nothing. */
Test(visit_period, table)
{
	size_t i;

	for (i = 0; i < sizeof(on_time_cases) / sizeof(on_time_cases[0]); i++) {
		const struct on_time_case *c = &on_time_cases[i];
		const char *all[12];
		unsigned char days[24];
		size_t n = 0, k;
		struct visit_period p;

		if (c->prev) {
			all[n++] = "2020-02-29"; /* older than prev: not the one before */
			all[n++] = c->prev;
		}
		for (k = 0; k < c->n; k++)
			all[n++] = c->dates[k];
		all[n++] = "2027-03-01"; /* after every period */
		n = pack(days, all, n);
		p = visit_period(days, n, visit_day(c->from), visit_day(c->to), c->interval);
		cr_expect_eq(p.on_time, c->on_time, "%s: on time %d, want %d", c->what, p.on_time,
			     c->on_time);
		cr_expect_eq(p.visited, c->n > 0, "%s: visited %d", c->what, p.visited);
	}
}

Test(visit_period, no_visits_at_all)
{
	struct visit_period p =
		visit_period(NULL, 0, visit_day("2026-10-01"), visit_day("2026-10-08"), 7);

	cr_expect(!p.visited);
	cr_expect(p.on_time, "a period as long as the interval is on time without a visit");
	p = visit_period(NULL, 0, visit_day("2026-10-01"), visit_day("2026-10-09"), 7);
	cr_expect(!p.on_time);
}

Test(visit_day, numbers_and_refusals)
{
	cr_expect_eq(visit_day("2000-01-01"), 0);
	cr_expect_eq(visit_day("2000-03-01"), 60, "2000 is a leap year");
	cr_expect_eq(visit_day("2001-01-01"), 366);
	cr_expect_eq(visit_day("2026-11-22") - visit_day("2025-11-22"), 365);
	cr_expect_eq(visit_day("2024-03-01") - visit_day("2024-02-28"), 2);
	cr_expect_eq(visit_day("2100-03-01") - visit_day("2100-02-28"), 1, "2100 is not");
	cr_expect_eq(visit_day("1999-12-31"), -1, "before 2000");
	cr_expect_eq(visit_day("2180-01-01"), -1, "past 16 bits");
	cr_expect_eq(visit_day("2026-13-01"), -1);
	cr_expect_eq(visit_day("2026-1-01"), -1);
	cr_expect_eq(visit_day("2026-01-01x"), -1);
	cr_expect_eq(visit_day(""), -1);
}

/* visit_natural_cmp and visit_walk_cmp */

static int
sign(int x)
{
	return x < 0 ? -1 : x > 0 ? 1 : 0;
}

struct cmp_case {
	const char *a, *b;
	int want; /* -1, 0, 1 */
};

/* Runs of digits compare by value; other bytes by byte.  So "10A号" sorts
 * before "10号" ('A' < the first byte of 号): not asserted, docs/visits.md
 * names only the numbers (2号 before 10号). */
static const struct cmp_case natural_cases[] = {
	{"2号", "10号", -1},
	{"9号", "10号", -1},
	{"10号", "11号", -1},
	{"10号", "10号", 0},
	{"10号", "100号", -1},
	{"10A号", "10B号", -1},
	{"201", "1201", -1},
	{"201", "202", -1},
	{"201室", "1201室", -1},
	{"3-201", "3-1201", -1},
	{"2-301", "10-101", -1},
	{"普雄2村", "普雄10村", -1},
	{"B1", "B2", -1},
	{"10", "10号", -1},
	{"", "1", -1},
	{"", "", 0},
	/* runs longer than any integer type */
	{"123456789012345678901234567890", "123456789012345678901234567891", -1},
	{"99999999999999999999", "100000000000000000000", -1},
};

Test(visit_natural_cmp, table_and_antisymmetry)
{
	size_t i;

	for (i = 0; i < sizeof(natural_cases) / sizeof(natural_cases[0]); i++) {
		const struct cmp_case *c = &natural_cases[i];

		cr_expect_eq(sign(visit_natural_cmp(c->a, c->b)), c->want,
			     "cmp(\"%s\", \"%s\"): %d, want %d", c->a, c->b,
			     visit_natural_cmp(c->a, c->b), c->want);
		cr_expect_eq(sign(visit_natural_cmp(c->b, c->a)), -c->want,
			     "cmp(\"%s\", \"%s\"): %d, want %d", c->b, c->a,
			     visit_natural_cmp(c->b, c->a), -c->want);
	}
}

Test(visit_natural_cmp, sorts_labels_in_natural_order)
{
	const char *labels[] = {"10号", "2号", "1号", "21号", "3号", "12号", "100号"};
	const char *want[] = {"1号", "2号", "3号", "10号", "12号", "21号", "100号"};
	size_t n = sizeof(labels) / sizeof(labels[0]), i, j;

	/* insertion sort by the comparison under test */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && visit_natural_cmp(labels[j - 1], labels[j]) > 0; j--) {
			const char *t = labels[j];

			labels[j] = labels[j - 1];
			labels[j - 1] = t;
		}
	for (i = 0; i < n; i++)
		cr_expect_str_eq(labels[i], want[i], "position %zu", i);
}

struct walk_case {
	const char *what;
	struct walk_key a, b;
	int want;
};

static const struct walk_case walk_cases[] = {
	{"compound first, naturally",
	 {"普雄2村", "10号", 12, "1201"},
	 {"普雄10村", "1号", 1, "101"},
	 -1},
	{"then the building, naturally",
	 {"普雄小区", "2号", 6, "601"},
	 {"普雄小区", "10号", 1, "101"},
	 -1},
	{"then the floor", {"普雄小区", "2号", 3, "301"}, {"普雄小区", "2号", 12, "1201"}, -1},
	{"floor before room text",
	 {"普雄小区", "2号", 2, "201"},
	 {"普雄小区", "2号", 12, "1201"},
	 -1},
	{"floor beats the room's text",
	 {"普雄小区", "2号", 2, "9-201"},
	 {"普雄小区", "2号", 3, "1-301"},
	 -1},
	{"below ground first", {"普雄小区", "2号", -1, "B101"}, {"普雄小区", "2号", 1, "101"}, -1},
	{"unknown floor last",
	 {"普雄小区", "2号", 30, "3001"},
	 {"普雄小区", "2号", INT_MIN, "地下室"},
	 -1},
	{"unknown floor last, even before a lower room",
	 {"普雄小区", "2号", 6, "601"},
	 {"普雄小区", "2号", INT_MIN, "05"},
	 -1},
	{"same floor: the room, naturally",
	 {"普雄小区", "2号", 2, "201"},
	 {"普雄小区", "2号", 2, "202"},
	 -1},
	{"same floor: 3-201 before 3-1201 (both unit 3, floor given)",
	 {"普雄小区", "2号", 2, "3-201"},
	 {"普雄小区", "2号", 2, "3-1201"},
	 -1},
	{"both unknown floors: the room",
	 {"普雄小区", "2号", INT_MIN, "05"},
	 {"普雄小区", "2号", INT_MIN, "地下室"},
	 -1},
	{"the same place", {"普雄小区", "2号", 2, "201"}, {"普雄小区", "2号", 2, "201"}, 0},
};

Test(visit_walk_cmp, table_and_antisymmetry)
{
	size_t i;

	for (i = 0; i < sizeof(walk_cases) / sizeof(walk_cases[0]); i++) {
		const struct walk_case *c = &walk_cases[i];

		cr_expect_eq(sign(visit_walk_cmp(&c->a, &c->b)), c->want, "%s: %d, want %d",
			     c->what, visit_walk_cmp(&c->a, &c->b), c->want);
		cr_expect_eq(sign(visit_walk_cmp(&c->b, &c->a)), -c->want,
			     "%s (reversed): %d, want %d", c->what, visit_walk_cmp(&c->b, &c->a),
			     -c->want);
	}
}

/* The calendar, pure */

Test(calendar, rule_for_plain_days)
{
	cr_expect(calendar_rule("2026-11-23", 0), "a Monday");
	cr_expect(calendar_rule("2026-11-27", 0), "a Friday");
	cr_expect_not(calendar_rule("2026-11-28", 0), "a Saturday");
	cr_expect_not(calendar_rule("2026-11-22", 0), "a Sunday");
	cr_expect_not(calendar_rule("2026-10-01", 'h'), "a Thursday off");
	cr_expect(calendar_rule("2026-10-10", 'w'), "a Saturday worked");
	cr_expect(calendar_rule("2026-09-20", 'w'), "a Sunday worked");
	cr_expect_not(calendar_rule("2026-10-04", 'h'), "a Sunday that is also a holiday");
}

Test(calendar, weekday_and_days)
{
	char out[11];

	cr_expect_eq(calendar_weekday("2026-10-10"), 6);
	cr_expect_eq(calendar_weekday("2026-09-20"), 0);
	cr_expect_eq(calendar_weekday("2026-11-23"), 1);
	cr_expect_eq(calendar_weekday("2028-02-29"), 2);
	cr_expect_eq(calendar_days_between("2025-12-25", "2026-01-05"), 11);
	cr_expect_eq(calendar_days_between("2026-01-05", "2025-12-25"), -11);
	cr_expect_eq(calendar_days_between("2026-01-01", "2026-12-31"), 364);
	cr_expect_eq(calendar_days_between("2028-01-01", "2028-12-31"), 365);
	cr_expect_eq(calendar_days_between("2028-02-28", "2028-03-01"), 2);
	cr_expect_eq(calendar_days_between("2026-11-23", "2026-11-23"), 0);
	calendar_add_days("2025-12-30", 3, out);
	cr_expect_str_eq(out, "2026-01-02");
	calendar_add_days("2026-01-02", -3, out);
	cr_expect_str_eq(out, "2025-12-30");
	calendar_add_days("2028-02-28", 1, out);
	cr_expect_str_eq(out, "2028-02-29");
	calendar_add_days("2026-02-28", 1, out);
	cr_expect_str_eq(out, "2026-03-01");
	calendar_add_days("2026-11-23", -366, out);
	cr_expect_str_eq(out, "2025-11-22");
}

/* The calendar against a migrated database */

static struct testdb db;

static void
setup(void)
{
	testdb_open(&db);
}

static void
teardown(void)
{
	testdb_close(&db);
}

TestSuite(workdays, .init = setup, .fini = teardown);

static bool
workday(const char *date)
{
	bool w = false;

	cr_assert_eq(calendar_is_workday(db.st, date, &w), SB_OK, "%s", date);
	return w;
}

struct day_case {
	const char *date;
	bool work;
};

Test(workdays, national_day_2026)
{
	static const struct day_case days[] = {
		{"2026-09-18", true},  /* Friday */
		{"2026-09-19", false}, /* Saturday */
		{"2026-09-20", true},  /* Sunday worked in exchange */
		{"2026-09-24", true},  /* Thursday */
		{"2026-09-25", false}, /* 中秋节, a Friday */
		{"2026-09-26", false}, {"2026-09-27", false}, {"2026-09-28", true},
		{"2026-09-30", true},  {"2026-10-01", false}, {"2026-10-02", false},
		{"2026-10-03", false}, {"2026-10-04", false}, {"2026-10-05", false},
		{"2026-10-06", false}, {"2026-10-07", false}, {"2026-10-08", true},
		{"2026-10-09", true},  {"2026-10-10", true}, /* Saturday worked in exchange */
		{"2026-10-11", false},			     /* Sunday */
		{"2026-10-12", true},
	};
	size_t i;

	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++)
		cr_expect_eq(workday(days[i].date), days[i].work, "%s: want %s", days[i].date,
			     days[i].work ? "a working day" : "a day off");
}

Test(workdays, spring_festival_2026)
{
	static const struct day_case days[] = {
		{"2026-02-13", true}, /* Friday */
		{"2026-02-14", true}, /* Saturday worked */
		{"2026-02-15", false}, {"2026-02-16", false},
		{"2026-02-17", false}, {"2026-02-18", false},
		{"2026-02-19", false}, {"2026-02-20", false},
		{"2026-02-21", false}, {"2026-02-22", false},
		{"2026-02-23", false}, /* a Monday off */
		{"2026-02-24", true},  {"2026-02-27", true},
		{"2026-02-28", true},  /* Saturday worked */
		{"2026-03-01", false}, /* Sunday */
		{"2026-03-02", true},
	};
	size_t i;

	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++)
		cr_expect_eq(workday(days[i].date), days[i].work, "%s: want %s", days[i].date,
			     days[i].work ? "a working day" : "a day off");
}

Test(workdays, plain_weeks_outside_the_data)
{
	cr_expect(workday("2026-11-23"));
	cr_expect_not(workday("2026-11-22"));
	cr_expect_not(workday("2026-11-21"));
	/* a year the database has no calendar for: Monday to Friday */
	cr_expect(workday("2030-10-01"), "2030-10-01 is a Tuesday and 2030 is not in the data");
	cr_expect_not(workday("2030-10-05"));
}

struct add_case {
	const char *from;
	int n;
	const char *want;
};

Test(workdays, add_workdays)
{
	static const struct add_case cases[] = {
		{"2026-09-30", 0, "2026-09-30"},
		{"2026-09-30", 1, "2026-10-08"}, /* over the whole National Day holiday */
		{"2026-10-01", 0, "2026-10-08"}, /* from a holiday: the next working day */
		{"2026-10-03", 1, "2026-10-09"},
		{"2026-10-09", 1, "2026-10-10"}, /* the Saturday worked */
		{"2026-10-10", 1, "2026-10-12"},
		{"2026-10-11", 0, "2026-10-12"},
		{"2026-09-18", 1, "2026-09-20"}, /* the Sunday worked */
		{"2026-09-19", 0, "2026-09-20"},
		{"2026-09-24", 1, "2026-09-28"}, /* over 中秋节 */
		{"2026-09-28", 10, "2026-10-16"},
		{"2026-02-13", 1, "2026-02-14"},
		{"2026-02-13", 2, "2026-02-24"}, /* over the Spring Festival */
		{"2026-02-14", 5, "2026-02-28"},
		{"2026-02-28", 1, "2026-03-02"},
		{"2026-12-31", 1, "2027-01-01"}, /* 2027 is not in the data: a Friday */
	};
	char out[11];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(calendar_add_workdays(db.st, cases[i].from, cases[i].n, out), SB_OK);
		cr_expect_str_eq(out, cases[i].want, "%s + %d working days: %s, want %s",
				 cases[i].from, cases[i].n, out, cases[i].want);
	}
}

Test(workdays, an_admin_adds_a_day)
{
	char out[11];

	cr_assert(workday("2026-12-31"));
	cr_assert_eq(store_calendar_put(db.st, "2026-12-31", "holiday", "测试"), SB_OK);
	cr_expect_not(workday("2026-12-31"));
	cr_assert_eq(calendar_add_workdays(db.st, "2026-12-30", 1, out), SB_OK);
	cr_expect_str_eq(out, "2027-01-01");
	cr_assert_eq(store_calendar_put(db.st, "2027-01-02", "workday", "测试调休"), SB_OK);
	cr_expect(workday("2027-01-02"), "a Saturday made a working day");
	cr_assert_eq(calendar_add_workdays(db.st, "2027-01-01", 1, out), SB_OK);
	cr_expect_str_eq(out, "2027-01-02");
	cr_assert_eq(store_calendar_delete(db.st, "2026-12-31"), SB_OK);
	cr_expect(workday("2026-12-31"), "back to the rule");
}
