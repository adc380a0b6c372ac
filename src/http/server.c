#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http/http.h"
#include "http/idempotency.h"
#include "http/json_io.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/session.h"
#include "http/static.h"
#include "util/clock.h"
#include "util/gzip.h"
#include "util/errors.h"
#include "util/xml.h"
#include "util/log.h"
#include "util/xalloc.h"

#define BODY_MAX (1u << 20)	    /* 1 MiB */
#define BODY_MAX_IMPORT (32u << 20) /* 32 MiB */
#define BODY_MAX_UPLOAD (16u << 20) /* 16 MiB: a phone's photo, a scanned PDF */
#define RESPONSE_MAX (256u << 20)   /* exports are the largest */
#define DISCARD_MAX (128u << 20)    /* past this a body is refused before it is read */
#define CONN_MEMORY (64u << 10)	    /* per connection: request line, headers, upload chunk */
#define SHUTDOWN_WAIT_S 20
#define SECRET_SHOWN 4 /* characters of a secret link's token in the access log */
#define LONG_THREADS 2 /* imports and exports at once; more wait their turn */
#define LONG_QUEUE 16  /* waiting their turn; past this: 503, try again */

struct server {
	struct MHD_Daemon *daemon;
	pthread_t checkpointer;
	atomic_bool stopping;
	const struct server_config *cfg;
	char *web_root;
	struct static_site *site; /* the web tree under web_root, NULL without one */
	struct metrics *metrics;
	pthread_mutex_t lock; /* guards stores */
	struct store **stores;
	size_t nstores, capstores;
	atomic_int in_flight;
	int64_t deadline_us;	  /* a request's headers and body, from its first line */
	char tmp_dir[PATH_MAX];	  /* private (0700): exports are made here, unlinked */
	char files_dir[PATH_MAX]; /* DB.files (0700): attachments, named by content hash */
	pthread_t sweeper;
	pthread_mutex_t watch_lock; /* guards watching */
	struct conn_watch *watching;
	/* Long work (imports, exports) runs on threads of its own (see
	 * "Long work" below); long_lock guards the queue and long_stop. */
	pthread_t long_threads[LONG_THREADS];
	pthread_mutex_t long_lock;
	pthread_cond_t long_cond;
	struct long_job *long_head, *long_tail;
	unsigned long_queued;
	bool long_stop;
};

/* An import or export waiting for, or running on, a long-work thread. */
struct long_job {
	struct request *rq;
	struct MHD_Connection *conn;
	struct response rs;
	atomic_bool done; /* rs holds the answer; the connection is resumed */
	struct long_job *next;
};

/* A connection while it waits for a request's line and headers: libmicro-
 * httpd's timeout restarts on each byte, so a client trickling a header a
 * byte every few seconds would hold its connection for ever.  The sweeper
 * thread shuts down those past the deadline (on_request checks the body). */
struct conn_watch {
	int fd;
	int64_t since_us; /* the connection opened, or its last request ended */
	bool receiving;	  /* no request line and headers yet */
	struct conn_watch *prev, *next;
};

/* Each server thread keeps one connection, opened on its first request. */
static _Thread_local struct store *thread_store;

static int64_t
monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const struct sb_key *
server_key(const struct server *srv)
{
	return &srv->cfg->key;
}

const char *
server_tmp_dir(const struct server *srv)
{
	return srv->tmp_dir;
}

/* Makes the server's private temporary folder, $TMPDIR/sibai-XXXXXX (mode
 * 0700, by mkdtemp). */
static int
make_tmp_dir(struct server *srv)
{
	const char *base = getenv("TMPDIR");

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	if ((size_t)snprintf(srv->tmp_dir, sizeof(srv->tmp_dir), "%s/sibai-XXXXXX", base) >=
		    sizeof(srv->tmp_dir) ||
	    mkdtemp(srv->tmp_dir) == NULL) {
		log_err("cannot make a private temporary folder in %s (TMPDIR): %s", base,
			strerror(errno));
		return SB_IO;
	}
	return SB_OK;
}

const char *
server_files_dir(const struct server *srv)
{
	return srv->files_dir;
}

/* The attachments' folder beside the database (docs/attachments.md). */
static int
make_files_dir(struct server *srv)
{
	if ((size_t)snprintf(srv->files_dir, sizeof(srv->files_dir), "%s.files",
			     srv->cfg->db_path) >= sizeof(srv->files_dir))
		return SB_IO;
	if (mkdir(srv->files_dir, 0700) != 0 && errno != EEXIST) {
		log_err("cannot make the attachments' folder %s: %s", srv->files_dir,
			strerror(errno));
		return SB_IO;
	}
	return SB_OK;
}

bool
server_secure_cookies(const struct server *srv)
{
	return srv->cfg->secure_cookies;
}

int64_t
server_db_size(struct server *srv)
{
	(void)srv;
	return thread_store ? store_disk_size(thread_store) : 0;
}

void
server_metrics(struct server *srv, struct buf *out)
{
	metrics_render(srv->metrics, out);
}

static struct store *
thread_connection(struct server *srv)
{
	struct store *st;

	if (thread_store)
		return thread_store;
	if (store_open(srv->cfg->db_path, STORE_GROUP_COMMIT, &st) != SB_OK)
		return NULL;
	pthread_mutex_lock(&srv->lock);
	if (srv->nstores == srv->capstores) {
		srv->capstores = srv->capstores ? 2 * srv->capstores : 8;
		srv->stores = xrealloc(srv->stores, srv->capstores * sizeof(*srv->stores));
	}
	srv->stores[srv->nstores++] = st;
	pthread_mutex_unlock(&srv->lock);
	thread_store = st;
	return st;
}

