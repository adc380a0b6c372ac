/* The resident import (人口数据下沉) as `sibai import --dry-run` runs it: the
 * header's columns, every line's fields (yes/no words, enumerations, dates as
 * Excel users type them, ID and phone numbers) and the lookups of compounds,
 * buildings and households, in a dry run against a store made once; then
 * the mapping step's preview and a checking file's dry run (docs/checking.md). */
#define FUZZ_WITH_STORE
#include "fuzz.h"

#include "core/checking.h"
#include "core/import.h"
#include "util/arena.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_store *fs = fuzz_store();
	static struct sb_key key;
	struct import_options opt = {0};
	struct register_actor who = {0};
	struct scope sc = {0};
	struct sb_fail fail = {0};
	json_t *report = NULL;
	struct arena ar;

	sc.user_id = fs->admin;
	sc.role = ROLE_ADMIN;
	who.user_id = fs->admin;
	who.username = "admin";
	who.role = ROLE_ADMIN;
	who.now = 1795000000;
	who.key = &key;
	opt.committee = "310107015028";
	opt.dry_run = true;
	arena_init(&ar);
	(void)import_residents(fs->st, &sc, data, size, &opt, &who, &ar, &report, &fail);
	json_decref(report);
	/* issue 16: the mapping step's preview and a checking file's dry run read
	 * the same bytes through import_read */
	{
		struct check_options co = {.area = "310107015028", .dry_run = true};
		json_t *out = NULL;
		int64_t batch = 0;

		(void)import_preview(fs->st, data, size, NULL, &who, &ar, &out, &fail);
		json_decref(out);
		out = NULL;
		(void)checking_upload(fs->st, &sc, data, size, &co, &who, &ar, &out, &batch, &fail);
		json_decref(out);
	}
	arena_clear(&ar);
	return 0;
}
