#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/notices.h"
#include "http/webhook.h"
#include "util/arena.h"
#include "util/errors.h"
#include "util/log.h"

/* The outgoing webhook (docs/notices.md).  Plain HTTP/1.1 over a socket:
 * the receiver is the committee's own relay (a WeChat or SMS gateway on the
 * same network); TLS is the relay's business, so sibai needs no TLS client. */

static struct {
	bool on;
	char host[256], port[8], path[1024];
	unsigned char secret[WEBHOOK_SECRET_MAX];
	size_t secret_len;
	pthread_t thread;
	atomic_bool stopping;
	char *db_path;
} wh;

bool
webhook_configure(const char *url, const unsigned char *secret, size_t len, char *err,
		  size_t errlen)
{
	const char *h, *slash, *colon;
	size_t hl;

	if (strncmp(url, "http://", 7) != 0) {
		snprintf(err, errlen, "--webhook-url: an http:// URL (a local relay does TLS)");
		return false;
	}
	h = url + 7;
	slash = strchr(h, '/');
	hl = slash ? (size_t)(slash - h) : strlen(h);
	colon = memchr(h, ':', hl);
	if (hl == 0 || (colon ? (size_t)(colon - h) : hl) >= sizeof(wh.host) ||
	    (slash && strlen(slash) >= sizeof(wh.path)) || strpbrk(url, " \r\n\t") != NULL) {
		snprintf(err, errlen, "--webhook-url: http://HOST[:PORT][/PATH]");
		return false;
	}
	if (colon) {
		size_t pl = hl - (size_t)(colon - h) - 1;

		if (pl == 0 || pl >= sizeof(wh.port) || strspn(colon + 1, "0123456789") < pl) {
			snprintf(err, errlen, "--webhook-url: the port is a number");
			return false;
		}
		memcpy(wh.port, colon + 1, pl);
		wh.port[pl] = '\0';
		hl = (size_t)(colon - h);
	} else {
		strcpy(wh.port, "80");
	}
	memcpy(wh.host, h, hl);
	wh.host[hl] = '\0';
	snprintf(wh.path, sizeof(wh.path), "%s", slash ? slash : "/");
	if (len < 16 || len > WEBHOOK_SECRET_MAX) {
		snprintf(err, errlen, "--webhook-secret-file: 16 to %d bytes", WEBHOOK_SECRET_MAX);
		return false;
	}
	memcpy(wh.secret, secret, len);
	wh.secret_len = len;
	wh.on = true;
	return true;
}

bool
webhook_enabled(void)
{
	return wh.on;
}

void
webhook_sign(const unsigned char *key, size_t keylen, int64_t timestamp, const char *body,
	     char out[WEBHOOK_SIG_HEX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char ts[24];

	snprintf(ts, sizeof(ts), "%lld.", (long long)timestamp);
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, WEBHOOK_SIG_HEX, mac, sizeof(mac));
}

int64_t
webhook_backoff(int attempts)
{
	int64_t s = 1;

	while (attempts-- > 1 && s < 300)
		s *= 2;
	return s > 300 ? 300 : s;
}

/* Sends all of buf; false on an error or a timeout. */
static bool
send_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		buf += w;
		n -= (size_t)w;
	}
	return true;
}

/* One POST; the receiver's status, or 0 with err set when it could not be
 * reached or did not answer in time. */
static int
post(const struct webhook_item *it, int64_t now, char *err, size_t errlen)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL, *ai;
	struct timeval tv = {.tv_sec = 10};
	char sig[WEBHOOK_SIG_HEX], head[2048], reply[64];
	size_t got = 0;
	int fd = -1, status = 0, gai;

	webhook_sign(wh.secret, wh.secret_len, now, it->payload, sig);
	snprintf(head, sizeof(head),
		 "POST %s HTTP/1.1\r\nHost: %s:%s\r\nUser-Agent: sibai-webhook\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\n"
		 "X-Sibai-Event: %s\r\nX-Sibai-Delivery: %lld\r\nX-Sibai-Timestamp: %lld\r\n"
		 "X-Sibai-Signature: sha256=%s\r\nConnection: close\r\n\r\n",
		 wh.path, wh.host, wh.port, strlen(it->payload), it->event, (long long)it->id,
		 (long long)now, sig);
	gai = getaddrinfo(wh.host, wh.port, &hints, &res);
	if (gai != 0) {
		snprintf(err, errlen, "resolving %s: %s", wh.host, gai_strerror(gai));
		return 0;
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		/* on Linux SO_SNDTIMEO bounds connect() too */
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0) {
		snprintf(err, errlen, "cannot connect to %s:%s", wh.host, wh.port);
		return 0;
	}
	if (send_all(fd, head, strlen(head)) && send_all(fd, it->payload, strlen(it->payload))) {
		while (got < sizeof(reply) - 1) {
			ssize_t r = recv(fd, reply + got, sizeof(reply) - 1 - got, 0);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
			if (memchr(reply, '\n', got))
				break;
		}
	}
	close(fd);
	reply[got] = '\0';
	if (got >= 12 && strncmp(reply, "HTTP/1.", 7) == 0 && reply[8] == ' ')
		status = atoi(reply + 9);
	if (status == 0)
		snprintf(err, errlen, "no HTTP answer from %s:%s", wh.host, wh.port);
	else
		snprintf(err, errlen, "answered %d", status);
	return status;
}

/* Delivers what is due, one at a time; false when nothing was. */
static bool
deliver_one(struct store *st)
{
	struct webhook_item it;
	struct arena ar;
	char err[300];
	int64_t now = (int64_t)time(NULL);
	int rc, status;

	arena_init(&ar);
	rc = notice_delivery_due(st, now, &ar, &it);
	if (rc != SB_OK) {
		arena_clear(&ar);
		return false;
	}
	status = post(&it, now, err, sizeof(err));
	now = (int64_t)time(NULL);
	rc = notice_delivery_settle(st, it.id, status >= 200 && status < 300, now,
				    now + webhook_backoff(it.attempts + 1), err);
	if (status < 200 || status >= 300)
		log_err("webhook: delivery %lld (attempt %d) failed: %s", (long long)it.id,
			it.attempts + 1, err);
	arena_clear(&ar);
	return rc == SB_OK;
}

static void *
loop(void *arg)
{
	struct store *st = NULL;

	(void)arg;
	while (!atomic_load(&wh.stopping)) {
		if (st == NULL && store_open(wh.db_path, STORE_GROUP_COMMIT, &st) != SB_OK)
			st = NULL;
		if (st == NULL || !deliver_one(st))
			usleep(200000);
	}
	if (st)
		store_close(st);
	return NULL;
}

void
webhook_start(const char *db_path)
{
	sigset_t block, old;

	if (!wh.on)
		return;
	wh.db_path = strdup(db_path);
	atomic_store(&wh.stopping, false);
	/* the server waits for SIGTERM with sigwait: this thread must not take it */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pthread_create(&wh.thread, NULL, loop, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void
webhook_stop(void)
{
	if (!wh.on || wh.db_path == NULL)
		return;
	atomic_store(&wh.stopping, true);
	pthread_join(wh.thread, NULL);
	free(wh.db_path);
	wh.db_path = NULL;
	sodium_memzero(wh.secret, sizeof(wh.secret));
}
