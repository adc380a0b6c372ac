// Residents' problems: the one-time feedback link (no login): what it shows
// (nothing personal), once only, expiry and revocation, dissatisfied answers
// reopen the issue (docs/issues.md, "The feedback link").

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, assertNoClearNumbers } from './lib/register-fixture.mjs';

describe('issues: the feedback link', () => {
	let env, url, c, fx;

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	const step = async (cookie, id, body) => {
		const r = await api(url, 'POST', `/api/v1/issues/${id}/events`, { cookie, body });
		assert.equal(r.status, 201, `${body.action}: ${r.text}`);
		return r.json;
	};
	/* A resolved issue of resident r (with a phone given) and its link. */
	const resolved = async (description = '卫生间漏水到楼下，王先生 13900009999') => {
		const r = fx.resident('r04');
		const made = await api(url, 'POST', '/api/v1/issues', {
			cookie: c.workerA,
			body: { category: 'repairs', description, channel: 'visit', resident_id: r.id, reporter_phone: '13900009999' },
		});
		assert.equal(made.status, 201, made.text);
		await step(c.workerA, made.json.id, { action: 'accept' });
		const res = await step(c.workerA, made.json.id, { action: 'resolve', note: '已更换防水层' });
		assert.ok(res.feedback_link, res);
		return { issue: res, link: res.feedback_link };
	};

	it('shows only the category, a summary without personal data and the resolution', async () => {
		const { issue, link } = await resolved();
		assert.equal(link.path, `/api/v1/feedback/${link.token}`);
		assert.match(link.token, /^[A-Za-z0-9_-]{43}$/);
		const days = (Date.parse(link.expires_at) - Date.now()) / 86400e3;
		assert.ok(days > 13.9 && days <= 14, `expires in 14 days: ${link.expires_at}`);
		// the token is not kept: it is not in the issue as read back
		const back = await api(url, 'GET', `/api/v1/issues/${issue.id}`, { cookie: c.workerA });
		assert.ok(!back.text.includes(link.token), 'the token is shown once');
		const r = await api(url, 'GET', link.path);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(Object.keys(r.json).sort(), ['category', 'category_name', 'resolution', 'resolved_at', 'summary']);
		assert.equal(r.json.category, 'repairs');
		assert.equal(r.json.category_name, '物业维修');
		assert.equal(r.json.resolution, '已更换防水层');
		assert.equal(r.json.resolved_at, issue.resolved_at);
		const h = fx.household('h20-401');
		assert.match(r.json.summary, new RegExp(`^物业维修（${h.compoundName}），\\d{4}-\\d{2}-\\d{2} 受理$`));
		for (const secret of [fx.resident('r04').name, h.room, '王先生', '13900009999', '卫生间', issue.receipt_no]) {
			assert.ok(!r.text.includes(secret), `the link page shows ${secret}: ${r.text}`);
		}
		assertNoClearNumbers(fx, r.text, 'feedback page');
	});

	it('records the feedback once; a second use is refused', async () => {
		const { issue, link } = await resolved('楼道灯坏');
		assertError(await api(url, 'POST', link.path, { body: { satisfaction: 9 } }), 400, 'bad_field', 'satisfaction');
		assertError(await api(url, 'POST', link.path, { body: {} }), 400, 'bad_field', 'satisfaction');
		assertError(await api(url, 'POST', link.path, { body: { satisfaction: 5, name: 'x' } }), 400, 'bad_field', 'name');
		assertError(await api(url, 'POST', link.path, { raw: 'satisfaction=5', headers: { 'content-type': 'text/plain' } }),
			415, 'unsupported_media_type');
		const ok = await api(url, 'POST', link.path, { body: { satisfaction: 4, comment: '修得快' } });
		assert.equal(ok.status, 200, ok.text);
		assert.deepEqual(ok.json, { recorded: true, reopened: false });
		const again = await api(url, 'POST', link.path, { body: { satisfaction: 1 } });
		assertError(again, 409, 'conflict', 'token');
		assert.match(again.json.error.message, /used/);
		assertError(await api(url, 'GET', link.path), 409, 'conflict', 'token');
		const i = (await api(url, 'GET', `/api/v1/issues/${issue.id}`, { cookie: c.workerA })).json;
		assert.equal(i.status, 'resolved');
		assert.equal(i.satisfaction, 4);
		assert.equal(i.feedback_comment, '修得快');
		const e = i.events.at(-1);
		assert.deepEqual([e.action, e.via, e.user_id, e.username, e.satisfaction, e.comment],
			['feedback', 'link', null, null, 4, '修得快']);
		// the worker cannot record a second answer for the same resolution either
		assertError(await api(url, 'POST', `/api/v1/issues/${issue.id}/events`, { cookie: c.workerA, body: { action: 'feedback', satisfaction: 5 } }),
			409, 'conflict', 'action');
	});

	it('a dissatisfied answer reopens the issue; its next resolution gets a new link', async () => {
		const { issue, link } = await resolved('水压太低');
		const r = await api(url, 'POST', link.path, { body: { satisfaction: 1, comment: '根本没修好' } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { recorded: true, reopened: true });
		let i = (await api(url, 'GET', `/api/v1/issues/${issue.id}`, { cookie: c.workerA })).json;
		assert.equal(i.status, 'reopened');
		assert.equal(i.events.at(-1).to_status, 'reopened');
		await step(c.workerA, issue.id, { action: 'accept' });
		const res = await step(c.workerA, issue.id, { action: 'resolve', note: '已加装增压泵' });
		assert.notEqual(res.feedback_link.token, link.token);
		assertError(await api(url, 'GET', link.path), 409, 'conflict', 'token');
		const page = await api(url, 'GET', res.feedback_link.path);
		assert.equal(page.status, 200, page.text);
		assert.equal(page.json.resolution, '已加装增压泵');
		assert.equal((await api(url, 'POST', res.feedback_link.path, { body: { satisfaction: 5 } })).status, 200);
		i = (await api(url, 'GET', `/api/v1/issues/${issue.id}`, { cookie: c.workerA })).json;
		assert.equal(i.status, 'resolved');
		assert.equal(i.satisfaction, 5);
	});

	it('a link is revoked when the worker records the answer or the issue is reopened', async () => {
		const a = await resolved('门禁坏');
		await step(c.workerA, a.issue.id, { action: 'feedback', satisfaction: 5 });
		const r = await api(url, 'GET', a.link.path);
		assertError(r, 409, 'conflict', 'token');
		assert.match(r.json.error.message, /no longer valid/);
		const b = await resolved('外墙渗水');
		await step(c.workerA, b.issue.id, { action: 'reopen', reason: '复查发现仍渗水' });
		assertError(await api(url, 'POST', b.link.path, { body: { satisfaction: 5 } }), 409, 'conflict', 'token');
		// a closed issue still takes the link's answer
		const d = await resolved('信箱损坏');
		await step(c.workerA, d.issue.id, { action: 'close' });
		assert.equal((await api(url, 'POST', d.link.path, { body: { satisfaction: 3 } })).status, 200);
	});

	it('an unknown token is 404 and needs no session', async () => {
		assertError(await api(url, 'GET', '/api/v1/feedback/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), 404, 'not_found', 'token');
		assertError(await api(url, 'GET', '/api/v1/feedback/short'), 404, 'not_found', 'token');
		assertError(await api(url, 'POST', '/api/v1/feedback/short', { body: { satisfaction: 3 } }), 404, 'not_found', 'token');
		assertError(await api(url, 'DELETE', '/api/v1/feedback/short'), 405, 'method_not_allowed');
	});
});
