#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/consult.h"
#include "core/ident.h"
#include "core/volunteers.h"

/* Volunteers, teams and activities (docs/consultation.md): volunteer
 * residents with skills and availability, teams (红袖章, 攻坚队, 楼道助理 …),
 * activities with hours and residents served, totals per volunteer, team
 * and month.  The rules are core's (core/volunteers.c); each resource is
 * rendered here, once. */

/* Hours kept in tenths, as the API shows them: a number of hours. */
static json_t *
hours_json(int64_t tenths)
{
	return json_real((double)tenths / 10.0);
}

static json_t *
volunteer_json(struct request *rq, const struct volunteer *v)
{
	json_t *skills = v->skills ? json_loads(v->skills, 0, NULL) : NULL, *teams = json_array();
	size_t i;

	for (i = 0; i < v->nteams; i++)
		json_array_append_new(teams,
				      json_pack("{s:I, s:s?}", "id", (json_int_t)v->teams[i].id,
						"name", v->teams[i].name));
	return json_pack("{s:I, s:I, s:s?, s:s, s:o, s:s?, s:o, s:o, s:I, s:s}", "id",
			 (json_int_t)v->id, "resident_id", (json_int_t)v->resident_id, "name",
			 v->name, "committee_code", v->committee_code, "skills",
			 skills ? skills : json_array(), "availability", v->availability, "teams",
			 teams, "hours", hours_json(v->hours_tenths), "activities",
			 (json_int_t)v->activities, "created_at", api_time(rq, v->created_at));
}

static json_t *
team_json(struct request *rq, const struct team *t)
{
	json_t *members = json_array();
	size_t i;

	for (i = 0; i < t->nmembers; i++)
		json_array_append_new(members, json_pack("{s:I, s:I, s:s?}", "volunteer_id",
							 (json_int_t)t->members[i].volunteer_id,
							 "resident_id",
							 (json_int_t)t->members[i].resident_id,
							 "name", t->members[i].name));
	return json_pack("{s:I, s:s, s:s, s:s?, s:o, s:I, s:s}", "id", (json_int_t)t->id,
			 "committee_code", t->committee_code, "name", t->name, "kind", t->kind,
			 "members", members, "activities", (json_int_t)t->activities, "created_at",
			 api_time(rq, t->created_at));
}

static json_t *
activity_json(struct request *rq, const struct activity *a)
{
	json_t *volunteers = json_array(), *served = json_array();
	size_t i;

	for (i = 0; i < a->nvolunteers; i++)
		json_array_append_new(volunteers,
				      json_pack("{s:I, s:s?, s:o}", "volunteer_id",
						(json_int_t)a->volunteers[i].volunteer_id, "name",
						a->volunteers[i].name, "hours",
						hours_json(a->volunteers[i].tenths)));
	for (i = 0; i < a->nserved_ids; i++)
		json_array_append_new(served, json_integer(a->served_ids[i]));
	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:s?, s:o, s:o, s:o, s:I, s:s}", "id",
			 (json_int_t)a->id, "committee_code", a->committee_code, "team_id",
			 a->team_id ? json_integer(a->team_id) : json_null(), "title", a->title,
			 "date", a->date, "place", a->place, "volunteers", volunteers, "hours",
			 hours_json(a->hours_tenths), "served_resident_ids", served, "served",
			 (json_int_t)a->served, "created_at", api_time(rq, a->created_at));
}

/* A page of up to limit items of n (n == limit + 1: there is more, and the
 * last kept item's id is the next cursor). */
static int
page_reply(struct request *rq, struct response *rs, json_t *items, size_t n, int limit,
	   int64_t last_id)
{
	const char *next = NULL;

	if (n > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		next = arena_printf(&rq->arena, "%lld", (long long)last_id);
	}
	return response_json(rs, 200, api_page(items, next));
}

