#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "store/campaigns.h"
#include "store/store_int.h"

/* Campaigns, the gate log, duties, training and the worker's record. */

static int64_t
col_id(struct stmt *s, int i)
{
	return col_type(s, i) == STMT_NULL ? 0 : col_int64(s, i);
}

/* Campaigns. */

static void
read_campaign(struct stmt *s, struct arena *ar, struct campaign *c)
{
	c->id = col_int64(s, 0);
	c->committee_code = col_text(s, 1, ar);
	c->name = col_text(s, 2, ar);
	c->unit = col_text(s, 3, ar);
	c->filter = col_text(s, 4, ar);
	c->fields = col_text(s, 5, ar);
	c->status = col_text(s, 6, ar);
	c->gate_retention_days = col_int(s, 7);
	c->created_by = col_id(s, 8);
	c->created_at = col_int64(s, 9);
	c->ended_at = col_id(s, 10);
	c->total = col_int64(s, 11);
	c->done = col_int64(s, 12);
	c->ref.id = c->id;
	c->ref.committee = c->committee_code;
}

int
store_campaign_insert(struct store *st, const struct campaign *c, struct campaign_ref *out)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, c->committee_code);
	bind_text(s, 2, c->name);
	bind_text(s, 3, c->unit);
	bind_text(s, 4, c->filter);
	bind_text(s, 5, c->fields);
	bind_int(s, 6, c->gate_retention_days);
	bind_id_or_null(s, 7, c->created_by);
	bind_int(s, 8, c->created_at);
	out->committee = c->committee_code;
	return store_exec_insert(st, s, &out->id);
}

int
store_campaign_target_add(struct store *st, const struct campaign_ref *c, int64_t household_id,
			  int64_t resident_id)
{
	struct stmt *s = store_stmt(st, resident_id ? Q_CAMPAIGN_TARGET_RESIDENT
						    : Q_CAMPAIGN_TARGET_HOUSEHOLD);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_int(s, 2, resident_id ? resident_id : household_id);
	return store_exec_stmt(st, s);
}

int
store_campaign_target_place(struct store *st, const struct campaign_ref *c, int64_t building_id,
			    int64_t compound_id)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_TARGET_PLACE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_id_or_null(s, 2, building_id);
	bind_id_or_null(s, 3, compound_id);
	return store_exec_stmt(st, s);
}

int
store_campaign_places(struct store *st, const struct campaign_ref *c, bool buildings,
		      int64_t compound_id, int64_t building_id, bool no_lift, struct arena *ar,
		      int64_t **ids, size_t *n)
{
	struct stmt *s = store_stmt(st, buildings ? Q_CAMPAIGN_BUILDINGS : Q_CAMPAIGN_COMPOUNDS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, c->committee);
	bind_id_or_null(s, 2, compound_id);
	if (buildings) {
		bind_id_or_null(s, 3, building_id);
		bind_int(s, 4, no_lift);
	}
	return store_ids(st, s, ar, ids, n);
}

int
store_campaign_target_put(struct store *st, const struct campaign_ref *c, int64_t household_id,
			  int64_t resident_id, int64_t by, int64_t now, int64_t *target_id)
{
	struct stmt *s;
	bool removed = false;
	int rc;

	*target_id = 0;
	if (resident_id) {
		s = store_stmt(st, Q_RESIDENT_HOUSEHOLD);
		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, resident_id);
		rc = store_scalar(st, s, &household_id);
		if (rc != SB_OK)
			return rc;
	}
	s = store_stmt(st, Q_CAMPAIGN_TARGET_FIND);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_int(s, 2, household_id);
	bind_id_or_null(s, 3, resident_id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*target_id = col_int64(s, 0);
		removed = col_int(s, 1) != 0;
	}
	rc = rc == STMT_ROW || rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	if (rc != SB_OK)
		return rc;
	if (*target_id && !removed)
		return SB_CONFLICT;
	s = store_stmt(st, *target_id ? Q_CAMPAIGN_TARGET_RESTORE : Q_CAMPAIGN_TARGET_INSERT);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_int(s, 2, household_id);
	bind_id_or_null(s, 3, resident_id);
	bind_id_or_null(s, 4, by);
	bind_int(s, 5, now);
	if (*target_id)
		return store_exec_stmt(st, s);
	return store_exec_insert(st, s, target_id);
}

