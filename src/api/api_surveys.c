#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/consult.h"
#include "core/consult.h"
#include "core/surveys.h"
#include "http/server.h"
#include "util/crypto.h"
#include "util/table_write.h"

/* Surveys (需求调研问卷, docs/consultation.md): the audience from a register
 * filter, answers by workers or through one-time links, results, export.
 * A handler parses, calls core/surveys.h (rules, transaction, audit) and
 * renders.  Where it reads the survey (survey_find) before parsing its body,
 * that is the order the API answers in: 404 before 400. */

/* JSON text from the store (questions, a filter) as a value; null when
 * there is none. */
static json_t *
stored_json(const char *text)
{
	json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;

	return v ? v : json_null();
}

/* A survey as the API shows it. */
static json_t *
survey_json(struct request *rq, const struct survey *s)
{
	return json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s?, s:o, s:o, s:I, s:I, s:s}", "id",
			 (json_int_t)s->id, "committee_code", s->committee_code, "title", s->title,
			 "description", s->description, "status", s->status, "closes_on",
			 s->closes_on, "questions", stored_json(s->questions), "audience_filter",
			 stored_json(s->audience_filter), "audience", (json_int_t)s->audience,
			 "responses", (json_int_t)s->responses, "created_at",
			 api_time(rq, s->created_at));
}

static int
survey_of(struct request *rq, int64_t *id, struct survey_row *row)
{
	int rc = request_param_id(rq, "id", id);

	if (rc == SB_OK)
		rc = survey_find(rq->store, &rq->scope, *id, &rq->arena, row);
	return rc;
}

/* GET /api/v1/surveys?committee_code=&status=open|closed */
int
api_surveys_list(struct request *rq, struct response *rs)
{
	const char *committee, *status = request_query(rq, "status");
	struct sb_fail fail = {0};
	struct survey_list l;
	json_t *items;
	size_t i;
	int64_t cursor;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = consult_query_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = consult_query_committee(rq, &committee);
	if (rc != SB_OK)
		return rc;
	rc = survey_list(rq->store, &rq->scope, committee, status, cursor, limit + 1, &rq->arena,
			 &l, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	items = json_array();
	for (i = 0; i < l.n && i < (size_t)limit; i++)
		json_array_append_new(items, survey_json(rq, &l.items[i]));
	return response_json(
		rs, 200,
		api_page(items, l.n > (size_t)limit ? arena_printf(&rq->arena, "%lld",
								   (long long)l.items[limit - 1].id)
						    : NULL));
}

static const struct jfield survey_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"title", JF_STRING, true, 1, 200, false},
	{"description", JF_TEXT, false, 0, 2000, true},
	{"questions", JF_OBJECT, true, 0, 0, false},
	{"audience", JF_OBJECT, true, 0, 0, false},
	{"closes_on", JF_STRING, false, 10, 10, true},
	{NULL},
};
static const char *const survey_skip[] = {"questions", NULL};

/* POST /api/v1/surveys */
int
api_surveys_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct survey_draft d = {0};
	struct sb_fail fail = {0};
	struct survey s;
	json_t *body = NULL;
	int rc;

	rc = consult_body(rq, survey_fields, survey_skip, &body);
	if (rc != SB_OK)
		goto out;
	d.committee_code = consult_member_text(body, "committee_code");
	rc = api_committee_in_scope(rq, d.committee_code, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	d.title = consult_member_text(body, "title");
	d.description = consult_member_text(body, "description");
	d.closes_on = consult_member_text(body, "closes_on");
	d.questions = json_object_get(body, "questions");
	d.audience = json_object_get(body, "audience");
	rc = survey_create(rq->store, &rq->scope, &who, &d, &rq->arena, &s, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, survey_json(rq, &s));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/surveys/{id} */
int
api_surveys_get(struct request *rq, struct response *rs)
{
	struct survey s;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = survey_get(rq->store, &rq->scope, id, &rq->arena, &s);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, survey_json(rq, &s));
}

static const struct jfield survey_patch_fields[] = {
	{"status", JF_STRING, false, 4, 6, false},
	{"closes_on", JF_STRING, false, 10, 10, false},
	{NULL},
};

