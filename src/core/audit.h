#ifndef SB_AUDIT_H
#define SB_AUDIT_H

/*
 * The audit log, written by core in the transaction of the change it records
 * (docs/users.md, "Audit").  Reading it is store_audit_list through
 * audit_list.
 */

#include <jansson.h>

#include "core/actor.h"
#include "store/store.h"

/* One entry for who: action on entity (entity_id may be NULL) in area_code;
 * detail (may be NULL) is a JSON object, stolen. */
int audit_add(struct store *st, const struct actor *who, const char *action, const char *entity,
	      const char *entity_id, const char *area_code, json_t *detail);

/* A page of entries in sc's jurisdiction, newest first. */
int audit_list(struct store *st, const struct scope *sc, const struct audit_filter *f,
	       struct arena *ar, struct audit_list *out);

#endif
