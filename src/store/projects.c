#include <string.h>

#include "store/projects.h"
#include "store/store_int.h"

/* Projects' stages, signing tracker and linked surveys (docs/consultation.md,
 * "Projects"): queries_projects.def. */

int
store_project_fields(struct store *st, const struct project_ref *project, struct arena *ar,
		     struct project_fields *f)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_FIELDS);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		f->name = col_text(s, 0, ar);
		f->description = col_text(s, 1, ar);
		f->funding_source = col_text(s, 2, ar);
		f->sign_num = col_int(s, 3);
		f->sign_den = col_int(s, 4);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	return rc;
}

int
store_project_update(struct store *st, const struct project_ref *project,
		     const struct project_fields *f)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_UPDATE);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	bind_text(s, 2, f->name);
	bind_text(s, 3, f->description);
	bind_text(s, 4, f->funding_source);
	bind_id_or_null(s, 5, f->sign_num);
	bind_id_or_null(s, 6, f->sign_num ? f->sign_den : 0);
	return store_exec_stmt(st, s);
}

int
store_project_stages_init(struct store *st, const struct project_ref *project)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_STAGES_INIT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	return store_exec_stmt(st, s);
}

int
store_project_stages(struct store *st, const struct project_ref *project, struct arena *ar,
		     struct project_stage_row rows[PROJECT_STAGES])
{
	struct stmt *s = store_stmt(st, Q_PROJECT_STAGE_ROWS);
	int rc, n = 0;

	if (s == NULL)
		return SB_INTERNAL;
	memset(rows, 0, sizeof(*rows) * PROJECT_STAGES);
	bind_int(s, 1, project->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		int seq = col_int(s, 0);
		struct project_stage_row *r;

		if (seq < 1 || seq > PROJECT_STAGES)
			continue;
		r = &rows[seq - 1];
		r->d.planned_start = col_text(s, 1, ar);
		r->d.planned_end = col_text(s, 2, ar);
		r->d.actual_start = col_text(s, 3, ar);
		r->d.actual_end = col_text(s, 4, ar);
		r->owner_id = col_int64(s, 5);
		r->note = col_text(s, 6, ar);
		n++;
	}
	rc = rc == STMT_DONE ? (n == PROJECT_STAGES ? SB_OK : SB_INTERNAL) : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

int
store_project_stage_put(struct store *st, const struct project_ref *project, int seq,
			const struct project_stage_row *row, int64_t now)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_STAGE_PUT);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	bind_int(s, 2, seq);
	bind_text(s, 3, row->d.planned_start);
	bind_text(s, 4, row->d.planned_end);
	bind_text(s, 5, row->d.actual_start);
	bind_text(s, 6, row->d.actual_end);
	bind_id_or_null(s, 7, row->owner_id);
	bind_text(s, 8, row->note);
	bind_int(s, 9, now);
	return store_exec_stmt(st, s);
}

int
store_project_buildings_set(struct store *st, const struct project_ref *project, const int64_t *ids,
			    size_t n)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_BUILDINGS_CLEAR);
	size_t i;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	rc = store_exec_stmt(st, s);
	for (i = 0; rc == SB_OK && i < n; i++) {
		s = store_stmt(st, Q_PROJECT_BUILDING_ADD);
		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, project->id);
		bind_int(s, 2, ids[i]);
		bind_text(s, 3, project->committee);
		rc = store_exec_stmt(st, s);
	}
	return rc;
}

int
store_project_may_sign(struct store *st, const struct project_ref *project, int64_t household,
		       bool *ok)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_SIGN_HOUSEHOLD);
	int64_t n = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	bind_int(s, 2, household);
	rc = store_scalar(st, s, &n);
	*ok = n > 0;
	return rc;
}

int
store_project_sign(struct store *st, const struct project_ref *project, int64_t household,
		   bool sign, int64_t by, int64_t now, bool *changed)
{
	struct stmt *s = store_stmt(st, sign ? Q_PROJECT_SIGN_ADD : Q_PROJECT_SIGN_DEL);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	bind_int(s, 2, household);
	if (sign) {
		bind_int(s, 3, by);
		bind_int(s, 4, now);
	}
	rc = store_exec_stmt(st, s);
	*changed = rc == SB_OK && store_changes(st) > 0;
	return rc;
}

int
store_project_survey_link(struct store *st, const struct project_ref *project, int64_t survey,
			  int64_t now)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_SURVEY_LINK);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	bind_int(s, 2, survey);
	bind_int(s, 3, now);
	bind_text(s, 4, project->committee);
	return store_exec_stmt(st, s);
}

int
store_project_signing(struct store *st, const struct project_ref *project, struct arena *ar,
		      struct project_signing *out)
{
	struct project_fields f;
	struct stmt *s;
	size_t cap = 0, k = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_project_fields(st, project, ar, &f);
	if (rc != SB_OK)
		return rc;
	out->sign_num = f.sign_num;
	out->sign_den = f.sign_num ? f.sign_den : 0;
	s = store_stmt(st, Q_PROJECT_SIGNING_BUILDINGS);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct project_signing_building *b =
			arena_push(ar, &out->buildings, &out->n, &cap, sizeof(*out->buildings));

