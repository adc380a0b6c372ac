#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/api.h"
#include "http/server.h"
#include "core/campaign.h"
#include "core/filter.h"
#include "core/ident.h"
#include "http/json_io.h"
#include "store/campaigns.h"
#include "util/table_write.h"

/* Campaigns (专项任务): a checklist over the households or residents a
 * register filter matched, progress, what is left, export (docs/campaigns.md). */

#define CAMPAIGN_MAX_TARGETS 20000

static const char *
today_of(struct request *rq)
{
	char *d = arena_alloc(&rq->arena, 11);

	ident_today(rq->now, d);
	return d;
}

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

static int
retention_check(struct request *rq, json_t *v, int *days)
{
	if (v == NULL)
		return SB_OK;
	if (json_integer_value(v) < 1 || json_integer_value(v) > 3660)
		return request_fail(rq, SB_BAD_FIELD, "gate_retention_days",
				    "gate_retention_days: 1 to 3660 days",
				    "gate_retention_days：须为 1 至 3660 天");
	*days = (int)json_integer_value(v);
	return SB_OK;
}

/* Runs the filter over the register and adds every match as a target. */
static int
add_targets(struct request *rq, int64_t id, bool per_resident, const struct filter *f,
	    bool need_one, int64_t *count)
{
	const char *cursor = NULL, *next = NULL;
	int64_t *ids, total;
	size_t n, i;
	int rc;

	*count = 0;
	for (;;) {
		if (per_resident)
			rc = store_filter_residents(rq->store, &rq->scope, f, cursor, 500,
						    &rq->arena, &ids, &n, &total, &next);
		else
			rc = store_filter_households(rq->store, &rq->scope, f, cursor, 500,
						     &rq->arena, &ids, &n, &total, &next);
		if (rc == SB_OK && total > CAMPAIGN_MAX_TARGETS)
			return request_fail(rq, SB_BAD_FIELD, "filter",
					    "filter: matches more than 20000; narrow it",
					    "filter：匹配超过 20000 条，请缩小范围");
		for (i = 0; rc == SB_OK && i < n; i++)
			rc = store_campaign_target_add(rq->store, id, per_resident ? 0 : ids[i],
						       per_resident ? ids[i] : 0);
		if (rc != SB_OK)
			return rc;
		*count += (int64_t)n;
		if (next == NULL)
			break;
		cursor = next;
	}
	if (*count == 0 && need_one)
		return request_fail(rq, SB_BAD_FIELD, "filter", "filter: matches no one",
				    "filter：没有匹配的对象");
	return SB_OK;
}

/* A building or compound campaign's targets (docs/campaigns.md, "Units"):
 * place_ids (buildings or compounds of the committee) when given, else the
 * committee's buildings (compounds) the filter's compound_id, building_id
 * and no_lift pick.  The filter may hold nothing else: 400 naming it. */
static int
add_places(struct request *rq, int64_t id, const char *committee, bool buildings, json_t *jfilter,
	   const struct filter *f, json_t *place_ids, int64_t *count)
{
	const char *table = buildings ? "building" : "compound";
	const char *key;
	json_t *v;
	int64_t *ids = NULL;
	size_t n = 0, i;
	int rc = SB_OK;

	json_object_foreach (jfilter, key, v) {
		if (strcmp(key, "committee_code") == 0 || strcmp(key, "compound_id") == 0 ||
		    (buildings && (strcmp(key, "building_id") == 0 || strcmp(key, "no_lift") == 0)))
			continue;
		return request_fail(
			rq, SB_BAD_FIELD, arena_printf(&rq->arena, "filter.%s", key),
			arena_printf(&rq->arena,
				     "filter.%s: a %s campaign picks its %ss by compound_id%s", key,
				     table, table, buildings ? ", building_id or no_lift" : ""),
			arena_printf(&rq->arena, "filter.%s：按%s登记的任务只能按小区%s筛选", key,
				     buildings ? "楼栋" : "小区",
				     buildings ? "、楼栋或有无电梯" : ""));
	}
	if (place_ids) {
		if (!json_is_array(place_ids) || json_array_size(place_ids) == 0 ||
		    json_array_size(place_ids) > CAMPAIGN_MAX_TARGETS)
			return request_fail(rq, SB_BAD_FIELD, "place_ids",
					    "place_ids: an array of building or compound ids",
					    "place_ids：须为楼栋或小区编号的数组");
		ids = arena_alloc(&rq->arena, json_array_size(place_ids) * sizeof(*ids));
		json_array_foreach (place_ids, i, v) {
			if (!json_is_integer(v) || json_integer_value(v) <= 0)
				return request_fail(rq, SB_BAD_FIELD, "place_ids",
						    "place_ids: ids are positive integers",
						    "place_ids：编号须为正整数");
			ids[i] = json_integer_value(v);
		}
		n = json_array_size(place_ids);
		rc = api_ids_of_committee(rq, table, committee, "place_ids", ids, n);
	} else {
		rc = store_campaign_places(rq->store, committee, buildings, f->compound_id,
					   f->building_id, f->no_lift, &rq->arena, &ids, &n);
	}
	for (i = 0; rc == SB_OK && i < n; i++)
		rc = store_campaign_target_place(rq->store, id, buildings ? ids[i] : 0,
						 buildings ? 0 : ids[i]);
	if (rc != SB_OK)
		return rc;
	*count = (int64_t)n;
	if (n == 0)
		return request_fail(rq, SB_BAD_FIELD, "filter", "filter: matches nothing",
				    "filter：没有匹配的对象");
	return SB_OK;
}

