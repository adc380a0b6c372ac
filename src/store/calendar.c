#include <string.h>

#include "store/store_int.h"

int
store_calendar_exception(struct store *st, const char *date, char *kind)
{
	struct stmt *s = store_stmt(st, Q_CALENDAR_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, date);
	rc = stmt_step(s);
	*kind = 0;
	if (rc == STMT_ROW)
		*kind = (col_text_peek(s, 0))[0] == 'h' ? 'h' : 'w';
	rc = rc == STMT_ROW || rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_calendar_list(struct store *st, const char *from, const char *to, struct arena *ar,
		    struct calendar_list *out)
{
	struct stmt *s = store_stmt(st, Q_CALENDAR_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, from);
	bind_text(s, 2, to);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct calendar_day *d = arena_push(ar, &out->items, &out->n, &cap, sizeof(*d));

		d->date = col_text(s, 0, ar);
		d->kind = col_text(s, 1, ar);
		d->name = col_text(s, 2, ar);
	}
	return store_finish(st, s, rc);
}

int
store_calendar_put(struct store *st, const char *date, const char *kind, const char *name)
{
	struct stmt *s = store_stmt(st, Q_CALENDAR_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, date);
	bind_text(s, 2, kind);
	bind_text(s, 3, name);
	return store_exec_stmt(st, s);
}

int
store_calendar_delete(struct store *st, const char *date)
{
	struct stmt *s = store_stmt(st, Q_CALENDAR_DELETE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, date);
	return store_exec_stmt(st, s);
}
