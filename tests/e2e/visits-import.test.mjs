// Importing paper visits (docs/visits.md, "Importing paper visits"): a CSV or
// XLSX file, a line-by-line report, each line under the same rules as
// POST /api/v1/visits; dry_run and all_or_nothing write nothing.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import ExcelJS from 'exceljs';
import { api, assertError } from './lib/harness.mjs';
import { startVisits, addDays, A, B } from './lib/visits-fixture.mjs';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['小区', '楼号', '室号', '走访时间', '方式', '社工', '望', '闻', '问', '切', '跟进日期', '服务'];

describe('visits: importing paper visits', () => {
	let w, T;
	let headA, w1, w2, workerB, headB;
	let h1, h2;

	before(async () => {
		w = await startVisits();
		T = w.today;
		headA = await w.user('headA', 'committee_head', A);
		w1 = await w.user('w1', 'worker', A);
		w2 = await w.user('w2', 'worker', A);
		workerB = await w.user('workerB', 'worker', B);
		headB = await w.user('headB', 'committee_head', B);
		const x = await w.compound(A, '普雄小区');
		const b1 = await w.building(x, '1号');
		const b2 = await w.building(x, '2号');
		h1 = await w.household(b1, '101');
		h2 = await w.household(b2, '201');
		const g1 = await w.grid(headA.cookie, { committee_code: A, name: '一网格', building_ids: [b1.id], household_ids: [] });
		const g2 = await w.grid(headA.cookie, { committee_code: A, name: '二网格', building_ids: [b2.id], household_ids: [] });
		await w.assign(headA.cookie, g1.id, { worker_id: w1.id, start_on: addDays(T, -400) });
		await w.assign(headA.cookie, g2.id, { worker_id: w2.id, start_on: addDays(T, -400) });
	});
	after(async () => {
		if (w) await w.stop();
	});

	const csv = (rows) => [HEADERS, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
	/** A line: [compound, building, room, at, channel, worker, 望, 闻, 问, 切, follow-up, services]. */
	const line = (o) => [o.compound ?? '普雄小区', o.building ?? '1号', o.room ?? '101', o.at ?? '', o.channel ?? '入户',
		o.worker ?? '', o.observed ?? '', o.heard ?? '', o.asked ?? '', o.needs ?? '', o.fu ?? '', o.services ?? ''];
	const post = (body, { cookie = w1.cookie, query = '', type = 'text/csv' } = {}) => api(w.url, 'POST',
		`/api/v1/imports/visits?committee_code=${A}${query}`, { cookie, raw: body, headers: { 'content-type': type } });
	async function importOk(body, opts) {
		const r = await post(body, opts);
		assert.equal(r.status, 200, `import: ${r.status} ${r.text}`);
		for (const k of ['rows', 'inserted', 'rejected', 'encoding', 'dry_run', 'all_or_nothing', 'written', 'lines']) {
			assert.ok(k in r.json, `the report has ${k}: ${r.text}`);
		}
		for (const l of r.json.lines) {
			assert.deepEqual(Object.keys(l).sort(), ['field', 'id', 'line', 'reason', 'reason_zh', 'status'], JSON.stringify(l));
		}
		return r.json;
	}
	const visitsOf = async (hh) => (await w.get(`/api/v1/visits?household_id=${hh.id}&limit=500`)).items;

	it('good lines are recorded, bad ones rejected one by one, naming the field', async () => {
		const D1 = addDays(T, -3);
		const D2 = addDays(T, -2);
		const body = csv([
			line({ at: `${D1} 10:00`, observed: '屋内整洁', heard: '身体尚可', asked: '希望多来', needs: '配药', fu: addDays(D1, 7), services: '配药、送餐' }),
			line({ at: D2, channel: 'phone' }),
			line({ room: '999', at: `${D1} 10:00` }),
			line({ building: '2号', room: '201', at: `${D1} 10:00` }),
			line({ at: `${addDays(T, 1)} 10:00` }),
			line({ at: `${D1} 10:00`, channel: '飞鸽' }),
			line({ at: `${D1} 10:00`, fu: addDays(D1, -1) }),
			line({ at: '' }),
		]);
		const rep = await importOk(body);
		assert.equal(rep.rows, 8);
		assert.equal(rep.inserted, 2);
		assert.equal(rep.rejected, 6);
		assert.equal(rep.written, true);
		assert.equal(rep.dry_run, false);
		const by = Object.fromEntries(rep.lines.map((l) => [l.line, l]));
		assert.equal(by[2].status, 'inserted');
		assert.ok(Number.isInteger(by[2].id));
		assert.equal(by[3].status, 'inserted');
		const rejected = { 4: 'household_id', 5: 'household_id', 6: 'visited_at', 7: 'channel', 8: 'follow_up_on', 9: 'visited_at' };
		for (const [n, field] of Object.entries(rejected)) {
			assert.equal(by[n]?.status, 'rejected', `line ${n}: ${JSON.stringify(by[n])}`);
			assert.equal(by[n].field, field, `line ${n}: ${JSON.stringify(by[n])}`);
			assert.equal(by[n].id, null);
			assert.ok(by[n].reason && by[n].reason_zh, `line ${n} says why`);
		}

		const vs = await visitsOf(h1);
		assert.equal(vs.length, 2);
		const v1 = vs.find((v) => v.id === by[2].id);
		assert.equal(Date.parse(v1.visited_at), Date.parse(`${D1}T10:00:00+08:00`), 'the time is Asia/Shanghai');
		assert.equal(v1.visited_on, D1);
		assert.equal(v1.channel, 'home');
		assert.equal(v1.worker_id, w1.id, 'the importer by default');
		assert.equal(v1.observed, '屋内整洁');
		assert.equal(v1.heard, '身体尚可');
		assert.equal(v1.asked, '希望多来');
		assert.equal(v1.needs, '配药');
		assert.equal(v1.follow_up_on, addDays(D1, 7));
		const v2 = vs.find((v) => v.id === by[3].id);
		assert.equal(Date.parse(v2.visited_at), Date.parse(`${D2}T09:00:00+08:00`), 'a date alone is 09:00');
		assert.equal(v2.channel, 'phone');
		assert.deepEqual(await visitsOf(h2), []);
		// 服务 separated by 、 (送 and 、 share two of their three UTF-8 bytes)
		assert.deepEqual(v1.services, ['配药', '送餐']);
	});

	it('dry_run and all_or_nothing write nothing', async () => {
		const before = (await visitsOf(h1)).length;
		const good = line({ at: `${addDays(T, -5)} 11:00` });
		const bad = line({ at: `${addDays(T, -5)} 11:00`, channel: '飞鸽' });
		const dry = await importOk(csv([good, bad]), { query: '&dry_run=true' });
		assert.equal(dry.dry_run, true);
		assert.equal(dry.inserted, 1);
		assert.equal(dry.rejected, 1);
		assert.equal(dry.written, false);
		assert.equal((await visitsOf(h1)).length, before);
		const aon = await importOk(csv([good, bad]), { query: '&all_or_nothing=true' });
		assert.equal(aon.all_or_nothing, true);
		assert.equal(aon.written, false);
		assert.equal((await visitsOf(h1)).length, before);
		const aonOk = await importOk(csv([good]), { query: '&all_or_nothing=true' });
		assert.equal(aonOk.written, true);
		assert.equal((await visitsOf(h1)).length, before + 1);
	});

	it('the 社工 column: a head imports a worker\'s visits; a worker only their own', async () => {
		const at = `${addDays(T, -6)} 14:00`;
		const byHead = await importOk(csv([line({ building: '2号', room: '201', at, worker: w2.username })]), { cookie: headA.cookie });
		assert.equal(byHead.inserted, 1, JSON.stringify(byHead));
		const v = (await visitsOf(h2)).find((x) => x.id === byHead.lines[0].id);
		assert.equal(v.worker_id, w2.id);
		const byWorker = await importOk(csv([line({ building: '2号', room: '201', at, worker: w2.username })]));
		assert.equal(byWorker.rejected, 1);
		assert.equal(byWorker.lines[0].field, 'worker');
		const nobody = await importOk(csv([line({ at, worker: 'no_such_worker' })]), { cookie: headA.cookie });
		assert.equal(nobody.lines[0].status, 'rejected');
		assert.equal(nobody.lines[0].field, 'worker');
		// the named worker's grids decide, as for POST /api/v1/visits
		const notHers = await importOk(csv([line({ at, worker: w2.username })]), { cookie: headA.cookie });
		assert.equal(notHers.lines[0].status, 'rejected', JSON.stringify(notHers.lines[0]));
		assert.equal(notHers.lines[0].field, 'household_id');
		// nor may it be anyone outside the committee: B's head cannot visit A's households
		const hB = await importOk(csv([line({ at, worker: headB.username })]), { cookie: headA.cookie });
		assert.equal(hB.lines[0].status, 'rejected', `B's head named for A's household: ${JSON.stringify(hB.lines[0])}`);
		assert.deepEqual((await visitsOf(h1)).filter((v) => v.worker_id === headB.id), []);
	});

	it('an XLSX file imports', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('走访');
		ws.addRow(HEADERS);
		ws.addRow(line({ at: `${addDays(T, -7)} 16:30`, channel: '路遇', observed: '表格' }));
		const rep = await importOk(Buffer.from(await wb.xlsx.writeBuffer()), { type: XLSX_TYPE });
		assert.equal(rep.inserted, 1, JSON.stringify(rep));
		const v = (await visitsOf(h1)).find((x) => x.id === rep.lines[0].id);
		assert.equal(v.channel, 'street');
		assert.equal(v.observed, '表格');
		assert.equal(Date.parse(v.visited_at), Date.parse(`${addDays(T, -7)}T16:30:00+08:00`));
	});

	it('a file without a required column, an empty body, another committee: 400, nothing written', async () => {
		const before = (await visitsOf(h1)).length;
		const noChannel = ['小区,楼号,室号,走访时间', `普雄小区,1号,101,${addDays(T, -1)} 10:00`].join('\r\n') + '\r\n';
		assertError(await post(noChannel), 400, 'bad_field', 'file');
		assertError(await post(''), 400, 'bad_field', 'file');
		assertError(await api(w.url, 'POST', `/api/v1/imports/visits?committee_code=${A}`, {
			cookie: workerB.cookie, raw: csv([line({ at: `${addDays(T, -1)} 10:00` })]), headers: { 'content-type': 'text/csv' },
		}), 400, 'bad_query', 'committee_code');
		assert.equal((await visitsOf(h1)).length, before);
	});
});
