#include <string.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/calendar.h"
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

/* A committee code in the caller's scope; BAD_FIELD (or BAD_QUERY) naming field. */
int
api_committee_in_scope(struct request *rq, const char *code, const char *field, int err)
{
	struct area a;
	int rc;

	if (code == NULL)
		return request_fail(rq, err, field, arena_printf(&rq->arena, "%s: required", field),
				    arena_printf(&rq->arena, "%s：必填", field));
	rc = store_area_get(rq->store, &rq->scope, code, &rq->arena, &a);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(a.level, "committee") != 0))
		return request_fail(
			rq, err, field,
			arena_printf(&rq->arena, "%s: not a committee in your jurisdiction", field),
			arena_printf(&rq->arena, "%s：不是您辖区内的居委会", field));
	return rc;
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

static int
grid_json(struct request *rq, const struct grid *g, json_t **out)
{
	struct assignment_list owners;
	int64_t *buildings, *households, nh, nr;
	size_t nb, nhh, i;
	json_t *workers;
	int rc;

	rc = store_grid_members(rq->store, g->id, &rq->arena, &buildings, &nb, &households, &nhh);
	if (rc == SB_OK)
		rc = store_assignment_owners(rq->store, g->id, today_of(rq), &rq->arena, &owners);
	if (rc == SB_OK)
		rc = store_grid_counts(rq->store, g->id, &nh, &nr);
	if (rc != SB_OK)
		return rc;
	workers = json_array();
	for (i = 0; i < owners.n; i++)
		json_array_append_new(workers, json_pack("{s:I, s:s, s:s}", "id",
							 (json_int_t)owners.items[i].worker_id,
							 "username", owners.items[i].worker_login,
							 "name", owners.items[i].worker_name));
	*out = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:I}", "id", (json_int_t)g->id,
			 "committee_code", g->committee_code, "name", g->name, "building_ids",
			 ids_json(buildings, nb), "household_ids", ids_json(households, nhh),
			 "worker_ids", json_array(), "workers", workers, "households",
			 (json_int_t)nh, "residents", (json_int_t)nr);
	for (i = 0; i < owners.n; i++)
		json_array_append_new(json_object_get(*out, "worker_ids"),
				      json_integer(owners.items[i].worker_id));
	return SB_OK;
}

/* An array of positive ids of rows of table in the committee, in the arena. */
static int
member_ids(struct request *rq, json_t *body, const char *field, const char *table,
	   const char *committee, int64_t **out, size_t *n)
{
	json_t *a = json_object_get(body, field), *v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > 5000)
		return request_fail(rq, SB_BAD_FIELD, field,
				    arena_printf(&rq->arena, "%s: a list of ids", field),
				    arena_printf(&rq->arena, "%s：须为编号列表", field));
	*out = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(**out));
	json_array_foreach (a, i, v) {
		int rc;

		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return request_fail(rq, SB_BAD_FIELD, field,
					    arena_printf(&rq->arena, "%s: a list of ids", field),
					    arena_printf(&rq->arena, "%s：须为编号列表", field));
		rc = api_id_of_committee(rq, table, committee, field, json_integer_value(v));
		if (rc != SB_OK)
			return rc;
		(*out)[(*n)++] = json_integer_value(v);
	}
	return SB_OK;
}

