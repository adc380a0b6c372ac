#ifndef SB_SESSION_H
#define SB_SESSION_H

#include "core/accounts.h" /* SESSION_IDLE_S, SESSION_MAX_S */
#include "http/http.h"

#define SESSION_COOKIE "sibai_session"
#define SESSION_TOUCH_S 60 /* last use is written at most once a minute */

/* Checks the session cookie; on success sets rq->authed, user, scope and
 * session_hash.  UNAUTHORIZED otherwise. */
int session_authenticate(struct request *rq);

/* Sets the cookie of a session token (its hash already stored, by
 * session_sign_in in core/account_views.c) and notes the hash as the
 * request's session. */
void session_set_cookie(struct request *rq, struct response *rs, const char *token);

/* Sets a cookie that clears the session cookie in the browser. */
void session_clear_cookie(struct request *rq, struct response *rs);

#endif
