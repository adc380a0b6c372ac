// The import corpus (tests/import-corpus/, made by make-corpus.mjs): files
// as offices make them, each imported into a committee of its own, first as a
// dry run (nothing written, the same report) and then for real, its report
// and the register held against expected.json.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { api, assertError, divisions, initDb, listAll, login, REPO, startServer, tmpdir } from './lib/harness.mjs';

const CORPUS = path.join(REPO, 'tests', 'import-corpus');
const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected.json'), 'utf8'));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('the import corpus', () => {
	let server, cookie;
	// one committee per file, so that the files cannot meet
	const committees = divisions().filter((d) => d.level === 'committee' && d.code.startsWith('310107015'));
	const committeeOf = {};

	before(async () => {
		const dir = await tmpdir();
		const { db, adminPassword } = await initDb(dir);
		server = await startServer({ db });
		cookie = await login(server.url, 'admin', adminPassword);
		Object.keys(expected).forEach((f, i) => { committeeOf[f] = committees[i].code; });
	});
	after(async () => {
		if (server) await server.stop();
	});

	const post = (file, query = '') => api(server.url, 'POST', `/api/v1/imports?committee_code=${committeeOf[file]}${query}`, {
		cookie, raw: fs.readFileSync(path.join(CORPUS, 'files', file)),
		headers: { 'content-type': file.endsWith('.csv') ? 'text/csv' : XLSX_TYPE },
	});
	const residentsOf = (file) => listAll(server.url, `/api/v1/residents?status=any&committee_code=${committeeOf[file]}`, cookie);
	const compoundsOf = async (file) => (await listAll(server.url, '/api/v1/compounds', cookie)).filter((c) => c.committee_code === committeeOf[file]);

	it('has files and a committee for each', () => {
		assert.ok(Object.keys(expected).length >= 12);
		assert.ok(committees.length >= Object.keys(expected).length);
		for (const f of Object.keys(expected)) assert.ok(fs.existsSync(path.join(CORPUS, 'files', f)), f);
	});

	for (const [file, want] of Object.entries(expected)) {
		it(`${file}: ${want.what}`, async () => {
			if (want.error) {
				const r = await post(file);
				assertError(r, want.error.status, 'bad_field', want.error.field);
				assert.ok(r.json.error.message_zh.includes(want.error.message_zh), r.text);
				assert.deepEqual(await residentsOf(file), [], 'nothing written');
				assert.deepEqual(await compoundsOf(file), [], 'no place written');
				return;
			}
			const dry = await post(file, '&dry_run=true');
			assert.equal(dry.status, 200, dry.text);
			assert.equal(dry.json.written, false);
			assert.deepEqual(await residentsOf(file), [], 'a dry run writes nothing');
			const r = await post(file);
			assert.equal(r.status, 200, r.text);
			const rep = r.json;
			const summary = (x) => ({ inserted: x.inserted, rejected: x.rejected, created: x.created, places: x.places,
				lines: x.lines.map((l) => [l.line, l.status, l.field]) });
			assert.deepEqual(summary(dry.json), summary(rep), 'the dry run reports what the import does');
			for (const [k, v] of Object.entries(want.report)) assert.deepEqual(rep[k], v, `${k}: ${r.text}`);
			for (const [n, l] of Object.entries(want.lines || {})) {
				const got = rep.lines.find((x) => x.line === Number(n));
				assert.ok(got, `line ${n}`);
				for (const [k, v] of Object.entries(l)) {
					if (k === 'reason_zh') assert.ok(got.reason_zh.includes(v), `line ${n}: ${got.reason_zh}`);
					else assert.equal(got[k], v, `line ${n} ${k}: ${JSON.stringify(got)}`);
				}
			}
			// every column of the header is mapped or named as ignored
			for (const c of rep.columns) assert.ok(c.field !== null || (c.ignored && c.ignored_zh), JSON.stringify(c));
			const ignored = rep.columns.filter((c) => c.field === null).map((c) => c.header);
			assert.deepEqual(ignored, want.ignored || [], 'the columns reported ignored');
			if (want.places) assert.deepEqual(rep.places, want.places);
			if (want.warnings) {
				assert.deepEqual(rep.warnings.map((w) => ({ line: w.line, field: w.field })), want.warnings);
				for (const w of rep.warnings) assert.ok(w.message_zh.includes('GBK'), w.message_zh);
			} else {
				assert.deepEqual(rep.warnings, []);
			}
			const people = await residentsOf(file);
			assert.equal(people.length, rep.inserted, 'the inserted residents are in the register');
			for (const p of want.residents || []) {
				const got = people.find((x) => x.name === p.name);
				assert.ok(got, `${p.name} imported`);
				for (const [k, v] of Object.entries(p)) assert.deepEqual(got[k], v, `${p.name} ${k}`);
			}
			for (const name of want.absent || []) assert.ok(!people.some((x) => x.name === name), `${name} not imported`);
			if (want.sameHousehold) {
				const hh = new Set(want.sameHousehold.map((n) => people.find((x) => x.name === n).household_id));
				assert.equal(hh.size, 1, 'one household');
			}
			// the same file again changes nothing
			const again = await post(file);
			assert.equal(again.status, 200);
			assert.equal(again.json.inserted, 0, again.text);
			assert.equal(again.json.updated, 0, again.text);
			assert.deepEqual(again.json.created, { compounds: 0, buildings: 0, households: 0 });
		});
	}
});
