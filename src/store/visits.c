#include <stdio.h>
#include <pthread.h>
#include <limits.h>
#include <string.h>

#include "store/store_int.h"

/* Grids, assignments, visits, the visit policy, the roster and ICS tokens. */

/* Grids. */

static void
read_grid(struct stmt *s, struct arena *ar, struct grid *g)
{
	g->id = col_int64(s, 0);
	g->committee_code = col_text(s, 1, ar);
	g->name = col_text(s, 2, ar);
	g->created_at = col_int64(s, 3);
	g->ref.id = g->id;
	g->ref.committee = g->committee_code;
}

int
store_grid_insert(struct store *st, const char *committee, const char *name, int64_t now,
		  struct grid_ref *out)
{
	struct stmt *s = store_stmt(st, Q_GRID_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_text(s, 2, name);
	bind_int(s, 3, now);
	out->committee = committee;
	return store_exec_insert(st, s, &out->id);
}

int
store_grid_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct grid *out)
{
	struct stmt *s = store_stmt(st, Q_GRID_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	read_grid(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_grid_list(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
		struct grid_list *out)
{
	struct stmt *s = store_stmt(st, Q_GRID_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, committee);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_grid(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_grid_rename(struct store *st, const struct grid_ref *g, const char *name)
{
	struct stmt *s = store_stmt(st, Q_GRID_RENAME);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, g->id);
	bind_text(s, 2, name);
	return store_exec_stmt(st, s);
}

static int
grid_step(struct store *st, enum query q, int64_t a, int64_t b, const char *text)
{
	struct stmt *s = store_stmt(st, q);

	if (s == NULL)
		return SB_INTERNAL;
	if (text) {
		bind_text(s, 1, text);
	} else {
		bind_int(s, 1, a);
		if (b)
			bind_int(s, 2, b);
	}
	return store_exec_stmt(st, s);
}

int
store_grid_set_members(struct store *st, const struct grid_ref *g, const int64_t *buildings,
		       size_t nb, const int64_t *households, size_t nh)
{
	int64_t grid_id = g->id;
	size_t i;
	int rc;

	rc = grid_step(st, Q_GRID_CLEAR_BUILDINGS, grid_id, 0, NULL);
	if (rc == SB_OK)
		rc = grid_step(st, Q_GRID_CLEAR_HOUSEHOLDS, grid_id, 0, NULL);
	for (i = 0; rc == SB_OK && i < nb; i++)
		rc = grid_step(st, Q_GRID_SET_BUILDING, grid_id, buildings[i], NULL);
	for (i = 0; rc == SB_OK && i < nh; i++)
		rc = grid_step(st, Q_GRID_SET_HOUSEHOLD, grid_id, households[i], NULL);
	if (rc == SB_OK) {
		struct stmt *s = store_stmt(st, Q_GRID_RECOMPUTE);

		if (s == NULL)
			return SB_INTERNAL;
		bind_text(s, 1, g->committee);
		bind_int(s, 2, grid_id);
		rc = store_exec_stmt(st, s);
	}
	return rc;
}

int
store_household_grid_refresh(struct store *st, const struct scope *sc, int64_t household_id)
{
	int rc = grid_step(st, Q_HOUSEHOLD_GRID_REFRESH, household_id, sc->user_id, NULL);

	return rc == SB_OK && store_changes(st) == 0 ? SB_NOT_FOUND : rc;
}

int
store_grid_members(struct store *st, const struct grid_ref *g, struct arena *ar,
		   int64_t **buildings, size_t *nb, int64_t **households, size_t *nh)
{
	int64_t grid_id = g->id;
	struct stmt *s = store_stmt(st, Q_GRID_BUILDINGS);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, grid_id);
	rc = store_ids(st, s, ar, buildings, nb);
	if (rc != SB_OK)
		return rc;
	s = store_stmt(st, Q_GRID_HOUSEHOLDS);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, grid_id);
	return store_ids(st, s, ar, households, nh);
}

int
store_grid_counts(struct store *st, const struct grid_ref *g, int64_t *households,
		  int64_t *residents)
{
	struct stmt *s = store_stmt(st, Q_GRID_COUNTS);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, g->id);
	rc = stmt_step(s);
	*households = rc == STMT_ROW ? col_int64(s, 0) : 0;
	*residents = rc == STMT_ROW ? col_int64(s, 1) : 0;
	return store_finish(st, s, rc == STMT_ROW ? STMT_DONE : rc);
}

int
store_households_without_grid(struct store *st, const struct scope *sc, const char *committee,
			      struct arena *ar, struct household_address **out, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_HOUSEHOLDS_WITHOUT_GRID);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, committee);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct household_address *h = arena_push(ar, out, n, &cap, sizeof(**out));

		h->id = col_int64(s, 0);
		h->address = col_text(s, 1, ar);
	}
	return store_finish(st, s, rc);
}