/* Request accessors. */

/* Only a parameter the route declares (routes.def): the dispatcher has
 * refused any other, and a handler asking for one it did not declare gets
 * nothing, as if it were absent. */
const char *
request_query(struct request *rq, const char *name)
{
	if (!router_query_declared(rq->route, name))
		return NULL;
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
request_header(struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *
request_cookie(struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

const char *
request_param(struct request *rq, const char *name)
{
	int i;

	for (i = 0; i < rq->nparams; i++)
		if (strcmp(rq->param_names[i], name) == 0)
			return rq->param_values[i];
	return NULL;
}

int
request_param_id(struct request *rq, const char *name, int64_t *out)
{
	const char *v = request_param(rq, name);
	char *end;
	long long n;

	if (v == NULL || *v < '1' || *v > '9')
		goto bad;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end || n <= 0)
		goto bad;
	*out = n;
	return SB_OK;
bad:
	return request_fail(rq, SB_BAD_PATH, name,
			    arena_printf(&rq->arena, "%s: must be a positive whole number", name),
			    arena_printf(&rq->arena, "%s：必须是正整数", name));
}

int
request_fail(struct request *rq, int err, const char *field, const char *en, const char *zh)
{
	rq->error_field = field ? arena_strdup(&rq->arena, field) : NULL;
	rq->error_message = en ? arena_strdup(&rq->arena, en) : NULL;
	rq->error_message_zh = zh ? arena_strdup(&rq->arena, zh) : NULL;
	return err;
}

int
request_refuse(struct request *rq, int err, const char *field, const char *en, const char *zh)
{
	return request_fail(rq, err, field, arena_printf(&rq->arena, "%s: %s", field, en),
			    arena_printf(&rq->arena, "%s：%s", field, zh));
}

/* Responses. */

void
response_header(struct request *rq, struct response *rs, const char *name, const char *value)
{
	if (rs->nheaders == HTTP_MAX_HEADERS) {
		log_err("too many response headers; dropped %s", name);
		return;
	}
	rs->header_names[rs->nheaders] = name;
	rs->header_values[rs->nheaders] = arena_strdup(&rq->arena, value);
	rs->nheaders++;
}

/* json_dump_callback's writer: straight into the response's body. */
static int
body_append(const char *text, size_t len, void *body)
{
	return buf_add(body, text, len) ? 0 : -1;
}

int
response_json(struct response *rs, int status, json_t *json)
{
	int rc;

	if (json == NULL)
		return SB_INTERNAL;
	buf_reset(&rs->body);
	rc = json_dump_callback(json, body_append, &rs->body,
				JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(json);
	if (rc != 0)
		return SB_INTERNAL;
	rs->status = status;
	rs->content_type = "application/json; charset=utf-8";
	return SB_OK;
}

int
response_text(struct response *rs, int status, const char *content_type, const char *text,
	      size_t len)
{
	buf_reset(&rs->body);
	if (!buf_add(&rs->body, text, len))
		return SB_INTERNAL;
	rs->status = status;
	rs->content_type = content_type;
	return SB_OK;
}

int
response_empty(struct response *rs, int status)
{
	buf_reset(&rs->body);
	rs->status = status;
	rs->content_type = NULL;
	return SB_OK;
}

void
response_error(struct request *rq, struct response *rs, int err)
{
	json_t *e;

	if (err == SB_OK)
		err = SB_INTERNAL;
	e = json_pack("{s:{s:s, s:s, s:s, s:s?}}", "error", "code", sb_err_code(err), "message",
		      rq->error_message ? rq->error_message : sb_err_message(err), "message_zh",
		      rq->error_message_zh ? rq->error_message_zh : sb_err_message_zh(err), "field",
		      rq->error_field);
	if (rq->error_field == NULL)
		json_object_set_new(json_object_get(e, "error"), "field", json_null());
	if (rs->fd >= 0) {
		close(rs->fd);
		rs->fd = -1;
	}
	response_json(rs, sb_err_status(err), e);
}

/* An error on an Open311 path in GeoReport v2's own format: a list of
 * {code, description}, in XML when the path asks for it. */
static void
open311_error(struct request *rq, struct response *rs, int err)
{
	const char *en = rq->error_message ? rq->error_message : sb_err_message(err);
	const char *zh = rq->error_message_zh ? rq->error_message_zh : sb_err_message_zh(err);
	const char *text = arena_printf(&rq->arena, "%s / %s", en, zh);
	size_t n = strlen(rq->path);
	int status = sb_err_status(err == SB_OK ? SB_INTERNAL : err);

	if (rs->fd >= 0) {
		close(rs->fd);
		rs->fd = -1;
	}
	if (n > 4 && strcmp(rq->path + n - 4, ".xml") == 0) {
		buf_reset(&rs->body);
		buf_printf(&rs->body, XML_DECLARATION "<errors><error><code>%d</code><description>",
			   status);
		xml_add_text(&rs->body, text);
		buf_adds(&rs->body, "</description></error></errors>\n");
		rs->status = status;
		rs->content_type = "text/xml; charset=utf-8";
		return;
	}
	response_json(rs, status, json_pack("[{s:i, s:s}]", "code", status, "description", text));
}

/* The pipeline: route, limits, content type, query, session, role, handler. */

#define QUERY_MAX 32 /* parameters in one query string */

struct query_names {
	const char *names[QUERY_MAX];
	size_t n;
	bool too_many;
};

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_names *q = cls;

	(void)kind;
	if ((key == NULL || *key == '\0') && (value == NULL || *value == '\0'))
		return MHD_YES; /* "?&" or a trailing "&" names nothing */
	if (q->n == QUERY_MAX) {
		q->too_many = true;
		return MHD_NO;
	}
	q->names[q->n++] = key ? key : "";
	return MHD_YES;
}

/* Every query parameter must be one the route declares, and given once:
 * a mistyped filter (tag_al=) must not answer the whole register. */
/* An action that takes no body (a rollback, ending a campaign, a logout)
 * accepts none or an empty object: a member sent to it is refused as an
 * unknown field would be anywhere else, so a client's mistake is not
 * silently ignored. */
static int
check_no_body(struct request *rq)
{
	const char *key;
	json_t *body, *v;
	int rc;

	if (rq->body.len == 0)
		return SB_OK;
	rc = json_body(rq, &body);
	if (rc != SB_OK)
		return rc;
	json_object_foreach (body, key, v) {
		const char *name = arena_strdup(&rq->arena, key);

		(void)v;
		json_decref(body);
		return request_fail(rq, SB_BAD_FIELD, name,
				    arena_printf(&rq->arena, "%s: this action takes no body", name),
				    arena_printf(&rq->arena, "%s：此操作不接受请求内容", name));
	}
	json_decref(body);
	return SB_OK;
}

static int
check_query(struct request *rq, const struct route *r)
{
	struct query_names q = {0};
	const char *name;
	size_t at = 0;

	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, collect_query, &q);
	if (q.too_many)
		return request_fail(
			rq, SB_BAD_QUERY, NULL,
			arena_printf(&rq->arena, "more than %d query parameters", QUERY_MAX),
			arena_printf(&rq->arena, "查询参数超过 %d 个", QUERY_MAX));
	switch (router_check_query(r, q.names, q.n, &at)) {
	case QUERY_OK: return SB_OK;
	case QUERY_UNKNOWN:
		name = q.names[at];
		return request_fail(rq, SB_BAD_QUERY, name,
				    arena_printf(&rq->arena, "%s: unknown query parameter", name),
				    arena_printf(&rq->arena, "%s：未知的查询参数", name));
	case QUERY_REPEATED:
		name = q.names[at];
		return request_fail(rq, SB_BAD_QUERY, name,
				    arena_printf(&rq->arena, "%s: given more than once", name),
				    arena_printf(&rq->arena, "%s：重复给出", name));
	}
	return SB_INTERNAL;
}

/* A static file reads no query parameter.  It takes only the two WeChat
 * appends to a link shared in a chat (/?from=singlemessage&isappinstalled=0
 * before the #/feedback/… of a resident's link), which nothing reads. */
static const struct route static_route = {"GET", "", NULL, ROLE_NONE, 0, "from isappinstalled"};

static bool
is_json_type(const char *ct)
{
	size_t n = strlen("application/json");

	return ct && strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

/* An attachment's types (core/attachments.c checks the bytes too). */
static bool
is_upload_type(const char *ct)
{
	static const char *const types[] = {"image/jpeg", "image/png", "application/pdf"};
	size_t i;

	for (i = 0; ct && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(ct, types[i]) == 0)
			return true;
	return false;
}

static bool
is_import_type(const char *ct)
{
	static const char *const types[] = {
		"text/csv",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/octet-stream",
	};
	size_t i;

	for (i = 0; ct && i < sizeof(types) / sizeof(types[0]); i++) {
		size_t n = strlen(types[i]);

		if (strncasecmp(ct, types[i], n) == 0 && (ct[n] == '\0' || ct[n] == ';'))
			return true;
	}
	return false;
}

static bool
changes_state(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0 ||
	       strcmp(method, "PUT") == 0 || strcmp(method, "DELETE") == 0;
}

/* Whether the client of rq has closed its connection (or it broke): a look
 * at the socket without reading it, at most every 50 ms.  Called by the
 * store's progress check while a read runs (store_set_cancel). */
static bool
client_gone(void *arg)
{
	struct request *rq = arg;
	const union MHD_ConnectionInfo *ci;
	int64_t now = monotonic_us();
	struct pollfd p;

	if (atomic_load(&rq->gone))
		return true;
	if (now - atomic_load(&rq->gone_checked_us) < 50000)
		return false;
	atomic_store(&rq->gone_checked_us, now);
	ci = MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL)
		return false;
	p.fd = ci->connect_fd;
	p.events = POLLRDHUP;
	p.revents = 0;
	if (poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) {
		atomic_store(&rq->gone, true);
		return true;
	}
	return false;
}

static int
run_route(struct request *rq, struct response *rs, const struct route_match *m)
{
	const char *ct = request_header(rq, MHD_HTTP_HEADER_CONTENT_TYPE);
	int i, rc;

	rq->route = m->route;
	rq->route_index = m->index;
	rq->nparams = m->nparams;
	for (i = 0; i < m->nparams; i++) {
		rq->param_names[i] = arena_strndup(&rq->arena, m->names[i], m->name_lens[i]);
		rq->param_values[i] = arena_strndup(&rq->arena, m->values[i], m->value_lens[i]);
	}
	if (rq->body_too_large)
		return SB_TOO_LARGE;
	/* No form posts: a state change with a body carries JSON (or an import
	 * file), so a cross-site form cannot make one.  A body-less POST (a
	 * rollback) needs none; the SameSite=Strict cookie guards it. */
	if (changes_state(rq->method) && rq->body.len > 0 && !is_json_type(ct) &&
	    !((m->route->flags & RF_IMPORT) && is_import_type(ct)) &&
	    !((m->route->flags & RF_UPLOAD) && is_upload_type(ct)) &&
	    !((m->route->flags & RF_FORM) && ct &&
	      strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0))
		return (m->route->flags & RF_IMPORT)
			       ? request_fail(rq, SB_MEDIA_TYPE, NULL,
					      "Content-Type must be text/csv or the XLSX type",
					      "Content-Type 须为 text/csv 或 XLSX 类型")
		       : (m->route->flags & RF_UPLOAD)
			       ? request_fail(rq, SB_MEDIA_TYPE, NULL,
					      "Content-Type must be image/jpeg, image/png or "
					      "application/pdf",
					      "文件须为 JPEG、PNG 图片或 PDF 文档")
			       : SB_MEDIA_TYPE;
	rc = check_query(rq, m->route);
	if (rc != SB_OK)
		return rc;
	rq->store = thread_connection(rq->srv);
	if (rq->store == NULL)
		return SB_UNAVAILABLE;
	if (m->route->min_role != ROLE_NONE || request_cookie(rq, SESSION_COOKIE)) {
		rc = session_authenticate(rq);
		if (rc != SB_OK && m->route->min_role != ROLE_NONE)
			return rc;
		if (rc == SB_OK && rq->user.role < m->route->min_role)
			return SB_FORBIDDEN;
		if (rc == SB_OK && rq->user.gate_id && m->route->min_role != ROLE_NONE &&
		    !(m->route->flags & RF_GATE))
			return request_fail(rq, SB_FORBIDDEN, NULL,
					    "a gate account records at its gate only",
					    "门岗账号只能在所绑定的门岗登记");
	}
	if (m->route->flags & RF_NOBODY) {
		rc = check_no_body(rq);
		if (rc != SB_OK)
			return rc;
	}
	/* A read stops when its client has gone (a district export or report
	 * would otherwise run on for nobody); a write always finishes, so that
	 * a phone that lost the answer finds its write done. */
	if (strcmp(m->route->method, "GET") == 0)
		store_set_cancel(rq->store, client_gone, rq);
	rc = idempotent_run(rq, rs);
	store_set_cancel(rq->store, NULL, NULL);
	if (store_in_transaction(rq->store)) {
		log_err("bug: %s %s left a transaction open; rolled back", rq->method,
			m->route->pattern);
		store_rollback(rq->store);
		rc = SB_INTERNAL;
	}
	return rc;
}

static void
dispatch(struct request *rq, struct response *rs)
{
	const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
	struct route_match m;
	int rc;

	switch (router_match(method, rq->path, &m)) {
	case ROUTE_FOUND: rc = run_route(rq, rs, &m); break;
	case ROUTE_NO_METHOD:
		response_header(rq, rs, "Allow", m.allow);
		rc = SB_METHOD;
		break;
	default:
		if (strcmp(method, "GET") == 0 && rq->srv->web_root &&
		    strncmp(rq->path, "/api/", 5) != 0) {
			rq->route_index = metrics_row_static();
			rc = check_query(rq, &static_route);
			if (rc == SB_OK)
				rc = static_serve(rq, rs, rq->srv->site);
		} else {
			rc = SB_NOT_FOUND;
		}
		break;
	}
	if (rc != SB_OK && strncmp(rq->path, "/open311/", 9) == 0)
		open311_error(rq, rs, rc);
	else if (rc != SB_OK)
		response_error(rq, rs, rc);
}

static void
log_gone(const struct request *rq)
{
	log_err("%s: %s %s stopped: the client went away", rq->ip ? rq->ip : "?", rq->method,
		rq->route ? rq->route->pattern : rq->path);
}

/* An answer never sent (its client has gone). */
static void
drop_response(struct response *rs)
{
	if (rs->fd >= 0)
		close(rs->fd);
	rs->fd = -1;
	buf_clear(&rs->body);
}

/* --- Long work ------------------------------------------------------------------
 * libmicrohttpd serves each connection on the pool thread that accepted it.
 * An import (minutes for a 32 MiB file) or a district's export run there
 * would hold every other kept-alive connection of that thread: a head's
 * browser tab, a worker's phone.  Such a request (a route flagged RF_IMPORT
 * or RF_LONG) is handed to one of LONG_THREADS threads of its own once its
 * body is in; its connection is suspended meanwhile, and resumed with the
 * answer ready, which on_request then sends.  Each long-work thread keeps its
 * own database connection, like the pool threads. */

static bool
is_long(const struct request *rq)
{
	const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
	struct route_match m;

	return router_match(method, rq->path, &m) == ROUTE_FOUND &&
	       (m.route->flags & (RF_IMPORT | RF_LONG));
}

static void
long_finish(struct long_job *j)
{
	atomic_store(&j->done, true);
	MHD_resume_connection(j->conn);
}

static void *
long_loop(void *arg)
{
	struct server *srv = arg;

	for (;;) {
		struct long_job *j;
		bool stop;

		pthread_mutex_lock(&srv->long_lock);
		while (srv->long_head == NULL && !srv->long_stop)
			pthread_cond_wait(&srv->long_cond, &srv->long_lock);
		j = srv->long_head;
		if (j) {
			srv->long_head = j->next;
			if (srv->long_head == NULL)
				srv->long_tail = NULL;
			srv->long_queued--;
		}
		stop = srv->long_stop;
		pthread_mutex_unlock(&srv->long_lock);
		if (j == NULL)
			return NULL; /* stopping, and nothing waits */
		if (stop)	     /* not started: the server is stopping */
			response_error(j->rq, &j->rs, SB_UNAVAILABLE);
		else
			dispatch(j->rq, &j->rs);
		/* Logged here: once resumed, libmicrohttpd may find the client
		 * gone and close the connection without calling on_request. */
		if (atomic_load(&j->rq->gone))
			log_gone(j->rq);
		long_finish(j);
	}
}

/* Hands rq to a long-work thread and suspends its connection: MHD_YES.
 * A full queue answers 503 at once (false: the caller sends rs). */
static bool
long_start(struct MHD_Connection *conn, struct request *rq, struct response *rs)
{
	struct server *srv = rq->srv;
	struct long_job *j;

	pthread_mutex_lock(&srv->long_lock);
	if (srv->long_queued >= LONG_QUEUE || srv->long_stop) {
		pthread_mutex_unlock(&srv->long_lock);
		response_header(rq, rs, "Retry-After", "60");
		request_fail(rq, SB_UNAVAILABLE, NULL,
			     "too many imports and exports are running: try again in a minute",
			     "正在进行的导入和导出太多，请一分钟后再试");
		response_error(rq, rs, SB_UNAVAILABLE);
		return false;
	}
	j = xcalloc(1, sizeof(*j));
	j->rq = rq;
	j->conn = conn;
	j->rs = *rs;
	rq->job = j;
	MHD_suspend_connection(conn);
	if (srv->long_tail)
		srv->long_tail->next = j;
	else
		srv->long_head = j;
	srv->long_tail = j;
	srv->long_queued++;
	pthread_cond_signal(&srv->long_cond);
	pthread_mutex_unlock(&srv->long_lock);
	return true;
}

/* Shutdown: the running jobs finish; the waiting ones are answered 503. */
static void
long_stop_all(struct server *srv)
{
	unsigned i;

	pthread_mutex_lock(&srv->long_lock);
	srv->long_stop = true;
	pthread_cond_broadcast(&srv->long_cond);
	pthread_mutex_unlock(&srv->long_lock);
	for (i = 0; i < LONG_THREADS; i++)
		pthread_join(srv->long_threads[i], NULL);
}

static void
free_buffer(void *p)
{
	free(p);
}

/* The UI's pages load only their own scripts, styles and images, and no
 * other site may frame them (clickjacking). */
#define UI_CSP                                                                                     \
	"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "           \
	"form-action 'self'; frame-ancestors 'none'"

static bool
has_header(const struct response *rs, const char *name)
{
	int i;

	for (i = 0; i < rs->nheaders; i++)
		if (strcasecmp(rs->header_names[i], name) == 0)
			return true;
	return false;
}

/* Every answer: not sniffed, not framed.  A static file (or its error) is
 * the UI and gets the CSP; anything else is the API, whose answers carry
 * personal data and are never stored by a browser or a proxy, errors
 * included (docs/api.md, "Headers"). */
static void
add_safety_headers(struct MHD_Response *r, const struct request *rq, const struct response *rs)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	if (rq->route_index == metrics_row_static())
		MHD_add_response_header(r, "Content-Security-Policy", UI_CSP);
	else if (!has_header(rs, "Cache-Control"))
		MHD_add_response_header(r, "Cache-Control", "no-store");
}

