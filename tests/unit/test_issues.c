/* Residents' problems (core/issues.c, core/open311.c, util/xml.c): the
 * transition table for every status × action pair, who may take a step,
 * deadlines in working days across levels and the 2026 National Day
 * holiday, receipt numbers, the figures' math on a hand-made set, the
 * Open311 parsers and the XML writer, and a few whole flows against a
 * migrated database (escalation and return, the one-time feedback link, the
 * 12345 work order tracked once). */

#include <math.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/issues.h"
#include "core/open311.h"
#include "util/crypto.h"
#include "util/xml.h"
#include "testdb.h"

/* ---- the transition table ------------------------------------------- */

#define X (-1) /* illegal */

/* to-status for every (from, action), in enum order:
 * accept assign start note escalate return resolve feedback reopen close
 * hotline_handoff hotline_return */
static const int want_to[IS_COUNT][IA_COUNT] = {
	[IS_RECEIVED] = {IS_ACCEPTED, IS_RECEIVED, X, IS_RECEIVED, IS_RECEIVED, IS_RECEIVED, X, X,
			 X, X, IS_RECEIVED, IS_RECEIVED},
	[IS_ACCEPTED] = {X, IS_ACCEPTED, IS_IN_PROGRESS, IS_ACCEPTED, IS_RECEIVED, IS_RECEIVED,
			 IS_RESOLVED, X, X, X, IS_ACCEPTED, IS_ACCEPTED},
	[IS_IN_PROGRESS] = {X, IS_IN_PROGRESS, X, IS_IN_PROGRESS, IS_RECEIVED, IS_RECEIVED,
			    IS_RESOLVED, X, X, X, IS_IN_PROGRESS, IS_IN_PROGRESS},
	[IS_RESOLVED] = {X, X, X, IS_RESOLVED, X, X, X, IS_RESOLVED, IS_REOPENED, IS_CLOSED, X, X},
	[IS_CLOSED] = {X, X, X, IS_CLOSED, X, X, X, IS_CLOSED, IS_REOPENED, X, X, X},
	[IS_REOPENED] = {IS_ACCEPTED, IS_REOPENED, IS_IN_PROGRESS, IS_REOPENED, IS_RECEIVED,
			 IS_RECEIVED, X, X, X, X, IS_REOPENED, IS_REOPENED},
};

Test(issue_table, every_pair_legal_or_not)
{
	int s, a, legal = 0;

	for (s = 0; s < IS_COUNT; s++) {
		for (a = 0; a < IA_COUNT; a++) {
			struct issue_rule r =
				issue_transition((enum issue_status)s, (enum issue_action)a);

			if (want_to[s][a] == X) {
				cr_expect(!r.legal, "%s × %s should be illegal",
					  issue_status_name((enum issue_status)s),
					  issue_action_name((enum issue_action)a));
				continue;
			}
			legal++;
			cr_expect(r.legal, "%s × %s should be legal",
				  issue_status_name((enum issue_status)s),
				  issue_action_name((enum issue_action)a));
			cr_expect_eq((int)r.to, want_to[s][a], "%s × %s goes to %s, want %s",
				     issue_status_name((enum issue_status)s),
				     issue_action_name((enum issue_action)a),
				     issue_status_name(r.to),
				     issue_status_name((enum issue_status)want_to[s][a]));
			cr_expect_eq(r.required & ~r.allowed, 0u,
				     "%s × %s: a required member is not allowed",
				     issue_status_name((enum issue_status)s),
				     issue_action_name((enum issue_action)a));
		}
	}
	cr_expect_eq(legal, 37, "%d legal steps", legal);
	/* Out of range is illegal, not a crash. */
	cr_expect(!issue_transition(IS_COUNT, IA_ACCEPT).legal);
	cr_expect(!issue_transition(IS_RECEIVED, IA_COUNT).legal);
}

/* Least role, level rule and members per action (the same in every status
 * where the action is legal). */
static const struct {
	enum issue_action a;
	enum role min_role;
	enum issue_level_rule rule;
	unsigned required, allowed;
} want_rules[] = {
	{IA_ACCEPT, ROLE_WORKER, LR_OWN, 0, IF_NOTE},
	{IA_ASSIGN, ROLE_WORKER, LR_OWN, IF_ASSIGNEE, IF_ASSIGNEE | IF_NOTE},
	{IA_START, ROLE_WORKER, LR_OWN, 0, IF_NOTE},
	{IA_NOTE, ROLE_WORKER, LR_ANY, IF_NOTE, IF_NOTE},
	{IA_ESCALATE, ROLE_COMMITTEE_HEAD, LR_UP, IF_REASON, IF_REASON | IF_NOTE},
	{IA_RETURN, ROLE_WORKER, LR_DOWN, IF_NOTE, IF_NOTE | IF_COMMITTEE},
	{IA_RESOLVE, ROLE_WORKER, LR_OWN, IF_NOTE, IF_NOTE},
	{IA_FEEDBACK, ROLE_WORKER, LR_ANY, IF_SATISFACTION, IF_SATISFACTION | IF_COMMENT},
	{IA_REOPEN, ROLE_WORKER, LR_OWN, IF_REASON, IF_REASON | IF_NOTE},
	{IA_CLOSE, ROLE_WORKER, LR_OWN, 0, IF_NOTE},
	{IA_HOTLINE_HANDOFF, ROLE_WORKER, LR_OWN, 0, IF_HOTLINE | IF_NOTE},
	{IA_HOTLINE_RETURN, ROLE_WORKER, LR_OWN, IF_NOTE, IF_NOTE},
};

