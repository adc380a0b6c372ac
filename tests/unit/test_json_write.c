/* The JSON writer (util/json_write.c) of the register's answers: what it
 * writes is the JSON jansson reads back, commas and escapes included. */

#include <criterion/criterion.h>

#include <jansson.h>
#include <string.h>

#include "util/json_write.h"

Test(json_write, nesting_places_every_comma)
{
	struct json_writer w;
	struct buf b;

	buf_init(&b, 1 << 16);
	jw_init(&w, &b);
	jw_object_open(&w);
	jw_key(&w, "id");
	jw_int(&w, -42);
	jw_key(&w, "tags");
	jw_array_open(&w);
	jw_object_open(&w);
	jw_key(&w, "name");
	jw_string(&w, "低保");
	jw_object_close(&w);
	jw_object_open(&w);
	jw_object_close(&w);
	jw_array_close(&w);
	jw_key(&w, "empty");
	jw_array_open(&w);
	jw_array_close(&w);
	jw_key(&w, "none");
	jw_string(&w, NULL);
	jw_key(&w, "yes");
	jw_bool(&w, true);
	jw_object_close(&w);
	cr_assert(jw_ok(&w));
	cr_expect_str_eq(b.data, "{\"id\":-42,\"tags\":[{\"name\":\"低保\"},{}],\"empty\":[],"
				 "\"none\":null,\"yes\":true}");
	buf_clear(&b);
}

Test(json_write, strings_read_back_as_written)
{
	static const char *const texts[] = {"普雄路 12号 \"东\"", "a\\b", "line\nbreak\ttab\r",
					    "\x01\x1f bell",	  "",	  "/slash/"};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct json_writer w;
		struct buf b;
		json_t *j;

		buf_init(&b, 1 << 16);
		jw_init(&w, &b);
		jw_array_open(&w);
		jw_string(&w, texts[i]);
		jw_array_close(&w);
		cr_assert(jw_ok(&w));
		j = json_loads(b.data, 0, NULL);
		cr_assert_not_null(j, "not JSON: %s", b.data);
		cr_expect_str_eq(json_string_value(json_array_get(j, 0)), texts[i]);
		json_decref(j);
		buf_clear(&b);
	}
}

Test(json_write, past_the_cap_or_unclosed_is_not_ok)
{
	struct json_writer w;
	struct buf b;

	buf_init(&b, 8);
	jw_init(&w, &b);
	jw_array_open(&w);
	jw_string(&w, "longer than eight bytes");
	jw_array_close(&w);
	cr_expect_not(jw_ok(&w), "a write past the cap is reported");
	buf_clear(&b);

	buf_init(&b, 64);
	jw_init(&w, &b);
	jw_object_open(&w);
	cr_expect_not(jw_ok(&w), "an object left open is reported");
	buf_clear(&b);
}
