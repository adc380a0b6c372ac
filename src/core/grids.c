#include <string.h>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/grids.h"
#include "core/ident.h"
#include "store/campaigns.h" /* store_user_serves */
#include "util/errors.h"

int
grid_save(struct store *st, struct grid *g, const char *name, const struct grid_members *m,
	  int64_t now)
{
	int rc = SB_OK;

	if (g->id == 0) {
		rc = store_grid_insert(st, g->committee_code, name, now, &g->ref);
		g->id = g->ref.id;
	} else if (name) {
		rc = store_grid_rename(st, &g->ref, name);
	}
	if (rc == SB_OK && m)
		rc = store_grid_set_members(st, &g->ref, m->buildings, m->nb, m->households, m->nh);
	return rc;
}

/* What an id of table names, for the refusal (the words of api/common.c). */
/* The members, owners and counts of a grid already read in scope. */
static int
grid_detail_fill(struct store *st, const char *today, struct arena *ar, struct grid_detail *out)
{
	int rc;

	rc = store_grid_members(st, &out->grid.ref, ar, &out->buildings, &out->nbuildings,
				&out->households, &out->nhouseholds);
	if (rc == SB_OK)
		rc = store_assignment_owners(st, &out->grid.ref, today, ar, &out->owners);
	if (rc == SB_OK)
		rc = store_grid_counts(st, &out->grid.ref, &out->household_count,
				       &out->resident_count);
	return rc;
}

int
grid_detail_get(struct store *st, const struct scope *sc, int64_t id, const char *today,
		struct arena *ar, struct grid_detail *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_grid_get(st, sc, id, ar, &out->grid);
	if (rc == SB_OK)
		rc = grid_detail_fill(st, today, ar, out);
	return rc;
}

int
grid_detail_list(struct store *st, const struct scope *sc, const char *committee, const char *today,
		 struct arena *ar, struct grid_detail **out, size_t *n)
{
	struct grid_list l;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	rc = store_grid_list(st, sc, committee, ar, &l);
	if (rc != SB_OK)
		return rc;
	*out = arena_alloc(ar, (l.n + 1) * sizeof(**out));
	for (i = 0; i < l.n; i++) {
		memset(&(*out)[i], 0, sizeof((*out)[i]));
		(*out)[i].grid = l.items[i];
		rc = grid_detail_fill(st, today, ar, &(*out)[i]);
		if (rc != SB_OK)
			return rc;
	}
	*n = l.n;
	return SB_OK;
}

/* Every id of a member list names a row of table of the committee. */
static int
members_of_committee(struct store *st, const struct scope *sc, const char *table,
		     const char *committee, const char *field, const int64_t *ids, size_t n,
		     struct arena *ar, struct sb_fail *fail)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = committee_check_row(st, sc, table, committee, field, ids[i], ar, fail);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

