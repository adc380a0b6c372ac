#ifndef SB_STORE_H
#define SB_STORE_H

/*
 * The store: the only module that speaks SQL.  Nothing of SQLite shows in
 * this interface, so that another engine can stand behind it.
 *
 * A struct store is one connection; use it from one thread at a time.  Writes
 * go through store_begin/store_commit, which also take the process-wide writer
 * lock.  Results that carry strings are allocated in the caller's arena.
 * Every function returns enum sb_err (SB_OK is 0).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/role.h"

struct store;

/* Who is asking: every read or write of jurisdiction-bound data takes one.
 * Rows outside the user's scope are invisible (SB_NOT_FOUND). */
struct scope {
	int64_t user_id;
	enum role role;
};

/* A scoped reference: a row of people's data that a scoped read found (a
 * store function taking a struct scope).  Only the store makes one
 * (scripts/check-layers.sh refuses one built outside src/store/); a store
 * function that acts on a row already found takes its reference instead of
 * a bare id, so that calling it without the scoped read does not compile.
 * Declared per noun: STORE_REF(household); gives struct household_ref. */
#define STORE_REF(noun)                                                                            \
	struct noun##_ref {                                                                        \
		int64_t id;                                                                        \
		const char *committee; /* its committee's code, in the reader's arena */           \
	}

struct area {
	const char *code;
	const char *name;
	const char *level;
	const char *parent_code; /* NULL for the city */
};

struct area_list {
	struct area *items;
	size_t n;
};

struct user {
	int64_t id;
	const char *username;
	const char *password_hash;
	enum role role;
	bool disabled;
	int64_t created_at;
	const char **scope; /* area codes */
	size_t nscope;
	int64_t gate_id; /* a gate account (gate_guard): records at this gate only; else 0 */
	const char *display_name; /* the name people see; NULL: none given (the login shows) */
	const char *title;	  /* social_worker, secretary, …; NULL: none */
	const char *phone_mask;	  /* 138****5678; NULL: no phone */
};

struct user_list {
	struct user *items;
	size_t n;
};

struct audit_entry {
	int64_t id;
	int64_t at;
	int64_t user_id;      /* 0: none */
	const char *username; /* may be NULL */
	const char *name;     /* the name people see (docs/accounts.md) */
	const char *action;
	const char *entity;
	const char *entity_id; /* may be NULL */
	const char *area_code;
	const char *detail; /* a JSON object, as text */
	const char *ip;	    /* may be NULL */
};

struct audit_list {
	struct audit_entry *items;
	size_t n;
};

struct audit_filter {
	int64_t before_id;  /* paging: entries with a smaller id; 0 for the newest */
	int64_t user_id;    /* 0: any */
	const char *entity; /* NULL: any */
	const char *action;
	int64_t from, to; /* unix seconds; 0: open */
	int limit;
};

/* Process-wide setup; must run before the first store_open. */
int store_global_init(void);

#define STORE_CREATE 1 /* create the file when missing */
/* Group commit (the server): commits do not reach the disk one by one;
 * store_commit returns once a sync of the log that began after the commit
 * has completed, so many concurrent commits share one.  Nothing is answered
 * before it is on disk. */
#define STORE_GROUP_COMMIT 2

/* Opens a connection to the database at path (durable commits unless
 * SIBAI_SYNCHRONOUS says NORMAL; the SQLite backend: WAL, synchronous=FULL,
 * foreign keys, busy timeout).  *out is freed with store_close. */
int store_open(const char *path, int flags, struct store **out);
/* While gone is set, a statement running on st (or its split-scan
 * connection) checks gone(arg) about every millisecond and stops when it
 * answers true: the function then fails with SB_UNAVAILABLE.  For reads
 * whose client has left (http/server.c); NULL clears it.  Statements on the
 * shared writer are never stopped. */
void store_set_cancel(struct store *st, bool (*gone)(void *), void *arg);
void store_close(struct store *st);
/* The last engine error message of this connection (static or owned by it). */
const char *store_errmsg(struct store *st);

/* Applies the migrations not yet applied, each in its own transaction.
 * *from and *to get the schema version before and after. */
int store_migrate(struct store *st, int *from, int *to);
int store_schema_version(struct store *st, int *version);
/* The number of migrations this program knows. */
int store_latest_version(void);

/* Write transactions; store_commit or store_rollback must follow store_begin. */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
/* Ends the transaction as rc says: commits when rc is SB_OK (returning the
 * commit's result), else rolls back and returns rc. */
int store_end(struct store *st, int rc);
bool store_in_transaction(struct store *st);
/* Savepoints inside a transaction: undo part of it (an import's bad line). */
int store_savepoint(struct store *st);
int store_savepoint_release(struct store *st);
int store_savepoint_rollback(struct store *st);
/* At shutdown, after the last write: leaves the database whole in its own
 * files (the SQLite backend folds its write-ahead log in). */
int store_settle(struct store *st);
/* The server's maintenance thread calls this every half second, outside the
 * requests: the backend does its background work there (SQLite: copies what
 * it can of a write-ahead log over log_bytes into the database, without
 * waiting for readers). */
int store_maintain(struct store *st, int64_t log_bytes);
/* Bytes on disk: the database and its log. */
int64_t store_disk_size(struct store *st);
int store_integrity_check(struct store *st, char *msg, size_t msglen);
/* Copies the live database to path, consistent as of one moment. */
int store_backup(struct store *st, const char *path);

/* Areas (store/areas.c).  Inserts ignore codes that exist. */
/* Every committee at or below an area, by code (no scope: the command line). */
int store_committees_under(struct store *st, const char *area, struct arena *ar,
			   struct area_list *out);
int store_area_insert(struct store *st, const struct area *a);
int store_area_closure_rebuild(struct store *st);
int store_area_count(struct store *st, int64_t *n);
/* The level of any area, ignoring scope (for validating input); NOT_FOUND when unknown. */
int store_area_level(struct store *st, const char *code, struct arena *ar, const char **level);
int store_area_get(struct store *st, const struct scope *sc, const char *code, struct arena *ar,
		   struct area *out);
/* Parents from the city down, and children by code, of an area already known to be in scope. */
int store_area_parents(struct store *st, const char *code, struct arena *ar, struct area_list *out);
int store_area_children(struct store *st, const char *code, struct arena *ar,
			struct area_list *out);