int
store_campaign_target_remove(struct store *st, const struct campaign_ref *c, int64_t target_id,
			     int64_t by, int64_t now, const char *reason)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_TARGET_REMOVE);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_int(s, 2, target_id);
	bind_int(s, 3, now);
	bind_id_or_null(s, 4, by);
	bind_text(s, 5, reason);
	rc = store_exec_stmt(st, s);
	return rc == SB_OK && store_changes(st) == 0 ? SB_NOT_FOUND : rc;
}

int
store_campaign_target_max_id(struct store *st, int64_t *id)
{
	return store_scalar(st, store_stmt(st, Q_CAMPAIGN_TARGET_MAX_ID), id);
}

int
store_campaign_target_stamp(struct store *st, const struct campaign_ref *c, int64_t after_id,
			    int64_t by, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_TARGET_STAMP);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_int(s, 2, after_id);
	bind_int(s, 3, now);
	bind_id_or_null(s, 4, by);
	return store_exec_stmt(st, s);
}

int
store_campaign_target_count(struct store *st, const struct campaign_ref *c, int64_t *n)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_TARGET_ROWS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	return store_scalar(st, s, n);
}

int
store_campaign_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct campaign *out)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	read_campaign(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_campaign_by_target(struct store *st, const struct scope *sc, int64_t target_id,
			 struct arena *ar, struct campaign *out)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_BY_TARGET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, target_id);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	read_campaign(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_campaign_list(struct store *st, const struct scope *sc, const char *area, const char *status,
		    int64_t after_id, int limit, struct arena *ar, struct campaign_list *out)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, area);
	bind_text(s, 3, status);
	bind_int(s, 4, after_id);
	bind_int(s, 5, limit);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_campaign(s, ar,
			      arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_campaign_update(struct store *st, const struct campaign_ref *c, const char *name,
		      int retention_days)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_UPDATE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_text(s, 2, name);
	if (retention_days > 0)
		bind_int(s, 3, retention_days);
	return store_exec_stmt(st, s);
}

int
store_campaign_end(struct store *st, const struct campaign_ref *c, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_END);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_int(s, 2, now);
	return store_exec_stmt(st, s);
}

int
store_campaign_rows(struct store *st, const struct campaign_ref *c, const char *date,
		    struct arena *ar, struct campaign_row **rows, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_ROWS);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_text(s, 2, date);
	*rows = NULL;
	*n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct campaign_row *r = arena_push(ar, rows, n, &cap, sizeof(**rows));

		r->target_id = col_int64(s, 0);
		r->household_id = col_int64(s, 1);
		r->resident_id = col_int64(s, 2);
		r->resident_name = col_text(s, 3, ar);
		r->committee_code = col_text(s, 4, ar);
		r->grid_id = col_int64(s, 5);
		r->grid_name = col_text(s, 6, ar);
		r->compound_id = col_int64(s, 7);
		r->compound = col_text(s, 8, ar);
		r->building = col_text(s, 9, ar);
		r->room = col_text(s, 10, ar);
		r->floor = col_type(s, 11) == STMT_NULL ? INT_MIN : col_int(s, 11);
		r->worker_id = col_int64(s, 12);
		r->worker_name = col_text(s, 13, ar);
		r->done = col_int(s, 14) != 0;
		r->entry = col_text(s, 15, ar);
		r->by_name = col_text(s, 16, ar);
		r->updated_at = col_int64(s, 17);
		r->committee_name = col_text(s, 18, ar);
		r->building_id = col_int64(s, 19);
	}
	return store_finish(st, s, rc);
}

int
store_campaign_target(struct store *st, const struct campaign_ref *c, int64_t target_id,
		      int64_t *household_id, int64_t *resident_id)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_TARGET_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->id);
	bind_int(s, 2, target_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	*household_id = col_int64(s, 0);
	*resident_id = col_int64(s, 1);
	stmt_reset(s);
	return SB_OK;
}

