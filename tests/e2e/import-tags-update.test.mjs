// An import that finds a resident already in the register (by ID number)
// and gives it other tags replaces its tags in the importer's scope
// (docs/import-template.md, "tags"), and writes the change to its history.
// Found by the benchmark's 1.2 M-line file: the first such line stopped the
// server (the tags were written with no scope at all).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const HEADER = '小区,楼号,室号,姓名,性别,出生日期,身份证号,手机,与户主关系,户籍类型,标签';
// a synthetic ID number with a valid check digit (GB 11643)
function idNumber(body17) {
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...body17].reduce((s, d, i) => s + Number(d) * w[i], 0);
	return body17 + '10X98765432'[sum % 11];
}
const ID = idNumber('31010719480312004');

describe('an import that changes a resident’s tags', () => {
	let ctx, url, c;

	before(async () => {
		ctx = await startRegister();
		({ url, cookies: c } = ctx);
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	async function importCsv(tags) {
		const csv = `${HEADER}\n普雄新村,3号,502室,税秀兰,女,1948-03-12,${ID},13800000001,户主,户籍,${tags}\n`;
		const r = await api(url, 'POST', `/api/v1/imports?committee_code=${A}`, { cookie: c.headA, raw: Buffer.from(csv), headers: { 'content-type': 'text/csv' } });
		assert.equal(r.status, 200, r.text);
		return r.json;
	}

	it('replaces the tags of the resident it finds, and the server lives on', async () => {
		const first = await importCsv('独居老人');
		assert.equal(first.inserted, 1, JSON.stringify(first.lines));
		const second = await importCsv('困难家庭');
		assert.equal(second.updated, 1, JSON.stringify(second.lines));
		assert.equal(second.rejected, 0);

		const found = await api(url, 'GET', `/api/v1/residents?committee_code=${A}&q=${encodeURIComponent('税秀兰')}`, { cookie: c.headA });
		assert.equal(found.status, 200, found.text);
		assert.equal(found.json.items.length, 1);
		const names = found.json.items[0].tags.filter((t) => !t.derived).map((t) => t.name);
		assert.deepEqual(names, ['困难家庭']);

		const history = await api(url, 'GET', `/api/v1/residents/${found.json.items[0].id}/history`, { cookie: c.headA });
		assert.equal(history.status, 200, history.text);
		assert.ok(history.json.items.length >= 2, `create and the tags' update: ${history.text}`);
	});
});
