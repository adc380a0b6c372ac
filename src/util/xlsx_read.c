/* The XLSX half of table_each: the ZIP archive through libzip, the XML parts
 * through expat, and the OOXML logic on top: the workbook and its
 * relationships (which parts are the sheets, in order, and which the shared
 * strings and styles), the shared strings, the cell styles (for dates and
 * date-times) and the sheets' cells, merged cells filled from their first.
 *
 * Parts are inflated and parsed as a stream, never whole in memory.  What a
 * hostile file can make us do is bounded: a part may inflate to
 * TABLE_ZIP_ENTRY_MAX bytes, all parts together to XLSX_INFLATE_MAX, and a
 * large part no more than XLSX_RATIO_MAX times its compressed size (a
 * decompression bomb is refused, not unpacked); a document type declaration
 * is refused (no entities to expand).  zip64 archives are read like others. */

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#include "util/buf.h"
#include "util/errors.h"
#include "util/table.h"
#include "util/xalloc.h"
#include "util/xlsx_read.h"

#define XLSX_ROWS_MAX 1048576u
#define XLSX_COLS_MAX 16384u
#define XLSX_PATH_MAX 1024
#define XLSX_FORMATS_MAX 65536	       /* number format ids we tell apart */
#define XLSX_SHEETS_MAX 256	       /* worksheets read, in order */
#define XLSX_MERGES_MAX 100000	       /* merged ranges of one sheet */
#define XLSX_INFLATE_MAX (1024u << 20) /* bytes inflated from one file, all parts */
#define XLSX_RATIO_MAX 200	       /* inflated / compressed, for a part over XLSX_RATIO_FROM */
#define XLSX_RATIO_FROM (16u << 20)
#define XLSX_CHUNK (64 * 1024)

/* --- errors ---------------------------------------------------------------- */

static int
damaged(struct table_error *err, const char *en, const char *zh)
{
	return table_fail(err, SB_BAD_FIELD, 0, 0, "the XLSX file is damaged: %s%.0s",
			  "XLSX 文件已损坏：%.0s%s", en, zh);
}

static int
damaged_at(struct table_error *err, size_t row, size_t col, const char *en, const char *zh)
{
	return table_fail(err, SB_BAD_FIELD, row, col, "the XLSX file is damaged: %s%.0s",
			  "XLSX 文件已损坏：%.0s%s", en, zh);
}

static int
bomb(struct table_error *err)
{
	return table_fail(err, SB_BAD_FIELD, 0, 0,
			  "the workbook unpacks to far more than its size (a ZIP bomb?); it is "
			  "refused",
			  "工作簿解压后远大于文件本身（疑似 ZIP 炸弹），已拒绝");
}

enum fmt { FMT_BUILTIN, FMT_OTHER, FMT_DATE, FMT_DATETIME };

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* --- helpers ---------------------------------------------------------------- */

static void
put_utf8(struct buf *b, unsigned long cp, bool *ok)
{
	char u[4];
	size_t n;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (!buf_add(b, u, n))
		*ok = false;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undoes the _xHHHH_ escapes of OOXML strings (Excel writes a carriage
 * return as _x000D_) in the n bytes of s, in place; the new length. */
static size_t
ooxml_unescape(char *s, size_t n)
{
	size_t i = 0, o = 0, k;
	unsigned long cp;
	struct buf tmp;
	bool ok = true;

	while (i < n) {
		if (s[i] == '_' && n - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_') {
			cp = 0;
			for (k = 2; k < 6 && hex_value(s[i + k]) >= 0; k++)
				cp = cp << 4 | (unsigned long)hex_value(s[i + k]);
			if (k == 6 && cp != 0 && (cp < 0xd800 || cp > 0xdfff)) {
				buf_init(&tmp, 4);
				put_utf8(&tmp, cp, &ok);
				memcpy(s + o, tmp.data, tmp.len);
				o += tmp.len;
				buf_clear(&tmp);
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	return o;
}

/* A decimal number in [0, max] from s (n bytes, spaces around allowed). */
static bool
parse_index(const char *s, size_t n, size_t max, size_t *out)
{
	size_t v = 0, i = 0, digits = 0;

	while (i < n && is_space(s[i]))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		v = v * 10 + (size_t)(s[i] - '0');
		if (v > max)
			return false;
	}
	while (i < n && is_space(s[i]))
		i++;
	if (digits == 0 || i != n)
		return false;
	*out = v;
	return true;
}

/* The 1-based column of a cell reference such as "B3". */
static bool
parse_column(const char *s, size_t n, size_t *col)
{
	size_t i, c = 0;

	for (i = 0; i < n && i < 4 && isalpha((unsigned char)s[i]); i++)
		c = c * 26 + (size_t)(toupper((unsigned char)s[i]) - 'A' + 1);
	if (i == 0 || c > XLSX_COLS_MAX)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	*col = c;
	return true;
}

/* --- dates ----------------------------------------------------------------- */

/* Whether an Excel number format shows a date, and a time of day with it:
 * the built-in ones (including those of Chinese Excel) or a custom code with
 * a year, day or month in it (quoted text, escapes and [...] sections aside;
 * m with h or s is a minute).  Formats with a time of day only are not
 * dates. */
static enum fmt
builtin_kind(size_t id)
{
	if (id == 22)
		return FMT_DATETIME;
	if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 ||
	    (id >= 50 && id <= 54) || id == 57 || id == 58)
		return FMT_DATE;
	return FMT_OTHER;
}

static enum fmt
code_kind(const char *s, size_t n)
{
	bool y = false, d = false, m = false, h = false, sec = false;
	const char *q;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '"':
			q = memchr(s + i + 1, '"', n - i - 1);
			i = q == NULL ? n : (size_t)(q - s);
			break;
		case '[':
			q = memchr(s + i + 1, ']', n - i - 1);
			i = q == NULL ? n : (size_t)(q - s);
			break;
		case '\\':
		case '_':
		case '*': i++; break;
		case 'y':
		case 'Y': y = true; break;
		case 'd':
		case 'D': d = true; break;
		case 'm':
		case 'M': m = true; break;
		case 'h':
		case 'H': h = true; break;
		case 's':
		case 'S': sec = true; break;
		default: break;
		}
	}
	if (!(y || d || (m && !h && !sec)))
		return FMT_OTHER;
	return h || sec ? FMT_DATETIME : FMT_DATE;
}

