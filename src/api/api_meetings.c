#include <string.h>

#include "api/consult.h"
#include "core/meetings.h"

/* Meetings (议事会, docs/consultation.md): participants by filter and by
 * hand, attendance, minutes, decisions, motions and votes against the
 * meeting's quorum rule.  Each handler checks the wire format, calls
 * core/meetings.c and renders; projects are api_projects.c's.
 *
 * Issue 15: the syntax of a body (shapes, enums, the quorum object, the
 * invitees' members) is checked here, before core checks what it names
 * (committee, project, residents, the filter, dates); a body wrong in both
 * ways is refused for its syntax first.  A handler of a meeting's path
 * finds the meeting first (meeting_find: 404 out of scope, whatever the
 * body), then reads the body, then calls core with the scoped reference. */

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

static json_t *
id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* A share or mean rounded as the API shows it (4 or 2 decimals). */
static double
rounded(double v, double scale)
{
	return (double)(int64_t)(v * scale + 0.5) / scale;
}

/* A meeting as the API shows it: without its parts in a list; alone with
 * its participants, decisions and motions, each motion with its tally
 * against the meeting's quorum rule (core/meetings.c). */
static json_t *
meeting_json(struct request *rq, const struct meeting *m, bool whole)
{
	json_t *j, *parts, *decisions, *motions, *filter = NULL, *voted;
	struct vote_tally t;
	size_t i, k;

	if (m->invite_filter)
		filter = json_loads(m->invite_filter, JSON_DECODE_ANY, NULL);
	j = json_pack("{s:I, s:s, s:o, s:s, s:s, s:s?, s:{s:i, s:i, s:i}, s:o, s:s?, s:I, s:I, "
		      "s:s}",
		      "id", (json_int_t)m->id, "committee_code", m->committee_code, "project_id",
		      id_or_null(m->project_id), "topic", m->topic, "held_at",
		      api_time(rq, m->held_at), "place", m->place, "quorum", "min_present",
		      m->quorum_min, "present_pct", m->quorum_pct, "pass_pct", m->pass_pct,
		      "invite_filter", filter ? filter : json_null(), "minutes", m->minutes,
		      "invited", (json_int_t)m->invited, "present", (json_int_t)m->present,
		      "created_at", api_time(rq, m->created_at));
	if (!whole || j == NULL)
		return j;
	parts = json_array();
	for (i = 0; i < m->nparticipants; i++) {
		const struct meeting_participant *p = &m->participants[i];

		json_array_append_new(parts, json_pack("{s:I, s:o, s:s, s:s, s:b}", "id",
						       (json_int_t)p->id, "resident_id",
						       id_or_null(p->resident_id), "name", p->name,
						       "role", p->role, "present", p->present));
	}
	decisions = json_array();
	for (i = 0; i < m->ndecisions; i++)
		json_array_append_new(decisions,
				      json_pack("{s:I, s:s, s:s}", "id",
						(json_int_t)m->decisions[i].id, "text",
						m->decisions[i].text, "decided_at",
						api_time(rq, m->decisions[i].decided_at)));
	motions = json_array();
	for (i = 0; i < m->nmotions; i++) {
		const struct meeting_motion *v = &m->motions[i];
		bool satisfaction = strcmp(v->kind, "satisfaction") == 0;

		meeting_motion_tally(m, v, &t);
		voted = json_array();
		for (k = 0; k < v->nvoted; k++)
			json_array_append_new(voted, json_integer(v->voted[k]));
		json_array_append_new(
			motions,
			json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:[i,i,i,i,i], s:o, s:i, "
				  "s:f, s:o, s:b, s:b}",
				  "id", (json_int_t)v->id, "text", v->text, "kind", v->kind,
				  "created_at", api_time(rq, v->created_at), "for", v->votes_for,
				  "against", v->against, "abstain", v->abstain, "scores",
				  v->scores[0], v->scores[1], v->scores[2], v->scores[3],
				  v->scores[4], "voted", voted, "cast", t.cast, "approval_share",
				  rounded(t.approval, 10000), "mean",
				  satisfaction && t.cast ? json_real(rounded(t.mean, 100))
							 : json_null(),
				  "quorum_met", t.quorum_met, "passed", t.passed));
	}
	json_object_set_new(j, "participants", parts);
	json_object_set_new(j, "decisions", decisions);
	json_object_set_new(j, "motions", motions);
	return j;
}

