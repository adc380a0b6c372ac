#include <string.h>

#include "core/calendar.h"
#include "core/reports/period.h"
#include "core/reports/reception.h"

struct reception_count {
	struct store *st;
	struct arena *ar;
	struct reception_report *out;
	size_t cap;
	int rc; /* a failure inside the callback */
};

static int
count_day(int64_t worker, const char *login, const char *name, const char *date, int visits,
	  int before, void *ctx)
{
	struct reception_count *t = ctx;
	struct reception_worker *w = NULL;
	bool work;
	size_t i;

	t->rc = calendar_is_workday(t->st, date, &work);
	if (t->rc != SB_OK)
		return 1;
	if (!work)
		return 0;
	for (i = 0; i < t->out->nworkers && w == NULL; i++)
		if (t->out->workers[i].worker_id == worker)
			w = &t->out->workers[i];
	if (w == NULL) {
		w = arena_push(t->ar, &t->out->workers, &t->out->nworkers, &t->cap, sizeof(*w));
		w->worker_id = worker;
		w->username = arena_strdup(t->ar, login);
		w->name = arena_strdup(t->ar, name);
		w->visits = w->before_1530 = 0;
	}
	w->visits += visits;
	w->before_1530 += before;
	return 0;
}

int
report_reception(struct store *st, const struct scope *sc, const struct area *area,
		 const char *from, const char *to, const char *today, struct arena *ar,
		 struct reception_report *out, struct sb_fail *fail)
{
	struct reception_count t = {.st = st, .ar = ar, .out = out};
	int rc;

	memset(out, 0, sizeof(*out));
	out->area = *area;
	rc = report_period(from, to, today, out->from, out->to, fail);
	if (rc != SB_OK)
		return rc;
	rc = store_visit_day_counts(st, sc, out->area.code, out->from, out->to, count_day, &t);
	/* the callback stops the rows with 1 when it fails itself */
	return rc != SB_OK && rc != 1 ? rc : t.rc;
}
