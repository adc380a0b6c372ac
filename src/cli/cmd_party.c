#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/party.h"
#include "store/store.h"
#include "util/errors.h"

/* sibai party propose: the proposed 楼组党小组 of a committee (core/party.c),
 * printed as JSON; the tree in it can be edited and sent to PUT
 * /api/v1/party/orgs.  Nothing is written. */

static const char *const usage_text = "sibai party propose --db PATH --committee CODE";

static int
run(int argc, char **argv)
{
	const char *db = NULL, *committee = NULL, *level = NULL;
	const struct cli_opt opts[] = {
		{"db", &db, NULL},
		{"committee", &committee, NULL},
		{NULL, NULL, NULL},
	};
	struct cli_cmd me = cmd_party;
	struct store *st = NULL;
	struct arena ar;
	json_t *out = NULL;
	char *text;
	int status = 1;

	me.usage = usage_text;
	if (argc < 2 || strcmp(argv[1], "propose") != 0) {
		fprintf(stderr, "usage: %s\n", usage_text);
		return 2;
	}
	if (!cli_parse(&me, argc, argv, 2, opts))
		return 2;
	if (db == NULL)
		return cli_missing(&me, "db");
	if (committee == NULL)
		return cli_missing(&me, "committee");
	if (cli_setup() != 0)
		return 1;
	arena_init(&ar);
	if (store_open(db, 0, &st) != SB_OK) {
		fprintf(stderr, "sibai party: cannot open %s: run sibai init --db %s first\n", db,
			db);
		goto out;
	}
	if (store_area_level(st, committee, &ar, &level) != SB_OK || level == NULL ||
	    strcmp(level, "committee") != 0) {
		fprintf(stderr, "sibai party: %s is not a committee code\n", committee);
		goto out;
	}
	if (party_proposal_unscoped(st, committee, &ar, &out) != SB_OK) {
		fprintf(stderr, "sibai party: cannot read the register: %s\n", store_errmsg(st));
		goto out;
	}
	text = json_dumps(out, JSON_INDENT(2));
	printf("%s\n", text);
	free(text);
	status = 0;
out:
	json_decref(out);
	store_close(st);
	arena_clear(&ar);
	return status;
}

const struct cli_cmd cmd_party = {
	"party",
	"propose the party groups of a committee (a group per building with 3 or more members)",
	usage_text,
	run,
};
