// Light accounts for building leaders and volunteers (docs/accounts.md,
// "Light accounts"): a head makes a helper account for named buildings of
// its committee.  The helper reads the households of its buildings (names,
// rooms, tags — never an ID or phone number), records visits there, fills in
// campaign entries for targets there and reports problems; its visits count
// in coverage.  Everything else is refused: another building 404 (or 400
// naming the member of a body), the register, reveal, export, import and
// accounts 403.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError, login, uniqueName } from './lib/harness.mjs';
import { startVisits, A, B } from './lib/visits-fixture.mjs';
import { makeIdNumber } from './lib/register-fixture.mjs';

describe('light accounts: a building leader', () => {
	let w, head, headB, helper, b1, b2, bB, h1, h2, hB, r1, camp;
	const PHONE = '13912345678';

	before(async () => {
		w = await startVisits();
		head = await w.user('laHead', 'committee_head', A);
		headB = await w.user('laHeadB', 'committee_head', B);
		const c = await w.compound(A, '楼组新村');
		b1 = await w.building(c, '5号');
		b2 = await w.building(c, '6号');
		bB = await w.building(await w.compound(B, '别的小区'), '1号');
		h1 = await w.household(b1, '101', { tags: ['困难家庭'] });
		h2 = await w.household(b2, '201');
		hB = await w.household(bB, '301');
		r1 = await w.ok('POST', '/api/v1/residents', {
			status: 201,
			body: {
				household_id: h1.id, name: '孙独居', gender: 'female', birth_date: '1941-03-02', relation: 'head',
				id_number: makeIdNumber({ birth: '1941-03-02', male: false, seq: 321 }), phone: PHONE, tags: ['独居老人'],
			},
		});
		await w.resident(h2, '周六号');
		camp = await w.ok('POST', '/api/v1/campaigns', {
			cookie: head.cookie, status: 201,
			body: { committee_code: A, name: '送年货', unit: 'household', filter: {}, fields: [{ key: 'given', label: '已送达', type: 'yes_no', required: true }] },
		});
	});
	after(async () => { if (w) await w.stop(); });

	const make = (cookie, body) => w.req('POST', '/api/v1/users', { cookie, body });
	const base = () => ({ username: uniqueName('la'), password: 'helper-pass-1234', role: 'helper', scope: [A] });

	it('the head makes it for buildings of its committee; bad bodies are refused naming the member, nothing made', async () => {
		const before = (await w.get('/api/v1/users?limit=500', head.cookie)).items.length;
		assertError(await make(head.cookie, base()), 400, 'bad_field', 'buildings');
		assertError(await make(head.cookie, { ...base(), buildings: [] }), 400, 'bad_field', 'buildings');
		assertError(await make(head.cookie, { ...base(), buildings: [bB.id] }), 400, 'bad_field', 'buildings');
		assertError(await make(head.cookie, { ...base(), buildings: ['5号'] }), 400, 'bad_field', 'buildings');
		assertError(await make(head.cookie, { ...base(), buildings: [b1.id, b1.id] }), 400, 'bad_field', 'buildings');
		assertError(await make(head.cookie, { ...base(), buildings: 7 }), 400, 'bad_field', 'buildings');
		assertError(await make(head.cookie, { ...base(), role: 'worker', buildings: [b1.id] }), 400, 'bad_field', 'buildings');
		assertError(await make(headB.cookie, { ...base(), buildings: [b1.id] }), 403, 'forbidden', 'scope');
		assert.equal((await w.get('/api/v1/users?limit=500', head.cookie)).items.length, before, 'nothing was made');
		const body = { ...base(), buildings: [b1.id], display_name: '王阿姨', title: 'building_leader' };
		const made = await w.ok('POST', '/api/v1/users', { cookie: head.cookie, body, status: 201 });
		assert.equal(made.role, 'helper');
		assert.deepEqual(made.buildings, [b1.id]);
		assert.equal(made.name, '王阿姨');
		helper = { ...body, id: made.id, cookie: await login(w.url, body.username, body.password) };
		const me = await w.get('/api/v1/me', helper.cookie);
		assert.equal(me.role, 'helper');
		assert.deepEqual(me.buildings, [b1.id]);
	});

	it('reads the households of its building: names, rooms, age and tags, no ID or phone number', async () => {
		const l = await w.get('/api/v1/me/households', helper.cookie);
		assert.deepEqual(l.items.map((x) => [x.building, x.room]), [['5号', '101']]);
		const one = l.items[0];
		assert.deepEqual(one.tags, ['困难家庭']);
		assert.equal(one.residents.length, 1);
		const r = one.residents[0];
		assert.equal(r.name, '孙独居');
		assert.deepEqual(r.tags, ['独居老人']);
		assert.ok(r.age >= 84 && r.age <= 86, `age ${r.age}`);
		const text = JSON.stringify(l);
		for (const bad of ['id_number', 'phone', PHONE, PHONE.slice(-4), '****']) assert.ok(!text.includes(bad), `${bad} shows: ${text}`);
		const single = await w.get(`/api/v1/me/households/${h1.id}`, helper.cookie);
		assert.deepEqual(single, one);
	});

	it('sees nothing outside its building: another building 404, the register, reveal, export, import, accounts 403', async () => {
		assertError(await w.req('GET', `/api/v1/me/households/${h2.id}`, { cookie: helper.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/me/households/${hB.id}`, { cookie: helper.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/households/${h1.id}`, { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('GET', `/api/v1/residents/${r1.id}`, { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('GET', `/api/v1/residents?committee_code=${A}`, { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('POST', `/api/v1/residents/${r1.id}/reveal`, { cookie: helper.cookie, body: { field: 'phone' } }), 403, 'forbidden');
		assertError(await w.req('GET', '/api/v1/residents/export?format=csv', { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('GET', `/api/v1/campaigns/${camp.id}/export?format=csv`, { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('GET', `/api/v1/campaigns/${camp.id}/left`, { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('GET', '/api/v1/users', { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('POST', '/api/v1/users', { cookie: helper.cookie, body: base() }), 403, 'forbidden');
		assertError(await w.req('GET', '/api/v1/issues', { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('GET', '/api/v1/visits', { cookie: helper.cookie }), 403, 'forbidden');
		assertError(await w.req('GET', `/api/v1/reports/coverage?area=${A}`, { cookie: helper.cookie }), 403, 'forbidden');
	});

	it('records a daily check in its building (it counts in coverage), and none elsewhere', async () => {
		const covBefore = await w.get(`/api/v1/reports/coverage?area=${A}`, head.cookie);
		assertError(await w.req('POST', '/api/v1/visits', { cookie: helper.cookie, body: { household_id: h2.id, channel: 'home' } }), 400, 'bad_field', 'household_id');
		assertError(await w.req('POST', '/api/v1/visits', { cookie: helper.cookie, body: { household_id: hB.id, channel: 'home' } }), 400, 'bad_field', 'household_id');
		const v = await w.ok('POST', '/api/v1/visits', { cookie: helper.cookie, status: 201, body: { household_id: h1.id, channel: 'home', observed: '精神不错' } });
		assert.equal(v.worker_name, '王阿姨');
		const covAfter = await w.get(`/api/v1/reports/coverage?area=${A}`, head.cookie);
		assert.equal(covAfter.total.households_visited, covBefore.total.households_visited + 1);
		const list = await w.get(`/api/v1/visits?household_id=${h1.id}`, head.cookie);
		assert.deepEqual(list.items.map((x) => x.worker_name), ['王阿姨']);
	});

	it('fills in the campaign entries of its building\'s targets only', async () => {
		const t = await w.get('/api/v1/me/targets', helper.cookie);
		assert.deepEqual(t.items.map((x) => [x.campaign, x.building, x.room, x.done]), [['送年货', '5号', '101', false]]);
		assert.deepEqual(t.items[0].fields.map((f) => f.key), ['given']);
		const left = await w.get(`/api/v1/campaigns/${camp.id}/left`, head.cookie);
		const other = left.items.find((x) => x.household_id === h2.id).target_id;
		assertError(await w.req('PUT', `/api/v1/campaign-targets/${other}/entry`, { cookie: helper.cookie, body: { values: { given: true } } }), 404, 'not_found');
		await w.ok('PUT', `/api/v1/campaign-targets/${t.items[0].target_id}/entry`, { cookie: helper.cookie, body: { values: { given: true } } });
		const p = await w.get(`/api/v1/campaigns/${camp.id}/progress`, head.cookie);
		assert.equal(p.done, 1);
		const again = await w.get('/api/v1/me/targets', helper.cookie);
		assert.equal(again.items[0].done, true);
		assert.deepEqual(again.items[0].values, { given: true });
	});

	it('reports a problem in its building, taken in like a worker\'s; not elsewhere, not assigned', async () => {
		const body = { category: 'repairs', description: '楼道灯坏了', channel: 'visit' };
		assertError(await w.req('POST', '/api/v1/issues', { cookie: helper.cookie, body }), 400, 'bad_field', 'building_id');
		assertError(await w.req('POST', '/api/v1/issues', { cookie: helper.cookie, body: { ...body, household_id: h2.id } }), 400, 'bad_field', 'household_id');
		assertError(await w.req('POST', '/api/v1/issues', { cookie: helper.cookie, body: { ...body, building_id: b2.id } }), 400, 'bad_field', 'building_id');
		assertError(await w.req('POST', '/api/v1/issues', { cookie: helper.cookie, body: { ...body, household_id: h1.id, assignee_id: head.id } }), 403, 'forbidden', 'assignee_id');
		const i = await w.ok('POST', '/api/v1/issues', { cookie: helper.cookie, status: 201, body: { ...body, household_id: h1.id } });
		assert.equal(i.status, 'received');
		assert.equal(i.created_by_name, '王阿姨');
		const queue = await w.get(`/api/v1/issues?committee_code=${A}`, head.cookie);
		assert.ok(queue.items.some((x) => x.id === i.id), 'in the committee\'s queue');
	});

	it('linked to its volunteer record, its visits and deliveries count in the volunteer totals', async () => {
		const vol = await w.ok('POST', '/api/v1/volunteers', { cookie: head.cookie, status: 201, body: { resident_id: r1.id, skills: ['陪伴'] } });
		const rB = await w.resident(hB, '吴别处');
		const volB = await w.ok('POST', '/api/v1/volunteers', { status: 201, body: { resident_id: rB.id, skills: [] } });
		const link = (body, cookie = head.cookie) => w.req('PATCH', `/api/v1/users/${helper.id}`, { cookie, body });
		assertError(await link({ volunteer_id: volB.id }), 400, 'bad_field', 'volunteer_id');
		assertError(await link({ volunteer_id: 'x' }), 400, 'bad_field', 'volunteer_id');
		const worker = await w.user('laWorker', 'worker', A);
		assertError(await w.req('PATCH', `/api/v1/users/${worker.id}`, { cookie: head.cookie, body: { volunteer_id: vol.id } }), 400, 'bad_field', 'volunteer_id');
		const u = await w.ok('PATCH', `/api/v1/users/${helper.id}`, { cookie: head.cookie, body: { volunteer_id: vol.id } });
		assert.equal(u.volunteer_id, vol.id);
		const other = await w.ok('POST', '/api/v1/users', { cookie: head.cookie, status: 201, body: { ...base(), buildings: [b2.id] } });
		assertError(await w.req('PATCH', `/api/v1/users/${other.id}`, { cookie: head.cookie, body: { volunteer_id: vol.id } }), 409, 'conflict', 'volunteer_id');
		const totals = await w.get(`/api/v1/reports/volunteers?committee_code=${A}`, head.cookie);
		assert.deepEqual(totals.helpers, [{ volunteer_id: vol.id, name: '孙独居', visits: 1, entries_done: 1 }]);
		const unlinked = await w.ok('PATCH', `/api/v1/users/${helper.id}`, { cookie: head.cookie, body: { volunteer_id: null } });
		assert.equal(unlinked.volunteer_id, null);
		assert.deepEqual((await w.get(`/api/v1/reports/volunteers?committee_code=${A}`, head.cookie)).helpers, []);
	});

	it('the head moves it to another building: the old one is gone at once', async () => {
		assertError(await w.req('PATCH', `/api/v1/users/${helper.id}`, { cookie: head.cookie, body: { buildings: [bB.id] } }), 400, 'bad_field', 'buildings');
		const u = await w.ok('PATCH', `/api/v1/users/${helper.id}`, { cookie: head.cookie, body: { buildings: [b2.id] } });
		assert.deepEqual(u.buildings, [b2.id]);
		const l = await w.get('/api/v1/me/households', helper.cookie);
		assert.deepEqual(l.items.map((x) => x.room), ['201']);
		assertError(await w.req('GET', `/api/v1/me/households/${h1.id}`, { cookie: helper.cookie }), 404, 'not_found');
	});
});
