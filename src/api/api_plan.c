#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/register_json.h"
#include "core/calendar.h"
#include "core/ident.h"
#include "core/plan.h"
#include "core/visits.h"
#include "http/json_io.h"
#include "http/server.h"
#include "store/idempotency.h"
#include "util/clock.h"
#include "util/crypto.h"

/* Today's plan and its calendar feed, the reception roster, the reports on
 * coverage and on visiting before 15:30, and the calendar itself. */

static char *
today_of(struct request *rq)
{
	char *d = arena_alloc(&rq->arena, 11);

	ident_today(rq->now, d);
	return d;
}

static int
query_date(struct request *rq, const char *name, const char *dflt, const char **out)
{
	const char *v = request_query(rq, name);

	*out = v ? v : dflt;
	if (v && !ident_date_valid(v))
		return request_fail(rq, SB_BAD_QUERY, name,
				    arena_printf(&rq->arena, "%s: YYYY-MM-DD", name),
				    arena_printf(&rq->arena, "%s：须为 YYYY-MM-DD", name));
	return SB_OK;
}

struct plan_item {
	const struct plan_row *row;
	struct due due;
};

static int
cmp_plan(const void *a, const void *b)
{
	const struct plan_item *x = a, *y = b;
	struct walk_key kx = {x->row->compound, x->row->building, x->row->floor, x->row->room};
	struct walk_key ky = {y->row->compound, y->row->building, y->row->floor, y->row->room};

	return visit_walk_cmp(&kx, &ky);
}

static const char *
reason_name(enum due_reason r)
{
	return r == DUE_NEVER ? "never_visited" : r == DUE_FOLLOW_UP ? "follow_up" : "interval";
}

/* The due households of a worker on a date, in walking order; horizon > 0
 * also takes those falling due within that many days (for the feed). */
static int
plan_items(struct request *rq, int64_t worker, const char *date, int horizon,
	   struct plan_item **out, size_t *n)
{
	struct plan_list l;
	char until[11];
	size_t i, k = 0;
	int rc;

	rc = store_plan_rows(rq->store, worker, date, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	calendar_add_days(date, horizon, until);
	*out = arena_alloc(&rq->arena, (l.n + 1) * sizeof(**out));
	for (i = 0; i < l.n; i++) {
		struct due d = visit_due(l.items[i].interval, l.items[i].last_visit_on,
					 l.items[i].follow_up_on, date);

		if (!d.due && !(horizon > 0 && strcmp(d.due_on, until) <= 0))
			continue;
		(*out)[k].row = &l.items[i];
		(*out)[k].due = d;
		k++;
	}
	qsort(*out, k, sizeof(**out), cmp_plan);
	*n = k;
	return SB_OK;
}

static json_t *
plan_json(struct request *rq, const struct plan_item *p)
{
	const struct plan_row *r = p->row;
	json_t *tags = json_array();
	const char *address;

	if (r->tags) {
		char *copy = arena_strdup(&rq->arena, r->tags), *save = NULL, *t;

		for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
			json_array_append_new(tags, json_string(t));
	}
	address = arena_printf(&rq->arena, "%s %s %s", r->compound, r->building, r->room);
	return json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:i, s:s?, s:s?, s:s?, s:i, s:o}",
		"household_id", (json_int_t)r->household_id, "address", address, "compound",
		r->compound, "building", r->building, "room", r->room, "floor",
		r->has_floor ? json_integer(r->floor) : json_null(), "reason",
		reason_name(p->due.reason), "tags", tags, "interval_days", r->interval,
		"last_visit_on", r->last_visit_on, "follow_up_on", r->follow_up_on, "due_on",
		p->due.due_on[0] ? p->due.due_on : NULL, "days_overdue", p->due.days_overdue,
		"overdue", json_boolean(p->due.days_overdue > 0));
}

/* A worker's day (docs/visits.md, "A day a person can walk"): every
 * household of its grids as a candidate, today's walk chosen by core/plan.c
 * within the worker's capacity. */
struct walk_day {
	struct plan_candidate *c; /* today's walk first (k), then the rest */
	size_t n, k, due, overdue;
	int capacity, workdays_left;
};

static int
workdays_left(struct request *rq, const char *date, int *out)
{
	int span = (7 - calendar_weekday(date)) % 7, i, rc = SB_OK; /* to Sunday */

	*out = 0;
	for (i = 0; rc == SB_OK && i <= span; i++) {
		char d[11];
		bool workday;

		calendar_add_days(date, i, d);
		rc = calendar_is_workday(rq->store, d, &workday);
		*out += rc == SB_OK && workday;
	}
	return rc;
}

static int
plan_walk(struct request *rq, int64_t worker, const char *date, struct walk_day *d)
{
	struct plan_list l;
	size_t i;
	int rc;

	memset(d, 0, sizeof(*d));
	rc = store_plan_rows(rq->store, worker, date, &rq->arena, &l);
	if (rc == SB_OK)
		rc = store_plan_capacity(rq->store, worker, &d->capacity);
	if (rc == SB_OK)
		rc = workdays_left(rq, date, &d->workdays_left);
	if (rc != SB_OK)
		return rc;
	if (d->capacity <= 0)
		d->capacity = PLAN_DEFAULT_CAPACITY;
	d->c = arena_alloc(&rq->arena, (l.n + 1) * sizeof(*d->c));
	for (i = 0; i < l.n; i++) {
		const struct plan_row *r = &l.items[i];
		struct plan_candidate *c = &d->c[i];

		c->household_id = r->household_id;
		c->where = (struct walk_key){r->compound, r->building,
					     r->has_floor ? r->floor : INT_MIN, r->room};
		c->interval = r->interval;
		c->due = visit_due(r->interval, r->last_visit_on, r->follow_up_on, date);
		d->due += c->due.due;
		d->overdue += c->due.due && c->due.days_overdue > 0;
	}
	d->n = l.n;
	d->k = plan_day(d->c, d->n, d->capacity, d->workdays_left);
	return SB_OK;
}

