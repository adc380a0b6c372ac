/* The checking list (核查) and remembered import mappings (docs/checking.md). */

#include <string.h>

#include "store/checking.h"
#include "store/store_int.h"

const char *const check_kinds[3] = {"new", "changed", "missing"};
const char *const check_states[5] = {"open", "confirmed", "not_found", "moved_away", "corrected"};

/* Runs an INSERT … SELECT … WHERE check: NOT_FOUND when the check refused
 * the row; *id (when not NULL) gets the new row's id. */
static int
inserted(struct store *st, struct stmt *s, int64_t *id)
{
	int64_t new_id = 0;
	int rc = store_exec_insert(st, s, &new_id);

	if (rc == SB_OK && store_changes(st) == 0)
		return SB_NOT_FOUND;
	if (rc == SB_OK && id)
		*id = new_id;
	return rc;
}

int
store_check_batch_insert(struct store *st, const struct scope *sc, const struct check_batch *b,
			 struct arena *ar, struct check_batch_ref *out)
{
	struct stmt *s = store_stmt(st, Q_CHECK_BATCH_INSERT);
	int64_t id = 0;
	int rc;

	out->id = 0;
	out->committee = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, b->area_code);
	bind_text(s, 2, b->file_name);
	bind_int(s, 3, b->rows);
	bind_int(s, 4, b->rejected);
	bind_int(s, 5, b->created_by);
	bind_int(s, 6, b->created_at);
	bind_int(s, 7, sc->user_id);
	rc = inserted(st, s, &id);
	if (rc == SB_OK) {
		out->id = id;
		out->committee = arena_strdup(ar, b->area_code);
	}
	return rc;
}

int
store_check_batch_complete(struct store *st, const struct check_batch_ref *batch)
{
	struct stmt *s = store_stmt(st, Q_CHECK_BATCH_COMPLETE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, batch->id);
	return store_exec_stmt(st, s);
}

int
store_check_committee_insert(struct store *st, const struct check_batch_ref *batch,
			     const char *committee, int64_t rows, int64_t unchanged)
{
	struct stmt *s = store_stmt(st, Q_CHECK_COMMITTEE_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, batch->id);
	bind_text(s, 2, committee);
	bind_int(s, 3, rows);
	bind_int(s, 4, unchanged);
	bind_text(s, 5, batch->committee);
	return inserted(st, s, NULL);
}

int
store_check_item_insert(struct store *st, const struct check_batch_ref *batch,
			const struct check_item *it, int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_CHECK_ITEM_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, batch->id);
	bind_text(s, 2, it->committee_code);
	bind_text(s, 3, it->kind);
	bind_id_or_null(s, 4, it->line);
	bind_id_or_null(s, 5, it->resident_id);
	bind_id_or_null(s, 6, it->household_id);
	bind_text(s, 7, it->name);
	bind_text(s, 8, it->compound);
	bind_text(s, 9, it->building);
	bind_text(s, 10, it->room);
	bind_text(s, 11, it->proposed);
	bind_text(s, 12, it->changes);
	bind_blob(s, 13, it->id_box, it->id_boxlen);
	bind_blob(s, 14, it->phone_box, it->phone_boxlen);
	return inserted(st, s, id);
}

static void
read_batch(struct stmt *s, struct arena *ar, struct check_batch *b)
{
	b->id = col_int64(s, 0);
	b->area_code = col_text(s, 1, ar);
	b->area_name = col_text(s, 2, ar);
	b->file_name = col_text(s, 3, ar);
	b->rows = col_int64(s, 4);
	b->rejected = col_int64(s, 5);
	b->created_by = col_int64(s, 6);
	b->created_by_name = col_text(s, 7, ar);
	b->created_at = col_int64(s, 8);
	b->ref.id = b->id;
	b->ref.committee = b->area_code;
}

int
store_check_batches(struct store *st, const struct scope *sc, const char *area, int64_t before,
		    int limit, struct arena *ar, struct check_batch **items, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_CHECK_BATCH_LIST);
	size_t cap = 0;
	int rc;

	*items = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, area);
	bind_int(s, 3, before);
	bind_int(s, 4, limit);
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_batch(s, ar, arena_push(ar, items, n, &cap, sizeof(**items)));
	return store_finish(st, s, rc);
}

