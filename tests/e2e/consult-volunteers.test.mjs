// Volunteers and teams (docs/consultation.md): volunteer residents with
// skills and availability, teams, activities with hours and residents served,
// totals per volunteer, team and month; negative hours refused; scoping.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const B = COMMITTEES.B.code;

describe('networks: volunteers, teams and activities', () => {
	let env, url, c, fx, vol, team, haircut;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		vol = {};
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const post = (path, body, cookie = c.headA) => api(url, 'POST', path, { cookie, body });

	it('registers volunteers with skills and availability', async () => {
		const made = [
			['r05', ['理发', '修理'], '周末上午'],
			['r08', ['护理'], '工作日下午'],
			['r09', [], null],
		];
		for (const [key, skills, availability] of made) {
			const r = await post('/api/v1/volunteers', { resident_id: fx.resident(key).id, skills, availability }, c.workerA);
			assert.equal(r.status, 201, r.text);
			assert.equal(r.json.name, fx.resident(key).name);
			assert.equal(r.json.committee_code, A);
			assert.deepEqual(r.json.skills, skills);
			assert.equal(r.json.hours, 0);
			vol[key] = r.json.id;
		}
		const rb = await post('/api/v1/volunteers', { resident_id: fx.resident('r22').id, skills: ['理发'] }, c.workerB);
		assert.equal(rb.status, 201, rb.text);
		vol.r22 = rb.json.id;
		assertError(await post('/api/v1/volunteers', { resident_id: fx.resident('r05').id }, c.workerA), 409, 'conflict', 'resident_id');
		assertError(await post('/api/v1/volunteers', { resident_id: fx.resident('r22').id }, c.workerA), 400, 'bad_field', 'resident_id');
		assertError(await post('/api/v1/volunteers', { resident_id: fx.resident('r07').id }, c.workerA), 400, 'bad_field', 'resident_id');
		const barbers = await api(url, 'GET', `/api/v1/volunteers?committee_code=${A}&skill=${encodeURIComponent('理发')}`, { cookie: c.workerA });
		assert.equal(barbers.status, 200, barbers.text);
		assert.deepEqual(barbers.json.items.map((v) => v.id), [vol.r05]);
		const p = await api(url, 'PATCH', `/api/v1/volunteers/${vol.r09}`, { cookie: c.workerA, body: { skills: ['电脑'], availability: '晚上' } });
		assert.equal(p.status, 200, p.text);
		assert.deepEqual(p.json.skills, ['电脑']);
		assert.equal(p.json.availability, '晚上');
	});

	it('makes teams of the committee\'s volunteers', async () => {
		let r = await post('/api/v1/teams', { committee_code: A, name: '红袖章', kind: '巡逻', member_ids: [vol.r05, vol.r08] });
		assert.equal(r.status, 201, r.text);
		team = r.json;
		assert.deepEqual(team.members.map((m) => m.volunteer_id), [vol.r05, vol.r08]);
		assertError(await post('/api/v1/teams', { committee_code: A, name: '攻坚队', member_ids: [vol.r05, vol.r22] }), 400, 'bad_field', 'member_ids');
		assertError(await post('/api/v1/teams', { committee_code: A, name: '红袖章' }), 409, 'conflict', 'name');
		assertError(await post('/api/v1/teams', { committee_code: A, name: '楼道助理' }, c.workerA), 403, 'forbidden');
		r = await api(url, 'PATCH', `/api/v1/teams/${team.id}`, { cookie: c.headA, body: { member_ids: [vol.r05, vol.r08, vol.r09] } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.members.length, 3);
		const v = await api(url, 'GET', `/api/v1/volunteers/${vol.r09}`, { cookie: c.workerA });
		assert.deepEqual(v.json.teams, [{ id: team.id, name: '红袖章' }]);
		const list = await api(url, 'GET', `/api/v1/teams?committee_code=${A}`, { cookie: c.workerA });
		assert.deepEqual(list.json.items.map((t) => t.name), ['红袖章']);
		const one = await api(url, 'GET', `/api/v1/teams/${team.id}`, { cookie: c.workerA });
		assert.equal(one.status, 200, one.text);
		assert.deepEqual(one.json, list.json.items[0], 'the team alone is the team in the list');
	});

	it('records activities with hours and residents served; negative hours change nothing', async () => {
		let r = await post('/api/v1/activities', {
			committee_code: A, team_id: team.id, title: '爱心理发日', date: '2026-10-15', place: '居委会活动室',
			volunteers: [{ volunteer_id: vol.r05, hours: 3 }, { volunteer_id: vol.r08, hours: 2.5 }],
			served_resident_ids: [fx.resident('r01').id, fx.resident('r02').id, fx.resident('r03').id],
		}, c.workerA);
		assert.equal(r.status, 201, r.text);
		haircut = r.json;
		assert.equal(haircut.hours, 5.5);
		assert.equal(haircut.served, 3);
		assert.deepEqual(haircut.volunteers.map((v) => v.hours), [3, 2.5]);
		r = await post('/api/v1/activities', {
			committee_code: A, title: '送药上门', date: '2026-11-02',
			volunteers: [{ volunteer_id: vol.r05, hours: 1.5 }], served_resident_ids: [fx.resident('r04').id],
		}, c.workerA);
		assert.equal(r.status, 201, r.text);
		const base = { committee_code: A, title: '坏数据', date: '2026-11-03' };
		r = await post('/api/v1/activities', { ...base, volunteers: [{ volunteer_id: vol.r09, hours: -2 }] }, c.workerA);
		assertError(r, 400, 'bad_field', 'volunteers[0].hours');
		assert.match(r.json.error.message, /negative/);
		assertError(await post('/api/v1/activities', { ...base, volunteers: [{ volunteer_id: vol.r22, hours: 1 }] }, c.workerA), 400, 'bad_field', 'volunteers[0].volunteer_id');
		assertError(await post('/api/v1/activities', { ...base, volunteers: [{ volunteer_id: vol.r09, hours: 1 }, { volunteer_id: vol.r09, hours: 2 }] }, c.workerA),
			400, 'bad_field', 'volunteers[1].volunteer_id');
		assertError(await post('/api/v1/activities', { ...base, date: '2026-02-30' }, c.workerA), 400, 'bad_field', 'date');
		assertError(await post('/api/v1/activities', { ...base, served_resident_ids: [fx.resident('r20').id] }, c.workerA), 400, 'bad_field', 'served_resident_ids');
		const list = await api(url, 'GET', `/api/v1/activities?committee_code=${A}`, { cookie: c.workerA });
		assert.equal(list.json.items.length, 2, 'the refused activities were not recorded');
		const one = await api(url, 'GET', `/api/v1/activities/${haircut.id}`, { cookie: c.workerA });
		assert.equal(one.status, 200, one.text);
		assert.deepEqual(one.json, haircut, 'read back as recorded');
	});

	it('totals per volunteer, team and month', async () => {
		let r = await api(url, 'GET', `/api/v1/reports/volunteers?committee_code=${A}`, { cookie: c.headA });
		assert.equal(r.status, 200, r.text);
		const t = r.json;
		assert.equal(t.activities, 2);
		assert.equal(t.hours, 7);
		assert.equal(t.served, 4);
		assert.deepEqual(t.by_volunteer.map((v) => [v.volunteer_id, v.hours, v.activities]), [[vol.r05, 4.5, 2], [vol.r08, 2.5, 1]]);
		assert.deepEqual(t.by_team, [{ team_id: team.id, name: '红袖章', activities: 1, hours: 5.5, served: 3 }]);
		assert.deepEqual(t.by_month, [
			{ month: '2026-10', activities: 1, hours: 5.5, served: 3 },
			{ month: '2026-11', activities: 1, hours: 1.5, served: 1 },
		]);
		r = await api(url, 'GET', `/api/v1/reports/volunteers?committee_code=${A}&from=2026-11-01&to=2026-11-30`, { cookie: c.headA });
		assert.equal(r.json.hours, 1.5);
		assert.deepEqual(r.json.by_month.map((m) => m.month), ['2026-11']);
		const v = await api(url, 'GET', `/api/v1/volunteers/${vol.r05}`, { cookie: c.workerA });
		assert.equal(v.json.hours, 4.5);
		assert.equal(v.json.activities, 2);
		assertError(await api(url, 'GET', `/api/v1/reports/volunteers?committee_code=${A}&from=11月`, { cookie: c.headA }), 400, 'bad_query', 'from');
		assertError(await api(url, 'GET', '/api/v1/reports/volunteers', { cookie: c.headA }), 400, 'bad_query', 'committee_code');
	});

	it('is scoped: another committee gets 404 for A\'s volunteers, teams and activities', async () => {
		for (const cookie of [c.headB, c.workerB]) {
			assertError(await api(url, 'GET', `/api/v1/volunteers/${vol.r05}`, { cookie }), 404, 'not_found');
			assertError(await api(url, 'PATCH', `/api/v1/volunteers/${vol.r05}`, { cookie, body: { availability: 'x' } }), 404, 'not_found');
			assertError(await api(url, 'GET', `/api/v1/teams/${team.id}`, { cookie }), 404, 'not_found');
			assertError(await api(url, 'GET', `/api/v1/activities/${haircut.id}`, { cookie }), 404, 'not_found');
			assertError(await api(url, 'GET', `/api/v1/reports/volunteers?committee_code=${A}`, { cookie }), 400, 'bad_query', 'committee_code');
			assert.deepEqual((await api(url, 'GET', '/api/v1/volunteers', { cookie })).json.items.map((v) => v.id), [vol.r22]);
			assert.deepEqual((await api(url, 'GET', '/api/v1/activities', { cookie })).json.items, []);
		}
		assertError(await api(url, 'PATCH', `/api/v1/teams/${team.id}`, { cookie: c.headB, body: { name: 'x' } }), 404, 'not_found');
		assertError(await post('/api/v1/activities', { committee_code: B, team_id: team.id, title: 't', date: '2026-11-01' }, c.workerB), 400, 'bad_field', 'team_id');
		const street = await api(url, 'GET', '/api/v1/volunteers?limit=2', { cookie: c.street });
		assert.equal(street.json.items.length, 2);
		assert.ok(street.json.next_cursor);
		const next = await api(url, 'GET', `/api/v1/volunteers?limit=2&cursor=${street.json.next_cursor}`, { cookie: c.street });
		assert.deepEqual(next.json.items.map((v) => v.id), [vol.r09, vol.r22]);
		assert.equal(next.json.next_cursor, null);
	});
});
