/* Light accounts (core/people.h): who reads which light households and
 * targets, and the residents' ages. */

#include "core/ident.h"
#include "core/people.h"

int
people_households(struct store *st, const struct scope *sc, int64_t household, int64_t now,
		  struct arena *ar, struct light_household_list *out)
{
	bool helper = sc->role == ROLE_HELPER;
	char today[11];
	size_t i, k;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (household == 0 && !helper)
		return SB_OK;
	rc = store_helper_households(st, sc, helper, household, ar, out);
	if (rc != SB_OK)
		return rc;
	ident_today(now, today);
	for (i = 0; i < out->n; i++)
		for (k = 0; k < out->items[i].nresidents; k++) {
			struct light_resident *r = &out->items[i].residents[k];

			r->age = r->birth_date ? ident_age(r->birth_date, today) : -1;
		}
	return SB_OK;
}

int
people_targets(struct store *st, const struct scope *sc, struct arena *ar,
	       struct light_target_list *out)
{
	out->items = NULL;
	out->n = 0;
	if (sc->role != ROLE_HELPER)
		return SB_OK;
	return store_helper_targets(st, sc, ar, out);
}
