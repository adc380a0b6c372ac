#ifndef SB_DUTIES_H
#define SB_DUTIES_H

/*
 * Daily duties (两两分组, docs/campaigns.md): a worker or a pair per task
 * kind and the places they cover, each worker's part, a duty marked done.
 * Not the reception roster (core/reception.h).  The kinds and times are in
 * core/campaign.h; the rows in store/campaigns.h.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "store/campaigns.h"
#include "util/errors.h"

/* Creates the duty d (committee_code, date, kind, areas as JSON text, note,
 * campaign_id, times) with its workers, checked by the caller to serve the
 * duty's committee, in one transaction with its audit entry; *out is the
 * duty as read back in sc (its strings in the arena). */
int duty_create(struct store *st, const struct scope *sc, const struct actor *who,
		const struct duty *d, const int64_t *workers, size_t nworkers, struct arena *ar,
		struct duty *out);

/* The duties in sc of a committee (NULL: any), a date (NULL: any) and a
 * worker (0: any), in the arena. */
int duty_list(struct store *st, const struct scope *sc, const char *committee, const char *date,
	      int64_t worker, struct arena *ar, struct duty_list *out);

/* Whether the caller may mark duty id done: a worker of the duty, or a head
 * (or above).  SB_NOT_FOUND outside sc; SB_FORBIDDEN with fail otherwise. */
int duty_may_finish(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		    struct sb_fail *fail);

/* Marks duty id done with summary at who->now, after the rule of
 * duty_may_finish, in one transaction with its audit entry; *out is the
 * duty as it is now. */
int duty_finish(struct store *st, const struct scope *sc, const struct actor *who, int64_t id,
		const char *summary, struct arena *ar, struct duty *out, struct sb_fail *fail);

#endif
