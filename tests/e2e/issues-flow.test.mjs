// Residents' problems: intake by any worker (全岗通), categories, the state
// machine with its timeline, escalation committee → street → district and
// back, illegal steps (409), roles (403), 12345 work orders tracked once,
// PATCH, and the errors of every route (docs/issues.md).

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, login, assertError, uniqueName } from './lib/harness.mjs';
import { startRegister, COMMITTEES, STREET, maskPhone } from './lib/register-fixture.mjs';

const DISTRICT = '310107';

describe('issues: intake and the state machine', () => {
	let env, url, c, fx;
	const extra = {};

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		// a district user and a user of the other street, made by the admin
		for (const [k, role, scope] of [['district', 'district', DISTRICT], ['other', 'street', '310107014']]) {
			const u = { username: uniqueName(k), password: `${k}-pass-123456`, role, scope: [scope] };
			const r = await api(url, 'POST', '/api/v1/users', { cookie: c.admin, body: u });
			assert.equal(r.status, 201, r.text);
			extra[k] = { ...u, id: r.json.id };
			c[k] = await login(url, u.username, u.password);
		}
		for (const k of ['workerA', 'headA', 'workerB', 'street']) {
			const me = await api(url, 'GET', '/api/v1/me', { cookie: c[k] });
			extra[k] = { id: me.json.id };
		}
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const create = async (cookie, body, status = 201) => {
		const r = await api(url, 'POST', '/api/v1/issues', { cookie, body });
		assert.equal(r.status, status, `POST /api/v1/issues ${JSON.stringify(body)}: ${r.text}`);
		return r;
	};
	const step = (cookie, id, body) => api(url, 'POST', `/api/v1/issues/${id}/events`, { cookie, body });
	const ok = async (cookie, id, body) => {
		const r = await step(cookie, id, body);
		assert.equal(r.status, 201, `${JSON.stringify(body)} on ${id}: ${r.text}`);
		return r.json;
	};

	it('lists the seeded categories with their deadlines', async () => {
		const r = await api(url, 'GET', '/api/v1/issue-categories', { cookie: c.workerA });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.items.map((i) => i.code), ['lift', 'ebike_charging', 'group_rental', 'garbage',
			'safety', 'elderly_care', 'repairs', 'neighbour_dispute', 'sanitation', 'noise', 'other']);
		const lift = r.json.items[0];
		assert.equal(lift.name, '加装电梯/电梯维修');
		assert.equal(lift.service_code, 'lift');
		assert.deepEqual([lift.days_committee, lift.days_street, lift.days_district, lift.days_urgent], [10, 15, 20, 1]);
		assert.equal(r.json.items.find((i) => i.code === 'elderly_care').name, '为老服务(配药送菜)');
		assert.equal(r.json.next_cursor, null);
		assertError(await api(url, 'GET', '/api/v1/issue-categories'), 401, 'unauthorized');
	});

	it('reads and changes one category (admin only)', async () => {
		const one = await api(url, 'GET', '/api/v1/issue-categories/noise', { cookie: c.workerA });
		assert.equal(one.status, 200, one.text);
		assert.equal(one.json.name, '噪声扰民');
		assertError(await api(url, 'GET', '/api/v1/issue-categories/potholes', { cookie: c.workerA }), 404, 'not_found', 'code');
		assertError(await api(url, 'PATCH', '/api/v1/issue-categories/noise', { cookie: c.headA, body: { days_committee: 2 } }),
			403, 'forbidden');
		assertError(await api(url, 'PATCH', '/api/v1/issue-categories/noise', { cookie: c.admin, body: { days_committee: 0 } }),
			400, 'bad_field', 'days_committee');
		assertError(await api(url, 'PATCH', '/api/v1/issue-categories/noise', { cookie: c.admin, body: { colour: 'red' } }),
			400, 'bad_field', 'colour');
		assertError(await api(url, 'PATCH', '/api/v1/issue-categories/potholes', { cookie: c.admin, body: { days_committee: 2 } }),
			404, 'not_found');
		const r = await api(url, 'PATCH', '/api/v1/issue-categories/noise', {
			cookie: c.admin, body: { days_committee: 4, name_en: 'Noise nuisance' },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.days_committee, 4);
		assert.equal(r.json.days_street, 5, 'the others keep their value');
		assert.equal(r.json.name_en, 'Noise nuisance');
		const back = await api(url, 'PATCH', '/api/v1/issue-categories/noise', { cookie: c.admin, body: { days_committee: 3 } });
		assert.equal(back.status, 200, back.text);
	});

	it('any worker takes in an issue for a household of its committee (全岗通), with a receipt', async () => {
		const h = fx.household('h20-401');
		const r = await create(c.workerA, {
			category: 'repairs', description: '楼道顶部漏水', channel: 'office', household_id: h.id,
			reporter_name: '刘先生', reporter_phone: '139 0000 1234',
		});
		const i = r.json;
		assert.match(i.receipt_no, /^SB-\d{4}-\d{6}$/);
		assert.ok(i.receipt_no.endsWith(String(i.id).padStart(6, '0')));
		assert.equal(r.headers.get('location'), `/api/v1/issues/${i.id}`);
		assert.equal(i.status, 'received');
		assert.equal(i.level, 'committee');
		assert.equal(i.committee_code, COMMITTEES.A.code);
		assert.equal(i.street_code, STREET);
		assert.equal(i.household_id, h.id);
		assert.equal(i.building_id, h.building_id);
		assert.equal(i.compound_id, h.compound_id);
		assert.equal(i.address, `${h.compoundName} ${h.label} ${h.room}`);
		assert.equal(i.reporter_name, '刘先生');
		assert.equal(i.reporter_phone, maskPhone('13900001234'));
		assert.ok(!r.text.includes('13900001234'), 'the phone never shows in clear');
		assert.equal(i.channel, 'office');
		assert.equal(i.priority, 'normal');
		assert.equal(i.overdue, false);
		assert.match(i.due_date, /^\d{4}-\d{2}-\d{2}$/);
		assert.ok(i.due_date > fx.today, `due ${i.due_date} after today ${fx.today}`);
		assert.equal(i.events.length, 1);
		assert.equal(i.events[0].action, 'create');
		assert.equal(i.events[0].to_status, 'received');
		assert.equal(i.events[0].from_status, null);
		assert.equal(i.events[0].user_id, extra.workerA.id);
		const got = await api(url, 'GET', `/api/v1/issues/${i.id}`, { cookie: c.headA });
		assert.equal(got.status, 200, got.text);
		assert.deepEqual(got.json, i);
	});

	it('takes in with a resident as the reporter, a building, a compound, or only a committee', async () => {
		const r = fx.resident('r03');
		const a = (await create(c.workerA, { category: 'elderly_care', description: '代配药', channel: 'visit', resident_id: r.id })).json;
		assert.equal(a.resident_id, r.id);
		assert.equal(a.reporter_name, r.name);
		assert.equal(a.household_id, r.household_id);
		assert.equal(a.reporter_phone, null);
		const b = fx.building('A1-21');
		const bi = (await create(c.workerA, { category: 'lift', description: '电梯故障', channel: 'phone', building_id: b.id, priority: 'urgent' })).json;
		assert.equal(bi.building_id, b.id);
		assert.equal(bi.address, `${fx.compound('A1').name} ${b.label}`);
		assert.equal(bi.priority, 'urgent');
		const ci = (await create(c.workerA, { category: 'garbage', description: '垃圾房满溢', channel: 'visit', compound_id: fx.compound('A2').id })).json;
		assert.equal(ci.address, fx.compound('A2').name);
		const k = (await create(c.headA, { category: 'other', description: '路灯不亮', channel: 'online', committee_code: COMMITTEES.A.code, address: '普雄路口' })).json;
		assert.equal(k.address, '普雄路口');
		assert.equal(k.household_id, null);
		assert.equal(k.reporter_name, null);
	});

	it('refuses bad intake with 400 naming the field, and changes nothing', async () => {
		const before = await api(url, 'GET', '/api/v1/issues?limit=1', { cookie: c.admin });
		const base = { category: 'repairs', description: '漏水', channel: 'office', committee_code: COMMITTEES.A.code };
		const cases = [
			[{ ...base, category: 'potholes' }, 'category'],
			[{ ...base, channel: 'open311' }, 'channel'],
			[{ ...base, channel: 'fax' }, 'channel'],
			[{ ...base, priority: 'high' }, 'priority'],
			[{ ...base, description: 'x'.repeat(2001) }, 'description'],
			[{ ...base, description: '' }, 'description'],
			[{ ...base, colour: 'red' }, 'colour'],
			[{ category: 'repairs', description: '漏水', channel: 'office' }, 'committee_code'],
			[{ ...base, committee_code: COMMITTEES.B.code }, 'committee_code'], // not workerA's
			[{ ...base, committee_code: null, household_id: fx.household('h8-501').id }, 'household_id'],
			[{ ...base, committee_code: null, resident_id: fx.resident('r23').id }, 'resident_id'],
			[{ ...base, committee_code: null, building_id: fx.building('C1-1').id }, 'building_id'],
			[{ ...base, committee_code: null, compound_id: 999999 }, 'compound_id'],
			[{ ...base, reporter_phone: '12345' }, 'reporter_phone'],
			[{ ...base, resident_id: fx.resident('r01').id, reporter_name: '某' }, 'reporter_name'],
			[{ ...base, committee_code: null, resident_id: fx.resident('r01').id, household_id: fx.household('h20-301').id }, 'resident_id'],
			[{ ...base, received_at: 'yesterday' }, 'received_at'],
			[{ ...base, received_at: new Date(Date.now() + 3600e3).toISOString() }, 'received_at'],
			[{ ...base, received_at: new Date(Date.now() - 400 * 86400e3).toISOString() }, 'received_at'],
			[{ ...base, hotline_no: 'no spaces' }, 'hotline_no'],
			[{ ...base, assignee_id: extra.workerB.id }, 'assignee_id'],
			[{ ...base, assignee_id: extra.street.id }, 'assignee_id'],
			[{ ...base, household_id: 0 }, 'household_id'],
		];
		for (const [body, field] of cases) {
			const r = await api(url, 'POST', '/api/v1/issues', { cookie: c.workerA, body });
			assertError(r, 400, 'bad_field', field);
		}
		assertError(await api(url, 'POST', '/api/v1/issues', { cookie: c.workerA, raw: '{"category":' }), 400, 'bad_json');
		assertError(await api(url, 'POST', '/api/v1/issues', { body: base }), 401, 'unauthorized');
		const after = await api(url, 'GET', '/api/v1/issues?limit=1', { cookie: c.admin });
		assert.equal(after.json.total, before.json.total, 'nothing was taken in');
	});

	it('escalates committee → street → district and returns it down again, each level with its deadline', async () => {
		const i = (await create(c.workerA, {
			category: 'group_rental', description: '疑似群租', channel: 'visit', household_id: fx.household('h20-402').id,
		})).json;
		assert.equal(i.due_date >= fx.today, true);
		// a worker may not escalate; a head without a reason may not either
		assertError(await step(c.workerA, i.id, { action: 'escalate', reason: '太难' }), 403, 'forbidden', 'action');
		assertError(await step(c.headA, i.id, { action: 'escalate' }), 400, 'bad_field', 'reason');
		assertError(await step(c.headA, i.id, { action: 'escalate', reason: 'x', satisfaction: 3 }), 400, 'bad_field', 'satisfaction');
		// the street cannot work it while the committee holds it
		assertError(await step(c.street, i.id, { action: 'accept' }), 409, 'conflict', 'action');
		const up = await ok(c.headA, i.id, { action: 'escalate', reason: '涉及多户，需要街道联合执法' });
		assert.equal(up.level, 'street');
		assert.equal(up.status, 'received');
		assert.equal(up.escalations, 1);
		assert.equal(up.assignee_id, null);
		const ev = up.events.at(-1);
		assert.deepEqual([ev.action, ev.from_status, ev.to_status, ev.level, ev.reason, ev.user_id],
			['escalate', 'received', 'received', 'street', '涉及多户，需要街道联合执法', extra.headA.id]);
		// group_rental: committee 10, street 15 working days: the street's deadline is later
		assert.ok(up.due_date > i.due_date, `street due ${up.due_date} after committee due ${i.due_date}`);
		// the committee still sees it, but no longer works it
		assertError(await step(c.workerA, i.id, { action: 'accept' }), 409, 'conflict', 'action');
		const n = await ok(c.workerA, i.id, { action: 'note', note: '住户已搬离两户' });
		assert.equal(n.events.at(-1).action, 'note');
		// another street never sees it
		assertError(await api(url, 'GET', `/api/v1/issues/${i.id}`, { cookie: c.other }), 404, 'not_found');
		assertError(await step(c.other, i.id, { action: 'accept' }), 404, 'not_found');
		const acc = await ok(c.street, i.id, { action: 'accept' });
		assert.equal(acc.status, 'accepted');
		assert.equal(acc.assignee_id, extra.street.id, 'accepting takes it');
		const up2 = await ok(c.street, i.id, { action: 'escalate', reason: '需区房管局认定' });
		assert.equal(up2.level, 'district');
		assert.equal(up2.status, 'received');
		assert.equal(up2.escalations, 2);
		assertError(await step(c.district, i.id, { action: 'escalate', reason: 'x' }), 409, 'conflict', 'action');
		assertError(await step(c.district, i.id, { action: 'return' }), 400, 'bad_field', 'note');
		const down = await ok(c.district, i.id, { action: 'return', note: '已认定，请街道组织整治' });
		assert.equal(down.level, 'street');
		assert.equal(down.status, 'received');
		assert.equal(down.events.at(-1).note, '已认定，请街道组织整治');
		const down2 = await ok(c.street, i.id, { action: 'return', note: '请居委会跟进回访' });
		assert.equal(down2.level, 'committee');
		assertError(await step(c.workerA, i.id, { action: 'return', note: 'x' }), 409, 'conflict', 'action');
		// the committee works it to the end
		await ok(c.workerA, i.id, { action: 'accept' });
		await ok(c.workerA, i.id, { action: 'start' });
		const res = await ok(c.workerA, i.id, { action: 'resolve', note: '已整治' });
		assert.equal(res.status, 'resolved');
		assert.ok(res.feedback_link && res.feedback_link.token.length === 43, res.feedback_link);
		const closed = await ok(c.headA, i.id, { action: 'close' });
		assert.equal(closed.status, 'closed');
		assert.deepEqual(closed.events.map((e) => e.action),
			['create', 'escalate', 'note', 'accept', 'escalate', 'return', 'return', 'accept', 'start', 'resolve', 'close']);
		assert.deepEqual(closed.events.map((e) => e.level),
			['committee', 'street', 'street', 'street', 'district', 'street', 'committee', 'committee', 'committee', 'committee', 'committee']);
		for (const e of closed.events) assert.match(e.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	});

	it('refuses illegal steps with 409 and a clear message, and bad bodies with 400', async () => {
		const i = (await create(c.workerA, { category: 'noise', description: '夜间装修', channel: 'phone', committee_code: COMMITTEES.A.code })).json;
		for (const body of [
			{ action: 'start' }, { action: 'resolve', note: 'x' }, { action: 'close' },
			{ action: 'feedback', satisfaction: 4 }, { action: 'reopen', reason: 'x' },
		]) {
			const r = await step(c.workerA, i.id, body);
			assertError(r, 409, 'conflict', 'action');
			assert.match(r.json.error.message, /received/, r.text);
			assert.match(r.json.error.message_zh, /已接收/, r.text);
		}
		assertError(await step(c.workerA, i.id, { action: 'fly' }), 400, 'bad_field', 'action');
		assertError(await step(c.workerA, i.id, {}), 400, 'bad_field', 'action');
		assertError(await step(c.workerA, i.id, { action: 'note' }), 400, 'bad_field', 'note');
		assertError(await step(c.workerA, i.id, { action: 'accept', colour: 1 }), 400, 'bad_field', 'colour');
		assertError(await step(c.workerA, i.id, { action: 'assign' }), 400, 'bad_field', 'assignee_id');
		assertError(await step(c.workerA, i.id, { action: 'assign', assignee_id: extra.workerB.id }), 400, 'bad_field', 'assignee_id');
		assertError(await step(c.workerA, 999999, { action: 'accept' }), 404, 'not_found');
		assertError(await step(c.workerA, 'abc', { action: 'accept' }), 400, 'bad_path', 'id');
		assertError(await api(url, 'POST', `/api/v1/issues/${i.id}/events`, { body: { action: 'accept' } }), 401, 'unauthorized');
		const as = await ok(c.workerA, i.id, { action: 'assign', assignee_id: extra.headA.id, note: '书记亲自处理' });
		assert.equal(as.assignee_id, extra.headA.id);
		assert.equal(as.assignee_name, env.users.headA.username);
		assert.equal(as.events.at(-1).assignee_id, extra.headA.id);
		await ok(c.headA, i.id, { action: 'accept' });
		assert.equal((await api(url, 'GET', `/api/v1/issues/${i.id}`, { cookie: c.headA })).json.assignee_id, extra.headA.id,
			'accept keeps an assignee');
		assertError(await step(c.workerA, i.id, { action: 'accept' }), 409, 'conflict', 'action');
		await ok(c.workerA, i.id, { action: 'resolve', note: '已协调施工时间' });
		for (const body of [{ action: 'start' }, { action: 'assign', assignee_id: extra.headA.id }, { action: 'escalate', reason: 'x' }]) {
			assertError(await step(c.headA, i.id, body), 409, 'conflict', 'action');
		}
		assertError(await step(c.workerA, i.id, { action: 'feedback', satisfaction: 0 }), 400, 'bad_field', 'satisfaction');
		assertError(await step(c.workerA, i.id, { action: 'feedback', satisfaction: 6 }), 400, 'bad_field', 'satisfaction');
		// the worker records a dissatisfied answer: the issue opens again
		const fb = await ok(c.workerA, i.id, { action: 'feedback', satisfaction: 2, comment: '还是吵' });
		assert.equal(fb.status, 'reopened');
		assert.equal(fb.satisfaction, 2);
		assert.equal(fb.feedback_comment, '还是吵');
		const e = fb.events.at(-1);
		assert.deepEqual([e.action, e.from_status, e.to_status, e.satisfaction, e.comment], ['feedback', 'resolved', 'reopened', 2, '还是吵']);
		assert.equal(fb.overdue, false, 'a new deadline from now');
		await ok(c.workerA, i.id, { action: 'start' });
		await ok(c.workerA, i.id, { action: 'resolve', note: '已限定施工时段' });
		const good = await ok(c.workerA, i.id, { action: 'feedback', satisfaction: 5 });
		assert.equal(good.status, 'resolved');
		assertError(await step(c.workerA, i.id, { action: 'feedback', satisfaction: 5 }), 409, 'conflict', 'action');
		await ok(c.workerA, i.id, { action: 'close', note: '回访满意' });
		const re = await ok(c.headA, i.id, { action: 'reopen', reason: '又开始夜间施工' });
		assert.equal(re.status, 'reopened');
		assert.equal(re.closed_at, null);
	});

	it('carries a 12345 work order once, with hand-off and return on the timeline', async () => {
		const wo = `12345-${Date.now()}`;
		const i = (await create(c.workerA, {
			category: 'ebike_charging', description: '飞线充电', channel: 'hotline', building_id: fx.building('A1-20').id, hotline_no: wo,
		})).json;
		assert.equal(i.hotline_no, wo);
		assert.equal(i.hotline_state, 'came_with');
		const dup = await api(url, 'POST', '/api/v1/issues', {
			cookie: c.workerA, body: { category: 'ebike_charging', description: '同一工单', channel: 'hotline', committee_code: COMMITTEES.A.code, hotline_no: wo },
		});
		assertError(dup, 409, 'conflict', 'hotline_no');
		assert.match(dup.json.error.message, new RegExp(`issue ${i.id}`));
		const found = await api(url, 'GET', `/api/v1/issues?hotline_no=${wo}`, { cookie: c.workerA });
		assert.deepEqual(found.json.items.map((x) => x.id), [i.id]);
		assertError(await step(c.workerA, i.id, { action: 'hotline_return', note: 'x' }), 409, 'conflict', 'action');
		assertError(await step(c.workerA, i.id, { action: 'hotline_handoff', hotline_no: 'OTHER-1' }), 409, 'conflict', 'hotline_no');
		const h = await ok(c.workerA, i.id, { action: 'hotline_handoff', note: '转城管执法' });
		assert.equal(h.hotline_state, 'handed_off');
		assert.equal(h.events.at(-1).hotline_no, wo);
		assertError(await step(c.workerA, i.id, { action: 'hotline_handoff' }), 409, 'conflict', 'action');
		const back = await ok(c.workerA, i.id, { action: 'hotline_return', note: '城管已拆除飞线' });
		assert.equal(back.hotline_state, 'returned');
		// an issue without a number is handed off with one
		const j = (await create(c.workerA, { category: 'safety', description: '消防通道堵塞', channel: 'office', committee_code: COMMITTEES.A.code })).json;
		assertError(await step(c.workerA, j.id, { action: 'hotline_handoff' }), 400, 'bad_field', 'hotline_no');
		assertError(await step(c.workerA, j.id, { action: 'hotline_handoff', hotline_no: wo }), 409, 'conflict', 'hotline_no');
		const hj = await ok(c.workerA, j.id, { action: 'hotline_handoff', hotline_no: `${wo}-B` });
		assert.equal(hj.hotline_no, `${wo}-B`);
	});

	it('changes an open issue with PATCH, by the level that holds it', async () => {
		const i = (await create(c.workerA, { category: 'sanitation', description: '楼道堆物', channel: 'visit', committee_code: COMMITTEES.A.code })).json;
		const p = await api(url, 'PATCH', `/api/v1/issues/${i.id}`, { cookie: c.workerA, body: { priority: 'urgent', description: '楼道堆物，堵塞消防通道' } });
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.priority, 'urgent');
		assert.ok(p.json.due_date <= i.due_date, 'urgent: a shorter deadline');
		assert.equal(p.json.events.at(-1).action, 'update');
		assert.match(p.json.events.at(-1).note, /priority: normal → urgent/);
		const cat = await api(url, 'PATCH', `/api/v1/issues/${i.id}`, { cookie: c.workerA, body: { category: 'safety', address: null } });
		assert.equal(cat.status, 200, cat.text);
		assert.equal(cat.json.category, 'safety');
		assert.equal(cat.json.category_name, '安全隐患');
		assertError(await api(url, 'PATCH', `/api/v1/issues/${i.id}`, { cookie: c.workerA, body: { category: 'potholes' } }), 400, 'bad_field', 'category');
		assertError(await api(url, 'PATCH', `/api/v1/issues/${i.id}`, { cookie: c.workerA, body: { status: 'closed' } }), 400, 'bad_field', 'status');
		assertError(await api(url, 'PATCH', `/api/v1/issues/${i.id}`, { cookie: c.street, body: { priority: 'normal' } }), 409, 'conflict', 'level');
		assertError(await api(url, 'PATCH', `/api/v1/issues/${i.id}`, { cookie: c.workerB, body: { priority: 'normal' } }), 404, 'not_found');
		await ok(c.workerA, i.id, { action: 'accept' });
		await ok(c.workerA, i.id, { action: 'resolve', note: '已清理' });
		assertError(await api(url, 'PATCH', `/api/v1/issues/${i.id}`, { cookie: c.workerA, body: { priority: 'normal' } }), 409, 'conflict', 'status');
	});

	it('reads one issue only in scope', async () => {
		const i = (await create(c.workerB, { category: 'garbage', description: '垃圾未分类', channel: 'visit', committee_code: COMMITTEES.B.code })).json;
		assertError(await api(url, 'GET', `/api/v1/issues/${i.id}`, { cookie: c.workerA }), 404, 'not_found');
		assertError(await api(url, 'GET', `/api/v1/issues/${i.id}`, { cookie: c.other }), 404, 'not_found');
		assert.equal((await api(url, 'GET', `/api/v1/issues/${i.id}`, { cookie: c.street })).status, 200);
		assert.equal((await api(url, 'GET', `/api/v1/issues/${i.id}`, { cookie: c.district })).status, 200);
		assertError(await api(url, 'GET', '/api/v1/issues/0', { cookie: c.workerB }), 400, 'bad_path', 'id');
		assertError(await api(url, 'GET', `/api/v1/issues/${i.id}`), 401, 'unauthorized');
	});
});
