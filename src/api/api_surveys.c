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
#include "core/filter.h"
#include "core/ident.h"
#include "http/server.h"
#include "util/crypto.h"
#include "util/table_write.h"

/* Surveys (需求调研问卷, docs/consultation.md): the audience from a register
 * filter, answers by workers or through one-time links, results, export. */

#define SURVEY_MAX_AUDIENCE 50000
#define LINK_DAYS_DEFAULT 14

static int
survey_of(struct request *rq, int64_t *id, struct survey_row *row)
{
	int rc = request_param_id(rq, "id", id);

	if (rc == SB_OK)
		rc = store_survey_row(rq->store, &rq->scope, *id, &rq->arena, row);
	return rc;
}

/* GET /api/v1/surveys?committee_code=&status=open|closed */
int
api_surveys_list(struct request *rq, struct response *rs)
{
	const char *committee, *status = request_query(rq, "status"), *text;
	int64_t cursor;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = ct_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = ct_committee_query(rq, &committee);
	if (rc == SB_OK && status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
		rc = ct_bad(rq, SB_BAD_QUERY, "status", "open or closed", "须为 open 或 closed");
	if (rc == SB_OK)
		rc = store_survey_list(rq->store, &rq->scope, committee, status, cursor, limit + 1,
				       &rq->arena, &text);
	if (rc != SB_OK)
		return rc;
	return ct_page(rq, rs, text, limit);
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

/* The audience's households: the filter, held to the survey's committee. */
static int
audience_of(struct request *rq, json_t *audience, const char *committee, struct filter *f,
	    int64_t **ids, size_t *n)
{
	struct sb_fail fail = {0};
	const char *cursor = NULL, *next = NULL, *c;
	int64_t *page, total, *all = NULL;
	size_t got, cap = 0;
	int rc;

	*n = 0;
	rc = filter_from_json(rq->store, audience, ct_today(rq), &rq->arena, f, &fail);
	if (rc != SB_OK)
		return request_fail(
			rq, rc,
			arena_printf(&rq->arena, "audience.%s", fail.field ? fail.field : ""),
			fail.en, fail.zh);
	c = f->committee_code;
	if (c && strcmp(c, committee) != 0)
		return ct_bad(rq, SB_BAD_FIELD, "audience.committee_code",
			      "must be the survey's committee", "须为问卷所属居委会");
	f->committee_code = committee;
	rc = api_filter_of_committee(rq, f, committee, "audience");
	if (rc != SB_OK)
		return rc;
	for (;;) {
		rc = store_filter_households(rq->store, &rq->scope, f, cursor, 500, &rq->arena,
					     &page, &got, &total, &next);
		if (rc != SB_OK)
			return rc;
		if (total > SURVEY_MAX_AUDIENCE)
			return ct_bad(rq, SB_BAD_FIELD, "audience", "matches too many households",
				      "匹配的户数过多");
		if (all == NULL) {
			cap = (size_t)total + 1;
			all = arena_alloc(&rq->arena, cap * sizeof(*all));
		}
		if (*n + got > cap)
			return SB_INTERNAL;
		if (got)
			memcpy(all + *n, page, got * sizeof(*page));
		*n += got;
		if (next == NULL)
			break;
		cursor = next;
	}
	*ids = all;
	if (*n == 0)
		return ct_bad(rq, SB_BAD_FIELD, "audience", "matches no household", "没有匹配的户");
	return SB_OK;
}

/* POST /api/v1/surveys */
int
api_surveys_create(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	const char *committee, *closes, *json;
	char *questions = NULL, *filter_text = NULL;
	json_t *body = NULL;
	struct filter f;
	int64_t *hh = NULL, id = 0;
	size_t n = 0;
	int rc;

	rc = ct_body(rq, survey_fields, survey_skip, &body);
	if (rc != SB_OK)
		goto out;
	committee = ct_str(body, "committee_code");
	closes = ct_str(body, "closes_on");
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK && closes && !ident_date_valid(closes))
		rc = ct_bad(rq, SB_BAD_FIELD, "closes_on", "a date (YYYY-MM-DD)",
			    "须为日期（YYYY-MM-DD）");
	if (rc == SB_OK) {
		rc = survey_questions_check(json_object_get(body, "questions"), &rq->arena, &fail);
		if (rc != SB_OK)
			rc = api_fail(rq, rc, &fail);
	}
	if (rc == SB_OK)
		rc = audience_of(rq, json_object_get(body, "audience"), committee, &f, &hh, &n);
	if (rc != SB_OK)
		goto out;
	questions = json_dumps(json_object_get(body, "questions"), JSON_COMPACT);
	{
		json_t *fj = filter_to_json(&f);

		filter_text = json_dumps(fj, JSON_COMPACT);
		json_decref(fj);
	}
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_survey_insert(rq->store, committee, ct_str(body, "title"),
				 ct_str(body, "description"), questions, filter_text, closes,
				 rq->user.id, rq->now, &id);
	if (rc == SB_OK)
		rc = store_survey_audience_add(rq->store, id, hh, n);
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "survey", ct_id(rq, id), committee,
			       json_pack("{s:s, s:I}", "title", ct_str(body, "title"), "audience",
					 (json_int_t)n));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_survey_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 201, json);
