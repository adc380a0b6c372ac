/* The ids a caller may use (core/scope_checks.h): moved here from the API's
 * shared helpers (api/common.c, api/api_people.c) so that the rule lives
 * in core and the handlers only render the refusal. */

#include <string.h>

#include "core/scope_checks.h"
#include "store/campaigns.h" /* store_user_serves */
#include "store/people.h"

/* What an id of table names, for the refusal. */
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
scope_check_id_of_committee(struct store *st, const struct scope *sc, const char *table,
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
scope_check_worker_of_committee(struct store *st, const char *committee, const char *field,
				int64_t id, bool heads_too, struct arena *ar, struct sb_fail *fail)
{
	struct user u;
	bool serves = false;
	int rc;

	rc = store_user_by_id(st, id, ar, &u);
	if (rc == SB_OK)
		rc = store_user_serves(st, id, committee, &serves);
	if (rc != SB_OK && rc != SB_NOT_FOUND)
		return rc;
	if (rc == SB_OK && serves &&
	    (u.role == ROLE_WORKER || (heads_too && u.role == ROLE_COMMITTEE_HEAD)))
		return SB_OK;
	return sb_fail(fail, SB_BAD_FIELD, field,
		       arena_printf(ar, "%s: user %lld is not an active %s of committee %s", field,
				    (long long)id, heads_too ? "worker or head" : "worker",
				    committee),
		       arena_printf(ar, "%s：用户 %lld 不是居委会 %s 的在岗%s", field,
				    (long long)id, committee, heads_too ? "社工或书记" : "社工"));
}

int
scope_check_helper_has(struct store *st, const struct scope *sc, const char *kind, int64_t id,
		       const char *field, struct arena *ar, struct sb_fail *fail)
{
	bool ok = false;
	int rc;

	if (strcmp(kind, "household") == 0)
		rc = store_helper_has_household(st, sc, id, &ok);
	else if (strcmp(kind, "building") == 0)
		rc = store_helper_has_building(st, sc, id, &ok);
	else if (strcmp(kind, "resident") == 0)
		rc = store_helper_has_resident(st, sc, id, &ok);
	else
		rc = store_helper_has_target(st, sc, id, &ok);
	if (rc != SB_OK || ok)
		return rc;
	if (field == NULL)
		return SB_NOT_FOUND;
	return sb_fail(fail, SB_BAD_FIELD, field,
		       arena_printf(ar, "%s: not in your buildings", field),
		       arena_printf(ar, "%s：不在您负责的楼栋内", field));
}