		memset(b, 0, sizeof(*b));
		b->building_id = col_int64(s, 0);
		b->compound = col_text(s, 1, ar);
		b->label = col_text(s, 2, ar);
		b->households = col_int64(s, 3);
		b->signed_households = col_int64(s, 4);
	}
	rc = store_finish(st, s, rc);
	if (rc != SB_OK)
		return rc;
	/* the households come by building id: each goes to its building */
	s = store_stmt(st, Q_PROJECT_SIGNING_HOUSEHOLDS);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		int64_t building = col_int64(s, 0);
		struct project_signing_building *b = NULL;
		struct project_signer *h;

		for (k = 0; k < out->n && out->buildings[k].building_id != building; k++)
			;
		if (k == out->n)
			continue;
		b = &out->buildings[k];
		if (b->items == NULL)
			b->items = arena_alloc(ar, (size_t)(b->households + 1) * sizeof(*b->items));
		if (b->n >= (size_t)b->households)
			continue; /* counted before: a household added meanwhile is not shown */
		h = &b->items[b->n++];
		memset(h, 0, sizeof(*h));
		h->household_id = col_int64(s, 1);
		h->room = col_text(s, 2, ar);
		h->has_floor = col_type(s, 3) != STMT_NULL;
		h->floor = col_int64(s, 3);
		h->is_signed = col_int(s, 4) != 0;
		h->signed_at = col_int64(s, 5);
		h->signed_by = col_int64(s, 6);
		h->signer = col_text(s, 7, ar);
	}
	return store_finish(st, s, rc);
}

/* A project's row as PROJECT_COLUMNS gives it. */
static void
project_of_row(struct stmt *s, struct arena *ar, struct project *p)
{
	memset(p, 0, sizeof(*p));
	p->id = col_int64(s, 0);
	p->committee_code = col_text(s, 1, ar);
	p->name = col_text(s, 2, ar);
	p->description = col_text(s, 3, ar);
	p->funding_source = col_text(s, 4, ar);
	p->sign_num = col_int(s, 5);
	p->sign_den = p->sign_num ? col_int(s, 6) : 0;
	p->created_at = col_int64(s, 7);
	p->meetings = col_int64(s, 8);
	p->stage = col_text(s, 9, ar);
}

/* The ids a query of the project gives. */
static int
project_ids(struct store *st, enum query q, int64_t project, struct arena *ar, int64_t **ids,
	    size_t *n)
{
	struct stmt *s = store_stmt(st, q);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project);
	return store_ids(st, s, ar, ids, n);
}

/* What a project shows beyond its row: linked ids and stages. */
static int
project_parts(struct store *st, struct project *p, struct arena *ar)
{
	struct stmt *s;
	size_t cap = 0;
	int rc;

	rc = project_ids(st, Q_PROJECT_ISSUE_IDS, p->id, ar, &p->issue_ids, &p->nissues);
	if (rc == SB_OK)
		rc = project_ids(st, Q_PROJECT_SURVEY_IDS, p->id, ar, &p->survey_ids, &p->nsurveys);
	if (rc == SB_OK)
		rc = project_ids(st, Q_PROJECT_BUILDING_IDS, p->id, ar, &p->building_ids,
				 &p->nbuildings);
	if (rc != SB_OK)
		return rc;
	s = store_stmt(st, Q_PROJECT_STAGES_SHOWN);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, p->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct project_stage *g = arena_push(ar, &p->stages, &p->nstages, &cap, sizeof(*g));

		g->stage = col_text(s, 0, ar);
		g->d.planned_start = col_text(s, 1, ar);
		g->d.planned_end = col_text(s, 2, ar);
		g->d.actual_start = col_text(s, 3, ar);
		g->d.actual_end = col_text(s, 4, ar);
		g->owner_id = col_int64(s, 5);
		g->owner_name = col_text(s, 6, ar);
		g->note = col_text(s, 7, ar);
	}
	return store_finish(st, s, rc);
}

int
store_project_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  struct project *out)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_GET);
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, id);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		project_of_row(s, ar, out);
		rc = SB_OK;
	} else {
		rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	stmt_reset(s);
	if (rc == SB_OK)
		rc = project_parts(st, out, ar);
	return rc;
}

int
store_project_list(struct store *st, const struct scope *sc, const char *committee,
		   int64_t before_id, int limit, struct arena *ar, struct project_list *out)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_LIST);
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
		project_of_row(s, ar,
			       arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	rc = store_finish(st, s, rc);
	/* the parts of each, after the list's statement is done */
	for (i = 0; rc == SB_OK && i < out->n; i++)
		rc = project_parts(st, &out->items[i], ar);
	return rc;
}

int
store_project_timeline(struct store *st, const struct project_ref *project, struct arena *ar,
		       struct project_event **events, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_PROJECT_TIMELINE);
	size_t cap = 0;
	int rc;

	*events = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, project->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct project_event *e = arena_push(ar, events, n, &cap, sizeof(**events));

		e->at = col_int64(s, 0);
		e->kind = col_text(s, 1, ar);
		e->meeting_id = col_int64(s, 2);
		e->decision_id = col_int64(s, 3);
		e->motion_id = col_int64(s, 4);
		e->issue_id = col_int64(s, 5);
		e->survey_id = col_int64(s, 6);
		e->attachment_id = col_int64(s, 7);
		e->title = col_text(s, 8, ar);
		e->place = col_text(s, 9, ar);
		e->receipt_no = col_text(s, 10, ar);
		e->status = col_text(s, 11, ar);
		e->motion_kind = col_text(s, 12, ar);
		e->stage = col_text(s, 13, ar);
	}
	return store_finish(st, s, rc);
}
