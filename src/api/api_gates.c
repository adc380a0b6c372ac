#include <string.h>

#include "api/api.h"
#include "core/gates.h"
#include "http/json_io.h"

/* The gate log (门岗登记): gates of a compound, accounts bound to one gate,
 * entries and exits, counts per hour, the retention eraser (docs/campaigns.md).
 * The rules are core's (core/gates.c); rq->user.gate_id, the session's gate
 * binding (session.c), is passed as own_gate. */

static json_t *
gate_json(struct request *rq, const struct gate *g)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)g->id, "compound_id",
			 (json_int_t)g->compound_id, "compound", g->compound_name, "committee_code",
			 g->committee_code, "name", g->name, "created_at",
			 api_time(rq, g->created_at));
}

/* GET /api/v1/gates?compound_id= */
int
api_gates_list(struct request *rq, struct response *rs)
{
	struct gate_list l;
	int64_t compound = 0;
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_int(rq, "compound_id", &compound);
	if (rc == SB_OK)
		rc = gate_list(rq->store, &rq->scope, compound, rq->user.gate_id, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, gate_json(rq, &l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

static const struct jfield gate_fields[] = {
	{"compound_id", JF_INT, true, 0, 0, false},
	{"name", JF_STRING, true, 1, 50, false},
	{NULL},
};

/* POST /api/v1/gates {compound_id, name} */
int
api_gates_create(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	struct gate g;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, gate_fields);
	if (rc == SB_OK)
		rc = gate_create(rq->store, &rq->scope, &who,
				 json_integer_value(json_object_get(body, "compound_id")),
				 json_string_value(json_object_get(body, "name")), &rq->arena, &g,
				 &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, gate_json(rq, &g));
	json_decref(body);
	return rc;
}

/* GET /api/v1/gates/{id}: the gate and the accounts bound to it. */
int
api_gates_get(struct request *rq, struct response *rs)
{
	struct user_list guards;
	struct gate g;
	json_t *out, *a;
	int64_t id;
	size_t i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = gate_get(rq->store, &rq->scope, rq->user.gate_id, id, &rq->arena, &g, &guards);
	if (rc != SB_OK)
		return rc;
	out = gate_json(rq, &g);
	a = json_array();
	for (i = 0; i < guards.n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "id",
						   (json_int_t)guards.items[i].id, "username",
						   guards.items[i].username, "name",
						   api_person_name(&guards.items[i])));
	json_object_set_new(out, "guards", a);
	return response_json(rs, 200, out);
}

static const struct jfield guard_fields[] = {
	{"user_id", JF_INT, true, 0, 0, false},
	{"bound", JF_BOOL, false, 0, 0, false},
	{NULL},
};

/* POST /api/v1/gates/{id}/guards {user_id, bound?}: binds a worker account of
 * the committee, visible to the caller, to this gate; bound false unbinds it.
 * An account bound to another gate is refused (409): unbind it there first. */
int
api_gates_guard_put(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	struct gate g;
	int64_t id, user = 0;
	bool bind = true;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = gate_find(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, guard_fields);
	if (rc == SB_OK) {
		user = json_integer_value(json_object_get(body, "user_id"));
		bind = !json_is_false(json_object_get(body, "bound"));
		rc = gate_guard_put(rq->store, &rq->scope, &who, &g, user, bind, &rq->arena, &fail);
	}
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200,
				   json_pack("{s:I, s:I, s:b}", "gate_id", (json_int_t)id,
					     "user_id", (json_int_t)user, "bound", bind));
	json_decref(body);
	return rc;
}

static json_t *
entry_json(struct request *rq, const struct gate_entry *e)
{
	return json_pack(
		"{s:I, s:I, s:o, s:s, s:s, s:s, s:o, s:s?, s:s?, s:s?, s:s?, s:s, s:b, s:s?}", "id",
		(json_int_t)e->id, "gate_id", (json_int_t)e->gate_id, "campaign_id",
		e->campaign_id ? json_integer(e->campaign_id) : json_null(), "at",
		api_time(rq, e->at), "direction", e->direction, "person", e->person, "resident_id",
		e->resident_id ? json_integer(e->resident_id) : json_null(), "name", e->name,
		"from_place", e->from_place, "purpose", e->purpose, "recorded_by",
		e->recorded_by_name, "recorded_at", api_time(rq, e->recorded_at), "erased",
		e->erased_at != 0, "erased_at", e->erased_at ? api_time(rq, e->erased_at) : NULL);
}

