#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "util/buf.h"

/* Residents' problems: categories, issues, events, feedback links, Open311
 * keys and the figures' scans.  Strings are copied into the caller's arena. */

/* Binds a double or NULL. */
static void
bind_real_or_null(struct stmt *s, int i, bool has, double v)
{
	if (has)
		bind_double(s, i, v);
	else
		bind_null(s, i);
}

/* 0 → NULL for times and counts that may be absent. */
static void
bind_int_or_null(struct stmt *s, int i, int64_t v)
{
	bind_id_or_null(s, i, v);
}

/* Categories. */

static void
read_category(struct stmt *s, struct arena *ar, void *out)
{
	struct issue_category *c = out;

	c->code = col_text(s, 0, ar);
	c->name = col_text(s, 1, ar);
	c->name_en = col_text(s, 2, ar);
	c->description = col_text(s, 3, ar);
	c->days_committee = col_int(s, 4);
	c->days_street = col_int(s, 5);
	c->days_district = col_int(s, 6);
	c->days_urgent = col_int(s, 7);
	c->active = col_int(s, 8) != 0;
	c->position = col_int(s, 9);
}

int
store_issue_categories(struct store *st, struct arena *ar, struct issue_category_list *out)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_CATEGORIES);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_category(s, ar,
			      arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_issue_category_get(struct store *st, const char *code, struct arena *ar,
			 struct issue_category *out)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_CATEGORY_GET);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, code);
	return store_read_one(st, s, read_category, ar, out);
}

int
store_issue_category_update(struct store *st, const struct issue_category *c)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_CATEGORY_UPDATE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, c->code);
	bind_text(s, 2, c->name);
	bind_text(s, 3, c->name_en);
	bind_text(s, 4, c->description);
	bind_int(s, 5, c->days_committee);
	bind_int(s, 6, c->days_street);
	bind_int(s, 7, c->days_district);
	bind_int(s, 8, c->days_urgent);
	bind_int(s, 9, c->active);
	return store_exec_stmt(st, s);
}

/* Issues. */

static void
read_issue(struct stmt *s, struct arena *ar, void *out)
{
	struct issue *i = out;
	int n = 0;

	memset(i, 0, sizeof(*i));
	i->id = col_int64(s, n++);
	i->receipt_no = col_text(s, n++, ar);
	i->category = col_text(s, n++, ar);
	i->category_name = col_text(s, n++, ar);
	i->description = col_text(s, n++, ar);
	i->channel = col_text(s, n++, ar);
	i->priority = col_text(s, n++, ar);
	i->status = col_text(s, n++, ar);
	i->level = col_text(s, n++, ar);
	i->area_code = col_text(s, n++, ar);
	i->committee_code = col_text(s, n++, ar);
	i->street_code = col_text(s, n++, ar);
	i->compound_id = col_int64(s, n++);
	i->building_id = col_int64(s, n++);
	i->household_id = col_int64(s, n++);
	i->resident_id = col_int64(s, n++);
	i->compound_name = col_text(s, n++, ar);
	i->address = col_text(s, n++, ar);
	i->reporter_name = col_text(s, n++, ar);
	if (col_type(s, n) == STMT_BLOB) {
		size_t len = (size_t)col_bytes(s, n);
		void *p = arena_alloc(ar, len ? len : 1);

		memcpy(p, col_blob(s, n), len);
		i->reporter_phone_box = p;
		i->reporter_phone_boxlen = len;
	}
	n++;
	i->reporter_phone_idx = col_text(s, n++, ar);
	i->reporter_phone_mask = col_text(s, n++, ar);
	i->has_location = col_type(s, n) != STMT_NULL;
	i->lat = col_double(s, n++);
	i->lon = col_double(s, n++);
	i->assignee_id = col_int64(s, n++);
	i->assignee_name = col_text(s, n++, ar);
	i->hotline_no = col_text(s, n++, ar);
	i->hotline_state = col_text(s, n++, ar);
	i->open311_key_id = col_int64(s, n++);
	i->created_by = col_int64(s, n++);
	i->created_by_name = col_text(s, n++, ar);
	i->created_at = col_int64(s, n++);
	i->recorded_at = col_int64(s, n++);
	i->updated_at = col_int64(s, n++);
	i->accepted_at = col_int64(s, n++);
	i->resolved_at = col_int64(s, n++);
	i->closed_at = col_int64(s, n++);
	i->level_since = col_int64(s, n++);
	i->due_date = col_text(s, n++, ar);
	i->due_at = col_int64(s, n++);
	i->escalations = col_int(s, n++);
	i->resolution = col_text(s, n++, ar);
	i->satisfaction = col_int(s, n++);
	i->feedback_comment = col_text(s, n++, ar);
	i->feedback_at = col_int64(s, n++);
	i->ref.id = i->id;
	i->ref.committee = i->area_code;
}

