#include <string.h>

#include "core/audit.h"
#include "core/campaign.h"
#include "core/gates.h"
#include "core/committee_check.h"
#include "core/grids.h"
#include "util/clock.h"

int
gate_day(const char *date, int64_t now, struct arena *ar, const char **day, struct sb_fail *fail)
{
	if (date == NULL) {
		char *today = arena_alloc(ar, CLOCK_DATE_LEN);

		clock_shanghai_date(now, today);
		*day = today;
		return SB_OK;
	}
	if (!clock_date_valid(date))
		return sb_fail(fail, SB_BAD_QUERY, "date", "date: a date YYYY-MM-DD",
			       "date：须为日期 YYYY-MM-DD");
	*day = date;
	return SB_OK;
}

/* A gate the caller may see: in scope, and the caller's own gate when the
 * caller is bound to one.  SB_NOT_FOUND otherwise. */
static int
gate_visible(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id,
	     struct arena *ar, struct gate *out)
{
	if (own_gate && own_gate != id)
		return SB_NOT_FOUND;
	return store_gate_get(st, sc, id, ar, out);
}

/* Erases what is past its retention, in its own transaction. */
static int
erase_expired(struct store *st, int64_t now)
{
	int64_t n;
	int rc = store_begin(st);

	if (rc != SB_OK)
		return rc;
	rc = store_gate_erase(st, now, &n);
	return store_end(st, rc);
}

int
gate_list(struct store *st, const struct scope *sc, int64_t compound_id, int64_t own_gate,
	  struct arena *ar, struct gate_list *out)
{
	return store_gate_list(st, sc, compound_id, own_gate, ar, out);
}

int
gate_create(struct store *st, const struct scope *sc, const struct actor *who, int64_t compound_id,
	    const char *name, struct arena *ar, struct gate *out, struct sb_fail *fail)
{
	const char *committee = NULL;
	struct gate_ref made;
	int rc;

	rc = store_place_committee(st, "compound", compound_id, ar, &committee);
	if (rc == SB_OK)
		rc = committee_check_found(st, sc, committee, ar);
	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, SB_BAD_FIELD, "compound_id",
			       "compound_id: not a compound in your jurisdiction",
			       "compound_id：不是您辖区内的小区");
	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_gate_insert(st, sc, compound_id, committee, name, who->now, &made);
	if (rc == SB_CONFLICT)
		rc = sb_fail(fail, SB_CONFLICT, "name",
			     "name: the compound has a gate of that name",
			     "name：该小区已有同名门岗");
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "gate",
			       arena_printf(ar, "%lld", (long long)made.id), committee,
			       json_pack("{s:I, s:s}", "compound_id", (json_int_t)compound_id,
					 "name", name));
	if (rc == SB_OK)
		rc = store_gate_get(st, sc, made.id, ar, out);
	return store_end(st, rc);
}

int
gate_get(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id, struct arena *ar,
	 struct gate *out, struct user_list *guards)
{
	int rc = gate_visible(st, sc, own_gate, id, ar, out);

	if (rc == SB_OK)
		rc = store_gate_guards(st, &out->ref, ar, guards);
	return rc;
}

int
gate_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar, struct gate *out)
{
	return store_gate_get(st, sc, id, ar, out);
}

int
gate_guard_put(struct store *st, const struct scope *sc, const struct actor *who,
	       const struct gate *g, int64_t user_id, bool bind, struct arena *ar,
	       struct sb_fail *fail)
{
	struct user u;
	int64_t id = g->id, bound_to = 0;
	int rc;

