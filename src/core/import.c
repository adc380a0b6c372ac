/* Import of residents (docs/import-template.md).
 *
 * Two stages per batch of lines.  Reading: table_each hands over the rows;
 * the header is found (title rows above it, a header of two rows, a data
 * sheet after instructions), each line's values are parsed and checked, the
 * ID and phone numbers sealed, the tags looked up, all without the writer
 * lock.  Writing: the checked lines of a batch are applied in one short
 * transaction, each under its own savepoint (a line refused by the register
 * changes nothing).  A dry run never writes: it looks places and residents
 * up with reads and compares.  Issue 14, F3: a 10,000-line import held the
 * writer for 29 s; now other writes wait for one batch (IMPORT_BATCH_LINES
 * or IMPORT_BATCH_MS) at most. */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include <sodium.h>

#include "core/ident.h"
#include "core/import.h"
#include "util/buf.h"
#include "util/table.h"
#include "util/xalloc.h"

/* The columns an import understands: header names (Chinese or English) and
 * the field each fills.  Headers are compared after header_key(). */
enum column {
	C_COMPOUND,
	C_BUILDING,
	C_ROOM,
	C_NAME,
	C_GENDER,
	C_BIRTH,
	C_ID,
	C_PHONE,
	C_RELATION,
	C_RESIDENCE,
	C_WORK,
	C_WORK_BACKGROUND,
	C_HEALTH,
	C_HOBBIES,
	C_SKILLS,
	C_PARTY,
	C_LIVES,
	C_REGISTERED,
	C_OWNS,
	C_TAGS,
	C_FLOOR,
	C_STATUS,
	C_STATUS_DATE,
	C_DERIVED, /* read back from an export, computed here: not imported */
	C_COUNT
};

#define NAMES_MAX 14

static const struct {
	const char *field;	      /* the resident field, or NULL */
	const char *names[NAMES_MAX]; /* accepted headers, the first is the template's */
} columns[C_COUNT] = {
	[C_COMPOUND] = {NULL, {"小区", "小区名称", "小区名", "居住小区", "所在小区", "compound"}},
	[C_BUILDING] = {NULL,
			{"楼号", "楼", "幢", "栋", "楼栋", "楼栋号", "幢号", "栋号", "楼幢",
			 "building"}},
	[C_ROOM] = {NULL, {"室号", "室", "房号", "房间号", "门牌", "门牌号", "户室号", "room"}},
	[C_NAME] = {"name", {"姓名", "居民姓名", "名字", "name"}},
	[C_GENDER] = {"gender", {"性别", "gender", "sex"}},
	[C_BIRTH] = {"birth_date",
		     {"出生日期", "出生年月", "出生年月日", "生日", "出生时间", "birth_date",
		      "birthday"}},
	[C_ID] = {"id_number",
		  {"身份证号", "身份证号码", "身份证", "公民身份号码", "公民身份证号",
		   "公民身份证号码", "证件号码", "证件号", "居民身份证号码", "id_number"}},
	[C_PHONE] = {"phone",
		     {"手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式",
		      "移动电话", "联系电话号码", "phone", "mobile"}},
	[C_RELATION] = {"relation", {"与户主关系", "关系", "与户主的关系", "户主关系", "relation"}},
	[C_RESIDENCE] = {"residence_kind",
			 {"户籍类型", "人口类型", "人员类型", "居住类型", "户籍性质",
			  "residence_kind"}},
	[C_WORK] = {"work", {"工作", "工作单位", "单位", "职业", "work"}},
	[C_WORK_BACKGROUND] = {"work_background", {"工作背景", "原工作单位", "work_background"}},
	[C_HEALTH] = {"health", {"健康状况", "健康", "身体状况", "health"}},
	[C_HOBBIES] = {"hobbies", {"兴趣爱好", "爱好", "hobbies"}},
	[C_SKILLS] = {"skills", {"技能特长", "特长", "技能", "skills"}},
	[C_PARTY] = {"party_member", {"党员", "是否党员", "政治面貌", "party_member"}},
	[C_LIVES] = {"lives_here", {"本房居住", "是否本房居住", "lives_here"}},
	[C_REGISTERED] = {"registered_here", {"本房户籍", "是否本房户籍", "registered_here"}},
	[C_OWNS] = {"owns", {"本房业主", "是否业主", "业主", "owns"}},
	[C_TAGS] = {NULL, {"标签", "人员标签", "tags"}},
	[C_FLOOR] = {NULL, {"楼层", "层", "floor"}},
	[C_STATUS] = {"status", {"状态", "人员状态", "status"}},
	[C_STATUS_DATE] = {"status_date", {"状态日期", "status_date"}},
	[C_DERIVED] = {NULL, {"年龄", "周岁", "序号", "编号", "age", "最近走访"}},
};

/* Chinese words for the enumerations, as Excel sheets write them. */
static const struct {
	const char *field;
	const char *word;
	const char *code;
} words[] = {
	{"gender", "男", "male"},
	{"gender", "女", "female"},
	{"gender", "男性", "male"},
	{"gender", "女性", "female"},
	{"relation", "户主", "head"},
	{"relation", "本人", "head"},
	{"relation", "配偶", "spouse"},
	{"relation", "妻", "spouse"},
	{"relation", "妻子", "spouse"},
	{"relation", "夫", "spouse"},
	{"relation", "丈夫", "spouse"},
	{"relation", "子女", "child"},
	{"relation", "子", "child"},
	{"relation", "女", "child"},
	{"relation", "儿子", "child"},
	{"relation", "女儿", "child"},
	{"relation", "父母", "parent"},
	{"relation", "父亲", "parent"},
	{"relation", "母亲", "parent"},
	{"relation", "孙子女", "grandchild"},
	{"relation", "孙子", "grandchild"},
	{"relation", "孙女", "grandchild"},
	{"relation", "外孙子女", "grandchild"},
	{"relation", "兄弟姐妹", "sibling"},
	{"relation", "其他", "other"},
	{"residence_kind", "户籍", "registered"},
	{"residence_kind", "户籍人口", "registered"},
	{"residence_kind", "常住", "resident"},
	{"residence_kind", "常住人口", "resident"},
	{"residence_kind", "流动", "floating"},
	{"residence_kind", "流动人口", "floating"},
	{"residence_kind", "外来人口", "floating"},
	{"residence_kind", "人户分离", "separated"},
	{"status", "在册", "living"},
	{"status", "迁出", "moved_out"},
	{"status", "死亡", "deceased"},
	{"status", "已故", "deceased"},
};

/* Rows of a sheet searched for the header. */
#define HEADER_SCAN 20
/* Names of created places listed in the report (the counts are complete). */
#define PLACES_LISTED 200
/* Stops table_each once the data sheet has ended. */
#define IMPORT_DONE 1001

/* --- a string → id map (places and, in a dry run, residents of this file) -- */

struct map_slot {
	char *key;
	int64_t id;
};

struct map {
	struct map_slot *slots;
	size_t cap, n;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static int64_t
map_get(const struct map *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return 0;
	for (i = hash_str(key) & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slots[i].key, key) == 0)
			return m->slots[i].id;
	return 0;
}

static void
map_put(struct map *m, const char *key, int64_t id)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct map old = *m;

		m->cap = m->cap ? 2 * m->cap : 256;
		m->slots = xcalloc(m->cap, sizeof(*m->slots));
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.slots[i].key) {
				size_t j = hash_str(old.slots[i].key) & (m->cap - 1);

				while (m->slots[j].key)
					j = (j + 1) & (m->cap - 1);
				m->slots[j] = old.slots[i];
				m->n++;
			}
		free(old.slots);
	}
	for (i = hash_str(key) & (m->cap - 1); m->slots[i].key; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slots[i].key, key) == 0) {
			m->slots[i].id = id;
			return;
		}
	m->slots[i].key = xstrdup(key);
	m->slots[i].id = id;
	m->n++;
}

static void
map_free(struct map *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* --- a set of 64-bit hashes: what this import may have written ------------ */

/* The keys (an ID number's blind index; a household and a name) of the
 * residents an import has written into a committee that had none.  A key
 * absent is a resident that does not exist, so the line skips its lookups;
 * a key present (or a collision) means: look it up as before. */
struct hash_set {
	uint64_t *slots; /* 0: empty */
	size_t cap, n;
};

static bool
set_has(const struct hash_set *h, uint64_t k)
{
	size_t i;

	k = k ? k : 1;
	if (h->cap == 0)
		return false;
	for (i = k & (h->cap - 1); h->slots[i]; i = (i + 1) & (h->cap - 1))
		if (h->slots[i] == k)
			return true;
	return false;
}

static void
set_add(struct hash_set *h, uint64_t k)
{
	size_t i;

	k = k ? k : 1;
	if (2 * (h->n + 1) > h->cap) {
		struct hash_set old = *h;

		h->cap = h->cap ? 2 * h->cap : 4096;
		h->slots = xcalloc(h->cap, sizeof(*h->slots));
		h->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.slots[i])
				set_add(h, old.slots[i]);
		free(old.slots);
	}
	for (i = k & (h->cap - 1); h->slots[i]; i = (i + 1) & (h->cap - 1))
		if (h->slots[i] == k)
			return;
	h->slots[i] = k;
	h->n++;
}

static uint64_t
name_hash(int64_t household_id, const char *name)
{
	uint64_t h = hash_str(name);

	return (h ^ (uint64_t)household_id) * 1099511628211ull;
}

/* --- text ---------------------------------------------------------------- */

/* Full-width ASCII forms (U+FF01–FF5E) and the ideographic space folded,
 * runs of spaces made one, the ends trimmed. */
