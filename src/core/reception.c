#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/calendar.h"
#include "core/reception.h"

bool
reception_month_days(const char *month, char first[11], char last[11])
{
	char next[32];
	int y, m;
	char tail;

	if (month == NULL || sscanf(month, "%4d-%2d%c", &y, &m, &tail) != 2 || strlen(month) != 7 ||
	    m < 1 || m > 12 || y < 2000 || y > 2100)
		return false;
	snprintf(first, 11, "%04d-%02d-01", y, m);
	snprintf(next, sizeof(next), "%04d-%02d-01", m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
	calendar_add_days(next, -1, last);
	return true;
}

int
reception_roster(struct store *st, const struct scope *sc, const char *committee, const char *from,
		 const char *to, struct arena *ar, struct roster_list *out)
{
	struct roster_ref roster;
	int rc = store_roster_find(st, sc, committee, ar, &roster);

	return rc == SB_OK ? store_roster_days(st, &roster, from, to, ar, out) : rc;
}

int
reception_roster_generate(struct store *st, const struct scope *sc, const struct actor *who,
			  const char *committee, const char *month, struct arena *ar,
			  struct roster_list *out, struct sb_fail *fail)
{
	struct roster_ref roster;
	struct user_list workers;
	char from[11], to[11], d[11];
	size_t k = 0;
	int rc;

	if (!reception_month_days(month, from, to))
		return sb_fail(fail, SB_BAD_FIELD, "month", "month: YYYY-MM",
			       "month：须为 YYYY-MM");
	rc = store_roster_find(st, sc, committee, ar, &roster);
	if (rc == SB_OK)
		rc = store_committee_users(st, sc, committee, ROLE_WORKER, ar, &workers);
	if (rc != SB_OK)
		return rc;
	if (workers.n == 0)
		return sb_fail(fail, SB_CONFLICT, "committee_code",
			       "the committee has no active worker", "本居委会没有在岗社工");
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_roster_clear(st, &roster, from, to);
	for (memcpy(d, from, 11); rc == SB_OK && strcmp(d, to) <= 0; calendar_add_days(d, 1, d)) {
		bool work;

		rc = calendar_is_workday(st, d, &work);
		if (rc != SB_OK || !work)
			continue;
		rc = store_roster_set(st, &roster, d, workers.items[k++ % workers.n].id, false);
	}
	if (rc == SB_OK)
		rc = audit_add(st, who, "generate", "roster", month, committee, NULL);
	if (rc == SB_OK)
		rc = store_roster_days(st, &roster, from, to, ar, out);
	return store_end(st, rc);
}

int
reception_roster_set(struct store *st, const struct scope *sc, const struct actor *who,
		     const char *committee, const char *date, int64_t worker, struct arena *ar,
		     struct roster_day *out, struct sb_fail *fail)
{
	struct roster_ref roster;
	struct user_list workers;
	struct roster_list l;
	bool work, found = false;
	size_t i;
	int rc;

	rc = store_roster_find(st, sc, committee, ar, &roster);
	if (rc == SB_OK)
		rc = calendar_is_workday(st, date, &work);
	if (rc == SB_OK && !work)
		rc = sb_fail(fail, SB_BAD_FIELD, "date", "date: not a working day",
			     "date：不是工作日");
	if (rc == SB_OK)
		rc = store_committee_users(st, sc, committee, ROLE_WORKER, ar, &workers);
	for (i = 0; rc == SB_OK && i < workers.n; i++)
		if (workers.items[i].id == worker)
			found = true;
	if (rc == SB_OK && !found)
		rc = sb_fail(fail, SB_BAD_FIELD, "worker_id",
			     "worker_id: not an active worker of the committee",
			     "worker_id：不是本居委会的在岗社工");
	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc == SB_OK)
		rc = store_roster_set(st, &roster, date, worker, true);
	if (rc == SB_OK)
		rc = audit_add(st, who, "update", "roster", date, committee,
			       json_pack("{s:I}", "worker_id", (json_int_t)worker));
	if (rc == SB_OK)
		rc = store_roster_days(st, &roster, date, date, ar, &l);
	if (rc == SB_OK && l.n == 0)
		rc = SB_INTERNAL; /* the day just put */
	if (rc == SB_OK)
		*out = l.items[0];
	return store_end(st, rc);
}

int
reception_on(struct store *st, const struct scope *sc, const char *committee, const char *date,
	     struct arena *ar, bool *workday, struct roster_day *out)
{
	struct roster_ref roster;
	struct roster_list l;
	int rc = store_roster_find(st, sc, committee, ar, &roster);

	if (rc == SB_OK)
		rc = calendar_is_workday(st, date, workday);
	if (rc == SB_OK)
		rc = store_roster_days(st, &roster, date, date, ar, &l);
	if (rc != SB_OK)
		return rc;
	if (l.n)
		*out = l.items[0];
	else
		*out = (struct roster_day){.date = date};
	return SB_OK;
}

int
reception_committees_of(struct store *st, const struct scope *sc, const char *date,
			struct arena *ar, const char ***codes, size_t *n)
{
	struct user u;
	size_t i;
	int rc = store_user_by_id(st, sc->user_id, ar, &u);

	*n = 0;
	*codes = NULL;
	if (rc != SB_OK)
		return rc;
	*codes = arena_alloc(ar, (u.nscope + 1) * sizeof(**codes));
	for (i = 0; rc == SB_OK && i < u.nscope; i++) {
		struct roster_ref roster;
		struct roster_list r;

		rc = store_roster_find(st, sc, u.scope[i], ar, &roster);
		if (rc == SB_NOT_FOUND) { /* not a committee: it has no roster */
			rc = SB_OK;
			continue;
		}
		if (rc == SB_OK)
			rc = store_roster_days(st, &roster, date, date, ar, &r);
		if (rc == SB_OK && r.n == 1 && r.items[0].worker_id == sc->user_id)
			(*codes)[(*n)++] = u.scope[i];
	}
	return rc;
}