/* Whether a campaign's unit is a place (a building or a compound). */
static bool
unit_is_place(const char *unit)
{
	return strcmp(unit, "building") == 0 || strcmp(unit, "compound") == 0;
}

/* POST /api/v1/campaigns */
int
api_campaigns_create(struct request *rq, struct response *rs)
{
	struct campaign c = {0};
	struct campaign_field *fields;
	struct sb_fail fail = {0};
	struct filter f;
	json_t *body = NULL, *jfields = NULL, *jfilter, *fjson = NULL, *place_ids = NULL;
	const char *committee;
	size_t nfields;
	int64_t id = 0, count = 0;
	char *text;
	int rc;

	c.gate_retention_days = GATE_DEFAULT_RETENTION_DAYS;
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
	committee = json_string_value(json_object_get(body, "committee_code"));
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	c.committee_code = committee;
	c.name = json_string_value(json_object_get(body, "name"));
	c.unit = json_string_value(json_object_get(body, "unit"));
	if (strcmp(c.unit, "household") != 0 && strcmp(c.unit, "resident") != 0 &&
	    !unit_is_place(c.unit)) {
		rc = request_fail(rq, SB_BAD_FIELD, "unit",
				  "unit: household, resident, building or compound",
				  "unit：须为 household、resident、building 或 compound");
		goto out;
	}
	if (place_ids && !unit_is_place(c.unit)) {
		rc = request_fail(
			rq, SB_BAD_FIELD, "place_ids",
			"place_ids: only a building or compound campaign names its places",
			"place_ids：只有按楼栋或小区登记的任务可以指定对象");
		goto out;
	}
	rc = retention_check(rq, json_object_get(body, "gate_retention_days"),
			     &c.gate_retention_days);
	if (rc == SB_OK)
		rc = campaign_fields_parse(jfields, &rq->arena, &fields, &nfields, &fail);
	if (rc != SB_OK)
		goto fail;
	jfilter = json_object_get(body, "filter");
	if (jfilter == NULL) {
		jfilter = json_object();
		json_object_set_new(body, "filter", jfilter); /* freed with the body */
	}
	rc = filter_from_json(rq->store, jfilter, today_of(rq), &rq->arena, &f, &fail);
	if (rc != SB_OK) {
		fail.field = arena_printf(&rq->arena, "filter.%s", fail.field ? fail.field : "");
		goto fail;
	}
	if (f.committee_code && strcmp(f.committee_code, committee) != 0) {
		rc = request_fail(rq, SB_BAD_FIELD, "filter.committee_code",
				  "filter.committee_code: must be the campaign's committee",
				  "filter.committee_code：须为本任务所属居委会");
		goto out;
	}
	f.committee_code = committee;
	rc = api_filter_of_committee(rq, &f, committee, "filter");
	if (rc != SB_OK)
		goto out;
	fjson = filter_to_json(&f);
	text = json_dumps(fjson, JSON_COMPACT);
	c.filter = arena_strdup(&rq->arena, text);
	free(text);
	text = json_dumps(jfields, JSON_COMPACT);
	c.fields = arena_strdup(&rq->arena, text);
	free(text);
	c.created_by = rq->user.id;
	c.created_at = rq->now;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_campaign_insert(rq->store, &c, &id);
	if (rc == SB_OK && unit_is_place(c.unit))
		rc = add_places(rq, id, committee, strcmp(c.unit, "building") == 0, jfilter, &f,
				place_ids, &count);
	else if (rc == SB_OK)
		rc = add_targets(rq, id, strcmp(c.unit, "resident") == 0, &f, true, &count);
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "campaign",
			       arena_printf(&rq->arena, "%lld", (long long)id), committee,
			       json_pack("{s:s, s:s, s:I}", "name", c.name, "unit", c.unit,
					 "targets", (json_int_t)count));
	if (rc == SB_OK)
		rc = store_campaign_get(rq->store, &rq->scope, id, &rq->arena, &c);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 201, campaign_json(rq, &c));
	goto out;
