// Residents' problems: the figures (GET /api/v1/reports/issues) against values
// computed by hand on a fixture built here, with intake times set back by
// received_at so that the durations are known (docs/issues.md, "Figures").

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, login, uniqueName } from './lib/harness.mjs';
import { startRegister, COMMITTEES, STREET, OTHER_STREET } from './lib/register-fixture.mjs';

const DISTRICT = '310107';
const H = 3600e3;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** The Shanghai date of a time. */
const dayOf = (ms) => new Date(ms + 8 * H).toISOString().slice(0, 10);

/* The quantile the server uses: linear between ranks, position (n - 1) p. */
function quantile(values, p) {
	const v = [...values].sort((a, b) => a - b);
	const h = (v.length - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, v.length - 1);
	return v[lo] + (h - lo) * (v[hi] - v[lo]);
}

describe('issues: the figures', () => {
	let env, url, c, fx, t0;
	const made = {};

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		const u = { username: uniqueName('workerC'), password: 'worker-c-pass-1', role: 'worker', scope: [COMMITTEES.C.code] };
		assert.equal((await api(url, 'POST', '/api/v1/users', { cookie: c.admin, body: u })).status, 201);
		c.workerC = await login(url, u.username, u.password);
		t0 = Date.now();
		const create = async (key, cookie, body, hoursAgo) => {
			const r = await api(url, 'POST', '/api/v1/issues', {
				cookie, body: { channel: 'office', description: key, ...body, received_at: iso(t0 - hoursAgo * H) },
			});
			assert.equal(r.status, 201, `${key}: ${r.text}`);
			made[key] = r.json;
		};
		const step = async (cookie, key, body) => {
			const r = await api(url, 'POST', `/api/v1/issues/${made[key].id}/events`, { cookie, body });
			assert.equal(r.status, 201, `${key} ${body.action}: ${r.text}`);
			made[key] = r.json;
			return r.json;
		};
		const A1 = fx.compound('A1').id;
		await create('I1', c.workerA, { category: 'repairs', household_id: fx.household('h20-101').id }, 10);
		await step(c.workerA, 'I1', { action: 'accept' });
		await step(c.workerA, 'I1', { action: 'resolve', note: 'ok' });
		await create('I2', c.workerA, { category: 'repairs', building_id: fx.building('A1-20').id }, 20);
		await step(c.workerA, 'I2', { action: 'accept' });
		await step(c.workerA, 'I2', { action: 'start' });
		await step(c.workerA, 'I2', { action: 'resolve', note: 'ok' });
		await step(c.workerA, 'I2', { action: 'feedback', satisfaction: 5 });
		await create('I3', c.workerA, { category: 'noise', compound_id: fx.compound('A2').id }, 30);
		await step(c.workerA, 'I3', { action: 'accept' });
		await step(c.workerA, 'I3', { action: 'start' });
		await create('I4', c.workerB, { category: 'repairs', compound_id: fx.compound('B1').id }, 40);
		await step(c.workerB, 'I4', { action: 'accept' });
		const res = await step(c.workerB, 'I4', { action: 'resolve', note: 'ok' });
		const fb = await api(url, 'POST', res.feedback_link.path, { body: { satisfaction: 2 } });
		assert.equal(fb.status, 200, fb.text);
		await create('I5', c.workerB, { category: 'safety', committee_code: COMMITTEES.B.code }, 60 * 24);
		await create('I6', c.workerA, { category: 'lift', compound_id: A1 }, 5);
		await step(c.headA, 'I6', { action: 'escalate', reason: '需街道协调' });
		await step(c.street, 'I6', { action: 'accept' });
		await create('I7', c.workerA, { category: 'repairs', compound_id: A1 }, 60 * 24);
		await step(c.workerA, 'I7', { action: 'accept' });
		await step(c.workerA, 'I7', { action: 'resolve', note: 'late' });
		await step(c.workerA, 'I7', { action: 'close' });
		// outside the street: another street; outside the window: 120 days ago
		await create('X1', c.workerC, { category: 'noise', compound_id: fx.compound('C1').id }, 3);
		await create('X2', c.workerA, { category: 'repairs', compound_id: A1 }, 120 * 24);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const report = async (cookie, qs) => {
		const r = await api(url, 'GET', `/api/v1/reports/issues?${qs}`, { cookie });
		assert.equal(r.status, 200, r.text);
		return r.json;
	};
	const near = (got, want, what, tol = 0.1) =>
		assert.ok(Math.abs(got - want) <= tol, `${what}: ${got}, want ${want} ± ${tol}`);
	const window = () => `from=${dayOf(t0 - 90 * 24 * H)}&to=${dayOf(t0)}`;

	it('counts, durations, on-time share, satisfaction and hotspots of a street', async () => {
		const f = await report(c.street, `area=${STREET}&${window()}`);
		assert.deepEqual(f.area, { code: STREET, name: '长寿路街道', level: 'street' });
		assert.equal(f.from, dayOf(t0 - 90 * 24 * H));
		assert.equal(f.to, dayOf(t0));
		assert.equal(f.total, 7);
		assert.deepEqual(f.by_status, { received: 1, accepted: 1, in_progress: 1, resolved: 2, closed: 1, reopened: 1 });
		assert.deepEqual(f.by_level, { committee: 6, street: 1, district: 0 });
		const cats = Object.fromEntries(f.by_category.map((x) => [x.category, x.count]));
		assert.deepEqual(cats, {
			lift: 1, ebike_charging: 0, group_rental: 0, garbage: 0, safety: 1, elderly_care: 0, repairs: 4,
			neighbour_dispute: 0, sanitation: 0, noise: 1, other: 0,
		});
		const area = (code) => f.by_area.find((x) => x.code === code);
		assert.deepEqual(area(COMMITTEES.A.code), { code: COMMITTEES.A.code, name: '普雄路居委会', level: 'committee', total: 5, open: 2, overdue: 0 });
		assert.deepEqual(area(COMMITTEES.B.code), { code: COMMITTEES.B.code, name: '安全里居委会', level: 'committee', total: 2, open: 2, overdue: 1 });
		assert.ok(f.by_area.length > 2, 'every committee of the street is listed');
		assert.equal(f.by_area.reduce((s, x) => s + x.total, 0), 7);
		assert.equal(f.escalated, 1);
		assert.equal(f.overdue_open, 1);
		// hours to accept: I6 5, I1 10, I2 20, I3 30, I4 40, I7 1440
		const accept = [5, 10, 20, 30, 40, 1440];
		assert.equal(f.hours_to_accept.count, 6);
		near(f.hours_to_accept.median, quantile(accept, 0.5), 'median hours to accept'); // 25
		near(f.hours_to_accept.p90, quantile(accept, 0.9), 'p90 hours to accept'); // 740
		assert.equal(quantile(accept, 0.5), 25);
		assert.equal(quantile(accept, 0.9), 740);
		// hours to resolve, resolved or closed only: I1 10, I2 20, I7 1440 (I4 was reopened)
		assert.equal(f.hours_to_resolve.count, 3);
		near(f.hours_to_resolve.median, 20, 'median hours to resolve');
		near(f.hours_to_resolve.p90, 1156, 'p90 hours to resolve'); // 20 + 0.8 * 1420
		assert.equal(f.resolved, 3);
		assert.equal(f.resolved_on_time, 2, 'I7 was resolved 60 days after intake');
		assert.equal(f.on_time_share, 0.6667);
		assert.deepEqual(f.satisfaction, { count: 2, mean: 3.5 });
		assert.deepEqual(f.hotspots.map((h) => [h.category, h.compound_name, h.count]), [
			['lift', fx.compound('A1').name, 1],
			['repairs', fx.compound('A1').name, 3],
			['repairs', fx.compound('B1').name, 1],
			['noise', fx.compound('A2').name, 1],
		]);
		const h = f.hotspots[1];
		assert.deepEqual(h, { category: 'repairs', category_name: '物业维修', compound_id: fx.compound('A1').id,
			compound_name: fx.compound('A1').name, committee_code: COMMITTEES.A.code, count: 3 });
	});

	it('a district sees its streets; a committee its own figures; the window filters', async () => {
		const d = await report(c.admin, `area=${DISTRICT}&${window()}`);
		assert.equal(d.total, 8);
		assert.equal(d.by_area.find((x) => x.code === STREET).total, 7);
		assert.equal(d.by_area.find((x) => x.code === OTHER_STREET).total, 1);
		assert.equal(d.hotspots.filter((x) => x.category === 'noise').length, 2);
		const a = await report(c.workerA, window()); // the worker's one committee by default
		assert.equal(a.area.code, COMMITTEES.A.code);
		assert.equal(a.total, 5);
		assert.deepEqual(a.by_area, []);
		const all = await report(c.workerA, `from=${dayOf(t0 - 200 * 24 * H)}&to=${dayOf(t0)}`);
		assert.equal(all.total, 6, 'X2 counts in a window that reaches back 120 days');
		const day = dayOf(t0 - 60 * 24 * H);
		const sixty = await report(c.street, `area=${STREET}&from=${day}&to=${day}`);
		assert.equal(sixty.total, 2, 'I5 and I7 were taken in that day');
		assert.equal(sixty.resolved, 1);
		assert.equal(sixty.resolved_on_time, 0);
		assert.equal(sixty.on_time_share, 0);
		assert.deepEqual(sixty.satisfaction, { count: 0, mean: null });
		const empty = await report(c.street, `area=${STREET}&from=2026-01-01&to=2026-01-02`);
		assert.equal(empty.total, 0);
		assert.deepEqual(empty.hours_to_accept, { count: 0, median: null, p90: null });
		assert.equal(empty.on_time_share, null);
		assert.deepEqual(empty.hotspots, []);
	});

	it('refuses areas outside the jurisdiction and bad dates', async () => {
		assertError(await api(url, 'GET', `/api/v1/reports/issues?area=${STREET}`, { cookie: c.workerA }), 404, 'not_found', 'area');
		assertError(await api(url, 'GET', `/api/v1/reports/issues?area=${OTHER_STREET}`, { cookie: c.street }), 404, 'not_found', 'area');
		assertError(await api(url, 'GET', '/api/v1/reports/issues?area=999', { cookie: c.admin }), 404, 'not_found', 'area');
		assertError(await api(url, 'GET', '/api/v1/reports/issues?from=2026-02-30', { cookie: c.street }), 400, 'bad_query', 'from');
		assertError(await api(url, 'GET', '/api/v1/reports/issues?from=2026-05-02&to=2026-05-01', { cookie: c.street }), 400, 'bad_query', 'to'); // one rule for every period (docs/api.md, "Times and dates")
		assertError(await api(url, 'GET', '/api/v1/reports/issues'), 401, 'unauthorized');
	});
});