/* The audit detail of a grid's write: what the body set. */
static json_t *
ids_json(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

static json_t *
grid_audit_detail(const struct grid_input *in)
{
	json_t *d = json_object();

	if (in->committee_code)
		json_object_set_new(d, "committee_code", json_string(in->committee_code));
	if (in->name)
		json_object_set_new(d, "name", json_string(in->name));
	if (in->has_buildings)
		json_object_set_new(d, "building_ids", ids_json(in->buildings, in->nbuildings));
	if (in->has_households)
		json_object_set_new(d, "household_ids", ids_json(in->households, in->nhouseholds));
	return d;
}

/* Saves g (created when g->id is 0) with in, audited, in one transaction;
 * the members already checked. */
static int
grid_write(struct store *st, const struct scope *sc, const struct actor *who, struct grid *g,
	   const struct grid_input *in, const struct grid_members *m, const char *today,
	   struct arena *ar, struct grid_detail *out, struct sb_fail *fail)
{
	bool creating = g->id == 0;
	int rc;

	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = grid_save(st, g, in->name, m, who->now);
	if (rc == SB_CONFLICT)
		rc = sb_fail(fail, SB_CONFLICT, "name",
			     "name: the committee has a grid of that name",
			     "name：本居委会已有同名网格");
	if (rc == SB_OK)
		rc = audit_add(st, who, creating ? "create" : "update", "grid",
			       arena_printf(ar, "%lld", (long long)g->id), g->committee_code,
			       grid_audit_detail(in));
	if (rc == SB_OK)
		rc = grid_detail_get(st, sc, g->id, today, ar, out);
	return store_end(st, rc);
}

int
grid_create(struct store *st, const struct scope *sc, const struct actor *who,
	    const struct grid_input *in, const char *today, struct arena *ar,
	    struct grid_detail *out, struct sb_fail *fail)
{
	struct grid g = {0};
	struct grid_members m = {in->buildings, in->nbuildings, in->households, in->nhouseholds};
	int rc;

	if (in->committee_code == NULL)
		return sb_fail(fail, SB_BAD_FIELD, "committee_code", "committee_code: required",
			       "committee_code：必填");
	rc = committee_check_found(st, sc, in->committee_code, ar);
	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, SB_BAD_FIELD, "committee_code",
			       "committee_code: not a committee in your jurisdiction",
			       "committee_code：不是您辖区内的居委会");
	if (rc != SB_OK)
		return rc;
	if (in->name == NULL)
		return sb_fail(fail, SB_BAD_FIELD, "name", "name: required", "name：必填");
	g.committee_code = in->committee_code;
	rc = members_of_committee(st, sc, "building", g.committee_code, "building_ids",
				  in->buildings, in->nbuildings, ar, fail);
	if (rc == SB_OK)
		rc = members_of_committee(st, sc, "household", g.committee_code, "household_ids",
					  in->households, in->nhouseholds, ar, fail);
	if (rc != SB_OK)
		return rc;
	return grid_write(st, sc, who, &g, in, &m, today, ar, out, fail);
}

int
grid_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar, struct grid *out)
{
	return store_grid_get(st, sc, id, ar, out);
}

int
grid_update(struct store *st, const struct scope *sc, const struct actor *who,
	    const struct grid *grid, const struct grid_input *in, const char *today,
	    struct arena *ar, struct grid_detail *out, struct sb_fail *fail)
{
	struct grid g = *grid;
	struct grid_members m = {in->buildings, in->nbuildings, in->households, in->nhouseholds};
	bool members = in->has_buildings || in->has_households;
	int rc;

	if (in->committee_code && strcmp(in->committee_code, g.committee_code) != 0)
		return sb_fail(fail, SB_BAD_FIELD, "committee_code",
			       "committee_code: a grid stays in its committee",
			       "committee_code：网格不能更换居委会");
	rc = members_of_committee(st, sc, "building", g.committee_code, "building_ids",
				  in->buildings, in->nbuildings, ar, fail);
	if (rc == SB_OK)
		rc = members_of_committee(st, sc, "household", g.committee_code, "household_ids",
					  in->households, in->nhouseholds, ar, fail);
	if (rc != SB_OK)
		return rc;
	if (members && !(in->has_buildings && in->has_households)) {
		/* A PATCH naming one list keeps the other. */
		int64_t *kept_buildings, *kept_households;
		size_t nkept_buildings, nkept_households;

		rc = store_grid_members(st, &g.ref, ar, &kept_buildings, &nkept_buildings,
					&kept_households, &nkept_households);
		if (rc != SB_OK)
			return rc;
		if (!in->has_buildings) {
			m.buildings = kept_buildings;
			m.nb = nkept_buildings;
		}
		if (!in->has_households) {
			m.households = kept_households;
			m.nh = nkept_households;
		}
	}
	return grid_write(st, sc, who, &g, in, members ? &m : NULL, today, ar, out, fail);
}

int
grid_unassigned(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
		struct household_address **out, size_t *n)
{
	return store_households_without_grid(st, sc, committee, ar, out, n);
}

int
grid_assignments(struct store *st, const struct scope *sc, int64_t id, const char *date,
		 struct arena *ar, struct assignment_list *out, struct sb_fail *fail)
{
	struct grid g;
	int rc;

	rc = store_grid_get(st, sc, id, ar, &g);
	if (rc != SB_OK)
		return rc;
	if (date && !ident_date_valid(date))
		return sb_fail(fail, SB_BAD_QUERY, "date", "date: YYYY-MM-DD",
			       "date：须为 YYYY-MM-DD");
	return date ? store_assignment_owners(st, &g.ref, date, ar, out)
		    : store_assignment_list(st, &g.ref, ar, out);
}

