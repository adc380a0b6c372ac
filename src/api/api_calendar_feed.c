#include <string.h>

#include "api/api.h"
#include "core/plan.h"
#include "util/crypto.h"

/* The plan as an iCalendar feed behind a secret URL (core/plan.c writes it
 * with core/ical.c). */

/* POST /api/v1/me/calendar-feed: a new secret feed URL (the old one stops working). */
int
api_me_feed_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	char token[SB_TOKEN_CHARS + 1];
	int rc = plan_feed_renew(rq->store, &who, token);

	if (rc != SB_OK)
		return rc;
	response_header(rq, rs, "Cache-Control", "no-store");
	return response_json(rs, 201,
			     json_pack("{s:s, s:s}", "token", token, "path",
				       arena_printf(&rq->arena, "/api/v1/feeds/%s.ics", token)));
}

/* DELETE /api/v1/me/calendar-feed: revokes the feed URL. */
int
api_me_feed_delete(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	int rc = plan_feed_revoke(rq->store, &who);

	return rc == SB_OK ? response_empty(rs, 204) : rc;
}

/* GET /api/v1/feeds/{token}.ics: the plan as an iCalendar feed, no login. */
int
api_feeds_get(struct request *rq, struct response *rs)
{
	const char *param = request_param(rq, "file");
	char token[SB_TOKEN_CHARS + 1];
	struct buf b;
	int rc;

	if (param == NULL || strlen(param) != SB_TOKEN_CHARS + 4 ||
	    strcmp(param + SB_TOKEN_CHARS, ".ics") != 0)
		return SB_NOT_FOUND;
	memcpy(token, param, SB_TOKEN_CHARS);
	token[SB_TOKEN_CHARS] = '\0';
	buf_init(&b, 16u << 20);
	rc = plan_feed(rq->store, token, rq->now, &rq->arena, &b);
	if (rc == SB_OK) {
		rc = response_text(rs, 200, "text/calendar; charset=utf-8", b.data ? b.data : "",
				   b.len);
		response_header(rq, rs, "Cache-Control", "no-store");
	}
	buf_clear(&b);
	return rc;
}