/* GET /api/v1/gates/{id}/residents?q=: up to 20 living residents of the gate's
 * compound by name, building or room, so that a gate account records a
 * resident without reading the register (it sees this compound's names and
 * rooms, nothing else: no ID, phone, tags or household). */
int
api_gates_residents(struct request *rq, struct response *rs)
{
	struct gate_resident *r;
	struct sb_fail fail = {0};
	json_t *items;
	int64_t id;
	size_t n, i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = gate_residents_find(rq->store, &rq->scope, rq->user.gate_id, id,
					 request_query(rq, "q"), &rq->arena, &r, &n, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r[i].id, "name",
					 r[i].name, "building", r[i].building, "room", r[i].room));
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/gates/{id}/counts?date=: entries and exits per hour (Asia/Shanghai). */
int
api_gates_counts(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	const char *date;
	int counts[24][2];
	int64_t id;
	json_t *hours;
	int h, in = 0, out = 0, rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = gate_counts(rq->store, &rq->scope, rq->user.gate_id, id,
				 request_query(rq, "date"), rq->now, &rq->arena, &date, counts,
				 &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc != SB_OK)
		return rc;
	hours = json_array();
	for (h = 0; h < 24; h++) {
		json_array_append_new(hours, json_pack("{s:i, s:i, s:i}", "hour", h, "in",
						       counts[h][0], "out", counts[h][1]));
		in += counts[h][0];
		out += counts[h][1];
	}
	return response_json(rs, 200,
			     json_pack("{s:I, s:s, s:i, s:i, s:o}", "gate_id", (json_int_t)id,
				       "date", date, "in", in, "out", out, "hours", hours));
}

/* GET /api/v1/gate-entries?gate_id=&date= */
int
api_gate_entries_list(struct request *rq, struct response *rs)
{
	struct gate_entry_list l;
	struct sb_fail fail = {0};
	const char *date;
	int64_t id;
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_whole_list(rq);
	if (rc == SB_OK)
		rc = api_query_int(rq, "gate_id", &id);
	if (rc == SB_OK && id == 0)
		rc = request_fail(rq, SB_BAD_QUERY, "gate_id", "gate_id: required",
				  "gate_id：必填");
	if (rc == SB_OK)
		rc = gate_day(request_query(rq, "date"), rq->now, &rq->arena, &date, &fail);
	if (rc == SB_OK)
		rc = gate_entries_of_day(rq->store, &rq->scope, rq->user.gate_id, id, date, rq->now,
					 &rq->arena, &l);
	rc = api_fail(rq, rc, &fail);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, entry_json(rq, &l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

static const struct jfield entry_fields[] = {
	{"gate_id", JF_INT, true, 0, 0, false},	     {"campaign_id", JF_INT, false, 0, 0, true},
	{"at", JF_STRING, false, 20, 25, false},     {"direction", JF_STRING, true, 1, 3, false},
	{"person", JF_STRING, true, 1, 10, false},   {"resident_id", JF_INT, false, 0, 0, true},
	{"name", JF_STRING, false, 1, 50, true},     {"from_place", JF_STRING, false, 1, 100, true},
	{"purpose", JF_STRING, false, 1, 200, true}, {NULL},
};

static const char *
opt_text(json_t *body, const char *name)
{
	return json_string_value(json_object_get(body, name));
}

/* POST /api/v1/gate-entries: an entry or exit at a gate. */
int
api_gate_entries_create(struct request *rq, struct response *rs)
{
	struct gate_entry_input in = {0};
	struct gate_entry e;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, entry_fields);
	if (rc == SB_OK) {
		in.gate_id = json_integer_value(json_object_get(body, "gate_id"));
		in.campaign_id = json_integer_value(json_object_get(body, "campaign_id"));
		in.resident_id = json_integer_value(json_object_get(body, "resident_id"));
		in.at = opt_text(body, "at");
		in.direction = opt_text(body, "direction");
		in.person = opt_text(body, "person");
		in.name = opt_text(body, "name");
		in.from_place = opt_text(body, "from_place");
		in.purpose = opt_text(body, "purpose");
		rc = gate_entry_record(rq->store, &rq->scope, &who, rq->user.gate_id, &in,
				       &rq->arena, &e, &fail);
	}
	rc = api_fail(rq, rc, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, entry_json(rq, &e));
	json_decref(body);
	return rc;
}