/* PATCH /api/v1/surveys/{id}: close (or reopen) a survey. */
int
api_surveys_update(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct survey_row row;
	struct survey s;
	json_t *body = NULL;
	int64_t id;
	int rc;

	rc = survey_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = consult_body(rq, survey_patch_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	rc = survey_update(rq->store, &rq->scope, &who, &row, consult_member_text(body, "status"),
			   consult_member_text(body, "closes_on"), &rq->arena, &s, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, survey_json(rq, &s));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

static const struct jfield response_fields[] = {
	{"household_id", JF_INT, true, 0, 0, false},
	{"answers", JF_OBJECT, true, 0, 0, false},
	{NULL},
};
static const char *const answers_skip[] = {"answers", NULL};

/* POST /api/v1/surveys/{id}/responses: a worker records a household's answers. */
int
api_surveys_respond(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct survey_row row;
	json_t *body = NULL;
	int64_t id, household = 0;
	int rc;

	rc = survey_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = consult_body(rq, response_fields, answers_skip, &body);
	if (rc != SB_OK)
		goto out;
	household = json_integer_value(json_object_get(body, "household_id"));
	rc = survey_respond(rq->store, &rq->scope, &who, &row, household,
			    json_object_get(body, "answers"), &rq->arena, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:I, s:I, s:s, s:s}", "survey_id", (json_int_t)id,
					     "household_id", (json_int_t)household, "channel",
					     "visit", "answered_at", api_time(rq, rq->now)));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

static const struct jfield link_fields[] = {
	{"household_ids", JF_OBJECT, false, 0, 0, false},
	{"days", JF_INT, false, 0, 0, false},
	{NULL},
};
static const char *const link_skip[] = {"household_ids", NULL};

/* POST /api/v1/surveys/{id}/links: one-time answer links, one per household
 * (those named, or every household of the audience that has not answered). */
int
api_surveys_links(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct survey_new_link *links = NULL;
	struct sb_fail fail = {0};
	struct survey_row row;
	json_t *body = NULL, *items;
	int64_t id, *households = NULL, days = SURVEY_LINK_DAYS_DEFAULT;
	size_t n = 0, nlinks = 0, i;
	int rc;

	rc = survey_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = consult_body(rq, link_fields, link_skip, &body);
	if (rc == SB_OK)
		rc = consult_ids(rq, json_object_get(body, "household_ids"), "household_ids",
				 SURVEY_MAX_AUDIENCE, &households, &n);
	if (rc != SB_OK)
		goto out;
	if (json_object_get(body, "days"))
		days = json_integer_value(json_object_get(body, "days"));
	rc = survey_links_create(rq->store, &who, &row,
				 json_object_get(body, "household_ids") ? households : NULL, n,
				 days, &rq->arena, &links, &nlinks, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	items = json_array();
	for (i = 0; i < nlinks; i++)
		json_array_append_new(items,
				      json_pack("{s:I, s:s, s:s, s:s}", "household_id",
						(json_int_t)links[i].household_id, "token",
						links[i].token, "path",
						arena_printf(&rq->arena, "/api/v1/survey-links/%s",
							     links[i].token),
						"expires_at", api_time(rq, links[i].expires_at)));
	rc = response_json(rs, 201, json_pack("{s:o}", "items", items));
out:
	for (i = 0; i < nlinks; i++)
		crypto_wipe(links[i].token); /* the secrets are in the body sent, not kept */
	json_decref(body);
	return rc;
}

/* The link behind the request's token, usable now (core/surveys.h); an
 * unknown token counts against the caller's address (issue 17). */
static int
link_of(struct request *rq, struct survey_link *l, struct survey_row *row)
{
	struct sb_fail fail = {0};
	int rc = survey_link_open(rq->store, request_param(rq, "token"), rq->now, &rq->arena, l,
				  row, &fail);

	if (rc == SB_NOT_FOUND && fail.field)
		api_public_fail(rq); /* issue 17: guesses are limited per address */
	return api_fail(rq, rc, &fail);
}

/* GET /api/v1/survey-links/{token}: the questions, nothing personal. */
int
api_survey_links_get(struct request *rq, struct response *rs)
{
	struct survey_link l;
	struct survey_row row;
	json_t *q;
	int rc = api_public_throttle(rq, rs);

	if (rc == SB_OK)
		rc = link_of(rq, &l, &row);

	if (rc == SB_OK)
		rc = consult_json_parse(row.questions, &q);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:s, s:s?, s:s?, s:o}", "title", row.title, "description",
				       row.description, "closes_on", row.closes_on, "questions",
				       q));
}

static const struct jfield link_answer_fields[] = {
	{"answers", JF_OBJECT, true, 0, 0, false},
	{NULL},
};