/* Areas in scope with code > after, name containing q, of a level and parent
 * (each NULL for any), by code, at most limit. */
int store_area_search(struct store *st, const struct scope *sc, const char *q, const char *level,
		      const char *parent, const char *after, int limit, struct arena *ar,
		      struct area_list *out);

/* Users (store/users.c). */
int store_user_insert(struct store *st, const char *username, const char *password_hash,
		      enum role role, const char *const *scope, size_t nscope, int64_t now,
		      int64_t *id);
/* Who made the account (0: the command line). */
int store_user_set_created_by(struct store *st, int64_t id, int64_t created_by);
/* The name, title and phone (sealed, and its mask) of a user; NULL clears. */
int store_user_set_profile(struct store *st, int64_t id, const char *display_name,
			   const char *title, const unsigned char *phone_box, size_t boxlen,
			   const char *phone_mask);
/* The sealed phone of a user (NULL, 0: none). */
int store_user_phone_box(struct store *st, int64_t id, struct arena *ar, unsigned char **box,
			 size_t *len);
int store_user_count(struct store *st, int64_t *n);
/* Any user by name, with its hash: for logins and the command line. */
int store_user_by_name(struct store *st, const char *username, struct arena *ar, struct user *out);
int store_user_by_id(struct store *st, int64_t id, struct arena *ar, struct user *out);
int store_user_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct user *out);
int store_user_list(struct store *st, const struct scope *sc, const char *q, int64_t after_id,
		    int limit, struct arena *ar, struct user_list *out);
int store_user_list_all(struct store *st, struct arena *ar, struct user_list *out);
int store_user_set_role(struct store *st, int64_t id, enum role role, const char *const *scope,
			size_t nscope);
int store_user_set_disabled(struct store *st, int64_t id, bool disabled);
int store_user_set_password(struct store *st, int64_t id, const char *password_hash);

/* Sessions and login failures (store/sessions.c).  Times are unix seconds. */
int store_session_insert(struct store *st, const char *token_hash, int64_t user_id, int64_t now);
/* The session's user when it exists, was seen after idle_since, started
 * at or after started_since and its user is enabled; *last_seen gets when it
 * was last used.  NOT_FOUND otherwise. */
int store_session_get(struct store *st, const char *token_hash, int64_t idle_since,
		      int64_t started_since, struct arena *ar, struct user *out,
		      int64_t *last_seen);
int store_session_touch(struct store *st, const char *token_hash, int64_t now);
int store_session_delete(struct store *st, const char *token_hash);
/* Ends every session of a user but the one given (NULL: all). */
int store_session_delete_user(struct store *st, int64_t user_id, const char *keep_hash);
/* Deletes the sessions idle since before idle_since or started before
 * started_since. */
int store_session_expire(struct store *st, int64_t idle_since, int64_t started_since);
int store_session_count(struct store *st, int64_t idle_since, int64_t *n);
int store_login_failure_add(struct store *st, const char *username, int64_t now);
/* Failures for a name after since: how many, and the time of the oldest. */
int store_login_failures(struct store *st, const char *username, int64_t since, int64_t *count,
			 int64_t *oldest);
/* Forgets a name's failures and everything older than since. */
int store_login_failures_clear(struct store *st, const char *username, int64_t since);

/* The register (store/register.c): rows handled column by column.  Table and
 * column names come from the register's static field tables, never from input;
 * values are always bound. */
enum store_col_type { COL_NULL, COL_INT, COL_TEXT, COL_BLOB };

struct store_col {
	const char *name;
	enum store_col_type type;
	int64_t i;
	const char *s;
	const void *blob;
	size_t bloblen;
};

int store_row_insert(struct store *st, const struct scope *sc, const char *table,
		     const struct store_col *cols, size_t n, int64_t *id);
/* Writes cols of the row id of table when it is in sc's jurisdiction (a row
 * outside it is left as it is). */
int store_row_update(struct store *st, const struct scope *sc, const char *table, int64_t id,
		     const struct store_col *cols, size_t n);
/* Loads the named columns (cols[i].name) of a row whose committee_code is in
 * scope; NOT_FOUND otherwise.  Types and values are filled in. */
int store_row_get(struct store *st, const struct scope *sc, const char *table, int64_t id,
		  struct store_col *cols, size_t n, struct arena *ar);

/* A compound found by a scoped read (store/moves.c): the reference its
 * move takes, and its name.  NOT_FOUND outside sc's jurisdiction. */
STORE_REF(compound);
int store_compound_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
			struct compound_ref *out, const char **name);

/* Compounds (table "compound": of a committee, named like q) or buildings
 * (table "building": of a compound) in scope, by id after after_id. */
int store_place_list(struct store *st, const struct scope *sc, const char *table,
		     const char *committee, int64_t compound_id, const char *q, int64_t after_id,
		     int limit, struct arena *ar, int64_t **ids, size_t *n);
/* Whether an active household in scope other than except holds room in building. */
int store_room_taken(struct store *st, const struct scope *sc, int64_t building_id,
		     const char *room, int64_t except, bool *taken);
/* The address of a household: "compound building room". */
int store_household_address(struct store *st, const struct scope *sc, int64_t household_id,
			    struct arena *ar, const char **address);
/* Rebuilds the search index entries of a resident (name and address). */
int store_resident_reindex(struct store *st, const struct scope *sc, int64_t resident_id);
/* Bulk writes (imports): while deferred, store_resident_reindex only notes
 * the resident; store_reindex_flush (in the same transaction, outside any
 * savepoint) indexes them all and ends the deferral.  FTS5 flushes its
 * pending terms at every savepoint, which made indexing each line of an
 * import under its own savepoint a third of the import's time. */
void store_reindex_defer(struct store *st);
int store_reindex_flush(struct store *st, bool apply); /* apply false: forget them */
/* Rebuilds them for every resident under a compound or a building (after a rename). */
int store_reindex_under(struct store *st, const struct scope *sc, const char *table, int64_t id);
/* Moves the committee code of a household's residents with it. */
/* The residents in scope of a household, by id. */
int store_household_residents(struct store *st, const struct scope *sc, int64_t household_id,
			      struct arena *ar, int64_t **ids, size_t *n);
/* The resident with this blind index of an ID number, in a committee; 0 when none. */
int store_resident_by_id_index(struct store *st, const char *committee, const char *index,
			       int64_t *id);
