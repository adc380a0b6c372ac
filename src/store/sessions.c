#include <string.h>

#include "store/store_int.h"

int
store_session_insert(struct store *st, const char *token_hash, int64_t user_id, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_SESSION_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, token_hash);
	bind_int(s, 2, user_id);
	bind_int(s, 3, now);
	return store_exec_stmt(st, s);
}

int
store_session_get(struct store *st, const char *token_hash, int64_t idle_since,
		  int64_t started_since, struct arena *ar, struct user *out, int64_t *last_seen)
{
	struct stmt *s = store_stmt(st, Q_SESSION_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, token_hash);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = col_int64(s, 0);
		*last_seen = col_int64(s, 1);
		out->username = col_text(s, 2, ar);
		out->role = role_parse(col_text_peek(s, 3));
		out->disabled = col_int(s, 4) != 0;
		out->created_at = col_int64(s, 5);
		out->gate_id = col_int64(s, 6);
		out->display_name = col_text(s, 8, ar);
		out->title = col_text(s, 9, ar);
		rc = out->disabled || *last_seen < idle_since || col_int64(s, 7) < started_since ||
				     out->role == ROLE_NONE
			     ? SB_NOT_FOUND
			     : SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_session_touch(struct store *st, const char *token_hash, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_SESSION_TOUCH);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, token_hash);
	bind_int(s, 2, now);
	return store_exec_stmt(st, s);
}

int
store_session_delete(struct store *st, const char *token_hash)
{
	struct stmt *s = store_stmt(st, Q_SESSION_DELETE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, token_hash);
	return store_exec_stmt(st, s);
}

int
store_session_delete_user(struct store *st, int64_t user_id, const char *keep_hash)
{
	struct stmt *s = store_stmt(st, Q_SESSION_DELETE_USER);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_text(s, 2, keep_hash ? keep_hash : "");
	return store_exec_stmt(st, s);
}

int
store_session_expire(struct store *st, int64_t idle_since, int64_t started_since)
{
	struct stmt *s = store_stmt(st, Q_SESSION_EXPIRE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, idle_since);
	bind_int(s, 2, started_since);
	return store_exec_stmt(st, s);
}

int
store_session_count(struct store *st, int64_t idle_since, int64_t *n)
{
	struct stmt *s = store_stmt(st, Q_SESSION_COUNT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, idle_since);
	return store_scalar(st, s, n);
}

int
store_login_failure_add(struct store *st, const char *username, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_LOGIN_FAILURE_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, username);
	bind_int(s, 2, now);
	return store_exec_stmt(st, s);
}

int
store_login_failures(struct store *st, const char *username, int64_t since, int64_t *count,
		     int64_t *oldest)
{
	struct stmt *s = store_stmt(st, Q_LOGIN_FAILURE_RECENT);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, username);
	bind_int(s, 2, since);
	rc = stmt_step(s);
	*count = 0;
	*oldest = 0;
	if (rc == STMT_ROW) {
		*count = col_int64(s, 0);
		*oldest = col_int64(s, 1);
	}
	rc = rc == STMT_ROW ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_login_failures_clear(struct store *st, const char *username, int64_t since)
{
	struct stmt *s = store_stmt(st, Q_LOGIN_FAILURE_CLEAR);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, username);
	bind_int(s, 2, since);
	return store_exec_stmt(st, s);
}
