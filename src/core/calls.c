#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/calls.h"
#include "core/ident.h"
#include "core/register.h"

/* Who may be called, and the register's fields that hold their number and
 * name. */
static const struct {
	const char *whom, *phone, *name;
} callees[] = {
	{"resident", "phone", "name"},
	{"emergency", "emergency_phone", "emergency_name"},
	{"carer", "carer_phone", "carer_name"},
};

/* Whether the caller may call the residents of a household today without a
 * reason: the owner of its grid, the worker on reception duty for its
 * committee, or a committee head and above (who may reveal with one). */
static int
call_allowed(struct store *st, const struct scope *sc, int64_t now, int64_t household,
	     const char *committee, struct arena *ar, struct sb_fail *fail)
{
	struct roster_list duty;
	char today[11];
	bool owns = false;
	int rc;

	if (sc->role >= ROLE_COMMITTEE_HEAD)
		return SB_OK;
	ident_today(now, today);
	rc = store_worker_owns(st, sc, household, today, &owns);
	if (rc != SB_OK || owns)
		return rc;
	rc = store_roster_list(st, sc, committee, today, today, ar, &duty);
	if (rc != SB_OK)
		return rc;
	if (duty.n == 1 && duty.items[0].worker_id == sc->user_id)
		return SB_OK;
	return sb_fail(fail, SB_FORBIDDEN, NULL,
		       "only the worker of the household's grid, or on reception today, may "
		       "call from here",
		       "只有该户所在网格的社工或今日首问接待社工可以直接拨打");
}

int
call_callee_find(struct store *st, const struct scope *sc, int64_t id, struct arena *ar,
		 struct call_callee *out)
{
	out->resident_id = id;
	return register_get(st, sc, &entity_resident, id, ar, &out->row);
}

int
call_resident(struct store *st, const struct scope *sc, const struct actor *who,
	      const struct sb_key *key, const struct call_callee *callee, const char *whom,
	      struct arena *ar, struct call_number *out, struct sb_fail *fail)
{
	const struct entity_def *def = &entity_resident;
	const struct rvalue *phone, *name, *row = callee->row;
	const char *committee;
	size_t c = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	while (c < sizeof(callees) / sizeof(callees[0]) && strcmp(callees[c].whom, whom) != 0)
		c++;
	if (c == sizeof(callees) / sizeof(callees[0]))
		return sb_fail(
			fail, SB_BAD_FIELD, "whom", "whom: resident, emergency or carer",
			"whom：须为 resident（本人）、emergency（紧急联系人）或 carer（照料人）");
	committee = row[entity_field(def, "committee_code")].s;
	rc = call_allowed(st, sc, who->now, row[entity_field(def, "household_id")].i, committee, ar,
			  fail);
	if (rc != SB_OK)
		return rc;
	phone = &row[entity_field(def, callees[c].phone)];
	if (phone->null || phone->box == NULL)
		return sb_fail(fail, SB_NOT_FOUND, "whom", "no phone number is recorded",
			       "未登记电话号码");
	name = &row[entity_field(def, callees[c].name)];
	out->whom = callees[c].whom;
	out->name = name->null ? NULL : name->s;
	out->phone = crypto_open(key, phone->box, phone->boxlen);
	if (out->phone == NULL)
		return SB_INTERNAL;
	rc = store_begin(st);
	if (rc == SB_OK)
		rc = audit_add(st, who, "call", "resident",
			       arena_printf(ar, "%lld", (long long)callee->resident_id), committee,
			       json_pack("{s:s}", "whom", out->whom));
	rc = store_end(st, rc);
	if (rc != SB_OK) {
		crypto_wipe(out->phone);
		free(out->phone);
		out->phone = NULL;
	}
	return rc;
}
