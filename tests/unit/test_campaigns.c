/* Campaign progress counting, the gate log's retention eraser and the
 * worker's record points (docs/campaigns.md), from hand-made data. */
#include <limits.h>
#include <string.h>

#include <criterion/criterion.h>

#include "core/campaign.h"
#include "core/record.h"
#include "store/campaigns.h"
#include "store/sqlite/sqlite_int.h" /* the SQLite backend, seen from inside */
#include "testdb.h"

static struct campaign_row
row(int64_t target, int64_t grid, int64_t worker, int64_t compound, const char *committee,
    const char *building, int floor, const char *room, bool done)
{
	struct campaign_row r = {.target_id = target,
				 .household_id = target,
				 .grid_id = grid,
				 .worker_id = worker,
				 .compound_id = compound,
				 .committee_code = committee,
				 .compound = "普雄2村",
				 .building = building,
				 .floor = floor,
				 .room = room,
				 .done = done};
	return r;
}

Test(campaign, progress_per_grid_worker_compound_committee)
{
	struct campaign_row rows[] = {
		row(1, 10, 7, 100, "A", "2号", 3, "301", true),
		row(2, 10, 7, 100, "A", "2号", 1, "101", false),
		row(3, 11, 8, 100, "A", "10号", 2, "201", true),
		row(4, 0, 0, 101, "B", "1号", 1, "101", true),
	};
	struct progress_group *g;
	struct arena ar;
	size_t n;

	arena_init(&ar);
	campaign_progress(rows, 4, PB_GRID, &ar, &g, &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(g[0].id, 10);
	cr_assert_eq(g[0].total, 2);
	cr_assert_eq(g[0].done, 1);
	cr_assert_eq(g[1].id, 11);
	cr_assert_eq(g[1].done, 1);
	cr_assert_eq(g[2].id, 0, "no grid is a group of its own");
	campaign_progress(rows, 4, PB_WORKER, &ar, &g, &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(g[0].id, 7);
	cr_assert_eq(g[0].total, 2);
	campaign_progress(rows, 4, PB_COMPOUND, &ar, &g, &n);
	cr_assert_eq(n, 2);
	cr_assert_eq(g[0].total, 3);
	cr_assert_eq(g[0].done, 2);
	campaign_progress(rows, 4, PB_COMMITTEE, &ar, &g, &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(g[0].code, "A");
	cr_assert_eq(g[1].done, 1);
	cr_assert_eq(campaign_percent(2, 3), 66);
	cr_assert_eq(campaign_percent(3, 3), 100);
	cr_assert_eq(campaign_percent(0, 0), 0);
	arena_clear(&ar);
}

Test(campaign, left_in_walking_order)
{
	struct campaign_row rows[] = {
		row(1, 10, 7, 100, "A", "10号", 2, "201", false),
		row(2, 10, 7, 100, "A", "2号", 3, "301", false),
		row(3, 10, 7, 100, "A", "2号", 1, "101", true),
		row(4, 10, 7, 100, "A", "2号", INT_MIN, "地下室", false),
		row(5, 10, 7, 100, "A", "2号", 1, "102", false),
	};
	const struct campaign_row **l;
	struct arena ar;
	size_t n;

	arena_init(&ar);
	campaign_left(rows, 5, &ar, &l, &n);
	cr_assert_eq(n, 4);
	cr_assert_eq(l[0]->target_id, 5, "2号 102 first");
	cr_assert_eq(l[1]->target_id, 2);
	cr_assert_eq(l[2]->target_id, 4, "unknown floor last in its building");
	cr_assert_eq(l[3]->target_id, 1, "10号 after 2号");
	arena_clear(&ar);
}

Test(campaign, entry_values_are_checked_against_the_fields)
{
	const char *spec =
		"[{\"key\":\"booked\",\"label\":\"已预约\",\"type\":\"yes_no\",\"required\":true},"
		"{\"key\":\"kind\",\"label\":\"类型\",\"type\":\"choice\",\"options\":[\"N95\"]},"
		"{\"key\":\"on\",\"label\":\"日期\",\"type\":\"date\"},"
		"{\"key\":\"n\",\"label\":\"剂次\",\"type\":\"number\"}]";
	static const struct {
		const char *values;
		int rc;
		const char *field;
		bool done;
	} cases[] = {
		{"{\"booked\":true}", SB_OK, NULL, true},
		{"{\"kind\":\"N95\"}", SB_OK, NULL, false},
		{"{\"booked\":null}", SB_OK, NULL, false},
		{"{\"booked\":\"yes\"}", SB_BAD_FIELD, "values.booked", false},
		{"{\"kind\":\"KN95\"}", SB_BAD_FIELD, "values.kind", false},
		{"{\"on\":\"2026-02-30\"}", SB_BAD_FIELD, "values.on", false},
		{"{\"n\":\"2\"}", SB_BAD_FIELD, "values.n", false},
		{"{\"x\":1}", SB_BAD_FIELD, "values.x", false},
	};
	struct campaign_field *f;
	struct arena ar;
	size_t nf, i;
	json_t *j = json_loads(spec, 0, NULL);

	arena_init(&ar);
	cr_assert_eq(campaign_fields_parse(j, &ar, &f, &nf, NULL), SB_OK);
	cr_assert_eq(nf, 4);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sb_fail fail = {0};
		json_t *v = json_loads(cases[i].values, 0, NULL);
		bool done = false;
		int rc = campaign_entry_check(f, nf, v, &ar, &done, &fail);

		cr_assert_eq(rc, cases[i].rc, "%s", cases[i].values);
		if (cases[i].field)
			cr_assert_str_eq(fail.field, cases[i].field);
		else
			cr_assert_eq(done, cases[i].done, "%s", cases[i].values);
		json_decref(v);
	}
	json_decref(j);
	arena_clear(&ar);
}

/* What counts as done (docs/campaigns.md, "When a target is done"). */
Test(campaign, done_when_rules)
{
	const char *spec =
		"[{\"key\":\"delivered\",\"label\":\"已送达\",\"type\":\"yes_no\",\"done_when\":"
		"true},"
		"{\"key\":\"r\",\"label\":\"情况\",\"type\":\"choice\",\"options\":[\"正常\","
		"\"需就医\",\"无人\"],\"done_when\":[\"正常\",\"需就医\"]},"
		"{\"key\":\"k\",\"label\":\"种类\",\"type\":\"choice\",\"options\":[\"甲\",\"乙\"],"
		"\"done_when\":\"乙\"},"
		"{\"key\":\"off\",\"label\":\"停用\",\"type\":\"yes_no\",\"done_when\":false}]";
	static const struct {
		const char *values;
		bool done;
	} cases[] = {
		{"{\"delivered\":true,\"r\":\"正常\",\"k\":\"乙\",\"off\":false}", true},
		{"{\"delivered\":false,\"r\":\"正常\",\"k\":\"乙\",\"off\":false}", false},
		{"{\"delivered\":true,\"r\":\"无人\",\"k\":\"乙\",\"off\":false}", false},
		{"{\"delivered\":true,\"r\":\"需就医\",\"k\":\"甲\",\"off\":false}", false},
		{"{\"delivered\":true,\"r\":\"需就医\",\"k\":\"乙\",\"off\":true}", false},
		{"{\"delivered\":true,\"r\":\"需就医\",\"k\":\"乙\"}", false},
		{"{\"delivered\":null,\"r\":\"正常\",\"k\":\"乙\",\"off\":false}", false},
	};
	static const char *const bad[] = {
		"[{\"key\":\"a\",\"label\":\"A\",\"type\":\"yes_no\",\"done_when\":\"yes\"}]",
		"[{\"key\":\"a\",\"label\":\"A\",\"type\":\"choice\",\"options\":[\"x\"],"
		"\"done_when\":[\"y\"]}]",
		"[{\"key\":\"a\",\"label\":\"A\",\"type\":\"choice\",\"options\":[\"x\"],"
		"\"done_when\":[]}]",
		"[{\"key\":\"a\",\"label\":\"A\",\"type\":\"number\",\"done_when\":1}]",
	};
	struct campaign_field *f;
	struct arena ar;
	size_t nf, i;
	json_t *j = json_loads(spec, 0, NULL);

	arena_init(&ar);
	cr_assert_not_null(j);
	cr_assert_eq(campaign_fields_parse(j, &ar, &f, &nf, NULL), SB_OK);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *v = json_loads(cases[i].values, 0, NULL);
		bool done = !cases[i].done;

		cr_assert_not_null(v, "%s", cases[i].values);
		cr_assert_eq(campaign_entry_check(f, nf, v, &ar, &done, NULL), SB_OK, "%s",
			     cases[i].values);
		cr_expect_eq(done, cases[i].done, "%s", cases[i].values);
		json_decref(v);
	}
	json_decref(j);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sb_fail fail = {0};

		j = json_loads(bad[i], 0, NULL);
		cr_assert_not_null(j);
		cr_expect_eq(campaign_fields_parse(j, &ar, &f, &nf, &fail), SB_BAD_FIELD, "%s",
			     bad[i]);
		cr_expect_str_eq(fail.field ? fail.field : "", "fields[0].done_when", "%s", bad[i]);
		json_decref(j);
	}
	arena_clear(&ar);
}

