#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/issues.h"
#include "core/open311.h"
#include "http/json_io.h"
#include "http/server.h"
#include "util/clock.h"

/* Residents' problems (docs/issues.md): categories, intake, the queue, one
 * issue with its timeline, the steps of the state machine, the resident's
 * feedback link, the figures and the Open311 api keys. */

/* The caller as the desk takes it (core/issue_desk.c). */
static void
caller_of(struct request *rq, struct issue_caller *caller)
{
	caller->who = api_actor(rq);
	caller->role = rq->user.role;
	caller->key = server_key(rq->srv);
}

static json_t *
time_or_null(struct request *rq, int64_t t)
{
	return t ? json_string(api_time(rq, t)) : json_null();
}

static json_t *
id_or_null(int64_t id)
{
	return id ? json_integer((json_int_t)id) : json_null();
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const char *
str_member(json_t *body, const char *name)
{
	return json_string_value(json_object_get(body, name));
}

/* Categories. */

static json_t *
category_json(const struct issue_category *c)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:b}", "code", c->code,
			 "service_code", c->code, "name", c->name, "name_en", c->name_en,
			 "description", c->description, "days_committee", c->days_committee,
			 "days_street", c->days_street, "days_district", c->days_district,
			 "days_urgent", c->days_urgent, "active", c->active);
}

