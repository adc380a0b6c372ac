// The register's lists: 悬空老人 by building, the key persons (一口清),
// tags due for review, custom tags (docs/register.md, "Routes").

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, listAll } from './lib/harness.mjs';
import { startRegister, create, COMMITTEES, STREET, addDays, BUILTIN_TAGS, idsOf } from './lib/register-fixture.mjs';

describe('register lists and tags', () => {
	let ctx, url, fx, c;

	before(async () => {
		ctx = await startRegister();
		({ url, fx, cookies: c } = ctx);
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	const get = async (path, cookie = c.admin) => {
		const r = await api(url, 'GET', path, { cookie });
		assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.text}`);
		return r.json;
	};
	const patch = async (path, body, cookie) => {
		const r = await api(url, 'PATCH', path, { cookie, body });
		assert.equal(r.status, 200, `PATCH ${path} ${JSON.stringify(body)}: ${r.status} ${r.text}`);
		return r.json;
	};

	/** The report's groups as {building_id → sorted resident ids}. */
	function groupsOf(rep) {
		assert.ok(Array.isArray(rep.items), `the report has items: ${JSON.stringify(rep)}`);
		const out = {};
		for (const g of rep.items) {
			assert.ok(Number.isInteger(g.building_id), `a group names its building: ${JSON.stringify(g)}`);
			assert.ok(Array.isArray(g.residents), `a group lists its residents: ${JSON.stringify(g)}`);
			assert.ok(!(g.building_id in out), `building ${g.building_id} appears once`);
			out[g.building_id] = idsOf(g.residents);
		}
		return out;
	}
	/** The same, computed from the fixture. */
	function expectedGroups(pred, ageMin = 70, floorMin = 4) {
		const out = {};
		for (const r of fx.residents) {
			if (r.status !== 'living' || r.has_lift || r.age < ageMin || r.floor < floorMin || !pred(r)) continue;
			(out[r.building_id] ||= []).push(r.id);
		}
		for (const k of Object.keys(out)) out[k].sort((a, b) => a - b);
		return out;
	}
	const named = (groups) => Object.fromEntries(Object.entries(groups).map(([b, ids]) => [
		fx.buildings.find((x) => x.id === Number(b))?.label ?? b, ids.map((id) => fx.residentById(id)?.name ?? `#${id}`),
	]));

	it('elderly-upper-floors: 70+ on floor 4 and up without a lift, by building', async () => {
		const rep = await get(`/api/v1/reports/elderly-upper-floors?area=${COMMITTEES.A.code}`, c.workerA);
		const want = expectedGroups((r) => r.committee === 'A');
		assert.deepEqual(named(groupsOf(rep)), named(want));
		assert.deepEqual(groupsOf(rep), want);
		// the boundaries, by name
		const names = Object.values(named(groupsOf(rep))).flat();
		assert.ok(names.includes('赵丽'), '70 today, floor 6');
		assert.ok(names.includes('刘志明'), '79, floor 4');
		assert.ok(!names.includes('吴卫东'), '69 (70 tomorrow), floor 4');
		assert.ok(!names.includes('张桂兰'), '80 but floor 3');
		assert.ok(!names.includes('周美华'), 'floor 6 but a lift');
		assert.ok(!names.includes('陈国平'), 'deceased');
		for (const g of rep.items) {
			const b = fx.buildings.find((x) => x.id === g.building_id);
			for (const r of g.residents) {
				const f = fx.residentById(r.id);
				assert.equal(r.name, f.name);
				assert.equal(r.age, f.age, `${f.name}'s age`);
			}
			assert.ok(b, `a fixture building: ${JSON.stringify(g)}`);
		}
	});

	it('elderly-upper-floors for a street, with other thresholds', async () => {
		const street = await get(`/api/v1/reports/elderly-upper-floors?area=${STREET}`, c.street);
		assert.deepEqual(named(groupsOf(street)), named(expectedGroups((r) => r.committee === 'A' || r.committee === 'B')));
		const other = await get(`/api/v1/reports/elderly-upper-floors?area=${STREET}&age_min=60&floor_min=5`, c.admin);
		assert.deepEqual(named(groupsOf(other)), named(expectedGroups((r) => r.committee !== 'C', 60, 5)));
		const c1 = await get(`/api/v1/reports/elderly-upper-floors?area=${COMMITTEES.C.code}`, c.admin);
		assert.deepEqual(named(groupsOf(c1)), named(expectedGroups((r) => r.committee === 'C')));
		assertError(await api(url, 'GET', `/api/v1/reports/elderly-upper-floors?area=${COMMITTEES.B.code}`, { cookie: c.workerA }), 404, 'not_found');
		assertError(await api(url, 'GET', `/api/v1/reports/elderly-upper-floors?area=${COMMITTEES.A.code}&age_min=old`, { cookie: c.workerA }),
			400, 'bad_query', 'age_min');
	});

	it('key-persons: every living vulnerable or veteran resident, with tags', async () => {
		for (const k of ['A', 'B', 'C']) {
			const code = COMMITTEES[k].code;
			const items = await listAll(url, `/api/v1/residents/key-persons?committee_code=${code}`, c.admin);
			const want = fx.residentIds((r) => r.committee === k && r.tags.some((t) => ['vulnerable', 'veteran'].includes(BUILTIN_TAGS[t])));
			const names = (ids) => ids.map((id) => fx.residentById(id)?.name ?? `#${id}`);
			assert.deepEqual(names(idsOf(items)), names(want), `key persons of ${code}`);
			for (const it of items) {
				const r = fx.residentById(it.id);
				assert.ok(Array.isArray(it.tags), `tags listed: ${JSON.stringify(it)}`);
				const got = it.tags.map((t) => (typeof t === 'string' ? t : t.name));
				for (const t of r.tags) assert.ok(got.includes(t), `${r.name}'s tag ${t}: ${JSON.stringify(it.tags)}`);
			}
		}
		const a = await listAll(url, `/api/v1/residents/key-persons?committee_code=${COMMITTEES.A.code}`, c.workerA);
		assert.ok(a.some((x) => x.name === '陈玉珍') && !a.some((x) => x.name === '陈国平') && !a.some((x) => x.name === '赵丽'),
			'孤寡老人 in, the deceased 老党员 out, 楼组长 (a role) out');
		// another committee answers exactly like one that does not exist
		const other = await api(url, 'GET', `/api/v1/residents/key-persons?committee_code=${COMMITTEES.B.code}`, { cookie: c.workerA });
		const none = await api(url, 'GET', '/api/v1/residents/key-persons?committee_code=310107015099', { cookie: c.workerA });
		assert.equal(other.status, none.status, `${other.text} vs ${none.text}`);
		assert.deepEqual(other.json, none.json);
		assert.ok(!other.text.includes('王秀兰'), 'nothing of B leaks');
	});

	it('tags/due lists a 困难家庭 assignment whose review date is near', async () => {
		const r = fx.resident('r06');
		const soon = addDays(fx.today, 10);
		const p = await patch(`/api/v1/residents/${r.id}`, { tags: ['孤寡老人', { name: '困难家庭', review_on: soon }] }, c.workerA);
		const t = p.tags.find((x) => x.name === '困难家庭');
		assert.ok(t, JSON.stringify(p.tags));
		assert.equal(t.review_on, soon);
		assert.equal(t.category, 'vulnerable');
		assert.equal(p.tags.find((x) => x.name === '孤寡老人').review_on, null);

		// an assignment names its resident or household and the tag
		const isOf = (i, entity, id) => i.entity === entity && i.entity_id === id;
		const mentions = (items, id, name, entity = 'resident') => items.some((i) => isOf(i, entity, id) && i.name === name);
		const due = await listAll(url, `/api/v1/tags/due?before=${addDays(fx.today, 20)}`, c.workerA);
		assert.ok(mentions(due, r.id, '困难家庭'), `r06's 困难家庭 is due: ${JSON.stringify(due)}`);
		const item = due.find((i) => isOf(i, 'resident', r.id));
		assert.equal(item.review_on, soon, `the item has the review date: ${JSON.stringify(item)}`);
		// the household's 困难家庭 is reviewed in a year: not due within 20 days
		assert.equal(due.length, 1, `one assignment due within 20 days: ${JSON.stringify(due)}`);

		const byDefault = await listAll(url, '/api/v1/tags/due', c.workerA);
		assert.ok(mentions(byDefault, r.id, '困难家庭'), 'the default is today + 30 days');
		const notYet = await listAll(url, `/api/v1/tags/due?before=${addDays(fx.today, 5)}`, c.workerA);
		assert.deepEqual(notYet, [], 'not due before a date earlier than its review');
		const later = await listAll(url, `/api/v1/tags/due?before=${addDays(fx.today, 400)}`, c.workerA);
		assert.equal(later.length, 2, `r06's and household 401's 困难家庭 within 400 days: ${JSON.stringify(later)}`);
		assert.ok(mentions(later, fx.household('h20-401').id, '困难家庭', 'household'), JSON.stringify(later));
		assert.deepEqual(await listAll(url, `/api/v1/tags/due?before=${addDays(fx.today, 400)}`, c.workerB), [], 'B has nothing due');
		assertError(await api(url, 'GET', '/api/v1/tags/due?before=soon', { cookie: c.workerA }), 400, 'bad_query', 'before');
	});

	it('custom tags: a committee head creates one (201), a worker may not (403)', async () => {
		const body = { name: '普雄合唱团', category: 'custom', committee_code: COMMITTEES.A.code };
		assertError(await api(url, 'POST', '/api/v1/tags', { cookie: c.workerA, body }), 403, 'forbidden');
		const made = await create(url, c.headA, '/api/v1/tags', body);
		assert.equal(made.name, '普雄合唱团');
		assert.equal(made.category, 'custom');
		assert.equal(made.committee_code, COMMITTEES.A.code);
		for (const k of ['id', 'name', 'category', 'committee_code', 'visit_interval_days', 'review_days']) assert.ok(k in made, `tag has ${k}: ${JSON.stringify(made)}`);

		const seenA = await listAll(url, `/api/v1/tags?committee_code=${COMMITTEES.A.code}`, c.workerA);
		assert.ok(seenA.some((t) => t.name === '普雄合唱团' && t.committee_code === COMMITTEES.A.code), 'A sees its tag');
		assert.ok(seenA.some((t) => t.name === '独居老人' && t.committee_code === null && t.category === 'vulnerable'), 'and the built-in ones');
		const seenB = await listAll(url, '/api/v1/tags', c.workerB);
		assert.ok(!seenB.some((t) => t.name === '普雄合唱团'), 'B does not see A\'s tag');

		assertError(await api(url, 'POST', '/api/v1/tags', { cookie: c.headA, body }), 409, 'conflict');
		assertError(await api(url, 'POST', '/api/v1/tags', {
			cookie: c.headA, body: { name: '特困', category: 'vulnerable', committee_code: COMMITTEES.A.code },
		}), 400, 'bad_field', 'category');
		assertError(await api(url, 'POST', '/api/v1/tags', {
			cookie: c.headA, body: { name: '越界队', category: 'team', committee_code: COMMITTEES.B.code },
		}), 400, 'bad_field', 'committee_code');
		assert.ok(!(await listAll(url, '/api/v1/tags', c.admin)).some((t) => t.name === '特困' || t.name === '越界队'), 'nothing created');
	});

	it('a custom tag is usable in its committee and rejected in another', async () => {
		const r = fx.resident('r14');
		const p = await patch(`/api/v1/residents/${r.id}`, { tags: ['社区能人', '普雄合唱团'] }, c.workerA);
		const t = p.tags.find((x) => x.name === '普雄合唱团');
		assert.ok(t, JSON.stringify(p.tags));
		assert.equal(t.category, 'custom');
		const found = await listAll(url, `/api/v1/residents?tag_all=${encodeURIComponent('普雄合唱团')}`, c.workerA);
		assert.deepEqual(idsOf(found), [r.id]);

		const other = fx.resident('r21');
		const before = await get(`/api/v1/residents/${other.id}`);
		assertError(await api(url, 'PATCH', `/api/v1/residents/${other.id}`, { cookie: c.admin, body: { tags: ['老党员', '普雄合唱团'] } }),
			400, 'bad_field', 'tags');
		assert.deepEqual(await get(`/api/v1/residents/${other.id}`), before, 'nothing changed');
	});
});
