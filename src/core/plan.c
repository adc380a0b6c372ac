#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/ical.h"
#include "core/ident.h"
#include "core/plan.h"
#include "core/reception.h"
#include "store/idempotency.h" /* the capacity lives beside the idempotency keys */

static enum plan_urgency
urgency_of(const struct plan_candidate *c)
{
	if (!c->due.due)
		return PLAN_NOT_DUE;
	if (c->interval <= PLAN_VULNERABLE_DAYS)
		return PLAN_VULNERABLE;
	if (c->due.reason == DUE_FOLLOW_UP)
		return PLAN_FOLLOW_UP;
	if (c->due.days_overdue > 0)
		return PLAN_OVERDUE;
	return PLAN_ROUND;
}

static int
walk_cmp(const void *a, const void *b)
{
	const struct plan_candidate *x = a, *y = b;
	int c = visit_walk_cmp(&x->where, &y->where);

	return c ? c : (x->household_id > y->household_id) - (x->household_id < y->household_id);
}

/* Most urgent first; within a class the most overdue, then walking order. */
static int
urgency_cmp(const void *a, const void *b)
{
	const struct plan_candidate *x = a, *y = b;

	if (x->urgency != y->urgency)
		return (int)x->urgency - (int)y->urgency;
	if (x->due.days_overdue != y->due.days_overdue)
		return y->due.days_overdue - x->due.days_overdue;
	return walk_cmp(a, b);
}

/* Today's walk first (by walk), then the rest by urgency. */
static int
final_cmp(const void *a, const void *b)
{
	const struct plan_candidate *x = a, *y = b;

	if ((x->walk > 0) != (y->walk > 0))
		return x->walk > 0 ? -1 : 1;
	if (x->walk > 0)
		return x->walk - y->walk;
	return urgency_cmp(a, b);
}

static bool
same_building(const struct walk_key *a, const struct walk_key *b)
{
	return strcmp(a->compound, b->compound) == 0 && strcmp(a->building, b->building) == 0;
}

/* Whether c's building has a household already chosen for today. */
static bool
building_on_walk(const struct plan_candidate *c, const struct plan_candidate *all, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (all[i].walk > 0 && same_building(&all[i].where, &c->where))
			return true;
	return false;
}

size_t
plan_day(struct plan_candidate *c, size_t n, int capacity, int workdays_left)
{
	size_t i, k = 0, rounds = 0, round_share, round_taken = 0, first_round = n;

	if (capacity < 1)
		capacity = 1;
	if (workdays_left < 1)
		workdays_left = 1;
	for (i = 0; i < n; i++) {
		c[i].urgency = urgency_of(&c[i]);
		c[i].walk = 0;
		rounds += c[i].urgency == PLAN_ROUND;
	}
	if (n > 1)
		qsort(c, n, sizeof(*c), urgency_cmp);
	/* The urgent ones, as many as the day holds. */
	for (i = 0; i < n && c[i].urgency < PLAN_ROUND && k < (size_t)capacity; i++)
		c[i].walk = (int)++k;
	/* The round's share of the rest of the week, so that it ends even:
	 * those in a building already on the walk first (no extra stairs). */
	round_share = (rounds + (size_t)workdays_left - 1) / (size_t)workdays_left;
	for (i = 0; i < n; i++)
		if (c[i].urgency == PLAN_ROUND) {
			first_round = i;
			break;
		}
	for (int pass = 0; pass < 2; pass++)
		for (i = first_round; i < n && c[i].urgency == PLAN_ROUND; i++) {
			if (k >= (size_t)capacity || round_taken >= round_share)
				break;
			if (c[i].walk > 0 || (pass == 0 && !building_on_walk(&c[i], c, n)))
				continue;
			c[i].walk = (int)++k;
			round_taken++;
		}
	/* Walking order within the day. */
	if (n > 1)
		qsort(c, n, sizeof(*c), final_cmp);
	if (k > 1)
		qsort(c, k, sizeof(*c), walk_cmp);
	for (i = 0; i < k; i++)
		c[i].walk = (int)i + 1;
	return k;
}

/* How far floor f is from `from` going up first: the floors above (and the
 * same floor) by distance, then those below after all of them, nearest
 * first; an unknown floor last. */
static long
floor_distance(int from, int f)
{
	if (f == INT_MIN || from == INT_MIN)
		return LONG_MAX / 2;
	if (f >= from)
		return (long)f - from;
	return 1000L + ((long)from - f);
}

