#include <string.h>

#include "api/projects.h"
#include "core/projects.h"
#include "store/projects.h"
#include "util/clock.h"

/* Projects (议事项目, docs/consultation.md, "Projects"): the project's own
 * fields, its six stages with dates and owners, the signing tracker per
 * building, and linked surveys.  Created and linked to issues in
 * api_meetings.c; this file holds the rest. */

static int
threshold_of(struct request *rq, json_t *t, int *num, int *den)
{
	json_t *n, *d;

	*num = *den = 0;
	if (t == NULL || json_is_null(t))
		return SB_OK;
	n = json_object_get(t, "numerator");
	d = json_object_get(t, "denominator");
	if (!json_is_object(t) || json_object_size(t) != 2 || !json_is_integer(n) ||
	    !json_is_integer(d) || json_integer_value(d) < 1 || json_integer_value(d) > 100 ||
	    json_integer_value(n) < 1 || json_integer_value(n) > json_integer_value(d))
		return ct_bad(rq, SB_BAD_FIELD, "signing_threshold",
			      "{numerator, denominator}: whole numbers, 1 ≤ numerator ≤ "
			      "denominator ≤ 100",
			      "须为 {numerator, denominator}：整数，1 ≤ 分子 ≤ 分母 ≤ 100");
	*num = (int)json_integer_value(n);
	*den = (int)json_integer_value(d);
	return SB_OK;
}

int
api_project_extras_check(struct request *rq, json_t *body, const char *committee)
{
	int64_t *ids;
	size_t n;
	int num, den;
	int rc = threshold_of(rq, json_object_get(body, "signing_threshold"), &num, &den);

	if (rc == SB_OK)
		rc = ct_ids(rq, json_object_get(body, "building_ids"), "building_ids", 200, &ids,
			    &n);
	if (rc == SB_OK)
		rc = api_ids_of_committee(rq, "building", committee, "building_ids", ids, n);
	return rc;
}

int
api_project_extras_write(struct request *rq, json_t *body, int64_t id, bool creating)
{
	struct project_fields f;
	json_t *v;
	int64_t *ids;
	size_t n;
	int rc = SB_OK;

	if (creating)
		rc = store_pj_stages_init(rq->store, id);
	if (rc == SB_OK)
		rc = store_pj_fields(rq->store, id, &rq->arena, &f);
	if (rc != SB_OK)
		return rc;
	if ((v = json_object_get(body, "name")) != NULL)
		f.name = json_string_value(v);
	if ((v = json_object_get(body, "description")) != NULL)
		f.description = json_string_value(v);
	if ((v = json_object_get(body, "funding_source")) != NULL)
		f.funding_source = json_string_value(v);
	if ((v = json_object_get(body, "signing_threshold")) != NULL)
		rc = threshold_of(rq, v, &f.sign_num, &f.sign_den);
	if (rc == SB_OK)
		rc = store_pj_update(rq->store, id, &f);
	if (rc == SB_OK && (v = json_object_get(body, "building_ids")) != NULL) {
		rc = ct_ids(rq, v, "building_ids", 200, &ids, &n);
		if (rc == SB_OK)
			rc = store_pj_buildings_set(rq->store, id, ids, n);
	}
	return rc;
}

static const struct jfield update_fields[] = {
	{"name", JF_STRING, false, 1, 200, false},
	{"description", JF_TEXT, false, 0, 2000, true},
	{"funding_source", JF_STRING, false, 0, 200, true},
	{"signing_threshold", JF_OBJECT, false, 0, 0, true},
	{"building_ids", JF_OBJECT, false, 0, 0, false},
	{NULL},
};
static const char *const update_skip[] = {"signing_threshold", "building_ids", NULL};

/* Answers the project (status) after a write. */
static int
reply_project(struct request *rq, struct response *rs, int64_t id, int status)
{
	const char *json;
	int rc = store_project_json(rq->store, &rq->scope, id, &rq->arena, &json);

	if (rc != SB_OK)
		return rc;
	return ct_reply(rs, status, json);
}

/* PATCH /api/v1/projects/{id}: name, description, funding source, the
 * signing threshold and buildings. */
