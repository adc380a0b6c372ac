#ifndef SB_STORE_CHECKING_H
#define SB_STORE_CHECKING_H

/*
 * The store's side of the checking list (核查) and of remembered import
 * mappings (store/checking.c; docs/checking.md).  Strings live in the
 * caller's arena; reads take the caller's scope, and what is outside it is
 * SB_NOT_FOUND.
 */

#include "store/store.h"

/* A batch found by a scoped read (store_check_batches, store_check_batch_get);
 * its committee is the area its file covers. */
STORE_REF(check_batch);

struct check_batch {
	int64_t id;
	struct check_batch_ref ref; /* read only: set by the scoped reads */
	const char *area_code, *area_name, *file_name;
	int64_t rows, rejected, created_by, created_at;
	const char *created_by_name;
};

struct check_progress {
	const char *committee_code, *name;
	int64_t rows, unchanged, kinds[3], states[5];
};

/* An item found by a scoped read (store_check_items, store_check_item_get). */
STORE_REF(check_item);

struct check_item {
	int64_t id, batch_id;
	struct check_item_ref ref; /* read only: set by the scoped reads */
	const char *committee_code, *kind, *state;
	int64_t line, resident_id, household_id;
	const char *name, *compound, *building, *room;
	const char *proposed, *changes; /* JSON texts, or NULL */
	const unsigned char *id_box, *phone_box;
	size_t id_boxlen, phone_boxlen;
	const char *note;
	int64_t marked_by, marked_at;
	const char *marked_by_name;
};

/* The kinds and states, in the order of check_progress's counts. */
extern const char *const check_kinds[3];
extern const char *const check_states[5];

/* Inserts a batch (not complete: nobody sees it yet) of a file whose area
 * lies in the caller's scope; *out gets its reference (committee: the
 * area).  NOT_FOUND when the area is outside the scope. */
int store_check_batch_insert(struct store *st, const struct scope *sc, const struct check_batch *b,
			     struct arena *ar, struct check_batch_ref *out);
/* Marks the batch inserted (its ref) complete: it shows from now on. */
int store_check_batch_complete(struct store *st, const struct check_batch_ref *batch);
/* Adds a committee to the batch (its ref); NOT_FOUND when the committee does
 * not lie under the batch's area. */
int store_check_committee_insert(struct store *st, const struct check_batch_ref *batch,
				 const char *committee, int64_t rows, int64_t unchanged);
/* Adds an item to the batch (its ref; it->batch_id is not read); NOT_FOUND
 * when its committee is not one of the batch's (store_check_committee_insert
 * first). */
int store_check_item_insert(struct store *st, const struct check_batch_ref *batch,
			    const struct check_item *it, int64_t *id);

/* Batches one of whose committees is in scope (and under area, when not
 * NULL), newest first, ids below before (0: from the newest). */
int store_check_batches(struct store *st, const struct scope *sc, const char *area, int64_t before,
			int limit, struct arena *ar, struct check_batch **items, size_t *n);
int store_check_batch_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			  struct check_batch *out);
/* Counts per committee of a batch, the committees in scope only. */
int store_check_progress(struct store *st, const struct scope *sc, int64_t batch_id,
			 struct arena *ar, struct check_progress **items, size_t *n);

struct check_item_filter {
	int64_t batch_id; /* 0: any */
	const char *committee, *state, *kind;
	int64_t household_id; /* 0: any */
	int64_t after;	      /* ids above */
	int limit;
};
int store_check_items(struct store *st, const struct scope *sc, const struct check_item_filter *f,
		      struct arena *ar, struct check_item **items, size_t *n);
int store_check_item_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			 struct check_item *out);
/* Marks an open item found in scope (CONFLICT when it is marked already). */
int store_check_item_mark(struct store *st, const struct check_item_ref *item, const char *state,
			  const char *note, int64_t by, int64_t at, int64_t resident_id);
/* Open new and changed items of a committee of a batch, ids above after;
 * none when the committee is outside sc. */
int store_check_items_to_accept(struct store *st, const struct scope *sc, int64_t batch_id,
				const char *committee, int64_t after, int limit, struct arena *ar,
				int64_t **ids, size_t *n);
/* Whether the batch covers that committee, and it lies in sc. */
int store_check_covers(struct store *st, const struct scope *sc, int64_t batch_id,
		       const char *committee, bool *yes);

struct import_mapping {
	const char *area_code, *header_key, *mapping; /* mapping: JSON text */
	int64_t updated_at;
	const char *updated_by_name;
};
/* The mappings remembered for an area (header_key NULL: all of them). */
int store_import_mappings(struct store *st, const char *area, const char *header_key,
			  struct arena *ar, struct import_mapping **items, size_t *n);
int store_import_mapping_put(struct store *st, const char *area, const char *header_key,
			     const char *mapping, int64_t by, int64_t at);

#endif
