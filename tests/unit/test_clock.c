/* The one clock (src/util/clock.h): RFC 3339 times, YYYY-MM-DD dates and the
 * Shanghai day (UTC+8, no DST), independent of the TZ environment. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>

#include "util/clock.h"

struct time_case {
	const char *s;
	bool valid;
	int64_t t;
};

/* 2026-12-01T00:00:00Z */
#define D1 INT64_C(1796083200)

static const struct time_case time_cases[] = {
	{"2026-12-01T00:00:00Z", true, D1},
	{"2026-12-01T08:00:00+08:00", true, D1},
	{"2026-11-30T18:30:00-05:30", true, D1},
	{"2026-12-01T00:00:00-00:00", true, D1},
	{"2026-12-01T00:00:00.5Z", true, D1},		   /* fractional seconds dropped */
	{"2026-12-01T00:00:00.123456789+00:00", true, D1}, /* any number of digits */
	{"2026-12-01t00:00:00z", true, D1},		   /* RFC 3339 5.6: t and z */
	{"2024-02-29T12:00:00Z", true, INT64_C(1709208000)},
	{"1970-01-01T00:00:00Z", true, 0},
	{"1969-12-31T23:59:59Z", true, -1},
	{"0001-01-01T00:00:00Z", true, INT64_C(-62135596800)},
	{"9999-12-31T23:59:59Z", true, INT64_C(253402300799)},
	{"2026-12-01T23:59:59+23:59", true, D1 + 86399 - 86340},
	{"2026-02-29T12:00:00Z", false, 0}, /* 2026 is not a leap year */
	{"2100-02-29T12:00:00Z", false, 0},
	{"2026-12-01T24:00:00Z", false, 0},
	{"2016-12-31T23:59:60Z", false, 0}, /* a leap second: unix time cannot name it */
	{"2026-12-01T12:60:00Z", false, 0},
	{"2026-12-01T00:00:00", false, 0}, /* no offset */
	{"2026-12-01", false, 0},	   /* a date is not a time */
	{"2026-12-01 00:00:00Z", false, 0},
	{"2026-12-01T00:00Z", false, 0},
	{"2026-12-01T00:00:00.Z", false, 0},
	{"2026-12-01T00:00:00+0800", false, 0},
	{"2026-12-01T00:00:00+24:00", false, 0},
	{"2026-12-01T00:00:00+08:60", false, 0},
	{"2026-12-01T00:00:00Zjunk", false, 0},
	{"2026-12-01T00:00:00+08:00 ", false, 0},
	{"12026-12-01T00:00:00Z", false, 0}, /* overflow years */
	{"99999999999-12-01T00:00:00Z", false, 0},
	{"0000-01-01T00:00:00Z", false, 0},
	{"2026-13-01T00:00:00Z", false, 0},
	{"2026-00-10T00:00:00Z", false, 0},
	{"2026-12-32T00:00:00Z", false, 0},
	{"+2026-12-01T00:00:00Z", false, 0},
	{"2026-1-01T00:00:00Z", false, 0},
	{"", false, 0},
};

Test(clock, parse_time_table)
{
	size_t i;

	for (i = 0; i < sizeof(time_cases) / sizeof(time_cases[0]); i++) {
		const struct time_case *c = &time_cases[i];
		int64_t t = 42;
		bool ok = clock_parse_time(c->s, &t);

		cr_expect_eq(ok, c->valid, "%s: %s", c->s, ok ? "accepted" : "refused");
		if (ok && c->valid)
			cr_expect_eq(t, c->t, "%s: %lld, not %lld", c->s, (long long)t,
				     (long long)c->t);
	}
	cr_expect_not(clock_parse_time(NULL, &(int64_t){0}));
}

struct date_case {
	const char *s;
	bool valid;
};

static const struct date_case date_cases[] = {
	{"2026-12-01", true},  {"2024-02-29", true},   {"2000-02-29", true},
	{"0001-01-01", true},  {"9999-12-31", true},   {"2026-02-29", false},
	{"1900-02-29", false}, {"2026-04-31", false},  {"2026-12-1", false},
	{"2026/12/01", false}, {"2026-12-01T", false}, {"2026-12-01 ", false},
	{"20261201", false},   {"0000-01-01", false},  {"10000-01-01", false},
	{"", false},	       {"2026-12-0a", false},  {"-026-12-01", false},
};

