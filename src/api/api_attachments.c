/* Photos and documents on visits, issues, campaign targets, meetings and projects
 * (docs/attachments.md): sent as the request body, kept by content hash,
 * readable by exactly those who may read the record, answered as downloads. */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "core/attachments.h"
#include "core/issues.h"
#include "http/server.h"
#include "store/campaigns.h"
#include "store/consult.h"
#include "util/log.h"

/* The record an attachment belongs to, read in the caller's scope: its
 * committee (or area, for an issue held above the committees).  404 when
 * the caller may not read it. */
static int
owner_of(struct request *rq, const char *kind, int64_t id, const char **committee)
{
	int rc;

	*committee = NULL;
	if (kind == NULL)
		return request_fail(
			rq, SB_BAD_QUERY, "owner",
			"owner: visit, issue, campaign_target, meeting or project",
			"owner：须为 visit、issue、campaign_target、meeting 或 project");
	if (id <= 0)
		return request_fail(rq, SB_BAD_QUERY, "owner_id", "owner_id: required",
				    "owner_id：必填");
	if (strcmp(kind, "visit") == 0) {
		struct visit v;

		rc = store_visit_get(rq->store, &rq->scope, id, &rq->arena, &v);
		if (rc == SB_OK)
			*committee = v.committee_code;
	} else if (strcmp(kind, "issue") == 0) {
		struct issue i;

		rc = store_issue_get(rq->store, &rq->scope, id, &rq->arena, &i);
		if (rc == SB_OK)
			*committee = i.area_code;
	} else if (strcmp(kind, "campaign_target") == 0) {
		struct campaign c;
		int64_t campaign = 0;

		rc = store_campaign_of_target(rq->store, id, &campaign);
		if (rc == SB_OK && campaign == 0)
			rc = SB_NOT_FOUND;
		if (rc == SB_OK)
			rc = store_campaign_get(rq->store, &rq->scope, campaign, &rq->arena, &c);
		if (rc == SB_OK)
			*committee = c.committee_code;
	} else if (strcmp(kind, "meeting") == 0) {
		/* a meeting's sign-in sheet, its minutes: who may read the meeting */
		struct meeting_row m;

		rc = store_meeting_row(rq->store, &rq->scope, id, &rq->arena, &m);
		if (rc == SB_OK)
			*committee = m.committee_code;
	} else if (strcmp(kind, "project") == 0) {
		/* a project's documents (docs/consultation.md, "Projects") */
		rc = store_project_committee(rq->store, &rq->scope, id, &rq->arena, committee);
	} else {
		return request_fail(
			rq, SB_BAD_QUERY, "owner",
			"owner: visit, issue, campaign_target, meeting or project",
			"owner：须为 visit、issue、campaign_target、meeting 或 project");
	}
	if (rc == SB_NOT_FOUND)
		return request_fail(rq, SB_NOT_FOUND, "owner_id",
				    "owner_id: no such record in your jurisdiction",
				    "owner_id：您的辖区内没有该记录");
	return rc;
}

static json_t *
attachment_json(struct request *rq, const struct attachment *a)
{
	json_t *o = json_pack(
		"{s:I, s:s, s:I, s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)a->id,
		"owner", a->owner_kind, "owner_id", (json_int_t)a->owner_id, "filename",
		a->filename, "media_type", a->media_type, "bytes", (json_int_t)a->bytes, "url",
		arena_printf(&rq->arena, "/api/v1/attachments/%lld", (long long)a->id),
		"created_by", (json_int_t)a->created_by, "created_by_name", a->created_by_name,
		"created_at", api_time(rq, a->created_at), "thumbnail_url",
		a->thumb_sha256 ? arena_printf(&rq->arena, "/api/v1/attachments/%lld/thumbnail",
					       (long long)a->id)
				: "");

	if (a->thumb_sha256 == NULL)
		json_object_set_new(o, "thumbnail_url", json_null());
	if (a->width > 0) {
		json_object_set_new(o, "width", json_integer(a->width));
		json_object_set_new(o, "height", json_integer(a->height));
	}
	return o;
}

/* A file name to show and to offer on download: the client's, without a
 * folder, controls or quotes, at most 100 characters; else a plain one. */
