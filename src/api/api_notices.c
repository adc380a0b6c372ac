#include <string.h>

#include "api/consult.h"
#include "core/filter.h"
#include "core/notices.h"
#include "http/server.h"
#include "http/webhook.h"
#include "store/notices.h"
#include "util/clock.h"

/* Notices to residents (公告, docs/notices.md): written by a head for the
 * committee, compounds, buildings or a register filter; a link per
 * building (its poster's QR code) whose reads are counted; a resident's
 * page without login; delivered through the webhook when there is one. */

#define NOTICE_MAX_BUILDINGS 2000

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

/* Adds ids to the set (kept small: a committee has at most a few hundred
 * buildings). */
static int
add_ids(struct request *rq, int64_t **set, size_t *n, size_t *cap, const int64_t *ids, size_t k)
{
	size_t i, j;

	for (i = 0; i < k; i++) {
		for (j = 0; j < *n && (*set)[j] != ids[i]; j++)
			;
		if (j < *n)
			continue;
		if (*n == NOTICE_MAX_BUILDINGS)
			return ct_bad(rq, SB_BAD_FIELD, "audience", "more than 2000 buildings",
				      "超过 2000 个楼栋");
		*(int64_t *)arena_push(&rq->arena, set, n, cap, sizeof(**set)) = ids[i];
	}
	return SB_OK;
}

/* The audience: {} (the committee), or any of compound_ids, building_ids
 * and filter (their buildings together); its buildings into *b, its stored
 * JSON into *text (caller frees). */
static int
audience_of(struct request *rq, json_t *a, const char *committee, int64_t **b, size_t *nb,
	    char **text)
{
	const char *key;
	json_t *v, *stored = json_object();
	int64_t *ids;
	size_t n, cap = 0, i;
	int rc = SB_OK;

	*b = NULL;
	*nb = 0;
	*text = NULL;
	json_object_foreach (a, key, v) {
		if (strcmp(key, "compound_ids") == 0 || strcmp(key, "building_ids") == 0) {
			bool compounds = key[0] == 'c';
			const char *field =
				compounds ? "audience.compound_ids" : "audience.building_ids";

			rc = ct_ids(rq, v, field, 500, &ids, &n);
			if (rc == SB_OK && n == 0)
				rc = ct_bad(rq, SB_BAD_FIELD, field, "at least one", "至少选一个");
			if (rc == SB_OK)
				rc = api_ids_of_committee(rq, compounds ? "compound" : "building",
							  committee, field, ids, n);
			for (i = 0; rc == SB_OK && i < n; i++) {
				int64_t *in = &ids[i];
				size_t k = 1;

				if (compounds)
					rc = store_notice_compound_buildings(rq->store, ids[i],
									     &rq->arena, &in, &k);
				if (rc == SB_OK)
					rc = add_ids(rq, b, nb, &cap, in, k);
			}
			if (rc == SB_OK)
				json_object_set(stored, key, v);
		} else if (strcmp(key, "filter") == 0) {
			struct filter f;
			struct sb_fail fail = {0};
			const char *cursor = NULL, *next = NULL;
			int64_t total = 0, hb;

			rc = filter_from_json(rq->store, v, ct_today(rq), &rq->arena, &f, &fail);
			if (rc != SB_OK) {
				rc = request_fail(rq, rc,
						  arena_printf(&rq->arena, "audience.filter.%s",
							       fail.field ? fail.field : ""),
						  fail.en, fail.zh);
			} else if (f.committee_code && strcmp(f.committee_code, committee) != 0) {
				rc = ct_bad(rq, SB_BAD_FIELD, "audience.filter.committee_code",
					    "must be the notice's committee", "须为公告所属居委会");
			} else {
				f.committee_code = committee;
				rc = api_filter_of_committee(rq, &f, committee, "audience.filter");
			}
			while (rc == SB_OK) {
				rc = store_filter_households(rq->store, &rq->scope, &f, cursor, 500,
							     &rq->arena, &ids, &n, &total, &next);
				for (i = 0; rc == SB_OK && i < n; i++) {
					rc = store_notice_household_building(rq->store, ids[i],
									     &hb);
					if (rc == SB_OK)
						rc = add_ids(rq, b, nb, &cap, &hb, 1);
				}
				if (next == NULL)
					break;
				cursor = next;
			}
			if (rc == SB_OK && total == 0)
				rc = ct_bad(rq, SB_BAD_FIELD, "audience.filter",
					    "matches no household", "没有符合条件的住户");
			if (rc == SB_OK)
				json_object_set_new(stored, "filter", filter_to_json(&f));
		} else {
			rc = ct_bad(rq, SB_BAD_FIELD, arena_printf(&rq->arena, "audience.%s", key),
				    "unknown member", "未知字段");
		}
		if (rc != SB_OK)
			break;
	}
	if (rc == SB_OK && json_object_size(stored) == 0) {
		rc = store_notice_committee_buildings(rq->store, committee, &rq->arena, &ids, &n);
		if (rc == SB_OK)
			rc = add_ids(rq, b, nb, &cap, ids, n);
	}
	if (rc == SB_OK)
		*text = json_dumps(stored, JSON_COMPACT);
	json_decref(stored);
	return rc;
}

