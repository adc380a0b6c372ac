#ifndef SB_STORE_CAMPAIGNS_H
#define SB_STORE_CAMPAIGNS_H

/*
 * The store's side of campaigns, the gate log, duties, training and the
 * worker's record (store/campaigns.c; docs/campaigns.md).  Same rules as
 * store.h: strings in the caller's arena, jurisdiction as a parameter,
 * out of scope is SB_NOT_FOUND.
 */

#include "store/store.h"

/* A campaign found by a scoped read (store_campaign_get) or just made
 * (store_campaign_insert): what the campaign's writes and reads of its
 * targets take instead of a bare id. */
STORE_REF(campaign);

struct campaign {
	struct campaign_ref ref; /* filled by the store's reads */
	int64_t id;
	const char *committee_code;
	const char *name;
	const char *unit;   /* "household", "resident", "building" or "compound" */
	const char *filter; /* JSON text */
	const char *fields; /* JSON text */
	const char *status; /* "open" or "ended" */
	int gate_retention_days;
	int64_t created_by, created_at, ended_at;
	int64_t total, done;
};

struct campaign_list {
	struct campaign *items;
	size_t n;
};

/* A campaign's target as progress and "what is left" need it (core/campaign.h
 * counts and orders them). */
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

/* Scope by construction: a campaign's writes and the reads of its targets
 * take its struct campaign_ref, which only store_campaign_get,
 * store_campaign_by_target, store_campaign_list (in scope) and
 * store_campaign_insert make. */

/* Inserts a campaign; *out gets its reference (its committee points at
 * c->committee_code). */
int store_campaign_insert(struct store *st, const struct campaign *c, struct campaign_ref *out);
/* A building's or a compound's target (docs/campaigns.md, "Units"); one of them 0. */
int store_campaign_target_place(struct store *st, const struct campaign_ref *c, int64_t building_id,
				int64_t compound_id);
/* The buildings (or the compounds) of the campaign's committee a building
 * (compound) campaign targets: of compound_id, the building building_id,
 * without a lift (0, false: any), in walking order. */
int store_campaign_places(struct store *st, const struct campaign_ref *c, bool buildings,
			  int64_t compound_id, int64_t building_id, bool no_lift, struct arena *ar,
			  int64_t **ids, size_t *n);
/* Adds a target (resident_id 0: the household itself); one already there is kept. */
int store_campaign_target_add(struct store *st, const struct campaign_ref *c, int64_t household_id,
			      int64_t resident_id);
/* A campaign in sc's jurisdiction, with its reference; NOT_FOUND otherwise. */
int store_campaign_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		       struct campaign *out);
/* The campaign of a target (taken off or not), in sc's jurisdiction;
 * NOT_FOUND when there is no such target or it is out of scope. */
int store_campaign_by_target(struct store *st, const struct scope *sc, int64_t target_id,
			     struct arena *ar, struct campaign *out);
/* A target added after the start (a household, or a resident with its
 * household), or one taken off brought back: *target_id gets it; CONFLICT
 * when it is a target already. */
int store_campaign_target_put(struct store *st, const struct campaign_ref *c, int64_t household_id,
			      int64_t resident_id, int64_t by, int64_t now, int64_t *target_id);
/* Takes a target off with a reason (its row and entry stay); NOT_FOUND when
 * there is no such target on the campaign, or it is off already. */
int store_campaign_target_remove(struct store *st, const struct campaign_ref *c, int64_t target_id,
				 int64_t by, int64_t now, const char *reason);
/* The newest target row of any campaign, and the stamp of who added the
 * rows of a campaign made after it (a refresh). */
int store_campaign_target_max_id(struct store *st, int64_t *id);
int store_campaign_target_stamp(struct store *st, const struct campaign_ref *c, int64_t after_id,
				int64_t by, int64_t now);
