#ifndef SB_OPS_H
#define SB_OPS_H

/*
 * What the operators' endpoints read of the database (/healthz, /metrics):
 * no people's data, so no scope.
 */

#include <stdint.h>

#include "store/store.h"

/* Sessions used within this many seconds count as active (the idle expiry). */
#define OPS_SESSION_ACTIVE_SECONDS (12 * 3600)

/* The schema version of the database; an error when it does not answer. */
int ops_schema_version(struct store *st, int *version);

/* The sessions used in the OPS_SESSION_ACTIVE_SECONDS before now. */
int ops_sessions_active(struct store *st, int64_t now, int64_t *n);

#endif
