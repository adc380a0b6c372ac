#include <string.h>

#include "api/consult.h"
#include "core/committee_check.h"
#include "core/notices.h"
#include "http/server.h"
#include "http/webhook.h"

/* Notices to residents (公告, docs/notices.md): written by a head for the
 * committee, compounds, buildings or a register filter; a link per
 * building (its poster's QR code) whose reads are counted; a resident's
 * page without login; delivered through the webhook when there is one. */

static const struct jfield notice_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{"title", JF_STRING, true, 1, 100, false},
	{"body", JF_TEXT, true, 1, 4000, false},
	{"urgent", JF_BOOL, false, 0, 0, false},
	{"audience", JF_OBJECT, false, 0, 0, false},
	{"expires_at", JF_STRING, false, 1, 40, true},
	{"survey_id", JF_INT, false, 0, 0, true},
	{"meeting_id", JF_INT, false, 0, 0, true},
	{NULL},
};
static const char *const notice_skip[] = {"audience", NULL};

/* The audience's members, their syntax: {} (the committee), or any of
 * compound_ids, building_ids (lists of at least one id) and filter. */
static int
audience_of(struct request *rq, json_t *a, struct notice_audience *out)
{
	const char *key;
	json_t *v;
	int64_t *ids;
	size_t n;
	int rc = SB_OK;

	memset(out, 0, sizeof(*out));
	if (a && !json_is_object(a))
		return ct_bad(rq, SB_BAD_FIELD, "audience", "must be an object", "必须是对象");
	json_object_foreach (a, key, v) {
		if (strcmp(key, "compound_ids") == 0 || strcmp(key, "building_ids") == 0) {
			bool compounds = key[0] == 'c';
			const char *field =
				compounds ? "audience.compound_ids" : "audience.building_ids";

			rc = ct_ids(rq, v, field, 500, &ids, &n);
			if (rc == SB_OK && n == 0)
				rc = ct_bad(rq, SB_BAD_FIELD, field, "at least one", "至少选一个");
			if (compounds) {
				out->has_compounds = true;
				out->compound_ids = ids;
				out->ncompounds = n;
			} else {
				out->has_buildings = true;
				out->building_ids = ids;
				out->nbuildings = n;
			}
		} else if (strcmp(key, "filter") == 0) {
			out->filter = v;
		} else {
			rc = ct_bad(rq, SB_BAD_FIELD, arena_printf(&rq->arena, "audience.%s", key),
				    "unknown member", "未知字段");
		}
		if (rc != SB_OK)
			break;
	}
	return rc;
}

/* The notice's JSON text from core with each link's token and path (made
 * again from the key). */
static int
notice_reply(struct request *rq, struct response *rs, int status, const char *text)
{
	const struct sb_key *key = server_key(rq->srv);
	json_t *j, *l;
	int64_t id;
	size_t i;
	int rc = ct_parse(text, &j);

	if (rc != SB_OK)
		return rc;
	id = json_integer_value(json_object_get(j, "id"));
	json_array_foreach (json_object_get(j, "links"), i, l) {
		char token[NOTICE_TOKEN_CHARS + 1];
		json_t *b = json_object_get(l, "building_id");

		notice_token(key, id, json_is_integer(b) ? json_integer_value(b) : 0, token);
		json_object_set_new(l, "token", json_string(token));
		json_object_set_new(l, "path", json_sprintf("/#/n/%s", token));
	}
	return response_json(rs, status, j);
}

