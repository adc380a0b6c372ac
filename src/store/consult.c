#include <stdarg.h>
#include <string.h>

#include "store/consult.h"
#include "store/store_int.h"

/* Consultation and networks: surveys, projects, meetings, the party tree,
 * liaison, volunteers, teams and activities (queries_consult.def). */

/* Binds the arguments after fmt to s: 'i' an int64_t, 'n' an int64_t id (0
 * binds NULL), 'c' an int (-1 binds NULL), 's' a string (NULL binds NULL). */
static void
vbind(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	int i, c;

	for (i = 1; fmt[i - 1]; i++) {
		switch (fmt[i - 1]) {
		case 'i': bind_int(s, i, va_arg(ap, int64_t)); break;
		case 'n': bind_id_or_null(s, i, va_arg(ap, int64_t)); break;
		case 'c':
			c = va_arg(ap, int);
			if (c < 0)
				sqlite3_bind_null(s, i);
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
	sqlite3_stmt *s = store_stmt(st, q);
	va_list ap;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	rc = store_exec_insert(st, s, id);
	if (changes)
		*changes = sqlite3_changes(st->db);
	return rc;
}

/* Runs q for one row and copies its first column (JSON text) into the
 * arena; NOT_FOUND when there is no row or it is NULL. */
static int
q_json(struct store *st, enum query q, struct arena *ar, const char **json, const char *fmt, ...)
{
	sqlite3_stmt *s = store_stmt(st, q);
	va_list ap;
	int rc;

	if (s == NULL)
		return SB_INTERNAL;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*json = col_text(s, 0, ar);
		rc = SB_OK;
	} else {
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SB_NOT_FOUND : store_err(st, rc);
	}
	sqlite3_reset(s);
	return rc;
}

/* Steps q for one row, binding as above; the caller reads it and resets. */
static int
q_row(struct store *st, enum query q, sqlite3_stmt **out, const char *fmt, ...)
{
	sqlite3_stmt *s = store_stmt(st, q);
	va_list ap;
	int rc;

	*out = NULL;
	if (s == NULL)
		return SB_INTERNAL;
	va_start(ap, fmt);
	vbind(s, fmt, ap);
	va_end(ap);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = s;
		return SB_OK;
	}
	rc = rc == SQLITE_DONE ? SB_NOT_FOUND : store_err(st, rc);
	sqlite3_reset(s);
	return rc;
}

