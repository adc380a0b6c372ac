#include <stdlib.h>
#include <string.h>

#include "api/consult.h"
#include "api/projects.h"
#include "core/consult.h"
#include "core/filter.h"
#include "util/clock.h"

/* Projects and meetings (议事会, docs/consultation.md): participants by
 * filter and by hand, attendance, minutes, decisions, motions and votes
 * against the meeting's quorum rule; a project's timeline. */

#define MEETING_MAX_INVITED 500

static const char *const roles[] = {
	"resident",	    "building_leader", "party_member", "resident_rep",
	"owners_committee", "property",	       "expert",       NULL};

static bool
one_of(const char *v, const char *const *list)
{
	for (; v && *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

/* ---- projects ---- */

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

/* POST /api/v1/projects */
int
api_projects_create(struct request *rq, struct response *rs)
{
	const char *committee, *json;
	json_t *body = NULL;
	int64_t id = 0;
	int rc;

	rc = ct_body(rq, project_fields, project_skip, &body);
	if (rc != SB_OK)
		goto out;
	committee = ct_str(body, "committee_code");
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK)
		rc = api_project_extras_check(rq, body, committee);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_project_insert(rq->store, committee, ct_str(body, "name"),
				  ct_str(body, "description"), rq->now, &id);
	if (rc == SB_CONFLICT)
		rc = ct_bad(rq, rc, "name", "the committee has a project of that name",
			    "本居委会已有同名项目");
	if (rc == SB_OK)
		rc = api_project_extras_write(rq, body, id, true);
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "project", ct_id(rq, id), committee,
			       json_pack("{s:s}", "name", ct_str(body, "name")));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_project_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 201, json);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/projects?committee_code= */
int
api_projects_list(struct request *rq, struct response *rs)
{
	return ct_list(rq, rs, store_project_list);
}

/* GET /api/v1/projects/{id} */
int
api_projects_get(struct request *rq, struct response *rs)
{
	const char *json;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_project_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc != SB_OK)
		return rc;
	return ct_reply(rs, 200, json);
}

static const struct jfield project_issue_fields[] = {
	{"issue_id", JF_INT, true, 0, 0, false},
	{NULL},
};

/* POST /api/v1/projects/{id}/issues: links an issue of the same committee. */
int
api_projects_link_issue(struct request *rq, struct response *rs)
{
	const char *committee, *ic, *json;
	json_t *body = NULL;
	int64_t id, issue;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_project_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = ct_body(rq, project_issue_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	issue = json_integer_value(json_object_get(body, "issue_id"));
	rc = store_ct_issue(rq->store, &rq->scope, issue, &rq->arena, &ic);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(ic, committee) != 0))
		rc = ct_bad(rq, SB_BAD_FIELD, "issue_id",
			    "no such issue in the project's committee", "项目所属居委会没有该诉求");
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_project_issue_link(rq->store, id, issue, rq->now);
	if (rc == SB_OK)
		rc = api_audit(rq, "link_issue", "project", ct_id(rq, id), committee,
			       json_pack("{s:I}", "issue_id", (json_int_t)issue));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = store_project_json(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc == SB_OK)
		rc = ct_reply(rs, 200, json);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/projects/{id}/timeline */
int
api_projects_timeline(struct request *rq, struct response *rs)
{
	const char *committee, *text;
	json_t *items;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_project_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = store_project_timeline(rq->store, id, &rq->arena, &text);
	if (rc == SB_OK)
		rc = ct_parse(text, &items);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:I, s:o}", "project_id", (json_int_t)id, "items", items));
}

/* ---- meetings ---- */

