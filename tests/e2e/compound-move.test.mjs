// Splitting and merging committees (拆大并小; docs/register.md, "Moving a
// compound to another committee"): a street moves a compound to another of
// its committees from a given day.  Every record stays; visits before the
// day count for the old committee and from it for the new; the open issue,
// the gate and the register go along; the old committee's grid, campaign and
// gate guard let go of it.  Only a street, only within its jurisdiction.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import { startVisits, addDays, at, A, B, STREET, COMMITTEES } from './lib/visits-fixture.mjs';

describe('moving a compound to another committee', () => {
	let w, T, street, headA, headB, workerA, x, b1, h1, r1, grid, vOld, vNew, issue, gate, camp, moved;

	before(async () => {
		w = await startVisits();
		T = w.today;
		street = await w.user('mvStreet', 'street', STREET);
		headA = await w.user('mvHeadA', 'committee_head', A);
		headB = await w.user('mvHeadB', 'committee_head', B);
		workerA = await w.user('mvWorkerA', 'worker', A);
		const guard = await w.user('mvGuard', 'worker', A);
		x = await w.compound(A, '拆分新村');
		b1 = await w.building(x, '1号');
		h1 = await w.household(b1, '101');
		r1 = await w.resident(h1, '调整一');
		const stay = await w.household(await w.building(await w.compound(A, '留守小区'), '1号'), '101');
		grid = await w.grid(headA.cookie, { committee_code: A, name: '拆分网格', building_ids: [b1.id], household_ids: [] });
		await w.assign(headA.cookie, grid.id, { worker_id: workerA.id, start_on: addDays(T, -30) });
		vOld = await w.visit(workerA.cookie, { household_id: h1.id, visited_at: at(addDays(T, -10)) });
		vNew = await w.visit(workerA.cookie, { household_id: h1.id, visited_at: at(addDays(T, -2)) });
		issue = await w.ok('POST', '/api/v1/issues', {
			cookie: headA.cookie, status: 201,
			body: { category: 'repairs', description: '屋顶漏水', channel: 'office', household_id: h1.id, assignee_id: workerA.id },
		});
		gate = await w.ok('POST', '/api/v1/gates', { cookie: headA.cookie, status: 201, body: { compound_id: x.id, name: '南门' } });
		await w.ok('POST', `/api/v1/gates/${gate.id}/guards`, { cookie: headA.cookie, body: { user_id: guard.id } });
		camp = await w.ok('POST', '/api/v1/campaigns', {
			cookie: headA.cookie, status: 201,
			body: { committee_code: A, name: '燃气检查', unit: 'household', filter: {}, fields: [{ key: 'ok', label: '已查', type: 'yes_no' }] },
		});
		assert.equal(camp.total, 2, `both households of A: ${stay.id}`);
	});
	after(async () => {
		if (w) await w.stop();
	});

	const move = (cookie, body, id = x.id) => w.req('POST', `/api/v1/compounds/${id}/move`, { cookie, body });

	it('refused, nothing moved: a head, the same committee, another street\'s, a day ahead, a bad date, an unknown compound', async () => {
		assertError(await move(headA.cookie, { committee_code: B, effective_on: T }), 403, 'forbidden');
		assertError(await move(street.cookie, { committee_code: A, effective_on: T }), 400, 'bad_field', 'committee_code');
		assertError(await move(street.cookie, { committee_code: COMMITTEES.C.code, effective_on: T }), 400, 'bad_field', 'committee_code');
		assertError(await move(street.cookie, { committee_code: B, effective_on: addDays(T, 1) }), 400, 'bad_field', 'effective_on');
		assertError(await move(street.cookie, { committee_code: B, effective_on: '2026-02-30' }), 400, 'bad_field', 'effective_on');
		assertError(await move(street.cookie, { committee_code: B }), 400, 'bad_field', 'effective_on');
		assertError(await move(street.cookie, { committee_code: B, effective_on: T }, 987654), 404, 'not_found');
		assert.equal((await w.get(`/api/v1/households/${h1.id}`, headA.cookie)).committee_code, A);
	});

	it('a compound of the same name in the new committee: 409, nothing moved', async () => {
		const twin = await w.compound(A, '同名小区');
		await w.compound(B, '同名小区');
		assertError(await move(street.cookie, { committee_code: B, effective_on: T }, twin.id), 409, 'conflict', 'committee_code');
		assert.equal((await w.get(`/api/v1/compounds/${twin.id}`, headA.cookie)).committee_code, A);
	});

	it('the street moves it from five days ago: what moved and what let go', async () => {
		moved = await w.ok('POST', `/api/v1/compounds/${x.id}/move`, { cookie: street.cookie, body: { committee_code: B, effective_on: addDays(T, -5) } });
		assert.equal(moved.from, A);
		assert.equal(moved.to, B);
		assert.deepEqual(moved.moved, { buildings: 1, households: 1, residents: 1, visits: 1, issues: 1, gates: 1 });
		assert.deepEqual(moved.released, { gate_guards: 1, campaign_targets: 1, party_buildings: 0, liaisons: 0 });
	});

	it('the register is the new committee\'s: its head reads it, the old head no more', async () => {
		assert.equal((await w.get(`/api/v1/households/${h1.id}`, headB.cookie)).committee_code, B);
		assert.equal((await w.get(`/api/v1/residents/${r1.id}`, headB.cookie)).committee_code, B);
		assertError(await w.req('GET', `/api/v1/households/${h1.id}`, { cookie: headA.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/compounds/${x.id}`, { cookie: headA.cookie }), 404, 'not_found');
	});

	it('visits before the day count for the old committee, from the day for the new', async () => {
		const ids = async (c) => (await w.get(`/api/v1/visits?committee_code=${c}&limit=100`, street.cookie)).items.map((v) => v.id);
		assert.ok((await ids(A)).includes(vOld.id), 'ten days ago: the old committee');
		assert.ok(!(await ids(A)).includes(vNew.id));
		assert.ok((await ids(B)).includes(vNew.id), 'two days ago: the new committee');
	});

	it('the open issue went along, for the new committee to assign; the gate too, without its guard', async () => {
		const i = await w.get(`/api/v1/issues/${issue.id}`, headB.cookie);
		assert.equal(i.committee_code, B);
		assert.equal(i.assignee_id, null);
		assertError(await w.req('GET', `/api/v1/issues/${issue.id}`, { cookie: headA.cookie }), 404, 'not_found');
		const g = await w.get(`/api/v1/gates/${gate.id}`, headB.cookie);
		assert.equal(g.committee_code, B);
		assert.deepEqual(g.guards ?? [], []);
	});

	it('the old committee\'s grid and campaign let go of it', async () => {
		const g = (await w.get(`/api/v1/grids?committee_code=${A}`, headA.cookie)).items.find((x2) => x2.id === grid.id);
		assert.deepEqual(g.building_ids, []);
		assert.deepEqual((await w.get('/api/v1/me/plan', workerA.cookie)).items, []);
		assert.equal((await w.get(`/api/v1/campaigns/${camp.id}/progress`, headA.cookie)).total, 1);
	});

	it('the move is audited', async () => {
		const a = await w.get('/api/v1/audit?entity=compound&action=move&limit=5');
		assert.equal(a.items.length, 1);
		assert.equal(a.items[0].detail.effective_on, addDays(T, -5));
		assert.equal(a.items[0].user_id, street.id);
	});
});
