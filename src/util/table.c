/* table_each: format and encoding detection, and CSV through libcsv.  The
 * XLSX half is in xlsx_read.c.
 *
 * CSV is fed to libcsv one physical line at a time (a long line in pieces of
 * CSV_PIECE bytes), so that the line number is known when a field or a
 * record ends: a record starts on the first line that begins outside a
 * quoted field, a field on the line of the delimiter before it. */

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "util/buf.h"
#include "util/errors.h"
#include "util/table.h"
#include "util/xalloc.h"
#include "util/xlsx_read.h"

#define CSV_PIECE (16 * 1024)

struct csv_state {
	struct csv_parser parser;
	int (*fn)(const struct table_row *row, void *ctx);
	void *ctx;
	struct table_error *err;
	size_t line;	   /* the physical line being fed */
	size_t rec_line;   /* where the current record started */
	size_t field_line; /* where the current field started */
	struct buf text;   /* the record's cells so far, each NUL-terminated */
	size_t off[TABLE_COLUMNS_MAX];
	const char *cells[TABLE_COLUMNS_MAX];
	size_t nfields;
	bool nonempty;
	int rc; /* non-zero stops: fn's value or SB_BAD_FIELD */
};

size_t
table_utf8_check(const unsigned char *s, size_t n)
{
	size_t i = 0, j, k;
	unsigned long cp, min;

	while (i < n) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return i;
		}
		if (n - i <= k)
			return i;
		for (j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + j] & 0x3fu);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += k + 1;
	}
	return n;
}

/* vsnprintf into out, cut on a character boundary when it does not fit. */
static void
message(char *out, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(out, size, fmt, ap);

	if (n < 0)
		out[0] = '\0';
	else if ((size_t)n >= size)
		out[table_utf8_check((const unsigned char *)out, size - 1)] = '\0';
}

int
table_fail(struct table_error *err, int rc, size_t line, size_t column, const char *en,
	   const char *zh, ...)
{
	va_list ap, aq;

	err->line = line;
	err->column = column;
	va_start(ap, zh);
	va_copy(aq, ap);
	message(err->message, sizeof(err->message), en, ap);
	message(err->message_zh, sizeof(err->message_zh), zh, aq);
	va_end(aq);
	va_end(ap);
	return rc;
}

enum table_format
table_format_of(const void *data, size_t len)
{
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return TABLE_XLSX;
	return TABLE_CSV;
}

/* The 1-based line of byte off of s. */
static size_t
line_of(const char *s, size_t off)
{
	size_t line = 1;
	const char *p = s, *end = s + off, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			break;
		line++;
		p = nl + 1;
	}
	return line;
}

/* Converts GB18030 to UTF-8 into a new buffer (*out, NUL-terminated, the
 * caller frees it).  SB_BAD_FIELD naming the line of the first byte that is
 * not GB18030.  The conversion keeps every line break: no byte of a GB18030
 * multi-byte character is below 0x30. */
static int
from_gb18030(const char *s, size_t n, char **out, size_t *outlen, struct table_error *err)
{
	iconv_t cd;
	char *in = (char *)s, *buf, *op;
	size_t inleft = n, cap = n + n / 2 + 16, outleft;
	int rc = SB_OK;

	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return table_fail(err, SB_INTERNAL, 0, 0, "GB18030 conversion is not available",
				  "服务器不支持 GB18030 编码转换");
	buf = xmalloc(cap);
	op = buf;
	outleft = cap - 1;
	while (inleft > 0) {
		size_t used;

		if (iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1)
			break;
		if (errno != E2BIG) {
			size_t line = line_of(s, (size_t)(in - s));

			rc = table_fail(err, SB_BAD_FIELD, line, 0,
					"the text is neither UTF-8 nor GB18030",
					"文本既不是 UTF-8 也不是 GB18030 编码");
			goto out;
		}
		used = (size_t)(op - buf);
		cap *= 2;
		buf = xrealloc(buf, cap);
		op = buf + used;
		outleft = cap - used - 1;
	}
	*op = '\0';
	*outlen = (size_t)(op - buf);
	*out = buf;
	buf = NULL;
out:
	free(buf);
	iconv_close(cd);
	return rc;
}

