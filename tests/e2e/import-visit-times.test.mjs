// The visit import keeps the time of an Excel date-time cell (issue 16,
// item 4): a cell holding 16:40 is a visit at 16:40 in Asia/Shanghai, not at
// 09:00, so a late visit is not counted before 15:30.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import ExcelJS from 'exceljs';
import { api } from './lib/harness.mjs';
import { startVisits, addDays, A } from './lib/visits-fixture.mjs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('visit import: Excel date-time cells', () => {
	let w, T, head, worker, hh;

	before(async () => {
		w = await startVisits();
		T = w.today;
		head = await w.user('headT', 'committee_head', A);
		worker = await w.user('wT', 'worker', A);
		const x = await w.compound(A, '时刻苑');
		const b = await w.building(x, '1号');
		hh = await w.household(b, '101');
		const g = await w.grid(head.cookie, { committee_code: A, name: '时刻网格', building_ids: [b.id], household_ids: [] });
		await w.assign(head.cookie, g.id, { worker_id: worker.id, start_on: addDays(T, -400) });
	});
	after(async () => {
		if (w) await w.stop();
	});

	/** A wall-clock time as ExcelJS writes it into a cell (serials count local days). */
	const cellTime = (date, hh, mm, ss = 0) => {
		const [y, m, d] = date.split('-').map(Number);
		return new Date(Date.UTC(y, m - 1, d, hh, mm, ss));
	};

	it('date-time cells keep their time, in Asia/Shanghai; a date cell is 09:00', async () => {
		const D = addDays(T, -2);
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('走访');
		ws.addRow(['小区', '楼号', '室号', '走访时间', '方式', '望']);
		ws.addRow(['时刻苑', '1号', '101', cellTime(D, 16, 40), '入户', '傍晚']);
		ws.addRow(['时刻苑', '1号', '101', cellTime(D, 8, 5, 30), '入户', '清早']);
		ws.addRow(['时刻苑', '1号', '101', cellTime(addDays(D, -1), 0, 0), '入户', '整日']);
		ws.getCell('D2').numFmt = 'yyyy-mm-dd hh:mm';
		ws.getCell('D3').numFmt = 'yyyy/m/d h:mm:ss';
		ws.getCell('D4').numFmt = 'yyyy-mm-dd';
		const r = await api(w.url, 'POST', `/api/v1/imports/visits?committee_code=${A}`, {
			cookie: worker.cookie, raw: Buffer.from(await wb.xlsx.writeBuffer()), headers: { 'content-type': XLSX_TYPE },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.inserted, 3, r.text);
		const visits = (await w.get(`/api/v1/visits?household_id=${hh.id}&limit=50`)).items;
		const at = (note) => Date.parse(visits.find((v) => v.observed === note).visited_at);
		assert.equal(at('傍晚'), Date.parse(`${D}T16:40:00+08:00`));
		assert.equal(at('清早'), Date.parse(`${D}T08:05:30+08:00`));
		assert.equal(at('整日'), Date.parse(`${addDays(D, -1)}T09:00:00+08:00`));
	});
});
