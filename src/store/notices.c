#include <string.h>

#include "store/notices.h"
#include "store/store_int.h"

/* Notices to residents, the webhook's queue and the committee's phone
 * (docs/notices.md): queries_projects.def. */

/* Steps s for one row of text (JSON or a code) in its first column. */
static int
one_text(struct store *st, struct stmt *s, struct arena *ar, const char **json)
{
	int rc = stmt_step(s);

	if (rc == STMT_ROW && col_type(s, 0) != STMT_NULL) {
		*json = col_text(s, 0, ar);
		rc = SB_OK;
	} else {
		rc = rc == STMT_ROW || rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_notice_insert(struct store *st, const struct scope *sc, const struct notice_new *n,
		    struct arena *ar, struct notice_ref *out)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_INSERT);
	int rc;

	out->id = 0;
	out->committee = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, n->committee_code);
	bind_text(s, 2, n->title);
	bind_text(s, 3, n->body);
	bind_int(s, 4, n->urgent);
	bind_text(s, 5, n->audience);
	bind_id_or_null(s, 6, n->expires_at);
	bind_id_or_null(s, 7, n->survey_id);
	bind_id_or_null(s, 8, n->meeting_id);
	bind_int(s, 9, n->created_by);
	bind_int(s, 10, n->created_at);
	bind_int(s, 11, sc->user_id);
	/* the new row's id comes back (RETURNING); no row: the committee is
	 * out of scope and nothing was inserted */
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		out->id = col_int64(s, 0);
		out->committee = arena_strdup(ar, n->committee_code);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_notice_link_insert(struct store *st, const struct notice_ref *notice, int64_t building,
			 const char *token_hash)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_LINK_INSERT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, notice->id);
	bind_id_or_null(s, 2, building);
	bind_text(s, 3, token_hash);
	return store_exec_stmt(st, s);
}

int
store_notice_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  struct notice_ref *out)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_ROW);
	int rc;

	out->id = 0;
	out->committee = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, id);
	rc = one_text(st, s, ar, &out->committee);
	out->id = rc == SB_OK ? id : 0;
	return rc;
}

/* A notice's row as NOTICE_COLUMNS gives it. */
static void
notice_of_row(struct stmt *s, struct arena *ar, struct notice *n)
{
	memset(n, 0, sizeof(*n));
	n->id = col_int64(s, 0);
	n->committee_code = col_text(s, 1, ar);
	n->title = col_text(s, 2, ar);
	n->body = col_text(s, 3, ar);
	n->urgent = col_int(s, 4) != 0;
	n->audience = col_text(s, 5, ar);
	n->expires_at = col_int64(s, 6);
	n->withdrawn_at = col_int64(s, 7);
	n->survey_id = col_int64(s, 8);
	n->meeting_id = col_int64(s, 9);
	n->created_by = col_int64(s, 10);
	n->created_by_name = col_text(s, 11, ar);
	n->created_at = col_int64(s, 12);
	n->reads = col_int64(s, 13);
}

static int
notice_links(struct store *st, struct notice *n, struct arena *ar)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_LINKS);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, n->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct notice_link *l = arena_push(ar, &n->links, &n->nlinks, &cap, sizeof(*l));

		l->building_id = col_int64(s, 0);
		l->compound = col_text(s, 1, ar);
		l->label = col_text(s, 2, ar);
		l->reads = col_int64(s, 3);
	}
	return store_finish(st, s, rc);
}

int
store_notice_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct notice *out)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		notice_of_row(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	if (rc == SB_OK)
		rc = notice_links(st, out, ar);
	return rc;
}

int
store_notice_list(struct store *st, const struct scope *sc, const char *committee,
		  int64_t before_id, int limit, struct arena *ar, struct notice_list *out)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_LIST);
	size_t cap = 0, i;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, limit);
	bind_int(s, 3, before_id);
	bind_text(s, 4, committee);
	while ((rc = stmt_step(s)) == STMT_ROW)
		notice_of_row(s, ar,
			      arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	rc = store_finish(st, s, rc);
	/* the links of each, after the list's statement is done */
	for (i = 0; rc == SB_OK && i < out->n; i++)
		rc = notice_links(st, &out->items[i], ar);
	return rc;
}