/* Adds the tally of each motion (core/consult.c) to a meeting's JSON. */
static void
add_tallies(json_t *m)
{
	json_t *q = json_object_get(m, "quorum"), *motions = json_object_get(m, "motions"), *v;
	struct quorum_rule rule = {
		.min_present = (int)json_integer_value(json_object_get(q, "min_present")),
		.present_pct = (int)json_integer_value(json_object_get(q, "present_pct")),
		.pass_pct = (int)json_integer_value(json_object_get(q, "pass_pct")),
	};
	size_t i;
	int k;

	json_array_foreach (motions, i, v) {
		struct vote_tally t = {
			.invited = (int)json_integer_value(json_object_get(m, "invited")),
			.present = (int)json_integer_value(json_object_get(m, "present")),
			.votes_for = (int)json_integer_value(json_object_get(v, "for")),
			.against = (int)json_integer_value(json_object_get(v, "against")),
			.abstain = (int)json_integer_value(json_object_get(v, "abstain")),
		};
		bool sat =
			strcmp(json_string_value(json_object_get(v, "kind")), "satisfaction") == 0;

		for (k = 0; k < 5; k++)
			t.scores[k] = (int)json_integer_value(
				json_array_get(json_object_get(v, "scores"), (size_t)k));
		vote_tally_finish(&t, &rule, sat);
		json_object_set_new(v, "cast", json_integer(t.cast));
		json_object_set_new(v, "approval_share",
				    json_real((double)(int64_t)(t.approval * 10000 + 0.5) / 10000));
		json_object_set_new(v, "mean",
				    sat && t.cast
					    ? json_real((double)(int64_t)(t.mean * 100 + 0.5) / 100)
					    : json_null());
		json_object_set_new(v, "quorum_met", json_boolean(t.quorum_met));
		json_object_set_new(v, "passed", json_boolean(t.passed));
	}
}

static int
reply_meeting(struct request *rq, struct response *rs, int status, int64_t id)
{
	const char *text;
	json_t *m;
	int rc = store_meeting_json(rq->store, &rq->scope, id, &rq->arena, &text);

	if (rc == SB_OK)
		rc = ct_parse(text, &m);
	if (rc != SB_OK)
		return rc;
	add_tallies(m);
	return response_json(rs, status, m);
}

/* The quorum object: {"min_present","present_pct","pass_pct"}, each optional. */
static int
quorum_of(struct request *rq, json_t *q, int *min, int *pct, int *pass)
{
	static const char *const keys[] = {"min_present", "present_pct", "pass_pct", NULL};
	int *out[] = {min, pct, pass};
	const char *key;
	json_t *v;
	int k;

	if (q == NULL)
		return SB_OK;
	if (!json_is_object(q))
		return ct_bad(rq, SB_BAD_FIELD, "quorum", "must be an object", "必须是对象");
	json_object_foreach (q, key, v) {
		for (k = 0; keys[k] && strcmp(keys[k], key) != 0; k++)
			;
		if (keys[k] == NULL)
			return ct_bad(rq, SB_BAD_FIELD, arena_printf(&rq->arena, "quorum.%s", key),
				      "unknown field", "未知字段");
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > (k == 0 ? 100000 : 100))
			return ct_bad(rq, SB_BAD_FIELD, arena_printf(&rq->arena, "quorum.%s", key),
				      k == 0 ? "a whole number, 0 or more"
					     : "a whole number from 0 to 100",
				      k == 0 ? "须为不小于 0 的整数" : "须为 0 至 100 的整数");
		*out[k] = (int)json_integer_value(v);
	}
	return SB_OK;
}

static const struct jfield meeting_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"topic", JF_STRING, true, 1, 200, false},
	{"project_id", JF_INT, false, 0, 0, true},
	{"held_at", JF_STRING, true, 20, 25, false},
	{"place", JF_STRING, false, 0, 200, true},
	{"quorum", JF_OBJECT, false, 0, 0, false},
	{"invite_filter", JF_OBJECT, false, 0, 0, false},
	{"invitees", JF_OBJECT, false, 0, 0, false},
	{NULL},
};
static const char *const meeting_skip[] = {"invitees", NULL};

struct invitee {
	int64_t resident_id;
	const char *name, *role;
};

