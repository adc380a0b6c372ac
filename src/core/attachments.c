#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gd.h>
#include <sodium.h>

#include "core/attachments.h"
#include "core/audit.h"
#include "store/consult.h" /* store_meeting_row, store_project_committee */

static int
refuse(struct sb_fail *fail, const char *en, const char *zh)
{
	return sb_fail(fail, SB_BAD_FIELD, "file", en, zh);
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool
is_jpeg(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff;
}

static bool
is_png(const unsigned char *p, size_t n)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

	return n >= 24 && memcmp(p, sig, 8) == 0;
}

/* The segments of a JPEG up to the first frame header: calls fn with each
 * marker and its payload (bounds checked); stops when fn answers true. */
static bool
jpeg_segments(const unsigned char *p, size_t n,
	      bool (*fn)(unsigned marker, const unsigned char *seg, size_t len, void *ctx),
	      void *ctx)
{
	size_t i = 2;

	while (i + 4 <= n) {
		unsigned marker, len;

		if (p[i] != 0xff)
			return false;
		while (i < n && p[i] == 0xff) /* fill bytes */
			i++;
		if (i >= n)
			return false;
		marker = p[i++];
		if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01)
			continue; /* no length */
		if (marker == 0xd9 || marker == 0xda || i + 2 > n)
			return false; /* the image data, or the end, before a frame */
		len = be16(p + i);
		if (len < 2 || i + len > n)
			return false;
		if (fn(marker, p + i + 2, len - 2, ctx))
			return true;
		i += len;
	}
	return false;
}

struct dims {
	int w, h;
};

static bool
frame_size(unsigned marker, const unsigned char *seg, size_t len, void *ctx)
{
	struct dims *d = ctx;

	/* SOF0..SOF15, but DHT (c4), JPG (c8) and DAC (cc) share the range. */
	if (marker < 0xc0 || marker > 0xcf || marker == 0xc4 || marker == 0xc8 || marker == 0xcc)
		return false;
	if (len < 5)
		return false;
	d->h = (int)be16(seg + 1);
	d->w = (int)be16(seg + 3);
	return true;
}

bool
attach_image_size(const unsigned char *p, size_t n, int *w, int *h)
{
	struct dims d = {0, 0};

	*w = *h = 0;
	if (is_png(p, n)) {
		if (memcmp(p + 12, "IHDR", 4) != 0)
			return false;
		if (be32(p + 16) > ATTACH_MAX_SIDE || be32(p + 20) > ATTACH_MAX_SIDE) {
			*w = *h = ATTACH_MAX_SIDE + 1;
			return true;
		}
		*w = (int)be32(p + 16);
		*h = (int)be32(p + 20);
		return *w > 0 && *h > 0;
	}
	if (is_jpeg(p, n) && jpeg_segments(p, n, frame_size, &d) && d.w > 0 && d.h > 0) {
		*w = d.w;
		*h = d.h;
		return true;
	}
	return false;
}

static bool
exif_orientation(unsigned marker, const unsigned char *seg, size_t len, void *ctx)
{
	int *o = ctx;
	const unsigned char *t;
	bool little;
	uint32_t ifd;
	unsigned count, k;
	size_t tn;

	if (marker != 0xe1 || len < 6 + 8 || memcmp(seg, "Exif\0\0", 6) != 0)
		return false;
	t = seg + 6;
	tn = len - 6;
	if (memcmp(t, "II", 2) == 0)
		little = true;
	else if (memcmp(t, "MM", 2) == 0)
		little = false;
	else
		return true;
#define U16(q) (little ? (unsigned)((q)[0] | (q)[1] << 8) : be16(q))
#define U32(q)                                                                                     \
	(little ? (uint32_t)(q)[0] | (uint32_t)(q)[1] << 8 | (uint32_t)(q)[2] << 16 |              \
			  (uint32_t)(q)[3] << 24                                                   \
		: be32(q))
	if (U16(t + 2) != 42)
		return true;
	ifd = U32(t + 4);
	if (ifd > tn || tn - ifd < 2)
		return true;
	count = U16(t + ifd);
	for (k = 0; k < count; k++) {
		size_t at = (size_t)ifd + 2 + (size_t)k * 12;

		if (at + 12 > tn)
			break;
		if (U16(t + at) == 0x0112 && U16(t + at + 2) == 3) {
			unsigned v = U16(t + at + 8);

			if (v >= 1 && v <= 8)
				*o = (int)v;
			break;
		}
	}
#undef U16
#undef U32
	return true;
}

