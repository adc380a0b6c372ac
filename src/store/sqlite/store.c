#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/search_key.h"
#include "util/day.h"
#include "store/sqlite/sqlite_int.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/xalloc.h"

static const char *const query_sql[] = {
#define Q(name, sql) sql,
#include "store/queries.def"
#undef Q
};

/* Durability of the server's batches (see "Batched transactions" below). */
static pthread_mutex_t sync_lock = PTHREAD_MUTEX_INITIALIZER;

static int
wal_sync(const char *path)
{
	char wal[4096];
	int fd, rc;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	fd = open(wal, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1; /* no WAL: nothing to sync */
	rc = fdatasync(fd);
	close(fd);
	return rc;
}

/* One writer at a time in this process: SQLite's own busy handler sleeps and
 * retries, which made write latency spiky (docs/performance.md, fact 5). */
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;

static int writer_ref(const char *path, int flags);
static void writer_unref(void);

int
store_global_init(void)
{
	/* These are ignored after the first sqlite3_open (docs/performance.md, fact 2). */
	if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK)
		return SB_INTERNAL;
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		return SB_INTERNAL;
	return sqlite3_initialize() == SQLITE_OK ? SB_OK : SB_INTERNAL;
}

static int
exec(struct store *st, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_err("sql failed: %s: %s", msg ? msg : sqlite3_errstr(rc), sql);
		sqlite3_free(msg);
		return store_err(st, rc);
	}
	return SB_OK;
}

/* sibai_addr(text): its search key (util/search_key.c, filter_search_key), which
 * the address column of resident_fts holds (migration 0015), so that "12号楼
 * 301" finds 12号301室. */
static void
addr_key(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	size_t n = (size_t)sqlite3_value_bytes(argv[0]);
	char *out;

	(void)argc;
	if (in == NULL) {
		sqlite3_result_null(cx);
		return;
	}
	out = sqlite3_malloc64(3 * (sqlite3_uint64)n + 1);
	if (out == NULL) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	n = filter_search_key(in, n, out);
	sqlite3_result_text(cx, out, (int)n, sqlite3_free);
}

/* sibai_days(visited_on): the aggregate behind household_cov.days (migration
 * 0008): the dates, in the order given, as little-endian 16-bit day numbers
 * since 2000-01-01 (visit_day()), so that the coverage report reads them
 * without parsing text.  Dates outside 2000–2179 are left out. */
struct days_acc {
	unsigned char *b;
	size_t n, cap;
};

static void
days_step(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct days_acc *a = sqlite3_aggregate_context(cx, sizeof(*a));
	const char *d = (const char *)sqlite3_value_text(argv[0]);
	int day;

	(void)argc;
	if (a == NULL) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	day = d ? visit_day(d) : -1;
	if (day < 0)
		return;
	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		unsigned char *b = sqlite3_realloc64(a->b, cap);

		if (b == NULL) {
			sqlite3_result_error_nomem(cx);
			return;
		}
		a->b = b;
		a->cap = cap;
	}
	a->b[a->n++] = (unsigned char)(day & 0xff);
	a->b[a->n++] = (unsigned char)(day >> 8);
}

static void
days_final(sqlite3_context *cx)
{
	struct days_acc *a = sqlite3_aggregate_context(cx, 0);

	if (a == NULL || a->n == 0) {
		if (a)
			sqlite3_free(a->b);
		sqlite3_result_null(cx);
		return;
	}
	sqlite3_result_blob(cx, a->b, (int)a->n, sqlite3_free);
}