/* The resident of that name in that household, 0 when none. */
int store_resident_by_name(struct store *st, int64_t household_id, const char *name, int64_t *id);
int store_compound_by_name(struct store *st, const char *committee, const char *name, int64_t *id);
int store_building_by_label(struct store *st, int64_t compound_id, const char *label, int64_t *id);
int store_household_by_room(struct store *st, int64_t building_id, const char *room, int64_t *id);
/* The places under a parent, for an import's matching: PLACE_COMPOUND the
 * compounds of committee, PLACE_BUILDING the buildings of compound parent,
 * PLACE_HOUSEHOLD the active households of building parent (name: the room). */
enum place_kind { PLACE_COMPOUND, PLACE_BUILDING, PLACE_HOUSEHOLD };
struct place_name {
	int64_t id;
	const char *name;
};
int store_place_names(struct store *st, enum place_kind kind, const char *committee, int64_t parent,
		      struct arena *ar, struct place_name **items, size_t *n);
/* The compound, building and room of a household (no scope: the caller
 * has the household from a scoped read). */
int store_household_place(struct store *st, int64_t household_id, struct arena *ar,
			  const char **compound, const char **building, const char **room);

/* A resident an import adds (core/import.c, after the register's checks,
 * defaults and derived values): its columns, and the texts of the history
 * entry of its creation.  A secret with box NULL is none. */
struct import_secret {
	const unsigned char *box;
	size_t boxlen;
	const char *index, *mask;
};
struct import_resident {
	int64_t household_id;
	const char *committee_code, *name, *gender, *birth_date, *relation, *residence_kind;
	const char *work, *work_background, *health, *hobbies, *skills;
	bool party_member, lives_here, registered_here, owns;
	const char *status, *status_date;
	const char *emergency_name, *emergency_relation, *carer_name, *carer_relation;
	struct import_secret id_number, phone, emergency_phone, carer_phone;
	int64_t at; /* created_at, updated_at and the history entry's time */
	int64_t user_id;
	const char *username;
	const char *changes, *sealed; /* the entry's JSON texts; sealed may be NULL */
};
/* Adds the resident, its history entry ("create") and its name to the search
 * index (deferred: store_reindex_defer), inside the caller's transaction,
 * through statements prepared once.  The household must be of the committee
 * and the committee in the scope: NOT_FOUND otherwise (nothing written).  *id
 * gets the new resident. */
int store_import_resident_add(struct store *st, const struct scope *sc,
			      const struct import_resident *r, int64_t *id);
/* A household an import adds in its building (core/import.c, after the
 * register's checks): with its history entry "create". */
struct import_household {
	int64_t building_id;
	const char *committee_code, *room, *status;
	bool has_floor;
	int64_t floor;
	int64_t at;
	int64_t user_id;
	const char *username;
	const char *changes; /* the history entry's JSON text */
};
/* Adds the household, places it in its building's grid and records its
 * history entry, inside the caller's transaction.  NOT_FOUND (nothing
 * written) when the building is not of the committee or the committee is
 * outside the scope.  *id gets the household. */
int store_import_household_add(struct store *st, const struct scope *sc,
			       const struct import_household *h, int64_t *id);
/* What tells an import whether anyone else has written to the register
 * since it last looked: the newest resident, history entry and compound
 * move, and whether the committee (in scope: NOT_FOUND otherwise) has any
 * resident. */
struct import_marks {
	bool committee_has_residents;
	int64_t last_resident, last_change, last_move;
};
int store_import_marks(struct store *st, const struct scope *sc, const char *committee,
		       struct import_marks *out);
/* A command's long import (sibai import): bulk on, the backend may keep its
 * log longer between foldings (SQLite: folds the WAL into
 * the database after the commit that brings it past 65,536 pages (256 MiB),
 * not at every 1000th page; off, as before.  Not for the server's connections
 * (their maintenance thread does it)). */
int store_import_bulk(struct store *st, bool on);

struct tag {
	int64_t id;
	const char *name;
	const char *category;
	const char *committee_code; /* NULL: built in */
	int visit_interval_days;    /* 0: none */
	int review_days;	    /* 0: none */
};

struct tag_list {
	struct tag *items;
	size_t n;
};

/* A tag on a resident or household. */
struct tag_on {
	const char *name;
	const char *category;
	int64_t set_by;
	const char *set_by_name;
	int64_t set_at;
	const char *review_on;
	int64_t entity_id; /* for lists across rows */
	const char *entity;
};

struct tag_on_list {
	struct tag_on *items;
	size_t n;
};

/* A tag by name usable in a committee: built in, or the committee's own. */
int store_tag_find(struct store *st, const char *name, const char *committee, struct arena *ar,
		   struct tag *out);
/* Any tag of that name (built in or of any committee): for filters. */
int store_tag_exists(struct store *st, const char *name, struct tag *out, struct arena *ar);
/* Built-in tags and those of committees in scope (or of one committee). */
int store_tag_list(struct store *st, const struct scope *sc, const char *committee,
		   struct arena *ar, struct tag_list *out);
int store_tag_insert(struct store *st, const struct tag *t, int64_t *id);
/* entity is "resident" or "household". */
int store_tag_put(struct store *st, const char *entity, int64_t id, int64_t tag_id, int64_t set_by,
		  int64_t set_at, const char *review_on);
int store_tags_of(struct store *st, const char *entity, int64_t id, struct arena *ar,
		  struct tag_on_list *out);
/* The same in sc's jurisdiction, for the register's own reads and writes:
 * the tags of a row outside it are neither read nor written.  (The
 * unscoped ones above stay for the import and the demo until they pass
 * their scope.) */
int store_tags_of_scoped(struct store *st, const struct scope *sc, const char *entity, int64_t id,
			 struct arena *ar, struct tag_on_list *out);
int store_tags_clear_scoped(struct store *st, const struct scope *sc, const char *entity,
			    int64_t id);
int store_tag_put_scoped(struct store *st, const struct scope *sc, const char *entity, int64_t id,
			 int64_t tag_id, int64_t set_by, int64_t set_at, const char *review_on);
/* Tag assignments in scope whose review date is before a date. */
int store_tags_due(struct store *st, const struct scope *sc, const char *before, int limit,
		   struct arena *ar, struct tag_on_list *out);

