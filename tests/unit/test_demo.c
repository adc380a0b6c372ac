/* The demo generator's invariants at the committee scale: counts, every
 * household in one grid, referential integrity, determinism by seed; and
 * the data of issues 7 and 9 (consultation and networks, campaigns). */
#include <sqlite3.h>

#include "core/calendar.h"
#include "core/campaign.h"
#include "core/consult.h"
#include "core/demo.h"
#include "core/filter.h"
#include "testdb.h"
#include "util/crypto.h"
#include "util/embedded.h"

struct run {
	struct testdb db;
	struct demo_counts n;
};

static void
generate(struct run *r, uint64_t seed)
{
	struct demo_options opt = {0};
	struct sb_key key;
	int64_t loaded;

	cr_assert_eq(crypto_init(), SB_OK);
	memset(&key, 7, sizeof(key));
	testdb_open(&r->db);
	cr_assert_eq(divisions_load(r->db.st, (const char *)embedded_divisions.data,
				    embedded_divisions.len, &loaded),
		     SB_OK);
	opt.area = "310107015028";
	opt.seed = seed;
	opt.years = 4;
	opt.now = 1795000000; /* a fixed "today": 2026-11-18 */
	opt.key = &key;
	opt.worker_password = "demo-worker-2026";
	cr_assert_eq(demo_generate(r->db.st, &opt, &r->n), SB_OK);
}

