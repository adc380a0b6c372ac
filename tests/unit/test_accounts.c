/* Accounts (core/accounts.c): input checks, creation, logins and the
 * lock-out, and updates that end sessions and are audited.
 *
 * Each argon2 hash or verify costs ~50 ms (more under ASan): the tests below
 * do 23 in all, counted in the comments. */

#include <string.h>

#include <jansson.h>

#include <criterion/criterion.h>

#include "core/accounts.h"
#include "util/crypto.h"
#include "testdb.h"

#define NOW 1700000000

static struct testdb db;
static struct store *st;
static struct arena ar;
static int64_t admin_id;
static struct actor admin; /* the acting administrator, scoped to "31" */

static void
setup(void)
{
	static const char *const city[] = {"31"};

	cr_assert_eq(crypto_init(), SB_OK);
	arena_init(&ar);
	testdb_open(&db);
	st = db.st;
	testdb_load_divisions(&db);
	/* Inserted directly: no hash to compute, and it never logs in. */
	cr_assert_eq(
		store_user_insert(st, "root", "not-a-hash", ROLE_ADMIN, city, 1, NOW, &admin_id),
		SB_OK);
	admin = (struct actor){
		.user_id = admin_id, .username = "root", .ip = "127.0.0.1", .now = NOW};
}

static void
teardown(void)
{
	testdb_close(&db);
	st = NULL;
	arena_clear(&ar);
}

TestSuite(accounts, .init = setup, .fini = teardown);

/* The audit entries with an action, newest first, as the admin sees them. */
static struct audit_list
audit_of(const char *action)
{
	struct scope sc = {admin_id, ROLE_ADMIN};
	struct audit_filter f = {.action = action, .limit = 100};
	struct audit_list l = {0};

	cr_assert_eq(store_audit_list(st, &sc, &f, &ar, &l), SB_OK);
	return l;
}

/* Creates a user with account_create (one hash). */
static int64_t
create(const char *name, const char *password, enum role role, const char *const *scope,
       size_t nscope)
{
	struct sb_fail fail = {0};
	int64_t id = 0;
	int rc;

	rc = account_create(st, &admin, name, password, role, scope, nscope, &ar, &id, &fail);
	cr_assert_eq(rc, SB_OK, "creating %s: rc %d (%s: %s)", name, rc,
		     fail.field ? fail.field : "-", fail.en ? fail.en : "-");
	cr_assert_gt(id, 0);
	return id;
}

static int
login(const char *name, const char *password, int64_t now, int64_t *retry_after)
{
	struct user u;

	return account_login(st, name, password, "10.0.0.1", now, &ar, &u, retry_after);
}

Test(accounts, check_username)
{
	char longest[ACCOUNT_USERNAME_MAX + 2];
	struct {
		const char *name;
		int want;
	} cases[] = {
		{"a", SB_OK},
		{"alice", SB_OK},
		{"Alice_01", SB_OK},
		{"a.b-c_d", SB_OK},
		{"0", SB_OK},
		{"---", SB_OK},
		{NULL, SB_OK},	      /* 64 characters, filled in below */
		{NULL, SB_BAD_FIELD}, /* 65 */
		{"", SB_BAD_FIELD},
		{"a b", SB_BAD_FIELD},
		{" alice", SB_BAD_FIELD},
		{"alice\n", SB_BAD_FIELD},
		{"a\tb", SB_BAD_FIELD},
		{"a@b", SB_BAD_FIELD},
		{"a/b", SB_BAD_FIELD},
		{"a'b", SB_BAD_FIELD},
		{"a;b", SB_BAD_FIELD},
		{"a%b", SB_BAD_FIELD},
		{"王小明", SB_BAD_FIELD},
		{"café", SB_BAD_FIELD},
	};
	size_t i;

	memset(longest, 'a', sizeof(longest));
	longest[ACCOUNT_USERNAME_MAX + 1] = '\0';
	cases[6].name = arena_strndup(&ar, longest, ACCOUNT_USERNAME_MAX);
	cases[7].name = longest;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_fail fail = {0};
		int rc = account_check_username(cases[i].name, &fail);

		cr_expect_eq(rc, cases[i].want, "\"%s\": rc %d, want %d", cases[i].name, rc,
			     cases[i].want);
		if (cases[i].want != SB_OK) {
			cr_expect_str_eq(fail.field, "username", "\"%s\": field", cases[i].name);
			cr_expect_not_null(fail.en);
			cr_expect_not_null(fail.zh);
		}
	}
	/* fail may be NULL. */
	cr_expect_eq(account_check_username("a b", NULL), SB_BAD_FIELD);
}

