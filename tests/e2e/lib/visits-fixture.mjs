// Helpers for the grids-and-visits end-to-end tests (docs/visits.md): a
// server with an admin, users made through the API, a small register built
// piece by piece, the working-day calendar of Mainland China written out
// independently of the server's data, and the plan fixture shared by the
// plan and the calendar-feed tests, whose right answers are written out by
// hand below (relative to "today" in Asia/Shanghai, so that nothing rots).

import assert from 'node:assert/strict';
import {
	tmpdir, initDb, startServer, api, login, uniqueName,
} from './harness.mjs';
import {
	todayShanghai, addDays, COMMITTEES, STREET, OTHER_STREET, create,
} from './register-fixture.mjs';

export { todayShanghai, addDays, COMMITTEES, STREET, OTHER_STREET, create };

export const ADMIN = { username: 'admin', password: 'visits-admin-123' };

// ---------------------------------------------------------------------------
// Dates and the working-day calendar

/** The State Council's calendars for 2025 and 2026 (国务院办公厅关于部分节假日
 * 安排的通知): 'h' a weekday off, 'w' a weekend day worked (调休).  Written
 * out here from the notices, not read from the server. */
export const CALENDAR_EXCEPTIONS = (() => {
	const out = {};
	const hol = (from, to) => { for (let d = from; d <= to; d = addDays(d, 1)) out[d] = 'h'; };
	const work = (...ds) => { for (const d of ds) out[d] = 'w'; };
	// 2025
	hol('2025-01-01', '2025-01-01');
	hol('2025-01-28', '2025-02-04'); work('2025-01-26', '2025-02-08');
	hol('2025-04-04', '2025-04-06');
	hol('2025-05-01', '2025-05-05'); work('2025-04-27');
	hol('2025-05-31', '2025-06-02');
	hol('2025-10-01', '2025-10-08'); work('2025-09-28', '2025-10-11');
	// 2026
	hol('2026-01-01', '2026-01-03'); work('2026-01-04');
	hol('2026-02-15', '2026-02-23'); work('2026-02-14', '2026-02-28');
	hol('2026-04-04', '2026-04-06');
	hol('2026-05-01', '2026-05-05'); work('2026-05-09');
	hol('2026-06-19', '2026-06-21');
	hol('2026-09-25', '2026-09-27');
	hol('2026-10-01', '2026-10-07'); work('2026-09-20', '2026-10-10');
	return out;
})();