static const char *
clean_name(struct request *rq, const char *given, const char *type)
{
	const char *base = given ? strrchr(given, '/') : NULL;
	char *out;
	size_t i, n, chars = 0;

	if (given && base)
		given = base + 1;
	if (given && strrchr(given, '\\'))
		given = strrchr(given, '\\') + 1;
	if (given == NULL || *given == '\0' || *given == '.')
		return strcmp(type, "application/pdf") == 0 ? "文件.pdf"
		       : strcmp(type, "image/png") == 0	    ? "照片.png"
							    : "照片.jpg";
	out = arena_strdup(&rq->arena, given);
	n = strlen(out);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == ';')
			out[i] = '_';
		if ((c & 0xc0) != 0x80 && ++chars > 100) {
			out[i] = '\0';
			break;
		}
	}
	return out;
}

/* POST /api/v1/attachments?owner=&owner_id=&filename=: the body is the file. */
int
api_attachments_create(struct request *rq, struct response *rs)
{
	const char *kind = request_query(rq, "owner");
	const char *type = request_header(rq, "Content-Type");
	const char *committee = NULL, *dir = server_files_dir(rq->srv);
	struct attach_file f;
	struct attachment a = {0};
	struct sb_fail fail = {0};
	char sha[ATTACH_SHA_HEX], thumb[ATTACH_SHA_HEX];
	int64_t owner = 0, id = 0;
	int rc;

	rc = api_query_int(rq, "owner_id", &owner);
	if (rc == SB_OK)
		rc = owner_of(rq, kind, owner, &committee);
	if (rc != SB_OK)
		return rc;
	if (rq->body.len == 0)
		return request_fail(rq, SB_BAD_FIELD, "file",
				    "file: the body is the file; it is empty",
				    "文件：请求内容即文件，不能为空");
	rc = attach_prepare(type ? type : "", (const unsigned char *)rq->body.data, rq->body.len,
			    &f, &fail);
	if (rc != SB_OK)
		return api_fail(rq, rc, &fail);
	/* The files first, synced: a record never names a file that is not there. */
	rc = attach_keep(dir, f.data, f.len, sha);
	if (rc == SB_OK && f.thumb)
		rc = attach_keep(dir, f.thumb, f.thumb_len, thumb);
	a.owner_kind = kind;
	a.owner_id = owner;
	a.committee_code = committee;
	a.sha256 = sha;
	a.thumb_sha256 = f.thumb ? thumb : NULL;
	a.media_type = f.media_type;
	a.bytes = (int64_t)f.len;
	a.width = f.width;
	a.height = f.height;
	a.filename = clean_name(rq, request_query(rq, "filename"), f.media_type);
	a.created_by = rq->user.id;
	a.created_at = rq->now;
	attach_file_free(&f);
	if (rc == SB_OK)
		rc = store_begin(rq->store);
	if (rc != SB_OK)
		return rc;
	rc = store_attachment_insert(rq->store, &a, &id);
	if (rc == SB_OK)
		rc = api_audit(rq, "attach", kind,
			       arena_printf(&rq->arena, "%lld", (long long)owner), committee,
			       json_pack("{s:I, s:s, s:I}", "attachment_id", (json_int_t)id,
					 "media_type", a.media_type, "bytes", (json_int_t)a.bytes));
	if (rc == SB_OK)
		rc = store_attachment_get(rq->store, &rq->scope, id, &rq->arena, &a);
	rc = store_end(rq->store, rc);
	if (rc != SB_OK)
		return rc;
	response_header(rq, rs, "Location",
			arena_printf(&rq->arena, "/api/v1/attachments/%lld", (long long)id));
	return response_json(rs, 201, attachment_json(rq, &a));
}

/* GET /api/v1/attachments?owner=&owner_id= */
int
api_attachments_list(struct request *rq, struct response *rs)
{
	const char *kind = request_query(rq, "owner"), *committee;
	struct attachment_list l;
	int64_t owner = 0;
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_int(rq, "owner_id", &owner);
	if (rc == SB_OK)
		rc = owner_of(rq, kind, owner, &committee);
	if (rc == SB_OK)
		rc = store_attachment_list(rq->store, kind, owner, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items, attachment_json(rq, &l.items[i]));
	return response_json(rs, 200, api_page(items, NULL));
}