Test(issue_table, roles_rules_and_members)
{
	size_t k;
	int s;

	for (k = 0; k < sizeof(want_rules) / sizeof(want_rules[0]); k++) {
		for (s = 0; s < IS_COUNT; s++) {
			struct issue_rule r =
				issue_transition((enum issue_status)s, want_rules[k].a);

			if (!r.legal)
				continue;
			cr_expect_eq(r.min_role, want_rules[k].min_role, "%s: least role",
				     issue_action_name(want_rules[k].a));
			cr_expect_eq(r.level_rule, want_rules[k].rule, "%s: level rule",
				     issue_action_name(want_rules[k].a));
			cr_expect_eq(r.required, want_rules[k].required, "%s: required",
				     issue_action_name(want_rules[k].a));
			cr_expect_eq(r.allowed, want_rules[k].allowed, "%s: allowed",
				     issue_action_name(want_rules[k].a));
		}
	}
}

Test(issue_table, names_round_trip)
{
	int i;

	for (i = 0; i < IS_COUNT; i++)
		cr_expect_eq(issue_status_parse(issue_status_name((enum issue_status)i)), i);
	for (i = 0; i < IA_COUNT; i++)
		cr_expect_eq(issue_action_parse(issue_action_name((enum issue_action)i)), i);
	for (i = 0; i < IL_COUNT; i++)
		cr_expect_eq(issue_level_parse(issue_level_name((enum issue_level)i)), i);
	cr_expect_eq(issue_status_parse("open"), -1);
	cr_expect_eq(issue_action_parse("handoff"), -1);
	cr_expect_eq(issue_level_parse(NULL), -1);
	cr_expect_null(issue_status_name(IS_COUNT));
	cr_expect(issue_status_open(IS_RECEIVED) && issue_status_open(IS_REOPENED));
	cr_expect(!issue_status_open(IS_RESOLVED) && !issue_status_open(IS_CLOSED));
}

/* Who may take a step: (action, role, level) → SB_OK, SB_FORBIDDEN or
 * SB_CONFLICT. */
static const struct {
	enum issue_action a;
	enum role role;
	enum issue_level level;
	int want;
} may_cases[] = {
	{IA_ACCEPT, ROLE_WORKER, IL_COMMITTEE, SB_OK},
	{IA_ACCEPT, ROLE_COMMITTEE_HEAD, IL_COMMITTEE, SB_OK},
	{IA_ACCEPT, ROLE_STREET, IL_COMMITTEE, SB_CONFLICT}, /* not the street's queue */
	{IA_ACCEPT, ROLE_WORKER, IL_STREET, SB_CONFLICT},
	{IA_ACCEPT, ROLE_STREET, IL_STREET, SB_OK},
	{IA_ACCEPT, ROLE_DISTRICT, IL_STREET, SB_CONFLICT},
	{IA_ACCEPT, ROLE_DISTRICT, IL_DISTRICT, SB_OK},
	{IA_ACCEPT, ROLE_ADMIN, IL_STREET, SB_OK},
	{IA_ESCALATE, ROLE_WORKER, IL_COMMITTEE, SB_FORBIDDEN}, /* a head escalates */
	{IA_ESCALATE, ROLE_COMMITTEE_HEAD, IL_COMMITTEE, SB_OK},
	{IA_ESCALATE, ROLE_COMMITTEE_HEAD, IL_STREET, SB_CONFLICT},
	{IA_ESCALATE, ROLE_STREET, IL_STREET, SB_OK},
	{IA_ESCALATE, ROLE_STREET, IL_COMMITTEE, SB_CONFLICT},
	{IA_ESCALATE, ROLE_DISTRICT, IL_DISTRICT, SB_CONFLICT}, /* no level above */
	{IA_ESCALATE, ROLE_ADMIN, IL_DISTRICT, SB_CONFLICT},
	{IA_RETURN, ROLE_WORKER, IL_COMMITTEE, SB_CONFLICT}, /* no level below */
	{IA_RETURN, ROLE_STREET, IL_STREET, SB_OK},
	{IA_RETURN, ROLE_DISTRICT, IL_DISTRICT, SB_OK},
	{IA_RETURN, ROLE_DISTRICT, IL_STREET, SB_CONFLICT},
	{IA_RETURN, ROLE_ADMIN, IL_COMMITTEE, SB_CONFLICT},
	{IA_NOTE, ROLE_WORKER, IL_DISTRICT, SB_OK}, /* anyone who sees it */
	{IA_NOTE, ROLE_DISTRICT, IL_COMMITTEE, SB_OK},
	{IA_FEEDBACK, ROLE_WORKER, IL_STREET, SB_OK},
	{IA_RESOLVE, ROLE_STREET, IL_STREET, SB_OK},
	{IA_RESOLVE, ROLE_WORKER, IL_STREET, SB_CONFLICT},
	{IA_CLOSE, ROLE_COMMITTEE_HEAD, IL_COMMITTEE, SB_OK},
	{IA_HOTLINE_HANDOFF, ROLE_WORKER, IL_COMMITTEE, SB_OK},
	{IA_HOTLINE_HANDOFF, ROLE_STREET, IL_COMMITTEE, SB_CONFLICT},
};

