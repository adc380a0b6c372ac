#include <string.h>

#include "api/api.h"
#include "api/register_json.h"

static int
read_tags(struct request *rq, json_t *v, struct tag_item **tags, size_t *ntags)
{
	size_t i;
	json_t *t;

	if (!json_is_array(v) || json_array_size(v) > 50)
		return request_refuse(rq, SB_BAD_FIELD, "tags", "a list of at most 50 tag names",
				      "须为不超过 50 个标签名的列表");
	*ntags = json_array_size(v);
	*tags = arena_alloc(&rq->arena, (*ntags + 1) * sizeof(**tags));
	json_array_foreach (v, i, t) {
		json_t *name = json_object_get(t, "name"),
		       *review = json_object_get(t, "review_on");

		if (json_is_string(t)) {
			(*tags)[i].name = arena_strdup(&rq->arena, json_string_value(t));
			continue;
		}
		if (!json_is_object(t) || !json_is_string(name) ||
		    json_object_size(t) != (size_t)(review ? 2 : 1) ||
		    (review && !json_is_string(review) && !json_is_null(review)))
			return request_refuse(rq, SB_BAD_FIELD, "tags",
					      "each item a tag name or {\"name\", \"review_on\"}",
					      "每项须为标签名或 {\"name\", \"review_on\"}");
		(*tags)[i].name = arena_strdup(&rq->arena, json_string_value(name));
		if (json_is_string(review))
			(*tags)[i].review_on = arena_strdup(&rq->arena, json_string_value(review));
	}
	return SB_OK;
}

int
register_json_values(struct request *rq, const struct entity_def *def, json_t *body,
		     struct rvalue **vals, struct tag_item **tags, size_t *ntags, bool *tags_given)
{
	struct rvalue *v = arena_alloc(&rq->arena, def->nfields * sizeof(*v));
	const char *key;
	json_t *j;
	int rc;

	*vals = v;
	*tags_given = false;
	json_object_foreach (body, key, j) {
		const struct rfield *f;
		int i;

		if (strcmp(key, "tags") == 0 &&
		    (def == &entity_resident || def == &entity_household)) {
			rc = read_tags(rq, j, tags, ntags);
			if (rc != SB_OK)
				return rc;
			*tags_given = true;
			continue;
		}
		i = entity_field(def, key);
		if (i < 0)
			return request_refuse(rq, SB_BAD_FIELD, key, "unknown field", "未知字段");
		f = &def->fields[i];
		v[i].present = true;
		if (json_is_null(j)) {
			v[i].null = true;
			continue;
		}
		switch (f->kind) {
		case RK_INT:
		case RK_REF:
			if (!json_is_integer(j))
				return request_refuse(rq, SB_BAD_FIELD, key,
						      "must be a whole number", "须为整数");
			v[i].i = json_integer_value(j);
			break;
		case RK_BOOL:
			if (!json_is_boolean(j))
				return request_refuse(rq, SB_BAD_FIELD, key,
						      "must be true or false",
						      "须为 true 或 false");
			v[i].i = json_is_true(j);
			break;
		default:
			if (!json_is_string(j))
				return request_refuse(rq, SB_BAD_FIELD, key, "must be a string",
						      "须为字符串");
			if (json_string_length(j) > 4000)
				return request_refuse(rq, SB_BAD_FIELD, key, "too long", "过长");
			v[i].s = arena_strdup(&rq->arena, json_string_value(j));
			break;
		}
	}
	return SB_OK;
}

static void
field_write(struct json_writer *w, const struct rfield *f, const struct rvalue *v)
{
	if (v->null) {
		jw_null(w);
		return;
	}
	switch (f->kind) {
	case RK_INT:
	case RK_REF: jw_int(w, v->i); break;
	case RK_BOOL: jw_bool(w, v->i != 0); break;
	default: jw_string(w, v->s); break;
	}
}

static void
tag_write(struct json_writer *w, struct request *rq, const struct tag_on *t)
{
	jw_object_open(w);
	jw_key(w, "name");
	jw_string(w, t->name);
	jw_key(w, "category");
	jw_string(w, t->category);
	jw_key(w, "set_by");
	if (t->set_by)
		jw_int(w, t->set_by);
	else
		jw_null(w);
	jw_key(w, "set_by_name");
	jw_string(w, t->set_by_name);
	jw_key(w, "set_at");
	jw_string(w, api_time(rq, t->set_at));
	jw_key(w, "review_on");
	jw_string(w, t->review_on);
	jw_key(w, "derived");
	jw_bool(w, false);
	jw_object_close(w);
}

