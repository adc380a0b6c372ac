// The browser suite's world: a fresh database, the register fixture of the
// end-to-end suite, a grid for committee A with a worker, a reception roster,
// users for every role, and a server that serves web/.

import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO, tmpdir, initDb, addUser, startServer, api, login, uniqueName } from '../../e2e/lib/harness.mjs';
import { buildFixture, COMMITTEES, STREET, ADMIN, todayShanghai } from '../../e2e/lib/register-fixture.mjs';

export { api, login, COMMITTEES, STREET, todayShanghai };

/** Starts the world (serving WEB, web/ by default); returns {server, url, users, cookies, fx, grid}. */
export async function startWorld({ web = path.join(REPO, 'web') } = {}) {
	const dir = await tmpdir();
	const { db } = await initDb(dir, { adminPassword: ADMIN.password });
	const users = {
		admin: { username: 'admin', password: ADMIN.password },
		worker: { username: uniqueName('xiaowang'), role: 'worker', scope: [COMMITTEES.A.code], password: 'worker-pass-12' },
		head: { username: uniqueName('shuji'), role: 'committee_head', scope: [COMMITTEES.A.code], password: 'head-pass-1234' },
		street: { username: uniqueName('jiedao'), role: 'street', scope: [STREET], password: 'street-pass-12' },
		district: { username: uniqueName('quli'), role: 'district', scope: ['310107'], password: 'district-pass-1' },
	};
	for (const [k, u] of Object.entries(users)) if (k !== 'admin') addUser(db, u);
	const server = await startServer({ db, web });
	const url = server.url;
	const cookies = {};
	for (const [k, u] of Object.entries(users)) cookies[k] = await login(url, u.username, u.password);
	const fx = await buildFixture(url, cookies.admin);
	const me = async (k) => (await api(url, 'GET', '/api/v1/me', { cookie: cookies[k] })).json;
	for (const k of Object.keys(users)) users[k].id = (await me(k)).id;

	// a grid of committee A: buildings 20号 and 21号 of 普雄小区, owned by the worker
	const b20 = fx.building('A1-20').id;
	const b21 = fx.building('A1-21').id;
	const g = await api(url, 'POST', '/api/v1/grids', {
		cookie: cookies.head, body: { committee_code: COMMITTEES.A.code, name: '普雄一网格', building_ids: [b20, b21], household_ids: [] },
	});
	assert.equal(g.status, 201, g.text);
	const a = await api(url, 'POST', `/api/v1/grids/${g.json.id}/assignments`, {
		cookie: cookies.head, body: { worker_id: users.worker.id, start_on: addDaysISO(todayShanghai(), -30) },
	});
	assert.equal(a.status, 201, a.text);
	const month = todayShanghai().slice(0, 7);
	const r = await api(url, 'POST', '/api/v1/reception/roster', { cookie: cookies.head, body: { committee_code: COMMITTEES.A.code, month } });
	assert.ok(r.status === 200 || r.status === 201, r.text);
	return { dir, db, server, url, users, cookies, fx, grid: g.json };
}

function addDaysISO(d, n) {
	const t = new Date(d + 'T00:00:00Z');
	t.setUTCDate(t.getUTCDate() + n);
	return t.toISOString().slice(0, 10);
}