/* Validates and applies a grid body (create when g->id is 0). */
static int
grid_write(struct request *rq, struct response *rs, struct grid *g, bool creating)
{
	json_t *body = NULL, *name, *out = NULL;
	int64_t *buildings, *households;
	size_t nb, nh;
	bool members;
	int rc;

	rc = json_body(rq, &body);
	if (rc != SB_OK)
		return rc;
	/* JF_OBJECT stands in for "array" in the table: check the member types here. */
	{
		const char *key;
		json_t *v;

		json_object_foreach (body, key, v) {
			if (strcmp(key, "building_ids") == 0 || strcmp(key, "household_ids") == 0)
				continue;
			if (strcmp(key, "committee_code") != 0 && strcmp(key, "name") != 0) {
				rc = request_fail(
					rq, SB_BAD_FIELD, key,
					arena_printf(&rq->arena, "%s: unknown field", key),
					arena_printf(&rq->arena, "%s：未知字段", key));
				goto out;
			}
			if (!json_is_string(v)) {
				rc = request_fail(
					rq, SB_BAD_FIELD, key,
					arena_printf(&rq->arena, "%s: must be a string", key),
					arena_printf(&rq->arena, "%s：须为字符串", key));
				goto out;
			}
		}
	}
	name = json_object_get(body, "name");
	if (creating) {
		g->committee_code = json_string_value(json_object_get(body, "committee_code"));
		rc = api_committee_in_scope(rq, g->committee_code, "committee_code", SB_BAD_FIELD);
		if (rc == SB_OK && name == NULL)
			rc = request_fail(rq, SB_BAD_FIELD, "name", "name: required", "name：必填");
		if (rc != SB_OK)
			goto out;
	} else if (json_object_get(body, "committee_code") &&
		   strcmp(json_string_value(json_object_get(body, "committee_code")),
			  g->committee_code) != 0) {
		rc = request_fail(rq, SB_BAD_FIELD, "committee_code",
				  "committee_code: a grid stays in its committee",
				  "committee_code：网格不能更换居委会");
		goto out;
	}
	if (name && (json_string_length(name) == 0 || utf8_chars(json_string_value(name)) > 50)) {
		rc = request_fail(rq, SB_BAD_FIELD, "name", "name: 1 to 50 characters",
				  "name：须为 1 至 50 个字符");
		goto out;
	}
	if (name && (rc = json_text_check(rq, "name", json_string_value(name), TEXT_LINE)) != SB_OK)
		goto out;
	rc = member_ids(rq, body, "building_ids", "building", g->committee_code, &buildings, &nb);
	if (rc == SB_OK)
		rc = member_ids(rq, body, "household_ids", "household", g->committee_code,
				&households, &nh);
	if (rc != SB_OK)
		goto out;
	members = json_object_get(body, "building_ids") || json_object_get(body, "household_ids");
	if (!creating && members) {
		/* A PATCH naming one list keeps the other. */
		int64_t *ob, *oh;
		size_t onb, onh;

		rc = store_grid_members(rq->store, g->id, &rq->arena, &ob, &onb, &oh, &onh);
		if (rc != SB_OK)
			goto out;
		if (!json_object_get(body, "building_ids")) {
			buildings = ob;
			nb = onb;
		}
		if (!json_object_get(body, "household_ids")) {
			households = oh;
			nh = onh;
		}
	}
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	{
		struct grid_members m = {buildings, nb, households, nh};

		rc = grid_save(rq->store, g, name ? json_string_value(name) : NULL,
			       creating || members ? &m : NULL, rq->now);
	}
	if (rc == SB_CONFLICT)
		rc = request_fail(rq, SB_CONFLICT, "name",
				  "name: the committee has a grid of that name",
				  "name：本居委会已有同名网格");
	if (rc == SB_OK)
		rc = api_audit(rq, creating ? "create" : "update", "grid",
			       arena_printf(&rq->arena, "%lld", (long long)g->id),
			       g->committee_code, json_deep_copy(body));
	if (rc == SB_OK)
		rc = store_grid_get(rq->store, &rq->scope, g->id, &rq->arena, g);
	if (rc == SB_OK)
		rc = grid_json(rq, g, &out);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK) {
		rc = response_json(rs, creating ? 201 : 200, out);
		out = NULL;
	}
out:
	json_decref(body);
	json_decref(out);
	return rc;
}

/* POST /api/v1/grids {committee_code, name, building_ids, household_ids} */
int
api_grids_create(struct request *rq, struct response *rs)
{
	struct grid g = {0};

	return grid_write(rq, rs, &g, true);
}

/* PATCH /api/v1/grids/{id} {name, building_ids, household_ids} */
int
api_grids_update(struct request *rq, struct response *rs)
{
	struct grid g;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_grid_get(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc != SB_OK)
		return rc;
	return grid_write(rq, rs, &g, false);
}

