#include <stdarg.h>
#include <string.h>

#include "store/consult.h"
#include "store/store_int.h"

/* Consultation and networks: surveys, projects, meetings, the party tree,
 * liaison, volunteers, teams and activities (queries_consult.def). */

/* Binds the arguments after fmt to s: 'i' an int64_t, 'n' an int64_t id (0
 * binds NULL), 'c' an int (-1 binds NULL), 's' a string (NULL binds NULL). */
static void
vbind(struct stmt *s, const char *fmt, va_list ap)
{
	int i, c;

	for (i = 1; fmt[i - 1]; i++) {
		switch (fmt[i - 1]) {
		case 'i': bind_int(s, i, va_arg(ap, int64_t)); break;
		case 'n': bind_id_or_null(s, i, va_arg(ap, int64_t)); break;
		case 'c':
			c = va_arg(ap, int);
			if (c < 0)
				bind_null(s, i);
			else
				bind_int(s, i, c);
			break;
		default: bind_text(s, i, va_arg(ap, const char *)); break;
		}
	}
}

/* Runs q with the bindings; *id (when not NULL) gets the new row's id;
 * *changes (when not NULL) the rows changed. */
static int
q_exec(struct store *st, enum query q, int64_t *id, int *changes, const char *fmt, ...)
{
	struct stmt *s = store_stmt(st, q);
	va_list ap;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	rc = store_exec_insert(st, s, id);
	if (changes)
		*changes = store_changes(st);
	return rc;
}

/* Steps q for one row, binding as above; the caller reads it and resets. */
static int
q_row(struct store *st, enum query q, struct stmt **out, const char *fmt, ...)
{
	struct stmt *s = store_stmt(st, q);
	va_list ap;
	int rc;

	*out = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		*out = s;
		return SB_OK;
	}
	rc = rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
	stmt_reset(s);
	return rc;
}

static int
q_count(struct store *st, enum query q, int64_t *n, const char *fmt, ...)
{
	struct stmt *s = store_stmt(st, q);
	va_list ap;

	if (s == NULL)
		return SB_INTERNAL;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	return store_scalar(st, s, n);
}

/* The committee code (first column) of a scoped brief query. */
static int
committee_of(struct store *st, enum query q, const struct scope *sc, int64_t id, struct arena *ar,
	     const char **committee)
{
	struct stmt *s;
	int rc = q_row(st, q, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	*committee = col_text(s, 0, ar);
	stmt_reset(s);
	return SB_OK;
}

int
store_consult_resident(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       struct consult_resident *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_CONSULT_RESIDENT_BRIEF, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	out->committee_code = col_text(s, 0, ar);
	out->party_member = col_int(s, 1) != 0;
	out->status = col_text(s, 2, ar);
	out->household_id = col_int64(s, 3);
	out->name = col_text(s, 4, ar);
	stmt_reset(s);
	return SB_OK;
}

int
store_consult_household(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			struct consult_household *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_CONSULT_HOUSEHOLD_BRIEF, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	out->committee_code = col_text(s, 0, ar);
	out->building_id = col_int64(s, 1);
	out->status = col_text(s, 2, ar);
	stmt_reset(s);
	return SB_OK;
}

int
store_consult_issue(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		    const char **committee)
{
	return committee_of(st, Q_CONSULT_ISSUE_BRIEF, sc, id, ar, committee);
}

/* ---- surveys ---- */

int
store_survey_insert(struct store *st, const char *committee, const char *title,
		    const char *description, const char *questions, const char *filter,
		    const char *closes_on, int64_t user_id, int64_t now, struct survey_ref *out)
{
	out->committee = committee;
	return q_exec(st, Q_SURVEY_INSERT, &out->id, NULL, "ssssssni", committee, title,
		      description, questions, filter, closes_on, user_id, now);
}

int
store_survey_audience_add(struct store *st, const struct survey_ref *survey,
			  const int64_t *households, size_t n)
{
	size_t i;
	int rc = SB_OK;

	for (i = 0; rc == SB_OK && i < n; i++)
		rc = q_exec(st, Q_SURVEY_AUDIENCE_ADD, NULL, NULL, "ii", survey->id, households[i]);
	return rc;
}

/* The survey row in s (a row of SURVEY_ROW or SURVEY_ROW_OF_LINK: its
 * columns, then its id), reset after. */
static void
read_survey_row(struct stmt *s, struct arena *ar, struct survey_row *out)
{
	out->committee_code = col_text(s, 0, ar);
	out->questions = col_text(s, 1, ar);
	out->status = col_text(s, 2, ar);
	out->title = col_text(s, 3, ar);
	out->description = col_text(s, 4, ar);
	out->closes_on = col_text(s, 5, ar);
	out->ref.id = col_int64(s, 6);
	out->ref.committee = out->committee_code;
	stmt_reset(s);
}

int
store_survey_row(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct survey_row *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_SURVEY_ROW, &s, "ii", sc->user_id, id);

	if (rc == SB_OK)
		read_survey_row(s, ar, out);
	return rc;
}

int
store_survey_row_of_link(struct store *st, const char *hash, struct arena *ar,
			 struct survey_row *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_SURVEY_ROW_OF_LINK, &s, "s", hash);

	if (rc == SB_OK)
		read_survey_row(s, ar, out);
	return rc;
}

static void
read_survey(struct stmt *s, struct arena *ar, struct survey *out)
{
	out->id = col_int64(s, 0);
	out->committee_code = col_text(s, 1, ar);
	out->title = col_text(s, 2, ar);
	out->description = col_text(s, 3, ar);
	out->status = col_text(s, 4, ar);
	out->closes_on = col_text(s, 5, ar);
	out->questions = col_text(s, 6, ar);
	out->audience_filter = col_text(s, 7, ar);
	out->audience = col_int64(s, 8);
	out->responses = col_int64(s, 9);
	out->created_at = col_int64(s, 10);
}

