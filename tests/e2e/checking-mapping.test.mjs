// The import's mapping step (docs/checking.md, "The mapping step"): a
// preview of the first rows, a field chosen per column, the mapping
// remembered per area under its header and offered again; an import (or a
// checking file) takes an explicit mapping over the synonyms.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES, makeIdNumber } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const C = COMMITTEES.C.code;

describe('the mapping step: preview, an explicit mapping, remembered per area', () => {
	let ctx, url, c;
	before(async () => {
		ctx = await startRegister();
		url = ctx.url;
		c = ctx.cookies;
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	// an office's own headers: none but 楼 is a synonym the importer knows
	const id1 = makeIdNumber({ birth: '1960-01-02', male: true, seq: 700 });
	const id2 = makeIdNumber({ birth: '1962-03-04', male: false, seq: 720 });
	const FILE = '所在院落,楼,房间,住户姓名,证件,备注\r\n'
		+ `普雄小区,20号,101,映射甲,${id1},退休教师\r\n`
		+ `普雄小区,21号,201,映射乙,${id2},\r\n`;
	const MAPPING = { 所在院落: 'compound', 楼: 'building', 房间: 'room', 住户姓名: 'name', 证件: 'id_number', 备注: 'work' };
	const q = (m) => encodeURIComponent(JSON.stringify(m));
	const post = (p, body = FILE, cookie = c.workerA) => api(url, 'POST', p, { cookie, raw: body, headers: { 'content-type': 'text/csv' } });

	it('a file with unknown headers: the preview shows its first rows, the import refuses it', async () => {
		const p = await post(`/api/v1/imports/preview?area=${A}`);
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.header_found, false);
		assert.deepEqual(p.json.columns.map((x) => x.header), Object.keys(MAPPING));
		assert.deepEqual(p.json.rows.map((r) => r[3]), ['映射甲', '映射乙']);
		assert.equal(p.json.remembered, null);
		assert.ok(p.json.message_zh.length > 0);
		assertError(await post(`/api/v1/imports?committee_code=${A}&dry_run=true`), 400, 'bad_field', 'file');
	});

	it('with the mapping, the header is found and the import reads every column it names', async () => {
		const p = await post(`/api/v1/imports/preview?area=${A}&mapping=${q(MAPPING)}`);
		assert.equal(p.json.header_found, true);
		assert.equal(p.json.header_line, 1);
		assert.deepEqual(p.json.columns.map((x) => x.field), Object.values(MAPPING));
		assert.equal(p.json.rows.length, 2);
		const r = await post(`/api/v1/imports?committee_code=${A}&mapping=${q(MAPPING)}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.inserted, 2, r.text);
		const got = await api(url, 'GET', `/api/v1/residents?committee_code=${A}&q=映射甲`, { cookie: c.workerA });
		assert.equal(got.json.items.length, 1);
		assert.equal(got.json.items[0].work, '退休教师', '备注 mapped to work');
		assert.equal(got.json.items[0].birth_date, '1960-01-02', 'the ID number was read');
	});

	it('an explicit mapping overrides the synonyms', async () => {
		// 手机 is a synonym of phone; mapped to ignore, the bad number is not read
		const file = '小区,楼号,室号,姓名,手机\r\n普雄小区,20号,101,映射甲,不是号码\r\n';
		const plain = await post(`/api/v1/imports?committee_code=${A}&dry_run=true`, file);
		assert.equal(plain.json.rejected, 1, 'by the synonyms 手机 is the phone, and not a valid one');
		const mapped = await post(`/api/v1/imports?committee_code=${A}&dry_run=true&mapping=${q({ 手机: 'ignore' })}`, file);
		assert.equal(mapped.json.rejected, 0, mapped.text);
		assert.equal(mapped.json.columns.find((x) => x.header === '手机').field, null);
		// a field moved to another column by hand: the synonym's column lets it go
		const moved = await post(`/api/v1/imports?committee_code=${A}&dry_run=true&mapping=${q({ 楼号: 'room', 室号: 'building' })}`,
			'小区,楼号,室号,姓名\r\n普雄小区,101,20号,映射甲\r\n');
		assert.equal(moved.json.rejected, 0, moved.text);
		assert.equal(moved.json.unchanged, 1, 'the same person, at 20号 101');
	});

	it('a bad mapping is refused naming it', async () => {
		for (const m of [{ 姓名: 'shoe_size' }, { 住户姓名: 'name', 证件: 'name' }, [], {}, { 姓名: 3 }, { 居委会: 'committee' }]) {
			const r = await post(`/api/v1/imports?committee_code=${A}&mapping=${q(m)}`);
			assertError(r, 400, 'bad_query', 'mapping');
		}
		const r = await post(`/api/v1/imports?committee_code=${A}&mapping=${q({ 证件: 'name', 住户姓名: 'name' })}`);
		assert.match(r.json.error.message, /name/, 'the message names the field');
		assertError(await post(`/api/v1/imports?committee_code=${A}&mapping=not-json`), 400, 'bad_query', 'mapping');
	});

	it('remembered per area: PUT, listed, offered by the next preview of the same headers', async () => {
		const put = await api(url, 'PUT', '/api/v1/import-mappings', { cookie: c.workerA, body: { area: A, mapping: MAPPING } });
		assert.equal(put.status, 200, put.text);
		assert.deepEqual(put.json.mapping, MAPPING);
		assert.equal(put.json.area, A);
		assert.ok(put.json.updated_by_name);
		const list = await api(url, 'GET', `/api/v1/import-mappings?area=${A}`, { cookie: c.workerA });
		assert.deepEqual(list.json.items.map((m) => m.header_key), [put.json.header_key]);
		// the same headers in another order, spaced and full-width: the same key
		const again = '住户姓名 ,所在院落,楼,房间,证件,备注\r\n映射丙,普雄小区,20号,102,,\r\n';
		const p = await post(`/api/v1/imports/preview?area=${A}`, again);
		assert.equal(p.json.header_key, put.json.header_key);
		assert.deepEqual(p.json.remembered.mapping, MAPPING);
		// another committee's worker does not see it
		const other = await post(`/api/v1/imports/preview?area=${COMMITTEES.B.code}`, again, c.workerB);
		assert.equal(other.json.remembered, null);
		// changed: the newest kept
		const m2 = { ...MAPPING, 备注: 'ignore' };
		await api(url, 'PUT', '/api/v1/import-mappings', { cookie: c.workerA, body: { area: A, mapping: m2 } });
		const p2 = await post(`/api/v1/imports/preview?area=${A}`, again);
		assert.deepEqual(p2.json.remembered.mapping, m2);
	});

	it('mappings: bad input and the jurisdiction', async () => {
		const put = (body, cookie = c.workerA) => api(url, 'PUT', '/api/v1/import-mappings', { cookie, body });
		assertError(await put({ area: A, mapping: { 姓名: 'nope' } }), 400, 'bad_field', 'mapping');
		assertError(await put({ area: A, mapping: { 甲: 'name', 乙: 'name' } }), 400, 'bad_field', 'mapping');
		assertError(await put({ area: A, mapping: 'x' }), 400, 'bad_field', 'mapping');
		assertError(await put({ area: A }), 400, 'bad_field', 'mapping');
		assertError(await put({ area: A, mapping: MAPPING, extra: 1 }), 400, 'bad_field', 'extra');
		assertError(await put({ area: C, mapping: MAPPING }), 400, 'bad_field', 'area');
		assertError(await api(url, 'GET', `/api/v1/import-mappings?area=${C}`, { cookie: c.workerA }), 400, 'bad_query', 'area');
		assertError(await api(url, 'GET', '/api/v1/import-mappings', { cookie: c.workerA }), 400, 'bad_query', 'area');
		assertError(await post(`/api/v1/imports/preview?area=${C}`), 400, 'bad_query', 'area');
		assertError(await post(`/api/v1/imports/preview?area=${A}`, ''), 400, 'bad_field', 'file');
		// nothing remembered by the refusals
		const list = await api(url, 'GET', `/api/v1/import-mappings?area=${A}`, { cookie: c.workerA });
		assert.equal(list.json.items.length, 1);
	});
});
