// Finding people by what they can do (社区能人, docs/consultation.md): the
// register's `skill` filter (skills, work, hobbies, a volunteer's skills)
// and `team_id` (members of a volunteer team), in the register's lists, a
// survey's audience and a meeting's invitations; a team of another committee
// refused in a stored filter; bad values refused naming the parameter.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const B = COMMITTEES.B.code;
const q = encodeURIComponent;

describe('社区能人: skill and team filters', () => {
	let env, url, c, fx, team, teamB;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const names = (r) => r.json.items.map((x) => x.name).sort();

	it('finds residents by part of their skills, work or hobbies, and by a volunteer skill', async () => {
		const set = [
			['r01', { skills: '电梯维修、水电' }],
			['r08', { work: '退休电梯工程师' }],
			['r09', { hobbies: '书法\n二胡' }],
			['r22', { skills: '电梯维修' }], // committee B
		];
		for (const [key, body] of set) {
			const r = await api(url, 'PATCH', `/api/v1/residents/${fx.resident(key).id}`, { cookie: key === 'r22' ? c.workerB : c.workerA, body });
			assert.equal(r.status, 200, r.text);
		}
		const v = await api(url, 'POST', '/api/v1/volunteers', { cookie: c.workerA, body: { resident_id: fx.resident('r05').id, skills: ['电梯安全宣讲'] } });
		assert.equal(v.status, 201, v.text);

		let r = await api(url, 'GET', `/api/v1/residents?committee_code=${A}&skill=${q('电梯')}`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(names(r), [fx.resident('r01').name, fx.resident('r05').name, fx.resident('r08').name].sort());
		r = await api(url, 'GET', `/api/v1/residents?skill=${q('二胡')}`, { cookie: c.workerA });
		assert.deepEqual(names(r), [fx.resident('r09').name]);
		// the street sees both committees; a worker of A never sees B's 电梯维修
		r = await api(url, 'GET', `/api/v1/residents?skill=${q('电梯维修')}`, { cookie: c.street });
		assert.deepEqual(names(r), [fx.resident('r01').name, fx.resident('r22').name].sort());
		r = await api(url, 'GET', `/api/v1/residents?skill=${q('电梯维修')}`, { cookie: c.workerA });
		assert.deepEqual(names(r), [fx.resident('r01').name]);
		// households: one living member who matches
		r = await api(url, 'GET', `/api/v1/households?committee_code=${A}&skill=${q('电梯')}&limit=1`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		const hh = new Set(['r01', 'r05', 'r08'].map((k) => fx.resident(k).household_id));
		assert.equal(r.json.total, hh.size);
	});

	it('finds the members of a team, and invites them to a meeting', async () => {
		const vols = {};
		for (const key of ['r08', 'r09']) {
			const v = await api(url, 'POST', '/api/v1/volunteers', { cookie: c.workerA, body: { resident_id: fx.resident(key).id, skills: [] } });
			assert.equal(v.status, 201, v.text);
			vols[key] = v.json.id;
		}
		let r = await api(url, 'POST', '/api/v1/teams', { cookie: c.headA, body: { committee_code: A, name: '品尊红袖章', member_ids: [vols.r08, vols.r09] } });
		assert.equal(r.status, 201, r.text);
		team = r.json.id;
		const vb = await api(url, 'POST', '/api/v1/volunteers', { cookie: c.workerB, body: { resident_id: fx.resident('r22').id, skills: [] } });
		r = await api(url, 'POST', '/api/v1/teams', { cookie: c.headB, body: { committee_code: B, name: '红袖章', member_ids: [vb.json.id] } });
		assert.equal(r.status, 201, r.text);
		teamB = r.json.id;

		r = await api(url, 'GET', `/api/v1/residents?team_id=${team}`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(names(r), [fx.resident('r08').name, fx.resident('r09').name].sort());
		// another committee's team finds nobody the caller may see
		r = await api(url, 'GET', `/api/v1/residents?team_id=${teamB}`, { cookie: c.workerA });
		assert.deepEqual(r.json.items, []);

		const base = { committee_code: A, topic: '红袖章巡逻排班', held_at: '2026-12-20T14:00:00+08:00', place: '活动室' };
		r = await api(url, 'POST', '/api/v1/meetings', { cookie: c.headA, body: { ...base, invite_filter: { team_id: team } } });
		assert.equal(r.status, 201, r.text);
		assert.deepEqual(r.json.participants.map((p) => p.name).sort(), [fx.resident('r08').name, fx.resident('r09').name].sort());
		assertError(await api(url, 'POST', '/api/v1/meetings', { cookie: c.headA, body: { ...base, topic: '另一个', invite_filter: { team_id: teamB } } }),
			400, 'bad_field', 'invite_filter.team_id');
		const list = await api(url, 'GET', `/api/v1/meetings?committee_code=${A}`, { cookie: c.headA });
		assert.deepEqual(list.json.items.map((m) => m.topic), ['红袖章巡逻排班'], 'the refused meeting was not written');
	});

	it('makes a survey for the talented', async () => {
		const r = await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headA,
			body: {
				committee_code: A, title: '电梯加装技术顾问', questions: [{ text: '愿意当顾问吗？', kind: 'single', options: ['愿意', '不愿意'] }],
				audience: { skill: '电梯' },
			},
		});
		assert.equal(r.status, 201, r.text);
		const hh = new Set(['r01', 'r05', 'r08'].map((k) => fx.resident(k).household_id));
		assert.equal(r.json.audience, hh.size);
		assert.deepEqual(r.json.audience_filter, { committee_code: A, skill: '电梯' });
	});

	it('refuses bad values naming them', async () => {
		assertError(await api(url, 'GET', `/api/v1/residents?skill=${'长'.repeat(21)}`, { cookie: c.workerA }), 400, 'bad_query', 'skill');
		assertError(await api(url, 'GET', '/api/v1/residents?skill=', { cookie: c.workerA }), 400, 'bad_query', 'skill');
		assertError(await api(url, 'GET', '/api/v1/households?team_id=abc', { cookie: c.workerA }), 400, 'bad_query', 'team_id');
		assertError(await api(url, 'GET', '/api/v1/households?team_id=0', { cookie: c.workerA }), 400, 'bad_query', 'team_id');
		assertError(await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headA,
			body: { committee_code: A, title: 'x', questions: [{ text: '?', kind: 'text' }], audience: { team_id: 'abc' } },
		}), 400, 'bad_field', 'audience.team_id');
	});
});
