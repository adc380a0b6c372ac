#include <string.h>

#include "api/api.h"
#include "api/query_date.h"
#include "core/plan.h"
#include "core/reports/plan.h"
#include "http/json_io.h"

/* The worker's plan (/me/plan), a worker's capacity (/workers/{id}/plan) and
 * the committee's plans (/reports/plan); the rules are core/plan.c's. */

static json_t *
plan_item_json(struct request *rq, const struct plan_item *p)
{
	const struct plan_row *r = p->row;
	json_t *tags = json_array();
	const char *address;

	if (r->tags) {
		char *copy = arena_strdup(&rq->arena, r->tags), *save = NULL, *t;

		for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
			json_array_append_new(tags, json_string(t));
	}
	address = arena_printf(&rq->arena, "%s %s %s", r->compound, r->building, r->room);
	return json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:i, s:s?, s:s?, s:s?, s:i, s:o}",
		"household_id", (json_int_t)r->household_id, "address", address, "compound",
		r->compound, "building", r->building, "room", r->room, "floor",
		r->has_floor ? json_integer(r->floor) : json_null(), "reason",
		plan_reason_name(p->due.reason), "tags", tags, "interval_days", r->interval,
		"last_visit_on", r->last_visit_on, "follow_up_on", r->follow_up_on, "due_on",
		p->due.due_on[0] ? p->due.due_on : NULL, "days_overdue", p->due.days_overdue,
		"overdue", json_boolean(p->due.days_overdue > 0));
}

/* GET /api/v1/me/plan?date=&after=: the due and overdue households of my
 * grids in walking order, each with why and whether it is in today's walk,
 * whether I am on reception that day, and where to go after `after`. */
int
api_me_plan(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct plan_today today;
	const char *date;
	json_t *list, *walk, *reception;
	int64_t after = 0;
	size_t i;
	int rc;

	rc = api_query_date(rq, "date", api_today(rq), &date);
	if (rc == SB_OK)
		rc = api_query_int(rq, "after", &after);
	if (rc == SB_OK)
		rc = api_fail(
			rq,
			plan_today(rq->store, &rq->scope, date, after, &rq->arena, &today, &fail),
			&fail);
	if (rc != SB_OK)
		return rc;
	reception = json_array();
	for (i = 0; i < today.nreception; i++)
		json_array_append_new(reception, json_string(today.reception[i]));
	list = json_array();
	for (i = 0; i < today.n; i++) {
		const struct plan_candidate *c =
			plan_walk_find(&today.day, today.items[i].row->household_id);
		json_t *one = plan_item_json(rq, &today.items[i]);

		json_object_set_new(one, "urgency",
				    json_string(plan_urgency_name(c ? c->urgency : PLAN_NOT_DUE)));
		json_object_set_new(one, "walk",
				    c && c->walk > 0 ? json_integer(c->walk) : json_null());
		json_array_append_new(list, one);
	}
	walk = json_array();
	for (i = 0; i < today.day.walked; i++)
		json_array_append_new(walk, json_integer(today.day.candidates[i].household_id));
	return response_json(rs, 200,
			     json_pack("{s:s, s:o, s:I, s:{s:b, s:o}, s:i, s:o, s:I, s:o}", "date",
				       date, "items", list, "total", (json_int_t)today.n,
				       "reception", "on_duty", today.nreception > 0,
				       "committee_codes", reception, "capacity", today.day.capacity,
				       "walk", walk, "behind",
				       (json_int_t)(today.day.due - today.day.walked), "next",
				       today.next ? json_integer(today.next) : json_null()));
}

static const struct jfield capacity_fields[] = {
	{"households_per_day", JF_INT, true, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/workers/{id}/plan {households_per_day}: a worker's daily
 * capacity, set by the committee head.  An unknown worker is answered
 * before the body is read (404, then 400). */
int
api_workers_plan_put(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	json_t *body = NULL;
	json_int_t n;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = plan_worker(rq->store, &rq->scope, id, &rq->arena, NULL);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, capacity_fields);
	if (rc != SB_OK)
		goto out;
	n = json_integer_value(json_object_get(body, "households_per_day"));
	rc = plan_capacity_set(rq->store, &rq->scope, &who, id, n, &rq->arena, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200,
				   json_pack("{s:I, s:I}", "worker_id", (json_int_t)id,
					     "households_per_day", n));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/reports/plan?committee_code=&date=: each worker's day: the
 * capacity, how many are due, in today's walk, and behind (due, and not in
 * today's walk), most behind first. */
int
api_reports_plan(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code"), *date;
	struct plan_report report;
	json_t *items;
	size_t i;
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc == SB_OK)
		rc = api_query_date(rq, "date", api_today(rq), &date);
	if (rc == SB_OK)
		rc = report_plan(rq->store, &rq->scope, committee, date, &rq->arena, &report);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < report.n; i++) {
		const struct user *w = report.rows[i].worker;
		const struct plan_walk *d = &report.rows[i].day;

		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:i, s:I, s:I, s:I, s:I}", "worker_id",
					 (json_int_t)w->id, "username", w->username, "name",
					 api_person_name(w), "households_per_day", d->capacity,
					 "due", (json_int_t)d->due, "overdue",
					 (json_int_t)d->overdue, "today", (json_int_t)d->walked,
					 "behind", (json_int_t)(d->due - d->walked)));
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:o}", "committee_code", committee, "date", date,
				       "items", items));
}