static int
q_count(struct store *st, enum query q, int64_t *n, const char *fmt, ...)
{
	sqlite3_stmt *s = store_stmt(st, q);
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
	sqlite3_stmt *s;
	int rc = q_row(st, q, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	*committee = col_text(s, 0, ar);
	sqlite3_reset(s);
	return SB_OK;
}

int
store_ct_resident(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  struct ct_resident *out)
{
	sqlite3_stmt *s;
	int rc = q_row(st, Q_CT_RESIDENT_BRIEF, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	out->committee_code = col_text(s, 0, ar);
	out->party_member = sqlite3_column_int(s, 1) != 0;
	out->status = col_text(s, 2, ar);
	out->household_id = sqlite3_column_int64(s, 3);
	out->name = col_text(s, 4, ar);
	sqlite3_reset(s);
	return SB_OK;
}

int
store_ct_household(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct ct_household *out)
{
	sqlite3_stmt *s;
	int rc = q_row(st, Q_CT_HOUSEHOLD_BRIEF, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	out->committee_code = col_text(s, 0, ar);
	out->building_id = sqlite3_column_int64(s, 1);
	out->status = col_text(s, 2, ar);
	sqlite3_reset(s);
	return SB_OK;
}

int
store_ct_issue(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       const char **committee)
{
	return committee_of(st, Q_CT_ISSUE_BRIEF, sc, id, ar, committee);
}

/* ---- surveys ---- */

int
store_survey_insert(struct store *st, const char *committee, const char *title,
		    const char *description, const char *questions, const char *filter,
		    const char *closes_on, int64_t user_id, int64_t now, int64_t *id)
{
	return q_exec(st, Q_SURVEY_INSERT, id, NULL, "ssssssni", committee, title, description,
		      questions, filter, closes_on, user_id, now);
}

int
store_survey_audience_add(struct store *st, int64_t survey, const int64_t *households, size_t n)
{
	size_t i;
	int rc = SB_OK;

	for (i = 0; rc == SB_OK && i < n; i++)
		rc = q_exec(st, Q_SURVEY_AUDIENCE_ADD, NULL, NULL, "ii", survey, households[i]);
	return rc;
}

static int
read_survey_row(struct store *st, enum query q, const char *fmt, int64_t a, int64_t b,
		struct arena *ar, struct survey_row *out)
{
	sqlite3_stmt *s;
	int rc = fmt[1] ? q_row(st, q, &s, fmt, a, b) : q_row(st, q, &s, fmt, b);

	if (rc != SB_OK)
		return rc;
	out->committee_code = col_text(s, 0, ar);
	out->questions = col_text(s, 1, ar);
	out->status = col_text(s, 2, ar);
	out->title = col_text(s, 3, ar);
	out->description = col_text(s, 4, ar);
	out->closes_on = col_text(s, 5, ar);
	sqlite3_reset(s);
	return SB_OK;
}

int
store_survey_row(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct survey_row *out)
{
	return read_survey_row(st, Q_SURVEY_ROW, "ii", sc->user_id, id, ar, out);
}

int
store_survey_row_public(struct store *st, int64_t id, struct arena *ar, struct survey_row *out)
{
	return read_survey_row(st, Q_SURVEY_ROW_PUBLIC, "i", 0, id, ar, out);
}

int
store_survey_json(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  const char **json)
{
	return q_json(st, Q_SURVEY_JSON, ar, json, "ii", sc->user_id, id);
}

int
store_survey_list(struct store *st, const struct scope *sc, const char *committee,
		  const char *status, int64_t before_id, int limit, struct arena *ar,
		  const char **json)
{
	return q_json(st, Q_SURVEY_LIST, ar, json, "iiiss", sc->user_id, (int64_t)limit, before_id,
		      committee, status);
}

int
store_survey_set_status(struct store *st, int64_t id, const char *status, const char *closes_on)
{
	return q_exec(st, Q_SURVEY_SET_STATUS, NULL, NULL, "iss", id, status, closes_on);
}

int
store_survey_in_audience(struct store *st, int64_t survey, int64_t household, bool *in)
{
	int64_t n = 0;
	int rc = q_count(st, Q_SURVEY_IN_AUDIENCE, &n, "ii", survey, household);

	*in = n > 0;
	return rc;
}

int
store_survey_response_insert(struct store *st, int64_t survey, int64_t household,
			     const char *channel, int64_t worker_id, const char *answers,
			     int64_t now)
{
	return q_exec(st, Q_SURVEY_RESPONSE_INSERT, NULL, NULL, "iisnsi", survey, household,
		      channel, worker_id, answers, now);
}

int
store_survey_responses(struct store *st, int64_t survey, struct arena *ar,
		       struct survey_response_list *out)
{
	sqlite3_stmt *s = store_stmt(st, Q_SURVEY_RESPONSES);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, survey);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct survey_response *r =
			arena_push(ar, &out->items, &out->n, &cap, sizeof(*out->items));

		r->household_id = sqlite3_column_int64(s, 0);
		r->compound_id = sqlite3_column_int64(s, 1);
		r->compound_name = col_text(s, 2, ar);
		r->building_label = col_text(s, 3, ar);
		r->room = col_text(s, 4, ar);
		r->channel = col_text(s, 5, ar);
		r->answers = col_text(s, 6, ar);
		r->answered_at = sqlite3_column_int64(s, 7);
		r->worker = col_text(s, 8, ar);
	}
	rc = rc == SQLITE_DONE ? SB_OK : store_err(st, rc);
	sqlite3_reset(s);
	return rc;
}

int
store_survey_audience_by_compound(struct store *st, int64_t survey, struct arena *ar,
				  struct survey_compound **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, Q_SURVEY_AUDIENCE_BY_COMPOUND);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, survey);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct survey_compound *c = arena_push(ar, out, n, &cap, sizeof(**out));

		c->compound_id = sqlite3_column_int64(s, 0);
		c->name = col_text(s, 1, ar);
		c->audience = sqlite3_column_int64(s, 2);
	}
	rc = rc == SQLITE_DONE ? SB_OK : store_err(st, rc);
	sqlite3_reset(s);
	return rc;
}

int
store_survey_unanswered(struct store *st, int64_t survey, struct arena *ar, int64_t **ids,
			size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, Q_SURVEY_UNANSWERED);

	if (s == NULL)
		return SB_INTERNAL;
	bind_int(s, 1, survey);
	return store_ids(st, s, ar, ids, n);
}

