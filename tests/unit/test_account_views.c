/* What the API calls of accounts and sessions (core/account_views.c): the
 * rules moved out of the handlers by issue 15 — an admin does not lock
 * itself out, a sign-in opens the session whose hash it is given, a
 * sign-out ends it and is audited, a password change checks the old one. */

#include <string.h>

#include <criterion/criterion.h>

#include "core/accounts.h"
#include "util/crypto.h"
#include "testdb.h"

#define NOW 1700000000

static struct testdb db;
static struct store *st;
static struct arena ar;
static int64_t admin_id;
static struct actor admin;

static void
setup(void)
{
	static const char *const city[] = {"31"};

	cr_assert_eq(crypto_init(), SB_OK);
	arena_init(&ar);
	testdb_open(&db);
	st = db.st;
	testdb_load_divisions(&db);
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

TestSuite(account_views, .init = setup, .fini = teardown);

Test(account_views, an_admin_neither_disables_nor_demotes_itself)
{
	struct scope by = {admin_id, ROLE_ADMIN};
	struct account_change c = {.role = ROLE_NONE, .disabled = 1, .by = &by};
	struct account_view v;
	struct sb_fail fail = {0};

	cr_assert_eq(account_change(st, &admin, admin_id, &c, &ar, &v, &fail), SB_CONFLICT);
	cr_expect_str_eq(fail.field, "disabled");
	c.disabled = -1;
	c.role = ROLE_STREET;
	memset(&fail, 0, sizeof(fail));
	cr_assert_eq(account_change(st, &admin, admin_id, &c, &ar, &v, &fail), SB_CONFLICT);
	cr_expect_str_eq(fail.field, "role");
	cr_assert_eq(account_read(st, NULL, admin_id, &ar, &v), SB_OK);
	cr_expect_eq(v.user.role, ROLE_ADMIN);
	cr_expect_not(v.user.disabled);
	cr_expect_not(store_in_transaction(st));
}

/* 1 hash, 3 verifies. */
Test(account_views, sign_in_opens_the_session_and_sign_out_ends_it)
{
	static const char *const street[] = {"310101002"};
	char token[SB_TOKEN_CHARS + 1], hash[SB_HASH_HEX];
	struct sb_fail fail = {0};
	struct account_view v;
	struct actor who;
	struct user u;
	int64_t id, gate = -1, retry, last;

	cr_assert_eq(account_create(st, &admin, "alice", "correct horse battery", ROLE_STREET,
				    street, 1, &ar, &id, &fail),
		     SB_OK);
	crypto_token_new(token);
	crypto_token_hash(token, hash);
	cr_assert_eq(session_sign_in(st, "alice", "wrong horse battery", hash, "10.0.0.1", NOW + 1,
				     &ar, &v, &gate, &retry),
		     SB_BAD_CREDENTIALS);
	cr_expect_eq(store_session_get(st, hash, 0, 0, &ar, &u, &last), SB_NOT_FOUND);
	cr_assert_eq(session_sign_in(st, "alice", "correct horse battery", hash, "10.0.0.1",
				     NOW + 2, &ar, &v, &gate, &retry),
		     SB_OK);
	cr_expect_eq(v.user.id, id);
	cr_expect_eq(gate, 0);
	cr_assert_eq(store_session_get(st, hash, 0, 0, &ar, &u, &last), SB_OK);

	who = (struct actor){.user_id = id, .username = "alice", .ip = "10.0.0.1", .now = NOW + 3};
	cr_assert_eq(account_change_password(st, &who, "not my password", "another good one", hash,
					     &ar, &fail),
		     SB_BAD_FIELD);
	cr_expect_str_eq(fail.field, "old_password");
	cr_assert_eq(session_sign_out(st, &who, hash, &ar), SB_OK);
	cr_expect_eq(store_session_get(st, hash, 0, 0, &ar, &u, &last), SB_NOT_FOUND);
	{
		struct scope sc = {admin_id, ROLE_ADMIN};
		struct audit_filter f = {.action = "logout", .limit = 10};
		struct audit_list l = {0};

		cr_assert_eq(store_audit_list(st, &sc, &f, &ar, &l), SB_OK);
		cr_assert_eq(l.n, 1);
		cr_expect_eq(l.items[0].user_id, id);
	}
	cr_expect_not(store_in_transaction(st));
}
