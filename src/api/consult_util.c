#include <stdlib.h>
#include <string.h>

#include "api/consult.h"
#include "core/ident.h"

/* Helpers of the consultation and network handlers. */

int
consult_json_parse(const char *text, json_t **out)
{
	json_error_t err;

	*out = json_loads(text, JSON_DECODE_ANY, &err);
	return *out ? SB_OK : SB_INTERNAL;
}

int
consult_reply_text(struct response *rs, int status, const char *text)
{
	json_t *j;
	int rc = consult_json_parse(text, &j);

	if (rc != SB_OK)
		return rc;
	return response_json(rs, status, j);
}

int
consult_query_cursor(struct request *rq, int64_t *out)
{
	const char *v = request_query(rq, "cursor");
	char *end;
	long long n;

	*out = 0;
	if (v == NULL)
		return SB_OK;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end || n <= 0)
		return request_refuse(rq, SB_BAD_QUERY, "cursor", "not a cursor from this list",
				      "不是本列表给出的游标");
	*out = n;
	return SB_OK;
}

int
consult_page_text(struct request *rq, struct response *rs, const char *text, int limit)
{
	const char *next = NULL;
	json_t *items;
	int rc = consult_json_parse(text, &items);

	if (rc != SB_OK)
		return rc;
	if (json_array_size(items) > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		next = arena_printf(&rq->arena, "%lld",
				    (long long)json_integer_value(json_object_get(
					    json_array_get(items, (size_t)limit - 1), "id")));
	}
	return response_json(rs, 200, api_page(items, next));
}

int
consult_query_committee(struct request *rq, const char **code)
{
	*code = request_query(rq, "committee_code");
	if (*code == NULL)
		return SB_OK;
	return api_committee_in_scope(rq, *code, "committee_code", SB_BAD_QUERY);
}

int
consult_list(struct request *rq, struct response *rs, consult_lister list)
{
	const char *committee, *text;
	int64_t cursor;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = consult_query_cursor(rq, &cursor);
	if (rc == SB_OK)
		rc = consult_query_committee(rq, &committee);
	if (rc == SB_OK)
		rc = list(rq->store, &rq->scope, committee, cursor, limit + 1, &rq->arena, &text);
	if (rc != SB_OK)
		return rc;
	return consult_page_text(rq, rs, text, limit);
}

int
consult_body(struct request *rq, const struct jfield *spec, const char *const *skip, json_t **out)
{
	struct jfield local[32];
	const char *const *k;
	json_t *copy;
	size_t i, n;
	int rc;

	*out = NULL;
	rc = json_body(rq, out);
	if (rc != SB_OK)
		return rc;
	/* The skipped members are the caller's to check: present when required. */
	for (n = 0; spec[n].name && n + 1 < sizeof(local) / sizeof(local[0]); n++) {
		local[n] = spec[n];
		for (k = skip; k && *k; k++)
			if (strcmp(*k, spec[n].name) == 0)
				local[n].required = false;
	}
	memset(&local[n], 0, sizeof(local[n]));
	copy = json_copy(*out);
	for (k = skip; k && *k; k++)
		json_object_del(copy, *k);
	rc = json_validate(rq, copy, local);
	json_decref(copy);
	for (i = 0; rc == SB_OK && i < n; i++) {
		if (spec[i].required && !local[i].required &&
		    json_object_get(*out, spec[i].name) == NULL)
			rc = request_refuse(rq, SB_BAD_FIELD, spec[i].name, "required", "必填");
	}
	return rc;
}

const char *
consult_member_text(json_t *body, const char *name)
{
	return json_string_value(json_object_get(body, name));
}

int
consult_ids(struct request *rq, json_t *a, const char *field, size_t max, int64_t **ids, size_t *n)
{
	json_t *v;
	size_t i, k;

	*ids = NULL;
	*n = 0;
	if (a == NULL)
		return SB_OK;
	if (!json_is_array(a) || json_array_size(a) > max)
		return request_refuse(rq, SB_BAD_FIELD, field,
				      arena_printf(&rq->arena, "a list of at most %zu ids", max),
				      arena_printf(&rq->arena, "须为不超过 %zu 个编号的列表", max));
	*ids = arena_alloc(&rq->arena, (json_array_size(a) + 1) * sizeof(**ids));
	json_array_foreach (a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return request_refuse(rq, SB_BAD_FIELD, field, "a list of ids",
					      "须为编号列表");
		for (k = 0; k < i; k++)
			if ((*ids)[k] == json_integer_value(v))
				return request_refuse(rq, SB_BAD_FIELD, field, "an id is repeated",
						      "编号重复");
		(*ids)[i] = json_integer_value(v);
	}
	*n = json_array_size(a);
	return SB_OK;
}

const char *
consult_today(struct request *rq)
{
	char *d = arena_alloc(&rq->arena, 11);

	ident_today(rq->now, d);
	return d;
}

const char *
consult_id_text(struct request *rq, int64_t id)
{
	return arena_printf(&rq->arena, "%lld", (long long)id);
}
