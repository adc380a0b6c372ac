#ifndef SB_STORE_INT_H
#define SB_STORE_INT_H

/* Inside the store only: what the per-noun code (the files of src/store/) uses of its
 * backend (src/store/sqlite/): cached statements by name, running them, and
 * the statement layer (store/stmt.h).  Nothing here names an engine; the
 * SQL texts of the named queries are the backend's (queries*.def). */

#include "store/stmt.h"
#include "store/store.h"
#include "util/clock.h" /* CLOCK_SQL_SHANGHAI_DATE in queries_campaigns.def */
#include "util/errors.h"

enum query {
#define Q(name, sql) Q_##name,
#include "store/queries.def"
#undef Q
	Q_COUNT
};

/* Resident ids whose search index waits for store_reindex_flush while an
 * import defers it (store_reindex_defer). */
struct reindex_queue {
	bool defer;
	int64_t *ids;
	size_t n, cap;
};

/* The cached statement, reset and with its bindings cleared; NULL (error
 * recorded on the connection) when it does not prepare. */
struct stmt *store_stmt(struct store *st, enum query q);
/* A statement built at run time from trusted text (never from input), cached
 * by its text like the fixed ones; reset with bindings cleared. */
struct stmt *store_stmt_sql(struct store *st, const char *sql);
/* The SQL text of a query (for the unit test that prepares them all). */
const char *store_query_sql(enum query q);
/* Maps a result code of the backend to enum sb_err (constraint → CONFLICT). */
int store_err(struct store *st, int rc);
/* Steps a statement that returns no rows. */
int store_exec_stmt(struct store *st, struct stmt *s);

/* Steps a statement for one row and reads its first column as an integer
 * (0 when there is no row). */
int store_scalar(struct store *st, struct stmt *s, int64_t *n);

/* Steps an INSERT; *id (when not NULL) gets the new row's id. */
int store_exec_insert(struct store *st, struct stmt *s, int64_t *id);
/* Steps a statement and collects its first column as ids, in the arena. */
int store_ids(struct store *st, struct stmt *s, struct arena *ar, int64_t **ids, size_t *n);

/* Steps s for the one row it may have: SB_OK with the row current (the
 * caller reads it and resets s), NOT_FOUND or an error with s reset. */
int store_step_one(struct store *st, struct stmt *s);
/* The same, reading the row with read(s, ar, out) and resetting s. */
int store_read_one(struct store *st, struct stmt *s,
		   void (*read)(struct stmt *s, struct arena *ar, void *out), struct arena *ar,
		   void *out);
/* Ends a loop over s's rows whose last step answered rc: SB_OK at the end,
 * the error otherwise; s is reset. */
int store_finish(struct store *st, struct stmt *s, int rc);
/* Rows the last statement changed. */
int64_t store_changes(struct store *st);
/* The rowid of the last INSERT. */
int64_t store_last_id(struct store *st);
/* The second read connection of a split scan: opened on first use with the
 * first's cancel check, closed with it; NULL when it cannot be opened (the
 * caller then scans in one pass). */
struct store *store_aux(struct store *st);
/* The search-index queue of an import (store/register.c). */
struct reindex_queue *store_reindex_queue(struct store *st);

#endif
