/* GET /api/v1/reports/volunteers (core/volunteers.h).  To move to
 * src/core/reports/volunteers.c with the other reports. */

#include "core/volunteers.h"
#include "store/consult.h"
#include "store/people.h"

int
volunteer_report(struct store *st, const struct scope *sc, const char *committee, const char *from,
		 const char *to, struct arena *ar, const char **totals, const char **helpers)
{
	int rc;

	*helpers = NULL;
	rc = store_volunteer_totals(st, sc, committee, from ? from : "0000-01-01",
				    to ? to : "9999-12-31", ar, totals);
	if (rc == SB_OK) /* issue 19: the volunteers with a helper's account */
		rc = store_helper_totals(st, committee, from ? from : "0000-01-01",
					 to ? to : "9999-12-31", ar, helpers);
	return rc;
}