/* GET /api/v1/issue-categories */
int
api_issue_categories_list(struct request *rq, struct response *rs)
{
	struct issue_category_list l;
	json_t *items;
	size_t i;
	int rc = issue_category_list(rq->store, &rq->arena, &l);

	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, category_json(&l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/issue-categories/{code} */
int
api_issue_categories_get(struct request *rq, struct response *rs)
{
	struct issue_category c;
	struct sb_fail fail = {0};
	int rc = issue_category_find(rq->store, request_param(rq, "code"), &rq->arena, &c, &fail);

	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return response_json(rs, 200, category_json(&c));
}

static const struct jfield category_fields[] = {
	{"name", JF_STRING, false, 1, 50, false},
	{"name_en", JF_STRING, false, 1, 100, false},
	{"description", JF_TEXT, false, 1, 500, false},
	{"days_committee", JF_INT, false, 0, 0, false},
	{"days_street", JF_INT, false, 0, 0, false},
	{"days_district", JF_INT, false, 0, 0, false},
	{"days_urgent", JF_INT, false, 0, 0, false},
	{"active", JF_BOOL, false, 0, 0, false},
	{NULL},
};

/* A deadline member as given: its working days, clamped into int so that
 * core's range check (1 to 250) refuses what is out of it; 0 when absent. */
static int
days_member(json_t *body, const char *name)
{
	json_t *v = json_object_get(body, name);
	json_int_t n = json_integer_value(v);

	if (v == NULL)
		return 0;
	return n < 1 ? -1 : n > 250 ? 251 : (int)n;
}

/* PATCH /api/v1/issue-categories/{code}: names and deadlines (admin). */
int
api_issue_categories_update(struct request *rq, struct response *rs)
{
	struct issue_category_change change = {0};
	struct issue_caller who;
	struct issue_category c;
	struct sb_fail fail = {0};
	json_t *body = NULL, *active;
	int rc;

	caller_of(rq, &who);
	/* The category first: an unknown code is 404 whatever the body. */
	rc = issue_category_find(rq->store, request_param(rq, "code"), &rq->arena, &c, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, category_fields);
	if (rc != SB_OK)
		goto out;
	change.days_committee = days_member(body, "days_committee");
	change.days_street = days_member(body, "days_street");
	change.days_district = days_member(body, "days_district");
	change.days_urgent = days_member(body, "days_urgent");
	change.name = str_member(body, "name");
	change.name_en = str_member(body, "name_en");
	change.description = str_member(body, "description");
	active = json_object_get(body, "active");
	change.has_active = active != NULL;
	change.active = json_is_true(active);
	rc = issue_category_change(rq->store, &who, &c, &change, json_deep_copy(body), &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, category_json(&c));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* Issues as JSON. */

static json_t *
event_json(struct request *rq, const struct issue_event *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer((json_int_t)e->id));
	json_object_set_new(o, "at", json_string(api_time(rq, e->at)));
	json_object_set_new(o, "user_id", id_or_null(e->user_id));
	json_object_set_new(o, "username", str_or_null(e->username));
	json_object_set_new(o, "name", str_or_null(e->name));
	json_object_set_new(o, "via", str_or_null(e->via));
	json_object_set_new(o, "action", json_string(e->action));
	json_object_set_new(o, "from_status", str_or_null(e->from_status));
	json_object_set_new(o, "to_status", json_string(e->to_status));
	json_object_set_new(o, "level", json_string(e->level));
	json_object_set_new(o, "note", str_or_null(e->note));
	json_object_set_new(o, "reason", str_or_null(e->reason));
	json_object_set_new(o, "assignee_id", id_or_null(e->assignee_id));
	json_object_set_new(o, "satisfaction",
			    e->satisfaction ? json_integer(e->satisfaction) : json_null());
	json_object_set_new(o, "comment", str_or_null(e->comment));
	json_object_set_new(o, "hotline_no", str_or_null(e->hotline_no));
	return o;
}

static json_t *
issue_json(struct request *rq, const struct issue *i)
{
	json_t *o = json_object();
	int s = issue_status_parse(i->status);

	json_object_set_new(o, "id", json_integer((json_int_t)i->id));
	json_object_set_new(o, "receipt_no", str_or_null(i->receipt_no));
	json_object_set_new(o, "category", json_string(i->category));
	json_object_set_new(o, "category_name", str_or_null(i->category_name));
	json_object_set_new(o, "description", json_string(i->description));
	json_object_set_new(o, "channel", json_string(i->channel));
	json_object_set_new(o, "priority", json_string(i->priority));
	json_object_set_new(o, "status", json_string(i->status));
	json_object_set_new(o, "level", json_string(i->level));
	json_object_set_new(o, "committee_code", str_or_null(i->committee_code));
	json_object_set_new(o, "street_code", json_string(i->street_code));
	json_object_set_new(o, "compound_id", id_or_null(i->compound_id));
	json_object_set_new(o, "building_id", id_or_null(i->building_id));
	json_object_set_new(o, "household_id", id_or_null(i->household_id));
	json_object_set_new(o, "resident_id", id_or_null(i->resident_id));
	json_object_set_new(o, "address", str_or_null(i->address));
	json_object_set_new(o, "reporter_name", str_or_null(i->reporter_name));
	json_object_set_new(o, "reporter_phone", str_or_null(i->reporter_phone_mask));
	json_object_set_new(o, "lat", i->has_location ? json_real(i->lat) : json_null());
	json_object_set_new(o, "long", i->has_location ? json_real(i->lon) : json_null());
	json_object_set_new(o, "assignee_id", id_or_null(i->assignee_id));
	json_object_set_new(o, "assignee_name", str_or_null(i->assignee_name));
	json_object_set_new(o, "hotline_no", str_or_null(i->hotline_no));
	json_object_set_new(o, "hotline_state", str_or_null(i->hotline_state));
	json_object_set_new(o, "created_at", json_string(api_time(rq, i->created_at)));
	json_object_set_new(o, "created_by", id_or_null(i->created_by));
	json_object_set_new(o, "created_by_name", str_or_null(i->created_by_name));
	json_object_set_new(o, "updated_at", json_string(api_time(rq, i->updated_at)));
	json_object_set_new(o, "accepted_at", time_or_null(rq, i->accepted_at));
	json_object_set_new(o, "resolved_at", time_or_null(rq, i->resolved_at));
	json_object_set_new(o, "closed_at", time_or_null(rq, i->closed_at));
	json_object_set_new(o, "due_date", json_string(i->due_date));
	json_object_set_new(o, "due_at", json_string(api_time(rq, i->due_at)));
	json_object_set_new(o, "overdue",
			    json_boolean(s >= 0 && issue_status_open((enum issue_status)s) &&
					 i->due_at < rq->now));
	json_object_set_new(o, "escalations", json_integer(i->escalations));
	json_object_set_new(o, "resolution", str_or_null(i->resolution));
	json_object_set_new(o, "satisfaction",
			    i->satisfaction ? json_integer(i->satisfaction) : json_null());
	json_object_set_new(o, "feedback_comment", str_or_null(i->feedback_comment));
	json_object_set_new(o, "feedback_at", time_or_null(rq, i->feedback_at));
	return o;
}

/* One issue with its timeline. */
static json_t *
issue_view_json(struct request *rq, const struct issue_view *v)
{
	json_t *o = issue_json(rq, &v->issue), *events = json_array();
	size_t k;

	for (k = 0; k < v->events.n; k++)
		json_array_append_new(events, event_json(rq, &v->events.items[k]));
	json_object_set_new(o, "events", events);
	return o;
}

/* An optional positive id member; 0 when absent or null. */
static int
id_member(struct request *rq, json_t *body, const char *name, int64_t *out)
{
	json_t *v = json_object_get(body, name);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return SB_OK;
	if (json_integer_value(v) < 1)
		return request_fail(rq, SB_BAD_FIELD, name,
				    arena_printf(&rq->arena, "%s: a positive id", name),
				    arena_printf(&rq->arena, "%s：须为正整数 id", name));
	*out = (int64_t)json_integer_value(v);
	return SB_OK;
}

static const struct jfield create_fields[] = {
	{"category", JF_STRING, true, 1, 40, false},
	{"description", JF_TEXT, true, 1, 2000, false},
	{"channel", JF_STRING, true, 1, 20, false},
	{"priority", JF_STRING, false, 1, 20, false},
	{"committee_code", JF_STRING, false, 1, 12, true},
	{"compound_id", JF_INT, false, 0, 0, true},
	{"building_id", JF_INT, false, 0, 0, true},
	{"household_id", JF_INT, false, 0, 0, true},
	{"resident_id", JF_INT, false, 0, 0, true},
	{"address", JF_STRING, false, 1, 200, true},
	{"reporter_name", JF_STRING, false, 1, 50, true},
	{"reporter_phone", JF_STRING, false, 1, 30, true},
	{"assignee_id", JF_INT, false, 0, 0, true},
	{"hotline_no", JF_STRING, false, 1, 40, true},
	{"received_at", JF_STRING, false, 10, 40, true},
	{NULL},
};

/* POST /api/v1/issues: intake by any worker for any place of its
 * jurisdiction (全岗通); 201 with the issue, its receipt number and timeline. */
/* A helper (docs/accounts.md, "Light accounts") reports a problem in its
 * buildings: it names a household, resident or building of its own (400
 * naming the member otherwise), never a compound or an assignee. */
static int
helper_issue(struct request *rq, const struct issue_new *in)
{
	int rc = SB_OK;

	if (in->assignee_id)
		return request_fail(rq, SB_FORBIDDEN, "assignee_id",
				    "assignee_id: the committee assigns a helper's report",
				    "assignee_id：楼组长、志愿者上报的问题由居委会分派");
	if (in->compound_id)
		return request_fail(rq, SB_BAD_FIELD, "compound_id",
				    "compound_id: a helper reports in its buildings: name one",
				    "compound_id：请填写您负责的楼栋、户或居民");
	if (!in->household_id && !in->resident_id && !in->building_id)
		return request_fail(rq, SB_BAD_FIELD, "building_id",
				    "building_id: a helper names a building, household or resident "
				    "of its own",
				    "building_id：请填写您负责的楼栋、户或居民");
	if (in->household_id)
		rc = api_helper_has(rq, "household", in->household_id, "household_id");
	if (rc == SB_OK && in->resident_id)
		rc = api_helper_has(rq, "resident", in->resident_id, "resident_id");
	if (rc == SB_OK && in->building_id)
		rc = api_helper_has(rq, "building", in->building_id, "building_id");
	return rc;
}

int
api_issues_create(struct request *rq, struct response *rs)
{
	struct issue_caller who;
	struct issue_new in = {0};
	struct issue_view made;
	struct sb_fail fail = {0};
	json_t *body = NULL;
	const char *received;
	int rc;

	caller_of(rq, &who);
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, create_fields);
	if (rc == SB_OK)
		rc = id_member(rq, body, "compound_id", &in.compound_id);
	if (rc == SB_OK)
		rc = id_member(rq, body, "building_id", &in.building_id);
	if (rc == SB_OK)
		rc = id_member(rq, body, "household_id", &in.household_id);
	if (rc == SB_OK)
		rc = id_member(rq, body, "resident_id", &in.resident_id);
	if (rc == SB_OK)
		rc = id_member(rq, body, "assignee_id", &in.assignee_id);
	if (rc == SB_OK && rq->user.role == ROLE_HELPER)
		rc = helper_issue(rq, &in);
	if (rc != SB_OK)
		goto out;
	in.category = str_member(body, "category");
	in.description = str_member(body, "description");
	in.channel = str_member(body, "channel");
	in.priority = str_member(body, "priority");
	in.committee_code = str_member(body, "committee_code");
	in.address = str_member(body, "address");
	in.reporter_name = str_member(body, "reporter_name");
	in.reporter_phone = str_member(body, "reporter_phone");
	in.hotline_no = str_member(body, "hotline_no");
	received = str_member(body, "received_at");
	if (received && !clock_parse_time(received, &in.received_at)) {
		rc = request_fail(rq, SB_BAD_FIELD, "received_at",
				  "received_at: an RFC 3339 time such as 2026-05-01T09:30:00Z",
				  "received_at：须为 RFC 3339 时间，如 2026-05-01T09:30:00Z");
		goto out;
	}
	rc = issue_take_in(rq->store, &rq->scope, &who, &in, &rq->arena, &made, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	response_header(rq, rs, "Location",
			arena_printf(&rq->arena, "/api/v1/issues/%lld", (long long)made.issue.id));
	rc = response_json(rs, 201, issue_view_json(rq, &made));
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/issues/{id}: the issue and its timeline. */
int
api_issues_get(struct request *rq, struct response *rs)
{
	struct issue_view v;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = issue_read(rq->store, &rq->scope, id, &rq->arena, &v);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, issue_view_json(rq, &v));
}

static const struct jfield patch_fields[] = {
	{"category", JF_STRING, false, 1, 40, false},
	{"priority", JF_STRING, false, 1, 20, false},
	{"description", JF_TEXT, false, 1, 2000, false},
	{"address", JF_STRING, false, 1, 200, true},
	{NULL},
};

/* PATCH /api/v1/issues/{id}: category, priority, description, address of an
 * open issue, by its level. */
int
api_issues_update(struct request *rq, struct response *rs)
{
	struct issue_caller who;
	struct issue_patch p = {0};
	struct issue_view changed;
	struct sb_fail fail = {0};
	json_t *body = NULL;
	int64_t id;
	int rc;

	caller_of(rq, &who);
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, patch_fields);
	if (rc != SB_OK)
		goto out;
	p.category = str_member(body, "category");
	p.priority = str_member(body, "priority");
	p.description = str_member(body, "description");
	p.address = str_member(body, "address");
	p.address_null = json_is_null(json_object_get(body, "address"));
	rc = issue_change(rq->store, &rq->scope, &who, id, &p, json_deep_copy(body), &rq->arena,
			  &changed, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 200, issue_view_json(rq, &changed));
out:
	json_decref(body);
	return rc;
}

static const struct jfield event_fields[] = {
	{"action", JF_STRING, true, 1, 30, false},
	{"note", JF_TEXT, false, 1, 2000, false},
	{"reason", JF_TEXT, false, 1, 500, false},
	{"assignee_id", JF_INT, false, 0, 0, false},
	{"satisfaction", JF_INT, false, 0, 0, false},
	{"comment", JF_TEXT, false, 1, 500, false},
	{"hotline_no", JF_STRING, false, 1, 40, false},
	{"committee_code", JF_STRING, false, 1, 12, false},
	{NULL},
};

/* The members of an event body, in the order of the IF_* bits. */
static const char *const event_members[] = {
	"note", "reason", "assignee_id", "satisfaction", "comment", "hotline_no", "committee_code"};

/* POST /api/v1/issues/{id}/events: one step of the state machine. */
int
api_issues_event(struct request *rq, struct response *rs)
{
	struct issue_caller who;
	struct issue_step step = {0};
	struct issue_step_result res;
	struct issue_view after;
	struct sb_fail fail = {0};
	json_t *body = NULL, *out;
	int64_t id;
	size_t k;
	int rc, a;

	caller_of(rq, &who);
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, event_fields);
	if (rc != SB_OK)
		goto out;
	a = issue_action_parse(str_member(body, "action"));
	if (a < 0) {
		rc = request_fail(
			rq, SB_BAD_FIELD, "action",
			"action: one of accept, assign, start, note, escalate, return, "
			"resolve, feedback, reopen, close, hotline_handoff, hotline_return",
			"action：须为 accept、assign、start、note、escalate、return、"
			"resolve、feedback、reopen、close、hotline_handoff、hotline_return "
			"之一");
		goto out;
	}
	step.action = (enum issue_action)a;
	for (k = 0; k < sizeof(event_members) / sizeof(event_members[0]); k++)
		if (json_object_get(body, event_members[k]))
			step.given |= 1u << k;
	step.note = str_member(body, "note");
	step.reason = str_member(body, "reason");
	step.comment = str_member(body, "comment");
	step.hotline_no = str_member(body, "hotline_no");
	step.committee_code = str_member(body, "committee_code");
	step.assignee_id = (int64_t)json_integer_value(json_object_get(body, "assignee_id"));
	step.satisfaction = (int)json_integer_value(json_object_get(body, "satisfaction"));
	if ((step.given & IF_SATISFACTION) &&
	    json_integer_value(json_object_get(body, "satisfaction")) != step.satisfaction)
		step.satisfaction = 0; /* out of int range: refused below */
	rc = issue_take_step(rq->store, &rq->scope, &who, id, &step, &rq->arena, &after, &res,
			     &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	out = issue_view_json(rq, &after);
	if (res.feedback_token[0])
		json_object_set_new(out, "feedback_link",
				    json_pack("{s:s, s:s, s:s}", "token", res.feedback_token,
					      "path",
					      arena_printf(&rq->arena, "/api/v1/feedback/%s",
							   res.feedback_token),
					      "expires_at", api_time(rq, res.feedback_expires_at)));
	rc = response_json(rs, 201, out);
out:
	json_decref(body);
	return rc;
}

/* The queue. */

/* An enumerated query parameter. */
static int
query_enum(struct request *rq, const char *name, const char *const *values, const char **out)
{
	const char *v = request_query(rq, name);
	const char *const *p;

	*out = NULL;
	if (v == NULL)
		return SB_OK;
	for (p = values; *p; p++)
		if (strcmp(*p, v) == 0) {
			*out = *p;
			return SB_OK;
		}
	return request_refuse(rq, SB_BAD_QUERY, name, "not one of the allowed values",
			      "不是允许的取值");
}

static const char *const levels[] = {"committee", "street", "district", NULL};
static const char *const priorities[] = {"normal", "urgent", NULL};
static const char *const channel_values[] = {"office",	"visit",   "phone", "online",
					     "hotline", "open311", NULL};
static const char *const sorts[] = {"due", "newest", NULL};

/* GET /api/v1/issues: the queue of the caller's jurisdiction with filters;
 * by deadline (overdue first) or newest first. */
int
api_issues_list(struct request *rq, struct response *rs)
{
	struct issue_filter f = {0};
	struct sb_fail fail = {0};
	struct issue_list l;
	struct api_range range;
	const char *v, *sort, *cursor = request_query(rq, "cursor");
	const char **statuses = NULL;
	int64_t total;
	json_t *items, *page;
	size_t nstatuses = 0, i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = query_enum(rq, "level", levels, &f.level);
	if (rc == SB_OK)
		rc = query_enum(rq, "priority", priorities, &f.priority);
	if (rc == SB_OK)
		rc = query_enum(rq, "channel", channel_values, &f.channel);
	if (rc == SB_OK)
		rc = query_enum(rq, "sort", sorts, &sort);
	if (rc == SB_OK)
		rc = api_query_int(rq, "household_id", &f.household_id);
	if (rc == SB_OK)
		rc = api_query_int(rq, "resident_id", &f.resident_id);
	if (rc == SB_OK)
		rc = api_query_int(rq, "compound_id", &f.compound_id);
	if (rc == SB_OK)
		rc = api_query_range(rq, API_RANGE_TIMES, &range);
	if (rc != SB_OK)
		return rc;
	f.from = range.from;
	f.to = range.to;
	f.newest = sort && strcmp(sort, "newest") == 0;
	v = request_query(rq, "assignee_id");
	if (v && strcmp(v, "me") == 0) {
		f.assignee_id = rq->user.id;
	} else if (v) {
		rc = api_query_int(rq, "assignee_id", &f.assignee_id);
		if (rc != SB_OK)
			return rc;
	}
	v = request_query(rq, "status");
	if (v) {
		size_t k;

		if (strcmp(v, "open") == 0) {
			f.open_only = true;
		} else if (!open311_split_list(v, &rq->arena, &statuses, &nstatuses, 6)) {
			return request_refuse(rq, SB_BAD_QUERY, "status",
					      "a comma-separated list of statuses, or open",
					      "须为逗号分隔的状态列表，或 open");
		}
		for (k = 0; k < nstatuses; k++)
			if (issue_status_parse(statuses[k]) < 0)
				return request_refuse(
					rq, SB_BAD_QUERY, "status",
					"received, accepted, in_progress, resolved, closed, "
					"reopened or open",
					"须为 received、accepted、in_progress、resolved、"
					"closed、reopened 或 open");
	}
	f.statuses = statuses;
	f.nstatuses = nstatuses;
	f.category = request_query(rq, "category");
	f.area = request_query(rq, "area");
	if (f.area == NULL)
		f.area = request_query(rq, "committee_code");
	rc = issue_queue_filter(rq->store, &rq->scope, &f,
				request_query(rq, "area") ? "area" : "committee_code", &rq->arena,
				&fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	f.receipt_no = request_query(rq, "receipt_no");
	f.hotline_no = request_query(rq, "hotline_no");
	v = request_query(rq, "overdue");
	if (v && strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		return request_refuse(rq, SB_BAD_QUERY, "overdue", "true or false",
				      "须为 true 或 false");
	f.overdue = v && strcmp(v, "true") == 0;
	f.now = rq->now;
	if (cursor) {
		long long key, id;
		int used = 0;

		if (sscanf(cursor, "%lld.%lld%n", &key, &id, &used) != 2 ||
		    (size_t)used != strlen(cursor) || id < 1)
			return request_refuse(rq, SB_BAD_QUERY, "cursor",
					      "not a cursor from this list",
					      "不是本列表给出的游标");
		f.has_cursor = true;
		f.cursor_key = key;
		f.cursor_id = id;
	}
	f.limit = limit + 1;
	rc = issue_queue(rq->store, &rq->scope, &f, &rq->arena, &l, &total);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n && i < (size_t)limit; i++)
		json_array_append_new(items, issue_json(rq, &l.items[i]));
	{
		const char *next = NULL;

		if (l.n > (size_t)limit) {
			const struct issue *last = &l.items[limit - 1];

			next = arena_printf(&rq->arena, "%lld.%lld",
					    (long long)(f.newest ? last->created_at : last->due_at),
					    (long long)last->id);
		}
		page = api_page(items, next);
	}
	json_object_set_new(page, "total", json_integer((json_int_t)total));
	return response_json(rs, 200, page);
}

/* The resident's feedback link (no session). */

/* A short summary without personal data: the category, the compound (never
 * a room), the day it was taken in. */
static const char *
summary(struct request *rq, const struct issue *i)
{
	char day[11];

	clock_shanghai_date(i->created_at, day);
	if (i->compound_name)
		return arena_printf(&rq->arena, "%s（%s），%s 受理", i->category_name,
				    i->compound_name, day);
	return arena_printf(&rq->arena, "%s，%s 受理", i->category_name, day);
}

/* GET /api/v1/feedback/{token} */
int
api_feedback_get(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct issue i;
	int rc;

	rc = issue_link_issue(rq->store, request_param(rq, "token"), rq->now, &rq->arena, &i,
			      &fail);
	if (rc == SB_NOT_FOUND)
		return request_fail(rq, rc, "token", "token: no such feedback link",
				    "token：没有该评价链接");
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:s, s:o, s:o}", "category", i.category,
				       "category_name", i.category_name, "summary", summary(rq, &i),
				       "resolution", str_or_null(i.resolution), "resolved_at",
				       time_or_null(rq, i.resolved_at)));
}

