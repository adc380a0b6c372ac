#include <string.h>

#include <criterion/criterion.h>

#include "core/projects.h"
#include "http/webhook.h"
#include "util/errors.h"

/* Projects' stages and signing threshold (core/projects.c), and the
 * webhook's signature and backoff (http/webhook.c; docs/notices.md). */

Test(projects, stage_codes_in_order)
{
	cr_expect_eq(project_stage_seq("proposal"), 1);
	cr_expect_eq(project_stage_seq("acceptance"), 6);
	cr_expect_eq(project_stage_seq("survey"), 0);
	cr_expect_eq(project_stage_seq(NULL), 0);
}

Test(projects, stages_run_in_order)
{
	struct project_stage_dates s[PROJECT_STAGES] = {{0}};
	const char *field;
	int seq;

	cr_expect_eq(project_stages_check(s, &seq, &field), SB_OK);
	cr_expect_eq(project_stage_current(s), 1);
	s[0].actual_start = "2026-09-01";
	s[0].actual_end = "2026-09-08";
	s[1].actual_start = "2026-09-08"; /* the same day the first ended: in order */
	cr_expect_eq(project_stages_check(s, &seq, &field), SB_OK);
	cr_expect_eq(project_stage_current(s), 2);
	s[1].actual_start = "2026-09-07"; /* before the first ended */
	cr_expect_eq(project_stages_check(s, &seq, &field), SB_CONFLICT);
	cr_expect_eq(seq, 2);
	cr_expect_str_eq(field, "actual_start");
	s[1].actual_start = NULL;
	s[2].actual_start = "2026-10-01"; /* 议事 while 调研 has not ended */
	cr_expect_eq(project_stages_check(s, &seq, &field), SB_CONFLICT);
	cr_expect_eq(seq, 3);
	s[2].actual_start = NULL;
	s[3].planned_start = "2026-11-10";
	s[3].planned_end = "2026-11-01";
	cr_expect_eq(project_stages_check(s, &seq, &field), SB_BAD_FIELD);
	cr_expect_str_eq(field, "planned_end");
	s[3].planned_end = NULL;
	s[4].actual_end = "2026-12-01"; /* an end without a start */
	cr_expect_eq(project_stages_check(s, &seq, &field), SB_BAD_FIELD);
	cr_expect_eq(seq, 5);
	cr_expect_str_eq(field, "actual_end");
}

Test(projects, all_ended_is_done)
{
	struct project_stage_dates s[PROJECT_STAGES];
	int i;

	for (i = 0; i < PROJECT_STAGES; i++)
		s[i] = (struct project_stage_dates){NULL, NULL, "2026-01-01", "2026-01-01"};
	cr_expect_eq(project_stage_current(s), 0);
}

Test(projects, signing_threshold)
{
	/* 2/3 of 6 is 4; of 7 it is 5 (4.67 rounds up) */
	cr_expect(!project_sign_reached(3, 6, 2, 3));
	cr_expect(project_sign_reached(4, 6, 2, 3));
	cr_expect(!project_sign_reached(4, 7, 2, 3));
	cr_expect(project_sign_reached(5, 7, 2, 3));
	cr_expect(project_sign_reached(2, 4, 1, 2), "half is reached at exactly half");
	cr_expect(!project_sign_reached(0, 0, 2, 3),
		  "a building without households never reaches it");
	cr_expect(!project_sign_reached(5, 5, 0, 3));
}

Test(webhook, signature_is_hmac_sha256_of_timestamp_dot_body)
{
	/* computed apart from sibai:
	 * printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 0123456789abcdef */
	char sig[WEBHOOK_SIG_HEX];

	webhook_sign((const unsigned char *)"0123456789abcdef", 16, 1700000000, "{\"a\":1}", sig);
	cr_expect_eq(strlen(sig), 64);
	cr_expect_str_eq(sig, "9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23");
}

Test(webhook, backoff_doubles_to_five_minutes)
{
	cr_expect_eq(webhook_backoff(1), 1);
	cr_expect_eq(webhook_backoff(2), 2);
	cr_expect_eq(webhook_backoff(3), 4);
	cr_expect_eq(webhook_backoff(9), 256);
	cr_expect_eq(webhook_backoff(10), 300);
	cr_expect_eq(webhook_backoff(1000), 300);
}
