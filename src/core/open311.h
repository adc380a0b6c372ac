#ifndef SB_OPEN311_H
#define SB_OPEN311_H

/*
 * Open311 GeoReport v2 (docs/issues.md, "Open311"): the parameter parsers,
 * pure functions without I/O (a fuzz target's natural prey, core/open311.c),
 * then what the routes do with the store: the api keys
 * (core/open311_keys.c) and the requests (core/open311_requests.c).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/issues.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/crypto.h"
#include "util/errors.h"

enum open311_format {
	O311_JSON,
	O311_XML,
};

/* Splits a path segment "123.json" / "lift.xml" into its stem (copied into
 * stem, at most stemlen - 1 bytes) and format.  False when there is no
 * ".json" or ".xml" suffix, the stem is empty or too long. */
bool open311_split_file(const char *file, char *stem, size_t stemlen, enum open311_format *fmt);

/* The value of name in an application/x-www-form-urlencoded text of len
 * bytes, decoded ("+" is a space, %XX a byte) into the arena; NULL when the
 * name is absent or its value is malformed (a bad escape, a NUL byte). */
const char *open311_form_value(const char *text, size_t len, const char *name, struct arena *ar);

/* A W3C date-time (ISO 8601 subset): YYYY-MM-DD, or YYYY-MM-DDTHH:MM,
 * YYYY-MM-DDTHH:MM:SS, with optional fractional seconds, then Z or ±HH:MM
 * (a date-time without a zone is read in Asia/Shanghai, as is a bare date).
 * False when s is anything else. */
bool open311_parse_time(const char *s, int64_t *out);

/* Splits a comma-separated list into at most max non-empty items (copied
 * into the arena).  False for an empty item, more than max items or an empty
 * list. */
bool open311_split_list(const char *s, struct arena *ar, const char ***items, size_t *n,
			size_t max);

/* Whether s is valid UTF-8 (no overlong forms, no surrogates, ≤ U+10FFFF). */
bool open311_utf8_valid(const char *s);

/* Open311's status of an issue status: "closed" for resolved and closed,
 * else "open". */
const char *open311_status(const char *issue_status);

/*
 * The Open311 api keys (admin), each change in a transaction of its own and
 * audited (core/open311_keys.c).
 */

/* The enabled key whose token is api_key; NOT_FOUND otherwise. */
int open311_key_find(struct store *st, const char *api_key, struct arena *ar,
		     struct open311_key *out);
/* Every key, enabled or not. */
int open311_key_list(struct store *st, struct arena *ar, struct open311_key_list *out);
/* A new key named name for a trusted channel whose unplaced requests go to
 * the street street_code (BAD_FIELD naming "street_code" when it is not a
 * street; CONFLICT naming "name" when a key has that name).  token gets the
 * key, shown once (only its hash is kept); *out the key as listed. */
int open311_key_create(struct store *st, const struct actor *who, const char *name,
		       const char *street_code, struct arena *ar, char token[SB_TOKEN_CHARS + 1],
		       struct open311_key *out, struct sb_fail *fail);
/* Disables the key id (kept for the record); NOT_FOUND when unknown. */
int open311_key_disable(struct store *st, const struct actor *who, int64_t id, struct arena *ar);

/*
 * The service requests (core/open311_requests.c).  What a reader may see of
 * a request (its description, address, exact place: only the key that posted
 * it) is the api's rendering; these find and write the rows.
 */

/* The active categories, which Open311 calls services. */
int open311_services(struct store *st, struct arena *ar, struct issue_category_list *out);
/* The active category code; NOT_FOUND when unknown or inactive. */
int open311_service_find(struct store *st, const char *code, struct arena *ar,
			 struct issue_category *out);

/* A request as Open311 shows it: the issue and the agency now responsible
 * (the name of its committee, street or district; NULL when unknown). */
struct open311_request {
	struct issue issue;
	const char *agency;
};
struct open311_request_list {
	struct open311_request *items;
	size_t n;
};
/* The requests of f (store_open311_requests). */
int open311_requests(struct store *st, const struct open311_filter *f, struct arena *ar,
		     struct open311_request_list *out);
/* The request id; NOT_FOUND when there is none or the issue did not come
 * through Open311. */
int open311_request_find(struct store *st, int64_t id, struct arena *ar,
			 struct open311_request *out);

/* Takes in a request of service (found by open311_service_find) posted
 * with key (found by open311_key_find): in has what the channel sent
 * (description, address, place, reporter), already checked for form.  The
 * place is the longest compound name of the address within the key's
 * district (its street preferred on a tie) and a building of it, else the
 * key's street.  Marks the key used and audits the intake as who (the
 * caller, who has no session); seal seals the reporter's phone.  *made gets
 * the issue as taken in.  In a transaction of its own. */
int open311_take_in(struct store *st, const struct actor *who, const struct sb_key *seal,
		    const struct open311_key *key, const struct issue_category *service,
		    struct issue_new *in, struct arena *ar, struct issue *made,
		    struct sb_fail *fail);

#endif
