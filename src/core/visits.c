#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/grids.h" /* committee_row_check */
#include "core/ident.h"
#include "core/register.h"
#include "core/visits.h"
#include "store/people.h" /* store_helper_has_household */
#include "util/clock.h"

struct due
visit_due(int interval, const char *last, const char *follow_up, const char *today)
{
	struct due d = {.reason = DUE_NEVER};

	if (interval <= 0)
		interval = VISIT_DEFAULT_INTERVAL;
	if (last == NULL || last[0] == '\0') {
		d.due = true;
		d.days_overdue = 0;
		if (follow_up && follow_up[0]) {
			memcpy(d.due_on, follow_up, 11);
			d.reason = DUE_FOLLOW_UP;
			d.due = strcmp(follow_up, today) <= 0;
			d.days_overdue = d.due ? calendar_days_between(follow_up, today) : 0;
		}
		return d;
	}
	calendar_add_days(last, interval, d.due_on);
	d.reason = DUE_INTERVAL;
	if (follow_up && follow_up[0] && strcmp(follow_up, d.due_on) < 0 &&
	    strcmp(follow_up, last) > 0) {
		memcpy(d.due_on, follow_up, 11);
		d.reason = DUE_FOLLOW_UP;
	}
	d.due = strcmp(d.due_on, today) <= 0;
	d.days_overdue = d.due ? calendar_days_between(d.due_on, today) : 0;
	return d;
}

struct visit_period
visit_period(const unsigned char *days, size_t n, int from, int to, int interval)
{
	struct visit_period p = {.visited = false, .on_time = false};
	int at = from;
	bool ok = true;
	size_t i = 0;

	if (interval <= 0)
		interval = VISIT_DEFAULT_INTERVAL;
	/* from the last visit before the period, else from its first day */
	for (; i < n && days[2 * i] + 256 * days[2 * i + 1] < from; i++)
		at = days[2 * i] + 256 * days[2 * i + 1];
	for (; i < n && ok; i++) {
		int d = days[2 * i] + 256 * days[2 * i + 1];

		if (d > to)
			break;
		p.visited = true;
		ok = d - at <= interval;
		at = d;
	}
	p.on_time = ok && to - at <= interval;
	return p;
}

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

int
visit_natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (digit(*a) && digit(*b)) {
			const char *sa, *sb;
			size_t la, lb;

			while (*a == '0' && digit(a[1]))
				a++;
			while (*b == '0' && digit(b[1]))
				b++;
			sa = a;
			sb = b;
			while (digit(*a))
				a++;
			while (digit(*b))
				b++;
			la = (size_t)(a - sa);
			lb = (size_t)(b - sb);
			if (la != lb)
				return la < lb ? -1 : 1;
			if (memcmp(sa, sb, la) != 0)
				return memcmp(sa, sb, la) < 0 ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

int
visit_walk_cmp(const struct walk_key *a, const struct walk_key *b)
{
	int c = visit_natural_cmp(a->compound, b->compound);

	if (c == 0)
		c = visit_natural_cmp(a->building, b->building);
	if (c == 0 && a->floor != b->floor) {
		if (a->floor == INT_MIN)
			return 1;
		if (b->floor == INT_MIN)
			return -1;
		c = a->floor < b->floor ? -1 : 1;
	}
	if (c == 0)
		c = visit_natural_cmp(a->room, b->room);
	return c;
}

/* The visit log. */

static const char *const channels[] = {"home", "phone", "street", "office", "online", NULL};

static bool
one_of(const char *v, const char *const *values)
{
	for (; *values; values++)
		if (strcmp(*values, v) == 0)
			return true;
	return false;
}

/* ids as the JSON array text a visit keeps ("[1,2]"), in the arena. */
static const char *
ids_text(const int64_t *ids, size_t n, struct arena *ar)
{
	json_t *a = json_array();
	const char *out;
	char *text;
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	text = json_dumps(a, JSON_COMPACT);
	out = arena_strdup(ar, text ? text : "[]");
	free(text);
	json_decref(a);
	return out;
}

/* The residents met are of the visit's household. */
static int
residents_of_household(struct store *st, const struct scope *sc, const struct visit_input *in,
		       int64_t household, struct arena *ar, struct sb_fail *fail)
{
	size_t i;
	int rc;

	for (i = 0; i < in->nresidents_met; i++) {
		struct store_col col = {.name = "household_id"};
		long long id = (long long)in->residents_met[i];

		rc = store_row_get(st, sc, "resident", in->residents_met[i], &col, 1, ar);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && col.i != household))
			return sb_refuse(
				fail, ar, SB_BAD_FIELD, "residents_met",
				arena_printf(ar, "resident %lld is not of this household", id),
				arena_printf(ar, "居民 %lld 不是本户成员", id));
		if (rc != SB_OK)
			return rc;
	}
	return SB_OK;
}

