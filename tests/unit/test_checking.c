/* The import's mapping step (src/core/import.c; docs/checking.md): a
 * mapping chosen by hand is checked, and a header row's key does not depend
 * on the order, width or spacing of its headers. */

#include <string.h>

#include <criterion/criterion.h>

#include "core/import.h"

static int
check(const char *text, bool committee_ok, struct sb_fail *fail)
{
	struct arena ar;
	json_t *m = json_loads(text, 0, NULL);
	int rc;

	arena_init(&ar);
	memset(fail, 0, sizeof(*fail));
	rc = import_mapping_check(m, committee_ok, &ar, fail);
	json_decref(m);
	/* the messages live in the arena: keep only whether one was written */
	if (fail->en)
		fail->en = "";
	if (fail->zh)
		fail->zh = "";
	arena_clear(&ar);
	return rc;
}

Test(mapping, a_good_mapping_passes)
{
	struct sb_fail f;

	cr_expect_eq(check("{\"所在院落\":\"compound\",\"楼\":\"building\",\"房间\":\"room\","
			   "\"住户姓名\":\"name\",\"证件\":\"id_number\",\"备注\":\"ignore\","
			   "\"说明\":\"ignore\",\"标签\":\"tags\",\"层\":\"floor\"}",
			   false, &f),
		     SB_OK);
	cr_expect_eq(check("{\"居委会\":\"committee\",\"姓名\":\"name\"}", true, &f), SB_OK);
}

Test(mapping, refusals_name_mapping)
{
	static const char *const bad[] = {
		"{\"姓名\":\"shoe_size\"}",		   /* not a field */
		"{\"甲\":\"name\",\"乙\":\"name\"}",	   /* a field twice */
		"{\"姓名\":\"name\",\"姓名 \":\"phone\"}", /* a header twice, once spaced */
		"{\"姓名\":3}",				   /* not a string */
		"{}",					   /* empty */
		"[\"name\"]",				   /* not an object */
		"{\"\":\"name\"}",			   /* an empty header */
		"{\"居委会\":\"committee\"}",		   /* an import has no committee column */
		"{\"年龄\":\"age\"}",			   /* computed: not a field to fill */
	};
	struct sb_fail f;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(check(bad[i], false, &f), SB_BAD_FIELD, "%s", bad[i]);
		cr_expect_str_eq(f.field ? f.field : "", "mapping", "%s", bad[i]);
		cr_expect(f.en != NULL && f.zh != NULL, "%s: a message in both languages", bad[i]);
	}
}

Test(mapping, header_key_ignores_order_width_and_spaces)
{
	static const char *const a[] = {"姓名", "小区", "楼号", "室号", "身份证号（必填）"};
	static const char *const b[] = {"室号 ", "身份证号*", "　小区", "楼号", "姓名"};
	static const char *const c[] = {"姓名", "小区", "楼号", "房间"};
	static const char *const d[] = {"Name", "ＮＡＭＥ２"};
	struct arena ar;

	arena_init(&ar);
	cr_expect_str_eq(import_header_key(&ar, a, 5), import_header_key(&ar, b, 5));
	cr_expect_str_neq(import_header_key(&ar, a, 5), import_header_key(&ar, c, 4));
	cr_expect_str_eq(import_header_key(&ar, d, 2), "name|name2");
	cr_expect_str_eq(import_header_key(&ar, d, 0), "");
	arena_clear(&ar);
}
