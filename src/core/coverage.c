#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/coverage.h"
#include "core/reports/period.h"
#include "core/visits.h"

/* The aggregation engine: rows come from the coverage summary by
 * committee, from two threads at once (store_coverage_rows), each into its
 * own struct coverage_count, then added together. */

struct coverage_group {
	const char *key; /* "grid:<id>", an area code, a tag, a worker id */
	struct coverage_tally tally;
};

struct coverage_count {
	struct arena *ar;     /* the caller's, or the second half's own (another thread) */
	int from_day, to_day; /* visit_day() */
	struct coverage_tally all;
	/* by child area (committee codes map to streets etc.) or by grid */
	struct coverage_group *groups;
	size_t ngroups, capgroups;
	struct coverage_group *last; /* rows come by committee: the child of the last row */
	size_t child_len;	     /* the children's code length; 0: a committee's grids */
	struct coverage_group *tags;
	size_t ntags, captags;
	/* per worker: worker_of[i] is the slot in workers of owners.items[i] */
	struct coverage_group *workers;
	size_t nworkers;
	size_t *worker_of;
	struct assignment_list owners; /* by grid id, on the period's last day */
};

/* The index in owners of a grid's owner on the period's last day (binary
 * search), or -1. */
static ptrdiff_t
owner_of(const struct coverage_count *c, int64_t grid)
{
	size_t lo = 0, hi = c->owners.n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c->owners.items[mid].grid_id < grid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->owners.n && c->owners.items[lo].grid_id == grid ? (ptrdiff_t)lo : -1;
}

static struct coverage_group *
group(struct arena *ar, struct coverage_group **items, size_t *n, size_t *cap, const char *key)
{
	struct coverage_group *g;
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*items)[i].key, key) == 0)
			return &(*items)[i];
	g = arena_push(ar, items, n, cap, sizeof(*g));
	g->key = arena_strdup(ar, key);
	return g;
}

/* One slot per worker among the grid owners (a worker may own several grids). */
static void
worker_slots(struct coverage_count *c)
{
	struct arena *ar = c->ar;
	size_t i, k;

	c->worker_of = arena_alloc(ar, (c->owners.n + 1) * sizeof(*c->worker_of));
	c->workers = arena_alloc(ar, (c->owners.n + 1) * sizeof(*c->workers));
	for (i = 0; i < c->owners.n; i++) {
		char key[32];

		snprintf(key, sizeof(key), "%lld", (long long)c->owners.items[i].worker_id);
		for (k = 0; k < c->nworkers && strcmp(c->workers[k].key, key) != 0; k++)
			;
		if (k == c->nworkers) {
			memset(&c->workers[k], 0, sizeof(c->workers[k]));
			c->workers[k].key = arena_strdup(ar, key);
			c->nworkers++;
		}
		c->worker_of[i] = k;
	}
}

static void
add(struct coverage_tally *t, const struct coverage_row *r, bool visited, bool on_time)
{
	t->households++;
	t->residents += r->residents;
	if (visited) {
		t->visited++;
		t->residents_visited += r->residents;
	}
	if (on_time)
		t->on_time++;
}

static int
count_row(const struct coverage_row *r, void *ctx)
{
	struct coverage_count *c = ctx;
	struct arena *ar = c->ar;
	struct visit_period p =
		visit_period(r->days, r->ndays, c->from_day, c->to_day, r->interval);
	char key[32];
	ptrdiff_t owner;

	add(&c->all, r, p.visited, p.on_time);
	/* By the child level: a committee's grids; else the committee's ancestor below the area. */
	if (c->child_len == 0) {
		snprintf(key, sizeof(key), "grid:%lld", (long long)r->grid_id);
		if (c->last == NULL || strcmp(c->last->key, key) != 0)
			c->last = group(ar, &c->groups, &c->ngroups, &c->capgroups, key);
	} else if (c->last == NULL || strncmp(c->last->key, r->committee_code, c->child_len) != 0) {
		snprintf(key, sizeof(key), "%.*s", (int)c->child_len, r->committee_code);
		c->last = group(ar, &c->groups, &c->ngroups, &c->capgroups, key);
	}
	add(&c->last->tally, r, p.visited, p.on_time);
	owner = r->grid_id ? owner_of(c, r->grid_id) : -1;
	if (owner >= 0)
		add(&c->workers[c->worker_of[owner]].tally, r, p.visited, p.on_time);
	if (r->tags) {
		char *copy = arena_strdup(ar, r->tags), *save = NULL, *t;

		for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
			add(&group(ar, &c->tags, &c->ntags, &c->captags, t)->tally, r, p.visited,
			    p.on_time);
	}
	return 0;
}

static void
tally_add(struct coverage_tally *to, const struct coverage_tally *t)
{
	to->households += t->households;
	to->visited += t->visited;
	to->residents += t->residents;
	to->residents_visited += t->residents_visited;
	to->on_time += t->on_time;
}

