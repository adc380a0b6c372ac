/* The XLSX half of table_each: a small ZIP reader (the central directory;
 * stored and deflated entries through zlib), a bounded XML scanner, and the
 * parts of a workbook that matter for the first sheet's cells: the workbook
 * and its relationships, the shared strings, the cell styles (for dates) and
 * the sheet itself.
 *
 * Every read is checked against the end of its buffer; a part is inflated
 * whole into a buffer of its stated size (at most TABLE_ZIP_ENTRY_MAX) and
 * must match its size and CRC.  Anything unexpected is "damaged", never a
 * crash. */

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ZLIB_CONST
#include <zlib.h>

#include "util/buf.h"
#include "util/errors.h"
#include "util/table.h"
#include "util/xalloc.h"
#include "util/xlsx_read.h"

#define ZIP_EOCD_SIG 0x06054b50u
#define ZIP_EOCD64_LOC_SIG 0x07064b50u
#define ZIP_CENTRAL_SIG 0x02014b50u
#define ZIP_LOCAL_SIG 0x04034b50u
#define ZIP_DEFLATE_RATIO 1032 /* the most deflate can shrink data */

#define XLSX_ROWS_MAX 1048576u
#define XLSX_COLS_MAX 16384u
#define XLSX_PATH_MAX 1024
#define XLSX_FORMATS_MAX 65536 /* number format ids we tell apart */

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
zip64(struct table_error *err)
{
	return table_fail(err, SB_BAD_FIELD, 0, 0,
			  "ZIP64 workbooks are not supported; save the file again in Excel",
			  "不支持 ZIP64 格式的工作簿，请用 Excel 重新保存");
}

/* --- ZIP ------------------------------------------------------------------- */

struct zip {
	const unsigned char *data;
	size_t len;
	size_t cd;     /* offset of the central directory */
	size_t cd_end; /* and of its end */
	size_t count;  /* entries in it */
};

struct zip_entry {
	unsigned method;
	unsigned flags;
	uint32_t crc;
	size_t csize;
	size_t usize;
	size_t local; /* offset of the local file header */
};

static uint16_t
rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Finds the end of central directory record and checks where the directory
 * lies. */
static int
zip_open(struct zip *z, const unsigned char *data, size_t len, struct table_error *err)
{
	size_t i, lo, e = 0, cd_size, cd_off;
	bool found = false;

	z->data = data;
	z->len = len;
	if (len < 22)
		return damaged(err,
			       "the end of the ZIP directory is missing; is the file complete?",
			       "缺少 ZIP 目录结尾，文件是否完整？");
	lo = len - 22 > 65535 ? len - 22 - 65535 : 0;
	for (i = len - 22 + 1; i-- > lo;) {
		if (rd32(data + i) == ZIP_EOCD_SIG && len - i - 22 >= rd16(data + i + 20)) {
			e = i;
			found = true;
			break;
		}
	}
	if (!found)
		return damaged(err,
			       "the end of the ZIP directory is missing; is the file complete?",
			       "缺少 ZIP 目录结尾，文件是否完整？");
	if (e >= 20 && rd32(data + e - 20) == ZIP_EOCD64_LOC_SIG)
		return zip64(err);
	z->count = rd16(data + e + 10);
	cd_size = rd32(data + e + 12);
	cd_off = rd32(data + e + 16);
	if (z->count == 0xffff || cd_size == 0xffffffffu || cd_off == 0xffffffffu)
		return zip64(err);
	if (rd16(data + e + 4) != 0 || rd16(data + e + 6) != 0 || rd16(data + e + 8) != z->count)
		return damaged(err, "the ZIP archive is split into several files",
			       "ZIP 压缩包被分成了多个文件");
	if (cd_off > e || cd_size > e - cd_off)
		return damaged(err, "the ZIP directory lies outside the file",
			       "ZIP 目录超出了文件范围");
	z->cd = cd_off;
	z->cd_end = cd_off + cd_size;
	return SB_OK;
}

/* Looks name up in the central directory (ASCII case ignored).  SB_OK with
 * *ent filled, SB_NOT_FOUND (err untouched), or SB_BAD_FIELD. */
