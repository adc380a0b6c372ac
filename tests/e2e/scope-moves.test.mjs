// Scope follows people (docs/visits.md, "When a worker moves or leaves"): a
// worker moved to another committee, or disabled, keeps nothing of the
// committees left behind: no households in the plan or the calendar feed, no
// key persons, no duties; the grids there no longer list the worker, whose
// assignments are ended (kept as history) and whose feed URL is revoked.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { sibai, describeRun } from './lib/harness.mjs';
import { startVisits, addDays, A, B } from './lib/visits-fixture.mjs';

describe('scope follows people', () => {
	let w, T, headA, mover, leaver, cliLeaver, hA, gA, gB, gFuture, feed, duty, dayAhead, dayBehind;

	before(async () => {
		w = await startVisits();
		T = w.today;
		headA = await w.user('headA', 'committee_head', A);
		mover = await w.user('mover', 'worker', A);
		leaver = await w.user('leaver', 'worker', A);
		cliLeaver = await w.user('cliLeaver', 'worker', A);

		const cA = await w.compound(A, '普雄3村');
		const b1 = await w.building(cA, '1号');
		const b2 = await w.building(cA, '2号');
		const b3 = await w.building(cA, '3号');
		const b4 = await w.building(cA, '4号');
		hA = [await w.household(b1, '101'), await w.household(b1, '102')];
		await w.resident(hA[0], '赵独居', { tags: ['独居老人'] });
		await w.resident(hA[1], '钱二');
		const hLeaver = await w.household(b2, '201');
		await w.resident(hLeaver, '孙三');
		const hCli = await w.household(b3, '301');
		await w.resident(hCli, '李四');
		gA = await w.grid(headA.cookie, { committee_code: A, name: '迁出网格', building_ids: [b1.id], household_ids: [] });
		gB = await w.grid(headA.cookie, { committee_code: A, name: '停用网格', building_ids: [b2.id], household_ids: [] });
		const gC = await w.grid(headA.cookie, { committee_code: A, name: '命令行网格', building_ids: [b3.id], household_ids: [] });
		gFuture = await w.grid(headA.cookie, { committee_code: A, name: '将来网格', building_ids: [b4.id], household_ids: [] });
		await w.assign(headA.cookie, gA.id, { worker_id: mover.id, start_on: addDays(T, -30) });
		await w.assign(headA.cookie, gFuture.id, { worker_id: mover.id, start_on: addDays(T, 10) });
		await w.assign(headA.cookie, gB.id, { worker_id: leaver.id, start_on: addDays(T, -30) });
		await w.assign(headA.cookie, gC.id, { worker_id: cliLeaver.id, start_on: addDays(T, -30) });
		feed = await w.ok('POST', '/api/v1/me/calendar-feed', { cookie: mover.cookie, status: 201 });
		duty = await w.ok('POST', '/api/v1/duties', {
			cookie: headA.cookie, status: 201,
			body: { committee_code: A, date: T, kind: 'registration', worker_ids: [mover.id], building_ids: [b1.id] },
		});
		// A reception day ahead and one behind, both the mover's.
		const onRoster = async (dates) => {
			for (const d of dates) {
				const r = await w.req('PUT', `/api/v1/reception/roster/${d}`, {
					cookie: headA.cookie, body: { committee_code: A, worker_id: mover.id },
				});
				if (r.status === 200) return d;
				assert.equal(r.status, 400, `${d}: a working day, or not: ${r.status} ${r.text}`);
			}
			assert.fail(`no working day among ${dates}`);
		};
		dayAhead = await onRoster([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => addDays(T, n)));
		dayBehind = await onRoster([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => addDays(T, -n)));
	});
	after(async () => {
		if (w) await w.stop();
	});
	const rosterDay = async (d) => {
		const r = await w.get(`/api/v1/reception/roster?committee_code=${A}&month=${d.slice(0, 7)}`, headA.cookie);
		return r.items.find((i) => i.date === d);
	};

	const planIds = async (u) => (await w.get('/api/v1/me/plan', u.cookie)).items.map((i) => i.household_id);
	const keyPersons = async (u) => (await w.get('/api/v1/residents/key-persons?mine=true', u.cookie)).items.map((r) => r.name);
	const gridOf = async (id) => (await w.get(`/api/v1/grids?committee_code=${A}`, headA.cookie)).items.find((g) => g.id === id);
	const history = async (id) => (await w.get(`/api/v1/grids/${id}/assignments`, headA.cookie)).items;

	it('before the move: the plan, the feed, key persons and duties hold committee A', async () => {
		assert.deepEqual((await planIds(mover)).sort(), hA.map((h) => h.id).sort());
		const f = await w.req('GET', feed.path, { cookie: undefined });
		assert.equal(f.status, 200, f.text);
		assert.ok(f.text.includes('普雄3村 1号 101'), f.text);
		assert.deepEqual(await keyPersons(mover), ['赵独居']);
		assert.deepEqual((await w.get('/api/v1/me/duties', mover.cookie)).items.map((d) => d.id), [duty.id]);
		assert.deepEqual((await gridOf(gA.id)).worker_ids, [mover.id]);
	});

	it('moved to committee B: nothing of A is left to the worker', async () => {
		await w.ok('PATCH', `/api/v1/users/${mover.id}`, { body: { scope: [B] } });

		const plan = await w.get('/api/v1/me/plan', mover.cookie);
		assert.deepEqual(plan.items, [], `no household of A: ${JSON.stringify(plan.items)}`);
		const f = await w.req('GET', feed.path, { cookie: undefined });
		assert.equal(f.status, 404, `the old feed URL is revoked: ${f.status} ${f.text.slice(0, 300)}`);
		assert.deepEqual(await keyPersons(mover), []);
		assert.deepEqual((await w.get('/api/v1/me/duties', mover.cookie)).items, []);
		assert.deepEqual((await gridOf(gA.id)).worker_ids, []);
		assert.deepEqual((await gridOf(gA.id)).workers, []);
	});

	it('the assignment that ran is ended yesterday, kept as history; the one not begun is gone', async () => {
		const h = await history(gA.id);
		assert.equal(h.length, 1, JSON.stringify(h));
		assert.equal(h[0].worker_id, mover.id);
		assert.equal(h[0].start_on, addDays(T, -30));
		assert.equal(h[0].end_on, addDays(T, -1));
		assert.deepEqual(await history(gFuture.id), []);
		const owners = await w.get(`/api/v1/grids/${gA.id}/assignments?date=${addDays(T, -1)}`, headA.cookie);
		assert.deepEqual(owners.items.map((a) => a.worker_id), [mover.id], 'yesterday the grid was still the worker\'s');
	});

	it('the reception day ahead is taken off the roster (open for the head to give), the day behind stays; the duty not done loses the worker', async () => {
		assert.equal(await rosterDay(dayAhead), undefined, `${dayAhead} is open again`);
		assert.equal((await rosterDay(dayBehind)).worker_id, mover.id, `${dayBehind} stays as it was`);
		const d = (await w.get(`/api/v1/duties?committee_code=${A}&date=${T}`, headA.cookie)).items.find((x) => x.id === duty.id);
		assert.ok(d, 'the duty itself stays');
		assert.deepEqual(d.workers, [], JSON.stringify(d));
	});

	it('the move is audited with the assignments it ended and the feed it revoked', async () => {
		const a = await w.get(`/api/v1/audit?entity=user&limit=100`);
		const mine = a.items.filter((e) => e.action === 'update' && String(e.entity_id) === String(mover.id) && e.detail && e.detail.scope);
		assert.equal(mine.length, 1, JSON.stringify(a.items));
		const d = mine[0].detail;
		assert.deepEqual(d.assignments_ended, [{ grid_id: gA.id, committee_code: A, end_on: addDays(T, -1) }], JSON.stringify(d));
		assert.deepEqual(d.assignments_removed, [{ grid_id: gFuture.id, committee_code: A, start_on: addDays(T, 10) }], JSON.stringify(d));
		assert.equal(d.calendar_feed, 'revoked');
		assert.deepEqual(d.reception_days_removed, [{ committee_code: A, date: dayAhead }], JSON.stringify(d));
		assert.deepEqual(d.duties_left, [{ duty_id: duty.id, committee_code: A, date: T }], JSON.stringify(d));
	});

	it('disabling a worker ends their assignments', async () => {
		assert.deepEqual((await gridOf(gB.id)).worker_ids, [leaver.id]);
		await w.ok('PATCH', `/api/v1/users/${leaver.id}`, { body: { disabled: true } });
		const h = await history(gB.id);
		assert.equal(h.length, 1, JSON.stringify(h));
		assert.equal(h[0].end_on, addDays(T, -1));
		assert.deepEqual((await gridOf(gB.id)).worker_ids, []);
	});

	it('sibai user disable ends them too', async () => {
		const r = sibai(['user', 'disable', '--db', w.db, '--username', cliLeaver.username]);
		assert.equal(r.status, 0, describeRun(['user', 'disable'], r));
		const gC = (await w.get(`/api/v1/grids?committee_code=${A}`, headA.cookie)).items.find((g) => g.name === '命令行网格');
		assert.deepEqual(gC.worker_ids, []);
		const h = await history(gC.id);
		assert.equal(h[0].end_on, addDays(T, -1), JSON.stringify(h));
	});
});