static const struct plan_candidate *
walk_find(const struct walk_day *d, int64_t household_id)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->c[i].household_id == household_id)
			return &d->c[i];
	return NULL;
}

static const char *
urgency_name(enum plan_urgency u)
{
	static const char *const names[] = {"vulnerable", "follow_up", "overdue", "round",
					    "not_due"};

	return names[u];
}

/* GET /api/v1/me/plan?date=&after=: the due and overdue households of my
 * grids in walking order, each with why and whether it is in today's walk,
 * whether I am on reception that day, and where to go after `after`. */
int
api_me_plan(struct request *rq, struct response *rs)
{
	struct plan_item *items;
	struct walk_day day = {0};
	struct user u;
	const char *date;
	json_t *list, *walk, *duty = json_array(), *next = json_null();
	int64_t after = 0;
	size_t n, i;
	int rc;

	rc = query_date(rq, "date", today_of(rq), &date);
	if (rc == SB_OK)
		rc = api_query_int(rq, "after", &after);
	if (rc == SB_OK)
		rc = plan_items(rq, rq->user.id, date, 0, &items, &n);
	if (rc == SB_OK)
		rc = plan_walk(rq, rq->user.id, date, &day);
	if (rc == SB_OK && after) {
		const struct plan_candidate *at = walk_find(&day, after);
		long k;

		if (at == NULL)
			rc = request_fail(rq, SB_BAD_QUERY, "after",
					  "after: not a household of your grids",
					  "after：不是您网格内的户");
		else if ((k = plan_next(day.c, day.k, after, &at->where)) >= 0)
			next = json_integer(day.c[k].household_id);
	} else if (rc == SB_OK && day.k > 0) {
		next = json_integer(day.c[0].household_id);
	}
	if (rc == SB_OK)
		rc = store_user_by_id(rq->store, rq->user.id, &rq->arena, &u);
	for (i = 0; rc == SB_OK && i < u.nscope; i++) {
		struct roster_list r;

		rc = store_roster_list(rq->store, u.scope[i], date, date, &rq->arena, &r);
		if (rc == SB_OK && r.n == 1 && r.items[0].worker_id == rq->user.id)
			json_array_append_new(duty, json_string(u.scope[i]));
	}
	if (rc != SB_OK) {
		json_decref(duty);
		json_decref(next);
		return rc;
	}
	list = json_array();
	for (i = 0; i < n; i++) {
		const struct plan_candidate *c = walk_find(&day, items[i].row->household_id);
		json_t *one = plan_json(rq, &items[i]);

		json_object_set_new(one, "urgency",
				    json_string(urgency_name(c ? c->urgency : PLAN_NOT_DUE)));
		json_object_set_new(one, "walk",
				    c && c->walk > 0 ? json_integer(c->walk) : json_null());
		json_array_append_new(list, one);
	}
	walk = json_array();
	for (i = 0; i < day.k; i++)
		json_array_append_new(walk, json_integer(day.c[i].household_id));
	return response_json(rs, 200,
			     json_pack("{s:s, s:o, s:I, s:{s:b, s:o}, s:i, s:o, s:I, s:o}", "date",
				       date, "items", list, "total", (json_int_t)n, "reception",
				       "on_duty", json_array_size(duty) > 0, "committee_codes",
				       duty, "capacity", day.capacity, "walk", walk, "behind",
				       (json_int_t)(day.due - day.k), "next", next));
}

/* POST /api/v1/me/calendar-feed: a new secret feed URL (the old one stops working). */
int
api_me_feed_create(struct request *rq, struct response *rs)
{
	char token[SB_TOKEN_CHARS + 1], hash[SB_HASH_HEX];
	int rc;

	crypto_token_new(token);
	crypto_token_hash(token, hash);
	rc = store_begin(rq->store);
	if (rc == SB_OK)
		rc = store_ics_token_set(rq->store, rq->user.id, hash, rq->now);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc != SB_OK)
		return rc;
	response_header(rq, rs, "Cache-Control", "no-store");
	return response_json(rs, 201,
			     json_pack("{s:s, s:s}", "token", token, "path",
				       arena_printf(&rq->arena, "/api/v1/feeds/%s.ics", token)));
}

/* DELETE /api/v1/me/calendar-feed: revokes the feed URL. */
int
api_me_feed_delete(struct request *rq, struct response *rs)
{
	int rc = store_begin(rq->store);

	if (rc == SB_OK)
		rc = store_ics_token_delete(rq->store, rq->user.id);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	return rc == SB_OK ? response_empty(rs, 204) : rc;
}

/* Appends an iCalendar content line, folded at 75 octets (RFC 5545 3.1),
 * never inside a UTF-8 sequence, with CRLF. */
