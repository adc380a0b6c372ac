// Bad request bodies, media types and methods: each answers the documented
// error with the documented body shape, and changes nothing.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import {
	tmpdir, initDb, startServer, api, login, assertError, listAll, rawRequest, uniqueName,
} from './lib/harness.mjs';

const COMMITTEE = '310107015028';

/** A valid body for POST /api/v1/users, with a fresh name. */
function goodUser(extra = {}) {
	return { username: uniqueName('bi'), password: 'bad-input-pass-1', role: 'worker', scope: [COMMITTEE], ...extra };
}

function without(obj, key) {
	const o = { ...obj };
	delete o[key];
	return o;
}

function deep(n) {
	return `{"username":${'['.repeat(n)}${']'.repeat(n)},"password":"deep-pass-123"}`;
}

function invalidUtf8(prefix, suffix) {
	return Buffer.concat([Buffer.from(prefix, 'utf8'), Buffer.from([0xff, 0xfe]), Buffer.from(suffix, 'utf8')]);
}

/** A response from rawRequest, shaped like api()'s, for assertError. */
function fromRaw(r) {
	let json = null;
	try { json = JSON.parse(r.body); } catch { json = null; }
	return { status: r.status, headers: new Headers(r.headers), json, text: r.body, cookie: null };
}

