/* sibai (四百): the working platform of Shanghai neighbourhood committees. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct cli_cmd *const commands[] = {
	&cmd_init,   &cmd_serve, &cmd_user, &cmd_import, &cmd_demo,
	&cmd_backup, &cmd_check, &cmd_gate, &cmd_party,
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sibai <command> [options]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n'sibai <command> --help' shows a command's options.\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i]->name) != 0)
			continue;
		if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
			printf("sibai %s: %s\nusage: %s\n", commands[i]->name, commands[i]->summary,
			       commands[i]->usage);
			return 0;
		}
		return commands[i]->run(argc - 1, argv + 1);
	}
	fprintf(stderr, "sibai: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
