#include <string.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/ident.h"
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
		rc = store_tag_list(rq->store, &rq->scope, committee, &rq->arena, &l);
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

/* POST /api/v1/tags: a committee's own tag (custom or team). */
int
api_tags_create(struct request *rq, struct response *rs)
{
	struct tag t = {0}, existing;
	struct area a;
	json_t *body = NULL, *v;
	int64_t id;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, tag_fields);
	if (rc != SB_OK)
		goto out;
	t.name = json_string_value(json_object_get(body, "name"));
	t.category = json_string_value(json_object_get(body, "category"));
	t.committee_code = json_string_value(json_object_get(body, "committee_code"));
	if (strcmp(t.category, "custom") != 0 && strcmp(t.category, "team") != 0) {
		rc = request_fail(rq, SB_BAD_FIELD, "category", "category: custom or team",
				  "category：须为 custom 或 team");
		goto out;
	}
	rc = store_area_get(rq->store, &rq->scope, t.committee_code, &rq->arena, &a);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(a.level, "committee") != 0)) {
		rc = request_fail(rq, SB_BAD_FIELD, "committee_code",
				  "committee_code: not a committee in your jurisdiction",
				  "committee_code：不是您辖区内的居委会");
		goto out;
	}
	v = json_object_get(body, "visit_interval_days");
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 1 || json_integer_value(v) > 3660) {
			rc = request_fail(rq, SB_BAD_FIELD, "visit_interval_days",
					  "visit_interval_days: 1 to 3660",
					  "visit_interval_days：须为 1 至 3660");
			goto out;
		}
		t.visit_interval_days = (int)json_integer_value(v);
	}
	v = json_object_get(body, "review_days");
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 1 || json_integer_value(v) > 3660) {
			rc = request_fail(rq, SB_BAD_FIELD, "review_days", "review_days: 1 to 3660",
					  "review_days：须为 1 至 3660");
			goto out;
		}
		t.review_days = (int)json_integer_value(v);
	}
	rc = store_tag_find(rq->store, t.name, t.committee_code, &rq->arena, &existing);
	if (rc == SB_OK) {
		rc = request_fail(rq, SB_CONFLICT, "name", "name: a tag of that name exists",
				  "name：已有同名标签");
		goto out;
	}
	if (rc != SB_NOT_FOUND)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_tag_insert(rq->store, &t, &id);
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "tag", arena_printf(&rq->arena, "%lld", (long long)id),
			       t.committee_code,
			       json_pack("{s:s, s:s}", "name", t.name, "category", t.category));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK)
		goto out;
	t.id = id;
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
	char dflt[11];
	size_t i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc != SB_OK)
		return rc;
	if (before == NULL) {
		ident_today(rq->now + 30 * 86400, dflt);
		before = dflt;
	} else if (!ident_date_valid(before)) {
		return request_fail(rq, SB_BAD_QUERY, "before", "before: a date written YYYY-MM-DD",
				    "before：须为 YYYY-MM-DD 格式的日期");
	}
	rc = store_tags_due(rq->store, &rq->scope, before, limit, &rq->arena, &l);
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
 * and veteran resident with their tags. */
int
api_residents_key_persons(struct request *rq, struct response *rs)
{
	static const char *key_tags[] = {"独居老人",	 "孤寡老人", "空巢老人", "困难家庭",
					 "大病重病家庭", "失独家庭", "残障人士", "老干部",
					 "老劳模",	 "老党员"};
	const char *next = NULL;
	struct filter f;
	int64_t *ids, total;
	json_t *items, *page;
	size_t n, i;
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
	f.tag_any = key_tags;
	f.ntag_any = sizeof(key_tags) / sizeof(key_tags[0]);
	rc = store_filter_residents(rq->store, &rq->scope, &f, NULL, 5000, &rq->arena, &ids, &n,
				    &total, &next);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; rc == SB_OK && i < n; i++) {
		json_t *one;

		rc = register_json_get(rq, &entity_resident, ids[i], &one);
		if (rc == SB_OK)
			json_array_append_new(items, one);
	}
	if (rc != SB_OK) {
		json_decref(items);
		return rc;
	}
	page = api_page(items, NULL);
	json_object_set_new(page, "total", json_integer(total));
	return response_json(rs, 200, page);
}

/* GET /api/v1/reports/elderly-upper-floors?area=&age_min=70&floor_min=4:
 * 悬空老人 grouped by building (the demand list for lifts). */
int
api_reports_elderly(struct request *rq, struct response *rs)
{
	const char *area = request_query(rq, "area");
	const char *next = NULL;
	struct filter f;
	struct area a;
	int64_t *ids, total, age_min = 70, floor_min = 4, last_building = -1;
	json_t *groups, *group = NULL, *members = NULL;
	size_t n, i;
	int rc;

	rc = api_request_filter(rq, &f);
	if (rc == SB_OK && request_query(rq, "age_min") == NULL)
		f.age_min = (int)age_min;
	if (rc == SB_OK && request_query(rq, "floor_min") == NULL)
		f.floor_min = (int)floor_min;
	if (rc != SB_OK)
		return rc;
	if (area) {
		rc = store_area_get(rq->store, &rq->scope, area, &rq->arena, &a);
		if (rc == SB_NOT_FOUND)
			return request_fail(rq, rc, "area",
					    "area: no such area in your jurisdiction",
					    "area：您的辖区内没有该区划");
		if (rc != SB_OK)
			return rc;
		f.area_code = area;
	}
	f.no_lift = true;
	f.sort = "address";
	rc = store_filter_residents(rq->store, &rq->scope, &f, NULL, 20000, &rq->arena, &ids, &n,
				    &total, &next);
	if (rc != SB_OK)
		return rc;
	groups = json_array();
	for (i = 0; rc == SB_OK && i < n; i++) {
		json_t *one, *b;
		int64_t household_id, building_id;
		struct store_col hcol = {.name = "building_id"};

		rc = register_json_get(rq, &entity_resident, ids[i], &one);
		if (rc != SB_OK)
			break;
		household_id = json_integer_value(json_object_get(one, "household_id"));
		rc = store_row_get(rq->store, &rq->scope, "household", household_id, &hcol, 1,
				   &rq->arena);
		if (rc != SB_OK) {
			json_decref(one);
			break;
		}
		building_id = hcol.i;
		if (building_id != last_building) {
			rc = register_json_get(rq, &entity_building, building_id, &b);
			if (rc != SB_OK) {
				json_decref(one);
				break;
			}
			group = json_pack("{s:I, s:o, s:o, s:i}", "building_id",
					  (json_int_t)building_id, "building", b, "residents",
					  json_array(), "count", 0);
			members = json_object_get(group, "residents");
			json_array_append_new(groups, group);
			last_building = building_id;
		}
		json_array_append_new(members, one);
		json_object_set_new(group, "count",
				    json_integer((json_int_t)json_array_size(members)));
	}
	if (rc != SB_OK) {
		json_decref(groups);
		return rc;
	}
	return response_json(rs, 200,
			     json_pack("{s:o, s:I}", "items", groups, "total", (json_int_t)total));
}