/* Assignments. */

static int
read_assignments(struct store *st, struct stmt *s, const struct grid_ref *g, struct arena *ar,
		 struct assignment_list *out)
{
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct assignment *a = arena_push(ar, &out->items, &out->n, &cap, sizeof(*a));

		a->id = col_int64(s, 0);
		a->grid_id = col_int64(s, 1);
		a->worker_id = col_int64(s, 2);
		a->worker_name = col_text(s, 3, ar);
		a->start_on = col_text(s, 4, ar);
		a->end_on = col_text(s, 5, ar);
		a->worker_login = col_text(s, 6, ar);
		a->committee_code = NULL;
		a->ref.id = a->id;
		a->ref.committee = g->committee;
		a->grid = *g;
	}
	return store_finish(st, s, rc);
}

int
store_assignment_insert(struct store *st, const struct grid_ref *g, int64_t worker_id,
			const char *start_on, const char *end_on, int64_t by, int64_t now,
			struct assignment_ref *out)
{
	struct stmt *s = store_stmt(st, Q_ASSIGNMENT_INSERT);

	out->id = 0;
	out->committee = g->committee;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, g->id);
	bind_int(s, 2, worker_id);
	bind_text(s, 3, start_on);
	bind_text(s, 4, end_on);
	bind_id_or_null(s, 5, by);
	bind_int(s, 6, now);
	return store_exec_insert(st, s, &out->id);
}

int
store_assignment_list(struct store *st, const struct grid_ref *g, struct arena *ar,
		      struct assignment_list *out)
{
	struct stmt *s = store_stmt(st, Q_ASSIGNMENT_LIST);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, g->id);
	return read_assignments(st, s, g, ar, out);
}

int
store_assignment_overlap(struct store *st, const struct grid_ref *g, const char *start_on,
			 const char *end_on, int64_t except, int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_ASSIGNMENT_OVERLAP);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, g->id);
	bind_text(s, 2, start_on);
	bind_text(s, 3, end_on);
	bind_int(s, 4, except);
	return store_scalar(st, s, id);
}

int
store_assignment_set_end(struct store *st, const struct assignment_ref *a, const char *end_on)
{
	struct stmt *s = store_stmt(st, Q_ASSIGNMENT_SET_END);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, a->id);
	bind_text(s, 2, end_on);
	return store_exec_stmt(st, s);
}

int
store_assignment_delete(struct store *st, const struct assignment_ref *a)
{
	struct stmt *s = store_stmt(st, Q_ASSIGNMENT_DELETE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, a->id);
	return store_exec_stmt(st, s);
}

int
store_assignments_leaving_unscoped(struct store *st, int64_t worker_id, const char *today, bool all,
				   struct arena *ar, struct assignment_list *out)
{
	struct stmt *s = store_stmt(st, Q_ASSIGNMENTS_LEAVING);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, worker_id);
	bind_text(s, 2, today);
	bind_int(s, 3, all);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct assignment *a = arena_push(ar, &out->items, &out->n, &cap, sizeof(*a));

		a->id = col_int64(s, 0);
		a->grid_id = col_int64(s, 1);
		a->worker_id = col_int64(s, 2);
		a->worker_name = NULL;
		a->worker_login = NULL;
		a->committee_code = col_text(s, 3, ar);
		a->start_on = col_text(s, 4, ar);
		a->end_on = col_text(s, 5, ar);
		a->ref.id = a->id;
		a->ref.committee = a->committee_code;
		a->grid.id = a->grid_id;
		a->grid.committee = a->committee_code;
	}
	return store_finish(st, s, rc);
}