int
attach_exif_orientation(const unsigned char *p, size_t n)
{
	int o = 1;

	if (is_jpeg(p, n))
		jpeg_segments(p, n, exif_orientation, &o);
	return o;
}

/* libgd's warnings (a truncated JPEG) are not the server's log's business. */
static void
quiet(int priority, const char *fmt, va_list args)
{
	(void)priority;
	(void)fmt;
	(void)args;
}

/* The image turned as EXIF orientation o says (2-8), a new image for the
 * turns by a quarter; im itself for the flips (done in place). */
static gdImagePtr
upright(gdImagePtr im, int o)
{
	int w = gdImageSX(im), h = gdImageSY(im), x, y;
	gdImagePtr out;

	switch (o) {
	case 2: gdImageFlipHorizontal(im); return im;
	case 3: gdImageFlipBoth(im); return im;
	case 4: gdImageFlipVertical(im); return im;
	case 5:
	case 6:
	case 7:
	case 8: break;
	default: return im;
	}
	out = gdImageCreateTrueColor(h, w);
	if (out == NULL)
		return NULL;
	gdImageAlphaBlending(out, 0);
	gdImageSaveAlpha(out, 1);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			int c = gdImageTrueColorPixel(im, x, y);

			switch (o) {
			case 5: gdImageSetPixel(out, y, x, c); break;
			case 6: gdImageSetPixel(out, h - 1 - y, x, c); break;
			case 7: gdImageSetPixel(out, h - 1 - y, w - 1 - x, c); break;
			default: gdImageSetPixel(out, y, w - 1 - x, c); break;
			}
		}
	return out;
}

static unsigned char *
copy_out(void *gdbuf, int size, size_t *len)
{
	unsigned char *p = NULL;

	*len = 0;
	if (gdbuf && size > 0 && (p = malloc((size_t)size)) != NULL) {
		memcpy(p, gdbuf, (size_t)size);
		*len = (size_t)size;
	}
	gdFree(gdbuf);
	return p;
}

static int
prepare_image(bool png, const unsigned char *body, size_t len, struct attach_file *out,
	      struct sb_fail *fail)
{
	int w, h, o, size = 0, tw, th;
	gdImagePtr im, turned, thumb;
	void *buf;

	if (!attach_image_size(body, len, &w, &h))
		return refuse(fail, "file: not a readable image", "文件：无法读取的图片");
	if (w > ATTACH_MAX_SIDE || h > ATTACH_MAX_SIDE || (int64_t)w * h > ATTACH_MAX_PIXELS)
		return refuse(fail, "file: the image is too large (at most 40 megapixels)",
			      "文件：图片过大（最多 4000 万像素）");
	o = png ? 1 : attach_exif_orientation(body, len);
	gdSetErrorMethod(quiet);
	im = png ? gdImageCreateFromPngPtr((int)len, (void *)body)
		 : gdImageCreateFromJpegPtrEx((int)len, (void *)body, 1);
	if (im == NULL)
		return refuse(fail, "file: not a readable image", "文件：无法读取的图片");
	if (!gdImageTrueColor(im))
		gdImagePaletteToTrueColor(im);
	turned = upright(im, o);
	if (turned == NULL) {
		gdImageDestroy(im);
		return SB_INTERNAL;
	}
	if (turned != im)
		gdImageDestroy(im);
	im = turned;
	out->width = gdImageSX(im);
	out->height = gdImageSY(im);
	if (png) {
		gdImageSaveAlpha(im, 1);
		buf = gdImagePngPtrEx(im, &size, 6);
	} else {
		buf = gdImageJpegPtr(im, &size, 85);
	}
	out->data = copy_out(buf, size, &out->len);
	/* The thumbnail: at most ATTACH_THUMB_PX a side, on white. */
	if (out->width >= out->height) {
		tw = out->width < ATTACH_THUMB_PX ? out->width : ATTACH_THUMB_PX;
		th = (int)((int64_t)out->height * tw / out->width);
	} else {
		th = out->height < ATTACH_THUMB_PX ? out->height : ATTACH_THUMB_PX;
		tw = (int)((int64_t)out->width * th / out->height);
	}
	thumb = gdImageCreateTrueColor(tw > 0 ? tw : 1, th > 0 ? th : 1);
	if (thumb) {
		gdImageFilledRectangle(thumb, 0, 0, gdImageSX(thumb), gdImageSY(thumb),
				       gdTrueColor(255, 255, 255));
		gdImageAlphaBlending(thumb, 1);
		gdImageCopyResampled(thumb, im, 0, 0, 0, 0, gdImageSX(thumb), gdImageSY(thumb),
				     out->width, out->height);
		buf = gdImageJpegPtr(thumb, &size, 75);
		out->thumb = copy_out(buf, size, &out->thumb_len);
		gdImageDestroy(thumb);
	}
	gdImageDestroy(im);
	if (out->data == NULL || out->thumb == NULL)
		return SB_INTERNAL;
	return SB_OK;
}

