// Shared helpers for the end-to-end tests: run the real `sibai` binary,
// start servers on 127.0.0.1 with a temporary database, talk HTTP to them.
//
// Every helper throws (through node:assert) with the server's stderr in the
// message when something is off, so that a failing test says why.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkResponse } from './contract.mjs';

/** The repository root (tests/e2e/lib/ is three levels below it). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The binary under test. */
export const BIN = process.env.SIBAI_BIN
	? path.resolve(process.env.SIBAI_BIN)
	: path.join(REPO, 'build', 'release', 'sibai');

/** 3 when SIBAI_SLOW is set (the AddressSanitizer run), else 1: timeouts scale by it. */
export const SLOW = process.env.SIBAI_SLOW ? 3 : 1;

const SERVER_START_TIMEOUT_MS = 15000 * SLOW;
const SERVER_STOP_TIMEOUT_MS = 15000 * SLOW;

// Everything this process made, so that nothing is left behind even when a
// test fails half-way: temp dirs are removed and servers killed on exit.
const madeDirs = new Set();
const liveProcs = new Set();
process.on('exit', () => {
	for (const p of liveProcs) {
		try { p.kill('SIGKILL'); } catch { /* already gone */ }
	}
	if (process.env.SIBAI_KEEP_TMP) return;
	for (const d of madeDirs) {
		try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
	}
});

/** A fresh, empty directory under os.tmpdir(); removed when the process exits
 * (keep it with SIBAI_KEEP_TMP=1). */
export async function tmpdir() {
	const d = await fsp.mkdtemp(path.join(os.tmpdir(), 'sibai-e2e-'));
	madeDirs.add(d);
	return d;
}

/** Removes a directory made by tmpdir() now (for use in `after`). */
export async function rmdir(d) {
	madeDirs.delete(d);
	if (!process.env.SIBAI_KEEP_TMP) await fsp.rm(d, { recursive: true, force: true });
}

