// Coverage (docs/visits.md, "Coverage"): households and residents visited in
// a period, the on-time share under the policy, by grid for a committee and
// by committee for a street, per tag; the longest-unvisited households.  The
// numbers are worked out by hand in the table below.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import { startVisits, addDays, at, A, B, STREET } from './lib/visits-fixture.mjs';

const C = '310107014001'; // 曹家巷居委会, another street

/*
 * The period P is [T-60, T-1].  On time: every gap within the interval, from
 * the last visit before P (else T-60) to the first in P, between visits, and
 * from the last to T-1.
 *
 *  key  committee/grid  living residents  tags              visits (days from T)                 visited  on time
 *  A1   A / GA1         1                 独居老人 (7)       -63 -56 -49 -42 -35 -28 -21 -14 -7   yes      yes (7 … 7, then 6)
 *  A2   A / GA1         2                 独居老人 (7)       -63 -56 -49 -39 -32 -25 -18 -11 -4   yes      no (-49 → -39: 10)
 *  A3   A / GA1         3 (+1 deceased)   none (365)         -30                                  yes      yes (30, 29)
 *  A8   A / GA1         1                 moved out: not counted anywhere
 *  A4   A / GA2         1                 困难家庭 (30)      never                                no       no (59 > 30)
 *  A5   A / GA2         1                 none (365)         -100 (before P)                      no       yes (-100 → -1: 99)
 *  A6   A / GA2         1                 独居老人 (7)       never                                no       no (59 > 7)
 *  A7   A / no grid     1                 none (365)         -10                                  yes      yes (50, 9)
 *  B1   B / GB1         1                 独居老人 (7)       -64 -57 -50 -43 -36 -29 -22 -15 -8   yes      yes (7 … 7, then 7)
 *  B2   B / GB1         2                 none (365)         -5                                   yes      yes
 *  C1   C (another street)                                   -3                                   not in the street
 */
const VISITS = {
	A1: [-63, -56, -49, -42, -35, -28, -21, -14, -7],
	A2: [-63, -56, -49, -39, -32, -25, -18, -11, -4],
	A3: [-30],
	A5: [-100],
	A7: [-10],
	B1: [-64, -57, -50, -43, -36, -29, -22, -15, -8],
	B2: [-5],
	C1: [-3],
};

/** {households, households_visited, residents, residents_visited, on_time}. */
const t = (households, visited, residents, rv, onTime) => ({
	households, households_visited: visited, residents, residents_visited: rv, on_time: onTime,
});

const WANT_A = {
	total: t(7, 4, 10, 7, 4),
	grids: { GA1: t(3, 3, 6, 6, 2), GA2: t(3, 0, 3, 0, 1), none: t(1, 1, 1, 1, 1) },
	tags: { 独居老人: t(3, 2, 4, 3, 1), 困难家庭: t(1, 0, 1, 0, 0) },
};
const WANT_STREET = {
	total: t(9, 6, 13, 10, 6),
	committees: { [A]: t(7, 4, 10, 7, 4), [B]: t(2, 2, 3, 3, 2) },
	tags: { 独居老人: t(4, 3, 5, 4, 2), 困难家庭: t(1, 0, 1, 0, 0) },
};
/* The default period, [T-364, T]: A5's visit is in it; A1 and A2 are late
 * (T-364 → T-63 is 301 days); A3 (334, 30), A5 (264, 100), A7 (354, 10) on time. */
const WANT_A_DEFAULT = t(7, 5, 10, 8, 3);

