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

#endif
