/* Tags (core/tags.h): the rules of a committee's own tags, moved here from
 * api/api_tags.c. */

#include <string.h>

#include "core/audit.h"
#include "core/ident.h"
#include "core/tags.h"

int
tag_list(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
	 struct tag_list *out)
{
	return store_tag_list(st, sc, committee, ar, out);
}

static int
days_in_range(struct sb_fail *fail, const char *field, int64_t days)
{
	if (days >= 1 && days <= 3660)
		return SB_OK;
	return sb_fail(fail, SB_BAD_FIELD, field,
		       strcmp(field, "review_days") == 0 ? "review_days: 1 to 3660"
							 : "visit_interval_days: 1 to 3660",
		       strcmp(field, "review_days") == 0 ? "review_days：须为 1 至 3660"
							 : "visit_interval_days：须为 1 至 3660");
}

int
tag_create(struct store *st, const struct scope *sc, const struct actor *who,
	   const struct tag_new *n, struct arena *ar, struct tag *out, struct sb_fail *fail)
{
	struct tag existing;
	struct area a;
	int64_t id;
	int rc;

	memset(out, 0, sizeof(*out));
	out->name = n->name;
	out->category = n->category;
	out->committee_code = n->committee_code;
	if (strcmp(n->category, "custom") != 0 && strcmp(n->category, "team") != 0)
		return sb_fail(fail, SB_BAD_FIELD, "category", "category: custom or team",
			       "category：须为 custom 或 team");
	rc = store_area_get(st, sc, n->committee_code, ar, &a);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(a.level, "committee") != 0))
		return sb_fail(fail, SB_BAD_FIELD, "committee_code",
			       "committee_code: not a committee in your jurisdiction",
			       "committee_code：不是您辖区内的居委会");
	if (rc != SB_OK)
		return rc;
	if (n->has_visit_interval) {
		rc = days_in_range(fail, "visit_interval_days", n->visit_interval_days);
		if (rc != SB_OK)
			return rc;
		out->visit_interval_days = (int)n->visit_interval_days;
	}
	if (n->has_review) {
		rc = days_in_range(fail, "review_days", n->review_days);
		if (rc != SB_OK)
			return rc;
		out->review_days = (int)n->review_days;
	}
	rc = store_tag_find(st, n->name, n->committee_code, ar, &existing);
	if (rc == SB_OK)
		return sb_fail(fail, SB_CONFLICT, "name", "name: a tag of that name exists",
			       "name：已有同名标签");
	if (rc != SB_NOT_FOUND)
		return rc;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_tag_insert(st, out, &id);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "tag", arena_printf(ar, "%lld", (long long)id),
			       n->committee_code,
			       json_pack("{s:s, s:s}", "name", n->name, "category", n->category));
	rc = store_end(st, rc);
	if (rc == SB_OK)
		out->id = id;
	return rc;
}

int
tag_reviews_due(struct store *st, const struct scope *sc, const char *before, int64_t now,
		int limit, struct arena *ar, struct tag_on_list *out)
{
	char *dflt;

	if (before == NULL) {
		dflt = arena_alloc(ar, 11);
		ident_today(now + 30 * 86400, dflt);
		before = dflt;
	}
	return store_tags_due(st, sc, before, limit, ar, out);
}

int
tag_key_persons(struct store *st, const struct scope *sc, struct filter *f, int64_t now,
		struct arena *ar, struct register_page *out)
{
	static const char *key_tags[] = {"独居老人",	 "孤寡老人", "空巢老人", "困难家庭",
					 "大病重病家庭", "失独家庭", "残障人士", "老干部",
					 "老劳模",	 "老党员"};
	struct sb_fail ignored = {0};

	f->tag_any = key_tags;
	f->ntag_any = sizeof(key_tags) / sizeof(key_tags[0]);
	/* no cursor: the whole roster, as one page */
	return register_search(st, sc, &entity_resident, f, NULL, 5000, now, ar, out, &ignored);
}
