// Name-search latency, measured client-side: sequential requests over one
// keep-alive connection, one per name.
//   node bench/search.mjs BASE_URL COOKIE NAMES_FILE [WARMUP]
// Prints one JSON line: {n, p50_ms, p90_ms, p99_ms, max_ms, mean_ms, errors, mean_total,
// slowest: the five slowest names with their time and match count}.
// The first WARMUP names (default 50) are requested but not counted.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [base, cookie, namesFile, warmupArg] = process.argv.slice(2);
const warmup = Number(warmupArg ?? 50);
const names = readFileSync(namesFile, 'utf8').split('\n').filter(Boolean);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(path) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: url.hostname, port: url.port, path, agent,
			headers: { Cookie: cookie } }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end();
	});
}

const times = [];
const all = []; // [ms, name, total] of every counted request
let errors = 0, totals = 0, counted = 0;
for (let k = 0; k < names.length; k++) {
	const path = '/api/v1/residents?q=' + encodeURIComponent(names[k]);
	const t0 = process.hrtime.bigint();
	const r = await get(path);
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	if (k < warmup) continue;
	if (r.status !== 200) {
		errors++;
		if (errors <= 3) console.error(`search: ${path}: HTTP ${r.status} ${r.body.toString().slice(0, 200)}`);
		continue;
	}
	times.push(ms);
	try {
		const total = JSON.parse(r.body).total ?? 0;
		totals += total;
		counted++;
		all.push([ms, names[k], total]);
	} catch { errors++; }
}
agent.destroy();
times.sort((a, b) => a - b);
const q = (p) => times.length ? times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] : NaN;
const r3 = (x) => Math.round(x * 1000) / 1000;
console.log(JSON.stringify({
	n: times.length, p50_ms: r3(q(0.5)), p90_ms: r3(q(0.9)), p99_ms: r3(q(0.99)),
	max_ms: r3(times.at(-1) ?? NaN), mean_ms: r3(times.reduce((a, b) => a + b, 0) / (times.length || 1)),
	errors, mean_total: counted ? Math.round(totals / counted) : null,
	slowest: all.sort((a, b) => b[0] - a[0]).slice(0, 5).map(([ms, name, total]) => `${name} ${r3(ms)} ms (${total})`),
}));
