#include <string.h>

#include "store/people.h"
#include "store/store_int.h"

int
store_helper_buildings_set(struct store *st, int64_t user_id, const int64_t *ids, size_t n)
{
	struct stmt *s = store_stmt(st, Q_HELPER_BUILDINGS_CLEAR);
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
	struct stmt *s = store_stmt(st, Q_HELPER_BUILDINGS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	return store_ids(st, s, ar, ids, n);
}

static int
has(struct store *st, enum query q, const struct scope *sc, int64_t id, bool *ok)
{
	struct stmt *s = store_stmt(st, q);
	int64_t n = 0;
	int rc;

	*ok = false;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, id);
	rc = store_scalar(st, s, &n);
	*ok = rc == SB_OK && n > 0;
	return rc;
}

int
store_helper_has_household(struct store *st, const struct scope *sc, int64_t household_id, bool *ok)
{
	return has(st, Q_HELPER_HAS_HOUSEHOLD, sc, household_id, ok);
}

int
store_helper_has_target(struct store *st, const struct scope *sc, int64_t target_id, bool *ok)
{
	return has(st, Q_HELPER_HAS_TARGET, sc, target_id, ok);
}

int
store_helper_has_building(struct store *st, const struct scope *sc, int64_t building_id, bool *ok)
{
	return has(st, Q_HELPER_HAS_BUILDING, sc, building_id, ok);
}

int
store_helper_has_resident(struct store *st, const struct scope *sc, int64_t resident_id, bool *ok)
{
	return has(st, Q_HELPER_HAS_RESIDENT, sc, resident_id, ok);
}

/* Binds the household filter of HELPER_HOUSEHOLDS and HELPER_HOUSEHOLD_TAGS. */
static void
bind_light(struct stmt *s, const struct scope *sc, bool helper, int64_t household)
{
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, household);
	bind_int(s, 3, helper);
}

/* Statement two: the tags, each onto its household or resident. */
static int
light_tags(struct store *st, const struct scope *sc, bool helper, int64_t household,
	   struct arena *ar, struct light_household_list *out)
{
	struct stmt *s = store_stmt(st, Q_HELPER_HOUSEHOLD_TAGS);
	size_t i, k;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_light(s, sc, helper, household);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		bool resident = col_int(s, 0) != 0;
		int64_t owner = col_int64(s, 1);
		const char ***tags = NULL;
		size_t *ntags = NULL;

		for (i = 0; tags == NULL && i < out->n; i++) {
			struct light_household *h = &out->items[i];

			if (!resident && h->id == owner) {
				tags = &h->tags;
				ntags = &h->ntags;
			}
			for (k = 0; resident && tags == NULL && k < h->nresidents; k++)
				if (h->residents[k].id == owner) {
					tags = &h->residents[k].tags;
					ntags = &h->residents[k].ntags;
				}
		}
		if (tags) {
			/* arena_push's capacity: each list is built in one run of rows */
			size_t cap = *ntags;
			const char **name = arena_push(ar, tags, ntags, &cap, sizeof(*name));

			*name = col_text(s, 2, ar);
		}
	}
	return store_finish(st, s, rc);
}

int
store_helper_households(struct store *st, const struct scope *sc, bool helper, int64_t household,
			struct arena *ar, struct light_household_list *out)
{
	struct stmt *s = store_stmt(st, Q_HELPER_HOUSEHOLDS);
	size_t cap = 0, rcap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_light(s, sc, helper, household);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		int64_t id = col_int64(s, 0);
		struct light_household *h = out->n ? &out->items[out->n - 1] : NULL;

		if (h == NULL || h->id != id) {
			h = arena_push(ar, &out->items, &out->n, &cap, sizeof(*h));
			memset(h, 0, sizeof(*h));
			h->id = id;
			h->committee_code = col_text(s, 1, ar);
			h->compound = col_text(s, 2, ar);
			h->building_id = col_int64(s, 3);
			h->building = col_text(s, 4, ar);
			h->room = col_text(s, 5, ar);
			h->has_floor = col_type(s, 6) != STMT_NULL;
			h->floor = col_int64(s, 6);
			rcap = 0;
		}
		if (col_type(s, 7) != STMT_NULL) {
			struct light_resident *r =
				arena_push(ar, &h->residents, &h->nresidents, &rcap, sizeof(*r));

			memset(r, 0, sizeof(*r));
			r->id = col_int64(s, 7);
			r->name = col_text(s, 8, ar);
			r->gender = col_text(s, 9, ar);
			r->birth_date = col_text(s, 10, ar);
			r->age = -1;
		}
	}
	rc = store_finish(st, s, rc);
	if (rc != SB_OK || out->n == 0)
		return rc;
	return light_tags(st, sc, helper, household, ar, out);
}

int
store_helper_targets(struct store *st, const struct scope *sc, struct arena *ar,
		     struct light_target_list *out)
{
	struct stmt *s = store_stmt(st, Q_HELPER_TARGETS);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct light_target *t = arena_push(ar, &out->items, &out->n, &cap, sizeof(*t));

		t->target_id = col_int64(s, 0);
		t->campaign_id = col_int64(s, 1);
		t->campaign = col_text(s, 2, ar);
		t->unit = col_text(s, 3, ar);
		t->fields = col_text(s, 4, ar);
		t->household_id = col_int64(s, 5);
		t->resident_id = col_int64(s, 6);
		t->resident_name = col_text(s, 7, ar);
		t->compound = col_text(s, 8, ar);
		t->building = col_text(s, 9, ar);
		t->room = col_text(s, 10, ar);
		t->values = col_text(s, 11, ar);
		t->done = col_int(s, 12) != 0;
	}
	return store_finish(st, s, rc);
}

int
store_volunteer_link_of(struct store *st, int64_t volunteer_id, struct arena *ar,
			const char **committee, int64_t *user_id)
{
	struct stmt *s = store_stmt(st, Q_VOLUNTEER_LINK_OF);
	int rc;

	*committee = NULL;
	*user_id = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, volunteer_id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*committee = col_text(s, 0, ar);
		*user_id = col_int64(s, 1);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_volunteer_of_user(struct store *st, int64_t user_id, int64_t *volunteer_id)
{
	struct stmt *s = store_stmt(st, Q_VOLUNTEER_OF_USER);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	return store_scalar(st, s, volunteer_id);
}

int
store_volunteer_link(struct store *st, int64_t user_id, int64_t volunteer_id)
{
	struct stmt *s = store_stmt(st, Q_VOLUNTEER_UNLINK);
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
	struct stmt *s = store_stmt(st, Q_HELPER_TOTALS);
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
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct helper_total *h = arena_push(ar, out, n, &cap, sizeof(**out));

		h->volunteer_id = col_int64(s, 0);
		h->name = col_text(s, 1, ar);
		h->visits = col_int64(s, 2);
		h->entries_done = col_int64(s, 3);
	}
	return store_finish(st, s, rc);
}
