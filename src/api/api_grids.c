#include <string.h>

#include "api/api.h"
#include "core/grids.h"
#include "core/ident.h"
#include "http/json_io.h"

/* Grids (社区微网格), the workers assigned to them, workload and quotas. */

static const char *
today_of(struct request *rq)
{
	char *d = arena_alloc(&rq->arena, 11);

	ident_today(rq->now, d);
	return d;
}

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
grid_json(const struct grid_detail *d)
{
	const struct assignment_list *owners = &d->owners;
	json_t *workers = json_array(), *worker_ids = json_array();
	size_t i;

	for (i = 0; i < owners->n; i++) {
		json_array_append_new(workers, json_pack("{s:I, s:s, s:s}", "id",
							 (json_int_t)owners->items[i].worker_id,
							 "username", owners->items[i].worker_login,
							 "name", owners->items[i].worker_name));
		json_array_append_new(worker_ids, json_integer(owners->items[i].worker_id));
	}
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:I}", "id",
			 (json_int_t)d->grid.id, "committee_code", d->grid.committee_code, "name",
			 d->grid.name, "building_ids", ids_json(d->buildings, d->nbuildings),
			 "household_ids", ids_json(d->households, d->nhouseholds), "worker_ids",
			 worker_ids, "workers", workers, "households",
			 (json_int_t)d->household_count, "residents",
			 (json_int_t)d->resident_count);
}

/* An array of positive ids (at most 5000), in the arena; *given whether the
 * body has it. */
static int
member_ids(struct request *rq, json_t *body, const char *field, bool *given, const int64_t **out,
	   size_t *n)
{
	json_t *a = json_object_get(body, field), *v;
	int64_t *ids;
	size_t i;

	*given = a != NULL;
	*out = NULL;
	*n = 0;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > 5000)
		return request_fail(rq, SB_BAD_FIELD, field,
				    arena_printf(&rq->arena, "%s: a list of ids", field),
				    arena_printf(&rq->arena, "%s：须为编号列表", field));
	ids = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(*ids));
	json_array_foreach (a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return request_fail(rq, SB_BAD_FIELD, field,
					    arena_printf(&rq->arena, "%s: a list of ids", field),
					    arena_printf(&rq->arena, "%s：须为编号列表", field));
		ids[i] = json_integer_value(v);
	}
	*out = ids;
	*n = json_array_size(a);
	return SB_OK;
}

/* The syntax of a grid body into in: known members, strings, the name's
 * length and characters, the id lists.  What the ids name, the committee
 * and the name's uniqueness are core's (core/grids.c).  Decision (issue 15):
 * the whole syntax is checked before core reads anything, so a body that is
 * both malformed and names a committee or id out of reach is now refused
 * for its syntax first; a body with one fault gets the same answer as
 * before.  A PATCH still answers 404 for a grid out of scope whatever the
 * body (grid_find comes first). */
static int
grid_body(struct request *rq, json_t *body, struct grid_input *in)
{
	const char *key;
	json_t *v, *name;
	int rc;

	/* JF_OBJECT stands in for "array" in the table: check the member types here. */
	json_object_foreach (body, key, v) {
		if (strcmp(key, "building_ids") == 0 || strcmp(key, "household_ids") == 0)
			continue;
		if (strcmp(key, "committee_code") != 0 && strcmp(key, "name") != 0)
			return request_fail(rq, SB_BAD_FIELD, key,
					    arena_printf(&rq->arena, "%s: unknown field", key),
					    arena_printf(&rq->arena, "%s：未知字段", key));
		if (!json_is_string(v))
			return request_fail(rq, SB_BAD_FIELD, key,
					    arena_printf(&rq->arena, "%s: must be a string", key),
					    arena_printf(&rq->arena, "%s：须为字符串", key));
	}
	in->committee_code = json_string_value(json_object_get(body, "committee_code"));
	name = json_object_get(body, "name");
	in->name = json_string_value(name);
	if (name && (json_string_length(name) == 0 || utf8_chars(in->name) > 50))
		return request_fail(rq, SB_BAD_FIELD, "name", "name: 1 to 50 characters",
				    "name：须为 1 至 50 个字符");
	if (name) {
		rc = json_text_check(rq, "name", in->name, TEXT_LINE);
		if (rc != SB_OK)
			return rc;
	}
	rc = member_ids(rq, body, "building_ids", &in->has_buildings, &in->buildings,
			&in->nbuildings);
	if (rc == SB_OK)
		rc = member_ids(rq, body, "household_ids", &in->has_households, &in->households,
				&in->nhouseholds);
	return rc;
}

/* POST (g NULL) or PATCH grid g: body → grid_create/grid_update → the grid. */
static int
grid_write(struct request *rq, struct response *rs, const struct grid *g)
{
	struct grid_input in = {0};
	struct grid_detail d;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = grid_body(rq, body, &in);
	if (rc == SB_OK)
		rc = g == NULL ? grid_create(rq->store, &rq->scope, &who, &in, today_of(rq),
					     &rq->arena, &d, &fail)
			       : grid_update(rq->store, &rq->scope, &who, g, &in, today_of(rq),
					     &rq->arena, &d, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, g == NULL ? 201 : 200, grid_json(&d));
	json_decref(body);
	return rc;
}

