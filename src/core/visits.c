#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "core/calendar.h"
#include "core/visits.h"

struct due
visit_due(int interval, const char *last, const char *follow_up, const char *today)
{
	struct due d = {.reason = DUE_NEVER};

	if (interval <= 0)
		interval = VISIT_DEFAULT_INTERVAL;
	if (last == NULL || last[0] == '\0') {
		d.due = true;
		d.days_overdue = 0;
		if (follow_up && follow_up[0]) {
			memcpy(d.due_on, follow_up, 11);
			d.reason = DUE_FOLLOW_UP;
			d.due = strcmp(follow_up, today) <= 0;
			d.days_overdue = d.due ? calendar_days_between(follow_up, today) : 0;
		}
		return d;
	}
	calendar_add_days(last, interval, d.due_on);
	d.reason = DUE_INTERVAL;
	if (follow_up && follow_up[0] && strcmp(follow_up, d.due_on) < 0 &&
	    strcmp(follow_up, last) > 0) {
		memcpy(d.due_on, follow_up, 11);
		d.reason = DUE_FOLLOW_UP;
	}
	d.due = strcmp(d.due_on, today) <= 0;
	d.days_overdue = d.due ? calendar_days_between(d.due_on, today) : 0;
	return d;
}

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

struct visit_period
visit_period(const unsigned char *days, size_t n, int from, int to, int interval)
{
	struct visit_period p = {.visited = false, .on_time = false};
	int at = from;
	bool ok = true;
	size_t i = 0;

	if (interval <= 0)
		interval = VISIT_DEFAULT_INTERVAL;
	/* from the last visit before the period, else from its first day */
	for (; i < n && days[2 * i] + 256 * days[2 * i + 1] < from; i++)
		at = days[2 * i] + 256 * days[2 * i + 1];
	for (; i < n && ok; i++) {
		int d = days[2 * i] + 256 * days[2 * i + 1];

		if (d > to)
			break;
		p.visited = true;
		ok = d - at <= interval;
		at = d;
	}
	p.on_time = ok && to - at <= interval;
	return p;
}

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

int
visit_natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (digit(*a) && digit(*b)) {
			const char *sa, *sb;
			size_t la, lb;

			while (*a == '0' && digit(a[1]))
				a++;
			while (*b == '0' && digit(b[1]))
				b++;
			sa = a;
			sb = b;
			while (digit(*a))
				a++;
			while (digit(*b))
				b++;
			la = (size_t)(a - sa);
			lb = (size_t)(b - sb);
			if (la != lb)
				return la < lb ? -1 : 1;
			if (memcmp(sa, sb, la) != 0)
				return memcmp(sa, sb, la) < 0 ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

int
visit_walk_cmp(const struct walk_key *a, const struct walk_key *b)
{
	int c = visit_natural_cmp(a->compound, b->compound);

	if (c == 0)
		c = visit_natural_cmp(a->building, b->building);
	if (c == 0 && a->floor != b->floor) {
		if (a->floor == INT_MIN)
			return 1;
		if (b->floor == INT_MIN)
			return -1;
		c = a->floor < b->floor ? -1 : 1;
	}
	if (c == 0)
		c = visit_natural_cmp(a->room, b->room);
	return c;
}
