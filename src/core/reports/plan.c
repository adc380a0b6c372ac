#include <stdlib.h>
#include <string.h>

#include "core/reports/plan.h"

static size_t
behind(const struct plan_walk *day)
{
	return day->due - day->walked;
}

static int
most_behind(const void *a, const void *b)
{
	const struct plan_report_row *x = a, *y = b;
	size_t bx = behind(&x->day), by = behind(&y->day);

	if (bx != by)
		return bx < by ? 1 : -1;
	return strcmp(x->worker->username, y->worker->username);
}

int
report_plan(struct store *st, const struct scope *sc, const char *committee, const char *date,
	    struct arena *ar, struct plan_report *out)
{
	struct user_list workers;
	size_t i;
	int rc;

	out->rows = NULL;
	out->n = 0;
	rc = store_committee_users(st, sc, committee, ROLE_WORKER, ar, &workers);
	if (rc != SB_OK)
		return rc;
	out->rows = arena_alloc(ar, (workers.n + 1) * sizeof(*out->rows));
	for (i = 0; rc == SB_OK && i < workers.n; i++) {
		out->rows[i].worker = &workers.items[i];
		rc = plan_walk(st, sc, workers.items[i].id, date, ar, &out->rows[i].day);
	}
	if (rc != SB_OK)
		return rc;
	out->n = workers.n;
	if (out->n > 1)
		qsort(out->rows, out->n, sizeof(*out->rows), most_behind);
	return SB_OK;
}
