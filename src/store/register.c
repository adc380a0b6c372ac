#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/search_key.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* The register's rows, history, tags, search index and filters. */

static void
bind_col(struct stmt *s, int i, const struct store_col *c)
{
	switch (c->type) {
	case COL_NULL: bind_null(s, i); break;
	case COL_INT: bind_int(s, i, c->i); break;
	case COL_TEXT: bind_text(s, i, c->s); break;
	case COL_BLOB: bind_blob(s, i, c->blob, (size_t)c->bloblen); break;
	}
}

int
store_row_insert(struct store *st, const struct scope *sc, const char *table,
		 const struct store_col *cols, size_t n, int64_t *id)
{
	struct buf sql;
	struct stmt *s;
	size_t i, committee = n;
	int rc;

	for (i = 0; i < n; i++)
		if (strcmp(cols[i].name, "committee_code") == 0)
			committee = i;
	if (committee == n) /* every row of the register names its committee */
		return SB_INTERNAL;
	buf_init(&sql, 8192);
	buf_printf(&sql, "INSERT INTO %s (", table);
	for (i = 0; i < n; i++)
		buf_printf(&sql, "%s%s", i ? ", " : "", cols[i].name);
	buf_adds(&sql, ") SELECT ");
	for (i = 0; i < n; i++)
		buf_printf(&sql, "%s?%zu", i ? ", " : "", i + 1);
	/* SCOPED(col, uid) names the account first, then the committee */
	buf_printf(&sql, " WHERE" SCOPED("?%zu", "?%zu"), n + 1, committee + 1);
	s = store_stmt_sql(st, sql.data);
	buf_clear(&sql);
	if (s == NULL)
		return SB_INTERNAL;
	for (i = 0; i < n; i++)
		bind_col(s, (int)i + 1, &cols[i]);
	bind_int(s, (int)n + 1, sc->user_id);
	rc = store_exec_insert(st, s, id);
	return rc == SB_OK && store_changes(st) == 0 ? SB_NOT_FOUND : rc;
}

int
store_row_update(struct store *st, const struct scope *sc, const char *table, int64_t id,
		 const struct store_col *cols, size_t n)
{
	struct buf sql;
	struct stmt *s;
	size_t i;

	if (n == 0)
		return SB_OK;
	buf_init(&sql, 8192);
	buf_printf(&sql, "UPDATE %s SET ", table);
	for (i = 0; i < n; i++)
		buf_printf(&sql, "%s%s = ?%zu", i ? ", " : "", cols[i].name, i + 2);
	buf_printf(&sql, " WHERE id = ?1 AND" SCOPED("committee_code", "?%zu"), n + 2);
	s = store_stmt_sql(st, sql.data);
	buf_clear(&sql);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	for (i = 0; i < n; i++)
		bind_col(s, (int)i + 2, &cols[i]);
	bind_int(s, (int)n + 2, sc->user_id);
	return store_exec_stmt(st, s);
}

/* The columns of a row from column first on, typed, into cols. */
static void
read_cols(struct stmt *s, int first, struct store_col *cols, size_t n, struct arena *ar)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct store_col *c = &cols[i];
		int k = first + (int)i;

		switch (col_type(s, k)) {
		case STMT_NULL: c->type = COL_NULL; break;
		case STMT_INTEGER:
			c->type = COL_INT;
			c->i = col_int64(s, k);
			break;
		case STMT_BLOB: {
			size_t len = (size_t)col_bytes(s, k);
			void *p = arena_alloc(ar, len ? len : 1);

			memcpy(p, col_blob(s, k), len);
			c->type = COL_BLOB;
			c->blob = p;
			c->bloblen = len;
			break;
		}
		default:
			c->type = COL_TEXT;
			c->s = col_text(s, k, ar);
			break;
		}
	}
}

int
store_row_get(struct store *st, const struct scope *sc, const char *table, int64_t id,
	      struct store_col *cols, size_t n, struct arena *ar)
{
	struct buf sql;
	struct stmt *s;
	size_t i;
	int rc;

	buf_init(&sql, 8192);
	buf_adds(&sql, "SELECT ");
	for (i = 0; i < n; i++)
		buf_printf(&sql, "%s%s", i ? ", " : "", cols[i].name);
	buf_printf(&sql, " FROM %s t WHERE t.id = ?1 AND" SCOPED("t.committee_code", "?2"), table);
	s = store_stmt_sql(st, sql.data);
	buf_clear(&sql);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = stmt_step(s);
	if (rc != STMT_ROW) {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
		stmt_reset(s);
		return rc;
	}
	read_cols(s, 0, cols, n, ar);
	stmt_reset(s);
	return SB_OK;
}

int
store_room_taken(struct store *st, const struct scope *sc, int64_t building_id, const char *room,
		 int64_t except, bool *taken)
{
	struct stmt *s = store_stmt(st, Q_ROOM_TAKEN);
	int64_t n;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, building_id);
	bind_text(s, 2, room);
	bind_int(s, 3, except);
	bind_int(s, 4, sc->user_id);
	rc = store_scalar(st, s, &n);
	*taken = n > 0;
	return rc;
}

int
store_household_address(struct store *st, const struct scope *sc, int64_t household_id,
			struct arena *ar, const char **address)
{
	struct stmt *s = store_stmt(st, Q_HOUSEHOLD_ADDRESS);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, household_id);
	bind_int(s, 2, sc->user_id);
	rc = stmt_step(s);
	*address = rc == STMT_ROW ? col_text(s, 0, ar) : NULL;
	rc = rc == STMT_ROW ? SB_OK : rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

