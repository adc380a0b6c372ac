/* Consultation and networks (core/party.c, core/consult.c): the party-group
 * proposal over hand-made buildings of 0–7 members, vote tallies against
 * quorum rules, survey questions, answers and their aggregation. */

#include <math.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/consult.h"
#include "core/party.h"

/* ---- the party-group proposal ----------------------------------------- */

#define MAXB 16

struct propose_case {
	const char *name;
	/* buildings: compound, label, members */
	struct {
		int64_t compound;
		const char *label;
		int members;
	} b[MAXB];
	size_t n;
	/* the groups wanted, in building order: members of each; -1 ends */
	int want[MAXB];
	/* which groups are below the minimum (index list, -1 ends) */
	int below[MAXB];
};

static const struct propose_case propose_cases[] = {
	{"no buildings", {{0, NULL, 0}}, 0, {-1}, {-1}},
	{"buildings without members", {{1, "1号", 0}, {1, "2号", 0}}, 2, {-1}, {-1}},
	{"one building of 7", {{1, "1号", 7}}, 1, {7, -1}, {-1}},
	{"one building of 3 is a group", {{1, "1号", 3}}, 1, {3, -1}, {-1}},
	{"two buildings of 3", {{1, "1号", 3}, {1, "2号", 3}}, 2, {3, 3, -1}, {-1}},
	{"three buildings of 1 make one group",
	 {{1, "1号", 1}, {1, "2号", 1}, {1, "3号", 1}},
	 3,
	 {3, -1},
	 {-1}},
	{"a small building joins its smaller neighbour",
	 {{1, "1号", 2}, {1, "2号", 1}, {1, "3号", 7}},
	 3,
	 {3, 7, -1},
	 {-1}},
	{"a small building at the end joins the big one, then the other small one joins too",
	 {{1, "1号", 2}, {1, "2号", 7}, {1, "3号", 1}},
	 3,
	 {10, -1},
	 {-1}},
	{"one member alone stays a group below the minimum", {{1, "1号", 1}}, 1, {1, -1}, {0, -1}},
	{"two of 1 stay below the minimum together",
	 {{1, "1号", 1}, {1, "2号", 1}},
	 2,
	 {2, -1},
	 {0, -1}},
	{"buildings without members are skipped: neighbours across them merge",
	 {{1, "1号", 0}, {1, "2号", 2}, {1, "3号", 0}, {1, "4号", 2}},
	 4,
	 {4, -1},
	 {-1}},
	{"groups never cross compounds", {{1, "1号", 2}, {2, "1号", 2}}, 2, {2, 2, -1}, {0, 1, -1}},
	{"the smallest group merges first, with the neighbour that has fewer",
	 {{1, "1号", 4}, {1, "2号", 1}, {1, "3号", 5}, {1, "4号", 6}, {1, "5号", 2}, {1, "6号", 2}},
	 6,
	 {5, 5, 6, 4, -1},
	 {-1}},
	{"0 to 7 members in a row",
	 {{1, "1号", 0},
	  {1, "2号", 1},
	  {1, "3号", 2},
	  {1, "4号", 3},
	  {1, "5号", 4},
	  {1, "6号", 5},
	  {1, "7号", 6},
	  {1, "8号", 7}},
	 8,
	 {3, 3, 4, 5, 6, 7, -1},
	 {-1}},
	{"label numbers order the buildings, not their text",
	 /* in text order 20号 < 21号 < 3号楼, by number 3 < 20 < 21: the 1 of 3号楼
	  * sits beside 20号 (2), not beside 21号 (5) */
	 {{1, "21号", 5}, {1, "3号楼", 1}, {1, "20号", 2}},
	 3,
	 {3, 5, -1},
	 {-1}},
	{"a tie between neighbours goes to the earlier one",
	 {{1, "1号", 3}, {1, "2号", 1}, {1, "3号", 3}},
	 3,
	 {4, 3, -1},
	 {-1}},
};

