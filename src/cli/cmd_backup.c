#include <stdio.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/attachments.h"
#include "store/store.h"
#include "util/errors.h"

/* sibai backup: a consistent copy of a live database (the server may run). */
static int
run(int argc, char **argv)
{
	const char *db = NULL, *to = NULL;
	const struct cli_opt opts[] = {
		{"db", &db, NULL},
		{"to", &to, NULL},
		{NULL, NULL, NULL},
	};
	struct store *st = NULL;
	struct stat sb;
	int rc;

	if (!cli_parse(&cmd_backup, argc, argv, 1, opts))
		return 2;
	if (db == NULL)
		return cli_missing(&cmd_backup, "db");
	if (to == NULL)
		return cli_missing(&cmd_backup, "to");
	if (stat(to, &sb) == 0) {
		fprintf(stderr, "sibai backup: %s exists; choose a new file\n", to);
		return 1;
	}
	if (cli_setup() != 0 || store_open(db, 0, &st) != SB_OK)
		return 1;
	rc = store_backup(st, to);
	store_close(st);
	if (rc != SB_OK)
		return 1;
	/* The attachments (docs/attachments.md) after the database: a file is
	 * kept before the record that names it commits, so every record of the
	 * copy finds its file (one taken off meanwhile may be missing). */
	{
		char from[4096], dest[4096];
		size_t n = 0;

		snprintf(from, sizeof(from), "%s.files", db);
		snprintf(dest, sizeof(dest), "%s.files", to);
		if (attach_copy_dir(from, dest, &n) != SB_OK) {
			fprintf(stderr, "sibai backup: cannot copy the attachments to %s\n", dest);
			return 1;
		}
		if (n > 0)
			printf("copied %zu attachment files to %s\n", n, dest);
	}
	printf("backed up %s to %s (the key file is not copied: keep it apart)\n", db, to);
	return 0;
}

const struct cli_cmd cmd_backup = {
	"backup",
	"copy a live database to a new file",
	"sibai backup --db PATH --to FILE",
	run,
};