/* A household in scope with its members and the tags of both, in two
 * statements whatever the number of members (the hot read, GET
 * /api/v1/households/{id}; docs/performance.md).  household_cols names the
 * household's columns to read and resident_cols each member's (names from
 * the register's field tables, never from input, as for store_row_get;
 * lists kept from one call to the next let the store keep their SQL text).
 * NOT_FOUND out of scope. */
struct household_read {
	struct store_col *household; /* nhousehold_cols, named and filled */
	int64_t compound_id;
	const char *address;	   /* "compound building room" */
	const char *last_visit_on; /* NULL: never visited */
	size_t nmembers;	   /* every resident of the household, by id */
	int64_t *member_ids;
	struct store_col *member_cols; /* nmembers rows of nresident_cols columns, row after row */
	/* The tags of the household (entity "household") then of its members
	 * (entity "resident", entity_id the member), by member id then tag id. */
	struct tag_on_list tags;
};
int store_household_read(struct store *st, const struct scope *sc, int64_t id,
			 const char *const *household_cols, size_t nhousehold_cols,
			 const char *const *resident_cols, size_t nresident_cols, struct arena *ar,
			 struct household_read *out);
/* A resident in scope with its household's address and last visit, and its
 * tags, in two statements; cols named as for store_household_read.
 * NOT_FOUND out of scope. */
struct resident_read {
	struct store_col *cols;	   /* ncols, named and filled */
	const char *address;	   /* its household's: "compound building room" */
	const char *last_visit_on; /* its household's; NULL: never visited */
	struct tag_on_list tags;
};
int store_resident_read(struct store *st, const struct scope *sc, int64_t id,
			const char *const *cols, size_t ncols, struct arena *ar,
			struct resident_read *out);

/* History. */
struct change {
	int64_t id;
	int64_t at;
	int64_t user_id;
	const char *username;
	const char *name; /* read only: the name people see */
	const char *action;
	const char *entity;
	int64_t entity_id;
	const char *committee_code;
	const char *changes; /* JSON object: {field:{old,new}} */
	const char *sealed;  /* JSON or NULL */
};

struct change_list {
	struct change *items;
	size_t n;
};

/* A history entry of a row of c->committee_code, which must be in sc's
 * jurisdiction (NOT_FOUND otherwise, nothing written). */
int store_change_add(struct store *st, const struct scope *sc, const struct change *c, int64_t *id);
int store_change_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		     struct change *out);
int store_change_list(struct store *st, const struct scope *sc, const char *entity,
		      int64_t entity_id, int64_t before_id, int limit, struct arena *ar,
		      struct change_list *out);

/* The register filter: every member optional (NULL, 0 or -1 for "any"). */
struct filter {
	const char *committee_code;
	const char *area_code; /* any area: its committees */
	int64_t grids_of;      /* a worker: only the households of its grids on "today" */
	const char **tag_all;
	size_t ntag_all;
	const char **tag_any;
	size_t ntag_any;
	const char **tag_none;
	size_t ntag_none;
	int age_min, age_max; /* -1: open */
	const char *gender;
	int64_t compound_id, building_id;
	int floor_min; /* INT32_MIN: open */
	bool no_lift;
	const char *residence_kind;
	int party_member;   /* -1 any, 0, 1 */
	const char *status; /* NULL: the default; "any" */
	const char *q;
	/* a resident's phone, as its blind index (query only, never stored:
	 * api_request_filter turns the phone= parameter into it) */
	const char *phone_idx;
	const char *sort;     /* "address", "name", "age", "id" */
	const char *today;    /* YYYY-MM-DD, for ages */
	int not_visited_days; /* not visited in this many days (or never); 0: any */
	const char *skill; /* 社区能人: part of the skills, work or hobbies (or volunteer skills) */
	int64_t team_id; /* members of a volunteer team; 0: any */
};

/* The ids of the residents (or households) matching a filter in scope, in
 * its sort order, after a cursor, at most limit; *total counts them all. */
int store_filter_residents(struct store *st, const struct scope *sc, const struct filter *f,
			   const char *cursor, int limit, struct arena *ar, int64_t **ids,
			   size_t *n, int64_t *total, const char **next_cursor);
int store_filter_households(struct store *st, const struct scope *sc, const struct filter *f,
			    const char *cursor, int limit, struct arena *ar, int64_t **ids,
			    size_t *n, int64_t *total, const char **next_cursor);

/* Grids, assignments, visits, policy, roster (store/visits.c). */
/* A grid found in scope (store_grid_get, store_grid_list) or just made
 * (store_grid_insert): what a grid's members, counts and assignments take. */
STORE_REF(grid);
struct grid {
	int64_t id;
	const char *committee_code;
	const char *name;
	int64_t created_at;
	struct grid_ref ref;
};

struct grid_list {
	struct grid *items;
	size_t n;
};

/* An assignment read through its grid's reference (store_assignment_list,
 * store_assignment_owners) or the account's own read
 * (store_assignments_leaving_unscoped): what its end and removal take. */
STORE_REF(assignment);
struct assignment {
	int64_t id;
	int64_t grid_id;
	int64_t worker_id;
	const char *worker_name;  /* the name people see */
	const char *worker_login; /* read only */
	const char *start_on;
	const char *end_on;	    /* NULL: open */
	const char *committee_code; /* the grid's, where a query gives it */
	struct assignment_ref ref;  /* set by the reads named at STORE_REF(assignment) */
	struct grid_ref grid;	    /* its grid, likewise */
};

struct assignment_list {
	struct assignment *items;
	size_t n;
};

/* A visit found in scope (store_visit_get, store_visit_list): what its
 * correction and history take. */
STORE_REF(visit);
struct visit {
	int64_t id;
	int64_t household_id;
	const char *committee_code;
	int64_t worker_id;
	const char *worker_name;
	int64_t visited_at;
	const char *visited_on;
	int minute_of_day;
	const char *channel;
	const char *residents_met; /* JSON array text */
	const char *observed, *heard, *asked, *needs;
	const char *follow_up_on;
	const char *issue_ids; /* JSON array text */
	const char *services;  /* JSON array text */
	int64_t created_at, updated_at;
	struct visit_ref ref; /* set by the store's reads */
};

struct visit_list {
	struct visit *items;
	size_t n;
};

