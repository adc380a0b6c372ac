#include "core/grids.h"
#include "util/errors.h"

int
grid_save(struct store *st, struct grid *g, const char *name, const struct grid_members *m,
	  int64_t now)
{
	int rc = SB_OK;

	if (g->id == 0)
		rc = store_grid_insert(st, g->committee_code, name, now, &g->id);
	else if (name)
		rc = store_grid_rename(st, g->id, name);
	if (rc == SB_OK && m)
		rc = store_grid_set_members(st, g->id, g->committee_code, m->buildings, m->nb,
					    m->households, m->nh);
	return rc;
}
