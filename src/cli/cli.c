#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/errors.h"
#include "util/xalloc.h"

bool
cli_parse(const struct cli_cmd *cmd, int argc, char **argv, int first, const struct cli_opt *opts)
{
	int i;

	for (i = first; i < argc; i++) {
		const char *arg = argv[i];
		const struct cli_opt *o;
		const char *eq;
		size_t n;

		if (strncmp(arg, "--", 2) != 0) {
			fprintf(stderr, "sibai %s: unexpected argument '%s'\nusage: %s\n",
				cmd->name, arg, cmd->usage);
			return false;
		}
		eq = strchr(arg, '=');
		n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		for (o = opts; o->name; o++)
			if (strlen(o->name) == n && strncmp(o->name, arg + 2, n) == 0)
				break;
		if (o->name == NULL) {
			fprintf(stderr, "sibai %s: unknown option '%s'\nusage: %s\n", cmd->name,
				arg, cmd->usage);
			return false;
		}
		if (o->flag != NULL) {
			if (eq) {
				fprintf(stderr, "sibai %s: --%s takes no value\n", cmd->name,
					o->name);
				return false;
			}
			*o->flag = true;
			continue;
		}
		if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			fprintf(stderr, "sibai %s: --%s needs a value\nusage: %s\n", cmd->name,
				o->name, cmd->usage);
			return false;
		}
	}
	return true;
}

int
cli_missing(const struct cli_cmd *cmd, const char *option)
{
	fprintf(stderr, "sibai %s: --%s is required\nusage: %s\n", cmd->name, option, cmd->usage);
	return 2;
}

char *
cli_read_secret(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char line[1024];

	if (f == NULL) {
		fprintf(stderr, "sibai: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof(line), f) == NULL) {
		fprintf(stderr, "sibai: %s is empty\n", path);
		if (f != stdin)
			fclose(f);
		return NULL;
	}
	if (f != stdin)
		fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}

char *
cli_key_path(const char *db, const char *key)
{
	return key ? xstrdup(key) : xasprintf("%s.key", db);
}

int
cli_setup(void)
{
	if (crypto_init() != SB_OK) {
		fprintf(stderr, "sibai: libsodium failed to start\n");
		return 1;
	}
	if (store_global_init() != SB_OK) {
		fprintf(stderr, "sibai: SQLite failed to start\n");
		return 1;
	}
	return 0;
}