static const struct jfield feedback_fields[] = {
	{"satisfaction", JF_INT, true, 0, 0, false},
	{"comment", JF_TEXT, false, 1, 500, false},
	{NULL},
};

/* POST /api/v1/feedback/{token}: the resident's satisfaction, once. */
int
api_feedback_post(struct request *rq, struct response *rs)
{
	struct issue_caller who;
	struct sb_fail fail = {0};
	json_t *body = NULL;
	json_int_t sat;
	bool reopened;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, feedback_fields);
	if (rc != SB_OK)
		goto out;
	sat = json_integer_value(json_object_get(body, "satisfaction"));
	if (sat < 1 || sat > 5) {
		rc = request_fail(rq, SB_BAD_FIELD, "satisfaction",
				  "satisfaction: a whole number from 1 to 5",
				  "satisfaction：须为 1 至 5 的整数");
		goto out;
	}
	caller_of(rq, &who);
	rc = issue_feedback_record(rq->store, &who, request_param(rq, "token"), (int)sat,
				   str_member(body, "comment"), &rq->arena, &reopened, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 200, json_pack("{s:b, s:b}", "recorded", 1, "reopened", reopened));
out:
	json_decref(body);
	return rc;
}

/* The figures. */

static json_t *
stats_json(const struct issue_duration_stats *s)
{
	if (s->count == 0)
		return json_pack("{s:i, s:n, s:n}", "count", 0, "median", "p90");
	return json_pack("{s:I, s:f, s:f}", "count", (json_int_t)s->count, "median",
			 round(s->median * 100) / 100, "p90", round(s->p90 * 100) / 100);
}

