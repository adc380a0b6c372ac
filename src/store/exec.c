/* Running statements: the helpers of store_int.h over the statement layer. */

#include "store/store_int.h"
#include "util/errors.h"

int
store_exec_stmt(struct store *st, struct stmt *s)
{
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	rc = stmt_step(s);
	rc = rc == STMT_DONE || rc == STMT_ROW ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_scalar(struct store *st, struct stmt *s, int64_t *n)
{
	int rc;

	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	rc = stmt_step(s);
	if (rc == STMT_ROW)
		*n = col_int64(s, 0);
	rc = rc == STMT_ROW || rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_exec_insert(struct store *st, struct stmt *s, int64_t *id)
{
	int rc = store_exec_stmt(st, s);

	if (rc == SB_OK && id)
		*id = store_last_id(st);
	return rc;
}

int
store_ids(struct store *st, struct stmt *s, struct arena *ar, int64_t **ids, size_t *n)
{
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		int64_t *slot = arena_push(ar, ids, n, &cap, sizeof(**ids));

		*slot = col_int64(s, 0);
	}
	rc = rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_step_one(struct store *st, struct stmt *s)
{
	int rc = stmt_step(s);

	if (rc == STMT_ROW)
		return SB_OK;
	rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_read_one(struct store *st, struct stmt *s,
	       void (*read)(struct stmt *s, struct arena *ar, void *out), struct arena *ar,
	       void *out)
{
	int rc = store_step_one(st, s);

	if (rc != SB_OK)
		return rc;
	read(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_finish(struct store *st, struct stmt *s, int rc)
{
	rc = rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}