static char *
fold(struct arena *ar, const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = arena_alloc(ar, n + 1);
	const unsigned char *p = (const unsigned char *)s;
	bool space = true; /* drops leading spaces */

	while (*p) {
		unsigned c = *p;

		if (c == 0xe3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
			c = ' ';
			p += 3;
		} else if (c == 0xef &&
			   ((p[1] == 0xbc && p[2] >= 0x81) || (p[1] == 0xbd && p[2] <= 0x9e))) {
			/* U+FF01..U+FF5E: EF BC 81..EF BD 9E */
			c = (unsigned)(((p[1] & 0x3) << 6 | (p[2] & 0x3f)) + 0x20);
			p += 3;
		} else if (c == '\t' || c == '\r' || c == '\n') {
			c = ' ';
			p++;
		} else {
			out[o++] = (char)*p++;
			space = false;
			continue;
		}
		if (c == ' ') {
			if (!space)
				out[o++] = ' ';
			space = true;
		} else {
			out[o++] = (char)c;
			space = false;
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
}

static bool
drop_suffix(char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	if (n > k && memcmp(s + n - k, suffix, k) == 0) {
		s[n - k] = '\0';
		return true;
	}
	return false;
}

char *
import_place_key(struct arena *ar, const char *name, char kind)
{
	static const char *const building[] = {"号楼", "号", "幢", "栋", "楼", "座", NULL};
	static const char *const room[] = {"室", "号", "房", NULL};
	const char *const *suffix = kind == 'b' ? building : kind == 'r' ? room : NULL;
	char *f = fold(ar, name), *o = f, *p;
	size_t i;

	for (p = f; *p; p++)
		if (*p != ' ')
			*o++ = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
	*o = '\0';
	for (i = 0; suffix && suffix[i]; i++)
		if (drop_suffix(f, suffix[i]))
			break;
	return f;
}

/* A header's key: folded, spaces and a trailing * or (…) note dropped. */
static char *
header_key(struct arena *ar, const char *cell)
{
	char *k = import_place_key(ar, cell, 'c'), *p;

	for (;;) {
		size_t n = strlen(k);

		if (n > 0 && k[n - 1] == '*') {
			k[n - 1] = '\0';
			continue;
		}
		if (n > 0 && k[n - 1] == ')' && (p = strrchr(k, '(')) != NULL && p > k) {
			*p = '\0';
			continue;
		}
		if (n > 3 && strcmp(k + n - 3, "）") == 0 && (p = strstr(k, "（")) != NULL &&
		    p > k) {
			*p = '\0';
			continue;
		}
		return k;
	}
}

static int
column_of_header(struct arena *ar, const char *cell)
{
	const char *k = header_key(ar, cell);
	size_t c, i;

	if (*k == '\0')
		return -1;
	for (c = 0; c < C_COUNT; c++)
		for (i = 0; i < NAMES_MAX && columns[c].names[i]; i++)
			if (strcasecmp(k, columns[c].names[i]) == 0)
				return (int)c;
	return -1;
}

/* --- the importer ---------------------------------------------------------- */

/* A tag of a line as store_tag_find found it when the line was read. */
struct line_tag {
	int64_t id;
	const char *name; /* as the tag is named */
	int review_days;
};

/* A line read and checked, waiting for its batch to be written. */
struct pending {
	size_t line;
	struct rvalue *vals;			/* resident fields */
	const char *compound, *building, *room; /* folded */
	int64_t floor;				/* 0: none given */
	struct tag_item *tags;			/* the settable ones */
	struct line_tag *found;			/* each as found, for a new resident */
	size_t ntags;
	bool has_tags;
};

/* A place made by the line being applied: counted and remembered only when
 * the line goes through. */
struct place_add {
	char kind; /* 'c', 'b', 'h' */
	const char *key;
	int64_t id;
	const char *label; /* for the report */
};

struct rowcopy {
	size_t line;
	size_t ncells;
	char **cells;
};

struct importer {
	struct store *st;
	const struct scope *sc;
	const struct import_options *opt;
	const struct register_actor *who;
	bool write;
	struct arena *ar;      /* lives as long as the import */
	struct arena line_ar;  /* freed after every line */
	struct arena batch_ar; /* freed after every batch */
	int col[C_COUNT];      /* cell index of each column, -1 absent */
	bool header_done;
	size_t sheet;	    /* the sheet being read */
	size_t header_line; /* the header's last row */
	struct rowcopy scan[HEADER_SCAN];
	size_t nscan;
	size_t best_line; /* the row most like a header, for the refusal */
	int best_score;
	json_t *columns;
	size_t lines;
	int64_t inserted, updated, unchanged, rejected;
	int64_t new_compounds, new_buildings, new_households;
	json_t *report_lines, *warnings, *new_compound_names, *new_building_names;
	struct pending *batch;
	size_t nbatch, batch_cap, batch_max;
	size_t written_through; /* the last line of the last batch written */
	struct map places, residents;
	int64_t fake; /* a dry run's made-up ids, negative */
	const char *encoding;
	int64_t floor;		      /* the floor of the line being applied, 0 when not given */
	int fatal;		      /* an error that stops the import */
	struct sb_fail *fail;	      /* where the current refusal goes */
	struct sb_fail line_fail;     /* a line's refusal */
	struct import_sink *sink;     /* lines handed over instead of written (import_read) */
	struct import_mapped *mapped; /* opt->mapping normalised once (column_of) */
	struct buf history;	      /* a new resident's history texts (add_resident) */
	bool fresh;		      /* the committee holds only this import's residents */
	bool marked;		      /* marks read once */
	struct import_marks marks;    /* the register as this import last left it */
	struct hash_set written;      /* keys of the residents written (apply_line) */
};

/* Every line of the report has the same keys: {line, status, id, reason,
 * reason_zh, field, column}, null where they do not apply. */
static void
report_line(struct importer *im, size_t line, const char *status, int64_t id,
	    const struct sb_fail *f, int column)
{
	json_array_append_new(im->report_lines,
			      json_pack("{s:I, s:s, s:o, s:s?, s:s?, s:s?, s:o}", "line",
					(json_int_t)line, "status", status, "id",
					id > 0 ? json_integer(id) : json_null(), "reason",
					f ? f->en : NULL, "reason_zh", f ? f->zh : NULL, "field",
					f ? f->field : NULL, "column",
					column > 0 ? json_integer(column) : json_null()));
}

static void
reject(struct importer *im, size_t line, struct sb_fail *f, int column)
{
	if (f->en == NULL) {
		f->en = "invalid line";
		f->zh = "该行无效";
	}
	report_line(im, line, "rejected", 0, f, column);
	im->rejected++;
}

static void
warn(struct importer *im, size_t line, int column, const char *field, const char *en,
     const char *zh)
{
	json_array_append_new(im->warnings,
			      json_pack("{s:I, s:o, s:s, s:s, s:s}", "line", (json_int_t)line,
					"column", column > 0 ? json_integer(column) : json_null(),
					"field", field, "message", en, "message_zh", zh));
}

/* --- the header ------------------------------------------------------------- */

static const enum column required[] = {C_COMPOUND, C_BUILDING, C_ROOM, C_NAME};
#define NREQUIRED (sizeof(required) / sizeof(required[0]))

static int column_of(struct importer *im, const char *cell);
static int sink_row(struct importer *im, const struct table_row *row);

/* Maps the columns of a header of one row (b NULL) or two (the lower row
 * b names a column where it says something the importer knows; else the
 * upper row a does, as a title merged over several columns leaves its text
 * in the first).  Returns how many columns are known; *complete when every
 * required one is. */
static int
map_header(struct importer *im, const struct rowcopy *a, const struct rowcopy *b, int col[C_COUNT],
	   bool *complete)
{
	size_t n = a->ncells, i, c;
	int known = 0;

	if (b && b->ncells > n)
		n = b->ncells;
	for (c = 0; c < C_COUNT; c++)
		col[c] = -1;
	for (i = 0; i < n; i++) {
		int k = -1;

		if (b && i < b->ncells)
			k = column_of(im, b->cells[i]);
		if (k < 0 && i < a->ncells)
			k = column_of(im, a->cells[i]);
		if (k >= 0 && col[k] < 0) {
			col[k] = (int)i;
			known++;
		}
	}
	*complete = true;
	for (i = 0; i < NREQUIRED; i++)
		if (col[required[i]] < 0)
			*complete = false;
	return known;
}

/* The report's columns: each cell of the header with the field it fills, or
 * null and why it is not imported. */
static void
header_columns(struct importer *im, const struct rowcopy *a, const struct rowcopy *b)
{
	size_t n = a->ncells, i;

	if (b && b->ncells > n)
		n = b->ncells;
	im->columns = json_array();
	for (i = 0; i < n; i++) {
		const char *top = i < a->ncells ? a->cells[i] : "";
		const char *low = b && i < b->ncells ? b->cells[i] : "";
		const char *text = *low ? low : top, *field = NULL, *note = NULL;
		size_t c;

		if (*text == '\0')
			continue;
		for (c = 0; c < C_COUNT && im->col[c] != (int)i; c++)
			;
		if (c == C_COUNT) {
			note = "ignored: not a column of the template";
		} else if (c == C_DERIVED) {
			note = "ignored: computed by sibai";
		} else {
			field = columns[c].field  ? columns[c].field
				: c == C_COMPOUND ? "compound"
				: c == C_BUILDING ? "building"
				: c == C_ROOM	  ? "room"
				: c == C_TAGS	  ? "tags"
						  : "floor";
		}
		json_array_append_new(im->columns,
				      json_pack("{s:I, s:s, s:s?, s:s?, s:s?}", "column",
						(json_int_t)(i + 1), "header", text, "field", field,
						"ignored", note, "ignored_zh",
						note == NULL	 ? NULL
						: c == C_DERIVED ? "未导入：由系统计算"
								 : "未导入：不是模板中的列"));
	}
}

static void
scan_push(struct importer *im, const struct table_row *row)
{
	struct rowcopy *r = &im->scan[im->nscan++];
	size_t i;

	r->line = row->line;
	r->ncells = row->ncells;
	r->cells = arena_alloc(im->ar, row->ncells * sizeof(*r->cells));
	for (i = 0; i < row->ncells; i++)
		r->cells[i] = arena_strdup(im->ar, row->cells[i]);
}

/* Looks for the header among the rows kept so far, the newest last: the row
 * before the newest, alone or with the newest under it.  *data_from gets how
 * many kept rows are the header's (the rest are data). */
static bool
try_header(struct importer *im, bool at_end, size_t *header_rows)
{
	int col1[C_COUNT], col2[C_COUNT];
	bool complete1 = false, complete2 = false;
	struct rowcopy *a, *b;
	int k1, k2;

	if (im->nscan == 0)
		return false;
	a = &im->scan[im->nscan - (at_end ? 1 : 2 <= im->nscan ? 2 : 1)];
	b = at_end || im->nscan < 2 ? NULL : &im->scan[im->nscan - 1];
	if (!at_end && im->nscan < 2)
		return false;
	k1 = map_header(im, a, NULL, col1, &complete1);
	if (k1 > im->best_score) {
		im->best_score = k1;
		im->best_line = a->line;
	}
	if (b) {
		k2 = map_header(im, a, b, col2, &complete2);
		if (complete2 && k2 > k1) {
			memcpy(im->col, col2, sizeof(col2));
			header_columns(im, a, b);
			im->header_line = b->line;
			*header_rows = 2;
			return true;
		}
	}
	if (complete1) {
		memcpy(im->col, col1, sizeof(col1));
		header_columns(im, a, NULL);
		im->header_line = a->line;
		*header_rows = 1;
		return true;
	}
	return false;
}

static int
no_header(struct importer *im)
{
	struct sb_fail *f = im->fail;

	if (im->best_score >= 2) {
		int col[C_COUNT];
		bool complete;
		size_t i;

		for (i = 0; i < im->nscan && im->scan[i].line != im->best_line; i++)
			;
		if (i < im->nscan) {
			map_header(im, &im->scan[i], NULL, col, &complete);
			for (i = 0; i < NREQUIRED; i++)
				if (col[required[i]] < 0)
					return sb_fail(
						f, SB_BAD_FIELD, "file",
						arena_printf(
							im->ar,
							"line %zu: the header lacks the column "
							"%s (or %s)",
							im->best_line,
							columns[required[i]].names[0],
							columns[required[i]].names[1]),
						arena_printf(
							im->ar,
							"第 %zu 行是表头，但缺少列“%s”（也可写作"
							"“%s”）",
							im->best_line,
							columns[required[i]].names[0],
							columns[required[i]].names[1]));
		}
	}
	return sb_fail(f, SB_BAD_FIELD, "file",
		       "no header found: the first 20 rows of every sheet lack the columns "
		       "小区, 楼号, 室号 and 姓名",
		       "找不到表头：每个工作表的前 20 行中都没有“小区”“楼号”“室号”“姓名”这些列");
}

/* --- values ------------------------------------------------------------------ */

static const char *
cell(const struct table_row *row, const struct importer *im, enum column c)
{
	int i = im->col[c];

	if (i < 0 || (size_t)i >= row->ncells || row->cells[i][0] == '\0')
		return NULL;
	return row->cells[i];
}

/* The code of a Chinese (or English) word for an enumerated field. */
static const char *
code_of(const char *field, const char *v)
{
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].field, field) == 0 && strcmp(words[i].word, v) == 0)
			return words[i].code;
	return v;
}

static int
parse_bool(const char *v, int64_t *out)
{
	static const char *yes[] = {"是", "true", "1",	      "y",    "yes",	  "√",
				    "✓",  "有",	  "中共党员", "党员", "预备党员", "中共预备党员"};
	static const char *no[] = {"否", "false", "0",	  "n",	      "no",   "×",
				   "无", "",	  "群众", "共青团员", "团员", "非党员"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return SB_OK;
		}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return SB_OK;
		}
	return SB_BAD_FIELD;
}

