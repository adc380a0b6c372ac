#ifndef SB_IMPORT_H
#define SB_IMPORT_H

/*
 * Import of residents from a CSV or XLSX file (人口数据下沉): the columns of
 * docs/import-template.md, matched by ID number, else by building, room and
 * name; missing compounds, buildings and households are created.  Each line
 * is applied or refused on its own; bad lines change nothing.
 */

#include <jansson.h>

#include "core/register.h"

struct import_options {
	const char *committee; /* the committee the file belongs to */
	bool dry_run;	       /* report, write nothing */
	bool all_or_nothing;   /* one bad line: write nothing */
	/* Called every few hundred lines with the lines done so far. */
	void (*progress)(size_t lines, void *ctx);
	void *progress_ctx;
};

/* Imports data (len bytes).  *report gets {inserted, updated, unchanged,
 * rejected, encoding, created:{compounds, buildings, households}, lines:[…]}
 * (the caller decrefs).  Returns SB_OK when the file was read, even with
 * bad lines; BAD_FIELD (fail naming the line and column) for a file that
 * cannot be read at all, or a missing required column.  Opens and ends its
 * own transaction. */
int import_residents(struct store *st, const struct scope *sc, const void *data, size_t len,
		     const struct import_options *opt, const struct register_actor *who,
		     struct arena *ar, json_t **report, struct sb_fail *fail);

#endif
