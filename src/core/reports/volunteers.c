/* GET /api/v1/reports/volunteers (core/volunteers.h).  To move to
 * src/core/reports/volunteers.c with the other reports. */

#include "core/volunteers.h"

int
volunteer_report(struct store *st, const struct scope *sc, const char *committee, const char *from,
		 const char *to, struct arena *ar, struct volunteer_totals *totals,
		 struct helper_total **helpers, size_t *nhelpers)
{
	int rc;

	*helpers = NULL;
	*nhelpers = 0;
	/* an open end of the period: every day */
	if (from == NULL)
		from = "0000-01-01";
	if (to == NULL)
		to = "9999-12-31";
	rc = store_volunteer_totals(st, sc, committee, from, to, ar, totals);
	if (rc == SB_OK) /* issue 19: the volunteers with a helper's account */
		rc = store_helper_totals(st, sc, committee, from, to, ar, helpers, nhelpers);
	return rc;
}
