#include <stdlib.h>
#include <string.h>

#include "api/consult.h"
#include "core/party.h"

/* The party network (docs/consultation.md): the proposal of groups, the
 * tree 党总支 → 党支部 → 党小组, liaison chains down to households, coverage,
 * and the party members of each building (亮身份).  Reads and writes are
 * core/party.h's.  The walk over a tree sent to PUT /party/orgs stays here:
 * its refusals come in the order of the walk, wire checks (unknown members,
 * names, id lists) and rules (a living party member, one group per member
 * and building, the liaison on the organisation above) interleaved, and the
 * API answers with the first; the rules that need the register are core
 * checks (party_member_check) or the shared id check. */

#define PARTY_MAX_ITEMS 500
#define LIAISON_MAX 5000
#define PARTY_MAX_REFS 20000

/* The required "committee_code" query parameter, in scope. */
static int
committee_required(struct request *rq, const char **code)
{
	*code = request_query(rq, "committee_code");
	return api_committee_in_scope(rq, *code, "committee_code", SB_BAD_QUERY);
}

/* GET /api/v1/party/proposal?committee_code=CODE */
int
api_party_proposal(struct request *rq, struct response *rs)
{
	const char *committee;
	json_t *out;
	int rc = committee_required(rq, &committee);

	if (rc == SB_OK)
		rc = party_proposal(rq->store, &rq->scope, committee, &rq->arena, &out);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, out);
}

/* The tree from the flat list of organisations (position order). */
static json_t *
nest(json_t *flat, const char *committee)
{
	json_t *root = json_null(), *o, *p;
	size_t i, k;

	json_array_foreach (flat, i, o) {
		const char *kind = json_string_value(json_object_get(o, "kind"));

		if (strcmp(kind, "group") != 0)
			json_object_set_new(o, strcmp(kind, "branch") == 0 ? "groups" : "branches",
					    json_array());
	}
	json_array_foreach (flat, i, o) {
		json_int_t parent = json_integer_value(json_object_get(o, "parent_id"));

		if (parent == 0) {
			json_decref(root);
			root = json_incref(o);
			continue;
		}
		json_array_foreach (flat, k, p) {
			if (json_integer_value(json_object_get(p, "id")) != parent)
				continue;
			json_array_append(
				json_object_get(
					p, strcmp(json_string_value(json_object_get(p, "kind")),
						  "general_branch") == 0
						   ? "branches"
						   : "groups"),
				o);
		}
	}
	return json_pack("{s:s, s:o}", "committee_code", committee, "general_branch", root);
}

/* A resident named on an organisation: {id, name}, or null. */
static json_t *
person_json(const struct party_person *p)
{
	if (p->id == 0)
		return json_null();
	return json_pack("{s:I, s:s?}", "id", (json_int_t)p->id, "name", p->name);
}

static json_t *
members_json(const struct party_org *o)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < o->nmembers; i++)
		json_array_append_new(a, person_json(&o->members[i]));
	return a;
}

static json_t *
id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* An organisation as the API shows it (flat: nest() makes the tree). */
static json_t *
org_json(const struct party_org *o)
{
	json_t *buildings = json_array();
	size_t i;

	for (i = 0; i < o->nbuildings; i++)
		json_array_append_new(buildings, json_integer(o->building_ids[i]));
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)o->id,
			 "kind", o->kind, "name", o->name, "parent_id", id_or_null(o->parent_id),
			 "compound_id", id_or_null(o->compound_id), "leader",
			 person_json(&o->leader), "liaison", person_json(&o->liaison),
			 "building_ids", buildings, "members", members_json(o));
}

static int
reply_tree(struct request *rq, struct response *rs, const char *committee)
{
	struct party_org *orgs;
	json_t *flat;
	size_t n, i;
	int rc = party_tree_read(rq->store, &rq->scope, committee, &rq->arena, &orgs, &n);

	if (rc != SB_OK)
		return rc;
	flat = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(flat, org_json(&orgs[i]));
	rs->status = 200;
	rc = response_json(rs, 200, nest(flat, committee));
	json_decref(flat);
	return rc;
}

/* GET /api/v1/party/orgs?committee_code=CODE: the tree (general_branch null when none). */
int
api_party_orgs_get(struct request *rq, struct response *rs)
{
	const char *committee;
	int rc = committee_required(rq, &committee);

	if (rc != SB_OK)
		return rc;
	return reply_tree(rq, rs, committee);
}

/* The walk over a tree sent to PUT /party/orgs: the request and the plan
 * whose rules core/party.c checks as the walk meets each id. */
struct tree_check {
	struct request *rq;
	struct party_tree_plan plan;
};

