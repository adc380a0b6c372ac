// Idempotency-Key (docs/api.md, "Idempotency-Key"): a phone's outbox retries
// a write whose answer it never got; the retry with the same key must answer
// the first answer and write nothing.
//
// The routes are taken from the route table (src/http/routes*.def): every
// POST, PATCH and PUT a worker or a committee head can reach is either
// exercised below (CASES: a first write, then a replay of its key, which must
// answer the same status, headers and body, marked `Idempotent-Replayed`, and
// leave what a user can list unchanged) or listed in NOT_BUILT with why.  A
// new write route fails this file until it is put in one or the other.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, api, assertError, listAll, tmpdir, initDb, startServer, login } from './lib/harness.mjs';
import { startVisits, addDays, A } from './lib/visits-fixture.mjs';

function readRoutes(file) {
	const out = [];
	for (const line of fs.readFileSync(path.join(REPO, 'src', file), 'utf8').split('\n')) {
		const inc = /^#include\s+"([^"]+\.def)"/.exec(line);
		if (inc) { out.push(...readRoutes(inc[1])); continue; }
		const m = /^R\(\s*(\w+),\s*"([^"]+)",\s*\w+,\s*(ROLE_\w+),/.exec(line);
		if (m) out.push({ method: m[1], pattern: m[2], role: m[3] });
	}
	return out;
}
const KEYED = readRoutes('http/routes.def').filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method) &&
	['ROLE_HELPER', 'ROLE_WORKER', 'ROLE_COMMITTEE_HEAD'].includes(r.role)).map((r) => `${r.method} ${r.pattern}`);

