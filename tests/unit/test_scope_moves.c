/* Scope follows people (docs/visits.md, "When a worker moves or leaves"): the
 * store reads a worker's grids only in committees of the worker's current
 * scope, so an assignment row left behind in another committee yields nothing. */

#include <sqlite3.h>

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sqlite_int.h" /* the SQLite backend, seen from inside */
#include "util/embedded.h"
#include "testdb.h"

static struct testdb db;

static void
exec(const char *sql)
{
	char *err = NULL;

	cr_assert_eq(sqlite3_exec(db.st->db, sql, NULL, NULL, &err), SQLITE_OK, "%s: %s", sql,
		     err ? err : "");
}

/* Worker 1 owns grid 1 of 贵州路居委会 since 2026-01-01; household 1 is in it. */
static void
setup(void)
{
	testdb_open(&db);
	testdb_load_divisions(&db);
	exec("INSERT INTO account (id, username, password_hash, role, created_at)"
	     " VALUES (1, 'mover', 'x', 'worker', 0)");
	exec("INSERT INTO user_scope (user_id, area_code) VALUES (1, '310101002001')");
	exec("INSERT INTO compound (id, committee_code, name, kind)"
	     " VALUES (1, '310101002001', '贵州小区', 'old_public')");
	exec("INSERT INTO grid (id, committee_code, name, created_at) VALUES (1, '310101002001', "
	     "'g', 0)");
	exec("INSERT INTO building (id, compound_id, committee_code, label, grid_id)"
	     " VALUES (1, 1, '310101002001', '1号', 1)");
	exec("INSERT INTO household (id, building_id, committee_code, room, grid_id, created_at,"
	     " updated_at) VALUES (1, 1, '310101002001', '101', 1, 0, 0)");
	exec("INSERT INTO grid_assignment (grid_id, worker_id, start_on, created_at)"
	     " VALUES (1, 1, '2026-01-01', 0)");
}

static void
teardown(void)
{
	testdb_close(&db);
}

TestSuite(scope_moves, .init = setup, .fini = teardown);

static size_t
plan_size(void)
{
	struct arena ar;
	struct plan_list l;
	size_t n;

	arena_init(&ar);
	const struct scope worker = {1, ROLE_WORKER}; /* the worker reads its own plan */

	cr_assert_eq(store_plan_rows(db.st, &worker, 1, "2026-06-01", &ar, &l), SB_OK);
	n = l.n;
	arena_clear(&ar);
	return n;
}

static bool
owns(void)
{
	bool yes = true;
	const struct scope worker = {1, ROLE_WORKER};

	cr_assert_eq(store_worker_owns(db.st, &worker, 1, "2026-06-01", &yes), SB_OK);
	return yes;
}

Test(scope_moves, in_scope_the_plan_holds_the_grid)
{
	cr_assert_eq(plan_size(), 1);
	cr_assert(owns());
}

Test(scope_moves, an_assignment_left_in_another_committee_yields_nothing)
{
	exec("UPDATE user_scope SET area_code = '310101002002' WHERE user_id = 1");
	cr_assert_eq(plan_size(), 0, "the plan reads the grid of a committee left behind");
	cr_assert_not(owns(), "the worker still owns a household of a committee left behind");
}

Test(scope_moves, a_street_scope_still_covers_its_committees)
{
	exec("UPDATE user_scope SET area_code = '310101002' WHERE user_id = 1");
	cr_assert_eq(plan_size(), 1);
}

/* Migration 0010 ends what moves made before it left open: a move made the
 * old way (the scope changed, nothing ended), then the migration's SQL. */
static int64_t
count(const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	cr_assert_eq(sqlite3_prepare_v2(db.st->db, sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static size_t
migration_index(const char *name)
{
	size_t i;

	for (i = 0; i < embedded_migrations_count; i++)
		if (strstr(embedded_migrations[i].name, name))
			return i;
	cr_assert_fail("no migration %s", name);
	return 0;
}

Test(scope_moves, migration_ends_what_earlier_moves_left_open)
{
	/* Worker 2 stays in 贵州路 and keeps everything; worker 1 moved. */
	exec("INSERT INTO account (id, username, password_hash, role, created_at)"
	     " VALUES (2, 'stayer', 'x', 'worker', 0)");
	exec("INSERT INTO user_scope (user_id, area_code) VALUES (2, '310101002001')");
	exec("INSERT INTO grid_assignment (grid_id, worker_id, start_on, created_at)"
	     " VALUES (1, 2, '2026-01-01', 0)");
	exec("INSERT INTO grid_assignment (grid_id, worker_id, start_on, created_at)"
	     " VALUES (1, 1, date('now', '+8 hours', '+30 days'), 0)");
	exec("INSERT INTO reception_duty (committee_code, date, worker_id) VALUES"
	     " ('310101002001', date('now', '+8 hours', '+3 days'), 1),"
	     " ('310101002001', date('now', '+8 hours', '-3 days'), 1),"
	     " ('310101002001', date('now', '+8 hours', '+4 days'), 2)");
	exec("INSERT INTO duty (id, committee_code, date, kind, created_at) VALUES"
	     " (1, '310101002001', date('now', '+8 hours', '+1 day'), 'patrol', 0),"
	     " (2, '310101002001', date('now', '+8 hours', '-1 day'), 'patrol', 0)");
	exec("INSERT INTO duty_worker (duty_id, worker_id) VALUES (1, 1), (1, 2), (2, 1)");
	exec("UPDATE user_scope SET area_code = '310101002002' WHERE user_id = 1");

	{
		const struct embedded_file *m =
			&embedded_migrations[migration_index("scope_moves")];
		char *sql = strndup((const char *)m->data, m->len);

		cr_assert_not_null(sql);
		/* The migration ran when the accounts' table was still called
		 * user (renamed account by 0020_account). */
		exec("CREATE TEMP VIEW user AS SELECT * FROM account");
		exec(sql); /* as store_migrate runs it, and no later migration */
		free(sql);
	}

	cr_expect_eq(count("SELECT count(*) FROM grid_assignment WHERE worker_id = 1 AND end_on ="
			   " date('now', '+8 hours', '-1 day') AND start_on = '2026-01-01'"),
		     1, "the assignment that ran ends yesterday, kept");
	cr_expect_eq(count("SELECT count(*) FROM grid_assignment WHERE worker_id = 1"), 1,
		     "the one not begun is removed");
	cr_expect_eq(count("SELECT count(*) FROM grid_assignment WHERE worker_id = 2 AND end_on IS "
			   "NULL"),
		     1, "the worker who stayed keeps the grid");
	cr_expect_eq(count("SELECT count(*) FROM reception_duty WHERE worker_id = 1"), 1,
		     "only the day behind stays");
	cr_expect_eq(count("SELECT count(*) FROM reception_duty WHERE worker_id = 1 AND date <"
			   " date('now', '+8 hours')"),
		     1);
	cr_expect_eq(count("SELECT count(*) FROM reception_duty WHERE worker_id = 2"), 1);
	cr_expect_eq(count("SELECT count(*) FROM duty_worker WHERE duty_id = 1"), 1,
		     "the duty ahead keeps only the worker who stayed");
	cr_expect_eq(count("SELECT worker_id FROM duty_worker WHERE duty_id = 1"), 2);
	cr_expect_eq(count("SELECT count(*) FROM duty_worker WHERE duty_id = 2"), 1,
		     "the duty behind stays as it was");
}
