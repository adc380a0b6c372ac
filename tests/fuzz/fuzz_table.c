/* The table reader as an import uses it: CSV in UTF-8 or GB18030 (and XLSX
 * when the input starts like a ZIP file) through table_each. */
#include "fuzz.h"
#include "util/table.h"

static int
on_row(const struct table_row *row, void *ctx)
{
	size_t *bytes = ctx, i;

	if (row->ncells == 0 || row->ncells > TABLE_COLUMNS_MAX)
		abort();
	for (i = 0; i < row->ncells; i++) {
		size_t n = strlen(row->cells[i]);

		if (n > TABLE_FIELD_MAX)
			abort();
		*bytes += n;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_error err;
	const char *encoding;
	size_t bytes = 0;

	(void)table_each(data, size, on_row, &bytes, &encoding, &err);
	return 0;
}