static int
dated_work(struct store *st, enum query q, int64_t worker_id, const char *today, bool all,
	   struct arena *ar, struct dated_work_list *out)
{
	struct stmt *s = store_stmt(st, q);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, worker_id);
	bind_text(s, 2, today);
	bind_int(s, 3, all);
	out->items = NULL;
	out->n = 0;
	if (ar == NULL)
		return store_exec_stmt(st, s);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct dated_work *w = arena_push(ar, &out->items, &out->n, &cap, sizeof(*w));

		w->id = col_int64(s, 0);
		w->committee_code = col_text(s, 1, ar);
		w->date = col_text(s, 2, ar);
	}
	return store_finish(st, s, rc);
}

int
store_reception_leaving(struct store *st, int64_t worker_id, const char *today, bool all,
			struct arena *ar, struct dated_work_list *out)
{
	return dated_work(st, Q_RECEPTION_LEAVING, worker_id, today, all, ar, out);
}

int
store_reception_release(struct store *st, int64_t worker_id, const char *today, bool all)
{
	struct dated_work_list none;

	return dated_work(st, Q_RECEPTION_RELEASE, worker_id, today, all, NULL, &none);
}

int
store_duties_leaving(struct store *st, int64_t worker_id, const char *today, bool all,
		     struct arena *ar, struct dated_work_list *out)
{
	return dated_work(st, Q_DUTIES_LEAVING_LIST, worker_id, today, all, ar, out);
}

int
store_duties_release(struct store *st, int64_t worker_id, const char *today, bool all)
{
	struct dated_work_list none;

	return dated_work(st, Q_DUTIES_RELEASE, worker_id, today, all, NULL, &none);
}

int
store_assignment_owners(struct store *st, const struct grid_ref *g, const char *date,
			struct arena *ar, struct assignment_list *out)
{
	struct stmt *s = store_stmt(st, Q_ASSIGNMENT_OWNERS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, g->id);
	bind_text(s, 2, date);
	return read_assignments(st, s, g, ar, out);
}

int
store_worker_owns(struct store *st, const struct scope *sc, int64_t household_id, const char *date,
		  bool *owns)
{
	struct stmt *s = store_stmt(st, Q_WORKER_OWNS);
	int64_t n;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, household_id);
	bind_text(s, 3, date);
	rc = store_scalar(st, s, &n);
	*owns = n > 0;
	return rc;
}

int
store_committee_quota(struct store *st, const struct scope *sc, const char *committee,
		      int *households_per_worker)
{
	struct stmt *s = store_stmt(st, Q_QUOTA_GET);
	int64_t n;
	int rc;

	*households_per_worker = 300;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s); /* no row: out of scope */
	if (rc != SB_OK)
		return rc;
	n = col_int64(s, 0);
	if (n > 0)
		*households_per_worker = (int)n;
	return store_finish(st, s, STMT_DONE);
}

int
store_committee_quota_set(struct store *st, const struct scope *sc, const char *committee,
			  int households_per_worker)
{
	struct stmt *s = store_stmt(st, Q_QUOTA_PUT);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_int(s, 2, households_per_worker);
	bind_int(s, 3, sc->user_id);
	rc = store_exec_stmt(st, s);
	return rc == SB_OK && store_changes(st) == 0 ? SB_NOT_FOUND : rc;
}

/* Visits. */

static void
bind_visit_body(struct stmt *s, int first, const struct visit *v)
{
	bind_int(s, first, v->visited_at);
	bind_text(s, first + 1, v->visited_on);
	bind_int(s, first + 2, v->minute_of_day);
	bind_text(s, first + 3, v->channel);
	bind_text(s, first + 4, v->residents_met ? v->residents_met : "[]");
	bind_text(s, first + 5, v->observed);
	bind_text(s, first + 6, v->heard);
	bind_text(s, first + 7, v->asked);
	bind_text(s, first + 8, v->needs);
	bind_text(s, first + 9, v->follow_up_on);
	bind_text(s, first + 10, v->issue_ids ? v->issue_ids : "[]");
	bind_text(s, first + 11, v->services ? v->services : "[]");
}

static int
visit_insert(struct store *st, enum query q, const struct scope *sc, const struct visit *v,
	     int64_t *id)
{
	struct stmt *s = store_stmt(st, q);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, v->household_id);
	bind_text(s, 2, v->committee_code);
	bind_int(s, 3, v->worker_id);
	bind_visit_body(s, 4, v);
	bind_int(s, 16, v->created_at);
	if (sc != NULL)
		bind_int(s, 17, sc->user_id);
	return store_exec_insert(st, s, id);
}