struct visit_filter {
	int64_t household_id, worker_id;
	const char *committee_code;
	const char *from, *to;	      /* dates, inclusive; NULL open */
	int64_t before_id, before_at; /* paging: older than (before_at, before_id) */
	int limit;
};

/* A household as a plan or a report needs it. */
struct plan_row {
	int64_t household_id;
	const char *committee_code;
	const char *compound, *building, *room;
	int floor; /* INT_MIN unknown */
	bool has_floor;
	const char *last_visit_on, *follow_up_on;
	int interval;
	const char *tags; /* names of the tags with an interval, comma-separated */
	int64_t grid_id;
};

struct plan_list {
	struct plan_row *items;
	size_t n;
};

/* A new grid of committee (the caller has checked it is in its
 * jurisdiction); *out its reference (committee: the caller's string). */
int store_grid_insert(struct store *st, const char *committee, const char *name, int64_t now,
		      struct grid_ref *out);
int store_grid_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		   struct grid *out);
int store_grid_list(struct store *st, const struct scope *sc, const char *committee,
		    struct arena *ar, struct grid_list *out);
int store_grid_rename(struct store *st, const struct grid_ref *g, const char *name);
/* Replaces the buildings and single households of a grid and sets the grid
 * of the households that were in it or are now; the committee's other
 * households keep theirs. */
int store_grid_set_members(struct store *st, const struct grid_ref *g, const int64_t *buildings,
			   size_t nb, const int64_t *households, size_t nh);
/* Sets a household's grid from its own placement or its building's grid
 * (after it is created or moves to another building), when its committee is
 * in sc's jurisdiction; SB_NOT_FOUND otherwise. */
int store_household_grid_refresh(struct store *st, const struct scope *sc, int64_t household_id);
int store_grid_members(struct store *st, const struct grid_ref *g, struct arena *ar,
		       int64_t **buildings, size_t *nb, int64_t **households, size_t *nh);
/* Counts of a grid's active households and living residents. */
int store_grid_counts(struct store *st, const struct grid_ref *g, int64_t *households,
		      int64_t *residents);
/* Active households of a committee in scope that are in no grid, by id,
 * with their addresses ("compound building room"). */
struct household_address {
	int64_t id;
	const char *address;
};
int store_households_without_grid(struct store *st, const struct scope *sc, const char *committee,
				  struct arena *ar, struct household_address **out, size_t *n);

/* A new assignment of worker_id to the grid g names (found in scope or just
 * made); *out its reference. */
int store_assignment_insert(struct store *st, const struct grid_ref *g, int64_t worker_id,
			    const char *start_on, const char *end_on, int64_t by, int64_t now,
			    struct assignment_ref *out);
int store_assignment_list(struct store *st, const struct grid_ref *g, struct arena *ar,
			  struct assignment_list *out);
/* An assignment of the grid other than except overlapping [start, end] (end
 * NULL: open); *id 0 when none. */
int store_assignment_overlap(struct store *st, const struct grid_ref *g, const char *start_on,
			     const char *end_on, int64_t except, int64_t *id);
/* Ends / removes the assignment a names. */
int store_assignment_set_end(struct store *st, const struct assignment_ref *a, const char *end_on);
int store_assignment_delete(struct store *st, const struct assignment_ref *a);
/* (store_assignments_leaving_unscoped, below.) */
/* A day's work in a committee: a reception day (id 0) or a duty. */
struct dated_work {
	int64_t id;
	const char *committee_code;
	const char *date;
};

struct dated_work_list {
	struct dated_work *items;
	size_t n;
};

/* The reception days and the duties not yet done of worker_id, from today
 * on, in committees outside the worker's scope (all of them when all), and
 * their release: the days deleted, the worker taken off the duties.
 * Keyed by the account, not by a row of people's data, and without the
 * caller's scope (issue 15, decided): they run for a change of that account
 * (core/accounts.c: its scope narrowed or it disabled, the change allowed by
 * account_may_manage, or by the command line as user 0) and must reach every
 * one of its days, the caller's scope or not, else a disabled worker would
 * stay on a roster the caller does not see; like store_assignments_leaving. */
int store_reception_leaving(struct store *st, int64_t worker_id, const char *today, bool all,
			    struct arena *ar, struct dated_work_list *out);
int store_reception_release(struct store *st, int64_t worker_id, const char *today, bool all);
int store_duties_leaving(struct store *st, int64_t worker_id, const char *today, bool all,
			 struct arena *ar, struct dated_work_list *out);
int store_duties_release(struct store *st, int64_t worker_id, const char *today, bool all);
/* Hand-over: the reception days and duties not done of from, from today on,
 * to to.  Keyed by the two accounts, without the caller's scope, for the
 * reason above: core/handover.c checks that to serves every committee of
 * those days (store_reception_leaving, _duties_leaving with all) and that
 * the caller may manage from, and the whole of from's work moves. */
int store_reception_hand_over(struct store *st, int64_t from, int64_t to, const char *today);
int store_duties_hand_over(struct store *st, int64_t from, int64_t to, const char *today);
/* The assignments of worker_id running on or after today in grids of
 * committees outside the worker's current scope (every one of them when
 * all), with each grid's committee_code and the references (worker_name is
 * not read).  Without a caller's scope: what an account's change takes with
 * it (core/accounts.c release_grids, core/handover.c), in every committee
 * of the worker, the change itself authorized on the account
 * (account_may_manage); called from those core jobs only. */
int store_assignments_leaving_unscoped(struct store *st, int64_t worker_id, const char *today,
				       bool all, struct arena *ar, struct assignment_list *out);
/* Workers owning a grid on a date (normally one). */
int store_assignment_owners(struct store *st, const struct grid_ref *g, const char *date,
			    struct arena *ar, struct assignment_list *out);
/* Whether the worker sc names (sc->user_id) owns the grid of household on
 * date, the household lying in the worker's own scope; false when not. */
int store_worker_owns(struct store *st, const struct scope *sc, int64_t household_id,
		      const char *date, bool *owns);

/* The households per worker of committee (300 when unset), when committee
 * is in sc's jurisdiction; SB_NOT_FOUND otherwise. */
int store_committee_quota(struct store *st, const struct scope *sc, const char *committee,
			  int *households_per_worker);
/* Sets it, when committee is in sc's jurisdiction; SB_NOT_FOUND otherwise. */
int store_committee_quota_set(struct store *st, const struct scope *sc, const char *committee,
			      int households_per_worker);

