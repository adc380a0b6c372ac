/* The checking list (核查; docs/checking.md): a file compared with the
 * register, its differences kept as items to check at the door. */

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/checking.h"
#include "core/filter.h"
#include "core/ident.h"
#include "core/import.h"
#include "util/table.h"
#include "util/xalloc.h"

/* A committee the file's area covers: its lines and what they came to. */
struct slot {
	const char *code, *name, *bare;
	struct import_finder *finder; /* made at its first line */
	int64_t rows, unchanged, kinds[3];
	int64_t *compounds; /* the compounds its lines name (address mode) */
	size_t ncompounds, capcompounds;
};

struct checker {
	struct store *st;
	const struct scope *sc;
	const struct register_actor *who;
	struct arena *ar;
	struct arena tmp; /* freed after every line */
	struct sb_fail *fail;
	struct slot *slots;
	size_t nslots;
	const char *area_name;
	json_t *compound_keys; /* compound key → slot index, -1 in several */
	int by_address;	       /* no 居委会 column: 1; -1 until the first line */
	int64_t *matched;      /* residents a line found */
	size_t nmatched, capmatched;
	struct check_item *items;
	size_t nitems, capitems;
};

enum { K_NEW, K_CHANGED, K_MISSING };

/* A committee's name without its usual suffix: 普雄路居委会 → 普雄路. */
static const char *
bare_name(struct arena *ar, const char *name)
{
	static const char *const suffix[] = {"居民委员会", "居委会", "居民区", "社区", NULL};
	char *k = import_place_key(ar, name, 'c');
	size_t i, n = strlen(k);

	for (i = 0; suffix[i]; i++) {
		size_t m = strlen(suffix[i]);

		if (n > m && strcmp(k + n - m, suffix[i]) == 0) {
			k[n - m] = '\0';
			break;
		}
	}
	return k;
}

static int
load_compound_keys(struct checker *ck)
{
	size_t i, j;
	int rc = SB_OK;

	ck->compound_keys = json_object();
	for (i = 0; rc == SB_OK && i < ck->nslots; i++) {
		struct place_name *names;
		size_t n;

		rc = store_place_names(ck->st, PLACE_COMPOUND, ck->slots[i].code, 0, &ck->tmp,
				       &names, &n);
		for (j = 0; rc == SB_OK && j < n; j++) {
			const char *k = import_place_key(&ck->tmp, names[j].name, 'c');
			json_t *had = json_object_get(ck->compound_keys, k);

			if (had && json_integer_value(had) != (json_int_t)i)
				json_object_set_new(ck->compound_keys, k, json_integer(-1));
			else
				json_object_set_new(ck->compound_keys, k,
						    json_integer((json_int_t)i));
		}
		arena_clear(&ck->tmp);
	}
	return rc;
}

/* The committee of a line: its 居委会 cell (a code or a name) or, without
 * that column, the committee whose compound the address names. */
static int
slot_of(struct checker *ck, const struct import_line *l, struct slot **out)
{
	const struct table_row *row = l->row;
	const char *v = NULL;
	size_t i;

	*out = NULL;
	if (l->committee_column >= 0 && (size_t)l->committee_column < row->ncells)
		v = row->cells[l->committee_column];
	if (v && *v) {
		const char *bare = bare_name(&ck->tmp, v);

		for (i = 0; i < ck->nslots; i++)
			if (strcmp(ck->slots[i].code, v) == 0 ||
			    strcmp(ck->slots[i].bare, bare) == 0) {
				*out = &ck->slots[i];
				return SB_OK;
			}
		/* another street's committee, or none: the whole file is refused */
		sb_fail(ck->fail, SB_BAD_FIELD, "file",
			arena_printf(ck->ar,
				     "line %zu: %s is not a committee of %s, in your jurisdiction; "
				     "nothing was written",
				     l->line, v, ck->area_name),
			arena_printf(ck->ar,
				     "第 %zu 行：“%s”不是您辖区%s内的居委会；未写入任何内容",
				     l->line, v, ck->area_name));
		return IMPORT_STOP;
	}
	{
		json_t *at;

		if (ck->compound_keys == NULL && load_compound_keys(ck) != SB_OK)
			return SB_INTERNAL;
		at = json_object_get(ck->compound_keys,
				     import_place_key(&ck->tmp, l->compound, 'c'));
		if (at && json_integer_value(at) >= 0) {
			*out = &ck->slots[json_integer_value(at)];
			return SB_OK;
		}
		if (at)
			return sb_fail(
				l->fail, SB_BAD_FIELD, "compound",
				arena_printf(ck->ar,
					     "compound: %s is in several committees; add a 居委会 "
					     "column",
					     l->compound),
				arena_printf(ck->ar, "小区：多个居委会都有“%s”；请加一列“居委会”",
					     l->compound));
		return sb_fail(l->fail, SB_BAD_FIELD, "compound",
			       arena_printf(ck->ar, "compound: no committee of %s has %s",
					    ck->area_name, l->compound),
			       arena_printf(ck->ar, "小区：%s 没有哪个居委会有“%s”", ck->area_name,
					    l->compound));
	}
	return SB_OK;
}