int
store_visit_insert(struct store *st, const struct scope *sc, const struct visit *v,
		   struct visit_ref *out)
{
	int rc;

	out->id = 0;
	out->committee = v->committee_code;
	rc = visit_insert(st, Q_VISIT_INSERT_SCOPED, sc, v, &out->id);
	if (rc == SB_OK && store_changes(st) == 0) {
		out->id = 0;
		rc = SB_NOT_FOUND; /* the committee is not in sc's jurisdiction */
	}
	return rc;
}

int
store_visit_insert_unscoped(struct store *st, const struct visit *v, int64_t *id)
{
	return visit_insert(st, Q_VISIT_INSERT, NULL, v, id);
}

int
store_visit_update(struct store *st, const struct visit_ref *ref, const struct visit *v)
{
	struct stmt *s = store_stmt(st, Q_VISIT_UPDATE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, ref->id);
	bind_visit_body(s, 2, v);
	bind_int(s, 14, v->updated_at);
	return store_exec_stmt(st, s);
}

static void
read_visit(struct stmt *s, struct arena *ar, struct visit *v)
{
	v->id = col_int64(s, 0);
	v->household_id = col_int64(s, 1);
	v->committee_code = col_text(s, 2, ar);
	v->worker_id = col_int64(s, 3);
	v->worker_name = col_text(s, 4, ar);
	v->visited_at = col_int64(s, 5);
	v->visited_on = col_text(s, 6, ar);
	v->minute_of_day = col_int(s, 7);
	v->channel = col_text(s, 8, ar);
	v->residents_met = col_text(s, 9, ar);
	v->observed = col_text(s, 10, ar);
	v->heard = col_text(s, 11, ar);
	v->asked = col_text(s, 12, ar);
	v->needs = col_text(s, 13, ar);
	v->follow_up_on = col_text(s, 14, ar);
	v->issue_ids = col_text(s, 15, ar);
	v->services = col_text(s, 16, ar);
	v->created_at = col_int64(s, 17);
	v->updated_at = col_int64(s, 18);
	v->ref.id = v->id;
	v->ref.committee = v->committee_code;
}

