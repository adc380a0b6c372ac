#ifndef SB_REPORT_ELDERLY_H
#define SB_REPORT_ELDERLY_H

/*
 * 悬空老人: the elderly living on upper floors of buildings without a lift,
 * grouped by building (the demand list for lifts; docs/register.md).
 */

#include <stdint.h>

#include "core/register.h"
#include "store/store.h"
#include "util/errors.h"

struct elderly_building {
	struct register_view building;
	struct register_view *residents; /* in address order */
	size_t nresidents;
};

struct elderly_report {
	struct elderly_building *items;
	size_t n;
	int64_t total; /* every resident matching, in all groups */
};

/* The residents matching f (the age and floor bounds default to 70 and 4
 * when has_age_min and has_floor_min are false) in buildings without a lift,
 * under area (NULL: the whole jurisdiction; NOT_FOUND naming area when it
 * is not an area in sc's jurisdiction), at most 20,000, grouped by building. */
int report_elderly_upper_floors(struct store *st, const struct scope *sc, struct filter *f,
				bool has_age_min, bool has_floor_min, const char *area, int64_t now,
				struct arena *ar, struct elderly_report *out, struct sb_fail *fail);

#endif