int
store_open(const char *path, int flags, struct store **out)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	const char *sync = getenv("SIBAI_SYNCHRONOUS");
	char pragma[128];
	struct stat sb;
	int rc;

	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	st->path = xstrdup(path);
	st->c = &st->own;
	st->own.cov = -1;
	rc = sqlite3_open_v2(path, &st->own.db, oflags, NULL);
	st->db = st->own.db;
	if (rc != SQLITE_OK) {
		log_err("cannot open database %s: %s", path,
			st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		store_close(st);
		return rc == SQLITE_CANTOPEN ? SB_NOT_FOUND : SB_IO;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_create_function(st->db, "sibai_days", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				NULL, days_step, days_final);
	sqlite3_create_function(st->db, "sibai_addr", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				addr_key, NULL, NULL);
	sqlite3_busy_timeout(st->db, 10000);
	/* Durability is the default: a write answered 2xx survives a power cut.
	 * SIBAI_SYNCHRONOUS=NORMAL trades that for speed (benchmarks only). */
	if (sync == NULL || (strcmp(sync, "NORMAL") != 0 && strcmp(sync, "FULL") != 0))
		sync = "FULL";
	/* With group commit the connection itself does not sync each commit;
	 * store_commit waits for a shared fdatasync of the WAL instead. */
	st->group_commit = (flags & STORE_GROUP_COMMIT) && strcmp(sync, "FULL") == 0;
	if (flags & STORE_GROUP_COMMIT) {
		/* The server: checkpoints run in their own thread
		 * (store_maintain), not in the request that happens to
		 * commit the 1000th page; and the file grows by 64 MiB at a time,
		 * so that the memory maps of the other connections are rarely
		 * redone. */
		int chunk = 64 << 20;

		sqlite3_file_control(st->db, "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk);
		rc = exec(st, "PRAGMA wal_autocheckpoint=0");
		/* Reads come through the memory map: a small page cache per
		 * connection keeps many threads within the memory budget. */
		if (rc == SB_OK)
			rc = exec(st, (flags & STORE_WRITER) ? "PRAGMA cache_size=-16384"
							     : "PRAGMA cache_size=-1024");
		if (rc != SB_OK) {
			store_close(st);
			return rc;
		}
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA synchronous=%s",
		 st->group_commit ? "NORMAL" : sync);
	rc = exec(st, "PRAGMA journal_mode=WAL");
	if (rc == SB_OK)
		rc = exec(st, pragma);
	if (rc == SB_OK)
		rc = exec(st, "PRAGMA foreign_keys=ON");
	if (rc == SB_OK)
		rc = exec(st, "PRAGMA temp_store=MEMORY");
	/* A command (import, demo, init) is one connection doing bulk work:
	 * 64 MiB of page cache keeps its indexes from spilling each line. */
	if (rc == SB_OK && !(flags & STORE_GROUP_COMMIT))
		rc = exec(st, "PRAGMA cache_size=-65536");
	/* Memory-mapped reads (docs/performance.md, fact 3): always for the shared writer
	 * (it reads the pages it changes), for the readers only when
	 * SIBAI_MMAP=1.  With one connection per thread writing, SQLite unmapped
	 * a connection's whole map whenever another committed (38 % of CPU on
	 * munmap and page faults); with the shared writer, mapped readers still
	 * made durable visit writes 15-25 % slower on the district data (each
	 * remaps as the file grows) while household reads gained about 20 %. */
	if (rc == SB_OK && strcmp(path, ":memory:") != 0 && stat(path, &sb) == 0 &&
	    ((flags & STORE_WRITER) ||
	     (getenv("SIBAI_MMAP") != NULL && strcmp(getenv("SIBAI_MMAP"), "1") == 0))) {
		/* Map about the whole file (docs/performance.md, fact 3), at least 256 MiB. */
		long long want = (long long)sb.st_size * 2;

		if (want < 256LL << 20)
			want = 256LL << 20;
		snprintf(pragma, sizeof(pragma), "PRAGMA mmap_size=%lld", want);
		rc = exec(st, pragma);
	}
	if (rc == SB_OK && (flags & STORE_GROUP_COMMIT) && !(flags & (STORE_WRITER | STORE_READER)))
		rc = writer_ref(path, flags);
	if (rc != SB_OK) {
		store_close(st);
		return rc;
	}
	st->batched = (flags & STORE_GROUP_COMMIT) && !(flags & (STORE_WRITER | STORE_READER));
	st->writer = (flags & STORE_WRITER) != 0;
	*out = st;
	return SB_OK;
}

/* SQLite's progress handler: a non-zero answer interrupts the statement
 * (SQLITE_INTERRUPT, mapped to SB_UNAVAILABLE by store_err). */
static int
progress_check(void *p)
{
	const struct store *st = p;

	return st->gone != NULL && st->gone(st->gone_arg);
}

void
store_set_cancel(struct store *st, bool (*gone)(void *), void *arg)
{
	st->gone = gone;
	st->gone_arg = arg;
	/* Every thousand steps: the check itself is a clock read, the socket is
	 * looked at every 50 ms at most (client_gone). */
	sqlite3_progress_handler(st->own.db, gone ? 1000 : 0, gone ? progress_check : NULL, st);
	if (st->aux)
		store_set_cancel(st->aux, gone, arg);
}

void
store_close(struct store *st)
{
	int i;

	if (st == NULL)
		return;
	if (st->tx_depth > 0)
		store_rollback(st);
	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->own.stmts[i]);
	for (i = 0; i < STORE_SQL_CACHE; i++) {
		sqlite3_finalize(st->own.sql_stmt[i]);
		free(st->own.sql_text[i]);
	}
	sqlite3_close_v2(st->own.db);
	if (st->batched)
		writer_unref();
	store_close(st->aux);
	free(st->reindex.ids);
	free(st->path);
	free(st);
}

const char *
store_errmsg(struct store *st)
{
	return st && st->db ? sqlite3_errmsg(st->db) : "no database";
}

const char *
store_query_sql(enum query q)
{
	return query_sql[q];
}

struct stmt *
store_stmt(struct store *st, enum query q)
{
	sqlite3_stmt *s = st->c->stmts[q];

	if (s == NULL) {
		int rc = sqlite3_prepare_v3(st->db, query_sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s,
					    NULL);

		if (rc != SQLITE_OK) {
			log_err("cannot prepare query %d: %s", (int)q, sqlite3_errmsg(st->db));
			return NULL;
		}
		st->c->stmts[q] = s;
		return (struct stmt *)(void *)s;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return (struct stmt *)(void *)s;
}

struct stmt *
store_stmt_sql(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	unsigned i;
	int rc;

	for (i = 0; i < STORE_SQL_CACHE; i++) {
		if (st->c->sql_text[i] && strcmp(st->c->sql_text[i], sql) == 0) {
			s = st->c->sql_stmt[i];
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return (struct stmt *)(void *)s;
		}
	}
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK) {
		log_err("cannot prepare: %s: %s", sqlite3_errmsg(st->db), sql);
		return NULL;
	}
	i = st->c->sql_next++ % STORE_SQL_CACHE;
	sqlite3_finalize(st->c->sql_stmt[i]);
	free(st->c->sql_text[i]);
	st->c->sql_text[i] = xstrdup(sql);
	st->c->sql_stmt[i] = s;
	return (struct stmt *)(void *)s;
}

int64_t
store_changes(struct store *st)
{
	return sqlite3_changes64(st->db);
}

int64_t
store_last_id(struct store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

struct store *
store_aux(struct store *st)
{
	if (st->aux == NULL &&
	    store_open(st->path, STORE_GROUP_COMMIT | STORE_READER, &st->aux) != SB_OK)
		st->aux = NULL;
	if (st->aux)
		store_set_cancel(st->aux, st->gone, st->gone_arg);
	return st->aux;
}

struct reindex_queue *
store_reindex_queue(struct store *st)
{
	return &st->reindex;
}

int
store_err(struct store *st, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW: return SB_OK;
	case SQLITE_CONSTRAINT: return SB_CONFLICT;
	case SQLITE_NOTFOUND: return SB_NOT_FOUND;
	case SQLITE_INTERRUPT: return SB_UNAVAILABLE; /* store_set_cancel: nobody to answer */
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		log_err("storage error: %s", st ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		return SB_IO;
	default:
		log_err("database error: %s", st ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		return SB_INTERNAL;
	}
}

/* Rebuilds the coverage summary of the households this transaction changed
 * (migration 0008), inside the transaction, so that the summary commits with
 * the change or not at all. */
static int
cov_flush(struct store *st)
{
	struct stmt *s;
	int64_t any = 0;
	int rc;

	if (st->c->cov < 0) {
		s = store_stmt_sql(st, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
				       " AND name = 'cov_dirty'");
		if (s == NULL)
			return SB_INTERNAL;
		rc = store_scalar(st, s, &any);
		if (rc != SB_OK)
			return rc;
		st->c->cov = any > 0;
	}
	if (st->c->cov == 0)
		return SB_OK;
	rc = store_scalar(st, store_stmt(st, Q_COV_ANY), &any);
	if (rc != SB_OK || any == 0)
		return rc;
	rc = store_exec_stmt(st, store_stmt(st, Q_COV_DELETE));
	if (rc == SB_OK)
		rc = store_exec_stmt(st, store_stmt(st, Q_COV_REBUILD));
	if (rc == SB_OK)
		rc = store_exec_stmt(st, store_stmt(st, Q_COV_CLEAR));
	return rc;
}

/* Batched transactions (the server, docs/performance.md, fact 5).  The server's
 * threads share one writer connection: a thread's write transaction is a
 * savepoint ("unit") inside the writer's open transaction, and the thread
 * that ends a unit while nobody waits for the writer (or after
 * BATCH_UNITS units) commits them all at once; every unit's thread returns
 * from store_commit() only when that commit is decided and, with
 * synchronous FULL, on disk.  A unit that fails is rolled back alone.  So
 * many requests share one COMMIT and one fdatasync, and a write answered
 * 2xx is still on disk.  Between store_begin() and the end of the unit, the
 * thread's store uses the writer's connection (st->c), so its reads see its
 * own writes. */
#define BATCH_UNITS 64
#define BATCH_RING 16

static struct {
	struct store *st; /* the shared writer: guarded by writer_lock */
	int refs;	  /* stores using it; guarded by writer_ref_lock */
	bool open;	  /* a batch transaction is open */
	unsigned units;	  /* units in the open batch */
	uint64_t batch;	  /* number of the open (or last) batch */
	/* guarded by sync_lock: every batch up to done is committed (and on
	 * disk with synchronous FULL), save the failed ones in the ring */
	uint64_t done;
	uint64_t failed[BATCH_RING];
	int fail_rc[BATCH_RING];
	pthread_cond_t cv[BATCH_RING]; /* batch n's units wait on cv[n % BATCH_RING] */
} W = {.cv = {PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
	      PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
	      PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
	      PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
	      PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
	      PTHREAD_COND_INITIALIZER}};
static atomic_int writers_waiting;
static pthread_mutex_t writer_ref_lock = PTHREAD_MUTEX_INITIALIZER;

static int
writer_ref(const char *path, int flags)
{
	int rc = SB_OK;

	pthread_mutex_lock(&writer_ref_lock);
	if (W.refs == 0)
		rc = store_open(path, (flags & ~STORE_CREATE) | STORE_WRITER, &W.st);
	if (rc == SB_OK)
		W.refs++;
	pthread_mutex_unlock(&writer_ref_lock);
	return rc;
}

static void
writer_unref(void)
{
	pthread_mutex_lock(&writer_ref_lock);
	if (--W.refs == 0) {
		store_close(W.st);
		W.st = NULL;
	}
	pthread_mutex_unlock(&writer_ref_lock);
}

/* Batch n is decided (rc) and, when it succeeded, durable: so is every
 * batch before it, whose commits the same fdatasync covered. */
static void
batch_done(uint64_t n, int rc)
{
	uint64_t k;

	pthread_mutex_lock(&sync_lock);
	if (rc != SB_OK) {
		W.failed[n % BATCH_RING] = n;
		W.fail_rc[n % BATCH_RING] = rc;
		pthread_cond_broadcast(&W.cv[n % BATCH_RING]);
	} else if (n > W.done) {
		for (k = W.done + 1; k <= n && k <= W.done + BATCH_RING; k++)
			pthread_cond_broadcast(&W.cv[k % BATCH_RING]);
		W.done = n;
	}
	pthread_mutex_unlock(&sync_lock);
}

/* Commits the open batch (writer_lock held, st->c is the writer's). */
static int
batch_commit(struct store *st)
{
	int rc;

	if (sqlite3_get_autocommit(st->db)) {
		rc = SB_IO; /* SQLite rolled the whole transaction back after an error */
	} else {
		rc = cov_flush(st);
		if (rc == SB_OK) {
			int src = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);

			rc = src == SQLITE_OK ? SB_OK : store_err(st, src);
		}
		if (rc != SB_OK)
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
	W.open = false;
	W.units = 0;
	return rc;
}

/* Ends this thread's unit and gives the writer back; commits the batch
 * unless another thread waits to add its own unit (or the batch is full),
 * then syncs the WAL outside the writer lock, so that the next batch runs
 * meanwhile.  Returns the unit's batch. */
static uint64_t
unit_end(struct store *st)
{
	uint64_t mine = W.batch;
	bool commit = atomic_load(&writers_waiting) == 0 || W.units >= BATCH_UNITS;
	int rc = commit ? batch_commit(st) : SB_OK;

	st->c = &st->own;
	st->db = st->own.db;
	pthread_mutex_unlock(&writer_lock);
	if (commit) {
		if (rc == SB_OK && st->group_commit && wal_sync(st->path) != 0) {
			log_err("fdatasync of %s-wal failed: %s", st->path, strerror(errno));
			rc = SB_IO;
		}
		batch_done(mine, rc);
	}
	return mine;
}

static int
batched_begin(struct store *st)
{
	int rc;

	atomic_fetch_add(&writers_waiting, 1);
	pthread_mutex_lock(&writer_lock);
	atomic_fetch_sub(&writers_waiting, 1);
	st->c = &W.st->own;
	st->db = W.st->own.db;
	if (W.open && sqlite3_get_autocommit(st->db)) {
		/* rolled back by SQLite after an error: that batch failed */
		batch_done(W.batch, batch_commit(st));
	}
	if (!W.open) {
		rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			rc = store_err(st, rc);
			st->c = &st->own;
			st->db = st->own.db;
			pthread_mutex_unlock(&writer_lock);
			return rc;
		}
		W.open = true;
		W.batch++;
	}
	W.units++;
	rc = sqlite3_exec(st->db, "SAVEPOINT unit", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = store_err(st, rc);
		unit_end(st);
		return rc;
	}
	return SB_OK;
}

static int
batched_commit(struct store *st)
{
	uint64_t mine;
	int rc = sqlite3_exec(st->db, "RELEASE unit", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		rc = store_err(st, rc);
		sqlite3_exec(st->db, "ROLLBACK TO unit", NULL, NULL, NULL);
		sqlite3_exec(st->db, "RELEASE unit", NULL, NULL, NULL);
		unit_end(st);
		return rc;
	}
	mine = unit_end(st);
	pthread_mutex_lock(&sync_lock);
	while (W.done < mine && W.failed[mine % BATCH_RING] != mine)
		pthread_cond_wait(&W.cv[mine % BATCH_RING], &sync_lock);
	rc = W.failed[mine % BATCH_RING] == mine ? W.fail_rc[mine % BATCH_RING] : SB_OK;
	pthread_mutex_unlock(&sync_lock);
	return rc;
}

static void
batched_rollback(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK TO unit", NULL, NULL, NULL);
	sqlite3_exec(st->db, "RELEASE unit", NULL, NULL, NULL);
	unit_end(st);
}

int
store_begin(struct store *st)
{
	int rc;

	if (st->tx_depth++ > 0)
		return SB_OK;
	if (st->batched) {
		rc = batched_begin(st);
		if (rc != SB_OK)
			st->tx_depth = 0;
		return rc;
	}
	pthread_mutex_lock(&writer_lock);
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		st->tx_depth = 0;
		pthread_mutex_unlock(&writer_lock);
		return store_err(st, rc);
	}
	return SB_OK;
}

int
store_commit(struct store *st)
{
	int rc;

	if (st->tx_depth == 0)
		return SB_INTERNAL;
	if (--st->tx_depth > 0)
		return SB_OK;
	if (st->batched)
		return batched_commit(st);
	rc = cov_flush(st);
	if (rc != SB_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		pthread_mutex_unlock(&writer_lock);
		return rc;
	}
	rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int err = store_err(st, rc);

		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		pthread_mutex_unlock(&writer_lock);
		return err;
	}
	pthread_mutex_unlock(&writer_lock);
	return SB_OK;
}

