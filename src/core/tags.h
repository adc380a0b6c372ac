#ifndef SB_TAGS_H
#define SB_TAGS_H

/*
 * Tags (docs/register.md, "Tags"): the built-in ones and a committee's own,
 * the reviews due, and the key persons (一口清) who carry the tags of the
 * vulnerable and the veterans.  Setting tags on a row is register_replace_tags.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/register.h"
#include "store/store.h"
#include "util/errors.h"

/* Built-in tags and those of committees in sc's jurisdiction (or of one
 * committee, when not NULL). */
int tag_list(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
	     struct tag_list *out);

/* A committee's own tag as a body gives it: has_* says whether the numbers
 * were given (a number given must be 1 to 3660). */
struct tag_new {
	const char *name;
	const char *category; /* "custom" or "team" */
	const char *committee_code;
	bool has_visit_interval, has_review;
	int64_t visit_interval_days, review_days;
};

/* Creates a tag of a committee in sc's jurisdiction, in a transaction of its
 * own, audited; *out the tag made.  BAD_FIELD naming category,
 * committee_code, visit_interval_days or review_days; CONFLICT naming name
 * when the committee already has (or every committee has) a tag of that name. */
int tag_create(struct store *st, const struct scope *sc, const struct actor *who,
	       const struct tag_new *n, struct arena *ar, struct tag *out, struct sb_fail *fail);

/* Tag assignments in scope whose review date is before before (NULL: 30
 * days from now), at most limit. */
int tag_reviews_due(struct store *st, const struct scope *sc, const char *before, int64_t now,
		    int limit, struct arena *ar, struct tag_on_list *out);

/* The key persons (一口清): every resident matching f in scope who carries
 * one of the tags of the vulnerable and the veterans, at most 5,000, with
 * the total. */
int tag_key_persons(struct store *st, const struct scope *sc, struct filter *f, int64_t now,
		    struct arena *ar, struct register_page *out);

#endif