// Routes not exercised here, and why.  The key is handled in one place for
// every route (http/idempotency.c, around the handler), so these differ from
// the cases only in the body a test must build.
const NOT_BUILT = {
	'PATCH /api/v1/me/password': 'changing the password would end the sessions the other cases use',
	'POST /api/v1/changes/{id}/rollback': 'needs a change history fixture (register-history.test.mjs)',
	'POST /api/v1/imports': 'a file body (RF_IMPORT); its dry run is covered by the import tests',
	'POST /api/v1/imports/visits': 'a file body (RF_IMPORT)',
	'POST /api/v1/me/calendar-feed': 'makes a secret link; covered by visits-feed.test.mjs',
	'POST /api/v1/reception/roster': 'a month of the calendar fixture (visits-roster.test.mjs)',
	'PUT /api/v1/reception/roster/{date}': 'a month of the calendar fixture (visits-roster.test.mjs)',
	'PATCH /api/v1/campaigns/{id}': 'campaign settings; the campaign entry is the field write',
	'POST /api/v1/campaigns/{id}/end': 'ends the campaign the entry case uses',
	'POST /api/v1/gates': 'gate fixture (campaign-flow.test.mjs)',
	'POST /api/v1/gates/{id}/guards': 'gate fixture (campaign-flow.test.mjs)',
	'POST /api/v1/gate-entries': 'gate fixture (campaign-flow.test.mjs)',
	'POST /api/v1/duties': 'duty fixture (campaign-flow.test.mjs)',
	'POST /api/v1/duties/{id}/done': 'duty fixture (campaign-flow.test.mjs)',
	'PATCH /api/v1/surveys/{id}': 'survey settings; the survey answer is the field write',
	'POST /api/v1/surveys/{id}/links': 'makes secret links; covered by consult-surveys.test.mjs',
	'POST /api/v1/projects': 'project fixture (consult-meetings.test.mjs)',
	'POST /api/v1/projects/{id}/issues': 'project fixture (consult-meetings.test.mjs)',
	'POST /api/v1/meetings': 'meeting fixture (consult-meetings.test.mjs)',
	'PATCH /api/v1/meetings/{id}': 'meeting fixture (consult-meetings.test.mjs)',
	'PUT /api/v1/meetings/{id}/attendance': 'meeting fixture (consult-meetings.test.mjs)',
	'POST /api/v1/meetings/{id}/decisions': 'meeting fixture (consult-meetings.test.mjs)',
	'POST /api/v1/meetings/{id}/motions': 'meeting fixture (consult-meetings.test.mjs)',
	'POST /api/v1/meetings/{id}/votes': 'meeting fixture (consult-meetings.test.mjs)',
	'PUT /api/v1/party/orgs': 'party fixture (consult-party.test.mjs)',
	'PUT /api/v1/party/liaisons': 'party fixture (consult-party.test.mjs)',
	'PATCH /api/v1/volunteers/{id}': 'volunteer settings; creating one is a case',
	'POST /api/v1/teams': 'team fixture (consult-volunteers.test.mjs)',
	'PATCH /api/v1/teams/{id}': 'team fixture (consult-volunteers.test.mjs)',
	'POST /api/v1/activities': 'team fixture (consult-volunteers.test.mjs)',
	'POST /api/v1/residents/{id}/reveal': 'its only write is an audit entry, seen by the admin only; the stored answer is encrypted (docs/api.md)',
	'PATCH /api/v1/users/{id}': 'account fixture (accounts-managed.test.mjs); a retry sets the same values',
	'POST /api/v1/users/{id}/hand-over': 'moves the grid and issues the other cases use (hand-over.test.mjs)',
	'POST /api/v1/campaigns/{id}/targets/refresh': 'adds what the filter newly matches: a second run adds nothing by itself (campaign-bend.test.mjs)',
	'POST /api/v1/campaign-targets/{id}/remove': 'takes off the target the entry case uses (campaign-bend.test.mjs)',
	'POST /api/v1/attachments': 'a file body (RF_UPLOAD), through the same keyed path as every write (attachments.test.mjs)',
	'PATCH /api/v1/projects/{id}': 'project fixture (projects-flow.test.mjs)',
	'PATCH /api/v1/projects/{id}/stages': 'project fixture (projects-flow.test.mjs)',
	'PUT /api/v1/projects/{id}/signatures': 'project fixture (projects-flow.test.mjs); a retry ticks the same households',
	'POST /api/v1/projects/{id}/surveys': 'project and survey fixtures (projects-flow.test.mjs)',
	'POST /api/v1/notices': 'notice fixture with its webhook (notices-flow.test.mjs)',
	'PATCH /api/v1/notices/{id}': 'notice fixture (notices-flow.test.mjs)',
	'PUT /api/v1/committees/{code}/phone': 'a committee setting; a retry sets the same number (notices-receipts.test.mjs)',
	'POST /api/v1/issues/{id}/feedback-link': 'makes a secret link; covered by notices-receipts.test.mjs',
	'POST /api/v1/checks': 'a file body (RF_IMPORT), like the import (checking.test.mjs)',
	'POST /api/v1/checks/{id}/accept': 'a checking list fixture (checking.test.mjs)',
	'PATCH /api/v1/check-items/{id}': 'a checking list fixture; its replay with the same key is checked in checking.test.mjs',
	'POST /api/v1/imports/preview': 'a file body (RF_IMPORT) that writes nothing',
	'PUT /api/v1/import-mappings': 'a committee setting; a retry sets the same mapping (checking-mapping.test.mjs)',
};

let w, head, w1, w2, b2, H, grid, survey, camp, targets;
const count = async (p, cookie = head.cookie) => (await listAll(w.url, p, cookie)).length;
let keyNo = 0;
const newKey = () => `k-${process.pid}-${++keyNo}-${Math.random().toString(36).slice(2)}`;
const send = (method, p, { cookie, body, key }) =>
	api(w.url, method, p, { cookie, body, headers: key ? { 'Idempotency-Key': key } : {} });

