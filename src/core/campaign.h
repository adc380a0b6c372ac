#ifndef SB_CAMPAIGN_H
#define SB_CAMPAIGN_H

/*
 * Campaigns (专项任务), the gate log (门岗登记) and daily duties (两两分组):
 * the pure parts — checklist fields and the check of an entry against them,
 * progress counting per grid, worker, compound and committee, what is left in
 * walking order, the gate log's counts per hour and its retention cut-off;
 * and the work on campaigns, one function per request (below), through the
 * store.  No SQL, no HTTP (docs/campaigns.md).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "store/campaigns.h"
#include "util/arena.h"
#include "util/errors.h"

#define CAMPAIGN_MAX_FIELDS 30
#define CAMPAIGN_MAX_OPTIONS 50
#define CAMPAIGN_TEXT_MAX 500
#define GATE_DEFAULT_RETENTION_DAYS 30

enum campaign_field_kind {
	CAMPAIGN_FIELD_YES_NO,
	CAMPAIGN_FIELD_CHOICE,
	CAMPAIGN_FIELD_DATE,
	CAMPAIGN_FIELD_NUMBER,
	CAMPAIGN_FIELD_TEXT,
	CAMPAIGN_FIELD_KINDS /* the number of kinds; also: not a kind */
};

/* One field of a campaign's checklist. */
struct campaign_field {
	const char *key;   /* [a-z0-9_], 1–32 characters, unique */
	const char *label; /* what the worker reads, e.g. "已预约" */
	enum campaign_field_kind type;
	const char **options; /* choice only */
	size_t noptions;
	bool required; /* an entry is done when every required field has a value */
	/* What counts as done (docs/campaigns.md, "When a target is done"): a
	 * yes_no field that must be true (or false), or the choices of a choice
	 * field that count; such a field is required.  done_bool -1: no rule. */
	int done_bool;
	const char **done_options;
	size_t ndone;
};

/* "yes_no", "choice", "date", "number", "text"; CAMPAIGN_FIELD_KINDS when unknown. */
enum campaign_field_kind campaign_field_type(const char *name);
const char *campaign_field_type_name(enum campaign_field_kind t);

/* Checks a JSON array of {key,label,type,options?,required?,done_when?} and reads it
 * into *out (in ar).  BAD_FIELD naming "fields[i].member" otherwise. */
int campaign_fields_parse(json_t *arr, struct arena *ar, struct campaign_field **out, size_t *n,
			  struct sb_fail *fail);

/* Checks an entry's values (a JSON object: key → value or null) against the
 * fields: every key a field, every value of the field's type.  *done: every
 * required field has a value, and every field with a done_when rule a value
 * it accepts.  BAD_FIELD naming "values.<key>" otherwise. */
int campaign_entry_check(const struct campaign_field *fields, size_t n, json_t *values,
			 struct arena *ar, bool *done, struct sb_fail *fail);

/* struct campaign_row, a target as progress and "what is left" need it, is
 * the store's (store/campaigns.h). */

enum progress_by { PB_GRID, PB_WORKER, PB_COMPOUND, PB_COMMITTEE, PB_COUNT };

struct progress_group {
	int64_t id;	  /* grid, worker or compound id; 0: none */
	const char *code; /* committee code (PB_COMMITTEE) */
	const char *name;
	int total, done;
};

/* Counts rows per group, groups in order of first appearance by key; a row
 * without a grid (or worker) falls in the group of id 0. */
void campaign_progress(const struct campaign_row *rows, size_t n, enum progress_by by,
		       struct arena *ar, struct progress_group **out, size_t *ngroups);
/* Percent done, rounded down (100 only when all are done; 0 of 0 is 0). */
int campaign_percent(int done, int total);
/* The rows not done, in walking order (compound, building, floor, room,
 * then resident), into *out (pointers into rows, in ar). */
void campaign_left(const struct campaign_row *rows, size_t n, struct arena *ar,
		   const struct campaign_row ***out, size_t *nout);

/* The gate log: counts per hour of a day (Asia/Shanghai) from entry times.
 * day_start is the unix time of the day's 00:00 in Shanghai; counts[h][0]
 * are entries ("in"), counts[h][1] exits ("out"); times outside the day
 * are ignored. */
void gate_hour_counts(const int64_t *at, const bool *out_dir, size_t n, int64_t day_start,
		      int counts[24][2]);
/* Whether an entry made at `at` is past a retention of days, seen at now:
 * its personal fields must then be erased. */
bool gate_expired(int64_t at, int retention_days, int64_t now);

/* Duty kinds: "patrol", "registration", "publicity", "hazard_check",
 * "delivery", "gate_shift" (门岗值守). */
bool duty_kind_valid(const char *kind);

/* A duty's times (docs/campaigns.md, "Hours"): "HH:MM" (00:00 to 23:59) as
 * minutes after midnight; false when it is not such a time. */
bool duty_time_parse(const char *hhmm, int *minute);
/* The minutes a duty lasts: an end at or before the start is on the next
 * day, so 08:00 → 08:00 is 1440. */
int duty_minutes(int start_minute, int end_minute);

/*
 * The work on campaigns (docs/campaigns.md): each function below is what one
 * request does, rules included; the handlers of api/api_campaigns.c parse
 * and render around them.  A function that writes opens and closes its own
 * transaction and writes its audit entry in it; refusals come back in fail.
 * Reads of a target's campaign, its rows and writes take the struct campaign
 * a scoped read gave (its ref): out of scope is NOT_FOUND.
 */

