#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/ident.h"
#include "core/record.h"
#include "http/json_io.h"
#include "store/campaigns.h"

/* The worker's record (驾照式积分): the district's weights, training hours,
 * monthly and yearly points traced to their sources, the staffing quota
 * (社工额度) (docs/campaigns.md). */

static const char *const weight_names[RK_COUNT] = {
	[RK_VISIT] = "visit_on_time",		[RK_ISSUE_TAKEN] = "issue_taken",
	[RK_ISSUE_RESOLVED] = "issue_resolved", [RK_SATISFACTION] = "satisfaction",
	[RK_CAMPAIGN_TASK] = "campaign_task",	[RK_TRAINING] = "training_hour",
};

/* The district of a user (from its first scope code); NULL when above one. */
static int
user_district(struct request *rq, int64_t user_id, const char **district)
{
	struct user u;
	int rc;

	*district = NULL;
	rc = store_user_get(rq->store, &rq->scope, user_id, &rq->arena, &u);
	if (rc == SB_NOT_FOUND) {
		/* the caller itself, seen without its own scope's restriction */
		struct scope self = {.user_id = user_id, .role = rq->user.role};

		rc = store_user_get(rq->store, &self, user_id, &rq->arena, &u);
	}
	if (rc != SB_OK || u.nscope == 0)
		return rc;
	return store_area_ancestor(rq->store, u.scope[0], "district", &rq->arena, district);
}

/* A district code the caller may read the weights of: its own district, or
 * one in its jurisdiction.  404 otherwise. */
static int
district_param(struct request *rq, bool write, const char **code)
{
	const char *mine = NULL;
	struct area a;
	int rc;

	*code = request_param(rq, "code");
	rc = store_area_get(rq->store, &rq->scope, *code, &rq->arena, &a);
	if (rc == SB_OK)
		return strcmp(a.level, "district") == 0 ? SB_OK : SB_NOT_FOUND;
	if (rc != SB_NOT_FOUND || write)
		return rc;
	rc = user_district(rq, rq->user.id, &mine);
	if (rc == SB_OK && (mine == NULL || strcmp(mine, *code) != 0))
		rc = SB_NOT_FOUND;
	return rc;
}

static json_t *
weights_json(const char *district, const struct record_weights *w, int per_worker)
{
	json_t *o = json_pack("{s:s, s:i}", "district_code", district, "households_per_worker",
			      per_worker);
	int i;

	for (i = 0; i < RK_COUNT; i++)
		json_object_set_new(o, weight_names[i], json_integer(w->w[i]));
	return o;
}

/* GET /api/v1/districts/{code}/record-weights */
int
api_record_weights_get(struct request *rq, struct response *rs)
{
	struct record_weights w;
	const char *code;
	int per, rc;

	rc = district_param(rq, false, &code);
	if (rc == SB_OK)
		rc = store_record_weights(rq->store, code, &w, &per);
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

/* PUT /api/v1/districts/{code}/record-weights: the members given change. */
int
api_record_weights_put(struct request *rq, struct response *rs)
{
	struct record_weights w;
	const char *code;
	json_t *body = NULL, *v;
	int per, i, rc;

	rc = district_param(rq, true, &code);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, weight_fields);
	if (rc == SB_OK)
		rc = store_record_weights(rq->store, code, &w, &per);
	if (rc != SB_OK)
		goto out;
	for (i = 0; i < RK_COUNT; i++) {
		v = json_object_get(body, weight_names[i]);
		if (v == NULL)
			continue;
		if (json_integer_value(v) < 0 || json_integer_value(v) > 1000) {
			rc = request_fail(rq, SB_BAD_FIELD, weight_names[i],
					  arena_printf(&rq->arena,
						       "%s: a weight from 0 to 1000; not negative",
						       weight_names[i]),
					  arena_printf(&rq->arena,
						       "%s：权重须为 0 至 1000，不能为负",
						       weight_names[i]));
			goto out;
		}
		w.w[i] = (int)json_integer_value(v);
	}
	v = json_object_get(body, "households_per_worker");
	if (v && (json_integer_value(v) < 1 || json_integer_value(v) > 100000)) {
		rc = request_fail(rq, SB_BAD_FIELD, "households_per_worker",
				  "households_per_worker: 1 to 100000",
				  "households_per_worker：须为 1 至 100000");
		goto out;
	}
	if (v)
		per = (int)json_integer_value(v);
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_record_weights_put(rq->store, code, &w, per, rq->now);
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "record_weights", code, code, json_incref(body));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 200, weights_json(code, &w, per));
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
	const char *street = NULL, *date;
	json_t *body = NULL;
	struct user u;
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
	rc = store_user_get(rq->store, &rq->scope, worker, &rq->arena, &u);
	if (rc == SB_NOT_FOUND ||
	    (rc == SB_OK &&
	     ((u.role != ROLE_WORKER && u.role != ROLE_COMMITTEE_HEAD) || u.nscope == 0)))
		rc = request_fail(rq, SB_BAD_FIELD, "worker_id",
				  "worker_id: not a worker in your jurisdiction",
				  "worker_id：不是您辖区内的社工");
	else if (rc == SB_OK && !ident_date_valid(date))
		rc = request_fail(rq, SB_BAD_FIELD, "date", "date: a date YYYY-MM-DD",
				  "date：须为日期 YYYY-MM-DD");
	else if (rc == SB_OK && (hours < 1 || hours > 24))
		rc = request_fail(rq, SB_BAD_FIELD, "hours", "hours: 1 to 24",
				  "hours：须为 1 至 24");
	if (rc == SB_OK)
		rc = store_area_ancestor(rq->store, u.scope[0], "street", &rq->arena, &street);
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_training_insert(rq->store, worker, street ? street : u.scope[0], date,
				   (int)hours, json_string_value(json_object_get(body, "topic")),
				   rq->user.id, rq->now, &id);
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "training",
			       arena_printf(&rq->arena, "%lld", (long long)id),
			       street ? street : u.scope[0], json_incref(body));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:I, s:I, s:s, s:I, s:s}", "id", (json_int_t)id,
					     "worker_id", (json_int_t)worker, "date", date, "hours",
					     hours, "topic",
					     json_string_value(json_object_get(body, "topic"))));
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

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* GET /api/v1/workers/{id}/record?month=YYYY-MM | year=YYYY: the points, each
 * line traced to its source (monthly), or per month (yearly). */
