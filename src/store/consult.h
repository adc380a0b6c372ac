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
struct consult_resident {
	const char *committee_code;
	bool party_member;
	const char *status;
	int64_t household_id;
	const char *name;
};
int store_consult_resident(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			   struct consult_resident *out);
struct consult_household {
	const char *committee_code;
	int64_t building_id;
	const char *status;
};
int store_consult_household(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			    struct consult_household *out);
/* An issue's committee (its area while no committee holds it). */
int store_consult_issue(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			const char **committee);

/* Surveys.  A survey found by a scoped read (store_survey_row), by its
 * answer link (store_survey_row_of_link: the token is the key) or just made
 * (store_survey_insert) gives its struct survey_ref, which the survey's
 * writes and the reads of its audience and answers take. */
STORE_REF(survey);
struct survey_row {
	struct survey_ref ref;
	const char *committee_code;
	const char *questions; /* JSON array */
	const char *status;
	const char *title;
	const char *description;
	const char *closes_on;
};
/* *out gets the new survey's reference (its committee points at committee). */
int store_survey_insert(struct store *st, const char *committee, const char *title,
			const char *description, const char *questions, const char *filter,
			const char *closes_on, int64_t user_id, int64_t now,
			struct survey_ref *out);
int store_survey_audience_add(struct store *st, const struct survey_ref *survey,
			      const int64_t *households, size_t n);
int store_survey_row(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct survey_row *out);
/* The survey of an answer link, by its token's hash: no scope, the token is
 * the key. */
int store_survey_row_of_link(struct store *st, const char *hash, struct arena *ar,
			     struct survey_row *out);
/* A survey as the API shows it. */
struct survey {
	int64_t id;
	const char *committee_code, *title, *description, *status, *closes_on; /* NULL: none */
	const char *questions;						       /* JSON array text */
	const char *audience_filter; /* JSON object text; NULL: none */
	int64_t audience, responses; /* households in the audience, responses */
	int64_t created_at;
};
struct survey_list {
	struct survey *items;
	size_t n;
};
/* A survey in scope; NOT_FOUND otherwise. */
int store_survey_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct survey *out);
/* Surveys in scope of committee and status (each NULL: any), newest first,
 * ids below before_id (0: from the newest), at most limit. */
int store_survey_list(struct store *st, const struct scope *sc, const char *committee,
		      const char *status, int64_t before_id, int limit, struct arena *ar,
		      struct survey_list *out);
int store_survey_set_status(struct store *st, const struct survey_ref *survey, const char *status,
			    const char *closes_on);
int store_survey_in_audience(struct store *st, const struct survey_ref *survey, int64_t household,
			     bool *in);
/* CONFLICT when the household has answered already. */
int store_survey_response_insert(struct store *st, const struct survey_ref *survey,
				 int64_t household, const char *channel, int64_t worker_id,
				 const char *answers, int64_t now);
struct survey_response {
	int64_t household_id, compound_id;
	const char *compound_name, *building_label, *room, *channel, *answers, *worker;
	int64_t answered_at;
};
struct survey_response_list {
	struct survey_response *items;
	size_t n;
};
int store_survey_responses(struct store *st, const struct survey_ref *survey, struct arena *ar,
			   struct survey_response_list *out);
struct survey_compound {
	int64_t compound_id;
	const char *name;
	int64_t audience;
};
int store_survey_audience_by_compound(struct store *st, const struct survey_ref *survey,
				      struct arena *ar, struct survey_compound **out, size_t *n);
int store_survey_unanswered(struct store *st, const struct survey_ref *survey, struct arena *ar,
			    int64_t **ids, size_t *n);
int store_survey_link_insert(struct store *st, const char *hash, const struct survey_ref *survey,
			     int64_t household, int64_t now, int64_t expires_at);
struct survey_link {
	int64_t survey_id, household_id, expires_at, used_at;
};
int store_survey_link_get(struct store *st, const char *hash, struct survey_link *out);
/* CONFLICT when it was used meanwhile. */
int store_survey_link_use(struct store *st, const char *hash, int64_t now);
/* Issue 17: the audience with addresses and whether each has answered, in
 * address order. */
