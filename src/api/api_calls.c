#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/ident.h"
#include "core/register.h"
#include "http/json_io.h"
#include "http/server.h"
#include "util/crypto.h"

/* Calling a resident from the worker's phone (docs/register.md, "Calling a
 * resident"): the number in clear with a tel: link, audited as a call. */

static const struct jfield call_fields[] = {
	{"whom", JF_STRING, false, 1, 20, false},
	{NULL},
};

static const struct {
	const char *whom, *phone, *name;
} callees[] = {
	{"resident", "phone", "name"},
	{"emergency", "emergency_phone", "emergency_name"},
	{"carer", "carer_phone", "carer_name"},
};

/* Whether the caller may call the residents of a household today without a
 * reason: the owner of its grid, the worker on reception duty for its
 * committee, or a committee head and above (who may reveal with one). */
static int
call_allowed(struct request *rq, int64_t household, const char *committee)
{
	struct roster_list duty;
	char today[11];
	bool owns = false;
	int rc;

	if (rq->user.role >= ROLE_COMMITTEE_HEAD)
		return SB_OK;
	ident_today(rq->now, today);
	rc = store_worker_owns(rq->store, rq->user.id, household, today, &owns);
	if (rc != SB_OK || owns)
		return rc;
	rc = store_roster_list(rq->store, committee, today, today, &rq->arena, &duty);
	if (rc != SB_OK)
		return rc;
	if (duty.n == 1 && duty.items[0].worker_id == rq->user.id)
		return SB_OK;
	return request_fail(rq, SB_FORBIDDEN, NULL,
			    "only the worker of the household's grid, or on reception today, may "
			    "call from here",
			    "只有该户所在网格的社工或今日首问接待社工可以直接拨打");
}

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
	const struct entity_def *def = &entity_resident;
	const char *whom = "resident", *name, *committee;
	json_t *body = NULL;
	struct rvalue *row;
	const struct rvalue *v;
	char *clear = NULL;
	size_t c = 0;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = register_get(rq->store, &rq->scope, def, id, &rq->arena, &row);
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
	while (c < sizeof(callees) / sizeof(callees[0]) && strcmp(callees[c].whom, whom) != 0)
		c++;
	if (c == sizeof(callees) / sizeof(callees[0]))
		return request_fail(
			rq, SB_BAD_FIELD, "whom", "whom: resident, emergency or carer",
			"whom：须为 resident（本人）、emergency（紧急联系人）或 carer（照料人）");
	committee = row[entity_field(def, "committee_code")].s;
	rc = call_allowed(rq, row[entity_field(def, "household_id")].i, committee);
	if (rc != SB_OK)
		return rc;
	v = &row[entity_field(def, callees[c].phone)];
	if (v->null || v->box == NULL)
		return request_fail(rq, SB_NOT_FOUND, "whom", "no phone number is recorded",
				    "未登记电话号码");
	clear = crypto_open(server_key(rq->srv), v->box, v->boxlen);
	if (clear == NULL)
		return SB_INTERNAL;
	name = row[entity_field(def, callees[c].name)].null
		       ? NULL
		       : row[entity_field(def, callees[c].name)].s;
	rc = store_begin(rq->store);
	if (rc == SB_OK)
		rc = api_audit(rq, "call", "resident",
			       arena_printf(&rq->arena, "%lld", (long long)id), committee,
			       json_pack("{s:s}", "whom", whom));
	rc = store_end(rq->store, rc);
	if (rc == SB_OK) {
		response_header(rq, rs, "Cache-Control", "no-store");
		rc = response_json(rs, 200,
				   json_pack("{s:I, s:s, s:s?, s:s, s:s}", "resident_id",
					     (json_int_t)id, "whom", whom, "name", name, "phone",
					     clear, "tel_uri", tel_uri(rq, clear)));
	}
	crypto_wipe(clear);
	free(clear);
	return rc;
}