int
store_campaign_of_target(struct store *st, const struct scope *sc, int64_t target_id,
			 int64_t *campaign_id)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_OF_TARGET);

	*campaign_id = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, target_id);
	bind_int(s, 2, sc->user_id);
	return store_scalar(st, s, campaign_id);
}

int
store_campaign_entry_put(struct store *st, const struct campaign_ref *c, int64_t target_id,
			 const char *entry, bool done, int64_t by, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_CAMPAIGN_ENTRY_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, target_id);
	bind_int(s, 2, c->id);
	bind_text(s, 3, entry);
	bind_int(s, 4, done ? 1 : 0);
	bind_int(s, 5, by);
	bind_int(s, 6, now);
	return store_exec_stmt(st, s);
}

/* Gates. */

static void
read_gate(struct stmt *s, struct arena *ar, struct gate *g)
{
	g->id = col_int64(s, 0);
	g->compound_id = col_int64(s, 1);
	g->committee_code = col_text(s, 2, ar);
	g->name = col_text(s, 3, ar);
	g->compound_name = col_text(s, 4, ar);
	g->created_at = col_int64(s, 5);
	g->ref.id = g->id;
	g->ref.committee = g->committee_code;
}

int
store_gate_insert(struct store *st, const struct scope *sc, int64_t compound_id,
		  const char *committee, const char *name, int64_t now, struct gate_ref *out)
{
	struct stmt *s = store_stmt(st, Q_GATE_INSERT);
	int rc;

	out->id = 0;
	out->committee = committee;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, compound_id);
	bind_text(s, 2, committee);
	bind_text(s, 3, name);
	bind_int(s, 4, now);
	bind_int(s, 5, sc->user_id);
	rc = store_exec_insert(st, s, &out->id);
	if (rc == SB_OK && store_changes(st) == 0) {
		out->id = 0;
		rc = SB_NOT_FOUND; /* committee is not in sc's jurisdiction */
	}
	return rc;
}