Test(accounts, check_password_lengths)
{
	struct {
		size_t len;
		int want;
	} cases[] = {
		{0, SB_BAD_FIELD}, {1, SB_BAD_FIELD},	{9, SB_BAD_FIELD},
		{10, SB_OK},	   {11, SB_OK},		{100, SB_OK},
		{256, SB_OK},	   {257, SB_BAD_FIELD}, {1000, SB_BAD_FIELD},
	};
	char *pw = arena_alloc(&ar, 1001);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_fail fail = {0};
		int rc;

		memset(pw, 'p', cases[i].len);
		pw[cases[i].len] = '\0';
		rc = account_check_password(pw, "new_password", &fail);
		cr_expect_eq(rc, cases[i].want, "%zu characters: rc %d, want %d", cases[i].len, rc,
			     cases[i].want);
		if (cases[i].want != SB_OK)
			cr_expect_str_eq(fail.field, "new_password", "the field is the one given");
	}
}

/* The minimum is stated in characters ("at least 10 characters"), so a
 * password of 6 Chinese characters (18 bytes) is too short, and one of 10
 * is long enough. */
Test(accounts, check_password_minimum_counts_characters)
{
	struct sb_fail fail = {0};

	cr_expect_eq(account_check_password("密码密码密码", "password", &fail), SB_BAD_FIELD,
		     "6 characters (18 bytes) accepted against \"%s\"",
		     "password too short: at least 10 characters");
	cr_expect_eq(account_check_password("一二三四五六七八九十", "password", &fail), SB_OK);
}

Test(accounts, check_scope)
{
	static const char *const city[] = {"31"};
	static const char *const city2[] = {"31", "31"};
	static const char *const huangpu[] = {"310101"};
	static const char *const njdl[] = {"310101002"};
	static const char *const two_streets[] = {"310101002", "310101013"};
	static const char *const guizhou[] = {"310101002001"};
	static const char *const two_committees[] = {"310101002001", "310104003001"};
	static const char *const three_committees[] = {"310101002001", "310101002002",
						       "310101013001"};
	static const char *const committee_and_street[] = {"310101002001", "310101002"};
	static const char *const twice[] = {"310101002001", "310101002001"};
	static const char *const twice_apart[] = {"310101002001", "310104003001", "310101002001"};
	static const char *const unknown[] = {"319999999999"};
	static const char *const unknown_second[] = {"310101002001", "310199"};
	static const char *const empty_code[] = {""};
	struct {
		enum role role;
		const char *const *scope;
		size_t n;
		int want;
	} cases[] = {
		{ROLE_ADMIN, city, 1, SB_OK},
		{ROLE_DISTRICT, huangpu, 1, SB_OK},
		{ROLE_STREET, njdl, 1, SB_OK},
		{ROLE_COMMITTEE_HEAD, guizhou, 1, SB_OK},
		{ROLE_WORKER, guizhou, 1, SB_OK},
		{ROLE_WORKER, two_committees, 2, SB_OK},
		{ROLE_WORKER, three_committees, 3, SB_OK},
		/* Role and level do not match. */
		{ROLE_ADMIN, huangpu, 1, SB_BAD_FIELD},
		{ROLE_DISTRICT, city, 1, SB_BAD_FIELD},
		{ROLE_DISTRICT, njdl, 1, SB_BAD_FIELD},
		{ROLE_STREET, huangpu, 1, SB_BAD_FIELD},
		{ROLE_STREET, guizhou, 1, SB_BAD_FIELD},
		{ROLE_COMMITTEE_HEAD, njdl, 1, SB_BAD_FIELD},
		{ROLE_WORKER, njdl, 1, SB_BAD_FIELD},
		{ROLE_WORKER, city, 1, SB_BAD_FIELD},
		{ROLE_WORKER, committee_and_street, 2, SB_BAD_FIELD},
		{ROLE_NONE, city, 1, SB_BAD_FIELD},
		/* Unknown codes. */
		{ROLE_WORKER, unknown, 1, SB_BAD_FIELD},
		{ROLE_WORKER, unknown_second, 2, SB_BAD_FIELD},
		{ROLE_STREET, empty_code, 1, SB_BAD_FIELD},
		/* Duplicates. */
		{ROLE_WORKER, twice, 2, SB_BAD_FIELD},
		{ROLE_WORKER, twice_apart, 3, SB_BAD_FIELD},
		/* Several codes: workers only. */
		{ROLE_ADMIN, city2, 2, SB_BAD_FIELD},
		{ROLE_STREET, two_streets, 2, SB_BAD_FIELD},
		{ROLE_COMMITTEE_HEAD, two_committees, 2, SB_BAD_FIELD},
		/* None at all. */
		{ROLE_WORKER, guizhou, 0, SB_BAD_FIELD},
		{ROLE_ADMIN, city, 0, SB_BAD_FIELD},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_fail fail = {0};
		int rc = account_check_scope(st, cases[i].role, cases[i].scope, cases[i].n, &ar,
					     &fail);

		cr_expect_eq(rc, cases[i].want, "case %zu (%s, %zu codes from %s): rc %d, want %d",
			     i, role_name(cases[i].role), cases[i].n, cases[i].scope[0], rc,
			     cases[i].want);
		if (cases[i].want != SB_OK) {
			cr_expect_str_eq(fail.field, "scope", "case %zu: field", i);
			cr_expect_not_null(fail.en, "case %zu: no message", i);
		}
	}
}

