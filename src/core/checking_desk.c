#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/committee_check.h"
#include "core/checking.h"
#include "core/import.h"

/*
 * The desk of the checking list (issue 15, "One home per feature"): each
 * route's whole operation, so that api/api_checks.c only parses and renders.
 * The comparison and the marks themselves are core/checking.c's.
 */

/* The audit's view of a register actor. */
static struct actor
audit_actor(const struct register_actor *who)
{
	struct actor a = {who->user_id, who->username, who->ip, who->now};

	return a;
}

static const char *
id_text(struct arena *ar, int64_t id)
{
	return arena_printf(ar, "%lld", (long long)id);
}

int
checking_area(struct store *st, const struct scope *sc, const char *code, int err, struct arena *ar,
	      struct sb_fail *fail)
{
	struct area a;
	int rc = store_area_get(st, sc, code, ar, &a);

	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, err, "area", "area: not an area in your jurisdiction",
			       "area：不是您辖区内的区域");
	return rc;
}

/* The counts of a batch; a batch whose counts cannot be read is shown
 * without them. */
static void
batch_view(struct store *st, const struct scope *sc, const struct check_batch *b, struct arena *ar,
	   struct check_batch_view *out)
{
	out->batch = *b;
	if (store_check_progress(st, sc, b->id, ar, &out->progress, &out->nprogress) != SB_OK) {
		out->progress = NULL;
		out->nprogress = 0;
	}
}

int
checking_mapping_preview(struct store *st, const char *area, const void *data, size_t len,
			 const json_t *mapping, const struct register_actor *who, struct arena *ar,
			 json_t **preview, const struct import_mapping **remembered,
			 struct sb_fail *fail)
{
	struct import_mapping *ms;
	size_t n;
	int rc;

	*preview = NULL;
	*remembered = NULL;
	rc = import_preview(st, data, len, mapping, who, ar, preview, fail);
	if (rc == SB_OK)
		rc = store_import_mappings(
			st, area, json_string_value(json_object_get(*preview, "header_key")), ar,
			&ms, &n);
	if (rc != SB_OK) {
		json_decref(*preview);
		*preview = NULL;
		return rc;
	}
	if (n)
		*remembered = &ms[0];
	return SB_OK;
}

int
checking_mappings(struct store *st, const struct scope *sc, const char *area, struct arena *ar,
		  struct import_mapping **items, size_t *n, struct sb_fail *fail)
{
	int rc = checking_area(st, sc, area, SB_BAD_QUERY, ar, fail);

	*n = 0;
	if (rc != SB_OK)
		return rc;
	return store_import_mappings(st, area, NULL, ar, items, n);
}

int
checking_mapping_remember(struct store *st, const struct scope *sc, const struct actor *who,
			  const char *area, json_t *mapping, struct arena *ar,
			  struct import_mapping *out, struct sb_fail *fail)
{
	struct import_mapping *ms;
	const char *k, **headers, *key;
	json_t *v;
	char *text;
	size_t n = 0;
	int rc;

	rc = checking_area(st, sc, area, SB_BAD_FIELD, ar, fail);
	if (rc == SB_OK && import_mapping_check(mapping, true, ar, fail) != SB_OK)
		rc = SB_BAD_FIELD;
	if (rc != SB_OK)
		return rc;
	headers = arena_alloc(ar, (json_object_size(mapping) + 1) * sizeof(*headers));
	json_object_foreach (mapping, k, v)
		headers[n++] = k;
	key = import_header_key(ar, headers, n);
	text = json_dumps(mapping, JSON_COMPACT);
	rc = store_begin(st);
	if (rc != SB_OK) {
		free(text);
		return rc;
	}
	rc = store_import_mapping_put(st, area, key, text, who->user_id, who->now);
	free(text);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "import_mapping", NULL, area,
			       json_pack("{s:s}", "header_key", key));
	if (rc == SB_OK)
		rc = store_import_mappings(st, area, key, ar, &ms, &n);
	if (rc == SB_OK && n == 0)
		rc = SB_INTERNAL;
	rc = store_end(st, rc);
	if (rc == SB_OK)
		*out = ms[0];
	return rc;
}