int
store_survey_link_insert(struct store *st, const char *hash, int64_t survey, int64_t household,
			 int64_t now, int64_t expires_at)
{
	return q_exec(st, Q_SURVEY_LINK_INSERT, NULL, NULL, "siiii", hash, survey, household, now,
		      expires_at);
}

int
store_survey_link_get(struct store *st, const char *hash, struct survey_link *out)
{
	sqlite3_stmt *s;
	int rc = q_row(st, Q_SURVEY_LINK_GET, &s, "s", hash);

	if (rc != SB_OK)
		return rc;
	out->survey_id = sqlite3_column_int64(s, 0);
	out->household_id = sqlite3_column_int64(s, 1);
	out->expires_at = sqlite3_column_int64(s, 2);
	out->used_at = sqlite3_column_int64(s, 3);
	sqlite3_reset(s);
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

int
store_project_insert(struct store *st, const char *committee, const char *name,
		     const char *description, int64_t now, int64_t *id)
{
	return q_exec(st, Q_PROJECT_INSERT, id, NULL, "sssi", committee, name, description, now);
}

int
store_project_committee(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			const char **committee)
{
	return committee_of(st, Q_PROJECT_ROW, sc, id, ar, committee);
}

int
store_project_json(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   const char **json)
{
	return q_json(st, Q_PROJECT_JSON, ar, json, "ii", sc->user_id, id);
}

int
store_project_list(struct store *st, const struct scope *sc, const char *committee,
		   int64_t before_id, int limit, struct arena *ar, const char **json)
{
	return q_json(st, Q_PROJECT_LIST, ar, json, "iiis", sc->user_id, (int64_t)limit, before_id,
		      committee);
}

int
store_project_issue_link(struct store *st, int64_t project, int64_t issue, int64_t now)
{
	return q_exec(st, Q_PROJECT_ISSUE_LINK, NULL, NULL, "iii", project, issue, now);
}

int
store_project_timeline(struct store *st, int64_t project, struct arena *ar, const char **json)
{
	return q_json(st, Q_PROJECT_TIMELINE, ar, json, "i", project);
}

/* ---- meetings ---- */

int
store_meeting_insert(struct store *st, const struct meeting_row *m, int64_t user_id, int64_t now,
		     int64_t *id)
{
	return q_exec(st, Q_MEETING_INSERT, id, NULL, "snsiscccsni", m->committee_code,
		      m->project_id, m->topic, m->held_at, m->place, m->quorum_min, m->quorum_pct,
		      m->pass_pct, m->invite_filter, user_id, now);
}

int
store_meeting_participant_add(struct store *st, int64_t meeting, int64_t resident_id,
			      const char *name, const char *role)
{
	return q_exec(st, Q_MEETING_PARTICIPANT_ADD, NULL, NULL, "inss", meeting, resident_id, name,
		      role);
}

int
store_meeting_row(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  struct meeting_row *out)
{
	sqlite3_stmt *s;
	int rc = q_row(st, Q_MEETING_ROW, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	memset(out, 0, sizeof(*out));
	out->committee_code = col_text(s, 0, ar);
	out->quorum_min = sqlite3_column_int(s, 1);
	out->quorum_pct = sqlite3_column_int(s, 2);
	out->pass_pct = sqlite3_column_int(s, 3);
	sqlite3_reset(s);
	return SB_OK;
}

int
store_meeting_json(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   const char **json)
{
	return q_json(st, Q_MEETING_JSON, ar, json, "ii", sc->user_id, id);
}

int
store_meeting_list(struct store *st, const struct scope *sc, const char *committee, int64_t project,
		   int64_t before_id, int limit, struct arena *ar, const char **json)
{
	return q_json(st, Q_MEETING_LIST, ar, json, "iiisi", sc->user_id, (int64_t)limit, before_id,
		      committee, project);
}

int
store_meeting_update(struct store *st, int64_t id, const char *topic, int64_t held_at,
		     const char *place, const char *minutes, int64_t project_id, int quorum_min,
		     int quorum_pct, int pass_pct)
{
	return q_exec(st, Q_MEETING_UPDATE, NULL, NULL, "isnssnccc", id, topic, held_at, place,
		      minutes, project_id, quorum_min, quorum_pct, pass_pct);
}

int
store_meeting_present_clear(struct store *st, int64_t meeting)
{
	return q_exec(st, Q_MEETING_PRESENT_CLEAR, NULL, NULL, "i", meeting);
}

int
store_meeting_present_set(struct store *st, int64_t meeting, int64_t participant, bool present)
{
	int changes = 0;
	int rc = q_exec(st, Q_MEETING_PRESENT_SET, NULL, &changes, "iii", meeting, participant,
			(int64_t)present);

	if (rc == SB_OK && changes == 0)
		rc = SB_NOT_FOUND;
	return rc;
}

int
store_meeting_decision_insert(struct store *st, int64_t meeting, const char *text, int64_t now,
			      int64_t *id)
{
	return q_exec(st, Q_MEETING_DECISION_INSERT, id, NULL, "isi", meeting, text, now);
}

int
store_meeting_motion_insert(struct store *st, int64_t meeting, const char *text, const char *kind,
			    int64_t now, int64_t *id)
{
	return q_exec(st, Q_MEETING_MOTION_INSERT, id, NULL, "issi", meeting, text, kind, now);
}

int
store_meeting_motion_kind(struct store *st, int64_t meeting, int64_t motion, struct arena *ar,
			  const char **kind)
{
	sqlite3_stmt *s;
	int rc = q_row(st, Q_MEETING_MOTION_KIND, &s, "ii", meeting, motion);

	if (rc != SB_OK)
		return rc;
	*kind = col_text(s, 0, ar);
	sqlite3_reset(s);
	return SB_OK;
}

int
store_meeting_participant_of(struct store *st, int64_t meeting, int64_t participant, bool *is)
{
	int64_t n = 0;
	int rc = q_count(st, Q_MEETING_PARTICIPANT_OF, &n, "ii", meeting, participant);

	*is = n > 0;
	return rc;
}

int
store_meeting_vote_insert(struct store *st, int64_t motion, int64_t participant, const char *choice,
			  int score, int64_t now)
{
	return q_exec(st, Q_MEETING_VOTE_INSERT, NULL, NULL, "iisci", motion, participant, choice,
		      score, now);
}

/* ---- the party tree ---- */

int
store_party_buildings(struct store *st, const char *committee, struct arena *ar,
		      struct party_building_row **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, Q_PARTY_BUILDINGS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct party_building_row *b = arena_push(ar, out, n, &cap, sizeof(**out));

		b->id = sqlite3_column_int64(s, 0);
		b->compound_id = sqlite3_column_int64(s, 1);
		b->label = col_text(s, 2, ar);
		b->compound_name = col_text(s, 3, ar);
		b->members = sqlite3_column_int(s, 4);
	}
	rc = rc == SQLITE_DONE ? SB_OK : store_err(st, rc);
	sqlite3_reset(s);
	return rc;
}

int
store_party_building_members(struct store *st, const char *committee, struct arena *ar,
			     struct party_member_row **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, Q_PARTY_BUILDING_MEMBERS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return SB_INTERNAL;
	bind_text(s, 1, committee);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct party_member_row *m = arena_push(ar, out, n, &cap, sizeof(**out));

		m->building_id = sqlite3_column_int64(s, 0);
		m->resident_id = sqlite3_column_int64(s, 1);
		m->name = col_text(s, 2, ar);
	}
	rc = rc == SQLITE_DONE ? SB_OK : store_err(st, rc);
	sqlite3_reset(s);
	return rc;
}

