#ifndef SB_REGISTER_H
#define SB_REGISTER_H

/*
 * The household register (知百家情): compounds, buildings, households and
 * residents described as tables of fields, so that one piece of code
 * validates, stores, diffs, imports and exports them all.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/crypto.h"
#include "util/errors.h"

enum rfield_kind {
	RK_TEXT,
	RK_INT,
	RK_BOOL,
	RK_DATE, /* YYYY-MM-DD */
	RK_ENUM,
	RK_REF,	   /* the id of a parent row */
	RK_SECRET, /* an ID or phone number: encrypted, indexed, masked */
};

#define RF_REQUIRED 1  /* must be given on create */
#define RF_READONLY 2  /* computed: never written by a client */
#define RF_NULLABLE 4  /* may be null */
#define RF_NOHISTORY 8 /* not recorded in the history */
#define RF_LINES 16    /* RK_TEXT: several lines (LF) allowed; else one line */

struct rfield {
	const char *name;   /* on the wire and in the history */
	const char *column; /* in the table; NULL when computed */
	enum rfield_kind kind;
	int64_t min, max;	   /* text: characters; numbers: the range */
	const char *const *values; /* RK_ENUM: the allowed codes, NULL-ended */
	unsigned flags;
	const char *label_zh; /* header in imports and exports */
	int64_t dflt;	      /* default of an RK_BOOL on create */
};

/* A field's value: present (given or loaded), null, and the value. */
struct rvalue {
	bool present;
	bool null;
	int64_t i;     /* RK_INT, RK_BOOL, RK_REF */
	const char *s; /* RK_TEXT, RK_DATE, RK_ENUM; RK_SECRET: the mask */
	/* RK_SECRET only: the clear value (when written), its box and blind index. */
	const char *clear;
	const unsigned char *box;
	size_t boxlen;
	const char *index;
};

struct entity_def {
	const char *name; /* "resident" */
	const char *table;
	const char *parent; /* the RK_REF field naming the parent, or NULL */
	const char *parent_table;
	const struct rfield *fields;
	size_t nfields;
	bool history; /* changes are recorded */
};

extern const struct entity_def entity_compound;
extern const struct entity_def entity_building;
extern const struct entity_def entity_household;
extern const struct entity_def entity_resident;

/* The index of a field by name, or -1. */
int entity_field(const struct entity_def *def, const char *name);

/* Who acts, and when, for the history and the audit log. */
struct register_actor {
	int64_t user_id;
	const char *username;
	enum role role;
	const char *ip;
	int64_t now;
	const struct sb_key *key;
};

/* Checks one value against its field (type, range, length, enum, date, the
 * number formats) and fills the derived parts of a secret (box, index, mask).
 * BAD_FIELD with a message naming the field. */
int register_check_value(const struct rfield *f, struct rvalue *v, const struct register_actor *who,
			 struct arena *ar, struct sb_fail *fail);

/* Creates a row from vals (indexed like def->fields) inside the caller's
 * transaction: checks every value, fills defaults and what derives (the
 * committee from the parent, a floor from the room, birth date and gender
 * from an ID number), refuses a parent outside the scope (BAD_FIELD naming
 * it), records the history.  *id gets the new row. */
int register_create(struct store *st, const struct scope *sc, const struct entity_def *def,
		    struct rvalue *vals, const struct register_actor *who, struct arena *ar,
		    int64_t *id, struct sb_fail *fail);

/* Changes the fields present in vals of a row in scope (NOT_FOUND else),
 * inside the caller's transaction; records the changed fields in the
 * history (action "update", or "move" when a resident changes household).
 * *changed gets whether anything changed. */
int register_update(struct store *st, const struct scope *sc, const struct entity_def *def,
		    int64_t id, struct rvalue *vals, const struct register_actor *who,
		    struct arena *ar, bool *changed, struct sb_fail *fail);

/* Loads a row in scope into vals (nfields long, allocated in the arena). */
int register_get(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
		 struct arena *ar, struct rvalue **vals);

/* Undoes one recorded change (committee_head and up), itself recorded.
 * CONFLICT when a field has changed since. */
int register_rollback(struct store *st, const struct scope *sc, int64_t change_id,
		      const struct register_actor *who, struct arena *ar, struct sb_fail *fail);

/* Tags (written as a whole set).  A tag item is a name and an optional review date. */
struct tag_item {
	const char *name;
	const char *review_on; /* NULL: the tag's default, if any */
};

/* Replaces the tags of a resident ("resident") or household ("household")
 * of sc's jurisdiction (a row outside it is left as it is): names must be
 * built-in or of the row's committee; derived tags cannot be set.  Inside
 * the caller's transaction. */
int register_replace_tags(struct store *st, const struct scope *sc, const char *entity, int64_t id,
			  const char *committee, const struct tag_item *tags, size_t ntags,
			  const struct register_actor *who, struct arena *ar, struct sb_fail *fail);

