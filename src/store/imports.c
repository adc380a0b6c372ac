/* What imports read besides the register's own lookups. */

#include <string.h>

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
	return store_finish(st, s, rc);
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

static void
bind_secret(struct stmt *s, int i, const struct import_secret *v)
{
	bind_blob(s, i, v->box, v->boxlen);
	bind_text(s, i + 1, v->box ? v->index : NULL);
	bind_text(s, i + 2, v->box ? v->mask : NULL);
}

int
store_import_resident_add(struct store *st, const struct scope *sc, const struct import_resident *r,
			  int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_IMPORT_RESIDENT_INSERT);
	struct change c = {0};
	int rc;

	*id = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, r->household_id);
	bind_text(s, 2, r->committee_code);
	bind_text(s, 3, r->name);
	bind_text(s, 4, r->gender);
	bind_text(s, 5, r->birth_date);
	bind_secret(s, 6, &r->id_number);
	bind_secret(s, 9, &r->phone);
	bind_text(s, 12, r->relation);
	bind_text(s, 13, r->residence_kind);
	bind_text(s, 14, r->work);
	bind_text(s, 15, r->work_background);
	bind_text(s, 16, r->health);
	bind_text(s, 17, r->hobbies);
	bind_text(s, 18, r->skills);
	bind_int(s, 19, r->party_member);
	bind_int(s, 20, r->lives_here);
	bind_int(s, 21, r->registered_here);
	bind_int(s, 22, r->owns);
	bind_text(s, 23, r->status);
	bind_text(s, 24, r->status_date);
	bind_text(s, 25, r->emergency_name);
	bind_text(s, 26, r->emergency_relation);
	bind_secret(s, 27, &r->emergency_phone);
	bind_text(s, 30, r->carer_name);
	bind_text(s, 31, r->carer_relation);
	bind_secret(s, 32, &r->carer_phone);
	bind_int(s, 35, r->at);
	bind_int(s, 36, sc->user_id);
	rc = stmt_step(s);
	if (rc == STMT_ROW)
		*id = col_int64(s, 0);
	rc = rc == STMT_ROW    ? SB_OK
	     : rc == STMT_DONE ? SB_NOT_FOUND /* the committee is outside the scope */
			       : store_err(st, rc);
	stmt_reset(s);
	if (rc != SB_OK)
		return rc;
	c.at = r->at;
	c.user_id = r->user_id;
	c.username = r->username;
	c.action = "create";
	c.entity = "resident";
	c.entity_id = *id;
	c.committee_code = r->committee_code;
	c.changes = r->changes;
	c.sealed = r->sealed;
	rc = store_change_add(st, sc, &c, NULL);
	if (rc == SB_OK)
		rc = store_resident_reindex(st, sc, *id);
	return rc;
}

int
store_import_household_add(struct store *st, const struct scope *sc,
			   const struct import_household *h, int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_IMPORT_HOUSEHOLD_INSERT);
	struct change c = {0};
	int rc;

	*id = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, h->building_id);
	bind_text(s, 2, h->committee_code);
	bind_text(s, 3, h->room);
	if (h->has_floor)
		bind_int(s, 4, h->floor);
	bind_text(s, 5, h->status);
	bind_int(s, 6, h->at);
	bind_int(s, 7, sc->user_id);
	rc = stmt_step(s);
	if (rc == STMT_ROW)
		*id = col_int64(s, 0);
	rc = rc == STMT_ROW    ? SB_OK
	     : rc == STMT_DONE ? SB_NOT_FOUND /* the committee is outside the scope */
			       : store_err(st, rc);
	stmt_reset(s);
	if (rc != SB_OK)
		return rc;
	rc = store_household_grid_refresh(st, sc, *id);
	if (rc != SB_OK)
		return rc;
	c.at = h->at;
	c.user_id = h->user_id;
	c.username = h->username;
	c.action = "create";
	c.entity = "household";
	c.entity_id = *id;
	c.committee_code = h->committee_code;
	c.changes = h->changes;
	return store_change_add(st, sc, &c, NULL);
}

int
store_import_marks(struct store *st, const struct scope *sc, const char *committee,
		   struct import_marks *out)
{
	struct stmt *s = store_stmt(st, Q_IMPORT_MARKS);
	int rc;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_int(s, 2, sc->user_id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		out->committee_has_residents = col_int64(s, 0) != 0;
		out->last_resident = col_int64(s, 1);
		out->last_change = col_int64(s, 2);
		out->last_move = col_int64(s, 3);
	}
	rc = rc == STMT_ROW ? SB_OK : rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	stmt_reset(s);
	return rc;
}
