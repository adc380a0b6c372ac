#include <string.h>

#include "api/api.h"
#include "core/areas.h"
#include "http/json_io.h"
#include "util/errors.h"

static json_t *
area_json(const struct area *a)
{
	return json_pack("{s:s, s:s, s:s, s:s?}", "code", a->code, "name", a->name, "level",
			 a->level, "parent_code", a->parent_code);
}

static json_t *
areas_json(const struct area_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, area_json(&l->items[i]));
	return a;
}

static bool
valid_code(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 12)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* GET /api/v1/areas/{code}: the area, its parents from the city down and its
 * children; 404 outside the caller's jurisdiction. */
int
api_areas_get(struct request *rq, struct response *rs)
{
	const char *code = request_param(rq, "code");
	struct area_view v;
	json_t *j;
	int rc;

	if (!valid_code(code))
		return SB_NOT_FOUND;
	rc = area_view(rq->store, &rq->scope, code, &rq->arena, &v);
	if (rc != SB_OK)
		return rc;
	j = area_json(&v.area);
	json_object_set_new(j, "parents", areas_json(&v.parents));
	json_object_set_new(j, "children", areas_json(&v.children));
	return response_json(rs, 200, j);
}

/* GET /api/v1/areas?q=&level=&parent=&limit=&cursor=: areas in scope by code. */
int
api_areas_list(struct request *rq, struct response *rs)
{
	struct area_query query = {
		.q = request_query(rq, "q"),
		.level = request_query(rq, "level"),
		.parent = request_query(rq, "parent"),
		.cursor = request_query(rq, "cursor"),
	};
	struct sb_fail fail = {0};
	struct area_list l;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc != SB_OK)
		return rc;
	if (query.q && (*query.q == '\0' || utf8_chars(query.q) > 50))
		return request_fail(rq, SB_BAD_QUERY, "q", "q: 1 to 50 characters",
				    "q：长度为 1 至 50 个字符");
	if (query.level && strcmp(query.level, "district") != 0 &&
	    strcmp(query.level, "street") != 0 && strcmp(query.level, "committee") != 0 &&
	    strcmp(query.level, "city") != 0)
		return request_fail(rq, SB_BAD_QUERY, "level",
				    "level: city, district, street or committee",
				    "level：必须是 city、district、street 或 committee");
	if (query.cursor && !valid_code(query.cursor))
		return request_fail(rq, SB_BAD_QUERY, "cursor",
				    "cursor: not a cursor from this list",
				    "cursor：不是本列表给出的游标");
	if (query.parent && !valid_code(query.parent))
		return request_fail(rq, SB_NOT_FOUND, "parent", "parent: no such area",
				    "parent：无此区划");
	query.limit = limit + 1; /* one more tells whether there is a next page */
	rc = area_search(rq->store, &rq->scope, &query, &rq->arena, &l, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	if (l.n > (size_t)limit) {
		l.n = (size_t)limit;
		return response_json(rs, 200, api_page(areas_json(&l), l.items[l.n - 1].code));
	}
	return response_json(rs, 200, api_page(areas_json(&l), NULL));
}