static void
party_propose_one(const struct propose_case *c)
{
	struct party_building b[MAXB];
	struct party_group g[MAXB];
	size_t ng = 0, i, want_n = 0, k;
	int sum_in = 0, sum_out = 0;

	memset(b, 0, sizeof(b));
	for (i = 0; i < c->n; i++) {
		b[i].id = (int64_t)i + 1;
		b[i].compound_id = c->b[i].compound;
		b[i].label = c->b[i].label;
		b[i].members = c->b[i].members;
		sum_in += c->b[i].members;
	}
	party_propose(b, c->n, PARTY_GROUP_MIN, g, &ng);
	while (c->want[want_n] >= 0)
		want_n++;
	cr_assert_eq(ng, want_n, "%s: %zu groups, want %zu", c->name, ng, want_n);
	for (i = 0; i < ng; i++) {
		bool below = false;

		for (k = 0; c->below[k] >= 0; k++)
			if ((size_t)c->below[k] == i)
				below = true;
		cr_expect_eq(g[i].members, c->want[i], "%s: group %zu has %d members, want %d",
			     c->name, i, g[i].members, c->want[i]);
		cr_expect_eq(g[i].below_minimum, below, "%s: group %zu below minimum", c->name, i);
		sum_out += g[i].members;
	}
	/* Every member is in exactly one group; buildings without members in none;
	 * a group's buildings are of its compound and add up to its members. */
	cr_expect_eq(sum_out, sum_in, "%s: members in groups", c->name);
	for (i = 0; i < c->n; i++) {
		if (b[i].members == 0) {
			cr_expect_eq(b[i].group, -1, "%s: %s has no members but a group", c->name,
				     b[i].label);
			continue;
		}
		cr_assert(b[i].group >= 0 && (size_t)b[i].group < ng, "%s: %s has no group",
			  c->name, b[i].label);
		cr_expect_eq(g[b[i].group].compound_id, b[i].compound_id, "%s: crosses compounds",
			     c->name);
	}
	for (i = 0; i < ng; i++) {
		int m = 0, nb = 0;

		for (k = 0; k < c->n; k++)
			if (b[k].group == (int)i) {
				m += b[k].members;
				nb++;
			}
		cr_expect_eq(m, g[i].members, "%s: group %zu members add up", c->name, i);
		cr_expect_eq(nb, g[i].buildings, "%s: group %zu buildings", c->name, i);
	}
}

Test(party, proposal_keeps_groups_in_building_order)
{
	struct party_building b[] = {
		{.id = 1, .compound_id = 1, .label = "22号", .members = 3},
		{.id = 2, .compound_id = 1, .label = "20号", .members = 4},
		{.id = 3, .compound_id = 1, .label = "21号", .members = 0},
	};
	struct party_group g[3];
	size_t ng;

	party_propose(b, 3, PARTY_GROUP_MIN, g, &ng);
	cr_assert_eq(ng, 2);
	/* sorted: 20号, 21号, 22号 */
	cr_expect_str_eq(b[0].label, "20号");
	cr_expect_eq(b[0].group, 0);
	cr_expect_eq(b[1].group, -1);
	cr_expect_eq(b[2].group, 1);
	cr_expect_eq(g[0].members, 4);
	cr_expect_eq(g[1].members, 3);
}

Test(party, label_numbers)
{
	cr_expect_eq(party_label_number("20号"), 20);
	cr_expect_eq(party_label_number("3号楼"), 3);
	cr_expect_eq(party_label_number("A区5幢"), 5);
	cr_expect_eq(party_label_number("东楼"), -1);
	cr_expect_eq(party_label_number(NULL), -1);
}

/* ---- vote tallies and quorum ------------------------------------------ */

struct tally_case {
	const char *name;
	struct quorum_rule rule;
	bool satisfaction;
	struct vote_tally in;
	int cast;
	double approval, mean;
	bool quorum_met, passed;
};

