// Times and dates (docs/api.md, "Times and dates"): a bare date in a query is
// the Shanghai day on every endpoint, `to` included whole, so that /audit and
// /issues read the same `from`/`to` the same way.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, todayShanghai, addDays } from './lib/register-fixture.mjs';

describe('times and dates: one rule for from and to', () => {
	let env, url, c, fx, D, T;
	const made = {};
	const ids = async (path) => {
		const r = await api(url, 'GET', path, { cookie: c.admin });
		assert.equal(r.status, 200, `${path}: ${r.text}`);
		return r.json.items;
	};
	const issueIds = async (q) => (await ids(`/api/v1/issues?limit=500&${q}`)).map((i) => i.id).sort();
	/* The issues whose accept step the audit shows, by id. */
	const auditIssueIds = async (q) => (await ids(`/api/v1/audit?limit=500&entity=issue&${q}`))
		.map((e) => Number(e.entity_id)).sort();

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		T = todayShanghai();
		// D is two days back, so that D+1 00:10 Shanghai is surely past (on
		// 2026-12-03 it is 2026-12-01, the example of issue 13).
		D = addDays(T, -2);
		const create = async (key, receivedAt) => {
			const body = { channel: 'office', category: 'repairs', description: `times ${key}`,
				household_id: fx.household('h20-101').id };
			if (receivedAt) body.received_at = receivedAt;
			const r = await api(url, 'POST', '/api/v1/issues', { cookie: c.workerA, body });
			assert.equal(r.status, 201, `${key}: ${r.text}`);
			made[key] = r.json;
		};
		await create('inside', `${D}T23:30:00+08:00`);
		await create('outside', `${addDays(D, 1)}T00:10:00+08:00`);
		await create('now', null);
		const accept = await api(url, 'POST', `/api/v1/issues/${made.now.id}/events`,
			{ cookie: c.workerA, body: { action: 'accept' } });
		assert.equal(accept.status, 201, accept.text);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	it('/issues: 23:30 +08:00 on D is inside to=D, 00:10 +08:00 the next day is not', async () => {
		const day = await issueIds(`from=${D}&to=${D}`);
		assert.ok(day.includes(made.inside.id), `inside in ${day}`);
		assert.ok(!day.includes(made.outside.id), `outside not in ${day}`);
		const upTo = await issueIds(`to=${D}`);
		assert.ok(upTo.includes(made.inside.id));
		assert.ok(!upTo.includes(made.outside.id));
		const next = await issueIds(`from=${addDays(D, 1)}&to=${addDays(D, 1)}`);
		assert.ok(next.includes(made.outside.id));
		assert.ok(!next.includes(made.inside.id));
		// The same day written as UTC instants: 16:00Z the day before up to 16:00Z.
		assert.deepEqual(await issueIds(`from=${addDays(D, -1)}T16:00:00Z&to=${D}T15:59:59Z`), day);
	});

	it('/audit reads the same bare dates as /issues: the Shanghai day, to included', async () => {
		// The accept step was written now, today in Shanghai (T).
		const day = await auditIssueIds(`from=${T}&to=${T}`);
		assert.ok(day.includes(made.now.id), `the accept of today in ${day}`);
		assert.ok((await issueIds(`from=${T}&to=${T}`)).includes(made.now.id));
		assert.ok((await auditIssueIds(`to=${T}`)).includes(made.now.id));
		assert.ok(!(await auditIssueIds(`to=${addDays(T, -1)}`)).includes(made.now.id));
		assert.ok(!(await auditIssueIds(`from=${addDays(T, 1)}`)).includes(made.now.id));
		assert.ok(!(await issueIds(`to=${addDays(T, -1)}`)).includes(made.now.id));
		assert.deepEqual(await auditIssueIds(`from=${addDays(T, -1)}T16:00:00Z&to=${T}T15:59:59Z`), day);
	});

	it('the same refusals on both', async () => {
		for (const path of ['/api/v1/audit', '/api/v1/issues']) {
			assertError(await api(url, 'GET', `${path}?from=2026-02-29`, { cookie: c.admin }), 400, 'bad_query', 'from');
			assertError(await api(url, 'GET', `${path}?to=2026-12-01T24:00:00Z`, { cookie: c.admin }), 400, 'bad_query', 'to');
			assertError(await api(url, 'GET', `${path}?to=2026-12-01T10:00:00`, { cookie: c.admin }), 400, 'bad_query', 'to');
			assertError(await api(url, 'GET', `${path}?from=2026-12-02&to=2026-12-01`, { cookie: c.admin }), 400, 'bad_query', 'to');
			assert.equal((await api(url, 'GET', `${path}?from=2024-02-29&to=2024-02-29`, { cookie: c.admin })).status, 200);
		}
	});
});
