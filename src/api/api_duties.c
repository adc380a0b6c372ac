#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/campaign.h"
#include "core/duties.h"
#include "core/ident.h"
#include "core/reports/day.h"
#include "http/json_io.h"
#include "util/clock.h"

/* Daily duties (两两分组): a worker or a pair per task kind and the areas they
 * cover; each worker's part; a day's summary (docs/campaigns.md). */

static const char *
hhmm(struct request *rq, int minute)
{
	return arena_printf(&rq->arena, "%02d:%02d", minute / 60, minute % 60);
}

static json_t *
duty_json(struct request *rq, const struct duty *d)
{
	json_t *areas = json_loads(d->areas, 0, NULL);
	json_t *workers = json_array();
	size_t i;
	int minutes = duty_minutes(d->start_minute, d->end_minute);
	int64_t day = 0;
	json_t *out;

	for (i = 0; i < d->nworkers; i++)
		json_array_append_new(workers, json_pack("{s:I, s:s, s:s}", "id",
							 (json_int_t)d->workers[i].id, "username",
							 d->workers[i].username, "name",
							 d->workers[i].name));
	clock_day_start(d->date, &day); /* the date was checked when the duty was made */
	out = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:s?, s:s?, s:b, s:s?}", "id",
			(json_int_t)d->id, "committee_code", d->committee_code, "date", d->date,
			"kind", d->kind, "campaign_id",
			d->campaign_id ? json_integer(d->campaign_id) : json_null(), "areas",
			areas ? areas : json_object(), "workers", workers, "note", d->note,
			"summary", d->summary, "done", d->done_at != 0, "done_at",
			d->done_at ? api_time(rq, d->done_at) : NULL);
	/* the times: over midnight, the end is on the next day */
	json_object_set_new(out, "start_time", json_string(hhmm(rq, d->start_minute)));
	json_object_set_new(out, "end_time", json_string(hhmm(rq, d->end_minute)));
	json_object_set_new(out, "ends_next_day", json_boolean(d->end_minute <= d->start_minute));
	json_object_set_new(out, "starts_at",
			    json_string(api_time(rq, day + (int64_t)d->start_minute * 60)));
	json_object_set_new(
		out, "ends_at",
		json_string(api_time(rq, day + (int64_t)(d->start_minute + minutes) * 60)));
	json_object_set_new(out, "hours", json_real(minutes / 60.0));
	return out;
}

static const struct jfield duty_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"date", JF_STRING, true, 10, 10, false},
	{"kind", JF_STRING, true, 1, 20, false},
	{"campaign_id", JF_INT, false, 0, 0, true},
	{"note", JF_TEXT, false, 1, 500, true},
	{"start_time", JF_STRING, false, 5, 5, false},
	{"end_time", JF_STRING, false, 5, 5, false},
	{NULL},
};

/* Reads an optional array of positive ids; BAD_FIELD naming it otherwise. */
static int
ids_of(struct request *rq, json_t *v, const char *name, size_t min, size_t max, int64_t **ids,
       size_t *n)
{
	size_t i;

	*ids = NULL;
	*n = 0;
	if (v == NULL && min == 0)
		return SB_OK;
	if (!json_is_array(v) || json_array_size(v) < min || json_array_size(v) > max)
		return request_fail(
			rq, SB_BAD_FIELD, name,
			arena_printf(&rq->arena, "%s: a list of %zu to %zu ids", name, min, max),
			arena_printf(&rq->arena, "%s：须为 %zu 至 %zu 个编号的列表", name, min,
				     max));
	*ids = arena_alloc(&rq->arena, (json_array_size(v) + 1) * sizeof(**ids));
	for (i = 0; i < json_array_size(v); i++) {
		json_t *x = json_array_get(v, i);
		size_t j;

		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return request_fail(
				rq, SB_BAD_FIELD, name,
				arena_printf(&rq->arena, "%s: ids are positive integers", name),
				arena_printf(&rq->arena, "%s：编号须为正整数", name));
		(*ids)[i] = json_integer_value(x);
		for (j = 0; j < i; j++)
			if ((*ids)[j] == (*ids)[i])
				return request_fail(
					rq, SB_BAD_FIELD, name,
					arena_printf(&rq->arena, "%s: an id is listed twice", name),
					arena_printf(&rq->arena, "%s：编号重复", name));
	}
	*n = json_array_size(v);
	return SB_OK;
}

