#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api/consult.h"
#include "core/ident.h"
#include "store/people.h"

/* Volunteers, teams and activities (docs/consultation.md): volunteer
 * residents with skills and availability, teams (红袖章, 攻坚队, 楼道助理 …),
 * activities with hours and residents served, totals per volunteer, team
 * and month. */

#define TEAM_MAX_MEMBERS 500
#define ACTIVITY_MAX 1000

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
	struct ct_resident r;
	const char *json;
	json_t *body = NULL;
	char *skills = NULL;
	int64_t rid, id = 0;
	int rc;

	rc = ct_body(rq, volunteer_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	rid = json_integer_value(json_object_get(body, "resident_id"));
	rc = store_ct_resident(rq->store, &rq->scope, rid, &rq->arena, &r);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(r.status, "living") != 0))
		rc = ct_bad(rq, SB_BAD_FIELD, "resident_id",
			    "no such resident in your jurisdiction", "您的辖区内没有该居民");
	if (rc == SB_OK)
		rc = skills_of(rq, body, &skills);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_volunteer_insert(rq->store, rid, r.committee_code, skills ? skills : "[]",
				    ct_str(body, "availability"), rq->now, &id);
	if (rc == SB_CONFLICT)
		rc = ct_bad(rq, rc, "resident_id", "this resident is a volunteer already",
			    "该居民已是志愿者");
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "volunteer", ct_id(rq, id), r.committee_code,
			       json_pack("{s:I}", "resident_id", (json_int_t)rid));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_volunteer_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 201, json);
out:
	free(skills);
	json_decref(body);
	return rc;
}

/* GET /api/v1/volunteers?committee_code=&skill= (ascending ids) */
int
api_volunteers_list(struct request *rq, struct response *rs)
{
	const char *committee, *text;
	int64_t cursor;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = ct_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = ct_committee_query(rq, &committee);
	if (rc == SB_OK)
		rc = store_volunteer_list(rq->store, &rq->scope, committee,
					  request_query(rq, "skill"), cursor, limit + 1, &rq->arena,
					  &text);
	if (rc != SB_OK)
		return rc;
	return ct_page(rq, rs, text, limit);
}

/* GET /api/v1/volunteers/{id} */
int
api_volunteers_get(struct request *rq, struct response *rs)
{
	const char *json;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_volunteer_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc != SB_OK)
		return rc;
	return ct_reply(rs, 200, json);
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
	const char *committee, *json;
	json_t *body = NULL;
	char *skills = NULL;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_volunteer_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = ct_body(rq, volunteer_patch_fields, NULL, &body);
	if (rc == SB_OK)
		rc = skills_of(rq, body, &skills);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_volunteer_update(rq->store, id, skills, ct_str(body, "availability"));
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "volunteer", ct_id(rq, id), committee,
			       json_deep_copy(body));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_volunteer_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 200, json);
out:
	free(skills);
	json_decref(body);
	return rc;
}

/* Every volunteer id of the list is a volunteer of the committee.  member:
 * the ids are field[i].member (an activity's volunteers), else field's own. */
static int
volunteers_of(struct request *rq, const int64_t *ids, size_t n, const char *committee,
	      const char *field, const char *member)
{
	const char *vc;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = store_volunteer_committee(rq->store, &rq->scope, ids[i], &rq->arena, &vc);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(vc, committee) != 0))
			return ct_bad(
				rq, SB_BAD_FIELD,
				member ? arena_printf(&rq->arena, "%s[%zu].%s", field, i, member)
				       : field,
				arena_printf(&rq->arena, "volunteer %lld is not of this committee",
					     (long long)ids[i]),
				arena_printf(&rq->arena, "志愿者 %lld 不属于本居委会",
					     (long long)ids[i]));
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
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
	const char *committee, *json;
	json_t *body = NULL;
	int64_t id = 0, *members = NULL;
	size_t n = 0;
	int rc;

	rc = ct_body(rq, team_fields, team_skip, &body);
	if (rc != SB_OK)
		goto out;
	committee = ct_str(body, "committee_code");
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK)
		rc = ct_ids(rq, json_object_get(body, "member_ids"), "member_ids", TEAM_MAX_MEMBERS,
			    &members, &n);
	if (rc == SB_OK)
		rc = volunteers_of(rq, members, n, committee, "member_ids", NULL);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_team_insert(rq->store, committee, ct_str(body, "name"), ct_str(body, "kind"),
			       rq->now, &id);
	if (rc == SB_CONFLICT)
		rc = ct_bad(rq, rc, "name", "the committee has a team of that name",
			    "本居委会已有同名团队");
	if (rc == SB_OK)
		rc = store_team_members_set(rq->store, id, members, n);
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "team", ct_id(rq, id), committee,
			       json_pack("{s:s, s:I}", "name", ct_str(body, "name"), "members",
					 (json_int_t)n));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_team_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 201, json);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/teams?committee_code= */
