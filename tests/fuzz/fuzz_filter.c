/* The register filter as the server reads it: from a query string (the
 * first byte even; name=value pairs split on '&', as request_query hands them
 * over) or from its stored JSON form (the first byte odd).  A filter that
 * was read must survive filter_to_json and filter_from_json again. */
#define FUZZ_WITH_STORE
#include "fuzz.h"

#include "core/filter.h"
#include "util/arena.h"

#define PAIRS_MAX 64

struct query {
	size_t n;
	const char *names[PAIRS_MAX];
	const char *values[PAIRS_MAX];
};

/* The first value of name, as request_query answers. */
static const char *
query_get(void *ctx, const char *name)
{
	const struct query *q = ctx;
	size_t i;

	for (i = 0; i < q->n; i++)
		if (strcmp(q->names[i], name) == 0)
			return q->values[i];
	return NULL;
}

static void
query_split(char *s, struct query *q)
{
	char *save = NULL, *pair;

	q->n = 0;
	for (pair = strtok_r(s, "&", &save); pair && q->n < PAIRS_MAX;
	     pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');

		q->names[q->n] = pair;
		q->values[q->n] = "";
		if (eq) {
			*eq = '\0';
			q->values[q->n] = eq + 1;
		}
		q->n++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_store *fs = fuzz_store();
	struct sb_fail fail = {0};
	struct filter f;
	struct arena ar;
	int rc;

	if (size == 0)
		return 0;
	arena_init(&ar);
	if ((data[0] & 1) == 0) {
		char *s = fuzz_string(data + 1, size - 1);
		size_t len = strlen(s);
		char *key = malloc(3 * len + 1), *key2 = malloc(3 * len + 1);
		struct query q;

		/* q's search key (docs/register.md, "Search"): within 3 × n + 1
		 * bytes, and the key of a key is itself, so that the index and
		 * the query meet. */
		if (filter_search_key(s, len, key) > 3 * len ||
		    filter_search_key(key, strlen(key), key2) != strlen(key) ||
		    strcmp(key, key2) != 0) {
			fprintf(stderr, "search key: %s -> %s -> %s\n", s, key, key2);
			abort();
		}
		free(key);
		free(key2);
		query_split(s, &q);
		rc = filter_from_query(fs->st, query_get, &q, "2026-12-03", &ar, &f, &fail);
		if (rc == SB_OK) {
			json_t *j = filter_to_json(&f);
			struct filter again;

			if (filter_from_json(fs->st, j, "2026-12-03", &ar, &again, &fail) !=
			    SB_OK) {
				fprintf(stderr,
					"a filter read from a query does not read back: %s\n",
					fail.en ? fail.en : "?");
				abort();
			}
			json_decref(j);
		}
		free(s);
	} else {
		json_t *j =
			json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, NULL);

		if (j != NULL) {
			rc = filter_from_json(fs->st, j, "2026-12-03", &ar, &f, &fail);
			if (rc == SB_OK) {
				json_t *back = filter_to_json(&f);
				struct filter again;

				if (filter_from_json(fs->st, back, "2026-12-03", &ar, &again,
						     &fail) != SB_OK) {
					fprintf(stderr, "a stored filter does not read back: %s\n",
						fail.en ? fail.en : "?");
					abort();
				}
				json_decref(back);
			}
			json_decref(j);
		}
	}
	arena_clear(&ar);
	return 0;
}