/* The text of a CSV file as UTF-8: *text points into data or, for GB18030,
 * at a new buffer that *owned also points at (the caller frees it). */
static int
csv_decode(const char *data, size_t len, const char **text, size_t *n, char **owned,
	   const char **encoding, struct table_error *err)
{
	size_t bad, line;
	const char *nul;
	bool bom = len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0;

	*text = bom ? data + 3 : data;
	*n = bom ? len - 3 : len;
	bad = table_utf8_check((const unsigned char *)*text, *n);
	if (bad < *n && bom) {
		line = line_of(*text, bad);
		return table_fail(
			err, SB_BAD_FIELD, line, 0,
			"the text is not UTF-8 although the file starts with a UTF-8 mark",
			"文本不是 UTF-8 编码，但文件开头标明为 UTF-8");
	}
	if (bad < *n) {
		int rc = from_gb18030(*text, *n, owned, n, err);

		if (rc != SB_OK)
			return rc;
		*text = *owned;
		/* A GB18030 byte-order mark becomes U+FEFF. */
		if (*n >= 3 && memcmp(*text, "\xef\xbb\xbf", 3) == 0) {
			*text += 3;
			*n -= 3;
		}
		*encoding = "GB18030";
	} else {
		*encoding = "UTF-8";
	}
	nul = memchr(*text, '\0', *n);
	if (nul != NULL) {
		line = line_of(*text, (size_t)(nul - *text));
		return table_fail(err, SB_BAD_FIELD, line, 0,
				  "the text holds a NUL byte; is the file UTF-16?",
				  "文本含有 NUL 字节，文件是否为 UTF-16 编码？");
	}
	return SB_OK;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	const char *p = s;

	if (st->rc != 0)
		return;
	while (len > 0 && (p[0] == ' ' || p[0] == '\t')) {
		p++;
		len--;
	}
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len > TABLE_FIELD_MAX) {
		st->rc = table_fail(st->err, SB_BAD_FIELD, st->field_line, st->nfields + 1,
				    "cell is longer than 64 KiB", "单元格超过 64 KiB");
		return;
	}
	if (st->nfields == TABLE_COLUMNS_MAX) {
		st->rc = table_fail(st->err, SB_BAD_FIELD, st->rec_line, 0,
				    "row has more than 1000 cells", "一行超过 1000 个单元格");
		return;
	}
	st->off[st->nfields++] = st->text.len;
	/* Cannot fail: the cap holds TABLE_COLUMNS_MAX full cells. */
	buf_add(&st->text, p, len);
	buf_addc(&st->text, '\0');
	if (len > 0)
		st->nonempty = true;
	st->field_line = st->line;
}

static void
on_record(int c, void *data)
{
	struct csv_state *st = data;
	struct table_row row;
	size_t i;
	int r;

	(void)c;
	if (st->rc != 0)
		return;
	if (st->nonempty) {
		for (i = 0; i < st->nfields; i++)
			st->cells[i] = st->text.data + st->off[i];
		row.line = st->rec_line;
		row.sheet = 1;
		row.ncells = st->nfields;
		row.cells = st->cells;
		r = st->fn(&row, st->ctx);
		if (r != 0)
			st->rc = r;
	}
	st->nfields = 0;
	st->nonempty = false;
	buf_reset(&st->text);
	st->rec_line = st->line;
	st->field_line = st->line;
}

static int
broken_quote(struct csv_state *st, const char *en, const char *zh)
{
	size_t col = st->nfields + 1;

	return table_fail(st->err, SB_BAD_FIELD, st->field_line, col, "broken quote: %s%.0s",
			  "引号错误：%.0s%s", en, zh);
}