/* GET /api/v1/grids/{id} */
int
api_grids_get(struct request *rq, struct response *rs)
{
	struct grid g;
	json_t *out;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_grid_get(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc == SB_OK)
		rc = grid_json(rq, &g, &out);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, out);
}

/* GET /api/v1/grids?committee_code= */
int
api_grids_list(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	struct grid_list l;
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_whole_list(rq);
	if (rc == SB_OK)
		rc = store_grid_list(rq->store, &rq->scope, committee, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; rc == SB_OK && i < l.n; i++) {
		json_t *one;

		rc = grid_json(rq, &l.items[i], &one);
		if (rc == SB_OK)
			json_array_append_new(items, one);
	}
	if (rc != SB_OK) {
		json_decref(items);
		return rc;
	}
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/grids/unassigned?committee_code=: households in no grid. */
int
api_grids_unassigned(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	json_t *items, *page;
	int64_t *ids;
	size_t n, i;
	int rc;

	rc = store_households_without_grid(rq->store, &rq->scope, committee, &rq->arena, &ids, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++) {
		const char *address;

		rc = store_household_address(rq->store, ids[i], &rq->arena, &address);
		if (rc != SB_OK) {
			json_decref(items);
			return rc;
		}
		json_array_append_new(items, json_pack("{s:I, s:s}", "id", (json_int_t)ids[i],
						       "address", address));
	}
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
	const char *date = request_query(rq, "date");
	struct assignment_list l;
	struct grid g;
	json_t *items;
	int64_t id;
	size_t i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_grid_get(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc != SB_OK)
		return rc;
	if (date && !ident_date_valid(date))
		return request_fail(rq, SB_BAD_QUERY, "date", "date: YYYY-MM-DD",
				    "date：须为 YYYY-MM-DD");
	rc = date ? store_assignment_owners(rq->store, id, date, &rq->arena, &l)
		  : store_assignment_list(rq->store, id, &rq->arena, &l);
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
 * a worker owns the grid from start_on.  An overlap with another assignment is
 * 409 unless end_previous ends the other one the day before. */
int
api_grids_assign(struct request *rq, struct response *rs)
{
	const char *start, *end = NULL;
	struct assignment_list l;
	struct grid g;
	struct user w;
	json_t *body = NULL, *v;
	int64_t id, worker, overlap, aid;
	size_t i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_grid_get(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, assign_fields);
	if (rc != SB_OK)
		goto out;
	worker = json_integer_value(json_object_get(body, "worker_id"));
	start = json_string_value(json_object_get(body, "start_on"));
	v = json_object_get(body, "end_on");
	if (json_is_string(v))
		end = json_string_value(v);
	if (!ident_date_valid(start)) {
		rc = request_fail(rq, SB_BAD_FIELD, "start_on", "start_on: YYYY-MM-DD",
				  "start_on：须为 YYYY-MM-DD");
		goto out;
	}
	if (end && (!ident_date_valid(end) || strcmp(end, start) < 0)) {
		rc = request_fail(rq, SB_BAD_FIELD, "end_on", "end_on: a date on or after start_on",
				  "end_on：须为不早于 start_on 的日期");
		goto out;
	}
	rc = api_worker_of_committee(rq, g.committee_code, "worker_id", worker, true);
	if (rc == SB_OK)
		rc = store_user_by_id(rq->store, worker, &rq->arena, &w);
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_assignment_overlap(rq->store, id, start, end, 0, &overlap);
	if (rc == SB_OK && overlap && !json_is_true(json_object_get(body, "end_previous"))) {
		rc = request_fail(rq, SB_CONFLICT, "start_on",
				  "start_on: the grid has another worker then; give end_previous: "
				  "true to end that "
				  "assignment the day before",
				  "start_on：该网格此时已有负责社工；如需交接，请同时提交 "
				  "end_previous: true");
	} else if (rc == SB_OK && overlap) {
		char day_before[11];

		calendar_add_days(start, -1, day_before);
		rc = store_assignment_list(rq->store, id, &rq->arena, &l);
		for (i = 0; rc == SB_OK && i < l.n; i++) {
			const struct assignment *a = &l.items[i];

			if (strcmp(a->start_on, end ? end : "9999-12-31") > 0 ||
			    (a->end_on && strcmp(a->end_on, start) < 0))
				continue;
			if (strcmp(a->start_on, start) >= 0)
				rc = request_fail(
					rq, SB_CONFLICT, "start_on",
					"start_on: another assignment starts on or after this date",
					"start_on：另一项分配在此日期或之后开始");
			else
				rc = store_assignment_set_end(rq->store, a->id, day_before);
		}
	}
	if (rc == SB_OK)
		rc = store_assignment_insert(rq->store, id, worker, start, end, rq->user.id,
					     rq->now, &aid);
	if (rc == SB_OK)
		rc = api_audit(rq, "assign", "grid",
			       arena_printf(&rq->arena, "%lld", (long long)id), g.committee_code,
			       json_pack("{s:I, s:s, s:s?}", "worker_id", (json_int_t)worker,
					 "start_on", start, "end_on", end));
	if (rc == SB_OK)
		rc = store_assignment_list(rq->store, id, &rq->arena, &l);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK)
		goto out;
	for (i = 0; i < l.n; i++)
		if (l.items[i].id == aid)
			rc = response_json(rs, 201, assignment_json(&l.items[i]));
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/reports/workload?committee_code=: households and residents held per
 * worker today, against the committee's quota. */
int
api_reports_workload(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	struct grid_list grids;
	struct user_list workers;
	json_t *items;
	size_t i, j;
	int quota, rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc == SB_OK)
		rc = store_committee_quota(rq->store, committee, &quota);
	if (rc == SB_OK)
		rc = store_grid_list(rq->store, &rq->scope, committee, &rq->arena, &grids);
	if (rc == SB_OK)
		rc = store_committee_users(rq->store, committee, ROLE_WORKER, &rq->arena, &workers);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; rc == SB_OK && i < workers.n; i++) {
		int64_t households = 0, residents = 0;
		json_t *held = json_array();

		for (j = 0; rc == SB_OK && j < grids.n; j++) {
			struct assignment_list owners;
			size_t k;

			rc = store_assignment_owners(rq->store, grids.items[j].id, today_of(rq),
						     &rq->arena, &owners);
			for (k = 0; rc == SB_OK && k < owners.n; k++) {
				int64_t nh, nr;

				if (owners.items[k].worker_id != workers.items[i].id)
					continue;
				rc = store_grid_counts(rq->store, grids.items[j].id, &nh, &nr);
				households += nh;
				residents += nr;
				json_array_append_new(held, json_integer(grids.items[j].id));
			}
		}
		json_array_append_new(items,
				      json_pack("{s:I, s:s, s:s, s:o, s:I, s:I, s:i, s:b}",
						"worker_id", (json_int_t)workers.items[i].id,
						"username", workers.items[i].username, "name",
						api_person_name(&workers.items[i]), "grid_ids",
						held, "households", (json_int_t)households,
						"residents", (json_int_t)residents, "quota", quota,
						"over", households > quota));
	}
	if (rc != SB_OK) {
		json_decref(items);
		return rc;
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:i, s:o}", "committee_code", committee,
				       "households_per_worker", quota, "items", items));
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
	json_t *body = NULL;
	json_int_t n;
	int rc;

	rc = api_committee_in_scope(rq, code, "code", SB_NOT_FOUND);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, quota_fields);
	if (rc != SB_OK)
		goto out;
	n = json_integer_value(json_object_get(body, "households_per_worker"));
	if (n < 10 || n > 5000) {
		rc = request_fail(rq, SB_BAD_FIELD, "households_per_worker",
				  "households_per_worker: 10 to 5000",
				  "households_per_worker：须为 10 至 5000");
		goto out;
	}
	rc = store_begin(rq->store);
	if (rc == SB_OK)
		rc = store_committee_quota_set(rq->store, code, (int)n);
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "committee", code, code,
			       json_pack("{s:I}", "households_per_worker", n));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 200,
				   json_pack("{s:s, s:I}", "committee_code", code,
					     "households_per_worker", n));
out:
	json_decref(body);
	return rc;
}
