#ifndef SB_REPORT_RECEPTION_H
#define SB_REPORT_RECEPTION_H

/*
 * The 15:30 report (GET /reports/reception, 330工作法): per worker, of the
 * visits made on working days of a period in an area, how many were made
 * before 15:30 (Asia/Shanghai), so that the afternoon's end stays for
 * reception.
 */

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/errors.h"

struct reception_worker {
	int64_t worker_id;
	const char *username, *name;
	int64_t visits, before_1530;
};

struct reception_report {
	struct area area;
	char from[11], to[11];
	struct reception_worker *workers; /* in the order the store first names them */
	size_t nworkers;
};

/* The report of area (found in sc by area_of_report, core/areas.h, as for
 * coverage_report) over [from, to] (NULL: report_period's defaults with
 * today), in the arena.  Refusals as report_period's, with fail. */
int report_reception(struct store *st, const struct scope *sc, const struct area *area,
		     const char *from, const char *to, const char *today, struct arena *ar,
		     struct reception_report *out, struct sb_fail *fail);

#endif