/* Answers over GZIP_MIN bytes of a compressible type are sent in gzip to a
 * client that takes it (a phone on 3G: a page of 50 households is about a
 * tenth as long).  Level 1: most of the gain for a fraction of the CPU of
 * the default level, which a server answering thousands of requests a second
 * on two cores cannot spare; the static files are compressed once, at the
 * best level, by static.c. */
#define GZIP_MIN 1024
#define GZIP_LEVEL 1

static void
compress_body(struct request *rq, struct response *rs)
{
	unsigned char *gz;
	size_t gzlen;

	if (rs->fd >= 0 || rs->mem || rs->body.len <= GZIP_MIN || !gzip_worth(rs->content_type) ||
	    has_header(rs, "Content-Encoding"))
		return;
	response_header(rq, rs, "Vary", "Accept-Encoding");
	if (!gzip_accepted(request_header(rq, "Accept-Encoding")) ||
	    !gzip_compress(rs->body.data, rs->body.len, GZIP_LEVEL, &gz, &gzlen))
		return;
	if (gzlen < rs->body.len) {
		buf_reset(&rs->body);
		if (buf_add(&rs->body, gz, gzlen))
			response_header(rq, rs, "Content-Encoding", "gzip");
	}
	free(gz);
}

static enum MHD_Result
send_response(struct MHD_Connection *conn, struct request *rq, struct response *rs)
{
	struct MHD_Response *r;
	enum MHD_Result ok;
	int i;

	compress_body(rq, rs);
	if (rs->mem) {
		rq->body.len = rs->mem_len; /* for the access log */
		r = MHD_create_response_from_buffer(rs->mem_len, (void *)(uintptr_t)rs->mem,
						    MHD_RESPMEM_PERSISTENT);
	} else if (rs->fd >= 0) {
		r = MHD_create_response_from_fd64(rs->fd_size, rs->fd);
		rq->body.len = (size_t)rs->fd_size; /* for the access log */
	} else {
		size_t len = rs->body.len;

		rq->body.len = len;
		r = MHD_create_response_from_buffer_with_free_callback(len, buf_take(&rs->body),
								       free_buffer);
	}
	if (r == NULL)
		return MHD_NO;
	if (rs->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs->content_type);
	for (i = 0; i < rs->nheaders; i++)
		MHD_add_response_header(r, rs->header_names[i], rs->header_values[i]);
	add_safety_headers(r, rq, rs);
	rq->body_too_large = false;
	ok = MHD_queue_response(conn, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ok;
}

/* libmicrohttpd callbacks. */

static const char *
peer_address(struct request *rq)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[INET6_ADDRSTRLEN] = "";

	if (ci == NULL || ci->client_addr == NULL)
		return NULL;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET,
			  &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
			  host, sizeof(host));
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr,
			  host, sizeof(host));
	return host[0] ? arena_strdup(&rq->arena, host) : NULL;
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *srv = cls;
	struct request *rq = xcalloc(1, sizeof(*rq));

	arena_init(&rq->arena);
	buf_init(&rq->body, BODY_MAX);
	rq->srv = srv;
	rq->conn = conn;
	rq->raw_uri = arena_strdup(&rq->arena, uri);
	rq->ip = peer_address(rq);
	rq->route_index = metrics_row_unmatched();
	rq->now = time(NULL);
	rq->started_us = monotonic_us();
	atomic_fetch_add(&srv->in_flight, 1);
	return rq;
}

