#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "http/server.h"
#include "http/webhook.h"
#include "util/errors.h"

/* A whole number from lo to hi in s. */
static bool
count_opt(const char *s, long lo, long hi, unsigned *out)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end || n < lo || n > hi)
		return false;
	*out = (unsigned)n;
	return true;
}

/* --webhook-url with --webhook-secret-file (docs/notices.md): the secret is
 * the file's bytes less a final line break, and the file is no one else's
 * to read (mode 0600, like the key file). */
static bool
webhook_setup(const char *url, const char *secret_file)
{
	unsigned char secret[WEBHOOK_SECRET_MAX + 2];
	char err[200];
	struct stat sb;
	size_t n;
	FILE *f;
	bool ok;

	if (url == NULL && secret_file == NULL)
		return true;
	if (url == NULL || secret_file == NULL) {
		fprintf(stderr,
			"sibai serve: --webhook-url and --webhook-secret-file go together\n");
		return false;
	}
	f = fopen(secret_file, "rb");
	if (f == NULL || fstat(fileno(f), &sb) != 0 || (sb.st_mode & 077) != 0) {
		fprintf(stderr, "sibai serve: --webhook-secret-file %s: %s\n", secret_file,
			f ? "must be readable by its owner only (chmod 600)" : "cannot be read");
		if (f)
			fclose(f);
		return false;
	}
	n = fread(secret, 1, sizeof(secret), f);
	fclose(f);
	while (n > 0 && (secret[n - 1] == '\n' || secret[n - 1] == '\r'))
		n--;
	ok = webhook_configure(url, secret, n, err, sizeof(err));
	sodium_memzero(secret, sizeof(secret));
	if (!ok)
		fprintf(stderr, "sibai serve: %s\n", err);
	return ok;
}

static int
run(int argc, char **argv)
{
	const char *threads = NULL;
	const char *key_opt = NULL;
	const char *per_ip = NULL, *deadline = NULL;
	const char *webhook_url = NULL, *webhook_secret = NULL;
	struct server_config cfg = {.listen = "127.0.0.1:8080"};
	const struct cli_opt opts[] = {
		{"db", &cfg.db_path, NULL},
		{"listen", &cfg.listen, NULL},
		{"web", &cfg.web_dir, NULL},
		{"threads", &threads, NULL},
		{"key", &key_opt, NULL},
		{"secure-cookies", NULL, &cfg.secure_cookies},
		{"per-ip-limit", &per_ip, NULL},
		{"request-deadline", &deadline, NULL},
		{"webhook-url", &webhook_url, NULL},
		{"webhook-secret-file", &webhook_secret, NULL},
		{NULL, NULL, NULL},
	};
	char err[512];
	char *keypath;
	struct stat sb;
	bool created;
	int rc;

	if (!cli_parse(&cmd_serve, argc, argv, 1, opts))
		return 2;
	if (cfg.db_path == NULL)
		return cli_missing(&cmd_serve, "db");
	if (stat(cfg.db_path, &sb) != 0) {
		fprintf(stderr, "sibai serve: no database at %s: run sibai init --db %s first\n",
			cfg.db_path, cfg.db_path);
		return 1;
	}
	if (threads) {
		char *end;
		long n = strtol(threads, &end, 10);

		if (*end || n < 1 || n > 256) {
			fprintf(stderr, "sibai serve: --threads takes a number from 1 to 256\n");
			return 2;
		}
		cfg.threads = (int)n;
	} else {
		/* Sixteen threads a core: a thread waiting for its commit to reach
		 * the disk holds no core, and the more commits wait together the
		 * more share one fdatasync (group commit); reads gain too. */
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		cfg.threads = n > 0 ? (int)(n * 16 > 64 ? 64 : n * 16) : 32;
	}
	cfg.per_ip_limit = 64;
	if (per_ip && !count_opt(per_ip, 0, 100000, &cfg.per_ip_limit)) {
		fprintf(stderr, "sibai serve: --per-ip-limit takes a number from 0 (no limit) to "
				"100000\n");
		return 2;
	}
	cfg.request_deadline_s = 30;
	if (deadline && !count_opt(deadline, 1, 3600, &cfg.request_deadline_s)) {
		fprintf(stderr, "sibai serve: --request-deadline takes seconds from 1 to 3600\n");
		return 2;
	}
	/* The default web folder is ./web when there is one. */
	if (cfg.web_dir == NULL && stat("web/index.html", &sb) == 0)
		cfg.web_dir = "web";
	if (cli_setup() != 0)
		return 1;
	keypath = cli_key_path(cfg.db_path, key_opt);
	rc = crypto_key_load(keypath, false, &cfg.key, &created, err, sizeof(err));
	free(keypath);
	if (rc != SB_OK) {
		fprintf(stderr, "sibai serve: %s\n", err);
		return 1;
	}
	if (!webhook_setup(webhook_url, webhook_secret))
		return 2;
	webhook_start(cfg.db_path);
	rc = server_run(&cfg);
	webhook_stop();
	return rc == SB_OK ? 0 : 1;
}

const struct cli_cmd cmd_serve = {
	"serve",
	"serve the API and the web UI over HTTP",
	"sibai serve --db PATH [--listen ADDR:PORT] [--web DIR] [--threads N] [--key PATH] "
	"[--secure-cookies] [--per-ip-limit N] [--request-deadline S] "
	"[--webhook-url http://HOST[:PORT]/PATH --webhook-secret-file FILE]",
	run,
};
