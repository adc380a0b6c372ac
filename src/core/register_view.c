/* The register read and written whole (core/register.h, "Reading and
 * writing the register whole"): each function is what one request does,
 * so that the handlers of api/api_register.c parse, call one of these and
 * render the view (api/register_json.c, the one renderer of the register). */

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/ident.h"
#include "core/register.h"

int
register_find(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
	      struct arena *ar)
{
	struct store_col col = {.name = "committee_code"};

	return store_row_get(st, sc, def->table, id, &col, 1, ar);
}

/* The columns a view reads, one per field (a secret's mask only), made once
 * for the process: the same lists every time let the store keep the SQL
 * text of the reads (store_household_read). */
#define VIEW_COLS_MAX 48

struct view_cols {
	const char *names[VIEW_COLS_MAX];
	char masks[VIEW_COLS_MAX][40];
};

static struct view_cols household_view, resident_view;
static pthread_once_t view_once = PTHREAD_ONCE_INIT;

static void
view_cols_fill(struct view_cols *v, const struct entity_def *def)
{
	size_t i;

	assert(def->nfields <= VIEW_COLS_MAX);
	for (i = 0; i < def->nfields; i++) {
		const struct rfield *f = &def->fields[i];

		if (f->kind != RK_SECRET) {
			v->names[i] = f->column;
			continue;
		}
		snprintf(v->masks[i], sizeof(v->masks[i]), "%s_mask", f->column);
		v->names[i] = v->masks[i];
	}
}

static void
view_cols_init(void)
{
	view_cols_fill(&household_view, &entity_household);
	view_cols_fill(&resident_view, &entity_resident);
}

/* The field values of columns read for the view (one per field). */
static struct rvalue *
view_values(const struct entity_def *def, const struct store_col *cols, struct arena *ar)
{
	struct rvalue *v = arena_alloc(ar, def->nfields * sizeof(*v));
	size_t i;

	for (i = 0; i < def->nfields; i++) {
		v[i].present = true;
		v[i].null = cols[i].type == COL_NULL;
		if (cols[i].type == COL_INT)
			v[i].i = cols[i].i;
		else
			v[i].s = cols[i].s;
	}
	return v;
}

/* The age and the derived tag of a resident's view. */
static void
view_age(struct register_view *v, const char *today)
{
	const struct rvalue *birth = &v->row[entity_field(&entity_resident, "birth_date")];

	v->age = birth->null ? -1 : ident_age(birth->s, today);
	v->elderly = v->age >= REGISTER_ELDERLY_AGE;
}

/* The tags of entity entity_id among a household's, in their order. */
static struct tag_on_list
tags_of(const struct tag_on_list *all, const char *entity, int64_t entity_id)
{
	struct tag_on_list l = {NULL, 0};
	size_t i;

	for (i = 0; i < all->n; i++) {
		const struct tag_on *t = &all->items[i];

		if (t->entity_id != entity_id || strcmp(t->entity, entity) != 0)
			continue;
		if (l.n == 0)
			l.items = (struct tag_on *)t;
		l.n++; /* one entity's tags are consecutive (HOUSEHOLD_READ_TAGS) */
	}
	return l;
}

static int
read_household(struct store *st, const struct scope *sc, int64_t id, const char *today,
	       struct arena *ar, struct register_view *out)
{
	const struct entity_def *household_def = &entity_household,
				*resident_def = &entity_resident;
	struct household_read h;
	size_t i;
	int rc;

	pthread_once(&view_once, view_cols_init);
	rc = store_household_read(st, sc, id, household_view.names, household_def->nfields,
				  resident_view.names, resident_def->nfields, ar, &h);
	if (rc != SB_OK)
		return rc;
	out->row = view_values(household_def, h.household, ar);
	out->tags = tags_of(&h.tags, "household", id);
	out->placed = true;
	out->address = h.address;
	out->last_visit_on = h.last_visit_on;
	out->compound_id = h.compound_id;
	out->nmembers = h.nmembers;
	out->members = arena_alloc(ar, (h.nmembers + 1) * sizeof(*out->members));
	for (i = 0; i < h.nmembers; i++) {
		struct register_view *m = &out->members[i];

		memset(m, 0, sizeof(*m));
		m->def = resident_def;
		m->id = h.member_ids[i];
		m->row = view_values(resident_def, &h.member_cols[i * resident_def->nfields], ar);
		m->tags = tags_of(&h.tags, "resident", m->id);
		view_age(m, today);
	}
	return SB_OK;
}

