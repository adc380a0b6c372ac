/* The lookups an import makes for each line must find their row through an
 * index on what they look for.  A committee's equality alone matches every
 * resident of the committee: when SQLite picked the committee's index for
 * "this ID number in this committee" (the database keeps no statistics, so
 * the planner guesses), each line scanned the committee's residents, and a
 * 420,000-line import into one committee slowed down line after line (20,000
 * lines: 140 s; with the ID number's index: 11 s).  The plans are read with
 * EXPLAIN QUERY PLAN from the store's own statement texts. */

#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>
#include <sqlite3.h>

#include "core/filter.h"
#include "core/visits.h"
#include "testdb.h"
#include "util/clock.h"

static const struct {
	const char *name, *sql;
} queries[] = {
#define Q(name, sql) {#name, sql},
#include "store/queries.def"
#undef Q
};

static struct testdb t;

static void
setup(void)
{
	testdb_open(&t);
}

static void
teardown(void)
{
	testdb_close(&t);
}

static const char *
sql_of(const char *name)
{
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		if (strcmp(queries[i].name, name) == 0)
			return queries[i].sql;
	cr_assert_fail("no query %s in queries.def", name);
	return NULL;
}

/* The plan's lines of query NAME, joined by "; ". */
static void
plan_of(const char *name, char *out, size_t cap)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql_of(name));
	size_t n = 0;

	cr_assert_eq(sqlite3_open_v2(t.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s: %s", name,
		     sqlite3_errmsg(db));
	out[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW) {
		int w = snprintf(out + n, cap - n, "%s%s", n ? "; " : "",
				 (const char *)sqlite3_column_text(s, 3));

		if (w > 0 && (size_t)w < cap - n)
			n += (size_t)w;
	}
	sqlite3_finalize(s);
	sqlite3_free(sql);
	sqlite3_close(db);
}

TestSuite(query_plans, .init = setup, .fini = teardown);

/* Each per-line lookup of the import, with the index that must carry it. */
Test(query_plans, import_lookups_use_the_index_of_what_they_look_for)
{
	static const struct {
		const char *query, *index;
	} want[] = {
		{"RESIDENT_BY_ID_INDEX", "USING INDEX resident_id_number (id_number_idx=?)"},
		{"RESIDENT_BY_NAME", "USING INDEX resident_household (household_id=?)"},
		{"COMPOUND_BY_NAME", "(committee_code=? AND name=?)"},
		{"BUILDING_BY_LABEL", "(compound_id=? AND label=?)"},
	};
	char plan[1024];

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		plan_of(want[i].query, plan, sizeof(plan));
		cr_expect(strstr(plan, want[i].index) != NULL, "%s: the plan is \"%s\", not %s",
			  want[i].query, plan, want[i].index);
		cr_expect(strstr(plan, "SCAN") == NULL, "%s scans: %s", want[i].query, plan);
	}
}
