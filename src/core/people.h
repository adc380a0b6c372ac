#ifndef SB_PEOPLE_H
#define SB_PEOPLE_H

/*
 * Light accounts for building leaders and volunteers (docs/accounts.md,
 * "Light accounts"): what a helper reads of its buildings.  A helper is the
 * caller whose scope has the role ROLE_HELPER; its reads carry names, rooms
 * and tags, never an ID or phone number.
 */

#include <stdint.h>

#include "store/people.h"
#include "store/store.h"
#include "util/errors.h"

/* The light households of the caller (each resident's age on now's
 * Shanghai date).  household 0: every household of a helper's buildings,
 * and none for the other roles, who have the register; else that household
 * alone, when it is in a helper's buildings or in anyone else's
 * jurisdiction (none otherwise). */
int people_households(struct store *st, const struct scope *sc, int64_t household, int64_t now,
		      struct arena *ar, struct light_household_list *out);

/* The targets of open campaigns in a helper's buildings, with the checklist
 * and what is filled in (none for the other roles, who have the campaign
 * pages). */
int people_targets(struct store *st, const struct scope *sc, struct arena *ar,
		   struct light_target_list *out);

#endif
