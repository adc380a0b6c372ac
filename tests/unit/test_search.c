/* The register's search key (src/core/filter.c, filter_search_key): an
 * address typed at the counter and the address in the index meet on it. */

#include <string.h>

#include <criterion/criterion.h>

#include "core/filter.h"

static const struct {
	const char *in, *want;
} cases[] = {
	{"12号301", "12号301"},
	{"12号 301", "12号301"},
	{"12号楼301", "12号301"},
	{"12号 楼301", "12号301"},
	{"3号楼楼", "3号"}, /* every 楼 right after 号 goes */
	{"12-301", "12号301"},
	{"１２号３０１", "12号301"},
	{"12号　301", "12号301"}, /* an ideographic space */
	{"12号301室", "12号301"},
	{"12幢301", "12号301"},
	{"12栋 301", "12号301"},
	{"12#301", "12号301"},
	{"12号-301", "12号301"}, /* one 号, not two */
	{"普雄2村12号楼3-201室", "普雄2村12号3号201"},
	{"3B", "3b"},
	{"Ｂ座", "b座"},
	{"张 桂兰", "张桂兰"},
	{"楼", "楼"}, /* 楼 alone (not after 号) is kept */
	{"", ""},
};

Test(search_key, addresses_as_people_type_them)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[256];
		size_t n = filter_search_key(cases[i].in, strlen(cases[i].in), out);

		cr_expect_str_eq(out, cases[i].want, "%s", cases[i].in);
		cr_expect_eq(n, strlen(cases[i].want), "%s: length", cases[i].in);
	}
}

Test(search_key, the_key_of_a_key_is_itself)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char once[256], twice[256];

		filter_search_key(cases[i].in, strlen(cases[i].in), once);
		filter_search_key(once, strlen(once), twice);
		cr_expect_str_eq(twice, once, "%s", cases[i].in);
	}
}

Test(search_key, stays_within_three_times_the_input)
{
	const char *in = "-#-#-#";
	char out[3 * 6 + 1];

	memset(out, 'x', sizeof(out));
	filter_search_key(in, strlen(in), out);
	cr_expect_str_eq(out, "号");
	/* a malformed UTF-8 byte is '?', never read past n, never glued to
	 * another across a dropped space into a character */
	filter_search_key("\xe5\x8f", 2, out);
	cr_expect_str_eq(out, "??");
	filter_search_key("-\xe6\xa5 \xbc", 5, out);
	cr_expect_str_eq(out, "号???");
}