	/* a worker account the caller may see (every one of its areas in the
	 * caller's jurisdiction), serving the gate's committee */
	rc = store_user_get(st, sc, user_id, ar, &u);
	if (rc == SB_OK)
		rc = committee_check_worker(st, g->committee_code, "user_id", user_id, false, ar,
					    fail);
	else if (rc == SB_NOT_FOUND)
		rc = sb_fail(fail, SB_BAD_FIELD, "user_id",
			     "user_id: not an active worker account of the gate's committee",
			     "user_id：不是该门岗所属居委会的在岗社工账号");
	if (rc == SB_OK)
		rc = store_gate_guard_of(st, user_id, &bound_to);
	if (rc == SB_OK && bind && bound_to != 0 && bound_to != id)
		rc = sb_fail(fail, SB_CONFLICT, "user_id",
			     "user_id: bound to another gate; unbind it there first",
			     "user_id：已绑定其他门岗，请先在那里解除");
	if (rc == SB_OK && !bind && bound_to != id)
		rc = sb_fail(fail, SB_BAD_FIELD, "user_id", "user_id: not bound to this gate",
			     "user_id：未绑定此门岗");
	if (rc != SB_OK)
		return rc;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_gate_guard_set(st, &g->ref, user_id, bind);
	if (rc == SB_OK)
		rc = audit_add(st, who, bind ? "bind" : "unbind", "gate",
			       arena_printf(ar, "%lld", (long long)id), g->committee_code,
			       json_pack("{s:I}", "user_id", (json_int_t)user_id));
	return store_end(st, rc);
}

int
gate_residents_find(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id,
		    const char *q, struct arena *ar, struct gate_resident **out, size_t *n,
		    struct sb_fail *fail)
{
	struct gate g;
	int rc = gate_visible(st, sc, own_gate, id, ar, &g);

	if (rc != SB_OK)
		return rc;
	if (q == NULL || *q == '\0' || strlen(q) > 60)
		return sb_fail(fail, SB_BAD_QUERY, "q", "q: 1 to 60 bytes of a name or a room",
			       "q：须为 1 至 60 字节的姓名或门牌");
	return store_gate_residents(st, &g.ref, q, ar, out, n);
}

int
gate_counts(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id,
	    const char *date, int64_t now, struct arena *ar, const char **day, int counts[24][2],
	    struct sb_fail *fail)
{
	struct gate_entry_list l;
	struct gate g;
	int64_t start, *at;
	bool *out_dir;
	size_t i;
	int rc;

	rc = gate_visible(st, sc, own_gate, id, ar, &g);
	if (rc == SB_OK)
		rc = gate_day(date, now, ar, day, fail);
	if (rc != SB_OK)
		return rc;
	clock_day_start(*day, &start);
	rc = store_gate_entry_list(st, sc, id, start, start + CLOCK_DAY, ar, &l);
	if (rc != SB_OK)
		return rc;
	at = arena_alloc(ar, (l.n + 1) * sizeof(*at));
	out_dir = arena_alloc(ar, (l.n + 1) * sizeof(*out_dir));
	for (i = 0; i < l.n; i++) {
		at[i] = l.items[i].at;
		out_dir[i] = strcmp(l.items[i].direction, "out") == 0;
	}
	gate_hour_counts(at, out_dir, l.n, start, counts);
	return SB_OK;
}

int
gate_entries_of_day(struct store *st, const struct scope *sc, int64_t own_gate, int64_t id,
		    const char *day, int64_t now, struct arena *ar, struct gate_entry_list *out)
{
	struct gate g;
	int64_t start;
	int rc;

	rc = gate_visible(st, sc, own_gate, id, ar, &g);
	if (rc == SB_OK)
		rc = erase_expired(st, now);
	if (rc != SB_OK)
		return rc;
	clock_day_start(day, &start);
	return store_gate_entry_list(st, sc, id, start, start + CLOCK_DAY, ar, out);
}

/* Who came or went: a resident of the committee, or a named visitor. */
static int
entry_person_check(struct store *st, const struct scope *sc, const struct gate_entry_input *in,
		   const char *committee, struct arena *ar, struct sb_fail *fail)
{
	if (strcmp(in->person, "resident") == 0) {
		if (in->resident_id == 0)
			return sb_fail(fail, SB_BAD_FIELD, "resident_id",
				       "resident_id: required for a resident",
				       "resident_id：居民须填写");
		return committee_check_row(st, sc, "resident", committee, "resident_id",
					   in->resident_id, ar, fail);
	}
	if (strcmp(in->person, "visitor") == 0) {
		if (in->resident_id)
			return sb_fail(fail, SB_BAD_FIELD, "resident_id",
				       "resident_id: a visitor is not a resident",
				       "resident_id：访客不是居民");
		if (in->name == NULL)
			return sb_fail(fail, SB_BAD_FIELD, "name", "name: required for a visitor",
				       "name：访客须填写姓名");
		return SB_OK;
	}
	return sb_fail(fail, SB_BAD_FIELD, "person", "person: resident or visitor",
		       "person：须为 resident 或 visitor");
}

