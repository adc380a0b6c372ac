#ifndef SB_JSON_WRITE_H
#define SB_JSON_WRITE_H

/*
 * JSON text written straight into a buffer, for the answers read most (a
 * household with its members, the register's lists): no tree of values to
 * allocate and free, which was most of such an answer's time.  The writer
 * places the commas; keys are the caller's trusted ASCII; strings are
 * escaped as jansson escapes them (buf_add_json_str).  A write past the
 * buffer's cap makes the writer fail: jw_ok says whether all went in.
 */

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

#define JW_DEPTH 16

struct json_writer {
	struct buf *b;
	int depth;
	bool after_key;
	bool ok;
	unsigned count[JW_DEPTH]; /* values written at each depth */
};

void jw_init(struct json_writer *w, struct buf *b);
void jw_object_open(struct json_writer *w);
void jw_object_close(struct json_writer *w);
void jw_array_open(struct json_writer *w);
void jw_array_close(struct json_writer *w);
/* The key of the next member of the object open. */
void jw_key(struct json_writer *w, const char *key);
/* A string, or null for NULL. */
void jw_string(struct json_writer *w, const char *s);
void jw_int(struct json_writer *w, int64_t v);
void jw_bool(struct json_writer *w, bool v);
void jw_null(struct json_writer *w);
/* Every write fitted (and the nesting stayed within JW_DEPTH). */
bool jw_ok(const struct json_writer *w);

#endif