/* A date as Excel users type it: 1950-01-02, 1950/1/2, 19500102, 1950.1.2,
 * 1950年1月2日, an XLSX date-time (its time dropped).  *month_only for a year
 * and month alone (出生年月: 1950.01, 1950-1, 195001, 1950年1月). */
static const char *
normal_date(struct arena *ar, const char *v, bool *month_only)
{
	int y, m, d, used = 0;

	*month_only = false;
	if ((sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 ||
	     sscanf(v, "%4d/%2d/%2d%n", &y, &m, &d, &used) == 3 ||
	     sscanf(v, "%4d.%2d.%2d%n", &y, &m, &d, &used) == 3 ||
	     sscanf(v, "%4d年%2d月%2d日%n", &y, &m, &d, &used) == 3 ||
	     sscanf(v, "%4d年%2d月%2d%n", &y, &m, &d, &used) == 3) &&
	    (v[used] == '\0' || (v[used] == ' ' && strchr(v + used, ':'))))
		return arena_printf(ar, "%04d-%02d-%02d", y, m, d);
	if (strlen(v) == 8 && strspn(v, "0123456789") == 8 &&
	    sscanf(v, "%4d%2d%2d", &y, &m, &d) == 3)
		return arena_printf(ar, "%04d-%02d-%02d", y, m, d);
	used = 0;
	if (((sscanf(v, "%4d-%2d%n", &y, &m, &used) == 2 ||
	      sscanf(v, "%4d/%2d%n", &y, &m, &used) == 2 ||
	      sscanf(v, "%4d.%2d%n", &y, &m, &used) == 2) &&
	     v[used] == '\0') ||
	    (sscanf(v, "%4d年%2d月%n", &y, &m, &used) == 2 && v[used] == '\0') ||
	    (strlen(v) == 6 && strspn(v, "0123456789") == 6 && sscanf(v, "%4d%2d", &y, &m) == 2)) {
		*month_only = true;
		return arena_printf(ar, "%04d-%02d", y, m);
	}
	return v;
}

/* Whether v is a number as Excel shows a long one it has rounded:
 * 3.10107195001011E+17. */
static bool
excel_number(const char *v)
{
	const char *e = strpbrk(v, "eE");

	return e && e > v && strspn(v, "0123456789.") == (size_t)(e - v) &&
	       (e[1] == '+' || (e[1] >= '0' && e[1] <= '9'));
}

/* An ID number that went through a number cell: shown in E notation, or
 * written out with its last digits zeroed (Excel keeps 15 significant
 * digits), and then not valid. */
static bool
id_was_number(const char *v)
{
	size_t n = strlen(v);

	if (excel_number(v))
		return true;
	return n >= 15 && n <= 18 && strspn(v, "0123456789") == n && strcmp(v + n - 2, "00") == 0 &&
	       !ident_id_valid(v);
}

/* Characters GBK could not hold, turned into "?" on the way (or U+FFFD). */
static bool
lost_characters(const char *v)
{
	return strchr(v, '?') != NULL || strstr(v, "\xef\xbf\xbd") != NULL ||
	       strstr(v, "\xef\xbc\x9f") != NULL;
}

static int
refuse(struct importer *im, const char *field, const char *en, const char *zh)
{
	return sb_fail(im->fail, SB_BAD_FIELD, field, en, zh);
}

/* Fills resident values from a line; BAD_FIELD naming the field. */
static int
line_values(struct importer *im, const struct table_row *row, struct rvalue *vals, int *bad_col)
{
	const struct entity_def *def = &entity_resident;
	const char *birth_month = NULL;
	size_t c;

	for (c = 0; c < C_COUNT; c++) {
		const char *v = cell(row, im, (enum column)c);
		const struct rfield *f;
		struct rvalue *rv;
		bool month_only;
		int fi;

		if (v == NULL || columns[c].field == NULL)
			continue;
		/* the apostrophe a CSV export puts before = + - @ (util/table_write.h) */
		if (v[0] == '\'' && v[1] != '\0' && strchr("=+-@", v[1]) != NULL)
			v++;
		fi = entity_field(def, columns[c].field);
		f = &def->fields[fi];
		rv = &vals[fi];
		rv->present = true;
		*bad_col = im->col[c] + 1;
		if (f->kind == RK_SECRET && strchr(v, '*') != NULL) {
			/* masked, as an export without reveal has it: the stored
			 * number stays */
			rv->present = false;
			continue;
		}
		if (f->kind == RK_SECRET &&
		    (strcmp(f->name, "id_number") == 0 ? id_was_number(v) : excel_number(v)))
			return refuse(
				im, f->name,
				arena_printf(&im->line_ar,
					     "%s: Excel stored %s as a number and lost its last "
					     "digits; format the column as text and type it again",
					     f->name, v),
				arena_printf(&im->line_ar,
					     "%s：Excel 把 %s 存成了数字，末几位已丢失；请把这一列"
					     "设置为“文本”格式后重新填写",
					     columns[c].names[0], v));
		switch (f->kind) {
		case RK_BOOL:
			if (parse_bool(v, &rv->i) != SB_OK)
				return refuse(im, f->name,
					      arena_printf(&im->line_ar, "%s: 是 or 否", f->name),
					      arena_printf(&im->line_ar, "%s：须为“是”或“否”",
							   columns[c].names[0]));
			break;
		case RK_ENUM: rv->s = code_of(f->name, fold(&im->line_ar, v)); break;
		case RK_DATE:
			rv->s = normal_date(&im->line_ar, v, &month_only);
			if (month_only && f == &def->fields[entity_field(def, "birth_date")]) {
				birth_month = rv->s;
				rv->present = false;
				continue;
			}
			break;
		case RK_TEXT:
			/* A line break in a one-line field is refused on its line, as in
			 * the API (the safety rail), not folded into a space. */
			rv->s = (f->flags & RF_LINES) || strpbrk(v, "\r\n") ? v
									    : fold(&im->line_ar, v);
			if (lost_characters(rv->s))
				warn(im, row->line, im->col[c] + 1, f->name,
				     arena_printf(im->ar,
						  "%s holds \"?\": characters may have been lost "
						  "when the file was saved as GBK",
						  f->name),
				     arena_printf(im->ar,
						  "%s 中有“?”：文件存为 GBK 编码时可能丢失了字",
						  columns[c].names[0]));
			break;
		default: rv->s = v; break;
		}
		if (register_check_value(f, rv, im->who, &im->line_ar, im->fail) != SB_OK)
			return SB_BAD_FIELD;
	}
	if (birth_month) {
		/* 出生年月: the day comes from the ID number, which must agree. */
		const struct rvalue *idv = &vals[entity_field(def, "id_number")];
		char date[11];
		bool female;

		*bad_col = im->col[C_BIRTH] + 1;
		if (!idv->present || idv->null || idv->clear == NULL)
			return refuse(im, "birth_date",
				      "birth_date: a year and month without the day; write the "
				      "whole date, as 1942-05-01",
				      "出生日期：只有年月，缺少日；请填写完整日期，如 1942-05-01");
		ident_id_birth(idv->clear, date, &female);
		if (strncmp(date, birth_month, 7) != 0)
			return refuse(im, "birth_date",
				      "birth_date: the year and month differ from the ID number's",
				      "出生日期：年月与身份证号不符");
	}
	*bad_col = 0;
	return SB_OK;
}

/* The tags of a line: names separated by 、 ; ， or a comma.  Derived tags
 * (高龄, as an export writes them) are dropped: they follow from the data. */
static int
line_tags(struct importer *im, const char *text, struct pending *p)
{
	size_t cap = 0, found_cap = 0, nfound = 0, i;
	char *copy = arena_strdup(&im->batch_ar, text), *s = copy;

	p->tags = NULL;
	p->found = NULL;
	p->ntags = 0;
	p->has_tags = true;
	while (*s) {
		char *end = s, *name;
		struct tag t;
		int rc;

		while (*end && *end != ',' && *end != ';' && strncmp(end, "、", 3) != 0 &&
		       strncmp(end, "，", 3) != 0 && strncmp(end, "；", 3) != 0)
			end++;
		name = fold(&im->batch_ar, arena_strndup(&im->line_ar, s, (size_t)(end - s)));
		if (*name) {
			rc = store_tag_find(im->st, name, im->opt->committee, &im->line_ar, &t);
			if (rc == SB_NOT_FOUND)
				return refuse(
					im, "tags",
					arena_printf(im->ar, "tags: no tag named %s here", name),
					arena_printf(im->ar, "标签：此处没有名为 %s 的标签", name));
			if (rc != SB_OK)
				return rc;
			for (i = 0; i < p->ntags && strcmp(p->tags[i].name, name) != 0; i++)
				;
			if (strcmp(t.category, "derived") != 0 && i == p->ntags) {
				struct tag_item *ti = arena_push(&im->batch_ar, &p->tags, &p->ntags,
								 &cap, sizeof(*ti));
				struct line_tag *lt = arena_push(&im->batch_ar, &p->found, &nfound,
								 &found_cap, sizeof(*lt));

				ti->name = name;
				lt->id = t.id;
				lt->name = arena_strdup(&im->batch_ar, t.name);
				lt->review_days = t.review_days;
			}
		}
		if (*end == '\0')
			break;
		s = end + (*end == ',' || *end == ';' ? 1 : 3);
	}
	return SB_OK;
}

/* A line as a pending entry in the batch's arena; BAD_FIELD refuses it. */
static int
read_line(struct importer *im, const struct table_row *row, struct pending *p, int *bad_col)
{
	const struct entity_def *def = &entity_resident;
	const char *compound = cell(row, im, C_COMPOUND), *building = cell(row, im, C_BUILDING);
	const char *room = cell(row, im, C_ROOM), *floor = cell(row, im, C_FLOOR);
	const char *tags = cell(row, im, C_TAGS);
	struct rvalue *vals = arena_alloc(&im->line_ar, def->nfields * sizeof(*vals));
	size_t i;
	int rc;

	memset(p, 0, sizeof(*p));
	p->line = row->line;
	rc = line_values(im, row, vals, bad_col);
	if (rc != SB_OK)
		return rc;
	if (!vals[entity_field(def, "name")].present) {
		*bad_col = im->col[C_NAME] + 1;
		return refuse(im, "name", "name: required", "姓名：必填");
	}
	if (compound == NULL || building == NULL || room == NULL) {
		enum column c = compound == NULL   ? C_COMPOUND
				: building == NULL ? C_BUILDING
						   : C_ROOM;

		*bad_col = im->col[c] + 1;
		return refuse(im,
			      c == C_COMPOUND	? "compound"
			      : c == C_BUILDING ? "building"
						: "room",
			      "小区, 楼号 and 室号 are required", "小区、楼号、室号必填");
	}
	if (floor) {
		char *end;
		long n = strtol(floor, &end, 10);

		if (*end || end == floor || n < -10 || n > 200) {
			*bad_col = im->col[C_FLOOR] + 1;
			return refuse(im, "floor", "floor: a whole number", "楼层：须为整数");
		}
		p->floor = n == 0 ? 0 : n;
	}
	if (tags) {
		*bad_col = im->col[C_TAGS] + 1;
		rc = line_tags(im, tags, p);
		if (rc != SB_OK)
			return rc;
		*bad_col = 0;
	}
	/* Copy what the batch needs out of the line's arena. */
	p->vals = arena_alloc(&im->batch_ar, def->nfields * sizeof(*vals));
	for (i = 0; i < def->nfields; i++) {
		struct rvalue *v = &p->vals[i];

		*v = vals[i];
		if (v->s)
			v->s = arena_strdup(&im->batch_ar, v->s);
		if (v->clear)
			v->clear = arena_strdup(&im->batch_ar, v->clear);
		if (v->index)
			v->index = arena_strdup(&im->batch_ar, v->index);
		if (v->box) {
			unsigned char *b = arena_alloc(&im->batch_ar, v->boxlen);

			memcpy(b, v->box, v->boxlen);
			v->box = b;
		}
	}
	p->compound = fold(&im->batch_ar, compound);
	p->building = fold(&im->batch_ar, building);
	p->room = fold(&im->batch_ar, room);
	if (strspn(p->building, "0123456789") == strlen(p->building))
		p->building = arena_printf(&im->batch_ar, "%s号", p->building);
	if (lost_characters(p->compound) || lost_characters(p->building) ||
	    lost_characters(p->room))
		warn(im, row->line, im->col[C_COMPOUND] + 1, "compound",
		     "the address holds \"?\": characters may have been lost when the file was "
		     "saved as GBK",
		     "地址中有“?”：文件存为 GBK 编码时可能丢失了字");
	return SB_OK;
}

