#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <zlib.h>

#include "http/static.h"
#include "util/errors.h"
#include "util/gzip.h"
#include "util/log.h"
#include "util/xalloc.h"

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
	{".html", "text/html; charset=utf-8"},
	{".htm", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".map", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".gif", "image/gif"},
	{".ico", "image/x-icon"},
	{".webp", "image/webp"},
	{".woff", "font/woff"},
	{".woff2", "font/woff2"},
	{".txt", "text/plain; charset=utf-8"},
	{".csv", "text/csv; charset=utf-8"},
	{".yaml", "application/yaml"},
	{".webmanifest", "application/manifest+json"},
	{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

const char *
static_mime_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot && strchr(dot, '/') == NULL)
		for (i = 0; i < sizeof(mime_types) / sizeof(mime_types[0]); i++)
			if (strcasecmp(dot, mime_types[i].ext) == 0)
				return mime_types[i].type;
	return "application/octet-stream";
}

/* Whether the raw (undecoded) URI hides a slash, backslash or NUL in an
 * escape, which the decoded path no longer shows. */
static bool
encoded_separator(const char *raw)
{
	const char *q = strchr(raw, '?');
	size_t n = q ? (size_t)(q - raw) : strlen(raw);
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (strncasecmp(raw + i, "%2f", 3) == 0 || strncasecmp(raw + i, "%5c", 3) == 0 ||
		    strncmp(raw + i, "%00", 3) == 0)
			return true;
	return false;
}

static bool
has_dot_segment(const char *path)
{
	const char *s = path;

	while (*s) {
		size_t n;

		while (*s == '/')
			s++;
		n = strcspn(s, "/");
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return true;
		s += n;
	}
	return strchr(path, '\\') != NULL;
}

static bool
inside(const char *root, const char *real)
{
	size_t n = strlen(root);

	return strncmp(root, real, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* The web tree kept in memory (docs/api.md, "Static files"): each file with
 * its gzip form, the tree's content hash, and index.html with its asset
 * references rewritten to /v/<hash>/….  A snapshot is never changed; when
 * the files on disk change a new one replaces it, and the old ones are
 * freed with the site (answers may still be sending from them). */

#define SITE_FILE_MAX (16u << 20)  /* a larger file is served from disk only */
#define SITE_TOTAL_MAX (96u << 20) /* the snapshot's bytes, gzip forms included */
#define SITE_FILES_MAX 4096
#define SITE_DEPTH_MAX 8
#define GZIP_MIN 1024 /* smaller bodies gain less than gzip's 18-byte frame costs */
#define SITE_HASH_LEN 12
#define IMMUTABLE "public, max-age=31536000, immutable"

struct site_file {
	char *rel; /* below the root, without a leading slash: "views/plan.js" */
	char *path;
	const char *type;
	int64_t size, mtime_ns;
	unsigned char *data, *gz; /* gz NULL: not worth compressing */
	size_t gzlen;
	bool loaded; /* data read (not when over the limits) */
};

struct snapshot {
	char hash[SITE_HASH_LEN + 1];
	unsigned char sig[32]; /* of names, sizes and times: changed files show */
	struct site_file *files;
	size_t n;
	unsigned char *index, *index_gz; /* index.html rewritten; NULL: none */
	size_t index_len, index_gzlen;
	struct snapshot *retired;
};

struct static_site {
	char *root;
	pthread_mutex_t lock;
	struct snapshot *cur;
	struct snapshot *retired;
};

struct static_site *
static_site_new(const char *root)
{
	struct static_site *site = xcalloc(1, sizeof(*site));

	site->root = xstrdup(root);
	pthread_mutex_init(&site->lock, NULL);
	return site;
}

static void
snapshot_free(struct snapshot *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->files[i].rel);
		free(s->files[i].path);
		free(s->files[i].data);
		free(s->files[i].gz);
	}
	free(s->files);
	free(s->index);
	free(s->index_gz);
	free(s);
}

void
static_site_free(struct static_site *site)
{
	struct snapshot *s, *next;

	if (site == NULL)
		return;
	snapshot_free(site->cur);
	for (s = site->retired; s; s = next) {
		next = s->retired;
		snapshot_free(s);
	}
	pthread_mutex_destroy(&site->lock);
	free(site->root);
	free(site);
}