/* With end_previous: ends the assignments overlapping in the day before
 * start, or refuses when one starts on or after it. */
static int
end_previous(struct store *st, const struct grid *g, const struct assignment_input *in,
	     struct arena *ar, struct sb_fail *fail)
{
	struct assignment_list l;
	char day_before[11];
	size_t i;
	int rc;

	calendar_add_days(in->start_on, -1, day_before);
	rc = store_assignment_list(st, &g->ref, ar, &l);
	for (i = 0; rc == SB_OK && i < l.n; i++) {
		const struct assignment *a = &l.items[i];

		if (strcmp(a->start_on, in->end_on ? in->end_on : "9999-12-31") > 0 ||
		    (a->end_on && strcmp(a->end_on, in->start_on) < 0))
			continue;
		if (strcmp(a->start_on, in->start_on) >= 0)
			rc = sb_fail(fail, SB_CONFLICT, "start_on",
				     "start_on: another assignment starts on or after this date",
				     "start_on：另一项分配在此日期或之后开始");
		else
			rc = store_assignment_set_end(st, &a->ref, day_before);
	}
	return rc;
}

int
grid_assign(struct store *st, const struct actor *who, const struct grid *g,
	    const struct assignment_input *in, struct arena *ar, struct assignment *out,
	    struct sb_fail *fail)
{
	struct assignment_list l;
	struct user w;
	int64_t id = g->id, overlap;
	struct assignment_ref made;
	size_t i;
	int rc;

	if (!ident_date_valid(in->start_on))
		return sb_fail(fail, SB_BAD_FIELD, "start_on", "start_on: YYYY-MM-DD",
			       "start_on：须为 YYYY-MM-DD");
	if (in->end_on && (!ident_date_valid(in->end_on) || strcmp(in->end_on, in->start_on) < 0))
		return sb_fail(fail, SB_BAD_FIELD, "end_on", "end_on: a date on or after start_on",
			       "end_on：须为不早于 start_on 的日期");
	rc = committee_check_worker(st, g->committee_code, "worker_id", in->worker_id, true, ar,
				    fail);
	if (rc == SB_OK)
		rc = store_user_by_id(st, in->worker_id, ar, &w);
	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_assignment_overlap(st, &g->ref, in->start_on, in->end_on, 0, &overlap);
	if (rc == SB_OK && overlap && !in->end_previous)
		rc = sb_fail(fail, SB_CONFLICT, "start_on",
			     "start_on: the grid has another worker then; give end_previous: "
			     "true to end that "
			     "assignment the day before",
			     "start_on：该网格此时已有负责社工；如需交接，请同时提交 "
			     "end_previous: true");
	else if (rc == SB_OK && overlap)
		rc = end_previous(st, g, in, ar, fail);
	if (rc == SB_OK)
		rc = store_assignment_insert(st, &g->ref, in->worker_id, in->start_on, in->end_on,
					     who->user_id, who->now, &made);
	if (rc == SB_OK)
		rc = audit_add(st, who, "assign", "grid", arena_printf(ar, "%lld", (long long)id),
			       g->committee_code,
			       json_pack("{s:I, s:s, s:s?}", "worker_id", (json_int_t)in->worker_id,
					 "start_on", in->start_on, "end_on", in->end_on));
	if (rc == SB_OK)
		rc = store_assignment_list(st, &g->ref, ar, &l);
	rc = store_end(st, rc);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < l.n; i++)
		if (l.items[i].id == made.id) {
			*out = l.items[i];
			return SB_OK;
		}
	return SB_INTERNAL;
}

int
committee_quota_set(struct store *st, const struct scope *sc, const struct actor *who,
		    const char *committee, int64_t households_per_worker, struct sb_fail *fail)
{
	int rc;

	if (households_per_worker < 10 || households_per_worker > 5000)
		return sb_fail(fail, SB_BAD_FIELD, "households_per_worker",
			       "households_per_worker: 10 to 5000",
			       "households_per_worker：须为 10 至 5000");
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_committee_quota_set(st, sc, committee, (int)households_per_worker);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "committee", committee, committee,
			       json_pack("{s:I}", "households_per_worker",
					 (json_int_t)households_per_worker));
	return store_end(st, rc);
}