int
gate_entry_record(struct store *st, const struct scope *sc, const struct actor *who,
		  int64_t own_gate, const struct gate_entry_input *in, struct arena *ar,
		  struct gate_entry *out, struct sb_fail *fail)
{
	struct gate_entry e = {0};
	struct campaign c;
	struct gate g;
	int64_t id = 0, erased;
	int retention = GATE_DEFAULT_RETENTION_DAYS, rc;

	e.gate_id = in->gate_id;
	rc = store_gate_get(st, sc, e.gate_id, ar, &g);
	if (rc == SB_NOT_FOUND)
		return sb_fail(fail, SB_BAD_FIELD, "gate_id",
			       "gate_id: not a gate in your jurisdiction",
			       "gate_id：不是您辖区内的门岗");
	if (rc != SB_OK)
		return rc;
	if (own_gate && own_gate != e.gate_id)
		return sb_fail(fail, SB_FORBIDDEN, "gate_id",
			       "gate_id: your account records at its own gate only",
			       "gate_id：您的账号只能在本门岗登记");
	e.committee_code = g.committee_code;
	e.campaign_id = in->campaign_id;
	if (e.campaign_id) {
		rc = store_campaign_get(st, sc, e.campaign_id, ar, &c);
		if (rc == SB_NOT_FOUND ||
		    (rc == SB_OK && strcmp(c.committee_code, g.committee_code)))
			return sb_fail(fail, SB_BAD_FIELD, "campaign_id",
				       "campaign_id: not a campaign of the gate's committee",
				       "campaign_id：不是该门岗所属居委会的任务");
		if (rc == SB_OK && strcmp(c.status, "open") != 0)
			return sb_fail(fail, SB_CONFLICT, "campaign_id",
				       "campaign_id: the campaign has ended",
				       "campaign_id：该任务已结束");
		if (rc != SB_OK)
			return rc;
		retention = c.gate_retention_days;
	}
	e.at = who->now;
	if (in->at && (!clock_parse_time(in->at, &e.at) || e.at > who->now + 300 ||
		       gate_expired(e.at, retention, who->now)))
		return sb_fail(fail, SB_BAD_FIELD, "at",
			       "at: an RFC 3339 time, not in the future "
			       "and within the retention",
			       "at：须为 RFC 3339 时间，不晚于现在且在保留期内");
	e.direction = in->direction;
	if (strcmp(e.direction, "in") != 0 && strcmp(e.direction, "out") != 0)
		return sb_fail(fail, SB_BAD_FIELD, "direction", "direction: in or out",
			       "direction：须为 in 或 out");
	e.person = in->person;
	e.resident_id = in->resident_id;
	e.name = in->name;
	e.from_place = in->from_place;
	e.purpose = in->purpose;
	rc = entry_person_check(st, sc, in, g.committee_code, ar, fail);
	if (rc != SB_OK)
		return rc;
	e.recorded_by = who->user_id;
	e.recorded_at = who->now;
	rc = store_begin(st);
	if (rc != SB_OK)
		return rc;
	rc = store_gate_entry_insert(st, &g.ref, &e, &id);
	if (rc == SB_OK)
		rc = store_gate_erase(st, who->now, &erased);
	if (rc == SB_OK)
		rc = audit_add(st, who, "create", "gate_entry",
			       arena_printf(ar, "%lld", (long long)id), g.committee_code,
			       json_pack("{s:I, s:s, s:s}", "gate_id", (json_int_t)e.gate_id,
					 "direction", e.direction, "person", e.person));
	if (rc == SB_OK)
		rc = store_gate_entry_get(st, sc, id, ar, out);
	return store_end(st, rc);
}
