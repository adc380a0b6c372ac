#include <string.h>

#include "store/store_int.h"

int
store_audit_add(struct store *st, const struct audit_entry *e)
{
	struct stmt *s = store_stmt(st, Q_AUDIT_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, e->at);
	bind_id_or_null(s, 2, e->user_id);
	bind_text(s, 3, e->username);
	bind_text(s, 4, e->action);
	bind_text(s, 5, e->entity);
	bind_text(s, 6, e->entity_id);
	bind_text(s, 7, e->area_code ? e->area_code : "31");
	bind_text(s, 8, e->detail ? e->detail : "{}");
	bind_text(s, 9, e->ip);
	return store_exec_stmt(st, s);
}

int
store_audit_list(struct store *st, const struct scope *sc, const struct audit_filter *f,
		 struct arena *ar, struct audit_list *out)
{
	struct stmt *s = store_stmt(st, Q_AUDIT_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, f->limit);
	bind_int(s, 3, f->before_id > 0 ? f->before_id : INT64_MAX);
	bind_id_or_null(s, 4, f->user_id);
	bind_text(s, 5, f->entity);
	bind_text(s, 6, f->action);
	bind_id_or_null(s, 7, f->from);
	bind_id_or_null(s, 8, f->to);
	out->n = 0;
	out->items = NULL;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct audit_entry *e = arena_push(ar, &out->items, &out->n, &cap, sizeof(*e));

		e->id = col_int64(s, 0);
		e->at = col_int64(s, 1);
		e->user_id = col_int64(s, 2);
		e->username = col_text(s, 3, ar);
		e->action = col_text(s, 4, ar);
		e->entity = col_text(s, 5, ar);
		e->entity_id = col_text(s, 6, ar);
		e->area_code = col_text(s, 7, ar);
		e->detail = col_text(s, 8, ar);
		e->name = col_text(s, 9, ar);
	}
	return store_finish(st, s, rc);
}