int
store_survey_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct survey *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_SURVEY_GET, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	read_survey(s, ar, out);
	stmt_reset(s);
	return SB_OK;
}

int
store_survey_list(struct store *st, const struct scope *sc, const char *committee,
		  const char *status, int64_t before_id, int limit, struct arena *ar,
		  struct survey_list *out)
{
	struct stmt *s = store_stmt(st, Q_SURVEY_LIST);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, limit);
	bind_int(s, 3, before_id);
	bind_text(s, 4, committee);
	bind_text(s, 5, status);
	while ((rc = stmt_step(s)) == STMT_ROW)
		read_survey(s, ar, arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_survey_set_status(struct store *st, const struct survey_ref *survey, const char *status,
			const char *closes_on)
{
	return q_exec(st, Q_SURVEY_SET_STATUS, NULL, NULL, "iss", survey->id, status, closes_on);
}

int
store_survey_in_audience(struct store *st, const struct survey_ref *survey, int64_t household,
			 bool *in)
{
	int64_t n = 0;
	int rc = q_count(st, Q_SURVEY_IN_AUDIENCE, &n, "ii", survey->id, household);

	*in = n > 0;
	return rc;
}

int
store_survey_response_insert(struct store *st, const struct survey_ref *survey, int64_t household,
			     const char *channel, int64_t worker_id, const char *answers,
			     int64_t now)
{
	return q_exec(st, Q_SURVEY_RESPONSE_INSERT, NULL, NULL, "iisnsi", survey->id, household,
		      channel, worker_id, answers, now);
}

int
store_survey_responses(struct store *st, const struct survey_ref *survey, struct arena *ar,
		       struct survey_response_list *out)
{
	struct stmt *s = store_stmt(st, Q_SURVEY_RESPONSES);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, survey->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct survey_response *r =
			arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items));

		r->household_id = col_int64(s, 0);
		r->compound_id = col_int64(s, 1);
		r->compound_name = col_text(s, 2, ar);
		r->building_label = col_text(s, 3, ar);
		r->room = col_text(s, 4, ar);
		r->channel = col_text(s, 5, ar);
		r->answers = col_text(s, 6, ar);
		r->answered_at = col_int64(s, 7);
		r->worker = col_text(s, 8, ar);
	}
	return store_finish(st, s, rc);
}

int
store_survey_audience_by_compound(struct store *st, const struct survey_ref *survey,
				  struct arena *ar, struct survey_compound **out, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_SURVEY_AUDIENCE_BY_COMPOUND);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, survey->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct survey_compound *c = arena_push(ar, out, n, &cap, sizeof(**out));

		c->compound_id = col_int64(s, 0);
		c->name = col_text(s, 1, ar);
		c->audience = col_int64(s, 2);
	}
	return store_finish(st, s, rc);
}

int
store_survey_unanswered(struct store *st, const struct survey_ref *survey, struct arena *ar,
			int64_t **ids, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_SURVEY_UNANSWERED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, survey->id);
	return store_ids(st, s, ar, ids, n);
}

int
store_survey_link_insert(struct store *st, const char *hash, const struct survey_ref *survey,
			 int64_t household, int64_t now, int64_t expires_at)
{
	return q_exec(st, Q_SURVEY_LINK_INSERT, NULL, NULL, "siiii", hash, survey->id, household,
		      now, expires_at);
}

int
store_survey_link_get(struct store *st, const char *hash, struct survey_link *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_SURVEY_LINK_GET, &s, "s", hash);

	if (rc != SB_OK)
		return rc;
	out->survey_id = col_int64(s, 0);
	out->household_id = col_int64(s, 1);
	out->expires_at = col_int64(s, 2);
	out->used_at = col_int64(s, 3);
	stmt_reset(s);
	return SB_OK;
}

int
store_survey_link_use(struct store *st, const char *hash, int64_t now)
{
	int changes = 0;
	int rc = q_exec(st, Q_SURVEY_LINK_USE, NULL, &changes, "si", hash, now);

	if (rc == SB_OK && changes != 1)
		rc = SB_CONFLICT;
	return rc;
}

/* ---- projects ---- */

/* A scoped reference from an insert's new row: its committee copied into
 * the arena; NOT_FOUND when the scope let nothing in. */
static int
ref_of_insert(int rc, int changes, int64_t id, const char *committee, struct arena *ar,
	      int64_t *ref_id, const char **ref_committee)
{
	*ref_id = 0;
	*ref_committee = NULL;
	if (rc != SB_OK)
		return rc;
	if (changes == 0)
		return SB_NOT_FOUND;
	*ref_id = id;
	*ref_committee = arena_strdup(ar, committee);
	return SB_OK;
}

int
store_project_insert(struct store *st, const struct scope *sc, const char *committee,
		     const char *name, const char *description, int64_t now, struct arena *ar,
		     struct project_ref *out)
{
	int64_t id = 0;
	int changes = 0;
	int rc = q_exec(st, Q_PROJECT_INSERT, &id, &changes, "isssi", sc->user_id, committee, name,
			description, now);

	return ref_of_insert(rc, changes, id, committee, ar, &out->id, &out->committee);
}

int
store_project_committee(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			const char **committee)
{
	return committee_of(st, Q_PROJECT_ROW, sc, id, ar, committee);
}

int
store_project_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct project_ref *out)
{
	int rc;

	out->committee = NULL;
	rc = committee_of(st, Q_PROJECT_ROW, sc, id, ar, &out->committee);
	out->id = rc == SB_OK ? id : 0;
	return rc;
}

int
store_project_issue_link(struct store *st, const struct project_ref *project, int64_t issue,
			 int64_t now)
{
	return q_exec(st, Q_PROJECT_ISSUE_LINK, NULL, NULL, "iiis", project->id, issue, now,
		      project->committee);
}

/* ---- meetings ---- */

