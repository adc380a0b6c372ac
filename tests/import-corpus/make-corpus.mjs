// Writes the import corpus: files shaped as offices make them (Excel- and
// WPS-like XLSX through ExcelJS, CSV in UTF-8 and GBK, and with Python's
// zipfile a zip64 workbook and a ZIP bomb), and expected.json, the report
// each must get.  tests/e2e/import-corpus.test.mjs imports every file and
// holds the answer against it.  Run again after a change:
//   node tests/import-corpus/make-corpus.mjs
// The people are synthetic; ID numbers have valid check digits.

import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeIdNumber, maskId, maskPhone, mobile } from '../e2e/lib/register-fixture.mjs';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'files');
fs.rmSync(DIR, { recursive: true, force: true });
fs.mkdirSync(DIR, { recursive: true });

const expected = {};
const id = (birth, male, seq) => makeIdNumber({ birth, male, seq });
const csv = (rows) => rows.map((r) => r.map((v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : v)).join(',')).join('\r\n') + '\r\n';
/** A fixed time for every file, so that the bytes do not change between runs. */
const FIXED = new Date(Date.UTC(2026, 0, 1));

async function xlsx(name, build) {
	const wb = new ExcelJS.Workbook();
	wb.creator = 'corpus';
	wb.created = FIXED;
	wb.modified = FIXED;
	await build(wb);
	fs.writeFileSync(path.join(DIR, name), Buffer.from(await wb.xlsx.writeBuffer()));
}

// 1. The everyday headers: 身份证号码, 手机号码, 出生年月, 联系电话 and a 备注
//    the template does not have.
{
	const a = id('1950-03-04', false, 110), b = id('1978-06-07', true, 120);
	fs.writeFileSync(path.join(DIR, 'everyday-headers.csv'), '\ufeff' + csv([
		['序号', '小区名称', '楼栋号', '门牌号', '姓名', '性别', '身份证号码', '手机号码', '出生年月', '政治面貌', '备注'],
		[1, '常青苑', '1', '101', '常青甲', '女', a, mobile(5001), '1950.03', '中共党员', '独居'],
		[2, '常青苑', '1', '102', '常青乙', '男', b, mobile(5002), '1978.06', '群众', ''],
	]));
	expected['everyday-headers.csv'] = {
		what: '身份证号码, 手机号码, 出生年月 (year and month, the day from the ID), 政治面貌; 序号 and 备注 reported ignored',
		report: { inserted: 2, rejected: 0, created: { compounds: 1, buildings: 1, households: 2 } },
		ignored: ['序号', '备注'],
		residents: [
			{ name: '常青甲', id_number: maskId(a), phone: maskPhone(mobile(5001)), birth_date: '1950-03-04', party_member: true },
			{ name: '常青乙', id_number: maskId(b), phone: maskPhone(mobile(5002)), birth_date: '1978-06-07', party_member: false },
		],
	};
}

// 2. A title row, an empty row and a two-row header ("地址" merged over 小区,
//    楼号, 室号), as a committee's own sheet has them.
{
	const a = id('1944-04-04', true, 130);
	await xlsx('title-two-row-header.xlsx', (wb) => {
		const ws = wb.addWorksheet('人口信息');
		ws.addRow(['长寿路街道某居委会 人口信息登记表']);
		ws.mergeCells('A1:G1');
		ws.addRow([]);
		ws.addRow(['地址', '', '', '基本信息', '', '', '联系方式']);
		ws.mergeCells('A3:C3');
		ws.mergeCells('D3:F3');
		ws.addRow(['小区', '楼号', '室号', '姓名', '性别', '公民身份号码', '联系电话']);
		ws.addRow(['双表头苑', '2号', '201室', '双头甲', '男', a, '021-62220001']);
		ws.addRow(['双表头苑', '2号', '202室', '双头乙', '女', '', '']);
	});
	expected['title-two-row-header.xlsx'] = {
		what: 'a merged title row, an empty row, a header of two rows',
		report: { inserted: 2, rejected: 0, header_line: 4, sheet: 1 },
		residents: [{ name: '双头甲', id_number: maskId(a), phone: maskPhone('021-62220001') }],
	};
}

