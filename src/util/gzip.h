#ifndef SB_GZIP_H
#define SB_GZIP_H

#include <stdbool.h>
#include <stddef.h>

/* Compresses n bytes into a new gzip stream (RFC 1952) at zlib's level
 * (1 fastest … 9 smallest); the caller frees *out.  False when zlib fails. */
bool gzip_compress(const void *in, size_t n, int level, unsigned char **out, size_t *outlen);

/* Whether an Accept-Encoding header value accepts gzip (gzip, x-gzip or *
 * without q=0). */
bool gzip_accepted(const char *accept_encoding);

/* Whether a Content-Type is worth compressing (text, JSON, JavaScript, SVG,
 * XML, YAML, CSV); images, fonts and archives are compressed already. */
bool gzip_worth(const char *content_type);

#endif
