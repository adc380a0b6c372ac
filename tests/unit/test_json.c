/* Request bodies (http/json_io.c): nesting depth, character counts, the body
 * decoder and validation against a field spec. */

#include <string.h>

#include <criterion/criterion.h>

#include "http/json_io.h"
#include "util/errors.h"

static struct request rq;

static void
setup(void)
{
	memset(&rq, 0, sizeof(rq));
	arena_init(&rq.arena);
	buf_init(&rq.body, 1 << 20);
}

static void
teardown(void)
{
	buf_clear(&rq.body);
	arena_clear(&rq.arena);
}

TestSuite(json, .init = setup, .fini = teardown);

/* n copies of c followed by n copies of d, in the request's arena. */
static char *
nest(size_t n, char c, char d)
{
	char *s = arena_alloc(&rq.arena, 2 * n + 1);

	memset(s, c, n);
	memset(s + n, d, n);
	return s;
}

/* s repeated n times, in the request's arena. */
static char *
repeat(const char *s, size_t n)
{
	size_t len = strlen(s), i;
	char *out = arena_alloc(&rq.arena, len * n + 1);

	for (i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	return out;
}

struct depth_case {
	const char *text;
	int want;
};

static const struct depth_case depth_cases[] = {
	{"", 0},
	{"1", 0},
	{"\"x\"", 0},
	{"[]", 1},
	{"{}", 1},
	{"[[]]", 2},
	{"[[], [], {}]", 2},
	{"{\"a\":[1,{\"b\":2}]}", 3},
	{"\"[[[[{{{{\"", 0}, /* brackets inside a string */
	{"[\"]]]]\"]", 1},
	{"[\"[[[[\"]", 1},
	{"[\"\\\"[[[\"]", 1},		   /* an escaped quote does not end the string */
	{"[\"\\\\\",[1]]", 2},		   /* an escaped backslash does not escape the quote */
	{"[\"\\\\\\\"[[\"]", 1},	   /* \\ then \" : still inside the string */
	{"{\"k[[\":{\"v{{\":\"]]\"}}", 2}, /* keys are strings too */
	{"[\"中文[[[\"]", 1},
};

Test(json, depth_table)
{
	size_t i;

	for (i = 0; i < sizeof(depth_cases) / sizeof(depth_cases[0]); i++) {
		const struct depth_case *c = &depth_cases[i];
		int got = json_depth(c->text, strlen(c->text), JSON_MAX_DEPTH);

		cr_expect_eq(got, c->want, "json_depth(%s) = %d, want %d", c->text, got, c->want);
	}
}

Test(json, depth_at_and_past_the_limit)
{
	char *d16 = nest(16, '[', ']');
	char *d17 = nest(17, '[', ']');
	char *o17 = repeat("{\"a\":", 17);

	cr_expect_eq(json_depth(d16, strlen(d16), JSON_MAX_DEPTH), 16);
	cr_expect_eq(json_depth(d17, strlen(d17), JSON_MAX_DEPTH), 17);
	cr_expect_eq(json_depth(o17, strlen(o17), JSON_MAX_DEPTH), 17);
	/* Mixed, and a sibling that is shallow does not count. */
	cr_expect_eq(json_depth("[[[]],[]]", 9, 16), 3);
}

Test(json, depth_stops_early)
{
	char *deep = nest(1000, '[', ']');
	char *text;

	/* Stops at limit + 1, not at the real depth. */
	cr_expect_eq(json_depth(deep, strlen(deep), 16), 17);
	cr_expect_eq(json_depth(deep, strlen(deep), 3), 4);
	cr_expect_eq(json_depth(deep, strlen(deep), 0), 1);
	/* Only len bytes are read. */
	cr_expect_eq(json_depth(deep, 5, 16), 5);
	cr_expect_eq(json_depth("[[[[", 2, 16), 2);
	/* A string left open at the end of the text. */
	cr_expect_eq(json_depth("[\"[[[", 5, 16), 1);
	cr_expect_eq(json_depth("[\"\\", 3, 16), 1);
	/* A quote past len is not seen. */
	text = arena_strdup(&rq.arena, "[[\"]]");
	cr_expect_eq(json_depth(text, 2, 16), 2);
}

struct chars_case {
	const char *s;
	size_t bytes;
	size_t chars;
};

static const struct chars_case chars_cases[] = {
	{"", 0, 0},  {"a", 1, 1},      {"hello, world", 12, 12},
	{"é", 2, 1}, {"上海市", 9, 3}, {"上海市黄浦区", 18, 6},
	{"😀", 4, 1}, {"a😀b中", 9, 4},  {"😀😀😀", 12, 3},
};

Test(json, utf8_chars_counts_code_points)
{
	size_t i;

	for (i = 0; i < sizeof(chars_cases) / sizeof(chars_cases[0]); i++) {
		const struct chars_case *c = &chars_cases[i];

		cr_assert_eq(strlen(c->s), c->bytes, "case %zu: bad test data", i);
		cr_expect_eq(utf8_chars(c->s), c->chars, "utf8_chars(%s) = %zu, want %zu", c->s,
			     utf8_chars(c->s), c->chars);
	}
}

/* The spec every validation case runs against. */
static const struct jfield spec[] = {
	{"username", JF_STRING, true, 1, 64, false}, {"age", JF_INT, false, 0, 0, false},
	{"disabled", JF_BOOL, false, 0, 0, false},   {"scope", JF_STRINGS, false, 1, 3, false},
	{"meta", JF_OBJECT, false, 0, 0, false},     {"note", JF_STRING, false, 0, 10, true},
	{"tags", JF_STRINGS, false, 0, 0, true},     {NULL},
};

struct validate_case {
	const char *json;
	int want;
	const char *field; /* the field at fault, NULL when OK */
};

static const struct validate_case validate_cases[] = {
	/* Valid. */
	{"{\"username\":\"alice\"}", SB_OK, NULL},
	{"{\"username\":\"a\",\"age\":-3,\"disabled\":false,\"scope\":[\"31\"],\"meta\":{},"
	 "\"note\":\"0123456789\",\"tags\":[]}",
	 SB_OK, NULL},
	{"{\"username\":\"a\",\"scope\":[\"a\",\"b\",\"c\"]}", SB_OK, NULL},
	{"{\"username\":\"a\",\"meta\":{\"anything\":[1,2,{\"x\":null}]}}", SB_OK, NULL},
	{"{\"username\":\"a\",\"age\":0}", SB_OK, NULL},
	{"{\"username\":\"a\",\"disabled\":true}", SB_OK, NULL},
	/* Null: allowed only where nullable. */
	{"{\"username\":\"a\",\"note\":null}", SB_OK, NULL},
	{"{\"username\":\"a\",\"tags\":null}", SB_OK, NULL},
	{"{\"username\":null}", SB_BAD_FIELD, "username"},
	{"{\"username\":\"a\",\"age\":null}", SB_BAD_FIELD, "age"},
	{"{\"username\":\"a\",\"disabled\":null}", SB_BAD_FIELD, "disabled"},
	{"{\"username\":\"a\",\"scope\":null}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"meta\":null}", SB_BAD_FIELD, "meta"},
	/* Unknown fields. */
	{"{\"username\":\"a\",\"bogus\":1}", SB_BAD_FIELD, "bogus"},
	{"{\"bogus\":\"x\"}", SB_BAD_FIELD, "bogus"},
	{"{\"username\":\"a\",\"Username\":\"b\"}", SB_BAD_FIELD, "Username"},
	{"{\"username\":\"a\",\"\":1}", SB_BAD_FIELD, ""},
	/* Missing required. */
	{"{}", SB_BAD_FIELD, "username"},
	{"{\"age\":3}", SB_BAD_FIELD, "username"},
	/* Wrong type, for each JF_ type. */
	{"{\"username\":5}", SB_BAD_FIELD, "username"},
	{"{\"username\":true}", SB_BAD_FIELD, "username"},
	{"{\"username\":[\"a\"]}", SB_BAD_FIELD, "username"},
	{"{\"username\":{}}", SB_BAD_FIELD, "username"},
	{"{\"username\":\"a\",\"age\":\"5\"}", SB_BAD_FIELD, "age"},
	{"{\"username\":\"a\",\"age\":1.5}", SB_BAD_FIELD, "age"},
	{"{\"username\":\"a\",\"age\":true}", SB_BAD_FIELD, "age"},
	{"{\"username\":\"a\",\"age\":[1]}", SB_BAD_FIELD, "age"},
	{"{\"username\":\"a\",\"disabled\":1}", SB_BAD_FIELD, "disabled"},
	{"{\"username\":\"a\",\"disabled\":\"true\"}", SB_BAD_FIELD, "disabled"},
	{"{\"username\":\"a\",\"disabled\":0}", SB_BAD_FIELD, "disabled"},
	{"{\"username\":\"a\",\"scope\":\"31\"}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":{\"a\":\"31\"}}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":31}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"meta\":[]}", SB_BAD_FIELD, "meta"},
	{"{\"username\":\"a\",\"meta\":\"{}\"}", SB_BAD_FIELD, "meta"},
	{"{\"username\":\"a\",\"meta\":1}", SB_BAD_FIELD, "meta"},
	/* JF_STRINGS: every item a non-empty string; item counts. */
	{"{\"username\":\"a\",\"scope\":[\"\"]}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":[\"31\",\"\"]}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":[31]}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":[\"31\",3101]}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":[null]}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":[[\"31\"]]}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":[]}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"scope\":[\"a\",\"b\",\"c\",\"d\"]}", SB_BAD_FIELD, "scope"},
	{"{\"username\":\"a\",\"tags\":[\"\"]}", SB_BAD_FIELD, "tags"},
	/* String length bounds. */
	{"{\"username\":\"\"}", SB_BAD_FIELD, "username"},
	{"{\"username\":\"a\",\"note\":\"\"}", SB_OK, NULL},
	{"{\"username\":\"a\",\"note\":\"01234567890\"}", SB_BAD_FIELD, "note"},
};

