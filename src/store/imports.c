/* What imports read besides the register's own lookups. */

#include "store/store.h"
#include "store/store_int.h"

int
store_place_names(struct store *st, enum place_kind kind, const char *committee, int64_t parent,
		  struct arena *ar, struct place_name **items, size_t *n)
{
	static const enum query q[] = {
		[PLACE_COMPOUND] = Q_IMPORT_COMPOUNDS,
		[PLACE_BUILDING] = Q_IMPORT_BUILDINGS,
		[PLACE_HOUSEHOLD] = Q_IMPORT_HOUSEHOLDS,
	};
	struct stmt *s = store_stmt(st, q[kind]);
	size_t cap = 0;
	int rc;

	*items = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	if (kind == PLACE_COMPOUND)
		bind_text(s, 1, committee);
	else
		bind_int(s, 1, parent);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct place_name *p = arena_push(ar, items, n, &cap, sizeof(*p));

		p->id = col_int64(s, 0);
		p->name = col_text(s, 1, ar);
	}
	rc = rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_household_place(struct store *st, int64_t household_id, struct arena *ar,
		      const char **compound, const char **building, const char **room)
{
	struct stmt *s = store_stmt(st, Q_IMPORT_HOUSEHOLD_PLACE);
	int rc;

	*compound = *building = *room = "";
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, household_id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*compound = col_text(s, 0, ar);
		*building = col_text(s, 1, ar);
		*room = col_text(s, 2, ar);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}
