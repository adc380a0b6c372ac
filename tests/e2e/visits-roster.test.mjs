// Reception duty (330工作法), docs/visits.md: one worker at the counter every
// working day of Mainland China (weekends and public holidays off, the
// exchanged weekend days worked), generated for a month in turn, edited by
// day; who is on today; how much visiting falls before 15:30.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import {
	startVisits, addDays, at, isWorkday, weekday, lastDayBefore, CALENDAR_EXCEPTIONS, A, B,
} from './lib/visits-fixture.mjs';

/** Every date of MONTH ('YYYY-MM'). */
function daysOf(month) {
	const out = [];
	for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) out.push(d);
	return out;
}

describe('visits: the reception roster', () => {
	let w, T;
	let headA, w1, w2, w3, workerB;
	let h1, h2;

	before(async () => {
		w = await startVisits();
		T = w.today;
		headA = await w.user('headA', 'committee_head', A);
		w1 = await w.user('w1', 'worker', A);
		w2 = await w.user('w2', 'worker', A);
		w3 = await w.user('w3', 'worker', A);
		workerB = await w.user('workerB', 'worker', B);
		// w3 leaves: a disabled worker is on no roster
		await w.ok('PATCH', `/api/v1/users/${w3.id}`, { body: { disabled: true } });
		const x = await w.compound(A, '普雄小区');
		const b1 = await w.building(x, '1号');
		const b2 = await w.building(x, '2号');
		h1 = await w.household(b1, '101');
		h2 = await w.household(b2, '201');
		const g1 = await w.grid(headA.cookie, { committee_code: A, name: '一网格', building_ids: [b1.id], household_ids: [] });
		const g2 = await w.grid(headA.cookie, { committee_code: A, name: '二网格', building_ids: [b2.id], household_ids: [] });
		await w.assign(headA.cookie, g1.id, { worker_id: w1.id, start_on: addDays(T, -400) });
		await w.assign(headA.cookie, g2.id, { worker_id: w2.id, start_on: addDays(T, -400) });
	});
	after(async () => {
		if (w) await w.stop();
	});

	const roster = (month, cookie = w1.cookie) => w.get(`/api/v1/reception/roster?committee_code=${A}&month=${month}`, cookie);

	/** A generated month: exactly its working days, one of the active workers each, in turn. */
	function checkGenerated(r, month, what) {
		const want = daysOf(month).filter(isWorkday);
		assert.deepEqual(r.items.map((i) => i.date), want, `${what}: exactly the working days of ${month}`);
		const workers = new Set(r.items.map((i) => i.worker_id));
		assert.deepEqual([...workers].sort(), [w1.id, w2.id].sort(), `${what}: the two active workers`);
		for (let i = 1; i < r.items.length; i++) {
			assert.notEqual(r.items[i].worker_id, r.items[i - 1].worker_id, `${what}: in turn (${r.items[i].date})`);
		}
		for (const i of r.items) {
			assert.equal(i.edited, false);
			assert.equal(i.worker_name, i.worker_id === w1.id ? w1.username : w2.username);
		}
	}

	it('generates October 2026: the 18 working days, none of the National Day holiday, the Saturday worked', async () => {
		const g = await w.ok('POST', '/api/v1/reception/roster', {
			cookie: headA.cookie, body: { committee_code: A, month: '2026-10' }, status: 201,
		});
		checkGenerated(g, '2026-10', 'POST');
		assert.equal(g.items.length, 18);
		const dates = g.items.map((i) => i.date);
		assert.ok(dates.includes('2026-10-10'), '2026-10-10 (a Saturday worked) is on the roster');
		for (let d = 1; d <= 7; d++) assert.ok(!dates.includes(`2026-10-0${d}`), `2026-10-0${d} is a holiday`);
		for (const d of dates) {
			assert.ok(![0, 6].includes(weekday(d)) || d === '2026-10-10', `${d}: no other weekend day`);
		}
		const counts = {};
		for (const i of g.items) counts[i.worker_id] = (counts[i.worker_id] || 0) + 1;
		assert.deepEqual(Object.values(counts), [9, 9]);
		checkGenerated(await roster('2026-10'), '2026-10', 'GET');
	});

	it('generates February 2026 around the Spring Festival', async () => {
		const g = await w.ok('POST', '/api/v1/reception/roster', {
			cookie: headA.cookie, body: { committee_code: A, month: '2026-02' }, status: 201,
		});
		checkGenerated(g, '2026-02', 'POST 2026-02');
		const dates = g.items.map((i) => i.date);
		assert.equal(dates.length, 16);
		assert.ok(dates.includes('2026-02-14') && dates.includes('2026-02-28'), 'the two Saturdays worked');
		for (let d = 15; d <= 23; d++) assert.ok(!dates.includes(`2026-02-${d}`), `2026-02-${d} is a holiday`);
	});

	it('the calendar the server keeps agrees with the State Council\'s', async () => {
		const c = await w.get('/api/v1/calendar?from=2026-09-01&to=2026-10-31', w1.cookie);
		const got = Object.fromEntries(c.items.map((i) => [i.date, i.kind === 'holiday' ? 'h' : 'w']));
		const want = Object.fromEntries(Object.entries(CALENDAR_EXCEPTIONS)
			.filter(([d]) => d >= '2026-09-01' && d <= '2026-10-31'));
		assert.deepEqual(got, want);
	});

	it('a head edits a day (edited: true); a day off or a stranger is 400; a worker may not (403)', async () => {
		const before = await roster('2026-10');
		const day = before.items.find((i) => i.date === '2026-10-12');
		const other = day.worker_id === w1.id ? w2 : w1;
		const p = await w.ok('PUT', '/api/v1/reception/roster/2026-10-12', {
			cookie: headA.cookie, body: { committee_code: A, worker_id: other.id },
		});
		assert.deepEqual(p, { date: '2026-10-12', worker_id: other.id, worker_name: other.username, edited: true });
		const after = await roster('2026-10');
		for (const i of after.items) {
			const b = before.items.find((x) => x.date === i.date);
			if (i.date === '2026-10-12') {
				assert.equal(i.worker_id, other.id);
				assert.equal(i.edited, true);
			} else {
				assert.deepEqual(i, b, `${i.date} unchanged`);
			}
		}
		// the exchanged Sunday before the holiday can be staffed too
		const s = await w.ok('PUT', '/api/v1/reception/roster/2026-09-20', {
			cookie: headA.cookie, body: { committee_code: A, worker_id: w1.id },
		});
		assert.equal(s.date, '2026-09-20');

		for (const d of ['2026-10-03', '2026-10-11', '2026-10-01', '2026-09-26']) {
			assertError(await w.req('PUT', `/api/v1/reception/roster/${d}`, {
				cookie: headA.cookie, body: { committee_code: A, worker_id: w1.id },
			}), 400, 'bad_field', 'date');
		}
		for (const id of [workerB.id, w3.id]) {
			assertError(await w.req('PUT', '/api/v1/reception/roster/2026-10-13', {
				cookie: headA.cookie, body: { committee_code: A, worker_id: id },
			}), 400, 'bad_field', 'worker_id');
		}
		assertError(await w.req('PUT', '/api/v1/reception/roster/2026-10-13', {
			cookie: w1.cookie, body: { committee_code: A, worker_id: w1.id },
		}), 403, 'forbidden');
		assertError(await w.req('POST', '/api/v1/reception/roster', {
			cookie: w1.cookie, body: { committee_code: A, month: '2026-10' },
		}), 403, 'forbidden');
		assertError(await w.req('POST', '/api/v1/reception/roster', {
			cookie: headA.cookie, body: { committee_code: A, month: '2026-13' },
		}), 400, 'bad_field', 'month');
		assert.deepEqual(await roster('2026-10'), after, 'the refused edits changed nothing');

		// generating again replaces the month, edits included
		const g = await w.ok('POST', '/api/v1/reception/roster', {
			cookie: headA.cookie, body: { committee_code: A, month: '2026-10' }, status: 201,
		});
		checkGenerated(g, '2026-10', 'POST again');
		assert.ok(!(await roster('2026-09')).items.some((i) => i.date !== '2026-09-20'), 'September untouched but for the one edit');
	});

	it('an admin updates the calendar; the roster follows it', async () => {
		// a month far enough ahead to be past the shipped data
		const month = addDays(T, 400).slice(0, 7);
		const days = daysOf(month);
		const off = days.find((d) => isWorkday(d) && CALENDAR_EXCEPTIONS[d] === undefined);
		const sat = days.find((d) => weekday(d) === 6 && CALENDAR_EXCEPTIONS[d] === undefined);
		assertError(await w.req('PUT', `/api/v1/calendar/${off}`, {
			cookie: headA.cookie, body: { kind: 'holiday', name: '测试假日' },
		}), 403, 'forbidden');
		assertError(await w.req('PUT', `/api/v1/calendar/${off}`, { body: { kind: 'weekend', name: '测试' } }),
			400, 'bad_field', 'kind');
		assert.deepEqual(await w.ok('PUT', `/api/v1/calendar/${off}`, { body: { kind: 'holiday', name: '测试假日' } }),
			{ date: off, workday: false });
		assert.deepEqual(await w.ok('PUT', `/api/v1/calendar/${sat}`, { body: { kind: 'workday', name: '测试调休' } }),
			{ date: sat, workday: true });
		try {
			const cal = await w.get(`/api/v1/calendar?from=${days[0]}&to=${days.at(-1)}`, w1.cookie);
			assert.deepEqual(cal.items.map((i) => [i.date, i.kind, i.name]).filter(([d]) => d === off || d === sat),
				[[off, 'holiday', '测试假日'], [sat, 'workday', '测试调休']].sort());
			const g = await w.ok('POST', '/api/v1/reception/roster', {
				cookie: headA.cookie, body: { committee_code: A, month }, status: 201,
			});
			const want = days.filter((d) => d !== off && (isWorkday(d) || d === sat));
			assert.deepEqual(g.items.map((i) => i.date), want);
			assert.equal((await w.get(`/api/v1/reception/today?committee_code=${A}&date=${off}`, w1.cookie)).workday, false);
			assert.equal((await w.get(`/api/v1/reception/today?committee_code=${A}&date=${sat}`, w1.cookie)).workday, true);
		} finally {
			await w.ok('PUT', `/api/v1/calendar/${off}`, { body: { kind: null } });
			await w.ok('PUT', `/api/v1/calendar/${sat}`, { body: { kind: null } });
		}
		assert.equal((await w.get(`/api/v1/reception/today?committee_code=${A}&date=${off}`, w1.cookie)).workday, true);
		assert.equal((await w.get(`/api/v1/reception/today?committee_code=${A}&date=${sat}`, w1.cookie)).workday, false);
	});

	it('who is on reception on a day', async () => {
		const r = await roster('2026-10');
		const on10 = r.items.find((i) => i.date === '2026-10-10');
		assert.deepEqual(await w.get(`/api/v1/reception/today?committee_code=${A}&date=2026-10-10`, w2.cookie), {
			committee_code: A, date: '2026-10-10', workday: true, worker_id: on10.worker_id, worker_name: on10.worker_name,
		});
		assert.deepEqual(await w.get(`/api/v1/reception/today?committee_code=${A}&date=2026-10-03`, w2.cookie), {
			committee_code: A, date: '2026-10-03', workday: false, worker_id: null, worker_name: null,
		});
		// today: generate this month and ask without a date
		const month = T.slice(0, 7);
		const g = await w.ok('POST', '/api/v1/reception/roster', {
			cookie: headA.cookie, body: { committee_code: A, month }, status: 201,
		});
		checkGenerated(g, month, `POST ${month}`);
		const mine = g.items.find((i) => i.date === T);
		const today = await w.get(`/api/v1/reception/today?committee_code=${A}`, w1.cookie);
		assert.equal(today.date, T);
		assert.equal(today.workday, isWorkday(T));
		assert.equal(today.worker_id, isWorkday(T) ? mine.worker_id : null);
		assert.equal(today.worker_name, isWorkday(T) ? mine.worker_name : null);
		// another committee's roster is not B's worker's business
		assertError(await w.req('GET', `/api/v1/reception/today?committee_code=${A}`, { cookie: workerB.cookie }),
			400, 'bad_query', 'committee_code');
	});

	it('the 15:30 report: visits on working days and how many began before 15:30', async () => {
		// a plain working day, an earlier one, a Sunday off — all recent
		const D1 = lastDayBefore(addDays(T, -1), (d) => isWorkday(d) && CALENDAR_EXCEPTIONS[d] === undefined, addDays(T, -30));
		const D2 = lastDayBefore(addDays(D1, -1), (d) => isWorkday(d) && CALENDAR_EXCEPTIONS[d] === undefined, addDays(T, -40));
		const S = lastDayBefore(addDays(T, -1), (d) => weekday(d) === 0 && !isWorkday(d), addDays(T, -30));
		for (const t of ['09:00', '15:00', '16:00']) {
			await w.visit(w1.cookie, { household_id: h1.id, visited_at: at(D1, t) });
		}
		await w.visit(w1.cookie, { household_id: h1.id, visited_at: at(S, '10:00') });
		await w.visit(w2.cookie, { household_id: h2.id, visited_at: at(D2, '15:29:59') });
		await w.visit(w2.cookie, { household_id: h2.id, visited_at: at(D2, '15:30:00') });

		const from = [D1, D2, S].sort()[0];
		const rep = await w.get(`/api/v1/reports/reception?area=${A}&from=${from}&to=${addDays(T, -1)}`, headA.cookie);
		assert.equal(rep.area, A);
		assert.equal(rep.from, from);
		assert.equal(rep.to, addDays(T, -1));
		const by = Object.fromEntries(rep.items.map((i) => [i.worker_id, i]));
		assert.deepEqual(Object.keys(by).map(Number).sort(), [w1.id, w2.id].sort());
		assert.equal(by[w1.id].username, w1.username);
		assert.equal(by[w1.id].visits, 3, `09:00, 15:00, 16:00 on ${D1}; not the Sunday ${S}`);
		assert.equal(by[w1.id].before_1530, 2);
		assert.ok(Math.abs(by[w1.id].before_1530_percent - 200 / 3) < 0.01, `${by[w1.id].before_1530_percent}`);
		assert.equal(by[w2.id].visits, 2);
		assert.equal(by[w2.id].before_1530, 1, '15:29:59 is before 15:30, 15:30:00 is not');
		assert.ok(Math.abs(by[w2.id].before_1530_percent - 50) < 0.01);

		// a period holding only the Sunday has no visits on working days
		const sun = await w.get(`/api/v1/reports/reception?area=${A}&from=${S}&to=${S}`, headA.cookie);
		assert.ok(sun.items.every((i) => i.visits === 0), JSON.stringify(sun));
		// the street sees it too; another committee's worker does not
		const street = await w.user('street', 'street', '310107015');
		const rs = await w.get(`/api/v1/reports/reception?from=${from}&to=${addDays(T, -1)}`, street.cookie);
		assert.equal(rs.area, '310107015');
		assert.equal(rs.items.find((i) => i.worker_id === w1.id)?.visits, 3);
		assertError(await w.req('GET', `/api/v1/reports/reception?area=${A}`, { cookie: workerB.cookie }), 404, 'not_found', 'area');
	});
});
