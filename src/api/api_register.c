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

static bool
has_tags(const struct entity_def *def)
{
	return def == &entity_resident || def == &entity_household;
}

/* POST: create from the body, with its tags, in one transaction. */
static int
create(struct request *rq, struct response *rs, const struct entity_def *def)
{
	struct register_actor who;
	struct sb_fail fail = {0};
	struct tag_item *tags = NULL;
	struct rvalue *vals;
	json_t *body = NULL, *out = NULL;
	size_t ntags = 0;
	bool tags_given = false;
	int64_t id;
	int rc;

	api_register_actor(rq, &who);
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = register_json_values(rq, def, body, &vals, &tags, &ntags, &tags_given);
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = register_create(rq->store, &rq->scope, def, vals, &who, &rq->arena, &id, &fail);
	if (rc == SB_OK && tags_given && has_tags(def)) {
		struct rvalue *row;

		rc = register_get(rq->store, &rq->scope, def, id, &rq->arena, &row);
		if (rc == SB_OK)
			rc = register_set_tags(rq->store, def->name, id,
					       row[entity_field(def, "committee_code")].s, tags,
					       ntags, &who, &rq->arena, &fail);
	}
	if (rc == SB_OK)
		rc = register_json_get(rq, def, id, &out);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	response_header(rq, rs, "Location",
			arena_printf(&rq->arena, "/api/v1/%ss/%lld", def->name, (long long)id));
	rc = response_json(rs, 201, out);
	out = NULL;
out:
	json_decref(body);
	json_decref(out);
	return rc;
}

/* PATCH: change what the body names, in one transaction. */
static int
update(struct request *rq, struct response *rs, const struct entity_def *def)
{
	struct register_actor who;
	struct sb_fail fail = {0};
	struct tag_item *tags = NULL;
	struct rvalue *vals, *row;
	json_t *body = NULL, *out = NULL;
	size_t ntags = 0;
	bool tags_given = false, changed;
	int64_t id;
	int rc;

	api_register_actor(rq, &who);
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = register_get(rq->store, &rq->scope, def, id, &rq->arena, &row);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = register_json_values(rq, def, body, &vals, &tags, &ntags, &tags_given);
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = register_update(rq->store, &rq->scope, def, id, vals, &who, &rq->arena, &changed,
			     &fail);
	if (rc == SB_OK && tags_given && has_tags(def)) {
		rc = register_get(rq->store, &rq->scope, def, id, &rq->arena, &row);
		if (rc == SB_OK)
			rc = register_set_tags(rq->store, def->name, id,
					       row[entity_field(def, "committee_code")].s, tags,
					       ntags, &who, &rq->arena, &fail);
	}
	if (rc == SB_OK)
		rc = register_json_get(rq, def, id, &out);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 200, out);
	out = NULL;
out:
	json_decref(body);
	json_decref(out);
	return rc;
}

static int
get(struct request *rq, struct response *rs, const struct entity_def *def)
{
	json_t *out;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = register_json_get(rq, def, id, &out);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, out);
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

/* GET /api/v1/households/{id}: the hot read, one statement that yields the
 * JSON (it equals register_json_get's, a unit test checks). */
