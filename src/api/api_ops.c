#include <string.h>

#include "api/api.h"
#include "core/ops.h"
#include "http/server.h"
#include "util/embedded.h"
#include "util/errors.h"

/* GET /healthz: 200 while the database answers. */
int
api_health_get(struct request *rq, struct response *rs)
{
	int version;
	int rc = ops_schema_version(rq->store, &version);

	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:s, s:i}", "status", "ok", "schema_version", version));
}

/* GET /metrics: Prometheus text. */
int
api_metrics_get(struct request *rq, struct response *rs)
{
	int64_t sessions = 0;
	struct buf out;
	int rc;

	buf_init(&out, 4u << 20);
	server_metrics(rq->srv, &out);
	buf_printf(&out,
		   "# HELP sibai_db_size_bytes Bytes of the database and its WAL on disk.\n"
		   "# TYPE sibai_db_size_bytes gauge\nsibai_db_size_bytes %lld\n",
		   (long long)server_db_size(rq->srv));
	rc = ops_sessions_active(rq->store, rq->now, &sessions);
	if (rc == SB_OK)
		buf_printf(&out,
			   "# HELP sibai_sessions_active Sessions used in the last 12 hours.\n"
			   "# TYPE sibai_sessions_active gauge\nsibai_sessions_active %lld\n",
			   (long long)sessions);
	if (rc == SB_OK)
		rc = response_text(rs, 200, "text/plain; version=0.0.4; charset=utf-8", out.data,
				   out.len);
	buf_clear(&out);
	return rc;
}

/* GET /api/v1/openapi.yaml: the API description compiled into the program. */
int
api_openapi_get(struct request *rq, struct response *rs)
{
	(void)rq;
	return response_text(rs, 200, "application/yaml; charset=utf-8",
			     (const char *)embedded_openapi.data, embedded_openapi.len);
}
