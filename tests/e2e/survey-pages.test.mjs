// What the survey pages need (issue 17): the audience with its addresses for
// the QR sheet per building, a household's open surveys for the door, and
// the survey links' guesses limited per address.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const QUESTIONS = [
	{ kind: 'single', text: '是否需要加装电梯？', options: ['需要', '不需要'], required: true },
	{ kind: 'text', text: '其他建议' },
];

describe('surveys: audience places, the door, link guesses', () => {
	let env, url, c, fx, survey, upper;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		// 悬空老人: the elderly on upper floors of buildings without a lift
		const r = await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headA,
			body: { committee_code: A, title: '悬空老人出行需求', questions: QUESTIONS, audience: { no_lift: true, floor_min: 4, age_min: 70 } },
		});
		assert.equal(r.status, 201, r.text);
		survey = r.json;
		upper = fx.households.filter((h) => h.committee === 'A' && !fx.building(h.building).has_lift && h.floor >= 4
			&& fx.residents.some((x) => x.household === h.key && x.status === 'living' && x.age >= 70));
		assert.ok(upper.length >= 2, 'fixture: several households of upper floors without a lift');
		assert.equal(survey.audience, upper.length);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	it('lists the audience with compound, building and room, in address order', async () => {
		const r = await api(url, 'GET', `/api/v1/surveys/${survey.id}/audience`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.items.map((x) => x.household_id).sort((a, b) => a - b), upper.map((h) => h.id).sort((a, b) => a - b));
		for (const x of r.json.items) {
			const h = fx.households.find((y) => y.id === x.household_id);
			assert.equal(x.room, h.room);
			assert.equal(x.building_label, fx.building(h.building).label);
			assert.equal(x.compound_name, fx.compound(fx.building(h.building).compound).name);
			assert.equal(x.answered, false);
		}
		const keys = r.json.items.map((x) => `${x.compound_name}|${x.building_label}`);
		assert.deepEqual(keys, [...keys].sort(), 'grouped by compound and building');
	});

	it("the door: a household's open surveys, answered once, then marked", async () => {
		const h = upper[0];
		let r = await api(url, 'GET', `/api/v1/households/${h.id}/surveys`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.items.map((s) => [s.id, s.title, s.answered]), [[survey.id, '悬空老人出行需求', false]]);
		assert.deepEqual(r.json.items[0].questions, QUESTIONS);
		const rec = await api(url, 'POST', `/api/v1/surveys/${survey.id}/responses`, { cookie: c.workerA, body: { household_id: h.id, answers: ['需要', '楼道加扶手'] } });
		assert.equal(rec.status, 201, rec.text);
		r = await api(url, 'GET', `/api/v1/households/${h.id}/surveys`, { cookie: c.workerA });
		assert.equal(r.json.items[0].answered, true);
		const aud = await api(url, 'GET', `/api/v1/surveys/${survey.id}/audience`, { cookie: c.workerA });
		assert.deepEqual(aud.json.items.filter((x) => x.answered).map((x) => x.household_id), [h.id]);
		// a household outside the audience has none; a closed survey is not offered
		const lifted = fx.household('h3-1502');
		r = await api(url, 'GET', `/api/v1/households/${lifted.id}/surveys`, { cookie: c.workerA });
		assert.deepEqual(r.json.items, []);
		const closed = await api(url, 'PATCH', `/api/v1/surveys/${survey.id}`, { cookie: c.headA, body: { status: 'closed' } });
		assert.equal(closed.status, 200, closed.text);
		r = await api(url, 'GET', `/api/v1/households/${upper[1].id}/surveys`, { cookie: c.workerA });
		assert.deepEqual(r.json.items, []);
		const reopened = await api(url, 'PATCH', `/api/v1/surveys/${survey.id}`, { cookie: c.headA, body: { status: 'open' } });
		assert.equal(reopened.status, 200, reopened.text);
	});

	it('answers 404 outside the jurisdiction and 400 for a malformed id', async () => {
		assertError(await api(url, 'GET', `/api/v1/surveys/${survey.id}/audience`, { cookie: c.workerB }), 404, 'not_found');
		assertError(await api(url, 'GET', '/api/v1/surveys/999999/audience', { cookie: c.workerA }), 404, 'not_found');
		assertError(await api(url, 'GET', `/api/v1/households/${upper[0].id}/surveys`, { cookie: c.workerB }), 404, 'not_found');
		assertError(await api(url, 'GET', `/api/v1/households/${fx.household('h8-501').id}/surveys`, { cookie: c.workerA }), 404, 'not_found');
		assertError(await api(url, 'GET', '/api/v1/households/abc/surveys', { cookie: c.workerA }), 400, 'bad_path');
		assertError(await api(url, 'GET', `/api/v1/surveys/${survey.id}/audience?limit=5`, { cookie: c.workerA }), 400, 'bad_query', 'limit');
		assertError(await api(url, 'GET', `/api/v1/surveys/${survey.id}/audience`), 401, 'unauthorized');
	});

	it('ten wrong link guesses lock the address out of survey links too, even a good one', async () => {
		const made = await api(url, 'POST', `/api/v1/surveys/${survey.id}/links`, { cookie: c.workerA, body: { household_ids: [upper[1].id] } });
		assert.equal(made.status, 201, made.text);
		const link = made.json.items[0];
		assert.equal((await api(url, 'GET', link.path)).status, 200);
		for (let i = 0; i < 10; i++) assertError(await api(url, 'GET', '/api/v1/survey-links/' + String(i).padStart(43, 'q')), 404, 'not_found', 'token');
		const locked = await api(url, 'GET', link.path);
		assertError(locked, 429, 'too_many_attempts');
		assert.ok(Number(locked.headers.get('retry-after')) > 0);
		assertError(await api(url, 'POST', link.path, { body: { answers: ['需要', null] } }), 429, 'too_many_attempts');
	});
});
