#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "core/register.h"
#include "util/table.h"

/* POST /api/v1/imports/visits?committee_code=&dry_run=&all_or_nothing=: visits
 * recorded on paper during a busy week, from CSV or XLSX, with the same
 * line-by-line report as the register's import (docs/visits.md). */

enum vcol {
	V_COMPOUND,
	V_BUILDING,
	V_ROOM,
	V_AT,
	V_CHANNEL,
	V_WORKER,
	V_OBSERVED,
	V_HEARD,
	V_ASKED,
	V_NEEDS,
	V_FOLLOW_UP,
	V_SERVICES,
	V_COUNT
};

static const char *const vnames[V_COUNT][4] = {
	[V_COMPOUND] = {"小区", "compound"},
	[V_BUILDING] = {"楼号", "楼", "building"},
	[V_ROOM] = {"室号", "室", "room"},
	[V_AT] = {"走访时间", "时间", "visited_at"},
	[V_CHANNEL] = {"方式", "走访方式", "channel"},
	[V_WORKER] = {"社工", "worker"},
	[V_OBSERVED] = {"望", "observed"},
	[V_HEARD] = {"闻", "heard"},
	[V_ASKED] = {"问", "asked"},
	[V_NEEDS] = {"切", "needs"},
	[V_FOLLOW_UP] = {"跟进日期", "follow_up_on"},
	[V_SERVICES] = {"服务", "services"},
};

static const struct {
	const char *word, *code;
} channel_words[] = {
	{"入户", "home"},   {"电话", "phone"},	{"路遇", "street"},
	{"来访", "office"}, {"线上", "online"},
};

struct vimport {
	struct request *rq;
	const char *committee;
	int col[V_COUNT];
	bool header_done;
	int64_t inserted, rejected, rows;
	json_t *lines;
	int fatal;
	const char *fatal_en, *fatal_zh;
};

static const char *
cell(const struct table_row *row, const struct vimport *im, enum vcol c)
{
	int i = im->col[c];

	if (i < 0 || (size_t)i >= row->ncells || row->cells[i][0] == '\0')
		return NULL;
	return row->cells[i];
}

static int
header(struct vimport *im, const struct table_row *row)
{
	static const enum vcol required[] = {V_COMPOUND, V_BUILDING, V_ROOM, V_AT, V_CHANNEL};
	size_t i, c, k;

	for (c = 0; c < V_COUNT; c++)
		im->col[c] = -1;
	for (i = 0; i < row->ncells; i++)
		for (c = 0; c < V_COUNT; c++)
			for (k = 0; k < 4 && vnames[c][k]; k++)
				if (strcasecmp(row->cells[i], vnames[c][k]) == 0)
					im->col[c] = (int)i;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (im->col[required[i]] >= 0)
			continue;
		im->fatal_en = arena_printf(&im->rq->arena, "line %zu: the column %s is missing",
					    row->line, vnames[required[i]][0]);
		im->fatal_zh = arena_printf(&im->rq->arena, "第 %zu 行：缺少列“%s”", row->line,
					    vnames[required[i]][0]);
		return SB_BAD_FIELD;
	}
	return SB_OK;
}

/* "2026-11-20 09:30" (Asia/Shanghai, as people write it, or as the XLSX
 * reader gives an Excel date-time cell: "2026-11-20 16:40[:05]") into RFC
 * 3339; a date alone is 09:00. */
static const char *
local_time(struct arena *ar, const char *v)
{
	int y, mo, d, h = 9, mi = 0, sec = 0;
	char tail;

	if (sscanf(v, "%d-%d-%d %d:%d:%d%c", &y, &mo, &d, &h, &mi, &sec, &tail) == 6 ||
	    sscanf(v, "%d/%d/%d %d:%d:%d%c", &y, &mo, &d, &h, &mi, &sec, &tail) == 6 ||
	    (sec = 0, sscanf(v, "%d-%d-%d %d:%d%c", &y, &mo, &d, &h, &mi, &tail) == 5) ||
	    sscanf(v, "%d/%d/%d %d:%d%c", &y, &mo, &d, &h, &mi, &tail) == 5 ||
	    (h = 9, mi = 0, sscanf(v, "%d-%d-%d%c", &y, &mo, &d, &tail) == 3) ||
	    sscanf(v, "%d/%d/%d%c", &y, &mo, &d, &tail) == 3)
		return arena_printf(ar, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, mo, d, h, mi,
				    sec);
	return v;
}

static void
line_report(struct vimport *im, size_t line, const char *status, int64_t id, const char *field,
	    const char *en, const char *zh)
{
	json_array_append_new(im->lines, json_pack("{s:I, s:s, s:o, s:s?, s:s?, s:s?}", "line",
						   (json_int_t)line, "status", status, "id",
						   id ? json_integer(id) : json_null(), "reason",
						   en, "reason_zh", zh, "field", field));
}