out:
	free(questions);
	free(filter_text);
	json_decref(body);
	return rc;
}

/* GET /api/v1/surveys/{id} */
int
api_surveys_get(struct request *rq, struct response *rs)
{
	const char *json;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_survey_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc != SB_OK)
		return rc;
	return ct_reply(rs, 200, json);
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
	struct survey_row row;
	const char *status, *closes, *json;
	json_t *body = NULL;
	int64_t id;
	int rc;

	rc = survey_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, survey_patch_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	status = ct_str(body, "status");
	closes = ct_str(body, "closes_on");
	if (status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
		rc = ct_bad(rq, SB_BAD_FIELD, "status", "open or closed", "须为 open 或 closed");
	else if (closes && !ident_date_valid(closes))
		rc = ct_bad(rq, SB_BAD_FIELD, "closes_on", "a date (YYYY-MM-DD)",
			    "须为日期（YYYY-MM-DD）");
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_survey_set_status(rq->store, id, status ? status : row.status, closes);
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "survey", ct_id(rq, id), row.committee_code,
			       json_deep_copy(body));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_survey_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 200, json);
out:
	json_decref(body);
	return rc;
}

/* Checks answers against the survey's questions; BAD_FIELD naming them. */
static int
check_answers(struct request *rq, const struct survey_row *row, json_t *answers)
{
	struct sb_fail fail = {0};
	json_t *q;
	int rc = ct_parse(row->questions, &q);

	if (rc != SB_OK)
		return rc;
	if (answers == NULL)
		rc = ct_bad(rq, SB_BAD_FIELD, "answers", "required", "必填");
	else
		rc = survey_answers_check(q, answers, &rq->arena, &fail);
	json_decref(q);
	if (rc != SB_OK && fail.field)
		return api_fail(rq, rc, &fail);
	return rc;
}

static bool
survey_closed(struct request *rq, const struct survey_row *row)
{
	char today[11];

	ident_today(rq->now, today);
	return strcmp(row->status, "closed") == 0 ||
	       (row->closes_on && strcmp(row->closes_on, today) < 0);
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
	struct survey_row row;
	struct ct_household h;
	json_t *body = NULL, *answers;
	char *text = NULL;
	int64_t id, hh;
	bool in = false;
	int rc;

	rc = survey_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, response_fields, answers_skip, &body);
	if (rc != SB_OK)
		goto out;
	hh = json_integer_value(json_object_get(body, "household_id"));
	answers = json_object_get(body, "answers");
	rc = store_ct_household(rq->store, &rq->scope, hh, &rq->arena, &h);
	if (rc == SB_NOT_FOUND)
		rc = ct_bad(rq, SB_BAD_FIELD, "household_id",
			    "no such household in your jurisdiction", "您的辖区内没有该户");
	if (rc == SB_OK)
		rc = store_survey_in_audience(rq->store, id, hh, &in);
	if (rc == SB_OK && !in)
		rc = ct_bad(rq, SB_BAD_FIELD, "household_id",
			    "this household is not in the survey's audience",
			    "该户不在本问卷的调查对象之内");
	if (rc == SB_OK && survey_closed(rq, &row))
		rc = ct_bad(rq, SB_CONFLICT, "id", "the survey is closed", "问卷已结束");
	if (rc == SB_OK)
		rc = check_answers(rq, &row, answers);
	if (rc != SB_OK)
		goto out;
	text = json_dumps(answers, JSON_COMPACT);
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_survey_response_insert(rq->store, id, hh, "visit", rq->user.id, text, rq->now);
	if (rc == SB_CONFLICT)
		rc = ct_bad(rq, SB_CONFLICT, "household_id", "this household has answered already",
			    "该户已经答过本问卷");
	if (rc == SB_OK)
		rc = api_audit(rq, "respond", "survey", ct_id(rq, id), row.committee_code,
			       json_pack("{s:I, s:s}", "household_id", (json_int_t)hh, "channel",
					 "visit"));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:I, s:I, s:s, s:s}", "survey_id", (json_int_t)id,
					     "household_id", (json_int_t)hh, "channel", "visit",
					     "answered_at", api_time(rq, rq->now)));
