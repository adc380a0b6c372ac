#include <string.h>

#include "store/store_int.h"

int
store_session_insert(struct store *st, const char *token_hash, int64_t user_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, Q_SESSION_INSERT);

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
	sqlite3_stmt *s = store_stmt(st, Q_SESSION_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, token_hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(s, 0);
		*last_seen = sqlite3_column_int64(s, 1);
		out->username = col_text(s, 2, ar);
		out->role = role_parse((const char *)sqlite3_column_text(s, 3));
		out->disabled = sqlite3_column_int(s, 4) != 0;
		out->created_at = sqlite3_column_int64(s, 5);
		out->gate_id = sqlite3_column_int64(s, 6);
		out->display_name = col_text(s, 8, ar);
		out->title = col_text(s, 9, ar);
		rc = out->disabled || *last_seen < idle_since ||
				     sqlite3_column_int64(s, 7) < started_since ||
				     out->role == ROLE_NONE
			     ? SB_NOT_FOUND
			     : SB_OK;
	} else {
		rc = rc == SQLITE_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	sqlite3_reset(s);
	return rc;
}

int
store_session_touch(struct store *st, const char *token_hash, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, Q_SESSION_TOUCH);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, token_hash);
	bind_int(s, 2, now);
	return store_exec_stmt(st, s);
}

int
store_session_delete(struct store *st, const char *token_hash)
{
	sqlite3_stmt *s = store_stmt(st, Q_SESSION_DELETE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, token_hash);
	return store_exec_stmt(st, s);
}

int
store_session_delete_user(struct store *st, int64_t user_id, const char *keep_hash)
{
	sqlite3_stmt *s = store_stmt(st, Q_SESSION_DELETE_USER);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_text(s, 2, keep_hash ? keep_hash : "");
	return store_exec_stmt(st, s);
}

int
store_session_expire(struct store *st, int64_t idle_since, int64_t started_since)
{
	sqlite3_stmt *s = store_stmt(st, Q_SESSION_EXPIRE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, idle_since);
	bind_int(s, 2, started_since);
	return store_exec_stmt(st, s);
}

int
store_session_count(struct store *st, int64_t idle_since, int64_t *n)
{
	sqlite3_stmt *s = store_stmt(st, Q_SESSION_COUNT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, idle_since);
	return store_scalar(st, s, n);
}

int
store_login_failure_add(struct store *st, const char *username, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, Q_LOGIN_FAILURE_INSERT);

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
	sqlite3_stmt *s = store_stmt(st, Q_LOGIN_FAILURE_RECENT);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, username);
	bind_int(s, 2, since);
	rc = sqlite3_step(s);
	*count = 0;
	*oldest = 0;
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(s, 0);
		*oldest = sqlite3_column_int64(s, 1);
	}
	rc = rc == SQLITE_ROW ? SB_OK : store_err(st, rc);
	sqlite3_reset(s);
	return rc;
}

int
store_login_failures_clear(struct store *st, const char *username, int64_t since)
{
	sqlite3_stmt *s = store_stmt(st, Q_LOGIN_FAILURE_CLEAR);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, username);
	bind_int(s, 2, since);
	return store_exec_stmt(st, s);
}
