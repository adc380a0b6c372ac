// Receipts residents can follow (issue 17, docs/notices.md "Receipts"): the
// committee's phone on the public receipt lookup, and the resident's
// feedback link given again to any worker of the issue's jurisdiction
// (audited), working beside the first until one of them is used.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;

describe('receipts: the committee phone and the feedback link again', () => {
	let env, url, c, fx, issue, first;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const step = async (id, body) => {
		const r = await api(url, 'POST', `/api/v1/issues/${id}/events`, { cookie: c.workerA, body });
		assert.equal(r.status, 201, `${body.action}: ${r.text}`);
		return r.json;
	};
	const again = (id, cookie = c.workerA, body = {}) => api(url, 'POST', `/api/v1/issues/${id}/feedback-link`, { cookie, body });

	it('the receipt lookup answers the committee phone once the head set it', async () => {
		const made = await api(url, 'POST', '/api/v1/issues', {
			cookie: c.workerA,
			body: { category: 'repairs', description: '楼道灯坏了', channel: 'visit', resident_id: fx.resident('r04').id, reporter_phone: '13900008888' },
		});
		assert.equal(made.status, 201, made.text);
		issue = made.json;
		const lookup = () => api(url, 'POST', '/api/v1/receipt-lookup', { body: { receipt_no: issue.receipt_no, phone_last4: '8888' } });
		let r = await lookup();
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.committee_phone, null);
		const p = await api(url, 'PUT', `/api/v1/committees/${A}/phone`, { cookie: c.headA, body: { phone: '021-6234 0000' } });
		assert.equal(p.status, 200, p.text);
		r = await lookup();
		assert.equal(r.json.committee_phone, '021-6234 0000');
		assert.equal(r.json.committee_name, COMMITTEES.A.name);
	});

	it('no link before the issue is resolved', async () => {
		assertError(await again(issue.id), 409, 'conflict', 'id');
	});

	it('any worker of the committee gets the link again; both work until one is used', async () => {
		await step(issue.id, { action: 'accept' });
		const res = await step(issue.id, { action: 'resolve', note: '已更换灯泡' });
		first = res.feedback_link;
		const r = await again(issue.id);
		assert.equal(r.status, 201, r.text);
		assert.notEqual(r.json.token, first.token);
		assert.equal(r.json.path, `/api/v1/feedback/${r.json.token}`);
		assert.equal(r.json.expires_at, first.expires_at, 'valid as long as the first');
		// the street above too
		const s = await again(issue.id, c.street);
		assert.equal(s.status, 201, s.text);
		// the first link still works
		assert.equal((await api(url, 'GET', first.path)).status, 200);
		const fb = await api(url, 'POST', r.json.path, { body: { satisfaction: 5 } });
		assert.ok(fb.status < 300, fb.text);
		// once the feedback is in, the other links are revoked and no more are given
		assertError(await api(url, 'GET', first.path), 409, 'conflict', 'token');
		assertError(await again(issue.id), 409, 'conflict', 'id');
		const audit = await api(url, 'GET', '/api/v1/audit?limit=50', { cookie: c.admin });
		assert.equal(audit.json.items.filter((e) => e.action === 'feedback_link_again' && e.entity_id === String(issue.id)).length, 2);
	});

	it('is not found outside the jurisdiction, and takes no members', async () => {
		assertError(await again(issue.id, c.workerB), 404, 'not_found');
		assertError(await again(issue.id, c.workerA, { token: 'x' }), 400, 'bad_field', 'token');
		assertError(await again(999999), 404, 'not_found');
	});
});