int
store_gate_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct gate *out)
{
	struct stmt *s = store_stmt(st, Q_GATE_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	read_gate(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_gate_list(struct store *st, const struct scope *sc, int64_t compound_id, int64_t only_id,
		struct arena *ar, struct gate_list *out)
{
	struct stmt *s = store_stmt(st, Q_GATE_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_id_or_null(s, 2, compound_id);
	bind_id_or_null(s, 3, only_id);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_gate(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_gate_guard_set(struct store *st, const struct gate_ref *g, int64_t user_id, bool bind)
{
	struct stmt *s = store_stmt(st, bind ? Q_GATE_GUARD_SET : Q_GATE_GUARD_DELETE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_int(s, 2, g->id);
	return store_exec_stmt(st, s);
}

int
store_gate_guard_of(struct store *st, int64_t user_id, int64_t *gate_id)
{
	struct stmt *s = store_stmt(st, Q_GATE_GUARD_OF);

	bind_int(s, 1, user_id);
	return store_scalar(st, s, gate_id);
}

int
store_gate_guards(struct store *st, const struct gate_ref *g, struct arena *ar,
		  struct user_list *out)
{
	struct stmt *s = store_stmt(st, Q_GATE_GUARDS);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, g->id);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct user *u = arena_push(ar, &out->items, &out->n, &cap, sizeof(*u));

		u->id = col_int64(s, 0);
		u->username = col_text(s, 1, ar);
		u->display_name = col_text(s, 2, ar);
	}
	return store_finish(st, s, rc);
}

int
store_gate_entry_insert(struct store *st, const struct gate_ref *g, const struct gate_entry *e,
			int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_GATE_ENTRY_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, g->id);
	bind_text(s, 2, g->committee);
	bind_id_or_null(s, 3, e->campaign_id);
	bind_int(s, 4, e->at);
	bind_text(s, 5, e->direction);
	bind_text(s, 6, e->person);
	bind_id_or_null(s, 7, e->resident_id);
	bind_text(s, 8, e->name);
	bind_text(s, 9, e->from_place);
	bind_text(s, 10, e->purpose);
	bind_int(s, 11, e->recorded_by);
	bind_int(s, 12, e->recorded_at);
	return store_exec_insert(st, s, id);
}

static void
read_gate_entry(struct stmt *s, struct arena *ar, struct gate_entry *e)
{
	e->id = col_int64(s, 0);
	e->gate_id = col_int64(s, 1);
	e->campaign_id = col_id(s, 2);
	e->at = col_int64(s, 3);
	e->direction = col_text(s, 4, ar);
	e->person = col_text(s, 5, ar);
	e->resident_id = col_id(s, 6);
	e->name = col_text(s, 7, ar);
	e->from_place = col_text(s, 8, ar);
	e->purpose = col_text(s, 9, ar);
	e->recorded_by = col_id(s, 10);
	e->recorded_by_name = col_text(s, 11, ar);
	e->recorded_at = col_int64(s, 12);
	e->erased_at = col_id(s, 13);
}

int
store_gate_entry_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct gate_entry *out)
{
	struct stmt *s = store_stmt(st, Q_GATE_ENTRY_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	read_gate_entry(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_gate_entry_list(struct store *st, const struct scope *sc, int64_t gate_id, int64_t from,
		      int64_t to, struct arena *ar, struct gate_entry_list *out)
{
	struct stmt *s = store_stmt(st, Q_GATE_ENTRY_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, gate_id);
	bind_int(s, 3, from);
	bind_int(s, 4, to);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_gate_entry(s, ar,
				arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_gate_erase(struct store *st, int64_t now, int64_t *n)
{
	struct stmt *s = store_stmt(st, Q_GATE_ERASE);
	int rc;

	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, now);
	rc = store_exec_stmt(st, s);
	if (rc == SB_OK)
		*n = store_changes(st);
	return rc;
}

/* Duties. */

int
store_duty_insert(struct store *st, const struct scope *sc, const struct duty *d, struct arena *ar,
		  struct duty_ref *out)
{
	struct stmt *s = store_stmt(st, Q_DUTY_INSERT);
	int rc;

	out->id = 0;
	out->committee = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, d->committee_code);
	bind_text(s, 2, d->date);
	bind_text(s, 3, d->kind);
	bind_id_or_null(s, 4, d->campaign_id);
	bind_text(s, 5, d->areas);
	bind_text(s, 6, d->note);
	bind_id_or_null(s, 7, d->created_by);
	bind_int(s, 8, d->created_at);
	bind_int(s, 9, d->start_minute);
	bind_int(s, 10, d->end_minute);
	bind_int(s, 11, sc->user_id);
	rc = store_exec_insert(st, s, &out->id);
	if (rc == SB_OK && store_changes(st) == 0) {
		out->id = 0;
		return SB_NOT_FOUND; /* the committee is out of the caller's scope */
	}
	if (rc == SB_OK)
		out->committee = arena_strdup(ar, d->committee_code);
	return rc;
}

int
store_duty_worker_add(struct store *st, const struct duty_ref *duty, int64_t worker_id)
{
	struct stmt *s = store_stmt(st, Q_DUTY_WORKER_ADD);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, duty->id);
	bind_int(s, 2, worker_id);
	return store_exec_stmt(st, s);
}

static void
read_duty(struct stmt *s, struct arena *ar, struct duty *d)
{
	d->id = col_int64(s, 0);
	d->committee_code = col_text(s, 1, ar);
	d->date = col_text(s, 2, ar);
	d->kind = col_text(s, 3, ar);
	d->campaign_id = col_id(s, 4);
	d->areas = col_text(s, 5, ar);
	d->note = col_text(s, 6, ar);
	d->summary = col_text(s, 7, ar);
	d->done_at = col_id(s, 8);
	d->created_at = col_int64(s, 9);
	d->start_minute = col_int(s, 10);
	d->end_minute = col_int(s, 11);
	d->ref.id = d->id;
	d->ref.committee = d->committee_code;
	d->workers = NULL;
	d->nworkers = 0;
}

/* The workers of each of n duties read with read_duty. */
static int
duty_workers(struct store *st, struct arena *ar, struct duty *d, size_t n)
{
	size_t i;
	int rc = SB_OK;

	for (i = 0; rc == SB_OK && i < n; i++) {
		struct stmt *s = store_stmt(st, Q_DUTY_WORKERS);
		size_t cap = 0;

		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, d[i].id);
		while ((rc = stmt_step(s)) == STMT_ROW) {
			struct duty_worker *w =
				arena_push(ar, &d[i].workers, &d[i].nworkers, &cap, sizeof(*w));

			w->id = col_int64(s, 0);
			w->username = col_text(s, 1, ar);
			w->name = col_text(s, 2, ar);
		}
		rc = store_finish(st, s, rc);
	}
	return rc;
}

int
store_duty_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct duty *out)
{
	struct stmt *s = store_stmt(st, Q_DUTY_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	read_duty(s, ar, out);
	stmt_reset(s);
	return duty_workers(st, ar, out, 1);
}

int
store_duty_list(struct store *st, const struct scope *sc, const char *committee, const char *date,
		int64_t worker_id, struct arena *ar, struct duty_list *out)
{
	struct stmt *s = store_stmt(st, Q_DUTY_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, committee);
	bind_text(s, 3, date);
	bind_id_or_null(s, 4, worker_id);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_duty(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	rc = store_finish(st, s, rc);
	return rc == SB_OK ? duty_workers(st, ar, out->items, out->n) : rc;
}

int
store_duty_has_worker(struct store *st, const struct duty_ref *duty, int64_t worker_id, bool *yes)
{
	struct stmt *s = store_stmt(st, Q_DUTY_WORKER_OF);
	int64_t n;
	int rc;

	bind_int(s, 1, duty->id);
	bind_int(s, 2, worker_id);
	rc = store_scalar(st, s, &n);
	*yes = n > 0;
	return rc;
}

int
store_duty_done(struct store *st, const struct duty_ref *duty, const char *summary, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_DUTY_DONE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, duty->id);
	bind_text(s, 2, summary);
	bind_int(s, 3, now);
	return store_exec_stmt(st, s);
}

int
store_user_serves(struct store *st, int64_t user_id, const char *committee, bool *yes)
{
	struct stmt *s = store_stmt(st, Q_USER_SERVES);
	int64_t n;
	int rc;

	bind_int(s, 1, user_id);
	bind_text(s, 2, committee);
	rc = store_scalar(st, s, &n);
	*yes = n > 0;
	return rc;
}

int
store_place_committee(struct store *st, const char *kind, int64_t id, struct arena *ar,
		      const char **committee)
{
	enum query q = strcmp(kind, "grid") == 0       ? Q_PLACE_GRID_COMMITTEE
		       : strcmp(kind, "compound") == 0 ? Q_PLACE_COMPOUND_COMMITTEE
		       : strcmp(kind, "resident") == 0 ? Q_RESIDENT_COMMITTEE
						       : Q_PLACE_BUILDING_COMMITTEE;
	struct stmt *s = store_stmt(st, q);
	int rc;

	*committee = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	*committee = col_text(s, 0, ar);
	stmt_reset(s);
	return SB_OK;
}

int
store_day_work(struct store *st, const struct scope *sc, const char *committee, const char *date,
	       int (*fn)(int64_t user, const char *login, const char *name, int duty_minutes,
			 int entries, int visits, void *ctx),
	       void *ctx)
{
	struct stmt *s = store_stmt(st, Q_DAY_WORK);
	int rc, frc = SB_OK;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_text(s, 2, date);
	bind_int(s, 3, sc->user_id);
	while (frc == SB_OK && (rc = stmt_step(s)) == STMT_ROW)
		frc = fn(col_int64(s, 0), col_text_peek(s, 1), col_text_peek(s, 2), col_int(s, 3),
			 col_int(s, 4), col_int(s, 5), ctx);
	if (frc != SB_OK) {
		stmt_reset(s);
		return frc;
	}
	return store_finish(st, s, rc);
}

int
store_training_insert(struct store *st, const struct scope *sc, int64_t worker_id, const char *area,
		      const char *date, int hours, const char *topic, int64_t by, int64_t now,
		      int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_TRAINING_INSERT);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, worker_id);
	bind_text(s, 2, area);
	bind_text(s, 3, date);
	bind_int(s, 4, hours);
	bind_text(s, 5, topic);
	bind_id_or_null(s, 6, by);
	bind_int(s, 7, now);
	bind_int(s, 8, sc->user_id);
	rc = store_exec_insert(st, s, id);
	if (rc == SB_OK && store_changes(st) == 0)
		rc = SB_NOT_FOUND; /* the worker is not in sc's jurisdiction */
	return rc;
}

/* The worker's record. */

int
store_record_weights(struct store *st, const char *district, struct record_weights *w,
		     int *per_worker)
{
	struct stmt *s = store_stmt(st, Q_RECORD_WEIGHTS_GET);
	int rc, i;

	/* The defaults of record_setting (0007_campaigns.sql). */
	w->w[RK_VISIT] = 1;
	w->w[RK_ISSUE_TAKEN] = 2;
	w->w[RK_ISSUE_RESOLVED] = 3;
	w->w[RK_SATISFACTION] = 1;
	w->w[RK_CAMPAIGN_TASK] = 1;
	w->w[RK_TRAINING] = 2;
	*per_worker = 300;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, district);
	rc = store_step_one(st, s);
	if (rc == SB_NOT_FOUND)
		return SB_OK;
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < RK_COUNT; i++)
		w->w[i] = col_int(s, i);
	*per_worker = col_int(s, RK_COUNT);
	stmt_reset(s);
	return SB_OK;
}