Test(gate, hour_counts_and_expiry)
{
	int64_t start = 1700000000;
	int64_t at[] = {start + 60, start + 3600 * 9 + 5, start + 3600 * 9 + 50, start - 1,
			start + 86400};
	bool out[] = {false, false, true, false, false};
	int c[24][2];

	gate_hour_counts(at, out, 5, start, c);
	cr_assert_eq(c[0][0], 1);
	cr_assert_eq(c[9][0], 1);
	cr_assert_eq(c[9][1], 1);
	cr_assert_eq(c[23][0], 0, "the next day's midnight is not counted");
	cr_assert(gate_expired(start, 7, start + 7 * 86400));
	cr_assert_not(gate_expired(start, 7, start + 7 * 86400 - 1));
	cr_assert(gate_expired(start, 0, start + 30 * 86400), "no retention: 30 days");
}

static struct testdb db;

static int
store_exec(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? SB_OK : SB_INTERNAL;
}

static void
db_open(void)
{
	testdb_open(&db);
}

static void
db_close(void)
{
	testdb_close(&db);
}

/* The eraser in the store: past the retention the personal fields go, and
 * erased stays erased even when the retention grows again. */
Test(gate, eraser_in_the_store, .init = db_open, .fini = db_close)
{
	struct store *st = db.st;
	const char *setup[] = {
		"INSERT INTO area (code, name, level) VALUES ('31', '上海市', 'city')",
		"INSERT INTO account (id, username, password_hash, role, created_at) VALUES (1, "
		"'g', "
		"'x', 'worker', 0)",
		"INSERT INTO compound (id, committee_code, name, kind) VALUES (1, '31', 'c', "
		"'other')",
		"INSERT INTO gate (id, compound_id, committee_code, name, created_at) VALUES (1, "
		"1, '31', '南门', 0)",
		"INSERT INTO campaign (id, committee_code, name, unit, fields, "
		"gate_retention_days, created_at)"
		" VALUES (1, '31', '返沪', 'household', '[]', 7, 0)",
	};
	int64_t now = 1800000000, n, id[3];
	struct gate_entry e = {.gate_id = 1,
			       .committee_code = "31",
			       .direction = "in",
			       .person = "visitor",
			       .name = "访客",
			       .purpose = "探亲",
			       .recorded_by = 1};
	size_t i;

	for (i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
		cr_assert_eq(store_exec(st, setup[i]), SB_OK, "%s", setup[i]);
	e.campaign_id = 1;
	e.at = now - 8 * 86400; /* past 7 days */
	/* the gate as its scoped read finds it (the user's scope, made here) */
	struct scope in31 = {.user_id = 1, .role = ROLE_WORKER};
	struct arena gate_ar;
	struct gate gate;

	cr_assert_eq(store_exec(st, "INSERT INTO user_scope (user_id, area_code) VALUES (1, '31')"),
		     SB_OK);
	cr_assert_eq(store_exec(st, "INSERT INTO area_closure (descendant, ancestor, depth)"
				    " VALUES ('31', '31', 0)"),
		     SB_OK);
	arena_init(&gate_ar);
	cr_assert_eq(store_gate_get(st, &in31, 1, &gate_ar, &gate), SB_OK);
	/* the test below gives the user its scope itself: as it was */
	cr_assert_eq(store_exec(st, "DELETE FROM user_scope"), SB_OK);
	cr_assert_eq(store_exec(st, "DELETE FROM area_closure"), SB_OK);
	cr_assert_eq(store_gate_entry_insert(st, &gate.ref, &e, &id[0]), SB_OK);
	e.at = now - 6 * 86400; /* within */
	cr_assert_eq(store_gate_entry_insert(st, &gate.ref, &e, &id[1]), SB_OK);
	e.campaign_id = 0;
	e.at = now - 8 * 86400; /* no campaign: 30 days */
	cr_assert_eq(store_gate_entry_insert(st, &gate.ref, &e, &id[2]), SB_OK);
	cr_assert_eq(store_gate_erase(st, now, &n), SB_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(store_gate_erase(st, now, &n), SB_OK);
	cr_assert_eq(n, 0, "nothing is erased twice");
	cr_assert_eq(store_exec(st, "UPDATE campaign SET gate_retention_days = 365"), SB_OK);
	{
		struct scope sc = {.user_id = 1, .role = ROLE_WORKER};
		struct gate_entry got;
		struct arena ar;

		cr_assert_eq(
			store_exec(st,
				   "INSERT INTO user_scope (user_id, area_code) VALUES (1, '31')"),
			SB_OK);
		cr_assert_eq(store_exec(st, "INSERT INTO area_closure (descendant, ancestor, depth)"
					    " VALUES ('31', '31', 0)"),
			     SB_OK);
		arena_init(&ar);
		cr_assert_eq(store_gate_entry_get(st, &sc, id[0], &ar, &got), SB_OK);
		cr_assert_null(got.name, "erased stays erased");
		cr_assert_null(got.purpose);
		cr_assert_eq(got.erased_at, now);
		cr_assert_str_eq(got.direction, "in");
		cr_assert_eq(store_gate_entry_get(st, &sc, id[1], &ar, &got), SB_OK);
		cr_assert_str_eq(got.name, "访客");
		cr_assert_eq(store_gate_entry_get(st, &sc, id[2], &ar, &got), SB_OK);
		cr_assert_str_eq(got.name, "访客");
		arena_clear(&ar);
	}
	arena_clear(&gate_ar);
}

Test(record, points_from_hand_made_sources_with_weights)
{
	struct record_weights w = {{[RK_VISIT] = 2,
				    [RK_ISSUE_TAKEN] = 1,
				    [RK_ISSUE_RESOLVED] = 3,
				    [RK_SATISFACTION] = 4,
				    [RK_CAMPAIGN_TASK] = 5,
				    [RK_TRAINING] = 1}};
	struct record_source s[] = {
		{RK_VISIT, 1, "2026-03-02", 0},		 /* filled below */
		{RK_VISIT, 2, "2026-03-20", 0},		 /* filled below */
		{RK_ISSUE_TAKEN, 3, "2026-03-03", 1},	 /* 1 */
		{RK_ISSUE_RESOLVED, 3, "2026-03-05", 1}, /* 3 */
		{RK_SATISFACTION, 9, "2026-03-06", 5},	 /* 4 × (5 − 3) = 8 */
		{RK_SATISFACTION, 10, "2026-04-06", 1},	 /* 4 × (1 − 3) = −8 */
		{RK_CAMPAIGN_TASK, 4, "2026-04-07", 1},	 /* 5 */
		{RK_TRAINING, 5, "2026-04-08", 3},	 /* 3 */
	};
	struct record_total t, m[12];
	int points[8];

	/* on time: visited 5 days after the last visit with a 7-day interval */
	s[0].value = record_visit_on_time(7, "2026-02-25", NULL, "2026-03-02");
	/* late: 10 days after with 7 */
	s[1].value = record_visit_on_time(7, "2026-03-10", NULL, "2026-03-20");
	cr_assert_eq(s[0].value, 1);
	cr_assert_eq(s[1].value, 0);
	cr_assert(record_visit_on_time(7, NULL, NULL, "2026-03-02"), "a first visit is on time");
	cr_assert_not(record_visit_on_time(90, "2026-01-01", "2026-02-01", "2026-02-10"),
		      "a missed follow-up makes it late");
	record_sum(&w, s, 8, &t, points);
	cr_assert_eq(points[0], 2);
	cr_assert_eq(points[1], 0);
	cr_assert_eq(points[4], 8);
	cr_assert_eq(points[5], -8);
	cr_assert_eq(t.total, 2 + 0 + 1 + 3 + 8 - 8 + 5 + 3);
	cr_assert_eq(t.count[RK_VISIT], 2);
	cr_assert_eq(t.points[RK_VISIT], 2);
	record_by_month(&w, s, 8, m);
	cr_assert_eq(m[2].total, 2 + 0 + 1 + 3 + 8);
	cr_assert_eq(m[3].total, -8 + 5 + 3);
	cr_assert_eq(m[0].total, 0);
	cr_assert_eq(record_quota_needed(601, 300), 3);
	cr_assert_eq(record_quota_needed(600, 300), 2);
	cr_assert_eq(record_quota_needed(0, 300), 0);
}
