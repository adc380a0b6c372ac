// Surveys (需求调研问卷, docs/consultation.md): an audience from a register
// filter, answers by workers and through one-time household links, results
// with response rates and a cross-tab by compound, XLSX export, scoping.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import ExcelJS from 'exceljs';
import { api, assertError, checkedFetch } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const B = COMMITTEES.B.code;
const QUESTIONS = [
	{ kind: 'single', text: '是否同意加装电梯？', options: ['同意', '反对', '无所谓'], required: true },
	{ kind: 'multiple', text: '需要哪些为老服务？', options: ['助餐', '配药', '理发'] },
	{ kind: 'rating', text: '对居委会服务的满意度' },
	{ kind: 'number', text: '家中常住几人？' },
	{ kind: 'text', text: '其他建议' },
];

describe('consultation: surveys', () => {
	let env, url, c, fx, survey, lonelyA;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		// households of committee A with a 独居老人 (own tag or a living member's)
		lonelyA = fx.householdIds((h) => h.committee === 'A' && fx.householdTags(h).includes('独居老人'));
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const respond = (cookie, id, body) => api(url, 'POST', `/api/v1/surveys/${id}/responses`, { cookie, body });
	const getSurvey = async (id, cookie = c.headA) => {
		const r = await api(url, 'GET', `/api/v1/surveys/${id}`, { cookie });
		assert.equal(r.status, 200, r.text);
		return r.json;
	};

	it('a committee head makes a survey whose audience is a stored register filter', async () => {
		assert.equal(lonelyA.length, 5, 'fixture: five households of A with a 独居老人');
		const r = await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headA,
			body: {
				committee_code: A, title: '老年人需求调研', description: '了解独居老人的需求',
				questions: QUESTIONS, audience: { tag_any: ['独居老人'] },
			},
		});
		assert.equal(r.status, 201, r.text);
		survey = r.json;
		assert.equal(survey.committee_code, A);
		assert.equal(survey.status, 'open');
		assert.equal(survey.audience, lonelyA.length);
		assert.equal(survey.responses, 0);
		assert.deepEqual(survey.questions, QUESTIONS);
		// the filter is kept as run: held to the survey's committee
		assert.deepEqual(survey.audience_filter, { committee_code: A, tag_any: ['独居老人'] });
		const list = await api(url, 'GET', `/api/v1/surveys?committee_code=${A}`, { cookie: c.workerA });
		assert.equal(list.status, 200, list.text);
		assert.deepEqual(list.json.items.map((s) => s.id), [survey.id]);
	});

	it('refuses bad surveys, naming the field, and makes none', async () => {
		const base = { committee_code: A, title: 't', questions: QUESTIONS, audience: { tag_any: ['独居老人'] } };
		assertError(await api(url, 'POST', '/api/v1/surveys', { cookie: c.workerA, body: base }), 403, 'forbidden');
		assertError(await api(url, 'POST', '/api/v1/surveys', { cookie: c.headA, body: { ...base, committee_code: B } }),
			400, 'bad_field', 'committee_code');
		assertError(await api(url, 'POST', '/api/v1/surveys', { cookie: c.headA, body: { ...base, audience: { committee_code: B } } }),
			400, 'bad_field', 'audience.committee_code');
		assertError(await api(url, 'POST', '/api/v1/surveys', { cookie: c.headA, body: { ...base, audience: { tag_any: ['没有这个标签'] } } }),
			400, 'bad_field', 'audience.tag_any');
		assertError(await api(url, 'POST', '/api/v1/surveys', { cookie: c.headA, body: { ...base, audience: { age_min: 200 } } }),
			400, 'bad_field', 'audience.age_min');
		assertError(await api(url, 'POST', '/api/v1/surveys', { cookie: c.headA, body: { ...base, audience: { age_min: 120 } } }),
			400, 'bad_field', 'audience');
		assertError(await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headA, body: { ...base, questions: [{ kind: 'single', text: '?', options: ['只有一个'] }] },
		}), 400, 'bad_field', 'questions[0].options');
		assertError(await api(url, 'POST', '/api/v1/surveys', { cookie: c.headA, body: { ...base, colour: 'red' } }),
			400, 'bad_field', 'colour');
		const list = await api(url, 'GET', `/api/v1/surveys?committee_code=${A}`, { cookie: c.headA });
		assert.equal(list.json.items.length, 1, 'no survey was made');
	});

	it('workers record answers on a visit; a household outside the audience is refused and nothing changes', async () => {
		const h301 = fx.household('h20-301').id;
		const h401 = fx.household('h20-401').id;
		let r = await respond(c.workerA, survey.id, { household_id: h301, answers: ['同意', ['助餐', '配药'], 5, 1, '希望尽快装电梯'] });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.channel, 'visit');
		r = await respond(c.workerA, survey.id, { household_id: h401, answers: ['反对', ['配药'], 3, 1, null] });
		assert.equal(r.status, 201, r.text);
		// h20-101 is of committee A but has no 独居老人: not in the audience
		const outside = fx.household('h20-101').id;
		assert.ok(!lonelyA.includes(outside));
		r = await respond(c.workerA, survey.id, { household_id: outside, answers: ['同意', null, null, null, null] });
		assertError(r, 400, 'bad_field', 'household_id');
		assert.match(r.json.error.message, /audience/);
		assert.match(r.json.error.message_zh, /调查对象/);
		// a household of another committee is not even in the worker's jurisdiction
		assertError(await respond(c.workerA, survey.id, { household_id: fx.household('h8-501').id, answers: ['同意', null, null, null, null] }),
			400, 'bad_field', 'household_id');
		// answers that do not fit the questions
		const h602 = fx.household('h21-602').id;
		assertError(await respond(c.workerA, survey.id, { household_id: h602, answers: ['赞成', null, null, null, null] }),
			400, 'bad_field', 'answers[0]');
		assertError(await respond(c.workerA, survey.id, { household_id: h602, answers: [null, null, null, null, null] }),
			400, 'bad_field', 'answers[0]');
		assertError(await respond(c.workerA, survey.id, { household_id: h602, answers: ['同意', null, 9, null, null] }),
			400, 'bad_field', 'answers[2]');
		assertError(await respond(c.workerA, survey.id, { household_id: h602, answers: ['同意'] }), 400, 'bad_field', 'answers');
		// once per household
		r = await respond(c.workerA, survey.id, { household_id: h301, answers: ['反对', null, null, null, null] });
		assertError(r, 409, 'conflict', 'household_id');
		assert.equal((await getSurvey(survey.id)).responses, 2, 'only the two good answers were kept');
	});

	it('one-time links let households answer themselves, without showing who they are', async () => {
		const r = await api(url, 'POST', `/api/v1/surveys/${survey.id}/links`, { cookie: c.workerA, body: {} });
		assert.equal(r.status, 201, r.text);
		const answered = [fx.household('h20-301').id, fx.household('h20-401').id];
		assert.deepEqual(r.json.items.map((l) => l.household_id).sort((a, b) => a - b),
			lonelyA.filter((id) => !answered.includes(id)));
		const link = r.json.items.find((l) => l.household_id === fx.household('h3-1502').id);
		assert.match(link.token, /^[A-Za-z0-9_-]{43}$/);
		assert.equal(link.path, `/api/v1/survey-links/${link.token}`);
		const days = (Date.parse(link.expires_at) - Date.now()) / 86400e3;
		assert.ok(days > 13.9 && days <= 14, link.expires_at);
		// the page shows the questions and nothing of the household
		const page = await api(url, 'GET', link.path);
		assert.equal(page.status, 200, page.text);
		assert.deepEqual(Object.keys(page.json).sort(), ['closes_on', 'description', 'questions', 'title']);
		assert.deepEqual(page.json.questions, QUESTIONS);
		for (const secret of [fx.resident('r17').name, '1502', fx.household('h3-1502').compoundName]) {
			assert.ok(!page.text.includes(secret), `the link page shows ${secret}`);
		}
		// bad answers change nothing and keep the link usable
		assertError(await api(url, 'POST', link.path, { body: { answers: ['?', null, null, null, null] } }), 400, 'bad_field', 'answers[0]');
		let p = await api(url, 'POST', link.path, { body: { answers: ['同意', ['理发'], 4, 2, '楼道灯坏了'] } });
		assert.equal(p.status, 201, p.text);
		p = await api(url, 'POST', link.path, { body: { answers: ['反对', null, null, null, null] } });
		assertError(p, 409, 'conflict', 'token');
		assertError(await api(url, 'GET', link.path), 409, 'conflict', 'token');
		assertError(await api(url, 'GET', '/api/v1/survey-links/' + 'x'.repeat(43)), 404, 'not_found', 'token');
		// links only for households of the audience
		assertError(await api(url, 'POST', `/api/v1/surveys/${survey.id}/links`, {
			cookie: c.workerA, body: { household_ids: [fx.household('h20-101').id] },
		}), 400, 'bad_field', 'household_ids');
		// a link for a household that a worker then visits: the link can no longer answer
		const again = await api(url, 'POST', `/api/v1/surveys/${survey.id}/links`, {
			cookie: c.workerA, body: { household_ids: [fx.household('h22-501').id], days: 3 },
		});
		assert.equal(again.status, 201, again.text);
		const h501 = fx.household('h22-501').id;
		assert.equal((await respond(c.workerA, survey.id, { household_id: h501, answers: ['无所谓', [], 4, 1, null] })).status, 201);
		assertError(await api(url, 'POST', again.json.items[0].path, { body: { answers: ['同意', null, null, null, null] } }),
			409, 'conflict', 'token');
		assert.equal((await getSurvey(survey.id)).responses, 4);
	});

	it('results: counts, shares, means, response rate and a cross-tab by compound', async () => {
		const r = await api(url, 'GET', `/api/v1/surveys/${survey.id}/results`, { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		const res = r.json;
		assert.equal(res.audience, 5);
		assert.equal(res.responses, 4);
		assert.equal(res.response_rate, 0.8);
		const [q0, q1, q2, q3, q4] = res.questions;
		assert.deepEqual(q0.options.map((o) => [o.option, o.count]), [['同意', 2], ['反对', 1], ['无所谓', 1]]);
		assert.equal(q0.options[0].share, 0.5);
		assert.equal(q1.answered, 4);
		assert.deepEqual(q1.options.map((o) => o.count), [1, 2, 1]);
		assert.equal(q1.options[1].share, 0.5);
		assert.equal(q2.mean, 4); // 5, 3, 4, 4
		assert.deepEqual(q2.counts, [0, 0, 1, 2, 1]);
		assert.equal(q3.mean, 1.25); // 1, 1, 2, 1
		assert.equal(q3.min, 1);
		assert.equal(q3.max, 2);
		assert.deepEqual(q4.texts.sort(), ['希望尽快装电梯', '楼道灯坏了'].sort());
		// by compound: 普雄小区 has four of the audience (three answered), 普雄花苑 one (answered)
		const byName = Object.fromEntries(res.by_compound.map((b) => [b.compound_name, b]));
		const a1 = byName[fx.compound('A1').name];
		const a2 = byName[fx.compound('A2').name];
		assert.equal(a1.audience, 4);
		assert.equal(a1.responses, 3);
		assert.equal(a1.response_rate, 0.75);
		assert.deepEqual(a1.questions[0].options.map((o) => o.count), [1, 1, 1]);
		assert.equal(a2.audience, 1);
		assert.equal(a2.responses, 1);
		assert.deepEqual(a2.questions[0].options.map((o) => o.count), [1, 0, 0]);
		assert.equal(a2.questions[2].mean, 4);
	});

	it('exports the answers to XLSX, one row per household', async () => {
		const res = await checkedFetch(`${url}/api/v1/surveys/${survey.id}/export?format=xlsx`, { headers: { cookie: c.headA } });
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(await res.arrayBuffer()));
		const rows = [];
		wb.worksheets[0].eachRow({ includeEmpty: false }, (row) => rows.push(row.values.slice(1).map((v) => (v == null ? '' : String(v)))));
		assert.deepEqual(rows[0].slice(0, 6), ['小区', '楼', '室', '方式', '记录人', '时间']);
		assert.equal(rows[0][6], '1. 是否同意加装电梯？');
		const data = rows.slice(1, 5);
		assert.equal(data.length, 4);
		const r301 = data.find((d) => d[1] === '20号' && d[2] === '301');
		assert.ok(r301, JSON.stringify(data));
		assert.deepEqual(r301.slice(6, 10), ['同意', '助餐、配药', '5', '1']);
		assert.equal(r301[3], '走访');
		assert.equal(r301[4], env.users.workerA.username);
		const r1502 = data.find((d) => d[2] === '1502');
		assert.equal(r1502[3], '链接');
		assert.match(rows[rows.length - 1][0], /共 4 份/);
		assertError(await api(url, 'GET', `/api/v1/surveys/${survey.id}/export?format=pdf`, { cookie: c.headA }), 400, 'bad_query', 'format');
	});

	it('a closed survey takes no more answers', async () => {
		const made = await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headA, body: { committee_code: A, title: '短期问卷', questions: [{ kind: 'rating', text: '满意吗' }], audience: { compound_id: fx.compound('A2').id } },
		});
		assert.equal(made.status, 201, made.text);
		assert.equal(made.json.audience, 3);
		const links = await api(url, 'POST', `/api/v1/surveys/${made.json.id}/links`, { cookie: c.workerA, body: {} });
		assert.equal(links.json.items.length, 3);
		const closed = await api(url, 'PATCH', `/api/v1/surveys/${made.json.id}`, { cookie: c.headA, body: { status: 'closed' } });
		assert.equal(closed.status, 200, closed.text);
		assert.equal(closed.json.status, 'closed');
		assertError(await respond(c.workerA, made.json.id, { household_id: fx.household('h3-1201').id, answers: [4] }), 409, 'conflict');
		assertError(await api(url, 'POST', links.json.items[0].path, { body: { answers: [4] } }), 409, 'conflict', 'token');
		assertError(await api(url, 'PATCH', `/api/v1/surveys/${made.json.id}`, { cookie: c.headA, body: { status: 'done' } }), 400, 'bad_field', 'status');
	});

	it('is scoped: other committees see a 404, the street sees it', async () => {
		for (const cookie of [c.headB, c.workerB]) {
			assertError(await api(url, 'GET', `/api/v1/surveys/${survey.id}`, { cookie }), 404, 'not_found');
			assertError(await api(url, 'GET', `/api/v1/surveys/${survey.id}/results`, { cookie }), 404, 'not_found');
			assertError(await api(url, 'GET', `/api/v1/surveys/${survey.id}/export`, { cookie }), 404, 'not_found');
			assertError(await respond(cookie, survey.id, { household_id: fx.household('h8-501').id, answers: ['同意', null, null, null, null] }), 404, 'not_found');
			assertError(await api(url, 'POST', `/api/v1/surveys/${survey.id}/links`, { cookie, body: {} }), 404, 'not_found');
			const list = await api(url, 'GET', '/api/v1/surveys', { cookie });
			assert.equal(list.status, 200);
			assert.deepEqual(list.json.items, []);
		}
		assertError(await api(url, 'PATCH', `/api/v1/surveys/${survey.id}`, { cookie: c.headB, body: { status: 'closed' } }), 404, 'not_found');
		assertError(await api(url, 'GET', `/api/v1/surveys?committee_code=${A}`, { cookie: c.headB }), 400, 'bad_query', 'committee_code');
		assert.equal((await api(url, 'GET', `/api/v1/surveys/${survey.id}`, { cookie: c.street })).status, 200);
		assertError(await api(url, 'GET', '/api/v1/surveys/999999', { cookie: c.headA }), 404, 'not_found');
	});
});
