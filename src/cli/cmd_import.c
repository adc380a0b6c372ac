#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/import.h"
#include "store/store.h"
#include "util/crypto.h"
#include "util/xalloc.h"

/* sibai import residents FILE: the same import as POST /api/v1/imports, with
 * progress on stderr (lines and lines a second: on a terminal after every
 * batch, else a line every PROGRESS_EVERY seconds; none with --quiet).  Exit
 * 0: every line applied; 3: some lines were rejected (see the report); 1: the
 * file could not be read.
 *
 * A command's import is one long run of batches: SQLite's own checkpoint at
 * every 1000th page of WAL would copy the same index pages into the database
 * batch after batch, so the import has it run every 256 MiB of WAL instead
 * (store_import_bulk), and once at the end (docs/performance.md, "Import
 * speed"). */

#define PROGRESS_EVERY 10
/* Lines read per batch: each is still written in transactions of
 * IMPORT_BATCH_MS at most, but fewer, longer ones (docs/performance.md). */
#define IMPORT_COMMAND_LINES 20000

struct progress {
	void *data; /* the mapped file */
	size_t len;
	bool show, tty;
	double started, shown;
};

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* After every batch (outside its transaction): the parsed pages of the file
 * handed back, and the progress shown. */
static void
progress(size_t lines, void *ctx)
{
	struct progress *p = ctx;
	double now = seconds(), rate;

	if (p->len)
		madvise(p->data, p->len, MADV_DONTNEED);
	if (!p->show || (!p->tty && now - p->shown < PROGRESS_EVERY))
		return;
	p->shown = now;
	rate = now > p->started ? (double)lines / (now - p->started) : 0;
	fprintf(stderr,
		p->tty ? "\r导入中 importing: %zu 行 lines, %.0f 行/秒 lines/s"
		       : "导入中 importing: %zu 行 lines, %.0f 行/秒 lines/s\n",
		lines, rate);
	fflush(stderr);
}

/* The file mapped, not read: its pages are the page cache's, and progress()
 * hands those already parsed back after every batch (MADV_DONTNEED on a
 * read-only private map: touched again, they are mapped again from the
 * cache), so that the import's memory stays flat however large the file. */
static char *
map_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat sb;
	void *data;

	if (fd < 0 || fstat(fd, &sb) != 0) {
		fprintf(stderr, "sibai import: cannot read %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	*len = (size_t)sb.st_size;
	/* an empty file: a buffer of its own (mmap refuses length 0) */
	data = *len ? mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0) : xcalloc(1, 1);
	close(fd);
	if (data == MAP_FAILED) {
		fprintf(stderr, "sibai import: cannot map %s: %s\n", path, strerror(errno));
		return NULL;
	}
	return data;
}

static void
unmap_file(char *data, size_t len)
{
	if (data == NULL)
		return;
	if (len)
		munmap(data, len);
	else
		free(data);
}

static int
run(int argc, char **argv)
{
	const char *db = NULL, *committee = NULL, *as = "admin", *key_opt = NULL;
	bool dry = false, all = false, quiet = false;
	const struct cli_opt opts[] = {
		{"db", &db, NULL},	 {"committee", &committee, NULL},
		{"as", &as, NULL},	 {"key", &key_opt, NULL},
		{"dry-run", NULL, &dry}, {"all-or-nothing", NULL, &all},
		{"quiet", NULL, &quiet}, {NULL, NULL, NULL},
	};
	struct import_options opt = {0};
	struct progress prog = {0};
	struct register_actor who = {0};
	struct sb_fail fail = {0};
	struct store *st = NULL;
	struct scope sc;
	struct sb_key key;
	struct arena ar;
	struct user u;
	json_t *report = NULL, *line;
	char err[512], *data = NULL, *keypath;
	size_t len = 0, i;
	bool created;
	int rc, status = 1;

	if (argc < 3 || strcmp(argv[1], "residents") != 0) {
		fprintf(stderr, "usage: %s\n", cmd_import.usage);
		return 2;
	}
	if (!cli_parse(&cmd_import, argc, argv, 3, opts))
		return 2;
	if (db == NULL)
		return cli_missing(&cmd_import, "db");
	if (committee == NULL)
		return cli_missing(&cmd_import, "committee");
	if (cli_setup() != 0)
		return 1;
	arena_init(&ar);
	keypath = cli_key_path(db, key_opt);
	rc = crypto_key_load(keypath, false, &key, &created, err, sizeof(err));
	free(keypath);
	if (rc != SB_OK) {
		fprintf(stderr, "sibai import: %s\n", err);
		goto out;
	}
	data = map_file(argv[2], &len);
	if (data == NULL)
		goto out;
	if (store_open(db, 0, &st) != SB_OK)
		goto out;
	if (store_user_by_name(st, as, &ar, &u) != SB_OK || u.disabled) {
		fprintf(stderr, "sibai import: no active user named %s (--as)\n", as);
		goto out;
	}
	sc.user_id = u.id;
	sc.role = u.role;
	who.user_id = u.id;
	who.username = u.username;
	who.role = u.role;
	who.now = (int64_t)time(NULL);
	who.key = &key;
	opt.committee = committee;
	opt.dry_run = dry;
	opt.all_or_nothing = all;
	prog.data = data;
	prog.len = len;
	prog.show = !quiet;
	prog.tty = isatty(STDERR_FILENO);
	prog.started = prog.shown = seconds();
	opt.progress = progress;
	opt.progress_ctx = &prog;
	opt.batch_lines = IMPORT_COMMAND_LINES;
	opt.rejected_lines_only = true;
	if (!dry)
		store_import_bulk(st, true);
	rc = import_residents(st, &sc, data, len, &opt, &who, &ar, &report, &fail);
	if (!dry) {
		store_import_bulk(st, false);
		store_maintain(st, 0);
	}
	if (prog.show && prog.tty)
		fprintf(stderr, "\n");
	if (rc != SB_OK) {
		fprintf(stderr, "sibai import: %s\n", fail.en ? fail.en : "the import failed");
		goto out;
	}
	json_array_foreach (json_object_get(report, "lines"), i, line) {
		if (strcmp(json_string_value(json_object_get(line, "status")), "rejected") != 0)
			continue;
		printf("line %lld: rejected: %s\n",
		       (long long)json_integer_value(json_object_get(line, "line")),
		       json_string_value(json_object_get(line, "reason")));
	}
	printf("%s: %lld inserted, %lld updated, %lld unchanged, %lld rejected (%s)%s\n", argv[2],
	       (long long)json_integer_value(json_object_get(report, "inserted")),
	       (long long)json_integer_value(json_object_get(report, "updated")),
	       (long long)json_integer_value(json_object_get(report, "unchanged")),
	       (long long)json_integer_value(json_object_get(report, "rejected")),
	       json_string_value(json_object_get(report, "encoding")),
	       json_is_true(json_object_get(report, "written")) ? "" : "; nothing was written");
	status = json_integer_value(json_object_get(report, "rejected")) > 0 ? 3 : 0;
out:
	json_decref(report);
	store_close(st);
	arena_clear(&ar);
	unmap_file(data, len);
	return status;
}

const struct cli_cmd cmd_import = {
	"import",
	"import residents from a CSV or XLSX file (docs/import-template.md)",
	"sibai import residents FILE --db PATH --committee CODE [--dry-run] [--all-or-nothing] "
	"[--as USER]",
	run,
};
