// Long work has threads of its own (issue 14, "no caller can starve the
// rest"): an import or an export runs on a long-work thread with its
// connection suspended, so that the pool thread which received it goes on
// serving its other connections.  The server here has ONE pool thread: before
// this, every request waited for the whole import.  And a server told to stop
// during an import finishes it, answers it, and exits cleanly.

import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it, before, after } from 'node:test';
import { tmpdir, rmdir, initDb, startServer, login } from './lib/harness.mjs';
import { A } from './lib/visits-fixture.mjs';
import { makeIdNumber } from './lib/register-fixture.mjs';

const LINES = 12000;
// The import a stopping server finishes: short enough to end within the
// harness's wait for a stopped server (15 s, 45 s under the sanitizers).
const STOP_LINES = 3000;

/** A CSV of N residents in compound NAME, each with an ID number of its
 * own (born one a day from FROM). */
function bigFile(name, from, n = LINES) {
	const rows = ['小区,楼号,室号,姓名,身份证号'];
	for (let i = 0; i < n; i++) {
		const birth = new Date(Date.UTC(from, 0, 1) + i * 86400000).toISOString().slice(0, 10);
		rows.push(`${name},${1 + Math.floor(i / 400)}号,${100 + (i % 400)},${name}${i},${makeIdNumber({ birth, male: i % 2 === 0 })}`);
	}
	return rows.join('\r\n') + '\r\n';
}

/** One keep-alive connection for a sequence of requests. */
function keptAlive(port) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const sockets = new Set();
	const request = (method, path, { cookie, body, type, onHeaders } = {}) => new Promise((resolve, reject) => {
		const headers = { cookie: cookie || '' };
		if (body !== undefined) {
			headers['content-type'] = type || 'application/json';
			headers['content-length'] = Buffer.byteLength(body);
		}
		const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
			if (onHeaders) onHeaders();
			sockets.add(res.socket);
			const chunks = [];
			res.on('data', (d) => chunks.push(d));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({ status: res.statusCode, text, json: /json/.test(res.headers['content-type'] || '') ? JSON.parse(text) : null });
			});
		});
		req.setTimeout(600000);
		req.on('error', reject);
		req.end(body);
	});
	return { request, sockets, close: () => agent.destroy() };
}

describe('long work on threads of its own', () => {
	let dir, server, admin;

	before(async () => {
		dir = await tmpdir();
		const { db, adminPassword } = await initDb(dir);
		server = await startServer({ db, extraArgs: ['--threads', '1'] });
		admin = await login(server.url, 'admin', adminPassword);
	});
	after(async () => {
		if (server) await server.stop();
		if (dir) await rmdir(dir);
	});

	const countOf = async (conn, name) => {
		const r = await conn.request('GET', `/api/v1/residents?committee_code=${A}&q=${encodeURIComponent(name)}&limit=1`, { cookie: admin });
		assert.equal(r.status, 200, r.text);
		return r.json.total;
	};

	it('with one pool thread, a kept-alive connection is answered while an import runs', async () => {
		const importer = keptAlive(server.port);
		const other = keptAlive(server.port);
		try {
			assert.equal(await countOf(other, '长活'), 0); // the other connection is open and kept alive
			let settled = false;
			const importing = importer.request('POST', `/api/v1/imports?committee_code=${A}`,
				{ cookie: admin, body: bigFile('长活', 1930), type: 'text/csv' }).finally(() => { settled = true; });
			let seen = 0, asks = 0;
			while (!settled && seen === 0) {
				seen = await countOf(other, '长活');
				asks++;
			}
			assert.equal(settled, false, 'the other connection was answered while the import was still running');
			assert.ok(seen > 0 && seen < LINES, `part of the import is written: ${seen}`);
			assert.equal(other.sockets.size, 1, `the ${asks + 1} requests came on one kept-alive connection`);
			const r = await importing;
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.inserted, LINES);
			assert.equal(await countOf(other, '长活'), LINES);
			// the import's own connection is kept alive after its answer
			assert.equal(await countOf(importer, '长活'), LINES);
			assert.equal(importer.sockets.size, 1);
		} finally {
			importer.close();
			other.close();
		}
	});

	it('an export runs beside a request on the same pool thread, and its file is whole', async () => {
		const conn = keptAlive(server.port);
		try {
			// the export's headers come once its file is made: before that,
			// the other connection must have its answer
			let started = false;
			const exporting = conn.request('GET', `/api/v1/residents/export?committee_code=${A}&format=csv`,
				{ cookie: admin, onHeaders: () => { started = true; } });
			await new Promise((r) => setTimeout(r, 50)); // the export under way (it takes far longer)
			const other = keptAlive(server.port);
			const n = await countOf(other, '长活');
			other.close();
			assert.equal(n, LINES);
			assert.equal(started, false, 'the other connection was answered while the export was being made');
			const r = await exporting;
			assert.equal(r.status, 200);
			assert.equal(r.text.split('\n').filter((l) => l.includes('长活')).length, LINES);
		} finally {
			conn.close();
		}
	});

	it('told to stop during an import, the server finishes it, answers it and exits cleanly', async () => {
		const conn = keptAlive(server.port);
		const watch = keptAlive(server.port);
		try {
			const importing = conn.request('POST', `/api/v1/imports?committee_code=${A}`,
				{ cookie: admin, body: bigFile('停前', 1970, STOP_LINES), type: 'text/csv' });
			while ((await countOf(watch, '停前')) === 0) { /* under way */ }
			watch.close();
			const stopping = server.stop(); // SIGTERM; asserts exit code 0
			const r = await importing;
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.inserted, STOP_LINES);
			await stopping;
			server = null;
		} finally {
			conn.close();
			watch.close();
		}
	});
});