/* A value as the checking list shows it: numbers masked. */
static json_t *
shown(const struct rfield *f, const struct rvalue *v)
{
	if (v->null)
		return json_null();
	switch (f->kind) {
	case RK_BOOL: return json_boolean(v->i);
	case RK_INT:
	case RK_REF: return json_integer(v->i);
	default: return v->s ? json_string(v->s) : json_null();
	}
}

static bool
same_value(const struct rfield *f, const struct rvalue *a, const struct rvalue *b)
{
	if (a->null || b->null)
		return a->null == b->null;
	switch (f->kind) {
	case RK_INT:
	case RK_REF:
	case RK_BOOL: return a->i == b->i;
	case RK_SECRET: return a->index && b->index && strcmp(a->index, b->index) == 0;
	default: return a->s && b->s && strcmp(a->s, b->s) == 0;
	}
}

static char *
dump(struct arena *ar, json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT), *out;

	json_decref(j);
	out = arena_strdup(ar, t ? t : "{}");
	free(t);
	return out;
}

static const unsigned char *
copy_box(struct arena *ar, const struct rvalue *v, size_t *n)
{
	unsigned char *b;

	*n = 0;
	if (!v->present || v->null || v->box == NULL)
		return NULL;
	b = arena_alloc(ar, v->boxlen);
	memcpy(b, v->box, v->boxlen);
	*n = v->boxlen;
	return b;
}

