#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "util/gzip.h"
#include "util/xalloc.h"

bool
gzip_compress(const void *in, size_t n, int level, unsigned char **out, size_t *outlen)
{
	z_stream z;
	unsigned char *buf;
	uLong cap;
	int rc;

	if (n > UINT32_MAX)
		return false; /* avail_in is 32 bits */
	memset(&z, 0, sizeof(z));
	/* windowBits 15 + 16: a gzip header and trailer, not zlib's. */
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	cap = deflateBound(&z, (uLong)n);
	buf = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = buf;
	z.avail_out = (uInt)cap;
	rc = deflate(&z, Z_FINISH);
	*outlen = (size_t)z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return false;
	}
	*out = buf;
	return true;
}

/* One coding of an Accept-Encoding list: its name and whether q=0 refuses it. */
static bool
coding_accepts(const char *s, size_t n, const char *name)
{
	size_t len = strlen(name);
	const char *q;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n < len || strncasecmp(s, name, len) != 0)
		return false;
	s += len;
	n -= len;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n == 0)
		return true;
	if (*s != ';')
		return false;
	q = memchr(s, '=', n);
	if (q == NULL)
		return true;
	q++;
	while (q < s + n && *q == ' ')
		q++;
	/* q=0, q=0.0, q=0.000: refused */
	if (q < s + n && *q == '0') {
		for (q++; q < s + n && (*q == '.' || *q == '0'); q++)
			;
		return !(q == s + n || *q == ' ' || *q == ';');
	}
	return true;
}

bool
gzip_accepted(const char *ae)
{
	const char *s = ae;

	while (s && *s) {
		size_t n = strcspn(s, ",");

		if (coding_accepts(s, n, "gzip") || coding_accepts(s, n, "x-gzip") ||
		    coding_accepts(s, n, "*"))
			return true;
		s += n;
		if (*s == ',')
			s++;
	}
	return false;
}

bool
gzip_worth(const char *ct)
{
	static const char *const types[] = {
		"text/",
		"application/json",
		"application/javascript",
		"image/svg+xml",
		"application/yaml",
		"application/xml",
		"application/manifest+json",
		"application/problem+json",
	};
	size_t i;

	for (i = 0; ct && i < sizeof(types) / sizeof(types[0]); i++)
		if (strncasecmp(ct, types[i], strlen(types[i])) == 0)
			return true;
	return false;
}
