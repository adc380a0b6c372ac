#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/filter.h"
#include "core/ident.h"
#include "core/import.h"
#include "http/server.h"
#include "util/clock.h"
#include "util/table_write.h"

/* POST /api/v1/imports?committee_code=&dry_run=&all_or_nothing=: the body is
 * a CSV or XLSX file; the answer is the line-by-line report. */
int
api_imports_create(struct request *rq, struct response *rs)
{
	struct import_options opt = {0};
	struct register_actor who;
	struct sb_fail fail = {0};
	json_t *report = NULL, *mapping = NULL;
	int rc;

	api_register_actor(rq, &who);
	opt.committee = request_query(rq, "committee_code");
	if (opt.committee == NULL)
		return request_fail(rq, SB_BAD_QUERY, "committee_code", "committee_code: required",
				    "committee_code：必填");
	rc = api_query_bool(rq, "dry_run", &opt.dry_run);
	if (rc == SB_OK)
		rc = api_query_bool(rq, "all_or_nothing", &opt.all_or_nothing);
	if (rc == SB_OK)
		rc = api_query_mapping(rq, false, &mapping);
	if (rc != SB_OK)
		return rc;
	if (rq->body.len == 0) {
		json_decref(mapping);
		return request_fail(rq, SB_BAD_FIELD, "file",
				    "the body must be the CSV or XLSX file",
				    "请求内容须为 CSV 或 XLSX 文件");
	}
	opt.mapping = mapping;
	rc = import_residents(rq->store, &rq->scope, rq->body.data, rq->body.len, &opt, &who,
			      &rq->arena, &report, &fail);
	json_decref(mapping);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	rc = store_begin(rq->store);
	if (rc == SB_OK)
		rc = api_audit(rq, "import", "resident", NULL, opt.committee,
			       json_pack("{s:O, s:O, s:O, s:O, s:O, s:b}", "inserted",
					 json_object_get(report, "inserted"), "updated",
					 json_object_get(report, "updated"), "unchanged",
					 json_object_get(report, "unchanged"), "rejected",
					 json_object_get(report, "rejected"), "written",
					 json_object_get(report, "written"), "dry_run",
					 opt.dry_run));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK) {
		json_decref(report);
		return rc;
	}
	return response_json(rs, 200, report);
}

/* The columns of an export, in order: a resident field, or a computed one.
 * They are the import template's (docs/import-template.md), so that an
 * export imports back unchanged; 年龄 is read back as computed. */
static const struct {
	const char *field;
	const char *header;
	enum table_cell_kind kind;
} export_columns[] = {
	{"compound", "小区", TABLE_CELL_TEXT},
	{"building", "楼号", TABLE_CELL_TEXT},
	{"room", "室号", TABLE_CELL_TEXT},
	{"name", "姓名", TABLE_CELL_TEXT},
	{"gender", "性别", TABLE_CELL_TEXT},
	{"birth_date", "出生日期", TABLE_CELL_DATE},
	{"age", "年龄", TABLE_CELL_NUMBER},
	{"id_number", "身份证号", TABLE_CELL_KEEP},
	{"phone", "手机", TABLE_CELL_KEEP},
	{"relation", "与户主关系", TABLE_CELL_TEXT},
	{"residence_kind", "户籍类型", TABLE_CELL_TEXT},
	{"party_member", "党员", TABLE_CELL_TEXT},
	{"health", "健康状况", TABLE_CELL_TEXT},
	{"work", "工作", TABLE_CELL_TEXT},
	{"skills", "技能特长", TABLE_CELL_TEXT},
	{"tags", "标签", TABLE_CELL_TEXT},
	{"last_visit_on", "最近走访", TABLE_CELL_DATE},
	{"status", "状态", TABLE_CELL_TEXT},
};

#define NCOLS (sizeof(export_columns) / sizeof(export_columns[0]))

static const char *
word(const char *field, const char *code)
{
	static const struct {
		const char *field, *code, *zh;
	} zh[] = {
		{"gender", "male", "男"},
		{"gender", "female", "女"},
		{"relation", "head", "户主"},
		{"relation", "spouse", "配偶"},
		{"relation", "child", "子女"},
		{"relation", "parent", "父母"},
		{"relation", "grandchild", "孙子女"},
		{"relation", "sibling", "兄弟姐妹"},
		{"relation", "other", "其他"},
		{"residence_kind", "registered", "户籍"},
		{"residence_kind", "resident", "常住"},
		{"residence_kind", "floating", "流动"},
		{"residence_kind", "separated", "人户分离"},
		{"status", "living", "在册"},
		{"status", "moved_out", "迁出"},
		{"status", "deceased", "死亡"},
	};
	size_t i;

	for (i = 0; i < sizeof(zh) / sizeof(zh[0]); i++)
		if (strcmp(zh[i].field, field) == 0 && strcmp(zh[i].code, code) == 0)
			return zh[i].zh;
	return code;
}

