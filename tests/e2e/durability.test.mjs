// A write answered 2xx is on disk: SIGKILL loses none of them, whether the
// kill comes right after the last answer or with other writes in flight.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { tmpdir, initDb, startServer, api, login, listAll, uniqueName } from './lib/harness.mjs';

const ADMIN_PASSWORD = 'durable-admin-1';

function newUser(stem) {
	return { username: uniqueName(stem), password: `${stem}-pass-123`, role: 'worker', scope: ['310107015028'] };
}

describe('durability', () => {
	let db, server;

	before(async () => {
		const dir = await tmpdir();
		({ db } = await initDb(dir, { adminPassword: ADMIN_PASSWORD }));
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('20 users answered 201 survive a SIGKILL right after the last answer', async () => {
		server = await startServer({ db });
		const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
		const users = [];
		for (let i = 0; i < 20; i++) {
			const u = newUser('seq');
			const r = await api(server.url, 'POST', '/api/v1/users', { cookie, body: u });
			if (i === 19) server.kill9Now();
			assert.equal(r.status, 201, r.text);
			users.push(u);
		}
		const e = await server.kill9();
		assert.equal(e.signal, 'SIGKILL', `the server was killed, not stopped: ${JSON.stringify(e)}`);

		server = await startServer({ db });
		const c = await login(server.url, 'admin', ADMIN_PASSWORD);
		const names = new Set((await listAll(server.url, '/api/v1/users', c)).map((u) => u.username));
		for (const u of users) assert.ok(names.has(u.username), `${u.username} survived`);
		await login(server.url, users[19].username, users[19].password);
		await login(server.url, users[0].username, users[0].password);
		await server.stop();
		server = null;
	});

	it('every create answered 201 survives a SIGKILL with writes in flight', async () => {
		if (server) await server.kill9(); // left over by a failure above
		server = await startServer({ db });
		const killed = server;
		const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
		const users = Array.from({ length: 30 }, () => newUser('conc'));
		const answered = [];
		const results = await Promise.allSettled(users.map(async (u) => {
			const r = await api(killed.url, 'POST', '/api/v1/users', { cookie, body: u });
			if (r.status === 201) {
				answered.push(u);
				if (answered.length === 10) killed.kill9Now();
			}
			return r.status;
		}));
		await killed.kill9();
		assert.ok(answered.length >= 10, `at least 10 creates were answered 201 (got ${answered.length}): ` +
			JSON.stringify(results.map((r) => r.status === 'fulfilled' ? r.value : String(r.reason?.cause?.code || r.reason))));
		for (const r of results) {
			if (r.status === 'fulfilled') assert.equal(r.value, 201, 'every answer before the kill was 201');
		}

		server = await startServer({ db });
		const c = await login(server.url, 'admin', ADMIN_PASSWORD);
		const names = new Set((await listAll(server.url, '/api/v1/users', c)).map((u) => u.username));
		for (const u of answered) assert.ok(names.has(u.username), `${u.username} was answered 201 and survived`);
		const last = answered[answered.length - 1];
		await login(server.url, last.username, last.password);
		// the database is consistent: health check and a fresh write work
		assert.equal((await api(server.url, 'GET', '/healthz')).json.status, 'ok');
		const after = await api(server.url, 'POST', '/api/v1/users', { cookie: c, body: newUser('after') });
		assert.equal(after.status, 201, after.text);
		await server.stop();
		server = null;
	});
});