Test(accounts, check_scope_names_the_unknown_code)
{
	static const char *const unknown[] = {"310101002001", "310199"};
	struct sb_fail fail = {0};

	cr_assert_eq(account_check_scope(st, ROLE_WORKER, unknown, 2, &ar, &fail), SB_BAD_FIELD);
	cr_expect(strstr(fail.en, "310199") != NULL, "message: %s", fail.en);
	cr_expect(strstr(fail.zh, "310199") != NULL, "message: %s", fail.zh);
}

/* Refusals before any hashing: no user is made. */
Test(accounts, create_refuses_bad_input)
{
	static const char *const njdl[] = {"310101002"};
	static const char *const huangpu[] = {"310101"};
	struct {
		const char *name, *password;
		enum role role;
		const char *const *scope;
		int want;
		const char *field;
	} cases[] = {
		{"bad name", "long enough pw", ROLE_STREET, njdl, SB_BAD_FIELD, "username"},
		{"", "long enough pw", ROLE_STREET, njdl, SB_BAD_FIELD, "username"},
		{"bob", "short", ROLE_STREET, njdl, SB_BAD_FIELD, "password"},
		{"bob", "long enough pw", ROLE_NONE, njdl, SB_BAD_FIELD, "role"},
		{"bob", "long enough pw", ROLE_STREET, huangpu, SB_BAD_FIELD, "scope"},
		{"root", "long enough pw", ROLE_STREET, njdl, SB_CONFLICT, "username"},
	};
	int64_t before = -1, after = -1;
	size_t i;

	cr_assert_eq(store_user_count(st, &before), SB_OK);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_fail fail = {0};
		int64_t id = 0;
		int rc = account_create(st, &admin, cases[i].name, cases[i].password, cases[i].role,
					cases[i].scope, 1, &ar, &id, &fail);

		cr_expect_eq(rc, cases[i].want, "case %zu: rc %d, want %d", i, rc, cases[i].want);
		cr_expect_str_eq(fail.field, cases[i].field, "case %zu: field %s, want %s", i,
				 fail.field, cases[i].field);
	}
	cr_assert_eq(store_user_count(st, &after), SB_OK);
	cr_expect_eq(after, before);
	cr_expect_not(store_in_transaction(st));
}

