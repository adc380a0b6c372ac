#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/committee_check.h"
#include "core/party.h"
#include "store/consult.h"
#include "util/errors.h"
#include "util/xalloc.h"

/* The party-group proposal (see party.h for the rule). */

long
party_label_number(const char *label)
{
	const char *p;
	long v = 0;

	for (p = label ? label : ""; *p && !isdigit((unsigned char)*p); p++)
		;
	if (*p == '\0')
		return -1;
	for (; isdigit((unsigned char)*p) && v < 100000000; p++)
		v = v * 10 + (*p - '0');
	return v;
}

static int
cmp_building(const void *x, const void *y)
{
	const struct party_building *a = x, *b = y;
	long na, nb;
	int c;

	if (a->compound_id != b->compound_id)
		return a->compound_id < b->compound_id ? -1 : 1;
	na = party_label_number(a->label);
	nb = party_label_number(b->label);
	/* Labels without a number after those with one. */
	if (na != nb) {
		if (na < 0)
			return 1;
		if (nb < 0)
			return -1;
		return na < nb ? -1 : 1;
	}
	c = strcmp(a->label ? a->label : "", b->label ? b->label : "");
	if (c)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* One compound's buildings with members, b[idx[0..m)], into segments. */
static void
propose_compound(struct party_building *b, const size_t *idx, size_t m, int min_members,
		 struct party_group *groups, size_t *ngroups)
{
	size_t *first = xcalloc(m + 1, sizeof(*first)), nseg = m, s, i, best;
	int *members = xcalloc(m + 1, sizeof(*members));

	for (s = 0; s < m; s++) {
		first[s] = s;
		members[s] = b[idx[s]].members;
	}
	first[m] = m;
	while (nseg > 1) {
		best = nseg;
		for (s = 0; s < nseg; s++)
			if (members[s] < min_members &&
			    (best == nseg || members[s] < members[best]))
				best = s;
		if (best == nseg)
			break;
		/* Merge with the neighbour that has fewer members (left on a tie). */
		if (best > 0 && (best + 1 == nseg || members[best - 1] <= members[best + 1]))
			best--;
		members[best] += members[best + 1];
		for (s = best + 1; s + 1 < nseg; s++) {
			first[s] = first[s + 1];
			members[s] = members[s + 1];
		}
		nseg--;
		first[nseg] = m;
	}
	for (s = 0; s < nseg; s++) {
		struct party_group *g = &groups[*ngroups];

		g->compound_id = b[idx[first[s]]].compound_id;
		g->members = members[s];
		g->buildings = (int)(first[s + 1] - first[s]);
		g->below_minimum = members[s] < min_members;
		for (i = first[s]; i < first[s + 1]; i++)
			b[idx[i]].group = (int)*ngroups;
		(*ngroups)++;
	}
	free(first);
	free(members);
}

void
party_propose(struct party_building *b, size_t n, int min_members, struct party_group *groups,
	      size_t *ngroups)
{
	size_t *idx, i, start, m;

	*ngroups = 0;
	if (n == 0)
		return;
	qsort(b, n, sizeof(*b), cmp_building);
	idx = xcalloc(n, sizeof(*idx));
	for (start = 0; start < n;) {
		m = 0;
		for (i = start; i < n && b[i].compound_id == b[start].compound_id; i++) {
			b[i].group = -1;
			if (b[i].members > 0)
				idx[m++] = i;
		}
		if (m)
			propose_compound(b, idx, m, min_members, groups, ngroups);
		start = i;
	}
	free(idx);
}

/* The proposal from the register, read in sc's scope (NULL: unscoped, the
 * command line). */
static int
proposal(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
	 json_t **out)
{
	struct party_building_row *rows;
	struct party_member_row *mem;
	struct party_building *b;
	struct party_group *g;
	json_t *branches, *groups, *empty, *gj = NULL, *tg = NULL, *branch = NULL;
	int64_t compound = -1;
	size_t n, nm, ng, i, k, gi;
	int rc, total = 0;

	*out = NULL;
	if (sc) {
		rc = store_party_buildings(st, sc, committee, ar, &rows, &n);
		if (rc == SB_OK)
			rc = store_party_building_members(st, sc, committee, ar, &mem, &nm);
	} else {
		rc = store_party_buildings_unscoped(st, committee, ar, &rows, &n);
		if (rc == SB_OK)
			rc = store_party_building_members_unscoped(st, committee, ar, &mem, &nm);
	}
	if (rc != SB_OK)
		return rc;
	b = xcalloc(n + 1, sizeof(*b));
	g = xcalloc(n + 1, sizeof(*g));
	for (i = 0; i < n; i++) {
		b[i].id = rows[i].id;
		b[i].compound_id = rows[i].compound_id;
		b[i].label = rows[i].label;
		b[i].members = rows[i].members;
		total += rows[i].members;
	}
	party_propose(b, n, PARTY_GROUP_MIN, g, &ng);
	branches = json_array();
	groups = json_array();
	empty = json_array();
	for (gi = 0; gi < ng; gi++) {
		const char *cname = "", *labels = "";
		json_t *bl = json_array(), *ml = json_array(), *bids = json_array(),
		       *mids = json_array();

		for (i = 0; i < n; i++) {
			if (b[i].group != (int)gi)
				continue;
			for (k = 0; k < n; k++)
				if (rows[k].id == b[i].id)
					cname = rows[k].compound_name;
			labels =
				arena_printf(ar, "%s%s%s", labels, *labels ? "、" : "", b[i].label);
			json_array_append_new(bl, json_pack("{s:I, s:s, s:i}", "id",
							    (json_int_t)b[i].id, "label",
							    b[i].label, "members", b[i].members));
			json_array_append_new(bids, json_integer(b[i].id));
			for (k = 0; k < nm; k++) {
				if (mem[k].building_id != b[i].id)
					continue;
				json_array_append_new(ml, json_pack("{s:I, s:s}", "id",
								    (json_int_t)mem[k].resident_id,
								    "name", mem[k].name));
				json_array_append_new(mids, json_integer(mem[k].resident_id));
			}
		}
		if (g[gi].compound_id != compound) {
			compound = g[gi].compound_id;
			branch = json_pack("{s:s, s:I, s:[]}", "name",
					   arena_printf(ar, "%s党支部", cname), "compound_id",
					   (json_int_t)compound, "groups");
			json_array_append_new(branches, branch);
		}
		tg = json_pack("{s:s, s:o, s:o}", "name",
			       arena_printf(ar, "%s%s党小组", cname, labels), "building_ids", bids,
			       "member_ids", mids);
		json_array_append_new(json_object_get(branch, "groups"), tg);
		gj = json_pack("{s:s, s:I, s:s, s:o, s:o, s:b}", "name",
			       json_string_value(json_object_get(tg, "name")), "compound_id",
			       (json_int_t)g[gi].compound_id, "compound_name", cname, "buildings",
			       bl, "members", ml, "below_minimum", g[gi].below_minimum);
		json_array_append_new(groups, gj);
	}
	for (i = 0; i < n; i++)
		if (b[i].group < 0)
			json_array_append_new(empty, json_integer(b[i].id));
	*out = json_pack("{s:s, s:{s:s, s:s, s:o}, s:o, s:o, s:i, s:i}", "committee_code",
			 committee, "tree", "committee_code", committee, "name", "党总支",
			 "branches", branches, "groups", groups, "buildings_without_members", empty,
			 "members", total, "min_members", PARTY_GROUP_MIN);
	free(b);
	free(g);
	return SB_OK;
}

int
party_proposal(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
	       json_t **out)
{
	return proposal(st, sc, committee, ar, out);
}

int
party_proposal_unscoped(struct store *st, const char *committee, struct arena *ar, json_t **out)
{
	return proposal(st, NULL, committee, ar, out);
}

/* The work on the party network (core/party.h). */

int
party_tree_read(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
		struct party_org **orgs, size_t *n)
{
	return store_party_tree(st, sc, committee, ar, orgs, n);
}

int
party_member_check(struct store *st, const struct scope *sc, const char *committee, int64_t id,
		   const char *field, struct arena *ar, struct sb_fail *fail)
{
	struct consult_resident r;
	int rc = store_consult_resident(st, sc, id, ar, &r);

	if (rc == SB_NOT_FOUND ||
	    (rc == SB_OK && (strcmp(r.committee_code, committee) != 0 || !r.party_member ||
			     strcmp(r.status, "living") != 0)))
		return sb_fail(
			fail, SB_BAD_FIELD, field,
			arena_printf(ar,
				     "%s: resident %lld is not a party member of this committee",
				     field, (long long)id),
			arena_printf(ar, "%s：居民 %lld 不是本居委会的党员", field, (long long)id));
	return rc;
}

int
party_household_check(struct store *st, const struct scope *sc, const char *committee, int64_t id,
		      const char *field, struct arena *ar, struct sb_fail *fail)
{
	struct consult_household h;
	int rc = store_consult_household(st, sc, id, ar, &h);

	if (rc == SB_NOT_FOUND || (rc == SB_OK && (strcmp(h.committee_code, committee) != 0 ||
						   strcmp(h.status, "active") != 0)))
		return sb_fail(fail, SB_BAD_FIELD, field,
			       arena_printf(ar, "%s: no such household in this committee", field),
			       arena_printf(ar, "%s：本居委会没有该户", field));
	return rc;
}

static bool
has(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

int
party_plan_member(struct store *st, const struct scope *sc, struct party_tree_plan *p, size_t org,
		  int64_t id, const char *field, struct arena *ar, struct sb_fail *fail)
{
	int rc = party_member_check(st, sc, p->committee, id, field, ar, fail);

	if (rc != SB_OK || strcmp(p->orgs[org].row.kind, "group") != 0)
		return rc;
	if (has(p->grouped, p->ngrouped, id))
		return sb_fail(
			fail, SB_BAD_FIELD, field,
			arena_printf(ar, "%s: resident %lld is in two groups", field,
				     (long long)id),
			arena_printf(ar, "%s：居民 %lld 同时在两个党小组", field, (long long)id));
	p->grouped[p->ngrouped++] = id;
	return SB_OK;
}

int
party_plan_building(struct store *st, const struct scope *sc, struct party_tree_plan *p, int64_t id,
		    const char *field, struct arena *ar, struct sb_fail *fail)
{
	int rc = committee_check_row(st, sc, "building", p->committee, field, id, ar, fail);

	if (rc != SB_OK)
		return rc;
	if (has(p->covered, p->ncovered, id))
		return sb_fail(
			fail, SB_BAD_FIELD, field,
			arena_printf(ar, "%s: building %lld is in two groups", field,
				     (long long)id),
			arena_printf(ar, "%s：楼 %lld 同时属于两个党小组", field, (long long)id));
	p->covered[p->ncovered++] = id;
	return SB_OK;
}

int
party_plan_compound(struct store *st, const struct scope *sc, const struct party_tree_plan *p,
		    int64_t id, const char *field, struct arena *ar, struct sb_fail *fail)
{
	return committee_check_row(st, sc, "compound", p->committee, field, id, ar, fail);
}

int
party_plan_officer(struct store *st, const struct scope *sc, const struct party_tree_plan *p,
		   size_t org, int64_t id, bool liaison, const char *field, struct arena *ar,
		   struct sb_fail *fail)
{
	const struct party_org_plan *above;
	int rc = party_member_check(st, sc, p->committee, id, field, ar, fail);

	if (rc != SB_OK || !liaison)
		return rc;
	above = p->orgs[org].parent >= 0 ? &p->orgs[p->orgs[org].parent] : NULL;
	if (above == NULL ||
	    (above->row.leader_id != id && !has(above->members, above->nmembers, id)))
		return sb_fail(fail, SB_BAD_FIELD, field,
			       arena_printf(ar,
					    "%s: the liaison must be a member or the leader of the "
					    "organisation above",
					    field),
			       arena_printf(ar, "%s：联系人须为上级组织的委员或书记", field));
	return SB_OK;
}

int
party_tree_replace(struct store *st, const struct scope *sc, const struct actor *who,
		   const char *committee, struct party_org_plan *orgs, size_t n, size_t grouped)
{
	struct party_org_ref *made = xcalloc(n + 1, sizeof(*made));
	size_t i, k;
	int rc = store_begin(st);

	if (rc != SB_OK)
		goto out;
	rc = store_party_tree_delete(st, sc, committee);
	for (i = 0; rc == SB_OK && i < n; i++) {
		struct party_org_plan *g = &orgs[i];

		g->row.parent_id = g->parent >= 0 ? made[g->parent].id : 0;
		rc = store_party_org_insert(st, sc, &g->row, &made[i]);
		for (k = 0; rc == SB_OK && k < g->nbuildings; k++)
			rc = store_party_org_building_add(st, &made[i], g->buildings[k]);
		for (k = 0; rc == SB_OK && k < g->nmembers; k++)
			rc = store_party_org_member_add(st, &made[i], g->members[k]);
	}
	if (rc == SB_OK)
		rc = audit_add(st, who, "replace", "party_tree", NULL, committee,
			       json_pack("{s:I, s:I}", "organisations", (json_int_t)n,
					 "group_members", (json_int_t)grouped));
	rc = store_end(st, rc);
out:
	free(made);
	return rc;
}

int
party_liaisons_set(struct store *st, const struct scope *sc, const struct actor *who,
		   const char *committee, const int64_t *households, const int64_t *residents,
		   size_t n)
{
	size_t i;
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	for (i = 0; rc == SB_OK && i < n; i++)
		rc = store_liaison_set(st, sc, households[i], residents[i], committee, who->now);
	if (rc == SB_OK)
		rc = audit_add(st, who, "liaisons", "party_tree", NULL, committee,
			       json_pack("{s:I}", "links", (json_int_t)n));
	return store_end(st, rc);
}

int
party_coverage(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
	       struct liaison_coverage *coverage, struct party_org **orgs, size_t *norgs)
{
	int rc = store_liaison_coverage(st, sc, committee, ar, coverage);

	if (rc == SB_OK)
		rc = store_party_tree(st, sc, committee, ar, orgs, norgs);
	return rc;
}

int
party_members(struct store *st, const struct scope *sc, const char *committee, int64_t building_id,
	      struct arena *ar, struct party_building_members **out, size_t *n)
{
	return store_party_members(st, sc, committee, building_id, ar, out, n);
}
