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

struct table_row;

struct import_options {
	const char *committee; /* the committee the file belongs to */
	bool dry_run;	       /* report, write nothing */
	bool all_or_nothing;   /* one bad line: write nothing */
	/* Called after every batch with the lines done so far. */
	void (*progress)(size_t lines, void *ctx);
	void *progress_ctx;
	/* Lines read per batch; 0 for the default (IMPORT_BATCH_LINES).  The
	 * writing of a batch is still cut into transactions of IMPORT_BATCH_MS. */
	size_t batch_lines;
	/* The report's lines: only the rejected ones (a command's import of a
	 * million lines prints those alone, and keeps its memory flat). */
	bool rejected_lines_only;
	/* {header: field or "ignore"} chosen by hand (import_mapping_check):
	 * overrides the synonyms; NULL for none. */
	const json_t *mapping;
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

/* --- The mapping step, and reading a file without importing it
 * (docs/checking.md) --- */

/* Checks a mapping {header: field}: an object of 1–1000 headers, each field
 * one of the template's (compound, building, room, floor, name, …, tags) or
 * "ignore" (and "committee" when committee_ok), no field twice, no header
 * twice.  BAD_FIELD naming "mapping" (and the field) otherwise. */
int import_mapping_check(const json_t *mapping, bool committee_ok, struct arena *ar,
			 struct sb_fail *fail);

/* The key a header row is remembered by: each header normalised as the
 * importer compares them, sorted, joined by "|". */
char *import_header_key(struct arena *ar, const char *const *headers, size_t n);

/* The first rows of a file, for the mapping step: {header_found, sheet,
 * header_line, header_key, columns:[{column, header, field}], rows:[[…]],
 * message, message_zh}; without a header, the first rows as they are.
 * BAD_FIELD for a file that cannot be read. */
int import_preview(struct store *st, const void *data, size_t len, const json_t *mapping,
		   const struct register_actor *who, struct arena *ar, json_t **out,
		   struct sb_fail *fail);

/* A line read and checked as an import checks it, handed to import_read's
 * callback.  The pointers live until the callback returns. */
struct import_line {
	size_t line;
	const struct table_row *row;		/* the cells as read */
	int committee_column;			/* the cell of a 居委会 column, or -1 */
	struct rvalue *vals;			/* resident fields (secrets sealed) */
	const char *compound, *building, *room; /* folded */
	struct sb_fail *fail;			/* a refusal of this line goes here */
};
/* The callback answers SB_OK; SB_BAD_FIELD to refuse the line (reported
 * with l->fail); IMPORT_STOP to refuse the whole file (the callback wrote
 * the reason to import_read's fail); another error stops the reading. */
#define IMPORT_STOP 1002
typedef int (*import_line_fn)(const struct import_line *l, void *ctx);

/* Reads a file as import_residents does (header, synonyms or mapping, every
 * value checked, numbers sealed) without writing or matching anything; the
 * tags column is not read.  *report gets {rows, rejected, encoding, sheet,
 * header_line, columns, warnings, lines (the refused ones)}.  BAD_FIELD for
 * a file that cannot be read or one the callback refused. */
int import_read(struct store *st, const void *data, size_t len, const json_t *mapping,
		const struct register_actor *who, import_line_fn fn, void *ctx, struct arena *ar,
		json_t **report, struct sb_fail *fail);

/* Finds, without writing, what a line names, as an import matches it: the
 * compound and household of the place (0 when the place does not exist yet) and the
 * resident it would update (0: it would add one).  A finder serves one
 * committee and keeps the places it has loaded. */
struct import_finder;
struct import_finder *import_finder_new(struct store *st, const struct scope *sc,
					const char *committee, const struct register_actor *who);
int import_find(struct import_finder *f, const struct rvalue *vals, const char *compound,
		const char *building, const char *room, int64_t *compound_id, int64_t *household_id,
		int64_t *resident_id);
void import_finder_free(struct import_finder *f);

/* Applies one line inside the caller's transaction, as an import would:
 * the place made when missing, the resident found (ID number, else name in
 * the household) updated or added, with its history.  *status "inserted",
 * "updated" or "unchanged"; *id the resident.  BAD_FIELD or CONFLICT when
 * the register refuses it (fail's texts in ar). */
int import_apply_one(struct store *st, const struct scope *sc, const char *committee,
		     struct rvalue *vals, const char *compound, const char *building,
		     const char *room, const struct register_actor *who, struct arena *ar,
		     const char **status, int64_t *id, struct sb_fail *fail);

#endif