int
api_workers_record(struct request *rq, struct response *rs)
{
	const char *month = request_query(rq, "month"), *year = request_query(rq, "year");
	const char *district = NULL, *from, *to;
	struct record_source *src;
	struct record_weights w;
	struct record_total t;
	struct record_row *rows;
	struct user u;
	json_t *out, *weights;
	int64_t id;
	size_t n, i;
	int per, *points, rc;

	rc = request_param_id(rq, "id", &id);
	if (rc != SB_OK)
		return rc;
	/* A worker sees its own record only; a head or the street their workers'. */
	if (rq->user.role < ROLE_COMMITTEE_HEAD && id != rq->user.id)
		return SB_NOT_FOUND;
	rc = id == rq->user.id ? SB_OK : store_user_get(rq->store, &rq->scope, id, &rq->arena, &u);
	if (rc == SB_OK && id != rq->user.id && u.role != ROLE_WORKER &&
	    u.role != ROLE_COMMITTEE_HEAD)
		rc = SB_NOT_FOUND;
	if (rc != SB_OK)
		return rc;
	if ((month == NULL) == (year == NULL))
		return request_fail(rq, SB_BAD_QUERY, month ? "year" : "month",
				    "month=YYYY-MM or year=YYYY, one of them",
				    "须给出 month=YYYY-MM 或 year=YYYY 之一");
	if (month && (strlen(month) != 7 || !digits(month, 4) || month[4] != '-' ||
		      !digits(month + 5, 2) || atoi(month + 5) < 1 || atoi(month + 5) > 12))
		return request_fail(rq, SB_BAD_QUERY, "month", "month: YYYY-MM",
				    "month：须为 YYYY-MM");
	if (year && (strlen(year) != 4 || !digits(year, 4)))
		return request_fail(rq, SB_BAD_QUERY, "year", "year: YYYY", "year：须为 YYYY");
	from = month ? arena_printf(&rq->arena, "%s-01", month)
		     : arena_printf(&rq->arena, "%s-01-01", year);
	to = month ? arena_printf(&rq->arena, "%s-31", month)
		   : arena_printf(&rq->arena, "%s-12-31", year);
	rc = user_district(rq, id, &district);
	if (rc == SB_OK)
		rc = store_record_weights(rq->store, district ? district : "", &w, &per);
	if (rc == SB_OK)
		rc = store_record_rows(rq->store, id, from, to, &rq->arena, &rows, &n);
	if (rc != SB_OK)
		return rc;
	src = arena_alloc(&rq->arena, (n + 1) * sizeof(*src));
	points = arena_alloc(&rq->arena, (n + 1) * sizeof(*points));
	for (i = 0; i < n; i++) {
		src[i] = rows[i].src;
		if (src[i].kind == RK_VISIT)
			src[i].value = record_visit_on_time(rows[i].interval, rows[i].prev,
							    rows[i].prev_follow_up, src[i].date);
	}
	record_sum(&w, src, n, &t, points);
	weights = weights_json(district ? district : "", &w, per);
	json_object_del(weights, "households_per_worker");
	out = json_pack("{s:I, s:s?, s:s?, s:o}", "worker_id", (json_int_t)id, "month", month,
			"year", year, "weights", weights);
	json_object_update_new(out, totals_json(&t));
	if (month) {
		json_t *lines = json_array();

		for (i = 0; i < n; i++) {
			json_t *l = json_pack("{s:s, s:I, s:s, s:i}", "source",
					      record_kind_name(src[i].kind), "source_id",
					      (json_int_t)src[i].id, "date", src[i].date, "points",
					      points[i]);

			if (src[i].kind == RK_VISIT)
				json_object_set_new(l, "on_time", json_boolean(src[i].value));
			else if (src[i].kind == RK_SATISFACTION)
				json_object_set_new(l, "satisfaction", json_integer(src[i].value));
			else if (src[i].kind == RK_TRAINING)
				json_object_set_new(l, "hours", json_integer(src[i].value));
			json_array_append_new(lines, l);
		}
		json_object_set_new(out, "lines", lines);
	} else {
		struct record_total months[12];
		json_t *m = json_array();
		int k;

		record_by_month(&w, src, n, months);
		for (k = 0; k < 12; k++) {
			json_t *o = totals_json(&months[k]);

			json_object_set_new(
				o, "month",
				json_string(arena_printf(&rq->arena, "%s-%02d", year, k + 1)));
			json_array_append_new(m, o);
		}
		json_object_set_new(out, "months", m);
	}
	return response_json(rs, 200, out);
}

