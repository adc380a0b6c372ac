#ifndef SB_SQLITE_INT_H
#define SB_SQLITE_INT_H

/* The SQLite backend's own: the connection, its statement cache and the
 * shared writer's state.  Only src/store/sqlite/ includes this. */

#include <sqlite3.h>

#include "store/store_int.h"

/* Flags of store_open beside store.h's, inside the backend only. */
#define STORE_WRITER 4 /* the shared writer of STORE_GROUP_COMMIT stores */
#define STORE_READER 8 /* a server store's second read connection (store_aux) */

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
	bool group_commit;	      /* STORE_GROUP_COMMIT and synchronous FULL */
	bool batched;		      /* write transactions join the shared writer's batches */
	bool writer;		      /* this is the shared writer (store.c) */
	struct store *aux;	      /* a second read connection for split scans (store_aux) */
	struct reindex_queue reindex; /* store_reindex_defer() */
	char *path;
	bool (*gone)(void *); /* store_set_cancel */
	void *gone_arg;
};

#endif
