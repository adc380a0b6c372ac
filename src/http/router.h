#ifndef SB_ROUTER_H
#define SB_ROUTER_H

#include <stddef.h>

#include "http/http.h"

enum route_result {
	ROUTE_FOUND,
	ROUTE_NO_METHOD, /* the path matches, the method does not */
	ROUTE_NONE,
};

struct route_match {
	const struct route *route;
	int index;
	int nparams;
	const char *names[HTTP_MAX_PARAMS]; /* point into the route's pattern... */
	size_t name_lens[HTTP_MAX_PARAMS];
	const char *values[HTTP_MAX_PARAMS]; /* ...and into the path */
	size_t value_lens[HTTP_MAX_PARAMS];
	char allow[64]; /* methods for the Allow header */
};

extern const struct route router_routes[];
extern const size_t router_nroutes;

/* Matches method and path against the route table.  A parameter matches one
 * non-empty segment.  allow lists the path's methods on ROUTE_NO_METHOD. */
enum route_result router_match(const char *method, const char *path, struct route_match *m);

#endif
