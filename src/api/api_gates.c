#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/campaign.h"
#include "http/json_io.h"
#include "store/campaigns.h"
#include "util/clock.h"

/* The gate log (门岗登记): gates of a compound, accounts bound to one gate,
 * entries and exits, counts per hour, the retention eraser (docs/campaigns.md). */

static int
query_date(struct request *rq, const char **date)
{
	const char *d = request_query(rq, "date");

	if (d == NULL) {
		char *t = arena_alloc(&rq->arena, 11);

		clock_shanghai_date(rq->now, t);
		*date = t;
		return SB_OK;
	}
	if (!clock_date_valid(d))
		return request_fail(rq, SB_BAD_QUERY, "date", "date: a date YYYY-MM-DD",
				    "date：须为日期 YYYY-MM-DD");
	*date = d;
	return SB_OK;
}

/* Erases what is past its retention, in its own transaction. */
static int
erase_expired(struct request *rq)
{
	int64_t n;
	int rc = store_begin(rq->store);

	if (rc != SB_OK)
		return rc;
	rc = store_gate_erase(rq->store, rq->now, &n);
	if (rc == SB_OK)
		return store_commit(rq->store);
	store_rollback(rq->store);
	return rc;
}

/* A gate the caller may see: in scope, and the caller's own gate when the
 * caller is bound to one.  SB_NOT_FOUND otherwise. */
static int
gate_visible(struct request *rq, int64_t id, struct gate *g)
{
	/* the session carries the caller's gate binding (session.c) */
	if (rq->user.gate_id && rq->user.gate_id != id)
		return SB_NOT_FOUND;
	return store_gate_get(rq->store, &rq->scope, id, &rq->arena, g);
}

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
		rc = store_gate_list(rq->store, &rq->scope, compound, rq->user.gate_id, &rq->arena,
				     &l);
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
	const char *committee = NULL;
	json_t *body = NULL;
	struct gate g;
	int64_t compound, id = 0;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, gate_fields);
	if (rc != SB_OK)
		goto out;
	compound = json_integer_value(json_object_get(body, "compound_id"));
	rc = store_place_committee(rq->store, "compound", compound, &rq->arena, &committee);
	if (rc == SB_NOT_FOUND ||
	    (rc == SB_OK && api_committee_in_scope(rq, committee, "compound_id", SB_BAD_FIELD)))
		rc = request_fail(rq, SB_BAD_FIELD, "compound_id",
				  "compound_id: not a compound in your jurisdiction",
				  "compound_id：不是您辖区内的小区");
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_gate_insert(rq->store, compound, committee,
			       json_string_value(json_object_get(body, "name")), rq->now, &id);
	if (rc == SB_CONFLICT)
		rc = request_fail(rq, SB_CONFLICT, "name",
				  "name: the compound has a gate of that name",
				  "name：该小区已有同名门岗");
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "gate",
			       arena_printf(&rq->arena, "%lld", (long long)id), committee,
			       json_incref(body));
	if (rc == SB_OK)
		rc = store_gate_get(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 201, gate_json(rq, &g));