static int
one_line(struct vimport *im, const struct table_row *row, int64_t *id)
{
	struct request *rq = im->rq;
	const char *compound = cell(row, im, V_COMPOUND), *building = cell(row, im, V_BUILDING);
	const char *room = cell(row, im, V_ROOM), *channel = cell(row, im, V_CHANNEL);
	const char *worker_name = cell(row, im, V_WORKER), *services = cell(row, im, V_SERVICES);
	int64_t compound_id = 0, building_id = 0, household_id = 0;
	struct visit v = {0};
	struct rvalue *hh;
	struct user w;
	json_t *body;
	size_t i;
	int rc;

	if (compound == NULL || building == NULL || room == NULL)
		return request_fail(rq, SB_BAD_FIELD, "household_id",
				    "小区, 楼号 and 室号 are required", "小区、楼号、室号必填");
	rc = store_compound_by_name(rq->store, im->committee, compound, &compound_id);
	if (rc == SB_OK && compound_id)
		rc = store_building_by_label(rq->store, compound_id, building, &building_id);
	if (rc == SB_OK && building_id)
		rc = store_household_by_room(rq->store, building_id, room, &household_id);
	if (rc != SB_OK)
		return rc;
	if (household_id == 0)
		return request_fail(
			rq, SB_BAD_FIELD, "household_id",
			arena_printf(&rq->arena, "no household %s %s %s in the register", compound,
				     building, room),
			arena_printf(&rq->arena, "底册中没有 %s %s %s", compound, building, room));
	w = rq->user;
	if (worker_name) {
		rc = store_user_by_name(rq->store, worker_name, &rq->arena, &w);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && w.disabled))
			return request_fail(
				rq, SB_BAD_FIELD, "worker",
				arena_printf(&rq->arena, "no worker named %s", worker_name),
				arena_printf(&rq->arena, "没有名为 %s 的社工", worker_name));
		if (rc != SB_OK)
			return rc;
		if (w.id != rq->user.id && rq->user.role < ROLE_COMMITTEE_HEAD)
			return request_fail(rq, SB_FORBIDDEN, "worker",
					    "only a head may import other workers' visits",
					    "只有书记可以导入其他社工的走访");
		{
			bool here = false;

			for (i = 0; i < w.nscope; i++)
				if (strcmp(w.scope[i], im->committee) == 0)
					here = true;
			if (!here || (w.role != ROLE_WORKER && w.role != ROLE_COMMITTEE_HEAD))
				return request_fail(
					rq, SB_BAD_FIELD, "worker",
					arena_printf(&rq->arena,
						     "%s is not a worker of this committee",
						     worker_name),
					arena_printf(&rq->arena, "%s 不是本居委会的社工",
						     worker_name));
		}
	}
	for (i = 0; channel && i < sizeof(channel_words) / sizeof(channel_words[0]); i++)
		if (strcmp(channel, channel_words[i].word) == 0)
			channel = channel_words[i].code;
	body = json_pack("{s:I, s:s?, s:s?}", "household_id", (json_int_t)household_id, "channel",
			 channel, "visited_at",
			 cell(row, im, V_AT) ? local_time(&rq->arena, cell(row, im, V_AT)) : NULL);
	if (cell(row, im, V_OBSERVED))
		json_object_set_new(body, "observed", json_string(cell(row, im, V_OBSERVED)));
	if (cell(row, im, V_HEARD))
		json_object_set_new(body, "heard", json_string(cell(row, im, V_HEARD)));
	if (cell(row, im, V_ASKED))
		json_object_set_new(body, "asked", json_string(cell(row, im, V_ASKED)));
	if (cell(row, im, V_NEEDS))
		json_object_set_new(body, "needs", json_string(cell(row, im, V_NEEDS)));
	if (cell(row, im, V_FOLLOW_UP))
		json_object_set_new(body, "follow_up_on", json_string(cell(row, im, V_FOLLOW_UP)));
	if (services) {
		json_t *a = json_array();
		char *copy = arena_strdup(&rq->arena, services), *t;

		/* Separators: 、 ， ； (three bytes each in UTF-8), ',' and ';'. */
		for (t = copy; *t;) {
			char *e = t;

			while (*e && *e != ',' && *e != ';' && strncmp(e, "、", 3) != 0 &&
			       strncmp(e, "，", 3) != 0 && strncmp(e, "；", 3) != 0)
				e++;
			if (e > t)
				json_array_append_new(a, json_stringn(t, (size_t)(e - t)));
			if (*e == '\0')
				break;
			t = e + (*e == ',' || *e == ';' ? 1 : 3);
		}
		json_object_set_new(body, "services", a);
	}
	if (json_object_get(body, "visited_at") == NULL) {
		json_decref(body);
		return request_fail(rq, SB_BAD_FIELD, "visited_at", "走访时间 is required",
				    "走访时间必填");
	}
	rc = visit_from_body(rq, body, &v, true, &hh);
	json_decref(body);
	if (rc == SB_OK)
		rc = visit_allowed(rq, &v, w.id, w.role);
	if (rc == SB_OK) {
		v.worker_id = w.id;
		v.created_at = v.updated_at = rq->now;
		rc = store_visit_insert_unscoped(rq->store, &v, id);
		if (rc == SB_OK)
			rc = store_household_visit_refresh_unscoped(rq->store, v.household_id);
	}
	visit_free_texts(&v, NULL);
	return rc;
}