static const struct tally_case tally_cases[] = {
	{"98 % approve a lift plan",
	 {0, 50, 50},
	 false,
	 {.invited = 50, .present = 50, .votes_for = 49, .against = 1},
	 50,
	 0.98,
	 0,
	 true,
	 true},
	{"quorum missed: 60 of 100 present, two thirds needed",
	 {0, 67, 50},
	 false,
	 {.invited = 100, .present = 60, .votes_for = 60},
	 60,
	 1.0,
	 0,
	 false,
	 false},
	{"quorum exactly met: half present",
	 {0, 50, 50},
	 false,
	 {.invited = 10, .present = 5, .votes_for = 5},
	 5,
	 1.0,
	 0,
	 true,
	 true},
	{"a tie does not pass (more than half needed)",
	 {0, 0, 50},
	 false,
	 {.invited = 10, .present = 10, .votes_for = 5, .against = 5},
	 10,
	 0.5,
	 0,
	 true,
	 false},
	{"six of ten pass",
	 {0, 0, 50},
	 false,
	 {.invited = 10, .present = 10, .votes_for = 6, .against = 4},
	 10,
	 0.6,
	 0,
	 true,
	 true},
	{"abstentions count among the votes cast",
	 {0, 0, 50},
	 false,
	 {.invited = 10, .present = 10, .votes_for = 5, .against = 3, .abstain = 2},
	 10,
	 0.5,
	 0,
	 true,
	 false},
	{"two thirds rule",
	 {0, 0, 66},
	 false,
	 {.invited = 9, .present = 9, .votes_for = 6, .against = 3},
	 9,
	 6.0 / 9,
	 0,
	 true,
	 true},
	{"too few present by head count",
	 {5, 0, 50},
	 false,
	 {.invited = 4, .present = 3, .votes_for = 3},
	 3,
	 1.0,
	 0,
	 false,
	 false},
	{"nobody voted", {0, 0, 50}, false, {.invited = 10, .present = 10}, 0, 0, 0, true, false},
	{"satisfaction: mean and share of 4 and 5",
	 {0, 0, 50},
	 true,
	 {.invited = 10, .present = 10, .scores = {0, 0, 1, 2, 7}},
	 10,
	 0.9,
	 4.6,
	 true,
	 true},
	{"satisfaction below the bar",
	 {0, 0, 80},
	 true,
	 {.invited = 10, .present = 10, .scores = {1, 1, 2, 3, 3}},
	 10,
	 0.6,
	 3.6,
	 true,
	 false},
};

static void
tally_cases_one(const struct tally_case *c)
{
	struct vote_tally t = c->in;

	vote_tally_finish(&t, &c->rule, c->satisfaction);
	cr_expect_eq(t.cast, c->cast, "%s: cast %d", c->name, t.cast);
	cr_expect(fabs(t.approval - c->approval) < 1e-9, "%s: approval %f, want %f", c->name,
		  t.approval, c->approval);
	cr_expect(fabs(t.mean - c->mean) < 1e-9, "%s: mean %f", c->name, t.mean);
	cr_expect_eq(t.quorum_met, c->quorum_met, "%s: quorum", c->name);
	cr_expect_eq(t.passed, c->passed, "%s: passed", c->name);
}

/* ---- survey questions, answers, aggregation ---------------------------- */

static json_t *
j(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &e);

	cr_assert(v, "bad test JSON %s: %s", text, e.text);
	return v;
}

static const char *const questions_text =
	"[{\"kind\":\"single\",\"text\":\"加装电梯？\",\"options\":[\"同意\",\"反对\",\"无所谓\"],"
	"\"required\":true},"
	"{\"kind\":\"multiple\",\"text\":\"需要哪些服务？\",\"options\":[\"助餐\",\"配药\","
	"\"理发\"]},"
	"{\"kind\":\"rating\",\"text\":\"对物业满意吗？\"},"
	"{\"kind\":\"number\",\"text\":\"家里几口人？\"},"
	"{\"kind\":\"text\",\"text\":\"其他建议\"}]";

struct check_case {
	const char *json;
	const char *field; /* NULL: valid */
};