struct survey_place {
	int64_t household_id, compound_id, building_id;
	const char *compound_name, *building_label, *room;
	bool answered;
};
int store_survey_audience_places(struct store *st, const struct survey_ref *survey,
				 struct arena *ar, struct survey_place **out, size_t *n);
/* The open surveys (on today) a household in scope is in the audience of,
 * newest first. */
struct household_survey {
	int64_t id;
	const char *title, *description, *closes_on; /* NULL: none */
	const char *questions;			     /* JSON array text */
	bool answered;
};
int store_household_surveys(struct store *st, const struct scope *sc, int64_t household,
			    const char *today, struct arena *ar, struct household_survey **out,
			    size_t *n);
/* An issue's public progress: only what the resident may see. */
struct issue_receipt {
	const char *receipt_no, *category, *status, *level, *due_date;
	bool overdue;			  /* open and past its deadline at now */
	int64_t received_at, resolved_at; /* resolved_at 0: not resolved */
	const char *committee_name;	  /* its committee's, else its street's */
	const char *committee_phone;	  /* NULL: none recorded */
};
/* An issue's public progress by receipt number and the phone's last four
 * digits; NOT_FOUND for an unknown receipt and for wrong digits alike. */
int store_issue_receipt_public(struct store *st, const char *receipt_no, const char *last4,
			       int64_t now, struct arena *ar, struct issue_receipt *out);

/* Projects.  A project is committee-bound: its reference comes from a
 * scoped read (store_project_find) or from its insert.  Reading projects,
 * their stages, signatures and timeline: store/projects.h. */
STORE_REF(project);
/* A project of committee when sc's scope holds the committee (NOT_FOUND
 * otherwise); CONFLICT when the committee has a project of that name. */
int store_project_insert(struct store *st, const struct scope *sc, const char *committee,
			 const char *name, const char *description, int64_t now, struct arena *ar,
			 struct project_ref *out);
int store_project_committee(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			    const char **committee);
/* The project id in scope, as a reference; NOT_FOUND when absent or out of scope. */
int store_project_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       struct project_ref *out);
/* Links issue when the project's committee holds it (else nothing). */
int store_project_issue_link(struct store *st, const struct project_ref *project, int64_t issue,
			     int64_t now);

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
/* A meeting is committee-bound: its reference comes from a scoped read
 * (store_meeting_find) or from its insert. */
STORE_REF(meeting);
/* A meeting of m->committee_code when sc's scope holds it (NOT_FOUND otherwise). */
int store_meeting_insert(struct store *st, const struct scope *sc, const struct meeting_row *m,
			 int64_t user_id, int64_t now, struct arena *ar, struct meeting_ref *out);
/* resident_id 0: a named outsider.  A resident already invited is kept
 * once; one of another committee than the meeting's is not invited. */
int store_meeting_participant_add(struct store *st, const struct meeting_ref *meeting,
				  int64_t resident_id, const char *name, const char *role);
int store_meeting_row(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		      struct meeting_row *out);
/* The meeting id in scope, as a reference; NOT_FOUND when absent or out of scope. */
int store_meeting_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       struct meeting_ref *out);
/* A meeting as read back: its participants (by id), decisions (by id) and
 * motions (by id) with their counts and who voted. */
struct meeting_participant {
	int64_t id;
	int64_t resident_id; /* 0: a named outsider */
	const char *name, *role;
	bool present;
};
struct meeting_decision {
	int64_t id;
	const char *text;
	int64_t decided_at;
};
struct meeting_motion {
	int64_t id;
	const char *text, *kind; /* kind: approval or satisfaction */
	int64_t created_at;
	int votes_for, against, abstain; /* approval motions */
	int scores[5];			 /* satisfaction motions: votes scoring 1..5 */
	int64_t *voted;			 /* the participants who voted, by id */
	size_t nvoted;
};
struct meeting {
	int64_t id;
	const char *committee_code;
	int64_t project_id; /* 0: none */
	const char *topic;
	int64_t held_at;
	const char *place; /* NULL: none */
	int quorum_min, quorum_pct, pass_pct;
	const char *invite_filter; /* its JSON as kept; NULL: none */
	const char *minutes;	   /* NULL: none */
	int64_t invited, present;
	int64_t created_at;
	/* store_meeting_get only; store_meeting_list leaves them empty */
	struct meeting_participant *participants;
	size_t nparticipants;
	struct meeting_decision *decisions;
	size_t ndecisions;
	struct meeting_motion *motions;
	size_t nmotions;
};
struct meeting_list {
	struct meeting *items;
	size_t n;
};
/* The meeting id in scope with its participants, decisions and motions;
 * NOT_FOUND otherwise. */