static int
csv_read(const char *s, size_t n, int (*fn)(const struct table_row *row, void *ctx), void *ctx,
	 struct table_error *err)
{
	struct csv_state *st = xcalloc(1, sizeof(*st));
	size_t pos = 0, piece, done;
	bool line_start = true;
	const char *nl;
	int rc;

	csv_init(&st->parser, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_realloc_func(&st->parser, xrealloc);
	csv_set_blk_size(&st->parser, 4096);
	st->fn = fn;
	st->ctx = ctx;
	st->err = err;
	st->line = 1;
	buf_init(&st->text, (size_t)TABLE_COLUMNS_MAX * (TABLE_FIELD_MAX + 1));
	while (pos < n && st->rc == 0) {
		if (line_start && !st->parser.quoted) {
			st->rec_line = st->line;
			st->field_line = st->line;
		}
		piece = n - pos < CSV_PIECE ? n - pos : CSV_PIECE;
		nl = memchr(s + pos, '\n', piece);
		if (nl != NULL)
			piece = (size_t)(nl - (s + pos)) + 1;
		done = csv_parse(&st->parser, s + pos, piece, on_field, on_record, st);
		if (st->rc != 0)
			break;
		if (done < piece) {
			if (st->parser.quoted)
				st->rc = broken_quote(st, "text after the closing quote",
						      "结束引号后还有内容");
			else
				st->rc = broken_quote(st,
						      "a quote inside a field that is not quoted",
						      "未加引号的字段中出现引号");
			break;
		}
		if (st->parser.entry_pos > 2 * TABLE_FIELD_MAX) {
			st->rc = table_fail(err, SB_BAD_FIELD, st->field_line, st->nfields + 1,
					    "cell is longer than 64 KiB", "单元格超过 64 KiB");
			break;
		}
		line_start = nl != NULL;
		if (line_start)
			st->line++;
		pos += piece;
	}
	if (st->rc == 0 && csv_fini(&st->parser, on_field, on_record, st) != 0)
		st->rc = broken_quote(st, "the quoted field is never closed",
				      "带引号的字段没有结束引号");
	rc = st->rc;
	csv_free(&st->parser);
	buf_clear(&st->text);
	free(st);
	return rc;
}

static int
each(const void *data, size_t len, bool all_sheets,
     int (*fn)(const struct table_row *row, void *ctx), void *ctx, const char **encoding,
     struct table_error *err)
{
	struct table_error local;
	const char *enc = NULL, *text = NULL;
	char *owned = NULL;
	size_t n = 0;
	int rc;

	if (err == NULL)
		err = &local;
	memset(err, 0, sizeof(*err));
	if (encoding != NULL)
		*encoding = NULL;
	if (table_format_of(data, len) == TABLE_XLSX) {
		if (encoding != NULL)
			*encoding = "XLSX";
		return xlsx_each(data, len, all_sheets, fn, ctx, err);
	}
	if (len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0) {
		rc = table_fail(err, SB_BAD_FIELD, 0, 0,
				"old .xls files and workbooks with a password cannot be read; "
				"save the file as .xlsx or CSV",
				"无法读取旧版 .xls 文件或带密码的工作簿，请另存为 .xlsx 或 CSV");
		goto out;
	}
	if (len > 0) {
		rc = csv_decode(data, len, &text, &n, &owned, &enc, err);
		if (encoding != NULL)
			*encoding = enc;
		if (rc != SB_OK)
			goto out;
	} else if (encoding != NULL) {
		*encoding = "UTF-8";
	}
	rc = n > 0 ? csv_read(text, n, fn, ctx, err) : SB_OK;
out:
	free(owned);
	return rc;
}

int
table_each(const void *data, size_t len, int (*fn)(const struct table_row *row, void *ctx),
	   void *ctx, const char **encoding, struct table_error *err)
{
	return each(data, len, false, fn, ctx, encoding, err);
}

int
table_each_sheets(const void *data, size_t len, int (*fn)(const struct table_row *row, void *ctx),
		  void *ctx, const char **encoding, struct table_error *err)
{
	return each(data, len, true, fn, ctx, encoding, err);
}
