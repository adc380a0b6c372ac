#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "core/ident.h"
#include "core/import.h"
#include "util/table.h"

/* The columns an import understands: header names (Chinese or English) and
 * the field each fills.  See docs/import-template.md. */
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
	C_COUNT
};

static const struct {
	const char *field;    /* the resident field, or NULL */
	const char *names[6]; /* accepted headers */
} columns[C_COUNT] = {
	[C_COMPOUND] = {NULL, {"小区", "小区名称", "compound"}},
	[C_BUILDING] = {NULL, {"楼号", "楼", "幢", "楼栋", "building"}},
	[C_ROOM] = {NULL, {"室号", "室", "房号", "门牌", "room"}},
	[C_NAME] = {"name", {"姓名", "name"}},
	[C_GENDER] = {"gender", {"性别", "gender"}},
	[C_BIRTH] = {"birth_date", {"出生日期", "生日", "birth_date"}},
	[C_ID] = {"id_number", {"身份证号", "身份证", "公民身份号码", "id_number"}},
	[C_PHONE] = {"phone", {"手机", "电话", "联系电话", "手机号", "phone"}},
	[C_RELATION] = {"relation", {"与户主关系", "关系", "relation"}},
	[C_RESIDENCE] = {"residence_kind", {"户籍类型", "人口类型", "residence_kind"}},
	[C_WORK] = {"work", {"工作", "工作单位", "work"}},
	[C_WORK_BACKGROUND] = {"work_background", {"工作背景", "work_background"}},
	[C_HEALTH] = {"health", {"健康状况", "健康", "health"}},
	[C_HOBBIES] = {"hobbies", {"兴趣爱好", "爱好", "hobbies"}},
	[C_SKILLS] = {"skills", {"技能特长", "特长", "skills"}},
	[C_PARTY] = {"party_member", {"党员", "是否党员", "party_member"}},
	[C_LIVES] = {"lives_here", {"本房居住", "lives_here"}},
	[C_REGISTERED] = {"registered_here", {"本房户籍", "registered_here"}},
	[C_OWNS] = {"owns", {"本房业主", "owns"}},
	[C_TAGS] = {NULL, {"标签", "tags"}},
	[C_FLOOR] = {NULL, {"楼层", "floor"}},
};

/* Chinese words for the enumerations, as Excel sheets write them. */
static const struct {
	const char *field;
	const char *word;
	const char *code;
} words[] = {
	{"gender", "男", "male"},
	{"gender", "女", "female"},
	{"relation", "户主", "head"},
	{"relation", "本人", "head"},
	{"relation", "配偶", "spouse"},
	{"relation", "妻", "spouse"},
	{"relation", "夫", "spouse"},
	{"relation", "子女", "child"},
	{"relation", "子", "child"},
	{"relation", "女", "child"},
	{"relation", "父母", "parent"},
	{"relation", "父亲", "parent"},
	{"relation", "母亲", "parent"},
	{"relation", "孙子女", "grandchild"},
	{"relation", "孙子", "grandchild"},
	{"relation", "孙女", "grandchild"},
	{"relation", "兄弟姐妹", "sibling"},
	{"relation", "其他", "other"},
	{"residence_kind", "户籍", "registered"},
	{"residence_kind", "常住", "resident"},
	{"residence_kind", "流动", "floating"},
	{"residence_kind", "人户分离", "separated"},
};

struct importer {
	struct store *st;
	const struct scope *sc;
	const struct import_options *opt;
	const struct register_actor *who;
	struct arena *ar;     /* lives as long as the import */
	struct arena line_ar; /* freed after every line */
	int col[C_COUNT];     /* cell index of each column, -1 absent */
	bool header_done;
	size_t lines;
	int64_t inserted, updated, unchanged, rejected;
	int64_t new_compounds, new_buildings, new_households;
	json_t *report_lines;
	int fatal; /* an error that stops the import */
	struct sb_fail *fail;
};

static bool
header_is(const char *cell, enum column c)
{
	size_t i;

	for (i = 0; i < 6 && columns[c].names[i]; i++)
		if (strcasecmp(cell, columns[c].names[i]) == 0)
			return true;
	return false;
}

