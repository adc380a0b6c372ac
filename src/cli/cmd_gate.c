#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/campaigns.h"
#include "util/errors.h"

/* sibai gate erase --db PATH: erases the personal fields of gate-log entries
 * past their retention (the server does the same on every gate-log read and
 * write; run this from cron where the log is seldom read). */
static int
run(int argc, char **argv)
{
	const char *db = NULL;
	const struct cli_opt opts[] = {
		{"db", &db, NULL},
		{NULL, NULL, NULL},
	};
	struct store *st = NULL;
	int64_t n = 0;
	int rc;

	if (argc < 2 || strcmp(argv[1], "erase") != 0) {
		fprintf(stderr, "usage: %s\n", cmd_gate.usage);
		return 2;
	}
	if (!cli_parse(&cmd_gate, argc, argv, 2, opts))
		return 2;
	if (db == NULL)
		return cli_missing(&cmd_gate, "db");
	if (cli_setup() != 0)
		return 1;
	if (store_open(db, 0, &st) != SB_OK)
		return 1;
	rc = store_begin(st);
	if (rc == SB_OK)
		rc = store_gate_erase(st, (int64_t)time(NULL), &n);
	if (rc == SB_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	store_close(st);
	if (rc != SB_OK) {
		fprintf(stderr, "sibai gate erase: %s\n", sb_err_message(rc));
		return 1;
	}
	printf("erased %lld gate-log entries past their retention\n", (long long)n);
	return 0;
}

const struct cli_cmd cmd_gate = {
	"gate",
	"erase the gate log's personal fields past their retention",
	"sibai gate erase --db PATH",
	run,
};