// 3. 小区 and 楼号 merged down over their rows.
await xlsx('merged-places.xlsx', (wb) => {
	const ws = wb.addWorksheet('Sheet1');
	ws.addRow(['小区', '楼号', '室号', '姓名']);
	ws.addRow(['合并苑', '3号', '301', '合并甲']);
	ws.addRow(['', '', '302', '合并乙']);
	ws.addRow(['', '4号', '401', '合并丙']);
	ws.addRow(['', '', '402', '合并丁']);
	ws.mergeCells('A2:A5');
	ws.mergeCells('B2:B3');
	ws.mergeCells('B4:B5');
});
expected['merged-places.xlsx'] = {
	what: '小区 merged over four rows, 楼号 over two',
	report: { inserted: 4, rejected: 0, created: { compounds: 1, buildings: 2, households: 4 } },
	places: { compounds: ['合并苑'], buildings: ['合并苑 3号', '合并苑 4号'] },
};

// 4. An instructions sheet, an empty sheet, a hidden sheet, then the data;
//    a notes sheet after it.
await xlsx('instructions-first.xlsx', (wb) => {
	const info = wb.addWorksheet('填表说明');
	info.addRow(['填表说明']);
	info.addRow(['1. 每人一行。']);
	info.addRow(['2. 身份证号请设置为文本格式。']);
	wb.addWorksheet('空白');
	const hidden = wb.addWorksheet('旧表', { state: 'hidden' });
	hidden.addRow(['小区', '楼号', '室号', '姓名']);
	hidden.addRow(['隐藏苑', '9号', '901', '不应导入']);
	const ws = wb.addWorksheet('人口');
	ws.addRow(['小区', '楼号', '室号', '姓名']);
	ws.addRow(['说明苑', '5号', '501', '说明甲']);
	const notes = wb.addWorksheet('备注');
	notes.addRow(['小区', '楼号', '室号', '姓名']);
	notes.addRow(['备注苑', '6号', '601', '不应导入乙']);
});
expected['instructions-first.xlsx'] = {
	what: 'the data sheet found past an instructions sheet, an empty one and a hidden one; a sheet after it is not read',
	report: { inserted: 1, rejected: 0, sheet: 3 },
	residents: [{ name: '说明甲' }],
	absent: ['不应导入', '不应导入乙'],
};

// 5. Spellings of one place: a trailing full-width space, "20" for "20号",
//    full-width digits, "1201" for "1201室".
fs.writeFileSync(path.join(DIR, 'place-variants.csv'), csv([
	['小区', '楼号', '室号', '姓名'],
	['普雄新村', '20号', '1201室', '变体甲'],
	['普雄新村\u3000', '20', '1201', '变体乙'],
	[' 普雄新村', '２０号', '１２０１室', '变体丙'],
	['普雄 新村', '20幢', '1201', '变体丁'],
]));
expected['place-variants.csv'] = {
	what: 'four spellings of one compound, building and room make one household',
	report: { inserted: 4, rejected: 0, created: { compounds: 1, buildings: 1, households: 1 } },
	places: { compounds: ['普雄新村'], buildings: ['普雄新村 20号'] },
	sameHousehold: ['变体甲', '变体乙', '变体丙', '变体丁'],
};

// 6. An ID number typed into a General cell: Excel keeps 15 digits.
{
	const good = id('1960-01-01', true, 140);
	await xlsx('id-as-number.xlsx', (wb) => {
		const ws = wb.addWorksheet('Sheet1');
		ws.addRow(['小区', '楼号', '室号', '姓名', '身份证号']);
		ws.addRow(['数字苑', '1号', '101', '数字甲', Number(good)]);
		ws.addRow(['数字苑', '1号', '102', '数字乙', good]);
	});
	expected['id-as-number.xlsx'] = {
		what: 'an ID number stored as a number is refused saying to format the column as 文本',
		report: { inserted: 1, rejected: 1 },
		lines: { 2: { status: 'rejected', field: 'id_number', column: 5, reason_zh: '文本' }, 3: { status: 'inserted' } },
	};
}