Test(issue_table, who_may_take_a_step)
{
	struct arena ar;
	size_t k;

	arena_init(&ar);
	for (k = 0; k < sizeof(may_cases) / sizeof(may_cases[0]); k++) {
		struct sb_fail fail = {0};
		struct issue_rule r = {0};
		int s, rc;

		for (s = 0; s < IS_COUNT && !r.legal; s++)
			r = issue_transition((enum issue_status)s, may_cases[k].a);
		cr_assert(r.legal);
		rc = issue_may(&r, may_cases[k].a, may_cases[k].role, may_cases[k].level, &ar,
			       &fail);
		cr_expect_eq(rc, may_cases[k].want, "case %zu: %s by %s at %s: %d, want %d", k,
			     issue_action_name(may_cases[k].a), role_name(may_cases[k].role),
			     issue_level_name(may_cases[k].level), rc, may_cases[k].want);
		if (rc != SB_OK) {
			cr_expect_not_null(fail.en, "case %zu: no message", k);
			cr_expect_not_null(fail.zh, "case %zu: no Chinese message", k);
			cr_expect_str_eq(fail.field, "action");
		}
	}
	cr_expect_eq(issue_role_level(ROLE_WORKER), IL_COMMITTEE);
	cr_expect_eq(issue_role_level(ROLE_COMMITTEE_HEAD), IL_COMMITTEE);
	cr_expect_eq(issue_role_level(ROLE_STREET), IL_STREET);
	cr_expect_eq(issue_role_level(ROLE_DISTRICT), IL_DISTRICT);
	cr_expect_eq(issue_role_level(ROLE_ADMIN), -1);
	arena_clear(&ar);
}

/* ---- deadlines -------------------------------------------------------- */

static struct testdb db;
static struct store *st;
static struct arena ar;

static void
db_setup(void)
{
	cr_assert_eq(crypto_init(), SB_OK);
	arena_init(&ar);
	testdb_open(&db);
	st = db.st;
}

static void
db_teardown(void)
{
	testdb_close(&db);
	st = NULL;
	arena_clear(&ar);
}

static int64_t
at(const char *w3c)
{
	int64_t t = 0;

	cr_assert(open311_parse_time(w3c, &t), "bad time %s", w3c);
	return t;
}

TestSuite(issue_due, .init = db_setup, .fini = db_teardown);

/* 2026: 09-20 (Sun) worked; 09-25..27 中秋 off; 10-01..07 国庆 off; 10-10
 * (Sat) worked.  2026-09-30 is a Wednesday. */
static const struct {
	const char *start; /* Asia/Shanghai */
	enum issue_level level;
	bool urgent;
	const char *want;
} due_cases[] = {
	/* committee 3, street 5, district 10, urgent 1 working days */
	{"2026-09-30T10:00:00+08:00", IL_COMMITTEE, false, "2026-10-10"}, /* 10-08, 09, Sat 10 */
	{"2026-09-30T10:00:00+08:00", IL_STREET, false, "2026-10-13"},
	{"2026-09-30T10:00:00+08:00", IL_DISTRICT, false, "2026-10-20"},
	{"2026-09-30T10:00:00+08:00", IL_COMMITTEE, true, "2026-10-08"},
	{"2026-09-30T10:00:00+08:00", IL_DISTRICT, true, "2026-10-08"}, /* urgent at any level */
	/* 01:00 in Shanghai on 10-01 is still 09-30 in UTC: the day is Shanghai's */
	{"2026-10-01T01:00:00+08:00", IL_COMMITTEE, true, "2026-10-09"},
	{"2026-09-30T23:59:59+08:00", IL_COMMITTEE, true, "2026-10-08"},
	/* taken in on a holiday: count from the next working day */
	{"2026-10-03T09:00:00+08:00", IL_COMMITTEE, true, "2026-10-09"},
	{"2026-09-25T09:00:00+08:00", IL_COMMITTEE, false, "2026-10-08"}, /* 09-29, 30, 10-08 */
	/* Saturday 09-19: the next working day is Sunday 09-20 (调休) */
	{"2026-09-19T09:00:00+08:00", IL_COMMITTEE, true, "2026-09-21"},
	/* Friday 10-09: Saturday 10-10 is worked */
	{"2026-10-09T09:00:00+08:00", IL_COMMITTEE, true, "2026-10-10"},
	{"2026-10-09T09:00:00+08:00", IL_STREET, false, "2026-10-15"}, /* 10, 12, 13, 14, 15 */
	/* an ordinary week */
	{"2026-11-02T09:00:00+08:00", IL_COMMITTEE, false, "2026-11-05"},
	{"2026-11-06T09:00:00+08:00", IL_COMMITTEE, false, "2026-11-11"},
};

Test(issue_due, working_days_across_levels_and_holidays)
{
	struct issue_category c = {.code = "t",
				   .days_committee = 3,
				   .days_street = 5,
				   .days_district = 10,
				   .days_urgent = 1};
	size_t k;

	for (k = 0; k < sizeof(due_cases) / sizeof(due_cases[0]); k++) {
		char due[11] = "";
		int64_t due_at = 0;

		cr_assert_eq(issue_due(st, &c, due_cases[k].level, due_cases[k].urgent,
				       at(due_cases[k].start), due, &due_at),
			     SB_OK);
		cr_expect_str_eq(due, due_cases[k].want, "%s %s%s: %s, want %s", due_cases[k].start,
				 issue_level_name(due_cases[k].level),
				 due_cases[k].urgent ? " urgent" : "", due, due_cases[k].want);
		/* The end of that day in Shanghai: 16:00 UTC. */
		cr_expect_eq(due_at, at(due_cases[k].want) + 86400, "%s: due_at",
			     due_cases[k].want);
	}
}

