#ifndef SB_REGISTER_JSON_H
#define SB_REGISTER_JSON_H

/* The register's rows as JSON, both ways (api/register_json.c). */

#include "core/register.h"
#include "http/http.h"
#include "util/json_write.h"

/* Reads a request body into field values (indexed like def->fields, in the
 * arena) and, for residents and households, its "tags".  BAD_FIELD naming an
 * unknown member or one of the wrong JSON type; values are checked later. */
int register_json_values(struct request *rq, const struct entity_def *def, json_t *body,
			 struct rvalue **vals, struct tag_item **tags, size_t *ntags,
			 bool *tags_given);

/* A row of the register as the API shows it (the one renderer, written as
 * text): masked numbers, tags (with the derived 高龄), address and last
 * visit, members (households), age (residents). */
void register_view_write(struct json_writer *w, struct request *rq, const struct register_view *v);
/* A page: {"items": [rows…], "next_cursor": next_cursor or null} and,
 * when total >= 0, "total". */
void register_page_write(struct json_writer *w, struct request *rq, const struct register_page *p,
			 const char *next_cursor, int64_t total);
/* The same as jansson values, for answers that embed a row in more. */
json_t *register_view_json(struct request *rq, const struct register_view *v);
/* The rows of a page as a JSON array. */
json_t *register_page_json(struct request *rq, const struct register_page *p);
/* Answers 200 with the row v, written straight into the response. */
int register_respond_row(struct request *rq, struct response *rs, const struct register_view *v);
/* Answers 200 with the page p, its next cursor and total (-1: none). */
int register_respond_page(struct request *rq, struct response *rs, const struct register_page *p,
			  const char *next_cursor, int64_t total);
/* The largest JSON text of one row or page (a household's members included). */
#define REGISTER_JSON_MAX (8u << 20)

/* A row in scope (register_read) rendered; NOT_FOUND outside the scope. */
int register_json_get(struct request *rq, const struct entity_def *def, int64_t id, json_t **out);

/* The actor of a request, for core/register. */
void api_register_actor(struct request *rq, struct register_actor *who);

/* The register filter of a request's query string; BAD_QUERY naming the parameter. */
int api_request_filter(struct request *rq, struct filter *f);

#endif
