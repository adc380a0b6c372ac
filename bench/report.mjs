// Formats the results of bench/run.sh as one table, prints it and writes
// bench/RESULTS.md.   node bench/report.mjs RESULTS_TXT COMMANDS_TXT RESULTS_MD
import { readFileSync, writeFileSync } from 'node:fs';

const [resultsFile, commandsFile, mdFile] = process.argv.slice(2);
const r = {};
for (const line of readFileSync(resultsFile, 'utf8').split('\n')) {
	const i = line.indexOf('=');
	if (i > 0) r[line.slice(0, i)] = line.slice(i + 1);
}
const num = (k) => Number(r[k]);
const search = JSON.parse(r.search_json || '{}');
const fmt = (x, d = 0) => Number.isFinite(x)
	? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '—';
const ratio = (a, b) => a / b;

// what, sibai, reference, ratio, target, ok (null: no target)
const rows = [];
{
	const s = num('get_sibai'), n = num('get_nginx'), x = ratio(s, n);
	rows.push([`GET one household with members (${r.get_bytes} B), req/s, wrk -t2 -c64`,
		fmt(s), `nginx static file: ${fmt(n)}`, fmt(x, 2), '≥ 0.75', x >= 0.75]);
}
{
	const s = num('post_FULL_sibai'), c = num('post_FULL_cli'), x = ratio(s, c);
	rows.push(['POST a visit, synchronous=FULL, req/s, wrk -t2 -c64 (20,000 households)',
		fmt(s), `sqlite3 CLI, 1 row/tx, FULL: ${fmt(c)} rows/s`, fmt(x, 2), '≥ 1.0', x >= 1.0]);
}
{
	const s = num('post_NORMAL_sibai'), c = num('post_NORMAL_cli'), x = ratio(s, c);
	rows.push(['POST a visit, synchronous=NORMAL, req/s, wrk -t2 -c64 (20,000 households)',
		fmt(s), `sqlite3 CLI, 1 row/tx, NORMAL: ${fmt(c)} rows/s`, fmt(x, 2), '— (shown)', null]);
}
{
	const s = num('cov_sibai'), c = num('cov_cli'), x = ratio(s, c);
	rows.push([`coverage of ${r.cov_committees} committees for a year (${r.cov_period}), s`,
		fmt(s, 3), `sqlite3 CLI, plain SQL: ${fmt(c, 3)} s`, fmt(x, 2), '≤ 0.3', x <= 0.3]);
}
{
	const rows_n = num('imp_rows');
	const s = rows_n / num('imp_sibai_s'), c = rows_n / num('imp_cli_s'), x = ratio(s, c);
	rows.push([`import ${fmt(rows_n)} residents (CSV), rows/s`,
		`${fmt(s)} (${fmt(num('imp_sibai_s'), 1)} s)`,
		`sqlite3 .import, bare table: ${fmt(c)} (${fmt(num('imp_cli_s'), 1)} s)`, fmt(x, 2), '≥ 0.5', x >= 0.5]);
}
rows.push([`name search, p50, ms (${search.n} names, sequential)`, fmt(search.p50_ms, 2), '—', '—', '— (shown)', null]);
rows.push([`name search, p99, ms (${search.n} names, sequential)`, fmt(search.p99_ms, 2), '—', '—', '≤ 10 ms',
	search.p99_ms <= 10 && search.errors === 0]);
{
	const [p50, p99] = (r.search_server || '').split(' ').map(Number);
	rows.push(['name search as the server timed it (access log), p50 / p99, ms', `${fmt(p50, 2)} / ${fmt(p99, 2)}`,
		'—', '—', '— (shown)', null]);
}
{
	const anon = num('rss_anon_kb') / 1024, hwm = num('rss_hwm_kb') / 1024;
	rows.push(['server peak RSS without the mmap\'d database (max RssAnon, sampled 4×/s), MB',
		fmt(anon, 1), '—', '—', '≤ 150 MB', anon <= 150]);
	rows.push(['server peak RSS with the mmap\'d database pages (VmHWM), MB',
		fmt(hwm, 1), '—', '—', '— (shown)', null]);
}

const head = ['what', 'sibai', 'reference (same run)', 'ratio', 'target', 'result'];
const mark = (ok) => ok === null ? '' : ok ? 'pass' : '**miss**';
const table = [
	`| ${head.join(' | ')} |`,
	`|${head.map((h, i) => (i === 0 || i === 2 ? '---' : '--:')).join('|')}|`,
	...rows.map((x) => `| ${x.slice(0, 5).join(' | ')} | ${mark(x[5])} |`),
].join('\n');

const commands = readFileSync(commandsFile, 'utf8').trim();
const md = `# Benchmark results

Written by \`make bench\` (\`bench/run.sh\`); see \`bench/README.md\` for what each
row means.  Every reference was measured in the same run on the same machine;
compare ratios, not absolute figures, across machines.

- date: ${r.date}
- machine: \`${r.uname}\`
- nproc: ${r.nproc}; CPU: ${r.cpu}; memory: ${r.mem}
- software: ${r.versions}
- data set: \`sibai demo --scale district --seed 1\`, ${r.db_mb} MB, ${r.demo_summary};
  this run's copy had ${fmt(num('households'))} households, ${fmt(num('residents'))} residents and
  ${fmt(num('visits_before'))} visits before the run (${fmt(num('visits_after'))} after it)
- whole bench: ${r.bench_seconds} s; load average (1, 5, 15 min) before the measurements
  ${r.load_before}, after them ${r.load_after} (anything else running on the machine shows here)

${table}

Details: GET runs (sibai / nginx, req/s):${r.get_sibai_runs} /${r.get_nginx_runs}; the static file is
the real answer of median size among 31 households (sizes ${r.get_bytes_range} B).
POST runs (sibai req/s / sqlite3 CLI rows/s), FULL:${r.post_FULL_runs} /${r.post_FULL_cli_runs}; NORMAL:${r.post_NORMAL_runs} /${r.post_NORMAL_cli_runs}.
Name search: ${JSON.stringify(search)}.
Coverage: ${r.cov_visited} households visited in the period (the sqlite3 query's sum).
Import: ${r.imp_report}

## Commands

\`\`\`
${commands}
\`\`\`
`;
writeFileSync(mdFile, md);
console.log('\n' + table + '\n');
console.log(`written to ${mdFile}`);
