#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/calendar.h"

static time_t
to_time(const char *date)
{
	struct tm tm = {0};

	if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	return timegm(&tm);
}

void
calendar_add_days(const char *date, int n, char out[11])
{
	time_t t = to_time(date) + (time_t)n * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int
calendar_weekday(const char *date)
{
	time_t t = to_time(date);
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm.tm_wday;
}

int
calendar_days_between(const char *a, const char *b)
{
	return (int)((to_time(b) - to_time(a)) / 86400);
}

bool
calendar_rule(const char *date, char exception)
{
	int wd;

	if (exception == 'h')
		return false;
	if (exception == 'w')
		return true;
	wd = calendar_weekday(date);
	return wd != 0 && wd != 6;
}

int
calendar_is_workday(struct store *st, const char *date, bool *workday)
{
	char kind = 0;
	int rc = store_calendar_exception(st, date, &kind);

	if (rc != SB_OK)
		return rc;
	*workday = calendar_rule(date, kind);
	return SB_OK;
}

int
calendar_add_workdays(struct store *st, const char *date, int n, char out[11])
{
	char d[11];
	bool work;
	int rc, guard;

	snprintf(d, sizeof(d), "%s", date);
	/* Land on a working day first. */
	for (guard = 0; guard < 400; guard++) {
		rc = calendar_is_workday(st, d, &work);
		if (rc != SB_OK)
			return rc;
		if (work)
			break;
		calendar_add_days(d, 1, d);
	}
	while (n > 0 && guard < 4000) {
		calendar_add_days(d, 1, d);
		rc = calendar_is_workday(st, d, &work);
		if (rc != SB_OK)
			return rc;
		if (work)
			n--;
		guard++;
	}
	memcpy(out, d, 11);
	return SB_OK;
}
