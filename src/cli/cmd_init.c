#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "core/accounts.h"
#include "core/divisions.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/embedded.h"

static int
run(int argc, char **argv)
{
	const char *db = NULL, *key_opt = NULL, *pwfile = NULL;
	const struct cli_opt opts[] = {
		{"db", &db, NULL},
		{"key", &key_opt, NULL},
		{"admin-password-file", &pwfile, NULL},
		{NULL, NULL, NULL},
	};
	const char *const city[] = {"31"};
	struct sb_fail fail = {0};
	struct store *st = NULL;
	struct arena ar;
	struct sb_key key;
	struct stat sb;
	char errbuf[512], generated[17];
	char *keypath = NULL, *password = NULL;
	int64_t areas = 0, users = 0, loaded, id;
	bool created, changed = false, existed;
	int from = 0, to = 0, rc, status = 1;

	if (!cli_parse(&cmd_init, argc, argv, 1, opts))
		return 2;
	if (db == NULL)
		return cli_missing(&cmd_init, "db");
	if (cli_setup() != 0)
		return 1;
	arena_init(&ar);
	keypath = cli_key_path(db, key_opt);
	existed = stat(db, &sb) == 0;
	if (existed && stat(keypath, &sb) != 0) {
		/* A new key cannot read what the old one encrypted. */
		fprintf(stderr,
			"sibai init: database %s exists but its key file %s does not; "
			"restore the key file (or pass --key)\n",
			db, keypath);
		goto out;
	}
	if (pwfile) {
		password = cli_read_secret(pwfile);
		if (password == NULL)
			goto out;
	}
	if (crypto_key_load(keypath, true, &key, &created, errbuf, sizeof(errbuf)) != SB_OK) {
		fprintf(stderr, "sibai init: %s\n", errbuf);
		goto out;
	}
	if (created) {
		printf("created key file %s (mode 0600): keep it safe and back it up apart from "
		       "the database\n",
		       keypath);
		changed = true;
	}
	umask(077); /* the database holds personal data: owner only */
	if (store_open(db, STORE_CREATE, &st) != SB_OK)
		goto out;
	if (store_migrate(st, &from, &to) != SB_OK) {
		fprintf(stderr, "sibai init: migrating %s failed: %s\n", db, store_errmsg(st));
		goto out;
	}
	if (to != from) {
		printf("database %s: schema version %d -> %d\n", db, from, to);
		changed = true;
	}
	if (store_area_count(st, &areas) != SB_OK)
		goto out;
	if (areas == 0) {
		rc = divisions_load(st, (const char *)embedded_divisions.data,
				    embedded_divisions.len, &loaded);
		if (rc != SB_OK) {
			fprintf(stderr, "sibai init: loading the divisions failed\n");
			goto out;
		}
		printf("loaded %lld areas of Shanghai (districts, streets, committees)\n",
		       (long long)loaded);
		changed = true;
	}
	if (store_user_count(st, &users) != SB_OK)
		goto out;
	if (users == 0) {
		struct actor who = {0, "sibai init", NULL, (int64_t)time(NULL)};

		if (password == NULL) {
			crypto_password_generate(generated, sizeof(generated));
			password = strdup(generated);
		}
		rc = account_create(st, &who, "admin", password, ROLE_ADMIN, city, 1, &ar, &id,
				    &fail);
		if (rc != SB_OK) {
			fprintf(stderr, "sibai init: cannot create the admin: %s\n",
				fail.en ? fail.en : "error");
			goto out;
		}
		printf("created user admin (role admin, all of Shanghai)\n");
		if (pwfile == NULL)
			printf("admin password: %s\n(shown once: write it down now)\n", password);
		changed = true;
	} else if (pwfile) {
		printf("users exist already: --admin-password-file ignored (use sibai user "
		       "passwd)\n");
	}
	if (!changed)
		printf("database %s is up to date (schema version %d); nothing changed\n", db, to);
	status = 0;
out:
	store_close(st);
	arena_clear(&ar);
	free(keypath);
	free(password);
	return status;
}

const struct cli_cmd cmd_init = {
	"init",
	"create or upgrade a database: migrations, divisions, key file, first admin",
	"sibai init --db PATH [--key PATH] [--admin-password-file FILE]",
	run,
};