out:
	free(text);
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
	struct survey_row row;
	json_t *body = NULL, *items = NULL;
	int64_t id, *hh = NULL, days = LINK_DAYS_DEFAULT;
	size_t n = 0, i;
	bool in;
	int rc;

	rc = survey_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, link_fields, link_skip, &body);
	if (rc == SB_OK)
		rc = ct_ids(rq, json_object_get(body, "household_ids"), "household_ids",
			    SURVEY_MAX_AUDIENCE, &hh, &n);
	if (rc != SB_OK)
		goto out;
	if (json_object_get(body, "days"))
		days = json_integer_value(json_object_get(body, "days"));
	if (days < 1 || days > 90) {
		rc = ct_bad(rq, SB_BAD_FIELD, "days", "a whole number from 1 to 90",
			    "须为 1 至 90 的整数");
		goto out;
	}
	if (survey_closed(rq, &row)) {
		rc = ct_bad(rq, SB_CONFLICT, "id", "the survey is closed", "问卷已结束");
		goto out;
	}
	if (json_object_get(body, "household_ids") == NULL)
		rc = store_survey_unanswered(rq->store, id, &rq->arena, &hh, &n);
	for (i = 0; rc == SB_OK && i < n; i++) {
		rc = store_survey_in_audience(rq->store, id, hh[i], &in);
		if (rc == SB_OK && !in)
			rc = ct_bad(rq, SB_BAD_FIELD, "household_ids",
				    arena_printf(&rq->arena,
						 "household %lld is not in the survey's audience",
						 (long long)hh[i]),
				    arena_printf(&rq->arena, "户 %lld 不在本问卷的调查对象之内",
						 (long long)hh[i]));
	}
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	items = json_array();
	for (i = 0; rc == SB_OK && i < n; i++) {
		char token[SB_TOKEN_CHARS + 1], hash[SB_HASH_HEX];
		int64_t expires = rq->now + days * 86400;

		crypto_token_new(token);
		crypto_token_hash(token, hash);
		rc = store_survey_link_insert(rq->store, hash, id, hh[i], rq->now, expires);
		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s}", "household_id", (json_int_t)hh[i],
					 "token", token, "path",
					 arena_printf(&rq->arena, "/api/v1/survey-links/%s", token),
					 "expires_at", api_time(rq, expires)));
		crypto_wipe(token);
	}
	if (rc == SB_OK)
		rc = api_audit(
			rq, "links", "survey", ct_id(rq, id), row.committee_code,
			json_pack("{s:I, s:I}", "links", (json_int_t)n, "days", (json_int_t)days));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK) {
		rc = response_json(rs, 201, json_pack("{s:o}", "items", items));
		items = NULL;
	}
out:
	json_decref(items);
	json_decref(body);
	return rc;
}

/* The link behind a token, usable now; CONFLICT (named "token") when used,
 * expired or its survey closed; NOT_FOUND when unknown. */
