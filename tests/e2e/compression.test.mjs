// Compression and caching (docs/api.md, "Static files" and "Compression"):
// what a phone on a slow network gets — gzip bodies that decode to the
// very bytes of the file, content-hash URLs cached for good, index.html
// revalidated and pointing at the current hash.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it, before, after } from 'node:test';
import { REPO, tmpdir, initDb, startServer, login } from './lib/harness.mjs';
import { checkResponse } from './lib/contract.mjs';

/** One GET with exactly these headers; the body as raw bytes (not decoded).
 * API answers are held against docs/openapi.yaml like the harness's. */
function get(port, p, headers = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, path: p, method: 'GET', headers }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const raw = Buffer.concat(chunks);
				const enc = res.headers['content-encoding'];
				const body = enc === 'gzip' ? zlib.gunzipSync(raw) : raw;
				if (p.startsWith('/api/')) {
					checkResponse({ method: 'GET', path: p.split('?')[0], status: res.statusCode,
						contentType: res.headers['content-type'], body: body.toString('utf8'),
						header: (n) => res.headers[n.toLowerCase()] ?? null });
				}
				resolve({ status: res.statusCode, headers: res.headers, raw, body });
			});
		});
		req.on('error', reject);
		req.end();
	});
}
const GZ = { 'accept-encoding': 'gzip, deflate, br' };