/* Binds ?1 … ?31 of ISSUE_INSERT_INTO from i. */
static void
bind_issue_new(struct stmt *s, const struct issue *i)
{
	bind_text(s, 1, i->category);
	bind_text(s, 2, i->description);
	bind_text(s, 3, i->channel);
	bind_text(s, 4, i->priority);
	bind_text(s, 5, i->status);
	bind_text(s, 6, i->level);
	bind_text(s, 7, i->area_code);
	bind_text(s, 8, i->committee_code);
	bind_text(s, 9, i->street_code);
	bind_id_or_null(s, 10, i->compound_id);
	bind_id_or_null(s, 11, i->building_id);
	bind_id_or_null(s, 12, i->household_id);
	bind_id_or_null(s, 13, i->resident_id);
	bind_text(s, 14, i->address);
	bind_text(s, 15, i->reporter_name);
	if (i->reporter_phone_box)
		bind_blob(s, 16, i->reporter_phone_box, (size_t)i->reporter_phone_boxlen);
	bind_text(s, 17, i->reporter_phone_idx);
	bind_text(s, 18, i->reporter_phone_mask);
	bind_real_or_null(s, 19, i->has_location, i->lat);
	bind_real_or_null(s, 20, i->has_location, i->lon);
	bind_id_or_null(s, 21, i->assignee_id);
	bind_text(s, 22, i->hotline_no);
	bind_text(s, 23, i->hotline_state);
	bind_id_or_null(s, 24, i->open311_key_id);
	bind_id_or_null(s, 25, i->created_by);
	bind_int(s, 26, i->created_at);
	bind_int(s, 27, i->recorded_at);
	bind_int(s, 28, i->updated_at);
	bind_int(s, 29, i->level_since);
	bind_text(s, 30, i->due_date);
	bind_int(s, 31, i->due_at);
}

/* Runs an insert of q (bound by bind_issue_new, ?32 its check) and fills
 * out: NOT_FOUND when the check refused the row. */
static int
issue_insert(struct store *st, enum query q, const struct issue *i, int64_t check_int,
	     const char *check_text, struct arena *ar, struct issue_ref *out)
{
	struct stmt *s = store_stmt(st, q);
	int64_t id = 0;
	int rc;

	out->id = 0;
	out->committee = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_issue_new(s, i);
	if (check_text)
		bind_text(s, 32, check_text);
	else
		bind_int(s, 32, check_int);
	rc = store_exec_insert(st, s, &id);
	if (rc == SB_OK && store_changes(st) == 0)
		rc = SB_NOT_FOUND;
	if (rc == SB_OK) {
		out->id = id;
		out->committee = arena_strdup(ar, i->area_code);
	}
	return rc;
}

int
store_issue_insert(struct store *st, const struct scope *sc, const struct issue *i,
		   struct arena *ar, struct issue_ref *out)
{
	return issue_insert(st, Q_ISSUE_INSERT, i, sc->user_id, NULL, ar, out);
}

int
store_issue_insert_open311(struct store *st, const char *key_street, const struct issue *i,
			   struct arena *ar, struct issue_ref *out)
{
	return issue_insert(st, Q_ISSUE_INSERT_OPEN311, i, 0, key_street, ar, out);
}

