#include <string.h>

#include "api/api.h"
#include "core/accounts.h"
#include "http/json_io.h"
#include "http/server.h"

json_t *
api_user_json(struct request *rq, const struct account_view *v)
{
	const struct user *u = &v->user;
	json_t *scope = json_array();
	size_t i;

	json_t *out;

	for (i = 0; i < u->nscope; i++)
		json_array_append_new(scope, json_string(u->scope[i]));
	out = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:o, s:b, s:s}", "id",
			(json_int_t)u->id, "username", u->username, "name", api_person_name(u),
			"display_name", u->display_name, "title", u->title, "phone", u->phone_mask,
			"role", role_name(u->role), "scope", scope, "disabled", u->disabled,
			"created_at", api_time(rq, u->created_at));
	if (u->role == ROLE_HELPER) {
		json_t *a = json_array();

		for (i = 0; i < v->nbuildings; i++)
			json_array_append_new(a, json_integer(v->buildings[i]));
		json_object_set_new(out, "buildings", a);
		if (v->volunteer_known)
			json_object_set_new(out, "volunteer_id",
					    v->volunteer_id ? json_integer(v->volunteer_id)
							    : json_null());
	}
	return out;
}

/* json_validate, with the array "buildings" (which json_validate has no
 * type for) set aside and checked by buildings_of. */
static int
validate_with_buildings(struct request *rq, json_t *body, const struct jfield *fields)
{
	json_t *b = json_object_get(body, "buildings");
	int rc;

	json_incref(b);
	json_object_del(body, "buildings");
	rc = json_validate(rq, body, fields);
	if (b)
		json_object_set_new(body, "buildings", b);
	return rc;
}

/* The buildings of a body (a helper's, docs/accounts.md): an array of at
 * most 200 distinct positive ids (400 naming buildings otherwise).  That
 * they are buildings of the account's committee, itself in the caller's
 * jurisdiction, is core/accounts.c's check, after the grant rules. */
static int
buildings_of(struct request *rq, json_t *body, const int64_t **out, size_t *n)
{
	json_t *a = json_object_get(body, "buildings"), *x;
	int64_t *ids;
	size_t i, j;

	*out = NULL;
	*n = 0;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > 200)
		return request_fail(rq, SB_BAD_FIELD, "buildings",
				    "buildings: an array of at most 200 building ids",
				    "buildings：须为楼栋编号的数组（最多 200 个）");
	ids = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(*ids));
	json_array_foreach (a, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return request_fail(rq, SB_BAD_FIELD, "buildings",
					    "buildings: ids are positive integers",
					    "buildings：编号须为正整数");
		ids[i] = json_integer_value(x);
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return request_fail(rq, SB_BAD_FIELD, "buildings",
						    "buildings: an id is listed twice",
						    "buildings：编号重复");
	}
	*n = json_array_size(a);
	*out = ids;
	return SB_OK;
}

const char *
api_person_name(const struct user *u)
{
	return u->display_name && *u->display_name ? u->display_name : u->username;
}

/* The profile members of a body: display_name, title, phone (null clears). */
static void
profile_of(json_t *body, struct account_profile *p)
{
	json_t *v;

	memset(p, 0, sizeof(*p));
	if ((v = json_object_get(body, "display_name")) != NULL) {
		p->has_name = true;
		p->display_name = json_string_value(v);
	}
	if ((v = json_object_get(body, "title")) != NULL) {
		p->has_title = true;
		p->title = json_string_value(v);
	}
	if ((v = json_object_get(body, "phone")) != NULL) {
		p->has_phone = true;
		p->phone = json_string_value(v);
	}
}

/* The strings of a JSON array, in the arena. */
static const char **
strings(struct request *rq, json_t *a, size_t *n)
{
	const char **out;
	json_t *v;
	size_t i;

	*n = json_array_size(a);
	out = arena_alloc(&rq->arena, (*n + 1) * sizeof(*out));
	json_array_foreach (a, i, v) {
		out[i] = arena_strdup(&rq->arena, json_string_value(v));
	}
	return out;
}

