// Attachments on meetings (docs/attachments.md): the photo of a 议事会's
// sign-in sheet and its minutes as a PDF, with the attachment machinery of
// visits and issues.  Who may read the meeting reads them; a committee
// elsewhere, or a gate account, gets 404 as for anything outside its reach.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, before, after } from 'node:test';
import { assertError, checkedFetch, login } from './lib/harness.mjs';
import { startVisits, A, B } from './lib/visits-fixture.mjs';

const FIX = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

describe('attachments on meetings', () => {
	let w, head, worker, workerB, helper, meeting, meetingB, sheet, minutes;

	before(async () => {
		w = await startVisits();
		head = await w.user('maHead', 'committee_head', A);
		worker = await w.user('maWorker', 'worker', A);
		workerB = await w.user('maWorkerB', 'worker', B);
		const b = await w.building(await w.compound(A, '议事小区'), '1号');
		meeting = await w.ok('POST', '/api/v1/meetings', {
			cookie: head.cookie, status: 201,
			body: { committee_code: A, topic: '加装电梯议事会', held_at: '2026-11-20T14:00:00+08:00', place: '活动室' },
		});
		meetingB = await w.ok('POST', '/api/v1/meetings', {
			status: 201, body: { committee_code: B, topic: '停车议事会', held_at: '2026-11-21T14:00:00+08:00', place: '会议室' },
		});
		const hu = { username: `maHelper${process.pid}`, password: 'helper-pass-1234', role: 'helper', scope: [A], buildings: [b.id] };
		const made = await w.ok('POST', '/api/v1/users', { cookie: head.cookie, status: 201, body: hu });
		helper = { id: made.id, cookie: await login(w.url, hu.username, hu.password) };
	});
	after(async () => { if (w) await w.stop(); });

	const upload = (cookie, query, type, body) => checkedFetch(`${w.url}/api/v1/attachments?${query}`, {
		method: 'POST', headers: { cookie, 'content-type': type }, body,
	});
	const get = (cookie, p) => checkedFetch(`${w.url}${p}`, { headers: { cookie } });

	it('a worker attaches the sign-in sheet photo and the head the minutes', async () => {
		const jpg = fs.readFileSync(path.join(FIX, 'wide-64x32.jpg'));
		const r = await upload(worker.cookie, `owner=meeting&owner_id=${meeting.id}&filename=${encodeURIComponent('签到表.jpg')}`, 'image/jpeg', jpg);
		assert.equal(r.status, 201, await r.clone().text());
		sheet = await r.json();
		assert.equal(sheet.owner, 'meeting');
		assert.equal(sheet.owner_id, meeting.id);
		assert.equal(sheet.filename, '签到表.jpg');
		assert.ok(sheet.thumbnail_url, 'a photo has a thumbnail');
		const doc = Buffer.from('%PDF-1.4\n% 会议纪要 synthetic\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
		const m = await upload(head.cookie, `owner=meeting&owner_id=${meeting.id}&filename=${encodeURIComponent('会议纪要.pdf')}`, 'application/pdf', doc);
		assert.equal(m.status, 201);
		minutes = await m.json();
		const list = await (await get(worker.cookie, `/api/v1/attachments?owner=meeting&owner_id=${meeting.id}`)).json();
		assert.deepEqual(list.items.map((a) => a.filename).sort(), ['会议纪要.pdf', '签到表.jpg']);
		const d = await get(worker.cookie, `/api/v1/attachments/${minutes.id}`);
		assert.equal(d.status, 200);
		assert.deepEqual(Buffer.from(await d.arrayBuffer()), doc);
	});

	it('outside the meeting\'s committee: 404 to read, list or attach; a helper is refused', async () => {
		assertError(await get(workerB.cookie, `/api/v1/attachments/${sheet.id}`).then(wrap), 404, 'not_found');
		assertError(await get(workerB.cookie, `/api/v1/attachments?owner=meeting&owner_id=${meeting.id}`).then(wrap), 404, 'not_found');
		const jpg = fs.readFileSync(path.join(FIX, 'wide-64x32.jpg'));
		assertError(await upload(workerB.cookie, `owner=meeting&owner_id=${meeting.id}`, 'image/jpeg', jpg).then(wrap), 404, 'not_found');
		assertError(await upload(worker.cookie, `owner=meeting&owner_id=${meetingB.id}`, 'image/jpeg', jpg).then(wrap), 404, 'not_found');
		assertError(await upload(worker.cookie, 'owner=meetings&owner_id=1', 'image/jpeg', jpg).then(wrap), 400, 'bad_query', 'owner');
		assertError(await get(helper.cookie, `/api/v1/attachments/${sheet.id}`).then(wrap), 403, 'forbidden');
		const list = await (await get(head.cookie, `/api/v1/attachments?owner=meeting&owner_id=${meeting.id}`)).json();
		assert.equal(list.items.length, 2, 'nothing was added by the refused requests');
	});
});

/** A fetch Response as the harness's answers look, for assertError. */
async function wrap(r) {
	const text = await r.text();
	let json = null;
	try { json = JSON.parse(text); } catch { /* not JSON */ }
	return { status: r.status, text, json, headers: r.headers };
}
