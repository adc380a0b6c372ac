/* The household read in two statements (store_household_read, behind
 * register_read) must answer exactly what the register's row-by-row reads
 * answer (each member read alone as a resident, the household's own tags
 * and address), for every household of a demo committee.  (Issue 15: the
 * household JSON is no longer built in SQL; the one renderer,
 * register_view_json, serves both, so this compares the reads.) */
#include <jansson.h>

#include "api/register_json.h"
#include "core/demo.h"
#include "core/ident.h"
#include "testdb.h"
#include "util/embedded.h"

Test(household_json, fast_path_equals_the_register_code)
{
	struct demo_options opt = {0};
	struct demo_counts n;
	struct testdb db = {0};
	struct request rq;
	struct sb_key key;
	struct user admin;
	int64_t loaded, id, checked = 0, with_tags = 0, old = 0;
	const char *const city[] = {"31"};

	cr_assert_eq(crypto_init(), SB_OK);
	memset(&key, 3, sizeof(key));
	testdb_open(&db);
	cr_assert_eq(divisions_load(db.st, (const char *)embedded_divisions.data,
				    embedded_divisions.len, &loaded),
		     SB_OK);
	cr_assert_eq(store_begin(db.st), SB_OK);
	cr_assert_eq(
		store_user_insert(db.st, "admin", "x", ROLE_ADMIN, city, 1, 1795000000, &admin.id),
		SB_OK);
	cr_assert_eq(store_commit(db.st), SB_OK);
	opt.area = "310107015028";
	opt.seed = 1; /* a committee of 1,790 households */
	opt.years = 1;
	opt.now = 1795000000;
	opt.key = &key;
	opt.worker_password = "demo-worker-2026";
	cr_assert_eq(demo_generate(db.st, &opt, &n), SB_OK);

	memset(&rq, 0, sizeof(rq));
	arena_init(&rq.arena);
	rq.store = db.st;
	rq.scope.user_id = admin.id;
	rq.scope.role = ROLE_ADMIN;
	rq.now = opt.now;
	for (id = 1; id <= n.households; id++) {
		struct register_view h;
		struct tag_on_list tags;
		const char *address;
		json_t *fast;
		size_t i;

		cr_assert_eq(register_read(db.st, &rq.scope, &entity_household, id, rq.now,
					   &rq.arena, &h),
			     SB_OK);
		cr_assert_eq(store_tags_of(db.st, "household", id, &rq.arena, &tags), SB_OK);
		cr_assert_eq(tags.n, h.tags.n, "household %lld: tags", (long long)id);
		for (i = 0; i < tags.n; i++)
			cr_assert_str_eq(tags.items[i].name, h.tags.items[i].name);
		cr_assert_eq(store_household_address(db.st, &rq.scope, id, &rq.arena, &address),
			     SB_OK);
		cr_assert_str_eq(address, h.address);
		fast = register_view_json(&rq, &h);
		for (i = 0; i < h.nmembers; i++) {
			json_t *slow = NULL,
			       *m = json_array_get(json_object_get(fast, "members"), i);

			cr_assert_eq(
				register_json_get(&rq, &entity_resident, h.members[i].id, &slow),
				SB_OK);
			/* a member is shown without the household's address and visit */
			json_object_del(slow, "address");
			json_object_del(slow, "last_visit_on");
			if (!json_equal(slow, m)) {
				char *a = json_dumps(slow, JSON_COMPACT),
				     *b = json_dumps(m, JSON_COMPACT);

				cr_assert_fail("household %lld member differs:\n  alone:  %s\n  "
					       "member: %s",
					       (long long)id, a, b);
			}
			if (h.members[i].age >= 80)
				old++;
			json_decref(slow);
		}
		if (h.tags.n)
			with_tags++;
		checked++;
		json_decref(fast);
		arena_clear(&rq.arena);
	}
	cr_assert(checked > 1000 && with_tags > 10 && old > 50,
		  "a varied sample: %lld households, %lld with tags, %lld aged 80+",
		  (long long)checked, (long long)with_tags, (long long)old);
	/* Out of scope is not found. */
	{
		struct scope none = {.user_id = 999999, .role = ROLE_WORKER};
		struct register_view h;

		cr_assert_eq(
			register_read(db.st, &none, &entity_household, 1, rq.now, &rq.arena, &h),
			SB_NOT_FOUND);
	}
	arena_clear(&rq.arena);
	testdb_close(&db);
}