static int
parse_role(struct request *rq, json_t *v, enum role *role)
{
	*role = role_parse(json_string_value(v));
	if (*role == ROLE_NONE)
		return request_fail(
			rq, SB_BAD_FIELD, "role",
			"role: one of admin, district, street, committee_head, worker, helper",
			"role：必须是 admin、district、street、committee_head、worker、helper "
			"之一");
	return SB_OK;
}

static const struct jfield create_fields[] = {
	{"username", JF_STRING, true, 1, ACCOUNT_USERNAME_MAX, false},
	{"password", JF_SECRET, true, 1, ACCOUNT_PASSWORD_MAX, false},
	{"role", JF_STRING, true, 1, 32, false},
	{"scope", JF_STRINGS, true, 1, 64, false},
	{"display_name", JF_STRING, false, 1, ACCOUNT_NAME_MAX, false},
	{"title", JF_STRING, false, 1, 32, false},
	{"phone", JF_STRING, false, 1, 32, false},
	{"volunteer_id", JF_INT, false, 0, 0, false},
	{NULL},
};

/* POST /api/v1/users: 201 with the new user; 409 when the name is taken.
 * Below an admin, only roles below the caller's and areas in its
 * jurisdiction (core/accounts.c, account_may_grant). */
int
api_users_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct account_view v;
	json_t *body = NULL;
	const char **scope;
	enum role role;
	size_t nscope;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = validate_with_buildings(rq, body, create_fields);
	if (rc == SB_OK)
		rc = parse_role(rq, json_object_get(body, "role"), &role);
	if (rc != SB_OK)
		goto out;
	scope = strings(rq, json_object_get(body, "scope"), &nscope);
	{
		const int64_t *buildings = NULL;
		size_t nbuildings = 0;
		struct account_new n = {json_string_value(json_object_get(body, "username")),
					json_string_value(json_object_get(body, "password")),
					role,
					scope,
					nscope,
					{0},
					NULL,
					0,
					0};

		profile_of(body, &n.profile);
		rc = buildings_of(rq, body, &buildings, &nbuildings);
		if (rc != SB_OK)
			goto out;
		n.buildings = buildings;
		n.nbuildings = nbuildings;
		n.volunteer_id = json_integer_value(json_object_get(body, "volunteer_id"));
		rc = account_add(rq->store, &who, &rq->scope, &n, server_key(rq->srv), &rq->arena,
				 &v, &fail);
	}
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	response_header(rq, rs, "Location",
			arena_printf(&rq->arena, "/api/v1/users/%lld", (long long)v.user.id));
	rc = response_json(rs, 201, api_user_json(rq, &v));
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/users/{id} */
int
api_users_get(struct request *rq, struct response *rs)
{
	struct account_view v;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = account_read(rq->store, &rq->scope, id, &rq->arena, &v);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, api_user_json(rq, &v));
}

/* GET /api/v1/users?q=&limit=&cursor= */
int
api_users_list(struct request *rq, struct response *rs)
{
	const char *q = request_query(rq, "q");
	struct account_page page;
	int64_t after;
	json_t *items;
	size_t i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = api_query_int(rq, "cursor", &after);
	if (rc != SB_OK)
		return rc;
	if (q && (*q == '\0' || strlen(q) > ACCOUNT_USERNAME_MAX))
		return request_fail(rq, SB_BAD_QUERY, "q", "q: 1 to 64 characters",
				    "q：长度为 1 至 64 个字符");
	rc = account_list(rq->store, &rq->scope, q, after, limit, &rq->arena, &page);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < page.n; i++)
		json_array_append_new(items, api_user_json(rq, &page.items[i]));
	return response_json(rs, 200, api_page(items, page.next_cursor));
}