out:
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
		rc = gate_visible(rq, id, &g);
	if (rc == SB_OK)
		rc = store_gate_guards(rq->store, id, &rq->arena, &guards);
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
	json_t *body = NULL;
	struct gate g;
	struct user u;
	int64_t id, user, now_at = 0;
	bool bind;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_gate_get(rq->store, &rq->scope, id, &rq->arena, &g);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, guard_fields);
	if (rc != SB_OK)
		goto out;
	user = json_integer_value(json_object_get(body, "user_id"));
	bind = !json_is_false(json_object_get(body, "bound"));
	/* a worker account the caller may see (every one of its areas in the
	 * caller's jurisdiction), serving the gate's committee */
	rc = store_user_get(rq->store, &rq->scope, user, &rq->arena, &u);
	if (rc == SB_OK)
		rc = api_worker_of_committee(rq, g.committee_code, "user_id", user, false);
	else if (rc == SB_NOT_FOUND)
		rc = request_fail(rq, SB_BAD_FIELD, "user_id",
				  "user_id: not an active worker account of the gate's committee",
				  "user_id：不是该门岗所属居委会的在岗社工账号");
	if (rc == SB_OK)
		rc = store_gate_guard_of(rq->store, user, &now_at);
	if (rc == SB_OK && bind && now_at != 0 && now_at != id)
		rc = request_fail(rq, SB_CONFLICT, "user_id",
				  "user_id: bound to another gate; unbind it there first",
				  "user_id：已绑定其他门岗，请先在那里解除");
	if (rc == SB_OK && !bind && now_at != id)
		rc = request_fail(rq, SB_BAD_FIELD, "user_id", "user_id: not bound to this gate",
				  "user_id：未绑定此门岗");
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_gate_guard_set(rq->store, user, bind ? id : 0);
	if (rc == SB_OK)
		rc = api_audit(rq, bind ? "bind" : "unbind", "gate",
			       arena_printf(&rq->arena, "%lld", (long long)id), g.committee_code,
			       json_pack("{s:I}", "user_id", (json_int_t)user));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 200,
				   json_pack("{s:I, s:I, s:b}", "gate_id", (json_int_t)id,
					     "user_id", (json_int_t)user, "bound", bind));