/* Howard Hinnant's civil_from_days: the date of a day count from 1970-01-01. */
static void
civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

/* A relationship target as a path in the archive: relative to xl/ unless it
 * starts with a slash. */
static char *
part_path(const char *t, size_t n)
{
	if (n > 0 && t[0] == '/')
		return xstrndup(t + 1, n - 1);
	if (n >= 3 && memcmp(t, "../", 3) == 0)
		return xstrndup(t + 3, n - 3);
	if (n >= 2 && memcmp(t, "./", 2) == 0) {
		t += 2;
		n -= 2;
	}
	return xasprintf("xl/%.*s", (int)n, t);
}

static bool
ends_with(const char *s, size_t n, const char *tail)
{
	size_t k = strlen(tail);

	return n >= k && memcmp(s + n - k, tail, k) == 0;
}

/* The YYYY-MM-DD (with_time: and HH:MM, or HH:MM:SS when the seconds are not
 * zero) of an Excel serial date in s; false when s is not a serial Excel can
 * show as a date. */
static bool
serial_date(const char *s, bool date1904, bool with_time, char out[32])
{
	char *end;
	double v;
	long serial, days, y, secs;
	unsigned m, d;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v))
		return false;
	if (date1904 ? v < 0 || v >= 2957004 : v < 1 || v >= 2958466)
		return false;
	serial = (long)floor(v);
	secs = with_time ? lround((v - (double)serial) * 86400.0) : 0;
	if (secs >= 86400) {
		serial++;
		secs -= 86400;
	}
	if (date1904) {
		days = serial - 24107;
	} else if (serial == 60) {
		/* Excel's 1900-02-29, kept for Lotus 1-2-3. */
		memcpy(out, "1900-02-29", 11);
		goto time;
	} else {
		days = serial < 60 ? serial - 25568 : serial - 25569;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(out, 32, "%04ld-%02u-%02u", y, m, d);
time:
	if (with_time) {
		size_t n = strlen(out);

		if (secs % 60)
			snprintf(out + n, 32 - n, " %02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60,
				 secs % 60);
		else
			snprintf(out + n, 32 - n, " %02ld:%02ld", secs / 3600, secs / 60 % 60);
	}
	return true;
}

/* --- the workbook ---------------------------------------------------------- */

struct merge {
	size_t r1, c1, r2, c2;
	char *value; /* the first cell's, once read */
};

struct xlsx {
	zip_t *zip;
	struct table_error *err;
	uint64_t inflated; /* bytes inflated so far, all parts */
	bool date1904;
	char *sheet_rid[XLSX_SHEETS_MAX]; /* the visible sheets' relationship ids, in order */
	size_t nsheet_rids;
	char *sheet_path[XLSX_SHEETS_MAX];
	size_t nsheets;
	char *strings_path;
	char *styles_path;
	struct buf strings;   /* shared strings, each NUL-terminated */
	uint32_t *string_off; /* where each starts in strings */
	size_t nstrings;
	size_t strings_cap;
	unsigned char *xf_kind; /* per cell style: FMT_OTHER, FMT_DATE or FMT_DATETIME */
	size_t nxf;
	struct merge *merges; /* of the sheet being read, by first row */
	size_t nmerges;
};

/* A part being parsed: the expat parser and what stopped it. */
struct part {
	struct xlsx *x;
	XML_Parser p;
	int rc;	      /* set by a handler that stops the parse */
	size_t depth; /* element nesting, for where we are */
};