static void
ics_line(struct buf *b, const char *line)
{
	size_t len = strlen(line), pos = 0, room = 75;

	while (len - pos > room) {
		size_t cut = pos + room;

		while (cut > pos && ((unsigned char)line[cut] & 0xc0) == 0x80)
			cut--;
		buf_add(b, line + pos, cut - pos);
		buf_adds(b, "\r\n ");
		pos = cut;
		room = 74;
	}
	buf_add(b, line + pos, len - pos);
	buf_adds(b, "\r\n");
}

/* Escapes TEXT per RFC 5545 3.3.11. */
static const char *
ics_text(struct request *rq, const char *s)
{
	struct buf b;
	const char *out;

	buf_init(&b, 1 << 16);
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_addc(&b, '\\');
		if (*s == '\n') {
			buf_adds(&b, "\\n");
			continue;
		}
		buf_addc(&b, *s);
	}
	out = arena_strdup(&rq->arena, b.data ? b.data : "");
	buf_clear(&b);
	return out;
}

/* GET /api/v1/feeds/{token}.ics: the plan as an iCalendar feed, no login. */
int
api_feeds_get(struct request *rq, struct response *rs)
{
	const char *param = request_param(rq, "file");
	char token[SB_TOKEN_CHARS + 1], hash[SB_HASH_HEX], stamp[32];
	struct plan_item *items;
	const char *date = today_of(rq);
	struct user u;
	int64_t user_id;
	struct buf b;
	size_t n, i;
	struct clock_parts p;
	int rc;

	if (param == NULL || strlen(param) != SB_TOKEN_CHARS + 4 ||
	    strcmp(param + SB_TOKEN_CHARS, ".ics") != 0)
		return SB_NOT_FOUND;
	memcpy(token, param, SB_TOKEN_CHARS);
	token[SB_TOKEN_CHARS] = '\0';
	crypto_token_hash(token, hash);
	rc = store_ics_token_user(rq->store, hash, &user_id);
	if (rc == SB_OK)
		rc = store_user_by_id(rq->store, user_id, &rq->arena, &u);
	if (rc == SB_OK && u.disabled)
		rc = SB_NOT_FOUND;
	if (rc != SB_OK)
		return rc;
	rc = plan_items(rq, user_id, date, 14, &items, &n);
	if (rc != SB_OK)
		return rc;
	clock_utc_parts(rq->now, &p);
	snprintf(stamp, sizeof(stamp), "%04d%02d%02dT%02d%02d%02dZ", p.year, p.month, p.day, p.hour,
		 p.minute, p.second);
	buf_init(&b, 16u << 20);
	ics_line(&b, "BEGIN:VCALENDAR");
	ics_line(&b, "VERSION:2.0");
	ics_line(&b, "PRODID:-//sibai//visit plan//ZH");
	ics_line(&b, "CALSCALE:GREGORIAN");
	ics_line(&b, arena_printf(&rq->arena, "X-WR-CALNAME:%s",
				  ics_text(rq, arena_printf(&rq->arena, "走访计划 %s",
							    api_person_name(&u)))));
	ics_line(&b, "X-WR-TIMEZONE:Asia/Shanghai");
	for (i = 0; i < n; i++) {
		const struct plan_row *r = items[i].row;
		const char *on = items[i].due.due && items[i].due.days_overdue > 0 ? date
				 : items[i].due.due_on[0] ? items[i].due.due_on
							  : date;
		char day[9], next[11];

		if (strcmp(on, date) < 0)
			on = date;
		calendar_add_days(on, 1, next);
		snprintf(day, sizeof(day), "%.4s%.2s%.2s", on, on + 5, on + 8);
		ics_line(&b, "BEGIN:VEVENT");
		ics_line(&b, arena_printf(&rq->arena, "UID:visit-%lld-%s@sibai",
					  (long long)r->household_id, day));
		ics_line(&b, arena_printf(&rq->arena, "DTSTAMP:%s", stamp));
		ics_line(&b, arena_printf(&rq->arena, "DTSTART;VALUE=DATE:%s", day));
		ics_line(&b, arena_printf(&rq->arena, "DTEND;VALUE=DATE:%.4s%.2s%.2s", next,
					  next + 5, next + 8));
		ics_line(&b, arena_printf(&rq->arena, "SUMMARY:%s",
					  ics_text(rq, arena_printf(&rq->arena, "走访 %s %s %s",
								    r->compound, r->building,
								    r->room))));
		ics_line(&b,
			 arena_printf(
				 &rq->arena, "DESCRIPTION:%s",
				 ics_text(rq,
					  arena_printf(&rq->arena,
						       "%s；标签：%s；上次走访：%s；逾期 %d 天",
						       reason_name(items[i].due.reason),
						       r->tags ? r->tags : "无",
						       r->last_visit_on ? r->last_visit_on : "从未",
						       items[i].due.days_overdue))));
		ics_line(&b, "TRANSP:TRANSPARENT");
		ics_line(&b, "END:VEVENT");
	}
	ics_line(&b, "END:VCALENDAR");
	rc = response_text(rs, 200, "text/calendar; charset=utf-8", b.data ? b.data : "", b.len);
	buf_clear(&b);
	response_header(rq, rs, "Cache-Control", "no-store");
	return rc;
}

/* The reception roster (330工作法). */

