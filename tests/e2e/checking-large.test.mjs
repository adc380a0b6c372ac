// A large checking file (docs/checking.md, "Large files") is read and
// compared outside the shared writer and its items written in short
// batches: a login made while it is read completes before it, the batch
// appears whole, and the register is not touched.  (How long the login
// waits is not measured here: the machine is shared.)

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, rawRequest } from './lib/harness.mjs';
import { startRegister, COMMITTEES, ADMIN, makeIdNumber } from './lib/register-fixture.mjs';

const LINES = 30000;
const A = COMMITTEES.A.code;
const STREET = COMMITTEES.A.street;

describe('a large checking file beside other writes', () => {
	let ctx;
	before(async () => {
		ctx = await startRegister();
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	function bigFile() {
		const rows = ['居委会,小区,楼号,室号,姓名,身份证号'];
		for (let i = 0; i < LINES; i++) {
			const birth = new Date(Date.UTC(1940, 0, 1) + i * 86400000).toISOString().slice(0, 10);
			rows.push(`普雄路居委会,大批苑,${1 + Math.floor(i / 400)}号,${100 + (i % 400)},大批${i},${makeIdNumber({ birth, male: i % 2 === 0 })}`);
		}
		return rows.join('\r\n') + '\r\n';
	}

	it('a login completes while the file is read; the batch is written whole; the register is untouched', async () => {
		const { url, server, cookies, fx } = ctx;
		let settled = false;
		const uploading = api(url, 'POST', `/api/v1/checks?area=${STREET}`, {
			cookie: cookies.street, raw: bigFile(), headers: { 'content-type': 'text/csv' },
		}).finally(() => { settled = true; });
		await new Promise((r) => setTimeout(r, 150));
		const li = await rawRequest(server.port, {
			method: 'POST', path: '/api/v1/session', headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
		});
		assert.equal(li.status, 200, li.body);
		assert.equal(settled, false, 'the login did not wait for the whole file');
		const r = await uploading;
		assert.equal(r.status, 201, r.text.slice(0, 500));
		assert.equal(r.json.new, LINES);
		const missingA = fx.residentIds((x) => x.committee === 'A').length;
		assert.equal(r.json.missing, missingA, 'with a 居委会 column: every living resident of A is missing from the file');
		const b = await api(url, 'GET', `/api/v1/checks/${r.json.check.id}`, { cookie: cookies.street });
		assert.deepEqual(b.json.committees.map((c) => [c.committee_code, c.open]), [[A, LINES + missingA]]);
		const reg = await api(url, 'GET', `/api/v1/residents?committee_code=${A}&q=${encodeURIComponent('大批')}&limit=1`, { cookie: cookies.admin });
		assert.equal(reg.json.total, 0, 'nothing of the file is in the register');
		const cmp = await api(url, 'GET', `/api/v1/compounds?committee_code=${A}&q=${encodeURIComponent('大批苑')}`, { cookie: cookies.admin });
		assert.equal(cmp.json.items.length, 0, 'no place was made');
	});
});
