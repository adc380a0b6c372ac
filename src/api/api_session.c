#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "core/accounts.h"
#include "http/json_io.h"
#include "http/session.h"
#include "store/campaigns.h"
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
	json_t *body = NULL;
	struct user u;
	int64_t retry;
	char secs[24];
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, login_fields);
	if (rc != SB_OK)
		goto out;
	rc = account_login(rq->store, json_string_value(json_object_get(body, "username")),
			   json_string_value(json_object_get(body, "password")), rq->ip, rq->now,
			   &rq->arena, &u, &retry);
	if (rc == SB_TOO_MANY) {
		snprintf(secs, sizeof(secs), "%lld", (long long)retry);
		response_header(rq, rs, "Retry-After", secs);
		goto out;
	}
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = session_start(rq, rs, u.id);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	/* A gate account's gate, as /me gives it: the page goes straight to the
	 * gate log and reads nothing else ahead (a worker's plan, say). */
	if (rc == SB_OK) {
		int64_t gate = 0;

		rc = store_gate_guard_of(rq->store, u.id, &gate);
		if (rc == SB_NOT_FOUND) {
			gate = 0;
			rc = SB_OK;
		}
		if (rc == SB_OK)
			rc = response_json(rs, 200,
					   json_pack("{s:o, s:o}", "user", api_user_json(rq, &u),
						     "gate_id",
						     gate ? json_integer(gate) : json_null()));
	}
out:
	json_decref(body);
	return rc;
}

/* DELETE /api/v1/session: 204 and the cookie cleared. */
int
api_session_delete(struct request *rq, struct response *rs)
{
	struct user u;
	int rc = store_user_by_id(rq->store, rq->user.id, &rq->arena, &u);

	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		return rc;
	rc = store_session_delete(rq->store, rq->session_hash);
	if (rc == SB_OK)
		rc = api_audit(rq, "logout", "session",
			       arena_printf(&rq->arena, "%lld", (long long)u.id), account_area(&u),
			       NULL);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK)
		return rc;
	session_clear_cookie(rq, rs);
	return response_empty(rs, 204);
}

/* GET /api/v1/me: the caller. */
int
api_me_get(struct request *rq, struct response *rs)
{
	struct user u;
	int rc = store_user_by_id(rq->store, rq->user.id, &rq->arena, &u);

	json_t *out;

	if (rc != SB_OK)
		return rc;
	out = api_user_json(rq, &u);
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
	struct actor who = {rq->user.id, rq->user.username, rq->ip, rq->now};
	struct account_change c = {.role = ROLE_NONE, .disabled = -1};
	struct sb_fail fail = {0};
	json_t *body = NULL;
	struct user u;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, password_fields);
	if (rc == SB_OK)
		rc = store_user_by_id(rq->store, rq->user.id, &rq->arena, &u);
	if (rc != SB_OK)
		goto out;
	if (!crypto_password_verify(u.password_hash,
				    json_string_value(json_object_get(body, "old_password")))) {
		rc = request_fail(rq, SB_BAD_FIELD, "old_password", "old_password: wrong password",
				  "old_password：原密码错误");
		goto out;
	}
	c.password = json_string_value(json_object_get(body, "new_password"));
	c.keep_session = rq->session_hash;
	rc = account_check_password(c.password, "new_password", &fail);
	if (rc == SB_OK)
		rc = account_update(rq->store, &who, rq->user.id, &c, &rq->arena, &fail);
	if (rc != SB_OK) {
		if (fail.field && strcmp(fail.field, "password") == 0)
			fail.field = "new_password";
		rc = api_fail(rq, rc, &fail);
		goto out;
	}
	rc = response_empty(rs, 204);
out:
	json_decref(body);
	return rc;
}