/* A scalar from plain SQL on the generated file (an independent reader). */
static long long
scalar(const struct run *r, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -1;

	cr_assert_eq(sqlite3_open_v2(r->db.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

Test(demo, committee_counts_and_invariants)
{
	struct run r = {0};

	generate(&r, 1);
	cr_assert_eq(r.n.committees, 1);
	cr_assert(r.n.households >= 1400 && r.n.households <= 2300, "households %lld",
		  (long long)r.n.households);
	cr_assert(r.n.residents > 2 * r.n.households && r.n.residents < 3 * r.n.households,
		  "residents %lld for %lld households", (long long)r.n.residents,
		  (long long)r.n.households);
	cr_assert(r.n.workers >= 6 && r.n.workers <= 8);
	cr_assert(r.n.visits > 3 * r.n.households && r.n.visits < 12 * r.n.households,
		  "visits %lld", (long long)r.n.visits);
	/* What the counts say is what the file holds. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM household"), r.n.households);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM resident"), r.n.residents);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM visit"), r.n.visits);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM grid"), r.n.grids);
	/* Every household in exactly one grid, grids of about 250–300 (the last up to ~420). */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM household WHERE grid_id IS NULL"), 0);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM (SELECT grid_id, count(*) n FROM household "
				"GROUP BY grid_id"
				" HAVING n < 120 OR n > 420)"),
		     0);
	/* Each grid owned by one worker of the committee. */
	cr_assert_eq(
		scalar(&r,
		       "SELECT count(*) FROM grid g WHERE (SELECT count(*) FROM grid_assignment a"
		       " WHERE a.grid_id = g.id) <> 1"),
		0);
	/* Referential integrity, and the household summaries agree with the log. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM household h JOIN household_visit_state s ON "
				"s.household_id = h.id"
				" WHERE s.visits <> (SELECT count(*) FROM visit v WHERE "
				"v.household_id = h.id)"),
		     0);
	/* Visits are by the grid's worker, never in the future. */
	cr_assert_eq(scalar(&r,
			    "SELECT count(*) FROM visit v JOIN household h ON h.id = v.household_id"
			    " JOIN grid_assignment a ON a.grid_id = h.grid_id WHERE a.worker_id <> "
			    "v.worker_id"),
		     0);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM visit WHERE visited_at > 1795000000"), 0);
	/* The old age structure: 30–45 % of residents aged 60 and over. */
	{
		long long old = scalar(
			&r, "SELECT count(*) FROM resident WHERE birth_date <= '1966-11-18'");

		cr_assert(old * 100 >= 30 * r.n.residents && old * 100 <= 45 * r.n.residents,
			  "%lld of %lld aged 60+", old, (long long)r.n.residents);
	}
	/* Everyone 65+ living alone is tagged 独居老人. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM household h WHERE (SELECT count(*) FROM "
				"resident r WHERE"
				" r.household_id = h.id) = 1 AND EXISTS (SELECT 1 FROM resident r "
				"WHERE r.household_id"
				" = h.id AND r.birth_date <= '1961-11-18') AND NOT EXISTS (SELECT "
				"1 FROM resident r"
				" JOIN resident_tag rt ON rt.resident_id = r.id JOIN tag t ON t.id "
				"= rt.tag_id WHERE"
				" r.household_id = h.id AND t.name = '独居老人')"),
		     0);
	testdb_close(&r.db);
}

Test(demo, same_seed_same_data)
{
	struct run a = {0}, b = {0}, c = {0};

	generate(&a, 42);
	generate(&b, 42);
	generate(&c, 43);
	cr_assert_eq(a.n.households, b.n.households);
	cr_assert_eq(a.n.residents, b.n.residents);
	cr_assert_eq(a.n.visits, b.n.visits);
	cr_assert_eq(scalar(&a, "SELECT sum(length(name) * id) FROM resident"),
		     scalar(&b, "SELECT sum(length(name) * id) FROM resident"));
	cr_assert_eq(scalar(&a, "SELECT sum(unicode(substr(name, 2, 1)) * id) FROM resident"),
		     scalar(&b, "SELECT sum(unicode(substr(name, 2, 1)) * id) FROM resident"));
	/* The tables of issues 7 and 9 too. */
	{
		static const char *const sums[] = {
			"SELECT sum(length(answers) * id) FROM survey_response",
			"SELECT sum(resident_id * household_id) FROM household_liaison",
			"SELECT sum(length(name) * id + coalesce(leader_id, 0)) FROM party_org",
			"SELECT sum(org_id * resident_id) FROM party_org_member",
			"SELECT sum(participant_id * length(choice)) FROM meeting_vote",
			"SELECT sum(resident_id * id) FROM volunteer",
			"SELECT sum(activity_id * resident_id) FROM activity_served",
			"SELECT sum(length(entry) * target_id + done) FROM campaign_entry",
			"SELECT sum(at % 100000 + coalesce(resident_id, 0)) FROM gate_entry",
			"SELECT sum(d.id * w.worker_id) FROM duty d JOIN duty_worker w ON "
			"w.duty_id = d.id",
			"SELECT sum(hours * worker_id) FROM training",
		};
		size_t i;

		for (i = 0; i < sizeof(sums) / sizeof(*sums); i++) {
			cr_assert_gt(scalar(&a, sums[i]), 0, "%s", sums[i]);
			cr_assert_eq(scalar(&a, sums[i]), scalar(&b, sums[i]), "%s", sums[i]);
		}
		cr_assert_neq(scalar(&a, sums[0]), scalar(&c, sums[0]),
			      "another seed, other answers");
	}
	cr_assert_neq(scalar(&a, "SELECT sum(unicode(substr(name, 2, 1)) * id) FROM resident"),
		      scalar(&c, "SELECT sum(unicode(substr(name, 2, 1)) * id) FROM resident"),
		      "another seed, other people");
	testdb_close(&a.db);
	testdb_close(&b.db);
	testdb_close(&c.db);
}

/* Every row of a query that yields JSON text pairs, through fn. */
static void
each_pair(const struct run *r, const char *sql, void (*fn)(json_t *a, json_t *b, int flag))
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int rows = 0;

	cr_assert_eq(sqlite3_open_v2(r->db.path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(db));
	while (sqlite3_step(s) == SQLITE_ROW) {
		json_t *a = json_loads((const char *)sqlite3_column_text(s, 0), 0, NULL);
		json_t *b = json_loads((const char *)sqlite3_column_text(s, 1), 0, NULL);

		cr_assert(a && b, "%s", sql);
		fn(a, b, sqlite3_column_int(s, 2));
		json_decref(a);
		json_decref(b);
		rows++;
	}
	cr_assert_gt(rows, 0, "%s", sql);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void
answer_ok(json_t *questions, json_t *answers, int flag)
{
	struct sb_fail fail = {0};
	struct arena ar;

	(void)flag;
	arena_init(&ar);
	cr_assert_eq(survey_answers_check(questions, answers, &ar, &fail), SB_OK, "%s",
		     fail.field ? fail.field : "");
	arena_clear(&ar);
}

static void
entry_ok(json_t *fields, json_t *entry, int done)
{
	struct campaign_field *f;
	struct sb_fail fail = {0};
	struct arena ar;
	size_t n;
	bool complete = false;

	arena_init(&ar);
	cr_assert_eq(campaign_fields_parse(fields, &ar, &f, &n, &fail), SB_OK);
	cr_assert_eq(campaign_entry_check(f, n, entry, &ar, &complete, &fail), SB_OK, "%s",
		     fail.field ? fail.field : "");
	cr_assert_eq(complete, done != 0, "done as the checklist says");
	arena_clear(&ar);
}

#define CC "'310107015028'"

Test(demo, consultation_and_campaigns)
{
	struct run r = {0};

	generate(&r, 1);
	/* Every row refers to the committee's own households and residents. */
	{
		static const char *const outside[] = {
			"SELECT count(*) FROM household_liaison l JOIN household h ON h.id = "
			"l.household_id JOIN resident p ON p.id = l.resident_id WHERE "
			"h.committee_code "
			"<> " CC " OR p.committee_code <> " CC " OR l.committee_code <> " CC
			" OR p.party_member = 0",
			"SELECT count(*) FROM survey_audience a JOIN household h ON h.id = "
			"a.household_id JOIN survey s ON s.id = a.survey_id WHERE h.committee_code "
			"<> "
			"s.committee_code OR s.committee_code <> " CC,
			"SELECT count(*) FROM survey_response x LEFT JOIN survey_audience a ON "
			"a.survey_id = x.survey_id AND a.household_id = x.household_id WHERE "
			"a.household_id IS NULL",
			"SELECT count(*) FROM meeting_participant x JOIN resident p ON p.id = "
			"x.resident_id WHERE p.committee_code <> " CC,
			"SELECT count(*) FROM party_org_member m JOIN resident p ON p.id = "
			"m.resident_id "
			"JOIN party_org o ON o.id = m.org_id WHERE p.committee_code <> "
			"o.committee_code "
			"OR p.party_member = 0 OR o.committee_code <> " CC,
			"SELECT count(*) FROM volunteer v JOIN resident p ON p.id = v.resident_id "
			"WHERE "
			"p.committee_code <> v.committee_code OR v.committee_code <> " CC,
			"SELECT count(*) FROM activity_served a JOIN resident p ON p.id = "
			"a.resident_id "
			"WHERE p.committee_code <> " CC,
			"SELECT count(*) FROM campaign_target t JOIN campaign c ON c.id = "
			"t.campaign_id "
			"JOIN household h ON h.id = t.household_id JOIN resident p ON p.id = "
			"t.resident_id WHERE h.committee_code <> c.committee_code OR "
			"p.household_id <> "
			"h.id OR c.committee_code <> " CC,
			"SELECT count(*) FROM gate_entry e JOIN gate g ON g.id = e.gate_id JOIN "
			"compound "
			"cp ON cp.id = g.compound_id LEFT JOIN resident p ON p.id = e.resident_id "
			"WHERE "
			"cp.committee_code <> " CC " OR e.committee_code <> " CC
			" OR p.committee_code "
			"<> " CC,
			"SELECT count(*) FROM duty_worker w JOIN duty d ON d.id = w.duty_id WHERE "
			"NOT "
			"EXISTS (SELECT 1 FROM user_scope s WHERE s.user_id = w.worker_id AND "
			"s.area_code = d.committee_code)",
			"SELECT count(*) FROM campaign_entry e JOIN campaign_target t ON t.id = "
			"e.target_id WHERE e.campaign_id <> t.campaign_id OR NOT EXISTS (SELECT 1 "
			"FROM "
			"user_scope s WHERE s.user_id = e.by_user AND s.area_code = " CC ")",
		};
		size_t i;

		for (i = 0; i < sizeof(outside) / sizeof(*outside); i++)
			cr_assert_eq(scalar(&r, outside[i]), 0, "%s", outside[i]);
		cr_assert_eq(scalar(&r, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	}
	/* The party tree: one general branch, branches per compound, and groups by
	 * the proposal's rule — each of 3 or more members unless it is the only
	 * group of a compound with fewer than 3; every party member of the
	 * committee in exactly one group, living in one of its buildings. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM party_org WHERE kind = 'general_branch'"), 1);
	cr_assert_gt(scalar(&r, "SELECT count(*) FROM party_org WHERE kind = 'group'"), 3);
	cr_assert_eq(
		scalar(&r,
		       "SELECT count(*) FROM party_org g JOIN party_org b ON b.id = g.parent_id "
		       "WHERE g.kind = 'group' AND (SELECT count(*) FROM party_org_member m WHERE "
		       "m.org_id = g.id) < 3 AND ((SELECT count(*) FROM party_org x WHERE "
		       "x.parent_id = b.id) > 1 OR (SELECT count(*) FROM resident p JOIN household "
		       "h ON h.id = p.household_id JOIN building bd ON bd.id = h.building_id WHERE "
		       "bd.compound_id = b.compound_id AND p.party_member = 1) >= 3)"),
		0);
	cr_assert_eq(scalar(&r,
			    "SELECT count(*) FROM resident p WHERE p.party_member = 1 AND "
			    "(SELECT count(*) FROM party_org_member m JOIN party_org g ON g.id = "
			    "m.org_id WHERE g.kind = 'group' AND m.resident_id = p.id) <> 1"),
		     0);
	cr_assert_eq(scalar(&r,
			    "SELECT count(*) FROM party_org_member m JOIN party_org g ON g.id "
			    "= m.org_id JOIN resident p ON p.id = m.resident_id JOIN household h "
			    "ON h.id = p.household_id WHERE g.kind = 'group' AND NOT EXISTS "
			    "(SELECT 1 FROM party_org_building ob WHERE ob.org_id = g.id AND "
			    "ob.building_id = h.building_id)"),
		     0);
	/* Liaisons: the linked member sits on the organisation above. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM party_org o JOIN party_org u ON u.id = "
				"o.parent_id WHERE o.liaison_id IS NULL OR (o.liaison_id <> "
				"coalesce(u.leader_id, 0) AND NOT EXISTS (SELECT 1 FROM "
				"party_org_member m WHERE m.org_id = u.id AND m.resident_id = "
				"o.liaison_id))"),
		     0);
	/* 党员联系户: most households, to a member of their building or compound. */
	{
		long long hh = scalar(&r, "SELECT count(*) FROM household");
		long long linked = scalar(&r, "SELECT count(*) FROM household_liaison");

		cr_assert(linked * 100 >= 75 * hh && linked * 100 <= 97 * hh, "%lld of %lld",
			  linked, hh);
		cr_assert_eq(scalar(&r,
				    "SELECT count(*) FROM household_liaison l JOIN household h "
				    "ON h.id = l.household_id JOIN building b ON b.id = "
				    "h.building_id JOIN resident p ON p.id = l.resident_id JOIN "
				    "household ph ON ph.id = p.household_id JOIN building pb ON "
				    "pb.id = ph.building_id WHERE pb.compound_id <> b.compound_id"),
			     0);
	}
	/* Surveys: answers that fit the questions, from 35–75 % of the audience. */
	each_pair(&r,
		  "SELECT s.questions, x.answers, 0 FROM survey_response x JOIN survey s ON s.id = "
		  "x.survey_id",
		  answer_ok);
	cr_assert_eq(
		scalar(&r,
		       "SELECT count(*) FROM survey s WHERE (SELECT count(*) FROM "
		       "survey_response x WHERE x.survey_id = s.id) * 100 NOT BETWEEN 35 * "
		       "(SELECT count(*) FROM survey_audience a WHERE a.survey_id = s.id) AND "
		       "75 * (SELECT count(*) FROM survey_audience a WHERE a.survey_id = s.id)"),
		0);
	cr_assert_geq(scalar(&r, "SELECT count(*) FROM survey"), 1);
	/* The project's meeting: its vote passes with the quorum met. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM project"), 1);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM meeting WHERE project_id IS NOT NULL AND "
				"minutes IS NOT NULL"),
		     1);
	{
		struct quorum_rule rule = {
			(int)scalar(&r, "SELECT quorum_min FROM meeting"),
			(int)scalar(&r, "SELECT quorum_pct FROM meeting"),
			(int)scalar(&r, "SELECT pass_pct FROM meeting"),
		};
		struct vote_tally t = {
			.invited = (int)scalar(&r, "SELECT count(*) FROM meeting_participant"),
			.present = (int)scalar(&r, "SELECT count(*) FROM meeting_participant WHERE "
						   "present"),
			.votes_for = (int)scalar(
				&r, "SELECT count(*) FROM meeting_vote WHERE choice = 'for'"),
			.against = (int)scalar(
				&r, "SELECT count(*) FROM meeting_vote WHERE choice = 'against'"),
			.abstain = (int)scalar(
				&r, "SELECT count(*) FROM meeting_vote WHERE choice = 'abstain'"),
		};

		vote_tally_finish(&t, &rule, false);
		cr_assert(t.quorum_met && t.passed, "present %d of %d", t.present, t.invited);
		cr_assert(t.approval >= 0.85 && t.approval < 1.0, "approval %f", t.approval);
		cr_assert_eq(scalar(&r, "SELECT count(*) FROM meeting_vote v JOIN "
					"meeting_participant x ON x.id = v.participant_id WHERE "
					"x.present = 0"),
			     0);
	}
	/* Volunteers, teams and activities with their hours. */
	cr_assert(scalar(&r, "SELECT count(*) FROM volunteer") >= 8 &&
		  scalar(&r, "SELECT count(*) FROM volunteer") <= 20);
	cr_assert(scalar(&r, "SELECT count(*) FROM team") >= 1 &&
		  scalar(&r, "SELECT count(*) FROM team") <= 3);
	cr_assert(scalar(&r, "SELECT count(*) FROM activity") >= 2 &&
		  scalar(&r, "SELECT count(*) FROM activity") <= 6);
	cr_assert_eq(scalar(&r,
			    "SELECT count(*) FROM activity a WHERE title = '理发日' AND "
			    "(SELECT count(*) FROM activity_served s WHERE s.activity_id = a.id) "
			    "NOT BETWEEN 30 AND 70"),
		     0);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM activity_volunteer WHERE tenths NOT BETWEEN "
				"1 AND 240"),
		     0);
	/* Campaigns: one ended (near 100 %), one running strictly between 0 and 100 %,
	 * each entry of the checklist's types. */
	each_pair(
		&r,
		"SELECT c.fields, e.entry, e.done FROM campaign_entry e JOIN campaign c ON c.id = "
		"e.campaign_id",
		entry_ok);
	cr_assert_eq(scalar(&r,
			    "SELECT count(*) FROM campaign WHERE status = 'ended' AND (SELECT "
			    "count(*) FROM campaign_entry e WHERE e.campaign_id = campaign.id AND "
			    "e.done) * 100 >= 95 * (SELECT count(*) FROM campaign_target t WHERE "
			    "t.campaign_id = campaign.id)"),
		     1);
	{
		long long total =
			scalar(&r, "SELECT count(*) FROM campaign_target t JOIN campaign c "
				   "ON c.id = t.campaign_id WHERE c.status = 'open'");
		long long done = scalar(&r, "SELECT count(*) FROM campaign_entry e JOIN campaign c "
					    "ON c.id = e.campaign_id WHERE c.status = 'open' AND "
					    "e.done");
		int pct = campaign_percent((int)done, (int)total);

		cr_assert(pct > 0 && pct < 100, "%d %% of %lld", pct, total);
		cr_assert(pct >= 25 && pct <= 75, "%d %%", pct);
	}
	/* The targets are what the stored filter gives in the register. */
	{
		struct scope sc = {scalar(&r, "SELECT id FROM account WHERE username = 'h015028'"),
				   ROLE_COMMITTEE_HEAD};
		long long id;
		int k;

		for (k = 0; k < 2; k++) {
			struct sb_fail fail = {0};
			struct filter f;
			struct arena ar;
			sqlite3 *db;
			sqlite3_stmt *s;
			json_t *fj;
			int64_t *ids, total;
			const char *next;
			size_t n, i;

			id = scalar(&r, k ? "SELECT max(id) FROM campaign"
					  : "SELECT min(id) FROM campaign");
			cr_assert_eq(sqlite3_open_v2(r.db.path, &db, SQLITE_OPEN_READONLY, NULL),
				     SQLITE_OK);
			cr_assert_eq(sqlite3_prepare_v2(db,
							"SELECT filter FROM campaign WHERE id = ?",
							-1, &s, NULL),
				     SQLITE_OK);
			sqlite3_bind_int64(s, 1, id);
			cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
			fj = json_loads((const char *)sqlite3_column_text(s, 0), 0, NULL);
			sqlite3_finalize(s);
			sqlite3_close(db);
			arena_init(&ar);
			cr_assert_eq(filter_from_json(r.db.st, fj, "2026-11-18", &ar, &f, &fail),
				     SB_OK);
			cr_assert_eq(store_filter_residents(r.db.st, &sc, &f, NULL, 20000, &ar,
							    &ids, &n, &total, &next),
				     SB_OK);
			cr_assert_eq(
				(long long)n,
				scalar(&r, k ? "SELECT count(*) FROM campaign_target WHERE "
					       "campaign_id = (SELECT max(id) FROM campaign)"
					     : "SELECT count(*) FROM campaign_target WHERE "
					       "campaign_id = (SELECT min(id) FROM campaign)"));
			for (i = 0; i < n; i++) {
				char sql[160];

				snprintf(sql, sizeof(sql),
					 "SELECT count(*) FROM campaign_target WHERE campaign_id = "
					 "%lld "
					 "AND resident_id = %lld",
					 id, (long long)ids[i]);
				if (i % 50 == 0 || i + 1 == n)
					cr_assert_eq(scalar(&r, sql), 1, "%s", sql);
			}
			json_decref(fj);
			arena_clear(&ar);
		}
	}
	/* Gates: a bound gate account (the committee scale), entries within the
	 * retention and none erased. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM gate_guard x JOIN account u ON u.id = "
				"x.user_id WHERE u.username = 'g015028_1'"),
		     1);
	cr_assert_gt(scalar(&r, "SELECT count(*) FROM gate_entry"), 20);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM gate_entry WHERE erased_at IS NOT NULL OR at "
				"> 1795000000 OR at < 1795000000 - 30 * 86400"),
		     0);
	/* Duties: pairs (or one) per kind on working days, the past ones done. */
	cr_assert_gt(scalar(&r, "SELECT count(*) FROM duty"), 6);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM duty d WHERE (SELECT count(*) FROM "
				"duty_worker w WHERE w.duty_id = d.id) NOT IN (1, 2)"),
		     0);
	cr_assert_eq(scalar(&r,
			    "SELECT count(*) FROM duty WHERE date < '2026-11-18' AND done_at IS "
			    "NULL"),
		     0);
	/* The district's weights and training hours. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM record_setting WHERE district_code = "
				"'310107'"),
		     1);
	cr_assert_eq(scalar(&r, "SELECT count(DISTINCT worker_id) FROM training"), r.n.workers);
	testdb_close(&r.db);
}

/* What a secretary would believe (issue 13): each invariant fails on the
 * data the generator made before it. */
Test(demo, believable_to_a_secretary)
{
	struct run r = {0};

	generate(&r, 1);
	/* An issue's description names its matter. */
	{
		static const char *const fits[][2] = {
			{"repairs", "description LIKE '%修%'"},
			{"sanitation", "description LIKE '%清%'"},
			{"noise", "description LIKE '%噪声%'"},
			{"neighbour_dispute", "description LIKE '%纠纷%'"},
			{"elderly_care", "description LIKE '%老人%'"},
			{"garbage", "description LIKE '%垃圾%'"},
			{"ebike_charging", "description LIKE '%电动车%'"},
			{"safety", "description LIKE '%安全隐患%'"},
			{"lift", "description LIKE '%电梯%'"},
			{"group_rental", "description LIKE '%群租%'"},
			{"other", "(description LIKE '%咨询%' OR description LIKE '%建议%')"},
		};
		size_t i;

		for (i = 0; i < sizeof(fits) / sizeof(*fits); i++) {
			char sql[256];

			snprintf(sql, sizeof(sql),
				 "SELECT count(*) FROM issue WHERE category = '%s' AND NOT %s",
				 fits[i][0], fits[i][1]);
			cr_assert_eq(scalar(&r, sql), 0, "%s", sql);
		}
		cr_assert_eq(scalar(&r,
				    "SELECT count(*) FROM issue WHERE category NOT IN ('repairs', "
				    "'sanitation', 'noise', 'neighbour_dispute', 'elderly_care', "
				    "'garbage', 'ebike_charging', 'safety', 'lift', "
				    "'group_rental', 'other')"),
			     0);
	}
	/* Everyone tagged 老党员 is a party member (and there are some). */
	cr_assert_gt(scalar(&r, "SELECT count(*) FROM resident_tag rt JOIN tag t ON t.id = "
				"rt.tag_id WHERE t.name = '老党员'"),
		     0);
	cr_assert_eq(scalar(&r,
			    "SELECT count(*) FROM resident p JOIN resident_tag rt ON "
			    "rt.resident_id = p.id JOIN tag t ON t.id = rt.tag_id WHERE t.name = "
			    "'老党员' AND p.party_member = 0"),
		     0);
	/* Party members: adults, 5–10 % of them; building groups of 3 to 15. */
	{
		long long adults = scalar(&r, "SELECT count(*) FROM resident WHERE birth_date <= "
					      "'2008-11-18'");
		long long members = scalar(&r, "SELECT count(*) FROM resident WHERE party_member");

		cr_assert(members * 100 >= 5 * adults && members * 100 <= 10 * adults,
			  "%lld party members of %lld adults", members, adults);
		cr_assert_eq(scalar(&r, "SELECT count(*) FROM resident WHERE party_member AND "
					"birth_date > '2008-11-18'"),
			     0);
		cr_assert_eq(scalar(&r,
				    "SELECT count(*) FROM party_org g WHERE g.kind = 'group' "
				    "AND (SELECT count(*) FROM party_org_member m WHERE m.org_id "
				    "= g.id) > 15"),
			     0);
	}
	/* Escalated issues are the street's or district's: no committee assignee. */
	cr_assert_gt(scalar(&r, "SELECT count(*) FROM issue WHERE level <> 'committee'"), 0);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM issue WHERE level <> 'committee' AND "
				"assignee_id IS NOT NULL"),
		     0);
	/* The open queues hold recent issues: nine in ten of the open ones are
	 * under 60 days old (the old ones were closed). */
	{
		long long open = scalar(&r, "SELECT count(*) FROM issue WHERE status <> 'closed'");
		long long recent = scalar(&r, "SELECT count(*) FROM issue WHERE status <> 'closed' "
					      "AND created_at >= 1795000000 - 60 * 86400");

		cr_assert_gt(open, 0);
		cr_assert(recent * 10 >= open * 9, "%lld of %lld open issues recent", recent, open);
	}
	/* A reception roster for the coming weeks: every working day of the
	 * next three weeks has a worker of the committee at the counter. */
	{
		char d[11] = "2026-11-18", sql[256];
		int k, workdays = 0;

		for (k = 0; k < 21; k++, calendar_add_days(d, 1, d)) {
			bool work;

			cr_assert_eq(calendar_is_workday(r.db.st, d, &work), SB_OK);
			if (!work)
				continue;
			workdays++;
			snprintf(sql, sizeof(sql),
				 "SELECT count(*) FROM reception_duty x JOIN user_scope s ON "
				 "s.user_id = x.worker_id AND s.area_code = x.committee_code WHERE "
				 "x.committee_code = " CC " AND x.date = '%s'",
				 d);
			cr_assert_eq(scalar(&r, sql), 1, "%s", sql);
		}
		cr_assert_geq(workdays, 14);
	}
	/* Visits to 独居老人 keep their week: since the tag, at least four gaps
	 * in five are within the 7-day interval. */
	{
		static const char *const gaps =
			"WITH t AS (SELECT p.household_id hh, rt.set_at since FROM resident p JOIN "
			"resident_tag rt ON rt.resident_id = p.id JOIN tag x ON x.id = rt.tag_id "
			"WHERE x.name = '独居老人'), v AS (SELECT v.household_id hh, v.visited_at "
			"at, julianday(v.visited_on) - lag(julianday(v.visited_on)) OVER "
			"(PARTITION BY v.household_id ORDER BY v.visited_on, v.id) gap, lag("
			"v.visited_at) OVER (PARTITION BY v.household_id ORDER BY v.visited_on, "
			"v.id) prev FROM visit v WHERE v.household_id IN (SELECT hh FROM t)) "
			"SELECT count(*) FROM v JOIN t ON t.hh = v.hh WHERE v.prev >= t.since";
		char sql[1024];
		long long all, on_time;

		all = scalar(&r, gaps);
		snprintf(sql, sizeof(sql), "%s AND v.gap <= 7", gaps);
		on_time = scalar(&r, sql);
		cr_assert_gt(all, 100);
		cr_assert(on_time * 5 >= all * 4, "%lld of %lld gaps within 7 days", on_time, all);
	}
	testdb_close(&r.db);
}

