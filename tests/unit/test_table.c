/* Reading CSV (UTF-8, GB18030) and XLSX tables (util/table.c, util/xlsx_read.c):
 * cells, line numbers, encodings, caps, and damaged input that must be
 * refused without a crash. */

#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/errors.h"
#include "util/table.h"
#include "util/xalloc.h"

#define MAX_ROWS 64
#define MAX_CELLS 16

/* The rows table_each handed over, copied. */
struct got {
	size_t n;
	size_t line[MAX_ROWS];
	size_t ncells[MAX_ROWS];
	char *cells[MAX_ROWS][MAX_CELLS];
	size_t stop_after; /* return 7 after this many rows; 0: never */
};

static int
collect(const struct table_row *row, void *ctx)
{
	struct got *g = ctx;
	size_t i;

	cr_assert_lt(g->n, MAX_ROWS);
	g->line[g->n] = row->line;
	g->ncells[g->n] = row->ncells;
	for (i = 0; i < row->ncells && i < MAX_CELLS; i++) {
		cr_assert_not_null(row->cells[i]);
		g->cells[g->n][i] = xstrdup(row->cells[i]);
	}
	g->n++;
	return g->stop_after != 0 && g->n == g->stop_after ? 7 : 0;
}

static void
got_clear(struct got *g)
{
	size_t r, i;

	for (r = 0; r < g->n; r++)
		for (i = 0; i < g->ncells[r] && i < MAX_CELLS; i++)
			free(g->cells[r][i]);
	memset(g, 0, sizeof(*g));
}

/* Row i of g is on line and holds the cells of want (NULL-terminated). */
static void
check_row(const struct got *g, size_t i, size_t line, const char *const *want)
{
	size_t n = 0;

	while (want[n] != NULL)
		n++;
	cr_assert_lt(i, g->n, "row %zu missing (got %zu rows)", i, g->n);
	cr_expect_eq(g->line[i], line, "row %zu: line %zu, want %zu", i, g->line[i], line);
	cr_assert_eq(g->ncells[i], n, "row %zu: %zu cells, want %zu", i, g->ncells[i], n);
	for (size_t c = 0; c < n; c++)
		cr_expect_str_eq(g->cells[i][c], want[c], "row %zu cell %zu", i, c);
}

#define ROW(...) ((const char *const[]){__VA_ARGS__, NULL})

static int
run_csv(const char *s, struct got *g, const char **enc, struct table_error *err)
{
	return table_each(s, strlen(s), collect, g, enc, err);
}

/* --- CSV --------------------------------------------------------------------- */

Test(table_csv, utf8_with_bom_and_crlf)
{
	struct got g = {0};
	struct table_error err;
	const char *enc;
	const char *csv = "\xef\xbb\xbf"
			  "姓名,住址\r\n"
			  "张三,普陀区长寿路街道\r\n"
			  "  李四 , 静安区 \r\n";

	cr_assert_eq(run_csv(csv, &g, &enc, &err), 0, "%s", err.message);
	cr_expect_str_eq(enc, "UTF-8");
	cr_assert_eq(g.n, 3);
	check_row(&g, 0, 1, ROW("姓名", "住址"));
	check_row(&g, 1, 2, ROW("张三", "普陀区长寿路街道"));
	check_row(&g, 2, 3, ROW("李四", "静安区"));
	got_clear(&g);
}