/* 1 hash + 2 verifies + 2 for the unknown name (the dummy hash, then its verify). */
Test(accounts, create_then_login)
{
	static const char *const njdl[] = {"310101002"};
	int64_t id, retry = -1;
	struct audit_list l;
	struct user u;
	int rc;

	id = create("alice", "correct horse battery", ROLE_STREET, njdl, 1);

	/* The user is stored with a hash, not the password, and the creation is audited. */
	cr_assert_eq(store_user_by_id(st, id, &ar, &u), SB_OK);
	cr_expect_str_eq(u.username, "alice");
	cr_expect_eq(u.role, ROLE_STREET);
	cr_expect_eq(u.created_at, NOW);
	cr_expect_null(strstr(u.password_hash, "correct horse"));
	cr_expect_eq(strncmp(u.password_hash, "$argon2id$", 10), 0, "hash %s", u.password_hash);
	l = audit_of("create");
	cr_assert_eq(l.n, 1);
	cr_expect_eq(l.items[0].user_id, admin_id);
	cr_expect_str_eq(l.items[0].entity, "user");
	cr_expect_str_eq(l.items[0].area_code, "310101002");

	memset(&u, 0, sizeof(u));
	rc = account_login(st, "alice", "correct horse battery", "10.0.0.1", NOW + 10, &ar, &u,
			   &retry);
	cr_expect_eq(rc, SB_OK);
	cr_expect_eq(retry, 0);
	cr_expect_eq(u.id, id);
	cr_expect_eq(u.role, ROLE_STREET);

	rc = login("alice", "correct horse batterx", NOW + 20, &retry);
	cr_expect_eq(rc, SB_BAD_CREDENTIALS);
	rc = login("nobody", "correct horse battery", NOW + 30, &retry);
	cr_expect_eq(rc, SB_BAD_CREDENTIALS);

	l = audit_of("login");
	cr_expect_eq(l.n, 1);
	l = audit_of("login_failed");
	cr_assert_eq(l.n, 2);
	cr_expect_str_eq(l.items[0].username, "nobody");
	cr_expect_eq(l.items[0].user_id, 0);
	cr_expect_str_eq(l.items[1].username, "alice");
	cr_expect_eq(l.items[1].user_id, id);
	cr_expect_not(store_in_transaction(st));
}

/* 1 hash + 5 failed verifies + 1 verify after the lock-out ends. */
Test(accounts, lockout_after_five_failures)
{
	static const char *const guizhou[] = {"310101002001"};
	int64_t retry = -1;
	int i, rc;

	create("bob", "right password 1", ROLE_WORKER, guizhou, 1);
	for (i = 0; i < LOGIN_MAX_FAILURES; i++) {
		rc = login("bob", "wrong password 1", NOW - 100 + i, &retry);
		cr_assert_eq(rc, SB_BAD_CREDENTIALS, "failure %d: rc %d", i + 1, rc);
		cr_expect_eq(retry, 0);
	}
	/* The sixth, even right, is refused without looking at the password. */
	rc = login("bob", "right password 1", NOW, &retry);
	cr_assert_eq(rc, SB_TOO_MANY);
	cr_expect(retry >= 1 && retry <= LOGIN_WINDOW_S, "retry_after %lld", (long long)retry);
	/* Until the oldest failure leaves the window: NOW - 100 + 900. */
	cr_expect_eq(retry, LOGIN_WINDOW_S - 100);
	rc = login("bob", "right password 1", NOW + LOGIN_WINDOW_S - 101, &retry);
	cr_expect_eq(rc, SB_TOO_MANY);
	cr_expect_eq(retry, 1);
	/* Once it has, the right password works. */
	rc = login("bob", "right password 1", NOW + LOGIN_WINDOW_S - 100, &retry);
	cr_expect_eq(rc, SB_OK);
	cr_expect_eq(retry, 0);
}

/* 1 hash + 5 failed verifies + 1 verify. */
Test(accounts, failures_older_than_the_window_do_not_count)
{
	static const char *const guizhou[] = {"310101002001"};
	int64_t retry = -1;
	int i, rc;

	create("carol", "right password 2", ROLE_WORKER, guizhou, 1);
	for (i = 0; i < LOGIN_MAX_FAILURES; i++) {
		rc = login("carol", "wrong password 2", NOW - LOGIN_WINDOW_S - 100 + i, &retry);
		cr_assert_eq(rc, SB_BAD_CREDENTIALS, "failure %d: rc %d", i + 1, rc);
	}
	rc = login("carol", "right password 2", NOW, &retry);
	cr_expect_eq(rc, SB_OK);
	cr_expect_eq(retry, 0);
}