/* When the visit was: visited_at given, or as it was; then its day and minute. */
static int
visit_time(const struct visit_input *in, int64_t now, struct arena *ar, struct visit *v,
	   struct sb_fail *fail)
{
	char day[CLOCK_DATE_LEN];

	if (in->visited_at) {
		if (!clock_parse_time(in->visited_at, &v->visited_at))
			return sb_refuse(fail, ar, SB_BAD_FIELD, "visited_at",
					 "an RFC 3339 time such as 2026-11-22T09:30:00+08:00",
					 "须为 RFC 3339 时间，如 2026-11-22T09:30:00+08:00");
		if (v->visited_at > now + 300)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "visited_at",
					 "must not be in the future", "不能晚于现在");
		if (v->visited_at < now - 5LL * 366 * 86400)
			return sb_refuse(fail, ar, SB_BAD_FIELD, "visited_at",
					 "more than five years ago", "早于五年前");
	}
	clock_shanghai_date(v->visited_at, day);
	v->visited_on = arena_strdup(ar, day);
	v->minute_of_day = clock_shanghai_minute(v->visited_at);
	return SB_OK;
}

int
visit_prepare(struct store *st, const struct scope *sc, const struct visit_input *in, bool creating,
	      int64_t now, struct arena *ar, struct visit *v, struct rvalue **household,
	      struct sb_fail *fail)
{
	struct rvalue *values;
	size_t i;
	int rc;

	if (creating) {
		v->household_id = in->household_id;
		v->visited_at = now;
	} else if (in->has_household_id && in->household_id != v->household_id) {
		return sb_refuse(fail, ar, SB_BAD_FIELD, "household_id",
				 "a visit stays with its household", "走访记录不能更换户");
	}
	rc = register_get(st, sc, &entity_household, v->household_id, ar, &values);
	if (rc == SB_NOT_FOUND)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "household_id",
				 "no such household in your jurisdiction", "您的辖区内没有该户");
	if (rc != SB_OK)
		return rc;
	if (household)
		*household = values;
	v->committee_code = values[entity_field(&entity_household, "committee_code")].s;
	rc = visit_time(in, now, ar, v, fail);
	if (rc != SB_OK)
		return rc;
	if (in->channel) {
		if (!one_of(in->channel, channels))
			return sb_refuse(fail, ar, SB_BAD_FIELD, "channel",
					 "home, phone, street, office or online",
					 "须为 home、phone、street、office 或 online");
		v->channel = arena_strdup(ar, in->channel);
	}
	if (in->has_follow_up_on) {
		v->follow_up_on = in->follow_up_on ? arena_strdup(ar, in->follow_up_on) : NULL;
		if (v->follow_up_on && !ident_date_valid(v->follow_up_on))
			return sb_refuse(fail, ar, SB_BAD_FIELD, "follow_up_on",
					 "a date written YYYY-MM-DD", "须为 YYYY-MM-DD 格式的日期");
	}
	if (v->follow_up_on && strcmp(v->follow_up_on, v->visited_on) < 0)
		return sb_refuse(fail, ar, SB_BAD_FIELD, "follow_up_on",
				 "must not be before the visit", "不能早于走访日期");
	if (in->has_residents_met) {
		rc = residents_of_household(st, sc, in, v->household_id, ar, fail);
		if (rc != SB_OK)
			return rc;
		v->residents_met = ids_text(in->residents_met, in->nresidents_met, ar);
	}
	if (in->has_issue_ids) {
		for (i = 0; i < in->nissue_ids; i++) {
			rc = committee_check_row(st, sc, "issue", v->committee_code, "issue_ids",
						 in->issue_ids[i], ar, fail);
			if (rc != SB_OK)
				return rc;
		}
		v->issue_ids = ids_text(in->issue_ids, in->nissue_ids, ar);
	}
	return SB_OK;
}