int
store_meeting_insert(struct store *st, const struct scope *sc, const struct meeting_row *m,
		     int64_t user_id, int64_t now, struct arena *ar, struct meeting_ref *out)
{
	int64_t id = 0;
	int changes = 0;
	int rc = q_exec(st, Q_MEETING_INSERT, &id, &changes, "isnsiscccsni", sc->user_id,
			m->committee_code, m->project_id, m->topic, m->held_at, m->place,
			m->quorum_min, m->quorum_pct, m->pass_pct, m->invite_filter, user_id, now);

	return ref_of_insert(rc, changes, id, m->committee_code, ar, &out->id, &out->committee);
}

int
store_meeting_participant_add(struct store *st, const struct meeting_ref *meeting,
			      int64_t resident_id, const char *name, const char *role)
{
	return q_exec(st, Q_MEETING_PARTICIPANT_ADD, NULL, NULL, "insss", meeting->id, resident_id,
		      name, role, meeting->committee);
}

int
store_meeting_row(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  struct meeting_row *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_MEETING_ROW, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	memset(out, 0, sizeof(*out));
	out->committee_code = col_text(s, 0, ar);
	out->quorum_min = col_int(s, 1);
	out->quorum_pct = col_int(s, 2);
	out->pass_pct = col_int(s, 3);
	stmt_reset(s);
	return SB_OK;
}

int
store_meeting_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct meeting_ref *out)
{
	int rc;

	out->committee = NULL;
	rc = committee_of(st, Q_MEETING_ROW, sc, id, ar, &out->committee);
	out->id = rc == SB_OK ? id : 0;
	return rc;
}

/* A meeting's row as MEETING_COLUMNS gives it. */
static void
meeting_of_row(struct stmt *s, struct arena *ar, struct meeting *m)
{
	memset(m, 0, sizeof(*m));
	m->id = col_int64(s, 0);
	m->committee_code = col_text(s, 1, ar);
	m->project_id = col_int64(s, 2);
	m->topic = col_text(s, 3, ar);
	m->held_at = col_int64(s, 4);
	m->place = col_text(s, 5, ar);
	m->quorum_min = col_int(s, 6);
	m->quorum_pct = col_int(s, 7);
	m->pass_pct = col_int(s, 8);
	m->invite_filter = col_text(s, 9, ar);
	m->minutes = col_text(s, 10, ar);
	m->invited = col_int64(s, 11);
	m->present = col_int64(s, 12);
	m->created_at = col_int64(s, 13);
}

/* Steps q (bound to the meeting) and hands each row to add. */
static int
meeting_rows(struct store *st, enum query q, int64_t meeting,
	     void (*add)(struct stmt *s, struct meeting *m, struct arena *ar, size_t *cap),
	     struct meeting *m, struct arena *ar)
{
	struct stmt *s = store_stmt(st, q);
	size_t cap = 0;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, meeting);
	while ((rc = stmt_step(s)) == STMT_ROW)
		add(s, m, ar, &cap);
	return store_finish(st, s, rc);
}

static void
add_participant(struct stmt *s, struct meeting *m, struct arena *ar, size_t *cap)
{
	struct meeting_participant *p =
		arena_push(ar, &m->participants, &m->nparticipants, cap, sizeof(*p));

	p->id = col_int64(s, 0);
	p->resident_id = col_int64(s, 1);
	p->name = col_text(s, 2, ar);
	p->role = col_text(s, 3, ar);
	p->present = col_int(s, 4) != 0;
}

static void
add_decision(struct stmt *s, struct meeting *m, struct arena *ar, size_t *cap)
{
	struct meeting_decision *d = arena_push(ar, &m->decisions, &m->ndecisions, cap, sizeof(*d));

	d->id = col_int64(s, 0);
	d->text = col_text(s, 1, ar);
	d->decided_at = col_int64(s, 2);
}

static void
add_motion(struct stmt *s, struct meeting *m, struct arena *ar, size_t *cap)
{
	struct meeting_motion *v = arena_push(ar, &m->motions, &m->nmotions, cap, sizeof(*v));
	int k;

	memset(v, 0, sizeof(*v));
	v->id = col_int64(s, 0);
	v->text = col_text(s, 1, ar);
	v->kind = col_text(s, 2, ar);
	v->created_at = col_int64(s, 3);
	v->votes_for = col_int(s, 4);
	v->against = col_int(s, 5);
	v->abstain = col_int(s, 6);
	for (k = 0; k < 5; k++)
		v->scores[k] = col_int(s, 7 + k);
}

int
store_meeting_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  struct meeting *out)
{
	struct stmt *s;
	size_t k;
	int rc = q_row(st, Q_MEETING_GET, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	meeting_of_row(s, ar, out);
	stmt_reset(s);
	rc = meeting_rows(st, Q_MEETING_PARTICIPANTS, id, add_participant, out, ar);
	if (rc == SB_OK)
		rc = meeting_rows(st, Q_MEETING_DECISIONS, id, add_decision, out, ar);
	if (rc == SB_OK)
		rc = meeting_rows(st, Q_MEETING_MOTIONS, id, add_motion, out, ar);
	/* who voted, motion by motion (a meeting has a handful of motions) */
	for (k = 0; rc == SB_OK && k < out->nmotions; k++) {
		s = store_stmt(st, Q_MEETING_MOTION_VOTERS);
		if (s == NULL)
			return SB_INTERNAL;
		bind_int(s, 1, out->motions[k].id);
		rc = store_ids(st, s, ar, &out->motions[k].voted, &out->motions[k].nvoted);
	}
	return rc;
}

int
store_meeting_list(struct store *st, const struct scope *sc, const char *committee, int64_t project,
		   int64_t before_id, int limit, struct arena *ar, struct meeting_list *out)
{
	struct stmt *s = store_stmt(st, Q_MEETING_LIST);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, limit);
	bind_int(s, 3, before_id);
	bind_text(s, 4, committee);
	bind_int(s, 5, project);
	while ((rc = stmt_step(s)) == STMT_ROW)
		meeting_of_row(s, ar,
			       arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items)));
	return store_finish(st, s, rc);
}