int
api_projects_update(struct request *rq, struct response *rs)
{
	const char *committee;
	json_t *body = NULL;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_project_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = ct_body(rq, update_fields, update_skip, &body);
	if (rc == SB_OK && json_object_size(body) == 0)
		rc = ct_bad(rq, SB_BAD_FIELD, "name", "nothing to change", "没有要修改的内容");
	if (rc == SB_OK)
		rc = api_project_extras_check(rq, body, committee);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = api_project_extras_write(rq, body, id, false);
	if (rc == SB_CONFLICT)
		rc = ct_bad(rq, rc, "name", "the committee has a project of that name",
			    "本居委会已有同名项目");
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "project", ct_id(rq, id), committee,
			       json_deep_copy(body));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = reply_project(rq, rs, id, 200);
out:
	json_decref(body);
	return rc;
}

static const struct jfield stage_fields[] = {
	{"stage", JF_STRING, true, 1, 20, false},
	{"planned_start", JF_STRING, false, 10, 10, true},
	{"planned_end", JF_STRING, false, 10, 10, true},
	{"actual_start", JF_STRING, false, 10, 10, true},
	{"actual_end", JF_STRING, false, 10, 10, true},
	{"owner_id", JF_INT, false, 0, 0, true},
	{"note", JF_TEXT, false, 0, 500, true},
	{NULL},
};

/* A date member: absent leaves *slot, null clears it. */
static int
date_member(struct request *rq, json_t *body, const char *name, const char **slot)
{
	json_t *v = json_object_get(body, name);

	if (v == NULL)
		return SB_OK;
	if (json_is_null(v)) {
		*slot = NULL;
		return SB_OK;
	}
	if (!clock_date_valid(json_string_value(v)))
		return ct_bad(rq, SB_BAD_FIELD, name, "a date (YYYY-MM-DD)",
			      "须为日期（YYYY-MM-DD）");
	*slot = json_string_value(v);
	return SB_OK;
}

static const char *const stage_zh[PROJECT_STAGES] = {"提出", "调研", "议事",
						     "表决", "实施", "验收"};

/* PATCH /api/v1/projects/{id}/stages: one stage's planned and actual dates,
 * owner and note.  Stages run in order (docs/consultation.md). */
int
api_projects_stage(struct request *rq, struct response *rs)
{
	struct project_stage_row rows[PROJECT_STAGES], *row;
	struct project_stage_dates d[PROJECT_STAGES];
	const char *committee, *field;
	json_t *body = NULL, *v;
	int64_t id;
	int rc, seq, bad_seq, i;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_project_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = ct_body(rq, stage_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	seq = project_stage_seq(ct_str(body, "stage"));
	if (seq == 0) {
		rc = ct_bad(rq, SB_BAD_FIELD, "stage",
			    "proposal, research, deliberation, vote, implementation or acceptance",
			    "须为 proposal、research、deliberation、vote、implementation 或 "
			    "acceptance");
		goto out;
	}
	rc = store_pj_stages(rq->store, id, &rq->arena, rows);
	if (rc != SB_OK)
		goto out;
	row = &rows[seq - 1];
	rc = date_member(rq, body, "planned_start", &row->d.planned_start);
	if (rc == SB_OK)
		rc = date_member(rq, body, "planned_end", &row->d.planned_end);
	if (rc == SB_OK)
		rc = date_member(rq, body, "actual_start", &row->d.actual_start);
	if (rc == SB_OK)
		rc = date_member(rq, body, "actual_end", &row->d.actual_end);
	if (rc == SB_OK && (v = json_object_get(body, "owner_id")) != NULL) {
		row->owner_id = json_is_null(v) ? 0 : json_integer_value(v);
		if (row->owner_id)
			rc = api_worker_of_committee(rq, committee, "owner_id", row->owner_id,
						     true);
	}
	if (rc == SB_OK && (v = json_object_get(body, "note")) != NULL)
		row->note = json_is_null(v) ? NULL : json_string_value(v);
	if (rc != SB_OK)
		goto out;
	for (i = 0; i < PROJECT_STAGES; i++)
		d[i] = rows[i].d;
	rc = project_stages_check(d, &bad_seq, &field);
	if (rc == SB_BAD_FIELD) {
		rc = ct_bad(
			rq, rc, field,
			arena_printf(&rq->arena, "stage %s: an end before its start (or no start)",
				     project_stage_codes[bad_seq - 1]),
			arena_printf(&rq->arena, "%s阶段：结束日期早于开始日期（或没有开始日期）",
				     stage_zh[bad_seq - 1]));
		goto out;
	}
	if (rc == SB_CONFLICT) {
		rc = ct_bad(rq, rc, field,
			    arena_printf(&rq->arena,
					 "stage %s cannot start before stage %s has ended",
					 project_stage_codes[bad_seq - 1],
					 project_stage_codes[bad_seq - 2]),
			    arena_printf(&rq->arena, "%s阶段须在%s阶段结束后才能开始",
					 stage_zh[bad_seq - 1], stage_zh[bad_seq - 2]));
		goto out;
	}
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_pj_stage_put(rq->store, id, seq, row, rq->now);
	if (rc == SB_OK)
		rc = api_audit(rq, "stage", "project", ct_id(rq, id), committee,
			       json_deep_copy(body));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = reply_project(rq, rs, id, 200);
out:
	json_decref(body);
	return rc;
}

/* The tracker with each building's share and whether it reached the
 * threshold (core/projects.c). */
static int
signing_reply(struct request *rq, struct response *rs, int64_t id)
{
	const char *text;
	json_t *j, *th, *b;
	size_t i;
	int num = 0, den = 0;
	int rc = store_pj_signing_json(rq->store, id, &rq->arena, &text);

	if (rc == SB_OK)
		rc = ct_parse(text, &j);
	if (rc != SB_OK)
		return rc;
	th = json_object_get(j, "threshold");
	if (json_is_object(th)) {
		num = (int)json_integer_value(json_object_get(th, "numerator"));
		den = (int)json_integer_value(json_object_get(th, "denominator"));
	}
	json_array_foreach (json_object_get(j, "buildings"), i, b) {
		json_int_t all = json_integer_value(json_object_get(b, "households"));
		json_int_t yes = json_integer_value(json_object_get(b, "signed"));

		json_object_set_new(b, "share",
				    all ? json_real((double)yes / (double)all) : json_null());
		json_object_set_new(b, "reached",
				    json_boolean(project_sign_reached(yes, all, num, den)));
	}
	return response_json(rs, 200, j);
}

/* GET /api/v1/projects/{id}/signing */
int
api_projects_signing(struct request *rq, struct response *rs)
{
	const char *committee;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_project_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc != SB_OK)
		return rc;
	return signing_reply(rq, rs, id);
}

