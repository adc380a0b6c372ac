/*
 * Export files (see table_write.h): CSV written through stdio, XLSX through
 * libxlsxwriter, which assembles the file only when the workbook is closed.
 * The file is created when the writer opens, so that a bad path fails early;
 * any failure removes it again.
 */

#include <fcntl.h>
#include <stdbool.h>
#include <time.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "util/errors.h"
#include "util/table_write.h"
#include "util/xalloc.h"

#define WIDTH_MIN 4
#define WIDTH_MAX 60
/* Excel's limit on the characters of a cell. */
#define XLSX_CELL_MAX 32767

struct table_writer {
	enum table_write_format fmt;
	char *path;
	char *sheet_name; /* NULL: the default name */
	size_t ncols;
	int err;       /* the first error; rows stop and close removes the file */
	char *tmpdir;  /* table_writer_open_anon: libxlsxwriter's temporary files */
	int rfd;       /* table_writer_open_anon, CSV: the unlinked file, to read */
	bool unlinked; /* the path names nothing any more */
	FILE *csv;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_format *date, *datetime; /* typed cells (table_writer_kinds) */
	enum table_cell_kind *kinds; /* per column; NULL: all text */
	char *footer_sheet;	     /* table_writer_footer_sheet */
	lxw_row_t row;		     /* the next XLSX row */
	unsigned *widths;	     /* XLSX: the widest line of each column, in half-ems */
};

/* Whether a spreadsheet could take s for a formula. */
static bool
needs_defuse(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	       s[0] == '\r';
}

/* Whether the code point c takes two columns (CJK, Hangul, full-width forms). */
static bool
is_wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	       (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	       (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	       (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
	       (c >= 0x20000 && c <= 0x3fffd);
}

/* Decodes the UTF-8 sequence at p into *c; its length, or 1 (and *c 0) for a
 * byte that does not start a well-formed sequence. */
static size_t
utf8_decode(const unsigned char *p, uint32_t *c)
{
	size_t n, i;

	if (*p < 0x80) {
		*c = *p;
		return 1;
	}
	if ((*p & 0xe0) == 0xc0) {
		n = 2;
		*c = *p & 0x1fu;
	} else if ((*p & 0xf0) == 0xe0) {
		n = 3;
		*c = *p & 0x0fu;
	} else if ((*p & 0xf8) == 0xf0) {
		n = 4;
		*c = *p & 0x07u;
	} else {
		*c = 0;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*c = 0;
			return 1;
		}
		*c = (*c << 6) | (p[i] & 0x3fu);
	}
	return n;
}

/* The display width of the widest line of s: a character counts 1, a wide
 * one 2; a byte that is not UTF-8 counts 1. */
static unsigned
display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned line = 0, widest = 0;
	uint32_t c;

	while (*p != '\0') {
		if (*p == '\n') {
			line = 0;
			p++;
			continue;
		}
		p += utf8_decode(p, &c);
		line += is_wide(c) ? 2 : 1;
		if (line > widest)
			widest = line;
	}
	return widest;
}

/* Whether a spreadsheet would read s as a number, and lose digits of an ID
 * number (15 significant digits) or the leading 0 of a phone number. */
static bool
number_like(const char *s)
{
	return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

/* Writes one CSV field (RFC 4180), defused.  keep: an ID or phone number,
 * led by a tab so that a spreadsheet keeps it as text (no 3.1E+17, no lost
 * leading zero); an importer trims the tab. */
static void
csv_field(FILE *f, const char *s, bool keep)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *p;

	if (quote)
		putc('"', f);
	if (keep && number_like(s))
		putc('\t', f);
	else if (needs_defuse(s))
		putc('\'', f);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			putc('"', f);
		putc(*p, f);
	}
	if (quote)
		putc('"', f);
}

/* Writes one CSV line of ncols fields; NULL cells (or cells itself) are empty. */
static int
csv_row(struct table_writer *w, const char *const *cells)
{
	size_t i;

	for (i = 0; i < w->ncols; i++) {
		if (i > 0)
			putc(',', w->csv);
		csv_field(w->csv, cells == NULL || cells[i] == NULL ? "" : cells[i],
			  cells != NULL && w->kinds != NULL && w->kinds[i] == TABLE_CELL_KEEP);
	}
	fputs("\r\n", w->csv);
	return ferror(w->csv) ? SB_IO : SB_OK;
}

/* The length of the longest prefix of s that is at most max bytes and does
 * not end inside a UTF-8 sequence. */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* A date (YYYY-MM-DD) as libxlsxwriter takes it. */
