// Accounts the committee manages, and people with names (docs/accounts.md):
// a head makes, disables and re-enables its committee's workers; a street
// does the same for its committees' heads; nobody grants a role or an area
// above its own.  Users carry a display name, a title and a phone (sealed,
// answered masked), and the name is what people see.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { addUser, api, assertError, initDb, login, startServer, tmpdir, uniqueName } from './lib/harness.mjs';

const STREET = '310107015';
const A = '310107015028';
const B = '310107015029';
const OTHER_STREET_COMMITTEE = '310107014001';
const PW = 'managed-pass-123';

describe('accounts the committee manages', () => {
	let srv, db, admin, head, street, worker, headB;
	const ids = {};

	before(async () => {
		const dir = await tmpdir();
		({ db } = await initDb(dir, { adminPassword: 'admin-pass-123' }));
		for (const [k, role, scope] of [
			['head', 'committee_head', A], ['headB', 'committee_head', B],
			['street', 'street', STREET], ['worker', 'worker', A],
		]) {
			ids[k] = uniqueName(k);
			addUser(db, { username: ids[k], role, scope, password: PW });
		}
		srv = await startServer({ db });
		admin = await login(srv.url, 'admin', 'admin-pass-123');
		head = await login(srv.url, ids.head, PW);
		headB = await login(srv.url, ids.headB, PW);
		street = await login(srv.url, ids.street, PW);
		worker = await login(srv.url, ids.worker, PW);
	});
	after(async () => {
		if (srv) await srv.stop();
	});

	const users = async (cookie = admin) => (await api(srv.url, 'GET', '/api/v1/users?limit=500', { cookie })).json.items;
	const byName = async (username) => (await users()).find((u) => u.username === username);

	let made;
	it('a head makes a worker of its committee, with a name, a title and a phone', async () => {
		const username = uniqueName('wangli');
		const r = await api(srv.url, 'POST', '/api/v1/users', {
			cookie: head,
			body: { username, password: PW, role: 'worker', scope: [A], display_name: '王丽', title: 'social_worker', phone: '138-1234-5678' },
		});
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.name, '王丽', 'people see the name');
		assert.equal(r.json.display_name, '王丽');
		assert.equal(r.json.title, 'social_worker');
		assert.equal(r.json.phone, '138****5678', 'the phone is answered masked');
		assert.ok(!r.text.includes('13812345678'), 'never the clear number');
		made = r.json;
		const c = await login(srv.url, username, PW);
		const me = await api(srv.url, 'GET', '/api/v1/me', { cookie: c });
		assert.equal(me.status, 200);
		const audit = await api(srv.url, 'GET', '/api/v1/audit?entity=user&limit=100', { cookie: admin });
		const entry = audit.json.items.find((e) => e.action === 'create' && String(e.entity_id) === String(made.id));
		assert.ok(entry, 'the creation is audited');
		assert.equal(entry.user_id, (await byName(ids.head)).id, 'by the head');
		assert.ok(!JSON.stringify(entry).includes('13812345678'), 'the audit keeps no clear phone');
	});

	it('a head grants nothing above its own: no head, no other committee, no street; nothing made', async () => {
		const before = (await users()).length;
		for (const [body, field] of [
			[{ role: 'committee_head', scope: [A] }, 'role'],
			[{ role: 'street', scope: [STREET] }, 'role'],
			[{ role: 'worker', scope: [B] }, 'scope'],
			[{ role: 'worker', scope: [A, OTHER_STREET_COMMITTEE] }, 'scope'],
		]) {
			const r = await api(srv.url, 'POST', '/api/v1/users', {
				cookie: head, body: { username: uniqueName('nope'), password: PW, ...body },
			});
			assertError(r, 403, 'forbidden', field);
			assert.ok(/[\u4e00-\u9fff]/.test(r.json.error.message_zh ?? r.json.error.message ?? ''), `a Chinese message: ${r.text}`);
		}
		assert.equal((await users()).length, before, 'nothing made');
	});

	it('a worker makes no account (403)', async () => {
		const r = await api(srv.url, 'POST', '/api/v1/users', {
			cookie: worker, body: { username: uniqueName('w'), password: PW, role: 'worker', scope: [A] },
		});
		assertError(r, 403, 'forbidden');
	});

	it('a head disables a worker who left and re-enables one who came back', async () => {
		const w = await byName(ids.worker);
		const off = await api(srv.url, 'PATCH', `/api/v1/users/${w.id}`, { cookie: head, body: { disabled: true } });
		assert.equal(off.status, 200, off.text);
		assert.equal(off.json.disabled, true);
		const gone = await api(srv.url, 'GET', '/api/v1/me', { cookie: worker });
		assert.equal(gone.status, 401, 'the session ended');
		const no = await api(srv.url, 'POST', '/api/v1/session', { body: { username: ids.worker, password: PW } });
		assert.equal(no.status, 401, 'cannot log in');
		const on = await api(srv.url, 'PATCH', `/api/v1/users/${w.id}`, { cookie: head, body: { disabled: false } });
		assert.equal(on.status, 200, on.text);
		worker = await login(srv.url, ids.worker, PW);
	});

	it('a head changes no head: not another committee\'s (404), not its own account (403)', async () => {
		const hb = await byName(ids.headB);
		assertError(await api(srv.url, 'PATCH', `/api/v1/users/${hb.id}`, { cookie: head, body: { disabled: true } }), 404, 'not_found');
		const me = await byName(ids.head);
		assertError(await api(srv.url, 'PATCH', `/api/v1/users/${me.id}`, { cookie: head, body: { scope: [A, B] } }), 403, 'forbidden');
		const w = await byName(ids.worker);
		assertError(await api(srv.url, 'PATCH', `/api/v1/users/${w.id}`, { cookie: head, body: { role: 'committee_head' } }), 403, 'forbidden', 'role');
		assertError(await api(srv.url, 'PATCH', `/api/v1/users/${w.id}`, { cookie: head, body: { scope: [B] } }), 403, 'forbidden', 'scope');
		assert.equal((await byName(ids.worker)).role, 'worker', 'unchanged');
		assert.deepEqual((await byName(ids.worker)).scope, [A], 'unchanged');
		assert.equal((await byName(ids.headB)).disabled, false, 'unchanged');
	});

	it('a street makes a head for one of its committees, and not a street', async () => {
		const r = await api(srv.url, 'POST', '/api/v1/users', {
			cookie: street, body: { username: uniqueName('newhead'), password: PW, role: 'committee_head', scope: [B], display_name: '李主任', title: 'director' },
		});
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.name, '李主任');
		assertError(await api(srv.url, 'POST', '/api/v1/users', {
			cookie: street, body: { username: uniqueName('st'), password: PW, role: 'street', scope: [STREET] },
		}), 403, 'forbidden', 'role');
		const hb = await byName(ids.headB);
		const off = await api(srv.url, 'PATCH', `/api/v1/users/${hb.id}`, { cookie: street, body: { disabled: true } });
		assert.equal(off.status, 200, 'a street disables a head of its committee');
		const on = await api(srv.url, 'PATCH', `/api/v1/users/${hb.id}`, { cookie: street, body: { disabled: false } });
		assert.equal(on.status, 200);
	});

	it('the profile changes and clears; a bad one is 400 naming the member, nothing changed', async () => {
		const p = await api(srv.url, 'PATCH', `/api/v1/users/${made.id}`, { cookie: head, body: { display_name: '王丽华', phone: null } });
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.name, '王丽华');
		assert.equal(p.json.phone, null);
		assert.equal(p.json.title, 'social_worker', 'a member left out keeps its value');
		for (const [body, field] of [
			[{ title: 'boss' }, 'title'],
			[{ phone: '12345' }, 'phone'],
			[{ display_name: '长'.repeat(33) }, 'display_name'],
			[{ display_name: '   ' }, 'display_name'],
			[{ display_name: 'a\nb' }, 'display_name'],
			[{ display_name: 7 }, 'display_name'],
		]) {
			assertError(await api(srv.url, 'PATCH', `/api/v1/users/${made.id}`, { cookie: head, body }), 400, 'bad_field', field);
		}
		const now = (await api(srv.url, 'GET', `/api/v1/users/${made.id}`, { cookie: head })).json;
		assert.equal(now.name, '王丽华');
		const c = await api(srv.url, 'PATCH', `/api/v1/users/${made.id}`, { cookie: head, body: { display_name: null } });
		assert.equal(c.json.name, made.username, 'with no name given, the login shows');
	});

	it('a user is found by name', async () => {
		const r = await api(srv.url, 'GET', `/api/v1/users?q=${encodeURIComponent('李主任')}`, { cookie: street });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items.map((u) => u.name), ['李主任']);
	});
});
