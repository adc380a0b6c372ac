#include <string.h>

#include "core/audit.h"
#include "core/open311.h"

/* The Open311 api keys (admin): made, listed, disabled; changes audited. */

static const char *
id_text(struct arena *ar, int64_t id)
{
	return arena_printf(ar, "%lld", (long long)id);
}

int
open311_key_list(struct store *st, struct arena *ar, struct open311_key_list *out)
{
	return store_open311_keys(st, ar, out);
}

int
open311_key_create(struct store *st, const struct actor *who, const char *name,
		   const char *street_code, struct arena *ar, char token[SB_TOKEN_CHARS + 1],
		   struct open311_key *out, struct sb_fail *fail)
{
	char hash[SB_HASH_HEX];
	const char *level;
	int rc;

	memset(out, 0, sizeof(*out));
	token[0] = '\0';
	rc = store_area_level(st, street_code, ar, &level);
	if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(level, "street") != 0))
		return sb_fail(fail, SB_BAD_FIELD, "street_code",
			       "street_code: not a street (its queue takes the requests whose "
			       "address matches no compound)",
			       "street_code：不是街道（地址未匹配到小区的请求进入该街道）");
	if (rc != SB_OK)
		return rc;
	out->name = name;
	out->street_code = street_code;
	out->created_at = who->now;
	out->created_by = who->user_id;
	crypto_token_new(token);
	crypto_token_hash(token, hash);
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_open311_key_insert(st, name, hash, street_code, who->user_id, who->now,
				      &out->id);
	if (rc == SB_CONFLICT)
		rc = sb_fail(fail, rc, "name", "name: a key of that name exists",
			     "name：已有同名密钥");
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "open311_key", id_text(ar, out->id), street_code,
			       json_pack("{s:s}", "name", name));
	rc = store_end(st, rc);
	if (rc != SB_OK)
		crypto_wipe(token);
	return rc;
}

int
open311_key_disable(struct store *st, const struct actor *who, int64_t id, struct arena *ar)
{
	struct open311_key k;
	int rc = store_open311_key_get(st, id, ar, &k);

	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_open311_key_disable(st, id, who->now);
	if (rc == SB_OK)
		rc = audit_add(st, who, "disable", "open311_key", id_text(ar, id), k.street_code,
			       json_pack("{s:s}", "name", k.name));
	return store_end(st, rc);
}
