#ifndef SB_SESSION_H
#define SB_SESSION_H

#include "core/accounts.h" /* SESSION_IDLE_S, SESSION_MAX_S */
#include "http/http.h"

#define SESSION_COOKIE "sibai_session"
#define SESSION_TOUCH_S 60 /* last use is written at most once a minute */

/* Checks the session cookie; on success sets rq->authed, user, scope and
 * session_hash.  UNAUTHORIZED otherwise. */
int session_authenticate(struct request *rq);

/* Starts a session for user id: stores its hash and sets the cookie. */
int session_start(struct request *rq, struct response *rs, int64_t user_id);

/* Sets a cookie that clears the session cookie in the browser. */
void session_clear_cookie(struct request *rq, struct response *rs);

#endif