int
store_visit_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct visit *out)
{
	struct stmt *s = store_stmt(st, Q_VISIT_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	read_visit(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_visit_list(struct store *st, const struct scope *sc, const struct visit_filter *f,
		 struct arena *ar, struct visit_list *out)
{
	struct stmt *s = store_stmt(st, Q_VISIT_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	/* Newest visit first; the cursor is the (visited_at, id) of the last one shown. */
	bind_int(s, 2, f->before_id > 0 ? f->before_id : INT64_MAX);
	bind_id_or_null(s, 9, f->before_at);
	bind_id_or_null(s, 3, f->household_id);
	bind_id_or_null(s, 4, f->worker_id);
	bind_text(s, 5, f->committee_code);
	bind_text(s, 6, f->from);
	bind_text(s, 7, f->to);
	bind_int(s, 8, f->limit);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_visit(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_visit_change_add(struct store *st, const struct visit_ref *ref, int64_t at, int64_t user_id,
		       const char *username, const char *changes)
{
	struct stmt *s = store_stmt(st, Q_VISIT_CHANGE_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, ref->id);
	bind_int(s, 2, at);
	bind_id_or_null(s, 3, user_id);
	bind_text(s, 4, username);
	bind_text(s, 5, changes);
	return store_exec_stmt(st, s);
}

int
store_visit_changes(struct store *st, const struct visit_ref *ref, struct arena *ar,
		    struct change_list *out)
{
	struct stmt *s = store_stmt(st, Q_VISIT_CHANGES);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, ref->id);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct change *c = arena_push(ar, &out->items, &out->n, &cap, sizeof(*c));

		c->id = col_int64(s, 0);
		c->at = col_int64(s, 1);
		c->user_id = col_int64(s, 2);
		c->username = col_text(s, 3, ar);
		c->action = "update";
		c->entity = "visit";
		c->entity_id = col_int64(s, 6);
		c->changes = col_text(s, 8, ar);
		c->name = col_text(s, 10, ar);
	}
	return store_finish(st, s, rc);
}

int
store_household_visit_refresh(struct store *st, const struct visit_ref *ref)
{
	struct stmt *s = store_stmt(st, Q_VISIT_HOUSEHOLD_REFRESH);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, ref->id);
	return store_exec_stmt(st, s);
}

int
store_household_visit_refresh_unscoped(struct store *st, int64_t household_id)
{
	struct stmt *s = store_stmt(st, Q_HOUSEHOLD_VISIT_REFRESH);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, household_id);
	return store_exec_stmt(st, s);
}

/* Plans and areas. */

static int
read_plan_rows(struct store *st, struct stmt *s, struct arena *ar, struct plan_list *out)
{
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct plan_row *p = arena_push(ar, &out->items, &out->n, &cap, sizeof(*p));

		p->household_id = col_int64(s, 0);
		p->committee_code = col_text(s, 1, ar);
		p->compound = col_text(s, 2, ar);
		p->building = col_text(s, 3, ar);
		p->room = col_text(s, 4, ar);
		p->has_floor = col_type(s, 5) != STMT_NULL;
		p->floor = p->has_floor ? col_int(s, 5) : INT_MIN;
		p->last_visit_on = col_text(s, 6, ar);
		p->follow_up_on = col_text(s, 7, ar);
		p->interval = col_int(s, 8);
		p->tags = col_text(s, 9, ar);
		p->grid_id = col_int64(s, 10);
	}
	return store_finish(st, s, rc);
}

int
store_plan_rows(struct store *st, const struct scope *sc, int64_t worker_id, const char *date,
		struct arena *ar, struct plan_list *out)
{
	struct stmt *s = store_stmt(st, Q_PLAN_ROWS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, worker_id);
	bind_text(s, 2, date);
	bind_int(s, 3, sc->user_id);
	return read_plan_rows(st, s, ar, out);
}

int
store_area_unvisited(struct store *st, const struct scope *sc, const char *area, int limit,
		     struct arena *ar, struct plan_list *out)
{
	struct stmt *s = store_stmt(st, Q_AREA_UNVISITED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, area);
	bind_int(s, 3, limit);
	return read_plan_rows(st, s, ar, out);
}

/* The policy. */

int
store_policy_list(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
		  struct policy_list *out)
{
	struct stmt *s = store_stmt(st, Q_POLICY_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_int(s, 2, sc->user_id);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct policy_row *p = arena_push(ar, &out->items, &out->n, &cap, sizeof(*p));

		p->tag = col_text(s, 0, ar);
		p->interval_days = col_int(s, 1);
		p->own = col_int(s, 2) != 0;
	}
	rc = store_finish(st, s, rc);
	/* the "*" row is always there in scope: none means out of scope */
	return rc == SB_OK && out->n == 0 ? SB_NOT_FOUND : rc;
}

int
store_policy_put(struct store *st, const struct scope *sc, const char *committee, const char *tag,
		 int interval_days)
{
	struct stmt *s = store_stmt(st, Q_POLICY_PUT);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_text(s, 2, tag);
	bind_int(s, 3, interval_days);
	bind_int(s, 4, sc->user_id);
	rc = store_exec_stmt(st, s);
	return rc == SB_OK && store_changes(st) == 0 ? SB_NOT_FOUND : rc;
}

int
store_policy_delete(struct store *st, const struct scope *sc, const char *committee,
		    const char *tag)
{
	struct stmt *s = store_stmt(st, Q_POLICY_DELETE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_text(s, 2, tag);
	bind_int(s, 3, sc->user_id);
	return store_exec_stmt(st, s);
}

/* Coverage: streamed, one household at a time, committees in [lo, hi). */
static int
coverage_part(struct store *st, const struct scope *sc, const char *area, const char *lo,
	      const char *hi, int (*fn)(const struct coverage_row *row, void *ctx), void *ctx)
{
	struct stmt *s = store_stmt(st, Q_COVERAGE_ROWS);
	int rc, stop = 0;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, area);
	bind_text(s, 3, lo);
	bind_text(s, 4, hi);
	while (stop == 0 && (rc = stmt_step(s)) == STMT_ROW) {
		struct coverage_row r;

		r.grid_id = col_int64(s, 0);
		r.committee_code = col_text_peek(s, 1);
		r.residents = col_int(s, 2);
		r.interval = col_int(s, 3);
		r.days = col_blob(s, 4);
		r.ndays = (size_t)col_bytes(s, 4) / 2;
		r.tags = col_text_peek(s, 5);
		stop = fn(&r, ctx);
	}
	if (stop) {
		stmt_reset(s);
		return stop;
	}
	return store_finish(st, s, rc);
}

struct coverage_job {
	struct store *st;
	const struct scope *sc;
	const char *area, *lo;
	int (*fn)(const struct coverage_row *row, void *ctx);
	void *ctx;
	int rc;
};

static void *
coverage_thread(void *arg)
{
	struct coverage_job *j = arg;

	j->rc = coverage_part(j->st, j->sc, j->area, j->lo, NULL, j->fn, j->ctx);
	return NULL;
}

int
store_coverage_rows(struct store *st, const struct scope *sc, const char *area,
		    int (*fn)(const struct coverage_row *row, void *ctx), void *ctx[2])
{
	struct stmt *s = store_stmt(st, Q_COVERAGE_SPLIT);
	struct store *aux;
	struct coverage_job job = {.sc = sc, .area = area, .fn = fn, .ctx = ctx[1]};
	char split[32] = "";
	pthread_t t;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, area);
	if (stmt_step(s) == STMT_ROW && col_bytes(s, 0) < (int)sizeof(split))
		snprintf(split, sizeof(split), "%s", col_text_peek(s, 0));
	stmt_reset(s);
	/* One committee, or no second connection: one pass (the same answer). */
	if (split[0] == '\0' || strcmp(split, area) == 0)
		return coverage_part(st, sc, area, NULL, NULL, fn, ctx[0]);
	aux = store_aux(st);
	if (aux == NULL)
		return coverage_part(st, sc, area, NULL, NULL, fn, ctx[0]);
	job.st = aux;
	job.lo = split;
	if (pthread_create(&t, NULL, coverage_thread, &job) != 0) {
		rc = coverage_part(st, sc, area, NULL, split, fn, ctx[0]);
		return rc == SB_OK ? coverage_part(st, sc, area, split, NULL, fn, ctx[1]) : rc;
	}
	rc = coverage_part(st, sc, area, NULL, split, fn, ctx[0]);
	pthread_join(t, NULL);
	return rc != SB_OK ? rc : job.rc;
}

