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
		return request_refuse(rq, SB_BAD_FIELD, "audience", "must be an object",
				      "必须是对象");
	json_object_foreach (a, key, v) {
		if (strcmp(key, "compound_ids") == 0 || strcmp(key, "building_ids") == 0) {
			bool compounds = key[0] == 'c';
			const char *field =
				compounds ? "audience.compound_ids" : "audience.building_ids";

			rc = consult_ids(rq, v, field, 500, &ids, &n);
			if (rc == SB_OK && n == 0)
				rc = request_refuse(rq, SB_BAD_FIELD, field, "at least one",
						    "至少选一个");
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
			rc = request_refuse(rq, SB_BAD_FIELD,
					    arena_printf(&rq->arena, "audience.%s", key),
					    "unknown member", "未知字段");
		}
		if (rc != SB_OK)
			break;
	}
	return rc;
}

/* A time, or null for 0. */
static json_t *
time_or_null(struct request *rq, int64_t t)
{
	return t ? json_string(api_time(rq, t)) : json_null();
}

static json_t *
id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

/* A notice as the API shows it; one alone (not in a list) with each link's
 * token and path (made again from the key, never stored). */
static json_t *
notice_json(struct request *rq, const struct notice *n, bool tokens)
{
	const struct sb_key *key = server_key(rq->srv);
	char token[NOTICE_TOKEN_CHARS + 1];
	json_t *links = json_array(), *audience;
	size_t i;

	for (i = 0; i < n->nlinks; i++) {
		const struct notice_link *l = &n->links[i];

		json_t *link = json_pack("{s:o, s:s?, s:s?, s:I}", "building_id",
					 id_or_null(l->building_id), "compound", l->compound,
					 "label", l->label, "reads", (json_int_t)l->reads);

		if (tokens) {
			notice_token(key, n->id, l->building_id, token);
			json_object_set_new(link, "token", json_string(token));
			json_object_set_new(link, "path", json_sprintf("/#/n/%s", token));
		}
		json_array_append_new(links, link);
	}
	/* the audience is kept as JSON text: data, read back as it was written */
	audience = n->audience ? json_loads(n->audience, JSON_DECODE_ANY, NULL) : NULL;
	return json_pack(
		"{s:I, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:I, "
		"s:o}",
		"id", (json_int_t)n->id, "committee_code", n->committee_code, "title", n->title,
		"body", n->body, "urgent", n->urgent, "audience", audience ? audience : json_null(),
		"expires_at", time_or_null(rq, n->expires_at), "withdrawn_at",
		time_or_null(rq, n->withdrawn_at), "survey_id", id_or_null(n->survey_id),
		"meeting_id", id_or_null(n->meeting_id), "created_by",
		n->created_by_name ? json_pack("{s:I, s:s}", "id", (json_int_t)n->created_by,
					       "name", n->created_by_name)
				   : json_null(),
		"created_at", api_time(rq, n->created_at), "reads", (json_int_t)n->reads, "links",
		links);
}