/* Lists the regular files below dir (real paths inside root only). */
static void
walk(const char *root, const char *dir, const char *rel, int depth, struct site_file **files,
     size_t *n, size_t *cap)
{
	DIR *d;
	struct dirent *e;

	if (depth > SITE_DEPTH_MAX || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL && *n < SITE_FILES_MAX) {
		char path[PATH_MAX], real[PATH_MAX], sub[PATH_MAX];
		struct stat sb;

		if (e->d_name[0] == '.')
			continue; /* ".", "..", and hidden files (an editor's swap file) */
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= sizeof(path) ||
		    (size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name) >=
			    sizeof(sub) ||
		    realpath(path, real) == NULL || !inside(root, real) || stat(real, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			walk(root, path, sub, depth + 1, files, n, cap);
		} else if (S_ISREG(sb.st_mode)) {
			struct site_file *f;

			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				*files = xrealloc(*files, *cap * sizeof(**files));
			}
			f = &(*files)[(*n)++];
			memset(f, 0, sizeof(*f));
			f->rel = xstrdup(sub);
			f->path = xstrdup(real);
			f->type = static_mime_type(sub);
			f->size = (int64_t)sb.st_size;
			f->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
		}
	}
	closedir(d);
}

static int
by_rel(const void *a, const void *b)
{
	return strcmp(((const struct site_file *)a)->rel, ((const struct site_file *)b)->rel);
}

/* The tree's files, sorted, and the signature of their names, sizes and times. */
static size_t
list_files(const char *root, struct site_file **files, unsigned char sig[32])
{
	crypto_generichash_state h;
	size_t n = 0, cap = 0, i;

	*files = NULL;
	walk(root, root, "", 0, files, &n, &cap);
	if (n > 1)
		qsort(*files, n, sizeof(**files), by_rel);
	crypto_generichash_init(&h, NULL, 0, 32);
	for (i = 0; i < n; i++) {
		const struct site_file *f = &(*files)[i];

		crypto_generichash_update(&h, (const unsigned char *)f->rel, strlen(f->rel) + 1);
		crypto_generichash_update(&h, (const unsigned char *)&f->size, sizeof(f->size));
		crypto_generichash_update(&h, (const unsigned char *)&f->mtime_ns,
					  sizeof(f->mtime_ns));
	}
	crypto_generichash_final(&h, sig, 32);
	return n;
}

static void
free_list(struct site_file *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(files[i].rel);
		free(files[i].path);
		free(files[i].data);
		free(files[i].gz);
	}
	free(files);
}

static bool
read_all(const char *path, int64_t size, unsigned char **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unsigned char *buf;
	size_t got = 0;

	if (fd < 0)
		return false;
	buf = xmalloc((size_t)size + 1);
	while (got < (size_t)size) {
		ssize_t r = read(fd, buf + got, (size_t)size - got);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != (size_t)size) {
		free(buf);
		return false;
	}
	*out = buf;
	return true;
}

/* The gzip form of data when it is worth sending (see GZIP_MIN), else NULL. */
static unsigned char *
compress_once(const unsigned char *data, size_t len, const char *type, size_t *gzlen)
{
	unsigned char *gz;

	if (len <= GZIP_MIN || !gzip_worth(type) ||
	    !gzip_compress(data, len, Z_BEST_COMPRESSION, &gz, gzlen))
		return NULL;
	if (*gzlen >= len) {
		free(gz);
		return NULL;
	}
	return gz;
}

static struct site_file *
find_file(struct snapshot *s, const char *rel)
{
	struct site_file key = {.rel = (char *)(uintptr_t)rel};

	return s->n ? bsearch(&key, s->files, s->n, sizeof(*s->files), by_rel) : NULL;
}

/* index.html with each href="/X" or src="/X" naming a file of the tree
 * rewritten to /v/<hash>/X (ES modules' relative imports then resolve
 * under the same prefix); other references (/api/…) are left alone. */
static void
rewrite_index(struct snapshot *s, const struct site_file *index)
{
	struct buf out;
	const char *p = (const char *)index->data, *end = p + index->size;

	buf_init(&out, SITE_FILE_MAX * 2);
	while (p < end) {
		const char *attr = NULL, *q;
		size_t skip = 0;

		for (q = p; q < end; q++) {
			if (end - q >= 7 && memcmp(q, "href=\"/", 7) == 0) {
				attr = q;
				skip = 6;
				break;
			}
			if (end - q >= 6 && memcmp(q, "src=\"/", 6) == 0) {
				attr = q;
				skip = 5;
				break;
			}
		}
		if (attr == NULL) {
			buf_add(&out, p, (size_t)(end - p));
			break;
		}
		buf_add(&out, p, (size_t)(attr - p) + skip);
		p = attr + skip; /* at the '/' */
		q = memchr(p, '"', (size_t)(end - p));
		if (q && q - p > 1 && q - p < PATH_MAX) {
			char *rel = strndup(p + 1, (size_t)(q - p - 1));

			if (rel && find_file(s, rel) && find_file(s, rel)->loaded)
				buf_printf(&out, "/v/%s", s->hash);
			free(rel);
		}
	}
	s->index_len = out.len;
	s->index = (unsigned char *)buf_take(&out);
	s->index_gz = compress_once(s->index, s->index_len, index->type, &s->index_gzlen);
}