/* skills: an array of 0–20 non-empty strings, as JSON text (caller frees). */
static int
skills_of(struct request *rq, json_t *body, char **out)
{
	json_t *a = json_object_get(body, "skills");

	*out = NULL;
	if (a == NULL)
		return SB_OK;
	*out = json_dumps(a, JSON_COMPACT);
	(void)rq;
	return SB_OK;
}

static const struct jfield volunteer_fields[] = {
	{"resident_id", JF_INT, true, 0, 0, false},
	{"skills", JF_STRINGS, false, 0, 20, false},
	{"availability", JF_TEXT, false, 0, 500, true},
	{NULL},
};

/* POST /api/v1/volunteers */
int
api_volunteers_create(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	struct volunteer v;
	json_t *body = NULL;
	char *skills = NULL;
	int rc;

	rc = consult_body(rq, volunteer_fields, NULL, &body);
	if (rc == SB_OK)
		rc = skills_of(rq, body, &skills);
	if (rc == SB_OK)
		rc = volunteer_create(rq->store, &rq->scope, &who,
				      json_integer_value(json_object_get(body, "resident_id")),
				      skills, consult_member_text(body, "availability"), &rq->arena,
				      &v, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, volunteer_json(rq, &v));
	free(skills);
	json_decref(body);
	return rc;
}

/* GET /api/v1/volunteers?committee_code=&skill= (ascending ids) */
int
api_volunteers_list(struct request *rq, struct response *rs)
{
	const char *committee;
	struct volunteer *l;
	json_t *items;
	int64_t cursor;
	size_t n, i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = consult_query_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = consult_query_committee(rq, &committee);
	if (rc == SB_OK)
		rc = volunteer_list(rq->store, &rq->scope, committee, request_query(rq, "skill"),
				    cursor, limit + 1, &rq->arena, &l, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, volunteer_json(rq, &l[i]));
	return page_reply(rq, rs, items, n, limit, n > (size_t)limit ? l[limit - 1].id : 0);
}

/* GET /api/v1/volunteers/{id} */
int
api_volunteers_get(struct request *rq, struct response *rs)
{
	struct volunteer v;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = volunteer_get(rq->store, &rq->scope, id, &rq->arena, &v);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, volunteer_json(rq, &v));
}

static const struct jfield volunteer_patch_fields[] = {
	{"skills", JF_STRINGS, false, 0, 20, false},
	{"availability", JF_TEXT, false, 0, 500, false},
	{NULL},
};

/* PATCH /api/v1/volunteers/{id} */
int
api_volunteers_update(struct request *rq, struct response *rs)
{
	struct volunteer_ref ref;
	struct volunteer v;
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	char *skills = NULL;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = volunteer_find(rq->store, &rq->scope, id, &rq->arena, &ref);
	if (rc == SB_OK)
		rc = consult_body(rq, volunteer_patch_fields, NULL, &body);
	if (rc == SB_OK)
		rc = skills_of(rq, body, &skills);
	if (rc == SB_OK)
		rc = volunteer_update(rq->store, &rq->scope, &who, &ref, skills,
				      consult_member_text(body, "availability"), &rq->arena, &v);
	if (rc == SB_OK)
		rc = response_json(rs, 200, volunteer_json(rq, &v));
	free(skills);
	json_decref(body);
	return rc;
}

static const struct jfield team_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"name", JF_STRING, true, 1, 100, false},
	{"kind", JF_STRING, false, 0, 50, true},
	{"member_ids", JF_OBJECT, false, 0, 0, false},
	{NULL},
};
static const char *const team_skip[] = {"member_ids", NULL};