int
store_party_tree_delete(struct store *st, const char *committee)
{
	int rc = q_exec(st, Q_PARTY_TREE_DELETE_MEMBERS, NULL, NULL, "s", committee);

	if (rc == SB_OK)
		rc = q_exec(st, Q_PARTY_TREE_DELETE_BUILDINGS, NULL, NULL, "s", committee);
	if (rc == SB_OK)
		rc = q_exec(st, Q_PARTY_TREE_DELETE, NULL, NULL, "s", committee);
	return rc;
}

int
store_party_org_insert(struct store *st, const struct party_org_row *o, int64_t *id)
{
	return q_exec(st, Q_PARTY_ORG_INSERT, id, NULL, "sssnnnni", o->committee_code, o->kind,
		      o->name, o->parent_id, o->compound_id, o->leader_id, o->liaison_id,
		      (int64_t)o->position);
}

int
store_party_org_building_add(struct store *st, int64_t org, int64_t building)
{
	return q_exec(st, Q_PARTY_ORG_BUILDING_ADD, NULL, NULL, "ii", org, building);
}

int
store_party_org_member_add(struct store *st, int64_t org, int64_t resident)
{
	return q_exec(st, Q_PARTY_ORG_MEMBER_ADD, NULL, NULL, "ii", org, resident);
}