int
store_record_weights_put(struct store *st, const char *district, const struct record_weights *w,
			 int per_worker, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_RECORD_WEIGHTS_PUT);
	int i;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, district);
	for (i = 0; i < RK_COUNT; i++)
		bind_int(s, 2 + i, w->w[i]);
	bind_int(s, 2 + RK_COUNT, per_worker);
	bind_int(s, 3 + RK_COUNT, now);
	return store_exec_stmt(st, s);
}

int
store_area_ancestor(struct store *st, const char *code, const char *level, struct arena *ar,
		    const char **out)
{
	struct stmt *s = store_stmt(st, Q_AREA_ANCESTOR_AT);
	int rc;

	*out = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, code);
	bind_text(s, 2, level);
	rc = store_step_one(st, s);
	if (rc == SB_NOT_FOUND)
		return SB_OK;
	if (rc != SB_OK)
		return rc;
	*out = col_text(s, 0, ar);
	stmt_reset(s);
	return SB_OK;
}

int
store_record_rows(struct store *st, int64_t worker_id, const char *from, const char *to,
		  struct arena *ar, struct record_row **rows, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_RECORD_SOURCES);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, worker_id);
	bind_text(s, 2, from);
	bind_text(s, 3, to);
	*rows = NULL;
	*n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct record_row *r = arena_push(ar, rows, n, &cap, sizeof(**rows));
		const char *d = col_text_peek(s, 2);

		r->src.kind = (enum record_kind)col_int(s, 0);
		r->src.id = col_int64(s, 1);
		if (d)
			snprintf(r->src.date, sizeof(r->src.date), "%s", (const char *)d);
		r->src.value = col_int(s, 3);
		r->interval = col_int(s, 4);
		r->prev = col_text(s, 5, ar);
		r->prev_follow_up = col_text(s, 6, ar);
	}
	return store_finish(st, s, rc);
}