fail:
	rc = api_fail(rq, rc, &fail);
out:
	json_decref(fjson);
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
	if (status && strcmp(status, "open") != 0 && strcmp(status, "ended") != 0)
		return request_fail(rq, SB_BAD_QUERY, "status", "status: open or ended",
				    "status：须为 open 或 ended");
	if (area) {
		struct area a;

		rc = store_area_get(rq->store, &rq->scope, area, &rq->arena, &a);
		if (rc == SB_NOT_FOUND)
			return request_fail(rq, SB_BAD_QUERY, "area",
					    "area: not an area in your jurisdiction",
					    "area：不是您辖区内的区域");
		if (rc != SB_OK)
			return rc;
	}
	rc = store_campaign_list(rq->store, &rq->scope, area, status, after, limit + 1, &rq->arena,
				 &l);
	if (rc != SB_OK)
		return rc;
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
		rc = store_campaign_get(rq->store, &rq->scope, id, &rq->arena, c);
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
	struct campaign c;
	json_t *body = NULL;
	int days = 0, rc;

	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, update_fields);
	if (rc == SB_OK)
		rc = retention_check(rq, json_object_get(body, "gate_retention_days"), &days);
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_campaign_update(rq->store, c.id,
				   json_string_value(json_object_get(body, "name")), days);
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "campaign",
			       arena_printf(&rq->arena, "%lld", (long long)c.id), c.committee_code,
			       json_incref(body));
	if (rc == SB_OK)
		rc = store_campaign_get(rq->store, &rq->scope, c.id, &rq->arena, &c);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 200, campaign_json(rq, &c));
out:
	json_decref(body);
	return rc;
}

/* POST /api/v1/campaigns/{id}/end: readable, no more entries. */
int
api_campaigns_end(struct request *rq, struct response *rs)
{
	struct campaign c;
	int rc = load(rq, &c);

	if (rc != SB_OK)
		return rc;
	if (strcmp(c.status, "ended") == 0)
		return request_fail(rq, SB_CONFLICT, "status",
				    "status: the campaign has already ended",
				    "status：该任务已结束");
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		return rc;
	rc = store_campaign_end(rq->store, c.id, rq->now);
	if (rc == SB_OK)
		rc = api_audit(rq, "end", "campaign",
			       arena_printf(&rq->arena, "%lld", (long long)c.id), c.committee_code,
			       NULL);
	if (rc == SB_OK)
		rc = store_campaign_get(rq->store, &rq->scope, c.id, &rq->arena, &c);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK)
		return rc;
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
		rc = store_campaign_rows(rq->store, c.id, today_of(rq), &rq->arena, &rows, &n);
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
	rc = store_campaign_rows(rq->store, c.id, today_of(rq), &rq->arena, &rows, &n);
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
	struct campaign_field *fields;
	struct sb_fail fail = {0};
	struct campaign c;
	json_t *body = NULL, *jfields = NULL, *values;
	int64_t target, hh, res, cid = 0;
	size_t nfields;
	bool done = false;
	char *text = NULL;
	int rc;

	rc = request_param_id(rq, "id", &target);
	if (rc == SB_OK)
		rc = store_campaign_of_target(rq->store, target, &cid);
	if (rc == SB_OK && cid == 0)
		rc = SB_NOT_FOUND;
	if (rc == SB_OK)
		rc = store_campaign_get(rq->store, &rq->scope, cid, &rq->arena, &c);
	if (rc == SB_OK)
		rc = store_campaign_target(rq->store, c.id, target, &hh, &res);
	if (rc == SB_OK && rq->user.role == ROLE_HELPER) /* its buildings only: 404 elsewhere */
		rc = api_helper_has(rq, "target", target, NULL);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, entry_fields);
	if (rc != SB_OK)
		goto out;
	if (strcmp(c.status, "open") != 0) {
		rc = request_fail(rq, SB_CONFLICT, "status",
				  "status: the campaign has ended; it takes no more entries",
				  "status：该任务已结束，不再接受填报");
		goto out;
	}
	jfields = json_loads(c.fields, 0, NULL);
	rc = campaign_fields_parse(jfields, &rq->arena, &fields, &nfields, &fail);
	values = json_object_get(body, "values");
	if (rc == SB_OK)
		rc = campaign_entry_check(fields, nfields, values, &rq->arena, &done, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	text = json_dumps(values, JSON_COMPACT | JSON_SORT_KEYS);
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_campaign_entry_put(rq->store, target, c.id, text, done, rq->user.id, rq->now);
	if (rc == SB_OK) {
		/* The audit names the fields written, not their values: a checklist
		 * may hold where someone came from or a receipt number, which stay
		 * in the campaign alone (PIPL minimisation). */
		json_t *keys = json_array();
		const char *k;
		json_t *v;

		json_object_foreach (values, k, v) {
			json_array_append_new(keys, json_string(k));
		}
		rc = api_audit(rq, "entry", "campaign_target",
			       arena_printf(&rq->arena, "%lld", (long long)target),
			       c.committee_code,
			       json_pack("{s:I, s:o, s:b}", "campaign_id", (json_int_t)c.id,
					 "fields", keys, "done", done));
	}
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 200,
				   json_pack("{s:I, s:I, s:o, s:o, s:O, s:b, s:s}", "campaign_id",
					     (json_int_t)c.id, "target_id", (json_int_t)target,
					     "household_id", hh ? json_integer(hh) : json_null(),
					     "resident_id", res ? json_integer(res) : json_null(),
					     "values", values, "done", done, "updated_at",
					     api_time(rq, rq->now)));
