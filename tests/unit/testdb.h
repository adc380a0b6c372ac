#ifndef SB_TESTDB_H
#define SB_TESTDB_H

/* A freshly migrated database in a temporary folder, for the unit tests that
 * need a store, and a small division tree to load into it.  Criterion runs
 * each test in its own process: open in a suite's .init, close in its .fini. */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "core/divisions.h"
#include "store/store.h"
#include "util/errors.h"

struct testdb {
	char dir[64];
	char path[128];
	struct store *st;
	int from, to; /* what the first store_migrate reported */
};

/* store_global_init must run once per process, before the first open. */
static inline void
testdb_global_init(void)
{
	static bool done;

	if (!done) {
		cr_assert_eq(store_global_init(), SB_OK);
		done = true;
	}
}

static inline void
testdb_open(struct testdb *t)
{
	testdb_global_init();
	strcpy(t->dir, "/tmp/sibai-unit-XXXXXX");
	cr_assert_not_null(mkdtemp(t->dir), "mkdtemp failed");
	snprintf(t->path, sizeof(t->path), "%s/test.db", t->dir);
	cr_assert_eq(store_open(t->path, STORE_CREATE, &t->st), SB_OK);
	cr_assert_eq(store_migrate(t->st, &t->from, &t->to), SB_OK);
}

/* Closes the store (when open) and removes the folder. */
static inline void
testdb_close(struct testdb *t)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char name[160];
	size_t i;

	store_close(t->st);
	t->st = NULL;
	if (t->dir[0] == '\0')
		return;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(name, sizeof(name), "%s%s", t->path, suffixes[i]);
		unlink(name);
	}
	rmdir(t->dir);
	t->dir[0] = '\0';
}

/* A city, 2 districts, 3 streets and 4 committees:
 *
 *   31 上海市
 *   ├── 310101 黄浦区
 *   │   ├── 310101002 南京东路街道
 *   │   │   ├── 310101002001 贵州路居委会
 *   │   │   └── 310101002002 云南中路居委会
 *   │   └── 310101013 外滩街道
 *   │       └── 310101013001 福州路居委会
 *   └── 310104 徐汇区
 *       └── 310104003 天平路街道
 *           └── 310104003001 永嘉路居委会
 */
static inline const char *
testdb_divisions_csv(void)
{
	return "code,name,level,parent_code\n"
	       "31,上海市,city,\n"
	       "310101,黄浦区,district,31\n"
	       "310104,徐汇区,district,31\n"
	       "310101002,南京东路街道,street,310101\n"
	       "310101013,外滩街道,street,310101\n"
	       "310104003,天平路街道,street,310104\n"
	       "310101002001,贵州路居委会,committee,310101002\n"
	       "310101002002,云南中路居委会,committee,310101002\n"
	       "310101013001,福州路居委会,committee,310101013\n"
	       "310104003001,永嘉路居委会,committee,310104003\n";
}

#define TESTDB_AREAS 10

static inline void
testdb_load_divisions(struct testdb *t)
{
	const char *csv = testdb_divisions_csv();
	int64_t n = 0;

	cr_assert_eq(divisions_load(t->st, csv, strlen(csv), &n), SB_OK);
	cr_assert_eq(n, TESTDB_AREAS);
}

#endif
