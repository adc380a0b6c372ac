#include <string.h>

#include "core/reports/day.h"
#include "util/errors.h"

const char *const report_day_kinds[REPORT_DAY_KINDS] = {
	"patrol", "registration", "publicity", "hazard_check", "delivery", "gate_shift"};

struct workers {
	struct arena *ar;
	struct day_report *report;
	size_t cap;
};

static int
add_worker(int64_t user, const char *login, const char *name, int duty_minutes, int entries,
	   int visits, void *ctx)
{
	struct workers *w = ctx;
	struct day_worker *one =
		arena_push(w->ar, &w->report->workers, &w->report->nworkers, &w->cap, sizeof(*one));

	one->user_id = user;
	one->username = arena_strdup(w->ar, login ? login : "");
	one->name = arena_strdup(w->ar, name ? name : "");
	one->duty_minutes = duty_minutes;
	one->entries_done = entries;
	one->visits = visits;
	return SB_OK;
}

int
report_day(struct store *st, const struct scope *sc, const char *committee, const char *date,
	   struct arena *ar, struct day_report *out)
{
	struct workers w = {.ar = ar, .report = out};
	size_t i, k;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_duty_list(st, sc, committee, date, 0, ar, &out->duties);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < out->duties.n; i++) {
		const struct duty *d = &out->duties.items[i];

		out->done += d->done_at != 0;
		for (k = 0; k < REPORT_DAY_KINDS; k++)
			if (strcmp(d->kind, report_day_kinds[k]) == 0) {
				out->by_kind[k].duties++;
				out->by_kind[k].done += d->done_at != 0;
			}
	}
	return store_day_work(st, sc, committee, date, add_worker, &w);
}
