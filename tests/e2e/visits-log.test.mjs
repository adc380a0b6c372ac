// The visit log (docs/visits.md, "Visits"): who may record a visit to which
// household, what bad input gets (a clear error, nothing changed), the
// author's corrections for 24 hours with their history, and the list.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import { startVisits, addDays, at, isWorkday, lastDayBefore, A, B } from './lib/visits-fixture.mjs';

describe('visits: the log', () => {
	let w, T;
	let headA, w1, w2, workerB, headB;
	let h1, h2, h3, hB, r1, r2, r3, rB;
	let G1, G2;
	let v1; // w1's first visit to h1

	before(async () => {
		w = await startVisits();
		T = w.today;
		headA = await w.user('headA', 'committee_head', A);
		w1 = await w.user('w1', 'worker', A);
		w2 = await w.user('w2', 'worker', A);
		workerB = await w.user('workerB', 'worker', B);
		headB = await w.user('headB', 'committee_head', B);
		const x = await w.compound(A, '普雄小区');
		const b1 = await w.building(x, '1号');
		const b2 = await w.building(x, '2号');
		h1 = await w.household(b1, '101');
		r1 = await w.resident(h1, '王一');
		r2 = await w.resident(h1, '王二');
		h3 = await w.household(b1, '102');
		h2 = await w.household(b2, '201');
		r3 = await w.resident(h2, '李三');
		const y = await w.compound(B, '安全里公寓');
		const bB = await w.building(y, '8号');
		hB = await w.household(bB, '101');
		rB = await w.resident(hB, '赵四');
		G1 = await w.grid(headA.cookie, { committee_code: A, name: '一网格', building_ids: [b1.id], household_ids: [] });
		G2 = await w.grid(headA.cookie, { committee_code: A, name: '二网格', building_ids: [b2.id], household_ids: [] });
		await w.assign(headA.cookie, G1.id, { worker_id: w1.id, start_on: addDays(T, -400) });
		await w.assign(headA.cookie, G2.id, { worker_id: w2.id, start_on: addDays(T, -400) });
		const Gb = await w.grid(headB.cookie, { committee_code: B, name: '一网格', building_ids: [bB.id], household_ids: [] });
		await w.assign(headB.cookie, Gb.id, { worker_id: workerB.id, start_on: addDays(T, -400) });
	});
	after(async () => {
		if (w) await w.stop();
	});

	const count = async (householdId) => (await w.get(`/api/v1/visits?household_id=${householdId}&limit=500`)).items.length;
	const post = (cookie, body) => w.req('POST', '/api/v1/visits', { cookie, body: { channel: 'home', ...body } });

	it('a worker records a visit to a household of their grid: 201 with every field', async () => {
		const body = {
			household_id: h1.id, channel: 'home', residents_met: [r1.id],
			observed: '屋内整洁，燃气灶老化', heard: '腿脚不便，下楼困难', asked: '希望加装扶手',
			needs: '联系物业加装楼道扶手', follow_up_on: addDays(T, 7), services: ['配药', '政策宣传'],
		};
		const r = await w.req('POST', '/api/v1/visits', { cookie: w1.cookie, body });
		assert.equal(r.status, 201, r.text);
		v1 = r.json;
		assert.ok(Number.isInteger(v1.id));
		assert.equal(r.headers.get('location'), `/api/v1/visits/${v1.id}`);
		assert.equal(v1.household_id, h1.id);
		assert.equal(v1.committee_code, A);
		assert.equal(v1.worker_id, w1.id);
		assert.equal(v1.worker_name, w1.username);
		assert.equal(v1.channel, 'home');
		assert.deepEqual(v1.residents_met, [r1.id]);
		assert.equal(v1.observed, body.observed);
		assert.equal(v1.heard, body.heard);
		assert.equal(v1.asked, body.asked);
		assert.equal(v1.needs, body.needs);
		assert.equal(v1.follow_up_on, body.follow_up_on);
		assert.deepEqual(v1.issue_ids, []);
		assert.deepEqual(v1.services, ['配药', '政策宣传']);
		// visited_at defaults to now; visited_on is its date in Asia/Shanghai
		assert.ok(Math.abs(Date.parse(v1.visited_at) - Date.now()) < 120000, `visited_at ${v1.visited_at} is now`);
		assert.equal(v1.visited_on, T);
		assert.deepEqual(await w.get(`/api/v1/visits/${v1.id}`, w1.cookie), v1);
	});

	it('visited_at given with +08:00 or Z: visited_on is the date in Asia/Shanghai', async () => {
		const d = addDays(T, -3);
		const a = await w.visit(w1.cookie, { household_id: h3.id, visited_at: at(d, '00:30'), channel: 'phone' });
		assert.equal(a.visited_on, d);
		assert.equal(Date.parse(a.visited_at), Date.parse(at(d, '00:30')));
		// 23:30 UTC is 07:30 the next day in Shanghai
		const b = await w.visit(w1.cookie, { household_id: h3.id, visited_at: `${addDays(d, -1)}T23:30:00Z`, channel: 'street' });
		assert.equal(b.visited_on, d);
		const c = await w.visit(w1.cookie, { household_id: h3.id, visited_at: `${addDays(d, -1)}T15:59:59Z`, channel: 'online' });
		assert.equal(c.visited_on, addDays(d, -1));
	});

	it('another grid\'s household: 403 naming household_id, nothing recorded', async () => {
		const n = await count(h2.id);
		assertError(await post(w1.cookie, { household_id: h2.id }), 403, 'forbidden', 'household_id');
		assertError(await post(w1.cookie, { household_id: h2.id, visited_at: at(addDays(T, -20)) }), 403, 'forbidden', 'household_id');
		// the grid was not w1's before w1's assignment began either
		assertError(await post(w2.cookie, { household_id: h2.id, visited_at: at(addDays(T, -401)) }), 403, 'forbidden', 'household_id');
		assert.equal(await count(h2.id), n);
	});

	it('the reception-duty worker that day may visit any household of the committee; a head may too', async () => {
		const D = lastDayBefore(addDays(T, -1), isWorkday, addDays(T, -30));
		const D2 = lastDayBefore(addDays(D, -1), isWorkday, addDays(T, -40));
		await w.ok('PUT', `/api/v1/reception/roster/${D}`, { cookie: headA.cookie, body: { committee_code: A, worker_id: w1.id } });
		await w.ok('PUT', `/api/v1/reception/roster/${D2}`, { cookie: headA.cookie, body: { committee_code: A, worker_id: w2.id } });
		const onDuty = await post(w1.cookie, { household_id: h2.id, visited_at: at(D, '11:00'), channel: 'office' });
		assert.equal(onDuty.status, 201, onDuty.text);
		assert.equal(onDuty.json.worker_id, w1.id);
		assert.equal(onDuty.json.visited_on, D);
		assertError(await post(w1.cookie, { household_id: h2.id, visited_at: at(D2, '11:00') }), 403, 'forbidden', 'household_id');
		const head = await post(headA.cookie, { household_id: h2.id, channel: 'phone' });
		assert.equal(head.status, 201, head.text);
		assert.equal(head.json.worker_id, headA.id);
		// a street user (above a head) too
		const street = await w.user('street', 'street', '310107015');
		const s = await post(street.cookie, { household_id: h2.id, channel: 'phone' });
		assert.equal(s.status, 201, s.text);
	});

	it('bad input is 400 naming the field, and records nothing', async () => {
		const n1 = await count(h1.id);
		const future = new Date(Date.now() + 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
		const cases = [
			[{ household_id: h1.id, visited_at: future }, 'visited_at', 'an hour from now'],
			[{ household_id: h1.id, visited_at: at(addDays(T, 1), '09:00') }, 'visited_at', 'tomorrow'],
			[{ household_id: h1.id, visited_at: 'yesterday' }, 'visited_at', 'not a time'],
			[{ household_id: h1.id, visited_at: `${addDays(T, -1)} 10:00:00` }, 'visited_at', 'not RFC 3339'],
			[{ household_id: h1.id, visited_at: at(addDays(T, -5)), follow_up_on: addDays(T, -6) }, 'follow_up_on', 'a follow-up before the visit'],
			[{ household_id: h1.id, follow_up_on: addDays(T, -1) }, 'follow_up_on', 'a follow-up before today\'s visit'],
			[{ household_id: h1.id, follow_up_on: '2026-02-30' }, 'follow_up_on', 'not a date'],
			[{ household_id: h1.id, channel: 'wechat' }, 'channel', 'an unknown channel'],
			[{ household_id: h1.id, channel: '入户' }, 'channel', 'the Chinese name is not the value'],
			[{ household_id: h1.id, residents_met: [r3.id] }, 'residents_met', 'a resident of another household'],
			[{ household_id: h1.id, residents_met: [r1.id, rB.id] }, 'residents_met', 'a resident of another committee'],
			[{ household_id: h1.id, residents_met: [99999999] }, 'residents_met', 'no such resident'],
			[{ household_id: h1.id, residents_met: ['王一'] }, 'residents_met', 'not ids'],
			[{ household_id: h1.id, observed: '望'.repeat(2001) }, 'observed', '2001 characters'],
			[{ household_id: h1.id, needs: 5 }, 'needs', 'not a string'],
			[{ household_id: h1.id, services: Array.from({ length: 21 }, (_, i) => `服务${i}`) }, 'services', '21 service tags'],
			[{ household_id: h1.id, colour: 'red' }, 'colour', 'an unknown field'],
			[{ household_id: hB.id }, 'household_id', 'a household of another committee'],
			[{ household_id: 99999999 }, 'household_id', 'no such household'],
			[{ household_id: 'h1' }, 'household_id', 'not an id'],
		];
		for (const [body, field, what] of cases) {
			assertError(await post(w1.cookie, body), 400, 'bad_field', field);
			assert.ok(true, what);
		}
		assertError(await w.req('POST', '/api/v1/visits', { cookie: w1.cookie, body: { household_id: h1.id } }),
			400, 'bad_field', 'channel');
		assertError(await w.req('POST', '/api/v1/visits', { cookie: w1.cookie, body: { channel: 'home' } }),
			400, 'bad_field', 'household_id');
		// 2000 characters are fine
		const ok = await post(w1.cookie, { household_id: h1.id, observed: '望'.repeat(2000), channel: 'phone' });
		assert.equal(ok.status, 201, ok.text);
		assert.equal(await count(h1.id), n1 + 1, 'only the good one was recorded');
		// B's worker: A's household does not exist for them
		assertError(await post(workerB.cookie, { household_id: h1.id }), 400, 'bad_field', 'household_id');
		// a follow-up on the day of the visit is fine
		const same = await post(w1.cookie, { household_id: h1.id, visited_at: at(addDays(T, -2)), follow_up_on: addDays(T, -2) });
		assert.equal(same.status, 201, same.text);
	});

	it('the author corrects a visit within 24 hours; every correction is in the history', async () => {
		const p = await w.ok('PATCH', `/api/v1/visits/${v1.id}`, {
			cookie: w1.cookie, body: { observed: '燃气灶已更换', residents_met: [r1.id, r2.id] },
		});
		assert.equal(p.observed, '燃气灶已更换');
		assert.deepEqual(p.residents_met, [r1.id, r2.id]);
		assert.equal(p.heard, v1.heard, 'fields not given are kept');
		assert.equal(p.follow_up_on, v1.follow_up_on);
		const p2 = await w.ok('PATCH', `/api/v1/visits/${v1.id}`, {
			cookie: w1.cookie, body: { follow_up_on: addDays(T, 14), channel: 'phone' },
		});
		assert.equal(p2.follow_up_on, addDays(T, 14));
		assert.equal(p2.channel, 'phone');
		assert.equal(p2.observed, '燃气灶已更换');

		const hist = await w.get(`/api/v1/visits/${v1.id}/history`, w1.cookie);
		assert.equal(hist.items.length, 2, JSON.stringify(hist));
		const [second, first] = hist.items; // newest first
		assert.equal(first.user_id, w1.id);
		assert.equal(first.username, w1.username);
		assert.deepEqual(first.changes.observed, { old: v1.observed, new: '燃气灶已更换' });
		assert.deepEqual(first.changes.residents_met, { old: [r1.id], new: [r1.id, r2.id] });
		assert.ok(!('heard' in first.changes), 'an unchanged field is not a change');
		assert.deepEqual(second.changes.follow_up_on, { old: addDays(T, 7), new: addDays(T, 14) });
		assert.deepEqual(second.changes.channel, { old: 'home', new: 'phone' });
		assert.ok(second.id > first.id);
	});

	it('a bad correction changes nothing; nobody else may correct (403)', async () => {
		const before = await w.get(`/api/v1/visits/${v1.id}`);
		const nh = (await w.get(`/api/v1/visits/${v1.id}/history`)).items.length;
		assertError(await w.req('PATCH', `/api/v1/visits/${v1.id}`, { cookie: w1.cookie, body: { channel: 'fax' } }),
			400, 'bad_field', 'channel');
		assertError(await w.req('PATCH', `/api/v1/visits/${v1.id}`, {
			cookie: w1.cookie, body: { follow_up_on: addDays(T, -1) },
		}), 400, 'bad_field', 'follow_up_on');
		assertError(await w.req('PATCH', `/api/v1/visits/${v1.id}`, {
			cookie: w1.cookie, body: { residents_met: [r3.id] },
		}), 400, 'bad_field', 'residents_met');
		assertError(await w.req('PATCH', `/api/v1/visits/${v1.id}`, {
			cookie: w1.cookie, body: { visited_at: at(addDays(T, 2)) },
		}), 400, 'bad_field', 'visited_at');
		for (const u of [w2, headA]) {
			assertError(await w.req('PATCH', `/api/v1/visits/${v1.id}`, { cookie: u.cookie, body: { observed: '改' } }),
				403, 'forbidden');
		}
		assertError(await w.req('PATCH', `/api/v1/visits/${v1.id}`, { cookie: workerB.cookie, body: { observed: '改' } }),
			404, 'not_found');
		assert.deepEqual(await w.get(`/api/v1/visits/${v1.id}`), before);
		assert.equal((await w.get(`/api/v1/visits/${v1.id}/history`)).items.length, nh);
	});

	let listed; // {a, b, c}: w2's three visits to h2, T-10, T-6, T-2, entered a, c, b
	const list = async (q, cookie = headA.cookie) => (await w.get(`/api/v1/visits?${q}&limit=500`, cookie)).items;
	const ids = (items) => items.map((v) => v.id).sort((x, y) => x - y);

	it('the list: filters by worker, household, committee and period; another committee sees none of it', async () => {
		const mk = async (days, hhmm) => (await w.visit(w2.cookie, {
			household_id: h2.id, visited_at: at(addDays(T, days), hhmm), channel: 'home',
		})).id;
		const a = await mk(-10, '09:00');
		const c = await mk(-2, '09:00');
		const b = await mk(-6, '15:00');
		listed = { a, b, c };

		const byW2 = await list(`worker_id=${w2.id}`);
		assert.deepEqual(ids(byW2), ids([{ id: a }, { id: b }, { id: c }]));
		assert.deepEqual(ids(await list(`worker_id=${w2.id}&from=${addDays(T, -6)}&to=${addDays(T, -2)}`)),
			ids([{ id: b }, { id: c }]), 'from and to are inclusive dates');
		assert.deepEqual(ids(await list(`worker_id=${w2.id}&from=${addDays(T, -9)}&to=${addDays(T, -3)}`)), [b]);

		const hh = await list(`household_id=${h2.id}`);
		assert.ok(hh.every((v) => v.household_id === h2.id));
		assert.equal(hh.length, 6, 'w2\'s three, w1 on duty, the head\'s, the street\'s');
		const all = await list(`committee_code=${A}`);
		assert.ok(all.every((v) => v.committee_code === A));
		assert.ok(all.some((v) => v.household_id === h1.id) && all.some((v) => v.household_id === h2.id));
		const w1h1 = await list(`worker_id=${w1.id}&household_id=${h1.id}`);
		assert.ok(w1h1.length >= 2 && w1h1.every((v) => v.worker_id === w1.id && v.household_id === h1.id));

		// B's worker sees none of A's visits
		const bv = await w.visit(workerB.cookie, { household_id: hB.id, channel: 'phone' });
		assert.deepEqual((await list(`committee_code=${A}`, workerB.cookie)), []);
		assert.deepEqual((await list(`household_id=${h1.id}`, workerB.cookie)), []);
		assert.deepEqual(ids(await list('from=2000-01-01', workerB.cookie)), [bv.id]);
		assertError(await w.req('GET', `/api/v1/visits/${v1.id}`, { cookie: workerB.cookie }), 404, 'not_found');
		assertError(await w.req('GET', `/api/v1/visits/${v1.id}/history`, { cookie: workerB.cookie }), 404, 'not_found');
		assert.ok(!(await list(`committee_code=${A}`)).some((v) => v.id === bv.id));

		// paging loses nothing and repeats nothing
		const pages = [];
		let cursor = null;
		for (let i = 0; i < 50; i++) {
			const r = await w.get(`/api/v1/visits?household_id=${h2.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headA.cookie);
			pages.push(...r.items.map((v) => v.id));
			cursor = r.next_cursor;
			if (cursor === null) break;
		}
		assert.deepEqual([...pages].sort((x, y) => x - y), ids(hh));

		assertError(await w.req('GET', '/api/v1/visits?from=2026-13-01', { cookie: headA.cookie }), 400, 'bad_query', 'from');
		assertError(await w.req('GET', '/api/v1/visits?to=yesterday', { cookie: headA.cookie }), 400, 'bad_query', 'to');
	});

	it('the list is newest first by the time of the visit, also across pages (a back-dated visit is not the newest)', async () => {
		const { a, b, c } = listed;
		assert.deepEqual((await list(`worker_id=${w2.id}`)).map((v) => v.id), [c, b, a],
			'T-2, T-6, T-10 (entered in the order T-10, T-2, T-6)');
		const hh = await list(`household_id=${h2.id}`);
		for (let i = 1; i < hh.length; i++) {
			assert.ok(Date.parse(hh[i - 1].visited_at) >= Date.parse(hh[i].visited_at),
				`newest first: ${hh[i - 1].visited_at} (#${hh[i - 1].id}) then ${hh[i].visited_at} (#${hh[i].id})`);
		}
		const pages = [];
		let cursor = null;
		for (let i = 0; i < 50; i++) {
			const r = await w.get(`/api/v1/visits?household_id=${h2.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headA.cookie);
			pages.push(...r.items.map((v) => v.id));
			cursor = r.next_cursor;
			if (cursor === null) break;
		}
		assert.deepEqual(pages, hh.map((v) => v.id), 'the pages in the same order');
	});
});