/* The hand-picked invitees: [{"resident_id"} or {"name"}, "role"]. */
static int
invitees_of(struct request *rq, json_t *a, const char *committee, struct invitee **out, size_t *n)
{
	json_t *o, *v;
	const char *key;
	size_t i;

	*out = NULL;
	*n = 0;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > MEETING_MAX_INVITED)
		return ct_bad(rq, SB_BAD_FIELD, "invitees", "a list of at most 500 invitees",
			      "须为不超过 500 人的列表");
	*out = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(**out));
	json_array_foreach (a, i, o) {
		struct invitee *iv = &(*out)[i];
		const char *f = arena_printf(&rq->arena, "invitees[%zu]", i);
		struct ct_resident r;
		int rc;

		if (!json_is_object(o))
			return ct_bad(rq, SB_BAD_FIELD, f, "must be an object", "必须是对象");
		json_object_foreach (o, key, v) {
			if (strcmp(key, "resident_id") && strcmp(key, "name") &&
			    strcmp(key, "role"))
				return ct_bad(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "%s.%s", f, key),
					      "unknown field", "未知字段");
		}
		iv->role = json_string_value(json_object_get(o, "role"));
		if (!one_of(iv->role, roles))
			return ct_bad(
				rq, SB_BAD_FIELD, arena_printf(&rq->arena, "%s.role", f),
				"one of resident, building_leader, party_member, resident_rep, "
				"owners_committee, property, expert",
				"须为 resident、building_leader、party_member、resident_rep、"
				"owners_committee、property、expert 之一");
		v = json_object_get(o, "resident_id");
		if (v) {
			if (!json_is_integer(v))
				return ct_bad(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "%s.resident_id", f),
					      "must be an integer", "必须是整数");
			iv->resident_id = json_integer_value(v);
			rc = store_ct_resident(rq->store, &rq->scope, iv->resident_id, &rq->arena,
					       &r);
			/* a resident of the meeting's own committee: its workers read
			 * the participants' names */
			if (rc == SB_NOT_FOUND ||
			    (rc == SB_OK && (strcmp(r.status, "living") != 0 ||
					     strcmp(r.committee_code, committee) != 0)))
				return ct_bad(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "%s.resident_id", f),
					      "no such resident in the meeting's committee",
					      "会议所属居委会没有该居民");
			if (rc != SB_OK)
				return rc;
			iv->name = r.name;
		} else {
			iv->name = json_string_value(json_object_get(o, "name"));
			if (iv->name == NULL || *iv->name == '\0' || utf8_chars(iv->name) > 200)
				return ct_bad(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "%s.name", f),
					      "a resident_id or a name of 1 to 200 characters",
					      "须给出 resident_id 或 1 至 200 字的姓名");
			rc = json_text_check(rq, arena_printf(&rq->arena, "%s.name", f), iv->name,
					     TEXT_LINE);
			if (rc != SB_OK)
				return rc;
		}
	}
	*n = json_array_size(a);
	return SB_OK;
}