Test(issue_due, category_days_and_receipts)
{
	struct issue_category c = {
		.days_committee = 2, .days_street = 4, .days_district = 8, .days_urgent = 1};
	char r[32];

	cr_expect_eq(issue_category_days(&c, IL_COMMITTEE, false), 2);
	cr_expect_eq(issue_category_days(&c, IL_STREET, false), 4);
	cr_expect_eq(issue_category_days(&c, IL_DISTRICT, false), 8);
	cr_expect_eq(issue_category_days(&c, IL_STREET, true), 1);
	issue_receipt_no(123, at("2026-05-01T09:00:00+08:00"), r);
	cr_expect_str_eq(r, "SB-2026-000123");
	/* New Year's Eve 17:00 UTC is already 2027 in Shanghai. */
	issue_receipt_no(7, at("2026-12-31T17:00:00Z"), r);
	cr_expect_str_eq(r, "SB-2027-000007");
	issue_receipt_no(1234567, at("2026-05-01T09:00:00+08:00"), r);
	cr_expect_str_eq(r, "SB-2026-1234567");
}

/* ---- the figures' math ------------------------------------------------ */

static void
expect_near(double got, double want, const char *what)
{
	cr_expect(fabs(got - want) < 1e-9, "%s: %.12g, want %.12g", what, got, want);
}

Test(issue_figures, quantiles)
{
	double ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	double one[] = {5};
	double two[] = {1, 2};
	double shuffled[] = {9, 1, 7, 3, 5};
	struct issue_duration_stats s;

	expect_near(issue_quantile(ten, 10, 0.5), 5.5, "median of 1..10");
	expect_near(issue_quantile(ten, 10, 0.9), 9.1, "p90 of 1..10");
	expect_near(issue_quantile(ten, 10, 0), 1, "p0");
	expect_near(issue_quantile(ten, 10, 1), 10, "p100");
	expect_near(issue_quantile(one, 1, 0.5), 5, "median of one");
	expect_near(issue_quantile(one, 1, 0.9), 5, "p90 of one");
	expect_near(issue_quantile(two, 2, 0.5), 1.5, "median of two");
	expect_near(issue_quantile(two, 2, 0.9), 1.9, "p90 of two");
	expect_near(issue_quantile(NULL, 0, 0.5), 0, "nothing");
	issue_duration_stats(shuffled, 5, &s);
	cr_expect_eq(s.count, 5);
	expect_near(s.median, 5, "median of 1 3 5 7 9");
	expect_near(s.p90, 8.2, "p90 of 1 3 5 7 9"); /* (5-1)*0.9 = 3.6 → 7 + 0.6*2 */
	expect_near(shuffled[0], 1, "sorted in place");
	issue_duration_stats(NULL, 0, &s);
	cr_expect_eq(s.count, 0);
}

#define H 3600

Test(issue_figures, a_hand_made_set)
{
	struct issue_category cats[] = {{.code = "lift", .name = "电梯"},
					{.code = "noise", .name = "噪声"}};
	struct issue_area_count areas[] = {{.code = "A"}, {.code = "B"}};
	int64_t by_cat[2] = {0};
	struct issue_figures f = {0};
	struct issue_fig_acc acc = {0};
	int64_t now = 1000 * H;
	/* status, level, category, area, created, accepted, resolved, due, escalations,
	 * feedback steps and their sum */
	struct issue_fig_input in[] = {
		/* resolved on time: 2 h to accept, 10 h to resolve; rated 5 */
		{IS_RESOLVED, IL_COMMITTEE, 0, 0, 100 * H, 102 * H, 110 * H, 120 * H, 0, 1, 5},
		/* closed late: 4 h, 30 h; rated 4 */
		{IS_CLOSED, IL_STREET, 0, 1, 100 * H, 104 * H, 130 * H, 120 * H, 1, 1, 4},
		/* open, overdue, accepted after 6 h */
		{IS_IN_PROGRESS, IL_STREET, 1, 1, 100 * H, 106 * H, 0, 500 * H, 1, 0, 0},
		/* open, not yet due, never accepted */
		{IS_RECEIVED, IL_COMMITTEE, 1, 0, 900 * H, 0, 0, 2000 * H, 0, 0, 0},
		/* reopened after a resolution rated 1: its old resolved_at does not
		 * count, its rating does */
		{IS_REOPENED, IL_DISTRICT, 1, -1, 100 * H, 108 * H, 150 * H, 2000 * H, 2, 1, 1},
	};
	size_t k;

	f.categories.items = cats;
	f.categories.n = 2;
	f.by_category = by_cat;
	f.by_area = areas;
	f.nareas = 2;
	for (k = 0; k < sizeof(in) / sizeof(in[0]); k++)
		issue_figures_add(&f, &acc, &in[k], now, &ar);
	issue_figures_finish(&f, &acc);

	cr_expect_eq(f.total, 5);
	cr_expect_eq(f.by_status[IS_RESOLVED], 1);
	cr_expect_eq(f.by_status[IS_CLOSED], 1);
	cr_expect_eq(f.by_status[IS_IN_PROGRESS], 1);
	cr_expect_eq(f.by_status[IS_RECEIVED], 1);
	cr_expect_eq(f.by_status[IS_REOPENED], 1);
	cr_expect_eq(f.by_status[IS_ACCEPTED], 0);
	cr_expect_eq(f.by_level[IL_COMMITTEE], 2);
	cr_expect_eq(f.by_level[IL_STREET], 2);
	cr_expect_eq(f.by_level[IL_DISTRICT], 1);
	cr_expect_eq(by_cat[0], 2);
	cr_expect_eq(by_cat[1], 3);
	cr_expect_eq(areas[0].total, 2);
	cr_expect_eq(areas[0].open, 1);
	cr_expect_eq(areas[0].overdue, 0);
	cr_expect_eq(areas[1].total, 2);
	cr_expect_eq(areas[1].open, 1);
	cr_expect_eq(areas[1].overdue, 1);
	cr_expect_eq(f.escalated, 3);
	cr_expect_eq(f.overdue_open, 1);
	cr_expect_eq(f.resolved, 2);
	cr_expect_eq(f.resolved_on_time, 1);
	cr_expect_eq(f.feedback_count, 3);
	expect_near(f.satisfaction_sum / (double)f.feedback_count, 10.0 / 3, "mean satisfaction");
	/* to accept: 2 4 6 8 → median 5, p90 = 6 + 0.7 * 2 = 7.4 */
	cr_expect_eq(f.to_accept.count, 4);
	expect_near(f.to_accept.median, 5, "median hours to accept");
	expect_near(f.to_accept.p90, 7.4, "p90 hours to accept");
	/* to resolve: 10 30 → median 20, p90 = 10 + 0.9 * 20 = 28 */
	cr_expect_eq(f.to_resolve.count, 2);
	expect_near(f.to_resolve.median, 20, "median hours to resolve");
	expect_near(f.to_resolve.p90, 28, "p90 hours to resolve");
}

