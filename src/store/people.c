#include "store/people.h"
#include "store/store_int.h"

int
store_helper_buildings_set(struct store *st, int64_t user_id, const int64_t *ids, size_t n)
{
	sqlite3_stmt *s = store_stmt(st, Q_HELPER_BUILDINGS_CLEAR);
	size_t i;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	rc = store_exec_stmt(st, s);
	for (i = 0; rc == SB_OK && i < n; i++) {
		s = store_stmt(st, Q_HELPER_BUILDING_ADD);
		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, user_id);
		bind_int(s, 2, ids[i]);
		rc = store_exec_stmt(st, s);
	}
	return rc;
}

int
store_helper_buildings(struct store *st, int64_t user_id, struct arena *ar, int64_t **ids,
		       size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, Q_HELPER_BUILDINGS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	return store_ids(st, s, ar, ids, n);
}

static int
has(struct store *st, enum query q, int64_t user_id, int64_t id, bool *ok)
{
	sqlite3_stmt *s = store_stmt(st, q);
	int64_t n = 0;
	int rc;

	*ok = false;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_int(s, 2, id);
	rc = store_scalar(st, s, &n);
	*ok = rc == SB_OK && n > 0;
	return rc;
}

int
store_helper_has_household(struct store *st, int64_t user_id, int64_t household_id, bool *ok)
{
	return has(st, Q_HELPER_HAS_HOUSEHOLD, user_id, household_id, ok);
}

int
store_helper_has_target(struct store *st, int64_t user_id, int64_t target_id, bool *ok)
{
	return has(st, Q_HELPER_HAS_TARGET, user_id, target_id, ok);
}

int
store_helper_has_building(struct store *st, int64_t user_id, int64_t building_id, bool *ok)
{
	return has(st, Q_HELPER_HAS_BUILDING, user_id, building_id, ok);
}

int
store_helper_has_resident(struct store *st, int64_t user_id, int64_t resident_id, bool *ok)
{
	return has(st, Q_HELPER_HAS_RESIDENT, user_id, resident_id, ok);
}

static int
json_of(struct store *st, sqlite3_stmt *s, struct arena *ar, const char **json)
{
	int rc = sqlite3_step(s);

	*json = NULL;
	if (rc == SQLITE_ROW) {
		*json = col_text(s, 0, ar);
		rc = sqlite3_step(s);
	}
	if (rc != SQLITE_DONE) {
		rc = store_err(st, rc);
		sqlite3_reset(s);
		return rc;
	}
	sqlite3_reset(s);
	return *json ? SB_OK : SB_INTERNAL;
}

int
store_helper_households(struct store *st, int64_t user_id, bool helper, int64_t household,
			struct arena *ar, const char **json)
{
	sqlite3_stmt *s = store_stmt(st, Q_HELPER_HOUSEHOLDS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_int(s, 2, household);
	bind_int(s, 3, helper);
	return json_of(st, s, ar, json);
}

int
store_helper_targets(struct store *st, int64_t user_id, struct arena *ar, const char **json)
{
	sqlite3_stmt *s = store_stmt(st, Q_HELPER_TARGETS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	return json_of(st, s, ar, json);
}

int
store_volunteer_link_of(struct store *st, int64_t volunteer_id, struct arena *ar,
			const char **committee, int64_t *user_id)
{
	sqlite3_stmt *s = store_stmt(st, Q_VOLUNTEER_LINK_OF);
	int rc;

	*committee = NULL;
	*user_id = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, volunteer_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*committee = col_text(s, 0, ar);
		*user_id = sqlite3_column_int64(s, 1);
		rc = SB_OK;
	} else {
		rc = rc == SQLITE_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	sqlite3_reset(s);
	return rc;
}

int
store_volunteer_of_user(struct store *st, int64_t user_id, int64_t *volunteer_id)
{
	sqlite3_stmt *s = store_stmt(st, Q_VOLUNTEER_OF_USER);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	return store_scalar(st, s, volunteer_id);
}

int
store_volunteer_link(struct store *st, int64_t user_id, int64_t volunteer_id)
{
	sqlite3_stmt *s = store_stmt(st, Q_VOLUNTEER_UNLINK);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	rc = store_exec_stmt(st, s);
	if (rc != SB_OK || volunteer_id == 0)
		return rc;
	s = store_stmt(st, Q_VOLUNTEER_LINK);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, volunteer_id);
	bind_int(s, 2, user_id);
	return store_exec_stmt(st, s);
}

int
store_helper_totals(struct store *st, const struct scope *sc, const char *committee,
		    const char *from, const char *to, struct arena *ar, struct helper_total **out,
		    size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, Q_HELPER_TOTALS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_text(s, 2, from);
	bind_text(s, 3, to);
	bind_int(s, 4, sc->user_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct helper_total *h = arena_push(ar, out, n, &cap, sizeof(**out));

		h->volunteer_id = sqlite3_column_int64(s, 0);
		h->name = col_text(s, 1, ar);
		h->visits = sqlite3_column_int64(s, 2);
		h->entries_done = sqlite3_column_int64(s, 3);
	}
	rc = rc == SQLITE_DONE ? SB_OK : store_err(st, rc);
	sqlite3_reset(s);
	return rc;
}
