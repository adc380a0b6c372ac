/* Light accounts (core/people.h).  The light forms are still built as JSON
 * text by the store's queries (queries_people.def, HELPER_HOUSEHOLDS and
 * HELPER_TARGETS); the rule of who reads what is here. */

#include "core/people.h"
#include "store/people.h"

int
people_households(struct store *st, const struct scope *sc, int64_t household, struct arena *ar,
		  const char **json)
{
	bool helper = sc->role == ROLE_HELPER;

	*json = NULL;
	if (household == 0 && !helper)
		return SB_OK;
	return store_helper_households(st, sc->user_id, helper, household, ar, json);
}

int
people_targets(struct store *st, const struct scope *sc, struct arena *ar, const char **json)
{
	*json = NULL;
	if (sc->role != ROLE_HELPER)
		return SB_OK;
	return store_helper_targets(st, sc->user_id, ar, json);
}