/* POST /api/v1/meetings */
int
api_meetings_create(struct request *rq, struct response *rs)
{
	struct meeting_row m = {.pass_pct = 50};
	struct sb_fail fail = {0};
	struct invitee *inv = NULL;
	const char *committee, *pc;
	json_t *body = NULL, *filter;
	char *filter_text = NULL;
	int64_t id = 0, *picked = NULL, total = 0;
	size_t ninv = 0, npicked = 0, i;
	int rc;

	rc = ct_body(rq, meeting_fields, meeting_skip, &body);
	if (rc != SB_OK)
		goto out;
	committee = ct_str(body, "committee_code");
	m.committee_code = committee;
	m.topic = ct_str(body, "topic");
	m.place = ct_str(body, "place");
	m.project_id = json_integer_value(json_object_get(body, "project_id"));
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK && !clock_parse_time(ct_str(body, "held_at"), &m.held_at))
		rc = ct_bad(rq, SB_BAD_FIELD, "held_at", "a time (YYYY-MM-DDTHH:MM:SSZ)",
			    "须为时间（YYYY-MM-DDTHH:MM:SSZ）");
	if (rc == SB_OK && m.project_id) {
		rc = store_project_committee(rq->store, &rq->scope, m.project_id, &rq->arena, &pc);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(pc, committee) != 0))
			rc = ct_bad(rq, SB_BAD_FIELD, "project_id",
				    "no such project in the committee", "本居委会没有该项目");
	}
	if (rc == SB_OK)
		rc = quorum_of(rq, json_object_get(body, "quorum"), &m.quorum_min, &m.quorum_pct,
			       &m.pass_pct);
	if (rc == SB_OK)
		rc = invitees_of(rq, json_object_get(body, "invitees"), committee, &inv, &ninv);
	filter = json_object_get(body, "invite_filter");
	if (rc == SB_OK && filter) {
		struct filter f;
		const char *next = NULL;

		rc = filter_from_json(rq->store, filter, ct_today(rq), &rq->arena, &f, &fail);
		if (rc != SB_OK) {
			rc = request_fail(rq, rc,
					  arena_printf(&rq->arena, "invite_filter.%s",
						       fail.field ? fail.field : ""),
					  fail.en, fail.zh);
			goto out;
		}
		if (f.committee_code && strcmp(f.committee_code, committee) != 0) {
			rc = ct_bad(rq, SB_BAD_FIELD, "invite_filter.committee_code",
				    "must be the meeting's committee", "须为会议所属居委会");
			goto out;
		}
		f.committee_code = committee;
		rc = api_filter_of_committee(rq, &f, committee, "invite_filter");
		if (rc != SB_OK)
			goto out;
		rc = store_filter_residents(rq->store, &rq->scope, &f, NULL, MEETING_MAX_INVITED,
					    &rq->arena, &picked, &npicked, &total, &next);
		if (rc == SB_OK && total + (int64_t)ninv > MEETING_MAX_INVITED)
			rc = ct_bad(rq, SB_BAD_FIELD, "invite_filter",
				    "invites more than 500 people", "邀请人数超过 500");
		if (rc == SB_OK) {
			json_t *fj = filter_to_json(&f);

			filter_text = json_dumps(fj, JSON_COMPACT);
			json_decref(fj);
		}
	}
	if (rc != SB_OK)
		goto out;
	m.invite_filter = filter_text;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_meeting_insert(rq->store, &m, rq->user.id, rq->now, &id);
	for (i = 0; rc == SB_OK && i < ninv; i++)
		rc = store_meeting_participant_add(rq->store, id, inv[i].resident_id, inv[i].name,
						   inv[i].role);
	for (i = 0; rc == SB_OK && i < npicked; i++) {
		struct ct_resident r;

		rc = store_ct_resident(rq->store, &rq->scope, picked[i], &rq->arena, &r);
		if (rc == SB_OK)
			rc = store_meeting_participant_add(rq->store, id, picked[i], r.name,
							   "resident");
	}
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "meeting", ct_id(rq, id), committee,
			       json_pack("{s:s, s:I}", "topic", m.topic, "invited",
					 (json_int_t)(ninv + npicked)));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = reply_meeting(rq, rs, 201, id);
out:
	free(filter_text);
	json_decref(body);
	return rc;
}

/* GET /api/v1/meetings?committee_code=&project_id= */
int
api_meetings_list(struct request *rq, struct response *rs)
{
	const char *committee, *text;
	int64_t cursor, project = 0;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = ct_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = ct_committee_query(rq, &committee);
	if (rc == SB_OK)
		rc = api_query_int(rq, "project_id", &project);
	if (rc == SB_OK)
		rc = store_meeting_list(rq->store, &rq->scope, committee, project, cursor,
					limit + 1, &rq->arena, &text);
	if (rc != SB_OK)
		return rc;
	return ct_page(rq, rs, text, limit);
}

/* GET /api/v1/meetings/{id} */
int
api_meetings_get(struct request *rq, struct response *rs)
{
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc != SB_OK)
		return rc;
	return reply_meeting(rq, rs, 200, id);
}

static int
meeting_of(struct request *rq, int64_t *id, struct meeting_row *row)
{
	int rc = request_param_id(rq, "id", id);

	if (rc == SB_OK)
		rc = store_meeting_row(rq->store, &rq->scope, *id, &rq->arena, row);
	return rc;
}

static const struct jfield meeting_patch_fields[] = {
	{"topic", JF_STRING, false, 1, 200, false},
	{"project_id", JF_INT, false, 0, 0, false},
	{"held_at", JF_STRING, false, 20, 25, false},
	{"place", JF_STRING, false, 0, 200, false},
	{"minutes", JF_TEXT, false, 0, 20000, false},
	{"quorum", JF_OBJECT, false, 0, 0, false},
	{NULL},
};

