#ifndef SB_AREAS_H
#define SB_AREAS_H

/*
 * The division tree as a caller in a jurisdiction sees it (store/areas.c):
 * an area with its parents and children, a search, and the area a report
 * is about.  Out of scope is indistinguishable from absent: SB_NOT_FOUND.
 */

#include "store/store.h"
#include "util/errors.h"

/* An area with its parents from the city down and its children by code. */
struct area_view {
	struct area area;
	struct area_list parents, children;
};

/* The area code in sc's jurisdiction, in the arena; SB_NOT_FOUND otherwise. */
int area_view(struct store *st, const struct scope *sc, const char *code, struct arena *ar,
	      struct area_view *out);

/* A page of areas in sc's jurisdiction whose code is after cursor, name
 * contains q, of level and under parent (each NULL for any), by code, at
 * most limit.  A parent outside the jurisdiction is SB_NOT_FOUND with fail
 * naming "parent".  Syntax (codes of digits, known levels) is the caller's. */
struct area_query {
	const char *q, *level, *parent, *cursor;
	int limit;
};
int area_search(struct store *st, const struct scope *sc, const struct area_query *query,
		struct arena *ar, struct area_list *out, struct sb_fail *fail);

/* The area of a report: code in sc's jurisdiction, or when code is NULL the
 * first area of the caller's own jurisdiction (the city, "31", when it has
 * none).  SB_NOT_FOUND with fail naming "area" when it is not in scope. */
int area_of_report(struct store *st, const struct scope *sc, const char *code, struct arena *ar,
		   struct area *out, struct sb_fail *fail);

#endif
