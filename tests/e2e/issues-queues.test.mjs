// Residents' problems: the queue of each level and its scoping (a street user
// never sees another street's issue), overdue lists per level, filters,
// ordering and cursor paging (docs/issues.md, "The queue").

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, login, assertError, listAll, uniqueName } from './lib/harness.mjs';
import { startRegister, COMMITTEES } from './lib/register-fixture.mjs';

const DISTRICT = '310107';
const OTHER_STREET = '310107014';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const daysAgo = (d) => iso(Date.now() - d * 86400e3);

describe('issues: queues, scoping and overdue lists', () => {
	let env, url, c, fx;
	const made = {}; // key → issue
	const ids = (items) => items.map((i) => i.id).sort((a, b) => a - b);
	const idsOf = (...keys) => keys.map((k) => made[k].id).sort((a, b) => a - b);

	before(async () => {
		env = await startRegister();
		({ url, cookies: c, fx } = env);
		for (const [k, role, scope] of [['district', 'district', DISTRICT], ['other', 'street', OTHER_STREET],
			['workerC', 'worker', COMMITTEES.C.code], ['headC', 'committee_head', COMMITTEES.C.code]]) {
			const u = { username: uniqueName(k), password: `${k}-pass-123456`, role, scope: [scope] };
			const r = await api(url, 'POST', '/api/v1/users', { cookie: c.admin, body: u });
			assert.equal(r.status, 201, r.text);
			c[k] = await login(url, u.username, u.password);
		}
		const create = async (key, cookie, body) => {
			const r = await api(url, 'POST', '/api/v1/issues', { cookie, body });
			assert.equal(r.status, 201, `${key}: ${r.text}`);
			made[key] = r.json;
		};
		const step = async (cookie, key, body) => {
			const r = await api(url, 'POST', `/api/v1/issues/${made[key].id}/events`, { cookie, body });
			assert.equal(r.status, 201, `${key} ${body.action}: ${r.text}`);
			made[key] = r.json;
		};
		// committee A: one fresh, one overdue (taken in 40 days ago), one escalated to the street
		await create('a1', c.workerA, { category: 'repairs', description: 'A 新', channel: 'office', committee_code: COMMITTEES.A.code });
		await create('a2', c.workerA, { category: 'garbage', description: 'A 逾期', channel: 'visit', committee_code: COMMITTEES.A.code, received_at: daysAgo(40) });
		await create('a3', c.workerA, { category: 'lift', description: 'A 上报', channel: 'office', committee_code: COMMITTEES.A.code, priority: 'urgent' });
		await step(c.headA, 'a3', { action: 'escalate', reason: '需街道协调' });
		// committee B: one overdue, one resolved
		await create('b1', c.workerB, { category: 'safety', description: 'B 逾期', channel: 'phone', committee_code: COMMITTEES.B.code, received_at: daysAgo(30) });
		await create('b2', c.workerB, { category: 'noise', description: 'B 已办结', channel: 'phone', committee_code: COMMITTEES.B.code, received_at: daysAgo(35) });
		await step(c.workerB, 'b2', { action: 'accept' });
		await step(c.workerB, 'b2', { action: 'resolve', note: '已处理' });
		// committee C (the other street): one escalated to its street, one overdue
		await create('c1', c.workerC, { category: 'noise', description: 'C 上报', channel: 'visit', committee_code: COMMITTEES.C.code });
		await step(c.headC, 'c1', { action: 'escalate', reason: '跨小区' });
		await create('c2', c.workerC, { category: 'sanitation', description: 'C 逾期', channel: 'visit', committee_code: COMMITTEES.C.code, received_at: daysAgo(20) });
		// one escalated all the way to the district
		await create('a4', c.workerA, { category: 'group_rental', description: 'A 到区', channel: 'office', committee_code: COMMITTEES.A.code });
		await step(c.headA, 'a4', { action: 'escalate', reason: 'r1' });
		await step(c.street, 'a4', { action: 'escalate', reason: 'r2' });
	});
	after(async () => {
		if (env) await env.server.stop();
	});

	it('each user sees exactly its jurisdiction', async () => {
		const all = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'c1', 'c2'];
		const want = {
			workerA: ['a1', 'a2', 'a3', 'a4'], headA: ['a1', 'a2', 'a3', 'a4'], workerB: ['b1', 'b2'],
			street: ['a1', 'a2', 'a3', 'a4', 'b1', 'b2'], other: ['c1', 'c2'], workerC: ['c1', 'c2'],
			district: all, admin: all,
		};
		for (const [who, keys] of Object.entries(want)) {
			const items = await listAll(url, '/api/v1/issues', c[who]);
			assert.deepEqual(ids(items), idsOf(...keys), `${who} sees ${keys}`);
			for (const k of all.filter((x) => !keys.includes(x))) {
				assertError(await api(url, 'GET', `/api/v1/issues/${made[k].id}`, { cookie: c[who] }), 404, 'not_found');
				assertError(await api(url, 'POST', `/api/v1/issues/${made[k].id}/events`, { cookie: c[who], body: { action: 'note', note: 'x' } }),
					404, 'not_found');
				assertError(await api(url, 'PATCH', `/api/v1/issues/${made[k].id}`, { cookie: c[who], body: { priority: 'normal' } }),
					404, 'not_found');
			}
		}
	});

	it('a street user never sees another street\'s issue, even escalated to a street', async () => {
		const street = await listAll(url, '/api/v1/issues?level=street', c.street);
		assert.deepEqual(ids(street), idsOf('a3'));
		const other = await listAll(url, '/api/v1/issues?level=street', c.other);
		assert.deepEqual(ids(other), idsOf('c1'));
		assert.deepEqual(ids(await listAll(url, '/api/v1/issues?level=district', c.district)), idsOf('a4'));
		assert.deepEqual(ids(await listAll(url, '/api/v1/issues?level=district', c.other)), []);
		assertError(await api(url, 'GET', `/api/v1/issues?area=${OTHER_STREET}`, { cookie: c.street }), 400, 'bad_query', 'area');
		assertError(await api(url, 'GET', `/api/v1/issues?committee_code=${COMMITTEES.C.code}`, { cookie: c.street }), 400, 'bad_query', 'committee_code');
	});

	it('lists the overdue issues of each level, overdue first', async () => {
		const committee = await listAll(url, '/api/v1/issues?level=committee&status=open&overdue=true', c.district);
		assert.deepEqual(ids(committee), idsOf('a2', 'b1', 'c2'));
		for (const i of committee) assert.equal(i.overdue, true);
		assert.deepEqual(ids(await listAll(url, '/api/v1/issues?level=committee&overdue=true', c.street)), idsOf('a2', 'b1'));
		assert.deepEqual(ids(await listAll(url, '/api/v1/issues?level=street&overdue=true', c.street)), []);
		assert.deepEqual(ids(await listAll(url, '/api/v1/issues?overdue=true', c.workerB)), idsOf('b1'));
		// the queue is by deadline: the overdue ones come first
		const queue = await listAll(url, '/api/v1/issues?status=open', c.street);
		const due = queue.map((i) => i.due_at);
		assert.deepEqual(due, [...due].sort(), 'ordered by due_at');
		assert.deepEqual(queue.slice(0, 2).map((i) => i.overdue), [true, true]);
		assert.ok(!queue.some((i) => i.id === made.b2.id), 'resolved is not open');
	});

	it('filters by status, category, priority, channel, area, assignee, place and dates', async () => {
		const q = async (qs, who = 'district') => ids(await listAll(url, `/api/v1/issues?${qs}`, c[who]));
		assert.deepEqual(await q('status=resolved'), idsOf('b2'));
		assert.deepEqual(await q('status=resolved,received'), idsOf('a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'c1', 'c2'));
		assert.deepEqual(await q('status=accepted,in_progress'), []);
		assert.deepEqual(await q('status=open'), idsOf('a1', 'a2', 'a3', 'a4', 'b1', 'c1', 'c2'));
		assert.deepEqual(await q('category=noise'), idsOf('b2', 'c1'));
		assert.deepEqual(await q('priority=urgent'), idsOf('a3'));
		assert.deepEqual(await q('channel=phone'), idsOf('b1', 'b2'));
		assert.deepEqual(await q(`area=${COMMITTEES.B.code}`), idsOf('b1', 'b2'));
		assert.deepEqual(await q(`area=${OTHER_STREET}`), idsOf('c1', 'c2'));
		assert.deepEqual(await q('assignee_id=me', 'workerB'), idsOf('b2'));
		assert.deepEqual(await q(`receipt_no=${made.a1.receipt_no}`), idsOf('a1'));
		const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
		const old = new Date(Date.now() + 8 * 3600e3 - 25 * 86400e3).toISOString().slice(0, 10);
		assert.deepEqual(await q(`from=${today}`), idsOf('a1', 'a3', 'a4', 'c1'));
		assert.deepEqual(await q(`to=${old}`), idsOf('a2', 'b1', 'b2'));
		const newest = await listAll(url, '/api/v1/issues?sort=newest', c.district);
		const created = newest.map((i) => i.created_at);
		assert.deepEqual(created, [...created].sort().reverse(), 'newest first');
		for (const [qs, field] of [['level=city', 'level'], ['status=done', 'status'], ['status=open,,', 'status'],
			['category=potholes', 'category'], ['priority=high', 'priority'], ['channel=fax', 'channel'],
			['overdue=yes', 'overdue'], ['sort=oldest', 'sort'], ['from=2026-13-01', 'from'], ['to=today', 'to'],
			['limit=0', 'limit'], ['cursor=abc', 'cursor'], ['household_id=x', 'household_id'], ['assignee_id=you', 'assignee_id']]) {
			assertError(await api(url, `GET`, `/api/v1/issues?${qs}`, { cookie: c.district }), 400, 'bad_query', field);
		}
		assertError(await api(url, 'GET', '/api/v1/issues'), 401, 'unauthorized');
	});

	it('pages with a cursor, with the total of the whole filter', async () => {
		for (const sort of ['due', 'newest']) {
			const seen = [];
			let cursor = null;
			for (let n = 0; n < 20; n++) {
				const r = await api(url, 'GET', `/api/v1/issues?sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
					{ cookie: c.admin });
				assert.equal(r.status, 200, r.text);
				assert.equal(r.json.total, 8);
				assert.ok(r.json.items.length <= 3);
				seen.push(...r.json.items.map((i) => i.id));
				cursor = r.json.next_cursor;
				if (cursor === null) break;
			}
			assert.deepEqual([...seen].sort((a, b) => a - b), idsOf('a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'c1', 'c2'), `${sort}: every issue once`);
			assert.equal(new Set(seen).size, 8);
		}
		const items = await api(url, 'GET', '/api/v1/issues?limit=2', { cookie: c.street });
		assert.equal(items.json.total, 6);
		assert.equal(items.json.items.length, 2);
		assert.equal(items.json.items[0].events, undefined, 'list items carry no timeline');
	});
});
