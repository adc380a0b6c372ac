#include <limits.h>
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

bool
visit_on_time(const char *const *dates, size_t n, const char *prev, const char *from,
	      const char *to, int interval)
{
	const char *at = prev ? prev : from;
	size_t i;

	if (interval <= 0)
		interval = VISIT_DEFAULT_INTERVAL;
	for (i = 0; i < n; i++) {
		if (calendar_days_between(at, dates[i]) > interval)
			return false;
		at = dates[i];
	}
	return calendar_days_between(at, to) <= interval;
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
