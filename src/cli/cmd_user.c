#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/accounts.h"
#include "store/store.h"

/* sibai user add|list|disable|enable|passwd: accounts from the command line,
 * audited as "sibai user". */

static const char *const usage_text =
	"sibai user add --db PATH --username NAME --role ROLE --scope CODE[,CODE…] --password-file "
	"FILE\n"
	"       sibai user list --db PATH\n"
	"       sibai user disable|enable --db PATH --username NAME\n"
	"       sibai user passwd --db PATH --username NAME --password-file FILE";

/* Splits "a,b,c" into the arena. */
static const char **
split_scope(struct arena *ar, const char *s, size_t *n)
{
	size_t cap = 0;
	const char **out = NULL;

	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		const char **slot = arena_push(ar, &out, n, &cap, sizeof(*out));

		*slot = arena_strndup(ar, s, len);
		s += len;
		if (*s == ',')
			s++;
	}
	return out;
}

static int
user_list(struct store *st, struct arena *ar)
{
	struct user_list l;
	size_t i, j;

	if (store_user_list_all(st, ar, &l) != SB_OK)
		return 1;
	printf("%-6s %-24s %-15s %-9s %s\n", "id", "username", "role", "status", "scope");
	for (i = 0; i < l.n; i++) {
		printf("%-6lld %-24s %-15s %-9s ", (long long)l.items[i].id, l.items[i].username,
		       role_name(l.items[i].role), l.items[i].disabled ? "disabled" : "active");
		for (j = 0; j < l.items[i].nscope; j++)
			printf("%s%s", j ? "," : "", l.items[i].scope[j]);
		printf("\n");
	}
	return 0;
}

static int
run(int argc, char **argv)
{
	const char *db = NULL, *username = NULL, *role = NULL, *scope = NULL, *pwfile = NULL;
	const struct cli_opt opts[] = {
		{"db", &db, NULL},	 {"username", &username, NULL},	   {"role", &role, NULL},
		{"scope", &scope, NULL}, {"password-file", &pwfile, NULL}, {NULL, NULL, NULL},
	};
	struct cli_cmd me = cmd_user;
	struct actor who = {0, "sibai user", NULL, (int64_t)time(NULL)};
	struct account_change c = {.role = ROLE_NONE, .disabled = -1};
	struct sb_fail fail = {0};
	struct store *st = NULL;
	struct arena ar;
	struct user u;
	const char *verb;
	char *password = NULL;
	int64_t id;
	int rc, status = 1;

	me.usage = usage_text;
	if (argc < 2) {
		fprintf(stderr, "usage: %s\n", usage_text);
		return 2;
	}
	verb = argv[1];
	if (!cli_parse(&me, argc, argv, 2, opts))
		return 2;
	if (db == NULL)
		return cli_missing(&me, "db");
	if (strcmp(verb, "list") != 0 && username == NULL)
		return cli_missing(&me, "username");
	if ((strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) && pwfile == NULL)
		return cli_missing(&me, "password-file");
	if (strcmp(verb, "add") == 0 && (role == NULL || scope == NULL))
		return cli_missing(&me, role == NULL ? "role" : "scope");
	if (cli_setup() != 0)
		return 1;
	arena_init(&ar);
	if (store_open(db, 0, &st) != SB_OK) {
		fprintf(stderr, "sibai user: cannot open %s: run sibai init --db %s first\n", db,
			db);
		goto out;
	}
	if (pwfile) {
		password = cli_read_secret(pwfile);
		if (password == NULL)
			goto out;
	}
	if (strcmp(verb, "list") == 0) {
		status = user_list(st, &ar);
		goto out;
	}
	if (strcmp(verb, "add") == 0) {
		size_t n;
		const char **codes = split_scope(&ar, scope, &n);
		enum role r = role_parse(role);

		if (r == ROLE_NONE) {
			fprintf(stderr, "sibai user: --role must be admin, district, street, "
					"committee_head or worker\n");
			goto out;
		}
		rc = account_create(st, &who, username, password, r, codes, n, &ar, &id, &fail);
		if (rc != SB_OK) {
			fprintf(stderr, "sibai user: %s\n",
				fail.en ? fail.en : "cannot create the user");
			goto out;
		}
		printf("created user %s (id %lld, role %s, scope %s)\n", username, (long long)id,
		       role, scope);
		status = 0;
		goto out;
	}
	rc = store_user_by_name(st, username, &ar, &u);
	if (rc != SB_OK) {
		fprintf(stderr, "sibai user: no user named %s\n", username);
		goto out;
	}
	if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0) {
		c.disabled = strcmp(verb, "disable") == 0;
	} else if (strcmp(verb, "passwd") == 0) {
		c.password = password;
	} else {
		fprintf(stderr, "sibai user: unknown action '%s'\nusage: %s\n", verb, usage_text);
		status = 2;
		goto out;
	}
	rc = account_update(st, &who, u.id, &c, &ar, &fail);
	if (rc != SB_OK) {
		fprintf(stderr, "sibai user: %s\n", fail.en ? fail.en : "cannot change the user");
		goto out;
	}
	printf("user %s: %s\n", username,
	       c.password   ? "password changed, sessions ended"
	       : c.disabled ? "disabled, sessions ended"
			    : "enabled");
	status = 0;
out:
	store_close(st);
	arena_clear(&ar);
	free(password);
	return status;
}

const struct cli_cmd cmd_user = {
	"user",
	"add, list, disable, enable users and set their passwords",
	"sibai user add|list|disable|enable|passwd --db PATH …",
	run,
};