/* POST /api/v1/survey-links/{token}: the household's answers, once. */
int
api_survey_links_post(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct survey_link l;
	struct survey_row row;
	json_t *body = NULL;
	int rc;

	rc = api_public_throttle(rq, rs);
	if (rc == SB_OK)
		rc = link_of(rq, &l, &row);
	if (rc == SB_OK)
		rc = consult_body(rq, link_answer_fields, answers_skip, &body);
	if (rc != SB_OK)
		goto out;
	rc = survey_link_answer(rq->store, &who, request_param(rq, "token"), &l, &row,
				json_object_get(body, "answers"), &rq->arena, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, json_pack("{s:b}", "recorded", 1));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

static json_t *
rate(int64_t responses, int64_t audience)
{
	return json_real(audience ? round((double)responses * 10000 / (double)audience) / 10000
				  : 0);
}

/* The aggregates of every question over the responses for which keep holds
 * (compound 0: all). */
static json_t *
aggregate(json_t *questions, const struct survey_response_list *rl, json_t **parsed,
	  int64_t compound, int64_t *count, bool texts)
{
	struct survey_agg *agg;
	size_t nq = json_array_size(questions), i, k;
	json_t *out = json_array(), *q;

	agg = calloc(nq ? nq : 1, sizeof(*agg));
	json_array_foreach (questions, k, q) {
		survey_agg_init(&agg[k], q);
	}
	*count = 0;
	for (i = 0; i < rl->n; i++) {
		if (compound && rl->items[i].compound_id != compound)
			continue;
		(*count)++;
		json_array_foreach (questions, k, q) {
			survey_agg_add(&agg[k], q, json_array_get(parsed[i], k));
		}
	}
	json_array_foreach (questions, k, q) {
		json_t *o = survey_agg_json(&agg[k], q);

		json_object_set_new(o, "index", json_integer((json_int_t)k));
		json_object_set(o, "kind", json_object_get(q, "kind"));
		json_object_set(o, "text", json_object_get(q, "text"));
		if (texts && agg[k].kind == SQ_TEXT) {
			json_t *a = json_array();

			for (i = 0; i < rl->n && json_array_size(a) < 500; i++) {
				json_t *v = json_array_get(parsed[i], k);

				if (json_is_string(v) && json_string_length(v))
					json_array_append(a, v);
			}
			json_object_set_new(o, "texts", a);
		}
		json_array_append_new(out, o);
	}
	free(agg);
	return out;
}

/* GET /api/v1/surveys/{id}/results */
int
api_surveys_results(struct request *rq, struct response *rs)
{
	struct survey_response_list rl;
	struct survey_compound *comp;
	struct survey_row row;
	json_t *questions = NULL, **parsed = NULL, *by, *out;
	int64_t id, audience = 0, count;
	size_t nc, i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = survey_responses(rq->store, &rq->scope, id, &rq->arena, &row, &rl, &comp, &nc);
	if (rc == SB_OK)
		rc = consult_json_parse(row.questions, &questions);
	if (rc != SB_OK)
		return rc;
	parsed = calloc(rl.n + 1, sizeof(*parsed));
	for (i = 0; i < rl.n; i++)
		if (consult_json_parse(rl.items[i].answers, &parsed[i]) != SB_OK)
			parsed[i] = json_array();
	for (i = 0; i < nc; i++)
		audience += comp[i].audience;
	out = json_pack("{s:I, s:s, s:s, s:I, s:I, s:o}", "survey_id", (json_int_t)id, "title",
			row.title, "status", row.status, "audience", (json_int_t)audience,
			"responses", (json_int_t)rl.n, "response_rate",
			rate((int64_t)rl.n, audience));
	json_object_set_new(out, "questions", aggregate(questions, &rl, parsed, 0, &count, true));
	by = json_array();
	for (i = 0; i < nc; i++) {
		json_t *qs = aggregate(questions, &rl, parsed, comp[i].compound_id, &count, false);

		json_array_append_new(
			by, json_pack("{s:I, s:s, s:I, s:I, s:o, s:o}", "compound_id",
				      (json_int_t)comp[i].compound_id, "compound_name",
				      comp[i].name, "audience", (json_int_t)comp[i].audience,
				      "responses", (json_int_t)count, "response_rate",
				      rate(count, comp[i].audience), "questions", qs));
	}
	json_object_set_new(out, "by_compound", by);
	for (i = 0; i < rl.n; i++)
		json_decref(parsed[i]);
	free(parsed);
	json_decref(questions);
	return response_json(rs, 200, out);
}

/* An answer as a spreadsheet cell. */
static const char *
cell(struct request *rq, json_t *v)
{
	if (v == NULL || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(&rq->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(&rq->arena, "%g", json_real_value(v));
	if (json_is_array(v)) {
		const char *s = "";
		size_t i;
		json_t *x;

		json_array_foreach (v, i, x) {
			s = arena_printf(&rq->arena, "%s%s%s", s, i ? "、" : "",
					 json_string_value(x) ? json_string_value(x) : "");
		}
		return s;
	}
	return "";
}

#define EXPORT_FIXED 6

/* GET /api/v1/surveys/{id}/export?format=xlsx|csv: one row per response. */
int
api_surveys_export(struct request *rq, struct response *rs)
{
	static const char *const fixed[EXPORT_FIXED] = {"小区", "楼",	  "室",
							"方式", "记录人", "时间"};
	const char *format = request_query(rq, "format");
	struct actor who = api_actor(rq);
	struct survey_response_list rl;
	struct table_writer *w = NULL;
	struct survey_row row;
	json_t *questions = NULL;
	const char **headers, **cells;
	size_t nq, ncols, i, k;
	int64_t id;
	bool xlsx;
	int fd = -1, rc;

	if (format == NULL)
		format = "xlsx";
	if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
		return request_refuse(rq, SB_BAD_QUERY, "format", "csv or xlsx",
				      "须为 csv 或 xlsx");
	xlsx = strcmp(format, "xlsx") == 0;
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = survey_responses(rq->store, &rq->scope, id, &rq->arena, &row, &rl, NULL, NULL);
	if (rc == SB_OK)
		rc = consult_json_parse(row.questions, &questions);
	if (rc != SB_OK)
		return rc;
	nq = json_array_size(questions);
	ncols = EXPORT_FIXED + nq;
	headers = arena_alloc(&rq->arena, ncols * sizeof(*headers));
	cells = arena_alloc(&rq->arena, ncols * sizeof(*cells));
	for (k = 0; k < EXPORT_FIXED; k++)
		headers[k] = fixed[k];
	for (k = 0; k < nq; k++)
		headers[EXPORT_FIXED + k] = arena_printf(
			&rq->arena, "%zu. %s", k + 1,
			json_string_value(json_object_get(json_array_get(questions, k), "text")));
	rc = table_writer_open_anon(xlsx ? TABLE_WRITE_XLSX : TABLE_WRITE_CSV,
				    server_tmp_dir(rq->srv), "问卷", headers, ncols, &w);
	for (i = 0; rc == SB_OK && i < rl.n; i++) {
		const struct survey_response *r = &rl.items[i];
		json_t *a = NULL;

		cells[0] = r->compound_name;
		cells[1] = r->building_label;
		cells[2] = r->room;
		cells[3] = strcmp(r->channel, "link") == 0 ? "链接" : "走访";
		cells[4] = r->worker ? r->worker : "";
		cells[5] = api_time(rq, r->answered_at);
		if (consult_json_parse(r->answers, &a) != SB_OK)
			a = json_array();
		for (k = 0; k < nq; k++)
			cells[EXPORT_FIXED + k] = cell(rq, json_array_get(a, k));
		rc = table_writer_row(w, cells);
		json_decref(a);
	}
	if (w) {
		int crc = table_writer_close_fd(
			w, rq->user.username,
			arena_printf(&rq->arena, "%s · 导出人 %s · 共 %zu 份", row.title,
				     api_person_name(&rq->user), rl.n),
			&fd);

		if (rc == SB_OK)
			rc = crc;
	}
	json_decref(questions);
	if (rc == SB_OK)
		rc = survey_exported(rq->store, &who, &row, format, rl.n);
	if (rc != SB_OK) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	return api_serve_file(rq, rs, fd, api_export_type(xlsx),
			      arena_printf(&rq->arena, "attachment; filename=\"survey-%lld.%s\"",
					   (long long)id, format));
}

/* GET /api/v1/surveys/{id}/audience: the audience's households with their
 * addresses and whether each has answered, in address order (issue 17: the
 * QR sheet per building, the door). */
int
api_surveys_audience(struct request *rq, struct response *rs)
{
	struct survey_place *places;
	json_t *items;
	int64_t id;
	size_t n, i;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = survey_audience(rq->store, &rq->scope, id, &rq->arena, &places, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items,
				      json_pack("{s:I, s:I, s:s?, s:I, s:s?, s:s?, s:b}",
						"household_id", (json_int_t)places[i].household_id,
						"compound_id", (json_int_t)places[i].compound_id,
						"compound_name", places[i].compound_name,
						"building_id", (json_int_t)places[i].building_id,
						"building_label", places[i].building_label, "room",
						places[i].room, "answered", places[i].answered));
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/households/{id}/surveys: the open surveys the household is in
 * the audience of, with their questions and whether it has answered (the
 * worker records the answers at the door, from the household page). */
int
api_household_surveys(struct request *rq, struct response *rs)
{
	struct household_survey *surveys;
	json_t *items;
	int64_t id;
	size_t n, i;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = survey_of_household(rq->store, &rq->scope, id, rq->now, &rq->arena, &surveys,
					 &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s?, s:s?, s:o, s:b}", "id",
						       (json_int_t)surveys[i].id, "title",
						       surveys[i].title, "description",
						       surveys[i].description, "closes_on",
						       surveys[i].closes_on, "questions",
						       stored_json(surveys[i].questions),
						       "answered", surveys[i].answered));
	return response_json(rs, 200, api_page(items, NULL));
}