static const struct jfield sign_fields[] = {
	{"household_id", JF_INT, true, 0, 0, false},
	{"signed", JF_BOOL, true, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/projects/{id}/signatures: a worker ticks (or unticks) a
 * household that signed.  Answers the tracker. */
int
api_projects_sign(struct request *rq, struct response *rs)
{
	const char *committee;
	json_t *body = NULL;
	int64_t id, household;
	bool ok = false, sign, changed = false;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_project_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = ct_body(rq, sign_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	household = json_integer_value(json_object_get(body, "household_id"));
	sign = json_is_true(json_object_get(body, "signed"));
	rc = household > 0 ? store_pj_sign_household(rq->store, id, household, &ok) : SB_OK;
	if (rc == SB_OK && !ok)
		rc = ct_bad(rq, SB_BAD_FIELD, "household_id",
			    "not an active household of the project's buildings",
			    "不是项目所含楼栋的在册住户");
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_pj_sign(rq->store, id, household, sign, rq->user.id, rq->now, &changed);
	if (rc == SB_OK && changed)
		rc = api_audit(rq, sign ? "sign" : "unsign", "project", ct_id(rq, id), committee,
			       json_pack("{s:I}", "household_id", (json_int_t)household));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = signing_reply(rq, rs, id);
out:
	json_decref(body);
	return rc;
}

static const struct jfield survey_fields[] = {
	{"survey_id", JF_INT, true, 0, 0, false},
	{NULL},
};

/* POST /api/v1/projects/{id}/surveys: links a survey of the same committee
 * (the project's 调研), shown on its timeline. */
int
api_projects_link_survey(struct request *rq, struct response *rs)
{
	const char *committee;
	json_t *body = NULL;
	int64_t id, survey;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_project_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = ct_body(rq, survey_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	survey = json_integer_value(json_object_get(body, "survey_id"));
	rc = api_id_of_committee(rq, "survey", committee, "survey_id", survey);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_pj_survey_link(rq->store, id, survey, rq->now);
	if (rc == SB_OK)
		rc = api_audit(rq, "link_survey", "project", ct_id(rq, id), committee,
			       json_pack("{s:I}", "survey_id", (json_int_t)survey));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = reply_project(rq, rs, id, 200);
out:
	json_decref(body);
	return rc;
}
