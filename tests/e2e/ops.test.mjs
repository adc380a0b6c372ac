// Operations: health check, Prometheus metrics, the access log, and a clean
// exit on SIGTERM and SIGINT.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { tmpdir, initDb, startServer, api, login } from './lib/harness.mjs';

/** Parses Prometheus text into [{name, labels, value}]. */
function parseMetrics(text) {
	const out = [];
	for (const line of text.split('\n')) {
		if (line === '' || line.startsWith('#')) continue;
		const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/.exec(line);
		assert.ok(m, `not a Prometheus sample line: ${JSON.stringify(line)}`);
		const labels = {};
		if (m[3]) {
			for (const lm of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]] = lm[2];
		}
		const value = m[4] === '+Inf' ? Infinity : Number(m[4]);
		assert.ok(!Number.isNaN(value), `value of ${line}`);
		out.push({ name: m[1], labels, value });
	}
	return out;
}

/** The JSON lines of the access log in TEXT. */
function accessLog(text) {
	const entries = [];
	for (const line of text.split('\n')) {
		if (!line.startsWith('{')) continue;
		let o;
		try { o = JSON.parse(line); } catch { assert.fail(`a log line that is not JSON: ${line}`); }
		if (o && typeof o === 'object' && 'method' in o && 'status' in o) entries.push(o);
	}
	return entries;
}

describe('operations', () => {
	let server, url, adminCookie, adminId;
	const N = 7;

	before(async () => {
		const dir = await tmpdir();
		const { db } = await initDb(dir, { adminPassword: 'ops-admin-pass' });
		server = await startServer({ db });
		url = server.url;
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('GET /healthz is 200 {status:"ok"}', async () => {
		for (let i = 0; i < N; i++) {
			const r = await api(url, 'GET', '/healthz');
			assert.equal(r.status, 200, r.text);
			assert.match(r.headers.get('content-type') || '', /^application\/json\b/i);
			assert.equal(r.json.status, 'ok');
			assert.ok(Number.isInteger(r.json.schema_version) && r.json.schema_version >= 1, r.text);
		}
	});

	it('GET /metrics is Prometheus text with the request counts, durations and db size', async () => {
		adminCookie = await login(url, 'admin', 'ops-admin-pass');
		adminId = (await api(url, 'GET', '/api/v1/me', { cookie: adminCookie })).json.id;
		await api(url, 'GET', '/api/v1/nothing', { cookie: adminCookie });
		const r = await api(url, 'GET', '/metrics');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type') || '', /^text\/plain\b/i);
		for (const s of ['sibai_http_requests_total{', 'sibai_http_request_duration_seconds_bucket{', 'sibai_db_size_bytes', 'sibai_sessions_active']) {
			assert.ok(r.text.includes(s), `metrics contain ${s}`);
		}
		const samples = parseMetrics(r.text);
		const health = samples.filter((s) => s.name === 'sibai_http_requests_total' &&
			s.labels.route === '/healthz' && s.labels.method === 'GET' && s.labels.status === '200');
		assert.equal(health.length, 1, `one series for GET /healthz 200: ${JSON.stringify(health)}`);
		assert.ok(health[0].value >= N, `counted the ${N} health checks: ${health[0].value}`);
		const buckets = samples.filter((s) => s.name === 'sibai_http_request_duration_seconds_bucket' && s.labels.route === '/healthz');
		assert.ok(buckets.length > 1, 'histogram buckets for /healthz');
		const inf = buckets.find((b) => b.labels.le === '+Inf');
		assert.ok(inf && inf.value >= N, `+Inf bucket counts every request: ${JSON.stringify(inf)}`);
		const count = samples.find((s) => s.name === 'sibai_http_request_duration_seconds_count' && s.labels.route === '/healthz');
		assert.ok(count && count.value === inf.value, '_count equals the +Inf bucket');
		const size = samples.find((s) => s.name === 'sibai_db_size_bytes');
		assert.ok(size.value > 100000, `the database with the divisions is not tiny: ${size.value}`);
		const sessions = samples.find((s) => s.name === 'sibai_sessions_active');
		assert.ok(sessions.value >= 1, `the admin session is active: ${sessions.value}`);
	});

	it('the access log has one JSON line per request, with no secrets', async () => {
		const before = accessLog(server.stderrText()).filter((e) => e.path === '/api/v1/me').length;
		for (let i = 0; i < 3; i++) await api(url, 'GET', '/api/v1/me', { cookie: adminCookie });
		// the log may be written just after the answer: give it a moment
		let entries = [];
		for (let t = 0; t < 50; t++) {
			entries = accessLog(server.stderrText());
			if (entries.filter((e) => e.path === '/api/v1/me').length >= before + 3) break;
			await new Promise((r) => setTimeout(r, 20));
		}
		const me = entries.filter((e) => e.path === '/api/v1/me');
		assert.equal(me.length, before + 3, 'one line per request');
		const e = me[me.length - 1];
		for (const k of ['ts', 'method', 'path', 'route', 'status', 'us', 'user_id', 'bytes']) {
			assert.ok(k in e, `access log entry has ${k}: ${JSON.stringify(e)}`);
		}
		assert.equal(e.method, 'GET');
		assert.equal(e.status, 200);
		assert.equal(e.route, '/api/v1/me');
		assert.equal(e.user_id, adminId);
		assert.ok(Number.isInteger(e.us) && e.us >= 0);
		assert.ok(Number.isInteger(e.bytes) && e.bytes > 0);
		assert.ok(!Number.isNaN(Date.parse(e.ts)), `ts is a time: ${e.ts}`);

		const health = entries.filter((x) => x.path === '/healthz');
		assert.equal(health.length, N, 'each health check logged once');
		assert.ok(health.every((x) => x.method === 'GET' && x.status === 200));
		assert.ok(entries.some((x) => x.path === '/api/v1/nothing' && x.status === 404), 'a 404 is logged');
		assert.ok(entries.some((x) => x.path === '/api/v1/session' && x.method === 'POST' && x.status === 200), 'the login is logged');

		const log = server.stderrText();
		assert.ok(!log.includes('ops-admin-pass'), 'the password is not in the log');
		assert.ok(!log.includes(adminCookie.split('=')[1]), 'the session token is not in the log');
	});

	it('SIGTERM stops the server with exit code 0', async () => {
		const e = await server.stop();
		server = null;
		assert.deepEqual(e, { code: 0, signal: null });
	});
});

describe('SIGINT', () => {
	it('stops the server with exit code 0', async () => {
		const dir = await tmpdir();
		const { db } = await initDb(dir);
		const server = await startServer({ db });
		assert.equal((await api(server.url, 'GET', '/healthz')).status, 200);
		const e = await server.stop({ signal: 'SIGINT' });
		assert.deepEqual(e, { code: 0, signal: null });
	});
});