int store_meeting_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		      struct meeting *out);
/* The meetings in scope of committee (NULL: any) and project (0: any)
 * before before_id (0: the newest), newest first, at most limit. */
int store_meeting_list(struct store *st, const struct scope *sc, const char *committee,
		       int64_t project, int64_t before_id, int limit, struct arena *ar,
		       struct meeting_list *out);
/* Members left as they are: NULL strings, 0 for held_at and project_id, -1
 * for the quorum numbers. */
int store_meeting_update(struct store *st, const struct meeting_ref *meeting, const char *topic,
			 int64_t held_at, const char *place, const char *minutes,
			 int64_t project_id, int quorum_min, int quorum_pct, int pass_pct);
int store_meeting_present_clear(struct store *st, const struct meeting_ref *meeting);
/* NOT_FOUND when participant is not of this meeting. */
int store_meeting_present_set(struct store *st, const struct meeting_ref *meeting,
			      int64_t participant, bool present);
int store_meeting_decision_insert(struct store *st, const struct meeting_ref *meeting,
				  const char *text, int64_t now, int64_t *id);
int store_meeting_motion_insert(struct store *st, const struct meeting_ref *meeting,
				const char *text, const char *kind, int64_t now, int64_t *id);
/* NOT_FOUND when the motion is not of this meeting. */
int store_meeting_motion_kind(struct store *st, const struct meeting_ref *meeting, int64_t motion,
			      struct arena *ar, const char **kind);
int store_meeting_participant_of(struct store *st, const struct meeting_ref *meeting,
				 int64_t participant, bool *is);
/* CONFLICT when the participant has voted on the motion already; NOT_FOUND
 * when the motion is not of this meeting. */
int store_meeting_vote_insert(struct store *st, const struct meeting_ref *meeting, int64_t motion,
			      int64_t participant, const char *choice, int score, int64_t now);

/* The party tree.  Every function reading or writing it takes the caller's
 * scope (an organisation just made gives its struct party_org_ref, which
 * its buildings and members take); out of scope is NOT_FOUND. */
/* Every building of a committee with its living party members. */
struct party_building_row {
	int64_t id, compound_id;
	const char *label, *compound_name;
	int members;
};
int store_party_buildings(struct store *st, const struct scope *sc, const char *committee,
			  struct arena *ar, struct party_building_row **out, size_t *n);
/* Without scope: the command line's proposal. */
int store_party_buildings_unscoped(struct store *st, const char *committee, struct arena *ar,
				   struct party_building_row **out, size_t *n);
struct party_member_row {
	int64_t building_id, resident_id;
	const char *name;
};
int store_party_building_members(struct store *st, const struct scope *sc, const char *committee,
				 struct arena *ar, struct party_member_row **out, size_t *n);
/* Without scope: the command line's proposal. */
int store_party_building_members_unscoped(struct store *st, const char *committee, struct arena *ar,
					  struct party_member_row **out, size_t *n);
/* Removes the committee's tree (nothing when out of scope). */
int store_party_tree_delete(struct store *st, const struct scope *sc, const char *committee);
STORE_REF(party_org);
struct party_org_row {
	const char *committee_code;
	const char *kind;
	const char *name;
	int64_t parent_id, compound_id, leader_id, liaison_id; /* 0: none */
	int position;
};
/* *out the new organisation (its committee points at o->committee_code). */
int store_party_org_insert(struct store *st, const struct scope *sc, const struct party_org_row *o,
			   struct party_org_ref *out);
int store_party_org_building_add(struct store *st, const struct party_org_ref *org,
				 int64_t building);
/* CONFLICT when the resident is listed twice on the organisation. */
int store_party_org_member_add(struct store *st, const struct party_org_ref *org, int64_t resident);
/* A resident named on an organisation or a building (id 0: none). */
struct party_person {
	int64_t id;
	const char *name;
};
/* An organisation of a committee's tree, as the API shows it. */
struct party_org {
	int64_t id;
	const char *kind, *name;
	int64_t parent_id, compound_id;	     /* 0: none */
	struct party_person leader, liaison; /* id 0: none */
	int64_t *building_ids;
	size_t nbuildings;
	struct party_person *members; /* by id */
	size_t nmembers;
};
/* The organisations of a committee in scope, in position order (none: an
 * empty list). */
