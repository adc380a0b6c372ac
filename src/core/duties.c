#include <stdio.h>

#include "core/audit.h"
#include "core/duties.h"

static const char *
id_text(struct arena *ar, int64_t id)
{
	return arena_printf(ar, "%lld", (long long)id);
}

int
duty_create(struct store *st, const struct scope *sc, const struct actor *who, const struct duty *d,
	    const int64_t *workers, size_t nworkers, struct arena *ar, struct duty *out)
{
	struct duty_ref duty;
	int64_t id;
	size_t i;
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	rc = store_duty_insert(st, sc, d, ar, &duty);
	id = duty.id;
	for (i = 0; rc == SB_OK && i < nworkers; i++)
		rc = store_duty_worker_add(st, &duty, workers[i]);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "duty", id_text(ar, id), d->committee_code,
			       json_pack("{s:s, s:s}", "date", d->date, "kind", d->kind));
	if (rc == SB_OK)
		rc = store_duty_get(st, sc, id, ar, out);
	return store_end(st, rc);
}

int
duty_list(struct store *st, const struct scope *sc, const char *committee, const char *date,
	  int64_t worker, struct arena *ar, struct duty_list *out)
{
	return store_duty_list(st, sc, committee, date, worker, ar, out);
}

/* The rule of duty_may_finish; *d gets the duty. */
static int
may_finish(struct store *st, const struct scope *sc, int64_t id, struct arena *ar, struct duty *d,
	   struct sb_fail *fail)
{
	bool mine = false;
	int rc = store_duty_get(st, sc, id, ar, d);

	if (rc == SB_OK)
		rc = store_duty_has_worker(st, &d->ref, sc->user_id, &mine);
	if (rc == SB_OK && !mine && sc->role < ROLE_COMMITTEE_HEAD)
		rc = sb_fail(fail, SB_FORBIDDEN, NULL, "only the duty's workers or the head",
			     "仅该任务的社工或书记可以提交");
	return rc;
}

int
duty_may_finish(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		struct sb_fail *fail)
{
	struct duty d;

	return may_finish(st, sc, id, ar, &d, fail);
}

int
duty_finish(struct store *st, const struct scope *sc, const struct actor *who, int64_t id,
	    const char *summary, struct arena *ar, struct duty *out, struct sb_fail *fail)
{
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	rc = may_finish(st, sc, id, ar, out, fail);
	if (rc == SB_OK)
		rc = store_duty_done(st, &out->ref, summary, who->now);
	if (rc == SB_OK)
		rc = audit_add(st, who, "done", "duty", id_text(ar, id), out->committee_code, NULL);
	if (rc == SB_OK)
		rc = store_duty_get(st, sc, id, ar, out);
	return store_end(st, rc);
}
