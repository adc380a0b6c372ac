#include "core/audit.h"

#include <stdlib.h>

int
audit_add(struct store *st, const struct actor *who, const char *action, const char *entity,
	  const char *entity_id, const char *area_code, json_t *detail)
{
	struct audit_entry e = {0};
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	int rc;

	e.at = who->now;
	e.user_id = who->user_id;
	e.username = who->user_id ? who->username : NULL;
	e.action = action;
	e.entity = entity;
	e.entity_id = entity_id;
	e.area_code = area_code;
	e.detail = text;
	e.ip = who->ip;
	rc = store_audit_add(st, &e);
	free(text);
	json_decref(detail);
	return rc;
}

int
audit_list(struct store *st, const struct scope *sc, const struct audit_filter *f, struct arena *ar,
	   struct audit_list *out)
{
	return store_audit_list(st, sc, f, ar, out);
}