static int
zip_find(const struct zip *z, const char *name, struct zip_entry *ent, struct table_error *err)
{
	const unsigned char *d = z->data;
	size_t p = z->cd, i, want = strlen(name), nlen, rest;

	for (i = 0; i < z->count; i++) {
		if (z->cd_end - p < 46 || rd32(d + p) != ZIP_CENTRAL_SIG)
			return damaged(err, "the ZIP directory is cut short", "ZIP 目录不完整");
		nlen = rd16(d + p + 28);
		rest = nlen + (size_t)rd16(d + p + 30) + rd16(d + p + 32);
		if (z->cd_end - p - 46 < rest)
			return damaged(err, "the ZIP directory is cut short", "ZIP 目录不完整");
		if (nlen == want && strncasecmp((const char *)d + p + 46, name, want) == 0) {
			ent->flags = rd16(d + p + 8);
			ent->method = rd16(d + p + 10);
			ent->crc = rd32(d + p + 16);
			ent->csize = rd32(d + p + 20);
			ent->usize = rd32(d + p + 24);
			ent->local = rd32(d + p + 42);
			if (ent->csize == 0xffffffffu || ent->usize == 0xffffffffu ||
			    ent->local == 0xffffffffu)
				return zip64(err);
			return SB_OK;
		}
		p += 46 + rest;
	}
	return SB_NOT_FOUND;
}

/* The uncompressed bytes of an entry in a new buffer (*out, NUL-terminated,
 * the caller frees it). */
static int
zip_read(const struct zip *z, const struct zip_entry *ent, char **out, size_t *outlen,
	 struct table_error *err)
{
	const unsigned char *d = z->data;
	size_t start;
	z_stream zs;
	char *buf;
	int zr;

	if (ent->flags & 1)
		return table_fail(
			err, SB_BAD_FIELD, 0, 0,
			"the workbook is encrypted; remove its password and save it again",
			"工作簿已加密，请取消密码后重新保存");
	if (ent->method != 0 && ent->method != 8)
		return damaged(err, "a part uses an unsupported compression method",
			       "部分内容使用了不支持的压缩方式");
	if (ent->usize > TABLE_ZIP_ENTRY_MAX)
		return table_fail(err, SB_BAD_FIELD, 0, 0,
				  "a part of the workbook is larger than 256 MiB uncompressed",
				  "工作簿中有部分内容解压后超过 256 MiB");
	if (ent->local > z->len || z->len - ent->local < 30 ||
	    rd32(d + ent->local) != ZIP_LOCAL_SIG)
		return damaged(err, "a ZIP entry header is missing", "缺少 ZIP 条目头");
	start = ent->local + 30 + rd16(d + ent->local + 26) + rd16(d + ent->local + 28);
	if (start > z->len || z->len - start < ent->csize)
		return damaged(err, "a part is cut short; is the file complete?",
			       "部分内容不完整，文件是否完整？");
	if (ent->method == 0 ? ent->csize != ent->usize
			     : ent->usize / ZIP_DEFLATE_RATIO > ent->csize + 1)
		return damaged(err, "a part does not match its stated size",
			       "部分内容与其标明的大小不符");
	buf = xmalloc(ent->usize + 1);
	if (ent->method == 0) {
		if (ent->usize > 0)
			memcpy(buf, d + start, ent->usize);
	} else {
		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, -15) != Z_OK) {
			free(buf);
			return table_fail(err, SB_INTERNAL, 0, 0, "zlib could not start",
					  "zlib 无法启动");
		}
		zs.next_in = d + start;
		zs.avail_in = (uInt)ent->csize;
		zs.next_out = (Bytef *)buf;
		zs.avail_out = (uInt)ent->usize + 1;
		zr = inflate(&zs, Z_FINISH);
		inflateEnd(&zs);
		if (zr != Z_STREAM_END || zs.total_out != ent->usize) {
			free(buf);
			return damaged(err, "a part does not inflate to its stated size",
				       "部分内容解压后与其标明的大小不符");
		}
	}
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	/* The fuzz build (tests/fuzz/) skips the checksum: a mutated part would
	 * fail it and never reach the XML parsers behind it. */
	if (crc32(0, (const Bytef *)buf, (uInt)ent->usize) != ent->crc) {
		free(buf);
		return damaged(err, "a part fails its checksum", "部分内容校验失败");
	}
#endif
	buf[ent->usize] = '\0';
	*out = buf;
	*outlen = ent->usize;
	return SB_OK;
}

/* --- XML ------------------------------------------------------------------- */

struct xml {
	const char *p;
	const char *end;
};

enum xml_kind { XML_EOF, XML_OPEN, XML_CLOSE, XML_TEXT, XML_BAD };