int
store_issue_set_receipt(struct store *st, const struct issue_ref *issue, const char *receipt_no)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_SET_RECEIPT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, issue->id);
	bind_text(s, 2, receipt_no);
	return store_exec_stmt(st, s);
}

int
store_issue_feedback_tally(struct store *st, const struct issue_ref *issue, int satisfaction)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_FEEDBACK_TALLY);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, issue->id);
	bind_int(s, 2, satisfaction);
	return store_exec_stmt(st, s);
}

int
store_issue_update(struct store *st, const struct issue_ref *issue, const struct issue *i)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_UPDATE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, issue->id);
	bind_text(s, 2, i->category);
	bind_text(s, 3, i->description);
	bind_text(s, 4, i->priority);
	bind_text(s, 5, i->status);
	bind_text(s, 6, i->level);
	bind_text(s, 7, i->area_code);
	bind_text(s, 8, i->committee_code);
	bind_text(s, 9, i->address);
	bind_id_or_null(s, 10, i->assignee_id);
	bind_text(s, 11, i->hotline_no);
	bind_text(s, 12, i->hotline_state);
	bind_int(s, 13, i->updated_at);
	bind_int_or_null(s, 14, i->accepted_at);
	bind_int_or_null(s, 15, i->resolved_at);
	bind_int_or_null(s, 16, i->closed_at);
	bind_int(s, 17, i->level_since);
	bind_text(s, 18, i->due_date);
	bind_int(s, 19, i->due_at);
	bind_int(s, 20, i->escalations);
	bind_text(s, 21, i->resolution);
	bind_int_or_null(s, 22, i->satisfaction);
	bind_text(s, 23, i->feedback_comment);
	bind_int_or_null(s, 24, i->feedback_at);
	return store_exec_stmt(st, s);
}

int
store_issue_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct issue *out)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_GET);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, sc->user_id);
	return store_read_one(st, s, read_issue, ar, out);
}

int
store_issue_get_public(struct store *st, int64_t id, struct arena *ar, struct issue *out)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_GET_PUBLIC);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	return store_read_one(st, s, read_issue, ar, out);
}

int
store_issue_by_hotline(struct store *st, const char *hotline_no, int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_BY_HOTLINE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, hotline_no);
	return store_scalar(st, s, id);
}

/* The queue.  The WHERE clause is built from fixed fragments chosen by which
 * members of the filter are set; every value is bound by number.  The open
 * statuses are written out literally, so that the partial index of open
 * issues serves them.  A large result (scan) is read in the order of an
 * index on the deadline (or intake time) with the jurisdiction tested per
 * row ("+" keeps SQLite from using the area index there); a small one is
 * found through the area index and sorted. */
#define OPEN_STATUSES "('received', 'accepted', 'in_progress', 'reopened')"

static void
filter_where(struct buf *sql, const struct issue_filter *f, bool page, bool scan)
{
	const char *area = scan ? " +i.area_code" : " i.area_code";
	size_t i;

	buf_printf(sql, " WHERE%s IN" SCOPE_SET("?1"), area);
	if (f->area)
		buf_printf(sql,
			   " AND%s IN (SELECT descendant FROM area_closure WHERE ancestor = ?2)",
			   area);
	if (f->level)
		buf_adds(sql, " AND i.level = ?3");
	if (f->category)
		buf_adds(sql, " AND i.category = ?4");
	if (f->priority)
		buf_adds(sql, " AND i.priority = ?5");
	if (f->channel)
		buf_adds(sql, " AND i.channel = ?6");
	if (f->assignee_id)
		buf_adds(sql, " AND i.assignee_id = ?7");
	if (f->household_id)
		buf_adds(sql, " AND i.household_id = ?8");
	if (f->resident_id)
		buf_adds(sql, " AND i.resident_id = ?9");
	if (f->compound_id)
		buf_adds(sql, " AND i.compound_id = ?10");
	if (f->receipt_no)
		buf_adds(sql, " AND i.receipt_no = ?11");
	if (f->hotline_no)
		buf_adds(sql, " AND i.hotline_no = ?12");
	if (f->open_only || f->overdue)
		buf_adds(sql, " AND i.status IN " OPEN_STATUSES);
	if (f->overdue)
		buf_adds(sql, " AND i.due_at < ?13");
	if (f->from)
		buf_adds(sql, " AND i.created_at >= ?14");
	if (f->to)
		buf_adds(sql, " AND i.created_at < ?15");
	if (f->nstatuses) {
		buf_adds(sql, " AND i.status IN (");
		for (i = 0; i < f->nstatuses; i++)
			buf_printf(sql, "%s?%zu", i ? ", " : "", 20 + i);
		buf_adds(sql, ")");
	}
	if (page && f->has_cursor)
		buf_adds(
			sql,
			f->newest
				? " AND (i.created_at < ?16 OR (i.created_at = ?16 AND i.id < ?17))"
				: " AND (i.due_at > ?16 OR (i.due_at = ?16 AND i.id > ?17))");
}