static int
on_row(const struct table_row *row, void *ctx)
{
	struct vimport *im = ctx;
	struct request *rq = im->rq;
	int64_t id = 0;
	int rc;

	if (!im->header_done) {
		im->header_done = true;
		rc = header(im, row);
		if (rc != SB_OK)
			im->fatal = rc;
		return rc;
	}
	im->rows++;
	rq->error_field = rq->error_message = rq->error_message_zh = NULL;
	rc = store_savepoint(rq->store);
	if (rc == SB_OK)
		rc = one_line(im, row, &id);
	if (rc == SB_OK) {
		rc = store_savepoint_release(rq->store);
		line_report(im, row->line, "inserted", id, NULL, NULL, NULL);
		im->inserted++;
	} else if (rc == SB_BAD_FIELD || rc == SB_FORBIDDEN || rc == SB_CONFLICT) {
		rc = store_savepoint_rollback(rq->store);
		line_report(im, row->line, "rejected", 0, rq->error_field,
			    rq->error_message ? rq->error_message : "invalid line",
			    rq->error_message_zh ? rq->error_message_zh : "该行无效");
		im->rejected++;
	} else {
		store_savepoint_rollback(rq->store);
	}
	if (rc != SB_OK)
		im->fatal = rc;
	return rc;
}

int
api_imports_visits(struct request *rq, struct response *rs)
{
	struct vimport im = {.rq = rq};
	struct table_error terr = {0};
	const char *encoding = NULL, *v;
	bool dry, all, written;
	int rc;

	im.committee = request_query(rq, "committee_code");
	rc = api_committee_in_scope(rq, im.committee, "committee_code", SB_BAD_QUERY);
	if (rc != SB_OK)
		return rc;
	v = request_query(rq, "dry_run");
	dry = v && strcmp(v, "true") == 0;
	v = request_query(rq, "all_or_nothing");
	all = v && strcmp(v, "true") == 0;
	if (rq->body.len == 0)
		return request_fail(rq, SB_BAD_FIELD, "file",
				    "the body must be the CSV or XLSX file",
				    "请求内容须为 CSV 或 XLSX 文件");
	im.lines = json_array();
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = table_each(rq->body.data, rq->body.len, on_row, &im, &encoding, &terr);
	if (rc != SB_OK && im.fatal_en) {
		rc = request_fail(rq, SB_BAD_FIELD, "file", im.fatal_en, im.fatal_zh);
	} else if (rc != SB_OK && im.fatal == 0) {
		rc = request_fail(rq, SB_BAD_FIELD, "file",
				  terr.line ? arena_printf(&rq->arena, "line %zu: %s", terr.line,
							   terr.message)
					    : arena_strdup(&rq->arena, terr.message),
				  terr.line ? arena_printf(&rq->arena, "第 %zu 行：%s", terr.line,
							   terr.message_zh)
					    : arena_strdup(&rq->arena, terr.message_zh));
	} else if (rc == SB_OK && !im.header_done) {
		rc = request_fail(rq, SB_BAD_FIELD, "file", "the file is empty", "文件为空");
	}
	written = rc == SB_OK && !dry && !(all && im.rejected > 0);
	if (written)
		rc = api_audit(rq, "import", "visit", NULL, im.committee,
			       json_pack("{s:I, s:I}", "inserted", (json_int_t)im.inserted,
					 "rejected", (json_int_t)im.rejected));
	if (written && rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(
			rs, 200,
			json_pack("{s:I, s:I, s:I, s:s, s:b, s:b, s:b, s:O}", "rows",
				  (json_int_t)im.rows, "inserted", (json_int_t)im.inserted,
				  "rejected", (json_int_t)im.rejected, "encoding",
				  encoding ? encoding : "", "dry_run", dry, "all_or_nothing", all,
				  "written", written, "lines", im.lines));
out:
	json_decref(im.lines);
	return rc;
}
