// Today's plan (docs/visits.md, "The policy" and "Today's plan"): the due and
// overdue households of a worker's grids on a date, in walking order, each
// with why; the committee's own policy; reception duty that day.  The right
// answers are written out by hand in lib/visits-fixture.mjs.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import {
	startVisits, buildPlanFixture, addDays, at, isWorkday, firstDayFrom, A, B,
	PLAN_TODAY, PLAN_T5, PLAN_TODAY_POLICY,
} from './lib/visits-fixture.mjs';

const FLOORS = { P1: 2, P2: 12, P3: 3, P4: 1, P5: 4, P6: 2, P7: 3, P8: 5, P9: 6, P10: 6, P12: null, P13: 2 };

function keyIn(fx, id) {
	return Object.keys(fx.H).find((k) => fx.H[k].id === id) ?? `#${id}`;
}

function planOf(w, cookie, date) {
	return w.get(`/api/v1/me/plan${date ? `?date=${date}` : ''}`, cookie);
}

/** Checks a plan answer against a hand-written list for DATE. */
function checkPlanOf(fx, got, want, date, what) {
	const T = fx.T;
	assert.equal(got.date, date, `${what}: the date`);
	assert.ok(Array.isArray(got.items), `${what}: items`);
	assert.deepEqual(got.items.map((i) => keyIn(fx, i.household_id)), want.map((i) => i.key),
		`${what}: the due households in walking order`);
	for (const [n, e] of want.entries()) {
		const g = got.items[n];
		const h = fx.H[e.key];
		const ctx = `${what}: ${e.key} (${h.address}) ${JSON.stringify(g)}`;
		assert.equal(g.address, h.address, `${ctx}: address`);
		assert.equal(g.room, h.room, `${ctx}: room`);
		assert.equal(g.building, h.building.label, `${ctx}: building`);
		assert.equal(g.compound, h.building.compound.name, `${ctx}: compound`);
		assert.equal(g.floor, FLOORS[e.key], `${ctx}: floor`);
		assert.equal(g.reason, e.reason, `${ctx}: reason`);
		assert.deepEqual([...g.tags].sort(), [...e.tags].sort(), `${ctx}: tags`);
		assert.equal(g.interval_days, e.interval, `${ctx}: interval_days`);
		assert.equal(g.last_visit_on, e.last === null ? null : addDays(T, e.last), `${ctx}: last_visit_on`);
		assert.equal(g.follow_up_on, e.fu === null ? null : addDays(T, e.fu), `${ctx}: follow_up_on`);
		if (e.reason === 'never_visited') {
			// due at once: no date to name, or one not after the plan's date
			assert.ok(g.due_on === null || g.due_on <= date, `${ctx}: due_on`);
			assert.ok(Number.isInteger(g.days_overdue) && g.days_overdue >= 0, `${ctx}: days_overdue`);
		} else {
			assert.equal(g.due_on, addDays(T, e.due), `${ctx}: due_on`);
			assert.equal(g.days_overdue, e.overdue, `${ctx}: days_overdue`);
		}
		assert.equal(g.overdue, g.days_overdue > 0, `${ctx}: overdue`);
	}
}

/** A server with the plan fixture built; stop it in `after`. */
async function startPlan() {
	const w = await startVisits();
	try {
		return { w, fx: await buildPlanFixture(w) };
	} catch (e) {
		e.message += `\n--- server stderr (tail) ---\n${w.server.stderrText().slice(-3000)}`;
		throw e;
	}
}

