// Photos and documents (docs/attachments.md): a worker photographs a hazard
// and attaches it to a visit or an issue; the photo loses its metadata (the
// place it was taken) and stands upright; a PDF stays as sent; each is read
// exactly by those who may read its record, as a download; taking one off
// deletes its file when nothing else names it.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, before, after } from 'node:test';
import { assertError, checkedFetch, sibai, login } from './lib/harness.mjs';
import { startVisits, addDays, A, B } from './lib/visits-fixture.mjs';

const FIX = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
const GPS_MARK = 'GPS 31.2304N 121.4737E'; // a synthetic place, as a phone would write it

/** The fixture JPEG with an EXIF block inserted after SOI: orientation 6
 * (taken with the phone turned: to be turned a quarter clockwise) and a
 * text that stands for the location. */
function phonePhoto() {
	const jpg = fs.readFileSync(path.join(FIX, 'wide-64x32.jpg'));
	const le16 = (n) => Buffer.from([n & 255, n >> 8]);
	const le32 = (n) => Buffer.from([n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24]);
	const text = Buffer.from(GPS_MARK + '\0', 'latin1');
	const ifdEntries = 2;
	const ifdSize = 2 + ifdEntries * 12 + 4;
	const textOffset = 8 + ifdSize;
	const tiff = Buffer.concat([
		Buffer.from('II'), le16(42), le32(8),
		le16(ifdEntries),
		le16(0x0112), le16(3), le32(1), le16(6), le16(0), // Orientation = 6
		le16(0x010e), le16(2), le32(text.length), le32(textOffset), // ImageDescription
		le32(0),
		text,
	]);
	const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
	const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(payload.length + 2) >> 8, (payload.length + 2) & 255]), payload]);
	return Buffer.concat([jpg.subarray(0, 2), app1, jpg.subarray(2)]);
}