/* POST /api/v1/grids {committee_code, name, building_ids, household_ids} */
int
api_grids_create(struct request *rq, struct response *rs)
{
	return grid_write(rq, rs, NULL);
}

/* PATCH /api/v1/grids/{id} {name, building_ids, household_ids} */
int
api_grids_update(struct request *rq, struct response *rs)
{
	struct grid g;
	int64_t id;
	int rc;

	/* the grid first: out of scope is 404 whatever the body */
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = grid_find(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc != SB_OK)
		return rc;
	return grid_write(rq, rs, &g);
}

/* GET /api/v1/grids/{id} */
int
api_grids_get(struct request *rq, struct response *rs)
{
	struct grid_detail d;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = grid_detail_get(rq->store, &rq->scope, id, today_of(rq), &rq->arena, &d);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, grid_json(&d));
}

/* GET /api/v1/grids?committee_code= */
int
api_grids_list(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	struct grid_detail *grids;
	json_t *items;
	size_t n, i;
	int rc;

	rc = api_query_whole_list(rq);
	if (rc == SB_OK)
		rc = grid_detail_list(rq->store, &rq->scope, committee, today_of(rq), &rq->arena,
				      &grids, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, grid_json(&grids[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/grids/unassigned?committee_code=: households in no grid. */
int
api_grids_unassigned(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	struct household_address *households;
	json_t *items, *page;
	size_t n, i;
	int rc;

	rc = grid_unassigned(rq->store, &rq->scope, committee, &rq->arena, &households, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items,
				      json_pack("{s:I, s:s}", "id", (json_int_t)households[i].id,
						"address", households[i].address));
	page = api_page(items, NULL);
	json_object_set_new(page, "total", json_integer((json_int_t)n));
	return response_json(rs, 200, page);
}

static json_t *
assignment_json(const struct assignment *a)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s?}", "id", (json_int_t)a->id, "grid_id",
			 (json_int_t)a->grid_id, "worker_id", (json_int_t)a->worker_id,
			 "worker_name", a->worker_name, "start_on", a->start_on, "end_on",
			 a->end_on);
}

/* GET /api/v1/grids/{id}/assignments[?date=]: the history, newest first, or the owners on a date. */
int
api_grids_assignments(struct request *rq, struct response *rs)
{
	struct assignment_list l;
	struct sb_fail fail = {0};
	json_t *items;
	int64_t id;
	size_t i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = grid_assignments(rq->store, &rq->scope, id, request_query(rq, "date"),
				      &rq->arena, &l, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, assignment_json(&l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

static const struct jfield assign_fields[] = {
	{"worker_id", JF_INT, true, 0, 0, false},
	{"start_on", JF_STRING, true, 10, 10, false},
	{"end_on", JF_STRING, false, 10, 10, true},
	{"end_previous", JF_BOOL, false, 0, 0, false},
	{NULL},
};

/* POST /api/v1/grids/{id}/assignments {worker_id, start_on, end_on, end_previous}:
 * a worker owns the grid from start_on (grid_assign: an overlap is 409
 * unless end_previous). */
int
api_grids_assign(struct request *rq, struct response *rs)
{
	struct assignment_input in = {0};
	struct assignment a;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	struct grid g;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = grid_find(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, assign_fields);
	if (rc == SB_OK) {
		in.worker_id = json_integer_value(json_object_get(body, "worker_id"));
		in.start_on = json_string_value(json_object_get(body, "start_on"));
		in.end_on = json_string_value(json_object_get(body, "end_on"));
		in.end_previous = json_is_true(json_object_get(body, "end_previous"));
		rc = grid_assign(rq->store, &who, &g, &in, &rq->arena, &a, &fail);
	}
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, assignment_json(&a));
	json_decref(body);
	return rc;
}

/* GET /api/v1/reports/workload?committee_code=: households and residents held per
 * worker today, against the committee's quota. */
int
api_reports_workload(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	struct workload w;
	json_t *items;
	size_t i;
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc == SB_OK)
		rc = workload_report(rq->store, &rq->scope, committee, today_of(rq), &rq->arena,
				     &w);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < w.n; i++) {
		const struct workload_row *row = &w.items[i];

		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:o, s:I, s:I, s:i, s:b}",
						       "worker_id", (json_int_t)row->worker->id,
						       "username", row->worker->username, "name",
						       api_person_name(row->worker), "grid_ids",
						       ids_json(row->grid_ids, row->ngrids),
						       "households", (json_int_t)row->households,
						       "residents", (json_int_t)row->residents,
						       "quota", w.quota, "over", row->over));
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:i, s:o}", "committee_code", committee,
				       "households_per_worker", w.quota, "items", items));
}

static const struct jfield quota_fields[] = {
	{"households_per_worker", JF_INT, true, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/committees/{code}/quota {households_per_worker} */
int
api_committees_quota(struct request *rq, struct response *rs)
{
	const char *code = request_param(rq, "code");
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	json_int_t n = 0;
	int rc;

	rc = api_committee_in_scope(rq, code, "code", SB_NOT_FOUND);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, quota_fields);
	if (rc == SB_OK) {
		n = json_integer_value(json_object_get(body, "households_per_worker"));
		rc = committee_quota_set(rq->store, &rq->scope, &who, code, n, &fail);
	}
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200,
				   json_pack("{s:s, s:I}", "committee_code", code,
					     "households_per_worker", n));
	json_decref(body);
	return rc;
}
