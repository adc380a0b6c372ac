#ifndef SB_PARTY_H
#define SB_PARTY_H

/*
 * The party network (暖百家心): the rule that proposes the 楼组党小组 of a
 * committee from its party members, as a pure function over plain structs.
 *
 * The rule (from the articles): a group per building with at least
 * PARTY_GROUP_MIN members; smaller buildings are merged with their nearest
 * neighbours in the same compound until each group reaches the minimum.
 * Buildings are ordered within a compound by the number in their label
 * ("3号楼" before "20号"), then by label and id; neighbours are the
 * buildings next in that order that have party members.  A group below the
 * minimum (the smallest one first) is merged with the neighbouring group
 * that has fewer members (the earlier one on a tie).  When a whole compound
 * has fewer members than the minimum its one group stays below it (it is
 * marked so): groups never cross compounds.  Buildings without members
 * belong to no group.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "store/consult.h"
#include "util/arena.h"
#include "util/errors.h"

#define PARTY_GROUP_MIN 3

struct party_building {
	int64_t id;
	int64_t compound_id;
	const char *label;
	int members; /* living party members of the building */
	int group;   /* out: index into the groups, -1 for none */
};

struct party_group {
	int64_t compound_id;
	int members;
	int buildings;
	bool below_minimum;
};

/* The number in a building's label ("20号" → 20, "A区5幢" → 5); -1 for none. */
long party_label_number(const char *label);

/* Sorts b (compound, label number, label, id), proposes the groups into
 * groups (room for n) and sets each building's group.  *ngroups gets their
 * number; groups come in building order. */
void party_propose(struct party_building *b, size_t n, int min_members, struct party_group *groups,
		   size_t *ngroups);

/* The proposal for a committee from its register, read in sc's scope:
 * {"committee_code", "tree": a body for PUT
 * /api/v1/party/orgs, "groups": [{"name","compound_id","compound_name",
 * "buildings":[{"id","label","members"}],"members":[{"id","name"}],
 * "below_minimum"}], "buildings_without_members": [ids], "members": n}.
 * *out is the caller's. */
int party_proposal(struct store *st, const struct scope *sc, const char *committee,
		   struct arena *ar, json_t **out);
/* The same without scope, for the command line (sibai party propose). */
int party_proposal_unscoped(struct store *st, const char *committee, struct arena *ar,
			    json_t **out);

/*
 * The work on the party network (docs/consultation.md), one function per
 * request; api/api_party.c parses and renders.  committee is one the caller
 * has checked is in sc's jurisdiction.  The trees, members and coverage come
 * as the store's structs; the API renders them.
 */

/* The committee's organisations, flat, in position order (none: n is 0). */
int party_tree_read(struct store *st, const struct scope *sc, const char *committee,
		    struct arena *ar, struct party_org **orgs, size_t *n);
/* id is a living party member of committee in sc's jurisdiction: SB_OK;
 * else BAD_FIELD naming field ("field: resident 7 is not a party member of
 * this committee"). */
int party_member_check(struct store *st, const struct scope *sc, const char *committee, int64_t id,
		       const char *field, struct arena *ar, struct sb_fail *fail);
/* id is an active household of committee in sc's jurisdiction: SB_OK; else
 * BAD_FIELD naming field. */
int party_household_check(struct store *st, const struct scope *sc, const char *committee,
			  int64_t id, const char *field, struct arena *ar, struct sb_fail *fail);

/* One organisation of a tree being written, its rules checked: parent is
 * the index of the organisation above (-1 for the general branch, which
 * comes first; a parent always comes before its children). */
struct party_org_plan {
	struct party_org_row row;
	int parent;
	int64_t *buildings, *members;
	size_t nbuildings, nmembers;
};
/* A tree being checked (PUT /api/v1/party/orgs): its organisations in the
 * order a walk from the general branch down meets them, and what its groups
 * hold so far (grouped, covered: room for every id the walk may add).
 * api/api_party.c walks the body and asks the rules below as it meets each
 * id, so that the walk's first refusal is the one answered. */
struct party_tree_plan {
	const char *committee; /* in the caller's jurisdiction */
	struct party_org_plan *orgs;
	size_t n;
	int64_t *grouped; /* members of groups so far */
	size_t ngrouped;
	int64_t *covered; /* buildings of groups so far */
	size_t ncovered;
};
/* Member id of orgs[org], named at field: a living party member of the
 * committee (party_member_check), and a group's member is in no other group
 * (BAD_FIELD naming field). */
int party_plan_member(struct store *st, const struct scope *sc, struct party_tree_plan *p,
		      size_t org, int64_t id, const char *field, struct arena *ar,
		      struct sb_fail *fail);
/* Building id of group orgs[org]: of the committee and in no other group. */
int party_plan_building(struct store *st, const struct scope *sc, struct party_tree_plan *p,
			int64_t id, const char *field, struct arena *ar, struct sb_fail *fail);
/* The compound id of a branch: of the committee. */
int party_plan_compound(struct store *st, const struct scope *sc, const struct party_tree_plan *p,
			int64_t id, const char *field, struct arena *ar, struct sb_fail *fail);
/* The leader (liaison false) or liaison of orgs[org]: a living party member
 * of the committee; a liaison sits on the organisation above (委员 → 支部,
 * 支部委员 → 小组): its leader or one of its members. */
int party_plan_officer(struct store *st, const struct scope *sc, const struct party_tree_plan *p,
		       size_t org, int64_t id, bool liaison, const char *field, struct arena *ar,
		       struct sb_fail *fail);
/* Replaces the committee's tree by orgs[0..n); grouped (the members of its
 * groups) goes to the audit. */
int party_tree_replace(struct store *st, const struct scope *sc, const struct actor *who,
		       const char *committee, struct party_org_plan *orgs, size_t n,
		       size_t grouped);
/* Links households[i] to residents[i] (0: clears the link), n of them,
 * each checked by the caller (party_household_check, party_member_check). */
int party_liaisons_set(struct store *st, const struct scope *sc, const struct actor *who,
		       const char *committee, const int64_t *households, const int64_t *residents,
		       size_t n);
/* The liaison coverage of a committee and its tree (its liaison chains). */
int party_coverage(struct store *st, const struct scope *sc, const char *committee,
		   struct arena *ar, struct liaison_coverage *coverage, struct party_org **orgs,
		   size_t *norgs);
/* The party members of a committee (of building_id, 0: all), 亮身份: each
 * building with its members. */
int party_members(struct store *st, const struct scope *sc, const char *committee,
		  int64_t building_id, struct arena *ar, struct party_building_members **out,
		  size_t *n);

#endif
