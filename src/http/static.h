#ifndef SB_STATIC_H
#define SB_STATIC_H

#include "http/http.h"

/* Serves a file below root (a real path) for GET/HEAD of rq->path: index.html
 * for a folder, a MIME type by extension, an ETag and 304 on If-None-Match.
 * Refuses encoded slashes and dot segments (BAD_PATH) and anything whose real
 * path leaves root (NOT_FOUND). */
int static_serve(struct request *rq, struct response *rs, const char *root);

/* The MIME type of a file name by its extension. */
const char *static_mime_type(const char *name);

#endif