// 7. Booleans as Excel writes them (TRUE/FALSE cells), 是/否, dates as date
//    cells and as 1942年5月1日.
await xlsx('booleans-dates.xlsx', (wb) => {
	const ws = wb.addWorksheet('Sheet1');
	ws.addRow(['小区', '楼号', '室号', '姓名', '出生日期', '党员', '本房业主']);
	ws.addRow(['布尔苑', '1号', '101', '布尔甲', '1942年5月1日', true, '是']);
	ws.addRow(['布尔苑', '1号', '102', '布尔乙', new Date(Date.UTC(1950, 0, 2)), false, '否']);
	ws.getCell('E3').numFmt = 'yyyy-mm-dd';
	ws.addRow(['布尔苑', '1号', '103', '布尔丙', '1953/7/8', 'TRUE', 'FALSE']);
});
expected['booleans-dates.xlsx'] = {
	what: 'TRUE/FALSE cells and text, 是/否, a date cell and 1942年5月1日',
	report: { inserted: 3, rejected: 0 },
	residents: [
		{ name: '布尔甲', birth_date: '1942-05-01', party_member: true, owns: true },
		{ name: '布尔乙', birth_date: '1950-01-02', party_member: false, owns: false },
		{ name: '布尔丙', birth_date: '1953-07-08', party_member: true, owns: false },
	],
};

// 8. A CSV saved as GBK by a tool that turned characters GBK lacks into "?".
fs.writeFileSync(path.join(DIR, 'gbk-lost.csv'), iconv.encode(csv([
	['小区', '楼号', '室号', '姓名'],
	['丢字苑', '1号', '101', '王?英'],
	['丢字苑', '1号', '102', '李明'],
]), 'gbk'));
expected['gbk-lost.csv'] = {
	what: 'a GBK file with "?" where a character was lost: imported with a warning naming the line',
	report: { inserted: 2, rejected: 0, encoding: 'GB18030' },
	warnings: [{ line: 2, field: 'name' }],
};

// 9. No header the importer can find.
fs.writeFileSync(path.join(DIR, 'no-header.csv'), csv([
	['甲', '乙', '丙'],
	['1', '2', '3'],
]));
expected['no-header.csv'] = {
	what: 'no header: refused, naming the columns it looks for, nothing written',
	error: { status: 400, field: 'file', message_zh: '表头' },
};

// 10. A header without 室号.
fs.writeFileSync(path.join(DIR, 'header-lacks-room.csv'), csv([
	['小区', '楼号', '姓名', '身份证号'],
	['缺列苑', '1号', '缺列甲', ''],
]));
expected['header-lacks-room.csv'] = {
	what: 'a header lacking 室号: refused naming the line and the column',
	error: { status: 400, field: 'file', message_zh: '室号' },
};

// 11. An old .xls (a compound document), as WPS saves by default.
fs.writeFileSync(path.join(DIR, 'old-format.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
expected['old-format.xls'] = {
	what: 'an old .xls: refused, saying to save as .xlsx or CSV',
	error: { status: 400, field: 'file', message_zh: '.xlsx' },
};

// 12. A zip64 workbook and a ZIP bomb, by Python's zipfile.
{
	const a = id('1966-06-06', false, 150);
	await xlsx('plain-for-zip64.xlsx', (wb) => {
		const ws = wb.addWorksheet('Sheet1');
		ws.addRow(['小区', '楼号', '室号', '姓名', '身份证号']);
		ws.addRow(['大包苑', '1号', '101', '大包甲', a]);
	});
	const py = `
import sys, zipfile
src, dst, bomb = sys.argv[1:4]
zipfile.ZIP64_LIMIT = 16  # every size and offset past 16 bytes goes in zip64 records
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        zout.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), zin.read(info.filename), zipfile.ZIP_DEFLATED)
zipfile.ZIP64_LIMIT = (1 << 31) - 1
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, 'w', zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename == 'xl/worksheets/sheet1.xml':
            data = data.replace(b'<sheetData>', b'<sheetData>' + b' ' * (200 << 20), 1)
        zout.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
`;
	const r = spawnSync('python3', ['-c', py, path.join(DIR, 'plain-for-zip64.xlsx'), path.join(DIR, 'zip64.xlsx'), path.join(DIR, 'bomb.xlsx')], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(r.stderr);
	fs.rmSync(path.join(DIR, 'plain-for-zip64.xlsx'));
	expected['zip64.xlsx'] = {
		what: 'a zip64 workbook reads like any other',
		report: { inserted: 1, rejected: 0 },
		residents: [{ name: '大包甲', id_number: maskId(a) }],
	};
	expected['bomb.xlsx'] = {
		what: 'a sheet of 200 MiB packed into a few hundred KiB: refused as a ZIP bomb, nothing written',
		error: { status: 400, field: 'file', message_zh: '炸弹' },
	};
}

fs.writeFileSync(path.join(path.dirname(DIR), 'expected.json'), JSON.stringify(expected, null, '\t') + '\n');
console.log(`wrote ${Object.keys(expected).length} files to ${DIR}`);
