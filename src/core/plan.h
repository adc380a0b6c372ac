#ifndef SB_PLAN_H
#define SB_PLAN_H

/*
 * A plan a person can walk (docs/visits.md, "A day a person can walk"): of
 * the households due, the day's share by urgency, walked in order, and where
 * to go next.  Pure functions over candidates made by the caller.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/visits.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/errors.h"

#define PLAN_DEFAULT_CAPACITY 12 /* households a day: see docs/visits.md */
#define PLAN_CAPACITY_MAX 60
/* A household whose strictest interval is at most this many days is
 * vulnerable (独居老人 and 孤寡老人 7, 困难家庭 and 空巢老人 30); 老党员 (90) and
 * the yearly round are not. */
#define PLAN_VULNERABLE_DAYS 30

enum plan_urgency {
	PLAN_VULNERABLE, /* a vulnerable household due */
	PLAN_FOLLOW_UP,	 /* a follow-up date reached */
	PLAN_OVERDUE,	 /* past due, most overdue first */
	PLAN_ROUND,	 /* the yearly round: never visited, or due from today */
	PLAN_NOT_DUE,
};

struct plan_candidate {
	int64_t household_id;
	struct walk_key where;
	int interval; /* the strictest interval of its tags */
	struct due due;
	/* set by plan_day */
	enum plan_urgency urgency;
	int walk; /* 1, 2, … its place in today's walk; 0: not today */
};

/* Chooses today's households among c (the due ones: due.due) and reorders c:
 * first today's walk in walking order (walk 1…k), then the households due
 * that do not fit, most urgent first, then those not due.  Today takes, up
 * to capacity, the vulnerable households due, then the follow-ups due, then
 * the most overdue, then of the round its share for the rest of the week,
 * ceil(round / workdays_left), those in a building already on the walk
 * first.  Returns k. */
size_t plan_day(struct plan_candidate *c, size_t n, int capacity, int workdays_left);

/* Where to go after the household at `at` (which need not be in the walk):
 * the index among walk[0..k) of the nearest one in the same building — the
 * floors above first, nearest first, then those below, nearest first — else
 * the first after `at` in walking order, else the first of the walk; -1 when
 * the walk holds nothing but `at`. */
long plan_next(const struct plan_candidate *walk, size_t k, int64_t at_id,
	       const struct walk_key *at);

/* What the store knows, turned into plans (store/visits.c; the functions
 * below read and write; plan_day and plan_next are the pure rule). */

/* A household of a worker's grids with when it is due. */
struct plan_item {
	const struct plan_row *row;
	struct due due;
};

/* The names of the due reasons on the wire and in the feed. */
const char *plan_reason_name(enum due_reason reason);
/* The names of the urgencies on the wire. */
const char *plan_urgency_name(enum plan_urgency urgency);

/* The households of worker's grids due on date, in walking order; horizon >
 * 0 also takes those falling due within that many days (for the feed).  In
 * the arena.  Only grids of committees in sc's jurisdiction (the caller's:
 * the worker itself, the feed's owner, a head's report). */
int plan_items(struct store *st, const struct scope *sc, int64_t worker, const char *date,
	       int horizon, struct arena *ar, struct plan_item **out, size_t *n);

/* A worker's day (docs/visits.md, "A day a person can walk"): every household
 * of its grids as a candidate, today's walk chosen by plan_day within the
 * worker's capacity. */
struct plan_walk {
	struct plan_candidate *candidates; /* today's walk first (walked), then the rest */
	size_t n, walked, due, overdue;
	int capacity, workdays_left;
};
/* Only grids of committees in sc's jurisdiction, as plan_items. */
int plan_walk(struct store *st, const struct scope *sc, int64_t worker, const char *date,
	      struct arena *ar, struct plan_walk *out);
/* The candidate of a household in a worker's day, or NULL. */
const struct plan_candidate *plan_walk_find(const struct plan_walk *day, int64_t household_id);

/* The caller's day (GET /me/plan): the due households in walking order,
 * the walk, the committees where the caller is on reception, and the next
 * household after `after` (0: from the start).  An `after` that is not a
 * household of the caller's grids is SB_BAD_QUERY with fail naming
 * "after".  next is 0 when there is nowhere to go. */
struct plan_today {
	struct plan_item *items;
	size_t n;
	struct plan_walk day;
	const char **reception; /* committee codes */
	size_t nreception;
	int64_t next;
};
int plan_today(struct store *st, const struct scope *sc, const char *date, int64_t after,
	       struct arena *ar, struct plan_today *out, struct sb_fail *fail);

/* The worker id in sc whose capacity may be set: SB_NOT_FOUND when it is
 * not a worker account in the caller's jurisdiction; *committee (may be NULL)
 * gets the first area of its jurisdiction. */
int plan_worker(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		const char **committee);
/* Sets worker id's households a day to n (1..PLAN_CAPACITY_MAX, else
 * SB_BAD_FIELD with fail naming "households_per_day"), after plan_worker's
 * rule, in one transaction with its audit entry. */
int plan_capacity_set(struct store *st, const struct scope *sc, const struct actor *who, int64_t id,
		      int64_t n, struct arena *ar, struct sb_fail *fail);

/* The calendar feed of a worker's plan (RFC 5545, core/ical.h). */
/* Makes a new secret feed token for who (the old one stops working);
 * token gets it. */
int plan_feed_renew(struct store *st, const struct actor *who, char token[SB_TOKEN_CHARS + 1]);
/* Revokes who's feed token. */
int plan_feed_revoke(struct store *st, const struct actor *who);
/* Writes the feed of token (the due households of its owner from today
 * and falling due within 14 days) at now into out; SB_NOT_FOUND when the
 * token is unknown or its account disabled. */
int plan_feed(struct store *st, const char *token, int64_t now, struct arena *ar, struct buf *out);

#endif
