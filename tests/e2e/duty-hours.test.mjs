// Duties and gate shifts over night and weekends, with hours
// (docs/campaigns.md, "Hours"): a duty has a start and an end time of day; an
// end at or before the start is on the next day (a 24-hour gate shift from
// 08:00 to 08:00, a night patrol from 22:00 to 06:00); weekends are days like
// any other; the hours are computed and summed per worker in the day's
// report.  A duty made without times keeps the office day, 08:30 → 17:00.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import { startVisits, addDays, weekday, A } from './lib/visits-fixture.mjs';

describe('duties with hours, over night and weekends', () => {
	let w, head, g1, g2, b, SAT;

	before(async () => {
		w = await startVisits();
		head = await w.user('dhHead', 'committee_head', A);
		g1 = await w.user('dhGuard1', 'worker', A);
		g2 = await w.user('dhGuard2', 'worker', A);
		b = await w.building(await w.compound(A, '值守小区'), '1号');
		SAT = w.today;
		while (weekday(SAT) !== 6) SAT = addDays(SAT, 1);
	});
	after(async () => { if (w) await w.stop(); });

	const duty = (body) => w.req('POST', '/api/v1/duties', { cookie: head.cookie, body: { committee_code: A, worker_ids: [g1.id], building_ids: [b.id], ...body } });

	it('refuses a time that is not HH:MM, naming it; nothing is made', async () => {
		for (const [t, field] of [[{ start_time: '24:00' }, 'start_time'], [{ start_time: '8:00' }, 'start_time'],
			[{ end_time: '12:60' }, 'end_time'], [{ end_time: 800 }, 'end_time'], [{ start_time: 'ab:cd' }, 'start_time']]) {
			assertError(await duty({ date: SAT, kind: 'gate_shift', ...t }), 400, 'bad_field', field);
		}
		assertError(await duty({ date: SAT, kind: 'night' }), 400, 'bad_field', 'kind');
		const l = await w.get(`/api/v1/duties?committee_code=${A}&date=${SAT}`, head.cookie);
		assert.equal(l.items.length, 0);
	});

	it('a duty without times is the office day: 08:30 to 17:00, 8.5 hours', async () => {
		const r = await duty({ date: addDays(SAT, 2), kind: 'patrol' });
		assert.equal(r.status, 201, r.text);
		const d = r.json;
		assert.deepEqual([d.start_time, d.end_time, d.ends_next_day, d.hours], ['08:30', '17:00', false, 8.5]);
		assert.equal(d.starts_at, `${addDays(SAT, 2)}T00:30:00Z`);
		assert.equal(d.ends_at, `${addDays(SAT, 2)}T09:00:00Z`);
	});

	it('a 24-hour gate shift on a Saturday, and a night patrol over midnight', async () => {
		const gate = await duty({ date: SAT, kind: 'gate_shift', start_time: '08:00', end_time: '08:00', worker_ids: [g1.id, g2.id] });
		assert.equal(gate.status, 201, gate.text);
		assert.deepEqual([gate.json.hours, gate.json.ends_next_day], [24, true]);
		assert.equal(gate.json.starts_at, `${SAT}T00:00:00Z`);
		assert.equal(gate.json.ends_at, `${addDays(SAT, 1)}T00:00:00Z`);
		const night = await duty({ date: SAT, kind: 'patrol', start_time: '22:00', end_time: '06:00' });
		assert.equal(night.status, 201, night.text);
		assert.deepEqual([night.json.hours, night.json.ends_next_day, night.json.start_time, night.json.end_time], [8, true, '22:00', '06:00']);
		assert.equal(night.json.starts_at, `${SAT}T14:00:00Z`);
		assert.equal(night.json.ends_at, `${SAT}T22:00:00Z`);
		const mine = await w.get(`/api/v1/me/duties?date=${SAT}`, g2.cookie);
		assert.deepEqual(mine.items.map((d) => [d.kind, d.hours]), [['gate_shift', 24]]);
	});

	it('the day\'s report sums each worker\'s hours and counts the gate shift by kind', async () => {
		const day = await w.get(`/api/v1/reports/day?committee_code=${A}&date=${SAT}`, head.cookie);
		const hours = Object.fromEntries(day.workers.map((x) => [x.worker_id, x.duty_hours]));
		assert.deepEqual(hours, { [g1.id]: 32, [g2.id]: 24 });
		assert.deepEqual(day.by_kind.gate_shift, { duties: 1, done: 0 });
		assert.equal(day.duties_total, 2);
		const monday = await w.get(`/api/v1/reports/day?committee_code=${A}&date=${addDays(SAT, 2)}`, head.cookie);
		assert.deepEqual(monday.workers.map((x) => x.duty_hours), [8.5]);
	});
});