/* The connection's watch, from the socket context on_connection set. */
static struct conn_watch *
watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* A request's line and headers are in (receiving false), or a request
 * ended and the next one's clock starts (receiving true). */
static void
watch_mark(struct server *srv, struct MHD_Connection *conn, bool receiving)
{
	struct conn_watch *w = watch_of(conn);

	if (w == NULL)
		return;
	pthread_mutex_lock(&srv->watch_lock);
	w->receiving = receiving;
	w->since_us = monotonic_us();
	pthread_mutex_unlock(&srv->watch_lock);
}

static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
	      enum MHD_ConnectionNotificationCode toe)
{
	struct server *srv = cls;
	struct conn_watch *w = *socket_context;

	pthread_mutex_lock(&srv->watch_lock);
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		w = xcalloc(1, sizeof(*w));
		w->fd = ci ? ci->connect_fd : -1;
		w->since_us = monotonic_us();
		w->receiving = true;
		w->next = srv->watching;
		if (srv->watching)
			srv->watching->prev = w;
		srv->watching = w;
		*socket_context = w;
	} else if (w) {
		/* libmicrohttpd tells of the close before it closes the socket:
		 * the sweeper, holding the lock, never touches a reused fd. */
		if (w->prev)
			w->prev->next = w->next;
		else
			srv->watching = w->next;
		if (w->next)
			w->next->prev = w->prev;
		free(w);
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&srv->watch_lock);
}

