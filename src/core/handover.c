/* Hand-over (docs/accounts.md, "Hand-over"): when a worker leaves or is away,
 * one action gives everything they carry in the committee to another worker
 * of it: the grids (and with them the households' visits and follow-ups), the
 * open issues assigned to them, the duties not yet done and the reception
 * days ahead.  What was done stays as it was: an assignment that ran ends
 * yesterday and the new one starts today, so the history says who had the
 * grid on which day; each issue records an "assign" event. */

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/accounts.h"
#include "core/calendar.h"
#include "core/issues.h"
#include "store/campaigns.h"
#include "util/clock.h"

static int
refuse(struct sb_fail *fail, struct arena *ar, const char *en, const char *zh)
{
	return sb_fail(fail, SB_BAD_FIELD, "to_user_id", arena_printf(ar, "to_user_id: %s", en),
		       arena_printf(ar, "to_user_id：%s", zh));
}

/* The receiver must serve committee (an active worker or head of it). */
static int
serves(struct store *st, int64_t to, const char *committee, struct arena *ar, struct sb_fail *fail)
{
	bool yes = false;
	int rc = store_user_serves(st, to, committee, &yes);

	if (rc == SB_OK && !yes)
		rc = refuse(fail, ar,
			    arena_printf(ar,
					 "does not serve committee %s, where there is work to "
					 "hand over",
					 committee),
			    arena_printf(ar, "不是居委会 %s 的在岗社工，无法接手那里的工作",
					 committee));
	return rc;
}

static int
grids(struct store *st, const struct actor *who, int64_t from, int64_t to, const char *today,
      struct arena *ar, json_t *detail, struct sb_fail *fail)
{
	char yesterday[CLOCK_DATE_LEN];
	struct assignment_list l;
	json_t *moved = json_array();
	size_t i;
	int rc;

	calendar_add_days(today, -1, yesterday);
	rc = store_assignments_leaving_unscoped(st, from, today, true, ar, &l);
	for (i = 0; rc == SB_OK && i < l.n; i++)
		rc = serves(st, to, l.items[i].committee_code, ar, fail);
	for (i = 0; rc == SB_OK && i < l.n; i++) {
		const struct assignment *a = &l.items[i];
		const char *start = strcmp(a->start_on, today) < 0 ? today : a->start_on;
		struct assignment_ref made;

		rc = strcmp(a->start_on, today) < 0
			     ? store_assignment_set_end(st, &a->ref, yesterday)
			     : store_assignment_delete(st, &a->ref);
		if (rc == SB_OK)
			rc = store_assignment_insert(st, &a->grid, to, start, a->end_on,
						     who->user_id, who->now, &made);
		json_array_append_new(moved, json_pack("{s:I, s:s, s:s}", "grid_id",
						       (json_int_t)a->grid_id, "committee_code",
						       a->committee_code, "from", start));
	}
	json_object_set_new(detail, "grids", moved);
	return rc;
}

static int
issues(struct store *st, const struct scope *by, const struct actor *who, enum role role,
       const struct sb_key *key, int64_t from, int64_t to, struct arena *ar, json_t *detail,
       struct sb_fail *fail)
{
	struct issue_actor actor = {who->user_id, who->username, NULL, role, who->now, key};
	struct issue_filter f = {0};
	struct issue_list l;
	json_t *moved = json_array();
	int64_t total;
	size_t i;
	int rc;

	f.assignee_id = from;
	f.open_only = true;
	f.limit = 100000;
	rc = store_issue_list(st, by, &f, ar, &l, &total);
	for (i = 0; rc == SB_OK && i < l.n; i++) {
		struct issue_step step = {.action = IA_ASSIGN, .given = IF_ASSIGNEE | IF_NOTE};
		struct issue_step_result res;

		if (l.items[i].committee_code)
			rc = serves(st, to, l.items[i].committee_code, ar, fail);
		step.assignee_id = to;
		step.note = "工作交接 (hand-over)";
		if (rc == SB_OK)
			rc = issue_step(st, by, &actor, l.items[i].id, &step, ar, &res, fail);
		json_array_append_new(moved, json_integer(l.items[i].id));
	}
	json_object_set_new(detail, "issue_ids", moved);
	return rc;
}

