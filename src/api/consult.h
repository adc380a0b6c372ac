#ifndef SB_API_CONSULT_H
#define SB_API_CONSULT_H

/* Helpers shared by the consultation and network handlers (api_surveys.c,
 * api_meetings.c, api_party.c, api_volunteers.c); api/consult_util.c.
 * The store's consultation types come through core/consult.h. */

#include "api/api.h"
#include "core/consult.h"
#include "http/json_io.h"

/* Parses JSON text from the store (the reply's body); INTERNAL if it is not. */
int consult_json_parse(const char *text, json_t **out);
/* Answers status with the JSON text. */
int consult_reply_text(struct response *rs, int status, const char *text);
/* The "cursor" query parameter: a positive id, 0 when absent; BAD_QUERY. */
int consult_query_cursor(struct request *rq, int64_t *out);
/* A page from a JSON array text of up to limit + 1 items: the extra one
 * says there is more, and the last kept item's id becomes next_cursor. */
int consult_page_text(struct request *rq, struct response *rs, const char *text, int limit);
/* The optional "committee" query parameter, in scope (BAD_QUERY otherwise). */
int consult_query_committee(struct request *rq, const char **code);
/* A store's list of rows of one committee (NULL: all in scope) past the id
 * cursor in the list's own order, at most limit, as a JSON array text. */
typedef int (*consult_lister)(struct store *st, const struct scope *sc, const char *committee,
			      int64_t cursor, int limit, struct arena *ar, const char **json);
/* GET of such a list: limit, cursor and committee_code checked, a page answered. */
int consult_list(struct request *rq, struct response *rs, consult_lister list);
/* Parses and checks the body against spec (members named in skip are left
 * to the caller: checked for presence only). */
int consult_body(struct request *rq, const struct jfield *spec, const char *const *skip,
		 json_t **out);
/* A string member, or NULL when absent or null. */
const char *consult_member_text(json_t *body, const char *name);
/* An optional list a (NULL: none) of distinct positive ids, at most max;
 * BAD_FIELD naming field. */
int consult_ids(struct request *rq, json_t *a, const char *field, size_t max, int64_t **ids,
		size_t *n);
/* Today in Asia/Shanghai (YYYY-MM-DD), in the arena. */
const char *consult_today(struct request *rq);
/* An id as text, in the arena (for the audit). */
const char *consult_id_text(struct request *rq, int64_t id);

/* Issue 17: 429 with Retry-After when the caller's address has failed too
 * often on the pages without login (util/throttle.h); SB_OK otherwise. */
int api_public_throttle(struct request *rq, struct response *rs);
/* Counts a failure of an anonymous caller's address. */
void api_public_fail(struct request *rq);

#endif