struct xml_tok {
	enum xml_kind kind;
	const char *name; /* local name: the prefix is dropped */
	size_t name_len;
	const char *attrs; /* OPEN: the text between the name and the end */
	size_t attrs_len;
	bool empty; /* OPEN: <name/>, no CLOSE follows */
	const char *text;
	size_t text_len;
	bool raw; /* TEXT from CDATA: no entities in it */
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* The first s in [p, end), or NULL. */
static const char *
find(const char *p, const char *end, const char *s)
{
	return memmem(p, (size_t)(end - p), s, strlen(s));
}

/* Points t at the local part of the name s (n bytes). */
static void
set_name(struct xml_tok *t, const char *s, size_t n)
{
	const char *colon = memrchr(s, ':', n);

	if (colon != NULL) {
		n -= (size_t)(colon + 1 - s);
		s = colon + 1;
	}
	t->name = s;
	t->name_len = n;
}

/* The next tag or text; comments, processing instructions and declarations
 * are skipped.  XML_BAD for a tag without its end. */
static enum xml_kind
xml_next(struct xml *x, struct xml_tok *t)
{
	const char *p, *q, *a;
	char quote;

	memset(t, 0, sizeof(*t));
	for (;;) {
		p = x->p;
		if (p >= x->end) {
			t->kind = XML_EOF;
			return t->kind;
		}
		if (*p != '<') {
			q = memchr(p, '<', (size_t)(x->end - p));
			if (q == NULL)
				q = x->end;
			t->kind = XML_TEXT;
			t->text = p;
			t->text_len = (size_t)(q - p);
			x->p = q;
			return t->kind;
		}
		if (starts(p, x->end, "<!--")) {
			q = find(p + 4, x->end, "-->");
			if (q == NULL)
				break;
			x->p = q + 3;
			continue;
		}
		if (starts(p, x->end, "<![CDATA[")) {
			q = find(p + 9, x->end, "]]>");
			if (q == NULL)
				break;
			t->kind = XML_TEXT;
			t->text = p + 9;
			t->text_len = (size_t)(q - (p + 9));
			t->raw = true;
			x->p = q + 3;
			return t->kind;
		}
		if (starts(p, x->end, "<?")) {
			q = find(p + 2, x->end, "?>");
			if (q == NULL)
				break;
			x->p = q + 2;
			continue;
		}
		if (starts(p, x->end, "<!")) {
			q = memchr(p, '>', (size_t)(x->end - p));
			if (q == NULL)
				break;
			x->p = q + 1;
			continue;
		}
		if (starts(p, x->end, "</")) {
			q = memchr(p + 2, '>', (size_t)(x->end - p - 2));
			if (q == NULL)
				break;
			a = q;
			while (a > p + 2 && is_space(a[-1]))
				a--;
			set_name(t, p + 2, (size_t)(a - (p + 2)));
			t->kind = XML_CLOSE;
			x->p = q + 1;
			return t->kind;
		}
		q = p + 1;
		while (q < x->end && !is_space(*q) && *q != '>' && *q != '/')
			q++;
		if (q == p + 1 || q == x->end)
			break;
		set_name(t, p + 1, (size_t)(q - (p + 1)));
		a = q;
		quote = 0;
		while (q < x->end) {
			if (quote != 0) {
				if (*q == quote)
					quote = 0;
			} else if (*q == '"' || *q == '\'') {
				quote = *q;
			} else if (*q == '>') {
				break;
			}
			q++;
		}
		if (q == x->end)
			break;
		t->empty = q > a && q[-1] == '/';
		t->attrs = a;
		t->attrs_len = (size_t)(q - a) - (t->empty ? 1 : 0);
		t->kind = XML_OPEN;
		x->p = q + 1;
		return t->kind;
	}
	t->kind = XML_BAD;
	return t->kind;
}

static bool
tok_is(const struct xml_tok *t, enum xml_kind kind, const char *name)
{
	return t->kind == kind && t->name_len == strlen(name) &&
	       memcmp(t->name, name, t->name_len) == 0;
}

/* The raw value of the attribute of an OPEN token whose local name is name
 * (namespace declarations aside). */
static bool
xml_attr(const struct xml_tok *t, const char *name, const char **v, size_t *vlen)
{
	const char *p = t->attrs, *end = t->attrs + t->attrs_len, *n, *q, *colon;
	size_t nl, want = strlen(name);
	char quote;

	while (p < end) {
		while (p < end && is_space(*p))
			p++;
		n = p;
		while (p < end && *p != '=' && !is_space(*p))
			p++;
		nl = (size_t)(p - n);
		while (p < end && is_space(*p))
			p++;
		if (p >= end || *p != '=')
			return false;
		p++;
		while (p < end && is_space(*p))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return false;
		quote = *p++;
		q = memchr(p, quote, (size_t)(end - p));
		if (q == NULL)
			return false;
		if (!(nl >= 5 && memcmp(n, "xmlns", 5) == 0)) {
			colon = memrchr(n, ':', nl);
			if (colon != NULL) {
				nl -= (size_t)(colon + 1 - n);
				n = colon + 1;
			}
			if (nl == want && memcmp(n, name, nl) == 0) {
				*v = p;
				*vlen = (size_t)(q - p);
				return true;
			}
		}
		p = q + 1;
	}
	return false;
}

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

/* The code point of a character reference's inside ("#65", "#x41"), or
 * U+FFFD when it is not a valid one. */
static unsigned long
char_ref(const char *s, size_t n)
{
	unsigned long cp = 0;
	size_t i = 1;
	int base = 10, v;

	if (n >= 2 && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return 0xfffd;
	for (; i < n; i++) {
		v = base == 16 ? hex_value(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
		if (v < 0)
			return 0xfffd;
		cp = cp * (unsigned long)base + (unsigned long)v;
		if (cp > 0x10ffff)
			return 0xfffd;
	}
	return cp;
}

/* Appends text to b with the five entities and character references
 * decoded (an unknown entity stays as it is).  false when b's cap is
 * passed. */
static bool
xml_decode(struct buf *b, const char *s, size_t n, bool raw)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
	size_t i = 0, start = 0, k, elen;
	const char *semi, *e;
	bool ok = true, known;

	if (raw)
		return buf_add(b, s, n);
	while (i < n) {
		if (s[i] != '&') {
			i++;
			continue;
		}
		if (!buf_add(b, s + start, i - start))
			return false;
		semi = memchr(s + i, ';', n - i < 12 ? n - i : 12);
		known = false;
		if (semi != NULL) {
			e = s + i + 1;
			elen = (size_t)(semi - e);
			if (elen >= 2 && e[0] == '#') {
				put_utf8(b, char_ref(e, elen), &ok);
				known = true;
			}
			for (k = 0; !known && k < sizeof(ents) / sizeof(ents[0]); k++) {
				if (elen == strlen(ents[k].name) &&
				    memcmp(e, ents[k].name, elen) == 0) {
					ok = ok && buf_addc(b, ents[k].c);
					known = true;
				}
			}
		}
		if (known) {
			i = (size_t)(semi - s) + 1;
		} else {
			ok = ok && buf_addc(b, '&');
			i++;
		}
		if (!ok)
			return false;
		start = i;
	}
	return buf_add(b, s + start, n - start);
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

/* Whether an Excel number format shows a date: the built-in ones (including
 * those of Chinese Excel) or a custom code with a year, day or month in it
 * (quoted text, escapes and [...] sections aside; m with h or s is a
 * minute).  Formats with a time of day only are not dates. */
static bool
builtin_date(size_t id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
	       (id >= 50 && id <= 54) || id == 57 || id == 58;
}

static bool
code_is_date(const char *s, size_t n)
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
	return y || d || (m && !h && !sec);
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

/* The YYYY-MM-DD of an Excel serial date in s (its time of day dropped);
 * false when s is not a serial Excel can show as a date. */
static bool
serial_date(const char *s, bool date1904, char out[32])
{
	char *end;
	double v;
	long serial, days, y;
	unsigned m, d;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v))
		return false;
	if (date1904 ? v < 0 || v >= 2957004 : v < 1 || v >= 2958466)
		return false;
	serial = (long)floor(v);
	if (date1904) {
		days = serial - 24107;
	} else if (serial == 60) {
		/* Excel's 1900-02-29, kept for Lotus 1-2-3. */
		memcpy(out, "1900-02-29", 11);
		return true;
	} else {
		days = serial < 60 ? serial - 25568 : serial - 25569;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(out, 32, "%04ld-%02u-%02u", y, m, d);
	return true;
}

/* --- the workbook ---------------------------------------------------------- */

struct xlsx {
	struct zip zip;
	struct table_error *err;
	bool date1904;
	char *sheet_path; /* parts, from the workbook's relationships */
	char *strings_path;
	char *styles_path;
	struct buf strings;   /* shared strings, each NUL-terminated */
	uint32_t *string_off; /* where each starts in strings */
	size_t nstrings;
	size_t strings_cap;
	bool *xf_date; /* per cell style: does it show a date */
	size_t nxf;
};

/* Reads a part as UTF-8 text.  SB_NOT_FOUND when the archive lacks it. */
static int
read_part(struct xlsx *x, const char *path, char **text, size_t *len)
{
	struct zip_entry ent;
	int rc;

	memset(&ent, 0, sizeof(ent));
	rc = zip_find(&x->zip, path, &ent, x->err);
	if (rc != SB_OK)
		return rc;
	rc = zip_read(&x->zip, &ent, text, len, x->err);
	if (rc != SB_OK)
		return rc;
	if (table_utf8_check((const unsigned char *)*text, *len) != *len ||
	    memchr(*text, '\0', *len) != NULL) {
		free(*text);
		*text = NULL;
		return damaged(x->err, "a part is not UTF-8 XML", "部分内容不是 UTF-8 编码的 XML");
	}
	return SB_OK;
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

/* From xl/workbook.xml and its relationships: the 1904 date system and the
 * parts of the first sheet, the shared strings and the styles. */
static int
read_workbook(struct xlsx *x)
{
	struct xml xml;
	struct xml_tok t;
	struct buf rid, val;
	char *text = NULL;
	size_t len;
	const char *v, *type, *target;
	size_t vlen, type_len, target_len;
	bool have_rid = false, in_sheets = false;
	int rc;

	buf_init(&rid, XLSX_PATH_MAX);
	buf_init(&val, XLSX_PATH_MAX);
	rc = read_part(x, "xl/workbook.xml", &text, &len);
	if (rc == SB_NOT_FOUND)
		rc = SB_OK;
	if (rc != SB_OK)
		goto out;
	xml.p = text;
	xml.end = text != NULL ? text + len : NULL;
	while (text != NULL && xml_next(&xml, &t) != XML_EOF) {
		if (t.kind == XML_BAD) {
			rc = damaged(x->err, "the workbook part is not well-formed",
				     "工作簿部分的格式不正确");
			goto out;
		}
		if (tok_is(&t, XML_OPEN, "workbookPr") && xml_attr(&t, "date1904", &v, &vlen))
			x->date1904 =
				(vlen == 1 && v[0] == '1') || (vlen == 4 && !memcmp(v, "true", 4));
		if (tok_is(&t, XML_OPEN, "sheets"))
			in_sheets = true;
		if (tok_is(&t, XML_CLOSE, "sheets"))
			in_sheets = false;
		if (in_sheets && !have_rid && tok_is(&t, XML_OPEN, "sheet") &&
		    xml_attr(&t, "id", &v, &vlen))
			have_rid = xml_decode(&rid, v, vlen, false);
	}
	free(text);
	text = NULL;
	rc = read_part(x, "xl/_rels/workbook.xml.rels", &text, &len);
	if (rc == SB_NOT_FOUND)
		rc = SB_OK;
	if (rc != SB_OK)
		goto out;
	xml.p = text;
	xml.end = text != NULL ? text + len : NULL;
	while (text != NULL && xml_next(&xml, &t) != XML_EOF) {
		if (t.kind == XML_BAD) {
			rc = damaged(x->err, "the workbook relationships are not well-formed",
				     "工作簿关系部分的格式不正确");
			goto out;
		}
		if (!tok_is(&t, XML_OPEN, "Relationship") ||
		    !xml_attr(&t, "Target", &target, &target_len) ||
		    !xml_attr(&t, "Type", &type, &type_len))
			continue;
		buf_reset(&val);
		if (!xml_decode(&val, target, target_len, false))
			continue;
		if (have_rid && x->sheet_path == NULL && xml_attr(&t, "Id", &v, &vlen)) {
			struct buf id;

			buf_init(&id, XLSX_PATH_MAX);
			if (xml_decode(&id, v, vlen, false) && id.len == rid.len &&
			    (id.len == 0 || memcmp(id.data, rid.data, id.len) == 0))
				x->sheet_path = part_path(val.data ? val.data : "", val.len);
			buf_clear(&id);
		}
		if (x->strings_path == NULL && ends_with(type, type_len, "/sharedStrings"))
			x->strings_path = part_path(val.data ? val.data : "", val.len);
		if (x->styles_path == NULL && ends_with(type, type_len, "/styles"))
			x->styles_path = part_path(val.data ? val.data : "", val.len);
	}
	if (x->sheet_path == NULL)
		x->sheet_path = xstrdup("xl/worksheets/sheet1.xml");
	if (x->strings_path == NULL)
		x->strings_path = xstrdup("xl/sharedStrings.xml");
	if (x->styles_path == NULL)
		x->styles_path = xstrdup("xl/styles.xml");
out:
	free(text);
	buf_clear(&rid);
	buf_clear(&val);
	return rc;
}

static void
push_string(struct xlsx *x, size_t off)
{
	if (x->nstrings == x->strings_cap) {
		x->strings_cap = x->strings_cap ? 2 * x->strings_cap : 256;
		x->string_off = xrealloc(x->string_off, x->strings_cap * sizeof(*x->string_off));
	}
	x->string_off[x->nstrings++] = (uint32_t)off; /* strings stays under 4 GiB */
}

/* The shared strings: the text of each <si>, its rich text runs joined and
 * its phonetic runs (<rPh>) left out. */
static int
read_strings(struct xlsx *x)
{
	struct xml xml;
	struct xml_tok t;
	char *text = NULL;
	size_t len, start = 0;
	bool in_si = false, in_t = false;
	unsigned rph = 0;
	int rc;

	rc = read_part(x, x->strings_path, &text, &len);
	if (rc == SB_NOT_FOUND)
		return SB_OK;
	if (rc != SB_OK)
		return rc;
	buf_init(&x->strings, 2 * (size_t)TABLE_ZIP_ENTRY_MAX);
	xml.p = text;
	xml.end = text + len;
	while (xml_next(&xml, &t) != XML_EOF) {
		if (t.kind == XML_BAD) {
			rc = damaged(x->err, "the shared strings are not well-formed",
				     "共享字符串部分的格式不正确");
			goto out;
		}
		if (tok_is(&t, XML_OPEN, "si")) {
			in_si = !t.empty;
			in_t = false;
			rph = 0;
			start = x->strings.len;
			if (t.empty) {
				push_string(x, start);
				buf_addc(&x->strings, '\0');
			}
		} else if (tok_is(&t, XML_CLOSE, "si") && in_si) {
			size_t n = x->strings.len - start;

			if (n > 0)
				x->strings.len = start + ooxml_unescape(x->strings.data + start, n);
			push_string(x, start);
			buf_addc(&x->strings, '\0');
			in_si = false;
		} else if (tok_is(&t, XML_OPEN, "rPh") && !t.empty) {
			rph++;
		} else if (tok_is(&t, XML_CLOSE, "rPh") && rph > 0) {
			rph--;
		} else if (tok_is(&t, XML_OPEN, "t")) {
			in_t = in_si && rph == 0 && !t.empty;
		} else if (tok_is(&t, XML_CLOSE, "t")) {
			in_t = false;
		} else if (t.kind == XML_TEXT && in_t) {
			xml_decode(&x->strings, t.text, t.text_len, t.raw);
		}
	}
out:
	free(text);
	return rc;
}

/* For each cell style (<cellXfs><xf numFmtId=…>), whether it shows a date.
 * Format ids are looked up in a table of XLSX_FORMATS_MAX entries (Excel's
 * custom ids start at 164 and stay in the hundreds); a larger id is no
 * date. */
static int
read_styles(struct xlsx *x)
{
	enum { FMT_BUILTIN, FMT_OTHER, FMT_DATE };
	struct xml xml;
	struct xml_tok t;
	struct buf code;
	char *text = NULL;
	unsigned char *kind = xcalloc(XLSX_FORMATS_MAX, 1);
	size_t len, id, nxf = 0, xf_cap = 0, i;
	size_t *xf_fmt = NULL;
	bool in_xfs = false;
	const char *v;
	size_t vlen;
	int rc;

	buf_init(&code, 4096);
	rc = read_part(x, x->styles_path, &text, &len);
	if (rc == SB_NOT_FOUND)
		rc = SB_OK;
	if (rc != SB_OK || text == NULL)
		goto out;
	xml.p = text;
	xml.end = text + len;
	while (xml_next(&xml, &t) != XML_EOF) {
		if (t.kind == XML_BAD) {
			rc = damaged(x->err, "the styles are not well-formed",
				     "样式部分的格式不正确");
			goto out;
		}
		if (tok_is(&t, XML_OPEN, "numFmt") && xml_attr(&t, "numFmtId", &v, &vlen) &&
		    parse_index(v, vlen, XLSX_FORMATS_MAX - 1, &id)) {
			buf_reset(&code);
			if (!xml_attr(&t, "formatCode", &v, &vlen) ||
			    !xml_decode(&code, v, vlen, false))
				continue;
			/* A custom format may redefine a built-in id. */
			kind[id] = code_is_date(code.data ? code.data : "", code.len) ? FMT_DATE
										      : FMT_OTHER;
		} else if (tok_is(&t, XML_OPEN, "cellXfs")) {
			in_xfs = !t.empty;
		} else if (tok_is(&t, XML_CLOSE, "cellXfs")) {
			in_xfs = false;
		} else if (in_xfs && tok_is(&t, XML_OPEN, "xf")) {
			if (!xml_attr(&t, "numFmtId", &v, &vlen) ||
			    !parse_index(v, vlen, SIZE_MAX / 16, &id))
				id = 0;
			if (nxf == xf_cap) {
				xf_cap = xf_cap ? 2 * xf_cap : 16;
				xf_fmt = xrealloc(xf_fmt, xf_cap * sizeof(*xf_fmt));
			}
			xf_fmt[nxf++] = id;
		}
	}
	x->xf_date = xcalloc(nxf ? nxf : 1, sizeof(*x->xf_date));
	x->nxf = nxf;
	for (i = 0; i < nxf; i++) {
		id = xf_fmt[i];
		if (id >= XLSX_FORMATS_MAX)
			x->xf_date[i] = false;
		else if (kind[id] == FMT_BUILTIN)
			x->xf_date[i] = builtin_date(id);
		else
			x->xf_date[i] = kind[id] == FMT_DATE;
	}
out:
	free(text);
	free(kind);
	free(xf_fmt);
	buf_clear(&code);
	return rc;
}

/* --- the sheet ------------------------------------------------------------- */

enum cell_type { CELL_NUMBER, CELL_SHARED, CELL_STRING, CELL_INLINE, CELL_BOOL, CELL_OTHER };

struct sheet {
	struct xlsx *x;
	int (*fn)(const struct table_row *row, void *ctx);
	void *ctx;
	size_t row; /* the row being read, 1-based */
	size_t col; /* the cell being read, 1-based */
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
};

static void
row_begin(struct sheet *s)
{
	memset(s->at, 0, (s->ncols + 1) * sizeof(s->at[0]));
	s->ncols = 0;
	s->col = 0;
	buf_reset(&s->text);
}

static int
row_end(struct sheet *s)
{
	struct table_row row;
	size_t i;

	if (s->ncols == 0)
		return 0;
	for (i = 0; i < s->ncols; i++)
		s->cells[i] = s->at[i + 1] ? s->text.data + s->at[i + 1] - 1 : "";
	row.line = s->row;
	row.ncells = s->ncols;
	row.cells = s->cells;
	return s->fn(&row, s->ctx);
}

static int
cell_begin(struct sheet *s, const struct xml_tok *t)
{
	const char *v;
	size_t vlen;

	if (xml_attr(t, "r", &v, &vlen)) {
		if (!parse_column(v, vlen, &s->col))
			return damaged_at(s->x->err, s->row, s->col + 1,
					  "a cell has a bad reference", "单元格引用无效");
	} else {
		s->col++;
	}
	s->type = CELL_NUMBER;
	if (xml_attr(t, "t", &v, &vlen)) {
		if (vlen == 1 && v[0] == 's')
			s->type = CELL_SHARED;
		else if (vlen == 3 && memcmp(v, "str", 3) == 0)
			s->type = CELL_STRING;
		else if (vlen == 9 && memcmp(v, "inlineStr", 9) == 0)
			s->type = CELL_INLINE;
		else if (vlen == 1 && v[0] == 'b')
			s->type = CELL_BOOL;
		else if (!(vlen == 1 && v[0] == 'n'))
			s->type = CELL_OTHER;
	}
	if (!xml_attr(t, "s", &v, &vlen) || !parse_index(v, vlen, SIZE_MAX / 16, &s->style))
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
		if (s->type == CELL_NUMBER && s->style < x->nxf && x->xf_date[s->style] && n > 0 &&
		    n < sizeof(num)) {
			memcpy(num, val, n);
			num[n] = '\0';
			if (serial_date(num, x->date1904, date)) {
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
	s->at[s->col] = s->text.len + 1;
	if (!buf_add(&s->text, val, n) || !buf_addc(&s->text, '\0'))
		return table_fail(x->err, SB_BAD_FIELD, s->row, 0, "row is too long",
				  "一行内容过长");
	if (s->col > s->ncols)
		s->ncols = s->col;
	return SB_OK;
}

/* One token of the sheet. */
static int
sheet_token(struct sheet *s, const struct xml_tok *t, bool *in_row, bool *in_cell)
{
	const char *v;
	size_t vlen, r;
	int rc = SB_OK;

	if (tok_is(t, XML_OPEN, "row")) {
		if (*in_row) {
			rc = row_end(s);
			if (rc != 0)
				return rc;
		}
		if (!xml_attr(t, "r", &v, &vlen))
			r = s->row + 1;
		else if (!parse_index(v, vlen, XLSX_ROWS_MAX, &r))
			r = 0;
		if (r == 0 || r > XLSX_ROWS_MAX)
			return damaged_at(s->x->err, s->row + 1, 0, "a row has a bad number",
					  "行号无效");
		s->row = r;
		row_begin(s);
		*in_row = !t->empty;
		*in_cell = false;
	} else if (tok_is(t, XML_CLOSE, "row")) {
		if (*in_row)
			rc = row_end(s);
		*in_row = false;
		*in_cell = false;
	} else if (!*in_row) {
		return SB_OK;
	} else if (tok_is(t, XML_OPEN, "c")) {
		if (*in_cell) {
			rc = cell_end(s);
			if (rc != SB_OK)
				return rc;
		}
		rc = cell_begin(s, t);
		*in_cell = rc == SB_OK && !t->empty;
	} else if (tok_is(t, XML_CLOSE, "c")) {
		if (*in_cell)
			rc = cell_end(s);
		*in_cell = false;
	} else if (!*in_cell) {
		return SB_OK;
	} else if (tok_is(t, XML_OPEN, "v")) {
		s->in_v = !t->empty;
	} else if (tok_is(t, XML_CLOSE, "v")) {
		s->in_v = false;
	} else if (tok_is(t, XML_OPEN, "is")) {
		s->in_is = !t->empty;
		s->has_is = true;
	} else if (tok_is(t, XML_CLOSE, "is")) {
		s->in_is = false;
	} else if (tok_is(t, XML_OPEN, "rPh") && !t->empty) {
		s->rph++;
	} else if (tok_is(t, XML_CLOSE, "rPh") && s->rph > 0) {
		s->rph--;
	} else if (tok_is(t, XML_OPEN, "t")) {
		s->in_t = s->in_is && s->rph == 0 && !t->empty;
	} else if (tok_is(t, XML_CLOSE, "t")) {
		s->in_t = false;
	} else if (t->kind == XML_TEXT && (s->in_v || s->in_t)) {
		if (!xml_decode(s->in_v ? &s->v : &s->is, t->text, t->text_len, t->raw))
			return table_fail(s->x->err, SB_BAD_FIELD, s->row, s->col,
					  "cell is longer than 64 KiB", "单元格超过 64 KiB");
	}
	return rc;
}

static int
read_sheet(struct xlsx *x, int (*fn)(const struct table_row *row, void *ctx), void *ctx)
{
	struct sheet *s = xcalloc(1, sizeof(*s));
	struct xml xml;
	struct xml_tok t;
	char *text = NULL;
	size_t len;
	bool in_row = false, in_cell = false;
	int rc;

	s->x = x;
	s->fn = fn;
	s->ctx = ctx;
	buf_init(&s->v, 4 * (size_t)TABLE_FIELD_MAX);
	buf_init(&s->is, 4 * (size_t)TABLE_FIELD_MAX);
	buf_init(&s->text, (size_t)TABLE_COLUMNS_MAX * (TABLE_FIELD_MAX + 1));
	rc = read_part(x, x->sheet_path, &text, &len);
	if (rc == SB_NOT_FOUND)
		rc = table_fail(x->err, SB_BAD_FIELD, 0, 0,
				"the file is a ZIP archive but not an Excel workbook: "
				"its first sheet is missing",
				"文件是 ZIP 压缩包而不是 Excel 工作簿：缺少第一个工作表");
	if (rc != SB_OK)
		goto out;
	xml.p = text;
	xml.end = text + len;
	while (rc == SB_OK && xml_next(&xml, &t) != XML_EOF) {
		if (t.kind == XML_BAD)
			rc = damaged_at(x->err, s->row, 0, "the first sheet is not well-formed",
					"第一个工作表的格式不正确");
		else
			rc = sheet_token(s, &t, &in_row, &in_cell);
	}
	if (rc == SB_OK && in_row) {
		if (in_cell)
			rc = cell_end(s);
		if (rc == SB_OK)
			rc = row_end(s);
	}
out:
	free(text);
	buf_clear(&s->v);
	buf_clear(&s->is);
	buf_clear(&s->text);
	free(s);
	return rc;
}

int
xlsx_each(const unsigned char *data, size_t len, int (*fn)(const struct table_row *row, void *ctx),
	  void *ctx, struct table_error *err)
{
	struct xlsx x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.err = err;
	buf_init(&x.strings, 0);
	rc = zip_open(&x.zip, data, len, err);
	if (rc == SB_OK)
		rc = read_workbook(&x);
	if (rc == SB_OK)
		rc = read_strings(&x);
	if (rc == SB_OK)
		rc = read_styles(&x);
	if (rc == SB_OK)
		rc = read_sheet(&x, fn, ctx);
	free(x.sheet_path);
	free(x.strings_path);
	free(x.styles_path);
	buf_clear(&x.strings);
	free(x.string_off);
	free(x.xf_date);
	return rc;
}