Test(table_csv, quoted_fields)
{
	struct got g = {0};
	struct table_error err;
	const char *csv = "a,b,c\r\n"
			  "\"x, y\",\"line1\nline2\",\"say \"\"hi\"\"\"\r\n"
			  "next,\" padded \",\"\"\r\n"
			  "last,\"two\r\nbreaks\r\n\",3";

	cr_assert_eq(run_csv(csv, &g, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(g.n, 4);
	check_row(&g, 0, 1, ROW("a", "b", "c"));
	check_row(&g, 1, 2, ROW("x, y", "line1\nline2", "say \"hi\""));
	check_row(&g, 2, 4, ROW("next", "padded", ""));
	check_row(&g, 3, 5, ROW("last", "two\r\nbreaks\r\n", "3"));
	got_clear(&g);
}

Test(table_csv, broken_quotes)
{
	static const struct {
		const char *csv;
		size_t line, column;
	} cases[] = {
		{"a,b\n1,\"open\n2,3\n", 2, 2},		 /* never closed */
		{"a,b,c\r\n1,2,\"3\r\n\r\n", 2, 3},	 /* never closed, CRLF */
		{"a,b\nx,\"ab\"c,d\n", 2, 2},		 /* text after the closing quote */
		{"name,addr\n\"x\ny\",a\"b\n", 3, 2},	 /* quote in an unquoted field */
		{"\"a\" \"b\"\n", 1, 1},		 /* two quoted parts */
		{"h\n\n\"multi\nline\",\"x\"y\n", 4, 2}, /* after a multi-line field */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct got g = {0};
		struct table_error err;

		cr_expect_eq(run_csv(cases[i].csv, &g, NULL, &err), SB_BAD_FIELD, "case %zu", i);
		cr_expect_eq(err.line, cases[i].line, "case %zu: line %zu", i, err.line);
		cr_expect_eq(err.column, cases[i].column, "case %zu: column %zu", i, err.column);
		cr_expect(strstr(err.message, "broken quote") == err.message, "case %zu: %s", i,
			  err.message);
		cr_expect(strstr(err.message_zh, "引号") != NULL, "case %zu: %s", i,
			  err.message_zh);
		got_clear(&g);
	}
}

/* s converted from UTF-8 to GB18030, in a new buffer. */
static char *
to_gb18030(const char *s, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inleft = strlen(s), outleft = 4 * inleft + 4;
	char *out = xmalloc(outleft), *op = out, *in = (char *)s;

	cr_assert_neq(cd, (iconv_t)-1);
	cr_assert_neq(iconv(cd, &in, &inleft, &op, &outleft), (size_t)-1);
	iconv_close(cd);
	*len = (size_t)(op - out);
	return out;
}

Test(table_csv, gb18030)
{
	const char *utf8 = "姓名,住址\n张三,普陀区长寿路街道\n\"王 五\",\"静安区\n南京西路\"\n";
	struct got a = {0}, b = {0};
	struct table_error err;
	const char *enc;
	size_t len;
	char *gb = to_gb18030(utf8, &len);

	cr_assert_neq(memcmp(gb, utf8, len < strlen(utf8) ? len : strlen(utf8)), 0);
	cr_assert_eq(table_each(gb, len, collect, &b, &enc, &err), 0, "%s", err.message);
	cr_expect_str_eq(enc, "GB18030");
	cr_assert_eq(run_csv(utf8, &a, &enc, &err), 0);
	cr_expect_str_eq(enc, "UTF-8");
	cr_assert_eq(a.n, 3);
	cr_assert_eq(b.n, a.n);
	for (size_t r = 0; r < a.n; r++) {
		check_row(&b, r, a.line[r],
			  (const char *const[]){a.cells[r][0], a.cells[r][1], NULL});
	}
	check_row(&b, 1, 2, ROW("张三", "普陀区长寿路街道"));
	check_row(&b, 2, 3, ROW("王 五", "静安区\n南京西路"));
	free(gb);
	got_clear(&a);
	got_clear(&b);
}

Test(table_csv, neither_utf8_nor_gb18030)
{
	struct got g = {0};
	struct table_error err;
	const char *enc = "unset";

	cr_assert_eq(run_csv("ok,1\nfine,2\n\x80\xff,3\n", &g, &enc, &err), SB_BAD_FIELD);
	cr_expect_eq(err.line, 3);
	cr_expect_null(enc);
	cr_expect_str_eq(err.message, "the text is neither UTF-8 nor GB18030");
	cr_expect(strstr(err.message_zh, "GB18030") != NULL, "%s", err.message_zh);
	cr_expect_eq(g.n, 0);
	/* A file that says it is UTF-8 is not read as GB18030. */
	cr_assert_eq(run_csv("\xef\xbb\xbf"
			     "a\n\xd5\xc5\n",
			     &g, &enc, &err),
		     SB_BAD_FIELD);
	cr_expect_eq(err.line, 2);
	/* UTF-16 is refused, not read as text with NULs. */
	cr_assert_eq(table_each("a\0,\0b\0\n\0", 8, collect, &g, &enc, &err), SB_BAD_FIELD);
	cr_expect_eq(err.line, 1);
	got_clear(&g);
}

Test(table_csv, empty_rows_skipped)
{
	struct got g = {0};
	struct table_error err;

	cr_assert_eq(run_csv("\na,b\n\n,,\n  ,  \n\"\",\"  \"\r\n\r\nc,d\n\n", &g, NULL, &err), 0);
	cr_assert_eq(g.n, 2);
	check_row(&g, 0, 2, ROW("a", "b"));
	check_row(&g, 1, 8, ROW("c", "d"));
	got_clear(&g);
	cr_expect_eq(table_each(NULL, 0, collect, &g, NULL, NULL), 0);
	cr_expect_eq(run_csv("\xef\xbb\xbf", &g, NULL, NULL), 0);
	cr_expect_eq(g.n, 0);
}

Test(table_csv, stop_early)
{
	struct got g = {.stop_after = 2};

	cr_assert_eq(run_csv("a\nb\nc\nd\n", &g, NULL, NULL), 7);
	cr_expect_eq(g.n, 2);
	got_clear(&g);
	/* Stopping wins over a broken quote further on. */
	g.stop_after = 1;
	cr_assert_eq(run_csv("a\n\"b", &g, NULL, NULL), 7);
	got_clear(&g);
}

Test(table_csv, caps)
{
	struct got g = {0};
	struct table_error err;
	struct buf b;
	size_t i;

	buf_init(&b, 1 << 24);
	buf_adds(&b, "h\nok\n\"");
	for (i = 0; i < TABLE_FIELD_MAX + 1; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"\n");
	cr_assert_eq(table_each(b.data, b.len, collect, &g, NULL, &err), SB_BAD_FIELD);
	cr_expect_eq(err.line, 3, "%s", err.message);
	cr_expect_eq(g.n, 2);
	got_clear(&g);

	/* A field that is only just allowed. */
	buf_reset(&b);
	for (i = 0; i < TABLE_FIELD_MAX; i++)
		buf_addc(&b, 'y');
	cr_assert_eq(table_each(b.data, b.len, collect, &g, NULL, &err), 0, "%s", err.message);
	cr_expect_eq(strlen(g.cells[0][0]), TABLE_FIELD_MAX);
	got_clear(&g);

	/* An unquoted field of a megabyte on one line. */
	buf_reset(&b);
	buf_adds(&b, "a\n");
	for (i = 0; i < (1u << 20); i++)
		buf_addc(&b, 'z');
	cr_assert_eq(table_each(b.data, b.len, collect, &g, NULL, &err), SB_BAD_FIELD);
	cr_expect_eq(err.line, 2);
	got_clear(&g);

	buf_reset(&b);
	buf_adds(&b, "h\n");
	for (i = 0; i < TABLE_COLUMNS_MAX; i++)
		buf_adds(&b, "1,");
	buf_adds(&b, "1\n");
	cr_assert_eq(table_each(b.data, b.len, collect, &g, NULL, &err), SB_BAD_FIELD);
	cr_expect_eq(err.line, 2);
	cr_expect(strstr(err.message, "1000") != NULL, "%s", err.message);
	got_clear(&g);
	buf_clear(&b);
}

Test(table_csv, random_bytes_do_not_crash)
{
	unsigned char data[256];
	uint32_t seed = 12345;
	struct got g = {0};

	for (int round = 0; round < 3000; round++) {
		size_t len = (size_t)(round % 256);

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly the characters that matter to CSV. */
			data[i] = (unsigned char)",\"\r\n a\xe5\xbc\xa0\x80\xff\xd5\xc5"[(seed >>
											  16) %
											 14];
		}
		int rc = table_each(data, len, collect, &g, NULL, NULL);

		cr_assert(rc == 0 || rc == SB_BAD_FIELD, "round %d: %d", round, rc);
		got_clear(&g);
	}
}

Test(table_csv, old_xls_refused)
{
	struct table_error err;

	cr_assert_eq(
		table_each("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest", 13, collect, NULL, NULL, &err),
		SB_BAD_FIELD);
	cr_expect(strstr(err.message, ".xls") != NULL, "%s", err.message);
}

/* --- XLSX: a workbook written by libxlsxwriter ------------------------------- */

/* The bytes of the file at path, in a new buffer. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	long n;

	cr_assert_not_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	cr_assert_gt(n, 0);
	rewind(f);
	data = xmalloc((size_t)n);
	cr_assert_eq(fread(data, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return data;
}

static unsigned char *
make_workbook(size_t *len)
{
	char path[] = "/tmp/test_table_XXXXXX";
	int fd = mkstemp(path);
	lxw_workbook *wb;
	lxw_worksheet *ws, *other;
	lxw_format *cn_date, *iso_date, *money, *bold;
	lxw_datetime d1950 = {1950, 1, 1, 0, 0, 0}, d1900 = {1900, 3, 1, 0, 0, 0},
		     d1900a = {1900, 1, 1, 12, 0, 0};
	lxw_rich_string_tuple part1 = {.format = NULL, .string = "普陀"};
	lxw_rich_string_tuple part2 = {.format = NULL, .string = " 区"};
	lxw_rich_string_tuple *rich[] = {&part1, &part2, NULL};
	unsigned char *data;

	cr_assert_geq(fd, 0);
	close(fd);
	wb = workbook_new(path);
	cr_assert_not_null(wb);
	ws = workbook_add_worksheet(wb, "人口");
	other = workbook_add_worksheet(wb, "其他");
	cn_date = workbook_add_format(wb);
	format_set_num_format(cn_date, "yyyy\"年\"m\"月\"d\"日\"");
	iso_date = workbook_add_format(wb);
	format_set_num_format_index(iso_date, 14);
	money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	part1.format = bold;

	worksheet_write_string(ws, 0, 0, "姓名", bold);
	worksheet_write_string(ws, 0, 1, "地址", bold);
	worksheet_write_string(ws, 0, 2, "人数", bold);
	worksheet_write_string(ws, 0, 3, "出生日期", bold);
	worksheet_write_string(ws, 0, 4, "备注", bold);

	worksheet_write_string(ws, 1, 0, "张三", NULL);
	worksheet_write_string(ws, 1, 1, "A&B <c>", NULL);
	worksheet_write_number(ws, 1, 2, 42, NULL);
	worksheet_write_datetime(ws, 1, 3, &d1950, cn_date);
	worksheet_write_string(ws, 1, 4, "  padded  ", NULL);

	worksheet_write_string(ws, 2, 0, "李四", NULL);
	worksheet_write_blank(ws, 2, 1, money);
	worksheet_write_number(ws, 2, 2, 1.5, money);
	worksheet_write_datetime(ws, 2, 3, &d1900, iso_date);
	worksheet_write_rich_string(ws, 2, 4, rich, NULL);

	/* Row 4 (index 3) stays empty. */
	worksheet_write_number(ws, 4, 0, 1500, NULL);
	worksheet_write_string(ws, 4, 1, "\"q\" 'a' \xe2\x80\x94 \xf0\x9f\x98\x80", NULL);
	worksheet_write_datetime(ws, 4, 3, &d1900a, iso_date);
	worksheet_write_boolean(ws, 4, 4, 1, NULL);
	worksheet_write_formula_num(ws, 4, 5, "=1+1", NULL, 2);

	worksheet_write_string(other, 0, 0, "不应读取", NULL);
	cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
	data = slurp(path, len);
	unlink(path);
	return data;
}

