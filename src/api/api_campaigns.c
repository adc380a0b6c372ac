#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "core/campaign.h"
#include "http/json_io.h"
#include "http/server.h"
#include "util/table_write.h"

/* Campaigns (专项任务): a checklist over the households or residents a
 * register filter matched, progress, what is left, export (docs/campaigns.md).
 * A handler parses, calls core/campaign.h (the rules, the transaction, the
 * audit) and renders.  Where a handler reads the campaign before it parses
 * its body or query (campaign_get, campaign_of_target), that is the order
 * the API answers in: an unknown campaign is 404 before a bad body is 400. */

static json_t *
campaign_json(struct request *rq, const struct campaign *c)
{
	json_t *filter = json_loads(c->filter, 0, NULL);
	json_t *fields = json_loads(c->fields, 0, NULL);

	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:i, s:s, s:s?, s:I, s:I, s:i}", "id",
			 (json_int_t)c->id, "committee_code", c->committee_code, "name", c->name,
			 "unit", c->unit, "filter", filter ? filter : json_object(), "fields",
			 fields ? fields : json_array(), "status", c->status, "gate_retention_days",
			 c->gate_retention_days, "created_at", api_time(rq, c->created_at),
			 "ended_at", c->ended_at ? api_time(rq, c->ended_at) : NULL, "total",
			 (json_int_t)c->total, "done", (json_int_t)c->done, "percent",
			 campaign_percent((int)c->done, (int)c->total));
}

/* Takes member name out of obj (for members json_validate has no type for);
 * the caller decrefs what it gets (NULL when absent). */
static json_t *
take(json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);

	if (v) {
		json_incref(v);
		json_object_del(obj, name);
	}
	return v;
}

static const struct jfield create_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"name", JF_STRING, true, 1, 100, false},
	{"unit", JF_STRING, true, 1, 20, false},
	{"filter", JF_OBJECT, false, 0, 0, false},
	{"gate_retention_days", JF_INT, false, 0, 0, false},
	{NULL},
};

/* POST /api/v1/campaigns */
int
api_campaigns_create(struct request *rq, struct response *rs)
{
	struct campaign_draft d = {0};
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	struct campaign c;
	json_t *body = NULL, *jfields = NULL, *place_ids = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc != SB_OK)
		return rc;
	jfields = take(body, "fields");
	place_ids = take(body, "place_ids");
	rc = json_validate(rq, body, create_fields);
	if (rc == SB_OK && jfields == NULL)
		rc = request_fail(rq, SB_BAD_FIELD, "fields", "fields: required", "fields：必填");
	if (rc != SB_OK)
		goto out;
	d.committee_code = json_string_value(json_object_get(body, "committee_code"));
	rc = api_committee_in_scope(rq, d.committee_code, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	d.name = json_string_value(json_object_get(body, "name"));
	d.unit = json_string_value(json_object_get(body, "unit"));
	d.fields = jfields;
	d.filter = json_object_get(body, "filter");
	d.place_ids = place_ids;
	d.retention = json_object_get(body, "gate_retention_days");
	rc = campaign_create(rq->store, &rq->scope, &who, &d, &rq->arena, &c, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, campaign_json(rq, &c));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(jfields);
	json_decref(place_ids);
	json_decref(body);
	return rc;
}

/* GET /api/v1/campaigns?area=&status=&limit=&cursor= */
int
api_campaigns_list(struct request *rq, struct response *rs)
{
	const char *area = request_query(rq, "area");
	const char *status = request_query(rq, "status");
	struct sb_fail fail = {0};
	struct campaign_list l;
	int64_t after = 0;
	json_t *items;
	size_t i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = api_query_int(rq, "cursor", &after);
	if (rc != SB_OK)
		return rc;
	rc = campaign_list(rq->store, &rq->scope, area, status, after, limit + 1, &rq->arena, &l,
			   &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	items = json_array();
	for (i = 0; i < l.n && i < (size_t)limit; i++)
		json_array_append_new(items, campaign_json(rq, &l.items[i]));
	return response_json(
		rs, 200,
		api_page(items, l.n > (size_t)limit ? arena_printf(&rq->arena, "%lld",
								   (long long)l.items[limit - 1].id)
						    : NULL));
}

static int
load(struct request *rq, struct campaign *c)
{
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = campaign_get(rq->store, &rq->scope, id, &rq->arena, c);
	return rc;
}

/* GET /api/v1/campaigns/{id} */
int
api_campaigns_get(struct request *rq, struct response *rs)
{
	struct campaign c;
	int rc = load(rq, &c);

	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, campaign_json(rq, &c));
}

static const struct jfield update_fields[] = {
	{"name", JF_STRING, false, 1, 100, false},
	{"gate_retention_days", JF_INT, false, 0, 0, false},
	{NULL},
};