/* The local part of an element or attribute name ("x:row" → "row"). */
static const char *
local(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon ? colon + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i]; i += 2)
		if (strncmp(atts[i], "xmlns", 5) != 0 && strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static void
stop(struct part *pt, int rc)
{
	if (pt->rc == 0)
		pt->rc = rc;
	XML_StopParser(pt->p, XML_FALSE);
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
	   int has_internal)
{
	struct part *pt = ud;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	stop(pt,
	     damaged(pt->x->err, "a part declares a document type", "部分内容含有文档类型声明"));
}

/* Inflates the part at path through the handlers.  SB_NOT_FOUND (err
 * untouched) when the archive lacks it. */
static int
parse_part(struct xlsx *x, const char *path, XML_StartElementHandler start,
	   XML_EndElementHandler end, XML_CharacterDataHandler text, void *ud, struct part *pt,
	   const char *what_en, const char *what_zh)
{
	zip_int64_t idx = zip_name_locate(x->zip, path, ZIP_FL_NOCASE);
	zip_stat_t zs;
	zip_file_t *f = NULL;
	uint64_t read = 0;
	char *chunk = NULL;
	int rc = SB_OK;

	if (idx < 0)
		return SB_NOT_FOUND;
	zip_stat_init(&zs);
	if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &zs) != 0)
		return damaged(x->err, "a ZIP entry cannot be read", "无法读取 ZIP 条目");
	if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE)
		return table_fail(
			x->err, SB_BAD_FIELD, 0, 0,
			"the workbook is encrypted; remove its password and save it again",
			"工作簿已加密，请取消密码后重新保存");
	if ((zs.valid & ZIP_STAT_COMP_METHOD) && zs.comp_method != ZIP_CM_STORE &&
	    zs.comp_method != ZIP_CM_DEFLATE)
		return damaged(x->err, "a part uses an unsupported compression method",
			       "部分内容使用了不支持的压缩方式");
	if ((zs.valid & ZIP_STAT_SIZE) && zs.size > TABLE_ZIP_ENTRY_MAX)
		return table_fail(x->err, SB_BAD_FIELD, 0, 0,
				  "a part of the workbook is larger than 256 MiB uncompressed",
				  "工作簿中有部分内容解压后超过 256 MiB");
	f = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
	if (f == NULL)
		return damaged(x->err, "a ZIP entry cannot be read", "无法读取 ZIP 条目");
	pt->x = x;
	pt->rc = 0;
	pt->depth = 0;
	pt->p = XML_ParserCreate("UTF-8");
	XML_SetUserData(pt->p, ud);
	XML_SetElementHandler(pt->p, start, end);
	XML_SetCharacterDataHandler(pt->p, text);
	XML_SetStartDoctypeDeclHandler(pt->p, on_doctype);
	chunk = xmalloc(XLSX_CHUNK);
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, XLSX_CHUNK);
		enum XML_Status s;

		if (n < 0) {
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
			/* The fuzz build (tests/fuzz/) passes a failed checksum: a
			 * mutated part would fail it and never reach the parsers. */
			if (zip_error_code_zip(zip_file_get_error(f)) == ZIP_ER_CRC)
				n = 0;
			else
#endif
			{
				rc = damaged(x->err,
					     zip_error_code_zip(zip_file_get_error(f)) == ZIP_ER_CRC
						     ? "a part fails its checksum"
						     : "a part cannot be inflated",
					     zip_error_code_zip(zip_file_get_error(f)) == ZIP_ER_CRC
						     ? "部分内容校验失败"
						     : "部分内容无法解压");
				break;
			}
		}
		read += (uint64_t)n;
		x->inflated += (uint64_t)n;
		if (read > TABLE_ZIP_ENTRY_MAX) {
			rc = table_fail(
				x->err, SB_BAD_FIELD, 0, 0,
				"a part of the workbook is larger than 256 MiB uncompressed",
				"工作簿中有部分内容解压后超过 256 MiB");
			break;
		}
		if (x->inflated > XLSX_INFLATE_MAX ||
		    (read > XLSX_RATIO_FROM && (zs.valid & ZIP_STAT_COMP_SIZE) &&
		     read / (zs.comp_size + 1) > XLSX_RATIO_MAX)) {
			rc = bomb(x->err);
			break;
		}
		s = XML_Parse(pt->p, chunk, (int)n, n == 0);
		if (pt->rc != 0) {
			rc = pt->rc;
			break;
		}
		if (s != XML_STATUS_OK) {
			rc = damaged(x->err, what_en, what_zh);
			break;
		}
		if (n == 0)
			break;
	}
	free(chunk);
	XML_ParserFree(pt->p);
	zip_fclose(f);
	return rc;
}

/* From xl/workbook.xml: the 1904 date system and the visible sheets. */
static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct part *pt = ud;
	struct xlsx *x = pt->x;
	const char *n = local(name), *v;

	if (strcmp(n, "workbookPr") == 0 && (v = attr(atts, "date1904")) != NULL)
		x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
	if (strcmp(n, "sheet") == 0 && x->nsheet_rids < XLSX_SHEETS_MAX &&
	    (v = attr(atts, "id")) != NULL) {
		const char *state = attr(atts, "state");

		if (state == NULL || strcmp(state, "visible") == 0)
			x->sheet_rid[x->nsheet_rids++] = xstrdup(v);
	}
}

