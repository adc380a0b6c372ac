#ifndef SB_GATES_H
#define SB_GATES_H

/*
 * The gate log (门岗登记, docs/campaigns.md): gates of a compound, accounts
 * bound to one gate, entries and exits, counts per hour and the retention
 * eraser.  The pure rules (counts per hour, the retention's cut-off) are in
 * core/campaign.h; here is what reads and writes the store.
 *
 * own_gate is the caller's gate binding (struct user's gate_id): a gate
 * account sees and records at that gate only; 0 for any other account.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "store/campaigns.h"
#include "store/store.h"
#include "util/errors.h"

/* The day asked of a gate: date (YYYY-MM-DD), or today in Shanghai when
 * NULL; BAD_QUERY naming "date" otherwise.  *day in the arena. */
int gate_day(const char *date, int64_t now, struct arena *ar, const char **day,
	     struct sb_fail *fail);

/* The gates in scope of a compound (0: any), only own_gate when it is set. */
int gate_list(struct store *st, const struct scope *sc, int64_t compound_id, int64_t own_gate,
	      struct arena *ar, struct gate_list *out);

/* Creates a gate named name at compound_id (a compound of a committee in
 * sc's jurisdiction; BAD_FIELD otherwise; CONFLICT when the compound has a
 * gate of that name), audited, in its own transaction; *out as saved. */
int gate_create(struct store *st, const struct scope *sc, const struct actor *who,
		int64_t compound_id, const char *name, struct arena *ar, struct gate *out,
		struct sb_fail *fail);

/* Gate id, visible to the caller, and the accounts bound to it;
 * SB_NOT_FOUND when out of scope or another gate than own_gate. */
int gate_get(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id,
	     struct arena *ar, struct gate *out, struct user_list *guards);

/* Gate id in sc's jurisdiction, whatever the caller's own gate (the head's
 * writes); SB_NOT_FOUND otherwise.  Read before a write's body is looked at. */
int gate_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	      struct gate *out);

/* Binds (bind) or unbinds user_id, a worker account visible to the caller
 * and serving the gate's committee, to gate g (as gate_find read it);
 * CONFLICT when it is bound to another gate, BAD_FIELD when unbinding one
 * not bound here.  Audited, in its own transaction. */
int gate_guard_put(struct store *st, const struct scope *sc, const struct actor *who,
		   const struct gate *g, int64_t user_id, bool bind, struct arena *ar,
		   struct sb_fail *fail);

/* Up to 20 living residents of the compound of gate id (visible as in
 * gate_get) whose name, building or room holds q (1 to 60 bytes;
 * BAD_QUERY naming "q" otherwise). */
int gate_residents_find(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id,
			const char *q, struct arena *ar, struct gate_resident **out, size_t *n,
			struct sb_fail *fail);

/* Entries (counts[h][0]) and exits (counts[h][1]) per hour at gate id
 * (visible as in gate_get) on date (as gate_day: *day the day counted). */
int gate_counts(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id,
		const char *date, int64_t now, struct arena *ar, const char **day,
		int counts[24][2], struct sb_fail *fail);

/* The entries of gate id (visible as in gate_get) on day (YYYY-MM-DD),
 * oldest first, after erasing what is past its retention at now (in a
 * transaction of its own). */
int gate_entries_of_day(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id,
			const char *day, int64_t now, struct arena *ar,
			struct gate_entry_list *out);

/* An entry or exit as sent (syntax checked by the API); NULL or 0 when not
 * given. */
struct gate_entry_input {
	int64_t gate_id, campaign_id, resident_id;
	const char *at; /* RFC 3339; NULL: now */
	const char *direction, *person, *name, *from_place, *purpose;
};

/* Records an entry or exit at a gate in scope (only own_gate when set:
 * FORBIDDEN otherwise), of an open campaign of its committee, at a time not
 * in the future and within the retention, of a resident of the committee or
 * a named visitor; refusals name the field.  Erases what is past its
 * retention, audited, in its own transaction; *out the entry as saved. */
int gate_entry_record(struct store *st, const struct scope *sc, const struct actor *who,
		      int64_t own_gate, const struct gate_entry_input *in, struct arena *ar,
		      struct gate_entry *out, struct sb_fail *fail);

#endif