int
attach_prepare(const char *media_type, const unsigned char *body, size_t len,
	       struct attach_file *out, struct sb_fail *fail)
{
	memset(out, 0, sizeof(*out));
	if (len == 0)
		return refuse(fail, "file: empty", "文件：内容为空");
	if (len > ATTACH_MAX_BYTES)
		return refuse(fail, "file: larger than 16 MiB", "文件：超过 16 MB");
	if (strcmp(media_type, "application/pdf") == 0) {
		if (len < 8 || memcmp(body, "%PDF-", 5) != 0)
			return refuse(fail, "file: not a PDF document", "文件：不是 PDF 文档");
		out->media_type = "application/pdf";
		out->data = malloc(len);
		if (out->data == NULL)
			return SB_INTERNAL;
		memcpy(out->data, body, len);
		out->len = len;
		return SB_OK;
	}
	if (strcmp(media_type, "image/jpeg") == 0 && is_jpeg(body, len)) {
		out->media_type = "image/jpeg";
		return prepare_image(false, body, len, out, fail);
	}
	if (strcmp(media_type, "image/png") == 0 && is_png(body, len)) {
		out->media_type = "image/png";
		return prepare_image(true, body, len, out, fail);
	}
	return refuse(fail, "file: the content is not the type it was sent as",
		      "文件：内容与所声明的类型不符");
}

void
attach_file_free(struct attach_file *f)
{
	free(f->data);
	free(f->thumb);
	f->data = f->thumb = NULL;
}

bool
attach_sha_valid(const char *sha)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((sha[i] >= '0' && sha[i] <= '9') || (sha[i] >= 'a' && sha[i] <= 'f')))
			return false;
	return sha[64] == '\0';
}