static void
filter_bind(struct stmt *s, const struct scope *sc, const struct issue_filter *f, bool page)
{
	size_t i;

	bind_int(s, 1, sc->user_id);
	if (f->area)
		bind_text(s, 2, f->area);
	if (f->level)
		bind_text(s, 3, f->level);
	if (f->category)
		bind_text(s, 4, f->category);
	if (f->priority)
		bind_text(s, 5, f->priority);
	if (f->channel)
		bind_text(s, 6, f->channel);
	if (f->assignee_id)
		bind_int(s, 7, f->assignee_id);
	if (f->household_id)
		bind_int(s, 8, f->household_id);
	if (f->resident_id)
		bind_int(s, 9, f->resident_id);
	if (f->compound_id)
		bind_int(s, 10, f->compound_id);
	if (f->receipt_no)
		bind_text(s, 11, f->receipt_no);
	if (f->hotline_no)
		bind_text(s, 12, f->hotline_no);
	if (f->overdue)
		bind_int(s, 13, f->now);
	if (f->from)
		bind_int(s, 14, f->from);
	if (f->to)
		bind_int(s, 15, f->to);
	if (page && f->has_cursor) {
		bind_int(s, 16, f->cursor_key);
		bind_int(s, 17, f->cursor_id);
	}
	if (page)
		bind_int(s, 18, f->limit);
	for (i = 0; i < f->nstatuses; i++)
		bind_text(s, (int)(20 + i), f->statuses[i]);
}

#define ISSUE_MAX_STATUSES 8
/* Above this many matches the page is read in index order (see above). */
#define ISSUE_SCAN_FROM 400

int
store_issue_list(struct store *st, const struct scope *sc, const struct issue_filter *f,
		 struct arena *ar, struct issue_list *out, int64_t *total)
{
	struct buf sql;
	struct stmt *s;
	size_t cap = 0;
	bool scan;
	int rc;

	out->items = NULL;
	out->n = 0;
	*total = 0;
	if (f->nstatuses > ISSUE_MAX_STATUSES)
		return SB_INTERNAL;
	buf_init(&sql, 8192);
	buf_adds(&sql, "SELECT count(*) FROM issue i");
	filter_where(&sql, f, false, false);
	s = store_stmt_sql(st, sql.data);
	buf_clear(&sql);
	if (s == NULL)
		return SB_INTERNAL;
	filter_bind(s, sc, f, false);
	rc = store_scalar(st, s, total);
	if (rc != SB_OK || *total == 0)
		return rc;

