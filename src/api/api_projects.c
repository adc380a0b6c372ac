#include <string.h>

#include "api/consult.h"
#include "core/projects.h"
#include "util/clock.h"

/* Projects (议事项目, docs/consultation.md, "Projects"): the project's own
 * fields, its six stages with dates and owners, the signing tracker per
 * building, linked issues and surveys, its timeline.  Each handler checks
 * the wire format, calls core/projects.c and renders; one of a project's
 * path finds the project first (project_find: 404 out of scope, whatever
 * the body), as api_meetings.c does. */

static const struct jfield project_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"name", JF_STRING, true, 1, 200, false},
	{"description", JF_TEXT, false, 0, 2000, true},
	{"funding_source", JF_STRING, false, 0, 200, true},
	{"signing_threshold", JF_OBJECT, false, 0, 0, true},
	{"building_ids", JF_OBJECT, false, 0, 0, false},
	{NULL},
};
static const char *const project_skip[] = {"signing_threshold", "building_ids", NULL};

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
		return request_refuse(rq, SB_BAD_FIELD, "signing_threshold",
				      "{numerator, denominator}: whole numbers, 1 ≤ numerator ≤ "
				      "denominator ≤ 100",
				      "须为 {numerator, denominator}：整数，1 ≤ 分子 ≤ 分母 ≤ 100");
	*num = (int)json_integer_value(n);
	*den = (int)json_integer_value(d);
	return SB_OK;
}

/* The members of a project body into in (create and update share them). */
static int
project_input_of(struct request *rq, json_t *body, struct project_input *in)
{
	json_t *v;
	int64_t *ids = NULL;
	int rc;

	memset(in, 0, sizeof(*in));
	in->committee_code = consult_member_text(body, "committee_code");
	in->set_name = json_object_get(body, "name") != NULL;
	in->name = consult_member_text(body, "name");
	in->set_description = json_object_get(body, "description") != NULL;
	in->description = consult_member_text(body, "description");
	in->set_funding_source = json_object_get(body, "funding_source") != NULL;
	in->funding_source = consult_member_text(body, "funding_source");
	v = json_object_get(body, "signing_threshold");
	in->set_threshold = v != NULL;
	rc = threshold_of(rq, v, &in->sign_num, &in->sign_den);
	v = json_object_get(body, "building_ids");
	in->set_buildings = v != NULL;
	if (rc == SB_OK)
		rc = consult_ids(rq, v, "building_ids", 200, &ids, &in->nbuildings);
	in->building_ids = ids;
	return rc;
}

static json_t *
ids_json(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

/* A person the UI shows: {id, name}, or null. */
static json_t *
person_json(int64_t id, const char *name)
{
	return name ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name) : json_null();
}

/* A project as the API shows it. */
static json_t *
project_json(struct request *rq, const struct project *p)
{
	json_t *stages = json_array();
	size_t i;

	for (i = 0; i < p->nstages; i++) {
		const struct project_stage *g = &p->stages[i];

		json_array_append_new(stages,
				      json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:o, s:s?}", "stage",
						g->stage, "planned_start", g->d.planned_start,
						"planned_end", g->d.planned_end, "actual_start",
						g->d.actual_start, "actual_end", g->d.actual_end,
						"owner", person_json(g->owner_id, g->owner_name),
						"note", g->note));
	}
	return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:o, s:s, s:I, s:o, s:o, s:o, s:s, s:o}",
			 "id", (json_int_t)p->id, "committee_code", p->committee_code, "name",
			 p->name, "description", p->description, "funding_source",
			 p->funding_source, "signing_threshold",
			 p->sign_num ? json_pack("{s:i, s:i}", "numerator", p->sign_num,
						 "denominator", p->sign_den)
				     : json_null(),
			 "created_at", api_time(rq, p->created_at), "meetings",
			 (json_int_t)p->meetings, "issue_ids", ids_json(p->issue_ids, p->nissues),
			 "survey_ids", ids_json(p->survey_ids, p->nsurveys), "building_ids",
			 ids_json(p->building_ids, p->nbuildings), "stage", p->stage, "stages",
			 stages);
}

