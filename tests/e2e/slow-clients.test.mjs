// Slow and many clients (README, "sibai serve"): at most --per-ip-limit
// connections at once from one address, and a request (headers and body)
// must arrive within --request-deadline seconds, however steadily it trickles.

import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it, before, after } from 'node:test';
import { tmpdir, initDb, startServer, SLOW } from './lib/harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A connected socket to 127.0.0.1:port from localAddress. */
function connect(port, localAddress = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const s = net.connect({ port, host: '127.0.0.1', localAddress });
		s.once('connect', () => resolve(s));
		s.once('error', reject);
	});
}

/** GET /healthz from localAddress: the answer's text, '' when the server
 * closed the connection without one. */
async function healthz(port, localAddress) {
	const s = await connect(port, localAddress);
	return new Promise((resolve) => {
		let text = '';
		const timer = setTimeout(() => { s.destroy(); resolve('(no answer, not closed)'); }, 10000 * SLOW);
		s.setEncoding('latin1');
		s.on('data', (d) => { text += d; });
		s.on('error', () => {});
		s.on('close', () => { clearTimeout(timer); resolve(text); });
		s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
	});
}

describe('slow clients', () => {
	let server, dir;
	const LIMIT = 4;

	before(async () => {
		dir = await tmpdir();
		const { db } = await initDb(dir);
		server = await startServer({ db, extraArgs: ['--per-ip-limit', String(LIMIT), '--request-deadline', '2'] });
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('--per-ip-limit: connections past the limit from one address are refused; other addresses are served; closing frees them', async () => {
		const port = server.port;
		assert.match(await healthz(port), /^HTTP\/1\.1 200/, 'a request before the idle connections');
		const idle = [];
		for (let i = 0; i < LIMIT; i++) {
			const s = await connect(port);
			s.on('error', () => {});
			s.write('GET /healthz HTTP/1.1\r\n'); // and nothing more
			idle.push(s);
		}
		await sleep(300 * SLOW);
		assert.equal(await healthz(port), '', 'a connection past the limit from 127.0.0.1 is closed unanswered');
		assert.match(await healthz(port, '127.0.0.2'), /^HTTP\/1\.1 200/, 'another address is served meanwhile');
		for (const s of idle) s.destroy();
		await sleep(300 * SLOW);
		assert.match(await healthz(port), /^HTTP\/1\.1 200/, 'served again once the idle connections are closed');
	});

	it('--request-deadline: a body trickled one byte a second is cut off past the deadline', async () => {
		const port = server.port;
		const body = '{"username":"admin","password":"admin-pass-123"}';
		const s = await connect(port);
		let closedAt = null;
		let answer = '';
		s.setEncoding('latin1');
		s.on('data', (d) => { answer += d; });
		s.on('error', () => {});
		s.on('close', () => { closedAt = Date.now(); });
		const t0 = Date.now();
		s.write(`POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
			`Content-Length: ${body.length}\r\n\r\n`);
		let sent = 0;
		while (closedAt === null && sent < body.length) {
			await sleep(1000);
			if (closedAt === null) s.write(body[sent++]);
		}
		for (let i = 0; i < 20 && closedAt === null; i++) await sleep(100);
		s.destroy();
		assert.ok(closedAt !== null, `the connection is closed (sent ${sent} of ${body.length} bytes)`);
		assert.ok(sent < body.length, `closed before the whole body came: ${sent} of ${body.length} bytes`);
		assert.ok(closedAt - t0 >= 2000, `not before the deadline: ${closedAt - t0} ms`);
		assert.ok(!/^HTTP\/1\.1 2/.test(answer), `no success answer: ${answer}`);
		assert.match(await healthz(port), /^HTTP\/1\.1 200/, 'the server still serves others');
	});

	// The headers (and the request line before them) are bounded too: the
	// connection timeout restarts on each byte, the deadline does not.
	for (const [what, first, rest] of [
		['headers', 'GET /healthz HTTP/1.1\r\n', 'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n'],
		['request line', 'GET /healthz?', 'x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\n\r\n'],
	]) {
		it(`--request-deadline: ${what} trickled one byte every 700 ms are cut off past the deadline`, async () => {
			const port = server.port;
			const s = await connect(port);
			let closedAt = null;
			let answer = '';
			s.setEncoding('latin1');
			s.on('data', (d) => { answer += d; });
			s.on('error', () => {});
			s.on('close', () => { closedAt = Date.now(); });
			const t0 = Date.now();
			s.write(first);
			let sent = 0;
			while (closedAt === null && sent < rest.length) {
				await sleep(700);
				if (closedAt === null && !s.destroyed) s.write(rest[sent++]);
			}
			for (let i = 0; i < 30 && closedAt === null; i++) await sleep(100);
			s.destroy();
			assert.ok(closedAt !== null, `the connection is closed (sent ${sent} of ${rest.length} bytes)`);
			assert.ok(sent < rest.length, `closed before the whole request came: ${sent} of ${rest.length} bytes`);
			assert.ok(closedAt - t0 >= 2000, `not before the deadline: ${closedAt - t0} ms`);
			assert.equal(answer, '', 'no answer to a request that never arrived');
			assert.match(await healthz(port), /^HTTP\/1\.1 200/, 'the server still serves others');
		});
	}

	it('a kept-alive connection serves request after request inside the deadline', async () => {
		const port = server.port;
		const s = await connect(port);
		let text = '';
		s.setEncoding('latin1');
		s.on('data', (d) => { text += d; });
		s.on('error', () => {});
		for (let i = 0; i < 4; i++) {
			s.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
			await sleep(900); // 3.6 s in all: past the 2 s deadline, each request well inside it
		}
		s.destroy();
		assert.equal((text.match(/HTTP\/1\.1 200/g) || []).length, 4, `four answers on one connection: ${text.slice(0, 300)}`);
	});

});

describe('many idle clients', () => {
	let server;

	before(async () => {
		const { db } = await initDb(await tmpdir());
		server = await startServer({ db, extraArgs: ['--per-ip-limit', '0'] });
	});
	after(async () => {
		if (server) await server.stop();
	});

	it('past FD_SETSIZE (1024) idle connections, a new client is still served', async () => {
		const idle = [];
		try {
			for (let i = 0; i < 1100; i++) {
				const s = await connect(server.port, `127.0.${1 + (i % 8)}.${1 + Math.floor(i / 8) % 250}`);
				s.on('error', () => {});
				s.write('GET /healthz HTTP/1.1\r\n');
				idle.push(s);
			}
			await sleep(500 * SLOW);
			assert.match(await healthz(server.port, '127.0.9.1'), /^HTTP\/1\.1 200/, 'served beside 1100 idle connections');
		} finally {
			for (const s of idle) s.destroy();
		}
	});
});
