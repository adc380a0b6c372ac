#include <string.h>

#include "http/json_io.h"
#include "util/errors.h"

int
json_depth(const char *text, size_t len, int limit)
{
	bool in_string = false;
	int depth = 0, deepest = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > deepest)
				deepest = depth;
			if (deepest > limit)
				return deepest;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return deepest;
}

int
json_body(struct request *rq, json_t **out)
{
	json_error_t jerr;
	json_t *j;

	*out = NULL;
	if (rq->body.len == 0)
		return request_fail(rq, SB_BAD_JSON, NULL,
				    "the body is empty; a JSON object is expected",
				    "请求内容为空，需要一个 JSON 对象");
	if (json_depth(rq->body.data, rq->body.len, JSON_MAX_DEPTH) > JSON_MAX_DEPTH)
		return request_fail(
			rq, SB_BAD_JSON, NULL,
			arena_printf(&rq->arena, "JSON nested deeper than %d levels",
				     JSON_MAX_DEPTH),
			arena_printf(&rq->arena, "JSON 嵌套超过 %d 层", JSON_MAX_DEPTH));
	j = json_loadb(rq->body.data, rq->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		return request_fail(rq, SB_BAD_JSON, NULL,
				    arena_printf(&rq->arena,
						 "invalid JSON at line %d, column %d: %s",
						 jerr.line, jerr.column, jerr.text),
				    arena_printf(&rq->arena, "JSON 无效（第 %d 行第 %d 列）：%s",
						 jerr.line, jerr.column, jerr.text));
	if (!json_is_object(j)) {
		json_decref(j);
		return request_fail(rq, SB_BAD_JSON, NULL, "the body must be a JSON object",
				    "请求内容必须是 JSON 对象");
	}
	*out = j;
	return SB_OK;
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static const struct jfield *
find_field(const struct jfield *spec, const char *name)
{
	for (; spec->name; spec++)
		if (strcmp(spec->name, name) == 0)
			return spec;
	return NULL;
}

static int
check_length(struct request *rq, const struct jfield *f, size_t n, const char *unit_en,
	     const char *unit_zh)
{
	if (n < f->min)
		return request_refuse(
			rq, SB_BAD_FIELD, f->name,
			arena_printf(&rq->arena, "too short (at least %zu %s)", f->min, unit_en),
			arena_printf(&rq->arena, "过短（至少 %zu %s）", f->min, unit_zh));
	if (f->max && n > f->max)
		return request_refuse(
			rq, SB_BAD_FIELD, f->name,
			arena_printf(&rq->arena, "too long (at most %zu %s)", f->max, unit_en),
			arena_printf(&rq->arena, "过长（最多 %zu %s）", f->max, unit_zh));
	return SB_OK;
}

int
json_text_check(struct request *rq, const char *field, const char *s, enum text_kind kind)
{
	int32_t cp = text_refused(s, kind);

	if (cp < 0)
		return SB_OK;
	if (kind == TEXT_LINES)
		return request_refuse(
			rq, SB_BAD_FIELD, field,
			arena_printf(&rq->arena,
				     "no control character but line breaks (found U+%04X)",
				     (unsigned)cp),
			arena_printf(&rq->arena, "除换行外不能含控制字符（含有 U+%04X）",
				     (unsigned)cp));
	return request_refuse(
		rq, SB_BAD_FIELD, field,
		arena_printf(&rq->arena, "one line without control characters (found U+%04X)",
			     (unsigned)cp),
		arena_printf(&rq->arena, "须为一行文字，不能含控制字符（含有 U+%04X）",
			     (unsigned)cp));
}

/* A multi-line text with its CRLFs made LFs, in place in the document. */
static int
lf_only(struct request *rq, json_t *v)
{
	const char *s = json_string_value(v);
	char *copy;

	if (strchr(s, '\r') == NULL)
		return SB_OK;
	copy = text_lf_only(arena_strdup(&rq->arena, s));
	return json_string_set(v, copy) == 0 ? SB_OK : SB_INTERNAL;
}

/* The strings anywhere inside a structured member (survey questions and
 * answers, checklists, filters): the handler checks their shape, this their
 * characters, as multi-line texts at the least. */
static int
nested_texts(struct request *rq, const char *field, json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;
	int rc = SB_OK;

	if (json_is_string(v)) {
		rc = json_text_check(rq, field, json_string_value(v), TEXT_LINES);
		return rc == SB_OK ? lf_only(rq, v) : rc;
	}
	if (json_is_object(v)) {
		json_object_foreach (v, key, item) {
			rc = nested_texts(rq, field, item);
			if (rc != SB_OK)
				return rc;
		}
	} else if (json_is_array(v)) {
		json_array_foreach (v, i, item) {
			rc = nested_texts(rq, field, item);
			if (rc != SB_OK)
				return rc;
		}
	}
	return rc;
}

static int
check_value(struct request *rq, const struct jfield *f, json_t *v)
{
	size_t i;
	json_t *item;
	int rc;

	if (json_is_null(v)) {
		if (f->nullable)
			return SB_OK;
		return request_refuse(rq, SB_BAD_FIELD, f->name, "must not be null", "不能为 null");
	}
	switch (f->type) {
	case JF_STRING:
	case JF_TEXT:
	case JF_SECRET:
		if (!json_is_string(v))
			return request_refuse(rq, SB_BAD_FIELD, f->name, "must be a string",
					      "必须是字符串");
		if (f->type != JF_SECRET) {
			rc = json_text_check(rq, f->name, json_string_value(v),
					     f->type == JF_TEXT ? TEXT_LINES : TEXT_LINE);
			if (rc == SB_OK && f->type == JF_TEXT)
				rc = lf_only(rq, v);
			if (rc != SB_OK)
				return rc;
		}
		return check_length(rq, f, utf8_chars(json_string_value(v)), "characters",
				    "个字符");
	case JF_INT:
		if (!json_is_integer(v))
			return request_refuse(rq, SB_BAD_FIELD, f->name, "must be an integer",
					      "必须是整数");
		return SB_OK;
	case JF_BOOL:
		if (!json_is_boolean(v))
			return request_refuse(rq, SB_BAD_FIELD, f->name, "must be true or false",
					      "必须是 true 或 false");
		return SB_OK;
	case JF_OBJECT:
		if (!json_is_object(v))
			return request_refuse(rq, SB_BAD_FIELD, f->name, "must be an object",
					      "必须是对象");
		return nested_texts(rq, f->name, v);
	case JF_STRINGS:
		if (!json_is_array(v))
			return request_refuse(rq, SB_BAD_FIELD, f->name,
					      "must be an array of strings", "必须是字符串数组");
		json_array_foreach (v, i, item) {
			if (!json_is_string(item) || json_string_length(item) == 0 ||
			    json_string_length(item) > 200)
				return request_refuse(rq, SB_BAD_FIELD, f->name,
						      "must be an array of non-empty strings",
						      "必须是非空字符串数组");
			rc = json_text_check(rq, f->name, json_string_value(item), TEXT_LINE);
			if (rc != SB_OK)
				return rc;
		}
		return check_length(rq, f, json_array_size(v), "items", "项");
	}
	return SB_INTERNAL;
}

int
json_validate(struct request *rq, json_t *obj, const struct jfield *spec)
{
	const struct jfield *f;
	const char *key;
	json_t *v;
	int rc;

	json_object_foreach (obj, key, v) {
		f = find_field(spec, key);
		if (f == NULL)
			return request_refuse(rq, SB_BAD_FIELD, key, "unknown field", "未知字段");
		rc = check_value(rq, f, v);
		if (rc != SB_OK)
			return rc;
	}
	for (f = spec; f->name; f++)
		if (f->required && json_object_get(obj, f->name) == NULL)
			return request_refuse(rq, SB_BAD_FIELD, f->name, "required", "必填");
	return SB_OK;
}
