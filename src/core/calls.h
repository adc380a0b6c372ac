#ifndef SB_CALLS_H
#define SB_CALLS_H

/*
 * Calling a resident from the worker's phone (docs/register.md, "Calling a
 * resident"): the number in clear, for whoever may call the household today,
 * audited as a call.
 */

#include "core/actor.h"
#include "core/register.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/errors.h"

/* The number to dial. */
struct call_number {
	const char *whom; /* "resident", "emergency" or "carer" */
	const char *name; /* the callee's name as recorded; NULL: none */
	char *phone;	  /* in clear, normalised; the caller wipes and frees it */
};

/* A resident to call, as the register reads it. */
struct call_callee {
	int64_t resident_id;
	struct rvalue *row; /* indexed like entity_resident's fields */
};

/* The resident id in sc (NOT_FOUND otherwise): a route names it before it
 * reads the body, out of scope being absent. */
int call_callee_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct call_callee *out);

/* The number of the callee (found by call_callee_find) or of its emergency
 * contact or carer (whom; BAD_FIELD naming "whom" for another value), opened
 * with key.  Only the owner of the household's grid today, the worker on
 * reception duty for its committee today, or a committee head and above may
 * call (FORBIDDEN otherwise); NOT_FOUND naming "whom" when no number is
 * recorded.  Audited as "call" by who, in a transaction of its own.  On
 * success out->phone is malloc'd: crypto_wipe and free it. */
int call_resident(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct sb_key *key, const struct call_callee *callee, const char *whom,
		  struct arena *ar, struct call_number *out, struct sb_fail *fail);

#endif
