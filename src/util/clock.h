#ifndef SB_CLOCK_H
#define SB_CLOCK_H

/*
 * The one clock of sibai: RFC 3339 times, YYYY-MM-DD dates and the time of
 * Asia/Shanghai.  Pure functions: no I/O, no locale, no TZ environment, no
 * libc time zone code (timegm, mktime, strptime, localtime) anywhere.
 *
 * Asia/Shanghai is fixed at UTC+8.  China has not observed daylight saving
 * time since 1991, and sibai keeps no dates of people's data before 2000
 * that need a wall-clock hour, so a constant offset is exact for every
 * instant the program handles; it also means the answer never depends on the
 * tz database or on the TZ variable of the machine.
 *
 * A date written YYYY-MM-DD is a Shanghai day: from its 00:00 (16:00Z the
 * day before) up to, not including, the next day's 00:00.  Instants are unix
 * seconds (int64_t).  Years are 0001 to 9999.
 */

#include <stdbool.h>
#include <stdint.h>

#define CLOCK_SHANGHAI_OFFSET 28800 /* seconds east of UTC */
#define CLOCK_DAY 86400

/* SQL for the Shanghai date (YYYY-MM-DD) of a column of unix seconds, for
 * queries that group or filter by day; the offset is CLOCK_SHANGHAI_OFFSET. */
#define CLOCK_SQL_SHANGHAI_DATE(col) "date(" col " + 28800, 'unixepoch')"

/* Sizes with the NUL. */
#define CLOCK_DATE_LEN 11  /* YYYY-MM-DD */
#define CLOCK_UTC_LEN 21   /* YYYY-MM-DDTHH:MM:SSZ */
#define CLOCK_LOCAL_LEN 26 /* YYYY-MM-DDTHH:MM:SS+08:00 */

/* A broken-down civil time. */
struct clock_parts {
	int year, month, day, hour, minute, second;
	int weekday; /* 0 = Sunday */
};

/* Whether s is exactly a real calendar date YYYY-MM-DD (0001 to 9999, leap
 * years by the Gregorian rule).  NULL is not. */
bool clock_date_valid(const char *s);
/* The Gregorian calendar: a leap year; the days of month M (1–12) of year Y. */
bool clock_is_leap(int y);
int clock_month_days(int y, int m);

/* Days since 1970-01-01 of a date written YYYY-MM-DD; false when s is not a
 * valid date.  And back: the date of a day number, within 0001 to 9999. */
bool clock_date_days(const char *s, int64_t *days);
void clock_days_date(int64_t days, char out[CLOCK_DATE_LEN]);

/* The Shanghai day of a date: its start (00:00 +08:00) and end (the next
 * day's start) in unix seconds.  False when s is not a valid date. */
bool clock_day_start(const char *date, int64_t *start);
bool clock_day_end(const char *date, int64_t *end);

/* An RFC 3339 date-time (section 5.6): YYYY-MM-DDTHH:MM:SS, optional
 * fractional seconds (dropped), then Z or ±HH:MM; T and Z in either case.
 * Refused: a missing offset, hour 24, second 60 (a leap second: unix time
 * has no name for it), an offset beyond ±23:59, anything after the offset,
 * a date that does not exist.  NULL is refused. */
bool clock_parse_time(const char *s, int64_t *out);

/* The unix time of a Shanghai wall-clock time (fields not checked). */
int64_t clock_shanghai(int year, int month, int day, int hour, int minute, int second);

/* Broken-down UTC or Shanghai time of an instant (clamped to 0001-9999). */
void clock_utc_parts(int64_t t, struct clock_parts *p);
void clock_shanghai_parts(int64_t t, struct clock_parts *p);

/* "YYYY-MM-DDTHH:MM:SSZ". */
void clock_format_utc(int64_t t, char out[CLOCK_UTC_LEN]);
/* "YYYY-MM-DDTHH:MM:SS+08:00": the same instant as Shanghai reads it. */
void clock_format_shanghai(int64_t t, char out[CLOCK_LOCAL_LEN]);
/* The Shanghai date of an instant. */
void clock_shanghai_date(int64_t t, char out[CLOCK_DATE_LEN]);
/* Minutes since Shanghai midnight (0 to 1439), for rules such as "visited
 * before 15:30". */
int clock_shanghai_minute(int64_t t);

#endif
