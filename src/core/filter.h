#ifndef SB_FILTER_H
#define SB_FILTER_H

/*
 * The register filter (struct filter in store/store.h) from query parameters
 * or from its stored JSON form, and back: the same keys either way, so that a
 * filter picked in the UI can be kept and run again (survey audiences,
 * meeting invitations, campaigns).
 */

#include <jansson.h>

#include "store/store.h"
#include "util/search_key.h" /* filter_search_key */
#include "util/errors.h"

/* A query-string lookup: the value of name, or NULL. */
typedef const char *(*filter_get_fn)(void *ctx, const char *name);

/* Fills f from parameters; today is YYYY-MM-DD.  BAD_QUERY naming the
 * parameter at fault (an unknown tag name included).  Strings live in ar. */
int filter_from_query(struct store *st, filter_get_fn get, void *ctx, const char *today,
		      struct arena *ar, struct filter *f, struct sb_fail *fail);
/* The same from a JSON object (as stored); BAD_FIELD naming the key at fault. */
int filter_from_json(struct store *st, json_t *j, const char *today, struct arena *ar,
		     struct filter *f, struct sb_fail *fail);
/* The JSON form of a filter (only what is set). */
json_t *filter_to_json(const struct filter *f);
void filter_init(struct filter *f, const char *today);

#endif