int
api_households_get(struct request *rq, struct response *rs)
{
	char today[11];
	const char *json;
	size_t len;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc != SB_OK)
		return rc;
	ident_today(rq->now, today);
	rc = store_household_json(rq->store, &rq->scope, id, today, &rq->arena, &json, &len);
	if (rc != SB_OK)
		return rc;
	return response_text(rs, 200, "application/json; charset=utf-8", json, len);
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
	int64_t compound_id = 0, after = 0, *ids;
	json_t *items;
	size_t n, i;
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
	rc = store_place_list(rq->store, &rq->scope, def->table, committee, compound_id, q, after,
			      limit + 1, &rq->arena, &ids, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; rc == SB_OK && i < n && i < (size_t)limit; i++) {
		json_t *one;

		rc = register_json_get(rq, def, ids[i], &one);
		if (rc == SB_OK)
			json_array_append_new(items, one);
	}
	if (rc != SB_OK) {
		json_decref(items);
		return rc;
	}
	return response_json(rs, 200,
			     api_page(items, n > (size_t)limit
						     ? arena_printf(&rq->arena, "%lld",
								    (long long)ids[limit - 1])
						     : NULL));
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
	const char *cursor = request_query(rq, "cursor");
	const char *next = NULL;
	struct filter f;
	int64_t *ids, total;
	json_t *items, *page;
	size_t n, i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = api_request_filter(rq, &f);
	if (rc != SB_OK)
		return rc;
	if (def == &entity_resident)
		rc = store_filter_residents(rq->store, &rq->scope, &f, cursor, limit, &rq->arena,
					    &ids, &n, &total, &next);
	else
		rc = store_filter_households(rq->store, &rq->scope, &f, cursor, limit, &rq->arena,
					     &ids, &n, &total, &next);
	if (rc == SB_BAD_QUERY)
		return request_fail(rq, rc, "cursor", "cursor: not a cursor from this list",
				    "cursor：不是本列表给出的游标");
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; rc == SB_OK && i < n; i++) {
		json_t *one;

		rc = register_json_get(rq, def, ids[i], &one);
		if (rc == SB_OK)
			json_array_append_new(items, one);
	}
	if (rc != SB_OK) {
		json_decref(items);
		return rc;
	}
	page = api_page(items, next);
	json_object_set_new(page, "total", json_integer(total));
	return response_json(rs, 200, page);
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
	struct rvalue *row;
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
		rc = register_get(rq->store, &rq->scope, def, id, &rq->arena, &row);
	if (rc == SB_OK)
		rc = store_change_list(rq->store, &rq->scope, def->name, id, before, limit + 1,
				       &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n && i < (size_t)limit; i++) {
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
	return response_json(
		rs, 200,
		api_page(items, l.n > (size_t)limit ? arena_printf(&rq->arena, "%lld",
								   (long long)l.items[limit - 1].id)
						    : NULL));
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
	struct change c;
	json_t *out = NULL;
	int64_t id;
	int rc;

	api_register_actor(rq, &who);
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_change_get(rq->store, &rq->scope, id, &rq->arena, &c);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		return rc;
	rc = register_rollback(rq->store, &rq->scope, id, &who, &rq->arena, &fail);
	if (rc == SB_OK)
		rc = register_json_get(rq,
				       strcmp(c.entity, "resident") == 0 ? &entity_resident
									 : &entity_household,
				       c.entity_id, &out);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return response_json(rs, 200, out);
}

static const struct jfield reveal_fields[] = {
	{"reason", JF_STRING, true, 1, 200, false},
	{NULL},
};

/* POST /api/v1/residents/{id}/reveal {reason}: the clear numbers, audited. */
int
api_residents_reveal(struct request *rq, struct response *rs)
{
	const struct sb_key *key = server_key(rq->srv);
	struct rvalue *row;
	json_t *body = NULL, *out = NULL;
	char *clear[4] = {NULL, NULL, NULL, NULL};
	int fields[4];
	int64_t id;
	int i, rc;

	fields[0] = entity_field(&entity_resident, "id_number");
	fields[1] = entity_field(&entity_resident, "phone");
	fields[2] = entity_field(&entity_resident, "emergency_phone");
	fields[3] = entity_field(&entity_resident, "carer_phone");
	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = register_get(rq->store, &rq->scope, &entity_resident, id, &rq->arena, &row);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, reveal_fields);
	if (rc != SB_OK)
		goto out;
	for (i = 0; i < 4; i++) {
		const struct rvalue *v = &row[fields[i]];

		if (v->null || v->box == NULL)
			continue;
		clear[i] = crypto_open(key, v->box, v->boxlen);
		if (clear[i] == NULL) {
			rc = SB_INTERNAL;
			goto out;
		}
	}
	rc = store_begin(rq->store);
	if (rc == SB_OK)
		rc = api_audit(
			rq, "reveal", "resident", arena_printf(&rq->arena, "%lld", (long long)id),
			row[entity_field(&entity_resident, "committee_code")].s,
			json_pack("{s:s, s:[s,s,s,s]}", "reason",
				  json_string_value(json_object_get(body, "reason")), "fields",
				  "id_number", "phone", "emergency_phone", "carer_phone"));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK)
		goto out;
	out = json_pack("{s:I, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)id, "id_number",
			clear[0], "phone", clear[1], "emergency_phone", clear[2], "carer_phone",
			clear[3]);
	response_header(rq, rs, "Cache-Control", "no-store");
	rc = response_json(rs, 200, out);
out:
	for (i = 0; i < 4; i++)
		if (clear[i]) {
			crypto_wipe(clear[i]);
			free(clear[i]);
		}
	json_decref(body);
	return rc;
}
