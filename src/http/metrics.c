#include <stdatomic.h>
#include <stdlib.h>

#include "http/metrics.h"
#include "http/router.h"
#include "util/xalloc.h"

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
			       405, 409, 413, 415, 429, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1) /* + other */
static const int64_t bucket_us[] = {500,   1000,   2500,   5000,   10000,   25000,
				    50000, 100000, 250000, 500000, 1000000, 2500000};
#define NBUCKET (sizeof(bucket_us) / sizeof(bucket_us[0]) + 1) /* + Inf */

struct metrics_row {
	atomic_uint_fast64_t count[NSTATUS];
	atomic_uint_fast64_t bucket[NBUCKET];
	atomic_uint_fast64_t sum_us;
};

struct metrics {
	size_t nrows;
	struct metrics_row *rows;
};

int
metrics_row_static(void)
{
	return (int)router_nroutes;
}

int
metrics_row_unmatched(void)
{
	return (int)router_nroutes + 1;
}

struct metrics *
metrics_new(void)
{
	struct metrics *m = xcalloc(1, sizeof(*m));

	m->nrows = router_nroutes + 2;
	m->rows = xcalloc(m->nrows, sizeof(*m->rows));
	return m;
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	free(m->rows);
	free(m);
}

void
metrics_record(struct metrics *m, int row, int status, int64_t micros)
{
	struct metrics_row *r;
	size_t i;

	if (row < 0 || (size_t)row >= m->nrows)
		row = metrics_row_unmatched();
	r = &m->rows[row];
	for (i = 0; i < NSTATUS - 1 && statuses[i] != status; i++)
		;
	atomic_fetch_add_explicit(&r->count[i], 1, memory_order_relaxed);
	for (i = 0; i < NBUCKET - 1 && micros > bucket_us[i]; i++)
		;
	atomic_fetch_add_explicit(&r->bucket[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->sum_us, (uint_fast64_t)(micros > 0 ? micros : 0),
				  memory_order_relaxed);
}

static void
labels(struct buf *out, size_t row)
{
	if (row < router_nroutes)
		buf_printf(out, "route=\"%s\",method=\"%s\"", router_routes[row].pattern,
			   router_routes[row].method);
	else
		buf_printf(out, "route=\"%s\",method=\"GET\"",
			   row == router_nroutes ? "static" : "unmatched");
}

void
metrics_render(struct metrics *m, struct buf *out)
{
	size_t row, i;

	buf_adds(out, "# HELP sibai_http_requests_total HTTP requests answered, by route, method "
		      "and status.\n"
		      "# TYPE sibai_http_requests_total counter\n");
	for (row = 0; row < m->nrows; row++) {
		for (i = 0; i < NSTATUS; i++) {
			uint_fast64_t n =
				atomic_load_explicit(&m->rows[row].count[i], memory_order_relaxed);

			if (n == 0)
				continue;
			buf_adds(out, "sibai_http_requests_total{");
			labels(out, row);
			if (i < NSTATUS - 1)
				buf_printf(out, ",status=\"%d\"} %llu\n", statuses[i],
					   (unsigned long long)n);
			else
				buf_printf(out, ",status=\"other\"} %llu\n", (unsigned long long)n);
		}
	}
	buf_adds(out, "# HELP sibai_http_request_duration_seconds Time from request to response, "
		      "by route.\n"
		      "# TYPE sibai_http_request_duration_seconds histogram\n");
	for (row = 0; row < m->nrows; row++) {
		uint_fast64_t cum = 0;

		for (i = 0; i < NBUCKET; i++)
			cum += atomic_load_explicit(&m->rows[row].bucket[i], memory_order_relaxed);
		if (cum == 0)
			continue;
		cum = 0;
		for (i = 0; i < NBUCKET; i++) {
			cum += atomic_load_explicit(&m->rows[row].bucket[i], memory_order_relaxed);
			buf_adds(out, "sibai_http_request_duration_seconds_bucket{");
			labels(out, row);
			if (i < NBUCKET - 1)
				buf_printf(out, ",le=\"%g\"} %llu\n", (double)bucket_us[i] / 1e6,
					   (unsigned long long)cum);
			else
				buf_printf(out, ",le=\"+Inf\"} %llu\n", (unsigned long long)cum);
		}
		buf_adds(out, "sibai_http_request_duration_seconds_sum{");
		labels(out, row);
		buf_printf(
			out, "} %.6f\n",
			(double)atomic_load_explicit(&m->rows[row].sum_us, memory_order_relaxed) /
				1e6);
		buf_adds(out, "sibai_http_request_duration_seconds_count{");
		labels(out, row);
		buf_printf(out, "} %llu\n", (unsigned long long)cum);
	}
}
