#ifndef SB_HTTP_H
#define SB_HTTP_H

/*
 * What a handler sees of HTTP: a request (with its arena, its store
 * connection and, past the session check, its user and scope) and a response
 * to fill.  Nothing of libmicrohttpd shows here.
 *
 * A handler returns SB_OK after filling the response, or an error code; the
 * server then answers the error as JSON, naming rq->error_field when set.
 */

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 8

struct request;
struct long_job;
struct response;
struct server;

typedef int (*api_handler)(struct request *rq, struct response *rs);

/* Route flags.  Each is its own bit, derived from its position in this
 * list, so no two can share a value; the assertion below fails the build if
 * anyone writes one by hand that overlaps another. */
enum route_flag_bit {
	RFB_IMPORT, /* the body may be up to 32 MiB */
	RFB_GATE,   /* open to a gate account (docs/campaigns.md); no other route is */
	RFB_FORM,   /* a form body is accepted too (Open311 clients, who send an api_key) */
	RFB_SECRET, /* the first path parameter is a bearer credential: logged masked */
	RFB_NOBODY, /* an action that takes no body: only none or {} is accepted */
	RFB_UPLOAD, /* the body is a file: a JPEG, a PNG or a PDF of up to 16 MiB */
	RFB_LONG,   /* may run for minutes (an export): served by a long-work thread */
	RFB_COUNT,
};

#define RF_IMPORT (1 << RFB_IMPORT)
#define RF_GATE (1 << RFB_GATE)
#define RF_FORM (1 << RFB_FORM)
#define RF_SECRET (1 << RFB_SECRET)
#define RF_NOBODY (1 << RFB_NOBODY)
#define RF_UPLOAD (1 << RFB_UPLOAD)
#define RF_LONG (1 << RFB_LONG)
#define RF_ALL (RF_IMPORT | RF_GATE | RF_FORM | RF_SECRET | RF_NOBODY | RF_UPLOAD | RF_LONG)

/* Disjoint bits: their sum equals their union only when no two overlap. */
_Static_assert(RF_IMPORT + RF_GATE + RF_FORM + RF_SECRET + RF_NOBODY + RF_UPLOAD + RF_LONG ==
		       RF_ALL,
	       "two route flags share a bit");
_Static_assert(RF_ALL == (1 << RFB_COUNT) - 1, "a route flag is missing from RF_ALL");

struct route {
	const char *method;
	const char *pattern;
	api_handler handler;
	enum role min_role;
	int flags;
	/* The query parameters the route accepts, separated by spaces ("" for
	 * none).  Any other is refused before the handler runs, and
	 * request_query() answers NULL for a name not listed here. */
	const char *query;
};

struct request {
	struct arena arena;  /* freed when the request ends */
	struct store *store; /* this thread's connection */
	struct server *srv;
	void *conn; /* the server's connection handle */
	const char *method;
	const char *path;	   /* decoded */
	const char *raw_uri;	   /* as received */
	const struct route *route; /* NULL: static file or no route */
	int route_index;
	const char *param_names[HTTP_MAX_PARAMS];
	const char *param_values[HTTP_MAX_PARAMS];
	int nparams;
	struct buf body;
	bool body_too_large;
	int64_t now;	    /* unix seconds at arrival */
	int64_t started_us; /* monotonic, for the latency */
	const char *ip;
	/* The client closed its connection while a read ran: set by the
	 * store's progress check (client_gone in server.c), which may run on
	 * a split scan's thread too; the answer is then never sent. */
	atomic_bool gone;
	atomic_llong gone_checked_us;
	/* An import or export handed to a long-work thread (server.c), its
	 * connection suspended meanwhile; NULL otherwise. */
	struct long_job *job;

	bool authed;
	struct user user;
	struct scope scope;
	char session_hash[65];

	/* Set by a failing handler: the field at fault and a precise message. */
	const char *error_field;
	const char *error_message;
	const char *error_message_zh;
};

struct response {
	int status;
	const char *content_type;
	struct buf body;
	int fd; /* a file to send instead of body; -1: none */
	uint64_t fd_size;
	/* A body that outlives the request (a static file kept in memory),
	 * sent instead of body when not NULL. */
	const void *mem;
	size_t mem_len;
	int nheaders;
	const char *header_names[HTTP_MAX_HEADERS];
	const char *header_values[HTTP_MAX_HEADERS];
};

/* Request accessors (http/server.c).  Strings are borrowed for the request. */
const char *request_query(struct request *rq, const char *name);
const char *request_header(struct request *rq, const char *name);
const char *request_cookie(struct request *rq, const char *name);
/* A path parameter by name ("id", "code"); NULL when the route has none. */
const char *request_param(struct request *rq, const char *name);
/* A path parameter as a positive id; BAD_PATH naming it otherwise. */
int request_param_id(struct request *rq, const char *name, int64_t *out);

/* The scheme and host clients reach us by, behind a proxy (http/origin.c):
 * Forwarded (RFC 7239) proto= and host=, else X-Forwarded-Proto, else http
 * and Host.  Values other than http/https or a sane host are ignored. */
void request_public_origin(struct request *rq, const char **scheme, const char **host);
/* Whether the client reached us over TLS, as the proxy says. */
bool request_is_https(struct request *rq);

/* Response builders: a header value is copied into the request's arena. */
void response_header(struct request *rq, struct response *rs, const char *name, const char *value);
/* Dumps and releases json (its reference is stolen). */
int response_json(struct response *rs, int status, json_t *json);
int response_text(struct response *rs, int status, const char *content_type, const char *text,
		  size_t len);
int response_empty(struct response *rs, int status);
/* Fills rs with the JSON error for err (using rq's field and messages). */
void response_error(struct request *rq, struct response *rs, int err);

/* Records a field-level error on the request and returns err. */
int request_fail(struct request *rq, int err, const char *field, const char *en, const char *zh);
/* The same worded as sb_refuse words it: "field: en", "field：zh". */
int request_refuse(struct request *rq, int err, const char *field, const char *en, const char *zh);

#endif
