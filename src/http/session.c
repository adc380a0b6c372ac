#include <stdio.h>
#include <string.h>

#include "http/server.h"
#include "http/session.h"
#include "util/crypto.h"
#include "util/errors.h"

int
session_authenticate(struct request *rq)
{
	const char *token = request_cookie(rq, SESSION_COOKIE);
	int64_t last_seen;
	int rc;

	if (token == NULL || strlen(token) != SB_TOKEN_CHARS)
		return SB_UNAUTHORIZED;
	crypto_token_hash(token, rq->session_hash);
	rc = store_session_get(rq->store, rq->session_hash, rq->now - SESSION_IDLE_S,
			       rq->now - SESSION_MAX_S, &rq->arena, &rq->user, &last_seen);
	if (rc == SB_NOT_FOUND)
		return SB_UNAUTHORIZED;
	if (rc != SB_OK)
		return rc;
	if (rq->now - last_seen >= SESSION_TOUCH_S) {
		rc = store_begin(rq->store);
		if (rc == SB_OK)
			rc = store_session_touch(rq->store, rq->session_hash, rq->now);
		if (rc == SB_OK)
			rc = store_commit(rq->store);
		else
			store_rollback(rq->store);
		if (rc != SB_OK)
			return rc;
	}
	rq->authed = true;
	rq->scope.user_id = rq->user.id;
	rq->scope.role = rq->user.role;
	return SB_OK;
}

/* "; Secure" when the browser reached us over TLS (a proxy says so) or
 * serve was told the site is https only, so the cookie never travels in
 * clear; not otherwise, or a plain-http site could not log in at all. */
static const char *
cookie_secure(struct request *rq)
{
	return server_secure_cookies(rq->srv) || request_is_https(rq) ? "; Secure" : "";
}

void
session_set_cookie(struct request *rq, struct response *rs, const char *token)
{
	char cookie[160];

	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
		 SESSION_COOKIE, token, SESSION_IDLE_S, cookie_secure(rq));
	response_header(rq, rs, "Set-Cookie", cookie);
	crypto_token_hash(token, rq->session_hash);
}

void
session_clear_cookie(struct request *rq, struct response *rs)
{
	response_header(rq, rs, "Set-Cookie",
			arena_printf(&rq->arena,
				     SESSION_COOKIE
				     "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
				     cookie_secure(rq)));
}
