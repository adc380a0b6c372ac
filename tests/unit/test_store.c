/* The store (src/store/) against a temporary database file: every query
 * prepares, migrations, the division loader, jurisdiction scoping of areas
 * and users, transactions and constraints. */

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "store/sqlite/sqlite_int.h" /* the SQLite backend, seen from inside */
#include "testdb.h"

/* Every code of the tree in testdb.h, in code order. */
static const char *const all_codes[] = {
	"31",		"310101", "310101002", "310101002001", "310101002002", "310101013",
	"310101013001", "310104", "310104003", "310104003001", NULL,
};

static struct testdb db;
static struct store *st;
static struct arena ar;

static void
setup(void)
{
	arena_init(&ar);
	testdb_open(&db);
	st = db.st;
}

static void
teardown(void)
{
	/* A test may have swapped the connection. */
	db.st = st;
	testdb_close(&db);
	st = NULL;
	arena_clear(&ar);
}

TestSuite(store, .init = setup, .fini = teardown);

static void
load_divisions(void)
{
	testdb_load_divisions(&db);
}

static int64_t
add_user(const char *name, enum role role, const char *const *scope, size_t nscope)
{
	int64_t id = 0;

	cr_assert_eq(
		store_user_insert(st, name, "not-a-hash", role, scope, nscope, 1700000000, &id),
		SB_OK, "inserting %s", name);
	cr_assert_gt(id, 0);
	return id;
}