#define CAMPAIGN_MAX_TARGETS 20000

/* What POST /api/v1/campaigns sends, its wire syntax checked. */
struct campaign_draft {
	const char *committee_code; /* a committee in the caller's scope (checked before) */
	const char *name, *unit;
	json_t *fields;	   /* the checklist, as sent (campaign_fields_parse checks it) */
	json_t *filter;	   /* a register filter object; NULL: the whole committee */
	json_t *place_ids; /* a building or compound campaign's own places; NULL: none */
	json_t *retention; /* gate_retention_days as sent (an integer); NULL: the default */
};

/* Makes a campaign and its targets: the households or residents the filter
 * matches (at most CAMPAIGN_MAX_TARGETS, at least one), or the buildings or
 * compounds named or picked (docs/campaigns.md, "Units").  *out the campaign
 * as stored.  BAD_FIELD naming unit, place_ids, gate_retention_days,
 * fields[i]…, filter… otherwise. */
int campaign_create(struct store *st, const struct scope *sc, const struct actor *who,
		    const struct campaign_draft *d, struct arena *ar, struct campaign *out,
		    struct sb_fail *fail);
/* A page of campaigns in scope under area (NULL: all; BAD_QUERY naming
 * "area" when not an area in scope) of status ("open", "ended"; NULL any;
 * BAD_QUERY otherwise), ids after after_id, at most limit. */
int campaign_list(struct store *st, const struct scope *sc, const char *area, const char *status,
		  int64_t after_id, int limit, struct arena *ar, struct campaign_list *out,
		  struct sb_fail *fail);
/* A campaign in scope; NOT_FOUND otherwise. */
int campaign_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct campaign *out);
/* The campaign of a target in scope and the target (not taken off: else
 * NOT_FOUND when live is set); *household_id and *resident_id (may be NULL)
 * get what the target is. */
int campaign_of_target(struct store *st, const struct scope *sc, int64_t target_id, bool live,
		       struct arena *ar, struct campaign *out, int64_t *household_id,
		       int64_t *resident_id);
/* Renames c (name NULL: kept) and sets its gate retention (retention NULL:
 * kept; 1–3660 days, else BAD_FIELD); *c is read again. */
int campaign_update(struct store *st, const struct scope *sc, const struct actor *who,
		    struct campaign *c, const char *name, json_t *retention, struct arena *ar,
		    struct sb_fail *fail);
/* Checks gate_retention_days as sent (NULL: absent, kept): 1 to 3660 days. */
int campaign_retention_check(json_t *v, int *days, struct sb_fail *fail);
/* Ends c (CONFLICT naming status when it has ended); *c is read again. */
int campaign_end(struct store *st, const struct scope *sc, const struct actor *who,
		 struct campaign *c, struct arena *ar, struct sb_fail *fail);
/* Every target of c with its place, grid, the grid's owner on the caller's
 * day (now, in Shanghai) and its entry. */
int campaign_rows(struct store *st, const struct campaign *c, int64_t now, struct arena *ar,
		  struct campaign_row **rows, size_t *n);
/* Writes the checklist of a target of c (campaign_of_target found both):
 * CONFLICT naming status when c has ended, BAD_FIELD naming values.<key>
 * when an entry does not fit the fields; *done whether it is complete.  The
 * audit names the fields written, not their values. */
int campaign_entry_put(struct store *st, const struct actor *who, const struct campaign *c,
		       int64_t target_id, json_t *values, struct arena *ar, bool *done,
		       struct sb_fail *fail);
/* Records the export of rows targets of c in format ("csv", "xlsx"). */
int campaign_exported(struct store *st, const struct actor *who, const struct campaign *c,
		      const char *format, size_t rows);
/* Adds one more target to an open household or resident campaign c (the
 * member the unit takes, household_id or resident_id, of c's committee):
 * *target_id gets it, *member the member's name.  CONFLICT naming status
 * (ended), unit (a place campaign) or the member (a target already);
 * BAD_FIELD naming the member otherwise.  NULL: the member is absent. */
int campaign_target_add(struct store *st, const struct scope *sc, const struct actor *who,
			const struct campaign *c, const int64_t *household_id,
			const int64_t *resident_id, struct arena *ar, int64_t *target_id,
			const char **member, struct sb_fail *fail);
/* Runs c's filter again (open household or resident campaigns): new matches
 * become targets, those taken off stay off; *added how many; *c read again. */
int campaign_targets_refresh(struct store *st, const struct scope *sc, const struct actor *who,
			     struct campaign *c, struct arena *ar, int64_t *added,
			     struct sb_fail *fail);
/* Whether a role may take targets off a campaign (a committee head and up). */
bool campaign_may_remove_targets(enum role role);
/* Takes target_id off the open campaign c with a reason (CONFLICT naming
 * status when it has ended; NOT_FOUND when not a live target); *c read again. */
int campaign_target_remove(struct store *st, const struct actor *who, struct campaign *c,
			   int64_t target_id, const char *reason, const struct scope *sc,
			   struct arena *ar, struct sb_fail *fail);

#define DUTY_DEFAULT_START 510 /* 08:30, the office day */
#define DUTY_DEFAULT_END 1020  /* 17:00 */

#endif