Test(table_xlsx, libxlsxwriter_workbook)
{
	struct got g = {0};
	struct table_error err;
	const char *enc;
	size_t len;
	unsigned char *data = make_workbook(&len);

	cr_assert_eq(table_each(data, len, collect, &g, &enc, &err), 0, "%s", err.message);
	cr_expect_str_eq(enc, "XLSX");
	cr_assert_eq(g.n, 4);
	check_row(&g, 0, 1, ROW("姓名", "地址", "人数", "出生日期", "备注"));
	check_row(&g, 1, 2, ROW("张三", "A&B <c>", "42", "1950-01-01", "padded"));
	check_row(&g, 2, 3, ROW("李四", "", "1.5", "1900-03-01", "普陀 区"));
	check_row(&g, 3, 5,
		  ROW("1500", "\"q\" 'a' \xe2\x80\x94 \xf0\x9f\x98\x80", "", "1900-01-01", "TRUE",
		      "2"));
	got_clear(&g);

	g.stop_after = 2;
	cr_expect_eq(table_each(data, len, collect, &g, NULL, NULL), 7);
	cr_expect_eq(g.n, 2);
	got_clear(&g);
	free(data);
}

Test(table_xlsx, truncated_and_mangled)
{
	struct got g = {0};
	struct table_error err;
	size_t len, n;
	unsigned char *data = make_workbook(&len), *copy = xmalloc(len);
	uint32_t seed = 99;
	int rc;

	cr_assert_eq(table_each(data, len / 2, collect, &g, NULL, &err), SB_BAD_FIELD);
	cr_expect(strstr(err.message, "damaged") != NULL, "%s", err.message);
	cr_expect_eq(g.n, 0);
	for (n = 0; n < len; n += 61) {
		rc = table_each(data, n, collect, &g, NULL, &err);
		cr_assert_eq(rc, n < 4 ? 0 : SB_BAD_FIELD, "length %zu: %d", n, rc);
		got_clear(&g);
	}
	/* Flipped bytes: refused or read, never a crash. */
	for (int round = 0; round < 1500; round++) {
		memcpy(copy, data, len);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			n = 4 + (seed >> 8) % (len - 4);
			copy[n] ^= (unsigned char)(1u << (seed % 8));
		}
		rc = table_each(copy, len, collect, &g, NULL, &err);
		cr_assert(rc == 0 || rc == SB_BAD_FIELD, "round %d: %d", round, rc);
		got_clear(&g);
	}
	free(copy);
	free(data);
}