int
store_meeting_update(struct store *st, const struct meeting_ref *meeting, const char *topic,
		     int64_t held_at, const char *place, const char *minutes, int64_t project_id,
		     int quorum_min, int quorum_pct, int pass_pct)
{
	return q_exec(st, Q_MEETING_UPDATE, NULL, NULL, "isnssnccc", meeting->id, topic, held_at,
		      place, minutes, project_id, quorum_min, quorum_pct, pass_pct);
}

int
store_meeting_present_clear(struct store *st, const struct meeting_ref *meeting)
{
	return q_exec(st, Q_MEETING_PRESENT_CLEAR, NULL, NULL, "i", meeting->id);
}

int
store_meeting_present_set(struct store *st, const struct meeting_ref *meeting, int64_t participant,
			  bool present)
{
	int changes = 0;
	int rc = q_exec(st, Q_MEETING_PRESENT_SET, NULL, &changes, "iii", meeting->id, participant,
			(int64_t)present);

	if (rc == SB_OK && changes == 0)
		rc = SB_NOT_FOUND;
	return rc;
}

int
store_meeting_decision_insert(struct store *st, const struct meeting_ref *meeting, const char *text,
			      int64_t now, int64_t *id)
{
	return q_exec(st, Q_MEETING_DECISION_INSERT, id, NULL, "isi", meeting->id, text, now);
}

int
store_meeting_motion_insert(struct store *st, const struct meeting_ref *meeting, const char *text,
			    const char *kind, int64_t now, int64_t *id)
{
	return q_exec(st, Q_MEETING_MOTION_INSERT, id, NULL, "issi", meeting->id, text, kind, now);
}

int
store_meeting_motion_kind(struct store *st, const struct meeting_ref *meeting, int64_t motion,
			  struct arena *ar, const char **kind)
{
	struct stmt *s;
	int rc = q_row(st, Q_MEETING_MOTION_KIND, &s, "ii", meeting->id, motion);

	if (rc != SB_OK)
		return rc;
	*kind = col_text(s, 0, ar);
	stmt_reset(s);
	return SB_OK;
}

int
store_meeting_participant_of(struct store *st, const struct meeting_ref *meeting,
			     int64_t participant, bool *is)
{
	int64_t n = 0;
	int rc = q_count(st, Q_MEETING_PARTICIPANT_OF, &n, "ii", meeting->id, participant);

	*is = n > 0;
	return rc;
}

int
store_meeting_vote_insert(struct store *st, const struct meeting_ref *meeting, int64_t motion,
			  int64_t participant, const char *choice, int score, int64_t now)
{
	int changes = 0;
	int rc = q_exec(st, Q_MEETING_VOTE_INSERT, NULL, &changes, "iiisci", meeting->id, motion,
			participant, choice, score, now);

	if (rc == SB_OK && changes == 0)
		rc = SB_NOT_FOUND;
	return rc;
}

/* ---- the party tree ---- */

/* The buildings of a committee with their members, through q (scoped, with
 * user_id, or its _UNSCOPED twin). */
static int
read_party_buildings(struct store *st, enum query q, int64_t user_id, const char *committee,
		     struct arena *ar, struct party_building_row **out, size_t *n)
{
	struct stmt *s = store_stmt(st, q);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	if (q == Q_PARTY_BUILDINGS)
		bind_int(s, 2, user_id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct party_building_row *b = arena_push(ar, out, n, &cap, sizeof(**out));

		b->id = col_int64(s, 0);
		b->compound_id = col_int64(s, 1);
		b->label = col_text(s, 2, ar);
		b->compound_name = col_text(s, 3, ar);
		b->members = col_int(s, 4);
	}
	return store_finish(st, s, rc);
}

int
store_party_buildings(struct store *st, const struct scope *sc, const char *committee,
		      struct arena *ar, struct party_building_row **out, size_t *n)
{
	return read_party_buildings(st, Q_PARTY_BUILDINGS, sc->user_id, committee, ar, out, n);
}

int
store_party_buildings_unscoped(struct store *st, const char *committee, struct arena *ar,
			       struct party_building_row **out, size_t *n)
{
	return read_party_buildings(st, Q_PARTY_BUILDINGS_UNSCOPED, 0, committee, ar, out, n);
}

static int
read_party_members(struct store *st, enum query q, int64_t user_id, const char *committee,
		   struct arena *ar, struct party_member_row **out, size_t *n)
{
	struct stmt *s = store_stmt(st, q);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	if (q == Q_PARTY_BUILDING_MEMBERS)
		bind_int(s, 2, user_id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct party_member_row *m = arena_push(ar, out, n, &cap, sizeof(**out));

		m->building_id = col_int64(s, 0);
		m->resident_id = col_int64(s, 1);
		m->name = col_text(s, 2, ar);
	}
	return store_finish(st, s, rc);
}

int
store_party_building_members(struct store *st, const struct scope *sc, const char *committee,
			     struct arena *ar, struct party_member_row **out, size_t *n)
{
	return read_party_members(st, Q_PARTY_BUILDING_MEMBERS, sc->user_id, committee, ar, out, n);
}

int
store_party_building_members_unscoped(struct store *st, const char *committee, struct arena *ar,
				      struct party_member_row **out, size_t *n)
{
	return read_party_members(st, Q_PARTY_BUILDING_MEMBERS_UNSCOPED, 0, committee, ar, out, n);
}

int
store_party_tree_delete(struct store *st, const struct scope *sc, const char *committee)
{
	int rc = q_exec(st, Q_PARTY_TREE_DELETE_MEMBERS, NULL, NULL, "si", committee, sc->user_id);

	if (rc == SB_OK)
		rc = q_exec(st, Q_PARTY_TREE_DELETE_BUILDINGS, NULL, NULL, "si", committee,
			    sc->user_id);
	if (rc == SB_OK)
		rc = q_exec(st, Q_PARTY_TREE_DELETE, NULL, NULL, "si", committee, sc->user_id);
	return rc;
}