int store_party_tree(struct store *st, const struct scope *sc, const char *committee,
		     struct arena *ar, struct party_org **out, size_t *n);
/* 亮身份: a building and its living party members, with their group. */
struct party_member_seen {
	int64_t id;
	const char *name, *room, *group; /* group NULL: in none */
};
struct party_building_members {
	int64_t building_id, compound_id;
	const char *label, *compound_name;
	struct party_member_seen *members;
	size_t nmembers;
};
/* The buildings of a committee in scope (building_id 0: all, else that one),
 * each with its members. */
int store_party_members(struct store *st, const struct scope *sc, const char *committee,
			int64_t building_id, struct arena *ar, struct party_building_members **out,
			size_t *n);
/* resident 0 clears the household's link; NOT_FOUND when committee is out of scope. */
int store_liaison_set(struct store *st, const struct scope *sc, int64_t household, int64_t resident,
		      const char *committee, int64_t now);
/* The liaison coverage of a committee in scope (NOT_FOUND out of scope):
 * active households and those a living party member links, per building,
 * per party member, and the households no one links (by id). */
struct liaison_building {
	int64_t building_id;
	const char *label, *compound_name;
	int64_t households, linked;
};
struct liaison_member {
	int64_t resident_id;
	const char *name;
	int64_t households;
};
struct liaison_coverage {
	int64_t households, linked;
	struct liaison_building *by_building;
	size_t nbuildings;
	struct liaison_member *by_member;
	size_t nmembers;
	int64_t *unlinked_household_ids;
	size_t nunlinked;
};
int store_liaison_coverage(struct store *st, const struct scope *sc, const char *committee,
			   struct arena *ar, struct liaison_coverage *out);

/* Volunteers, teams, activities: rows as structs (the API renders them). */
/* A volunteer or team found in scope (store_volunteer_find, _get, _list;
 * store_team_find, _get, _list): what their writes take. */
STORE_REF(volunteer);
STORE_REF(team);
/* An activity just inserted (store_activity_insert): what adding its
 * volunteers and residents served takes. */
STORE_REF(activity);

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

/* Resident resident (of committee, checked by the caller) becomes a
 * volunteer of committee when committee is in sc's scope (NOT_FOUND
 * otherwise); *out gets the new row's reference.  CONFLICT when the resident
 * is a volunteer already. */
int store_volunteer_insert(struct store *st, const struct scope *sc, int64_t resident,
			   const char *committee, const char *skills, const char *availability,
			   int64_t now, struct arena *ar, struct volunteer_ref *out);
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
/* A team of committee when committee is in sc's scope (NOT_FOUND
 * otherwise); *out gets its reference.  CONFLICT when the committee has a
 * team of that name. */
int store_team_insert(struct store *st, const struct scope *sc, const char *committee,
		      const char *name, const char *kind, int64_t now, struct arena *ar,
		      struct team_ref *out);
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
/* The team's members become the n volunteers (ids the caller checked are of
 * the team's committee: core's volunteers_of). */
int store_team_members_set(struct store *st, const struct team_ref *team, const int64_t *volunteers,
			   size_t n);
/* An activity of committee (team_id 0: none; checked by the caller) when
 * committee is in sc's scope (NOT_FOUND otherwise); *out gets its reference,
 * which its volunteers and residents served are added to. */
int store_activity_insert(struct store *st, const struct scope *sc, const char *committee,
			  int64_t team_id, const char *title, const char *date, const char *place,
			  int64_t user_id, int64_t now, struct arena *ar, struct activity_ref *out);
/* The volunteer's (checked of the activity's committee by the caller) hours
 * in tenths.  CONFLICT when a volunteer is listed twice. */
int store_activity_volunteer_add(struct store *st, const struct activity_ref *activity,
				 int64_t volunteer, int tenths);
/* A resident (checked of the activity's committee by the caller) served. */
int store_activity_served_add(struct store *st, const struct activity_ref *activity,
			      int64_t resident);
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
