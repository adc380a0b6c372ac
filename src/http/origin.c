/* How a client reached us when a reverse proxy stands in between: the
 * proxy's Forwarded (RFC 7239) or X-Forwarded-Proto header. */

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"

/* A host as a proxy may name it: a DNS name or IPv4 address, or an IPv6
 * address in brackets, with an optional port; at most 255 characters. */
static bool
sane_host(const char *h, size_t len)
{
	size_t i = 0, port;

	if (len == 0 || len > 255)
		return false;
	if (h[0] == '[') {
		for (i = 1; i < len && h[i] != ']'; i++)
			if (!strchr("0123456789abcdefABCDEF:.", h[i]))
				return false;
		if (i == len || i == 1)
			return false;
		i++;
	} else {
		for (; i < len && h[i] != ':'; i++)
			if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') ||
			      (h[i] >= '0' && h[i] <= '9') || h[i] == '-' || h[i] == '.'))
				return false;
		if (i == 0 || h[0] == '.' || h[0] == '-')
			return false;
	}
	if (i == len)
		return true;
	if (h[i] != ':' || len - i - 1 < 1 || len - i - 1 > 5)
		return false;
	for (port = 0, i++; i < len; i++) {
		if (h[i] < '0' || h[i] > '9')
			return false;
		port = port * 10 + (size_t)(h[i] - '0');
	}
	return port >= 1 && port <= 65535;
}

/* The value of name (proto or host) in the first element of a Forwarded
 * header (RFC 7239: the one the proxy nearest the client wrote), unquoted,
 * in the arena; NULL when absent or malformed. */
static const char *
forwarded_param(struct request *rq, const char *fwd, const char *name)
{
	size_t n = strlen(name), elem = strcspn(fwd, ",");
	const char *p = fwd, *end = fwd + elem;

	while (p < end) {
		size_t len = strcspn(p, ";,");

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		if (len > n && strncasecmp(p, name, n) == 0 && p[n] == '=') {
			const char *v = p + n + 1;
			size_t vlen = len - n - 1;

			while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			return memchr(v, '"', vlen) || memchr(v, '\\', vlen)
				       ? NULL
				       : arena_strndup(&rq->arena, v, vlen);
		}
		p += len + 1;
	}
	return NULL;
}

/* The scheme and host clients reach us by: Forwarded (RFC 7239) proto= and
 * host=, else X-Forwarded-Proto, else http and Host.  Values other than
 * http/https or a sane host are ignored. */
void
request_public_origin(struct request *rq, const char **scheme, const char **host)
{
	const char *fwd = request_header(rq, "Forwarded");
	const char *xfp = request_header(rq, "X-Forwarded-Proto");
	const char *h = request_header(rq, "Host"), *v;

	*scheme = "http";
	*host = h && sane_host(h, strlen(h)) ? h : "localhost";
	if (xfp) {
		size_t len = strcspn(xfp, ", \t");

		if (len == 5 && strncasecmp(xfp, "https", 5) == 0)
			*scheme = "https";
	}
	if (fwd) {
		v = forwarded_param(rq, fwd, "proto");
		if (v && strcasecmp(v, "https") == 0)
			*scheme = "https";
		else if (v && strcasecmp(v, "http") == 0)
			*scheme = "http";
		v = forwarded_param(rq, fwd, "host");
		if (v && sane_host(v, strlen(v)))
			*host = v;
	}
}

bool
request_is_https(struct request *rq)
{
	const char *scheme, *host;

	request_public_origin(rq, &scheme, &host);
	return strcmp(scheme, "https") == 0;
}