Test(clock, dates_table)
{
	size_t i;

	for (i = 0; i < sizeof(date_cases) / sizeof(date_cases[0]); i++)
		cr_expect_eq(clock_date_valid(date_cases[i].s), date_cases[i].valid, "%s",
			     date_cases[i].s);
	cr_expect_not(clock_date_valid(NULL));
}

/* A bare date is the Shanghai day: 2026-12-01 is 2026-11-30T16:00Z up to
 * 2026-12-01T16:00Z, whatever TZ says. */
Test(clock, shanghai_day_boundaries)
{
	int64_t start, end, t;
	char s[CLOCK_LOCAL_LEN], d[CLOCK_DATE_LEN];

	setenv("TZ", "America/New_York", 1);
	tzset();
	cr_assert(clock_day_start("2026-12-01", &start));
	cr_assert(clock_day_end("2026-12-01", &end));
	clock_format_utc(start, s);
	cr_expect_str_eq(s, "2026-11-30T16:00:00Z");
	clock_format_utc(end, s);
	cr_expect_str_eq(s, "2026-12-01T16:00:00Z");
	cr_expect_eq(end - start, CLOCK_DAY);
	cr_expect_not(clock_day_start("2026-02-29", &start));
	cr_expect_not(clock_day_end("2026-12-01T00:00:00Z", &end));

	/* 23:30 Shanghai on the 1st is inside the day; 00:10 on the 2nd is not. */
	cr_assert(clock_parse_time("2026-12-01T23:30:00+08:00", &t));
	cr_expect(t >= start && t < end);
	clock_shanghai_date(t, d);
	cr_expect_str_eq(d, "2026-12-01");
	cr_expect_eq(clock_shanghai_minute(t), 23 * 60 + 30);
	cr_assert(clock_parse_time("2026-12-02T00:10:00+08:00", &t));
	cr_expect(t >= end);
	clock_shanghai_date(t, d);
	cr_expect_str_eq(d, "2026-12-02");
	cr_expect_eq(clock_shanghai_minute(t), 10);
	/* 16:00Z is already tomorrow in Shanghai. */
	clock_shanghai_date(end, d);
	cr_expect_str_eq(d, "2026-12-02");
	clock_shanghai_date(end - 1, d);
	cr_expect_str_eq(d, "2026-12-01");
	clock_format_shanghai(end - 1, s);
	cr_expect_str_eq(s, "2026-12-01T23:59:59+08:00");
	cr_expect_eq(clock_shanghai(2026, 12, 1, 23, 30, 0), t - 40 * 60);
	/* Before 1970 and at the clamps. */
	clock_format_utc(-1, s);
	cr_expect_str_eq(s, "1969-12-31T23:59:59Z");
	clock_shanghai_date(INT64_MAX, d);
	cr_expect_str_eq(d, "9999-12-31");
	clock_shanghai_date(INT64_MIN, d);
	cr_expect_str_eq(d, "0001-01-01");
	unsetenv("TZ");
	tzset();
}

/* Day numbers round-trip over four centuries, and weekdays agree. */
Test(clock, day_numbers)
{
	int64_t n, back;
	char d[CLOCK_DATE_LEN];
	struct clock_parts p;

	cr_assert(clock_date_days("1970-01-01", &n));
	cr_expect_eq(n, 0);
	cr_assert(clock_date_days("2026-12-01", &n));
	cr_expect_eq(n * CLOCK_DAY, D1);
	for (n = -200000; n < 150000; n += 7) {
		clock_days_date(n, d);
		cr_assert(clock_date_days(d, &back), "%s", d);
		cr_assert_eq(back, n, "%s", d);
	}
	clock_utc_parts(D1, &p); /* 2026-12-01 is a Tuesday */
	cr_expect_eq(p.weekday, 2);
	clock_utc_parts(-CLOCK_DAY, &p); /* 1969-12-31: Wednesday */
	cr_expect_eq(p.weekday, 3);
}
