#include <string.h>

#include "api/api.h"
#include "core/open311.h"
#include "util/clock.h"

/*
 * The one rule for the periods asked in a query (docs/api.md, "Times and
 * dates"): a date YYYY-MM-DD is the Shanghai day, from 00:00 to 24:00 +08:00,
 * and the upper bound includes its whole day, so from=2026-12-01&to=2026-12-01
 * is 2026-11-30T16:00Z up to 2026-12-01T16:00Z.  Where instants are kept, a
 * bound may also be an RFC 3339 time; a time as the upper bound includes that
 * second.
 */

static bool
bound(const char *v, int flags, bool upper, int64_t *t, char date[11])
{
	if (clock_day_start(v, t)) {
		if (upper)
			*t += CLOCK_DAY;
		memcpy(date, v, 11);
		return true;
	}
	if (!(flags & API_RANGE_TIMES))
		return false;
	if (!((flags & API_RANGE_W3C) == API_RANGE_W3C ? open311_parse_time(v, t)
						       : clock_parse_time(v, t)))
		return false;
	clock_shanghai_date(*t, date);
	if (upper)
		++*t;
	return true;
}

bool
api_range_parse(const char *from, const char *to, int flags, struct api_range *r, const char **bad)
{
	memset(r, 0, sizeof(*r));
	*bad = NULL;
	if (from && !bound(from, flags, false, &r->from, r->from_date))
		*bad = "from";
	else if (to && !bound(to, flags, true, &r->to, r->to_date))
		*bad = "to";
	else if (from && to && r->to <= r->from)
		*bad = "to";
	r->has_from = from != NULL;
	r->has_to = to != NULL;
	return *bad == NULL;
}

int
api_query_range(struct request *rq, int flags, struct api_range *r)
{
	const char *from = request_query(rq, "from"), *to = request_query(rq, "to"), *bad;
	const char *want = flags & API_RANGE_TIMES
				   ? "a date YYYY-MM-DD (a Shanghai day) or an RFC 3339 time"
				   : "a date YYYY-MM-DD (a Shanghai day)";
	const char *want_zh = flags & API_RANGE_TIMES
				      ? "须为日期 YYYY-MM-DD（上海时间的一天）或 RFC 3339 时间"
				      : "须为日期 YYYY-MM-DD（上海时间的一天）";

	if (api_range_parse(from, to, flags, r, &bad))
		return SB_OK;
	if (strcmp(bad, "to") == 0 && bound(to, flags, true, &r->to, r->to_date))
		return request_fail(rq, SB_BAD_QUERY, "to", "to: must not be before from",
				    "to：不能早于 from");
	return request_refuse(rq, SB_BAD_QUERY, bad, want, want_zh);
}
