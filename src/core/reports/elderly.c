/* 悬空老人 grouped by building (core/reports/elderly.h), moved here from
 * api/api_tags.c.  (Issue 15: a report module; the lead moves it to
 * src/core/reports/ with the Makefile's new pattern.) */

#include <string.h>

#include "core/reports/elderly.h"

int
report_elderly_upper_floors(struct store *st, const struct scope *sc, struct filter *f,
			    bool has_age_min, bool has_floor_min, const char *area, int64_t now,
			    struct arena *ar, struct elderly_report *out, struct sb_fail *fail)
{
	struct sb_fail ignored = {0};
	struct register_page page;
	size_t i, cap = 0;
	int64_t last_building = -1;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!has_age_min)
		f->age_min = 70;
	if (!has_floor_min)
		f->floor_min = 4;
	if (area) {
		struct area a;

		rc = store_area_get(st, sc, area, ar, &a);
		if (rc == SB_NOT_FOUND)
			return sb_fail(fail, rc, "area", "area: no such area in your jurisdiction",
				       "area：您的辖区内没有该区划");
		if (rc != SB_OK)
			return rc;
		f->area_code = area;
	}
	f->no_lift = true;
	f->sort = "address";
	rc = register_search(st, sc, &entity_resident, f, NULL, 20000, now, ar, &page, &ignored);
	if (rc != SB_OK)
		return rc;
	out->total = page.total;
	for (i = 0; i < page.n; i++) {
		const struct register_view *r = &page.items[i];
		struct store_col building = {.name = "building_id"};
		struct elderly_building *g;

		rc = store_row_get(st, sc, "household",
				   r->row[entity_field(&entity_resident, "household_id")].i,
				   &building, 1, ar);
		if (rc != SB_OK)
			return rc;
		if (building.i != last_building) {
			g = arena_push(ar, &out->items, &out->n, &cap, sizeof(*g));
			memset(g, 0, sizeof(*g));
			rc = register_read(st, sc, &entity_building, building.i, now, ar,
					   &g->building);
			if (rc != SB_OK)
				return rc;
			/* the residents of a building are consecutive (sorted by address) */
			g->residents = &page.items[i];
			last_building = building.i;
		}
		out->items[out->n - 1].nresidents++;
	}
	return SB_OK;
}
