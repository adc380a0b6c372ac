#include "core/ops.h"

int
ops_schema_version(struct store *st, int *version)
{
	return store_schema_version(st, version);
}

int
ops_sessions_active(struct store *st, int64_t now, int64_t *n)
{
	return store_session_count(st, now - OPS_SESSION_ACTIVE_SECONDS, n);
}
