/* Splitting and merging committees (拆大并小): POST /api/v1/compounds/{id}/move. */

#include "api/api.h"
#include "core/moves.h"
#include "core/register.h"
#include "http/json_io.h"

static const struct jfield move_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"effective_on", JF_STRING, true, 1, 10, false},
	{NULL},
};

/* What a move did, as the API answers it. */
static json_t *
move_json(const struct compound_move_result *r)
{
	const struct compound_move_counts *n = &r->counts;

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:I, "
			 "s:I, s:I}}",
			 "compound_id", (json_int_t)r->compound_id, "name", r->name, "from",
			 r->from, "to", r->to, "effective_on", r->effective_on, "moved",
			 "buildings", (json_int_t)n->buildings, "households",
			 (json_int_t)n->households, "residents", (json_int_t)n->residents, "visits",
			 (json_int_t)n->visits, "issues", (json_int_t)n->issues, "gates",
			 (json_int_t)n->gates, "released", "gate_guards",
			 (json_int_t)n->gate_guards, "campaign_targets",
			 (json_int_t)n->campaign_targets, "party_buildings",
			 (json_int_t)n->party_buildings, "liaisons", (json_int_t)n->liaisons);
}

/* POST /api/v1/compounds/{id}/move {committee_code, effective_on}: 200 with
 * what moved (core/moves.c). */
int
api_compounds_move(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct compound_move_result moved;
	struct sb_fail fail = {0};
	json_t *body = NULL;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK) /* 404 before the body */
		rc = register_find(rq->store, &rq->scope, &entity_compound, id, &rq->arena);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, move_fields);
	if (rc != SB_OK)
		goto out;
	rc = compound_move(rq->store, &rq->scope, &who, id,
			   json_string_value(json_object_get(body, "committee_code")),
			   json_string_value(json_object_get(body, "effective_on")), &rq->arena,
			   &moved, &fail);
	if (rc != SB_OK) {
		rc = rc == SB_NOT_FOUND ? rc : api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 200, move_json(&moved));
out:
	json_decref(body);
	return rc;
}