/* A new visit (v's household, committee, worker and body), when v's
 * committee is in sc's jurisdiction (one indexed EXISTS); *out its
 * reference (committee: v's string).  SB_NOT_FOUND out of scope. */
int store_visit_insert(struct store *st, const struct scope *sc, const struct visit *v,
		       struct visit_ref *out);
/* The same without a scope (the import; issue 15: to take the import's scope). */
int store_visit_insert_unscoped(struct store *st, const struct visit *v, int64_t *id);
/* Writes v's body over the visit ref names. */
int store_visit_update(struct store *st, const struct visit_ref *ref, const struct visit *v);
int store_visit_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		    struct visit *out);
int store_visit_list(struct store *st, const struct scope *sc, const struct visit_filter *f,
		     struct arena *ar, struct visit_list *out);
int store_visit_change_add(struct store *st, const struct visit_ref *ref, int64_t at,
			   int64_t user_id, const char *username, const char *changes);
int store_visit_changes(struct store *st, const struct visit_ref *ref, struct arena *ar,
			struct change_list *out);
/* Recomputes the visit summary of the household of the visit ref names
 * (found in scope or just inserted) from its visits. */
int store_household_visit_refresh(struct store *st, const struct visit_ref *ref);
/* The same by a household's id, without a scope (the import; issue 15: to
 * take the import's scope). */
int store_household_visit_refresh_unscoped(struct store *st, int64_t household_id);

/* The households of a worker's grids on a date, with what a plan needs.
 * Scoped twice: by the worker's own jurisdiction (WORKER_GRIDS in
 * queries.def: its grids in its scope) and by the caller's, sc (grids of
 * committees in sc's jurisdiction only).  Callers: the worker itself, the
 * owner of a calendar feed, and a head's report of a committee in the
 * head's scope (core/plan.c, core/reports/plan.c). */
int store_plan_rows(struct store *st, const struct scope *sc, int64_t worker_id, const char *date,
		    struct arena *ar, struct plan_list *out);
/* What a compound's move to another committee changed (store/moves.c). */
struct compound_move_counts {
	int64_t buildings, households, residents, visits, issues, gates, gate_guards,
		campaign_targets, party_buildings, liaisons;
};
/* Moves the compound (from its committee, compound->committee) to to, counting from effective_on
 * (its first second effective_start): the register, the visits from that
 * day, the open issues and those taken in since, the gates; the compound
 * leaves the old committee's grids, campaigns, party groups and liaisons;
 * the move is recorded.  NOT_FOUND when the compound is no longer in its committee;
 * CONFLICT when to has a compound of that name.  Inside a transaction. */
int store_compound_move(struct store *st, const struct compound_ref *compound, const char *to,
			const char *effective_on, int64_t effective_start, int64_t by, int64_t now,
			struct compound_move_counts *out);
/* The limit longest-unvisited active households of area (never visited
 * first, then the oldest last visit), in that order. */
int store_area_unvisited(struct store *st, const struct scope *sc, const char *area, int limit,
			 struct arena *ar, struct plan_list *out);

struct policy_row {
	const char *tag; /* "*" for everyone else */
	int interval_days;
	bool own; /* the committee's own value */
};

struct policy_list {
	struct policy_row *items;
	size_t n;
};

/* The visit policy of committee (every tag with an interval, then "*"),
 * when committee is in sc's jurisdiction; else SB_NOT_FOUND. */
int store_policy_list(struct store *st, const struct scope *sc, const char *committee,
		      struct arena *ar, struct policy_list *out);
/* Sets committee's own interval for tag, when committee is in sc's
 * jurisdiction; else SB_NOT_FOUND.  The delete removes it, and nothing
 * outside sc's jurisdiction (SB_OK either way, as removing what is not
 * there). */
int store_policy_put(struct store *st, const struct scope *sc, const char *committee,
		     const char *tag, int interval_days);
int store_policy_delete(struct store *st, const struct scope *sc, const char *committee,
			const char *tag);

/* Coverage: per active household of an area, from the coverage summary. */
struct coverage_row {
	int64_t grid_id;
	const char *committee_code;
	int residents;
	int interval;
	const unsigned char
		*days; /* every visit, ascending: visit_day() numbers, 2 bytes LE each */
	size_t ndays;
	const char *tags; /* tags of the household and its living members */
};

/* The rows go to fn(row, ctx[0]) and fn(row, ctx[1]) from two threads at
 * once, each over about half of the area's committees (the second on a
 * second connection: each half is consistent in itself); an area of one
 * committee goes to ctx[0] alone. */
int store_coverage_rows(struct store *st, const struct scope *sc, const char *area,
			int (*fn)(const struct coverage_row *row, void *ctx), void *ctx[2]);

/* Who owned each grid of an area on a date, by grid id (worker_name set). */
int store_grid_owners_in_area(struct store *st, const struct scope *sc, const char *area,
			      const char *date, struct arena *ar, struct assignment_list *out);
/* The reception roster of a committee (reception_duty): a scoped reference
 * to it, made by store_roster_find only; id is unused (0), committee its
 * code. */
STORE_REF(roster);
/* The roster of committee, when committee is a committee in sc's
 * jurisdiction; SB_NOT_FOUND otherwise. */
int store_roster_find(struct store *st, const struct scope *sc, const char *committee,
		      struct arena *ar, struct roster_ref *out);
/* Puts worker_id on reception on date in roster r (edited: by hand). */
int store_roster_set(struct store *st, const struct roster_ref *r, const char *date,
		     int64_t worker_id, bool edited);
/* Removes the days [from, to] of roster r. */
int store_roster_clear(struct store *st, const struct roster_ref *r, const char *from,
		       const char *to);
struct roster_day {
	const char *date;
	int64_t worker_id;
	const char *worker_name;
	bool edited;
};
struct roster_list {
	struct roster_day *items;
	size_t n;
};
/* The days [from, to] of roster r, by date. */
int store_roster_days(struct store *st, const struct roster_ref *r, const char *from,
		      const char *to, struct arena *ar, struct roster_list *out);
/* The days [from, to] of committee's roster when committee is in sc's
 * scope (none otherwise), by date: for the checks of who may act on a
 * household (core/visits.c, core/calls.c); reception_on (core/reception.h)
 * reads a roster found first. */
