// Exports that round-trip (issue 16, item 3): the register export in XLSX
// or CSV, masked or revealed, imported back into its committee is "all
// unchanged"; the XLSX cells are typed (dates as dates, ages as numbers,
// text as text with no apostrophe) and the footer lives on a sheet of its
// own; the CSV keeps ID and phone numbers as text for a spreadsheet.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import ExcelJS from 'exceljs';
import { api, checkedFetch } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const A = COMMITTEES.A.code;

describe('export → import round trip', () => {
	let ctx, url, fx, c;

	before(async () => {
		ctx = await startRegister({ serverTmp: true });
		({ url, fx, cookies: c } = ctx);
		// a note that looks like a formula, and one over two lines
		const someone = fx.residents.find((r) => r.committee === 'A' && r.status === 'living');
		const r = await api(url, 'PATCH', `/api/v1/residents/${someone.id}`, { cookie: c.admin, body: { health: '=1+1', skills: '编织\n剪纸' } });
		assert.equal(r.status, 200, r.text);
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	async function download(query, cookie) {
		const res = await checkedFetch(`${url}/api/v1/residents/export?committee_code=${A}&status=any&${query}`, { headers: { cookie } });
		const buf = Buffer.from(await res.arrayBuffer());
		assert.equal(res.status, 200, buf.toString('utf8').slice(0, 300));
		return buf;
	}
	async function reimport(buf, type, cookie) {
		const r = await api(url, 'POST', `/api/v1/imports?committee_code=${A}`, { cookie, raw: buf, headers: { 'content-type': type } });
		assert.equal(r.status, 200, r.text);
		return r.json;
	}
	const living = () => fx.residents.filter((r) => r.committee === 'A').length;
	const allUnchanged = (rep, what) => {
		const odd = rep.lines.filter((l) => l.status !== 'unchanged');
		assert.deepEqual(odd, [], `${what}: every line unchanged`);
		assert.equal(rep.unchanged, rep.rows, what);
		assert.ok(rep.rows >= living(), `${what}: ${rep.rows} lines for ${living()} residents`);
		assert.deepEqual(rep.created, { compounds: 0, buildings: 0, households: 0 }, what);
		assert.deepEqual(rep.columns.filter((x) => x.field === null).map((x) => x.header), ['年龄', '最近走访'], `${what}: only the derived 年龄 and 最近走访 (from the visits) are not imported`);
	};

	it('the XLSX export (masked numbers) imports back all unchanged, as the worker who made it', async () => {
		const buf = await download('format=xlsx', c.workerA);
		allUnchanged(await reimport(buf, XLSX_TYPE, c.workerA), 'masked XLSX');
	});

	it('the revealed XLSX and CSV exports import back all unchanged', async () => {
		allUnchanged(await reimport(await download('format=xlsx&reveal=true', c.headA), XLSX_TYPE, c.headA), 'revealed XLSX');
		allUnchanged(await reimport(await download('format=csv&reveal=true', c.headA), 'text/csv', c.headA), 'revealed CSV');
		allUnchanged(await reimport(await download('format=csv', c.headA), 'text/csv', c.headA), 'masked CSV');
	});

	it('XLSX cells are typed: a date cell, a number for the age, text without an apostrophe; the footer on its own sheet', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await download('format=xlsx&reveal=true', c.headA));
		assert.deepEqual(wb.worksheets.map((w) => w.name), ['居民', '导出信息']);
		const ws = wb.worksheets[0];
		const header = ws.getRow(1).values.slice(1);
		assert.deepEqual(header.slice(0, 4), ['小区', '楼号', '室号', '姓名'], 'the template\'s columns');
		const at = (name) => header.indexOf(name) + 1;
		let dates = 0, ages = 0, formulaText = 0;
		ws.eachRow((row, n) => {
			if (n === 1) return;
			const birth = row.getCell(at('出生日期')).value;
			if (birth !== null) {
				assert.ok(birth instanceof Date, `row ${n}: the birth date is a date cell: ${JSON.stringify(birth)}`);
				const who = fx.residents.find((r) => r.name === row.getCell(at('姓名')).value);
				if (who && who.birth_date) assert.equal(birth.toISOString().slice(0, 10), who.birth_date);
				dates++;
			}
			const age = row.getCell(at('年龄')).value;
			if (age !== null) {
				assert.equal(typeof age, 'number', `row ${n}: the age is a number`);
				ages++;
			}
			const id = row.getCell(at('身份证号')).value;
			if (id !== null) assert.equal(typeof id, 'string', `row ${n}: the ID number is text`);
			const health = row.getCell(at('健康状况')).value;
			if (health === '=1+1') formulaText++;
			assert.ok(typeof health !== 'object' || health === null, `row ${n}: no formula`);
			assert.ok(!String(health ?? '').startsWith("'"), `row ${n}: no apostrophe`);
		});
		assert.ok(dates > 0 && ages > 0);
		assert.equal(formulaText, 1, 'the formula-like note is text, shown as typed');
		assert.match(String(wb.worksheets[1].getCell(1, 1).value), /导出人/);
	});

	it('the CSV keeps ID and phone numbers as text for a spreadsheet: a tab before the digits', async () => {
		const text = (await download('format=csv&reveal=true', c.headA)).toString('utf8');
		const withId = fx.residents.filter((r) => r.committee === 'A' && r.id_number && /^\d+$/.test(r.id_number));
		assert.ok(withId.length > 0);
		for (const r of withId) assert.ok(text.includes(`,\t${r.id_number},`), `${r.name}'s ID number led by a tab`);
	});
});