int
store_end(struct store *st, int rc)
{
	if (rc == SB_OK)
		return store_commit(st);
	store_rollback(st);
	return rc;
}

void
store_rollback(struct store *st)
{
	if (st->tx_depth == 0)
		return;
	/* A nested rollback undoes the whole transaction: the outer commit then fails. */
	st->tx_depth = 0;
	if (st->batched) {
		batched_rollback(st);
		return;
	}
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_unlock(&writer_lock);
}

int
store_savepoint(struct store *st)
{
	return exec(st, "SAVEPOINT line");
}

int
store_savepoint_release(struct store *st)
{
	return exec(st, "RELEASE line");
}

int
store_savepoint_rollback(struct store *st)
{
	int rc = exec(st, "ROLLBACK TO line");

	return rc == SB_OK ? exec(st, "RELEASE line") : rc;
}

bool
store_in_transaction(struct store *st)
{
	return st->tx_depth > 0;
}

int
store_maintain(struct store *st, int64_t min_wal_bytes)
{
	char wal[4096];
	struct stat sb;
	int rc;

	snprintf(wal, sizeof(wal), "%s-wal", st->path);
	if (stat(wal, &sb) != 0 || sb.st_size < min_wal_bytes)
		return SB_OK;
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? SB_OK : store_err(st, rc);
}

