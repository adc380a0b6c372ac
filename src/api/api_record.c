#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/reports/quota.h"
#include "core/worker_record.h"
#include "http/json_io.h"

/* The worker's record (驾照式积分): the district's weights, training hours,
 * monthly and yearly points traced to their sources, the staffing quota
 * (社工额度) (docs/campaigns.md).  The rules are core/worker_record.c's and
 * core/reports/quota.c's; these parse and render. */

static json_t *
weights_json(const char *district, const struct record_weights *w, int per_worker)
{
	json_t *o = json_pack("{s:s, s:i}", "district_code", district, "households_per_worker",
			      per_worker);
	int i;

	for (i = 0; i < RK_COUNT; i++)
		json_object_set_new(o, record_weight_name((enum record_kind)i),
				    json_integer(w->w[i]));
	return o;
}

/* GET /api/v1/districts/{code}/record-weights */
int
api_record_weights_get(struct request *rq, struct response *rs)
{
	const char *code = request_param(rq, "code");
	struct record_weights w;
	int per, rc;

	rc = record_weights_read(rq->store, &rq->scope, code, &rq->arena, &w, &per);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, weights_json(code, &w, per));
}

static const struct jfield weight_fields[] = {
	{"visit_on_time", JF_INT, false, 0, 0, false},
	{"issue_taken", JF_INT, false, 0, 0, false},
	{"issue_resolved", JF_INT, false, 0, 0, false},
	{"satisfaction", JF_INT, false, 0, 0, false},
	{"campaign_task", JF_INT, false, 0, 0, false},
	{"training_hour", JF_INT, false, 0, 0, false},
	{"households_per_worker", JF_INT, false, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/districts/{code}/record-weights: the members given change.
 * A district the caller may not change is 404 before the body is read. */
int
api_record_weights_put(struct request *rq, struct response *rs)
{
	const char *code = request_param(rq, "code");
	struct actor who = api_actor(rq);
	struct record_weights_change c = {0};
	struct sb_fail fail = {0};
	struct record_weights w;
	json_t *body = NULL, *v;
	int per, i, rc;

	rc = record_weights_find(rq->store, &rq->scope, code, true, &rq->arena);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, weight_fields);
	if (rc != SB_OK)
		goto out;
	for (i = 0; i < RK_COUNT; i++) {
		v = json_object_get(body, record_weight_name((enum record_kind)i));
		c.has[i] = v != NULL;
		c.w[i] = json_integer_value(v);
	}
	v = json_object_get(body, "households_per_worker");
	c.has_per_worker = v != NULL;
	c.per_worker = json_integer_value(v);
	rc = record_weights_change(rq->store, &rq->scope, &who, code, &c, &rq->arena, &w, &per,
				   &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, weights_json(code, &w, per));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

static const struct jfield training_fields[] = {
	{"worker_id", JF_INT, true, 0, 0, false},
	{"date", JF_STRING, true, 10, 10, false},
	{"hours", JF_INT, true, 0, 0, false},
	{"topic", JF_STRING, true, 1, 200, false},
	{NULL},
};

/* POST /api/v1/trainings {worker_id, date, hours, topic}: by the street. */
int
api_trainings_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	const char *date, *topic;
	json_t *body = NULL;
	int64_t worker, id = 0;
	json_int_t hours;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, training_fields);
	if (rc != SB_OK)
		goto out;
	worker = json_integer_value(json_object_get(body, "worker_id"));
	date = json_string_value(json_object_get(body, "date"));
	hours = json_integer_value(json_object_get(body, "hours"));
	topic = json_string_value(json_object_get(body, "topic"));
	rc = record_training_add(rq->store, &rq->scope, &who, worker, date, hours, topic,
				 &rq->arena, &id, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 201,
			   json_pack("{s:I, s:I, s:s, s:I, s:s}", "id", (json_int_t)id, "worker_id",
				     (json_int_t)worker, "date", date, "hours", hours, "topic",
				     topic));
out:
	json_decref(body);
	return rc;
}