int
store_quota_rows(struct store *st, const struct scope *sc, const char *area, struct arena *ar,
		 struct quota_row **rows, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_QUOTA_ROWS);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, area);
	*rows = NULL;
	*n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct quota_row *q = arena_push(ar, rows, n, &cap, sizeof(**rows));

		q->committee_code = col_text(s, 0, ar);
		q->committee_name = col_text(s, 1, ar);
		q->street_code = col_text(s, 2, ar);
		q->street_name = col_text(s, 3, ar);
		q->households = col_int64(s, 4);
		q->workers = col_int64(s, 5);
	}
	return store_finish(st, s, rc);
}

int
store_gate_residents(struct store *st, const struct gate_ref *g, const char *text, struct arena *ar,
		     struct gate_resident **out, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_GATE_RESIDENTS);
	char *like = arena_alloc(ar, 2 * strlen(text) + 3), *w = like;
	const char *p;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	*w++ = '%';
	for (p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*w++ = '\\';
		*w++ = *p;
	}
	*w++ = '%';
	bind_int(s, 1, g->id);
	bind_text(s, 2, like);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct gate_resident *r = arena_push(ar, out, n, &cap, sizeof(**out));

		r->id = col_int64(s, 0);
		r->name = col_text(s, 1, ar);
		r->building = col_text(s, 2, ar);
		r->room = col_text(s, 3, ar);
	}
	return store_finish(st, s, rc);
}

