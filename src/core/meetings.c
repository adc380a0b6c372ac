#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/committee_check.h"
#include "core/filter.h"
#include "core/ident.h"
#include "core/meetings.h"
#include "util/clock.h"

int
meeting_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	     struct meeting_ref *out)
{
	return store_meeting_find(st, sc, id, ar, out);
}

int
meeting_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	    struct meeting *out)
{
	return store_meeting_get(st, sc, id, ar, out);
}

void
meeting_motion_tally(const struct meeting *m, const struct meeting_motion *v, struct vote_tally *t)
{
	struct quorum_rule rule = {
		.min_present = m->quorum_min,
		.present_pct = m->quorum_pct,
		.pass_pct = m->pass_pct,
	};
	int k;

	memset(t, 0, sizeof(*t));
	t->invited = (int)m->invited;
	t->present = (int)m->present;
	t->votes_for = v->votes_for;
	t->against = v->against;
	t->abstain = v->abstain;
	for (k = 0; k < 5; k++)
		t->scores[k] = v->scores[k];
	vote_tally_finish(t, &rule, strcmp(v->kind, "satisfaction") == 0);
}

int
meeting_list(struct store *st, const struct scope *sc, const char *committee, int64_t project,
	     int64_t cursor, int limit, struct arena *ar, struct meeting_list *out,
	     struct sb_fail *fail)
{
	int rc = SB_OK;

	if (committee)
		rc = committee_check_scope(st, sc, committee, "committee_code", SB_BAD_QUERY, ar,
					   fail);
	if (rc == SB_OK)
		rc = store_meeting_list(st, sc, committee, project, cursor, limit, ar, out);
	return rc;
}

/* The id as text, for the audit. */
static const char *
id_text(struct arena *ar, int64_t id)
{
	return arena_printf(ar, "%lld", (long long)id);
}

static int
held_at_of(const char *text, int64_t *at, struct arena *ar, struct sb_fail *fail)
{
	if (!clock_parse_time(text, at))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "held_at", "a time (YYYY-MM-DDTHH:MM:SSZ)",
				 "须为时间（YYYY-MM-DDTHH:MM:SSZ）");
	return SB_OK;
}

/* A project of the meeting's committee, in scope. */
static int
project_of_committee(struct store *st, const struct scope *sc, int64_t project,
		     const char *committee, struct arena *ar, struct sb_fail *fail)
{
	const char *pc;
	int rc = store_project_committee(st, sc, project, ar, &pc);

	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(pc, committee) != 0))
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "project_id",
			       "no such project in the committee", "本居委会没有该项目");
	return rc;
}

/* Each invitee picked by hand who is a resident: living, of the meeting's
 * committee (its workers read the participants' names); its name filled in. */
static int
invitees_check(struct store *st, const struct scope *sc, const char *committee,
	       struct meeting_invitee *inv, size_t n, struct arena *ar, struct sb_fail *fail)
{
	struct consult_resident r;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (inv[i].resident_id == 0)
			continue;
		rc = store_consult_resident(st, sc, inv[i].resident_id, ar, &r);
		if (rc == SB_NOT_FOUND ||
		    (rc == SB_OK &&
		     (strcmp(r.status, "living") != 0 || strcmp(r.committee_code, committee) != 0)))
			return sb_refuse(fail, ar, SB_BAD_FIELD,
					 arena_printf(ar, "invitees[%zu].resident_id", i),
					 "no such resident in the meeting's committee",
					 "会议所属居委会没有该居民");
		if (rc != SB_OK)
			return rc;
		inv[i].name = r.name;
	}
	return SB_OK;
}

/* The residents the invitation filter picks, and the filter as kept (its
 * JSON text in ar). */