/* --- places ------------------------------------------------------------------ */

/* Loads the places under a parent into the map once (keys "c|key",
 * "b|compound|key", "h|building|key"). */
static int
load_places(struct importer *im, enum place_kind kind, int64_t parent)
{
	const char *mark = arena_printf(&im->line_ar, "L%d|%lld", (int)kind, (long long)parent);
	struct place_name *items;
	size_t n, i;
	int rc;

	if (map_get(&im->places, mark) ||
	    parent < 0) /* a dry run's new place has nothing under it */
		return SB_OK;
	rc = store_place_names(im->st, kind, im->opt->committee, parent, &im->line_ar, &items, &n);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < n; i++) {
		const char *key =
			arena_printf(&im->line_ar, "%c|%lld|%s", "cbh"[kind], (long long)parent,
				     import_place_key(&im->line_ar, items[i].name, "cbr"[kind]));

		if (!map_get(&im->places, key)) /* the oldest of two variants wins */
			map_put(&im->places, key, items[i].id);
	}
	map_put(&im->places, mark, 1);
	return SB_OK;
}

/* s as a JSON string (the history entries written directly). */
static void
json_text(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	buf_add_json_str(b, s);
	buf_addc(b, '"');
}

/* A household the import makes in building_id, as register_create makes one
 * (the room checked, the floor given or read from the room, an active
 * household of that room refused, its grid, its history entry "create") but
 * through the import's prepared statement and without jansson: one line in
 * 2.4 of a typical file makes its household. */
static int
add_household(struct importer *im, int64_t building_id, const char *room, int64_t *id)
{
	const struct entity_def *d = &entity_household;
	const struct rfield *room_f = &d->fields[entity_field(d, "room")];
	const struct rfield *floor_f = &d->fields[entity_field(d, "floor")];
	struct rvalue rv = {.present = true, .s = room};
	struct rvalue fv = {.present = im->floor != 0, .i = im->floor};
	struct import_household h = {0};
	struct buf *b = &im->history;
	bool taken = false;
	int fl, rc;

	rc = register_check_value(room_f, &rv, im->who, &im->line_ar, im->fail);
	if (rc == SB_OK && fv.present)
		rc = register_check_value(floor_f, &fv, im->who, &im->line_ar, im->fail);
	if (rc != SB_OK)
		return rc;
	if (!fv.present && ident_room_floor(rv.s, &fl)) {
		fv.present = true;
		fv.i = fl;
	}
	rc = store_room_taken(im->st, im->sc, building_id, rv.s, 0, &taken);
	if (rc != SB_OK)
		return rc;
	if (taken)
		return sb_fail(
			im->fail, SB_CONFLICT, "room",
			arena_printf(&im->line_ar,
				     "room: %s already has an active household in this building",
				     rv.s),
			arena_printf(&im->line_ar, "room：本楼 %s 已有在册住户", rv.s));
	buf_reset(b);
	buf_printf(b, "{\"building_id\":{\"new\":%lld,\"old\":null},", (long long)building_id);
	if (fv.present)
		buf_printf(b, "\"floor\":{\"new\":%lld,\"old\":null},", (long long)fv.i);
	buf_adds(b, "\"room\":{\"new\":");
	json_text(b, rv.s);
	buf_adds(b, ",\"old\":null},\"status\":{\"new\":\"active\",\"old\":null}}");
	h.building_id = building_id;
	h.committee_code = im->opt->committee;
	h.room = rv.s;
	h.status = "active";
	h.has_floor = fv.present;
	h.floor = fv.i;
	h.at = im->who->now;
	h.user_id = im->who->user_id;
	h.username = im->who->username;
	h.changes = b->data;
	rc = store_import_household_add(im->st, im->sc, &h, id);
	if (rc == SB_NOT_FOUND)
		rc = sb_fail(im->fail, SB_BAD_FIELD, "building_id",
			     "building_id: not in your jurisdiction", "楼编号：不在您的辖区内");
	return rc;
}

/* The id of a place, made (or, in a dry run, made up) when missing. */
static int
place_of(struct importer *im, enum place_kind kind, int64_t parent, const char *name,
	 struct place_add *adds, size_t *nadds, int64_t *id)
{
	const struct entity_def *def = kind == PLACE_COMPOUND	? &entity_compound
				       : kind == PLACE_BUILDING ? &entity_building
								: &entity_household;
	const char *key = arena_printf(&im->line_ar, "%c|%lld|%s", "cbh"[kind], (long long)parent,
				       import_place_key(&im->line_ar, name, "cbr"[kind]));
	struct place_add *a;
	size_t i;
	int rc;

	for (i = 0; i < *nadds; i++)
		if (strcmp(adds[i].key, key) == 0) {
			*id = adds[i].id;
			return SB_OK;
		}
	rc = load_places(im, kind, kind == PLACE_COMPOUND ? 0 : parent);
	if (rc != SB_OK)
		return rc;
	*id = map_get(&im->places, key);
	if (*id)
		return SB_OK;
	if (im->write) {
		struct rvalue *v = arena_alloc(&im->line_ar, def->nfields * sizeof(*v));

		if (kind == PLACE_COMPOUND) {
			v[entity_field(def, "committee_code")] =
				(struct rvalue){.present = true, .s = im->opt->committee};
			v[entity_field(def, "name")] = (struct rvalue){.present = true, .s = name};
			v[entity_field(def, "kind")] =
				(struct rvalue){.present = true, .s = "other"};
		} else if (kind == PLACE_BUILDING) {
			v[entity_field(def, "compound_id")] =
				(struct rvalue){.present = true, .i = parent};
			v[entity_field(def, "label")] = (struct rvalue){.present = true, .s = name};
		} else {
			v[entity_field(def, "building_id")] =
				(struct rvalue){.present = true, .i = parent};
			v[entity_field(def, "room")] = (struct rvalue){.present = true, .s = name};
			if (im->floor != 0)
				v[entity_field(def, "floor")] =
					(struct rvalue){.present = true, .i = im->floor};
		}
		rc = kind == PLACE_HOUSEHOLD ? add_household(im, parent, name, id)
					     : register_create(im->st, im->sc, def, v, im->who,
							       &im->line_ar, id, im->fail);
		if (rc != SB_OK)
			return rc;
	} else {
		*id = --im->fake;
	}
	a = &adds[(*nadds)++];
	a->kind = "cbh"[kind];
	a->key = key;
	a->id = *id;
	a->label = name;
	return SB_OK;
}

/* The places of a line were accepted: remember and count them. */
static void
places_taken(struct importer *im, const struct pending *p, const struct place_add *adds,
	     size_t nadds)
{
	size_t i;

	for (i = 0; i < nadds; i++) {
		map_put(&im->places, adds[i].key, adds[i].id);
		if (adds[i].kind == 'c') {
			im->new_compounds++;
			if (json_array_size(im->new_compound_names) < PLACES_LISTED)
				json_array_append_new(im->new_compound_names,
						      json_string(adds[i].label));
		} else if (adds[i].kind == 'b') {
			im->new_buildings++;
			if (json_array_size(im->new_building_names) < PLACES_LISTED)
				json_array_append_new(
					im->new_building_names,
					json_sprintf("%s %s", p->compound, adds[i].label));
		} else {
			im->new_households++;
		}
	}
}

/* --- applying a line --------------------------------------------------------- */

static bool
same(const struct rfield *f, const struct rvalue *a, const struct rvalue *b)
{
	if (a->null || b->null)
		return a->null == b->null;
	switch (f->kind) {
	case RK_INT:
	case RK_REF:
	case RK_BOOL: return a->i == b->i;
	case RK_SECRET: return a->index && b->index && strcmp(a->index, b->index) == 0;
	default: return a->s && b->s && strcmp(a->s, b->s) == 0;
	}
}

/* Whether the tags of a resident (derived ones aside) are the names given. */
static int
same_tags(struct importer *im, int64_t id, const struct pending *p, bool *same_set)
{
	struct tag_on_list have;
	size_t i, j, n = 0;
	int rc;

	*same_set = false;
	if (id < 0)
		return SB_OK;
	rc = store_tags_of(im->st, "resident", id, &im->line_ar, &have);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < have.n; i++) {
		if (strcmp(have.items[i].category, "derived") == 0)
			continue;
		n++;
		for (j = 0; j < p->ntags && strcmp(have.items[i].name, p->tags[j].name) != 0; j++)
			;
		if (j == p->ntags)
			return SB_OK;
	}
	*same_set = n == p->ntags;
	return SB_OK;
}

/* A dry run's "would it change": the present values against the stored. */
static int
would_change(struct importer *im, int64_t id, const struct rvalue *vals, bool *changed)
{
	const struct entity_def *def = &entity_resident;
	struct rvalue *old;
	size_t i;
	int rc;

	*changed = true;
	if (id < 0) /* a resident this file adds: compared once written */
		return SB_OK;
	rc = register_get(im->st, im->sc, def, id, &im->line_ar, &old);
	if (rc != SB_OK)
		return rc;
	*changed = false;
	for (i = 0; i < def->nfields; i++)
		if (vals[i].present && def->fields[i].column &&
		    !same(&def->fields[i], &vals[i], &old[i]))
			*changed = true;
	return SB_OK;
}

/* --- adding a resident in bulk ------------------------------------------------ */

/* An import adds its new residents here rather than through register_create:
 * the same rules (values checked when the line was read, then the defaults,
 * the birth date and gender derived from the ID number, a status other than
 * 在册 needing its date, the committee in the caller's scope) and the same
 * rows (the resident, its history entry "create" with every field set, its
 * name in the search index), but written through one statement prepared
 * once, with the history's JSON written straight into a buffer.  The generic
 * path builds the INSERT's text, looks the household's committee up again and
 * makes a jansson tree per line: 56 % of an import's time, and json_dumps
 * another 10 % (docs/performance.md, "Import speed").  Keep the two in step:
 * tests/e2e/register-history.test.mjs reads the entries of both. */

/* The resident's fields by name, found once (pthread_once: imports run on
 * the two long-work threads). */
struct resident_fields {
	int household_id, name, gender, birth_date, id_number, phone, relation, residence_kind;
	int work, work_background, health, hobbies, skills, party_member, lives_here;
	int registered_here, owns, status, status_date, emergency_name, emergency_relation;
	int emergency_phone, carer_name, carer_relation, carer_phone;
	size_t sorted[64]; /* field indexes by name, as json_dumps sorts keys */
	size_t nsorted;
};

static struct resident_fields rf;
static pthread_once_t rf_once = PTHREAD_ONCE_INIT;