/* Attachments. */

static void
read_attachment(struct stmt *s, struct arena *ar, struct attachment *a)
{
	a->id = col_int64(s, 0);
	a->owner_kind = col_text(s, 1, ar);
	a->owner_id = col_int64(s, 2);
	a->committee_code = col_text(s, 3, ar);
	a->sha256 = col_text(s, 4, ar);
	a->thumb_sha256 = col_text(s, 5, ar);
	a->media_type = col_text(s, 6, ar);
	a->bytes = col_int64(s, 7);
	a->width = col_int(s, 8);
	a->height = col_int(s, 9);
	a->filename = col_text(s, 10, ar);
	a->created_by = col_int64(s, 11);
	a->created_by_name = col_text(s, 12, ar);
	a->created_at = col_int64(s, 13);
	a->ref.id = a->id;
	a->ref.committee = a->committee_code;
}

int
store_attachment_insert(struct store *st, const struct scope *sc, const struct attachment *a,
			struct arena *ar, struct attachment_ref *out)
{
	struct stmt *s = store_stmt(st, Q_ATTACHMENT_INSERT);
	int64_t id = 0;
	int rc;

	out->id = 0;
	out->committee = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, a->owner_kind);
	bind_int(s, 2, a->owner_id);
	bind_text(s, 3, a->committee_code);
	bind_text(s, 4, a->sha256);
	bind_text(s, 5, a->thumb_sha256);
	bind_text(s, 6, a->media_type);
	bind_int(s, 7, a->bytes);
	bind_id_or_null(s, 8, a->width);
	bind_id_or_null(s, 9, a->height);
	bind_text(s, 10, a->filename);
	bind_int(s, 11, a->created_by);
	bind_int(s, 12, a->created_at);
	bind_int(s, 13, sc->user_id);
	rc = store_exec_insert(st, s, &id);
	if (rc == SB_OK && store_changes(st) == 0)
		rc = SB_NOT_FOUND;
	if (rc == SB_OK) {
		out->id = id;
		out->committee = arena_strdup(ar, a->committee_code);
	}
	return rc;
}

int
store_attachment_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct attachment *out)
{
	struct stmt *s = store_stmt(st, Q_ATTACHMENT_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = store_step_one(st, s);
	if (rc != SB_OK)
		return rc;
	read_attachment(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_attachment_list(struct store *st, const struct scope *sc, const char *owner_kind,
		      int64_t owner_id, struct arena *ar, struct attachment_list *out)
{
	struct stmt *s = store_stmt(st, Q_ATTACHMENT_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, owner_kind);
	bind_int(s, 2, owner_id);
	bind_int(s, 3, sc->user_id);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_attachment(s, ar,
				arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_attachment_remove(struct store *st, const struct attachment_ref *a, int64_t by, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_ATTACHMENT_REMOVE);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, a->id);
	bind_int(s, 2, now);
	bind_int(s, 3, by);
	rc = store_exec_stmt(st, s);
	return rc == SB_OK && store_changes(st) == 0 ? SB_NOT_FOUND : rc;
}

int
store_attachment_sha_used(struct store *st, const char *sha, bool *used)
{
	struct stmt *s = store_stmt(st, Q_ATTACHMENT_SHA_USED);
	int64_t n = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, sha);
	rc = store_scalar(st, s, &n);
	*used = n != 0;
	return rc;
}
