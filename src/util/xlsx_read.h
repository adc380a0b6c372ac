#ifndef SB_XLSX_READ_H
#define SB_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "util/table.h"

/* Private to table.c and xlsx_read.c: the XLSX half of table_each and the
 * helpers both halves share. */

/* table_each for an XLSX file (data starts with "PK\x03\x04"): the first
 * visible sheet's rows through fn, or with all_sheets every visible sheet's in
 * order (fn returning TABLE_NEXT_SHEET skips to the next sheet either way).
 * Returns 0, fn's non-zero value, or SB_BAD_FIELD with *err filled (err must
 * not be NULL). */
int xlsx_each(const unsigned char *data, size_t len, bool all_sheets,
	      int (*fn)(const struct table_row *row, void *ctx), void *ctx,
	      struct table_error *err);

/* The offset of the first byte of s that does not begin a valid UTF-8
 * sequence (overlong forms, surrogates and code points over U+10FFFF are
 * invalid), or n when all n bytes are valid. */
size_t table_utf8_check(const unsigned char *s, size_t n);

/* Fills *err with line, column and the two messages (printf formats that
 * take the same arguments; a message cut at the end of its array is cut on a
 * character boundary) and returns rc. */
int table_fail(struct table_error *err, int rc, size_t line, size_t column, const char *en,
	       const char *zh, ...) __attribute__((format(printf, 5, 7), format(printf, 6, 7)));

#endif
