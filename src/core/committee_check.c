#include <string.h>

#include "core/committee_check.h"
#include "store/people.h"
#include "store/campaigns.h" /* store_user_serves */

int
committee_check_scope(struct store *st, const struct scope *sc, const char *code, const char *field,
		      int err, struct arena *ar, struct sb_fail *fail)
{
	struct area a;
	int rc;

	if (code == NULL)
		return sb_fail(fail, err, field, arena_printf(ar, "%s: required", field),
			       arena_printf(ar, "%s：必填", field));
	rc = store_area_get(st, sc, code, ar, &a);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(a.level, "committee") != 0))
		return sb_fail(fail, err, field,
			       arena_printf(ar, "%s: not a committee in your jurisdiction", field),
			       arena_printf(ar, "%s：不是您辖区内的居委会", field));
	return rc;
}

int
committee_check_found(struct store *st, const struct scope *sc, const char *code, struct arena *ar)
{
	struct area a;
	int rc = store_area_get(st, sc, code, ar, &a);

	if (rc == SB_OK && strcmp(a.level, "committee") != 0)
		rc = SB_NOT_FOUND;
	return rc;
}

/* What an id of table names, for the refusal. */
static void
row_noun(const char *table, const char **en, const char **zh)
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
committee_check_row(struct store *st, const struct scope *sc, const char *table,
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
	row_noun(table, &en, &zh);
	return sb_fail(fail, SB_BAD_FIELD, field,
		       arena_printf(ar, "%s: no %s %lld in committee %s", field, en, (long long)id,
				    committee ? committee : "?"),
		       arena_printf(ar, "%s：居委会 %s 没有编号为 %lld 的%s", field,
				    committee ? committee : "?", (long long)id, zh));
}

int
committee_check_rows(struct store *st, const struct scope *sc, const char *table,
		     const char *committee, const char *field, const int64_t *ids, size_t n,
		     struct arena *ar, struct sb_fail *fail)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = committee_check_row(st, sc, table, committee, field, ids[i], ar, fail);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
committee_check_worker(struct store *st, const char *committee, const char *field, int64_t id,
		       bool heads_too, struct arena *ar, struct sb_fail *fail)
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
committee_check_filter(struct store *st, const struct scope *sc, const struct filter *f,
		       const char *committee, const char *member, struct arena *ar,
		       struct sb_fail *fail)
{
	int rc = SB_OK;

	if (f->compound_id)
		rc = committee_check_row(st, sc, "compound", committee,
					 arena_printf(ar, "%s.compound_id", member), f->compound_id,
					 ar, fail);
	if (rc == SB_OK && f->building_id)
		rc = committee_check_row(st, sc, "building", committee,
					 arena_printf(ar, "%s.building_id", member), f->building_id,
					 ar, fail);
	if (rc == SB_OK && f->team_id)
		rc = committee_check_row(st, sc, "team", committee,
					 arena_printf(ar, "%s.team_id", member), f->team_id, ar,
					 fail);
	return rc;
}

int
helper_check_has(struct store *st, const struct scope *sc, const char *kind, int64_t id,
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