/* ===== Reading and writing the register whole (core/register_view.c):
 * what the API calls, each one core function per request. ===== */

/* A resident of this age or more carries the derived tag 高龄 (docs/register.md). */
#define REGISTER_ELDERLY_AGE 80

/* A row of the register as it is shown: its fields and what derives from
 * other rows.  Everything is in the reader's arena. */
struct register_view {
	const struct entity_def *def;
	int64_t id;
	struct rvalue *row; /* def->nfields; a secret carries its mask only */
	/* residents and households: the tags set on the row */
	struct tag_on_list tags;
	/* residents: the age on today's Shanghai date (-1: no birth date), and
	 * whether it carries the derived tag 高龄 */
	int age;
	bool elderly;
	/* residents read alone (not as members) and households */
	bool placed; /* address and last_visit_on are given */
	const char *address;
	const char *last_visit_on; /* NULL: never visited */
	/* households: their building's compound and every resident, by id */
	int64_t compound_id;
	struct register_view *members;
	size_t nmembers;
};

/* A page of views. */
struct register_page {
	struct register_view *items;
	size_t n;
	int64_t total;		 /* register_search: every match of the filter */
	const char *next_cursor; /* NULL: the last page */
};

/* NOT_FOUND unless id is a row of def in sc's jurisdiction: for the
 * handlers that answer 404 before they read a body. */
int register_find(struct store *st, const struct scope *sc, const struct entity_def *def,
		  int64_t id, struct arena *ar);

/* The view of a row in scope (NOT_FOUND otherwise); now gives the ages.  A
 * household is read in two statements whatever its members
 * (store_household_read). */
int register_read(struct store *st, const struct scope *sc, const struct entity_def *def,
		  int64_t id, int64_t now, struct arena *ar, struct register_view *out);

/* Compounds (of committee, named like q) or buildings (of compound_id) in
 * scope, by id after after_id, at most limit; the cursor is the last id. */
int register_list_places(struct store *st, const struct scope *sc, const struct entity_def *def,
			 const char *committee, int64_t compound_id, const char *q,
			 int64_t after_id, int limit, int64_t now, struct arena *ar,
			 struct register_page *out);

/* Residents or households (def) matching f in scope, a page after cursor
 * of at most limit, with the total.  BAD_QUERY naming "cursor" (in *fail)
 * for a cursor this list did not give. */
int register_search(struct store *st, const struct scope *sc, const struct entity_def *def,
		    const struct filter *f, const char *cursor, int limit, int64_t now,
		    struct arena *ar, struct register_page *out, struct sb_fail *fail);

/* The changes of a row in scope (NOT_FOUND otherwise), newest first, before
 * change before_id (0: the newest), at most limit; *next (NULL: none) the
 * cursor of the next page. */
int register_history(struct store *st, const struct scope *sc, const struct entity_def *def,
		     int64_t id, int64_t before_id, int limit, struct arena *ar,
		     struct change_list *out, const char **next);

/* The tags of a body: given says whether it named "tags" at all. */
struct tag_set {
	bool given;
	const struct tag_item *items;
	size_t n;
};

/* Creates a row (register_create) with its tags (residents and households,
 * when given) in one transaction of its own; *out the view of the new row. */
int register_add(struct store *st, const struct scope *sc, const struct entity_def *def,
		 struct rvalue *vals, const struct tag_set *tags, const struct register_actor *who,
		 struct arena *ar, struct register_view *out, struct sb_fail *fail);

/* Changes a row in scope (register_update) and its tags when given, in one
 * transaction of its own; *out the view after the change. */
int register_change(struct store *st, const struct scope *sc, const struct entity_def *def,
		    int64_t id, struct rvalue *vals, const struct tag_set *tags,
		    const struct register_actor *who, struct arena *ar, struct register_view *out,
		    struct sb_fail *fail);

/* Undoes a change in scope (register_rollback; NOT_FOUND out of scope) in
 * one transaction of its own; *out the view of the row after it. */
int register_undo(struct store *st, const struct scope *sc, int64_t change_id,
		  const struct register_actor *who, struct arena *ar, struct register_view *out,
		  struct sb_fail *fail);

/* The clear numbers of a resident in scope (NOT_FOUND otherwise): each NULL
 * when not recorded; the reveal is audited with reason, in a transaction of
 * its own.  The strings are the caller's to clear with register_numbers_wipe. */
struct resident_numbers {
	char *id_number, *phone, *emergency_phone, *carer_phone;
};
int register_reveal(struct store *st, const struct scope *sc, int64_t id, const char *reason,
		    const struct register_actor *who, struct arena *ar,
		    struct resident_numbers *out);
/* Wipes and frees the numbers; safe on a zeroed struct. */
void register_numbers_wipe(struct resident_numbers *n);

#endif