/** Day of the week of 'YYYY-MM-DD', 0 = Sunday. */
export function weekday(date) {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Whether DATE is a working day in Mainland China (as far as the notices above go). */
export function isWorkday(date) {
	const e = CALENDAR_EXCEPTIONS[date];
	if (e === 'h') return false;
	if (e === 'w') return true;
	const wd = weekday(date);
	return wd !== 0 && wd !== 6;
}

/** Days from A to B. */
export function daysBetween(a, b) {
	const t = (s) => { const [y, m, d] = s.split('-').map(Number); return Date.UTC(y, m - 1, d); };
	return Math.round((t(b) - t(a)) / 86400000);
}

/** An RFC 3339 time on DATE at HH:MM(:SS) in Asia/Shanghai. */
export function at(date, hhmm = '10:00') {
	return `${date}T${hhmm.length === 5 ? hhmm + ':00' : hhmm}+08:00`;
}

/** The most recent date at or before FROM (going back) for which PRED holds,
 * never before LIMIT (a date). */
export function lastDayBefore(from, pred, limit) {
	for (let d = from; d >= limit; d = addDays(d, -1)) if (pred(d)) return d;
	assert.fail(`no day from ${from} back to ${limit} fits`);
}

/** The first date at or after FROM for which PRED holds (within 60 days). */
export function firstDayFrom(from, pred) {
	for (let i = 0, d = from; i < 60; i++, d = addDays(d, 1)) if (pred(d)) return d;
	assert.fail(`no day in 60 from ${from} fits`);
}

// ---------------------------------------------------------------------------
// A server and the things in it

/** A fresh database and server with the admin logged in.  Returns a world:
 * {dir, db, server, url, admin (cookie), today} and builders. */
export async function startVisits() {
	const dir = await tmpdir();
	const { db } = await initDb(dir, { adminPassword: ADMIN.password });
	const server = await startServer({ db });
	const url = server.url;
	const admin = await login(url, ADMIN.username, ADMIN.password);
	return new World({ dir, db, server, url, admin });
}

export class World {
	constructor({ dir, db, server, url, admin }) {
		Object.assign(this, { dir, db, server, url, admin });
		this.today = todayShanghai();
	}

	async stop() { await this.server.stop(); }

	/** Any request; returns the harness answer. */
	req(method, path, { cookie = this.admin, body } = {}) {
		return api(this.url, method, path, { cookie, body });
	}

	/** A request that must answer STATUS (default 200); returns the JSON. */
	async ok(method, path, { cookie = this.admin, body, status = 200 } = {}) {
		const r = await api(this.url, method, path, { cookie, body });
		assert.equal(r.status, status, `${method} ${path} ${body ? JSON.stringify(body) : ''} → ${r.status} ${r.text}`);
		return r.json;
	}

	get(path, cookie = this.admin) { return this.ok('GET', path, { cookie }); }

	/** A user made by the admin through the API, logged in:
	 * {id, username, password, role, scope, cookie}. */
	async user(stem, role, scope) {
		const u = { username: uniqueName(stem), password: `${stem}-pass-1234`, role, scope: [].concat(scope) };
		const made = await this.ok('POST', '/api/v1/users', {
			body: { username: u.username, password: u.password, role, scope: u.scope }, status: 201,
		});
		assert.ok(Number.isInteger(made.id), `POST /api/v1/users: no id: ${JSON.stringify(made)}`);
		u.id = made.id;
		u.cookie = await login(this.url, u.username, u.password);
		return u;
	}

	async compound(committee_code, name, kind = 'old_public') {
		const c = await create(this.url, this.admin, '/api/v1/compounds', { committee_code, name, kind });
		return { ...c, name, committee_code };
	}

	async building(compound, label) {
		const b = await create(this.url, this.admin, '/api/v1/buildings', { compound_id: compound.id, label });
		return { ...b, label, compound };
	}

	/** A household; TAGS on the household itself; STATUS moved_out set after. */
	async household(building, room, { tags, status } = {}) {
		const body = { building_id: building.id, room };
		if (tags) body.tags = tags;
		const h = await create(this.url, this.admin, '/api/v1/households', body);
		if (status && status !== 'active') {
			await this.ok('PATCH', `/api/v1/households/${h.id}`, { body: { status } });
		}
		return {
			id: h.id, room, building, committee_code: building.compound.committee_code,
			address: `${building.compound.name} ${building.label} ${room}`,
			residents: [],
		};
	}

	/** A resident of HOUSEHOLD with TAGS; a STATUS other than living is set after. */
	async resident(household, name, { tags, status } = {}) {
		const body = { household_id: household.id, name };
		if (tags) body.tags = tags;
		const r = await create(this.url, this.admin, '/api/v1/residents', body);
		if (status && status !== 'living') {
			await this.ok('PATCH', `/api/v1/residents/${r.id}`, {
				body: { status, status_date: addDays(this.today, -30) },
			});
		}
		const out = { id: r.id, name, household_id: household.id, status: status || 'living' };
		household.residents.push(out);
		return out;
	}

	async grid(cookie, body) {
		return this.ok('POST', '/api/v1/grids', { cookie, body, status: 201 });
	}

	async assign(cookie, gridId, body) {
		return this.ok('POST', `/api/v1/grids/${gridId}/assignments`, { cookie, body, status: 201 });
	}

	/** Records a visit as COOKIE; asserts 201. */
	async visit(cookie, body) {
		return this.ok('POST', '/api/v1/visits', { cookie, body: { channel: 'home', ...body }, status: 201 });
	}
}

// ---------------------------------------------------------------------------
// The plan fixture (docs/visits.md, "The policy" and "Today's plan")

export const A = COMMITTEES.A.code; // 普雄路居委会, 长寿路街道
export const B = COMMITTEES.B.code; // 安全里居委会, 长寿路街道

/**
 * Committee A, two compounds created in the opposite of walking order
 * (普雄10村 first, then 普雄2村; buildings 10号 before 2号), grid G1 of the
 * three buildings owned by w1 since T-400, grid G2 of one household (P13,
 * placed singly although its building is in G1) owned by w2.
 *
 *  key  place                 tags (household / living residents)     last visit   follow-up
 *  P1   普雄2村 10号 201       独居老人 (7)                             T-10
 *  P2   普雄2村 2号 1201       household 困难家庭 (30)                  T-30
 *  P3   普雄2村 2号 301        老党员 (90)                              T-40         T-2
 *  P4   普雄2村 2号 101        none (365)                               never
 *  P5   普雄2村 2号 401        独居老人 (7)                             T-3
 *  P6   普雄2村 10号 202       老党员 and (another resident) 独居老人   T-7
 *  P7   普雄2村 10号 301       household 困难家庭 (30)                  T-29
 *  P8   普雄2村 2号 501        老党员 (90)                              T-50         T+60
 *  P9   普雄10村 3号楼 601     none (365)                               T-366
 *  P10  普雄10村 3号楼 602     独居老人 on a deceased resident; none    T-20
 *  P11  普雄2村 2号 102        moved out                                never
 *  P12  普雄10村 3号楼 地下室  none, floor unknown                      never
 *  P13  普雄2村 2号 201 (G2)   none                                     never
 */
export async function buildPlanFixture(w) {
	const T = w.today;
	const headA = await w.user('headA', 'committee_head', A);
	const w1 = await w.user('w1', 'worker', A);
	const w2 = await w.user('w2', 'worker', A);
	const workerB = await w.user('workerB', 'worker', B);

	const x10 = await w.compound(A, '普雄10村');
	const x2 = await w.compound(A, '普雄2村');
	const b10 = await w.building(x2, '10号');
	const b2 = await w.building(x2, '2号');
	const b3 = await w.building(x10, '3号楼');

	const H = {};
	H.P9 = await w.household(b3, '601');
	await w.resident(H.P9, '胡一');
	H.P1 = await w.household(b10, '201');
	await w.resident(H.P1, '张桂兰', { tags: ['独居老人'] });
	H.P12 = await w.household(b3, '地下室');
	await w.resident(H.P12, '胡二');
	H.P2 = await w.household(b2, '1201', { tags: ['困难家庭'] });
	await w.resident(H.P2, '刘明');
	H.P3 = await w.household(b2, '301');
	await w.resident(H.P3, '王建国', { tags: ['老党员'] });
	H.P6 = await w.household(b10, '202');
	await w.resident(H.P6, '李建华', { tags: ['老党员'] });
	await w.resident(H.P6, '李奶奶', { tags: ['独居老人'] });
	H.P4 = await w.household(b2, '101');
	await w.resident(H.P4, '陈一');
	H.P5 = await w.household(b2, '401');
	await w.resident(H.P5, '周美华', { tags: ['独居老人'] });
	H.P7 = await w.household(b10, '301', { tags: ['困难家庭'] });
	await w.resident(H.P7, '吴二');
	H.P8 = await w.household(b2, '501');
	await w.resident(H.P8, '郑老', { tags: ['老党员'] });
	H.P10 = await w.household(b3, '602');
	await w.resident(H.P10, '钱老', { tags: ['独居老人'], status: 'deceased' });
	await w.resident(H.P10, '钱小');
	H.P11 = await w.household(b2, '102', { status: 'moved_out' });
	H.P13 = await w.household(b2, '201');
	await w.resident(H.P13, '孙三');

	const g1 = await w.grid(headA.cookie, {
		committee_code: A, name: '一网格', building_ids: [b2.id, b10.id, b3.id], household_ids: [],
	});
	const g2 = await w.grid(headA.cookie, {
		committee_code: A, name: '二网格', building_ids: [], household_ids: [H.P13.id],
	});
	await w.assign(headA.cookie, g1.id, { worker_id: w1.id, start_on: addDays(T, -400) });
	await w.assign(headA.cookie, g2.id, { worker_id: w2.id, start_on: addDays(T, -400) });

	const visits = [
		['P1', -10], ['P2', -30], ['P3', -40, -2], ['P5', -3], ['P6', -7], ['P7', -29],
		['P8', -50, 60], ['P9', -366], ['P10', -20],
	];
	for (const [k, days, fu] of visits) {
		const body = { household_id: H[k].id, visited_at: at(addDays(T, days), '10:00'), channel: 'home' };
		if (fu !== undefined) body.follow_up_on = addDays(T, fu);
		await w.visit(w1.cookie, body);
	}
	return { T, users: { headA, w1, w2, workerB }, H, grids: { g1, g2 }, buildings: { b2, b10, b3 } };
}

/** One expected plan item, written out by hand: key, reason, interval,
 * tags, last visit (days from T or null), follow-up (days or null),
 * due_on (days or null), days_overdue. */
function item(key, reason, interval, tags, last, fu, due, overdue) {
	return { key, reason, interval, tags, last, fu, due, overdue };
}

/** The plan of w1 on T, in walking order. */
export const PLAN_TODAY = [
	item('P4', 'never_visited', 365, [], null, null, null, 0),
	item('P3', 'follow_up', 90, ['老党员'], -40, -2, -2, 2),
	item('P2', 'interval', 30, ['困难家庭'], -30, null, 0, 0),
	item('P1', 'interval', 7, ['独居老人'], -10, null, -3, 3),
	item('P6', 'interval', 7, ['老党员', '独居老人'], -7, null, 0, 0),
	item('P9', 'interval', 365, [], -366, null, -1, 1),
	item('P12', 'never_visited', 365, [], null, null, null, 0),
];

/** The plan of w1 on T+5 (overdue counted from T+5). */
export const PLAN_T5 = [
	item('P4', 'never_visited', 365, [], null, null, null, 0),
	item('P3', 'follow_up', 90, ['老党员'], -40, -2, -2, 7),
	item('P5', 'interval', 7, ['独居老人'], -3, null, 4, 1),
	item('P2', 'interval', 30, ['困难家庭'], -30, null, 0, 5),
	item('P1', 'interval', 7, ['独居老人'], -10, null, -3, 8),
	item('P6', 'interval', 7, ['老党员', '独居老人'], -7, null, 0, 5),
	item('P7', 'interval', 30, ['困难家庭'], -29, null, 1, 4),
	item('P9', 'interval', 365, [], -366, null, -1, 6),
	item('P12', 'never_visited', 365, [], null, null, null, 0),
];

/** The plan of w1 on T once committee A sets 独居老人 to 3 days and everyone else ('*') to 15. */
export const PLAN_TODAY_POLICY = [
	item('P4', 'never_visited', 15, [], null, null, null, 0),
	item('P3', 'follow_up', 90, ['老党员'], -40, -2, -2, 2),
	item('P5', 'interval', 3, ['独居老人'], -3, null, 0, 0),
	item('P2', 'interval', 30, ['困难家庭'], -30, null, 0, 0),
	item('P1', 'interval', 3, ['独居老人'], -10, null, -7, 7),
	item('P6', 'interval', 3, ['老党员', '独居老人'], -7, null, -4, 4),
	item('P9', 'interval', 15, [], -366, null, -351, 351),
	item('P10', 'interval', 15, [], -20, null, -5, 5),
	item('P12', 'never_visited', 15, [], null, null, null, 0),
];

/** The households the calendar feed of w1 holds on T: the plan of T (on T)
 * and those falling due within 14 days (on their day): P7 on T+1, P5 on T+4;
 * P8 (T+40) and P10 (T+345) are too far. {key: days from T}. */
export const FEED_TODAY = { P4: 0, P3: 0, P2: 0, P1: 0, P6: 0, P9: 0, P12: 0, P7: 1, P5: 4 };
