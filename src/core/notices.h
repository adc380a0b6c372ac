#ifndef SB_NOTICES_H
#define SB_NOTICES_H

/* Notices (公告, docs/notices.md): the rules that need no store. */

#include <stdbool.h>
#include <stdint.h>

#include "util/crypto.h"

#define NOTICE_TOKEN_CHARS 64

/* The token of a notice's link for a building (0: the whole notice):
 * a keyed BLAKE2b of "notice:ID:BUILDING" under the key file's index key,
 * hex.  Unguessable without the key, and the same each time, so that a
 * poster can be printed again; only its hash is stored. */
void notice_token(const struct sb_key *key, int64_t notice, int64_t building,
		  char out[NOTICE_TOKEN_CHARS + 1]);

/* What a resident's page says of a notice at now. */
enum notice_state { NOTICE_OPEN, NOTICE_EXPIRED, NOTICE_WITHDRAWN };
enum notice_state notice_state_at(int64_t expires_at, int64_t withdrawn_at, int64_t now);

#endif
