#ifndef SB_STORE_PEOPLE_H
#define SB_STORE_PEOPLE_H

/* Light accounts (docs/accounts.md, "Light accounts"): the buildings a
 * helper works in, and what it may read of them. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Replaces helper user_id's buildings with ids[0..n). */
int store_helper_buildings_set(struct store *st, int64_t user_id, const int64_t *ids, size_t n);
int store_helper_buildings(struct store *st, int64_t user_id, struct arena *ar, int64_t **ids,
			   size_t *n);
/* Whether an active household, a campaign target or a building lies in helper
 * user_id's buildings. */
int store_helper_has_household(struct store *st, int64_t user_id, int64_t household_id, bool *ok);
int store_helper_has_target(struct store *st, int64_t user_id, int64_t target_id, bool *ok);
int store_helper_has_building(struct store *st, int64_t user_id, int64_t building_id, bool *ok);
int store_helper_has_resident(struct store *st, int64_t user_id, int64_t resident_id, bool *ok);
/* The light households (JSON array text): a helper's (household 0: all of
 * them) or, for anyone else, one household of its jurisdiction. */
int store_helper_households(struct store *st, int64_t user_id, bool helper, int64_t household,
			    struct arena *ar, const char **json);
/* A helper's volunteer record: its committee and linked user (0: none); the
 * record linked to a user (0: none); unlink a user, link one. */
int store_volunteer_link_of(struct store *st, int64_t volunteer_id, struct arena *ar,
			    const char **committee, int64_t *user_id);
int store_volunteer_of_user(struct store *st, int64_t user_id, int64_t *volunteer_id);
int store_volunteer_link(struct store *st, int64_t user_id, int64_t volunteer_id);
/* What the helpers linked to volunteers of a committee in sc's jurisdiction
 * did between two dates: the visits made there, the campaign entries done. */
struct helper_total {
	int64_t volunteer_id;
	const char *name;
	int64_t visits, entries_done;
};
int store_helper_totals(struct store *st, const struct scope *sc, const char *committee,
			const char *from, const char *to, struct arena *ar,
			struct helper_total **out, size_t *n);
/* The targets of open campaigns in a helper's buildings (JSON array text). */
int store_helper_targets(struct store *st, int64_t user_id, struct arena *ar, const char **json);

#endif