static int
on_line(const struct import_line *l, void *ctx)
{
	const struct entity_def *def = &entity_resident;
	struct checker *ck = ctx;
	struct slot *sl;
	struct check_item *it;
	int64_t compound = 0, household = 0, resident = 0;
	json_t *proposed, *changes;
	size_t i;
	int rc;

	arena_clear(&ck->tmp);
	if (ck->by_address < 0)
		ck->by_address = l->committee_column < 0;
	rc = slot_of(ck, l, &sl);
	if (rc != SB_OK)
		return rc;
	if (sl->finder == NULL)
		sl->finder = import_finder_new(ck->st, ck->sc, sl->code, ck->who);
	sl->rows++;
	rc = import_find(sl->finder, l->vals, l->compound, l->building, l->room, &compound,
			 &household, &resident);
	if (rc != SB_OK)
		return rc;
	if (compound && ck->by_address) {
		for (i = 0; i < sl->ncompounds && sl->compounds[i] != compound; i++)
			;
		if (i == sl->ncompounds)
			*(int64_t *)arena_push(ck->ar, &sl->compounds, &sl->ncompounds,
					       &sl->capcompounds, sizeof(int64_t)) = compound;
	}
	proposed = json_object();
	changes = json_object();
	for (i = 0; i < def->nfields; i++)
		if (l->vals[i].present && def->fields[i].column)
			json_object_set_new(proposed, def->fields[i].name,
					    shown(&def->fields[i], &l->vals[i]));
	if (resident) {
		struct rvalue *old;
		int64_t was;

		rc = register_get(ck->st, ck->sc, def, resident, &ck->tmp, &old);
		if (rc != SB_OK) {
			json_decref(proposed);
			json_decref(changes);
			return rc;
		}
		for (i = 0; i < def->nfields; i++) {
			const struct rfield *f = &def->fields[i];

			if (!l->vals[i].present || !f->column ||
			    strcmp(f->name, "household_id") == 0 ||
			    same_value(f, &l->vals[i], &old[i]))
				continue;
			json_object_set_new(changes, f->name,
					    json_pack("{s:o, s:o}", "old", shown(f, &old[i]), "new",
						      shown(f, &l->vals[i])));
		}
		was = old[entity_field(def, "household_id")].i;
		if (was != household) {
			const char *c, *b, *r;

			rc = store_household_place(ck->st, was, &ck->tmp, &c, &b, &r);
			if (rc != SB_OK && rc != SB_NOT_FOUND) {
				json_decref(proposed);
				json_decref(changes);
				return rc;
			}
			json_object_set_new(
				changes, "address",
				json_pack("{s:s, s:s}", "old",
					  arena_printf(&ck->tmp, "%s %s %s", c, b, r), "new",
					  arena_printf(&ck->tmp, "%s %s %s", l->compound,
						       l->building, l->room)));
		}
		*(int64_t *)arena_push(ck->ar, &ck->matched, &ck->nmatched, &ck->capmatched,
				       sizeof(int64_t)) = resident;
		household = was;
		if (json_object_size(changes) == 0) {
			sl->unchanged++;
			json_decref(proposed);
			json_decref(changes);
			return SB_OK;
		}
	}
	it = arena_push(ck->ar, &ck->items, &ck->nitems, &ck->capitems, sizeof(*it));
	it->committee_code = sl->code;
	it->kind = resident ? "changed" : "new";
	sl->kinds[resident ? K_CHANGED : K_NEW]++;
	it->line = (int64_t)l->line;
	it->resident_id = resident;
	it->household_id = household;
	it->name = arena_strdup(ck->ar, l->vals[entity_field(def, "name")].s);
	it->compound = arena_strdup(ck->ar, l->compound);
	it->building = arena_strdup(ck->ar, l->building);
	it->room = arena_strdup(ck->ar, l->room);
	it->proposed = dump(ck->ar, proposed);
	it->changes = resident ? dump(ck->ar, changes) : NULL;
	if (!resident)
		json_decref(changes);
	it->id_box = copy_box(ck->ar, &l->vals[entity_field(def, "id_number")], &it->id_boxlen);
	it->phone_box = copy_box(ck->ar, &l->vals[entity_field(def, "phone")], &it->phone_boxlen);
	return SB_OK;
}

static int
by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The living residents of a slot (of the compounds its lines name, without
 * a 居委会 column) that no line found. */
