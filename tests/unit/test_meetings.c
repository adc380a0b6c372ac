#include <math.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/meetings.h"

/* A motion's tally takes the meeting's quorum rule and head counts and the
 * motion's own votes (core/meetings.c, meeting_motion_tally). */

struct motion_case {
	const char *name;
	struct meeting meeting; /* quorum_min, quorum_pct, pass_pct, invited, present */
	struct meeting_motion motion;
	int cast;
	double approval, mean;
	bool quorum_met, passed;
};

static const struct motion_case cases[] = {
	{"an approval motion of a meeting with its quorum met",
	 {.quorum_min = 10, .quorum_pct = 50, .pass_pct = 66, .invited = 40, .present = 30},
	 {.kind = "approval", .votes_for = 27, .against = 2, .abstain = 1},
	 30,
	 0.9,
	 0,
	 true,
	 true},
	{"the meeting's head count decides the quorum, not the motion's votes",
	 {.quorum_min = 10, .quorum_pct = 50, .pass_pct = 50, .invited = 40, .present = 9},
	 {.kind = "approval", .votes_for = 9},
	 9,
	 1.0,
	 0,
	 false,
	 false},
	{"a satisfaction motion is scored 1 to 5",
	 {.quorum_pct = 0, .pass_pct = 50, .invited = 10, .present = 10},
	 {.kind = "satisfaction", .scores = {0, 0, 1, 2, 1}},
	 4,
	 0.75,
	 4.0,
	 true,
	 true},
};

Test(meetings, motion_tally)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct motion_case *c = &cases[i];
		struct vote_tally t;

		meeting_motion_tally(&c->meeting, &c->motion, &t);
		cr_expect_eq(t.cast, c->cast, "%s: cast %d", c->name, t.cast);
		cr_expect(fabs(t.approval - c->approval) < 1e-9, "%s: approval %f", c->name,
			  t.approval);
		cr_expect(fabs(t.mean - c->mean) < 1e-9, "%s: mean %f", c->name, t.mean);
		cr_expect_eq(t.quorum_met, c->quorum_met, "%s: quorum", c->name);
		cr_expect_eq(t.passed, c->passed, "%s: passed", c->name);
	}
}