static const char *
status_of(int64_t diff)
{
	return diff > 0 ? "over" : diff < 0 ? "under" : "ok";
}

/* GET /api/v1/reports/quota?area=: workers against households by the district's formula. */
int
api_reports_quota(struct request *rq, struct response *rs)
{
	const char *area = request_query(rq, "area");
	struct quota_row *rows;
	struct area a;
	json_t *items, *streets;
	size_t n, i, j;
	int rc;

	if (area == NULL)
		return request_fail(rq, SB_BAD_QUERY, "area", "area: required", "area：必填");
	rc = store_area_get(rq->store, &rq->scope, area, &rq->arena, &a);
	if (rc == SB_NOT_FOUND)
		return request_fail(rq, SB_BAD_QUERY, "area",
				    "area: not an area in your jurisdiction",
				    "area：不是您辖区内的区域");
	if (rc == SB_OK)
		rc = store_quota_rows(rq->store, &rq->scope, area, &rq->arena, &rows, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	streets = json_array();
	for (i = 0; i < n && rc == SB_OK; i++) {
		const char *district = NULL;
		struct record_weights w;
		int per = 300, needed;
		json_t *s = NULL;

		rc = store_area_ancestor(rq->store, rows[i].committee_code, "district", &rq->arena,
					 &district);
		if (rc == SB_OK)
			rc = store_record_weights(rq->store, district ? district : "", &w, &per);
		if (rc != SB_OK)
			break;
		needed = record_quota_needed(rows[i].households, per);
		json_array_append_new(
			items, json_pack("{s:s, s:s, s:s?, s:I, s:I, s:i, s:i, s:I, s:s}",
					 "committee_code", rows[i].committee_code, "name",
					 rows[i].committee_name, "street_code", rows[i].street_code,
					 "households", (json_int_t)rows[i].households, "workers",
					 (json_int_t)rows[i].workers, "households_per_worker", per,
					 "needed", needed, "difference",
					 (json_int_t)(rows[i].workers - needed), "status",
					 status_of(rows[i].workers - needed)));
		for (j = 0; j < json_array_size(streets); j++)
			if (strcmp(json_string_value(json_object_get(json_array_get(streets, j),
								     "street_code")),
				   rows[i].street_code ? rows[i].street_code : "") == 0)
				s = json_array_get(streets, j);
		if (s == NULL) {
			s = json_pack("{s:s, s:s?, s:i, s:i, s:i}", "street_code",
				      rows[i].street_code ? rows[i].street_code : "", "name",
				      rows[i].street_name, "households", 0, "workers", 0, "needed",
				      0);
			json_array_append_new(streets, s);
		}
		json_object_set_new(
			s, "households",
			json_integer(json_integer_value(json_object_get(s, "households")) +
				     rows[i].households));
		json_object_set_new(s, "workers",
				    json_integer(json_integer_value(json_object_get(s, "workers")) +
						 rows[i].workers));
		json_object_set_new(
			s, "needed",
			json_integer(json_integer_value(json_object_get(s, "needed")) + needed));
	}
	if (rc != SB_OK) {
		json_decref(items);
		json_decref(streets);
		return rc;
	}
	for (j = 0; j < json_array_size(streets); j++) {
		json_t *s = json_array_get(streets, j);
		json_int_t diff = json_integer_value(json_object_get(s, "workers")) -
				  json_integer_value(json_object_get(s, "needed"));

		json_object_set_new(s, "difference", json_integer(diff));
		json_object_set_new(s, "status", json_string(status_of(diff)));
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:o, s:o}", "area", area, "committees", items,
				       "streets", streets));
}