/* A resident alone, in two statements (store_resident_read). */
static int
read_resident(struct store *st, const struct scope *sc, int64_t id, const char *today,
	      struct arena *ar, struct register_view *out)
{
	const struct entity_def *def = &entity_resident;
	struct resident_read r;
	int rc;

	pthread_once(&view_once, view_cols_init);
	rc = store_resident_read(st, sc, id, resident_view.names, def->nfields, ar, &r);
	if (rc != SB_OK)
		return rc;
	out->row = view_values(def, r.cols, ar);
	out->tags = r.tags;
	view_age(out, today);
	out->placed = true;
	out->address = r.address;
	out->last_visit_on = r.last_visit_on;
	return SB_OK;
}

int
register_read(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
	      int64_t now, struct arena *ar, struct register_view *out)
{
	char today[11];

	memset(out, 0, sizeof(*out));
	out->def = def;
	out->id = id;
	out->age = -1;
	ident_today(now, today);
	if (def == &entity_household)
		return read_household(st, sc, id, today, ar, out);
	if (def == &entity_resident)
		return read_resident(st, sc, id, today, ar, out);
	return register_get(st, sc, def, id, ar, &out->row);
}

/* The views of ids, in their order. */
static int
read_all(struct store *st, const struct scope *sc, const struct entity_def *def, const int64_t *ids,
	 size_t n, int64_t now, struct arena *ar, struct register_page *out)
{
	size_t i;
	int rc = SB_OK;

	out->items = arena_alloc(ar, (n + 1) * sizeof(*out->items));
	out->n = 0;
	for (i = 0; rc == SB_OK && i < n; i++) {
		rc = register_read(st, sc, def, ids[i], now, ar, &out->items[i]);
		if (rc == SB_OK)
			out->n++;
	}
	return rc;
}

int
register_list_places(struct store *st, const struct scope *sc, const struct entity_def *def,
		     const char *committee, int64_t compound_id, const char *q, int64_t after_id,
		     int limit, int64_t now, struct arena *ar, struct register_page *out)
{
	int64_t *ids;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	/* one more than the page tells whether another follows */
	rc = store_place_list(st, sc, def->table, committee, compound_id, q, after_id, limit + 1,
			      ar, &ids, &n);
	if (rc != SB_OK)
		return rc;
	if (n > (size_t)limit)
		out->next_cursor = arena_printf(ar, "%lld", (long long)ids[limit - 1]);
	return read_all(st, sc, def, ids, n > (size_t)limit ? (size_t)limit : n, now, ar, out);
}

int
register_search(struct store *st, const struct scope *sc, const struct entity_def *def,
		const struct filter *f, const char *cursor, int limit, int64_t now,
		struct arena *ar, struct register_page *out, struct sb_fail *fail)
{
	int64_t *ids;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (def == &entity_resident)
		rc = store_filter_residents(st, sc, f, cursor, limit, ar, &ids, &n, &out->total,
					    &out->next_cursor);
	else
		rc = store_filter_households(st, sc, f, cursor, limit, ar, &ids, &n, &out->total,
					     &out->next_cursor);
	if (rc == SB_BAD_QUERY)
		return sb_fail(fail, rc, "cursor", "cursor: not a cursor from this list",
			       "cursor：不是本列表给出的游标");
	if (rc != SB_OK)
		return rc;
	return read_all(st, sc, def, ids, n, now, ar, out);
}

int
register_history(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
		 int64_t before_id, int limit, struct arena *ar, struct change_list *out,
		 const char **next)
{
	int rc;

	*next = NULL;
	rc = register_find(st, sc, def, id, ar);
	if (rc == SB_OK)
		rc = store_change_list(st, sc, def->name, id, before_id, limit + 1, ar, out);
	if (rc != SB_OK)
		return rc;
	if (out->n > (size_t)limit) {
		*next = arena_printf(ar, "%lld", (long long)out->items[limit - 1].id);
		out->n = (size_t)limit;
	}
	return SB_OK;
}

static bool
has_tags(const struct entity_def *def)
{
	return def == &entity_resident || def == &entity_household;
}

