// The checking list (核查; docs/checking.md): a street sends down one file
// covering its committees; nothing changes the register until a worker
// confirms an item at the door, or a head accepts a committee's list.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { api, assertError, listAll, REPO } from './lib/harness.mjs';
import { startRegister, COMMITTEES, makeIdNumber, mobile, maskPhone } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const B = COMMITTEES.B.code;
const C = COMMITTEES.C.code;
const STREET = COMMITTEES.A.street;

function csvField(v) {
	const s = v === null || v === undefined ? '' : String(v);
	return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
const csv = (headers, rows) => [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

describe('the checking list (核查): upload, items, marks, acceptance, progress', () => {
	let ctx, url, c, fx;
	before(async () => {
		ctx = await startRegister();
		({ url, fx } = ctx);
		c = ctx.cookies;
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	const upload = (body, { cookie = c.street, query = `area=${STREET}`, type = 'text/csv' } = {}) =>
		api(url, 'POST', `/api/v1/checks?${query}`, { cookie, raw: body, headers: { 'content-type': type } });
	const resident = async (id, cookie = c.admin) => (await api(url, 'GET', `/api/v1/residents/${id}`, { cookie })).json;
	const HEAD = ['居委会', '小区', '楼号', '室号', '姓名', '身份证号', '手机'];
	const row = (committee, r, phone = '') => [committee, r.compoundName, r.label, r.room, r.name, r.id_number, phone];
	const newcomerId = makeIdNumber({ birth: '1990-03-04', male: true, seq: 900 });
	const newPhone03 = mobile(8001);
	const newPhone21 = mobile(8002);
	let file, checkId, expectMissingA, expectMissingB;

	before(() => {
		const r01 = fx.resident('r01');
		const r03 = fx.resident('r03');
		const r20 = fx.resident('r20');
		const r21 = fx.resident('r21');
		file = csv(HEAD, [
			row('普雄路居委会', r01),                    // unchanged
			row('普雄路', r03, newPhone03),              // changed: a new phone (the name without 居委会)
			['普雄路居委会', '普雄小区', '20号', '101', '新居民', newcomerId, ''], // new to the register
			row(B, r20),                                // unchanged (the committee by code)
			row('安全里居委会', r21, newPhone21),         // changed
		]);
		const inFile = new Set([r01.id, r03.id, r20.id, r21.id]);
		expectMissingA = fx.residentNames((r) => r.committee === 'A' && !inFile.has(r.id));
		expectMissingB = fx.residentNames((r) => r.committee === 'B' && !inFile.has(r.id));
	});

	it('a dry run compares and reports, writes nothing', async () => {
		const before03 = await resident(fx.resident('r03').id);
		const r = await upload(file, { query: `area=${STREET}&dry_run=true` });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.check, null);
		assert.equal(r.json.dry_run, true);
		assert.equal(r.json.rows, 5);
		assert.equal(r.json.new, 1);
		assert.equal(r.json.changed, 2);
		assert.equal(r.json.unchanged, 2);
		assert.equal(r.json.missing, expectMissingA.length + expectMissingB.length);
		const byCode = Object.fromEntries(r.json.committees.map((x) => [x.committee_code, x]));
		assert.deepEqual(Object.keys(byCode).sort(), [B, A].sort());
		assert.equal(byCode[A].missing, expectMissingA.length);
		assert.equal(byCode[B].missing, expectMissingB.length);
		assert.deepEqual(await resident(fx.resident('r03').id), before03, 'the register is as it was');
		const list = await api(url, 'GET', '/api/v1/checks', { cookie: c.street });
		assert.equal(list.json.items.length, 0, 'a dry run leaves no batch');
	});

	it('the upload writes a batch; the register does not change', async () => {
		const before03 = await resident(fx.resident('r03').id);
		const r = await upload(file, { query: `area=${STREET}&file_name=${encodeURIComponent('长寿路 11月.csv')}` });
		assert.equal(r.status, 201, r.text);
		checkId = r.json.check.id;
		assert.equal(r.json.check.file_name, '长寿路 11月.csv');
		assert.equal(r.json.check.open, 1 + 2 + expectMissingA.length + expectMissingB.length);
		assert.deepEqual(await resident(fx.resident('r03').id), before03, 'the register is as it was');
		const found = await api(url, 'GET', '/api/v1/residents?q=新居民', { cookie: c.admin });
		assert.equal(found.json.total, 0, 'the newcomer is not in the register yet');
		// nothing of the file in clear
		assert.ok(!r.text.includes(newcomerId) && !r.text.includes(newPhone03), 'no clear numbers in the answer');
	});

	it('a worker sees its committee\'s items only; the changes name old and new, masked', async () => {
		const items = await listAll(url, `/api/v1/checks/${checkId}/items`, c.workerA);
		assert.ok(items.every((i) => i.committee_code === A));
		const names = (kind) => items.filter((i) => i.kind === kind).map((i) => i.name).sort();
		assert.deepEqual(names('missing'), expectMissingA);
		assert.deepEqual(names('new'), ['新居民']);
		assert.deepEqual(names('changed'), [fx.resident('r03').name]);
		const ch = items.find((i) => i.kind === 'changed');
		assert.deepEqual(Object.keys(ch.changes), ['phone']);
		assert.equal(ch.changes.phone.new, maskPhone(newPhone03));
		assert.equal(ch.changes.phone.old, maskPhone(fx.resident('r03').phone));
		assert.equal(ch.household_id, fx.resident('r03').household_id);
		const text = JSON.stringify(items);
		assert.ok(!text.includes(newcomerId) && !text.includes(newPhone03), 'no clear numbers in the items');
		// the batch shows only A's progress to A's worker
		const b = await api(url, 'GET', `/api/v1/checks/${checkId}`, { cookie: c.workerA });
		assert.equal(b.status, 200);
		assert.deepEqual(b.json.committees.map((x) => x.committee_code), [A]);
		// B's committee is not A's worker's
		assertError(await api(url, 'GET', `/api/v1/checks/${checkId}/items?committee_code=${B}`, { cookie: c.workerA }), 400, 'bad_query', 'committee_code');
		// one household's open items (the household page)
		const hh = await api(url, 'GET', `/api/v1/check-items?household_id=${fx.resident('r03').household_id}&state=open`, { cookie: c.workerA });
		assert.deepEqual(hh.json.items.map((i) => i.name), [fx.resident('r03').name]);
	});

	it('marks: confirmed applies, moved away moves out, not found records only; who and when kept', async () => {
		const items = await listAll(url, `/api/v1/checks/${checkId}/items?state=open`, c.workerA);
		const changed = items.find((i) => i.kind === 'changed');
		const added = items.find((i) => i.kind === 'new');
		const gone = items.find((i) => i.kind === 'missing' && i.name === fx.resident('r02').name);
		const stay = items.find((i) => i.kind === 'missing' && i.name === fx.resident('r04').name);

		// bad input first: nothing changes
		assertError(await api(url, 'PATCH', `/api/v1/check-items/${changed.id}`, { cookie: c.workerA, body: { state: 'done' } }), 400, 'bad_field', 'state');
		assertError(await api(url, 'PATCH', `/api/v1/check-items/${changed.id}`, { cookie: c.workerA, body: { state: 1 } }), 400, 'bad_field', 'state');
		assertError(await api(url, 'PATCH', `/api/v1/check-items/${changed.id}`, { cookie: c.workerA, body: { state: 'confirmed', fields: {} } }), 400, 'bad_field', 'fields');
		// another committee's worker: as if it did not exist
		assertError(await api(url, 'PATCH', `/api/v1/check-items/${changed.id}`, { cookie: c.workerB, body: { state: 'confirmed' } }), 404, 'not_found');
		assert.equal((await resident(fx.resident('r03').id)).phone, maskPhone(fx.resident('r03').phone));

		const r1 = await api(url, 'PATCH', `/api/v1/check-items/${changed.id}`, { cookie: c.workerA, body: { state: 'confirmed', note: '上门核实' } });
		assert.equal(r1.status, 200, r1.text);
		assert.equal(r1.json.state, 'confirmed');
		assert.equal(r1.json.note, '上门核实');
		assert.equal(r1.json.marked_by, (await api(url, 'GET', '/api/v1/me', { cookie: c.workerA })).json.id);
		assert.ok(r1.json.marked_at);
		assert.equal((await resident(fx.resident('r03').id)).phone, maskPhone(newPhone03), 'confirmed: the register has the file\'s phone');
		const hist = await api(url, 'GET', `/api/v1/residents/${fx.resident('r03').id}/history`, { cookie: c.workerA });
		assert.ok(hist.json.items.some((h) => h.changes?.phone), 'the change is in the history, like a normal edit');
		// marked already
		assertError(await api(url, 'PATCH', `/api/v1/check-items/${changed.id}`, { cookie: c.workerA, body: { state: 'corrected' } }), 409, 'conflict');

		const r2 = await api(url, 'PATCH', `/api/v1/check-items/${added.id}`, { cookie: c.workerA, body: { state: 'not_found' } });
		assert.equal(r2.status, 200, r2.text);
		assert.equal((await api(url, 'GET', '/api/v1/residents?q=新居民', { cookie: c.admin })).json.total, 0, 'not found: nothing added');

		const r3 = await api(url, 'PATCH', `/api/v1/check-items/${gone.id}`, { cookie: c.workerA, body: { state: 'moved_away' } });
		assert.equal(r3.status, 200, r3.text);
		const r02 = await resident(fx.resident('r02').id);
		assert.equal(r02.status, 'moved_out', 'moved away: moved out of the register');
		assert.equal(r02.status_date, fx.today);

		// the phone's outbox sends a mark again with its Idempotency-Key: the same answer, not a 409
		const key = { 'idempotency-key': `mark-${stay.id}` };
		const r4 = await api(url, 'PATCH', `/api/v1/check-items/${stay.id}`, { cookie: c.workerA, body: { state: 'confirmed' }, headers: key });
		assert.equal(r4.status, 200, r4.text);
		const again = await api(url, 'PATCH', `/api/v1/check-items/${stay.id}`, { cookie: c.workerA, body: { state: 'confirmed' }, headers: key });
		assert.equal(again.status, 200, again.text);
		assert.equal(again.headers.get('idempotent-replayed'), 'true');
		assert.deepEqual(again.json, r4.json);
		assert.equal((await resident(fx.resident('r04').id)).status, 'living', 'a missing person confirmed stays');
	});

	it('a head accepts a committee\'s list whole; the street sees the progress per committee', async () => {
		assertError(await api(url, 'POST', `/api/v1/checks/${checkId}/accept`, { cookie: c.workerB, body: { committee_code: B } }), 403, 'forbidden');
		assertError(await api(url, 'POST', `/api/v1/checks/${checkId}/accept`, { cookie: c.headB, body: { committee_code: A } }), 400, 'bad_field', 'committee_code');
		assertError(await api(url, 'POST', `/api/v1/checks/${checkId}/accept`, { cookie: c.headB, body: {} }), 400, 'bad_field', 'committee_code');
		const r = await api(url, 'POST', `/api/v1/checks/${checkId}/accept`, { cookie: c.headB, body: { committee_code: B } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.accepted, 1);
		assert.deepEqual(r.json.failed, []);
		assert.equal((await resident(fx.resident('r21').id)).phone, maskPhone(newPhone21));
		assert.equal((await resident(fx.resident('r22').id)).status, 'living', 'accepting leaves missing people to be checked');
		const audit = await api(url, 'GET', '/api/v1/audit?action=accept', { cookie: c.admin });
		assert.ok(audit.json.items.some((e) => e.entity === 'check'), 'the acceptance is audited');

		const s = await api(url, 'GET', `/api/v1/checks/${checkId}`, { cookie: c.street });
		const by = Object.fromEntries(s.json.committees.map((x) => [x.committee_code, x]));
		assert.equal(by[B].confirmed, 1);
		assert.equal(by[B].open, expectMissingB.length);
		assert.equal(by[A].confirmed, 2);
		assert.equal(by[A].not_found, 1);
		assert.equal(by[A].moved_away, 1);
		assert.equal(by[A].open, 1 + expectMissingA.length - 3 + 0);
		assert.equal(by[A].unchanged, 1);
		assert.equal(s.json.open, by[A].open + by[B].open);
		const list = await api(url, 'GET', `/api/v1/checks?area=${STREET}`, { cookie: c.street });
		assert.deepEqual(list.json.items.map((x) => x.id), [checkId]);
	});

	it('a row of another street\'s committee refuses the whole file, naming the line', async () => {
		const bad = csv(HEAD, [row('普雄路居委会', fx.resident('r01')), row('曹家巷居委会', fx.resident('r23'))]);
		const r = await upload(bad);
		assertError(r, 400, 'bad_field', 'file');
		assert.match(r.json.error.message_zh, /第 3 行/);
		assert.match(r.json.error.message_zh, /曹家巷居委会/);
		const list = await api(url, 'GET', '/api/v1/checks', { cookie: c.admin });
		assert.equal(list.json.items.length, 1, 'nothing written');
		// by code too
		assertError(await upload(csv(HEAD, [row(C, fx.resident('r23'))])), 400, 'bad_field', 'file');
	});

	it('bad input: area, roles, empty body, no header, a bad mapping, a ZIP bomb', async () => {
		assertError(await upload(file, { query: '' }), 400, 'bad_query', 'area');
		assertError(await upload(file, { query: `area=${COMMITTEES.C.street}` }), 400, 'bad_query', 'area');
		assertError(await upload(file, { cookie: c.headA, query: `area=${STREET}` }), 400, 'bad_query', 'area');
		assertError(await upload(file, { cookie: c.workerA, query: `area=${A}` }), 403, 'forbidden');
		assertError(await upload(''), 400, 'bad_field', 'file');
		// the wrong type: a picture is no file of people; JSON is no file at all
		assertError(await upload(file, { type: 'image/png' }), 415, 'unsupported_media_type');
		assertError(await upload('{"rows":[]}', { type: 'application/json' }), 400, 'bad_field', 'file');
		// an old .xls (the corpus): refused whole, naming the file
		assertError(await upload(fs.readFileSync(path.join(REPO, 'tests', 'import-corpus', 'files', 'old-format.xls')), { type: 'application/octet-stream' }), 400, 'bad_field', 'file');
		assertError(await upload('甲,乙,丙\r\n1,2,3\r\n'), 400, 'bad_field', 'file');
		assertError(await upload(file, { query: `area=${STREET}&dry_run=yes` }), 400, 'bad_query', 'dry_run');
		assertError(await upload(file, { query: `area=${STREET}&mapping=${encodeURIComponent('{"姓名":"shoe_size"}')}` }), 400, 'bad_query', 'mapping');
		assertError(await upload(file, { query: `area=${STREET}&mapping=${encodeURIComponent('[1]')}` }), 400, 'bad_query', 'mapping');
		const bomb = fs.readFileSync(path.join(REPO, 'tests', 'import-corpus', 'files', 'bomb.xlsx'));
		const r = await upload(bomb, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
		assertError(r, 400, 'bad_field', 'file');
		const list = await api(url, 'GET', '/api/v1/checks', { cookie: c.admin });
		assert.equal(list.json.items.length, 1, 'nothing written');
		// an id that names nothing, or a batch outside the jurisdiction
		assertError(await api(url, 'GET', '/api/v1/checks/999999', { cookie: c.street }), 404, 'not_found');
		assertError(await api(url, 'GET', '/api/v1/checks/999999/items', { cookie: c.street }), 404, 'not_found');
		assertError(await api(url, 'GET', `/api/v1/checks/${checkId}/items?state=bad`, { cookie: c.street }), 400, 'bad_query', 'state');
		assertError(await api(url, 'GET', `/api/v1/checks/${checkId}/items?kind=bad`, { cookie: c.street }), 400, 'bad_query', 'kind');
	});

	it('without a 居委会 column, lines go by compound; missing are of the compounds the file names', async () => {
		const r18 = fx.resident('r18'); // 普雄花苑
		const heads = ['小区', '楼号', '室号', '姓名', '身份证号'];
		const r = await upload(csv(heads, [[r18.compoundName, r18.label, r18.room, r18.name, r18.id_number],
			['没有的小区', '1号', '101', '某人', '']]), { cookie: c.headA, query: `area=${A}` });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.rejected, 1, 'a compound no committee has: the line refused');
		assert.equal(r.json.lines[0].line, 3);
		assert.equal(r.json.lines[0].field, 'compound');
		const items = await listAll(url, `/api/v1/checks/${r.json.check.id}/items`, c.headA);
		const want = fx.residentNames((x) => x.compound === r18.compound && x.id !== r18.id);
		assert.deepEqual(items.filter((i) => i.kind === 'missing').map((i) => i.name).sort(), want);
		assert.equal(items.length, want.length, 'nothing of the other compounds');
		// the batch is A's alone: B's people do not see it
		assertError(await api(url, 'GET', `/api/v1/checks/${r.json.check.id}`, { cookie: c.workerB }), 404, 'not_found');
		assertError(await api(url, 'PATCH', `/api/v1/check-items/${items[0].id}`, { cookie: c.workerB, body: { state: 'confirmed' } }), 404, 'not_found');
	});

	it('confirming a new person adds them to the register at the file\'s address', async () => {
		const heads = ['小区', '楼号', '室号', '姓名', '身份证号', '性别'];
		const id = makeIdNumber({ birth: '1985-07-08', male: false, seq: 920 });
		const r = await upload(csv(heads, [['普雄小区', '20', '101室', '林新', id, '女']]), { cookie: c.headA, query: `area=${A}` });
		assert.equal(r.status, 201, r.text);
		const items = await listAll(url, `/api/v1/checks/${r.json.check.id}/items?kind=new`, c.workerA);
		assert.equal(items.length, 1);
		assert.equal(items[0].household_id, fx.household('h20-101').id, 'the household the address names (20 is 20号, 101室 is 101)');
		const m = await api(url, 'PATCH', `/api/v1/check-items/${items[0].id}`, { cookie: c.workerA, body: { state: 'confirmed' } });
		assert.equal(m.status, 200, m.text);
		assert.ok(m.json.resident_id, 'the resident made');
		const made = await resident(m.json.resident_id);
		assert.equal(made.name, '林新');
		assert.equal(made.household_id, fx.household('h20-101').id);
		assert.equal(made.gender, 'female');
		assert.equal(made.birth_date, '1985-07-08');
	});
});
