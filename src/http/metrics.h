#ifndef SB_METRICS_H
#define SB_METRICS_H

#include <stdint.h>

#include "util/buf.h"

/* Request counters and latency histograms per route, lock-free.  Row i < the
 * number of routes is route i; then "static" and "unmatched". */
struct metrics;

struct metrics *metrics_new(void);
void metrics_free(struct metrics *m);
int metrics_row_static(void);
int metrics_row_unmatched(void);
void metrics_record(struct metrics *m, int row, int status, int64_t micros);
/* Appends the Prometheus text exposition of the counters. */
void metrics_render(struct metrics *m, struct buf *out);

#endif