static void XMLCALL
no_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void XMLCALL
no_text(void *ud, const XML_Char *s, int len)
{
	(void)ud;
	(void)s;
	(void)len;
}

/* From xl/_rels/workbook.xml.rels: the sheets' parts, the shared strings,
 * the styles. */
static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct part *pt = ud;
	struct xlsx *x = pt->x;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"),
		   *target = attr(atts, "Target");
	size_t i;

	if (strcmp(local(name), "Relationship") != 0 || type == NULL || target == NULL ||
	    strlen(target) > XLSX_PATH_MAX)
		return;
	for (i = 0; id && i < x->nsheet_rids; i++)
		if (x->sheet_path[i] == NULL && strcmp(x->sheet_rid[i], id) == 0)
			x->sheet_path[i] = part_path(target, strlen(target));
	if (x->strings_path == NULL && ends_with(type, strlen(type), "/sharedStrings"))
		x->strings_path = part_path(target, strlen(target));
	if (x->styles_path == NULL && ends_with(type, strlen(type), "/styles"))
		x->styles_path = part_path(target, strlen(target));
}

static int
read_workbook(struct xlsx *x)
{
	struct part pt;
	size_t i, n = 0;
	int rc;

	rc = parse_part(x, "xl/workbook.xml", wb_start, no_end, no_text, &pt, &pt,
			"the workbook part is not well-formed", "工作簿部分的格式不正确");
	if (rc == SB_NOT_FOUND)
		rc = SB_OK;
	if (rc == SB_OK)
		rc = parse_part(x, "xl/_rels/workbook.xml.rels", rels_start, no_end, no_text, &pt,
				&pt, "the workbook relationships are not well-formed",
				"工作簿关系部分的格式不正确");
	if (rc == SB_NOT_FOUND)
		rc = SB_OK;
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < x->nsheet_rids; i++)
		if (x->sheet_path[i]) {
			char *path = x->sheet_path[i];

			x->sheet_path[i] = NULL;
			x->sheet_path[n++] = path;
		}
	x->nsheets = n;
	if (n == 0)
		x->sheet_path[x->nsheets++] = xstrdup("xl/worksheets/sheet1.xml");
	if (x->strings_path == NULL)
		x->strings_path = xstrdup("xl/sharedStrings.xml");
	if (x->styles_path == NULL)
		x->styles_path = xstrdup("xl/styles.xml");
	return SB_OK;
}

/* --- shared strings ---------------------------------------------------------- */

struct strings_state {
	struct part pt;
	bool in_si, in_t;
	unsigned rph;
	size_t start;
	bool full;
};

static void
push_string(struct xlsx *x, size_t off)
{
	if (x->nstrings == x->strings_cap) {
		x->strings_cap = x->strings_cap ? 2 * x->strings_cap : 256;
		x->string_off = xrealloc(x->string_off, x->strings_cap * sizeof(*x->string_off));
	}
	x->string_off[x->nstrings++] = (uint32_t)off; /* strings stays under 4 GiB */
}

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct strings_state *s = ud;
	const char *n = local(name);

	(void)atts;
	if (strcmp(n, "si") == 0) {
		s->in_si = true;
		s->in_t = false;
		s->rph = 0;
		s->start = s->pt.x->strings.len;
	} else if (strcmp(n, "rPh") == 0) {
		s->rph++;
	} else if (strcmp(n, "t") == 0) {
		s->in_t = s->in_si && s->rph == 0;
	}
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct strings_state *s = ud;
	struct xlsx *x = s->pt.x;
	const char *n = local(name);

	if (strcmp(n, "si") == 0 && s->in_si) {
		size_t len = x->strings.len - s->start;

		if (len > 0)
			x->strings.len = s->start + ooxml_unescape(x->strings.data + s->start, len);
		push_string(x, s->start);
		if (!buf_addc(&x->strings, '\0'))
			s->full = true;
		s->in_si = false;
	} else if (strcmp(n, "rPh") == 0 && s->rph > 0) {
		s->rph--;
	} else if (strcmp(n, "t") == 0) {
		s->in_t = false;
	}
	if (s->full)
		stop(&s->pt, table_fail(x->err, SB_BAD_FIELD, 0, 0,
					"the shared strings are too large", "共享字符串过大"));
}

static void XMLCALL
sst_text(void *ud, const XML_Char *t, int len)
{
	struct strings_state *s = ud;

	if (s->in_t && !buf_add(&s->pt.x->strings, t, (size_t)len))
		s->full = true;
}

static int
read_strings(struct xlsx *x)
{
	struct strings_state s;
	int rc;

	memset(&s, 0, sizeof(s));
	buf_init(&x->strings, 2 * (size_t)TABLE_ZIP_ENTRY_MAX);
	rc = parse_part(x, x->strings_path, sst_start, sst_end, sst_text, &s, &s.pt,
			"the shared strings are not well-formed", "共享字符串部分的格式不正确");
	return rc == SB_NOT_FOUND ? SB_OK : rc;
}