static json_t *
totals_json(const struct record_total *t)
{
	json_t *by = json_object();
	int i;

	for (i = 0; i < RK_COUNT; i++)
		json_object_set_new(
			by, record_kind_name((enum record_kind)i),
			json_pack("{s:i, s:i}", "count", t->count[i], "points", t->points[i]));
	return json_pack("{s:i, s:o}", "total", t->total, "by_kind", by);
}

/* GET /api/v1/workers/{id}/record?month=YYYY-MM | year=YYYY: the points, each
 * line traced to its source (monthly), or per month (yearly). */
int
api_workers_record(struct request *rq, struct response *rs)
{
	const char *month = request_query(rq, "month"), *year = request_query(rq, "year");
	struct sb_fail fail = {0};
	struct worker_record r;
	json_t *out, *weights;
	int64_t id;
	size_t i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = record_of_worker(rq->store, &rq->scope, id, month, year, &rq->arena, &r,
				      &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	weights = weights_json(r.district, &r.weights, 0);
	json_object_del(weights, "households_per_worker");
	out = json_pack("{s:I, s:s?, s:s?, s:o}", "worker_id", (json_int_t)id, "month", month,
			"year", year, "weights", weights);
	json_object_update_new(out, totals_json(&r.total));
	if (month) {
		json_t *lines = json_array();

		for (i = 0; i < r.n; i++) {
			const struct record_source *src = &r.sources[i];
			json_t *l = json_pack("{s:s, s:I, s:s, s:i}", "source",
					      record_kind_name(src->kind), "source_id",
					      (json_int_t)src->id, "date", src->date, "points",
					      r.points[i]);

			if (src->kind == RK_VISIT)
				json_object_set_new(l, "on_time", json_boolean(src->value));
			else if (src->kind == RK_SATISFACTION)
				json_object_set_new(l, "satisfaction", json_integer(src->value));
			else if (src->kind == RK_TRAINING)
				json_object_set_new(l, "hours", json_integer(src->value));
			json_array_append_new(lines, l);
		}
		json_object_set_new(out, "lines", lines);
	} else {
		json_t *m = json_array();
		int k;

		for (k = 0; k < 12; k++) {
			json_t *o = totals_json(&r.months[k]);

			json_object_set_new(
				o, "month",
				json_string(arena_printf(&rq->arena, "%s-%02d", year, k + 1)));
			json_array_append_new(m, o);
		}
		json_object_set_new(out, "months", m);
	}
	return response_json(rs, 200, out);
}

static json_t *
quota_line_json(const struct quota_line *q, bool committee)
{
	json_t *o = committee ? json_pack("{s:s, s:s, s:s?}", "committee_code", q->code, "name",
					  q->name, "street_code", q->street_code)
			      : json_pack("{s:s, s:s?}", "street_code", q->code, "name", q->name);

	json_object_set_new(o, "households", json_integer(q->households));
	json_object_set_new(o, "workers", json_integer(q->workers));
	if (committee)
		json_object_set_new(o, "households_per_worker", json_integer(q->per_worker));
	json_object_set_new(o, "needed", json_integer(q->needed));
	json_object_set_new(o, "difference", json_integer(q->difference));
	json_object_set_new(o, "status", json_string(report_quota_status(q->difference)));
	return o;
}

/* GET /api/v1/reports/quota?area=: workers against households by the district's formula. */
int
api_reports_quota(struct request *rq, struct response *rs)
{
	const char *area = request_query(rq, "area");
	struct sb_fail fail = {0};
	struct quota_report q;
	json_t *items, *streets;
	size_t i;
	int rc;

	if (area == NULL)
		return request_fail(rq, SB_BAD_QUERY, "area", "area: required", "area：必填");
	rc = report_quota(rq->store, &rq->scope, area, &rq->arena, &q, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	items = json_array();
	for (i = 0; i < q.ncommittees; i++)
		json_array_append_new(items, quota_line_json(&q.committees[i], true));
	streets = json_array();
	for (i = 0; i < q.nstreets; i++)
		json_array_append_new(streets, quota_line_json(&q.streets[i], false));
	return response_json(rs, 200,
			     json_pack("{s:s, s:o, s:o}", "area", area, "committees", items,
				       "streets", streets));
}