int
api_teams_list(struct request *rq, struct response *rs)
{
	return ct_list(rq, rs, store_team_list);
}

/* GET /api/v1/teams/{id} */
int
api_teams_get(struct request *rq, struct response *rs)
{
	const char *json;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_team_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc != SB_OK)
		return rc;
	return ct_reply(rs, 200, json);
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
	const char *committee, *json;
	json_t *body = NULL, *mj;
	int64_t id, *members = NULL;
	size_t n = 0;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_team_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = ct_body(rq, team_patch_fields, team_skip, &body);
	if (rc != SB_OK)
		goto out;
	mj = json_object_get(body, "member_ids");
	rc = ct_ids(rq, mj, "member_ids", TEAM_MAX_MEMBERS, &members, &n);
	if (rc == SB_OK)
		rc = volunteers_of(rq, members, n, committee, "member_ids", NULL);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_team_update(rq->store, id, ct_str(body, "name"), ct_str(body, "kind"));
	if (rc == SB_CONFLICT)
		rc = ct_bad(rq, rc, "name", "the committee has a team of that name",
			    "本居委会已有同名团队");
	if (rc == SB_OK && mj)
		rc = store_team_members_set(rq->store, id, members, n);
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "team", ct_id(rq, id), committee,
			       json_deep_copy(body));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_team_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 200, json);
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
		return ct_bad(rq, SB_BAD_FIELD, "volunteers", "a list of at most 1000 volunteers",
			      "须为不超过 1000 人的列表");
	*ids = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(**ids));
	*tenths = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(**tenths));
	json_array_foreach (a, i, o) {
		const char *f = arena_printf(&rq->arena, "volunteers[%zu]", i);
		double hours;

		if (!json_is_object(o))
			return ct_bad(rq, SB_BAD_FIELD, f, "must be an object", "必须是对象");
		json_object_foreach (o, key, v) {
			if (strcmp(key, "volunteer_id") != 0 && strcmp(key, "hours") != 0)
				return ct_bad(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "%s.%s", f, key),
					      "unknown field", "未知字段");
		}
		v = json_object_get(o, "volunteer_id");
		h = json_object_get(o, "hours");
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return ct_bad(rq, SB_BAD_FIELD,
				      arena_printf(&rq->arena, "%s.volunteer_id", f),
				      "required, an id", "必填，须为编号");
		if (!json_is_number(h))
			return ct_bad(rq, SB_BAD_FIELD, arena_printf(&rq->arena, "%s.hours", f),
				      "required, a number of hours", "必填，须为小时数");
		hours = json_number_value(h);
		if (!(hours >= 0 && hours <= 24))
			return ct_bad(rq, SB_BAD_FIELD, arena_printf(&rq->arena, "%s.hours", f),
				      "hours from 0 to 24 (never negative)",
				      "小时数须在 0 至 24 之间（不能为负数）");
		(*ids)[i] = json_integer_value(v);
		(*tenths)[i] = (int)lround(hours * 10);
		for (k = 0; k < i; k++)
			if ((*ids)[k] == (*ids)[i])
				return ct_bad(rq, SB_BAD_FIELD,
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
	const char *committee, *date, *tc, *json;
	json_t *body = NULL;
	int64_t id = 0, team, *vols = NULL, *served = NULL;
	int *tenths = NULL;
	size_t nv = 0, ns = 0, i;
	int rc;

	rc = ct_body(rq, activity_fields, activity_skip, &body);
	if (rc != SB_OK)
		goto out;
	committee = ct_str(body, "committee_code");
	date = ct_str(body, "date");
	team = json_integer_value(json_object_get(body, "team_id"));
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK && !ident_date_valid(date))
		rc = ct_bad(rq, SB_BAD_FIELD, "date", "a date (YYYY-MM-DD)",
			    "须为日期（YYYY-MM-DD）");
	if (rc == SB_OK && team) {
		rc = store_team_committee(rq->store, &rq->scope, team, &rq->arena, &tc);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(tc, committee) != 0))
			rc = ct_bad(rq, SB_BAD_FIELD, "team_id", "no such team in this committee",
				    "本居委会没有该团队");
	}
	if (rc == SB_OK)
		rc = hours_of(rq, json_object_get(body, "volunteers"), &vols, &tenths, &nv);
	if (rc == SB_OK)
		rc = volunteers_of(rq, vols, nv, committee, "volunteers", "volunteer_id");
	if (rc == SB_OK)
		rc = ct_ids(rq, json_object_get(body, "served_resident_ids"), "served_resident_ids",
			    ACTIVITY_MAX, &served, &ns);
	if (rc == SB_OK)
		rc = api_ids_of_committee(rq, "resident", committee, "served_resident_ids", served,
					  ns);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_activity_insert(rq->store, committee, team, ct_str(body, "title"), date,
				   ct_str(body, "place"), rq->user.id, rq->now, &id);
	for (i = 0; rc == SB_OK && i < nv; i++)
		rc = store_activity_volunteer_add(rq->store, id, vols[i], tenths[i]);
	for (i = 0; rc == SB_OK && i < ns; i++)
		rc = store_activity_served_add(rq->store, id, served[i]);
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "activity", ct_id(rq, id), committee,
			       json_pack("{s:s, s:I, s:I}", "title", ct_str(body, "title"),
					 "volunteers", (json_int_t)nv, "served", (json_int_t)ns));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_activity_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 201, json);
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
	const char *committee, *from, *to, *text;
	int64_t cursor, team = 0;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = ct_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = ct_committee_query(rq, &committee);
	if (rc == SB_OK)
		rc = api_query_int(rq, "team_id", &team);
	if (rc == SB_OK)
		rc = range_query(rq, &from, &to);
	if (rc == SB_OK)
		rc = store_activity_list(rq->store, &rq->scope, committee, team, from, to, cursor,
					 limit + 1, &rq->arena, &text);
	if (rc != SB_OK)
		return rc;
	return ct_page(rq, rs, text, limit);
}