/* Every quarter second: shut down the connections whose request line and
 * headers have not come within the deadline.  libmicrohttpd then reads the
 * end of the stream and closes the connection in its own thread. */
static void *
sweep_loop(void *arg)
{
	struct server *srv = arg;

	while (!atomic_load(&srv->stopping)) {
		int64_t now;
		struct conn_watch *w;

		usleep(250000);
		now = monotonic_us();
		pthread_mutex_lock(&srv->watch_lock);
		for (w = srv->watching; w; w = w->next) {
			int waiting = 0;

			if (!w->receiving || w->fd < 0 || now - w->since_us <= srv->deadline_us)
				continue;
			/* Bytes the server has not read yet: its thread is busy (a
			 * long import on the same thread), not the client slow. */
			if (ioctl(w->fd, FIONREAD, &waiting) == 0 && waiting > 0)
				continue;
			shutdown(w->fd, SHUT_RDWR);
			w->receiving = false;
			log_err("a request's headers did not come within %lld s: connection closed",
				(long long)(srv->deadline_us / 1000000));
		}
		pthread_mutex_unlock(&srv->watch_lock);
	}
	return NULL;
}

/* The least rate at which a request body earns time beyond the deadline:
 * 8 KiB/s (64 kbit/s), far below a phone on 3G. */