describe('visits: coverage', () => {
	let w, T;
	let u = {};
	const H = {};
	const grids = {};

	before(async () => {
		w = await startVisits();
		T = w.today;
		u.headA = await w.user('headA', 'committee_head', A);
		u.w1 = await w.user('w1', 'worker', A);
		u.w2 = await w.user('w2', 'worker', A);
		u.workerB = await w.user('workerB', 'worker', B);
		u.headB = await w.user('headB', 'committee_head', B);
		u.headC = await w.user('headC', 'committee_head', C);
		u.workerC = await w.user('workerC', 'worker', C);
		u.street = await w.user('street', 'street', STREET);

		const x = await w.compound(A, '普雄小区');
		const b1 = await w.building(x, '1号');
		const b2 = await w.building(x, '2号');
		const b3 = await w.building(x, '3号');
		H.A1 = await w.household(b1, '101');
		await w.resident(H.A1, '甲', { tags: ['独居老人'] });
		H.A2 = await w.household(b1, '201');
		await w.resident(H.A2, '乙', { tags: ['独居老人'] });
		await w.resident(H.A2, '乙子');
		H.A3 = await w.household(b1, '301');
		for (const n of ['丙一', '丙二', '丙三']) await w.resident(H.A3, n);
		await w.resident(H.A3, '丙四', { status: 'deceased' });
		H.A8 = await w.household(b1, '401', { status: 'moved_out' });
		await w.resident(H.A8, '辛');
		H.A4 = await w.household(b2, '101', { tags: ['困难家庭'] });
		await w.resident(H.A4, '丁');
		H.A5 = await w.household(b2, '201');
		await w.resident(H.A5, '戊');
		H.A6 = await w.household(b2, '301');
		await w.resident(H.A6, '己', { tags: ['独居老人'] });
		H.A7 = await w.household(b3, '101');
		await w.resident(H.A7, '庚');

		const y = await w.compound(B, '安全里公寓');
		const bB = await w.building(y, '8号');
		H.B1 = await w.household(bB, '101');
		await w.resident(H.B1, '子', { tags: ['独居老人'] });
		H.B2 = await w.household(bB, '201');
		await w.resident(H.B2, '丑');
		await w.resident(H.B2, '寅');

		const z = await w.compound(C, '曹家巷新村');
		const bC = await w.building(z, '1号');
		H.C1 = await w.household(bC, '101');
		await w.resident(H.C1, '卯', { tags: ['独居老人'] });

		grids.GA1 = await w.grid(u.headA.cookie, { committee_code: A, name: '一网格', building_ids: [b1.id], household_ids: [] });
		grids.GA2 = await w.grid(u.headA.cookie, { committee_code: A, name: '二网格', building_ids: [b2.id], household_ids: [] });
		grids.GB1 = await w.grid(u.headB.cookie, { committee_code: B, name: '一网格', building_ids: [bB.id], household_ids: [] });
		await w.assign(u.headA.cookie, grids.GA1.id, { worker_id: u.w1.id, start_on: addDays(T, -400) });
		await w.assign(u.headA.cookie, grids.GA2.id, { worker_id: u.w2.id, start_on: addDays(T, -400) });
		await w.assign(u.headB.cookie, grids.GB1.id, { worker_id: u.workerB.id, start_on: addDays(T, -400) });

		const by = { A1: u.w1, A2: u.w1, A3: u.w1, A5: u.w2, A7: u.headA, B1: u.workerB, B2: u.workerB, C1: u.headC };
		for (const [k, days] of Object.entries(VISITS)) {
			for (const d of days) {
				await w.visit(by[k].cookie, { household_id: H[k].id, visited_at: at(addDays(T, d), '10:00') });
			}
		}
	});
	after(async () => {
		if (w) await w.stop();
	});

	const P = () => `from=${addDays(T, -60)}&to=${addDays(T, -1)}`;

	/** Checks one tally against {households, households_visited, residents, residents_visited, on_time}. */
	function checkTally(got, want, what) {
		assert.ok(got, `${what}: missing`);
		for (const k of Object.keys(want)) assert.equal(got[k], want[k], `${what}: ${k} in ${JSON.stringify(got)}`);
		const pct = (n, d) => (d ? (100 * n) / d : 0);
		const near = (a, b, k) => assert.ok(typeof a === 'number' && Math.abs(a - b) < 0.01, `${what}: ${k} ${a}, want ${b}`);
		near(got.households_percent, pct(want.households_visited, want.households), 'households_percent');
		near(got.residents_percent, pct(want.residents_visited, want.residents), 'residents_percent');
		near(got.on_time_percent, pct(want.on_time, want.households), 'on_time_percent');
	}
	const tagOf = (rep, name) => rep.tags.find((x) => (x.tag ?? x.name) === name);
	const codeOf = (c) => c.code ?? c.area ?? c.committee_code;

	it('a committee: totals, by grid (and in no grid), per tag — 独居老人 on time: the weekly one yes, the 10-day gap no', async () => {
		const rep = await w.get(`/api/v1/reports/coverage?area=${A}&${P()}`, u.headA.cookie);
		assert.equal(rep.area, A);
		assert.equal(rep.name, '普雄路居委会');
		assert.equal(rep.level, 'committee');
		assert.equal(rep.from, addDays(T, -60));
		assert.equal(rep.to, addDays(T, -1));
		checkTally(rep.total, WANT_A.total, 'A total');
		assert.equal(rep.children.length, 3, JSON.stringify(rep.children));
		checkTally(rep.children.find((c) => c.grid_id === grids.GA1.id), WANT_A.grids.GA1, 'GA1');
		checkTally(rep.children.find((c) => c.grid_id === grids.GA2.id), WANT_A.grids.GA2, 'GA2');
		checkTally(rep.children.find((c) => c.grid_id === null), WANT_A.grids.none, 'in no grid');
		assert.equal(rep.children.find((c) => c.grid_id === grids.GA1.id).name, '一网格');
		assert.equal(rep.children.find((c) => c.grid_id === grids.GA2.id).name, '二网格');
		for (const [tag, want] of Object.entries(WANT_A.tags)) checkTally(tagOf(rep, tag), want, `A tag ${tag}`);
		assert.ok(Math.abs(tagOf(rep, '独居老人').on_time_percent - 100 / 3) < 0.01);
		// a worker of the committee sees the same
		assert.deepEqual(await w.get(`/api/v1/reports/coverage?area=${A}&${P()}`, u.w2.cookie), rep);
	});

	it('a street: totals, by committee, per tag; only the street\'s committees', async () => {
		const rep = await w.get(`/api/v1/reports/coverage?area=${STREET}&${P()}`, u.street.cookie);
		assert.equal(rep.area, STREET);
		assert.equal(rep.name, '长寿路街道');
		assert.equal(rep.level, 'street');
		checkTally(rep.total, WANT_STREET.total, 'street total');
		for (const [code, want] of Object.entries(WANT_STREET.committees)) {
			checkTally(rep.children.find((c) => codeOf(c) === code), want, `committee ${code}`);
		}
		assert.equal(rep.children.find((c) => codeOf(c) === A).name, '普雄路居委会');
		for (const c of rep.children) {
			if (!(codeOf(c) in WANT_STREET.committees)) assert.equal(c.households, 0, `no households in ${JSON.stringify(c)}`);
		}
		assert.ok(!rep.children.some((c) => codeOf(c) === C), 'not another street\'s committee');
		for (const [tag, want] of Object.entries(WANT_STREET.tags)) checkTally(tagOf(rep, tag), want, `street tag ${tag}`);
		// the street user's default area is the street
		const dflt = await w.get(`/api/v1/reports/coverage?${P()}`, u.street.cookie);
		assert.equal(dflt.area, STREET);
		checkTally(dflt.total, WANT_STREET.total, 'street total (default area)');
		// and the street user sees a committee of it too
		const a = await w.get(`/api/v1/reports/coverage?area=${A}&${P()}`, u.street.cookie);
		checkTally(a.total, WANT_A.total, 'A total as the street');
	});

	it('a district: by street (C1, visited once at T-3, is late: 57 days from the period\'s start)', async () => {
		const district = await w.user('district', 'district', '310107');
		const rep = await w.get(`/api/v1/reports/coverage?area=310107&${P()}`, district.cookie);
		assert.equal(rep.level, 'district');
		checkTally(rep.total, t(10, 7, 14, 11, 6), 'district total');
		checkTally(rep.children.find((c) => codeOf(c) === STREET), WANT_STREET.total, 'street 310107015');
		checkTally(rep.children.find((c) => codeOf(c) === '310107014'), t(1, 1, 1, 1, 0), 'street 310107014');
		checkTally(tagOf(rep, '独居老人'), t(5, 4, 6, 5, 2), 'district 独居老人');
	});

	it('the default: the caller\'s area over the last 365 days', async () => {
		const rep = await w.get('/api/v1/reports/coverage', u.w1.cookie);
		assert.equal(rep.area, A);
		assert.equal(rep.from, addDays(T, -364));
		assert.equal(rep.to, T);
		checkTally(rep.total, WANT_A_DEFAULT, 'A total, default period');
	});

	it('outside the jurisdiction: 404', async () => {
		for (const cookie of [u.workerC.cookie, u.workerB.cookie, u.headB.cookie]) {
			assertError(await w.req('GET', `/api/v1/reports/coverage?area=${A}&${P()}`, { cookie }), 404, 'not_found', 'area');
			assertError(await w.req('GET', `/api/v1/reports/unvisited?area=${A}`, { cookie }), 404, 'not_found', 'area');
		}
		assertError(await w.req('GET', `/api/v1/reports/coverage?area=${STREET}`, { cookie: u.w1.cookie }), 404, 'not_found', 'area');
		assertError(await w.req('GET', `/api/v1/reports/coverage?area=${A}&from=${addDays(T, -1)}&to=${addDays(T, -2)}`,
			{ cookie: u.w1.cookie }), 400, 'bad_query', 'to');
		assertError(await w.req('GET', `/api/v1/reports/coverage?area=${A}&from=2026-02-30`, { cookie: u.w1.cookie }),
			400, 'bad_query', 'from');
	});

	it('the longest-unvisited households: never visited first, then the oldest last visit', async () => {
		const ids = (items) => items.map((i) => i.household_id);
		const rep = await w.get(`/api/v1/reports/unvisited?area=${A}`, u.w1.cookie);
		const got = ids(rep.items);
		assert.equal(got.length, 7, JSON.stringify(rep.items));
		assert.deepEqual(got.slice(0, 2).sort((a, b) => a - b), [H.A4.id, H.A6.id].sort((a, b) => a - b), 'never visited first');
		assert.deepEqual(got.slice(2), [H.A5.id, H.A3.id, H.A7.id, H.A1.id, H.A2.id]);
		const by = Object.fromEntries(rep.items.map((i) => [i.household_id, i]));
		assert.equal(by[H.A4.id].last_visit_on, null);
		assert.equal(by[H.A5.id].last_visit_on, addDays(T, -100));
		assert.equal(by[H.A2.id].last_visit_on, addDays(T, -4));
		assert.equal(by[H.A5.id].address, H.A5.address);

		const st = await w.get(`/api/v1/reports/unvisited?area=${STREET}`, u.street.cookie);
		const sg = ids(st.items);
		assert.deepEqual(sg.slice(0, 2).sort((a, b) => a - b), [H.A4.id, H.A6.id].sort((a, b) => a - b));
		assert.deepEqual(sg.slice(2), [H.A5.id, H.A3.id, H.A7.id, H.B1.id, H.A1.id, H.B2.id, H.A2.id]);
		const lim = await w.get(`/api/v1/reports/unvisited?area=${STREET}&limit=3`, u.street.cookie);
		assert.deepEqual(ids(lim.items), sg.slice(0, 3));
	});

	// The report reads a per-household summary kept as the register and the
	// visit log change (docs/visits.md, "Coverage"): each change below must
	// show at once.  Runs last: it changes the fixture.
	it('follows the register and the policy as they change: a death, a stricter tag, a new policy, a move', async () => {
		const rep = async () => w.get(`/api/v1/reports/coverage?area=${A}&${P()}`, u.headA.cookie);
		const grid = (r, g) => r.children.find((c) => c.grid_id === g);

		// the committee's own interval for 独居老人: 14 days; A2's 10-day gap is now on time
		await w.ok('PUT', '/api/v1/visit-policy', { cookie: u.headA.cookie, body: { committee_code: A, tag: '独居老人', interval_days: 14 } });
		let r = await rep();
		checkTally(r.total, t(7, 4, 10, 7, 5), 'after the policy');
		checkTally(tagOf(r, '独居老人'), t(3, 2, 4, 3, 2), 'after the policy: 独居老人');
		checkTally(grid(r, grids.GA1.id), t(3, 3, 6, 6, 3), 'after the policy: GA1');
		// a second PUT of the committee's interval (an update; it was a 409
		// once, migration 0016) changes nothing else
		await w.ok('PUT', '/api/v1/visit-policy', { cookie: u.headA.cookie, body: { committee_code: A, tag: '独居老人', interval_days: 14 } });
		checkTally((await rep()).total, t(7, 4, 10, 7, 5), 'after the same policy again');

		// one of A3's three living residents dies: one resident fewer
		const dead = H.A3.residents.find((x) => x.name === '丙一');
		await w.ok('PATCH', `/api/v1/residents/${dead.id}`, { body: { status: 'deceased', status_date: addDays(T, -2) } });
		r = await rep();
		checkTally(r.total, t(7, 4, 9, 6, 5), 'after the death');
		checkTally(grid(r, grids.GA1.id), t(3, 3, 5, 5, 3), 'after the death: GA1');

		// A5 becomes 困难家庭 (30 days): its last visit, 99 days before the period's end, is now late
		await w.ok('PATCH', `/api/v1/households/${H.A5.id}`, { body: { tags: ['困难家庭'] } });
		r = await rep();
		checkTally(r.total, t(7, 4, 9, 6, 4), 'after the tag');
		checkTally(tagOf(r, '困难家庭'), t(2, 0, 2, 0, 0), 'after the tag: 困难家庭');

		// A7 moves out: not counted any more
		await w.ok('PATCH', `/api/v1/households/${H.A7.id}`, { body: { status: 'moved_out' } });
		r = await rep();
		checkTally(r.total, t(6, 3, 8, 5, 3), 'after the move');
		assert.equal(grid(r, null), undefined, 'no household left outside the grids');
	});
});
