#ifndef SB_CHECKING_H
#define SB_CHECKING_H

/*
 * The checking list (核查; docs/checking.md).  A file of population data
 * (人口数据下沉) covering the committees of an area is compared with the
 * register, never imported: each committee gets items to check at the door —
 * people new to the register, people whose fields differ, people of the
 * register the file lacks.  A worker marks each; "confirmed" of a new or
 * changed person applies the file's values as an import would, "moved_away"
 * of a missing person moves them out; the rest records only.
 *
 * The file is read and compared outside the shared writer (reads only); the
 * items are then written in batches of IMPORT_BATCH_LINES or IMPORT_BATCH_MS,
 * as an import's lines are.  ID and phone numbers are compared by their blind
 * index and kept sealed, as the register keeps them.
 */

#include <jansson.h>

#include "core/actor.h"
#include "core/register.h"
#include "store/checking.h"

struct check_options {
	const char *area;      /* the area the file covers (in the caller's scope) */
	const char *file_name; /* shown in the list, or NULL */
	bool dry_run;	       /* compare and report, write nothing */
	const json_t *mapping; /* {header: field} chosen by hand, or NULL */
};

/* Reads and compares the file; unless a dry run, writes the batch and its
 * items (*batch_id).  *report: {rows, rejected, new, changed, missing,
 * unchanged, committees:[{committee_code, name, rows, new, changed, missing,
 * unchanged}], lines, columns, sheet, header_line, warnings, encoding,
 * dry_run}.  BAD_QUERY for an area not in scope; BAD_FIELD naming the file
 * (and the line) when it cannot be read, or a line names a committee outside
 * the area: then nothing is written.  Opens its own transactions. */
int checking_upload(struct store *st, const struct scope *sc, const void *data, size_t len,
		    const struct check_options *opt, const struct register_actor *who,
		    struct arena *ar, json_t **report, int64_t *batch_id, struct sb_fail *fail);

/* Marks an open item (it, read in scope) inside the caller's transaction,
 * applying what the state means.  BAD_FIELD naming "state"; CONFLICT when
 * marked already; the register's refusal (BAD_FIELD, CONFLICT) of a confirm. */
int checking_mark(struct store *st, const struct scope *sc, const struct check_item *it,
		  const char *state, const char *note, const struct register_actor *who,
		  struct arena *ar, struct sb_fail *fail);

/* Confirms every open new and changed item of a committee of a batch, in
 * batches of transactions of its own.  *accepted counts them; failed gets
 * {item_id, reason, reason_zh, field} for each the register refused (left
 * open). */
int checking_accept(struct store *st, const struct scope *sc, int64_t batch_id,
		    const char *committee, const struct register_actor *who, struct arena *ar,
		    int64_t *accepted, json_t *failed, struct sb_fail *fail);

/*
 * The desk (core/checking_desk.c): what the routes of the checking list and
 * of the import's mapping step do, each a whole operation: the area or
 * committee checked in scope, the transaction opened and closed, the audit
 * entry written (as who), and what the caller shows read back.
 */

/* A batch with its counts per committee of the caller's scope (none when
 * they cannot be read: the batch is still shown). */
struct check_batch_view {
	struct check_batch batch;
	struct check_progress *progress;
	size_t nprogress;
};

/* The area code in sc; err (BAD_QUERY or BAD_FIELD) naming "area"
 * otherwise.  A route checks it before the rest of its input. */
int checking_area(struct store *st, const struct scope *sc, const char *code, int err,
		  struct arena *ar, struct sb_fail *fail);

/* The preview of a file for the mapping step (import_preview) for area
 * (found by checking_area), and *remembered the mapping kept for its header
 * in that area (NULL: none). */
int checking_mapping_preview(struct store *st, const char *area, const void *data, size_t len,
			     const json_t *mapping, const struct register_actor *who,
			     struct arena *ar, json_t **preview,
			     const struct import_mapping **remembered, struct sb_fail *fail);
/* The mappings remembered for area (in sc: BAD_QUERY naming it otherwise). */
int checking_mappings(struct store *st, const struct scope *sc, const char *area, struct arena *ar,
		      struct import_mapping **items, size_t *n, struct sb_fail *fail);
/* Remembers mapping ({header: field}, checked: BAD_FIELD) for area (in sc:
 * BAD_FIELD naming it otherwise) under the key of its headers, audited;
 * *out gets it as kept. */
int checking_mapping_remember(struct store *st, const struct scope *sc, const struct actor *who,
			      const char *area, json_t *mapping, struct arena *ar,
			      struct import_mapping *out, struct sb_fail *fail);

/* checking_upload, then its audit entry ("create", or "check_dry_run"):
 * *report as there, and *batch (when not a dry run: *made true) the batch
 * written. */
int checking_submit(struct store *st, const struct scope *sc, const void *data, size_t len,
		    const struct check_options *opt, const struct register_actor *who,
		    struct arena *ar, json_t **report, bool *made, struct check_batch_view *batch,
		    struct sb_fail *fail);
/* The batch id in scope (NOT_FOUND otherwise). */
int checking_batch(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct check_batch_view *out);
/* The batches in scope (under area when not NULL: BAD_QUERY naming "area"
 * outside sc), newest first, ids below before (0: from the newest), at most
 * limit. */
int checking_batches(struct store *st, const struct scope *sc, const char *area, int64_t before,
		     int limit, struct arena *ar, struct check_batch_view **items, size_t *n,
		     struct sb_fail *fail);
/* The items of f (of the batch f->batch_id, found by checking_batch; of
 * every batch when 0), in scope; f->committee, when given, must be a
 * committee of sc (BAD_QUERY naming "committee_code"). */
int checking_items(struct store *st, const struct scope *sc, const struct check_item_filter *f,
		   struct arena *ar, struct check_item **items, size_t *n, struct sb_fail *fail);
/* The item id in scope (NOT_FOUND otherwise). */
int checking_item_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       struct check_item *out);
/* Marks the item found (checking_item_find) with state and note
 * (checking_mark, on the item read again in the transaction: two workers at
 * one door), audited ("check"); *out gets the item as marked. */
int checking_item_mark(struct store *st, const struct scope *sc, const struct register_actor *who,
		       const struct check_item_ref *item, const char *state, const char *note,
		       struct arena *ar, struct check_item *out, struct sb_fail *fail);
/* checking_accept for the batch found (checking_batch) and committee (of sc,
 * and covered by the file: BAD_FIELD naming "committee_code" otherwise),
 * audited ("accept"); *out the batch after. */
int checking_batch_accept(struct store *st, const struct scope *sc,
			  const struct register_actor *who, const struct check_batch_ref *batch,
			  const char *committee, struct arena *ar, int64_t *accepted,
			  json_t *failed, struct check_batch_view *out, struct sb_fail *fail);

#endif