static int
missing_of(struct checker *ck, struct slot *sl)
{
	const struct entity_def *def = &entity_resident;
	size_t k, i, places = ck->by_address ? sl->ncompounds : 1;
	char today[11];
	int rc = SB_OK;

	ident_today(ck->who->now, today);
	for (k = 0; rc == SB_OK && k < places; k++) {
		const char *cursor = NULL, *next = NULL;
		struct filter f;

		filter_init(&f, today);
		f.committee_code = sl->code;
		f.sort = "id";
		if (ck->by_address)
			f.compound_id = sl->compounds[k];
		do {
			int64_t *ids, total;
			size_t n;

			rc = store_filter_residents(ck->st, ck->sc, &f, cursor, 500, &ck->tmp, &ids,
						    &n, &total, &next);
			for (i = 0; rc == SB_OK && i < n; i++) {
				struct rvalue *old;
				struct check_item *it;
				const char *c, *b, *r;

				if (ck->nmatched > 0 && bsearch(&ids[i], ck->matched, ck->nmatched,
								sizeof(int64_t), by_id))
					continue;
				rc = register_get(ck->st, ck->sc, def, ids[i], &ck->tmp, &old);
				if (rc == SB_OK)
					rc = store_household_place(
						ck->st, old[entity_field(def, "household_id")].i,
						&ck->tmp, &c, &b, &r);
				if (rc != SB_OK)
					break;
				it = arena_push(ck->ar, &ck->items, &ck->nitems, &ck->capitems,
						sizeof(*it));
				it->committee_code = sl->code;
				it->kind = "missing";
				it->resident_id = ids[i];
				it->household_id = old[entity_field(def, "household_id")].i;
				it->name = arena_strdup(ck->ar, old[entity_field(def, "name")].s);
				it->compound = arena_strdup(ck->ar, c);
				it->building = arena_strdup(ck->ar, b);
				it->room = arena_strdup(ck->ar, r);
				sl->kinds[K_MISSING]++;
			}
			cursor = next ? arena_strdup(ck->ar, next) : NULL;
			arena_clear(&ck->tmp);
		} while (rc == SB_OK && cursor);
	}
	return rc;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Writes the batch: its row and committees first, the items in batches of
 * transactions (docs/import-template.md, "Large files"), and marks it
 * complete last, so that a failure half-way leaves nothing anyone sees. */
static int
write_batch(struct checker *ck, const struct check_options *opt, int64_t rows, int64_t rejected,
	    int64_t *batch_id)
{
	struct check_batch b = {.area_code = opt->area,
				.file_name = opt->file_name,
				.rows = rows,
				.rejected = rejected,
				.created_by = ck->who->user_id,
				.created_at = ck->who->now};
	struct check_batch_ref batch;
	size_t i = 0, k;
	int rc;

	rc = store_begin(ck->st);
	if (rc != SB_OK)
		return rc;
	rc = store_check_batch_insert(ck->st, ck->sc, &b, ck->ar, &batch);
	*batch_id = batch.id;
	for (k = 0; rc == SB_OK && k < ck->nslots; k++)
		if (ck->slots[k].rows > 0)
			rc = store_check_committee_insert(ck->st, &batch, ck->slots[k].code,
							  ck->slots[k].rows,
							  ck->slots[k].unchanged);
	for (;;) {
		int64_t started = now_ms();
		size_t done = 0;

		for (; rc == SB_OK && i < ck->nitems; i++) {
			ck->items[i].batch_id = *batch_id;
			rc = store_check_item_insert(ck->st, &batch, &ck->items[i], NULL);
			if (++done >= IMPORT_BATCH_LINES || now_ms() - started >= IMPORT_BATCH_MS) {
				i++;
				break;
			}
		}
		if (rc == SB_OK && i >= ck->nitems)
			rc = store_check_batch_complete(ck->st, &batch);
		rc = store_end(ck->st, rc);
		if (rc != SB_OK || i >= ck->nitems)
			return rc;
		usleep(2000); /* the writes that waited go first (core/import.c) */
		rc = store_begin(ck->st);
		if (rc != SB_OK)
			return rc;
	}
}

int
checking_upload(struct store *st, const struct scope *sc, const void *data, size_t len,
		const struct check_options *opt, const struct register_actor *who, struct arena *ar,
		json_t **report, int64_t *batch_id, struct sb_fail *fail)
{
	struct checker ck = {
		.st = st, .sc = sc, .who = who, .ar = ar, .fail = fail, .by_address = -1};
	struct area a;
	struct area_list committees;
	json_t *read = NULL, *per;
	int64_t kinds[3] = {0, 0, 0}, unchanged = 0;
	size_t i;
	int rc;

	*report = NULL;
	*batch_id = 0;
	rc = store_area_get(st, sc, opt->area, ar, &a);
	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, SB_BAD_QUERY, "area", "area: not an area in your jurisdiction",
			       "area：不是您辖区内的区域");
	if (rc != SB_OK)
		return rc;
	ck.area_name = a.name;
	if (strcmp(a.level, "committee") == 0) {
		committees.items = &a;
		committees.n = 1;
	} else {
		rc = store_committees_under(st, a.code, ar, &committees);
		if (rc != SB_OK)
			return rc;
	}
	if (committees.n == 0)
		return sb_fail(fail, SB_BAD_QUERY, "area", "area: it has no committee",
			       "area：该区域下没有居委会");
	ck.slots = arena_alloc(ar, committees.n * sizeof(*ck.slots));
	memset(ck.slots, 0, committees.n * sizeof(*ck.slots));
	ck.nslots = committees.n;
	for (i = 0; i < committees.n; i++) {
		ck.slots[i].code = committees.items[i].code;
		ck.slots[i].name = committees.items[i].name;
		ck.slots[i].bare = bare_name(ar, committees.items[i].name);
	}
	arena_init(&ck.tmp);
	rc = import_read(st, data, len, opt->mapping, who, on_line, &ck, ar, &read, fail);
	if (rc == SB_OK) {
		if (ck.nmatched > 0)
			qsort(ck.matched, ck.nmatched, sizeof(int64_t), by_id);
		for (i = 0; rc == SB_OK && i < ck.nslots; i++)
			if (ck.slots[i].rows > 0)
				rc = missing_of(&ck, &ck.slots[i]);
	}
	if (rc == SB_OK && !opt->dry_run)
		rc = write_batch(
			&ck, opt, (int64_t)json_integer_value(json_object_get(read, "rows")),
			(int64_t)json_integer_value(json_object_get(read, "rejected")), batch_id);
	if (rc == SB_OK) {
		per = json_array();
		for (i = 0; i < ck.nslots; i++) {
			struct slot *s = &ck.slots[i];

			if (s->rows == 0)
				continue;
			json_array_append_new(per,
					      json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}",
							"committee_code", s->code, "name", s->name,
							"rows", (json_int_t)s->rows, "new",
							(json_int_t)s->kinds[K_NEW], "changed",
							(json_int_t)s->kinds[K_CHANGED], "missing",
							(json_int_t)s->kinds[K_MISSING],
							"unchanged", (json_int_t)s->unchanged));
			kinds[K_NEW] += s->kinds[K_NEW];
			kinds[K_CHANGED] += s->kinds[K_CHANGED];
			kinds[K_MISSING] += s->kinds[K_MISSING];
			unchanged += s->unchanged;
		}
		json_object_set_new(read, "new", json_integer(kinds[K_NEW]));
		json_object_set_new(read, "changed", json_integer(kinds[K_CHANGED]));
		json_object_set_new(read, "missing", json_integer(kinds[K_MISSING]));
		json_object_set_new(read, "unchanged", json_integer(unchanged));
		json_object_set_new(read, "committees", per);
		json_object_set_new(read, "dry_run", json_boolean(opt->dry_run));
		*report = read;
		read = NULL;
	}
	json_decref(read);
	json_decref(ck.compound_keys);
	for (i = 0; i < ck.nslots; i++)
		import_finder_free(ck.slots[i].finder);
	arena_clear(&ck.tmp);
	return rc;
}