out:
	free(text);
	json_decref(jfields);
	json_decref(body);
	return rc;
}

/* A checklist value as a cell. */
static const char *
cell(struct request *rq, const struct campaign_field *f, json_t *v)
{
	if (v == NULL || json_is_null(v))
		return "";
	if (f->type == CF_YES_NO)
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
		rc = store_campaign_rows(rq->store, c.id, today_of(rq), &rq->arena, &rows, &n);
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
	if (rc == SB_OK) {
		rc = store_begin(rq->store);
		if (rc == SB_OK)
			rc = api_audit(
				rq, "export", "campaign",
				arena_printf(&rq->arena, "%lld", (long long)c.id), c.committee_code,
				json_pack("{s:s, s:I}", "format", format, "rows", (json_int_t)n));
		if (rc == SB_OK)
			rc = store_commit(rq->store);
		else
			store_rollback(rq->store);
	}
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

static int
still_open(struct request *rq, const struct campaign *c)
{
	if (strcmp(c->status, "open") == 0)
		return SB_OK;
	return request_fail(rq, SB_CONFLICT, "status", "status: the campaign has ended",
			    "status：该任务已结束");
}

/* A building or compound campaign keeps the places it was made with (one
 * may be taken off): no household or resident is added to it. */
static int
households_allowed(struct request *rq, const struct campaign *c)
{
	if (!unit_is_place(c->unit))
		return SB_OK;
	return request_fail(
		rq, SB_CONFLICT, "unit",
		"unit: a building or compound campaign keeps the places it was made with",
		"unit：按楼栋或小区登记的任务，对象在创建时确定");
}

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
	const char *member;
	json_t *body = NULL;
	struct campaign c;
	int64_t ref, target = 0;
	bool per_resident;
	int rc;

	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, target_fields);
	if (rc == SB_OK)
		rc = still_open(rq, &c);
	if (rc == SB_OK)
		rc = households_allowed(rq, &c);
	if (rc != SB_OK)
		goto out;
	per_resident = strcmp(c.unit, "resident") == 0;
	member = per_resident ? "resident_id" : "household_id";
	if (json_object_get(body, per_resident ? "household_id" : "resident_id")) {
		rc = request_fail(
			rq, SB_BAD_FIELD, per_resident ? "household_id" : "resident_id",
			arena_printf(&rq->arena, "a campaign of %ss takes %s", c.unit, member),
			arena_printf(&rq->arena, "本任务以%s为单位，须提供 %s",
				     per_resident ? "居民" : "户", member));
		goto out;
	}
	ref = json_integer_value(json_object_get(body, member));
	if (ref <= 0) {
		rc = request_fail(rq, SB_BAD_FIELD, member,
				  arena_printf(&rq->arena, "%s: required", member),
				  arena_printf(&rq->arena, "%s：必填", member));
		goto out;
	}
	rc = api_id_of_committee(rq, per_resident ? "resident" : "household", c.committee_code,
				 member, ref);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_campaign_target_put(rq->store, c.id, per_resident ? 0 : ref,
				       per_resident ? ref : 0, rq->user.id, rq->now, &target);
	if (rc == SB_CONFLICT)
		rc = request_fail(rq, SB_CONFLICT, member,
				  arena_printf(&rq->arena, "%s: a target already", member),
				  arena_printf(&rq->arena, "%s：已在任务对象中", member));
	if (rc == SB_OK)
		rc = api_audit(rq, "target_add", "campaign",
			       arena_printf(&rq->arena, "%lld", (long long)c.id), c.committee_code,
			       json_pack("{s:I, s:I}", "target_id", (json_int_t)target, member,
					 (json_int_t)ref));
	rc = store_end(rq->store, rc);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:I, s:I, s:s, s:I}", "id", (json_int_t)target,
					     "campaign_id", (json_int_t)c.id, "unit", c.unit,
					     member, (json_int_t)ref));
