#ifndef SB_STORE_CONSULT_H
#define SB_STORE_CONSULT_H

/*
 * The store's part of consultation and networks (store/consult.c): surveys,
 * projects, meetings, the party tree, liaison, volunteers, teams and
 * activities.  Like the rest of the store: SQL stays inside, scope is a
 * parameter of everything that reads people's data, strings come back in
 * the caller's arena.  Reads meant for the API come back as JSON text
 * shaped by the query (*json); SB_NOT_FOUND when the row is missing or out
 * of scope.  Lists take limit and a cursor (the last id seen, 0 first).
 */

#include "store/store.h"

/* What a committee-bound row belongs to, in scope (NOT_FOUND otherwise). */
struct ct_resident {
	const char *committee_code;
	bool party_member;
	const char *status;
	int64_t household_id;
	const char *name;
};
int store_ct_resident(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		      struct ct_resident *out);
struct ct_household {
	const char *committee_code;
	int64_t building_id;
	const char *status;
};
int store_ct_household(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       struct ct_household *out);
/* An issue's committee (its area while no committee holds it). */
int store_ct_issue(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   const char **committee);

/* Surveys. */
struct survey_row {
	const char *committee_code;
	const char *questions; /* JSON array */
	const char *status;
	const char *title;
	const char *description;
	const char *closes_on;
};
int store_survey_insert(struct store *st, const char *committee, const char *title,
			const char *description, const char *questions, const char *filter,
			const char *closes_on, int64_t user_id, int64_t now, int64_t *id);
int store_survey_audience_add(struct store *st, int64_t survey, const int64_t *households,
			      size_t n);
int store_survey_row(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct survey_row *out);
/* Without scope: for the answer link, whose token is the key. */
int store_survey_row_public(struct store *st, int64_t id, struct arena *ar, struct survey_row *out);
int store_survey_json(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		      const char **json);
int store_survey_list(struct store *st, const struct scope *sc, const char *committee,
		      const char *status, int64_t before_id, int limit, struct arena *ar,
		      const char **json);
int store_survey_set_status(struct store *st, int64_t id, const char *status,
			    const char *closes_on);
int store_survey_in_audience(struct store *st, int64_t survey, int64_t household, bool *in);
/* CONFLICT when the household has answered already. */
int store_survey_response_insert(struct store *st, int64_t survey, int64_t household,
				 const char *channel, int64_t worker_id, const char *answers,
				 int64_t now);
struct survey_response {
	int64_t household_id, compound_id;
	const char *compound_name, *building_label, *room, *channel, *answers, *worker;
	int64_t answered_at;
};
struct survey_response_list {
	struct survey_response *items;
	size_t n;
};
int store_survey_responses(struct store *st, int64_t survey, struct arena *ar,
			   struct survey_response_list *out);
struct survey_compound {
	int64_t compound_id;
	const char *name;
	int64_t audience;
};
int store_survey_audience_by_compound(struct store *st, int64_t survey, struct arena *ar,
				      struct survey_compound **out, size_t *n);
int store_survey_unanswered(struct store *st, int64_t survey, struct arena *ar, int64_t **ids,
			    size_t *n);
int store_survey_link_insert(struct store *st, const char *hash, int64_t survey, int64_t household,
			     int64_t now, int64_t expires_at);
struct survey_link {
	int64_t survey_id, household_id, expires_at, used_at;
};
int store_survey_link_get(struct store *st, const char *hash, struct survey_link *out);
/* CONFLICT when it was used meanwhile. */
int store_survey_link_use(struct store *st, const char *hash, int64_t now);
/* Issue 17: the audience with addresses and answered flags; a household's open surveys. */
int store_survey_audience_places(struct store *st, int64_t survey, struct arena *ar,
				 const char **json);
int store_household_surveys(struct store *st, const struct scope *sc, int64_t household,
			    const char *today, struct arena *ar, const char **json);
/* An issue's public progress by receipt number and the phone's last four
 * digits; NOT_FOUND for an unknown receipt and for wrong digits alike. */
int store_issue_receipt_public(struct store *st, const char *receipt_no, const char *last4,
			       int64_t now, struct arena *ar, const char **json);

/* Projects. */
int store_project_insert(struct store *st, const char *committee, const char *name,
			 const char *description, int64_t now, int64_t *id);
int store_project_committee(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			    const char **committee);
int store_project_json(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       const char **json);
int store_project_list(struct store *st, const struct scope *sc, const char *committee,
		       int64_t before_id, int limit, struct arena *ar, const char **json);