static int
month_range(struct request *rq, const char *month, char from[32], char to[32])
{
	int y, m;
	char tail;

	if (month == NULL || sscanf(month, "%4d-%2d%c", &y, &m, &tail) != 2 || strlen(month) != 7 ||
	    m < 1 || m > 12 || y < 2000 || y > 2100)
		return SB_BAD_FIELD;
	snprintf(from, 32, "%04d-%02d-01", y, m);
	snprintf(to, 32, "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	calendar_add_days(to, -1, to);
	(void)rq;
	return SB_OK;
}

static json_t *
roster_json(const struct roster_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:s, s:b}", "date", l->items[i].date,
						   "worker_id", (json_int_t)l->items[i].worker_id,
						   "worker_name", l->items[i].worker_name, "edited",
						   l->items[i].edited));
	return a;
}

/* GET /api/v1/reception/roster?committee_code=&month=YYYY-MM */
int
api_roster_get(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	const char *month = request_query(rq, "month");
	struct roster_list l;
	char from[32], to[32];
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc != SB_OK)
		return rc;
	if (month == NULL)
		month = arena_strndup(&rq->arena, today_of(rq), 7);
	if (month_range(rq, month, from, to) != SB_OK)
		return request_fail(rq, SB_BAD_QUERY, "month", "month: YYYY-MM",
				    "month：须为 YYYY-MM");
	rc = store_roster_list(rq->store, committee, from, to, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:o}", "committee_code", committee, "month",
				       month, "items", roster_json(&l)));
}

static const struct jfield generate_fields[] = {
	{"committee_code", JF_STRING, true, 12, 12, false},
	{"month", JF_STRING, true, 7, 7, false},
	{NULL},
};

/* POST /api/v1/reception/roster {committee_code, month}: one worker a working
 * day, in turn, over the committee's workers; replaces that month. */
int
api_roster_generate(struct request *rq, struct response *rs)
{
	const char *committee, *month;
	struct user_list workers;
	struct roster_list l;
	char from[32], to[32], d[32];
	json_t *body = NULL;
	size_t k = 0;
	int rc;

	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, generate_fields);
	if (rc != SB_OK)
		goto out;
	committee = json_string_value(json_object_get(body, "committee_code"));
	month = json_string_value(json_object_get(body, "month"));
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc != SB_OK)
		goto out;
	if (month_range(rq, month, from, to) != SB_OK) {
		rc = request_fail(rq, SB_BAD_FIELD, "month", "month: YYYY-MM",
				  "month：须为 YYYY-MM");
		goto out;
	}
	rc = store_committee_users(rq->store, committee, ROLE_WORKER, &rq->arena, &workers);
	if (rc != SB_OK)
		goto out;
	if (workers.n == 0) {
		rc = request_fail(rq, SB_CONFLICT, "committee_code",
				  "the committee has no active worker", "本居委会没有在岗社工");
		goto out;
	}
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = store_roster_clear(rq->store, committee, from, to);
	for (memcpy(d, from, 11); rc == SB_OK && strcmp(d, to) <= 0; calendar_add_days(d, 1, d)) {
		bool work;

		rc = calendar_is_workday(rq->store, d, &work);
		if (rc != SB_OK || !work)
			continue;
		rc = store_roster_put(rq->store, committee, d, workers.items[k++ % workers.n].id,
				      false);
	}
	if (rc == SB_OK)
		rc = api_audit(rq, "generate", "roster", month, committee, NULL);
	if (rc == SB_OK)
		rc = store_roster_list(rq->store, committee, from, to, &rq->arena, &l);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK)
		rc = response_json(rs, 201,
				   json_pack("{s:s, s:s, s:o}", "committee_code", committee,
					     "month", month, "items", roster_json(&l)));
out:
	json_decref(body);
	return rc;
}

static const struct jfield duty_fields[] = {
	{"committee_code", JF_STRING, true, 12, 12, false},
	{"worker_id", JF_INT, true, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/reception/roster/{date} {committee_code, worker_id}: edits one day. */
int
api_roster_put(struct request *rq, struct response *rs)
{
	const char *date = request_param(rq, "date");
	const char *committee;
	struct user_list workers;
	struct roster_list l;
	json_t *body = NULL;
	int64_t worker;
	bool work, found = false;
	size_t i;
	int rc;

	if (!ident_date_valid(date))
		return request_fail(rq, SB_BAD_PATH, "date", "date: YYYY-MM-DD",
				    "date：须为 YYYY-MM-DD");
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, duty_fields);
	if (rc != SB_OK)
		goto out;
	committee = json_string_value(json_object_get(body, "committee_code"));
	worker = json_integer_value(json_object_get(body, "worker_id"));
	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_FIELD);
	if (rc == SB_OK)
		rc = calendar_is_workday(rq->store, date, &work);
	if (rc == SB_OK && !work)
		rc = request_fail(rq, SB_BAD_FIELD, "date", "date: not a working day",
				  "date：不是工作日");
	if (rc == SB_OK)
		rc = store_committee_users(rq->store, committee, ROLE_WORKER, &rq->arena, &workers);
	for (i = 0; rc == SB_OK && i < workers.n; i++)
		if (workers.items[i].id == worker)
			found = true;
	if (rc == SB_OK && !found)
		rc = request_fail(rq, SB_BAD_FIELD, "worker_id",
				  "worker_id: not an active worker of the committee",
				  "worker_id：不是本居委会的在岗社工");
	if (rc != SB_OK)
		goto out;
	rc = store_begin(rq->store);
	if (rc == SB_OK)
		rc = store_roster_put(rq->store, committee, date, worker, true);
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "roster", date, committee,
			       json_pack("{s:I}", "worker_id", (json_int_t)worker));
	if (rc == SB_OK)
		rc = store_roster_list(rq->store, committee, date, date, &rq->arena, &l);
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK) {
		json_t *days = roster_json(&l);

		rc = response_json(rs, 200, json_incref(json_array_get(days, 0)));
		json_decref(days);
	}
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/reception/today?committee_code=: who is on reception today. */
int
api_roster_today(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code");
	const char *date;
	struct roster_list l;
	bool work;
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc == SB_OK)
		rc = query_date(rq, "date", today_of(rq), &date);
	if (rc == SB_OK)
		rc = calendar_is_workday(rq->store, date, &work);
	if (rc == SB_OK)
		rc = store_roster_list(rq->store, committee, date, date, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:b, s:o, s:s?}", "committee_code", committee,
				       "date", date, "workday", work, "worker_id",
				       l.n ? json_integer(l.items[0].worker_id) : json_null(),
				       "worker_name", l.n ? l.items[0].worker_name : NULL));
}