int
store_party_tree_json(struct store *st, const struct scope *sc, const char *committee,
		      struct arena *ar, const char **json)
{
	return q_json(st, Q_PARTY_TREE_JSON, ar, json, "is", sc->user_id, committee);
}

int
store_party_members_json(struct store *st, const struct scope *sc, const char *committee,
			 int64_t building_id, struct arena *ar, const char **json)
{
	return q_json(st, Q_PARTY_MEMBERS_JSON, ar, json, "isi", sc->user_id, committee,
		      building_id);
}

int
store_liaison_set(struct store *st, int64_t household, int64_t resident, const char *committee,
		  int64_t now)
{
	if (resident == 0)
		return q_exec(st, Q_LIAISON_CLEAR, NULL, NULL, "i", household);
	return q_exec(st, Q_LIAISON_SET, NULL, NULL, "iisi", household, resident, committee, now);
}

int
store_liaison_coverage(struct store *st, const struct scope *sc, const char *committee,
		       struct arena *ar, const char **json)
{
	return q_json(st, Q_LIAISON_COVERAGE, ar, json, "is", sc->user_id, committee);
}

/* ---- volunteers, teams, activities ---- */

/* Steps q, bound as fmt says, calling read(s, ar, row) for each row pushed
 * onto *items (n of them, each size bytes). */
static int
q_rows(struct store *st, enum query q, struct arena *ar, void *items, size_t *n, size_t size,
       void (*read)(sqlite3_stmt *s, struct arena *ar, void *row), const char *fmt, ...)
{
	sqlite3_stmt *s = store_stmt(st, q);
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
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		read(s, ar, arena_push(ar, items, n, &cap, size));
	rc = rc == SQLITE_DONE ? SB_OK : store_err(st, rc);
	sqlite3_reset(s);
	return rc;
}

static void
read_team_brief(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct team_brief *t = row;

	t->id = sqlite3_column_int64(s, 0);
	t->name = col_text(s, 1, ar);
}