int
store_party_org_insert(struct store *st, const struct scope *sc, const struct party_org_row *o,
		       struct party_org_ref *out)
{
	int changes = 0;
	int rc = q_exec(st, Q_PARTY_ORG_INSERT, &out->id, &changes, "sssnnnnii", o->committee_code,
			o->kind, o->name, o->parent_id, o->compound_id, o->leader_id, o->liaison_id,
			(int64_t)o->position, sc->user_id);

	out->committee = o->committee_code;
	if (rc == SB_OK && changes != 1)
		rc = SB_NOT_FOUND;
	return rc;
}

int
store_party_org_building_add(struct store *st, const struct party_org_ref *org, int64_t building)
{
	return q_exec(st, Q_PARTY_ORG_BUILDING_ADD, NULL, NULL, "ii", org->id, building);
}

int
store_party_org_member_add(struct store *st, const struct party_org_ref *org, int64_t resident)
{
	return q_exec(st, Q_PARTY_ORG_MEMBER_ADD, NULL, NULL, "ii", org->id, resident);
}

/* Steps s, a statement bound by the caller, to its end. */
static int
step_done(struct store *st, struct stmt *s, int rc)
{
	return store_finish(st, s, rc);
}

/* The statement q with the caller's user (?1) and a committee (?2) bound. */
static struct stmt *
committee_stmt(struct store *st, enum query q, const struct scope *sc, const char *committee)
{
	struct stmt *s = store_stmt(st, q);

	if (s) {
		bind_int(s, 1, sc->user_id);
		bind_text(s, 2, committee);
	}
	return s;
}

/* The index of the organisation id among orgs (a committee's tree, a few
 * hundred at most); n when none. */
static size_t
org_index(const struct party_org *orgs, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n && orgs[i].id != id; i++)
		;
	return i;
}

int
store_party_tree(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
		 struct party_org **out, size_t *n)
{
	struct stmt *s = committee_stmt(st, Q_PARTY_ORGS, sc, committee);
	size_t cap = 0, *caps, i;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct party_org *o = arena_push(ar, out, n, &cap, sizeof(**out));

		memset(o, 0, sizeof(*o));
		o->id = col_int64(s, 0);
		o->kind = col_text(s, 1, ar);
		o->name = col_text(s, 2, ar);
		o->parent_id = col_int64(s, 3);
		o->compound_id = col_int64(s, 4);
		o->leader.id = col_int64(s, 5);
		o->leader.name = col_text(s, 6, ar);
		o->liaison.id = col_int64(s, 7);
		o->liaison.name = col_text(s, 8, ar);
	}
	rc = step_done(st, s, rc);
	if (rc != SB_OK || *n == 0)
		return rc;
	/* The buildings, then the members, of every organisation: two
	 * statements for the tree, not two per organisation. */
	caps = arena_alloc(ar, *n * sizeof(*caps));
	s = committee_stmt(st, Q_PARTY_ORG_BUILDINGS, sc, committee);
	if (s == NULL)
		return SB_INTERNAL;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct party_org *o;

		i = org_index(*out, *n, col_int64(s, 0));
		if (i == *n)
			continue;
		o = &(*out)[i];
		*(int64_t *)arena_push(ar, &o->building_ids, &o->nbuildings, &caps[i],
				       sizeof(int64_t)) = col_int64(s, 1);
	}
	rc = step_done(st, s, rc);
	if (rc != SB_OK)
		return rc;
	memset(caps, 0, *n * sizeof(*caps));
	s = committee_stmt(st, Q_PARTY_ORG_MEMBERS, sc, committee);
	if (s == NULL)
		return SB_INTERNAL;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct party_person *m;
		struct party_org *o;

		i = org_index(*out, *n, col_int64(s, 0));
		if (i == *n)
			continue;
		o = &(*out)[i];
		m = arena_push(ar, &o->members, &o->nmembers, &caps[i], sizeof(*m));
		m->id = col_int64(s, 1);
		m->name = col_text(s, 2, ar);
	}
	return step_done(st, s, rc);
}

int
store_party_members(struct store *st, const struct scope *sc, const char *committee,
		    int64_t building_id, struct arena *ar, struct party_building_members **out,
		    size_t *n)
{
	struct stmt *s = committee_stmt(st, Q_PARTY_MEMBER_BUILDINGS, sc, committee);
	size_t cap = 0, *caps, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 3, building_id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct party_building_members *b = arena_push(ar, out, n, &cap, sizeof(**out));

		memset(b, 0, sizeof(*b));
		b->building_id = col_int64(s, 0);
		b->label = col_text(s, 1, ar);
		b->compound_id = col_int64(s, 2);
		b->compound_name = col_text(s, 3, ar);
	}
	rc = step_done(st, s, rc);
	if (rc != SB_OK || *n == 0)
		return rc;
	/* The members come by building: each finds its building from the last
	 * one's, in one pass over both lists. */
	caps = arena_alloc(ar, *n * sizeof(*caps));
	s = committee_stmt(st, Q_PARTY_MEMBERS_SEEN, sc, committee);
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 3, building_id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		int64_t building = col_int64(s, 0);
		struct party_building_members *b;
		struct party_member_seen *m;
		size_t seen;

		for (seen = 0; seen < *n && (*out)[k].building_id != building; seen++)
			k = (k + 1) % *n;
		if (seen == *n)
			continue;
		b = &(*out)[k];
		m = arena_push(ar, &b->members, &b->nmembers, &caps[k], sizeof(*m));
		m->id = col_int64(s, 1);
		m->name = col_text(s, 2, ar);
		m->room = col_text(s, 3, ar);
		m->group = col_text(s, 4, ar);
	}
	return step_done(st, s, rc);
}