/* Reports. */

/* The area of a report: a code in scope (default: the first of the caller's scope). */
static int
report_area(struct request *rq, const char **area, struct area *a)
{
	struct user u;
	int rc;

	*area = request_query(rq, "area");
	if (*area == NULL) {
		rc = store_user_by_id(rq->store, rq->user.id, &rq->arena, &u);
		if (rc != SB_OK)
			return rc;
		*area = u.nscope ? u.scope[0] : "31";
	}
	rc = store_area_get(rq->store, &rq->scope, *area, &rq->arena, a);
	if (rc == SB_NOT_FOUND)
		return request_fail(rq, rc, "area", "area: no such area in your jurisdiction",
				    "area：您的辖区内没有该区划");
	return rc;
}

static int
report_period(struct request *rq, const char **from, const char **to)
{
	char *dflt = arena_alloc(&rq->arena, 11);
	struct api_range r;
	int rc = api_query_range(rq, API_RANGE_DATES, &r);

	if (rc != SB_OK)
		return rc;
	*to = r.has_to ? arena_strdup(&rq->arena, r.to_date) : today_of(rq);
	if (r.has_from) {
		*from = arena_strdup(&rq->arena, r.from_date);
	} else {
		calendar_add_days(*to, -364, dflt);
		*from = dflt;
	}
	if (strcmp(*from, *to) > 0)
		return request_fail(rq, SB_BAD_QUERY, "to", "to: must not be before from",
				    "to：不能早于 from");
	return SB_OK;
}

struct tally {
	int64_t households, visited, residents, residents_visited, on_time;
};

struct cov_group {
	const char *key; /* an area code, a grid id, a worker id */
	struct tally t;
};

struct coverage {
	struct request *rq;
	struct arena *ar; /* the request's, or the second half's own (another thread) */
	const char *from, *to;
	int from_day, to_day; /* visit_day() */
	struct tally all;
	/* by child area (committee codes map to streets etc.) or by grid */
	struct cov_group *groups;
	size_t ngroups, capgroups;
	struct cov_group *last; /* rows come by committee: the child of the last row */
	size_t child_len;	/* the children's code length; 0: a committee's grids */
	struct cov_group *tags;
	size_t ntags, captags;
	/* per worker: worker_of[i] is the slot in workers of owners.items[i] */
	struct cov_group *workers;
	size_t nworkers;
	size_t *worker_of;
	struct assignment_list owners; /* by grid id, on the period's last day */
};

/* The index in owners of a grid's owner on the period's last day (binary
 * search), or -1. */
static ptrdiff_t
owner_of(const struct coverage *c, int64_t grid)
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

