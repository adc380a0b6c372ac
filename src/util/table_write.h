#ifndef SB_TABLE_WRITE_H
#define SB_TABLE_WRITE_H

/*
 * Export files: a table with a header row written as CSV or XLSX, row by
 * row, with a footer line naming who exported it and when.
 */

#include <stddef.h>

enum table_write_format { TABLE_WRITE_CSV, TABLE_WRITE_XLSX };

struct table_writer;

/* Opens path for writing a table of ncols columns with the given header row
 * (UTF-8).  The file is created (or truncated) with mode 0600: it holds
 * people's data.
 *
 * CSV: UTF-8 with a byte-order mark so that Excel detects it, CRLF line ends,
 * RFC 4180 quoting (quote a field holding a comma, quote, CR or LF; double
 * the quotes).  XLSX (libxlsxwriter): one worksheet named sheet_name (UTF-8,
 * e.g. "居民"; NULL: "Sheet1"), bold header row frozen, column widths fitted
 * roughly to content (CJK characters count double, cap 60), every cell
 * written as a string (cut at Excel's 32767 characters) unless
 * table_writer_kinds types its column.  A string cell is never a formula, so
 * XLSX needs no other defusing: no apostrophe shows.
 *
 * CSV: a cell beginning with = + - @, a tab or a CR is prefixed with a
 * single quote to defuse formula injection ("'=1+1"), headers, cells and
 * footer alike.
 *
 * *out (NULL on failure) is freed by table_writer_close.  SB_BAD_FIELD when
 * path or headers is NULL, ncols is 0 or over 16384, fmt is unknown or
 * sheet_name is not a valid worksheet name; SB_IO when the file cannot be
 * created (nothing is left behind then). */
int table_writer_open(enum table_write_format fmt, const char *path, const char *sheet_name,
		      const char *const *headers, size_t ncols, struct table_writer **out);

/* What a column holds.  XLSX: TEXT a string cell, NUMBER a number cell,
 * DATE (YYYY-MM-DD) a date cell, DATETIME (RFC 3339 in UTC, …Z) a date-time
 * cell showing the time of Asia/Shanghai; a value not of its kind is written
 * as a string.  CSV: KEEP (an ID or phone number) is led by a tab, which
 * makes Excel and WPS keep it as text (no 3.1E+17, no lost leading zero) and
 * which importers trim; the other kinds are plain text. */
enum table_cell_kind {
	TABLE_CELL_TEXT,
	TABLE_CELL_NUMBER,
	TABLE_CELL_DATE,
	TABLE_CELL_DATETIME,
	TABLE_CELL_KEEP,
};

/* Types the columns (ncols kinds, copied) of the rows written after it. */
void table_writer_kinds(struct table_writer *w, const enum table_cell_kind *kinds);

/* XLSX: the footer goes alone on a second worksheet of that name, not under
 * the data, so that the data sheet imports back whole.  CSV: no change. */
void table_writer_footer_sheet(struct table_writer *w, const char *name);

/* Appends a row of ncols cells; NULL cells are empty (NULL cells: an empty
 * row).  SB_IO when writing
 * failed, SB_TOO_LARGE past XLSX's 1048576 rows (less the header and the
 * footer).  After an error the writer takes no more rows (each returns the
 * first error) and table_writer_close removes the file. */
int table_writer_row(struct table_writer *w, const char *const *cells);

/* Writes the footer line (a last row, after an empty row, holding footer in
 * its first cell, e.g. "导出人 admin · 2026-11-22 17:00 (Asia/Shanghai) · 共
 * 12 行"; none when footer is NULL), sets the XLSX document properties
 * (author = author, comments = footer, title = sheet_name; NULL ones are left
 * out), closes the file and frees w.  Returns SB_OK, or the first error of an
 * earlier row, or SB_IO if writing failed; on any error the file is removed.
 * Always frees w; NULL w is SB_OK. */
int table_writer_close(struct table_writer *w, const char *author, const char *footer);

/* Like table_writer_open, but the file is made in dir (which should be a
 * private directory, mode 0700) and never stays named there: a CSV file is
 * unlinked as soon as it is created, an XLSX file (which libxlsxwriter must
 * write by name, when it closes) as soon as table_writer_close_fd has it
 * open; libxlsxwriter's own temporary files go to dir too (unlinked at once).
 * A crash leaves no readable rows behind.  Close with table_writer_close_fd. */
int table_writer_open_anon(enum table_write_format fmt, const char *dir, const char *sheet_name,
			   const char *const *headers, size_t ncols, struct table_writer **out);

/* table_writer_close for a writer of table_writer_open_anon (or any writer):
 * on SB_OK *fd is a descriptor to read the whole file from,, positioned at its
 * start, whose name (if any) is already removed; the caller closes it.  On
 * failure *fd is -1.  Always frees w; NULL w is SB_BAD_FIELD. */
int table_writer_close_fd(struct table_writer *w, const char *author, const char *footer, int *fd);

#endif
