#ifndef SB_CAMPAIGN_H
#define SB_CAMPAIGN_H

/*
 * Campaigns (专项任务), the gate log (门岗登记) and daily duties (两两分组):
 * the pure parts — checklist fields and the check of an entry against them,
 * progress counting per grid, worker, compound and committee, what is left in
 * walking order, the gate log's counts per hour and its retention cut-off.
 * No SQL, no HTTP (docs/campaigns.md).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util/arena.h"
#include "util/errors.h"

#define CAMPAIGN_MAX_FIELDS 30
#define CAMPAIGN_MAX_OPTIONS 50
#define CAMPAIGN_TEXT_MAX 500
#define GATE_DEFAULT_RETENTION_DAYS 30

enum cf_type { CF_YES_NO, CF_CHOICE, CF_DATE, CF_NUMBER, CF_TEXT, CF_COUNT };

/* One field of a campaign's checklist. */
struct campaign_field {
	const char *key;   /* [a-z0-9_], 1–32 characters, unique */
	const char *label; /* what the worker reads, e.g. "已预约" */
	enum cf_type type;
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

/* "yes_no", "choice", "date", "number", "text"; CF_COUNT when unknown. */
enum cf_type campaign_field_type(const char *name);
const char *campaign_field_type_name(enum cf_type t);

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

/* A campaign's target as progress and "what is left" need it. */
struct campaign_row {
	int64_t target_id, household_id, resident_id; /* resident_id 0: per household */
	const char *resident_name;
	const char *committee_code, *committee_name;
	int64_t grid_id; /* 0: none */
	const char *grid_name;
	int64_t compound_id, building_id; /* building_id 0: a compound's target */
	const char *compound, *building, *room;
	int floor;	   /* INT_MIN: unknown */
	int64_t worker_id; /* the grid's owner today; 0: none */
	const char *worker_name;
	bool done;
	const char *entry;   /* the checklist's values as JSON text; NULL: none yet */
	const char *by_name; /* who wrote it last */
	int64_t updated_at;
};

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

#define DUTY_DEFAULT_START 510 /* 08:30, the office day */
#define DUTY_DEFAULT_END 1020  /* 17:00 */

#endif
