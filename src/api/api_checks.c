#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/checking.h"
#include "core/import.h"
#include "http/json_io.h"

/* The checking list (核查) and the import's mapping step (docs/checking.md). */

/* The query parameter area, of the caller's jurisdiction (checked first,
 * before the rest of the request, when checked is set; else by the core
 * function the handler calls). */
static int
query_area(struct request *rq, bool required, bool checked, const char **code)
{
	struct sb_fail fail = {0};
	int rc;

	*code = request_query(rq, "area");
	if (*code == NULL)
		return required ? request_fail(rq, SB_BAD_QUERY, "area", "area: required",
					       "area：必填")
				: SB_OK;
	if (!checked)
		return SB_OK;
	rc = checking_area(rq->store, &rq->scope, *code, SB_BAD_QUERY, &rq->arena, &fail);
	return rc == SB_OK ? rc : api_fail(rq, rc, &fail);
}

/* The query parameter mapping: a JSON object {header: field}, checked. */
int
api_query_mapping(struct request *rq, bool committee_ok, json_t **out)
{
	const char *v = request_query(rq, "mapping");
	struct sb_fail fail = {0};
	json_t *m;

	*out = NULL;
	if (v == NULL)
		return SB_OK;
	m = json_loads(v, JSON_REJECT_DUPLICATES, NULL);
	if (import_mapping_check(m, committee_ok, &rq->arena, &fail) != SB_OK) {
		json_decref(m);
		return request_fail(rq, SB_BAD_QUERY, "mapping", fail.en, fail.zh);
	}
	*out = m;
	return SB_OK;
}

/* --- the mapping step ------------------------------------------------------ */

static json_t *
mapping_json(struct request *rq, const struct import_mapping *m)
{
	json_t *map = json_loads(m->mapping, 0, NULL);

	return json_pack("{s:s, s:s, s:o, s:s, s:s?}", "area", m->area_code, "header_key",
			 m->header_key, "mapping", map ? map : json_object(), "updated_at",
			 api_time(rq, m->updated_at), "updated_by_name", m->updated_by_name);
}

/* POST /api/v1/imports/preview?area=&mapping=: the file's header, columns
 * and first rows, with the mapping remembered for that header. */
int
api_imports_preview(struct request *rq, struct response *rs)
{
	struct register_actor who;
	struct sb_fail fail = {0};
	const struct import_mapping *remembered;
	const char *area;
	json_t *mapping = NULL, *out = NULL;
	int rc;

	api_register_actor(rq, &who);
	rc = query_area(rq, true, true, &area);
	if (rc == SB_OK)
		rc = api_query_mapping(rq, true, &mapping);
	if (rc != SB_OK)
		return rc;
	if (rq->body.len == 0) {
		json_decref(mapping);
		return request_fail(rq, SB_BAD_FIELD, "file",
				    "the body must be the CSV or XLSX file",
				    "请求内容须为 CSV 或 XLSX 文件");
	}
	rc = checking_mapping_preview(rq->store, area, rq->body.data, rq->body.len, mapping, &who,
				      &rq->arena, &out, &remembered, &fail);
	json_decref(mapping);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	json_object_set_new(out, "remembered",
			    remembered ? mapping_json(rq, remembered) : json_null());
	return response_json(rs, 200, out);
}

