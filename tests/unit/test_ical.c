/* The iCalendar writer (src/core/ical.c) and the pure rules the reception
 * roster and the reports were given (core/reception.c, core/reports/period.c):
 * folding at 75 octets never inside a UTF-8 sequence, TEXT escaping, an
 * all-day event, the days of a month, a report's default period. */

#include <string.h>

#include <criterion/criterion.h>

#include "core/ical.h"
#include "core/reception.h"
#include "core/reports/period.h"

Test(ical, short_line_is_one_line)
{
	struct buf b;

	buf_init(&b, 1 << 16);
	ical_line(&b, "VERSION:2.0");
	cr_expect_str_eq(b.data, "VERSION:2.0\r\n");
	buf_clear(&b);
}

Test(ical, long_line_folds_at_75_octets)
{
	char line[161];
	struct buf b;

	memset(line, 'a', 160);
	line[160] = '\0';
	buf_init(&b, 1 << 16);
	ical_line(&b, line);
	/* 75, then 74 after the folding space, then the rest (11) */
	cr_expect_eq(strcspn(b.data, "\r"), 75);
	cr_expect_eq(strncmp(b.data + 75, "\r\n ", 3), 0);
	cr_expect_eq(strcspn(b.data + 78, "\r"), 74);
	cr_expect_eq(strlen(b.data), 160 + 2 * 3 + 2);
	buf_clear(&b);
}

Test(ical, fold_never_splits_utf8)
{
	/* 74 ASCII octets then a 3-octet character straddling the 75th */
	char line[128];
	struct buf b;
	size_t first;

	memset(line, 'a', 74);
	strcpy(line + 74, "走访");
	buf_init(&b, 1 << 16);
	ical_line(&b, line);
	first = strcspn(b.data, "\r");
	cr_expect_eq(first, 74, "the character moves whole to the next line");
	cr_expect_eq(strncmp(b.data + 74, "\r\n 走访\r\n", strlen("\r\n 走访\r\n")), 0);
	buf_clear(&b);
}

Test(ical, text_is_escaped)
{
	struct arena ar;

	arena_init(&ar);
	cr_expect_str_eq(ical_text(&ar, "a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
	cr_expect_str_eq(ical_text(&ar, NULL), "");
	arena_clear(&ar);
}

Test(ical, all_day_event_ends_the_next_day)
{
	struct ical_event e = {"visit-1-20261231@sibai", "2026-12-31", "走访", "x"};
	struct arena ar;
	struct buf b;

	arena_init(&ar);
	buf_init(&b, 1 << 16);
	ical_event(&b, &ar, 0, &e);
	cr_expect(strstr(b.data, "DTSTART;VALUE=DATE:20261231\r\n") != NULL);
	cr_expect(strstr(b.data, "DTEND;VALUE=DATE:20270101\r\n") != NULL);
	cr_expect(strstr(b.data, "DTSTAMP:19700101T000000Z\r\n") != NULL);
	buf_clear(&b);
	arena_clear(&ar);
}

Test(reception, month_days)
{
	static const struct {
		const char *month, *first, *last;
	} cases[] = {
		{"2026-02", "2026-02-01", "2026-02-28"},
		{"2028-02", "2028-02-01", "2028-02-29"},
		{"2026-12", "2026-12-01", "2026-12-31"},
		{"2000-01", "2000-01-01", "2000-01-31"},
	};
	static const char *const bad[] = {"2026-13", "2026-1",	 "1999-12",
					  "2101-01", "2026-01x", ""};
	char first[11], last[11];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert(reception_month_days(cases[i].month, first, last), "%s", cases[i].month);
		cr_expect_str_eq(first, cases[i].first);
		cr_expect_str_eq(last, cases[i].last);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect(!reception_month_days(bad[i], first, last), "%s", bad[i]);
	cr_expect(!reception_month_days(NULL, first, last));
}

Test(report, period_defaults_to_a_year_to_today)
{
	char from[11], to[11];
	struct sb_fail fail = {0};

	cr_assert_eq(report_period(NULL, NULL, "2026-12-03", from, to, &fail), SB_OK);
	cr_expect_str_eq(to, "2026-12-03");
	cr_expect_str_eq(from, "2025-12-04");
	cr_assert_eq(report_period("2026-01-01", NULL, "2026-12-03", from, to, &fail), SB_OK);
	cr_expect_str_eq(from, "2026-01-01");
	cr_assert_eq(report_period(NULL, "2026-06-30", "2026-12-03", from, to, &fail), SB_OK);
	cr_expect_str_eq(from, "2025-07-01");
	cr_expect_eq(report_period("2026-02-02", "2026-02-01", "2026-12-03", from, to, &fail),
		     SB_BAD_QUERY);
	cr_expect_str_eq(fail.field, "to");
}
