#ifndef SB_API_H
#define SB_API_H

/* The handlers named in http/routes.def, one file per resource. */

#include "core/actor.h"
#include "http/http.h"
#include "util/errors.h"

#define R(method, pattern, handler, role, flags, query)                                            \
	int handler(struct request *rq, struct response *rs);
#include "http/routes.def"
#undef R

/* Helpers shared by the handlers (api/common.c). */

/* limit: 1–500, default 50; BAD_QUERY naming "limit" otherwise. */
int api_query_limit(struct request *rq, int *limit);
/* A query flag: "true" or "false" (absent: false); BAD_QUERY naming it otherwise. */
int api_query_bool(struct request *rq, const char *name, bool *out);
/* A list answered whole (next_cursor always null) still takes limit, checked
 * as above, so that a client paging every collection alike is not refused;
 * it does not cut the list. */
int api_query_whole_list(struct request *rq);
/* An optional integer query parameter; 0 when absent. */
int api_query_int(struct request *rq, const char *name, int64_t *out);
/* A period of query parameters (api/range.c; docs/api.md, "Times and
 * dates"): each bound a date YYYY-MM-DD, the Shanghai day, the upper bound
 * included whole; with API_RANGE_TIMES also an RFC 3339 time.  from and to
 * are the half-open [from, to) in unix seconds (0 when absent); from_date and
 * to_date the Shanghai dates of the first and last day ("" when absent). */
struct api_range {
	bool has_from, has_to;
	int64_t from, to;
	char from_date[11], to_date[11];
};
enum api_range_flags {
	API_RANGE_DATES = 0,
	API_RANGE_TIMES = 1,
	API_RANGE_W3C = 3, /* times as Open311 takes them (open311_parse_time) */
};
/* The pure rule: false with *bad naming the bound that is not valid, or "to"
 * when the period ends before it starts. */
bool api_range_parse(const char *from, const char *to, int flags, struct api_range *r,
		     const char **bad);
/* The query parameters "from" and "to" by that rule; BAD_QUERY naming the
 * parameter otherwise. */
int api_query_range(struct request *rq, int flags, struct api_range *r);
/* The request's caller as core takes it (core/actor.h). */
struct actor api_actor(const struct request *rq);
/* Writes an audit entry for the request's user (core/audit.h); for a handler
 * that has not yet moved its writes into core.  Core functions write their
 * own with audit_add, in their transaction. */
int api_audit(struct request *rq, const char *action, const char *entity, const char *entity_id,
	      const char *area_code, json_t *detail);
/* Serves the export file fd (its name already gone, see
 * table_writer_open_anon) as an attachment of type content_type named by
 * disposition (the whole Content-Disposition value), not to be cached.  The
 * response takes fd; on failure (SB_IO: fstat failed) fd is closed. */
int api_serve_file(struct request *rq, struct response *rs, int fd, const char *content_type,
		   const char *disposition);
/* The content type of an export format, "csv" or "xlsx". */
const char *api_export_type(bool xlsx);
/* A {"items":[…],"next_cursor":…} page; items is stolen. */
json_t *api_page(json_t *items, const char *next_cursor);
/* RFC 3339 UTC of unix seconds, in the arena. */
const char *api_time(struct request *rq, int64_t t);
/* The query parameter mapping of an import or a checking file: a JSON
 * object {header: field}, checked (import_mapping_check); NULL when absent
 * (api/api_checks.c). */
int api_query_mapping(struct request *rq, bool committee_ok, json_t **out);

/* A committee code in the caller's scope; err (BAD_FIELD or BAD_QUERY)
 * naming field otherwise (core/committee_check.c). */
int api_committee_in_scope(struct request *rq, const char *code, const char *field, int err);
/* Visits (api/api_visits.c), shared with their import: a body into v (the
 * household loaded into *hh; core's visit_prepare), whether worker may
 * record it (visit_may_record), and visit_free_texts, kept for the import:
 * v's texts now live in the request's arena, so it frees nothing. */
struct visit;
struct rvalue;
int visit_from_body(struct request *rq, json_t *body, struct visit *v, bool creating,
		    struct rvalue **hh);
int visit_allowed(struct request *rq, const struct visit *v, int64_t worker, enum role role);
void visit_free_texts(struct visit *v, const struct visit *keep);
/* The name people see for a user: the display name, else the login. */
const char *api_person_name(const struct user *u);
/* An account as the API shows it (never its password hash), with a
 * helper's buildings and volunteer record (core/accounts.h). */
struct account_view;
json_t *api_user_json(struct request *rq, const struct account_view *v);
/* Ids in a body are checked like ids in paths: each must name a row of table
 * (one with a committee_code: "issue", "resident", "household", "building",
 * "compound", …) that is in the caller's scope and of committee, the
 * committee of the resource being written (not merely the caller's).
 * BAD_FIELD naming field otherwise (the whole list's name, as the other
 * list checks do; the message names the id).  Ids are assumed already
 * checked to be positive integers; json_ids is an array.  Where more than the
 * committee matters (a living resident, a party member, an active household:
 * the consultation handlers), the handler reads the row through its module's
 * brief and compares its committee with the resource's in the same way. */
int api_id_of_committee(struct request *rq, const char *table, const char *committee,
			const char *field, int64_t id);
/* id names an active worker account (or head, when heads_too) serving
 * committee: SB_OK, or 400 naming field. */
int api_worker_of_committee(struct request *rq, const char *committee, const char *field,
			    int64_t id, bool heads_too);
int api_ids_of_committee(struct request *rq, const char *table, const char *committee,
			 const char *field, const int64_t *ids, size_t n);
int api_json_ids_of_committee(struct request *rq, const char *table, const char *committee,
			      const char *field, json_t *ids);
/* The place ids of a register filter kept with a resource (a campaign's
 * filter, a survey's audience, a meeting's invitations): compound_id and
 * building_id of committee, as above, naming member.compound_id or
 * member.building_id. */
int api_filter_of_committee(struct request *rq, const struct filter *f, const char *committee,
			    const char *member);
/* For a helper (docs/accounts.md, "Light accounts"): whether the household,
 * building, resident or campaign target (kind) id lies in its buildings.
 * Otherwise 400 naming field, or 404 when field is NULL (an id in the path). */
int api_helper_has(struct request *rq, const char *kind, int64_t id, const char *field);
/* Copies a core refusal onto the request; returns err. */
int api_fail(struct request *rq, int err, const struct sb_fail *fail);

#endif