/* --- XLSX: workbooks built by hand ------------------------------------------- */

struct part {
	const char *name;
	const char *text;
};

static void
put16(struct buf *b, unsigned v)
{
	unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};

	buf_add(b, c, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 24)};

	buf_add(b, c, 4);
}

/* A ZIP archive of the parts, stored (method 0); the caller frees it. */
static unsigned char *
zip_build(const struct part *parts, size_t n, size_t *len)
{
	struct buf b, cd;
	uint32_t off[16];
	size_t i, cd_off;

	cr_assert_leq(n, 16);
	buf_init(&b, 1 << 24);
	buf_init(&cd, 1 << 20);
	for (i = 0; i < n; i++) {
		size_t nl = strlen(parts[i].name), dl = strlen(parts[i].text);
		uint32_t crc = (uint32_t)crc32(0, (const Bytef *)parts[i].text, (uInt)dl);

		off[i] = (uint32_t)b.len;
		put32(&b, 0x04034b50u);
		put16(&b, 20);
		put16(&b, 0);
		put16(&b, 0);
		put32(&b, 0);
		put32(&b, crc);
		put32(&b, (uint32_t)dl);
		put32(&b, (uint32_t)dl);
		put16(&b, (unsigned)nl);
		put16(&b, 0);
		buf_add(&b, parts[i].name, nl);
		buf_add(&b, parts[i].text, dl);

		put32(&cd, 0x02014b50u);
		put16(&cd, 20);
		put16(&cd, 20);
		put16(&cd, 0);
		put16(&cd, 0);
		put32(&cd, 0);
		put32(&cd, crc);
		put32(&cd, (uint32_t)dl);
		put32(&cd, (uint32_t)dl);
		put16(&cd, (unsigned)nl);
		put16(&cd, 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put32(&cd, 0);
		put32(&cd, off[i]);
		buf_add(&cd, parts[i].name, nl);
	}
	cd_off = b.len;
	buf_add(&b, cd.data, cd.len);
	put32(&b, 0x06054b50u);
	put16(&b, 0);
	put16(&b, 0);
	put16(&b, (unsigned)n);
	put16(&b, (unsigned)n);
	put32(&b, (uint32_t)cd.len);
	put32(&b, (uint32_t)cd_off);
	put16(&b, 0);
	buf_clear(&cd);
	*len = b.len;
	return (unsigned char *)buf_take(&b);
}

static const char rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships "
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId7\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
	"Target=\"/xl/worksheets/data.xml\"/>"
	"<Relationship Id=\"rId3\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	"sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId4\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
	"Target=\"styles.xml\"/>"
	"</Relationships>";

static const char shared[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"3\">"
	"<si><t>户主</t></si>"
	"<si><r><rPr><b/></rPr><t>普陀</t></r><r><t xml:space=\"preserve\"> 区</t></r>"
	"<rPh sb=\"0\" eb=\"2\"><t>pu tuo</t></rPh></si>"
	"<si><t>a_x000D_\nb</t></si>"
	"</sst>";

/* Cell style 0 is General; a date format in cellStyleXfs must not count. */
static const char styles[] =
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<numFmts count=\"2\">"
	"<numFmt numFmtId=\"164\" "
	"formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;m&quot;\"/>"
	"</numFmts>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
	"<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"165\"/><xf numFmtId=\"20\"/></cellXfs>"
	"</styleSheet>";

static const char wrong_sheet[] =
	"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wrong "
	"sheet</t></is></c></row></sheetData></worksheet>";

static unsigned char *
hand_book(const char *workbook, const char *sheet, size_t *len)
{
	const struct part parts[] = {
		{"xl/workbook.xml", workbook},
		{"xl/_rels/workbook.xml.rels", rels},
		{"xl/sharedStrings.xml", shared},
		{"xl/styles.xml", styles},
		{"xl/worksheets/sheet1.xml", wrong_sheet},
		{"xl/worksheets/data.xml", sheet},
	};

	return zip_build(parts, sizeof(parts) / sizeof(parts[0]), len);
}

#define WORKBOOK(pr)                                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                             \
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "           \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" pr      \
	"<sheets><sheet name=\"数据\" sheetId=\"2\" r:id=\"rId7\"/>"                             \
	"<sheet name=\"旧\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"

Test(table_xlsx, hand_built_cells)
{
	const char *sheet =
		"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
		"<sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
		"<c t=\"inlineStr\"><is><r><t>内</t></r><r><t>联</t></r><rPh><t>nei</t></rPh></is>"
		"</c></row>\n"
		"<row r=\"3\" spans=\"1:5\"><c r=\"A3\" s=\"1\"><v>16802</v></c>"
		"<c r=\"B3\" s=\"1\"><v>16802.75</v></c><c r=\"C3\" s=\"2\"><v>3</v></c>"
		"<c r=\"D3\" s=\"3\"><v>0.5</v></c><c r=\"E3\"><v>1.5E+3</v></c></row>\n"
		"<row r=\"4\"><c r=\"B4\" t=\"b\"><v>1</v></c><c r=\"C4\" t=\"b\"><v>0</v></c>"
		"<c r=\"D4\" t=\"str\"><f>A1&amp;\"x\"</f><v>户主x</v></c>"
		"<c r=\"E4\" t=\"e\"><v>#N/A</v></c>"
		"<c r=\"F4\" t=\"inlineStr\"><is><t>&#x4E2D;&#25991; &amp; &lt;x&gt; &quot;q&quot; "
		"&apos;a&apos;</t></is></c></row>\n"
		"<!-- a comment <row r=\"5\"> -->"
		"<row r=\"5\"><c r=\"A5\" s=\"1\"/><c r=\"B5\" t=\"s\"><v>2</v></c>"
		"<c r=\"C5\"><v><![CDATA[<raw>]]></v></c></row>\n"
		"<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>   </t></is></c></row>"
		"<row r=\"7\"/>"
		"<row r=\"8\"><c r=\"b8\" s=\"999\"><v>7</v></c></row>"
		"</sheetData></worksheet>";
	struct got g = {0};
	struct table_error err;
	size_t len;
	unsigned char *data = hand_book(WORKBOOK("<workbookPr date1904=\"1\"/>"), sheet, &len);

	cr_assert_eq(table_each(data, len, collect, &g, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(g.n, 5);
	check_row(&g, 0, 1, ROW("户主", "普陀 区", "内联"));
	check_row(&g, 1, 3, ROW("1950-01-01", "1950-01-01", "3", "0.5", "1.5E+3"));
	check_row(&g, 2, 4, ROW("", "TRUE", "FALSE", "户主x", "#N/A", "中文 & <x> \"q\" 'a'"));
	check_row(&g, 3, 5, ROW("", "a\r\nb", "<raw>"));
	check_row(&g, 4, 8, ROW("", "7"));
	got_clear(&g);
	free(data);
}

Test(table_xlsx, dates_1900)
{
	const char *sheet =
		"<worksheet><sheetData><row r=\"2\">"
		"<c r=\"A2\" s=\"1\"><v>1</v></c><c r=\"B2\" s=\"1\"><v>59</v></c>"
		"<c r=\"C2\" s=\"1\"><v>60</v></c><c r=\"D2\" s=\"1\"><v>61</v></c>"
		"<c r=\"E2\" s=\"1\"><v>25569</v></c><c r=\"F2\" s=\"1\"><v>45658.5</v></c>"
		"<c r=\"G2\" s=\"1\"><v>2958465</v></c><c r=\"H2\" s=\"1\"><v>0</v></c>"
		"<c r=\"I2\" s=\"1\"><v>-3</v></c><c r=\"J2\" s=\"1\"><v>abc</v></c>"
		"</row></sheetData></worksheet>";
	struct got g = {0};
	struct table_error err;
	size_t len;
	unsigned char *data = hand_book(WORKBOOK(""), sheet, &len);

	cr_assert_eq(table_each(data, len, collect, &g, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(g.n, 1);
	check_row(&g, 0, 2,
		  ROW("1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01", "1970-01-01",
		      "2025-01-01", "9999-12-31", "0", "-3", "abc"));
	got_clear(&g);
	free(data);
}

Test(table_xlsx, first_sheet_fallback)
{
	const struct part parts[] = {
		{"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v>"
					     "</c></row><row><c r=\"C2\"><v>3</v></c></row>"
					     "</sheetData></worksheet>"},
	};
	struct got g = {0};
	struct table_error err;
	size_t len;
	unsigned char *data = zip_build(parts, 1, &len);

	cr_assert_eq(table_each(data, len, collect, &g, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(g.n, 2);
	check_row(&g, 0, 1, ROW("1", "2"));
	check_row(&g, 1, 2, ROW("", "", "3"));
	got_clear(&g);
	free(data);
}

Test(table_xlsx, refused)
{
	static const struct {
		const char *sheet;
		size_t line, column;
		const char *says;
	} cases[] = {
		{"<sheetData><row r=\"2\"><c r=\"ALM2\"><v>1</v></c></row>", 2, 1001, "1000"},
		{"<sheetData><row r=\"3\"><c r=\"A3\" t=\"s\"><v>99</v></c></row>", 3, 1,
		 "shared string"},
		{"<sheetData><row r=\"2\"><c r=\"3\"><v>1</v></c></row>", 2, 1, "reference"},
		{"<sheetData><row r=\"0\"><c><v>1</v></c></row>", 1, 0, "row"},
		{"<sheetData><row r=\"2\"><c r=\"A2\"><v>1</v></c></row><row r=\"3\"><c r=\"A3", 3,
		 0, "not well-formed"},
		/* an XML parser, not a scanner: what XML forbids is refused */
		{"<sheetData><row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>&unknown;</t></is></c>"
		 "</row>",
		 4, 0, "not well-formed"},
	};
	char sheet[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct got g = {0};
		struct table_error err;
		size_t len;
		unsigned char *data;

		snprintf(sheet, sizeof(sheet), "<worksheet>%s", cases[i].sheet);
		data = hand_book(WORKBOOK(""), sheet, &len);
		cr_expect_eq(table_each(data, len, collect, &g, NULL, &err), SB_BAD_FIELD,
			     "case %zu", i);
		cr_expect_eq(err.line, cases[i].line, "case %zu: line %zu", i, err.line);
		cr_expect_eq(err.column, cases[i].column, "case %zu: column %zu", i, err.column);
		cr_expect(strstr(err.message, cases[i].says) != NULL, "case %zu: %s", i,
			  err.message);
		got_clear(&g);
		free(data);
	}
}

/* Merged cells: every cell of a range reads as its first (a 小区 merged down
 * over its rows, a title merged across). */
Test(table_xlsx, merged_cells_filled)
{
	const char *sheet =
		"<worksheet><sheetData>"
		"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题</t></is></c></row>"
		"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>甲苑</t></is></c>"
		"<c r=\"B2\"><v>1</v></c><c r=\"C2\"><v>101</v></c></row>"
		"<row r=\"3\"><c r=\"C3\"><v>102</v></c></row>"
		"<row r=\"4\"><c r=\"B4\"><v>2</v></c><c r=\"C4\"><v>201</v></c></row>"
		"<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>乙苑</t></is></c>"
		"<c r=\"C5\"><v>301</v></c></row>"
		"</sheetData><mergeCells count=\"3\"><mergeCell ref=\"A1:C1\"/>"
		"<mergeCell ref=\"A2:A4\"/><mergeCell ref=\"B2:B3\"/><mergeCell ref=\"bad\"/>"
		"</mergeCells></worksheet>";
	struct got g = {0};
	struct table_error err;
	size_t len;
	unsigned char *data = hand_book(WORKBOOK(""), sheet, &len);

	cr_assert_eq(table_each(data, len, collect, &g, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(g.n, 5);
	check_row(&g, 0, 1, ROW("标题", "标题", "标题"));
	check_row(&g, 1, 2, ROW("甲苑", "1", "101"));
	check_row(&g, 2, 3, ROW("甲苑", "1", "102"));
	check_row(&g, 3, 4, ROW("甲苑", "2", "201"));
	check_row(&g, 4, 5, ROW("乙苑", "", "301"));
	got_clear(&g);
	free(data);
}

/* Date-time formats keep the time of day; date formats drop it. */
Test(table_xlsx, date_times)
{
	static const char styles_dt[] =
		"<styleSheet><numFmts count=\"1\">"
		"<numFmt numFmtId=\"170\" formatCode=\"yyyy/m/d\\ h:mm;@\"/></numFmts>"
		"<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"22\"/>"
		"<xf numFmtId=\"170\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>";
	const struct part parts[] = {
		{"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\">"
					     "<c r=\"A1\" s=\"1\"><v>46344.694444444445</v></c>"
					     "<c r=\"B1\" s=\"2\"><v>46344.5</v></c>"
					     "<c r=\"C1\" s=\"3\"><v>46344.694444444445</v></c>"
					     "<c r=\"D1\" s=\"1\"><v>46344.99999999</v></c>"
					     "<c r=\"E1\" s=\"1\"><v>46344.00011574074</v></c>"
					     "</row></sheetData></worksheet>"},
		{"xl/styles.xml", styles_dt},
	};
	struct got g = {0};
	struct table_error err;
	size_t len;
	unsigned char *data = zip_build(parts, 2, &len);

	cr_assert_eq(table_each(data, len, collect, &g, NULL, &err), 0, "%s", err.message);
	cr_assert_eq(g.n, 1);
	check_row(&g, 0, 1,
		  ROW("2026-11-18 16:40", "2026-11-18 12:00", "2026-11-18", "2026-11-19 00:00",
		      "2026-11-18 00:00:10"));
	got_clear(&g);
	free(data);
}

struct sheets_seen {
	struct got g;
	size_t sheet[MAX_ROWS];
	size_t skip_sheet; /* answer TABLE_NEXT_SHEET on this sheet's first row */
};

static int
collect_sheets(const struct table_row *row, void *ctx)
{
	struct sheets_seen *s = ctx;

	if (row->sheet == s->skip_sheet)
		return TABLE_NEXT_SHEET;
	s->sheet[s->g.n] = row->sheet;
	return collect(row, &s->g);
}

/* Every visible sheet in the workbook's order; a hidden one is passed over. */
Test(table_xlsx, every_sheet)
{
	const char *workbook =
		"<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
		"relationships\"><sheets><sheet name=\"说明\" r:id=\"rId1\"/>"
		"<sheet name=\"隐藏\" state=\"hidden\" r:id=\"rId3\"/>"
		"<sheet name=\"数据\" r:id=\"rId7\"/></sheets></workbook>";
	const char *sheet = "<worksheet><sheetData><row r=\"2\"><c r=\"A2\"><v>5</v></c></row>"
			    "<row r=\"3\"><c r=\"A3\"><v>6</v></c></row></sheetData></worksheet>";
	struct sheets_seen s = {0};
	struct table_error err;
	size_t len;
	unsigned char *data = hand_book(workbook, sheet, &len);

	cr_assert_eq(table_each_sheets(data, len, collect_sheets, &s, NULL, &err), 0, "%s",
		     err.message);
	cr_assert_eq(s.g.n, 3);
	check_row(&s.g, 0, 1, ROW("wrong sheet"));
	check_row(&s.g, 1, 2, ROW("5"));
	check_row(&s.g, 2, 3, ROW("6"));
	cr_expect_eq(s.sheet[0], 1);
	cr_expect_eq(s.sheet[1], 2);
	got_clear(&s.g);
	/* the first sheet skipped at its first row */
	s = (struct sheets_seen){.skip_sheet = 1};
	cr_assert_eq(table_each_sheets(data, len, collect_sheets, &s, NULL, &err), 0);
	cr_assert_eq(s.g.n, 2);
	got_clear(&s.g);
	/* table_each reads the first sheet only */
	cr_assert_eq(table_each(data, len, collect, &s.g, NULL, &err), 0);
	cr_assert_eq(s.g.n, 1);
	got_clear(&s.g);
	free(data);
}

/* No entity to expand: a document type declaration is refused. */
Test(table_xlsx, doctype_refused)
{
	const char *sheet = "<!DOCTYPE w [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
			    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
			    "<is><t>&b;</t></is></c></row></sheetData></worksheet>";
	struct got g = {0};
	struct table_error err;
	size_t len;
	unsigned char *data = hand_book(WORKBOOK(""), sheet, &len);

	cr_assert_eq(table_each(data, len, collect, &g, NULL, &err), SB_BAD_FIELD);
	cr_expect(strstr(err.message, "document type") != NULL, "%s", err.message);
	cr_expect_eq(g.n, 0);
	got_clear(&g);
	free(data);
}

Test(table_xlsx, huge_entry_refused)
{
	struct table_error err;
	size_t len, cd;
	unsigned char *data = hand_book(WORKBOOK(""), wrong_sheet, &len);

	/* The first central directory entry (xl/workbook.xml) claims to inflate to 1 GiB. */
	cd = (size_t)data[len - 6] | (size_t)data[len - 5] << 8 | (size_t)data[len - 4] << 16 |
	     (size_t)data[len - 3] << 24;
	memcpy(data + cd + 24, "\x00\x00\x00\x40", 4);
	cr_assert_eq(table_each(data, len, collect, NULL, NULL, &err), SB_BAD_FIELD);
	cr_expect(strstr(err.message, "256 MiB") != NULL, "%s", err.message);
	free(data);
}

Test(table_xlsx, damaged_directory_refused)
{
	struct table_error err;
	size_t len;
	unsigned char *data = hand_book(WORKBOOK(""), wrong_sheet, &len);

	/* the end record says the directory starts past the end of the file */
	memset(data + len - 6, 0xff, 4);
	cr_assert_eq(table_each(data, len, collect, NULL, NULL, &err), SB_BAD_FIELD);
	cr_expect(strstr(err.message, "damaged") != NULL, "%s", err.message);
	free(data);
}

Test(table_xlsx, not_a_workbook)
{
	const struct part parts[] = {{"hello.txt", "hello"}};
	struct table_error err;
	size_t len;
	unsigned char *data = zip_build(parts, 1, &len);

	cr_assert_eq(table_each(data, len, collect, NULL, NULL, &err), SB_BAD_FIELD);
	cr_expect(strstr(err.message, "not an Excel workbook") != NULL, "%s", err.message);
	free(data);
}
