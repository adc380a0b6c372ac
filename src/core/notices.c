#include <stdio.h>
#include <string.h>

#include "core/notices.h"

void
notice_token(const struct sb_key *key, int64_t notice, int64_t building,
	     char out[NOTICE_TOKEN_CHARS + 1])
{
	char what[64];

	snprintf(what, sizeof(what), "notice:%lld:%lld", (long long)notice, (long long)building);
	crypto_blind_index(key, what, out);
}

enum notice_state
notice_state_at(int64_t expires_at, int64_t withdrawn_at, int64_t now)
{
	if (withdrawn_at)
		return NOTICE_WITHDRAWN;
	if (expires_at && expires_at <= now)
		return NOTICE_EXPIRED;
	return NOTICE_OPEN;
}