static int64_t
count_rows(const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t n = -1;

	cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Whether an area list holds exactly the NULL-ended codes, in order. */
static void
expect_codes(const struct area_list *l, const char *const *want, const char *what)
{
	size_t n = 0, i;

	while (want[n])
		n++;
	cr_expect_eq(l->n, n, "%s: %zu areas, want %zu", what, l->n, n);
	for (i = 0; i < l->n && i < n; i++)
		cr_expect_str_eq(l->items[i].code, want[i], "%s: item %zu is %s, want %s", what, i,
				 l->items[i].code, want[i]);
}

Test(store, every_query_prepares)
{
	int q;

	for (q = 0; q < Q_COUNT; q++) {
		cr_expect_not_null(store_query_sql((enum query)q), "query %d has no SQL", q);
		cr_expect_not_null(store_stmt(st, (enum query)q),
				   "query %d does not prepare: %s\n%s", q, store_errmsg(st),
				   store_query_sql((enum query)q));
	}
	/* Cached: the second call hands back the same statement. */
	cr_expect_eq(store_stmt(st, Q_USER_COUNT), store_stmt(st, Q_USER_COUNT));
}

Test(store, migrations_apply_once)
{
	int from = -1, to = -1, v = -1;

	cr_assert_geq(store_latest_version(), 1);
	cr_expect_eq(db.from, 0);
	cr_expect_eq(db.to, store_latest_version());
	cr_assert_eq(store_migrate(st, &from, &to), SB_OK);
	cr_expect_eq(from, to, "second migrate went from %d to %d", from, to);
	cr_expect_eq(to, store_latest_version());
	cr_assert_eq(store_schema_version(st, &v), SB_OK);
	cr_expect_eq(v, store_latest_version());
}

Test(store, reopen_keeps_schema_and_data)
{
	struct store *again = NULL;
	int from = -1, to = -1;
	int64_t n = 0;

	load_divisions();
	store_close(st);
	st = NULL;
	cr_assert_eq(store_open(db.path, 0, &again), SB_OK);
	st = again;
	cr_assert_eq(store_migrate(st, &from, &to), SB_OK);
	cr_expect_eq(from, store_latest_version());
	cr_expect_eq(to, store_latest_version());
	cr_assert_eq(store_area_count(st, &n), SB_OK);
	cr_expect_eq(n, 10);
}

Test(store, open_uses_wal_and_foreign_keys)
{
	sqlite3_stmt *s = NULL;

	cr_assert_eq(sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_expect_str_eq((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	cr_expect_eq(count_rows("PRAGMA foreign_keys"), 1);
}

Test(store, open_missing_file_without_create)
{
	struct store *other = NULL;
	char missing[160];

	snprintf(missing, sizeof(missing), "%s/missing.db", db.dir);
	cr_expect_eq(store_open(missing, 0, &other), SB_NOT_FOUND);
	cr_expect_null(other);
	cr_expect_neq(access(missing, F_OK), 0, "store_open without STORE_CREATE made a file");
}

Test(store, memory_database_migrates)
{
	struct store *mem = NULL;
	int from = -1, to = -1;

	cr_assert_eq(store_open(":memory:", STORE_CREATE, &mem), SB_OK);
	cr_expect_eq(store_migrate(mem, &from, &to), SB_OK);
	cr_expect_eq(from, 0);
	cr_expect_eq(to, store_latest_version());
	store_close(mem);
}

Test(store, divisions_load_and_reload)
{
	int64_t n = 0;

	load_divisions();
	cr_assert_eq(store_area_count(st, &n), SB_OK);
	cr_expect_eq(n, 10);
	/* Every area is its own ancestor, plus one row per proper ancestor:
	 * 10 + (2*1 + 3*2 + 4*3) = 30. */
	cr_expect_eq(count_rows("SELECT count(*) FROM area_closure"), 30);
	/* Loading again leaves the codes there alone. */
	cr_assert_eq(divisions_load(st, testdb_divisions_csv(), strlen(testdb_divisions_csv()), &n),
		     SB_OK);
	cr_assert_eq(store_area_count(st, &n), SB_OK);
	cr_expect_eq(n, 10);
	cr_expect_eq(count_rows("SELECT count(*) FROM area_closure"), 30);
	cr_expect_not(store_in_transaction(st));
}

Test(store, divisions_load_rejects_short_rows)
{
	static const char bad[] = "code,name,level,parent_code\n"
				  "31,上海市,city,\n"
				  "310101,黄浦区,district\n";
	int64_t n = 0;

	cr_expect_eq(divisions_load(st, bad, strlen(bad), &n), SB_BAD_FIELD);
	cr_assert_eq(store_area_count(st, &n), SB_OK);
	cr_expect_eq(n, 0, "a failed load left %lld areas", (long long)n);
	cr_expect_not(store_in_transaction(st));
}

/* A row the schema refuses (a level outside city/district/street/committee)
 * fails the load as a whole, as a short row does: it is not skipped while
 * the load reports success. */
Test(store, divisions_load_rejects_unknown_level)
{
	static const char bad_level[] = "code,name,level,parent_code\n"
					"31,上海市,city,\n"
					"310101,黄浦区,province,31\n";
	int64_t n = 0;
	int rc;

	rc = divisions_load(st, bad_level, strlen(bad_level), &n);
	cr_expect_neq(rc, SB_OK, "a row with level \"province\" was accepted (%lld rows read)",
		      (long long)n);
	cr_assert_eq(store_area_count(st, &n), SB_OK);
	cr_expect_eq(n, 0, "a failed load left %lld areas", (long long)n);
	cr_expect_not(store_in_transaction(st));
}

/* A child whose parent is not in the table fails the load. */
Test(store, divisions_load_rejects_unknown_parent)
{
	static const char orphan[] = "code,name,level,parent_code\n"
				     "31,上海市,city,\n"
				     "310199001,无名街道,street,310199\n";
	int64_t n = 0;

	cr_expect_neq(divisions_load(st, orphan, strlen(orphan), &n), SB_OK);
	cr_assert_eq(store_area_count(st, &n), SB_OK);
	cr_expect_eq(n, 0, "a failed load left %lld areas", (long long)n);
}

/* The cast of users for the scoping tests. */
struct cast {
	struct scope admin;    /* "31" */
	struct scope district; /* 310104 */
	struct scope street;   /* 310101002 */
	struct scope worker;   /* 310101002001 and 310104003001: two streets, two districts */
	struct scope worker2;  /* 310101002001 and 310101002002: both in the street above */
	struct scope nobody;   /* an id with no user */
};

static struct cast
make_cast(void)
{
	static const char *const admin[] = {"31"};
	static const char *const district[] = {"310104"};
	static const char *const street[] = {"310101002"};
	static const char *const worker[] = {"310101002001", "310104003001"};
	static const char *const worker2[] = {"310101002001", "310101002002"};
	struct cast c;

	load_divisions();
	c.admin = (struct scope){add_user("admin", ROLE_ADMIN, admin, 1), ROLE_ADMIN};
	c.district = (struct scope){add_user("xuhui", ROLE_DISTRICT, district, 1), ROLE_DISTRICT};
	c.street = (struct scope){add_user("njdl", ROLE_STREET, street, 1), ROLE_STREET};
	c.worker = (struct scope){add_user("wang", ROLE_WORKER, worker, 2), ROLE_WORKER};
	c.worker2 = (struct scope){add_user("li", ROLE_WORKER, worker2, 2), ROLE_WORKER};
	c.nobody = (struct scope){9999, ROLE_ADMIN};
	return c;
}

Test(store, area_get_scoped)
{
	struct cast c = make_cast();
	struct {
		const struct scope *who;
		const char *code;
		int want;
	} cases[] = {
		{&c.street, "310101002", SB_OK},
		{&c.street, "310101002001", SB_OK},
		{&c.street, "310101002002", SB_OK},
		{&c.street, "310101", SB_NOT_FOUND},
		{&c.street, "31", SB_NOT_FOUND},
		{&c.street, "310101013", SB_NOT_FOUND},
		{&c.street, "310101013001", SB_NOT_FOUND},
		{&c.street, "310104003001", SB_NOT_FOUND},
		{&c.worker, "310101002001", SB_OK},
		{&c.worker, "310104003001", SB_OK},
		{&c.worker, "310101002002", SB_NOT_FOUND},
		{&c.worker, "310101002", SB_NOT_FOUND},
		{&c.worker, "310104003", SB_NOT_FOUND},
		{&c.district, "310104", SB_OK},
		{&c.district, "310104003001", SB_OK},
		{&c.district, "310101", SB_NOT_FOUND},
		{&c.district, "31", SB_NOT_FOUND},
		{&c.admin, "31", SB_OK},
		{&c.admin, "310101013001", SB_OK},
		{&c.admin, "319999", SB_NOT_FOUND},
		{&c.admin, "", SB_NOT_FOUND},
		{&c.nobody, "31", SB_NOT_FOUND},
		{&c.nobody, "310101002001", SB_NOT_FOUND},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct area a = {0};
		int rc = store_area_get(st, cases[i].who, cases[i].code, &ar, &a);

		cr_expect_eq(rc, cases[i].want, "user %lld, area %s: rc %d, want %d",
			     (long long)cases[i].who->user_id, cases[i].code, rc, cases[i].want);
		if (rc == SB_OK)
			cr_expect_str_eq(a.code, cases[i].code);
	}
}

Test(store, area_get_fields)
{
	struct cast c = make_cast();
	struct area a = {0};

	cr_assert_eq(store_area_get(st, &c.admin, "310101002001", &ar, &a), SB_OK);
	cr_expect_str_eq(a.name, "贵州路居委会");
	cr_expect_str_eq(a.level, "committee");
	cr_expect_str_eq(a.parent_code, "310101002");
	cr_assert_eq(store_area_get(st, &c.admin, "31", &ar, &a), SB_OK);
	cr_expect_null(a.parent_code);
	cr_expect_str_eq(a.level, "city");
}

Test(store, area_search_scoped)
{
	struct cast c = make_cast();
	static const char *const street_all[] = {"310101002", "310101002001", "310101002002", NULL};
	static const char *const street_committees[] = {"310101002001", "310101002002", NULL};
	/* 路 is in 南京东路街道, 贵州路居委会 and 云南中路居委会. */
	static const char *const street_lu[] = {"310101002", "310101002001", "310101002002", NULL};
	static const char *const street_in_huangpu[] = {"310101002", NULL};
	static const char *const worker_all[] = {"310101002001", "310104003001", NULL};
	static const char *const district_all[] = {"310104", "310104003", "310104003001", NULL};
	static const char *const admin_committees[] = {"310101002001", "310101002002",
						       "310101013001", "310104003001", NULL};
	static const char *const admin_lu[] = {"310101002",
					       "310101002001",
					       "310101002002",
					       "310101013001",
					       "310104003",
					       "310104003001",
					       NULL};
	static const char *const admin_in_huangpu[] = {"310101002", "310101013", NULL};
	static const char *const admin_page2[] = {"310101002001", "310101002002", "310101013",
						  NULL};
	static const char *const admin_first2[] = {"31", "310101", NULL};
	static const char *const none[] = {NULL};
	struct {
		const struct scope *who;
		const char *q, *level, *parent, *after;
		int limit;
		const char *const *want;
	} cases[] = {
		{&c.street, NULL, NULL, NULL, NULL, 100, street_all},
		{&c.street, NULL, "committee", NULL, NULL, 100, street_committees},
		{&c.street, "路", NULL, NULL, NULL, 100, street_lu},
		{&c.street, NULL, NULL, "310101", NULL, 100, street_in_huangpu},
		{&c.street, NULL, "district", NULL, NULL, 100, none},
		{&c.street, NULL, NULL, NULL, "310101002002", 100, none},
		{&c.worker, NULL, NULL, NULL, NULL, 100, worker_all},
		{&c.worker, NULL, "street", NULL, NULL, 100, none},
		{&c.worker2, NULL, NULL, NULL, NULL, 100, street_committees},
		{&c.district, NULL, NULL, NULL, NULL, 100, district_all},
		{&c.admin, NULL, NULL, NULL, NULL, 100, all_codes},
		{&c.admin, NULL, "committee", NULL, NULL, 100, admin_committees},
		{&c.admin, "路", NULL, NULL, NULL, 100, admin_lu},
		{&c.admin, NULL, NULL, "310101", NULL, 100, admin_in_huangpu},
		{&c.admin, NULL, NULL, NULL, "310101002", 3, admin_page2},
		{&c.admin, NULL, NULL, NULL, NULL, 2, admin_first2},
		{&c.admin, "%", NULL, NULL, NULL, 100, none}, /* wildcards match literally */
		{&c.admin, "_", NULL, NULL, NULL, 100, none},
		{&c.admin, "\\", NULL, NULL, NULL, 100, none},
		{&c.admin, "北京", NULL, NULL, NULL, 100, none},
		{&c.nobody, NULL, NULL, NULL, NULL, 100, none},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct area_list l = {0};
		char what[160];

		snprintf(what, sizeof(what), "case %zu (user %lld, q %s, level %s, parent %s)", i,
			 (long long)cases[i].who->user_id, cases[i].q ? cases[i].q : "-",
			 cases[i].level ? cases[i].level : "-",
			 cases[i].parent ? cases[i].parent : "-");
		cr_assert_eq(store_area_search(st, cases[i].who, cases[i].q, cases[i].level,
					       cases[i].parent, cases[i].after, cases[i].limit, &ar,
					       &l),
			     SB_OK, "%s", what);
		expect_codes(&l, cases[i].want, what);
	}
}

Test(store, area_parents_city_first)
{
	static const char *const of_committee[] = {"31", "310101", "310101002", NULL};
	static const char *const of_district[] = {"31", NULL};
	static const char *const none[] = {NULL};
	struct area_list l = {0};

	load_divisions();
	cr_assert_eq(store_area_parents(st, "310101002001", &ar, &l), SB_OK);
	expect_codes(&l, of_committee, "parents of 310101002001");
	if (l.n == 3) {
		cr_expect_str_eq(l.items[0].level, "city");
		cr_expect_str_eq(l.items[1].level, "district");
		cr_expect_str_eq(l.items[2].level, "street");
	}
	cr_assert_eq(store_area_parents(st, "310104", &ar, &l), SB_OK);
	expect_codes(&l, of_district, "parents of 310104");
	cr_assert_eq(store_area_parents(st, "31", &ar, &l), SB_OK);
	expect_codes(&l, none, "parents of 31");
}

Test(store, area_children_by_code)
{
	static const char *const of_huangpu[] = {"310101002", "310101013", NULL};
	static const char *const of_city[] = {"310101", "310104", NULL};
	static const char *const none[] = {NULL};
	struct area_list l = {0};

	load_divisions();
	cr_assert_eq(store_area_children(st, "310101", &ar, &l), SB_OK);
	expect_codes(&l, of_huangpu, "children of 310101");
	cr_assert_eq(store_area_children(st, "31", &ar, &l), SB_OK);
	expect_codes(&l, of_city, "children of 31");
	cr_assert_eq(store_area_children(st, "310104003001", &ar, &l), SB_OK);
	expect_codes(&l, none, "children of a committee");
}

Test(store, area_level_ignores_scope)
{
	const char *level = NULL;

	load_divisions();
	cr_assert_eq(store_area_level(st, "310101013", &ar, &level), SB_OK);
	cr_expect_str_eq(level, "street");
	cr_expect_eq(store_area_level(st, "310199", &ar, &level), SB_NOT_FOUND);
}

Test(store, user_get_scoped)
{
	struct cast c = make_cast();
	struct {
		const struct scope *who;
		const struct scope *target;
		int want;
	} cases[] = {
		/* A street user sees a worker whose committees all lie in its street... */
		{&c.street, &c.worker2, SB_OK},
		/* ...not one with a committee elsewhere. */
		{&c.street, &c.worker, SB_NOT_FOUND},
		{&c.street, &c.street, SB_OK},
		{&c.street, &c.admin, SB_NOT_FOUND},
		{&c.street, &c.district, SB_NOT_FOUND},
		{&c.district, &c.worker, SB_NOT_FOUND},
		{&c.district, &c.worker2, SB_NOT_FOUND},
		{&c.district, &c.district, SB_OK},
		{&c.worker, &c.worker, SB_OK},
		{&c.worker, &c.worker2, SB_NOT_FOUND},
		{&c.worker2, &c.worker, SB_NOT_FOUND},
		{&c.admin, &c.admin, SB_OK},
		{&c.admin, &c.district, SB_OK},
		{&c.admin, &c.street, SB_OK},
		{&c.admin, &c.worker, SB_OK},
		{&c.admin, &c.worker2, SB_OK},
		{&c.admin, &c.nobody, SB_NOT_FOUND},
		{&c.nobody, &c.worker, SB_NOT_FOUND},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct user u = {0};
		int rc = store_user_get(st, cases[i].who, cases[i].target->user_id, &ar, &u);

		cr_expect_eq(rc, cases[i].want, "user %lld gets user %lld: rc %d, want %d",
			     (long long)cases[i].who->user_id, (long long)cases[i].target->user_id,
			     rc, cases[i].want);
		if (rc == SB_OK)
			cr_expect_eq(u.id, cases[i].target->user_id);
	}
}

Test(store, user_rows_carry_role_and_scope)
{
	struct cast c = make_cast();
	struct user u = {0};

	cr_assert_eq(store_user_get(st, &c.admin, c.worker.user_id, &ar, &u), SB_OK);
	cr_expect_str_eq(u.username, "wang");
	cr_expect_eq(u.role, ROLE_WORKER);
	cr_expect_not(u.disabled);
	cr_expect_eq(u.created_at, 1700000000);
	cr_expect_str_eq(u.password_hash, "not-a-hash");
	cr_assert_eq(u.nscope, 2);
	cr_expect_str_eq(u.scope[0], "310101002001");
	cr_expect_str_eq(u.scope[1], "310104003001");

	cr_assert_eq(store_user_by_name(st, "njdl", &ar, &u), SB_OK);
	cr_expect_eq(u.id, c.street.user_id);
	cr_expect_eq(u.role, ROLE_STREET);
	cr_assert_eq(u.nscope, 1);
	cr_expect_str_eq(u.scope[0], "310101002");
	cr_expect_eq(store_user_by_name(st, "NJDL", &ar, &u), SB_NOT_FOUND);
	cr_expect_eq(store_user_by_id(st, 9999, &ar, &u), SB_NOT_FOUND);
}

Test(store, user_list_scoped)
{
	struct cast c = make_cast();
	struct user_list l = {0};

	cr_assert_eq(store_user_list(st, &c.street, NULL, 0, 100, &ar, &l), SB_OK);
	cr_assert_eq(l.n, 2);
	cr_expect_eq(l.items[0].id, c.street.user_id);
	cr_expect_eq(l.items[1].id, c.worker2.user_id);

	cr_assert_eq(store_user_list(st, &c.admin, NULL, 0, 100, &ar, &l), SB_OK);
	cr_expect_eq(l.n, 5);
	cr_assert_eq(store_user_list(st, &c.admin, NULL, c.street.user_id, 2, &ar, &l), SB_OK);
	cr_assert_eq(l.n, 2);
	cr_expect_eq(l.items[0].id, c.worker.user_id);
	cr_expect_eq(l.items[1].id, c.worker2.user_id);
	cr_assert_eq(store_user_list(st, &c.admin, "an", 0, 100, &ar, &l), SB_OK);
	cr_assert_eq(l.n, 1);
	cr_expect_str_eq(l.items[0].username, "wang");
}

/* q matches literally, as in store_area_search: LIKE's wildcards are plain
 * characters (no name here holds '%' or '_'). */
Test(store, user_list_q_matches_literally)
{
	struct cast c = make_cast();
	struct user_list l = {0};

	cr_assert_eq(store_user_list(st, &c.admin, "%", 0, 100, &ar, &l), SB_OK);
	cr_expect_eq(l.n, 0, "q \"%%\" matched %zu names", l.n);
	cr_assert_eq(store_user_list(st, &c.admin, "_", 0, 100, &ar, &l), SB_OK);
	cr_expect_eq(l.n, 0, "q \"_\" matched %zu names", l.n);
	cr_assert_eq(store_user_list(st, &c.admin, "w_ng", 0, 100, &ar, &l), SB_OK);
	cr_expect_eq(l.n, 0, "q \"w_ng\" matched %zu names", l.n);
}

Test(store, rollback_leaves_nothing)
{
	static const char *const scope[] = {"310101002001"};
	int64_t before = -1, after = -1, id = 0;
	struct user u;

	load_divisions();
	cr_assert_eq(store_user_count(st, &before), SB_OK);
	cr_assert_eq(store_begin(st), SB_OK);
	cr_expect(store_in_transaction(st));
	cr_assert_eq(store_user_insert(st, "ghost", "h", ROLE_WORKER, scope, 1, 1, &id), SB_OK);
	cr_assert_eq(store_user_count(st, &after), SB_OK);
	cr_expect_eq(after, before + 1, "the insert is visible inside the transaction");
	store_rollback(st);
	cr_expect_not(store_in_transaction(st));
	cr_assert_eq(store_user_count(st, &after), SB_OK);
	cr_expect_eq(after, before);
	cr_expect_eq(store_user_by_name(st, "ghost", &ar, &u), SB_NOT_FOUND);
	cr_expect_eq(count_rows("SELECT count(*) FROM user_scope"), 0);
}

Test(store, commit_keeps_nested_writes)
{
	static const char *const scope[] = {"31"};
	int64_t n = -1, id = 0;

	load_divisions();
	cr_assert_eq(store_begin(st), SB_OK);
	cr_assert_eq(store_begin(st), SB_OK);
	cr_assert_eq(store_user_insert(st, "inner", "h", ROLE_ADMIN, scope, 1, 1, &id), SB_OK);
	cr_assert_eq(store_commit(st), SB_OK);
	cr_expect(store_in_transaction(st), "the inner commit ended the outer transaction");
	cr_assert_eq(store_commit(st), SB_OK);
	cr_expect_not(store_in_transaction(st));
	cr_expect_eq(store_commit(st), SB_INTERNAL, "a commit without a begin");
	cr_assert_eq(store_user_count(st, &n), SB_OK);
	cr_expect_eq(n, 1);
}

/* A nested rollback undoes the whole transaction; the outer commit fails. */
Test(store, nested_rollback_undoes_everything)
{
	static const char *const scope[] = {"31"};
	int64_t n = -1, id = 0;

	load_divisions();
	cr_assert_eq(store_begin(st), SB_OK);
	cr_assert_eq(store_user_insert(st, "outer", "h", ROLE_ADMIN, scope, 1, 1, &id), SB_OK);
	cr_assert_eq(store_begin(st), SB_OK);
	cr_assert_eq(store_user_insert(st, "inner", "h", ROLE_ADMIN, scope, 1, 1, &id), SB_OK);
	store_rollback(st);
	cr_expect_not(store_in_transaction(st));
	cr_expect_neq(store_commit(st), SB_OK, "the outer commit succeeded after a rollback");
	cr_assert_eq(store_user_count(st, &n), SB_OK);
	cr_expect_eq(n, 0);
	/* The connection is usable afterwards. */
	cr_assert_eq(store_begin(st), SB_OK);
	cr_assert_eq(store_user_insert(st, "after", "h", ROLE_ADMIN, scope, 1, 1, &id), SB_OK);
	cr_assert_eq(store_commit(st), SB_OK);
	cr_assert_eq(store_user_count(st, &n), SB_OK);
	cr_expect_eq(n, 1);
}

Test(store, unique_name_conflicts)
{
	static const char *const scope[] = {"31"};
	int64_t id = 0, n = -1;

	load_divisions();
	add_user("alice", ROLE_ADMIN, scope, 1);
	cr_expect_eq(store_user_insert(st, "alice", "h", ROLE_ADMIN, scope, 1, 2, &id),
		     SB_CONFLICT);
	/* Inside a transaction too, and the transaction still rolls back. */
	cr_assert_eq(store_begin(st), SB_OK);
	cr_expect_eq(store_user_insert(st, "alice", "h", ROLE_ADMIN, scope, 1, 2, &id),
		     SB_CONFLICT);
	store_rollback(st);
	cr_assert_eq(store_user_count(st, &n), SB_OK);
	cr_expect_eq(n, 1);
}

Test(store, scope_must_name_a_known_area)
{
	static const char *const scope[] = {"319999"};
	int64_t id = 0, n = -1;

	load_divisions();
	cr_assert_eq(store_begin(st), SB_OK);
	cr_expect_eq(store_user_insert(st, "lost", "h", ROLE_STREET, scope, 1, 1, &id),
		     SB_CONFLICT);
	store_rollback(st);
	cr_assert_eq(store_user_count(st, &n), SB_OK);
	cr_expect_eq(n, 0);
}

Test(store, sessions_idle_and_disabled)
{
	static const char *const scope[] = {"31"};
	int64_t id, last = 0, n = -1;
	struct user u;

	load_divisions();
	id = add_user("admin", ROLE_ADMIN, scope, 1);
	cr_assert_eq(store_session_insert(st, "h1", id, 1000), SB_OK);
	cr_assert_eq(store_session_insert(st, "h2", id, 2000), SB_OK);
	cr_expect_eq(store_session_insert(st, "h1", id, 3000), SB_CONFLICT);
	cr_assert_eq(store_session_get(st, "h1", 500, 0, &ar, &u, &last), SB_OK);
	cr_expect_eq(u.id, id);
	cr_expect_eq(u.role, ROLE_ADMIN);
	cr_expect_eq(last, 1000);
	/* Idle since before idle_since: gone. */
	cr_expect_eq(store_session_get(st, "h1", 1500, 0, &ar, &u, &last), SB_NOT_FOUND);
	cr_expect_eq(store_session_get(st, "nope", 0, 0, &ar, &u, &last), SB_NOT_FOUND);
	cr_assert_eq(store_session_touch(st, "h1", 4000), SB_OK);
	cr_expect_eq(store_session_get(st, "h1", 1500, 0, &ar, &u, &last), SB_OK);
	cr_expect_eq(last, 4000);
	/* In use, but started before started_since: gone all the same. */
	cr_expect_eq(store_session_get(st, "h1", 1500, 1000, &ar, &u, &last), SB_OK);
	cr_expect_eq(store_session_get(st, "h1", 1500, 1001, &ar, &u, &last), SB_NOT_FOUND);
	cr_assert_eq(store_session_count(st, 0, &n), SB_OK);
	cr_expect_eq(n, 2);
	/* Ending all but one. */
	cr_assert_eq(store_session_delete_user(st, id, "h1"), SB_OK);
	cr_assert_eq(store_session_count(st, 0, &n), SB_OK);
	cr_expect_eq(n, 1);
	/* A disabled user's session does not count. */
	cr_assert_eq(store_user_set_disabled(st, id, true), SB_OK);
	cr_expect_eq(store_session_get(st, "h1", 0, 0, &ar, &u, &last), SB_NOT_FOUND);
}

Test(store, login_failures_window)
{
	int64_t count = -1, oldest = -1;

	cr_assert_eq(store_login_failure_add(st, "bob", 100), SB_OK);
	cr_assert_eq(store_login_failure_add(st, "bob", 200), SB_OK);
	cr_assert_eq(store_login_failure_add(st, "eve", 300), SB_OK);
	cr_assert_eq(store_login_failures(st, "bob", 0, &count, &oldest), SB_OK);
	cr_expect_eq(count, 2);
	cr_expect_eq(oldest, 100);
	cr_assert_eq(store_login_failures(st, "bob", 100, &count, &oldest), SB_OK);
	cr_expect_eq(count, 1);
	cr_expect_eq(oldest, 200);
	cr_assert_eq(store_login_failures(st, "nobody", 0, &count, &oldest), SB_OK);
	cr_expect_eq(count, 0);
	cr_assert_eq(store_login_failures_clear(st, "bob", 0), SB_OK);
	cr_assert_eq(store_login_failures(st, "bob", 0, &count, &oldest), SB_OK);
	cr_expect_eq(count, 0);
	cr_assert_eq(store_login_failures(st, "eve", 0, &count, &oldest), SB_OK);
	cr_expect_eq(count, 1);
}

Test(store, audit_list_scoped)
{
	struct cast c = make_cast();
	struct audit_entry e = {.at = 10, .action = "create", .entity = "user"};
	struct audit_filter f = {.limit = 100};
	struct audit_list l = {0};

	e.area_code = "310101002001";
	e.detail = "{\"n\":1}";
	cr_assert_eq(store_audit_add(st, &e), SB_OK);
	e.area_code = "310104003001";
	e.detail = NULL;
	cr_assert_eq(store_audit_add(st, &e), SB_OK);
	e.area_code = NULL; /* placed at the city */
	cr_assert_eq(store_audit_add(st, &e), SB_OK);

	cr_assert_eq(store_audit_list(st, &c.admin, &f, &ar, &l), SB_OK);
	cr_assert_eq(l.n, 3);
	cr_expect_str_eq(l.items[0].area_code, "31", "newest first");
	cr_expect_str_eq(l.items[1].detail, "{}");
	cr_expect_str_eq(l.items[2].detail, "{\"n\":1}");
	cr_assert_eq(store_audit_list(st, &c.street, &f, &ar, &l), SB_OK);
	cr_assert_eq(l.n, 1);
	cr_expect_str_eq(l.items[0].area_code, "310101002001");
	cr_assert_eq(store_audit_list(st, &c.district, &f, &ar, &l), SB_OK);
	cr_assert_eq(l.n, 1);
	cr_expect_str_eq(l.items[0].area_code, "310104003001");
}