/* --- styles ------------------------------------------------------------------- */

struct styles_state {
	struct part pt;
	unsigned char *kind; /* per format id */
	size_t *xf_fmt;
	size_t nxf, xf_cap;
	bool in_xfs;
};

static void XMLCALL
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct styles_state *s = ud;
	const char *n = local(name), *v, *code;
	size_t id;

	if (strcmp(n, "numFmt") == 0 && (v = attr(atts, "numFmtId")) != NULL &&
	    parse_index(v, strlen(v), XLSX_FORMATS_MAX - 1, &id) &&
	    (code = attr(atts, "formatCode")) != NULL) {
		/* A custom format may redefine a built-in id. */
		s->kind[id] = (unsigned char)code_kind(code, strlen(code));
	} else if (strcmp(n, "cellXfs") == 0) {
		s->in_xfs = true;
	} else if (s->in_xfs && strcmp(n, "xf") == 0) {
		if ((v = attr(atts, "numFmtId")) == NULL ||
		    !parse_index(v, strlen(v), SIZE_MAX / 16, &id))
			id = 0;
		if (s->nxf == s->xf_cap) {
			s->xf_cap = s->xf_cap ? 2 * s->xf_cap : 16;
			s->xf_fmt = xrealloc(s->xf_fmt, s->xf_cap * sizeof(*s->xf_fmt));
		}
		s->xf_fmt[s->nxf++] = id;
	}
}

static void XMLCALL
styles_end(void *ud, const XML_Char *name)
{
	struct styles_state *s = ud;

	if (strcmp(local(name), "cellXfs") == 0)
		s->in_xfs = false;
}

static int
read_styles(struct xlsx *x)
{
	struct styles_state s;
	size_t i, id;
	int rc;

	memset(&s, 0, sizeof(s));
	s.kind = xcalloc(XLSX_FORMATS_MAX, 1);
	rc = parse_part(x, x->styles_path, styles_start, styles_end, no_text, &s, &s.pt,
			"the styles are not well-formed", "样式部分的格式不正确");
	if (rc == SB_NOT_FOUND)
		rc = SB_OK;
	if (rc == SB_OK) {
		x->xf_kind = xcalloc(s.nxf ? s.nxf : 1, 1);
		x->nxf = s.nxf;
		for (i = 0; i < s.nxf; i++) {
			id = s.xf_fmt[i];
			if (id >= XLSX_FORMATS_MAX)
				x->xf_kind[i] = FMT_OTHER;
			else if (s.kind[id] == FMT_BUILTIN)
				x->xf_kind[i] = (unsigned char)builtin_kind(id);
			else
				x->xf_kind[i] = s.kind[id];
		}
	}
	free(s.kind);
	free(s.xf_fmt);
	return rc;
}

/* --- a sheet ----------------------------------------------------------------- */

enum cell_type { CELL_NUMBER, CELL_SHARED, CELL_STRING, CELL_INLINE, CELL_BOOL, CELL_OTHER };

struct sheet {
	struct part pt;
	struct xlsx *x;
	int (*fn)(const struct table_row *row, void *ctx);
	void *ctx;
	size_t index; /* 1-based, among the sheets read */
	size_t row;   /* the row being read, 1-based */
	size_t col;   /* the cell being read, 1-based */
	bool in_row, in_cell;
	enum cell_type type;
	size_t style;
	bool in_v, in_is, in_t;
	unsigned rph;
	struct buf v;  /* the text of <v> */
	struct buf is; /* the text of <is> */
	bool has_is;
	struct buf text;		  /* the row's cells, each NUL-terminated */
	size_t at[TABLE_COLUMNS_MAX + 1]; /* per column: offset in text + 1, 0 when empty */
	size_t ncols;			  /* the highest column with a value */
	const char *cells[TABLE_COLUMNS_MAX];
	size_t merge_from; /* merges before this one end above the row */
};

static void
row_begin(struct sheet *s)
{
	memset(s->at, 0, (s->ncols + 1) * sizeof(s->at[0]));
	s->ncols = 0;
	s->col = 0;
	buf_reset(&s->text);
}

/* Puts a value in an empty cell of the row. */
static bool
put_cell(struct sheet *s, size_t col, const char *val, size_t n)
{
	s->at[col] = s->text.len + 1;
	if (!buf_add(&s->text, val, n) || !buf_addc(&s->text, '\0'))
		return false;
	if (col > s->ncols)
		s->ncols = col;
	return true;
}