static const struct jfield update_fields[] = {
	{"role", JF_STRING, false, 1, 32, false},
	{"scope", JF_STRINGS, false, 1, 64, false},
	{"disabled", JF_BOOL, false, 0, 0, false},
	{"password", JF_SECRET, false, 1, ACCOUNT_PASSWORD_MAX, false},
	{"display_name", JF_STRING, false, 1, ACCOUNT_NAME_MAX, true},
	{"title", JF_STRING, false, 1, 32, true},
	{"phone", JF_STRING, false, 1, 32, true},
	{"volunteer_id", JF_INT, false, 0, 0, true},
	{NULL},
};

/* PATCH /api/v1/users/{id}: role, scope, disabled, password, display_name,
 * title, phone; 200 with the user.  Below an admin, only accounts whose role
 * is below the caller's (core/accounts.c, account_may_manage). */
int
api_users_update(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct account_change c = {.role = ROLE_NONE, .disabled = -1};
	struct sb_fail fail = {0};
	struct account_view after;
	json_t *body = NULL, *v;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK) /* out of scope: 404 before the body is looked at */
		rc = account_read(rq->store, &rq->scope, id, &rq->arena, &after);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = validate_with_buildings(rq, body, update_fields);
	if (rc != SB_OK)
		goto out;
	if (json_object_size(body) == 0) {
		rc = request_fail(rq, SB_BAD_FIELD, NULL,
				  "nothing to change: give role, scope, disabled, password, "
				  "display_name, title, phone or buildings",
				  "没有要修改的内容：请提供 role、scope、disabled、password、"
				  "display_name、title、phone 或 buildings");
		goto out;
	}
	profile_of(body, &c.profile);
	c.by = &rq->scope;
	c.key = server_key(rq->srv);
	v = json_object_get(body, "role");
	if (v != NULL) {
		rc = parse_role(rq, v, &c.role);
		if (rc != SB_OK)
			goto out;
	}
	v = json_object_get(body, "scope");
	if (v != NULL)
		c.scope = strings(rq, v, &c.nscope);
	v = json_object_get(body, "disabled");
	if (v != NULL)
		c.disabled = json_is_true(v);
	v = json_object_get(body, "password");
	if (v != NULL)
		c.password = json_string_value(v);
	if (json_object_get(body, "volunteer_id") != NULL) {
		c.has_volunteer = true;
		c.volunteer_id = json_integer_value(json_object_get(body, "volunteer_id"));
	}
	if (json_object_get(body, "buildings") != NULL) {
		c.has_buildings = true;
		rc = buildings_of(rq, body, &c.buildings, &c.nbuildings);
		if (rc != SB_OK)
			goto out;
	}
	rc = account_change(rq->store, &who, id, &c, &rq->arena, &after, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 200, api_user_json(rq, &after));
out:
	json_decref(body);
	return rc;
}

static const struct jfield hand_over_fields[] = {
	{"to_user_id", JF_INT, true, 0, 0, false},
	{"disable", JF_BOOL, false, 0, 0, false},
	{NULL},
};

/* POST /api/v1/users/{id}/hand-over {to_user_id, disable?}: everything the
 * user carries goes to another worker (core/handover.c); 200 with what moved. */
int
api_users_hand_over(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct account_view v;
	json_t *body = NULL, *out = NULL;
	int64_t id, to;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK) /* out of scope: 404 before the body is looked at */
		rc = account_read(rq->store, &rq->scope, id, &rq->arena, &v);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, hand_over_fields);
	if (rc != SB_OK)
		goto out;
	to = json_integer_value(json_object_get(body, "to_user_id"));
	rc = account_hand_over(rq->store, &who, &rq->scope, server_key(rq->srv), id, to,
			       json_is_true(json_object_get(body, "disable")), &rq->arena, &out,
			       &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	json_object_set_new(out, "user_id", json_integer(id));
	if (json_object_get(out, "disabled") == NULL)
		json_object_set_new(out, "disabled", json_false());
	rc = response_json(rs, 200, out);
	out = NULL;
out:
	json_decref(out);
	json_decref(body);
	return rc;
}
