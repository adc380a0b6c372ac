#ifndef SB_ACCOUNTS_H
#define SB_ACCOUNTS_H

/*
 * Users, their roles and scopes, logins and the login lock-out.  Used by the
 * API and the command line alike; every change is audited here.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/errors.h"

#define ACCOUNT_USERNAME_MAX 64
#define ACCOUNT_PASSWORD_MIN 10
#define ACCOUNT_PASSWORD_MAX 256
#define LOGIN_MAX_FAILURES 5
#define LOGIN_WINDOW_S (15 * 60)
/* A session ends after 12 h unused, and 7 days after the login however
 * much it is used: a stolen cookie does not last for ever. */
#define SESSION_IDLE_S (12 * 3600)
#define SESSION_MAX_S (7 * 86400)

int account_check_username(const char *username, struct sb_fail *fail);
int account_check_password(const char *password, const char *field, struct sb_fail *fail);
/* The scope must name existing areas of the role's level: one city for an
 * admin, one district, street or committee, or committees for a worker. */
int account_check_scope(struct store *st, enum role role, const char *const *scope, size_t nscope,
			struct arena *ar, struct sb_fail *fail);

/* The name people see, a title and a phone number.  has_* says which are
 * given; a given NULL clears it. */
struct account_profile {
	bool has_name, has_title, has_phone;
	const char *display_name; /* 1 to ACCOUNT_NAME_MAX characters, one line */
	const char *title;	  /* social_worker, secretary, director, gate_guard, … */
	const char *phone;	  /* a phone number (ident_phone_normalize) */
};

#define ACCOUNT_NAME_MAX 32

/* Whether title is one of the titles (docs/accounts.md). */
bool account_title_valid(const char *title);

/* The grant rules (docs/accounts.md, "Who manages accounts"): below an
 * admin, a caller grants only roles below its own, in areas of its own
 * jurisdiction (FORBIDDEN naming role or scope), and changes only accounts
 * whose role is below its own.  by NULL: the command line, no limit. */
int account_may_grant(struct store *st, const struct scope *by, enum role role,
		      const char *const *scope, size_t nscope, struct arena *ar,
		      struct sb_fail *fail);
int account_may_manage(const struct scope *by, const struct user *target, struct sb_fail *fail);

/* A new account as the API makes it: by (the caller, for the grant rules;
 * NULL: none), the profile (phones sealed with key). */
struct account_new {
	const char *username;
	const char *password;
	enum role role;
	const char *const *scope;
	size_t nscope;
	struct account_profile profile;
	/* A helper's buildings (docs/accounts.md, "Light accounts"): required
	 * for a helper, all in its committee; refused for any other role. */
	const int64_t *buildings;
	size_t nbuildings;
	/* A helper's volunteer record (0: none), of its committee and not
	 * another's: its visits and deliveries count in the volunteer totals. */
	int64_t volunteer_id;
};
int account_create_by(struct store *st, const struct actor *who, const struct scope *by,
		      const struct account_new *n, const struct sb_key *key, struct arena *ar,
		      int64_t *id, struct sb_fail *fail);

/* Creates a user (CONFLICT when the name is taken) and audits it. */
int account_create(struct store *st, const struct actor *who, const char *username,
		   const char *password, enum role role, const char *const *scope, size_t nscope,
		   struct arena *ar, int64_t *id, struct sb_fail *fail);

/* What to change of a user; NULL / negative for "leave as is". */
struct account_change {
	enum role role;		  /* ROLE_NONE: keep */
	const char *const *scope; /* with role, or alone: NULL keeps */
	size_t nscope;
	int disabled; /* -1 keep, 0, 1 */
	const char *password;
	const char *keep_session; /* a session hash to leave open (the caller's own) */
	struct account_profile profile;
	const struct scope *by;	  /* the caller, for the grant rules; NULL: the command line */
	const struct sb_key *key; /* seals a phone given */
	bool has_buildings;	  /* a helper's buildings given (replacing its own) */
	const int64_t *buildings;
	size_t nbuildings;
	bool has_volunteer; /* a helper's volunteer record given (0: unlinked) */
	int64_t volunteer_id;
};