	scan = *total > ISSUE_SCAN_FROM;
	buf_init(&sql, 8192);
	buf_adds(&sql, ISSUE_SELECT);
	filter_where(&sql, f, true, scan);
	buf_adds(&sql, f->newest ? " ORDER BY i.created_at DESC, i.id DESC LIMIT ?18"
				 : " ORDER BY i.due_at, i.id LIMIT ?18");
	s = store_stmt_sql(st, sql.data);
	buf_clear(&sql);
	if (s == NULL)
		return SB_INTERNAL;
	filter_bind(s, sc, f, true);
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_issue(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

/* Events. */

int
store_issue_event_add(struct store *st, const struct issue_ref *issue, const struct issue_event *e,
		      int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_EVENT_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, issue->id);
	bind_int(s, 2, e->at);
	bind_id_or_null(s, 3, e->user_id);
	bind_text(s, 4, e->username);
	bind_text(s, 5, e->via);
	bind_text(s, 6, e->action);
	bind_text(s, 7, e->from_status);
	bind_text(s, 8, e->to_status);
	bind_text(s, 9, e->level);
	bind_text(s, 10, e->note);
	bind_text(s, 11, e->reason);
	bind_id_or_null(s, 12, e->assignee_id);
	bind_int_or_null(s, 13, e->satisfaction);
	bind_text(s, 14, e->comment);
	bind_text(s, 15, e->hotline_no);
	return store_exec_insert(st, s, id);
}

int
store_issue_events(struct store *st, const struct issue_ref *issue, struct arena *ar,
		   struct issue_event_list *out)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_EVENTS);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, issue->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct issue_event *e = arena_push(ar, &out->items, &out->n, &cap, sizeof(*e));

		e->id = col_int64(s, 0);
		e->issue_id = col_int64(s, 1);
		e->at = col_int64(s, 2);
		e->user_id = col_int64(s, 3);
		e->username = col_text(s, 4, ar);
		e->via = col_text(s, 5, ar);
		e->action = col_text(s, 6, ar);
		e->from_status = col_text(s, 7, ar);
		e->to_status = col_text(s, 8, ar);
		e->level = col_text(s, 9, ar);
		e->note = col_text(s, 10, ar);
		e->reason = col_text(s, 11, ar);
		e->name = col_text(s, 16, ar);
		e->assignee_id = col_int64(s, 12);
		e->satisfaction = col_int(s, 13);
		e->comment = col_text(s, 14, ar);
		e->hotline_no = col_text(s, 15, ar);
	}
	return store_finish(st, s, rc);
}

int
store_issue_user_covers(struct store *st, int64_t user_id, const char *area, enum role *role)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_USER_COVERS);
	int rc;

	*role = ROLE_NONE;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, user_id);
	bind_text(s, 2, area);
	rc = stmt_step(s);
	if (rc == STMT_ROW)
		*role = role_parse(col_text_peek(s, 0));
	rc = rc == STMT_ROW || rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_area_name(struct store *st, const char *code, struct arena *ar, const char **name)
{
	struct stmt *s = store_stmt(st, Q_AREA_NAME);
	int rc;

	*name = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, code);
	rc = stmt_step(s);
	if (rc == STMT_ROW)
		*name = col_text(s, 0, ar);
	rc = rc == STMT_ROW ? SB_OK : rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_area_street_district(struct store *st, const char *code, struct arena *ar,
			   const char **street, const char **district)
{
	struct stmt *s = store_stmt(st, Q_AREA_STREET_DISTRICT);
	int rc;

	*street = *district = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, code);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*street = col_text(s, 0, ar);
		*district = col_text(s, 1, ar);
	}
	rc = rc == STMT_ROW || rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

/* Feedback links. */

int
store_issue_link_insert(struct store *st, const char *hash, const struct issue_ref *issue,
			int64_t now, int64_t expires_at)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_LINK_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, hash);
	bind_int(s, 2, issue->id);
	bind_int(s, 3, now);
	bind_int(s, 4, expires_at);
	return store_exec_stmt(st, s);
}

static void
read_link(struct stmt *s, struct arena *ar, void *out)
{
	struct issue_link *l = out;

	(void)ar;
	l->issue_id = col_int64(s, 0);
	l->created_at = col_int64(s, 1);
	l->expires_at = col_int64(s, 2);
	l->used_at = col_int64(s, 3);
	l->revoked_at = col_int64(s, 4);
}

int
store_issue_link_get(struct store *st, const char *hash, struct issue_link *out)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_LINK_GET);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, hash);
	return store_read_one(st, s, read_link, NULL, out);
}

int
store_issue_link_use(struct store *st, const char *hash, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_LINK_USE);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, hash);
	bind_int(s, 2, now);
	rc = store_exec_stmt(st, s);
	if (rc == SB_OK && store_changes(st) != 1)
		rc = SB_CONFLICT;
	return rc;
}