static int
invited_by_filter(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct meeting_new *in, struct arena *ar, int64_t **picked, size_t *n,
		  const char **kept, struct sb_fail *fail)
{
	const char *committee = in->committee_code, *next = NULL;
	char today[11];
	struct filter f;
	int64_t total = 0;
	json_t *fj;
	char *text;
	int rc;

	ident_today(who->now, today);
	rc = filter_from_json(st, in->invite_filter, arena_strdup(ar, today), ar, &f, fail);
	if (rc != SB_OK)
		return sb_fail(fail, rc,
			       arena_printf(ar, "invite_filter.%s", fail->field ? fail->field : ""),
			       fail->en, fail->zh);
	if (f.committee_code && strcmp(f.committee_code, committee) != 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "invite_filter.committee_code",
				 "must be the meeting's committee", "须为会议所属居委会");
	f.committee_code = committee;
	rc = committee_check_filter(st, sc, &f, committee, "invite_filter", ar, fail);
	if (rc == SB_OK)
		rc = store_filter_residents(st, sc, &f, NULL, MEETING_MAX_INVITED, ar, picked, n,
					    &total, &next);
	if (rc == SB_OK && total + (int64_t)in->ninvitees > MEETING_MAX_INVITED)
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "invite_filter",
			       "invites more than 500 people", "邀请人数超过 500");
	if (rc != SB_OK)
		return rc;
	fj = filter_to_json(&f);
	text = json_dumps(fj, JSON_COMPACT);
	json_decref(fj);
	if (text == NULL)
		return SB_INTERNAL;
	*kept = arena_strdup(ar, text);
	free(text);
	return SB_OK;
}

int
meeting_create(struct store *st, const struct scope *sc, const struct actor *who,
	       const struct meeting_new *in, struct arena *ar, struct meeting *out,
	       struct sb_fail *fail)
{
	struct meeting_row m = {0};
	struct meeting_ref meeting;
	const char *committee = in->committee_code;
	int64_t *picked = NULL;
	size_t npicked = 0, i;
	int rc;

	m.committee_code = committee;
	m.topic = in->topic;
	m.place = in->place;
	m.project_id = in->project_id;
	m.quorum_min = in->quorum_min;
	m.quorum_pct = in->quorum_pct;
	m.pass_pct = in->pass_pct;
	rc = committee_check_scope(st, sc, committee, "committee_code", SB_BAD_FIELD, ar, fail);
	if (rc == SB_OK)
		rc = held_at_of(in->held_at, &m.held_at, ar, fail);
	if (rc == SB_OK && m.project_id)
		rc = project_of_committee(st, sc, m.project_id, committee, ar, fail);
	if (rc == SB_OK)
		rc = invitees_check(st, sc, committee, in->invitees, in->ninvitees, ar, fail);
	if (rc == SB_OK && in->invite_filter)
		rc = invited_by_filter(st, sc, who, in, ar, &picked, &npicked, &m.invite_filter,
				       fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_meeting_insert(st, sc, &m, who->user_id, who->now, ar, &meeting);
	for (i = 0; rc == SB_OK && i < in->ninvitees; i++)
		rc = store_meeting_participant_add(st, &meeting, in->invitees[i].resident_id,
						   in->invitees[i].name, in->invitees[i].role);
	for (i = 0; rc == SB_OK && i < npicked; i++) {
		struct consult_resident r;

		rc = store_consult_resident(st, sc, picked[i], ar, &r);
		if (rc == SB_OK)
			rc = store_meeting_participant_add(st, &meeting, picked[i], r.name,
							   "resident");
	}
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "meeting", id_text(ar, meeting.id), committee,
			       json_pack("{s:s, s:I}", "topic", m.topic, "invited",
					 (json_int_t)(in->ninvitees + npicked)));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_meeting_get(st, sc, meeting.id, ar, out);
	return rc;
}

int
meeting_update(struct store *st, const struct scope *sc, const struct actor *who,
	       const struct meeting_ref *meeting, const struct meeting_change *in, json_t *detail,
	       struct arena *ar, struct meeting *out, struct sb_fail *fail)
{
	int64_t held = 0;
	int rc = SB_OK;

	if (in->held_at)
		rc = held_at_of(in->held_at, &held, ar, fail);
	if (rc == SB_OK && in->project_id)
		rc = project_of_committee(st, sc, in->project_id, meeting->committee, ar, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = store_meeting_update(st, meeting, in->topic, held, in->place, in->minutes,
				  in->project_id, in->quorum_min, in->quorum_pct, in->pass_pct);
	/* the minutes can be long: the audit says they changed */
	if (json_object_get(detail, "minutes"))
		json_object_set_new(detail, "minutes", json_true());
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "meeting", id_text(ar, meeting->id),
			       meeting->committee, detail);
	else
		json_decref(detail);
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_meeting_get(st, sc, meeting->id, ar, out);
	return rc;
}

