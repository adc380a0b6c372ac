/* The demo generator's invariants at the committee scale: counts, every
 * household in one grid, referential integrity, determinism by seed. */
#include <sqlite3.h>

#include "core/demo.h"
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
	cr_assert_neq(scalar(&a, "SELECT sum(unicode(substr(name, 2, 1)) * id) FROM resident"),
		      scalar(&c, "SELECT sum(unicode(substr(name, 2, 1)) * id) FROM resident"),
		      "another seed, other people");
	testdb_close(&a.db);
	testdb_close(&b.db);
	testdb_close(&c.db);
}
