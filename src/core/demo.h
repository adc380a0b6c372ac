#ifndef SB_DEMO_H
#define SB_DEMO_H

/*
 * Synthetic but realistic data under the real divisions (docs/demo-data.md):
 * compounds of each kind and era, buildings with floors and lifts, households
 * of one to six people with Shanghai's old age structure, tags at plausible
 * shares, grids of 250–300 households with their workers, and four years of
 * visits that keep to the policy imperfectly.  The same seed gives the same
 * database.  Everything is written through the store, in large transactions.
 */

#include <stdint.h>

#include "store/store.h"
#include "util/crypto.h"

struct demo_options {
	const char *area; /* the area to fill: a committee, street, district or "31" */
	uint64_t seed;
	int years; /* of visits, ending today */
	int64_t now;
	const struct sb_key *key;
	const char *worker_password; /* every demo worker's password */
	/* Called now and then with the work done (0..total). */
	void (*progress)(const char *stage, int64_t done, int64_t total, void *ctx);
	void *progress_ctx;
};

struct demo_counts {
	int64_t committees, compounds, buildings, households, residents, grids, workers, visits,
		issues;
};

int demo_generate(struct store *st, const struct demo_options *opt, struct demo_counts *out);

/* The deterministic generator behind it (splitmix64), for tests. */
uint64_t demo_rand(uint64_t *state);

#endif