/* POST /api/v1/notices */
int
api_notices_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct notice_input in = {0};
	struct sb_fail fail = {0};
	const char *json = NULL;
	json_t *body = NULL;
	int rc;

	rc = ct_body(rq, notice_fields, notice_skip, &body);
	if (rc != SB_OK)
		goto out;
	in.committee_code = ct_str(body, "committee_code");
	in.title = ct_str(body, "title");
	in.body = ct_str(body, "body");
	in.urgent = json_is_true(json_object_get(body, "urgent"));
	in.expires_at = ct_str(body, "expires_at");
	in.survey_id = json_integer_value(json_object_get(body, "survey_id"));
	in.meeting_id = json_integer_value(json_object_get(body, "meeting_id"));
	in.key = server_key(rq->srv);
	in.webhook = webhook_enabled();
	rc = audience_of(rq, json_object_get(body, "audience"), &in.audience);
	if (rc == SB_OK)
		rc = notice_create(rq->store, &rq->scope, &who, &in, &rq->arena, &json, &fail);
	if (rc == SB_OK)
		rc = notice_reply(rq, rs, 201, json);
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/notices?committee_code= */
int
api_notices_list(struct request *rq, struct response *rs)
{
	struct sb_fail fail = {0};
	const char *json;
	int64_t cursor;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = ct_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = notice_list(rq->store, &rq->scope, request_query(rq, "committee_code"), cursor,
				 limit + 1, &rq->arena, &json, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return ct_page(rq, rs, json, limit);
}

/* GET /api/v1/notices/{id}: with its links' tokens and reads per building. */
int
api_notices_get(struct request *rq, struct response *rs)
{
	const char *json;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = notice_get(rq->store, &rq->scope, id, &rq->arena, &json);
	if (rc != SB_OK)
		return rc;
	return notice_reply(rq, rs, 200, json);
}

static const struct jfield update_fields[] = {
	{"expires_at", JF_STRING, false, 1, 40, true},
	{"withdrawn", JF_BOOL, false, 0, 0, false},
	{NULL},
};

/* PATCH /api/v1/notices/{id}: a new expiry (null: none), or withdrawn. */
int
api_notices_update(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct notice_change in = {0};
	struct notice_ref notice;
	struct sb_fail fail = {0};
	const char *json = NULL;
	json_t *body = NULL;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = notice_find(rq->store, &rq->scope, id, &rq->arena, &notice);
	if (rc == SB_OK)
		rc = ct_body(rq, update_fields, NULL, &body);
	if (rc == SB_OK && json_object_size(body) == 0)
		rc = ct_bad(rq, SB_BAD_FIELD, "expires_at", "nothing to change",
			    "没有要修改的内容");
	if (rc != SB_OK)
		goto out;
	in.set_expires = json_object_get(body, "expires_at") != NULL;
	in.expires_at = ct_str(body, "expires_at");
	in.set_withdrawn = json_object_get(body, "withdrawn") != NULL;
	in.withdrawn = json_is_true(json_object_get(body, "withdrawn"));
	rc = notice_update(rq->store, &rq->scope, &who, &notice, &in, json_deep_copy(body),
			   &rq->arena, &json, &fail);
	if (rc == SB_OK)
		rc = notice_reply(rq, rs, 200, json);
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/notice-links/{token}: the resident's page (no login).  Each
 * read is counted on the link (its building).  Unknown and wrong tokens
 * answer the same 404; an expired or withdrawn notice 409 naming token. */
int
api_notice_links_get(struct request *rq, struct response *rs)
{
	const char *token = request_param(rq, "token"), *json = NULL;
	struct sb_fail fail = {0};
	int rc = api_public_throttle(rq, rs);

	if (rc != SB_OK)
		return rc;
	if (strlen(token) != NOTICE_TOKEN_CHARS ||
	    strspn(token, "0123456789abcdef") != NOTICE_TOKEN_CHARS)
		rc = SB_NOT_FOUND;
	else
		rc = notice_read(rq->store, token, rq->now, &rq->arena, &json, &fail);
	if (rc == SB_NOT_FOUND) {
		api_public_fail(rq);
		return request_fail(rq, SB_NOT_FOUND, "token", "no notice at this link",
				    "没有找到这则公告，请核对链接");
	}
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return ct_reply(rs, 200, json);
}

static const struct jfield phone_fields[] = {
	{"phone", JF_STRING, true, 0, 30, true},
	{NULL},
};

/* GET /api/v1/committees/{code}/phone */
int
api_committees_phone_get(struct request *rq, struct response *rs)
{
	const char *code = request_param(rq, "code"), *phone = NULL;
	int rc = committee_phone_get(rq->store, &rq->scope, code, &rq->arena, &phone);

	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:s, s:s?}", "committee_code", code, "phone", phone));
}

/* PUT /api/v1/committees/{code}/phone {phone}: printed on receipts and
 * notices (digits, spaces, '-', '+', '(' and ')'; null clears it). */
int
api_committees_phone_put(struct request *rq, struct response *rs)
{
	const char *code = request_param(rq, "code"), *phone;
	struct actor who = api_actor(rq);
	json_t *body = NULL;
	int rc = committee_check_found(rq->store, &rq->scope, code, &rq->arena);

	if (rc == SB_OK)
		rc = ct_body(rq, phone_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	phone = ct_str(body, "phone");
	if (phone && (*phone == '\0' || strspn(phone, "0123456789 -+()") != strlen(phone) ||
		      strpbrk(phone, "0123456789") == NULL)) {
		rc = ct_bad(rq, SB_BAD_FIELD, "phone", "digits, spaces, -, +, ( and )",
			    "只能含数字、空格、-、+、括号");
		goto out;
	}
	rc = committee_phone_set(rq->store, &rq->scope, &who, code, phone, &rq->arena);
	if (rc == SB_OK)
		rc = response_json(
			rs, 200, json_pack("{s:s, s:s?}", "committee_code", code, "phone", phone));
out:
	json_decref(body);
	return rc;
}
