// Issue 17: the tablet at the meeting table shows who is still to vote, so a
// motion lists the participants who have voted (never how each voted).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

describe('meetings: who has voted', () => {
	let env, url, c, fx;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	it('lists the voters of each motion, in id order, and nothing about their choices', async () => {
		const m = await api(url, 'POST', '/api/v1/meetings', {
			cookie: c.headA,
			body: { committee_code: COMMITTEES.A.code, topic: '楼道堆物整治', held_at: '2026-12-01T06:00:00Z', invite_filter: { building_id: fx.building('A1-20').id } },
		});
		assert.equal(m.status, 201, m.text);
		const [p1, p2, p3] = m.json.participants;
		const motion = await api(url, 'POST', `/api/v1/meetings/${m.json.id}/motions`, { cookie: c.headA, body: { text: '统一清理楼道堆物' } });
		assert.equal(motion.status, 201, motion.text);
		const vote = (p, choice) => api(url, 'POST', `/api/v1/meetings/${m.json.id}/votes`, { cookie: c.workerA, body: { motion_id: motion.json.id, participant_id: p.id, choice } });
		assert.equal((await vote(p3, 'against')).status, 201);
		assert.equal((await vote(p1, 'for')).status, 201);
		assertError(await vote(p1, 'against'), 409, 'conflict');
		const r = await api(url, 'GET', `/api/v1/meetings/${m.json.id}`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		const v = r.json.motions[0];
		assert.deepEqual(v.voted, [p1.id, p3.id].sort((a, b) => a - b));
		assert.ok(!v.voted.includes(p2.id));
		assert.equal(v.for, 1);
		assert.equal(v.against, 1);
		assert.ok(!JSON.stringify(v).includes('"choice"'), 'no per-participant choice');
		assertError(await api(url, 'GET', `/api/v1/meetings/${m.json.id}`, { cookie: c.workerB }), 404, 'not_found');
	});
});
