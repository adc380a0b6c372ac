// A day a person can walk (docs/visits.md): the households due on the plan
// fixture (lib/visits-fixture.mjs) chosen by urgency within the worker's
// capacity, walked in order, "next" continuing in the same building, and
// the head's view of who is behind.  The expected days are worked out by
// hand from the fixture's table:
//
//   vulnerable (interval ≤ 30): P1 (独居老人, 3 days overdue), P2 (困难家庭,
//     due today), P6 (独居老人, due today)
//   follow-up: P3 (2 days overdue)      overdue: P9 (1 day)
//   the round (never visited): P4, P12
//
// Walking order: 普雄2村 2号 (P4 f1, P3 f3, P2 f12), 普雄2村 10号 (P1 201,
// P6 202, both f2), 普雄10村 3号楼 (P9 f6, P12 floor unknown).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import { startVisits, buildPlanFixture, addDays, isWorkday, weekday, A, B } from './lib/visits-fixture.mjs';

describe('a plan a person can walk', () => {
	let w, fx, u, H;
	const key = (id) => Object.keys(H).find((k) => H[k].id === id) ?? `#${id}`;
	const plan = async (cookie = u.w1.cookie, q = '') => w.get(`/api/v1/me/plan${q}`, cookie);
	const setCapacity = (n, cookie = u.headA.cookie, id = u.w1.id) =>
		w.req('PUT', `/api/v1/workers/${id}/plan`, { cookie, body: { households_per_day: n } });

	// working days from T to Sunday, T included, as the server counts them (at least 1)
	const workdaysLeft = () => {
		let n = 0;
		for (let d = w.today, i = 0; i < 7; i++, d = addDays(d, 1)) {
			if (isWorkday(d)) n++;
			if (weekday(d) === 0) break;
		}
		return Math.max(n, 1);
	};

	before(async () => {
		w = await startVisits();
		fx = await buildPlanFixture(w);
		({ users: u, H } = fx);
	});
	after(async () => { if (w) await w.stop(); });

	it('by default: the urgent ones and the round\'s share of the week, in walking order', async () => {
		const p = await plan();
		assert.equal(p.capacity, 12, 'the default capacity');
		// one of the two never-visited households a day while two or more
		// working days are left this week, both on the last one
		const roundToday = Math.min(2, Math.ceil(2 / workdaysLeft()));
		const want = roundToday === 1 ? ['P4', 'P3', 'P2', 'P1', 'P6', 'P9'] : ['P4', 'P3', 'P2', 'P1', 'P6', 'P9', 'P12'];
		assert.deepEqual(p.walk.map(key), want);
		assert.equal(p.behind, 7 - want.length);
		const by = Object.fromEntries(p.items.map((i) => [key(i.household_id), i]));
		assert.deepEqual(Object.fromEntries(Object.entries(by).map(([k, i]) => [k, i.urgency])), {
			P4: 'round', P3: 'follow_up', P2: 'vulnerable', P1: 'vulnerable', P6: 'vulnerable', P9: 'overdue', P12: 'round',
		});
		for (const [n, k] of want.entries()) assert.equal(by[k].walk, n + 1, `${k}: its place in the walk`);
		if (roundToday === 1) assert.equal(by.P12.walk, null, 'P12 waits for another day of the week');
		// the old contract holds: every household due, in walking order
		assert.deepEqual(p.items.map((i) => key(i.household_id)), ['P4', 'P3', 'P2', 'P1', 'P6', 'P9', 'P12']);
		assert.equal(p.total, 7);
		assert.equal(key(p.next), 'P4', 'without after: the first of the walk');
	});

	it('a small capacity takes the most urgent: the most overdue 独居老人 first, never the round', async () => {
		const r = await setCapacity(2);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { worker_id: u.w1.id, households_per_day: 2 });
		let p = await plan();
		assert.equal(p.capacity, 2);
		// P1 (3 days overdue), then of P2 and P6 (due today) the first in walking order
		assert.deepEqual(p.walk.map(key), ['P2', 'P1']);
		assert.equal(p.behind, 5);
		assert.ok((await setCapacity(4)).status === 200);
		p = await plan();
		// the three vulnerable, then the follow-up; walked 2号 up, then 10号
		assert.deepEqual(p.walk.map(key), ['P3', 'P2', 'P1', 'P6']);
		assert.equal(p.behind, 3);
	});

	it('the head sees who is behind, most behind first', async () => {
		const r = await w.get(`/api/v1/reports/plan?committee_code=${A}`, u.headA.cookie);
		assert.equal(r.committee_code, A);
		assert.equal(r.date, w.today);
		assert.deepEqual(r.items.map((i) => i.username), [u.w1.username, u.w2.username]);
		const [w1, w2] = r.items;
		assert.deepEqual(w1, { worker_id: u.w1.id, username: u.w1.username, name: u.w1.username, households_per_day: 4, due: 7, overdue: 3, today: 4, behind: 3 });
		// w2 holds one never-visited household (P13): today, nothing behind
		assert.deepEqual(w2, { worker_id: u.w2.id, username: u.w2.username, name: u.w2.username, households_per_day: 12, due: 1, overdue: 0, today: 1, behind: 0 });
		// another day
		const later = await w.get(`/api/v1/reports/plan?committee_code=${A}&date=${addDays(w.today, 5)}`, u.headA.cookie);
		assert.equal(later.date, addDays(w.today, 5));
		assert.equal(later.items.find((i) => i.worker_id === u.w1.id).due, 9, 'PLAN_T5 has nine');
	});

	it('"next" continues in the same building: up first, then down, then the next building', async () => {
		assert.equal((await setCapacity(12)).status, 200);
		const next = async (k) => key((await plan(u.w1.cookie, `?after=${H[k].id}`)).next);
		assert.equal(await next('P3'), 'P2', 'from 2号 3F up to 12F, not back down to 1F');
		assert.equal(await next('P2'), 'P3', 'from the top down to the nearest floor');
		assert.equal(await next('P1'), 'P6', 'the neighbour on the same floor');
		// P5 (2号 4F) is not due: just visited, say; next is above it in 2号
		assert.equal(await next('P5'), 'P2');
		// having recorded P2's visit, from P2 the walk goes on down 2号
		await w.visit(u.w1.cookie, { household_id: H.P2.id });
		const p = await plan(u.w1.cookie, `?after=${H.P2.id}`);
		assert.ok(!p.walk.includes(H.P2.id), 'visited: no longer in the walk');
		assert.equal(key(p.next), 'P3');
	});

	it('bad input: after, the capacity, who may set it', async () => {
		// a household outside my grids, or no household at all
		assertError(await w.req('GET', `/api/v1/me/plan?after=${H.P13.id}`, { cookie: u.w1.cookie }), 400, 'bad_query', 'after');
		assertError(await w.req('GET', '/api/v1/me/plan?after=abc', { cookie: u.w1.cookie }), 400, 'bad_query', 'after');
		assertError(await w.req('GET', '/api/v1/me/plan?after=999999', { cookie: u.w1.cookie }), 400, 'bad_query', 'after');
		for (const n of [0, 61, -1]) {
			const r = await setCapacity(n);
			assertError(r, 400, 'bad_field', 'households_per_day');
			assert.match(r.json.error.message_zh, /每日走访户数/);
		}
		for (const body of [{ households_per_day: '12' }, {}, { households_per_day: 12, colour: 'red' }, { households_per_day: 1.5 }]) {
			const r = await w.req('PUT', `/api/v1/workers/${u.w1.id}/plan`, { cookie: u.headA.cookie, body });
			assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
		}
		assertError(await setCapacity(5, u.w1.cookie), 403, 'forbidden');
		// a worker of another committee, the head itself: not a worker of mine
		assertError(await setCapacity(5, u.headA.cookie, u.workerB.id), 404, 'not_found');
		assertError(await setCapacity(5, u.headA.cookie, u.headA.id), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/reports/plan?committee_code=${B}`, { cookie: u.headA.cookie }), 400, 'bad_query', 'committee_code');
		assertError(await w.req('GET', `/api/v1/reports/plan?committee_code=${A}`, { cookie: u.w1.cookie }), 403, 'forbidden');
		assertError(await w.req('GET', `/api/v1/reports/plan?committee_code=${A}&date=2026-02-30`, { cookie: u.headA.cookie }), 400, 'bad_query', 'date');
		// nothing changed by the refusals
		assert.equal((await plan()).capacity, 12);
	});
});
