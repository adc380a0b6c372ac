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

static json_t *
field_json(const struct rfield *f, const struct rvalue *v)
{
	if (v->null)
		return json_null();
	switch (f->kind) {
	case RK_INT:
	case RK_REF: return json_integer(v->i);
	case RK_BOOL: return json_boolean(v->i);
	default: return json_string(v->s);
	}
}

static json_t *
tags_json(struct request *rq, const struct tag_on_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct tag_on *t = &l->items[i];

		json_array_append_new(a,
				      json_pack("{s:s, s:s, s:o, s:s?, s:s, s:s?, s:b}", "name",
						t->name, "category", t->category, "set_by",
						t->set_by ? json_integer(t->set_by) : json_null(),
						"set_by_name", t->set_by_name, "set_at",
						api_time(rq, t->set_at), "review_on", t->review_on,
						"derived", 0));
	}
	return a;
}

static json_t *
row_json(const struct entity_def *def, int64_t id, const struct rvalue *row)
{
	json_t *j = json_pack("{s:I}", "id", (json_int_t)id);
	size_t i;

	/* The names are the field tables' own ASCII: no need to check them (a
	 * household's members make this the hot loop of its read). */
	for (i = 0; i < def->nfields; i++)
		json_object_set_new_nocheck(j, def->fields[i].name,
					    field_json(&def->fields[i], &row[i]));
	return j;
}

/* The one rendering of the register's rows: every read and every answer
 * to a write of compounds, buildings, households (with their members) and
 * residents goes through it. */
json_t *
register_view_json(struct request *rq, const struct register_view *v)
{
	json_t *j = row_json(v->def, v->id, v->row), *t, *members;
	size_t i;

	if (v->def == &entity_resident) {
		json_object_set_new(j, "age", v->age >= 0 ? json_integer(v->age) : json_null());
		t = tags_json(rq, &v->tags);
		if (v->elderly)
			json_array_append_new(t, json_pack("{s:s, s:s, s:n, s:n, s:n, s:n, s:b}",
							   "name", "高龄", "category", "derived",
							   "set_by", "set_by_name", "set_at",
							   "review_on", "derived", 1));
		json_object_set_new(j, "tags", t);
	} else if (v->def == &entity_household) {
		json_object_set_new(j, "compound_id", json_integer(v->compound_id));
		json_object_set_new(j, "tags", tags_json(rq, &v->tags));
		members = json_array();
		for (i = 0; i < v->nmembers; i++)
			json_array_append_new(members, register_view_json(rq, &v->members[i]));
		json_object_set_new(j, "members", members);
	}
	if (v->placed) {
		json_object_set_new(j, "address", json_string(v->address));
		json_object_set_new(j, "last_visit_on",
				    v->last_visit_on ? json_string(v->last_visit_on) : json_null());
	}
	return j;
}

json_t *
register_page_json(struct request *rq, const struct register_page *p)
{
	json_t *items = json_array();
	size_t i;

	for (i = 0; i < p->n; i++)
		json_array_append_new(items, register_view_json(rq, &p->items[i]));
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
	return SB_OK;
}