long
plan_next(const struct plan_candidate *walk, size_t k, int64_t at_id, const struct walk_key *at)
{
	long best = -1, best_d = LONG_MAX;
	size_t i;

	for (i = 0; i < k; i++) {
		long d;

		if (walk[i].household_id == at_id || !same_building(&walk[i].where, at))
			continue;
		d = floor_distance(at->floor, walk[i].where.floor);
		if (d < best_d ||
		    (d == best_d && best >= 0 &&
		     visit_natural_cmp(walk[i].where.room, walk[best].where.room) < 0)) {
			best = (long)i;
			best_d = d;
		}
	}
	if (best >= 0)
		return best;
	for (i = 0; i < k; i++)
		if (walk[i].household_id != at_id && visit_walk_cmp(&walk[i].where, at) > 0)
			return (long)i;
	for (i = 0; i < k; i++)
		if (walk[i].household_id != at_id)
			return (long)i;
	return -1;
}

/* What the store knows, turned into plans. */

const char *
plan_reason_name(enum due_reason reason)
{
	return reason == DUE_NEVER	 ? "never_visited"
	       : reason == DUE_FOLLOW_UP ? "follow_up"
					 : "interval";
}

const char *
plan_urgency_name(enum plan_urgency urgency)
{
	static const char *const names[] = {"vulnerable", "follow_up", "overdue", "round",
					    "not_due"};

	return names[urgency];
}

static int
item_cmp(const void *a, const void *b)
{
	const struct plan_item *x = a, *y = b;
	struct walk_key kx = {x->row->compound, x->row->building, x->row->floor, x->row->room};
	struct walk_key ky = {y->row->compound, y->row->building, y->row->floor, y->row->room};

	return visit_walk_cmp(&kx, &ky);
}

int
plan_items(struct store *st, const struct scope *sc, int64_t worker, const char *date, int horizon,
	   struct arena *ar, struct plan_item **out, size_t *n)
{
	struct plan_list l;
	char until[11];
	size_t i, k = 0;
	int rc;

	rc = store_plan_rows(st, sc, worker, date, ar, &l);
	if (rc != SB_OK)
		return rc;
	calendar_add_days(date, horizon, until);
	*out = arena_alloc(ar, (l.n + 1) * sizeof(**out));
	for (i = 0; i < l.n; i++) {
		struct due d = visit_due(l.items[i].interval, l.items[i].last_visit_on,
					 l.items[i].follow_up_on, date);

		if (!d.due && !(horizon > 0 && strcmp(d.due_on, until) <= 0))
			continue;
		(*out)[k].row = &l.items[i];
		(*out)[k].due = d;
		k++;
	}
	qsort(*out, k, sizeof(**out), item_cmp);
	*n = k;
	return SB_OK;
}

/* The working days from date to the Sunday that ends its week. */
static int
workdays_left(struct store *st, const char *date, int *out)
{
	int span = (7 - calendar_weekday(date)) % 7, i, rc = SB_OK; /* to Sunday */

	*out = 0;
	for (i = 0; rc == SB_OK && i <= span; i++) {
		char d[11];
		bool workday;

		calendar_add_days(date, i, d);
		rc = calendar_is_workday(st, d, &workday);
		*out += rc == SB_OK && workday;
	}
	return rc;
}

int
plan_walk(struct store *st, const struct scope *sc, int64_t worker, const char *date,
	  struct arena *ar, struct plan_walk *out)
{
	struct plan_list l;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_plan_rows(st, sc, worker, date, ar, &l);
	if (rc == SB_OK)
		rc = store_plan_capacity(st, worker, &out->capacity);
	if (rc == SB_OK)
		rc = workdays_left(st, date, &out->workdays_left);
	if (rc != SB_OK)
		return rc;
	if (out->capacity <= 0)
		out->capacity = PLAN_DEFAULT_CAPACITY;
	out->candidates = arena_alloc(ar, (l.n + 1) * sizeof(*out->candidates));
	for (i = 0; i < l.n; i++) {
		const struct plan_row *r = &l.items[i];
		struct plan_candidate *c = &out->candidates[i];

		c->household_id = r->household_id;
		c->where = (struct walk_key){r->compound, r->building,
					     r->has_floor ? r->floor : INT_MIN, r->room};
		c->interval = r->interval;
		c->due = visit_due(r->interval, r->last_visit_on, r->follow_up_on, date);
		out->due += c->due.due;
		out->overdue += c->due.due && c->due.days_overdue > 0;
	}
	out->n = l.n;
	out->walked = plan_day(out->candidates, out->n, out->capacity, out->workdays_left);
	return SB_OK;
}

const struct plan_candidate *
plan_walk_find(const struct plan_walk *day, int64_t household_id)
{
	size_t i;

	for (i = 0; i < day->n; i++)
		if (day->candidates[i].household_id == household_id)
			return &day->candidates[i];
	return NULL;
}

