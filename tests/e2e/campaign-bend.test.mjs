// Campaigns that bend in an emergency (docs/campaigns.md, "Targets after the
// start" and "When a target is done"): a returnee who arrives on day 3 is
// added, one by one or by running the filter again; one who moved away is
// taken off with a reason and counts no more; a checklist says what counts
// as done (delivered must be true: `delivered: false` is not done).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { assertError } from './lib/harness.mjs';
import { startVisits, A, B } from './lib/visits-fixture.mjs';

describe('campaigns that bend', () => {
	let w, head, headB, worker, bldg, hB, camp, rcamp;
	const H = {};

	before(async () => {
		w = await startVisits();
		head = await w.user('bendHead', 'committee_head', A);
		headB = await w.user('bendHeadB', 'committee_head', B);
		worker = await w.user('bendWorker', 'worker', A);
		const c = await w.compound(A, '应急新村');
		bldg = await w.building(c, '5号');
		H.h101 = await w.household(bldg, '101', { tags: ['独居老人'] });
		H.h102 = await w.household(bldg, '102', { tags: ['独居老人'] });
		H.h103 = await w.household(bldg, '103');
		H.r1 = await w.resident(H.h101, '许一');
		H.r2 = await w.resident(H.h103, '许三');
		const cB = await w.compound(B, '邻居小区');
		hB = await w.household(await w.building(cB, '1号'), '101');
		camp = await w.ok('POST', '/api/v1/campaigns', {
			cookie: head.cookie, status: 201,
			body: {
				committee_code: A, name: '送菜上门', unit: 'household', filter: { building_id: bldg.id, tag_any: ['独居老人'] },
				fields: [
					{ key: 'delivered', label: '已送达', type: 'yes_no', done_when: true },
					{ key: 'result', label: '情况', type: 'choice', options: ['正常', '需就医', '无人应答'], done_when: ['正常', '需就医'] },
					{ key: 'note', label: '备注', type: 'text' },
				],
			},
		});
		rcamp = await w.ok('POST', '/api/v1/campaigns', {
			cookie: head.cookie, status: 201,
			body: { committee_code: A, name: '返沪登记', unit: 'resident', filter: { building_id: bldg.id }, fields: [{ key: 'seen', label: '已见', type: 'yes_no' }] },
		});
	});
	after(async () => {
		if (w) await w.stop();
	});

	const left = async (c = camp) => (await w.get(`/api/v1/campaigns/${c.id}/left`, head.cookie)).items;
	const progress = async (c = camp) => w.get(`/api/v1/campaigns/${c.id}/progress`, head.cookie);
	const put = (t, values) => w.ok('PUT', `/api/v1/campaign-targets/${t}/entry`, { cookie: worker.cookie, body: { values } });

	it('the checklist says what is done: delivered false, or 无人应答, is not done', async () => {
		assert.equal(camp.total, 2);
		const [t1] = (await left()).map((i) => i.target_id);
		assert.equal((await put(t1, { delivered: false, result: '正常' })).done, false, 'delivered: false is not done');
		assert.equal((await put(t1, { delivered: true, result: '无人应答' })).done, false, '无人应答 does not count');
		assert.equal((await put(t1, { delivered: true })).done, false, 'a field with a rule is required');
		assert.equal((await put(t1, { delivered: true, result: '需就医' })).done, true);
		assert.equal((await progress()).done, 1);
	});

	it('a bad rule is refused naming the member, nothing made', async () => {
		const before = (await w.get('/api/v1/campaigns', head.cookie)).items.length;
		for (const [f, member] of [
			[{ key: 'a', label: 'A', type: 'yes_no', done_when: '是' }, 'fields[0].done_when'],
			[{ key: 'a', label: 'A', type: 'choice', options: ['x'], done_when: ['y'] }, 'fields[0].done_when'],
			[{ key: 'a', label: 'A', type: 'choice', options: ['x'], done_when: [] }, 'fields[0].done_when'],
			[{ key: 'a', label: 'A', type: 'text', done_when: 'x' }, 'fields[0].done_when'],
		]) {
			const r = await w.req('POST', '/api/v1/campaigns', { cookie: head.cookie, body: { committee_code: A, name: 'x', unit: 'household', fields: [f] } });
			assertError(r, 400, 'bad_field', member);
		}
		assert.equal((await w.get('/api/v1/campaigns', head.cookie)).items.length, before);
	});

	it('a returnee who came on day 3 is added by hand; twice is 409; another committee\'s household is 400', async () => {
		const t = await w.ok('POST', `/api/v1/campaigns/${camp.id}/targets`, { cookie: head.cookie, status: 201, body: { household_id: H.h103.id } });
		assert.equal(t.household_id, H.h103.id);
		assert.equal((await progress()).total, 3);
		assert.ok((await left()).some((i) => i.target_id === t.id), 'it is on the list of what is left');
		assertError(await w.req('POST', `/api/v1/campaigns/${camp.id}/targets`, { cookie: head.cookie, body: { household_id: H.h103.id } }), 409, 'conflict', 'household_id');
		assertError(await w.req('POST', `/api/v1/campaigns/${camp.id}/targets`, { cookie: head.cookie, body: { household_id: hB.id } }), 400, 'bad_field', 'household_id');
		assertError(await w.req('POST', `/api/v1/campaigns/${camp.id}/targets`, { cookie: head.cookie, body: { resident_id: H.r1.id } }), 400, 'bad_field', 'resident_id');
		assertError(await w.req('POST', `/api/v1/campaigns/${camp.id}/targets`, { cookie: worker.cookie, body: { household_id: H.h103.id } }), 403, 'forbidden');
		assertError(await w.req('POST', `/api/v1/campaigns/${camp.id}/targets`, { cookie: headB.cookie, body: { household_id: hB.id } }), 404, 'not_found');
		assert.equal((await progress()).total, 3, 'nothing else added');
	});

	it('running the filter again over households adds none twice', async () => {
		const r = await w.ok('POST', `/api/v1/campaigns/${camp.id}/targets/refresh`, { cookie: head.cookie });
		assert.equal(r.added, 0, 'the two 独居老人 households are targets already (and the one added by hand stays)');
		assert.equal(r.campaign.total, 3);
	});

	it('running the filter again adds the new matches only', async () => {
		const r0 = await w.ok('POST', `/api/v1/campaigns/${rcamp.id}/targets/refresh`, { cookie: head.cookie });
		assert.equal(r0.added, 0, 'nobody new yet');
		const newcomer = await w.resident(H.h102, '许二');
		const r1 = await w.ok('POST', `/api/v1/campaigns/${rcamp.id}/targets/refresh`, { cookie: head.cookie });
		assert.equal(r1.added, 1);
		assert.equal(r1.campaign.total, 3);
		assert.ok((await left(rcamp)).some((i) => i.resident_name === '许二'), JSON.stringify(await left(rcamp)));
		assert.ok(newcomer.id);
		assertError(await w.req('POST', `/api/v1/campaigns/${rcamp.id}/targets/refresh`, { cookie: head.cookie, body: { x: 1 } }), 400, 'bad_field');
	});

	it('one who moved away is taken off with a reason: counts no more, entry refused, the refresh does not bring them back', async () => {
		const items = await left(rcamp);
		const gone = items.find((i) => i.resident_name === '许三');
		assertError(await w.req('POST', `/api/v1/campaign-targets/${gone.target_id}/remove`, { cookie: head.cookie, body: {} }), 400, 'bad_field', 'reason');
		assertError(await w.req('POST', `/api/v1/campaign-targets/${gone.target_id}/remove`, { cookie: worker.cookie, body: { reason: '已搬离' } }), 403, 'forbidden');
		const c = await w.ok('POST', `/api/v1/campaign-targets/${gone.target_id}/remove`, { cookie: head.cookie, body: { reason: '已搬离' } });
		assert.equal(c.total, 2);
		assert.ok(!(await left(rcamp)).some((i) => i.target_id === gone.target_id));
		assertError(await w.req('PUT', `/api/v1/campaign-targets/${gone.target_id}/entry`, { cookie: worker.cookie, body: { values: { seen: true } } }), 404, 'not_found');
		assertError(await w.req('POST', `/api/v1/campaign-targets/${gone.target_id}/remove`, { cookie: head.cookie, body: { reason: '再次' } }), 404, 'not_found');
		const r = await w.ok('POST', `/api/v1/campaigns/${rcamp.id}/targets/refresh`, { cookie: head.cookie });
		assert.equal(r.added, 0, 'the one taken off stays off');
		const audit = await w.get('/api/v1/audit?entity=campaign&action=target_remove&limit=10');
		assert.equal(audit.items[0].detail.reason, '已搬离');
		const back = await w.ok('POST', `/api/v1/campaigns/${rcamp.id}/targets`, { cookie: head.cookie, status: 201, body: { resident_id: H.r2.id } });
		assert.equal(back.id, gone.target_id, 'brought back by hand: the same target, its entry kept');
	});

	it('an ended campaign takes no new targets (409)', async () => {
		await w.ok('POST', `/api/v1/campaigns/${rcamp.id}/end`, { cookie: head.cookie });
		assertError(await w.req('POST', `/api/v1/campaigns/${rcamp.id}/targets`, { cookie: head.cookie, body: { resident_id: H.r1.id } }), 409, 'conflict', 'status');
		assertError(await w.req('POST', `/api/v1/campaigns/${rcamp.id}/targets/refresh`, { cookie: head.cookie }), 409, 'conflict', 'status');
	});
});
