#include "util/day.h"

#include <stdbool.h>
#include <stdint.h>

static bool
digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int
visit_day(const char *d)
{
	int64_t y, m, dd, era, yoe, doy, doe, n;

	if (!(digits(d, 4) && d[4] == '-' && digits(d + 5, 2) && d[7] == '-' && digits(d + 8, 2) &&
	      d[10] == '\0'))
		return -1;
	y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	m = (d[5] - '0') * 10 + (d[6] - '0');
	dd = (d[8] - '0') * 10 + (d[9] - '0');
	if (m < 1 || m > 12 || dd < 1 || dd > 31)
		return -1;
	/* days from civil (proleptic Gregorian), then from 2000-01-01 */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	n = era * 146097 + doe - 719468 - 10957;
	return n >= 0 && n <= 65535 ? (int)n : -1;
}
