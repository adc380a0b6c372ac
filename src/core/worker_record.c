/* The worker's record as the API reads and writes it (core/worker_record.h),
 * moved here from api/api_record.c. */

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/ident.h"
#include "core/worker_record.h"
#include "store/campaigns.h"

static const char *const weight_names[RK_COUNT] = {
	[RK_VISIT] = "visit_on_time",		[RK_ISSUE_TAKEN] = "issue_taken",
	[RK_ISSUE_RESOLVED] = "issue_resolved", [RK_SATISFACTION] = "satisfaction",
	[RK_CAMPAIGN_TASK] = "campaign_task",	[RK_TRAINING] = "training_hour",
};

const char *
record_weight_name(enum record_kind k)
{
	if ((int)k < 0 || k >= RK_COUNT)
		return "";
	return weight_names[k];
}

/* The district of a user (from its first scope code); NULL when above one. */
static int
user_district(struct store *st, const struct scope *sc, int64_t user_id, struct arena *ar,
	      const char **district)
{
	struct user u;
	int rc;

	*district = NULL;
	rc = store_user_get(st, sc, user_id, ar, &u);
	if (rc == SB_NOT_FOUND) {
		/* the caller itself, seen without its own scope's restriction */
		struct scope self = {.user_id = user_id, .role = sc->role};

		rc = store_user_get(st, &self, user_id, ar, &u);
	}
	if (rc != SB_OK || u.nscope == 0)
		return rc;
	return store_area_ancestor(st, u.scope[0], "district", ar, district);
}

int
record_weights_find(struct store *st, const struct scope *sc, const char *code, bool write,
		    struct arena *ar)
{
	const char *mine = NULL;
	struct area a;
	int rc;

	rc = store_area_get(st, sc, code, ar, &a);
	if (rc == SB_OK)
		return strcmp(a.level, "district") == 0 ? SB_OK : SB_NOT_FOUND;
	if (rc != SB_NOT_FOUND || write)
		return rc;
	rc = user_district(st, sc, sc->user_id, ar, &mine);
	if (rc == SB_OK && (mine == NULL || strcmp(mine, code) != 0))
		rc = SB_NOT_FOUND;
	return rc;
}

int
record_weights_read(struct store *st, const struct scope *sc, const char *code, struct arena *ar,
		    struct record_weights *w, int *per_worker)
{
	int rc = record_weights_find(st, sc, code, false, ar);

	if (rc == SB_OK)
		rc = store_record_weights(st, code, w, per_worker);
	return rc;
}

int
record_weights_change(struct store *st, const struct scope *sc, const struct actor *who,
		      const char *code, const struct record_weights_change *c, struct arena *ar,
		      struct record_weights *w, int *per_worker, struct sb_fail *fail)
{
	json_t *detail;
	int i, rc;

	rc = record_weights_find(st, sc, code, true, ar);
	if (rc == SB_OK)
		rc = store_record_weights(st, code, w, per_worker);
	if (rc != SB_OK)
		return rc;
	detail = json_object();
	for (i = 0; i < RK_COUNT; i++) {
		if (!c->has[i])
			continue;
		if (c->w[i] < 0 || c->w[i] > 1000) {
			json_decref(detail);
			return sb_fail(fail, SB_BAD_FIELD, weight_names[i],
				       arena_printf(ar, "%s: a weight from 0 to 1000; not negative",
						    weight_names[i]),
				       arena_printf(ar, "%s：权重须为 0 至 1000，不能为负",
						    weight_names[i]));
		}
		w->w[i] = (int)c->w[i];
		json_object_set_new(detail, weight_names[i], json_integer(c->w[i]));
	}
	if (c->has_per_worker && (c->per_worker < 1 || c->per_worker > 100000)) {
		json_decref(detail);
		return sb_fail(fail, SB_BAD_FIELD, "households_per_worker",
			       "households_per_worker: 1 to 100000",
			       "households_per_worker：须为 1 至 100000");
	}
	if (c->has_per_worker) {
		*per_worker = (int)c->per_worker;
		json_object_set_new(detail, "households_per_worker", json_integer(c->per_worker));
	}
	rc = store_begin(st);
	if (rc != SB_OK) {
		json_decref(detail);
		return rc;
	}
	rc = store_record_weights_put(st, code, w, *per_worker, who->now);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "record_weights", code, code, detail);
	else
		json_decref(detail);
	return store_end(st, rc);
}

int
record_training_add(struct store *st, const struct scope *sc, const struct actor *who,
		    int64_t worker_id, const char *date, int64_t hours, const char *topic,
		    struct arena *ar, int64_t *id, struct sb_fail *fail)
{
	const char *street = NULL, *area;
	struct user u;
	int rc;

