#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/calls.h"
#include "http/json_io.h"
#include "http/server.h"

/* Calling a resident from the worker's phone (docs/register.md, "Calling a
 * resident"): the number in clear with a tel: link, audited as a call
 * (core/calls.c decides who may call). */

static const struct jfield call_fields[] = {
	{"whom", JF_STRING, false, 1, 20, false},
	{NULL},
};

/* "tel:+86…" for a normalised number: a mobile as is, a fixed line without
 * its trunk 0 (RFC 3966 global number). */
static const char *
tel_uri(struct request *rq, const char *phone)
{
	return arena_printf(&rq->arena, "tel:+86%s", phone[0] == '0' ? phone + 1 : phone);
}

/* POST /api/v1/residents/{id}/call {whom}: the number to dial. */
int
api_residents_call(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct call_callee callee;
	struct call_number number;
	struct sb_fail fail = {0};
	const char *whom = "resident";
	json_t *body = NULL;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	/* The resident first: out of scope is 404 whatever the body. */
	if (rc == SB_OK)
		rc = call_callee_find(rq->store, &rq->scope, id, &rq->arena, &callee);
	if (rc == SB_OK && rq->body.len > 0) {
		rc = json_body(rq, &body);
		if (rc == SB_OK)
			rc = json_validate(rq, body, call_fields);
		if (rc == SB_OK && json_object_get(body, "whom"))
			whom = arena_strdup(&rq->arena,
					    json_string_value(json_object_get(body, "whom")));
	}
	json_decref(body);
	if (rc != SB_OK)
		return rc;
	rc = call_resident(rq->store, &rq->scope, &who, server_key(rq->srv), &callee, whom,
			   &rq->arena, &number, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	response_header(rq, rs, "Cache-Control", "no-store");
	rc = response_json(rs, 200,
			   json_pack("{s:I, s:s, s:s?, s:s, s:s}", "resident_id", (json_int_t)id,
				     "whom", number.whom, "name", number.name, "phone",
				     number.phone, "tel_uri", tel_uri(rq, number.phone)));
	crypto_wipe(number.phone);
	free(number.phone);
	return rc;
}