/* 1 hash + 1 verify. */
Test(accounts, disabling_ends_sessions_and_is_audited)
{
	static const char *const guizhou[] = {"310101002001"};
	struct account_change c = {.role = ROLE_NONE, .disabled = 1};
	struct sb_fail fail = {0};
	int64_t id, last = 0, n = -1, retry = -1;
	struct audit_list l;
	json_error_t jerr;
	json_t *detail, *d;
	struct user u;
	char want_id[32];

	id = create("dave", "right password 3", ROLE_WORKER, guizhou, 1);
	cr_assert_eq(store_session_insert(st, "dave-session-1", id, NOW), SB_OK);
	cr_assert_eq(store_session_insert(st, "dave-session-2", id, NOW), SB_OK);
	cr_assert_eq(store_session_get(st, "dave-session-1", 0, 0, &ar, &u, &last), SB_OK);

	cr_assert_eq(account_update(st, &admin, id, &c, &ar, &fail), SB_OK);
	cr_expect_not(store_in_transaction(st));
	cr_expect_eq(store_session_get(st, "dave-session-1", 0, 0, &ar, &u, &last), SB_NOT_FOUND);
	cr_expect_eq(store_session_get(st, "dave-session-2", 0, 0, &ar, &u, &last), SB_NOT_FOUND);
	/* Ended, not merely hidden behind the disabled flag. */
	cr_assert_eq(store_session_count(st, 0, &n), SB_OK);
	cr_expect_eq(n, 0);
	cr_assert_eq(store_user_by_id(st, id, &ar, &u), SB_OK);
	cr_expect(u.disabled);

	l = audit_of("update");
	cr_assert_eq(l.n, 1);
	snprintf(want_id, sizeof(want_id), "%lld", (long long)id);
	cr_expect_str_eq(l.items[0].entity, "user");
	cr_expect_str_eq(l.items[0].entity_id, want_id);
	cr_expect_eq(l.items[0].user_id, admin_id);
	cr_expect_str_eq(l.items[0].username, "root");
	cr_expect_str_eq(l.items[0].area_code, "310101002001");
	detail = json_loads(l.items[0].detail, 0, &jerr);
	cr_assert_not_null(detail, "detail is not JSON: %s", l.items[0].detail);
	d = json_object_get(detail, "disabled");
	cr_expect(json_is_object(d), "detail: %s", l.items[0].detail);
	cr_expect(json_is_false(json_object_get(d, "old")), "detail: %s", l.items[0].detail);
	cr_expect(json_is_true(json_object_get(d, "new")), "detail: %s", l.items[0].detail);
	cr_expect_eq(json_object_size(detail), 1, "detail: %s", l.items[0].detail);
	json_decref(detail);

	/* A disabled user cannot log in, even with the right password. */
	cr_expect_eq(login("dave", "right password 3", NOW + 1, &retry), SB_BAD_CREDENTIALS);

	/* Enabling again is audited the other way round. */
	c.disabled = 0;
	cr_assert_eq(account_update(st, &admin, id, &c, &ar, &fail), SB_OK);
	l = audit_of("update");
	cr_assert_eq(l.n, 2);
	detail = json_loads(l.items[0].detail, 0, &jerr);
	cr_assert_not_null(detail);
	d = json_object_get(detail, "disabled");
	cr_expect(json_is_true(json_object_get(d, "old")), "detail: %s", l.items[0].detail);
	cr_expect(json_is_false(json_object_get(d, "new")), "detail: %s", l.items[0].detail);
	json_decref(detail);
}

