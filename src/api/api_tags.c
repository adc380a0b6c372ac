#include <string.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/ident.h"
#include "core/reports/elderly.h"
#include "core/tags.h"
#include "http/json_io.h"

static json_t *
tag_json(const struct tag *t)
{
	return json_pack(
		"{s:I, s:s, s:s, s:s?, s:o, s:o}", "id", (json_int_t)t->id, "name", t->name,
		"category", t->category, "committee_code", t->committee_code, "visit_interval_days",
		t->visit_interval_days ? json_integer(t->visit_interval_days) : json_null(),
		"review_days", t->review_days ? json_integer(t->review_days) : json_null());
}

/* GET /api/v1/tags?committee_code=: built-in tags and those of committees in scope. */
int
api_tags_list(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	struct tag_list l;
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_whole_list(rq);
	if (rc == SB_OK)
		rc = tag_list(rq->store, &rq->scope, committee, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, tag_json(&l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

static const struct jfield tag_fields[] = {
	{"name", JF_STRING, true, 1, 30, false},
	{"category", JF_STRING, true, 1, 20, false},
	{"committee_code", JF_STRING, true, 12, 12, false},
	{"visit_interval_days", JF_INT, false, 0, 0, true},
	{"review_days", JF_INT, false, 0, 0, true},
	{NULL},
};

/* POST /api/v1/tags: a committee's own tag (custom or team; core/tags.c). */
int
api_tags_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct tag_new n = {0};
	struct tag t;
	json_t *body = NULL, *v;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, tag_fields);
	if (rc != SB_OK)
		goto out;
	n.name = json_string_value(json_object_get(body, "name"));
	n.category = json_string_value(json_object_get(body, "category"));
	n.committee_code = json_string_value(json_object_get(body, "committee_code"));
	v = json_object_get(body, "visit_interval_days");
	n.has_visit_interval = json_is_integer(v);
	n.visit_interval_days = json_integer_value(v);
	v = json_object_get(body, "review_days");
	n.has_review = json_is_integer(v);
	n.review_days = json_integer_value(v);
	rc = tag_create(rq->store, &rq->scope, &who, &n, &rq->arena, &t, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 201, tag_json(&t));
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/tags/due?before=DATE: assignments to review. */
int
api_tags_due(struct request *rq, struct response *rs)
{
	const char *before = request_query(rq, "before");
	struct tag_on_list l;
	json_t *items;
	size_t i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc != SB_OK)
		return rc;
	if (before != NULL && !ident_date_valid(before))
		return request_fail(rq, SB_BAD_QUERY, "before", "before: a date written YYYY-MM-DD",
				    "before：须为 YYYY-MM-DD 格式的日期");
	rc = tag_reviews_due(rq->store, &rq->scope, before, rq->now, limit, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++) {
		const struct tag_on *t = &l.items[i];

		json_array_append_new(
			items, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s?}", "entity", t->entity,
					 "entity_id", (json_int_t)t->entity_id, "name", t->name,
					 "category", t->category, "review_on", t->review_on,
					 "set_by_name", t->set_by_name));
	}
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/residents/key-persons?committee_code=: 一口清, every vulnerable
 * and veteran resident with their tags (core/tags.c, tag_key_persons). */
int
api_residents_key_persons(struct request *rq, struct response *rs)
{
	struct register_page page;
	struct filter f;
	json_t *out;
	int rc;

	rc = api_query_whole_list(rq);
	if (rc == SB_OK)
		rc = api_request_filter(rq, &f);
	if (rc != SB_OK)
		return rc;
	/* mine=true: the roster of the caller's own grids today (一口清). */
	{
		const char *mine = request_query(rq, "mine");

		if (mine && strcmp(mine, "true") != 0 && strcmp(mine, "false") != 0)
			return request_fail(rq, SB_BAD_QUERY, "mine", "mine: true or false",
					    "mine：须为 true 或 false");
		if (mine && strcmp(mine, "true") == 0)
			f.grids_of = rq->user.id;
	}
	rc = tag_key_persons(rq->store, &rq->scope, &f, rq->now, &rq->arena, &page);
	if (rc != SB_OK)
		return rc;
	out = api_page(register_page_json(rq, &page), NULL);
	json_object_set_new(out, "total", json_integer(page.total));
	return response_json(rs, 200, out);
}

/* GET /api/v1/reports/elderly-upper-floors?area=&age_min=70&floor_min=4:
 * 悬空老人 grouped by building (the demand list for lifts;
 * core/reports/elderly.c). */
int
api_reports_elderly(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct elderly_report report;
	struct filter f;
	json_t *groups;
	size_t i, k;
	int rc;

	rc = api_request_filter(rq, &f);
	if (rc == SB_OK)
		rc = report_elderly_upper_floors(
			rq->store, &rq->scope, &f, request_query(rq, "age_min") != NULL,
			request_query(rq, "floor_min") != NULL, request_query(rq, "area"), rq->now,
			&rq->arena, &report, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	groups = json_array();
	for (i = 0; i < report.n; i++) {
		const struct elderly_building *g = &report.items[i];
		json_t *members = json_array();

		for (k = 0; k < g->nresidents; k++)
			json_array_append_new(members, register_view_json(rq, &g->residents[k]));
		json_array_append_new(groups,
				      json_pack("{s:I, s:o, s:o, s:I}", "building_id",
						(json_int_t)g->building.id, "building",
						register_view_json(rq, &g->building), "residents",
						members, "count", (json_int_t)g->nresidents));
	}
	return response_json(
		rs, 200,
		json_pack("{s:o, s:I}", "items", groups, "total", (json_int_t)report.total));
}