	*id = 0;
	rc = store_user_get(st, sc, worker_id, ar, &u);
	if (rc == SB_NOT_FOUND ||
	    (rc == SB_OK &&
	     ((u.role != ROLE_WORKER && u.role != ROLE_COMMITTEE_HEAD) || u.nscope == 0)))
		return sb_fail(fail, SB_BAD_FIELD, "worker_id",
			       "worker_id: not a worker in your jurisdiction",
			       "worker_id：不是您辖区内的社工");
	if (rc != SB_OK)
		return rc;
	if (!ident_date_valid(date))
		return sb_fail(fail, SB_BAD_FIELD, "date", "date: a date YYYY-MM-DD",
			       "date：须为日期 YYYY-MM-DD");
	if (hours < 1 || hours > 24)
		return sb_fail(fail, SB_BAD_FIELD, "hours", "hours: 1 to 24",
			       "hours：须为 1 至 24");
	rc = store_area_ancestor(st, u.scope[0], "street", ar, &street);
	if (rc != SB_OK)
		return rc;
	area = street ? street : u.scope[0];
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_training_insert(st, sc, worker_id, area, date, (int)hours, topic, who->user_id,
				   who->now, id);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "training",
			       arena_printf(ar, "%lld", (long long)*id), area,
			       json_pack("{s:I, s:s, s:I, s:s}", "worker_id", (json_int_t)worker_id,
					 "date", date, "hours", (json_int_t)hours, "topic", topic));
	return store_end(st, rc);
}

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int
record_of_worker(struct store *st, const struct scope *sc, int64_t worker_id, const char *month,
		 const char *year, struct arena *ar, struct worker_record *out,
		 struct sb_fail *fail)
{
	struct record_source *src;
	struct record_row *rows;
	const char *district = NULL, *from, *to;
	int *points, per;
	struct user u;
	size_t n, i;
	int rc;

	memset(out, 0, sizeof(*out));
	/* A worker sees its own record only; a head or the street their workers'. */
	if (sc->role < ROLE_COMMITTEE_HEAD && worker_id != sc->user_id)
		return SB_NOT_FOUND;
	rc = worker_id == sc->user_id ? SB_OK : store_user_get(st, sc, worker_id, ar, &u);
	if (rc == SB_OK && worker_id != sc->user_id && u.role != ROLE_WORKER &&
	    u.role != ROLE_COMMITTEE_HEAD)
		rc = SB_NOT_FOUND;
	if (rc != SB_OK)
		return rc;
	if ((month == NULL) == (year == NULL))
		return sb_fail(fail, SB_BAD_QUERY, month ? "year" : "month",
			       "month=YYYY-MM or year=YYYY, one of them",
			       "须给出 month=YYYY-MM 或 year=YYYY 之一");
	if (month && (strlen(month) != 7 || !digits(month, 4) || month[4] != '-' ||
		      !digits(month + 5, 2) || atoi(month + 5) < 1 || atoi(month + 5) > 12))
		return sb_fail(fail, SB_BAD_QUERY, "month", "month: YYYY-MM",
			       "month：须为 YYYY-MM");
	if (year && (strlen(year) != 4 || !digits(year, 4)))
		return sb_fail(fail, SB_BAD_QUERY, "year", "year: YYYY", "year：须为 YYYY");
	from = month ? arena_printf(ar, "%s-01", month) : arena_printf(ar, "%s-01-01", year);
	to = month ? arena_printf(ar, "%s-31", month) : arena_printf(ar, "%s-12-31", year);
	rc = user_district(st, sc, worker_id, ar, &district);
	out->district = district ? district : "";
	if (rc == SB_OK)
		rc = store_record_weights(st, out->district, &out->weights, &per);
	if (rc == SB_OK)
		rc = store_record_rows(st, worker_id, from, to, ar, &rows, &n);
	if (rc != SB_OK)
		return rc;
	src = arena_alloc(ar, (n + 1) * sizeof(*src));
	points = arena_alloc(ar, (n + 1) * sizeof(*points));
	for (i = 0; i < n; i++) {
		src[i] = rows[i].src;
		if (src[i].kind == RK_VISIT)
			src[i].value = record_visit_on_time(rows[i].interval, rows[i].prev,
							    rows[i].prev_follow_up, src[i].date);
	}
	record_sum(&out->weights, src, n, &out->total, points);
	if (year)
		record_by_month(&out->weights, src, n, out->months);
	out->sources = src;
	out->points = points;
	out->n = n;
	return SB_OK;
}
