#ifndef SB_HTTP_IDEMPOTENCY_H
#define SB_HTTP_IDEMPOTENCY_H

#include "http/http.h"

#define IDEM_HEADER "Idempotency-Key"
#define IDEM_KEY_MAX 100

/* Runs the request's handler honouring its Idempotency-Key (docs/api.md,
 * "Idempotency-Key"): a POST, PATCH or PUT of a logged-in user that carries
 * one runs inside a transaction that also stores its answer; a retry of the
 * key answers that answer again and writes nothing. */
int idempotent_run(struct request *rq, struct response *rs);

#endif
