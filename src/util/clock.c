/*
 * The one clock (clock.h): dates, RFC 3339 times, Asia/Shanghai at UTC+8.
 * Civil dates and day numbers by H. Hinnant's "chrono-Compatible Low-Level
 * Date Algorithms"; no libc time functions, so no TZ and no locale.
 */

#include <stddef.h>

#include "util/clock.h"

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define UNIX_MIN INT64_C(-62135596800)
#define UNIX_MAX INT64_C(253402300799)

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n digits at *p and moves past them. */
static bool
digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

bool
clock_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
clock_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && clock_is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a valid civil date. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *year, int *month, int *day)
{
	int64_t era, doe, yoe, doy, mp, y, m, d;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

/* Reads YYYY-MM-DD at *p (a real date) and moves past it. */
static bool
read_date(const char **p, int *y, int *m, int *d)
{
	if (!digits(p, 4, y) || *(*p)++ != '-' || !digits(p, 2, m) || *(*p)++ != '-' ||
	    !digits(p, 2, d))
		return false;
	return *y >= 1 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= clock_month_days(*y, *m);
}

bool
clock_date_days(const char *s, int64_t *days)
{
	int y, m, d;

	if (s == NULL || !read_date(&s, &y, &m, &d) || *s != '\0')
		return false;
	*days = days_from_civil(y, m, d);
	return true;
}

bool
clock_date_valid(const char *s)
{
	int64_t days;

	return clock_date_days(s, &days);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Writes v as n digits. */
static char *
put(char *o, int v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		o[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return o + n;
}

/* "YYYY-MM-DD" (10 characters, no NUL). */
static char *
put_ymd(char *o, const struct clock_parts *p)
{
	o = put(o, p->year, 4);
	*o++ = '-';
	o = put(o, p->month, 2);
	*o++ = '-';
	return put(o, p->day, 2);
}

static void
put_date(char out[CLOCK_DATE_LEN], const struct clock_parts *p)
{
	*put_ymd(out, p) = '\0';
}

/* "YYYY-MM-DDTHH:MM:SS" (19 characters, no NUL). */
static char *
put_parts(char *o, const struct clock_parts *p)
{
	o = put_ymd(o, p);
	*o++ = 'T';
	o = put(o, p->hour, 2);
	*o++ = ':';
	o = put(o, p->minute, 2);
	*o++ = ':';
	return put(o, p->second, 2);
}

void
clock_days_date(int64_t days, char out[CLOCK_DATE_LEN])
{
	struct clock_parts p;

	clock_utc_parts(days * CLOCK_DAY, &p);
	put_date(out, &p);
}

bool
clock_day_start(const char *date, int64_t *start)
{
	int64_t days;

	if (!clock_date_days(date, &days))
		return false;
	*start = days * CLOCK_DAY - CLOCK_SHANGHAI_OFFSET;
	return true;
}

bool
clock_day_end(const char *date, int64_t *end)
{
	if (!clock_day_start(date, end))
		return false;
	*end += CLOCK_DAY;
	return true;
}

bool
clock_parse_time(const char *s, int64_t *out)
{
	const char *p = s;
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 1;

	if (p == NULL || !read_date(&p, &y, &mo, &d))
		return false;
	if (*p != 'T' && *p != 't')
		return false;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) || *p++ != ':' ||
	    !digits(&p, 2, &sec))
		return false;
	if (h > 23 || mi > 59 || sec > 59)
		return false;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return false;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) || oh > 23 || om > 59)
			return false;
	} else {
		return false;
	}
	if (*p != '\0')
		return false;
	*out = days_from_civil(y, mo, d) * CLOCK_DAY + h * 3600 + mi * 60 + sec -
	       sign * (oh * 3600 + om * 60);
	return true;
}

int64_t
clock_shanghai(int year, int month, int day, int hour, int minute, int second)
{
	return days_from_civil(year, month, day) * CLOCK_DAY + hour * 3600 + minute * 60 + second -
	       CLOCK_SHANGHAI_OFFSET;
}

void
clock_utc_parts(int64_t t, struct clock_parts *p)
{
	int64_t days, rem;

	if (t < UNIX_MIN)
		t = UNIX_MIN;
	if (t > UNIX_MAX)
		t = UNIX_MAX;
	days = floor_div(t, CLOCK_DAY);
	rem = t - days * CLOCK_DAY;
	civil_from_days(days, &p->year, &p->month, &p->day);
	p->hour = (int)(rem / 3600);
	p->minute = (int)(rem / 60 % 60);
	p->second = (int)(rem % 60);
	/* 1970-01-01 was a Thursday. */
	p->weekday = (int)((days % 7 + 11) % 7);
}

void
clock_shanghai_parts(int64_t t, struct clock_parts *p)
{
	if (t > UNIX_MAX - CLOCK_SHANGHAI_OFFSET)
		t = UNIX_MAX - CLOCK_SHANGHAI_OFFSET;
	clock_utc_parts(t + CLOCK_SHANGHAI_OFFSET, p);
}

void
clock_format_utc(int64_t t, char out[CLOCK_UTC_LEN])
{
	struct clock_parts p;
	char *o;

	clock_utc_parts(t, &p);
	o = put_parts(out, &p);
	*o++ = 'Z';
	*o = '\0';
}

void
clock_format_shanghai(int64_t t, char out[CLOCK_LOCAL_LEN])
{
	static const char zone[] = "+08:00";
	struct clock_parts p;
	char *o;
	size_t i;

	clock_shanghai_parts(t, &p);
	o = put_parts(out, &p);
	for (i = 0; i < sizeof(zone); i++)
		*o++ = zone[i];
}

void
clock_shanghai_date(int64_t t, char out[CLOCK_DATE_LEN])
{
	struct clock_parts p;

	clock_shanghai_parts(t, &p);
	put_date(out, &p);
}

int
clock_shanghai_minute(int64_t t)
{
	struct clock_parts p;

	clock_shanghai_parts(t, &p);
	return p.hour * 60 + p.minute;
}
