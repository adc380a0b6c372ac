#ifndef SB_WORKER_RECORD_H
#define SB_WORKER_RECORD_H

/*
 * The worker's record (驾照式积分) as the API reads and writes it: the
 * district's weights, training hours, a worker's points over a month or a
 * year, and the staffing quota (社工额度) report (docs/campaigns.md).  The
 * arithmetic is core/record.c's; this is who may see what, and the reads.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/record.h"
#include "store/store.h"
#include "util/errors.h"

/* The wire name of a weight: "visit_on_time", "issue_taken", …, "training_hour". */
const char *record_weight_name(enum record_kind k);

/* NOT_FOUND unless district code is one the caller may read the weights
 * of (write false: in its jurisdiction, or its own district) or change
 * (write true: in its jurisdiction); for the handler that answers 404
 * before it reads a body. */
int record_weights_find(struct store *st, const struct scope *sc, const char *code, bool write,
			struct arena *ar);

/* The weights of district code and its households per worker, for a caller
 * who may read them: the district in its jurisdiction, or its own district.
 * NOT_FOUND otherwise (or when code is not a district). */
int record_weights_read(struct store *st, const struct scope *sc, const char *code,
			struct arena *ar, struct record_weights *w, int *per_worker);

/* A change of the weights: has[k] says whether weight k is given. */
struct record_weights_change {
	bool has[RK_COUNT];
	int64_t w[RK_COUNT];
	bool has_per_worker;
	int64_t per_worker;
};
/* Changes the weights of district code in sc's jurisdiction (NOT_FOUND
 * otherwise) in a transaction of its own, audited; each weight 0 to 1000,
 * households per worker 1 to 100000 (BAD_FIELD naming it).  *w and *per get
 * the weights after. */
int record_weights_change(struct store *st, const struct scope *sc, const struct actor *who,
			  const char *code, const struct record_weights_change *c, struct arena *ar,
			  struct record_weights *w, int *per_worker, struct sb_fail *fail);

/* Records hours (1 to 24) of training on date for a worker or head of sc's
 * jurisdiction, in the street above its committee, in a transaction of its
 * own, audited.  BAD_FIELD naming worker_id, date or hours. */
int record_training_add(struct store *st, const struct scope *sc, const struct actor *who,
			int64_t worker_id, const char *date, int64_t hours, const char *topic,
			struct arena *ar, int64_t *id, struct sb_fail *fail);

/* A worker's points over a month (YYYY-MM) or a year (YYYY), one of them:
 * each source with its points, the totals, and per month for a year. */
struct worker_record {
	const char *district; /* "" when the worker is above one */
	struct record_weights weights;
	const struct record_source *sources;
	const int *points; /* of each source */
	size_t n;
	struct record_total total;
	struct record_total months[12]; /* a year's */
};
/* A worker sees its own record only; a head or the street their workers'
 * (NOT_FOUND otherwise).  BAD_QUERY naming month or year when the period is
 * not one of them well written. */
int record_of_worker(struct store *st, const struct scope *sc, int64_t worker_id, const char *month,
		     const char *year, struct arena *ar, struct worker_record *out,
		     struct sb_fail *fail);

#endif