int
store_check_batch_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		      struct check_batch *out)
{
	struct stmt *s = store_stmt(st, Q_CHECK_BATCH_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		read_batch(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_check_progress(struct store *st, const struct scope *sc, int64_t batch_id, struct arena *ar,
		     struct check_progress **items, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_CHECK_PROGRESS);
	size_t cap = 0, k;
	int rc;

	*items = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, batch_id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct check_progress *p = arena_push(ar, items, n, &cap, sizeof(*p));

		p->committee_code = col_text(s, 0, ar);
		p->name = col_text(s, 1, ar);
		p->rows = col_int64(s, 2);
		p->unchanged = col_int64(s, 3);
		for (k = 0; k < 3; k++)
			p->kinds[k] = col_int64(s, 4 + (int)k);
		for (k = 0; k < 5; k++)
			p->states[k] = col_int64(s, 7 + (int)k);
	}
	return store_finish(st, s, rc);
}

static void
read_item(struct stmt *s, struct arena *ar, struct check_item *it)
{
	it->id = col_int64(s, 0);
	it->batch_id = col_int64(s, 1);
	it->committee_code = col_text(s, 2, ar);
	it->kind = col_text(s, 3, ar);
	it->state = col_text(s, 4, ar);
	it->line = col_int64(s, 5);
	it->resident_id = col_int64(s, 6);
	it->household_id = col_int64(s, 7);
	it->name = col_text(s, 8, ar);
	it->compound = col_text(s, 9, ar);
	it->building = col_text(s, 10, ar);
	it->room = col_text(s, 11, ar);
	it->proposed = col_text(s, 12, ar);
	it->changes = col_text(s, 13, ar);
	it->id_box = col_blob_dup(s, 14, ar, &it->id_boxlen);
	it->phone_box = col_blob_dup(s, 15, ar, &it->phone_boxlen);
	it->note = col_text(s, 16, ar);
	it->marked_by = col_int64(s, 17);
	it->marked_by_name = it->marked_by ? col_text(s, 18, ar) : NULL;
	it->marked_at = col_int64(s, 19);
	it->ref.id = it->id;
	it->ref.committee = it->committee_code;
}

int
store_check_items(struct store *st, const struct scope *sc, const struct check_item_filter *f,
		  struct arena *ar, struct check_item **items, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_CHECK_ITEMS);
	size_t cap = 0;
	int rc;

	*items = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, f->batch_id);
	bind_text(s, 3, f->committee);
	bind_text(s, 4, f->state);
	bind_text(s, 5, f->kind);
	bind_int(s, 6, f->household_id);
	bind_int(s, 7, f->after);
	bind_int(s, 8, f->limit);
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_item(s, ar, arena_push(ar, items, n, &cap, sizeof(**items)));
	return store_finish(st, s, rc);
}

int
store_check_item_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct check_item *out)
{
	struct stmt *s = store_stmt(st, Q_CHECK_ITEM_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		read_item(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_check_item_mark(struct store *st, const struct check_item_ref *item, const char *state,
		      const char *note, int64_t by, int64_t at, int64_t resident_id)
{
	struct stmt *s = store_stmt(st, Q_CHECK_ITEM_MARK);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, item->id);
	bind_text(s, 2, state);
	bind_text(s, 3, note);
	bind_int(s, 4, by);
	bind_int(s, 5, at);
	bind_id_or_null(s, 6, resident_id);
	rc = store_exec_stmt(st, s);
	if (rc == SB_OK && store_changes(st) == 0)
		rc = SB_CONFLICT;
	return rc;
}

int
store_check_items_to_accept(struct store *st, const struct scope *sc, int64_t batch_id,
			    const char *committee, int64_t after, int limit, struct arena *ar,
			    int64_t **ids, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_CHECK_ITEMS_TO_ACCEPT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, batch_id);
	bind_text(s, 2, committee);
	bind_int(s, 3, after);
	bind_int(s, 4, limit);
	bind_int(s, 5, sc->user_id);
	return store_ids(st, s, ar, ids, n);
}

int
store_check_covers(struct store *st, const struct scope *sc, int64_t batch_id,
		   const char *committee, bool *yes)
{
	struct stmt *s = store_stmt(st, Q_CHECK_COMMITTEE_OF);
	int64_t one = 0;
	int rc;

	*yes = false;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, batch_id);
	bind_text(s, 2, committee);
	bind_int(s, 3, sc->user_id);
	rc = store_scalar(st, s, &one);
	*yes = one == 1;
	return rc;
}

int
store_import_mappings(struct store *st, const char *area, const char *header_key, struct arena *ar,
		      struct import_mapping **items, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_IMPORT_MAPPING_GET);
	size_t cap = 0;
	int rc;

	*items = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, area);
	bind_text(s, 2, header_key);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct import_mapping *m = arena_push(ar, items, n, &cap, sizeof(*m));

		m->area_code = col_text(s, 0, ar);
		m->header_key = col_text(s, 1, ar);
		m->mapping = col_text(s, 2, ar);
		m->updated_at = col_int64(s, 3);
		m->updated_by_name = col_text(s, 4, ar);
	}
	return store_finish(st, s, rc);
}

int
store_import_mapping_put(struct store *st, const char *area, const char *header_key,
			 const char *mapping, int64_t by, int64_t at)
{
	struct stmt *s = store_stmt(st, Q_IMPORT_MAPPING_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, area);
	bind_text(s, 2, header_key);
	bind_text(s, 3, mapping);
	bind_int(s, 4, by);
	bind_int(s, 5, at);
	return store_exec_stmt(st, s);
}
