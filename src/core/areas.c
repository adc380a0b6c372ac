#include "core/areas.h"

int
area_view(struct store *st, const struct scope *sc, const char *code, struct arena *ar,
	  struct area_view *out)
{
	int rc = store_area_get(st, sc, code, ar, &out->area);

	/* the parents and children of an area in scope are shown whole: the
	 * tree's names are not people's data */
	if (rc == SB_OK)
		rc = store_area_parents(st, code, ar, &out->parents);
	if (rc == SB_OK)
		rc = store_area_children(st, code, ar, &out->children);
	return rc;
}

int
area_search(struct store *st, const struct scope *sc, const struct area_query *query,
	    struct arena *ar, struct area_list *out, struct sb_fail *fail)
{
	int rc;

	if (query->parent) {
		struct area parent;

		rc = store_area_get(st, sc, query->parent, ar, &parent);
		if (rc == SB_NOT_FOUND)
			return sb_fail(fail, rc, "parent", "parent: no such area",
				       "parent：无此区划");
		if (rc != SB_OK)
			return rc;
	}
	return store_area_search(st, sc, query->q, query->level, query->parent, query->cursor,
				 query->limit, ar, out);
}

int
area_of_report(struct store *st, const struct scope *sc, const char *code, struct arena *ar,
	       struct area *out, struct sb_fail *fail)
{
	int rc;

	if (code == NULL) {
		struct user u;

		rc = store_user_by_id(st, sc->user_id, ar, &u);
		if (rc != SB_OK)
			return rc;
		code = u.nscope ? u.scope[0] : "31";
	}
	rc = store_area_get(st, sc, code, ar, out);
	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, rc, "area", "area: no such area in your jurisdiction",
			       "area：您的辖区内没有该区划");
	return rc;
}
