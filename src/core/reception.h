#ifndef SB_RECEPTION_H
#define SB_RECEPTION_H

/*
 * The reception roster (首问接待, 330工作法): one worker of a committee on
 * reception each working day, in turn; a head edits a day.  Not the daily
 * duties (core/duties.h).  A committee is read through sc
 * (store_roster_find): one that is not a committee in the caller's
 * jurisdiction is SB_NOT_FOUND.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/actor.h"
#include "store/store.h"
#include "util/errors.h"

/* The first and last dates of a month "YYYY-MM" (2000 to 2100); false when
 * month is not one.  Pure. */
bool reception_month_days(const char *month, char first[11], char last[11]);

/* The roster of committee over [from, to] (dates), by date, in the arena. */
int reception_roster(struct store *st, const struct scope *sc, const char *committee,
		     const char *from, const char *to, struct arena *ar, struct roster_list *out);

/* Makes the roster of a month (checked by reception_month_days, else
 * SB_BAD_FIELD naming "month"): the committee's active workers in turn, one
 * a working day, replacing the month's days; in one transaction with its
 * audit entry.  SB_CONFLICT with fail naming "committee_code" when the
 * committee has no active worker.  *out is the month's roster. */
int reception_roster_generate(struct store *st, const struct scope *sc, const struct actor *who,
			      const char *committee, const char *month, struct arena *ar,
			      struct roster_list *out, struct sb_fail *fail);

/* Puts worker on reception on date (a date) for committee, marked edited,
 * in one transaction with its audit entry.  SB_BAD_FIELD with fail naming
 * "date" when it is not a working day, "worker_id" when worker is not an
 * active worker of the committee.  *out is that day. */
int reception_roster_set(struct store *st, const struct scope *sc, const struct actor *who,
			 const char *committee, const char *date, int64_t worker, struct arena *ar,
			 struct roster_day *out, struct sb_fail *fail);

/* Who is on reception for committee on date: *workday whether it is a
 * working day, *out the day's roster entry (worker_id 0 when nobody). */
int reception_on(struct store *st, const struct scope *sc, const char *committee, const char *date,
		 struct arena *ar, bool *workday, struct roster_day *out);

/* The committees of the caller's jurisdiction (the areas it starts at)
 * where the caller is on reception on date, in the arena. */
int reception_committees_of(struct store *st, const struct scope *sc, const char *date,
			    struct arena *ar, const char ***codes, size_t *n);

#endif