int
plan_today(struct store *st, const struct scope *sc, const char *date, int64_t after,
	   struct arena *ar, struct plan_today *out, struct sb_fail *fail)
{
	const struct plan_walk *day = &out->day;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = plan_items(st, sc, sc->user_id, date, 0, ar, &out->items, &out->n);
	if (rc == SB_OK)
		rc = plan_walk(st, sc, sc->user_id, date, ar, &out->day);
	if (rc == SB_OK && after) {
		const struct plan_candidate *at = plan_walk_find(day, after);
		long k;

		if (at == NULL)
			return sb_fail(fail, SB_BAD_QUERY, "after",
				       "after: not a household of your grids",
				       "after：不是您网格内的户");
		k = plan_next(day->candidates, day->walked, after, &at->where);
		if (k >= 0)
			out->next = day->candidates[k].household_id;
	} else if (rc == SB_OK && day->walked > 0) {
		out->next = day->candidates[0].household_id;
	}
	if (rc == SB_OK)
		rc = reception_committees_of(st, sc, date, ar, &out->reception, &out->nreception);
	return rc;
}

int
plan_worker(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	    const char **committee)
{
	struct user w;
	int rc = store_user_get(st, sc, id, ar, &w);

	if (rc == SB_OK && w.role != ROLE_WORKER)
		rc = SB_NOT_FOUND; /* a capacity is a worker's */
	if (rc == SB_OK && committee)
		*committee = w.nscope ? w.scope[0] : NULL;
	return rc;
}

int
plan_capacity_set(struct store *st, const struct scope *sc, const struct actor *who, int64_t id,
		  int64_t n, struct arena *ar, struct sb_fail *fail)
{
	const char *committee = NULL;
	int rc = plan_worker(st, sc, id, ar, &committee);

	if (rc != SB_OK)
		return rc;
	if (n < 1 || n > PLAN_CAPACITY_MAX)
		return sb_fail(fail, SB_BAD_FIELD, "households_per_day",
			       "households a day: 1 to 60", "每日走访户数须为 1 至 60");
	rc = store_begin(st);
	if (rc == SB_OK)
		rc = store_plan_capacity_set(st, id, (int)n);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "worker_plan",
			       arena_printf(ar, "%lld", (long long)id), committee,
			       json_pack("{s:I}", "households_per_day", (json_int_t)n));
	return store_end(st, rc);
}

int
plan_feed_renew(struct store *st, const struct actor *who, char token[SB_TOKEN_CHARS + 1])
{
	char hash[SB_HASH_HEX];
	int rc;

	crypto_token_new(token);
	crypto_token_hash(token, hash);
	rc = store_begin(st);
	if (rc == SB_OK)
		rc = store_ics_token_set(st, who->user_id, hash, who->now);
	return store_end(st, rc);
}

int
plan_feed_revoke(struct store *st, const struct actor *who)
{
	int rc = store_begin(st);

	if (rc == SB_OK)
		rc = store_ics_token_delete(st, who->user_id);
	return store_end(st, rc);
}

/* The name people see for a user: the display name, else the login. */
static const char *
person_name(const struct user *u)
{
	return u->display_name && u->display_name[0] ? u->display_name : u->username;
}

int
plan_feed(struct store *st, const char *token, int64_t now, struct arena *ar, struct buf *out)
{
	char hash[SB_HASH_HEX], date[11];
	struct plan_item *items;
	struct user u;
	int64_t user_id;
	size_t n, i;
	int rc;

	crypto_token_hash(token, hash);
	rc = store_ics_token_user(st, hash, &user_id);
	if (rc == SB_OK)
		rc = store_user_by_id(st, user_id, ar, &u);
	if (rc == SB_OK && u.disabled)
		rc = SB_NOT_FOUND;
	if (rc != SB_OK)
		return rc;
	ident_today(now, date);
	/* the feed acts as its owner: the owner's own scope */
	const struct scope owner = {.user_id = user_id, .role = u.role};

	rc = plan_items(st, &owner, user_id, date, 14, ar, &items, &n);
	if (rc != SB_OK)
		return rc;
	ical_begin(out, ar, arena_printf(ar, "走访计划 %s", person_name(&u)));
	for (i = 0; i < n; i++) {
		const struct plan_row *r = items[i].row;
		const struct due *d = &items[i].due;
		const char *on = d->due && d->days_overdue > 0 ? date
				 : d->due_on[0]		       ? d->due_on
							       : date;
		struct ical_event e;

		if (strcmp(on, date) < 0)
			on = date;
		e.date = on;
		e.uid = arena_printf(ar, "visit-%lld-%.4s%.2s%.2s@sibai",
				     (long long)r->household_id, on, on + 5, on + 8);
		e.summary = arena_printf(ar, "走访 %s %s %s", r->compound, r->building, r->room);
		e.description =
			arena_printf(ar, "%s；标签：%s；上次走访：%s；逾期 %d 天",
				     plan_reason_name(d->reason), r->tags ? r->tags : "无",
				     r->last_visit_on ? r->last_visit_on : "从未", d->days_overdue);
		ical_event(out, ar, now, &e);
	}
	ical_end(out);
	return SB_OK;
}
