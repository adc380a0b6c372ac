#ifndef SB_OPEN311_H
#define SB_OPEN311_H

/*
 * The Open311 GeoReport v2 parameter parsers: pure functions, no I/O (a
 * fuzz target's natural prey).  See docs/issues.md, "Open311".
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum open311_format {
	O311_JSON,
	O311_XML,
};

/* Splits a path segment "123.json" / "lift.xml" into its stem (copied into
 * stem, at most stemlen - 1 bytes) and format.  False when there is no
 * ".json" or ".xml" suffix, the stem is empty or too long. */
bool open311_split_file(const char *file, char *stem, size_t stemlen, enum open311_format *fmt);

/* The value of name in an application/x-www-form-urlencoded text of len
 * bytes, decoded ("+" is a space, %XX a byte) into the arena; NULL when the
 * name is absent or its value is malformed (a bad escape, a NUL byte). */
const char *open311_form_value(const char *text, size_t len, const char *name, struct arena *ar);

/* A W3C date-time (ISO 8601 subset): YYYY-MM-DD, or YYYY-MM-DDTHH:MM,
 * YYYY-MM-DDTHH:MM:SS, with optional fractional seconds, then Z or ±HH:MM
 * (a date-time without a zone is read in Asia/Shanghai, as is a bare date).
 * False when s is anything else. */
bool open311_parse_time(const char *s, int64_t *out);

/* Splits a comma-separated list into at most max non-empty items (copied
 * into the arena).  False for an empty item, more than max items or an empty
 * list. */
bool open311_split_list(const char *s, struct arena *ar, const char ***items, size_t *n,
			size_t max);

/* Whether s is valid UTF-8 (no overlong forms, no surrogates, ≤ U+10FFFF). */
bool open311_utf8_valid(const char *s);

/* Open311's status of an issue status: "closed" for resolved and closed,
 * else "open". */
const char *open311_status(const char *issue_status);

#endif