/* POST /api/v1/notices */
int
api_notices_create(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct notice_input in = {0};
	struct sb_fail fail = {0};
	struct notice n = {0};
	json_t *body = NULL;
	int rc;

	rc = consult_body(rq, notice_fields, notice_skip, &body);
	if (rc != SB_OK)
		goto out;
	in.committee_code = consult_member_text(body, "committee_code");
	in.title = consult_member_text(body, "title");
	in.body = consult_member_text(body, "body");
	in.urgent = json_is_true(json_object_get(body, "urgent"));
	in.expires_at = consult_member_text(body, "expires_at");
	in.survey_id = json_integer_value(json_object_get(body, "survey_id"));
	in.meeting_id = json_integer_value(json_object_get(body, "meeting_id"));
	in.key = server_key(rq->srv);
	in.webhook = webhook_enabled();
	rc = audience_of(rq, json_object_get(body, "audience"), &in.audience);
	if (rc == SB_OK)
		rc = notice_create(rq->store, &rq->scope, &who, &in, &rq->arena, &n, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 201, notice_json(rq, &n, true));
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
	struct notice_list list;
	const char *next = NULL;
	json_t *items;
	int64_t cursor;
	size_t i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = consult_query_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = notice_list(rq->store, &rq->scope, request_query(rq, "committee_code"), cursor,
				 limit + 1, &rq->arena, &list, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	/* one more than the page says there is more: the last kept is the cursor */
	if (list.n > (size_t)limit) {
		list.n = (size_t)limit;
		next = arena_printf(&rq->arena, "%lld", (long long)list.items[limit - 1].id);
	}
	items = json_array();
	for (i = 0; i < list.n; i++)
		json_array_append_new(items, notice_json(rq, &list.items[i], false));
	return response_json(rs, 200, api_page(items, next));
}

/* GET /api/v1/notices/{id}: with its links' tokens and reads per building. */
int
api_notices_get(struct request *rq, struct response *rs)
{
	struct notice n = {0};
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = notice_get(rq->store, &rq->scope, id, &rq->arena, &n);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, notice_json(rq, &n, true));
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
	struct notice n = {0};
	json_t *body = NULL;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = notice_find(rq->store, &rq->scope, id, &rq->arena, &notice);
	if (rc == SB_OK)
		rc = consult_body(rq, update_fields, NULL, &body);
	if (rc == SB_OK && json_object_size(body) == 0)
		rc = request_refuse(rq, SB_BAD_FIELD, "expires_at", "nothing to change",
				    "没有要修改的内容");
	if (rc != SB_OK)
		goto out;
	in.set_expires = json_object_get(body, "expires_at") != NULL;
	in.expires_at = consult_member_text(body, "expires_at");
	in.set_withdrawn = json_object_get(body, "withdrawn") != NULL;
	in.withdrawn = json_is_true(json_object_get(body, "withdrawn"));
	rc = notice_update(rq->store, &rq->scope, &who, &notice, &in, json_deep_copy(body),
			   &rq->arena, &n, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, notice_json(rq, &n, true));
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
	const char *token = request_param(rq, "token");
	struct sb_fail fail = {0};
	struct notice_page p;
	int rc = api_public_throttle(rq, rs);

	if (rc != SB_OK)
		return rc;
	if (strlen(token) != NOTICE_TOKEN_CHARS ||
	    strspn(token, "0123456789abcdef") != NOTICE_TOKEN_CHARS)
		rc = SB_NOT_FOUND;
	else
		rc = notice_read(rq->store, token, rq->now, &rq->arena, &p, &fail);
	if (rc == SB_NOT_FOUND) {
		api_public_fail(rq);
		return request_fail(rq, SB_NOT_FOUND, "token", "no notice at this link",
				    "没有找到这则公告，请核对链接");
	}
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	return response_json(
		rs, 200,
		json_pack("{s:s, s:s, s:b, s:s, s:s?, s:s?, s:s, s:o, s:o, s:o}", "title", p.title,
			  "body", p.body, "urgent", p.urgent, "committee", p.committee,
			  "committee_phone", p.committee_phone, "building", p.building,
			  "published_at", api_time(rq, p.published_at), "expires_at",
			  time_or_null(rq, p.expires_at), "survey",
			  p.has_survey ? json_pack("{s:s?, s:s?}", "title", p.survey_title,
						   "closes_on", p.survey_closes_on)
				       : json_null(),
			  "meeting",
			  p.has_meeting ? json_pack("{s:s?, s:s, s:s?}", "topic", p.meeting_topic,
						    "held_at", api_time(rq, p.meeting_held_at),
						    "place", p.meeting_place)
					: json_null()));
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
	/* the committee of the path first: 404 out of scope, whatever the body */
	int rc = committee_check_found(rq->store, &rq->scope, code, &rq->arena);

	if (rc == SB_OK)
		rc = consult_body(rq, phone_fields, NULL, &body);
	if (rc != SB_OK)
		goto out;
	phone = consult_member_text(body, "phone");
	if (phone && (*phone == '\0' || strspn(phone, "0123456789 -+()") != strlen(phone) ||
		      strpbrk(phone, "0123456789") == NULL)) {
		rc = request_refuse(rq, SB_BAD_FIELD, "phone", "digits, spaces, -, +, ( and )",
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