describe('visits: today\'s plan', () => {
	let w, fx, T, u;

	before(async () => {
		({ w, fx } = await startPlan());
		({ T, users: u } = fx);
	});
	after(async () => {
		if (w) await w.stop();
	});

	const keyOf = (id) => keyIn(fx, id);
	const plan = (cookie, date) => planOf(w, cookie, date);
	const checkPlan = (got, want, date, what) => checkPlanOf(fx, got, want, date, what);

	it('today: exactly the due households of my grids, in walking order, with why', async () => {
		checkPlan(await plan(u.w1.cookie), PLAN_TODAY, T, 'plan (default date)');
		checkPlan(await plan(u.w1.cookie, T), PLAN_TODAY, T, `plan ${T}`);
	});

	it('a future date: those falling due by then, overdue counted from that date', async () => {
		checkPlan(await plan(u.w1.cookie, addDays(T, 5)), PLAN_T5, addDays(T, 5), 'plan T+5');
	});

	it('a follow-up after the interval does not put the interval off', async () => {
		// P8: 老党员, visited T-50 with a follow-up at T+60: due at T+40 by the interval
		const p = await plan(u.w1.cookie, addDays(T, 40));
		const p8 = p.items.find((i) => i.household_id === fx.H.P8.id);
		assert.ok(p8, `P8 is due on T+40: ${JSON.stringify(p.items.map((i) => keyOf(i.household_id)))}`);
		assert.equal(p8.reason, 'interval');
		assert.equal(p8.due_on, addDays(T, 40));
		assert.equal(p8.days_overdue, 0);
		assert.equal(p8.overdue, false);
		const before = await plan(u.w1.cookie, addDays(T, 39));
		assert.ok(!before.items.some((i) => i.household_id === fx.H.P8.id), 'P8 is not due on T+39');
	});

	it('a moved-out household, a deceased member\'s tag, another grid: not in the plan', async () => {
		for (const date of [T, addDays(T, 5), addDays(T, 30)]) {
			const p = await plan(u.w1.cookie, date);
			const keys = p.items.map((i) => keyOf(i.household_id));
			assert.ok(!keys.includes('P11'), `${date}: the moved-out household`);
			assert.ok(!keys.includes('P13'), `${date}: P13 is placed in G2 by itself`);
		}
		// P10's 独居老人 is on a deceased resident: 365 days from T-20
		const p = await plan(u.w1.cookie, addDays(T, 30));
		assert.ok(!p.items.some((i) => i.household_id === fx.H.P10.id), 'P10 is not due within a month');
		const late = await plan(u.w1.cookie, addDays(T, 345));
		const p10 = late.items.find((i) => i.household_id === fx.H.P10.id);
		assert.ok(p10, 'P10 is due 365 days after its visit');
		assert.equal(p10.interval_days, 365);
		assert.deepEqual(p10.tags, []);
		assert.equal(p10.due_on, addDays(T, 345));
	});

	it('the other grid\'s worker sees only that grid; a worker without grids sees nothing', async () => {
		const p2 = await plan(u.w2.cookie, T);
		assert.deepEqual(p2.items.map((i) => keyOf(i.household_id)), ['P13']);
		assert.equal(p2.items[0].reason, 'never_visited');
		assert.equal(p2.items[0].address, fx.H.P13.address);
		const pb = await plan(u.workerB.cookie, T);
		assert.deepEqual(pb.items, []);
	});

	it('a bad date is 400 naming it', async () => {
		for (const d of ['2026-13-01', '2026-02-30', 'tomorrow', '20261123']) {
			const r = await w.req('GET', `/api/v1/me/plan?date=${d}`, { cookie: u.w1.cookie });
			assertError(r, 400, 'bad_query', 'date');
		}
		const r = await w.req('GET', '/api/v1/me/plan', { cookie: null });
		assertError(r, 401, 'unauthorized');
	});

	it('a committee\'s own tag with its interval counts like the built-in ones', async () => {
		const tag = await w.ok('POST', '/api/v1/tags', {
			cookie: u.headA.cookie, status: 201,
			body: { name: '重点关注', category: 'custom', committee_code: A, visit_interval_days: 10 },
		});
		assert.equal(tag.visit_interval_days, 10);
		const living = fx.H.P10.residents.find((r) => r.status === 'living');
		try {
			await w.ok('PATCH', `/api/v1/residents/${living.id}`, { body: { tags: ['重点关注'] } });
			// P10, visited T-20: due at T-10 under 10 days
			const p = await plan(u.w1.cookie, T);
			const want = [...PLAN_TODAY.slice(0, 6), { key: 'P10' }, PLAN_TODAY[6]];
			assert.deepEqual(p.items.map((i) => keyOf(i.household_id)), want.map((i) => i.key));
			const p10 = p.items.find((i) => i.household_id === fx.H.P10.id);
			assert.deepEqual(p10.tags, ['重点关注']);
			assert.equal(p10.interval_days, 10);
			assert.equal(p10.reason, 'interval');
			assert.equal(p10.due_on, addDays(T, -10));
			assert.equal(p10.days_overdue, 10);
			const pol = await w.get(`/api/v1/visit-policy?committee_code=${A}`, u.w1.cookie);
			assert.deepEqual(pol.items.find((i) => i.tag === '重点关注'), { tag: '重点关注', interval_days: 10, source: 'default' });
			const polB = await w.get(`/api/v1/visit-policy?committee_code=${B}`);
			assert.ok(!polB.items.some((i) => i.tag === '重点关注'), 'not another committee\'s');
		} finally {
			await w.ok('PATCH', `/api/v1/residents/${living.id}`, { body: { tags: [] } });
		}
		checkPlan(await plan(u.w1.cookie, T), PLAN_TODAY, T, 'plan without the custom tag');
	});

	it('reception: on_duty for the worker on the roster that day', async () => {
		const D = firstDayFrom(addDays(T, 1), isWorkday);
		const D2 = firstDayFrom(addDays(D, 1), isWorkday);
		await w.ok('PUT', `/api/v1/reception/roster/${D}`, {
			cookie: u.headA.cookie, body: { committee_code: A, worker_id: u.w1.id },
		});
		await w.ok('PUT', `/api/v1/reception/roster/${D2}`, {
			cookie: u.headA.cookie, body: { committee_code: A, worker_id: u.w2.id },
		});
		const p1 = await plan(u.w1.cookie, D);
		assert.deepEqual(p1.reception, { on_duty: true, committee_codes: [A] }, `w1 on ${D}`);
		const p2 = await plan(u.w2.cookie, D);
		assert.deepEqual(p2.reception, { on_duty: false, committee_codes: [] }, `w2 on ${D}`);
		const p3 = await plan(u.w1.cookie, D2);
		assert.deepEqual(p3.reception, { on_duty: false, committee_codes: [] }, `w1 on ${D2}`);
		const p4 = await plan(u.w2.cookie, D2);
		assert.deepEqual(p4.reception, { on_duty: true, committee_codes: [A] }, `w2 on ${D2}`);
		// the plan itself is the same whoever is at the counter
		assert.deepEqual(p1.items.map((i) => keyOf(i.household_id)),
			(await plan(u.w1.cookie, D)).items.map((i) => keyOf(i.household_id)));
	});

	it('a visit today takes a household off today\'s plan until it falls due again', async () => {
		await w.visit(u.w1.cookie, { household_id: fx.H.P4.id, channel: 'phone' });
		const p = await plan(u.w1.cookie, T);
		assert.deepEqual(p.items.map((i) => keyOf(i.household_id)),
			PLAN_TODAY.filter((i) => i.key !== 'P4').map((i) => i.key));
		const later = await plan(u.w1.cookie, addDays(T, 365));
		const p4 = later.items.find((i) => i.household_id === fx.H.P4.id);
		assert.ok(p4, 'P4 is due a year later');
		assert.equal(p4.reason, 'interval');
		assert.equal(p4.last_visit_on, T);
		assert.equal(p4.due_on, addDays(T, 365));
		assert.equal(p4.days_overdue, 0);
		const notYet = await plan(u.w1.cookie, addDays(T, 364));
		assert.ok(!notYet.items.some((i) => i.household_id === fx.H.P4.id), 'not due the day before');
	});

	it('a back-dated visit older than the last one does not reset the clock', async () => {
		// P1 was visited T-10; a paper visit of T-12 entered now changes nothing
		await w.visit(u.w1.cookie, { household_id: fx.H.P1.id, visited_at: at(addDays(T, -12)) });
		const p = await plan(u.w1.cookie, T);
		const p1 = p.items.find((i) => i.household_id === fx.H.P1.id);
		assert.ok(p1, 'P1 still due');
		assert.equal(p1.last_visit_on, addDays(T, -10));
		assert.equal(p1.due_on, addDays(T, -3));
		assert.equal(p1.days_overdue, 3);
	});
});

