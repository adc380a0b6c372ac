#ifndef SB_MOVES_H
#define SB_MOVES_H

/* Splitting and merging committees (core/moves.c). */

#include <jansson.h>

#include "core/accounts.h"
#include "store/store.h"
#include "util/errors.h"

/* What a compound's move did: the compound, from and to which committee,
 * from which day, and what moved or was let go (store.h,
 * struct compound_move_counts). */
struct compound_move_result {
	int64_t compound_id;
	const char *name, *from, *to, *effective_on;
	struct compound_move_counts counts;
};

/* Moves a compound of the caller's jurisdiction to committee to, counting
 * from effective_on (today or a day past), in one transaction, audited
 * (the entry's detail is the result).  NOT_FOUND: no such compound in
 * scope; BAD_FIELD naming committee_code or effective_on; CONFLICT: to has
 * a compound of that name. */
int compound_move(struct store *st, const struct scope *sc, const struct actor *who,
		  int64_t compound_id, const char *to, const char *effective_on, struct arena *ar,
		  struct compound_move_result *out, struct sb_fail *fail);

#endif