int
store_issue_links_revoke(struct store *st, const struct issue_ref *issue, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_LINKS_REVOKE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, issue->id);
	bind_int(s, 2, now);
	return store_exec_stmt(st, s);
}

/* Open311 keys. */

static void
read_key(struct stmt *s, struct arena *ar, void *out)
{
	struct open311_key *k = out;

	k->id = col_int64(s, 0);
	k->name = col_text(s, 1, ar);
	k->street_code = col_text(s, 2, ar);
	k->created_at = col_int64(s, 3);
	k->created_by = col_int64(s, 4);
	k->disabled_at = col_int64(s, 5);
	k->last_used_at = col_int64(s, 6);
}

int
store_open311_key_insert(struct store *st, const char *name, const char *hash, const char *street,
			 int64_t by, int64_t now, int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_OPEN311_KEY_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, name);
	bind_text(s, 2, hash);
	bind_text(s, 3, street);
	bind_int(s, 4, now);
	bind_id_or_null(s, 5, by);
	return store_exec_insert(st, s, id);
}

int
store_open311_keys(struct store *st, struct arena *ar, struct open311_key_list *out)
{
	struct stmt *s = store_stmt(st, Q_OPEN311_KEYS);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_key(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_open311_key_get(struct store *st, int64_t id, struct arena *ar, struct open311_key *out)
{
	struct stmt *s = store_stmt(st, Q_OPEN311_KEY_GET);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	return store_read_one(st, s, read_key, ar, out);
}

int
store_open311_key_by_hash(struct store *st, const char *hash, struct arena *ar,
			  struct open311_key *out)
{
	struct stmt *s = store_stmt(st, Q_OPEN311_KEY_BY_HASH);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, hash);
	return store_read_one(st, s, read_key, ar, out);
}

int
store_open311_key_disable(struct store *st, int64_t id, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_OPEN311_KEY_DISABLE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, now);
	return store_exec_stmt(st, s);
}

int
store_open311_key_touch(struct store *st, int64_t id, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_OPEN311_KEY_TOUCH);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, now);
	return store_exec_stmt(st, s);
}

int
store_open311_match_compound(struct store *st, const char *district, const char *street,
			     const char *address, struct arena *ar, int64_t *id,
			     const char **committee)
{
	struct stmt *s = store_stmt(st, Q_OPEN311_MATCH_COMPOUND);
	int rc;

	*id = 0;
	*committee = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, district);
	bind_text(s, 2, street);
	bind_text(s, 3, address);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*id = col_int64(s, 0);
		*committee = col_text(s, 1, ar);
	}
	rc = rc == STMT_ROW || rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

/* Whether label occurs in address where it does not continue a number
 * ("1号" inside "11号" does not count). */
static bool
label_occurs(const char *address, const char *label)
{
	size_t n = strlen(label);
	const char *p = address;

	if (n == 0)
		return false;
	while ((p = strstr(p, label)) != NULL) {
		if (p == address || !isdigit((unsigned char)p[-1]))
			return true;
		p++;
	}
	return false;
}

int
store_open311_match_building(struct store *st, int64_t compound_id, const char *address,
			     int64_t *id)
{
	struct stmt *s = store_stmt(st, Q_OPEN311_MATCH_BUILDING);
	int rc;

	*id = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, compound_id);
	bind_text(s, 2, address);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		const char *label = col_text_peek(s, 1);

		if (label && label_occurs(address, label)) {
			*id = col_int64(s, 0);
			rc = STMT_DONE;
			break;
		}
	}
	return store_finish(st, s, rc);
}

#define OPEN311_MAX_IDS 50
#define OPEN311_MAX_CODES 20

int
store_open311_requests(struct store *st, const struct open311_filter *f, struct arena *ar,
		       struct issue_list *out)
{
	struct buf sql;
	struct stmt *s;
	size_t cap = 0, i;
	int rc, n;

