#ifndef SB_NOTICES_H
#define SB_NOTICES_H

/* Notices (公告, docs/notices.md): the rules that need no store, then what
 * the API does with a notice, its resident's page and the committee's
 * phone, each write in its own transaction with its audit entry. */

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/actor.h"
#include "store/notices.h"
#include "util/crypto.h"
#include "util/errors.h"

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

/* A notice's audience, its syntax checked: {} is the whole committee; else
 * the buildings of compounds, buildings, and the households a register
 * filter picks, together. */
#define NOTICE_MAX_BUILDINGS 2000
struct notice_audience {
	bool has_compounds, has_buildings;
	const int64_t *compound_ids, *building_ids; /* distinct, at least one each */
	size_t ncompounds, nbuildings;
	json_t *filter; /* the filter member; NULL: none */
};

/* A new notice, its syntax checked. */
struct notice_input {
	const char *committee_code, *title, *body;
	bool urgent;
	const char *expires_at;	       /* RFC 3339, a time to come (checked here); NULL: none */
	int64_t survey_id, meeting_id; /* 0: none */
	struct notice_audience audience;
	const struct sb_key *key; /* the links' tokens (notice_token) */
	bool webhook;		  /* queue a delivery for the webhook */
};

/* The notice id in sc's scope; NOT_FOUND otherwise (an id in a path). */
int notice_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct notice_ref *out);
/* A notice in scope with its links (the API adds their tokens,
 * notice_token), NOT_FOUND otherwise. */
int notice_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	       struct notice *out);
/* The notices of committee (NULL: all in scope; checked here: BAD_QUERY)
 * before the id cursor, newest first, at most limit. */
int notice_list(struct store *st, const struct scope *sc, const char *committee, int64_t cursor,
		int limit, struct arena *ar, struct notice_list *out, struct sb_fail *fail);
/* Publishes a notice: the committee in scope, the survey and meeting and
 * the audience's places of the committee (BAD_FIELD naming the member
 * otherwise); a link per building and one for the whole notice; queued for
 * the webhook when in->webhook.  *out as notice_get gives it. */
int notice_create(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct notice_input *in, struct arena *ar, struct notice *out,
		  struct sb_fail *fail);
/* A notice's change: a new expiry (set_expires; expires_at NULL: none),
 * withdrawn or not (set_withdrawn). */
struct notice_change {
	bool set_expires, set_withdrawn;
	const char *expires_at; /* RFC 3339, a time to come (checked here) */
	bool withdrawn;
};
/* Changes a notice; detail (the body, stolen) goes to the audit. */
int notice_update(struct store *st, const struct scope *sc, const struct actor *who,
		  const struct notice_ref *notice, const struct notice_change *in, json_t *detail,
		  struct arena *ar, struct notice *out, struct sb_fail *fail);
/* The resident's page of a link's token (checked to be NOTICE_TOKEN_CHARS
 * hex), the read counted.  NOT_FOUND when no link has it; CONFLICT naming
 * token when the notice has expired or was withdrawn. */
int notice_read(struct store *st, const char *token, int64_t now, struct arena *ar,
		struct notice_page *out, struct sb_fail *fail);

/* The webhook's queue, emptied by http/webhook.c's thread: the next
 * delivery due at now (NOT_FOUND when none); then its outcome, in its own
 * transaction: delivered at now, or else tried again at next_at, error
 * kept. */
int notice_delivery_due(struct store *st, int64_t now, struct arena *ar, struct webhook_item *out);
int notice_delivery_settle(struct store *st, int64_t id, bool delivered, int64_t now,
			   int64_t next_at, const char *error);

/* The phone of a committee in sc's scope (NULL when not set); NOT_FOUND
 * when code is no committee in scope. */
int committee_phone_get(struct store *st, const struct scope *sc, const char *code,
			struct arena *ar, const char **phone);
/* Sets (NULL clears) the phone of a committee in scope (NOT_FOUND otherwise). */
int committee_phone_set(struct store *st, const struct scope *sc, const struct actor *who,
			const char *code, const char *phone, struct arena *ar);

#endif
