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

/* Replaces the tags of a resident ("resident") or household ("household"):
 * names must be built-in or of the row's committee; derived tags cannot be
 * set.  Inside the caller's transaction. */
int register_set_tags(struct store *st, const char *entity, int64_t id, const char *committee,
		      const struct tag_item *tags, size_t ntags, const struct register_actor *who,
		      struct arena *ar, struct sb_fail *fail);

#endif
