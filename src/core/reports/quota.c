/* The staffing quota report (core/reports/quota.h), moved here from
 * api/api_record.c.  (Issue 15: a report module; the lead moves it to
 * src/core/reports/.) */

#include <string.h>

#include "core/record.h"
#include "core/reports/quota.h"
#include "store/campaigns.h"

const char *
report_quota_status(int64_t difference)
{
	return difference > 0 ? "over" : difference < 0 ? "under" : "ok";
}

int
report_quota(struct store *st, const struct scope *sc, const char *area, struct arena *ar,
	     struct quota_report *out, struct sb_fail *fail)
{
	struct quota_row *rows;
	struct area a;
	size_t n, i, j, cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_area_get(st, sc, area, ar, &a);
	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, SB_BAD_QUERY, "area", "area: not an area in your jurisdiction",
			       "area：不是您辖区内的区域");
	if (rc == SB_OK)
		rc = store_quota_rows(st, sc, area, ar, &rows, &n);
	if (rc != SB_OK)
		return rc;
	out->committees = arena_alloc(ar, (n + 1) * sizeof(*out->committees));
	for (i = 0; i < n; i++) {
		struct quota_line *c = &out->committees[i], *s = NULL;
		const char *district = NULL,
			   *street = rows[i].street_code ? rows[i].street_code : "";
		struct record_weights w;
		int per = 300;

		rc = store_area_ancestor(st, rows[i].committee_code, "district", ar, &district);
		if (rc == SB_OK)
			rc = store_record_weights(st, district ? district : "", &w, &per);
		if (rc != SB_OK)
			return rc;
		memset(c, 0, sizeof(*c));
		c->code = rows[i].committee_code;
		c->name = rows[i].committee_name;
		c->street_code = rows[i].street_code;
		c->households = rows[i].households;
		c->workers = rows[i].workers;
		c->per_worker = per;
		c->needed = record_quota_needed(rows[i].households, per);
		c->difference = c->workers - c->needed;
		out->ncommittees++;
		for (j = 0; j < out->nstreets; j++)
			if (strcmp(out->streets[j].code, street) == 0)
				s = &out->streets[j];
		if (s == NULL) {
			s = arena_push(ar, &out->streets, &out->nstreets, &cap, sizeof(*s));
			memset(s, 0, sizeof(*s));
			s->code = street;
			s->name = rows[i].street_name;
		}
		s->households += c->households;
		s->workers += c->workers;
		s->needed += c->needed;
		s->difference = s->workers - s->needed;
	}
	return SB_OK;
}