static int
by_field_name(const void *a, const void *b)
{
	const struct rfield *f = entity_resident.fields;

	return strcmp(f[*(const size_t *)a].name, f[*(const size_t *)b].name);
}

static void
resident_fields_init(void)
{
	const struct entity_def *d = &entity_resident;
	size_t i;

#define F(n) rf.n = entity_field(d, #n)
	F(household_id);
	F(name);
	F(gender);
	F(birth_date);
	F(id_number);
	F(phone);
	F(relation);
	F(residence_kind);
	F(work);
	F(work_background);
	F(health);
	F(hobbies);
	F(skills);
	F(party_member);
	F(lives_here);
	F(registered_here);
	F(owns);
	F(status);
	F(status_date);
	F(emergency_name);
	F(emergency_relation);
	F(emergency_phone);
	F(carer_name);
	F(carer_relation);
	F(carer_phone);
#undef F
	for (i = 0; i < d->nfields && i < sizeof(rf.sorted) / sizeof(rf.sorted[0]); i++)
		rf.sorted[i] = i;
	rf.nsorted = i;
	qsort(rf.sorted, rf.nsorted, sizeof(rf.sorted[0]), by_field_name);
}

static const char *
text_of(const struct rvalue *vals, int i)
{
	return i >= 0 && vals[i].present && !vals[i].null ? vals[i].s : NULL;
}

static void
secret_of(const struct rvalue *vals, int i, struct import_secret *out)
{
	memset(out, 0, sizeof(*out));
	if (i >= 0 && vals[i].present && !vals[i].null && vals[i].box) {
		out->box = vals[i].box;
		out->boxlen = vals[i].boxlen;
		out->index = vals[i].index;
		out->mask = vals[i].s;
	}
}

/* The history entry's texts, as register_create records them: changes
 * {field: {"new": value, "old": null}} for every field set, keys sorted;
 * sealed {field: {"old": null, "new": {"box", "index", "mask"}}} for the
 * secrets, in field order, keys as written (NULL when none). */
static void
history_texts(struct importer *im, const struct rvalue *vals, const char **changes,
	      const char **sealed)
{
	const struct entity_def *d = &entity_resident;
	struct buf *b = &im->history;
	size_t k, i, nsealed = 0;

	buf_reset(b);
	buf_addc(b, '{');
	for (k = 0; k < rf.nsorted; k++) {
		const struct rfield *f = &d->fields[rf.sorted[k]];
		const struct rvalue *v = &vals[rf.sorted[k]];

		if (!v->present || v->null || f->column == NULL || (f->flags & RF_READONLY))
			continue;
		if (b->len > 1)
			buf_addc(b, ',');
		json_text(b, f->name);
		buf_adds(b, ":{\"new\":");
		switch (f->kind) {
		case RK_INT:
		case RK_REF: buf_printf(b, "%lld", (long long)v->i); break;
		case RK_BOOL: buf_adds(b, v->i ? "true" : "false"); break;
		default: json_text(b, v->s); break;
		}
		buf_adds(b, ",\"old\":null}");
	}
	buf_addc(b, '}');
	*changes = arena_strdup(&im->line_ar, b->data);
	buf_reset(b);
	buf_addc(b, '{');
	for (i = 0; i < d->nfields; i++) {
		const struct rfield *f = &d->fields[i];
		const struct rvalue *v = &vals[i];
		char *b64;
		size_t n;

		if (f->kind != RK_SECRET || !v->present || v->null || v->box == NULL)
			continue;
		n = sodium_base64_encoded_len(v->boxlen, sodium_base64_VARIANT_ORIGINAL);
		b64 = arena_alloc(&im->line_ar, n);
		sodium_bin2base64(b64, n, v->box, v->boxlen, sodium_base64_VARIANT_ORIGINAL);
		if (nsealed++)
			buf_addc(b, ',');
		json_text(b, f->name);
		buf_adds(b, ":{\"old\":null,\"new\":{\"box\":");
		json_text(b, b64);
		buf_adds(b, ",\"index\":");
		json_text(b, v->index);
		buf_adds(b, ",\"mask\":");
		json_text(b, v->s);
		buf_adds(b, "}}");
	}
	buf_addc(b, '}');
	*sealed = nsealed ? arena_strdup(&im->line_ar, b->data) : NULL;
}

/* Adds a new resident of the line (vals checked when it was read, its
 * household set); BAD_FIELD for a rule of the register it breaks. */
static int
add_resident(struct importer *im, struct rvalue *vals, int64_t *id)
{
	const struct entity_def *d = &entity_resident;
	struct import_resident r = {0};
	struct rvalue *idv, *birth, *gender;
	size_t i;
	int rc;

	pthread_once(&rf_once, resident_fields_init);
	/* the defaults register_create fills */
	for (i = 0; i < d->nfields; i++) {
		const struct rfield *f = &d->fields[i];

		if ((f->flags & RF_REQUIRED) && (!vals[i].present || vals[i].null))
			return sb_fail(im->fail, SB_BAD_FIELD, f->name,
				       arena_printf(&im->line_ar, "%s: required", f->name),
				       arena_printf(&im->line_ar, "%s：必填", f->name));
		if (!vals[i].present && f->kind == RK_BOOL) {
			vals[i].present = true;
			vals[i].i = f->dflt;
		}
		if (!vals[i].present && f->kind == RK_ENUM && f->values &&
		    !(f->flags & RF_NULLABLE)) {
			vals[i].present = true;
			vals[i].s = f->values[0];
		}
	}
	/* what derives from the ID number */
	idv = &vals[rf.id_number];
	birth = &vals[rf.birth_date];
	gender = &vals[rf.gender];
	if (idv->present && !idv->null && idv->clear) {
		char date[11];
		bool female;

		ident_id_birth(idv->clear, date, &female);
		if (!birth->present || birth->null) {
			birth->present = true;
			birth->null = false;
			birth->s = arena_strdup(&im->line_ar, date);
		}
		if (!gender->present || gender->null) {
			gender->present = true;
			gender->null = false;
			gender->s = female ? "female" : "male";
		}
	}
	if (text_of(vals, rf.status) && strcmp(vals[rf.status].s, "living") != 0 &&
	    !text_of(vals, rf.status_date))
		return sb_fail(im->fail, SB_BAD_FIELD, "status_date",
			       "status_date: required when the status is moved_out or deceased",
			       "status_date：状态为迁出或死亡时必填");
	r.household_id = vals[rf.household_id].i;
	r.committee_code = im->opt->committee;
	r.name = text_of(vals, rf.name);
	r.gender = text_of(vals, rf.gender);
	r.birth_date = text_of(vals, rf.birth_date);
	r.relation = text_of(vals, rf.relation);
	r.residence_kind = text_of(vals, rf.residence_kind);
	r.work = text_of(vals, rf.work);
	r.work_background = text_of(vals, rf.work_background);
	r.health = text_of(vals, rf.health);
	r.hobbies = text_of(vals, rf.hobbies);
	r.skills = text_of(vals, rf.skills);
	r.party_member = vals[rf.party_member].i != 0;
	r.lives_here = vals[rf.lives_here].i != 0;
	r.registered_here = vals[rf.registered_here].i != 0;
	r.owns = vals[rf.owns].i != 0;
	r.status = text_of(vals, rf.status);
	r.status_date = text_of(vals, rf.status_date);
	r.emergency_name = text_of(vals, rf.emergency_name);
	r.emergency_relation = text_of(vals, rf.emergency_relation);
	r.carer_name = text_of(vals, rf.carer_name);
	r.carer_relation = text_of(vals, rf.carer_relation);
	secret_of(vals, rf.id_number, &r.id_number);
	secret_of(vals, rf.phone, &r.phone);
	secret_of(vals, rf.emergency_phone, &r.emergency_phone);
	secret_of(vals, rf.carer_phone, &r.carer_phone);
	r.at = im->who->now;
	r.user_id = im->who->user_id;
	r.username = im->who->username;
	history_texts(im, vals, &r.changes, &r.sealed);
	rc = store_import_resident_add(im->st, im->sc, &r, id);
	if (rc == SB_NOT_FOUND)
		rc = sb_fail(im->fail, SB_BAD_FIELD, "household_id",
			     "household_id: not in your jurisdiction", "户编号：不在您的辖区内");
	return rc;
}