/* GET /api/v1/import-mappings?area= */
int
api_import_mappings_list(struct request *rq, struct response *rs)
{
	struct import_mapping *ms;
	struct sb_fail fail = {0};
	const char *area;
	json_t *items;
	size_t n, i;
	int rc;

	rc = api_query_whole_list(rq);
	if (rc == SB_OK)
		rc = query_area(rq, true, false, &area);
	if (rc != SB_OK)
		return rc;
	rc = checking_mappings(rq->store, &rq->scope, area, &rq->arena, &ms, &n, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, mapping_json(rq, &ms[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

static const struct jfield mapping_fields[] = {
	{"area", JF_STRING, true, 1, 12, false},
	{"mapping", JF_OBJECT, true, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/import-mappings {area, mapping}: remembered under the key of
 * the mapping's headers. */
int
api_import_mappings_put(struct request *rq, struct response *rs)
{
	struct actor who = api_actor(rq);
	struct sb_fail fail = {0};
	struct import_mapping kept;
	json_t *body = NULL;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, mapping_fields);
	if (rc == SB_OK)
		rc = checking_mapping_remember(rq->store, &rq->scope, &who,
					       json_string_value(json_object_get(body, "area")),
					       json_object_get(body, "mapping"), &rq->arena, &kept,
					       &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, mapping_json(rq, &kept));
	else
		rc = api_fail(rq, rc, &fail);
	json_decref(body);
	return rc;
}

/* --- batches --------------------------------------------------------------- */

static json_t *
batch_json(struct request *rq, const struct check_batch_view *v)
{
	const struct check_batch *b = &v->batch;
	const struct check_progress *p = v->progress;
	json_t *committees = json_array(), *out;
	int64_t kinds[3] = {0, 0, 0}, states[5] = {0, 0, 0, 0, 0};
	size_t n = v->nprogress, i, k;

	for (i = 0; i < n; i++) {
		json_t *c = json_pack("{s:s, s:s, s:I, s:I}", "committee_code", p[i].committee_code,
				      "name", p[i].name, "rows", (json_int_t)p[i].rows, "unchanged",
				      (json_int_t)p[i].unchanged);

		for (k = 0; k < 3; k++) {
			json_object_set_new(c, check_kinds[k], json_integer(p[i].kinds[k]));
			kinds[k] += p[i].kinds[k];
		}
		for (k = 0; k < 5; k++) {
			json_object_set_new(c, check_states[k], json_integer(p[i].states[k]));
			states[k] += p[i].states[k];
		}
		json_array_append_new(committees, c);
	}
	out = json_pack("{s:I, s:s, s:s, s:s?, s:I, s:I, s:I, s:s?, s:s, s:o}", "id",
			(json_int_t)b->id, "area", b->area_code, "area_name", b->area_name,
			"file_name", b->file_name, "rows", (json_int_t)b->rows, "rejected",
			(json_int_t)b->rejected, "created_by", (json_int_t)b->created_by,
			"created_by_name", b->created_by_name, "created_at",
			api_time(rq, b->created_at), "committees", committees);
	for (k = 0; k < 3; k++)
		json_object_set_new(out, check_kinds[k], json_integer(kinds[k]));
	for (k = 0; k < 5; k++)
		json_object_set_new(out, check_states[k], json_integer(states[k]));
	return out;
}

/* POST /api/v1/checks?area=&dry_run=&mapping=&file_name=: the body is the
 * file; the answer the report and, unless a dry run, the batch (201). */
int
api_checks_create(struct request *rq, struct response *rs)
{
	struct check_options opt = {0};
	struct register_actor who;
	struct sb_fail fail = {0};
	struct check_batch_view b;
	json_t *mapping = NULL, *report = NULL;
	bool made;
	int rc;

	api_register_actor(rq, &who);
	rc = query_area(rq, true, true, &opt.area);
	if (rc == SB_OK)
		rc = api_query_bool(rq, "dry_run", &opt.dry_run);
	opt.file_name = request_query(rq, "file_name");
	if (rc == SB_OK && opt.file_name &&
	    (utf8_chars(opt.file_name) > 200 ||
	     json_text_check(rq, "file_name", opt.file_name, TEXT_LINE) != SB_OK))
		rc = request_fail(rq, SB_BAD_QUERY, "file_name", "file_name: one line, at most 200",
				  "file_name：须为一行，最多 200 字");
	if (rc == SB_OK)
		rc = api_query_mapping(rq, true, &mapping);
	if (rc != SB_OK)
		return rc;
	opt.mapping = mapping;
	if (rq->body.len == 0) {
		json_decref(mapping);
		return request_fail(rq, SB_BAD_FIELD, "file",
				    "the body must be the CSV or XLSX file",
				    "请求内容须为 CSV 或 XLSX 文件");
	}
	rc = checking_submit(rq->store, &rq->scope, rq->body.data, rq->body.len, &opt, &who,
			     &rq->arena, &report, &made, &b, &fail);
	json_decref(mapping);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	json_object_set_new(report, "check", made ? batch_json(rq, &b) : json_null());
	return response_json(rs, made ? 201 : 200, report);
}

/* GET /api/v1/checks?area=&limit=&cursor= */
int
api_checks_list(struct request *rq, struct response *rs)
{
	struct check_batch_view *l;
	struct sb_fail fail = {0};
	const char *area;
	int64_t before = 0;
	json_t *items;
	size_t n, i;
	int limit, rc;

	rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = api_query_int(rq, "cursor", &before);
	if (rc == SB_OK)
		rc = query_area(rq, false, false, &area);
	if (rc != SB_OK)
		return rc;
	rc = checking_batches(rq->store, &rq->scope, area, before, limit + 1, &rq->arena, &l, &n,
			      &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	items = json_array();
	for (i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(items, batch_json(rq, &l[i]));
	return response_json(
		rs, 200,
		api_page(items, n > (size_t)limit ? arena_printf(&rq->arena, "%lld",
								 (long long)l[limit - 1].batch.id)
						  : NULL));
}

/* GET /api/v1/checks/{id} */
int
api_checks_get(struct request *rq, struct response *rs)
{
	struct check_batch_view b;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = checking_batch(rq->store, &rq->scope, id, &rq->arena, &b);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200, batch_json(rq, &b));
}

/* --- items ----------------------------------------------------------------- */

static json_t *
item_json(struct request *rq, const struct check_item *it)
{
	json_t *proposed = it->proposed ? json_loads(it->proposed, 0, NULL) : NULL;
	json_t *changes = it->changes ? json_loads(it->changes, 0, NULL) : NULL;

	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:s?,"
			 " s:o, s:s?, s:s?}",
			 "id", (json_int_t)it->id, "check_id", (json_int_t)it->batch_id,
			 "committee_code", it->committee_code, "kind", it->kind, "state", it->state,
			 "line", it->line ? json_integer(it->line) : json_null(), "resident_id",
			 it->resident_id ? json_integer(it->resident_id) : json_null(),
			 "household_id",
			 it->household_id ? json_integer(it->household_id) : json_null(), "name",
			 it->name, "address",
			 arena_printf(&rq->arena, "%s %s %s", it->compound ? it->compound : "",
				      it->building ? it->building : "", it->room ? it->room : ""),
			 "proposed", proposed ? proposed : json_null(), "changes",
			 changes ? changes : json_null(), "note", it->note, "marked_by",
			 it->marked_by ? json_integer(it->marked_by) : json_null(),
			 "marked_by_name", it->marked_by_name, "marked_at",
			 it->marked_at ? api_time(rq, it->marked_at) : NULL);
}

static int
one_of(struct request *rq, const char *name, const char *v, const char *const *values, size_t n,
       const char *words)
{
	size_t i;

	if (v == NULL)
		return SB_OK;
	for (i = 0; i < n; i++)
		if (strcmp(values[i], v) == 0)
			return SB_OK;
	return request_fail(rq, SB_BAD_QUERY, name, arena_printf(&rq->arena, "%s: %s", name, words),
			    arena_printf(&rq->arena, "%s：须为 %s", name, words));
}

static int
items(struct request *rq, struct response *rs, int64_t batch_id)
{
	struct check_item_filter f = {.batch_id = batch_id};
	struct sb_fail fail = {0};
	struct check_item *l;
	json_t *out;
	size_t n, i;
	int rc;

	f.committee = request_query(rq, "committee_code");
	f.state = request_query(rq, "state");
	f.kind = request_query(rq, "kind");
	rc = api_query_limit(rq, &f.limit);
	if (rc == SB_OK)
		rc = api_query_int(rq, "cursor", &f.after);
	if (rc == SB_OK)
		rc = api_query_int(rq, "household_id", &f.household_id);
	if (rc == SB_OK)
		rc = one_of(rq, "state", f.state, check_states, 5,
			    "open, confirmed, not_found, moved_away or corrected");
	if (rc == SB_OK)
		rc = one_of(rq, "kind", f.kind, check_kinds, 3, "new, changed or missing");
	if (rc != SB_OK)
		return rc;
	f.limit++;
	rc = checking_items(rq->store, &rq->scope, &f, &rq->arena, &l, &n, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	f.limit--;
	out = json_array();
	for (i = 0; i < n && i < (size_t)f.limit; i++)
		json_array_append_new(out, item_json(rq, &l[i]));
	return response_json(rs, 200,
			     api_page(out, n > (size_t)f.limit
						   ? arena_printf(&rq->arena, "%lld",
								  (long long)l[f.limit - 1].id)
						   : NULL));
}

/* GET /api/v1/checks/{id}/items?committee_code=&state=&kind=&household_id= */
int
api_checks_items(struct request *rq, struct response *rs)
{
	struct check_batch_view b;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	/* The batch first: out of scope is 404 whatever the query. */
	if (rc == SB_OK)
		rc = checking_batch(rq->store, &rq->scope, id, &rq->arena, &b);
	if (rc != SB_OK)
		return rc;
	return items(rq, rs, b.batch.id);
}

/* GET /api/v1/check-items?household_id=&state=&kind=&committee_code=: the
 * items of every batch (a household page shows its open ones). */
int
api_check_items_list(struct request *rq, struct response *rs)
{
	return items(rq, rs, 0);
}

static const struct jfield mark_fields[] = {
	{"state", JF_STRING, true, 1, 20, false},
	{"note", JF_TEXT, false, 0, 500, true},
	{NULL},
};

/* PATCH /api/v1/check-items/{id} {state, note?} */
int
api_check_items_update(struct request *rq, struct response *rs)
{
	struct register_actor who;
	struct sb_fail fail = {0};
	struct check_item found, it;
	json_t *body = NULL;
	const char *state, *note;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	/* The item first: out of scope is 404 whatever the body. */
	if (rc == SB_OK)
		rc = checking_item_find(rq->store, &rq->scope, id, &rq->arena, &found);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, mark_fields);
	if (rc != SB_OK)
		goto out;
	state = json_string_value(json_object_get(body, "state"));
	note = json_string_value(json_object_get(body, "note"));
	api_register_actor(rq, &who);
	rc = checking_item_mark(rq->store, &rq->scope, &who, &found.ref, state, note, &rq->arena,
				&it, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200, item_json(rq, &it));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(body);
	return rc;
}

static const struct jfield accept_fields[] = {
	{"committee_code", JF_STRING, true, 1, 12, false},
	{NULL},
};

/* POST /api/v1/checks/{id}/accept {committee_code}: every open new and
 * changed item of the committee confirmed, audited. */
int
api_checks_accept(struct request *rq, struct response *rs)
{
	struct register_actor who;
	struct sb_fail fail = {0};
	struct check_batch_view found, after;
	json_t *body = NULL, *failed = NULL;
	const char *committee;
	int64_t accepted = 0, id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	/* The batch first: out of scope is 404 whatever the body. */
	if (rc == SB_OK)
		rc = checking_batch(rq->store, &rq->scope, id, &rq->arena, &found);
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, accept_fields);
	if (rc != SB_OK)
		goto out;
	committee = json_string_value(json_object_get(body, "committee_code"));
	api_register_actor(rq, &who);
	failed = json_array();
	rc = checking_batch_accept(rq->store, &rq->scope, &who, &found.batch.ref, committee,
				   &rq->arena, &accepted, failed, &after, &fail);
	if (rc == SB_OK)
		rc = response_json(rs, 200,
				   json_pack("{s:I, s:O, s:o}", "accepted", (json_int_t)accepted,
					     "failed", failed, "check", batch_json(rq, &after)));
	else
		rc = api_fail(rq, rc, &fail);
out:
	json_decref(failed);
	json_decref(body);
	return rc;
}