int
store_liaison_set(struct store *st, const struct scope *sc, int64_t household, int64_t resident,
		  const char *committee, int64_t now)
{
	int changes = 0;
	int rc;

	if (resident == 0)
		return q_exec(st, Q_LIAISON_CLEAR, NULL, NULL, "ii", household, sc->user_id);
	rc = q_exec(st, Q_LIAISON_SET, NULL, &changes, "iisii", household, resident, committee, now,
		    sc->user_id);
	if (rc == SB_OK && changes != 1)
		rc = SB_NOT_FOUND;
	return rc;
}

int
store_liaison_coverage(struct store *st, const struct scope *sc, const char *committee,
		       struct arena *ar, struct liaison_coverage *out)
{
	struct stmt *s = committee_stmt(st, Q_LIAISON_TOTALS, sc, committee);
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return SB_INTERNAL;
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		out->households = col_int64(s, 0);
		out->linked = col_int64(s, 1);
		rc = STMT_DONE;
	} else if (rc == STMT_DONE) {
		stmt_reset(s);
		return SB_NOT_FOUND;
	}
	rc = step_done(st, s, rc);
	if (rc != SB_OK)
		return rc;
	s = committee_stmt(st, Q_LIAISON_BY_BUILDING, sc, committee);
	if (s == NULL)
		return SB_INTERNAL;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct liaison_building *b =
			arena_push(ar, &out->by_building, &out->nbuildings, &cap, sizeof(*b));

		b->building_id = col_int64(s, 0);
		b->label = col_text(s, 1, ar);
		b->compound_name = col_text(s, 2, ar);
		b->households = col_int64(s, 3);
		b->linked = col_int64(s, 4);
	}
	rc = step_done(st, s, rc);
	if (rc != SB_OK)
		return rc;
	s = committee_stmt(st, Q_LIAISON_BY_MEMBER, sc, committee);
	if (s == NULL)
		return SB_INTERNAL;
	cap = 0;
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct liaison_member *m =
			arena_push(ar, &out->by_member, &out->nmembers, &cap, sizeof(*m));

		m->resident_id = col_int64(s, 0);
		m->name = col_text(s, 1, ar);
		m->households = col_int64(s, 2);
	}
	rc = step_done(st, s, rc);
	if (rc != SB_OK)
		return rc;
	s = committee_stmt(st, Q_LIAISON_UNLINKED, sc, committee);
	if (s == NULL)
		return SB_INTERNAL;
	return store_ids(st, s, ar, &out->unlinked_household_ids, &out->nunlinked);
}

/* ---- volunteers, teams, activities ---- */

/* Steps q, bound as fmt says, calling read(s, ar, row) for each row pushed
 * onto *items (n of them, each size bytes). */
static int
q_rows(struct store *st, enum query q, struct arena *ar, void *items, size_t *n, size_t size,
       void (*read)(struct stmt *s, struct arena *ar, void *row), const char *fmt, ...)
{
	struct stmt *s = store_stmt(st, q);
	size_t cap = 0;
	va_list ap;
	int rc;

	*(void **)items = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	while ((rc = stmt_step(s)) == STMT_ROW)
		read(s, ar, arena_push(ar, items, n, &cap, size));
	return store_finish(st, s, rc);
}

static void
read_team_brief(struct stmt *s, struct arena *ar, void *row)
{
	struct team_brief *t = row;

	t->id = col_int64(s, 0);
	t->name = col_text(s, 1, ar);
}

static void
read_volunteer(struct stmt *s, struct arena *ar, void *row)
{
	struct volunteer *v = row;

	memset(v, 0, sizeof(*v));
	v->id = col_int64(s, 0);
	v->resident_id = col_int64(s, 1);
	v->name = col_text(s, 2, ar);
	v->committee_code = col_text(s, 3, ar);
	v->skills = col_text(s, 4, ar);
	v->availability = col_text(s, 5, ar);
	v->hours_tenths = col_int64(s, 6);
	v->activities = col_int64(s, 7);
	v->created_at = col_int64(s, 8);
	v->ref.id = v->id;
	v->ref.committee = v->committee_code;
}

static int
volunteer_teams(struct store *st, struct arena *ar, struct volunteer *v)
{
	return q_rows(st, Q_VOLUNTEER_TEAMS, ar, &v->teams, &v->nteams, sizeof(*v->teams),
		      read_team_brief, "i", v->id);
}

int
store_volunteer_insert(struct store *st, const struct scope *sc, int64_t resident,
		       const char *committee, const char *skills, const char *availability,
		       int64_t now, struct arena *ar, struct volunteer_ref *out)
{
	int64_t id = 0;
	int changes = 0;
	int rc = q_exec(st, Q_VOLUNTEER_INSERT, &id, &changes, "iisssi", sc->user_id, resident,
			committee, skills, availability, now);

	return ref_of_insert(rc, changes, id, committee, ar, &out->id, &out->committee);
}

int
store_volunteer_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct volunteer_ref *out)
{
	out->id = id;
	return committee_of(st, Q_VOLUNTEER_BRIEF, sc, id, ar, &out->committee);
}

int
store_volunteer_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		    struct volunteer *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_VOLUNTEER_GET, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	read_volunteer(s, ar, out);
	stmt_reset(s);
	return volunteer_teams(st, ar, out);
}

int
store_volunteer_list(struct store *st, const struct scope *sc, const char *committee,
		     const char *skill, int64_t after_id, int limit, struct arena *ar,
		     struct volunteer **out, size_t *n)
{
	size_t i;
	int rc = q_rows(st, Q_VOLUNTEER_LIST, ar, out, n, sizeof(**out), read_volunteer, "iiiss",
			sc->user_id, (int64_t)limit, after_id, committee, skill);

	for (i = 0; rc == SB_OK && i < *n; i++)
		rc = volunteer_teams(st, ar, &(*out)[i]);
	return rc;
}