static int
validate_text(const char *text)
{
	json_error_t jerr;
	json_t *obj = json_loads(text, 0, &jerr);
	int rc;

	cr_assert_not_null(obj, "bad test JSON %s: %s", text, jerr.text);
	rc = json_validate(&rq, obj, spec);
	json_decref(obj);
	return rc;
}

Test(json, validate_table)
{
	size_t i;

	for (i = 0; i < sizeof(validate_cases) / sizeof(validate_cases[0]); i++) {
		const struct validate_case *c = &validate_cases[i];
		int rc;

		rq.error_field = NULL;
		rq.error_message = NULL;
		rc = validate_text(c->json);
		cr_expect_eq(rc, c->want, "%s: rc %d, want %d", c->json, rc, c->want);
		if (c->field == NULL) {
			cr_expect_null(rq.error_field, "%s: error_field %s, want none", c->json,
				       rq.error_field);
			continue;
		}
		cr_expect_not_null(rq.error_field, "%s: no error_field, want %s", c->json,
				   c->field);
		if (rq.error_field == NULL)
			continue;
		cr_expect_str_eq(rq.error_field, c->field, "%s: error_field %s, want %s", c->json,
				 rq.error_field, c->field);
		cr_expect_not_null(rq.error_message, "%s: no message", c->json);
		cr_expect_not_null(rq.error_message_zh, "%s: no Chinese message", c->json);
		if (rq.error_message)
			cr_expect(strncmp(rq.error_message, c->field, strlen(c->field)) == 0,
				  "%s: message \"%s\" does not name %s first", c->json,
				  rq.error_message, c->field);
	}
}

