/* Splitting and merging committees (拆大并小; docs/register.md, "Moving a
 * compound to another committee"): a street moves a compound, with its
 * buildings, households and residents, to another committee of its
 * jurisdiction, from a given day.  Every record stays; what counts by day
 * (visits, issues taken in) counts for the old committee before the day and
 * for the new one from it; what belongs to the old committee's organisation
 * (grids, campaign targets, party groups' buildings, liaisons, gate guards)
 * lets go of the compound, for the new committee to take it up. */

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/accounts.h"
#include "core/audit.h"
#include "core/ident.h"
#include "core/moves.h"
#include "util/clock.h"

/* The audit entry's detail: the same members as the API's answer. */
static json_t *
move_detail(const struct compound_move_result *r)
{
	const struct compound_move_counts *n = &r->counts;

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:I, "
			 "s:I, s:I}}",
			 "compound_id", (json_int_t)r->compound_id, "name", r->name, "from",
			 r->from, "to", r->to, "effective_on", r->effective_on, "moved",
			 "buildings", (json_int_t)n->buildings, "households",
			 (json_int_t)n->households, "residents", (json_int_t)n->residents, "visits",
			 (json_int_t)n->visits, "issues", (json_int_t)n->issues, "gates",
			 (json_int_t)n->gates, "released", "gate_guards",
			 (json_int_t)n->gate_guards, "campaign_targets",
			 (json_int_t)n->campaign_targets, "party_buildings",
			 (json_int_t)n->party_buildings, "liaisons", (json_int_t)n->liaisons);
}

int
compound_move(struct store *st, const struct scope *sc, const struct actor *who,
	      int64_t compound_id, const char *to, const char *effective_on, struct arena *ar,
	      struct compound_move_result *out, struct sb_fail *fail)
{
	struct compound_ref compound;
	char today[CLOCK_DATE_LEN];
	int64_t start = 0;
	struct area a;
	const char *from, *name;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_compound_find(st, sc, compound_id, ar, &compound, &name);
	if (rc != SB_OK)
		return rc;
	from = compound.committee;
	rc = store_area_get(st, sc, to, ar, &a);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(a.level, "committee") != 0))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "committee_code",
				 "not a committee in your jurisdiction", "不是您辖区内的居委会");
	if (rc != SB_OK)
		return rc;
	if (strcmp(to, from) == 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "committee_code",
				 "the compound is in that committee already",
				 "该小区已属于这个居委会");
	clock_shanghai_date(who->now, today);
	if (!ident_date_valid(effective_on) || !clock_day_start(effective_on, &start))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "effective_on", "a date YYYY-MM-DD",
				 "须为日期 YYYY-MM-DD");
	if (strcmp(effective_on, today) > 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "effective_on",
				 "today or a day past: a move is recorded when it happens",
				 "须为今天或以前的日期：调整生效时再登记");
	out->compound_id = compound_id;
	out->name = name;
	out->from = from;
	out->to = arena_strdup(ar, to);
	out->effective_on = arena_strdup(ar, effective_on);
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_compound_move(st, &compound, to, effective_on, start, who->user_id, who->now,
				 &out->counts);
	if (rc == SB_CONFLICT)
		sb_fail(fail, SB_CONFLICT, "committee_code",
			arena_printf(ar, "committee_code: committee %s has a compound named %s", to,
				     name),
			arena_printf(ar, "committee_code：居委会 %s 已有名为 %s 的小区", to, name));
	if (rc == SB_OK)
		rc = audit_add(st, who, "move", "compound",
			       arena_printf(ar, "%lld", (long long)compound_id), to,
			       move_detail(out));
	return store_end(st, rc);
}