/* ---- the Open311 parsers and the XML writer ------------------------------ */

Test(open311, split_file)
{
	char stem[16];
	enum open311_format fmt;

	cr_expect(open311_split_file("123.json", stem, sizeof(stem), &fmt));
	cr_expect_str_eq(stem, "123");
	cr_expect_eq(fmt, O311_JSON);
	cr_expect(open311_split_file("lift.xml", stem, sizeof(stem), &fmt));
	cr_expect_str_eq(stem, "lift");
	cr_expect_eq(fmt, O311_XML);
	cr_expect(!open311_split_file(".json", stem, sizeof(stem), &fmt));
	cr_expect(!open311_split_file("123", stem, sizeof(stem), &fmt));
	cr_expect(!open311_split_file("123.jsonx", stem, sizeof(stem), &fmt));
	cr_expect(!open311_split_file("0123456789abcdef.json", stem, sizeof(stem), &fmt));
	cr_expect(!open311_split_file(NULL, stem, sizeof(stem), &fmt));
}

Test(open311, form_values)
{
	struct arena a;
	const char *body = "api_key=k%2Bey&description=%E5%99%AA+%E5%A3%B0&empty=&flag&bad=%4";

	arena_init(&a);
	cr_expect_str_eq(open311_form_value(body, strlen(body), "api_key", &a), "k+ey");
	cr_expect_str_eq(open311_form_value(body, strlen(body), "description", &a), "噪 声");
	cr_expect_str_eq(open311_form_value(body, strlen(body), "empty", &a), "");
	cr_expect_str_eq(open311_form_value(body, strlen(body), "flag", &a), "");
	cr_expect_null(open311_form_value(body, strlen(body), "bad", &a));
	cr_expect_null(open311_form_value(body, strlen(body), "missing", &a));
	cr_expect_null(open311_form_value("a=%00", 5, "a", &a));
	/* only the given length is read */
	cr_expect_null(open311_form_value(body, 3, "api_key", &a));
	arena_clear(&a);
}

Test(open311, times)
{
	static const struct {
		const char *s;
		bool ok;
		int64_t want;
	} cases[] = {
		{"2010-01-01T00:00:00Z", true, 1262304000},
		{"2010-01-01T08:00:00+08:00", true, 1262304000},
		{"2009-12-31T19:00:00-05:00", true, 1262304000},
		{"2010-01-01T00:00Z", true, 1262304000},
		{"2010-01-01T00:00:00.123Z", true, 1262304000},
		{"2010-01-01", true, 1262304000 - 8 * 3600}, /* a date: Shanghai's midnight */
		{"2010-01-01T08:00:00", true, 1262304000},   /* no zone: Shanghai */
		{"2024-02-29T00:00:00Z", true, 1709164800},
		{"2023-02-29T00:00:00Z", false, 0},
		{"2010-13-01T00:00:00Z", false, 0},
		{"2010-01-01T24:00:00Z", false, 0},
		{"2010-01-01T00:00:00+8", false, 0},
		{"2010-01-01 00:00:00Z", false, 0},
		{"2010-1-1", false, 0},
		{"", false, 0},
		{"2010-01-01T00:00:00Zjunk", false, 0},
	};
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		int64_t t = 0;
		bool ok = open311_parse_time(cases[k].s, &t);

		cr_expect_eq(ok, cases[k].ok, "%s: %d", cases[k].s, ok);
		if (ok && cases[k].ok)
			cr_expect_eq(t, cases[k].want, "%s: %lld, want %lld", cases[k].s,
				     (long long)t, (long long)cases[k].want);
	}
	cr_expect(!open311_parse_time(NULL, &(int64_t){0}));
}

