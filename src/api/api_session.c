#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/accounts.h"
#include "http/json_io.h"
#include "http/session.h"
#include "util/crypto.h"

static const struct jfield login_fields[] = {
	{"username", JF_STRING, true, 1, ACCOUNT_USERNAME_MAX, false},
	{"password", JF_SECRET, true, 1, ACCOUNT_PASSWORD_MAX, false},
	{NULL},
};

/* POST /api/v1/session: 200 {user} and the session cookie; 401 alike for
 * every wrong name or password; 429 while the name is locked out. */
int
api_session_create(struct request *rq, struct response *rs)
{
	char token[SB_TOKEN_CHARS + 1], hash[SB_HASH_HEX];
	struct account_view v;
	json_t *body = NULL;
	int64_t retry, gate = 0;
	char secs[24];
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, login_fields);
	if (rc != SB_OK)
		goto out;
	crypto_token_new(token);
	crypto_token_hash(token, hash);
	rc = session_sign_in(rq->store, json_string_value(json_object_get(body, "username")),
			     json_string_value(json_object_get(body, "password")), hash, rq->ip,
			     rq->now, &rq->arena, &v, &gate, &retry);
	if (rc == SB_TOO_MANY) {
		snprintf(secs, sizeof(secs), "%lld", (long long)retry);
		response_header(rq, rs, "Retry-After", secs);
		goto out;
	}
	if (rc != SB_OK)
		goto out;
	session_set_cookie(rq, rs, token);
	rc = response_json(rs, 200,
			   json_pack("{s:o, s:o}", "user", api_user_json(rq, &v), "gate_id",
				     gate ? json_integer(gate) : json_null()));
out:
	json_decref(body);
	return rc;
}

/* DELETE /api/v1/session: 204 and the cookie cleared. */
int
api_session_delete(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	int rc = session_sign_out(rq->store, &who, rq->session_hash, &rq->arena);

	if (rc != SB_OK)
		return rc;
	session_clear_cookie(rq, rs);
	return response_empty(rs, 204);
}

/* GET /api/v1/me: the caller. */
int
api_me_get(struct request *rq, struct response *rs)
{
	struct account_view v;
	int rc = account_read(rq->store, NULL, rq->user.id, &rq->arena, &v);
	json_t *out;

	if (rc != SB_OK)
		return rc;
	out = api_user_json(rq, &v);
	/* a gate account: the web page shows it the gate log only */
	json_object_set_new(out, "gate_id",
			    rq->user.gate_id ? json_integer(rq->user.gate_id) : json_null());
	return response_json(rs, 200, out);
}

static const struct jfield password_fields[] = {
	{"old_password", JF_SECRET, true, 1, ACCOUNT_PASSWORD_MAX, false},
	{"new_password", JF_SECRET, true, 1, ACCOUNT_PASSWORD_MAX, false},
	{NULL},
};

/* PATCH /api/v1/me/password: 204; the caller's other sessions end. */
int
api_me_password(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	json_t *body = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, password_fields);
	if (rc != SB_OK)
		goto out;
	rc = account_change_password(rq->store, &who,
				     json_string_value(json_object_get(body, "old_password")),
				     json_string_value(json_object_get(body, "new_password")),
				     rq->session_hash, &rq->arena, &fail);
	if (rc != SB_OK) {
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_empty(rs, 204);
out:
	json_decref(body);
	return rc;
}