/* GET /api/v1/reports/issues?area=&from=&to= */
int
api_reports_issues(struct request *rq, struct response *rs)
{
	struct issue_period period;
	struct issue_report report;
	struct area area;
	const struct issue_figures *f = &report.figures;
	struct sb_fail fail = {0};
	struct api_range range;
	json_t *o, *by_status, *by_level, *by_cat, *by_area, *hot;
	size_t k;
	int rc;

	/* The area before the period, as the figures always answered. */
	rc = issue_report_area(rq->store, &rq->scope, request_query(rq, "area"), &rq->arena, &area,
			       &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	rc = api_query_range(rq, API_RANGE_TIMES, &range);
	if (rc != SB_OK)
		return rc;
	period.has_from = range.has_from;
	period.has_to = range.has_to;
	period.from = range.from;
	period.to = range.to;
	rc = issue_report(rq->store, &rq->scope, &area, &period, rq->now, &rq->arena, &report,
			  &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	by_status = json_object();
	for (k = 0; k < IS_COUNT; k++)
		json_object_set_new(by_status, issue_status_name((enum issue_status)k),
				    json_integer((json_int_t)f->by_status[k]));
	by_level = json_object();
	for (k = 0; k < IL_COUNT; k++)
		json_object_set_new(by_level, issue_level_name((enum issue_level)k),
				    json_integer((json_int_t)f->by_level[k]));
	by_cat = json_array();
	for (k = 0; k < f->categories.n; k++)
		json_array_append_new(by_cat, json_pack("{s:s, s:s, s:I}", "category",
							f->categories.items[k].code, "name",
							f->categories.items[k].name, "count",
							(json_int_t)f->by_category[k]));
	by_area = json_array();
	for (k = 0; k < f->nareas; k++)
		json_array_append_new(by_area,
				      json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}", "code",
						f->by_area[k].code, "name", f->by_area[k].name,
						"level", f->by_area[k].level, "total",
						(json_int_t)f->by_area[k].total, "open",
						(json_int_t)f->by_area[k].open, "overdue",
						(json_int_t)f->by_area[k].overdue));
	hot = json_array();
	for (k = 0; k < f->nhotspots; k++)
		json_array_append_new(hot,
				      json_pack("{s:s, s:s, s:I, s:s, s:s, s:I}", "category",
						f->hotspots[k].category, "category_name",
						f->hotspots[k].category_name, "compound_id",
						(json_int_t)f->hotspots[k].compound_id,
						"compound_name", f->hotspots[k].compound_name,
						"committee_code", f->hotspots[k].committee_code,
						"count", (json_int_t)f->hotspots[k].count));
	o = json_object();
	json_object_set_new(o, "area",
			    json_pack("{s:s, s:s, s:s}", "code", report.area.code, "name",
				      report.area.name, "level", report.area.level));
	json_object_set_new(o, "from", json_string(report.from_date));
	json_object_set_new(o, "to", json_string(report.to_date));
	json_object_set_new(o, "total", json_integer((json_int_t)f->total));
	json_object_set_new(o, "by_status", by_status);
	json_object_set_new(o, "by_level", by_level);
	json_object_set_new(o, "by_category", by_cat);
	json_object_set_new(o, "by_area", by_area);
	json_object_set_new(o, "escalated", json_integer((json_int_t)f->escalated));
	json_object_set_new(o, "overdue_open", json_integer((json_int_t)f->overdue_open));
	json_object_set_new(o, "hours_to_accept", stats_json(&f->to_accept));
	json_object_set_new(o, "hours_to_resolve", stats_json(&f->to_resolve));
	json_object_set_new(o, "resolved", json_integer((json_int_t)f->resolved));
	json_object_set_new(o, "resolved_on_time", json_integer((json_int_t)f->resolved_on_time));
	json_object_set_new(o, "on_time_share",
			    f->resolved ? json_real(round((double)f->resolved_on_time /
							  (double)f->resolved * 10000) /
						    10000)
					: json_null());
	json_object_set_new(o, "satisfaction",
			    json_pack("{s:I, s:o}", "count", (json_int_t)f->feedback_count, "mean",
				      f->feedback_count
					      ? json_real(round(f->satisfaction_sum /
								(double)f->feedback_count * 100) /
							  100)
					      : json_null()));
	json_object_set_new(o, "hotspots", hot);
	return response_json(rs, 200, o);
}

