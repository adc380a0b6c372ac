#include <string.h>

#include "api/api.h"
#include "api/query_date.h"
#include "core/areas.h"
#include "core/ident.h"
#include "core/reception.h"
#include "core/reports/reception.h"
#include "http/json_io.h"

/* The reception roster (首问接待, 330工作法): who of a committee is on
 * reception each working day, and the 15:30 report.  The rules are
 * core/reception.c's and core/reports/reception.c's. */

static json_t *
roster_day_json(const struct roster_day *d)
{
	return json_pack("{s:s, s:I, s:s, s:b}", "date", d->date, "worker_id",
			 (json_int_t)d->worker_id, "worker_name", d->worker_name, "edited",
			 d->edited);
}

static json_t *
roster_json(const struct roster_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, roster_day_json(&l->items[i]));
	return a;
}

/* GET /api/v1/reception/roster?committee_code=&month=YYYY-MM */
int
api_roster_get(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	const char *month = request_query(rq, "month");
	struct roster_list l;
	char from[11], to[11];
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc != SB_OK)
		return rc;
	if (month == NULL)
		month = arena_strndup(&rq->arena, api_today(rq), 7);
	if (!reception_month_days(month, from, to))
		return request_fail(rq, SB_BAD_QUERY, "month", "month: YYYY-MM",
				    "month：须为 YYYY-MM");
	rc = reception_roster(rq->store, &rq->scope, committee, from, to, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:o}", "committee_code", committee, "month",
				       month, "items", roster_json(&l)));
}

static const struct jfield generate_fields[] = {
	{"committee_code", JF_STRING, true, 12, 12, false},
	{"month", JF_STRING, true, 7, 7, false},
	{NULL},
};

/* POST /api/v1/reception/roster {committee_code, month}: one worker a working
 * day, in turn, over the committee's workers; replaces that month. */
int
api_roster_generate(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	const char *committee, *month;
	struct roster_list l;
	json_t *body = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, generate_fields);
	if (rc != SB_OK)
		goto out;
	committee = json_string_value(json_object_get(body, "committee_code"));
	month = json_string_value(json_object_get(body, "month"));
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	rc = reception_roster_generate(rq->store, &rq->scope, &who, committee, month, &rq->arena,
				       &l, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:s, s:s, s:o}", "committee_code", committee,
					     "month", month, "items", roster_json(&l)));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

static const struct jfield roster_day_fields[] = {
	{"committee_code", JF_STRING, true, 12, 12, false},
	{"worker_id", JF_INT, true, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/reception/roster/{date} {committee_code, worker_id}: edits one day. */
int
api_roster_put(struct request *rq, struct response *rs)
{
	const char *date = request_param(rq, "date");
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct roster_day day;
	const char *committee;
	json_t *body = NULL;
	int64_t worker;
	int rc;

	if (!ident_date_valid(date))
		return request_fail(rq, SB_BAD_PATH, "date", "date: YYYY-MM-DD",
				    "date：须为 YYYY-MM-DD");
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, roster_day_fields);
	if (rc != SB_OK)
		goto out;
	committee = json_string_value(json_object_get(body, "committee_code"));
	worker = json_integer_value(json_object_get(body, "worker_id"));
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	rc = reception_roster_set(rq->store, &rq->scope, &who, committee, date, worker, &rq->arena,
				  &day, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, roster_day_json(&day));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/reception/today?committee_code=: who is on reception today. */
int
api_roster_today(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	struct roster_day day;
	const char *date;
	bool work;
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc == SB_OK)
		rc = api_query_date(rq, "date", api_today(rq), &date);
	if (rc == SB_OK)
		rc = reception_on(rq->store, &rq->scope, committee, date, &rq->arena, &work, &day);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:b, s:o, s:s?}", "committee_code", committee,
				       "date", date, "workday", work, "worker_id",
				       day.worker_id ? json_integer(day.worker_id) : json_null(),
				       "worker_name", day.worker_id ? day.worker_name : NULL));
}

/* GET /api/v1/reports/reception?area=&from=&to=: per worker, how much of the
 * visiting on working days falls before 15:30 (Asia/Shanghai).  The area is
 * looked up first, as for the coverage report. */
int
api_reports_reception(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct reception_report report;
	struct api_range range;
	struct area area;
	json_t *items;
	size_t i;
	int rc;

	rc = area_of_report(rq->store, &rq->scope, request_query(rq, "area"), &rq->arena, &area,
			    &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	rc = api_query_range(rq, API_RANGE_DATES, &range);
	if (rc != SB_OK)
		return rc;
	rc = report_reception(rq->store, &rq->scope, &area, range.has_from ? range.from_date : NULL,
			      range.has_to ? range.to_date : NULL, api_today(rq), &rq->arena,
			      &report, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	items = json_array();
	for (i = 0; i < report.nworkers; i++) {
		const struct reception_worker *w = &report.workers[i];

		json_array_append_new(
			items,
			json_pack("{s:I, s:s, s:s, s:I, s:I, s:f}", "worker_id",
				  (json_int_t)w->worker_id, "username", w->username, "name",
				  w->name, "visits", (json_int_t)w->visits, "before_1530",
				  (json_int_t)w->before_1530, "before_1530_percent",
				  w->visits ? 100.0 * (double)w->before_1530 / (double)w->visits
					    : 0.0));
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:s, s:o}", "area", report.area.code, "from",
				       report.from, "to", report.to, "items", items));
}
