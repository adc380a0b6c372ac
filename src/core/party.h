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

#include "util/arena.h"

struct store;

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

/* The proposal for a committee from its register (no scope: the caller
 * checked the committee): {"committee_code", "tree": a body for PUT
 * /api/v1/party/orgs, "groups": [{"name","compound_id","compound_name",
 * "buildings":[{"id","label","members"}],"members":[{"id","name"}],
 * "below_minimum"}], "buildings_without_members": [ids], "members": n}.
 * *out is the caller's. */
int party_proposal(struct store *st, const char *committee, struct arena *ar, json_t **out);

#endif
