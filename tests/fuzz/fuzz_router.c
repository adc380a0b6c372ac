/* The router as dispatch uses it: the method and the decoded path matched
 * against the route table, then the query parameter names checked against
 * the route's declaration.  Input: method, path and query names, one a line. */
#include "fuzz.h"
#include "http/router.h"

#define NAMES_MAX 64

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *save = NULL, *line;
	const char *method, *path, *names[NAMES_MAX];
	struct route_match m;
	size_t n = 0, at = 0;

	method = strtok_r(s, "\n", &save);
	path = method ? strtok_r(NULL, "\n", &save) : NULL;
	if (path == NULL) {
		free(s);
		return 0;
	}
	while (n < NAMES_MAX && (line = strtok_r(NULL, "\n", &save)) != NULL)
		names[n++] = line;
	switch (router_match(method, path, &m)) {
	case ROUTE_FOUND:
		if (m.nparams < 0 || m.nparams > HTTP_MAX_PARAMS || m.route == NULL)
			abort();
		if (router_check_query(m.route, names, n, &at) != QUERY_OK && at >= n)
			abort();
		break;
	case ROUTE_NO_METHOD:
		if (memchr(m.allow, '\0', sizeof(m.allow)) == NULL)
			abort();
		break;
	case ROUTE_NONE: break;
	}
	free(s);
	return 0;
}
