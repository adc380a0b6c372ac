/* The campaign rules core/campaign.c took over from the handlers (issue 15):
 * the gate log's retention bounds and who may take targets off. */
#include <criterion/criterion.h>

#include "core/campaign.h"

Test(campaign_rules, retention_bounds)
{
	static const struct {
		json_int_t days;
		int rc;
	} cases[] = {
		{0, SB_BAD_FIELD}, {1, SB_OK},		 {30, SB_OK},
		{3660, SB_OK},	   {3661, SB_BAD_FIELD}, {-5, SB_BAD_FIELD},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_fail fail = {0};
		json_t *v = json_integer(cases[i].days);
		int days = 7;
		int rc = campaign_retention_check(v, &days, &fail);

		cr_expect_eq(rc, cases[i].rc, "%lld days", (long long)cases[i].days);
		if (rc == SB_OK)
			cr_expect_eq(days, (int)cases[i].days);
		else
			cr_expect_str_eq(fail.field, "gate_retention_days");
		json_decref(v);
	}
}

Test(campaign_rules, absent_retention_is_kept)
{
	int days = 30;

	cr_expect_eq(campaign_retention_check(NULL, &days, NULL), SB_OK);
	cr_expect_eq(days, 30);
}

Test(campaign_rules, heads_take_targets_off)
{
	cr_expect(!campaign_may_remove_targets(ROLE_HELPER));
	cr_expect(!campaign_may_remove_targets(ROLE_WORKER));
	cr_expect(campaign_may_remove_targets(ROLE_COMMITTEE_HEAD));
}
