#ifndef SB_SCOPE_CHECKS_H
#define SB_SCOPE_CHECKS_H

/*
 * The checks that ids given in a body (or a path) name rows a caller may
 * use: a row of a given committee in the caller's jurisdiction, a worker
 * serving a committee, a row in a helper's buildings (docs/accounts.md,
 * "Light accounts").  Shared by every resource that writes such ids; each
 * refusal is filled into *fail with the field named, for api_fail.
 */

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/errors.h"

/* id names a row of table (one with a committee_code: "issue", "resident",
 * "household", "building", "compound", "team", …) in sc's jurisdiction and
 * of committee (NULL: no committee, always refused).  SB_OK, or BAD_FIELD
 * naming field (the message names the id); other codes are store failures. */
int scope_check_id_of_committee(struct store *st, const struct scope *sc, const char *table,
				const char *committee, const char *field, int64_t id,
				struct arena *ar, struct sb_fail *fail);

/* id names an enabled worker account (or committee head, when heads_too)
 * serving committee: SB_OK, or BAD_FIELD naming field. */
int scope_check_worker_of_committee(struct store *st, const char *committee, const char *field,
				    int64_t id, bool heads_too, struct arena *ar,
				    struct sb_fail *fail);

/* For the helper sc->user_id: whether the household, building, resident or
 * campaign target (kind "household", "building", "resident", anything else
 * a target) id lies in its buildings.  SB_OK when it does; otherwise
 * BAD_FIELD naming field, or NOT_FOUND when field is NULL (an id in a path). */
int scope_check_helper_has(struct store *st, const struct scope *sc, const char *kind, int64_t id,
			   const char *field, struct arena *ar, struct sb_fail *fail);

#endif