/* POST /api/v1/teams */
int
api_teams_create(struct request *rq, struct response *rs)
{
	const char *committee;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	struct team t;
	json_t *body = NULL;
	int64_t *members = NULL;
	size_t n = 0;
	int rc;

	rc = consult_body(rq, team_fields, team_skip, &body);
	if (rc != SB_OK)
		goto out;
	committee = consult_member_text(body, "committee_code");
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK)
		rc = consult_ids(rq, json_object_get(body, "member_ids"), "member_ids",
				 TEAM_MAX_MEMBERS, &members, &n);
	if (rc == SB_OK)
		rc = team_create(
			rq->store, &rq->scope, &who, committee, consult_member_text(body, "name"),
			consult_member_text(body, "kind"), members, n, &rq->arena, &t, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, team_json(rq, &t));
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/teams?committee_code= */
int
api_teams_list(struct request *rq, struct response *rs)
{
	const char *committee;
	struct team *l;
	json_t *items;
	int64_t cursor;
	size_t n, i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = consult_query_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = consult_query_committee(rq, &committee);
	if (rc == SB_OK)
		rc = team_list(rq->store, &rq->scope, committee, cursor, limit + 1, &rq->arena, &l,
			       &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, team_json(rq, &l[i]));
	return page_reply(rq, rs, items, n, limit, n > (size_t)limit ? l[limit - 1].id : 0);
}

/* GET /api/v1/teams/{id} */
int
api_teams_get(struct request *rq, struct response *rs)
{
	struct team t;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = team_get(rq->store, &rq->scope, id, &rq->arena, &t);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, team_json(rq, &t));
}

static const struct jfield team_patch_fields[] = {
	{"name", JF_STRING, false, 1, 100, false},
	{"kind", JF_STRING, false, 0, 50, false},
	{"member_ids", JF_OBJECT, false, 0, 0, false},
	{NULL},
};

/* PATCH /api/v1/teams/{id}: name, kind, the whole list of members. */
int
api_teams_update(struct request *rq, struct response *rs)
{
	struct team_ref ref;
	struct team t;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL, *member_list;
	int64_t id, *members = NULL;
	size_t n = 0;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = team_find(rq->store, &rq->scope, id, &rq->arena, &ref);
	if (rc == SB_OK)
		rc = consult_body(rq, team_patch_fields, team_skip, &body);
	if (rc != SB_OK)
		goto out;
	member_list = json_object_get(body, "member_ids");
	rc = consult_ids(rq, member_list, "member_ids", TEAM_MAX_MEMBERS, &members, &n);
	if (rc == SB_OK)
		rc = team_update(rq->store, &rq->scope, &who, &ref,
				 consult_member_text(body, "name"),
				 consult_member_text(body, "kind"), member_list != NULL, members, n,
				 &rq->arena, &t, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, team_json(rq, &t));
out:
	json_decref(body);
	return rc;
}

static const struct jfield activity_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"team_id", JF_INT, false, 0, 0, true},
	{"title", JF_STRING, true, 1, 200, false},
	{"date", JF_STRING, true, 10, 10, false},
	{"place", JF_STRING, false, 0, 200, true},
	{"volunteers", JF_OBJECT, false, 0, 0, false},
	{"served_resident_ids", JF_OBJECT, false, 0, 0, false},
	{NULL},
};
static const char *const activity_skip[] = {"volunteers", "served_resident_ids", NULL};

/* The volunteers of an activity: [{"volunteer_id","hours"}], hours 0–24 in
 * tenths of an hour. */