static bool
parse_date(const char *s, lxw_datetime *d)
{
	int y, m, day, n = 0;

	memset(d, 0, sizeof(*d));
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &day, &n) != 3 || s[n] != '\0' || y < 1900 ||
	    m < 1 || m > 12 || day < 1 || day > 31)
		return false;
	d->year = y;
	d->month = m;
	d->day = day;
	return true;
}

/* An RFC 3339 time in UTC (…Z) as the wall-clock time of Asia/Shanghai
 * (UTC+8 all year). */
static bool
parse_shanghai(const char *s, lxw_datetime *d)
{
	struct tm tm = {0};
	int n = 0;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    strcmp(s + n, "Z") != 0)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + 8 * 3600;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < 0)
		return false;
	*d = (lxw_datetime){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour,	       tm.tm_min,     tm.tm_sec};
	return true;
}

/* Writes s as the typed cell its column's kind asks for; false when s is
 * not of that kind (it is then written as text). */
static bool
xlsx_typed(struct table_writer *w, lxw_row_t row, size_t col, const char *s, lxw_error *e)
{
	lxw_datetime d;
	char *end;
	double v;

	switch (w->kinds[col]) {
	case TABLE_CELL_NUMBER:
		v = strtod(s, &end);
		if (end == s || *end != '\0' || s[0] == ' ' ||
		    strspn(s, "0123456789.-") != strlen(s))
			return false;
		*e = worksheet_write_number(w->ws, row, (lxw_col_t)col, v, NULL);
		return true;
	case TABLE_CELL_DATE:
		if (!parse_date(s, &d))
			return false;
		*e = worksheet_write_datetime(w->ws, row, (lxw_col_t)col, &d, w->date);
		return true;
	case TABLE_CELL_DATETIME:
		if (!parse_shanghai(s, &d))
			return false;
		*e = worksheet_write_datetime(w->ws, row, (lxw_col_t)col, &d, w->datetime);
		return true;
	default: return false;
	}
}

/* Writes s into the cell (row, col), typed by its column's kind (text
 * otherwise), cut to Excel's limit; measure: whether it counts for the
 * column's width.  A text cell is defused by its type: written as a string,
 * Excel never takes it for a formula, so no apostrophe shows. */
static int
xlsx_cell(struct table_writer *w, lxw_row_t row, size_t col, const char *s, lxw_format *fmt,
	  bool measure)
{
	char *text;
	size_t len;
	unsigned width;
	lxw_error e;
	int rc = SB_OK;

	if (s == NULL || s[0] == '\0')
		return SB_OK;
	if (measure && fmt == NULL && w->kinds != NULL && xlsx_typed(w, row, col, s, &e)) {
		width = w->kinds[col] == TABLE_CELL_DATETIME ? 16 : display_width(s);
		if (width > w->widths[col])
			w->widths[col] = width;
		return e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE ? SB_TOO_LARGE
		       : e != LXW_NO_ERROR			   ? SB_IO
								   : SB_OK;
	}
	text = xstrdup(s);
	len = strlen(text);
	text[utf8_cut(text, len, XLSX_CELL_MAX)] = '\0';
	if (measure) {
		width = display_width(text);
		if (width > w->widths[col])
			w->widths[col] = width;
	}
	e = worksheet_write_string(w->ws, row, (lxw_col_t)col, text, fmt);
	if (e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)
		rc = SB_TOO_LARGE;
	else if (e != LXW_NO_ERROR)
		rc = SB_IO;
	free(text);
	return rc;
}

/* Writes an XLSX row of ncols cells at the next row; NULL cells (or cells
 * itself) are empty. */
static int
xlsx_row(struct table_writer *w, const char *const *cells, lxw_format *fmt)
{
	size_t i;
	int rc = SB_OK;

	/* Keep room for the empty row and the footer. */
	if (w->row >= LXW_ROW_MAX - 2)
		return SB_TOO_LARGE;
	for (i = 0; i < w->ncols && rc == SB_OK; i++)
		rc = xlsx_cell(w, w->row, i, cells == NULL ? NULL : cells[i], fmt, true);
	w->row++;
	return rc;
}

/* Frees w and what it holds, without writing anything more; the file, if
 * created, is removed. */
static void
discard(struct table_writer *w, bool created)
{
	if (w->csv != NULL)
		fclose(w->csv);
	if (w->wb != NULL)
		lxw_workbook_free(w->wb);
	if (created && !w->unlinked)
		unlink(w->path);
	if (w->rfd >= 0)
		close(w->rfd);
	free(w->tmpdir);
	free(w->widths);
	free(w->kinds);
	free(w->footer_sheet);
	free(w->sheet_name);
	free(w->path);
	free(w);
}