/* The cells of merged ranges over this row take the first cell's value. */
static int
fill_merges(struct sheet *s)
{
	struct xlsx *x = s->x;
	size_t i, c;

	while (s->merge_from < x->nmerges && x->merges[s->merge_from].r2 < s->row &&
	       x->merges[s->merge_from].r1 < s->row)
		s->merge_from++;
	for (i = s->merge_from; i < x->nmerges && x->merges[i].r1 <= s->row; i++) {
		const struct merge *m = &x->merges[i];

		if (m->r2 < s->row || m->value == NULL)
			continue;
		for (c = m->c1; c <= m->c2 && c <= TABLE_COLUMNS_MAX; c++)
			if (s->at[c] == 0 && !put_cell(s, c, m->value, strlen(m->value)))
				return table_fail(x->err, SB_BAD_FIELD, s->row, 0,
						  "row is too long", "一行内容过长");
	}
	return SB_OK;
}

static int
row_end(struct sheet *s)
{
	struct table_row row;
	size_t i;
	int rc;

	rc = fill_merges(s);
	if (rc != SB_OK || s->ncols == 0)
		return rc;
	for (i = 0; i < s->ncols; i++)
		s->cells[i] = s->at[i + 1] ? s->text.data + s->at[i + 1] - 1 : "";
	row.line = s->row;
	row.sheet = s->index;
	row.ncells = s->ncols;
	row.cells = s->cells;
	return s->fn(&row, s->ctx);
}

static int
cell_begin(struct sheet *s, const char **atts)
{
	const char *v;

	if ((v = attr(atts, "r")) != NULL) {
		if (!parse_column(v, strlen(v), &s->col))
			return damaged_at(s->x->err, s->row, s->col + 1,
					  "a cell has a bad reference", "单元格引用无效");
	} else {
		s->col++;
	}
	s->type = CELL_NUMBER;
	if ((v = attr(atts, "t")) != NULL) {
		if (strcmp(v, "s") == 0)
			s->type = CELL_SHARED;
		else if (strcmp(v, "str") == 0)
			s->type = CELL_STRING;
		else if (strcmp(v, "inlineStr") == 0)
			s->type = CELL_INLINE;
		else if (strcmp(v, "b") == 0)
			s->type = CELL_BOOL;
		else if (strcmp(v, "n") != 0)
			s->type = CELL_OTHER;
	}
	if ((v = attr(atts, "s")) == NULL || !parse_index(v, strlen(v), SIZE_MAX / 16, &s->style))
		s->style = 0;
	buf_reset(&s->v);
	buf_reset(&s->is);
	s->has_is = false;
	s->in_v = s->in_is = s->in_t = false;
	s->rph = 0;
	return SB_OK;
}

/* Undoes the _xHHHH_ escapes in b. */
static void
unescape_buf(struct buf *b)
{
	if (b->len > 0) {
		b->len = ooxml_unescape(b->data, b->len);
		b->data[b->len] = '\0';
	}
}

/* Keeps the value of the first cell of a merged range. */
static void
merge_value(struct sheet *s, const char *val, size_t n)
{
	struct xlsx *x = s->x;
	size_t i;

	for (i = s->merge_from; i < x->nmerges && x->merges[i].r1 <= s->row; i++)
		if (x->merges[i].r1 == s->row && x->merges[i].c1 == s->col &&
		    x->merges[i].value == NULL)
			x->merges[i].value = xstrndup(val, n);
}