/* The tags given of a row just written, inside the transaction. */
static int
write_tags(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
	   const struct tag_set *tags, const struct register_actor *who, struct arena *ar,
	   struct sb_fail *fail)
{
	struct rvalue *row;
	int rc;

	if (tags == NULL || !tags->given || !has_tags(def))
		return SB_OK;
	rc = register_get(st, sc, def, id, ar, &row);
	if (rc == SB_OK)
		rc = register_replace_tags(st, sc, def->name, id,
					   row[entity_field(def, "committee_code")].s, tags->items,
					   tags->n, who, ar, fail);
	return rc;
}

int
register_add(struct store *st, const struct scope *sc, const struct entity_def *def,
	     struct rvalue *vals, const struct tag_set *tags, const struct register_actor *who,
	     struct arena *ar, struct register_view *out, struct sb_fail *fail)
{
	int64_t id;
	int rc;

	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = register_create(st, sc, def, vals, who, ar, &id, fail);
	if (rc == SB_OK)
		rc = write_tags(st, sc, def, id, tags, who, ar, fail);
	if (rc == SB_OK)
		rc = register_read(st, sc, def, id, who->now, ar, out);
	return store_end(st, rc);
}

int
register_change(struct store *st, const struct scope *sc, const struct entity_def *def, int64_t id,
		struct rvalue *vals, const struct tag_set *tags, const struct register_actor *who,
		struct arena *ar, struct register_view *out, struct sb_fail *fail)
{
	bool changed;
	int rc;

	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = register_update(st, sc, def, id, vals, who, ar, &changed, fail);
	if (rc == SB_OK)
		rc = write_tags(st, sc, def, id, tags, who, ar, fail);
	if (rc == SB_OK)
		rc = register_read(st, sc, def, id, who->now, ar, out);
	return store_end(st, rc);
}

int
register_undo(struct store *st, const struct scope *sc, int64_t change_id,
	      const struct register_actor *who, struct arena *ar, struct register_view *out,
	      struct sb_fail *fail)
{
	struct change c;
	int rc;

	rc = store_change_get(st, sc, change_id, ar, &c);
	if (rc == SB_OK)
		rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = register_rollback(st, sc, change_id, who, ar, fail);
	if (rc == SB_OK)
		rc = register_read(st, sc,
				   strcmp(c.entity, "resident") == 0 ? &entity_resident
								     : &entity_household,
				   c.entity_id, who->now, ar, out);
	return store_end(st, rc);
}

void
register_numbers_wipe(struct resident_numbers *n)
{
	char **all[] = {&n->id_number, &n->phone, &n->emergency_phone, &n->carer_phone};
	size_t i;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (*all[i]) {
			crypto_wipe(*all[i]);
			free(*all[i]);
			*all[i] = NULL;
		}
}

int
register_reveal(struct store *st, const struct scope *sc, int64_t id, const char *reason,
		const struct register_actor *who, struct arena *ar, struct resident_numbers *out)
{
	static const char *const names[] = {"id_number", "phone", "emergency_phone", "carer_phone"};
	char **clear[] = {&out->id_number, &out->phone, &out->emergency_phone, &out->carer_phone};
	struct actor by = {who->user_id, who->username, who->ip, who->now};
	struct rvalue *row;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = register_get(st, sc, &entity_resident, id, ar, &row);
	if (rc != SB_OK)
		return rc;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct rvalue *v = &row[entity_field(&entity_resident, names[i])];

		if (v->null || v->box == NULL)
			continue;
		*clear[i] = crypto_open(who->key, v->box, v->boxlen);
		if (*clear[i] == NULL) {
			register_numbers_wipe(out);
			return SB_INTERNAL;
		}
	}
	rc = store_begin(st);
	if (rc == SB_OK) {
		rc = audit_add(st, &by, "reveal", "resident",
			       arena_printf(ar, "%lld", (long long)id),
			       row[entity_field(&entity_resident, "committee_code")].s,
			       json_pack("{s:s, s:[s,s,s,s]}", "reason", reason, "fields", names[0],
					 names[1], names[2], names[3]));
		rc = store_end(st, rc);
	}
	if (rc != SB_OK)
		register_numbers_wipe(out);
	return rc;
}