/* Sets up the workbook and its worksheet (no file yet). */
static int
xlsx_open(struct table_writer *w)
{
	lxw_workbook_options opt = {.tmpdir = w->tmpdir};

	w->wb = workbook_new_opt(w->path, &opt);
	if (w->wb == NULL)
		return SB_IO;
	if (w->sheet_name != NULL &&
	    workbook_validate_sheet_name(w->wb, w->sheet_name) != LXW_NO_ERROR)
		return SB_BAD_FIELD;
	w->ws = workbook_add_worksheet(w->wb, w->sheet_name);
	w->bold = workbook_add_format(w->wb);
	if (w->ws == NULL || w->bold == NULL)
		return SB_BAD_FIELD;
	format_set_bold(w->bold);
	w->date = workbook_add_format(w->wb);
	w->datetime = workbook_add_format(w->wb);
	if (w->date == NULL || w->datetime == NULL)
		return SB_BAD_FIELD;
	format_set_num_format(w->date, "yyyy-mm-dd");
	format_set_num_format(w->datetime, "yyyy-mm-dd hh:mm");
	worksheet_freeze_panes(w->ws, 1, 0);
	w->widths = xcalloc(w->ncols, sizeof(w->widths[0]));
	return SB_OK;
}

/* The shared part of the two opens: w is set up, fd is the created file
 * (or -1 to create w->path).  Frees w on failure. */
static int
writer_start(struct table_writer *w, int fd, const char *const *headers, struct table_writer **out)
{
	bool created = fd >= 0;
	int rc = SB_OK;

	if (w->fmt == TABLE_WRITE_XLSX) {
		rc = xlsx_open(w);
		if (rc != SB_OK)
			goto out;
	}
	if (fd < 0)
		fd = open(w->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = SB_IO;
		goto out;
	}
	created = true;
	if (w->fmt == TABLE_WRITE_XLSX) {
		/* libxlsxwriter writes the file itself when it closes. */
		rc = close(fd) == 0 ? SB_OK : SB_IO;
		if (rc == SB_OK)
			rc = xlsx_row(w, headers, w->bold);
		goto out;
	}
	if (w->tmpdir != NULL) {
		/* Anonymous CSV: keep fd to read back, write through a copy, and
		 * drop the name at once so that no crash can leave the rows. */
		w->rfd = fd;
		fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		w->unlinked = unlink(w->path) == 0;
		if (fd < 0 || !w->unlinked) {
			if (fd >= 0)
				close(fd);
			rc = SB_IO;
			goto out;
		}
	}
	w->csv = fdopen(fd, "wb");
	if (w->csv == NULL) {
		close(fd);
		rc = SB_IO;
		goto out;
	}
	fputs("\xef\xbb\xbf", w->csv);
	rc = csv_row(w, headers);
out:
	if (rc != SB_OK) {
		discard(w, created);
		return rc;
	}
	*out = w;
	return SB_OK;
}

static struct table_writer *
writer_new(enum table_write_format fmt, const char *sheet_name, size_t ncols)
{
	struct table_writer *w = xcalloc(1, sizeof(*w));

	w->fmt = fmt;
	w->sheet_name = sheet_name == NULL ? NULL : xstrdup(sheet_name);
	w->ncols = ncols;
	w->rfd = -1;
	return w;
}

int
table_writer_open(enum table_write_format fmt, const char *path, const char *sheet_name,
		  const char *const *headers, size_t ncols, struct table_writer **out)
{
	struct table_writer *w;

	*out = NULL;
	if (path == NULL || headers == NULL || ncols == 0 || ncols > LXW_COL_MAX ||
	    (fmt != TABLE_WRITE_CSV && fmt != TABLE_WRITE_XLSX))
		return SB_BAD_FIELD;
	w = writer_new(fmt, sheet_name, ncols);
	w->path = xstrdup(path);
	return writer_start(w, -1, headers, out);
}

int
table_writer_open_anon(enum table_write_format fmt, const char *dir, const char *sheet_name,
		       const char *const *headers, size_t ncols, struct table_writer **out)
{
	static const char stem[] = "/export-XXXXXX";
	struct table_writer *w;
	size_t len;
	int fd;

	*out = NULL;
	if (dir == NULL || headers == NULL || ncols == 0 || ncols > LXW_COL_MAX ||
	    (fmt != TABLE_WRITE_CSV && fmt != TABLE_WRITE_XLSX))
		return SB_BAD_FIELD;
	w = writer_new(fmt, sheet_name, ncols);
	w->tmpdir = xstrdup(dir);
	len = strlen(dir);
	w->path = xmalloc(len + sizeof(stem));
	memcpy(w->path, dir, len);
	memcpy(w->path + len, stem, sizeof(stem));
	fd = mkostemp(w->path, O_CLOEXEC);
	if (fd < 0) {
		w->unlinked = true;
		discard(w, false);
		return SB_IO;
	}
	return writer_start(w, fd, headers, out);
}