int store_roster_list(struct store *st, const struct scope *sc, const char *committee,
		      const char *from, const char *to, struct arena *ar, struct roster_list *out);
/* Active users of a role scoped to exactly this committee, by id, when
 * committee is in sc's jurisdiction (none otherwise). */
int store_committee_users(struct store *st, const struct scope *sc, const char *committee,
			  enum role role, struct arena *ar, struct user_list *out);
/* Visits per worker and day in an area: fn(worker_id, username, date, visits, before_1530). */
int store_visit_day_counts(struct store *st, const struct scope *sc, const char *area,
			   const char *from, const char *to,
			   int (*fn)(int64_t worker, const char *login, const char *name,
				     const char *date, int visits, int before, void *ctx),
			   void *ctx);

int store_ics_token_set(struct store *st, int64_t user_id, const char *token_hash, int64_t now);
int store_ics_token_delete(struct store *st, int64_t user_id);
/* The same, telling whether there was a token. */
int store_ics_token_revoke(struct store *st, int64_t user_id, bool *revoked);
int store_ics_token_user(struct store *st, const char *token_hash, int64_t *user_id);

/* The calendar (store/calendar.c): the exception of a date, 'h' (a holiday on
 * a weekday), 'w' (a weekend day worked) or 0. */
int store_calendar_exception(struct store *st, const char *date, char *kind);
struct calendar_day {
	const char *date;
	const char *kind; /* "holiday" or "workday" */
	const char *name;
};
struct calendar_list {
	struct calendar_day *items;
	size_t n;
};
int store_calendar_list(struct store *st, const char *from, const char *to, struct arena *ar,
			struct calendar_list *out);
int store_calendar_put(struct store *st, const char *date, const char *kind, const char *name);
int store_calendar_delete(struct store *st, const char *date);

/* The audit log (store/audit.c). */
int store_audit_add(struct store *st, const struct audit_entry *e);
int store_audit_list(struct store *st, const struct scope *sc, const struct audit_filter *f,
		     struct arena *ar, struct audit_list *out);

/* ===== Issues (store/issues.c): residents' problems, their timeline, the
 * feedback links, the Open311 keys and the figures' scans.  See
 * docs/issues.md.  ===== */

struct issue_category {
	const char *code;
	const char *name;
	const char *name_en;
	const char *description;
	int days_committee, days_street, days_district, days_urgent;
	bool active;
	int position;
};

struct issue_category_list {
	struct issue_category *items;
	size_t n;
};

/* An issue found by a read of the store (in the caller's scope, or by the
 * public routes' own key: a feedback link's token, an Open311 request). */
STORE_REF(issue);

/* An issue row.  Ids 0 and strings NULL are "none". */
struct issue {
	int64_t id;
	struct issue_ref ref; /* read only: set by the store's reads, committee is area_code */
	const char *receipt_no;
	const char *category;
	const char *category_name; /* read only */
	const char *description;
	const char *channel;
	const char *priority;
	const char *status;
	const char *level;
	const char *area_code;	    /* the committee, or a street while unplaced */
	const char *committee_code; /* NULL while unplaced */
	const char *street_code;
	int64_t compound_id, building_id, household_id, resident_id;
	const char *compound_name; /* read only */
	const char *address;
	const char *reporter_name;
	const void *reporter_phone_box;
	size_t reporter_phone_boxlen;
	const char *reporter_phone_idx;
	const char *reporter_phone_mask;
	bool has_location;
	double lat, lon;
	int64_t assignee_id;
	const char *assignee_name; /* read only */
	const char *hotline_no;
	const char *hotline_state;
	int64_t open311_key_id;
	int64_t created_by;
	const char *created_by_name; /* read only */
	int64_t created_at, recorded_at, updated_at;
	int64_t accepted_at, resolved_at, closed_at; /* 0: not yet */
	int64_t level_since;
	const char *due_date;
	int64_t due_at;
	int escalations;
	const char *resolution;
	int satisfaction; /* 0: none since the last resolution */
	const char *feedback_comment;
	int64_t feedback_at;
};

struct issue_list {
	struct issue *items;
	size_t n;
};

struct issue_event {
	int64_t id;
	int64_t issue_id;
	int64_t at;
	int64_t user_id; /* 0: none */
	const char *username;
	const char *name; /* read only: the name people see */
	const char *via;
	const char *action;
	const char *from_status; /* NULL for "create" */
	const char *to_status;
	const char *level;
	const char *note, *reason;
	int64_t assignee_id;
	int satisfaction; /* 0: none */
	const char *comment;
	const char *hotline_no;
};

struct issue_event_list {
	struct issue_event *items;
	size_t n;
};

/* The queue: every member optional (NULL or 0). */
struct issue_filter {
	const char *area; /* an area: the issues under it */
	const char *level;
	const char *const *statuses;
	size_t nstatuses;
	const char *category, *priority, *channel;
	int64_t assignee_id, household_id, resident_id, compound_id;
	const char *receipt_no, *hotline_no;
	bool open_only;	  /* received, accepted, in progress or reopened */
	bool overdue;	  /* open and due_at < now */
	int64_t now;	  /* for overdue */
	int64_t from, to; /* created_at in [from, to); 0 open */
	bool newest;	  /* order by created_at descending, else by due_at */
	bool has_cursor;
	int64_t cursor_key, cursor_id;
	int limit;
};

int store_issue_categories(struct store *st, struct arena *ar, struct issue_category_list *out);
/* NOT_FOUND when unknown. */
int store_issue_category_get(struct store *st, const char *code, struct arena *ar,
			     struct issue_category *out);
int store_issue_category_update(struct store *st, const struct issue_category *c);

/* Inserts an issue (receipt_no is set after, from the id) whose area lies in
 * the caller's scope; *out gets its reference (committee: its area_code).
 * NOT_FOUND when the area is outside the scope, CONFLICT when its 12345
 * work-order number is taken. */
int store_issue_insert(struct store *st, const struct scope *sc, const struct issue *i,
		       struct arena *ar, struct issue_ref *out);
/* The same for a request of an Open311 key, which has no user: it acts by
 * its key's street (key_street), and places a request under that street or
 * a compound of its district (store_open311_match_compound); NOT_FOUND when
 * the area lies elsewhere. */
int store_issue_insert_open311(struct store *st, const char *key_street, const struct issue *i,
			       struct arena *ar, struct issue_ref *out);
