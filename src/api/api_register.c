#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/filter.h"
#include "core/ident.h"
#include "core/register.h"
#include "http/json_io.h"
#include "http/server.h"

/* The register's routes: compounds, buildings, households, residents,
 * history, reveal, rollback, tags and the derived lists. */

void
api_register_actor(struct request *rq, struct register_actor *who)
{
	who->user_id = rq->user.id;
	who->username = rq->user.username;
	who->role = rq->user.role;
	who->ip = rq->ip;
	who->now = rq->now;
	who->key = server_key(rq->srv);
}

/* POST: create from the body, with its tags, in one transaction (register_add). */
static int
create(struct request *rq, struct response *rs, const struct entity_def *def)
{
	struct register_actor who;
	struct sb_fail fail = {0};
	struct tag_item *items = NULL;
	struct tag_set tags = {0};
	struct register_view v;
	struct rvalue *vals;
	json_t *body = NULL;
	int rc;

	api_register_actor(rq, &who);
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = register_json_values(rq, def, body, &vals, &items, &tags.n, &tags.given);
	if (rc != SB_OK)
		goto out;
	tags.items = items;
	rc = register_add(rq->store, &rq->scope, def, vals, &tags, &who, &rq->arena, &v, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	response_header(rq, rs, "Location",
			arena_printf(&rq->arena, "/api/v1/%ss/%lld", def->name, (long long)v.id));
	rc = response_json(rs, 201, register_view_json(rq, &v));
out:
	json_decref(body);
	return rc;
}

/* PATCH: change what the body names, in one transaction (register_change).
 * A row out of scope is 404 before the body is read. */
static int
update(struct request *rq, struct response *rs, const struct entity_def *def)
{
	struct register_actor who;
	struct sb_fail fail = {0};
	struct tag_item *items = NULL;
	struct tag_set tags = {0};
	struct register_view v;
	struct rvalue *vals;
	json_t *body = NULL;
	int64_t id;
	int rc;

	api_register_actor(rq, &who);
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = register_find(rq->store, &rq->scope, def, id, &rq->arena);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = register_json_values(rq, def, body, &vals, &items, &tags.n, &tags.given);
	if (rc != SB_OK)
		goto out;
	tags.items = items;
	rc = register_change(rq->store, &rq->scope, def, id, vals, &tags, &who, &rq->arena, &v,
			     &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 200, register_view_json(rq, &v));
out:
	json_decref(body);
	return rc;
}

static int
get(struct request *rq, struct response *rs, const struct entity_def *def)
{
	struct register_view v;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = register_read(rq->store, &rq->scope, def, id, rq->now, &rq->arena, &v);
	if (rc != SB_OK)
		return rc;
	return register_respond_row(rq, rs, &v);
}

int
api_compounds_create(struct request *rq, struct response *rs)
{
	return create(rq, rs, &entity_compound);
}

int
api_compounds_get(struct request *rq, struct response *rs)
{
	return get(rq, rs, &entity_compound);
}

int
api_compounds_update(struct request *rq, struct response *rs)
{
	return update(rq, rs, &entity_compound);
}

int
api_buildings_create(struct request *rq, struct response *rs)
{
	return create(rq, rs, &entity_building);
}

int
api_buildings_get(struct request *rq, struct response *rs)
{
	return get(rq, rs, &entity_building);
}

int
api_buildings_update(struct request *rq, struct response *rs)
{
	return update(rq, rs, &entity_building);
}

int
api_households_create(struct request *rq, struct response *rs)
{
	return create(rq, rs, &entity_household);
}

/* GET /api/v1/households/{id}: the hot read, two statements whatever the
 * members (register_read, store_household_read). */
int
api_households_get(struct request *rq, struct response *rs)
{
	return get(rq, rs, &entity_household);
}

int
api_households_update(struct request *rq, struct response *rs)
{
	return update(rq, rs, &entity_household);
}

int
api_residents_create(struct request *rq, struct response *rs)
{
	return create(rq, rs, &entity_resident);
}

int
api_residents_get(struct request *rq, struct response *rs)
{
	return get(rq, rs, &entity_resident);
}

int
api_residents_update(struct request *rq, struct response *rs)
{
	return update(rq, rs, &entity_resident);
}

/* Lists of compounds and buildings: small, by parent. */
static int
simple_list(struct request *rq, struct response *rs, const struct entity_def *def)
{
	const char *committee = request_query(rq, "committee_code");
	const char *q = request_query(rq, "q");
	struct register_page page;
	int64_t compound_id = 0, after = 0;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = api_query_int(rq, "cursor", &after);
	if (rc == SB_OK && def == &entity_building)
		rc = api_query_int(rq, "compound_id", &compound_id);
	if (rc != SB_OK)
		return rc;
	if (q && (*q == '\0' || strlen(q) > 100))
		return request_fail(rq, SB_BAD_QUERY, "q", "q: 1 to 100 bytes",
				    "q：须为 1 至 100 字节");
	rc = register_list_places(rq->store, &rq->scope, def, committee, compound_id, q, after,
				  limit, rq->now, &rq->arena, &page);
	if (rc != SB_OK)
		return rc;
	return register_respond_page(rq, rs, &page, page.next_cursor, -1);
}

int
api_compounds_list(struct request *rq, struct response *rs)
{
	return simple_list(rq, rs, &entity_compound);
}

int
api_buildings_list(struct request *rq, struct response *rs)
{
	return simple_list(rq, rs, &entity_building);
}

static const char *
query_get(void *ctx, const char *name)
{
	return request_query(ctx, name);
}

int
api_request_filter(struct request *rq, struct filter *f)
{
	struct sb_fail fail = {0};
	char *today = arena_alloc(&rq->arena, 11);
	int rc;

	const char *phone = request_query(rq, "phone");

	ident_today(rq->now, today);
	rc = filter_from_query(rq->store, query_get, rq, today, &rq->arena, f, &fail);
	if (rc == SB_OK && phone) {
		/* By the blind index of the normalised number: the counter finds a
		 * caller by phone without the number being searchable in clear. */
		char norm[32], *idx = arena_alloc(&rq->arena, SB_HASH_HEX);

		if (strlen(phone) >= sizeof(norm) || !ident_phone_normalize(phone, norm))
			return request_fail(rq, SB_BAD_QUERY, "phone",
					    "phone: a mobile (11 digits) or a Shanghai number",
					    "phone：须为 11 位手机号或上海固定电话");
		crypto_blind_index(server_key(rq->srv), norm, idx);
		f->phone_idx = idx;
	}
	return api_fail(rq, rc, &fail);
}

/* GET /api/v1/residents and /households with the register filters. */
static int
filtered_list(struct request *rq, struct response *rs, const struct entity_def *def)
{
	struct sb_fail fail = {0};
	struct register_page page;
	struct filter f;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = api_request_filter(rq, &f);
	if (rc != SB_OK)
		return rc;
	rc = register_search(rq->store, &rq->scope, def, &f, request_query(rq, "cursor"), limit,
			     rq->now, &rq->arena, &page, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return register_respond_page(rq, rs, &page, page.next_cursor, page.total);
}

int
api_residents_list(struct request *rq, struct response *rs)
{
	return filtered_list(rq, rs, &entity_resident);
}

int
api_households_list(struct request *rq, struct response *rs)
{
	return filtered_list(rq, rs, &entity_household);
}

/* GET …/{id}/history: the row's changes, newest first. */
static int
history(struct request *rq, struct response *rs, const struct entity_def *def)
{
	struct change_list l;
	const char *next;
	int64_t id, before = 0;
	json_t *items;
	size_t i;
	int limit, rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = api_query_int(rq, "cursor", &before);
	if (rc == SB_OK)
		rc = register_history(rq->store, &rq->scope, def, id, before, limit, &rq->arena, &l,
				      &next);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++) {
		const struct change *c = &l.items[i];
		json_t *changes = json_loads(c->changes, 0, NULL);

		json_array_append_new(
			items,
			json_pack("{s:I, s:s, s:o, s:s?, s:s?, s:s, s:s, s:I, s:o}", "id",
				  (json_int_t)c->id, "at", api_time(rq, c->at), "user_id",
				  c->user_id ? json_integer(c->user_id) : json_null(), "username",
				  c->username, "name", c->name, "action", c->action, "entity",
				  c->entity, "entity_id", (json_int_t)c->entity_id, "changes",
				  changes ? changes : json_object()));
	}
	return response_json(rs, 200, api_page(items, next));
}

int
api_residents_history(struct request *rq, struct response *rs)
{
	return history(rq, rs, &entity_resident);
}

int
api_households_history(struct request *rq, struct response *rs)
{
	return history(rq, rs, &entity_household);
}

/* POST /api/v1/changes/{id}/rollback */
int
api_changes_rollback(struct request *rq, struct response *rs)
{
	struct register_actor who;
	struct sb_fail fail = {0};
	struct register_view v;
	int64_t id;
	int rc;

	api_register_actor(rq, &who);
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = register_undo(rq->store, &rq->scope, id, &who, &rq->arena, &v, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return response_json(rs, 200, register_view_json(rq, &v));
}

static const struct jfield reveal_fields[] = {
	{"reason", JF_STRING, true, 1, 200, false},
	{NULL},
};

/* POST /api/v1/residents/{id}/reveal {reason}: the clear numbers, audited
 * (register_reveal).  A resident out of scope is 404 before the body is read. */
int
api_residents_reveal(struct request *rq, struct response *rs)
{
	struct resident_numbers clear = {0};
	struct register_actor who;
	json_t *body = NULL;
	int64_t id;
	int rc;

	api_register_actor(rq, &who);
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = register_find(rq->store, &rq->scope, &entity_resident, id, &rq->arena);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, reveal_fields);
	if (rc == SB_OK)
		rc = register_reveal(rq->store, &rq->scope, id,
				     json_string_value(json_object_get(body, "reason")), &who,
				     &rq->arena, &clear);
	if (rc != SB_OK)
		goto out;
	response_header(rq, rs, "Cache-Control", "no-store");
	rc = response_json(rs, 200,
			   json_pack("{s:I, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)id,
				     "id_number", clear.id_number, "phone", clear.phone,
				     "emergency_phone", clear.emergency_phone, "carer_phone",
				     clear.carer_phone));
out:
	register_numbers_wipe(&clear);
	json_decref(body);
	return rc;
}