/* PATCH /api/v1/campaigns/{id} {name?, gate_retention_days?} */
int
api_campaigns_update(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct campaign c;
	json_t *body = NULL;
	int rc;

	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, update_fields);
	if (rc != SB_OK)
		goto out;
	rc = campaign_update(rq->store, &rq->scope, &who, &c,
			     json_string_value(json_object_get(body, "name")),
			     json_object_get(body, "gate_retention_days"), &rq->arena, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, campaign_json(rq, &c));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* POST /api/v1/campaigns/{id}/end: readable, no more entries. */
int
api_campaigns_end(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct campaign c;
	int rc = load(rq, &c);

	if (rc == SB_OK)
		rc = campaign_end(rq->store, &rq->scope, &who, &c, &rq->arena, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return response_json(rs, 200, campaign_json(rq, &c));
}

static json_t *
groups_json(struct request *rq, const struct campaign_row *rows, size_t n, enum progress_by by)
{
	struct progress_group *g;
	json_t *a = json_array();
	size_t ng, i;

	campaign_progress(rows, n, by, &rq->arena, &g, &ng);
	for (i = 0; i < ng; i++) {
		json_t *o = json_pack("{s:s?, s:i, s:i, s:i}", "name", g[i].name, "total",
				      g[i].total, "done", g[i].done, "percent",
				      campaign_percent(g[i].done, g[i].total));

		if (by == PB_COMMITTEE)
			json_object_set_new(o, "committee_code", json_string(g[i].code));
		else
			json_object_set_new(o,
					    by == PB_GRID     ? "grid_id"
					    : by == PB_WORKER ? "worker_id"
							      : "compound_id",
					    g[i].id ? json_integer(g[i].id) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

/* GET /api/v1/campaigns/{id}/progress: totals per grid, worker, compound, committee. */
int
api_campaigns_progress(struct request *rq, struct response *rs)
{
	struct campaign_row *rows;
	struct campaign c;
	size_t n, i;
	int done = 0, rc;

	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = campaign_rows(rq->store, &c, rq->now, &rq->arena, &rows, &n);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < n; i++)
		done += rows[i].done;
	return response_json(rs, 200,
			     json_pack("{s:I, s:s, s:i, s:i, s:i, s:o, s:o, s:o, s:o}",
				       "campaign_id", (json_int_t)c.id, "status", c.status, "total",
				       (int)n, "done", done, "percent",
				       campaign_percent(done, (int)n), "by_grid",
				       groups_json(rq, rows, n, PB_GRID), "by_worker",
				       groups_json(rq, rows, n, PB_WORKER), "by_compound",
				       groups_json(rq, rows, n, PB_COMPOUND), "by_committee",
				       groups_json(rq, rows, n, PB_COMMITTEE)));
}

static json_t *
row_json(struct request *rq, const struct campaign_row *r)
{
	json_t *entry = r->entry ? json_loads(r->entry, 0, NULL) : NULL;
	json_t *out = json_pack(
		"{s:I, s:o, s:o, s:s?, s:s, s:s?, s:s?, s:s?, s:o, s:s, s:o, s:s?, s:o, s:s?, s:o, "
		"s:b, s:s?}",
		"target_id", (json_int_t)r->target_id, "household_id",
		r->household_id ? json_integer(r->household_id) : json_null(), "resident_id",
		r->resident_id ? json_integer(r->resident_id) : json_null(), "resident_name",
		r->resident_name, "committee_code", r->committee_code, "compound", r->compound,
		"building", r->building, "room", r->room, "floor",
		r->floor == INT32_MIN ? json_null() : json_integer(r->floor), "address",
		arena_printf(&rq->arena, "%s%s%s%s%s", r->compound ? r->compound : "",
			     r->building ? " " : "", r->building ? r->building : "",
			     r->room ? " " : "", r->room ? r->room : ""),
		"grid_id", r->grid_id ? json_integer(r->grid_id) : json_null(), "grid_name",
		r->grid_name, "worker_id", r->worker_id ? json_integer(r->worker_id) : json_null(),
		"worker_name", r->worker_name, "values", entry ? entry : json_null(), "done",
		r->done, "updated_by", r->by_name);

	/* the place itself, for a building's or a compound's target (docs/campaigns.md) */
	json_object_set_new(out, "building_id",
			    r->building_id ? json_integer(r->building_id) : json_null());
	json_object_set_new(out, "compound_id", json_integer(r->compound_id));
	return out;
}

/* GET /api/v1/campaigns/{id}/left?grid_id=&mine=true: what is not done, in walking order. */
int
api_campaigns_left(struct request *rq, struct response *rs)
{
	const char *mine = request_query(rq, "mine");
	const struct campaign_row **left;
	struct campaign_row *rows;
	struct campaign c;
	int64_t grid = 0;
	json_t *items;
	size_t n, nl, i;
	int rc;

	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = api_query_int(rq, "grid_id", &grid);
	if (rc != SB_OK)
		return rc;
	if (mine && strcmp(mine, "true") != 0 && strcmp(mine, "false") != 0)
		return request_fail(rq, SB_BAD_QUERY, "mine", "mine: true or false",
				    "mine：须为 true 或 false");
	rc = campaign_rows(rq->store, &c, rq->now, &rq->arena, &rows, &n);
	if (rc != SB_OK)
		return rc;
	campaign_left(rows, n, &rq->arena, &left, &nl);
	items = json_array();
	for (i = 0; i < nl; i++) {
		if (grid && left[i]->grid_id != grid)
			continue;
		if (mine && strcmp(mine, "true") == 0 && left[i]->worker_id != rq->user.id)
			continue;
		json_array_append_new(items, row_json(rq, left[i]));
	}
	return response_json(rs, 200,
			     json_pack("{s:I, s:i, s:o}", "campaign_id", (json_int_t)c.id, "count",
				       (int)json_array_size(items), "items", items));
}

static const struct jfield entry_fields[] = {
	{"values", JF_OBJECT, true, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/campaign-targets/{id}/entry {values}: the checklist of one target. */
int
api_campaigns_entry_put(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct campaign c;
	json_t *body = NULL, *values;
	int64_t target, household = 0, resident = 0;
	bool done = false;
	int rc;

	rc = request_param_id(rq, "id", &target);
	if (rc == SB_OK)
		rc = campaign_of_target(rq->store, &rq->scope, target, true, &rq->arena, &c,
					&household, &resident);
	if (rc == SB_OK && rq->user.role == ROLE_HELPER) /* its buildings only: 404 elsewhere */
		rc = api_helper_has(rq, "target", target, NULL);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, entry_fields);
	if (rc != SB_OK)
		goto out;
	values = json_object_get(body, "values");
	rc = campaign_entry_put(rq->store, &who, &c, target, values, &rq->arena, &done, &fail);
	if (rc == SB_OK)
		rc = response_json(
			rs, 200,
			json_pack("{s:I, s:I, s:o, s:o, s:O, s:b, s:s}", "campaign_id",
				  (json_int_t)c.id, "target_id", (json_int_t)target, "household_id",
				  household ? json_integer(household) : json_null(), "resident_id",
				  resident ? json_integer(resident) : json_null(), "values", values,
				  "done", done, "updated_at", api_time(rq, rq->now)));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* A checklist value as a cell. */
static const char *
cell(struct request *rq, const struct campaign_field *f, json_t *v)
{
	if (v == NULL || json_is_null(v))
		return "";
	if (f->type == CAMPAIGN_FIELD_YES_NO)
		return json_is_true(v) ? "是" : "否";
	if (json_is_integer(v))
		return arena_printf(&rq->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(&rq->arena, "%g", json_real_value(v));
	return json_string_value(v) ? json_string_value(v) : "";
}

/* GET /api/v1/campaigns/{id}/export?format=csv|xlsx: every target and its checklist. */
int
api_campaigns_export(struct request *rq, struct response *rs)
{
	const char *format = request_query(rq, "format");
	struct campaign_field *fields;
	struct table_writer *w = NULL;
	struct campaign_row *rows;
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct campaign c;
	const char **headers, **cells;
	json_t *jfields = NULL;
	size_t n, nfields, ncols, i, k;
	bool xlsx;
	int fd = -1, rc;

	if (format == NULL)
		format = "xlsx";
	if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
		return request_fail(rq, SB_BAD_QUERY, "format", "format: csv or xlsx",
				    "format：须为 csv 或 xlsx");
	xlsx = strcmp(format, "xlsx") == 0;
	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = campaign_rows(rq->store, &c, rq->now, &rq->arena, &rows, &n);
	if (rc != SB_OK)
		return rc;
	jfields = json_loads(c.fields, 0, NULL);
	rc = campaign_fields_parse(jfields, &rq->arena, &fields, &nfields, &fail);
	if (rc != SB_OK)
		goto out;
	ncols = 8 + nfields + 3;
	headers = arena_alloc(&rq->arena, ncols * sizeof(char *));
	cells = arena_alloc(&rq->arena, ncols * sizeof(char *));
	k = 0;
	headers[k++] = "对象编号";
	headers[k++] = "户编号";
	headers[k++] = "小区";
	headers[k++] = "楼";
	headers[k++] = "室";
	headers[k++] = "居民";
	headers[k++] = "网格";
	headers[k++] = "责任社工";
	for (i = 0; i < nfields; i++)
		headers[k++] = fields[i].label;
	headers[k++] = "完成";
	headers[k++] = "填报人";
	headers[k++] = "更新时间";
	rc = table_writer_open_anon(xlsx ? TABLE_WRITE_XLSX : TABLE_WRITE_CSV,
				    server_tmp_dir(rq->srv), "任务", headers, ncols, &w);
	for (i = 0; rc == SB_OK && i < n; i++) {
		const struct campaign_row *r = &rows[i];
		json_t *values = r->entry ? json_loads(r->entry, 0, NULL) : NULL;
		size_t j;

		k = 0;
		cells[k++] = arena_printf(&rq->arena, "%lld", (long long)r->target_id);
		cells[k++] = r->household_id
				     ? arena_printf(&rq->arena, "%lld", (long long)r->household_id)
				     : "";
		cells[k++] = r->compound;
		cells[k++] = r->building;
		cells[k++] = r->room;
		cells[k++] = r->resident_name;
		cells[k++] = r->grid_name;
		cells[k++] = r->worker_name;
		for (j = 0; j < nfields; j++)
			cells[k++] = cell(rq, &fields[j], json_object_get(values, fields[j].key));
		cells[k++] = r->done ? "是" : "否";
		cells[k++] = r->by_name;
		cells[k++] = r->updated_at ? api_time(rq, r->updated_at) : NULL;
		rc = table_writer_row(w, cells);
		json_decref(values); /* after the row: cells point into it */
	}
	if (w) {
		int crc = table_writer_close_fd(
			w, rq->user.username,
			arena_printf(&rq->arena, "导出人 %s · %s · 共 %zu 行",
				     api_person_name(&rq->user), api_time(rq, rq->now), n),
			&fd);

		if (rc == SB_OK)
			rc = crc;
	}
	if (rc == SB_OK)
		rc = campaign_exported(rq->store, &who, &c, format, n);
	if (rc == SB_OK) {
		rc = api_serve_file(rq, rs, fd, api_export_type(xlsx),
				    arena_printf(&rq->arena,
						 "attachment; filename=\"campaign-%lld.%s\"",
						 (long long)c.id, format));
		fd = -1;
	}
out:
	if (fd >= 0)
		close(fd);
	json_decref(jfields);
	return rc == SB_OK ? rc : api_fail(rq, rc, &fail);
}

/* Targets after the start (docs/campaigns.md, "Targets after the start"). */

static const struct jfield target_fields[] = {
	{"household_id", JF_INT, false, 0, 0, false},
	{"resident_id", JF_INT, false, 0, 0, false},
	{NULL},
};

/* POST /api/v1/campaigns/{id}/targets {household_id | resident_id}: one
 * more target (a returnee who came on day 3); 201 with it. */
int
api_campaigns_target_add(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	const char *member = NULL;
	json_t *body = NULL, *v;
	struct campaign c;
	int64_t household, resident, target = 0;
	int rc;

	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, target_fields);
	if (rc != SB_OK)
		goto out;
	v = json_object_get(body, "household_id");
	household = json_integer_value(v);
	v = json_object_get(body, "resident_id");
	resident = json_integer_value(v);
	rc = campaign_target_add(rq->store, &rq->scope, &who, &c,
				 json_object_get(body, "household_id") ? &household : NULL,
				 json_object_get(body, "resident_id") ? &resident : NULL,
				 &rq->arena, &target, &member, &fail);
	if (rc == SB_OK)
		rc = response_json(
			rs, 201,
			json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)target, "campaign_id",
				  (json_int_t)c.id, "unit", c.unit, member,
				  (json_int_t)(strcmp(member, "resident_id") == 0 ? resident
										  : household)));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* POST /api/v1/campaigns/{id}/targets/refresh: the campaign's filter run
 * again; new matches become targets (those taken off stay off). */
int
api_campaigns_targets_refresh(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct campaign c;
	int64_t added = 0;
	int rc;

	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = campaign_targets_refresh(rq->store, &rq->scope, &who, &c, &rq->arena, &added,
					      &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return response_json(rs, 200,
			     json_pack("{s:I, s:o}", "added", (json_int_t)added, "campaign",
				       campaign_json(rq, &c)));
}

static const struct jfield remove_fields[] = {
	{"reason", JF_STRING, true, 1, 200, false},
	{NULL},
};

/* POST /api/v1/campaign-targets/{id}/remove {reason}: taken off the
 * campaign (moved away, not concerned); its entry stays, it counts no more. */
int
api_campaign_targets_remove(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	json_t *body = NULL;
	struct campaign c;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = campaign_of_target(rq->store, &rq->scope, id, false, &rq->arena, &c, NULL,
					NULL);
	if (rc == SB_OK && !campaign_may_remove_targets(rq->user.role))
		rc = SB_FORBIDDEN;
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, remove_fields);
	if (rc != SB_OK)
		goto out;
	rc = campaign_target_remove(rq->store, &who, &c, id,
				    json_string_value(json_object_get(body, "reason")), &rq->scope,
				    &rq->arena, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, campaign_json(rq, &c));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}