#define BODY_MIN_RATE (8 * 1024)

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct request *rq = *con_cls;
	struct response rs = {.fd = -1};
	enum MHD_Result ok;

	(void)cls;
	(void)version;
	if (rq == NULL)
		return MHD_NO;
	if (rq->job) {
		/* Resumed: a long-work thread has the answer ready. */
		struct long_job *j = rq->job;

		if (!atomic_load(&j->done))
			return MHD_YES;
		rq->job = NULL;
		rs = j->rs;
		free(j);
		goto answer;
	}
	if (monotonic_us() - rq->started_us >
	    rq->srv->deadline_us + (int64_t)rq->body.len * 1000000 / BODY_MIN_RATE) {
		/* A client trickling its request: the connection timeout restarts
		 * on each byte, this deadline does not.  A body earns time at
		 * BODY_MIN_RATE, so that a large import over a slow office line
		 * (a 5 MiB file at 1 Mbit/s takes 40 s) is not cut off, while a
		 * byte a second earns nothing worth having.  Close the
		 * connection. */
		log_err("%s: request not received within %lld s, connection closed",
			rq->ip ? rq->ip : "?", (long long)(rq->srv->deadline_us / 1000000));
		return MHD_NO;
	}
	buf_init(&rs.body, RESPONSE_MAX);
	if (rq->method == NULL) {
		struct route_match m;
		const char *cl;

		watch_mark(rq->srv, conn, false); /* the body: checked above */
		rq->method = arena_strdup(&rq->arena, method);
		rq->path = arena_strdup(&rq->arena, url);
		if (router_match(method, url, &m) == ROUTE_FOUND && (m.route->flags & RF_IMPORT))
			rq->body.max = BODY_MAX_IMPORT;
		else if (router_match(method, url, &m) == ROUTE_FOUND &&
			 (m.route->flags & RF_UPLOAD))
			rq->body.max = BODY_MAX_UPLOAD;
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > DISCARD_MAX) {
			/* Refuse at once rather than read what will be thrown
			 * away.  A body merely over the limit is read and
			 * dropped, so that the client sees the 413 rather than
			 * a broken pipe. */
			response_error(rq, &rs, SB_TOO_LARGE);
			ok = send_response(conn, rq, &rs);
			buf_clear(&rs.body);
			return ok;
		}
		/* Answer on the next call: queueing on the first one makes
		 * libmicrohttpd close keep-alive connections (docs/performance.md, fact 1). */
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!rq->body_too_large && !buf_add(&rq->body, upload_data, *upload_data_size)) {
			rq->body_too_large = true;
			buf_clear(&rq->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (is_long(rq)) {
		if (long_start(conn, rq, &rs))
			return MHD_YES;
	} else {
		dispatch(rq, &rs);
	}
	if (atomic_load(&rq->gone))
		log_gone(rq);
answer:
	if (atomic_load(&rq->gone)) {
		drop_response(&rs);
		return MHD_NO;
	}
	ok = send_response(conn, rq, &rs);
	buf_clear(&rs.body);
	return ok;
}

static void
access_log(struct request *rq, int status)
{
	const char *route = "unmatched";
	struct buf line;
	char ts[CLOCK_UTC_LEN];
	time_t now = time(NULL);
	size_t plen;
	const char *q;

	if (rq->route)
		route = rq->route->pattern;
	else if (rq->route_index == metrics_row_static())
		route = "static";
	clock_format_utc((int64_t)now, ts);
	buf_init(&line, 8192);
	buf_printf(&line, "{\"ts\":\"%s\",\"method\":\"", ts);
	buf_add_json_str(&line, rq->method ? rq->method : "");
	buf_adds(&line, "\",\"path\":\"");
	/* The raw path, without the query (it may hold a name or a phone number). */
	q = strchr(rq->raw_uri, '?');
	plen = q ? (size_t)(q - rq->raw_uri) : strlen(rq->raw_uri);
	if (plen > 1024)
		plen = 1024;
	{
		char *path = arena_strndup(&rq->arena, rq->raw_uri, plen);
		size_t secret = router_secret_prefix(path);
		unsigned char *p;

		/* A secret link's token is its credential: keep only enough to
		 * tell two apart (docs/api.md, "Secret links").  The decoded
		 * path too, in case the prefix came percent-encoded. */
		if (secret == 0 && rq->path && (secret = router_secret_prefix(rq->path)) > 0)
			path = arena_strdup(&rq->arena, rq->path);
		if (secret && strlen(path) > secret + SECRET_SHOWN)
			path = arena_printf(&rq->arena, "%.*s...", (int)(secret + SECRET_SHOWN),
					    path);
		for (p = (unsigned char *)path; *p; p++)
			if (*p >= 0x80)
				*p = '?';
		buf_add_json_str(&line, path);
	}
	buf_adds(&line, "\",\"route\":\"");
	buf_add_json_str(&line, route);
	buf_printf(&line, "\",\"status\":%d,\"us\":%lld,\"user_id\":", status,
		   (long long)(monotonic_us() - rq->started_us));
	if (rq->authed)
		buf_printf(&line, "%lld", (long long)rq->user.id);
	else
		buf_adds(&line, "null");
	buf_printf(&line, ",\"bytes\":%zu}\n", rq->body.len);
	log_line(line.data, line.len);
	buf_clear(&line);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct server *srv = cls;
	struct request *rq = *con_cls;
	const union MHD_ConnectionInfo *ci;
	int status = 0;

	(void)toe;
	if (rq == NULL)
		return;
	if (rq->job) {
		/* Resumed, then closed by libmicrohttpd (the client had gone)
		 * before on_request took the answer: the job is done with it. */
		drop_response(&rq->job->rs);
		free(rq->job);
		rq->job = NULL;
	}
	watch_mark(srv, conn, true); /* a kept-alive connection: the next request */
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);
	if (ci)
		status = (int)ci->http_status;
	if (rq->method) {
		metrics_record(srv->metrics, rq->route_index, status,
			       monotonic_us() - rq->started_us);
		access_log(rq, status);
	}
	buf_clear(&rq->body);
	arena_clear(&rq->arena);
	free(rq);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	log_err("http: %s", msg);
}