Test(open311, lists_utf8_status)
{
	struct arena a;
	const char **items;
	size_t n;

	arena_init(&a);
	cr_expect(open311_split_list("lift,noise", &a, &items, &n, 5));
	cr_expect_eq(n, 2);
	cr_expect_str_eq(items[1], "noise");
	cr_expect(!open311_split_list("lift,,noise", &a, &items, &n, 5));
	cr_expect(!open311_split_list("a,b,c", &a, &items, &n, 2));
	cr_expect(!open311_split_list("", &a, &items, &n, 2));
	cr_expect(!open311_split_list("a,", &a, &items, &n, 2));
	cr_expect(open311_utf8_valid("噪声 noise"));
	cr_expect(!open311_utf8_valid("\xc0\xaf"));	    /* overlong */
	cr_expect(!open311_utf8_valid("\xed\xa0\x80"));	    /* a surrogate */
	cr_expect(!open311_utf8_valid("\xe5\x99"));	    /* cut short */
	cr_expect(!open311_utf8_valid("\xf4\x90\x80\x80")); /* past U+10FFFF */
	cr_expect_str_eq(open311_status("resolved"), "closed");
	cr_expect_str_eq(open311_status("closed"), "closed");
	cr_expect_str_eq(open311_status("reopened"), "open");
	cr_expect_str_eq(open311_status("received"), "open");
	arena_clear(&a);
}

Test(xml, escaping_and_json)
{
	struct buf b;
	json_t *v = json_pack("[{s:s, s:i, s:n, s:b, s:[s, s]}]", "name", "a<b>&\"c'\x01", "n", 3,
			      "none", "ok", 1, "formats", "text/xml", "application/json");

	buf_init(&b, 4096);
	cr_assert(xml_from_json(&b, "services", v, NULL));
	cr_expect_str_eq(b.data,
			 "<services><services><name>a&lt;b&gt;&amp;&quot;c&apos;</name><n>3</n>"
			 "<none></none><ok>true</ok><formats><formats>text/xml</formats>"
			 "<formats>application/json</formats></formats></services></services>");
	buf_clear(&b);
	json_decref(v);
}

/* ---- whole flows against a database --------------------------------------- */

static int64_t worker, head, street, district, other_street;
static struct sb_key key;

static void
flow_setup(void)
{
	static const char *const committee[] = {"310101002001"};
	static const char *const street_scope[] = {"310101002"};
	static const char *const district_scope[] = {"310101"};
	static const char *const other_scope[] = {"310101013"};

	db_setup();
	testdb_load_divisions(&db);
	cr_assert_eq(store_user_insert(st, "w", "x", ROLE_WORKER, committee, 1, 1, &worker), SB_OK);
	cr_assert_eq(store_user_insert(st, "h", "x", ROLE_COMMITTEE_HEAD, committee, 1, 1, &head),
		     SB_OK);
	cr_assert_eq(store_user_insert(st, "s", "x", ROLE_STREET, street_scope, 1, 1, &street),
		     SB_OK);
	cr_assert_eq(
		store_user_insert(st, "d", "x", ROLE_DISTRICT, district_scope, 1, 1, &district),
		SB_OK);
	cr_assert_eq(store_user_insert(st, "o", "x", ROLE_STREET, other_scope, 1, 1, &other_street),
		     SB_OK);
	memset(&key, 7, sizeof(key));
}

TestSuite(issue_flow, .init = flow_setup, .fini = db_teardown);

static struct issue_actor
as(int64_t id, enum role role, int64_t now)
{
	return (struct issue_actor){
		.user_id = id, .username = "t", .role = role, .now = now, .key = &key};
}

static struct scope
scope_of(int64_t id, enum role role)
{
	return (struct scope){id, role};
}

static int
step(int64_t user, enum role role, int64_t id, enum issue_action a, unsigned given,
     const char *text, int64_t now, struct issue_step_result *res, struct sb_fail *fail)
{
	struct scope sc = scope_of(user, role);
	struct issue_actor who = as(user, role, now);
	struct issue_step s = {.action = a, .given = given};
	struct issue_step_result dummy;

	s.note = s.reason = s.comment = text;
	s.satisfaction = 3;
	return issue_step(st, &sc, &who, id, &s, &ar, res ? res : &dummy, fail);
}

static struct issue
get(int64_t user, enum role role, int64_t id)
{
	struct scope sc = scope_of(user, role);
	struct issue i;

	cr_assert_eq(store_issue_get(st, &sc, id, &ar, &i), SB_OK);
	return i;
}

