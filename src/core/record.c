#include <string.h>

#include "core/record.h"
#include "core/visits.h"

static const char *const kind_names[RK_COUNT] = {
	[RK_VISIT] = "visit",
	[RK_ISSUE_TAKEN] = "issue_taken",
	[RK_ISSUE_RESOLVED] = "issue_resolved",
	[RK_SATISFACTION] = "satisfaction",
	[RK_CAMPAIGN_TASK] = "campaign_task",
	[RK_TRAINING] = "training",
};

const char *
record_kind_name(enum record_kind k)
{
	if ((int)k < 0 || k >= RK_COUNT)
		return "";
	return kind_names[k];
}

bool
record_visit_on_time(int interval, const char *prev, const char *prev_follow_up, const char *date)
{
	struct due d = visit_due(interval, prev, prev_follow_up, date);

	return !d.due || d.days_overdue == 0;
}

int
record_points(const struct record_weights *w, const struct record_source *s)
{
	if ((int)s->kind < 0 || s->kind >= RK_COUNT)
		return 0;
	switch (s->kind) {
	case RK_VISIT: return s->value ? w->w[RK_VISIT] : 0;
	case RK_SATISFACTION: return w->w[RK_SATISFACTION] * (s->value - 3);
	case RK_TRAINING: return w->w[RK_TRAINING] * s->value;
	default: return w->w[s->kind];
	}
}

void
record_sum(const struct record_weights *w, const struct record_source *s, size_t n,
	   struct record_total *t, int *points)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		int p = record_points(w, &s[i]);

		if ((int)s[i].kind < 0 || s[i].kind >= RK_COUNT)
			continue;
		t->count[s[i].kind]++;
		t->points[s[i].kind] += p;
		t->total += p;
		if (points)
			points[i] = p;
	}
}

void
record_by_month(const struct record_weights *w, const struct record_source *s, size_t n,
		struct record_total months[12])
{
	size_t i;

	memset(months, 0, 12 * sizeof(months[0]));
	for (i = 0; i < n; i++) {
		int m, p;

		if (strlen(s[i].date) != 10 || (int)s[i].kind < 0 || s[i].kind >= RK_COUNT)
			continue;
		m = (s[i].date[5] - '0') * 10 + (s[i].date[6] - '0');
		if (m < 1 || m > 12)
			continue;
		p = record_points(w, &s[i]);
		months[m - 1].count[s[i].kind]++;
		months[m - 1].points[s[i].kind] += p;
		months[m - 1].total += p;
	}
}

int
record_quota_needed(int64_t households, int per_worker)
{
	if (households <= 0 || per_worker <= 0)
		return 0;
	return (int)((households + per_worker - 1) / per_worker);
}