/* --- marks ---------------------------------------------------------------- */

/* The file's values of an item as register values: the proposed fields,
 * the sealed numbers opened and checked again (sealed anew, indexed). */
static int
item_values(const struct check_item *it, const struct register_actor *who, struct arena *ar,
	    struct rvalue **out, struct sb_fail *fail)
{
	const struct entity_def *def = &entity_resident;
	struct rvalue *vals = arena_alloc(ar, def->nfields * sizeof(*vals));
	json_t *p = json_loads(it->proposed ? it->proposed : "{}", 0, NULL), *v;
	const char *k;
	int rc = SB_OK, c;

	memset(vals, 0, def->nfields * sizeof(*vals));
	json_object_foreach (p, k, v) {
		int fi = entity_field(def, k);
		struct rvalue *rv;

		if (fi < 0 || def->fields[fi].kind == RK_SECRET)
			continue;
		rv = &vals[fi];
		rv->present = true;
		if (json_is_null(v))
			rv->null = true;
		else if (def->fields[fi].kind == RK_BOOL)
			rv->i = json_is_true(v);
		else if (json_is_integer(v))
			rv->i = json_integer_value(v);
		else
			rv->s = arena_strdup(ar, json_string_value(v) ? json_string_value(v) : "");
	}
	json_decref(p);
	for (c = 0; rc == SB_OK && c < 2; c++) {
		const unsigned char *box = c ? it->phone_box : it->id_box;
		size_t n = c ? it->phone_boxlen : it->id_boxlen;
		int fi = entity_field(def, c ? "phone" : "id_number");
		char *clear;

		if (box == NULL)
			continue;
		clear = crypto_open(who->key, box, n);
		if (clear == NULL)
			return SB_INTERNAL;
		vals[fi].present = true;
		vals[fi].s = arena_strdup(ar, clear);
		crypto_wipe(clear);
		free(clear);
		rc = register_check_value(&def->fields[fi], &vals[fi], who, ar, fail);
	}
	*out = vals;
	return rc;
}