// Each case: the user, a request to make once (first) and, for an update, a
// later one with another key (second) changing the same thing; observe()
// is what a user sees of it.  A replay of the first key must not change it.
const CASES = {
	'POST /api/v1/compounds': () => ({
		cookie: head.cookie,
		first: { body: { committee_code: A, name: `幂等苑${keyNo}`, kind: 'old_public' } },
		observe: () => count(`/api/v1/compounds?committee_code=${A}`),
	}),
	'PATCH /api/v1/compounds/{id}': () => ({
		cookie: head.cookie,
		path: `/api/v1/compounds/${b2.compound.id}`,
		first: { body: { property_manager: '长寿物业' } },
		second: { body: { property_manager: '普陀物业' } },
		observe: async () => (await w.get(`/api/v1/compounds/${b2.compound.id}`)).property_manager,
	}),
	'POST /api/v1/buildings': () => ({
		cookie: head.cookie,
		first: { body: { compound_id: b2.compound.id, label: `${30 + keyNo}号` } },
		observe: () => count(`/api/v1/buildings?compound_id=${b2.compound.id}`),
	}),
	'PATCH /api/v1/buildings/{id}': () => ({
		cookie: head.cookie,
		path: `/api/v1/buildings/${b2.id}`,
		first: { body: { floors: 6 } },
		second: { body: { floors: 7 } },
		observe: async () => (await w.get(`/api/v1/buildings/${b2.id}`)).floors,
	}),
	'POST /api/v1/households': () => ({
		cookie: w1.cookie,
		first: { body: { building_id: b2.id, room: `${900 + keyNo}` } },
		observe: () => count(`/api/v1/households?building_id=${b2.id}`),
	}),
	'PATCH /api/v1/households/{id}': () => ({
		cookie: w1.cookie,
		path: `/api/v1/households/${H.h101.id}`,
		first: { body: { housing_kind: 'rented' } },
		second: { body: { housing_kind: 'owned' } },
		observe: async () => (await w.get(`/api/v1/households/${H.h101.id}`)).housing_kind,
	}),
	'POST /api/v1/residents': () => ({
		cookie: w1.cookie,
		first: { body: { household_id: H.h201.id, name: '幂等一' } },
		observe: () => count(`/api/v1/residents?committee_code=${A}`),
	}),
	'PATCH /api/v1/residents/{id}': () => ({
		cookie: w1.cookie,
		path: `/api/v1/residents/${H.r101.id}`,
		first: { body: { name: '陈一甲' } },
		second: { body: { name: '陈一乙' } },
		observe: async () => (await w.get(`/api/v1/residents/${H.r101.id}`)).name,
	}),
	'POST /api/v1/tags': () => ({
		cookie: head.cookie,
		first: { body: { name: `合唱队${keyNo}`, category: 'team', committee_code: A } },
		observe: () => count('/api/v1/tags'),
	}),
	'POST /api/v1/grids': async () => ({
		cookie: head.cookie,
		first: { body: { committee_code: A, name: `网格${keyNo}`, building_ids: [], household_ids: [(await w.household(b2, `${800 + keyNo}`)).id] } },
		observe: () => count(`/api/v1/grids?committee_code=${A}`),
	}),
	'PATCH /api/v1/grids/{id}': () => ({
		cookie: head.cookie,
		path: `/api/v1/grids/${grid.id}`,
		first: { body: { name: '一网格甲' } },
		second: { body: { name: '一网格乙' } },
		observe: async () => (await w.get(`/api/v1/grids/${grid.id}`)).name,
	}),
	'POST /api/v1/grids/{id}/assignments': async () => {
		const h = await w.household(b2, `${700 + keyNo}`);
		const g = await w.grid(head.cookie, { committee_code: A, name: `新网格${keyNo}`, building_ids: [], household_ids: [h.id] });
		return {
			cookie: head.cookie,
			path: `/api/v1/grids/${g.id}/assignments`,
			first: { body: { worker_id: w2.id, start_on: addDays(w.today, -1) } },
			observe: async () => (await w.get(`/api/v1/grids/${g.id}`)),
		};
	},
	'PUT /api/v1/committees/{code}/quota': () => ({
		cookie: head.cookie,
		path: `/api/v1/committees/${A}/quota`,
		first: { body: { households_per_worker: 280 } },
		second: { body: { households_per_worker: 300 } },
		observe: async () => (await w.get(`/api/v1/reports/workload?committee_code=${A}`, head.cookie)),
	}),
	'POST /api/v1/visits': () => ({
		cookie: w1.cookie,
		first: { body: { household_id: H.h101.id, channel: 'home', observed: '屋内整洁', needs: '需要代配药' } },
		observe: () => count(`/api/v1/visits?household_id=${H.h101.id}`),
	}),
	'PATCH /api/v1/visits/{id}': async () => {
		const v = await w.visit(w1.cookie, { household_id: H.h201.id });
		return {
			cookie: w1.cookie,
			path: `/api/v1/visits/${v.id}`,
			first: { body: { needs: '助浴' } },
			second: { body: { needs: '配药' } },
			observe: async () => (await w.get(`/api/v1/visits/${v.id}`, w1.cookie)).needs,
		};
	},
	'PUT /api/v1/visit-policy': () => ({
		cookie: head.cookie,
		first: { body: { committee_code: A, tag: '老党员', interval_days: 60 } },
		second: { body: { committee_code: A, tag: '老党员', interval_days: 90 } },
		observe: async () => (await w.get(`/api/v1/visit-policy?committee_code=${A}`, head.cookie)),
	}),
	'POST /api/v1/issues': () => ({
		cookie: w1.cookie,
		first: { body: { category: 'repairs', description: '楼道顶部漏水', channel: 'office', household_id: H.h101.id } },
		observe: () => count(`/api/v1/issues?committee_code=${A}`),
	}),
	'PATCH /api/v1/issues/{id}': async () => {
		const i = (await send('POST', '/api/v1/issues', { cookie: w1.cookie,
			body: { category: 'noise', description: '夜间噪音', channel: 'office', household_id: H.h201.id } })).json;
		return {
			cookie: w1.cookie,
			path: `/api/v1/issues/${i.id}`,
			first: { body: { priority: 'urgent' } },
			second: { body: { priority: 'normal' } },
			observe: async () => (await w.get(`/api/v1/issues/${i.id}`, w1.cookie)).priority,
		};
	},
	'POST /api/v1/issues/{id}/events': async () => {
		const i = (await send('POST', '/api/v1/issues', { cookie: w1.cookie,
			body: { category: 'garbage', description: '垃圾未清运', channel: 'office', household_id: H.h201.id } })).json;
		return {
			cookie: head.cookie,
			path: `/api/v1/issues/${i.id}/events`,
			first: { body: { action: 'accept' } },
			observe: async () => (await w.get(`/api/v1/issues/${i.id}`, w1.cookie)).events.length,
		};
	},
	'POST /api/v1/surveys': () => ({
		cookie: head.cookie,
		first: { body: { committee_code: A, title: `调研${keyNo}`, questions: [{ kind: 'text', text: '建议' }], audience: {} } },
		observe: () => count(`/api/v1/surveys?committee_code=${A}`),
	}),
	'POST /api/v1/surveys/{id}/responses': () => ({
		cookie: w1.cookie,
		path: `/api/v1/surveys/${survey.id}/responses`,
		first: { body: { household_id: H.h101.id, answers: ['希望加装电梯'] } },
		observe: async () => (await w.get(`/api/v1/surveys/${survey.id}`, head.cookie)).responses,
	}),
	'POST /api/v1/campaigns': () => ({
		cookie: head.cookie,
		first: { body: { committee_code: A, name: `登记${keyNo}`, unit: 'household', filter: {},
			fields: [{ key: 'done', label: '已完成', type: 'yes_no', required: true }] } },
		observe: () => count('/api/v1/campaigns'),
	}),
	'POST /api/v1/users': () => ({
		cookie: head.cookie,
		first: { body: { username: `idem-worker-${process.pid}-${keyNo}`, password: 'idem-worker-pass-1', role: 'worker', scope: [A], display_name: '幂等社工' } },
		observe: () => count('/api/v1/users'),
	}),
	'POST /api/v1/campaigns/{id}/targets': async () => ({
		cookie: head.cookie,
		path: `/api/v1/campaigns/${camp.id}/targets`,
		first: { body: { household_id: (await w.household(b2, `${700 + keyNo}`)).id } },
		observe: async () => (await w.get(`/api/v1/campaigns/${camp.id}/progress`, head.cookie)).total,
	}),
	'PUT /api/v1/campaign-targets/{id}/entry': () => ({
		cookie: w1.cookie,
		path: `/api/v1/campaign-targets/${targets[0]}/entry`,
		first: { body: { values: { booked: true } } },
		second: { body: { values: { booked: false } } },
		observe: async () => (await w.get(`/api/v1/campaigns/${camp.id}/progress`, head.cookie)),
	}),
	'PUT /api/v1/workers/{id}/plan': () => ({
		cookie: head.cookie,
		path: `/api/v1/workers/${w1.id}/plan`,
		first: { body: { households_per_day: 8 } },
		second: { body: { households_per_day: 10 } },
		observe: async () => (await w.get('/api/v1/me/plan', w1.cookie)).capacity,
	}),
	'POST /api/v1/residents/{id}/call': async () => {
		await w.ok('PATCH', `/api/v1/residents/${H.r201.id}`, { body: { phone: '13800000009' } });
		return {
			cookie: w1.cookie,
			path: `/api/v1/residents/${H.r201.id}/call`,
			first: { body: { whom: 'resident' } },
			// the call's only write is its audit entry
			observe: async () => (await w.get('/api/v1/audit?action=call&limit=100')).items.length,
		};
	},
	'POST /api/v1/volunteers': () => ({
		cookie: w1.cookie,
		first: { body: { resident_id: H.r201.id, skills: ['理发'] } },
		observe: () => count(`/api/v1/volunteers?committee_code=${A}`),
	}),
};