/** Runs `sibai ARGS…` to completion. Returns {status, stdout, stderr}. */
export function sibai(args, { input, env, cwd } = {}) {
	const r = spawnSync(BIN, args, {
		input,
		env: { ...process.env, ...(env || {}) },
		cwd: cwd || REPO,
		encoding: 'utf8',
		timeout: 60000 * SLOW,
	});
	if (r.error) throw new Error(`cannot run ${BIN} ${args.join(' ')}: ${r.error.message}`);
	return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Formats a CLI result for an assertion message. */
export function describeRun(args, r) {
	return `sibai ${args.join(' ')} → exit ${r.status}${r.signal ? ' signal ' + r.signal : ''}\n` +
		`--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

let fileSeq = 0;
/** Writes TEXT to a new file in DIR (mode 0600) and returns its path. */
export function writeSecretFile(dir, text, stem = 'secret') {
	const f = path.join(dir, `${stem}-${process.pid}-${++fileSeq}.txt`);
	fs.writeFileSync(f, text, { mode: 0o600 });
	return f;
}

/** `sibai init` on DIR/t.db with a known admin password.
 * Returns {db, key, adminPassword}. */
export async function initDb(dir, { adminPassword = 'admin-pass-123', dbName = 't.db' } = {}) {
	const db = path.join(dir, dbName);
	const pwFile = writeSecretFile(dir, adminPassword, 'admin-pass');
	const args = ['init', '--db', db, '--admin-password-file', pwFile];
	const r = sibai(args);
	assert.equal(r.status, 0, describeRun(args, r));
	return { db, key: db + '.key', adminPassword };
}

/** `sibai user add`. SCOPE is a code or a list of codes. Asserts exit 0
 * unless check is false; returns {status, stdout, stderr}. */
export function addUser(db, { username, role, scope, password }, { check = true } = {}) {
	const codes = Array.isArray(scope) ? scope.join(',') : scope;
	const pwFile = writeSecretFile(path.dirname(db), password, 'user-pass');
	const args = ['user', 'add', '--db', db, '--username', username, '--role', role,
		'--scope', codes, '--password-file', pwFile];
	const r = sibai(args);
	if (check) assert.equal(r.status, 0, describeRun(args, r));
	return r;
}

/** Starts `sibai serve --db DB --listen 127.0.0.1:0 [--web DIR]` and waits
 * for its one stdout line `listening on http://127.0.0.1:PORT`.
 * Returns {url, port, proc, stderrText(), stop(), kill9(), exited}. */
export async function startServer({ db, web, extraArgs = [], env, cwd } = {}) {
	const args = ['serve', '--db', db, '--listen', '127.0.0.1:0'];
	if (web) args.push('--web', web);
	args.push(...extraArgs);
	const proc = spawn(BIN, args, {
		cwd: cwd || REPO,
		env: { ...process.env, ...(env || {}) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	liveProcs.add(proc);
	// A server left running by a failed test must not keep this test file
	// alive: the 'exit' handler above kills it.
	proc.unref();
	proc.stdout.unref?.();
	proc.stderr.unref?.();
	let stderr = '';
	let stdout = '';
	let killedOnPurpose = false;
	let stopReported = false;
	let exitInfo = null;
	proc.stderr.setEncoding('utf8');
	proc.stderr.on('data', (s) => { stderr += s; });
	proc.stdout.setEncoding('utf8');
	proc.stdout.on('data', (s) => { stdout += s; });
	const exited = new Promise((resolve) => {
		proc.on('error', (e) => {
			liveProcs.delete(proc);
			exitInfo = { code: null, signal: null, error: e.message };
			resolve(exitInfo);
		});
		// 'close' (not 'exit'): stdout and stderr are fully read by then
		proc.on('close', (code, signal) => {
			liveProcs.delete(proc);
			exitInfo = { code, signal };
			resolve(exitInfo);
		});
	});

	const port = await new Promise((resolve, reject) => {
		let done = false;
		const fail = (why) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			clearInterval(poll);
			try { proc.kill('SIGKILL'); } catch { /* gone */ }
			const keep = setInterval(() => {}, 1000); // proc is unref'd
			exited.then(() => clearInterval(keep));
			exited.then(() => reject(new Error(
				`sibai ${args.join(' ')}: ${why}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`)));
		};
		const timer = setTimeout(() => fail(`no "listening on" line within ${SERVER_START_TIMEOUT_MS} ms`),
			SERVER_START_TIMEOUT_MS);
		exited.then((e) => fail(`exited before listening (${JSON.stringify(e)})`));
		const check = () => {
			if (done) return;
			const nl = stdout.indexOf('\n');
			if (nl < 0) return;
			const first = stdout.slice(0, nl).replace(/\r$/, '');
			const m = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(first);
			if (!m) return fail(`first stdout line is not "listening on http://127.0.0.1:PORT": ${JSON.stringify(first)}`);
			done = true;
			clearTimeout(timer);
			clearInterval(poll);
			resolve(Number(m[1]));
		};
		proc.stdout.on('data', check);
		const poll = setInterval(check, 20);
	});

	const server = {
		url: `http://127.0.0.1:${port}`,
		port,
		proc,
		stderrText: () => stderr,
		stdoutText: () => stdout,
		exited,
		/** SIGTERM, wait for the exit, assert it was exit code 0 (under
		 * AddressSanitizer a leak makes it non-zero). Returns {code, signal}.
		 * After kill9() it only returns how the process ended. */
		async stop({ signal = 'SIGTERM' } = {}) {
			if (killedOnPurpose) return server.kill9();
			if (stopReported) return exitInfo; // already stopped (and judged) once
			stopReported = true;
			if (!exitInfo) {
				proc.kill(signal);
				let timer;
				const timeout = new Promise((resolve) => {
					timer = setTimeout(() => resolve(null), SERVER_STOP_TIMEOUT_MS);
				});
				const e = await Promise.race([exited, timeout]);
				clearTimeout(timer);
				if (!e) {
					await server.kill9();
					assert.fail(`server did not exit within ${SERVER_STOP_TIMEOUT_MS} ms of ${signal}\n` +
						`--- stderr (tail) ---\n${stderr.slice(-4000)}`);
				}
			}
			assert.deepEqual(exitInfo, { code: 0, signal: null },
				`server did not exit cleanly: ${JSON.stringify(exitInfo)}\n` +
				`--- stderr (tail) ---\n${stderr.slice(-8000)}`);
			return exitInfo;
		},
		/** SIGKILL now (no graceful stop); resolves when the process is gone. */
		async kill9() {
			killedOnPurpose = true;
			if (!exitInfo) proc.kill('SIGKILL');
			// the process is unref'd: hold the event loop open until it is gone
			const keep = setInterval(() => {}, 1000);
			try {
				return await exited;
			} finally {
				clearInterval(keep);
			}
		},
		/** Sends SIGKILL synchronously without waiting (for use inside a
		 * response callback). */
		kill9Now() {
			killedOnPurpose = true;
			if (!exitInfo) proc.kill('SIGKILL');
		},
	};
	return server;
}

/** The `sibai_session=VALUE` pair from a response's Set-Cookie headers, or null. */
export function sessionCookie(headers) {
	for (const sc of setCookies(headers)) {
		const m = /^\s*(sibai_session=[^;]*)/.exec(sc);
		if (m) return m[1];
	}
	return null;
}

/** All Set-Cookie header values of a fetch Headers object. */
export function setCookies(headers) {
	if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
	const v = headers.get('set-cookie');
	return v ? [v] : [];
}

/** fetch wrapper. BODY (an object or array) is sent as JSON with
 * Content-Type: application/json; RAW (a string or Buffer) is sent as is,
 * with Content-Type: application/json unless HEADERS set another.
 * Returns {status, headers, json, text, cookie}.  The answer is checked
 * against docs/openapi.yaml (./contract.mjs): one the spec does not describe
 * fails the test here. */
export async function api(base, method, urlPath, { body, cookie, headers, raw } = {}) {
	const h = {};
	if (body !== undefined || raw !== undefined) h['content-type'] = 'application/json';
	if (cookie) h.cookie = cookie;
	for (const [k, v] of Object.entries(headers || {})) h[k.toLowerCase()] = v;
	const init = { method, headers: h, redirect: 'manual' };
	if (raw !== undefined) init.body = raw;
	else if (body !== undefined) init.body = JSON.stringify(body);
	const res = await fetch(base + urlPath, init);
	const text = await res.text();
	checkResponse({ method, path: new URL(base + urlPath).pathname, status: res.status,
		contentType: res.headers.get('content-type'), body: text, header: (n) => res.headers.get(n) });
	let json = null;
	try { json = JSON.parse(text); } catch { json = null; }
	return { status: res.status, headers: res.headers, json, text, cookie: sessionCookie(res.headers) };
}

/** Logs in and returns the `sibai_session=…` cookie; asserts 200. */
export async function login(base, username, password) {
	const r = await api(base, 'POST', '/api/v1/session', { body: { username, password } });
	assert.equal(r.status, 200, `login as ${username}: ${r.status} ${r.text}`);
	assert.ok(r.cookie, `login as ${username}: no sibai_session cookie`);
	return r.cookie;
}

/** Asserts R is an error answer: STATUS, a JSON body of exactly
 * {error:{code, message, message_zh, field}}, the CODE, and — when FIELD is
 * given (a name or null) — that field. */
export function assertError(r, status, code, field) {
	const ctx = `${r.status} ${r.text.slice(0, 500)}`;
	assert.equal(r.status, status, `status: ${ctx}`);
	assert.match(r.headers.get('content-type') || '', /^application\/json\b/i, `content-type of ${ctx}`);
	assert.ok(r.json && typeof r.json === 'object', `error body is not JSON: ${ctx}`);
	assert.deepEqual(Object.keys(r.json), ['error'], `error body shape: ${ctx}`);
	const e = r.json.error;
	assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message', 'message_zh'], `error shape: ${ctx}`);
	assert.equal(typeof e.message, 'string', ctx);
	assert.ok(e.message.length > 0, `empty message: ${ctx}`);
	assert.equal(typeof e.message_zh, 'string', ctx);
	assert.ok(e.message_zh.length > 0, `empty message_zh: ${ctx}`);
	assert.ok(e.field === null || typeof e.field === 'string', `field type: ${ctx}`);
	assert.equal(e.code, code, `error code: ${ctx}`);
	if (field !== undefined) assert.equal(e.field, field, `error field: ${ctx}`);
}

/** GETs every page of a collection (following next_cursor) and returns all items. */
export async function listAll(base, urlPath, cookie, { limit = 500 } = {}) {
	const items = [];
	let cursor = null;
	for (let page = 0; page < 1000; page++) {
		const sep = urlPath.includes('?') ? '&' : '?';
		let u = `${urlPath}${sep}limit=${limit}`;
		if (cursor !== null) u += `&cursor=${encodeURIComponent(cursor)}`;
		const r = await api(base, 'GET', u, { cookie });
		assert.equal(r.status, 200, `GET ${u}: ${r.status} ${r.text}`);
		assert.ok(Array.isArray(r.json.items), `GET ${u}: no items array: ${r.text}`);
		items.push(...r.json.items);
		cursor = r.json.next_cursor;
		if (cursor === null) return items;
		assert.equal(typeof cursor, 'string', `GET ${u}: next_cursor is neither a string nor null`);
	}
	assert.fail(`GET ${urlPath}: more than 1000 pages`);
}

/** One HTTP/1.1 exchange over a plain socket, for requests fetch will not
 * send as written (unnormalised paths, missing Content-Type, an early answer
 * to a large upload). BODY is a string or Buffer. Returns {status, headers
 * (lower-case names), body (string)}. A reset after the answer arrived is
 * ignored (a server may close while the client is still sending). */
export function rawRequest(port, { method = 'GET', path: rawPath, headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const sock = net.connect(port, '127.0.0.1');
		const chunks = [];
		let settled = false;
		const buf = body === undefined ? null : (Buffer.isBuffer(body) ? body : Buffer.from(body));
		let head = `${method} ${rawPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`;
		for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
		if (buf) head += `Content-Length: ${buf.length}\r\n`;
		head += '\r\n';
		const timer = setTimeout(() => finish(new Error(`no complete answer within ${15 * SLOW} s`)), 15000 * SLOW);
		function finish(err) {
			if (settled) return;
			const data = Buffer.concat(chunks);
			let parsed = null;
			try { parsed = parseResponse(data); } catch { parsed = null; }
			if (!parsed && !err && data.length === 0) err = new Error('connection closed without an answer');
			if (parsed) {
				settled = true;
				clearTimeout(timer);
				sock.destroy();
				try {
					checkResponse({ method, path: rawPath, status: parsed.status,
						contentType: parsed.headers['content-type'] ?? null, body: parsed.rawBody,
						header: (n) => parsed.headers[n.toLowerCase()] ?? null });
				} catch (e) {
					reject(e);
					return;
				}
				delete parsed.rawBody;
				resolve(parsed);
			} else if (err) {
				settled = true;
				clearTimeout(timer);
				sock.destroy();
				reject(new Error(`${method} ${rawPath}: ${err.message}; got ${JSON.stringify(data.toString('latin1').slice(0, 300))}`));
			}
		}
		sock.on('connect', () => {
			sock.write(head);
			if (buf) sock.write(buf);
		});
		sock.on('data', (d) => {
			chunks.push(d);
			// answer complete (Content-Length known)? then we are done
			try {
				const p = parseResponse(Buffer.concat(chunks), true);
				if (p) finish(null);
			} catch { /* not yet */ }
		});
		sock.on('end', () => finish(new Error('closed before a complete answer')));
		sock.on('close', () => finish(new Error('closed before a complete answer')));
		// EPIPE/ECONNRESET after the server answered early: finish() takes the
		// answer when one arrived, else reports the error
		sock.on('error', (e) => finish(e));
	});
}

/** Parses a raw HTTP/1.1 response. With NEED_COMPLETE, returns null unless
 * the whole body (by Content-Length or chunked end) is there. */
function parseResponse(data, needComplete = false) {
	const sep = data.indexOf('\r\n\r\n');
	if (sep < 0) {
		if (needComplete) return null;
		throw new Error('no header end');
	}
	const headText = data.subarray(0, sep).toString('latin1');
	const lines = headText.split('\r\n');
	const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
	if (!m) throw new Error('bad status line');
	const headers = {};
	for (const l of lines.slice(1)) {
		const i = l.indexOf(':');
		if (i > 0) {
			const k = l.slice(0, i).trim().toLowerCase();
			const v = l.slice(i + 1).trim();
			headers[k] = headers[k] ? `${headers[k]}, ${v}` : v;
		}
	}
	let rest = data.subarray(sep + 4);
	let body;
	if (/chunked/i.test(headers['transfer-encoding'] || '')) {
		const parts = [];
		let ended = false;
		for (;;) {
			const e = rest.indexOf('\r\n');
			if (e < 0) break;
			const n = parseInt(rest.subarray(0, e).toString('latin1'), 16);
			if (Number.isNaN(n)) break;
			if (n === 0) { ended = true; break; }
			if (rest.length < e + 2 + n) break;
			parts.push(rest.subarray(e + 2, e + 2 + n));
			rest = rest.subarray(e + 2 + n + 2);
		}
		if (needComplete && !ended) return null;
		body = Buffer.concat(parts);
	} else if (headers['content-length'] !== undefined) {
		const n = Number(headers['content-length']);
		if (needComplete && rest.length < n) return null;
		body = rest.subarray(0, n);
	} else {
		const s = Number(m[1]);
		if (needComplete && !(s === 204 || s === 304 || (s >= 100 && s < 200))) return null;
		body = rest;
	}
	return { status: Number(m[1]), headers, body: body.toString('utf8'), rawBody: body };
}

/** fetch(URL, INIT) whose answer is checked against docs/openapi.yaml like
 * api()'s, for bodies api() does not read (XLSX, CSV as bytes, form posts).
 * Returns the fetch Response, unread. */
export async function checkedFetch(url, init = {}) {
	const res = await fetch(url, { redirect: 'manual', ...init });
	const buf = Buffer.from(await res.clone().arrayBuffer());
	checkResponse({ method: init.method || 'GET', path: new URL(url).pathname, status: res.status,
		contentType: res.headers.get('content-type'), body: buf, header: (n) => res.headers.get(n) });
	return res;
}

/** GET RAWPATH exactly as written (no URL normalisation). */
export function rawGet(port, rawPath, headers = {}) {
	return rawRequest(port, { method: 'GET', path: rawPath, headers });
}

let divisionRows = null;
/** The shipped divisions: [{code, name, level, parent_code}]. */
export function divisions() {
	if (!divisionRows) {
		const text = fs.readFileSync(path.join(REPO, 'data', 'shanghai-divisions.csv'), 'utf8');
		const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
		assert.equal(lines[0], 'code,name,level,parent_code');
		divisionRows = lines.slice(1).map((l) => {
			const [code, name, level, parent_code] = l.split(',');
			return { code, name, level, parent_code: parent_code || null };
		});
	}
	return divisionRows;
}

let uniq = 0;
/** A user name nobody else in this test run uses. */
export function uniqueName(stem = 'u') {
	return `${stem}_${process.pid}_${++uniq}`;
}