/* Answers a meeting from core (or the refusal). */
static int
reply_meeting(struct request *rq, struct response *rs, int rc, int status, const struct meeting *m,
	      const struct sb_fail *fail)
{
	if (rc != SB_OK)
		return fail ? api_fail(rq, rc, fail) : rc;
	return response_json(rs, status, meeting_json(rq, m, true));
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
		return request_refuse(rq, SB_BAD_FIELD, "quorum", "must be an object",
				      "必须是对象");
	json_object_foreach (q, key, v) {
		for (k = 0; keys[k] && strcmp(keys[k], key) != 0; k++)
			;
		if (keys[k] == NULL)
			return request_refuse(rq, SB_BAD_FIELD,
					      arena_printf(&rq->arena, "quorum.%s", key),
					      "unknown field", "未知字段");
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > (k == 0 ? 100000 : 100))
			return request_refuse(
				rq, SB_BAD_FIELD, arena_printf(&rq->arena, "quorum.%s", key),
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

/* The hand-picked invitees: [{"resident_id"} or {"name"}, "role"]; a
 * resident's name is core's to read. */
static int
invitees_of(struct request *rq, json_t *a, struct meeting_invitee **out, size_t *n)
{
	json_t *o, *v;
	const char *key;
	size_t i;

	*out = NULL;
	*n = 0;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > MEETING_MAX_INVITED)
		return request_refuse(rq, SB_BAD_FIELD, "invitees",
				      "a list of at most 500 invitees", "须为不超过 500 人的列表");
	*out = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(**out));
	json_array_foreach (a, i, o) {
		struct meeting_invitee *iv = &(*out)[i];
		const char *f = arena_printf(&rq->arena, "invitees[%zu]", i);
		int rc;

		if (!json_is_object(o))
			return request_refuse(rq, SB_BAD_FIELD, f, "must be an object",
					      "必须是对象");
		json_object_foreach (o, key, v) {
			if (strcmp(key, "resident_id") && strcmp(key, "name") &&
			    strcmp(key, "role"))
				return request_refuse(rq, SB_BAD_FIELD,
						      arena_printf(&rq->arena, "%s.%s", f, key),
						      "unknown field", "未知字段");
		}
		iv->role = json_string_value(json_object_get(o, "role"));
		if (!one_of(iv->role, roles))
			return request_refuse(
				rq, SB_BAD_FIELD, arena_printf(&rq->arena, "%s.role", f),
				"one of resident, building_leader, party_member, resident_rep, "
				"owners_committee, property, expert",
				"须为 resident、building_leader、party_member、resident_rep、"
				"owners_committee、property、expert 之一");
		v = json_object_get(o, "resident_id");
		if (v) {
			if (!json_is_integer(v))
				return request_refuse(rq, SB_BAD_FIELD,
						      arena_printf(&rq->arena, "%s.resident_id", f),
						      "must be an integer", "必须是整数");
			iv->resident_id = json_integer_value(v);
			iv->name = NULL;
			/* an id that names no resident: core refuses it like one of
			 * another committee (0 would read as an outsider) */
			if (iv->resident_id == 0)
				iv->resident_id = -1;
		} else {
			iv->resident_id = 0;
			iv->name = json_string_value(json_object_get(o, "name"));
			if (iv->name == NULL || *iv->name == '\0' || utf8_chars(iv->name) > 200)
				return request_refuse(
					rq, SB_BAD_FIELD, arena_printf(&rq->arena, "%s.name", f),
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
	struct meeting_new in = {.pass_pct = 50};
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct meeting m = {0};
	json_t *body = NULL;
	int rc;

	rc = consult_body(rq, meeting_fields, meeting_skip, &body);
	if (rc != SB_OK)
		goto out;
	in.committee_code = consult_member_text(body, "committee_code");
	in.topic = consult_member_text(body, "topic");
	in.place = consult_member_text(body, "place");
	in.held_at = consult_member_text(body, "held_at");
	in.project_id = json_integer_value(json_object_get(body, "project_id"));
	in.invite_filter = json_object_get(body, "invite_filter");
	rc = quorum_of(rq, json_object_get(body, "quorum"), &in.quorum_min, &in.quorum_pct,
		       &in.pass_pct);
	if (rc == SB_OK)
		rc = invitees_of(rq, json_object_get(body, "invitees"), &in.invitees,
				 &in.ninvitees);
	if (rc == SB_OK)
		rc = meeting_create(rq->store, &rq->scope, &who, &in, &rq->arena, &m, &fail);
	rc = reply_meeting(rq, rs, rc, 201, &m, &fail);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/meetings?committee_code=&project_id= */
int
api_meetings_list(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct meeting_list list;
	const char *next = NULL;
	json_t *items;
	int64_t cursor, project = 0;
	size_t i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = consult_query_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = api_query_int(rq, "project_id", &project);
	if (rc == SB_OK)
		rc = meeting_list(rq->store, &rq->scope, request_query(rq, "committee_code"),
				  project, cursor, limit + 1, &rq->arena, &list, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	/* one more than the page says there is more: the last kept is the cursor */
	if (list.n > (size_t)limit) {
		list.n = (size_t)limit;
		next = arena_printf(&rq->arena, "%lld", (long long)list.items[limit - 1].id);
	}
	items = json_array();
	for (i = 0; i < list.n; i++)
		json_array_append_new(items, meeting_json(rq, &list.items[i], false));
	return response_json(rs, 200, api_page(items, next));
}

/* GET /api/v1/meetings/{id} */
int
api_meetings_get(struct request *rq, struct response *rs)
{
	struct meeting m = {0};
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc != SB_OK)
		return rc;
	rc = meeting_get(rq->store, &rq->scope, id, &rq->arena, &m);
	return reply_meeting(rq, rs, rc, 200, &m, NULL);
}

/* The meeting of the path, in scope (404 otherwise). */
static int
meeting_of(struct request *rq, struct meeting_ref *meeting)
{
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = meeting_find(rq->store, &rq->scope, id, &rq->arena, meeting);
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
	struct meeting_change in = {.quorum_min = -1, .quorum_pct = -1, .pass_pct = -1};
	struct actor who = api_actor(rq);
	struct meeting_ref meeting;
	struct sb_fail fail = {0};
	struct meeting m = {0};
	json_t *body = NULL;
	int rc;

	rc = meeting_of(rq, &meeting);
	if (rc == SB_OK)
		rc = consult_body(rq, meeting_patch_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	in.topic = consult_member_text(body, "topic");
	in.place = consult_member_text(body, "place");
	in.minutes = consult_member_text(body, "minutes");
	in.held_at = consult_member_text(body, "held_at");
	in.project_id = json_integer_value(json_object_get(body, "project_id"));
	rc = quorum_of(rq, json_object_get(body, "quorum"), &in.quorum_min, &in.quorum_pct,
		       &in.pass_pct);
	if (rc == SB_OK)
		rc = meeting_update(rq->store, &rq->scope, &who, &meeting, &in,
				    json_deep_copy(body), &rq->arena, &m, &fail);
	rc = reply_meeting(rq, rs, rc, 200, &m, &fail);
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
	struct actor who = api_actor(rq);
	struct meeting_ref meeting;
	struct sb_fail fail = {0};
	struct meeting m = {0};
	json_t *body = NULL;
	int64_t *ids;
	size_t n;
	int rc;

	rc = meeting_of(rq, &meeting);
	if (rc == SB_OK)
		rc = consult_body(rq, attendance_fields, attendance_skip, &body);
	if (rc == SB_OK)
		rc = consult_ids(rq, json_object_get(body, "present"), "present",
				 MEETING_MAX_INVITED, &ids, &n);
	if (rc != SB_OK)
		goto out;
	rc = meeting_attendance(rq->store, &rq->scope, &who, &meeting, ids, n, &rq->arena, &m,
				&fail);
	rc = reply_meeting(rq, rs, rc, 200, &m, &fail);
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
	struct actor who = api_actor(rq);
	struct meeting_ref meeting;
	json_t *body = NULL;
	int64_t id = 0;
	int rc;

	rc = meeting_of(rq, &meeting);
	if (rc == SB_OK)
		rc = consult_body(rq, decision_fields, NULL, &body);
	if (rc == SB_OK)
		rc = meeting_decide(rq->store, &who, &meeting, consult_member_text(body, "text"),
				    &rq->arena, &id);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id,
					     "meeting_id", (json_int_t)meeting.id, "text",
					     consult_member_text(body, "text"), "decided_at",
					     api_time(rq, rq->now)));
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
	struct actor who = api_actor(rq);
	struct meeting_ref meeting;
	const char *kind;
	json_t *body = NULL;
	int64_t id = 0;
	int rc;

	rc = meeting_of(rq, &meeting);
	if (rc == SB_OK)
		rc = consult_body(rq, motion_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	kind = consult_member_text(body, "kind") ? consult_member_text(body, "kind") : "approval";
	if (!one_of(kind, kinds))
		rc = request_refuse(rq, SB_BAD_FIELD, "kind", "approval or satisfaction",
				    "须为 approval 或 satisfaction");
	if (rc == SB_OK)
		rc = meeting_motion_add(rq->store, &who, &meeting,
					consult_member_text(body, "text"), kind, &rq->arena, &id);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id,
					     "meeting_id", (json_int_t)meeting.id, "text",
					     consult_member_text(body, "text"), "kind", kind));
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
	struct actor who = api_actor(rq);
	struct meeting_vote in = {0};
	struct meeting_ref meeting;
	struct sb_fail fail = {0};
	struct meeting m = {0};
	json_t *body = NULL;
	int rc;

	rc = meeting_of(rq, &meeting);
	if (rc == SB_OK)
		rc = consult_body(rq, vote_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	in.motion_id = json_integer_value(json_object_get(body, "motion_id"));
	in.participant_id = json_integer_value(json_object_get(body, "participant_id"));
	in.choice = consult_member_text(body, "choice");
	in.has_score = json_object_get(body, "score") != NULL;
	in.score = json_integer_value(json_object_get(body, "score"));
	rc = meeting_vote(rq->store, &rq->scope, &who, &meeting, &in, &rq->arena, &m, &fail);
	rc = reply_meeting(rq, rs, rc, 201, &m, &fail);
out:
	json_decref(body);
	return rc;
}