static struct cov_group *
group(struct arena *ar, struct cov_group **items, size_t *n, size_t *cap, const char *key)
{
	struct cov_group *g;
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
worker_slots(struct coverage *c)
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
add(struct tally *t, const struct coverage_row *r, bool visited, bool on_time)
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
coverage_row(const struct coverage_row *r, void *ctx)
{
	struct coverage *c = ctx;
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
	add(&c->last->t, r, p.visited, p.on_time);
	owner = r->grid_id ? owner_of(c, r->grid_id) : -1;
	if (owner >= 0)
		add(&c->workers[c->worker_of[owner]].t, r, p.visited, p.on_time);
	if (r->tags) {
		char *copy = arena_strdup(ar, r->tags), *save = NULL, *t;

		for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
			add(&group(ar, &c->tags, &c->ntags, &c->captags, t)->t, r, p.visited,
			    p.on_time);
	}
	return 0;
}

static void
tally_add(struct tally *to, const struct tally *t)
{
	to->households += t->households;
	to->visited += t->visited;
	to->residents += t->residents;
	to->residents_visited += t->residents_visited;
	to->on_time += t->on_time;
}

/* Adds the second half's tallies to c (keys are copied into c's arena). */
static void
coverage_merge(struct coverage *c, const struct coverage *h)
{
	size_t i;

	tally_add(&c->all, &h->all);
	for (i = 0; i < h->ngroups; i++)
		tally_add(
			&group(c->ar, &c->groups, &c->ngroups, &c->capgroups, h->groups[i].key)->t,
			&h->groups[i].t);
	for (i = 0; i < h->ntags; i++)
		tally_add(&group(c->ar, &c->tags, &c->ntags, &c->captags, h->tags[i].key)->t,
			  &h->tags[i].t);
	for (i = 0; i < c->nworkers; i++)
		tally_add(&c->workers[i].t, &h->workers[i].t);
}

static json_t *
tally_json(const struct tally *t)
{
	return json_pack(
		"{s:I, s:I, s:f, s:I, s:I, s:f, s:I, s:f}", "households", (json_int_t)t->households,
		"households_visited", (json_int_t)t->visited, "households_percent",
		t->households ? 100.0 * (double)t->visited / (double)t->households : 0.0,
		"residents", (json_int_t)t->residents, "residents_visited",
		(json_int_t)t->residents_visited, "residents_percent",
		t->residents ? 100.0 * (double)t->residents_visited / (double)t->residents : 0.0,
		"on_time", (json_int_t)t->on_time, "on_time_percent",
		t->households ? 100.0 * (double)t->on_time / (double)t->households : 0.0);
}

/* GET /api/v1/reports/coverage?area=&from=&to=: households and residents
 * visited at least once, on-time shares per tag under the policy, by child
 * area (or grid) and per worker. */
int
api_reports_coverage(struct request *rq, struct response *rs)
{
	struct coverage c = {.rq = rq, .ar = &rq->arena}, c2;
	struct arena ar2;
	void *ctx[2];
	const char *area;
	struct area a;
	json_t *children, *tags, *workers, *out;
	size_t i;
	int rc;

	rc = report_area(rq, &area, &a);
	if (rc == SB_OK)
		rc = report_period(rq, &c.from, &c.to);
	if (rc != SB_OK)
		return rc;
	c.child_len = strcmp(a.level, "committee") == 0	 ? 0
		      : strcmp(a.level, "street") == 0	 ? 12
		      : strcmp(a.level, "district") == 0 ? 9
							 : 6;
	rc = store_grid_owners_in_area(rq->store, &rq->scope, area, c.to, &rq->arena, &c.owners);
	if (rc == SB_OK) {
		c.from_day = visit_day(c.from);
		c.to_day = visit_day(c.to);
		if (c.from_day < 0 || c.to_day < 0)
			return request_fail(rq, SB_BAD_QUERY, c.from_day < 0 ? "from" : "to",
					    "from, to: dates from 2000 to 2179",
					    "from、to：日期须在 2000 年至 2179 年之间");
		worker_slots(&c);
		/* the second half of the committees is tallied by another thread
		 * into c2, with its own arena, then added to c */
		arena_init(&ar2);
		c2 = c;
		c2.ar = &ar2;
		c2.all = (struct tally){0};
		c2.groups = c2.tags = NULL;
		c2.ngroups = c2.capgroups = c2.ntags = c2.captags = 0;
		c2.last = NULL;
		c2.workers = arena_alloc(&ar2, (c.nworkers + 1) * sizeof(*c2.workers));
		for (i = 0; i < c.nworkers; i++)
			c2.workers[i].key = c.workers[i].key;
		ctx[0] = &c;
		ctx[1] = &c2;
		rc = store_coverage_rows(rq->store, &rq->scope, area, coverage_row, ctx);
		if (rc == SB_OK)
			coverage_merge(&c, &c2);
		arena_clear(&ar2);
	}
	if (rc != SB_OK)
		return rc;
	children = json_array();
	for (i = 0; rc == SB_OK && i < c.ngroups; i++) {
		json_t *one = tally_json(&c.groups[i].t);

		if (strncmp(c.groups[i].key, "grid:", 5) == 0) {
			int64_t gid = atoll(c.groups[i].key + 5);
			struct grid g;

			json_object_set_new(one, "grid_id", gid ? json_integer(gid) : json_null());
			if (gid &&
			    store_grid_get(rq->store, &rq->scope, gid, &rq->arena, &g) == SB_OK)
				json_object_set_new(one, "name", json_string(g.name));
			else
				json_object_set_new(one, "name", json_string("未划入网格"));
		} else {
			struct area ca;

			json_object_set_new(one, "code", json_string(c.groups[i].key));
			if (store_area_get(rq->store, &rq->scope, c.groups[i].key, &rq->arena,
					   &ca) == SB_OK)
				json_object_set_new(one, "name", json_string(ca.name));
		}
		json_array_append_new(children, one);
	}
	tags = json_array();
	for (i = 0; i < c.ntags; i++) {
		json_t *one = tally_json(&c.tags[i].t);

		json_object_set_new(one, "tag", json_string(c.tags[i].key));
		json_array_append_new(tags, one);
	}
	workers = json_array();
	for (i = 0; i < c.nworkers; i++) {
		json_t *one;
		int64_t wid = atoll(c.workers[i].key);
		size_t k;

		if (c.workers[i].t.households == 0)
			continue; /* owns only empty grids in this area */
		one = tally_json(&c.workers[i].t);

		json_object_set_new(one, "worker_id", json_integer(wid));
		for (k = 0; k < c.owners.n; k++)
			if (c.owners.items[k].worker_id == wid) {
				json_object_set_new(one, "username",
						    json_string(c.owners.items[k].worker_login));
				json_object_set_new(one, "name",
						    json_string(c.owners.items[k].worker_name));
				break;
			}
		json_array_append_new(workers, one);
	}
	out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "area", area, "name",
			a.name, "level", a.level, "from", c.from, "to", c.to, "total",
			tally_json(&c.all), "children", children, "tags", tags, "workers", workers);
	return response_json(rs, 200, out);
}

