// Hand-over (docs/accounts.md): when a worker leaves, the head gives
// everything the worker carries to another worker of the committee in one
// action — grids from today (the history keeps who had them before), open
// issues, duties not done, reception days ahead — and may disable the
// account in the same step.  A receiver from elsewhere is refused and
// nothing moves.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, login } from './lib/harness.mjs';
import { startVisits, addDays, A, B } from './lib/visits-fixture.mjs';

describe('hand-over', () => {
	let w, T, head, leaver, receiver, stranger, gA, gLater, issue, duty, dayAhead, dayBehind;

	before(async () => {
		w = await startVisits();
		T = w.today;
		head = await w.user('hoHead', 'committee_head', A);
		leaver = await w.user('hoLeaver', 'worker', A);
		receiver = await w.user('hoReceiver', 'worker', A);
		stranger = await w.user('hoStranger', 'worker', B);
		const c = await w.compound(A, '交接新村');
		const b1 = await w.building(c, '1号');
		const b2 = await w.building(c, '2号');
		const h = await w.household(b1, '101');
		await w.resident(h, '周交接');
		gA = await w.grid(head.cookie, { committee_code: A, name: '交接网格', building_ids: [b1.id], household_ids: [] });
		gLater = await w.grid(head.cookie, { committee_code: A, name: '下月网格', building_ids: [b2.id], household_ids: [] });
		await w.assign(head.cookie, gA.id, { worker_id: leaver.id, start_on: addDays(T, -30) });
		await w.assign(head.cookie, gLater.id, { worker_id: leaver.id, start_on: addDays(T, 12) });
		issue = await w.ok('POST', '/api/v1/issues', {
			cookie: head.cookie, status: 201,
			body: { category: 'repairs', description: '楼道灯坏了', channel: 'office', household_id: h.id, assignee_id: leaver.id },
		});
		duty = await w.ok('POST', '/api/v1/duties', {
			cookie: head.cookie, status: 201,
			body: { committee_code: A, date: addDays(T, 1), kind: 'patrol', worker_ids: [leaver.id], building_ids: [b1.id] },
		});
		const onRoster = async (dates) => {
			for (const d of dates) {
				const r = await w.req('PUT', `/api/v1/reception/roster/${d}`, {
					cookie: head.cookie, body: { committee_code: A, worker_id: leaver.id },
				});
				if (r.status === 200) return d;
			}
			assert.fail(`no working day among ${dates}`);
		};
		const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
		dayAhead = await onRoster(ten.map((n) => addDays(T, n)));
		dayBehind = await onRoster(ten.map((n) => addDays(T, -n)));
	});
	after(async () => {
		if (w) await w.stop();
	});

	const owners = async (grid, date) =>
		(await w.get(`/api/v1/grids/${grid.id}/assignments?date=${date}`, head.cookie)).items.map((a) => a.worker_id);
	const rosterDay = async (d) =>
		(await w.get(`/api/v1/reception/roster?committee_code=${A}&month=${d.slice(0, 7)}`, head.cookie)).items.find((i) => i.date === d);
	const hand = (cookie, from, body) => w.req('POST', `/api/v1/users/${from.id}/hand-over`, { cookie, body });

	it('refused, nothing moved: a receiver of another committee, the worker itself, a worker as the caller, a bad body', async () => {
		assertError(await hand(head.cookie, leaver, { to_user_id: stranger.id }), 400, 'bad_field', 'to_user_id');
		assertError(await hand(head.cookie, leaver, { to_user_id: leaver.id }), 400, 'bad_field', 'to_user_id');
		assertError(await hand(head.cookie, leaver, { to_user_id: 987654 }), 400, 'bad_field', 'to_user_id');
		assertError(await hand(receiver.cookie, leaver, { to_user_id: receiver.id }), 403, 'forbidden');
		assertError(await hand(head.cookie, leaver, { to_user_id: 'x' }), 400, 'bad_field', 'to_user_id');
		assertError(await hand(head.cookie, leaver, { to_user_id: receiver.id, also: 1 }), 400, 'bad_field', 'also');
		assertError(await hand(head.cookie, { id: 987654 }, { to_user_id: receiver.id }), 404, 'not_found');
		assert.deepEqual(await owners(gA, T), [leaver.id], 'the grid is still the leaver\'s');
		assert.equal((await w.get(`/api/v1/issues/${issue.id}`, head.cookie)).assignee_id, leaver.id);
	});

	let answer;
	it('the head hands the leaver\'s load to a colleague and disables the account, in one step', async () => {
		answer = await w.ok('POST', `/api/v1/users/${leaver.id}/hand-over`, {
			cookie: head.cookie, body: { to_user_id: receiver.id, disable: true },
		});
		assert.equal(answer.user_id, leaver.id);
		assert.equal(answer.to_user_id, receiver.id);
		assert.deepEqual(answer.grids.map((g) => g.grid_id).sort(), [gA.id, gLater.id].sort());
		assert.deepEqual(answer.issue_ids, [issue.id]);
		assert.equal(answer.duties, 1);
		assert.equal(answer.reception_days, 1);
		assert.equal(answer.disabled, true);
	});

	it('grids: the colleague from today, the leaver until yesterday (history kept); the later grid starts as planned', async () => {
		assert.deepEqual(await owners(gA, T), [receiver.id]);
		assert.deepEqual(await owners(gA, addDays(T, -1)), [leaver.id]);
		assert.deepEqual(await owners(gLater, addDays(T, 12)), [receiver.id]);
		const plan = await w.get('/api/v1/me/plan', receiver.cookie);
		assert.ok(plan.items.length >= 1, 'the colleague\'s plan holds the households');
	});

	it('the open issue is the colleague\'s, with an assign event; the duty and the day ahead too; the day behind stays', async () => {
		const i = await w.get(`/api/v1/issues/${issue.id}`, head.cookie);
		assert.equal(i.assignee_id, receiver.id);
		assert.ok(i.events.some((e) => e.action === 'assign' && e.assignee_id === receiver.id), JSON.stringify(i.events));
		const d = (await w.get(`/api/v1/duties?committee_code=${A}&date=${addDays(T, 1)}`, head.cookie)).items.find((x) => x.id === duty.id);
		assert.deepEqual(d.workers.map((x) => x.id), [receiver.id]);
		assert.equal((await rosterDay(dayAhead)).worker_id, receiver.id);
		assert.equal((await rosterDay(dayBehind)).worker_id, leaver.id);
	});

	it('the leaver is disabled and logged out; the hand-over is audited', async () => {
		const me = await api(w.url, 'GET', '/api/v1/me', { cookie: leaver.cookie });
		assert.equal(me.status, 401);
		const r = await api(w.url, 'POST', '/api/v1/session', { body: { username: leaver.username, password: leaver.password } });
		assert.equal(r.status, 401);
		const audit = await w.get('/api/v1/audit?entity=user&action=hand_over&limit=10');
		assert.equal(audit.items.length, 1, JSON.stringify(audit.items));
		assert.equal(String(audit.items[0].entity_id), String(leaver.id));
		assert.deepEqual(audit.items[0].detail.issue_ids, [issue.id]);
	});
});