static int
by_tag_id(const void *a, const void *b)
{
	const struct line_tag *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The tags of a resident the line has just added, as register_replace_tags sets
 * them (each with who set it and when, a review date when the tag has one;
 * then a history entry "update" {"tags": {"new": [names by tag id], "old":
 * []}}) without reading back what a new resident cannot have.  *done false:
 * the line names one tag twice, left to register_replace_tags to refuse. */
static int
add_tags(struct importer *im, const struct pending *p, int64_t id, bool *done)
{
	struct line_tag *t = arena_alloc(&im->line_ar, p->ntags * sizeof(*t));
	struct buf *b = &im->history;
	struct change c = {0};
	size_t i;
	int rc = SB_OK;

	*done = false;
	memcpy(t, p->found, p->ntags * sizeof(*t));
	qsort(t, p->ntags, sizeof(*t), by_tag_id);
	for (i = 1; i < p->ntags; i++)
		if (t[i].id == t[i - 1].id)
			return SB_OK;
	*done = true;
	buf_reset(b);
	buf_adds(b, "{\"tags\":{\"new\":[");
	for (i = 0; rc == SB_OK && i < p->ntags; i++) {
		char due[11];

		if (t[i].review_days > 0)
			ident_today(im->who->now + (int64_t)t[i].review_days * 86400, due);
		rc = store_tag_put(im->st, "resident", id, t[i].id, im->who->user_id, im->who->now,
				   t[i].review_days > 0 ? due : NULL);
		if (i)
			buf_addc(b, ',');
		json_text(b, t[i].name);
	}
	buf_adds(b, "],\"old\":[]}}");
	if (rc != SB_OK)
		return rc;
	c.at = im->who->now;
	c.user_id = im->who->user_id;
	c.username = im->who->username;
	c.action = "update";
	c.entity = "resident";
	c.entity_id = id;
	c.committee_code = im->opt->committee;
	c.changes = b->data;
	return store_change_add(im->st, im->sc, &c, NULL);
}

/* One line: its place, the resident found or added, its tags. */
static int
apply_line(struct importer *im, struct pending *p, const char **status, int64_t *id,
	   struct place_add *adds, size_t *nadds)
{
	const struct entity_def *def = &entity_resident;
	struct rvalue *vals = p->vals;
	const struct rvalue *idv = &vals[entity_field(def, "id_number")];
	const char *name = vals[entity_field(def, "name")].s;
	int64_t compound_id, building_id, household_id, existing = 0;
	const char *rkey = NULL, *nkey;
	bool changed = false, tags_same = true, fresh;
	int rc;

	im->floor = p->floor;
	rc = place_of(im, PLACE_COMPOUND, 0, p->compound, adds, nadds, &compound_id);
	if (rc == SB_OK)
		rc = place_of(im, PLACE_BUILDING, compound_id, p->building, adds, nadds,
			      &building_id);
	if (rc == SB_OK)
		rc = place_of(im, PLACE_HOUSEHOLD, building_id, p->room, adds, nadds,
			      &household_id);
	if (rc != SB_OK)
		return rc;
	/* A committee that had no resident when the import began, and that nobody
	 * else has written to since (batch_begin): only this import's residents
	 * can match, and the set says which may. */
	fresh = im->write && im->fresh;
	if (idv->present && !idv->null) {
		if (!fresh || set_has(&im->written, hash_str(idv->index)))
			rc = store_resident_by_id_index(im->st, im->opt->committee, idv->index,
							&existing);
		rkey = arena_printf(&im->line_ar, "i|%s", idv->index);
		if (rc == SB_OK && existing == 0)
			existing = map_get(&im->residents, rkey);
	}
	nkey = arena_printf(&im->line_ar, "n|%lld|%s", (long long)household_id, name);
	if (rc == SB_OK && existing == 0 && household_id > 0 &&
	    (!fresh || set_has(&im->written, name_hash(household_id, name))))
		rc = store_resident_by_name(im->st, household_id, name, &existing);
	if (rc == SB_OK && existing == 0)
		existing = map_get(&im->residents, nkey);
	if (rc != SB_OK)
		return rc;
	vals[entity_field(def, "household_id")] =
		(struct rvalue){.present = true, .i = household_id};
	if (existing) {
		*id = existing;
		if (im->write)
			rc = register_update(im->st, im->sc, def, existing, vals, im->who,
					     &im->line_ar, &changed, im->fail);
		else
			rc = would_change(im, existing, vals, &changed);
	} else if (im->write) {
		rc = add_resident(im, vals, id);
		changed = true;
	} else {
		*id = --im->fake;
		changed = true;
	}
	if (rc == SB_OK && p->has_tags && existing)
		rc = same_tags(im, *id, p, &tags_same);
	if (rc == SB_OK && p->has_tags && (!existing || !tags_same)) {
		bool done = false;

		if (im->write && !existing && p->ntags > 0)
			rc = add_tags(im, p, *id, &done);
		if (rc == SB_OK && !done && im->write && (p->ntags > 0 || existing))
			rc = register_replace_tags(im->st, im->sc, "resident", *id,
						   im->opt->committee, p->tags, p->ntags, im->who,
						   &im->line_ar, im->fail);
		if (existing)
			changed = true;
	}
	if (rc == SB_OK && im->write) {
		if (idv->present && !idv->null)
			set_add(&im->written, hash_str(idv->index));
		set_add(&im->written, name_hash(household_id, name));
	}
	if (rc == SB_OK && !existing && !im->write) {
		/* later lines of this dry run find the resident it would add */
		if (rkey)
			map_put(&im->residents, rkey, *id);
		map_put(&im->residents, nkey, *id);
	}
	*status = !existing ? "inserted" : changed ? "updated" : "unchanged";
	return rc;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
batch_begin(struct importer *im)
{
	int rc;

	if (!im->write)
		return SB_OK;
	rc = store_begin(im->st);
	if (rc == SB_OK)
		store_reindex_defer(im->st); /* the search index is built once per batch */
	if (rc == SB_OK) {
		struct import_marks m;

		rc = store_import_marks(im->st, im->sc, im->opt->committee, &m);
		if (rc == SB_OK && !im->marked)
			im->fresh = !m.committee_has_residents;
		else if (rc == SB_OK && (m.last_resident != im->marks.last_resident ||
					 m.last_change != im->marks.last_change ||
					 m.last_move != im->marks.last_move))
			im->fresh = false; /* someone else wrote in between */
		im->marked = true;
		if (rc == SB_NOT_FOUND)
			rc = SB_OK; /* refused line by line, as before */
	}
	return rc;
}

static int
batch_end(struct importer *im, size_t last_line)
{
	int rc;

	if (!im->write)
		return SB_OK;
	rc = store_reindex_flush(im->st, true);
	if (rc == SB_OK && im->fresh &&
	    store_import_marks(im->st, im->sc, im->opt->committee, &im->marks) != SB_OK)
		im->fresh = false;
	rc = store_end(im->st, rc);
	if (rc == SB_OK)
		im->written_through = last_line;
	/* Let the writes that waited for this batch go before the next one: the
	 * writer's lock is not fair, and on a busy machine the import would take
	 * it back at once, batch after batch (a login waited for the whole import). */
	if (rc == SB_OK)
		usleep(2000);
	return rc;
}

/* Writes (or, in a dry run, looks up) the lines of the batch: one
 * transaction per IMPORT_BATCH_MS at most, so that other writers wait little. */
static int
flush_batch(struct importer *im)
{
	int64_t started;
	size_t i;
	int rc;

	if (im->nbatch == 0)
		return SB_OK;
	rc = batch_begin(im);
	started = now_ms();
	for (i = 0; rc == SB_OK && i < im->nbatch; i++) {
		struct pending *p = &im->batch[i];
		struct place_add adds[3];
		const char *status = NULL;
		size_t nadds = 0;
		int64_t id = 0;

		memset(&im->line_fail, 0, sizeof(im->line_fail));
		im->fail = &im->line_fail;
		rc = im->write ? store_savepoint(im->st) : SB_OK;
		if (rc == SB_OK)
			rc = apply_line(im, p, &status, &id, adds, &nadds);
		if (rc == SB_OK) {
			rc = im->write ? store_savepoint_release(im->st) : SB_OK;
			if (rc == SB_OK) {
				places_taken(im, p, adds, nadds);
				if (!im->opt->rejected_lines_only)
					report_line(im, p->line, status, id, NULL, 0);
				if (strcmp(status, "inserted") == 0)
					im->inserted++;
				else if (strcmp(status, "updated") == 0)
					im->updated++;
				else
					im->unchanged++;
			}
		} else if (rc == SB_BAD_FIELD || rc == SB_CONFLICT) {
			rc = im->write ? store_savepoint_rollback(im->st) : SB_OK;
			reject(im, p->line, &im->line_fail, 0);
		} else if (im->write) {
			store_savepoint_rollback(im->st);
		}
		arena_clear(&im->line_ar);
		if (rc == SB_OK && im->write && i + 1 < im->nbatch &&
		    now_ms() - started >= IMPORT_BATCH_MS) {
			rc = batch_end(im, p->line);
			if (rc == SB_OK)
				rc = batch_begin(im);
			started = now_ms();
		}
	}
	if (rc == SB_OK) {
		rc = batch_end(im, im->batch[im->nbatch - 1].line);
	} else if (im->write && store_in_transaction(im->st)) {
		store_reindex_flush(im->st, false);
		store_rollback(im->st);
	}
	im->nbatch = 0;
	arena_clear(&im->batch_ar);
	if (rc == SB_OK && im->opt->progress)
		im->opt->progress(im->lines, im->opt->progress_ctx);
	return rc;
}

/* --- rows ---------------------------------------------------------------------- */

/* The line an export of sibai writes under its CSV data ("导出人 … · 共 N
 * 行"): a note, not a resident. */
static bool
export_footer(const struct table_row *row)
{
	size_t i;

	if (strncmp(row->cells[0], "导出人", strlen("导出人")) != 0)
		return false;
	for (i = 1; i < row->ncells; i++)
		if (row->cells[i][0] != '\0')
			return false;
	return true;
}

static int
data_row(struct importer *im, const struct table_row *row)
{
	struct pending *p;
	int bad_col = 0, rc;

	if (export_footer(row))
		return 0;

	im->lines++;
	memset(&im->line_fail, 0, sizeof(im->line_fail));
	im->fail = &im->line_fail;
	if (im->sink)
		return sink_row(im, row);
	if (im->nbatch == im->batch_cap) {
		im->batch_cap = im->batch_cap ? 2 * im->batch_cap : 64;
		im->batch = xrealloc(im->batch, im->batch_cap * sizeof(*im->batch));
	}
	p = &im->batch[im->nbatch];
	rc = read_line(im, row, p, &bad_col);
	if (rc == SB_BAD_FIELD)
		reject(im, row->line, &im->line_fail, bad_col); /* its text is in line_ar */
	arena_clear(&im->line_ar);
	if (rc == SB_BAD_FIELD)
		return 0;
	if (rc != SB_OK)
		return rc;
	im->nbatch++;
	if (im->nbatch >= im->batch_max)
		return flush_batch(im);
	return 0;
}

/* Rows kept while looking for the header that come after it are data. */
static int
header_found(struct importer *im, size_t header_rows, size_t kept_data)
{
	size_t i, first = im->nscan - kept_data;
	int rc = 0;

	(void)header_rows;
	im->header_done = true;
	for (i = first; rc == 0 && i < im->nscan; i++) {
		struct table_row r = {.line = im->scan[i].line,
				      .sheet = im->sheet,
				      .ncells = im->scan[i].ncells,
				      .cells = (const char *const *)im->scan[i].cells};

		rc = data_row(im, &r);
	}
	im->nscan = 0;
	return rc;
}

static int
on_row(const struct table_row *row, void *ctx)
{
	struct importer *im = ctx;
	size_t header_rows;
	int rc;

	if (row->sheet != im->sheet) {
		if (im->header_done)
			return IMPORT_DONE; /* a sheet after the data: notes, a footer */
		if (try_header(im, true, &header_rows)) {
			rc = header_found(im, header_rows, 0);
			if (rc != 0)
				return rc;
			return IMPORT_DONE;
		}
		im->nscan = 0;
		im->sheet = row->sheet;
	}
	if (im->header_done) {
		rc = data_row(im, row);
		if (rc != 0)
			im->fatal = rc;
		return rc;
	}
	if (im->nscan == HEADER_SCAN) {
		im->nscan = 0;
		if (strcmp(im->encoding, "XLSX") == 0)
			return TABLE_NEXT_SHEET;
		return im->fatal = no_header(im);
	}
	scan_push(im, row);
	if (try_header(im, false, &header_rows)) {
		/* one header row: the newest row is data; two: none is */
		rc = header_found(im, header_rows, header_rows == 1 ? 1 : 0);
		if (rc != 0)
			im->fatal = rc;
		return rc;
	}
	return 0;
}

static int
by_line(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "line"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "line"));

	return x < y ? -1 : x > y;
}

/* The report's lines in file order: refused lines are reported as they are
 * read, the others when their batch is written. */
static json_t *
lines_in_order(json_t *lines)
{
	size_t n = json_array_size(lines), i;
	json_t **v = xcalloc(n ? n : 1, sizeof(*v)), *out = json_array();

	for (i = 0; i < n; i++)
		v[i] = json_array_get(lines, i);
	qsort(v, n, sizeof(*v), by_line);
	for (i = 0; i < n; i++)
		json_array_append(out, v[i]);
	free(v);
	return out;
}

static void
importer_init(struct importer *im, bool write)
{
	im->write = write;
	arena_init(&im->line_ar);
	arena_init(&im->batch_ar);
	im->report_lines = json_array();
	im->warnings = json_array();
	im->new_compound_names = json_array();
	im->new_building_names = json_array();
	im->batch_max = im->opt->batch_lines ? im->opt->batch_lines : IMPORT_BATCH_LINES;
	im->sheet = 0;
	buf_init(&im->history, 1 << 20);
}

static void
importer_free(struct importer *im)
{
	json_decref(im->report_lines);
	json_decref(im->warnings);
	json_decref(im->new_compound_names);
	json_decref(im->new_building_names);
	json_decref(im->columns);
	free(im->batch);
	map_free(&im->places);
	map_free(&im->residents);
	free(im->written.slots);
	buf_clear(&im->history);
	arena_clear(&im->line_ar);
	arena_clear(&im->batch_ar);
}

/* A file that cannot be read at all: a broken quote, a bad encoding. */
static int
unreadable(struct arena *ar, const struct table_error *terr, struct sb_fail *fail)
{
	if (terr->line > 0 && terr->column > 0)
		return sb_fail(fail, SB_BAD_FIELD, "file",
			       arena_printf(ar, "line %zu, column %zu: %s", terr->line,
					    terr->column, terr->message),
			       arena_printf(ar, "第 %zu 行第 %zu 列：%s", terr->line, terr->column,
					    terr->message_zh));
	if (terr->line > 0)
		return sb_fail(fail, SB_BAD_FIELD, "file",
			       arena_printf(ar, "line %zu: %s", terr->line, terr->message),
			       arena_printf(ar, "第 %zu 行：%s", terr->line, terr->message_zh));
	return sb_fail(fail, SB_BAD_FIELD, "file", arena_strdup(ar, terr->message),
		       arena_strdup(ar, terr->message_zh));
}

