#ifndef SB_API_QUERY_DATE_H
#define SB_API_QUERY_DATE_H

/* Dates in queries, for the handlers of plans, the reception roster and
 * the reports (api/query_date.c). */

#include "http/http.h"

/* Today's date in Asia/Shanghai at the request's time, in its arena. */
const char *api_today(struct request *rq);

/* The query parameter name as a date YYYY-MM-DD, or dflt when absent;
 * BAD_QUERY naming it otherwise. */
int api_query_date(struct request *rq, const char *name, const char *dflt, const char **out);

#endif