/* The attachment of the path, when the caller may read its record. */
static int
load(struct request *rq, struct attachment *a)
{
	const char *committee;
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = store_attachment_get(rq->store, &rq->scope, id, &rq->arena, a);
	/* The record decides, not only the committee: a visit the caller may
	 * not read keeps its photos too. */
	if (rc == SB_OK)
		rc = owner_of(rq, a->owner_kind, a->owner_id, &committee);
	if (rc == SB_NOT_FOUND) {
		rq->error_field = NULL;
		rq->error_message = NULL;
		rq->error_message_zh = NULL;
	}
	return rc;
}

/* RFC 6266/5987: the name as UTF-8, percent-encoded, and a plain fallback. */
static const char *
disposition(struct request *rq, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	char *enc = arena_alloc(&rq->arena, 3 * strlen(name) + 1), *w = enc;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_') {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = '\0';
	return arena_printf(&rq->arena, "attachment; filename=\"attachment\"; filename*=UTF-8''%s",
			    enc);
}

static int
serve(struct request *rq, struct response *rs, const char *sha, const char *type, const char *name)
{
	uint64_t size = 0;
	int fd = -1;
	int rc = attach_open(server_files_dir(rq->srv), sha, &fd, &size);

	if (rc == SB_NOT_FOUND)
		log_err("attachment file %s is missing from %s", sha, server_files_dir(rq->srv));
	if (rc != SB_OK)
		return rc;
	rc = api_serve_file(rq, rs, fd, type, disposition(rq, name));
	/* Never shown as a page of ours: a PDF or an image with a script in it
	 * runs nowhere (the download is sandboxed and its type fixed). */
	if (rc == SB_OK)
		response_header(rq, rs, "Content-Security-Policy", "sandbox; default-src 'none'");
	return rc;
}

/* GET /api/v1/attachments/{id}: the file, as a download. */
int
api_attachments_get(struct request *rq, struct response *rs)
{
	struct attachment a;
	int rc = load(rq, &a);

	if (rc != SB_OK)
		return rc;
	return serve(rq, rs, a.sha256, a.media_type, a.filename);
}

/* GET /api/v1/attachments/{id}/thumbnail: a JPEG of at most 320 px a side. */
int
api_attachments_thumbnail(struct request *rq, struct response *rs)
{
	struct attachment a;
	int rc = load(rq, &a);

	if (rc != SB_OK)
		return rc;
	if (a.thumb_sha256 == NULL)
		return request_fail(rq, SB_NOT_FOUND, NULL, "a document has no thumbnail",
				    "文档没有缩略图");
	return serve(rq, rs, a.thumb_sha256, "image/jpeg",
		     arena_printf(&rq->arena, "thumbnail-%lld.jpg", (long long)a.id));
}

/* DELETE /api/v1/attachments/{id}: by who added it, or a head and above.
 * The row stays (audited); the file goes when no row in use names it. */
int
api_attachments_delete(struct request *rq, struct response *rs)
{
	const char *shas[2];
	struct attachment a;
	size_t k;
	int rc = load(rq, &a);

	if (rc != SB_OK)
		return rc;
	if (a.created_by != rq->user.id && rq->user.role < ROLE_COMMITTEE_HEAD)
		return request_fail(rq, SB_FORBIDDEN, NULL,
				    "only who added it, or a committee head, takes it off",
				    "只有上传者或居委会负责人可以删除");
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		return rc;
	rc = store_attachment_remove(rq->store, a.id, rq->user.id, rq->now);
	if (rc == SB_OK)
		rc = api_audit(rq, "detach", a.owner_kind,
			       arena_printf(&rq->arena, "%lld", (long long)a.owner_id),
			       a.committee_code,
			       json_pack("{s:I}", "attachment_id", (json_int_t)a.id));
	rc = store_end(rq->store, rc);
	if (rc != SB_OK)
		return rc;
	/* After the commit: a file no row in use names is personal data no
	 * longer needed.  (A crash between leaves a file no row names; it is
	 * never served.) */
	shas[0] = a.sha256;
	shas[1] = a.thumb_sha256;
	for (k = 0; k < 2; k++) {
		bool used = true;

		if (shas[k] && store_attachment_sha_used(rq->store, shas[k], &used) == SB_OK &&
		    !used && attach_sha_valid(shas[k])) {
			char path[4096];

			if (snprintf(path, sizeof(path), "%s/%s", server_files_dir(rq->srv),
				     shas[k]) < (int)sizeof(path))
				unlink(path);
		}
	}
	rs->status = 204;
	return SB_OK;
}
