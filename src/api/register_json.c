#include <string.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/ident.h"

static int
bad(struct request *rq, const char *field, const char *en, const char *zh)
{
	return request_fail(rq, SB_BAD_FIELD, field, arena_printf(&rq->arena, "%s: %s", field, en),
			    arena_printf(&rq->arena, "%s：%s", field, zh));
}

static int
read_tags(struct request *rq, json_t *v, struct tag_item **tags, size_t *ntags)
{
	size_t i;
	json_t *t;

	if (!json_is_array(v) || json_array_size(v) > 50)
		return bad(rq, "tags", "a list of at most 50 tag names",
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
			return bad(rq, "tags", "each item a tag name or {\"name\", \"review_on\"}",
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
			return bad(rq, key, "unknown field", "未知字段");
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
				return bad(rq, key, "must be a whole number", "须为整数");
			v[i].i = json_integer_value(j);
			break;
		case RK_BOOL:
			if (!json_is_boolean(j))
				return bad(rq, key, "must be true or false", "须为 true 或 false");
			v[i].i = json_is_true(j);
			break;
		default:
			if (!json_is_string(j))
				return bad(rq, key, "must be a string", "须为字符串");
			if (json_string_length(j) > 4000)
				return bad(rq, key, "too long", "过长");
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

	for (i = 0; i < def->nfields; i++)
		json_object_set_new(j, def->fields[i].name, field_json(&def->fields[i], &row[i]));
	return j;
}

/* The household's last visit day as last_visit_on (null: never visited). */
static int
last_visit(struct request *rq, json_t *j, int64_t household)
{
	const char *day = NULL;
	int rc = store_household_last_visit(rq->store, household, &rq->arena, &day);

	if (rc == SB_OK)
		json_object_set_new(j, "last_visit_on", day ? json_string(day) : json_null());
	return rc;
}

static int
resident_json(struct request *rq, int64_t id, const struct rvalue *row, bool with_address,
	      json_t **out)
{
	const struct entity_def *def = &entity_resident;
	const struct rvalue *birth = &row[entity_field(def, "birth_date")];
	struct tag_on_list tags;
	const char *address;
	char today[11];
	json_t *j, *t;
	int age = -1, rc;

	rc = store_tags_of(rq->store, "resident", id, &rq->arena, &tags);
	if (rc != SB_OK)
		return rc;
	j = row_json(def, id, row);
	ident_today(rq->now, today);
	if (!birth->null)
		age = ident_age(birth->s, today);
	json_object_set_new(j, "age", age >= 0 ? json_integer(age) : json_null());
	t = tags_json(rq, &tags);
	if (age >= 80)
		json_array_append_new(t, json_pack("{s:s, s:s, s:n, s:n, s:n, s:n, s:b}", "name",
						   "高龄", "category", "derived", "set_by",
						   "set_by_name", "set_at", "review_on", "derived",
						   1));
	json_object_set_new(j, "tags", t);
	if (with_address) {
		rc = store_household_address(rq->store, row[entity_field(def, "household_id")].i,
					     &rq->arena, &address);
		if (rc != SB_OK) {
			json_decref(j);
			return rc;
		}
		json_object_set_new(j, "address", json_string(address));
		rc = last_visit(rq, j, row[entity_field(def, "household_id")].i);
		if (rc != SB_OK) {
			json_decref(j);
			return rc;
		}
	}
	*out = j;
	return SB_OK;
}

static int
household_json(struct request *rq, int64_t id, const struct rvalue *row, json_t **out)
{
	const struct entity_def *def = &entity_household;
	struct tag_on_list tags;
	const char *address;
	int64_t *ids;
	size_t n, i;
	json_t *j, *members;
	int rc;

	rc = store_tags_of(rq->store, "household", id, &rq->arena, &tags);
	if (rc == SB_OK)
		rc = store_household_address(rq->store, id, &rq->arena, &address);
	if (rc == SB_OK)
		rc = store_household_residents(rq->store, id, &rq->arena, &ids, &n);
	if (rc != SB_OK)
		return rc;
	j = row_json(def, id, row);
	json_object_set_new(j, "compound_id", json_integer(0));
	json_object_set_new(j, "address", json_string(address));
	json_object_set_new(j, "tags", tags_json(rq, &tags));
	members = json_array();
	for (i = 0; rc == SB_OK && i < n; i++) {
		struct rvalue *m;
		json_t *one;

		rc = register_get(rq->store, &rq->scope, &entity_resident, ids[i], &rq->arena, &m);
		if (rc == SB_OK)
			rc = resident_json(rq, ids[i], m, false, &one);
		if (rc == SB_OK)
			json_array_append_new(members, one);
	}
	json_object_set_new(j, "members", members);
	if (rc == SB_OK)
		rc = last_visit(rq, j, id);
	if (rc != SB_OK) {
		json_decref(j);
		return rc;
	}
	{
		struct store_col col = {.name = "compound_id"};

		rc = store_row_get(rq->store, &rq->scope, "building",
				   row[entity_field(def, "building_id")].i, &col, 1, &rq->arena);
		if (rc == SB_OK)
			json_object_set_new(j, "compound_id", json_integer(col.i));
	}
	if (rc != SB_OK) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return SB_OK;
}

int
register_json_get(struct request *rq, const struct entity_def *def, int64_t id, json_t **out)
{
	struct rvalue *row;
	int rc = register_get(rq->store, &rq->scope, def, id, &rq->arena, &row);

	if (rc != SB_OK)
		return rc;
	if (def == &entity_resident)
		return resident_json(rq, id, row, true, out);
	if (def == &entity_household)
		return household_json(rq, id, row, out);
	*out = row_json(def, id, row);
	return SB_OK;
}
