#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/visits.h"
#include "http/json_io.h"

/* Visits (走百家门): the log and the policy.  The rules are core's
 * (core/visits.c); a handler parses, calls it and renders. */

static json_t *
json_text(const char *s)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;

	return j ? j : json_array();
}

static json_t *
visit_json(struct request *rq, const struct visit *v)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:o, s:s?, s:s?, s:s?, s:s?, "
			 "s:s?, s:o, s:o, "
			 "s:s, s:s}",
			 "id", (json_int_t)v->id, "household_id", (json_int_t)v->household_id,
			 "committee_code", v->committee_code, "worker_id", (json_int_t)v->worker_id,
			 "worker_name", v->worker_name, "visited_at", api_time(rq, v->visited_at),
			 "visited_on", v->visited_on, "channel", v->channel, "residents_met",
			 json_text(v->residents_met), "observed", v->observed, "heard", v->heard,
			 "asked", v->asked, "needs", v->needs, "follow_up_on", v->follow_up_on,
			 "issue_ids", json_text(v->issue_ids), "services", json_text(v->services),
			 "created_at", api_time(rq, v->created_at), "updated_at",
			 api_time(rq, v->updated_at));
}

static const struct jfield visit_fields[] = {
	{"household_id", JF_INT, false, 0, 0, false},
	{"visited_at", JF_STRING, false, 20, 35, false},
	{"channel", JF_STRING, false, 1, 10, false},
	{"residents_met", JF_OBJECT, false, 0, 0, false},
	{"observed", JF_TEXT, false, 0, 2000, true},
	{"heard", JF_TEXT, false, 0, 2000, true},
	{"asked", JF_TEXT, false, 0, 2000, true},
	{"needs", JF_TEXT, false, 0, 2000, true},
	{"follow_up_on", JF_STRING, false, 10, 10, true},
	{"issue_ids", JF_OBJECT, false, 0, 0, false},
	{"services", JF_STRINGS, false, 0, 20, false},
	{NULL},
};

/* The id lists of a visit body ("residents_met", "issue_ids"): arrays of at
 * most 50 positive ids, into the arena. */
static int
id_list(struct request *rq, json_t *body, const char *field, bool *given, const int64_t **out,
	size_t *n)
{
	json_t *a = json_object_get(body, field), *v;
	int64_t *ids;
	size_t i;

	*given = a != NULL;
	*out = NULL;
	*n = 0;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > 50)
		return request_refuse(rq, SB_BAD_FIELD, field, "a list of at most 50 ids",
				      "须为不超过 50 个编号的列表");
	ids = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(*ids));
	json_array_foreach (a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return request_refuse(rq, SB_BAD_FIELD, field, "a list of ids",
					      "须为编号列表");
		ids[i] = json_integer_value(v);
	}
	*out = ids;
	*n = json_array_size(a);
	return SB_OK;
}

/* The syntax of a visit body (creating: household and channel required):
 * the plain texts and services go into v, the rest into in for core
 * (visit_prepare). */