/* Applies a change in one transaction, ending the user's sessions when it is
 * disabled or its password changes, and audits old and new values. */
int account_update(struct store *st, const struct actor *who, int64_t id,
		   const struct account_change *c, struct arena *ar, struct sb_fail *fail);

/* Hand-over (core/handover.c): everything user from carries in its
 * committees (grids from today, open issues, duties not done, reception
 * days ahead) goes to user to, an active worker serving those committees
 * (BAD_FIELD naming to_user_id otherwise), in one transaction, audited; the
 * account is disabled too when disable.  *result: what moved (the audit
 * detail), for the caller to answer and json_decref. */
int account_hand_over(struct store *st, const struct actor *who, const struct scope *by,
		      const struct sb_key *key, int64_t from, int64_t to, bool disable,
		      struct arena *ar, json_t **result, struct sb_fail *fail);

/* Checks a login.  BAD_CREDENTIALS alike for an unknown name, a wrong
 * password and a disabled user; TOO_MANY (with *retry_after seconds) after
 * LOGIN_MAX_FAILURES failures in LOGIN_WINDOW_S.  Audits either way. */
int account_login(struct store *st, const char *username, const char *password, const char *ip,
		  int64_t now, struct arena *ar, struct user *out, int64_t *retry_after);

/* The first area of a user's scope, for placing audit entries ("31" if none). */
const char *account_area(const struct user *u);

/* ===== What the API calls (core/account_views.c): one function per
 * request, each reading back the account it wrote. ===== */

/* An account as it is shown: the user (its password hash is never shown)
 * and, for a helper, its buildings and volunteer record. */
struct account_view {
	struct user user;
	int64_t *buildings; /* a helper's; a read failure leaves none: the account still shows */
	size_t nbuildings;
	bool volunteer_known; /* a helper's volunteer record was read */
	int64_t volunteer_id; /* 0: none */
};

struct account_page {
	struct account_view *items;
	size_t n;
	const char *next_cursor; /* NULL: the last page */
};

/* The account id as sc sees it (NOT_FOUND outside sc's jurisdiction); sc
 * NULL: any account (the caller's own, one just written). */
int account_read(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct account_view *out);

/* Accounts in sc's jurisdiction named like q (NULL: any), by id after
 * after_id, at most limit. */
int account_list(struct store *st, const struct scope *sc, const char *q, int64_t after_id,
		 int limit, struct arena *ar, struct account_page *out);

/* account_create_by, then the new account's view. */
int account_add(struct store *st, const struct actor *who, const struct scope *by,
		const struct account_new *n, const struct sb_key *key, struct arena *ar,
		struct account_view *out, struct sb_fail *fail);

/* account_update of an account in c->by's jurisdiction (NOT_FOUND
 * otherwise), then its view.  An admin may change itself short of locking
 * everyone out: disabling or demoting itself is CONFLICT. */
int account_change(struct store *st, const struct actor *who, int64_t id,
		   const struct account_change *c, struct arena *ar, struct account_view *out,
		   struct sb_fail *fail);

/* The caller who->user_id changes its own password: old_password must be
 * its password (BAD_FIELD naming old_password), new_password follows the
 * rules (naming new_password); its sessions but keep_session end. */
int account_change_password(struct store *st, const struct actor *who, const char *old_password,
			    const char *new_password, const char *keep_session, struct arena *ar,
			    struct sb_fail *fail);

/* Sessions (core/account_views.c).  A login (account_login) that succeeds
 * opens the session whose token hashes to token_hash, in a transaction of
 * its own; *out the account's view, *gate_id its gate when it is a gate
 * account (0: none).  Failures as account_login. */
int session_sign_in(struct store *st, const char *username, const char *password,
		    const char *token_hash, const char *ip, int64_t now, struct arena *ar,
		    struct account_view *out, int64_t *gate_id, int64_t *retry_after);

/* Ends the caller's session token_hash, audited ("logout"). */
int session_sign_out(struct store *st, const struct actor *who, const char *token_hash,
		     struct arena *ar);

#endif
