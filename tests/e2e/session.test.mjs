// Logging in and out, the session cookie, lock-out after failed logins,
// changing one's own password, and the audit trail of logins.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import {
	tmpdir, initDb, addUser, startServer, api, login, assertError, listAll, setCookies, uniqueName,
} from './lib/harness.mjs';

describe('sessions', () => {
	let server, url, adminCookie;
	const admin = { username: 'admin', password: 'session-admin-1' };
	const alice = { username: uniqueName('alice'), role: 'worker', scope: ['310107015028'], password: 'alice-pass-1' };
	const locky = { username: uniqueName('locky'), role: 'worker', scope: ['310107015028'], password: 'locky-pass-1' };
	const bob = { username: uniqueName('bob'), role: 'committee_head', scope: ['310107015028'], password: 'bob-pass-123' };
	const pw = { username: uniqueName('pwuser'), role: 'street', scope: ['310107015'], password: 'pwuser-pass-1' };
	let failedLogins = 0; // 401 answers to logins in this file

	before(async () => {
		const dir = await tmpdir();
		const { db } = await initDb(dir, { adminPassword: admin.password });
		for (const u of [alice, locky, bob, pw]) addUser(db, u);
		server = await startServer({ db });
		url = server.url;
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('login sets an HttpOnly, SameSite=Strict session cookie', async () => {
		const r = await api(url, 'POST', '/api/v1/session', { body: { username: alice.username, password: alice.password } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.user.username, alice.username);
		assert.equal(r.json.user.role, 'worker');
		assert.equal(r.json.gate_id, null, 'not a gate account');
		assert.deepEqual(r.json.user.scope, alice.scope);
		assert.ok(!/pass|hash/i.test(JSON.stringify(Object.keys(r.json.user))), `no password fields: ${r.text}`);
		const sc = setCookies(r.headers).find((c) => c.startsWith('sibai_session='));
		assert.ok(sc, `Set-Cookie sibai_session: ${setCookies(r.headers)}`);
		const attrs = sc.split(';').map((s) => s.trim());
		assert.match(attrs[0], /^sibai_session=[A-Za-z0-9_-]{43}$/, `token is 256 bits base64url: ${attrs[0]}`);
		const lower = attrs.slice(1).map((a) => a.toLowerCase());
		assert.ok(lower.includes('httponly'), `HttpOnly: ${sc}`);
		assert.ok(lower.includes('samesite=strict'), `SameSite=Strict: ${sc}`);
		assert.ok(lower.includes('path=/'), `Path=/: ${sc}`);
		assert.ok(lower.includes('max-age=43200'), `Max-Age=43200: ${sc}`);
	});

	it('GET /me answers the logged-in user', async () => {
		const cookie = await login(url, alice.username, alice.password);
		const r = await api(url, 'GET', '/api/v1/me', { cookie });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.username, alice.username);
		assert.equal(r.json.role, 'worker');
		assert.deepEqual(r.json.scope, ['310107015028']);
		assert.equal(r.json.disabled, false);
		assert.ok(Number.isInteger(r.json.id) && r.json.id > 0, `integer id: ${r.text}`);
		assert.ok(!/pass|hash/i.test(JSON.stringify(Object.keys(r.json))), `no password fields: ${r.text}`);
	});

	it('GET /me without a session is 401 unauthorized', async () => {
		assertError(await api(url, 'GET', '/api/v1/me'), 401, 'unauthorized');
	});

	it('GET /me with a garbage or forged cookie is 401', async () => {
		assertError(await api(url, 'GET', '/api/v1/me', { cookie: 'sibai_session=garbage' }), 401, 'unauthorized');
		assertError(await api(url, 'GET', '/api/v1/me', { cookie: `sibai_session=${'A'.repeat(43)}` }), 401, 'unauthorized');
		assertError(await api(url, 'GET', '/api/v1/me', { cookie: 'sibai_session=' }), 401, 'unauthorized');
	});

	it('a wrong password and an unknown user get the identical 401', async () => {
		const wrong = await api(url, 'POST', '/api/v1/session', { body: { username: bob.username, password: 'not-bobs-pass' } });
		failedLogins++;
		assertError(wrong, 401, 'invalid_credentials');
		assert.equal(wrong.cookie, null, 'no cookie on a failed login');
		const unknown = await api(url, 'POST', '/api/v1/session', { body: { username: uniqueName('nobody'), password: 'not-bobs-pass' } });
		failedLogins++;
		assertError(unknown, 401, 'invalid_credentials');
		assert.equal(unknown.json.error.code, wrong.json.error.code);
		assert.equal(unknown.json.error.message, wrong.json.error.message);
		assert.equal(unknown.json.error.message_zh, wrong.json.error.message_zh);
		assert.equal(unknown.json.error.field, wrong.json.error.field);
		assert.equal(unknown.text, wrong.text, 'bodies are byte-identical');
	});

	it('logout answers 204, clears the cookie and ends the session', async () => {
		const cookie = await login(url, alice.username, alice.password);
		assert.equal((await api(url, 'GET', '/api/v1/me', { cookie })).status, 200);
		const out = await api(url, 'DELETE', '/api/v1/session', { cookie });
		assert.equal(out.status, 204, out.text);
		assert.equal(out.text, '');
		const sc = setCookies(out.headers).find((c) => c.startsWith('sibai_session='));
		assert.ok(sc, 'logout sends a Set-Cookie that clears sibai_session');
		const expired = /max-age=0\b/i.test(sc) ||
			(/expires=([^;]+)/i.test(sc) && Date.parse(/expires=([^;]+)/i.exec(sc)[1]) < Date.now());
		assert.ok(expired, `cookie is expired: ${sc}`);
		assertError(await api(url, 'GET', '/api/v1/me', { cookie }), 401, 'unauthorized');
		assertError(await api(url, 'DELETE', '/api/v1/session', { cookie }), 401, 'unauthorized');
	});

	it('logout without a session is 401', async () => {
		assertError(await api(url, 'DELETE', '/api/v1/session'), 401, 'unauthorized');
	});

	it('5 failed logins lock the name out, even with the right password; other names are unaffected', async () => {
		for (let i = 0; i < 5; i++) {
			const r = await api(url, 'POST', '/api/v1/session', { body: { username: locky.username, password: `wrong-pass-${i}` } });
			assertError(r, 401, 'invalid_credentials');
			failedLogins++;
		}
		const r = await api(url, 'POST', '/api/v1/session', { body: { username: locky.username, password: locky.password } });
		assertError(r, 429, 'too_many_attempts');
		assert.equal(r.cookie, null, 'no session for a locked-out name');
		const ra = r.headers.get('retry-after');
		assert.ok(ra !== null && /^\d+$/.test(ra) && Number(ra) > 0 && Number(ra) <= 900, `Retry-After in seconds: ${ra}`);
		// still locked on the next try
		const again = await api(url, 'POST', '/api/v1/session', { body: { username: locky.username, password: locky.password } });
		assertError(again, 429, 'too_many_attempts');
		// another user logs in fine
		const cookie = await login(url, bob.username, bob.password);
		assert.equal((await api(url, 'GET', '/api/v1/me', { cookie })).json.username, bob.username);
	});

	it('PATCH /me/password checks the old password and ends the other sessions', async () => {
		const c1 = await login(url, pw.username, pw.password);
		const c2 = await login(url, pw.username, pw.password);
		const wrong = await api(url, 'PATCH', '/api/v1/me/password',
			{ cookie: c1, body: { old_password: 'not-the-old-pass', new_password: 'pwuser-pass-2' } });
		assert.ok(wrong.status === 400 || wrong.status === 401, `wrong old password: ${wrong.status} ${wrong.text}`);
		if (wrong.status === 400) assertError(wrong, 400, 'bad_field', 'old_password');
		else assertError(wrong, 401, wrong.json?.error?.code);
		// the old password still works: nothing changed
		assert.equal((await api(url, 'GET', '/api/v1/me', { cookie: c1 })).status, 200, 'session survives a wrong old password');

		const short = await api(url, 'PATCH', '/api/v1/me/password',
			{ cookie: c1, body: { old_password: pw.password, new_password: 'short' } });
		assertError(short, 400, 'bad_field', 'new_password');

		const ok = await api(url, 'PATCH', '/api/v1/me/password',
			{ cookie: c1, body: { old_password: pw.password, new_password: 'pwuser-pass-2' } });
		assert.equal(ok.status, 204, ok.text);
		assert.equal((await api(url, 'GET', '/api/v1/me', { cookie: c1 })).status, 200, 'this session goes on');
		assertError(await api(url, 'GET', '/api/v1/me', { cookie: c2 }), 401, 'unauthorized');

		await login(url, pw.username, 'pwuser-pass-2');
		const old = await api(url, 'POST', '/api/v1/session', { body: { username: pw.username, password: pw.password } });
		assertError(old, 401, 'invalid_credentials');
		failedLogins++;
	});

	it('PATCH /me/password without a session is 401', async () => {
		assertError(await api(url, 'PATCH', '/api/v1/me/password',
			{ body: { old_password: 'x-old-pass-1', new_password: 'x-new-pass-1' } }), 401, 'unauthorized');
	});

	it('logins and failed logins are in the audit log', async () => {
		adminCookie = await login(url, admin.username, admin.password);
		const items = await listAll(url, '/api/v1/audit', adminCookie);
		const actions = items.map((i) => i.action);
		assert.ok(actions.includes('login'), `a login entry: ${[...new Set(actions)]}`);
		const failed = actions.filter((a) => a === 'login_failed').length;
		assert.ok(failed >= failedLogins, `${failed} login_failed entries, expected at least ${failedLogins}`);
		const lockyFails = items.filter((i) => i.action === 'login_failed' && i.username === locky.username);
		assert.ok(lockyFails.length >= 5, `the 5 failed logins of ${locky.username} name the user: ${lockyFails.length}`);
		const lockyId = (await listAll(url, '/api/v1/users', adminCookie)).find((u) => u.username === locky.username).id;
		assert.ok(lockyFails.every((i) => i.user_id === null || i.user_id === lockyId));
		assert.ok(items.some((i) => i.action === 'logout'), 'the logout is audited');
		const logins = actions.filter((a) => a === 'login').length;
		assert.ok(logins >= 8, `at least the 8 logins of this file are logged, got ${logins}`);
		// the audit log never holds a password
		const text = JSON.stringify(items);
		for (const p of [alice.password, locky.password, pw.password, 'pwuser-pass-2', 'not-bobs-pass', 'wrong-pass-0']) {
			assert.ok(!text.includes(p), `audit log does not contain the password ${p}`);
		}
	});
});
