#include <string.h>

#include "store/store_int.h"

static void
read_area(struct stmt *s, struct arena *ar, struct area *a)
{
	a->code = col_text(s, 0, ar);
	a->name = col_text(s, 1, ar);
	a->level = col_text(s, 2, ar);
	a->parent_code = col_text(s, 3, ar);
}

/* Reads every row of s into a list grown in the arena. */
static int
read_areas(struct store *st, struct stmt *s, struct arena *ar, struct area_list *out)
{
	size_t cap = 0;
	int rc;

	out->n = 0;
	out->items = NULL;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_area(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_area_insert(struct store *st, const struct area *a)
{
	struct stmt *s = store_stmt(st, Q_AREA_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, a->code);
	bind_text(s, 2, a->name);
	bind_text(s, 3, a->level);
	bind_text(s, 4, a->parent_code);
	return store_exec_stmt(st, s);
}

int
store_area_closure_rebuild(struct store *st)
{
	return store_exec_stmt(st, store_stmt(st, Q_AREA_CLOSURE_REBUILD));
}

int
store_area_count(struct store *st, int64_t *n)
{
	return store_scalar(st, store_stmt(st, Q_AREA_COUNT), n);
}

int
store_area_level(struct store *st, const char *code, struct arena *ar, const char **level)
{
	struct stmt *s = store_stmt(st, Q_AREA_LEVEL);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, code);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*level = col_text(s, 0, ar);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_area_get(struct store *st, const struct scope *sc, const char *code, struct arena *ar,
	       struct area *out)
{
	struct stmt *s = store_stmt(st, Q_AREA_GET_SCOPED);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, code);
	bind_int(s, 2, sc->user_id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		read_area(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_area_parents(struct store *st, const char *code, struct arena *ar, struct area_list *out)
{
	struct stmt *s = store_stmt(st, Q_AREA_PARENTS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, code);
	return read_areas(st, s, ar, out);
}

int
store_area_children(struct store *st, const char *code, struct arena *ar, struct area_list *out)
{
	struct stmt *s = store_stmt(st, Q_AREA_CHILDREN);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, code);
	return read_areas(st, s, ar, out);
}

int
store_area_search(struct store *st, const struct scope *sc, const char *q, const char *level,
		  const char *parent, const char *after, int limit, struct arena *ar,
		  struct area_list *out)
{
	struct stmt *s = store_stmt(st, Q_AREA_SEARCH);
	char *like = NULL;

	if (s == NULL)
		return SB_INTERNAL;
	if (q) {
		/* Escape LIKE's wildcards so that the text matches literally. */
		size_t i, n = 0;

		like = arena_alloc(ar, 2 * strlen(q) + 1);
		for (i = 0; q[i]; i++) {
			if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
				like[n++] = '\\';
			like[n++] = q[i];
		}
	}
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, limit);
	bind_text(s, 3, after ? after : "");
	bind_text(s, 4, like);
	bind_text(s, 5, level);
	bind_text(s, 6, parent);
	return read_areas(st, s, ar, out);
}

int
store_committees_under(struct store *st, const char *area, struct arena *ar, struct area_list *out)
{
	struct stmt *s = store_stmt(st, Q_COMMITTEES_UNDER);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, area);
	return read_areas(st, s, ar, out);
}