int
store_grid_owners_in_area(struct store *st, const struct scope *sc, const char *area,
			  const char *date, struct arena *ar, struct assignment_list *out)
{
	struct stmt *s = store_stmt(st, Q_GRID_OWNERS_IN_AREA);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, area);
	bind_text(s, 3, date);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct assignment *a = arena_push(ar, &out->items, &out->n, &cap, sizeof(*a));

		a->grid_id = col_int64(s, 0);
		a->worker_id = col_int64(s, 1);
		a->worker_name = col_text(s, 2, ar);
		a->worker_login = col_text(s, 3, ar);
	}
	return store_finish(st, s, rc);
}

/* The reception roster. */

int
store_roster_find(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
		  struct roster_ref *out)
{
	struct area a;
	int rc = store_area_get(st, sc, committee, ar, &a);

	if (rc == SB_OK && strcmp(a.level, "committee") != 0)
		rc = SB_NOT_FOUND; /* a roster is a committee's */
	if (rc == SB_OK) {
		out->id = 0;
		out->committee = a.code;
	}
	return rc;
}

int
store_roster_set(struct store *st, const struct roster_ref *r, const char *date, int64_t worker_id,
		 bool edited)
{
	struct stmt *s = store_stmt(st, Q_ROSTER_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, r->committee);
	bind_text(s, 2, date);
	bind_int(s, 3, worker_id);
	bind_int(s, 4, edited);
	return store_exec_stmt(st, s);
}

int
store_roster_clear(struct store *st, const struct roster_ref *r, const char *from, const char *to)
{
	struct stmt *s = store_stmt(st, Q_ROSTER_CLEAR);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, r->committee);
	bind_text(s, 2, from);
	bind_text(s, 3, to);
	return store_exec_stmt(st, s);
}

/* The days of ROSTER_LIST or ROSTER_LIST_SCOPED (uid: the user whose scope
 * the latter applies; 0 for the former). */
static int
roster_rows(struct store *st, enum query q, int64_t uid, const char *committee, const char *from,
	    const char *to, struct arena *ar, struct roster_list *out)
{
	struct stmt *s = store_stmt(st, q);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_text(s, 2, from);
	bind_text(s, 3, to);
	if (q == Q_ROSTER_LIST_SCOPED)
		bind_int(s, 4, uid);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct roster_day *d = arena_push(ar, &out->items, &out->n, &cap, sizeof(*d));

		d->date = col_text(s, 0, ar);
		d->worker_id = col_int64(s, 1);
		d->worker_name = col_text(s, 2, ar);
		d->edited = col_int(s, 3) != 0;
	}
	return store_finish(st, s, rc);
}

