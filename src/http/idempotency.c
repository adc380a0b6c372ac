#include <string.h>

#include <sodium.h>

#include "http/idempotency.h"
#include "http/server.h"
#include "store/idempotency.h"
#include "util/crypto.h"
#include "util/errors.h"

/* A key is 1 to IDEM_KEY_MAX printable ASCII characters (a UUID fits). */
static bool
valid_key(const char *key)
{
	size_t n = 0;

	for (; key[n]; n++)
		if ((unsigned char)key[n] < 0x20 || (unsigned char)key[n] > 0x7e)
			return false;
	return n >= 1 && n <= IDEM_KEY_MAX;
}

static bool
keyed_method(const char *m)
{
	return strcmp(m, "POST") == 0 || strcmp(m, "PATCH") == 0 || strcmp(m, "PUT") == 0;
}

/* The handler's headers worth repeating (Location, Content-Disposition…) as
 * a JSON array of [name, value]; a cookie is never replayed. */
static const char *
headers_json(struct request *rq, const struct response *rs)
{
	json_t *a = json_array();
	char *text;
	const char *out;
	int i;

	for (i = 0; i < rs->nheaders; i++) {
		if (strcasecmp(rs->header_names[i], "Set-Cookie") == 0)
			continue;
		json_array_append_new(
			a, json_pack("[s, s]", rs->header_names[i], rs->header_values[i]));
	}
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (text == NULL)
		return NULL;
	out = arena_strdup(&rq->arena, text);
	free(text);
	return out;
}

static int
replay(struct request *rq, struct response *rs, const struct idem_answer *a)
{
	json_t *h, *pair;
	char *body = crypto_open(server_key(rq->srv), a->body, a->body_len);
	size_t i;
	bool ok;

	if (body == NULL)
		return SB_INTERNAL;
	buf_reset(&rs->body);
	ok = buf_add(&rs->body, body, strlen(body));
	crypto_wipe(body);
	free(body);
	if (!ok)
		return SB_INTERNAL;
	h = json_loads(a->headers ? a->headers : "[]", 0, NULL);
	rs->status = a->status;
	rs->content_type = a->content_type;
	json_array_foreach (h, i, pair) {
		const char *name = json_string_value(json_array_get(pair, 0));
		const char *value = json_string_value(json_array_get(pair, 1));

		if (name && value)
			response_header(rq, rs, arena_strdup(&rq->arena, name), value);
	}
	json_decref(h);
	response_header(rq, rs, "Idempotent-Replayed", "true");
	return SB_OK;
}

/* The handler ran and answered 2xx: remember its answer in the transaction
 * of its write, which is then committed (and on disk) or not at all. */
static int
remember(struct request *rq, struct response *rs, const char *key, const unsigned char *hash)
{
	struct store *st = rq->store;
	struct idem_answer a = {0};
	unsigned char *sealed = NULL;
	size_t sealed_len = 0;
	int rc;

	/* A handler that ended its transaction itself (a dry run rolls its
	 * work back) wrote nothing that the key could be separated from. */
	if (!store_in_transaction(st)) {
		rc = store_begin(st);
		if (rc != SB_OK)
			return rc;
	}
	a.method = rq->method;
	a.path = rq->raw_uri;
	memcpy(a.body_hash, hash, IDEM_HASH_BYTES);
	a.status = rs->status;
	a.content_type = rs->content_type;
	a.headers = headers_json(rq, rs);
	/* The answer may show a revealed phone or ID number: it is kept
	 * encrypted, like those numbers are. */
	crypto_seal(server_key(rq->srv), rs->body.data ? rs->body.data : "", &sealed, &sealed_len);
	a.body = sealed;
	a.body_len = sealed_len;
	rc = a.headers ? store_idem_purge(st, rq->now - IDEM_TTL_S) : SB_INTERNAL;
	if (rc == SB_OK)
		rc = store_idem_put(st, rq->user.id, key, &a, rq->now);
	free(sealed);
	return store_end(st, rc);
}

int
idempotent_run(struct request *rq, struct response *rs)
{
	const char *key = request_header(rq, IDEM_HEADER);
	unsigned char hash[IDEM_HASH_BYTES];
	struct store *st = rq->store;
	struct idem_answer prev;
	int rc;

	if (key == NULL || !keyed_method(rq->method))
		return rq->route->handler(rq, rs);
	if (!valid_key(key))
		return request_fail(rq, SB_BAD_HEADER, IDEM_HEADER,
				    "Idempotency-Key: must be 1 to 100 printable ASCII characters",
				    "Idempotency-Key（幂等键）须为 1 至 100 个可打印的 ASCII 字符");
	/* Keys are a user's own: a route without a session (a login, a
	 * resident's secret link, Open311) does not keep them. */
	if (!rq->authed || rq->route->min_role == ROLE_NONE)
		return rq->route->handler(rq, rs);
	crypto_generichash(hash, sizeof(hash),
			   (const unsigned char *)(rq->body.data ? rq->body.data : ""),
			   rq->body.len, NULL, 0);
	/* The writer lock is held from here to the end: a second request with
	 * the same key waits, then finds the first answer. */
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_idem_get(st, rq->user.id, key, rq->now - IDEM_TTL_S, &rq->arena, &prev);
	if (rc == SB_OK) {
		if (strcmp(prev.method, rq->method) != 0 || strcmp(prev.path, rq->raw_uri) != 0 ||
		    sodium_memcmp(prev.body_hash, hash, sizeof(hash)) != 0) {
			store_rollback(st);
			return request_fail(
				rq, SB_IDEMPOTENCY_CONFLICT, IDEM_HEADER,
				"Idempotency-Key: already used for a different request; make a new "
				"key for a new request",
				"该幂等键已用于另一个不同的请求，新的请求请使用新的幂等键");
		}
		rc = replay(rq, rs, &prev);
		/* Committed, not rolled back: the first answer may still be in
		 * the batch being made durable, and the replay waits for it. */
		return store_end(st, rc);
	}
	if (rc != SB_NOT_FOUND) {
		store_rollback(st);
		return rc;
	}
	rc = rq->route->handler(rq, rs);
	if (rc != SB_OK) {
		store_rollback(st); /* an error writes nothing, nor its key */
		return rc;
	}
	/* Only a 2xx answer in memory, as text, is kept (a file sent from
	 * disk, or a body with a NUL in it, is not). */
	if (rs->status < 200 || rs->status >= 300 || rs->fd >= 0 ||
	    (rs->body.len && memchr(rs->body.data, 0, rs->body.len)))
		return store_in_transaction(st) ? store_commit(st) : SB_OK;
	return remember(rq, rs, key, hash);
}