static const char *
cell_text(struct request *rq, json_t *row, const char *field, const char *clear)
{
	json_t *v = json_object_get(row, field);

	if (clear)
		return clear;
	if (strcmp(field, "tags") == 0) {
		struct buf b;
		const char *s;
		size_t i;
		json_t *t;

		buf_init(&b, 4096);
		json_array_foreach (v, i, t) {
			buf_printf(&b, "%s%s", i ? "、" : "",
				   json_string_value(json_object_get(t, "name")));
		}
		s = arena_strdup(&rq->arena, b.data ? b.data : "");
		buf_clear(&b);
		return s;
	}
	if (json_is_string(v))
		return word(field, json_string_value(v));
	if (json_is_integer(v))
		return arena_printf(&rq->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "是" : "否";
	return "";
}

/* GET /api/v1/residents/export?format=csv|xlsx&reveal=&…filters: a file. */
int
api_residents_export(struct request *rq, struct response *rs)
{
	const char *format = request_query(rq, "format");
	const char *headers[NCOLS], *cells[NCOLS], *place[3] = {"", "", ""};
	enum table_cell_kind kinds[NCOLS];
	int64_t place_of = 0;
	const char *next = NULL, *cursor = NULL;
	const struct sb_key *key = server_key(rq->srv);
	struct table_writer *w = NULL;
	struct filter f;
	char today[11], stamp[32], *footer;
	int64_t *ids, total, rows = 0;
	bool reveal = false, xlsx;
	size_t n, i, c;
	int fd = -1, rc;

	if (format == NULL)
		format = "xlsx";
	if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
		return request_fail(rq, SB_BAD_QUERY, "format", "format: csv or xlsx",
				    "format：须为 csv 或 xlsx");
	xlsx = strcmp(format, "xlsx") == 0;
	rc = api_query_bool(rq, "reveal", &reveal);
	if (rc == SB_OK)
		rc = api_request_filter(rq, &f);
	if (rc != SB_OK)
		return rc;
	/* Clear numbers only for those who may reveal them, and only when asked. */
	reveal = reveal && rq->user.role >= ROLE_COMMITTEE_HEAD;
	for (c = 0; c < NCOLS; c++) {
		headers[c] = export_columns[c].header;
		kinds[c] = export_columns[c].kind;
	}
	rc = table_writer_open_anon(xlsx ? TABLE_WRITE_XLSX : TABLE_WRITE_CSV,
				    server_tmp_dir(rq->srv), "居民", headers, NCOLS, &w);
	if (rc == SB_OK) {
		table_writer_kinds(w, kinds);
		table_writer_footer_sheet(w, "导出信息");
	}
	while (rc == SB_OK) {
		/* One page of every id (8 bytes a resident): the pages of a list
		 * re-sort and re-count the whole filter each time (OFFSET), which
		 * made a street's export take 100 s. */
		rc = store_filter_residents(rq->store, &rq->scope, &f, cursor, 1 << 30, &rq->arena,
					    &ids, &n, &total, &next);
		for (i = 0; rc == SB_OK && i < n; i++) {
			char *clear[2] = {NULL, NULL};
			struct rvalue *row;
			json_t *j;

			rc = register_json_get(rq, &entity_resident, ids[i], &j);
			if (rc != SB_OK)
				break;
			if (reveal) {
				rc = register_get(rq->store, &rq->scope, &entity_resident, ids[i],
						  &rq->arena, &row);
				for (c = 0; rc == SB_OK && c < 2; c++) {
					const struct rvalue *v = &row[entity_field(
						&entity_resident, c ? "phone" : "id_number")];

					if (!v->null && v->box)
						clear[c] = crypto_open(key, v->box, v->boxlen);
				}
			}
			if (rc == SB_OK) {
				int64_t hh = json_integer_value(json_object_get(j, "household_id"));

				/* residents come in address order: a household's are together */
				if (hh != place_of)
					rc = store_household_place(rq->store, hh, &rq->arena,
								   &place[0], &place[1], &place[2]);
				place_of = hh;
			}
			for (c = 0; c < NCOLS; c++) {
				const char *field = export_columns[c].field;
				const char *cl = strcmp(field, "id_number") == 0 ? clear[0]
						 : strcmp(field, "phone") == 0	 ? clear[1]
										 : NULL;

				cells[c] = c < 3 ? place[c] : cell_text(rq, j, field, cl);
			}
			if (rc == SB_OK)
				rc = table_writer_row(w, cells);
			for (c = 0; c < 2; c++) {
				crypto_wipe(clear[c]);
				free(clear[c]);
			}
			json_decref(j);
			rows++;
		}
		if (rc != SB_OK || next == NULL)
			break;
		cursor = next;
	}
	ident_today(rq->now, today);
	{
		struct clock_parts p;

		clock_shanghai_parts(rq->now, &p);
		snprintf(stamp, sizeof(stamp), "%04d-%02d-%02d %02d:%02d", p.year, p.month, p.day,
			 p.hour, p.minute);
	}
	footer = arena_printf(&rq->arena, "导出人 %s · %s（北京时间）· 共 %lld 行%s",
			      api_person_name(&rq->user), stamp, (long long)rows,
			      reveal ? " · 含明文证件号" : "");
	if (w) {
		int crc = table_writer_close_fd(w, rq->user.username, footer, &fd);

		if (rc == SB_OK)
			rc = crc;
	}
	if (rc == SB_OK) {
		rc = store_begin(rq->store);
		if (rc == SB_OK)
			rc = api_audit(rq, "export", "resident", NULL, f.committee_code,
				       json_pack("{s:s, s:I, s:b, s:o}", "format", format, "rows",
						 (json_int_t)rows, "reveal", reveal, "filter",
						 filter_to_json(&f)));
		if (rc == SB_OK)
			rc = store_commit(rq->store);
		else
			store_rollback(rq->store);
	}
	if (rc != SB_OK) {
		if (fd >= 0)
			close(fd);
		return rc;
	}
	return api_serve_file(rq, rs, fd, api_export_type(xlsx),
			      arena_printf(&rq->arena,
					   "attachment; filename=\"residents-%s.%s\"; "
					   "filename*=UTF-8''%%E5%%B1%%85%%E6%%B0%%91-%s.%s",
					   today, format, today, format));
}