int
visit_may_record(struct store *st, const struct visit *v, int64_t worker, enum role role,
		 int64_t helper, struct arena *ar, struct sb_fail *fail)
{
	/* On reception that day: the committee's roster as the worker sees it
	 * (a worker on a committee's roster serves it; the caller's scope is
	 * not passed here, and the import calls this for its rows' workers). */
	const struct scope of_worker = {.user_id = worker, .role = role};
	struct roster_list duty;
	bool owns = false;
	int rc;

	if (role >= ROLE_COMMITTEE_HEAD)
		return SB_OK;
	if (role == ROLE_HELPER && v->issue_ids && strcmp(v->issue_ids, "[]") != 0)
		return sb_fail(fail, SB_FORBIDDEN, "issue_ids",
			       "issue_ids: a helper reports a problem instead of linking issues",
			       "issue_ids：楼组长、志愿者请直接上报问题，不能关联诉求");
	if (role == ROLE_HELPER) { /* a building leader: the households of its buildings */
		const struct scope of_helper = {.user_id = helper, .role = ROLE_HELPER};

		rc = store_helper_has_household(st, &of_helper, v->household_id, &owns);
		if (rc != SB_OK || owns)
			return rc;
		return sb_fail(fail, SB_BAD_FIELD, "household_id",
			       "household_id: not in your buildings",
			       "household_id：不在您负责的楼栋内");
	}
	/* whose grids count: the worker's own (of_worker, above) */
	rc = store_worker_owns(st, &of_worker, v->household_id, v->visited_on, &owns);
	if (rc != SB_OK || owns)
		return rc;
	rc = store_roster_list(st, &of_worker, v->committee_code, v->visited_on, v->visited_on, ar,
			       &duty);
	if (rc == SB_OK && duty.n == 1 && duty.items[0].worker_id == worker)
		return SB_OK;
	if (rc != SB_OK)
		return rc;
	return sb_fail(
		fail, SB_FORBIDDEN, "household_id",
		"household_id: not in your grids on that day (and you were not on reception)",
		"household_id：该户当天不在您负责的网格内（且您当天不值首问接待）");
}

int
visit_add(struct store *st, const struct scope *sc, const struct visit *v, int64_t *id)
{
	struct visit_ref ref;
	int rc = store_visit_insert(st, sc, v, &ref);

	if (rc == SB_OK)
		rc = store_household_visit_refresh(st, &ref);
	*id = ref.id;
	return rc;
}

int
visit_create(struct store *st, const struct scope *sc, const struct actor *who, enum role role,
	     const struct visit_input *in, struct visit *v, struct arena *ar, struct visit *saved,
	     struct sb_fail *fail)
{
	int64_t id = 0;
	int rc;

	rc = visit_prepare(st, sc, in, true, who->now, ar, v, NULL, fail);
	if (rc == SB_OK)
		rc = visit_may_record(st, v, who->user_id, role, who->user_id, ar, fail);
	if (rc != SB_OK)
		return rc;
	v->worker_id = who->user_id;
	v->created_at = v->updated_at = who->now;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_end(st, visit_add(st, sc, v, &id));
	/* read back after the commit: the writer is not held for it */
	if (rc == SB_OK)
		rc = store_visit_get(st, sc, id, ar, saved);
	return rc;
}

int
visit_get(struct store *st, const struct scope *sc, int64_t id, struct arena *ar, struct visit *out)
{
	return store_visit_get(st, sc, id, ar, out);
}

int
visit_list(struct store *st, const struct scope *sc, const struct visit_filter *f, struct arena *ar,
	   struct visit_list *out)
{
	return store_visit_list(st, sc, f, ar, out);
}

int
visit_history(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
	      struct change_list *out)
{
	struct visit v;
	int rc = store_visit_get(st, sc, id, ar, &v);

	if (rc == SB_OK)
		rc = store_visit_changes(st, &v.ref, ar, out);
	return rc;
}

int
visit_find_to_correct(struct store *st, const struct scope *sc, const struct actor *who, int64_t id,
		      struct arena *ar, struct visit *out, struct sb_fail *fail)
{
	int rc = store_visit_get(st, sc, id, ar, out);

	if (rc != SB_OK)
		return rc;
	if (out->worker_id != who->user_id)
		return sb_fail(fail, SB_FORBIDDEN, NULL,
			       "only the worker who recorded a visit may correct it",
			       "只有记录走访的社工本人可以更正");
	if (who->now - out->created_at > 24 * 3600)
		return sb_fail(fail, SB_CONFLICT, NULL,
			       "a visit can be corrected for 24 hours only",
			       "走访记录只能在 24 小时内更正");
	return SB_OK;
}

/* A text member of a correction's record: the string, or null. */
static json_t *
text_value(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A JSON array text kept with a visit, as the API shows it ([] when none). */
static json_t *
list_value(const char *s)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;

	return j ? j : json_array();
}

