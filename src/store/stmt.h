#ifndef SB_STMT_H
#define SB_STMT_H

/*
 * The statement layer: what the store's per-noun code (the files of src/store/) uses
 * to run a prepared query and read its rows, whatever database stands
 * behind it.  The backend (src/store/sqlite/) implements it; nothing here
 * names an engine.
 *
 * A statement comes from store_stmt() (store_int.h), reset and with its
 * bindings cleared.  Parameters are numbered from 1, columns from 0.  Text
 * and blobs bound are NOT copied: they must stay valid until the statement
 * is stepped to its end or reset.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct stmt; /* a prepared statement, owned by its connection */

/* What stmt_step answers besides an error code of the backend (store_err
 * maps those to enum sb_err). */
enum { STMT_ROW = 100, STMT_DONE = 101 };

/* The type of a column's value in the current row. */
enum stmt_type { STMT_INTEGER = 1, STMT_FLOAT = 2, STMT_TEXT = 3, STMT_BLOB = 4, STMT_NULL = 5 };

/* The next row (STMT_ROW), the end (STMT_DONE), or the backend's error. */
int stmt_step(struct stmt *s);
/* Back to before the first row; bindings are kept. */
void stmt_reset(struct stmt *s);

/* Binding: NULL strings and 0 ids bind SQL NULL where stated. */
void bind_text(struct stmt *s, int i, const char *v); /* NULL → NULL */
void bind_int(struct stmt *s, int i, int64_t v);
void bind_id_or_null(struct stmt *s, int i, int64_t v); /* 0 → NULL */
void bind_double(struct stmt *s, int i, double v);
void bind_blob(struct stmt *s, int i, const void *p, size_t n);
void bind_null(struct stmt *s, int i);
/* How many parameters the statement takes. */
int bind_count(struct stmt *s);

/* Columns of the current row. */
int64_t col_int64(struct stmt *s, int i);
int col_int(struct stmt *s, int i);
double col_double(struct stmt *s, int i);
/* The text, valid until the next step or reset; NULL for SQL NULL. */
const char *col_text_peek(struct stmt *s, int i);
/* The text copied into the arena; NULL for SQL NULL. */
const char *col_text(struct stmt *s, int i, struct arena *ar);
/* A blob's bytes, valid until the next step or reset, and their count. */
const void *col_blob(struct stmt *s, int i);
int col_bytes(struct stmt *s, int i);
/* A blob copied into the arena and its length in *n; NULL (n 0) for SQL
 * NULL or an empty blob. */
const unsigned char *col_blob_dup(struct stmt *s, int i, struct arena *ar, size_t *n);
enum stmt_type col_type(struct stmt *s, int i);

#endif
