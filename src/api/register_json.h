#ifndef SB_REGISTER_JSON_H
#define SB_REGISTER_JSON_H

/* The register's rows as JSON, both ways (api/register_json.c). */

#include "core/register.h"
#include "http/http.h"

/* Reads a request body into field values (indexed like def->fields, in the
 * arena) and, for residents and households, its "tags".  BAD_FIELD naming an
 * unknown member or one of the wrong JSON type; values are checked later. */
int register_json_values(struct request *rq, const struct entity_def *def, json_t *body,
			 struct rvalue **vals, struct tag_item **tags, size_t *ntags,
			 bool *tags_given);

/* A row of the register as the API shows it (the one renderer): masked
 * numbers, tags (with the derived 高龄), address and last visit, members
 * (households), age (residents). */
json_t *register_view_json(struct request *rq, const struct register_view *v);
/* The rows of a page as a JSON array. */
json_t *register_page_json(struct request *rq, const struct register_page *p);

/* A row in scope (register_read) rendered; NOT_FOUND outside the scope. */
int register_json_get(struct request *rq, const struct entity_def *def, int64_t id, json_t **out);

/* The actor of a request, for core/register. */
void api_register_actor(struct request *rq, struct register_actor *who);

/* The register filter of a request's query string; BAD_QUERY naming the parameter. */
int api_request_filter(struct request *rq, struct filter *f);

#endif
