// The register filters (docs/register.md, "Filters") against the fixture:
// every answer is compared with the same filter computed by hand from the
// fixture's data.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, listAll } from './lib/harness.mjs';
import { startRegister, COMMITTEES, idsOf } from './lib/register-fixture.mjs';

describe('register filters', () => {
	let ctx, url, fx, c;

	before(async () => {
		ctx = await startRegister();
		({ url, fx, cookies: c } = ctx);
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	const qs = (params) => Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
	const has = (r, t) => fx.residentTags(r).includes(t);
	const hhHas = (h, t) => fx.householdTags(h).includes(t);

	/** All residents the filter PARAMS answers (following cursors), checked
	 * against total, compared with PRED over the fixture. */
	async function expectResidents(params, pred, { cookie = c.admin, anyStatus = false } = {}) {
		const path = `/api/v1/residents?${qs(params)}`;
		const items = await listAll(url, path, cookie);
		const first = await api(url, 'GET', path, { cookie });
		assert.equal(first.status, 200, first.text);
		const got = idsOf(items);
		const want = fx.residentIds(pred, { anyStatus });
		const names = (ids) => ids.map((id) => fx.residentById(id)?.name ?? `#${id}`);
		assert.deepEqual(names(got), names(want), `GET ${decodeURIComponent(path)}`);
		assert.deepEqual(got, want, `GET ${decodeURIComponent(path)}`);
		assert.equal(first.json.total, want.length, `total of GET ${decodeURIComponent(path)}`);
		return items;
	}

	async function expectHouseholds(params, pred, { cookie = c.admin } = {}) {
		const path = `/api/v1/households?${qs(params)}`;
		const items = await listAll(url, path, cookie);
		const first = await api(url, 'GET', path, { cookie });
		assert.equal(first.status, 200, first.text);
		const want = fx.householdIds(pred);
		const keys = (ids) => ids.map((id) => fx.households.find((h) => h.id === id)?.key ?? `#${id}`);
		assert.deepEqual(keys(idsOf(items)), keys(want), `GET ${decodeURIComponent(path)}`);
		assert.equal(first.json.total, want.length, `total of GET ${decodeURIComponent(path)}`);
		return items;
	}

	it('no filter: every living resident of the scope', async () => {
		await expectResidents({}, () => true);
		await expectResidents({}, (r) => r.committee === 'A', { cookie: c.workerA });
		await expectResidents({}, (r) => r.committee !== 'C', { cookie: c.street });
	});

	it('tag_all', async () => {
		await expectResidents({ tag_all: '独居老人' }, (r) => has(r, '独居老人'));
		await expectResidents({ tag_all: '独居老人,老党员' }, (r) => has(r, '独居老人') && has(r, '老党员'));
		await expectResidents({ tag_all: '残障人士,独居老人' }, (r) => has(r, '残障人士') && has(r, '独居老人'));
		await expectResidents({ tag_all: '楼组长' }, (r) => has(r, '楼组长'));
		// a deceased 老党员 is not among the living
		await expectResidents({ tag_all: '老党员' }, (r) => has(r, '老党员'));
		assert.ok(fx.residentIds((r) => has(r, '老党员')).length >= 3, 'fixture: several 老党员');
	});

	it('tag_any', async () => {
		await expectResidents({ tag_any: '孤寡老人' }, (r) => has(r, '孤寡老人'));
		await expectResidents({ tag_any: '独居老人,孤寡老人' }, (r) => has(r, '独居老人') || has(r, '孤寡老人'));
		await expectResidents({ tag_any: '残障人士,社区能人,志愿者' }, (r) => ['残障人士', '社区能人', '志愿者'].some((t) => has(r, t)));
	});

	it('tag_none', async () => {
		await expectResidents({ tag_none: '独居老人' }, (r) => !has(r, '独居老人'));
		await expectResidents({ tag_none: '独居老人,老党员' }, (r) => !has(r, '独居老人') && !has(r, '老党员'));
		await expectResidents({ tag_any: '独居老人,老党员', tag_none: '高龄' }, (r) => (has(r, '独居老人') || has(r, '老党员')) && !has(r, '高龄'));
	});

	it('the derived 高龄 is 80 and over, to the day', async () => {
		const items = await expectResidents({ tag_all: '高龄' }, (r) => r.age >= 80);
		const names = items.map((i) => i.name);
		assert.ok(names.includes('张桂兰'), '张桂兰 turned 80 today');
		assert.ok(!names.includes('刘志明'), '刘志明 turns 80 tomorrow');
		assert.ok(!names.includes('陈国平'), '陈国平 (90) is deceased');
		await expectResidents({ tag_none: '高龄', age_min: 75 }, (r) => r.age >= 75 && r.age < 80);
	});

	it('age_min and age_max are inclusive whole years at today', async () => {
		await expectResidents({ age_min: 70 }, (r) => r.age >= 70);
		const seventy = await expectResidents({ age_min: 70, age_max: 70 }, (r) => r.age === 70);
		assert.deepEqual(seventy.map((i) => i.name), ['赵丽'], '赵丽 turned 70 today; 吴卫东 turns 70 tomorrow');
		await expectResidents({ age_min: 80 }, (r) => r.age >= 80);
		await expectResidents({ age_max: 60 }, (r) => r.age <= 60);
		const sixty = await expectResidents({ age_min: 59, age_max: 60 }, (r) => r.age >= 59 && r.age <= 60);
		assert.deepEqual(sixty.map((i) => i.name).sort(), ['何文', '冯志刚'].sort());
		await expectResidents({ age_min: 18, age_max: 65 }, (r) => r.age >= 18 && r.age <= 65);
		await expectResidents({ age_max: 17 }, (r) => r.age <= 17);
		await expectResidents({ age_min: 79, age_max: 79 }, (r) => r.age === 79);
	});

	it('gender', async () => {
		await expectResidents({ gender: 'female' }, (r) => r.gender === 'female');
		await expectResidents({ gender: 'male', age_min: 70 }, (r) => r.gender === 'male' && r.age >= 70);
	});

	it('compound_id, building_id, floor_min, no_lift', async () => {
		await expectResidents({ compound_id: fx.compound('A1').id }, (r) => r.compound === 'A1');
		await expectResidents({ compound_id: fx.compound('B1').id }, (r) => r.compound === 'B1');
		await expectResidents({ building_id: fx.building('A1-20').id }, (r) => r.building === 'A1-20');
		await expectResidents({ building_id: fx.building('A2-3').id }, (r) => r.building === 'A2-3');
		await expectResidents({ floor_min: 4 }, (r) => r.floor >= 4);
		await expectResidents({ floor_min: 12 }, (r) => r.floor >= 12);
		await expectResidents({ no_lift: 'true' }, (r) => !r.has_lift);
		await expectResidents({ no_lift: 'true', floor_min: 4, committee_code: COMMITTEES.A.code },
			(r) => !r.has_lift && r.floor >= 4 && r.committee === 'A');
	});

	it('residence_kind, party_member, committee_code', async () => {
		for (const k of ['registered', 'resident', 'floating', 'separated']) {
			await expectResidents({ residence_kind: k }, (r) => r.residence_kind === k);
		}
		await expectResidents({ party_member: 'true' }, (r) => r.party_member);
		await expectResidents({ party_member: 'false' }, (r) => !r.party_member);
		for (const k of ['A', 'B', 'C']) {
			await expectResidents({ committee_code: COMMITTEES[k].code }, (r) => r.committee === k);
		}
	});

	it('status: living by default, others on request, any for all', async () => {
		await expectResidents({ status: 'living' }, () => true);
		await expectResidents({ status: 'deceased' }, (r) => r.status === 'deceased', { anyStatus: true });
		await expectResidents({ status: 'moved_out' }, (r) => r.status === 'moved_out', { anyStatus: true });
		await expectResidents({ status: 'any' }, () => true, { anyStatus: true });
		await expectResidents({ status: 'any', tag_all: '老党员' }, (r) => r.tags.includes('老党员'), { anyStatus: true });
	});

	it('q over names: Chinese substrings of two and of three or more characters', async () => {
		await expectResidents({ q: '建国' }, (r) => r.name.includes('建国'));
		assert.equal(fx.residentIds((r) => r.name.includes('建国')).length, 2, 'fixture: two 建国 in two committees');
		await expectResidents({ q: '秀英' }, (r) => r.name.includes('秀英'));
		await expectResidents({ q: '欧阳明' }, (r) => r.name.includes('欧阳明'));
		await expectResidents({ q: '王建国' }, (r) => r.name === '王建国');
		await expectResidents({ q: '冯' }, (r) => r.name.includes('冯'));
		await expectResidents({ q: '建国', committee_code: COMMITTEES.B.code }, (r) => r.name.includes('建国') && r.committee === 'B');
		await expectResidents({ q: '不存在的人' }, () => false);
	});

	it('phone: a resident by number, typed any way the caller says it; only in scope; a bad number named', async () => {
		const mobiles = fx.residents.filter((r) => r.phone && !r.phone.startsWith('021') && r.status === 'living');
		const fixed = fx.residents.find((r) => r.phone && r.phone.startsWith('021') && r.status === 'living');
		assert.ok(mobiles.length >= 2 && fixed, 'fixture: living residents with mobiles and a fixed line');
		const m = mobiles[0];
		await expectResidents({ phone: m.phone }, (r) => r.phone === m.phone);
		const spaced = `${m.phone.slice(0, 3)} ${m.phone.slice(3, 7)} ${m.phone.slice(7)}`;
		await expectResidents({ phone: spaced }, (r) => r.phone === m.phone);
		await expectResidents({ phone: `+86${m.phone}` }, (r) => r.phone === m.phone);
		await expectResidents({ phone: fixed.phone.replace('-', '') }, (r) => r.phone === fixed.phone);
		await expectResidents({ phone: '13900000000' }, () => false);
		// the household of the caller
		await expectHouseholds({ phone: m.phone }, (h) => fx.residents.some((r) => r.household === h.key && r.phone === m.phone && r.status === 'living'));
		// another committee's worker does not find the number
		const other = m.committee === 'A' ? c.workerB : c.workerA;
		const r = await api(url, 'GET', `/api/v1/residents?phone=${encodeURIComponent(m.phone)}`, { cookie: other });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.total, 0, 'out of scope: not found');
		assertError(await api(url, 'GET', '/api/v1/residents?phone=12345', { cookie: c.admin }), 400, 'bad_query', 'phone');
		assertError(await api(url, 'GET', '/api/v1/households?phone=abc', { cookie: c.admin }), 400, 'bad_query', 'phone');
	});

	it('q over addresses: a building label and a room number', async () => {
		await expectResidents({ q: '20号' }, (r) => r.label === '20号');
		await expectResidents({ q: '1201' }, (r) => r.room.includes('1201'));
		await expectResidents({ q: '3号楼' }, (r) => r.label === '3号楼');
		await expectResidents({ q: '20号', age_min: 70 }, (r) => r.label === '20号' && r.age >= 70);
	});

	it('combinations: tag_any + age_min + no_lift', async () => {
		const items = await expectResidents({ tag_any: '独居老人,孤寡老人', age_min: 70, no_lift: 'true' },
			(r) => (has(r, '独居老人') || has(r, '孤寡老人')) && r.age >= 70 && !r.has_lift);
		assert.ok(items.length >= 4, 'fixture: the combination matches several');
		await expectResidents({ tag_any: '独居老人,孤寡老人', age_min: 70, no_lift: 'true', committee_code: COMMITTEES.A.code, floor_min: 4 },
			(r) => (has(r, '独居老人') || has(r, '孤寡老人')) && r.age >= 70 && !r.has_lift && r.committee === 'A' && r.floor >= 4);
		await expectResidents({ gender: 'female', party_member: 'true', age_min: 60 }, (r) => r.gender === 'female' && r.party_member && r.age >= 60);
		// a worker's scope bounds every filter
		await expectResidents({ tag_all: '独居老人' }, (r) => has(r, '独居老人') && r.committee === 'A', { cookie: c.workerA });
		await expectResidents({ q: '建国' }, (r) => r.name.includes('建国') && r.committee === 'B', { cookie: c.workerB });
	});

	it('total counts the whole filter; limit=2 pages have no duplicates and no gaps', async () => {
		for (const params of [{}, { age_min: 70 }, { committee_code: COMMITTEES.A.code, sort: 'name' }, { status: 'any', sort: 'age' }, { sort: 'id' }]) {
			const want = fx.residentIds(() => true, { anyStatus: params.status === 'any' })
				.filter((id) => {
					const r = fx.residentById(id);
					return (params.age_min === undefined || r.age >= params.age_min) &&
						(params.committee_code === undefined || r.committee_code === params.committee_code);
				});
			const seen = [];
			let cursor = null;
			for (let page = 0; page < 100; page++) {
				let path = `/api/v1/residents?${qs({ ...params, limit: 2 })}`;
				if (cursor !== null) path += `&cursor=${encodeURIComponent(cursor)}`;
				const r = await api(url, 'GET', path, { cookie: c.admin });
				assert.equal(r.status, 200, `${path}: ${r.text}`);
				assert.equal(r.json.total, want.length, `total on page ${page} of ${path}`);
				assert.ok(r.json.items.length <= 2, `page of at most 2: ${path}`);
				seen.push(...r.json.items.map((i) => i.id));
				cursor = r.json.next_cursor;
				if (cursor === null) break;
				assert.equal(r.json.items.length, 2, `a page that is not the last is full: ${path}`);
			}
			assert.equal(new Set(seen).size, seen.length, `no duplicates across pages of ${JSON.stringify(params)}: ${seen}`);
			assert.deepEqual([...seen].sort((a, b) => a - b), want, `no gaps across pages of ${JSON.stringify(params)}`);
		}
	});

	it('sort=name orders by name; sort=age by age; sort=id by id; across pages', async () => {
		const byName = await listAll(url, '/api/v1/residents?sort=name', c.admin, { limit: 3 });
		const names = byName.map((i) => i.name);
		assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), `sort=name: ${names}`);
		assert.equal(names.length, fx.residentIds(() => true).length);

		const byAge = await listAll(url, '/api/v1/residents?sort=age', c.admin, { limit: 3 });
		const ages = byAge.map((i) => i.age);
		// docs/openapi.yaml: oldest first, unknown birth dates last
		assert.deepEqual(ages, [...ages].sort((a, b) => b - a), `sort=age is oldest first: ${ages}`);
		for (const i of byAge) assert.equal(i.age, fx.residentById(i.id).age, `age of ${i.name}`);

		// a resident without a birth date comes last (then leaves, so the
		// other tests see the fixture only)
		const mk = await api(url, 'POST', '/api/v1/residents', { cookie: c.admin, body: { household_id: fx.household('h21-201').id, name: '无生日' } });
		assert.equal(mk.status, 201, mk.text);
		const withUnknown = await listAll(url, `/api/v1/residents?sort=age&committee_code=${COMMITTEES.A.code}`, c.admin, { limit: 3 });
		assert.equal(withUnknown[withUnknown.length - 1].id, mk.json.id, `unknown birth date last: ${withUnknown.map((i) => i.name)}`);
		assert.equal(withUnknown.length, fx.residentIds((r) => r.committee === 'A').length + 1);
		const gone = await api(url, 'PATCH', `/api/v1/residents/${mk.json.id}`, { cookie: c.admin, body: { status: 'moved_out', status_date: fx.today } });
		assert.equal(gone.status, 200, gone.text);

		const byId = await listAll(url, '/api/v1/residents?sort=id', c.admin, { limit: 4 });
		assert.deepEqual(byId.map((i) => i.id), fx.residentIds(() => true));

		const byAddress = await listAll(url, `/api/v1/residents?committee_code=${COMMITTEES.A.code}&building_id=${fx.building('A1-20').id}`, c.admin, { limit: 2 });
		const floors = byAddress.map((i) => fx.residentById(i.id).floor);
		assert.deepEqual(floors, [...floors].sort((a, b) => a - b), `default order is by floor within a building: ${floors}`);
	});

	it('households: tags on the household itself or on a living member', async () => {
		await expectHouseholds({ tag_all: '困难家庭' }, (h) => hhHas(h, '困难家庭'));
		assert.deepEqual(fx.householdIds((h) => hhHas(h, '困难家庭')), [fx.household('h20-401').id], 'fixture: on a household only');
		await expectHouseholds({ tag_any: '独居老人' }, (h) => hhHas(h, '独居老人'));
		// 陈国平 (deceased, 老党员) does not make 502 a household with a 老党员
		await expectHouseholds({ tag_all: '老党员' }, (h) => hhHas(h, '老党员'));
		assert.ok(!fx.householdIds((h) => hhHas(h, '老党员')).includes(fx.household('h20-502').id), 'fixture: 502 has a deceased 老党员 only');
		await expectHouseholds({ tag_all: '独居老人,残障人士' }, (h) => hhHas(h, '独居老人') && hhHas(h, '残障人士'));
		await expectHouseholds({ tag_any: '困难家庭,孤寡老人' }, (h) => hhHas(h, '困难家庭') || hhHas(h, '孤寡老人'));
		await expectHouseholds({ tag_none: '独居老人,老党员' }, (h) => !hhHas(h, '独居老人') && !hhHas(h, '老党员'));
		await expectHouseholds({ tag_all: '困难家庭,独居老人' }, (h) => hhHas(h, '困难家庭') && hhHas(h, '独居老人'));
	});

	it('households: place, floor, lift, q and committee', async () => {
		await expectHouseholds({}, () => true);
		await expectHouseholds({ compound_id: fx.compound('A1').id }, (h) => h.compound === 'A1');
		await expectHouseholds({ building_id: fx.building('A2-3').id }, (h) => h.building === 'A2-3');
		await expectHouseholds({ floor_min: 5 }, (h) => h.floor >= 5);
		await expectHouseholds({ no_lift: 'true' }, (h) => !h.has_lift);
		await expectHouseholds({ no_lift: 'true', floor_min: 4, tag_any: '独居老人,孤寡老人' },
			(h) => !h.has_lift && h.floor >= 4 && (hhHas(h, '独居老人') || hhHas(h, '孤寡老人')));
		await expectHouseholds({ q: '20号' }, (h) => h.label === '20号');
		await expectHouseholds({ q: '1201' }, (h) => h.room.includes('1201'));
		await expectHouseholds({ committee_code: COMMITTEES.C.code }, (h) => h.committee === 'C');
		await expectHouseholds({}, (h) => h.committee === 'A', { cookie: c.workerA });
		const page = await api(url, 'GET', '/api/v1/households?limit=2', { cookie: c.admin });
		assert.equal(page.json.items.length, 2);
		assert.equal(page.json.total, fx.households.length);
	});

	it('bad filter values are 400 bad_query naming the parameter', async () => {
		const cases = [
			['age_min', 'abc'], ['age_max', '-1x'], ['gender', 'x'], ['tag_all', '不存在的标签'],
			['tag_any', '独居老人,不存在的标签'], ['tag_none', '不存在的标签'], ['compound_id', 'abc'],
			['building_id', '1.5'], ['floor_min', 'high'], ['no_lift', 'maybe'], ['party_member', 'yes'],
			['residence_kind', 'tourist'], ['status', 'dead'], ['sort', 'height'], ['committee_code', 'abc'],
			['limit', '0'], ['limit', '501'],
		];
		for (const [p, v] of cases) {
			const r = await api(url, 'GET', `/api/v1/residents?${p}=${encodeURIComponent(v)}`, { cookie: c.admin });
			assertError(r, 400, 'bad_query', p);
		}
		for (const [p, v] of [['tag_all', '不存在的标签'], ['floor_min', 'high'], ['no_lift', 'maybe']]) {
			const r = await api(url, 'GET', `/api/v1/households?${p}=${encodeURIComponent(v)}`, { cookie: c.admin });
			assertError(r, 400, 'bad_query', p);
		}
	});
});