/* Parses "ADDR:PORT" or "[ADDR6]:PORT" into ss. */
/* Whether binding addr fails with EADDRINUSE (after MHD could not start,
 * to say why). */
static bool
addr_in_use(const struct sockaddr_storage *ss, socklen_t len)
{
	int fd = socket(ss->ss_family, SOCK_STREAM, 0), one = 1;
	bool used;

	if (fd < 0)
		return false;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	used = bind(fd, (const struct sockaddr *)ss, len) != 0 && errno == EADDRINUSE;
	close(fd);
	return used;
}

static int
parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;
	size_t hl;

	if (colon == NULL)
		return SB_BAD_FIELD;
	port = strtol(colon + 1, &end, 10);
	if (*end || colon[1] == '\0' || port < 0 || port > 65535)
		return SB_BAD_FIELD;
	hl = (size_t)(colon - listen);
	if (hl >= sizeof(host))
		return SB_BAD_FIELD;
	memcpy(host, listen, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		host[hl - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return SB_BAD_FIELD;
		*len = sizeof(*a6);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return SB_BAD_FIELD;
		*len = sizeof(*a4);
	}
	return SB_OK;
}

/* The store's background work every half second, outside the requests
 * (SQLite: the write-ahead log is folded in once it passes 16 MiB; the
 * requests' connections have wal_autocheckpoint off). */
static void *
checkpoint_loop(void *arg)
{
	struct server *srv = arg;
	struct store *st = NULL;

	if (store_open(srv->cfg->db_path, 0, &st) != SB_OK)
		return NULL;
	while (!atomic_load(&srv->stopping)) {
		usleep(500000);
		if (store_maintain(st, 16 << 20) != SB_OK)
			log_err("checkpoint failed: %s", store_errmsg(st));
	}
	store_close(st);
	return NULL;
}