int
checking_submit(struct store *st, const struct scope *sc, const void *data, size_t len,
		const struct check_options *opt, const struct register_actor *who, struct arena *ar,
		json_t **report, bool *made, struct check_batch_view *batch, struct sb_fail *fail)
{
	struct actor audit = audit_actor(who);
	struct check_batch b;
	int64_t id = 0;
	int rc;

	*made = false;
	rc = checking_upload(st, sc, data, len, opt, who, ar, report, &id, fail);
	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc == SB_OK)
		rc = audit_add(st, &audit, opt->dry_run ? "check_dry_run" : "create", "check",
			       id ? id_text(ar, id) : NULL, opt->area,
			       json_pack("{s:O, s:O, s:O, s:O, s:O}", "rows",
					 json_object_get(*report, "rows"), "new",
					 json_object_get(*report, "new"), "changed",
					 json_object_get(*report, "changed"), "missing",
					 json_object_get(*report, "missing"), "rejected",
					 json_object_get(*report, "rejected")));
	rc = store_end(st, rc);
	if (rc == SB_OK && id) {
		rc = store_check_batch_get(st, sc, id, ar, &b);
		if (rc == SB_OK) {
			batch_view(st, sc, &b, ar, batch);
			*made = true;
		}
	}
	if (rc != SB_OK) {
		json_decref(*report);
		*report = NULL;
	}
	return rc;
}

int
checking_batch(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct check_batch_view *out)
{
	struct check_batch b;
	int rc = store_check_batch_get(st, sc, id, ar, &b);

	if (rc == SB_OK)
		batch_view(st, sc, &b, ar, out);
	return rc;
}

int
checking_batches(struct store *st, const struct scope *sc, const char *area, int64_t before,
		 int limit, struct arena *ar, struct check_batch_view **items, size_t *n,
		 struct sb_fail *fail)
{
	struct check_batch *l;
	size_t i;
	int rc = SB_OK;

	*items = NULL;
	*n = 0;
	if (area)
		rc = checking_area(st, sc, area, SB_BAD_QUERY, ar, fail);
	if (rc == SB_OK)
		rc = store_check_batches(st, sc, area, before, limit, ar, &l, n);
	if (rc != SB_OK)
		return rc;
	*items = arena_alloc(ar, (*n + 1) * sizeof(**items));
	for (i = 0; i < *n; i++)
		batch_view(st, sc, &l[i], ar, &(*items)[i]);
	return SB_OK;
}

int
checking_items(struct store *st, const struct scope *sc, const struct check_item_filter *f,
	       struct arena *ar, struct check_item **items, size_t *n, struct sb_fail *fail)
{
	int rc = SB_OK;

	*n = 0;
	if (f->committee)
		rc = committee_check_scope(st, sc, f->committee, "committee_code", SB_BAD_QUERY, ar,
					   fail);
	if (rc != SB_OK)
		return rc;
	return store_check_items(st, sc, f, ar, items, n);
}

int
checking_item_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct check_item *out)
{
	return store_check_item_get(st, sc, id, ar, out);
}

int
checking_item_mark(struct store *st, const struct scope *sc, const struct register_actor *who,
		   const struct check_item_ref *item, const char *state, const char *note,
		   struct arena *ar, struct check_item *out, struct sb_fail *fail)
{
	struct actor audit = audit_actor(who);
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	/* read again inside the transaction: two workers at one door */
	rc = store_check_item_get(st, sc, item->id, ar, out);
	if (rc == SB_OK)
		rc = checking_mark(st, sc, out, state, note, who, ar, fail);
	if (rc == SB_OK)
		rc = audit_add(st, &audit, "check", "check_item", id_text(ar, item->id),
			       out->committee_code,
			       json_pack("{s:s, s:s, s:I}", "state", state, "kind", out->kind,
					 "check_id", (json_int_t)out->batch_id));
	if (rc == SB_OK)
		rc = store_check_item_get(st, sc, item->id, ar, out);
	return store_end(st, rc);
}

int
checking_batch_accept(struct store *st, const struct scope *sc, const struct register_actor *who,
		      const struct check_batch_ref *batch, const char *committee, struct arena *ar,
		      int64_t *accepted, json_t *failed, struct check_batch_view *out,
		      struct sb_fail *fail)
{
	struct actor audit = audit_actor(who);
	bool covers = false;
	int rc;

	*accepted = 0;
	rc = committee_check_scope(st, sc, committee, "committee_code", SB_BAD_FIELD, ar, fail);
	if (rc == SB_OK)
		rc = store_check_covers(st, sc, batch->id, committee, &covers);
	if (rc == SB_OK && !covers)
		rc = sb_fail(fail, SB_BAD_FIELD, "committee_code",
			     "committee_code: the file has no line of this committee",
			     "committee_code：文件中没有该居委会的数据");
	if (rc == SB_OK)
		rc = checking_accept(st, sc, batch->id, committee, who, ar, accepted, failed, fail);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc == SB_OK)
		rc = store_end(st,
			       audit_add(st, &audit, "accept", "check", id_text(ar, batch->id),
					 committee,
					 json_pack("{s:I, s:I}", "accepted", (json_int_t)*accepted,
						   "failed", (json_int_t)json_array_size(failed))));
	if (rc == SB_OK)
		rc = checking_batch(st, sc, batch->id, ar, out);
	return rc;
}
