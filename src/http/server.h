#ifndef SB_SERVER_H
#define SB_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "util/crypto.h"

struct server_config {
	const char *db_path;
	const char *listen;  /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
	const char *web_dir; /* NULL: no static files */
	int threads;
	bool secure_cookies; /* the session cookie is Secure even without a proxy's https */
	struct sb_key key;
	/* Connections at once from one address (0: no limit), and the seconds a
	 * request may take to arrive, headers and body (0: the default). */
	unsigned per_ip_limit;
	unsigned request_deadline_s;
};

/* Serves until SIGTERM or SIGINT, then finishes the requests in flight,
 * checkpoints the WAL and returns.  Prints "listening on http://ADDR:PORT"
 * on stdout once ready.  0 on a clean stop. */
int server_run(const struct server_config *cfg);

/* For the handlers: the server's key, web folder and metrics text. */
struct server;
struct buf;
const struct sb_key *server_key(const struct server *srv);
/* Appends the Prometheus exposition of the server's metrics. */
void server_metrics(struct server *srv, struct buf *out);
int64_t server_db_size(struct server *srv);
/* The server's private temporary folder ($TMPDIR/sibai-XXXXXX, mode 0700). */
const char *server_tmp_dir(const struct server *srv);
/* The attachments' folder, DB.files (docs/attachments.md). */
const char *server_files_dir(const struct server *srv);
/* Whether serve was given --secure-cookies. */
bool server_secure_cookies(const struct server *srv);

#endif