/* Lengths are counted in characters, not bytes. */
Test(json, string_length_in_characters)
{
	struct {
		const char *unit;
		size_t n;
		int want;
	} cases[] = {
		{"a", 64, SB_OK},	  {"a", 65, SB_BAD_FIELD},
		{"中", 64, SB_OK},			    /* 192 bytes */
		{"中", 65, SB_BAD_FIELD}, {"😀", 64, SB_OK}, /* 256 bytes */
		{"😀", 65, SB_BAD_FIELD},  {"é", 64, SB_OK},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = arena_printf(&rq.arena, "{\"username\":\"%s\"}",
					  repeat(cases[i].unit, cases[i].n));
		int rc;

		rq.error_field = NULL;
		rc = validate_text(text);
		cr_expect_eq(rc, cases[i].want, "%zu x %s: rc %d, want %d", cases[i].n,
			     cases[i].unit, rc, cases[i].want);
		if (cases[i].want != SB_OK) {
			cr_expect_str_eq(rq.error_field, "username");
			cr_expect(strstr(rq.error_message, "64") != NULL,
				  "message \"%s\" does not give the limit", rq.error_message);
		}
	}
}

/* The unknown field is named even when it sorts or comes after known ones. */
Test(json, unknown_field_named)
{
	cr_assert_eq(validate_text("{\"username\":\"a\",\"age\":1,\"zzz\":true}"), SB_BAD_FIELD);
	cr_expect_str_eq(rq.error_field, "zzz");
	cr_expect(strstr(rq.error_message, "unknown") != NULL, "message: %s", rq.error_message);
}