describe('attachments', () => {
	let w, worker, other, head, workerB, gateUser, hh, visit, issueB, photo, pdf;

	before(async () => {
		w = await startVisits();
		head = await w.user('atHead', 'committee_head', A);
		worker = await w.user('atWorker', 'worker', A);
		other = await w.user('atOther', 'worker', A);
		workerB = await w.user('atWorkerB', 'worker', B);
		const c = await w.compound(A, '照片小区');
		const b = await w.building(c, '1号');
		hh = await w.household(b, '101');
		const g = await w.grid(head.cookie, { committee_code: A, name: '照片网格', building_ids: [b.id], household_ids: [] });
		await w.assign(head.cookie, g.id, { worker_id: worker.id, start_on: addDays(w.today, -30) });
		visit = await w.visit(worker.cookie, { household_id: hh.id });
		const cB = await w.compound(B, '别处小区');
		const hB = await w.household(await w.building(cB, '1号'), '101');
		issueB = await w.ok('POST', '/api/v1/issues', {
			cookie: workerB.cookie, status: 201,
			body: { category: 'repairs', description: '楼道堆物', channel: 'visit', household_id: hB.id },
		});
		const gate = await w.ok('POST', '/api/v1/gates', { cookie: head.cookie, status: 201, body: { compound_id: c.id, name: '东门' } });
		gateUser = await w.user('atGate', 'worker', A);
		await w.ok('POST', `/api/v1/gates/${gate.id}/guards`, { cookie: head.cookie, body: { user_id: gateUser.id } });
		gateUser.cookie = await login(w.url, gateUser.username, gateUser.password);
	});
	after(async () => {
		if (w) await w.stop();
	});

	const upload = (cookie, query, type, body) => checkedFetch(`${w.url}/api/v1/attachments?${query}`, {
		method: 'POST', headers: { cookie, 'content-type': type }, body,
	});
	const get = (cookie, p) => checkedFetch(`${w.url}${p}`, { headers: { cookie } });

	it('a photo from a phone: stored upright, without the place it was taken, with a thumbnail', async () => {
		const sent = phonePhoto();
		assert.ok(sent.includes(Buffer.from(GPS_MARK)), 'the test photo carries the place');
		const r = await upload(worker.cookie, `owner=visit&owner_id=${visit.id}&filename=${encodeURIComponent('楼道/堆物.jpg')}`, 'image/jpeg', sent);
		assert.equal(r.status, 201, await r.clone().text());
		photo = await r.json();
		assert.equal(photo.media_type, 'image/jpeg');
		assert.equal(photo.filename, '堆物.jpg', 'no folder in the name');
		assert.deepEqual([photo.width, photo.height], [32, 64], 'turned a quarter: upright');
		assert.equal(photo.created_by_name, worker.username);
		const d = await get(worker.cookie, photo.url);
		assert.equal(d.status, 200);
		assert.equal(d.headers.get('content-type'), 'image/jpeg');
		assert.match(d.headers.get('content-disposition'), /^attachment;/);
		assert.match(d.headers.get('content-security-policy'), /sandbox/);
		assert.equal(d.headers.get('cache-control'), 'no-store');
		const bytes = Buffer.from(await d.arrayBuffer());
		assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8], 'a JPEG');
		assert.ok(!bytes.includes(Buffer.from(GPS_MARK)), 'the place is gone');
		assert.ok(!bytes.includes(Buffer.from('Exif')), 'no EXIF at all');
		const t = await get(worker.cookie, photo.thumbnail_url);
		assert.equal(t.status, 200);
		assert.equal(t.headers.get('content-type'), 'image/jpeg');
		const list = await (await get(head.cookie, `/api/v1/attachments?owner=visit&owner_id=${visit.id}`)).json();
		assert.deepEqual(list.items.map((a) => a.id), [photo.id]);
	});

	it('a PNG and a PDF: the PDF kept as sent, no thumbnail', async () => {
		const png = fs.readFileSync(path.join(FIX, 'wide-64x32.png'));
		const rp = await upload(worker.cookie, `owner=visit&owner_id=${visit.id}`, 'image/png', png);
		assert.equal(rp.status, 201);
		assert.equal((await rp.json()).filename, '照片.png');
		const doc = Buffer.from('%PDF-1.4\n% 承诺书 synthetic\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
		const r = await upload(head.cookie, `owner=visit&owner_id=${visit.id}&filename=pledge.pdf`, 'application/pdf', doc);
		assert.equal(r.status, 201);
		pdf = await r.json();
		assert.equal(pdf.thumbnail_url, null);
		const d = await get(worker.cookie, pdf.url);
		assert.deepEqual(Buffer.from(await d.arrayBuffer()), doc, 'as sent');
		assert.equal((await get(worker.cookie, `/api/v1/attachments/${pdf.id}/thumbnail`)).status, 404);
	});

	it('bad files are refused, nothing kept', async () => {
		const before = (await (await get(head.cookie, `/api/v1/attachments?owner=visit&owner_id=${visit.id}`)).json()).items.length;
		const png = fs.readFileSync(path.join(FIX, 'wide-64x32.png'));
		for (const [type, body, status, field] of [
			['image/jpeg', png, 400, 'file'], // a PNG sent as a JPEG
			['application/pdf', Buffer.from('<html><script>alert(1)</script>'), 400, 'file'],
			['image/png', Buffer.concat([png.subarray(0, 16), Buffer.from([0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20]), png.subarray(24)]), 400, 'file'], // 20000 x 20000
			['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0]), 400, 'file'],
		]) {
			const r = await upload(worker.cookie, `owner=visit&owner_id=${visit.id}`, type, body);
			assert.equal(r.status, status, `${type}: ${await r.clone().text()}`);
			assert.equal((await r.json()).error.field, field);
		}
		const html = await upload(worker.cookie, `owner=visit&owner_id=${visit.id}`, 'text/html', Buffer.from('<b>x</b>'));
		assert.equal(html.status, 415);
		const none = await upload(worker.cookie, `owner=visit&owner_id=${visit.id}`, 'image/jpeg', Buffer.alloc(0));
		assert.equal(none.status, 400);
		const noRecord = await upload(worker.cookie, 'owner=visit&owner_id=987654', 'image/jpeg', phonePhoto());
		assert.equal(noRecord.status, 404);
		const badOwner = await upload(worker.cookie, `owner=household&owner_id=${hh.id}`, 'image/jpeg', phonePhoto());
		assert.equal(badOwner.status, 400);
		assert.equal((await (await get(head.cookie, `/api/v1/attachments?owner=visit&owner_id=${visit.id}`)).json()).items.length, before);
	});

	it('read exactly by those who may read the record: another committee 404, a gate account 403', async () => {
		assert.equal((await get(workerB.cookie, photo.url)).status, 404);
		assert.equal((await get(workerB.cookie, `/api/v1/attachments?owner=visit&owner_id=${visit.id}`)).status, 404);
		assert.equal((await get(gateUser.cookie, photo.url)).status, 403);
		assertError(await w.req('GET', `/api/v1/attachments?owner=issue&owner_id=${issueB.id}`, { cookie: worker.cookie }), 404, 'not_found', 'owner_id');
		const r = await upload(worker.cookie, `owner=issue&owner_id=${issueB.id}`, 'image/jpeg', phonePhoto());
		assert.equal(r.status, 404, 'no attaching to a record one may not read');
		const mine = await upload(workerB.cookie, `owner=issue&owner_id=${issueB.id}`, 'image/jpeg', phonePhoto());
		assert.equal(mine.status, 201);
		const a = await mine.json();
		assert.equal((await get(worker.cookie, a.url)).status, 404);
		assert.equal((await get(workerB.cookie, a.url)).status, 200);
	});

	it('taken off by who added it or a head; the file goes when nothing names it', async () => {
		const files = `${w.db}.files`;
		const before = fs.readdirSync(files).filter((f) => !f.startsWith('.')).length;
		assertError(await w.req('DELETE', pdf.url, { cookie: other.cookie }), 403, 'forbidden');
		const r = await w.req('DELETE', pdf.url, { cookie: worker.cookie });
		assert.equal(r.status, 403, 'the head added it');
		assert.equal((await w.req('DELETE', pdf.url, { cookie: head.cookie })).status, 204);
		assert.equal((await get(worker.cookie, pdf.url)).status, 404);
		assert.equal(fs.readdirSync(files).filter((f) => !f.startsWith('.')).length, before - 1, 'the PDF file is deleted');
		assert.equal((await w.req('DELETE', photo.url, { cookie: worker.cookie })).status, 204);
		const audit = await w.get('/api/v1/audit?action=detach&limit=10');
		assert.equal(audit.items.length, 2);
	});

	it('the files are in the backup', async () => {
		const out = `${w.db}.backup`;
		const r = sibai(['backup', '--db', w.db, '--to', out]);
		assert.equal(r.status, 0, r.stderr);
		assert.ok(fs.existsSync(`${out}.files`), 'the attachments folder beside the backup');
		const left = fs.readdirSync(`${w.db}.files`).filter((f) => !f.startsWith('.')).sort();
		assert.deepEqual(fs.readdirSync(`${out}.files`).sort(), left);
	});
});