static const struct check_case question_cases[] = {
	{"[{\"kind\":\"rating\",\"text\":\"满意吗\"}]", NULL},
	{"[]", "questions"},
	{"{}", "questions"},
	{"[{\"kind\":\"essay\",\"text\":\"x\"}]", "questions[0].kind"},
	{"[{\"kind\":\"text\",\"text\":\"\"}]", "questions[0].text"},
	{"[{\"kind\":\"single\",\"text\":\"x\",\"options\":[\"a\"]}]", "questions[0].options"},
	{"[{\"kind\":\"single\",\"text\":\"x\",\"options\":[\"a\",\"a\"]}]",
	 "questions[0].options"},
	{"[{\"kind\":\"rating\",\"text\":\"x\",\"options\":[\"a\",\"b\"]}]",
	 "questions[0].options"},
	{"[{\"kind\":\"text\",\"text\":\"x\",\"colour\":1}]", "questions[0].colour"},
	{"[{\"kind\":\"text\",\"text\":\"x\",\"required\":\"yes\"}]", "questions[0].required"},
};

static void
survey_questions_check_one(const struct check_case *c)
{
	struct sb_fail fail = {0};
	struct arena ar;
	json_t *q = j(c->json);
	int rc;

	arena_init(&ar);
	rc = survey_questions_check(q, &ar, &fail);
	if (c->field == NULL) {
		cr_expect_eq(rc, SB_OK, "%s: %s", c->json, fail.en ? fail.en : "");
	} else {
		cr_expect_eq(rc, SB_BAD_FIELD, "%s accepted", c->json);
		cr_expect_str_eq(fail.field ? fail.field : "", c->field);
	}
	json_decref(q);
	arena_clear(&ar);
}

static const struct check_case answer_cases[] = {
	{"[\"同意\", [\"助餐\",\"理发\"], 4, 3, \"希望早点装\"]", NULL},
	{"[\"反对\", null, null, null, null]", NULL},
	{"[\"同意\", [], 5, 2.5, \"\"]", NULL},
	{"[null, null, null, null, null]", "answers[0]"},
	{"[\"赞成\", null, null, null, null]", "answers[0]"},
	{"[\"同意\", [\"助餐\",\"助餐\"], null, null, null]", "answers[1]"},
	{"[\"同意\", [\"洗衣\"], null, null, null]", "answers[1]"},
	{"[\"同意\", null, 6, null, null]", "answers[2]"},
	{"[\"同意\", null, 4.5, null, null]", "answers[2]"},
	{"[\"同意\", null, null, \"三\", null]", "answers[3]"},
	{"[\"同意\", null, null, null, 7]", "answers[4]"},
	{"[\"同意\"]", "answers"},
	{"{}", "answers"},
};

static void
survey_answers_check_one(const struct check_case *c)
{
	struct sb_fail fail = {0};
	struct arena ar;
	json_t *q = j(questions_text), *a = j(c->json);
	int rc;

	arena_init(&ar);
	cr_assert_eq(survey_questions_check(q, &ar, &fail), SB_OK);
	rc = survey_answers_check(q, a, &ar, &fail);
	if (c->field == NULL) {
		cr_expect_eq(rc, SB_OK, "%s: %s", c->json, fail.en ? fail.en : "");
	} else {
		cr_expect_eq(rc, SB_BAD_FIELD, "%s accepted", c->json);
		cr_expect_str_eq(fail.field ? fail.field : "", c->field);
	}
	json_decref(q);
	json_decref(a);
	arena_clear(&ar);
}