/* The notice with each link's token and path (made again from the key). */
static int
notice_reply(struct request *rq, struct response *rs, int64_t id, int status)
{
	const struct sb_key *key = server_key(rq->srv);
	const char *text;
	json_t *j, *l;
	size_t i;
	int rc = store_notice_json(rq->store, &rq->scope, id, &rq->arena, &text);

	if (rc == SB_OK)
		rc = ct_parse(text, &j);
	if (rc != SB_OK)
		return rc;
	json_array_foreach (json_object_get(j, "links"), i, l) {
		char token[NOTICE_TOKEN_CHARS + 1];
		json_t *b = json_object_get(l, "building_id");

		notice_token(key, id, json_is_integer(b) ? json_integer_value(b) : 0, token);
		json_object_set_new(l, "token", json_string(token));
		json_object_set_new(l, "path", json_sprintf("/#/n/%s", token));
	}
	return response_json(rs, status, j);
}

/* The webhook's payload: the notice and its links (paths; the receiver
 * knows the site's address). */
static int
enqueue(struct request *rq, int64_t id, const char *committee, const struct notice_new *n,
	const int64_t *b, size_t nb)
{
	const struct sb_key *key = server_key(rq->srv);
	char token[NOTICE_TOKEN_CHARS + 1];
	struct area area = {0};
	json_t *links = json_array(), *p;
	char *text;
	size_t i;
	int rc;

	rc = store_area_get(rq->store, &rq->scope, committee, &rq->arena, &area);
	if (rc != SB_OK) {
		json_decref(links);
		return rc;
	}
	for (i = 0; i < nb; i++) {
		notice_token(key, id, b[i], token);
		json_array_append_new(links, json_pack("{s:I, s:s+}", "building_id",
						       (json_int_t)b[i], "path", "/#/n/", token));
	}
	notice_token(key, id, 0, token);
	p = json_pack("{s:s, s:{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s?, s:s+, s:o}}", "event",
		      "notice.published", "notice", "id", (json_int_t)id, "committee_code",
		      committee, "committee", area.name, "title", n->title, "body", n->body,
		      "urgent", n->urgent, "published_at", api_time(rq, n->created_at),
		      "expires_at", n->expires_at ? api_time(rq, n->expires_at) : NULL, "path",
		      "/#/n/", token, "buildings", links);
	if (p == NULL)
		return SB_INTERNAL;
	text = json_dumps(p, JSON_COMPACT);
	json_decref(p);
	rc = store_webhook_enqueue(rq->store, "notice.published", text, rq->now);
	free(text);
	return rc;
}

/* POST /api/v1/notices */
int
api_notices_create(struct request *rq, struct response *rs)
{
	struct notice_new n = {0};
	const char *committee, *exp;
	json_t *body = NULL;
	int64_t id = 0, *b = NULL;
	size_t nb = 0, i;
	char *audience = NULL, token[NOTICE_TOKEN_CHARS + 1], hash[SB_HASH_HEX];
	int rc;

	rc = ct_body(rq, notice_fields, notice_skip, &body);
	if (rc != SB_OK)
		goto out;
	committee = ct_str(body, "committee_code");
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	n.committee_code = committee;
	n.title = ct_str(body, "title");
	n.body = ct_str(body, "body");
	n.urgent = json_is_true(json_object_get(body, "urgent"));
	n.survey_id = json_integer_value(json_object_get(body, "survey_id"));
	n.meeting_id = json_integer_value(json_object_get(body, "meeting_id"));
	n.created_by = rq->user.id;
	n.created_at = rq->now;
	exp = ct_str(body, "expires_at");
	if (rc == SB_OK && exp &&
	    (!clock_parse_time(exp, &n.expires_at) || n.expires_at <= rq->now))
		rc = ct_bad(rq, SB_BAD_FIELD, "expires_at", "a time to come (RFC 3339)",
			    "须为将来的时间（RFC 3339）");
	if (rc == SB_OK && n.survey_id)
		rc = api_id_of_committee(rq, "survey", committee, "survey_id", n.survey_id);
	if (rc == SB_OK && n.meeting_id)
		rc = api_id_of_committee(rq, "meeting", committee, "meeting_id", n.meeting_id);
	if (rc == SB_OK) {
		json_t *a = json_object_get(body, "audience");

		if (a && !json_is_object(a))
			rc = ct_bad(rq, SB_BAD_FIELD, "audience", "must be an object",
				    "必须是对象");
		else
			rc = audience_of(rq, a, committee, &b, &nb, &audience);
	}
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	n.audience = audience;
	rc = store_notice_insert(rq->store, &n, &id);
	for (i = 0; rc == SB_OK && i <= nb; i++) {
		int64_t building = i < nb ? b[i] : 0;

		notice_token(server_key(rq->srv), id, building, token);
		crypto_token_hash(token, hash);
		rc = store_notice_link_insert(rq->store, id, building, hash);
	}
	if (rc == SB_OK && webhook_enabled())
		rc = enqueue(rq, id, committee, &n, b, nb);
	if (rc == SB_OK)
		rc = api_audit(rq, "create", "notice", ct_id(rq, id), committee,
			       json_pack("{s:s, s:b, s:i}", "title", n.title, "urgent", n.urgent,
					 "buildings", (int)nb));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = notice_reply(rq, rs, id, 201);
out:
	free(audience);
	json_decref(body);
	return rc;
}