int
store_roster_days(struct store *st, const struct roster_ref *r, const char *from, const char *to,
		  struct arena *ar, struct roster_list *out)
{
	return roster_rows(st, Q_ROSTER_LIST, 0, r->committee, from, to, ar, out);
}

int
store_roster_list(struct store *st, const struct scope *sc, const char *committee, const char *from,
		  const char *to, struct arena *ar, struct roster_list *out)
{
	return roster_rows(st, Q_ROSTER_LIST_SCOPED, sc->user_id, committee, from, to, ar, out);
}

int
store_committee_users(struct store *st, const struct scope *sc, const char *committee,
		      enum role role, struct arena *ar, struct user_list *out)
{
	struct stmt *s = store_stmt(st, Q_COMMITTEE_USERS);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_text(s, 2, role_name(role));
	bind_int(s, 3, sc->user_id);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct user *u = arena_push(ar, &out->items, &out->n, &cap, sizeof(*u));

		u->id = col_int64(s, 0);
		u->username = col_text(s, 1, ar);
		u->display_name = col_text(s, 6, ar);
		u->role = role;
	}
	return store_finish(st, s, rc);
}

int
store_visit_day_counts(struct store *st, const struct scope *sc, const char *area, const char *from,
		       const char *to,
		       int (*fn)(int64_t worker, const char *login, const char *name,
				 const char *date, int visits, int before, void *ctx),
		       void *ctx)
{
	struct stmt *s = store_stmt(st, Q_VISIT_DAY_COUNTS);
	int rc, stop = 0;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, area);
	bind_text(s, 3, from);
	bind_text(s, 4, to);
	while (stop == 0 && (rc = stmt_step(s)) == STMT_ROW)
		stop = fn(col_int64(s, 0), col_text_peek(s, 1), col_text_peek(s, 5),
			  col_text_peek(s, 2), col_int(s, 3), col_int(s, 4), ctx);
	if (stop) {
		stmt_reset(s);
		return stop;
	}
	return store_finish(st, s, rc);
}

/* Calendar-feed tokens. */

int
store_ics_token_set(struct store *st, int64_t user_id, const char *token_hash, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_ICS_SET);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_text(s, 2, token_hash);
	bind_int(s, 3, now);
	return store_exec_stmt(st, s);
}

int
store_ics_token_delete(struct store *st, int64_t user_id)
{
	struct stmt *s = store_stmt(st, Q_ICS_DELETE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	return store_exec_stmt(st, s);
}

int
store_ics_token_revoke(struct store *st, int64_t user_id, bool *revoked)
{
	int rc = store_ics_token_delete(st, user_id);

	*revoked = rc == SB_OK && store_changes(st) > 0;
	return rc;
}

int
store_ics_token_user(struct store *st, const char *token_hash, int64_t *user_id)
{
	struct stmt *s = store_stmt(st, Q_ICS_USER);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, token_hash);
	rc = store_scalar(st, s, user_id);
	if (rc == SB_OK && *user_id == 0)
		return SB_NOT_FOUND;
	return rc;
}

int
store_reception_hand_over(struct store *st, int64_t from, int64_t to, const char *today)
{
	struct stmt *s = store_stmt(st, Q_RECEPTION_HAND_OVER);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, from);
	bind_int(s, 2, to);
	bind_text(s, 3, today);
	return store_exec_stmt(st, s);
}

/* A duty the receiver is on already keeps one place for it (UPDATE OR
 * IGNORE leaves the giver's row, deleted after). */
int
store_duties_hand_over(struct store *st, int64_t from, int64_t to, const char *today)
{
	struct stmt *s = store_stmt(st, Q_DUTIES_HAND_OVER);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, from);
	bind_int(s, 2, to);
	bind_text(s, 3, today);
	rc = store_exec_stmt(st, s);
	s = rc == SB_OK ? store_stmt(st, Q_DUTIES_HAND_OVER_REST) : NULL;
	if (s == NULL)
		return rc == SB_OK ? SB_INTERNAL : rc;
	bind_int(s, 1, from);
	bind_text(s, 2, today);
	return store_exec_stmt(st, s);
}
