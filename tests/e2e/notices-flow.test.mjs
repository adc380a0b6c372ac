// Notices to residents (公告, docs/notices.md): a head writes a notice for
// buildings, compounds or a register filter; each building's poster link
// counts its reads; the resident's page needs no login and says in words
// when a link is unknown, expired or withdrawn; delivery through the
// webhook is signed (HMAC-SHA256), retried with backoff against a receiver
// that fails its first attempts, delivered once, and survives a restart.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { describe, it, before, after } from 'node:test';
import {
	api, assertError, tmpdir, initDb, addUser, startServer, login, uniqueName, writeSecretFile, sibai, describeRun,
} from './lib/harness.mjs';
import { buildFixture, COMMITTEES, ADMIN } from './lib/register-fixture.mjs';

const A = COMMITTEES.A.code;
const B = COMMITTEES.B.code;
const SECRET = 'notice-webhook-secret-0123456789';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A webhook receiver: answers `fail` (a number of 500s) first, then 200. */
function receiver() {
	const r = { got: [], fail: 2, srv: null, url: null };
	r.srv = http.createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (d) => { body += d; });
		req.on('end', () => {
			const ok = r.fail <= 0;
			if (!ok) r.fail--;
			r.got.push({ headers: req.headers, body, url: req.url, method: req.method, answered: ok ? 200 : 500, at: Date.now() });
			res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain' });
			res.end(ok ? 'ok' : 'down');
		});
	});
	return new Promise((resolve) => r.srv.listen(0, '127.0.0.1', () => {
		r.url = `http://127.0.0.1:${r.srv.address().port}/hooks/sibai`;
		resolve(r);
	}));
}

async function until(what, pred, ms = 20000) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (pred()) return;
		await sleep(100);
	}
	assert.fail(`timed out waiting for ${what}`);
}

