#ifndef SB_STORE_PEOPLE_H
#define SB_STORE_PEOPLE_H

/* Light accounts (docs/accounts.md, "Light accounts"): the buildings a
 * helper works in, and what it may read of them. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Replaces helper user_id's buildings with ids[0..n); its buildings by id.
 * An account's own settings, keyed by the account and without the caller's
 * scope (issue 15, decided): core/accounts.c checks each building is of the
 * account's committee (check_buildings) after account_may_grant/_manage
 * allowed the caller that account, and account_update runs for the command
 * line too (user 0, no scope); the read hands back ids only. */
int store_helper_buildings_set(struct store *st, int64_t user_id, const int64_t *ids, size_t n);
int store_helper_buildings(struct store *st, int64_t user_id, struct arena *ar, int64_t **ids,
			   size_t *n);
/* Whether an active household, a campaign target, a building or a living
 * resident lies in the buildings of the helper sc->user_id. */
int store_helper_has_household(struct store *st, const struct scope *sc, int64_t household_id,
			       bool *ok);
int store_helper_has_target(struct store *st, const struct scope *sc, int64_t target_id, bool *ok);
int store_helper_has_building(struct store *st, const struct scope *sc, int64_t building_id,
			      bool *ok);
int store_helper_has_resident(struct store *st, const struct scope *sc, int64_t resident_id,
			      bool *ok);

/* The light view of a household (docs/accounts.md, "Light accounts"):
 * names, rooms, gender, birth date and tags, never an ID or phone number. */
struct light_resident {
	int64_t id;
	const char *name, *gender;
	const char *birth_date; /* NULL: unknown */
	int age;		/* on a day: left -1 here, for core/people.c to fill */
	const char **tags;
	size_t ntags;
};

struct light_household {
	int64_t id;
	const char *committee_code, *compound;
	int64_t building_id;
	const char *building, *room;
	bool has_floor;
	int64_t floor;
	const char **tags;
	size_t ntags;
	struct light_resident *residents; /* living ones, by id */
	size_t nresidents;
};

struct light_household_list {
	struct light_household *items; /* in walking order: compound, building, floor, room */
	size_t n;
};

/* The light households, in two statements: those of the buildings of the
 * helper sc->user_id when helper (household 0: all of them), else household
 * alone when it is in sc's jurisdiction (none otherwise). */
int store_helper_households(struct store *st, const struct scope *sc, bool helper,
			    int64_t household, struct arena *ar, struct light_household_list *out);

/* A target of an open campaign in a helper's buildings. */
struct light_target {
	int64_t target_id, campaign_id;
	const char *campaign, *unit;
	const char *fields;	   /* the checklist: its JSON text as stored */
	int64_t household_id;	   /* 0: a building's target */
	int64_t resident_id;	   /* 0: none */
	const char *resident_name; /* NULL: none */
	const char *compound, *building;
	const char *room;   /* NULL: a building's target */
	const char *values; /* the entry: its JSON text as stored; NULL: none yet */
	bool done;
};

struct light_target_list {
	struct light_target *items;
	size_t n;
};

/* The targets of open campaigns in the buildings of the helper sc->user_id,
 * by campaign, in walking order. */
int store_helper_targets(struct store *st, const struct scope *sc, struct arena *ar,
			 struct light_target_list *out);

/* A helper's volunteer record: its committee and linked user (0: none); the
 * record linked to a user (0: none); unlink a user, link one.  An account's
 * own setting, without the caller's scope like the buildings above (issue
 * 15, decided): store_volunteer_link_of answers only the committee and the
 * linked account, which check_volunteer (core/accounts.c) compares with the
 * account's committee before store_volunteer_link.  Taking the caller's scope
 * here needs account_update to take one (the command line calls it as user
 * 0): left for that change. */
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

#endif
