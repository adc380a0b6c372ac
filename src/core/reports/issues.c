#include "core/issues.h"
#include "util/clock.h"

/*
 * GET /reports/issues: which area, which period, then the figures
 * (issue_figures in core/issues.c).  To move to src/core/reports/issues.c
 * once the Makefile builds that folder (issue 15).
 */

int
issue_report_area(struct store *st, const struct scope *sc, const char *area, struct arena *ar,
		  struct area *out, struct sb_fail *fail)
{
	int rc;

	if (area == NULL) {
		struct user me;

		/* The session carries no scope list: read the user's. */
		rc = store_user_by_id(st, sc->user_id, ar, &me);
		if (rc != SB_OK)
			return rc;
		if (me.nscope != 1)
			return sb_refuse(fail, ar, SB_BAD_QUERY, "area",
					 "required when your jurisdiction has several areas",
					 "您的辖区有多个区划时必填");
		area = me.scope[0];
	}
	rc = store_area_get(st, sc, area, ar, out);
	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, rc, "area", "area: no such area in your jurisdiction",
			       "area：您的辖区内没有该区划");
	return rc;
}

int
issue_report(struct store *st, const struct scope *sc, const struct area *area,
	     const struct issue_period *period, int64_t now, struct arena *ar,
	     struct issue_report *out, struct sb_fail *fail)
{
	int64_t from, to;

	out->area = *area;
	to = period->to;
	if (!period->has_to) {
		clock_shanghai_date(now, out->to_date);
		clock_day_end(out->to_date, &to);
	}
	from = period->has_from ? period->from : to - 30 * CLOCK_DAY;
	if (from >= to)
		return sb_refuse(fail, ar, SB_BAD_QUERY, "from", "must not be after to",
				 "不能晚于 to");
	clock_shanghai_date(from, out->from_date);
	clock_shanghai_date(to - 1, out->to_date);
	return issue_figures(st, sc, out->area.code, from, to, now, ar, &out->figures);
}
