#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/calendar.h"
#include "core/ident.h"
#include "core/register.h"
#include "core/visits.h"
#include "util/clock.h"
#include "http/json_io.h"
#include "http/server.h"
#include "util/crypto.h"

/* Visits (走百家门): the log, the policy, today's plan and its calendar feed,
 * the reception roster (330工作法) and the coverage reports. */

static const char *const channels[] = {"home", "phone", "street", "office", "online", NULL};

static bool
one_of(const char *v, const char *const *values)
{
	for (; *values; values++)
		if (strcmp(*values, v) == 0)
			return true;
	return false;
}

static int
bad(struct request *rq, const char *field, const char *en, const char *zh)
{
	return request_fail(rq, SB_BAD_FIELD, field, arena_printf(&rq->arena, "%s: %s", field, en),
			    arena_printf(&rq->arena, "%s：%s", field, zh));
}

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

/* The id lists of a visit body ("residents_met", "issue_ids"): arrays of ids. */
static int
id_list(struct request *rq, json_t *body, const char *field, json_t **out)
{
	json_t *a = json_object_get(body, field), *v;
	size_t i;

	*out = NULL;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > 50)
		return bad(rq, field, "a list of at most 50 ids", "须为不超过 50 个编号的列表");
	json_array_foreach (a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return bad(rq, field, "a list of ids", "须为编号列表");
	}
	*out = a;
	return SB_OK;
}

/* Validates a visit body into v (creating: household and channel required). */
int
visit_from_body(struct request *rq, json_t *body, struct visit *v, bool creating,
		struct rvalue **hh)
{
	json_t *j, *met = NULL, *issues = NULL;
	char today[11];
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
	rc = id_list(rq, body, "residents_met", &met);
	if (rc == SB_OK)
		rc = id_list(rq, body, "issue_ids", &issues);
	if (rc != SB_OK)
		return rc;
	if (creating) {
		j = json_object_get(body, "household_id");
		if (j == NULL)
			return bad(rq, "household_id", "required", "必填");
		if (json_object_get(body, "channel") == NULL)
			return bad(rq, "channel", "required", "必填");
		v->household_id = json_integer_value(j);
		v->visited_at = rq->now;
	} else if (json_object_get(body, "household_id") &&
		   json_integer_value(json_object_get(body, "household_id")) != v->household_id) {
		return bad(rq, "household_id", "a visit stays with its household",
			   "走访记录不能更换户");
	}
	rc = register_get(rq->store, &rq->scope, &entity_household, v->household_id, &rq->arena,
			  hh);
	if (rc == SB_NOT_FOUND)
		return bad(rq, "household_id", "no such household in your jurisdiction",
			   "您的辖区内没有该户");
	if (rc != SB_OK)
		return rc;
	v->committee_code = (*hh)[entity_field(&entity_household, "committee_code")].s;
	j = json_object_get(body, "visited_at");
	if (j) {
		if (!clock_parse_time(json_string_value(j), &v->visited_at))
			return bad(rq, "visited_at",
				   "an RFC 3339 time such as 2026-11-22T09:30:00+08:00",
				   "须为 RFC 3339 时间，如 2026-11-22T09:30:00+08:00");
		if (v->visited_at > rq->now + 300)
			return bad(rq, "visited_at", "must not be in the future", "不能晚于现在");
		if (v->visited_at < rq->now - 5LL * 366 * 86400)
			return bad(rq, "visited_at", "more than five years ago", "早于五年前");
	}
	clock_shanghai_date(v->visited_at, today);
	v->visited_on = arena_strdup(&rq->arena, today);
	v->minute_of_day = clock_shanghai_minute(v->visited_at);
	j = json_object_get(body, "channel");
	if (j) {
		if (!one_of(json_string_value(j), channels))
			return bad(rq, "channel", "home, phone, street, office or online",
				   "须为 home、phone、street、office 或 online");
		v->channel = arena_strdup(&rq->arena, json_string_value(j));
	}
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
	j = json_object_get(body, "follow_up_on");
	if (j) {
		v->follow_up_on =
			json_is_string(j) ? arena_strdup(&rq->arena, json_string_value(j)) : NULL;
		if (v->follow_up_on && !ident_date_valid(v->follow_up_on))
			return bad(rq, "follow_up_on", "a date written YYYY-MM-DD",
				   "须为 YYYY-MM-DD 格式的日期");
	}
	if (v->follow_up_on && strcmp(v->follow_up_on, v->visited_on) < 0)
		return bad(rq, "follow_up_on", "must not be before the visit", "不能早于走访日期");
	if (met) {
		size_t i;

		json_array_foreach (met, i, j) {
			struct store_col col = {.name = "household_id"};

			rc = store_row_get(rq->store, &rq->scope, "resident", json_integer_value(j),
					   &col, 1, &rq->arena);
			if (rc == SB_NOT_FOUND || (rc == SB_OK && col.i != v->household_id))
				return bad(rq, "residents_met",
					   arena_printf(&rq->arena,
							"resident %lld is not of this household",
							(long long)json_integer_value(j)),
					   arena_printf(&rq->arena, "居民 %lld 不是本户成员",
							(long long)json_integer_value(j)));
			if (rc != SB_OK)
				return rc;
		}
		v->residents_met = json_dumps(met, JSON_COMPACT);
	}
	if (issues) {
		rc = api_json_ids_of_committee(rq, "issue", v->committee_code, "issue_ids", issues);
		if (rc != SB_OK)
			return rc;
		v->issue_ids = json_dumps(issues, JSON_COMPACT);
	}
	j = json_object_get(body, "services");
	if (j)
		v->services = json_dumps(j, JSON_COMPACT);
	return SB_OK;
}