static int
cell_end(struct sheet *s)
{
	struct xlsx *x = s->x;
	const char *val = s->v.data ? s->v.data : "";
	size_t n, idx;
	char num[64], date[32];

	if (s->type == CELL_INLINE || (s->has_is && s->v.len == 0)) {
		unescape_buf(&s->is);
		val = s->is.data ? s->is.data : "";
		n = s->is.len;
	} else if (s->type == CELL_SHARED) {
		if (s->v.len == 0)
			return SB_OK;
		if (!parse_index(val, s->v.len, SIZE_MAX / 16, &idx) || idx >= x->nstrings)
			return damaged_at(x->err, s->row, s->col,
					  "a cell refers to a shared string that does not exist",
					  "单元格引用了不存在的共享字符串");
		val = x->strings.data + x->string_off[idx];
		n = strlen(val);
	} else if (s->type == CELL_STRING) {
		unescape_buf(&s->v);
		val = s->v.data ? s->v.data : "";
		n = s->v.len;
	} else if (s->type == CELL_BOOL && s->v.len == 1 && (val[0] == '0' || val[0] == '1')) {
		val = val[0] == '1' ? "TRUE" : "FALSE";
		n = strlen(val);
	} else {
		n = s->v.len;
		while (n > 0 && is_space(val[0])) {
			val++;
			n--;
		}
		while (n > 0 && is_space(val[n - 1]))
			n--;
		if (s->type == CELL_NUMBER && s->style < x->nxf &&
		    x->xf_kind[s->style] >= FMT_DATE && n > 0 && n < sizeof(num)) {
			memcpy(num, val, n);
			num[n] = '\0';
			if (serial_date(num, x->date1904, x->xf_kind[s->style] == FMT_DATETIME,
					date)) {
				val = date;
				n = strlen(date);
			}
		}
	}
	while (n > 0 && (val[0] == ' ' || val[0] == '\t')) {
		val++;
		n--;
	}
	while (n > 0 && (val[n - 1] == ' ' || val[n - 1] == '\t'))
		n--;
	if (n == 0)
		return SB_OK;
	if (n > TABLE_FIELD_MAX)
		return table_fail(x->err, SB_BAD_FIELD, s->row, s->col,
				  "cell is longer than 64 KiB", "单元格超过 64 KiB");
	if (s->col > TABLE_COLUMNS_MAX)
		return table_fail(x->err, SB_BAD_FIELD, s->row, s->col, "cell beyond column 1000",
				  "单元格超出了第 1000 列");
	if (x->nmerges > 0)
		merge_value(s, val, n);
	if (!put_cell(s, s->col, val, n))
		return table_fail(x->err, SB_BAD_FIELD, s->row, 0, "row is too long",
				  "一行内容过长");
	return SB_OK;
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet *s = ud;
	const char *n = local(name), *v;
	size_t r;
	int rc = SB_OK;

	if (strcmp(n, "row") == 0) {
		if (s->in_row && (rc = row_end(s)) != 0)
			return stop(&s->pt, rc);
		if ((v = attr(atts, "r")) == NULL)
			r = s->row + 1;
		else if (!parse_index(v, strlen(v), XLSX_ROWS_MAX, &r))
			r = 0;
		if (r == 0 || r > XLSX_ROWS_MAX)
			return stop(&s->pt, damaged_at(s->x->err, s->row + 1, 0,
						       "a row has a bad number", "行号无效"));
		s->row = r;
		row_begin(s);
		s->in_row = true;
		s->in_cell = false;
	} else if (!s->in_row) {
		return;
	} else if (strcmp(n, "c") == 0) {
		if (s->in_cell && (rc = cell_end(s)) != SB_OK)
			return stop(&s->pt, rc);
		rc = cell_begin(s, atts);
		if (rc != SB_OK)
			return stop(&s->pt, rc);
		s->in_cell = true;
	} else if (!s->in_cell) {
		return;
	} else if (strcmp(n, "v") == 0) {
		s->in_v = true;
	} else if (strcmp(n, "is") == 0) {
		s->in_is = true;
		s->has_is = true;
	} else if (strcmp(n, "rPh") == 0) {
		s->rph++;
	} else if (strcmp(n, "t") == 0) {
		s->in_t = s->in_is && s->rph == 0;
	}
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *name)
{
	struct sheet *s = ud;
	const char *n = local(name);
	int rc = SB_OK;

	if (strcmp(n, "row") == 0) {
		if (s->in_row) {
			if (s->in_cell)
				rc = cell_end(s);
			if (rc == SB_OK)
				rc = row_end(s);
		}
		s->in_row = false;
		s->in_cell = false;
	} else if (strcmp(n, "c") == 0) {
		if (s->in_cell)
			rc = cell_end(s);
		s->in_cell = false;
	} else if (strcmp(n, "v") == 0) {
		s->in_v = false;
	} else if (strcmp(n, "is") == 0) {
		s->in_is = false;
	} else if (strcmp(n, "rPh") == 0 && s->rph > 0) {
		s->rph--;
	} else if (strcmp(n, "t") == 0) {
		s->in_t = false;
	}
	if (rc != 0)
		stop(&s->pt, rc);
}

static void XMLCALL
sheet_text(void *ud, const XML_Char *t, int len)
{
	struct sheet *s = ud;

	if (!s->in_cell || !(s->in_v || s->in_t))
		return;
	if (!buf_add(s->in_v ? &s->v : &s->is, t, (size_t)len))
		stop(&s->pt, table_fail(s->x->err, SB_BAD_FIELD, s->row, s->col,
					"cell is longer than 64 KiB", "单元格超过 64 KiB"));
}

/* The merged ranges of a sheet (<mergeCells> follows the cells, so a first
 * pass reads them). */
struct merges_state {
	struct part pt;
	size_t cap;
};

static bool
parse_ref(const char *s, size_t n, size_t *row, size_t *col)
{
	size_t i = 0;

	while (i < n && isalpha((unsigned char)s[i]))
		i++;
	return i > 0 && i < n && parse_column(s, i, col) &&
	       parse_index(s + i, n - i, XLSX_ROWS_MAX, row) && *row > 0;
}

static void XMLCALL
merges_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct merges_state *m = ud;
	struct xlsx *x = m->pt.x;
	const char *ref, *colon;
	struct merge g = {0};

	if (strcmp(local(name), "mergeCell") != 0 || (ref = attr(atts, "ref")) == NULL ||
	    (colon = strchr(ref, ':')) == NULL || x->nmerges == XLSX_MERGES_MAX)
		return;
	if (!parse_ref(ref, (size_t)(colon - ref), &g.r1, &g.c1) ||
	    !parse_ref(colon + 1, strlen(colon + 1), &g.r2, &g.c2) || g.r2 < g.r1 || g.c2 < g.c1)
		return;
	if (x->nmerges == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		x->merges = xrealloc(x->merges, m->cap * sizeof(*x->merges));
	}
	x->merges[x->nmerges++] = g;
}

