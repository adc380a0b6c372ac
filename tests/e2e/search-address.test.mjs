// Finding people at the counter (docs/register.md, "Search"): an address
// typed as people type it finds the household; lists say how many match in
// all; "not visited in N days" and the last visit, in JSON and the export.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError, listAll } from './lib/harness.mjs';
import { startVisits, addDays, at, A } from './lib/visits-fixture.mjs';

describe('finding people at the counter', () => {
	let w, head, w1, H, R;
	const names = async (q, cookie = w1.cookie) =>
		(await listAll(w.url, `/api/v1/residents?committee_code=${A}&q=${encodeURIComponent(q)}`, cookie))
			.map((r) => r.name).sort();

	before(async () => {
		w = await startVisits();
		head = await w.user('headA', 'committee_head', A);
		w1 = await w.user('w1', 'worker', A);
		const x = await w.compound(A, '普雄2村');
		const b12 = await w.building(x, '12号');
		const b3 = await w.building(x, '3号楼');
		const b4 = await w.building(x, '4号');
		H = {
			h301: await w.household(b12, '301室'),
			h302: await w.household(b12, '302室'),
			h601: await w.household(b3, '601'),
			h3201: await w.household(b4, '3-201'),
		};
		R = {
			zhang: await w.resident(H.h301, '张桂兰', { tags: ['独居老人'] }),
			li: await w.resident(H.h302, '李秀英', { tags: ['独居老人'] }),
			wang: await w.resident(H.h601, '王建国'),
			chen: await w.resident(H.h3201, '陈小红'),
		};
		// birth dates: both elders over 80
		for (const r of [R.zhang, R.li]) {
			await w.ok('PATCH', `/api/v1/residents/${r.id}`, { body: { birth_date: '1938-05-01' } });
		}
		const grid = await w.grid(head.cookie, { committee_code: A, name: '一网格', building_ids: [b12.id, b3.id, b4.id], household_ids: [] });
		await w.assign(head.cookie, grid.id, { worker_id: w1.id, start_on: addDays(w.today, -400) });
		// 张桂兰 visited today, 李秀英 40 days ago; 3号楼 and 4号 never
		await w.visit(w1.cookie, { household_id: H.h301.id });
		await w.visit(w1.cookie, { household_id: H.h302.id, visited_at: at(addDays(w.today, -40)) });
	});
	after(async () => { if (w) await w.stop(); });

	it('an address finds its household however it is typed', async () => {
		for (const q of ['12号301', '12号 301', '12号楼301', '12-301', '１２号301', '12号　301', '12号301室', '12 号 301', '12#301', '12幢301']) {
			assert.deepEqual(await names(q), ['张桂兰'], `q=${q}`);
		}
		// a building whose label is written 3号楼 in the register
		for (const q of ['3号楼601', '3号601', '3-601', '３号楼６０１']) {
			assert.deepEqual(await names(q), ['王建国'], `q=${q}`);
		}
		// a room written 3-201 in 4号
		assert.deepEqual(await names('4号3-201'), ['陈小红']);
		// short and partial
		assert.deepEqual(await names('30'), ['张桂兰', '李秀英'], 'two characters: the 30x rooms');
		assert.deepEqual(await names('普雄2村12号'), ['张桂兰', '李秀英']);
		assert.deepEqual(await names('12号 999'), [], 'no such room: nothing');
		// names still work, with a stray space
		assert.deepEqual(await names('张桂兰'), ['张桂兰']);
		assert.deepEqual(await names('张 桂兰'), ['张桂兰']);
		// households too
		const hh = await listAll(w.url, `/api/v1/households?committee_code=${A}&q=${encodeURIComponent('12号楼 302')}`, w1.cookie);
		assert.deepEqual(hh.map((h) => h.id), [H.h302.id]);
	});

	it('a list says how many match on all pages', async () => {
		for (let i = 0; i < 23; i++) await w.resident(H.h601, `王${'一二三四五六七八九十'[i % 10]}${i}`);
		const r = await w.get(`/api/v1/residents?committee_code=${A}&q=${encodeURIComponent('3号楼601')}&limit=20`, w1.cookie);
		assert.equal(r.items.length, 20);
		assert.equal(r.total, 24, '20 of 24');
		assert.equal(typeof r.next_cursor, 'string');
		const hh = await w.get(`/api/v1/households?committee_code=${A}&limit=2`, w1.cookie);
		assert.equal(hh.items.length, 2);
		assert.equal(hh.total, 4);
	});

	it('not visited in N days, and the last visit in reads and the export', async () => {
		const ids = async (p) => (await listAll(w.url, p, w1.cookie)).map((h) => h.id).sort((a, b) => a - b);
		assert.deepEqual(await ids(`/api/v1/households?committee_code=${A}&not_visited_days=30`),
			[H.h302.id, H.h601.id, H.h3201.id].sort((a, b) => a - b), 'visited 40 days ago, or never');
		assert.deepEqual(await ids(`/api/v1/households?committee_code=${A}&not_visited_days=41`),
			[H.h601.id, H.h3201.id].sort((a, b) => a - b));
		// the head's question: 独居老人 over 80 not visited for 30 days
		const lonely = await listAll(w.url, `/api/v1/residents?committee_code=${A}&tag_any=${encodeURIComponent('独居老人')}&age_min=80&not_visited_days=30`, head.cookie);
		assert.deepEqual(lonely.map((r) => r.name), ['李秀英']);
		assert.equal(lonely[0].last_visit_on, addDays(w.today, -40));
		const zhang = await w.get(`/api/v1/residents/${R.zhang.id}`, w1.cookie);
		assert.equal(zhang.last_visit_on, w.today);
		assert.equal((await w.get(`/api/v1/residents/${R.wang.id}`, w1.cookie)).last_visit_on, null);
		assert.equal((await w.get(`/api/v1/households/${H.h302.id}`, w1.cookie)).last_visit_on, addDays(w.today, -40));
		assert.equal((await w.get(`/api/v1/households/${H.h601.id}`, w1.cookie)).last_visit_on, null);
		// the export carries it
		const csv = await api(w.url, 'GET', `/api/v1/residents/export?format=csv&committee_code=${A}&tag_any=${encodeURIComponent('独居老人')}`, { cookie: head.cookie });
		assert.equal(csv.status, 200);
		const lines = csv.text.replace(/^\ufeff/, '').split(/\r?\n/);
		const header = lines[0].split(',');
		const col = header.indexOf('最近走访');
		assert.ok(col >= 0, `header: ${lines[0]}`);
		const li = lines.find((l) => l.includes('李秀英'));
		assert.equal(li.split(',')[col], addDays(w.today, -40));
		// a stored filter keeps it (a survey's audience)
		const survey = await w.ok('POST', '/api/v1/surveys', { cookie: head.cookie, status: 201, body: {
			committee_code: A, title: '回访', questions: [{ kind: 'text', text: '近况' }],
			audience: { tag_any: ['独居老人'], not_visited_days: 30 } } });
		assert.equal(survey.audience, 1);
		assert.equal(survey.audience_filter.not_visited_days, 30);
	});

	it('bad input: the number of days, a query too long', async () => {
		for (const v of ['0', '3661', 'abc', '-1', '1.5', '']) {
			const r = await w.req('GET', `/api/v1/residents?committee_code=${A}&not_visited_days=${v}`, { cookie: w1.cookie });
			assertError(r, 400, 'bad_query', 'not_visited_days');
			assert.match(r.json.error.message_zh, /天数/);
		}
		assertError(await w.req('GET', `/api/v1/households?not_visited_days=0`, { cookie: w1.cookie }), 400, 'bad_query', 'not_visited_days');
		assertError(await w.req('GET', `/api/v1/residents?q=${'1'.repeat(101)}`, { cookie: w1.cookie }), 400, 'bad_query', 'q');
		const bad = await w.req('POST', '/api/v1/surveys', { cookie: head.cookie, body: {
			committee_code: A, title: 'x', questions: [{ kind: 'text', text: '?' }], audience: { not_visited_days: 0 } } });
		assertError(bad, 400, 'bad_field', 'audience.not_visited_days');
	});
});
