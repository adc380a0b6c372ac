#ifndef SB_COVERAGE_H
#define SB_COVERAGE_H

/*
 * Coverage (GET /reports/coverage, /reports/unvisited): of the active
 * households of an area, those visited at least once in a period and those
 * visited on time under the visiting policy (visit_period, core/visits.h),
 * in all, by child area (or by grid for a committee), by tag and per worker
 * owning grids on the period's last day; and the longest unvisited.
 */

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/errors.h"

struct coverage_tally {
	int64_t households, visited, residents, residents_visited, on_time;
};

/* A part of the area: a child area (code set), or for a committee one of
 * its grids (code NULL; grid_id 0 for the households in no grid). */
struct coverage_child {
	const char *code;
	int64_t grid_id;
	const char *name; /* NULL: not known (no grid, or an area out of reach) */
	struct coverage_tally tally;
};

struct coverage_tag {
	const char *tag;
	struct coverage_tally tally;
};

/* A worker owning grids of the area on the period's last day, with
 * households in them. */
struct coverage_worker {
	int64_t worker_id;
	const char *username, *name;
	struct coverage_tally tally;
};

struct coverage_report {
	struct area area;
	char from[11], to[11];
	struct coverage_tally total;
	struct coverage_child *children;
	size_t nchildren;
	struct coverage_tag *tags;
	size_t ntags;
	struct coverage_worker *workers;
	size_t nworkers;
};

/* The coverage of area (found in sc by area_of_report, core/areas.h: the
 * caller looks it up first, so that a wrong area is named before a wrong
 * period) over [from, to] (NULL: report_period's defaults, with today), in
 * the arena.  Refusals, with fail: the period (SB_BAD_QUERY, "to", or
 * "from"/"to" outside 2000–2179). */
int coverage_report(struct store *st, const struct scope *sc, const struct area *area,
		    const char *from, const char *to, const char *today, struct arena *ar,
		    struct coverage_report *out, struct sb_fail *fail);

/* The limit longest-unvisited active households of area (as above) in sc,
 * never visited first. */
int coverage_unvisited(struct store *st, const struct scope *sc, const struct area *area, int limit,
		       struct arena *ar, struct plan_list *out);

#endif
