#ifndef SB_COMMITTEE_CHECK_H
#define SB_COMMITTEE_CHECK_H

/*
 * Ids named in a body, held to the committee of the resource being written
 * (docs/api.md): the rule of api_id_of_committee (api/common.c), for core
 * functions that check such ids inside their own work, with the same
 * refusals.  Issue 15 moves common.c's helpers into core as well; when both
 * have landed the two are one.
 */

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/errors.h"

/* id names a row of table (one with a committee_code: "resident",
 * "household", "building", "compound", "team", …) in sc's jurisdiction and
 * of committee: SB_OK; else BAD_FIELD naming field ("field: no building 7 in
 * committee C"), the message in ar. */
int committee_id_check(struct store *st, const struct scope *sc, const char *table,
		       const char *committee, const char *field, int64_t id, struct arena *ar,
		       struct sb_fail *fail);
/* The same for each of ids[0..n), stopping at the first refused. */
int committee_ids_check(struct store *st, const struct scope *sc, const char *table,
			const char *committee, const char *field, const int64_t *ids, size_t n,
			struct arena *ar, struct sb_fail *fail);
/* The place ids of a register filter kept with a resource (compound_id,
 * building_id, team_id), each of committee, naming member.compound_id, … */
int committee_filter_check(struct store *st, const struct scope *sc, const struct filter *f,
			   const char *committee, const char *member, struct arena *ar,
			   struct sb_fail *fail);

#endif
