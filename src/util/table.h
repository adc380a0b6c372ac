#ifndef SB_TABLE_H
#define SB_TABLE_H

#include <stddef.h>

/* Reading the tables people export from Excel for import: CSV in UTF-8 (with
 * or without a byte-order mark) or GB18030, and XLSX.  Rows come one at a
 * time through a callback; nothing of a row outlives the callback. */

#define TABLE_FIELD_MAX (64 * 1024)	 /* bytes in one cell, after trimming */
#define TABLE_COLUMNS_MAX 1000		 /* cells in one row */
#define TABLE_ZIP_ENTRY_MAX (256u << 20) /* uncompressed bytes of one XLSX part */
#define TABLE_XLSX_FILE_MAX (64u << 20)	 /* bytes of an XLSX file */

struct table_row {
	size_t line;		  /* 1-based: CSV the physical line where the record starts,
				      XLSX the sheet row number */
	size_t sheet;		  /* 1-based: XLSX the worksheet's place in the workbook
				      (hidden sheets skipped), CSV 1 */
	size_t ncells;		  /* 1 to TABLE_COLUMNS_MAX */
	const char *const *cells; /* UTF-8, NUL-terminated, trimmed of spaces and tabs;
				      an empty cell is "" */
};

struct table_error {
	size_t line;   /* 0 when not about a line */
	size_t column; /* 1-based column (the field index in CSV), 0 when unknown */
	/* What is wrong, without the line and column (they are above): English,
	 * lower case, what is wrong first; and the same in Chinese. */
	char message[256];
	char message_zh[256];
};

enum table_format { TABLE_CSV, TABLE_XLSX };

/* Returned by the row callback: skip the rest of this worksheet and go on with
 * the next one (XLSX; in CSV it stops like any other value). */
#define TABLE_NEXT_SHEET 1000

/* The format of data: TABLE_XLSX when it starts with "PK\x03\x04", else
 * TABLE_CSV. */
enum table_format table_format_of(const void *data, size_t len);

/* Reads the table in data (len bytes; data may be NULL when len is 0).
 * Detects the format (XLSX starts with "PK\x03\x04") and, for CSV, the
 * encoding: valid UTF-8 (a leading byte-order mark is dropped), else GB18030
 * through iconv; a file that is neither is an error naming (in err->line)
 * the first line that is neither.  XLSX (libzip and expat; zip64 too): the
 * first visible sheet of the workbook, cells placed by their column letters
 * (missing cells are ""), the cells of a merged range all with its first
 * cell's value, shared and inline strings, numbers as the text Excel stored,
 * cells with a date format as YYYY-MM-DD and with a date-time format as
 * YYYY-MM-DD HH:MM[:SS] (the 1900 or, with date1904, the 1904 system;
 * time-only formats stay numbers), booleans as TRUE or FALSE, formulas as
 * their cached value.  A workbook over TABLE_XLSX_FILE_MAX bytes, or one
 * that inflates far beyond its size (a ZIP bomb), is refused.
 *
 * Calls fn for every row that has a non-empty cell, in order, the header row
 * included; fn returns 0 to go on and anything else to stop, and table_each
 * then returns that value.  Returns 0 after the last row, or SB_BAD_FIELD
 * with *err (when err is not NULL) saying what is wrong with a malformed
 * file: a broken quote in CSV names the line and column where the quoted
 * field started; a cell over TABLE_FIELD_MAX bytes or a row of more than
 * TABLE_COLUMNS_MAX cells names its line; a damaged XLSX or a part larger
 * than TABLE_ZIP_ENTRY_MAX says so.  SB_INTERNAL (with *err)
 * when iconv lacks GB18030 or zlib cannot start.  Rows before an error have already
 * been handed to fn.  Never reads outside data.
 *
 * *encoding (when encoding is not NULL) is set to NULL first, then to
 * "UTF-8", "GB18030" or "XLSX" (static strings) once the format is known.
 * A row and its cells are valid only during the call of fn. */
int table_each(const void *data, size_t len, int (*fn)(const struct table_row *row, void *ctx),
	       void *ctx, const char **encoding, struct table_error *err);
/* The same over every visible worksheet of an XLSX file, in order (rows
 * carry their sheet); fn returning TABLE_NEXT_SHEET skips the rest of one. */
int table_each_sheets(const void *data, size_t len,
		      int (*fn)(const struct table_row *row, void *ctx), void *ctx,
		      const char **encoding, struct table_error *err);

#endif
