// People see names, not logins (docs/accounts.md, "Names"): once users have
// display names, every answer that names a person — the visit list, an
// issue's creator, assignee and timeline, a campaign's targets and their
// entries, the duty roster and the day's report, the plan report, coverage
// and workload rows, the register's history — gives the display name in its
// name field.  The login stays only under the `username` key of the answers
// that had one (for programs), and nowhere else.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { startVisits, addDays, A } from './lib/visits-fixture.mjs';

/** Every string value in X under a key other than `username`, with its path. */
function strings(x, path = '', out = []) {
	if (typeof x === 'string') out.push([path, x]);
	else if (Array.isArray(x)) x.forEach((v, i) => strings(v, `${path}[${i}]`, out));
	else if (x && typeof x === 'object') {
		for (const [k, v] of Object.entries(x)) if (k !== 'username') strings(v, `${path}.${k}`, out);
	}
	return out;
}

/** The login of U appears in no value of X but its `username` keys. */
function noLogin(x, u, what) {
	for (const [p, s] of strings(x)) assert.ok(!s.includes(u.username), `${what}: the login ${u.username} shows at ${p}`);
}

describe('names everywhere', () => {
	let w, T, head, worker, h, grid, visit, issue, camp, duty;
	const HEAD = '张书记', WORKER = '李社工';

	before(async () => {
		w = await startVisits();
		T = w.today;
		head = await w.user('nmHead', 'committee_head', A);
		worker = await w.user('nmWorker', 'worker', A);
		await w.ok('PATCH', `/api/v1/users/${head.id}`, { body: { display_name: HEAD } });
		await w.ok('PATCH', `/api/v1/users/${worker.id}`, { body: { display_name: WORKER } });
		const c = await w.compound(A, '名字新村');
		const b = await w.building(c, '3号');
		h = await w.household(b, '302');
		await w.resident(h, '钱名字');
		grid = await w.grid(head.cookie, { committee_code: A, name: '名字网格', building_ids: [b.id], household_ids: [] });
		await w.assign(head.cookie, grid.id, { worker_id: worker.id, start_on: addDays(T, -10) });
		visit = await w.visit(worker.cookie, { household_id: h.id, visited_at: new Date(Date.now() - 60000).toISOString(), observed: '家里整洁' });
		await w.ok('PATCH', `/api/v1/visits/${visit.id}`, { cookie: worker.cookie, body: { needs: '送药上门' } });
		issue = await w.ok('POST', '/api/v1/issues', {
			cookie: worker.cookie, status: 201,
			body: { category: 'repairs', description: '楼道灯坏了', channel: 'office', household_id: h.id, assignee_id: head.id },
		});
		camp = await w.ok('POST', '/api/v1/campaigns', {
			cookie: head.cookie, status: 201,
			body: { committee_code: A, name: '送口罩', unit: 'household', filter: {}, fields: [{ key: 'given', label: '已送', type: 'yes_no', required: true }, { key: 'who', label: '签收人', type: 'text', required: true }] },
		});
		duty = await w.ok('POST', '/api/v1/duties', {
			cookie: head.cookie, status: 201,
			body: { committee_code: A, date: T, kind: 'patrol', worker_ids: [worker.id, head.id], building_ids: [b.id] },
		});
	});
	after(async () => { if (w) await w.stop(); });

	it('the visit list and a visit\'s history name the worker who made and corrected it', async () => {
		const l = await w.get(`/api/v1/visits?household_id=${h.id}`, head.cookie);
		assert.equal(l.items.length, 1);
		assert.equal(l.items[0].worker_name, WORKER);
		noLogin(l, worker, 'visit list');
		const hist = await w.get(`/api/v1/visits/${visit.id}/history`, head.cookie);
		assert.equal(hist.items[0].name, WORKER);
		noLogin(hist, worker, 'visit history');
	});

	it('an issue names its creator, its assignee and who did each step', async () => {
		await w.ok('POST', `/api/v1/issues/${issue.id}/events`, { cookie: head.cookie, body: { action: 'accept' }, status: 201 });
		const i = await w.get(`/api/v1/issues/${issue.id}`, worker.cookie);
		assert.equal(i.created_by_name, WORKER);
		assert.equal(i.assignee_name, HEAD);
		const names = i.events.map((e) => e.name);
		assert.deepEqual(names, [WORKER, HEAD], JSON.stringify(i.events));
		noLogin(i, worker, 'issue');
		noLogin(i, head, 'issue');
	});

	it('a campaign\'s targets name the grid\'s worker and who filled the entry', async () => {
		const left = await w.get(`/api/v1/campaigns/${camp.id}/left`, worker.cookie);
		assert.equal(left.items[0].worker_name, WORKER);
		const t = left.items[0].target_id;
		await w.ok('PUT', `/api/v1/campaign-targets/${t}/entry`, { cookie: worker.cookie, body: { values: { given: true } } });
		const p = await w.get(`/api/v1/campaigns/${camp.id}/progress`, head.cookie);
		assert.equal(p.by_worker[0].name, WORKER);
		noLogin(p, worker, 'progress');
		const again = await w.get(`/api/v1/campaigns/${camp.id}/left`, head.cookie);
		assert.equal(again.items[0].updated_by, WORKER);
		noLogin(again, worker, 'left');
	});

	it('the duty roster and the day\'s report name the pair', async () => {
		const d = await w.get(`/api/v1/duties?committee_code=${A}&date=${T}`, head.cookie);
		const one = d.items.find((x) => x.id === duty.id);
		assert.deepEqual(one.workers.map((u) => u.name).sort(), [HEAD, WORKER].sort());
		const day = await w.get(`/api/v1/reports/day?committee_code=${A}&date=${T}`, head.cookie);
		assert.deepEqual(day.workers.map((u) => u.name).sort(), [HEAD, WORKER].sort(), JSON.stringify(day.workers));
	});

	it('the plan report, coverage and workload rows name the worker', async () => {
		const plan = await w.get(`/api/v1/reports/plan?committee_code=${A}&date=${T}`, head.cookie);
		assert.deepEqual(plan.items.map((r) => r.name), [WORKER], JSON.stringify(plan));
		const cov = await w.get(`/api/v1/reports/coverage?area=${A}`, head.cookie);
		assert.deepEqual(cov.workers.map((r) => r.name), [WORKER], JSON.stringify(cov.workers));
		noLogin(cov, worker, 'coverage');
		const load = await w.get(`/api/v1/reports/workload?committee_code=${A}`, head.cookie);
		assert.deepEqual(load.items.map((r) => r.name), [WORKER]);
		const g = await w.get(`/api/v1/grids/${grid.id}`, head.cookie);
		assert.deepEqual(g.workers.map((r) => r.name), [WORKER]);
		const asg = await w.get(`/api/v1/grids/${grid.id}/assignments`, head.cookie);
		assert.equal(asg.items[0].worker_name, WORKER);
		noLogin(asg, worker, 'assignments');
	});

	it('the register\'s history names who changed a household', async () => {
		await w.ok('PATCH', `/api/v1/households/${h.id}`, { cookie: head.cookie, body: { room: '302室' } });
		const hist = await w.get(`/api/v1/households/${h.id}/history`, worker.cookie);
		assert.equal(hist.items[0].name, HEAD, JSON.stringify(hist.items[0]));
		noLogin(hist, head, 'household history');
	});

	it('the login shows on the account list, beside the name', async () => {
		const u = await w.get(`/api/v1/users/${worker.id}`, head.cookie);
		assert.equal(u.username, worker.username);
		assert.equal(u.name, WORKER);
	});
});
