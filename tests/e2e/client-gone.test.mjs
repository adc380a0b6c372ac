// Work stops when its client goes away (docs/api.md, "Long answers"): an
// export or a report whose client has closed its connection is stopped at
// its next look at the socket, instead of running on for nobody; a write is
// always finished, so that a phone that lost the answer finds it done.

import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it, before, after } from 'node:test';
import {
	api, describeRun, initDb, login, rmdir, sibai, startServer, tmpdir, writeSecretFile, SLOW,
} from './lib/harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const COMMITTEE = '310107015028';

/** Sends one request and closes the connection without reading.  The last
 * two bytes of the request go with the end of the stream, so the server
 * cannot begin the work before it can see the client is gone (else a quick
 * answer could race the close). */
function sendAndLeave(port, head) {
	return new Promise((resolve) => {
		const s = net.connect({ port, host: '127.0.0.1' }, () => {
			s.setNoDelay(true);
			s.write(head.slice(0, -2));
			setTimeout(() => s.end(head.slice(-2)), 100);
		});
		s.on('error', () => {});
		s.on('close', resolve);
		s.resume();
		setTimeout(() => s.destroy(), 300);
	});
}

describe('a client that goes away', () => {
	let dir, srv, head, cookieHeader;

	before(async () => {
		dir = await tmpdir();
		const { db } = await initDb(dir);
		const pw = writeSecretFile(dir, 'demo-worker-pass-1', 'worker-pass');
		const args = ['demo', '--db', db, '--scale', 'committee', '--seed', '5', '--worker-password-file', pw];
		const r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		srv = await startServer({ db });
		const m = r.stdout.match(/^\s*puxiong_head\s+committee_head\s+310107015028\s+.*password: (\S+)$/m);
		assert.ok(m, `puxiong_head and its password are printed:\n${r.stdout}`);
		head = await login(srv.url, 'puxiong_head', m[1]);
		cookieHeader = head;
	});
	after(async () => {
		if (srv) await srv.stop();
		if (dir) await rmdir(dir);
	});

	/** Waits for a line of the server's log matching re. */
	async function logged(re) {
		for (let i = 0; i < 50 * SLOW; i++) {
			if (re.test(srv.stderrText())) return true;
			await sleep(100);
		}
		return false;
	}

	// The export is the longest read of a committee's demo data; a report is
	// stopped the same way (every GET runs under the same check), but at
	// this scale it can finish before the close reaches the server.
	for (const [what, path] of [
		['the register export', '/api/v1/residents/export?format=xlsx'],
	]) {
		it(`${what} stops when its client has gone, and the server serves on`, async () => {
			const before = srv.stderrText().length;
			await sendAndLeave(srv.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookieHeader}\r\n\r\n`);
			const route = path.split('?')[0].replace(/\//g, '\\/');
			const re = new RegExp(`GET ${route} stopped: the client went away`);
			assert.ok(await logged(re), `the log says the work stopped:\n${srv.stderrText().slice(before)}`);
			const r = await api(srv.url, 'GET', path.includes('export') ? '/api/v1/households?limit=1' : path, { cookie: head });
			assert.equal(r.status, 200, 'the next request is served');
		});
	}

	it('a client that stays gets the whole export', async () => {
		const r = await fetch(`${srv.url}/api/v1/residents/export?format=csv`, { headers: { cookie: head } });
		assert.equal(r.status, 200);
		const text = await r.text();
		assert.match(text, /共 \d+ 行/, 'the export is whole, footer included');
	});

	it('a write whose client has gone is still made', async () => {
		const list = await api(srv.url, 'GET', '/api/v1/tags', { cookie: head });
		assert.equal(list.status, 200, list.text);
		const name = `走后仍存-${process.pid}`;
		const body = JSON.stringify({ name, category: 'custom', committee_code: COMMITTEE });
		await sendAndLeave(srv.port,
			`POST /api/v1/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookieHeader}\r\n` +
			`Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
		let found = false;
		for (let i = 0; i < 50 * SLOW && !found; i++) {
			const now = await api(srv.url, 'GET', '/api/v1/tags', { cookie: head });
			found = now.text.includes(name);
			if (!found) await sleep(100);
		}
		assert.ok(found, 'the tag the client did not wait for is there');
	});
});