/* POST /api/v1/duties {committee_code, date, kind, worker_ids, grid_ids?, compound_ids?,
 * building_ids?, campaign_id?, note?} */
int
api_duties_create(struct request *rq, struct response *rs)
{
	static const char *const places[] = {"grid", "compound", "building"};
	static const char *const names[] = {"grid_ids", "compound_ids", "building_ids"};
	json_t *body = NULL, *taken[4] = {NULL, NULL, NULL, NULL}, *areas = NULL;
	struct actor who = api_actor(rq);
	int64_t *workers, *ids[3];
	size_t nworkers, nids[3], i, k;
	struct duty d = {0};
	char *text = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc != SB_OK)
		return rc;
	for (k = 0; k < 3; k++) {
		taken[k] = json_object_get(body, names[k]);
		json_incref(taken[k]);
		json_object_del(body, names[k]);
	}
	taken[3] = json_object_get(body, "worker_ids");
	json_incref(taken[3]);
	json_object_del(body, "worker_ids");
	rc = json_validate(rq, body, duty_fields);
	if (rc != SB_OK)
		goto out;
	d.committee_code = json_string_value(json_object_get(body, "committee_code"));
	d.date = json_string_value(json_object_get(body, "date"));
	d.kind = json_string_value(json_object_get(body, "kind"));
	d.note = json_string_value(json_object_get(body, "note"));
	d.campaign_id = json_integer_value(json_object_get(body, "campaign_id"));
	d.start_minute = DUTY_DEFAULT_START;
	d.end_minute = DUTY_DEFAULT_END;
	rc = api_committee_in_scope(rq, d.committee_code, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK && json_object_get(body, "start_time") &&
	    !duty_time_parse(json_string_value(json_object_get(body, "start_time")),
			     &d.start_minute))
		rc = request_fail(rq, SB_BAD_FIELD, "start_time", "start_time: a time HH:MM",
				  "start_time：须为时间 HH:MM");
	if (rc == SB_OK && json_object_get(body, "end_time") &&
	    !duty_time_parse(json_string_value(json_object_get(body, "end_time")), &d.end_minute))
		rc = request_fail(rq, SB_BAD_FIELD, "end_time", "end_time: a time HH:MM",
				  "end_time：须为时间 HH:MM");
	if (rc == SB_OK && !ident_date_valid(d.date))
		rc = request_fail(rq, SB_BAD_FIELD, "date", "date: a date YYYY-MM-DD",
				  "date：须为日期 YYYY-MM-DD");
	if (rc == SB_OK && !duty_kind_valid(d.kind))
		rc = request_fail(
			rq, SB_BAD_FIELD, "kind",
			"kind: patrol, registration, publicity, hazard_check, delivery or "
			"gate_shift",
			"kind：须为 patrol、registration、publicity、hazard_check、delivery 或 "
			"gate_shift");
	if (rc == SB_OK)
		rc = ids_of(rq, taken[3], "worker_ids", 1, 2, &workers, &nworkers);
	/* A pair works in one committee: both must serve the duty's committee. */
	for (i = 0; rc == SB_OK && i < nworkers; i++)
		rc = api_worker_of_committee(rq, d.committee_code, "worker_ids", workers[i], true);
	if (rc == SB_OK && d.campaign_id)
		rc = api_id_of_committee(rq, "campaign", d.committee_code, "campaign_id",
					 d.campaign_id);
	areas = json_object();
	for (k = 0; rc == SB_OK && k < 3; k++) {
		json_t *a = json_array();

		rc = ids_of(rq, taken[k], names[k], 0, 200, &ids[k], &nids[k]);
		for (i = 0; rc == SB_OK && i < nids[k]; i++) {
			rc = api_id_of_committee(rq, places[k], d.committee_code, names[k],
						 ids[k][i]);
			json_array_append_new(a, json_integer(ids[k][i]));
		}
		json_object_set_new(areas, names[k], a);
	}
	if (rc != SB_OK)
		goto out;
	text = json_dumps(areas, JSON_COMPACT);
	d.areas = text;
	d.created_by = rq->user.id;
	d.created_at = rq->now;
	rc = duty_create(rq->store, &rq->scope, &who, &d, workers, nworkers, &rq->arena, &d);
	if (rc == SB_OK)
		rc = response_json(rs, 201, duty_json(rq, &d));