/* GET /api/v1/activities/{id} */
int
api_activities_get(struct request *rq, struct response *rs)
{
	const char *json;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_activity_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc != SB_OK)
		return rc;
	return ct_reply(rs, 200, json);
}

/* GET /api/v1/reports/volunteers?committee_code=CODE&from=&to= */
int
api_reports_volunteers(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code"), *from, *to, *text;
	json_t *out;
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc == SB_OK)
		rc = range_query(rq, &from, &to);
	if (rc == SB_OK)
		rc = store_volunteer_totals(rq->store, &rq->scope, committee,
					    from ? from : "0000-01-01", to ? to : "9999-12-31",
					    &rq->arena, &text);
	if (rc == SB_OK)
		rc = ct_parse(text, &out);
	if (rc != SB_OK)
		return rc;
	{
		/* issue 19: the volunteers with a helper's account, their visits and deliveries */
		const char *helpers = NULL;
		json_t *h = NULL;

		rc = store_helper_totals(rq->store, committee, from ? from : "0000-01-01",
					 to ? to : "9999-12-31", &rq->arena, &helpers);
		if (rc == SB_OK)
			rc = ct_parse(helpers, &h);
		if (rc != SB_OK) {
			json_decref(out);
			return rc;
		}
		json_object_set_new(out, "helpers", h);
	}
	json_object_set_new(out, "committee_code", json_string(committee));
	json_object_set_new(out, "from", from ? json_string(from) : json_null());
	json_object_set_new(out, "to", to ? json_string(to) : json_null());
	return response_json(rs, 200, out);
}
