// A project (议事项目, docs/consultation.md, "Projects") through its six
// stages with owners and dates, its signing tracker per building against
// the threshold it sets, its documents, and everything on one timeline;
// scope (404 outside the jurisdiction) and bad input (nothing written).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, checkedFetch } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const STAGES = ['proposal', 'research', 'deliberation', 'vote', 'implementation', 'acceptance'];

describe('projects: stages, signing tracker, timeline', () => {
	let env, url, c, fx, project, workerA, b20, b22;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		workerA = (await api(url, 'GET', '/api/v1/me', { cookie: c.workerA })).json;
		b20 = fx.building('A1-20');
		b22 = fx.building('A1-22');
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const patchStage = (body, cookie = c.workerA) => api(url, 'PATCH', `/api/v1/projects/${project.id}/stages`, { cookie, body });
	const households = (b) => fx.households.filter((h) => h.building === b.key);

	it('a head makes a project with its funding, threshold and buildings; six stages wait', async () => {
		const r = await api(url, 'POST', '/api/v1/projects', {
			cookie: c.headA,
			body: {
				committee_code: A, name: '普雄小区加装电梯', description: '20号、22号加装电梯',
				funding_source: '市区补贴 + 业主自筹', signing_threshold: { numerator: 2, denominator: 3 },
				building_ids: [b20.id, b22.id],
			},
		});
		assert.equal(r.status, 201, r.text);
		project = r.json;
		assert.equal(project.funding_source, '市区补贴 + 业主自筹');
		assert.deepEqual(project.signing_threshold, { numerator: 2, denominator: 3 });
		assert.deepEqual(project.building_ids, [b20.id, b22.id].sort((a, b) => a - b));
		assert.deepEqual(project.stages.map((s) => s.stage), STAGES);
		assert.ok(project.stages.every((s) => s.actual_start === null && s.owner === null));
		assert.equal(project.stage, 'proposal');
	});

	it('refuses bad projects and writes nothing', async () => {
		const base = { committee_code: A, name: '坏项目' };
		assertError(await api(url, 'POST', '/api/v1/projects', { cookie: c.headA, body: { ...base, signing_threshold: { numerator: 3, denominator: 2 } } }),
			400, 'bad_field', 'signing_threshold');
		assertError(await api(url, 'POST', '/api/v1/projects', { cookie: c.headA, body: { ...base, signing_threshold: { numerator: 1 } } }),
			400, 'bad_field', 'signing_threshold');
		assertError(await api(url, 'POST', '/api/v1/projects', { cookie: c.headA, body: { ...base, building_ids: [fx.building('B1-8').id] } }),
			400, 'bad_field', 'building_ids');
		assertError(await api(url, 'POST', '/api/v1/projects', { cookie: c.headA, body: { ...base, funding_source: 42 } }),
			400, 'bad_field', 'funding_source');
		assertError(await api(url, 'POST', '/api/v1/projects', { cookie: c.headA, body: { ...base, colour: 'red' } }),
			400, 'bad_field', 'colour');
		const list = await api(url, 'GET', `/api/v1/projects?committee_code=${A}`, { cookie: c.workerA });
		assert.deepEqual(list.json.items.map((p) => p.name), ['普雄小区加装电梯']);
	});

	it('runs the stages in order with owners shown by name', async () => {
		let r = await patchStage({ stage: 'proposal', planned_start: '2026-09-01', planned_end: '2026-09-10', actual_start: '2026-09-01', actual_end: '2026-09-08', owner_id: workerA.id, note: '居民提出' });
		assert.equal(r.status, 200, r.text);
		const s0 = r.json.stages[0];
		assert.equal(s0.actual_end, '2026-09-08');
		assert.equal(s0.owner.id, workerA.id);
		assert.equal(s0.owner.name, workerA.display_name || workerA.username);
		assert.equal(r.json.stage, 'research');
		// 表决 cannot start before 议事 ended
		assertError(await patchStage({ stage: 'vote', actual_start: '2026-10-01' }), 409, 'conflict', 'actual_start');
		// 调研 cannot start before 提出 ended
		assertError(await patchStage({ stage: 'research', actual_start: '2026-09-07' }), 409, 'conflict', 'actual_start');
		assertError(await patchStage({ stage: 'research', planned_start: '2026-09-20', planned_end: '2026-09-10' }), 400, 'bad_field', 'planned_end');
		assertError(await patchStage({ stage: 'research', actual_end: '2026-09-20' }), 400, 'bad_field', 'actual_end');
		assertError(await patchStage({ stage: 'research', actual_start: '2026-02-30' }), 400, 'bad_field', 'actual_start');
		assertError(await patchStage({ stage: 'survey' }), 400, 'bad_field', 'stage');
		assertError(await patchStage({ stage: 'research', owner_id: 999999 }), 400, 'bad_field', 'owner_id');
		// reopening 提出 while 调研 has not started is allowed; once 调研 started it is not
		for (const [stage, start, end] of [['research', '2026-09-10', '2026-09-30'], ['deliberation', '2026-10-01', '2026-10-15'], ['vote', '2026-10-20', null]]) {
			r = await patchStage({ stage, actual_start: start, actual_end: end });
			assert.equal(r.status, 200, r.text);
		}
		assert.equal(r.json.stage, 'vote');
		assertError(await patchStage({ stage: 'deliberation', actual_end: null }), 409, 'conflict', 'actual_start');
		const got = await api(url, 'GET', `/api/v1/projects/${project.id}`, { cookie: c.workerA });
		assert.equal(got.json.stages[2].actual_end, '2026-10-15', 'the refused change was not written');
	});

	it('ticks the households that signed and shows progress per building', async () => {
		const h20 = households(b20);
		const h22 = households(b22);
		const tick = (h, signed, cookie = c.workerA) => api(url, 'PUT', `/api/v1/projects/${project.id}/signatures`, { cookie, body: { household_id: h.id, signed } });
		let r = await api(url, 'GET', `/api/v1/projects/${project.id}/signing`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.buildings.map((b) => [b.label, b.households, b.signed, b.reached]),
			[[b20.label, h20.length, 0, false], [b22.label, h22.length, 0, false]]);
		const need = Math.ceil((h20.length * 2) / 3);
		for (const h of h20.slice(0, need - 1)) assert.equal((await tick(h, true)).status, 200);
		r = await api(url, 'GET', `/api/v1/projects/${project.id}/signing`, { cookie: c.workerA });
		let b = r.json.buildings.find((x) => x.building_id === b20.id);
		assert.equal(b.signed, need - 1);
		assert.equal(b.reached, false);
		r = await tick(h20[need - 1], true);
		assert.equal(r.status, 200, r.text);
		b = r.json.buildings.find((x) => x.building_id === b20.id);
		assert.equal(b.signed, need);
		assert.equal(b.reached, true, `${need} of ${h20.length} reaches 2/3`);
		assert.ok(Math.abs(b.share - need / h20.length) < 1e-9);
		const item = b.items.find((i) => i.household_id === h20[0].id);
		assert.equal(item.signed, true);
		assert.equal(item.signed_by.name, workerA.display_name || workerA.username);
		// ticking twice counts once; unticking takes it back
		r = await tick(h20[0], true);
		assert.equal(r.json.buildings.find((x) => x.building_id === b20.id).signed, need);
		r = await tick(h20[0], false);
		assert.equal(r.json.buildings.find((x) => x.building_id === b20.id).signed, need - 1);
		assert.equal(r.json.buildings.find((x) => x.building_id === b20.id).reached, false);
		// a household of another building, or of another committee
		assertError(await tick(fx.household('h3-3-201') || fx.households.find((h) => h.building === 'A2-3'), true), 400, 'bad_field', 'household_id');
		assertError(await tick(fx.households.find((h) => h.building === 'B1-8'), true), 400, 'bad_field', 'household_id');
		assertError(await api(url, 'PUT', `/api/v1/projects/${project.id}/signatures`, { cookie: c.workerA, body: { household_id: h20[0].id, signed: 'yes' } }), 400, 'bad_field', 'signed');
		// the head changes the threshold to 3/4: the building no longer reaches it
		r = await api(url, 'PATCH', `/api/v1/projects/${project.id}`, { cookie: c.headA, body: { signing_threshold: { numerator: 3, denominator: 4 } } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.signing_threshold, { numerator: 3, denominator: 4 });
		assertError(await api(url, 'PATCH', `/api/v1/projects/${project.id}`, { cookie: c.workerA, body: { name: 'x' } }), 403, 'forbidden');
		assertError(await api(url, 'PATCH', `/api/v1/projects/${project.id}`, { cookie: c.headA, body: {} }), 400, 'bad_field');
	});

	it('keeps surveys, meetings, motions, issues and stages on one timeline', async () => {
		let r = await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headA,
			body: { committee_code: A, title: '加装电梯意愿调查', questions: [{ kind: 'single', text: '同意加装吗？', options: ['同意', '反对'] }], audience: { building_id: b20.id } },
		});
		assert.equal(r.status, 201, r.text);
		const survey = r.json.id;
		r = await api(url, 'POST', `/api/v1/projects/${project.id}/surveys`, { cookie: c.workerA, body: { survey_id: survey } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.survey_ids, [survey]);
		r = await api(url, 'POST', '/api/v1/meetings', {
			cookie: c.headA,
			body: { committee_code: A, topic: '加装电梯方案议事会', project_id: project.id, held_at: '2026-10-10T14:00:00+08:00', place: '红色议事厅' },
		});
		assert.equal(r.status, 201, r.text);
		const tl = await api(url, 'GET', `/api/v1/projects/${project.id}/timeline`, { cookie: c.workerA });
		assert.equal(tl.status, 200, tl.text);
		const kinds = tl.json.items.map((i) => i.kind);
		for (const k of ['survey', 'meeting', 'stage_started', 'stage_ended']) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
		const at = tl.json.items.map((i) => i.at);
		assert.deepEqual([...at].sort(), at, 'in time order');
		const ended = tl.json.items.filter((i) => i.kind === 'stage_ended').map((i) => i.stage);
		assert.deepEqual(ended, ['proposal', 'research', 'deliberation']);
		// 提出 ended on 2026-09-08, a Shanghai day: 00:00 +08:00
		assert.equal(tl.json.items.find((i) => i.kind === 'stage_ended').at, '2026-09-07T16:00:00Z');
		// a survey of another committee
		const other = await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headB, body: { committee_code: COMMITTEES.B.code, title: 'B 的调查', questions: [{ kind: 'text', text: '建议' }], audience: {} },
		});
		assertError(await api(url, 'POST', `/api/v1/projects/${project.id}/surveys`, { cookie: c.workerA, body: { survey_id: other.json.id } }), 400, 'bad_field', 'survey_id');
	});

	it('keeps the project\'s documents, on its timeline', async () => {
		const pdf = Buffer.from('%PDF-1.4\n% 加装电梯方案 synthetic\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
		const up = (cookie, id) => checkedFetch(`${url}/api/v1/attachments?owner=project&owner_id=${id}&filename=${encodeURIComponent('加装电梯方案.pdf')}`, {
			method: 'POST', headers: { cookie, 'content-type': 'application/pdf' }, body: pdf,
		});
		let r = await up(c.workerA, project.id);
		assert.equal(r.status, 201, await r.clone().text());
		const doc = await r.json();
		assert.equal(doc.owner, 'project');
		assert.equal(doc.filename, '加装电梯方案.pdf');
		const tl = await api(url, 'GET', `/api/v1/projects/${project.id}/timeline`, { cookie: c.workerA });
		const item = tl.json.items.find((i) => i.kind === 'document');
		assert.deepEqual([item.attachment_id, item.title], [doc.id, '加装电梯方案.pdf']);
		const got = await checkedFetch(`${url}/api/v1/attachments/${doc.id}`, { headers: { cookie: c.workerA } });
		assert.equal(got.status, 200);
		assert.deepEqual(Buffer.from(await got.arrayBuffer()), pdf);
		// another committee's worker can neither add one nor read it
		r = await up(c.workerB, project.id);
		assert.equal(r.status, 404);
		assert.equal((await checkedFetch(`${url}/api/v1/attachments/${doc.id}`, { headers: { cookie: c.workerB } })).status, 404);
	});

	it('is not found outside the jurisdiction', async () => {
		for (const [m, p, body] of [
			['GET', `/api/v1/projects/${project.id}/signing`],
			['PATCH', `/api/v1/projects/${project.id}/stages`, { stage: 'vote', note: 'x' }],
			['PUT', `/api/v1/projects/${project.id}/signatures`, { household_id: households(b20)[0].id, signed: true }],
			['POST', `/api/v1/projects/${project.id}/surveys`, { survey_id: 1 }],
		]) {
			assertError(await api(url, m, p, { cookie: c.workerB, body }), 404, 'not_found');
		}
		assertError(await api(url, 'PATCH', `/api/v1/projects/${project.id}`, { cookie: c.headB, body: { name: 'x' } }), 404, 'not_found');
		const street = await api(url, 'GET', `/api/v1/projects/${project.id}/signing`, { cookie: c.street });
		assert.equal(street.status, 200, 'the street above sees it');
	});
});
