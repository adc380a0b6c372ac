/* The gate log (src/core/gates.c): the day a gate's counts and entries are
 * asked for, today in Shanghai when none is given. */

#include <string.h>

#include <criterion/criterion.h>

#include "core/gates.h"

struct day_case {
	const char *what;
	const char *date; /* NULL: not given */
	int64_t now;
	int rc;
	const char *day;
};

static const struct day_case day_cases[] = {
	/* 2026-11-22T16:30:00Z is 00:30 on the 23rd in Shanghai */
	{"not given: today in Shanghai", NULL, 1795365000, SB_OK, "2026-11-23"},
	{"not given, before midnight in Shanghai", NULL, 1795361400, SB_OK, "2026-11-22"},
	{"a date", "2026-02-28", 1795365000, SB_OK, "2026-02-28"},
	{"not a day of the calendar", "2026-02-30", 1795365000, SB_BAD_QUERY, NULL},
	{"not a date", "11月", 1795365000, SB_BAD_QUERY, NULL},
};

Test(gates, gate_day)
{
	size_t i;

	for (i = 0; i < sizeof(day_cases) / sizeof(day_cases[0]); i++) {
		const struct day_case *c = &day_cases[i];
		struct sb_fail fail = {0};
		struct arena ar;
		const char *day = NULL;
		int rc;

		arena_init(&ar);
		rc = gate_day(c->date, c->now, &ar, &day, &fail);
		cr_assert_eq(rc, c->rc, "%s: rc %d", c->what, rc);
		if (c->day)
			cr_assert_str_eq(day, c->day, "%s: %s", c->what, day);
		else
			cr_assert_str_eq(fail.field, "date", "%s", c->what);
		arena_clear(&ar);
	}
}