static double
num(json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

Test(survey, aggregation)
{
	static const char *const answers[] = {
		"[\"同意\", [\"助餐\",\"理发\"], 5, 3, \"希望早点装\"]",
		"[\"同意\", [\"助餐\"], 4, 1, null]",
		"[\"反对\", [], 2, null, null]",
		"[\"同意\", null, null, 4, \"\"]",
	};
	json_t *q = j(questions_text), *o, *opts;
	struct survey_agg agg[5];
	size_t i, k;

	for (k = 0; k < 5; k++)
		survey_agg_init(&agg[k], json_array_get(q, k));
	for (i = 0; i < 4; i++) {
		json_t *a = j(answers[i]);

		for (k = 0; k < 5; k++)
			survey_agg_add(&agg[k], json_array_get(q, k), json_array_get(a, k));
		json_decref(a);
	}
	/* single choice: 3 同意, 1 反对, 0 无所谓 of 4 */
	o = survey_agg_json(&agg[0], json_array_get(q, 0));
	cr_expect_eq(json_integer_value(json_object_get(o, "answered")), 4);
	opts = json_object_get(o, "options");
	cr_assert_eq(json_array_size(opts), 3);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(opts, 0), "option")),
			 "同意");
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(opts, 0), "count")), 3);
	cr_expect(fabs(num(json_array_get(opts, 0), "share") - 0.75) < 1e-9);
	cr_expect(fabs(num(json_array_get(opts, 1), "share") - 0.25) < 1e-9);
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(opts, 2), "count")), 0);
	json_decref(o);
	/* multiple choice: 3 answered (one empty list counts as answered); 助餐 2/3 */
	o = survey_agg_json(&agg[1], json_array_get(q, 1));
	cr_expect_eq(json_integer_value(json_object_get(o, "answered")), 3);
	opts = json_object_get(o, "options");
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(opts, 0), "count")), 2);
	cr_expect(fabs(num(json_array_get(opts, 0), "share") - 0.6667) < 1e-9);
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(opts, 2), "count")), 1);
	json_decref(o);
	/* rating: 5, 4, 2 → mean 3.6667, counts per score */
	o = survey_agg_json(&agg[2], json_array_get(q, 2));
	cr_expect_eq(json_integer_value(json_object_get(o, "answered")), 3);
	cr_expect(fabs(num(o, "mean") - 3.6667) < 1e-9, "mean %f", num(o, "mean"));
	cr_expect_eq(json_integer_value(json_array_get(json_object_get(o, "counts"), 1)), 1);
	cr_expect_eq(json_integer_value(json_array_get(json_object_get(o, "counts"), 4)), 1);
	cr_expect_eq(json_integer_value(json_array_get(json_object_get(o, "counts"), 2)), 0);
	json_decref(o);
	/* number: 3, 1, 4 → mean 2.6667, min 1, max 4 */
	o = survey_agg_json(&agg[3], json_array_get(q, 3));
	cr_expect_eq(json_integer_value(json_object_get(o, "answered")), 3);
	cr_expect(fabs(num(o, "mean") - 2.6667) < 1e-9);
	cr_expect(fabs(num(o, "min") - 1) < 1e-9);
	cr_expect(fabs(num(o, "max") - 4) < 1e-9);
	json_decref(o);
	/* text: two answered (an empty string is an answer) */
	o = survey_agg_json(&agg[4], json_array_get(q, 4));
	cr_expect_eq(json_integer_value(json_object_get(o, "answered")), 2);
	json_decref(o);
	json_decref(q);
}

Test(survey, aggregation_of_nothing)
{
	json_t *q = j("{\"kind\":\"rating\",\"text\":\"x\"}"), *o;
	struct survey_agg a;

	survey_agg_init(&a, q);
	o = survey_agg_json(&a, q);
	cr_expect_eq(json_integer_value(json_object_get(o, "answered")), 0);
	cr_expect(json_is_null(json_object_get(o, "mean")));
	json_decref(o);
	json_decref(q);
}

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

Test(party, propose_table)
{
	size_t i;

	for (i = 0; i < NELEMS(propose_cases); i++)
		party_propose_one(&propose_cases[i]);
}

Test(tally, table)
{
	size_t i;

	for (i = 0; i < NELEMS(tally_cases); i++)
		tally_cases_one(&tally_cases[i]);
}

Test(survey, questions_table)
{
	size_t i;

	for (i = 0; i < NELEMS(question_cases); i++)
		survey_questions_check_one(&question_cases[i]);
}

Test(survey, answers_table)
{
	size_t i;

	for (i = 0; i < NELEMS(answer_cases); i++)
		survey_answers_check_one(&answer_cases[i]);
}