Test(issue_flow, escalate_up_and_back_with_deadlines)
{
	struct scope sc = scope_of(worker, ROLE_WORKER);
	struct issue_actor who = as(worker, ROLE_WORKER, at("2026-09-30T10:00:00+08:00"));
	struct issue_new in = {.category = "safety",
			       .description = "楼道堆物",
			       .channel = "office",
			       .committee_code = "310101002001",
			       .reporter_name = "王",
			       .reporter_phone = "138-0000-1234"};
	struct sb_fail fail = {0};
	struct issue i;
	int64_t id, t = at("2026-09-30T10:00:00+08:00");

	cr_assert_eq(issue_create(st, &sc, &who, &in, &ar, &id, &fail), SB_OK, "%s", fail.en);
	i = get(worker, ROLE_WORKER, id);
	cr_expect_str_eq(i.status, "received");
	cr_expect_str_eq(i.level, "committee");
	cr_expect_str_eq(i.street_code, "310101002");
	cr_expect_str_eq(i.due_date, "2026-10-09"); /* safety: 2 working days */
	cr_expect_str_eq(i.reporter_phone_mask, "138****1234");
	cr_expect_str_eq(i.receipt_no, "SB-2026-000001");

	/* a worker may not escalate; the head may, with a reason */
	cr_expect_eq(step(worker, ROLE_WORKER, id, IA_ESCALATE, IF_REASON, "r", t, NULL, &fail),
		     SB_FORBIDDEN);
	cr_expect_eq(step(head, ROLE_COMMITTEE_HEAD, id, IA_ESCALATE, 0, NULL, t, NULL, &fail),
		     SB_BAD_FIELD);
	cr_expect_str_eq(fail.field, "reason");
	cr_assert_eq(step(head, ROLE_COMMITTEE_HEAD, id, IA_ESCALATE, IF_REASON, "需要街道协调",
			  t + 60, NULL, &fail),
		     SB_OK);
	i = get(street, ROLE_STREET, id);
	cr_expect_str_eq(i.level, "street");
	cr_expect_str_eq(i.status, "received");
	cr_expect_str_eq(i.due_date, "2026-10-10"); /* the street's 3 days: 10-08, 09, 10 */
	cr_expect_eq(i.escalations, 1);
	/* the committee no longer works it; another street never sees it */
	cr_expect_eq(step(worker, ROLE_WORKER, id, IA_ACCEPT, 0, NULL, t, NULL, &fail),
		     SB_CONFLICT);
	cr_expect_eq(step(other_street, ROLE_STREET, id, IA_ACCEPT, 0, NULL, t, NULL, &fail),
		     SB_NOT_FOUND);
	cr_assert_eq(step(street, ROLE_STREET, id, IA_ESCALATE, IF_REASON, "跨部门", t + 120, NULL,
			  &fail),
		     SB_OK);
	i = get(district, ROLE_DISTRICT, id);
	cr_expect_str_eq(i.level, "district");
	cr_expect_str_eq(i.due_date, "2026-10-13"); /* the district's 5: 08 09 10 12 13 */
	cr_expect_eq(step(district, ROLE_DISTRICT, id, IA_ESCALATE, IF_REASON, "r", t, NULL, &fail),
		     SB_CONFLICT);
	/* back down with an instruction */
	cr_assert_eq(step(district, ROLE_DISTRICT, id, IA_RETURN, IF_NOTE, "请街道牵头", t + 180,
			  NULL, &fail),
		     SB_OK);
	i = get(street, ROLE_STREET, id);
	cr_expect_str_eq(i.level, "street");
	cr_assert_eq(step(street, ROLE_STREET, id, IA_RETURN, IF_NOTE, "请居委会落实", t + 240,
			  NULL, &fail),
		     SB_OK);
	i = get(worker, ROLE_WORKER, id);
	cr_expect_str_eq(i.level, "committee");
	cr_expect_eq(step(worker, ROLE_WORKER, id, IA_RETURN, IF_NOTE, "x", t, NULL, &fail),
		     SB_CONFLICT);
	{
		struct issue_event_list ev;

		cr_assert_eq(store_issue_events(st, &i.ref, &ar, &ev), SB_OK);
		cr_expect_eq(ev.n, 5);
		cr_expect_str_eq(ev.items[0].action, "create");
		cr_expect_str_eq(ev.items[1].action, "escalate");
		cr_expect_str_eq(ev.items[1].reason, "需要街道协调");
		cr_expect_str_eq(ev.items[1].level, "street");
		cr_expect_str_eq(ev.items[4].action, "return");
		cr_expect_str_eq(ev.items[4].note, "请居委会落实");
	}
}

Test(issue_flow, feedback_link_once_and_dissatisfied_reopens)
{
	struct scope sc = scope_of(worker, ROLE_WORKER);
	int64_t t = at("2026-11-02T09:00:00+08:00");
	struct issue_actor who = as(worker, ROLE_WORKER, t);
	struct issue_new in = {.category = "repairs",
			       .description = "水管",
			       .channel = "visit",
			       .committee_code = "310101002001"};
	struct issue_step_result res;
	struct sb_fail fail = {0};
	struct issue i;
	int64_t id, issue_id;

	cr_assert_eq(issue_create(st, &sc, &who, &in, &ar, &id, &fail), SB_OK);
	cr_expect_eq(step(worker, ROLE_WORKER, id, IA_RESOLVE, IF_NOTE, "ok", t, NULL, &fail),
		     SB_CONFLICT); /* received: accept first */
	cr_assert_eq(step(worker, ROLE_WORKER, id, IA_ACCEPT, 0, NULL, t + 3600, NULL, &fail),
		     SB_OK);
	i = get(worker, ROLE_WORKER, id);
	cr_expect_eq(i.assignee_id, worker, "accepting takes the issue");
	cr_expect_eq(i.accepted_at, t + 3600);
	cr_assert_eq(
		step(worker, ROLE_WORKER, id, IA_RESOLVE, IF_NOTE, "已修复", t + 7200, &res, &fail),
		SB_OK);
	cr_assert_eq(strlen(res.feedback_token), SB_TOKEN_CHARS);
	cr_expect_eq(res.feedback_expires_at, t + 7200 + 14 * 86400);
	cr_assert_eq(issue_link_issue(st, res.feedback_token, t + 8000, &ar, &i, &fail), SB_OK);
	cr_expect_str_eq(i.resolution, "已修复");
	cr_expect_eq(issue_link_issue(st, "nope", t, &ar, &i, &fail), SB_NOT_FOUND);
	/* expired a second past its time */
	cr_expect_eq(
		issue_link_issue(st, res.feedback_token, res.feedback_expires_at, &ar, &i, &fail),
		SB_CONFLICT);
	cr_expect_eq(issue_link_feedback(st, res.feedback_token, 6, NULL, t + 9000, &ar, &issue_id,
					 &fail),
		     SB_BAD_FIELD);
	cr_assert_eq(issue_link_feedback(st, res.feedback_token, 2, "还在漏", t + 9000, &ar,
					 &issue_id, &fail),
		     SB_OK);
	cr_expect_eq(issue_id, id);
	i = get(worker, ROLE_WORKER, id);
	cr_expect_str_eq(i.status, "reopened", "dissatisfied feedback reopens");
	cr_expect_eq(i.satisfaction, 2);
	/* the link worked once */
	cr_expect_eq(issue_link_feedback(st, res.feedback_token, 5, NULL, t + 9100, &ar, &issue_id,
					 &fail),
		     SB_CONFLICT);
	cr_expect_str_eq(fail.field, "token");
	/* resolved again: a new link; the worker records feedback; the new link is revoked */
	cr_assert_eq(step(worker, ROLE_WORKER, id, IA_START, 0, NULL, t + 9200, NULL, &fail),
		     SB_OK);
	cr_assert_eq(
		step(worker, ROLE_WORKER, id, IA_RESOLVE, IF_NOTE, "换管", t + 9300, &res, &fail),
		SB_OK);
	cr_assert_eq(step(worker, ROLE_WORKER, id, IA_FEEDBACK, IF_SATISFACTION, NULL, t + 9400,
			  NULL, &fail),
		     SB_OK);
	cr_expect_str_eq(get(worker, ROLE_WORKER, id).status, "resolved");
	cr_expect_eq(step(worker, ROLE_WORKER, id, IA_FEEDBACK, IF_SATISFACTION, NULL, t + 9500,
			  NULL, &fail),
		     SB_CONFLICT, "feedback once per resolution");
	cr_expect_eq(issue_link_issue(st, res.feedback_token, t + 9600, &ar, &i, &fail),
		     SB_CONFLICT);
	cr_assert_eq(step(worker, ROLE_WORKER, id, IA_CLOSE, 0, NULL, t + 9700, NULL, &fail),
		     SB_OK);
	cr_expect_str_eq(get(worker, ROLE_WORKER, id).status, "closed");
}