describe('bad input', () => {
	let server, url, admin;

	before(async () => {
		const dir = await tmpdir();
		const { db } = await initDb(dir, { adminPassword: 'badinput-admin-1' });
		server = await startServer({ db });
		url = server.url;
		admin = await login(url, 'admin', 'badinput-admin-1');
	});
	after(async () => {
		if (server) await server.stop();
	});

	async function userNames() {
		return (await listAll(url, '/api/v1/users', admin)).map((u) => u.username).sort();
	}

	/** Runs SEND (which returns an api()-shaped answer), checks the error,
	 * and checks that the list of users is unchanged. */
	async function expectNoChange(send, status, code, field) {
		const before = await userNames();
		const r = await send();
		assertError(r, status, code, field);
		assert.equal(r.cookie, null, 'a refused request sets no cookie');
		assert.deepEqual(await userNames(), before, 'the users are unchanged');
		return r;
	}

	const postUsers = (opts) => () => api(url, 'POST', '/api/v1/users', { cookie: admin, ...opts });

	it('a valid create succeeds (the control for the cases below)', async () => {
		const r = await api(url, 'POST', '/api/v1/users', { cookie: admin, body: goodUser() });
		assert.equal(r.status, 201, r.text);
	});

	it('Content-Type application/json with a charset is accepted', async () => {
		const u = goodUser();
		const r = await api(url, 'POST', '/api/v1/users',
			{ cookie: admin, raw: JSON.stringify(u), headers: { 'content-type': 'application/json; charset=utf-8' } });
		assert.equal(r.status, 201, r.text);
	});

	it('malformed JSON is 400 bad_json', async () => {
		await expectNoChange(postUsers({ raw: '{"username":' }), 400, 'bad_json', null);
		await expectNoChange(postUsers({ raw: '' }), 400, 'bad_json', null);
		await expectNoChange(postUsers({ raw: `${JSON.stringify(goodUser())} trailing` }), 400, 'bad_json', null);
	});

	it('a body that is not an object is 400 bad_json', async () => {
		await expectNoChange(postUsers({ raw: JSON.stringify([goodUser()]) }), 400, 'bad_json', null);
		await expectNoChange(postUsers({ raw: 'null' }), 400, 'bad_json', null);
		await expectNoChange(postUsers({ raw: '"a string"' }), 400, 'bad_json', null);
	});

	it('invalid UTF-8 is 400 bad_json', async () => {
		const body = invalidUtf8(`{"username":"${uniqueName('utf')}`,
			`","password":"bad-input-pass-1","role":"worker","scope":["${COMMITTEE}"]}`);
		await expectNoChange(postUsers({ raw: body }), 400, 'bad_json', null);
	});

	it('JSON nested 100 levels deep is 400 bad_json', async () => {
		await expectNoChange(postUsers({ raw: deep(100) }), 400, 'bad_json', null);
	});

	it('a field of the wrong type is 400 bad_field naming it', async () => {
		await expectNoChange(postUsers({ body: goodUser({ role: 5 }) }), 400, 'bad_field', 'role');
		await expectNoChange(postUsers({ body: goodUser({ username: 12 }) }), 400, 'bad_field', 'username');
		await expectNoChange(postUsers({ body: goodUser({ scope: COMMITTEE }) }), 400, 'bad_field', 'scope');
		await expectNoChange(postUsers({ body: goodUser({ password: null }) }), 400, 'bad_field', 'password');
	});

	it('a missing field is 400 bad_field naming it', async () => {
		await expectNoChange(postUsers({ body: without(goodUser(), 'password') }), 400, 'bad_field', 'password');
		await expectNoChange(postUsers({ body: without(goodUser(), 'username') }), 400, 'bad_field', 'username');
	});

	it('an unknown field is 400 bad_field naming it', async () => {
		await expectNoChange(postUsers({ body: goodUser({ nickname: 'x' }) }), 400, 'bad_field', 'nickname');
	});

	it('a user name over 64 characters is 400 bad_field; 64 is fine', async () => {
		await expectNoChange(postUsers({ body: goodUser({ username: 'u'.repeat(65) }) }), 400, 'bad_field', 'username');
		const ok = await api(url, 'POST', '/api/v1/users', { cookie: admin, body: goodUser({ username: 'v'.repeat(64) }) });
		assert.equal(ok.status, 201, ok.text);
	});

	it('a short password or a user name with odd characters is 400 bad_field', async () => {
		await expectNoChange(postUsers({ body: goodUser({ password: 'short' }) }), 400, 'bad_field', 'password');
		await expectNoChange(postUsers({ body: goodUser({ username: 'has space' }) }), 400, 'bad_field', 'username');
		await expectNoChange(postUsers({ body: goodUser({ username: '' }) }), 400, 'bad_field', 'username');
	});

	it('an unknown role or scope code is 400 bad_field', async () => {
		await expectNoChange(postUsers({ body: goodUser({ role: 'mayor' }) }), 400, 'bad_field', 'role');
		await expectNoChange(postUsers({ body: goodUser({ scope: ['310107015999'] }) }), 400, 'bad_field', 'scope');
		await expectNoChange(postUsers({ body: goodUser({ scope: ['garbage'] }) }), 400, 'bad_field', 'scope');
		await expectNoChange(postUsers({ body: goodUser({ scope: [] }) }), 400, 'bad_field', 'scope');
	});

	it('a body over 1 MiB is 413 too_large', async () => {
		const big = JSON.stringify(goodUser({ password: 'p'.repeat(1.1 * 1024 * 1024) }));
		await expectNoChange(async () => fromRaw(await rawRequest(server.port, {
			method: 'POST', path: '/api/v1/users', body: big,
			headers: { 'Content-Type': 'application/json', Cookie: admin },
		})), 413, 'too_large');
		// the server is still fine afterwards
		assert.equal((await api(url, 'GET', '/api/v1/me', { cookie: admin })).status, 200);
	});

	it('a POST that is not application/json is 415', async () => {
		const text = JSON.stringify(goodUser());
		await expectNoChange(postUsers({ raw: text, headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
		const u = goodUser();
		const form = new URLSearchParams({ username: u.username, password: u.password, role: u.role, scope: COMMITTEE }).toString();
		await expectNoChange(postUsers({ raw: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
			415, 'unsupported_media_type');
		await expectNoChange(async () => fromRaw(await rawRequest(server.port, {
			method: 'POST', path: '/api/v1/users', body: text, headers: { Cookie: admin },
		})), 415, 'unsupported_media_type');
	});

	describe('POST /api/v1/session', () => {
		const postSession = (opts) => () => api(url, 'POST', '/api/v1/session', opts);
		const creds = { username: 'admin', password: 'badinput-admin-1' };

		it('bad bodies are refused and start no session', async () => {
			await expectNoChange(postSession({ raw: '{"username":' }), 400, 'bad_json', null);
			await expectNoChange(postSession({ raw: JSON.stringify([creds]) }), 400, 'bad_json', null);
			await expectNoChange(postSession({ raw: invalidUtf8('{"username":"adm', '","password":"x-pass-1234"}') }), 400, 'bad_json', null);
			await expectNoChange(postSession({ raw: deep(100) }), 400, 'bad_json', null);
			await expectNoChange(postSession({ body: { username: 'admin' } }), 400, 'bad_field', 'password');
			await expectNoChange(postSession({ body: { ...creds, nickname: 'x' } }), 400, 'bad_field', 'nickname');
			await expectNoChange(postSession({ body: { ...creds, username: 5 } }), 400, 'bad_field', 'username');
		});

		it('text/plain and form posts are 415 and start no session', async () => {
			await expectNoChange(postSession({ raw: JSON.stringify(creds), headers: { 'content-type': 'text/plain' } }),
				415, 'unsupported_media_type');
			await expectNoChange(postSession({
				raw: new URLSearchParams(creds).toString(),
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			}), 415, 'unsupported_media_type');
		});

		it('a body over 1 MiB is 413', async () => {
			const big = JSON.stringify({ username: 'admin', password: 'p'.repeat(1.1 * 1024 * 1024) });
			await expectNoChange(async () => fromRaw(await rawRequest(server.port, {
				method: 'POST', path: '/api/v1/session', body: big, headers: { 'Content-Type': 'application/json' },
			})), 413, 'too_large');
		});

		it('the right credentials still log in afterwards', async () => {
			await login(url, creds.username, creds.password);
		});
	});

	it('a method the path does not have is 405 with Allow', async () => {
		const r = await api(url, 'DELETE', '/api/v1/me', { cookie: admin });
		assertError(r, 405, 'method_not_allowed');
		const allow = (r.headers.get('allow') || '').split(',').map((s) => s.trim().toUpperCase());
		assert.ok(allow.includes('GET'), `Allow lists GET: ${r.headers.get('allow')}`);
		assert.ok(!allow.includes('DELETE'), `Allow does not list DELETE: ${r.headers.get('allow')}`);

		const put = await api(url, 'PUT', '/api/v1/users', { cookie: admin, body: goodUser() });
		assertError(put, 405, 'method_not_allowed');
		const allow2 = (put.headers.get('allow') || '').split(',').map((s) => s.trim().toUpperCase()).sort();
		assert.ok(allow2.includes('GET') && allow2.includes('POST'), `Allow lists GET and POST: ${put.headers.get('allow')}`);
	});

	it('an unknown API path is a 404 JSON error', async () => {
		assertError(await api(url, 'GET', '/api/v1/nothing', { cookie: admin }), 404, 'not_found');
		assertError(await api(url, 'POST', '/api/v1/nothing', { cookie: admin, body: {} }), 404, 'not_found');
		assertError(await api(url, 'GET', '/api/v1/users/1/nothing', { cookie: admin }), 404, 'not_found');
	});
});
