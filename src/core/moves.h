#ifndef SB_MOVES_H
#define SB_MOVES_H

/* Splitting and merging committees (core/moves.c). */

#include <jansson.h>

#include "core/accounts.h"
#include "store/store.h"
#include "util/errors.h"

/* Moves a compound of the caller's jurisdiction to committee to, counting
 * from effective_on (today or a day past), in one transaction, audited.
 * *result: what moved (the audit detail), for the caller to answer and
 * json_decref.  NOT_FOUND: no such compound in scope; BAD_FIELD naming
 * committee_code or effective_on; CONFLICT: to has a compound of that name. */
int compound_move(struct store *st, const struct scope *sc, const struct actor *who,
		  int64_t compound_id, const char *to, const char *effective_on, struct arena *ar,
		  json_t **result, struct sb_fail *fail);

#endif
