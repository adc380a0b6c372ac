#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/demo.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/errors.h"
#include "util/role.h"

/* sibai demo: fills a database with synthetic data under the real divisions
 * (docs/demo-data.md). */

static const struct {
	const char *scale;
	const char *area;
} scales[] = {
	{"committee", "310107015028"}, /* 普雄路居委会 */
	{"street", "310107015"},       /* 长寿路街道 */
	{"district", "310107"},	       /* 普陀区 */
	{"city", "31"},
};

static void
progress(const char *stage, int64_t done, int64_t total, void *ctx)
{
	int width = 40, filled = total ? (int)(width * done / total) : width;

	(void)ctx;
	fprintf(stderr, "\r%s [%.*s%*s] %lld/%lld", stage, filled,
		"########################################", width - filled, "", (long long)done,
		(long long)total);
	if (done == total)
		fprintf(stderr, "\n");
	fflush(stderr);
}

static int
run(int argc, char **argv)
{
	const char *db = NULL, *scale = "street", *seed_text = "1", *key_opt = NULL, *area = NULL;
	const char *pwfile = NULL;
	bool quiet = false;
	const struct cli_opt opts[] = {
		{"db", &db, NULL},	    {"scale", &scale, NULL},
		{"seed", &seed_text, NULL}, {"key", &key_opt, NULL},
		{"area", &area, NULL},	    {"worker-password-file", &pwfile, NULL},
		{"quiet", NULL, &quiet},    {NULL, NULL, NULL},
	};
	struct demo_options opt = {0};
	struct demo_counts n;
	struct store *st = NULL;
	struct sb_key key;
	char err[512], *keypath, *password = NULL, user_pw[DEMO_NUSERS][24];
	bool created;
	size_t i;
	time_t t0;
	int rc, status = 1;

	if (!cli_parse(&cmd_demo, argc, argv, 1, opts))
		return 2;
	if (db == NULL)
		return cli_missing(&cmd_demo, "db");
	for (i = 0; area == NULL && i < sizeof(scales) / sizeof(scales[0]); i++)
		if (strcmp(scale, scales[i].scale) == 0)
			area = scales[i].area;
	if (area == NULL) {
		fprintf(stderr, "sibai demo: --scale is committee, street, district or city\n");
		return 2;
	}
	if (cli_setup() != 0)
		return 1;
	keypath = cli_key_path(db, key_opt);
	rc = crypto_key_load(keypath, false, &key, &created, err, sizeof(err));
	free(keypath);
	if (rc != SB_OK) {
		fprintf(stderr, "sibai demo: %s (run sibai init first)\n", err);
		return 1;
	}
	password = pwfile ? cli_read_secret(pwfile) : strdup("demo-worker-2026");
	if (password == NULL)
		return 1;
	if (store_open(db, 0, &st) != SB_OK)
		goto out;
	{
		struct arena ar;
		const char *why;

		arena_init(&ar);
		rc = demo_check_fresh(st, area, &ar, &why);
		if (rc == SB_CONFLICT)
			fprintf(stderr,
				"sibai demo: %s already holds demo data for %s: %s.\n"
				"Nothing was changed; its passwords were printed when it was made. "
				" "
				"To start over, use a new database (sibai init --db NEW; with "
				"make: "
				"make demo-reset).\n",
				db, area, why);
		else if (rc != SB_OK)
			fprintf(stderr, "sibai demo: %s\n", store_errmsg(st));
		arena_clear(&ar);
		if (rc != SB_OK)
			goto out;
	}
	for (i = 0; i < DEMO_NUSERS; i++)
		if (demo_user_within(&demo_users[i], area)) {
			crypto_password_generate(user_pw[i], sizeof(user_pw[i]));
			opt.user_password[i] = user_pw[i];
		}
	opt.area = area;
	opt.seed = strtoull(seed_text, NULL, 10);
	opt.years = 4;
	opt.now = (int64_t)time(NULL);
	opt.key = &key;
	opt.worker_password = password;
	if (!quiet && isatty(STDERR_FILENO))
		opt.progress = progress;
	t0 = time(NULL);
	rc = demo_generate(st, &opt, &n);
	if (rc != SB_OK) {
		fprintf(stderr, "sibai demo: generating failed: %s\n", store_errmsg(st));
		if (n.committees > 0 || n.named_users > 0)
			fprintf(stderr,
				"sibai demo: %s holds part of the demo now: start over "
				"with a new database\n",
				db);
		goto out;
	}
	printf("demo data for %s (seed %llu) in %lld s: %lld committees, %lld compounds, %lld "
	       "buildings, "
	       "%lld households, %lld residents, %lld grids, %lld workers, %lld visits, %lld "
	       "issues\n",
	       area, (unsigned long long)opt.seed, (long long)(time(NULL) - t0),
	       (long long)n.committees, (long long)n.compounds, (long long)n.buildings,
	       (long long)n.households, (long long)n.residents, (long long)n.grids,
	       (long long)n.workers, (long long)n.visits, (long long)n.issues);
	printf("every demo worker (w<code>_<n>) and head (h<code>) logs in with the password: %s\n",
	       pwfile ? "(from the file)" : password);
	if (strlen(area) == 12)
		printf("and so does the gate account g%s_1 (bound to the first gate)\n", area + 6);
	if (n.named_users > 0)
		printf("named users (each password is shown once: write it down):\n");
	for (i = 0; i < DEMO_NUSERS; i++)
		if (opt.user_password[i])
			printf("  %-18s %-16s %-14s %s  password: %s\n", demo_users[i].username,
			       role_name(demo_users[i].role), demo_users[i].scope,
			       demo_users[i].what, opt.user_password[i]);
	status = 0;
out:
	store_close(st);
	free(password);
	return status;
}

const struct cli_cmd cmd_demo = {
	"demo",
	"fill a database with synthetic demo data under the real divisions",
	"sibai demo --db PATH [--scale committee|street|district|city] [--seed N] [--area CODE] "
	"[--worker-password-file FILE]",
	run,
};
