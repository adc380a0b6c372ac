/* Export files (util/table_write.c): the exact bytes of a CSV, the parts of
 * an XLSX read back with unzip, and the failures (a missing directory, a
 * bad sheet name, a file that cannot be written). */

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "util/errors.h"
#include "util/table_write.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static char dir[64];

static void
make_dir(void)
{
	strcpy(dir, "/tmp/sibai-table-XXXXXX");
	cr_assert_not_null(mkdtemp(dir), "cannot make a temporary directory");
}

static void
remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

TestSuite(table_write, .init = make_dir, .fini = remove_dir);

/* dir/name into out. */
static void
path_in_dir(char out[128], const char *name)
{
	snprintf(out, 128, "%s/%s", dir, name);
}

/* The whole content of path (NUL-terminated, *len bytes); the caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	cr_assert_not_null(data);
	cr_assert_eq(fread(data, 1, (size_t)n, f), (size_t)n, "short read of %s", path);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* The standard output of cmd (NUL-terminated); the caller frees.  Fails the
 * test when cmd does not exit 0. */
static char *
run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	cr_assert_not_null(p, "popen %s", cmd);
	for (;;) {
		if (cap - len < 4096) {
			cap = cap * 2 + 8192;
			data = realloc(data, cap);
			cr_assert_not_null(data);
		}
		n = fread(data + len, 1, cap - len - 1, p);
		if (n == 0)
			break;
		len += n;
	}
	data[len] = '\0';
	cr_assert_eq(pclose(p), 0, "`%s` failed", cmd);
	return data;
}

static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static const char *const headers[] = {"姓名", "地址", "备注"};

static const char *const rows[][3] = {
	{"张三", "上海市,静安区", "他说\"你好\""},
	{"李四", NULL, "第一行\n第二行"},
	{"=1+1", "-5", "@SUM(A1)"},
	{"+8613812345678", "\tTab", "a=b"},
	{"=HYPERLINK(\"http://x\",\"y\")", "x\ry", ""},
	{"1201室", "a<b&c", "'quoted"},
};

static const char *const footer = "导出人 admin · 2026-11-22 17:00 (Asia/Shanghai) · 共 6 行";

Test(table_write, csv_exact_bytes)
{
	static const char want[] =
		"\xef\xbb\xbf"
		"姓名,地址,备注\r\n"
		"张三,\"上海市,静安区\",\"他说\"\"你好\"\"\"\r\n"
		"李四,,\"第一行\n第二行\"\r\n"
		"'=1+1,'-5,'@SUM(A1)\r\n"
		"'+8613812345678,'\tTab,a=b\r\n"
		"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"x\ry\",\r\n"
		"1201室,a<b&c,'quoted\r\n"
		",,\r\n"
		",,\r\n"
		"导出人 admin · 2026-11-22 17:00 (Asia/Shanghai) · 共 6 行,,\r\n";
	struct table_writer *w = NULL;
	char path[128];
	struct stat st;
	size_t i, len;
	char *got;

	path_in_dir(path, "居民.csv");
	cr_assert_eq(table_writer_open(TABLE_WRITE_CSV, path, "居民", headers, 3, &w), SB_OK);
	cr_assert_not_null(w);
	for (i = 0; i < NELEM(rows); i++)
		cr_assert_eq(table_writer_row(w, rows[i]), SB_OK, "row %zu", i);
	cr_assert_eq(table_writer_row(w, NULL), SB_OK, "an empty row");
	cr_assert_eq(table_writer_close(w, "admin", footer), SB_OK);

	got = slurp(path, &len);
	cr_expect_eq(len, sizeof(want) - 1, "length %zu, want %zu", len, sizeof(want) - 1);
	cr_expect(len == sizeof(want) - 1 && memcmp(got, want, len) == 0,
		  "bytes differ:\n--- got\n%s\n--- want\n%s", got, want);
	free(got);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "mode %o, want 600", st.st_mode & 0777);
}

Test(table_write, csv_without_footer)
{
	static const char *const one[] = {"编号"};
	static const char *const cell[] = {"-1"};
	static const char want[] = "\xef\xbb\xbf编号\r\n'-1\r\n";
	struct table_writer *w = NULL;
	char path[128];
	size_t len;
	char *got;

	path_in_dir(path, "one.csv");
	cr_assert_eq(table_writer_open(TABLE_WRITE_CSV, path, NULL, one, 1, &w), SB_OK);
	cr_assert_eq(table_writer_row(w, cell), SB_OK);
	cr_assert_eq(table_writer_close(w, NULL, NULL), SB_OK);
	got = slurp(path, &len);
	cr_expect(len == sizeof(want) - 1 && memcmp(got, want, len) == 0, "got \"%s\"", got);
	free(got);
}

