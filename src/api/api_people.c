/* Light accounts for building leaders and volunteers (docs/accounts.md,
 * "Light accounts"): what a helper reads of its buildings, and the check
 * the writes it may make share. */
#include <string.h>

#include "api/api.h"
#include "core/people.h"
#include "core/committee_check.h"

int
api_helper_has(struct request *rq, const char *kind, int64_t id, const char *field)
{
	struct sb_fail fail = {0};
	int rc = helper_check_has(rq->store, &rq->scope, kind, id, field, &rq->arena, &fail);

	return api_fail(rq, rc, &fail);
}

static json_t *
names_json(const char *const *names, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

/* A household in the light form: names, rooms, gender, age and tags. */
static json_t *
light_household_json(const struct light_household *h)
{
	json_t *residents = json_array();
	size_t i;

	for (i = 0; i < h->nresidents; i++) {
		const struct light_resident *r = &h->residents[i];

		json_array_append_new(
			residents, json_pack("{s:I, s:s?, s:s?, s:o, s:o}", "id", (json_int_t)r->id,
					     "name", r->name, "gender", r->gender, "age",
					     r->age >= 0 ? json_integer(r->age) : json_null(),
					     "tags", names_json(r->tags, r->ntags)));
	}
	return json_pack("{s:I, s:s?, s:s?, s:I, s:s?, s:s?, s:o, s:o, s:o}", "id",
			 (json_int_t)h->id, "committee_code", h->committee_code, "compound",
			 h->compound, "building_id", (json_int_t)h->building_id, "building",
			 h->building, "room", h->room, "floor",
			 h->has_floor ? json_integer(h->floor) : json_null(), "tags",
			 names_json(h->tags, h->ntags), "residents", residents);
}

/* A stored JSON text as a value (null when none). */
static json_t *
stored_json(const char *text)
{
	json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;

	return v ? v : json_null();
}

static json_t *
light_target_json(const struct light_target *t)
{
	return json_pack(
		"{s:I, s:I, s:s?, s:s?, s:o, s:o, s:o, s:s?, s:s?, s:s?, s:s?, s:o, s:b}",
		"target_id", (json_int_t)t->target_id, "campaign_id", (json_int_t)t->campaign_id,
		"campaign", t->campaign, "unit", t->unit, "fields", stored_json(t->fields),
		"household_id", t->household_id ? json_integer(t->household_id) : json_null(),
		"resident_id", t->resident_id ? json_integer(t->resident_id) : json_null(),
		"resident_name", t->resident_name, "compound", t->compound, "building", t->building,
		"room", t->room, "values", stored_json(t->values), "done", t->done);
}

/* GET /api/v1/me/households: a helper's households, with their residents'
 * names, gender, age and tags (never an ID or phone number); nothing for
 * the other roles, who have the register. */
int
api_me_households(struct request *rq, struct response *rs)
{
	struct light_household_list l;
	json_t *items;
	size_t i;
	int rc = people_households(rq->store, &rq->scope, 0, rq->now, &rq->arena, &l);

	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, light_household_json(&l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

/* GET /api/v1/me/households/{id}: one household in that light form; a
 * helper's buildings only (404 elsewhere), anyone else's jurisdiction. */
int
api_me_household(struct request *rq, struct response *rs)
{
	struct light_household_list l;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = people_households(rq->store, &rq->scope, id, rq->now, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	if (l.n == 0)
		return SB_NOT_FOUND;
	return response_json(rs, 200, light_household_json(&l.items[0]));
}

/* GET /api/v1/me/targets: the targets of open campaigns in a helper's
 * buildings, with the checklist and what is filled in; nothing for the
 * other roles, who have the campaign pages. */
int
api_me_targets(struct request *rq, struct response *rs)
{
	struct light_target_list l;
	json_t *items;
	size_t i;
	int rc = people_targets(rq->store, &rq->scope, &rq->arena, &l);

	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, light_target_json(&l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}