Test(issue_flow, members_and_hotline_work_orders)
{
	struct scope sc = scope_of(worker, ROLE_WORKER);
	int64_t t = at("2026-11-02T09:00:00+08:00");
	struct issue_actor who = as(worker, ROLE_WORKER, t);
	struct issue_new in = {.category = "noise",
			       .description = "夜间施工",
			       .channel = "hotline",
			       .committee_code = "310101002001",
			       .hotline_no = "12345-2026-0001"};
	struct scope hs = scope_of(head, ROLE_COMMITTEE_HEAD);
	struct issue_step s = {.action = IA_ACCEPT, .given = IF_SATISFACTION};
	struct issue_step_result res;
	struct sb_fail fail = {0};
	int64_t id, id2;

	cr_assert_eq(issue_create(st, &sc, &who, &in, &ar, &id, &fail), SB_OK);
	cr_expect_str_eq(get(worker, ROLE_WORKER, id).hotline_state, "came_with");
	/* the same work order is tracked once */
	cr_expect_eq(issue_create(st, &sc, &who, &in, &ar, &id2, &fail), SB_CONFLICT);
	cr_expect_str_eq(fail.field, "hotline_no");
	/* a member the action does not use */
	cr_expect_eq(issue_step(st, &hs, &who, id, &s, &ar, &res, &fail), SB_BAD_FIELD);
	cr_expect_str_eq(fail.field, "satisfaction");
	/* hand back from 12345 before handing off: refused */
	cr_expect_eq(step(worker, ROLE_WORKER, id, IA_HOTLINE_RETURN, IF_NOTE, "x", t, NULL, &fail),
		     SB_CONFLICT);
	cr_assert_eq(step(worker, ROLE_WORKER, id, IA_HOTLINE_HANDOFF, 0, NULL, t, NULL, &fail),
		     SB_OK);
	cr_expect_str_eq(get(worker, ROLE_WORKER, id).hotline_state, "handed_off");
	cr_assert_eq(step(worker, ROLE_WORKER, id, IA_HOTLINE_RETURN, IF_NOTE, "城管已处理", t,
			  NULL, &fail),
		     SB_OK);
	cr_expect_str_eq(get(worker, ROLE_WORKER, id).hotline_state, "returned");
	/* assign: a worker of the committee, not the street user */
	s = (struct issue_step){.action = IA_ASSIGN, .given = IF_ASSIGNEE, .assignee_id = street};
	cr_expect_eq(issue_step(st, &sc, &who, id, &s, &ar, &res, &fail), SB_BAD_FIELD);
	cr_expect_str_eq(fail.field, "assignee_id");
	s.assignee_id = head;
	cr_expect_eq(issue_step(st, &sc, &who, id, &s, &ar, &res, &fail), SB_OK);
	cr_expect_eq(get(worker, ROLE_WORKER, id).assignee_id, head);
	/* out of scope: a place of another committee is a bad field */
	in.hotline_no = NULL;
	in.committee_code = "310101013001";
	cr_expect_eq(issue_create(st, &sc, &who, &in, &ar, &id2, &fail), SB_BAD_FIELD);
	cr_expect_str_eq(fail.field, "committee_code");
	in.committee_code = "310101002001";
	in.category = "nothing";
	cr_expect_eq(issue_create(st, &sc, &who, &in, &ar, &id2, &fail), SB_BAD_FIELD);
	cr_expect_str_eq(fail.field, "category");
	in.category = "noise";
	in.received_at = t + 3600; /* the future */
	cr_expect_eq(issue_create(st, &sc, &who, &in, &ar, &id2, &fail), SB_BAD_FIELD);
	cr_expect_str_eq(fail.field, "received_at");
}
