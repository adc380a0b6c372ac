#include <string.h>

#include "api/api.h"
#include "core/audit.h"
#include "util/clock.h"
#include "util/errors.h"

/* GET /api/v1/audit: entries placed in the caller's jurisdiction, newest first. */
int
api_audit_list(struct request *rq, struct response *rs)
{
	struct audit_filter f = {0};
	struct audit_list l;
	struct api_range range;
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_limit(rq, &f.limit);
	if (rc == SB_OK)
		rc = api_query_int(rq, "cursor", &f.before_id);
	if (rc == SB_OK)
		rc = api_query_int(rq, "user_id", &f.user_id);
	if (rc == SB_OK)
		rc = api_query_range(rq, API_RANGE_TIMES, &range);
	if (rc != SB_OK)
		return rc;
	f.from = range.from;
	f.to = range.to;
	f.entity = request_query(rq, "entity");
	f.action = request_query(rq, "action");
	f.limit++;
	rc = audit_list(rq->store, &rq->scope, &f, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n && i < (size_t)f.limit - 1; i++) {
		const struct audit_entry *e = &l.items[i];
		json_t *detail = json_loads(e->detail ? e->detail : "{}", 0, NULL);

		json_array_append_new(
			items,
			json_pack("{s:I, s:s, s:o, s:s?, s:s?, s:s, s:s, s:s?, s:s, s:o}", "id",
				  (json_int_t)e->id, "at", api_time(rq, e->at), "user_id",
				  e->user_id ? json_integer(e->user_id) : json_null(), "username",
				  e->username, "name", e->name, "action", e->action, "entity",
				  e->entity, "entity_id", e->entity_id, "area_code", e->area_code,
				  "detail", detail ? detail : json_object()));
	}
	return response_json(rs, 200,
			     api_page(items, l.n == (size_t)f.limit
						     ? arena_printf(&rq->arena, "%lld",
								    (long long)l.items[l.n - 2].id)
						     : NULL));
}