/* Whether worker (of role) may record a visit to a household: its own grid on
 * the day, reception duty that day, or a head and above. */
int
visit_allowed(struct request *rq, const struct visit *v, int64_t worker, enum role role)
{
	struct roster_list duty;
	bool owns = false;
	int rc;

	if (role >= ROLE_COMMITTEE_HEAD)
		return SB_OK;
	if (role == ROLE_HELPER && v->issue_ids && strcmp(v->issue_ids, "[]") != 0)
		return request_fail(
			rq, SB_FORBIDDEN, "issue_ids",
			"issue_ids: a helper reports a problem instead of linking issues",
			"issue_ids：楼组长、志愿者请直接上报问题，不能关联诉求");
	if (role == ROLE_HELPER) /* a building leader: the households of its buildings */
		return api_helper_has(rq, "household", v->household_id, "household_id");
	rc = store_worker_owns(rq->store, worker, v->household_id, v->visited_on, &owns);
	if (rc != SB_OK || owns)
		return rc;
	rc = store_roster_list(rq->store, v->committee_code, v->visited_on, v->visited_on,
			       &rq->arena, &duty);
	if (rc == SB_OK && duty.n == 1 && duty.items[0].worker_id == worker)
		return SB_OK;
	if (rc != SB_OK)
		return rc;
	return request_fail(
		rq, SB_FORBIDDEN, "household_id",
		"household_id: not in your grids on that day (and you were not on reception)",
		"household_id：该户当天不在您负责的网格内（且您当天不值首问接待）");
}

void
visit_free_texts(struct visit *v, const struct visit *keep)
{
	/* residents_met, issue_ids and services may be json_dumps results. */
	if (v->residents_met && (keep == NULL || v->residents_met != keep->residents_met))
		free((char *)v->residents_met);
	if (v->issue_ids && (keep == NULL || v->issue_ids != keep->issue_ids))
		free((char *)v->issue_ids);
	if (v->services && (keep == NULL || v->services != keep->services))
		free((char *)v->services);
}

/* POST /api/v1/visits */
int
api_visits_create(struct request *rq, struct response *rs)
{
	struct visit v = {0}, saved;
	struct rvalue *hh;
	json_t *body = NULL;
	int64_t id;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = visit_from_body(rq, body, &v, true, &hh);
	if (rc == SB_OK)
		rc = visit_allowed(rq, &v, rq->user.id, rq->user.role);
	if (rc != SB_OK)
		goto out;
	v.worker_id = rq->user.id;
	v.created_at = v.updated_at = rq->now;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_visit_insert(rq->store, &v, &id);
	if (rc == SB_OK)
		rc = store_household_visit_refresh(rq->store, v.household_id);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	/* read back after the commit: the writer is not held for it */
	if (rc == SB_OK)
		rc = store_visit_get(rq->store, &rq->scope, id, &rq->arena, &saved);
	if (rc == SB_OK) {
		response_header(rq, rs, "Location",
				arena_printf(&rq->arena, "/api/v1/visits/%lld", (long long)id));
		rc = response_json(rs, 201, visit_json(rq, &saved));
	}
out:
	visit_free_texts(&v, NULL);
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
		rc = store_visit_get(rq->store, &rq->scope, id, &rq->arena, &v);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, visit_json(rq, &v));
}

