#ifndef SB_IMPORT_H
#define SB_IMPORT_H

/*
 * Import of residents from a CSV or XLSX file (人口数据下沉): the columns of
 * docs/import-template.md under any of their usual headers, matched by ID
 * number, else by building, room and name; missing compounds, buildings and
 * households are created, their names matched after normalising width,
 * spaces and the 号/室/幢/栋 suffixes.  Each line is applied or refused on its
 * own; bad lines change nothing.
 *
 * The file is read and every line checked outside the shared writer; the
 * lines are then written in batches, each its own short transaction
 * (docs/import-template.md, "Large files"), so that other writes wait for one
 * batch at most.  A dry run takes no write lock at all.
 */

#include <jansson.h>

#include "core/register.h"

struct import_options {
	const char *committee; /* the committee the file belongs to */
	bool dry_run;	       /* report, write nothing */
	bool all_or_nothing;   /* one bad line: write nothing */
	/* Called after every batch with the lines done so far. */
	void (*progress)(size_t lines, void *ctx);
	void *progress_ctx;
	/* Lines per batch; 0 for the default (IMPORT_BATCH_LINES). */
	size_t batch_lines;
};

/* A batch ends after this many lines or IMPORT_BATCH_MS of writing. */
#define IMPORT_BATCH_LINES 1000
#define IMPORT_BATCH_MS 250

/* Imports data (len bytes).  *report gets {rows, inserted, updated,
 * unchanged, rejected, encoding, sheet, header_line, columns, created,
 * places, warnings, lines, …} (the caller decrefs).  Returns SB_OK when the
 * file was read, even with bad lines; BAD_FIELD (fail naming the line and
 * column) for a file that cannot be read at all, or a missing required
 * column; another error when a batch could not be written (fail says which
 * lines were saved before it).  Opens and ends its own transactions. */
int import_residents(struct store *st, const struct scope *sc, const void *data, size_t len,
		     const struct import_options *opt, const struct register_actor *who,
		     struct arena *ar, json_t **report, struct sb_fail *fail);

/* The matching key of a place name (in the arena): full-width forms folded to
 * ASCII, every space (U+3000 too) removed, ASCII lower-cased, and for a
 * building the suffix 号楼/号/幢/栋/楼/座, for a room 室/号/房, dropped.
 * kind: 'c' compound, 'b' building, 'r' room. */
char *import_place_key(struct arena *ar, const char *name, char kind);

#endif