	out->items = NULL;
	out->n = 0;
	if (f->nids > OPEN311_MAX_IDS || f->ncodes > OPEN311_MAX_CODES)
		return SB_INTERNAL;
	buf_init(&sql, 8192);
	buf_adds(&sql, ISSUE_SELECT "WHERE i.channel = 'open311'");
	if (f->key_id)
		buf_adds(&sql, " AND i.open311_key_id = ?1");
	if (f->open == 1)
		buf_adds(&sql,
			 " AND i.status IN ('received', 'accepted', 'in_progress', 'reopened')");
	else if (f->open == 0)
		buf_adds(&sql, " AND i.status IN ('resolved', 'closed')");
	if (f->from)
		buf_adds(&sql, " AND i.created_at >= ?2");
	if (f->to)
		buf_adds(&sql, " AND i.created_at <= ?3");
	n = 10;
	if (f->ncodes) {
		buf_adds(&sql, " AND i.category IN (");
		for (i = 0; i < f->ncodes; i++)
			buf_printf(&sql, "%s?%d", i ? ", " : "", n + (int)i);
		buf_adds(&sql, ")");
	}
	n += OPEN311_MAX_CODES;
	if (f->nids) {
		buf_adds(&sql, " AND i.id IN (");
		for (i = 0; i < f->nids; i++)
			buf_printf(&sql, "%s?%d", i ? ", " : "", n + (int)i);
		buf_adds(&sql, ")");
	}
	buf_adds(&sql, " ORDER BY i.id DESC LIMIT ?4");
	s = store_stmt_sql(st, sql.data);
	buf_clear(&sql);
	if (s == NULL)
		return SB_INTERNAL;
	if (f->key_id)
		bind_int(s, 1, f->key_id);
	if (f->from)
		bind_int(s, 2, f->from);
	if (f->to)
		bind_int(s, 3, f->to);
	bind_int(s, 4, f->limit);
	for (i = 0; i < f->ncodes; i++)
		bind_text(s, 10 + (int)i, f->codes[i]);
	for (i = 0; i < f->nids; i++)
		bind_int(s, 10 + OPEN311_MAX_CODES + (int)i, f->ids[i]);
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_issue(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

/* The figures. */

static void
bind_fig(struct stmt *s, const struct scope *sc, const char *area, int64_t from, int64_t to)
{
	bind_text(s, 1, area);
	bind_int(s, 2, from);
	bind_int(s, 3, to);
	bind_int(s, 4, sc->user_id);
}

int
store_issue_figure_rows(struct store *st, const struct scope *sc, const char *area, int64_t from,
			int64_t to, int (*fn)(const struct issue_figure_row *row, void *ctx),
			void *ctx)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_FIGURE_ROWS);
	int rc, frc = SB_OK;

	if (s == NULL)
		return SB_INTERNAL;
	bind_fig(s, sc, area, from, to);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct issue_figure_row r;

		r.status = col_text_peek(s, 0);
		r.level = col_text_peek(s, 1);
		r.category = col_text_peek(s, 2);
		r.child_area = col_text_peek(s, 3);
		r.created_at = col_int64(s, 4);
		r.accepted_at = col_int64(s, 5);
		r.resolved_at = col_int64(s, 6);
		r.due_at = col_int64(s, 7);
		r.escalations = col_int(s, 8);
		r.feedback_count = col_int64(s, 9);
		r.feedback_sum = col_int64(s, 10);
		frc = fn(&r, ctx);
		if (frc != SB_OK)
			break;
	}
	rc = frc != SB_OK ? frc : rc == STMT_ROW || rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_issue_figure_hotspots(struct store *st, const struct scope *sc, const char *area,
			    int64_t from, int64_t to, struct arena *ar,
			    struct issue_hotspot_row **rows, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_FIGURE_HOTSPOTS);
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_fig(s, sc, area, from, to);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct issue_hotspot_row *r = arena_push(ar, rows, n, &cap, sizeof(*r));

		r->category = col_text(s, 0, ar);
		r->compound_id = col_int64(s, 1);
		r->compound_name = col_text(s, 2, ar);
		r->committee_code = col_text(s, 3, ar);
		r->count = col_int64(s, 4);
	}
	return store_finish(st, s, rc);
}
