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

/* The length of path's part before a bearer credential when path starts like
 * a route flagged RF_SECRET (any method, any rest), else 0: the access log
 * masks what follows. */
size_t router_secret_prefix(const char *path);

enum query_check {
	QUERY_OK,
	QUERY_UNKNOWN,	/* not among the route's query parameters */
	QUERY_REPEATED, /* given more than once */
};

/* Whether route r accepts the query parameter name (routes.def, "query");
 * a declared "x[]" accepts x[KEY] for any KEY without a bracket. */
bool router_query_declared(const struct route *r, const char *name);

/* Checks a request's query parameter names (in order, repeats included)
 * against r; on a failure *at is the index of the first name at fault. */
enum query_check router_check_query(const struct route *r, const char *const *names, size_t n,
				    size_t *at);

#endif