out:
	json_decref(body);
	return rc;
}

/* POST /api/v1/campaigns/{id}/targets/refresh: the campaign's filter run
 * again; new matches become targets (those taken off stay off). */
int
api_campaigns_targets_refresh(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct campaign c;
	struct filter f;
	json_t *jf = NULL;
	int64_t before = 0, after = 0, matched = 0, max_id = 0;
	int rc;

	rc = load(rq, &c);
	if (rc == SB_OK)
		rc = still_open(rq, &c);
	if (rc == SB_OK)
		rc = households_allowed(rq, &c);
	if (rc != SB_OK)
		return rc;
	jf = json_loads(c.filter ? c.filter : "{}", 0, NULL);
	if (jf == NULL)
		return SB_INTERNAL;
	rc = filter_from_json(rq->store, jf, today_of(rq), &rq->arena, &f, &fail);
	json_decref(jf);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	f.committee_code = c.committee_code;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		return rc;
	rc = store_campaign_target_rows(rq->store, c.id, &before);
	if (rc == SB_OK)
		rc = store_campaign_target_max_id(rq->store, &max_id);
	if (rc == SB_OK)
		rc = add_targets(rq, c.id, strcmp(c.unit, "resident") == 0, &f, false, &matched);
	if (rc == SB_OK)
		rc = store_campaign_target_stamp(rq->store, c.id, max_id, rq->user.id, rq->now);
	if (rc == SB_OK)
		rc = store_campaign_target_rows(rq->store, c.id, &after);
	if (rc == SB_OK)
		rc = api_audit(rq, "targets_refresh", "campaign",
			       arena_printf(&rq->arena, "%lld", (long long)c.id), c.committee_code,
			       json_pack("{s:I}", "added", (json_int_t)(after - before)));
	if (rc == SB_OK)
		rc = store_campaign_get(rq->store, &rq->scope, c.id, &rq->arena, &c);
	rc = store_end(rq->store, rc);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:I, s:o}", "added", (json_int_t)(after - before),
				       "campaign", campaign_json(rq, &c)));
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
	json_t *body = NULL;
	struct campaign c;
	int64_t id, campaign = 0;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_campaign_of_target(rq->store, id, &campaign);
	if (rc == SB_OK && campaign == 0)
		rc = SB_NOT_FOUND;
	if (rc == SB_OK)
		rc = store_campaign_get(rq->store, &rq->scope, campaign, &rq->arena, &c);
	if (rc == SB_OK && rq->user.role < ROLE_COMMITTEE_HEAD)
		rc = SB_FORBIDDEN;
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, remove_fields);
	if (rc == SB_OK)
		rc = still_open(rq, &c);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_campaign_target_remove(rq->store, c.id, id, rq->user.id, rq->now,
					  json_string_value(json_object_get(body, "reason")));
	if (rc == SB_OK)
		rc = api_audit(rq, "target_remove", "campaign",
			       arena_printf(&rq->arena, "%lld", (long long)c.id), c.committee_code,
			       json_pack("{s:I, s:s}", "target_id", (json_int_t)id, "reason",
					 json_string_value(json_object_get(body, "reason"))));
	if (rc == SB_OK)
		rc = store_campaign_get(rq->store, &rq->scope, c.id, &rq->arena, &c);
	rc = store_end(rq->store, rc);
	if (rc == SB_OK)
		rc = response_json(rs, 200, campaign_json(rq, &c));
out:
	json_decref(body);
	return rc;
}
