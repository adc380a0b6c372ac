#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/static.h"
#include "util/errors.h"

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

int
static_serve(struct request *rq, struct response *rs, const char *root)
{
	char want[PATH_MAX], real[PATH_MAX], etag[64];
	const char *inm;
	struct stat sb;
	int fd;

	if (encoded_separator(rq->raw_uri) || has_dot_segment(rq->path) || rq->path[0] != '/')
		return request_fail(rq, SB_BAD_PATH, NULL,
				    "the path holds an encoded separator or a dot segment",
				    "路径包含编码的分隔符或点段");
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
	snprintf(etag, sizeof(etag), "\"%llx-%llx\"", (unsigned long long)sb.st_size,
		 (unsigned long long)sb.st_mtim.tv_sec * 1000000000ULL +
			 (unsigned long long)sb.st_mtim.tv_nsec);
	response_header(rq, rs, "ETag", etag);
	response_header(rq, rs, "Cache-Control", "no-cache");
	inm = request_header(rq, "If-None-Match");
	if (inm && strstr(inm, etag) != NULL)
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