/* Whether haystack holds needle; a message naming what for the test. */
static void
expect_has(const char *haystack, const char *needle, const char *what)
{
	cr_expect_not_null(strstr(haystack, needle), "%s lacks %s", what, needle);
}

Test(table_write, xlsx_parts)
{
	static const char *const wide[] = {
		"长", "短",
		"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"};
	struct table_writer *w = NULL;
	char path[128], cmd[256];
	char *text;
	size_t i, len;

	cr_assert_eq(system("command -v unzip >/dev/null 2>&1"), 0,
		     "unzip is missing: install it (scripts/deps.sh lists it) to check XLSX files");
	path_in_dir(path, "居民.xlsx");
	cr_assert_eq(table_writer_open(TABLE_WRITE_XLSX, path, "居民", headers, 3, &w), SB_OK);
	cr_assert_not_null(w);
	for (i = 0; i < NELEM(rows); i++)
		cr_assert_eq(table_writer_row(w, rows[i]), SB_OK, "row %zu", i);
	cr_assert_eq(table_writer_row(w, wide), SB_OK);
	cr_assert_eq(table_writer_close(w, "admin", footer), SB_OK);

	text = slurp(path, &len);
	cr_assert_gt(len, 1000, "an XLSX of %zu bytes", len);
	cr_expect(memcmp(text, "PK\x03\x04", 4) == 0, "no ZIP signature");
	free(text);

	snprintf(cmd, sizeof(cmd), "unzip -Z1 '%s'", path);
	text = run(cmd);
	expect_has(text, "xl/worksheets/sheet1.xml", "the ZIP listing");
	expect_has(text, "xl/sharedStrings.xml", "the ZIP listing");
	free(text);

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/sharedStrings.xml", path);
	text = run(cmd);
	expect_has(text, "<t>姓名</t>", "sharedStrings.xml");
	expect_has(text, "<t>上海市,静安区</t>", "sharedStrings.xml");
	expect_has(text, "他说\"你好\"", "sharedStrings.xml");
	expect_has(text, "第一行\n第二行", "sharedStrings.xml");
	expect_has(text, "<t>=1+1</t>", "sharedStrings.xml");
	expect_has(text, "<t>-5</t>", "sharedStrings.xml");
	expect_has(text, "<t>@SUM(A1)</t>", "sharedStrings.xml");
	expect_has(text, "<t>+8613812345678</t>", "sharedStrings.xml");
	expect_has(text, "<t>a=b</t>", "sharedStrings.xml");
	expect_has(text, "<t>a&lt;b&amp;c</t>", "sharedStrings.xml");
	expect_has(text, footer, "sharedStrings.xml");
	free(text);

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet1.xml", path);
	text = run(cmd);
	expect_has(text, "state=\"frozen\"", "sheet1.xml");
	expect_has(text, "ySplit=\"1\"", "sheet1.xml");
	/* Column A: the HYPERLINK text cell is the widest (26) + 2; B:
	 * "上海市,静安区" (13) + 2; C: 80 capped at 60.  libxlsxwriter adds
	 * its padding to each. */
	expect_has(text, "<col min=\"1\" max=\"1\" width=\"28.", "sheet1.xml");
	expect_has(text, "<col min=\"2\" max=\"2\" width=\"15.", "sheet1.xml");
	expect_has(text, "<col min=\"3\" max=\"3\" width=\"60.", "sheet1.xml");
	cr_expect_null(strstr(text, "<f>"), "sheet1.xml holds a formula");
	/* The footer is on row 10: header, 7 rows, an empty row. */
	expect_has(text, "<row r=\"10\"", "sheet1.xml");
	cr_expect_null(strstr(text, "<row r=\"9\""), "the row before the footer is not empty");
	free(text);

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/workbook.xml", path);
	text = run(cmd);
	expect_has(text, "name=\"居民\"", "workbook.xml");
	free(text);

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/styles.xml", path);
	text = run(cmd);
	expect_has(text, "<b/>", "styles.xml (a bold font for the header)");
	free(text);

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' docProps/core.xml", path);
	text = run(cmd);
	expect_has(text, "<dc:title>居民</dc:title>", "core.xml");
	expect_has(text, "<dc:creator>admin</dc:creator>", "core.xml");
	expect_has(text, footer, "core.xml (comments)");
	free(text);
}