// a module over 1 KiB, which compresses well, and one it imports relatively
const APP = `import { hello } from './views/hello.js';\n${'console.log(hello("四百"));\n'.repeat(80)}`;
const HELLO = 'export const hello = (n) => `你好 ${n}`;\n';
const CSS = 'body { color: #123456; }\n';
const INDEX = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/style.css">
<link rel="modulepreload" href="/app.js">
<script type="module" src="/app.js"></script>
</head><body><!-- ${'填充'.repeat(400)} -->
<a href="/api/v1/openapi.yaml">API</a> <a href="/missing.js">x</a></body></html>
`;

describe('compression and caching', () => {
	let web, server, port, hash;

	before(async () => {
		const root = await tmpdir();
		web = path.join(root, 'web');
		fs.mkdirSync(path.join(web, 'views'), { recursive: true });
		fs.writeFileSync(path.join(web, 'index.html'), INDEX);
		fs.writeFileSync(path.join(web, 'app.js'), APP);
		fs.writeFileSync(path.join(web, 'style.css'), CSS);
		fs.writeFileSync(path.join(web, 'views', 'hello.js'), HELLO);
		const { db } = await initDb(root, { adminPassword: 'compress-admin-1' });
		server = await startServer({ db, web });
		port = server.port;
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('index.html: gzip, revalidated every time, its asset references under the content hash', async () => {
		const r = await get(port, '/', GZ);
		assert.equal(r.status, 200);
		assert.equal(r.headers['content-encoding'], 'gzip');
		assert.ok(r.raw.length < r.body.length / 2, `gzip ${r.raw.length} of ${r.body.length} bytes`);
		assert.match(r.headers.vary || '', /accept-encoding/i);
		assert.equal(r.headers['cache-control'], 'no-cache');
		assert.match(r.headers['content-type'], /^text\/html/);
		assert.match(r.headers['content-security-policy'] || '', /default-src 'self'/, 'the CSP is kept');
		assert.equal(r.headers['x-content-type-options'], 'nosniff');
		const page = r.body.toString('utf8');
		const m = /href="\/v\/([0-9a-f]{12})\/style\.css"/.exec(page);
		assert.ok(m, page.slice(0, 300));
		hash = m[1];
		assert.ok(page.includes(`<link rel="modulepreload" href="/v/${hash}/app.js">`), 'modulepreload rewritten');
		assert.ok(page.includes(`<script type="module" src="/v/${hash}/app.js">`), 'the script rewritten');
		assert.ok(page.includes('<a href="/api/v1/openapi.yaml">'), 'an API link is left alone');
		assert.ok(page.includes('<a href="/missing.js">'), 'a reference to no file is left alone');
		// the same page without gzip, and /index.html is the same page
		const plain = await get(port, '/');
		assert.equal(plain.headers['content-encoding'], undefined);
		assert.equal(plain.body.toString('utf8'), page);
		assert.equal((await get(port, '/index.html', GZ)).body.toString('utf8'), page);
		// revalidation: 304 with the ETag of the form asked for
		const again = await get(port, '/', { ...GZ, 'if-none-match': r.headers.etag });
		assert.equal(again.status, 304);
		assert.equal(again.raw.length, 0);
		assert.notEqual(plain.headers.etag, r.headers.etag, 'the gzip form has its own ETag');
	});

	it('/v/<hash>/…: the file\'s own bytes, in gzip when taken, cached for a year and immutable', async () => {
		const r = await get(port, `/v/${hash}/app.js`, GZ);
		assert.equal(r.status, 200);
		assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
		assert.equal(r.headers['content-encoding'], 'gzip');
		assert.match(r.headers.vary || '', /accept-encoding/i);
		assert.match(r.headers['content-type'], /^text\/javascript/);
		assert.deepEqual(r.body, fs.readFileSync(path.join(web, 'app.js')), 'gzip decodes to the file');
		assert.ok(r.raw.length < 400, `compressed to ${r.raw.length} bytes`);
		const plain = await get(port, `/v/${hash}/app.js`);
		assert.equal(plain.headers['content-encoding'], undefined);
		assert.deepEqual(plain.raw, fs.readFileSync(path.join(web, 'app.js')));
		// q=0 refuses gzip
		const refused = await get(port, `/v/${hash}/app.js`, { 'accept-encoding': 'gzip;q=0, identity' });
		assert.equal(refused.headers['content-encoding'], undefined);
		// a relative import of the module resolves under the same prefix
		const hello = await get(port, `/v/${hash}/views/hello.js`, GZ);
		assert.equal(hello.status, 200);
		assert.equal(hello.body.toString('utf8'), HELLO);
		assert.equal(hello.headers['content-encoding'], undefined, 'under 1 KiB: sent as is');
		// the unversioned path still works, revalidated
		const un = await get(port, '/app.js', GZ);
		assert.equal(un.status, 200);
		assert.equal(un.headers['cache-control'], 'no-cache');
		assert.deepEqual(un.body, fs.readFileSync(path.join(web, 'app.js')));
		assert.equal((await get(port, '/app.js', { ...GZ, 'if-none-match': un.headers.etag })).status, 304);
	});

	it('a file missing under the hash is 404; a stale hash is sent to the current one', async () => {
		assert.equal((await get(port, `/v/${hash}/nothing.js`)).status, 404);
		assert.equal((await get(port, `/v/${hash}/`)).status, 404);
		assert.equal((await get(port, '/v/abc/app.js')).status, 404);
		const stale = await get(port, '/v/000000000000/app.js');
		assert.equal(stale.status, 302);
		assert.equal(stale.headers.location, `/v/${hash}/app.js`);
		assert.equal(stale.headers['cache-control'], 'no-store');
		assert.equal((await get(port, `/v/${hash}/../index.html`)).status === 200, false);
	});

	it('the hash changes when a file changes, and the page names the new one', async () => {
		const before = hash;
		fs.writeFileSync(path.join(web, 'views', 'hello.js'), HELLO.replace('你好', '您好'));
		const r = await get(port, '/', GZ);
		const m = /src="\/v\/([0-9a-f]{12})\/app\.js"/.exec(r.body.toString('utf8'));
		assert.ok(m);
		assert.notEqual(m[1], before, 'a new hash after views/hello.js changed');
		hash = m[1];
		const fresh = await get(port, `/v/${hash}/views/hello.js`);
		assert.equal(fresh.status, 200);
		assert.match(fresh.body.toString('utf8'), /您好/);
		// a page loaded before the change still gets its late import, the current one
		const old = await get(port, `/v/${before}/views/hello.js`);
		assert.equal(old.status, 302);
		assert.equal(old.headers.location, `/v/${hash}/views/hello.js`);
		// the same bytes back: the same hash as before
		fs.writeFileSync(path.join(web, 'views', 'hello.js'), HELLO);
		const back = /src="\/v\/([0-9a-f]{12})\/app\.js"/.exec((await get(port, '/')).body.toString('utf8'));
		assert.equal(back[1], before, 'the hash is of the content');
		hash = back[1];
	});

	it('API answers over 1 KiB are gzip when taken, still no-store; small ones are not', async () => {
		const spec = await get(port, '/api/v1/openapi.yaml', GZ);
		assert.equal(spec.status, 200);
		assert.equal(spec.headers['content-encoding'], 'gzip');
		assert.match(spec.headers.vary || '', /accept-encoding/i);
		assert.equal(spec.headers['cache-control'], 'no-store');
		assert.deepEqual(spec.body, fs.readFileSync(path.join(REPO, 'docs', 'openapi.yaml')));
		assert.ok(spec.raw.length * 4 < spec.body.length, `${spec.raw.length} of ${spec.body.length}`);
		const plain = await get(port, '/api/v1/openapi.yaml');
		assert.equal(plain.headers['content-encoding'], undefined);
		assert.deepEqual(plain.raw, spec.body);

		const cookie = await login(server.url, 'admin', 'compress-admin-1');
		const areas = await get(port, '/api/v1/areas?parent=310107015&limit=500', { ...GZ, cookie });
		assert.equal(areas.status, 200, areas.body.toString('utf8'));
		assert.equal(areas.headers['content-encoding'], 'gzip');
		const list = JSON.parse(areas.body.toString('utf8'));
		assert.ok(list.items.length > 5, 'the committees of 长寿路街道');
		assert.equal(areas.headers['cache-control'], 'no-store');

		const health = await get(port, '/healthz', GZ);
		assert.equal(health.headers['content-encoding'], undefined, 'a small answer is sent as is');
		assert.equal(JSON.parse(health.body.toString('utf8')).status, 'ok');
	});
});