/* Sets the receipt number of the issue found (its ref). */
int store_issue_set_receipt(struct store *st, const struct issue_ref *issue,
			    const char *receipt_no);
/* Counts one more feedback step of the issue found (its ref) and its
 * satisfaction. */
int store_issue_feedback_tally(struct store *st, const struct issue_ref *issue, int satisfaction);
/* Writes every changeable column of i to the issue found (its ref; i->id is
 * not read). */
int store_issue_update(struct store *st, const struct issue_ref *issue, const struct issue *i);
/* An issue in scope; NOT_FOUND outside it. */
int store_issue_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		    struct issue *out);
/* Any issue, ignoring scope: only for the public routes (the feedback link,
 * Open311), which show no personal data of it.  Issue 15: left without a
 * scope on purpose: these callers have no user, their key (a link's token,
 * an Open311 request of channel open311) found the issue. */
int store_issue_get_public(struct store *st, int64_t id, struct arena *ar, struct issue *out);
/* A page of the queue in scope, with the total of the whole filter. */
int store_issue_list(struct store *st, const struct scope *sc, const struct issue_filter *f,
		     struct arena *ar, struct issue_list *out, int64_t *total);
/* The issue carrying a 12345 work-order number; *id 0 when none.  Issue 15:
 * left without a scope on purpose: a work-order number is tracked by one
 * issue city-wide (a unique index), so the check of a new one must see them
 * all; it hands back an id only, no data of the issue. */
int store_issue_by_hotline(struct store *st, const char *hotline_no, int64_t *id);

/* Adds an event to the timeline of the issue found (its ref; e->issue_id is
 * not read). */
int store_issue_event_add(struct store *st, const struct issue_ref *issue,
			  const struct issue_event *e, int64_t *id);
/* The timeline of the issue found (its ref), oldest first. */
int store_issue_events(struct store *st, const struct issue_ref *issue, struct arena *ar,
		       struct issue_event_list *out);

/* Whether user_id is an enabled user whose scope covers area; *role gets
 * its role (ROLE_NONE when not). */
int store_issue_user_covers(struct store *st, int64_t user_id, const char *area, enum role *role);
/* The name of any area (areas are public); NOT_FOUND when unknown. */
int store_area_name(struct store *st, const char *code, struct arena *ar, const char **name);
/* The street and district above a committee or street. */
int store_area_street_district(struct store *st, const char *code, struct arena *ar,
			       const char **street, const char **district);

/* Feedback links (hash of the token only). */
struct issue_link {
	int64_t issue_id;
	int64_t created_at, expires_at, used_at, revoked_at; /* 0: not */
};
/* A link to the issue found (its ref), valid until expires_at. */
int store_issue_link_insert(struct store *st, const char *hash, const struct issue_ref *issue,
			    int64_t now, int64_t expires_at);
int store_issue_link_get(struct store *st, const char *hash, struct issue_link *out);
int store_issue_link_use(struct store *st, const char *hash, int64_t now);
/* Revokes every link of the issue found (its ref) not used yet. */
int store_issue_links_revoke(struct store *st, const struct issue_ref *issue, int64_t now);

/* Open311 api keys. */
struct open311_key {
	int64_t id;
	const char *name;
	const char *street_code;
	int64_t created_at, created_by, disabled_at, last_used_at;
};
struct open311_key_list {
	struct open311_key *items;
	size_t n;
};
int store_open311_key_insert(struct store *st, const char *name, const char *hash,
			     const char *street, int64_t by, int64_t now, int64_t *id);
int store_open311_keys(struct store *st, struct arena *ar, struct open311_key_list *out);
int store_open311_key_get(struct store *st, int64_t id, struct arena *ar, struct open311_key *out);
/* The enabled key with this hash; NOT_FOUND otherwise. */
int store_open311_key_by_hash(struct store *st, const char *hash, struct arena *ar,
			      struct open311_key *out);
int store_open311_key_disable(struct store *st, int64_t id, int64_t now);
int store_open311_key_touch(struct store *st, int64_t id, int64_t now);

/* The compound under district whose name occurs in address, the longest
 * name first, then one of street, then the smallest id; *id 0 when none.
 * The building of that compound whose label occurs in address after it.
 * Issue 15: left without a scope on purpose: Open311 has no user, it acts
 * by its key's street (core/open311_requests.c passes that street and its
 * district), and these read places (compounds, buildings), not people. */
int store_open311_match_compound(struct store *st, const char *district, const char *street,
				 const char *address, struct arena *ar, int64_t *id,
				 const char **committee);
int store_open311_match_building(struct store *st, int64_t compound_id, const char *address,
				 int64_t *id);

/* Open311 reads: issues that came through Open311 (of one key, or all when
 * key_id is 0), filtered; ids in ascending order, at most limit.  Issue 15:
 * left without a scope on purpose: GeoReport's list is public (with or
 * without a key, no user), and the api shows a request's personal data only
 * to the key that posted it. */
struct open311_filter {
	int64_t key_id;
	const char *const *codes;
	size_t ncodes;
	int open; /* -1 any, 0 closed, 1 open */
	int64_t from, to;
	const int64_t *ids;
	size_t nids;
	int limit;
};
int store_open311_requests(struct store *st, const struct open311_filter *f, struct arena *ar,
			   struct issue_list *out);

/* The figures' scans of the issues taken in within [from, to) under area:
 * one call of fn per issue with its child area of area (NULL when none).
 * Nothing when area lies outside the caller's scope. */
struct issue_figure_row {
	const char *status, *level, *category, *child_area;
	int64_t created_at, accepted_at, resolved_at, due_at;
	int escalations;
	int64_t feedback_count, feedback_sum; /* every feedback step */
};
int store_issue_figure_rows(struct store *st, const struct scope *sc, const char *area,
			    int64_t from, int64_t to,
			    int (*fn)(const struct issue_figure_row *row, void *ctx), void *ctx);
/* Issues per (category, compound), most first within a category. */
struct issue_hotspot_row {
	const char *category;
	int64_t compound_id;
	const char *compound_name;
	const char *committee_code;
	int64_t count;
};
int store_issue_figure_hotspots(struct store *st, const struct scope *sc, const char *area,
				int64_t from, int64_t to, struct arena *ar,
				struct issue_hotspot_row **rows, size_t *n);

/* ===== end of Issues ===== */

#endif