/* One pass over the file: a dry one (write false) or the real one. */
static int
run_pass(struct importer *im, const void *data, size_t len, struct sb_fail *fail)
{
	struct table_error terr = {0};
	const char *encoding = NULL;
	size_t header_rows;
	int rc;

	im->encoding = table_format_of(data, len) == TABLE_XLSX ? "XLSX" : "";
	im->fail = fail; /* the header's refusal goes to the caller */
	rc = table_each_sheets(data, len, on_row, im, &encoding, &terr);
	im->encoding = encoding ? encoding : "";
	if (rc == IMPORT_DONE)
		rc = SB_OK;
	if (rc != SB_OK && im->fatal == 0)
		return unreadable(im->ar, &terr, fail);
	if (rc != SB_OK) {
		if (im->written_through > 0 && fail->en == NULL)
			sb_fail(fail, rc, NULL,
				arena_printf(
					im->ar,
					"the import stopped after line %zu: the lines up to it "
					"are saved; import the same file again to finish",
					im->written_through),
				arena_printf(im->ar,
					     "导入在第 %zu 行之后中断：此前各行已保存；再导入同一"
					     "文件即可完成（已保存的行将显示为未变）",
					     im->written_through));
		return rc;
	}
	if (!im->header_done) {
		im->fail = fail;
		if (try_header(im, true, &header_rows))
			im->header_done = true;
		else if (im->nscan == 0 && im->best_score == 0 && im->lines == 0 && im->sheet == 0)
			return sb_fail(fail, SB_BAD_FIELD, "file", "the file is empty", "文件为空");
		else
			return no_header(im);
	}
	return flush_batch(im);
}

int
import_residents(struct store *st, const struct scope *sc, const void *data, size_t len,
		 const struct import_options *opt, const struct register_actor *who,
		 struct arena *ar, json_t **report, struct sb_fail *fail)
{
	struct importer im = {.st = st, .sc = sc, .opt = opt, .who = who, .ar = ar};
	struct area a;
	bool written;
	int rc;

	*report = NULL;
	rc = store_area_get(st, sc, opt->committee, ar, &a);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(a.level, "committee") != 0))
		return sb_fail(fail, SB_BAD_QUERY, "committee_code",
			       "committee_code: not a committee in your jurisdiction",
			       "committee_code：不是您辖区内的居委会");
	if (rc != SB_OK)
		return rc;
	/* all_or_nothing: a dry pass first; the file is written only when it
	 * refuses no line. */
	importer_init(&im, !opt->dry_run && !opt->all_or_nothing);
	rc = run_pass(&im, data, len, fail);
	if (rc == SB_OK && opt->all_or_nothing && !opt->dry_run && im.rejected == 0) {
		importer_free(&im);
		memset(&im, 0, sizeof(im));
		im = (struct importer){.st = st, .sc = sc, .opt = opt, .who = who, .ar = ar};
		importer_init(&im, true);
		rc = run_pass(&im, data, len, fail);
	}
	if (rc != SB_OK)
		goto out;
	written = im.write;
	if (im.columns == NULL)
		im.columns = json_array();
	if (opt->progress)
		opt->progress(im.lines, opt->progress_ctx);
	*report = json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:s, s:b, s:b, s:b, s:{s:I, s:I, s:I}, s:o, s:o, s:I,"
		" s:O, s:{s:O, s:O}, s:O}",
		"rows", (json_int_t)im.lines, "inserted", (json_int_t)im.inserted, "updated",
		(json_int_t)im.updated, "unchanged", (json_int_t)im.unchanged, "rejected",
		(json_int_t)im.rejected, "encoding", im.encoding, "dry_run", opt->dry_run,
		"all_or_nothing", opt->all_or_nothing, "written", written, "created", "compounds",
		(json_int_t)im.new_compounds, "buildings", (json_int_t)im.new_buildings,
		"households", (json_int_t)im.new_households, "lines",
		lines_in_order(im.report_lines), "sheet",
		strcmp(im.encoding, "XLSX") == 0 ? json_integer((json_int_t)im.sheet) : json_null(),
		"header_line", (json_int_t)im.header_line, "columns", im.columns, "places",
		"compounds", im.new_compound_names, "buildings", im.new_building_names, "warnings",
		im.warnings);
out:
	importer_free(&im);
	return rc;
}

/* --- the mapping step (docs/checking.md, "The mapping step") ----------------- */

/* The fields a column may be given by hand: the template's, by their wire
 * names (the resident fields and the place columns). */
static int
column_of_field(const char *field)
{
	static const struct {
		const char *name;
		enum column c;
	} places[] = {{"compound", C_COMPOUND},
		      {"building", C_BUILDING},
		      {"room", C_ROOM},
		      {"floor", C_FLOOR},
		      {"tags", C_TAGS}};
	size_t c;

	if (field == NULL)
		return -1;
	for (c = 0; c < sizeof(places) / sizeof(places[0]); c++)
		if (strcmp(places[c].name, field) == 0)
			return (int)places[c].c;
	for (c = 0; c < C_COUNT; c++)
		if (columns[c].field && strcmp(columns[c].field, field) == 0)
			return (int)c;
	return -1;
}

/* A mapping's headers normalised once, each with the column it fills (-1:
 * none), and the columns it claims: the header scan compares every cell of
 * 20 rows with them. */
struct import_mapped {
	const char **keys;
	int *cols;
	size_t n;
	bool claimed[C_COUNT];
};

static struct import_mapped *
mapped_of(struct importer *im, json_t *m)
{
	struct import_mapped *mp = im->mapped;
	const char *k;
	json_t *v;

	if (mp)
		return mp;
	mp = arena_alloc(im->ar, sizeof(*mp));
	memset(mp, 0, sizeof(*mp));
	mp->keys = arena_alloc(im->ar, (json_object_size(m) + 1) * sizeof(*mp->keys));
	mp->cols = arena_alloc(im->ar, (json_object_size(m) + 1) * sizeof(*mp->cols));
	json_object_foreach (m, k, v) {
		int c = column_of_field(json_string_value(v));

		mp->keys[mp->n] = header_key(im->ar, k);
		mp->cols[mp->n++] = c;
		if (c >= 0)
			mp->claimed[c] = true;
	}
	return im->mapped = mp;
}

/* The column a header cell fills: the mapping's choice when it names the
 * header ("ignore" and "committee": none), else the synonyms' unless the
 * mapping gives that field to another column. */
static int
column_of(struct importer *im, const char *cell)
{
	json_t *m = im->opt ? (json_t *)im->opt->mapping : NULL;
	struct import_mapped *mp;
	const char *key;
	size_t i;
	int c;

	if (m == NULL)
		return column_of_header(&im->line_ar, cell);
	mp = mapped_of(im, m);
	key = header_key(&im->line_ar, cell);
	if (*key == '\0')
		return -1;
	for (i = 0; i < mp->n; i++)
		if (strcasecmp(mp->keys[i], key) == 0)
			return mp->cols[i];
	c = column_of_header(&im->line_ar, cell);
	return c >= 0 && mp->claimed[c] ? -1 : c;
}

int
import_mapping_check(const json_t *mapping, bool committee_ok, struct arena *ar,
		     struct sb_fail *fail)
{
	json_t *m = (json_t *)mapping, *v, *seen;
	const char *k;
	int rc = SB_OK;