static int
move_out(struct store *st, const struct scope *sc, int64_t resident,
	 const struct register_actor *who, struct arena *ar, struct sb_fail *fail)
{
	const struct entity_def *def = &entity_resident;
	struct rvalue *vals = arena_alloc(ar, def->nfields * sizeof(*vals));
	char *today = arena_alloc(ar, 11);
	bool changed;

	memset(vals, 0, def->nfields * sizeof(*vals));
	ident_today(who->now, today);
	vals[entity_field(def, "status")] = (struct rvalue){.present = true, .s = "moved_out"};
	vals[entity_field(def, "status_date")] = (struct rvalue){.present = true, .s = today};
	return register_update(st, sc, def, resident, vals, who, ar, &changed, fail);
}

int
checking_mark(struct store *st, const struct scope *sc, const struct check_item *it,
	      const char *state, const char *note, const struct register_actor *who,
	      struct arena *ar, struct sb_fail *fail)
{
	int64_t resident = 0;
	size_t i;
	int rc = SB_OK;

	for (i = 1; i < 5 && strcmp(check_states[i], state) != 0; i++)
		;
	if (i == 5)
		return sb_fail(fail, SB_BAD_FIELD, "state",
			       "state: confirmed, not_found, moved_away or corrected",
			       "state：须为 confirmed、not_found、moved_away 或 corrected");
	if (strcmp(it->state, "open") != 0)
		return sb_fail(fail, SB_CONFLICT, "state",
			       arena_printf(ar, "this item is marked already (%s)", it->state),
			       "此项已经核查过");
	if (strcmp(state, "confirmed") == 0 && strcmp(it->kind, "missing") != 0) {
		struct rvalue *vals;
		const char *status;

		rc = item_values(it, who, ar, &vals, fail);
		if (rc == SB_OK)
			rc = import_apply_one(st, sc, it->committee_code, vals, it->compound,
					      it->building, it->room, who, ar, &status, &resident,
					      fail);
	} else if (strcmp(state, "moved_away") == 0 && strcmp(it->kind, "missing") == 0) {
		rc = move_out(st, sc, it->resident_id, who, ar, fail);
	}
	if (rc == SB_OK)
		rc = store_check_item_mark(st, &it->ref, state, note, who->user_id, who->now,
					   resident);
	if (rc == SB_CONFLICT && fail->en == NULL)
		sb_fail(fail, SB_CONFLICT, "state", "this item is marked already",
			"此项已经核查过");
	return rc;
}

int
checking_accept(struct store *st, const struct scope *sc, int64_t batch_id, const char *committee,
		const struct register_actor *who, struct arena *ar, int64_t *accepted,
		json_t *failed, struct sb_fail *fail)
{
	int64_t after = 0;
	struct arena tmp;
	int rc = SB_OK;

	*accepted = 0;
	arena_init(&tmp);
	for (;;) {
		int64_t *ids, started;
		size_t n, i;

		rc = store_begin(st);
		if (rc != SB_OK)
			break;
		rc = store_check_items_to_accept(st, sc, batch_id, committee, after, 200, &tmp,
						 &ids, &n);
		started = now_ms();
		for (i = 0; rc == SB_OK && i < n; i++) {
			struct check_item it;
			struct sb_fail why = {0};
			int r;

			after = ids[i];
			rc = store_check_item_get(st, sc, ids[i], &tmp, &it);
			if (rc == SB_OK)
				rc = store_savepoint(st);
			if (rc != SB_OK)
				break;
			r = checking_mark(st, sc, &it, "confirmed", NULL, who, &tmp, &why);
			if (r == SB_OK) {
				rc = store_savepoint_release(st);
				(*accepted)++;
			} else if (r == SB_BAD_FIELD || r == SB_CONFLICT) {
				rc = store_savepoint_rollback(st);
				json_array_append_new(
					failed, json_pack("{s:I, s:s?, s:s?, s:s?}", "item_id",
							  (json_int_t)it.id, "reason", why.en,
							  "reason_zh", why.zh, "field", why.field));
			} else {
				store_savepoint_rollback(st);
				rc = r;
			}
			if (rc == SB_OK && now_ms() - started >= IMPORT_BATCH_MS) {
				n = i + 1 == n ? n : 200; /* the rest in the next transaction */
				break;
			}
		}
		rc = store_end(st, rc);
		arena_clear(&tmp);
		if (rc != SB_OK || n < 200)
			break;
		usleep(2000);
	}
	arena_clear(&tmp);
	(void)fail;
	(void)ar;
	return rc;
}