/* Open311 api keys (admin). */

static json_t *
key_json(struct request *rq, const struct open311_key *k)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:b, s:o}", "id", (json_int_t)k->id, "name", k->name,
			 "street_code", k->street_code, "created_at", api_time(rq, k->created_at),
			 "disabled", k->disabled_at != 0, "last_used_at",
			 time_or_null(rq, k->last_used_at));
}

/* GET /api/v1/open311/keys */
int
api_open311_keys_list(struct request *rq, struct response *rs)
{
	struct open311_key_list l;
	json_t *items;
	size_t i;
	int rc = open311_key_list(rq->store, &rq->arena, &l);

	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, key_json(rq, &l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

static const struct jfield key_fields[] = {
	{"name", JF_STRING, true, 1, 60, false},
	{"street_code", JF_STRING, true, 1, 12, false},
	{NULL},
};

/* POST /api/v1/open311/keys: a key for a trusted channel, shown once. */
int
api_open311_keys_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct open311_key k;
	struct sb_fail fail = {0};
	char token[SB_TOKEN_CHARS + 1];
	json_t *body = NULL, *out;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, key_fields);
	if (rc != SB_OK)
		goto out;
	rc = open311_key_create(rq->store, &who, str_member(body, "name"),
				str_member(body, "street_code"), &rq->arena, token, &k, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	out = key_json(rq, &k);
	json_object_set_new(out, "key", json_string(token));
	crypto_wipe(token);
	rc = response_json(rs, 201, out);
out:
	json_decref(body);
	return rc;
}

/* DELETE /api/v1/open311/keys/{id}: disables the key (kept for the record). */
int
api_open311_keys_delete(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = open311_key_disable(rq->store, &who, id, &rq->arena);
	if (rc != SB_OK)
		return rc;
	return response_empty(rs, 204);
}

/* POST /api/v1/issues/{id}/feedback-link: the resident's feedback link again,
 * for any worker of the issue's jurisdiction (the one made on resolving is
 * shown once, to whoever resolved it).  Only the hash of a token is kept, so
 * this is a new token beside the open one, with its expiry; the first
 * feedback through either revokes the other.  Audited.  409 when no link is
 * open (the issue is not resolved, or its feedback is in). */
int
api_issues_feedback_link(struct request *rq, struct response *rs)
{
	static const struct jfield none[] = {{NULL}};
	char token[SB_TOKEN_CHARS + 1];
	struct issue_caller who;
	struct sb_fail fail = {0};
	struct issue found;
	json_t *body = NULL;
	int64_t id, expires = 0;
	int rc = request_param_id(rq, "id", &id);

	caller_of(rq, &who);
	/* The issue first: out of scope is 404 whatever the body. */
	if (rc == SB_OK)
		rc = issue_find(rq->store, &rq->scope, id, &rq->arena, &found);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, none);
	json_decref(body);
	if (rc == SB_OK)
		rc = issue_feedback_link_again(rq->store, &who, &found.ref, &rq->arena, token,
					       &expires, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return response_json(rs, 201,
			     json_pack("{s:s, s:s, s:s}", "token", token, "path",
				       arena_printf(&rq->arena, "/api/v1/feedback/%s", token),
				       "expires_at", api_time(rq, expires)));
}