static int
days(struct store *st, int64_t from, int64_t to, const char *today, struct arena *ar,
     json_t *detail, struct sb_fail *fail)
{
	struct dated_work_list rd = {0}, du = {0};
	size_t i;
	int rc;

	rc = store_reception_leaving(st, from, today, true, ar, &rd);
	if (rc == SB_OK)
		rc = store_duties_leaving(st, from, today, true, ar, &du);
	for (i = 0; rc == SB_OK && i < rd.n; i++)
		rc = serves(st, to, rd.items[i].committee_code, ar, fail);
	for (i = 0; rc == SB_OK && i < du.n; i++)
		rc = serves(st, to, du.items[i].committee_code, ar, fail);
	if (rc == SB_OK)
		rc = store_reception_hand_over(st, from, to, today);
	if (rc == SB_OK)
		rc = store_duties_hand_over(st, from, to, today);
	json_object_set_new(detail, "reception_days", json_integer((json_int_t)rd.n));
	json_object_set_new(detail, "duties", json_integer((json_int_t)du.n));
	return rc;
}

int
account_hand_over(struct store *st, const struct actor *who, const struct scope *by,
		  const struct sb_key *key, int64_t from, int64_t to, bool disable,
		  struct arena *ar, json_t **result, struct sb_fail *fail)
{
	char today[CLOCK_DATE_LEN];
	json_t *detail = json_object();
	struct user uf, ut;
	int rc;

	*result = NULL;
	rc = store_user_get(st, by, from, ar, &uf);
	if (rc == SB_OK)
		rc = account_may_manage(by, &uf, fail);
	if (rc != SB_OK)
		goto out;
	if (to == from) {
		rc = refuse(fail, ar, "the same worker", "不能交接给本人");
		goto out;
	}
	rc = store_user_by_id(st, to, ar, &ut);
	if (rc == SB_OK &&
	    (ut.disabled || (ut.role != ROLE_WORKER && ut.role != ROLE_COMMITTEE_HEAD)))
		rc = SB_NOT_FOUND;
	if (rc == SB_NOT_FOUND) {
		rc = refuse(fail, ar, "not an active worker", "不是在岗社工");
		goto out;
	}
	if (rc != SB_OK)
		goto out;
	/* A colleague: serving a committee of the giver's (each committee where
	 * there is work is checked as it moves). */
	{
		bool any = false;
		size_t k;

		for (k = 0; rc == SB_OK && !any && k < uf.nscope; k++)
			rc = store_user_serves(st, to, uf.scope[k], &any);
		if (rc == SB_OK && !any)
			rc = refuse(fail, ar, "not a worker of the same committee",
				    "不是同一居委会的社工");
		if (rc != SB_OK)
			goto out;
	}
	clock_shanghai_date(who->now, today);
	rc = store_begin(st);
	if (rc != SB_OK)
		goto out;
	rc = grids(st, who, from, to, today, ar, detail, fail);
	if (rc == SB_OK)
		rc = issues(st, by, who, by->role, key, from, to, ar, detail, fail);
	if (rc == SB_OK)
		rc = days(st, from, to, today, ar, detail, fail);
	json_object_set_new(detail, "to_user_id", json_integer(to));
	if (rc == SB_OK && disable && !uf.disabled) {
		struct account_change c = {.role = ROLE_NONE, .disabled = 1};

		c.by = by;
		rc = account_update(st, who, from, &c, ar, fail);
		json_object_set_new(detail, "disabled", json_true());
	}
	if (rc == SB_OK) {
		struct audit_entry e = {0};
		char *text = json_dumps(detail, JSON_COMPACT);

		e.at = who->now;
		e.user_id = who->user_id;
		e.username = who->username;
		e.action = "hand_over";
		e.entity = "user";
		e.entity_id = arena_printf(ar, "%lld", (long long)from);
		e.area_code = account_area(&uf);
		e.detail = text;
		e.ip = who->ip;
		rc = store_audit_add(st, &e);
		free(text);
	}
	rc = store_end(st, rc);
	if (rc == SB_OK) {
		*result = detail;
		detail = NULL;
	}
out:
	json_decref(detail);
	return rc;
}
