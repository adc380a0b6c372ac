#ifndef SB_REPORT_H
#define SB_REPORT_H

/*
 * What the reports share (core/coverage.c, core/reports/reception.c): the
 * period a report covers.  The area of a report is area_of_report
 * (core/areas.h).
 */

#include "util/errors.h"

/* The period [from, to] of a report from the dates asked (NULL: not
 * asked): to defaults to today, from to 364 days before to (a year).
 * SB_BAD_QUERY with fail naming "to" when from is after to. */
int report_period(const char *from, const char *to, const char *today, char from_out[11],
		  char to_out[11], struct sb_fail *fail);

#endif