int
meeting_attendance(struct store *st, const struct scope *sc, const struct actor *who,
		   const struct meeting_ref *meeting, const int64_t *present, size_t n,
		   struct arena *ar, struct meeting *out, struct sb_fail *fail)
{
	size_t i;
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	rc = store_meeting_present_clear(st, meeting);
	for (i = 0; rc == SB_OK && i < n; i++) {
		rc = store_meeting_present_set(st, meeting, present[i], true);
		if (rc == SB_NOT_FOUND)
			rc = sb_refuse(
				fail, ar, SB_BAD_FIELD, "present",
				arena_printf(ar, "participant %lld is not invited to this meeting",
					     (long long)present[i]),
				arena_printf(ar, "参会人 %lld 不在本次会议的邀请名单中",
					     (long long)present[i]));
	}
	if (rc == SB_OK)
		rc = audit_add(st, who, "attendance", "meeting", id_text(ar, meeting->id),
			       meeting->committee, json_pack("{s:I}", "present", (json_int_t)n));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_meeting_get(st, sc, meeting->id, ar, out);
	return rc;
}

int
meeting_decide(struct store *st, const struct actor *who, const struct meeting_ref *meeting,
	       const char *text, struct arena *ar, int64_t *id)
{
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	rc = store_meeting_decision_insert(st, meeting, text, who->now, id);
	if (rc == SB_OK)
		rc = audit_add(st, who, "decide", "meeting", id_text(ar, meeting->id),
			       meeting->committee,
			       json_pack("{s:I}", "decision_id", (json_int_t)*id));
	return store_end(st, rc);
}

int
meeting_motion_add(struct store *st, const struct actor *who, const struct meeting_ref *meeting,
		   const char *text, const char *kind, struct arena *ar, int64_t *id)
{
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	rc = store_meeting_motion_insert(st, meeting, text, kind, who->now, id);
	if (rc == SB_OK)
		rc = audit_add(st, who, "motion", "meeting", id_text(ar, meeting->id),
			       meeting->committee,
			       json_pack("{s:I, s:s}", "motion_id", (json_int_t)*id, "kind", kind));
	return store_end(st, rc);
}

static bool
one_of(const char *v, const char *const *list)
{
	for (; v && *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

int
meeting_vote(struct store *st, const struct scope *sc, const struct actor *who,
	     const struct meeting_ref *meeting, const struct meeting_vote *in, struct arena *ar,
	     struct meeting *out, struct sb_fail *fail)
{
	static const char *const choices[] = {"for", "against", "abstain", NULL};
	const char *kind;
	bool invited = false, satisfaction;
	int score = -1, rc;

	rc = store_meeting_motion_kind(st, meeting, in->motion_id, ar, &kind);
	if (rc == SB_NOT_FOUND)
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "motion_id",
			       "no such motion in this meeting", "本次会议没有该表决事项");
	if (rc == SB_OK)
		rc = store_meeting_participant_of(st, meeting, in->participant_id, &invited);
	if (rc == SB_OK && !invited)
		rc = sb_refuse(fail, ar, SB_BAD_FIELD, "participant_id",
			       "not invited to this meeting", "不在本次会议的邀请名单中");
	if (rc != SB_OK)
		return rc;
	satisfaction = strcmp(kind, "satisfaction") == 0;
	if (satisfaction) {
		if (in->choice || !in->has_score || in->score < 1 || in->score > 5)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "score",
					 "a satisfaction vote is a score from 1 to 5 (no choice)",
					 "满意度表决须为 1 至 5 的评分（不填 choice）");
		score = (int)in->score;
	} else if (in->has_score || !one_of(in->choice, choices)) {
		return sb_refuse(fail, ar, SB_BAD_FIELD, "choice",
				 "for, against or abstain (no score)",
				 "须为 for、against 或 abstain（不填 score）");
	}
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_meeting_vote_insert(st, meeting, in->motion_id, in->participant_id,
				       satisfaction ? NULL : in->choice, score, who->now);
	if (rc == SB_CONFLICT)
		rc = sb_refuse(fail, ar, rc, "participant_id", "has voted on this motion already",
			       "已对该事项投过票");
	if (rc == SB_OK)
		rc = store_meeting_present_set(st, meeting, in->participant_id, true);
	if (rc == SB_OK)
		rc = audit_add(st, who, "vote", "meeting", id_text(ar, meeting->id),
			       meeting->committee,
			       json_pack("{s:I, s:I}", "motion_id", (json_int_t)in->motion_id,
					 "participant_id", (json_int_t)in->participant_id));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		rc = store_meeting_get(st, sc, meeting->id, ar, out);
	return rc;
}