Test(json, missing_required_named)
{
	static const struct jfield two[] = {
		{"a", JF_INT, true, 0, 0, false},
		{"b", JF_INT, true, 0, 0, false},
		{NULL},
	};
	json_t *obj = json_pack("{s:i}", "a", 1);

	cr_assert_eq(json_validate(&rq, obj, two), SB_BAD_FIELD);
	cr_expect_str_eq(rq.error_field, "b");
	json_decref(obj);
	obj = json_pack("{s:i, s:i}", "a", 1, "b", 2);
	rq.error_field = NULL;
	cr_expect_eq(json_validate(&rq, obj, two), SB_OK);
	cr_expect_null(rq.error_field);
	json_decref(obj);
}

/* The body decoder: empty, not an object, too deep, invalid, and fine. */
Test(json, body_decoder)
{
	struct {
		const char *body;
		int want;
	} cases[] = {
		{"", SB_BAD_JSON},
		{"[1]", SB_BAD_JSON},
		{"\"x\"", SB_BAD_JSON},
		{"1", SB_BAD_JSON},
		{"{", SB_BAD_JSON},
		{"{\"a\":1,}", SB_BAD_JSON},
		{"{\"a\":1,\"a\":2}", SB_BAD_JSON}, /* duplicate keys */
		{"{\"a\":1}", SB_OK},
		{"  {\"a\":\"上海\"}\n", SB_OK},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *j = NULL;
		int rc;

		buf_reset(&rq.body);
		buf_adds(&rq.body, cases[i].body);
		rq.error_message = NULL;
		rc = json_body(&rq, &j);
		cr_expect_eq(rc, cases[i].want, "body %s: rc %d, want %d", cases[i].body, rc,
			     cases[i].want);
		if (rc == SB_OK) {
			cr_expect(json_is_object(j), "body %s: not an object", cases[i].body);
		} else {
			cr_expect_null(j, "body %s: *out set on failure", cases[i].body);
			cr_expect_not_null(rq.error_message, "body %s: no message", cases[i].body);
		}
		json_decref(j);
	}
}

Test(json, body_depth_limit)
{
	json_t *j = NULL;
	char *text;

	/* 16 levels: the outer object and 15 arrays. */
	text = arena_printf(&rq.arena, "{\"a\":%s}", nest(15, '[', ']'));
	buf_adds(&rq.body, text);
	cr_expect_eq(json_body(&rq, &j), SB_OK);
	json_decref(j);
	j = NULL;

	buf_reset(&rq.body);
	text = arena_printf(&rq.arena, "{\"a\":%s}", nest(16, '[', ']'));
	buf_adds(&rq.body, text);
	cr_expect_eq(json_body(&rq, &j), SB_BAD_JSON);
	cr_expect_null(j);
	cr_expect(strstr(rq.error_message, "16") != NULL, "message: %s", rq.error_message);
}

/* Rail: one-line texts refuse every control character; multi-line texts
 * keep LF (a CRLF becomes LF) and refuse the others; passwords are opaque. */
static const struct jfield text_spec[] = {
	{"name", JF_STRING, false, 0, 50, false},     {"notes", JF_TEXT, false, 0, 50, false},
	{"password", JF_SECRET, false, 1, 50, false}, {"tags", JF_STRINGS, false, 0, 5, false},
	{"answers", JF_OBJECT, false, 0, 0, false},   {NULL},
};

struct text_case {
	const char *json;
	const char *field; /* the field at fault, NULL when OK */
};

static const struct text_case text_cases[] = {
	{"{\"name\":\"普雄小区\",\"notes\":\"第一行\\n第二行\"}", NULL},
	{"{\"name\":\"A \\u00e9 \\u4e2d\"}", NULL},
	{"{\"name\":\"a\\rb\"}", "name"},
	{"{\"name\":\"a\\nb\"}", "name"},
	{"{\"name\":\"a\\tb\"}", "name"},
	{"{\"name\":\"a\\r\\nb\"}", "name"},
	{"{\"name\":\"a\\u0001b\"}", "name"},
	{"{\"name\":\"a\\u001fb\"}", "name"},
	{"{\"name\":\"a\\u007fb\"}", "name"},
	{"{\"name\":\"a\\u0085b\"}", "name"},
	{"{\"name\":\"a\\u009fb\"}", "name"},
	{"{\"name\":\"a\\u2028b\"}", "name"},
	{"{\"name\":\"a\\u2029b\"}", "name"},
	{"{\"name\":\"a\\u00a0b \\u2027 \\u202a\"}", NULL}, /* not controls */
	{"{\"notes\":\"a\\r\\nb\"}", NULL},
	{"{\"notes\":\"a\\rb\"}", "notes"},
	{"{\"notes\":\"a\\tb\"}", "notes"},
	{"{\"notes\":\"a\\u007f\"}", "notes"},
	{"{\"notes\":\"a\\u2028b\"}", "notes"},
	{"{\"notes\":\"a\\n\\r\"}", "notes"},
	{"{\"password\":\"tab\\there\\u0001\"}", NULL},
	{"{\"tags\":[\"ok\",\"a\\nb\"]}", "tags"},
	{"{\"tags\":[\"ok\",\"独居老人\"]}", NULL},
	{"{\"answers\":{\"q1\":[\"a\\nb\",{\"t\":\"x\\r\\ny\"}]}}", NULL},
	{"{\"answers\":{\"q1\":[\"ok\",{\"t\":\"x\\ty\"}]}}", "answers"},
	{"{\"answers\":{\"q1\":\"x\\u0000y\"}}", NULL}, /* jansson refuses \u0000 below */
};

