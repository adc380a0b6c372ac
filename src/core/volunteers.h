#ifndef SB_VOLUNTEERS_H
#define SB_VOLUNTEERS_H

/*
 * Volunteers, teams and activities (docs/consultation.md): volunteer
 * residents with skills and availability, teams (红袖章, 攻坚队, 楼道助理 …),
 * activities with hours and residents served, totals per volunteer, team
 * and month.  The API checks a body's syntax; who and what it names, and
 * the writes with their audit, are here.  Rows come back as the store's
 * structs (store/consult.h), in the arena; the API renders them.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "store/consult.h"
#include "store/people.h" /* struct helper_total */
#include "store/store.h"
#include "util/errors.h"

#define TEAM_MAX_MEMBERS 500
#define ACTIVITY_MAX 1000

/* Makes resident_id (living, in sc's jurisdiction; BAD_FIELD otherwise) a
 * volunteer of its committee with skills (a JSON array text; NULL: none)
 * and availability (NULL: none); CONFLICT when it is one already.  Audited,
 * in its own transaction; *out the volunteer as read back. */
int volunteer_create(struct store *st, const struct scope *sc, const struct actor *who,
		     int64_t resident_id, const char *skills, const char *availability,
		     struct arena *ar, struct volunteer *out, struct sb_fail *fail);
/* Volunteer id in scope (NOT_FOUND otherwise). */
int volunteer_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  struct volunteer *out);
/* The volunteers in scope of committee (NULL: all) with skill (NULL: any),
 * ids above after_id, ascending, at most limit. */
int volunteer_list(struct store *st, const struct scope *sc, const char *committee,
		   const char *skill, int64_t after_id, int limit, struct arena *ar,
		   struct volunteer **out, size_t *n);
/* Volunteer id in scope (NOT_FOUND otherwise): read before a write's body is
 * looked at. */
int volunteer_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct volunteer_ref *out);
/* Sets the skills (JSON array text) and availability of volunteer v (as
 * volunteer_find read it); NULL keeps either.  Audited, in its own
 * transaction; *out as read back. */
int volunteer_update(struct store *st, const struct scope *sc, const struct actor *who,
		     const struct volunteer_ref *v, const char *skills, const char *availability,
		     struct arena *ar, struct volunteer *out);

/* Creates a team of committee (in the caller's jurisdiction, checked by the
 * caller) named name (unique in it: CONFLICT naming "name"), of kind (NULL:
 * none), with members (volunteers of the committee: BAD_FIELD naming
 * "member_ids").  Audited, in its own transaction; *out as read back. */
int team_create(struct store *st, const struct scope *sc, const struct actor *who,
		const char *committee, const char *name, const char *kind, const int64_t *members,
		size_t nmembers, struct arena *ar, struct team *out, struct sb_fail *fail);
/* Team id in scope (NOT_FOUND otherwise). */
int team_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	     struct team *out);
/* The teams in scope of committee (NULL: all) past after_id, ascending, at
 * most limit. */
int team_list(struct store *st, const struct scope *sc, const char *committee, int64_t after_id,
	      int limit, struct arena *ar, struct team **out, size_t *n);
/* Team id in scope (NOT_FOUND otherwise): read before a write's body. */
int team_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	      struct team_ref *out);
/* Renames team t (as team_find read it), sets its kind (NULL keeps either)
 * and, when has_members, its whole list of members (as team_create).
 * Audited, in its own transaction; *out as read back. */
int team_update(struct store *st, const struct scope *sc, const struct actor *who,
		const struct team_ref *t, const char *name, const char *kind, bool has_members,
		const int64_t *members, size_t nmembers, struct arena *ar, struct team *out,
		struct sb_fail *fail);

/* An activity as sent, its syntax checked by the API. */
struct activity_input {
	const char *committee; /* in the caller's jurisdiction, checked by the caller */
	int64_t team_id;       /* 0: none */
	const char *title, *date, *place;
	const int64_t *volunteers; /* distinct, each with its hours in tenths */
	const int *tenths;
	size_t nvolunteers;
	const int64_t *served; /* residents served */
	size_t nserved;
};

/* Records an activity: its team, volunteers (naming volunteers[i].volunteer_id)
 * and residents served of its committee (BAD_FIELD otherwise).  Audited, in
 * its own transaction; *out as read back. */
int activity_create(struct store *st, const struct scope *sc, const struct actor *who,
		    const struct activity_input *in, struct arena *ar, struct activity *out,
		    struct sb_fail *fail);
/* Activity id in scope (NOT_FOUND otherwise). */
int activity_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct activity *out);
/* The activities in scope of committee (NULL: all) and team (0: any) held
 * in [from, to] (NULL: open), ids below before_id (0: the newest), newest
 * first, at most limit. */
int activity_list(struct store *st, const struct scope *sc, const char *committee, int64_t team,
		  const char *from, const char *to, int64_t before_id, int limit, struct arena *ar,
		  struct activity **out, size_t *n);

/* GET /reports/volunteers: committee's totals per volunteer, team and month
 * over [from, to] (NULL: open; NOT_FOUND when committee is out of scope),
 * and (issue 19) what its volunteers with a helper's account did: the
 * visits and the campaign entries done (src/core/reports/volunteers.c). */
int volunteer_report(struct store *st, const struct scope *sc, const char *committee,
		     const char *from, const char *to, struct arena *ar,
		     struct volunteer_totals *totals, struct helper_total **helpers,
		     size_t *nhelpers);

#endif
