#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/calendar.h"
#include "util/clock.h"

/* Days since 1970-01-01 of a date (0 when it is not one). */
static int64_t
day_number(const char *date)
{
	int64_t n = 0;

	return clock_date_days(date, &n) ? n : 0;
}

void
calendar_add_days(const char *date, int n, char out[11])
{
	clock_days_date(day_number(date) + n, out);
}

int
calendar_weekday(const char *date)
{
	struct clock_parts p;

	clock_utc_parts(day_number(date) * CLOCK_DAY, &p);
	return p.weekday;
}

int
calendar_days_between(const char *a, const char *b)
{
	return (int)(day_number(b) - day_number(a));
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

int
calendar_list(struct store *st, const char *from, const char *to, struct arena *ar,
	      struct calendar_list *out)
{
	return store_calendar_list(st, from, to, ar, out);
}

int
calendar_set(struct store *st, const struct actor *who, const char *date, const char *kind,
	     const char *name, json_t *detail, bool *workday)
{
	int rc = store_begin(st);

	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = kind == NULL ? store_calendar_delete(st, date)
			  : store_calendar_put(st, date, kind, name ? name : "");
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "calendar", date, "31", detail);
	else
		json_decref(detail);
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = calendar_is_workday(st, date, workday);
	return rc;
}
