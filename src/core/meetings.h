#ifndef SB_MEETINGS_H
#define SB_MEETINGS_H

/*
 * Meetings (议事会, docs/consultation.md): who is invited (by hand and by a
 * register filter), attendance, minutes, decisions, motions and votes.
 * What the API does with a meeting, each write in its own transaction with
 * its audit entry; the tally of a vote is core/consult.h's.  No SQL, no HTTP.
 */

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "core/consult.h"
#include "store/consult.h"
#include "util/errors.h"

#define MEETING_MAX_INVITED 500

/* One invitee picked by hand: a resident (resident_id, its name read here)
 * or a named outsider (resident_id 0). */
struct meeting_invitee {
	int64_t resident_id;
	const char *name;
	const char *role; /* resident, building_leader, party_member, … */
};

/* A new meeting, its syntax already checked. */
struct meeting_new {
	const char *committee_code, *topic, *place;
	const char *held_at; /* RFC 3339, checked here */
	int64_t project_id;  /* 0: none */
	int quorum_min, quorum_pct, pass_pct;
	struct meeting_invitee *invitees;
	size_t ninvitees;
	json_t *invite_filter; /* the register filter of those invited; NULL: none */
};

/* The meeting id in sc's scope; NOT_FOUND otherwise (an id in a path). */
int meeting_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct meeting_ref *out);
/* A meeting in scope, with its participants, decisions and motions with
 * their counts (NOT_FOUND otherwise). */
int meeting_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct meeting *out);
/* The meetings of committee (NULL: all in scope; checked here: BAD_QUERY)
 * and project (0: any) before the id cursor (0: first), newest first, at
 * most limit (without their participants, decisions and motions). */
int meeting_list(struct store *st, const struct scope *sc, const char *committee, int64_t project,
		 int64_t cursor, int limit, struct arena *ar, struct meeting_list *out,
		 struct sb_fail *fail);
/* The tally of motion v of meeting m against the meeting's quorum rule
 * (vote_tally_finish, core/consult.h). */
void meeting_motion_tally(const struct meeting *m, const struct meeting_motion *v,
			  struct vote_tally *t);

/* Creates a meeting: the committee in scope, held_at a time, the project
 * (if any) and each invited resident (living) of the committee, the filter
 * of the committee; at most MEETING_MAX_INVITED invited in all.  BAD_FIELD
 * naming the member otherwise.  *out: the meeting as meeting_get gives it. */
int meeting_create(struct store *st, const struct scope *sc, const struct actor *who,
		   const struct meeting_new *in, struct arena *ar, struct meeting *out,
		   struct sb_fail *fail);

/* A change of a meeting: NULL strings and 0 ids are left as they are, -1
 * quorum numbers too. */
struct meeting_change {
	const char *topic, *place, *minutes;
	const char *held_at; /* RFC 3339, checked here; NULL: as it is */
	int64_t project_id;
	int quorum_min, quorum_pct, pass_pct;
};
/* Changes a meeting: held_at a time, the project of the meeting's committee
 * (BAD_FIELD otherwise).  detail (the body, stolen) goes to the audit, the
 * minutes only said to have changed. */
int meeting_update(struct store *st, const struct scope *sc, const struct actor *who,
		   const struct meeting_ref *meeting, const struct meeting_change *in,
		   json_t *detail, struct arena *ar, struct meeting *out, struct sb_fail *fail);
/* The participants present, all others absent: each must be invited
 * (BAD_FIELD naming present otherwise). */
int meeting_attendance(struct store *st, const struct scope *sc, const struct actor *who,
		       const struct meeting_ref *meeting, const int64_t *present, size_t n,
		       struct arena *ar, struct meeting *out, struct sb_fail *fail);
/* Records a decision; *id the decision's. */
int meeting_decide(struct store *st, const struct actor *who, const struct meeting_ref *meeting,
		   const char *text, struct arena *ar, int64_t *id);
/* Puts a motion (kind "approval" or "satisfaction") to the vote; *id the motion's. */
int meeting_motion_add(struct store *st, const struct actor *who, const struct meeting_ref *meeting,
		       const char *text, const char *kind, struct arena *ar, int64_t *id);

/* A vote: choice (for, against, abstain) on an approval motion, score 1–5
 * (has_score) on a satisfaction motion. */
struct meeting_vote {
	int64_t motion_id, participant_id;
	const char *choice; /* NULL: none given */
	bool has_score;
	int64_t score;
};
/* Records a vote of an invited participant on a motion of this meeting,
 * once, and counts the voter present.  BAD_FIELD naming motion_id,
 * participant_id, score or choice, CONFLICT naming participant_id when it
 * has voted already. */
int meeting_vote(struct store *st, const struct scope *sc, const struct actor *who,
		 const struct meeting_ref *meeting, const struct meeting_vote *in, struct arena *ar,
		 struct meeting *out, struct sb_fail *fail);

#endif
