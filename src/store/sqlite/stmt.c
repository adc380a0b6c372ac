/* The statement layer (store/stmt.h) over SQLite: a struct stmt is an
 * sqlite3_stmt, never dereferenced as anything else. */

#include <string.h>

#include <sqlite3.h>

#include "store/stmt.h"

_Static_assert(STMT_ROW == SQLITE_ROW && STMT_DONE == SQLITE_DONE, "step codes are SQLite's");
_Static_assert(STMT_INTEGER == SQLITE_INTEGER && STMT_FLOAT == SQLITE_FLOAT &&
		       STMT_TEXT == SQLITE_TEXT && STMT_BLOB == SQLITE_BLOB &&
		       STMT_NULL == SQLITE_NULL,
	       "column types are SQLite's");

#define S(s) ((sqlite3_stmt *)(void *)(s))

int
stmt_step(struct stmt *s)
{
	return sqlite3_step(S(s));
}

void
stmt_reset(struct stmt *s)
{
	sqlite3_reset(S(s));
}

void
bind_text(struct stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(S(s), i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(S(s), i);
}

void
bind_int(struct stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(S(s), i, v);
}

void
bind_id_or_null(struct stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(S(s), i, v);
	else
		sqlite3_bind_null(S(s), i);
}

void
bind_double(struct stmt *s, int i, double v)
{
	sqlite3_bind_double(S(s), i, v);
}

/* NULL binds SQL NULL; a zero-length blob needs a non-NULL p. */
void
bind_blob(struct stmt *s, int i, const void *p, size_t n)
{
	if (p == NULL)
		sqlite3_bind_null(S(s), i);
	else
		sqlite3_bind_blob64(S(s), i, p, (sqlite3_uint64)n, SQLITE_STATIC);
}

void
bind_null(struct stmt *s, int i)
{
	sqlite3_bind_null(S(s), i);
}

int
bind_count(struct stmt *s)
{
	return sqlite3_bind_parameter_count(S(s));
}

int64_t
col_int64(struct stmt *s, int i)
{
	return sqlite3_column_int64(S(s), i);
}

int
col_int(struct stmt *s, int i)
{
	return sqlite3_column_int(S(s), i);
}

double
col_double(struct stmt *s, int i)
{
	return sqlite3_column_double(S(s), i);
}

const char *
col_text_peek(struct stmt *s, int i)
{
	return (const char *)sqlite3_column_text(S(s), i);
}

const char *
col_text(struct stmt *s, int i, struct arena *ar)
{
	const unsigned char *t = sqlite3_column_text(S(s), i);

	if (t == NULL)
		return NULL;
	return arena_strndup(ar, (const char *)t, (size_t)sqlite3_column_bytes(S(s), i));
}

const void *
col_blob(struct stmt *s, int i)
{
	return sqlite3_column_blob(S(s), i);
}

int
col_bytes(struct stmt *s, int i)
{
	return sqlite3_column_bytes(S(s), i);
}

enum stmt_type
col_type(struct stmt *s, int i)
{
	return (enum stmt_type)sqlite3_column_type(S(s), i);
}

const unsigned char *
col_blob_dup(struct stmt *s, int i, struct arena *ar, size_t *n)
{
	const void *b = sqlite3_column_blob(S(s), i);
	unsigned char *out;

	*n = (size_t)sqlite3_column_bytes(S(s), i);
	if (b == NULL || *n == 0) {
		*n = 0;
		return NULL;
	}
	out = arena_alloc(ar, *n);
	memcpy(out, b, *n);
	return out;
}