static int
by_first_row(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;

	return x->r1 != y->r1 ? (x->r1 < y->r1 ? -1 : 1) : (x->c1 < y->c1 ? -1 : x->c1 > y->c1);
}

static void
merges_clear(struct xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nmerges; i++)
		free(x->merges[i].value);
	free(x->merges);
	x->merges = NULL;
	x->nmerges = 0;
}

static int
read_sheet(struct xlsx *x, size_t index, int (*fn)(const struct table_row *row, void *ctx),
	   void *ctx)
{
	const char *path = x->sheet_path[index - 1];
	struct merges_state ms;
	struct sheet *s;
	int rc;

	memset(&ms, 0, sizeof(ms));
	rc = parse_part(x, path, merges_start, no_end, no_text, &ms, &ms.pt,
			"a sheet is not well-formed", "工作表的格式不正确");
	if (rc == SB_NOT_FOUND)
		return index == 1
			       ? table_fail(
					 x->err, SB_BAD_FIELD, 0, 0,
					 "the file is a ZIP archive but not an Excel "
					 "workbook: its first sheet is missing",
					 "文件是 ZIP 压缩包而不是 Excel 工作簿：缺少第一个工作表")
			       : SB_OK;
	if (rc != SB_OK && x->err->line == 0) {
		/* well-formedness is reported by the second pass, with its row */
		memset(x->err, 0, sizeof(*x->err));
		merges_clear(x);
	} else if (rc != SB_OK) {
		merges_clear(x);
		return rc;
	}
	if (x->nmerges > 1)
		qsort(x->merges, x->nmerges, sizeof(*x->merges), by_first_row);
	s = xcalloc(1, sizeof(*s));
	s->x = x;
	s->fn = fn;
	s->ctx = ctx;
	s->index = index;
	buf_init(&s->v, 4 * (size_t)TABLE_FIELD_MAX);
	buf_init(&s->is, 4 * (size_t)TABLE_FIELD_MAX);
	buf_init(&s->text, (size_t)TABLE_COLUMNS_MAX * (TABLE_FIELD_MAX + 1));
	rc = parse_part(x, path, sheet_start, sheet_end, sheet_text, s, &s->pt,
			"the sheet is not well-formed", "工作表的格式不正确");
	if (rc == SB_BAD_FIELD && x->err->line == 0 && s->row > 0 &&
	    strstr(x->err->message, "not well-formed"))
		x->err->line = s->row;
	if (rc == SB_OK && s->in_row) {
		if (s->in_cell)
			rc = cell_end(s);
		if (rc == SB_OK)
			rc = row_end(s);
	}
	buf_clear(&s->v);
	buf_clear(&s->is);
	buf_clear(&s->text);
	free(s);
	merges_clear(x);
	return rc;
}

static int
open_zip(struct xlsx *x, const unsigned char *data, size_t len)
{
	zip_error_t ze;
	zip_source_t *src;

	if (len > TABLE_XLSX_FILE_MAX)
		return table_fail(x->err, SB_BAD_FIELD, 0, 0,
				  "the workbook is larger than 64 MiB; split it or save it as CSV",
				  "工作簿超过 64 MiB，请拆分或另存为 CSV");
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src != NULL) {
		x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
		if (x->zip == NULL)
			zip_source_free(src);
	}
	zip_error_fini(&ze);
	if (x->zip == NULL)
		return damaged(x->err, "the ZIP directory cannot be read; is the file complete?",
			       "无法读取 ZIP 目录，文件是否完整？");
	return SB_OK;
}

int
xlsx_each(const unsigned char *data, size_t len, bool all_sheets,
	  int (*fn)(const struct table_row *row, void *ctx), void *ctx, struct table_error *err)
{
	struct xlsx x;
	size_t i;
	int rc;

	memset(&x, 0, sizeof(x));
	x.err = err;
	buf_init(&x.strings, 0);
	rc = open_zip(&x, data, len);
	if (rc == SB_OK)
		rc = read_workbook(&x);
	if (rc == SB_OK)
		rc = read_strings(&x);
	if (rc == SB_OK)
		rc = read_styles(&x);
	for (i = 1; rc == SB_OK && i <= x.nsheets; i++) {
		rc = read_sheet(&x, i, fn, ctx);
		if (rc == TABLE_NEXT_SHEET)
			rc = SB_OK;
		else if (rc == SB_OK && !all_sheets)
			break;
	}
	if (x.zip)
		zip_discard(x.zip);
	for (i = 0; i < x.nsheet_rids; i++)
		free(x.sheet_rid[i]);
	for (i = 0; i < XLSX_SHEETS_MAX; i++) /* also those of a workbook that failed */
		free(x.sheet_path[i]);
	free(x.strings_path);
	free(x.styles_path);
	buf_clear(&x.strings);
	free(x.string_off);
	free(x.xf_kind);
	return rc;
}