int store_project_issue_link(struct store *st, int64_t project, int64_t issue, int64_t now);
/* The timeline of a project already found in scope. */
int store_project_timeline(struct store *st, int64_t project, struct arena *ar, const char **json);

/* Meetings. */
struct meeting_row {
	const char *committee_code;
	int64_t project_id; /* 0: none */
	const char *topic;
	int64_t held_at;
	const char *place;
	int quorum_min, quorum_pct, pass_pct;
	const char *invite_filter; /* JSON or NULL */
};
int store_meeting_insert(struct store *st, const struct meeting_row *m, int64_t user_id,
			 int64_t now, int64_t *id);
/* resident_id 0: a named outsider.  A resident already invited is kept once. */
int store_meeting_participant_add(struct store *st, int64_t meeting, int64_t resident_id,
				  const char *name, const char *role);
int store_meeting_row(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		      struct meeting_row *out);
int store_meeting_json(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       const char **json);
int store_meeting_list(struct store *st, const struct scope *sc, const char *committee,
		       int64_t project, int64_t before_id, int limit, struct arena *ar,
		       const char **json);
/* Members left as they are: NULL strings, 0 for held_at and project_id, -1
 * for the quorum numbers. */
int store_meeting_update(struct store *st, int64_t id, const char *topic, int64_t held_at,
			 const char *place, const char *minutes, int64_t project_id, int quorum_min,
			 int quorum_pct, int pass_pct);
int store_meeting_present_clear(struct store *st, int64_t meeting);
/* NOT_FOUND when participant is not of this meeting. */
int store_meeting_present_set(struct store *st, int64_t meeting, int64_t participant, bool present);
int store_meeting_decision_insert(struct store *st, int64_t meeting, const char *text, int64_t now,
				  int64_t *id);
int store_meeting_motion_insert(struct store *st, int64_t meeting, const char *text,
				const char *kind, int64_t now, int64_t *id);
/* NOT_FOUND when the motion is not of this meeting. */
int store_meeting_motion_kind(struct store *st, int64_t meeting, int64_t motion, struct arena *ar,
			      const char **kind);
int store_meeting_participant_of(struct store *st, int64_t meeting, int64_t participant, bool *is);
/* CONFLICT when the participant has voted on the motion already. */
int store_meeting_vote_insert(struct store *st, int64_t motion, int64_t participant,
			      const char *choice, int score, int64_t now);

/* The party tree. */
/* Every building of a committee with its living party members (no scope:
 * the caller has checked the committee). */
struct party_building_row {
	int64_t id, compound_id;
	const char *label, *compound_name;
	int members;
};
int store_party_buildings(struct store *st, const char *committee, struct arena *ar,
			  struct party_building_row **out, size_t *n);
struct party_member_row {
	int64_t building_id, resident_id;
	const char *name;
};
int store_party_building_members(struct store *st, const char *committee, struct arena *ar,
				 struct party_member_row **out, size_t *n);
int store_party_tree_delete(struct store *st, const char *committee);
struct party_org_row {
	const char *committee_code;
	const char *kind;
	const char *name;
	int64_t parent_id, compound_id, leader_id, liaison_id; /* 0: none */
	int position;
};
int store_party_org_insert(struct store *st, const struct party_org_row *o, int64_t *id);
int store_party_org_building_add(struct store *st, int64_t org, int64_t building);
/* CONFLICT when the resident is listed twice on the organisation. */
int store_party_org_member_add(struct store *st, int64_t org, int64_t resident);
int store_party_tree_json(struct store *st, const struct scope *sc, const char *committee,
			  struct arena *ar, const char **json);
int store_party_members_json(struct store *st, const struct scope *sc, const char *committee,
			     int64_t building_id, struct arena *ar, const char **json);
/* resident 0 clears the household's link. */
int store_liaison_set(struct store *st, int64_t household, int64_t resident, const char *committee,
		      int64_t now);
int store_liaison_coverage(struct store *st, const struct scope *sc, const char *committee,
			   struct arena *ar, const char **json);

/* Volunteers, teams, activities: rows as structs (the API renders them). */
/* A volunteer or team found in scope (store_volunteer_find, _get, _list;
 * store_team_find, _get, _list): what their writes take. */
STORE_REF(volunteer);
STORE_REF(team);

struct team_brief {
	int64_t id;
	const char *name;
};

struct volunteer {
	int64_t id, resident_id;
	const char *name; /* the resident's */
	const char *committee_code;
	const char *skills; /* JSON array text of strings, as kept */
	const char *availability;
	struct team_brief *teams; /* by id */
	size_t nteams;
	int64_t hours_tenths; /* over every activity, in tenths of an hour */
	int64_t activities;
	int64_t created_at;
	struct volunteer_ref ref;
};