/* Answers a project from core (or the refusal). */
static int
reply_project(struct request *rq, struct response *rs, int rc, int status, const struct project *p,
	      const struct sb_fail *fail)
{
	if (rc != SB_OK)
		return api_fail(rq, rc, fail);
	return response_json(rs, status, project_json(rq, p));
}

/* POST /api/v1/projects */
int
api_projects_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct project_input in;
	struct sb_fail fail = {0};
	struct project p = {0};
	json_t *body = NULL;
	int rc;

	rc = consult_body(rq, project_fields, project_skip, &body);
	if (rc == SB_OK)
		rc = project_input_of(rq, body, &in);
	if (rc == SB_OK)
		rc = project_create(rq->store, &rq->scope, &who, &in, &rq->arena, &p, &fail);
	rc = reply_project(rq, rs, rc, 201, &p, &fail);
	json_decref(body);
	return rc;
}

/* GET /api/v1/projects?committee_code= */
int
api_projects_list(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct project_list list;
	const char *next = NULL;
	json_t *items;
	int64_t cursor;
	size_t i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = consult_query_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = project_list(rq->store, &rq->scope, request_query(rq, "committee_code"),
				  cursor, limit + 1, &rq->arena, &list, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	/* one more than the page says there is more: the last kept is the cursor */
	if (list.n > (size_t)limit) {
		list.n = (size_t)limit;
		next = arena_printf(&rq->arena, "%lld", (long long)list.items[limit - 1].id);
	}
	items = json_array();
	for (i = 0; i < list.n; i++)
		json_array_append_new(items, project_json(rq, &list.items[i]));
	return response_json(rs, 200, api_page(items, next));
}

/* GET /api/v1/projects/{id} */
int
api_projects_get(struct request *rq, struct response *rs)
{
	struct project p = {0};
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc != SB_OK)
		return rc;
	rc = project_get(rq->store, &rq->scope, id, &rq->arena, &p);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, project_json(rq, &p));
}

/* The project of the path, in scope (404 otherwise). */
static int
project_of(struct request *rq, struct project_ref *project)
{
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = project_find(rq->store, &rq->scope, id, &rq->arena, project);
	return rc;
}

static const struct jfield project_issue_fields[] = {
	{"issue_id", JF_INT, true, 0, 0, false},
	{NULL},
};

/* POST /api/v1/projects/{id}/issues: links an issue of the same committee. */
int
api_projects_link_issue(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct project_ref project;
	struct sb_fail fail = {0};
	struct project p = {0};
	json_t *body = NULL;
	int rc;

	rc = project_of(rq, &project);
	if (rc == SB_OK)
		rc = consult_body(rq, project_issue_fields, NULL, &body);
	if (rc == SB_OK)
		rc = project_link_issue(rq->store, &rq->scope, &who, &project,
					json_integer_value(json_object_get(body, "issue_id")),
					&rq->arena, &p, &fail);
	rc = reply_project(rq, rs, rc, 200, &p, &fail);
	json_decref(body);
	return rc;
}

/* A timeline's event: the members its kind has (PROJECT_TIMELINE). */
static json_t *
event_json(struct request *rq, const struct project_event *e)
{
	const char *k = e->kind;
	json_t *j = json_pack("{s:s, s:s, s:s?}", "at", api_time(rq, e->at), "kind", k, "title",
			      e->title);

	if (strcmp(k, "meeting") == 0 || strcmp(k, "decision") == 0 || strcmp(k, "motion") == 0)
		json_object_set_new(j, "meeting_id", json_integer(e->meeting_id));
	if (strcmp(k, "meeting") == 0)
		json_object_set_new(j, "place", e->place ? json_string(e->place) : json_null());
	if (strcmp(k, "decision") == 0)
		json_object_set_new(j, "decision_id", json_integer(e->decision_id));
	if (strcmp(k, "motion") == 0) {
		json_object_set_new(j, "motion_id", json_integer(e->motion_id));
		json_object_set_new(j, "motion_kind", json_string(e->motion_kind));
	}
	if (strcmp(k, "issue") == 0 || strcmp(k, "issue_resolved") == 0) {
		json_object_set_new(j, "issue_id", json_integer(e->issue_id));
		json_object_set_new(j, "receipt_no",
				    e->receipt_no ? json_string(e->receipt_no) : json_null());
	}
	if (strcmp(k, "issue") == 0 || strcmp(k, "issue_resolved") == 0 || strcmp(k, "survey") == 0)
		json_object_set_new(j, "status", e->status ? json_string(e->status) : json_null());
	if (strcmp(k, "survey") == 0)
		json_object_set_new(j, "survey_id", json_integer(e->survey_id));
	if (strcmp(k, "stage_started") == 0 || strcmp(k, "stage_ended") == 0)
		json_object_set_new(j, "stage", e->stage ? json_string(e->stage) : json_null());
	if (strcmp(k, "document") == 0)
		json_object_set_new(j, "attachment_id", json_integer(e->attachment_id));
	return j;
}