static void
wait_in_flight(struct server *srv)
{
	int i;

	for (i = 0; i < SHUTDOWN_WAIT_S * 100 && atomic_load(&srv->in_flight) > 0; i++)
		usleep(10000);
}

/* The connections served at once: libmicrohttpd's default is FD_SETSIZE - 4
 * (1020), which a thousand idle clients fill; with epoll the bound is the
 * descriptors the process may open, less a reserve for the databases (a few
 * a thread), exports and logs.  At most 16384. */
static unsigned
connection_limit(unsigned threads)
{
	rlim_t reserve = 128 + (rlim_t)threads * 4, n = 16384;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = rl.rlim_cur > reserve + 64 ? rl.rlim_cur - reserve : 64;
	return n > 16384 ? 16384u : (unsigned)n;
}

int
server_run(const struct server_config *cfg)
{
	struct server srv = {0};
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	char host[INET6_ADDRSTRLEN];
	struct store *st = NULL;
	socklen_t sslen;
	sigset_t sigs;
	unsigned threads;
	size_t i;
	int rc = SB_OK, sig;

	srv.cfg = cfg;
	pthread_mutex_init(&srv.lock, NULL);
	pthread_mutex_init(&srv.watch_lock, NULL);
	pthread_mutex_init(&srv.long_lock, NULL);
	pthread_cond_init(&srv.long_cond, NULL);
	if (parse_listen(cfg->listen, &ss, &sslen) != SB_OK) {
		log_err("--listen %s: expected ADDRESS:PORT such as 127.0.0.1:8080", cfg->listen);
		return SB_BAD_FIELD;
	}
	if (cfg->web_dir) {
		char real[PATH_MAX];

		if (realpath(cfg->web_dir, real) == NULL) {
			log_err("--web %s: %s", cfg->web_dir, strerror(errno));
			return SB_NOT_FOUND;
		}
		srv.web_root = xstrdup(real);
		srv.site = static_site_new(real);
	}
	/* Check the database before taking the port. */
	rc = store_open(cfg->db_path, 0, &st);
	if (rc == SB_OK) {
		int v;

		rc = store_schema_version(st, &v);
		if (rc == SB_OK && v != store_latest_version()) {
			log_err("database %s is at schema version %d, this program needs %d: run "
				"sibai init --db %s",
				cfg->db_path, v, store_latest_version(), cfg->db_path);
			rc = SB_CONFLICT;
		}
		store_close(st);
	}
	if (rc == SB_OK)
		rc = make_tmp_dir(&srv);
	if (rc == SB_OK)
		rc = make_files_dir(&srv);
	if (rc != SB_OK) {
		static_site_free(srv.site);
		free(srv.web_root);
		return rc;
	}
	srv.metrics = metrics_new();
	threads = cfg->threads > 0 ? (unsigned)cfg->threads : 2;
	srv.deadline_us =
		(int64_t)(cfg->request_deadline_s > 0 ? cfg->request_deadline_s : 30) * 1000000;

	/* Signals are taken by sigwait below: block them in every thread. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* clang-format off */
	srv.daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO | MHD_USE_ERROR_LOG |
			MHD_ALLOW_SUSPEND_RESUME |
			(ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, &srv,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,   /* first, or MHD logs on its own */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, &srv,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
		MHD_OPTION_CONNECTION_TIMEOUT, 60u,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit,
		MHD_OPTION_CONNECTION_LIMIT, connection_limit(threads),
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		MHD_OPTION_END);
	/* clang-format on */
	if (srv.daemon == NULL) {
		if (addr_in_use(&ss, sslen))
			log_err("cannot listen on %s: the address is in use (another server runs "
				"there); choose another with --listen, e.g. --listen "
				"127.0.0.1:8081",
				cfg->listen);
		else
			log_err("cannot listen on %s", cfg->listen);
		metrics_free(srv.metrics);
		static_site_free(srv.site);
		free(srv.web_root);
		rmdir(srv.tmp_dir);
		return SB_IO;
	}
	info = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof(host));
		printf("listening on http://[%s]:%u\n", host, info ? info->port : 0);
	} else {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
		printf("listening on http://%s:%u\n", host, info ? info->port : 0);
	}
	fflush(stdout);

	pthread_create(&srv.checkpointer, NULL, checkpoint_loop, &srv);
	pthread_create(&srv.sweeper, NULL, sweep_loop, &srv);
	for (i = 0; i < LONG_THREADS; i++)
		pthread_create(&srv.long_threads[i], NULL, long_loop, &srv);
	sigwait(&sigs, &sig);
	log_err("%s: finishing requests in flight", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_quiesce_daemon(srv.daemon);
	/* A running import finishes (its batches are committed as it goes;
	 * stopping it midway would leave the caller no report of what
	 * landed); a suspended connection must be resumed before the daemon
	 * stops. */
	long_stop_all(&srv);
	wait_in_flight(&srv);
	MHD_stop_daemon(srv.daemon);
	atomic_store(&srv.stopping, true);
	pthread_join(srv.checkpointer, NULL);
	pthread_join(srv.sweeper, NULL);
	rmdir(srv.tmp_dir); /* empty: every export is unlinked */

	for (i = 0; i < srv.nstores; i++)
		store_close(srv.stores[i]);
	free(srv.stores);
	rc = store_open(cfg->db_path, 0, &st);
	if (rc == SB_OK) {
		rc = store_settle(st);
		store_close(st);
	}
	metrics_free(srv.metrics);
	static_site_free(srv.site); /* after MHD_stop_daemon: answers are sent from it */
	free(srv.web_root);
	pthread_mutex_destroy(&srv.lock);
	log_err("stopped%s", rc == SB_OK ? "; the database is checkpointed" : "");
	return rc;
}