static json_t *
time_value(int64_t t)
{
	char s[CLOCK_UTC_LEN];

	clock_format_utc(t, s);
	return json_string(s);
}

/* Adds {key: {old, new}} to changes when the two differ; takes both. */
static void
compare(json_t *changes, const char *key, json_t *before, json_t *after)
{
	if (!json_equal(before, after))
		json_object_set_new(changes, key,
				    json_pack("{s:O, s:O}", "old", before, "new", after));
	json_decref(before);
	json_decref(after);
}

/* What a correction changed, member by member as the API shows a visit:
 * only these can change (the household, worker and times of creation stay). */
static json_t *
visit_changes(const struct visit *a, const struct visit *b)
{
	json_t *changes = json_object();

	compare(changes, "visited_at", time_value(a->visited_at), time_value(b->visited_at));
	compare(changes, "visited_on", text_value(a->visited_on), text_value(b->visited_on));
	compare(changes, "channel", text_value(a->channel), text_value(b->channel));
	compare(changes, "residents_met", list_value(a->residents_met),
		list_value(b->residents_met));
	compare(changes, "observed", text_value(a->observed), text_value(b->observed));
	compare(changes, "heard", text_value(a->heard), text_value(b->heard));
	compare(changes, "asked", text_value(a->asked), text_value(b->asked));
	compare(changes, "needs", text_value(a->needs), text_value(b->needs));
	compare(changes, "follow_up_on", text_value(a->follow_up_on), text_value(b->follow_up_on));
	compare(changes, "issue_ids", list_value(a->issue_ids), list_value(b->issue_ids));
	compare(changes, "services", list_value(a->services), list_value(b->services));
	return changes;
}

int
visit_correct(struct store *st, const struct scope *sc, const struct actor *who,
	      const struct visit *old, const struct visit_input *in, struct visit *v,
	      struct arena *ar, struct visit *saved, struct sb_fail *fail)
{
	json_t *changes = NULL;
	char *text = NULL;
	int rc;

	rc = visit_prepare(st, sc, in, false, who->now, ar, v, NULL, fail);
	if (rc != SB_OK)
		return rc;
	v->updated_at = who->now;
	changes = visit_changes(old, v);
	rc = store_begin(st);
	if (rc != SB_OK)
		goto out;
	if (json_object_size(changes) > 0) {
		text = json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS);
		rc = store_visit_update(st, &old->ref, v);
		if (rc == SB_OK)
			rc = store_visit_change_add(st, &old->ref, who->now, who->user_id,
						    who->username, text);
		if (rc == SB_OK)
			rc = store_household_visit_refresh(st, &old->ref);
	}
	if (rc == SB_OK)
		rc = store_visit_get(st, sc, old->id, ar, saved);
	rc = store_end(st, rc);
out:
	free(text);
	json_decref(changes);
	return rc;
}

int
visit_policy_get(struct store *st, const struct scope *sc, const char *committee, struct arena *ar,
		 struct policy_list *out)
{
	return store_policy_list(st, sc, committee, ar, out);
}

int
visit_policy_set(struct store *st, const struct scope *sc, const struct actor *who,
		 const char *committee, const char *tag, bool clear, int64_t days, struct arena *ar,
		 struct sb_fail *fail)
{
	struct tag t;
	int rc;

	if (strcmp(tag, "*") != 0) {
		rc = store_tag_find(st, tag, committee, ar, &t);
		if (rc == SB_NOT_FOUND || (rc == SB_OK && strcmp(t.category, "derived") == 0))
			return sb_refuse(fail, ar, SB_BAD_FIELD, "tag",
					 "no such tag for this committee", "本居委会没有该标签");
		if (rc != SB_OK)
			return rc;
	}
	if (!clear && (days < 1 || days > 3660))
		return sb_refuse(fail, ar, SB_BAD_FIELD, "interval_days", "1 to 3660 days",
				 "须为 1 至 3660 天");
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = clear ? store_policy_delete(st, sc, committee, tag)
		   : store_policy_put(st, sc, committee, tag, (int)days);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "visit_policy", tag, committee,
			       clear ? json_pack("{s:s, s:s, s:n}", "committee_code", committee,
						 "tag", tag, "interval_days")
				     : json_pack("{s:s, s:s, s:I}", "committee_code", committee,
						 "tag", tag, "interval_days", (json_int_t)days));
	return store_end(st, rc);
}