/* The named users of the committee scale: made with their roles, the
 * worker owning 第2网格; a second run on the same file is refused. */
Test(demo, named_users_and_a_second_run)
{
	struct demo_options opt = {0};
	struct demo_counts n;
	struct sb_key key;
	struct run r = {0};
	struct arena ar;
	const char *why;
	int64_t loaded;
	size_t i;

	cr_assert_eq(crypto_init(), SB_OK);
	memset(&key, 7, sizeof(key));
	testdb_open(&r.db);
	cr_assert_eq(divisions_load(r.db.st, (const char *)embedded_divisions.data,
				    embedded_divisions.len, &loaded),
		     SB_OK);
	opt.area = "310107015028";
	opt.seed = 1;
	opt.years = 4;
	opt.now = 1795000000;
	opt.key = &key;
	opt.worker_password = "demo-worker-2026";
	for (i = 0; i < DEMO_NUSERS; i++)
		opt.user_password[i] =
			demo_user_within(&demo_users[i], opt.area) ? "named-pw-1" : NULL;
	cr_assert_eq(demo_generate(r.db.st, &opt, &n), SB_OK);
	cr_assert_eq(n.named_users, 2);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM account WHERE username IN ('putuo_district', "
				"'changshou_street')"),
		     0, "not at the committee scale");
	cr_assert_eq(scalar(&r,
			    "SELECT count(*) FROM account u JOIN user_scope s ON s.user_id = u.id "
			    "WHERE (u.username = 'puxiong_head' AND u.role = 'committee_head' "
			    "OR u.username = 'puxiong_worker' AND u.role = 'worker') AND "
			    "s.area_code = " CC),
		     2);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM grid_assignment a JOIN grid g ON g.id = "
				"a.grid_id JOIN account u ON u.id = a.worker_id WHERE u.username = "
				"'puxiong_worker' AND g.name = '第2网格'"),
		     1);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM account WHERE username LIKE 'w015028_%'") + 1,
		     n.workers);
	/* Everyone on the staff has a name people see (a Chinese name, never
	 * the login) and a title: the pages name people, not logins. */
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM account WHERE username <> 'admin' AND "
				"(display_name IS NULL OR display_name = username OR "
				"length(display_name) NOT BETWEEN 2 AND 3 OR "
				"display_name GLOB '*[A-Za-z0-9_]*')"),
		     0, "a staff account without a name");
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM account WHERE role = 'worker' AND "
				"username LIKE 'w%' AND title IS NOT 'social_worker'"),
		     0);
	cr_assert_eq(scalar(&r, "SELECT count(*) FROM account WHERE role = 'committee_head' AND "
				"title IS NOT 'secretary'"),
		     0);
	arena_init(&ar);
	cr_assert_eq(demo_check_fresh(r.db.st, "310107015", &ar, &why), SB_CONFLICT);
	cr_assert(why && strstr(why, "puxiong_head"), "%s", why ? why : "");
	cr_assert_eq(demo_generate(r.db.st, &opt, &n), SB_CONFLICT);
	cr_assert_eq(demo_check_fresh(r.db.st, "310107014", &ar, &why), SB_OK, "another street");
	arena_clear(&ar);
	testdb_close(&r.db);
}
