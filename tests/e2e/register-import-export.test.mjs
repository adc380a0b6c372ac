// Import (人口数据下沉) and export of the register (docs/register.md,
// "Import", "Export"; the template in docs/import-template.md).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import path from 'node:path';
import { api, assertError, checkedFetch, listAll, sibai, describeRun } from './lib/harness.mjs';
import {
	startRegister, COMMITTEES, makeIdNumber, breakCheckDigit, addDays, maskId, maskPhone, mobile, ageOn,
} from './lib/register-fixture.mjs';

const HEADERS = ['小区', '楼号', '室号', '姓名', '性别', '出生日期', '身份证号', '手机', '与户主关系', '户籍类型', '标签'];
// 1-based column of each field in HEADERS
const COLUMN_OF = { name: 4, gender: 5, birth_date: 6, id_number: 7, phone: 8 };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One CSV field, quoted when needed. */
function csvField(v) {
	const s = v === null || v === undefined ? '' : String(v);
	return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A CSV text (CRLF lines) of HEADERS and ROWS (arrays). */
function csvText(rows, headers = HEADERS) {
	return [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Parses RFC 4180 CSV text into rows of fields. */
function parseCsv(text) {
	const rows = [];
	let row = [];
	let f = '';
	let q = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (q) {
			if (ch === '"') {
				if (text[i + 1] === '"') { f += '"'; i++; } else q = false;
			} else f += ch;
		} else if (ch === '"') q = true;
		else if (ch === ',') { row.push(f); f = ''; }
		else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(f); rows.push(row); row = []; f = '';
		} else f += ch;
	}
	if (f !== '' || row.length) { row.push(f); rows.push(row); }
	return rows;
}

/** A person of an import file. */
function person(spec) {
	return {
		compound: spec.compound, building: spec.building, room: spec.room, name: spec.name,
		gender: spec.gender, birth: spec.birth, id: spec.id, phone: spec.phone ?? '',
		relation: spec.relation ?? '户主', kind: spec.kind ?? '户籍', tags: spec.tags ?? '',
	};
}
const rowOf = (p) => [p.compound, p.building, p.room, p.name, p.gender, p.birth, p.id, p.phone, p.relation, p.kind, p.tags];

describe('register import and export', () => {
	let ctx, url, fx, c, users;

	before(async () => {
		ctx = await startRegister({ serverTmp: true });
		({ url, fx, cookies: c, users } = ctx);
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	const A = COMMITTEES.A.code;

	async function postImport(body, { type = 'text/csv', cookie = c.workerA, query = '' } = {}) {
		const r = await api(url, 'POST', `/api/v1/imports?committee_code=${A}${query}`, {
			cookie, raw: body, headers: { 'content-type': type },
		});
		return r;
	}
	async function importOk(body, opts) {
		const r = await postImport(body, opts);
		assert.equal(r.status, 200, `import: ${r.status} ${r.text}`);
		const rep = r.json;
		for (const k of ['inserted', 'updated', 'unchanged', 'rejected', 'created', 'lines']) {
			assert.ok(k in rep, `report has ${k}: ${r.text}`);
		}
		assert.deepEqual(Object.keys(rep.created).sort(), ['buildings', 'compounds', 'households']);
		for (const l of rep.lines) {
			assert.deepEqual(Object.keys(l).sort(), ['column', 'field', 'id', 'line', 'reason', 'reason_zh', 'status'], JSON.stringify(l));
		}
		return rep;
	}
	const residentTotal = async () => {
		const r = await api(url, 'GET', '/api/v1/residents?status=any&limit=1', { cookie: c.admin });
		assert.equal(r.status, 200, r.text);
		return r.json.total;
	};
	const compoundNames = async () => (await listAll(url, '/api/v1/compounds', c.admin)).map((x) => x.name).sort();
	const findByName = async (name) => listAll(url, `/api/v1/residents?status=any&q=${encodeURIComponent(name)}`, c.admin);
	/** A line's entry of a report. */
	const line = (rep, n) => {
		const l = rep.lines.find((x) => x.line === n);
		assert.ok(l, `report has line ${n}: ${JSON.stringify(rep.lines)}`);
		return l;
	};

	// the first file: good lines and bad lines, line numbers as in the file
	// (line 1 is the header)
	let good, bad, firstFile, firstReport;
	const makeFirst = () => {
		const today = fx.today;
		good = [
			person({ compound: '长寿苑', building: '5号', room: '301', name: '顾秋萍', gender: '女', birth: '1950-03-04', id: makeIdNumber({ birth: '1950-03-04', male: false, seq: 810 }), phone: mobile(2001), tags: '独居老人' }),
			person({ compound: '长寿苑', building: '5号', room: '302', name: '顾大伟', gender: '男', birth: '1978-06-07', id: makeIdNumber({ birth: '1978-06-07', male: true, seq: 820 }), phone: mobile(2002), kind: '常住' }),
			person({ compound: '长寿苑', building: '6号', room: '1201室', name: '邵美玲', gender: '女', birth: '1941-01-02', id: makeIdNumber({ birth: '1941-01-02', male: false, seq: 830 }), tags: '老党员' }),
		];
		bad = [
			[person({ compound: '长寿苑', building: '5号', room: '303', name: '卜错号', gender: '男', birth: '1960-01-01', id: breakCheckDigit(makeIdNumber({ birth: '1960-01-01', male: true, seq: 840 })), phone: mobile(2005) }), 'id_number'],
			[person({ compound: '长寿苑', building: '5号', room: '304', name: '卜未来', gender: '女', birth: addDays(today, 10), id: '', phone: mobile(2006) }), 'birth_date'],
			[person({ compound: '长寿苑', building: '5号', room: '305', name: '', gender: '男', birth: '1970-01-01', id: makeIdNumber({ birth: '1970-01-01', male: true, seq: 860 }), phone: mobile(2007) }), 'name'],
			[person({ compound: '长寿苑', building: '5号', room: '306', name: '卜性别', gender: '未知', birth: '1970-02-02', id: '', phone: mobile(2008) }), 'gender'],
		];
		const last = person({ compound: '普雄小区', building: '20号', room: '301', name: '张小兰', gender: '女', birth: '1975-05-05', id: makeIdNumber({ birth: '1975-05-05', male: false, seq: 870 }), phone: mobile(2009), relation: '子女' });
		good.push(last);
		// lines: 2..4 good, 5..8 bad, 9 good
		firstFile = csvText([...good.slice(0, 3).map(rowOf), ...bad.map(([p]) => rowOf(p)), rowOf(last)]);
	};
	const goodLines = [2, 3, 4, 9];
	const badLines = [5, 6, 7, 8];

	it('a CSV with good and bad lines: the report line by line; the good lines are in the register', async () => {
		makeFirst();
		const before = await residentTotal();
		const rep = await importOk(firstFile);
		firstReport = rep;
		assert.equal(rep.inserted, 4, JSON.stringify(rep));
		assert.equal(rep.updated, 0);
		assert.equal(rep.unchanged, 0);
		assert.equal(rep.rejected, 4);
		assert.deepEqual(rep.created, { compounds: 1, buildings: 2, households: 3 }, 'bad lines create no place');
		assert.equal(rep.lines.length, 8);
		for (const n of goodLines) {
			const l = line(rep, n);
			assert.equal(l.status, 'inserted', JSON.stringify(l));
			assert.ok(Number.isInteger(l.id), `line ${n} names the new resident: ${JSON.stringify(l)}`);
		}
		badLines.forEach((n, i) => {
			const l = line(rep, n);
			assert.equal(l.status, 'rejected', JSON.stringify(l));
			assert.equal(l.field, bad[i][1], `line ${n}: ${JSON.stringify(l)}`);
			assert.equal(typeof l.reason_zh, 'string');
			assert.equal(typeof l.reason, 'string');
			assert.ok(l.reason.length > 0, `line ${n} has a reason`);
			assert.equal(l.id, null);
		});
		assert.equal(await residentTotal(), before + 4);

		for (const p of good) {
			const found = await findByName(p.name);
			assert.equal(found.length, 1, `${p.name}: ${JSON.stringify(found)}`);
			const r = found[0];
			assert.equal(r.committee_code, A);
			assert.equal(r.gender, p.gender === '男' ? 'male' : 'female');
			assert.equal(r.birth_date, p.birth);
			assert.equal(r.age, ageOn(p.birth, fx.today));
			assert.equal(r.id_number, maskId(p.id));
			assert.equal(r.phone, p.phone ? maskPhone(p.phone) : null);
			assert.ok(r.address.includes(p.compound) && r.address.includes(p.building) && r.address.endsWith(p.room), r.address);
			assert.deepEqual(r.tags.filter((t) => !t.derived).map((t) => t.name), p.tags ? [p.tags] : []);
			assert.equal(line(rep, goodLines[good.indexOf(p)]).id, r.id);
		}
		const gu = (await findByName('顾大伟'))[0];
		assert.equal(gu.residence_kind, 'resident');
		const zhang = (await findByName('张小兰'))[0];
		assert.equal(zhang.household_id, fx.household('h20-301').id, 'an existing household is matched by building and room');
		assert.equal(zhang.relation, 'child');
		for (const [p] of bad) if (p.name) assert.deepEqual(await findByName(p.name), [], `${p.name} was not imported`);
		const places = await listAll(url, `/api/v1/households?q=${encodeURIComponent('长寿苑')}`, c.admin);
		assert.deepEqual(places.map((h) => h.room).sort(), ['1201室', '301', '302'], 'no household for a bad line');
		assert.equal(places.find((h) => h.room === '1201室').floor, 12);
	});

	it('each rejected line names its column (1-based), good lines none', async () => {
		assert.ok(firstReport, 'the first import ran');
		badLines.forEach((n, i) => {
			const l = line(firstReport, n);
			assert.equal(l.column, COLUMN_OF[bad[i][1]], `line ${n} names the column of ${bad[i][1]}: ${JSON.stringify(l)}`);
		});
		for (const n of goodLines) assert.equal(line(firstReport, n).column, null);
	});

	it('the same file again: every good line unchanged', async () => {
		const before = await residentTotal();
		const rep = await importOk(firstFile);
		assert.equal(rep.inserted, 0, JSON.stringify(rep));
		assert.equal(rep.updated, 0);
		assert.equal(rep.unchanged, 4);
		assert.equal(rep.rejected, 4);
		assert.deepEqual(rep.created, { compounds: 0, buildings: 0, households: 0 });
		for (const n of goodLines) assert.equal(line(rep, n).status, 'unchanged');
		for (const n of badLines) assert.equal(line(rep, n).status, 'rejected');
		assert.equal(await residentTotal(), before);
	});

	it('one phone changed: one line updated, and the resident has the new phone', async () => {
		const changed = good.map((p) => ({ ...p }));
		changed[1].phone = mobile(2999);
		const rep = await importOk(csvText(changed.map(rowOf)));
		assert.equal(rep.updated, 1, JSON.stringify(rep));
		assert.equal(rep.unchanged, 3);
		assert.equal(rep.inserted, 0);
		assert.equal(rep.rejected, 0);
		assert.equal(line(rep, 3).status, 'updated');
		const gu = (await findByName('顾大伟'))[0];
		assert.equal(line(rep, 3).id, gu.id);
		assert.equal(gu.phone, maskPhone(mobile(2999)));
		const h = await listAll(url, `/api/v1/residents/${gu.id}/history`, c.workerA);
		assert.deepEqual(h[0].changes, { phone: { old: maskPhone(mobile(2002)), new: maskPhone(mobile(2999)) } });
	});

	it('all_or_nothing: one bad line and nothing is written', async () => {
		const before = await residentTotal();
		const places = await compoundNames();
		const rows = [
			person({ compound: '宜居苑', building: '1号', room: '101', name: '全有甲', gender: '男', birth: '1980-01-01', id: makeIdNumber({ birth: '1980-01-01', male: true, seq: 900 }) }),
			person({ compound: '宜居苑', building: '1号', room: '102', name: '全有乙', gender: '女', birth: '1981-01-01', id: breakCheckDigit(makeIdNumber({ birth: '1981-01-01', male: false, seq: 910 })) }),
			person({ compound: '宜居苑', building: '1号', room: '103', name: '全有丙', gender: '女', birth: '1982-01-01', id: makeIdNumber({ birth: '1982-01-01', male: false, seq: 920 }) }),
		];
		const r = await postImport(csvText(rows.map(rowOf)), { query: '&all_or_nothing=true' });
		assert.equal(r.status, 200, `${r.status} ${r.text}`);
		assert.equal(r.json.rejected, 1, r.text);
		assert.equal(r.json.written, false, r.text);
		assert.equal(line(r.json, 3).status, 'rejected');
		assert.equal(line(r.json, 3).field, 'id_number');
		assert.equal(await residentTotal(), before, 'no resident written');
		assert.deepEqual(await compoundNames(), places, 'no compound written');
		assert.deepEqual(await findByName('全有甲'), []);
		// without the bad line it goes through
		const ok = await importOk(csvText([rows[0], rows[2]].map(rowOf)), { query: '&all_or_nothing=true' });
		assert.equal(ok.inserted, 2);
		assert.equal(await residentTotal(), before + 2);
	});

	it('dry_run: the same report, nothing written', async () => {
		const rows = [
			person({ compound: '和美苑', building: '2号', room: '501', name: '试运甲', gender: '男', birth: '1955-05-05', id: makeIdNumber({ birth: '1955-05-05', male: true, seq: 930 }), tags: '独居老人' }),
			person({ compound: '和美苑', building: '2号', room: '502', name: '试运乙', gender: '女', birth: '1956-06-06', id: makeIdNumber({ birth: '1956-06-06', male: false, seq: 940 }) }),
			person({ compound: '和美苑', building: '2号', room: '503', name: '', gender: '女', birth: '1957-07-07', id: '' }),
			{ ...good[0], phone: mobile(3001) },
		];
		const file = csvText(rows.map(rowOf));
		const before = await residentTotal();
		const places = await compoundNames();
		const dry = await importOk(file, { query: '&dry_run=true' });
		assert.equal(dry.written, false);
		assert.equal(dry.dry_run, true);
		assert.equal(await residentTotal(), before, 'a dry run writes no resident');
		assert.deepEqual(await compoundNames(), places, 'a dry run writes no compound');
		assert.deepEqual(await findByName('试运甲'), []);
		assert.equal((await findByName('顾秋萍'))[0].phone, maskPhone(good[0].phone), 'a dry run updates nothing');

		const real = await importOk(file);
		assert.equal(real.written, true);
		const summary = (rep) => ({
			inserted: rep.inserted, updated: rep.updated, unchanged: rep.unchanged, rejected: rep.rejected, created: rep.created,
			lines: rep.lines.map((l) => ({ line: l.line, status: l.status, field: l.field })),
		});
		assert.deepEqual(summary(dry), summary(real));
		assert.equal(real.inserted, 2);
		assert.equal(real.updated, 1);
		assert.equal(real.rejected, 1);
		assert.equal(line(real, 4).field, 'name');
		assert.deepEqual(real.created, { compounds: 1, buildings: 1, households: 2 });
		assert.equal(await residentTotal(), before + 2);
	});

	it('a GB18030 file imports the same names', async () => {
		const rows = [
			person({ compound: '康乐苑', building: '3号', room: '201', name: '朱镕喆', gender: '男', birth: '1948-08-08', id: makeIdNumber({ birth: '1948-08-08', male: true, seq: 950 }), tags: '老党员' }),
			person({ compound: '康乐苑', building: '3号', room: '202', name: '龚玥珺', gender: '女', birth: '1990-09-09', id: makeIdNumber({ birth: '1990-09-09', male: false, seq: 960 }), kind: '流动' }),
		];
		const text = csvText(rows.map(rowOf));
		const bytes = iconv.encode(text, 'gb18030');
		assert.notDeepEqual(bytes, Buffer.from(text, 'utf8'), 'fixture: GB18030 differs from UTF-8');
		const rep = await importOk(bytes);
		assert.equal(rep.inserted, 2, JSON.stringify(rep));
		assert.match(rep.encoding, /^GB/i, `the encoding is recognised: ${rep.encoding}`);
		assert.equal(rep.rejected, 0);
		for (const p of rows) {
			const found = await findByName(p.name);
			assert.equal(found.length, 1, `${p.name} found by name: ${JSON.stringify(found)}`);
			assert.equal(found[0].name, p.name);
			assert.ok(found[0].address.includes('康乐苑'), found[0].address);
		}
		assert.equal((await findByName('龚玥珺'))[0].residence_kind, 'floating');
	});

	it('an XLSX file imports', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('居民');
		ws.addRow(HEADERS);
		const rows = [
			person({ compound: '普雄花苑', building: '3号楼', room: '1202室', name: '表格甲', gender: '男', birth: '1944-04-04', id: makeIdNumber({ birth: '1944-04-04', male: true, seq: 970 }), phone: mobile(4001), tags: '独居老人' }),
			person({ compound: '普雄花苑', building: '3号楼', room: '1202室', name: '表格乙', gender: '女', birth: '1946-06-06', id: makeIdNumber({ birth: '1946-06-06', male: false, seq: 980 }), relation: '配偶' }),
		];
		for (const p of rows) ws.addRow(rowOf(p));
		const buf = Buffer.from(await wb.xlsx.writeBuffer());
		const rep = await importOk(buf, { type: XLSX_TYPE });
		assert.equal(rep.inserted, 2, JSON.stringify(rep));
		assert.equal(rep.rejected, 0);
		assert.deepEqual(rep.created, { compounds: 0, buildings: 0, households: 1 }, 'the compound and building exist');
		const a = (await findByName('表格甲'))[0];
		const b = (await findByName('表格乙'))[0];
		assert.ok(a && b, 'both imported');
		assert.equal(a.household_id, b.household_id);
		assert.equal(a.birth_date, '1944-04-04');
		assert.equal(a.id_number, maskId(rows[0].id));
		assert.equal(b.relation, 'spouse');
		const hh = await api(url, 'GET', `/api/v1/households/${a.household_id}`, { cookie: c.workerA });
		assert.equal(hh.json.building_id, fx.building('A2-3').id);
		assert.equal(hh.json.floor, 12);
	});

	it('a broken quote on the last line is an error for the whole file; nothing is written', async () => {
		const before = await residentTotal();
		const rows = [person({ compound: '破损苑', building: '1号', room: '101', name: '坏文件甲', gender: '男', birth: '1966-06-06', id: '' })];
		const text = csvText(rows.map(rowOf)) + '破损苑,1号,102,"坏文件乙,女,1967-07-07,,,户主,户籍,\r\n';
		const r = await postImport(text);
		assertError(r, 400, 'bad_field', 'file');
		assert.match(r.json.error.message, /line 3\b/, `the error names the line: ${r.text}`);
		assert.match(r.json.error.message, /column 4\b/, `the error names the column: ${r.text}`);
		assert.equal(await residentTotal(), before);
		assert.deepEqual(await findByName('坏文件甲'), []);
	});

	it('the template: English headers in any order, date forms, tags separated by 、, 是/否, a given floor', async () => {
		const id = makeIdNumber({ birth: '1947-07-08', male: true, seq: 600 });
		const headers = ['name', 'compound', 'building', 'room', '楼层', 'gender', 'birth_date', 'id_number', '党员', '标签', '户籍类型'];
		const rows = [
			['模板甲', '模板苑', '9号', '601', '', '男', '1947/7/8', id, '是', '独居老人、老党员', '人户分离'],
			['模板乙', '模板苑', '9号', '602', '7', '女', '19520304', '', '否', '孤寡老人,残障人士', ''],
		];
		const rep = await importOk(csvText(rows, headers));
		assert.equal(rep.inserted, 2, JSON.stringify(rep));
		assert.equal(rep.rejected, 0);
		const a = (await findByName('模板甲'))[0];
		assert.equal(a.birth_date, '1947-07-08');
		assert.equal(a.gender, 'male');
		assert.equal(a.party_member, true);
		assert.equal(a.residence_kind, 'separated');
		assert.deepEqual(a.tags.filter((t) => !t.derived).map((t) => t.name).sort(), ['独居老人', '老党员'].sort());
		const b = (await findByName('模板乙'))[0];
		assert.equal(b.birth_date, '1952-03-04');
		assert.equal(b.party_member, false);
		assert.deepEqual(b.tags.map((t) => t.name).sort(), ['孤寡老人', '残障人士'].sort());
		const ha = (await api(url, 'GET', `/api/v1/households/${a.household_id}`, { cookie: c.workerA })).json;
		const hb = (await api(url, 'GET', `/api/v1/households/${b.household_id}`, { cookie: c.workerA })).json;
		assert.equal(ha.floor, 6, 'floor from the room');
		assert.equal(hb.floor, 7, 'the given floor wins');
	});

	it('empty cells leave a field as it is', async () => {
		const p = good[0];
		const before = (await findByName(p.name))[0];
		const blank = { ...p, phone: '', tags: '', kind: '', relation: '', gender: '', birth: '' };
		const rep = await importOk(csvText([rowOf(blank)]));
		assert.equal(rep.unchanged, 1, JSON.stringify(rep));
		assert.deepEqual((await findByName(p.name))[0], before);
	});

	it('a missing required column refuses the whole file', async () => {
		const before = await residentTotal();
		const headers = HEADERS.filter((h) => h !== '姓名');
		const r = await postImport(csvText([['缺列苑', '1号', '101', '男', '1960-01-01', '', '', '户主', '户籍', '']], headers));
		assertError(r, 400, 'bad_field', 'file');
		assert.equal(await residentTotal(), before);
		assert.ok(!(await compoundNames()).includes('缺列苑'));
	});

	it('the command line reads the same files: exit 0, 3 with rejected lines, 1 for an unreadable file', async () => {
		const dir = ctx.dir;
		const write = (name, text) => {
			const f = path.join(dir, name);
			fs.writeFileSync(f, text);
			return f;
		};
		const ok = write('cli-ok.csv', csvText([rowOf(person({ compound: '命令苑', building: '1号', room: '101', name: '命令甲', gender: '男', birth: '1961-01-01', id: makeIdNumber({ birth: '1961-01-01', male: true, seq: 610 }) }))]));
		let args = ['import', 'residents', ok, '--db', ctx.db, '--committee', A];
		let r = sibai(args);
		assert.equal(r.status, 0, describeRun(args, r));
		assert.equal((await findByName('命令甲')).length, 1, 'the server sees the CLI import');

		const some = write('cli-some.csv', csvText([
			rowOf(person({ compound: '命令苑', building: '1号', room: '102', name: '命令乙', gender: '女', birth: '1962-02-02', id: '' })),
			rowOf(person({ compound: '命令苑', building: '1号', room: '103', name: '命令丙', gender: '女', birth: addDays(fx.today, 3), id: '' })),
		]));
		args = ['import', 'residents', some, '--db', ctx.db, '--committee', A];
		r = sibai(args);
		assert.equal(r.status, 3, describeRun(args, r));
		assert.equal((await findByName('命令乙')).length, 1);
		assert.deepEqual(await findByName('命令丙'), []);

		const broken = write('cli-broken.csv', csvText([]) + '命令苑,1号,"104,命令丁\r\n');
		const before = await residentTotal();
		args = ['import', 'residents', broken, '--db', ctx.db, '--committee', A];
		r = sibai(args);
		assert.equal(r.status, 1, describeRun(args, r));
		assert.equal(await residentTotal(), before);
	});

	it('an import needs the committee in scope and a known type', async () => {
		const r = await api(url, 'POST', `/api/v1/imports?committee_code=${COMMITTEES.B.code}`, {
			cookie: c.workerA, raw: firstFile, headers: { 'content-type': 'text/csv' },
		});
		assertError(r, 400, 'bad_query', 'committee_code');
		assertError(await api(url, 'POST', '/api/v1/imports', {
			cookie: c.workerA, raw: firstFile, headers: { 'content-type': 'text/csv' },
		}), 400, 'bad_query', 'committee_code');
		assertError(await api(url, 'POST', `/api/v1/imports?committee_code=${A}`, {
			cookie: c.workerA, raw: firstFile, headers: { 'content-type': 'application/x-www-form-urlencoded' },
		}), 415, 'unsupported_media_type');
	});

	// ---- export ------------------------------------------------------------

	async function download(path, cookie) {
		const res = await checkedFetch(url + path, { headers: { cookie } });
		const buf = Buffer.from(await res.arrayBuffer());
		assert.equal(res.status, 200, `GET ${path}: ${res.status} ${buf.toString('utf8').slice(0, 500)}`);
		return { headers: res.headers, buf };
	}
	/** Rows of the first sheet as arrays of strings. */
	async function xlsxRows(buf) {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(buf);
		const ws = wb.worksheets[0];
		const rows = [];
		ws.eachRow({ includeEmpty: false }, (row) => {
			const vals = [];
			for (let i = 1; i <= row.cellCount; i++) {
				const v = row.getCell(i).value;
				vals.push(v === null || v === undefined ? '' : (v instanceof Date ? v.toISOString().slice(0, 10) : (typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : String(v))));
			}
			rows.push(vals);
		});
		// the footer is on a sheet of its own after the data (so that the data
		// sheet imports back whole): read it as the last row
		assert.equal(wb.worksheets.length, 2, 'a data sheet and a footer sheet');
		assert.equal(wb.worksheets[1].name, '导出信息');
		rows.push([String(wb.worksheets[1].getCell(1, 1).value)]);
		return { wb, rows };
	}
	/** Splits an export's rows into header, data rows and the last row. */
	function split(rows) {
		assert.ok(rows.length >= 2, `an export has a header and a last row: ${JSON.stringify(rows)}`);
		const header = rows[0];
		const data = rows.slice(1, -1).filter((r) => r.some((v) => v !== ''));
		return { header, data, last: rows[rows.length - 1] };
	}
	const col = (header, name) => {
		const i = header.indexOf(name);
		assert.ok(i >= 0, `header has ${name}: ${JSON.stringify(header)}`);
		return i;
	};

	/** The fixture's living 独居老人 in scope PRED, as the export must list them. */
	const lonely = (pred = () => true) => fx.residents.filter((r) => r.status === 'living' && r.tags.includes('独居老人') && pred(r));

	it('XLSX export: Chinese header, one row per resident of the filter, masked numbers, the exporter last', async () => {
		const { headers, buf } = await download('/api/v1/residents/export?format=xlsx&tag_all=' + encodeURIComponent('独居老人'), c.workerA);
		assert.match(headers.get('content-type') || '', /spreadsheetml/);
		const { wb, rows } = await xlsxRows(buf);
		const { header, data, last } = split(rows);
		for (const h of ['姓名', '身份证号', '手机']) col(header, h);
		const ni = col(header, '姓名');
		const ii = col(header, '身份证号');
		const pi = col(header, '手机');
		// committee A's worker: A's 独居老人, plus what the import above added
		const want = lonely((r) => r.committee === 'A');
		const names = data.map((r) => r[ni]);
		for (const r of want) assert.ok(names.includes(r.name), `${r.name} exported: ${names}`);
		assert.deepEqual(names.filter((n) => fx.byName(n)).sort(), want.map((r) => r.name).sort(), 'the fixture rows are exactly the filter\'s');
		assert.ok(!names.includes('王秀兰'), 'committee B is not in a worker of A\'s export');
		for (const row of data) {
			const r = fx.byName(row[ni]);
			if (!r) continue;
			assert.equal(row[ii], maskId(r.id_number), `${r.name}: ID masked`);
			assert.equal(row[pi], r.phone ? maskPhone(r.phone) : '', `${r.name}: phone masked`);
		}
		// address order: within 普雄小区 by building, then floor
		const order = names.filter((n) => ['张桂兰', '刘志明', '周美华', '钱秀珍'].includes(n));
		assert.deepEqual(order, ['张桂兰', '刘志明', '周美华', '钱秀珍'], 'address order');
		assert.ok(last.join(' ').includes(users.workerA.username), `the last row names the exporter: ${JSON.stringify(last)}`);
		assert.ok(`${wb.creator} ${wb.lastModifiedBy}`.includes(users.workerA.username),
			`the document properties name the exporter: creator ${wb.creator}, lastModifiedBy ${wb.lastModifiedBy}`);
		const all = rows.flat().join('\n');
		for (const r of fx.residents) assert.ok(!all.includes(r.id_number), `${r.name}'s clear ID number in the export`);
	});

	it('CSV export: UTF-8 with a BOM, the same rows as the XLSX', async () => {
		const q = '&tag_all=' + encodeURIComponent('独居老人');
		const csv = await download('/api/v1/residents/export?format=csv' + q, c.admin);
		assert.match(csv.headers.get('content-type') || '', /^text\/csv/);
		assert.deepEqual([...csv.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
		const csvRows = parseCsv(csv.buf.subarray(3).toString('utf8')).filter((r) => r.some((v) => v !== ''));
		const xlsx = await xlsxRows((await download('/api/v1/residents/export?format=xlsx' + q, c.admin)).buf);
		const a = split(csvRows);
		const b = split(xlsx.rows);
		assert.deepEqual(a.header, b.header);
		assert.deepEqual(a.data, b.data);
		const ni = col(a.header, '姓名');
		const want = lonely();
		const names = a.data.map((r) => r[ni]);
		assert.deepEqual(names.filter((n) => fx.byName(n)).sort(), want.map((r) => r.name).sort());
		assert.ok(a.last.join(' ').includes('admin'), `the last row names the exporter: ${a.last}`);
	});

	it('reveal=true: clear numbers for a committee head, masked for a worker; exports are audited', async () => {
		const q = '/api/v1/residents/export?format=csv&reveal=true&tag_all=' + encodeURIComponent('独居老人');
		const want = lonely((r) => r.committee === 'A');
		const parse = (buf) => split(parseCsv(buf.subarray(3).toString('utf8')).filter((r) => r.some((v) => v !== '')));

		const head = parse((await download(q, c.headA)).buf);
		const ni = col(head.header, '姓名');
		const ii = col(head.header, '身份证号');
		const pi = col(head.header, '手机');
		for (const r of want) {
			const row = head.data.find((x) => x[ni] === r.name);
			assert.ok(row, `${r.name} in the head's export`);
			// led by a tab, which keeps it text in a spreadsheet (docs/import-template.md)
			assert.equal(row[ii], (/^\d+$/.test(r.id_number) ? '\t' : '') + r.id_number, `${r.name}: clear ID for a committee head`);
			assert.equal(row[pi].replace(/[\s-]/g, ''), r.phone.replace(/[\s-]/g, ''), `${r.name}: clear phone`);
		}

		const worker = parse((await download(q, c.workerA)).buf);
		for (const r of want) {
			const row = worker.data.find((x) => x[ni] === r.name);
			assert.ok(row, `${r.name} in the worker's export`);
			assert.equal(row[ii], maskId(r.id_number), `${r.name}: a worker's reveal=true stays masked`);
			assert.equal(row[pi], maskPhone(r.phone));
		}

		const audit = await listAll(url, '/api/v1/audit?action=export', c.admin);
		const mine = audit.filter((e) => e.username === users.headA.username);
		assert.ok(mine.length >= 1, `an export entry for the head: ${JSON.stringify(audit)}`);
		const e = mine[0];
		assert.equal(e.action, 'export');
		const detail = JSON.stringify(e.detail);
		assert.ok(detail.includes('独居老人'), `the filter is in the audit detail: ${detail}`);
		const numbers = [];
		const walk = (v) => {
			if (typeof v === 'number') numbers.push(v);
			else if (v && typeof v === 'object') Object.values(v).forEach(walk);
		};
		walk(e.detail);
		assert.ok(numbers.includes(head.data.length), `the row count ${head.data.length} is in the audit detail: ${detail}`);
		assert.ok(!detail.includes(want[0].id_number), 'the audit does not hold clear numbers');
		assert.ok(audit.some((x) => x.username === users.workerA.username), 'the worker\'s exports are audited too');
	});

	it('revealed exports leave no clear numbers on disk: made in a private 0700 folder under TMPDIR, never named there', async () => {
		const want = lonely((r) => r.committee === 'A');
		assert.ok(want.length > 0);
		const ids = want.map((r) => r.id_number);
		const root = ctx.serverTmp;
		const own = fs.readdirSync(root).filter((n) => n.startsWith('sibai-'));
		assert.equal(own.length, 1, `one private folder of the server in its TMPDIR: ${fs.readdirSync(root)}`);
		const priv = path.join(root, own[0]);
		assert.equal(fs.statSync(priv).mode & 0o777, 0o700, 'the private folder is 0700');
		/** Every regular file under root holding a clear ID number. */
		const leaks = [];
		const scan = (d = root) => {
			let names;
			try { names = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
			for (const e of names) {
				const p = path.join(d, e.name);
				if (e.isDirectory()) scan(p);
				else if (e.isFile()) {
					let text = '';
					try { text = fs.readFileSync(p, 'latin1'); } catch { continue; }
					if (ids.some((id) => text.includes(id))) leaks.push(p);
				}
			}
		};
		for (const format of ['csv', 'xlsx']) {
			const q = `/api/v1/residents/export?format=${format}&reveal=true`;
			// Scan while the file is made and while it is served (headers
			// in, body not yet read), and after.
			let done = false;
			const scanning = (async () => {
				while (!done) { scan(); await new Promise((r) => setTimeout(r, 1)); }
			})();
			const res = await checkedFetch(url + q, { headers: { cookie: c.headA } });
			assert.equal(res.status, 200);
			scan();
			const buf = Buffer.from(await res.arrayBuffer());
			done = true;
			await scanning;
			scan();
			if (format === 'csv') assert.ok(buf.toString('utf8').includes(ids[0]), 'the export itself holds the clear ID');
			assert.deepEqual(leaks, [], `${format}: files holding clear ID numbers under the server's TMPDIR`);
			assert.deepEqual(fs.readdirSync(priv), [], `${format}: the private folder is left empty`);
		}
	});

	it('a bad export format is 400 bad_query format', async () => {
		assertError(await api(url, 'GET', '/api/v1/residents/export?format=pdf', { cookie: c.workerA }), 400, 'bad_query', 'format');
		assertError(await api(url, 'GET', '/api/v1/residents/export?format=csv&age_min=x', { cookie: c.workerA }), 400, 'bad_query', 'age_min');
	});
});
