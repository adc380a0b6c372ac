#ifndef SB_STATIC_H
#define SB_STATIC_H

#include "http/http.h"

/* The web tree under root (a real path), kept in memory as it is first
 * served (static.c); freed by static_site_free after the server stops. */
struct static_site;
struct static_site *static_site_new(const char *root);
void static_site_free(struct static_site *site);

/* Serves a file below the site's root for GET/HEAD of rq->path: index.html
 * for a folder, a MIME type by extension, an ETag and 304 on If-None-Match,
 * gzip when the client takes it; /v/<hash>/<path> for the tree of that
 * content hash, cached for good; index.html with its references made so.
 * Refuses encoded slashes and dot segments (BAD_PATH) and anything whose real
 * path leaves root (NOT_FOUND). */
int static_serve(struct request *rq, struct response *rs, struct static_site *site);

/* The MIME type of a file name by its extension. */
const char *static_mime_type(const char *name);

#endif