/* The UTF-8 characters of a name, for its bigrams. */
static size_t
utf8_split(const char *s, const char *starts[], size_t max)
{
	size_t n = 0;

	for (; *s && n < max; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			starts[n++] = s;
	return n;
}

void
store_reindex_defer(struct store *st)
{
	store_reindex_queue(st)->defer = true;
}

static int resident_reindex(struct store *st, int64_t resident_id, bool fts);

/* Runs one statement of trusted text. */
static int
exec_sql(struct store *st, const char *sql)
{
	return store_exec_stmt(st, store_stmt_sql(st, sql));
}

int
store_reindex_flush(struct store *st, bool apply)
{
	struct reindex_queue *q = store_reindex_queue(st);
	size_t i;
	int rc = SB_OK;

	q->defer = false;
	if (apply && q->n > 0) {
		/* The full-text index in one statement per step, not one per resident. */
		rc = exec_sql(
			st, "CREATE TEMP TABLE IF NOT EXISTS reindex_ids (id INTEGER PRIMARY KEY)");
		if (rc == SB_OK)
			rc = exec_sql(st, "DELETE FROM temp.reindex_ids");
		for (i = 0; rc == SB_OK && i < q->n; i++) {
			struct stmt *s = store_stmt_sql(
				st, "INSERT OR IGNORE INTO temp.reindex_ids VALUES (?1)");

			if (s == NULL)
				rc = SB_INTERNAL;
			else {
				bind_int(s, 1, q->ids[i]);
				rc = store_exec_stmt(st, s);
			}
		}
		if (rc == SB_OK)
			rc = exec_sql(st, "DELETE FROM resident_fts WHERE rowid IN (SELECT id FROM "
					  "temp.reindex_ids)");
		if (rc == SB_OK)
			rc = exec_sql(st, FTS_INSERT_SQL " IN (SELECT id FROM temp.reindex_ids)");
		if (rc == SB_OK)
			rc = exec_sql(st, "DELETE FROM temp.reindex_ids");
	}
	for (i = 0; apply && rc == SB_OK && i < q->n; i++)
		rc = resident_reindex(st, q->ids[i], false);
	free(q->ids);
	q->ids = NULL;
	q->n = q->cap = 0;
	return rc;
}

int
store_resident_reindex(struct store *st, const struct scope *sc, int64_t resident_id)
{
	struct reindex_queue *q = store_reindex_queue(st);
	struct stmt *s;
	int64_t n = 0;
	int rc;

	s = store_stmt(st, Q_RESIDENT_IN_SCOPE);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, resident_id);
	bind_int(s, 2, sc->user_id);
	rc = store_scalar(st, s, &n);
	if (rc != SB_OK)
		return rc;
	if (n == 0)
		return SB_NOT_FOUND;
	if (q->defer) {
		if (q->n == q->cap) {
			q->cap = q->cap ? 2 * q->cap : 1024;
			q->ids = xrealloc(q->ids, q->cap * sizeof(*q->ids));
		}
		q->ids[q->n++] = resident_id;
		return SB_OK;
	}
	return resident_reindex(st, resident_id, true);
}

/* A resident that no longer exists (a line rolled back) leaves no entry.
 * fts false: its name bigrams only (the full-text rows are done in bulk). */
static int
resident_reindex(struct store *st, int64_t resident_id, bool fts)
{
	const char *starts[64];
	struct stmt *s;
	const char *name = NULL;
	size_t n, i;
	int rc = SB_OK;

	if (fts) {
		s = store_stmt(st, Q_FTS_DELETE);
		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, resident_id);
		rc = store_exec_stmt(st, s);
	}
	if (rc == SB_OK && fts) {
		s = store_stmt(st, Q_FTS_INSERT);
		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, resident_id);
		rc = store_exec_stmt(st, s);
	}
	if (rc == SB_OK) {
		s = store_stmt(st, Q_GRAM_DELETE);
		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, resident_id);
		rc = store_exec_stmt(st, s);
	}
	if (rc != SB_OK)
		return rc;
	s = store_stmt(st, Q_RESIDENT_NAME);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, resident_id);
	if (stmt_step(s) == STMT_ROW)
		name = col_text_peek(s, 0);
	if (name == NULL) {
		stmt_reset(s);
		return SB_OK;
	}
	{
		char *copy = xstrdup(name);

		stmt_reset(s);
		n = utf8_split(copy, starts, 63);
		starts[n] = copy + strlen(copy);
		for (i = 0; rc == SB_OK && i + 1 < n; i++) {
			char gram[32];
			size_t len = (size_t)(starts[i + 2 <= n ? i + 2 : n] - starts[i]);

			if (len >= sizeof(gram))
				continue;
			memcpy(gram, starts[i], len);
			gram[len] = '\0';
			s = store_stmt(st, Q_GRAM_INSERT);
			if (s == NULL) {
				rc = SB_INTERNAL;
				break;
			}
			bind_text(s, 1, gram);
			bind_int(s, 2, resident_id);
			rc = store_exec_stmt(st, s);
		}
		free(copy);
	}
	return rc;
}

int
store_reindex_under(struct store *st, const struct scope *sc, const char *table, int64_t id)
{
	struct stmt *s =
		store_stmt(st, strcmp(table, "compound") == 0	? Q_RESIDENTS_OF_COMPOUND
			       : strcmp(table, "building") == 0 ? Q_RESIDENTS_OF_BUILDING
								: Q_RESIDENTS_OF_HOUSEHOLD);
	struct arena ar;
	int64_t *ids;
	size_t n, i;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	arena_init(&ar);
	bind_int(s, 1, id);
	rc = store_ids(st, s, &ar, &ids, &n);
	for (i = 0; rc == SB_OK && i < n; i++)
		rc = store_resident_reindex(st, sc, ids[i]);
	arena_clear(&ar);
	return rc;
}