static int
link_of(struct request *rq, struct survey_link *l, struct survey_row *row)
{
	const char *token = request_param(rq, "token");
	char hash[SB_HASH_HEX];
	int rc;

	if (token == NULL || strlen(token) != SB_TOKEN_CHARS)
		rc = SB_NOT_FOUND;
	else {
		crypto_token_hash(token, hash);
		rc = store_survey_link_get(rq->store, hash, l);
	}
	if (rc == SB_NOT_FOUND) {
		api_public_fail(rq); /* issue 17: guesses are limited per address */
		return ct_bad(rq, rc, "token", "no such survey link", "没有该问卷链接");
	}
	if (rc != SB_OK)
		return rc;
	if (l->used_at)
		return ct_bad(rq, SB_CONFLICT, "token",
			      "this link has been used; each link works once",
			      "该问卷链接已使用，每个链接只能使用一次");
	if (l->expires_at <= rq->now)
		return ct_bad(rq, SB_CONFLICT, "token", "this link has expired",
			      "该问卷链接已过期");
	rc = store_survey_row_public(rq->store, l->survey_id, &rq->arena, row);
	if (rc == SB_OK && survey_closed(rq, row))
		return ct_bad(rq, SB_CONFLICT, "token", "the survey is closed", "问卷已结束");
	return rc;
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
		rc = ct_parse(row.questions, &q);
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
	struct survey_link l;
	struct survey_row row;
	json_t *body = NULL;
	char *text = NULL, hash[SB_HASH_HEX];
	int rc;

	rc = api_public_throttle(rq, rs);
	if (rc == SB_OK)
		rc = link_of(rq, &l, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, link_answer_fields, answers_skip, &body);
	if (rc == SB_OK)
		rc = check_answers(rq, &row, json_object_get(body, "answers"));
	if (rc != SB_OK)
		goto out;
	text = json_dumps(json_object_get(body, "answers"), JSON_COMPACT);
	crypto_token_hash(request_param(rq, "token"), hash);
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_survey_link_use(rq->store, hash, rq->now);
	if (rc == SB_OK)
		rc = store_survey_response_insert(rq->store, l.survey_id, l.household_id, "link", 0,
						  text, rq->now);
	if (rc == SB_CONFLICT)
		rc = ct_bad(rq, SB_CONFLICT, "token", "this household has answered already",
			    "该户已经答过本问卷");
	if (rc == SB_OK)
		rc = api_audit(rq, "respond", "survey", ct_id(rq, l.survey_id), row.committee_code,
			       json_pack("{s:I, s:s}", "household_id", (json_int_t)l.household_id,
					 "channel", "link"));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = response_json(rs, 201, json_pack("{s:b}", "recorded", 1));
out:
	free(text);
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

	rc = survey_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = store_survey_responses(rq->store, id, &rq->arena, &rl);
	if (rc == SB_OK)
		rc = store_survey_audience_by_compound(rq->store, id, &rq->arena, &comp, &nc);
	if (rc == SB_OK)
		rc = ct_parse(row.questions, &questions);
	if (rc != SB_OK)
		return rc;
	parsed = calloc(rl.n + 1, sizeof(*parsed));
	for (i = 0; i < rl.n; i++)
		if (ct_parse(rl.items[i].answers, &parsed[i]) != SB_OK)
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
		return ct_bad(rq, SB_BAD_QUERY, "format", "csv or xlsx", "须为 csv 或 xlsx");
	xlsx = strcmp(format, "xlsx") == 0;
	rc = survey_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = store_survey_responses(rq->store, id, &rq->arena, &rl);
	if (rc == SB_OK)
		rc = ct_parse(row.questions, &questions);
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
		if (ct_parse(r->answers, &a) != SB_OK)
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
	if (rc == SB_OK) {
		rc = store_begin(rq->store);
		if (rc == SB_OK)
			rc = api_audit(rq, "export", "survey", ct_id(rq, id), row.committee_code,
				       json_pack("{s:s, s:I}", "format", format, "rows",
						 (json_int_t)rl.n));
		rc = ct_finish(rq, rc);
	}
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
	struct survey_row row;
	const char *text;
	json_t *items;
	int64_t id;
	int rc = survey_of(rq, &id, &row);

	if (rc == SB_OK)
		rc = store_survey_audience_places(rq->store, id, &rq->arena, &text);
	if (rc == SB_OK)
		rc = ct_parse(text, &items);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/households/{id}/surveys: the open surveys the household is in
 * the audience of, with their questions and whether it has answered (the
 * worker records the answers at the door, from the household page). */
int
api_household_surveys(struct request *rq, struct response *rs)
{
	struct ct_household h;
	const char *text;
	json_t *items;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_ct_household(rq->store, &rq->scope, id, &rq->arena, &h);
	if (rc == SB_OK)
		rc = store_household_surveys(rq->store, &rq->scope, id, ct_today(rq), &rq->arena,
					     &text);
	if (rc == SB_OK)
		rc = ct_parse(text, &items);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, api_page(items, NULL));
}
