// Managing users over the API (admin only), and the audit of each change.

import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { describe, it, before, after } from 'node:test';
import {
	tmpdir, initDb, startServer, api, login, assertError, listAll, uniqueName,
} from './lib/harness.mjs';

function assertNoSecrets(r, password) {
	assert.ok(!r.text.includes(password), `the password is not echoed: ${r.text}`);
	assert.ok(!/"[^"]*(pass|hash)[^"]*"\s*:/i.test(r.text), `no password or hash field: ${r.text}`);
	assert.ok(!r.text.includes('$argon2'), `no argon2 hash: ${r.text}`);
}

describe('users', () => {
	let server, url, admin;
	const w = { username: uniqueName('newworker'), password: 'new-worker-pass', role: 'worker', scope: ['310107015028', '310107015029'] };
	let created;

	before(async () => {
		const dir = await tmpdir();
		const { db } = await initDb(dir, { adminPassword: 'users-admin-1' });
		server = await startServer({ db });
		url = server.url;
		admin = await login(url, 'admin', 'users-admin-1');
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('POST /users creates a user (201) without echoing the password', async () => {
		const r = await api(url, 'POST', '/api/v1/users', { cookie: admin, body: w });
		assert.equal(r.status, 201, r.text);
		assert.ok(Number.isInteger(r.json.id) && r.json.id > 0, `integer id: ${r.text}`);
		assert.equal(r.json.username, w.username);
		assert.equal(r.json.role, 'worker');
		assert.deepEqual([...r.json.scope].sort(), [...w.scope].sort());
		assert.equal(r.json.disabled, false);
		assertNoSecrets(r, w.password);
		assert.equal(r.headers.get('location'), `/api/v1/users/${r.json.id}`);
		created = r.json;
		// and the user can log in
		const c = await login(url, w.username, w.password);
		const me = await api(url, 'GET', '/api/v1/me', { cookie: c });
		assert.equal(me.json.id, created.id);
	});

	it('a taken user name is 409 conflict', async () => {
		const r = await api(url, 'POST', '/api/v1/users', { cookie: admin, body: { ...w, password: 'other-pass-123' } });
		assertError(r, 409, 'conflict');
		// the original password still logs in: nothing was overwritten
		await login(url, w.username, w.password);
	});

	it('GET /users lists it, GET /users/{id} reads it', async () => {
		const items = await listAll(url, '/api/v1/users', admin);
		const mine = items.find((u) => u.id === created.id);
		assert.ok(mine, 'the new user is listed');
		assert.equal(mine.username, w.username);
		assert.ok(items.some((u) => u.username === 'admin'), 'admin is listed');
		const page = await api(url, 'GET', '/api/v1/users', { cookie: admin });
		assert.ok('next_cursor' in page.json, page.text);
		assertNoSecrets(page, w.password);

		const one = await api(url, 'GET', `/api/v1/users/${created.id}`, { cookie: admin });
		assert.equal(one.status, 200, one.text);
		assert.deepEqual(one.json, created);
		assertNoSecrets(one, w.password);
	});

	it('an unknown id is 404', async () => {
		assertError(await api(url, 'GET', '/api/v1/users/999999', { cookie: admin }), 404, 'not_found');
		assertError(await api(url, 'PATCH', '/api/v1/users/999999', { cookie: admin, body: { disabled: true } }), 404, 'not_found');
	});

	it('PATCH disabled:true locks the user out and ends its sessions', async () => {
		const session = await login(url, w.username, w.password);
		const r = await api(url, 'PATCH', `/api/v1/users/${created.id}`, { cookie: admin, body: { disabled: true } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.disabled, true);
		assert.equal(r.json.username, w.username);
		const res = await api(url, 'POST', '/api/v1/session', { body: { username: w.username, password: w.password } });
		assert.equal(res.status, 401, res.text);
		assert.equal(res.cookie, null);
		assertError(await api(url, 'GET', '/api/v1/me', { cookie: session }), 401, 'unauthorized');
		const one = await api(url, 'GET', `/api/v1/users/${created.id}`, { cookie: admin });
		assert.equal(one.json.disabled, true);
	});

	it('PATCH role and scope', async () => {
		const r = await api(url, 'PATCH', `/api/v1/users/${created.id}`,
			{ cookie: admin, body: { role: 'street', scope: ['310107015'], disabled: false } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.role, 'street');
		assert.deepEqual(r.json.scope, ['310107015']);
		assert.equal(r.json.disabled, false);
		const c = await login(url, w.username, w.password);
		const me = await api(url, 'GET', '/api/v1/me', { cookie: c });
		assert.equal(me.json.role, 'street');
		assert.deepEqual(me.json.scope, ['310107015']);
		// the new scope is in force
		assert.equal((await api(url, 'GET', '/api/v1/areas/310107015', { cookie: c })).status, 200);
	});

	it('PATCH with a role that does not fit the scope, or an unknown field, changes nothing', async () => {
		const bad = await api(url, 'PATCH', `/api/v1/users/${created.id}`, { cookie: admin, body: { role: 'worker' } });
		assert.equal(bad.status, 400, `a worker cannot have a street as scope: ${bad.text}`);
		assertError(bad, 400, 'bad_field');
		assert.ok(['role', 'scope'].includes(bad.json.error.field), bad.text);
		assertError(await api(url, 'PATCH', `/api/v1/users/${created.id}`, { cookie: admin, body: { password_hash: 'x' } }),
			400, 'bad_field', 'password_hash');
		const one = await api(url, 'GET', `/api/v1/users/${created.id}`, { cookie: admin });
		assert.equal(one.json.role, 'street');
		assert.deepEqual(one.json.scope, ['310107015']);
	});

	it('POST a user whose scope does not fit the role is 400', async () => {
		const r = await api(url, 'POST', '/api/v1/users', {
			cookie: admin,
			body: { username: uniqueName('mismatch'), password: 'mismatch-pass-1', role: 'street', scope: ['310107015028'] },
		});
		assertError(r, 400, 'bad_field', 'scope');
	});

	it('PATCH with no member is 400, a malformed id is 400 bad_path', async () => {
		assertError(await api(url, 'PATCH', `/api/v1/users/${created.id}`, { cookie: admin, body: {} }), 400, 'bad_field');
		assertError(await api(url, 'GET', '/api/v1/users/abc', { cookie: admin }), 400, 'bad_path', 'id');
		assertError(await api(url, 'GET', '/api/v1/users/0', { cookie: admin }), 400, 'bad_path', 'id');
	});

	it('PATCH password sets a new password and ends the user\'s sessions', async () => {
		const session = await login(url, w.username, w.password);
		const r = await api(url, 'PATCH', `/api/v1/users/${created.id}`, { cookie: admin, body: { password: 'reset-by-admin-1' } });
		assert.equal(r.status, 200, r.text);
		assertNoSecrets(r, 'reset-by-admin-1');
		assertError(await api(url, 'GET', '/api/v1/me', { cookie: session }), 401, 'unauthorized');
		await login(url, w.username, 'reset-by-admin-1');
		w.password = 'reset-by-admin-1';
	});

	it('the audit log records each change with old and new values', async () => {
		const items = await listAll(url, '/api/v1/audit', admin);
		const details = items.map((i) => i.detail).filter((d) => d && typeof d === 'object');
		assert.ok(details.some((d) => isDeepStrictEqual(d, { disabled: { old: false, new: true } })),
			`an entry with detail {"disabled":{"old":false,"new":true}}: ${JSON.stringify(items.map((i) => i.detail))}`);
		const roleChange = details.find((d) => d.role && d.role.old === 'worker' && d.role.new === 'street');
		assert.ok(roleChange, `an entry with the role change: ${JSON.stringify(items.map((i) => i.detail))}`);
		assert.deepEqual(roleChange.scope?.new, ['310107015'], `the scope change: ${JSON.stringify(roleChange)}`);
		assert.deepEqual([...(roleChange.scope?.old || [])].sort(), [...w.scope].sort());
		assert.deepEqual(roleChange.disabled, { old: true, new: false });
		// the refused PATCHes left no change entries behind
		assert.ok(!details.some((d) => d.role && d.role.new === 'worker'), 'a refused change is not audited as done');
		assert.ok(!JSON.stringify(items).includes(w.password), 'no password in the audit log');
		assert.ok(!JSON.stringify(items).includes('new-worker-pass'), 'no password in the audit log');
	});
});
