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

/* The search key of a text (an address or a name typed at the counter) as
 * the register's index holds it (docs/register.md, "Search"): full-width
 * letters and digits made ASCII, Latin letters lower case, spaces dropped,
 * 号楼, 幢, 栋, '-' and '#' written 号 (once), 室 dropped: "12号楼 301室",
 * "12-301" and "１２号301" are all "12号301".  Writes at most 3 × n + 1
 * bytes into out (NUL-terminated); returns its length. */
size_t filter_search_key(const char *in, size_t n, char *out);

#endif