out:
	free(text);
	json_decref(areas);
	for (k = 0; k < 4; k++)
		json_decref(taken[k]);
	json_decref(body);
	return rc;
}

static int
list(struct request *rq, struct response *rs, const char *committee, int64_t worker)
{
	const char *date = request_query(rq, "date");
	struct duty_list l;
	json_t *items;
	size_t i;
	int rc;

	if (date && !ident_date_valid(date))
		return request_fail(rq, SB_BAD_QUERY, "date", "date: a date YYYY-MM-DD",
				    "date：须为日期 YYYY-MM-DD");
	if (date == NULL && worker) {
		char *t = arena_alloc(&rq->arena, 11);

		ident_today(rq->now, t);
		date = t;
	}
	rc = duty_list(rq->store, &rq->scope, committee, date, worker, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, duty_json(rq, &l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/duties?committee_code=&date=&worker_id= */
int
api_duties_list(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	int64_t worker = 0;
	int rc = api_query_int(rq, "worker_id", &worker);

	if (rc == SB_OK && committee)
		rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc != SB_OK)
		return rc;
	return list(rq, rs, committee, worker);
}

/* GET /api/v1/me/duties?date=: the caller's part of the day (default today). */
int
api_me_duties(struct request *rq, struct response *rs)
{
	return list(rq, rs, NULL, rq->user.id);
}

static const struct jfield done_fields[] = {
	{"summary", JF_TEXT, true, 1, 1000, false},
	{NULL},
};

/* POST /api/v1/duties/{id}/done {summary}: by a worker of the duty or a head.
 * Who may is answered before the body is read (404, 403, then 400). */
int
api_duties_done(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	json_t *body = NULL;
	struct duty d;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = api_fail(rq, duty_may_finish(rq->store, &rq->scope, id, &rq->arena, &fail),
			      &fail);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, done_fields);
	if (rc != SB_OK)
		goto out;
	rc = duty_finish(rq->store, &rq->scope, &who, id,
			 json_string_value(json_object_get(body, "summary")), &rq->arena, &d,
			 &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, duty_json(rq, &d));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/reports/day?committee_code=&date=: the duties of a day with what was done. */
int
api_reports_day(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	const char *date = request_query(rq, "date");
	struct day_report report;
	json_t *duties, *by_kind, *workers;
	size_t i;
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc != SB_OK)
		return rc;
	if (date && !ident_date_valid(date))
		return request_fail(rq, SB_BAD_QUERY, "date", "date: a date YYYY-MM-DD",
				    "date：须为日期 YYYY-MM-DD");
	if (date == NULL) {
		char *t = arena_alloc(&rq->arena, 11);

		ident_today(rq->now, t);
		date = t;
	}
	rc = report_day(rq->store, &rq->scope, committee, date, &rq->arena, &report);
	if (rc != SB_OK)
		return rc;
	by_kind = json_object();
	for (i = 0; i < REPORT_DAY_KINDS; i++)
		json_object_set_new(by_kind, report_day_kinds[i],
				    json_pack("{s:i, s:i}", "duties", report.by_kind[i].duties,
					      "done", report.by_kind[i].done));
	duties = json_array();
	for (i = 0; i < report.duties.n; i++)
		json_array_append_new(duties, duty_json(rq, &report.duties.items[i]));
	workers = json_array();
	for (i = 0; i < report.nworkers; i++) {
		const struct day_worker *w = &report.workers[i];

		json_array_append_new(
			workers, json_pack("{s:I, s:s, s:s, s:f, s:i, s:i}", "worker_id",
					   (json_int_t)w->user_id, "username", w->username, "name",
					   w->name, "duty_hours", w->duty_minutes / 60.0,
					   "entries_done", w->entries_done, "visits", w->visits));
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:i, s:i, s:o, s:o, s:o}", "committee_code",
				       committee, "date", date, "duties_total",
				       (int)report.duties.n, "duties_done", report.done, "by_kind",
				       by_kind, "duties", duties, "workers", workers));
}
