/* GET /api/v1/reports/workload: households and residents held per worker
 * today, against the committee's quota (core/grids.h).  To move to
 * src/core/reports/workload.c with the other reports. */

#include <string.h>

#include "core/grids.h"
#include "util/errors.h"

int
workload_report(struct store *st, const struct scope *sc, const char *committee, const char *today,
		struct arena *ar, struct workload *out)
{
	struct grid_list grids;
	struct assignment_list *owners;
	struct user_list workers;
	size_t i, j, k, nowners = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_committee_quota(st, sc, committee, &out->quota);
	if (rc == SB_OK)
		rc = store_grid_list(st, sc, committee, ar, &grids);
	if (rc == SB_OK)
		rc = store_committee_users(st, sc, committee, ROLE_WORKER, ar, &workers);
	if (rc != SB_OK)
		return rc;
	/* The owners of each grid, read once (the handler read them per worker). */
	owners = arena_alloc(ar, (grids.n + 1) * sizeof(*owners));
	for (j = 0; j < grids.n; j++) {
		rc = store_assignment_owners(st, &grids.items[j].ref, today, ar, &owners[j]);
		if (rc != SB_OK)
			return rc;
		nowners += owners[j].n;
	}
	out->items = arena_alloc(ar, (workers.n + 1) * sizeof(*out->items));
	for (i = 0; i < workers.n; i++) {
		struct workload_row *row = &out->items[i];

		memset(row, 0, sizeof(*row));
		row->worker = &workers.items[i];
		row->grid_ids = arena_alloc(ar, (nowners + 1) * sizeof(*row->grid_ids));
		for (j = 0; j < grids.n; j++) {
			for (k = 0; k < owners[j].n; k++) {
				int64_t households, residents;

				if (owners[j].items[k].worker_id != workers.items[i].id)
					continue;
				rc = store_grid_counts(st, &grids.items[j].ref, &households,
						       &residents);
				if (rc != SB_OK)
					return rc;
				row->households += households;
				row->residents += residents;
				row->grid_ids[row->ngrids++] = grids.items[j].id;
			}
		}
		row->over = row->households > out->quota;
	}
	out->n = workers.n;
	return SB_OK;
}
