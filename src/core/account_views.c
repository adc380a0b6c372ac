/* Accounts and sessions as the API asks for them (core/accounts.h, "What
 * the API calls"): each function is one request's work, so that the
 * handlers of api/api_users.c and api/api_session.c parse, call one of
 * these and render. */

#include <string.h>

#include "core/accounts.h"
#include "core/audit.h"
#include "store/campaigns.h" /* store_gate_guard_of */
#include "store/people.h"

/* What a helper's view adds. */
static void
helper_extras(struct store *st, struct arena *ar, struct account_view *v)
{
	if (v->user.role != ROLE_HELPER)
		return;
	/* a read failure leaves the list empty: the account still shows */
	if (store_helper_buildings(st, v->user.id, ar, &v->buildings, &v->nbuildings) != SB_OK) {
		v->buildings = NULL;
		v->nbuildings = 0;
	}
	v->volunteer_known = store_volunteer_of_user(st, v->user.id, &v->volunteer_id) == SB_OK;
}

int
account_read(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	     struct account_view *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sc ? store_user_get(st, sc, id, ar, &out->user)
		: store_user_by_id(st, id, ar, &out->user);
	if (rc == SB_OK)
		helper_extras(st, ar, out);
	return rc;
}

int
account_list(struct store *st, const struct scope *sc, const char *q, int64_t after_id, int limit,
	     struct arena *ar, struct account_page *out)
{
	struct user_list l;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	/* one more than the page tells whether another follows */
	rc = store_user_list(st, sc, q, after_id, limit + 1, ar, &l);
	if (rc != SB_OK)
		return rc;
	if (l.n > (size_t)limit) {
		out->next_cursor = arena_printf(ar, "%lld", (long long)l.items[limit - 1].id);
		l.n = (size_t)limit;
	}
	out->items = arena_alloc(ar, (l.n + 1) * sizeof(*out->items));
	for (i = 0; i < l.n; i++) {
		memset(&out->items[i], 0, sizeof(out->items[i]));
		out->items[i].user = l.items[i];
		helper_extras(st, ar, &out->items[i]);
	}
	out->n = l.n;
	return SB_OK;
}

int
account_add(struct store *st, const struct actor *who, const struct scope *by,
	    const struct account_new *n, const struct sb_key *key, struct arena *ar,
	    struct account_view *out, struct sb_fail *fail)
{
	int64_t id;
	int rc = account_create_by(st, who, by, n, key, ar, &id, fail);

	if (rc != SB_OK)
		return rc;
	return account_read(st, NULL, id, ar, out);
}

int
account_change(struct store *st, const struct actor *who, int64_t id,
	       const struct account_change *c, struct arena *ar, struct account_view *out,
	       struct sb_fail *fail)
{
	int rc;

	if (c->by) {
		rc = account_read(st, c->by, id, ar, out);
		if (rc != SB_OK)
			return rc;
	}
	/* Below an admin, one's own account is not below one's role: FORBIDDEN
	 * from account_may_manage.  An admin may change itself, short of
	 * locking everyone out. */
	if (c->by && id == who->user_id && c->by->role == ROLE_ADMIN &&
	    (c->disabled == 1 || (c->role != ROLE_NONE && c->role != ROLE_ADMIN)))
		return sb_fail(fail, SB_CONFLICT, c->disabled == 1 ? "disabled" : "role",
			       "an admin cannot disable or demote itself",
			       "管理员不能停用或降级自己");
	rc = account_update(st, who, id, c, ar, fail);
	if (rc != SB_OK)
		return rc;
	return account_read(st, NULL, id, ar, out);
}

int
account_change_password(struct store *st, const struct actor *who, const char *old_password,
			const char *new_password, const char *keep_session, struct arena *ar,
			struct sb_fail *fail)
{
	struct account_change c = {.role = ROLE_NONE, .disabled = -1};
	struct user u;
	int rc;

	rc = store_user_by_id(st, who->user_id, ar, &u);
	if (rc != SB_OK)
		return rc;
	if (!crypto_password_verify(u.password_hash, old_password))
		return sb_fail(fail, SB_BAD_FIELD, "old_password", "old_password: wrong password",
			       "old_password：原密码错误");
	c.password = new_password;
	c.keep_session = keep_session;
	rc = account_check_password(c.password, "new_password", fail);
	if (rc == SB_OK)
		rc = account_update(st, who, who->user_id, &c, ar, fail);
	/* account_update names the member "password"; this body calls it new_password */
	if (rc != SB_OK && fail && fail->field && strcmp(fail->field, "password") == 0)
		fail->field = "new_password";
	return rc;
}

int
session_sign_in(struct store *st, const char *username, const char *password,
		const char *token_hash, const char *ip, int64_t now, struct arena *ar,
		struct account_view *out, int64_t *gate_id, int64_t *retry_after)
{
	int rc;

	memset(out, 0, sizeof(*out));
	*gate_id = 0;
	rc = account_login(st, username, password, ip, now, ar, &out->user, retry_after);
	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_session_insert(st, token_hash, out->user.id, now);
	rc = store_end(st, rc);
	if (rc != SB_OK)
		return rc;
	helper_extras(st, ar, out);
	/* A gate account's gate, as /me gives it: the page goes straight to the
	 * gate log and reads nothing else ahead (a worker's plan, say). */
	rc = store_gate_guard_of(st, out->user.id, gate_id);
	if (rc == SB_NOT_FOUND) {
		*gate_id = 0;
		rc = SB_OK;
	}
	return rc;
}

int
session_sign_out(struct store *st, const struct actor *who, const char *token_hash,
		 struct arena *ar)
{
	struct user u;
	int rc = store_user_by_id(st, who->user_id, ar, &u);

	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_session_delete(st, token_hash);
	if (rc == SB_OK)
		rc = audit_add(st, who, "logout", "session",
			       arena_printf(ar, "%lld", (long long)u.id), account_area(&u), NULL);
	return store_end(st, rc);
}
