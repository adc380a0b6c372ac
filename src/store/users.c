#include <string.h>

#include "store/store_int.h"

/* q with LIKE's wildcards escaped, so that it matches literally. */
static const char *
like_escape(struct arena *ar, const char *q)
{
	char *out = arena_alloc(ar, 2 * strlen(q) + 1), *w = out;

	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*w++ = '\\';
		*w++ = *q;
	}
	*w = '\0';
	return out;
}

static void
read_user(struct stmt *s, struct arena *ar, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = col_int64(s, 0);
	u->username = col_text(s, 1, ar);
	u->password_hash = col_text(s, 2, ar);
	u->role = role_parse(col_text_peek(s, 3));
	u->disabled = col_int(s, 4) != 0;
	u->created_at = col_int64(s, 5);
	u->display_name = col_text(s, 6, ar);
	u->title = col_text(s, 7, ar);
	u->phone_mask = col_text(s, 8, ar);
}

static int
load_scope(struct store *st, struct arena *ar, struct user *u)
{
	struct stmt *s = store_stmt(st, Q_USER_SCOPE_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, u->id);
	u->nscope = 0;
	u->scope = NULL;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		const char **slot = arena_push(ar, &u->scope, &u->nscope, &cap, sizeof(*u->scope));

		*slot = col_text(s, 0, ar);
	}
	return store_finish(st, s, rc);
}

/* Steps s for one user row; NOT_FOUND when there is none. */
static int
one_user(struct store *st, struct stmt *s, struct arena *ar, struct user *out)
{
	int rc = stmt_step(s);

	if (rc == STMT_ROW) {
		read_user(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc == SB_OK ? load_scope(st, ar, out) : rc;
}

static int
many_users(struct store *st, struct stmt *s, struct arena *ar, struct user_list *out)
{
	size_t cap = 0, i;
	int rc;

	out->n = 0;
	out->items = NULL;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_user(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	rc = store_finish(st, s, rc);
	for (i = 0; rc == SB_OK && i < out->n; i++)
		rc = load_scope(st, ar, &out->items[i]);
	return rc;
}

static int
insert_scope(struct store *st, int64_t id, const char *const *scope, size_t nscope)
{
	size_t i;
	int rc = SB_OK;

	for (i = 0; rc == SB_OK && i < nscope; i++) {
		struct stmt *s = store_stmt(st, Q_USER_SCOPE_INSERT);

		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, id);
		bind_text(s, 2, scope[i]);
		rc = store_exec_stmt(st, s);
	}
	return rc;
}

int
store_user_insert(struct store *st, const char *username, const char *password_hash, enum role role,
		  const char *const *scope, size_t nscope, int64_t now, int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_USER_INSERT);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, username);
	bind_text(s, 2, password_hash);
	bind_text(s, 3, role_name(role));
	bind_int(s, 4, now);
	rc = store_exec_insert(st, s, id);
	if (rc != SB_OK)
		return rc;
	return insert_scope(st, *id, scope, nscope);
}

int
store_user_count(struct store *st, int64_t *n)
{
	return store_scalar(st, store_stmt(st, Q_USER_COUNT), n);
}

int
store_user_by_name(struct store *st, const char *username, struct arena *ar, struct user *out)
{
	struct stmt *s = store_stmt(st, Q_USER_BY_NAME);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, username);
	return one_user(st, s, ar, out);
}

int
store_user_by_id(struct store *st, int64_t id, struct arena *ar, struct user *out)
{
	struct stmt *s = store_stmt(st, Q_USER_BY_ID);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	return one_user(st, s, ar, out);
}

int
store_user_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct user *out)
{
	struct stmt *s = store_stmt(st, Q_USER_GET_SCOPED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	return one_user(st, s, ar, out);
}

int
store_user_list(struct store *st, const struct scope *sc, const char *q, int64_t after_id,
		int limit, struct arena *ar, struct user_list *out)
{
	struct stmt *s = store_stmt(st, Q_USER_LIST_SCOPED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, limit);
	bind_int(s, 3, after_id);
	bind_text(s, 4, q ? like_escape(ar, q) : NULL);
	return many_users(st, s, ar, out);
}

int
store_user_list_all(struct store *st, struct arena *ar, struct user_list *out)
{
	struct stmt *s = store_stmt(st, Q_USER_LIST_ALL);

	if (s == NULL)
		return SB_INTERNAL;
	return many_users(st, s, ar, out);
}

int
store_user_set_role(struct store *st, int64_t id, enum role role, const char *const *scope,
		    size_t nscope)
{
	struct stmt *s = store_stmt(st, Q_USER_SET_ROLE);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_text(s, 2, role_name(role));
	rc = store_exec_stmt(st, s);
	if (rc != SB_OK)
		return rc;
	s = store_stmt(st, Q_USER_SCOPE_DELETE);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	rc = store_exec_stmt(st, s);
	return rc == SB_OK ? insert_scope(st, id, scope, nscope) : rc;
}

int
store_user_set_disabled(struct store *st, int64_t id, bool disabled)
{
	struct stmt *s = store_stmt(st, Q_USER_SET_DISABLED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, disabled);
	return store_exec_stmt(st, s);
}

int
store_user_set_password(struct store *st, int64_t id, const char *password_hash)
{
	struct stmt *s = store_stmt(st, Q_USER_SET_PASSWORD);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_text(s, 2, password_hash);
	return store_exec_stmt(st, s);
}

int
store_user_set_profile(struct store *st, int64_t id, const char *display_name, const char *title,
		       const unsigned char *phone_box, size_t boxlen, const char *phone_mask)
{
	struct stmt *s = store_stmt(st, Q_USER_SET_PROFILE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_text(s, 2, display_name);
	bind_text(s, 3, title);
	if (phone_box)
		bind_blob(s, 4, phone_box, (size_t)boxlen);
	else
		bind_null(s, 4);
	bind_text(s, 5, phone_mask);
	return store_exec_stmt(st, s);
}

int
store_user_phone_box(struct store *st, int64_t id, struct arena *ar, unsigned char **box,
		     size_t *len)
{
	struct stmt *s = store_stmt(st, Q_USER_PHONE_BOX);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	*box = NULL;
	*len = 0;
	rc = stmt_step(s);
	if (rc == STMT_ROW && col_type(s, 0) == STMT_BLOB) {
		*len = (size_t)col_bytes(s, 0);
		*box = arena_alloc(ar, *len + 1);
		memcpy(*box, col_blob(s, 0), *len);
	}
	rc = rc == STMT_ROW ? SB_OK : rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_user_set_created_by(struct store *st, int64_t id, int64_t created_by)
{
	struct stmt *s = store_stmt(st, Q_USER_SET_CREATED_BY);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_id_or_null(s, 2, created_by);
	return store_exec_stmt(st, s);
}