describe('Idempotency-Key', () => {
	before(async () => {
		w = await startVisits();
		head = await w.user('headA', 'committee_head', A);
		w1 = await w.user('w1', 'worker', A);
		w2 = await w.user('w2', 'worker', A);
		const x = await w.compound(A, '普雄2村');
		b2 = await w.building(x, '2号');
		H = {};
		for (const room of ['101', '201', '301']) H[`h${room}`] = await w.household(b2, room);
		H.r101 = await w.resident(H.h101, '陈一');
		H.r201 = await w.resident(H.h201, '林二');
		grid = await w.grid(head.cookie, { committee_code: A, name: '一网格', building_ids: [b2.id], household_ids: [] });
		await w.assign(head.cookie, grid.id, { worker_id: w1.id, start_on: addDays(w.today, -30) });
		survey = await w.ok('POST', '/api/v1/surveys', { cookie: head.cookie, status: 201, body: {
			committee_code: A, title: '加装电梯', questions: [{ kind: 'text', text: '建议', required: true }], audience: {} } });
		camp = await w.ok('POST', '/api/v1/campaigns', { cookie: head.cookie, status: 201, body: {
			committee_code: A, name: '口罩预约', unit: 'household', filter: {},
			fields: [{ key: 'booked', label: '已预约', type: 'yes_no', required: true }] } });
		targets = (await w.get(`/api/v1/campaigns/${camp.id}/left`, w1.cookie)).items.map((i) => i.target_id);
		assert.equal(targets.length, 3, 'fixture: three households in the campaign');
	});
	after(async () => { if (w) await w.stop(); });

	it('every write route a worker or head reaches is exercised or listed with why', () => {
		assert.ok(KEYED.length > 40, `parsed only ${KEYED.length} write routes`);
		const missing = KEYED.filter((k) => !(k in CASES) && !(k in NOT_BUILT));
		assert.deepEqual(missing, [], 'write routes neither exercised nor listed in NOT_BUILT');
		for (const k of [...Object.keys(CASES), ...Object.keys(NOT_BUILT)]) {
			assert.ok(KEYED.includes(k), `${k} is not a worker/head write route of the route table`);
		}
		for (const must of ['POST /api/v1/visits', 'POST /api/v1/issues', 'POST /api/v1/surveys/{id}/responses',
			'PUT /api/v1/campaign-targets/{id}/entry']) assert.ok(must in CASES, must);
	});

	for (const route of Object.keys(CASES)) {
		it(`${route}: a replay answers the first answer and writes nothing`, async () => {
			const [method, pattern] = route.split(' ');
			const c = await CASES[route]();
			const p = c.path || pattern;
			const key = newKey();
			const before = await c.observe();
			const first = await send(method, p, { cookie: c.cookie, body: c.first.body, key });
			assert.ok(first.status >= 200 && first.status < 300, `${route}: ${first.status} ${first.text}`);
			assert.equal(first.headers.get('idempotent-replayed'), null);
			if (method === 'POST') assert.notDeepEqual(await c.observe(), before, `${route}: the first write shows`);
			if (c.second) {
				const second = await send(method, p, { cookie: c.cookie, body: c.second.body, key: newKey() });
				assert.ok(second.status >= 200 && second.status < 300, `${route} (second): ${second.text}`);
			}
			const seen = await c.observe();
			const again = await send(method, p, { cookie: c.cookie, body: c.first.body, key });
			assert.equal(again.status, first.status, again.text);
			assert.equal(again.text, first.text, `${route}: the replay's body`);
			assert.equal(again.headers.get('content-type'), first.headers.get('content-type'));
			assert.equal(again.headers.get('location'), first.headers.get('location'));
			assert.equal(again.headers.get('idempotent-replayed'), 'true');
			assert.deepEqual(await c.observe(), seen, `${route}: the replay changed what a user sees`);
		});
	}

	it('the same key with another body, method or path is 409, and nothing is written', async () => {
		const key = newKey();
		const body = { household_id: H.h301.id, channel: 'home', observed: '第一次' };
		const listed = () => count(`/api/v1/visits?household_id=${H.h301.id}`, w1.cookie);
		const first = await send('POST', '/api/v1/visits', { cookie: w1.cookie, body, key });
		assert.equal(first.status, 201, first.text);
		const n = await listed();
		const other = await send('POST', '/api/v1/visits', { cookie: w1.cookie, body: { ...body, observed: '第二次' }, key });
		assertError(other, 409, 'idempotency_conflict', 'Idempotency-Key');
		assert.match(other.json.error.message_zh, /幂等键/);
		const issue = await send('POST', '/api/v1/issues', { cookie: w1.cookie, key,
			body: { category: 'repairs', description: '漏水', channel: 'office', household_id: H.h301.id } });
		assertError(issue, 409, 'idempotency_conflict', 'Idempotency-Key');
		assert.equal(await listed(), n, 'no second visit');
		const issues = await listAll(w.url, `/api/v1/issues?committee_code=${A}`, w1.cookie);
		assert.ok(!issues.some((i) => i.description === '漏水'), 'no issue written under a used key');
	});

	it('keys are per user: another user with the same key makes a write of their own', async () => {
		const key = newKey();
		const body = { household_id: H.h101.id, channel: 'phone', observed: '电话回访' };
		const mine = await send('POST', '/api/v1/visits', { cookie: w1.cookie, body, key });
		assert.equal(mine.status, 201, mine.text);
		const theirs = await send('POST', '/api/v1/visits', { cookie: head.cookie, body, key });
		assert.equal(theirs.status, 201, theirs.text);
		assert.equal(theirs.headers.get('idempotent-replayed'), null);
		assert.notEqual(theirs.json.id, mine.json.id);
		assert.equal(theirs.json.worker_id, head.id);
	});

	it('a refused write keeps no answer: after the cause is fixed the same key writes', async () => {
		const key = newKey();
		const bad = await send('POST', '/api/v1/visits', { cookie: w1.cookie, key,
			body: { household_id: H.h101.id, channel: 'carrier pigeon' } });
		assertError(bad, 400, 'bad_field', 'channel');
		const good = await send('POST', '/api/v1/visits', { cookie: w1.cookie, key,
			body: { household_id: H.h101.id, channel: 'home' } });
		assert.equal(good.status, 201, good.text);
		assert.equal(good.headers.get('idempotent-replayed'), null);
	});

	it('a bad key is 400 naming the header, and nothing is written', async () => {
		const listed = () => count(`/api/v1/visits?household_id=${H.h201.id}`, w1.cookie);
		const n = await listed();
		for (const key of ['x'.repeat(101), 'é', 'a\tb']) {
			const r = await send('POST', '/api/v1/visits', { cookie: w1.cookie, key,
				body: { household_id: H.h201.id, channel: 'home' } });
			assertError(r, 400, 'bad_header', 'Idempotency-Key');
			assert.match(r.json.error.message_zh, /幂等键/);
		}
		// fetch refuses an empty header value on some versions: the longest good key works
		const ok = await send('POST', '/api/v1/visits', { cookie: w1.cookie, key: 'k'.repeat(100),
			body: { household_id: H.h201.id, channel: 'home' } });
		assert.equal(ok.status, 201, ok.text);
		assert.equal(await listed(), n + 1);
	});

	it('concurrent requests with one key make one write; every answer is that write', async () => {
		const key = newKey();
		const body = { household_id: H.h301.id, channel: 'home', observed: '同时重试' };
		const listed = async () => (await listAll(w.url, `/api/v1/visits?household_id=${H.h301.id}`, w1.cookie))
			.filter((v) => v.observed === '同时重试');
		const answers = await Promise.all(Array.from({ length: 8 },
			() => send('POST', '/api/v1/visits', { cookie: w1.cookie, body, key })));
		for (const r of answers) {
			assert.equal(r.status, 201, r.text);
			assert.equal(r.text, answers[0].text);
		}
		assert.equal((await listed()).length, 1, 'exactly one visit stored');
		assert.equal(answers.filter((r) => r.headers.get('idempotent-replayed') === null).length, 1);
	});
});