	if (!json_is_object(m) || json_object_size(m) == 0 || json_object_size(m) > 1000)
		return sb_fail(fail, SB_BAD_FIELD, "mapping",
			       "mapping: an object of 1 to 1000 headers, each with its field",
			       "mapping：须为 1 至 1000 个列名及其字段");
	seen = json_object();
	json_object_foreach (m, k, v) {
		const char *f = json_string_value(v), *hk = header_key(ar, k);

		if (*hk == '\0' || strlen(k) > 200) {
			rc = sb_fail(fail, SB_BAD_FIELD, "mapping",
				     "mapping: a header is empty or longer than 200 bytes",
				     "mapping：列名为空或过长");
			break;
		}
		if (f == NULL || (strcmp(f, "ignore") != 0 && column_of_field(f) < 0 &&
				  !(committee_ok && strcmp(f, "committee") == 0))) {
			rc = sb_fail(fail, SB_BAD_FIELD, "mapping",
				     arena_printf(ar, "mapping: %s is not a field of the template",
						  f ? f : "(not a string)"),
				     arena_printf(ar, "mapping：%s 不是模板中的字段",
						  f ? f : "（非字符串）"));
			break;
		}
		if (json_object_get(seen, arena_printf(ar, "h|%s", hk))) {
			rc = sb_fail(fail, SB_BAD_FIELD, "mapping",
				     arena_printf(ar, "mapping: the header %s is given twice", k),
				     arena_printf(ar, "mapping：列“%s”重复", k));
			break;
		}
		json_object_set_new(seen, arena_printf(ar, "h|%s", hk), json_true());
		if (strcmp(f, "ignore") == 0)
			continue;
		if (json_object_get(seen, f)) {
			rc = sb_fail(fail, SB_BAD_FIELD, "mapping",
				     arena_printf(ar,
						  "mapping: the field %s is chosen for two columns",
						  f),
				     arena_printf(ar, "mapping：字段 %s 被选给了两列", f));
			break;
		}
		json_object_set_new(seen, f, json_true());
	}
	json_decref(seen);
	return rc;
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
import_header_key(struct arena *ar, const char *const *headers, size_t n)
{
	char **k = arena_alloc(ar, (n ? n : 1) * sizeof(*k));
	size_t i, m = 0, len = 1;
	char *out;

	for (i = 0; i < n; i++) {
		char *h = header_key(ar, headers[i]), *p;

		for (p = h; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (*h)
			k[m++] = h;
	}
	qsort(k, m, sizeof(*k), by_string);
	for (i = 0; i < m; i++)
		len += strlen(k[i]) + 1;
	out = arena_alloc(ar, len);
	out[0] = '\0';
	for (i = 0; i < m; i++) {
		if (i)
			strcat(out, "|");
		strcat(out, k[i]);
	}
	return out;
}

/* --- reading without writing ------------------------------------------------- */

#define PREVIEW_ROWS 5

struct import_sink {
	import_line_fn fn;
	void *ctx;
	bool started;
	int committee_column;
	json_t *preview; /* the preview's rows, or NULL */
};

/* Header names of the 居委会 column a file of several committees has. */
static const char *const committee_headers[] = {
	"居委会",     "居委",	   "居民区",	     "居委会名称", "居民区名称",
	"所属居委会", "所属居委",  "所属居民区",     "社区居委会", "居委会代码",
	"居民区代码", "committee", "committee_code", NULL};

static int
committee_column(struct importer *im)
{
	json_t *c, *m = im->opt ? (json_t *)im->opt->mapping : NULL;
	size_t i, j;

	json_array_foreach (im->columns, i, c) {
		const char *h = json_string_value(json_object_get(c, "header"));
		const char *hk, *k;
		json_t *v;
		bool mapped = false;

		if (h == NULL || json_object_get(c, "field") == NULL ||
		    !json_is_null(json_object_get(c, "field")))
			continue;
		hk = header_key(&im->line_ar, h);
		if (m) {
			json_object_foreach (m, k, v)
				if (strcasecmp(header_key(&im->line_ar, k), hk) == 0) {
					mapped = true;
					if (strcmp(json_string_value(v), "committee") == 0)
						return (int)json_integer_value(
							       json_object_get(c, "column")) -
						       1;
				}
		}
		for (j = 0; !mapped && committee_headers[j]; j++)
			if (strcasecmp(hk, committee_headers[j]) == 0)
				return (int)json_integer_value(json_object_get(c, "column")) - 1;
	}
	return -1;
}

static int
sink_row(struct importer *im, const struct table_row *row)
{
	struct import_sink *s = im->sink;
	struct import_line l = {0};
	struct pending p;
	int bad_col = 0, rc;
	size_t i;

	if (s->preview) {
		json_t *cells = json_array();

		for (i = 0; i < row->ncells; i++)
			json_array_append_new(cells, json_string(row->cells[i]));
		json_array_append_new(s->preview, cells);
		return json_array_size(s->preview) >= PREVIEW_ROWS ? IMPORT_DONE : 0;
	}
	if (!s->started) {
		s->started = true;
		s->committee_column = committee_column(im);
		im->col[C_TAGS] = -1; /* tags are the register's own, not checked */
	}
	rc = read_line(im, row, &p, &bad_col);
	if (rc == SB_OK) {
		l.line = row->line;
		l.row = row;
		l.committee_column = s->committee_column;
		l.vals = p.vals;
		l.compound = p.compound;
		l.building = p.building;
		l.room = p.room;
		l.fail = &im->line_fail;
		rc = s->fn(&l, s->ctx);
	}
	if (rc == SB_BAD_FIELD)
		reject(im, row->line, &im->line_fail, bad_col);
	arena_clear(&im->line_ar);
	arena_clear(&im->batch_ar);
	return rc == SB_BAD_FIELD ? 0 : rc;
}

int
import_read(struct store *st, const void *data, size_t len, const json_t *mapping,
	    const struct register_actor *who, import_line_fn fn, void *ctx, struct arena *ar,
	    json_t **report, struct sb_fail *fail)
{
	struct import_options opt = {.mapping = mapping};
	struct import_sink sink = {.fn = fn, .ctx = ctx, .committee_column = -1};
	struct importer im = {.st = st, .opt = &opt, .who = who, .ar = ar, .sink = &sink};
	int rc;

	*report = NULL;
	importer_init(&im, false);
	rc = run_pass(&im, data, len, fail);
	if (rc == IMPORT_STOP)
		rc = SB_BAD_FIELD;
	if (rc == SB_OK) {
		if (im.columns == NULL)
			im.columns = json_array();
		*report = json_pack(
			"{s:I, s:I, s:s, s:o, s:I, s:O, s:O, s:o}", "rows", (json_int_t)im.lines,
			"rejected", (json_int_t)im.rejected, "encoding", im.encoding, "sheet",
			strcmp(im.encoding, "XLSX") == 0 ? json_integer((json_int_t)im.sheet)
							 : json_null(),
			"header_line", (json_int_t)im.header_line, "columns", im.columns,
			"warnings", im.warnings, "lines", lines_in_order(im.report_lines));
	}
	importer_free(&im);
	return rc;
}

/* The wire name of what a column fills, NULL for none (or computed). */
static const char *
field_name(int c)
{
	static const char *const places[C_COUNT] = {
		[C_COMPOUND] = "compound", [C_BUILDING] = "building", [C_ROOM] = "room",
		[C_TAGS] = "tags",	   [C_FLOOR] = "floor",
	};

	if (c < 0 || c >= C_COUNT || c == C_DERIVED)
		return NULL;
	return columns[c].field ? columns[c].field : places[c];
}

/* What a preview proposes for a header: the field of its synonym, or a
 * 居委会 column (the checking list's; an import ignores it). */
static const char *
preview_field(struct arena *ar, const char *header)
{
	const char *f = field_name(column_of_header(ar, header));
	size_t j;

	for (j = 0; f == NULL && committee_headers[j]; j++)
		if (strcasecmp(header_key(ar, header), committee_headers[j]) == 0)
			f = "committee";
	return f;
}

/* The first rows of a sheet as they are, for a preview without a header. */
struct raw_rows {
	json_t *rows;
	size_t sheet;
};

static int
raw_row(const struct table_row *row, void *ctx)
{
	struct raw_rows *r = ctx;
	json_t *cells;
	size_t i, used = 0;

	if (json_array_size(r->rows) > 0 && row->sheet != r->sheet)
		return IMPORT_DONE;
	for (i = 0; i < row->ncells; i++)
		if (row->cells[i][0] != '\0')
			used++;
	if (used == 0)
		return 0;
	r->sheet = row->sheet;
	cells = json_array();
	for (i = 0; i < row->ncells; i++)
		json_array_append_new(cells, json_string(row->cells[i]));
	json_array_append_new(r->rows, cells);
	return json_array_size(r->rows) > PREVIEW_ROWS ? IMPORT_DONE : 0;
}

int
import_preview(struct store *st, const void *data, size_t len, const json_t *mapping,
	       const struct register_actor *who, struct arena *ar, json_t **out,
	       struct sb_fail *fail)
{
	struct import_options opt = {.mapping = mapping};
	struct import_sink sink = {.committee_column = -1};
	struct importer im = {.st = st, .opt = &opt, .who = who, .ar = ar, .sink = &sink};
	struct sb_fail why = {0};
	json_t *c;
	size_t i;
	int rc;

	*out = NULL;
	sink.preview = json_array();
	importer_init(&im, false);
	rc = run_pass(&im, data, len, &why);
	if (rc == SB_OK) {
		size_t n = json_array_size(im.columns);
		const char **h = arena_alloc(ar, (n ? n : 1) * sizeof(*h));

		json_array_foreach (im.columns, i, c) {
			size_t j;

			h[i] = json_string_value(json_object_get(c, "header"));
			/* a 居委会 column: the checking list's (an import ignores it) */
			for (j = 0;
			     json_is_null(json_object_get(c, "field")) && committee_headers[j]; j++)
				if (strcasecmp(header_key(ar, h[i]), committee_headers[j]) == 0)
					json_object_set_new(c, "field", json_string("committee"));
		}
		*out = json_pack(
			"{s:b, s:o, s:I, s:s, s:O, s:O, s:n, s:n}", "header_found", 1, "sheet",
			strcmp(im.encoding, "XLSX") == 0 ? json_integer((json_int_t)im.sheet)
							 : json_null(),
			"header_line", (json_int_t)im.header_line, "header_key",
			import_header_key(ar, h, n), "columns", im.columns, "rows", sink.preview,
			"message", "message_zh");
	} else if (rc == SB_BAD_FIELD) {
		/* No header the importer knows: the first rows as they are, the
		 * first taken as the header for the mapping to name. */
		struct raw_rows raw = {.rows = json_array()};
		struct table_error terr = {0};
		const char *encoding = NULL;
		int trc = table_each_sheets(data, len, raw_row, &raw, &encoding, &terr);

		if ((trc == SB_OK || trc == IMPORT_DONE) && json_array_size(raw.rows) > 0) {
			json_t *head = json_array_get(raw.rows, 0), *cols = json_array(), *rows;
			size_t n = json_array_size(head);
			const char **h = arena_alloc(ar, (n ? n : 1) * sizeof(*h));

			json_array_foreach (head, i, c) {
				h[i] = json_string_value(c);
				if (*h[i])
					json_array_append_new(
						cols, json_pack("{s:I, s:s, s:s?}", "column",
								(json_int_t)(i + 1), "header", h[i],
								"field", preview_field(ar, h[i])));
			}
			rows = json_array();
			for (i = 1; i < json_array_size(raw.rows); i++)
				json_array_append(rows, json_array_get(raw.rows, i));
			*out = json_pack("{s:b, s:o, s:n, s:s, s:o, s:o, s:s, s:s}", "header_found",
					 0, "sheet",
					 strcmp(encoding ? encoding : "", "XLSX") == 0
						 ? json_integer((json_int_t)raw.sheet)
						 : json_null(),
					 "header_line", "header_key", import_header_key(ar, h, n),
					 "columns", cols, "rows", rows, "message",
					 why.en ? why.en : "no header found", "message_zh",
					 why.zh ? why.zh : "找不到表头");
			rc = SB_OK;
		} else {
			*fail = why;
		}
		json_decref(raw.rows);
	} else {
		*fail = why;
	}
	json_decref(sink.preview);
	importer_free(&im);
	return rc;
}

/* --- finding and applying one line (the checking list) ------------------------ */

struct import_finder {
	struct importer im;
	struct import_options opt;
};

struct import_finder *
import_finder_new(struct store *st, const struct scope *sc, const char *committee,
		  const struct register_actor *who)
{
	struct import_finder *f = xcalloc(1, sizeof(*f));

	f->opt.committee = committee;
	f->im = (struct importer){.st = st, .sc = sc, .opt = &f->opt, .who = who};
	f->im.ar = &f->im.batch_ar;
	importer_init(&f->im, false);
	return f;
}

int
import_find(struct import_finder *f, const struct rvalue *vals, const char *compound,
	    const char *building, const char *room, int64_t *compound_id, int64_t *household_id,
	    int64_t *resident_id)
{
	struct importer *im = &f->im;
	const struct rvalue *idv = &vals[entity_field(&entity_resident, "id_number")];
	const char *name = vals[entity_field(&entity_resident, "name")].s;
	struct place_add adds[3];
	size_t nadds = 0;
	int64_t c = 0, b = 0, h = 0;
	struct sb_fail why = {0};
	int rc;

	*household_id = *resident_id = 0;
	im->fail = &why;
	im->floor = 0;
	rc = place_of(im, PLACE_COMPOUND, 0, compound, adds, &nadds, &c);
	if (rc == SB_OK)
		rc = place_of(im, PLACE_BUILDING, c, building, adds, &nadds, &b);
	if (rc == SB_OK)
		rc = place_of(im, PLACE_HOUSEHOLD, b, room, adds, &nadds, &h);
	if (rc == SB_OK && idv->present && !idv->null && idv->index)
		rc = store_resident_by_id_index(im->st, f->opt.committee, idv->index, resident_id);
	if (rc == SB_OK && *resident_id == 0 && h > 0 && name)
		rc = store_resident_by_name(im->st, h, name, resident_id);
	*household_id = h > 0 ? h : 0;
	*compound_id = c > 0 ? c : 0;
	arena_clear(&im->line_ar);
	return rc;
}

void
import_finder_free(struct import_finder *f)
{
	if (f == NULL)
		return;
	importer_free(&f->im);
	free(f);
}

int
import_apply_one(struct store *st, const struct scope *sc, const char *committee,
		 struct rvalue *vals, const char *compound, const char *building, const char *room,
		 const struct register_actor *who, struct arena *ar, const char **status,
		 int64_t *id, struct sb_fail *fail)
{
	struct import_options opt = {.committee = committee};
	struct importer im = {.st = st, .sc = sc, .opt = &opt, .who = who, .ar = ar};
	struct pending p = {0};
	struct place_add adds[3];
	size_t nadds = 0;
	int rc;

	importer_init(&im, true);
	p.vals = vals;
	p.compound = fold(ar, compound);
	p.building = fold(ar, building);
	p.room = fold(ar, room);
	if (strspn(p.building, "0123456789") == strlen(p.building))
		p.building = arena_printf(ar, "%s号", p.building);
	im.fail = fail;
	rc = apply_line(&im, &p, status, id, adds, &nadds);
	/* the refusal's texts may be in the line's arena, freed below */
	if (fail->en)
		fail->en = arena_strdup(ar, fail->en);
	if (fail->zh)
		fail->zh = arena_strdup(ar, fail->zh);
	if (fail->field)
		fail->field = arena_strdup(ar, fail->field);
	importer_free(&im);
	return rc;
}