static int
hours_of(struct request *rq, json_t *a, int64_t **ids, int **tenths, size_t *n)
{
	json_t *o, *v, *h;
	const char *key;
	size_t i, k;

	*n = 0;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > ACTIVITY_MAX)
		return request_refuse(rq, SB_BAD_FIELD, "volunteers",
				      "a list of at most 1000 volunteers",
				      "须为不超过 1000 人的列表");
	*ids = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(**ids));
	*tenths = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(**tenths));
	json_array_foreach (a, i, o) {
		const char *f = arena_printf(&rq->arena, "volunteers[%zu]", i);
		double hours;

		if (!json_is_object(o))
			return request_refuse(rq, SB_BAD_FIELD, f, "must be an object",
					      "必须是对象");
		json_object_foreach (o, key, v) {
			if (strcmp(key, "volunteer_id") != 0 && strcmp(key, "hours") != 0)
				return request_refuse(rq, SB_BAD_FIELD,
						      arena_printf(&rq->arena, "%s.%s", f, key),
						      "unknown field", "未知字段");
		}
		v = json_object_get(o, "volunteer_id");
		h = json_object_get(o, "hours");
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return request_refuse(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "%s.volunteer_id", f),
					      "required, an id", "必填，须为编号");
		if (!json_is_number(h))
			return request_refuse(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "%s.hours", f),
					      "required, a number of hours", "必填，须为小时数");
		hours = json_number_value(h);
		if (!(hours >= 0 && hours <= 24))
			return request_refuse(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "%s.hours", f),
					      "hours from 0 to 24 (never negative)",
					      "小时数须在 0 至 24 之间（不能为负数）");
		(*ids)[i] = json_integer_value(v);
		(*tenths)[i] = (int)lround(hours * 10);
		for (k = 0; k < i; k++)
			if ((*ids)[k] == (*ids)[i])
				return request_refuse(
					rq, SB_BAD_FIELD,
					arena_printf(&rq->arena, "%s.volunteer_id", f),
					"a volunteer is listed twice", "志愿者重复");
	}
	*n = json_array_size(a);
	return SB_OK;
}

/* POST /api/v1/activities */
int
api_activities_create(struct request *rq, struct response *rs)
{
	struct activity_input in = {0};
	struct activity made;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	int64_t *volunteers = NULL, *served = NULL;
	int *tenths = NULL;
	int rc;

	rc = consult_body(rq, activity_fields, activity_skip, &body);
	if (rc != SB_OK)
		goto out;
	in.committee = consult_member_text(body, "committee_code");
	in.date = consult_member_text(body, "date");
	in.team_id = json_integer_value(json_object_get(body, "team_id"));
	in.title = consult_member_text(body, "title");
	in.place = consult_member_text(body, "place");
	/* The body's syntax (the date, the volunteers' hours, the ids) before
	 * core checks what it names (activity_create): a body with one fault is
	 * answered as before; one with several now names its syntax first. */
	rc = api_committee_in_scope(rq, in.committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK && !ident_date_valid(in.date))
		rc = request_refuse(rq, SB_BAD_FIELD, "date", "a date (YYYY-MM-DD)",
				    "须为日期（YYYY-MM-DD）");
	if (rc == SB_OK)
		rc = hours_of(rq, json_object_get(body, "volunteers"), &volunteers, &tenths,
			      &in.nvolunteers);
	if (rc == SB_OK)
		rc = consult_ids(rq, json_object_get(body, "served_resident_ids"),
				 "served_resident_ids", ACTIVITY_MAX, &served, &in.nserved);
	if (rc == SB_OK) {
		in.volunteers = volunteers;
		in.tenths = tenths;
		in.served = served;
		rc = activity_create(rq->store, &rq->scope, &who, &in, &rq->arena, &made, &fail);
	}
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, activity_json(rq, &made));
out:
	json_decref(body);
	return rc;
}

/* The period asked (api_query_range), as dates; NULL when open. */
static int
range_query(struct request *rq, const char **from, const char **to)
{
	struct api_range r;
	int rc = api_query_range(rq, API_RANGE_DATES, &r);

	*from = rc == SB_OK && r.has_from ? arena_strdup(&rq->arena, r.from_date) : NULL;
	*to = rc == SB_OK && r.has_to ? arena_strdup(&rq->arena, r.to_date) : NULL;
	return rc;
}