/* 1 hash for the user + 1 for the new password. */
Test(accounts, password_change_ends_other_sessions)
{
	static const char *const guizhou[] = {"310101002001"};
	struct account_change c = {.role = ROLE_NONE, .disabled = -1, .password = "new password 4"};
	struct sb_fail fail = {0};
	const char *old_hash;
	int64_t id, n = -1, last = 0;
	struct audit_list l;
	struct user u;

	id = create("erin", "old password 4", ROLE_WORKER, guizhou, 1);
	cr_assert_eq(store_user_by_id(st, id, &ar, &u), SB_OK);
	old_hash = u.password_hash;
	cr_assert_eq(store_session_insert(st, "erin-session-1", id, NOW), SB_OK);
	cr_assert_eq(store_session_insert(st, "erin-session-2", id, NOW), SB_OK);
	cr_assert_eq(store_session_insert(st, "erin-session-3", id, NOW), SB_OK);
	/* The caller's own session stays open; the others end. */
	c.keep_session = "erin-session-2";
	cr_assert_eq(account_update(st, &admin, id, &c, &ar, &fail), SB_OK);
	cr_assert_eq(store_session_count(st, 0, &n), SB_OK);
	cr_expect_eq(n, 1);
	cr_expect_eq(store_session_get(st, "erin-session-2", 0, 0, &ar, &u, &last), SB_OK);
	cr_expect_eq(store_session_get(st, "erin-session-1", 0, 0, &ar, &u, &last), SB_NOT_FOUND);
	cr_assert_eq(store_user_by_id(st, id, &ar, &u), SB_OK);
	cr_expect_str_neq(u.password_hash, old_hash);
	cr_expect_not(u.disabled);
	l = audit_of("update");
	cr_assert_eq(l.n, 1);
	cr_expect_null(strstr(l.items[0].detail, "new password 4"), "detail: %s",
		       l.items[0].detail);
	cr_expect_not_null(strstr(l.items[0].detail, "\"password\""), "detail: %s",
			   l.items[0].detail);
}

/* No hashing: users inserted directly. */
Test(accounts, update_role_and_scope)
{
	static const char *const guizhou[] = {"310101002001"};
	static const char *const two[] = {"310101002001", "310104003001"};
	static const char *const njdl[] = {"310101002"};
	struct account_change c = {.role = ROLE_NONE, .disabled = -1};
	struct sb_fail fail = {0};
	struct audit_list l;
	struct user u;
	int64_t id = 0;
	int rc;

	cr_assert_eq(
		store_user_insert(st, "frank", "not-a-hash", ROLE_WORKER, guizhou, 1, NOW, &id),
		SB_OK);

	/* Nothing to change: nothing audited. */
	cr_expect_eq(account_update(st, &admin, id, &c, &ar, &fail), SB_OK);
	cr_expect_eq(audit_of("update").n, 0);

	/* A new role whose level the kept scope does not fit. */
	c.role = ROLE_STREET;
	rc = account_update(st, &admin, id, &c, &ar, &fail);
	cr_expect_eq(rc, SB_BAD_FIELD);
	cr_expect_str_eq(fail.field, "scope");
	cr_expect_not(store_in_transaction(st));

	/* A role with a scope that fits. */
	c.scope = njdl;
	c.nscope = 1;
	cr_assert_eq(account_update(st, &admin, id, &c, &ar, &fail), SB_OK);
	cr_assert_eq(store_user_by_id(st, id, &ar, &u), SB_OK);
	cr_expect_eq(u.role, ROLE_STREET);
	cr_assert_eq(u.nscope, 1);
	cr_expect_str_eq(u.scope[0], "310101002");
	l = audit_of("update");
	cr_assert_eq(l.n, 1);
	cr_expect_not_null(strstr(l.items[0].detail, "\"role\""), "detail: %s", l.items[0].detail);
	cr_expect_not_null(strstr(l.items[0].detail, "\"scope\""), "detail: %s", l.items[0].detail);

	/* Back to a worker with two committees. */
	c.role = ROLE_WORKER;
	c.scope = two;
	c.nscope = 2;
	cr_assert_eq(account_update(st, &admin, id, &c, &ar, &fail), SB_OK);
	cr_assert_eq(store_user_by_id(st, id, &ar, &u), SB_OK);
	cr_expect_eq(u.role, ROLE_WORKER);
	cr_expect_eq(u.nscope, 2);

	/* An unknown user. */
	cr_expect_eq(account_update(st, &admin, 9999, &c, &ar, &fail), SB_NOT_FOUND);
}

Test(accounts, account_area)
{
	static const char *scope[] = {"310101002001", "310104003001"};
	struct user u = {0};

	cr_expect_str_eq(account_area(&u), "31");
	u.scope = scope;
	u.nscope = 2;
	cr_expect_str_eq(account_area(&u), "310101002001");
}