int
attach_keep(const char *dir, const unsigned char *data, size_t len, char sha[ATTACH_SHA_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char path[4096], tmp[4096];
	struct stat sb;
	size_t off = 0;
	int fd, dfd, ok;

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(sha, ATTACH_SHA_HEX, h, sizeof(h));
	if (snprintf(path, sizeof(path), "%s/%s", dir, sha) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.new-XXXXXX", dir) >= (int)sizeof(tmp))
		return SB_IO;
	if (stat(path, &sb) == 0 && (size_t)sb.st_size == len)
		return SB_OK; /* the same bytes, kept already */
	fd = mkstemp(tmp);
	if (fd < 0)
		return SB_IO;
	while (off < len) {
		ssize_t k = write(fd, data + off, len - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	ok = off == len && fsync(fd) == 0;
	close(fd);
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return SB_IO;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		ok = fsync(dfd) == 0;
		close(dfd);
	}
	return ok ? SB_OK : SB_IO;
}

int
attach_open(const char *dir, const char *sha, int *fd, uint64_t *size)
{
	char path[4096];
	struct stat sb;

	*fd = -1;
	if (!attach_sha_valid(sha) ||
	    snprintf(path, sizeof(path), "%s/%s", dir, sha) >= (int)sizeof(path))
		return SB_NOT_FOUND;
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return errno == ENOENT ? SB_NOT_FOUND : SB_IO;
	if (fstat(*fd, &sb) != 0) {
		close(*fd);
		*fd = -1;
		return SB_IO;
	}
	*size = (uint64_t)sb.st_size;
	return SB_OK;
}

/* Copies one file, synced. */
static int
copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out, ok = 1;
	ssize_t k;

	if (in < 0)
		return errno == ENOENT ? SB_OK : SB_IO; /* taken off meanwhile */
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return SB_IO;
	}
	while (ok && (k = read(in, buf, sizeof(buf))) != 0) {
		ssize_t off = 0;

		if (k < 0) {
			ok = errno == EINTR;
			continue;
		}
		while (ok && off < k) {
			ssize_t m = write(out, buf + off, (size_t)(k - off));

			if (m < 0 && errno == EINTR)
				continue;
			ok = m > 0;
			off += m > 0 ? m : 0;
		}
	}
	ok = ok && fsync(out) == 0;
	close(in);
	close(out);
	return ok ? SB_OK : SB_IO;
}

int
attach_copy_dir(const char *from, const char *to, size_t *n)
{
	char a[4096], b[4096];
	struct dirent *e;
	DIR *d;
	int rc = SB_OK;

	*n = 0;
	d = opendir(from);
	if (d == NULL)
		return errno == ENOENT ? SB_OK : SB_IO; /* no attachment ever */
	if (mkdir(to, 0700) != 0) {
		closedir(d);
		return SB_IO;
	}
	while (rc == SB_OK && (e = readdir(d)) != NULL) {
		if (!attach_sha_valid(e->d_name))
			continue; /* ., .., a half-written .new-* */
		if (snprintf(a, sizeof(a), "%s/%s", from, e->d_name) >= (int)sizeof(a) ||
		    snprintf(b, sizeof(b), "%s/%s", to, e->d_name) >= (int)sizeof(b))
			rc = SB_IO;
		else
			rc = copy_file(a, b);
		if (rc == SB_OK)
			(*n)++;
	}
	closedir(d);
	return rc;
}

/* The records. */

static int
bad_owner(struct sb_fail *fail)
{
	return sb_fail(fail, SB_BAD_QUERY, "owner",
		       "owner: visit, issue, campaign_target, meeting or project",
		       "owner：须为 visit、issue、campaign_target、meeting 或 project");
}

/* The committee of a campaign target's campaign, in scope. */
static int
target_committee(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 const char **committee)
{
	struct campaign c;
	int64_t campaign = 0;
	int rc = store_campaign_of_target(st, sc, id, &campaign);

	if (rc == SB_OK && campaign == 0)
		rc = SB_NOT_FOUND;
	if (rc == SB_OK)
		rc = store_campaign_get(st, sc, campaign, ar, &c);
	if (rc == SB_OK)
		*committee = c.committee_code;
	return rc;
}

int
attachment_owner(struct store *st, const struct scope *sc, const char *kind, int64_t id,
		 struct arena *ar, const char **committee, struct sb_fail *fail)
{
	int rc;

	*committee = NULL;
	if (kind == NULL)
		return bad_owner(fail);
	if (id <= 0)
		return sb_fail(fail, SB_BAD_QUERY, "owner_id", "owner_id: required",
			       "owner_id：必填");
	if (strcmp(kind, "visit") == 0) {
		struct visit v;

		rc = store_visit_get(st, sc, id, ar, &v);
		if (rc == SB_OK)
			*committee = v.committee_code;
	} else if (strcmp(kind, "issue") == 0) {
		struct issue i;

		rc = store_issue_get(st, sc, id, ar, &i);
		if (rc == SB_OK)
			*committee = i.area_code;
	} else if (strcmp(kind, "campaign_target") == 0) {
		rc = target_committee(st, sc, id, ar, committee);
	} else if (strcmp(kind, "meeting") == 0) {
		/* a meeting's sign-in sheet, its minutes: who may read the meeting */
		struct meeting_row m;

		rc = store_meeting_row(st, sc, id, ar, &m);
		if (rc == SB_OK)
			*committee = m.committee_code;
	} else if (strcmp(kind, "project") == 0) {
		/* a project's documents (docs/consultation.md, "Projects") */
		rc = store_project_committee(st, sc, id, ar, committee);
	} else {
		return bad_owner(fail);
	}
	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, SB_NOT_FOUND, "owner_id",
			       "owner_id: no such record in your jurisdiction",
			       "owner_id：您的辖区内没有该记录");
	return rc;
}

/* A file name to show and to offer on download: the client's, without a
 * folder, controls or quotes, at most 100 characters; else a plain one. */
static const char *
clean_name(struct arena *ar, const char *given, const char *type)
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
	out = arena_strdup(ar, given);
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

int
attachment_create(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct attachment_upload *up, struct arena *ar, struct attachment *out,
		  struct sb_fail *fail)
{
	const char *committee = NULL;
	struct attach_file f;
	struct attachment a = {0};
	char sha[ATTACH_SHA_HEX], thumb[ATTACH_SHA_HEX];
	struct attachment_ref made;
	int64_t id = 0;
	int rc;

