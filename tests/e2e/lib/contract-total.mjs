// Prints how many responses the contract check (./contract.mjs) validated in
// the last end-to-end run: each test process appended
// "RUNNER_PID PID VALIDATED UNKNOWN OUTSIDE FILE" to build/e2e-contract.log; the
// lines of the last run share the runner pid of the last line.
//
//   node tests/e2e/lib/contract-total.mjs [--all] [-v] [--coverage]
//   (--all: every run in the log; -v: per file; --coverage: the operations
//   no test got a 2xx answer from)

import fs from 'node:fs';
import { CONTRACT_LOG } from './contract.mjs';

let lines = [];
let answered = [];
try {
	const rows = fs.readFileSync(CONTRACT_LOG, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '));
	lines = rows.filter((l) => l[1] !== 'answered');
	answered = rows.filter((l) => l[1] === 'answered');
} catch {
	console.log(`contract check: no counts in ${CONTRACT_LOG} (no e2e run yet)`);
	process.exit(0);
}
const all = process.argv.includes('--all');
const run = lines.length ? lines[lines.length - 1][0] : null;
const mine = all ? lines : lines.filter((l) => l[0] === run);
let validated = 0;
let unknown = 0;
let outside = 0;
for (const [, , v, u, o, file] of mine) {
	validated += Number(v);
	unknown += Number(u);
	outside += Number(o);
	if (process.argv.includes('-v')) console.log(`${String(v).padStart(6)} ${String(u).padStart(4)} ${String(o).padStart(4)}  ${file}`);
}
console.log(`contract check: ${validated} responses validated against docs/openapi.yaml in ${mine.length} test files; ` +
	`besides: ${unknown} errors on paths outside the spec (only the Error body checked), ${outside} static files served (not checked)`);

if (process.argv.includes('--coverage')) {
	// the documented (method, path) pairs no test got a 2xx answer from
	const { default: YAML } = await import('yaml');
	const spec = YAML.parse(fs.readFileSync(new URL('../../../docs/openapi.yaml', import.meta.url), 'utf8'));
	const ok = new Set(answered.filter((l) => all || l[0] === run).filter((l) => /^2/.test(l[4])).map((l) => `${l[2]} ${l[3]}`));
	const ops = [];
	for (const [tpl, item] of Object.entries(spec.paths || {})) {
		for (const m of ['get', 'put', 'post', 'delete', 'patch']) if (item[m]) ops.push(`${m.toUpperCase()} ${tpl}`);
	}
	const missing = ops.filter((o) => !ok.has(o));
	console.log(`${ops.length - missing.length} of ${ops.length} operations answered 2xx at least once; never:`);
	for (const o of missing) console.log(`  ${o}`);
}
