#ifndef SB_VISITS_H
#define SB_VISITS_H

/*
 * Visits (走百家门): when a household is due under the visit policy, the
 * walking order of a day's plan, and whether a period's visits kept to the
 * policy.  Pure functions over dates written YYYY-MM-DD.
 */

#include <stdbool.h>
#include <stddef.h>

#include "util/day.h" /* visit_day */

#define VISIT_DEFAULT_INTERVAL 365 /* everyone at least once a year */

enum due_reason {
	DUE_NEVER,     /* never visited: due at once */
	DUE_INTERVAL,  /* the interval has passed since the last visit */
	DUE_FOLLOW_UP, /* an explicit follow-up date comes first */
};

struct due {
	char due_on[11];  /* the first day it is due ("" when never visited) */
	bool due;	  /* due on the day asked about */
	int days_overdue; /* days past due_on (0 on the day) */
	enum due_reason reason;
};

/* When a household whose strictest interval is interval days, last visited on
 * last (NULL: never) with an optional follow-up date, is due, seen on today. */
struct due visit_due(int interval, const char *last, const char *follow_up, const char *today);

/* A household's visits over a period [from, to] (visit_day() numbers), from
 * every visit it has (days: n numbers, ascending, each 2 bytes little-endian,
 * as household_cov.days holds them): whether it was visited in the period,
 * and whether it was visited on time: every gap within interval days, from
 * the visit before the period (or its first day) to the first visit in it,
 * between visits, and from the last to its last day. */
struct visit_period {
	bool visited;
	bool on_time;
};
struct visit_period visit_period(const unsigned char *days, size_t n, int from, int to,
				 int interval);

/* The walking order: compound, building, floor, room; labels compare
 * naturally ("2号" before "10号"). */
struct walk_key {
	const char *compound;
	const char *building;
	int floor; /* INT_MIN when unknown: last */
	const char *room;
};
int visit_walk_cmp(const struct walk_key *a, const struct walk_key *b);
/* Natural comparison of labels: runs of digits by value. */
int visit_natural_cmp(const char *a, const char *b);

/*
 * The visit log: recording a visit, its correction within 24 hours (every
 * correction kept), reading and listing visits, and the committee's visit
 * policy.  The API parses a body's syntax; the rules are here.
 */

#include <stdint.h>

#include "core/actor.h"
#include "store/store.h"
#include "util/errors.h"

struct rvalue;

/* What a visit's body gives besides its plain texts (which the API copies
 * into the visit), its syntax checked; NULL, 0 or false when not given. */
struct visit_input {
	bool has_household_id;
	int64_t household_id;
	const char *visited_at; /* RFC 3339 */
	const char *channel;
	bool has_follow_up_on;
	const char *follow_up_on; /* NULL with has_follow_up_on: cleared */
	bool has_residents_met, has_issue_ids;
	const int64_t *residents_met;
	size_t nresidents_met;
	const int64_t *issue_ids;
	size_t nissue_ids;
};

/* Applies in to v (creating: a new visit of in's household, at now unless
 * visited_at is given; else v is the visit being corrected, and stays with
 * its household) and checks it: the household in sc's jurisdiction (*household
 * gets its register values when not NULL), visited_at not in the future nor
 * more than five years ago, the channel one we know, follow_up_on a date not
 * before the visit, the residents met of the household, the issues of its
 * committee.  Refusals (BAD_FIELD naming the field) in fail.  Strings and
 * the id lists' JSON texts go into the arena. */
int visit_prepare(struct store *st, const struct scope *sc, const struct visit_input *in,
		  bool creating, int64_t now, struct arena *ar, struct visit *v,
		  struct rvalue **household, struct sb_fail *fail);

/* Whether worker (of role) may record v: a head and above always; a helper
 * (docs/accounts.md, "Light accounts") a household of helper's buildings and
 * links no issue; a worker a household of its grids on the day, or any of
 * the committee when on reception duty that day.  FORBIDDEN (or BAD_FIELD
 * naming household_id, for a helper) otherwise.  helper is whose buildings
 * count: the caller (the import checks its rows against the importer's, as
 * it always has). */
int visit_may_record(struct store *st, const struct visit *v, int64_t worker, enum role role,
		     int64_t helper, struct arena *ar, struct sb_fail *fail);

/* Keeps v (prepared and allowed) inside the caller's transaction: the visit
 * and its household's visit summary; *id the new visit's.  SB_NOT_FOUND when
 * v's committee is not in sc's jurisdiction. */
int visit_add(struct store *st, const struct scope *sc, const struct visit *v, int64_t *id);

/* Records a visit by who (of role): prepared from in and v's texts, allowed
 * (visit_may_record), kept in its own transaction; *saved as read back after
 * the commit. */
int visit_create(struct store *st, const struct scope *sc, const struct actor *who, enum role role,
		 const struct visit_input *in, struct visit *v, struct arena *ar,
		 struct visit *saved, struct sb_fail *fail);

/* Visit id in sc's jurisdiction; SB_NOT_FOUND otherwise. */
int visit_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	      struct visit *out);
/* A page of visits in scope (core passes f to the store as is). */
int visit_list(struct store *st, const struct scope *sc, const struct visit_filter *f,
	       struct arena *ar, struct visit_list *out);
/* The corrections of visit id in scope, newest first. */
int visit_history(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		  struct change_list *out);

/* Visit id as who may correct it: in scope (else NOT_FOUND), recorded by
 * who (FORBIDDEN), less than 24 hours ago (CONFLICT).  Read before the
 * correction's body is looked at. */
int visit_find_to_correct(struct store *st, const struct scope *sc, const struct actor *who,
			  int64_t id, struct arena *ar, struct visit *out, struct sb_fail *fail);
/* Corrects old (as visit_find_to_correct read it) into v (old with the
 * body's texts, then in applied as visit_prepare does): when anything
 * changed, the visit, the correction kept for its history and the
 * household's summary, in one transaction; *saved as it now stands. */
int visit_correct(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct visit *old, const struct visit_input *in, struct visit *v,
		  struct arena *ar, struct visit *saved, struct sb_fail *fail);

/* The visit policy of committee (in the caller's jurisdiction, checked by
 * the caller): each tag's interval, the committee's own or the default. */
int visit_policy_get(struct store *st, const struct scope *sc, const char *committee,
		     struct arena *ar, struct policy_list *out);
/* Sets committee's interval for tag ("*": everyone else; a tag of the
 * committee that is not derived, BAD_FIELD otherwise) to days (1 to 3660),
 * or back to the default when clear; audited, in its own transaction. */
int visit_policy_set(struct store *st, const struct scope *sc, const struct actor *who,
		     const char *committee, const char *tag, bool clear, int64_t days,
		     struct arena *ar, struct sb_fail *fail);

#endif