void
table_writer_kinds(struct table_writer *w, const enum table_cell_kind *kinds)
{
	free(w->kinds);
	w->kinds = xcalloc(w->ncols, sizeof(*w->kinds));
	memcpy(w->kinds, kinds, w->ncols * sizeof(*w->kinds));
}

void
table_writer_footer_sheet(struct table_writer *w, const char *name)
{
	free(w->footer_sheet);
	w->footer_sheet = xstrdup(name);
}

int
table_writer_row(struct table_writer *w, const char *const *cells)
{
	if (w->err != SB_OK)
		return w->err;
	if (w->fmt == TABLE_WRITE_CSV)
		w->err = csv_row(w, cells);
	else
		w->err = xlsx_row(w, cells, NULL);
	return w->err;
}

/* Writes the empty row and the footer row. */
static int
write_footer(struct table_writer *w, const char *footer)
{
	size_t i;

	if (w->fmt == TABLE_WRITE_CSV) {
		csv_row(w, NULL);
		csv_field(w->csv, footer, false);
		for (i = 1; i < w->ncols; i++)
			putc(',', w->csv);
		fputs("\r\n", w->csv);
		return ferror(w->csv) ? SB_IO : SB_OK;
	}
	if (w->footer_sheet != NULL) {
		/* the footer on a sheet of its own: the data sheet holds only data */
		lxw_worksheet *ws = workbook_add_worksheet(w->wb, w->footer_sheet);

		if (ws == NULL)
			return SB_IO;
		return worksheet_write_string(ws, 0, 0, footer, NULL) == LXW_NO_ERROR ? SB_OK
										      : SB_IO;
	}
	w->row++;
	return xlsx_cell(w, w->row++, 0, footer, NULL, false);
}

/* Fits the columns to their content and sets the document properties. */
static int
xlsx_finish(struct table_writer *w, const char *author, const char *footer)
{
	lxw_doc_properties props = {0};
	double width;
	size_t i;

	for (i = 0; i < w->ncols; i++) {
		width = (w->widths[i] < WIDTH_MIN ? WIDTH_MIN : w->widths[i]) + 2;
		if (width > WIDTH_MAX)
			width = WIDTH_MAX;
		if (worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, width, NULL) !=
		    LXW_NO_ERROR)
			return SB_IO;
	}
	props.title = w->sheet_name;
	props.author = (char *)author;
	props.comments = (char *)footer;
	return workbook_set_properties(w->wb, &props) == LXW_NO_ERROR ? SB_OK : SB_IO;
}

/* Finishes the file, without freeing w. */
static int
writer_finish(struct table_writer *w, const char *author, const char *footer)
{
	int rc = w->err;

	if (rc == SB_OK && footer != NULL)
		rc = write_footer(w, footer);
	if (rc != SB_OK)
		return rc;
	if (w->fmt == TABLE_WRITE_CSV) {
		rc = fflush(w->csv) == 0 && !ferror(w->csv) ? SB_OK : SB_IO;
		if (fclose(w->csv) != 0 && rc == SB_OK)
			rc = SB_IO;
		w->csv = NULL;
		return rc;
	}
	rc = xlsx_finish(w, author, footer);
	if (rc != SB_OK)
		return rc;
	/* workbook_close frees the workbook whatever it answers. */
	if (workbook_close(w->wb) != LXW_NO_ERROR)
		rc = SB_IO;
	w->wb = NULL;
	return rc;
}

int
table_writer_close(struct table_writer *w, const char *author, const char *footer)
{
	int rc;

	if (w == NULL)
		return SB_OK;
	rc = writer_finish(w, author, footer);
	discard(w, rc != SB_OK);
	return rc;
}

int
table_writer_close_fd(struct table_writer *w, const char *author, const char *footer, int *fd)
{
	int rc;

	*fd = -1;
	if (w == NULL)
		return SB_BAD_FIELD;
	rc = writer_finish(w, author, footer);
	if (rc == SB_OK && w->rfd >= 0) {
		if (lseek(w->rfd, 0, SEEK_SET) == 0) {
			*fd = w->rfd;
			w->rfd = -1;
		} else {
			rc = SB_IO;
		}
	} else if (rc == SB_OK) {
		*fd = open(w->path, O_RDONLY | O_CLOEXEC);
		if (*fd < 0)
			rc = SB_IO;
		else if (unlink(w->path) != 0) {
			close(*fd);
			*fd = -1;
			rc = SB_IO;
		} else {
			w->unlinked = true;
		}
	}
	discard(w, true);
	return rc;
}