/* The number of target rows of a campaign, taken off or not. */
int store_campaign_target_count(struct store *st, const struct campaign_ref *c, int64_t *n);
/* Campaigns in scope under area (NULL: all), of a status (NULL: any), ids after after_id. */
int store_campaign_list(struct store *st, const struct scope *sc, const char *area,
			const char *status, int64_t after_id, int limit, struct arena *ar,
			struct campaign_list *out);
/* name NULL and retention 0 leave those as they are. */
int store_campaign_update(struct store *st, const struct campaign_ref *c, const char *name,
			  int retention_days);
int store_campaign_end(struct store *st, const struct campaign_ref *c, int64_t now);
/* Every target with its place, grid, the grid's owner on date and its entry. */
int store_campaign_rows(struct store *st, const struct campaign_ref *c, const char *date,
			struct arena *ar, struct campaign_row **rows, size_t *n);
/* A target of the campaign, not taken off; SB_NOT_FOUND when it is not one. */
int store_campaign_target(struct store *st, const struct campaign_ref *c, int64_t target_id,
			  int64_t *household_id, int64_t *resident_id);
/* The campaign id of a target whose campaign is in sc's scope; 0 when there
 * is no such target in scope (prefer store_campaign_by_target, which reads
 * the campaign too). */
int store_campaign_of_target(struct store *st, const struct scope *sc, int64_t target_id,
			     int64_t *campaign_id);
/* Writes the entry of a target of the campaign (store_campaign_target found it). */
int store_campaign_entry_put(struct store *st, const struct campaign_ref *c, int64_t target_id,
			     const char *entry, bool done, int64_t by, int64_t now);

/* A gate found in scope (store_gate_get, store_gate_list): what its
 * guards and residents take. */
STORE_REF(gate);
struct gate {
	int64_t id, compound_id;
	const char *committee_code, *name, *compound_name;
	int64_t created_at;
	struct gate_ref ref;
};
struct gate_list {
	struct gate *items;
	size_t n;
};
struct gate_entry {
	int64_t id, gate_id, campaign_id; /* campaign_id 0: none */
	int64_t at;
	const char *direction, *person;
	int64_t resident_id;			 /* 0: none or erased */
	const char *name, *from_place, *purpose; /* NULL: none or erased */
	int64_t recorded_by;
	const char *recorded_by_name;
	int64_t recorded_at, erased_at; /* erased_at 0: not erased */
	const char *committee_code;	/* on insert */
};
struct gate_entry_list {
	struct gate_entry *items;
	size_t n;
};

/* A new gate of compound_id in committee (the compound's), when committee
 * is in sc's jurisdiction (SB_NOT_FOUND otherwise); *out its reference
 * (committee: the caller's string). */
int store_gate_insert(struct store *st, const struct scope *sc, int64_t compound_id,
		      const char *committee, const char *name, int64_t now, struct gate_ref *out);
int store_gate_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct gate *out);
/* Gates in scope, of a compound (0: any), or only gate only_id (0: any). */
int store_gate_list(struct store *st, const struct scope *sc, int64_t compound_id, int64_t only_id,
		    struct arena *ar, struct gate_list *out);
/* Binds a user to the gate g names (found in scope or just made), or
 * unbinds the user from it (bind false; the caller has checked the user is
 * bound there). */
int store_gate_guard_set(struct store *st, const struct gate_ref *g, int64_t user_id, bool bind);
/* The gate a user is bound to; 0 when none. */
int store_gate_guard_of(struct store *st, int64_t user_id, int64_t *gate_id);
int store_gate_guards(struct store *st, const struct gate_ref *g, struct arena *ar,
		      struct user_list *out);
/* Up to 20 living residents of the gate's compound whose name, building or
 * room holds text. */
struct gate_resident {
	int64_t id;
	const char *name, *building, *room;
};
int store_gate_residents(struct store *st, const struct gate_ref *g, const char *text,
			 struct arena *ar, struct gate_resident **out, size_t *n);
/* A new entry at the gate g names (found in scope): e's gate and committee
 * are g's (e->gate_id and e->committee_code are not read); *id (when not
 * NULL) its id. */
