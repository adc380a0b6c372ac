#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/query_date.h"
#include "core/calendar.h"
#include "core/ident.h"
#include "http/json_io.h"

/* The working-day calendar: its exceptions to Monday–Friday (core/calendar.c). */

/* GET /api/v1/calendar?from=&to=: the exceptions to Monday–Friday. */
int
api_calendar_list(struct request *rq, struct response *rs)
{
	struct calendar_list l;
	struct api_range r;
	const char *today = api_today(rq);
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_whole_list(rq);
	if (rc == SB_OK)
		rc = api_query_range(rq, API_RANGE_DATES, &r);
	if (rc == SB_OK) {
		if (!r.has_from)
			snprintf(r.from_date, sizeof(r.from_date), "%.4s-01-01", today);
		if (!r.has_to)
			snprintf(r.to_date, sizeof(r.to_date), "%.4s-12-31", today);
		rc = calendar_list(rq->store, r.from_date, r.to_date, &rq->arena, &l);
	}
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:s}", "date", l.items[i].date, "kind",
						l.items[i].kind, "name", l.items[i].name));
	return response_json(rs, 200, api_page(items, NULL));
}

static const struct jfield day_fields[] = {
	{"kind", JF_STRING, true, 1, 10, true},
	{"name", JF_STRING, false, 1, 30, false},
	{NULL},
};

/* PUT /api/v1/calendar/{date} {kind: holiday|workday|null, name} (admin). */
int
api_calendar_put(struct request *rq, struct response *rs)
{
	const char *date = request_param(rq, "date");
	struct actor who = api_actor(rq);
	json_t *body = NULL, *kind;
	bool work;
	int rc;

	if (!ident_date_valid(date))
		return request_fail(rq, SB_BAD_PATH, "date", "date: YYYY-MM-DD",
				    "date：须为 YYYY-MM-DD");
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, day_fields);
	if (rc != SB_OK)
		goto out;
	kind = json_object_get(body, "kind");
	if (json_is_string(kind) && strcmp(json_string_value(kind), "holiday") != 0 &&
	    strcmp(json_string_value(kind), "workday") != 0) {
		rc = request_fail(rq, SB_BAD_FIELD, "kind", "kind: holiday, workday or null",
				  "kind：须为 holiday、workday 或 null");
		goto out;
	}
	rc = calendar_set(
		rq->store, &who, date, json_is_null(kind) ? NULL : json_string_value(kind),
		json_string_value(json_object_get(body, "name")), json_deep_copy(body), &work);
	if (rc == SB_OK)
		rc = response_json(rs, 200, json_pack("{s:s, s:b}", "date", date, "workday", work));
out:
	json_decref(body);
	return rc;
}
