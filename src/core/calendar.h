#ifndef SB_CALENDAR_H
#define SB_CALENDAR_H

/*
 * The working-day calendar of Mainland China: Monday to Friday, except the
 * public holidays, plus the weekend days worked in exchange (调休), kept as
 * data (calendar_day) that an admin updates each year.  Dates are
 * YYYY-MM-DD in Asia/Shanghai.
 */

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "store/store.h"
#include "util/errors.h"

/* Whether a date is a working day.  The pure rule, given the exception of
 * that date ('h' holiday, 'w' workday, 0 none): */
bool calendar_rule(const char *date, char exception);
int calendar_is_workday(struct store *st, const char *date, bool *workday);

/* The date n days after date (n may be negative). */
void calendar_add_days(const char *date, int n, char out[11]);
/* Day of the week, 0 = Sunday. */
int calendar_weekday(const char *date);
/* Days from a to b (b - a). */
int calendar_days_between(const char *a, const char *b);

/* The working day that is n working days after date (n >= 0; 0 gives date
 * itself if it is a working day, else the next one). */
int calendar_add_workdays(struct store *st, const char *date, int n, char out[11]);

/* The exceptions to Monday–Friday over [from, to] (dates), by date, in the
 * arena. */
int calendar_list(struct store *st, const char *from, const char *to, struct arena *ar,
		  struct calendar_list *out);

/* Sets the exception of date: kind "holiday" or "workday" named name (NULL:
 * ""), or none when kind is NULL; in one transaction with its audit entry,
 * whose detail (stolen) is the change as asked.  *workday is whether date
 * is a working day after it. */
int calendar_set(struct store *st, const struct actor *who, const char *date, const char *kind,
		 const char *name, json_t *detail, bool *workday);

#endif
