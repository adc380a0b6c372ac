// Secrets stay secret: a secret link's token is not written to the access
// log, API answers are not cached, the UI is not framed or sniffed, the
// session cookie is Secure behind TLS, and the login limit holds when the
// attempts come all at once.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO, tmpdir, initDb, addUser, startServer, api, login, uniqueName, setCookies } from './lib/harness.mjs';

/** Waits until the server's stderr holds an access-log line for PATH. */
async function logged(server, pathStart) {
	for (let t = 0; t < 100; t++) {
		if (server.stderrText().includes(`"path":"${pathStart}`)) return server.stderrText();
		await new Promise((r) => setTimeout(r, 20));
	}
	assert.fail(`no access-log line for ${pathStart}:\n${server.stderrText().slice(-2000)}`);
}

describe('secrets', () => {
	let server, url, db, adminCookie;
	const admin = { username: 'admin', password: 'secrets-admin-1' };
	const worker = { username: uniqueName('w'), role: 'worker', scope: ['310107015028'], password: 'secrets-worker-1' };
	const target = { username: uniqueName('t'), role: 'worker', scope: ['310107015028'], password: 'secrets-target-1' };

	before(async () => {
		const dir = await tmpdir();
		({ db } = await initDb(dir, { adminPassword: admin.password }));
		addUser(db, worker);
		addUser(db, target);
		server = await startServer({ db });
		url = server.url;
		adminCookie = await login(url, admin.username, admin.password);
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('F5: the token of a feed URL is not in the access log', async () => {
		const cookie = await login(url, worker.username, worker.password);
		const r = await api(url, 'POST', '/api/v1/me/calendar-feed', { cookie });
		assert.equal(r.status, 201, r.text);
		const f = await api(url, 'GET', r.json.path);
		assert.equal(f.status, 200, f.text);
		const log = await logged(server, '/api/v1/feeds/');
		assert.ok(!log.includes(r.json.token), 'the feed token is not in the log');
		assert.ok(log.includes(`/api/v1/feeds/${r.json.token.slice(0, 4)}`), 'its first characters are, to tell feeds apart');
	});

	it('F5: nor the token of a survey or feedback link, whatever the method or the answer', async () => {
		const tokens = [];
		const tok = () => {
			const t = `Zq${Math.random().toString(36).slice(2)}${'x'.repeat(43)}`.slice(0, 43);
			tokens.push(t);
			return t;
		};
		await api(url, 'GET', `/api/v1/survey-links/${tok()}`);
		await api(url, 'GET', `/api/v1/feedback/${tok()}`);
		await api(url, 'DELETE', `/api/v1/feedback/${tok()}`); // 405: no route matched
		await api(url, 'GET', `/api/v1/feeds/${tok()}.ics/more`); // 404
		await api(url, 'GET', `/api/v1/fe%65ds/${tok()}.ics`); // the prefix percent-encoded
		await api(url, 'GET', `/open311/v2/requests.json?api_key=${tok()}`);
		await api(url, 'GET', '/healthz');
		const log = await logged(server, '/healthz');
		for (const t of tokens) assert.ok(!log.includes(t), `${t} is not in the log`);
		assert.ok(log.includes(`"path":"/api/v1/feedback/${tokens[1].slice(0, 4)}`), 'the feedback line is there, masked');
	});

	it('F11: every API answer, errors included, is Cache-Control: no-store, nosniff and not framed', async () => {
		const asks = [
			['GET', '/api/v1/me', adminCookie, 200],
			['GET', '/api/v1/me', undefined, 401],
			['GET', '/api/v1/users?bogus=1', adminCookie, 400],
			['GET', '/api/v1/nothing', adminCookie, 404],
			['DELETE', '/api/v1/me', adminCookie, 405],
			['GET', '/open311/v2/services.json', undefined, 200],
			['GET', '/open311/v2/requests/999999.json', undefined, 404],
		];
		for (const [method, p, cookie, status] of asks) {
			const r = await api(url, method, p, { cookie });
			assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
			const cc = (r.headers.get('cache-control') || '').toLowerCase();
			assert.ok(cc.split(/\s*,\s*/).includes('no-store'), `${method} ${p} ${status}: Cache-Control no-store, got ${cc}`);
			assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${method} ${p}: nosniff`);
			assert.equal(r.headers.get('x-frame-options'), 'DENY', `${method} ${p}: not framed`);
		}
	});

	it('F11: the UI has a Content-Security-Policy, X-Frame-Options DENY and nosniff', async () => {
		const ui = await startServer({ db, web: path.join(REPO, 'web') });
		try {
			for (const [p, status] of [['/', 200], ['/app.js', 200], ['/style.css', 200], ['/nothing.html', 404]]) {
				const r = await api(ui.url, 'GET', p);
				assert.equal(r.status, status, `${p}: ${r.text.slice(0, 200)}`);
				const csp = r.headers.get('content-security-policy') || '';
				const dirs = Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean)
					.map((d) => { const [k, ...v] = d.split(/\s+/); return [k.toLowerCase(), v.join(' ')]; }));
				assert.equal(dirs['default-src'], "'self'", `${p}: default-src 'self' in ${csp}`);
				assert.equal(dirs['frame-ancestors'], "'none'", `${p}: frame-ancestors 'none' in ${csp}`);
				assert.equal(dirs['object-src'], "'none'", `${p}: object-src 'none' in ${csp}`);
				assert.equal(dirs['base-uri'], "'self'", `${p}: base-uri 'self' in ${csp}`);
				assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${p}: nothing unsafe in ${csp}`);
				assert.equal(r.headers.get('x-frame-options'), 'DENY', `${p}: not framed`);
				assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${p}: nosniff`);
			}
		} finally {
			await ui.stop();
		}
	});

	/** The attributes (lower case) of the session Set-Cookie of R. */
	const cookieAttrs = (r) => {
		const sc = setCookies(r.headers).find((c) => c.startsWith('sibai_session='));
		assert.ok(sc, `a session Set-Cookie: ${setCookies(r.headers)}`);
		return sc.split(';').slice(1).map((a) => a.trim().toLowerCase());
	};
	const loginAs = (base, u, headers) => api(base, 'POST', '/api/v1/session',
		{ body: { username: u.username, password: u.password }, headers });

	it('F10: the session cookie is Secure when a proxy says the login came over TLS, not over plain http', async () => {
		const plain = await loginAs(url, worker);
		assert.equal(plain.status, 200, plain.text);
		assert.ok(!cookieAttrs(plain).includes('secure'), 'plain http: no Secure, or the cookie would never come back');
		for (const headers of [{ 'X-Forwarded-Proto': 'https' }, { Forwarded: 'for=192.0.2.60;proto=https;by=203.0.113.43' },
			{ Forwarded: 'proto="https"' }]) {
			const r = await loginAs(url, worker, headers);
			assert.equal(r.status, 200, r.text);
			assert.ok(cookieAttrs(r).includes('secure'), `Secure behind ${JSON.stringify(headers)}`);
			assert.ok(cookieAttrs(r).includes('httponly'));
			const cookie = setCookies(r.headers).find((c) => c.startsWith('sibai_session=')).split(';')[0];
			const out = await api(url, 'DELETE', '/api/v1/session', { cookie, headers });
			assert.equal(out.status, 204, out.text);
			assert.ok(cookieAttrs(out).includes('secure'), 'the clearing cookie is Secure too, or the browser keeps the old one');
		}
		const http = await loginAs(url, worker, { 'X-Forwarded-Proto': 'http' });
		assert.ok(!cookieAttrs(http).includes('secure'), 'a proxy saying http: no Secure');
	});

	it('F10: sibai serve --secure-cookies makes it Secure without a proxy header', async () => {
		const s2 = await startServer({ db, extraArgs: ['--secure-cookies'] });
		try {
			const r = await loginAs(s2.url, worker);
			assert.equal(r.status, 200, r.text);
			assert.ok(cookieAttrs(r).includes('secure'), `Secure: ${setCookies(r.headers)}`);
		} finally {
			await s2.stop();
		}
	});

	it('F9: 50 parallel wrong passwords get at most 5 password checks, then the name is locked', async () => {
		const N = 50;
		const rs = await Promise.all(Array.from({ length: N }, (_, i) =>
			loginAs(url, { username: target.username, password: `wrong-password-${i}` })));
		const checked = rs.filter((r) => r.status === 401);
		const locked = rs.filter((r) => r.status === 429);
		assert.equal(checked.length + locked.length, N, `only 401 and 429: ${rs.map((r) => r.status).join(' ')}`);
		for (const r of checked) assert.equal(r.json.error.code, 'invalid_credentials', r.text);
		for (const r of locked) {
			assert.equal(r.json.error.code, 'too_many_attempts', r.text);
			assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After: ${r.headers.get('retry-after')}`);
		}
		assert.ok(checked.length <= 5, `at most 5 passwords were checked, got ${checked.length} 401s and ${locked.length} 429s`);
		assert.ok(checked.length >= 1, 'some attempt was checked');
		const right = await loginAs(url, target);
		assert.equal(right.status, 429, `the right password is refused while locked: ${right.text}`);
		assert.equal(right.json.error.code, 'too_many_attempts');
	});

	it('a session ends 7 days after its login, however much it is used', async () => {
		const cookie = await login(url, worker.username, worker.password);
		/** Moves the session's login back to AGO seconds before now (the
		 * server's clock cannot be moved; the database can). */
		const startedAgo = (ago) => {
			const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db,
				`UPDATE session SET created_at = unixepoch() - ${ago} WHERE user_id = (SELECT id FROM account WHERE username = '${worker.username}')`], { encoding: 'utf8' });
			assert.equal(r.status, 0, r.stderr);
		};
		const DAY = 86400;
		startedAgo(7 * DAY - 3600);
		const fresh = await api(url, 'GET', '/api/v1/me', { cookie });
		assert.equal(fresh.status, 200, `used now, logged in 7 days less an hour ago: ${fresh.text}`);
		startedAgo(7 * DAY + 60);
		const old = await api(url, 'GET', '/api/v1/me', { cookie });
		assert.equal(old.status, 401, `used now, logged in 7 days and a minute ago: ${old.text}`);
		assert.equal(old.json.error.code, 'unauthorized');
		const again = await login(url, worker.username, worker.password);
		assert.equal((await api(url, 'GET', '/api/v1/me', { cookie: again })).status, 200, 'a new login works');
	});
});