static struct snapshot *
snapshot_build(const char *root)
{
	struct snapshot *s = xcalloc(1, sizeof(*s));
	crypto_generichash_state h;
	unsigned char digest[32];
	size_t i, total = 0;
	struct site_file *index;

	s->n = list_files(root, &s->files, s->sig);
	crypto_generichash_init(&h, NULL, 0, sizeof(digest));
	for (i = 0; i < s->n; i++) {
		struct site_file *f = &s->files[i];
		uint64_t len = (uint64_t)f->size;

		if (f->size > SITE_FILE_MAX || total + (size_t)f->size > SITE_TOTAL_MAX ||
		    !read_all(f->path, f->size, &f->data)) {
			log_err("web: %s is served from disk, not kept in memory", f->rel);
			continue;
		}
		f->loaded = true;
		f->gz = compress_once(f->data, (size_t)f->size, f->type, &f->gzlen);
		total += (size_t)f->size + f->gzlen;
		crypto_generichash_update(&h, (const unsigned char *)f->rel, strlen(f->rel) + 1);
		crypto_generichash_update(&h, (const unsigned char *)&len, sizeof(len));
		crypto_generichash_update(&h, f->data, (size_t)f->size);
	}
	crypto_generichash_final(&h, digest, sizeof(digest));
	sodium_bin2hex(s->hash, sizeof(s->hash), digest, SITE_HASH_LEN / 2);
	index = find_file(s, "index.html");
	if (index && index->loaded)
		rewrite_index(s, index);
	return s;
}

/* The current snapshot; made on first use, and made again when check is
 * set and the files' names, sizes or times changed. */
static struct snapshot *
site_current(struct static_site *site, bool check)
{
	struct snapshot *s;

	pthread_mutex_lock(&site->lock);
	if (site->cur && check) {
		struct site_file *files;
		unsigned char sig[32];
		size_t n = list_files(site->root, &files, sig);

		free_list(files, n);
		if (memcmp(sig, site->cur->sig, sizeof(sig)) != 0) {
			site->cur->retired = site->retired;
			site->retired = site->cur;
			site->cur = NULL;
		}
	}
	if (site->cur == NULL)
		site->cur = snapshot_build(site->root);
	s = site->cur;
	pthread_mutex_unlock(&site->lock);
	return s;
}

/* Answers bytes kept in memory, in gzip when the client takes it. */
static int
serve_mem(struct request *rq, struct response *rs, const unsigned char *data, size_t len,
	  const unsigned char *gz, size_t gzlen, const char *type)
{
	bool use_gz = gz && gzip_accepted(request_header(rq, "Accept-Encoding"));

	if (gz)
		response_header(rq, rs, "Vary", "Accept-Encoding");
	if (use_gz)
		response_header(rq, rs, "Content-Encoding", "gzip");
	rs->status = 200;
	rs->content_type = type;
	rs->mem = use_gz ? gz : data;
	rs->mem_len = use_gz ? gzlen : len;
	return SB_OK;
}

/* An ETag, told apart for the gzip form (a strong ETag names one set of bytes). */
static const char *
etag_for(struct request *rq, const char *base, bool gz)
{
	return arena_printf(&rq->arena, "\"%s%s\"", base, gz ? "-gz" : "");
}

static bool
not_modified(struct request *rq, const char *etag)
{
	const char *inm = request_header(rq, "If-None-Match");

	return inm && strstr(inm, etag) != NULL;
}

/* GET /v/<hash>/<path>: a file of the tree as it is now, cached for good. */
static int
serve_versioned(struct request *rq, struct response *rs, struct static_site *site)
{
	const char *h = rq->path + 3, *rest = strchr(h, '/');
	struct snapshot *s;
	struct site_file *f;

	if (rest == NULL || rest - h != SITE_HASH_LEN || rest[1] == '\0')
		return SB_NOT_FOUND;
	rest++;
	s = site_current(site, false);
	if (strncmp(h, s->hash, SITE_HASH_LEN) != 0)
		s = site_current(site, true);
	f = find_file(s, rest);
	if (f == NULL || !f->loaded)
		return SB_NOT_FOUND;
	if (strncmp(h, s->hash, SITE_HASH_LEN) != 0) {
		/* A page loaded before the files changed asks for one of its own
		 * (a view's module, imported late): the current one, rather than
		 * a 404 that breaks the page ("Failed to fetch dynamically
		 * imported module"); a reload then gets the new page whole. */
		response_header(rq, rs, "Location",
				arena_printf(&rq->arena, "/v/%s/%s", s->hash, rest));
		response_header(rq, rs, "Cache-Control", "no-store");
		return response_empty(rs, 302);
	}
	response_header(rq, rs, "Cache-Control", IMMUTABLE);
	return serve_mem(rq, rs, f->data, (size_t)f->size, f->gz, f->gzlen, f->type);
}