Test(json, text_kinds_refuse_control_characters)
{
	size_t i;

	for (i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
		const struct text_case *c = &text_cases[i];
		json_error_t jerr;
		json_t *obj = json_loads(c->json, 0, &jerr);
		int rc;

		if (obj == NULL) {
			/* Only NUL: jansson itself refuses it in a document. */
			cr_expect(strstr(c->json, "\\u0000") != NULL, "bad test JSON %s: %s",
				  c->json, jerr.text);
			continue;
		}
		rq.error_field = NULL;
		rc = json_validate(&rq, obj, text_spec);
		json_decref(obj);
		if (c->field == NULL) {
			cr_expect_eq(rc, SB_OK, "%s: rc %d (%s), want OK", c->json, rc,
				     rq.error_message ? rq.error_message : "");
			continue;
		}
		cr_expect_eq(rc, SB_BAD_FIELD, "%s: rc %d, want BAD_FIELD", c->json, rc);
		cr_expect_str_eq(rq.error_field ? rq.error_field : "", c->field, "%s", c->json);
		cr_expect(rq.error_message && strstr(rq.error_message, "U+") != NULL,
			  "%s: message \"%s\" does not name the character", c->json,
			  rq.error_message);
		cr_expect(rq.error_message_zh && strstr(rq.error_message_zh, "控制字符") != NULL,
			  "%s: no Chinese message", c->json);
	}
}

Test(json, multiline_crlf_becomes_lf)
{
	json_t *obj = json_loads(
		"{\"notes\":\"a\\r\\nb\\r\\n\",\"answers\":{\"q\":[\"x\\r\\ny\"]}}", 0, NULL);

	cr_assert_not_null(obj);
	cr_assert_eq(json_validate(&rq, obj, text_spec), SB_OK);
	cr_expect_str_eq(json_string_value(json_object_get(obj, "notes")), "a\nb\n");
	cr_expect_str_eq(json_string_value(json_array_get(
				 json_object_get(json_object_get(obj, "answers"), "q"), 0)),
			 "x\ny");
	json_decref(obj);
}

Test(json, text_refused_reports_the_code_point)
{
	cr_expect_eq(text_refused("plain 中文", TEXT_LINE), -1);
	cr_expect_eq(text_refused("a\rb", TEXT_LINE), 0x0d);
	cr_expect_eq(text_refused("a\nb", TEXT_LINE), 0x0a);
	cr_expect_eq(text_refused("a\nb", TEXT_LINES), -1);
	cr_expect_eq(text_refused("a\r\nb", TEXT_LINES), -1);
	cr_expect_eq(text_refused("a\rb", TEXT_LINES), 0x0d);
	cr_expect_eq(text_refused("a\r", TEXT_LINES), 0x0d);
	cr_expect_eq(text_refused("\x7f", TEXT_LINES), 0x7f);
	cr_expect_eq(text_refused("a\xc2\x85", TEXT_LINE), 0x85);
	cr_expect_eq(text_refused("a\xe2\x80\xa8", TEXT_LINES), 0x2028);
	cr_expect_eq(text_refused("a\xe2\x80\xa9", TEXT_LINE), 0x2029);
	cr_expect_eq(text_refused("\xc2", TEXT_LINE), -1, "a truncated sequence is not a control");
	cr_expect_eq(text_refused("\xe2\x80", TEXT_LINE), -1);
}

Test(json, lf_only_in_place)
{
	char s[] = "a\r\nb\r\r\n\n\r";

	cr_expect_str_eq(text_lf_only(s), "a\nb\r\n\n\r");
}