/* A living party member of the committee; BAD_FIELD naming field otherwise. */
static int
party_member(struct tree_check *tc, int64_t id, const char *field)
{
	struct sb_fail fail = {0};
	int rc = party_member_check(tc->rq->store, &tc->rq->scope, tc->plan.committee, id, field,
				    &tc->rq->arena, &fail);

	return api_fail(tc->rq, rc, &fail);
}

static const char *const org_keys[] = {
	"name",		"leader_id", "liaison_id", "member_ids",     "compound_id",
	"building_ids", "branches",  "groups",	   "committee_code", NULL};

/* Checks one organisation object at path (kind known from its depth). */
static int
check_org(struct tree_check *tc, json_t *o, const char *path, const char *kind, int parent)
{
	struct request *rq = tc->rq;
	struct party_org_plan *g = &tc->plan.orgs[tc->plan.n];
	size_t self = tc->plan.n;
	struct sb_fail fail = {0};
	const char *key, *name;
	const char *children = strcmp(kind, "general_branch") == 0 ? "branches"
			       : strcmp(kind, "branch") == 0	   ? "groups"
								   : NULL;
	json_t *v, *kids;
	size_t i, k;
	int rc;

	if (!json_is_object(o))
		return request_refuse(rq, SB_BAD_FIELD, path, "must be an object", "必须是对象");
	if (tc->plan.n >= PARTY_MAX_ITEMS)
		return request_refuse(rq, SB_BAD_FIELD, path, "too many organisations", "组织过多");
	json_object_foreach (o, key, v) {
		for (k = 0; org_keys[k] && strcmp(org_keys[k], key) != 0; k++)
			;
		if (org_keys[k] == NULL || (strcmp(key, "committee_code") == 0 && parent >= 0) ||
		    (strcmp(key, "building_ids") == 0 && strcmp(kind, "group") != 0) ||
		    (strcmp(key, "compound_id") == 0 && strcmp(kind, "branch") != 0) ||
		    (strcmp(key, "branches") == 0 && strcmp(kind, "general_branch") != 0) ||
		    (strcmp(key, "groups") == 0 && strcmp(kind, "branch") != 0))
			return request_refuse(
				rq, SB_BAD_FIELD,
				arena_printf(&rq->arena, "%s%s%s", path, *path ? "." : "", key),
				"unknown field", "未知字段");
	}
	name = json_string_value(json_object_get(o, "name"));
	if (name == NULL || *name == '\0' || utf8_chars(name) > 200)
		return request_refuse(rq, SB_BAD_FIELD,
				      arena_printf(&rq->arena, "%s%sname", path, *path ? "." : ""),
				      "a name of 1 to 200 characters", "须为 1 至 200 字的名称");
	rc = json_text_check(rq, arena_printf(&rq->arena, "%s%sname", path, *path ? "." : ""), name,
			     TEXT_LINE);
	if (rc != SB_OK)
		return rc;
	memset(g, 0, sizeof(*g));
	g->row.committee_code = tc->plan.committee;
	g->row.kind = kind;
	g->row.name = name;
	g->row.position = (int)tc->plan.n;
	g->parent = parent;
	tc->plan.n++;
	rc = consult_ids(rq, json_object_get(o, "member_ids"),
			 arena_printf(&rq->arena, "%s%smember_ids", path, *path ? "." : ""), 200,
			 &g->members, &g->nmembers);
	if (rc == SB_OK)
		rc = consult_ids(rq, json_object_get(o, "building_ids"),
				 arena_printf(&rq->arena, "%s.building_ids", path), 200,
				 &g->buildings, &g->nbuildings);
	if (rc != SB_OK)
		return rc;
	if ((strcmp(kind, "group") == 0 && tc->plan.ngrouped + g->nmembers > PARTY_MAX_REFS) ||
	    tc->plan.ncovered + g->nbuildings > PARTY_MAX_REFS)
		return request_refuse(rq, SB_BAD_FIELD, path, "too many members or buildings",
				      "党员或楼栋过多");
	for (i = 0; rc == SB_OK && i < g->nmembers; i++)
		rc = party_plan_member(
			rq->store, &rq->scope, &tc->plan, self, g->members[i],
			arena_printf(&rq->arena, "%s%smember_ids", path, *path ? "." : ""),
			&rq->arena, &fail);
	for (i = 0; rc == SB_OK && i < g->nbuildings; i++)
		rc = party_plan_building(rq->store, &rq->scope, &tc->plan, g->buildings[i],
					 arena_printf(&rq->arena, "%s.building_ids", path),
					 &rq->arena, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	v = json_object_get(o, "compound_id");
	if (v) {
		const char *f = arena_printf(&rq->arena, "%s.compound_id", path);

		if (!json_is_integer(v))
			return request_refuse(rq, SB_BAD_FIELD, f, "must be an integer",
					      "必须是整数");
		g->row.compound_id = json_integer_value(v);
		rc = party_plan_compound(rq->store, &rq->scope, &tc->plan, g->row.compound_id, f,
					 &rq->arena, &fail);
		if (rc != SB_OK)
			return api_fail(rq, rc, &fail);
	}
	for (k = 0; k < 2; k++) {
		const char *m = k ? "liaison_id" : "leader_id";
		const char *f = arena_printf(&rq->arena, "%s%s%s", path, *path ? "." : "", m);
		int64_t id;

		v = json_object_get(o, m);
		if (v == NULL || json_is_null(v))
			continue;
		if (!json_is_integer(v))
			return request_refuse(rq, SB_BAD_FIELD, f, "must be an integer",
					      "必须是整数");
		id = json_integer_value(v);
		rc = party_plan_officer(rq->store, &rq->scope, &tc->plan, self, id, k == 1, f,
					&rq->arena, &fail);
		if (rc != SB_OK)
			return api_fail(rq, rc, &fail);
		if (k == 0)
			g->row.leader_id = id;
		else
			g->row.liaison_id = id;
	}
	kids = children ? json_object_get(o, children) : NULL;
	if (kids && !json_is_array(kids))
		return request_refuse(
			rq, SB_BAD_FIELD,
			arena_printf(&rq->arena, "%s%s%s", path, *path ? "." : "", children),
			"must be a list", "必须是列表");
	json_array_foreach (kids, i, v) {
		rc = check_org(tc, v,
			       arena_printf(&rq->arena, "%s%s%s[%zu]", path, *path ? "." : "",
					    children, i),
			       strcmp(children, "branches") == 0 ? "branch" : "group", (int)self);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

/* PUT /api/v1/party/orgs: the committee's whole tree, as proposed or edited. */
int
api_party_orgs_put(struct request *rq, struct response *rs)
{
	struct tree_check tc = {.rq = rq};
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc != SB_OK)
		goto out;
	tc.plan.committee = consult_member_text(body, "committee_code");
	rc = api_committee_in_scope(rq, tc.plan.committee, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	tc.plan.orgs = arena_alloc(&rq->arena, (PARTY_MAX_ITEMS + 1) * sizeof(*tc.plan.orgs));
	tc.plan.grouped = arena_alloc(&rq->arena, PARTY_MAX_REFS * sizeof(int64_t));
	tc.plan.covered = arena_alloc(&rq->arena, PARTY_MAX_REFS * sizeof(int64_t));
	rc = check_org(&tc, body, "", "general_branch", -1);
	if (rc != SB_OK)
		goto out;
	rc = party_tree_replace(rq->store, &rq->scope, &who, tc.plan.committee, tc.plan.orgs,
				tc.plan.n, tc.plan.ngrouped);
	if (rc == SB_OK)
		rc = reply_tree(rq, rs, tc.plan.committee);
out:
	json_decref(body);
	return rc;
}

/* The coverage with its share and the liaison chain of the tree. */
static int
reply_coverage(struct request *rq, struct response *rs, const char *committee)
{
	struct liaison_coverage c;
	struct party_org *orgs;
	json_t *cov, *by_building, *by_member, *unlinked, *chains;
	size_t norgs, i;
	int rc = party_coverage(rq->store, &rq->scope, committee, &rq->arena, &c, &orgs, &norgs);

	if (rc != SB_OK)
		return rc;
	by_building = json_array();
	for (i = 0; i < c.nbuildings; i++)
		json_array_append_new(by_building,
				      json_pack("{s:I, s:s?, s:s?, s:I, s:I}", "building_id",
						(json_int_t)c.by_building[i].building_id, "label",
						c.by_building[i].label, "compound_name",
						c.by_building[i].compound_name, "households",
						(json_int_t)c.by_building[i].households, "linked",
						(json_int_t)c.by_building[i].linked));
	by_member = json_array();
	for (i = 0; i < c.nmembers; i++)
		json_array_append_new(by_member,
				      json_pack("{s:I, s:s?, s:I}", "resident_id",
						(json_int_t)c.by_member[i].resident_id, "name",
						c.by_member[i].name, "households",
						(json_int_t)c.by_member[i].households));
	unlinked = json_array();
	for (i = 0; i < c.nunlinked; i++)
		json_array_append_new(unlinked, json_integer(c.unlinked_household_ids[i]));
	chains = json_array();
	for (i = 0; i < norgs; i++)
		json_array_append_new(chains, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id",
							(json_int_t)orgs[i].id, "kind",
							orgs[i].kind, "name", orgs[i].name,
							"parent_id", id_or_null(orgs[i].parent_id),
							"liaison", person_json(&orgs[i].liaison),
							"members", members_json(&orgs[i])));
	cov = json_pack(
		"{s:I, s:I, s:o, s:o, s:o, s:s, s:f, s:o}", "households", (json_int_t)c.households,
		"linked", (json_int_t)c.linked, "by_building", by_building, "by_member", by_member,
		"unlinked_household_ids", unlinked, "committee_code", committee, "share",
		c.households
			? (double)(int64_t)((double)c.linked * 10000 / (double)c.households + 0.5) /
				  10000
			: 0.0,
		"chains", chains);
	return response_json(rs, 200, cov);
}

/* GET /api/v1/party/coverage?committee_code=CODE */
int
api_party_coverage(struct request *rq, struct response *rs)
{
	const char *committee;
	int rc = committee_required(rq, &committee);

	if (rc != SB_OK)
		return rc;
	return reply_coverage(rq, rs, committee);
}

/* PUT /api/v1/party/liaisons {"committee_code","links":[{"household_id","resident_id"|null}]} */
int
api_party_liaisons_put(struct request *rq, struct response *rs)
{
	struct tree_check tc = {.rq = rq};
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	json_t *body = NULL, *links, *l, *v;
	const char *key;
	int64_t *households = NULL, *residents = NULL;
	size_t i, n = 0;
	int rc;

	rc = json_body(rq, &body);
	if (rc != SB_OK)
		goto out;
	json_object_foreach (body, key, v) {
		if (strcmp(key, "committee_code") != 0 && strcmp(key, "links") != 0) {
			rc = request_refuse(rq, SB_BAD_FIELD, key, "unknown field", "未知字段");
			goto out;
		}
	}
	tc.plan.committee = consult_member_text(body, "committee_code");
	rc = api_committee_in_scope(rq, tc.plan.committee, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	links = json_object_get(body, "links");
	if (!json_is_array(links) || json_array_size(links) == 0 ||
	    json_array_size(links) > LIAISON_MAX) {
		rc = request_refuse(rq, SB_BAD_FIELD, "links", "a list of 1 to 5000 links",
				    "须为 1 至 5000 条的列表");
		goto out;
	}
	n = json_array_size(links);
	households = arena_alloc(&rq->arena, n * sizeof(*households));
	residents = arena_alloc(&rq->arena, n * sizeof(*residents));
	json_array_foreach (links, i, l) {
		const char *f = arena_printf(&rq->arena, "links[%zu]", i);
		json_t *hv = json_object_get(l, "household_id"),
		       *rv = json_object_get(l, "resident_id");

		if (!json_is_object(l) || json_object_size(l) != 2 || !json_is_integer(hv) ||
		    !(json_is_integer(rv) || json_is_null(rv))) {
			rc = request_refuse(
				rq, SB_BAD_FIELD, f,
				"{\"household_id\": id, \"resident_id\": id or null}",
				"须为 {\"household_id\": 编号, \"resident_id\": 编号或 null}");
			goto out;
		}
		households[i] = json_integer_value(hv);
		residents[i] = json_is_null(rv) ? 0 : json_integer_value(rv);
		rc = party_household_check(rq->store, &rq->scope, tc.plan.committee, households[i],
					   arena_printf(&rq->arena, "%s.household_id", f),
					   &rq->arena, &fail);
		rc = api_fail(rq, rc, &fail);
		if (rc == SB_OK && residents[i])
			rc = party_member(&tc, residents[i],
					  arena_printf(&rq->arena, "%s.resident_id", f));
		if (rc != SB_OK)
			goto out;
	}
	rc = party_liaisons_set(rq->store, &rq->scope, &who, tc.plan.committee, households,
				residents, n);
	if (rc == SB_OK)
		rc = reply_coverage(rq, rs, tc.plan.committee);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/party/members?committee_code=CODE&building_id=: 亮身份. */
int
api_party_members(struct request *rq, struct response *rs)
{
	struct party_building_members *b;
	const char *committee;
	int64_t building = 0;
	json_t *items;
	size_t n, i, k;
	int rc = committee_required(rq, &committee);

	if (rc == SB_OK)
		rc = api_query_int(rq, "building_id", &building);
	if (rc == SB_OK)
		rc = party_members(rq->store, &rq->scope, committee, building, &rq->arena, &b, &n);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++) {
		json_t *members = json_array();

		for (k = 0; k < b[i].nmembers; k++)
			json_array_append_new(members, json_pack("{s:I, s:s?, s:s?, s:s?}", "id",
								 (json_int_t)b[i].members[k].id,
								 "name", b[i].members[k].name,
								 "room", b[i].members[k].room,
								 "group", b[i].members[k].group));
		json_array_append_new(
			items, json_pack("{s:I, s:s?, s:I, s:s?, s:o}", "building_id",
					 (json_int_t)b[i].building_id, "label", b[i].label,
					 "compound_id", (json_int_t)b[i].compound_id,
					 "compound_name", b[i].compound_name, "members", members));
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:o}", "committee_code", committee, "items", items));
}