/* GET / and /index.html: the page, its references made versioned. */
static int
serve_index(struct request *rq, struct response *rs, struct snapshot *s)
{
	bool gz = s->index_gz && gzip_accepted(request_header(rq, "Accept-Encoding"));
	const char *etag = etag_for(rq, arena_printf(&rq->arena, "index-%s", s->hash), gz);

	response_header(rq, rs, "ETag", etag);
	response_header(rq, rs, "Cache-Control", "no-cache");
	if (s->index_gz)
		response_header(rq, rs, "Vary", "Accept-Encoding");
	if (not_modified(rq, etag))
		return response_empty(rs, 304);
	return serve_mem(rq, rs, s->index, s->index_len, s->index_gz, s->index_gzlen,
			 "text/html; charset=utf-8");
}

int
static_serve(struct request *rq, struct response *rs, struct static_site *site)
{
	const char *root = site->root;
	char want[PATH_MAX], real[PATH_MAX], etag[64];
	struct snapshot *s;
	struct site_file *f;
	struct stat sb;
	int fd;

	if (encoded_separator(rq->raw_uri) || has_dot_segment(rq->path) || rq->path[0] != '/')
		return request_fail(rq, SB_BAD_PATH, NULL,
				    "the path holds an encoded separator or a dot segment",
				    "路径包含编码的分隔符或点段");
	if (strncmp(rq->path, "/v/", 3) == 0)
		return serve_versioned(rq, rs, site);
	if (strcmp(rq->path, "/") == 0 || strcmp(rq->path, "/index.html") == 0) {
		s = site_current(site, true);
		if (s->index)
			return serve_index(rq, rs, s);
	}
	if (snprintf(want, sizeof(want), "%s%s", root, rq->path) >= (int)sizeof(want))
		return SB_NOT_FOUND;
	if (realpath(want, real) == NULL || !inside(root, real))
		return SB_NOT_FOUND;
	if (stat(real, &sb) != 0)
		return SB_NOT_FOUND;
	if (S_ISDIR(sb.st_mode)) {
		size_t n = strlen(real);

		if (snprintf(real + n, sizeof(real) - n, "/index.html") >= (int)(sizeof(real) - n))
			return SB_NOT_FOUND;
		if (realpath(real, want) == NULL || !inside(root, want))
			return SB_NOT_FOUND;
		memcpy(real, want, sizeof(real));
		if (stat(real, &sb) != 0)
			return SB_NOT_FOUND;
	}
	if (!S_ISREG(sb.st_mode))
		return SB_NOT_FOUND;
	/* The file as kept in memory when it has not changed since (with its
	 * gzip form), else from disk. */
	s = site_current(site, false);
	f = strlen(real) > strlen(root) ? find_file(s, real + strlen(root) + 1) : NULL;
	if (f && f->loaded && f->size == (int64_t)sb.st_size &&
	    f->mtime_ns == (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec &&
	    strcmp(f->path, real) == 0) {
		bool gz = f->gz && gzip_accepted(request_header(rq, "Accept-Encoding"));
		const char *tag;

		snprintf(etag, sizeof(etag), "%llx-%llx", (unsigned long long)sb.st_size,
			 (unsigned long long)f->mtime_ns);
		tag = etag_for(rq, etag, gz);
		response_header(rq, rs, "ETag", tag);
		response_header(rq, rs, "Cache-Control", "no-cache");
		if (f->gz)
			response_header(rq, rs, "Vary", "Accept-Encoding");
		if (not_modified(rq, tag))
			return response_empty(rs, 304);
		return serve_mem(rq, rs, f->data, (size_t)f->size, f->gz, f->gzlen, f->type);
	}
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)sb.st_size,
		 (unsigned long long)sb.st_mtim.tv_sec * 1000000000ULL +
			 (unsigned long long)sb.st_mtim.tv_nsec);
	response_header(rq, rs, "ETag", etag);
	response_header(rq, rs, "Cache-Control", "no-cache");
	if (not_modified(rq, etag))
		return response_empty(rs, 304);
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SB_NOT_FOUND;
	rs->status = 200;
	rs->content_type = static_mime_type(real);
	rs->fd = fd;
	rs->fd_size = (uint64_t)sb.st_size;
	return SB_OK;
}