static int
visit_body(struct request *rq, json_t *body, bool creating, struct visit *v, struct visit_input *in)
{
	json_t *j;
	int rc;

	/* The generic table checks strings and types; the id lists are checked below. */
	{
		json_t *copy = json_copy(body);

		json_object_del(copy, "residents_met");
		json_object_del(copy, "issue_ids");
		rc = json_validate(rq, copy, visit_fields);
		json_decref(copy);
		if (rc != SB_OK)
			return rc;
	}
	rc = id_list(rq, body, "residents_met", &in->has_residents_met, &in->residents_met,
		     &in->nresidents_met);
	if (rc == SB_OK)
		rc = id_list(rq, body, "issue_ids", &in->has_issue_ids, &in->issue_ids,
			     &in->nissue_ids);
	if (rc != SB_OK)
		return rc;
	j = json_object_get(body, "household_id");
	if (creating && j == NULL)
		return request_refuse(rq, SB_BAD_FIELD, "household_id", "required", "必填");
	if (creating && json_object_get(body, "channel") == NULL)
		return request_refuse(rq, SB_BAD_FIELD, "channel", "required", "必填");
	in->has_household_id = j != NULL;
	in->household_id = json_integer_value(j);
	in->visited_at = json_string_value(json_object_get(body, "visited_at"));
	in->channel = json_string_value(json_object_get(body, "channel"));
	j = json_object_get(body, "follow_up_on");
	in->has_follow_up_on = j != NULL;
	in->follow_up_on = json_string_value(j);
	/* A text given empty or null clears it. */
#define TEXT(name)                                                                                 \
	j = json_object_get(body, #name);                                                          \
	if (j)                                                                                     \
		v->name = json_is_string(j) && json_string_length(j) > 0                           \
				  ? arena_strdup(&rq->arena, json_string_value(j))                 \
				  : NULL;
	TEXT(observed)
	TEXT(heard)
	TEXT(asked)
	TEXT(needs)
#undef TEXT
	j = json_object_get(body, "services");
	if (j) {
		char *text = json_dumps(j, JSON_COMPACT);

		v->services = arena_strdup(&rq->arena, text ? text : "[]");
		free(text);
	}
	return SB_OK;
}

/* The visit import's entry (api/api_visit_import.c): the body's syntax,
 * then core's rules (visit_prepare). */
int
visit_from_body(struct request *rq, json_t *body, struct visit *v, bool creating,
		struct rvalue **household)
{
	struct visit_input in = {0};
	struct sb_fail fail = {0};
	int rc = visit_body(rq, body, creating, v, &in);

	if (rc == SB_OK)
		rc = visit_prepare(rq->store, &rq->scope, &in, creating, rq->now, &rq->arena, v,
				   household, &fail);
	return api_fail(rq, rc, &fail);
}

/* Kept for the visit import: whether worker (of role) may record v
 * (visit_may_record; a helper's buildings are the caller's). */
int
visit_allowed(struct request *rq, const struct visit *v, int64_t worker, enum role role)
{
	struct sb_fail fail = {0};
	int rc = visit_may_record(rq->store, v, worker, role, rq->user.id, &rq->arena, &fail);

	return api_fail(rq, rc, &fail);
}

/* Kept for the visit import: a visit's texts now live in the request's
 * arena (core/visits.c), so there is nothing left to free. */
void
visit_free_texts(struct visit *v, const struct visit *keep)
{
	(void)v;
	(void)keep;
}

/* POST /api/v1/visits */
int
api_visits_create(struct request *rq, struct response *rs)
{
	struct visit_input in = {0};
	struct visit v = {0}, saved;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = visit_body(rq, body, true, &v, &in);
	if (rc == SB_OK)
		rc = visit_create(rq->store, &rq->scope, &who, rq->user.role, &in, &v, &rq->arena,
				  &saved, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK) {
		response_header(
			rq, rs, "Location",
			arena_printf(&rq->arena, "/api/v1/visits/%lld", (long long)saved.id));
		rc = response_json(rs, 201, visit_json(rq, &saved));
	}
	json_decref(body);
	return rc;
}

/* GET /api/v1/visits/{id} */
int
api_visits_get(struct request *rq, struct response *rs)
{
	struct visit v;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = visit_get(rq->store, &rq->scope, id, &rq->arena, &v);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, visit_json(rq, &v));
}

/* PATCH /api/v1/visits/{id}: its worker corrects it within 24 hours; every
 * correction is kept. */
int
api_visits_update(struct request *rq, struct response *rs)
{
	struct visit_input in = {0};
	struct visit old, v, saved;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	int64_t id;
	int rc;

	/* the visit first: out of scope is 404, another's 403, whatever the body */
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = visit_find_to_correct(rq->store, &rq->scope, &who, id, &rq->arena, &old,
					   &fail);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK) {
		v = old;
		rc = visit_body(rq, body, false, &v, &in);
	}
	if (rc == SB_OK)
		rc = visit_correct(rq->store, &rq->scope, &who, &old, &in, &v, &rq->arena, &saved,
				   &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, visit_json(rq, &saved));
	json_decref(body);
	return rc;
}

