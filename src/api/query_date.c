#include "api/query_date.h"
#include "core/ident.h"
#include "util/errors.h"

const char *
api_today(struct request *rq)
{
	char *d = arena_alloc(&rq->arena, 11);

	ident_today(rq->now, d);
	return d;
}

int
api_query_date(struct request *rq, const char *name, const char *dflt, const char **out)
{
	const char *v = request_query(rq, name);

	*out = v ? v : dflt;
	if (v && !ident_date_valid(v))
		return request_fail(rq, SB_BAD_QUERY, name,
				    arena_printf(&rq->arena, "%s: YYYY-MM-DD", name),
				    arena_printf(&rq->arena, "%s：须为 YYYY-MM-DD", name));
	return SB_OK;
}
