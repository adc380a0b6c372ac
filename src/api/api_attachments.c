/* Photos and documents on visits, issues, campaign targets, meetings and projects
 * (docs/attachments.md): sent as the request body, kept by content hash,
 * readable by exactly those who may read the record, answered as downloads. */

#include <string.h>

#include "api/api.h"
#include "core/attachments.h"
#include "http/server.h"
#include "util/log.h"

/* The rules are core's (core/attachments.c): who may read a record's
 * files, the checks and keeping of a file, its removal. */

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

/* POST /api/v1/attachments?owner=&owner_id=&filename=: the body is the file. */
int
api_attachments_create(struct request *rq, struct response *rs)
{
	struct attachment_upload up = {0};
	struct attachment a;
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	int rc;

	up.kind = request_query(rq, "owner");
	up.media_type = request_header(rq, "Content-Type");
	up.data = (const unsigned char *)rq->body.data;
	up.len = rq->body.len;
	up.filename = request_query(rq, "filename");
	up.dir = server_files_dir(rq->srv);
	rc = api_query_int(rq, "owner_id", &up.owner_id);
	if (rc == SB_OK)
		rc = attachment_create(rq->store, &rq->scope, &who, &up, &rq->arena, &a, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc != SB_OK)
		return rc;
	response_header(rq, rs, "Location",
			arena_printf(&rq->arena, "/api/v1/attachments/%lld", (long long)a.id));
	return response_json(rs, 201, attachment_json(rq, &a));
}

/* GET /api/v1/attachments?owner=&owner_id= */
int
api_attachments_list(struct request *rq, struct response *rs)
{
	struct attachment_list l;
	struct sb_fail fail = {0};
	int64_t owner = 0;
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_int(rq, "owner_id", &owner);
	if (rc == SB_OK)
		rc = attachment_list(rq->store, &rq->scope, request_query(rq, "owner"), owner,
				     &rq->arena, &l, &fail);
	rc = api_fail(rq, rc, &fail);
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
	int64_t id;
	int rc = request_param_id(rq, "id", &id);

	if (rc == SB_OK)
		rc = attachment_get(rq->store, &rq->scope, id, &rq->arena, a);
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
	struct sb_fail fail = {0};
	struct actor who = api_actor(rq);
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = attachment_remove(rq->store, &rq->scope, &who, rq->user.role, id,
				       server_files_dir(rq->srv), &rq->arena, &fail);
	rc = api_fail(rq, rc, &fail);
	if (rc != SB_OK)
		return rc;
	rs->status = 204;
	return SB_OK;
}
