// Calling the resident (docs/register.md, "Calling a resident"): the worker
// of the household's grid (or on reception today) gets the number with a
// tel: link and no reason form, audited as a call; residents carry an
// emergency contact and a carer whose phones are kept like theirs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it, before, after } from 'node:test';
import { assertError, listAll } from './lib/harness.mjs';
import { startVisits, addDays, isWorkday, A, B } from './lib/visits-fixture.mjs';

describe('calling a resident', () => {
	let w, head, w1, w2, workerB, h101, h102, elder, nobody;
	const call = (cookie, id, body) => w.req('POST', `/api/v1/residents/${id}/call`, { cookie, body });

	before(async () => {
		w = await startVisits();
		head = await w.user('headA', 'committee_head', A);
		w1 = await w.user('w1', 'worker', A);
		w2 = await w.user('w2', 'worker', A);
		workerB = await w.user('workerB', 'worker', B);
		const x = await w.compound(A, '普雄2村');
		const b2 = await w.building(x, '2号');
		h101 = await w.household(b2, '101');
		h102 = await w.household(b2, '102');
		const grid = await w.grid(head.cookie, { committee_code: A, name: '一网格', building_ids: [b2.id], household_ids: [] });
		await w.assign(head.cookie, grid.id, { worker_id: w1.id, start_on: addDays(w.today, -30) });
		elder = await w.ok('POST', '/api/v1/residents', { status: 201, body: {
			household_id: h101.id, name: '张桂兰', phone: '138-0000-0001',
			emergency_name: '王丽', emergency_relation: '女儿', emergency_phone: '13900000002',
			carer_name: '李阿姨', carer_relation: '保姆', carer_phone: '021-6234 5678',
		} });
		nobody = await w.ok('POST', '/api/v1/residents', { status: 201, body: { household_id: h102.id, name: '陈一' } });
	});
	after(async () => { if (w) await w.stop(); });

	it('reads show the contacts with their phones masked; the numbers are encrypted on disk', async () => {
		const r = await w.get(`/api/v1/residents/${elder.id}`, w1.cookie);
		assert.equal(r.phone, '138****0001');
		assert.equal(r.emergency_name, '王丽');
		assert.equal(r.emergency_relation, '女儿');
		assert.equal(r.emergency_phone, '139****0002');
		assert.equal(r.carer_name, '李阿姨');
		assert.equal(r.carer_phone, '021-****5678');
		const house = await w.get(`/api/v1/households/${h101.id}`, w1.cookie);
		assert.equal(house.members[0].emergency_phone, '139****0002', 'the household read too');
		const text = JSON.stringify(await listAll(w.url, `/api/v1/residents?committee_code=${A}`, w1.cookie));
		assert.ok(!text.includes('13900000002') && !text.includes('62345678'), 'lists are masked');
		for (const f of [w.db, `${w.db}-wal`].filter((p) => fs.existsSync(p))) {
			const bytes = fs.readFileSync(f);
			for (const n of ['13900000002', '62345678', '13800000001']) {
				assert.equal(bytes.indexOf(n), -1, `${n} in clear in ${f}`);
			}
		}
	});

	it('the grid\'s worker calls the resident, the emergency contact or the carer, without a reason', async () => {
		let r = await call(w1.cookie, elder.id);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { resident_id: elder.id, whom: 'resident', name: '张桂兰', phone: '13800000001', tel_uri: 'tel:+8613800000001' });
		assert.equal(r.headers.get('cache-control'), 'no-store');
		r = await call(w1.cookie, elder.id, { whom: 'emergency' });
		assert.deepEqual(r.json, { resident_id: elder.id, whom: 'emergency', name: '王丽', phone: '13900000002', tel_uri: 'tel:+8613900000002' });
		r = await call(w1.cookie, elder.id, { whom: 'carer' });
		assert.equal(r.json.phone, '02162345678');
		assert.equal(r.json.tel_uri, 'tel:+862162345678', 'a fixed line without its trunk 0');
		assert.equal((await call(w1.cookie, elder.id, {})).json.whom, 'resident', 'an empty object: the resident');
		// every call is in the audit log, by whom and to whom
		const audit = await w.get('/api/v1/audit?action=call&limit=100');
		const mine = audit.items.filter((e) => e.user_id === w1.id && e.entity_id === String(elder.id));
		assert.equal(mine.length, 4);
		assert.deepEqual(mine.map((e) => e.detail.whom ?? JSON.parse(e.detail).whom).sort(), ['carer', 'emergency', 'resident', 'resident']);
		// the head may call too
		assert.equal((await call(head.cookie, elder.id)).status, 200);
	});

	it('another worker of the committee is 403 unless on reception today; outside the jurisdiction 404', async () => {
		const r = await call(w2.cookie, elder.id);
		assertError(r, 403, 'forbidden', null);
		assert.match(r.json.error.message_zh, /网格|首问接待/);
		assertError(await call(workerB.cookie, elder.id), 404, 'not_found');
		const put = await w.req('PUT', `/api/v1/reception/roster/${w.today}`, { cookie: head.cookie, body: { committee_code: A, worker_id: w2.id } });
		if (isWorkday(w.today)) {
			assert.equal(put.status, 200, put.text);
			const on = await call(w2.cookie, elder.id, { whom: 'carer' });
			assert.equal(on.status, 200, on.text);
			assert.equal(on.json.phone, '02162345678');
		} else {
			// no reception on a day off: still refused
			assertError(put, 400, 'bad_field', 'date');
			assertError(await call(w2.cookie, elder.id), 403, 'forbidden');
		}
	});

	it('bad input: whom, an unknown member, no number recorded, a bad contact phone', async () => {
		assertError(await call(w1.cookie, elder.id, { whom: 'neighbour' }), 400, 'bad_field', 'whom');
		assertError(await call(w1.cookie, elder.id, { whom: 'carer', reason: '看望' }), 400, 'bad_field', 'reason');
		assertError(await call(w1.cookie, elder.id, { whom: 3 }), 400, 'bad_field', 'whom');
		const none = await call(w1.cookie, nobody.id, { whom: 'emergency' });
		assertError(none, 404, 'not_found', 'whom');
		assert.match(none.json.error.message_zh, /未登记电话/);
		assertError(await w.req('POST', '/api/v1/residents/abc/call', { cookie: w1.cookie }), 400, 'bad_path', 'id');
		const bad = await w.req('PATCH', `/api/v1/residents/${nobody.id}`, { cookie: w1.cookie, body: { carer_phone: '12345' } });
		assertError(bad, 400, 'bad_field', 'carer_phone');
		assertError(await w.req('PATCH', `/api/v1/residents/${nobody.id}`, { cookie: w1.cookie, body: { emergency_name: '王\n丽' } }),
			400, 'bad_field', 'emergency_name');
		assert.equal((await w.get(`/api/v1/residents/${nobody.id}`, w1.cookie)).carer_phone, null, 'nothing written');
	});

	it('the head\'s reveal shows the contacts\' numbers too', async () => {
		const r = await w.ok('POST', `/api/v1/residents/${elder.id}/reveal`, { cookie: head.cookie, body: { reason: '联系家属' } });
		assert.equal(r.emergency_phone, '13900000002');
		assert.equal(r.carer_phone, '02162345678');
		assert.equal(r.phone, '13800000001');
	});
});