/* PATCH /api/v1/meetings/{id}: topic, time, place, minutes (纪要), project, quorum. */
int
api_meetings_update(struct request *rq, struct response *rs)
{
	struct meeting_row row;
	const char *pc;
	json_t *body = NULL;
	int64_t id, held = 0, project;
	int qmin = -1, qpct = -1, pass = -1, rc;

	rc = meeting_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, meeting_patch_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	project = json_integer_value(json_object_get(body, "project_id"));
	if (ct_str(body, "held_at") && !clock_parse_time(ct_str(body, "held_at"), &held))
		rc = ct_bad(rq, SB_BAD_FIELD, "held_at", "a time (YYYY-MM-DDTHH:MM:SSZ)",
			    "须为时间（YYYY-MM-DDTHH:MM:SSZ）");
	if (rc == SB_OK && project) {
		rc = store_project_committee(rq->store, &rq->scope, project, &rq->arena, &pc);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(pc, row.committee_code) != 0))
			rc = ct_bad(rq, SB_BAD_FIELD, "project_id",
				    "no such project in the committee", "本居委会没有该项目");
	}
	if (rc == SB_OK)
		rc = quorum_of(rq, json_object_get(body, "quorum"), &qmin, &qpct, &pass);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_meeting_update(rq->store, id, ct_str(body, "topic"), held, ct_str(body, "place"),
				  ct_str(body, "minutes"), project, qmin, qpct, pass);
	if (rc == SB_OK) {
		json_t *d = json_deep_copy(body);

		/* the minutes can be long: the audit says they changed */
		if (json_object_get(d, "minutes"))
			json_object_set_new(d, "minutes", json_true());
		rc = api_audit(rq, "update", "meeting", ct_id(rq, id), row.committee_code, d);
	}
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = reply_meeting(rq, rs, 200, id);
out:
	json_decref(body);
	return rc;
}

static const struct jfield attendance_fields[] = {
	{"present", JF_OBJECT, true, 0, 0, false},
	{NULL},
};
static const char *const attendance_skip[] = {"present", NULL};

/* PUT /api/v1/meetings/{id}/attendance {"present":[participant ids]} */
int
api_meetings_attendance(struct request *rq, struct response *rs)
{
	struct meeting_row row;
	json_t *body = NULL;
	int64_t id, *ids;
	size_t n, i;
	int rc;

	rc = meeting_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, attendance_fields, attendance_skip, &body);
	if (rc == SB_OK)
		rc = ct_ids(rq, json_object_get(body, "present"), "present", MEETING_MAX_INVITED,
			    &ids, &n);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_meeting_present_clear(rq->store, id);
	for (i = 0; rc == SB_OK && i < n; i++) {
		rc = store_meeting_present_set(rq->store, id, ids[i], true);
		if (rc == SB_NOT_FOUND)
			rc = ct_bad(rq, SB_BAD_FIELD, "present",
				    arena_printf(&rq->arena,
						 "participant %lld is not invited to this meeting",
						 (long long)ids[i]),
				    arena_printf(&rq->arena, "参会人 %lld 不在本次会议的邀请名单中",
						 (long long)ids[i]));
	}
	if (rc == SB_OK)
		rc = api_audit(rq, "attendance", "meeting", ct_id(rq, id), row.committee_code,
			       json_pack("{s:I}", "present", (json_int_t)n));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = reply_meeting(rq, rs, 200, id);
out:
	json_decref(body);
	return rc;
}

static const struct jfield decision_fields[] = {
	{"text", JF_TEXT, true, 1, 2000, false},
	{NULL},
};

/* POST /api/v1/meetings/{id}/decisions */
int
api_meetings_decide(struct request *rq, struct response *rs)
{
	struct meeting_row row;
	json_t *body = NULL;
	int64_t id, did = 0;
	int rc;

	rc = meeting_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, decision_fields, NULL, &body);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_meeting_decision_insert(rq->store, id, ct_str(body, "text"), rq->now, &did);
	if (rc == SB_OK)
		rc = api_audit(rq, "decide", "meeting", ct_id(rq, id), row.committee_code,
			       json_pack("{s:I}", "decision_id", (json_int_t)did));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)did,
					     "meeting_id", (json_int_t)id, "text",
					     ct_str(body, "text"), "decided_at",
					     api_time(rq, rq->now)));
out:
	json_decref(body);
	return rc;
}

static const struct jfield motion_fields[] = {
	{"text", JF_TEXT, true, 1, 2000, false},
	{"kind", JF_STRING, false, 1, 20, false},
	{NULL},
};

