#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "core/ident.h"
#include "core/issues.h"
#include "core/open311.h"
#include "http/json_io.h"
#include "http/server.h"
#include "util/clock.h"
#include "util/xml.h"

/*
 * Open311 GeoReport v2 (docs/issues.md, "Open311"): discovery, services,
 * service definitions, and service requests to post and to read, in JSON and
 * XML built from one value.  Errors use Open311's own format, an array of
 * {code, description}; every handler fills its response itself and returns
 * SB_OK (or SB_INTERNAL for a bug).
 *
 * Public reads list the requests that came through Open311 and show no
 * personal data: no name, phone or e-mail ever; the description, the address
 * as posted, the exact location and the resolution note only to the api_key
 * that posted the request.
 */

#define O311_CHANGESET "2026-05-01T00:00:00+08:00"
#define O311_SPEC "http://wiki.open311.org/GeoReport_v2"
#define O311_MAX_RESULTS 1000
#define O311_DEFAULT_DAYS 90

static const char *
singular(const char *name)
{
	static const char *const pairs[][2] = {
		{"services", "service"}, {"service_requests", "request"},
		{"errors", "error"},	 {"attributes", "attribute"},
		{"values", "value"},	 {"endpoints", "endpoint"},
		{"formats", "format"},
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(pairs[i][0], name) == 0)
			return pairs[i][1];
	return NULL;
}

/* Answers v (stolen) as JSON or as the XML document <root>. */
static int
reply(struct request *rq, struct response *rs, int status, enum open311_format fmt,
      const char *root, json_t *v)
{
	struct buf xml;
	int rc;

	/* Public reads are for any web page to fetch: CORS, read-only (no
	 * credentials, no Allow-Credentials); never on POST. */
	if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0)
		response_header(rq, rs, "Access-Control-Allow-Origin", "*");
	if (fmt == O311_JSON)
		return response_json(rs, status, v);
	buf_init(&xml, 64u << 20);
	if (!buf_adds(&xml, XML_DECLARATION) || !xml_from_json(&xml, root, v, singular)) {
		buf_clear(&xml);
		json_decref(v);
		return SB_INTERNAL;
	}
	json_decref(v);
	rc = response_text(rs, status, "text/xml; charset=utf-8", xml.data, xml.len);
	buf_clear(&xml);
	return rc;
}

/* An error in Open311's format: [{"code":N,"description":"…"}]. */
static int
error(struct request *rq, struct response *rs, enum open311_format fmt, int status, const char *en,
      const char *zh)
{
	const char *text = zh ? arena_printf(&rq->arena, "%s / %s", en, zh) : en;

	return reply(rq, rs, status, fmt, "errors",
		     json_pack("[{s:i, s:s}]", "code", status, "description", text));
}

/* A core refusal as an Open311 error. */
static int
error_fail(struct request *rq, struct response *rs, enum open311_format fmt, int err,
	   const struct sb_fail *fail)
{
	int status = sb_err_status(err);

	if (status >= 500)
		return err;
	return error(rq, rs, fmt, status, fail->en ? fail->en : sb_err_message(err),
		     fail->zh ? fail->zh : sb_err_message_zh(err));
}

/* A parameter of a request: the JSON body's member (a string), else the
 * form body's, else the query string's.  NULL when absent. */
static const char *
param(struct request *rq, json_t *body, const char *name)
{
	const char *ct = request_header(rq, "Content-Type");

	if (body) {
		json_t *v = json_object_get(body, name);

		if (json_is_number(v)) /* lat and long as JSON numbers */
			return arena_printf(&rq->arena, "%.10g", json_number_value(v));
		return json_string_value(v);
	}
	if (rq->body.len && ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		return open311_form_value(rq->body.data, rq->body.len, name, &rq->arena);
	return request_query(rq, name);
}

/* Discovery. */

static int
discovery(struct request *rq, struct response *rs, enum open311_format fmt)
{
	const char *scheme, *host, *url;

	request_public_origin(rq, &scheme, &host);
	url = arena_printf(&rq->arena, "%s://%s/open311/v2", scheme, host);
	return reply(rq, rs, 200, fmt, "discovery",
		     json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:[s, s]}]}", "changeset",
			       O311_CHANGESET, "contact",
			       "the district's sibai administrator (居委会工作平台管理员)",
			       "key_service",
			       "api keys for trusted channels are issued by the administrator "
			       "(POST /api/v1/open311/keys)",
			       "endpoints", "specification", O311_SPEC, "url", url, "changeset",
			       O311_CHANGESET, "type", "production", "formats", "text/xml",
			       "application/json"));
}

