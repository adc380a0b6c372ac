#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "api/consult.h"
#include "core/issues.h"
#include "http/server.h"
#include "util/throttle.h"

/* The residents' own pages that need no login (issue 17): an issue's
 * progress by its receipt number and the last four digits of the phone.
 * A wrong number and an unknown receipt answer the same 404; failures are
 * limited per address (util/throttle.h). */

/* 429 with Retry-After when the address has failed too often; SB_OK
 * otherwise.  A caller with a session is a worker, known and audited: the
 * limit is for the anonymous guesser, so it neither counts nor is refused. */
int
api_public_throttle(struct request *rq, struct response *rs)
{
	int64_t retry;
	char secs[24];

	if (rq->user.id > 0 || throttle_allowed(rq->ip, rq->now, &retry))
		return SB_OK;
	snprintf(secs, sizeof(secs), "%lld", (long long)retry);
	response_header(rq, rs, "Retry-After", secs);
	return request_fail(rq, SB_TOO_MANY, NULL,
			    "too many failed attempts from this address; try again later",
			    "尝试次数过多，请稍后再试");
}

void
api_public_fail(struct request *rq)
{
	if (rq->user.id == 0)
		throttle_fail(rq->ip, rq->now);
}

static const struct jfield lookup_fields[] = {
	{"receipt_no", JF_STRING, true, 1, 40, false},
	{"phone_last4", JF_STRING, true, 4, 4, false},
	{NULL},
};

/* An issue's progress as the resident sees it. */
static json_t *
receipt_json(struct request *rq, const struct issue_receipt *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:s?, s:s?}", "receipt_no",
			 r->receipt_no, "category", r->category, "status", r->status, "level",
			 r->level, "due_date", r->due_date, "overdue", r->overdue, "received_at",
			 api_time(rq, r->received_at), "resolved_at",
			 r->resolved_at ? json_string(api_time(rq, r->resolved_at)) : json_null(),
			 "committee_name", r->committee_name, "committee_phone",
			 r->committee_phone);
}

/* POST /api/v1/receipt-lookup {receipt_no, phone_last4}: status, level,
 * deadline; never names, notes or the description. */
int
api_receipt_lookup(struct request *rq, struct response *rs)
{
	const char *receipt, *last4;
	struct issue_receipt found;
	struct sb_fail fail = {0};
	json_t *body = NULL;
	int rc, i;

	rc = api_public_throttle(rq, rs);
	if (rc == SB_OK)
		rc = consult_body(rq, lookup_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	receipt = consult_member_text(body, "receipt_no");
	last4 = consult_member_text(body, "phone_last4");
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)last4[i])) {
			rc = request_fail(rq, SB_BAD_FIELD, "phone_last4",
					  "phone_last4: the last four digits of the phone",
					  "请填写电话号码的后四位数字");
			goto out;
		}
	rc = issue_receipt_find(rq->store, receipt, last4, rq->now, &rq->arena, &found, &fail);
	if (rc == SB_NOT_FOUND)
		api_public_fail(rq);
	if (rc == SB_OK)
		rc = response_json(rs, 200, receipt_json(rq, &found));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}