/* GET /api/v1/reports/unvisited?area=&limit=: the longest-unvisited households. */
int
api_reports_unvisited(struct request *rq, struct response *rs)
{
	struct plan_list l;
	const char *area;
	struct area a;
	json_t *items;
	size_t i;
	int limit, rc;

	rc = report_area(rq, &area, &a);
	if (rc == SB_OK)
		rc = api_query_limit(rq, &limit);
	if (rc == SB_OK)
		rc = store_area_unvisited(rq->store, &rq->scope, area, limit, &rq->arena, &l);
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++) {
		const struct plan_row *r = &l.items[i];

		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s?, s:o}", "household_id",
					 (json_int_t)r->household_id, "address",
					 arena_printf(&rq->arena, "%s %s %s", r->compound,
						      r->building, r->room),
					 "committee_code", r->committee_code, "last_visit_on",
					 r->last_visit_on, "days_since",
					 r->last_visit_on ? json_integer(calendar_days_between(
								    r->last_visit_on, today_of(rq)))
							  : json_null()));
	}
	return response_json(rs, 200, api_page(items, NULL));
}

struct reception_tally {
	struct store *st;
	struct arena *ar;
	json_t *workers;
	int rc;
};

static int
reception_day(int64_t worker, const char *login, const char *name, const char *date, int visits,
	      int before, void *ctx)
{
	struct reception_tally *t = ctx;
	char key[32];
	json_t *w;
	bool work;

	t->rc = calendar_is_workday(t->st, date, &work);
	if (t->rc != SB_OK)
		return 1;
	if (!work)
		return 0;
	snprintf(key, sizeof(key), "%lld", (long long)worker);
	w = json_object_get(t->workers, key);
	if (w == NULL) {
		w = json_pack("{s:I, s:s, s:s, s:i, s:i}", "worker_id", (json_int_t)worker,
			      "username", login, "name", name, "visits", 0, "before_1530", 0);
		json_object_set_new(t->workers, key, w);
	}
	json_object_set_new(
		w, "visits",
		json_integer(json_integer_value(json_object_get(w, "visits")) + visits));
	json_object_set_new(
		w, "before_1530",
		json_integer(json_integer_value(json_object_get(w, "before_1530")) + before));
	return 0;
}

/* GET /api/v1/reports/reception?area=&from=&to=: per worker, how much of the
 * visiting on working days falls before 15:30 (Asia/Shanghai). */
int
api_reports_reception(struct request *rq, struct response *rs)
{
	struct reception_tally t = {.st = rq->store, .ar = &rq->arena};
	const char *area, *from, *to, *key;
	struct area a;
	json_t *items, *w;
	int rc;

	rc = report_area(rq, &area, &a);
	if (rc == SB_OK)
		rc = report_period(rq, &from, &to);
	if (rc != SB_OK)
		return rc;
	t.workers = json_object();
	rc = store_visit_day_counts(rq->store, &rq->scope, area, from, to, reception_day, &t);
	if (rc != SB_OK || t.rc != SB_OK) {
		json_decref(t.workers);
		return rc != SB_OK && rc != 1 ? rc : t.rc;
	}
	items = json_array();
	json_object_foreach (t.workers, key, w) {
		json_int_t v = json_integer_value(json_object_get(w, "visits"));
		json_int_t b = json_integer_value(json_object_get(w, "before_1530"));

		json_object_set_new(w, "before_1530_percent",
				    json_real(v ? 100.0 * (double)b / (double)v : 0.0));
		json_array_append(items, w);
	}
	json_decref(t.workers);
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:s, s:o}", "area", area, "from", from, "to", to,
				       "items", items));
}

/* The calendar. */

/* GET /api/v1/calendar?from=&to=: the exceptions to Monday–Friday. */
int
api_calendar_list(struct request *rq, struct response *rs)
{
	struct calendar_list l;
	struct api_range r;
	const char *today = today_of(rq);
	json_t *items;
	size_t i;
	int rc;

	rc = api_query_whole_list(rq);
	if (rc == SB_OK)
		rc = api_query_range(rq, API_RANGE_DATES, &r);
	if (rc == SB_OK) {
		if (!r.has_from)
			snprintf(r.from_date, sizeof(r.from_date), "%.4s-01-01", today);
		if (!r.has_to)
			snprintf(r.to_date, sizeof(r.to_date), "%.4s-12-31", today);
		rc = store_calendar_list(rq->store, r.from_date, r.to_date, &rq->arena, &l);
	}
	if (rc != SB_OK)
		return rc;
	items = json_array();
	for (i = 0; i < l.n; i++)
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:s}", "date", l.items[i].date, "kind",
						l.items[i].kind, "name", l.items[i].name));
	return response_json(rs, 200, api_page(items, NULL));
}

static const struct jfield day_fields[] = {
	{"kind", JF_STRING, true, 1, 10, true},
	{"name", JF_STRING, false, 1, 30, false},
	{NULL},
};