out:
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
	const char *q = request_query(rq, "q");
	struct gate_resident *r;
	struct gate g;
	json_t *items;
	int64_t id;
	size_t n, i;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = gate_visible(rq, id, &g);
	if (rc != SB_OK)
		return rc;
	if (q == NULL || *q == '\0' || strlen(q) > 60)
		return request_fail(rq, SB_BAD_QUERY, "q", "q: 1 to 60 bytes of a name or a room",
				    "q：须为 1 至 60 字节的姓名或门牌");
	rc = store_gate_residents(rq->store, g.compound_id, q, &rq->arena, &r, &n);
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
	struct gate_entry_list l;
	const char *date;
	int counts[24][2];
	struct gate g;
	int64_t id, start, *at;
	bool *out_dir;
	json_t *hours;
	size_t i;
	int h, in = 0, out = 0, rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = gate_visible(rq, id, &g);
	if (rc == SB_OK)
		rc = query_date(rq, &date);
	if (rc != SB_OK)
		return rc;
	clock_day_start(date, &start);
	rc = store_gate_entry_list(rq->store, &rq->scope, id, start, start + CLOCK_DAY, &rq->arena,
				   &l);
	if (rc != SB_OK)
		return rc;
	at = arena_alloc(&rq->arena, (l.n + 1) * sizeof(*at));
	out_dir = arena_alloc(&rq->arena, (l.n + 1) * sizeof(*out_dir));
	for (i = 0; i < l.n; i++) {
		at[i] = l.items[i].at;
		out_dir[i] = strcmp(l.items[i].direction, "out") == 0;
	}
	gate_hour_counts(at, out_dir, l.n, start, counts);
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
	const char *date;
	struct gate g;
	int64_t id, start;
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
		rc = query_date(rq, &date);
	if (rc == SB_OK)
		rc = gate_visible(rq, id, &g);
	if (rc == SB_OK)
		rc = erase_expired(rq);
	if (rc != SB_OK)
		return rc;
	clock_day_start(date, &start);
	rc = store_gate_entry_list(rq->store, &rq->scope, id, start, start + CLOCK_DAY, &rq->arena,
				   &l);
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
	struct gate_entry e = {0};
	struct campaign c;
	struct gate g;
	json_t *body = NULL;
	int64_t id = 0;
	int retention = GATE_DEFAULT_RETENTION_DAYS, rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, entry_fields);
	if (rc != SB_OK)
		goto out;
	e.gate_id = json_integer_value(json_object_get(body, "gate_id"));
	rc = store_gate_get(rq->store, &rq->scope, e.gate_id, &rq->arena, &g);
	if (rc == SB_NOT_FOUND)
		rc = request_fail(rq, SB_BAD_FIELD, "gate_id",
				  "gate_id: not a gate in your jurisdiction",
				  "gate_id：不是您辖区内的门岗");
	if (rc == SB_OK && rq->user.gate_id && rq->user.gate_id != e.gate_id)
		rc = request_fail(rq, SB_FORBIDDEN, "gate_id",
				  "gate_id: your account records at its own gate only",
				  "gate_id：您的账号只能在本门岗登记");
	if (rc != SB_OK)
		goto out;
	e.committee_code = g.committee_code;
	e.campaign_id = json_integer_value(json_object_get(body, "campaign_id"));
	if (e.campaign_id) {
		rc = store_campaign_get(rq->store, &rq->scope, e.campaign_id, &rq->arena, &c);
		if (rc == SB_NOT_FOUND ||
		    (rc == SB_OK && strcmp(c.committee_code, g.committee_code)))
			rc = request_fail(rq, SB_BAD_FIELD, "campaign_id",
					  "campaign_id: not a campaign of the gate's committee",
					  "campaign_id：不是该门岗所属居委会的任务");
		else if (rc == SB_OK && strcmp(c.status, "open") != 0)
			rc = request_fail(rq, SB_CONFLICT, "campaign_id",
					  "campaign_id: the campaign has ended",
					  "campaign_id：该任务已结束");
		if (rc != SB_OK)
			goto out;
		retention = c.gate_retention_days;
	}
	e.at = rq->now;
	if (opt_text(body, "at")) {
		if (!clock_parse_time(opt_text(body, "at"), &e.at) || e.at > rq->now + 300 ||
		    gate_expired(e.at, retention, rq->now)) {
			rc = request_fail(rq, SB_BAD_FIELD, "at",
					  "at: an RFC 3339 time, not in the future "
					  "and within the retention",
					  "at：须为 RFC 3339 时间，不晚于现在且在保留期内");
			goto out;
		}
	}
	e.direction = opt_text(body, "direction");
	if (strcmp(e.direction, "in") != 0 && strcmp(e.direction, "out") != 0) {
		rc = request_fail(rq, SB_BAD_FIELD, "direction", "direction: in or out",
				  "direction：须为 in 或 out");
		goto out;
	}
	e.person = opt_text(body, "person");
	e.resident_id = json_integer_value(json_object_get(body, "resident_id"));
	e.name = opt_text(body, "name");
	e.from_place = opt_text(body, "from_place");
	e.purpose = opt_text(body, "purpose");
	if (strcmp(e.person, "resident") == 0) {
		if (e.resident_id == 0) {
			rc = request_fail(rq, SB_BAD_FIELD, "resident_id",
					  "resident_id: required for a resident",
					  "resident_id：居民须填写");
			goto out;
		}
		rc = api_id_of_committee(rq, "resident", g.committee_code, "resident_id",
					 e.resident_id);
	} else if (strcmp(e.person, "visitor") == 0) {
		if (e.resident_id)
			rc = request_fail(rq, SB_BAD_FIELD, "resident_id",
					  "resident_id: a visitor is not a resident",
					  "resident_id：访客不是居民");
		else if (e.name == NULL)
			rc = request_fail(rq, SB_BAD_FIELD, "name", "name: required for a visitor",
					  "name：访客须填写姓名");
	} else {
		rc = request_fail(rq, SB_BAD_FIELD, "person", "person: resident or visitor",
				  "person：须为 resident 或 visitor");
	}
	if (rc != SB_OK)
		goto out;
	e.recorded_by = rq->user.id;
	e.recorded_at = rq->now;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_gate_entry_insert(rq->store, &e, &id);
	if (rc == SB_OK) {
		int64_t n;

		rc = store_gate_erase(rq->store, rq->now, &n);
	}
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "gate_entry",
			       arena_printf(&rq->arena, "%lld", (long long)id), g.committee_code,
			       json_pack("{s:I, s:s, s:s}", "gate_id", (json_int_t)e.gate_id,
					 "direction", e.direction, "person", e.person));
	if (rc == SB_OK)
		rc = store_gate_entry_get(rq->store, &rq->scope, id, &rq->arena, &e);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 201, entry_json(rq, &e));
out:
	json_decref(body);
	return rc;
}
