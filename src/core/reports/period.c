#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/reports/period.h"

int
report_period(const char *from, const char *to, const char *today, char from_out[11],
	      char to_out[11], struct sb_fail *fail)
{
	snprintf(to_out, 11, "%s", to ? to : today);
	if (from)
		snprintf(from_out, 11, "%s", from);
	else
		calendar_add_days(to_out, -364, from_out);
	if (strcmp(from_out, to_out) > 0)
		return sb_fail(fail, SB_BAD_QUERY, "to", "to: must not be before from",
			       "to：不能早于 from");
	return SB_OK;
}