/* GET /api/v1/projects/{id}/timeline */
int
api_projects_timeline(struct request *rq, struct response *rs)
{
	struct project_event *events;
	struct project_ref project;
	json_t *items;
	size_t n, i;
	int rc = project_of(rq, &project);

	if (rc == SB_OK)
		rc = project_timeline(rq->store, &project, &rq->arena, &events, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, event_json(rq, &events[i]));
	return response_json(
		rs, 200,
		json_pack("{s:I, s:o}", "project_id", (json_int_t)project.id, "items", items));
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

/* PATCH /api/v1/projects/{id}: name, description, funding source, the
 * signing threshold and buildings. */
int
api_projects_update(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct project_ref project;
	struct project_input in;
	struct sb_fail fail = {0};
	struct project p = {0};
	json_t *body = NULL;
	int rc;

	rc = project_of(rq, &project);
	if (rc == SB_OK)
		rc = consult_body(rq, update_fields, update_skip, &body);
	if (rc == SB_OK && json_object_size(body) == 0)
		rc = request_refuse(rq, SB_BAD_FIELD, "name", "nothing to change",
				    "没有要修改的内容");
	if (rc == SB_OK)
		rc = project_input_of(rq, body, &in);
	if (rc == SB_OK)
		rc = project_update(rq->store, &rq->scope, &who, &project, &in,
				    json_deep_copy(body), &rq->arena, &p, &fail);
	rc = reply_project(rq, rs, rc, 200, &p, &fail);
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

/* A date member: absent leaves it unset, null clears it. */
static int
date_member(struct request *rq, json_t *body, const char *name, bool *set, const char **slot)
{
	json_t *v = json_object_get(body, name);

	*set = v != NULL;
	*slot = NULL;
	if (v == NULL || json_is_null(v))
		return SB_OK;
	if (!clock_date_valid(json_string_value(v)))
		return request_refuse(rq, SB_BAD_FIELD, name, "a date (YYYY-MM-DD)",
				      "须为日期（YYYY-MM-DD）");
	*slot = json_string_value(v);
	return SB_OK;
}

/* PATCH /api/v1/projects/{id}/stages: one stage's planned and actual dates,
 * owner and note.  Stages run in order (docs/consultation.md). */
int
api_projects_stage(struct request *rq, struct response *rs)
{
	static const char *const dates[4] = {"planned_start", "planned_end", "actual_start",
					     "actual_end"};
	struct actor who = api_actor(rq);
	struct project_stage_change in = {0};
	struct project_ref project;
	struct sb_fail fail = {0};
	struct project p = {0};
	json_t *body = NULL, *v;
	int rc, i;

	rc = project_of(rq, &project);
	if (rc == SB_OK)
		rc = consult_body(rq, stage_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	in.seq = project_stage_seq(consult_member_text(body, "stage"));
	if (in.seq == 0) {
		rc = request_refuse(
			rq, SB_BAD_FIELD, "stage",
			"proposal, research, deliberation, vote, implementation or acceptance",
			"须为 proposal、research、deliberation、vote、implementation 或 "
			"acceptance");
		goto out;
	}
	for (i = 0; rc == SB_OK && i < 4; i++)
		rc = date_member(rq, body, dates[i], &in.set_date[i], &in.dates[i]);
	v = json_object_get(body, "owner_id");
	in.set_owner = v != NULL;
	in.owner_id = json_is_integer(v) ? json_integer_value(v) : 0;
	v = json_object_get(body, "note");
	in.set_note = v != NULL;
	in.note = json_string_value(v);
	if (rc == SB_OK)
		rc = project_stage_set(rq->store, &rq->scope, &who, &project, &in,
				       json_deep_copy(body), &rq->arena, &p, &fail);
out:
	rc = reply_project(rq, rs, rc, 200, &p, &fail);
	json_decref(body);
	return rc;
}

/* The tracker with each building's share and whether it reached the
 * threshold (core/projects.c). */
static json_t *
signing_json(struct request *rq, int64_t project, const struct project_signing *sg)
{
	json_t *buildings = json_array(), *items;
	size_t i, k;

	for (i = 0; i < sg->n; i++) {
		const struct project_signing_building *b = &sg->buildings[i];

		items = json_array();
		for (k = 0; k < b->n; k++) {
			const struct project_signer *h = &b->items[k];

			json_array_append_new(
				items,
				json_pack("{s:I, s:s, s:o, s:b, s:o, s:o}", "household_id",
					  (json_int_t)h->household_id, "room", h->room, "floor",
					  h->has_floor ? json_integer(h->floor) : json_null(),
					  "signed", h->is_signed, "signed_at",
					  h->is_signed && h->signed_at
						  ? json_string(api_time(rq, h->signed_at))
						  : json_null(),
					  "signed_by",
					  h->signer ? json_pack("{s:I, s:s}", "id",
								(json_int_t)h->signed_by, "name",
								h->signer)
						    : json_null()));
		}
		json_array_append_new(
			buildings,
			json_pack("{s:I, s:s?, s:s?, s:I, s:I, s:o, s:o, s:b}", "building_id",
				  (json_int_t)b->building_id, "compound", b->compound, "label",
				  b->label, "households", (json_int_t)b->households, "signed",
				  (json_int_t)b->signed_households, "items", items, "share",
				  b->households ? json_real((double)b->signed_households /
							    (double)b->households)
						: json_null(),
				  "reached",
				  project_sign_reached(b->signed_households, b->households,
						       sg->sign_num, sg->sign_den)));
	}
	return json_pack("{s:I, s:o, s:o}", "project_id", (json_int_t)project, "threshold",
			 sg->sign_num ? json_pack("{s:i, s:i}", "numerator", sg->sign_num,
						  "denominator", sg->sign_den)
				      : json_null(),
			 "buildings", buildings);
}

/* GET /api/v1/projects/{id}/signing */
int
api_projects_signing(struct request *rq, struct response *rs)
{
	struct project_signing signing;
	struct project_ref project;
	int rc = project_of(rq, &project);

	if (rc == SB_OK)
		rc = project_signing(rq->store, &project, &rq->arena, &signing);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, signing_json(rq, project.id, &signing));
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
	struct actor who = api_actor(rq);
	struct project_signing signing;
	struct project_ref project;
	struct sb_fail fail = {0};
	json_t *body = NULL;
	int rc;

	rc = project_of(rq, &project);
	if (rc == SB_OK)
		rc = consult_body(rq, sign_fields, NULL, &body);
	if (rc == SB_OK)
		rc = project_sign(rq->store, &who, &project,
				  json_integer_value(json_object_get(body, "household_id")),
				  json_is_true(json_object_get(body, "signed")), &rq->arena,
				  &signing, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, signing_json(rq, project.id, &signing));
	else
		rc = api_fail(rq, rc, &fail);
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
	struct actor who = api_actor(rq);
	struct project_ref project;
	struct sb_fail fail = {0};
	struct project p = {0};
	json_t *body = NULL;
	int rc;

	rc = project_of(rq, &project);
	if (rc == SB_OK)
		rc = consult_body(rq, survey_fields, NULL, &body);
	if (rc == SB_OK)
		rc = project_link_survey(rq->store, &rq->scope, &who, &project,
					 json_integer_value(json_object_get(body, "survey_id")),
					 &rq->arena, &p, &fail);
	rc = reply_project(rq, rs, rc, 200, &p, &fail);
	json_decref(body);
	return rc;
}