/* Adds the second half's tallies to c (keys are copied into c's arena). */
static void
count_merge(struct coverage_count *c, const struct coverage_count *h)
{
	size_t i;

	tally_add(&c->all, &h->all);
	for (i = 0; i < h->ngroups; i++)
		tally_add(&group(c->ar, &c->groups, &c->ngroups, &c->capgroups, h->groups[i].key)
				   ->tally,
			  &h->groups[i].tally);
	for (i = 0; i < h->ntags; i++)
		tally_add(&group(c->ar, &c->tags, &c->ntags, &c->captags, h->tags[i].key)->tally,
			  &h->tags[i].tally);
	for (i = 0; i < c->nworkers; i++)
		tally_add(&c->workers[i].tally, &h->workers[i].tally);
}

/* Counts the rows of area into c, the second half of the committees by
 * another thread into a count of its own arena, then added to c. */
static int
count_area(struct store *st, const struct scope *sc, const char *area, struct coverage_count *c)
{
	struct coverage_count c2;
	struct arena ar2;
	void *ctx[2];
	size_t i;
	int rc;

	arena_init(&ar2);
	c2 = *c;
	c2.ar = &ar2;
	c2.all = (struct coverage_tally){0};
	c2.groups = c2.tags = NULL;
	c2.ngroups = c2.capgroups = c2.ntags = c2.captags = 0;
	c2.last = NULL;
	c2.workers = arena_alloc(&ar2, (c->nworkers + 1) * sizeof(*c2.workers));
	for (i = 0; i < c->nworkers; i++)
		c2.workers[i].key = c->workers[i].key;
	ctx[0] = c;
	ctx[1] = &c2;
	rc = store_coverage_rows(st, sc, area, count_row, ctx);
	if (rc == SB_OK)
		count_merge(c, &c2);
	arena_clear(&ar2);
	return rc;
}

/* The report's parts from the count, with their names. */
static void
report_parts(struct store *st, const struct scope *sc, const struct coverage_count *c,
	     struct arena *ar, struct coverage_report *out)
{
	size_t i, k;

	out->total = c->all;
	out->children = arena_alloc(ar, (c->ngroups + 1) * sizeof(*out->children));
	for (i = 0; i < c->ngroups; i++) {
		struct coverage_child *one = &out->children[out->nchildren++];

		memset(one, 0, sizeof(*one));
		one->tally = c->groups[i].tally;
		if (strncmp(c->groups[i].key, "grid:", 5) == 0) {
			struct grid g;

			one->grid_id = atoll(c->groups[i].key + 5);
			if (one->grid_id && store_grid_get(st, sc, one->grid_id, ar, &g) == SB_OK)
				one->name = g.name;
		} else {
			struct area child;

			one->code = c->groups[i].key;
			if (store_area_get(st, sc, one->code, ar, &child) == SB_OK)
				one->name = child.name;
		}
	}
	out->tags = arena_alloc(ar, (c->ntags + 1) * sizeof(*out->tags));
	for (i = 0; i < c->ntags; i++) {
		out->tags[i].tag = c->tags[i].key;
		out->tags[i].tally = c->tags[i].tally;
	}
	out->ntags = c->ntags;
	out->workers = arena_alloc(ar, (c->nworkers + 1) * sizeof(*out->workers));
	for (i = 0; i < c->nworkers; i++) {
		struct coverage_worker *w;

		if (c->workers[i].tally.households == 0)
			continue; /* owns only empty grids in this area */
		w = &out->workers[out->nworkers++];
		memset(w, 0, sizeof(*w));
		w->worker_id = atoll(c->workers[i].key);
		w->tally = c->workers[i].tally;
		for (k = 0; k < c->owners.n; k++)
			if (c->owners.items[k].worker_id == w->worker_id) {
				w->username = c->owners.items[k].worker_login;
				w->name = c->owners.items[k].worker_name;
				break;
			}
	}
}

int
coverage_report(struct store *st, const struct scope *sc, const struct area *area, const char *from,
		const char *to, const char *today, struct arena *ar, struct coverage_report *out,
		struct sb_fail *fail)
{
	struct coverage_count c = {.ar = ar};
	const char *level;
	int rc;

	memset(out, 0, sizeof(*out));
	out->area = *area;
	rc = report_period(from, to, today, out->from, out->to, fail);
	if (rc != SB_OK)
		return rc;
	level = out->area.level;
	c.child_len = strcmp(level, "committee") == 0  ? 0
		      : strcmp(level, "street") == 0   ? 12
		      : strcmp(level, "district") == 0 ? 9
						       : 6;
	rc = store_grid_owners_in_area(st, sc, out->area.code, out->to, ar, &c.owners);
	if (rc != SB_OK)
		return rc;
	c.from_day = visit_day(out->from);
	c.to_day = visit_day(out->to);
	if (c.from_day < 0 || c.to_day < 0)
		return sb_fail(fail, SB_BAD_QUERY, c.from_day < 0 ? "from" : "to",
			       "from, to: dates from 2000 to 2179",
			       "from、to：日期须在 2000 年至 2179 年之间");
	worker_slots(&c);
	rc = count_area(st, sc, out->area.code, &c);
	if (rc == SB_OK)
		report_parts(st, sc, &c, ar, out);
	return rc;
}

int
coverage_unvisited(struct store *st, const struct scope *sc, const struct area *area, int limit,
		   struct arena *ar, struct plan_list *out)
{
	return store_area_unvisited(st, sc, area->code, limit, ar, out);
}
