#ifndef SB_ROLE_H
#define SB_ROLE_H

#include <stdbool.h>

/* Roles in rank order: a route names the least role it needs. */
enum role {
	ROLE_NONE = 0, /* no session needed */
	ROLE_HELPER,   /* a building leader's or volunteer's light account (docs/accounts.md) */
	ROLE_WORKER,
	ROLE_COMMITTEE_HEAD,
	ROLE_STREET,
	ROLE_DISTRICT,
	ROLE_ADMIN,
};

/* "helper", "worker", "committee_head", …; "none" for ROLE_NONE. */
const char *role_name(enum role r);
/* ROLE_NONE when the name is not a role a user can have. */
enum role role_parse(const char *name);
/* The area level a role's scope codes must have ("committee" for workers). */
const char *role_scope_level(enum role r);
/* Whether a role may hold more than one scope code. */
bool role_multi_scope(enum role r);

#endif