int store_gate_entry_insert(struct store *st, const struct gate_ref *g, const struct gate_entry *e,
			    int64_t *id);
int store_gate_entry_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			 struct gate_entry *out);
/* Entries of a gate in [from, to) (unix seconds), oldest first. */
int store_gate_entry_list(struct store *st, const struct scope *sc, int64_t gate_id, int64_t from,
			  int64_t to, struct arena *ar, struct gate_entry_list *out);
/* Erases the personal fields of every entry past its retention at now (the
 * rule of gate_expired); *n the entries erased this time.  Erased entries
 * are never touched again. */
int store_gate_erase(struct store *st, int64_t now, int64_t *n);

/* A duty found in scope (store_duty_get, _list: its ref) or just inserted
 * (store_duty_insert): what its writes take. */
STORE_REF(duty);

/* One of a duty's workers: the account and the name people see. */
struct duty_worker {
	int64_t id;
	const char *username, *name;
};
struct duty {
	int64_t id;
	const char *committee_code, *date, *kind;
	int64_t campaign_id; /* 0: none */
	const char *areas;   /* JSON text */
	const char *note, *summary;
	int64_t done_at, created_at;
	struct duty_worker *workers; /* by account id */
	size_t nworkers;
	int64_t created_by;
	int start_minute, end_minute; /* of the day in Asia/Shanghai; end <= start: the next day */
	struct duty_ref ref;	      /* set by the store's scoped reads */
};
struct duty_list {
	struct duty *items;
	size_t n;
};
/* A duty of d->committee_code when that committee is in sc's scope
 * (NOT_FOUND otherwise); *out gets the new row's reference. */
int store_duty_insert(struct store *st, const struct scope *sc, const struct duty *d,
		      struct arena *ar, struct duty_ref *out);
/* Worker worker_id (checked by the caller) is on the duty; once only. */
int store_duty_worker_add(struct store *st, const struct duty_ref *duty, int64_t worker_id);
int store_duty_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct duty *out);
/* Duties in scope of a committee (NULL any), a date (NULL any), a worker (0 any). */
int store_duty_list(struct store *st, const struct scope *sc, const char *committee,
		    const char *date, int64_t worker_id, struct arena *ar, struct duty_list *out);
/* Whether worker_id is one of the duty's workers. */
int store_duty_has_worker(struct store *st, const struct duty_ref *duty, int64_t worker_id,
			  bool *yes);
/* The duty is done at now with its summary. */
int store_duty_done(struct store *st, const struct duty_ref *duty, const char *summary,
		    int64_t now);
/* Whether a user is an active worker or head with committee in its scope. */
int store_user_serves(struct store *st, int64_t user_id, const char *committee, bool *yes);
/* The committee of a grid, compound, building or resident ("grid",
 * "compound", "building", "resident"); SB_NOT_FOUND when there is none of that id. */
int store_place_committee(struct store *st, const char *kind, int64_t id, struct arena *ar,
			  const char **committee);
/* A committee's day: per user, minutes on duty, checklists completed and
 * visits made; no rows when committee is out of sc's scope. */
int store_day_work(struct store *st, const struct scope *sc, const char *committee,
		   const char *date,
		   int (*fn)(int64_t user, const char *login, const char *name, int duty_minutes,
			     int entries, int visits, void *ctx),
		   void *ctx);

/* A training of worker_id, recorded under area (the worker's street), when
 * the worker has an area in sc's jurisdiction (SB_NOT_FOUND otherwise); *id
 * (when not NULL) its id. */
int store_training_insert(struct store *st, const struct scope *sc, int64_t worker_id,
			  const char *area, const char *date, int hours, const char *topic,
			  int64_t by, int64_t now, int64_t *id);

/* The worker's record (core/record.h builds its rules on these types). */
enum record_kind {
	RK_VISIT,	   /* a visit on time: weight; late: 0 */
	RK_ISSUE_TAKEN,	   /* an issue taken in: weight */
	RK_ISSUE_RESOLVED, /* an issue resolved: weight */
	RK_SATISFACTION,   /* feedback on an issue the worker resolved: weight × (s − 3) */
	RK_CAMPAIGN_TASK,  /* a campaign checklist completed: weight */
	RK_TRAINING,	   /* training: weight × hours */
	RK_COUNT,
};

