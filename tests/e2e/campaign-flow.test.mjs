// Campaigns, the gate log, daily duties and the worker's record
// (docs/campaigns.md): a mask-reservation campaign from creation to 100 %
// with two workers in a pair, its export read back, the gate log with its
// scoping and erasure, a month's points for three workers against values
// worked out by hand, the quota table, bad input and out-of-scope cases.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError, checkedFetch, divisions, sibai } from './lib/harness.mjs';
import { startVisits, addDays, at, A, B, STREET } from './lib/visits-fixture.mjs';

const DISTRICT = '310107';

function parseCsv(text) {
	const rows = [];
	let row = [], cell = '', q = false;
	for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
		const c = text[i];
		if (q) {
			if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
		} else if (c === '"') q = true;
		else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r') { /* CRLF */ } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
	}
	if (cell || row.length) { row.push(cell); rows.push(row); }
	return rows;
}

describe('campaigns: a mask reservation from creation to 100 %', () => {
	let w, T, head, headB, w1, w2, w3, guard, workerB, street, district;
	let x, b2, H, grid, camp, gate1, gate2, back, Y;

	before(async () => {
		w = await startVisits();
		T = w.today;
		head = await w.user('headA', 'committee_head', A);
		headB = await w.user('headB', 'committee_head', B);
		w1 = await w.user('w1', 'worker', A);
		w2 = await w.user('w2', 'worker', A);
		w3 = await w.user('w3', 'worker', A);
		guard = await w.user('guard', 'worker', A);
		workerB = await w.user('workerB', 'worker', B);
		street = await w.user('street', 'street', STREET);
		district = await w.user('district', 'district', DISTRICT);
		x = await w.compound(A, '普雄2村');
		b2 = await w.building(x, '2号');
		H = {};
		// created out of walking order on purpose
		H.h301 = await w.household(b2, '301');
		H.h101 = await w.household(b2, '101');
		H.h201 = await w.household(b2, '201');
		H.r101 = await w.resident(H.h101, '陈一');
		grid = await w.grid(head.cookie, { committee_code: A, name: '一网格', building_ids: [b2.id], household_ids: [] });
		await w.assign(head.cookie, grid.id, { worker_id: w1.id, start_on: addDays(T, -30) });
	});
	after(async () => { if (w) await w.stop(); });

	const fields = [
		{ key: 'booked', label: '已预约', type: 'yes_no', required: true },
		{ key: 'collected', label: '已领取', type: 'yes_no', required: true },
		{ key: 'receipt', label: '回执号', type: 'text' },
		{ key: 'kind', label: '口罩类型', type: 'choice', options: ['N95', '医用外科'] },
	];

	it('creates the campaign over the register filter, and refuses bad checklists naming the field', async () => {
		const bad = await w.req('POST', '/api/v1/campaigns', { cookie: head.cookie, body: { committee_code: A, name: 'x', unit: 'household', fields: [{ key: 'a', label: 'A', type: 'colour' }] } });
		assertError(bad, 400, 'bad_field', 'fields[0].type');
		const bad2 = await w.req('POST', '/api/v1/campaigns', { cookie: head.cookie, body: { committee_code: A, name: 'x', unit: 'household', filter: { age_min: 'old' }, fields } });
		assertError(bad2, 400, 'bad_field', 'filter.age_min');
		const worker = await w.req('POST', '/api/v1/campaigns', { cookie: w1.cookie, body: { committee_code: A, name: 'x', unit: 'household', fields } });
		assertError(worker, 403, 'forbidden');
		const other = await w.req('POST', '/api/v1/campaigns', { cookie: headB.cookie, body: { committee_code: A, name: 'x', unit: 'household', fields } });
		assertError(other, 400, 'bad_field', 'committee_code');
		const list = await w.get('/api/v1/campaigns', head.cookie);
		assert.equal(list.items.length, 0, 'nothing was created by the refused requests');
		camp = await w.ok('POST', '/api/v1/campaigns', { cookie: head.cookie, status: 201, body: { committee_code: A, name: '口罩预约', unit: 'household', filter: {}, fields } });
		assert.equal(camp.total, 3);
		assert.equal(camp.done, 0);
		assert.equal(camp.status, 'open');
		assert.deepEqual(camp.fields.map((f) => f.key), ['booked', 'collected', 'receipt', 'kind']);
	});

	it('lists what is left in walking order and refuses a checklist value of the wrong type', async () => {
		const left = await w.get(`/api/v1/campaigns/${camp.id}/left`, w1.cookie);
		assert.deepEqual(left.items.map((i) => i.room), ['101', '201', '301']);
		const mine = await w.get(`/api/v1/campaigns/${camp.id}/left?mine=true`, w2.cookie);
		assert.equal(mine.count, 0, 'w2 owns no grid');
		const t = left.items[0].target_id;
		for (const [values, field] of [
			[{ booked: 'yes' }, 'values.booked'], [{ kind: 'KN95' }, 'values.kind'],
			[{ colour: 'red' }, 'values.colour'], [{ receipt: 12 }, 'values.receipt'],
		]) {
			const r = await w.req('PUT', `/api/v1/campaign-targets/${t}/entry`, { cookie: w1.cookie, body: { values } });
			assertError(r, 400, 'bad_field', field);
		}
		const p = await w.get(`/api/v1/campaigns/${camp.id}/progress`, w1.cookie);
		assert.equal(p.done, 0, 'nothing changed');
		assert.equal(left.items[0].values, null);
	});

	it('splits the day into a pair and refuses a pair across committees', async () => {
		const across = await w.req('POST', '/api/v1/duties', { cookie: head.cookie, body: { committee_code: A, date: T, kind: 'registration', worker_ids: [w1.id, workerB.id], building_ids: [b2.id] } });
		assertError(across, 400, 'bad_field', 'worker_ids');
		const badKind = await w.req('POST', '/api/v1/duties', { cookie: head.cookie, body: { committee_code: A, date: T, kind: 'dance', worker_ids: [w1.id] } });
		assertError(badKind, 400, 'bad_field', 'kind');
		const d = await w.ok('POST', '/api/v1/duties', { cookie: head.cookie, status: 201, body: { committee_code: A, date: T, kind: 'registration', worker_ids: [w1.id, w2.id], building_ids: [b2.id], campaign_id: camp.id } });
		assert.deepEqual(d.workers.map((u) => u.id).sort(), [w1.id, w2.id].sort());
		const mine = await w.get('/api/v1/me/duties', w2.cookie);
		assert.equal(mine.items.length, 1);
		assert.deepEqual(mine.items[0].areas.building_ids, [b2.id]);
		const none = await w.get('/api/v1/me/duties', w3.cookie);
		assert.equal(none.items.length, 0);
		const notMine = await w.req('POST', `/api/v1/duties/${d.id}/done`, { cookie: w3.cookie, body: { summary: 'x' } });
		assertError(notMine, 403, 'forbidden');
		const outside = await w.req('POST', `/api/v1/duties/${d.id}/done`, { cookie: workerB.cookie, body: { summary: 'x' } });
		assertError(outside, 404, 'not_found');
		await w.ok('POST', `/api/v1/duties/${d.id}/done`, { cookie: w2.cookie, body: { summary: '登记 3 户' } });
	});

	it('the pair fills in every checklist: 100 %', async () => {
		const left = await w.get(`/api/v1/campaigns/${camp.id}/left`, w1.cookie);
		const [t101, t201, t301] = left.items.map((i) => i.target_id);
		const partial = await w.ok('PUT', `/api/v1/campaign-targets/${t101}/entry`, { cookie: w1.cookie, body: { values: { booked: true } } });
		assert.equal(partial.done, false);
		await w.ok('PUT', `/api/v1/campaign-targets/${t101}/entry`, { cookie: w1.cookie, body: { values: { booked: true, collected: true, receipt: 'K-001', kind: 'N95' } } });
		await w.ok('PUT', `/api/v1/campaign-targets/${t201}/entry`, { cookie: w1.cookie, body: { values: { booked: true, collected: false } } });
		let p = await w.get(`/api/v1/campaigns/${camp.id}/progress`, head.cookie);
		assert.equal(p.done, 2);
		assert.equal(p.percent, 66);
		await w.ok('PUT', `/api/v1/campaign-targets/${t301}/entry`, { cookie: w2.cookie, body: { values: { booked: true, collected: true, receipt: '=1+1' } } });
		p = await w.get(`/api/v1/campaigns/${camp.id}/progress`, head.cookie);
		assert.equal(p.total, 3);
		assert.equal(p.done, 3);
		assert.equal(p.percent, 100);
		assert.deepEqual(p.by_grid, [{ grid_id: grid.id, name: '一网格', total: 3, done: 3, percent: 100 }]);
		assert.deepEqual(p.by_worker, [{ worker_id: w1.id, name: w1.username, total: 3, done: 3, percent: 100 }]);
		assert.deepEqual(p.by_compound, [{ compound_id: x.id, name: '普雄2村', total: 3, done: 3, percent: 100 }]);
		const committeeName = divisions().find((d) => d.code === A).name;
		assert.deepEqual(p.by_committee, [{ committee_code: A, name: committeeName, total: 3, done: 3, percent: 100 }]);
		const left2 = await w.get(`/api/v1/campaigns/${camp.id}/left`, w1.cookie);
		assert.equal(left2.count, 0);
		const day = await w.get(`/api/v1/reports/day?committee_code=${A}&date=${T}`, head.cookie);
		assert.equal(day.by_kind.registration.duties, 1);
		assert.equal(day.by_kind.registration.done, 1);
		const by = Object.fromEntries(day.workers.map((x2) => [x2.worker_id, x2.entries_done]));
		assert.equal(by[w1.id], 2);
		assert.equal(by[w2.id], 1);
	});

	it('exports the checklist as CSV, read back', async () => {
		const res = await checkedFetch(`${w.url}/api/v1/campaigns/${camp.id}/export?format=csv`, { headers: { cookie: head.cookie } });
		assert.equal(res.status, 200);
		const bytes = Buffer.from(await res.arrayBuffer());
		assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a byte-order mark');
		const rows = parseCsv(bytes.toString('utf8'));
		const hdr = rows[0];
		for (const h of ['小区', '楼', '室', '已预约', '已领取', '回执号', '口罩类型', '完成']) assert.ok(hdr.includes(h), `header ${h}`);
		const body = rows.slice(1, 4);
		const col = (name) => hdr.indexOf(name);
		assert.deepEqual(body.map((x2) => x2[col('室')]).sort(), ['101', '201', '301']);
		const r301 = body.find((x2) => x2[col('室')] === '301');
		assert.equal(r301[col('回执号')], "'=1+1", 'a formula is defused');
		assert.equal(r301[col('已领取')], '是');
		const r201 = body.find((x2) => x2[col('室')] === '201');
		assert.equal(r201[col('已领取')], '否');
		assertError(await w.req('GET', `/api/v1/campaigns/${camp.id}/export?format=pdf`, { cookie: head.cookie }), 400, 'bad_query', 'format');
		const audit = await w.get('/api/v1/audit?entity=campaign&action=export', w.admin);
		assert.ok(audit.items.some((e) => e.entity_id === String(camp.id)), 'the export is audited');
		// each entry is audited by the fields it wrote, never their values
		const entries = await w.get('/api/v1/audit?entity=campaign_target&action=entry', w.admin);
		const full = entries.items.filter((e) => e.detail.campaign_id === camp.id && e.detail.fields.length === 4);
		assert.ok(full.length >= 1, `the entries are audited: ${JSON.stringify(entries.items.slice(0, 3))}`);
		assert.deepEqual([...full[0].detail.fields].sort(), ['booked', 'collected', 'kind', 'receipt']);
		assert.ok(!JSON.stringify(entries.items).includes('K-001'), 'no receipt number in the audit log');
	});

	it('hides the campaign from another committee: 404 everywhere', async () => {
		for (const path of [`/api/v1/campaigns/${camp.id}`, `/api/v1/campaigns/${camp.id}/progress`, `/api/v1/campaigns/${camp.id}/left`, `/api/v1/campaigns/${camp.id}/export?format=csv`]) {
			assertError(await w.req('GET', path, { cookie: workerB.cookie }), 404, 'not_found');
		}
		const left = await w.get(`/api/v1/campaigns/${camp.id}/left?grid_id=999`, head.cookie);
		assert.equal(left.count, 0);
		const rows = await w.get(`/api/v1/campaigns`, workerB.cookie);
		assert.equal(rows.items.length, 0);
		assertError(await w.req('PATCH', `/api/v1/campaigns/${camp.id}`, { cookie: headB.cookie, body: { name: 'x' } }), 404, 'not_found');
		assertError(await w.req('POST', `/api/v1/campaigns/${camp.id}/end`, { cookie: headB.cookie, body: {} }), 404, 'not_found');
	});

	it('ends the campaign: readable, no more entries', async () => {
		const left = await w.get(`/api/v1/campaigns/${camp.id}/progress`, head.cookie);
		assert.equal(left.done, 3);
		const ended = await w.ok('POST', `/api/v1/campaigns/${camp.id}/end`, { cookie: head.cookie, body: {} });
		assert.equal(ended.status, 'ended');
		assertError(await w.req('POST', `/api/v1/campaigns/${camp.id}/end`, { cookie: head.cookie, body: {} }), 409, 'conflict', 'status');
		const one = await w.get(`/api/v1/campaigns/${camp.id}`, w1.cookie);
		assert.equal(one.done, 3);
		const r = await w.req('GET', `/api/v1/campaigns/${camp.id}/export?format=csv`, { cookie: w1.cookie });
		assert.equal(r.status, 200);
		const p = await w.get(`/api/v1/campaigns/${camp.id}/progress`, head.cookie);
		const anyTarget = p.total;
		assert.equal(anyTarget, 3);
	});

	it('gate log: bound account, scoping, counts per hour', async () => {
		Y = addDays(T, -1);
		gate1 = await w.ok('POST', '/api/v1/gates', { cookie: head.cookie, status: 201, body: { compound_id: x.id, name: '南门' } });
		gate2 = await w.ok('POST', '/api/v1/gates', { cookie: head.cookie, status: 201, body: { compound_id: x.id, name: '北门' } });
		assertError(await w.req('POST', `/api/v1/gates/${gate1.id}/guards`, { cookie: head.cookie, body: { user_id: workerB.id } }), 400, 'bad_field', 'user_id');
		// only a worker account of the committee: not a head (who would lose the register)
		assertError(await w.req('POST', `/api/v1/gates/${gate1.id}/guards`, { cookie: head.cookie, body: { user_id: head.id } }), 400, 'bad_field', 'user_id');
		await w.ok('POST', `/api/v1/gates/${gate1.id}/guards`, { cookie: head.cookie, body: { user_id: guard.id } });
		// one gate at a time: another gate is refused until the first lets go; bound:false unbinds
		assertError(await w.req('POST', `/api/v1/gates/${gate2.id}/guards`, { cookie: head.cookie, body: { user_id: guard.id } }), 409, 'conflict', 'user_id');
		assertError(await w.req('POST', `/api/v1/gates/${gate2.id}/guards`, { cookie: head.cookie, body: { user_id: guard.id, bound: false } }), 400, 'bad_field', 'user_id');
		assert.deepEqual(await w.ok('POST', `/api/v1/gates/${gate1.id}/guards`, { cookie: head.cookie, body: { user_id: guard.id, bound: false } }), { gate_id: gate1.id, user_id: guard.id, bound: false });
		assert.equal((await w.get('/api/v1/me', guard.cookie)).gate_id, null, 'unbound: a worker again');
		await w.ok('POST', `/api/v1/gates/${gate1.id}/guards`, { cookie: head.cookie, body: { user_id: guard.id } });
		back = await w.ok('POST', '/api/v1/campaigns', { cookie: head.cookie, status: 201, body: { committee_code: A, name: '返沪登记', unit: 'resident', fields: [{ key: 'arrived', label: '抵沪日期', type: 'date', required: true }, { key: 'days', label: '隔离天数', type: 'number' }], gate_retention_days: 30 } });
		assert.equal(back.total, 1, 'one living resident');
		const bad = await w.req('POST', '/api/v1/gate-entries', { cookie: guard.cookie, body: { gate_id: gate2.id, direction: 'in', person: 'visitor', name: '访客甲', purpose: '探亲' } });
		assertError(bad, 403, 'forbidden', 'gate_id');
		assertError(await w.req('GET', `/api/v1/gate-entries?gate_id=${gate2.id}&date=${T}`, { cookie: guard.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/gates/${gate2.id}`, { cookie: guard.cookie }), 404, 'not_found');
		// the gate account finds a resident of its compound by name or room: id, name, building and room only
		for (const q of ['陈', '2号101', '2号 101', '101']) {
			const found = await w.get(`/api/v1/gates/${gate1.id}/residents?q=${encodeURIComponent(q)}`, guard.cookie);
			assert.deepEqual(found.items, [{ id: H.r101.id, name: '陈一', building: '2号', room: '101' }], q);
		}
		assert.deepEqual((await w.get(`/api/v1/gates/${gate1.id}/residents?q=${encodeURIComponent('王')}`, guard.cookie)).items, []);
		assertError(await w.req('GET', `/api/v1/gates/${gate1.id}/residents`, { cookie: guard.cookie }), 400, 'bad_query', 'q');
		assertError(await w.req('GET', `/api/v1/gates/${gate2.id}/residents?q=陈`, { cookie: guard.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/gates/${gate1.id}/residents?q=陈`, { cookie: workerB.cookie }), 404, 'not_found');
		const gl = await w.get('/api/v1/gates', guard.cookie);
		assert.deepEqual(gl.items.map((g) => g.id), [gate1.id]);
		// the head sees who is bound to a gate
		const g1 = await w.get(`/api/v1/gates/${gate1.id}`, head.cookie);
		assert.equal(g1.name, '南门');
		assert.deepEqual(g1.guards, [{ id: guard.id, username: guard.username, name: guard.username }]);
		assert.deepEqual((await w.get(`/api/v1/gates/${gate2.id}`, head.cookie)).guards, []);
		// a gate account uses the gate log only: the register, visits and issues are closed to it
		assert.equal((await w.get('/api/v1/me', guard.cookie)).gate_id, gate1.id);
		// and the login says so, so that the page reads nothing ahead for it
		const li = await w.req('POST', '/api/v1/session', { body: { username: guard.username, password: guard.password } });
		assert.equal(li.status, 200, li.text);
		assert.equal(li.json.gate_id, gate1.id);
		assert.equal((await w.get('/api/v1/me', w1.cookie)).gate_id, null);
		for (const path of ['/api/v1/households', '/api/v1/residents?q=王', '/api/v1/visits', '/api/v1/issues', '/api/v1/campaigns', `/api/v1/households/${H.h101.id}`]) {
			assertError(await w.req('GET', path, { cookie: guard.cookie }), 403, 'forbidden');
		}
		assertError(await w.req('POST', '/api/v1/gate-entries', { cookie: guard.cookie, body: { gate_id: gate1.id, direction: 'sideways', person: 'visitor', name: '甲' } }), 400, 'bad_field', 'direction');
		assertError(await w.req('POST', '/api/v1/gate-entries', { cookie: guard.cookie, body: { gate_id: gate1.id, direction: 'in', person: 'visitor' } }), 400, 'bad_field', 'name');
		assertError(await w.req('POST', '/api/v1/gate-entries', { cookie: workerB.cookie, body: { gate_id: gate1.id, direction: 'in', person: 'visitor', name: '甲' } }), 400, 'bad_field', 'gate_id');
		const e1 = await w.ok('POST', '/api/v1/gate-entries', { cookie: guard.cookie, status: 201, body: { gate_id: gate1.id, direction: 'in', person: 'resident', resident_id: H.r101.id, from_place: '武汉', purpose: '返沪', campaign_id: back.id, at: at(Y, '09:10') } });
		assert.equal(e1.erased, false);
		await w.ok('POST', '/api/v1/gate-entries', { cookie: guard.cookie, status: 201, body: { gate_id: gate1.id, direction: 'out', person: 'visitor', name: '快递员', purpose: '送货', at: at(Y, '09:40') } });
		await w.ok('POST', '/api/v1/gate-entries', { cookie: guard.cookie, status: 201, body: { gate_id: gate1.id, direction: 'in', person: 'visitor', name: '访客乙', purpose: '探亲', at: at(Y, '14:05') } });
		const c = await w.get(`/api/v1/gates/${gate1.id}/counts?date=${Y}`, head.cookie);
		assert.equal(c.in, 2);
		assert.equal(c.out, 1);
		assert.deepEqual(c.hours[9], { hour: 9, in: 1, out: 1 });
		assert.deepEqual(c.hours[14], { hour: 14, in: 1, out: 0 });
		assertError(await w.req('GET', `/api/v1/gates/${gate1.id}/counts?date=${T}`, { cookie: workerB.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/gate-entries?gate_id=${gate1.id}&date=${T}`, { cookie: workerB.cookie }), 404, 'not_found');
	});

	it('gate log: personal fields erased past the retention, and erased stays erased', async () => {
		const D = addDays(T, -10);
		const old = await w.ok('POST', '/api/v1/gate-entries', { cookie: guard.cookie, status: 201, body: { gate_id: gate1.id, direction: 'in', person: 'visitor', name: '访客丙', from_place: '苏州', purpose: '返沪', campaign_id: back.id, at: at(D, '10:00') } });
		assert.equal(old.name, '访客丙');
		const tooOld = await w.req('POST', '/api/v1/gate-entries', { cookie: guard.cookie, body: { gate_id: gate1.id, direction: 'in', person: 'visitor', name: '丁', campaign_id: back.id, at: at(addDays(T, -40), '10:00') } });
		assertError(tooOld, 400, 'bad_field', 'at');
		assertError(await w.req('PATCH', `/api/v1/campaigns/${back.id}`, { cookie: head.cookie, body: { gate_retention_days: 0 } }), 400, 'bad_field', 'gate_retention_days');
		await w.ok('PATCH', `/api/v1/campaigns/${back.id}`, { cookie: head.cookie, body: { gate_retention_days: 7 } });
		let l = await w.get(`/api/v1/gate-entries?gate_id=${gate1.id}&date=${D}`, head.cookie);
		assert.equal(l.items.length, 1);
		assert.equal(l.items[0].erased, true);
		assert.equal(l.items[0].name, null);
		assert.equal(l.items[0].purpose, null);
		assert.equal(l.items[0].from_place, null);
		assert.equal(l.items[0].direction, 'in', 'what counts is kept');
		const today = await w.get(`/api/v1/gate-entries?gate_id=${gate1.id}&date=${Y}`, head.cookie);
		assert.equal(today.items.length, 3);
		assert.ok(today.items.every((e) => !e.erased), 'today\'s entries are kept');
		await w.ok('PATCH', `/api/v1/campaigns/${back.id}`, { cookie: head.cookie, body: { gate_retention_days: 30 } });
		const cli = sibai(['gate', 'erase', '--db', w.db]);
		assert.equal(cli.status, 0, cli.stderr);
		l = await w.get(`/api/v1/gate-entries?gate_id=${gate1.id}&date=${D}`, head.cookie);
		assert.equal(l.items[0].erased, true, 'erased stays erased');
		assert.equal(l.items[0].name, null);
	});

	it('a month\'s points for three workers, against hand-worked values', async () => {
		assertError(await w.req('PUT', `/api/v1/districts/${DISTRICT}/record-weights`, { cookie: district.cookie, body: { campaign_task: -1 } }), 400, 'bad_field', 'campaign_task');
		assertError(await w.req('PUT', `/api/v1/districts/${DISTRICT}/record-weights`, { cookie: street.cookie, body: { campaign_task: 1 } }), 403, 'forbidden');
		let wts = await w.get(`/api/v1/districts/${DISTRICT}/record-weights`, w1.cookie);
		assert.equal(wts.campaign_task, 1, 'the refused weight changed nothing');
		wts = await w.ok('PUT', `/api/v1/districts/${DISTRICT}/record-weights`, { cookie: district.cookie, body: { visit_on_time: 2, campaign_task: 5, training_hour: 1, households_per_worker: 2 } });
		assert.equal(wts.issue_resolved, 3, 'unnamed weights keep their value');
		// w1: one first visit today (on time): 2; two checklists done: 2 × 5 → 12
		await w.visit(w1.cookie, { household_id: H.h101.id, visited_at: new Date(Date.now() - 60000).toISOString().slice(0, 19) + 'Z' });
		// w2: one checklist: 5; 3 training hours: 3 → 8
		// w3: 2 training hours: 2
		assertError(await w.req('POST', '/api/v1/trainings', { cookie: street.cookie, body: { worker_id: workerB.id + 100000, date: T, hours: 3, topic: '培训' } }), 400, 'bad_field', 'worker_id');
		assertError(await w.req('POST', '/api/v1/trainings', { cookie: head.cookie, body: { worker_id: w2.id, date: T, hours: 3, topic: '培训' } }), 403, 'forbidden');
		await w.ok('POST', '/api/v1/trainings', { cookie: street.cookie, status: 201, body: { worker_id: w2.id, date: T, hours: 3, topic: '应急处置培训' } });
		await w.ok('POST', '/api/v1/trainings', { cookie: street.cookie, status: 201, body: { worker_id: w3.id, date: T, hours: 2, topic: '政策学习' } });
		const month = T.slice(0, 7);
		const want = { [w1.id]: 12, [w2.id]: 8, [w3.id]: 2 };
		for (const u of [w1, w2, w3]) {
			const r = await w.get(`/api/v1/workers/${u.id}/record?month=${month}`, head.cookie);
			assert.equal(r.total, want[u.id], `${u.username}: ${JSON.stringify(r)}`);
			assert.equal(r.lines.reduce((s, l) => s + l.points, 0), r.total, 'every point has its line');
		}
		const r1 = await w.get(`/api/v1/workers/${w1.id}/record?month=${month}`, w1.cookie);
		assert.deepEqual(r1.lines.map((l) => [l.source, l.points]).sort(), [['campaign_task', 5], ['campaign_task', 5], ['visit', 2]]);
		assert.equal(r1.lines.find((l) => l.source === 'visit').on_time, true);
		const y = await w.get(`/api/v1/workers/${w2.id}/record?year=${T.slice(0, 4)}`, street.cookie);
		assert.equal(y.total, 8);
		assert.equal(y.months[Number(T.slice(5, 7)) - 1].total, 8);
		assertError(await w.req('GET', `/api/v1/workers/${w2.id}/record?month=${month}`, { cookie: w1.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/workers/${w1.id}/record?month=${month}`, { cookie: headB.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/workers/${w1.id}/record?month=2026-13`, { cookie: head.cookie }), 400, 'bad_query', 'month');
	});

	it('the quota table: workers against households by the district formula', async () => {
		const q = await w.get(`/api/v1/reports/quota?area=${STREET}`, street.cookie);
		const a = q.committees.find((c) => c.committee_code === A);
		const b = q.committees.find((c) => c.committee_code === B);
		// A: 3 households at 2 per worker → 2 needed; 3 workers (w1, w2, w3; the gate account is not staff) → 1 over
		assert.deepEqual([a.households, a.workers, a.needed, a.difference, a.status], [3, 3, 2, 1, 'over']);
		assert.deepEqual([b.households, b.workers, b.needed, b.difference, b.status], [0, 1, 0, 1, 'over']);
		const s = q.streets.find((x2) => x2.street_code === STREET);
		assert.equal(s.households, 3);
		assert.equal(s.needed, 2);
		assert.equal(s.workers, q.committees.reduce((n, c) => n + c.workers, 0));
		assertError(await w.req('GET', `/api/v1/reports/quota?area=${B}`, { cookie: head.cookie }), 400, 'bad_query', 'area');
		assertError(await w.req('GET', `/api/v1/reports/quota?area=${A}`, { cookie: w1.cookie }), 403, 'forbidden');
	});
});