int
store_notice_state(struct store *st, const struct notice_ref *notice, int64_t *expires_at,
		   int64_t *withdrawn_at)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_STATE);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, notice->id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*expires_at = col_int64(s, 0);
		*withdrawn_at = col_int64(s, 1);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_notice_set_state(struct store *st, const struct notice_ref *notice, int64_t expires_at,
		       int64_t withdrawn_at)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_UPDATE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, notice->id);
	bind_id_or_null(s, 2, expires_at);
	bind_id_or_null(s, 3, withdrawn_at);
	return store_exec_stmt(st, s);
}

int
store_notice_committee_buildings(struct store *st, const struct scope *sc, const char *committee,
				 struct arena *ar, int64_t **ids, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_COMMITTEE_BUILDINGS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_text(s, 2, committee);
	return store_ids(st, s, ar, ids, n);
}

int
store_notice_compound_buildings(struct store *st, const struct scope *sc, int64_t compound,
				struct arena *ar, int64_t **ids, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_COMPOUND_BUILDINGS);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, compound);
	return store_ids(st, s, ar, ids, n);
}

int
store_notice_household_building(struct store *st, const struct scope *sc, int64_t household,
				int64_t *building)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_HOUSEHOLD_BUILDING);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, household);
	return store_scalar(st, s, building);
}

int
store_notice_public(struct store *st, const char *hash, struct arena *ar, struct notice_page *out)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_PUBLIC);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, hash);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		memset(out, 0, sizeof(*out));
		out->expires_at = col_int64(s, 0);
		out->withdrawn_at = col_int64(s, 1);
		out->title = col_text(s, 2, ar);
		out->body = col_text(s, 3, ar);
		out->urgent = col_int(s, 4) != 0;
		out->committee = col_text(s, 5, ar);
		out->committee_phone = col_text(s, 6, ar);
		out->building = col_text(s, 7, ar);
		out->published_at = col_int64(s, 8);
		out->has_survey = col_type(s, 9) != STMT_NULL;
		out->survey_title = col_text(s, 10, ar);
		out->survey_closes_on = col_text(s, 11, ar);
		out->has_meeting = col_type(s, 12) != STMT_NULL;
		out->meeting_topic = col_text(s, 13, ar);
		out->meeting_held_at = col_int64(s, 14);
		out->meeting_place = col_text(s, 15, ar);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_notice_read(struct store *st, const char *hash)
{
	struct stmt *s = store_stmt(st, Q_NOTICE_LINK_READ);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, hash);
	return store_exec_stmt(st, s);
}

int
store_webhook_enqueue(struct store *st, const char *event, const char *payload, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_WEBHOOK_ENQUEUE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, event);
	bind_text(s, 2, payload);
	bind_int(s, 3, now);
	return store_exec_stmt(st, s);
}

int
store_webhook_due(struct store *st, int64_t now, struct arena *ar, struct webhook_item *out)
{
	struct stmt *s = store_stmt(st, Q_WEBHOOK_DUE);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, now);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		out->id = col_int64(s, 0);
		out->event = col_text(s, 1, ar);
		out->payload = col_text(s, 2, ar);
		out->attempts = col_int(s, 3);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_webhook_done(struct store *st, int64_t id, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_WEBHOOK_DONE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, now);
	return store_exec_stmt(st, s);
}

int
store_webhook_retry(struct store *st, int64_t id, int64_t next_at, const char *error)
{
	struct stmt *s = store_stmt(st, Q_WEBHOOK_RETRY);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, id);
	bind_int(s, 2, next_at);
	bind_text(s, 3, error);
	return store_exec_stmt(st, s);
}

int
store_committee_phone(struct store *st, const char *committee, struct arena *ar, const char **phone)
{
	struct stmt *s = store_stmt(st, Q_COMMITTEE_PHONE_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	*phone = NULL;
	rc = stmt_step(s);
	if (rc == STMT_ROW)
		*phone = col_text(s, 0, ar);
	rc = rc == STMT_ROW || rc == STMT_DONE ? SB_OK : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_committee_phone_put(struct store *st, const char *committee, const char *phone)
{
	struct stmt *s = store_stmt(st, Q_COMMITTEE_PHONE_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	bind_text(s, 2, phone);
	return store_exec_stmt(st, s);
}

int
store_issue_link_live(struct store *st, const struct issue_ref *issue, int64_t now,
		      int64_t *expires_at)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_LINK_LIVE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, issue->id);
	bind_int(s, 2, now);
	return store_scalar(st, s, expires_at);
}