describe('Idempotency-Key survives a crash with its write', () => {
	let server;
	after(async () => { if (server) await server.stop(); });

	it('a write answered 201 and then SIGKILL: after the restart its key still replays it', async () => {
		const dir = await tmpdir();
		const { db } = await initDb(dir, { adminPassword: 'idem-crash-admin-1' });
		server = await startServer({ db });
		let cookie = await login(server.url, 'admin', 'idem-crash-admin-1');
		const key = `crash-${process.pid}`;
		const body = { committee_code: A, name: '断电苑', kind: 'old_public' };
		const first = await api(server.url, 'POST', '/api/v1/compounds', { cookie, body, headers: { 'Idempotency-Key': key } });
		server.kill9Now();
		assert.equal(first.status, 201, first.text);
		const e = await server.kill9();
		assert.equal(e.signal, 'SIGKILL');
		server = await startServer({ db });
		cookie = await login(server.url, 'admin', 'idem-crash-admin-1');
		const again = await api(server.url, 'POST', '/api/v1/compounds', { cookie, body, headers: { 'Idempotency-Key': key } });
		assert.equal(again.status, 201, again.text);
		assert.equal(again.text, first.text);
		assert.equal(again.headers.get('idempotent-replayed'), 'true');
		const all = await listAll(server.url, `/api/v1/compounds?committee_code=${A}`, cookie);
		assert.equal(all.filter((c) => c.name === '断电苑').length, 1, 'one compound');
	});
});