// A server of its own: a committee's policy changes every plan of the committee.
describe('visits: the committee\'s policy', () => {
	let w, fx, T, u;

	before(async () => {
		({ w, fx } = await startPlan());
		({ T, users: u } = fx);
	});
	after(async () => {
		if (w) await w.stop();
	});

	const plan = (cookie, date) => planOf(w, cookie, date);
	const checkPlan = (got, want, date, what) => checkPlanOf(fx, got, want, date, what);

	it('the policy: the defaults, then the committee\'s own values change the plan', async () => {
		const pol = await w.get(`/api/v1/visit-policy?committee_code=${A}`, u.w1.cookie);
		assert.equal(pol.committee_code, A);
		const by = Object.fromEntries(pol.items.map((i) => [i.tag, i]));
		const defaults = {
			独居老人: 7, 孤寡老人: 7, 大病重病家庭: 14, 困难家庭: 30, 失独家庭: 30, 残障人士: 30, 空巢老人: 30,
			老干部: 90, 老劳模: 90, 老党员: 90, '*': 365,
		};
		for (const [tag, days] of Object.entries(defaults)) {
			assert.ok(by[tag], `policy lists ${tag}: ${JSON.stringify(pol.items)}`);
			assert.equal(by[tag].interval_days, days, `${tag}`);
			assert.equal(by[tag].source, 'default', `${tag}`);
		}

		// a worker may not change it; a bad value or tag changes nothing
		assertError(await w.req('PUT', '/api/v1/visit-policy', {
			cookie: u.w1.cookie, body: { committee_code: A, tag: '独居老人', interval_days: 3 },
		}), 403, 'forbidden');
		assertError(await w.req('PUT', '/api/v1/visit-policy', {
			cookie: u.headA.cookie, body: { committee_code: A, tag: '没有这个标签', interval_days: 3 },
		}), 400, 'bad_field', 'tag');
		assertError(await w.req('PUT', '/api/v1/visit-policy', {
			cookie: u.headA.cookie, body: { committee_code: A, tag: '独居老人', interval_days: 0 },
		}), 400, 'bad_field', 'interval_days');
		checkPlan(await plan(u.w1.cookie, T), PLAN_TODAY, T, 'plan after refused policy changes');

		// the committee's own values; the answer is the policy as GET gives it
		const puts = [];
		try {
			puts.push(await w.ok('PUT', '/api/v1/visit-policy', {
				cookie: u.headA.cookie, body: { committee_code: A, tag: '独居老人', interval_days: 3 },
			}));
			puts.push(await w.ok('PUT', '/api/v1/visit-policy', {
				cookie: u.headA.cookie, body: { committee_code: A, tag: '*', interval_days: 15 },
			}));
			const pol2 = await w.get(`/api/v1/visit-policy?committee_code=${A}`, u.w1.cookie);
			const by2 = Object.fromEntries(pol2.items.map((i) => [i.tag, i]));
			assert.deepEqual(by2['独居老人'], { tag: '独居老人', interval_days: 3, source: 'committee' });
			assert.deepEqual(by2['*'], { tag: '*', interval_days: 15, source: 'committee' });
			assert.deepEqual(by2['老党员'], { tag: '老党员', interval_days: 90, source: 'default' });
			// another committee keeps the defaults
			const polB = await w.get(`/api/v1/visit-policy?committee_code=${B}`);
			const byB = Object.fromEntries(polB.items.map((i) => [i.tag, i]));
			assert.deepEqual(byB['独居老人'], { tag: '独居老人', interval_days: 7, source: 'default' });
			assert.deepEqual(byB['*'], { tag: '*', interval_days: 365, source: 'default' });

			checkPlan(await plan(u.w1.cookie, T), PLAN_TODAY_POLICY, T, 'plan under the committee\'s policy');
		} finally {
			// null goes back to the default
			for (const tag of ['独居老人', '*']) {
				await w.ok('PUT', '/api/v1/visit-policy', {
					cookie: u.headA.cookie, body: { committee_code: A, tag, interval_days: null },
				});
			}
		}
		const pol3 = await w.get(`/api/v1/visit-policy?committee_code=${A}`, u.w1.cookie);
		const by3 = Object.fromEntries(pol3.items.map((i) => [i.tag, i]));
		assert.deepEqual(by3['独居老人'], { tag: '独居老人', interval_days: 7, source: 'default' });
		assert.deepEqual(by3['*'], { tag: '*', interval_days: 365, source: 'default' });
		checkPlan(await plan(u.w1.cookie, T), PLAN_TODAY, T, 'plan back on the defaults');

		// each PUT answered the committee's policy as it then stood
		assert.equal(puts[0].committee_code, A, `PUT answer: ${JSON.stringify(puts[0])}`);
		assert.deepEqual(puts[0].items.find((i) => i.tag === '独居老人'),
			{ tag: '独居老人', interval_days: 3, source: 'committee' }, 'PUT 独居老人 → 3 answer');
		assert.equal(puts[1].committee_code, A, `PUT answer: ${JSON.stringify(puts[1])}`);
		assert.deepEqual(puts[1].items.find((i) => i.tag === '*'),
			{ tag: '*', interval_days: 15, source: 'committee' }, 'PUT * → 15 answer');
	});

});