/* GET /api/v1/notices?committee_code= */
int
api_notices_list(struct request *rq, struct response *rs)
{
	return ct_list(rq, rs, store_notice_list);
}

/* GET /api/v1/notices/{id}: with its links' tokens and reads per building. */
int
api_notices_get(struct request *rq, struct response *rs)
{
	const char *committee;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_notice_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc != SB_OK)
		return rc;
	return notice_reply(rq, rs, id, 200);
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
	const char *committee, *exp;
	json_t *body = NULL, *w;
	int64_t id, expires = 0, withdrawn = 0;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_notice_committee(rq->store, &rq->scope, id, &rq->arena, &committee);
	if (rc == SB_OK)
		rc = ct_body(rq, update_fields, NULL, &body);
	if (rc == SB_OK && json_object_size(body) == 0)
		rc = ct_bad(rq, SB_BAD_FIELD, "expires_at", "nothing to change",
			    "没有要修改的内容");
	if (rc == SB_OK)
		rc = store_notice_state(rq->store, id, &expires, &withdrawn);
	if (rc != SB_OK)
		goto out;
	if (json_object_get(body, "expires_at")) {
		exp = ct_str(body, "expires_at");
		expires = 0;
		if (exp && (!clock_parse_time(exp, &expires) || expires <= rq->now)) {
			rc = ct_bad(rq, SB_BAD_FIELD, "expires_at", "a time to come (RFC 3339)",
				    "须为将来的时间（RFC 3339）");
			goto out;
		}
	}
	w = json_object_get(body, "withdrawn");
	if (w)
		withdrawn = json_is_true(w) ? (withdrawn ? withdrawn : rq->now) : 0;
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_notice_set_state(rq->store, id, expires, withdrawn);
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "notice", ct_id(rq, id), committee,
			       json_deep_copy(body));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = notice_reply(rq, rs, id, 200);
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
	const char *token = request_param(rq, "token"), *json;
	char hash[SB_HASH_HEX];
	int64_t expires = 0, withdrawn = 0;
	enum notice_state state;
	int rc = api_public_throttle(rq, rs);

	if (rc != SB_OK)
		return rc;
	if (strlen(token) != NOTICE_TOKEN_CHARS ||
	    strspn(token, "0123456789abcdef") != NOTICE_TOKEN_CHARS) {
		rc = SB_NOT_FOUND;
	} else {
		crypto_token_hash(token, hash);
		rc = store_notice_public(rq->store, hash, &rq->arena, &json, &expires, &withdrawn);
	}
	if (rc == SB_NOT_FOUND) {
		api_public_fail(rq);
		return request_fail(rq, SB_NOT_FOUND, "token", "no notice at this link",
				    "没有找到这则公告，请核对链接");
	}
	if (rc != SB_OK)
		return rc;
	state = notice_state_at(expires, withdrawn, rq->now);
	if (state != NOTICE_OPEN)
		return request_fail(rq, SB_CONFLICT, "token",
				    state == NOTICE_EXPIRED ? "this notice has expired"
							    : "this notice was withdrawn",
				    state == NOTICE_EXPIRED ? "这则公告已过期" : "这则公告已撤回");
	rc = store_begin(rq->store);
	if (rc == SB_OK)
		rc = store_end(rq->store, store_notice_read(rq->store, hash));
	if (rc != SB_OK)
		return rc;
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
	struct area a;
	int rc = store_area_get(rq->store, &rq->scope, code, &rq->arena, &a);

	if (rc == SB_OK && strcmp(a.level, "committee") != 0)
		rc = SB_NOT_FOUND;
	if (rc == SB_OK)
		rc = store_committee_phone(rq->store, code, &rq->arena, &phone);
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
	json_t *body = NULL;
	struct area a;
	int rc = store_area_get(rq->store, &rq->scope, code, &rq->arena, &a);

	if (rc == SB_OK && strcmp(a.level, "committee") != 0)
		rc = SB_NOT_FOUND;
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
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_committee_phone_put(rq->store, code, phone);
	if (rc == SB_OK)
		rc = api_audit(rq, "set_phone", "committee", code, code,
			       json_pack("{s:s?}", "phone", phone));
	rc = ct_finish(rq, rc);
	if (rc == SB_OK)
		rc = response_json(
			rs, 200, json_pack("{s:s, s:s?}", "committee_code", code, "phone", phone));
out:
	json_decref(body);
	return rc;
}