static int
read_header(struct importer *im, const struct table_row *row)
{
	static const enum column required[] = {C_COMPOUND, C_BUILDING, C_ROOM, C_NAME};
	size_t i, c;

	for (c = 0; c < C_COUNT; c++)
		im->col[c] = -1;
	for (i = 0; i < row->ncells; i++) {
		for (c = 0; c < C_COUNT; c++) {
			if (!header_is(row->cells[i], (enum column)c))
				continue;
			if (im->col[c] >= 0)
				return sb_fail(im->fail, SB_BAD_FIELD, "file",
					       arena_printf(im->ar,
							    "line %zu: column %s appears twice",
							    row->line, row->cells[i]),
					       arena_printf(im->ar, "第 %zu 行：列 %s 重复",
							    row->line, row->cells[i]));
			im->col[c] = (int)i;
		}
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (im->col[required[i]] < 0)
			return sb_fail(im->fail, SB_BAD_FIELD, "file",
				       arena_printf(im->ar, "line %zu: the column %s is missing",
						    row->line, columns[required[i]].names[0]),
				       arena_printf(im->ar, "第 %zu 行：缺少列“%s”", row->line,
						    columns[required[i]].names[0]));
	return SB_OK;
}

static const char *
cell(const struct table_row *row, const struct importer *im, enum column c)
{
	int i = im->col[c];

	if (i < 0 || (size_t)i >= row->ncells || row->cells[i][0] == '\0')
		return NULL;
	return row->cells[i];
}

/* Every line of the report has the same keys: {line, status, id, reason,
 * reason_zh, field, column}, null where they do not apply. */
static void
report_line(struct importer *im, size_t line, const char *status, int64_t id,
	    const struct sb_fail *f, int column)
{
	json_array_append_new(im->report_lines,
			      json_pack("{s:I, s:s, s:o, s:s?, s:s?, s:s?, s:o}", "line",
					(json_int_t)line, "status", status, "id",
					id ? json_integer(id) : json_null(), "reason",
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
accept(struct importer *im, size_t line, const char *status, int64_t id)
{
	report_line(im, line, status, id, NULL, 0);
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
	static const char *yes[] = {"是", "true", "1", "y", "yes", "Y", "√"};
	static const char *no[] = {"否", "false", "0", "n", "no", "N", ""};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcmp(v, yes[i]) == 0) {
			*out = 1;
			return SB_OK;
		}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcmp(v, no[i]) == 0) {
			*out = 0;
			return SB_OK;
		}
	return SB_BAD_FIELD;
}

/* A date as Excel users type it: 1950-01-02, 1950/1/2, 19500102, 1950.1.2. */
static const char *
normal_date(struct arena *ar, const char *v)
{
	int y, m, d;
	char tail;

	if (sscanf(v, "%d-%d-%d%c", &y, &m, &d, &tail) == 3 ||
	    sscanf(v, "%d/%d/%d%c", &y, &m, &d, &tail) == 3 ||
	    sscanf(v, "%d.%d.%d%c", &y, &m, &d, &tail) == 3 ||
	    (strlen(v) == 8 && sscanf(v, "%4d%2d%2d%c", &y, &m, &d, &tail) == 3))
		return arena_printf(ar, "%04d-%02d-%02d", y, m, d);
	return v;
}

/* Fills resident values from a line; BAD_FIELD naming the field. */
static int
line_values(struct importer *im, const struct table_row *row, struct rvalue *vals, int *bad_col)
{
	const struct entity_def *def = &entity_resident;
	size_t c;

	for (c = 0; c < C_COUNT; c++) {
		const char *v = cell(row, im, (enum column)c);
		const struct rfield *f;
		struct rvalue *rv;
		int fi;

		if (v == NULL || columns[c].field == NULL)
			continue;
		fi = entity_field(def, columns[c].field);
		f = &def->fields[fi];
		rv = &vals[fi];
		rv->present = true;
		*bad_col = im->col[c] + 1;
		switch (f->kind) {
		case RK_BOOL:
			if (parse_bool(v, &rv->i) != SB_OK)
				return sb_fail(im->fail, SB_BAD_FIELD, f->name,
					       arena_printf(&im->line_ar, "%s: 是 or 否", f->name),
					       arena_printf(&im->line_ar, "%s：须为“是”或“否”",
							    columns[c].names[0]));
			break;
		case RK_ENUM: rv->s = code_of(f->name, v); break;
		case RK_DATE: rv->s = normal_date(&im->line_ar, v); break;
		default: rv->s = v; break;
		}
		if (register_check_value(f, rv, im->who, &im->line_ar, im->fail) != SB_OK)
			return SB_BAD_FIELD;
	}
	*bad_col = 0;
	return SB_OK;
}

static int
find_or_create(struct importer *im, const struct entity_def *def, int64_t found,
	       struct rvalue *vals, int64_t *id, int64_t *created)
{
	if (found) {
		*id = found;
		return SB_OK;
	}
	(*created)++;
	return register_create(im->st, im->sc, def, vals, im->who, &im->line_ar, id, im->fail);
}

/* The household of a line, made when missing. */
static int
place(struct importer *im, const struct table_row *row, int64_t *household_id)
{
	const char *compound = cell(row, im, C_COMPOUND), *building = cell(row, im, C_BUILDING);
	const char *room = cell(row, im, C_ROOM), *floor = cell(row, im, C_FLOOR);
	struct rvalue *v;
	int64_t compound_id, building_id, found;
	int rc;

	if (compound == NULL || building == NULL || room == NULL)
		return sb_fail(im->fail, SB_BAD_FIELD,
			       compound == NULL	  ? "compound"
			       : building == NULL ? "building"
						  : "room",
			       "小区, 楼号 and 室号 are required", "小区、楼号、室号必填");
	rc = store_compound_by_name(im->st, im->opt->committee, compound, &found);
	if (rc != SB_OK)
		return rc;
	v = arena_alloc(&im->line_ar, entity_compound.nfields * sizeof(*v));
	v[entity_field(&entity_compound, "committee_code")] =
		(struct rvalue){.present = true, .s = im->opt->committee};
	v[entity_field(&entity_compound, "name")] = (struct rvalue){.present = true, .s = compound};
	v[entity_field(&entity_compound, "kind")] = (struct rvalue){.present = true, .s = "other"};
	rc = find_or_create(im, &entity_compound, found, v, &compound_id, &im->new_compounds);
	if (rc != SB_OK)
		return rc;
	rc = store_building_by_label(im->st, compound_id, building, &found);
	if (rc != SB_OK)
		return rc;
	v = arena_alloc(&im->line_ar, entity_building.nfields * sizeof(*v));
	v[entity_field(&entity_building, "compound_id")] =
		(struct rvalue){.present = true, .i = compound_id};
	v[entity_field(&entity_building, "label")] =
		(struct rvalue){.present = true, .s = building};
	rc = find_or_create(im, &entity_building, found, v, &building_id, &im->new_buildings);
	if (rc != SB_OK)
		return rc;
	rc = store_household_by_room(im->st, building_id, room, &found);
	if (rc != SB_OK)
		return rc;
	v = arena_alloc(&im->line_ar, entity_household.nfields * sizeof(*v));
	v[entity_field(&entity_household, "building_id")] =
		(struct rvalue){.present = true, .i = building_id};
	v[entity_field(&entity_household, "room")] = (struct rvalue){.present = true, .s = room};
	if (floor) {
		char *end;
		long n = strtol(floor, &end, 10);

		if (*end)
			return sb_fail(im->fail, SB_BAD_FIELD, "floor", "floor: a whole number",
				       "楼层：须为整数");
		v[entity_field(&entity_household, "floor")] =
			(struct rvalue){.present = true, .i = n};
	}
	return find_or_create(im, &entity_household, found, v, household_id, &im->new_households);
}

/* The tags of a line: names separated by 、 ; ， or a comma. */
static int
line_tags(struct importer *im, const char *text, struct tag_item **tags, size_t *n)
{
	size_t cap = 0;
	char *copy = arena_strdup(&im->line_ar, text), *p = copy;

	*tags = NULL;
	*n = 0;
	while (*p) {
		char *end = p;
		struct tag_item *t;

		while (*end && *end != ',' && *end != ';' && strncmp(end, "、", 3) != 0 &&
		       strncmp(end, "，", 3) != 0 && strncmp(end, "；", 3) != 0)
			end++;
		if (end > p) {
			t = arena_push(&im->line_ar, tags, n, &cap, sizeof(*t));
			t->name = arena_strndup(&im->line_ar, p, (size_t)(end - p));
		}
		if (*end == '\0')
			break;
		p = end + (*end == ',' || *end == ';' ? 1 : 3);
	}
	return SB_OK;
}

static bool
same_tags(const struct tag_on_list *have, const struct tag_item *want, size_t n)
{
	size_t i, j;

	if (have->n != n)
		return false;
	for (i = 0; i < n; i++) {
		for (j = 0; j < have->n && strcmp(have->items[j].name, want[i].name) != 0; j++)
			;
		if (j == have->n)
			return false;
	}
	return true;
}

/* One data line inside a savepoint; *status is what happened. */
static int
import_line(struct importer *im, const struct table_row *row, const char **status, int64_t *id,
	    int *bad_col)
{
	const struct entity_def *def = &entity_resident;
	struct rvalue *vals = arena_alloc(&im->line_ar, def->nfields * sizeof(*vals));
	const struct rvalue *idv;
	const char *tags_text = cell(row, im, C_TAGS);
	struct tag_item *tags = NULL;
	size_t ntags = 0;
	int64_t household_id, existing = 0;
	bool changed = false;
	int rc;

	rc = line_values(im, row, vals, bad_col);
	if (rc != SB_OK)
		return rc;
	if (!vals[entity_field(def, "name")].present) {
		*bad_col = im->col[C_NAME] + 1;
		return sb_fail(im->fail, SB_BAD_FIELD, "name", "name: required", "姓名：必填");
	}
	rc = place(im, row, &household_id);
	if (rc != SB_OK)
		return rc;
	idv = &vals[entity_field(def, "id_number")];
	if (idv->present && !idv->null)
		rc = store_resident_by_id_index(im->st, im->opt->committee, idv->index, &existing);
	if (rc == SB_OK && existing == 0)
		rc = store_resident_by_name(im->st, household_id, vals[entity_field(def, "name")].s,
					    &existing);
	if (rc != SB_OK)
		return rc;
	if (tags_text)
		line_tags(im, tags_text, &tags, &ntags);
	vals[entity_field(def, "household_id")] =
		(struct rvalue){.present = true, .i = household_id};
	if (existing) {
		rc = register_update(im->st, im->sc, def, existing, vals, im->who, &im->line_ar,
				     &changed, im->fail);
		*id = existing;
	} else {
		rc = register_create(im->st, im->sc, def, vals, im->who, &im->line_ar, id,
				     im->fail);
		changed = true;
	}
	if (rc == SB_OK && tags_text) {
		struct tag_on_list have;

		rc = store_tags_of(im->st, "resident", *id, &im->line_ar, &have);
		if (rc == SB_OK && !same_tags(&have, tags, ntags)) {
			rc = register_set_tags(im->st, "resident", *id, im->opt->committee, tags,
					       ntags, im->who, &im->line_ar, im->fail);
			changed = true;
		}
		if (rc != SB_OK && im->col[C_TAGS] >= 0)
			*bad_col = im->col[C_TAGS] + 1;
	}
	*status = !existing ? "inserted" : changed ? "updated" : "unchanged";
	return rc;
}

static int
on_row(const struct table_row *row, void *ctx)
{
	struct importer *im = ctx;
	struct sb_fail fail = {0};
	const char *status = NULL;
	int64_t id = 0;
	int bad_col = 0, rc;

	if (!im->header_done) {
		im->header_done = true;
		rc = read_header(im, row);
		if (rc != SB_OK)
			im->fatal = rc;
		return rc;
	}
	im->lines++;
	im->fail = &fail;
	rc = store_savepoint(im->st);
	if (rc == SB_OK)
		rc = import_line(im, row, &status, &id, &bad_col);
	if (rc == SB_OK) {
		rc = store_savepoint_release(im->st);
		if (rc == SB_OK) {
			accept(im, row->line, status, id);
			if (strcmp(status, "inserted") == 0)
				im->inserted++;
			else if (strcmp(status, "updated") == 0)
				im->updated++;
			else
				im->unchanged++;
		}
	} else if (rc == SB_BAD_FIELD || rc == SB_CONFLICT) {
		rc = store_savepoint_rollback(im->st);
		reject(im, row->line, &fail, bad_col);
	} else {
		store_savepoint_rollback(im->st);
	}
	arena_clear(&im->line_ar);
	if (rc != SB_OK) {
		im->fatal = rc;
		return rc;
	}
	if (im->opt->progress && im->lines % 500 == 0)
		im->opt->progress(im->lines, im->opt->progress_ctx);
	return 0;
}

int
import_residents(struct store *st, const struct scope *sc, const void *data, size_t len,
		 const struct import_options *opt, const struct register_actor *who,
		 struct arena *ar, json_t **report, struct sb_fail *fail)
{
	struct importer im = {.st = st, .sc = sc, .opt = opt, .who = who, .ar = ar};
	struct table_error terr = {0};
	const char *encoding = NULL;
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
	arena_init(&im.line_ar);
	im.report_lines = json_array();
	rc = store_begin(st);
	if (rc != SB_OK)
		goto out;
	store_reindex_defer(st); /* the search index is built once, after every line */
	im.fail = fail;		 /* the header's refusal goes to the caller */
	rc = table_each(data, len, on_row, &im, &encoding, &terr);
	if (rc != SB_OK && im.fatal == 0) {
		/* The file itself is unreadable: a broken quote, a bad encoding. */
		if (terr.line > 0 && terr.column > 0)
			sb_fail(fail, SB_BAD_FIELD, "file",
				arena_printf(ar, "line %zu, column %zu: %s", terr.line, terr.column,
					     terr.message),
				arena_printf(ar, "第 %zu 行第 %zu 列：%s", terr.line, terr.column,
					     terr.message_zh));
		else if (terr.line > 0)
			sb_fail(fail, SB_BAD_FIELD, "file",
				arena_printf(ar, "line %zu: %s", terr.line, terr.message),
				arena_printf(ar, "第 %zu 行：%s", terr.line, terr.message_zh));
		else
			sb_fail(fail, SB_BAD_FIELD, "file", arena_strdup(ar, terr.message),
				arena_strdup(ar, terr.message_zh));
		rc = SB_BAD_FIELD;
	} else if (rc == 0 && !im.header_done) {
		rc = sb_fail(fail, SB_BAD_FIELD, "file", "the file is empty", "文件为空");
	}
	written = rc == SB_OK && !opt->dry_run && !(opt->all_or_nothing && im.rejected > 0);
	if (store_reindex_flush(st, written) != SB_OK && written) {
		written = false;
		rc = SB_IO;
	}
	if (written)
		rc = store_commit(st);
	else
		store_rollback(st);
	if (rc != SB_OK)
		goto out;
	if (opt->progress)
		opt->progress(im.lines, opt->progress_ctx);
	*report =
		json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:b, s:b, s:b, s:{s:I, s:I, s:I}, s:O}",
			  "rows", (json_int_t)im.lines, "inserted", (json_int_t)im.inserted,
			  "updated", (json_int_t)im.updated, "unchanged", (json_int_t)im.unchanged,
			  "rejected", (json_int_t)im.rejected, "encoding", encoding ? encoding : "",
			  "dry_run", opt->dry_run, "all_or_nothing", opt->all_or_nothing, "written",
			  written, "created", "compounds", (json_int_t)im.new_compounds,
			  "buildings", (json_int_t)im.new_buildings, "households",
			  (json_int_t)im.new_households, "lines", im.report_lines);
out:
	json_decref(im.report_lines);
	arena_clear(&im.line_ar);
	return rc;
}