int
api_open311_discovery_json(struct request *rq, struct response *rs)
{
	return discovery(rq, rs, O311_JSON);
}

int
api_open311_discovery_xml(struct request *rq, struct response *rs)
{
	return discovery(rq, rs, O311_XML);
}

/* Services. */

static json_t *
service_json(const struct issue_category *c)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "service_code", c->code,
			 "service_name", c->name, "description", c->description, "metadata", 0,
			 "type", "realtime", "keywords", c->name_en, "group", "解百家忧");
}

static int
services(struct request *rq, struct response *rs, enum open311_format fmt)
{
	struct issue_category_list l;
	json_t *items;
	size_t i;
	int rc = open311_services(rq->store, &rq->arena, &l);

	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, service_json(&l.items[i]));
	return reply(rq, rs, 200, fmt, "services", items);
}

int
api_open311_services_json(struct request *rq, struct response *rs)
{
	return services(rq, rs, O311_JSON);
}

int
api_open311_services_xml(struct request *rq, struct response *rs)
{
	return services(rq, rs, O311_XML);
}

/* GET /open311/v2/services/{code}.{json|xml}: a definition without
 * attributes (metadata is false for every service). */
int
api_open311_service_get(struct request *rq, struct response *rs)
{
	struct issue_category c;
	enum open311_format fmt = O311_JSON;
	char code[64];
	int rc;

	if (!open311_split_file(request_param(rq, "file"), code, sizeof(code), &fmt))
		return error(rq, rs, O311_JSON, 404,
			     "not found: ask for services/{service_code}.json or .xml",
			     "未找到：请求 services/{service_code}.json 或 .xml");
	rc = open311_service_find(rq->store, code, &rq->arena, &c);
	if (rc == SB_NOT_FOUND)
		return error(rq, rs, fmt, 404, "service_code not found", "没有该服务类别");
	if (rc != SB_OK)
		return rc;
	return reply(rq, rs, 200, fmt, "service_definition",
		     json_pack("{s:s, s:[]}", "service_code", c.code, "attributes"));
}

/* Requests. */

static const char *
w3c_time(struct request *rq, int64_t t)
{
	char s[CLOCK_LOCAL_LEN];

	clock_format_shanghai(t, s);
	return arena_strdup(&rq->arena, s);
}

static const char *const status_notes_zh[] = {"已接收", "已受理", "处理中",
					      "已办结", "已关闭", "重新处理中"};
static const char *const status_notes_en[] = {"received", "accepted", "in progress",
					      "resolved", "closed",   "reopened"};

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A request as Open311 shows it; own: the caller posted it with its key. */
static json_t *
request_json(struct request *rq, const struct open311_request *r, bool own)
{
	const struct issue *i = &r->issue;
	int s = issue_status_parse(i->status);
	const char *notes;
	json_t *o = json_object();

	if (s < 0)
		s = 0;
	notes = arena_printf(&rq->arena, "%s (%s)", status_notes_zh[s], status_notes_en[s]);
	if (strcmp(i->level, "street") == 0 && i->committee_code)
		notes = arena_printf(&rq->arena, "%s；已上报街道 (escalated to the street)", notes);
	else if (strcmp(i->level, "district") == 0)
		notes = arena_printf(&rq->arena, "%s；已上报区 (escalated to the district)", notes);
	if (own && i->resolution && (s == IS_RESOLVED || s == IS_CLOSED))
		notes = arena_printf(&rq->arena, "%s：%s", notes, i->resolution);
	json_object_set_new(o, "service_request_id",
			    json_string(arena_printf(&rq->arena, "%lld", (long long)i->id)));
	json_object_set_new(o, "status", json_string(open311_status(i->status)));
	json_object_set_new(o, "status_notes", json_string(notes));
	json_object_set_new(o, "service_name", jstr(i->category_name));
	json_object_set_new(o, "service_code", json_string(i->category));
	json_object_set_new(o, "description", own ? jstr(i->description) : json_null());
	json_object_set_new(o, "agency_responsible", jstr(r->agency));
	json_object_set_new(o, "service_notice",
			    own ? jstr(arena_printf(&rq->arena, "回执号 receipt %s", i->receipt_no))
				: json_null());
	json_object_set_new(o, "requested_datetime", json_string(w3c_time(rq, i->created_at)));
	json_object_set_new(o, "updated_datetime", json_string(w3c_time(rq, i->updated_at)));
	/* The end of the due day in Shanghai (due_at is the next day's 00:00),
	 * the day the resident's notice names. */
	json_object_set_new(o, "expected_datetime", json_string(w3c_time(rq, i->due_at - 1)));
	json_object_set_new(o, "address", own ? jstr(i->address) : jstr(i->compound_name));
	json_object_set_new(o, "address_id", json_null());
	json_object_set_new(o, "zipcode", json_null());
	if (i->has_location) {
		/* Public: about 100 m, not a doorstep. */
		json_object_set_new(o, "lat",
				    json_real(own ? i->lat : round(i->lat * 1000) / 1000));
		json_object_set_new(o, "long",
				    json_real(own ? i->lon : round(i->lon * 1000) / 1000));
	} else {
		json_object_set_new(o, "lat", json_null());
		json_object_set_new(o, "long", json_null());
	}
	json_object_set_new(o, "media_url", json_null());
	return o;
}