/* PUT /api/v1/calendar/{date} {kind: holiday|workday|null, name} (admin). */
int
api_calendar_put(struct request *rq, struct response *rs)
{
	const char *date = request_param(rq, "date");
	json_t *body = NULL, *kind;
	const char *name;
	int rc;

	if (!ident_date_valid(date))
		return request_fail(rq, SB_BAD_PATH, "date", "date: YYYY-MM-DD",
				    "date：须为 YYYY-MM-DD");
	rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, day_fields);
	if (rc != SB_OK)
		goto out;
	kind = json_object_get(body, "kind");
	name = json_string_value(json_object_get(body, "name"));
	if (json_is_string(kind) && strcmp(json_string_value(kind), "holiday") != 0 &&
	    strcmp(json_string_value(kind), "workday") != 0) {
		rc = request_fail(rq, SB_BAD_FIELD, "kind", "kind: holiday, workday or null",
				  "kind：须为 holiday、workday 或 null");
		goto out;
	}
	rc = store_begin(rq->store);
	if (rc != SB_OK)
		goto out;
	rc = json_is_null(kind) ? store_calendar_delete(rq->store, date)
				: store_calendar_put(rq->store, date, json_string_value(kind),
						     name ? name : "");
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "calendar", date, "31", json_deep_copy(body));
	if (rc == SB_OK)
		rc = store_commit(rq->store);
	else
		store_rollback(rq->store);
	if (rc == SB_OK) {
		bool work;

		rc = calendar_is_workday(rq->store, date, &work);
		if (rc == SB_OK)
			rc = response_json(rs, 200,
					   json_pack("{s:s, s:b}", "date", date, "workday", work));
	}
out:
	json_decref(body);
	return rc;
}

static const struct jfield capacity_fields[] = {
	{"households_per_day", JF_INT, true, 0, 0, false},
	{NULL},
};

/* PUT /api/v1/workers/{id}/plan {households_per_day}: a worker's daily
 * capacity, set by the committee head. */
int
api_workers_plan_put(struct request *rq, struct response *rs)
{
	json_t *body = NULL;
	json_int_t n;
	struct user w;
	int64_t id;
	int rc;

	rc = request_param_id(rq, "id", &id);
	if (rc == SB_OK)
		rc = store_user_get(rq->store, &rq->scope, id, &rq->arena, &w);
	if (rc == SB_OK && w.role != ROLE_WORKER)
		rc = SB_NOT_FOUND; /* a capacity is a worker's */
	if (rc == SB_OK)
		rc = json_body(rq, &body);
	if (rc == SB_OK)
		rc = json_validate(rq, body, capacity_fields);
	if (rc != SB_OK)
		goto out;
	n = json_integer_value(json_object_get(body, "households_per_day"));
	if (n < 1 || n > PLAN_CAPACITY_MAX) {
		rc = request_fail(rq, SB_BAD_FIELD, "households_per_day",
				  "households a day: 1 to 60", "每日走访户数须为 1 至 60");
		goto out;
	}
	rc = store_begin(rq->store);
	if (rc == SB_OK)
		rc = store_plan_capacity_set(rq->store, id, (int)n);
	if (rc == SB_OK)
		rc = api_audit(rq, "update", "worker_plan",
			       arena_printf(&rq->arena, "%lld", (long long)id),
			       w.nscope ? w.scope[0] : NULL,
			       json_pack("{s:I}", "households_per_day", n));
	rc = store_end(rq->store, rc);
	if (rc == SB_OK)
		rc = response_json(rs, 200,
				   json_pack("{s:I, s:I}", "worker_id", (json_int_t)id,
					     "households_per_day", n));
out:
	json_decref(body);
	return rc;
}

/* GET /api/v1/reports/plan?committee_code=&date=: each worker's day: the
 * capacity, how many are due, in today's walk, and behind (due, and not in
 * today's walk), most behind first. */
struct behind_row {
	const struct user *worker;
	struct walk_day day;
};

static int
most_behind(const void *a, const void *b)
{
	const struct behind_row *x = a, *y = b;
	size_t bx = x->day.due - x->day.k, by = y->day.due - y->day.k;

	if (bx != by)
		return bx < by ? 1 : -1;
	return strcmp(x->worker->username, y->worker->username);
}

int
api_reports_plan(struct request *rq, struct response *rs)
{
	const char *committee = request_query(rq, "committee_code"), *date;
	struct user_list workers;
	struct behind_row *rows;
	json_t *items;
	size_t i;
	int rc;

	rc = api_committee_in_scope(rq, committee, "committee_code", SB_BAD_QUERY);
	if (rc == SB_OK)
		rc = query_date(rq, "date", today_of(rq), &date);
	if (rc == SB_OK)
		rc = store_committee_users(rq->store, committee, ROLE_WORKER, &rq->arena, &workers);
	if (rc != SB_OK)
		return rc;
	rows = arena_alloc(&rq->arena, (workers.n + 1) * sizeof(*rows));
	for (i = 0; rc == SB_OK && i < workers.n; i++) {
		rows[i].worker = &workers.items[i];
		rc = plan_walk(rq, workers.items[i].id, date, &rows[i].day);
	}
	if (rc != SB_OK)
		return rc;
	if (workers.n > 1)
		qsort(rows, workers.n, sizeof(*rows), most_behind);
	items = json_array();
	for (i = 0; i < workers.n; i++) {
		const struct walk_day *d = &rows[i].day;

		json_array_append_new(
			items,
			json_pack("{s:I, s:s, s:s, s:i, s:I, s:I, s:I, s:I}", "worker_id",
				  (json_int_t)rows[i].worker->id, "username",
				  rows[i].worker->username, "name", api_person_name(rows[i].worker),
				  "households_per_day", d->capacity, "due", (json_int_t)d->due,
				  "overdue", (json_int_t)d->overdue, "today", (json_int_t)d->k,
				  "behind", (json_int_t)(d->due - d->k)));
	}
	return response_json(rs, 200,
			     json_pack("{s:s, s:s, s:o}", "committee_code", committee, "date", date,
				       "items", items));
}