/* PATCH /api/v1/visits/{id}: its worker corrects it within 24 hours; every
 * correction is kept. */
int
api_visits_update(struct request *rq, struct response *rs)
{
	struct visit old, v, saved;
	struct rvalue *hh;
	json_t *body = NULL, *a = NULL, *b = NULL, *changes = NULL, *before;
	const char *key;
	char *text = NULL;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_visit_get(rq->store, &rq->scope, id, &rq->arena, &old);
	if (rc != SB_OK)
		return rc;
	if (old.worker_id != rq->user.id)
		return request_fail(rq, SB_FORBIDDEN, NULL,
				    "only the worker who recorded a visit may correct it",
				    "只有记录走访的社工本人可以更正");
	if (rq->now - old.created_at > 24 * 3600)
		return request_fail(rq, SB_CONFLICT, NULL,
				    "a visit can be corrected for 24 hours only",
				    "走访记录只能在 24 小时内更正");
	v = old;
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = visit_from_body(rq, body, &v, false, &hh);
	if (rc != SB_OK)
		goto out;
	v.updated_at = rq->now;
	a = visit_json(rq, &old);
	b = visit_json(rq, &v);
	changes = json_object();
	json_object_foreach (a, key, before) {
		json_t *after = json_object_get(b, key);

		if (strcmp(key, "updated_at") == 0 || json_equal(before, after))
			continue;
		json_object_set_new(changes, key,
				    json_pack("{s:O, s:O}", "old", before, "new", after));
	}
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	if (json_object_size(changes) > 0) {
		text = json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS);
		rc = store_visit_update(rq->store, &v);
		if (rc == SB_OK)
			rc = store_visit_change_add(rq->store, id, rq->now, rq->user.id,
						    rq->user.username, text);
		if (rc == SB_OK)
			rc = store_household_visit_refresh(rq->store, v.household_id);
	}
	if (rc == SB_OK)
		rc = store_visit_get(rq->store, &rq->scope, id, &rq->arena, &saved);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 200, visit_json(rq, &saved));
out:
	visit_free_texts(&v, &old);
	free(text);
	json_decref(a);
	json_decref(b);
	json_decref(changes);
	json_decref(body);
	return rc;
}

/* GET /api/v1/visits/{id}/history: the corrections, newest first. */
int
api_visits_history(struct request *rq, struct response *rs)
{
	struct change_list l;
	struct visit v;
	json_t *items;
	int64_t id;
	size_t i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_visit_get(rq->store, &rq->scope, id, &rq->arena, &v);
	if (rc == SB_OK)
		rc = store_visit_changes(rq->store, id, &rq->arena, &l);
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
	rc = store_visit_list(rq->store, &rq->scope, &f, &rq->arena, &l);
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

	rc = store_policy_list(rq->store, committee, &rq->arena, &l);
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
	json_t *body = NULL, *days;
	struct tag t;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, policy_fields);
	if (rc != SB_OK)
		goto out;
	committee = json_string_value(json_object_get(body, "committee_code"));
	tag = json_string_value(json_object_get(body, "tag"));
	days = json_object_get(body, "interval_days");
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	if (strcmp(tag, "*") != 0) {
		rc = store_tag_find(rq->store, tag, committee, &rq->arena, &t);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(t.category, "derived") == 0)) {
			rc = bad(rq, "tag", "no such tag for this committee", "本居委会没有该标签");
			goto out;
		}
		if (rc != SB_OK)
			goto out;
	}
	if (json_is_integer(days) &&
	    (json_integer_value(days) < 1 || json_integer_value(days) > 3660)) {
		rc = bad(rq, "interval_days", "1 to 3660 days", "须为 1 至 3660 天");
		goto out;
	}
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = json_is_null(days)
		     ? store_policy_delete(rq->store, committee, tag)
		     : store_policy_put(rq->store, committee, tag, (int)json_integer_value(days));
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "visit_policy", tag, committee, json_deep_copy(body));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK) {
		/* committee points into body: keep a copy past it. */
		committee = arena_strdup(&rq->arena, committee);
		json_decref(body);
		body = NULL;
		return api_policy_get_for(rq, rs, committee);
	}
out:
	json_decref(body);
	return rc;
}