int
store_place_list(struct store *st, const struct scope *sc, const char *table, const char *committee,
		 int64_t compound_id, const char *q, int64_t after_id, int limit, struct arena *ar,
		 int64_t **ids, size_t *n)
{
	bool compounds = strcmp(table, "compound") == 0;
	struct stmt *s = store_stmt(st, compounds ? Q_COMPOUND_LIST : Q_BUILDING_LIST);
	char *like = NULL;

	if (s == NULL)
		return SB_INTERNAL;
	if (q) {
		const char *p;
		char *w;

		like = arena_alloc(ar, 2 * strlen(q) + 3);
		w = like;
		*w++ = '%';
		for (p = q; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				*w++ = '\\';
			*w++ = *p;
		}
		*w++ = '%';
	}
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, after_id);
	bind_int(s, 3, limit);
	bind_text(s, 4, compounds ? committee : NULL);
	if (!compounds)
		bind_id_or_null(s, 4, compound_id);
	bind_text(s, 5, like);
	return store_ids(st, s, ar, ids, n);
}

int
store_household_residents(struct store *st, const struct scope *sc, int64_t household_id,
			  struct arena *ar, int64_t **ids, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_RESIDENTS_OF_HOUSEHOLD);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, household_id);
	bind_int(s, 2, sc->user_id);
	return store_ids(st, s, ar, ids, n);
}

static int
lookup(struct store *st, enum query q, const char *a, int64_t b_int, const char *b_text,
       int64_t *id)
{
	struct stmt *s = store_stmt(st, q);

	if (s == NULL)
		return SB_INTERNAL;
	if (a)
		bind_text(s, 1, a);
	else
		bind_int(s, 1, b_int);
	bind_text(s, 2, b_text);
	return store_scalar(st, s, id);
}

int
store_resident_by_id_index(struct store *st, const char *committee, const char *index, int64_t *id)
{
	return lookup(st, Q_RESIDENT_BY_ID_INDEX, committee, 0, index, id);
}

int
store_resident_by_name(struct store *st, int64_t household_id, const char *name, int64_t *id)
{
	return lookup(st, Q_RESIDENT_BY_NAME, NULL, household_id, name, id);
}

int
store_compound_by_name(struct store *st, const char *committee, const char *name, int64_t *id)
{
	return lookup(st, Q_COMPOUND_BY_NAME, committee, 0, name, id);
}

int
store_building_by_label(struct store *st, int64_t compound_id, const char *label, int64_t *id)
{
	return lookup(st, Q_BUILDING_BY_LABEL, NULL, compound_id, label, id);
}

int
store_household_by_room(struct store *st, int64_t building_id, const char *room, int64_t *id)
{
	return lookup(st, Q_HOUSEHOLD_BY_ROOM, NULL, building_id, room, id);
}

/* Tags. */

static void
read_tag(struct stmt *s, struct arena *ar, struct tag *t)
{
	t->id = col_int64(s, 0);
	t->name = col_text(s, 1, ar);
	t->category = col_text(s, 2, ar);
	t->committee_code = col_text(s, 3, ar);
	t->visit_interval_days = col_int(s, 4);
	t->review_days = col_int(s, 5);
}

