#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "http/router.h"

const struct route router_routes[] = {
#define R(method, pattern, handler, role, flags, query)                                            \
	{#method, pattern, handler, role, flags, query},
#include "http/routes.def"
#undef R
};

const size_t router_nroutes = sizeof(router_routes) / sizeof(router_routes[0]);

/* Matches one pattern; fills the parameters of m on success. */
static bool
match_path(const char *pattern, const char *path, struct route_match *m)
{
	const char *p = pattern, *s = path;

	m->nparams = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(p, '}');
			size_t n = strcspn(s, "/");

			if (end == NULL || n == 0 || m->nparams == HTTP_MAX_PARAMS)
				return false;
			m->names[m->nparams] = p + 1;
			m->name_lens[m->nparams] = (size_t)(end - p - 1);
			m->values[m->nparams] = s;
			m->value_lens[m->nparams] = n;
			m->nparams++;
			p = end + 1;
			s += n;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

enum route_result
router_match(const char *method, const char *path, struct route_match *m)
{
	enum route_result res = ROUTE_NONE;
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < router_nroutes; i++) {
		const struct route *r = &router_routes[i];
		struct route_match tmp;

		if (!match_path(r->pattern, path, &tmp))
			continue;
		if (strcmp(r->method, method) == 0) {
			char allow[sizeof(m->allow)];

			memcpy(allow, m->allow, sizeof(allow));
			*m = tmp;
			memcpy(m->allow, allow, sizeof(allow));
			m->route = r;
			m->index = (int)i;
			return ROUTE_FOUND;
		}
		res = ROUTE_NO_METHOD;
		if (strstr(m->allow, r->method) == NULL) {
			size_t len = strlen(m->allow);

			snprintf(m->allow + len, sizeof(m->allow) - len, "%s%s", len ? ", " : "",
				 r->method);
		}
	}
	return res;
}

size_t
router_secret_prefix(const char *path)
{
	size_t i;

	for (i = 0; i < router_nroutes; i++) {
		const struct route *r = &router_routes[i];
		size_t n;

		if (!(r->flags & RF_SECRET))
			continue;
		n = strcspn(r->pattern, "{");
		if (strncmp(path, r->pattern, n) == 0)
			return n;
	}
	return 0;
}

bool
router_query_declared(const struct route *r, const char *name)
{
	size_t n = strlen(name);
	const char *s;

	if (r == NULL || n == 0 || strchr(name, ' '))
		return false;
	for (s = r->query; *s;) {
		size_t len;

		while (*s == ' ')
			s++;
		len = strcspn(s, " ");
		if (len == n && strncmp(s, name, n) == 0)
			return true;
		/* "attribute[]" stands for attribute[CODE], any CODE. */
		if (len > 2 && s[len - 2] == '[' && s[len - 1] == ']' && n > len &&
		    strncmp(s, name, len - 1) == 0 && name[n - 1] == ']' &&
		    memchr(name + len - 1, ']', n - len) == NULL)
			return true;
		s += len;
	}
	return false;
}

enum query_check
router_check_query(const struct route *r, const char *const *names, size_t n, size_t *at)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		*at = i;
		if (!router_query_declared(r, names[i]))
			return QUERY_UNKNOWN;
		for (j = 0; j < i; j++)
			if (strcmp(names[j], names[i]) == 0)
				return QUERY_REPEATED;
	}
	return QUERY_OK;
}
