#ifndef SB_JSON_IO_H
#define SB_JSON_IO_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "http/http.h"
#include "util/text.h"

#define JSON_MAX_DEPTH 16

/* What a member of a request body may be. */
enum jf_type {
	JF_STRING, /* one line: no control character (util/text.h) */
	JF_TEXT,   /* several lines: LF (CRLF is made LF), no other control */
	JF_SECRET, /* a password: any characters, never shown */
	JF_INT,
	JF_BOOL,
	JF_STRINGS, /* an array of one-line strings */
	JF_OBJECT,
};

struct jfield {
	const char *name;
	enum jf_type type;
	bool required;
	size_t min; /* strings: characters; arrays: items */
	size_t max; /* 0: no limit */
	bool nullable;
};

/* The deepest nesting of arrays and objects in text, stopping early once
 * past limit (returns limit + 1 then).  Strings are skipped. */
int json_depth(const char *text, size_t len, int limit);

/* Parses the request body as a JSON object into *out (caller decrefs).
 * BAD_JSON with a message naming line and column when it is not one. */
int json_body(struct request *rq, json_t **out);

/* Checks obj against a spec ended by {NULL}: no member outside it, every
 * required one present, each of its type and length, texts without control
 * characters.  A JF_TEXT member's CRLFs are made LFs in obj.  BAD_FIELD
 * naming the first member at fault. */
int json_validate(struct request *rq, json_t *obj, const struct jfield *spec);

/* Length of UTF-8 text in code points. */
size_t utf8_chars(const char *s);

/* BAD_FIELD naming field when s holds a character kind refuses (a control
 * character; util/text.h); SB_OK otherwise.  For texts outside a spec. */
int json_text_check(struct request *rq, const char *field, const char *s, enum text_kind kind);

#endif
