// Campaigns over buildings and compounds (docs/campaigns.md, "Units"): a
// safety inspection (安全隐患排查) per building without a lift, a waste-sorting
// check (垃圾分类) per compound.  Targets are picked by the filter's
// compound_id, building_id and no_lift, or named by place_ids, within the
// committee; entries with done_when, progress by compound, what is left,
// the export, a target taken off — and the refusals, naming the member.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError, checkedFetch } from './lib/harness.mjs';
import { startVisits, A, B } from './lib/visits-fixture.mjs';

describe('campaign units: buildings and compounds', () => {
	let w, head, worker, workerB, c1, c2, b1, b2, b3, bx, bB, cB, insp, sorting;

	before(async () => {
		w = await startVisits();
		head = await w.user('cuHead', 'committee_head', A);
		worker = await w.user('cuWorker', 'worker', A);
		workerB = await w.user('cuWorkerB', 'worker', B);
		c1 = await w.compound(A, '甲小区');
		c2 = await w.compound(A, '乙小区');
		b1 = await w.ok('POST', '/api/v1/buildings', { status: 201, body: { compound_id: c1.id, label: '1号', floors: 6, has_lift: false } });
		b2 = await w.ok('POST', '/api/v1/buildings', { status: 201, body: { compound_id: c1.id, label: '2号', floors: 18, has_lift: true } });
		b3 = await w.ok('POST', '/api/v1/buildings', { status: 201, body: { compound_id: c1.id, label: '3号', floors: 5, has_lift: false } });
		bx = await w.ok('POST', '/api/v1/buildings', { status: 201, body: { compound_id: c2.id, label: '9号', floors: 6, has_lift: false } });
		cB = await w.compound(B, '别处小区');
		bB = await w.building(cB, '1号');
		await w.household(await w.building(c2, '8号'), '101'); // households do not make building targets
	});
	after(async () => { if (w) await w.stop(); });

	const fields = [
		{ key: 'checked', label: '已检查', type: 'yes_no', required: true, done_when: true },
		{ key: 'hazard', label: '隐患', type: 'choice', options: ['无', '楼道堆物', '飞线充电'] },
		{ key: 'note', label: '备注', type: 'text' },
	];
	const create = (cookie, body) => w.req('POST', '/api/v1/campaigns', { cookie, body: { committee_code: A, fields, ...body } });

	it('refuses a bad unit, a filter a building cannot answer, places of another committee — nothing made', async () => {
		assertError(await create(head.cookie, { name: 'x', unit: 'floor' }), 400, 'bad_field', 'unit');
		assertError(await create(head.cookie, { name: 'x', unit: 'building', filter: { tag_any: ['独居老人'] } }), 400, 'bad_field', 'filter.tag_any');
		assertError(await create(head.cookie, { name: 'x', unit: 'compound', filter: { no_lift: true } }), 400, 'bad_field', 'filter.no_lift');
		assertError(await create(head.cookie, { name: 'x', unit: 'building', place_ids: [bB.id] }), 400, 'bad_field', 'place_ids');
		assertError(await create(head.cookie, { name: 'x', unit: 'compound', place_ids: [b1.id + 1000] }), 400, 'bad_field', 'place_ids');
		assertError(await create(head.cookie, { name: 'x', unit: 'building', place_ids: ['1号'] }), 400, 'bad_field', 'place_ids');
		assertError(await create(head.cookie, { name: 'x', unit: 'household', place_ids: [b1.id] }), 400, 'bad_field', 'place_ids');
		assertError(await create(worker.cookie, { name: 'x', unit: 'building' }), 403, 'forbidden');
		assert.equal((await w.get('/api/v1/campaigns', head.cookie)).items.length, 0);
	});

	it('a safety inspection of the buildings without a lift of one compound', async () => {
		const r = await create(head.cookie, { name: '安全隐患排查', unit: 'building', filter: { compound_id: c1.id, no_lift: true } });
		assert.equal(r.status, 201, r.text);
		insp = r.json;
		assert.equal(insp.unit, 'building');
		assert.equal(insp.total, 2);
		const left = await w.get(`/api/v1/campaigns/${insp.id}/left`, worker.cookie);
		assert.deepEqual(left.items.map((x) => [x.compound, x.building, x.building_id, x.household_id, x.room]),
			[['甲小区', '1号', b1.id, null, null], ['甲小区', '3号', b3.id, null, null]]);
	});

	it('entries: done_when decides; progress by compound; what is left; the export', async () => {
		const left = await w.get(`/api/v1/campaigns/${insp.id}/left`, worker.cookie);
		const [t1, t3] = left.items.map((x) => x.target_id);
		assertError(await w.req('PUT', `/api/v1/campaign-targets/${t1}/entry`, { cookie: worker.cookie, body: { values: { hazard: '漏水' } } }), 400, 'bad_field', 'values.hazard');
		assertError(await w.req('PUT', `/api/v1/campaign-targets/${t1}/entry`, { cookie: workerB.cookie, body: { values: { checked: true } } }), 404, 'not_found');
		const notYet = await w.ok('PUT', `/api/v1/campaign-targets/${t1}/entry`, { cookie: worker.cookie, body: { values: { checked: false } } });
		assert.equal(notYet.done, false, 'checked must be true to count');
		assert.equal(notYet.household_id, null);
		const done = await w.ok('PUT', `/api/v1/campaign-targets/${t1}/entry`, { cookie: worker.cookie, body: { values: { checked: true, hazard: '楼道堆物', note: '三楼' } } });
		assert.equal(done.done, true);
		const p = await w.get(`/api/v1/campaigns/${insp.id}/progress`, head.cookie);
		assert.deepEqual([p.total, p.done, p.percent], [2, 1, 50]);
		assert.deepEqual(p.by_compound.map((g) => [g.name, g.total, g.done]), [['甲小区', 2, 1]]);
		const still = await w.get(`/api/v1/campaigns/${insp.id}/left`, worker.cookie);
		assert.deepEqual(still.items.map((x) => x.target_id), [t3]);
		const csv = await checkedFetch(`${w.url}/api/v1/campaigns/${insp.id}/export?format=csv`, { headers: { cookie: head.cookie } });
		assert.equal(csv.status, 200);
		const text = await csv.text();
		assert.match(text, /甲小区,1号,,/);
		assert.match(text, /楼道堆物/);
		assert.match(text, /甲小区,3号,,/);
	});

	it('a building campaign keeps its places: none added, one taken off', async () => {
		assertError(await w.req('POST', `/api/v1/campaigns/${insp.id}/targets`, { cookie: head.cookie, body: { household_id: 1 } }), 409, 'conflict', 'unit');
		assertError(await w.req('POST', `/api/v1/campaigns/${insp.id}/targets/refresh`, { cookie: head.cookie }), 409, 'conflict', 'unit');
		const left = await w.get(`/api/v1/campaigns/${insp.id}/left`, head.cookie);
		await w.ok('POST', `/api/v1/campaign-targets/${left.items[0].target_id}/remove`, { cookie: head.cookie, body: { reason: '已拆除' } });
		const p = await w.get(`/api/v1/campaigns/${insp.id}/progress`, head.cookie);
		assert.deepEqual([p.total, p.done, p.percent], [1, 1, 100]);
	});

	it('a waste-sorting check of the compounds named, and of every compound', async () => {
		const named = await create(head.cookie, { name: '垃圾分类检查', unit: 'compound', place_ids: [c2.id] });
		assert.equal(named.status, 201, named.text);
		assert.equal(named.json.total, 1);
		const all = await create(head.cookie, { name: '垃圾分类检查（全部）', unit: 'compound' });
		assert.equal(all.status, 201, all.text);
		sorting = all.json;
		assert.equal(sorting.total, 2);
		const left = await w.get(`/api/v1/campaigns/${sorting.id}/left`, worker.cookie);
		assert.deepEqual(left.items.map((x) => [x.compound, x.building, x.building_id]).sort(), [['乙小区', null, null], ['甲小区', null, null]]);
		const t = left.items[0].target_id;
		await w.ok('PUT', `/api/v1/campaign-targets/${t}/entry`, { cookie: worker.cookie, body: { values: { checked: true } } });
		const p = await w.get(`/api/v1/campaigns/${sorting.id}/progress`, head.cookie);
		assert.deepEqual([p.total, p.done], [2, 1]);
		assertError(await w.req('GET', `/api/v1/campaigns/${sorting.id}/left`, { cookie: workerB.cookie }), 404, 'not_found');
	});
});
