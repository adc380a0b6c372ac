// Structural safety rails (docs/api.md, "Safety rails"): unknown or repeated
// query parameters are refused before any handler runs, a JSON route takes no
// form post, and one-line texts take no control characters.  Each refusal
// changes nothing.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { api, assertError } from './lib/harness.mjs';
import { startRegister, COMMITTEES, todayShanghai } from './lib/register-fixture.mjs';

describe('safety rails', () => {
	let ctx, url, admin, fx;

	before(async () => {
		ctx = await startRegister();
		({ url, fx } = ctx);
		admin = ctx.cookies.admin;
	});
	after(async () => {
		if (ctx) await ctx.server.stop();
	});

	const get = (path, cookie = admin) => api(url, 'GET', path, { cookie });

	describe('actions that take no body', () => {
		it('refuse a member, as an unknown field is refused anywhere, and change nothing', async () => {
			// none, or an empty object, is the action itself
			const made = await api(url, 'POST', '/api/v1/me/calendar-feed', { cookie: admin, body: {} });
			assert.equal(made.status, 201, made.text);
			const r = await api(url, 'POST', '/api/v1/me/calendar-feed', { cookie: admin, body: { regenerate: true } });
			assertError(r, 400, 'bad_field', 'regenerate');
			assert.match(r.json.error.message_zh, /不接受/);
			// a new feed would have replaced the old one: its URL still answers
			assert.equal((await api(url, 'GET', made.json.path)).status, 200, 'the feed was not replaced');
			assertError(await api(url, 'DELETE', '/api/v1/me/calendar-feed', { cookie: admin, body: { all: true } }),
				400, 'bad_field', 'all');
			assertError(await api(url, 'POST', '/api/v1/changes/1/rollback', { cookie: admin, body: { dry_run: true } }),
				400, 'bad_field', 'dry_run');
		});
	});

	describe('query parameters', () => {
		it('a mistyped filter is refused, not ignored: the whole register is not listed', async () => {
			const good = await get(`/api/v1/residents?tag_all=${encodeURIComponent('独居老人')}&limit=500`);
			assert.equal(good.status, 200, good.text);
			const all = await get('/api/v1/residents?limit=500');
			assert.ok(good.json.items.length < all.json.items.length, 'the control filter narrows the list');
			const r = await get(`/api/v1/residents?tag_al=${encodeURIComponent('独居老人')}&limit=500`);
			assertError(r, 400, 'bad_query', 'tag_al');
			assert.match(r.json.error.message, /tag_al/);
			assert.match(r.json.error.message_zh, /tag_al/);
			assert.ok(!('items' in r.json), 'no list comes with the error');
		});

		it('an export with a mistyped filter is refused and sends no file', async () => {
			const r = await get(`/api/v1/residents/export?format=csv&tag_anny=${encodeURIComponent('独居老人')}`);
			assertError(r, 400, 'bad_query', 'tag_anny');
			assert.ok(!/attachment/i.test(r.headers.get('content-disposition') || ''), 'no attachment');
		});

		it('a parameter a route does not take is refused even when another route takes it', async () => {
			// sort orders residents; households and exports do not take it
			assert.equal((await get('/api/v1/residents?sort=name')).status, 200);
			assertError(await get('/api/v1/households?sort=name'), 400, 'bad_query', 'sort');
			assertError(await get('/api/v1/residents/export?format=csv&sort=name'), 400, 'bad_query', 'sort');
			// key-persons chooses its tags itself
			assertError(await get(`/api/v1/residents/key-persons?tag_any=${encodeURIComponent('老党员')}`), 400, 'bad_query', 'tag_any');
			// a report's area filter is not a list's page
			assertError(await get(`/api/v1/reports/coverage?area=${COMMITTEES.A.code}&limit=5`), 400, 'bad_query', 'limit');
		});

		it('a parameter given twice is refused', async () => {
			const r = await get(`/api/v1/residents?committee_code=${COMMITTEES.A.code}&committee_code=${COMMITTEES.B.code}`);
			assertError(r, 400, 'bad_query', 'committee_code');
			assert.match(r.json.error.message, /more than once/);
			assertError(await get('/api/v1/residents?limit=5&limit=5'), 400, 'bad_query', 'limit');
		});

		it('a parameter without a value still counts', async () => {
			assertError(await get('/api/v1/residents?tag_al'), 400, 'bad_query', 'tag_al');
			assertError(await get('/api/v1/residents?=x'), 400, 'bad_query', '');
			// an empty query, or a stray &, names nothing
			assert.equal((await get('/api/v1/residents?')).status, 200);
			assert.equal((await get('/api/v1/residents?limit=5&')).status, 200);
		});

		it('the refusal comes before the session check and the handler', async () => {
			assertError(await get('/api/v1/residents?tag_al=x', null), 400, 'bad_query', 'tag_al');
			assertError(await get('/api/v1/residents?limit=5', null), 401, 'unauthorized');
		});

		it('health, metrics, the spec and static files take no parameters', async () => {
			assert.equal((await get('/healthz', null)).status, 200);
			assertError(await get('/healthz?verbose=1', null), 400, 'bad_query', 'verbose');
			assertError(await get('/metrics?x=1', null), 400, 'bad_query', 'x');
			assertError(await get('/api/v1/openapi.yaml?v=2', null), 400, 'bad_query', 'v');
			assert.equal((await get('/', null)).status, 200);
			assertError(await get('/?lang=en', null), 400, 'bad_query', 'lang');
			assertError(await get('/app.js?v=3', null), 400, 'bad_query', 'v');
			// a link shared in WeChat comes back with WeChat's markers
			assert.equal((await get('/?from=singlemessage&isappinstalled=0', null)).status, 200);
			assertError(await get('/?from=a&from=b', null), 400, 'bad_query', 'from');
		});

		it('a collection answered whole still takes limit, as every collection does', async () => {
			const r = await get(`/api/v1/tags?committee_code=${COMMITTEES.A.code}&limit=500`);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.next_cursor, null);
			assertError(await get('/api/v1/tags?limit=0'), 400, 'bad_query', 'limit');
			assertError(await get('/api/v1/tags?cursor=1'), 400, 'bad_query', 'cursor');
		});

		it('Open311 takes jurisdiction_id, api_key and its filters, in its own error format', async () => {
			const s = await get('/open311/v2/services.json?jurisdiction_id=shanghai.gov.cn', null);
			assert.equal(s.status, 200, s.text);
			const l = await get('/open311/v2/requests.json?jurisdiction_id=shanghai.gov.cn&status=open&start_date=2026-01-01T00:00:00Z', null);
			assert.equal(l.status, 200, l.text);
			const bad = await get('/open311/v2/requests.json?stauts=open', null);
			assert.equal(bad.status, 400, bad.text);
			assert.ok(Array.isArray(bad.json), bad.text);
			assert.equal(bad.json[0].code, 400);
			assert.match(bad.json[0].description, /stauts/);
			const xml = await get('/open311/v2/services.xml?foo=1', null);
			assert.equal(xml.status, 400);
			assert.match(xml.text, /<errors><error><code>400<\/code><description>foo: /);
		});
	});

	describe('form posts', () => {
		it('a form post to a JSON route is 415 and records nothing', async () => {
			const compound = fx.compound('A1');
			const g = await api(url, 'POST', '/api/v1/gates', { cookie: admin, body: { compound_id: compound.id, name: '东门' } });
			assert.equal(g.status, 201, g.text);
			const today = todayShanghai();
			const list = async () => (await get(`/api/v1/gate-entries?gate_id=${g.json.id}&date=${today}`)).json.items;
			const before = await list();
			const form = new URLSearchParams({ gate_id: String(g.json.id), direction: 'in', person: 'visitor', name: '访客', purpose: '探亲' });
			const r = await api(url, 'POST', '/api/v1/gate-entries', {
				cookie: admin, raw: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
			});
			assertError(r, 415, 'unsupported_media_type');
			assert.deepEqual(await list(), before, 'no gate entry was recorded');
			const users = async () => (await get('/api/v1/users?limit=500')).json.items.length;
			const n = await users();
			const u = await api(url, 'POST', '/api/v1/users', {
				cookie: admin, raw: 'username=formuser&password=form-pass-123&role=worker', headers: { 'content-type': 'application/x-www-form-urlencoded' },
			});
			assertError(u, 415, 'unsupported_media_type');
			assert.equal(await users(), n, 'no user was created');
		});
	});

	describe('control characters in texts', () => {
		const post = (path, body) => api(url, 'POST', path, { cookie: admin, body });
		const patch = (path, body) => api(url, 'PATCH', path, { cookie: admin, body });
		const compoundNames = async () => (await get(`/api/v1/compounds?committee_code=${COMMITTEES.A.code}&limit=500`)).json.items.map((c) => c.name).sort();

		it('a compound name with CR, LF, TAB, DEL or U+2028 is refused and nothing is created', async () => {
			const before = await compoundNames();
			for (const bad of ['新村\r南区', '新村\n南区', '新村\t南区', '新村\u007f', '新村\u2028南区', '新村\u0085']) {
				const r = await post('/api/v1/compounds', { committee_code: COMMITTEES.A.code, name: bad, kind: 'commercial' });
				assertError(r, 400, 'bad_field', 'name');
				assert.match(r.json.error.message, /U\+[0-9A-F]{4}/);
				assert.match(r.json.error.message_zh, /控制字符/);
			}
			assert.deepEqual(await compoundNames(), before);
			const ok = await post('/api/v1/compounds', { committee_code: COMMITTEES.A.code, name: '新村南区', kind: 'commercial' });
			assert.equal(ok.status, 201, ok.text);
		});

		it('a resident renamed with a line break is refused and keeps the name', async () => {
			const r0 = fx.resident(fx.residents[0].key);
			const before = (await get(`/api/v1/residents/${r0.id}`)).json;
			assertError(await patch(`/api/v1/residents/${r0.id}`, { name: `${before.name}\r\nX` }), 400, 'bad_field', 'name');
			// a multi-line register note keeps its line breaks, CRLF as LF
			const ok = await patch(`/api/v1/residents/${r0.id}`, { health: '高血压\r\n每月复诊' });
			assert.equal(ok.status, 200, ok.text);
			const after = (await get(`/api/v1/residents/${r0.id}`)).json;
			assert.equal(after.name, before.name);
			assert.equal(after.health, '高血压\n每月复诊');
			assertError(await patch(`/api/v1/residents/${r0.id}`, { health: '高血压\t每月复诊' }), 400, 'bad_field', 'health');
			assert.equal((await get(`/api/v1/residents/${r0.id}`)).json.health, '高血压\n每月复诊');
		});

		it('user names, tag names and grid names refuse control characters', async () => {
			const users = (await get('/api/v1/users?limit=500')).json.items.length;
			assertError(await post('/api/v1/users', { username: 'line\u2029two', password: 'rails-pass-123', role: 'worker', scope: [COMMITTEES.A.code] }), 400, 'bad_field', 'username');
			assert.equal((await get('/api/v1/users?limit=500')).json.items.length, users);
			const tags = (await get(`/api/v1/tags?committee_code=${COMMITTEES.A.code}`)).json.items.length;
			assertError(await post('/api/v1/tags', { name: '低保\t户', category: 'other', committee_code: COMMITTEES.A.code }), 400, 'bad_field', 'name');
			assert.equal((await get(`/api/v1/tags?committee_code=${COMMITTEES.A.code}`)).json.items.length, tags);
			const grids = (await get(`/api/v1/grids?committee_code=${COMMITTEES.A.code}`)).json.items.length;
			assertError(await post('/api/v1/grids', { committee_code: COMMITTEES.A.code, name: '一\n网格' }), 400, 'bad_field', 'name');
			assert.equal((await get(`/api/v1/grids?committee_code=${COMMITTEES.A.code}`)).json.items.length, grids);
		});

		it('an issue keeps the lines of its description (CRLF as LF) but not a CR in the reporter name', async () => {
			const h = fx.households[0];
			const count = async () => (await get('/api/v1/issues?limit=1')).json.total;
			const n = await count();
			assertError(await post('/api/v1/issues', { category: 'repairs', description: '漏水', channel: 'office', household_id: h.id, reporter_name: '刘\r先生' }), 400, 'bad_field', 'reporter_name');
			assertError(await post('/api/v1/issues', { category: 'repairs', description: '漏水\u0007', channel: 'office', household_id: h.id }), 400, 'bad_field', 'description');
			assert.equal(await count(), n, 'no issue was created');
			const ok = await post('/api/v1/issues', { category: 'repairs', description: '楼道漏水\r\n三楼最严重', channel: 'office', household_id: h.id, reporter_name: '刘先生' });
			assert.equal(ok.status, 201, ok.text);
			assert.equal(ok.json.description, '楼道漏水\n三楼最严重');
		});

		it('an imported name cell with a line break is rejected on its line', async () => {
			const header = ['小区', '楼号', '室号', '姓名', '性别', '出生日期', '身份证号', '手机', '与户主关系', '户籍类型', '标签'];
			const q = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
			const csv = [header, ['控制小区', '1号', '101', '张\n三', '', '', '', '', '', '', '']]
				.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
			const r = await api(url, 'POST', `/api/v1/imports?committee_code=${COMMITTEES.A.code}`, {
				cookie: admin, raw: csv, headers: { 'content-type': 'text/csv' },
			});
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.rejected, 1, r.text);
			const l = r.json.lines.find((x) => x.line === 2);
			assert.equal(l.status, 'rejected');
			assert.equal(l.field, 'name');
			assert.equal(r.json.inserted, 0);
			assert.ok(!(await compoundNames()).includes('控制小区'), 'nothing of the line was created');
		});
	});
});
