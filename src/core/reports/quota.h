#ifndef SB_REPORT_QUOTA_H
#define SB_REPORT_QUOTA_H

/*
 * The staffing quota (社工额度): workers against households by the
 * district's formula, per committee and per street (docs/campaigns.md).
 */

#include <stdint.h>

#include "store/store.h"
#include "util/errors.h"

struct quota_line {
	const char *code, *name; /* the committee's or the street's ("" when none) */
	const char *street_code; /* committees: NULL when none */
	int64_t households, workers;
	int per_worker;		    /* committees: the district's households per worker */
	int64_t needed, difference; /* workers − needed */
};

struct quota_report {
	struct quota_line *committees; /* with their street, in the store's order */
	size_t ncommittees;
	struct quota_line *streets; /* in order of first appearance */
	size_t nstreets;
};

/* The quota of the committees under area, an area of sc's jurisdiction
 * (BAD_QUERY naming area otherwise). */
int report_quota(struct store *st, const struct scope *sc, const char *area, struct arena *ar,
		 struct quota_report *out, struct sb_fail *fail);

/* "over", "under" or "ok" for a difference of workers against the quota. */
const char *report_quota_status(int64_t difference);

#endif