/* GET /api/v1/activities?committee_code=&team_id=&from=&to= (newest first) */
int
api_activities_list(struct request *rq, struct response *rs)
{
	const char *committee, *from, *to;
	struct activity *l;
	json_t *items;
	int64_t cursor, team = 0;
	size_t n, i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = consult_query_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = consult_query_committee(rq, &committee);
	if (rc == SB_OK)
		rc = api_query_int(rq, "team_id", &team);
	if (rc == SB_OK)
		rc = range_query(rq, &from, &to);
	if (rc == SB_OK)
		rc = activity_list(rq->store, &rq->scope, committee, team, from, to, cursor,
				   limit + 1, &rq->arena, &l, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, activity_json(rq, &l[i]));
	return page_reply(rq, rs, items, n, limit, n > (size_t)limit ? l[limit - 1].id : 0);
}

/* GET /api/v1/activities/{id} */
int
api_activities_get(struct request *rq, struct response *rs)
{
	struct activity a;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = activity_get(rq->store, &rq->scope, id, &rq->arena, &a);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, activity_json(rq, &a));
}

/* The report's totals: activities, hours and residents served, per
 * volunteer, team and month. */
static json_t *
totals_json(const struct volunteer_totals *t)
{
	json_t *out, *by_volunteer = json_array(), *by_team = json_array(),
		     *by_month = json_array();
	size_t i;

	for (i = 0; i < t->nby_volunteer; i++) {
		const struct volunteer_total *v = &t->by_volunteer[i];

		json_array_append_new(by_volunteer,
				      json_pack("{s:I, s:s?, s:I, s:o}", "volunteer_id",
						(json_int_t)v->volunteer_id, "name", v->name,
						"activities", (json_int_t)v->activities, "hours",
						hours_json(v->hours_tenths)));
	}
	for (i = 0; i < t->nby_team; i++) {
		const struct team_total *team = &t->by_team[i];

		json_array_append_new(by_team,
				      json_pack("{s:I, s:s?, s:I, s:o, s:I}", "team_id",
						(json_int_t)team->team_id, "name", team->name,
						"activities", (json_int_t)team->activities, "hours",
						hours_json(team->hours_tenths), "served",
						(json_int_t)team->served));
	}
	for (i = 0; i < t->nby_month; i++) {
		const struct month_total *m = &t->by_month[i];

		json_array_append_new(by_month, json_pack("{s:s, s:I, s:o, s:I}", "month", m->month,
							  "activities", (json_int_t)m->activities,
							  "hours", hours_json(m->hours_tenths),
							  "served", (json_int_t)m->served));
	}
	out = json_pack("{s:I, s:o, s:I, s:o, s:o, s:o}", "activities", (json_int_t)t->activities,
			"hours", hours_json(t->hours_tenths), "served", (json_int_t)t->served,
			"by_volunteer", by_volunteer, "by_team", by_team, "by_month", by_month);
	return out;
}

/* GET /api/v1/reports/volunteers?committee_code=CODE&from=&to= */
int
api_reports_volunteers(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code"), *from, *to;
	struct volunteer_totals totals;
	struct helper_total *helpers;
	json_t *out, *h;
	size_t n, i;
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc == SB_OK)
		rc = range_query(rq, &from, &to);
	if (rc == SB_OK)
		rc = volunteer_report(rq->store, &rq->scope, committee, from, to, &rq->arena,
				      &totals, &helpers, &n);
	if (rc != SB_OK)
		return rc;
	out = totals_json(&totals);
	/* issue 19: the volunteers with a helper's account, their visits and deliveries */
	h = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(h, json_pack("{s:I, s:s?, s:I, s:I}", "volunteer_id",
						   (json_int_t)helpers[i].volunteer_id, "name",
						   helpers[i].name, "visits",
						   (json_int_t)helpers[i].visits, "entries_done",
						   (json_int_t)helpers[i].entries_done));
	json_object_set_new(out, "helpers", h);
	json_object_set_new(out, "committee_code", json_string(committee));
	json_object_set_new(out, "from", from ? json_string(from) : json_null());
	json_object_set_new(out, "to", to ? json_string(to) : json_null());
	return response_json(rs, 200, out);
}
