#include <string.h>

#include "store/idempotency.h"
#include "store/store_int.h"

int
store_idem_get(struct store *st, int64_t user_id, const char *key, int64_t not_before,
	       struct arena *ar, struct idem_answer *out)
{
	struct stmt *s = store_stmt(st, Q_IDEM_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_text(s, 2, key);
	bind_int(s, 3, not_before);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		const void *hash = col_blob(s, 2);
		const void *body = col_blob(s, 6);
		size_t hlen = (size_t)col_bytes(s, 2);
		char *copy;

		memset(out, 0, sizeof(*out));
		out->method = col_text(s, 0, ar);
		out->path = col_text(s, 1, ar);
		if (hash && hlen == IDEM_HASH_BYTES)
			memcpy(out->body_hash, hash, IDEM_HASH_BYTES);
		out->status = col_int(s, 3);
		out->content_type = col_text(s, 4, ar);
		out->headers = col_text(s, 5, ar);
		out->body_len = (size_t)col_bytes(s, 6);
		copy = arena_alloc(ar, out->body_len + 1);
		if (body && out->body_len)
			memcpy(copy, body, out->body_len);
		out->body = copy;
		rc = out->method && out->path ? SB_OK : SB_INTERNAL;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_idem_put(struct store *st, int64_t user_id, const char *key, const struct idem_answer *a,
	       int64_t now)
{
	struct stmt *s = store_stmt(st, Q_IDEM_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_text(s, 2, key);
	bind_text(s, 3, a->method);
	bind_text(s, 4, a->path);
	bind_blob(s, 5, a->body_hash, (size_t)(IDEM_HASH_BYTES));
	bind_int(s, 6, a->status);
	bind_text(s, 7, a->content_type);
	bind_text(s, 8, a->headers ? a->headers : "[]");
	bind_blob(s, 9, a->body_len ? a->body : "", (size_t)a->body_len);
	bind_int(s, 10, now);
	return store_exec_stmt(st, s);
}

int
store_idem_purge(struct store *st, int64_t before)
{
	struct stmt *s = store_stmt(st, Q_IDEM_PURGE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, before);
	return store_exec_stmt(st, s);
}

int
store_plan_capacity(struct store *st, int64_t user_id, int *n)
{
	struct stmt *s = store_stmt(st, Q_PLAN_CAPACITY_GET);
	int64_t v = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	rc = store_scalar(st, s, &v);
	*n = (int)v;
	return rc;
}

int
store_plan_capacity_set(struct store *st, int64_t user_id, int n)
{
	struct stmt *s = store_stmt(st, Q_PLAN_CAPACITY_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_int(s, 2, n);
	return store_exec_stmt(st, s);
}