/* POST /api/v1/meetings/{id}/motions: a motion put to the vote. */
int
api_meetings_motion(struct request *rq, struct response *rs)
{
	static const char *const kinds[] = {"approval", "satisfaction", NULL};
	struct meeting_row row;
	const char *kind;
	json_t *body = NULL;
	int64_t id, mid = 0;
	int rc;

	rc = meeting_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, motion_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	kind = ct_str(body, "kind") ? ct_str(body, "kind") : "approval";
	if (!one_of(kind, kinds))
		rc = ct_bad(rq, SB_BAD_FIELD, "kind", "approval or satisfaction",
			    "须为 approval 或 satisfaction");
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_meeting_motion_insert(rq->store, id, ct_str(body, "text"), kind, rq->now, &mid);
	if (rc == SB_OK)
		rc = api_audit(rq, "motion", "meeting", ct_id(rq, id), row.committee_code,
			       json_pack("{s:I, s:s}", "motion_id", (json_int_t)mid, "kind", kind));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)mid,
					     "meeting_id", (json_int_t)id, "text",
					     ct_str(body, "text"), "kind", kind));
out:
	json_decref(body);
	return rc;
}

static const struct jfield vote_fields[] = {
	{"motion_id", JF_INT, true, 0, 0, false},
	{"participant_id", JF_INT, true, 0, 0, false},
	{"choice", JF_STRING, false, 1, 10, false},
	{"score", JF_INT, false, 0, 0, false},
	{NULL},
};

/* POST /api/v1/meetings/{id}/votes: one vote of an invited participant
 * (who is then counted present). */
int
api_meetings_vote(struct request *rq, struct response *rs)
{
	static const char *const choices[] = {"for", "against", "abstain", NULL};
	struct meeting_row row;
	const char *kind, *choice;
	json_t *body = NULL, *sv;
	int64_t id, motion, who;
	bool invited = false, sat;
	int score = -1, rc;

	rc = meeting_of(rq, &id, &row);
	if (rc == SB_OK)
		rc = ct_body(rq, vote_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	motion = json_integer_value(json_object_get(body, "motion_id"));
	who = json_integer_value(json_object_get(body, "participant_id"));
	choice = ct_str(body, "choice");
	sv = json_object_get(body, "score");
	rc = store_meeting_motion_kind(rq->store, id, motion, &rq->arena, &kind);
	if (rc == SB_NOT_FOUND)
		rc = ct_bad(rq, SB_BAD_FIELD, "motion_id", "no such motion in this meeting",
			    "本次会议没有该表决事项");
	if (rc == SB_OK)
		rc = store_meeting_participant_of(rq->store, id, who, &invited);
	if (rc == SB_OK && !invited)
		rc = ct_bad(rq, SB_BAD_FIELD, "participant_id", "not invited to this meeting",
			    "不在本次会议的邀请名单中");
	if (rc != SB_OK)
		goto out;
	sat = strcmp(kind, "satisfaction") == 0;
	if (sat) {
		if (choice || sv == NULL || json_integer_value(sv) < 1 ||
		    json_integer_value(sv) > 5)
			rc = ct_bad(rq, SB_BAD_FIELD, "score",
				    "a satisfaction vote is a score from 1 to 5 (no choice)",
				    "满意度表决须为 1 至 5 的评分（不填 choice）");
		else
			score = (int)json_integer_value(sv);
	} else if (sv || !one_of(choice, choices)) {
		rc = ct_bad(rq, SB_BAD_FIELD, "choice", "for, against or abstain (no score)",
			    "须为 for、against 或 abstain（不填 score）");
	}
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_meeting_vote_insert(rq->store, motion, who, sat ? NULL : choice, score, rq->now);
	if (rc == SB_CONFLICT)
		rc = ct_bad(rq, rc, "participant_id", "has voted on this motion already",
			    "已对该事项投过票");
	if (rc == SB_OK)
		rc = store_meeting_present_set(rq->store, id, who, true);
	if (rc == SB_OK)
		rc = api_audit(rq, "vote", "meeting", ct_id(rq, id), row.committee_code,
			       json_pack("{s:I, s:I}", "motion_id", (json_int_t)motion,
					 "participant_id", (json_int_t)who));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = reply_meeting(rq, rs, 201, id);
out:
	json_decref(body);
	return rc;
}
