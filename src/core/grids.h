#ifndef SB_GRIDS_H
#define SB_GRIDS_H

/*
 * Grids (社区微网格): the one way a grid is made or changed, by the API
 * (POST/PATCH /api/v1/grids) and by the demo alike.  A grid holds whole
 * buildings and households placed one by one (docs/visits.md); saving it
 * re-places only the households that were in it or are now, so the
 * committee's other grids keep theirs.  Also the workers assigned to grids,
 * the committee's quota of households per worker, and the reference checks
 * a grid's (and other resources') bodies share: a committee in scope, a row
 * or a worker of a committee.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/committee_check.h"
#include "store/store.h"
#include "util/errors.h"

struct grid_members {
	const int64_t *buildings;
	size_t nb;
	const int64_t
		*households; /* placed one by one (they keep the grid whatever their building's) */
	size_t nh;
};

/* Creates the grid (g->id == 0: g->committee_code and name given, g->id set)
 * or renames it (name not NULL); with m, its members become m's.  Inside the
 * caller's transaction; SB_CONFLICT when the committee has a grid of that name.
 * The caller has checked that the members are in the grid's committee. */
int grid_save(struct store *st, struct grid *g, const char *name, const struct grid_members *m,
	      int64_t now);

/* A grid as the API shows it: its members, who owns it on a day and what it
 * holds.  Everything in the caller's arena. */
struct grid_detail {
	struct grid grid;
	int64_t *buildings;
	size_t nbuildings;
	int64_t *households; /* placed one by one */
	size_t nhouseholds;
	struct assignment_list owners; /* on the day asked */
	int64_t household_count, resident_count;
};

/* Grid id in sc's jurisdiction with its owners on today (YYYY-MM-DD);
 * SB_NOT_FOUND when out of scope. */
int grid_detail_get(struct store *st, const struct scope *sc, int64_t id, const char *today,
		    struct arena *ar, struct grid_detail *out);
/* Every grid in scope of committee (NULL: all), by id, as above. */
int grid_detail_list(struct store *st, const struct scope *sc, const char *committee,
		     const char *today, struct arena *ar, struct grid_detail **out, size_t *n);

/* A grid's body as sent, its syntax checked by the API; NULL or false for a
 * member not given. */
struct grid_input {
	const char *committee_code; /* required to create; else it must be the grid's */
	const char *name;	    /* required to create */
	bool has_buildings, has_households;
	const int64_t *buildings;
	size_t nbuildings;
	const int64_t *households;
	size_t nhouseholds;
};

/* Creates a grid of in (committee in sc's jurisdiction, name unique in it,
 * members of the committee), audited, in its own transaction; *out the grid
 * as saved, its owners on today.  Refusals (BAD_FIELD, CONFLICT) in fail. */
int grid_create(struct store *st, const struct scope *sc, const struct actor *who,
		const struct grid_input *in, const char *today, struct arena *ar,
		struct grid_detail *out, struct sb_fail *fail);
/* Grid id in sc's jurisdiction (SB_NOT_FOUND otherwise): read before a
 * write's body is looked at, so that a grid out of scope is 404 whatever the
 * body.  The writes below take the grid it read. */
int grid_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	      struct grid *out);

/* Renames grid g (as grid_find read it) or replaces its members (a list not
 * given is kept), as grid_create. */
int grid_update(struct store *st, const struct scope *sc, const struct actor *who,
		const struct grid *g, const struct grid_input *in, const char *today,
		struct arena *ar, struct grid_detail *out, struct sb_fail *fail);

/* The households of committee in scope that are in no grid, with their
 * addresses. */
int grid_unassigned(struct store *st, const struct scope *sc, const char *committee,
		    struct arena *ar, struct household_address **out, size_t *n);

/* The assignments of grid id in scope, newest first, or (date not NULL) its
 * owners on date; SB_NOT_FOUND out of scope, BAD_QUERY naming "date" when
 * date is not YYYY-MM-DD. */
int grid_assignments(struct store *st, const struct scope *sc, int64_t id, const char *date,
		     struct arena *ar, struct assignment_list *out, struct sb_fail *fail);

struct assignment_input {
	int64_t worker_id;
	const char *start_on;
	const char *end_on; /* NULL: open */
	bool end_previous;  /* end an overlapping assignment the day before */
};

/* Assigns a worker (or head) of the grid's committee to grid g (as
 * grid_find read it) from in->start_on: an overlap with another assignment
 * is CONFLICT unless end_previous ends the other one the day before (one
 * starting on or after start_on is CONFLICT still).  Audited, in its own
 * transaction; *out the assignment made. */
int grid_assign(struct store *st, const struct actor *who, const struct grid *g,
		const struct assignment_input *in, struct arena *ar, struct assignment *out,
		struct sb_fail *fail);

/* Sets committee's households per worker (10 to 5000; BAD_FIELD otherwise),
 * audited, in its own transaction.  The caller has checked committee is in
 * its jurisdiction. */
int committee_quota_set(struct store *st, const struct scope *sc, const struct actor *who,
			const char *committee, int64_t households_per_worker, struct sb_fail *fail);

/* GET /reports/workload: what each worker of a committee holds on a day. */
struct workload_row {
	const struct user *worker;
	int64_t *grid_ids;
	size_t ngrids;
	int64_t households, residents;
	bool over; /* households above the quota */
};
struct workload {
	int quota; /* households per worker */
	struct workload_row *items;
	size_t n;
};
/* The workers of committee (in sc's jurisdiction, checked by the caller),
 * the grids each owns on today and what they hold, against the quota
 * (src/core/reports/workload.c). */
int workload_report(struct store *st, const struct scope *sc, const char *committee,
		    const char *today, struct arena *ar, struct workload *out);

#endif