int
store_volunteer_update(struct store *st, const struct volunteer_ref *v, const char *skills,
		       const char *availability)
{
	return q_exec(st, Q_VOLUNTEER_UPDATE, NULL, NULL, "iss", v->id, skills, availability);
}

static void
read_team_member(struct stmt *s, struct arena *ar, void *row)
{
	struct team_member *m = row;

	m->volunteer_id = col_int64(s, 0);
	m->resident_id = col_int64(s, 1);
	m->name = col_text(s, 2, ar);
}

static void
read_team(struct stmt *s, struct arena *ar, void *row)
{
	struct team *t = row;

	memset(t, 0, sizeof(*t));
	t->id = col_int64(s, 0);
	t->committee_code = col_text(s, 1, ar);
	t->name = col_text(s, 2, ar);
	t->kind = col_text(s, 3, ar);
	t->activities = col_int64(s, 4);
	t->created_at = col_int64(s, 5);
	t->ref.id = t->id;
	t->ref.committee = t->committee_code;
}

static int
team_members(struct store *st, struct arena *ar, struct team *t)
{
	return q_rows(st, Q_TEAM_MEMBERS, ar, &t->members, &t->nmembers, sizeof(*t->members),
		      read_team_member, "i", t->id);
}

int
store_team_insert(struct store *st, const struct scope *sc, const char *committee, const char *name,
		  const char *kind, int64_t now, struct arena *ar, struct team_ref *out)
{
	int64_t id = 0;
	int changes = 0;
	int rc = q_exec(st, Q_TEAM_INSERT, &id, &changes, "isssi", sc->user_id, committee, name,
			kind, now);

	return ref_of_insert(rc, changes, id, committee, ar, &out->id, &out->committee);
}

int
store_team_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct team_ref *out)
{
	out->id = id;
	return committee_of(st, Q_TEAM_BRIEF, sc, id, ar, &out->committee);
}

int
store_team_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct team *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_TEAM_GET, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	read_team(s, ar, out);
	stmt_reset(s);
	return team_members(st, ar, out);
}

int
store_team_list(struct store *st, const struct scope *sc, const char *committee, int64_t after_id,
		int limit, struct arena *ar, struct team **out, size_t *n)
{
	size_t i;
	int rc = q_rows(st, Q_TEAM_LIST, ar, out, n, sizeof(**out), read_team, "iiis", sc->user_id,
			(int64_t)limit, after_id, committee);

	for (i = 0; rc == SB_OK && i < *n; i++)
		rc = team_members(st, ar, &(*out)[i]);
	return rc;
}

int
store_team_update(struct store *st, const struct team_ref *t, const char *name, const char *kind)
{
	return q_exec(st, Q_TEAM_UPDATE, NULL, NULL, "iss", t->id, name, kind);
}

int
store_team_members_set(struct store *st, const struct team_ref *team, const int64_t *volunteers,
		       size_t n)
{
	size_t i;
	int rc = q_exec(st, Q_TEAM_MEMBERS_CLEAR, NULL, NULL, "i", team->id);

	for (i = 0; rc == SB_OK && i < n; i++)
		rc = q_exec(st, Q_TEAM_MEMBER_ADD, NULL, NULL, "ii", team->id, volunteers[i]);
	return rc;
}

int
store_activity_insert(struct store *st, const struct scope *sc, const char *committee,
		      int64_t team_id, const char *title, const char *date, const char *place,
		      int64_t user_id, int64_t now, struct arena *ar, struct activity_ref *out)
{
	int64_t id = 0;
	int changes = 0;
	int rc = q_exec(st, Q_ACTIVITY_INSERT, &id, &changes, "isnsssni", sc->user_id, committee,
			team_id, title, date, place, user_id, now);

	return ref_of_insert(rc, changes, id, committee, ar, &out->id, &out->committee);
}

int
store_activity_volunteer_add(struct store *st, const struct activity_ref *activity,
			     int64_t volunteer, int tenths)
{
	return q_exec(st, Q_ACTIVITY_VOLUNTEER_ADD, NULL, NULL, "iii", activity->id, volunteer,
		      (int64_t)tenths);
}

int
store_activity_served_add(struct store *st, const struct activity_ref *activity, int64_t resident)
{
	return q_exec(st, Q_ACTIVITY_SERVED_ADD, NULL, NULL, "ii", activity->id, resident);
}

static void
read_activity_volunteer(struct stmt *s, struct arena *ar, void *row)
{
	struct activity_volunteer *v = row;

	v->volunteer_id = col_int64(s, 0);
	v->name = col_text(s, 1, ar);
	v->tenths = col_int(s, 2);
}

static void
read_id(struct stmt *s, struct arena *ar, void *row)
{
	(void)ar;
	*(int64_t *)row = col_int64(s, 0);
}

static void
read_activity(struct stmt *s, struct arena *ar, void *row)
{
	struct activity *a = row;

	memset(a, 0, sizeof(*a));
	a->id = col_int64(s, 0);
	a->committee_code = col_text(s, 1, ar);
	a->team_id = col_int64(s, 2);
	a->title = col_text(s, 3, ar);
	a->date = col_text(s, 4, ar);
	a->place = col_text(s, 5, ar);
	a->hours_tenths = col_int64(s, 6);
	a->served = col_int64(s, 7);
	a->created_at = col_int64(s, 8);
}

/* An activity's volunteers and residents served. */
static int
activity_people(struct store *st, struct arena *ar, struct activity *a)
{
	int rc = q_rows(st, Q_ACTIVITY_VOLUNTEERS, ar, &a->volunteers, &a->nvolunteers,
			sizeof(*a->volunteers), read_activity_volunteer, "i", a->id);

	if (rc == SB_OK)
		rc = q_rows(st, Q_ACTIVITY_SERVED, ar, &a->served_ids, &a->nserved_ids,
			    sizeof(*a->served_ids), read_id, "i", a->id);
	return rc;
}