describe('notices: audience, poster links, read counts, webhook', () => {
	let dir, db, server, url, c, fx, hook, args, notice;
	const users = {
		headA: { username: uniqueName('nheadA'), role: 'committee_head', scope: [A], password: 'head-a-pass-12' },
		workerA: { username: uniqueName('nworkerA'), role: 'worker', scope: [A], password: 'worker-a-pass-1' },
		headB: { username: uniqueName('nheadB'), role: 'committee_head', scope: [B], password: 'head-b-pass-12' },
		workerB: { username: uniqueName('nworkerB'), role: 'worker', scope: [B], password: 'worker-b-pass-1' },
	};

	before(async () => {
		dir = await tmpdir();
		({ db } = await initDb(dir, { adminPassword: ADMIN.password }));
		for (const u of Object.values(users)) addUser(db, u);
		hook = await receiver();
		args = ['--webhook-url', hook.url, '--webhook-secret-file', writeSecretFile(dir, SECRET + '\n', 'hook')];
		server = await startServer({ db, extraArgs: args });
		url = server.url;
		c = { admin: await login(url, ADMIN.username, ADMIN.password) };
		for (const [k, u] of Object.entries(users)) c[k] = await login(url, u.username, u.password);
		fx = await buildFixture(url, c.admin);
	});
	after(async () => {
		if (server) await server.stop();
		if (hook) hook.srv.close();
	});

	const pub = (token) => api(url, 'GET', `/api/v1/notice-links/${token}`);

	it('a head writes an urgent notice for two buildings, with a meeting invitation', async () => {
		const m = await api(url, 'POST', '/api/v1/meetings', {
			cookie: c.headA, body: { committee_code: A, topic: '停水期间用水安排', held_at: '2026-12-20T19:00:00+08:00', place: '居委会' },
		});
		assert.equal(m.status, 201, m.text);
		const ph = await api(url, 'PUT', `/api/v1/committees/${A}/phone`, { cookie: c.headA, body: { phone: '021-6234 5678' } });
		assert.equal(ph.status, 200, ph.text);
		const expires = new Date(Date.now() + 2 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
		const r = await api(url, 'POST', '/api/v1/notices', {
			cookie: c.headA,
			body: {
				committee_code: A, title: '停水通知', body: '12月20日 9:00–17:00 20号、22号停水，请提前储水。', urgent: true,
				audience: { building_ids: [fx.building('A1-20').id, fx.building('A1-22').id] }, expires_at: expires, meeting_id: m.json.id,
			},
		});
		assert.equal(r.status, 201, r.text);
		notice = r.json;
		assert.equal(notice.urgent, true);
		assert.equal(notice.expires_at, expires);
		assert.equal(notice.reads, 0);
		const labels = notice.links.map((l) => l.label);
		assert.deepEqual(labels, [null, '20号', '22号'], 'the whole notice first, then each building');
		for (const l of notice.links) {
			assert.match(l.token, /^[0-9a-f]{64}$/);
			assert.equal(l.path, `/#/n/${l.token}`);
		}
		assert.equal(new Set(notice.links.map((l) => l.token)).size, 3, 'a token per building');
		// read again, the tokens are the same (a poster can be printed again)
		const again = await api(url, 'GET', `/api/v1/notices/${notice.id}`, { cookie: c.workerA });
		assert.deepEqual(again.json.links.map((l) => l.token), notice.links.map((l) => l.token));
	});

	it('the resident page needs no login and counts reads per building', async () => {
		const [all, b20, b22] = notice.links;
		let r = await pub(b20.token);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.title, '停水通知');
		assert.equal(r.json.urgent, true);
		assert.equal(r.json.committee, COMMITTEES.A.name);
		assert.equal(r.json.committee_phone, '021-6234 5678');
		assert.equal(r.json.building, `${fx.compound('A1').name}20号`);
		assert.equal(r.json.meeting.topic, '停水期间用水安排');
		assert.ok(!r.text.includes(fx.resident('r01').name), 'no names of residents');
		await pub(b20.token);
		await pub(b22.token);
		await pub(all.token);
		const got = await api(url, 'GET', `/api/v1/notices/${notice.id}`, { cookie: c.workerA });
		assert.deepEqual(got.json.links.map((l) => [l.label, l.reads]), [[null, 1], ['20号', 2], ['22号', 1]]);
		assert.equal(got.json.reads, 4);
	});

	it('an unknown and a wrong token look alike; nothing is counted', async () => {
		const unknown = await pub(crypto.randomBytes(32).toString('hex'));
		const wrong = await pub(notice.links[1].token.slice(0, 63) + (notice.links[1].token[63] === 'a' ? 'b' : 'a'));
		const junk = await pub('not-a-token');
		for (const r of [unknown, wrong, junk]) assertError(r, 404, 'not_found', 'token');
		assert.equal(unknown.json.error.message_zh, wrong.json.error.message_zh);
		const got = await api(url, 'GET', `/api/v1/notices/${notice.id}`, { cookie: c.workerA });
		assert.equal(got.json.reads, 4);
	});

	it('delivers through the webhook: signed, retried with backoff, once', async () => {
		await until('a delivery answered 200', () => hook.got.some((g) => g.answered === 200));
		const tries = hook.got.filter((g) => JSON.parse(g.body).notice.id === notice.id);
		assert.deepEqual(tries.map((g) => g.answered), [500, 500, 200]);
		assert.ok(tries[2].at - tries[1].at >= 1500, 'the second retry waited longer (backoff)');
		for (const g of tries) {
			assert.equal(g.method, 'POST');
			assert.equal(g.url, '/hooks/sibai');
			assert.equal(g.headers['content-type'], 'application/json');
			assert.equal(g.headers['x-sibai-event'], 'notice.published');
			assert.equal(g.headers['x-sibai-delivery'], tries[0].headers['x-sibai-delivery'], 'one delivery id across retries');
			const want = crypto.createHmac('sha256', SECRET).update(`${g.headers['x-sibai-timestamp']}.${g.body}`).digest('hex');
			assert.equal(g.headers['x-sibai-signature'], `sha256=${want}`);
		}
		const p = JSON.parse(tries[2].body);
		assert.equal(p.event, 'notice.published');
		assert.equal(p.notice.title, '停水通知');
		assert.equal(p.notice.urgent, true);
		assert.equal(p.notice.committee, COMMITTEES.A.name);
		assert.deepEqual(p.notice.buildings.map((b) => b.path), notice.links.slice(1).map((l) => l.path));
		await sleep(2500);
		assert.equal(hook.got.filter((g) => JSON.parse(g.body).notice.id === notice.id).length, 3, 'nothing after the success');
	});

	it('a delivery not yet made survives a restart', async () => {
		hook.fail = 1000;
		const r = await api(url, 'POST', '/api/v1/notices', {
			cookie: c.headA, body: { committee_code: A, title: '防汛提醒', body: '台风将至，请收好阳台物品。', urgent: true, audience: { compound_ids: [fx.compound('A1').id] } },
		});
		assert.equal(r.status, 201, r.text);
		const id = r.json.id;
		const labels = r.json.links.slice(1).map((l) => l.label);
		assert.deepEqual(labels, fx.buildings.filter((b) => b.compound === 'A1').map((b) => b.label).sort());
		await until('a failed attempt', () => hook.got.some((g) => JSON.parse(g.body).notice.id === id));
		await server.stop();
		server = null;
		hook.fail = 0;
		server = await startServer({ db, extraArgs: args });
		url = server.url;
		await until('the delivery after the restart', () => hook.got.some((g) => JSON.parse(g.body).notice.id === id && g.answered === 200));
		await sleep(1500);
		assert.equal(hook.got.filter((g) => JSON.parse(g.body).notice.id === id && g.answered === 200).length, 1);
	});

	it('an audience by register filter reaches the buildings of its households', async () => {
		const r = await api(url, 'POST', '/api/v1/notices', {
			cookie: c.headA, body: { committee_code: A, title: '高龄老人体检', body: '请80岁以上老人到社区卫生中心体检。', audience: { filter: { age_min: 80 } } },
		});
		assert.equal(r.status, 201, r.text);
		const want = [...new Set(fx.residents.filter((x) => x.committee_code === A && x.status === 'living' && x.age >= 80).map((x) => x.label))].sort();
		assert.deepEqual(r.json.links.slice(1).map((l) => l.label).sort(), want);
		assert.deepEqual(r.json.audience, { filter: { committee_code: A, age_min: 80 } });
		// buildings named and a compound's, together, each once
		const u = await api(url, 'POST', '/api/v1/notices', {
			cookie: c.headA, body: { committee_code: A, title: '电梯检修', body: '周三检修。', audience: { compound_ids: [fx.compound('A2').id], building_ids: [fx.building('A1-20').id, fx.building('A2-3').id] } },
		});
		assert.equal(u.status, 201, u.text);
		assert.deepEqual(u.json.links.slice(1).map((l) => l.label).sort(), ['20号', ...fx.buildings.filter((b) => b.compound === 'A2').map((b) => b.label)].sort());
	});

	it('withdrawn or expired, the page says so in words', async () => {
		let r = await api(url, 'PATCH', `/api/v1/notices/${notice.id}`, { cookie: c.headA, body: { withdrawn: true } });
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.withdrawn_at);
		r = await pub(notice.links[1].token);
		assertError(r, 409, 'conflict', 'token');
		assert.equal(r.json.error.message_zh, '这则公告已撤回');
		r = await api(url, 'PATCH', `/api/v1/notices/${notice.id}`, { cookie: c.headA, body: { withdrawn: false } });
		assert.equal(r.json.withdrawn_at, null);
		assert.equal((await pub(notice.links[1].token)).status, 200);
		assertError(await api(url, 'PATCH', `/api/v1/notices/${notice.id}`, { cookie: c.headA, body: { expires_at: '2020-01-01T00:00:00Z' } }), 400, 'bad_field', 'expires_at');
	});

	it('refuses bad notices, writing nothing', async () => {
		const before = (await api(url, 'GET', `/api/v1/notices?committee_code=${A}`, { cookie: c.headA })).json.items.length;
		const base = { committee_code: A, title: '通知', body: '内容' };
		const cases = [
			[{ ...base, title: undefined }, 'title'],
			[{ ...base, title: '标题\n两行' }, 'title'],
			[{ ...base, body: '' }, 'body'],
			[{ ...base, urgent: 'yes' }, 'urgent'],
			[{ ...base, colour: 'red' }, 'colour'],
			[{ ...base, audience: { building_ids: [fx.building('A1-20').id], compound_ids: [fx.compound('B1').id] } }, 'audience.compound_ids'],
			[{ ...base, audience: { building_ids: [fx.building('B1-8').id] } }, 'audience.building_ids'],
			[{ ...base, audience: { building_ids: [] } }, 'audience.building_ids'],
			[{ ...base, audience: { street: 1 } }, 'audience.street'],
			[{ ...base, audience: { filter: { age_min: 200 } } }, 'audience.filter.age_min'],
			[{ ...base, expires_at: '2020-01-01T00:00:00Z' }, 'expires_at'],
			[{ ...base, expires_at: 'tomorrow' }, 'expires_at'],
			[{ ...base, committee_code: B }, 'committee_code'],
		];
		for (const [body, field] of cases) {
			assertError(await api(url, 'POST', '/api/v1/notices', { cookie: c.headA, body: JSON.parse(JSON.stringify(body)) }), 400, 'bad_field', field);
		}
		const survB = await api(url, 'POST', '/api/v1/surveys', {
			cookie: c.headB, body: { committee_code: B, title: 'B', questions: [{ kind: 'text', text: '?' }], audience: {} },
		});
		assertError(await api(url, 'POST', '/api/v1/notices', { cookie: c.headA, body: { ...base, survey_id: survB.json.id } }), 400, 'bad_field', 'survey_id');
		assertError(await api(url, 'POST', '/api/v1/notices', { cookie: c.workerA, body: base }), 403, 'forbidden');
		assertError(await api(url, 'PUT', `/api/v1/committees/${A}/phone`, { cookie: c.headA, body: { phone: '<script>' } }), 400, 'bad_field', 'phone');
		assertError(await api(url, 'PUT', `/api/v1/committees/${A}/phone`, { cookie: c.workerA, body: { phone: '021' } }), 403, 'forbidden');
		const after = (await api(url, 'GET', `/api/v1/notices?committee_code=${A}`, { cookie: c.headA })).json.items.length;
		assert.equal(after, before);
	});

	it('serve refuses a webhook it cannot use, saying why', () => {
		const good = writeSecretFile(dir, SECRET, 'hook-ok');
		const open = writeSecretFile(dir, SECRET, 'hook-open');
		fs.chmodSync(open, 0o644);
		const short = writeSecretFile(dir, 'short', 'hook-short');
		const cases = [
			[['--webhook-url', hook.url], /go together/],
			[['--webhook-url', 'https://relay.example/hook', '--webhook-secret-file', good], /http:\/\//],
			[['--webhook-url', 'http://127.0.0.1:notaport/x', '--webhook-secret-file', good], /port/],
			[['--webhook-url', hook.url, '--webhook-secret-file', open], /owner only/],
			[['--webhook-url', hook.url, '--webhook-secret-file', short], /16 to 256 bytes/],
		];
		for (const [extra, why] of cases) {
			const a = ['serve', '--db', db, '--listen', '127.0.0.1:0', ...extra];
			const r = sibai(a);
			assert.equal(r.status, 2, describeRun(a, r));
			assert.match(r.stderr, why, describeRun(a, r));
		}
	});

	it('is not found outside the jurisdiction', async () => {
		assertError(await api(url, 'GET', `/api/v1/notices/${notice.id}`, { cookie: c.workerB }), 404, 'not_found');
		assertError(await api(url, 'PATCH', `/api/v1/notices/${notice.id}`, { cookie: c.headB, body: { withdrawn: true } }), 404, 'not_found');
		assertError(await api(url, 'GET', `/api/v1/notices?committee_code=${A}`, { cookie: c.workerB }), 400, 'bad_query', 'committee_code');
		const list = await api(url, 'GET', '/api/v1/notices', { cookie: c.workerB });
		assert.deepEqual(list.json.items, []);
		assertError(await api(url, 'GET', `/api/v1/committees/${A}/phone`, { cookie: c.workerB }), 404, 'not_found');
		assertError(await api(url, 'PUT', `/api/v1/committees/${A}/phone`, { cookie: c.headB, body: { phone: '021' } }), 404, 'not_found');
		const ph = await api(url, 'GET', `/api/v1/committees/${A}/phone`, { cookie: c.workerA });
		assert.deepEqual(ph.json, { committee_code: A, phone: '021-6234 5678' });
	});
});