/* Typed columns: numbers, dates, date-times in Asia/Shanghai as such; a
 * value not of its kind stays text; the footer on a sheet of its own; in CSV
 * an ID number led by a tab. */
Test(table_write, typed_cells_and_footer_sheet)
{
	static const char *const head[] = {"姓名", "年龄", "出生日期", "走访时间", "身份证号"};
	static const char *const row1[] = {"=1+1", "81", "1944-04-04", "2026-11-18T08:40:00Z",
					   "310107194404041234"};
	static const char *const row2[] = {"乙", "未知", "不详", "2026-11-18",
					   "3101**********1234"};
	static const enum table_cell_kind kinds[] = {TABLE_CELL_TEXT, TABLE_CELL_NUMBER,
						     TABLE_CELL_DATE, TABLE_CELL_DATETIME,
						     TABLE_CELL_KEEP};
	struct table_writer *w = NULL;
	char path[128], cmd[256];
	char *text;
	size_t len;

	path_in_dir(path, "typed.xlsx");
	cr_assert_eq(table_writer_open(TABLE_WRITE_XLSX, path, "居民", head, 5, &w), SB_OK);
	table_writer_kinds(w, kinds);
	table_writer_footer_sheet(w, "导出信息");
	cr_assert_eq(table_writer_row(w, row1), SB_OK);
	cr_assert_eq(table_writer_row(w, row2), SB_OK);
	cr_assert_eq(table_writer_close(w, "admin", "导出人 admin"), SB_OK);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet1.xml", path);
	text = run(cmd);
	expect_has(text, "<c r=\"B2\"><v>81</v></c>", "a number cell");
	expect_has(text, "<c r=\"C2\" s=\"2\"><v>16166</v></c>", "a date cell, 1944-04-04");
	/* 2026-11-18 16:40 in Shanghai: serial 46344 and 40/60 + 16 hours */
	expect_has(text, "<c r=\"D2\" s=\"3\"><v>46344.69444444", "a date-time cell");
	expect_has(text, "<c r=\"B3\" t=\"s\">", "a number column's text stays text");
	cr_expect_null(strstr(text, "<f>"), "no formula");
	cr_expect_null(strstr(text, "<row r=\"4\""), "no footer under the data");
	free(text);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet2.xml", path);
	text = run(cmd);
	expect_has(text, "<c r=\"A1\" t=\"s\">", "the footer sheet");
	free(text);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/workbook.xml", path);
	text = run(cmd);
	expect_has(text, "name=\"导出信息\"", "the footer sheet's name");
	free(text);

	path_in_dir(path, "typed.csv");
	cr_assert_eq(table_writer_open(TABLE_WRITE_CSV, path, NULL, head, 5, &w), SB_OK);
	table_writer_kinds(w, kinds);
	cr_assert_eq(table_writer_row(w, row1), SB_OK);
	cr_assert_eq(table_writer_close(w, NULL, NULL), SB_OK);
	text = slurp(path, &len);
	expect_has(text, "'=1+1,81,1944-04-04,2026-11-18T08:40:00Z,\t310107194404041234\r\n",
		   "CSV");
	free(text);
}

Test(table_write, missing_directory_is_io)
{
	static const enum table_write_format fmts[] = {TABLE_WRITE_CSV, TABLE_WRITE_XLSX};
	struct table_writer *w;
	char path[128];
	size_t i;

	path_in_dir(path, "nope/居民.csv");
	for (i = 0; i < NELEM(fmts); i++) {
		w = (struct table_writer *)1;
		cr_expect_eq(table_writer_open(fmts[i], path, "居民", headers, 3, &w), SB_IO,
			     "format %d", fmts[i]);
		cr_expect_null(w, "format %d: *out not NULL", fmts[i]);
	}
}

Test(table_write, bad_arguments)
{
	struct table_writer *w;
	char path[128];

	path_in_dir(path, "bad.xlsx");
	cr_expect_eq(table_writer_open(TABLE_WRITE_XLSX, path, "a[b]", headers, 3, &w),
		     SB_BAD_FIELD, "a sheet name with brackets");
	cr_expect_null(w);
	cr_expect_eq(table_writer_open(
			     TABLE_WRITE_XLSX, path,
			     "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二",
			     headers, 3, &w),
		     SB_BAD_FIELD, "a sheet name of 32 characters");
	cr_expect_eq(table_writer_open(TABLE_WRITE_CSV, path, NULL, headers, 0, &w), SB_BAD_FIELD,
		     "no columns");
	cr_expect_eq(table_writer_open(TABLE_WRITE_CSV, path, NULL, NULL, 3, &w), SB_BAD_FIELD,
		     "no headers");
	cr_expect_eq(table_writer_open((enum table_write_format)7, path, NULL, headers, 3, &w),
		     SB_BAD_FIELD, "an unknown format");
	cr_expect_not(exists(path), "a refused open left %s behind", path);
	cr_expect_eq(table_writer_close(NULL, NULL, NULL), SB_OK);
}

