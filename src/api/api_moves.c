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

/* POST /api/v1/compounds/{id}/move {committee_code, effective_on}: 200 with
 * what moved (core/moves.c). */
int
api_compounds_move(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	json_t *body = NULL, *out = NULL;
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
			   &out, &fail);
	if (rc != SB_OK) {
		rc = rc == SB_NOT_FOUND ? rc : api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_json(rs, 200, out);
	out = NULL;
out:
	json_decref(out);
	json_decref(body);
	return rc;
}
