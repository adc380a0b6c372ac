#include "api/api.h"
#include "api/query_date.h"
#include "core/areas.h"
#include "core/calendar.h"
#include "core/coverage.h"

/* The coverage reports: how much of an area was visited, and on time
 * (core/coverage.c), and the longest unvisited households. */

static json_t *
tally_json(const struct coverage_tally *t)
{
	return json_pack(
		"{s:I, s:I, s:f, s:I, s:I, s:f, s:I, s:f}", "households", (json_int_t)t->households,
		"households_visited", (json_int_t)t->visited, "households_percent",
		t->households ? 100.0 * (double)t->visited / (double)t->households : 0.0,
		"residents", (json_int_t)t->residents, "residents_visited",
		(json_int_t)t->residents_visited, "residents_percent",
		t->residents ? 100.0 * (double)t->residents_visited / (double)t->residents : 0.0,
		"on_time", (json_int_t)t->on_time, "on_time_percent",
		t->households ? 100.0 * (double)t->on_time / (double)t->households : 0.0);
}

static json_t *
child_json(const struct coverage_child *c)
{
	json_t *one = tally_json(&c->tally);

	if (c->code == NULL) { /* a committee's grid */
		json_object_set_new(one, "grid_id",
				    c->grid_id ? json_integer(c->grid_id) : json_null());
		json_object_set_new(one, "name", json_string(c->name ? c->name : "未划入网格"));
	} else {
		json_object_set_new(one, "code", json_string(c->code));
		if (c->name)
			json_object_set_new(one, "name", json_string(c->name));
	}
	return one;
}

static json_t *
worker_json(const struct coverage_worker *w)
{
	json_t *one = tally_json(&w->tally);

	json_object_set_new(one, "worker_id", json_integer(w->worker_id));
	if (w->username)
		json_object_set_new(one, "username", json_string(w->username));
	if (w->name)
		json_object_set_new(one, "name", json_string(w->name));
	return one;
}

/* GET /api/v1/reports/coverage?area=&from=&to=: households and residents
 * visited at least once, on-time shares per tag under the policy, by child
 * area (or grid) and per worker.  The area is looked up first (like a
 * resource in a path), so that a wrong area is named before a wrong period. */
int
api_reports_coverage(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct coverage_report report;
	struct api_range range;
	struct area area;
	json_t *children, *tags, *workers;
	size_t i;
	int rc;

	rc = area_of_report(rq->store, &rq->scope, request_query(rq, "area"), &rq->arena, &area,
			    &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	rc = api_query_range(rq, API_RANGE_DATES, &range);
	if (rc != SB_OK)
		return rc;
	rc = coverage_report(rq->store, &rq->scope, &area, range.has_from ? range.from_date : NULL,
			     range.has_to ? range.to_date : NULL, api_today(rq), &rq->arena,
			     &report, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	children = json_array();
	for (i = 0; i < report.nchildren; i++)
		json_array_append_new(children, child_json(&report.children[i]));
	tags = json_array();
	for (i = 0; i < report.ntags; i++) {
		json_t *one = tally_json(&report.tags[i].tally);

		json_object_set_new(one, "tag", json_string(report.tags[i].tag));
		json_array_append_new(tags, one);
	}
	workers = json_array();
	for (i = 0; i < report.nworkers; i++)
		json_array_append_new(workers, worker_json(&report.workers[i]));
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "area",
				       report.area.code, "name", report.area.name, "level",
				       report.area.level, "from", report.from, "to", report.to,
				       "total", tally_json(&report.total), "children", children,
				       "tags", tags, "workers", workers));
}

/* GET /api/v1/reports/unvisited?area=&limit=: the longest-unvisited
 * households.  The area is looked up first, as for the coverage. */
int
api_reports_unvisited(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	const char *today = api_today(rq);
	struct plan_list l;
	struct area area;
	json_t *items;
	size_t i;
	int limit, rc;

	rc = area_of_report(rq->store, &rq->scope, request_query(rq, "area"), &rq->arena, &area,
			    &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = coverage_unvisited(rq->store, &rq->scope, &area, limit, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++) {
		const struct plan_row *r = &l.items[i];

		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s?, s:o}", "household_id",
					 (json_int_t)r->household_id, "address",
					 arena_printf(&rq->arena, "%s %s %s", r->compound,
						      r->building, r->room),
					 "committee_code", r->committee_code, "last_visit_on",
					 r->last_visit_on, "days_since",
					 r->last_visit_on ? json_integer(calendar_days_between(
								    r->last_visit_on, today))
							  : json_null()));
	}
	return response_json(rs, 200, api_page(items, NULL));
}
