// Static files under --web: types, caching, and no way out of the web dir.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, before, after } from 'node:test';
import { REPO, tmpdir, initDb, startServer, api, rawGet } from './lib/harness.mjs';

const SECRET = 'SECRET-7f3a9c-do-not-serve';
const INDEX = '<!doctype html><html><head><title>sibai test</title></head><body>index-page-marker</body></html>\n';

describe('static files', () => {
	let root, web, server, url;

	before(async () => {
		root = await tmpdir();
		web = path.join(root, 'web');
		fs.mkdirSync(web);
		fs.writeFileSync(path.join(web, 'index.html'), INDEX);
		fs.writeFileSync(path.join(web, 'app.js'), 'console.log("app-js-marker");\n');
		fs.writeFileSync(path.join(web, 'style.css'), 'body { color: #123456; }\n');
		fs.writeFileSync(path.join(web, 'data.json'), '{"data":"json-marker"}\n');
		fs.mkdirSync(path.join(web, 'sub'));
		fs.writeFileSync(path.join(web, 'sub', 'page.html'), '<p>sub-page-marker</p>\n');
		// outside the web dir
		fs.writeFileSync(path.join(root, 'secret.txt'), SECRET + '\n');
		fs.mkdirSync(path.join(root, 'outside'));
		fs.writeFileSync(path.join(root, 'outside', 'x'), SECRET + '\n');
		fs.symlinkSync(path.join(root, 'secret.txt'), path.join(web, 'out.txt'));
		fs.symlinkSync(path.join(root, 'outside'), path.join(web, 'linkdir'));

		const { db } = await initDb(root);
		server = await startServer({ db, web });
		url = server.url;
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('GET / serves index.html as HTML', async () => {
		const r = await api(url, 'GET', '/');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type') || '', /^text\/html\b/i);
		assert.equal(r.text, INDEX);
	});

	it('files get their MIME types', async () => {
		const cases = [
			['/app.js', /^text\/javascript\b|^application\/javascript\b/i, 'app-js-marker'],
			['/style.css', /^text\/css\b/i, 'color: #123456'],
			['/data.json', /^application\/json\b/i, 'json-marker'],
			['/sub/page.html', /^text\/html\b/i, 'sub-page-marker'],
			['/index.html', /^text\/html\b/i, 'index-page-marker'],
		];
		for (const [p, type, marker] of cases) {
			const r = await api(url, 'GET', p);
			assert.equal(r.status, 200, `${p}: ${r.status}`);
			assert.match(r.headers.get('content-type') || '', type, `${p}: ${r.headers.get('content-type')}`);
			assert.ok(r.text.includes(marker), `${p} body`);
		}
	});

	it('ETag and If-None-Match give 304', async () => {
		const r = await api(url, 'GET', '/app.js');
		const etag = r.headers.get('etag');
		assert.ok(etag, 'ETag header');
		const again = await api(url, 'GET', '/app.js', { headers: { 'if-none-match': etag } });
		assert.equal(again.status, 304);
		assert.equal(again.text, '');
		const other = await api(url, 'GET', '/app.js', { headers: { 'if-none-match': '"not-the-etag"' } });
		assert.equal(other.status, 200);
		// the ETag of another file differs
		const css = await api(url, 'GET', '/style.css');
		assert.notEqual(css.headers.get('etag'), etag);
	});

	it('a missing file is 404', async () => {
		const r = await api(url, 'GET', '/missing.html');
		assert.equal(r.status, 404);
		const r2 = await api(url, 'GET', '/sub/missing.js');
		assert.equal(r2.status, 404);
	});

	it('paths that climb out of the web dir are refused', async () => {
		const paths = [
			'/../etc/passwd',
			'/%2e%2e/etc/passwd',
			'/sub%2f..%2f..%2fetc%2fpasswd',
			'/..%2fetc%2fpasswd',
			'/../secret.txt',
			'/%2e%2e/secret.txt',
			'/%2E%2E/secret.txt',
			'/sub/../../secret.txt',
			'/sub/%2e%2e/%2e%2e/secret.txt',
			'/sub%2f..%2f..%2fsecret.txt',
			'/..%2fsecret.txt',
			'/..%5csecret.txt',
			'/./../secret.txt',
			'/sub/..%2f..%2fsecret.txt',
		];
		for (const p of paths) {
			const r = await rawGet(server.port, p);
			assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
			assert.ok(!r.body.includes(SECRET), `${p} leaked the secret`);
			assert.ok(!/root:.*:0:0:/.test(r.body), `${p} leaked /etc/passwd`);
		}
	});

	it('symlinks that lead out of the web dir are 404', async () => {
		for (const p of ['/out.txt', '/linkdir/x']) {
			const r = await rawGet(server.port, p);
			assert.equal(r.status, 404, `${p}: ${r.status}`);
			assert.ok(!r.body.includes(SECRET), `${p} leaked the secret`);
		}
	});

	it('a NUL byte in the path is refused', async () => {
		const r = await rawGet(server.port, '/index.html%00.js');
		assert.ok(r.status === 400 || r.status === 404, `${r.status}`);
	});

	it('API routes still answer next to the static files', async () => {
		const r = await api(url, 'GET', '/healthz');
		assert.equal(r.status, 200);
		assert.equal(r.json.status, 'ok');
	});
});

describe('the shipped web UI', () => {
	let server, url;

	before(async () => {
		const dir = await tmpdir();
		const { db } = await initDb(dir);
		server = await startServer({ db }); // the default web dir, from the repository root
		url = server.url;
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('GET / is an HTML page that links to the API description', async () => {
		const r = await api(url, 'GET', '/');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type') || '', /^text\/html\b/i);
		assert.ok(r.text.includes('openapi.yaml'), 'the page links to openapi.yaml');
	});

	it('GET /api/v1/openapi.yaml is the OpenAPI 3.1 description', async () => {
		const r = await api(url, 'GET', '/api/v1/openapi.yaml');
		assert.equal(r.status, 200);
		assert.ok(r.text.startsWith('openapi: 3.1'), `starts with "openapi: 3.1": ${r.text.slice(0, 80)}`);
		const want = fs.readFileSync(path.join(REPO, 'docs', 'openapi.yaml'), 'utf8');
		assert.equal(r.text, want, 'it is docs/openapi.yaml');
	});
});