/* The file cannot be assembled at close (its directory is gone): SB_IO. */
Test(table_write, xlsx_close_fails_is_io)
{
	struct table_writer *w = NULL;
	char sub[128], path[160];

	path_in_dir(sub, "sub");
	cr_assert_eq(mkdir(sub, 0700), 0);
	snprintf(path, sizeof(path), "%s/x.xlsx", sub);
	cr_assert_eq(table_writer_open(TABLE_WRITE_XLSX, path, "居民", headers, 3, &w), SB_OK);
	cr_assert_eq(table_writer_row(w, rows[0]), SB_OK);
	cr_assert(exists(path), "open creates the file");
	cr_assert_eq(unlink(path), 0);
	cr_assert_eq(rmdir(sub), 0);
	cr_expect_eq(table_writer_close(w, "admin", footer), SB_IO);
	cr_expect_not(exists(path));
}

/* Writes fail past a file size limit: the rows say SB_IO, then close does
 * and removes the file. */
Test(table_write, csv_write_error_removes_file)
{
	static char big[8192];
	const char *const cells[] = {big, "x", "y"};
	struct table_writer *w = NULL;
	struct rlimit old, lim;
	char path[128];
	int rc = SB_OK, i;

	memset(big, 'a', sizeof(big) - 1);
	path_in_dir(path, "big.csv");
	cr_assert_eq(table_writer_open(TABLE_WRITE_CSV, path, NULL, headers, 3, &w), SB_OK);
	cr_assert_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = 4096;
	cr_assert_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	for (i = 0; i < 4 && rc == SB_OK; i++)
		rc = table_writer_row(w, cells);
	cr_expect_eq(rc, SB_IO, "rows of 8 KiB past a 4 KiB limit");
	cr_expect_eq(table_writer_row(w, rows[0]), SB_IO, "a row after an error");
	cr_expect_eq(table_writer_close(w, "admin", footer), SB_IO);
	setrlimit(RLIMIT_FSIZE, &old);
	cr_expect_not(exists(path), "the broken file is left behind");
}

/* The number of entries of dir, besides . and .. */
static int
dir_entries(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

Test(table_write, anon_files_have_no_name)
{
	static const enum table_write_format fmts[] = {TABLE_WRITE_CSV, TABLE_WRITE_XLSX};
	static const char *const magic[] = {"\xef\xbb\xbf", "PK"};
	size_t f, i;

	for (f = 0; f < NELEM(fmts); f++) {
		struct table_writer *w = NULL;
		char head[4] = {0};
		struct stat st;
		int fd = -1;

		cr_assert_eq(table_writer_open_anon(fmts[f], dir, "居民", headers, 3, &w), SB_OK);
		if (fmts[f] == TABLE_WRITE_CSV)
			cr_expect_eq(dir_entries(), 0, "a CSV file is unlinked as it opens");
		for (i = 0; i < NELEM(rows); i++)
			cr_assert_eq(table_writer_row(w, rows[i]), SB_OK);
		cr_assert_eq(table_writer_close_fd(w, "admin", footer, &fd), SB_OK);
		cr_assert_geq(fd, 0);
		cr_expect_eq(dir_entries(), 0, "format %zu: nothing named is left", f);
		cr_assert_eq(fstat(fd, &st), 0);
		cr_expect_gt(st.st_size, 100);
		cr_expect_eq(st.st_nlink, 0, "format %zu: the file has no name", f);
		cr_assert_eq(read(fd, head, strlen(magic[f])), (ssize_t)strlen(magic[f]));
		cr_expect_str_eq(head, magic[f]);
		close(fd);
	}
	/* A failed writer leaves nothing either. */
	{
		struct table_writer *w = NULL;
		int fd = 0;

		cr_assert_eq(table_writer_open_anon(TABLE_WRITE_CSV, dir, NULL, headers, 3, &w),
			     SB_OK);
		cr_assert_eq(table_writer_close_fd(w, NULL, NULL, &fd), SB_OK);
		close(fd);
		cr_expect_eq(table_writer_open_anon(TABLE_WRITE_XLSX, "/nonexistent-dir", NULL,
						    headers, 3, &w),
			     SB_IO);
		cr_expect_null(w);
		cr_expect_eq(dir_entries(), 0);
	}
}
