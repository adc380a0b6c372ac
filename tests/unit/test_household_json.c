/* The household read served by one SQL statement (store_household_json)
 * must answer exactly what the general register code (register_json_get)
 * answers, for every household of a demo committee. */
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
	char today[11];
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
	ident_today(opt.now, today);
	for (id = 1; id <= n.households; id++) {
		json_t *slow = NULL, *fast;
		const char *text;
		json_error_t err;
		size_t len, i;
		json_t *m;

		cr_assert_eq(register_json_get(&rq, &entity_household, id, &slow), SB_OK);
		cr_assert_eq(
			store_household_json(db.st, &rq.scope, id, today, &rq.arena, &text, &len),
			SB_OK);
		fast = json_loadb(text, len, 0, &err);
		cr_assert_not_null(fast, "household %lld: %s", (long long)id, err.text);
		if (!json_equal(slow, fast)) {
			char *a = json_dumps(slow, JSON_COMPACT),
			     *b = json_dumps(fast, JSON_COMPACT);

			cr_assert_fail("household %lld differs:\n  register: %s\n  fast:     %s",
				       (long long)id, a, b);
		}
		if (json_array_size(json_object_get(fast, "tags")))
			with_tags++;
		json_array_foreach (json_object_get(fast, "members"), i, m) {
			if (json_integer_value(json_object_get(m, "age")) >= 80)
				old++;
		}
		checked++;
		json_decref(slow);
		json_decref(fast);
		arena_clear(&rq.arena);
	}
	cr_assert(checked > 1000 && with_tags > 10 && old > 50,
		  "a varied sample: %lld households, %lld with tags, %lld aged 80+",
		  (long long)checked, (long long)with_tags, (long long)old);
	/* Out of scope is not found. */
	{
		struct scope none = {.user_id = 999999, .role = ROLE_WORKER};
		const char *text;
		size_t len;

		cr_assert_eq(store_household_json(db.st, &none, 1, today, &rq.arena, &text, &len),
			     SB_NOT_FOUND);
	}
	arena_clear(&rq.arena);
	testdb_close(&db);
}
