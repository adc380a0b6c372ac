#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/errors.h"

/* sibai check: the database's integrity, schema version and key file. */
static int
run(int argc, char **argv)
{
	const char *db = NULL, *key_opt = NULL;
	const struct cli_opt opts[] = {
		{"db", &db, NULL},
		{"key", &key_opt, NULL},
		{NULL, NULL, NULL},
	};
	struct store *st = NULL;
	struct sb_key key;
	char msg[512];
	char *keypath;
	bool created;
	int v = 0, status = 0;

	if (!cli_parse(&cmd_check, argc, argv, 1, opts))
		return 2;
	if (db == NULL)
		return cli_missing(&cmd_check, "db");
	if (cli_setup() != 0)
		return 1;
	keypath = cli_key_path(db, key_opt);
	if (crypto_key_load(keypath, false, &key, &created, msg, sizeof(msg)) != SB_OK) {
		printf("key file: %s\n", msg);
		status = 1;
	} else {
		printf("key file: %s ok\n", keypath);
	}
	free(keypath);
	if (store_open(db, 0, &st) != SB_OK)
		return 1;
	if (store_schema_version(st, &v) == SB_OK)
		printf("schema version: %d (this program: %d)%s\n", v, store_latest_version(),
		       v == store_latest_version() ? "" : ": run sibai init to upgrade");
	if (v != store_latest_version())
		status = 1;
	if (store_integrity_check(st, msg, sizeof(msg)) == SB_OK) {
		printf("integrity: ok\n");
	} else {
		printf("integrity: %s\n", msg);
		status = 1;
	}
	store_close(st);
	return status;
}

const struct cli_cmd cmd_check = {
	"check",
	"check a database's integrity, schema version and key file",
	"sibai check --db PATH [--key PATH]",
	run,
};
