// The longest wait of a small write beside a large import (issue 14, F3):
//   sh bench/import-wait.sh            (builds nothing; uses SIBAI_BIN)
// Starts a server on a fresh database, posts an import of about 31 MiB
// (bench/gen-residents.mjs lines, under the 32 MiB body limit) and, while it
// runs, records a compound (a small JSON write, durable like any other)
// every 100 ms, timing each from request to answer.  Prints the import's
// lines and seconds and the writes' count, median, 99th percentile and
// maximum.  Timings belong here, never in tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const BIN = process.env.SIBAI_BIN || 'build/release/sibai';
const MIB = Number(process.env.IMPORT_MIB || 31);
const COMMITTEE = '310107015028';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-wait-'));
const db = path.join(dir, 'w.db');
fs.writeFileSync(path.join(dir, 'pw'), 'bench-password-2026');
let r = spawnSync(BIN, ['init', '--db', db, '--admin-password-file', path.join(dir, 'pw')]);
if (r.status !== 0) throw new Error(String(r.stderr));

// ~70 bytes a line: lines for MIB mebibytes, cut under the limit
const lines = Math.floor((MIB * 1048576) / 78);
r = spawnSync('node', ['bench/gen-residents.mjs', String(lines), '7'], { maxBuffer: 1 << 30 });
let csv = r.stdout;
while (csv.length > MIB * 1048576) csv = csv.subarray(0, csv.lastIndexOf(10, MIB * 1048576 - 1) + 1);


const server = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'ignore'] });
const url = await new Promise((resolve, reject) => {
	let out = '';
	server.stdout.on('data', (d) => {
		out += d;
		const m = out.match(/^listening on (http:\/\/127\.0\.0\.1:\d+)/);
		if (m) resolve(m[1]);
	});
	server.on('exit', () => reject(new Error('the server exited')));
});
const res = await fetch(url + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' },
	body: JSON.stringify({ username: 'admin', password: 'bench-password-2026' }) });
const cookie = res.headers.get('set-cookie').split(';')[0];

const waits = [];
let done = false, n = 0;
const t0 = performance.now();
// node:http, not fetch: fetch gives up on an answer after 300 s
const importing = new Promise((resolve, reject) => {
	const req = http.request(`${url}/api/v1/imports?committee_code=${COMMITTEE}`, {
		method: 'POST', headers: { cookie, 'content-type': 'text/csv', 'content-length': csv.length },
	}, (r) => {
		const chunks = [];
		r.on('data', (d) => chunks.push(d));
		r.on('end', () => resolve({ status: r.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
	});
	req.on('error', reject);
	req.end(csv);
}).finally(() => { done = true; });
while (!done) {
	const s = performance.now();
	const w = await fetch(`${url}/api/v1/compounds`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ committee_code: COMMITTEE, name: `旁写${++n}`, kind: 'other' }) });
	await w.arrayBuffer();
	if (w.status !== 201) throw new Error(`write ${w.status}`);
	if (!done) waits.push(performance.now() - s);
	await new Promise((resolve) => setTimeout(resolve, 100));
}
const imp = await importing;
const secs = (performance.now() - t0) / 1000;
server.kill('SIGTERM');
fs.rmSync(dir, { recursive: true, force: true });
waits.sort((a, b) => a - b);
const q = (p) => waits[Math.min(waits.length - 1, Math.floor(p * waits.length))].toFixed(0);
console.log(`import: ${(csv.length / 1048576).toFixed(1)} MiB, ${imp.body.rows} lines, status ${imp.status}, ` +
	`${imp.body.inserted} inserted, ${imp.body.updated} updated, ${imp.body.rejected} rejected, ${secs.toFixed(1)} s (${(imp.body.rows / secs).toFixed(0)} lines/s)`);
console.log(`writes beside it: ${waits.length}, median ${q(0.5)} ms, p99 ${q(0.99)} ms, longest ${waits[waits.length - 1].toFixed(0)} ms`);
