#ifndef SB_CLI_H
#define SB_CLI_H

#include <stdbool.h>

/* One subcommand of sibai: each file in src/cli/ exports one or more. */
struct cli_cmd {
	const char *name;
	const char *summary;
	const char *usage;
	int (*run)(int argc, char **argv); /* argv[0] is the command name; returns the exit code */
};

extern const struct cli_cmd cmd_init;
extern const struct cli_cmd cmd_serve;
extern const struct cli_cmd cmd_user;
extern const struct cli_cmd cmd_backup;
extern const struct cli_cmd cmd_check;
extern const struct cli_cmd cmd_import;
extern const struct cli_cmd cmd_demo;
extern const struct cli_cmd cmd_gate;
extern const struct cli_cmd cmd_party;

/* Long options: "--name value" or "--name=value"; flags take no value. */
struct cli_opt {
	const char *name;
	const char **value; /* for options with a value */
	bool *flag;	    /* for flags */
};

/* Parses argv[first..]; prints what is wrong and returns false on an unknown
 * option, a missing value or a stray argument. */
bool cli_parse(const struct cli_cmd *cmd, int argc, char **argv, int first,
	       const struct cli_opt *opts);
/* Complains that a required option is missing; returns 2 (the usage exit code). */
int cli_missing(const struct cli_cmd *cmd, const char *option);
/* Reads a secret (a password) from a file, or from standard input for "-":
 * the first line, without its newline.  NULL with a message on failure; the
 * caller frees it. */
char *cli_read_secret(const char *path);
/* The key file of a database: the one given, else "<db>.key". Caller frees. */
char *cli_key_path(const char *db, const char *key);
/* Process-wide start-up for commands that open the database. */
int cli_setup(void);

#endif
