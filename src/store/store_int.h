#ifndef SB_STORE_INT_H
#define SB_STORE_INT_H

/* Inside the store only: the connection, the statement cache, row helpers. */

#include <sqlite3.h>

#include "store/store.h"
#include "util/clock.h" /* CLOCK_SQL_SHANGHAI_DATE in queries_campaigns.def */
#include "util/errors.h"

enum query {
#define Q(name, sql) Q_##name,
#include "store/queries.def"
#undef Q
	Q_COUNT
};

#define STORE_SQL_CACHE 64

/* One SQLite connection and its prepared statements. */
struct conn {
	sqlite3 *db;
	sqlite3_stmt *stmts[Q_COUNT];
	/* Statements built at run time (register rows, filters), by their text. */
	char *sql_text[STORE_SQL_CACHE];
	sqlite3_stmt *sql_stmt[STORE_SQL_CACHE];
	unsigned sql_next;
	int cov; /* the coverage summary's tables exist: -1 not known yet, 0, 1 */
};

struct store {
	sqlite3 *db;	/* c->db */
	struct conn *c; /* in use: own, or the shared writer's inside a batched transaction */
	struct conn own;
	int tx_depth;
	bool group_commit;  /* STORE_GROUP_COMMIT and synchronous FULL */
	bool batched;	    /* write transactions join the shared writer's batches */
	bool writer;	    /* this is the shared writer (store.c) */
	struct store *aux;  /* a second read connection for split scans, opened on first use */
	bool defer_reindex; /* store_reindex_defer() */
	int64_t *reindex;   /* residents noted while deferred */
	size_t nreindex, capreindex;
	char *path;
	bool (*gone)(void *); /* store_set_cancel */
	void *gone_arg;
};

/* The cached statement, reset and with its bindings cleared; NULL (error
 * recorded on the connection) when it does not prepare. */
sqlite3_stmt *store_stmt(struct store *st, enum query q);
/* A statement built at run time from trusted text (never from input), cached
 * by its text like the fixed ones; reset with bindings cleared. */
sqlite3_stmt *store_stmt_sql(struct store *st, const char *sql);
/* The SQL text of a query (for the unit test that prepares them all). */
const char *store_query_sql(enum query q);
/* Maps an SQLite result code to enum sb_err (constraint → CONFLICT). */
int store_err(struct store *st, int rc);
/* Steps a statement that returns no rows. */
int store_exec_stmt(struct store *st, sqlite3_stmt *s);

/* Steps a statement for one row and reads its first column as an integer
 * (0 when there is no row). */
int store_scalar(struct store *st, sqlite3_stmt *s, int64_t *n);

/* Steps an INSERT; *id (when not NULL) gets the new row's id. */
int store_exec_insert(struct store *st, sqlite3_stmt *s, int64_t *id);
/* Steps a statement and collects its first column as ids, in the arena. */
int store_ids(struct store *st, sqlite3_stmt *s, struct arena *ar, int64_t **ids, size_t *n);

/* Binding helpers: NULL strings and 0 ids bind SQL NULL where stated. */
void bind_text(sqlite3_stmt *s, int i, const char *v); /* NULL → NULL */
void bind_int(sqlite3_stmt *s, int i, int64_t v);
void bind_id_or_null(sqlite3_stmt *s, int i, int64_t v); /* 0 → NULL */
/* A column's text copied into the arena; NULL for SQL NULL. */
const char *col_text(sqlite3_stmt *s, int i, struct arena *ar);

#endif