struct team_member {
	int64_t volunteer_id, resident_id;
	const char *name;
};

struct team {
	int64_t id;
	const char *committee_code, *name, *kind; /* kind NULL: none */
	struct team_member *members;		  /* by volunteer id */
	size_t nmembers;
	int64_t activities;
	int64_t created_at;
	struct team_ref ref;
};

struct activity_volunteer {
	int64_t volunteer_id;
	const char *name;
	int tenths;
};

struct activity {
	int64_t id;
	const char *committee_code;
	int64_t team_id; /* 0: none */
	const char *title, *date, *place;
	struct activity_volunteer *volunteers; /* by volunteer id */
	size_t nvolunteers;
	int64_t hours_tenths;
	int64_t *served_ids; /* residents served, ascending */
	size_t nserved_ids;
	int64_t served;
	int64_t created_at;
};

/* CONFLICT when the resident is a volunteer already. */
int store_volunteer_insert(struct store *st, int64_t resident, const char *committee,
			   const char *skills, const char *availability, int64_t now, int64_t *id);
/* Volunteer id in scope: its reference (NOT_FOUND otherwise). */
int store_volunteer_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			 struct volunteer_ref *out);
/* Volunteer id in scope with its teams, hours and activities. */
int store_volunteer_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			struct volunteer *out);
/* Volunteers in scope of committee (NULL: any) having skill (NULL: any),
 * ids above after_id, ascending, at most limit. */
int store_volunteer_list(struct store *st, const struct scope *sc, const char *committee,
			 const char *skill, int64_t after_id, int limit, struct arena *ar,
			 struct volunteer **out, size_t *n);
/* NULL keeps skills or availability. */
int store_volunteer_update(struct store *st, const struct volunteer_ref *v, const char *skills,
			   const char *availability);
int store_team_insert(struct store *st, const char *committee, const char *name, const char *kind,
		      int64_t now, int64_t *id);
/* Team id in scope: its reference (NOT_FOUND otherwise). */
int store_team_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		    struct team_ref *out);
int store_team_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct team *out);
/* Teams in scope of committee (NULL: any) past after_id, ascending, at most limit. */
int store_team_list(struct store *st, const struct scope *sc, const char *committee,
		    int64_t after_id, int limit, struct arena *ar, struct team **out, size_t *n);
/* NULL keeps name or kind; CONFLICT when the committee has a team of that name. */
int store_team_update(struct store *st, const struct team_ref *t, const char *name,
		      const char *kind);
int store_team_members_set(struct store *st, int64_t team, const int64_t *volunteers, size_t n);
int store_activity_insert(struct store *st, const char *committee, int64_t team_id,
			  const char *title, const char *date, const char *place, int64_t user_id,
			  int64_t now, int64_t *id);
/* CONFLICT when a volunteer is listed twice. */
int store_activity_volunteer_add(struct store *st, int64_t activity, int64_t volunteer, int tenths);
int store_activity_served_add(struct store *st, int64_t activity, int64_t resident);
int store_activity_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       struct activity *out);
/* Activities in scope of committee (NULL: any) and team (0: any) held in
 * [from, to] (NULL: open), ids below before_id (0: any), newest first, at
 * most limit. */
int store_activity_list(struct store *st, const struct scope *sc, const char *committee,
			int64_t team, const char *from, const char *to, int64_t before_id,
			int limit, struct arena *ar, struct activity **out, size_t *n);

/* Totals of a committee's activities over [from, to] (dates). */
struct volunteer_total {
	int64_t volunteer_id;
	const char *name;
	int64_t activities, hours_tenths;
};
struct team_total {
	int64_t team_id;
	const char *name;
	int64_t activities, hours_tenths, served;
};
struct month_total {
	const char *month; /* YYYY-MM */
	int64_t activities, hours_tenths, served;
};
struct volunteer_totals {
	int64_t activities, hours_tenths, served;
	struct volunteer_total *by_volunteer; /* most hours first */
	size_t nby_volunteer;
	struct team_total *by_team; /* by team id */
	size_t nby_team;
	struct month_total *by_month; /* by month */
	size_t nby_month;
};
/* NOT_FOUND when committee is not in sc's jurisdiction. */
int store_volunteer_totals(struct store *st, const struct scope *sc, const char *committee,
			   const char *from, const char *to, struct arena *ar,
			   struct volunteer_totals *out);

#endif