/* Points per unit, set by the district; none negative. */
struct record_weights {
	int w[RK_COUNT];
};

/* One source record. */
struct record_source {
	enum record_kind kind;
	int64_t id; /* the visit, issue, issue event, campaign target or training id */
	char date[11];
	int value; /* visit: 1 on time, 0 late; satisfaction: 1–5; training: hours; else 1 */
};

/* The district's weights and households per worker (defaults when unset). */
int store_record_weights(struct store *st, const char *district, struct record_weights *w,
			 int *per_worker);
int store_record_weights_put(struct store *st, const char *district, const struct record_weights *w,
			     int per_worker, int64_t now);
/* The ancestor of code (itself included) at a level; NULL when none. */
int store_area_ancestor(struct store *st, const char *code, const char *level, struct arena *ar,
			const char **out);

/* A source record of a worker's points, with what a visit needs to be judged. */
struct record_row {
	struct record_source src;
	int interval;
	const char *prev, *prev_follow_up; /* visits: the visit before; NULL none */
};
/* The source records of worker_id's points in [from, to], by date.  Left
 * without a caller's scope (issue 15): a worker's record is the account's
 * own work (ids, dates, the on-time test; no resident's data), counted in
 * every committee the worker served, whoever reads it; the reader is
 * authorized on the worker by core (record_of_worker: the worker itself,
 * or store_user_get in the reader's scope). */
int store_record_rows(struct store *st, int64_t worker_id, const char *from, const char *to,
		      struct arena *ar, struct record_row **rows, size_t *n);

struct quota_row {
	const char *committee_code, *committee_name, *street_code, *street_name;
	int64_t households, workers;
};
int store_quota_rows(struct store *st, const struct scope *sc, const char *area, struct arena *ar,
		     struct quota_row **rows, size_t *n);

/* Attachments (docs/attachments.md). */
/* An attachment found in scope (store_attachment_get, _list): what its
 * removal takes. */
STORE_REF(attachment);
struct attachment {
	int64_t id;
	const char *owner_kind; /* visit, issue, campaign_target */
	int64_t owner_id;
	const char *committee_code;
	const char *sha256, *thumb_sha256; /* thumb NULL: none (a PDF) */
	const char *media_type;
	int64_t bytes;
	int width, height; /* 0: not an image */
	const char *filename;
	int64_t created_by;
	const char *created_by_name;
	int64_t created_at;
	struct attachment_ref ref; /* set by the store's reads */
};

struct attachment_list {
	struct attachment *items;
	size_t n;
};

/* Inserts an attachment of a record of a committee (a->committee_code) in
 * the caller's scope; *out gets its reference.  NOT_FOUND when the
 * committee is outside the scope. */
int store_attachment_insert(struct store *st, const struct scope *sc, const struct attachment *a,
			    struct arena *ar, struct attachment_ref *out);
/* One in use, in the caller's jurisdiction; NOT_FOUND otherwise. */
int store_attachment_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			 struct attachment *out);
/* Those in use of a record (the caller has read the record), of the
 * committees in the caller's scope. */
int store_attachment_list(struct store *st, const struct scope *sc, const char *owner_kind,
			  int64_t owner_id, struct arena *ar, struct attachment_list *out);
/* Takes the attachment off its record (the row stays); NOT_FOUND when it is
 * off already. */
int store_attachment_remove(struct store *st, const struct attachment_ref *a, int64_t by,
			    int64_t now);
/* Whether a kept file (by its SHA-256) is still named by a row in use.
 * Issue 15: left without a scope on purpose: it decides whether the file
 * may be deleted, so it must see the rows of every committee (the same
 * photo kept for two); it answers a yes or no, no data of any row. */
int store_attachment_sha_used(struct store *st, const char *sha, bool *used);

#endif
