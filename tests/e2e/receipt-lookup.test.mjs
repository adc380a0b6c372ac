// Residents follow their own issue (issue 17): POST /api/v1/receipt-lookup
// with the receipt number and the last four digits of the phone shows the
// progress and nothing personal; a wrong number and an unknown receipt look
// alike; failures are limited per address.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

describe('issues: the receipt lookup', () => {
	let env, url, c, fx, withPhone, byResident;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		const r = fx.resident('r04');
		const made = await api(url, 'POST', '/api/v1/issues', {
			cookie: c.workerA,
			body: { category: 'repairs', description: '卫生间漏水到楼下，刘先生说明天在家', channel: 'visit', resident_id: r.id, reporter_phone: '13900009876' },
		});
		assert.equal(made.status, 201, made.text);
		withPhone = made.json;
		const other = await api(url, 'POST', '/api/v1/issues', {
			cookie: c.workerA,
			body: { category: 'noise', description: '楼上夜里装修', channel: 'office', resident_id: fx.resident('r11').id },
		});
		assert.equal(other.status, 201, other.text);
		byResident = other.json;
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const lookup = (body) => api(url, 'POST', '/api/v1/receipt-lookup', { body });

	it('shows status, level and deadline for the receipt and the phone, without a login', async () => {
		const r = await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '9876' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.receipt_no, withPhone.receipt_no);
		assert.equal(r.json.status, 'received');
		assert.equal(r.json.level, 'committee');
		assert.equal(r.json.due_date, withPhone.due_date);
		assert.equal(r.json.overdue, false);
		assert.equal(r.json.category, 'repairs');
		assert.equal(r.json.committee_name, COMMITTEES.A.name);
		assert.equal(r.json.resolved_at, null);
		// never names, notes, the description, the room or the phone
		for (const secret of [fx.resident('r04').name, '刘先生', '卫生间', fx.household('h20-401').room, '13900009876', '9876']) {
			assert.ok(!r.text.includes(secret), `the lookup shows ${secret}: ${r.text}`);
		}
	});

	it('follows the issue as it moves: accepted, escalated to the street, resolved', async () => {
		const step = async (cookie, body) => {
			const s = await api(url, 'POST', `/api/v1/issues/${withPhone.id}/events`, { cookie, body });
			assert.equal(s.status, 201, s.text);
		};
		await step(c.workerA, { action: 'accept' });
		let r = await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '9876' });
		assert.equal(r.json.status, 'accepted');
		await step(c.headA, { action: 'escalate', reason: '需要街道协调维修基金' });
		r = await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '9876' });
		assert.equal(r.json.level, 'street');
		await step(c.street, { action: 'accept' });
		await step(c.street, { action: 'resolve', note: '已协调物业维修，费用由维修基金支付' });
		r = await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '9876' });
		assert.equal(r.json.status, 'resolved');
		assert.match(r.json.resolved_at, /^\d{4}-\d{2}-\d{2}T/);
		assert.ok(!r.text.includes('维修基金'), 'the resolution note is not shown');
	});

	it("uses the resident's own phone when the issue was taken in without one", async () => {
		const phone = fx.resident('r11').phone;
		assert.ok(phone, 'fixture: r11 has a phone');
		const r = await lookup({ receipt_no: byResident.receipt_no, phone_last4: phone.slice(-4) });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.category, 'noise');
	});

	it('refuses bad input naming the field, in Chinese too', async () => {
		assertError(await lookup({ receipt_no: withPhone.receipt_no }), 400, 'bad_field', 'phone_last4');
		assertError(await lookup({ phone_last4: '9876' }), 400, 'bad_field', 'receipt_no');
		const letters = await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '98a6' });
		assertError(letters, 400, 'bad_field', 'phone_last4');
		assert.match(letters.json.error.message_zh, /后四位/);
		assertError(await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '98765' }), 400, 'bad_field', 'phone_last4');
		assertError(await lookup({ receipt_no: withPhone.receipt_no, phone_last4: 9876 }), 400, 'bad_field', 'phone_last4');
		assertError(await lookup({ receipt_no: 'x'.repeat(41), phone_last4: '9876' }), 400, 'bad_field', 'receipt_no');
		assertError(await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '9876', name: '刘志明' }), 400, 'bad_field', 'name');
		const form = await api(url, 'POST', '/api/v1/receipt-lookup', { raw: 'receipt_no=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.equal(form.status, 415, form.text);
	});

	it('a wrong number and an unknown receipt answer alike; ten failures lock the address out', async () => {
		// earlier tests failed nothing but the bad input (not counted)
		const wrong = await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '0000' });
		const unknown = await lookup({ receipt_no: 'SB-1999-999999', phone_last4: '9876' });
		assertError(wrong, 404, 'not_found', 'receipt_no');
		assertError(unknown, 404, 'not_found', 'receipt_no');
		assert.deepEqual(wrong.json, unknown.json);
		assert.match(wrong.json.error.message_zh, /没有找到/);
		for (let i = 2; i < 10; i++) assertError(await lookup({ receipt_no: `SB-1999-${i}`, phone_last4: '1234' }), 404, 'not_found', 'receipt_no');
		const locked = await lookup({ receipt_no: withPhone.receipt_no, phone_last4: '9876' });
		assertError(locked, 429, 'too_many_attempts');
		const retry = Number(locked.headers.get('retry-after'));
		assert.ok(retry > 0 && retry <= 900, `Retry-After ${retry}`);
		assert.match(locked.json.error.message_zh, /稍后再试/);
		// the workers' own pages are not affected
		const mine = await api(url, 'GET', `/api/v1/issues/${withPhone.id}`, { cookie: c.workerA });
		assert.equal(mine.status, 200);
	});
});
