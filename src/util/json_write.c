#include <inttypes.h>
#include <stdio.h>

#include "util/json_write.h"

void
jw_init(struct json_writer *w, struct buf *b)
{
	w->b = b;
	w->depth = 0;
	w->after_key = false;
	w->ok = true;
	w->count[0] = 0;
}

/* Before a value: the comma that separates it from the one before. */
static void
value_begins(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->count[w->depth]++ > 0)
		w->ok = buf_addc(w->b, ',') && w->ok;
}

static void
nest_open(struct json_writer *w, char c)
{
	value_begins(w);
	w->ok = buf_addc(w->b, c) && w->ok;
	if (w->depth + 1 >= JW_DEPTH) {
		w->ok = false;
		return;
	}
	w->count[++w->depth] = 0;
}

static void
nest_close(struct json_writer *w, char c)
{
	if (w->depth > 0)
		w->depth--;
	w->ok = buf_addc(w->b, c) && w->ok;
}

void
jw_object_open(struct json_writer *w)
{
	nest_open(w, '{');
}

void
jw_object_close(struct json_writer *w)
{
	nest_close(w, '}');
}

void
jw_array_open(struct json_writer *w)
{
	nest_open(w, '[');
}

void
jw_array_close(struct json_writer *w)
{
	nest_close(w, ']');
}

void
jw_key(struct json_writer *w, const char *key)
{
	if (w->count[w->depth]++ > 0)
		w->ok = buf_addc(w->b, ',') && w->ok;
	w->ok = buf_addc(w->b, '"') && buf_adds(w->b, key) && buf_add(w->b, "\":", 2) && w->ok;
	w->after_key = true;
}

void
jw_string(struct json_writer *w, const char *s)
{
	if (s == NULL) {
		jw_null(w);
		return;
	}
	value_begins(w);
	w->ok = buf_addc(w->b, '"') && buf_add_json_str(w->b, s) && buf_addc(w->b, '"') && w->ok;
}

void
jw_int(struct json_writer *w, int64_t v)
{
	char s[24];
	int n = snprintf(s, sizeof(s), "%" PRId64, v);

	value_begins(w);
	w->ok = buf_add(w->b, s, (size_t)n) && w->ok;
}

void
jw_bool(struct json_writer *w, bool v)
{
	value_begins(w);
	w->ok = (v ? buf_add(w->b, "true", 4) : buf_add(w->b, "false", 5)) && w->ok;
}

void
jw_null(struct json_writer *w)
{
	value_begins(w);
	w->ok = buf_add(w->b, "null", 4) && w->ok;
}

bool
jw_ok(const struct json_writer *w)
{
	return w->ok && w->depth == 0;
}
