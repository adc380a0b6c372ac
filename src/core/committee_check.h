#ifndef SB_COMMITTEE_CHECK_H
#define SB_COMMITTEE_CHECK_H

/*
 * The checks a committee-bound resource (a meeting, a project, a notice)
 * makes of what its body names: the committee is in the caller's
 * jurisdiction, an id names a row of that committee, an account serves it.
 * The same rules and refusals as api/common.c's api_committee_in_scope and
 * api_*_of_committee, for core callers (a refusal names the field and is
 * written into fail, its texts in ar).
 */

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/errors.h"

/* code names a committee in sc's jurisdiction: SB_OK; otherwise err
 * (BAD_FIELD for a body, BAD_QUERY for a query) naming field, "required"
 * when code is NULL. */
int committee_check_scope(struct store *st, const struct scope *sc, const char *code,
			  const char *field, int err, struct arena *ar, struct sb_fail *fail);

/* code names a committee in sc's jurisdiction: SB_OK, else NOT_FOUND (a
 * committee in a path). */
int committee_check_found(struct store *st, const struct scope *sc, const char *code,
			  struct arena *ar);

/* id names a row of table (one with a committee_code: "building",
 * "compound", "survey", "meeting", …) in sc's scope and of committee:
 * SB_OK; else BAD_FIELD naming field (and the id). */
int committee_check_row(struct store *st, const struct scope *sc, const char *table,
			const char *committee, const char *field, int64_t id, struct arena *ar,
			struct sb_fail *fail);
/* The same for each of n ids, the first at fault refused. */
int committee_check_rows(struct store *st, const struct scope *sc, const char *table,
			 const char *committee, const char *field, const int64_t *ids, size_t n,
			 struct arena *ar, struct sb_fail *fail);

/* id names an active worker account (or head, when heads_too) serving
 * committee: SB_OK, else BAD_FIELD naming field. */
int committee_check_worker(struct store *st, const char *committee, const char *field, int64_t id,
			   bool heads_too, struct arena *ar, struct sb_fail *fail);

/* The place ids of a register filter kept with a resource of committee
 * (compound_id, building_id, team_id): each of committee, else BAD_FIELD
 * naming member.compound_id, member.building_id or member.team_id. */
int committee_check_filter(struct store *st, const struct scope *sc, const struct filter *f,
			   const char *committee, const char *member, struct arena *ar,
			   struct sb_fail *fail);

/* For the helper sc->user_id: whether the household, building, resident or
 * campaign target (kind "household", "building", "resident", anything else
 * a target) id lies in its buildings.  SB_OK when it does; otherwise
 * BAD_FIELD naming field, or NOT_FOUND when field is NULL (an id in a path). */
int helper_check_has(struct store *st, const struct scope *sc, const char *kind, int64_t id,
		     const char *field, struct arena *ar, struct sb_fail *fail);

#endif
