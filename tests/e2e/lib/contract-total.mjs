// Prints how many responses the contract check (./contract.mjs) validated in
// the last end-to-end run: each test process appended
// "RUNNER_PID PID VALIDATED UNKNOWN OUTSIDE FILE" to build/e2e-contract.log; the
// lines of the last run share the runner pid of the last line.
//
//   node tests/e2e/lib/contract-total.mjs [--all] [-v]   (--all: every run in the log; -v: per file)

import fs from 'node:fs';
import { CONTRACT_LOG } from './contract.mjs';

let lines = [];
try {
	lines = fs.readFileSync(CONTRACT_LOG, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' '));
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
