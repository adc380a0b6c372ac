#ifndef SB_WEBHOOK_H
#define SB_WEBHOOK_H

/*
 * The outgoing webhook (docs/notices.md, "Delivery"): a JSON POST to one
 * http:// URL, signed with HMAC-SHA256 over "TIMESTAMP.BODY" in
 * X-Sibai-Signature, from a durable queue (webhook_outbox) that a thread
 * empties, retrying with backoff until the receiver answers 2xx.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WEBHOOK_SECRET_MAX 256
#define WEBHOOK_SIG_HEX 65

/* Parses url (http://HOST[:PORT][/PATH]) and keeps it with the secret:
 * false with a message in err when the URL is not of that form or the
 * secret is shorter than 16 bytes. */
bool webhook_configure(const char *url, const unsigned char *secret, size_t len, char *err,
		       size_t errlen);
/* Whether serve was given a webhook: only then are deliveries queued. */
bool webhook_enabled(void);
/* Starts the delivery thread over the database at db_path; webhook_stop
 * ends it (a delivery in flight finishes first). */
void webhook_start(const char *db_path);
void webhook_stop(void);

/* The signature's hex: HMAC-SHA256 under key over "timestamp.body". */
void webhook_sign(const unsigned char *key, size_t keylen, int64_t timestamp, const char *body,
		  char out[WEBHOOK_SIG_HEX]);
/* Seconds to wait after the attempts-th failure: 1, 2, 4, … at most 300. */
int64_t webhook_backoff(int attempts);

#endif