static void
read_volunteer(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct volunteer *v = row;

	memset(v, 0, sizeof(*v));
	v->id = sqlite3_column_int64(s, 0);
	v->resident_id = sqlite3_column_int64(s, 1);
	v->name = col_text(s, 2, ar);
	v->committee_code = col_text(s, 3, ar);
	v->skills = col_text(s, 4, ar);
	v->availability = col_text(s, 5, ar);
	v->hours_tenths = sqlite3_column_int64(s, 6);
	v->activities = sqlite3_column_int64(s, 7);
	v->created_at = sqlite3_column_int64(s, 8);
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
store_volunteer_insert(struct store *st, int64_t resident, const char *committee,
		       const char *skills, const char *availability, int64_t now, int64_t *id)
{
	return q_exec(st, Q_VOLUNTEER_INSERT, id, NULL, "isssi", resident, committee, skills,
		      availability, now);
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
	sqlite3_stmt *s;
	int rc = q_row(st, Q_VOLUNTEER_GET, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	read_volunteer(s, ar, out);
	sqlite3_reset(s);
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
read_team_member(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct team_member *m = row;

	m->volunteer_id = sqlite3_column_int64(s, 0);
	m->resident_id = sqlite3_column_int64(s, 1);
	m->name = col_text(s, 2, ar);
}

static void
read_team(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct team *t = row;

	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(s, 0);
	t->committee_code = col_text(s, 1, ar);
	t->name = col_text(s, 2, ar);
	t->kind = col_text(s, 3, ar);
	t->activities = sqlite3_column_int64(s, 4);
	t->created_at = sqlite3_column_int64(s, 5);
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
store_team_insert(struct store *st, const char *committee, const char *name, const char *kind,
		  int64_t now, int64_t *id)
{
	return q_exec(st, Q_TEAM_INSERT, id, NULL, "sssi", committee, name, kind, now);
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
	sqlite3_stmt *s;
	int rc = q_row(st, Q_TEAM_GET, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	read_team(s, ar, out);
	sqlite3_reset(s);
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
store_team_members_set(struct store *st, int64_t team, const int64_t *volunteers, size_t n)
{
	size_t i;
	int rc = q_exec(st, Q_TEAM_MEMBERS_CLEAR, NULL, NULL, "i", team);

	for (i = 0; rc == SB_OK && i < n; i++)
		rc = q_exec(st, Q_TEAM_MEMBER_ADD, NULL, NULL, "ii", team, volunteers[i]);
	return rc;
}

int
store_activity_insert(struct store *st, const char *committee, int64_t team_id, const char *title,
		      const char *date, const char *place, int64_t user_id, int64_t now,
		      int64_t *id)
{
	return q_exec(st, Q_ACTIVITY_INSERT, id, NULL, "snsssni", committee, team_id, title, date,
		      place, user_id, now);
}

int
store_activity_volunteer_add(struct store *st, int64_t activity, int64_t volunteer, int tenths)
{
	return q_exec(st, Q_ACTIVITY_VOLUNTEER_ADD, NULL, NULL, "iii", activity, volunteer,
		      (int64_t)tenths);
}

int
store_activity_served_add(struct store *st, int64_t activity, int64_t resident)
{
	return q_exec(st, Q_ACTIVITY_SERVED_ADD, NULL, NULL, "ii", activity, resident);
}

static void
read_activity_volunteer(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct activity_volunteer *v = row;

	v->volunteer_id = sqlite3_column_int64(s, 0);
	v->name = col_text(s, 1, ar);
	v->tenths = sqlite3_column_int(s, 2);
}

static void
read_id(sqlite3_stmt *s, struct arena *ar, void *row)
{
	(void)ar;
	*(int64_t *)row = sqlite3_column_int64(s, 0);
}

static void
read_activity(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct activity *a = row;

	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(s, 0);
	a->committee_code = col_text(s, 1, ar);
	a->team_id = sqlite3_column_int64(s, 2);
	a->title = col_text(s, 3, ar);
	a->date = col_text(s, 4, ar);
	a->place = col_text(s, 5, ar);
	a->hours_tenths = sqlite3_column_int64(s, 6);
	a->served = sqlite3_column_int64(s, 7);
	a->created_at = sqlite3_column_int64(s, 8);
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
	sqlite3_stmt *s;
	int rc = q_row(st, Q_ACTIVITY_GET, &s, "ii", sc->user_id, id);

	if (rc != SB_OK)
		return rc;
	read_activity(s, ar, out);
	sqlite3_reset(s);
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
read_volunteer_total(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct volunteer_total *t = row;

	t->volunteer_id = sqlite3_column_int64(s, 0);
	t->name = col_text(s, 1, ar);
	t->activities = sqlite3_column_int64(s, 2);
	t->hours_tenths = sqlite3_column_int64(s, 3);
}

static void
read_team_total(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct team_total *t = row;

	t->team_id = sqlite3_column_int64(s, 0);
	t->name = col_text(s, 1, ar);
	t->activities = sqlite3_column_int64(s, 2);
	t->hours_tenths = sqlite3_column_int64(s, 3);
	t->served = sqlite3_column_int64(s, 4);
}

static void
read_month_total(sqlite3_stmt *s, struct arena *ar, void *row)
{
	struct month_total *t = row;

	t->month = col_text(s, 0, ar);
	t->activities = sqlite3_column_int64(s, 1);
	t->hours_tenths = sqlite3_column_int64(s, 2);
	t->served = sqlite3_column_int64(s, 3);
}

int
store_volunteer_totals(struct store *st, const struct scope *sc, const char *committee,
		       const char *from, const char *to, struct arena *ar,
		       struct volunteer_totals *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = q_row(st, Q_VOLUNTEER_TOTALS, &s, "isss", sc->user_id, committee, from, to);
	if (rc != SB_OK)
		return rc;
	out->activities = sqlite3_column_int64(s, 0);
	out->hours_tenths = sqlite3_column_int64(s, 1);
	out->served = sqlite3_column_int64(s, 2);
	sqlite3_reset(s);
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
store_survey_audience_places(struct store *st, int64_t survey, struct arena *ar, const char **json)
{
	return q_json(st, Q_SURVEY_AUDIENCE_PLACES, ar, json, "i", survey);
}

int
store_household_surveys(struct store *st, const struct scope *sc, int64_t household,
			const char *today, struct arena *ar, const char **json)
{
	return q_json(st, Q_HOUSEHOLD_SURVEYS, ar, json, "iis", sc->user_id, household, today);
}

int
store_issue_receipt_public(struct store *st, const char *receipt_no, const char *last4, int64_t now,
			   struct arena *ar, const char **json)
{
	return q_json(st, Q_ISSUE_RECEIPT_PUBLIC, ar, json, "ssi", receipt_no, last4, now);
}
