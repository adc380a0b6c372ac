#include "core/committee_check.h"

#include <string.h>

/* What an id of table names, for the refusal (as api/common.c says it). */
static void
id_noun(const char *table, const char **en, const char **zh)
{
	static const struct {
		const char *table, *en, *zh;
	} nouns[] = {
		{"issue", "issue", "事件"},	      {"resident", "resident", "居民"},
		{"household", "household", "户"},     {"building", "building", "楼栋"},
		{"compound", "compound", "小区"},     {"team", "team", "团队"},
		{"volunteer", "volunteer", "志愿者"}, {"grid", "grid", "网格"},
		{"campaign", "campaign", "任务"},     {"survey", "survey", "问卷"},
	};
	size_t i;

	for (i = 0; i < sizeof(nouns) / sizeof(nouns[0]); i++)
		if (strcmp(nouns[i].table, table) == 0) {
			*en = nouns[i].en;
			*zh = nouns[i].zh;
			return;
		}
	*en = table;
	*zh = table;
}

int
committee_id_check(struct store *st, const struct scope *sc, const char *table,
		   const char *committee, const char *field, int64_t id, struct arena *ar,
		   struct sb_fail *fail)
{
	struct store_col col = {.name = "committee_code"};
	const char *en, *zh;
	int rc;

	rc = store_row_get(st, sc, table, id, &col, 1, ar);
	if (rc != SB_OK && rc != SB_NOT_FOUND)
		return rc;
	if (rc == SB_OK && col.type == COL_TEXT && committee && strcmp(col.s, committee) == 0)
		return SB_OK;
	id_noun(table, &en, &zh);
	return sb_fail(fail, SB_BAD_FIELD, field,
		       arena_printf(ar, "%s: no %s %lld in committee %s", field, en, (long long)id,
				    committee ? committee : "?"),
		       arena_printf(ar, "%s：居委会 %s 没有编号为 %lld 的%s", field,
				    committee ? committee : "?", (long long)id, zh));
}

int
committee_ids_check(struct store *st, const struct scope *sc, const char *table,
		    const char *committee, const char *field, const int64_t *ids, size_t n,
		    struct arena *ar, struct sb_fail *fail)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = committee_id_check(st, sc, table, committee, field, ids[i], ar, fail);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
committee_filter_check(struct store *st, const struct scope *sc, const struct filter *f,
		       const char *committee, const char *member, struct arena *ar,
		       struct sb_fail *fail)
{
	int rc = SB_OK;

	if (f->compound_id)
		rc = committee_id_check(st, sc, "compound", committee,
					arena_printf(ar, "%s.compound_id", member), f->compound_id,
					ar, fail);
	if (rc == SB_OK && f->building_id)
		rc = committee_id_check(st, sc, "building", committee,
					arena_printf(ar, "%s.building_id", member), f->building_id,
					ar, fail);
	if (rc == SB_OK && f->team_id)
		rc = committee_id_check(st, sc, "team", committee,
					arena_printf(ar, "%s.team_id", member), f->team_id, ar,
					fail);
	return rc;
}