int
store_tag_find(struct store *st, const char *name, const char *committee, struct arena *ar,
	       struct tag *out)
{
	struct stmt *s = store_stmt(st, Q_TAG_FIND);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, name);
	bind_text(s, 2, committee);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		read_tag(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_tag_exists(struct store *st, const char *name, struct tag *out, struct arena *ar)
{
	struct stmt *s = store_stmt(st, Q_TAG_EXISTS);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, name);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		read_tag(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_tag_list(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
	       struct tag_list *out)
{
	struct stmt *s = store_stmt(st, Q_TAG_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, committee);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_tag(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_tag_insert(struct store *st, const struct tag *t, int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_TAG_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, t->name);
	bind_text(s, 2, t->category);
	bind_text(s, 3, t->committee_code);
	bind_id_or_null(s, 4, t->visit_interval_days);
	bind_id_or_null(s, 5, t->review_days);
	return store_exec_insert(st, s, id);
}

static bool
is_resident(const char *entity)
{
	return strcmp(entity, "resident") == 0;
}

int
store_tag_put(struct store *st, const char *entity, int64_t id, int64_t tag_id, int64_t set_by,
	      int64_t set_at, const char *review_on)
{
	struct stmt *s =
		store_stmt(st, is_resident(entity) ? Q_RESIDENT_TAG_PUT : Q_HOUSEHOLD_TAG_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, tag_id);
	bind_id_or_null(s, 3, set_by);
	bind_int(s, 4, set_at);
	bind_text(s, 5, review_on);
	return store_exec_stmt(st, s);
}

static int
read_tags_on(struct store *st, struct stmt *s, const char *entity, struct arena *ar,
	     struct tag_on_list *out)
{
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct tag_on *t = arena_push(ar, &out->items, &out->n, &cap, sizeof(*t));

		t->name = col_text(s, 0, ar);
		t->category = col_text(s, 1, ar);
		t->set_by = col_int64(s, 2);
		t->set_by_name = col_text(s, 3, ar);
		t->set_at = col_int64(s, 4);
		t->review_on = col_text(s, 5, ar);
		t->entity_id = col_int64(s, 6);
		t->entity = entity ? entity : col_text(s, 7, ar);
	}
	return store_finish(st, s, rc);
}

int
store_tags_of(struct store *st, const char *entity, int64_t id, struct arena *ar,
	      struct tag_on_list *out)
{
	struct stmt *s = store_stmt(st, is_resident(entity) ? Q_RESIDENT_TAGS : Q_HOUSEHOLD_TAGS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	return read_tags_on(st, s, is_resident(entity) ? "resident" : "household", ar, out);
}

int
store_tags_of_scoped(struct store *st, const struct scope *sc, const char *entity, int64_t id,
		     struct arena *ar, struct tag_on_list *out)
{
	struct stmt *s = store_stmt(st, is_resident(entity) ? Q_RESIDENT_TAGS_SCOPED
							    : Q_HOUSEHOLD_TAGS_SCOPED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	return read_tags_on(st, s, is_resident(entity) ? "resident" : "household", ar, out);
}

int
store_tags_clear_scoped(struct store *st, const struct scope *sc, const char *entity, int64_t id)
{
	struct stmt *s = store_stmt(st, is_resident(entity) ? Q_RESIDENT_TAGS_CLEAR_SCOPED
							    : Q_HOUSEHOLD_TAGS_CLEAR_SCOPED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	return store_exec_stmt(st, s);
}

int
store_tag_put_scoped(struct store *st, const struct scope *sc, const char *entity, int64_t id,
		     int64_t tag_id, int64_t set_by, int64_t set_at, const char *review_on)
{
	struct stmt *s = store_stmt(st, is_resident(entity) ? Q_RESIDENT_TAG_PUT_SCOPED
							    : Q_HOUSEHOLD_TAG_PUT_SCOPED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	bind_int(s, 3, tag_id);
	bind_id_or_null(s, 4, set_by);
	bind_int(s, 5, set_at);
	bind_text(s, 6, review_on);
	return store_exec_stmt(st, s);
}

int
store_tags_due(struct store *st, const struct scope *sc, const char *before, int limit,
	       struct arena *ar, struct tag_on_list *out)
{
	struct stmt *s = store_stmt(st, Q_TAGS_DUE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, before);
	bind_int(s, 3, limit);
	return read_tags_on(st, s, NULL, ar, out);
}

/* History. */

int
store_change_add(struct store *st, const struct scope *sc, const struct change *c, int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_CHANGE_INSERT);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, c->at);
	bind_id_or_null(s, 2, c->user_id);
	bind_text(s, 3, c->username);
	bind_text(s, 4, c->action);
	bind_text(s, 5, c->entity);
	bind_int(s, 6, c->entity_id);
	bind_text(s, 7, c->committee_code);
	bind_text(s, 8, c->changes);
	bind_text(s, 9, c->sealed);
	bind_int(s, 10, sc->user_id);
	rc = store_exec_insert(st, s, id);
	return rc == SB_OK && store_changes(st) == 0 ? SB_NOT_FOUND : rc;
}

static void
read_change(struct stmt *s, struct arena *ar, struct change *c)
{
	c->id = col_int64(s, 0);
	c->at = col_int64(s, 1);
	c->user_id = col_int64(s, 2);
	c->username = col_text(s, 3, ar);
	c->action = col_text(s, 4, ar);
	c->entity = col_text(s, 5, ar);
	c->entity_id = col_int64(s, 6);
	c->committee_code = col_text(s, 7, ar);
	c->changes = col_text(s, 8, ar);
	c->sealed = col_text(s, 9, ar);
	c->name = col_text(s, 10, ar);
}

int
store_change_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct change *out)
{
	struct stmt *s = store_stmt(st, Q_CHANGE_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		read_change(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_change_list(struct store *st, const struct scope *sc, const char *entity, int64_t entity_id,
		  int64_t before_id, int limit, struct arena *ar, struct change_list *out)
{
	struct stmt *s = store_stmt(st, Q_CHANGE_LIST);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, entity);
	bind_int(s, 2, entity_id);
	bind_int(s, 3, before_id > 0 ? before_id : INT64_MAX);
	bind_int(s, 4, limit);
	bind_int(s, 5, sc->user_id);
	out->items = NULL;
	out->n = 0;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_change(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

/* Filters: the one place where SQL text is assembled from a request.  Only
 * fixed fragments are spliced; every value is bound, in order, through
 * struct params. */

struct params {
	int n;
	struct {
		int is_text;
		int64_t i;
		const char *s;
	} v[96];
};

static int
param_text(struct params *p, const char *s)
{
	if (p->n == 96)
		return 0;
	p->v[p->n].is_text = 1;
	p->v[p->n].s = s;
	return ++p->n;
}

static int
param_int(struct params *p, int64_t i)
{
	if (p->n == 96)
		return 0;
	p->v[p->n].is_text = 0;
	p->v[p->n].i = i;
	return ++p->n;
}

/* The predicate "resident r has tag ?" (高龄 from the birth date). */
static void
tag_pred(struct buf *sql, struct params *p, const char *tag, const char *today, const char *who)
{
	if (strcmp(tag, "高龄") == 0) {
		int d = param_text(p, today);

		buf_printf(
			sql,
			"(%s.birth_date IS NOT NULL AND %s.birth_date <= date(?%d, '-80 years'))",
			who, who, d);
		return;
	}
	/* Driven from the tag's index: far cheaper than a test per resident. */
	buf_printf(sql,
		   "%s.id IN (SELECT rt.resident_id FROM resident_tag rt JOIN tag tg ON tg.id = "
		   "rt.tag_id"
		   " WHERE tg.name = ?%d)",
		   who, param_text(p, tag));
}

/* The predicate "household h has tag ?": on itself or on a living member. */
static void
household_tag_pred(struct buf *sql, struct params *p, const char *tag, const char *today)
{
	int t = param_text(p, tag);

	buf_printf(sql,
		   "(h.id IN (SELECT ht.household_id FROM household_tag ht JOIN tag tg ON tg.id = "
		   "ht.tag_id"
		   " WHERE tg.name = ?%d)"
		   " OR EXISTS (SELECT 1 FROM resident m WHERE m.household_id = h.id AND m.status "
		   "= 'living' AND ",
		   t);
	tag_pred(sql, p, tag, today, "m");
	buf_adds(sql, "))");
}

static void
tag_group(struct buf *sql, struct params *p, const char **tags, size_t n, const char *join,
	  bool negate, bool household, const char *today)
{
	size_t i;

	if (n == 0)
		return;
	buf_printf(sql, " AND %s(", negate ? "NOT " : "");
	for (i = 0; i < n; i++) {
		if (i)
			buf_printf(sql, " %s ", join);
		if (household)
			household_tag_pred(sql, p, tags[i], today);
		else
			tag_pred(sql, p, tags[i], today, "r");
	}
	buf_adds(sql, ")");
}

static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* The search key of raw (core/filter.c, filter_search_key), through the
 * sibai_addr() SQL function store.c registers, so that the store does not
 * include core; raw itself when it has none (or the statement fails). */
static const char *
search_key(struct store *st, const char *raw, struct arena *ar)
{
	struct stmt *s = store_stmt(st, Q_SEARCH_KEY);
	const char *key = NULL;

	if (s == NULL)
		return raw;
	bind_text(s, 1, raw);
	if (stmt_step(s) == STMT_ROW)
		key = col_text(s, 0, ar);
	stmt_reset(s);
	return key && *key ? key : raw;
}

/* The text condition on a resident r joined to h, b, c, on q, a search key
 * (search_key): the address in resident_fts is held so too. */
static void
text_pred(struct buf *sql, struct params *p, const char *q, bool narrowed, struct arena *ar)
{
	/* With a committee, compound or building named, the scan of that place
	 * is short: the matches are a filter ("+r.id": never the index that
	 * drives the join).  Left to itself, SQLite looked each of a common
	 * name's 15,000 matches up in each of the committee's households (25 s).
	 * Without, the matches drive the query (a name searched district-wide). */
	const char *id = narrowed ? "+r.id" : "r.id";
	size_t n = chars(q);
	char *like = arena_alloc(ar, 2 * strlen(q) + 3), *w = like;
	const char *s;

	*w++ = '%';
	for (s = q; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*w++ = '\\';
		*w++ = *s;
	}
	*w++ = '%';
	*w = '\0';
	if (n >= 3) {
		/* A trigram phrase: the text quoted for FTS5. */
		struct buf phrase;
		char *text;

		buf_init(&phrase, 4096);
		buf_addc(&phrase, '"');
		for (s = q; *s; s++) {
			if (*s == '"')
				buf_addc(&phrase, '"');
			buf_addc(&phrase, *s);
		}
		buf_addc(&phrase, '"');
		text = arena_strdup(ar, phrase.data);
		buf_clear(&phrase);
		buf_printf(sql,
			   " AND %s IN (SELECT rowid FROM resident_fts WHERE resident_fts MATCH "
			   "?%d)",
			   id, param_text(p, text));
		return;
	}
	/* Shorter than a trigram: a name by its bigram (two characters) or its
	 * first character; an address only when q holds a digit or a Latin
	 * letter ("20", "3B"), which no index serves, so it scans the scope. */
	if (strpbrk(q, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != NULL)
		buf_printf(sql, " AND sibai_addr(c.name || b.label || h.room) LIKE ?%d ESCAPE '\\'",
			   param_text(p, like));
	else if (n == 2)
		buf_printf(sql,
			   " AND %s IN (SELECT resident_id FROM resident_gram WHERE gram = ?%d)",
			   id, param_text(p, q));
	else
		buf_printf(sql, " AND r.name >= ?%d AND r.name < ?%d", param_text(p, q),
			   param_text(p, arena_printf(ar, "%s\xf4\x8f\xbf\xbf", q)));
}

/* The WHERE clause shared by residents and households.  r (the resident) is
 * only there for residents. */
static void
place_preds(struct buf *sql, struct params *p, const struct filter *f, bool residents)
{
	if (f->committee_code)
		buf_printf(sql, " AND h.committee_code = ?%d", param_text(p, f->committee_code));
	if (f->area_code)
		buf_printf(sql,
			   " AND h.committee_code IN (SELECT descendant FROM area_closure WHERE "
			   "ancestor = ?%d)",
			   param_text(p, f->area_code));
	if (f->grids_of) {
		int w = param_int(p, f->grids_of), d = param_text(p, f->today);

		buf_printf(sql,
			   " AND h.grid_id IN (SELECT a.grid_id FROM grid_assignment a"
			   " JOIN grid g ON g.id = a.grid_id WHERE a.worker_id = ?%d"
			   " AND a.start_on <= ?%d AND (a.end_on IS NULL OR a.end_on >= ?%d)"
			   " AND EXISTS (SELECT 1 FROM user_scope us JOIN area_closure ac"
			   " ON ac.ancestor = us.area_code WHERE us.user_id = ?%d"
			   " AND ac.descendant = g.committee_code))",
			   w, d, d, w);
	}
	if (f->compound_id)
		buf_printf(sql, " AND b.compound_id = ?%d", param_int(p, f->compound_id));
	if (f->building_id)
		buf_printf(sql, " AND h.building_id = ?%d", param_int(p, f->building_id));
	if (f->floor_min != INT_MIN)
		buf_printf(sql, " AND h.floor >= ?%d", param_int(p, f->floor_min));
	if (f->no_lift)
		buf_adds(sql, " AND b.has_lift = 0");
	/* Not visited in N days: no visit after today - N (never visited
	 * included), from the household's summary (household_visit_state). */
	if (f->not_visited_days > 0)
		buf_printf(sql,
			   " AND NOT EXISTS (SELECT 1 FROM household_visit_state vs"
			   " WHERE vs.household_id = h.id"
			   " AND vs.last_visit_on > date(?%d, '-' || ?%d || ' days'))",
			   param_text(p, f->today), param_int(p, f->not_visited_days));
	if (!residents && f->status && strcmp(f->status, "any") != 0)
		buf_printf(sql, " AND h.status = ?%d", param_text(p, f->status));
	else if (!residents && f->status == NULL)
		buf_adds(sql, " AND h.status = 'active'");
}

static void
person_preds(struct buf *sql, struct params *p, const struct filter *f, const char *who,
	     struct arena *ar)
{
	if (f->phone_idx)
		buf_printf(sql, " AND %s.phone_idx = ?%d", who, param_text(p, f->phone_idx));
	/* Age N or more: born on or before today minus N years. */
	if (f->age_min >= 0) {
		int d = param_text(p, f->today);

		buf_printf(sql, " AND %s.birth_date <= date(?%d, ?%d)", who, d,
			   param_text(p, arena_printf(ar, "-%d years", f->age_min)));
	}
	if (f->age_max >= 0) {
		int d = param_text(p, f->today);

		buf_printf(sql, " AND %s.birth_date > date(?%d, ?%d)", who, d,
			   param_text(p, arena_printf(ar, "-%d years", f->age_max + 1)));
	}
	if (f->gender)
		buf_printf(sql, " AND %s.gender = ?%d", who, param_text(p, f->gender));
	if (f->residence_kind)
		buf_printf(sql, " AND %s.residence_kind = ?%d", who,
			   param_text(p, f->residence_kind));
	if (f->party_member >= 0)
		buf_printf(sql, " AND %s.party_member = ?%d", who, param_int(p, f->party_member));
	/* 社区能人: a plain substring of the texts the register keeps (few rows
	 * of a committee have them; no index serves a substring). */
	if (f->skill) {
		int k = param_text(p, f->skill);

		buf_printf(sql,
			   " AND (instr(coalesce(%s.skills, ''), ?%d) > 0"
			   " OR instr(coalesce(%s.work, ''), ?%d) > 0"
			   " OR instr(coalesce(%s.hobbies, ''), ?%d) > 0"
			   " OR EXISTS (SELECT 1 FROM volunteer sv WHERE sv.resident_id = %s.id"
			   " AND instr(sv.skills, ?%d) > 0))",
			   who, k, who, k, who, k, who, k);
	}
	if (f->team_id)
		buf_printf(sql,
			   " AND %s.id IN (SELECT tv.resident_id FROM team_member tm"
			   " JOIN volunteer tv ON tv.id = tm.volunteer_id WHERE tm.team_id = ?%d)",
			   who, param_int(p, f->team_id));
}

static void
bind_params(struct stmt *s, const struct params *p)
{
	int i;

	for (i = 0; i < p->n; i++) {
		if (p->v[i].is_text)
			bind_text(s, i + 1, p->v[i].s);
		else
			bind_int(s, i + 1, p->v[i].i);
	}
}

/* The page of ids and the total.  one_pass (a text search, whose matches are
 * few and all sorted anyway): the page query runs without a limit and counts
 * as it goes, instead of a count query over the same rows first. */
static int
run_filter(struct store *st, const char *count_sql, const char *page_sql, struct params *p,
	   bool one_pass, int offset, int limit, struct arena *ar, int64_t **ids, size_t *n,
	   int64_t *total, const char **next_cursor)
{
	struct stmt *s;
	int rc;

	if (!one_pass) {
		s = store_stmt_sql(st, count_sql);
		if (s == NULL)
			return SB_INTERNAL;
		bind_params(s, p);
		rc = store_scalar(st, s, total);
		if (rc != SB_OK)
			return rc;
	}
	s = store_stmt_sql(st, page_sql);
	if (s == NULL)
		return SB_INTERNAL;
	bind_params(s, p);
	if (one_pass) {
		size_t cap = 0;
		int64_t row = 0;

		bind_int(s, p->n + 1, -1);
		bind_int(s, p->n + 2, 0);
		*ids = NULL;
		*n = 0;
		while ((rc = stmt_step(s)) == STMT_ROW) {
			if (row >= offset && row <= (int64_t)offset + limit)
				*(int64_t *)arena_push(ar, ids, n, &cap, sizeof(**ids)) =
					col_int64(s, 0);
			row++;
		}
		rc = store_finish(st, s, rc);
		*total = row;
	} else {
		bind_int(s, p->n + 1, limit + 1);
		bind_int(s, p->n + 2, offset);
		rc = store_ids(st, s, ar, ids, n);
	}
	if (rc != SB_OK)
		return rc;
	*next_cursor = NULL;
	if (*n > (size_t)limit) {
		*n = (size_t)limit;
		*next_cursor = arena_printf(ar, "o%d", offset + limit);
	}
	return SB_OK;
}

static int
parse_cursor(const char *cursor, int *offset)
{
	char *end;
	long v;

	*offset = 0;
	if (cursor == NULL)
		return SB_OK;
	if (cursor[0] != 'o')
		return SB_BAD_QUERY;
	v = strtol(cursor + 1, &end, 10);
	if (*end || end == cursor + 1 || v < 0 || v > INT_MAX / 2)
		return SB_BAD_QUERY;
	*offset = (int)v;
	return SB_OK;
}

/* Whether a WHERE clause built here names the household, building or
 * compound (aliases h, b, c): the residents' count needs their joins only then
 * (every resident has all three), and skipping them halves a name search. */
static bool
uses_places(const char *sql)
{
	const char *s;

	for (s = sql; *s; s++)
		if ((*s == 'h' || *s == 'b' || *s == 'c') && s[1] == '.' &&
		    (s == sql || !(isalnum((unsigned char)s[-1]) || s[-1] == '_')))
			return true;
	return false;
}

#define FROM_PLACES                                                                                \
	" JOIN household h ON h.id = r.household_id JOIN building b ON b.id = h.building_id"       \
	" JOIN compound c ON c.id = b.compound_id"

int
store_filter_residents(struct store *st, const struct scope *sc, const struct filter *f,
		       const char *cursor, int limit, struct arena *ar, int64_t **ids, size_t *n,
		       int64_t *total, const char **next_cursor)
{
	struct params p = {0};
	struct buf where, count, page;
	const char *order;
	int offset, rc;

	rc = parse_cursor(cursor, &offset);
	if (rc != SB_OK)
		return rc;
	buf_init(&where, 64 << 10);
	buf_printf(&where, " WHERE r.committee_code IN" SCOPE_SET("?%d"),
		   param_int(&p, sc->user_id));
	if (f->status == NULL)
		buf_adds(&where, " AND r.status = 'living'");
	else if (strcmp(f->status, "any") != 0)
		buf_printf(&where, " AND r.status = ?%d", param_text(&p, f->status));
	place_preds(&where, &p, f, true);
	person_preds(&where, &p, f, "r", ar);
	tag_group(&where, &p, f->tag_all, f->ntag_all, "AND", false, false, f->today);
	tag_group(&where, &p, f->tag_any, f->ntag_any, "OR", false, false, f->today);
	tag_group(&where, &p, f->tag_none, f->ntag_none, "OR", true, false, f->today);
	if (f->q)
		text_pred(&where, &p, search_key(st, f->q, ar),
			  f->committee_code || f->compound_id || f->building_id, ar);
	if (f->sort && strcmp(f->sort, "name") == 0)
		order = " ORDER BY r.name, r.id";
	else if (f->sort && strcmp(f->sort, "age") == 0)
		order = " ORDER BY r.birth_date IS NULL, r.birth_date, r.id";
	else if (f->sort && strcmp(f->sort, "id") == 0)
		order = " ORDER BY r.id";
	else
		order = " ORDER BY c.name, b.label, h.floor, h.room, r.name, r.id";
	buf_init(&count, 64 << 10);
	buf_init(&page, 64 << 10);
	buf_printf(&count, "SELECT count(*) FROM resident r%s%s",
		   uses_places(where.data) ? FROM_PLACES : "", where.data);
	buf_printf(&page, "SELECT r.id FROM resident r" FROM_PLACES "%s%s LIMIT ?%d OFFSET ?%d",
		   where.data, order, p.n + 1, p.n + 2);
	if (p.n >= 94)
		rc = SB_BAD_QUERY;
	else
		rc = run_filter(st, count.data, page.data, &p, f->q != NULL, offset, limit, ar, ids,
				n, total, next_cursor);
	buf_clear(&where);
	buf_clear(&count);
	buf_clear(&page);
	return rc;
}

int
store_filter_households(struct store *st, const struct scope *sc, const struct filter *f,
			const char *cursor, int limit, struct arena *ar, int64_t **ids, size_t *n,
			int64_t *total, const char **next_cursor)
{
	struct params p = {0};
	struct buf where, count, page;
	bool people;
	int offset, rc;

	rc = parse_cursor(cursor, &offset);
	if (rc != SB_OK)
		return rc;
	buf_init(&where, 64 << 10);
	buf_printf(&where, " WHERE h.committee_code IN" SCOPE_SET("?%d"),
		   param_int(&p, sc->user_id));
	place_preds(&where, &p, f, false);
	tag_group(&where, &p, f->tag_all, f->ntag_all, "AND", false, true, f->today);
	tag_group(&where, &p, f->tag_any, f->ntag_any, "OR", false, true, f->today);
	tag_group(&where, &p, f->tag_none, f->ntag_none, "OR", true, true, f->today);
	/* Person conditions: some living member meets them all. */
	people = f->age_min >= 0 || f->age_max >= 0 || f->gender || f->residence_kind ||
		 f->party_member >= 0 || f->q || f->phone_idx || f->skill || f->team_id;
	if (people) {
		buf_adds(&where, " AND EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id"
				 " AND r.status = 'living'");
		person_preds(&where, &p, f, "r", ar);
		if (f->q)
			text_pred(&where, &p, search_key(st, f->q, ar),
				  f->committee_code || f->compound_id || f->building_id, ar);
		buf_adds(&where, ")");
	}
	buf_init(&count, 64 << 10);
	buf_init(&page, 64 << 10);
	buf_printf(&count,
		   "SELECT count(*) FROM household h JOIN building b ON b.id = h.building_id"
		   " JOIN compound c ON c.id = b.compound_id%s",
		   where.data);
	buf_printf(&page,
		   "SELECT h.id FROM household h JOIN building b ON b.id = h.building_id"
		   " JOIN compound c ON c.id = b.compound_id%s"
		   " ORDER BY c.name, b.label, h.floor, h.room, h.id LIMIT ?%d OFFSET ?%d",
		   where.data, p.n + 1, p.n + 2);
	if (p.n >= 94)
		rc = SB_BAD_QUERY;
	else
		rc = run_filter(st, count.data, page.data, &p, f->q != NULL, offset, limit, ar, ids,
				n, total, next_cursor);
	buf_clear(&where);
	buf_clear(&count);
	buf_clear(&page);
	return rc;
}

/* The text of a statement built from lists of column names, kept per
 * thread while the lists are the same ones: the register passes its static
 * lists (core/register_view.c), so the hot reads do not format their SQL
 * again each time (it was a tenth of a household read). */
struct sql_memo {
	const char *const *a, *const *b;
	size_t na, nb;
	bool ready;
	char text[4096];
};

static bool
memo_hit(const struct sql_memo *m, const char *const *a, size_t na, const char *const *b, size_t nb)
{
	return m->ready && m->a == a && m->na == na && m->b == b && m->nb == nb;
}

/* Keeps sql for the lists when it fits (else the next call builds it again). */
static void
memo_keep(struct sql_memo *m, const char *const *a, size_t na, const char *const *b, size_t nb,
	  const char *sql)
{
	size_t len = strlen(sql);

	m->ready = false;
	if (len >= sizeof(m->text))
		return;
	memcpy(m->text, sql, len + 1);
	m->a = a;
	m->na = na;
	m->b = b;
	m->nb = nb;
	m->ready = true;
}

static _Thread_local struct sql_memo household_memo, resident_memo;

/* Statement one of a household: the household joined to its members, one
 * row per member (one row with NULL member columns when it has none),
 * ordered by member. */
static struct stmt *
household_stmt(struct store *st, const char *const *household_cols, size_t nhousehold_cols,
	       const char *const *resident_cols, size_t nresident_cols)
{
	struct buf sql;
	struct stmt *s;
	size_t i;

	if (memo_hit(&household_memo, household_cols, nhousehold_cols, resident_cols,
		     nresident_cols))
		return store_stmt_sql(st, household_memo.text);
	buf_init(&sql, 8192);
	buf_adds(&sql, "SELECT ");
	for (i = 0; i < nhousehold_cols; i++)
		buf_printf(&sql, "h.%s, ", household_cols[i]);
	buf_adds(&sql, "b.compound_id, c.name || ' ' || b.label || ' ' || h.room,"
		       " (SELECT vs.last_visit_on FROM household_visit_state vs"
		       " WHERE vs.household_id = h.id), r.id");
	for (i = 0; i < nresident_cols; i++)
		buf_printf(&sql, ", r.%s", resident_cols[i]);
	buf_adds(&sql, " FROM household h JOIN building b ON b.id = h.building_id"
		       " JOIN compound c ON c.id = b.compound_id"
		       " LEFT JOIN resident r ON r.household_id = h.id"
		       " WHERE h.id = ?1 AND" SCOPED("h.committee_code", "?2") " ORDER BY r.id");
	memo_keep(&household_memo, household_cols, nhousehold_cols, resident_cols, nresident_cols,
		  sql.data);
	s = store_stmt_sql(st, sql.data);
	buf_clear(&sql);
	return s;
}

int
store_household_read(struct store *st, const struct scope *sc, int64_t id,
		     const char *const *household_cols, size_t nhousehold_cols,
		     const char *const *resident_cols, size_t nresident_cols, struct arena *ar,
		     struct household_read *out)
{
	struct stmt *s;
	size_t i, cap = 0, capids = 0;
	int rc, first_member = (int)nhousehold_cols + 3;

	memset(out, 0, sizeof(*out));
	s = household_stmt(st, household_cols, nhousehold_cols, resident_cols, nresident_cols);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = stmt_step(s);
	if (rc != STMT_ROW) {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
		stmt_reset(s);
		return rc;
	}
	out->household = arena_alloc(ar, (nhousehold_cols + 1) * sizeof(*out->household));
	for (i = 0; i < nhousehold_cols; i++)
		out->household[i].name = household_cols[i];
	read_cols(s, 0, out->household, nhousehold_cols, ar);
	out->compound_id = col_int64(s, (int)nhousehold_cols);
	out->address = col_text(s, (int)nhousehold_cols + 1, ar);
	out->last_visit_on = col_text(s, (int)nhousehold_cols + 2, ar);
	do {
		int64_t *member;
		struct store_col *cols;

		if (col_type(s, first_member) == STMT_NULL)
			continue; /* no member: the LEFT JOIN's one row */
		member = arena_push(ar, &out->member_ids, &out->nmembers, &capids, sizeof(*member));
		*member = col_int64(s, first_member);
		if (out->nmembers > cap) {
			struct store_col *grown;

			cap = cap ? 2 * cap : 8;
			grown = arena_alloc(ar, cap * (nresident_cols ? nresident_cols : 1) *
							sizeof(*grown));
			if (out->member_cols)
				memcpy(grown, out->member_cols,
				       (out->nmembers - 1) * nresident_cols * sizeof(*grown));
			out->member_cols = grown;
		}
		cols = &out->member_cols[(out->nmembers - 1) * nresident_cols];
		for (i = 0; i < nresident_cols; i++)
			cols[i].name = resident_cols[i];
		read_cols(s, first_member + 1, cols, nresident_cols, ar);
	} while ((rc = stmt_step(s)) == STMT_ROW);
	rc = store_finish(st, s, rc);
	if (rc != SB_OK)
		return rc;
	/* Statement two: every tag of the household and of its members. */
	s = store_stmt(st, Q_HOUSEHOLD_READ_TAGS);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	return read_tags_on(st, s, NULL, ar, &out->tags);
}

int
store_resident_read(struct store *st, const struct scope *sc, int64_t id, const char *const *cols,
		    size_t ncols, struct arena *ar, struct resident_read *out)
{
	struct stmt *s;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (memo_hit(&resident_memo, cols, ncols, NULL, 0)) {
		s = store_stmt_sql(st, resident_memo.text);
	} else {
		struct buf sql;

		buf_init(&sql, 8192);
		buf_adds(&sql, "SELECT ");
		for (i = 0; i < ncols; i++)
			buf_printf(&sql, "r.%s, ", cols[i]);
		buf_adds(&sql, "c.name || ' ' || b.label || ' ' || h.room,"
			       " (SELECT vs.last_visit_on FROM household_visit_state vs"
			       " WHERE vs.household_id = r.household_id)"
			       " FROM resident r JOIN household h ON h.id = r.household_id"
			       " JOIN building b ON b.id = h.building_id"
			       " JOIN compound c ON c.id = b.compound_id"
			       " WHERE r.id = ?1 AND" SCOPED("r.committee_code", "?2"));
		memo_keep(&resident_memo, cols, ncols, NULL, 0, sql.data);
		s = store_stmt_sql(st, sql.data);
		buf_clear(&sql);
	}
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	rc = stmt_step(s);
	if (rc != STMT_ROW) {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
		stmt_reset(s);
		return rc;
	}
	out->cols = arena_alloc(ar, (ncols + 1) * sizeof(*out->cols));
	for (i = 0; i < ncols; i++)
		out->cols[i].name = cols[i];
	read_cols(s, 0, out->cols, ncols, ar);
	out->address = col_text(s, (int)ncols, ar);
	out->last_visit_on = col_text(s, (int)ncols + 1, ar);
	stmt_reset(s);
	s = store_stmt(st, Q_RESIDENT_TAGS);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	return read_tags_on(st, s, "resident", ar, &out->tags);
}
