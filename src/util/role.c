#include <string.h>

#include "util/role.h"

static const char *const names[] = {
	[ROLE_NONE] = "none",	  [ROLE_HELPER] = "helper",
	[ROLE_WORKER] = "worker", [ROLE_COMMITTEE_HEAD] = "committee_head",
	[ROLE_STREET] = "street", [ROLE_DISTRICT] = "district",
	[ROLE_ADMIN] = "admin",
};

static const char *const levels[] = {
	[ROLE_NONE] = "",
	[ROLE_HELPER] = "committee",
	[ROLE_WORKER] = "committee",
	[ROLE_COMMITTEE_HEAD] = "committee",
	[ROLE_STREET] = "street",
	[ROLE_DISTRICT] = "district",
	[ROLE_ADMIN] = "city",
};

const char *
role_name(enum role r)
{
	if ((int)r < 0 || r > ROLE_ADMIN)
		return "none";
	return names[r];
}

enum role
role_parse(const char *name)
{
	int r;

	for (r = ROLE_HELPER; r <= ROLE_ADMIN; r++)
		if (strcmp(name, names[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *
role_scope_level(enum role r)
{
	if ((int)r < 0 || r > ROLE_ADMIN)
		return "";
	return levels[r];
}

bool
role_multi_scope(enum role r)
{
	return r == ROLE_WORKER;
}
