#ifndef SB_GRIDS_H
#define SB_GRIDS_H

/*
 * Grids (社区微网格): the one way a grid is made or changed, by the API
 * (POST/PATCH /api/v1/grids) and by the demo alike.  A grid holds whole
 * buildings and households placed one by one (docs/visits.md); saving it
 * re-places only the households that were in it or are now, so the
 * committee's other grids keep theirs.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct grid_members {
	const int64_t *buildings;
	size_t nb;
	const int64_t
		*households; /* placed one by one (they keep the grid whatever their building's) */
	size_t nh;
};

/* Creates the grid (g->id == 0: g->committee_code and name given, g->id set)
 * or renames it (name not NULL); with m, its members become m's.  Inside the
 * caller's transaction; SB_CONFLICT when the committee has a grid of that name.
 * The caller has checked that the members are in the grid's committee. */
int grid_save(struct store *st, struct grid *g, const char *name, const struct grid_members *m,
	      int64_t now);

#endif
