#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/audit.h"
#include "core/committee_check.h"
#include "util/clock.h"
#include "util/errors.h"

int
api_query_int(struct request *rq, const char *name, int64_t *out)
{
	const char *v = request_query(rq, name);
	char *end;
	long long n;

	*out = 0;
	if (v == NULL)
		return SB_OK;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end || errno || n < 0)
		return request_refuse(rq, SB_BAD_QUERY, name, "must be a whole number",
				      "必须是非负整数");
	*out = n;
	return SB_OK;
}

int
api_query_bool(struct request *rq, const char *name, bool *out)
{
	const char *v = request_query(rq, name);

	*out = false;
	if (v == NULL)
		return SB_OK;
	if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
		return request_refuse(rq, SB_BAD_QUERY, name, "true or false",
				      "须为 true 或 false");
	*out = strcmp(v, "true") == 0;
	return SB_OK;
}

int
api_query_limit(struct request *rq, int *limit)
{
	const char *v = request_query(rq, "limit");
	int64_t n;
	int rc;

	*limit = 50;
	if (v == NULL)
		return SB_OK;
	rc = api_query_int(rq, "limit", &n);
	if (rc != SB_OK || n < 1 || n > 500)
		return request_refuse(rq, SB_BAD_QUERY, "limit", "a number from 1 to 500",
				      "必须是 1 至 500 之间的数字");
	*limit = (int)n;
	return SB_OK;
}

int
api_query_whole_list(struct request *rq)
{
	int limit;

	return api_query_limit(rq, &limit);
}

int
api_serve_file(struct request *rq, struct response *rs, int fd, const char *content_type,
	       const char *disposition)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < 0) {
		close(fd);
		return SB_IO;
	}
	rs->status = 200;
	rs->fd = fd;
	rs->fd_size = (uint64_t)sb.st_size;
	rs->content_type = content_type;
	response_header(rq, rs, "Content-Disposition", disposition);
	response_header(rq, rs, "Cache-Control", "no-store");
	return SB_OK;
}

const char *
api_export_type(bool xlsx)
{
	return xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		    : "text/csv; charset=utf-8";
}

struct actor
api_actor(const struct request *rq)
{
	struct actor who = {rq->authed ? rq->user.id : 0, rq->authed ? rq->user.username : NULL,
			    rq->ip, rq->now};
	return who;
}

int
api_audit(struct request *rq, const char *action, const char *entity, const char *entity_id,
	  const char *area_code, json_t *detail)
{
	struct actor who = api_actor(rq);

	return audit_add(rq->store, &who, action, entity, entity_id, area_code, detail);
}

json_t *
api_page(json_t *items, const char *next_cursor)
{
	return json_pack("{s:o, s:s?}", "items", items, "next_cursor", next_cursor);
}

const char *
api_time(struct request *rq, int64_t t)
{
	char s[CLOCK_UTC_LEN];

	clock_format_utc(t, s);
	return arena_strdup(&rq->arena, s);
}

int
api_fail(struct request *rq, int err, const struct sb_fail *fail)
{
	if (err != SB_OK && fail->en)
		return request_fail(rq, err, fail->field, fail->en, fail->zh);
	return err;
}

/* The checks themselves are core's (core/committee_check.c); these render
 * the refusal onto the request. */
int
api_committee_in_scope(struct request *rq, const char *code, const char *field, int err)
{
	struct sb_fail fail = {0};
	int rc = committee_check_scope(rq->store, &rq->scope, code, field, err, &rq->arena, &fail);

	return api_fail(rq, rc, &fail);
}

int
api_id_of_committee(struct request *rq, const char *table, const char *committee, const char *field,
		    int64_t id)
{
	struct sb_fail fail = {0};
	int rc = committee_check_row(rq->store, &rq->scope, table, committee, field, id, &rq->arena,
				     &fail);

	return api_fail(rq, rc, &fail);
}

int
api_worker_of_committee(struct request *rq, const char *committee, const char *field, int64_t id,
			bool heads_too)
{
	struct sb_fail fail = {0};
	int rc = committee_check_worker(rq->store, committee, field, id, heads_too, &rq->arena,
					&fail);

	return api_fail(rq, rc, &fail);
}

int
api_ids_of_committee(struct request *rq, const char *table, const char *committee,
		     const char *field, const int64_t *ids, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = api_id_of_committee(rq, table, committee, field, ids[i]);
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
api_json_ids_of_committee(struct request *rq, const char *table, const char *committee,
			  const char *field, json_t *ids)
{
	json_t *v;
	size_t i;
	int rc;

	json_array_foreach (ids, i, v) {
		rc = api_id_of_committee(rq, table, committee, field, json_integer_value(v));
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

int
api_filter_of_committee(struct request *rq, const struct filter *f, const char *committee,
			const char *member)
{
	int rc = SB_OK;

	if (f->compound_id)
		rc = api_id_of_committee(rq, "compound", committee,
					 arena_printf(&rq->arena, "%s.compound_id", member),
					 f->compound_id);
	if (rc == SB_OK && f->building_id)
		rc = api_id_of_committee(rq, "building", committee,
					 arena_printf(&rq->arena, "%s.building_id", member),
					 f->building_id);
	if (rc == SB_OK && f->team_id)
		rc = api_id_of_committee(rq, "team", committee,
					 arena_printf(&rq->arena, "%s.team_id", member),
					 f->team_id);
	return rc;
}
