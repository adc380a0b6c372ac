// Grids (社区微网格) and assignments (分片包干), docs/visits.md: grids of whole
// buildings and single households, the households in none, who owned a grid
// on a day, and the workload against the committee's quota (社工额度).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import { startVisits, addDays, A, B } from './lib/visits-fixture.mjs';

describe('visits: grids and assignments', () => {
	let w, T;
	let headA, a1, a2, workerB, headB;
	let x, b1, b2, b3, b4, y, bB;
	const h = {};
	let G1, G2, G3, G4;

	before(async () => {
		w = await startVisits();
		T = w.today;
		headA = await w.user('headA', 'committee_head', A);
		a1 = await w.user('a1', 'worker', A);
		a2 = await w.user('a2', 'worker', A);
		workerB = await w.user('workerB', 'worker', B);
		headB = await w.user('headB', 'committee_head', B);

		x = await w.compound(A, '普雄小区');
		b1 = await w.building(x, '1号');
		b2 = await w.building(x, '2号');
		b3 = await w.building(x, '3号');
		b4 = await w.building(x, '4号');
		h.h101 = await w.household(b1, '101');
		await w.resident(h.h101, '甲一');
		await w.resident(h.h101, '甲二');
		await w.resident(h.h101, '甲三', { status: 'deceased' });
		h.h102 = await w.household(b1, '102');
		await w.resident(h.h102, '乙一');
		h.h201 = await w.household(b2, '201');
		await w.resident(h.h201, '丙一');
		h.h202 = await w.household(b2, '202');
		await w.resident(h.h202, '丁一');
		await w.resident(h.h202, '丁二');
		h.h301 = await w.household(b3, '301');
		h.h302 = await w.household(b3, '302', { status: 'moved_out' });
		// building 4: eleven households, for the quota
		h.b4 = [];
		for (let i = 1; i <= 11; i++) h.b4.push(await w.household(b4, `${100 + i}`));
		await w.resident(h.b4[0], '戊一');

		y = await w.compound(B, '安全里公寓');
		bB = await w.building(y, '8号');
		h.hB = await w.household(bB, '101');
	});
	after(async () => {
		if (w) await w.stop();
	});

	const grid = (id, cookie = a1.cookie) => w.get(`/api/v1/grids/${id}`, cookie);
	const householdGrid = async (hh) => (await w.get(`/api/v1/households/${hh.id}`)).grid_id;
	const unassigned = async (cookie = a1.cookie) => {
		const r = await w.get(`/api/v1/grids/unassigned?committee_code=${A}`, cookie);
		assert.equal(r.total, r.items.length, JSON.stringify(r));
		return r;
	};
	const sorted = (a) => [...a].sort((p, q) => p - q);

	it('everything starts in no grid', async () => {
		const u = await unassigned();
		const all = [h.h101, h.h102, h.h201, h.h202, h.h301, ...h.b4];
		assert.deepEqual(sorted(u.items.map((i) => i.id)), sorted(all.map((hh) => hh.id)),
			'active households of A (not the moved-out one, not B\'s)');
		for (const i of u.items) {
			const hh = all.find((z) => z.id === i.id);
			assert.equal(i.address, hh.address);
		}
	});

	it('a head creates a grid of buildings and single households', async () => {
		G1 = await w.grid(headA.cookie, {
			committee_code: A, name: '一网格', building_ids: [b1.id], household_ids: [h.h201.id],
		});
		assert.ok(Number.isInteger(G1.id));
		assert.equal(G1.committee_code, A);
		assert.equal(G1.name, '一网格');
		assert.deepEqual(G1.building_ids, [b1.id]);
		assert.deepEqual(G1.household_ids, [h.h201.id]);
		assert.deepEqual(G1.worker_ids, []);
		assert.deepEqual(G1.workers, []);
		// 101 (2 living, 1 deceased), 102 (1), 201 (1)
		assert.equal(G1.households, 3);
		assert.equal(G1.residents, 4);
		assert.deepEqual(await grid(G1.id), G1, 'GET answers what POST did');
		assert.equal(await householdGrid(h.h101), G1.id);
		assert.equal(await householdGrid(h.h201), G1.id);
		assert.equal(await householdGrid(h.h202), null);

		const u = await unassigned();
		assert.deepEqual(sorted(u.items.map((i) => i.id)), sorted([h.h202, h.h301, ...h.b4].map((hh) => hh.id)));
	});

	it('a single household wins over its building\'s grid; a placement moves things out of other grids', async () => {
		G2 = await w.grid(headA.cookie, {
			committee_code: A, name: '二网格', building_ids: [b2.id, b3.id], household_ids: [],
		});
		// 201 is placed in G1 by itself: it stays there although building 2 is G2's
		assert.equal(G2.households, 2, '202 and 301 (302 moved out)');
		assert.equal(G2.residents, 2);
		assert.equal(await householdGrid(h.h201), G1.id);
		assert.equal(await householdGrid(h.h202), G2.id);
		assert.equal(await householdGrid(h.h301), G2.id);

		// building 2 moves to a third grid: its households follow, 201 keeps its own grid
		G3 = await w.grid(headA.cookie, {
			committee_code: A, name: '三网格', building_ids: [b2.id], household_ids: [],
		});
		assert.equal(await householdGrid(h.h202), G3.id);
		assert.equal(await householdGrid(h.h201), G1.id, 'placed singly: keeps its grid when its building moves');
		const g2 = await grid(G2.id);
		assert.deepEqual(g2.building_ids, [b3.id], 'building 2 left G2');
		assert.equal(g2.households, 1);
		assert.deepEqual((await grid(G3.id)).building_ids, [b2.id]);
		assert.equal((await grid(G3.id)).households, 1);
		assert.equal((await grid(G1.id)).households, 3);

		// a household placed in another grid leaves the first
		const g3 = await w.ok('PATCH', `/api/v1/grids/${G3.id}`, {
			cookie: headA.cookie, body: { household_ids: [h.h201.id] },
		});
		assert.deepEqual(g3.building_ids, [b2.id], 'building_ids not given: kept');
		assert.deepEqual(g3.household_ids, [h.h201.id]);
		assert.equal(g3.households, 2);
		assert.deepEqual((await grid(G1.id)).household_ids, [], 'taken out of G1');
		assert.equal((await grid(G1.id)).households, 2);
		assert.equal(await householdGrid(h.h201), G3.id);

		// renaming keeps both lists
		const renamed = await w.ok('PATCH', `/api/v1/grids/${G3.id}`, {
			cookie: headA.cookie, body: { name: '三网格(东)' },
		});
		assert.equal(renamed.name, '三网格(东)');
		assert.deepEqual(renamed.building_ids, [b2.id]);
		assert.deepEqual(renamed.household_ids, [h.h201.id]);

		// an empty list given replaces it: building 2 leaves G3 (202 with it), 201 stays placed
		const emptied = await w.ok('PATCH', `/api/v1/grids/${G3.id}`, {
			cookie: headA.cookie, body: { building_ids: [] },
		});
		assert.deepEqual(emptied.building_ids, []);
		assert.deepEqual(emptied.household_ids, [h.h201.id]);
		assert.equal(await householdGrid(h.h202), null, 'building 2 is in no grid now');
		assert.ok((await unassigned()).items.some((i) => i.id === h.h202.id));
		await w.ok('PATCH', `/api/v1/grids/${G3.id}`, { cookie: headA.cookie, body: { building_ids: [b2.id] } });
		assert.equal(await householdGrid(h.h202), G3.id);
	});

	it('lists and gets: every grid of the committee, with its counts', async () => {
		const l = await w.get(`/api/v1/grids?committee_code=${A}`, a1.cookie);
		const byId = Object.fromEntries(l.items.map((g) => [g.id, g]));
		assert.deepEqual(sorted(Object.keys(byId).map(Number)), sorted([G1.id, G2.id, G3.id]));
		assert.equal(byId[G1.id].households, 2);
		assert.equal(byId[G1.id].residents, 3);
		assert.equal(byId[G2.id].households, 1);
		assert.equal(byId[G2.id].residents, 0);
		assert.equal(byId[G3.id].households, 2);
		assert.equal(byId[G3.id].residents, 3);
		for (const g of l.items) assert.deepEqual(await grid(g.id), g);
		// B's worker sees none of them
		const lb = await w.get(`/api/v1/grids?committee_code=${A}`, workerB.cookie);
		assert.deepEqual(lb.items, []);
	});

	it('a household created later in a building of a grid is in that grid', async () => {
		const hh = await w.household(b1, '103');
		assert.equal(await householdGrid(hh), G1.id, 'its building is G1\'s');
		assert.ok(!(await unassigned()).items.some((i) => i.id === hh.id), 'not listed as in no grid');
		assert.equal((await grid(G1.id)).households, 3);
	});

	it('a household moved to another building follows that building\'s grid', async () => {
		// a fresh one in building 3 (G2); the grid's lists given again put it there
		const hh = await w.household(b3, '303');
		try {
			await w.ok('PATCH', `/api/v1/grids/${G2.id}`, { cookie: headA.cookie, body: { building_ids: [b3.id] } });
			assert.equal(await householdGrid(hh), G2.id, 'in building 3: G2');
			await w.ok('PATCH', `/api/v1/households/${hh.id}`, { body: { building_id: b1.id } });
			assert.equal(await householdGrid(hh), G1.id, 'moved to building 1: G1');
		} finally {
			// out of the way of the counts below
			await w.ok('PATCH', `/api/v1/households/${hh.id}`, { body: { status: 'moved_out' } });
		}
	});

	it('bad input: another committee\'s building or household is 400 naming the field; nothing changes', async () => {
		const before = await grid(G1.id);
		for (const cookie of [headA.cookie, w.admin]) {
			assertError(await w.req('POST', '/api/v1/grids', {
				cookie, body: { committee_code: A, name: '坏网格', building_ids: [b1.id, bB.id], household_ids: [] },
			}), 400, 'bad_field', 'building_ids');
			assertError(await w.req('POST', '/api/v1/grids', {
				cookie, body: { committee_code: A, name: '坏网格', building_ids: [], household_ids: [h.hB.id] },
			}), 400, 'bad_field', 'household_ids');
			assertError(await w.req('PATCH', `/api/v1/grids/${G1.id}`, {
				cookie, body: { building_ids: [bB.id] },
			}), 400, 'bad_field', 'building_ids');
		}
		assertError(await w.req('POST', '/api/v1/grids', {
			cookie: headA.cookie, body: { committee_code: A, name: '坏网格', building_ids: [999999], household_ids: [] },
		}), 400, 'bad_field', 'building_ids');
		assertError(await w.req('POST', '/api/v1/grids', {
			cookie: headA.cookie, body: { committee_code: A, name: '坏网格', building_ids: ['1'], household_ids: [] },
		}), 400, 'bad_field', 'building_ids');
		assertError(await w.req('POST', '/api/v1/grids', {
			cookie: headA.cookie, body: { committee_code: B, name: '坏网格', building_ids: [], household_ids: [] },
		}), 400, 'bad_field', 'committee_code');
		assertError(await w.req('POST', '/api/v1/grids', {
			cookie: headA.cookie, body: { committee_code: A, building_ids: [], household_ids: [] },
		}), 400, 'bad_field', 'name');
		assertError(await w.req('POST', '/api/v1/grids', {
			cookie: headA.cookie, body: { committee_code: A, name: '一网格', building_ids: [], household_ids: [] },
		}), 409, 'conflict', 'name');
		assert.deepEqual(await grid(G1.id), before);
		const l = await w.get(`/api/v1/grids?committee_code=${A}`);
		assert.equal(l.items.length, 3, 'no grid was made');
		assert.equal(await householdGrid(h.hB), null);
	});

	it('a worker cannot create or change a grid (403); another committee\'s grid is 404', async () => {
		assertError(await w.req('POST', '/api/v1/grids', {
			cookie: a1.cookie, body: { committee_code: A, name: '社工网格', building_ids: [], household_ids: [] },
		}), 403, 'forbidden');
		assertError(await w.req('PATCH', `/api/v1/grids/${G1.id}`, {
			cookie: a1.cookie, body: { name: '改名' },
		}), 403, 'forbidden');
		assertError(await w.req('GET', `/api/v1/grids/${G1.id}`, { cookie: workerB.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/grids/${G1.id}/assignments`, { cookie: workerB.cookie }), 404, 'not_found');
		assertError(await w.req('PATCH', `/api/v1/grids/${G1.id}`, {
			cookie: headB.cookie, body: { name: '改名' },
		}), 404, 'not_found');
		assertError(await w.req('POST', `/api/v1/grids/${G1.id}/assignments`, {
			cookie: headB.cookie, body: { worker_id: workerB.id, start_on: T },
		}), 404, 'not_found');
		assertError(await w.req('GET', '/api/v1/grids/999999', { cookie: a1.cookie }), 404, 'not_found');
		assert.equal((await grid(G1.id)).name, '一网格');
	});

	it('assignments keep their history: who owned the grid on a given day', async () => {
		const aOld = await w.assign(headA.cookie, G1.id, { worker_id: a1.id, start_on: addDays(T, -400) });
		assert.equal(aOld.worker_id, a1.id);
		assert.equal(aOld.start_on, addDays(T, -400));
		assert.equal(aOld.end_on, null);
		// a handover without saying so leaves two owners: refused, nothing changed
		const r = await w.req('POST', `/api/v1/grids/${G1.id}/assignments`, {
			cookie: headA.cookie, body: { worker_id: a2.id, start_on: addDays(T, -200) },
		});
		assertError(r, 409, 'conflict', 'start_on');
		const h0 = await w.get(`/api/v1/grids/${G1.id}/assignments`, a1.cookie);
		assert.equal(h0.items.length, 1);
		assert.equal(h0.items[0].end_on, null);

		const aNew = await w.assign(headA.cookie, G1.id, {
			worker_id: a2.id, start_on: addDays(T, -200), end_previous: true,
		});
		assert.equal(aNew.worker_id, a2.id);
		assert.equal(aNew.start_on, addDays(T, -200));
		assert.equal(aNew.end_on, null);

		const hist = await w.get(`/api/v1/grids/${G1.id}/assignments`, a1.cookie);
		assert.deepEqual(hist.items.map((i) => [i.worker_id, i.start_on, i.end_on]), [
			[a2.id, addDays(T, -200), null],
			[a1.id, addDays(T, -400), addDays(T, -201)],
		], 'newest first; the previous one ends the day before');
		assert.equal(hist.items[0].worker_name, a2.username);

		const owners = async (d) => (await w.get(`/api/v1/grids/${G1.id}/assignments?date=${d}`, a1.cookie))
			.items.map((i) => i.worker_id);
		assert.deepEqual(await owners(addDays(T, -401)), [], 'before anyone');
		assert.deepEqual(await owners(addDays(T, -400)), [a1.id]);
		assert.deepEqual(await owners(addDays(T, -300)), [a1.id], '"who owned this grid last March"');
		assert.deepEqual(await owners(addDays(T, -201)), [a1.id], 'the last day of the first');
		assert.deepEqual(await owners(addDays(T, -200)), [a2.id], 'the first day of the second');
		assert.deepEqual(await owners(T), [a2.id]);
		assert.deepEqual(await owners(addDays(T, 30)), [a2.id], 'open-ended');
		assertError(await w.req('GET', `/api/v1/grids/${G1.id}/assignments?date=last-march`, { cookie: a1.cookie }),
			400, 'bad_query', 'date');

		const g = await grid(G1.id);
		assert.deepEqual(g.worker_ids, [a2.id]);
		assert.deepEqual(g.workers, [{ id: a2.id, username: a2.username, name: a2.username }]);

		// a period ending before the next one starts needs no end_previous
		const g2a = await w.assign(headA.cookie, G2.id, {
			worker_id: a1.id, start_on: addDays(T, -100), end_on: addDays(T, -51),
		});
		assert.equal(g2a.end_on, addDays(T, -51));
		await w.assign(headA.cookie, G2.id, { worker_id: a2.id, start_on: addDays(T, -50) });
		// overlapping a closed period is refused too
		assertError(await w.req('POST', `/api/v1/grids/${G2.id}/assignments`, {
			cookie: headA.cookie, body: { worker_id: a1.id, start_on: addDays(T, -60), end_on: addDays(T, -55) },
		}), 409, 'conflict', 'start_on');
		assert.deepEqual((await w.get(`/api/v1/grids/${G2.id}/assignments?date=${addDays(T, -51)}`)).items
			.map((i) => i.worker_id), [a1.id]);
		assert.deepEqual((await w.get(`/api/v1/grids/${G2.id}/assignments?date=${addDays(T, -50)}`)).items
			.map((i) => i.worker_id), [a2.id]);
		assert.equal((await w.get(`/api/v1/grids/${G2.id}/assignments`)).items.length, 2);
	});

	it('an assignment needs an active worker or head of the grid\'s committee (400 worker_id)', async () => {
		const before = (await w.get(`/api/v1/grids/${G3.id}/assignments`)).items;
		const admin = (await w.get('/api/v1/me')).id;
		for (const id of [workerB.id, headB.id, admin, 999999]) {
			assertError(await w.req('POST', `/api/v1/grids/${G3.id}/assignments`, {
				cookie: headA.cookie, body: { worker_id: id, start_on: T },
			}), 400, 'bad_field', 'worker_id');
		}
		assertError(await w.req('POST', `/api/v1/grids/${G3.id}/assignments`, {
			cookie: headA.cookie, body: { worker_id: a1.id, start_on: '2026-02-30' },
		}), 400, 'bad_field', 'start_on');
		assertError(await w.req('POST', `/api/v1/grids/${G3.id}/assignments`, {
			cookie: headA.cookie, body: { worker_id: a1.id, start_on: T, end_on: addDays(T, -1) },
		}), 400, 'bad_field', 'end_on');
		assertError(await w.req('POST', `/api/v1/grids/${G3.id}/assignments`, {
			cookie: a1.cookie, body: { worker_id: a1.id, start_on: T },
		}), 403, 'forbidden');
		assert.deepEqual((await w.get(`/api/v1/grids/${G3.id}/assignments`)).items, before);
		// a head of the committee may own a grid
		const own = await w.assign(headA.cookie, G3.id, { worker_id: headA.id, start_on: addDays(T, -10) });
		assert.equal(own.worker_id, headA.id);
	});

	it('workload: households and residents held today against the quota; who is over', async () => {
		// a1 takes grid 4 (building 4: eleven households, one resident)
		G4 = await w.grid(w.admin, { committee_code: A, name: '四网格', building_ids: [b4.id], household_ids: [] });
		await w.assign(w.admin, G4.id, { worker_id: a1.id, start_on: T });
		const wl = async () => {
			const r = await w.get(`/api/v1/reports/workload?committee_code=${A}`, a2.cookie);
			return { r, by: Object.fromEntries(r.items.map((i) => [i.worker_id, i])) };
		};
		let { r, by } = await wl();
		assert.equal(r.households_per_worker, 300, 'the default quota');
		assert.deepEqual(sorted(Object.keys(by).map(Number)), sorted([a1.id, a2.id]), 'the committee\'s workers');
		// a1: G4 (11 households, 1 resident); a2: G1 (101, 102, 103: 3 residents) and G2 (301: none)
		assert.deepEqual(by[a1.id].grid_ids, [G4.id]);
		assert.equal(by[a1.id].households, 11);
		assert.equal(by[a1.id].residents, 1);
		assert.deepEqual(sorted(by[a2.id].grid_ids), sorted([G1.id, G2.id]));
		assert.equal(by[a2.id].households, 4);
		assert.equal(by[a2.id].residents, 3);
		for (const i of r.items) {
			assert.equal(i.quota, 300);
			assert.equal(i.over, false);
		}

		assertError(await w.req('PUT', `/api/v1/committees/${A}/quota`, {
			cookie: a1.cookie, body: { households_per_worker: 10 },
		}), 403, 'forbidden');
		assertError(await w.req('PUT', `/api/v1/committees/${A}/quota`, {
			cookie: headB.cookie, body: { households_per_worker: 10 },
		}), 404, 'not_found');
		assertError(await w.req('PUT', `/api/v1/committees/${A}/quota`, {
			body: { households_per_worker: 'ten' },
		}), 400, 'bad_field', 'households_per_worker');
		const q = await w.ok('PUT', `/api/v1/committees/${A}/quota`, { body: { households_per_worker: 10 } });
		assert.equal(q.households_per_worker, 10);
		({ r, by } = await wl());
		assert.equal(r.households_per_worker, 10);
		assert.equal(by[a1.id].quota, 10);
		assert.equal(by[a1.id].over, true, '11 households over a quota of 10');
		assert.equal(by[a2.id].over, false, '4 households');
		// B's quota is its own
		const rb = await w.get(`/api/v1/reports/workload?committee_code=${B}`, workerB.cookie);
		assert.equal(rb.households_per_worker, 300);
		assertError(await w.req('GET', `/api/v1/reports/workload?committee_code=${A}`, { cookie: workerB.cookie }),
			400, 'bad_query', 'committee_code');
	});
});