int
store_settle(struct store *st)
{
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

	return rc == SQLITE_OK ? SB_OK : store_err(st, rc);
}

int64_t
store_disk_size(struct store *st)
{
	char wal[4096];
	struct stat sb;
	int64_t n = 0;

	if (stat(st->path, &sb) == 0)
		n += sb.st_size;
	snprintf(wal, sizeof(wal), "%s-wal", st->path);
	if (stat(wal, &sb) == 0)
		n += sb.st_size;
	return n;
}

int
store_integrity_check(struct store *st, char *msg, size_t msglen)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_err(st, rc);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(msg, msglen, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = strcmp(msg, "ok") == 0 ? SB_OK : SB_IO;
	} else {
		rc = store_err(st, rc);
	}
	sqlite3_finalize(s);
	return rc;
}

int
store_backup(struct store *st, const char *path)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		log_err("cannot create %s: %s", path,
			dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		return SB_IO;
	}
	b = sqlite3_backup_init(dst, "main", st->db, "main");
	if (b == NULL) {
		log_err("backup failed: %s", sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return SB_IO;
	}
	do {
		rc = sqlite3_backup_step(b, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		log_err("backup failed: %s", sqlite3_errstr(rc));
		sqlite3_close(dst);
		return SB_IO;
	}
	rc = sqlite3_close(dst);
	return rc == SQLITE_OK ? SB_OK : SB_IO;
}

/* Migrations: numbered files compiled in (util/embedded.h), applied in
 * order, each in one transaction with its number recorded. */

int
store_latest_version(void)
{
	return (int)embedded_migrations_count;
}

int
store_schema_version(struct store *st, int *version)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_err(st, rc);
	rc = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? SB_OK : store_err(st, rc);
}