int
store_activity_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct activity *out)
{
	struct stmt *s;
	int rc = q_row(st, Q_ACTIVITY_GET, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	read_activity(s, ar, out);
	stmt_reset(s);
	return activity_people(st, ar, out);
}

int
store_activity_list(struct store *st, const struct scope *sc, const char *committee, int64_t team,
		    const char *from, const char *to, int64_t before_id, int limit,
		    struct arena *ar, struct activity **out, size_t *n)
{
	size_t i;
	int rc = q_rows(st, Q_ACTIVITY_LIST, ar, out, n, sizeof(**out), read_activity, "iiisiss",
			sc->user_id, (int64_t)limit, before_id, committee, team, from, to);

	for (i = 0; rc == SB_OK && i < *n; i++)
		rc = activity_people(st, ar, &(*out)[i]);
	return rc;
}

static void
read_volunteer_total(struct stmt *s, struct arena *ar, void *row)
{
	struct volunteer_total *t = row;

	t->volunteer_id = col_int64(s, 0);
	t->name = col_text(s, 1, ar);
	t->activities = col_int64(s, 2);
	t->hours_tenths = col_int64(s, 3);
}

static void
read_team_total(struct stmt *s, struct arena *ar, void *row)
{
	struct team_total *t = row;

	t->team_id = col_int64(s, 0);
	t->name = col_text(s, 1, ar);
	t->activities = col_int64(s, 2);
	t->hours_tenths = col_int64(s, 3);
	t->served = col_int64(s, 4);
}

static void
read_month_total(struct stmt *s, struct arena *ar, void *row)
{
	struct month_total *t = row;

	t->month = col_text(s, 0, ar);
	t->activities = col_int64(s, 1);
	t->hours_tenths = col_int64(s, 2);
	t->served = col_int64(s, 3);
}

int
store_volunteer_totals(struct store *st, const struct scope *sc, const char *committee,
		       const char *from, const char *to, struct arena *ar,
		       struct volunteer_totals *out)
{
	struct stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = q_row(st, Q_VOLUNTEER_TOTALS, &s, "isss", sc->user_id, committee, from, to);
	if (rc != SB_OK)
		return rc;
	out->activities = col_int64(s, 0);
	out->hours_tenths = col_int64(s, 1);
	out->served = col_int64(s, 2);
	stmt_reset(s);
	rc = q_rows(st, Q_VOLUNTEER_TOTALS_BY_VOLUNTEER, ar, &out->by_volunteer,
		    &out->nby_volunteer, sizeof(*out->by_volunteer), read_volunteer_total, "isss",
		    sc->user_id, committee, from, to);
	if (rc == SB_OK)
		rc = q_rows(st, Q_VOLUNTEER_TOTALS_BY_TEAM, ar, &out->by_team, &out->nby_team,
			    sizeof(*out->by_team), read_team_total, "isss", sc->user_id, committee,
			    from, to);
	if (rc == SB_OK)
		rc = q_rows(st, Q_VOLUNTEER_TOTALS_BY_MONTH, ar, &out->by_month, &out->nby_month,
			    sizeof(*out->by_month), read_month_total, "isss", sc->user_id,
			    committee, from, to);
	return rc;
}

int
store_survey_audience_places(struct store *st, const struct survey_ref *survey, struct arena *ar,
			     struct survey_place **out, size_t *n)
{
	struct stmt *s = store_stmt(st, Q_SURVEY_AUDIENCE_PLACES);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, survey->id);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct survey_place *p = arena_push(ar, out, n, &cap, sizeof(**out));

		p->household_id = col_int64(s, 0);
		p->compound_id = col_int64(s, 1);
		p->compound_name = col_text(s, 2, ar);
		p->building_id = col_int64(s, 3);
		p->building_label = col_text(s, 4, ar);
		p->room = col_text(s, 5, ar);
		p->answered = col_int(s, 6) != 0;
	}
	return store_finish(st, s, rc);
}

int
store_household_surveys(struct store *st, const struct scope *sc, int64_t household,
			const char *today, struct arena *ar, struct household_survey **out,
			size_t *n)
{
	struct stmt *s = store_stmt(st, Q_HOUSEHOLD_SURVEYS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, sc->user_id);
	bind_int(s, 2, household);
	bind_text(s, 3, today);
	while ((rc = stmt_step(s)) == STMT_ROW) {
		struct household_survey *h = arena_push(ar, out, n, &cap, sizeof(**out));

		h->id = col_int64(s, 0);
		h->title = col_text(s, 1, ar);
		h->description = col_text(s, 2, ar);
		h->closes_on = col_text(s, 3, ar);
		h->questions = col_text(s, 4, ar);
		h->answered = col_int(s, 5) != 0;
	}
	return store_finish(st, s, rc);
}

int
store_issue_receipt_public(struct store *st, const char *receipt_no, const char *last4, int64_t now,
			   struct arena *ar, struct issue_receipt *out)
{
	struct stmt *s = store_stmt(st, Q_ISSUE_RECEIPT_PUBLIC);
	int rc;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, receipt_no);
	bind_text(s, 2, last4);
	bind_int(s, 3, now);
	rc = stmt_step(s);
	if (rc == STMT_ROW) {
		out->receipt_no = col_text(s, 0, ar);
		out->category = col_text(s, 1, ar);
		out->status = col_text(s, 2, ar);
		out->level = col_text(s, 3, ar);
		out->due_date = col_text(s, 4, ar);
		out->overdue = col_int(s, 5) != 0;
		out->received_at = col_int64(s, 6);
		out->resolved_at = col_int64(s, 7);
		out->committee_name = col_text(s, 8, ar);
		out->committee_phone = col_text(s, 9, ar);
	}
	stmt_reset(s);
	if (rc == STMT_ROW)
		return SB_OK;
	return rc == STMT_DONE ? SB_NOT_FOUND : store_err(st, rc);
}
