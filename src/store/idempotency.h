#ifndef SB_STORE_IDEMPOTENCY_H
#define SB_STORE_IDEMPOTENCY_H

/*
 * Idempotency keys (docs/api.md, "Idempotency-Key"): the first answer to a
 * user's keyed write, stored in the write's own transaction.
 */

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define IDEM_HASH_BYTES 32 /* BLAKE2b-256 of the request body */
#define IDEM_TTL_S (24 * 3600)

struct idem_answer {
	const char *method;
	const char *path; /* with its query string, as received */
	unsigned char body_hash[IDEM_HASH_BYTES];
	int status;
	const char *content_type; /* may be NULL */
	const char *headers;	  /* a JSON array of [name, value] */
	const void *body;
	size_t body_len;
};

/* The answer stored for (user_id, key) after not_before (unix seconds):
 * SB_NOT_FOUND when none.  Strings and body are copied into ar. */
int store_idem_get(struct store *st, int64_t user_id, const char *key, int64_t not_before,
		   struct arena *ar, struct idem_answer *out);
/* Stores (or replaces an expired) answer; inside a write transaction. */
int store_idem_put(struct store *st, int64_t user_id, const char *key, const struct idem_answer *a,
		   int64_t now);
/* Forgets the answers stored at or before `before`. */
int store_idem_purge(struct store *st, int64_t before);

/* The phone's other state kept by the store. */

/* A worker's daily capacity for the plan; *n = 0 when none is set. */
int store_plan_capacity(struct store *st, int64_t user_id, int *n);
int store_plan_capacity_set(struct store *st, int64_t user_id, int n);

#endif