int
store_migrate(struct store *st, int *from, int *to)
{
	int rc, v;
	size_t i;

	rc = store_schema_version(st, &v);
	if (rc != SB_OK)
		return rc;
	*from = v;
	if (v > (int)embedded_migrations_count) {
		log_err("database schema version %d is newer than this program (%zu)", v,
			embedded_migrations_count);
		return SB_CONFLICT;
	}
	for (i = (size_t)v; i < embedded_migrations_count; i++) {
		const struct embedded_file *m = &embedded_migrations[i];
		char *sql = xstrndup((const char *)m->data, m->len);
		char set[64];

		rc = store_begin(st);
		if (rc == SB_OK)
			rc = exec(st, sql);
		free(sql);
		st->c->cov = -1; /* this migration may have made the summary's tables */
		snprintf(set, sizeof(set), "PRAGMA user_version=%zu", i + 1);
		if (rc == SB_OK)
			rc = exec(st, set);
		if (rc == SB_OK) {
			rc = store_commit(st);
		} else {
			log_err("migration %s failed; the database stays at version %zu", m->name,
				i);
			store_rollback(st);
		}
		if (rc != SB_OK)
			return rc;
	}
	*to = (int)embedded_migrations_count;
	return SB_OK;
}

int
store_import_bulk(struct store *st, bool on)
{
	return store_exec_stmt(st, store_stmt_sql(st, on ? "PRAGMA wal_autocheckpoint=65536"
							 : "PRAGMA wal_autocheckpoint=1000"));
}
