// Imports do not starve other writes (issue 14, F3): a large import is read
// and checked outside the shared writer and written in short batches, so a
// login and a visit recorded while it runs complete while it is still
// running, and the import completes too.  (How long they wait is measured by
// bench/import-wait.sh, never here.)  The requests beside the import each
// come on a new connection; kept-alive connections beside a long import are
// long-work.test.mjs's subject.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, rawRequest } from './lib/harness.mjs';
import { startVisits, addDays, A, ADMIN } from './lib/visits-fixture.mjs';
import { makeIdNumber } from './lib/register-fixture.mjs';

const LINES = 15000;

describe('an import beside other writes', () => {
	let w, T, head, worker, hh;

	before(async () => {
		w = await startVisits();
		T = w.today;
		head = await w.user('headI', 'committee_head', A);
		worker = await w.user('wI', 'worker', A);
		const x = await w.compound(A, '旁写苑');
		const b = await w.building(x, '1号');
		hh = await w.household(b, '101');
		const g = await w.grid(head.cookie, { committee_code: A, name: '旁写网格', building_ids: [b.id], household_ids: [] });
		await w.assign(head.cookie, g.id, { worker_id: worker.id, start_on: addDays(T, -400) });
	});
	after(async () => {
		if (w) await w.stop();
	});

	/** A CSV of LINES residents in their own compound, each with an ID number. */
	function bigFile() {
		const rows = ['小区,楼号,室号,姓名,身份证号'];
		for (let i = 0; i < LINES; i++) {
			const birth = new Date(Date.UTC(1940, 0, 1) + i * 86400000).toISOString().slice(0, 10); // one a day: unique numbers
			rows.push(`大批苑,${1 + Math.floor(i / 400)}号,${100 + (i % 400)},大批${i},${makeIdNumber({ birth, male: i % 2 === 0 })}`);
		}
		return rows.join('\r\n') + '\r\n';
	}

	/** A request on a connection of its own; the answer with its JSON. */
	const fresh = async (method, path, { cookie, body } = {}) => {
		const headers = { cookie: cookie || '' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		const r = await rawRequest(w.server.port, { method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		return { ...r, json: r.body ? JSON.parse(r.body) : null };
	};
	const importedSoFar = async () => (await fresh('GET', `/api/v1/residents?committee_code=${A}&q=${encodeURIComponent('大批')}&limit=1`, { cookie: w.admin })).json.total;

	it('a login and a visit complete while a large import runs; the import completes', async () => {
		let settled = false;
		const importing = api(w.url, 'POST', `/api/v1/imports?committee_code=${A}`, {
			cookie: head.cookie, raw: bigFile(), headers: { 'content-type': 'text/csv' },
		}).finally(() => { settled = true; });
		// wait for its first batches to be on disk: the import is under way
		while (!settled && (await importedSoFar()) === 0) await new Promise((r) => setTimeout(r, 50));
		assert.equal(settled, false, 'the import was still running when its first batch was visible');
		const li = await fresh('POST', '/api/v1/session', { body: { username: ADMIN.username, password: ADMIN.password } });
		assert.equal(li.status, 200, li.body);
		const v = await fresh('POST', '/api/v1/visits', { cookie: worker.cookie, body: { household_id: hh.id, channel: 'home', observed: '导入时走访' } });
		assert.equal(v.status, 201, v.body);
		assert.equal(settled, false, 'the login and the visit did not wait for the whole import');
		const during = await importedSoFar();
		assert.ok(during > 0 && during < LINES, `part of the import is written: ${during}`);
		const r = await importing;
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.inserted, LINES, JSON.stringify({ ...r.json, lines: r.json.lines.slice(0, 3) }));
		assert.equal(r.json.rejected, 0);
		assert.equal(await importedSoFar(), LINES);
		const visits = (await w.get(`/api/v1/visits?household_id=${hh.id}&limit=10`)).items;
		assert.ok(visits.some((x) => x.observed === '导入时走访'));
	});
});