/* The key named by api_key: *key_id 0 when none was given; an Open311 403
 * (answered, *answered set) when one was given and is not valid. */
static int
key_of(struct request *rq, struct response *rs, enum open311_format fmt, const char *api_key,
       struct open311_key *key, bool required, bool *answered)
{
	int rc;

	*answered = false;
	memset(key, 0, sizeof(*key));
	if (api_key == NULL && !required)
		return SB_OK;
	*answered = true;
	if (api_key == NULL || *api_key == '\0')
		return error(rq, rs, fmt, 403, "api_key: missing; posting needs a valid api_key",
			     "api_key：缺失，提交请求需要有效的 api_key");
	rc = open311_key_find(rq->store, api_key, &rq->arena, key);
	if (rc == SB_NOT_FOUND)
		return error(rq, rs, fmt, 403, "api_key: not valid", "api_key：无效");
	if (rc != SB_OK)
		return rc;
	*answered = false;
	return SB_OK;
}

static int
list_requests(struct request *rq, struct response *rs, enum open311_format fmt)
{
	struct open311_filter f = {.open = -1, .limit = O311_MAX_RESULTS};
	struct open311_key key;
	struct open311_request_list l;
	struct api_range range;
	const char *v, *bad;
	const char **items;
	json_t *out;
	bool answered;
	size_t n, i;
	int rc;

	rc = key_of(rq, rs, fmt, request_query(rq, "api_key"), &key, false, &answered);
	if (rc != SB_OK || answered)
		return rc;
	f.key_id = key.id;
	v = request_query(rq, "service_request_id");
	if (v) {
		int64_t *ids;

		if (!open311_split_list(v, &rq->arena, &items, &n, 50))
			return error(rq, rs, fmt, 400,
				     "service_request_id: a comma-separated list of at most 50 ids",
				     "service_request_id：须为逗号分隔、至多 50 个编号");
		ids = arena_alloc(&rq->arena, n * sizeof(*ids));
		for (i = 0; i < n; i++) {
			char *end;

			errno = 0;
			ids[i] = strtoll(items[i], &end, 10);
			if (*end || errno || ids[i] < 1)
				return error(rq, rs, fmt, 400,
					     "service_request_id: ids are positive whole numbers",
					     "service_request_id：编号须为正整数");
		}
		f.ids = ids;
		f.nids = n;
		/* GeoReport v2: service_request_id overrides all other arguments
		 * (status, service_code, dates); the key still decides what shows. */
		goto query;
	}
	v = request_query(rq, "service_code");
	if (v) {
		if (!open311_split_list(v, &rq->arena, &items, &n, 20))
			return error(rq, rs, fmt, 400,
				     "service_code: a comma-separated list of at most 20 codes",
				     "service_code：须为逗号分隔、至多 20 个代码");
		f.codes = items;
		f.ncodes = n;
	}
	v = request_query(rq, "status");
	if (v) {
		bool open = false, closed = false;

		if (!open311_split_list(v, &rq->arena, &items, &n, 2))
			n = 0;
		for (i = 0; i < n; i++) {
			if (strcmp(items[i], "open") == 0)
				open = true;
			else if (strcmp(items[i], "closed") == 0)
				closed = true;
			else
				n = 0;
		}
		if (n == 0)
			return error(rq, rs, fmt, 400, "status: open, closed or open,closed",
				     "status：须为 open、closed 或 open,closed");
		f.open = open && closed ? -1 : open ? 1 : 0;
	}
	/* The one rule of periods (api_range_parse): a bare date is the
	 * Shanghai day, end_date's included whole. */
	if (!api_range_parse(request_query(rq, "start_date"), request_query(rq, "end_date"),
			     API_RANGE_W3C, &range, &bad)) {
		if (strcmp(bad, "from") == 0)
			return error(rq, rs, fmt, 400,
				     "start_date: a W3C date-time such as 2026-05-01T00:00:00Z",
				     "start_date：须为 W3C 日期时间，如 2026-05-01T00:00:00Z");
		if (!api_range_parse(NULL, request_query(rq, "end_date"), API_RANGE_W3C, &range,
				     &bad))
			return error(rq, rs, fmt, 400,
				     "end_date: a W3C date-time such as 2026-05-31T23:59:59Z",
				     "end_date：须为 W3C 日期时间，如 2026-05-31T23:59:59Z");
		return error(rq, rs, fmt, 400, "start_date: after end_date",
			     "start_date：晚于 end_date");
	}
	f.from = range.from;
	f.to = range.has_to ? range.to - 1 : 0; /* the store's end is inclusive */
	if (!range.has_from && !range.has_to)
		f.from = rq->now - (int64_t)O311_DEFAULT_DAYS * CLOCK_DAY;
query:
	rc = open311_requests(rq->store, &f, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	out = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(
			out, request_json(rq, &l.items[i],
					  key.id && l.items[i].issue.open311_key_id == key.id));
	return reply(rq, rs, 200, fmt, "service_requests", out);
}

int
api_open311_requests_json(struct request *rq, struct response *rs)
{
	return list_requests(rq, rs, O311_JSON);
}

int
api_open311_requests_xml(struct request *rq, struct response *rs)
{
	return list_requests(rq, rs, O311_XML);
}

/* GET /open311/v2/requests/{id}.{json|xml} */
int
api_open311_request_get(struct request *rq, struct response *rs)
{
	enum open311_format fmt = O311_JSON;
	struct open311_key key;
	struct open311_request r;
	char stem[32], *end;
	long long id;
	bool answered;
	int rc;

	if (!open311_split_file(request_param(rq, "file"), stem, sizeof(stem), &fmt))
		return error(rq, rs, O311_JSON, 404,
			     "not found: ask for requests/{service_request_id}.json or .xml",
			     "未找到：请求 requests/{service_request_id}.json 或 .xml");
	errno = 0;
	id = strtoll(stem, &end, 10);
	if (*end || errno || id < 1)
		return error(rq, rs, fmt, 404, "service_request_id not found", "没有该服务请求");
	rc = key_of(rq, rs, fmt, request_query(rq, "api_key"), &key, false, &answered);
	if (rc != SB_OK || answered)
		return rc;
	rc = open311_request_find(rq->store, id, &rq->arena, &r);
	if (rc == SB_NOT_FOUND)
		return error(rq, rs, fmt, 404, "service_request_id not found", "没有该服务请求");
	if (rc != SB_OK)
		return rc;
	return reply(
		rq, rs, 200, fmt, "service_requests",
		json_pack("[o]", request_json(rq, &r, key.id && r.issue.open311_key_id == key.id)));
}

/* A number parameter within [lo, hi]. */
static bool
number(const char *s, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return *s && !*end && !errno && isfinite(*out) && *out >= lo && *out <= hi;
}

/* A text parameter: valid UTF-8, at most max characters, without the
 * control characters kind refuses (util/text.h). */
static bool
text_ok(const char *s, size_t max, enum text_kind kind)
{
	return open311_utf8_valid(s) && utf8_chars(s) <= max && text_refused(s, kind) < 0;
}

/* POST /open311/v2/requests.{json|xml}: a request from a trusted channel. */
static int
post_request(struct request *rq, struct response *rs, enum open311_format fmt)
{
	struct actor who = api_actor(rq);
	struct issue_new in = {.channel = "open311"};
	struct open311_key key;
	struct issue_category service;
	struct sb_fail fail = {0};
	const char *first, *last, *phone, *address, *lat, *lon;
	json_t *body = NULL;
	struct issue made;
	bool answered;
	int rc;

	if (rq->body.len && request_header(rq, "Content-Type") &&
	    strncasecmp(request_header(rq, "Content-Type"), "application/json", 16) == 0) {
		json_error_t jerr;

		body = json_loadb(rq->body.data, rq->body.len, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(body)) {
			json_decref(body);
			return error(rq, rs, fmt, 400, "the body is not a JSON object",
				     "请求内容不是 JSON 对象");
		}
	}
	rc = key_of(rq, rs, fmt, param(rq, body, "api_key"), &key, true, &answered);
	if (rc != SB_OK || answered)
		goto out;
	in.category = param(rq, body, "service_code");
	if (in.category == NULL || *in.category == '\0') {
		rc = error(rq, rs, fmt, 400, "service_code: missing", "service_code：缺失");
		goto out;
	}
	rc = open311_service_find(rq->store, in.category, &rq->arena, &service);
	if (rc == SB_NOT_FOUND) {
		rc = error(rq, rs, fmt, 404,
			   "service_code not found (GET services.json lists them)",
			   "没有该服务类别（见 services.json）");
		goto out;
	}
	if (rc != SB_OK)
		goto out;
	in.description = param(rq, body, "description");
	if (in.description == NULL || *in.description == '\0' ||
	    !text_ok(in.description, 2000, TEXT_LINES)) {
		rc = error(
			rq, rs, fmt, 400,
			"description: required, valid UTF-8, at most 2000 characters, no control "
			"character but line breaks",
			"description：必填，UTF-8 编码，最多 2000 个字符，除换行外不含控制字符");
		goto out;
	}
	in.description = text_lf_only(arena_strdup(&rq->arena, in.description));
	address = param(rq, body, "address_string");
	lat = param(rq, body, "lat");
	lon = param(rq, body, "long");
	if (address && (*address == '\0' || !text_ok(address, 200, TEXT_LINE))) {
		rc = error(rq, rs, fmt, 400,
			   "address_string: one line of valid UTF-8, 1 to 200 characters",
			   "address_string：一行 UTF-8 文字，1 至 200 个字符");
		goto out;
	}
	if ((lat || lon) &&
	    !(lat && lon && number(lat, -90, 90, &in.lat) && number(lon, -180, 180, &in.lon))) {
		rc = error(rq, rs, fmt, 400, "lat and long: both, as decimal degrees (WGS84)",
			   "lat 与 long：须同时提供，十进制度（WGS84）");
		goto out;
	}
	in.has_location = lat != NULL;
	if (address == NULL && !in.has_location) {
		rc = error(rq, rs, fmt, 400, "address_string, or lat and long, required",
			   "须提供 address_string，或 lat 与 long");
		goto out;
	}
	first = param(rq, body, "first_name");
	last = param(rq, body, "last_name");
	if ((first && !text_ok(first, 25, TEXT_LINE)) || (last && !text_ok(last, 25, TEXT_LINE))) {
		rc = error(rq, rs, fmt, 400,
			   "first_name and last_name: one line, at most 25 characters each",
			   "first_name 与 last_name：各为一行，最多 25 个字符");
		goto out;
	}
	if ((first && *first) || (last && *last))
		in.reporter_name = arena_printf(&rq->arena, "%s%s", last ? last : "",
						first ? first : ""); /* 姓 then 名 */
	phone = param(rq, body, "phone");
	if (phone && *phone) {
		char norm[16];

		if (!ident_phone_normalize(phone, norm)) {
			rc = error(rq, rs, fmt, 400,
				   "phone: a mainland mobile number or a Shanghai fixed line",
				   "phone：须为大陆手机号或上海固定电话");
			goto out;
		}
		in.reporter_phone = phone;
	}
	in.address = address;
	rc = open311_take_in(rq->store, &who, server_key(rq->srv), &key, &service, &in, &rq->arena,
			     &made, &fail);
	if (rc != SB_OK) {
		rc = error_fail(rq, rs, fmt, rc, &fail);
		goto out;
	}
	rc = reply(
		rq, rs, 201, fmt, "service_requests",
		json_pack("[{s:s, s:s, s:n}]", "service_request_id",
			  arena_printf(&rq->arena, "%lld", (long long)made.id), "service_notice",
			  arena_printf(&rq->arena,
				       "已受理，回执号 %s，%s 24:00（北京时间）前答复 (received, "
				       "receipt %s, answer due by the end of %s, Shanghai time)",
				       made.receipt_no, made.due_date, made.receipt_no,
				       made.due_date),
			  "account_id"));
out:
	json_decref(body);
	return rc;
}

int
api_open311_post_json(struct request *rq, struct response *rs)
{
	return post_request(rq, rs, O311_JSON);
}

int
api_open311_post_xml(struct request *rq, struct response *rs)
{
	return post_request(rq, rs, O311_XML);
}