/* The derived 高龄 tag of a resident of 80 or more. */
static void
elderly_write(struct json_writer *w)
{
	static const char *const nulls[] = {"set_by", "set_by_name", "set_at", "review_on"};
	size_t i;

	jw_object_open(w);
	jw_key(w, "name");
	jw_string(w, "高龄");
	jw_key(w, "category");
	jw_string(w, "derived");
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
		jw_key(w, nulls[i]);
		jw_null(w);
	}
	jw_key(w, "derived");
	jw_bool(w, true);
	jw_object_close(w);
}

void
register_view_write(struct json_writer *w, struct request *rq, const struct register_view *v)
{
	size_t i;

	jw_object_open(w);
	jw_key(w, "id");
	jw_int(w, v->id);
	/* The names are the field tables' own ASCII (a household's members make
	 * this the hot loop of its read). */
	for (i = 0; i < v->def->nfields; i++) {
		jw_key(w, v->def->fields[i].name);
		field_write(w, &v->def->fields[i], &v->row[i]);
	}
	if (v->def == &entity_resident) {
		jw_key(w, "age");
		if (v->age >= 0)
			jw_int(w, v->age);
		else
			jw_null(w);
		jw_key(w, "tags");
		jw_array_open(w);
		for (i = 0; i < v->tags.n; i++)
			tag_write(w, rq, &v->tags.items[i]);
		if (v->elderly)
			elderly_write(w);
		jw_array_close(w);
	} else if (v->def == &entity_household) {
		jw_key(w, "compound_id");
		jw_int(w, v->compound_id);
		jw_key(w, "tags");
		jw_array_open(w);
		for (i = 0; i < v->tags.n; i++)
			tag_write(w, rq, &v->tags.items[i]);
		jw_array_close(w);
		jw_key(w, "members");
		jw_array_open(w);
		for (i = 0; i < v->nmembers; i++)
			register_view_write(w, rq, &v->members[i]);
		jw_array_close(w);
	}
	if (v->placed) {
		jw_key(w, "address");
		jw_string(w, v->address);
		jw_key(w, "last_visit_on");
		jw_string(w, v->last_visit_on);
	}
	jw_object_close(w);
}

void
register_page_write(struct json_writer *w, struct request *rq, const struct register_page *p,
		    const char *next_cursor, int64_t total)
{
	size_t i;

	jw_object_open(w);
	jw_key(w, "items");
	jw_array_open(w);
	for (i = 0; i < p->n; i++)
		register_view_write(w, rq, &p->items[i]);
	jw_array_close(w);
	jw_key(w, "next_cursor");
	jw_string(w, next_cursor);
	if (total >= 0) {
		jw_key(w, "total");
		jw_int(w, total);
	}
	jw_object_close(w);
}

/* The text a writer made, as jansson values (for the answers that embed a
 * row in more: the tag reports, a write's answer). */
static json_t *
parsed(struct buf *b, bool ok)
{
	json_t *j = ok ? json_loadb(b->data, b->len, 0, NULL) : NULL;

	buf_clear(b);
	return j;
}

json_t *
register_view_json(struct request *rq, const struct register_view *v)
{
	struct json_writer w;
	struct buf b;

	buf_init(&b, REGISTER_JSON_MAX);
	jw_init(&w, &b);
	register_view_write(&w, rq, v);
	return parsed(&b, jw_ok(&w));
}

json_t *
register_page_json(struct request *rq, const struct register_page *p)
{
	json_t *page, *items;
	struct json_writer w;
	struct buf b;

	buf_init(&b, REGISTER_JSON_MAX);
	jw_init(&w, &b);
	register_page_write(&w, rq, p, NULL, -1);
	page = parsed(&b, jw_ok(&w));
	items = page ? json_incref(json_object_get(page, "items")) : NULL;
	json_decref(page);
	return items;
}

int
register_json_get(struct request *rq, const struct entity_def *def, int64_t id, json_t **out)
{
	struct register_view v;
	int rc = register_read(rq->store, &rq->scope, def, id, rq->now, &rq->arena, &v);

	if (rc != SB_OK)
		return rc;
	*out = register_view_json(rq, &v);
	return *out ? SB_OK : SB_INTERNAL;
}

/* The writer's text as a 200 answer. */
static int
respond(struct response *rs, const struct json_writer *w)
{
	if (!jw_ok(w))
		return SB_INTERNAL;
	rs->status = 200;
	rs->content_type = "application/json; charset=utf-8";
	return SB_OK;
}

int
register_respond_row(struct request *rq, struct response *rs, const struct register_view *v)
{
	struct json_writer w;

	buf_reset(&rs->body);
	jw_init(&w, &rs->body);
	register_view_write(&w, rq, v);
	return respond(rs, &w);
}

int
register_respond_page(struct request *rq, struct response *rs, const struct register_page *p,
		      const char *next_cursor, int64_t total)
{
	struct json_writer w;

	buf_reset(&rs->body);
	jw_init(&w, &rs->body);
	register_page_write(&w, rq, p, next_cursor, total);
	return respond(rs, &w);
}