/* GET /api/v1/visits/{id}/history: the corrections, newest first. */
int
api_visits_history(struct request *rq, struct response *rs)
{
	struct change_list l;
	json_t *items;
	int64_t id;
	size_t i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = visit_history(rq->store, &rq->scope, id, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++) {
		json_t *changes = json_loads(l.items[i].changes, 0, NULL);

		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:s?, s:s?, s:s, s:o}",
						       "id", (json_int_t)l.items[i].id, "at",
						       api_time(rq, l.items[i].at), "user_id",
						       (json_int_t)l.items[i].user_id, "username",
						       l.items[i].username, "name", l.items[i].name,
						       "action", "update", "changes",
						       changes ? changes : json_object()));
	}
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/visits?household_id=&worker_id=&committee_code=&from=&to= */
int
api_visits_list(struct request *rq, struct response *rs)
{
	struct visit_filter f = {0};
	struct visit_list l;
	struct api_range range;
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_limit(rq, &f.limit);
	if (rc == SB_OK)
		rc = api_query_int(rq, "household_id", &f.household_id);
	if (rc == SB_OK)
		rc = api_query_int(rq, "worker_id", &f.worker_id);
	if (rc != SB_OK)
		return rc;
	{
		/* The cursor is "<visited_at>_<id>" of the last visit shown. */
		const char *cursor = request_query(rq, "cursor");
		long long at, id;
		char tail;

		if (cursor &&
		    (sscanf(cursor, "%lld_%lld%c", &at, &id, &tail) != 2 || at < 0 || id <= 0))
			return request_fail(rq, SB_BAD_QUERY, "cursor",
					    "cursor: not a cursor from this list",
					    "cursor：不是本列表给出的游标");
		if (cursor) {
			f.before_at = at;
			f.before_id = id;
		}
	}
	f.committee_code = request_query(rq, "committee_code");
	rc = api_query_range(rq, API_RANGE_DATES, &range);
	if (rc != SB_OK)
		return rc;
	f.from = range.has_from ? arena_strdup(&rq->arena, range.from_date) : NULL;
	f.to = range.has_to ? arena_strdup(&rq->arena, range.to_date) : NULL;
	f.limit++;
	rc = visit_list(rq->store, &rq->scope, &f, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n && i < (size_t)f.limit - 1; i++)
		json_array_append_new(items, visit_json(rq, &l.items[i]));
	return response_json(
		rs, 200,
		api_page(items, l.n == (size_t)f.limit
					? arena_printf(&rq->arena, "%lld_%lld",
						       (long long)l.items[l.n - 2].visited_at,
						       (long long)l.items[l.n - 2].id)
					: NULL));
}

/* The visit policy. */

static int api_policy_get_for(struct request *rq, struct response *rs, const char *committee);

/* GET /api/v1/visit-policy?committee_code= */
int
api_policy_get(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	int rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);

	if (rc != SB_OK)
		return rc;
	return api_policy_get_for(rq, rs, committee);
}

static int
api_policy_get_for(struct request *rq, struct response *rs, const char *committee)
{
	struct policy_list l;
	json_t *items;
	size_t i;
	int rc;

	rc = visit_policy_get(rq->store, &rq->scope, committee, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++) {
		if (l.items[i].interval_days <= 0)
			continue;
		json_array_append_new(items,
				      json_pack("{s:s, s:i, s:s}", "tag", l.items[i].tag,
						"interval_days", l.items[i].interval_days, "source",
						l.items[i].own ? "committee" : "default"));
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:o}", "committee_code", committee, "items", items));
}

static const struct jfield policy_fields[] = {
	{"committee_code", JF_STRING, true, 12, 12, false},
	{"tag", JF_STRING, true, 1, 30, false},
	{"interval_days", JF_INT, true, 0, 0, true},
	{NULL},
};

/* PUT /api/v1/visit-policy {committee_code, tag ("*" for everyone else),
 * interval_days (null: back to the default)}. */
int
api_policy_put(struct request *rq, struct response *rs)
{
	const char *committee, *tag;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL, *days;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, policy_fields);
	if (rc != SB_OK)
		goto out;
	/* committee points into body: keep a copy past it. */
	committee = arena_strdup(&rq->arena,
				 json_string_value(json_object_get(body, "committee_code")));
	tag = json_string_value(json_object_get(body, "tag"));
	days = json_object_get(body, "interval_days");
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK)
		rc = visit_policy_set(rq->store, &rq->scope, &who, committee, tag,
				      json_is_null(days), json_integer_value(days), &rq->arena,
				      &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = api_policy_get_for(rq, rs, committee);
out:
	json_decref(body);
	return rc;
}
