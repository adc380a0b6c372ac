#include <csv.h>
#include <string.h>

#include "core/divisions.h"
#include "util/errors.h"
#include "util/log.h"

#define FIELDS 4

struct loader {
	struct store *st;
	struct arena ar;
	char *field[FIELDS];
	int nfield;
	int64_t line;
	int64_t rows;
	int rc;
};

static void
on_field(void *s, size_t len, void *data)
{
	struct loader *l = data;

	if (l->nfield < FIELDS)
		l->field[l->nfield] = arena_strndup(&l->ar, s, len);
	l->nfield++;
}

static void
on_row(int c, void *data)
{
	struct loader *l = data;
	struct area a;

	(void)c;
	l->line++;
	if (l->rc == SB_OK && l->line > 1) {
		if (l->nfield != FIELDS) {
			log_err("divisions line %lld: %d fields, expected %d", (long long)l->line,
				l->nfield, FIELDS);
			l->rc = SB_BAD_FIELD;
		} else {
			a.code = l->field[0];
			a.name = l->field[1];
			a.level = l->field[2];
			a.parent_code = l->field[3][0] ? l->field[3] : NULL;
			l->rc = store_area_insert(l->st, &a);
			l->rows++;
		}
	}
	l->nfield = 0;
	arena_clear(&l->ar);
}

int
divisions_load(struct store *st, const char *csv, size_t len, int64_t *n)
{
	struct csv_parser p;
	struct loader l = {.st = st, .rc = SB_OK};
	int rc;

	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		return SB_INTERNAL;
	arena_init(&l.ar);
	rc = store_begin(st);
	if (rc != SB_OK)
		goto out;
	if (csv_parse(&p, csv, len, on_field, on_row, &l) != len ||
	    csv_fini(&p, on_field, on_row, &l) != 0) {
		log_err("divisions: %s", csv_strerror(csv_error(&p)));
		l.rc = SB_BAD_FIELD;
	}
	rc = l.rc;
	if (rc == SB_OK)
		rc = store_area_closure_rebuild(st);
	if (rc == SB_OK)
		rc = store_commit(st);
	else
		store_rollback(st);
	*n = l.rows;
out:
	csv_free(&p);
	arena_clear(&l.ar);
	return rc;
}