	rc = attachment_owner(st, sc, up->kind, up->owner_id, ar, &committee, fail);
	if (rc != SB_OK)
		return rc;
	if (up->len == 0)
		return sb_fail(fail, SB_BAD_FIELD, "file",
			       "file: the body is the file; it is empty",
			       "文件：请求内容即文件，不能为空");
	rc = attach_prepare(up->media_type ? up->media_type : "", up->data, up->len, &f, fail);
	if (rc != SB_OK)
		return rc;
	/* The files first, synced: a record never names a file that is not there. */
	rc = attach_keep(up->dir, f.data, f.len, sha);
	if (rc == SB_OK && f.thumb)
		rc = attach_keep(up->dir, f.thumb, f.thumb_len, thumb);
	a.owner_kind = up->kind;
	a.owner_id = up->owner_id;
	a.committee_code = committee;
	a.sha256 = sha;
	a.thumb_sha256 = f.thumb ? thumb : NULL;
	a.media_type = f.media_type;
	a.bytes = (int64_t)f.len;
	a.width = f.width;
	a.height = f.height;
	a.filename = clean_name(ar, up->filename, f.media_type);
	a.created_by = who->user_id;
	a.created_at = who->now;
	attach_file_free(&f);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_attachment_insert(st, sc, &a, ar, &made);
	id = made.id;
	if (rc == SB_OK)
		rc = audit_add(st, who, "attach", up->kind,
			       arena_printf(ar, "%lld", (long long)up->owner_id), committee,
			       json_pack("{s:I, s:s, s:I}", "attachment_id", (json_int_t)id,
					 "media_type", a.media_type, "bytes", (json_int_t)a.bytes));
	if (rc == SB_OK)
		rc = store_attachment_get(st, sc, id, ar, out);
	return store_end(st, rc);
}

int
attachment_list(struct store *st, const struct scope *sc, const char *kind, int64_t id,
		struct arena *ar, struct attachment_list *out, struct sb_fail *fail)
{
	const char *committee;
	int rc = attachment_owner(st, sc, kind, id, ar, &committee, fail);

	if (rc == SB_OK)
		rc = store_attachment_list(st, sc, kind, id, ar, out);
	return rc;
}

int
attachment_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct attachment *out)
{
	struct sb_fail quiet = {0};
	const char *committee;
	int rc = store_attachment_get(st, sc, id, ar, out);

	if (rc == SB_OK)
		rc = attachment_owner(st, sc, out->owner_kind, out->owner_id, ar, &committee,
				      &quiet);
	return rc;
}

int
attachment_remove(struct store *st, const struct scope *sc, const struct actor *who, enum role role,
		  int64_t id, const char *dir, struct arena *ar, struct sb_fail *fail)
{
	const char *shas[2];
	struct attachment a;
	size_t k;
	int rc = attachment_get(st, sc, id, ar, &a);

	if (rc != SB_OK)
		return rc;
	if (a.created_by != who->user_id && role < ROLE_COMMITTEE_HEAD)
		return sb_fail(fail, SB_FORBIDDEN, NULL,
			       "only who added it, or a committee head, takes it off",
			       "只有上传者或居委会负责人可以删除");
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_attachment_remove(st, &a.ref, who->user_id, who->now);
	if (rc == SB_OK)
		rc = audit_add(st, who, "detach", a.owner_kind,
			       arena_printf(ar, "%lld", (long long)a.owner_id), a.committee_code,
			       json_pack("{s:I}", "attachment_id", (json_int_t)a.id));
	rc = store_end(st, rc);
	if (rc != SB_OK)
		return rc;
	/* After the commit: a file no row in use names is personal data no
	 * longer needed.  (A crash between leaves a file no row names; it is
	 * never served.) */
	shas[0] = a.sha256;
	shas[1] = a.thumb_sha256;
	for (k = 0; k < 2; k++) {
		bool used = true;

		if (shas[k] && store_attachment_sha_used(st, shas[k], &used) == SB_OK && !used &&
		    attach_sha_valid(shas[k])) {
			char path[4096];

			if (snprintf(path, sizeof(path), "%s/%s", dir, shas[k]) < (int)sizeof(path))
				unlink(path);
		}
	}
	return SB_OK;
}
